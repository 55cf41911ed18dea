/* test-tls-pin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dipcc-error.h"
#include "dipcc-tls-pin.h"

/* Every wait in this file gives up after this long and fails the test. */
#define WAIT_TIMEOUT_SECONDS 10

/* A certificate generated once for the whole run. */
static char *tmp_dir;
static char *cert_file;
static char *key_file;
static GTlsCertificate *certificate;
static char *certificate_pin;

static gboolean
on_wait_timeout (gpointer user_data)
{
  g_error ("Timed out after %d s waiting for %s", WAIT_TIMEOUT_SECONDS,
           (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until *@done, failing after a bound. */
static void
wait_for (gboolean   *done,
          const char *what)
{
  guint timeout_id = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, on_wait_timeout,
                                            (gpointer) what);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}

static gboolean
generate_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  int status = 0;

  if (openssl == NULL)
    return FALSE;

  tmp_dir = g_dir_make_tmp ("dipcc-tls-pin-XXXXXX", &error);
  g_assert_no_error (error);
  cert_file = g_build_filename (tmp_dir, "cert.pem", NULL);
  key_file = g_build_filename (tmp_dir, "key.pem", NULL);

  {
    const char *argv[] = {
      openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
      "-keyout", key_file, "-out", cert_file,
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      "-days", "2", NULL
    };

    if (!g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, NULL))
      return FALSE;
  }

  certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
  g_assert_no_error (error);
  certificate_pin = dipcc_tls_certificate_fingerprint (certificate);
  return TRUE;
}

static void
remove_certificate (void)
{
  if (cert_file)
    g_unlink (cert_file);
  if (key_file)
    g_unlink (key_file);
  if (tmp_dir)
    g_rmdir (tmp_dir);
  g_clear_pointer (&cert_file, g_free);
  g_clear_pointer (&key_file, g_free);
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_pointer (&certificate_pin, g_free);
  g_clear_object (&certificate);
}

static gboolean
require_certificate (void)
{
  if (certificate == NULL)
    {
      g_test_skip ("openssl could not make a test certificate");
      return FALSE;
    }
  return TRUE;
}

/* ---- normalization ------------------------------------------------------ */

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void
test_normalize_valid (void)
{
  static const char * const accepted[] = {
    HEX64,
    "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
    "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:"
    "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF",
    "01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef "
    "01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef",
    "  \t" HEX64 "\t  ",
    "sha256 Fingerprint=01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:"
    "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF",
    "SHA256 Fingerprint=" HEX64,
    "0123456789aBcDeF0123456789AbCdEf0123456789abcdef0123456789ABCDEF",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *pin = dipcc_tls_pin_normalize (accepted[i], &error);

      g_test_message ("accepted[%u] = %s", i, accepted[i]);
      g_assert_no_error (error);
      g_assert_cmpstr (pin, ==, HEX64);
    }
}

static void
test_normalize_invalid (void)
{
  static const struct {
    const char *input;
    const char *in_message;
  } refused[] = {
    { "", "No certificate fingerprint" },
    { "   ", "No certificate fingerprint" },
    { ":::", "No certificate fingerprint" },
    /* SHA-1: 40 digits */
    { "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67", "40" },
    { HEX64 "00", "66" },
    { "0123", "4" },
    { "zz" HEX64, "“zz0123" },
    { HEX64 "\r\nHost: evil", "is not a SHA-256 fingerprint" },
    { "01-23-45-67-89-ab-cd-ef-01-23-45-67-89-ab-cd-ef-"
      "01-23-45-67-89-ab-cd-ef-01-23-45-67-89-ab-cd-ef", "is not a SHA-256" },
    { "\xff\xfe" HEX64, "is not a SHA-256" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *pin = dipcc_tls_pin_normalize (refused[i].input, &error);

      g_test_message ("refused[%u]", i);
      g_assert_null (pin);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, refused[i].in_message));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strpbrk (error->message, "\r\n"));
      /* A quote is bounded: the message never carries the whole input. */
      g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 200);
    }
}

/* ---- fingerprints ------------------------------------------------------- */

static void
test_fingerprint_matches_openssl (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *out = NULL;
  g_autofree char *from_openssl = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!require_certificate ())
    return;

  {
    const char *argv[] = {
      openssl, "x509", "-in", cert_file, "-noout", "-fingerprint", "-sha256", NULL
    };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  /* "sha256 Fingerprint=AB:CD:…\n", as pasted from a terminal */
  from_openssl = dipcc_tls_pin_normalize (g_strstrip (out), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (certificate_pin), ==, 64);
  g_assert_cmpstr (certificate_pin, ==, from_openssl);
}

static void
test_matches_pin (void)
{
  g_autofree char *upper = NULL;
  GString *colons;
  guint i;

  if (!require_certificate ())
    return;

  upper = g_ascii_strup (certificate_pin, -1);
  colons = g_string_new (NULL);
  for (i = 0; i < 64; i += 2)
    g_string_append_printf (colons, "%s%.2s", i ? ":" : "", upper + i);

  g_assert_true (dipcc_tls_certificate_matches_pin (certificate, certificate_pin));
  g_assert_true (dipcc_tls_certificate_matches_pin (certificate, upper));
  g_assert_true (dipcc_tls_certificate_matches_pin (certificate, colons->str));
  g_assert_false (dipcc_tls_certificate_matches_pin (certificate, HEX64));
  g_assert_false (dipcc_tls_certificate_matches_pin (certificate, "not a pin"));
  g_assert_false (dipcc_tls_certificate_matches_pin (certificate, ""));
  g_assert_false (dipcc_tls_certificate_matches_pin (certificate, NULL));
  g_assert_false (dipcc_tls_certificate_matches_pin (NULL, certificate_pin));

  g_string_free (colons, TRUE);
}

/* ---- a real HTTPS server ------------------------------------------------ */

typedef struct {
  SoupServer *server;
  char       *url;
  guint       n_requests;
  guint16     last_client_port;
} HttpsServer;

static void
https_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  HttpsServer *https = user_data;
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  https->n_requests++;
  https->last_client_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "ok", 2);
}

static void
https_server_start (HttpsServer *https)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  memset (https, 0, sizeof *https);
  https->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (https->server, NULL, https_handler, https, NULL);
  soup_server_listen_local (https->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (https->server);
  g_assert_nonnull (uris);
  https->url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (g_str_has_prefix (https->url, "https://127.0.0.1:"));
}

static void
https_server_stop (HttpsServer *https)
{
  soup_server_disconnect (https->server);
  g_assert_finalize_object (https->server);
  g_free (https->url);
}

typedef struct {
  gboolean  done;
  GBytes   *bytes;
  GError   *error;
} SendResult;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendResult *r = user_data;

  r->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &r->error);
  r->done = TRUE;
}

/* GET @url through @session; returns the error, or NULL on a 200. */
static GError *
get (SoupSession *session,
     const char  *url)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  SendResult r = { 0, };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &r);
  wait_for (&r.done, "an HTTPS request");
  if (r.bytes != NULL)
    {
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
      g_bytes_unref (r.bytes);
    }
  return r.error;
}

static SoupSession *
new_session (void)
{
  return soup_session_new_with_options ("timeout", WAIT_TIMEOUT_SECONDS, NULL);
}

static void
test_session_without_pin (void)
{
  HttpsServer https;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_certificate ())
    return;
  https_server_start (&https);
  session = new_session ();

  error = get (session, https.url);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (https.n_requests, ==, 0);

  /* An empty pin is no pin. */
  g_clear_error (&error);
  dipcc_tls_pin_attach_to_session (session, "");
  error = get (session, https.url);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (https.n_requests, ==, 0);

  g_assert_finalize_object (g_steal_pointer (&session));
  https_server_stop (&https);
}

static void
test_session_right_pin (void)
{
  HttpsServer https;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *upper = NULL;
  guint16 first_port;

  if (!require_certificate ())
    return;
  https_server_start (&https);
  session = new_session ();

  /* Any form of the fingerprint works. */
  upper = g_ascii_strup (certificate_pin, -1);
  dipcc_tls_pin_attach_to_session (session, upper);

  error = get (session, https.url);
  g_assert_no_error (error);
  g_assert_cmpuint (https.n_requests, ==, 1);
  first_port = https.last_client_port;

  /* The second request reuses the connection (same client port). */
  error = get (session, https.url);
  g_assert_no_error (error);
  g_assert_cmpuint (https.n_requests, ==, 2);
  g_assert_cmpuint (https.last_client_port, ==, first_port);

  /* Setting the same pin again keeps the connection. */
  dipcc_tls_pin_attach_to_session (session, certificate_pin);
  error = get (session, https.url);
  g_assert_no_error (error);
  g_assert_cmpuint (https.last_client_port, ==, first_port);

  g_assert_finalize_object (g_steal_pointer (&session));
  https_server_stop (&https);
}

static void
test_session_wrong_pin (void)
{
  HttpsServer https;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_certificate ())
    return;
  https_server_start (&https);
  session = new_session ();

  dipcc_tls_pin_attach_to_session (session, HEX64);
  error = get (session, https.url);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  /* An invalid pin accepts nothing either. */
  dipcc_tls_pin_attach_to_session (session, "not a fingerprint");
  error = get (session, https.url);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (https.n_requests, ==, 0);

  g_assert_finalize_object (g_steal_pointer (&session));
  https_server_stop (&https);
}

/* libsoup checks a certificate only on a new connection: a connection
 * accepted under the right pin must not be reused once the pin changed. */
static void
test_session_switch_pins (void)
{
  HttpsServer https;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_certificate ())
    return;
  https_server_start (&https);
  session = new_session ();

  dipcc_tls_pin_attach_to_session (session, certificate_pin);
  error = get (session, https.url);
  g_assert_no_error (error);
  g_assert_cmpuint (https.n_requests, ==, 1);

  dipcc_tls_pin_attach_to_session (session, HEX64);
  error = get (session, https.url);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (https.n_requests, ==, 1);
  g_clear_error (&error);

  dipcc_tls_pin_attach_to_session (session, certificate_pin);
  error = get (session, https.url);
  g_assert_no_error (error);
  g_assert_cmpuint (https.n_requests, ==, 2);

  /* Detaching goes back to the system's trust store alone. */
  dipcc_tls_pin_attach_to_session (session, NULL);
  error = get (session, https.url);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_cmpuint (https.n_requests, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&session));
  https_server_stop (&https);
}

/* The WebSocket handshake goes through the same session checks. */
typedef struct {
  gboolean                 done;
  SoupWebsocketConnection *connection;
  GError                  *error;
} WsResult;

static void
ws_handler (SoupServer              *server,
            SoupServerMessage       *msg,
            const char              *path,
            SoupWebsocketConnection *connection,
            gpointer                 user_data)
{
}

static void
on_ws_connected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WsResult *r = user_data;

  r->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                         &r->error);
  r->done = TRUE;
}

static GError *
ws_connect (SoupSession *session,
            const char  *url)
{
  g_autofree char *ws_url = g_strconcat ("wss", url + strlen ("https"), "ws", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", ws_url);
  WsResult r = { 0, };

  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_ws_connected, &r);
  wait_for (&r.done, "a WebSocket handshake");
  if (r.connection != NULL)
    {
      soup_websocket_connection_close (r.connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (r.connection);
    }
  return r.error;
}

static void
test_session_websocket (void)
{
  HttpsServer https;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_certificate ())
    return;
  https_server_start (&https);
  soup_server_add_websocket_handler (https.server, "/ws", NULL, NULL, ws_handler, NULL, NULL);
  session = new_session ();

  error = ws_connect (session, https.url);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  dipcc_tls_pin_attach_to_session (session, certificate_pin);
  error = ws_connect (session, https.url);
  g_assert_no_error (error);

  dipcc_tls_pin_attach_to_session (session, HEX64);
  error = ws_connect (session, https.url);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);

  g_assert_finalize_object (g_steal_pointer (&session));
  https_server_stop (&https);
}

/* ---- a plain GTlsConnection, as the AMI-over-TLS transport uses --------- */

typedef struct {
  const char        *pin;
  gboolean           done;
  GSocketConnection *connection;
  GError            *error;
} TlsConnectResult;

static void
on_socket_client_event (GSocketClient      *client,
                        GSocketClientEvent  event,
                        GSocketConnectable *connectable,
                        GIOStream          *connection,
                        gpointer            user_data)
{
  TlsConnectResult *r = user_data;

  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    dipcc_tls_pin_attach_to_connection (G_TLS_CONNECTION (connection), r->pin);
}

static void
on_tls_connected (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TlsConnectResult *r = user_data;

  r->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &r->error);
  r->done = TRUE;
}

static GError *
tls_connect (guint16     port,
             const char *pin)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  TlsConnectResult r = { pin, 0, };

  g_socket_client_set_tls (client, TRUE);
  g_socket_client_set_timeout (client, WAIT_TIMEOUT_SECONDS);
  g_signal_connect (client, "event", G_CALLBACK (on_socket_client_event), &r);
  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), NULL,
                                 on_tls_connected, &r);
  wait_for (&r.done, "a TLS connection");
  if (r.connection != NULL)
    {
      g_io_stream_close (G_IO_STREAM (r.connection), NULL, NULL);
      g_object_unref (r.connection);
    }
  return r.error;
}

static void
test_connection_pin (void)
{
  HttpsServer https;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  guint16 port;

  if (!require_certificate ())
    return;
  https_server_start (&https);
  uri = g_uri_parse (https.url, G_URI_FLAGS_NONE, NULL);
  port = g_uri_get_port (uri);

  error = tls_connect (port, NULL);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  error = tls_connect (port, HEX64);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  error = tls_connect (port, certificate_pin);
  g_assert_no_error (error);

  https_server_stop (&https);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* No proxy look-up: libproxy throws C++ exceptions, which ASan cannot
   * follow in a C program, and only loopback is ever a target here. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, NULL);

  /* See the end of main() */
  g_thread_pool_set_max_unused_threads (0);

  if (g_test_subprocess () == FALSE)
    generate_certificate ();

  g_test_add_func ("/tls-pin/normalize/valid", test_normalize_valid);
  g_test_add_func ("/tls-pin/normalize/invalid", test_normalize_invalid);
  g_test_add_func ("/tls-pin/fingerprint/matches-openssl", test_fingerprint_matches_openssl);
  g_test_add_func ("/tls-pin/fingerprint/matches-pin", test_matches_pin);
  g_test_add_func ("/tls-pin/session/without-pin", test_session_without_pin);
  g_test_add_func ("/tls-pin/session/right-pin", test_session_right_pin);
  g_test_add_func ("/tls-pin/session/wrong-pin", test_session_wrong_pin);
  g_test_add_func ("/tls-pin/session/switch-pins", test_session_switch_pins);
  g_test_add_func ("/tls-pin/session/websocket", test_session_websocket);
  g_test_add_func ("/tls-pin/connection", test_connection_pin);

  ret = g_test_run ();
  remove_certificate ();

  /* glib-networking does TLS handshakes in pool threads, which then hold
   * GnuTLS's thread-local storage of a dlopen()ed module; LeakSanitizer of
   * clang 14 on glibc 2.36 crashes scanning it at exit. A pool thread waits
   * half a second for more work of its pool, then, as no unused thread is
   * kept (set above), ends: wait for that. */
  g_usleep (G_USEC_PER_SEC * 7 / 10);
  g_thread_pool_stop_unused_threads ();
  g_usleep (G_USEC_PER_SEC / 10);
  return ret;
}
