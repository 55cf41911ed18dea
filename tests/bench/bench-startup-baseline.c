/* bench-startup-baseline.c: the smallest GTK program, for bench-startup
 *
 * A plain GtkWindow that prints `first-frame <µs>` (the monotonic clock) on
 * stderr when its first frame is painted and exits, as dipcc-companion does
 * with DIPCC_REPORT_FIRST_FRAME=1: what start-up costs before the app adds
 * anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-bench"

#include "config.h"

#include <gtk/gtk.h>

static gboolean done;

static void
after_paint (GdkFrameClock *clock,
             gpointer       data)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint, data);
  g_printerr ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  done = TRUE;
  g_main_context_wakeup (NULL);
}

static void
realize (GtkWidget *window,
         gpointer   data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint), NULL);
}

int
main (int    argc,
      char **argv)
{
  GtkWidget *window;

  gtk_init ();
  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Baseline");
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Baseline"));
  g_signal_connect (window, "realize", G_CALLBACK (realize), NULL);
  gtk_window_present (GTK_WINDOW (window));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
