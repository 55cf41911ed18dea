/* sim-helper.c: run the real dipcc-pbx-sim and talk to it over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "sim-helper.h"

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
sim_wait_until (SimCondition condition,
                gpointer     data,
                guint        timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
sim_spin (guint ms)
{
  sim_wait_until (never, NULL, ms);
}

/* --- process -------------------------------------------------------------- */

typedef struct {
  char     *line;
  gboolean  done;
} LineRead;

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, NULL);
  read->done = TRUE;
}

static gboolean
line_done (gpointer data)
{
  return ((LineRead *) data)->done;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

Sim *
sim_start_argv (const char * const *extra)
{
  const char *binary = g_getenv ("DIPCC_PBX_SIM");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  LineRead read = { 0 };
  JsonObject *o;
  Sim *sim;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *) binary);
  g_ptr_array_add (argv, "--rest-port=0");
  g_ptr_array_add (argv, "--ws-port=0");
  g_ptr_array_add (argv, "--ami-port=0");
  g_ptr_array_add (argv, "--ring-delay=150");
  g_ptr_array_add (argv, "--answer-delay=150");
  g_ptr_array_add (argv, "--talk-time=300");
  g_ptr_array_add (argv, "--ring-timeout=400");
  g_ptr_array_add (argv, "--auth-delay=100");
  g_ptr_array_add (argv, "--slow-ms=600");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);

  sim = g_new0 (Sim, 1);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* a test that fails half-way must not leave a simulator behind */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                               &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, on_line, &read);
  g_assert_true (sim_wait_until (line_done, &read, SIM_TIMEOUT));
  g_assert_nonnull (read.line);

  json_parser_load_from_data (parser, read.line, -1, &error);
  g_assert_no_error (error);
  g_free (read.line);
  sim->ready = json_node_copy (json_parser_get_root (parser));
  o = json_node_get_object (sim->ready);
  g_assert_true (json_object_get_boolean_member (o, "ready"));
  sim->rest_port = (guint16) json_object_get_int_member (o, "rest_port");
  sim->ws_port = (guint16) json_object_get_int_member (o, "ws_port");
  sim->ami_port = (guint16) json_object_get_int_member (o, "ami_port");
  g_assert_cmpuint (sim->rest_port, >, 0);
  g_assert_cmpuint (sim->ws_port, >, 0);
  g_assert_cmpuint (sim->ami_port, >, 0);
  {
    /* loopback only: never ask a proxy (libproxy is also C++ that ASan
     * builds cannot load) */
    g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);
    sim->session = soup_session_new_with_options ("timeout", 10, "proxy-resolver", direct, NULL);
  }
  return sim;
}

Sim *
sim_start (const char *first_arg,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg = first_arg;
  va_list ap;

  va_start (ap, first_arg);
  while (arg != NULL)
    {
      g_ptr_array_add (args, (char *) arg);
      arg = va_arg (ap, const char *);
    }
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return sim_start_argv ((const char * const *) args->pdata);
}

typedef struct {
  gboolean done;
} Waited;

static void
on_wait (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  ((Waited *) user_data)->done = TRUE;
}

static gboolean
waited (gpointer data)
{
  return ((Waited *) data)->done;
}

void
sim_stop (Sim *sim)
{
  Waited w = { FALSE };

  g_clear_object (&sim->session);
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait_async (sim->process, NULL, on_wait, &w);
  if (!sim_wait_until (waited, &w, SIM_TIMEOUT))
    {
      g_subprocess_force_exit (sim->process);
      g_assert_not_reached ();
    }
  g_assert_true (g_subprocess_get_if_exited (sim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (sim->process), ==, 0);
  g_object_unref (sim->process);
  json_node_unref (sim->ready);
  g_free (sim);
}

void
sim_kill (Sim *sim)
{
  Waited w = { FALSE };

  g_clear_object (&sim->session);
  g_subprocess_send_signal (sim->process, SIGKILL);
  g_subprocess_wait_async (sim->process, NULL, on_wait, &w);
  g_assert_true (sim_wait_until (waited, &w, SIM_TIMEOUT));
  g_assert_true (g_subprocess_get_if_signaled (sim->process));
  g_object_unref (sim->process);
  json_node_unref (sim->ready);
  g_free (sim);
}

void
sim_arm_faults (Sim        *sim,
                const char *spec)
{
  g_autofree char *body = g_strdup_printf ("{\"spec\":\"%s\"}", spec);

  g_assert_cmpuint (sim_rest (sim, "POST", "/sim/fault", "application/json", body, -1, TRUE,
                              NULL), ==, 200);
}

/* --- REST ----------------------------------------------------------------- */

guint
sim_rest_msg (Sim          *sim,
              SoupMessage  *msg,
              JsonNode    **out_root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (sim->session, msg, NULL, &error);

  g_assert_no_error (error);
  if (out_root != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                  (gssize) g_bytes_get_size (body), &error);
      g_assert_no_error (error);
      *out_root = json_node_copy (json_parser_get_root (parser));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (*out_root));
      g_assert_true (json_object_has_member (json_node_get_object (*out_root), "status"));
      g_assert_true (json_object_has_member (json_node_get_object (*out_root), "message"));
      g_assert_true (json_object_has_member (json_node_get_object (*out_root), "data"));
    }
  return soup_message_get_status (msg);
}

guint
sim_rest (Sim         *sim,
          const char  *method,
          const char  *path,
          const char  *content_type,
          const char  *body,
          gssize       body_len,
          gboolean     auth,
          JsonNode   **out_root)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", sim->rest_port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (auth)
    {
      soup_message_headers_replace (soup_message_get_request_headers (msg), "app-key",
                                    "demo-app-key");
      soup_message_headers_replace (soup_message_get_request_headers (msg), "tenant", "1");
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_len < 0 ? strlen (body) : (gsize) body_len);
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  return sim_rest_msg (sim, msg, out_root);
}

const char *
sim_json_string (JsonNode   *root,
                 const char *member)
{
  return json_object_get_string_member_with_default (json_node_get_object (root), member, NULL);
}

char *
sim_inject (Sim        *sim,
            const char *json)
{
  g_autoptr(JsonNode) root = NULL;
  guint status = sim_rest (sim, "POST", "/sim/incoming", "application/json", json, -1, TRUE, &root);
  JsonObject *data;

  g_assert_cmpuint (status, ==, 200);
  data = json_object_get_object_member (json_node_get_object (root), "data");
  return g_strdup (json_object_get_string_member (data, "linkedid"));
}

const char *
sim_message_name (DipccAmiMessage *message)
{
  const char *name = dipcc_ami_message_get (message, "Event");

  return name ? name : dipcc_ami_message_get (message, "Response");
}

/* --- AMI ------------------------------------------------------------------ */

static void
ami_on_message (DipccAmiMessage *message,
                gpointer         user_data)
{
  g_ptr_array_add (((SimAmi *) user_data)->messages, message);
}

static void
ami_on_banner (const char *banner,
               gpointer    user_data)
{
  SimAmi *ami = user_data;

  g_free (ami->banner);
  ami->banner = g_strdup (banner);
}

static void
ami_on_error (const GError *error,
              gpointer      user_data)
{
  ((SimAmi *) user_data)->n_errors++;
}

static const DipccAmiParserCallbacks ami_callbacks = {
  ami_on_message, ami_on_banner, ami_on_error,
};

static void ami_read (SimAmi *ami);

static void
ami_on_read (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SimAmi *ami = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      ami->eof = TRUE;
      return;
    }
  g_string_append_len (ami->raw, (const char *) ami->buffer, n);
  dipcc_ami_parser_feed (ami->parser, (const char *) ami->buffer, (gsize) n);
  ami_read (ami);
}

static void
ami_read (SimAmi *ami)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (ami->conn)),
                             ami->buffer, sizeof ami->buffer, G_PRIORITY_DEFAULT,
                             ami->cancellable, ami_on_read, ami);
}

SimAmi *
sim_ami_connect (Sim *sim)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  SimAmi *ami = g_new0 (SimAmi, 1);

  g_socket_client_set_timeout (client, 10);
  g_socket_client_set_enable_proxy (client, FALSE);
  ami->conn = g_socket_client_connect_to_host (client, "127.0.0.1", sim->ami_port, NULL, &error);
  g_assert_no_error (error);
  ami->parser = dipcc_ami_parser_new (&ami_callbacks, ami);
  ami->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref);
  ami->raw = g_string_new (NULL);
  ami->cancellable = g_cancellable_new ();
  ami_read (ami);
  return ami;
}

void
sim_ami_send (SimAmi     *ami,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (ami->conn));

  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

typedef struct {
  SimAmi *ami;
  guint   n;
} AmiN;

static gboolean
ami_has_n (gpointer data)
{
  AmiN *w = data;

  return w->ami->messages->len >= w->n || w->ami->eof;
}

gboolean
sim_ami_wait_n (SimAmi *ami,
                guint   n)
{
  AmiN w = { ami, n };

  sim_wait_until (ami_has_n, &w, SIM_TIMEOUT);
  return ami->messages->len >= n;
}

typedef struct {
  GPtrArray  *messages;
  const char *name;
  guint      *from;
  gboolean   *closed;
  gpointer    found;
} FindName;

static gboolean
ami_find (gpointer data)
{
  FindName *f = data;

  if (f->found != NULL)
    return TRUE;
  for (guint i = *f->from; i < f->messages->len; i++)
    {
      DipccAmiMessage *m = g_ptr_array_index (f->messages, i);

      if (g_strcmp0 (sim_message_name (m), f->name) == 0)
        {
          f->found = m;
          *f->from = i + 1;
          return TRUE;
        }
    }
  return *f->closed;
}

DipccAmiMessage *
sim_ami_wait_for (SimAmi     *ami,
                  const char *name,
                  guint      *from)
{
  guint start = 0;
  FindName f = { ami->messages, name, from ? from : &start, &ami->eof, NULL };

  sim_wait_until (ami_find, &f, SIM_TIMEOUT);
  return f.found;
}

static gboolean
ami_is_eof (gpointer data)
{
  return ((SimAmi *) data)->eof;
}

gboolean
sim_ami_wait_eof (SimAmi *ami)
{
  return sim_wait_until (ami_is_eof, ami, SIM_TIMEOUT);
}

void
sim_ami_login (SimAmi *ami)
{
  guint from = 0;

  sim_ami_send (ami, "Action: Login\r\nUsername: hello\r\nSecret: world\r\n\r\n");
  g_assert_nonnull (sim_ami_wait_for (ami, "FullyBooted", &from));
}

static gboolean
ami_read_stopped (gpointer data)
{
  return ((SimAmi *) data)->eof;
}

void
sim_ami_free (SimAmi *ami)
{
  g_cancellable_cancel (ami->cancellable);
  sim_wait_until (ami_read_stopped, ami, SIM_TIMEOUT);
  g_io_stream_close (G_IO_STREAM (ami->conn), NULL, NULL);
  g_object_unref (ami->conn);
  g_object_unref (ami->cancellable);
  dipcc_ami_parser_free (ami->parser);
  g_ptr_array_unref (ami->messages);
  g_string_free (ami->raw, TRUE);
  g_free (ami->banner);
  g_free (ami);
}

/* --- WebSocket ------------------------------------------------------------ */

static void
ws_on_message (SoupWebsocketConnection *conn,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  SimWs *ws = user_data;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  DipccWsEnvelope *envelope = dipcc_ws_envelope_decode (data, len, NULL);

  g_ptr_array_add (ws->texts, g_bytes_ref (message));
  if (envelope != NULL)
    g_ptr_array_add (ws->frames, envelope);
  else
    ws->n_bad++;
}

static void
ws_on_closed (SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  SimWs *ws = user_data;

  ws->closed = TRUE;
  ws->close_code = soup_websocket_connection_get_close_code (conn);
}

static void
ws_on_error (SoupWebsocketConnection *conn,
             GError                  *error,
             gpointer                 user_data)
{
  ((SimWs *) user_data)->errored = TRUE;
}

typedef struct {
  SoupWebsocketConnection *conn;
  GError                  *error;
  gboolean                 done;
} WsConnect;

static void
ws_on_connected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WsConnect *c = user_data;

  c->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &c->error);
  c->done = TRUE;
}

static gboolean
ws_connected (gpointer data)
{
  return ((WsConnect *) data)->done;
}

SimWs *
sim_ws_connect (Sim        *sim,
                const char *query,
                guint64     max_payload)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ami%s%s", sim->ws_port,
                                          query ? "?" : "", query ? query : "");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  WsConnect c = { 0 };
  SimWs *ws;

  soup_session_websocket_connect_async (sim->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        ws_on_connected, &c);
  g_assert_true (sim_wait_until (ws_connected, &c, SIM_TIMEOUT));
  g_assert_no_error (c.error);

  ws = g_new0 (SimWs, 1);
  ws->conn = c.conn;
  ws->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ws_envelope_free);
  ws->texts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (max_payload > 0)
    soup_websocket_connection_set_max_incoming_payload_size (ws->conn, max_payload);
  g_signal_connect (ws->conn, "message", G_CALLBACK (ws_on_message), ws);
  g_signal_connect (ws->conn, "closed", G_CALLBACK (ws_on_closed), ws);
  g_signal_connect (ws->conn, "error", G_CALLBACK (ws_on_error), ws);
  return ws;
}

void
sim_ws_send (SimWs      *ws,
             const char *json)
{
  /* a fault may have closed it already */
  if (soup_websocket_connection_get_state (ws->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (ws->conn, json);
}

typedef struct {
  SimWs *ws;
  guint  n;
} WsN;

static gboolean
ws_has_n (gpointer data)
{
  WsN *w = data;

  return w->ws->frames->len >= w->n || w->ws->closed;
}

gboolean
sim_ws_wait_n (SimWs *ws,
               guint  n)
{
  WsN w = { ws, n };

  sim_wait_until (ws_has_n, &w, SIM_TIMEOUT);
  return ws->frames->len >= n;
}

static gboolean
ws_find (gpointer data)
{
  FindName *f = data;

  if (f->found != NULL)
    return TRUE;
  for (guint i = *f->from; i < f->messages->len; i++)
    {
      DipccWsEnvelope *e = g_ptr_array_index (f->messages, i);

      if (g_strcmp0 (sim_message_name (e->message), f->name) == 0)
        {
          f->found = e;
          *f->from = i + 1;
          return TRUE;
        }
    }
  return *f->closed;
}

DipccWsEnvelope *
sim_ws_wait_for (SimWs      *ws,
                 const char *name,
                 guint      *from)
{
  guint start = 0;
  FindName f = { ws->frames, name, from ? from : &start, &ws->closed, NULL };

  sim_wait_until (ws_find, &f, SIM_TIMEOUT);
  return f.found;
}

static gboolean
ws_is_closed (gpointer data)
{
  return ((SimWs *) data)->closed;
}

gboolean
sim_ws_wait_closed (SimWs *ws)
{
  return sim_wait_until (ws_is_closed, ws, SIM_TIMEOUT);
}

void
sim_ws_free (SimWs *ws)
{
  if (!ws->closed && soup_websocket_connection_get_state (ws->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      soup_websocket_connection_close (ws->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      sim_wait_until (ws_is_closed, ws, 2000);
    }
  g_signal_handlers_disconnect_by_data (ws->conn, ws);
  g_object_unref (ws->conn);
  g_ptr_array_unref (ws->frames);
  g_ptr_array_unref (ws->texts);
  g_free (ws);
}
