/* dipcc-sim-ws.c: the WebSocket side, as amiws serves it
 *
 * No greeting frame; any URL path; every event and every response goes to
 * every client, in the same order; actions are routed on AMIServerID alone;
 * a malformed frame is logged and ignored; a ping after some seconds of
 * silence. The URL query may carry faults for that one client:
 * `ws://127.0.0.1:PORT/?drop=5&garbage=3`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-sim"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "dipcc-ws-envelope.h"

#include "dipcc-sim-flood.h"
#include "dipcc-sim-render.h"
#include "dipcc-sim-ws.h"

#define MAX_INCOMING (4 * 1024 * 1024)

typedef struct {
  DipccSimWs              *ws;          /* borrowed */
  SoupWebsocketConnection *conn;
  GSocket                 *socket;
  DipccSimFaults           faults;
  guint                    n_sent;
  gboolean                 stalled;
  gboolean                 dropped;
  GQueue                   drip;        /* Frame */
  guint                    drip_id;
  guint                    drop_id;
  guint                    flood_id;
  guint                    flood_sent;
  gint64                   flood_started;
  gint64                   last_keepalive_reset;
  gboolean                 in_list;
  guint                    list_items;
} WsClient;

typedef struct {
  GBytes   *bytes;
  gboolean  valid_utf8;
} Frame;

struct _DipccSimWs
{
  GObject          parent_instance;

  /* Borrowed */
  DipccSimWorld   *world;
  DipccSimHub     *hub;
  DipccSimEngine  *engine;
  DipccSimConfig  *config;

  /* Owned */
  SoupServer      *server;
  GPtrArray       *clients;     /* WsClient */
  gulong           hub_handler;
  gulong           arm_handler;
  gboolean         once_used;   /* the first client got config->faults_once */
};

G_DEFINE_FINAL_TYPE (DipccSimWs, dipcc_sim_ws, G_TYPE_OBJECT)

static void
frame_free (Frame *frame)
{
  g_bytes_unref (frame->bytes);
  g_free (frame);
}

static void
client_free (WsClient *client)
{
  g_clear_handle_id (&client->drip_id, g_source_remove);
  g_clear_handle_id (&client->drop_id, g_source_remove);
  g_clear_handle_id (&client->flood_id, g_source_remove);
  g_queue_clear_full (&client->drip, (GDestroyNotify) frame_free);
  if (client->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (client->conn, client);
      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_clear_object (&client->conn);
    }
  g_clear_object (&client->socket);
  g_free (client);
}

static gboolean
client_is_open (WsClient *client)
{
  return !client->dropped && client->conn != NULL &&
         soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN;
}

/* amiws pings after a few seconds of silence: restart the keepalive timer
 * on every frame, at most four times a second. */
static void
client_touch (WsClient *client)
{
  gint64 now = g_get_monotonic_time ();
  guint idle = client->ws->config->ws_ping_idle;

  if (client->stalled || idle == 0 || now - client->last_keepalive_reset < G_USEC_PER_SEC / 4)
    return;
  client->last_keepalive_reset = now;
  soup_websocket_connection_set_keepalive_interval (client->conn, 0);
  soup_websocket_connection_set_keepalive_interval (client->conn, idle);
}

static void
client_put (WsClient     *client,
            const char   *data,
            gsize         len,
            gboolean      valid_utf8)
{
  if (!client_is_open (client))
    return;
  if (valid_utf8)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (data, len);
      soup_websocket_connection_send_message (client->conn, SOUP_WEBSOCKET_DATA_TEXT, bytes);
    }
  else
    {
      /* libsoup refuses to send text that is not UTF-8; amiws sends it */
      g_autoptr(GBytes) frame = dipcc_sim_ws_raw_frame (data, len);
      g_autoptr(GError) error = NULL;
      gsize frame_len;
      const char *frame_data = g_bytes_get_data (frame, &frame_len);

      if (client->socket == NULL ||
          g_socket_send_with_blocking (client->socket, frame_data, frame_len, TRUE, NULL,
                                       &error) != (gssize) frame_len)
        g_message ("WebSocket client: raw frame not sent: %s",
                   error ? error->message : "no socket");
    }
  client_touch (client);
}

static gboolean
on_drop (gpointer user_data)
{
  WsClient *client = user_data;

  client->drop_id = 0;
  /* half-close, no close frame: a FIN after the frames already queued. A full
   * shutdown with client data unread would be a RST, losing those frames. */
  if (client->socket != NULL)
    g_socket_shutdown (client->socket, FALSE, TRUE, NULL);
  else if (client->conn != NULL &&
           soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  return G_SOURCE_REMOVE;
}

static void
client_drop (WsClient *client)
{
  client->dropped = TRUE;
  g_message ("WebSocket client: dropping the connection after %u messages (fault)", client->n_sent);
  /* let libsoup write what it queued first */
  client->drop_id = g_timeout_add (20, on_drop, client);
}

/* Every frame a client gets goes through here: the faults play here. */
static void
client_deliver (WsClient   *client,
                const char *data,
                gsize       len,
                gboolean    valid_utf8)
{
  DipccSimFaults *f = &client->faults;

  if (client->stalled || !client_is_open (client))
    return;

  if (f->badutf8_after > 0 && client->n_sent + 1 == f->badutf8_after)
    {
      /* a Latin-1 byte in the caller-id name (else the first string
       * value), as amiws relays a name from a phone that is not UTF-8 */
      g_autoptr(GString) bad = g_string_new_len (data, len);
      const char *name = strstr (bad->str, "\"CallerIDName\":\"");
      const char *at = strstr (bad->str, "\":\"");
      gssize pos = name ? (name - bad->str) + 16 : at ? (at - bad->str) + 3 : 0;

      g_string_insert_c (bad, pos, (char) 0xe9);
      g_message ("WebSocket client: a frame that is not UTF-8 (fault)");
      client_put (client, bad->str, bad->len, FALSE);
    }
  else
    {
      client_put (client, data, len, valid_utf8);
    }
  client->n_sent++;

  if (f->garbage_every > 0 && client->n_sent % f->garbage_every == 0)
    {
      static const char garbage[] = "{\"type\":3,\"data\":{\"Event\":\"Garb\x01age\",]]} not json";
      client_put (client, garbage, sizeof garbage - 1, TRUE);
    }
  if (f->oversize_after > 0 && client->n_sent == f->oversize_after)
    {
      g_autoptr(GString) big = g_string_new ("{\"type\":3,\"server_id\":1,\"server_name\":\"sim\","
                                             "\"ssl\":false,\"data\":{\"Event\":\"UserEvent\","
                                             "\"UserEvent\":\"oversize\",\"Data\":\"");

      for (guint i = 0; i < (f->oversize_bytes ? f->oversize_bytes : 256 * 1024); i++)
        g_string_append_c (big, 'x');
      g_string_append (big, "\"}}");
      client_put (client, big->str, big->len, TRUE);
    }
  if (f->drop_after > 0 && client->n_sent >= f->drop_after)
    client_drop (client);
  else if (f->stall_after > 0 && client->n_sent >= f->stall_after)
    {
      g_message ("WebSocket client: stalling after %u messages (fault)", client->n_sent);
      client->stalled = TRUE;
      soup_websocket_connection_set_keepalive_interval (client->conn, 0);
      g_clear_handle_id (&client->flood_id, g_source_remove);
      g_queue_clear_full (&client->drip, (GDestroyNotify) frame_free);
    }
}

static gboolean
on_drip (gpointer user_data)
{
  WsClient *client = user_data;
  Frame *frame = g_queue_pop_head (&client->drip);
  gsize len;
  const char *data;

  if (frame == NULL)
    {
      client->drip_id = 0;
      return G_SOURCE_REMOVE;
    }
  data = g_bytes_get_data (frame->bytes, &len);
  client_deliver (client, data, len, frame->valid_utf8);
  frame_free (frame);
  return G_SOURCE_CONTINUE;
}

static void
client_send (WsClient   *client,
             const char *data,
             gsize       len,
             gboolean    valid_utf8)
{
  if (client->faults.drip_ms > 0)
    {
      Frame *frame = g_new0 (Frame, 1);

      if (client->stalled || !client_is_open (client))
        {
          g_free (frame);
          return;
        }
      frame->bytes = g_bytes_new (data, len);
      frame->valid_utf8 = valid_utf8;
      g_queue_push_tail (&client->drip, frame);
      if (client->drip_id == 0)
        client->drip_id = g_timeout_add (client->faults.drip_ms, on_drip, client);
      return;
    }
  client_deliver (client, data, len, valid_utf8);
}

/* listdrop=N: the connection goes after N items of the next list, its
 * Complete event never comes. */
static void
client_list_fault (WsClient        *client,
                   DipccAmiMessage *message)
{
  const char *event_list = dipcc_ami_message_get (message, "EventList");

  if (client->faults.listdrop_items == 0 || client->dropped)
    return;
  if (event_list != NULL && g_ascii_strcasecmp (event_list, "start") == 0)
    {
      client->in_list = TRUE;
      client->list_items = 0;
      return;
    }
  if (!client->in_list)
    return;
  if (event_list != NULL && g_ascii_strcasecmp (event_list, "Complete") == 0)
    {
      client->in_list = FALSE;
      return;
    }
  if (++client->list_items >= client->faults.listdrop_items)
    {
      client->faults.listdrop_items = 0;
      g_message ("WebSocket client: dropping the connection in a list (fault)");
      client_drop (client);
    }
}

static void
on_arm_faults (DipccSimHub *hub,
               gpointer     faults,
               gpointer     user_data)
{
  DipccSimWs *self = user_data;

  for (guint i = 0; i < self->clients->len; i++)
    {
      WsClient *client = g_ptr_array_index (self->clients, i);

      dipcc_sim_faults_arm (&client->faults, client->n_sent, faults);
      /* a new drip pace starts now */
      if (((const DipccSimFaults *) faults)->drip_ms > 0 && client->drip_id != 0)
        {
          g_source_remove (client->drip_id);
          client->drip_id = g_timeout_add (client->faults.drip_ms, on_drip, client);
        }
    }
}

static void
on_hub_message (DipccSimHub     *hub,
                int              server_id,
                const char      *server_name,
                DipccAmiMessage *message,
                gpointer         origin,
                guint            flags,
                gpointer         user_data)
{
  DipccSimWs *self = user_data;
  g_autofree char *frame = NULL;
  gboolean valid;
  gsize len;

  /* amiws sees its own session's answers and every event */
  if (origin != NULL && origin != self)
    return;
  if (self->clients->len == 0)
    return;
  frame = dipcc_sim_render_ws (message, flags, server_id, server_name, &len, &valid);
  if (frame == NULL)
    return;
  for (guint i = 0; i < self->clients->len; i++)
    {
      WsClient *client = g_ptr_array_index (self->clients, i);

      client_send (client, frame, len, valid);
      client_list_fault (client, message);
    }
}

static gboolean on_flood_tick (gpointer user_data);

static gboolean
on_flood_writable (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  WsClient *client = user_data;

  client->flood_id = g_idle_add_full (G_PRIORITY_LOW, on_flood_tick, client, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_flood_tick (gpointer user_data)
{
  WsClient *client = user_data;
  DipccSimServer *server = g_ptr_array_index (dipcc_sim_world_get_servers (client->ws->world), 0);
  g_autoptr(GString) frame = NULL;
  guint target;

  if (client->faults.flood_rate > 0)
    {
      gint64 elapsed = g_get_monotonic_time () - client->flood_started;
      target = (guint) MIN ((guint64) client->faults.flood_count,
                            (guint64) elapsed * client->faults.flood_rate / G_USEC_PER_SEC + 1);
    }
  else
    {
      /* As fast as the client reads, and no faster: libsoup queues whatever
       * it is given, so wait for room in the socket before giving it more. */
      if (client->socket != NULL && client_is_open (client) && !client->stalled &&
          g_socket_condition_check (client->socket, G_IO_OUT) == 0)
        {
          GSource *source = g_socket_create_source (client->socket, G_IO_OUT, NULL);

          g_source_set_callback (source, G_SOURCE_FUNC (on_flood_writable), client, NULL);
          client->flood_id = g_source_attach (source, NULL);
          g_source_unref (source);
          return G_SOURCE_REMOVE;
        }
      target = MIN (client->faults.flood_count, client->flood_sent + 64);
    }

  frame = g_string_sized_new (1024);
  while (client->flood_sent < target && client_is_open (client) && !client->stalled)
    {
      g_string_truncate (frame, 0);
      dipcc_sim_flood_append_ws (server, ++client->flood_sent, frame);
      client_send (client, frame->str, frame->len, TRUE);
    }
  if (client->flood_sent >= client->faults.flood_count || !client_is_open (client) ||
      client->stalled)
    {
      client->flood_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_message (SoupWebsocketConnection *conn,
            int                      type,
            GBytes                  *message,
            gpointer                 user_data)
{
  WsClient *client = user_data;
  g_autoptr(DipccWsEnvelope) envelope = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  if (client->stalled || client->dropped)
    return;
  client_touch (client);
  envelope = dipcc_ws_envelope_decode_action (data, len, &error);
  if (envelope == NULL)
    {
      g_message ("WebSocket client sent a malformed frame, ignored: %s",
                 error ? error->message : "no reason");
      return;
    }
  dipcc_sim_engine_handle_action (client->ws->engine, envelope->ami_server_id,
                                  envelope->message, client->ws);
}

static void
on_closed (SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  WsClient *client = user_data;

  g_debug ("WebSocket client closed (%u)", soup_websocket_connection_get_close_code (conn));
  g_ptr_array_remove (client->ws->clients, client);
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  DipccSimWs *self = user_data;
  WsClient *client = g_new0 (WsClient, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autoptr(GError) error = NULL;

  client->ws = self;
  client->conn = g_object_ref (connection);
  client->socket = socket ? g_object_ref (socket) : NULL;
  client->faults = self->config->faults;
  g_queue_init (&client->drip);
  if (uri != NULL && g_uri_get_query (uri) != NULL &&
      !dipcc_sim_faults_parse (&client->faults, g_uri_get_query (uri), &error))
    g_message ("WebSocket client: faults in the URL ignored: %s", error->message);
  if (!self->once_used && dipcc_sim_faults_any (&self->config->faults_once))
    {
      self->once_used = TRUE;
      dipcc_sim_faults_arm (&client->faults, 0, &self->config->faults_once);
    }

  soup_websocket_connection_set_max_incoming_payload_size (connection, MAX_INCOMING);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), client);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), client);
  g_ptr_array_add (self->clients, client);
  client_touch (client);
  g_debug ("WebSocket client connected on %s", path);

  if (client->faults.flood_count > 0)
    {
      client->flood_started = g_get_monotonic_time ();
      if (client->faults.flood_rate > 0)
        client->flood_id = g_timeout_add (10, on_flood_tick, client);
      else
        client->flood_id = g_idle_add_full (G_PRIORITY_LOW, on_flood_tick, client, NULL);
    }
}

static void
dipcc_sim_ws_dispose (GObject *object)
{
  dipcc_sim_ws_stop (DIPCC_SIM_WS (object));

  G_OBJECT_CLASS (dipcc_sim_ws_parent_class)->dispose (object);
}

static void
dipcc_sim_ws_finalize (GObject *object)
{
  DipccSimWs *self = (DipccSimWs *) object;

  g_ptr_array_unref (self->clients);

  G_OBJECT_CLASS (dipcc_sim_ws_parent_class)->finalize (object);
}

static void
dipcc_sim_ws_class_init (DipccSimWsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dipcc_sim_ws_dispose;
  object_class->finalize = dipcc_sim_ws_finalize;
}

static void
dipcc_sim_ws_init (DipccSimWs *self)
{
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
}

DipccSimWs *
dipcc_sim_ws_new (DipccSimWorld  *world,
                  DipccSimHub    *hub,
                  DipccSimEngine *engine,
                  DipccSimConfig *config)
{
  DipccSimWs *self = g_object_new (DIPCC_SIM_TYPE_WS, NULL);

  self->world = world;
  self->hub = hub;
  self->engine = engine;
  self->config = config;
  self->hub_handler = g_signal_connect (hub, "message", G_CALLBACK (on_hub_message), self);
  self->arm_handler = g_signal_connect (hub, "arm-faults", G_CALLBACK (on_arm_faults), self);
  return self;
}

/**
 * dipcc_sim_listen_soup:
 * @soup_server: a #SoupServer
 * @out_port: (out): the port it listens on
 *
 * Listens on one address, over TLS when @soup_server has a certificate;
 * @port 0 picks an ephemeral port.
 */
gboolean
dipcc_sim_listen_soup (gpointer     soup_server,
                       const char  *address,
                       guint16      port,
                       guint16     *out_port,
                       GError     **error)
{
  g_autoptr(GSocketAddress) requested = g_inet_socket_address_new_from_string (address, port);
  GSList *listeners;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;

  if (requested == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "not an IP address: %s",
                   address);
      return FALSE;
    }
  g_object_get (soup_server, "tls-certificate", &certificate, NULL);
  if (!soup_server_listen (soup_server, requested,
                           certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;
  listeners = soup_server_get_listeners (soup_server);
  if (listeners == NULL ||
      (local = g_socket_get_local_address (listeners->data, error)) == NULL)
    {
      g_slist_free (listeners);
      return FALSE;
    }
  g_slist_free (listeners);
  *out_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return TRUE;
}

gboolean
dipcc_sim_ws_listen (DipccSimWs  *self,
                     const char  *address,
                     guint16      port,
                     guint16     *out_port,
                     GError     **error)
{
  g_return_val_if_fail (DIPCC_SIM_IS_WS (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  /* amiws echoes any subprotocol; offering none is what works with it */
  self->server = soup_server_new ("server-header", "amiws-sim ",
                                  "tls-certificate", self->config->tls_certificate, NULL);
  soup_server_add_websocket_handler (self->server, NULL, NULL, NULL, on_websocket, self, NULL);
  if (!dipcc_sim_listen_soup (self->server, address, port, out_port, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }
  return TRUE;
}

void
dipcc_sim_ws_stop (DipccSimWs *self)
{
  g_return_if_fail (DIPCC_SIM_IS_WS (self));

  g_clear_signal_handler (&self->hub_handler, self->hub);
  g_clear_signal_handler (&self->arm_handler, self->hub);
  g_ptr_array_set_size (self->clients, 0);
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
}

guint
dipcc_sim_ws_get_n_clients (DipccSimWs *self)
{
  return self->clients->len;
}
