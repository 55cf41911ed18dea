/* test-preferences.c: the preferences window under Xvfb: fields write the
 * settings when valid and show why when not, values come back in a new
 * window, the app-key goes to the keyring only, and Test Connection reports
 * REST and events apart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-connection-config.h"
#include "dipcc-preferences-window.h"
#include "dipcc-ui-test-utils.h"

static DipccPreferencesWindow *
prefs_new (DipccSession *session)
{
  DipccPreferencesWindow *window = dipcc_preferences_window_new (session);

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 700);
  gtk_window_present (GTK_WINDOW (window));
  dipcc_ui_test_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static GtkWidget *
find (gpointer    window,
      GType       type,
      const char *text)
{
  GtkWidget *widget = dipcc_ui_test_find (GTK_WIDGET (window), type, text);

  if (widget == NULL)
    g_error ("no %s “%s” in the preferences", g_type_name (type), text);
  return widget;
}

static GtkSwitch *
find_switch (gpointer    window,
             const char *row_title)
{
  GtkWidget *row = find (window, ADW_TYPE_ACTION_ROW, row_title);

  return GTK_SWITCH (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)));
}

static void
set_text (gpointer    window,
          const char *row_title,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find (window, ADW_TYPE_ENTRY_ROW, row_title)), text);
}

static const char *
get_text (gpointer    window,
          const char *row_title)
{
  return gtk_editable_get_text (GTK_EDITABLE (find (window, ADW_TYPE_ENTRY_ROW, row_title)));
}

static void
close_window (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_ui_test_spin (50);
}

typedef struct {
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static char *
lookup_secret (DipccSession    *session,
               DipccSecretKind  kind,
               const char      *account)
{
  DipccSecretStore *store = dipcc_session_get_secret_store (session);
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  char *secret;

  dipcc_secret_store_lookup_async (store, kind, account, NULL, wait_cb, &wait);
  g_assert_true (dipcc_ui_test_wait (has_result, &wait, SIM_TIMEOUT));
  secret = dipcc_secret_store_lookup_finish (store, wait.result, &error);
  g_assert_no_error (error);
  g_object_unref (wait.result);
  return secret;
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
secret_is (gpointer data)
{
  gpointer *args = data;
  g_autofree char *secret = lookup_secret (args[0], DIPCC_SECRET_KIND_APP_KEY, args[1]);

  return g_strcmp0 (secret, args[2]) == 0;
}

/* Every string key of the schema, to look for a secret in. */
static gboolean
settings_contain (GSettings  *gs,
                  const char *needle)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (gs, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (gs, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      if (strstr (text, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_fields (void)
{
  Sim *sim = sim_start (NULL, NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccSettings *settings = dipcc_session_get_settings (session);
  GSettings *gs = dipcc_settings_get_gsettings (settings);
  g_autofree char *good_url = g_strdup (dipcc_settings_get_rest_url (settings));
  DipccPreferencesWindow *window = prefs_new (session);
  g_autofree char *path = NULL;
  GtkWidget *rest_row;

  /* the first page shows the settings the session runs on */
  g_assert_cmpstr (get_text (window, "Address (such as https://pbx.example.com)"), ==,
                   good_url);
  /* The first secret stored in a fresh test keyring file is not found by a
   * later look-up (see the report), so store the key once more here. */
  gtk_editable_set_text (GTK_EDITABLE (find (window, ADW_TYPE_PASSWORD_ENTRY_ROW, "App-key")),
                         "demo-app-key");
  g_signal_emit_by_name (find (window, ADW_TYPE_PASSWORD_ENTRY_ROW, "App-key"), "apply");
  g_assert_true (dipcc_ui_test_wait (widget_visible,
                                     find (window, GTK_TYPE_LABEL, "Stored in the keyring"),
                                     SIM_TIMEOUT));
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "preferences");

  /* an invalid REST URL is not written and the row says why */
  set_text (window, "Address (such as https://pbx.example.com)", "ftp://pbx.example.com");
  rest_row = find (window, ADW_TYPE_ENTRY_ROW, "Address (such as https://pbx.example.com)");
  g_assert_true (gtk_widget_has_css_class (rest_row, "error"));
  g_assert_nonnull (dipcc_ui_test_find (rest_row, GTK_TYPE_LABEL,
                                        "The address must start with https:// or http://"));
  g_assert_cmpstr (dipcc_settings_get_rest_url (settings), ==, good_url);
  set_text (window, "Address (such as https://pbx.example.com)", "not a url");
  g_assert_cmpstr (dipcc_settings_get_rest_url (settings), ==, good_url);
  dipcc_ui_test_spin (100);
  g_free (path);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "preferences-invalid");
  set_text (window, "Address (such as https://pbx.example.com)", good_url);
  g_assert_false (gtk_widget_has_css_class (rest_row, "error"));

  /* valid values are written at once */
  set_text (window, "Tenant", "7be69580e27641df");
  g_assert_cmpstr (dipcc_settings_get_tenant (settings), ==, "7be69580e27641df");
  set_text (window, "AMI server ids (comma-separated, such as 1, 2)", "1, 3");
  {
    gsize n = 0;
    g_autofree int *ids = dipcc_settings_dup_server_ids (settings, &n);

    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpint (ids[1], ==, 3);
  }
  set_text (window, "AMI server ids (comma-separated, such as 1, 2)", "1, x");
  g_assert_true (gtk_widget_has_css_class (find (window, ADW_TYPE_ENTRY_ROW,
                                                 "AMI server ids (comma-separated, such as 1, 2)"),
                                           "error"));
  set_text (window, "Pinned certificate (SHA-256, 64 hex digits; empty for none)", "12:34");
  g_assert_cmpstr (dipcc_settings_get_tls_pin (settings), ==, "");
  set_text (window, "Extension", "01a2");
  g_assert_cmpstr (dipcc_settings_get_extension (settings), ==, "0101");
  set_text (window, "Extension", "0102");
  g_assert_cmpstr (dipcc_settings_get_extension (settings), ==, "0102");
  set_text (window, "Class of service id", "3");
  set_text (window, "Name", "Front desk");
  set_text (window, "Number", "02-1234-5678");
  g_assert_cmpstr (dipcc_settings_get_cid_number (settings), ==, "02-1234-5678");
  set_text (window, "Address (empty for none)", "https://crm.example.com/?q={number}&x={nope}");
  {
    g_autofree char *template = g_settings_get_string (gs, "screen-pop-template");

    g_assert_cmpstr (template, ==, "");
  }
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "screen-pop");
  dipcc_ui_test_spin (300);
  g_free (path);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "preferences-screen-pop");
  set_text (window, "Address (empty for none)", "https://crm.example.com/?q={number}&d={did}");

  /* the event channel switches which rows show */
  g_assert_false (gtk_widget_get_visible (find (window, ADW_TYPE_ENTRY_ROW, "AMI host")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (find (window, ADW_TYPE_COMBO_ROW, "Event channel")),
                              1);
  g_assert_cmpint (dipcc_settings_get_event_channel (settings), ==, DIPCC_EVENT_CHANNEL_AMI);
  g_assert_true (gtk_widget_get_visible (find (window, ADW_TYPE_ENTRY_ROW, "AMI host")));
  g_assert_false (gtk_widget_get_visible (find (window, ADW_TYPE_COMBO_ROW, "Request format")));
  {
    GtkWidget *port_row = find (window, ADW_TYPE_ACTION_ROW, "AMI port");
    GtkWidget *spin = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (port_row));

    gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5500);
    g_assert_cmpuint (dipcc_settings_get_ami_port (settings), ==, 5500);
    gtk_switch_set_active (find_switch (window, "Use TLS"), TRUE);
    g_assert_true (dipcc_settings_get_ami_tls (settings));
  }
  adw_combo_row_set_selected (ADW_COMBO_ROW (find (window, ADW_TYPE_COMBO_ROW, "Event channel")),
                              0);

  /* switches and the watched numbers */
  gtk_switch_set_active (find_switch (window, "All incoming calls"), TRUE);
  gtk_switch_set_active (find_switch (window, "Play a sound"), FALSE);
  g_assert_true (g_settings_get_boolean (gs, "popup-all-incoming"));
  g_assert_false (g_settings_get_boolean (gs, "popup-sound"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (find (window, ADW_TYPE_COMBO_ROW, "Urgency")), 1);
  {
    GtkWidget *add_row = find (window, ADW_TYPE_ACTION_ROW, "Add");
    GtkWidget *number = dipcc_ui_test_find (add_row, GTK_TYPE_ENTRY, NULL);
    g_auto(GStrv) watched = NULL;
    g_autofree char *label = NULL;
    g_autoptr(GVariant) labels = NULL;
    GtkWidget *entries[2];
    GtkWidget *child = gtk_widget_get_parent (number);
    guint n = 0;

    for (child = gtk_widget_get_first_child (child); child && n < 2;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_ENTRY (child))
        entries[n++] = child;
    g_assert_cmpuint (n, ==, 2);
    gtk_editable_set_text (GTK_EDITABLE (entries[0]), "1668-2471");
    gtk_editable_set_text (GTK_EDITABLE (entries[1]), "Support");
    g_signal_emit_by_name (entries[0], "activate");
    watched = g_settings_get_strv (gs, "watched-numbers");
    g_assert_cmpuint (g_strv_length (watched), ==, 1);
    g_assert_cmpstr (watched[0], ==, "16682471");
    labels = g_settings_get_value (gs, "number-labels");
    g_assert_true (g_variant_lookup (labels, "16682471", "s", &label));
    g_assert_cmpstr (label, ==, "Support");
    gtk_editable_set_text (GTK_EDITABLE (entries[0]), "0101");
    g_signal_emit_by_name (entries[0], "activate");
    g_strfreev (watched);
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "popups");
    dipcc_ui_test_spin (300);
    g_free (path);
    path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "preferences-popups");

    /* a number that cannot be dialled is refused, and the entry says so */
    gtk_editable_set_text (GTK_EDITABLE (entries[0]), "abc");
    g_signal_emit_by_name (entries[0], "activate");
    g_assert_true (gtk_widget_has_css_class (entries[0], "error"));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (entries[0]), ==,
                     "Not a phone number: use digits, +, * and #");
    watched = g_settings_get_strv (gs, "watched-numbers");
    g_assert_cmpuint (g_strv_length (watched), ==, 2);
  }
  g_assert_nonnull (dipcc_ui_test_find (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW,
                                        "16682471 · Support"));
  /* removing one */
  {
    GtkWidget *row = find (window, ADW_TYPE_ACTION_ROW, "16682471 · Support");
    GtkWidget *remove = dipcc_ui_test_find (row, GTK_TYPE_BUTTON, NULL);
    g_auto(GStrv) watched = NULL;

    g_assert_nonnull (remove);
    g_signal_emit_by_name (remove, "clicked");
    watched = g_settings_get_strv (gs, "watched-numbers");
    g_assert_cmpuint (g_strv_length (watched), ==, 1);
    g_assert_cmpstr (watched[0], ==, "0101");
  }
  close_window (window);

  /* a new window shows the values again */
  window = prefs_new (session);
  g_assert_cmpstr (get_text (window, "Tenant"), ==, "7be69580e27641df");
  g_assert_cmpstr (get_text (window, "AMI server ids (comma-separated, such as 1, 2)"), ==,
                   "1, 3");
  g_assert_cmpstr (get_text (window, "Extension"), ==, "0102");
  g_assert_cmpstr (get_text (window, "Class of service id"), ==, "3");
  g_assert_cmpstr (get_text (window, "Name"), ==, "Front desk");
  g_assert_cmpstr (get_text (window, "Address (empty for none)"), ==,
                   "https://crm.example.com/?q={number}&d={did}");
  g_assert_true (gtk_switch_get_active (find_switch (window, "All incoming calls")));
  g_assert_false (gtk_switch_get_active (find_switch (window, "Play a sound")));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find (window, ADW_TYPE_COMBO_ROW,
                                                                     "Urgency"))), ==, 1);
  g_assert_nonnull (dipcc_ui_test_find (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "0101"));
  close_window (window);

  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

static void
test_app_key (void)
{
  Sim *sim = sim_start (NULL, NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccSettings *settings = dipcc_session_get_settings (session);
  DipccPreferencesWindow *window = prefs_new (session);
  g_autoptr(DipccConnectionConfig) config = dipcc_connection_config_new_from_settings (settings);
  g_autofree char *account = dipcc_connection_config_dup_rest_account (config);
  GtkWidget *row = find (window, ADW_TYPE_PASSWORD_ENTRY_ROW, "App-key");
  GtkWidget *state = dipcc_ui_test_find (row, GTK_TYPE_LABEL, "Stored in the keyring");
  gpointer args[3] = { session, account, (gpointer) "Typed-Key-4711" };

  /* the key the session runs on is stored; the row says so without showing it */
  g_assert_nonnull (state);
  g_assert_true (dipcc_ui_test_wait (widget_visible, state, SIM_TIMEOUT));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");

  gtk_editable_set_text (GTK_EDITABLE (row), "Typed-Key-4711");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (dipcc_ui_test_wait (secret_is, args, SIM_TIMEOUT));
  dipcc_ui_test_spin (100);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  g_assert_false (settings_contain (dipcc_settings_get_gsettings (settings), "Typed-Key-4711"));

  close_window (window);
  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

static gboolean
test_done (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
test_connection (void)
{
  Sim *sim = sim_start (NULL, NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccPreferencesWindow *window = prefs_new (session);
  GtkWidget *button = find (window, GTK_TYPE_BUTTON, "_Test");
  GtkWidget *events_row = NULL;
  GtkWidget *rest_row = NULL;
  g_autofree char *path = NULL;
  GtkWidget *scroll;
  const char *title;

  g_signal_emit_by_name (button, "clicked");
  rest_row = gtk_widget_get_next_sibling (gtk_widget_get_ancestor (button, ADW_TYPE_ACTION_ROW));
  events_row = gtk_widget_get_next_sibling (rest_row);
  g_assert_true (dipcc_ui_test_wait (test_done, events_row, SIM_TIMEOUT * 2));
  g_assert_true (dipcc_ui_test_wait (test_done, rest_row, SIM_TIMEOUT));
  dipcc_ui_test_spin (200);

  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rest_row));
  g_test_message ("%s", title);
  g_assert_true (g_str_has_prefix (title, "REST: OK, "));
  g_assert_true (g_str_has_suffix (title, " ms"));
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (events_row));
  g_test_message ("%s", title);
  g_assert_true (g_str_has_prefix (title, "Events: OK, "));
  g_assert_true (g_str_has_suffix (title, " ms"));

  scroll = gtk_widget_get_ancestor (button, GTK_TYPE_SCROLLED_WINDOW);
  if (scroll != NULL)
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroll));

      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      dipcc_ui_test_spin (200);
    }
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "preferences-test");

  /* a typed wrong app-key is used instead of the stored one */
  gtk_editable_set_text (GTK_EDITABLE (find (window, ADW_TYPE_PASSWORD_ENTRY_ROW, "App-key")),
                         "wrong-key");
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_visible (rest_row));
  g_assert_true (dipcc_ui_test_wait (test_done, events_row, SIM_TIMEOUT * 2));
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rest_row));
  g_test_message ("%s", title);
  g_assert_true (g_str_has_prefix (title, "REST: failed: "));

  close_window (window);
  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  dipcc_ui_test_init (&argc, &argv);

  g_test_add_func ("/preferences/fields", test_fields);
  g_test_add_func ("/preferences/app-key", test_app_key);
  g_test_add_func ("/preferences/test-connection", test_connection);
  return g_test_run ();
}
