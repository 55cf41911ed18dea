/* dipcc-text.h: untrusted text made safe to keep and show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  dipcc_utf8_is_clean   (const char *text,
                                 gsize       len);
char     *dipcc_utf8_make_valid (const char *text,
                                 gssize      len,
                                 gsize      *out_len);
void      dipcc_utf8_append_valid (GString    *out,
                                   const char *text,
                                   gsize       len);
gboolean  dipcc_set_str         (char      **field,
                                 const char *value);
char     *dipcc_text_sanitize_display (const char *text,
                                       gssize      len,
                                       guint       max_chars);

G_END_DECLS
