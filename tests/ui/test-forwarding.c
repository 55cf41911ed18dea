/* test-forwarding.c: call forwarding from the header against the
 * simulator's AstDB: "Always" on shows in the header, off hides it, an
 * invalid destination is refused before anything is written, and a PBX
 * that refuses the command says so
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-ui-test-utils.h"
#include "dipcc-window.h"

static AdwApplication *app;

static gboolean
panel_idle (gpointer data)
{
  return !dipcc_forwarding_panel_get_busy (data);
}

static gboolean
always_is (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (dipcc_forwarding_panel_get_always_destination (pair[0]), pair[1]) == 0;
}

static void
set_always (DipccForwardingPanel *panel,
            gboolean              on,
            const char           *number)
{
  GtkWidget *toggle = dipcc_ui_test_find (GTK_WIDGET (panel), GTK_TYPE_SWITCH, NULL);
  GtkWidget *entry = dipcc_ui_test_find (GTK_WIDGET (panel), GTK_TYPE_ENTRY, NULL);

  g_assert_nonnull (toggle);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), number);
  gtk_switch_set_active (GTK_SWITCH (toggle), on);
  dipcc_forwarding_panel_apply (panel);
  g_assert_true (dipcc_ui_test_wait (panel_idle, panel, SIM_TIMEOUT));
}

static void
test_always (void)
{
  Sim *sim = sim_start (NULL, NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccWindow *window = dipcc_window_new (app, session);
  DipccForwardingPanel *panel = dipcc_window_get_forwarding_panel (window);
  gpointer on[2] = { panel, (gpointer) "01012345678" };
  gpointer off[2] = { panel, NULL };

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_nonnull (dipcc_session_get_forwarding (session));
  dipcc_forwarding_panel_refresh (panel);
  g_assert_true (dipcc_ui_test_wait (panel_idle, panel, SIM_TIMEOUT));
  g_assert_null (dipcc_window_get_forward_label (window));

  set_always (panel, TRUE, "010-1234-5678");
  g_assert_true (dipcc_ui_test_wait (always_is, on, SIM_TIMEOUT));
  g_assert_cmpstr (dipcc_window_get_forward_label (window), ==, "Forwarding to 010-1234-5678");
  dipcc_ui_test_spin (600);   /* the header re-lays out: let its animation end */
  g_free (dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "forwarding-always-on"));

  /* a fresh read from the PBX agrees */
  dipcc_forwarding_panel_refresh (panel);
  g_assert_true (dipcc_ui_test_wait (panel_idle, panel, SIM_TIMEOUT));
  g_assert_cmpstr (dipcc_forwarding_panel_get_always_destination (panel), ==, "01012345678");

  /* an invalid destination is refused before anything is written */
  set_always (panel, TRUE, "0101;rm -rf");
  g_assert_cmpstr (dipcc_forwarding_panel_get_always_destination (panel), ==, "01012345678");

  set_always (panel, FALSE, "010-1234-5678");
  g_assert_true (dipcc_ui_test_wait (always_is, off, SIM_TIMEOUT));
  g_assert_null (dipcc_window_get_forward_label (window));

  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

static void
test_denied (void)
{
  Sim *sim = sim_start ("--fault", "deny-commands", NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccWindow *window = dipcc_window_new (app, session);
  DipccForwardingPanel *panel = dipcc_window_get_forwarding_panel (window);
  GtkWidget *message;

  gtk_window_present (GTK_WINDOW (window));
  dipcc_forwarding_panel_refresh (panel);
  g_assert_true (dipcc_ui_test_wait (panel_idle, panel, SIM_TIMEOUT));
  g_assert_null (dipcc_forwarding_panel_get_always_destination (panel));
  message = dipcc_ui_test_find (GTK_WIDGET (panel), GTK_TYPE_LABEL, NULL);
  g_assert_nonnull (message);
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (panel)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w) &&
        g_str_has_prefix (gtk_label_get_label (GTK_LABEL (w)), "Could not read"))
      message = w;
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (message)), "Could not read"));

  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  dipcc_ui_test_init (&argc, &argv);
  app = g_object_new (ADW_TYPE_APPLICATION,
                      "application-id", "io.github.dipcc.Companion.Test",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/io/github/dipcc/Companion",
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/forwarding/always", test_always);
  g_test_add_func ("/forwarding/denied", test_denied);
  ret = g_test_run ();
  g_object_unref (app);
  return ret;
}
