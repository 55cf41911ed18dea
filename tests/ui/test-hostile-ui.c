/* test-hostile-ui.c: the hostile caller names of tests/data/hostile/ as
 * contact names on the Contacts page: every label that shows one is valid
 * UTF-8, plain text (never markup), free of control, bidi-override and
 * zero-width characters, and bounded in length
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-test-utils.h"
#include "dipcc-ui-test-utils.h"
#include "dipcc-window.h"

/* A contact's name in a row is cut well before this many characters */
#define MAX_SHOWN_CHARS 300

static gboolean
forbidden (gunichar c)
{
  if (c < 0x20 || (c >= 0x7f && c < 0xa0))
    return TRUE;
  if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
    return TRUE;   /* bidi embeddings, overrides and isolates */
  return c == 0x200b || c == 0x200c || c == 0x200d || c == 0x2060 || c == 0xfeff;
}

static void
check_labels (GtkWidget *root,
              guint     *n_checked)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_LABEL (w))
        {
          const char *text = gtk_label_get_text (GTK_LABEL (w));

          if (gtk_label_get_use_markup (GTK_LABEL (w)))
            g_error ("label “%s” in %s uses markup", text,
                     G_OBJECT_TYPE_NAME (gtk_widget_get_parent (w)));
          g_assert_true (g_utf8_validate (text, -1, NULL));
          g_assert_cmpint (g_utf8_strlen (text, -1), <=, MAX_SHOWN_CHARS);
          for (const char *p = text; *p; p = g_utf8_next_char (p))
            if (forbidden (g_utf8_get_char (p)))
              g_error ("label “%s” shows U+%04X", text, g_utf8_get_char (p));
          (*n_checked)++;
        }
      check_labels (w, n_checked);
    }
}

static gboolean
list_has_rows (gpointer data)
{
  GtkWidget *list = dipcc_ui_test_find (data, GTK_TYPE_LIST_VIEW, NULL);

  return list != NULL && gtk_widget_get_first_child (list) != NULL;
}

static void
test_names_in_rows (void)
{
  g_autoptr(GPtrArray) names = dipcc_test_hostile_load ("names");
  g_autoptr(DipccSettings) settings = dipcc_settings_new ();
  AdwApplication *app = g_object_new (ADW_TYPE_APPLICATION,
                                      "application-id", "io.github.dipcc.Companion.Test",
                                      "flags", G_APPLICATION_NON_UNIQUE,
                                      "resource-base-path", "/io/github/dipcc/Companion",
                                      NULL);
  DipccSession *session;
  DipccWindow *window;
  DipccContactStore *store;
  GtkWidget *search;
  guint n_checked = 0;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  session = dipcc_session_new (settings, NULL, NULL);
  window = dipcc_window_new (app, session);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  dipcc_window_show_page (window, "contacts");
  store = dipcc_session_get_contacts (session);
  search = dipcc_ui_test_find (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (search);

  for (guint i = 0; i < names->len; i++)
    {
      GBytes *bytes = g_ptr_array_index (names, i);
      g_autoptr(DipccContact) contact = dipcc_contact_new ();
      g_autofree char *number = g_strdup_printf ("0107%07u", i);

      dipcc_contact_set_name (contact, g_bytes_get_data (bytes, NULL));
      dipcc_contact_set_organization (contact, g_bytes_get_data (bytes, NULL));
      g_assert_true (dipcc_contact_add_number (contact, number, "cell", TRUE));
      dipcc_contact_store_add (store, contact);

      /* only this contact's row on screen */
      gtk_editable_set_text (GTK_EDITABLE (search), number);
      g_assert_true (dipcc_ui_test_wait (list_has_rows, window, 5000));
      dipcc_ui_test_wait_for_draw (GTK_WIDGET (window));
      check_labels (dipcc_ui_test_find (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW, NULL),
                    &n_checked);
    }
  g_test_message ("%u labels checked for %u names", n_checked, names->len);
  g_assert_cmpuint (n_checked, >, names->len);
  g_free (dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "hostile-contact"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (session);
  g_object_unref (app);
}

int
main (int   argc,
      char *argv[])
{
  dipcc_ui_test_init (&argc, &argv);
  g_test_add_func ("/hostile-ui/names-in-rows", test_names_in_rows);
  return g_test_run ();
}
