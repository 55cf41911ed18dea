/* dipcc-ami-message-private.h: the layout the parser and decoders build into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dipcc-ami-message.h"

G_BEGIN_DECLS

/* Offsets into the data block, so that the block can grow while a message is
 * built. Keys and values are NUL-terminated inside the block. */
typedef struct {
  guint32 key;
  guint32 key_len;
  guint32 value;
  guint32 value_len;
} DipccAmiField;

/* A scratch area that the stream parser and the JSON decoder fill field by
 * field and then turn into one message with a single allocation. It is
 * reused from message to message, so the hot path does not allocate per
 * field. */
typedef struct {
  DipccAmiField *fields;
  guint          n_fields;
  guint          fields_alloc;
  char          *data;
  gsize          data_len;
  gsize          data_alloc;
} DipccAmiBuilder;

void             dipcc_ami_builder_init    (DipccAmiBuilder *builder);
void             dipcc_ami_builder_clear   (DipccAmiBuilder *builder);
void             dipcc_ami_builder_reset   (DipccAmiBuilder *builder);
/* Appends one field; the bytes are copied as they are (callers sanitize). */
void             dipcc_ami_builder_add     (DipccAmiBuilder *builder,
                                            const char      *key,
                                            gsize            key_len,
                                            const char      *value,
                                            gsize            value_len);
DipccAmiMessage *dipcc_ami_builder_finish  (DipccAmiBuilder *builder);

G_END_DECLS
