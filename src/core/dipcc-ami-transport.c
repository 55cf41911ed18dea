/* dipcc-ami-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-ami-transport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dipcc-ami-parser.h"
#include "dipcc-ami-serializer.h"
#include "dipcc-ami-transport.h"
#include "dipcc-error.h"
#include "dipcc-text.h"
#include "dipcc-tls-pin.h"

#define DEFAULT_TIMEOUT_S 15
#define READ_SIZE         16384

/* One TCP connection. Callbacks of its reads and writes hold a reference;
 * once the transport drops it, @self is NULL and they only clean up. */
typedef struct {
  DipccAmiTransport *self;         /* Borrowed; NULL once dropped */
  GIOStream         *stream;
  GCancellable      *cancellable;
  DipccAmiParser    *parser;
  GQueue             writes;       /* of GBytes */
  gboolean           writing;
  gboolean           goodbye;
  guint8             buffer[READ_SIZE];
} Conn;

struct _DipccAmiTransport
{
  GObject       parent_instance;

  /* Owned */
  char         *host;
  char         *server_name;
  char         *tls_pin;
  char         *banner;
  Conn         *conn;
  GTask        *connect_task;
  GCancellable *connect_cancellable;
  GCancellable *caller_cancellable;

  guint16       port;
  gboolean      use_tls;
  int           server_id;
  guint         timeout;
  gulong        caller_cancel_id;
};

static void dipcc_ami_transport_iface_init (DipccTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DipccAmiTransport, dipcc_ami_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (DIPCC_TYPE_TRANSPORT,
                                                      dipcc_ami_transport_iface_init))

enum {
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_USE_TLS,
  PROP_SERVER_ID,
  PROP_SERVER_NAME,
  PROP_TLS_PIN,
  PROP_TIMEOUT,
  PROP_BANNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- connection --------------------------------------------------------- */

static void
conn_clear (Conn *conn)
{
  g_clear_object (&conn->stream);
  g_clear_object (&conn->cancellable);
  g_clear_pointer (&conn->parser, dipcc_ami_parser_free);
  g_queue_clear_full (&conn->writes, (GDestroyNotify) g_bytes_unref);
}

static Conn *
conn_ref (Conn *conn)
{
  return g_rc_box_acquire (conn);
}

static void
conn_unref (Conn *conn)
{
  g_rc_box_release_full (conn, (GDestroyNotify) conn_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conn, conn_unref)

static void
drop_conn (DipccAmiTransport *self)
{
  Conn *conn = g_steal_pointer (&self->conn);

  if (conn == NULL)
    return;

  conn->self = NULL;
  g_cancellable_cancel (conn->cancellable);
  /* a TLS close may want to write close_notify: never wait for it here */
  g_io_stream_close_async (conn->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  conn_unref (conn);
}

static void
conn_lost (Conn         *conn,
           GError       *error,
           DipccTransportCloseFlags flags)
{
  g_autoptr(DipccAmiTransport) self = g_object_ref (conn->self);

  drop_conn (self);
  dipcc_transport_emit_closed (DIPCC_TRANSPORT (self), error, flags);
}

static void
on_parser_message (DipccAmiMessage *message,
                   gpointer         user_data)
{
  Conn *conn = user_data;
  DipccAmiTransport *self = conn->self;

  if (self != NULL)
    {
      if (dipcc_ami_message_is_response (message, "Goodbye"))
        conn->goodbye = TRUE;
      dipcc_ami_message_set_server (message, self->server_id,
                                    self->server_name ? self->server_name : self->host);
      dipcc_transport_emit_message (DIPCC_TRANSPORT (self), message);
    }
  dipcc_ami_message_unref (message);
}

static void
on_parser_banner (const char *banner,
                  gpointer    user_data)
{
  Conn *conn = user_data;
  DipccAmiTransport *self = conn->self;

  if (self == NULL || g_strcmp0 (self->banner, banner) == 0)
    return;
  g_free (self->banner);
  self->banner = g_strdup (banner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BANNER]);
}

static void
on_parser_error (const GError *error,
                 gpointer      user_data)
{
  Conn *conn = user_data;

  if (conn->self != NULL)
    dipcc_transport_emit_protocol_error (DIPCC_TRANSPORT (conn->self), error);
}

static const DipccAmiParserCallbacks parser_callbacks = {
  on_parser_message,
  on_parser_banner,
  on_parser_error,
};

static void start_read (Conn *conn);
static void start_write (Conn *conn);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Conn) conn = user_data;
  g_autoptr(GError) error = NULL;
  DipccAmiTransport *self;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (conn->self == NULL)
    return;

  if (n < 0)
    {
      g_autoptr(GError) lost = NULL;

      g_debug ("Read failed: %s", error->message);
      lost = g_error_new (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                          _("Lost the connection to the PBX (%s); reconnecting…"),
                          error->message);
      conn_lost (conn, lost, DIPCC_TRANSPORT_CLOSE_NONE);
      return;
    }

  if (n == 0)
    {
      g_autoptr(GError) lost = NULL;

      g_debug ("The PBX closed the connection");
      if (conn->goodbye)
        {
          conn_lost (conn, NULL, DIPCC_TRANSPORT_CLOSE_BY_PEER);
          return;
        }
      lost = g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                                  _("Lost the connection to the PBX; reconnecting…"));
      conn_lost (conn, lost, DIPCC_TRANSPORT_CLOSE_NONE);
      return;
    }

  /* a handler may drop the connection, or the last reference to us */
  self = g_object_ref (conn->self);
  dipcc_ami_parser_feed (conn->parser, (const char *) conn->buffer, n);
  g_object_unref (self);

  if (conn->self != NULL)
    start_read (conn);
}

static void
start_read (Conn *conn)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (conn->stream),
                             conn->buffer, sizeof conn->buffer,
                             G_PRIORITY_DEFAULT, conn->cancellable,
                             on_read, conn_ref (conn));
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Conn) conn = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  conn->writing = FALSE;
  if (conn->self == NULL)
    return;

  if (error != NULL)
    {
      g_autoptr(GError) lost = NULL;

      g_debug ("Write failed: %s", error->message);
      lost = g_error_new (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                          _("Lost the connection to the PBX (%s); reconnecting…"),
                          error->message);
      conn_lost (conn, lost, DIPCC_TRANSPORT_CLOSE_NONE);
      return;
    }

  g_bytes_unref (g_queue_pop_head (&conn->writes));
  start_write (conn);
}

static void
start_write (Conn *conn)
{
  GBytes *bytes;
  gsize len;
  gconstpointer data;

  if (conn->writing || g_queue_is_empty (&conn->writes))
    return;

  bytes = g_queue_peek_head (&conn->writes);
  data = g_bytes_get_data (bytes, &len);
  conn->writing = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (conn->stream),
                                   data, len, G_PRIORITY_DEFAULT, conn->cancellable,
                                   on_written, conn_ref (conn));
}

/* ---- connecting --------------------------------------------------------- */

static void
connect_cleanup (DipccAmiTransport *self)
{
  if (self->caller_cancellable != NULL)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_cancel_id);
  self->caller_cancel_id = 0;
  g_clear_object (&self->caller_cancellable);
  g_clear_object (&self->connect_cancellable);
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
on_client_event (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 gpointer            user_data)
{
  const char *pin = user_data;

  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING && G_IS_TLS_CONNECTION (connection))
    dipcc_tls_pin_attach_to_connection (G_TLS_CONNECTION (connection), pin);
}

static GError *
translate_connect_error (DipccAmiTransport *self,
                         const GError      *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_TIMEOUT,
                        _("The PBX at %s:%u did not answer within %u seconds"),
                        self->host, self->port, self->timeout);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_TLS,
                        _("The TLS certificate of the PBX at %s:%u was not accepted (%s). "
                          "Check the pinned certificate in Preferences."),
                        self->host, self->port, error->message);
  return g_error_new (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                      _("Could not connect to the PBX at %s:%u (%s)"),
                      self->host, self->port, error->message);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DipccAmiTransport *self = g_task_get_source_object (task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;
  Conn *conn;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result,
                                                       &error);
  if (self->connect_task != task)
    return;   /* closed meanwhile; the task has been returned */
  g_clear_object (&self->connect_task);
  connect_cleanup (self);

  if (connection == NULL)
    {
      g_task_return_error (task, translate_connect_error (self, error));
      return;
    }

  /* the client's timeout was for connecting; an idle AMI link is normal */
  socket = g_socket_connection_get_socket (connection);
  g_socket_set_timeout (socket, 0);
  g_socket_set_keepalive (socket, TRUE);

  conn = g_rc_box_new0 (Conn);
  conn->self = self;
  conn->stream = G_IO_STREAM (g_steal_pointer (&connection));
  conn->cancellable = g_cancellable_new ();
  conn->parser = dipcc_ami_parser_new (&parser_callbacks, conn);
  g_queue_init (&conn->writes);
  self->conn = conn;
  start_read (conn);

  g_debug ("Connected to %s:%u", self->host, self->port);
  g_task_return_boolean (task, TRUE);
}

static void
dipcc_ami_transport_connect_async (DipccTransport      *transport,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  DipccAmiTransport *self = DIPCC_AMI_TRANSPORT (transport);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketClient) client = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_ami_transport_connect_async);

  dipcc_transport_close (transport);

  if (self->host == NULL || *self->host == '\0' || self->port == 0)
    {
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                               _("The PBX address or port is missing. "
                                 "Set it in Preferences."));
      return;
    }

  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, self->timeout);
  if (self->use_tls)
    {
      g_socket_client_set_tls (client, TRUE);
      if (self->tls_pin != NULL && *self->tls_pin != '\0')
        g_signal_connect_data (client, "event", G_CALLBACK (on_client_event),
                               g_strdup (self->tls_pin), (GClosureNotify) g_free, 0);
    }

  self->connect_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_cancel_id = g_cancellable_connect (cancellable,
                                                      G_CALLBACK (on_caller_cancelled),
                                                      self->connect_cancellable, NULL);
    }
  self->connect_task = g_object_ref (task);

  g_socket_client_connect_to_host_async (client, self->host, self->port,
                                         self->connect_cancellable,
                                         on_connected, g_steal_pointer (&task));
}

static gboolean
dipcc_ami_transport_connect_finish (DipccTransport  *transport,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, transport), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_ami_transport_connect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
dipcc_ami_transport_send (DipccTransport   *transport,
                          DipccAmiMessage  *action,
                          int               server_id,
                          GError          **error)
{
  DipccAmiTransport *self = DIPCC_AMI_TRANSPORT (transport);
  GBytes *bytes;

  if (self->conn == NULL)
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                           _("Not connected to the PBX"));
      return FALSE;
    }

  /* one connection is one server: @server_id has nothing to route */
  bytes = dipcc_ami_serialize_bytes (action, error);
  if (bytes == NULL)
    return FALSE;

  g_queue_push_tail (&self->conn->writes, bytes);
  start_write (self->conn);
  return TRUE;
}

static void
dipcc_ami_transport_close (DipccTransport *transport)
{
  DipccAmiTransport *self = DIPCC_AMI_TRANSPORT (transport);

  if (self->connect_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

      g_cancellable_cancel (self->connect_cancellable);
      connect_cleanup (self);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The connection was closed"));
    }
  drop_conn (self);
}

static gboolean
dipcc_ami_transport_get_needs_login (DipccTransport *transport)
{
  return TRUE;
}

static gboolean
dipcc_ami_transport_is_connected (DipccTransport *transport)
{
  return DIPCC_AMI_TRANSPORT (transport)->conn != NULL;
}

static void
dipcc_ami_transport_iface_init (DipccTransportInterface *iface)
{
  iface->connect_async = dipcc_ami_transport_connect_async;
  iface->connect_finish = dipcc_ami_transport_connect_finish;
  iface->send = dipcc_ami_transport_send;
  iface->close = dipcc_ami_transport_close;
  iface->get_needs_login = dipcc_ami_transport_get_needs_login;
  iface->is_connected = dipcc_ami_transport_is_connected;
}

/* ---- GObject ------------------------------------------------------------ */

static void
dipcc_ami_transport_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DipccAmiTransport *self = DIPCC_AMI_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_USE_TLS:
      g_value_set_boolean (value, self->use_tls);
      break;
    case PROP_SERVER_ID:
      g_value_set_int (value, self->server_id);
      break;
    case PROP_SERVER_NAME:
      g_value_set_string (value, dipcc_ami_transport_get_server_name (self));
      break;
    case PROP_TLS_PIN:
      g_value_set_string (value, self->tls_pin);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_BANNER:
      g_value_set_string (value, self->banner);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_ami_transport_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DipccAmiTransport *self = DIPCC_AMI_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_free (self->host);
      self->host = g_value_dup_string (value);
      break;
    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;
    case PROP_USE_TLS:
      self->use_tls = g_value_get_boolean (value);
      break;
    case PROP_SERVER_ID:
      dipcc_ami_transport_set_server_id (self, g_value_get_int (value));
      break;
    case PROP_SERVER_NAME:
      dipcc_ami_transport_set_server_name (self, g_value_get_string (value));
      break;
    case PROP_TLS_PIN:
      dipcc_ami_transport_set_tls_pin (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT:
      dipcc_ami_transport_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_ami_transport_dispose (GObject *object)
{
  dipcc_ami_transport_close (DIPCC_TRANSPORT (object));

  G_OBJECT_CLASS (dipcc_ami_transport_parent_class)->dispose (object);
}

static void
dipcc_ami_transport_finalize (GObject *object)
{
  DipccAmiTransport *self = DIPCC_AMI_TRANSPORT (object);

  g_free (self->host);
  g_free (self->server_name);
  g_free (self->tls_pin);
  g_free (self->banner);

  G_OBJECT_CLASS (dipcc_ami_transport_parent_class)->finalize (object);
}

static void
dipcc_ami_transport_class_init (DipccAmiTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dipcc_ami_transport_get_property;
  object_class->set_property = dipcc_ami_transport_set_property;
  object_class->dispose = dipcc_ami_transport_dispose;
  object_class->finalize = dipcc_ami_transport_finalize;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 5038,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_USE_TLS] =
    g_param_spec_boolean ("use-tls", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccAmiTransport:server-id:
   *
   * The id every message from this connection is tagged with.
   */
  properties[PROP_SERVER_ID] =
    g_param_spec_int ("server-id", NULL, NULL,
                      0, G_MAXINT, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccAmiTransport:server-name:
   *
   * The name messages are tagged with; the host when unset.
   */
  properties[PROP_SERVER_NAME] =
    g_param_spec_string ("server-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TLS_PIN] =
    g_param_spec_string ("tls-pin", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccAmiTransport:timeout:
   *
   * Seconds allowed for connecting and the TLS handshake.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, 600, DEFAULT_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccAmiTransport:banner:
   *
   * The greeting of the last connection, e.g. `Asterisk Call Manager/5.0.1`.
   */
  properties[PROP_BANNER] =
    g_param_spec_string ("banner", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dipcc_ami_transport_init (DipccAmiTransport *self)
{
  self->port = 5038;
  self->server_id = 1;
  self->timeout = DEFAULT_TIMEOUT_S;
}

/**
 * dipcc_ami_transport_new:
 * @host: the PBX host name or address
 * @port: the AMI port (5038 on stock Asterisk, 5500 on DIPCC)
 * @use_tls: whether to speak TLS
 *
 * Returns: (transfer full): a transport that is not connected yet
 */
DipccAmiTransport *
dipcc_ami_transport_new (const char *host,
                         guint16     port,
                         gboolean    use_tls)
{
  g_return_val_if_fail (host != NULL, NULL);

  return g_object_new (DIPCC_TYPE_AMI_TRANSPORT,
                       "host", host,
                       "port", (guint) port,
                       "use-tls", use_tls,
                       NULL);
}

const char *
dipcc_ami_transport_get_host (DipccAmiTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_AMI_TRANSPORT (self), NULL);

  return self->host;
}

guint16
dipcc_ami_transport_get_port (DipccAmiTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_AMI_TRANSPORT (self), 0);

  return self->port;
}

gboolean
dipcc_ami_transport_get_use_tls (DipccAmiTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_AMI_TRANSPORT (self), FALSE);

  return self->use_tls;
}

/**
 * dipcc_ami_transport_get_banner:
 *
 * Returns: (nullable): the greeting of the last connection
 */
const char *
dipcc_ami_transport_get_banner (DipccAmiTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_AMI_TRANSPORT (self), NULL);

  return self->banner;
}

int
dipcc_ami_transport_get_server_id (DipccAmiTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_AMI_TRANSPORT (self), 1);

  return self->server_id;
}

void
dipcc_ami_transport_set_server_id (DipccAmiTransport *self,
                                   int                server_id)
{
  g_return_if_fail (DIPCC_IS_AMI_TRANSPORT (self));
  g_return_if_fail (server_id >= 0);

  if (self->server_id == server_id)
    return;
  self->server_id = server_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_ID]);
}

const char *
dipcc_ami_transport_get_server_name (DipccAmiTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_AMI_TRANSPORT (self), NULL);

  return self->server_name ? self->server_name : self->host;
}

void
dipcc_ami_transport_set_server_name (DipccAmiTransport *self,
                                     const char        *server_name)
{
  g_return_if_fail (DIPCC_IS_AMI_TRANSPORT (self));

  if (dipcc_set_str (&self->server_name, server_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_NAME]);
}

const char *
dipcc_ami_transport_get_tls_pin (DipccAmiTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_AMI_TRANSPORT (self), NULL);

  return self->tls_pin;
}

void
dipcc_ami_transport_set_tls_pin (DipccAmiTransport *self,
                                 const char        *pin)
{
  g_return_if_fail (DIPCC_IS_AMI_TRANSPORT (self));

  if (dipcc_set_str (&self->tls_pin, pin))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_PIN]);
}

guint
dipcc_ami_transport_get_timeout (DipccAmiTransport *self)
{
  g_return_val_if_fail (DIPCC_IS_AMI_TRANSPORT (self), DEFAULT_TIMEOUT_S);

  return self->timeout;
}

void
dipcc_ami_transport_set_timeout (DipccAmiTransport *self,
                                 guint              seconds)
{
  g_return_if_fail (DIPCC_IS_AMI_TRANSPORT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}
