/* dipcc-transport.h: one connection to the PBX, whatever carries it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-ami-message.h"

G_BEGIN_DECLS

/**
 * DipccTransportCloseFlags:
 * @DIPCC_TRANSPORT_CLOSE_NONE: nothing special
 * @DIPCC_TRANSPORT_CLOSE_BAD_DATA: the WebSocket was closed with code 1007
 *   because the proxy relayed a text frame that is not UTF-8 (a caller-id
 *   name in Latin-1 or CP949): the link itself is fine, so reconnect at once
 * @DIPCC_TRANSPORT_CLOSE_BY_PEER: the peer ended the connection in an
 *   orderly way (a WebSocket close frame, or end of stream after `Goodbye`)
 *
 * What the #DipccTransport::closed signal says about how it ended.
 */
typedef enum {
  DIPCC_TRANSPORT_CLOSE_NONE = 0,
  DIPCC_TRANSPORT_CLOSE_BAD_DATA = 1 << 0,
  DIPCC_TRANSPORT_CLOSE_BY_PEER = 1 << 1,
} DipccTransportCloseFlags;

#define DIPCC_TYPE_TRANSPORT (dipcc_transport_get_type ())

G_DECLARE_INTERFACE (DipccTransport, dipcc_transport, DIPCC, TRANSPORT, GObject)

/**
 * DipccTransportInterface:
 * @connect_async: opens the connection; at most one at a time
 * @connect_finish: finishes @connect_async
 * @send: queues one action for @server_id (a negative id means the
 *   transport's default server); %FALSE when it could not be encoded or
 *   the transport is not connected
 * @close: drops the connection at once; no #DipccTransport::closed follows
 * @get_needs_login: whether the client must send `Action: Login` itself
 * @is_connected: whether a connection is open
 */
struct _DipccTransportInterface
{
  GTypeInterface parent_iface;

  void     (*connect_async)   (DipccTransport       *self,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data);
  gboolean (*connect_finish)  (DipccTransport       *self,
                               GAsyncResult         *result,
                               GError              **error);
  gboolean (*send)            (DipccTransport       *self,
                               DipccAmiMessage      *action,
                               int                   server_id,
                               GError              **error);
  void     (*close)           (DipccTransport       *self);
  gboolean (*get_needs_login) (DipccTransport       *self);
  gboolean (*is_connected)    (DipccTransport       *self);
};

void     dipcc_transport_connect_async   (DipccTransport       *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean dipcc_transport_connect_finish  (DipccTransport       *self,
                                          GAsyncResult         *result,
                                          GError              **error);
gboolean dipcc_transport_send            (DipccTransport       *self,
                                          DipccAmiMessage      *action,
                                          int                   server_id,
                                          GError              **error);
void     dipcc_transport_close           (DipccTransport       *self);
gboolean dipcc_transport_get_needs_login (DipccTransport       *self);
gboolean dipcc_transport_is_connected    (DipccTransport       *self);

/* for implementations */
void     dipcc_transport_emit_message        (DipccTransport           *self,
                                              DipccAmiMessage          *message);
void     dipcc_transport_emit_closed         (DipccTransport           *self,
                                              const GError             *error,
                                              DipccTransportCloseFlags  flags);
void     dipcc_transport_emit_protocol_error (DipccTransport           *self,
                                              const GError             *error);

G_END_DECLS
