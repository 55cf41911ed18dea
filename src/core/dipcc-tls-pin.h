/* dipcc-tls-pin.h: accepting a pinned self-signed PBX certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

char     *dipcc_tls_pin_normalize         (const char       *fingerprint,
                                           GError          **error);
char     *dipcc_tls_certificate_fingerprint (GTlsCertificate *certificate);
gboolean  dipcc_tls_certificate_matches_pin (GTlsCertificate *certificate,
                                             const char      *pin);
void      dipcc_tls_pin_attach_to_session (SoupSession      *session,
                                           const char       *pin);
void      dipcc_tls_pin_attach_to_connection (GTlsConnection *connection,
                                              const char     *pin);

G_END_DECLS
