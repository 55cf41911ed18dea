/* dipcc-sim-ami.c: the plain AMI TCP socket
 *
 * One AMI session per connection, as Asterisk has: banner, Login, then the
 * events of the first server and the answers to this session's actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-sim"

#include "config.h"

#include <string.h>

#include "dipcc-ami-parser.h"

#include "dipcc-sim-ami.h"
#include "dipcc-sim-flood.h"
#include "dipcc-sim-render.h"

#define FLOOD_HIGH_WATER (512 * 1024)

typedef struct {
  gatomicrefcount    ref_count;
  DipccSimAmi       *ami;          /* borrowed; NULL once the server stopped */
  GSocketConnection *conn;
  GCancellable      *cancellable;
  DipccAmiParser    *parser;
  GByteArray        *pending;      /* not yet handed to the socket */
  gboolean           writing;
  gboolean           close_after_flush;
  gboolean           draining;
  guint              drain_id;
  gboolean           closed;
  gboolean           logged_in;
  gboolean           stalled;
  guint              n_sent;
  DipccSimFaults     faults;
  guint              auth_id;
  guint              drip_id;
  guint              flood_id;
  guint              flood_sent;
  gint64             flood_started;
  gulong             hub_handler;
  gboolean           in_list;
  guint              list_items;
  guint8             buffer[8192];
} AmiClient;

struct _DipccSimAmi
{
  GObject           parent_instance;

  /* Borrowed */
  DipccSimWorld    *world;
  DipccSimHub      *hub;
  DipccSimEngine   *engine;
  DipccSimConfig   *config;

  /* Owned */
  GSocketService   *service;
  GPtrArray        *clients;    /* AmiClient, one ref each */
  gulong            arm_handler;
  gboolean          once_used;  /* the first client got config->faults_once */
};

G_DEFINE_FINAL_TYPE (DipccSimAmi, dipcc_sim_ami, G_TYPE_OBJECT)

static void client_close (AmiClient *client);
static void client_finish (AmiClient *client);
static void client_kick (AmiClient *client);
static void client_flood_fill (AmiClient *client);

static AmiClient *
client_ref (AmiClient *client)
{
  g_atomic_ref_count_inc (&client->ref_count);
  return client;
}

static void
client_unref (AmiClient *client)
{
  if (!g_atomic_ref_count_dec (&client->ref_count))
    return;
  g_clear_handle_id (&client->auth_id, g_source_remove);
  g_clear_handle_id (&client->drip_id, g_source_remove);
  g_clear_handle_id (&client->drain_id, g_source_remove);
  g_clear_handle_id (&client->flood_id, g_source_remove);
  g_clear_object (&client->conn);
  g_clear_object (&client->cancellable);
  g_clear_pointer (&client->parser, dipcc_ami_parser_free);
  g_clear_pointer (&client->pending, g_byte_array_unref);
  g_free (client);
}

static int
server_id (AmiClient *client)
{
  GPtrArray *servers = dipcc_sim_world_get_servers (client->ami->world);

  return ((DipccSimServer *) g_ptr_array_index (servers, 0))->id;
}

static void
on_close_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  client_unref (user_data);
}

/* Ends the session now; whatever was not written is lost. */
static void
client_close (AmiClient *client)
{
  if (client->closed)
    return;
  client->closed = TRUE;
  g_cancellable_cancel (client->cancellable);
  g_clear_handle_id (&client->auth_id, g_source_remove);
  g_clear_handle_id (&client->drain_id, g_source_remove);
  g_clear_handle_id (&client->drip_id, g_source_remove);
  g_clear_handle_id (&client->flood_id, g_source_remove);
  if (client->ami != NULL)
    {
      g_clear_signal_handler (&client->hub_handler, client->ami->hub);
      g_io_stream_close_async (G_IO_STREAM (client->conn), G_PRIORITY_DEFAULT, NULL,
                               on_close_done, client_ref (client));
      /* drops the list's ref: may free the client */
      g_ptr_array_remove (client->ami->clients, client);
    }
}

static gboolean
on_drain_timeout (gpointer user_data)
{
  AmiClient *client = user_data;

  client->drain_id = 0;
  client_close (client);
  return G_SOURCE_REMOVE;
}

/* Hangs up after the last byte: FIN first, then whatever the client still
 * sends is read and dropped until it closes too (or 2 s pass). Closing with
 * unread data would send a RST, and the client could lose our last words. */
static void
client_finish (AmiClient *client)
{
  GSocket *socket = g_socket_connection_get_socket (client->conn);

  if (client->closed || client->draining)
    return;
  client->draining = TRUE;
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  client->drain_id = g_timeout_add (2000, on_drain_timeout, client);
}

static void
on_write_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AmiClient *client = user_data;
  g_autoptr(GError) error = NULL;

  client->writing = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("AMI client write: %s", error->message);
      client_close (client);
      client_unref (client);
      return;
    }
  client_flood_fill (client);
  client_kick (client);
  client_unref (client);
}

static gboolean
on_drip (gpointer user_data)
{
  AmiClient *client = user_data;
  GOutputStream *out;
  g_autoptr(GError) error = NULL;

  if (client->closed || client->pending->len == 0)
    {
      client->drip_id = 0;
      if (!client->closed && client->close_after_flush)
        client_finish (client);
      return G_SOURCE_REMOVE;
    }
  out = g_io_stream_get_output_stream (G_IO_STREAM (client->conn));
  if (g_output_stream_write (out, client->pending->data, 1, NULL, &error) != 1)
    {
      client->drip_id = 0;
      client_close (client);
      return G_SOURCE_REMOVE;
    }
  g_byte_array_remove_index (client->pending, 0);
  client_flood_fill (client);
  return G_SOURCE_CONTINUE;
}

/* Starts writing what is pending, unless a write is under way. */
static void
client_kick (AmiClient *client)
{
  GBytes *bytes;
  gsize len;
  gconstpointer data;

  /* a stalled client still gets what was queued before it stalled */
  if (client->closed || client->writing)
    return;
  if (client->pending->len == 0)
    {
      if (client->close_after_flush && client->drip_id == 0)
        client_finish (client);
      return;
    }
  if (client->faults.drip_ms > 0)
    {
      if (client->drip_id == 0)
        client->drip_id = g_timeout_add (client->faults.drip_ms, on_drip, client);
      return;
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&client->pending));
  client->pending = g_byte_array_new ();
  client->writing = TRUE;
  data = g_bytes_get_data (bytes, &len);
  /* the bytes live as long as the operation: keep them on the task's data */
  g_object_set_data_full (G_OBJECT (client->conn), "dipcc-sim-writing", bytes,
                          (GDestroyNotify) g_bytes_unref);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (client->conn)),
                                   data, len, G_PRIORITY_DEFAULT, client->cancellable,
                                   on_write_done, client_ref (client));
}

static void
client_write_raw (AmiClient  *client,
                  const char *data,
                  gsize       len)
{
  if (client->closed || client->stalled)
    return;
  g_byte_array_append (client->pending, (const guint8 *) data, (guint) len);
  client_kick (client);
}

/* listdrop=N: the connection goes after N items of the next list, before
 * its Complete event. */
static void
client_list_fault (AmiClient       *client,
                   DipccAmiMessage *message)
{
  const char *event_list = dipcc_ami_message_get (message, "EventList");

  if (client->faults.listdrop_items == 0)
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
      g_message ("AMI client: dropping the connection in a list (fault)");
      client->close_after_flush = TRUE;
      client_kick (client);
    }
}

/* Every message a client gets goes through here: this is where the
 * connection's faults play. */
static void
client_send (AmiClient       *client,
             DipccAmiMessage *message,
             guint            flags)
{
  g_autoptr(GString) text = g_string_new (NULL);
  DipccSimFaults *f = &client->faults;

  if (client->closed || client->stalled || client->close_after_flush)
    return;

  dipcc_sim_render_ami (message, flags, text);
  if (f->badutf8_after > 0 && client->n_sent + 1 == f->badutf8_after)
    {
      /* a Latin-1 byte in the caller-id name, else the first value */
      const char *name = strstr (text->str, "\r\nCallerIDName: ");
      const char *colon = strstr (text->str, ": ");
      gssize pos = name ? (name - text->str) + 16 : colon ? (colon - text->str) + 2 : 0;

      g_string_insert_c (text, pos, (char) 0xe9);
    }
  client_write_raw (client, text->str, text->len);
  client->n_sent++;
  client_list_fault (client, message);

  if (f->garbage_every > 0 && client->n_sent % f->garbage_every == 0)
    {
      static const char garbage[] = "\x01\x02 ~~ not AMI ~~ \xff\xfe\r\n:::\r\n\r\n";
      client_write_raw (client, garbage, sizeof garbage - 1);
    }
  if (f->oversize_after > 0 && client->n_sent == f->oversize_after)
    {
      g_autoptr(GString) big = g_string_new ("Event: UserEvent\r\nUserEvent: oversize\r\nData: ");

      for (guint i = 0; i < (f->oversize_bytes ? f->oversize_bytes : 256 * 1024); i++)
        g_string_append_c (big, 'x');
      g_string_append (big, "\r\n\r\n");
      client_write_raw (client, big->str, big->len);
    }
  if (f->drop_after > 0 && client->n_sent >= f->drop_after)
    {
      g_message ("AMI client: dropping the connection after %u messages (fault)", client->n_sent);
      client->close_after_flush = TRUE;
      client_kick (client);
    }
  else if (f->stall_after > 0 && client->n_sent >= f->stall_after)
    {
      /* let what is queued go, then neither read nor write */
      g_message ("AMI client: stalling after %u messages (fault)", client->n_sent);
      client_kick (client);
      client->stalled = TRUE;
      g_clear_handle_id (&client->flood_id, g_source_remove);
    }
}

static void
client_send_simple (AmiClient  *client,
                    const char *first_key,
                    ...) G_GNUC_NULL_TERMINATED;

static void
client_send_simple (AmiClient  *client,
                    const char *first_key,
                    ...)
{
  g_autoptr(DipccAmiMessage) m = dipcc_ami_message_new ();
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        dipcc_ami_message_add (m, key, value);
      key = va_arg (args, const char *);
    }
  va_end (args);
  client_send (client, m, 0);
}

static void
client_flood_fill (AmiClient *client)
{
  DipccSimServer *server;
  guint target;

  if (client->closed || client->stalled || client->faults.flood_count == 0 ||
      client->flood_sent >= client->faults.flood_count || !client->logged_in)
    return;

  server = g_ptr_array_index (dipcc_sim_world_get_servers (client->ami->world), 0);
  if (client->faults.flood_rate > 0)
    {
      gint64 elapsed = g_get_monotonic_time () - client->flood_started;
      target = (guint) MIN ((guint64) client->faults.flood_count,
                            (guint64) elapsed * client->faults.flood_rate / G_USEC_PER_SEC + 1);
    }
  else
    target = client->faults.flood_count;

  if (client->faults.garbage_every == 0 && client->faults.oversize_after == 0 &&
      client->faults.drop_after == 0 && client->faults.stall_after == 0)
    {
      /* no fault counts messages: write the text straight from the templates */
      if (client->close_after_flush)
        return;
      while (client->flood_sent < target && client->pending->len < FLOOD_HIGH_WATER)
        {
          dipcc_sim_flood_append_ami (server, ++client->flood_sent, client->pending);
          client->n_sent++;
        }
      client_kick (client);
      return;
    }

  while (client->flood_sent < target && client->pending->len < FLOOD_HIGH_WATER &&
         !client->closed && !client->stalled && !client->close_after_flush)
    {
      g_autoptr(DipccAmiMessage) m = dipcc_sim_flood_event_new (server, ++client->flood_sent);
      client_send (client, m, 0);
    }
}

static gboolean
on_flood_tick (gpointer user_data)
{
  AmiClient *client = user_data;

  client_flood_fill (client);
  if (client->flood_sent >= client->faults.flood_count)
    {
      client->flood_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_hub_message (DipccSimHub     *hub,
                int              sid,
                const char      *server_name,
                DipccAmiMessage *message,
                gpointer         origin,
                guint            flags,
                gpointer         user_data)
{
  AmiClient *client = user_data;

  if (client->closed || sid != server_id (client))
    return;
  if (origin == NULL ? !client->logged_in : origin != client)
    return;
  client_send (client, message, flags);
}

static gboolean
on_auth_failed (gpointer user_data)
{
  AmiClient *client = user_data;
  g_autofree char *action_id = g_object_steal_data (G_OBJECT (client->conn), "dipcc-sim-auth-id");

  client->auth_id = 0;
  client_send_simple (client, "Response", "Error", "ActionID", action_id,
                      "Message", "Authentication failed", NULL);
  client->close_after_flush = TRUE;
  client_kick (client);
  return G_SOURCE_REMOVE;
}

static void
on_parser_message (DipccAmiMessage *message,
                   gpointer         user_data)
{
  AmiClient *client = user_data;
  g_autoptr(DipccAmiMessage) action = message;
  const char *name = dipcc_ami_message_get (action, "Action");
  const char *action_id = dipcc_ami_message_get (action, "ActionID");
  DipccSimWorld *world;

  if (client->closed || client->ami == NULL || client->auth_id != 0 || client->close_after_flush)
    return;
  world = client->ami->world;

  if (name != NULL && g_ascii_strcasecmp (name, "Login") == 0)
    {
      if (g_strcmp0 (dipcc_ami_message_get (action, "Username"),
                     dipcc_sim_world_get_ami_user (world)) == 0 &&
          g_strcmp0 (dipcc_ami_message_get (action, "Secret"),
                     dipcc_sim_world_get_ami_secret (world)) == 0)
        {
          client_send_simple (client, "Response", "Success", "ActionID", action_id,
                              "Message", "Authentication accepted", NULL);
          if (!client->logged_in)
            {
              client->logged_in = TRUE;
              client_send_simple (client, "Event", "FullyBooted", "Privilege", "system,all",
                                  "Status", "Fully Booted", NULL);
              if (client->faults.flood_count > 0)
                {
                  client->flood_started = g_get_monotonic_time ();
                  client_flood_fill (client);
                  client->flood_id = g_timeout_add (10, on_flood_tick, client);
                }
            }
        }
      else
        {
          /* Asterisk answers a failed login after a pause, then hangs up */
          g_message ("AMI client: authentication failed for \"%s\"",
                     dipcc_ami_message_get (action, "Username"));
          g_object_set_data_full (G_OBJECT (client->conn), "dipcc-sim-auth-id",
                                  g_strdup (action_id), g_free);
          client->auth_id = g_timeout_add (client->ami->config->auth_delay, on_auth_failed, client);
        }
      return;
    }

  if (name != NULL && g_ascii_strcasecmp (name, "Logoff") == 0)
    {
      client_send_simple (client, "Response", "Goodbye", "ActionID", action_id,
                          "Message", "Thanks for all the fish.", NULL);
      client->close_after_flush = TRUE;
      client_kick (client);
      return;
    }

  if (!client->logged_in)
    {
      client_send_simple (client, "Response", "Error", "ActionID", action_id, "Message",
                          name ? "Permission denied" : "Missing action in request", NULL);
      return;
    }

  dipcc_sim_engine_handle_action (client->ami->engine, server_id (client), action, client);
}

static void
on_parser_error (const GError *error,
                 gpointer      user_data)
{
  g_message ("AMI client sent something unreadable: %s", error->message);
}

static void client_read (AmiClient *client);

static void
on_read_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AmiClient *client = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n <= 0)
    {
      if (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("AMI client read: %s", error->message);
      client_close (client);
      client_unref (client);
      return;
    }
  if (!client->closed && client->draining)
    client_read (client);
  else if (!client->closed && !client->stalled)
    {
      dipcc_ami_parser_feed (client->parser, (const char *) client->buffer, (gsize) n);
      client_read (client);
    }
  client_unref (client);
}

static void
client_read (AmiClient *client)
{
  if (client->closed || (client->stalled && !client->draining))
    return;
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (client->conn)),
                             client->buffer, sizeof client->buffer, G_PRIORITY_DEFAULT,
                             client->cancellable, on_read_done, client_ref (client));
}

static const DipccAmiParserCallbacks parser_callbacks = {
  .message = on_parser_message,
  .banner = NULL,
  .error = on_parser_error,
};

static void
on_arm_faults (DipccSimHub *hub,
               gpointer     faults,
               gpointer     user_data)
{
  DipccSimAmi *self = user_data;

  for (guint i = 0; i < self->clients->len; i++)
    {
      AmiClient *client = g_ptr_array_index (self->clients, i);

      dipcc_sim_faults_arm (&client->faults, client->n_sent, faults);
      /* a new drip pace starts now */
      if (((const DipccSimFaults *) faults)->drip_ms > 0)
        g_clear_handle_id (&client->drip_id, g_source_remove);
      client_kick (client);
    }
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  DipccSimAmi *self = user_data;
  AmiClient *client = g_new0 (AmiClient, 1);
  g_autofree char *banner = NULL;

  g_atomic_ref_count_init (&client->ref_count);
  client->ami = self;
  client->conn = g_object_ref (connection);
  client->cancellable = g_cancellable_new ();
  client->parser = dipcc_ami_parser_new (&parser_callbacks, client);
  client->pending = g_byte_array_new ();
  client->faults = self->config->faults;
  if (!self->once_used && dipcc_sim_faults_any (&self->config->faults_once))
    {
      self->once_used = TRUE;
      dipcc_sim_faults_arm (&client->faults, 0, &self->config->faults_once);
    }
  g_ptr_array_add (self->clients, client);

  client->hub_handler = g_signal_connect (self->hub, "message", G_CALLBACK (on_hub_message),
                                          client);

  g_debug ("AMI client connected");
  banner = g_strdup_printf ("%s\r\n", self->config->ami_banner);
  client_write_raw (client, banner, strlen (banner));
  client_read (client);
  return TRUE;
}

static void
dipcc_sim_ami_dispose (GObject *object)
{
  dipcc_sim_ami_stop (DIPCC_SIM_AMI (object));

  G_OBJECT_CLASS (dipcc_sim_ami_parent_class)->dispose (object);
}

static void
dipcc_sim_ami_finalize (GObject *object)
{
  DipccSimAmi *self = (DipccSimAmi *) object;

  g_ptr_array_unref (self->clients);

  G_OBJECT_CLASS (dipcc_sim_ami_parent_class)->finalize (object);
}

static void
dipcc_sim_ami_class_init (DipccSimAmiClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dipcc_sim_ami_dispose;
  object_class->finalize = dipcc_sim_ami_finalize;
}

static void
dipcc_sim_ami_init (DipccSimAmi *self)
{
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_unref);
}

DipccSimAmi *
dipcc_sim_ami_new (DipccSimWorld  *world,
                   DipccSimHub    *hub,
                   DipccSimEngine *engine,
                   DipccSimConfig *config)
{
  DipccSimAmi *self = g_object_new (DIPCC_SIM_TYPE_AMI, NULL);

  self->world = world;
  self->hub = hub;
  self->engine = engine;
  self->config = config;
  self->arm_handler = g_signal_connect (hub, "arm-faults", G_CALLBACK (on_arm_faults), self);
  return self;
}

/**
 * dipcc_sim_ami_listen:
 * @port: 0 for an ephemeral port
 * @out_port: (out): the port listened on
 */
gboolean
dipcc_sim_ami_listen (DipccSimAmi  *self,
                      const char   *address,
                      guint16       port,
                      guint16      *out_port,
                      GError      **error)
{
  g_autoptr(GSocketAddress) requested = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  g_return_val_if_fail (DIPCC_SIM_IS_AMI (self), FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);

  requested = g_inet_socket_address_new_from_string (address, port);
  if (requested == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "not an IP address: %s",
                   address);
      return FALSE;
    }
  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), requested,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    {
      g_clear_object (&self->service);
      return FALSE;
    }
  *out_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
  g_socket_service_start (self->service);
  return TRUE;
}

/**
 * dipcc_sim_ami_stop:
 *
 * Stops listening and closes every session.
 */
void
dipcc_sim_ami_stop (DipccSimAmi *self)
{
  g_return_if_fail (DIPCC_SIM_IS_AMI (self));

  g_clear_signal_handler (&self->arm_handler, self->hub);
  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_signal_handlers_disconnect_by_data (self->service, self);
      g_clear_object (&self->service);
    }
  while (self->clients->len > 0)
    {
      AmiClient *client = g_ptr_array_index (self->clients, self->clients->len - 1);

      client_ref (client);
      client->closed = TRUE;
      g_cancellable_cancel (client->cancellable);
      g_clear_signal_handler (&client->hub_handler, self->hub);
      g_io_stream_close (G_IO_STREAM (client->conn), NULL, NULL);
      client->ami = NULL;
      g_ptr_array_remove_index (self->clients, self->clients->len - 1);
      client_unref (client);
    }
}

guint
dipcc_sim_ami_get_n_clients (DipccSimAmi *self)
{
  return self->clients->len;
}
