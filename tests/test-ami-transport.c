/* test-ami-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DipccAmiTransport against a GSocketService on 127.0.0.1 playing Asterisk.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "dipcc-ami-parser.h"
#include "dipcc-ami-transport.h"
#include "dipcc-error.h"
#include "dipcc-test-utils.h"
#include "dipcc-tls-pin.h"

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

/* ---- the fake Asterisk -------------------------------------------------- */

typedef struct {
  GSocketService    *service;
  guint16            port;
  GIOStream         *peer;        /* the last connection, once greeted */
  GTlsCertificate   *certificate; /* speak TLS with this one */
  guint              handshake_failures;
  GCancellable      *cancellable;
  GString           *received;
  guint8             buffer[4096];
  guint              connections;
  gboolean           peer_closed;
} Fake;

static void fake_start_read (Fake *fake);

static void
on_fake_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fake *fake = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (n <= 0)
    {
      fake->peer_closed = TRUE;
      return;
    }
  g_string_append_len (fake->received, (const char *) fake->buffer, n);
  fake_start_read (fake);
}

static void
fake_start_read (Fake *fake)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (fake->peer),
                             fake->buffer, sizeof fake->buffer, G_PRIORITY_DEFAULT,
                             fake->cancellable, on_fake_read, fake);
}

/* Small writes on loopback: done in one go. */
static void
fake_write (Fake       *fake,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (fake->peer),
                             text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fake_greet (Fake      *fake,
            GIOStream *stream)
{
  if (fake->peer != NULL)
    {
      g_cancellable_cancel (fake->cancellable);
      g_clear_object (&fake->cancellable);
      g_clear_object (&fake->peer);
    }
  fake->peer = g_object_ref (stream);
  fake->cancellable = g_cancellable_new ();
  fake->peer_closed = FALSE;
  fake_write (fake, "Asterisk Call Manager/2.10.3\r\n");
  fake_start_read (fake);
}

static void
on_handshake_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Fake *fake = user_data;
  g_autoptr(GError) error = NULL;

  if (g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    fake_greet (fake, G_IO_STREAM (source));
  else
    fake->handshake_failures++;
  g_object_unref (source);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  Fake *fake = user_data;
  g_autoptr(GError) error = NULL;
  GIOStream *tls;

  fake->connections++;
  if (fake->certificate == NULL)
    {
      fake_greet (fake, G_IO_STREAM (connection));
      return TRUE;
    }

  tls = g_tls_server_connection_new (G_IO_STREAM (connection), fake->certificate, &error);
  g_assert_no_error (error);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL,
                                    on_handshake_done, fake);
  return TRUE;
}

static Fake *
fake_new (void)
{
  Fake *fake = g_new0 (Fake, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  fake->received = g_string_new (NULL);
  fake->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (fake->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (fake->service, "incoming", G_CALLBACK (on_incoming), fake);
  g_socket_service_start (fake->service);
  return fake;
}

static void
fake_close_peer (Fake *fake)
{
  g_cancellable_cancel (fake->cancellable);
  g_io_stream_close (fake->peer, NULL, NULL);
}

static void
fake_free (Fake *fake)
{
  if (fake->peer != NULL)
    fake_close_peer (fake);
  g_clear_object (&fake->peer);
  g_clear_object (&fake->cancellable);
  g_clear_object (&fake->certificate);
  g_socket_service_stop (fake->service);
  g_socket_listener_close (G_SOCKET_LISTENER (fake->service));
  g_object_unref (fake->service);
  run_for (20);
  g_string_free (fake->received, TRUE);
  g_free (fake);
}

/* ---- the client side ---------------------------------------------------- */

typedef struct {
  DipccAmiTransport        *transport;
  GPtrArray                *messages;
  guint                     protocol_errors;
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
  client->protocol_errors++;
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
client_new_full (guint16  port,
                 gboolean use_tls)
{
  Client *client = g_new0 (Client, 1);

  client->transport = dipcc_ami_transport_new ("127.0.0.1", port, use_tls);
  client->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref);
  g_signal_connect (client->transport, "message", G_CALLBACK (on_message), client);
  g_signal_connect (client->transport, "protocol-error", G_CALLBACK (on_protocol_error),
                    client);
  g_signal_connect (client->transport, "closed", G_CALLBACK (on_closed), client);
  return client;
}

static Client *
client_new (guint16 port)
{
  return client_new_full (port, FALSE);
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
  run_for (10);
  g_ptr_array_unref (client->messages);
  g_clear_error (&client->connect_error);
  g_clear_error (&client->closed_error);
  g_free (client);
}

static Client *
connected_pair (Fake **fake_out)
{
  Fake *fake = fake_new ();
  Client *client = client_new (fake->port);

  client_connect (client);
  g_assert_no_error (client->connect_error);
  WAIT_FOR (fake->peer != NULL, 2000);
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

  g_assert_true (dipcc_transport_get_needs_login (DIPCC_TRANSPORT (client->transport)));
  g_assert_true (dipcc_transport_is_connected (DIPCC_TRANSPORT (client->transport)));
  WAIT_FOR (dipcc_ami_transport_get_banner (client->transport) != NULL, 2000);
  g_assert_cmpstr (dipcc_ami_transport_get_banner (client->transport), ==,
                   "Asterisk Call Manager/2.10.3");

  /* split anywhere, bare LF accepted */
  fake_write (fake, "Event: Hangup\r\nChannel: PJSIP/0108-0000");
  run_for (20);
  fake_write (fake, "0001\r\nCause: 16\r\n\r\nResponse: Success\nActionID: x\n\n");
  WAIT_FOR (client->messages->len == 2, 2000);

  m = g_ptr_array_index (client->messages, 0);
  g_assert_true (dipcc_ami_message_is_event (m, "Hangup"));
  g_assert_cmpstr (dipcc_ami_message_get (m, "Channel"), ==, "PJSIP/0108-00000001");
  g_assert_cmpint (dipcc_ami_message_get_server_id (m), ==, 1);
  g_assert_cmpstr (dipcc_ami_message_get_server_name (m), ==, "127.0.0.1");

  dipcc_ami_transport_set_server_id (client->transport, 3);
  dipcc_ami_transport_set_server_name (client->transport, "pbx-a");
  fake_write (fake, "Event: FullyBooted\r\n\r\n");
  WAIT_FOR (client->messages->len == 3, 2000);
  m = g_ptr_array_index (client->messages, 2);
  g_assert_cmpint (dipcc_ami_message_get_server_id (m), ==, 3);
  g_assert_cmpstr (dipcc_ami_message_get_server_name (m), ==, "pbx-a");

  dipcc_transport_close (DIPCC_TRANSPORT (client->transport));
  WAIT_FOR (fake->peer_closed, 2000);
  g_assert_false (client->closed);

  client_free (client);
  fake_free (fake);
}

static void
test_writes_in_order (void)
{
  Fake *fake;
  Client *client = connected_pair (&fake);
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccAmiMessage) bad = dipcc_test_message_new ("Action", "Originate",
                                                           "Callerid", "x\r\nAction: Logoff",
                                                           NULL);
  const guint n = 500;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autoptr(DipccAmiMessage) action = dipcc_test_message_new ("Action", "Ping",
                                                                  "ActionID", id,
                                                                  "Pad", "0123456789abcdef"
                                                                  "0123456789abcdef"
                                                                  "0123456789abcdef",
                                                                  NULL);

      g_assert_true (dipcc_transport_send (DIPCC_TRANSPORT (client->transport), action, 1,
                                           &error));
      g_assert_no_error (error);
    }

  /* header injection is refused before anything is queued */
  g_assert_false (dipcc_transport_send (DIPCC_TRANSPORT (client->transport), bad, 1, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);

  WAIT_FOR (g_str_has_suffix (fake->received->str, "ActionID: 499\r\nPad: 0123456789abcdef"
                                                   "0123456789abcdef0123456789abcdef\r\n\r\n"),
            5000);
  got = dipcc_test_parse_ami (fake->received->str, fake->received->len, 0, NULL, NULL);
  g_assert_cmpuint (got->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);

      g_assert_cmpstr (dipcc_ami_message_get_action_id (g_ptr_array_index (got, i)), ==, id);
    }
  g_assert_null (strstr (fake->received->str, "Logoff"));

  client_free (client);
  fake_free (fake);
}

static void
test_peer_closes (void)
{
  Fake *fake;
  Client *client = connected_pair (&fake);
  g_autoptr(DipccAmiMessage) ping = dipcc_ami_message_new_action ("Ping");
  g_autoptr(GError) error = NULL;

  fake_close_peer (fake);
  WAIT_FOR (client->closed, 2000);
  g_assert_error (client->closed_error, DIPCC_ERROR, DIPCC_ERROR_NETWORK);
  g_assert_cmpint (client->closed_flags, ==, DIPCC_TRANSPORT_CLOSE_NONE);
  g_assert_false (dipcc_transport_is_connected (DIPCC_TRANSPORT (client->transport)));
  g_assert_false (dipcc_transport_send (DIPCC_TRANSPORT (client->transport), ping, 1, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_NETWORK);

  /* again, after Goodbye: an orderly end */
  client->closed = FALSE;
  g_clear_error (&client->closed_error);
  client_connect (client);
  g_assert_no_error (client->connect_error);
  WAIT_FOR (fake->connections == 2 && !fake->peer_closed, 2000);
  fake_write (fake, "Response: Goodbye\r\nMessage: Thanks for all the fish.\r\n\r\n");
  fake_close_peer (fake);
  WAIT_FOR (client->closed, 2000);
  g_assert_no_error (client->closed_error);
  g_assert_true (client->closed_flags & DIPCC_TRANSPORT_CLOSE_BY_PEER);

  client_free (client);
  fake_free (fake);
}

static void
test_garbage_is_skipped (void)
{
  Fake *fake;
  Client *client = connected_pair (&fake);
  g_autoptr(GString) huge = g_string_new ("Event: Newexten\r\nAppData: ");

  /* a line over the parser's limit costs that message only */
  while (huge->len < DIPCC_AMI_PARSER_MAX_LINE + 100)
    g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (huge, "\r\n\r\nEvent: Hangup\r\nCause: 16\r\n\r\n");
  fake_write (fake, huge->str);
  WAIT_FOR (client->messages->len == 1, 2000);
  g_assert_cmpuint (client->protocol_errors, >=, 1);
  g_assert_true (dipcc_ami_message_is_event (g_ptr_array_index (client->messages, 0),
                                             "Hangup"));
  g_assert_false (client->closed);

  client_free (client);
  fake_free (fake);
}

static void
test_connect_refused (void)
{
  Fake *fake = fake_new ();
  guint16 port = fake->port;
  Client *client;

  fake_free (fake);
  client = client_new (port);
  client_connect (client);
  g_assert_error (client->connect_error, DIPCC_ERROR, DIPCC_ERROR_NETWORK);
  g_assert_nonnull (strstr (client->connect_error->message, "127.0.0.1"));
  client_free (client);

  client = client_new (0);
  client_connect (client);
  g_assert_error (client->connect_error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED);
  client_free (client);
}

static void
test_close_while_connecting (void)
{
  Fake *fake = fake_new ();
  Client *client = client_new (fake->port);

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

static void
test_cancel_connect (void)
{
  Fake *fake = fake_new ();
  Client *client = client_new (fake->port);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  dipcc_transport_connect_async (DIPCC_TRANSPORT (client->transport), cancellable,
                                 on_connected, client);
  g_cancellable_cancel (cancellable);
  WAIT_FOR (client->connect_done, 2000);
  g_assert_error (client->connect_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

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
  dir = g_dir_make_tmp ("dipcc-ami-tls-XXXXXX", &error);
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
test_tls_pin_body (void)
{
  Fake *fake;
  Client *client;
  g_autofree char *pin = NULL;
  GTlsCertificate *certificate = make_certificate ();

  if (certificate == NULL)
    {
      g_test_skip ("openssl could not make a test certificate");
      return;
    }
  if (g_tls_backend_supports_tls (g_tls_backend_get_default ()) == FALSE)
    {
      g_object_unref (certificate);
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }
  pin = dipcc_tls_certificate_fingerprint (certificate);

  fake = fake_new ();
  fake->certificate = certificate;

  /* self-signed, no pin: refused */
  client = client_new_full (fake->port, TRUE);
  client_connect (client);
  g_assert_error (client->connect_error, DIPCC_ERROR, DIPCC_ERROR_TLS);
  client_free (client);

  /* another certificate's pin: refused */
  client = client_new_full (fake->port, TRUE);
  dipcc_ami_transport_set_tls_pin (client->transport,
                                   "00112233445566778899aabbccddeeff"
                                   "00112233445566778899aabbccddeeff");
  client_connect (client);
  g_assert_error (client->connect_error, DIPCC_ERROR, DIPCC_ERROR_TLS);
  client_free (client);

  /* its own pin: accepted, and AMI flows */
  client = client_new_full (fake->port, TRUE);
  dipcc_ami_transport_set_tls_pin (client->transport, pin);
  client_connect (client);
  g_assert_no_error (client->connect_error);
  WAIT_FOR (fake->peer != NULL, 2000);
  WAIT_FOR (dipcc_ami_transport_get_banner (client->transport) != NULL, 2000);
  fake_write (fake, "Event: FullyBooted\r\n\r\n");
  WAIT_FOR (client->messages->len == 1, 2000);
  {
    g_autoptr(DipccAmiMessage) ping = dipcc_ami_message_new_action ("Ping");

    g_assert_true (dipcc_transport_send (DIPCC_TRANSPORT (client->transport), ping, 1, NULL));
    WAIT_FOR (strstr (fake->received->str, "Action: Ping\r\n") != NULL, 2000);
  }
  client_free (client);

  fake_free (fake);
}

/* LeakSanitizer (LLVM 14, Debian 12) crashes scanning the dynamic TLS of
 * GnuTLS in glib-networking's handshake thread ("Tracer caught signal 11"),
 * so the TLS test runs in a child without the leak check; ASan and UBSan
 * stay on there, and the parent keeps its leak check. */
static void
test_tls_pin (void)
{
  const char *saved = g_getenv ("ASAN_OPTIONS");
  g_autofree char *restore = g_strdup (saved);

  if (g_test_subprocess ())
    {
      test_tls_pin_body ();
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
  g_autoptr(DipccAmiTransport) transport = dipcc_ami_transport_new ("pbx.example", 5500, TRUE);
  g_autofree char *host = NULL;
  guint port;
  gboolean tls;

  g_object_get (transport, "host", &host, "port", &port, "use-tls", &tls, NULL);
  g_assert_cmpstr (host, ==, "pbx.example");
  g_assert_cmpuint (port, ==, 5500);
  g_assert_true (tls);
  g_assert_cmpstr (dipcc_ami_transport_get_server_name (transport), ==, "pbx.example");
  g_assert_cmpint (dipcc_ami_transport_get_server_id (transport), ==, 1);
  dipcc_ami_transport_set_tls_pin (transport, "aa:bb");
  g_assert_cmpstr (dipcc_ami_transport_get_tls_pin (transport), ==, "aa:bb");
  dipcc_ami_transport_set_timeout (transport, 3);
  g_assert_cmpuint (dipcc_ami_transport_get_timeout (transport), ==, 3);
  g_assert_null (dipcc_ami_transport_get_banner (transport));
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

  g_test_add_func ("/ami-transport/connect-and-receive", test_connect_and_receive);
  g_test_add_func ("/ami-transport/writes-in-order", test_writes_in_order);
  g_test_add_func ("/ami-transport/peer-closes", test_peer_closes);
  g_test_add_func ("/ami-transport/garbage-is-skipped", test_garbage_is_skipped);
  g_test_add_func ("/ami-transport/connect-refused", test_connect_refused);
  g_test_add_func ("/ami-transport/close-while-connecting", test_close_while_connecting);
  g_test_add_func ("/ami-transport/cancel-connect", test_cancel_connect);
  g_test_add_func ("/ami-transport/tls-pin", test_tls_pin);
  g_test_add_func ("/ami-transport/properties", test_properties);

  return g_test_run ();
}
