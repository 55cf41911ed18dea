/* dipcc-url-template.h: screen-pop addresses with {placeholders}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest template accepted, in bytes. */
#define DIPCC_URL_TEMPLATE_MAX_LENGTH 2048
/* A value is cut to this many characters before it is encoded. */
#define DIPCC_URL_TEMPLATE_MAX_VALUE_CHARS 256

gboolean             dipcc_url_template_validate     (const char  *template_,
                                                      GError     **error);
char                *dipcc_url_template_expand       (const char  *template_,
                                                      GHashTable  *values,
                                                      GError     **error);
const char * const  *dipcc_url_template_placeholders (void);
char                *dipcc_url_template_encode_value (const char  *value);

G_END_DECLS
