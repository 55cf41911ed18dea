/* test-colleagues.c: the Colleagues page under Xvfb against the simulator:
 * the phones 0101..0112 in order, an unregistered one shown offline, a
 * state change through the simulator reaching the row, the filter, and
 * the empty states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-colleague-row.h"
#include "dipcc-colleagues-page.h"
#include "dipcc-ui-test-utils.h"
#include "dipcc-window.h"

static AdwApplication *app;
static char *dialed;

static void
dial_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_free (dialed);
  dialed = g_variant_dup_string (parameter, NULL);
}

static DipccWindow *
window_new (DipccSession *session,
            int           width)
{
  DipccWindow *window = dipcc_window_new (app, session);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 640);
  gtk_window_present (GTK_WINDOW (window));
  dipcc_window_show_page (window, "colleagues");
  return window;
}

static DipccColleaguesPage *
find_page (DipccWindow *window)
{
  GtkWidget *page = dipcc_ui_test_find (GTK_WIDGET (window), DIPCC_TYPE_COLLEAGUES_PAGE, NULL);

  g_assert_nonnull (page);
  return DIPCC_COLLEAGUES_PAGE (page);
}

/* The row showing @extension, among the rows the list view made */
static DipccColleagueRow *
find_row (GtkWidget  *root,
          const char *extension)
{
  GtkWidget *child;

  if (DIPCC_IS_COLLEAGUE_ROW (root))
    {
      DipccEndpoint *e = dipcc_colleague_row_get_endpoint (DIPCC_COLLEAGUE_ROW (root));

      return e && g_str_equal (dipcc_endpoint_get_name (e), extension) ?
             DIPCC_COLLEAGUE_ROW (root) : NULL;
    }
  for (child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      DipccColleagueRow *row = find_row (child, extension);

      if (row)
        return row;
    }
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *extension;
  const char *state;
} RowState;

static gboolean
row_state_is (gpointer data)
{
  RowState *rs = data;
  DipccColleagueRow *row = find_row (rs->root, rs->extension);

  return row && g_strcmp0 (dipcc_colleague_row_get_state_text (row), rs->state) == 0;
}

typedef struct {
  GListModel *model;
  guint       n;
} Count;

static gboolean
count_is (gpointer data)
{
  Count *c = data;

  return g_list_model_get_n_items (c->model) == c->n;
}

static const char *
visible_status (DipccColleaguesPage *page)
{
  GtkStack *stack = GTK_STACK (dipcc_ui_test_find (GTK_WIDGET (page), GTK_TYPE_STACK, NULL));

  return gtk_stack_get_visible_child_name (stack);
}

static void
test_list (void)
{
  Sim *sim = sim_start ("--demo", NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccWindow *window = window_new (session, 900);
  DipccColleaguesPage *page = find_page (window);
  GListModel *model = dipcc_colleagues_page_get_model (page);
  Count twelve = { model, 12 };
  Count one = { model, 1 };
  RowState offline = { GTK_WIDGET (page), "0103", "Offline" };
  RowState on_call = { GTK_WIDGET (page), "0102", "On a call" };
  GtkWidget *search;
  g_autofree char *path = NULL;

  g_assert_true (dipcc_ui_test_wait (count_is, &twelve, SIM_TIMEOUT));
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(DipccEndpoint) e = g_list_model_get_item (model, i);
      g_autofree char *expected = g_strdup_printf ("%04u", 101 + i);

      g_assert_cmpstr (dipcc_endpoint_get_name (e), ==, expected);
    }
  g_assert_cmpstr (visible_status (page), ==, "list");

  /* unregistered: said in words, not only by colour */
  g_assert_true (dipcc_ui_test_wait (row_state_is, &offline, SIM_TIMEOUT));

  /* a state change on the PBX reaches the row that is already shown */
  g_assert_cmpuint (sim_rest (sim, "POST", "/sim/device", "application/json",
                              "{\"extension\":\"0102\",\"state\":\"INUSE\"}",
                              -1, TRUE, NULL), ==, 200);
  g_assert_true (dipcc_ui_test_wait (row_state_is, &on_call, SIM_TIMEOUT));
  {
    GtkWidget *call = dipcc_ui_test_find (GTK_WIDGET (find_row (GTK_WIDGET (page), "0102")),
                                          GTK_TYPE_BUTTON, NULL);
    const char *tooltip = gtk_widget_get_tooltip_text (call);

    g_assert_cmpstr (tooltip, ==, "Call 0102");
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (call)), ==, "app.dial");
    g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (
                                             GTK_ACTIONABLE (call)), NULL), ==, "0102");
    g_assert_true (gtk_widget_get_sensitive (call));
    g_signal_emit_by_name (call, "clicked");
    g_assert_cmpstr (dialed, ==, "0102");
  }
  dipcc_ui_test_spin (300);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "colleagues");

  /* the filter, by extension and by name; then no match at all */
  search = dipcc_ui_test_find (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "0102");
  g_assert_true (dipcc_ui_test_wait (count_is, &one, SIM_TIMEOUT));
  g_assert_true (find_row (GTK_WIDGET (page), "0102") != NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "no such colleague");
  one.n = 0;
  g_assert_true (dipcc_ui_test_wait (count_is, &one, SIM_TIMEOUT));
  g_assert_cmpstr (visible_status (page), ==, "no-results");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_assert_true (dipcc_ui_test_wait (count_is, &twelve, SIM_TIMEOUT));
  g_assert_cmpstr (visible_status (page), ==, "list");

  gtk_window_destroy (GTK_WINDOW (window));

  /* narrow */
  window = window_new (session, 360);
  g_clear_pointer (&path, g_free);
  dipcc_ui_test_spin (500);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "colleagues-narrow");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

/* Without a session there are no phones: the page says so. */
static void
test_empty (void)
{
  DipccColleaguesPage *page = g_object_ref_sink (g_object_new (DIPCC_TYPE_COLLEAGUES_PAGE, NULL));

  g_assert_cmpuint (g_list_model_get_n_items (dipcc_colleagues_page_get_model (page)), ==, 0);
  g_assert_cmpstr (visible_status (page), ==, "empty");
  g_object_unref (page);
}

int
main (int   argc,
      char *argv[])
{
  static const GActionEntry actions[] = {
    { "dial", dial_cb, "s", NULL, NULL, { 0 } },
  };
  int ret;

  dipcc_ui_test_init (&argc, &argv);
  app = g_object_new (ADW_TYPE_APPLICATION,
                      "application-id", "io.github.dipcc.Companion.Test",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      /* the app's style.css, as in the real application */
                      "resource-base-path", "/io/github/dipcc/Companion",
                      NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/colleagues/list", test_list);
  g_test_add_func ("/colleagues/empty", test_empty);
  ret = g_test_run ();
  g_object_unref (app);
  g_free (dialed);
  return ret;
}
