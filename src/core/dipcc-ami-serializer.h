/* dipcc-ami-serializer.h: messages to AMI wire bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dipcc-ami-message.h"

G_BEGIN_DECLS

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
