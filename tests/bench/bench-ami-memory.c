/* bench-ami-memory.c: the AMI flood parsed from memory, no socket
 *
 * The same events as bench-ami-ingest (the simulator's flood templates),
 * rendered into memory a batch at a time (outside the clock) and fed in
 * 64 KiB chunks: what the parser and the models cost without the kernel's
 * copies and the simulator sharing the CPU. Baseline: counting the message
 * ends of the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-bench"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "dipcc-ami-parser.h"
#include "dipcc-call-list.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-sim-flood.h"

#include "bench-common.h"

#define CHUNK (64 * 1024)
#define BATCH 4096   /* events rendered at a time */

typedef struct {
  guint64            messages;
  DipccEndpointList *endpoints;
  DipccCallList     *calls;
} Sink;

static void
on_parsed (DipccAmiMessage *message,
           gpointer         user_data)
{
  Sink *sink = user_data;

  sink->messages++;
  dipcc_ami_message_unref (message);
}

static void
on_reduced (DipccAmiMessage *message,
            gpointer         user_data)
{
  Sink *sink = user_data;

  sink->messages++;
  dipcc_ami_message_set_server (message, 1, "127.0.0.1");
  dipcc_endpoint_list_handle_event (sink->endpoints, message);
  dipcc_call_list_handle_event (sink->calls, message);
  dipcc_ami_message_unref (message);
}

static guint64
count_ends (const char *data,
            gsize       len)
{
  const char *p = data;
  const char *end = data + len;
  guint64 ends = 0;

  /* a batch starts with a message: no end is cut between batches */
  while ((p = memchr (p, '\n', end - p)) != NULL)
    {
      if (p - data >= 3 && p[-1] == '\r' && p[-2] == '\n' && p[-3] == '\r')
        ends++;
      p++;
    }
  return ends;
}

/* Feeds @n events, rendered BATCH at a time (outside the clock), in
 * CHUNK-byte reads; returns the CPU seconds of the feeding alone. */
static double
run (DipccSimServer *server,
     guint           n,
     int             mode,
     guint64        *out_count)
{
  static const DipccAmiParserCallbacks parsed = { on_parsed, NULL, NULL };
  static const DipccAmiParserCallbacks reduced = { on_reduced, NULL, NULL };
  g_autoptr(GByteArray) batch = g_byte_array_sized_new (BATCH * 1024);
  Sink sink = { 0 };
  DipccAmiParser *parser;
  double total = 0;

  if (mode == 2)
    {
      sink.endpoints = dipcc_endpoint_list_new ();
      sink.calls = dipcc_call_list_new (sink.endpoints);
      dipcc_call_list_set_my_extension (sink.calls, "0101");
      dipcc_call_list_set_linger_ms (sink.calls, 0);
    }
  parser = dipcc_ami_parser_new (mode == 2 ? &reduced : &parsed, &sink);

  for (guint seq = 1; seq <= n;)
    {
      BenchClock start;
      double cpu_s;

      g_byte_array_set_size (batch, 0);
      for (guint i = 0; i < BATCH && seq <= n; i++)
        dipcc_sim_flood_append_ami (server, seq++, batch);

      bench_clock_now (&start);
      if (mode == 0)
        sink.messages += count_ends ((const char *) batch->data, batch->len);
      else
        for (gsize off = 0; off < batch->len; off += CHUNK)
          dipcc_ami_parser_feed (parser, (const char *) batch->data + off,
                                 MIN (CHUNK, batch->len - off));
      bench_clock_since (&start, NULL, &cpu_s);
      total += cpu_s;
    }

  dipcc_ami_parser_free (parser);
  g_clear_object (&sink.calls);
  g_clear_object (&sink.endpoints);
  *out_count = sink.messages;
  return total;
}

int
main (int    argc,
      char **argv)
{
  static const char *const ids[] = { "ami.mem.raw", "ami.mem.parser", "ami.mem.models" };
  static const char *const labels[] = {
    "AMI from memory, count message ends",
    "AMI from memory, DipccAmiParser",
    "AMI from memory, parser + models",
  };
  DipccSimServer server = { .id = 1, .name = (char *) "127.0.0.1",
                            .uniqueid_base = 1700000000 };
  guint n = bench_count (1000000, 200000);
  guint rounds = bench_rounds ();
  const char *only = g_getenv ("DIPCC_BENCH_MODE");
  double best[3] = { 0 };

  setlocale (LC_ALL, "");
  g_set_prgname ("bench-ami-memory");
  for (guint round = 0; round < rounds; round++)
    for (int mode = 0; mode < 3; mode++)
      {
        guint64 count = 0;
        double cpu_s;

        /* DIPCC_BENCH_MODE=1 (parser) or 2 (models) alone, for a profiler */
        if (only != NULL && atoi (only) != mode)
          continue;
        cpu_s = run (&server, n, mode, &count);
        if (count != n)
          g_error ("%s: %" G_GUINT64_FORMAT " messages of %u", ids[mode], count, n);
        if (best[mode] == 0 || cpu_s < best[mode])
          best[mode] = cpu_s;
      }

  for (int mode = 0; mode < 3; mode++)
    {
      BenchFigure *figure;

      if (best[mode] == 0)
        continue;
      figure = bench_figure_new (ids[mode], labels[mode], n / best[mode], "events/s",
                                 BENCH_HIGHER_IS_BETTER);
      if (mode > 0 && best[0] > 0)
        bench_figure_set_baseline (figure, labels[0], n / best[0]);
      bench_figure_add_info (figure, "cpu_us_per_event", best[mode] * 1e6 / n);
      bench_figure_emit (figure);
    }
  return 0;
}
