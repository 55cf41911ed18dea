/* test-pbx-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DipccPbxClient against in-process fakes on 127.0.0.1: an amiws-like
 * WebSocket proxy in front of one or two PBXs, and a plain Asterisk AMI
 * server. Intervals are milliseconds through the client's testing knobs.
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "dipcc-ami-parser.h"
#include "dipcc-ami-serializer.h"
#include "dipcc-ami-transport.h"
#include "dipcc-error.h"
#include "dipcc-pbx-client.h"
#include "dipcc-test-utils.h"
#include "dipcc-ws-envelope.h"
#include "dipcc-ws-transport.h"

#define SECRET   "s3cr3t-Xy9-never-log-me"
#define USERNAME "agent7"

/* ---- waiting ------------------------------------------------------------ */

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @cond holds; fails the test after @ms. */
#define WAIT_FOR(cond, ms)                                                    \
  G_STMT_START {                                                              \
    gint64 deadline_ = g_get_monotonic_time () + (gint64) (ms) * 1000;        \
    guint wake_ = g_timeout_add (5, wake_up, NULL);                           \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > deadline_)                              \
          g_error ("%s:%d: timed out after %d ms waiting for %s",             \
                   __FILE__, __LINE__, (int) (ms), #cond);                    \
        g_main_context_iteration (NULL, TRUE);                                \
      }                                                                       \
    g_source_remove (wake_);                                                  \
  } G_STMT_END

static void
run_for (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  WAIT_FOR (g_get_monotonic_time () >= deadline, ms + 1000);
}

/* ---- captured log ------------------------------------------------------- */

static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append (captured_log, fields[i].value);
      else
        g_string_append_len (captured_log, fields[i].value, fields[i].length);
      g_string_append_c (captured_log, ' ');
    }
  g_string_append_c (captured_log, '\n');
  /* debug output is only captured; anything louder still counts (and
   * G_DEBUG=fatal-warnings still aborts) */
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* libsoup and GIO log with g_log(), whose debug output the test framework
 * prints as TAP comments: keep it in the captured log instead */
static void
capture_handler (const char     *log_domain,
                 GLogLevelFlags  log_level,
                 const char     *message,
                 gpointer        user_data)
{
  g_string_append_printf (captured_log, "%s %s\n", log_domain, message);
  if (!(log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)))
    g_log_default_handler (log_domain, log_level, message, user_data);
}

/* ---- a fake amiws in front of fake PBXs --------------------------------- */

typedef struct {
  int        id;
  char      *name;
  gboolean   stalled;
  GPtrArray *endpoints;   /* of char * */
  GPtrArray *channels;    /* of DipccAmiMessage, CoreShowChannel without ActionID */
} FakePbx;

typedef struct {
  SoupServer *server;
  guint       port;
  char       *uri;
  GPtrArray  *clients;    /* of SoupWebsocketConnection */
  GPtrArray  *frames;     /* of char *, every client frame received */
  FakePbx     pbx[2];
  guint       n_pbx;
  guint       connections;
  gboolean    old_style_lists;
} FakeAmiws;

static void
fake_pbx_init (FakePbx    *pbx,
               int         id,
               const char *name)
{
  pbx->id = id;
  pbx->name = g_strdup (name);
  pbx->endpoints = g_ptr_array_new_with_free_func (g_free);
  pbx->channels = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref);
  g_ptr_array_add (pbx->endpoints, g_strdup_printf ("0%d01", id));
  g_ptr_array_add (pbx->endpoints, g_strdup_printf ("0%d02", id));
}

static void
fake_pbx_clear (FakePbx *pbx)
{
  g_free (pbx->name);
  g_ptr_array_unref (pbx->endpoints);
  g_ptr_array_unref (pbx->channels);
}

static void
fake_pbx_add_channel (FakePbx    *pbx,
                      const char *channel,
                      const char *uniqueid)
{
  g_ptr_array_add (pbx->channels,
                   dipcc_test_message_new ("Event", "CoreShowChannel",
                                           "Channel", channel,
                                           "ChannelState", "5",
                                           "ChannelStateDesc", "Ringing",
                                           "CallerIDNum", "07079190158",
                                           "CallerIDName", "Kim",
                                           "Uniqueid", uniqueid,
                                           "Linkedid", uniqueid,
                                           NULL));
}

static void
amiws_broadcast (FakeAmiws        *fake,
                 DipccWsFrameType  type,
                 FakePbx          *pbx,
                 DipccAmiMessage  *message)
{
  g_autofree char *frame = dipcc_ws_envelope_encode_frame (type, pbx->id, pbx->name, FALSE,
                                                           message);

  for (guint i = 0; i < fake->clients->len; i++)
    {
      SoupWebsocketConnection *client = g_ptr_array_index (fake->clients, i);

      if (soup_websocket_connection_get_state (client) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (client, frame);
    }
}

/* Answers one action the way Asterisk would, as a list of messages. */
static GPtrArray *
pbx_answer (FakePbx         *pbx,
            DipccAmiMessage *action,
            gboolean         old_style_lists)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref);
  const char *name = dipcc_ami_message_get (action, "Action");
  const char *action_id = dipcc_ami_message_get_action_id (action);
  DipccAmiMessage *m;

  if (action_id == NULL)
    action_id = "";

  if (g_ascii_strcasecmp (name, "Ping") == 0)
    {
      g_ptr_array_add (out, dipcc_test_message_new ("Response", "Success",
                                                    "ActionID", action_id,
                                                    "Ping", "Pong",
                                                    "Timestamp", "1598510618.330000",
                                                    NULL));
    }
  else if (g_ascii_strcasecmp (name, "PJSIPShowEndpoints") == 0 ||
           g_ascii_strcasecmp (name, "CoreShowChannels") == 0)
    {
      gboolean endpoints = g_ascii_strcasecmp (name, "PJSIPShowEndpoints") == 0;
      guint n;
      g_autofree char *count = NULL;

      m = dipcc_test_message_new ("Response", "Success", "ActionID", action_id, NULL);
      if (!old_style_lists)
        dipcc_ami_message_add (m, "EventList", "start");
      dipcc_ami_message_add (m, "Message", "A listing follows");
      g_ptr_array_add (out, m);

      n = endpoints ? pbx->endpoints->len : pbx->channels->len;
      for (guint i = 0; i < n; i++)
        {
          if (endpoints)
            m = dipcc_test_message_new ("Event", "EndpointList",
                                        "ObjectName", g_ptr_array_index (pbx->endpoints, i),
                                        "DeviceState", "Not in use",
                                        "ActionID", action_id,
                                        NULL);
          else
            {
              m = dipcc_ami_message_copy (g_ptr_array_index (pbx->channels, i));
              dipcc_ami_message_add (m, "ActionID", action_id);
            }
          g_ptr_array_add (out, m);
        }

      count = g_strdup_printf ("%u", n);
      m = dipcc_test_message_new ("Event", endpoints ? "EndpointListComplete"
                                                     : "CoreShowChannelsComplete",
                                  "ActionID", action_id, NULL);
      if (!old_style_lists)
        dipcc_ami_message_add (m, "EventList", "Complete");
      dipcc_ami_message_add (m, "ListItems", count);
      g_ptr_array_add (out, m);
    }
  else if (g_ascii_strcasecmp (name, "Hang") == 0)
    {
      /* never answered */
    }
  else if (g_ascii_strcasecmp (name, "Fail") == 0)
    {
      g_ptr_array_add (out, dipcc_test_message_new ("Response", "Error",
                                                    "ActionID", action_id,
                                                    "Message", "Permission\x01 denied \xff",
                                                    NULL));
    }
  else
    {
      g_ptr_array_add (out, dipcc_test_message_new ("Response", "Success",
                                                    "ActionID", action_id,
                                                    "Message", "Done",
                                                    NULL));
    }
  return out;
}

static void
on_amiws_message (SoupWebsocketConnection *client,
                  int                      type,
                  GBytes                  *bytes,
                  gpointer                 user_data)
{
  FakeAmiws *fake = user_data;
  g_autoptr(DipccWsEnvelope) envelope = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *json = g_bytes_get_data (bytes, &len);

  g_ptr_array_add (fake->frames, g_strndup (json, len));
  envelope = dipcc_ws_envelope_decode_action (json, len, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < fake->n_pbx; i++)
    {
      FakePbx *pbx = &fake->pbx[i];
      g_autoptr(GPtrArray) answer = NULL;

      /* without AMIServerID the real proxy sends it to every server */
      if (envelope->ami_server_id >= 0 && envelope->ami_server_id != pbx->id)
        continue;
      if (pbx->stalled)
        continue;
      answer = pbx_answer (pbx, envelope->message, fake->old_style_lists);
      for (guint j = 0; j < answer->len; j++)
        {
          DipccAmiMessage *m = g_ptr_array_index (answer, j);

          amiws_broadcast (fake, dipcc_ami_message_get_kind (m) == DIPCC_AMI_MESSAGE_KIND_EVENT
                                 ? DIPCC_WS_FRAME_EVENT : DIPCC_WS_FRAME_RESPONSE,
                           pbx, m);
        }
    }
}

static void
on_amiws_closed (SoupWebsocketConnection *client,
                 gpointer                 user_data)
{
  FakeAmiws *fake = user_data;

  g_signal_handlers_disconnect_by_data (client, fake);
  g_ptr_array_remove (fake->clients, client);
}

static void
on_amiws_websocket (SoupServer              *server,
                    SoupServerMessage       *msg,
                    const char              *path,
                    SoupWebsocketConnection *client,
                    gpointer                 user_data)
{
  FakeAmiws *fake = user_data;

  fake->connections++;
  g_ptr_array_add (fake->clients, g_object_ref (client));
  g_signal_connect (client, "message", G_CALLBACK (on_amiws_message), fake);
  g_signal_connect (client, "closed", G_CALLBACK (on_amiws_closed), fake);
}

static void
fake_amiws_listen (FakeAmiws *fake)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (fake->server, NULL, NULL, NULL,
                                     on_amiws_websocket, fake, NULL);
  soup_server_listen_local (fake->server, fake->port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fake->server);
  g_assert_nonnull (uris);
  fake->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static FakeAmiws *
fake_amiws_new (guint n_pbx)
{
  FakeAmiws *fake = g_new0 (FakeAmiws, 1);

  fake->clients = g_ptr_array_new_with_free_func (g_object_unref);
  fake->frames = g_ptr_array_new_with_free_func (g_free);
  fake->n_pbx = n_pbx;
  fake_pbx_init (&fake->pbx[0], 1, "192.168.66.100");
  if (n_pbx > 1)
    fake_pbx_init (&fake->pbx[1], 2, "192.168.66.101");
  fake_amiws_listen (fake);
  fake->uri = g_strdup_printf ("ws://127.0.0.1:%u/", fake->port);
  return fake;
}

/* Like a crash: sockets closed with no close frame, nothing listening. */
static void
fake_amiws_kill (FakeAmiws *fake)
{
  g_autoptr(GPtrArray) clients = g_steal_pointer (&fake->clients);

  fake->clients = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < clients->len; i++)
    {
      SoupWebsocketConnection *client = g_ptr_array_index (clients, i);

      g_signal_handlers_disconnect_by_data (client, fake);
      g_io_stream_close (soup_websocket_connection_get_io_stream (client), NULL, NULL);
    }
  if (fake->server != NULL)
    {
      soup_server_disconnect (fake->server);
      g_clear_object (&fake->server);
    }
}

static void
fake_amiws_free (FakeAmiws *fake)
{
  fake_amiws_kill (fake);
  /* let the closed sockets go */
  run_for (20);
  g_ptr_array_unref (fake->clients);
  g_ptr_array_unref (fake->frames);
  for (guint i = 0; i < fake->n_pbx; i++)
    fake_pbx_clear (&fake->pbx[i]);
  g_free (fake->uri);
  g_free (fake);
}

/* A text frame that is not UTF-8, as amiws relays a Latin-1 caller-id name.
 * libsoup refuses to send one, so it is written on the socket by hand. */
static void
fake_amiws_send_invalid_utf8 (FakeAmiws *fake)
{
  static const char payload[] =
    "{\"type\":3,\"server_id\":1,\"server_name\":\"x\",\"ssl\":false,"
    "\"data\":{\"Event\":\"Newchannel\",\"CallerIDName\":\"Jos\xe9\"}}";
  guint8 frame[2 + sizeof payload];
  g_autoptr(GError) error = NULL;

  G_STATIC_ASSERT (sizeof payload - 1 < 126);
  frame[0] = 0x81;
  frame[1] = sizeof payload - 1;
  memcpy (frame + 2, payload, sizeof payload - 1);

  for (guint i = 0; i < fake->clients->len; i++)
    {
      GIOStream *stream =
        soup_websocket_connection_get_io_stream (g_ptr_array_index (fake->clients, i));

      g_output_stream_write_all (g_io_stream_get_output_stream (stream), frame,
                                 sizeof payload + 1, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

/* ---- a fake Asterisk AMI server ----------------------------------------- */

typedef struct _FakeAmi FakeAmi;

typedef struct {
  FakeAmi           *fake;
  GSocketConnection *connection;
  GCancellable      *cancellable;
  DipccAmiParser    *parser;
  GQueue             writes;
  gboolean           writing;
  gboolean           logged_in;
  gboolean           stalled;
  gboolean           closing;
  guint8             buffer[4096];
} AmiPeer;

struct _FakeAmi
{
  GSocketService *service;
  guint16         port;
  GPtrArray      *peers;
  FakePbx         pbx;
  gboolean        old_style_lists;
  guint           connections;
  guint           login_delay_ms;
  GString        *received;    /* every byte any client sent */
};

static void ami_peer_start_write (AmiPeer *peer);

static void
ami_peer_free (AmiPeer *peer)
{
  g_cancellable_cancel (peer->cancellable);
  g_io_stream_close (G_IO_STREAM (peer->connection), NULL, NULL);
  g_object_unref (peer->connection);
  g_object_unref (peer->cancellable);
  dipcc_ami_parser_free (peer->parser);
  g_queue_clear_full (&peer->writes, (GDestroyNotify) g_bytes_unref);
  g_free (peer);
}

static void
ami_peer_write_bytes (AmiPeer *peer,
                      GBytes  *bytes)
{
  g_queue_push_tail (&peer->writes, bytes);
  ami_peer_start_write (peer);
}

static void
ami_peer_write (AmiPeer         *peer,
                DipccAmiMessage *message)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = dipcc_ami_serialize_bytes (message, &error);

  g_assert_no_error (error);
  ami_peer_write_bytes (peer, bytes);
}

static void
on_ami_peer_written (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  AmiPeer *peer = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  peer->writing = FALSE;
  g_bytes_unref (g_queue_pop_head (&peer->writes));
  if (error == NULL)
    ami_peer_start_write (peer);
}

static void
ami_peer_start_write (AmiPeer *peer)
{
  GBytes *bytes;

  if (peer->writing || g_queue_is_empty (&peer->writes))
    return;
  bytes = g_queue_peek_head (&peer->writes);
  peer->writing = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (peer->connection)),
                                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, peer->cancellable,
                                   on_ami_peer_written, peer);
}

static gboolean
ami_peer_reject_login (gpointer user_data)
{
  AmiPeer *peer = user_data;
  g_autoptr(DipccAmiMessage) error = NULL;

  error = dipcc_test_message_new ("Response", "Error",
                                  "ActionID", g_object_get_data (G_OBJECT (peer->connection),
                                                                 "action-id"),
                                  "Message", "Authentication failed",
                                  NULL);
  ami_peer_write (peer, error);
  /* Asterisk closes the socket after a failed login */
  g_ptr_array_remove (peer->fake->peers, peer);
  return G_SOURCE_REMOVE;
}

static void
on_ami_peer_message (DipccAmiMessage *message,
                     gpointer         user_data)
{
  AmiPeer *peer = user_data;
  g_autoptr(DipccAmiMessage) action = message;
  const char *name = dipcc_ami_message_get (action, "Action");
  const char *action_id = dipcc_ami_message_get_action_id (action);
  g_autoptr(GPtrArray) answer = NULL;

  if (peer->stalled || peer->closing || name == NULL)
    return;

  if (g_ascii_strcasecmp (name, "Login") == 0)
    {
      if (g_strcmp0 (dipcc_ami_message_get (action, "Username"), USERNAME) == 0 &&
          g_strcmp0 (dipcc_ami_message_get (action, "Secret"), SECRET) == 0)
        {
          g_autoptr(DipccAmiMessage) ok = NULL;
          g_autoptr(DipccAmiMessage) booted = NULL;

          peer->logged_in = TRUE;
          ok = dipcc_test_message_new ("Response", "Success", "ActionID", action_id,
                                       "Message", "Authentication accepted", NULL);
          booted = dipcc_test_message_new ("Event", "FullyBooted", "Privilege", "system,all",
                                           "Status", "Fully Booted", NULL);
          ami_peer_write (peer, ok);
          ami_peer_write (peer, booted);
        }
      else
        {
          peer->closing = TRUE;
          g_object_set_data_full (G_OBJECT (peer->connection), "action-id",
                                  g_strdup (action_id), g_free);
          g_timeout_add (peer->fake->login_delay_ms, ami_peer_reject_login, peer);
        }
      return;
    }

  if (!peer->logged_in)
    {
      g_autoptr(DipccAmiMessage) denied = NULL;

      denied = dipcc_test_message_new ("Response", "Error", "ActionID", action_id,
                                       "Message", "Permission denied", NULL);
      ami_peer_write (peer, denied);
      return;
    }

  answer = pbx_answer (&peer->fake->pbx, action, peer->fake->old_style_lists);
  for (guint i = 0; i < answer->len; i++)
    ami_peer_write (peer, g_ptr_array_index (answer, i));
}

static const DipccAmiParserCallbacks ami_peer_callbacks = { on_ami_peer_message, NULL, NULL };

static void ami_peer_start_read (AmiPeer *peer);

static void
on_ami_peer_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AmiPeer *peer = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (n <= 0)
    {
      g_ptr_array_remove (peer->fake->peers, peer);
      return;
    }
  g_string_append_len (peer->fake->received, (const char *) peer->buffer, n);
  dipcc_ami_parser_feed (peer->parser, (const char *) peer->buffer, n);
  ami_peer_start_read (peer);
}

static void
ami_peer_start_read (AmiPeer *peer)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (peer->connection)),
                             peer->buffer, sizeof peer->buffer, G_PRIORITY_DEFAULT,
                             peer->cancellable, on_ami_peer_read, peer);
}

static gboolean
on_ami_incoming (GSocketService    *service,
                 GSocketConnection *connection,
                 GObject           *source,
                 gpointer           user_data)
{
  FakeAmi *fake = user_data;
  AmiPeer *peer = g_new0 (AmiPeer, 1);

  fake->connections++;
  peer->fake = fake;
  peer->connection = g_object_ref (connection);
  peer->cancellable = g_cancellable_new ();
  peer->parser = dipcc_ami_parser_new (&ami_peer_callbacks, peer);
  g_queue_init (&peer->writes);
  g_ptr_array_add (fake->peers, peer);

  ami_peer_write_bytes (peer, g_bytes_new_static ("Asterisk Call Manager/5.0.1\r\n", 29));
  ami_peer_start_read (peer);
  return TRUE;
}

static void
fake_ami_listen (FakeAmi *fake)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, fake->port);
  g_autoptr(GSocketAddress) effective = NULL;

  fake->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (fake->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (fake->service, "incoming", G_CALLBACK (on_ami_incoming), fake);
  g_socket_service_start (fake->service);
}

static FakeAmi *
fake_ami_new (void)
{
  FakeAmi *fake = g_new0 (FakeAmi, 1);

  fake->peers = g_ptr_array_new_with_free_func ((GDestroyNotify) ami_peer_free);
  fake->received = g_string_new (NULL);
  fake->login_delay_ms = 50;
  fake_pbx_init (&fake->pbx, 1, "127.0.0.1");
  fake_ami_listen (fake);
  return fake;
}

static void
fake_ami_stall (FakeAmi *fake)
{
  for (guint i = 0; i < fake->peers->len; i++)
    ((AmiPeer *) g_ptr_array_index (fake->peers, i))->stalled = TRUE;
}

static void
fake_ami_kill (FakeAmi *fake)
{
  g_ptr_array_set_size (fake->peers, 0);
  if (fake->service != NULL)
    {
      g_socket_service_stop (fake->service);
      g_socket_listener_close (G_SOCKET_LISTENER (fake->service));
      g_clear_object (&fake->service);
    }
}

static void
fake_ami_free (FakeAmi *fake)
{
  fake_ami_kill (fake);
  run_for (20);
  g_ptr_array_unref (fake->peers);
  g_string_free (fake->received, TRUE);
  fake_pbx_clear (&fake->pbx);
  g_free (fake);
}

/* ---- recording the client ----------------------------------------------- */

typedef struct {
  DipccPbxClient *client;
  GPtrArray      *events;       /* of DipccAmiMessage */
  GArray         *resynced;     /* of int */
  GArray         *server_changes;   /* of int: +id up, -id down */
  GArray         *states;       /* of DipccPbxState */
} Recorder;

static void
on_event (DipccPbxClient  *client,
          DipccAmiMessage *message,
          Recorder        *rec)
{
  g_ptr_array_add (rec->events, dipcc_ami_message_ref (message));
}

static void
on_resynced (DipccPbxClient *client,
             int             server_id,
             Recorder       *rec)
{
  g_array_append_val (rec->resynced, server_id);
}

static void
on_server_state_changed (DipccPbxClient *client,
                         int             server_id,
                         gboolean        up,
                         Recorder       *rec)
{
  int change = up ? server_id : -server_id;

  g_array_append_val (rec->server_changes, change);
}

static void
on_state (DipccPbxClient *client,
          GParamSpec     *pspec,
          Recorder       *rec)
{
  DipccPbxState state = dipcc_pbx_client_get_state (client);

  g_array_append_val (rec->states, state);
}

static Recorder *
recorder_new (DipccTransport *transport)
{
  Recorder *rec = g_new0 (Recorder, 1);

  rec->client = dipcc_pbx_client_new (transport);
  rec->events = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref);
  rec->resynced = g_array_new (FALSE, FALSE, sizeof (int));
  rec->server_changes = g_array_new (FALSE, FALSE, sizeof (int));
  rec->states = g_array_new (FALSE, FALSE, sizeof (DipccPbxState));
  g_signal_connect (rec->client, "event", G_CALLBACK (on_event), rec);
  g_signal_connect (rec->client, "resynced", G_CALLBACK (on_resynced), rec);
  g_signal_connect (rec->client, "server-state-changed",
                    G_CALLBACK (on_server_state_changed), rec);
  g_signal_connect (rec->client, "notify::state", G_CALLBACK (on_state), rec);
  /* fast knobs; each test changes what it measures */
  g_object_set (rec->client,
                "keepalive-interval", 5000,
                "keepalive-timeout", 2000,
                "backoff-initial", 50,
                "backoff-max", 400,
                "action-timeout", 2000,
                NULL);
  return rec;
}

static Recorder *
recorder_new_ws (FakeAmiws *fake)
{
  g_autoptr(DipccWsTransport) transport = dipcc_ws_transport_new (fake->uri);
  Recorder *rec = recorder_new (DIPCC_TRANSPORT (transport));

  if (fake->n_pbx > 1)
    {
      static const int ids[] = { 1, 2 };

      dipcc_pbx_client_set_server_ids (rec->client, ids, G_N_ELEMENTS (ids));
    }
  return rec;
}

static Recorder *
recorder_new_ami (FakeAmi *fake)
{
  g_autoptr(DipccAmiTransport) transport = dipcc_ami_transport_new ("127.0.0.1", fake->port,
                                                                    FALSE);
  Recorder *rec = recorder_new (DIPCC_TRANSPORT (transport));

  dipcc_pbx_client_set_credentials (rec->client, USERNAME, SECRET);
  return rec;
}

static void
recorder_free (Recorder *rec)
{
  DipccTransport *transport = dipcc_pbx_client_get_transport (rec->client);

  g_object_add_weak_pointer (G_OBJECT (transport), (gpointer *) &transport);
  dipcc_pbx_client_stop (rec->client);
  g_signal_handlers_disconnect_by_data (rec->client, rec);
  g_assert_finalize_object (rec->client);
  /* the transport went with the client */
  g_assert_null (transport);
  g_ptr_array_unref (rec->events);
  g_array_unref (rec->resynced);
  g_array_unref (rec->server_changes);
  g_array_unref (rec->states);
  g_free (rec);
}

static guint
count_events (Recorder   *rec,
              const char *name,
              int         server_id)
{
  guint n = 0;

  for (guint i = 0; i < rec->events->len; i++)
    {
      DipccAmiMessage *m = g_ptr_array_index (rec->events, i);

      if (dipcc_ami_message_is_event (m, name) &&
          (server_id < 0 || dipcc_ami_message_get_server_id (m) == server_id))
        n++;
    }
  return n;
}

static gboolean
has_event_with (Recorder   *rec,
                const char *name,
                const char *key,
                const char *value)
{
  for (guint i = 0; i < rec->events->len; i++)
    {
      DipccAmiMessage *m = g_ptr_array_index (rec->events, i);

      if (dipcc_ami_message_is_event (m, name) &&
          g_strcmp0 (dipcc_ami_message_get (m, key), value) == 0)
        return TRUE;
    }
  return FALSE;
}

static guint
count_resynced (Recorder *rec,
                int       server_id)
{
  guint n = 0;

  for (guint i = 0; i < rec->resynced->len; i++)
    if (g_array_index (rec->resynced, int, i) == server_id)
      n++;
  return n;
}

#define STATE(rec) dipcc_pbx_client_get_state ((rec)->client)

/* ---- sending actions ---------------------------------------------------- */

typedef struct {
  gboolean           done;
  DipccActionResult *result;
  GError            *error;
  gint64             finished_at;
} Call;

static void
on_action_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Call *call = user_data;

  call->result = dipcc_pbx_client_send_action_finish (DIPCC_PBX_CLIENT (source), result,
                                                      &call->error);
  call->finished_at = g_get_monotonic_time ();
  call->done = TRUE;
}

static void
call_clear (Call *call)
{
  g_clear_pointer (&call->result, dipcc_action_result_unref);
  g_clear_error (&call->error);
  call->done = FALSE;
}

static void
send_and_wait (Recorder         *rec,
               const char       *action_name,
               int               server_id,
               DipccActionFlags  flags,
               guint             timeout_ms,
               Call             *call)
{
  g_autoptr(DipccAmiMessage) action = dipcc_ami_message_new_action (action_name);

  call_clear (call);
  dipcc_pbx_client_send_action_async (rec->client, action, server_id, flags, timeout_ms, NULL,
                                      on_action_done, call);
  WAIT_FOR (call->done, 5000);
}

/* ---- tests: WebSocket --------------------------------------------------- */

static void
test_ws_connect_resync (void)
{
  FakeAmiws *fake = fake_amiws_new (2);
  Recorder *rec;
  Call call = { 0, };

  fake_pbx_add_channel (&fake->pbx[0], "PJSIP/0101-00000001", "1598510618.33");
  rec = recorder_new_ws (fake);

  dipcc_pbx_client_start (rec->client);
  g_assert_cmpint (STATE (rec), ==, DIPCC_PBX_STATE_CONNECTING);
  WAIT_FOR (count_resynced (rec, 1) == 1 && count_resynced (rec, 2) == 1, 5000);
  g_assert_cmpint (STATE (rec), ==, DIPCC_PBX_STATE_CONNECTED);
  g_assert_null (dipcc_pbx_client_get_last_error (rec->client));

  /* the resync items reached the models, tagged per server */
  g_assert_cmpuint (count_events (rec, "EndpointList", 1), ==, 2);
  g_assert_cmpuint (count_events (rec, "EndpointList", 2), ==, 2);
  g_assert_cmpuint (count_events (rec, "CoreShowChannel", 1), ==, 1);
  g_assert_true (has_event_with (rec, "CoreShowChannel", "Uniqueid", "1598510618.33"));
  g_assert_true (dipcc_pbx_client_is_server_up (rec->client, 1));
  g_assert_true (dipcc_pbx_client_is_server_up (rec->client, 2));

  send_and_wait (rec, "Command", 2, DIPCC_ACTION_FLAGS_NONE, 0, &call);
  g_assert_no_error (call.error);
  g_assert_cmpint (dipcc_action_result_get_server_id (call.result), ==, 2);
  g_assert_cmpstr (dipcc_ami_message_get (dipcc_action_result_get_response (call.result),
                                          "Message"), ==, "Done");
  g_assert_cmpint (dipcc_ami_message_get_server_id (
                     dipcc_action_result_get_response (call.result)), ==, 2);
  g_assert_true (g_str_has_prefix (dipcc_action_result_get_action_id (call.result), "dipcc-"));

  /* every action carried AMIServerID: the proxy routes on nothing else */
  g_assert_cmpuint (fake->frames->len, >=, 5);
  for (guint i = 0; i < fake->frames->len; i++)
    {
      const char *frame = g_ptr_array_index (fake->frames, i);
      g_autoptr(DipccWsEnvelope) envelope = NULL;

      envelope = dipcc_ws_envelope_decode_action (frame, strlen (frame), NULL);
      g_assert_nonnull (envelope);
      g_assert_cmpint (envelope->ami_server_id, >=, 1);
      g_assert_nonnull (dipcc_ami_message_get_action_id (envelope->message));
    }

  call_clear (&call);
  recorder_free (rec);
  fake_amiws_free (fake);
}

static void
test_ws_bad_utf8_reconnects_at_once (void)
{
  FakeAmiws *fake = fake_amiws_new (1);
  Recorder *rec = recorder_new_ws (fake);
  gint64 start;
  double elapsed_ms;

  /* a backoff this long would show */
  g_object_set (rec->client, "backoff-initial", 5000, "backoff-max", 5000, NULL);
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);
  g_assert_cmpuint (count_events (rec, "CoreShowChannel", -1), ==, 0);

  /* a call comes in with a Latin-1 name: its events are lost with the
   * connection, but the resync must still find it */
  fake_pbx_add_channel (&fake->pbx[0], "PJSIP/MAKECALL-00000003", "1598510618.34");
  start = g_get_monotonic_time ();
  fake_amiws_send_invalid_utf8 (fake);

  WAIT_FOR (count_resynced (rec, 1) == 2, 3000);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("reconnected and resynced %.1f ms after the 1007 close", elapsed_ms);
  g_assert_cmpfloat (elapsed_ms, <, 1000);
  g_assert_cmpuint (fake->connections, ==, 2);
  g_assert_cmpint (STATE (rec), ==, DIPCC_PBX_STATE_CONNECTED);
  g_assert_true (has_event_with (rec, "CoreShowChannel", "Uniqueid", "1598510618.34"));

  /* it went through RECONNECTING, not a backoff wait */
  {
    gboolean saw_reconnecting = FALSE;

    for (guint i = 0; i < rec->states->len; i++)
      saw_reconnecting |= g_array_index (rec->states, DipccPbxState, i) ==
                          DIPCC_PBX_STATE_RECONNECTING;
    g_assert_true (saw_reconnecting);
  }

  recorder_free (rec);
  fake_amiws_free (fake);
}

static void
test_ws_server_restart (void)
{
  FakeAmiws *fake = fake_amiws_new (1);
  Recorder *rec = recorder_new_ws (fake);
  gint64 restarted;
  guint attempts_while_down;

  g_object_set (rec->client, "backoff-initial", 100, "backoff-max", 400, NULL);
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);

  fake_amiws_kill (fake);
  WAIT_FOR (STATE (rec) == DIPCC_PBX_STATE_RECONNECTING, 3000);
  g_assert_error (dipcc_pbx_client_get_last_error (rec->client), DIPCC_ERROR,
                  DIPCC_ERROR_NETWORK);

  /* down for a while: attempts back off (100, 200, 400, 400 ms ±20 %) */
  run_for (1000);
  g_assert_cmpuint (count_resynced (rec, 1), ==, 1);

  fake_pbx_add_channel (&fake->pbx[0], "PJSIP/0101-00000009", "1598510700.1");
  attempts_while_down = fake->connections;
  fake_amiws_listen (fake);
  restarted = g_get_monotonic_time ();
  WAIT_FOR (count_resynced (rec, 1) == 2, 3000);
  g_test_message ("reconnected and resynced %.1f ms after the server came back "
                  "(backoff knobs 100–400 ms)",
                  (g_get_monotonic_time () - restarted) / 1000.0);
  g_assert_cmpuint (fake->connections, ==, attempts_while_down + 1);
  g_assert_cmpint (STATE (rec), ==, DIPCC_PBX_STATE_CONNECTED);
  g_assert_true (has_event_with (rec, "CoreShowChannel", "Uniqueid", "1598510700.1"));

  recorder_free (rec);
  fake_amiws_free (fake);
}

static void
test_ws_multi_server_one_down (void)
{
  FakeAmiws *fake = fake_amiws_new (2);
  Recorder *rec = recorder_new_ws (fake);
  gint64 start;
  static const int down_2[] = { -2 };

  g_object_set (rec->client, "keepalive-interval", 50, "keepalive-timeout", 150, NULL);
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1 && count_resynced (rec, 2) == 1, 5000);
  g_array_set_size (rec->server_changes, 0);

  fake->pbx[1].stalled = TRUE;
  start = g_get_monotonic_time ();
  WAIT_FOR (rec->server_changes->len == 1, 3000);
  g_test_message ("server 2 shown down %.1f ms after it stopped answering",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpmem (rec->server_changes->data, sizeof (int), down_2, sizeof (int));
  g_assert_false (dipcc_pbx_client_is_server_up (rec->client, 2));
  g_assert_true (dipcc_pbx_client_is_server_up (rec->client, 1));

  /* the other one goes on: no reconnect */
  run_for (500);
  g_assert_cmpint (STATE (rec), ==, DIPCC_PBX_STATE_CONNECTED);
  g_assert_cmpuint (fake->connections, ==, 1);
  g_assert_cmpuint (rec->server_changes->len, ==, 1);

  /* it comes back, and is resynced */
  fake->pbx[1].stalled = FALSE;
  WAIT_FOR (count_resynced (rec, 2) == 2, 3000);
  g_assert_true (dipcc_pbx_client_is_server_up (rec->client, 2));
  g_assert_cmpint (g_array_index (rec->server_changes, int, 1), ==, 2);

  /* all down: the link is dead */
  fake->pbx[0].stalled = TRUE;
  fake->pbx[1].stalled = TRUE;
  WAIT_FOR (STATE (rec) != DIPCC_PBX_STATE_CONNECTED, 3000);
  g_assert_error (dipcc_pbx_client_get_last_error (rec->client), DIPCC_ERROR,
                  DIPCC_ERROR_TIMEOUT);

  recorder_free (rec);
  fake_amiws_free (fake);
}

static void
test_ws_no_reply (void)
{
  FakeAmiws *fake = fake_amiws_new (1);
  Recorder *rec = recorder_new_ws (fake);
  Call call = { 0, };

  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);

  /* amiws drops OriginateResponse and Goodbye: never wait for them */
  send_and_wait (rec, "Originate", -1, DIPCC_ACTION_FLAGS_NONE, 0, &call);
  g_assert_no_error (call.error);
  g_assert_null (dipcc_action_result_get_response (call.result));

  send_and_wait (rec, "Hang", -1, DIPCC_ACTION_FLAGS_NO_REPLY, 0, &call);
  g_assert_no_error (call.error);
  g_assert_null (dipcc_action_result_get_response (call.result));

  call_clear (&call);
  recorder_free (rec);
  fake_amiws_free (fake);
}

/* ---- tests: actions ----------------------------------------------------- */

static void
test_action_timeout (void)
{
  FakeAmiws *fake = fake_amiws_new (1);
  Recorder *rec = recorder_new_ws (fake);
  Call call = { 0, };
  gint64 start;

  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);

  start = g_get_monotonic_time ();
  send_and_wait (rec, "Hang", -1, DIPCC_ACTION_FLAGS_NONE, 200, &call);
  g_assert_error (call.error, DIPCC_ERROR, DIPCC_ERROR_TIMEOUT);
  g_assert_cmpint (call.finished_at - start, >=, 190 * 1000);
  g_assert_cmpint (call.finished_at - start, <, 2000 * 1000);
  /* one slow action is not a dead link */
  g_assert_cmpint (STATE (rec), ==, DIPCC_PBX_STATE_CONNECTED);

  call_clear (&call);
  recorder_free (rec);
  fake_amiws_free (fake);
}

static void
test_action_cancel (void)
{
  FakeAmiws *fake = fake_amiws_new (1);
  Recorder *rec = recorder_new_ws (fake);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(DipccAmiMessage) action = dipcc_ami_message_new_action ("Hang");
  g_autoptr(DipccAmiMessage) late = NULL;
  Call call = { 0, };
  char *action_id;
  guint events_before;

  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);

  dipcc_pbx_client_send_action_async (rec->client, action, -1, DIPCC_ACTION_FLAGS_NONE, 0,
                                      cancellable, on_action_done, &call);
  run_for (50);
  g_assert_false (call.done);
  g_cancellable_cancel (cancellable);
  WAIT_FOR (call.done, 2000);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* the answer that comes later is nobody's: it goes out as an event */
  {
    const char *frame = g_ptr_array_index (fake->frames, fake->frames->len - 1);
    g_autoptr(DipccWsEnvelope) envelope = dipcc_ws_envelope_decode_action (frame,
                                                                          strlen (frame),
                                                                          NULL);

    action_id = g_strdup (dipcc_ami_message_get_action_id (envelope->message));
  }
  events_before = rec->events->len;
  late = dipcc_test_message_new ("Response", "Success", "ActionID", action_id, NULL);
  amiws_broadcast (fake, DIPCC_WS_FRAME_RESPONSE, &fake->pbx[0], late);
  WAIT_FOR (rec->events->len == events_before + 1, 2000);
  g_free (action_id);

  /* a cancellable cancelled before sending */
  call_clear (&call);
  dipcc_pbx_client_send_action_async (rec->client, action, -1, DIPCC_ACTION_FLAGS_NONE, 0,
                                      cancellable, on_action_done, &call);
  WAIT_FOR (call.done, 2000);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  call_clear (&call);
  recorder_free (rec);
  fake_amiws_free (fake);
}

static void
test_action_foreign_ids (void)
{
  FakeAmiws *fake = fake_amiws_new (1);
  Recorder *rec = recorder_new_ws (fake);
  g_autoptr(DipccAmiMessage) action = dipcc_ami_message_new_action ("PJSIPShowEndpoints");
  g_autoptr(DipccAmiMessage) foreign = NULL;
  Call call = { 0, };
  guint events_before;

  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);
  events_before = count_events (rec, "EndpointList", -1);

  /* another client's list runs while ours does: amiws broadcasts both */
  dipcc_pbx_client_send_action_async (rec->client, action, -1, DIPCC_ACTION_FLAGS_LIST, 0,
                                      NULL, on_action_done, &call);
  foreign = dipcc_test_message_new ("Response", "Success", "ActionID", "other-client-1",
                                    "EventList", "start", NULL);
  amiws_broadcast (fake, DIPCC_WS_FRAME_RESPONSE, &fake->pbx[0], foreign);
  dipcc_ami_message_unref (foreign);
  foreign = dipcc_test_message_new ("Event", "EndpointList", "ObjectName", "9999",
                                    "ActionID", "other-client-1", NULL);
  amiws_broadcast (fake, DIPCC_WS_FRAME_EVENT, &fake->pbx[0], foreign);
  dipcc_ami_message_unref (foreign);
  foreign = dipcc_test_message_new ("Event", "EndpointListComplete", "EventList", "Complete",
                                    "ActionID", "other-client-1", NULL);
  amiws_broadcast (fake, DIPCC_WS_FRAME_EVENT, &fake->pbx[0], foreign);

  WAIT_FOR (call.done, 3000);
  g_assert_no_error (call.error);
  /* ours: exactly our two endpoints */
  g_assert_cmpuint (dipcc_action_result_get_items (call.result)->len, ==, 2);
  g_assert_nonnull (dipcc_action_result_get_complete (call.result));

  /* theirs: all of it reached the models; ours did not (no EMIT_EVENTS) */
  WAIT_FOR (has_event_with (rec, "EndpointListComplete", "ActionID", "other-client-1"), 2000);
  g_assert_true (has_event_with (rec, "EndpointList", "ObjectName", "9999"));
  g_assert_cmpuint (count_events (rec, "EndpointList", -1), ==, events_before + 1);
  {
    gboolean saw_response = FALSE;

    for (guint i = 0; i < rec->events->len; i++)
      {
        DipccAmiMessage *m = g_ptr_array_index (rec->events, i);

        saw_response |= dipcc_ami_message_is_response (m, "Success") &&
                        g_strcmp0 (dipcc_ami_message_get_action_id (m), "other-client-1") == 0;
      }
    g_assert_true (saw_response);
  }

  call_clear (&call);
  recorder_free (rec);
  fake_amiws_free (fake);
}

static void
test_action_lists (gconstpointer data)
{
  gboolean old_style = GPOINTER_TO_INT (data);
  FakeAmi *fake = fake_ami_new ();
  Recorder *rec;
  Call call = { 0, };

  fake->old_style_lists = old_style;
  fake_pbx_add_channel (&fake->pbx, "PJSIP/0101-00000001", "1.1");
  fake_pbx_add_channel (&fake->pbx, "PJSIP/0102-00000002", "1.2");
  rec = recorder_new_ami (fake);
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);
  g_assert_cmpuint (count_events (rec, "CoreShowChannel", 1), ==, 2);

  send_and_wait (rec, "CoreShowChannels", -1, DIPCC_ACTION_FLAGS_LIST, 0, &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (dipcc_action_result_get_items (call.result)->len, ==, 2);
  g_assert_true (dipcc_ami_message_is_event (dipcc_action_result_get_complete (call.result),
                                             "CoreShowChannelsComplete"));
  g_assert_true (dipcc_ami_message_is_response (dipcc_action_result_get_response (call.result),
                                                "Success"));
  /* not asked to: the items stayed with the action */
  g_assert_cmpuint (count_events (rec, "CoreShowChannel", 1), ==, 2);

  /* a list action sent without the flag is recognised by EventList */
  if (!old_style)
    {
      send_and_wait (rec, "PJSIPShowEndpoints", -1, DIPCC_ACTION_FLAGS_NONE, 0, &call);
      g_assert_no_error (call.error);
      g_assert_cmpuint (dipcc_action_result_get_items (call.result)->len, ==, 2);
    }

  call_clear (&call);
  recorder_free (rec);
  fake_ami_free (fake);
}

static void
test_action_error (void)
{
  FakeAmiws *fake = fake_amiws_new (1);
  Recorder *rec = recorder_new_ws (fake);
  Call call = { 0, };

  send_and_wait (rec, "Command", -1, DIPCC_ACTION_FLAGS_NONE, 0, &call);
  g_assert_error (call.error, DIPCC_ERROR, DIPCC_ERROR_NETWORK);

  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);

  send_and_wait (rec, "Fail", -1, DIPCC_ACTION_FLAGS_NONE, 0, &call);
  g_assert_error (call.error, DIPCC_ERROR, DIPCC_ERROR_FAILED);
  g_assert_nonnull (strstr (call.error->message, "Permission  denied"));
  g_assert_true (g_utf8_validate (call.error->message, -1, NULL));
  g_assert_null (strchr (call.error->message, '\x01'));

  call_clear (&call);
  recorder_free (rec);
  fake_amiws_free (fake);
}

/* ---- tests: AMI over TCP ------------------------------------------------ */

static void
test_ami_connect_and_stall (void)
{
  FakeAmi *fake = fake_ami_new ();
  Recorder *rec = recorder_new_ami (fake);
  gint64 start;
  double detect_ms;

  g_object_set (rec->client, "keepalive-interval", 100, "keepalive-timeout", 150,
                "backoff-initial", 50, NULL);
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);
  g_assert_cmpint (g_array_index (rec->states, DipccPbxState, 1), ==,
                   DIPCC_PBX_STATE_AUTHENTICATING);
  g_assert_cmpuint (count_events (rec, "FullyBooted", 1), ==, 1);
  g_assert_cmpuint (count_events (rec, "EndpointList", 1), ==, 2);

  /* half-open: the socket stays, nothing answers */
  run_for (300);
  g_assert_cmpint (STATE (rec), ==, DIPCC_PBX_STATE_CONNECTED);
  fake_ami_stall (fake);
  start = g_get_monotonic_time ();
  WAIT_FOR (STATE (rec) != DIPCC_PBX_STATE_CONNECTED, 3000);
  detect_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_test_message ("stall detected after %.1f ms (knobs: ping every 100 ms, "
                  "150 ms to answer; worst case interval + timeout = 250 ms)", detect_ms);
  g_assert_cmpfloat (detect_ms, <, 250 + 750);
  g_assert_error (dipcc_pbx_client_get_last_error (rec->client), DIPCC_ERROR,
                  DIPCC_ERROR_TIMEOUT);

  /* new connections answer again */
  WAIT_FOR (count_resynced (rec, 1) == 2, 3000);
  g_assert_cmpint (STATE (rec), ==, DIPCC_PBX_STATE_CONNECTED);
  g_assert_cmpuint (fake->connections, ==, 2);

  recorder_free (rec);
  fake_ami_free (fake);
}

static void
test_ami_server_restart (void)
{
  FakeAmi *fake = fake_ami_new ();
  Recorder *rec = recorder_new_ami (fake);
  gint64 restarted;

  g_object_set (rec->client, "backoff-initial", 100, "backoff-max", 400, NULL);
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);

  fake_ami_kill (fake);
  WAIT_FOR (STATE (rec) == DIPCC_PBX_STATE_RECONNECTING, 3000);
  run_for (700);
  fake_ami_listen (fake);
  restarted = g_get_monotonic_time ();
  WAIT_FOR (count_resynced (rec, 1) == 2, 3000);
  g_test_message ("AMI: reconnected, logged in and resynced %.1f ms after the server came "
                  "back (backoff knobs 100–400 ms)",
                  (g_get_monotonic_time () - restarted) / 1000.0);

  recorder_free (rec);
  fake_ami_free (fake);
}

/* -m slow: the production intervals (Ping every 15 s, 10 s to answer,
 * backoff from 0.5 s), to measure what an agent sees. */
static void
test_ami_production_intervals (void)
{
  FakeAmi *fake;
  Recorder *rec;
  gint64 start;
  gint64 restarted;

  if (!g_test_slow ())
    {
      g_test_skip ("takes about 40 s; run with -m slow");
      return;
    }

  fake = fake_ami_new ();
  rec = recorder_new_ami (fake);
  g_object_set (rec->client,
                "keepalive-interval", 15000, "keepalive-timeout", 10000,
                "backoff-initial", 500, "backoff-max", 30000,
                "action-timeout", 10000,
                NULL);
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);

  fake_ami_stall (fake);
  start = g_get_monotonic_time ();
  WAIT_FOR (STATE (rec) != DIPCC_PBX_STATE_CONNECTED, 30000);
  g_test_message ("production: stall detected after %.2f s (bound 15 + 10 s)",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  WAIT_FOR (count_resynced (rec, 1) == 2, 5000);
  g_test_message ("production: reconnected and resynced %.2f s after the stall began",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  /* down 5 s: attempts at about 0.5, 1.5, 3.5, 7.5 s after the loss */
  fake_ami_kill (fake);
  start = g_get_monotonic_time ();
  run_for (5000);
  fake_ami_listen (fake);
  restarted = g_get_monotonic_time ();
  WAIT_FOR (count_resynced (rec, 1) == 3, 35000);
  g_test_message ("production: server down 5 s; reconnected and resynced %.2f s after it "
                  "came back (%.2f s after the loss)",
                  (g_get_monotonic_time () - restarted) / (double) G_USEC_PER_SEC,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  recorder_free (rec);
  fake_ami_free (fake);
}

static void
test_ami_auth_failure (void)
{
  FakeAmi *fake = fake_ami_new ();
  Recorder *rec = recorder_new_ami (fake);

  dipcc_pbx_client_set_credentials (rec->client, USERNAME, "wrong");
  g_object_set (rec->client, "backoff-initial", 10, "backoff-max", 20, NULL);
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (STATE (rec) == DIPCC_PBX_STATE_AUTH_FAILED, 3000);
  g_assert_error (dipcc_pbx_client_get_last_error (rec->client), DIPCC_ERROR,
                  DIPCC_ERROR_AUTH);

  /* no reconnect storm: one attempt in all this time */
  run_for (600);
  g_assert_cmpuint (fake->connections, ==, 1);
  g_assert_cmpint (STATE (rec), ==, DIPCC_PBX_STATE_AUTH_FAILED);
  g_assert_cmpuint (dipcc_pbx_client_get_reconnect_in (rec->client), ==, 0);

  /* fixed in Preferences */
  dipcc_pbx_client_set_credentials (rec->client, USERNAME, SECRET);
  dipcc_pbx_client_reconnect_now (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 3000);
  g_assert_cmpuint (fake->connections, ==, 2);
  g_assert_null (dipcc_pbx_client_get_last_error (rec->client));

  recorder_free (rec);
  fake_ami_free (fake);
}

static void
test_ami_missing_credentials (void)
{
  FakeAmi *fake = fake_ami_new ();
  Recorder *rec = recorder_new_ami (fake);

  dipcc_pbx_client_set_credentials (rec->client, NULL, NULL);
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (STATE (rec) == DIPCC_PBX_STATE_AUTH_FAILED, 3000);
  g_assert_error (dipcc_pbx_client_get_last_error (rec->client), DIPCC_ERROR,
                  DIPCC_ERROR_NOT_CONFIGURED);

  recorder_free (rec);
  fake_ami_free (fake);
}

static void
test_secret_never_logged (void)
{
  FakeAmi *fake = fake_ami_new ();
  Recorder *rec = recorder_new_ami (fake);
  g_auto(GValue) value = G_VALUE_INIT;
  GParamSpec **pspecs;
  guint n_pspecs;

  g_string_truncate (captured_log, 0);

  /* rejected, then accepted: both paths */
  dipcc_pbx_client_set_credentials (rec->client, USERNAME, SECRET "-wrong");
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (STATE (rec) == DIPCC_PBX_STATE_AUTH_FAILED, 3000);
  g_assert_null (strstr (dipcc_pbx_client_get_last_error (rec->client)->message, SECRET));

  dipcc_pbx_client_set_credentials (rec->client, USERNAME, SECRET);
  dipcc_pbx_client_reconnect_now (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 3000);

  /* the secret did go over the wire, so the test means something */
  g_assert_nonnull (strstr (fake->received->str, "Secret: " SECRET "\r\n"));
  /* debug output was produced and captured */
  g_assert_cmpuint (captured_log->len, >, 0);
  g_assert_null (strstr (captured_log->str, SECRET));

  /* and no property gives it back */
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (rec->client), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_autofree char *contents = NULL;

      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (rec->client), pspecs[i]->name, &value);
      contents = g_strdup_value_contents (&value);
      g_assert_null (strstr (contents, SECRET));
      g_value_unset (&value);
    }
  g_free (pspecs);

  recorder_free (rec);
  fake_ami_free (fake);
}

/* ---- tests: state ------------------------------------------------------- */

static void
test_reconnect_in (void)
{
  FakeAmiws *fake = fake_amiws_new (1);
  Recorder *rec = recorder_new_ws (fake);
  guint in;

  fake_amiws_kill (fake);
  g_object_set (rec->client, "backoff-initial", 3000, "backoff-max", 30000, NULL);
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (STATE (rec) == DIPCC_PBX_STATE_RECONNECTING, 3000);
  /* 3 s ±20 % */
  in = dipcc_pbx_client_get_reconnect_in (rec->client);
  g_assert_cmpuint (in, >=, 3);
  g_assert_cmpuint (in, <=, 4);

  /* "retry now" skips the wait */
  fake_amiws_listen (fake);
  dipcc_pbx_client_reconnect_now (rec->client);
  g_assert_cmpuint (dipcc_pbx_client_get_reconnect_in (rec->client), ==, 0);
  WAIT_FOR (count_resynced (rec, 1) == 1, 2000);

  dipcc_pbx_client_stop (rec->client);
  g_assert_cmpint (STATE (rec), ==, DIPCC_PBX_STATE_DISCONNECTED);
  run_for (100);
  g_assert_cmpint (STATE (rec), ==, DIPCC_PBX_STATE_DISCONNECTED);

  recorder_free (rec);
  fake_amiws_free (fake);
}

static void
test_backoff_doubles_and_resets (void)
{
  FakeAmiws *fake = fake_amiws_new (1);
  Recorder *rec = recorder_new_ws (fake);
  guint in;

  g_object_set (rec->client, "backoff-initial", 1000, "backoff-max", 8000,
                "stable-time", 300, NULL);
  dipcc_pbx_client_start (rec->client);
  WAIT_FOR (count_resynced (rec, 1) == 1, 5000);
  run_for (400);   /* stable */

  fake_amiws_kill (fake);
  WAIT_FOR (STATE (rec) == DIPCC_PBX_STATE_RECONNECTING, 3000);
  in = dipcc_pbx_client_get_reconnect_in (rec->client);
  g_assert_cmpuint (in, >=, 1);   /* 1 s ±20 % */
  g_assert_cmpuint (in, <=, 2);

  /* that attempt fails (nothing listens): the next wait doubles */
  WAIT_FOR (STATE (rec) == DIPCC_PBX_STATE_CONNECTING, 3000);
  WAIT_FOR (STATE (rec) == DIPCC_PBX_STATE_RECONNECTING, 3000);
  in = dipcc_pbx_client_get_reconnect_in (rec->client);
  g_assert_cmpuint (in, >=, 2);   /* 2 s ±20 % */
  g_assert_cmpuint (in, <=, 3);

  /* back, stable again: the backoff starts over */
  fake_amiws_listen (fake);
  WAIT_FOR (count_resynced (rec, 1) == 2, 5000);
  run_for (400);
  fake_amiws_kill (fake);
  WAIT_FOR (STATE (rec) == DIPCC_PBX_STATE_RECONNECTING, 3000);
  in = dipcc_pbx_client_get_reconnect_in (rec->client);
  g_assert_cmpuint (in, >=, 1);
  g_assert_cmpuint (in, <=, 2);

  recorder_free (rec);
  fake_amiws_free (fake);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_properties_notify (void)
{
  g_autoptr(DipccWsTransport) transport = dipcc_ws_transport_new ("ws://127.0.0.1:1/");
  g_autoptr(DipccPbxClient) client = dipcc_pbx_client_new (DIPCC_TRANSPORT (transport));
  static const char *knobs[] = {
    "action-timeout", "keepalive-interval", "keepalive-timeout",
    "backoff-initial", "backoff-max", "stable-time",
  };
  static const int ids[] = { 3, 4 };
  g_autofree int *got = NULL;
  guint n;
  guint count = 0;

  /* set A: one notify; A again: none; B: one */
  for (guint i = 0; i < G_N_ELEMENTS (knobs); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", knobs[i], NULL);
      gulong id = g_signal_connect (client, signal, G_CALLBACK (count_notify), &count);
      guint value = 0;

      count = 0;
      g_object_set (client, knobs[i], 1234, NULL);
      g_assert_cmpuint (count, ==, 1);
      g_object_set (client, knobs[i], 1234, NULL);
      g_assert_cmpuint (count, ==, 1);
      g_object_set (client, knobs[i], 4321, NULL);
      g_assert_cmpuint (count, ==, 2);
      g_object_get (client, knobs[i], &value, NULL);
      g_assert_cmpuint (value, ==, 4321);
      g_signal_handler_disconnect (client, id);
    }

  g_signal_connect (client, "notify::server-ids", G_CALLBACK (count_notify), &count);
  count = 0;
  dipcc_pbx_client_set_server_ids (client, ids, G_N_ELEMENTS (ids));
  dipcc_pbx_client_set_server_ids (client, ids, G_N_ELEMENTS (ids));
  g_assert_cmpuint (count, ==, 1);
  got = dipcc_pbx_client_get_server_ids (client, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (got[0], ==, 3);
  g_assert_cmpint (got[1], ==, 4);
  g_assert_cmpint (dipcc_pbx_client_get_state (client), ==, DIPCC_PBX_STATE_DISCONNECTED);
  g_assert_cmpuint (dipcc_pbx_client_get_reconnect_in (client), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* libproxy throws C++ exceptions, which ASan cannot follow in a C
   * program; every target here is loopback anyway */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);
  g_log_set_default_handler (capture_handler, NULL);
  g_log_set_handler ("GLib-GIO", G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO, capture_handler, NULL);

  g_test_add_func ("/pbx-client/ws/connect-resync", test_ws_connect_resync);
  g_test_add_func ("/pbx-client/ws/bad-utf8-reconnects-at-once",
                   test_ws_bad_utf8_reconnects_at_once);
  g_test_add_func ("/pbx-client/ws/server-restart", test_ws_server_restart);
  g_test_add_func ("/pbx-client/ws/multi-server-one-down", test_ws_multi_server_one_down);
  g_test_add_func ("/pbx-client/ws/no-reply", test_ws_no_reply);
  g_test_add_func ("/pbx-client/action/timeout", test_action_timeout);
  g_test_add_func ("/pbx-client/action/cancel", test_action_cancel);
  g_test_add_func ("/pbx-client/action/foreign-ids", test_action_foreign_ids);
  g_test_add_data_func ("/pbx-client/action/list-eventlist", GINT_TO_POINTER (FALSE),
                        test_action_lists);
  g_test_add_data_func ("/pbx-client/action/list-old-style", GINT_TO_POINTER (TRUE),
                        test_action_lists);
  g_test_add_func ("/pbx-client/action/error", test_action_error);
  g_test_add_func ("/pbx-client/ami/connect-and-stall", test_ami_connect_and_stall);
  g_test_add_func ("/pbx-client/ami/server-restart", test_ami_server_restart);
  g_test_add_func ("/pbx-client/ami/production-intervals", test_ami_production_intervals);
  g_test_add_func ("/pbx-client/ami/auth-failure", test_ami_auth_failure);
  g_test_add_func ("/pbx-client/ami/missing-credentials", test_ami_missing_credentials);
  g_test_add_func ("/pbx-client/ami/secret-never-logged", test_secret_never_logged);
  g_test_add_func ("/pbx-client/state/reconnect-in", test_reconnect_in);
  g_test_add_func ("/pbx-client/state/backoff", test_backoff_doubles_and_resets);
  g_test_add_func ("/pbx-client/state/properties", test_properties_notify);

  return g_test_run ();
}
