/* dipcc-phone-number.h: dialable checks and number matching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DIPCC_PHONE_NUMBER_MAX_DIGITS 32

char     *dipcc_phone_number_strip       (const char  *number);
gboolean  dipcc_phone_number_is_dialable (const char  *number);
char     *dipcc_phone_number_normalize   (const char  *number,
                                          GError     **error);
char     *dipcc_phone_number_match_key   (const char  *number);
char     *dipcc_phone_number_format      (const char  *number);
gboolean  dipcc_phone_number_equal       (const char  *a,
                                          const char  *b);

G_END_DECLS
