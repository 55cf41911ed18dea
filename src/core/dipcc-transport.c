/* dipcc-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-transport"

#include "config.h"

#include "dipcc-core-enums.h"
#include "dipcc-transport.h"

enum {
  SIGNAL_MESSAGE,
  SIGNAL_CLOSED,
  SIGNAL_PROTOCOL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (DipccTransport, dipcc_transport, G_TYPE_OBJECT)

static void
dipcc_transport_default_init (DipccTransportInterface *iface)
{
  /**
   * DipccTransport::message:
   * @self: the transport
   * @message: an event or response, tagged with its server's id and name
   *
   * Emitted for every message received, in order.
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  DIPCC_TYPE_AMI_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * DipccTransport::closed:
   * @self: the transport
   * @error: (nullable): why, in %DIPCC_ERROR; %NULL for an orderly close
   *   by the peer
   * @flags: a #DipccTransportCloseFlags
   *
   * Emitted once when a connection ends without dipcc_transport_close()
   * having been called. The transport can be connected again from the
   * handler.
   */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE,
                  DIPCC_TYPE_TRANSPORT_CLOSE_FLAGS);

  /**
   * DipccTransport::protocol-error:
   * @self: the transport
   * @error: what was wrong with the message that was skipped
   *
   * Emitted when a frame or message could not be read and was skipped; the
   * connection goes on.
   */
  signals[SIGNAL_PROTOCOL_ERROR] =
    g_signal_new ("protocol-error",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

/**
 * dipcc_transport_connect_async:
 * @self: a transport
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when connected or failed
 * @user_data: for @callback
 *
 * Opens the connection. Errors are in %DIPCC_ERROR (NETWORK, TIMEOUT, TLS)
 * or %G_IO_ERROR_CANCELLED.
 */
void
dipcc_transport_connect_async (DipccTransport      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (DIPCC_IS_TRANSPORT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  DIPCC_TRANSPORT_GET_IFACE (self)->connect_async (self, cancellable, callback, user_data);
}

/**
 * dipcc_transport_connect_finish:
 * @self: a transport
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: whether the connection is open
 */
gboolean
dipcc_transport_connect_finish (DipccTransport  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (DIPCC_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return DIPCC_TRANSPORT_GET_IFACE (self)->connect_finish (self, result, error);
}

/**
 * dipcc_transport_send:
 * @self: a transport
 * @action: the action; not modified
 * @server_id: the AMI server to route it to, or a negative id for the
 *   transport's default one
 * @error: return location for a %DIPCC_ERROR_INVALID_INPUT or
 *   %DIPCC_ERROR_NETWORK error
 *
 * Queues @action. Writes happen in order and never block. The error never
 * quotes a value of @action (it may be a secret).
 *
 * Returns: whether @action was queued
 */
gboolean
dipcc_transport_send (DipccTransport   *self,
                      DipccAmiMessage  *action,
                      int               server_id,
                      GError          **error)
{
  g_return_val_if_fail (DIPCC_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return DIPCC_TRANSPORT_GET_IFACE (self)->send (self, action, server_id, error);
}

/**
 * dipcc_transport_close:
 * @self: a transport
 *
 * Drops the connection, or an attempt to connect, at once. No
 * #DipccTransport::closed signal follows.
 */
void
dipcc_transport_close (DipccTransport *self)
{
  g_return_if_fail (DIPCC_IS_TRANSPORT (self));

  DIPCC_TRANSPORT_GET_IFACE (self)->close (self);
}

/**
 * dipcc_transport_get_needs_login:
 * @self: a transport
 *
 * Returns: %TRUE when the client must log in to AMI itself (plain AMI over
 *   TCP); %FALSE when the proxy does it (WebSocket)
 */
gboolean
dipcc_transport_get_needs_login (DipccTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_TRANSPORT (self), FALSE);

  return DIPCC_TRANSPORT_GET_IFACE (self)->get_needs_login (self);
}

/**
 * dipcc_transport_is_connected:
 * @self: a transport
 *
 * Returns: whether a connection is open
 */
gboolean
dipcc_transport_is_connected (DipccTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_TRANSPORT (self), FALSE);

  return DIPCC_TRANSPORT_GET_IFACE (self)->is_connected (self);
}

/**
 * dipcc_transport_emit_message:
 * @self: a transport
 * @message: the message received
 *
 * For implementations: emits #DipccTransport::message.
 */
void
dipcc_transport_emit_message (DipccTransport  *self,
                              DipccAmiMessage *message)
{
  g_return_if_fail (DIPCC_IS_TRANSPORT (self));
  g_return_if_fail (message != NULL);

  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
}

/**
 * dipcc_transport_emit_closed:
 * @self: a transport
 * @error: (nullable): why
 * @flags: how
 *
 * For implementations: emits #DipccTransport::closed.
 */
void
dipcc_transport_emit_closed (DipccTransport           *self,
                             const GError             *error,
                             DipccTransportCloseFlags  flags)
{
  g_return_if_fail (DIPCC_IS_TRANSPORT (self));

  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error, flags);
}

/**
 * dipcc_transport_emit_protocol_error:
 * @self: a transport
 * @error: what was skipped
 *
 * For implementations: emits #DipccTransport::protocol-error.
 */
void
dipcc_transport_emit_protocol_error (DipccTransport *self,
                                     const GError   *error)
{
  g_return_if_fail (DIPCC_IS_TRANSPORT (self));
  g_return_if_fail (error != NULL);

  g_debug ("Skipped a message from the PBX: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_PROTOCOL_ERROR], 0, error);
}
