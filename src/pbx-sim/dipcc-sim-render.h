/* dipcc-sim-render.h: messages to AMI text and amiws frames, warts included
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dipcc-ami-message.h"

G_BEGIN_DECLS

void      dipcc_sim_render_ami     (DipccAmiMessage *message,
                                    guint            flags,
                                    GString         *out);
char     *dipcc_sim_render_ws      (DipccAmiMessage *message,
                                    guint            flags,
                                    int              server_id,
                                    const char      *server_name,
                                    gsize           *out_len,
                                    gboolean        *out_valid_utf8);
GBytes   *dipcc_sim_ws_raw_frame   (const char      *payload,
                                    gsize            len);

G_END_DECLS
