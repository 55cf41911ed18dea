/* dipcc-json.h: checks on untrusted JSON before json-glib reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper than any answer of the PBX: json-glib recurses once per level
 * and has no limit of its own, so a body of 100 000 `[` overflows the
 * stack. */
#define DIPCC_JSON_MAX_DEPTH 64

gboolean dipcc_json_depth_is_within (const char *data,
                                     gsize       len,
                                     guint       max_depth);

G_END_DECLS
