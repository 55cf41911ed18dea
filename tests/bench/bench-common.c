/* bench-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "bench-common.h"

/* ---- sizes ---------------------------------------------------------------- */

gboolean
bench_quick (void)
{
  const char *quick = g_getenv ("DIPCC_BENCH_QUICK");

  return quick != NULL && *quick != '\0' && g_strcmp0 (quick, "0") != 0;
}

guint
bench_count (guint full,
             guint quick)
{
  const char *scale = g_getenv ("DIPCC_BENCH_SCALE");
  double factor = scale != NULL ? g_ascii_strtod (scale, NULL) : 1.0;
  double n = bench_quick () ? quick : full;

  if (!(factor > 0))
    factor = 1.0;
  return (guint) MAX (1.0, MIN (n * factor, (double) G_MAXUINT / 2));
}

guint
bench_rounds (void)
{
  const char *rounds = g_getenv ("DIPCC_BENCH_ROUNDS");

  if (rounds != NULL && atoi (rounds) > 0)
    return (guint) atoi (rounds);
  return bench_quick () ? 1 : 3;
}

/* ---- time and memory ------------------------------------------------------- */

void
bench_clock_now (BenchClock *clock)
{
  struct timespec cpu;

  clock->wall_us = g_get_monotonic_time ();
  /* every thread of the process, to the nanosecond */
  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0)
    clock->cpu_us = (gint64) cpu.tv_sec * G_USEC_PER_SEC + cpu.tv_nsec / 1000;
  else
    clock->cpu_us = 0;
}

void
bench_clock_since (const BenchClock *start,
                   double           *wall_s,
                   double           *cpu_s)
{
  BenchClock now;

  bench_clock_now (&now);
  if (wall_s != NULL)
    *wall_s = (now.wall_us - start->wall_us) / (double) G_USEC_PER_SEC;
  if (cpu_s != NULL)
    *cpu_s = (now.cpu_us - start->cpu_us) / (double) G_USEC_PER_SEC;
}

double
bench_process_cpu_s (GPid pid)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (task_dir, 0, NULL);
  g_autofree char *stat_path = NULL;
  g_autofree char *stat = NULL;
  const char *name;
  const char *p;
  double total = 0;
  gboolean any = FALSE;

  /* every thread's time on a CPU, in nanoseconds */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/schedstat", task_dir, name);
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL))
        {
          total += g_ascii_strtod (text, NULL) / 1e9;
          any = TRUE;
        }
    }
  if (any)
    return total;

  /* fields 14 and 15 of /proc/PID/stat, after the parenthesised name */
  stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL) || (p = strrchr (stat, ')')) == NULL)
    return -1;
  {
    g_auto(GStrv) fields = g_strsplit (p + 2, " ", 16);

    if (g_strv_length (fields) < 14)
      return -1;
    return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
           sysconf (_SC_CLK_TCK);
  }
}

static gsize
status_kib (const char *key)
{
  g_autofree char *status = NULL;
  gsize key_len = strlen (key);

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  for (char *line = status; line != NULL && *line != '\0';)
    {
      char *next = strchr (line, '\n');

      if (strncmp (line, key, key_len) == 0 && line[key_len] == ':')
        return (gsize) g_ascii_strtoull (line + key_len + 1, NULL, 10);
      line = next != NULL ? next + 1 : NULL;
    }
  return 0;
}

gsize
bench_rss_kib (void)
{
  return status_kib ("VmRSS");
}

gsize
bench_hwm_kib (void)
{
  return status_kib ("VmHWM");
}

/* ---- figures ---------------------------------------------------------------- */

struct _BenchFigure
{
  char       *id;
  char       *label;
  double      value;
  char       *unit;
  BenchSense  sense;

  char       *baseline_label;
  double      baseline;
  gboolean    has_baseline;
  double      target;
  gboolean    has_target;
  double      ratio_target;
  gboolean    has_ratio_target;

  GArray     *info_values;   /* double */
  GPtrArray  *info_keys;     /* char* */
  GPtrArray  *notes;         /* char* */
};

BenchFigure *
bench_figure_new (const char *id,
                  const char *label,
                  double      value,
                  const char *unit,
                  BenchSense  sense)
{
  BenchFigure *figure = g_new0 (BenchFigure, 1);

  figure->id = g_strdup (id);
  figure->label = g_strdup (label);
  figure->value = value;
  figure->unit = g_strdup (unit);
  figure->sense = sense;
  figure->info_values = g_array_new (FALSE, FALSE, sizeof (double));
  figure->info_keys = g_ptr_array_new_with_free_func (g_free);
  figure->notes = g_ptr_array_new_with_free_func (g_free);
  return figure;
}

void
bench_figure_set_baseline (BenchFigure *figure,
                           const char  *label,
                           double       value)
{
  g_free (figure->baseline_label);
  figure->baseline_label = g_strdup (label);
  figure->baseline = value;
  figure->has_baseline = TRUE;
}

void
bench_figure_set_target (BenchFigure *figure,
                         double       target)
{
  figure->target = target;
  figure->has_target = TRUE;
}

void
bench_figure_set_ratio_target (BenchFigure *figure,
                               double       ratio)
{
  figure->ratio_target = ratio;
  figure->has_ratio_target = TRUE;
}

void
bench_figure_add_info (BenchFigure *figure,
                       const char  *key,
                       double       value)
{
  g_ptr_array_add (figure->info_keys, g_strdup (key));
  g_array_append_val (figure->info_values, value);
}

void
bench_figure_add_note (BenchFigure *figure,
                       const char  *note)
{
  g_ptr_array_add (figure->notes, g_strdup (note));
}

static gboolean
meets (BenchSense sense,
       double     value,
       double     target)
{
  return sense == BENCH_HIGHER_IS_BETTER ? value >= target : value <= target;
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  /* JSON has no NaN or infinity */
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
bench_figure_emit (BenchFigure *figure)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  gboolean has_ratio = figure->has_baseline && figure->baseline != 0;
  double ratio = has_ratio ? figure->value / figure->baseline : NAN;
  gboolean any_target = figure->has_target || (figure->has_ratio_target && has_ratio);
  gboolean met = TRUE;

  if (figure->has_target)
    met &= meets (figure->sense, figure->value, figure->target);
  if (figure->has_ratio_target && has_ratio)
    met &= meets (figure->sense, ratio, figure->ratio_target);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, figure->id);
  json_builder_set_member_name (builder, "program");
  json_builder_add_string_value (builder, g_get_prgname ());
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, figure->label);
  add_number (builder, "value", figure->value);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, figure->unit);
  json_builder_set_member_name (builder, "better");
  json_builder_add_string_value (builder,
                                 figure->sense == BENCH_HIGHER_IS_BETTER ? "higher" : "lower");
  json_builder_set_member_name (builder, "baseline");
  if (figure->has_baseline)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, figure->baseline_label);
      add_number (builder, "value", figure->baseline);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  add_number (builder, "ratio", ratio);
  add_number (builder, "target", figure->has_target ? figure->target : NAN);
  add_number (builder, "ratio_target", figure->has_ratio_target ? figure->ratio_target : NAN);
  json_builder_set_member_name (builder, "met");
  if (any_target)
    json_builder_add_boolean_value (builder, met);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "quick");
  json_builder_add_boolean_value (builder, bench_quick ());
  json_builder_set_member_name (builder, "info");
  json_builder_begin_object (builder);
  for (guint i = 0; i < figure->info_keys->len; i++)
    add_number (builder, g_ptr_array_index (figure->info_keys, i),
                g_array_index (figure->info_values, double, i));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < figure->notes->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (figure->notes, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  printf ("%s\n", line);
  fflush (stdout);
  /* a human reading the test log sees it too */
  g_printerr ("%-44s %14.6g %s\n", figure->label, figure->value, figure->unit);

  g_free (figure->id);
  g_free (figure->label);
  g_free (figure->unit);
  g_free (figure->baseline_label);
  g_array_unref (figure->info_values);
  g_ptr_array_unref (figure->info_keys);
  g_ptr_array_unref (figure->notes);
  g_free (figure);
}

/* ---- data ----------------------------------------------------------------------- */

GString *
bench_contacts_vcard (guint n)
{
  static const char *const family[] = {
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권",
    "황", "안", "송", "류", "홍",
  };
  static const char *const given[] = {
    "민준", "서연", "지훈", "하은", "도윤", "서윤", "예준", "지우", "시우", "수아", "주원",
    "지아", "하준", "서현", "지호", "민서", "준서", "하윤", "건우", "윤서", "현우", "채원",
  };
  static const char *const first[] = {
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David",
    "Susan", "Daniel", "Sarah",
  };
  static const char *const last[] = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor",
  };
  GString *out = g_string_sized_new ((gsize) n * 200);
  guint32 state = 12345;

  for (guint i = 0; i < n; i++)
    {
      guint r;

      /* a small fixed LCG: the same file for the same n, on any machine */
      state = state * 1103515245u + 12345u;
      r = state >> 8;
      g_string_append (out, "BEGIN:VCARD\r\nVERSION:3.0\r\n");
      if (i % 5 == 4)
        {
          const char *f = first[r % G_N_ELEMENTS (first)];
          const char *l = last[(r / 16) % G_N_ELEMENTS (last)];

          g_string_append_printf (out, "FN:%s %s\r\nN:%s;%s;;;\r\n", f, l, l, f);
        }
      else
        {
          const char *f = family[r % G_N_ELEMENTS (family)];
          const char *g = given[(r / 32) % G_N_ELEMENTS (given)];

          g_string_append_printf (out, "FN:%s%s\r\nN:%s;%s;;;\r\n", f, g, f, g);
        }
      g_string_append_printf (out, "ORG:주식회사 %u\r\n", r % 997);
      g_string_append_printf (out, "TEL;TYPE=CELL:010-%04u-%04u\r\n", (i / 10000) % 10000,
                              i % 10000);
      if (i % 3 == 0)
        g_string_append_printf (out, "TEL;TYPE=WORK:02-%03u-%04u\r\n", 100 + r % 900,
                                (r / 1000) % 10000);
      g_string_append_printf (out, "EMAIL:user%u@example.com\r\nEND:VCARD\r\n", i);
    }
  return out;
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
bench_wait (gboolean *done,
            guint     timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, on_wait_timeout, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *done;
}

/* ---- the simulator ------------------------------------------------------------ */

const char *
bench_env_path (const char *name)
{
  const char *path = g_getenv (name);

  if (path == NULL || *path == '\0')
    g_error ("%s is not set: run the benchmarks with meson test --suite bench --setup bench, "
             "or build-aux/bench", name);
  return path;
}

BenchSim *
bench_sim_start (const char *first_arg,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = NULL;
  BenchSim *sim = g_new0 (BenchSim, 1);
  JsonObject *ready;
  const char *pid_text;
  va_list args;

  g_ptr_array_add (argv, (char *) bench_env_path ("DIPCC_PBX_SIM"));
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, "127.0.0.1");
  g_ptr_array_add (argv, "--rest-port");
  g_ptr_array_add (argv, "0");
  g_ptr_array_add (argv, "--ws-port");
  g_ptr_array_add (argv, "0");
  g_ptr_array_add (argv, "--ami-port");
  g_ptr_array_add (argv, "0");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  sim->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                    G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (sim->process == NULL)
    g_error ("cannot start the simulator: %s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (line == NULL || !json_parser_load_from_data (parser, line, -1, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    g_error ("the simulator did not say it was ready: %s",
             error != NULL ? error->message : "no ready line");

  ready = json_node_get_object (json_parser_get_root (parser));
  sim->rest_port = (guint16) json_object_get_int_member (ready, "rest_port");
  sim->ws_port = (guint16) json_object_get_int_member (ready, "ws_port");
  sim->ami_port = (guint16) json_object_get_int_member (ready, "ami_port");
  pid_text = g_subprocess_get_identifier (sim->process);
  sim->pid = pid_text != NULL ? atoi (pid_text) : 0;
  return sim;
}

void
bench_sim_stop (BenchSim *sim)
{
  if (sim == NULL)
    return;
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, NULL);
  g_object_unref (sim->process);
  g_free (sim);
}
