/* test-popups.c: incoming-call notifications against a fake notification
 * server on the private session bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake server runs in its own thread with its own connection, because
 * libnotify calls Notify synchronously: a server in the main thread would
 * never answer.
 */
#include "config.h"

#include "dipcc-call-uri.h"

#include "dipcc-application.h"
#include "dipcc-error.h"
#include "dipcc-fake-notifications.h"
#include "dipcc-popup-manager.h"
#include "dipcc-ui-test-utils.h"

typedef DipccFakeNotify Notify;

static guint
n_notifies (void)
{
  return dipcc_fake_notifications_n_notifies ();
}

static guint
n_closed (void)
{
  return dipcc_fake_notifications_n_closed ();
}

/* the main thread only reads entries the lock published; they never change */
static Notify *
notify_at (guint i)
{
  Notify *n = dipcc_fake_notifications_at (i);

  {
      g_autofree char *body = g_strescape (n->body, "\u00b7…");
      g_autofree char *actions = g_strjoinv (",", n->actions);

      g_test_message ("Notify #%u id %u replaces %u: [%s] [%s] urgency %d category %s actions %s",
                      i, n->id, n->replaces_id, n->summary, body, n->urgency, n->category,
                      actions);
    }
  return n;
}

static gboolean
has_action (Notify     *n,
            const char *id)
{
  for (guint i = 0; n->actions[i] && n->actions[i + 1]; i += 2)
    if (g_str_equal (n->actions[i], id))
      return TRUE;
  return FALSE;
}

static gboolean
notifies_at_least (gpointer data)
{
  return n_notifies () >= GPOINTER_TO_UINT (data);
}

static gboolean
closed_at_least (gpointer data)
{
  return n_closed () >= GPOINTER_TO_UINT (data);
}

typedef struct {
  Sim               *sim;
  DipccSession      *session;
  DipccPopupManager *manager;
  GSettings         *settings;
  GPtrArray         *launched;
} Fixture;

static void
record_uri (const char *uri,
            gpointer    user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->launched, g_strdup (uri));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->sim = sim_start ("--ring-timeout", "1500", NULL);
  f->session = dipcc_ui_test_session_new (f->sim, "0101");
  f->settings = dipcc_settings_get_gsettings (dipcc_session_get_settings (f->session));
  f->manager = dipcc_popup_manager_new (f->session, NULL);
  f->launched = g_ptr_array_new_with_free_func (g_free);
  dipcc_popup_manager_set_uri_launcher (f->manager, record_uri, f);
  dipcc_fake_notifications_reset ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->manager);
  dipcc_session_stop (f->session);
  g_clear_object (&f->session);
  sim_stop (f->sim);
  g_ptr_array_unref (f->launched);
}

static void
inject (Fixture    *f,
        const char *json)
{
  g_autofree char *linkedid = sim_inject (f->sim, json);

  g_assert_nonnull (linkedid);
}

static void
test_answered (Fixture       *f,
               gconstpointer  data)
{
  GVariant *labels = g_variant_new_parsed ("{'16681706': 'Support'}");
  Notify *n;

  g_settings_set_value (f->settings, "number-labels", labels);
  inject (f, "{\"caller\": \"0299998888\", \"name\": \"<b>Kim</b> & Co\", \"to\": \"0101\","
             " \"answer_after\": 800}");
  g_assert_true (dipcc_ui_test_wait (notifies_at_least, GUINT_TO_POINTER (1), SIM_TIMEOUT));
  n = notify_at (0);
  g_assert_cmpuint (n->replaces_id, ==, 0);
  /* the summary is plain text; the body is markup and escaped */
  g_assert_cmpstr (n->summary, ==, "<b>Kim</b> & Co");
  g_assert_cmpstr (n->body, ==, "02-9999-8888\nto 1668-1706 · Support");
  g_assert_cmpint (n->urgency, ==, 2);
  g_assert_cmpstr (n->category, ==, "call.incoming");
  g_assert_cmpstr (n->sound, ==, "phone-incoming-call");
  g_assert_true (has_action (n, "contact"));
  g_assert_true (has_action (n, "copy"));
  g_assert_false (has_action (n, "crm"));

  /* answered here: the pop-up goes away */
  g_assert_true (dipcc_ui_test_wait (closed_at_least, GUINT_TO_POINTER (1), SIM_TIMEOUT));
  g_assert_cmpuint (dipcc_fake_notifications_closed_at (0), ==, n->id);
}

static void
test_hostile_name (Fixture       *f,
                   gconstpointer  data)
{
  GVariant *labels = g_variant_new_parsed ("{'16681706': '<i>A&B</i>'}");
  Notify *n;

  g_settings_set_value (f->settings, "number-labels", labels);
  inject (f, "{\"caller\": \"0299998887\", \"name\": \"x\", \"to\": \"0101\","
             " \"answer_after\": 800}");
  g_assert_true (dipcc_ui_test_wait (notifies_at_least, GUINT_TO_POINTER (1), SIM_TIMEOUT));
  n = notify_at (0);
  g_assert_null (strstr (n->body, "<i>"));
  g_assert_nonnull (strstr (n->body, "&lt;i&gt;A&amp;B&lt;/i&gt;"));
  g_assert_true (g_utf8_validate (n->body, -1, NULL));
}

static void
test_missed (Fixture       *f,
             gconstpointer  data)
{
  Notify *first, *missed;

  g_settings_set_enum (f->settings, "popup-urgency", 1);
  g_settings_set_boolean (f->settings, "popup-sound", FALSE);
  inject (f, "{\"caller\": \"01012345678\", \"to\": \"0101\", \"answer_after\": null}");
  g_assert_true (dipcc_ui_test_wait (notifies_at_least, GUINT_TO_POINTER (1), SIM_TIMEOUT));
  first = notify_at (0);
  g_assert_cmpint (first->urgency, ==, 1);
  g_assert_null (first->sound);
  /* no name: the number is the title */
  g_assert_cmpstr (first->summary, ==, "010-1234-5678");

  /* the caller history may update the body meanwhile; wait for "Missed" */
  for (guint i = 1;; i++)
    {
      g_assert_true (dipcc_ui_test_wait (notifies_at_least, GUINT_TO_POINTER (i + 1),
                                         SIM_TIMEOUT));
      missed = notify_at (i);
      g_assert_cmpuint (missed->replaces_id, ==, first->id);
      if (g_str_has_prefix (missed->summary, "Missed call"))
        break;
    }
  g_assert_cmpstr (missed->summary, ==, "Missed call from 010-1234-5678");
  g_assert_true (has_action (missed, "call-back"));
  g_assert_cmpint (missed->urgency, ==, 1);
  g_assert_cmpuint (n_closed (), ==, 0);
}

static gboolean
body_has_history (gpointer data)
{
  gboolean found = FALSE;

  for (guint i = 0; i < n_notifies (); i++)
    {
      Notify *n = dipcc_fake_notifications_at (i);

      found |= strstr (n->body, "earlier call") != NULL;
    }
  return found;
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  Notify *n = NULL;

  /* a first call, answered and over, lands in the CDR */
  inject (f, "{\"caller\": \"0244445555\", \"to\": \"0101\", \"answer_after\": 200,"
             " \"hangup_after\": 300}");
  g_assert_true (dipcc_ui_test_wait (closed_at_least, GUINT_TO_POINTER (1), SIM_TIMEOUT));
  dipcc_ui_test_spin (1000);
  inject (f, "{\"caller\": \"0244445555\", \"to\": \"0101\", \"answer_after\": 3000}");
  g_assert_true (dipcc_ui_test_wait (body_has_history, NULL, SIM_TIMEOUT));
  for (guint i = 0; i < n_notifies (); i++)
    if (strstr (notify_at (i)->body, "earlier call") != NULL)
      n = notify_at (i);
  g_assert_nonnull (n);
  g_assert_cmpuint (n->replaces_id, !=, 0);
  g_assert_nonnull (strstr (n->body, "1 earlier call · last: today, answered"));
}

static gboolean
session_connected (gpointer data)
{
  return dipcc_session_get_state (data) == DIPCC_SESSION_STATE_CONNECTED;
}

static void
test_resync (Fixture       *f,
             gconstpointer  data)
{
  guint before;

  inject (f, "{\"caller\": \"0311112222\", \"to\": \"0101\", \"answer_after\": 8000}");
  g_assert_true (dipcc_ui_test_wait (notifies_at_least, GUINT_TO_POINTER (1), SIM_TIMEOUT));
  /* reconnect while it rings: the resync sees the same call again */
  dipcc_session_reconnect_now (f->session);
  dipcc_ui_test_spin (2000);
  /* and a full stop and start */
  dipcc_session_stop (f->session);
  dipcc_session_start (f->session);
  g_assert_true (dipcc_ui_test_wait (session_connected, f->session, SIM_TIMEOUT));
  dipcc_ui_test_spin (1500);
  before = n_notifies ();
  for (guint i = 0; i < before; i++)
    {
      Notify *n = notify_at (i);

      g_assert_true (i == 0 || n->replaces_id == notify_at (0)->id);
    }
}

static gboolean
outage_notified (gpointer data)
{
  gboolean found = FALSE;

  for (guint i = 0; i < n_notifies (); i++)
    {
      Notify *n = dipcc_fake_notifications_at (i);

      found |= g_strcmp0 (n->summary, "1 call missed while disconnected") == 0;
    }
  return found;
}

static void
test_missed_while_disconnected (Fixture       *f,
                                gconstpointer  data)
{
  Notify *n = NULL;

  /* the link goes down; a call rings 0101 unanswered meanwhile */
  dipcc_session_stop (f->session);
  inject (f, "{\"caller\": \"0277778888\", \"to\": \"0101\", \"answer_after\": null}");
  dipcc_ui_test_spin (2500);
  g_assert_cmpuint (n_notifies (), ==, 0);

  /* back: the pop-up says what was missed, with a way to History */
  dipcc_session_start (f->session);
  g_assert_true (dipcc_ui_test_wait (session_connected, f->session, SIM_TIMEOUT));
  g_assert_true (dipcc_ui_test_wait (outage_notified, NULL, SIM_TIMEOUT));
  for (guint i = 0; i < n_notifies (); i++)
    if (g_strcmp0 (notify_at (i)->summary, "1 call missed while disconnected") == 0)
      n = notify_at (i);
  g_assert_nonnull (n);
  g_assert_nonnull (strstr (n->body, "02-7777-8888"));
  g_assert_true (has_action (n, "history"));
}

static void
test_answered_elsewhere (Fixture       *f,
                         gconstpointer  data)
{
  Notify *n = NULL;

  inject (f, "{\"caller\": \"0299997777\", \"to\": [\"0101\", \"0102\"],"
             " \"answered_by\": \"0102\", \"answer_after\": 800}");
  for (guint i = 0; n == NULL || !g_str_has_prefix (n->body, "Answered by"); i++)
    {
      g_assert_true (dipcc_ui_test_wait (notifies_at_least, GUINT_TO_POINTER (i + 1),
                                         SIM_TIMEOUT));
      n = notify_at (i);
      g_assert_true (i == 0 || n->replaces_id == notify_at (0)->id);
    }
  g_assert_cmpstr (n->body, ==, "Answered by 0102");
  g_assert_cmpint (n->urgency, ==, 1);
  g_assert_cmpuint (n_closed (), ==, 0);
}

static void
test_ringing_me_off (Fixture       *f,
                     gconstpointer  data)
{
  g_settings_set_boolean (f->settings, "popup-ringing-me", FALSE);
  inject (f, "{\"caller\": \"0311114444\", \"to\": \"0101\", \"answer_after\": 500}");
  dipcc_ui_test_spin (1500);
  g_assert_cmpuint (n_notifies (), ==, 0);
}

static void
test_popup_off (Fixture       *f,
                gconstpointer  data)
{
  g_settings_set_enum (f->settings, "popup-mode", 1);
  inject (f, "{\"caller\": \"0311113333\", \"to\": \"0101\", \"answer_after\": 500}");
  dipcc_ui_test_spin (1500);
  g_assert_cmpuint (n_notifies (), ==, 0);
}

static void
test_storm (Fixture       *f,
            gconstpointer  data)
{
  guint n_total;
  Notify *last;
  guint storm_id = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *json =
        g_strdup_printf ("{\"caller\": \"02555000%u\", \"name\": \"Caller %u%s\", "
                         "\"to\": \"0101\", \"answer_after\": null}", i, i,
                         i == 1 ? " <b>&" : "");

      inject (f, json);
    }
  g_assert_true (dipcc_ui_test_wait (notifies_at_least, GUINT_TO_POINTER (5), SIM_TIMEOUT));
  dipcc_ui_test_spin (300);
  n_total = n_notifies ();
  /* never one per call: at most 3 singles, then one storm pop-up updated */
  for (guint i = 0; i < n_total; i++)
    {
      Notify *n = notify_at (i);

      if (g_str_has_suffix (n->summary, "incoming calls"))
        {
          if (storm_id == 0)
            storm_id = n->id;
          g_assert_cmpuint (n->id, ==, storm_id);
        }
    }
  g_assert_cmpuint (storm_id, !=, 0);
  last = NULL;
  for (guint i = 0; i < n_total; i++)
    if (notify_at (i)->id == storm_id)
      last = notify_at (i);
  g_assert_nonnull (last);
  g_assert_cmpstr (last->summary, ==, "5 incoming calls");
  g_assert_nonnull (strstr (last->body, "Caller 0"));
  g_assert_nonnull (strstr (last->body, "Caller 1 &lt;b&gt;&amp;"));
  g_assert_null (strstr (last->body, "Caller 4"));
  g_assert_cmpint (last->urgency, ==, 2);

  /* once they all rang out, the storm pop-up is no longer critical */
  for (guint i = n_total; last->urgency != 1; i++)
    {
      g_assert_true (dipcc_ui_test_wait (notifies_at_least, GUINT_TO_POINTER (i + 1),
                                         SIM_TIMEOUT));
      last = notify_at (i);
      g_assert_cmpuint (last->id, ==, storm_id);
    }
  g_assert_cmpstr (last->summary, ==, "5 incoming calls");
}

static void
test_screen_pop (Fixture       *f,
                 gconstpointer  data)
{
  Notify *n;

  g_settings_set_string (f->settings, "screen-pop-template",
                         "https://crm.example/?n={number}&name={name}&ext={extension}");
  inject (f, "{\"caller\": \"0299990000\", \"name\": \"홍 길동&\", \"to\": \"0101\","
             " \"answer_after\": 600}");
  g_assert_true (dipcc_ui_test_wait (notifies_at_least, GUINT_TO_POINTER (1), SIM_TIMEOUT));
  n = notify_at (0);
  g_assert_true (has_action (n, "crm"));
  dipcc_ui_test_spin (1500);
  g_assert_cmpuint (f->launched->len, ==, 1);
  g_test_message ("screen pop: %s", (char *) f->launched->pdata[0]);
  g_assert_cmpstr (f->launched->pdata[0], ==,
                   "https://crm.example/?n=0299990000&name=%ED%99%8D%20%EA%B8%B8%EB%8F%99%26"
                   "&ext=0101");
}

static void
test_parse_uri (void)
{
  static const struct { const char *uri; const char *number; } cases[] = {
    { "tel:021668-2471", "0216682471" },
    { "tel:+82-2-1668-2471;phone-context=example.com", "+82216682471" },
    { "TEL:02%201668%202471", "0216682471" },
    { "callto:0216682471", "0216682471" },
    { "callto://0216682471", "0216682471" },
    { "callto://0216682471/", "0216682471" },
    { "sip:0101@127.0.0.1;user=phone", "0101" },
    { "sips:0102@pbx.invalid", "0102" },
    { "sip:0103", "0103" },
    { "tel:", NULL },
    { "tel:abc", NULL },
    { "tel:%ZZ", NULL },
    { "tel:02%001668", NULL },
    { "tel:%0a0216682471", NULL },
    { "https://example.com/0216682471", NULL },
    { "mailto:0216682471@x", NULL },
    { "sip:@host", NULL },
    { "notauri", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *number = dipcc_call_uri_parse (cases[i].uri, &error);

      g_test_message ("%s -> %s (%s)", cases[i].uri, number, error ? error->message : "");
      g_assert_cmpstr (number, ==, cases[i].number);
      if (number == NULL)
        g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
    }
}

static void
record_dial (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_ptr_array_add (user_data, g_variant_dup_string (parameter, NULL));
}

static gboolean
has_n (gpointer data)
{
  return ((GPtrArray *) data)->len > 0;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

static void
test_open_link (void)
{
  g_autoptr(DipccApplication) app = dipcc_application_new ("io.github.dipcc.Companion.Test");
  g_autoptr(GPtrArray) dialled = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) link = g_file_new_for_uri ("tel:02-1668-2471");
  g_autoptr(GFile) bad = g_file_new_for_uri ("tel:call-me");
  AdwMessageDialog *dialog;
  GSettings *settings;
  GAction *dial;

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  settings = dipcc_settings_get_gsettings (
    dipcc_session_get_settings (dipcc_application_get_session (app)));
  dial = g_action_map_lookup_action (G_ACTION_MAP (app), "dial");
  g_assert_nonnull (dial);
  g_signal_connect (dial, "activate", G_CALLBACK (record_dial), dialled);

  /* no question asked */
  g_settings_set_boolean (settings, "confirm-dial-links", FALSE);
  g_application_open (G_APPLICATION (app), &link, 1, "");
  g_assert_true (dipcc_ui_test_wait (has_n, dialled, SIM_TIMEOUT));
  g_assert_cmpstr (dialled->pdata[0], ==, "0216682471");

  /* asked: nothing until Call */
  g_ptr_array_set_size (dialled, 0);
  g_settings_set_boolean (settings, "confirm-dial-links", TRUE);
  g_application_open (G_APPLICATION (app), &link, 1, "");
  g_assert_true (dipcc_ui_test_wait (dialog_shown, NULL, SIM_TIMEOUT));
  dialog = find_message_dialog ();
  g_test_message ("confirm: %s", adw_message_dialog_get_heading (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Call 02-1668-2471?");
  g_assert_cmpuint (dialled->len, ==, 0);
  dipcc_ui_test_save_screenshot (GTK_WIDGET (dialog), "popups-confirm-link");
  adw_message_dialog_response (dialog, "call");
  g_assert_true (dipcc_ui_test_wait (has_n, dialled, SIM_TIMEOUT));
  g_assert_cmpstr (dialled->pdata[0], ==, "0216682471");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* a bad link never dials */
  g_ptr_array_set_size (dialled, 0);
  g_application_open (G_APPLICATION (app), &bad, 1, "");
  dipcc_ui_test_spin (300);
  g_assert_cmpuint (dialled->len, ==, 0);
  g_assert_null (find_message_dialog ());

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dipcc_ui_test_spin (100);
}

static void
test_background (void)
{
  g_autoptr(DipccApplication) app = dipcc_application_new ("io.github.dipcc.Companion.Test2");
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GSettings *settings;

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  settings = dipcc_settings_get_gsettings (
    dipcc_session_get_settings (dipcc_application_get_session (app)));
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));

  g_application_activate (G_APPLICATION (app));
  window = dipcc_application_get_main_window (app);
  g_assert_nonnull (window);
  g_assert_true (gtk_window_get_hide_on_close (window));

  /* closing hides: the window and the app stay */
  gtk_window_close (window);
  dipcc_ui_test_spin (200);
  g_assert_true (dipcc_application_get_main_window (app) == window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* opening again shows the same window */
  g_application_activate (G_APPLICATION (app));
  g_assert_true (dipcc_application_get_main_window (app) == window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_false (gtk_window_get_hide_on_close (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dipcc_ui_test_spin (100);
  g_assert_null (dipcc_application_get_main_window (app));
}

int
main (int   argc,
      char *argv[])
{
  dipcc_ui_test_init (&argc, &argv);
  dipcc_fake_notifications_start ();

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/popups/answered", test_answered);
  ADD ("/popups/hostile-name", test_hostile_name);
  ADD ("/popups/missed", test_missed);
  ADD ("/popups/history", test_history);
  ADD ("/popups/resync", test_resync);
  ADD ("/popups/missed-while-disconnected", test_missed_while_disconnected);
  ADD ("/popups/off", test_popup_off);
  ADD ("/popups/answered-elsewhere", test_answered_elsewhere);
  ADD ("/popups/ringing-me-off", test_ringing_me_off);
  ADD ("/popups/storm", test_storm);
  ADD ("/popups/screen-pop", test_screen_pop);
#undef ADD
  g_test_add_func ("/popups/parse-uri", test_parse_uri);
  g_test_add_func ("/popups/open-link", test_open_link);
  g_test_add_func ("/popups/background", test_background);

  return g_test_run ();
}
