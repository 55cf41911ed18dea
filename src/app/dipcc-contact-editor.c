/* dipcc-contact-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Adds a contact or changes one. Numbers are checked with
 * dipcc_phone_number_normalize() and a bad one is pointed out under its
 * own field; nothing is saved until every field is right. The store is
 * changed and written only when the agent presses Save.
 */
#define G_LOG_DOMAIN "dipcc-contact-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "dipcc-contact-editor.h"
#include "dipcc-contact-row.h"
#include "dipcc-phone-number.h"

/* How many number fields the editor always offers */
#define MIN_NUMBER_FIELDS 3

/* The labels in the drop-downs, in order; a custom label comes last */
static const char * const known_labels[] = {
  DIPCC_CONTACT_LABEL_CELL,
  DIPCC_CONTACT_LABEL_WORK,
  DIPCC_CONTACT_LABEL_HOME,
  DIPCC_CONTACT_LABEL_MAIN,
  DIPCC_CONTACT_LABEL_FAX,
  DIPCC_CONTACT_LABEL_OTHER,
};

typedef struct {
  AdwEntryRow *row;
  GtkDropDown *dropdown;
  GtkLabel    *error;
  char        *custom_label;
  gboolean     preferred;
} NumberField;

struct _DipccContactEditor
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  AdwEntryRow    *name_row;
  AdwEntryRow    *organization_row;
  GtkLabel       *name_error;
  GtkBox         *numbers_box;
  AdwEntryRow    *email_row;
  AdwEntryRow    *note_row;

  DipccSession   *session;
  DipccContact   *contact;   /* NULL when adding */
  GArray         *fields;    /* of NumberField */
};

G_DEFINE_FINAL_TYPE (DipccContactEditor, dipcc_contact_editor, ADW_TYPE_WINDOW)

static void
number_field_clear (gpointer data)
{
  NumberField *field = data;

  g_clear_pointer (&field->custom_label, g_free);
}

static void
show_error (GtkLabel   *label,
            GtkWidget  *row,
            const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
on_number_changed (GtkEditable *editable,
                   GtkLabel    *error)
{
  /* the agent is fixing it: the old complaint no longer applies */
  show_error (error, GTK_WIDGET (editable), NULL);
}

static void
add_number_field (DipccContactEditor       *self,
                  const DipccContactNumber *number)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  NumberField field = { 0 };
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char *label = number ? dipcc_contact_number_get_label (number) : NULL;
  guint selected = 0;

  for (guint i = 0; i < G_N_ELEMENTS (known_labels); i++)
    {
      gtk_string_list_append (labels, dipcc_contact_row_label_to_display (known_labels[i]));
      if (label != NULL && g_ascii_strcasecmp (label, known_labels[i]) == 0)
        selected = i;
    }
  if (label != NULL && *label != '\0' &&
      dipcc_contact_row_label_to_display (label) == label)
    {
      /* a custom label from an imported card: offer it as it is */
      field.custom_label = g_strdup (label);
      gtk_string_list_append (labels, label);
      selected = G_N_ELEMENTS (known_labels);
    }

  field.row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field.row), _("Phone Number"));
  gtk_editable_set_text (GTK_EDITABLE (field.row),
                         number ? dipcc_contact_number_get_number (number) : "");
  adw_entry_row_set_input_purpose (field.row, GTK_INPUT_PURPOSE_PHONE);
  adw_entry_row_set_activates_default (field.row, TRUE);

  field.dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)),
                                                     NULL));
  gtk_drop_down_set_selected (field.dropdown, selected);
  gtk_widget_set_valign (GTK_WIDGET (field.dropdown), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (field.dropdown), _("Kind of Number"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (field.dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind of Number"),
                                  -1);
  adw_entry_row_add_suffix (field.row, GTK_WIDGET (field.dropdown));

  field.error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (field.error, 0);
  gtk_label_set_wrap (field.error, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (field.error), "error");
  gtk_widget_add_css_class (GTK_WIDGET (field.error), "caption");
  gtk_widget_set_visible (GTK_WIDGET (field.error), FALSE);
  g_signal_connect (field.row, "changed", G_CALLBACK (on_number_changed), field.error);

  field.preferred = number ? dipcc_contact_number_get_preferred (number) : FALSE;

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (field.row));
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (field.error));
  gtk_box_append (self->numbers_box, box);

  g_array_append_val (self->fields, field);
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/**
 * dipcc_contact_editor_save:
 *
 * Checks the fields and, when they are right, saves the contact and
 * closes the editor; otherwise points at what is wrong.
 *
 * Returns: %TRUE when the contact was saved
 */
gboolean
dipcc_contact_editor_save (DipccContactEditor *self)
{
  g_autoptr(GPtrArray) numbers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_contact_number_unref);
  g_autofree char *name = entry_text (self->name_row);
  g_autofree char *organization = entry_text (self->organization_row);
  g_autofree char *email = entry_text (self->email_row);
  g_autofree char *note = entry_text (self->note_row);
  DipccContactStore *store;
  gboolean ok = TRUE;
  GtkWidget *first_bad = NULL;

  g_return_val_if_fail (DIPCC_IS_CONTACT_EDITOR (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      NumberField *field = &g_array_index (self->fields, NumberField, i);
      g_autofree char *text = entry_text (field->row);
      g_autofree char *normalized = NULL;
      g_autoptr(GError) error = NULL;
      guint selected;
      const char *label;

      if (*text == '\0')
        {
          show_error (field->error, GTK_WIDGET (field->row), NULL);
          continue;
        }
      normalized = dipcc_phone_number_normalize (text, &error);
      if (normalized == NULL)
        {
          show_error (field->error, GTK_WIDGET (field->row), error->message);
          if (first_bad == NULL)
            first_bad = GTK_WIDGET (field->row);
          ok = FALSE;
          continue;
        }
      show_error (field->error, GTK_WIDGET (field->row), NULL);
      selected = gtk_drop_down_get_selected (field->dropdown);
      label = selected < G_N_ELEMENTS (known_labels) ? known_labels[selected]
                                                     : field->custom_label;
      g_ptr_array_add (numbers, dipcc_contact_number_new (normalized, label, field->preferred));
    }

  if (*name == '\0' && *organization == '\0' && numbers->len == 0)
    {
      show_error (self->name_error, GTK_WIDGET (self->name_row),
                  _("Enter a name, an organization or a phone number"));
      if (first_bad == NULL)
        first_bad = GTK_WIDGET (self->name_row);
      ok = FALSE;
    }
  else
    show_error (self->name_error, GTK_WIDGET (self->name_row), NULL);

  if (!ok)
    {
      gtk_widget_grab_focus (first_bad);
      return FALSE;
    }

  store = dipcc_session_get_contacts (self->session);
  if (self->contact != NULL)
    {
      dipcc_contact_set_name (self->contact, name);
      dipcc_contact_set_organization (self->contact, organization);
      dipcc_contact_set_email (self->contact, email);
      dipcc_contact_set_note (self->contact, note);
      dipcc_contact_set_numbers (self->contact, numbers);
      dipcc_contact_store_update (store, self->contact);
    }
  else
    {
      g_autoptr(DipccContact) contact = dipcc_contact_new ();

      dipcc_contact_set_name (contact, name);
      dipcc_contact_set_organization (contact, organization);
      dipcc_contact_set_email (contact, email);
      dipcc_contact_set_note (contact, note);
      dipcc_contact_set_numbers (contact, numbers);
      dipcc_contact_store_add (store, contact);
    }
  dipcc_session_save_contacts (self->session);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_save_clicked (DipccContactEditor *self)
{
  dipcc_contact_editor_save (self);
}

static void
dipcc_contact_editor_dispose (GObject *object)
{
  DipccContactEditor *self = DIPCC_CONTACT_EDITOR (object);

  g_clear_object (&self->session);
  g_clear_object (&self->contact);
  G_OBJECT_CLASS (dipcc_contact_editor_parent_class)->dispose (object);
}

static void
dipcc_contact_editor_finalize (GObject *object)
{
  DipccContactEditor *self = DIPCC_CONTACT_EDITOR (object);

  g_array_unref (self->fields);
  G_OBJECT_CLASS (dipcc_contact_editor_parent_class)->finalize (object);
}

static void
dipcc_contact_editor_class_init (DipccContactEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dipcc_contact_editor_dispose;
  object_class->finalize = dipcc_contact_editor_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/dipcc/Companion/dipcc-contact-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DipccContactEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, DipccContactEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, DipccContactEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, DipccContactEditor, organization_row);
  gtk_widget_class_bind_template_child (widget_class, DipccContactEditor, name_error);
  gtk_widget_class_bind_template_child (widget_class, DipccContactEditor, numbers_box);
  gtk_widget_class_bind_template_child (widget_class, DipccContactEditor, email_row);
  gtk_widget_class_bind_template_child (widget_class, DipccContactEditor, note_row);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dipcc_contact_editor_init (DipccContactEditor *self)
{
  self->fields = g_array_new (FALSE, TRUE, sizeof (NumberField));
  g_array_set_clear_func (self->fields, number_field_clear);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Enter in any field saves */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/**
 * dipcc_contact_editor_new:
 * @parent: (nullable): the window it belongs to
 * @session: the session whose address book is edited
 * @contact: (nullable): a contact of the store to change, or %NULL to add one
 */
DipccContactEditor *
dipcc_contact_editor_new (GtkWindow    *parent,
                          DipccSession *session,
                          DipccContact *contact)
{
  DipccContactEditor *self;
  GPtrArray *numbers = NULL;
  guint n = 0;

  g_return_val_if_fail (DIPCC_IS_SESSION (session), NULL);
  g_return_val_if_fail (contact == NULL || DIPCC_IS_CONTACT (contact), NULL);

  self = g_object_new (DIPCC_TYPE_CONTACT_EDITOR,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  self->contact = contact ? g_object_ref (contact) : NULL;

  adw_window_title_set_title (self->window_title,
                              contact ? _("Edit Contact") : _("New Contact"));
  gtk_window_set_title (GTK_WINDOW (self), contact ? _("Edit Contact") : _("New Contact"));
  if (contact != NULL)
    {
      set_entry (self->name_row, dipcc_contact_get_name (contact));
      set_entry (self->organization_row, dipcc_contact_get_organization (contact));
      set_entry (self->email_row, dipcc_contact_get_email (contact));
      set_entry (self->note_row, dipcc_contact_get_note (contact));
      numbers = dipcc_contact_get_numbers (contact);
      n = numbers ? numbers->len : 0;
    }
  for (guint i = 0; i < MAX (n, MIN_NUMBER_FIELDS); i++)
    add_number_field (self, i < n ? g_ptr_array_index (numbers, i) : NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

/**
 * dipcc_contact_editor_set_number:
 * @self: an editor
 * @number: a number to put in the first number field
 *
 * For "Add contact" from a pop-up: the caller's number is already there.
 */
void
dipcc_contact_editor_set_number (DipccContactEditor *self,
                                 const char         *number)
{
  NumberField *field;

  g_return_if_fail (DIPCC_IS_CONTACT_EDITOR (self));
  g_return_if_fail (number != NULL);

  if (self->fields->len == 0)
    return;
  field = &g_array_index (self->fields, NumberField, 0);
  gtk_editable_set_text (GTK_EDITABLE (field->row), number);
}
