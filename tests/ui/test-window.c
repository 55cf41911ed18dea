/* test-window.c: the main window under Xvfb: each page opens and is
 * photographed, the welcome page shows without settings, and the header
 * follows the connection (connected, reconnecting with a countdown)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-ui-test-utils.h"
#include "dipcc-contact-editor.h"
#include "dipcc-window.h"

static AdwApplication *app;

static DipccWindow *
window_new (DipccSession *session)
{
  DipccWindow *window = dipcc_window_new (app, session);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static gboolean
status_is (gpointer data)
{
  gpointer *pair = data;

  return g_str_has_prefix (dipcc_window_get_status_text (pair[0]) ?: "", pair[1]);
}

static void
test_pages (void)
{
  Sim *sim = sim_start ("--demo", NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccWindow *window = window_new (session);
  static const char * const pages[] = { "contacts", "colleagues", "history", "dial-pad" };
  gpointer connected[2] = { window, (gpointer) "Connected" };

  g_assert_true (dipcc_ui_test_wait (status_is, connected, SIM_TIMEOUT));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("window-%s", pages[i]);
      g_autofree char *path = NULL;

      dipcc_window_show_page (window, pages[i]);
      g_assert_cmpstr (dipcc_window_get_page (window), ==, pages[i]);
      dipcc_ui_test_spin (300);
      path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), name);
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  /* dark mode: the same pages on the dark palette */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  dipcc_window_show_page (window, "colleagues");
  dipcc_ui_test_spin (400);
  g_free (dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "window-colleagues-dark"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);

  /* the shortcuts reach the pages */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.dial-pad", NULL));
  g_assert_cmpstr (dipcc_window_get_page (window), ==, "dial-pad");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_cmpstr (dipcc_window_get_page (window), ==, "contacts");

  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

static void
test_welcome (void)
{
  g_autoptr(DipccSettings) settings = dipcc_settings_new ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  GSettings *gs = dipcc_settings_get_gsettings (settings);
  g_autofree char *path = NULL;
  DipccSession *session;
  DipccWindow *window;
  gpointer not_set_up[2];

  g_object_get (gs, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (gs, keys[i]);

  session = dipcc_session_new (settings, NULL, NULL);
  dipcc_session_start (session);
  window = window_new (session);
  not_set_up[0] = window;
  not_set_up[1] = (gpointer) "Not set up";
  g_assert_true (dipcc_ui_test_wait (status_is, not_set_up, SIM_TIMEOUT));
  g_assert_nonnull (dipcc_ui_test_find (GTK_WIDGET (window), GTK_TYPE_BUTTON,
                                        "_Connect to Your PBX…"));
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "window-welcome");

  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
}

static void
test_connection_states (void)
{
  Sim *sim = sim_start (NULL, NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccWindow *window = window_new (session);
  gpointer connected[2] = { window, (gpointer) "Connected" };
  gpointer reconnecting[2] = { window, (gpointer) "Reconnecting" };
  g_autofree char *path = NULL;

  g_assert_true (dipcc_ui_test_wait (status_is, connected, SIM_TIMEOUT));

  /* the PBX goes away: the header says so and counts down */
  sim_stop (sim);
  g_assert_true (dipcc_ui_test_wait (status_is, reconnecting, SIM_TIMEOUT));
  g_assert_cmpint (dipcc_session_get_state (session), ==, DIPCC_SESSION_STATE_RECONNECTING);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "window-reconnecting");

  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
}

static gboolean
dial_text_starts (gpointer data)
{
  gpointer *pair = data;

  return g_str_has_prefix (dipcc_window_get_dial_text (pair[0]) ?: "", pair[1]);
}

static GtkWindow *
find_dialog (DipccWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static gboolean
has_dialog (gpointer data)
{
  return find_dialog (data) != NULL;
}

/* Click-to-call from the window: the bar says the agent's phone rings
 * first, then follows the call; an offline phone asks "Call anyway?" */
static void
test_dial (void)
{
  Sim *sim = sim_start ("--ring-delay=1500", NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccWindow *window = window_new (session);
  gpointer rings[2] = { window, (gpointer) "Your phone (0101) rings first" };
  gpointer in_call[2] = { window, (gpointer) "In call with 010-1234-5678" };
  GtkWindow *dialog;

  g_assert_true (dipcc_ui_test_wait ((SimCondition) dipcc_session_get_my_endpoint, session,
                                     SIM_TIMEOUT));
  dipcc_window_dial (window, "010-1234-5678");
  g_assert_true (dipcc_ui_test_wait (dial_text_starts, rings, SIM_TIMEOUT));
  g_assert_cmpstr (dipcc_window_get_dial_text (window), ==,
                   "Your phone (0101) rings first — pick it up to call 010-1234-5678");
  dipcc_ui_test_spin (400);
  g_free (dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "window-dial-bar"));
  g_assert_true (dipcc_ui_test_wait (dial_text_starts, in_call, SIM_TIMEOUT));

  /* 0103 is not registered: the agent is asked first */
  dipcc_settings_set_extension (dipcc_session_get_settings (session), "0103");
  dipcc_ui_test_spin (800);
  dipcc_window_dial (window, "01012345678");
  g_assert_true (dipcc_ui_test_wait (has_dialog, window, SIM_TIMEOUT));
  dialog = find_dialog (window);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Your Phone Is Offline");
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "call"));
  g_free (dipcc_ui_test_save_screenshot (GTK_WIDGET (dialog), "window-phone-offline"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

static gboolean
has_editor (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (DIPCC_IS_CONTACT_EDITOR (w))
        {
          *(GtkWindow **) data = w;
          return TRUE;
        }
    }
  return FALSE;
}

/* "Open contact" / "Add contact" from a pop-up */
static void
test_show_number (void)
{
  Sim *sim = sim_start (NULL, NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccWindow *window = window_new (session);
  g_autoptr(DipccContact) contact = dipcc_contact_new ();
  GtkWindow *editor = NULL;
  GtkWidget *search;
  GtkWidget *number_row;

  dipcc_contact_set_name (contact, "Jane Park");
  g_assert_true (dipcc_contact_add_number (contact, "01055501234", "cell", TRUE));
  dipcc_contact_store_add (dipcc_session_get_contacts (session), contact);

  /* known: the page searches for it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-number", "s",
                                             "010-5550-1234"));
  g_assert_cmpstr (dipcc_window_get_page (window), ==, "contacts");
  search = dipcc_ui_test_find (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "010-5550-1234");
  g_assert_false (has_editor (&editor));

  /* unknown: a new contact with the number filled in */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-number", "s",
                                             "0299998888"));
  g_assert_true (dipcc_ui_test_wait (has_editor, &editor, SIM_TIMEOUT));
  number_row = dipcc_ui_test_find (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Phone Number");
  g_assert_nonnull (number_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (number_row)), ==, "0299998888");
  gtk_window_destroy (editor);

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

  g_test_add_func ("/window/pages", test_pages);
  g_test_add_func ("/window/welcome", test_welcome);
  g_test_add_func ("/window/connection-states", test_connection_states);
  g_test_add_func ("/window/dial", test_dial);
  g_test_add_func ("/window/show-number", test_show_number);
  ret = g_test_run ();
  g_object_unref (app);
  return ret;
}
