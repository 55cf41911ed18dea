/* bench-ami-ingest.c: AMI events over loopback, from the simulator's flood
 *
 * One dipcc-pbx-sim floods every AMI connection with the same N events
 * (realistic calls, about 18 lines an event). The clients read that same
 * stream, one after the other, in rounds, and the best round of each
 * counts:
 *
 *   raw      read() and count the "\r\n\r\n" message ends: the floor
 *   parser   the same loop feeding DipccAmiParser
 *   models   the same loop, each message tagged with its server (as the
 *            transport does) and reduced by DipccEndpointList and
 *            DipccCallList
 *   app      what the app runs: DipccAmiTransport and DipccPbxClient on a
 *            GMainLoop, the two models on its ::event signal
 *   monitor  `dipcc monitor --stats --max-events N`, a separate process
 *
 * Measured: events per wall second and CPU microseconds per event of the
 * client, and the simulator's own CPU per event (it shares the machine).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-bench"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dipcc-ami-parser.h"
#include "dipcc-ami-transport.h"
#include "dipcc-call-list.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-pbx-client.h"

#include "bench-common.h"

#define READ_SIZE (64 * 1024)
#define LOGIN "Action: Login\r\nUsername: hello\r\nSecret: world\r\n\r\n"
/* messages before the flood: the login answer and FullyBooted */
#define PREAMBLE 2

typedef enum {
  CLIENT_RAW,
  CLIENT_PARSER,
  CLIENT_MODELS,
  CLIENT_APP,
  CLIENT_MONITOR,
  N_CLIENTS
} ClientKind;

static const struct {
  const char *id;
  const char *label;
} clients[N_CLIENTS] = {
  { "raw", "raw read + count message ends" },
  { "parser", "DipccAmiParser" },
  { "models", "parser + models" },
  { "app", "app path: transport + client + models" },
  { "monitor", "dipcc monitor --stats" },
};

typedef struct {
  double   wall_s;
  double   cpu_s;
  double   sim_cpu_s;
  guint64  bytes;
  guint64  lines;
  guint64  messages;
  gboolean ok;
} Run;

typedef struct {
  guint     n_events;
  BenchSim *sim;
} Bench;

/* ---- a plain blocking socket ------------------------------------------------- */

static int
connect_ami (guint16 port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  if (fd < 0)
    g_error ("socket: %s", g_strerror (errno));
  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    g_error ("connect to the simulator: %s", g_strerror (errno));
  if (write (fd, LOGIN, strlen (LOGIN)) != (gssize) strlen (LOGIN))
    g_error ("write: %s", g_strerror (errno));
  return fd;
}

/* ---- raw: count message ends ----------------------------------------------- */

typedef struct {
  char    tail[3];   /* the last bytes of the previous read, newest last */
  guint64 ends;
  guint64 lines;
} Counter;

static inline char
byte_before (const char *buf,
             gssize      i,
             Counter    *c)
{
  return i >= 0 ? buf[i] : c->tail[3 + i];
}

static void
count_ends (Counter    *c,
            const char *buf,
            gsize       len)
{
  const char *p = buf;
  const char *end = buf + len;

  while ((p = memchr (p, '\n', end - p)) != NULL)
    {
      gssize i = p - buf;

      c->lines++;
      if (byte_before (buf, i - 1, c) == '\r' && byte_before (buf, i - 2, c) == '\n' &&
          byte_before (buf, i - 3, c) == '\r')
        c->ends++;
      p++;
    }
  for (gsize k = 0; k < 3; k++)
    c->tail[k] = len >= 3 - k ? buf[len - (3 - k)] : c->tail[k + len];
}

static void
run_raw (Bench *bench,
         Run   *run)
{
  g_autofree char *buf = g_malloc (READ_SIZE);
  Counter counter = { { 0 }, 0, 0 };
  guint64 want = (guint64) bench->n_events + PREAMBLE;
  BenchClock start;
  int fd;

  bench_clock_now (&start);
  fd = connect_ami (bench->sim->ami_port);
  while (counter.ends < want)
    {
      gssize n = read (fd, buf, READ_SIZE);

      if (n <= 0)
        break;
      run->bytes += n;
      count_ends (&counter, buf, n);
    }
  bench_clock_since (&start, &run->wall_s, &run->cpu_s);
  close (fd);
  run->lines = counter.lines;
  run->messages = counter.ends;
  run->ok = counter.ends >= want;
}

/* ---- parser and models: the same loop ------------------------------------- */

typedef struct {
  guint64            messages;
  guint64            want;       /* messages until the flood's last */
  guint64            last_seq;
  DipccEndpointList *endpoints;
  DipccCallList     *calls;
} Sink;

static void
remember_seq (Sink            *sink,
              DipccAmiMessage *message)
{
  /* SimSeq is the last field: check it without searching the message, and
   * only at the end, so the check costs the clients nothing */
  guint n = dipcc_ami_message_get_n_fields (message);

  if (sink->messages >= sink->want && n > 0 && strcmp (dipcc_ami_message_get_key_at (message, n - 1), "SimSeq") == 0)
    sink->last_seq = g_ascii_strtoull (dipcc_ami_message_get_value_at (message, n - 1),
                                       NULL, 10);
}

static void
on_parsed (DipccAmiMessage *message,
           gpointer         user_data)
{
  Sink *sink = user_data;

  sink->messages++;
  remember_seq (sink, message);
  dipcc_ami_message_unref (message);
}

static void
on_reduced (DipccAmiMessage *message,
            gpointer         user_data)
{
  Sink *sink = user_data;

  sink->messages++;
  remember_seq (sink, message);
  /* what DipccAmiTransport does to every message */
  dipcc_ami_message_set_server (message, 1, "127.0.0.1");
  dipcc_endpoint_list_handle_event (sink->endpoints, message);
  dipcc_call_list_handle_event (sink->calls, message);
  dipcc_ami_message_unref (message);
}

static void
models_new (Sink *sink)
{
  sink->endpoints = dipcc_endpoint_list_new ();
  sink->calls = dipcc_call_list_new (sink->endpoints);
  dipcc_call_list_set_my_extension (sink->calls, "0101");
  /* The flood packs hours of calls into a second: calls would linger for
   * 3 s of wall time each, tens of thousands at once, which no real PBX
   * makes. They go to the recent list as soon as they end. */
  dipcc_call_list_set_linger_ms (sink->calls, 0);
}

static void
models_free (Sink *sink)
{
  g_clear_object (&sink->calls);
  g_clear_object (&sink->endpoints);
}

static void
run_parser (Bench    *bench,
            Run      *run,
            gboolean  models)
{
  static const DipccAmiParserCallbacks parsed = { on_parsed, NULL, NULL };
  static const DipccAmiParserCallbacks reduced = { on_reduced, NULL, NULL };
  g_autofree char *buf = g_malloc (READ_SIZE);
  guint64 want = (guint64) bench->n_events + PREAMBLE;
  Sink sink = { .want = want };
  DipccAmiParser *parser;
  BenchClock start;
  int fd;

  bench_clock_now (&start);
  if (models)
    models_new (&sink);
  parser = dipcc_ami_parser_new (models ? &reduced : &parsed, &sink);
  fd = connect_ami (bench->sim->ami_port);
  while (sink.messages < want)
    {
      gssize n = read (fd, buf, READ_SIZE);

      if (n <= 0)
        break;
      run->bytes += n;
      dipcc_ami_parser_feed (parser, buf, n);
    }
  bench_clock_since (&start, &run->wall_s, &run->cpu_s);
  close (fd);
  dipcc_ami_parser_free (parser);
  if (models)
    {
      /* the flood has 8 calls under way at a time */
      if (dipcc_call_list_get_n_channels (sink.calls) > 64)
        g_warning ("the call list kept %u channels", dipcc_call_list_get_n_channels (sink.calls));
      models_free (&sink);
    }
  run->messages = sink.messages;
  run->ok = sink.messages >= want && sink.last_seq == bench->n_events;
  if (!run->ok)
    g_warning ("%s: %" G_GUINT64_FORMAT " messages, last SimSeq %" G_GUINT64_FORMAT,
               models ? "models" : "parser", sink.messages, sink.last_seq);
}

/* ---- the app's path ----------------------------------------------------------- */

typedef struct {
  Sink       sink;
  GMainLoop *loop;
  guint      n_events;
  char      *last_text;
  gboolean   failed;
} App;

static void
on_app_event (DipccPbxClient  *pbx,
              DipccAmiMessage *message,
              App             *app)
{
  guint n = dipcc_ami_message_get_n_fields (message);

  app->sink.messages++;
  dipcc_endpoint_list_handle_event (app->sink.endpoints, message);
  dipcc_call_list_handle_event (app->sink.calls, message);
  /* the flood's last event ends with its SimSeq: compared as text, which
   * costs the client less than reading every number */
  if (n > 0 && strcmp (dipcc_ami_message_get_value_at (message, n - 1), app->last_text) == 0 &&
      strcmp (dipcc_ami_message_get_key_at (message, n - 1), "SimSeq") == 0)
    {
      app->sink.last_seq = app->n_events;
      g_main_loop_quit (app->loop);
    }
}

static void
on_app_state (DipccPbxClient *pbx,
              GParamSpec     *pspec,
              App            *app)
{
  DipccPbxState state = dipcc_pbx_client_get_state (pbx);

  if (state == DIPCC_PBX_STATE_AUTH_FAILED || state == DIPCC_PBX_STATE_RECONNECTING)
    {
      const GError *error = dipcc_pbx_client_get_last_error (pbx);

      g_warning ("app client: %s", error != NULL ? error->message : "connection lost");
      app->failed = TRUE;
      g_main_loop_quit (app->loop);
    }
}

static gboolean
on_app_timeout (gpointer user_data)
{
  App *app = user_data;

  g_warning ("app client: timed out");
  app->failed = TRUE;
  g_main_loop_quit (app->loop);
  return G_SOURCE_CONTINUE;
}

static void
run_app (Bench *bench,
         Run   *run)
{
  g_autoptr(DipccAmiTransport) transport = NULL;
  g_autoptr(DipccPbxClient) pbx = NULL;
  App app = { { 0 } };
  BenchClock start;
  guint timeout;
  int server_id = 1;

  bench_clock_now (&start);
  app.loop = g_main_loop_new (NULL, FALSE);
  app.n_events = bench->n_events;
  app.last_text = g_strdup_printf ("%u", bench->n_events);
  models_new (&app.sink);
  transport = dipcc_ami_transport_new ("127.0.0.1", bench->sim->ami_port, FALSE);
  dipcc_ami_transport_set_server_id (transport, server_id);
  pbx = dipcc_pbx_client_new (DIPCC_TRANSPORT (transport));
  dipcc_pbx_client_set_server_ids (pbx, &server_id, 1);
  dipcc_pbx_client_set_credentials (pbx, "hello", "world");
  g_signal_connect (pbx, "event", G_CALLBACK (on_app_event), &app);
  g_signal_connect (pbx, "notify::state", G_CALLBACK (on_app_state), &app);
  timeout = g_timeout_add_seconds (600, on_app_timeout, &app);

  dipcc_pbx_client_start (pbx);
  g_main_loop_run (app.loop);
  bench_clock_since (&start, &run->wall_s, &run->cpu_s);

  g_source_remove (timeout);
  g_signal_handlers_disconnect_by_data (pbx, &app);
  dipcc_pbx_client_stop (pbx);
  /* let the closing connection finish before the next client */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  models_free (&app.sink);
  g_main_loop_unref (app.loop);
  g_free (app.last_text);
  run->messages = app.sink.messages;
  run->ok = !app.failed && app.sink.last_seq == bench->n_events;
}

/* ---- dipcc monitor --stats ------------------------------------------------ */

static double
stat_value (const char *output,
            const char *key)
{
  g_autofree char *needle = g_strdup_printf ("%s: ", key);
  const char *at = strstr (output, needle);

  return at != NULL ? g_ascii_strtod (at + strlen (needle), NULL) : -1;
}

static void
run_monitor (Bench *bench,
             Run   *run)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ami = g_strdup_printf ("127.0.0.1:%u", bench->sim->ami_port);
  g_autofree char *max = g_strdup_printf ("%u", bench->n_events);
  g_autofree char *output = NULL;

  g_subprocess_launcher_setenv (launcher, "DIPCC_AMI_SECRET", "world", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, bench_env_path ("DIPCC_CLI"),
                                         "monitor", "--stats", "--max-events", max,
                                         "--ami", ami, "--user", "hello", NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL,
                                                         &error))
    g_error ("dipcc monitor: %s", error->message);
  run->ok = g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
  run->messages = (guint64) MAX (0, stat_value (output, "messages"));
  run->wall_s = stat_value (output, "seconds");
  run->cpu_s = stat_value (output, "cpu_seconds");
  if (!run->ok || run->wall_s <= 0 || run->cpu_s < 0 || run->messages < bench->n_events)
    {
      g_warning ("dipcc monitor printed: %s", output);
      run->ok = FALSE;
    }
}

/* ---- figures ------------------------------------------------------------------ */

typedef struct {
  double wall_s;     /* best round */
  double cpu_s;      /* best round */
  double sim_cpu_s;  /* best round */
  guint64 bytes;
  guint64 lines;
  guint  n_ok;
} Best;

static void
keep_best (Best      *best,
           const Run *run)
{
  if (!run->ok)
    return;
  if (best->n_ok == 0 || run->wall_s < best->wall_s)
    best->wall_s = run->wall_s;
  if (best->n_ok == 0 || run->cpu_s < best->cpu_s)
    best->cpu_s = run->cpu_s;
  if (run->sim_cpu_s > 0 && (best->sim_cpu_s <= 0 || run->sim_cpu_s < best->sim_cpu_s))
    best->sim_cpu_s = run->sim_cpu_s;
  if (run->bytes > 0)
    best->bytes = run->bytes;
  if (run->lines > 0)
    best->lines = run->lines;
  best->n_ok++;
}

static void
emit (guint       n,
      ClientKind  kind,
      const Best *best,
      const Best *raw)
{
  g_autofree char *rate_id = g_strdup_printf ("ami.%s.rate", clients[kind].id);
  g_autofree char *cpu_id = g_strdup_printf ("ami.%s.cpu", clients[kind].id);
  g_autofree char *rate_label = g_strdup_printf ("AMI ingest, %s", clients[kind].label);
  g_autofree char *cpu_label = g_strdup_printf ("AMI CPU/event, %s", clients[kind].label);
  BenchFigure *rate;
  BenchFigure *cpu;

  if (best->n_ok == 0)
    {
      rate = bench_figure_new (rate_id, rate_label, NAN, "events/s", BENCH_HIGHER_IS_BETTER);
      bench_figure_add_note (rate, "every round failed");
      bench_figure_emit (rate);
      return;
    }

  rate = bench_figure_new (rate_id, rate_label, n / best->wall_s, "events/s",
                           BENCH_HIGHER_IS_BETTER);
  cpu = bench_figure_new (cpu_id, cpu_label, best->cpu_s * 1e6 / n, "µs/event",
                          BENCH_LOWER_IS_BETTER);
  if (kind != CLIENT_RAW && raw->n_ok > 0)
    {
      bench_figure_set_baseline (rate, clients[CLIENT_RAW].label, n / raw->wall_s);
      bench_figure_set_baseline (cpu, clients[CLIENT_RAW].label, raw->cpu_s * 1e6 / n);
    }
  if (kind == CLIENT_MODELS)
    {
      bench_figure_set_target (rate, 1.7e6);
      bench_figure_set_ratio_target (rate, 0.30);
    }
  bench_figure_add_info (rate, "events", n);
  bench_figure_add_info (rate, "rounds_ok", best->n_ok);
  bench_figure_add_info (rate, "cpu_us_per_event", best->cpu_s * 1e6 / n);
  bench_figure_add_info (rate, "cpu_bound_events_per_s", n / best->cpu_s);
  if (best->sim_cpu_s > 0)
    bench_figure_add_info (rate, "sim_cpu_us_per_event", best->sim_cpu_s * 1e6 / n);
  if (kind == CLIENT_MONITOR)
    bench_figure_add_note (rate, "its own figures: seconds from start-up, CPU of the whole "
                                 "process");
  bench_figure_emit (rate);
  bench_figure_emit (cpu);
}

int
main (int    argc,
      char **argv)
{
  Bench bench = { 0 };
  Best best[N_CLIENTS] = { { 0 } };
  g_autofree char *flood = NULL;
  guint rounds = bench_rounds ();
  BenchFigure *figure;

  /* DIPCC_BENCH_CLIENTS=parser,models runs only those (for a profiler) */
  g_auto(GStrv) only = g_getenv ("DIPCC_BENCH_CLIENTS") != NULL ?
                       g_strsplit (g_getenv ("DIPCC_BENCH_CLIENTS"), ",", -1) : NULL;

  setlocale (LC_ALL, "");
  g_set_prgname ("bench-ami-ingest");
  bench.n_events = bench_count (1000000, 200000);
  flood = g_strdup_printf ("%u", bench.n_events);
  bench.sim = bench_sim_start ("--flood", flood, NULL);

  for (guint round = 0; round < rounds; round++)
    for (ClientKind kind = 0; kind < N_CLIENTS; kind++)
      {
        Run run = { 0 };
        double sim_before;

        if (only != NULL && !g_strv_contains ((const char * const *) only, clients[kind].id))
          continue;
        sim_before = bench_process_cpu_s (bench.sim->pid);

        switch (kind)
          {
          case CLIENT_RAW:
            run_raw (&bench, &run);
            break;
          case CLIENT_PARSER:
            run_parser (&bench, &run, FALSE);
            break;
          case CLIENT_MODELS:
            run_parser (&bench, &run, TRUE);
            break;
          case CLIENT_APP:
            run_app (&bench, &run);
            break;
          case CLIENT_MONITOR:
          case N_CLIENTS:
          default:
            run_monitor (&bench, &run);
            break;
          }
        run.sim_cpu_s = sim_before >= 0 ? bench_process_cpu_s (bench.sim->pid) - sim_before : -1;
        g_printerr ("round %u %-8s %s %8.3f s wall %8.3f s cpu %8.3f s sim cpu\n", round + 1,
                    clients[kind].id, run.ok ? "ok  " : "FAIL", run.wall_s, run.cpu_s,
                    run.sim_cpu_s);
        keep_best (&best[kind], &run);
      }

  for (ClientKind kind = 0; kind < N_CLIENTS; kind++)
    if (only == NULL || g_strv_contains ((const char * const *) only, clients[kind].id))
      emit (bench.n_events, kind, &best[kind], &best[CLIENT_RAW]);

  if (best[CLIENT_RAW].n_ok > 0)
    {
      const Best *raw = &best[CLIENT_RAW];

      figure = bench_figure_new ("ami.sim.rate", "AMI flood: simulator's send rate (per CPU s)",
                                 raw->sim_cpu_s > 0 ? bench.n_events / raw->sim_cpu_s : NAN,
                                 "events/s", BENCH_HIGHER_IS_BETTER);
      bench_figure_set_baseline (figure, clients[CLIENT_RAW].label,
                                 bench.n_events / raw->wall_s);
      bench_figure_add_info (figure, "bytes_per_event", (double) raw->bytes / bench.n_events);
      bench_figure_add_info (figure, "lines_per_event",
                             (double) raw->lines / bench.n_events - 1);
      bench_figure_add_note (figure, "events per second of the simulator's CPU while the raw "
                                     "client read: when it is near the raw rate, the simulator "
                                     "limits the raw baseline");
      bench_figure_emit (figure);
    }

  bench_sim_stop (bench.sim);
  for (ClientKind kind = 0; kind < N_CLIENTS; kind++)
    if (best[kind].n_ok == 0 &&
        (only == NULL || g_strv_contains ((const char * const *) only, clients[kind].id)))
      return 1;
  return 0;
}
