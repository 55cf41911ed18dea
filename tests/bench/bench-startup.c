/* bench-startup.c: from starting dipcc-companion to its first frame
 *
 * Spawns the built dipcc-companion with DIPCC_REPORT_FIRST_FRAME=1 and a
 * throwaway configuration (XDG directories, memory GSettings, libsecret's
 * file backend), which prints `first-frame <µs>` on stderr when the main
 * window's frame clock has painted its first frame, then quits. The time
 * is that stamp (CLOCK_MONOTONIC) minus this program's clock just before
 * the spawn. The median and the maximum of 10 starts, after one start that
 * is not counted (it fills the page cache); the baseline is the same for
 * bench-startup-baseline, a plain GtkWindow. Runs under Xvfb (xvfb-run)
 * with the cairo renderer, in a private D-Bus session (dbus-run-session).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-bench"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "bench-common.h"

typedef struct {
  gboolean done;
  char    *err;
} Run;

static void
communicated (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, &run->err,
                                             &error))
    g_printerr ("%s\n", error->message);
  run->done = TRUE;
}

/* One start of @path; returns ms to its first frame, < 0 when it failed. */
static double
start_once (const char *path,
            const char *dir)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *keyring = g_build_filename (dir, "keyring", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { path, NULL };
  Run run = { FALSE, NULL };
  const char *line;
  gint64 start, frame;

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "SECRET_BACKEND", "file", TRUE);
  g_subprocess_launcher_setenv (launcher, "SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_subprocess_launcher_setenv (launcher, "SECRET_FILE_TEST_PASSWORD", "bench-password", TRUE);
  g_subprocess_launcher_setenv (launcher, "DIPCC_REPORT_FIRST_FRAME", "1", TRUE);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    g_error ("%s: %s", path, error->message);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated, &run);
  if (!bench_wait (&run.done, 60))
    {
      g_subprocess_force_exit (process);
      bench_wait (&run.done, 10);
      g_printerr ("%s: no first frame within 60 s\n", path);
      g_free (run.err);
      return -1;
    }
  line = run.err ? strstr (run.err, "first-frame ") : NULL;
  if (line == NULL)
    {
      g_printerr ("%s: no first-frame line; stderr:\n%s\n", path, run.err ? run.err : "");
      g_free (run.err);
      return -1;
    }
  frame = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);
  g_free (run.err);
  g_subprocess_wait (process, NULL, NULL);
  return (double) (frame - start) / 1000.0;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Median and max of @n starts after one not counted. */
static void
measure (const char *path,
         guint       n,
         double     *median,
         double     *max)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i <= n; i++)
    {
      g_autofree char *dir = g_dir_make_tmp ("dipcc-bench-startup-XXXXXX", NULL);
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
      double t = start_once (path, dir);

      if (t < 0)
        g_error ("%s did not start", path);
      if (i > 0)
        g_array_append_val (ms, t);
      g_printerr ("%s: %s%.1f ms\n", path, i == 0 ? "(not counted) " : "", t);
      if (!g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL))
        g_printerr ("could not remove %s\n", dir);
    }
  g_array_sort (ms, cmp_double);
  *median = ms->len % 2 ? g_array_index (ms, double, ms->len / 2)
                        : (g_array_index (ms, double, ms->len / 2 - 1) +
                           g_array_index (ms, double, ms->len / 2)) / 2;
  *max = g_array_index (ms, double, ms->len - 1);
}

int
main (int    argc,
      char **argv)
{
  guint n = bench_count (10, 3);
  double app_median, app_max, base_median, base_max;
  BenchFigure *figure;

  setlocale (LC_ALL, "");
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);

  measure (bench_env_path ("DIPCC_STARTUP_BASELINE"), n, &base_median, &base_max);
  measure (bench_env_path ("DIPCC_COMPANION"), n, &app_median, &app_max);

  figure = bench_figure_new ("startup.median", "start-up to first frame, median (Xvfb)",
                             app_median, "ms", BENCH_LOWER_IS_BETTER);
  bench_figure_set_baseline (figure, "plain GtkWindow", base_median);
  bench_figure_set_target (figure, 400);
  bench_figure_add_info (figure, "starts", n);
  bench_figure_emit (figure);

  figure = bench_figure_new ("startup.max", "start-up to first frame, max (Xvfb)",
                             app_max, "ms", BENCH_LOWER_IS_BETTER);
  bench_figure_set_baseline (figure, "plain GtkWindow", base_max);
  bench_figure_add_info (figure, "starts", n);
  bench_figure_emit (figure);
  return 0;
}
