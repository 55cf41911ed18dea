/* main.c: dipcc-pbx-sim, a stand-in for the DIPCC PBX
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-sim"

#include "config.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dipcc-sim-ami.h"
#include "dipcc-sim-engine.h"
#include "dipcc-sim-hub.h"
#include "dipcc-sim-rest.h"
#include "dipcc-sim-world.h"
#include "dipcc-sim-ws.h"

static const char description[] =
  "A faithful stand-in for a DynamicIPCommunicationCenter v3.0 PBX: the REST API\n"
  "(/api/v2/...), the amiws-style WebSocket and plain AMI over TCP, with calls,\n"
  "device states, a CDR month, an AstDB, and switches for load and faults.\n"
  "\n"
  "Default world: tenant \"1\", app-key \"demo-app-key\", AMI user \"hello\" with\n"
  "secret \"world\" (the manual's example), server 1, endpoints 0101-0112\n"
  "(0103, 0107, 0110 not registered). Change it with --world FILE, a JSON object:\n"
  "  {\"tenant\":\"1\",\"app_key\":\"…\",\"ami_user\":\"…\",\"ami_secret\":\"…\",\n"
  "   \"server_name\":\"…\",\"servers\":[1,2],\"main_number\":\"16681706\",\n"
  "   \"dids\":[\"07079190158\"],\"cdr_days\":30,\"cdr_shape\":\"object\"|\"array\",\n"
  "   \"endpoints\":[{\"extension\":\"0101\",\"name\":\"김민수\",\"registered\":true}],\n"
  "   \"phonebook\":[{\"number\":\"01012345678\",\"name\":\"홍길동\"}]}\n"
  "\n"
  "When ready it prints one JSON line on stdout with the ports and credentials;\n"
  "logs go to stderr. SIGINT/SIGTERM shut it down cleanly.\n"
  "\n"
  "Control routes (loopback clients only, header app-key):\n"
  "  POST /sim/incoming {\"caller\",\"name\",\"did\",\"to\",\"answer_after\",\"hangup_after\",\n"
  "                      \"reject\",\"server_id\",\"name_encoding\":\"latin1\",\"answered_by\"}\n"
  "    \"to\" is an extension or a list of them (ring-all: they ring at once and\n"
  "    \"answered_by\", the first one by default, answers)\n"
  "  POST /sim/device {\"extension\",\"state\",\"server_id\"}\n"
  "  POST /sim/server {\"id\",\"down\"}      POST /sim/flood {\"count\",\"rate\"}\n"
  "  POST /sim/fault {\"spec\"}\n"
  "\n"
  "Faults (--fault, comma separated; per WebSocket client also in the URL query,\n"
  "ws://127.0.0.1:PORT/?drop=5&garbage=3): drop=N (close after N messages),\n"
  "stall=N (stop reading and writing after N), garbage=N (garbage after every N),\n"
  "oversize=N (a 256 KiB frame after N), drip=MS (AMI: a byte, WebSocket: a frame\n"
  "every MS), flood=N[:RATE], deny-commands (every Command answers Permission\n"
  "denied, as for an AMI user without the command privilege; --fault only),\n"
  "oversize-bytes=N (the size of the oversize frame), badutf8=N (the Nth message\n"
  "carries a Latin-1 byte), listdrop=N (close after N items of the next list).\n"
  "--fault-once applies to the first WebSocket and first AMI connection only;\n"
  "POST /sim/fault {\"spec\":\"drop=2\"} arms faults on the connections open now,\n"
  "counted from then.\n"
  "\n"
  "Inject a call into a running simulator:\n"
  "  dipcc-pbx-sim inject --rest-port PORT --caller 01012345678 --name 홍길동 --to 0101\n"
  "  curl -H 'app-key: demo-app-key' -H 'Content-Type: application/json' \\\n"
  "       -d '{\"caller\":\"01012345678\",\"name\":\"홍길동\",\"to\":\"0101\"}' \\\n"
  "       http://127.0.0.1:PORT/sim/incoming";

/* Everything, debug included, goes to stderr: stdout holds the ready line. */
static GLogWriterOutput
log_to_stderr (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL;
  g_autofree char *line = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
  if (g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;
  line = g_log_writer_format_fields (level, fields, n_fields, isatty (STDERR_FILENO));
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

static gboolean
on_signal (gpointer user_data)
{
  g_message ("shutting down");
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_strcmp0 (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* dipcc-pbx-sim inject …: POST /sim/incoming on a running simulator */
static int
run_inject (char **argv)
{
  /* GOption does not free a default it overwrites: defaults come after */
  g_autofree char *host = NULL;
  g_autofree char *app_key = NULL;
  g_autofree char *caller = NULL;
  g_autofree char *name = NULL;
  g_autofree char *did = NULL;
  g_autofree char *to = NULL;
  g_autofree char *answered_by = NULL;
  int port = 0;
  int answer_after = 3000;
  int hangup_after = 15000;
  int server_id = 0;
  gboolean never = FALSE;
  gboolean reject = FALSE;
  GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, "Simulator host, loopback only (127.0.0.1)",
     "HOST" },
    { "rest-port", 'p', 0, G_OPTION_ARG_INT, &port, "The simulator's REST port", "PORT" },
    { "app-key", 0, 0, G_OPTION_ARG_STRING, &app_key, "app-key (demo-app-key)", "KEY" },
    { "caller", 0, 0, G_OPTION_ARG_STRING, &caller, "Caller-id number", "NUMBER" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Caller-id name", "NAME" },
    { "did", 0, 0, G_OPTION_ARG_STRING, &did, "Number dialled (DID)", "DID" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Endpoint that rings; EXT,EXT,…: ring-all",
     "EXT" },
    { "answered-by", 0, 0, G_OPTION_ARG_STRING, &answered_by,
     "Ring-all: the endpoint that answers (the first)", "EXT" },
    { "answer-after", 0, 0, G_OPTION_ARG_INT, &answer_after, "Answer after MS (3000)", "MS" },
    { "hangup-after", 0, 0, G_OPTION_ARG_INT, &hangup_after, "Talk for MS (15000)", "MS" },
    { "no-answer", 0, 0, G_OPTION_ARG_NONE, &never, "Let it ring out", NULL },
    { "reject", 0, 0, G_OPTION_ARG_NONE, &reject, "Reject it (cause 21)", NULL },
    { "server-id", 0, 0, G_OPTION_ARG_INT, &server_id, "Server that gets the call", "ID" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- inject an incoming call");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) args = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  /* arguments are UTF-8 whatever the locale: a caller name may be Korean */
  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (host == NULL)
    host = g_strdup ("127.0.0.1");
  if (app_key == NULL)
    app_key = g_strdup ("demo-app-key");
  if (port <= 0 || caller == NULL || to == NULL)
    {
      g_printerr ("inject needs --rest-port, --caller and --to\n");
      return 2;
    }
  if (!is_loopback_host (host))
    {
      g_printerr ("inject talks to a simulator on this machine only (127.0.0.1, ::1)\n");
      return 2;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "caller");
  json_builder_add_string_value (b, caller);
  json_builder_set_member_name (b, "to");
  if (strchr (to, ',') != NULL)
    {
      g_auto(GStrv) targets = g_strsplit (to, ",", -1);

      json_builder_begin_array (b);
      for (guint i = 0; targets[i] != NULL; i++)
        json_builder_add_string_value (b, g_strstrip (targets[i]));
      json_builder_end_array (b);
    }
  else
    json_builder_add_string_value (b, to);
  if (answered_by != NULL)
    {
      json_builder_set_member_name (b, "answered_by");
      json_builder_add_string_value (b, answered_by);
    }
  if (name != NULL)
    {
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
    }
  if (did != NULL)
    {
      json_builder_set_member_name (b, "did");
      json_builder_add_string_value (b, did);
    }
  json_builder_set_member_name (b, "answer_after");
  json_builder_add_int_value (b, never ? -1 : answer_after);
  json_builder_set_member_name (b, "hangup_after");
  json_builder_add_int_value (b, hangup_after);
  json_builder_set_member_name (b, "reject");
  json_builder_add_boolean_value (b, reject);
  if (server_id > 0)
    {
      json_builder_set_member_name (b, "server_id");
      json_builder_add_int_value (b, server_id);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  body = g_bytes_new (text, strlen (text));

  url = g_strdup_printf ("http://%s:%d/sim/incoming",
                         strchr (host, ':') ? "[::1]" : host, port);
  {
    /* a simulator on this machine: no proxy, ever */
    g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);
    session = soup_session_new_with_options ("timeout", 10, "proxy-resolver", direct, NULL);
  }
  msg = soup_message_new ("POST", url);
  if (msg == NULL)
    {
      g_printerr ("bad URL %s\n", url);
      return 2;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "app-key", app_key);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL)
    {
      g_printerr ("%s: %s\n", url, error->message);
      return 1;
    }
  fwrite (g_bytes_get_data (answer, NULL), 1, g_bytes_get_size (answer), stdout);
  putchar ('\n');
  return soup_message_get_status (msg) == SOUP_STATUS_OK ? 0 : 1;
}

static void
print_ready (const char    *listen,
             guint16        rest_port,
             guint16        ws_port,
             guint16        ami_port,
             gboolean       tls,
             DipccSimWorld *world)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  GPtrArray *servers = dipcc_sim_world_get_servers (world);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ready");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "listen");
  json_builder_add_string_value (b, listen);
  json_builder_set_member_name (b, "rest_port");
  json_builder_add_int_value (b, rest_port);
  json_builder_set_member_name (b, "ws_port");
  json_builder_add_int_value (b, ws_port);
  json_builder_set_member_name (b, "ami_port");
  json_builder_add_int_value (b, ami_port);
  json_builder_set_member_name (b, "tls");
  json_builder_add_boolean_value (b, tls);
  json_builder_set_member_name (b, "tenant");
  json_builder_add_string_value (b, dipcc_sim_world_get_tenant (world));
  json_builder_set_member_name (b, "app_key");
  json_builder_add_string_value (b, dipcc_sim_world_get_app_key (world));
  json_builder_set_member_name (b, "ami_user");
  json_builder_add_string_value (b, dipcc_sim_world_get_ami_user (world));
  json_builder_set_member_name (b, "ami_secret");
  json_builder_add_string_value (b, dipcc_sim_world_get_ami_secret (world));
  json_builder_set_member_name (b, "servers");
  json_builder_begin_array (b);
  for (guint i = 0; i < servers->len; i++)
    json_builder_add_int_value (b, ((DipccSimServer *) g_ptr_array_index (servers, i))->id);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "pid");
  json_builder_add_int_value (b, getpid ());
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  line = json_to_string (root, FALSE);
  fprintf (stdout, "%s\n", line);
  fflush (stdout);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *listen = NULL;
  g_autofree char *world_file = NULL;
  g_autofree char *scenario = NULL;
  g_autofree char *flood = NULL;
  g_autofree char *banner = NULL;
  g_auto(GStrv) faults = NULL;
  g_auto(GStrv) faults_once = NULL;
  g_auto(GStrv) down = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  int rest_port = 8080, ws_port = 5500, ami_port = 5038;
  int seed = 1, n_servers = 0;
  gint64 epoch = 0;
  int ring_delay = 2000, answer_delay = 3000, talk_time = 15000, ring_timeout = 20000;
  int auth_delay = 1000, slow_ms = 1500, ws_ping_idle = 5;
  gboolean demo = FALSE, old_asterisk = FALSE, latin1 = FALSE, crlf = FALSE, version = FALSE;
  gboolean stamp = FALSE;
  GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (127.0.0.1)", "ADDR" },
    { "rest-port", 0, 0, G_OPTION_ARG_INT, &rest_port, "REST port, 0 = ephemeral (8080)", "PORT" },
    { "ws-port", 0, 0, G_OPTION_ARG_INT, &ws_port, "WebSocket port, 0 = ephemeral (5500)", "PORT" },
    { "ami-port", 0, 0, G_OPTION_ARG_INT, &ami_port, "AMI TCP port, 0 = ephemeral (5038)", "PORT" },
    { "world", 'w', 0, G_OPTION_ARG_FILENAME, &world_file, "World file (JSON, see below)", "FILE" },
    { "servers", 0, 0, G_OPTION_ARG_INT, &n_servers,
     "Number of AMI servers behind the WebSocket (1)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the CDR month and the demo flow (1)", "N" },
    { "epoch", 0, 0, G_OPTION_ARG_INT64, &epoch, "\"Now\" of the CDR month, unix seconds (now)",
     "SECONDS" },
    { "ring-delay", 0, 0, G_OPTION_ARG_INT, &ring_delay,
     "Click-to-call: agent answers after MS (2000)", "MS" },
    { "answer-delay", 0, 0, G_OPTION_ARG_INT, &answer_delay,
     "Click-to-call: callee answers after MS (3000)", "MS" },
    { "talk-time", 0, 0, G_OPTION_ARG_INT, &talk_time, "Talk time in MS (15000)", "MS" },
    { "ring-timeout", 0, 0, G_OPTION_ARG_INT, &ring_timeout,
     "Unanswered calls end after MS (20000)", "MS" },
    { "auth-delay", 0, 0, G_OPTION_ARG_INT, &auth_delay,
     "Failed AMI login answered after MS (1000)", "MS" },
    { "slow-ms", 0, 0, G_OPTION_ARG_INT, &slow_ms,
     "Lag of the other servers while one is down (1500)", "MS" },
    { "ws-ping-idle", 0, 0, G_OPTION_ARG_INT, &ws_ping_idle,
     "WebSocket ping after S idle, 0 = never (5)", "S" },
    { "old-asterisk", 0, 0, G_OPTION_ARG_NONE, &old_asterisk,
     "Command output as Response: Follows / type 5", NULL },
    { "banner", 0, 0, G_OPTION_ARG_STRING, &banner, "AMI banner (Asterisk Call Manager/1.1)",
     "TEXT" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "A steady, realistic random flow of calls", NULL },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario,
     "Play a timed script: {\"steps\":[{\"at\":MS,\"type\":…}]}", "FILE" },
    { "flood", 0, 0, G_OPTION_ARG_STRING, &flood,
     "N synthetic events to every client on connect, at RATE/s or at once", "N[:RATE]" },
    { "stamp", 0, 0, G_OPTION_ARG_NONE, &stamp,
     "Every event carries SimWrittenUs: the sender's monotonic clock in µs", NULL },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults,
     "Faults for every connection (see below)", "SPEC" },
    { "fault-once", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults_once,
     "Faults for the first WebSocket and the first AMI connection only", "SPEC" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
     "Serve the WebSocket over TLS (wss) with this PEM certificate", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "The certificate's PEM private key",
     "FILE" },
    { "server-down", 0, 0, G_OPTION_ARG_STRING_ARRAY, &down, "Start with this server down", "ID" },
    { "latin1-names", 0, 0, G_OPTION_ARG_NONE, &latin1,
     "Caller names as Latin-1 bytes (invalid UTF-8)", NULL },
    { "crlf-names", 0, 0, G_OPTION_ARG_NONE, &crlf, "Caller names carrying CR LF \"Event: Fake\"",
     NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(DipccSimWorld) world = NULL;
  g_autoptr(DipccSimHub) hub = NULL;
  g_autoptr(DipccSimEngine) engine = NULL;
  g_autoptr(DipccSimRest) rest = NULL;
  g_autoptr(DipccSimWs) ws = NULL;
  g_autoptr(DipccSimAmi) ami = NULL;
  DipccSimConfig config = { 0 };
  guint16 rest_bound = 0, ws_bound = 0, ami_bound = 0;
  guint sigint_id, sigterm_id;
  g_auto(GStrv) args = NULL;

  setlocale (LC_ALL, "");
  g_log_set_writer_func (log_to_stderr, NULL, NULL);
  signal (SIGPIPE, SIG_IGN);

  if (argc > 1 && g_str_equal (argv[1], "inject"))
    return run_inject (argv + 1);

  context = g_option_context_new ("[inject …] - simulate a DIPCC PBX");
  g_option_context_set_summary (context, "Subcommand: dipcc-pbx-sim inject --help");
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, NULL);
  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (listen == NULL)
    listen = g_strdup ("127.0.0.1");
  if (banner == NULL)
    banner = g_strdup ("Asterisk Call Manager/1.1");
  if (version)
    {
      g_print ("dipcc-pbx-sim %s\n", PACKAGE_VERSION);
      return 0;
    }

  config.ring_delay = (guint) MAX (0, ring_delay);
  config.answer_delay = (guint) MAX (0, answer_delay);
  config.talk_time = (guint) MAX (0, talk_time);
  config.ring_timeout = (guint) MAX (0, ring_timeout);
  config.auth_delay = (guint) MAX (0, auth_delay);
  config.slow_ms = (guint) MAX (0, slow_ms);
  config.ws_ping_idle = (guint) MAX (0, ws_ping_idle);
  config.stamp = stamp;
  config.old_asterisk = old_asterisk;
  config.ami_banner = banner;
  config.latin1_names = latin1;
  config.crlf_names = crlf;
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    if (!dipcc_sim_faults_parse (&config.faults, faults[i], &error))
      {
        g_printerr ("--fault: %s\n", error->message);
        return 2;
      }
  for (guint i = 0; faults_once != NULL && faults_once[i] != NULL; i++)
    if (!dipcc_sim_faults_parse (&config.faults_once, faults_once[i], &error))
      {
        g_printerr ("--fault-once: %s\n", error->message);
        return 2;
      }
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("--tls-cert and --tls-key go together\n");
      return 2;
    }
  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("--tls-cert: %s\n", error->message);
          return 2;
        }
      config.tls_certificate = certificate;
    }
  if (flood != NULL)
    {
      g_autofree char *spec = g_strdup_printf ("flood=%s", flood);

      if (!dipcc_sim_faults_parse (&config.faults, spec, &error))
        {
          g_printerr ("--flood: %s\n", error->message);
          return 2;
        }
    }
  if (rest_port < 0 || rest_port > 65535 || ws_port < 0 || ws_port > 65535 ||
      ami_port < 0 || ami_port > 65535)
    {
      g_printerr ("ports are 0 to 65535\n");
      return 2;
    }

  world = dipcc_sim_world_new ((guint32) seed, epoch);
  if (world_file != NULL && !dipcc_sim_world_load_file (world, world_file, &error))
    {
      g_printerr ("--world: %s\n", error->message);
      return 2;
    }
  if (n_servers > 0)
    dipcc_sim_world_set_n_servers (world, (guint) MIN (n_servers, 64));
  dipcc_sim_world_finish (world);

  hub = dipcc_sim_hub_new (world, &config);
  engine = dipcc_sim_engine_new (world, hub, &config);
  for (guint i = 0; down != NULL && down[i] != NULL; i++)
    {
      gint64 id = 0;

      if (!g_ascii_string_to_signed (down[i], 10, 1, G_MAXINT32, &id, NULL) ||
          !dipcc_sim_engine_set_server_down (engine, (int) id, TRUE))
        {
          g_printerr ("--server-down: no server %s\n", down[i]);
          return 2;
        }
    }

  rest = dipcc_sim_rest_new (world, engine, &config);
  ws = dipcc_sim_ws_new (world, hub, engine, &config);
  ami = dipcc_sim_ami_new (world, hub, engine, &config);
  if (!dipcc_sim_rest_listen (rest, listen, (guint16) rest_port, &rest_bound, &error) ||
      !dipcc_sim_ws_listen (ws, listen, (guint16) ws_port, &ws_bound, &error) ||
      !dipcc_sim_ami_listen (ami, listen, (guint16) ami_port, &ami_bound, &error))
    {
      g_printerr ("cannot listen on %s: %s\n", listen, error->message);
      return 1;
    }

  if (scenario != NULL && !dipcc_sim_engine_run_scenario (engine, scenario, &error))
    {
      g_printerr ("--scenario: %s\n", error->message);
      return 2;
    }
  if (demo)
    dipcc_sim_engine_start_demo (engine);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, loop);

  g_message ("listening on %s: REST %u, WebSocket %u, AMI %u", listen, rest_bound, ws_bound,
             ami_bound);
  print_ready (listen, rest_bound, ws_bound, ami_bound, certificate != NULL, world);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  dipcc_sim_ami_stop (ami);
  dipcc_sim_ws_stop (ws);
  dipcc_sim_rest_stop (rest);
  g_clear_object (&ami);
  g_clear_object (&ws);
  g_clear_object (&rest);
  g_clear_object (&engine);
  g_clear_object (&hub);
  /* let cancelled I/O finish, so everything it holds is freed */
  for (int i = 0; i < 100 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
  return 0;
}
