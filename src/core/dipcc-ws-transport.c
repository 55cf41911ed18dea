/* dipcc-ws-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-ws-transport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dipcc-core-enums.h"
#include "dipcc-error.h"
#include "dipcc-text.h"
#include "dipcc-tls-pin.h"
#include "dipcc-ws-transport.h"

#define DEFAULT_TIMEOUT_S    15
/* amiws pings us after 5 s idle; our pings keep NAT and proxies open the
 * other way. Dead peers are found by the client's AMI Ping, since libsoup
 * 3.2 has no pong timeout. */
#define KEEPALIVE_INTERVAL_S 15

struct _DipccWsTransport
{
  GObject                  parent_instance;

  /* Owned */
  char                    *uri;
  char                    *server_name;
  char                    *tls_pin;
  SoupSession             *session;
  SoupWebsocketConnection *connection;
  GTask                   *connect_task;
  GCancellable            *connect_cancellable;
  GHashTable              *server_names;   /* server id → name seen in frames */
  GError                  *connection_error;

  DipccWsDialect           dialect;
  int                      server_id;
  guint                    timeout;
  guint                    connect_timeout_id;
  gulong                   caller_cancel_id;
  GCancellable            *caller_cancellable;
  gboolean                 timed_out;
};

static void dipcc_ws_transport_iface_init (DipccTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DipccWsTransport, dipcc_ws_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DIPCC_TYPE_TRANSPORT,
                                                      dipcc_ws_transport_iface_init))

enum {
  PROP_0,
  PROP_URI,
  PROP_DIALECT,
  PROP_SERVER_ID,
  PROP_SERVER_NAME,
  PROP_TLS_PIN,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- connection --------------------------------------------------------- */

static void
drop_connection (DipccWsTransport *self)
{
  g_autoptr(SoupWebsocketConnection) connection = g_steal_pointer (&self->connection);

  g_clear_error (&self->connection_error);
  if (connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (connection, self);
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  /* the last reference: libsoup closes the stream in the background */
}

static void
finish_closed (DipccWsTransport         *self,
               DipccTransportCloseFlags  flags)
{
  g_autoptr(GError) error = g_steal_pointer (&self->connection_error);

  /* a handler may drop the last reference to us */
  g_object_ref (self);
  drop_connection (self);
  g_clear_object (&self->session);
  dipcc_transport_emit_closed (DIPCC_TRANSPORT (self), error, flags);
  g_object_unref (self);
}

static void
on_ws_message (SoupWebsocketConnection *connection,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  DipccWsTransport *self = user_data;
  g_autoptr(DipccWsEnvelope) envelope = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  envelope = dipcc_ws_envelope_decode (data, len, &error);
  if (envelope == NULL)
    {
      /* a malformed frame costs that frame only */
      dipcc_transport_emit_protocol_error (DIPCC_TRANSPORT (self), error);
      return;
    }

  if (envelope->server_id < 0)
    dipcc_ami_message_set_server (envelope->message, self->server_id,
                                  envelope->server_name ? envelope->server_name
                                                        : self->server_name);
  else if (envelope->server_name != NULL &&
           g_strcmp0 (g_hash_table_lookup (self->server_names,
                                           GINT_TO_POINTER (envelope->server_id)),
                      envelope->server_name) != 0)
    g_hash_table_insert (self->server_names, GINT_TO_POINTER (envelope->server_id),
                         g_strdup (envelope->server_name));

  dipcc_transport_emit_message (DIPCC_TRANSPORT (self), envelope->message);
}

static void
on_ws_error (SoupWebsocketConnection *connection,
             GError                  *error,
             gpointer                 user_data)
{
  DipccWsTransport *self = user_data;

  g_debug ("WebSocket error: %s", error->message);

  if (g_error_matches (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_BAD_DATA))
    {
      /* libsoup closes with 1007 and would wait up to 5 s for the peer's
       * close; the link is fine, so let the client reconnect now */
      g_clear_error (&self->connection_error);
      self->connection_error =
        g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
                             _("The PBX sent text that is not valid UTF-8, and the "
                               "connection was reset; reconnecting…"));
      finish_closed (self, DIPCC_TRANSPORT_CLOSE_BAD_DATA);
      return;
    }

  if (self->connection_error != NULL)
    return;

  if (g_error_matches (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG))
    self->connection_error =
      g_error_new (DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
                   _("The PBX sent a message larger than %d bytes; reconnecting…"),
                   DIPCC_WS_ENVELOPE_MAX_FRAME);
  else
    self->connection_error =
      g_error_new (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                   _("Lost the connection to the PBX (%s); reconnecting…"),
                   error->message);
}

static void
on_ws_closed (SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  DipccWsTransport *self = user_data;
  DipccTransportCloseFlags flags = DIPCC_TRANSPORT_CLOSE_NONE;
  gushort code = soup_websocket_connection_get_close_code (connection);

  g_debug ("WebSocket closed, code %u", code);

  if (code == SOUP_WEBSOCKET_CLOSE_BAD_DATA)
    flags |= DIPCC_TRANSPORT_CLOSE_BAD_DATA;

  if (self->connection_error == NULL)
    {
      if (code == SOUP_WEBSOCKET_CLOSE_NORMAL || code == SOUP_WEBSOCKET_CLOSE_GOING_AWAY)
        flags |= DIPCC_TRANSPORT_CLOSE_BY_PEER;
      else
        self->connection_error =
          g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                               _("Lost the connection to the PBX; reconnecting…"));
    }

  finish_closed (self, flags);
}

/* ---- connecting --------------------------------------------------------- */

static void
connect_cleanup (DipccWsTransport *self)
{
  g_clear_handle_id (&self->connect_timeout_id, g_source_remove);
  if (self->caller_cancellable != NULL)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_cancel_id);
  self->caller_cancel_id = 0;
  g_clear_object (&self->caller_cancellable);
  g_clear_object (&self->connect_cancellable);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  DipccWsTransport *self = user_data;

  self->connect_timeout_id = 0;
  self->timed_out = TRUE;
  g_cancellable_cancel (self->connect_cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  GCancellable *ours = user_data;

  g_cancellable_cancel (ours);
}

static GError *
translate_connect_error (DipccWsTransport *self,
                         const GError     *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->timed_out)
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_TIMEOUT,
                        _("The PBX at %s did not answer within %u seconds"),
                        self->uri, self->timeout);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_TIMEOUT,
                        _("The PBX at %s did not answer within %u seconds"),
                        self->uri, self->timeout);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_TLS,
                        _("The TLS certificate of the PBX at %s was not accepted (%s). "
                          "Check the pinned certificate in Preferences."),
                        self->uri, error->message);
  if (error->domain == SOUP_WEBSOCKET_ERROR)
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
                        _("The server at %s did not accept a WebSocket connection (%s). "
                          "Check the address and port in Preferences."),
                        self->uri, error->message);
  return g_error_new (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                      _("Could not connect to the PBX at %s (%s)"),
                      self->uri, error->message);
}

static void
on_websocket_connected (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DipccWsTransport *self = g_task_get_source_object (task);
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);

  if (self->connect_task != task)
    return;   /* closed meanwhile: the task has been returned, @connection goes */
  g_clear_object (&self->connect_task);

  if (connection == NULL)
    {
      GError *translated = translate_connect_error (self, error);

      connect_cleanup (self);
      self->timed_out = FALSE;
      g_clear_object (&self->session);
      g_task_return_error (task, translated);
      return;
    }
  connect_cleanup (self);

  soup_websocket_connection_set_max_incoming_payload_size (connection,
                                                           DIPCC_WS_ENVELOPE_MAX_FRAME);
  soup_websocket_connection_set_keepalive_interval (connection, KEEPALIVE_INTERVAL_S);
  g_signal_connect (connection, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (connection, "error", G_CALLBACK (on_ws_error), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_ws_closed), self);
  self->connection = g_steal_pointer (&connection);

  g_debug ("Connected to %s", self->uri);
  g_task_return_boolean (task, TRUE);
}

static void
dipcc_ws_transport_connect_async (DipccTransport      *transport,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  DipccWsTransport *self = DIPCC_WS_TRANSPORT (transport);
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_ws_transport_connect_async);

  dipcc_transport_close (transport);

  message = soup_message_new ("GET", self->uri);
  if (message == NULL)
    {
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                               _("The WebSocket address “%s” is not valid. "
                                 "Check it in Preferences."),
                               self->uri);
      return;
    }

  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", self->timeout,
                                                 "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);
  if (self->tls_pin != NULL && *self->tls_pin != '\0')
    dipcc_tls_pin_attach_to_session (self->session, self->tls_pin);

  self->connect_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_cancel_id = g_cancellable_connect (cancellable,
                                                      G_CALLBACK (on_caller_cancelled),
                                                      self->connect_cancellable, NULL);
    }
  self->timed_out = FALSE;
  self->connect_timeout_id = g_timeout_add_seconds (self->timeout, on_connect_timeout, self);
  self->connect_task = g_object_ref (task);

  /* no origin, and no subprotocol: amiws echoes whatever is offered */
  soup_session_websocket_connect_async (self->session, message, NULL, NULL,
                                        G_PRIORITY_DEFAULT, self->connect_cancellable,
                                        on_websocket_connected, g_steal_pointer (&task));
}

static gboolean
dipcc_ws_transport_connect_finish (DipccTransport  *transport,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, transport), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_ws_transport_connect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
dipcc_ws_transport_send (DipccTransport   *transport,
                         DipccAmiMessage  *action,
                         int               server_id,
                         GError          **error)
{
  DipccWsTransport *self = DIPCC_WS_TRANSPORT (transport);
  g_autofree char *frame = NULL;
  const char *server_name;

  if (self->connection == NULL ||
      soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                           _("Not connected to the PBX"));
      return FALSE;
    }

  if (server_id < 0)
    server_id = self->server_id;
  server_name = g_hash_table_lookup (self->server_names, GINT_TO_POINTER (server_id));
  if (server_name == NULL && server_id == self->server_id)
    server_name = self->server_name;

  frame = dipcc_ws_envelope_encode_action (action, self->dialect, server_id, server_name,
                                           FALSE, error);
  if (frame == NULL)
    return FALSE;

  soup_websocket_connection_send_text (self->connection, frame);
  return TRUE;
}

static void
dipcc_ws_transport_close (DipccTransport *transport)
{
  DipccWsTransport *self = DIPCC_WS_TRANSPORT (transport);

  if (self->connect_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

      g_cancellable_cancel (self->connect_cancellable);
      connect_cleanup (self);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The connection was closed"));
    }
  drop_connection (self);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
}

static gboolean
dipcc_ws_transport_get_needs_login (DipccTransport *transport)
{
  /* amiws logs in to Asterisk itself */
  return FALSE;
}

static gboolean
dipcc_ws_transport_is_connected (DipccTransport *transport)
{
  DipccWsTransport *self = DIPCC_WS_TRANSPORT (transport);

  return self->connection != NULL &&
         soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

static void
dipcc_ws_transport_iface_init (DipccTransportInterface *iface)
{
  iface->connect_async = dipcc_ws_transport_connect_async;
  iface->connect_finish = dipcc_ws_transport_connect_finish;
  iface->send = dipcc_ws_transport_send;
  iface->close = dipcc_ws_transport_close;
  iface->get_needs_login = dipcc_ws_transport_get_needs_login;
  iface->is_connected = dipcc_ws_transport_is_connected;
}

/* ---- GObject ------------------------------------------------------------ */

static void
dipcc_ws_transport_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DipccWsTransport *self = DIPCC_WS_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_DIALECT:
      g_value_set_enum (value, self->dialect);
      break;
    case PROP_SERVER_ID:
      g_value_set_int (value, self->server_id);
      break;
    case PROP_SERVER_NAME:
      g_value_set_string (value, self->server_name);
      break;
    case PROP_TLS_PIN:
      g_value_set_string (value, self->tls_pin);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_ws_transport_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DipccWsTransport *self = DIPCC_WS_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_free (self->uri);
      self->uri = g_value_dup_string (value);
      break;
    case PROP_DIALECT:
      dipcc_ws_transport_set_dialect (self, g_value_get_enum (value));
      break;
    case PROP_SERVER_ID:
      dipcc_ws_transport_set_server_id (self, g_value_get_int (value));
      break;
    case PROP_SERVER_NAME:
      dipcc_ws_transport_set_server_name (self, g_value_get_string (value));
      break;
    case PROP_TLS_PIN:
      dipcc_ws_transport_set_tls_pin (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT:
      dipcc_ws_transport_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_ws_transport_dispose (GObject *object)
{
  DipccWsTransport *self = DIPCC_WS_TRANSPORT (object);

  dipcc_ws_transport_close (DIPCC_TRANSPORT (self));

  G_OBJECT_CLASS (dipcc_ws_transport_parent_class)->dispose (object);
}

static void
dipcc_ws_transport_finalize (GObject *object)
{
  DipccWsTransport *self = DIPCC_WS_TRANSPORT (object);

  g_free (self->uri);
  g_free (self->server_name);
  g_free (self->tls_pin);
  g_hash_table_unref (self->server_names);
  g_clear_error (&self->connection_error);

  G_OBJECT_CLASS (dipcc_ws_transport_parent_class)->finalize (object);
}

static void
dipcc_ws_transport_class_init (DipccWsTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dipcc_ws_transport_get_property;
  object_class->set_property = dipcc_ws_transport_set_property;
  object_class->dispose = dipcc_ws_transport_dispose;
  object_class->finalize = dipcc_ws_transport_finalize;

  /**
   * DipccWsTransport:uri:
   *
   * `ws://host:port/` or `wss://host:port/`; amiws accepts any path.
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccWsTransport:dialect:
   *
   * How actions are written; both carry `AMIServerID`.
   */
  properties[PROP_DIALECT] =
    g_param_spec_enum ("dialect", NULL, NULL,
                       DIPCC_TYPE_WS_DIALECT, DIPCC_WS_DIALECT_V3,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccWsTransport:server-id:
   *
   * The AMI server for actions sent without one, and the id given to frames
   * that carry none.
   */
  properties[PROP_SERVER_ID] =
    g_param_spec_int ("server-id", NULL, NULL,
                      0, G_MAXINT, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccWsTransport:server-name:
   *
   * `server_name` for :server-id until a frame from the server names it.
   */
  properties[PROP_SERVER_NAME] =
    g_param_spec_string ("server-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccWsTransport:tls-pin:
   *
   * The SHA-256 fingerprint of a self-signed certificate to accept for
   * `wss://`; used from the next connection on.
   */
  properties[PROP_TLS_PIN] =
    g_param_spec_string ("tls-pin", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccWsTransport:timeout:
   *
   * Seconds allowed for connecting and the handshake, and for any I/O
   * before it (libsoup has no timeout by default).
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, 600, DEFAULT_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dipcc_ws_transport_init (DipccWsTransport *self)
{
  self->dialect = DIPCC_WS_DIALECT_V3;
  self->server_id = 1;
  self->timeout = DEFAULT_TIMEOUT_S;
  self->server_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

/**
 * dipcc_ws_transport_new:
 * @uri: `ws://…` or `wss://…`
 *
 * Returns: (transfer full): a transport that is not connected yet
 */
DipccWsTransport *
dipcc_ws_transport_new (const char *uri)
{
  g_return_val_if_fail (uri != NULL, NULL);

  return g_object_new (DIPCC_TYPE_WS_TRANSPORT, "uri", uri, NULL);
}

const char *
dipcc_ws_transport_get_uri (DipccWsTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_WS_TRANSPORT (self), NULL);

  return self->uri;
}

DipccWsDialect
dipcc_ws_transport_get_dialect (DipccWsTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_WS_TRANSPORT (self), DIPCC_WS_DIALECT_V3);

  return self->dialect;
}

void
dipcc_ws_transport_set_dialect (DipccWsTransport *self,
                                DipccWsDialect    dialect)
{
  g_return_if_fail (DIPCC_IS_WS_TRANSPORT (self));

  if (self->dialect == dialect)
    return;
  self->dialect = dialect;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIALECT]);
}

int
dipcc_ws_transport_get_server_id (DipccWsTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_WS_TRANSPORT (self), 1);

  return self->server_id;
}

void
dipcc_ws_transport_set_server_id (DipccWsTransport *self,
                                  int               server_id)
{
  g_return_if_fail (DIPCC_IS_WS_TRANSPORT (self));
  g_return_if_fail (server_id >= 0);

  if (self->server_id == server_id)
    return;
  self->server_id = server_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_ID]);
}

const char *
dipcc_ws_transport_get_server_name (DipccWsTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_WS_TRANSPORT (self), NULL);

  return self->server_name;
}

void
dipcc_ws_transport_set_server_name (DipccWsTransport *self,
                                    const char       *server_name)
{
  g_return_if_fail (DIPCC_IS_WS_TRANSPORT (self));

  if (dipcc_set_str (&self->server_name, server_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_NAME]);
}

const char *
dipcc_ws_transport_get_tls_pin (DipccWsTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_WS_TRANSPORT (self), NULL);

  return self->tls_pin;
}

void
dipcc_ws_transport_set_tls_pin (DipccWsTransport *self,
                                const char       *pin)
{
  g_return_if_fail (DIPCC_IS_WS_TRANSPORT (self));

  if (dipcc_set_str (&self->tls_pin, pin))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_PIN]);
}

guint
dipcc_ws_transport_get_timeout (DipccWsTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_WS_TRANSPORT (self), DEFAULT_TIMEOUT_S);

  return self->timeout;
}

void
dipcc_ws_transport_set_timeout (DipccWsTransport *self,
                                guint             seconds)
{
  g_return_if_fail (DIPCC_IS_WS_TRANSPORT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}
