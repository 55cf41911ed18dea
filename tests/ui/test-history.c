/* test-history.c: the History page under Xvfb against the simulator's
 * CDR: rows appear, the call type and the number search narrow them,
 * "Load More" pages on, and without REST the page says what it needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-history-page.h"
#include "dipcc-history-row.h"
#include "dipcc-ui-test-utils.h"
#include "dipcc-window.h"

static AdwApplication *app;

static DipccWindow *
window_new (DipccSession *session,
            int           width)
{
  DipccWindow *window = dipcc_window_new (app, session);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 640);
  gtk_window_present (GTK_WINDOW (window));
  dipcc_window_show_page (window, "history");
  return window;
}

static DipccHistoryPage *
find_page (DipccWindow *window)
{
  GtkWidget *page = dipcc_ui_test_find (GTK_WIDGET (window), DIPCC_TYPE_HISTORY_PAGE, NULL);

  g_assert_nonnull (page);
  return DIPCC_HISTORY_PAGE (page);
}

static gboolean
not_loading (gpointer data)
{
  return !dipcc_history_page_is_loading (data);
}

/* Lets a change (and the search entry's delay) start its query, then waits for it */
static void
wait_loaded (DipccHistoryPage *page)
{
  dipcc_ui_test_spin (400);
  g_assert_true (dipcc_ui_test_wait (not_loading, page, SIM_TIMEOUT));
  dipcc_ui_test_spin (100);
}

static GPtrArray *
rows_of (DipccHistoryPage *page)
{
  GtkWidget *list = dipcc_ui_test_find (GTK_WIDGET (page), GTK_TYPE_LIST_BOX, NULL);
  GPtrArray *rows = g_ptr_array_new ();

  g_assert_nonnull (list);
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DIPCC_IS_HISTORY_ROW (child))
      g_ptr_array_add (rows, child);
  return rows;
}

static void
select_in (DipccHistoryPage *page,
           const char       *tooltip,
           guint             position)
{
  GtkWidget *dropdown = dipcc_ui_test_find (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, tooltip);

  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position);
  wait_loaded (page);
}

static gboolean
record_mentions (DipccCdrRecord *record,
                 const char     *digits)
{
  return strstr (dipcc_cdr_record_get_source (record) ?: "", digits) != NULL ||
         strstr (dipcc_cdr_record_get_destination (record) ?: "", digits) != NULL ||
         strstr (dipcc_cdr_record_get_clid (record) ?: "", digits) != NULL;
}

static void
test_rows (void)
{
  Sim *sim = sim_start ("--demo", NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccWindow *window = window_new (session, 900);
  DipccHistoryPage *page = find_page (window);
  GtkWidget *load_more = NULL;
  GtkWidget *entry = dipcc_ui_test_find (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, NULL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *path = NULL;
  g_autofree char *number = NULL;
  gboolean other_number_seen = FALSE;
  guint n_incoming = 0;

  g_assert_nonnull (entry);

  /* the last 30 days of the demo's CDR: more than one page */
  select_in (page, "Period", 2);
  load_more = dipcc_ui_test_find (GTK_WIDGET (page), GTK_TYPE_BUTTON, "Load More");
  g_assert_nonnull (load_more);
  all = rows_of (page);
  g_assert_cmpuint (all->len, ==, 50);
  g_assert_true (gtk_widget_get_visible (load_more));
  for (guint i = 0; i < all->len; i++)
    {
      DipccHistoryRow *row = g_ptr_array_index (all, i);
      DipccCdrRecord *record = dipcc_history_row_get_record (row);

      /* the agent's calls only, and the other party is the other side */
      g_assert_true (g_strcmp0 (dipcc_cdr_record_get_source (record), "0101") == 0 ||
                     g_strcmp0 (dipcc_cdr_record_get_destination (record), "0101") == 0);
      g_assert_cmpstr (dipcc_history_row_get_number (row), !=, "0101");
      if (dipcc_history_row_get_direction (row) == DIPCC_HISTORY_DIRECTION_INCOMING ||
          dipcc_history_row_get_direction (row) == DIPCC_HISTORY_DIRECTION_MISSED)
        n_incoming++;
    }
  g_assert_cmpuint (n_incoming, >, 0);
  g_assert_cmpuint (n_incoming, <, all->len);
  dipcc_ui_test_spin (300);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "history");

  /* Incoming: inbound calls only, answered or not */
  select_in (page, "Call type", 1);
  rows = rows_of (page);
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      DipccHistoryRow *row = g_ptr_array_index (rows, i);

      g_assert_cmpint (dipcc_cdr_record_get_calltype (dipcc_history_row_get_record (row)), ==,
                       DIPCC_CALL_TYPE_INBOUND);
    }
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Missed: unanswered inbound calls only */
  select_in (page, "Call type", 4);
  rows = rows_of (page);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpint (dipcc_history_row_get_direction (g_ptr_array_index (rows, i)), ==,
                     DIPCC_HISTORY_DIRECTION_MISSED);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_free (path);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "history-missed");

  /* a number narrows the list to the calls with it */
  select_in (page, "Call type", 0);
  g_clear_pointer (&all, g_ptr_array_unref);
  all = rows_of (page);
  number = g_strdup (dipcc_history_row_get_number (g_ptr_array_index (all, 0)));
  for (guint i = 0; i < all->len; i++)
    if (!record_mentions (dipcc_history_row_get_record (g_ptr_array_index (all, i)), number))
      other_number_seen = TRUE;
  g_assert_true (other_number_seen);
  gtk_editable_set_text (GTK_EDITABLE (entry), number);
  wait_loaded (page);
  rows = rows_of (page);
  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    g_assert_true (record_mentions (dipcc_history_row_get_record (g_ptr_array_index (rows, i)),
                                    number));
  g_clear_pointer (&rows, g_ptr_array_unref);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait_loaded (page);

  /* paging: a small page, then one more */
  g_object_set (page, "page-size", 7, NULL);
  dipcc_history_page_refresh (page);
  wait_loaded (page);
  rows = rows_of (page);
  g_assert_cmpuint (rows->len, ==, 7);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_true (gtk_widget_get_visible (load_more));
  g_signal_emit_by_name (load_more, "clicked");
  wait_loaded (page);
  rows = rows_of (page);
  g_assert_cmpuint (rows->len, ==, 14);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* F5 reaches the page and starts over */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh-history", NULL));
  wait_loaded (page);
  rows = rows_of (page);
  g_assert_cmpuint (rows->len, ==, 7);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* a number nobody called: the period has no calls for it */
  gtk_editable_set_text (GTK_EDITABLE (entry), "0999999999");
  wait_loaded (page);
  rows = rows_of (page);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_true (gtk_widget_get_mapped (dipcc_ui_test_find (GTK_WIDGET (page),
                                                            ADW_TYPE_STATUS_PAGE, "No Calls")));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait_loaded (page);

  /* narrow */
  g_object_set (page, "page-size", 50, NULL);
  dipcc_history_page_refresh (page);
  wait_loaded (page);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  dipcc_ui_test_spin (500);
  g_free (path);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "history-narrow");

  /* a custom range shows its two days, and still fits */
  select_in (page, "Period", 3);
  g_assert_true (gtk_widget_get_mapped (dipcc_ui_test_find (GTK_WIDGET (page),
                                                            GTK_TYPE_MENU_BUTTON, "First day")));
  rows = rows_of (page);
  g_assert_cmpuint (rows->len, >, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  dipcc_ui_test_spin (500);
  g_free (path);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "history-custom-narrow");

  /* the PBX goes away: the page says why and offers to try again */
  sim_stop (sim);
  sim = NULL;
  dipcc_history_page_refresh (page);
  wait_loaded (page);
  g_assert_true (gtk_widget_get_mapped (dipcc_ui_test_find (GTK_WIDGET (page),
                                                            ADW_TYPE_STATUS_PAGE,
                                                            "Could Not Load the History")));
  g_assert_true (gtk_widget_get_mapped (dipcc_ui_test_find (GTK_WIDGET (page), GTK_TYPE_BUTTON,
                                                            "_Retry")));
  g_free (path);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "history-error-narrow");

  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
}

static gboolean
has_no_rest (gpointer data)
{
  return dipcc_session_get_rest_client (data) == NULL;
}

static void
test_no_rest (void)
{
  Sim *sim = sim_start (NULL, NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccWindow *window = window_new (session, 900);
  DipccHistoryPage *page = find_page (window);
  g_autofree char *path = NULL;
  GtkWidget *status = dipcc_ui_test_find (GTK_WIDGET (page), ADW_TYPE_STATUS_PAGE,
                                          "History Needs the REST API");
  GtkWidget *button = dipcc_ui_test_find (GTK_WIDGET (page), GTK_TYPE_BUTTON, "_Preferences");

  g_assert_nonnull (status);
  g_assert_nonnull (button);
  wait_loaded (page);
  g_assert_false (gtk_widget_get_mapped (status));
  dipcc_settings_set_rest_url (dipcc_session_get_settings (session), "");
  g_assert_true (dipcc_ui_test_wait (has_no_rest, session, SIM_TIMEOUT));
  dipcc_ui_test_spin (300);
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "history-no-rest");

  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  const struct { const char *name; const GVariantType *type; } actions[] = {
    { "dial", G_VARIANT_TYPE_STRING },
    { "preferences", NULL },
  };
  int status;

  dipcc_ui_test_init (&argc, &argv);
  app = g_object_new (ADW_TYPE_APPLICATION,
                      "application-id", "io.github.dipcc.Companion.TestHistory",
                      "flags", G_APPLICATION_NON_UNIQUE, NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  /* stand-ins for DipccApplication's actions, so the buttons are live */
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (actions[i].name, actions[i].type);

      g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));
    }
  g_test_add_func ("/ui/history/rows", test_rows);
  g_test_add_func ("/ui/history/no-rest", test_no_rest);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
