/* dipcc-contacts-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The address book: a search entry over the session's contact store,
 * filtered per keystroke by the core's DipccContactFilter. Every number
 * has its own call button (app.dial); adding, editing, deleting, import
 * and export go through the store and are written with
 * dipcc_session_save_contacts(). The page works without a session and
 * follows a session set later.
 */
#define G_LOG_DOMAIN "dipcc-contacts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dipcc-contact-editor.h"
#include "dipcc-contact-filter.h"
#include "dipcc-contact-row.h"
#include "dipcc-contacts-page.h"
#include "dipcc-text.h"
#include "dipcc-window.h"

struct _DipccContactsPage
{
  AdwBin              parent_instance;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
  GtkStack           *stack;
  GtkListView        *list_view;

  DipccSession       *session;
  DipccContactStore  *store;
  DipccContactFilter *filtered;  /* NULL without a session */
  GtkNoSelection     *selection;
  GtkNativeDialog    *chooser;
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (DipccContactsPage, dipcc_contacts_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
add_toast (DipccContactsPage *self,
           const char        *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DIPCC_TYPE_WINDOW);
  AdwToast *toast;

  if (window == NULL)
    {
      g_message ("%s", text);
      return;
    }
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  dipcc_window_add_toast (DIPCC_WINDOW (window), toast);
}

static GtkWindow *
parent_window (DipccContactsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
update_view (DipccContactsPage *self)
{
  guint n_all = self->store ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;
  guint n_shown = self->filtered ? g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) : 0;
  const char *page;

  if (n_all == 0)
    page = "empty";
  else if (n_shown == 0)
    page = "no-results";
  else
    page = "list";
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.export", n_all > 0);
}

static void
update_contacts_error (DipccContactsPage *self)
{
  const char *message = self->session ? dipcc_session_get_contacts_error (self->session) : NULL;

  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
on_contacts_error_changed (DipccContactsPage *self)
{
  update_contacts_error (self);
}

static void
on_filtered_items_changed (DipccContactsPage *self)
{
  update_view (self);
}

static void
on_search_changed (DipccContactsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  /* the core's filter searches one prepared block of text: a keystroke
   * over 100 000 contacts takes a few milliseconds */
  if (self->filtered != NULL)
    dipcc_contact_filter_set_query (self->filtered, stripped);
  update_view (self);
}

static void
on_stop_search (DipccContactsPage *self)
{
  /* Escape: back to the whole list */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_setup_item (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, dipcc_contact_row_new ());
}

static void
on_bind_item (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  dipcc_contact_row_set_contact (DIPCC_CONTACT_ROW (gtk_list_item_get_child (item)),
                                 gtk_list_item_get_item (item));
}

static void
on_unbind_item (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  dipcc_contact_row_set_contact (DIPCC_CONTACT_ROW (gtk_list_item_get_child (item)), NULL);
}

static DipccContact *
find_contact (DipccContactsPage *self,
              const char        *uid)
{
  guint n = self->store ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DipccContact) contact = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (g_strcmp0 (dipcc_contact_get_uid (contact), uid) == 0)
        return contact;   /* the store keeps it alive */
    }
  return NULL;
}

/* --- add, edit, delete ------------------------------------------------------ */

static void
open_editor (DipccContactsPage *self,
             DipccContact      *contact)
{
  DipccContactEditor *editor;

  if (self->session == NULL)
    return;
  editor = dipcc_contact_editor_new (parent_window (self), self->session, contact);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (DIPCC_CONTACTS_PAGE (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DipccContactsPage *self = DIPCC_CONTACTS_PAGE (widget);
  DipccContact *contact = find_contact (self, g_variant_get_string (parameter, NULL));

  if (contact != NULL)
    open_editor (self, contact);
}

static void
on_delete_response (AdwMessageDialog  *dialog,
                    const char        *response,
                    DipccContactsPage *self)
{
  DipccContact *contact = g_object_get_data (G_OBJECT (dialog), "contact");

  if (g_strcmp0 (response, "delete") != 0 || self->store == NULL)
    return;
  if (dipcc_contact_store_remove (self->store, contact))
    dipcc_session_save_contacts (self->session);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DipccContactsPage *self = DIPCC_CONTACTS_PAGE (widget);
  DipccContact *contact = find_contact (self, g_variant_get_string (parameter, NULL));
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (contact == NULL)
    return;
  name = dipcc_text_sanitize_display (dipcc_contact_get_display_name (contact), -1, 80);
  /* Translators: %s is the contact's name */
  heading = g_strdup_printf (_("Delete “%s”?"), name);
  dialog = adw_message_dialog_new (parent_window (self), heading,
                                   _("The contact and its numbers are removed from this "
                                     "computer's address book."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "contact", g_object_ref (contact), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- import and export ------------------------------------------------------ */

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  guint n_added = 0;
  guint n_skipped = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  DipccContactsPage *self;

  if (!dipcc_contact_store_import_finish (DIPCC_CONTACT_STORE (source), result,
                                          &n_added, &n_skipped, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the page is gone */

  self = DIPCC_CONTACTS_PAGE (user_data);
  if (error != NULL)
    {
      add_toast (self, error->message);
      return;
    }
  /* Translators: the first %u is how many contacts were added, the second how many were not */
  text = g_strdup_printf (ngettext ("Imported %u contact, skipped %u",
                                    "Imported %u contacts, skipped %u", n_added),
                          n_added, n_skipped);
  add_toast (self, text);
  if (n_added > 0 && self->session != NULL)
    dipcc_session_save_contacts (self->session);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  DipccContactsPage *self;

  if (!dipcc_contact_store_export_finish (DIPCC_CONTACT_STORE (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = DIPCC_CONTACTS_PAGE (user_data);
  add_toast (self, error ? error->message : _("Contacts exported"));
}

static void
on_chooser_response (GtkNativeDialog   *chooser,
                     int                response,
                     DipccContactsPage *self)
{
  g_autoptr(GFile) file = NULL;
  gboolean import = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "import"));

  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && import)
    dipcc_contacts_page_import (self, file);
  else if (file != NULL)
    dipcc_contact_store_export_async (self->store, file, self->cancellable, export_done, self);
  g_clear_object (&self->chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime_type)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
run_chooser (DipccContactsPage *self,
             gboolean           import)
{
  GtkFileChooserNative *chooser;

  if (self->store == NULL || self->chooser != NULL)
    return;
  if (import)
    {
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      chooser = gtk_file_chooser_native_new (_("Import Contacts"), parent_window (self),
                                             GTK_FILE_CHOOSER_ACTION_OPEN,
                                             _("_Import"), _("_Cancel"));
      gtk_file_filter_set_name (all, _("vCard or CSV Files"));
      gtk_file_filter_add_pattern (all, "*.vcf");
      gtk_file_filter_add_pattern (all, "*.csv");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
      add_filter (GTK_FILE_CHOOSER (chooser), _("vCard Files"), "*.vcf", "text/vcard");
      add_filter (GTK_FILE_CHOOSER (chooser), _("CSV Files"), "*.csv", "text/csv");
    }
  else
    {
      chooser = gtk_file_chooser_native_new (_("Export Contacts"), parent_window (self),
                                             GTK_FILE_CHOOSER_ACTION_SAVE,
                                             _("_Export"), _("_Cancel"));
      add_filter (GTK_FILE_CHOOSER (chooser), _("vCard Files"), "*.vcf", "text/vcard");
      /* Translators: the suggested file name for exported contacts */
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("contacts.vcf"));
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "import", GINT_TO_POINTER (import));
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  run_chooser (DIPCC_CONTACTS_PAGE (widget), TRUE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  run_chooser (DIPCC_CONTACTS_PAGE (widget), FALSE);
}

/* --- session ---------------------------------------------------------------- */

static void
set_session (DipccContactsPage *self,
             DipccSession      *session)
{
  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  g_set_object (&self->store, (session ? dipcc_session_get_contacts (session) : NULL));
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  g_clear_object (&self->filtered);
  if (self->store != NULL)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (
                                            GTK_EDITABLE (self->search_entry))));

      self->filtered = dipcc_contact_filter_new (self->store);
      dipcc_contact_filter_set_query (self->filtered, text);
      g_signal_connect_swapped (self->filtered, "items-changed",
                                G_CALLBACK (on_filtered_items_changed), self);
    }
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->filtered));
  if (session != NULL)
    g_signal_connect_swapped (session, "notify::contacts-error",
                              G_CALLBACK (on_contacts_error_changed), self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.add", session != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.import", session != NULL);
  update_contacts_error (self);
  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
dipcc_contacts_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DipccContactsPage *self = DIPCC_CONTACTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_contacts_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DipccContactsPage *self = DIPCC_CONTACTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_contacts_page_dispose (GObject *object)
{
  DipccContactsPage *self = DIPCC_CONTACTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIPCC_TYPE_CONTACTS_PAGE);
  g_clear_object (&self->filtered);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dipcc_contacts_page_parent_class)->dispose (object);
}

static void
dipcc_contacts_page_finalize (GObject *object)
{
  DipccContactsPage *self = DIPCC_CONTACTS_PAGE (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (dipcc_contacts_page_parent_class)->finalize (object);
}

static void
dipcc_contacts_page_class_init (DipccContactsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dipcc_contacts_page_get_property;
  object_class->set_property = dipcc_contacts_page_set_property;
  object_class->dispose = dipcc_contacts_page_dispose;
  object_class->finalize = dipcc_contacts_page_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DIPCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/dipcc/Companion/dipcc-contacts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DipccContactsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DipccContactsPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DipccContactsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DipccContactsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DipccContactsPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_item);
  gtk_widget_class_bind_template_callback (widget_class, on_bind_item);
  gtk_widget_class_bind_template_callback (widget_class, on_unbind_item);

  gtk_widget_class_install_action (widget_class, "contacts.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "contacts.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "contacts.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "contacts.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "contacts.export", NULL, export_action);

  g_type_ensure (DIPCC_TYPE_CONTACT_ROW);
}

static void
dipcc_contacts_page_init (DipccContactsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.add", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.import", FALSE);
  update_view (self);
}

DipccSession *
dipcc_contacts_page_get_session (DipccContactsPage *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACTS_PAGE (self), NULL);
  return self->session;
}

/**
 * dipcc_contacts_page_focus_search:
 *
 * Puts the keyboard focus in the search entry (Ctrl+F), its text selected
 * so typing replaces the last search.
 */
void
dipcc_contacts_page_focus_search (DipccContactsPage *self)
{
  g_return_if_fail (DIPCC_IS_CONTACTS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/**
 * dipcc_contacts_page_import:
 * @file: a vCard or CSV file
 *
 * Adds the contacts of @file to the address book, saves it and says in a
 * toast how many were added and skipped (or why nothing was).
 */
void
dipcc_contacts_page_import (DipccContactsPage *self,
                            GFile             *file)
{
  g_return_if_fail (DIPCC_IS_CONTACTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store == NULL)
    return;
  dipcc_contact_store_import_async (self->store, file, self->cancellable, import_done, self);
}

/**
 * dipcc_contacts_page_show_number:
 * @self: the page
 * @number: a caller's number
 *
 * "Open contact" / "Add contact" from a pop-up: searches for @number, and
 * when nobody has it, opens a new contact with it filled in.
 */
void
dipcc_contacts_page_show_number (DipccContactsPage *self,
                                 const char        *number)
{
  DipccContact *known;

  g_return_if_fail (DIPCC_IS_CONTACTS_PAGE (self));
  g_return_if_fail (number != NULL);

  if (self->session == NULL)
    return;
  known = dipcc_contact_store_lookup_number (dipcc_session_get_contacts (self->session), number);
  if (known != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), number);
      return;
    }
  {
    DipccContactEditor *editor = dipcc_contact_editor_new (parent_window (self), self->session,
                                                           NULL);

    dipcc_contact_editor_set_number (editor, number);
    gtk_window_present (GTK_WINDOW (editor));
  }
}
