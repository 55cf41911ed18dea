/* dipcc-ami-message-private.h: the layout the parser and decoders build into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

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
/* Makes room for one more field and @bytes more bytes of data. */
void             dipcc_ami_builder_grow    (DipccAmiBuilder *builder,
                                            gsize            bytes);
DipccAmiMessage *dipcc_ami_builder_finish  (DipccAmiBuilder *builder);

/* The events the models read, told apart once per message (see
 * dipcc_ami_message_get_event_id()). */
typedef enum {
  DIPCC_AMI_EVENT_NONE,          /* not an event, or one the models ignore */
  DIPCC_AMI_EVENT_NEWCHANNEL,
  DIPCC_AMI_EVENT_NEWSTATE,
  DIPCC_AMI_EVENT_CORE_SHOW_CHANNEL,
  DIPCC_AMI_EVENT_CORE_SHOW_CHANNELS_COMPLETE,
  DIPCC_AMI_EVENT_USER_EVENT,
  DIPCC_AMI_EVENT_DIAL_BEGIN,
  DIPCC_AMI_EVENT_DIAL_END,
  DIPCC_AMI_EVENT_DIAL,
  DIPCC_AMI_EVENT_BRIDGE_ENTER,
  DIPCC_AMI_EVENT_HOLD,
  DIPCC_AMI_EVENT_UNHOLD,
  DIPCC_AMI_EVENT_HANGUP,
  DIPCC_AMI_EVENT_ENDPOINT_LIST,
  DIPCC_AMI_EVENT_DEVICE_STATE_CHANGE,
  DIPCC_AMI_EVENT_EXTENSION_STATUS,
  DIPCC_AMI_EVENT_PEER_STATUS,
} DipccAmiEventId;

DipccAmiEventId  dipcc_ami_message_get_event_id (DipccAmiMessage *message);

/* Whether @a and @b, @len bytes each, are equal without regard to ASCII
 * case, as g_ascii_strncasecmp() but inline and without stopping at NUL. */
static inline gboolean
dipcc_ascii_equal_nocase (const char *a,
                          const char *b,
                          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar ca = (guchar) a[i];
      guchar cb = (guchar) b[i];

      /* different bytes are equal only as the two cases of one letter */
      if (ca != cb && ((ca | 0x20) != (cb | 0x20) || (guchar) ((ca | 0x20) - 'a') > 'z' - 'a'))
        return FALSE;
    }
  return TRUE;
}

/* Whether @text is all ASCII without NUL, eight bytes at a time (the last
 * eight overlap): nearly every AMI key and value is. */
static inline gboolean
dipcc_is_plain_ascii (const char *text,
                      gsize       len)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 bad = 0;
  guint64 w;

  if (len < 8)
    {
      for (gsize i = 0; i < len; i++)
        if ((guchar) (text[i] - 1) >= 0x7F)
          return FALSE;
      return TRUE;
    }
  for (gsize i = 0; i + 8 <= len; i += 8)
    {
      memcpy (&w, text + i, 8);
      /* a byte >= 0x80, or a zero byte */
      bad |= w | ((w - ones) & ~w);
    }
  memcpy (&w, text + len - 8, 8);
  bad |= w | ((w - ones) & ~w);
  return (bad & highs) == 0;
}

/* The adds are inline: the parsers call them for every line. */

static inline char *
dipcc_ami_builder_reserve (DipccAmiBuilder *builder,
                           gsize            bytes)
{
  if (G_UNLIKELY (builder->n_fields >= builder->fields_alloc ||
                  builder->data_len + bytes > builder->data_alloc))
    dipcc_ami_builder_grow (builder, bytes);
  return builder->data + builder->data_len;
}

/* Appends one field; the bytes are copied as they are (callers sanitize). */
static inline void
dipcc_ami_builder_add (DipccAmiBuilder *builder,
                       const char      *key,
                       gsize            key_len,
                       const char      *value,
                       gsize            value_len)
{
  char *at = dipcc_ami_builder_reserve (builder, key_len + value_len + 2);
  DipccAmiField *f = &builder->fields[builder->n_fields++];

  f->key = (guint32) builder->data_len;
  f->key_len = (guint32) key_len;
  f->value = (guint32) (builder->data_len + key_len + 1);
  f->value_len = (guint32) value_len;
  memcpy (at, key, key_len);
  at[key_len] = '\0';
  if (value_len > 0)
    memcpy (at + key_len + 1, value, value_len);
  at[key_len + 1 + value_len] = '\0';
  builder->data_len += key_len + value_len + 2;
}

/* Appends the field of a whole `Key: Value` line with one copy: the key is
 * @line's first @key_len bytes, the value starts at @value_at (after the
 * colon) and runs to @len. */
static inline void
dipcc_ami_builder_add_line (DipccAmiBuilder *builder,
                            const char      *line,
                            gsize            key_len,
                            gsize            value_at,
                            gsize            len)
{
  char *at = dipcc_ami_builder_reserve (builder, len + 1);
  DipccAmiField *f = &builder->fields[builder->n_fields++];

  f->key = (guint32) builder->data_len;
  f->key_len = (guint32) key_len;
  f->value = (guint32) (builder->data_len + value_at);
  f->value_len = (guint32) (len - value_at);
  memcpy (at, line, len);
  at[key_len] = '\0';
  at[len] = '\0';
  builder->data_len += len + 1;
}

G_END_DECLS
