/* test-ws-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DipccWsTransport against a SoupServer on 127.0.0.1 playing amiws.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dipcc-error.h"
#include "dipcc-test-utils.h"
#include "dipcc-tls-pin.h"
#include "dipcc-ws-envelope.h"
#include "dipcc-ws-transport.h"

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

static void
quiet_handler (const char     *log_domain,
               GLogLevelFlags  log_level,
               const char     *message,
               gpointer        user_data)
{
  if (!(log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)))
    g_log_default_handler (log_domain, log_level, message, user_data);
}

/* ---- the fake proxy ----------------------------------------------------- */

typedef struct {
  SoupServer              *server;
  char                    *uri;
  SoupWebsocketConnection *client;       /* the last one */
  GPtrArray               *frames;       /* of char *: what the client sent */
  char                    *protocol;     /* Sec-WebSocket-Protocol asked for */
  char                    *origin;
  guint                    connections;
} Fake;

static void
on_server_message (SoupWebsocketConnection *client,
                   int                      type,
                   GBytes                  *bytes,
                   gpointer                 user_data)
{
  Fake *fake = user_data;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_ptr_array_add (fake->frames, g_strndup (data, len));
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *client,
              gpointer                 user_data)
{
  Fake *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  fake->connections++;
  g_free (fake->protocol);
  fake->protocol = g_strdup (soup_message_headers_get_one (headers, "Sec-WebSocket-Protocol"));
  g_free (fake->origin);
  fake->origin = g_strdup (soup_message_headers_get_one (headers, "Origin"));
  g_clear_object (&fake->client);
  fake->client = g_object_ref (client);
  g_signal_connect (client, "message", G_CALLBACK (on_server_message), fake);
}

static Fake *
fake_new_full (GTlsCertificate *certificate)
{
  Fake *fake = g_new0 (Fake, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->frames = g_ptr_array_new_with_free_func (g_free);
  fake->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_websocket_handler (fake->server, NULL, NULL, NULL, on_websocket, fake, NULL);
  soup_server_listen_local (fake->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (certificate ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->uri = g_strdup_printf ("%s://127.0.0.1:%d/ami", certificate ? "wss" : "ws",
                               g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return fake;
}

static Fake *
fake_new (void)
{
  return fake_new_full (NULL);
}

static void
fake_free (Fake *fake)
{
  if (fake->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (fake->client, fake);
      g_clear_object (&fake->client);
    }
  soup_server_disconnect (fake->server);
  g_object_unref (fake->server);
  run_for (20);
  g_ptr_array_unref (fake->frames);
  g_free (fake->protocol);
  g_free (fake->origin);
  g_free (fake->uri);
  g_free (fake);
}

static void
fake_send (Fake       *fake,
           const char *text)
{
  soup_websocket_connection_send_text (fake->client, text);
}

/* libsoup refuses to send text that is not UTF-8: write the frame by hand */
static void
fake_send_raw_text (Fake       *fake,
                    const char *payload)
{
  gsize len = strlen (payload);
  g_autofree guint8 *frame = g_malloc (len + 2);
  GIOStream *stream = soup_websocket_connection_get_io_stream (fake->client);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (len, <, 126);
  frame[0] = 0x81;
  frame[1] = len;
  memcpy (frame + 2, payload, len);
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), frame, len + 2, NULL,
                             NULL, &error);
  g_assert_no_error (error);
}

/* ---- the client side ---------------------------------------------------- */

typedef struct {
  DipccWsTransport         *transport;
  GPtrArray                *messages;
  GPtrArray                *protocol_errors;
  gboolean                  connect_done;
  GError                   *connect_error;
  gboolean                  closed;
  GError                   *closed_error;
  DipccTransportCloseFlags  closed_flags;
} Client;

static void
on_message (DipccTransport  *transport,
            DipccAmiMessage *message,
            Client          *client)
{
  g_ptr_array_add (client->messages, dipcc_ami_message_ref (message));
}

static void
on_protocol_error (DipccTransport *transport,
                   const GError   *error,
                   Client         *client)
{
  g_ptr_array_add (client->protocol_errors, g_strdup (error->message));
}

static void
on_closed (DipccTransport           *transport,
           const GError             *error,
           DipccTransportCloseFlags  flags,
           Client                   *client)
{
  g_assert_false (client->closed);
  client->closed = TRUE;
  client->closed_error = error ? g_error_copy (error) : NULL;
  client->closed_flags = flags;
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Client *client = user_data;

  dipcc_transport_connect_finish (DIPCC_TRANSPORT (source), result, &client->connect_error);
  client->connect_done = TRUE;
}

static Client *
client_new (const char *uri)
{
  Client *client = g_new0 (Client, 1);

  client->transport = dipcc_ws_transport_new (uri);
  client->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref);
  client->protocol_errors = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (client->transport, "message", G_CALLBACK (on_message), client);
  g_signal_connect (client->transport, "protocol-error", G_CALLBACK (on_protocol_error),
                    client);
  g_signal_connect (client->transport, "closed", G_CALLBACK (on_closed), client);
  return client;
}

static void
client_connect (Client *client)
{
  client->connect_done = FALSE;
  g_clear_error (&client->connect_error);
  dipcc_transport_connect_async (DIPCC_TRANSPORT (client->transport), NULL, on_connected,
                                 client);
  WAIT_FOR (client->connect_done, 5000);
}

static void
client_free (Client *client)
{
  g_signal_handlers_disconnect_by_data (client->transport, client);
  g_assert_finalize_object (client->transport);
  g_ptr_array_unref (client->messages);
  g_ptr_array_unref (client->protocol_errors);
  g_clear_error (&client->connect_error);
  g_clear_error (&client->closed_error);
  g_free (client);
}

static Client *
connected_pair (Fake **fake_out)
{
  Fake *fake = fake_new ();
  Client *client = client_new (fake->uri);

  client_connect (client);
  g_assert_no_error (client->connect_error);
  WAIT_FOR (fake->client != NULL, 2000);
  *fake_out = fake;
  return client;
}

/* ---- tests -------------------------------------------------------------- */

static void
test_connect_and_receive (void)
{
  Fake *fake;
  Client *client = connected_pair (&fake);
  DipccAmiMessage *m;

  g_assert_true (dipcc_transport_is_connected (DIPCC_TRANSPORT (client->transport)));
  g_assert_false (dipcc_transport_get_needs_login (DIPCC_TRANSPORT (client->transport)));
  /* no subprotocol offered (amiws echoes it), no Origin */
  g_assert_null (fake->protocol);
  g_assert_null (fake->origin);

  fake_send (fake, "{\"type\":3,\"server_id\":2,\"server_name\":\"pbx-b\",\"ssl\":false,"
                   "\"data\":{\"Event\":\"DeviceStateChange\",\"Device\":\"PJSIP/0108\","
                   "\"State\":\"INUSE\"}}");
  /* no server_id: the transport's default */
  fake_send (fake, "{\"type\":4,\"data\":{\"Response\":\"Success\",\"ActionID\":\"a1\"}}");
  WAIT_FOR (client->messages->len == 2, 2000);

  m = g_ptr_array_index (client->messages, 0);
  g_assert_true (dipcc_ami_message_is_event (m, "DeviceStateChange"));
  g_assert_cmpint (dipcc_ami_message_get_server_id (m), ==, 2);
  g_assert_cmpstr (dipcc_ami_message_get_server_name (m), ==, "pbx-b");
  g_assert_cmpstr (dipcc_ami_message_get (m, "State"), ==, "INUSE");

  m = g_ptr_array_index (client->messages, 1);
  g_assert_true (dipcc_ami_message_is_response (m, "Success"));
  g_assert_cmpint (dipcc_ami_message_get_server_id (m), ==, 1);

  dipcc_transport_close (DIPCC_TRANSPORT (client->transport));
  g_assert_false (dipcc_transport_is_connected (DIPCC_TRANSPORT (client->transport)));
  run_for (50);
  /* closing it ourselves is not reported */
  g_assert_false (client->closed);

  client_free (client);
  fake_free (fake);
}

static void
test_large_frame (void)
{
  Fake *fake;
  Client *client = connected_pair (&fake);
  g_autoptr(GString) frame = g_string_new ("{\"type\":5,\"server_id\":1,\"data\":{"
                                           "\"Response\":\"Follows\",\"Output\":\"");
  DipccAmiMessage *m;

  /* 300 KiB: over libsoup's default 128 KiB frame limit */
  while (frame->len < 300 * 1024)
    g_string_append (frame, "0123456789abcdef0123456789abcdef0123456789abcdef012345678"
                            "0123456789abcdef0123456789abcdef0123456789abcdef012345678\\n");
  g_string_append (frame, "\"}}");
  fake_send (fake, frame->str);
  WAIT_FOR (client->messages->len == 1 || client->closed || client->protocol_errors->len > 0, 5000);
  if (client->protocol_errors->len > 0)
    g_error ("%s", (char *) g_ptr_array_index (client->protocol_errors, 0));
  g_assert_false (client->closed);

  m = g_ptr_array_index (client->messages, 0);
  g_assert_true (dipcc_ami_message_is_response (m, "Follows"));
  g_assert_cmpuint (dipcc_ami_message_count (m, "Output"), >, 2500);
  g_assert_cmpuint (dipcc_ami_message_get_size (m), >, 300 * 1024 - 3000);

  client_free (client);
  fake_free (fake);
}

static void
test_invalid_utf8_closes_with_flag (void)
{
  Fake *fake;
  Client *client = connected_pair (&fake);
  gint64 start = g_get_monotonic_time ();

  fake_send_raw_text (fake, "{\"type\":3,\"server_id\":1,\"data\":{\"Event\":\"Newchannel\","
                            "\"CallerIDName\":\"Jos\xe9\"}}");
  WAIT_FOR (client->closed, 3000);
  /* at once, not after libsoup's 5 s wait for the peer's close */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_true (client->closed_flags & DIPCC_TRANSPORT_CLOSE_BAD_DATA);
  g_assert_error (client->closed_error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL);
  g_assert_false (dipcc_transport_is_connected (DIPCC_TRANSPORT (client->transport)));

  /* and it can connect again */
  client->closed = FALSE;
  client_connect (client);
  g_assert_no_error (client->connect_error);
  WAIT_FOR (fake->connections == 2, 2000);

  client_free (client);
  fake_free (fake);
}

static void
test_malformed_frame_skipped (void)
{
  Fake *fake;
  Client *client = connected_pair (&fake);

  fake_send (fake, "{\"type\":3,\"data\":{\"Event\":\"Hangup\",");
  fake_send (fake, "not json at all");
  fake_send (fake, "{\"type\":3,\"data\":{\"Event\":\"Hangup\",\"Cause\":\"16\"}}");
  WAIT_FOR (client->messages->len == 1, 2000);
  g_assert_cmpuint (client->protocol_errors->len, ==, 2);
  g_assert_false (client->closed);
  g_assert_cmpstr (dipcc_ami_message_get (g_ptr_array_index (client->messages, 0), "Cause"),
                   ==, "16");

  client_free (client);
  fake_free (fake);
}

static void
check_sent (Fake           *fake,
            guint           index,
            int             ami_server_id,
            DipccWsFrameType type)
{
  const char *frame = g_ptr_array_index (fake->frames, index);
  g_autoptr(DipccWsEnvelope) envelope = NULL;
  g_autoptr(GError) error = NULL;

  envelope = dipcc_ws_envelope_decode_action (frame, strlen (frame), &error);
  g_assert_no_error (error);
  g_assert_cmpint (envelope->ami_server_id, ==, ami_server_id);
  g_assert_cmpint (envelope->type, ==, type);
  g_assert_cmpstr (dipcc_ami_message_get (envelope->message, "Action"), ==, "Ping");
  g_assert_cmpstr (dipcc_ami_message_get (envelope->message, "ActionID"), ==, "p1");
}

static void
test_send_dialects (void)
{
  Fake *fake;
  Client *client = connected_pair (&fake);
  DipccTransport *transport = DIPCC_TRANSPORT (client->transport);
  g_autoptr(DipccAmiMessage) ping = dipcc_test_message_new ("Action", "Ping",
                                                            "ActionID", "p1", NULL);
  g_autoptr(DipccAmiMessage) bad = dipcc_test_message_new ("Action", "Originate",
                                                           "Callerid", "a\"b", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (dipcc_transport_send (transport, ping, 2, &error));
  g_assert_no_error (error);
  /* the default server id when none is given */
  dipcc_ws_transport_set_server_id (client->transport, 7);
  g_assert_true (dipcc_transport_send (transport, ping, -1, &error));
  dipcc_ws_transport_set_dialect (client->transport, DIPCC_WS_DIALECT_DCMIWS);
  g_assert_true (dipcc_transport_send (transport, ping, 3, &error));

  /* refused values never reach the wire */
  g_assert_false (dipcc_transport_send (transport, bad, 1, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);

  WAIT_FOR (fake->frames->len == 3, 2000);
  check_sent (fake, 0, 2, DIPCC_WS_FRAME_ACTION);
  check_sent (fake, 1, 7, DIPCC_WS_FRAME_ACTION);
  check_sent (fake, 2, 3, DIPCC_WS_FRAME_UNKNOWN);
  g_assert_nonnull (strstr (g_ptr_array_index (fake->frames, 2), "\"AMIServerID\":3"));
  g_assert_null (strstr (g_ptr_array_index (fake->frames, 2), "\"type\""));

  run_for (50);
  g_assert_cmpuint (fake->frames->len, ==, 3);

  client_free (client);
  fake_free (fake);
}

static void
test_peer_close (void)
{
  Fake *fake;
  Client *client = connected_pair (&fake);

  soup_websocket_connection_close (fake->client, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  WAIT_FOR (client->closed, 7000);
  g_assert_no_error (client->closed_error);
  g_assert_true (client->closed_flags & DIPCC_TRANSPORT_CLOSE_BY_PEER);

  client_free (client);
  fake_free (fake);
}

static void
test_peer_vanishes (void)
{
  Fake *fake;
  Client *client = connected_pair (&fake);
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccAmiMessage) ping = dipcc_ami_message_new_action ("Ping");

  g_io_stream_close (soup_websocket_connection_get_io_stream (fake->client), NULL, NULL);
  WAIT_FOR (client->closed, 3000);
  g_assert_error (client->closed_error, DIPCC_ERROR, DIPCC_ERROR_NETWORK);
  g_assert_false (dipcc_transport_send (DIPCC_TRANSPORT (client->transport), ping, 1, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_NETWORK);

  client_free (client);
  fake_free (fake);
}

static void
test_connect_refused (void)
{
  Fake *fake = fake_new ();
  g_autofree char *uri = g_strdup (fake->uri);
  Client *client;

  /* nobody listens there any more */
  fake_free (fake);
  client = client_new (uri);
  client_connect (client);
  g_assert_error (client->connect_error, DIPCC_ERROR, DIPCC_ERROR_NETWORK);
  g_assert_false (dipcc_transport_is_connected (DIPCC_TRANSPORT (client->transport)));
  client_free (client);

  client = client_new ("not a uri");
  client_connect (client);
  g_assert_error (client->connect_error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED);
  client_free (client);
}

static gboolean
on_silent_incoming (GSocketService    *service,
                    GSocketConnection *connection,
                    GObject           *source,
                    gpointer           user_data)
{
  GPtrArray *held = user_data;

  /* accepted, never answered: a handshake that hangs */
  g_ptr_array_add (held, g_object_ref (connection));
  return TRUE;
}

static void
test_connect_timeout (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  Client *client;
  gint64 start;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_silent_incoming), held);
  uri = g_strdup_printf ("ws://127.0.0.1:%u/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  client = client_new (uri);
  dipcc_ws_transport_set_timeout (client->transport, 1);
  start = g_get_monotonic_time ();
  client_connect (client);
  g_assert_error (client->connect_error, DIPCC_ERROR, DIPCC_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (held->len, ==, 1);
  client_free (client);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_close_while_connecting (void)
{
  Fake *fake = fake_new ();
  Client *client = client_new (fake->uri);

  dipcc_transport_connect_async (DIPCC_TRANSPORT (client->transport), NULL, on_connected,
                                 client);
  dipcc_transport_close (DIPCC_TRANSPORT (client->transport));
  WAIT_FOR (client->connect_done, 2000);
  g_assert_error (client->connect_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  run_for (50);
  g_assert_false (dipcc_transport_is_connected (DIPCC_TRANSPORT (client->transport)));
  g_assert_false (client->closed);

  client_free (client);
  fake_free (fake);
}

/* A self-signed certificate for 127.0.0.1, made by openssl for this run. */
static GTlsCertificate *
make_certificate (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *dir = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = NULL;
  int status = 0;

  if (openssl == NULL)
    return NULL;
  dir = g_dir_make_tmp ("dipcc-ws-tls-XXXXXX", &error);
  g_assert_no_error (error);
  cert = g_build_filename (dir, "cert.pem", NULL);
  key = g_build_filename (dir, "key.pem", NULL);

  {
    const char *argv[] = {
      openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-keyout", key, "-out", cert, "-days", "1",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", NULL
    };

    if (g_spawn_sync (NULL, (char **) argv, NULL,
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &status, NULL) &&
        g_spawn_check_wait_status (status, NULL))
      certificate = g_tls_certificate_new_from_files (cert, key, NULL);
  }

  g_unlink (cert);
  g_unlink (key);
  g_rmdir (dir);
  return certificate;
}

static void
test_wss_pin_body (void)
{
  g_autoptr(GTlsCertificate) certificate = make_certificate ();
  g_autofree char *pin = NULL;
  Fake *fake;
  Client *client;

  if (certificate == NULL)
    {
      g_test_skip ("openssl could not make a test certificate");
      return;
    }
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }
  pin = dipcc_tls_certificate_fingerprint (certificate);
  fake = fake_new_full (certificate);

  /* self-signed and not pinned: refused, with a message that says what to do */
  client = client_new (fake->uri);
  client_connect (client);
  g_assert_error (client->connect_error, DIPCC_ERROR, DIPCC_ERROR_TLS);
  g_assert_nonnull (strstr (client->connect_error->message, "Preferences"));
  client_free (client);

  /* pinned: accepted, and frames flow */
  client = client_new (fake->uri);
  dipcc_ws_transport_set_tls_pin (client->transport, pin);
  client_connect (client);
  g_assert_no_error (client->connect_error);
  WAIT_FOR (fake->client != NULL, 2000);
  fake_send (fake, "{\"type\":3,\"server_id\":1,\"data\":{\"Event\":\"FullyBooted\"}}");
  WAIT_FOR (client->messages->len == 1, 2000);
  client_free (client);

  fake_free (fake);
}

/* LeakSanitizer (LLVM 14, Debian 12) crashes scanning the dynamic TLS of
 * GnuTLS in glib-networking's handshake thread ("Tracer caught signal 11"),
 * so the TLS test runs in a child without the leak check; ASan and UBSan
 * stay on there, and the parent keeps its leak check. */
static void
test_wss_pin (void)
{
  const char *saved = g_getenv ("ASAN_OPTIONS");
  g_autofree char *restore = g_strdup (saved);

  if (g_test_subprocess ())
    {
      test_wss_pin_body ();
      return;
    }

  g_setenv ("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1", TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (restore != NULL)
    g_setenv ("ASAN_OPTIONS", restore, TRUE);
  else
    g_unsetenv ("ASAN_OPTIONS");
  g_test_trap_assert_passed ();
}

static void
test_properties (void)
{
  g_autoptr(DipccWsTransport) transport = dipcc_ws_transport_new ("wss://127.0.0.1:5500/");
  DipccWsDialect dialect;
  int server_id;
  guint timeout;
  g_autofree char *name = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *uri = NULL;

  g_object_set (transport,
                "dialect", DIPCC_WS_DIALECT_DCMIWS,
                "server-id", 4,
                "server-name", "192.168.66.100",
                "tls-pin", "ab:cd",
                "timeout", 7,
                NULL);
  g_object_get (transport,
                "uri", &uri,
                "dialect", &dialect,
                "server-id", &server_id,
                "server-name", &name,
                "tls-pin", &pin,
                "timeout", &timeout,
                NULL);
  g_assert_cmpstr (uri, ==, "wss://127.0.0.1:5500/");
  g_assert_cmpint (dialect, ==, DIPCC_WS_DIALECT_DCMIWS);
  g_assert_cmpint (server_id, ==, 4);
  g_assert_cmpstr (name, ==, "192.168.66.100");
  g_assert_cmpstr (pin, ==, "ab:cd");
  g_assert_cmpuint (timeout, ==, 7);
  g_assert_cmpstr (dipcc_ws_transport_get_uri (transport), ==, "wss://127.0.0.1:5500/");
}

int
main (int   argc,
      char *argv[])
{
  /* libproxy throws C++ exceptions, which ASan cannot follow in a C
   * program; every target here is loopback anyway */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_log_set_default_handler (quiet_handler, NULL);
  g_log_set_handler ("GLib-GIO", G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO, quiet_handler, NULL);

  g_test_add_func ("/ws-transport/connect-and-receive", test_connect_and_receive);
  g_test_add_func ("/ws-transport/large-frame", test_large_frame);
  g_test_add_func ("/ws-transport/invalid-utf8", test_invalid_utf8_closes_with_flag);
  g_test_add_func ("/ws-transport/malformed-frame-skipped", test_malformed_frame_skipped);
  g_test_add_func ("/ws-transport/send-dialects", test_send_dialects);
  g_test_add_func ("/ws-transport/peer-close", test_peer_close);
  g_test_add_func ("/ws-transport/peer-vanishes", test_peer_vanishes);
  g_test_add_func ("/ws-transport/connect-refused", test_connect_refused);
  g_test_add_func ("/ws-transport/connect-timeout", test_connect_timeout);
  g_test_add_func ("/ws-transport/close-while-connecting", test_close_while_connecting);
  g_test_add_func ("/ws-transport/wss-pin", test_wss_pin);
  g_test_add_func ("/ws-transport/properties", test_properties);

  return g_test_run ();
}
