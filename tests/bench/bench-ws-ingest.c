/* bench-ws-ingest.c: the flood as amiws JSON frames
 *
 * The same events as the AMI benchmarks, as the WebSocket proxy frames them
 * (`{"type":3,"server_id":1,…,"data":{…}}`, the simulator's templates),
 * rendered into memory a batch at a time (outside the clock) and decoded
 * frame by frame:
 *
 *   yajl     yajl alone, no callbacks: the tokenizer's floor
 *   decode   dipcc_ws_envelope_decode() (yajl, every member kept in order)
 *   models   decode + the endpoint and call models: the target figure
 *   jsonglib json-glib's tree parser, the fields copied from the `data`
 *            object (the last of a repeated key only), + the models: what
 *            the decoder would be on json-glib (issue #2)
 *
 * Then over loopback from `dipcc-pbx-sim --flood` through libsoup: the
 * app's path (DipccWsTransport, DipccPbxClient, models) and
 * `dipcc monitor --ws … --stats`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-bench"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <yajl/yajl_parse.h>

#include "dipcc-call-list.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-pbx-client.h"
#include "dipcc-sim-flood.h"
#include "dipcc-ws-envelope.h"
#include "dipcc-ws-transport.h"

#include "bench-common.h"

#define BATCH 4096   /* frames rendered at a time */

typedef enum {
  MODE_YAJL,
  MODE_DECODE,
  MODE_MODELS,
  MODE_JSONGLIB,
  N_MODES
} Mode;

static const struct {
  const char *id;
  const char *label;
} modes[N_MODES] = {
  { "ws.mem.yajl", "WS frames from memory, yajl alone (no callbacks)" },
  { "ws.mem.decode", "WS frames from memory, envelope decode" },
  { "ws.mem.models", "WS frames from memory, decode + models" },
  { "ws.mem.jsonglib", "WS frames from memory, json-glib tree + models" },
};

typedef struct {
  guint64            frames;
  guint64            last_seq;
  DipccEndpointList *endpoints;
  DipccCallList     *calls;
  JsonParser        *json_parser;
} Sink;

static void
models_new (Sink *sink)
{
  sink->endpoints = dipcc_endpoint_list_new ();
  sink->calls = dipcc_call_list_new (sink->endpoints);
  dipcc_call_list_set_my_extension (sink->calls, "0101");
  /* hours of calls in a second: see bench-ami-ingest.c */
  dipcc_call_list_set_linger_ms (sink->calls, 0);
}

static void
models_clear (Sink *sink)
{
  g_clear_object (&sink->calls);
  g_clear_object (&sink->endpoints);
}

static void
reduce (Sink            *sink,
        DipccAmiMessage *message)
{
  dipcc_endpoint_list_handle_event (sink->endpoints, message);
  dipcc_call_list_handle_event (sink->calls, message);
}

/* What a decoder on json-glib would do with one frame. */
static DipccAmiMessage *
decode_with_json_glib (JsonParser *parser,
                       const char *json,
                       gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root;
  JsonObject *data;
  DipccAmiMessage *message;
  int type;

  if (!json_parser_load_from_data (parser, json, (gssize) len, &error))
    g_error ("json-glib: %s", error->message);
  root = json_node_get_object (json_parser_get_root (parser));
  type = (int) json_object_get_int_member_with_default (root, "type", 0);
  data = json_object_get_object_member (root, "data");
  message = dipcc_ami_message_new ();
  members = json_object_get_members (data);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (data, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        dipcc_ami_message_add (message, l->data, json_node_get_string (node));
    }
  if (type == 3)
    dipcc_ami_message_set_kind (message, DIPCC_AMI_MESSAGE_KIND_EVENT);
  dipcc_ami_message_set_server (message,
                                (int) json_object_get_int_member_with_default (root,
                                                                               "server_id", -1),
                                json_object_get_string_member_with_default (root, "server_name",
                                                                            NULL));
  return message;
}

static void
remember_seq (Sink            *sink,
              DipccAmiMessage *message)
{
  const char *seq = dipcc_ami_message_get (message, "SimSeq");

  if (seq != NULL)
    sink->last_seq = g_ascii_strtoull (seq, NULL, 10);
}

static void
decode_one (Sink       *sink,
            Mode        mode,
            const char *json,
            gsize       len)
{
  g_autoptr(GError) error = NULL;
  DipccWsEnvelope *envelope;
  DipccAmiMessage *message;

  switch (mode)
    {
    case MODE_YAJL:
      {
        yajl_handle yajl = yajl_alloc (NULL, NULL, NULL);

        if (yajl_parse (yajl, (const unsigned char *) json, len) != yajl_status_ok ||
            yajl_complete_parse (yajl) != yajl_status_ok)
          g_error ("yajl refused a frame");
        yajl_free (yajl);
      }
      break;

    case MODE_DECODE:
    case MODE_MODELS:
      envelope = dipcc_ws_envelope_decode (json, len, &error);
      if (envelope == NULL)
        g_error ("decode: %s", error->message);
      if (mode == MODE_MODELS)
        reduce (sink, envelope->message);
      if (sink->frames % BATCH == 0)
        remember_seq (sink, envelope->message);
      dipcc_ws_envelope_free (envelope);
      break;

    case MODE_JSONGLIB:
    case N_MODES:
    default:
      message = decode_with_json_glib (sink->json_parser, json, len);
      reduce (sink, message);
      if (sink->frames % BATCH == 0)
        remember_seq (sink, message);
      dipcc_ami_message_unref (message);
      break;
    }
  sink->frames++;
}

/* Decodes @n frames; returns the CPU seconds of the decoding alone. */
static double
run_memory (DipccSimServer *server,
            guint           n,
            Mode            mode,
            guint64        *bytes)
{
  g_autoptr(GString) batch = g_string_sized_new (BATCH * 1024);
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  Sink sink = { 0 };
  double total = 0;

  if (mode == MODE_MODELS || mode == MODE_JSONGLIB)
    models_new (&sink);
  if (mode == MODE_JSONGLIB)
    sink.json_parser = json_parser_new ();
  *bytes = 0;

  for (guint seq = 1; seq <= n;)
    {
      BenchClock start;
      double cpu_s;
      gsize from = 0;

      g_string_truncate (batch, 0);
      g_array_set_size (ends, 0);
      for (guint i = 0; i < BATCH && seq <= n; i++)
        {
          dipcc_sim_flood_append_ws (server, seq++, batch);
          g_array_append_val (ends, batch->len);
        }
      *bytes += batch->len;

      bench_clock_now (&start);
      for (guint i = 0; i < ends->len; i++)
        {
          gsize to = g_array_index (ends, gsize, i);

          decode_one (&sink, mode, batch->str + from, to - from);
          from = to;
        }
      bench_clock_since (&start, NULL, &cpu_s);
      total += cpu_s;
    }

  if (sink.frames != n)
    g_error ("%s: %" G_GUINT64_FORMAT " frames of %u", modes[mode].id, sink.frames, n);
  models_clear (&sink);
  g_clear_object (&sink.json_parser);
  return total;
}

/* ---- over loopback -------------------------------------------------------- */

typedef struct {
  Sink       sink;
  GMainLoop *loop;
  guint      n;
  gboolean   failed;
} App;

static void
on_app_event (DipccPbxClient  *pbx,
              DipccAmiMessage *message,
              App             *app)
{
  guint n_fields = dipcc_ami_message_get_n_fields (message);

  app->sink.frames++;
  reduce (&app->sink, message);
  /* the flood's events end with SimSeq */
  if (n_fields > 0 &&
      strcmp (dipcc_ami_message_get_key_at (message, n_fields - 1), "SimSeq") == 0 &&
      g_ascii_strtoull (dipcc_ami_message_get_value_at (message, n_fields - 1), NULL, 10) >=
      app->n)
    {
      app->sink.last_seq = app->n;
      g_main_loop_quit (app->loop);
    }
}

static void
on_app_state (DipccPbxClient *pbx,
              GParamSpec     *pspec,
              App            *app)
{
  if (dipcc_pbx_client_get_state (pbx) == DIPCC_PBX_STATE_RECONNECTING)
    {
      const GError *error = dipcc_pbx_client_get_last_error (pbx);

      g_warning ("WebSocket app client: %s", error != NULL ? error->message : "lost");
      app->failed = TRUE;
      g_main_loop_quit (app->loop);
    }
}

static gboolean
on_app_timeout (gpointer user_data)
{
  App *app = user_data;

  g_warning ("WebSocket app client: timed out");
  app->failed = TRUE;
  g_main_loop_quit (app->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
run_app (BenchSim *sim,
         guint     n,
         double   *wall_s,
         double   *cpu_s)
{
  g_autofree char *uri = g_strdup_printf ("ws://127.0.0.1:%u/", sim->ws_port);
  g_autoptr(DipccWsTransport) transport = dipcc_ws_transport_new (uri);
  g_autoptr(DipccPbxClient) pbx = NULL;
  App app = { { 0 } };
  BenchClock start;
  guint timeout;
  int server_id = 1;

  bench_clock_now (&start);
  app.loop = g_main_loop_new (NULL, FALSE);
  app.n = n;
  models_new (&app.sink);
  dipcc_ws_transport_set_server_id (transport, server_id);
  pbx = dipcc_pbx_client_new (DIPCC_TRANSPORT (transport));
  dipcc_pbx_client_set_server_ids (pbx, &server_id, 1);
  g_signal_connect (pbx, "event", G_CALLBACK (on_app_event), &app);
  g_signal_connect (pbx, "notify::state", G_CALLBACK (on_app_state), &app);
  timeout = g_timeout_add_seconds (600, on_app_timeout, &app);

  dipcc_pbx_client_start (pbx);
  g_main_loop_run (app.loop);
  bench_clock_since (&start, wall_s, cpu_s);

  g_source_remove (timeout);
  g_signal_handlers_disconnect_by_data (pbx, &app);
  dipcc_pbx_client_stop (pbx);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  models_clear (&app.sink);
  g_main_loop_unref (app.loop);
  return !app.failed && app.sink.last_seq == n;
}

static double
stat_value (const char *output,
            const char *key)
{
  g_autofree char *needle = g_strdup_printf ("%s: ", key);
  const char *at = strstr (output, needle);

  return at != NULL ? g_ascii_strtod (at + strlen (needle), NULL) : -1;
}

static gboolean
run_monitor (BenchSim *sim,
             guint     n,
             double   *wall_s,
             double   *cpu_s)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("ws://127.0.0.1:%u/", sim->ws_port);
  g_autofree char *max = g_strdup_printf ("%u", n);
  g_autofree char *output = NULL;

  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, bench_env_path ("DIPCC_CLI"),
                                         "monitor", "--stats", "--max-events", max,
                                         "--ws", uri, NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL,
                                                         &error))
    g_error ("dipcc monitor: %s", error->message);
  *wall_s = stat_value (output, "seconds");
  *cpu_s = stat_value (output, "cpu_seconds");
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0 ||
      stat_value (output, "messages") < n || *wall_s <= 0)
    {
      g_warning ("dipcc monitor printed: %s", output);
      return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  DipccSimServer server = { .id = 1, .name = (char *) "127.0.0.1",
                            .uniqueid_base = 1700000000 };
  guint n = bench_count (1000000, 200000);
  guint n_loop = bench_count (300000, 100000);
  guint rounds = bench_rounds ();
  double best[N_MODES] = { 0 };
  double app_wall = 0, app_cpu = 0, mon_wall = 0, mon_cpu = 0, sim_cpu = 0;
  guint64 bytes = 0;
  double bytes_per_frame = 0;
  g_autofree char *flood = NULL;
  BenchSim *sim;
  BenchFigure *figure;

  setlocale (LC_ALL, "");
  g_set_prgname ("bench-ws-ingest");

  for (guint round = 0; round < rounds; round++)
    for (Mode mode = 0; mode < N_MODES; mode++)
      {
        /* json-glib is ten times slower: a fifth of the frames tells as much */
        guint frames = mode == MODE_JSONGLIB ? MAX (n / 5, 1) : n;
        double cpu_s = run_memory (&server, frames, mode, &bytes) * n / frames;

        bytes_per_frame = (double) bytes / frames;

        g_printerr ("round %u %-16s %8.3f s cpu (per %u frames)\n", round + 1, modes[mode].id,
                    cpu_s, n);
        if (best[mode] == 0 || cpu_s < best[mode])
          best[mode] = cpu_s;
      }

  for (Mode mode = 0; mode < N_MODES; mode++)
    {
      figure = bench_figure_new (modes[mode].id, modes[mode].label, n / best[mode], "frames/s",
                                 BENCH_HIGHER_IS_BETTER);
      if (mode == MODE_MODELS)
        {
          bench_figure_set_baseline (figure, "json-glib tree + models", n / best[MODE_JSONGLIB]);
          bench_figure_set_target (figure, 500000);
        }
      else if (mode != MODE_YAJL)
        bench_figure_set_baseline (figure, "yajl alone", n / best[MODE_YAJL]);
      bench_figure_add_info (figure, "frames", mode == MODE_JSONGLIB ? MAX (n / 5, 1) : n);
      bench_figure_add_info (figure, "cpu_us_per_frame", best[mode] * 1e6 / n);
      bench_figure_add_info (figure, "bytes_per_frame", bytes_per_frame);
      bench_figure_emit (figure);
    }

  /* over loopback, from the simulator */
  flood = g_strdup_printf ("%u", n_loop);
  sim = bench_sim_start ("--flood", flood, NULL);
  for (guint round = 0; round < rounds; round++)
    {
      double wall_s, cpu_s, sim_before = bench_process_cpu_s (sim->pid);

      if (run_app (sim, n_loop, &wall_s, &cpu_s) && (app_wall == 0 || wall_s < app_wall))
        {
          app_wall = wall_s;
          app_cpu = cpu_s;
          sim_cpu = bench_process_cpu_s (sim->pid) - sim_before;
        }
      g_printerr ("round %u ws app      %8.3f s wall %8.3f s cpu\n", round + 1, wall_s, cpu_s);
      if (run_monitor (sim, n_loop, &wall_s, &cpu_s) && (mon_wall == 0 || wall_s < mon_wall))
        {
          mon_wall = wall_s;
          mon_cpu = cpu_s;
        }
      g_printerr ("round %u ws monitor  %8.3f s wall %8.3f s cpu\n", round + 1, wall_s, cpu_s);
    }
  bench_sim_stop (sim);

  figure = bench_figure_new ("ws.app.rate", "WS ingest over loopback, app path (libsoup)",
                             app_wall > 0 ? n_loop / app_wall : NAN, "frames/s",
                             BENCH_HIGHER_IS_BETTER);
  bench_figure_set_baseline (figure, "decode + models from memory", n / best[MODE_MODELS]);
  bench_figure_add_info (figure, "frames", n_loop);
  bench_figure_add_info (figure, "cpu_us_per_frame", app_cpu * 1e6 / n_loop);
  bench_figure_add_info (figure, "sim_cpu_us_per_frame", sim_cpu * 1e6 / n_loop);
  bench_figure_emit (figure);

  figure = bench_figure_new ("ws.monitor.rate", "WS ingest over loopback, dipcc monitor --stats",
                             mon_wall > 0 ? n_loop / mon_wall : NAN, "frames/s",
                             BENCH_HIGHER_IS_BETTER);
  bench_figure_set_baseline (figure, "decode + models from memory", n / best[MODE_MODELS]);
  bench_figure_add_info (figure, "frames", n_loop);
  bench_figure_add_info (figure, "cpu_us_per_frame", mon_cpu * 1e6 / n_loop);
  bench_figure_emit (figure);

  return app_wall > 0 && mon_wall > 0 ? 0 : 1;
}
