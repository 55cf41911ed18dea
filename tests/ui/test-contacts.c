/* test-contacts.c: the contacts page under Xvfb: the search filters by
 * name, organisation and number, the empty and no-result states show,
 * the editor refuses a bad number, and a row's call button places a
 * click-to-call that the simulator's CDR records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dipcc-contact-editor.h"
#include "dipcc-contacts-page.h"
#include "dipcc-ui-test-utils.h"
#include "dipcc-window.h"

static AdwApplication *app;

typedef struct {
  const char *name;
  const char *organization;
  const char *numbers[2];
  const char *labels[2];
} Sample;

static const Sample samples[] = {
  { "김민수", "한빛상사", { "010-1234-5678", "02-555-0101" }, { "cell", "work" } },
  { "Jane Park", "Lee & Associates", { "010-9876-5432", NULL }, { "cell", NULL } },
  { "홍길동", "활빈당", { "02-1668-2471", NULL }, { "work", NULL } },
  { "John Smith", "Acme Korea", { "031-777-1234", "010-4444-2020" }, { "main", "cell" } },
  { "이영희", "한빛상사", { "010-2222-3333", NULL }, { "home", NULL } },
  { "박지성", "Parkview Clinic", { "010-5555-1668", NULL }, { "work", NULL } },
};

static void
on_dial (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (DIPCC_IS_WINDOW (window));
  dipcc_window_dial (DIPCC_WINDOW (window), g_variant_get_string (parameter, NULL));
}

static DipccWindow *
window_new (DipccSession *session)
{
  DipccWindow *window = dipcc_window_new (app, session);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  dipcc_window_show_page (window, "contacts");
  return window;
}

static gboolean
status_is (gpointer data)
{
  gpointer *pair = data;

  return g_str_has_prefix (dipcc_window_get_status_text (pair[0]) ?: "", pair[1]);
}

/* each test starts with no address book on disk (an earlier one saved) */
static void
forget_contacts_file (void)
{
  g_autoptr(GFile) file = dipcc_contact_store_get_default_file ();

  g_file_delete (file, NULL, NULL);
}

static void
add_samples (DipccContactStore *store)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(DipccContact) contact = dipcc_contact_new ();

      dipcc_contact_set_name (contact, samples[i].name);
      dipcc_contact_set_organization (contact, samples[i].organization);
      for (guint j = 0; j < G_N_ELEMENTS (samples[i].numbers) && samples[i].numbers[j]; j++)
        g_assert_true (dipcc_contact_add_number (contact, samples[i].numbers[j],
                                                 samples[i].labels[j], j == 0));
      dipcc_contact_store_add (store, contact);
    }
}

typedef struct {
  GtkListView *list;
  guint        count;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (wait->list));

  return g_list_model_get_n_items (model) == wait->count;
}

static void
search_and_expect (GtkWidget   *entry,
                   GtkListView *list,
                   const char  *text,
                   guint        count)
{
  CountWait wait = { list, count };

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* search-changed comes after the entry's delay */
  if (!dipcc_ui_test_wait (count_is, &wait, SIM_TIMEOUT))
    g_error ("search “%s”: %u contacts shown, expected %u", text,
             g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), count);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* the first button under @root whose action is app.dial with @number */
static GtkWidget *
find_call_button (GtkWidget  *root,
                  const char *number)
{
  if (GTK_IS_BUTTON (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), "app.dial") == 0)
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root));

      if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), number) == 0)
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_call_button (child, number);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* the row button with @action whose accessible label names @name */
static GtkWidget *
find_row_button (GtkWidget  *root,
                 const char *action,
                 const char *name)
{
  if (GTK_IS_BUTTON (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    {
      GtkWidget *row = gtk_widget_get_ancestor (root, g_type_from_name ("DipccContactRow"));
      GtkWidget *label = row ? dipcc_ui_test_find (row, GTK_TYPE_LABEL, name) : NULL;

      if (label != NULL)
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_button (child, action, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static DipccContactEditor *
find_editor (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (DIPCC_IS_CONTACT_EDITOR (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
editor_shown (gpointer data)
{
  return find_editor () != NULL;
}

typedef struct {
  Sim        *sim;
  const char *number;
} CdrWait;

static gboolean
cdr_has_call (gpointer data)
{
  CdrWait *wait = data;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v2/cdr?search=%s&search_fields=destination",
                                           wait->number);
  JsonNode *node;
  JsonArray *rows;

  if (sim_rest (wait->sim, "GET", path, NULL, NULL, 0, TRUE, &root) != 200 || root == NULL)
    return FALSE;
  node = json_object_get_member (json_node_get_object (root), "data");
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    rows = json_node_get_array (node);
  else
    rows = json_object_get_array_member (json_node_get_object (node), "rows");
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *destination = json_object_get_string_member_with_default (row, "destination",
                                                                            NULL);

      if (g_strcmp0 (destination, wait->number) == 0)
        return TRUE;
    }
  sim_spin (100);
  return FALSE;
}

static void
test_search_and_call (void)
{
  Sim *sim = sim_start ("--demo", NULL);
  DipccSession *session;
  DipccContactStore *store;
  DipccWindow *window;
  GtkWidget *page, *entry, *list, *button;
  gpointer connected[2];
  CdrWait cdr = { sim, NULL };
  g_autofree char *path = NULL;
  g_autofree char *narrow = NULL;
  DipccContactEditor *editor;
  GtkWidget *name_row;
  g_autoptr(DipccContact) first = NULL;
  g_autoptr(DipccContact) last = NULL;

  forget_contacts_file ();
  session = dipcc_ui_test_session_new (sim, "0101");
  store = dipcc_session_get_contacts (session);
  add_samples (store);
  window = window_new (session);
  connected[0] = window;
  connected[1] = (gpointer) "Connected";
  g_assert_true (dipcc_ui_test_wait (status_is, connected, SIM_TIMEOUT));

  page = dipcc_ui_test_find (GTK_WIDGET (window), DIPCC_TYPE_CONTACTS_PAGE, NULL);
  g_assert_nonnull (page);
  entry = dipcc_ui_test_find (page, GTK_TYPE_SEARCH_ENTRY, NULL);
  list = dipcc_ui_test_find (page, GTK_TYPE_LIST_VIEW, NULL);
  g_assert_nonnull (entry);
  g_assert_nonnull (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
                      GTK_LIST_VIEW (list)))), ==, G_N_ELEMENTS (samples));

  /* Ctrl+F lands in the entry */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (gtk_widget_has_focus (entry) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));

  /* by number digits, by name, by organisation (case-folded) */
  search_and_expect (entry, GTK_LIST_VIEW (list), "1668", 2);
  search_and_expect (entry, GTK_LIST_VIEW (list), "홍", 1);
  search_and_expect (entry, GTK_LIST_VIEW (list), "park", 2);
  search_and_expect (entry, GTK_LIST_VIEW (list), "한빛", 2);
  search_and_expect (entry, GTK_LIST_VIEW (list), "01012345678", 1);
  search_and_expect (entry, GTK_LIST_VIEW (list), "zzz", 0);
  g_assert_true (dipcc_ui_test_wait (is_mapped,
                                     dipcc_ui_test_find (page, ADW_TYPE_STATUS_PAGE,
                                                         "No Results"),
                                     SIM_TIMEOUT));
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "contacts-no-results");
  search_and_expect (entry, GTK_LIST_VIEW (list), "", G_N_ELEMENTS (samples));

  dipcc_ui_test_spin (300);
  g_free (path);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "contacts");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  dipcc_ui_test_spin (500);
  narrow = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "contacts-narrow");
  g_assert_true (g_file_test (narrow, G_FILE_TEST_EXISTS));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  dipcc_ui_test_spin (300);

  /* a row's edit button opens the editor on that contact; a change re-sorts */
  button = find_row_button (list, "contacts.edit", "Jane Park");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
  /* a keyboard activation clicks after a short press animation */
  g_assert_true (dipcc_ui_test_wait (editor_shown, NULL, SIM_TIMEOUT));
  editor = find_editor ();
  name_row = dipcc_ui_test_find (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Jane Park");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Zoe Park");
  g_assert_true (dipcc_contact_editor_save (editor));
  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  last = g_list_model_get_item (G_LIST_MODEL (store), G_N_ELEMENTS (samples) - 1);
  g_assert_cmpstr (dipcc_contact_get_name (first), ==, "John Smith");
  g_assert_cmpstr (dipcc_contact_get_name (last), !=, "Jane Park");
  g_assert_nonnull (dipcc_contact_store_lookup_number (store, "01098765432"));
  g_assert_cmpstr (dipcc_contact_get_name (dipcc_contact_store_lookup_number (store,
                                                                            "01098765432")),
                   ==, "Zoe Park");
  dipcc_ui_test_spin (200);
  g_assert_nonnull (find_row_button (list, "contacts.edit", "Zoe Park"));
  g_assert_null (find_row_button (list, "contacts.edit", "Jane Park"));

  /* Escape in the search clears it */
  gtk_editable_set_text (GTK_EDITABLE (entry), "홍");
  search_and_expect (entry, GTK_LIST_VIEW (list), "홍", 1);
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  search_and_expect (entry, GTK_LIST_VIEW (list), "", G_N_ELEMENTS (samples));

  /* click-to-call from the first number of 김민수 */
  button = find_call_button (list, "01012345678");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Call 010-1234-5678");
  cdr.number = "01012345678";
  g_assert_false (cdr_has_call (&cdr));
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (dipcc_ui_test_wait (cdr_has_call, &cdr, SIM_TIMEOUT));

  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

static const char import_vcf[] =
  "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:홍길동\r\nORG:활빈당\r\n"
  "TEL;TYPE=WORK:02-1668-2471\r\nEND:VCARD\r\n"
  "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Smith\r\nTEL;TYPE=CELL:010-4444-2020\r\n"
  "END:VCARD\r\n"
  "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n";

static gboolean
label_shown (gpointer data)
{
  gpointer *pair = data;
  GtkWidget *label = dipcc_ui_test_find (pair[0], GTK_TYPE_LABEL, pair[1]);

  return label != NULL && gtk_widget_get_mapped (label);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static void
test_empty_and_editor (void)
{
  Sim *sim = sim_start (NULL, NULL);
  DipccSession *session;
  DipccContactStore *store;
  DipccWindow *window;
  GtkWidget *status, *page;
  DipccContactEditor *editor;
  GtkWidget *number_row;
  g_autofree char *path = NULL;
  g_autoptr(DipccContact) added = NULL;
  g_autoptr(GFile) vcf = NULL;
  g_autoptr(GError) error = NULL;
  gpointer toast[2];
  AdwMessageDialog *dialog;

  forget_contacts_file ();
  session = dipcc_ui_test_session_new (sim, "0101");
  store = dipcc_session_get_contacts (session);
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) > 0)
    {
      g_autoptr(DipccContact) contact = g_list_model_get_item (G_LIST_MODEL (store), 0);

      g_assert_true (dipcc_contact_store_remove (store, contact));
    }
  window = window_new (session);
  page = dipcc_ui_test_find (GTK_WIDGET (window), DIPCC_TYPE_CONTACTS_PAGE, NULL);
  status = dipcc_ui_test_find (page, ADW_TYPE_STATUS_PAGE, "No Contacts");
  g_assert_nonnull (status);
  g_assert_true (dipcc_ui_test_wait (is_mapped, status, SIM_TIMEOUT));
  g_assert_nonnull (dipcc_ui_test_find (status, GTK_TYPE_BUTTON, "_Import…"));
  g_assert_nonnull (dipcc_ui_test_find (status, GTK_TYPE_BUTTON, "_Add Contact"));
  dipcc_ui_test_spin (300);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "contacts-empty");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* the editor points at a bad number and saves nothing */
  editor = dipcc_contact_editor_new (GTK_WINDOW (window), session, NULL);
  gtk_window_present (GTK_WINDOW (editor));
  dipcc_ui_test_find (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, NULL);
  gtk_editable_set_text (GTK_EDITABLE (dipcc_ui_test_find (GTK_WIDGET (editor),
                                                           ADW_TYPE_ENTRY_ROW, NULL)),
                         "Jane Park");
  number_row = dipcc_ui_test_find (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Phone Number");
  g_assert_nonnull (number_row);
  gtk_editable_set_text (GTK_EDITABLE (number_row), "call me");
  g_assert_false (dipcc_contact_editor_save (editor));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_true (gtk_widget_has_css_class (number_row, "error"));
  dipcc_ui_test_spin (300);
  g_free (path);
  path = dipcc_ui_test_save_screenshot (GTK_WIDGET (editor), "contacts-editor-error");

  gtk_editable_set_text (GTK_EDITABLE (number_row), "010-9876-5432");
  g_assert_true (dipcc_contact_editor_save (editor));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  added = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (dipcc_contact_get_name (added), ==, "Jane Park");
  g_assert_nonnull (dipcc_contact_store_lookup_number (store, "01098765432"));
  g_assert_true (dipcc_ui_test_wait (is_mapped,
                                     dipcc_ui_test_find (page, GTK_TYPE_LIST_VIEW, NULL),
                                     SIM_TIMEOUT));

  /* import: two cards and an empty one, said in a toast */
  vcf = g_file_new_build_filename (g_get_user_data_dir (), "import-test.vcf", NULL);
  g_assert_true (g_file_replace_contents (vcf, import_vcf, strlen (import_vcf), NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);
  dipcc_contacts_page_import (DIPCC_CONTACTS_PAGE (page), vcf);
  toast[0] = window;
  toast[1] = (gpointer) "Imported 2 contacts, skipped 1";
  g_assert_true (dipcc_ui_test_wait (label_shown, toast, SIM_TIMEOUT));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_nonnull (dipcc_contact_store_lookup_number (store, "0216682471"));

  /* delete asks first */
  g_assert_true (gtk_widget_activate_action (page, "contacts.delete", "s",
                                             dipcc_contact_get_uid (added)));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “Jane Park”?");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_true (gtk_widget_activate_action (page, "contacts.delete", "s",
                                             dipcc_contact_get_uid (added)));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_null (dipcc_contact_store_lookup_number (store, "01098765432"));

  g_file_delete (vcf, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

static gboolean
revealed (gpointer data)
{
  return gtk_revealer_get_reveal_child (data);
}

static void
test_contacts_error (void)
{
  g_autoptr(GFile) file = dipcc_contact_store_get_default_file ();
  g_autofree char *path = g_file_get_path (file);
  DipccSession *session;
  DipccWindow *window;
  GtkWidget *page, *revealer, *label;
  Sim *sim = sim_start (NULL, NULL);

  /* an address book the app cannot read: a directory in its place */
  g_file_delete (file, NULL, NULL);
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  session = dipcc_ui_test_session_new (sim, "0101");
  window = window_new (session);
  page = dipcc_ui_test_find (GTK_WIDGET (window), DIPCC_TYPE_CONTACTS_PAGE, NULL);
  revealer = dipcc_ui_test_find (page, GTK_TYPE_REVEALER, NULL);
  g_assert_nonnull (revealer);
  g_assert_true (dipcc_ui_test_wait (revealed, revealer, SIM_TIMEOUT));
  label = dipcc_ui_test_find (revealer, GTK_TYPE_LABEL, NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                   dipcc_session_get_contacts_error (session));
  dipcc_ui_test_spin (500);
  g_free (dipcc_ui_test_save_screenshot (GTK_WIDGET (window), "contacts-error"));

  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
  g_assert_cmpint (g_rmdir (path), ==, 0);
  sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  static const GActionEntry actions[] = {
    { .name = "dial", .activate = on_dial, .parameter_type = "s" },
  };
  int ret;

  dipcc_ui_test_init (&argc, &argv);
  app = g_object_new (ADW_TYPE_APPLICATION,
                      "application-id", "io.github.dipcc.Companion.Test",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      /* the app's style.css, as the real application loads it */
                      "resource-base-path", "/io/github/dipcc/Companion",
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), NULL);

  g_test_add_func ("/contacts/search-and-call", test_search_and_call);
  g_test_add_func ("/contacts/empty-and-editor", test_empty_and_editor);
  g_test_add_func ("/contacts/contacts-error", test_contacts_error);
  ret = g_test_run ();
  g_object_unref (app);
  return ret;
}
