/* dipcc-ami-serializer.h: messages to AMI wire bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dipcc-ami-message.h"

G_BEGIN_DECLS

/* Asterisk reads an action line into a 1025-byte buffer and discards a
 * longer line with its action; refuse to write one. Without the CRLF. */
#define DIPCC_AMI_MAX_ACTION_LINE 1024

gboolean  dipcc_ami_key_is_valid    (const char       *key,
                                     gsize             key_len);
gboolean  dipcc_ami_value_is_valid  (const char       *value,
                                     gsize             value_len);
gboolean  dipcc_ami_serialize       (DipccAmiMessage  *message,
                                     GString          *out,
                                     GError          **error);
GBytes   *dipcc_ami_serialize_bytes (DipccAmiMessage  *message,
                                     GError          **error);

G_END_DECLS
