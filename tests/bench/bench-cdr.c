/* bench-cdr.c: a page of 10k call records from GET /api/v2/cdr
 *
 * dipcc_cdr_parse_response() on a body shaped like the simulator's (and
 * the PBX's) answer, against json-glib loading the same body: what making
 * the records costs beyond the JSON tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-bench"

#include "config.h"

#include <locale.h>
#include <json-glib/json-glib.h>

#include "dipcc-cdr-record.h"

#include "bench-common.h"

static GString *
make_body (guint n)
{
  static const char *const dispositions[] = { "ANSWERED", "NO ANSWER", "BUSY", "FAILED" };
  GString *body = g_string_new ("{\"status\":\"success\",\"message\":\"\",\"data\":{");
  gint64 start = 1767225600;   /* 2026-01-01 */

  g_string_append_printf (body, "\"total\":%u,\"offset\":0,\"count\":%u,\"rows\":[", n, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (start + (gint64) i * 263);
      g_autofree char *calldate = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
      guint ext = 101 + i % 12;
      guint call_type = 1 + i % 4;

      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append_printf (body,
                              "{\"calldate\":\"%s\",\"clid\":\"\\\"홍길동\\\" <010%08u>\","
                              "\"source\":\"010%08u\",\"destination\":\"%04u\","
                              "\"dcontext\":\"from-trunk\","
                              "\"channel\":\"PJSIP/trunk-kt-%08x\","
                              "\"dstchannel\":\"PJSIP/%04u-%08x\",\"duration\":%u,"
                              "\"billsec\":%u,\"disposition\":\"%s\",\"calltype\":%u,"
                              "\"uniqueid\":\"1767225600.%u\",\"linkedid\":\"1767225600.%u\","
                              "\"recfile\":\"%s\"}",
                              calldate, i, i, ext, i * 2, ext, i * 2 + 1, 10 + i % 300,
                              i % 4 == 0 ? 0 : i % 280, dispositions[i % 4], call_type, i * 2,
                              i * 2, i % 4 == 0 ? "" : "2026/01/01/rec.wav");
    }
  g_string_append (body, "]}}");
  return body;
}

int
main (int    argc,
      char **argv)
{
  guint n = bench_count (10000, 10000);
  guint rounds = MAX (bench_rounds (), 3);
  g_autoptr(GString) body = NULL;
  double parse_s = 0, json_s = 0;
  BenchFigure *figure;

  setlocale (LC_ALL, "");
  g_set_prgname ("bench-cdr");
  body = make_body (n);

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      BenchClock start;
      double cpu_s;
      guint total = 0, skipped = 0;

      bench_clock_now (&start);
      if (!json_parser_load_from_data (parser, body->str, (gssize) body->len, &error))
        g_error ("json-glib: %s", error->message);
      bench_clock_since (&start, NULL, &cpu_s);
      json_s = round == 0 ? cpu_s : MIN (json_s, cpu_s);
      g_clear_object (&parser);

      bench_clock_now (&start);
      records = dipcc_cdr_parse_response (body->str, body->len, &total, &skipped, &error);
      bench_clock_since (&start, NULL, &cpu_s);
      if (records == NULL || records->len != n || skipped != 0)
        g_error ("CDR parse: %s", error != NULL ? error->message : "rows missing");
      parse_s = round == 0 ? cpu_s : MIN (parse_s, cpu_s);
    }

  figure = bench_figure_new ("cdr.parse", "CDR parse, 10k rows", parse_s * 1000, "ms",
                             BENCH_LOWER_IS_BETTER);
  bench_figure_set_baseline (figure, "json-glib load of the same body", json_s * 1000);
  bench_figure_add_info (figure, "rows", n);
  bench_figure_add_info (figure, "bytes", body->len);
  bench_figure_add_info (figure, "us_per_row", parse_s * 1e6 / n);
  bench_figure_emit (figure);
  return 0;
}
