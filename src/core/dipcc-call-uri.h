/* dipcc-call-uri.h: tel:, callto: and sip: links to a number to dial
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest link accepted, in bytes. */
#define DIPCC_CALL_URI_MAX_LENGTH 1024

char *dipcc_call_uri_parse (const char  *uri,
                            GError     **error);

G_END_DECLS
