/* dipcc-ws-transport.h: AMI in JSON over a WebSocket (amiws)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-transport.h"
#include "dipcc-ws-envelope.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_WS_TRANSPORT (dipcc_ws_transport_get_type ())

G_DECLARE_FINAL_TYPE (DipccWsTransport, dipcc_ws_transport, DIPCC, WS_TRANSPORT, GObject)

DipccWsTransport *dipcc_ws_transport_new                 (const char       *uri);

const char       *dipcc_ws_transport_get_uri             (DipccWsTransport *self);
DipccWsDialect    dipcc_ws_transport_get_dialect         (DipccWsTransport *self);
void              dipcc_ws_transport_set_dialect         (DipccWsTransport *self,
                                                          DipccWsDialect    dialect);
int               dipcc_ws_transport_get_server_id       (DipccWsTransport *self);
void              dipcc_ws_transport_set_server_id       (DipccWsTransport *self,
                                                          int               server_id);
const char       *dipcc_ws_transport_get_server_name     (DipccWsTransport *self);
void              dipcc_ws_transport_set_server_name     (DipccWsTransport *self,
                                                          const char       *server_name);
const char       *dipcc_ws_transport_get_tls_pin         (DipccWsTransport *self);
void              dipcc_ws_transport_set_tls_pin         (DipccWsTransport *self,
                                                          const char       *pin);
guint             dipcc_ws_transport_get_timeout         (DipccWsTransport *self);
void              dipcc_ws_transport_set_timeout         (DipccWsTransport *self,
                                                          guint             seconds);

G_END_DECLS
