/* bench-popup-latency.c: from the simulator writing an incoming call to the
 * desktop's notification server getting its Notify
 *
 * The real dipcc-pbx-sim (with --stamp, so every event carries SimWrittenUs,
 * its CLOCK_MONOTONIC in µs when it hands the event to the WebSocket), a
 * DipccSession on extension 0101 and a DipccPopupManager, as the app runs
 * them, and a notification server in this process that notes its own
 * CLOCK_MONOTONIC when a Notify arrives. Both clocks are the machine's, so
 * the latency is the difference. Calls come one at a time, 40 ms apart, each
 * ringing 0101 from its own number and ringing out after 200 ms; the storm
 * threshold is lifted so that every call gets its own pop-up.
 *
 * 1. idle: nothing else happens;
 * 2. loaded: the simulator broadcasts flood events at 5,000 a second
 *    (/sim/flood) meanwhile.
 * Baseline: libnotify's Notify alone, sent from the main thread, the part
 * of the latency that is D-Bus and the notification server.
 *
 * The notification server runs in its own thread with its own connection
 * (as in tests/ui/test-popups.c) because libnotify calls Notify
 * synchronously.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-bench"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <libnotify/notify.h>

#include "dipcc-fake-notifications.h"
#include "dipcc-pbx-client.h"
#include "dipcc-popup-manager.h"
#include "dipcc-ui-test-utils.h"

#include "bench-common.h"

#define PACE_MS        40
#define RING_MS        "200"
#define FLOOD_RATE     5000
#define NOTIFY_WAIT_MS 5000

static struct {
  const char *number;       /* the call under way */
  gint64      written_us;   /* its UserEvent's SimWrittenUs, 0 until seen */
  guint64     n_flood;      /* flood events the client received */
} current;

static char *
digits_of (const char *a,
           const char *b)
{
  GString *s = g_string_new (NULL);

  for (const char *p = a; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (s, *p);
  g_string_append_c (s, ' ');
  for (const char *p = b; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

/* The arrival time of the first new Notify from index *@from on whose text
 * holds @digits (any new one when NULL); 0 when none yet. */
static gint64
find_arrival (guint      *from,
              const char *digits)
{
  gint64 found = 0;
  guint n = dipcc_fake_notifications_n_notifies ();

  for (; *from < n && found == 0; (*from)++)
    {
      DipccFakeNotify *a = dipcc_fake_notifications_at (*from);
      g_autofree char *text = NULL;

      if (a->replaces_id != 0)
        continue;
      text = digits_of (a->summary, a->body);
      if (digits == NULL || strstr (text, digits) != NULL)
        found = a->arrival_us;
    }
  return found;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until a Notify for @digits arrives or @ms pass. */
static gint64
wait_arrival (guint      *from,
              const char *digits,
              guint       ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (ms, timeout_cb, &timed_out);
  gint64 found;

  while ((found = find_arrival (from, digits)) == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return found;
}

static void
spin_until (gint64 deadline_us)
{
  while (g_get_monotonic_time () < deadline_us)
    {
      gboolean done = FALSE;
      gint64 left = deadline_us - g_get_monotonic_time ();

      if (left <= 0)
        break;
      g_timeout_add ((guint) MAX (1, left / 1000), timeout_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }
}

static void
on_event (DipccPbxClient  *client,
          DipccAmiMessage *message,
          gpointer         user_data)
{
  const char *user_event;
  const char *stamp;

  if (dipcc_ami_message_has (message, "SimSeq"))
    {
      current.n_flood++;
      return;
    }
  if (current.number == NULL || current.written_us != 0 ||
      !dipcc_ami_message_is_event (message, "UserEvent"))
    return;
  user_event = dipcc_ami_message_get (message, "UserEvent");
  stamp = dipcc_ami_message_get (message, "SimWrittenUs");
  if (user_event != NULL && g_str_has_prefix (user_event, "incoming-") && stamp != NULL &&
      strstr (user_event, current.number) != NULL)
    current.written_us = g_ascii_strtoll (stamp, NULL, 10);
}

/* ---- REST, without blocking the main loop ------------------------------------ */

static void
post_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  if (error != NULL)
    g_error ("POST: %s", error->message);
  if (soup_message_get_status (msg) != 200)
    g_error ("POST %s: %u %.*s", g_uri_get_path (soup_message_get_uri (msg)),
             soup_message_get_status (msg), (int) g_bytes_get_size (body),
             (const char *) g_bytes_get_data (body, NULL));
  if (user_data != NULL)
    *(gboolean *) user_data = TRUE;
}

static void
post (SoupSession *soup,
      Sim         *sim,
      const char  *path,
      const char  *json,
      gboolean    *done)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", sim->rest_port, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  soup_message_headers_append (soup_message_get_request_headers (msg), "app-key",
                               "demo-app-key");
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_and_read_async (soup, msg, G_PRIORITY_DEFAULT, NULL, post_cb, done);
}

/* ---- figures ----------------------------------------------------------------- */

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
quantile (GArray *sorted,
          double  q)
{
  guint i;

  if (sorted->len == 0)
    return -1;
  /* the smallest value with at least q of the samples at or below it */
  i = (guint) (q * sorted->len);
  if (i < q * sorted->len)
    i++;
  return g_array_index (sorted, double, MIN (MAX (i, 1), sorted->len) - 1);
}

static void
emit (const char *phase,
      const char *label,
      GArray     *ms,
      double      target,
      double      baseline_p50,
      double      baseline_p99,
      guint       lost,
      double      flood_rate)
{
  static const struct { const char *id; const char *what; double q; } stats[] = {
    { "p50", "p50", 0.50 }, { "p99", "p99", 0.99 }, { "max", "max", 1.0 },
  };

  g_array_sort (ms, cmp_double);
  for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
    {
      g_autofree char *id = g_strdup_printf ("popup.%s.%s", phase, stats[i].id);
      g_autofree char *text = g_strdup_printf ("pop-up latency %s, %s (sim write to Notify)",
                                               stats[i].what, label);
      BenchFigure *figure = bench_figure_new (id, text, quantile (ms, stats[i].q), "ms",
                                              BENCH_LOWER_IS_BETTER);

      if (i < 2)
        bench_figure_set_baseline (figure, "libnotify Notify alone",
                                   i == 0 ? baseline_p50 : baseline_p99);
      if (i == 1)
        bench_figure_set_target (figure, target);
      bench_figure_add_info (figure, "samples", ms->len);
      bench_figure_add_info (figure, "lost", lost);
      if (flood_rate >= 0)
        bench_figure_add_info (figure, "background_events_per_s", flood_rate);
      bench_figure_emit (figure);
    }
}

/* Incoming calls one at a time; their latencies in ms go to @ms. */
static guint
run_calls (SoupSession *soup,
           Sim         *sim,
           guint        n,
           guint        base,
           GArray      *ms)
{
  guint from, lost = 0;
  gint64 next;

  from = dipcc_fake_notifications_n_notifies ();
  next = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("029%07u", base + i);
      g_autofree char *json = g_strdup_printf (
        "{\"caller\":\"%s\",\"to\":\"0101\",\"answer_after\":-1}", number);
      gint64 arrival;

      spin_until (next);
      next += PACE_MS * 1000;
      current.number = number;
      current.written_us = 0;
      post (soup, sim, "/sim/incoming", json, NULL);
      arrival = wait_arrival (&from, number, NOTIFY_WAIT_MS);
      if (arrival == 0 || current.written_us == 0)
        lost++;
      else
        {
          double latency = (double) (arrival - current.written_us) / 1000.0;

          g_array_append_val (ms, latency);
        }
      current.number = NULL;
    }
  return lost;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("dipcc-bench-popup-XXXXXX", NULL);
  g_autofree char *keyring = g_build_filename (dir, "keyring", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  guint n = bench_count (1000, 100), n_base = bench_count (200, 50), lost;
  g_autoptr(GArray) base_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) idle_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loaded_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SoupSession) soup = NULL;
  g_autoptr(DipccSession) session = NULL;
  g_autoptr(DipccPopupManager) manager = NULL;
  g_autofree char *flood = NULL;
  double base_p50, base_p99, flood_rate;
  gboolean done = FALSE;
  guint64 flood_before;
  gint64 t0;
  guint from;
  Sim *sim;

  setlocale (LC_ALL, "");
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "bench-password", TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  dipcc_fake_notifications_start ();
  sim = sim_start ("--stamp", "--ring-timeout", RING_MS, NULL);
  session = dipcc_ui_test_session_new (sim, "0101");
  g_signal_connect (dipcc_session_get_pbx_client (session), "event", G_CALLBACK (on_event),
                    NULL);
  manager = dipcc_popup_manager_new (session, NULL);
  dipcc_popup_manager_set_storm_threshold_for_testing (manager, G_MAXUINT);
  soup = soup_session_new_with_options ("timeout", 10, NULL);

  /* baseline: a Notify from the main thread, nothing else */
  from = dipcc_fake_notifications_n_notifies ();
  for (guint i = 0; i < n_base; i++)
    {
      NotifyNotification *notification = notify_notification_new ("Baseline", "0", NULL);
      gint64 start = g_get_monotonic_time (), arrival;

      notify_notification_show (notification, NULL);
      arrival = wait_arrival (&from, NULL, NOTIFY_WAIT_MS);
      if (arrival != 0)
        {
          double latency = (double) (arrival - start) / 1000.0;

          g_array_append_val (base_ms, latency);
        }
      notify_notification_close (notification, NULL);
      g_object_unref (notification);
    }
  g_array_sort (base_ms, cmp_double);
  base_p50 = quantile (base_ms, 0.5);
  base_p99 = quantile (base_ms, 0.99);
  g_printerr ("baseline: %u Notify, p50 %.3f ms, p99 %.3f ms\n", base_ms->len, base_p50,
              base_p99);

  /* a warm-up call, then idle */
  run_calls (soup, sim, 5, 9000000, idle_ms);
  g_array_set_size (idle_ms, 0);
  t0 = g_get_monotonic_time ();
  lost = run_calls (soup, sim, n, 0, idle_ms);
  g_printerr ("idle: %u calls in %.1f s, %u lost\n", n,
              (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC, lost);
  emit ("idle", "idle", idle_ms, 10, base_p50, base_p99, lost, -1);

  /* loaded: enough flood for the calls and a margin */
  flood = g_strdup_printf ("{\"count\":%u,\"rate\":%u}",
                           (guint) (FLOOD_RATE * ((n * PACE_MS) / 1000.0 + 10)), FLOOD_RATE);
  post (soup, sim, "/sim/flood", flood, &done);
  bench_wait (&done, 10);
  dipcc_ui_test_spin (1000);
  flood_before = current.n_flood;
  t0 = g_get_monotonic_time ();
  lost = run_calls (soup, sim, n, 1000000, loaded_ms);
  flood_rate = (double) (current.n_flood - flood_before) /
               ((double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
  g_printerr ("loaded: %u calls, %u lost, background %.0f events/s received\n", n, lost,
              flood_rate);
  emit ("loaded", "5,000 events/s", loaded_ms, 30, base_p50, base_p99, lost, flood_rate);

  g_clear_object (&manager);
  dipcc_session_stop (session);
  g_clear_object (&session);
  sim_stop (sim);
  dipcc_fake_notifications_stop ();
  return 0;
}
