/* test-dial-pad.c: the Dial pad under Xvfb: typed and pasted numbers lose
 * their separators, the grouped number shows under the entry, letters are
 * explained and block the Call button, the keys append, and Enter
 * activates app.dial with the number
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-dial-pad.h"
#include "dipcc-ui-test-utils.h"
#include "dipcc-window.h"

static AdwApplication *app;
static GPtrArray *dialed;

static void
dial_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_ptr_array_add (dialed, g_variant_dup_string (parameter, NULL));
}

typedef struct {
  Sim          *sim;
  DipccSession *session;
  DipccWindow  *window;
  DipccDialPad *pad;
  GtkEditable  *entry;
  GtkWidget    *call;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->sim = sim_start (NULL, NULL);
  f->session = dipcc_ui_test_session_new (f->sim, "0101");
  f->window = dipcc_window_new (app, f->session);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 640);
  gtk_window_present (GTK_WINDOW (f->window));
  dipcc_window_show_page (f->window, "dial-pad");
  f->pad = DIPCC_DIAL_PAD (dipcc_ui_test_find (GTK_WIDGET (f->window), DIPCC_TYPE_DIAL_PAD, NULL));
  g_assert_nonnull (f->pad);
  f->entry = GTK_EDITABLE (dipcc_ui_test_find (GTK_WIDGET (f->pad), GTK_TYPE_ENTRY, NULL));
  g_assert_nonnull (f->entry);
  /* the Call button is the one labelled so */
  f->call = gtk_widget_get_ancestor (dipcc_ui_test_find (GTK_WIDGET (f->pad),
                                                         ADW_TYPE_BUTTON_CONTENT, "_Call"),
                                     GTK_TYPE_BUTTON);
  g_assert_nonnull (f->call);
  g_ptr_array_set_size (dialed, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  dipcc_session_stop (f->session);
  g_object_unref (f->session);
  sim_stop (f->sim);
}

/* Types @text one character at a time at the end, as a keyboard would. */
static void
type_text (GtkEditable *entry,
           const char  *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      int position = g_utf8_strlen (gtk_editable_get_text (entry), -1);

      gtk_editable_insert_text (entry, p, (int) (g_utf8_next_char (p) - p), &position);
    }
}

static const char *
caption (Fixture *f,
         const char *expected)
{
  GtkWidget *label = dipcc_ui_test_find (GTK_WIDGET (f->pad), GTK_TYPE_LABEL, expected);

  return label && gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static gboolean
entry_is (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (gtk_editable_get_text (pair[0]), pair[1]) == 0;
}

static void
test_normalize (Fixture       *f,
                gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->entry));
  gpointer pasted[2] = { f->entry, (gpointer) "+821012345678" };

  /* typed */
  type_text (f->entry, "010-1234-5678");
  g_assert_cmpstr (gtk_editable_get_text (f->entry), ==, "01012345678");
  g_assert_cmpstr (dipcc_dial_pad_get_number (f->pad), ==, "01012345678");
  g_assert_cmpstr (caption (f, "010-1234-5678"), ==, "010-1234-5678");
  g_assert_true (gtk_widget_get_sensitive (f->call));

  /* set at once */
  gtk_editable_set_text (f->entry, "+82 10 1234 5678");
  g_assert_cmpstr (gtk_editable_get_text (f->entry), ==, "+821012345678");
  g_assert_cmpstr (dipcc_dial_pad_get_number (f->pad), ==, "+821012345678");
  g_assert_cmpstr (caption (f, "010-1234-5678"), ==, "010-1234-5678");

  /* pasted through the clipboard */
  gtk_editable_set_text (f->entry, "");
  gtk_widget_grab_focus (GTK_WIDGET (f->entry));
  gdk_clipboard_set_text (clipboard, "+82 10 1234 5678");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gtk_editable_get_delegate (f->entry)),
                                             "clipboard.paste", NULL));
  g_assert_true (dipcc_ui_test_wait (entry_is, pasted, SIM_TIMEOUT));

  dipcc_ui_test_spin (200);
  g_free (dipcc_ui_test_save_screenshot (GTK_WIDGET (f->window), "dial-pad"));
}

static void
test_invalid (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *error;

  g_assert_false (gtk_widget_get_sensitive (f->call));   /* empty */
  type_text (f->entry, "abc");
  g_assert_cmpstr (gtk_editable_get_text (f->entry), ==, "abc");
  g_assert_null (dipcc_dial_pad_get_number (f->pad));
  g_assert_false (gtk_widget_get_sensitive (f->call));
  error = dipcc_ui_test_find (GTK_WIDGET (f->pad), GTK_TYPE_LABEL,
                              "“abc” is not a phone number: use digits, *, # "
                              "and an optional leading +");
  g_assert_nonnull (error);
  g_assert_true (gtk_widget_get_visible (error));

  /* Enter on an invalid number dials nothing */
  g_signal_emit_by_name (f->entry, "activate");
  g_assert_cmpuint (dialed->len, ==, 0);

  dipcc_ui_test_spin (200);
  g_free (dipcc_ui_test_save_screenshot (GTK_WIDGET (f->window), "dial-pad-error"));

  /* too long: nothing cut off silently, the reason is given */
  gtk_editable_set_text (f->entry, "0101234567801012345678010123456780");
  g_assert_cmpstr (gtk_editable_get_text (f->entry), ==, "0101234567801012345678010123456780");
  g_assert_null (dipcc_dial_pad_get_number (f->pad));
  g_assert_false (gtk_widget_get_sensitive (f->call));

  gtk_editable_set_text (f->entry, "");
  g_assert_false (gtk_widget_get_visible (error));
  g_assert_false (gtk_widget_get_sensitive (f->call));
}

static void
test_keys_and_call (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const digits[] = { "0", "1", "0", "1", "2", "3", "4", "5", "6", "7", "8" };

  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    {
      GtkWidget *key = gtk_widget_get_ancestor (dipcc_ui_test_find (GTK_WIDGET (f->pad),
                                                                    GTK_TYPE_LABEL, digits[i]),
                                                GTK_TYPE_BUTTON);

      g_assert_nonnull (key);
      g_signal_emit_by_name (key, "clicked");
    }
  g_assert_cmpstr (gtk_editable_get_text (f->entry), ==, "01012345678");

  /* Enter dials the normalized number through app.dial */
  g_signal_emit_by_name (f->entry, "activate");
  g_assert_cmpuint (dialed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (dialed, 0), ==, "01012345678");

  /* and so does the Call button */
  g_signal_emit_by_name (f->call, "clicked");
  g_assert_cmpuint (dialed->len, ==, 2);

  /* the backspace takes the last digit */
  g_signal_emit_by_name (dipcc_ui_test_find (GTK_WIDGET (f->pad), GTK_TYPE_BUTTON, NULL),
                         "clicked");
  g_assert_cmpstr (gtk_editable_get_text (f->entry), ==, "0101234567");

  /* the window's Ctrl+D puts the focus in the entry */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.dial-pad", NULL));
  dipcc_ui_test_spin (100);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (f->entry)));
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
  dialed = g_ptr_array_new_with_free_func (g_free);
  app = g_object_new (ADW_TYPE_APPLICATION,
                      "application-id", "io.github.dipcc.Companion.Test",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      /* the app's style.css, as in the real application */
                      "resource-base-path", "/io/github/dipcc/Companion",
                      NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add ("/dial-pad/normalize", Fixture, NULL, fixture_set_up, test_normalize,
              fixture_tear_down);
  g_test_add ("/dial-pad/invalid", Fixture, NULL, fixture_set_up, test_invalid,
              fixture_tear_down);
  g_test_add ("/dial-pad/keys-and-call", Fixture, NULL, fixture_set_up, test_keys_and_call,
              fixture_tear_down);
  ret = g_test_run ();
  g_ptr_array_unref (dialed);
  g_object_unref (app);
  return ret;
}
