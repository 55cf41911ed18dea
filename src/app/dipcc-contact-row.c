/* dipcc-contact-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A contact in the list: the name, the organisation and every number with
 * its own call button. The buttons only activate actions (app.dial with
 * the number, contacts.edit and contacts.delete with the contact's uid):
 * the row never dials or edits by itself.
 */
#define G_LOG_DOMAIN "dipcc-contact-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dipcc-contact-row.h"
#include "dipcc-phone-number.h"
#include "dipcc-text.h"

/* Longest name or organisation shown, in characters */
#define MAX_DISPLAY_CHARS 200

struct _DipccContactRow
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkLabel     *name_label;
  GtkLabel     *organization_label;
  GtkGrid      *numbers_grid;
  GtkButton    *edit_button;
  GtkButton    *delete_button;

  DipccContact *contact;
};

G_DEFINE_FINAL_TYPE (DipccContactRow, dipcc_contact_row, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CONTACT, N_PROPS };
static GParamSpec *properties[N_PROPS];

/**
 * dipcc_contact_row_label_to_display:
 * @label: a number's label as stored ("cell", "work"… or a custom one)
 *
 * Returns: the label in words for the agent; a custom label as it is
 */
const char *
dipcc_contact_row_label_to_display (const char *label)
{
  if (label == NULL || *label == '\0')
    return _("Phone");
  if (g_ascii_strcasecmp (label, DIPCC_CONTACT_LABEL_CELL) == 0)
    return _("Mobile");
  if (g_ascii_strcasecmp (label, DIPCC_CONTACT_LABEL_WORK) == 0)
    return _("Work");
  if (g_ascii_strcasecmp (label, DIPCC_CONTACT_LABEL_HOME) == 0)
    return _("Home");
  if (g_ascii_strcasecmp (label, DIPCC_CONTACT_LABEL_MAIN) == 0)
    return _("Main");
  if (g_ascii_strcasecmp (label, DIPCC_CONTACT_LABEL_FAX) == 0)
    return _("Fax");
  if (g_ascii_strcasecmp (label, DIPCC_CONTACT_LABEL_OTHER) == 0)
    return _("Other");
  return label;
}

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  g_autofree char *clean = dipcc_text_sanitize_display (text ? text : "", -1, MAX_DISPLAY_CHARS);

  gtk_label_set_text (label, clean);
  gtk_widget_set_visible (GTK_WIDGET (label), *clean != '\0');
}

static void
add_number (DipccContactRow          *self,
            int                       line,
            const DipccContactNumber *number)
{
  const char *digits = dipcc_contact_number_get_number (number);
  g_autofree char *normalized = dipcc_phone_number_normalize (digits, NULL);
  g_autofree char *formatted = dipcc_phone_number_format (digits);
  g_autofree char *kind = dipcc_text_sanitize_display (
    dipcc_contact_row_label_to_display (dipcc_contact_number_get_label (number)), -1, 40);
  /* Translators: a call button's tooltip; %s is a phone number */
  g_autofree char *tooltip = g_strdup_printf (_("Call %s"), formatted);
  GtkWidget *kind_label = gtk_label_new (kind);
  GtkWidget *number_label = gtk_label_new (formatted);
  GtkWidget *button = gtk_button_new_from_icon_name ("call-start-symbolic");

  gtk_label_set_xalign (GTK_LABEL (kind_label), 0);
  gtk_widget_add_css_class (kind_label, "dim-label");
  gtk_widget_add_css_class (kind_label, "caption");
  gtk_widget_add_css_class (kind_label, "contact-number-kind");
  gtk_label_set_xalign (GTK_LABEL (number_label), 0);
  gtk_label_set_selectable (GTK_LABEL (number_label), FALSE);
  gtk_widget_add_css_class (number_label, "numeric");

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_add_css_class (button, "call-button");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.dial");
  /* the dialable form when there is one; the window explains a bad one */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                    normalized != NULL ? normalized : digits);

  gtk_grid_attach (self->numbers_grid, kind_label, 0, line, 1, 1);
  gtk_grid_attach (self->numbers_grid, number_label, 1, line, 1, 1);
  gtk_grid_attach (self->numbers_grid, button, 2, line, 1, 1);
}

static void
update (DipccContactRow *self)
{
  GtkWidget *child;
  GPtrArray *numbers;
  const char *uid;
  g_autofree char *name = NULL;
  g_autofree char *edit_label = NULL;
  g_autofree char *delete_label = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->numbers_grid))) != NULL)
    gtk_grid_remove (self->numbers_grid, child);

  if (self->contact == NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->edit_button), NULL);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->delete_button), NULL);
      gtk_label_set_text (self->name_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->organization_label), FALSE);
      return;
    }

  set_label_text (self->name_label, dipcc_contact_get_display_name (self->contact));
  set_label_text (self->organization_label, dipcc_contact_get_organization (self->contact));
  if (dipcc_contact_get_name (self->contact) == NULL ||
      *dipcc_contact_get_name (self->contact) == '\0')
    gtk_widget_set_visible (GTK_WIDGET (self->organization_label), FALSE);

  numbers = dipcc_contact_get_numbers (self->contact);
  for (guint i = 0; numbers != NULL && i < numbers->len; i++)
    add_number (self, (int) i, g_ptr_array_index (numbers, i));

  /* a screen reader says whose row the buttons are on */
  name = dipcc_text_sanitize_display (dipcc_contact_get_display_name (self->contact), -1,
                                      MAX_DISPLAY_CHARS);
  /* Translators: accessible label of a contact's edit button; %s is the name */
  edit_label = g_strdup_printf (_("Edit “%s”"), name);
  /* Translators: accessible label of a contact's delete button; %s is the name */
  delete_label = g_strdup_printf (_("Delete “%s”"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label, -1);

  /* the target first: an action name without its target warns */
  uid = dipcc_contact_get_uid (self->contact);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s", uid);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->edit_button), "contacts.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "s", uid);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->delete_button), "contacts.delete");
}

static void
dipcc_contact_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DipccContactRow *self = DIPCC_CONTACT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTACT:
      g_value_set_object (value, self->contact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_contact_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DipccContactRow *self = DIPCC_CONTACT_ROW (object);

  switch (prop_id)
    {
    case PROP_CONTACT:
      dipcc_contact_row_set_contact (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_contact_row_dispose (GObject *object)
{
  DipccContactRow *self = DIPCC_CONTACT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIPCC_TYPE_CONTACT_ROW);
  g_clear_object (&self->contact);
  G_OBJECT_CLASS (dipcc_contact_row_parent_class)->dispose (object);
}

static void
dipcc_contact_row_class_init (DipccContactRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dipcc_contact_row_get_property;
  object_class->set_property = dipcc_contact_row_set_property;
  object_class->dispose = dipcc_contact_row_dispose;

  properties[PROP_CONTACT] =
    g_param_spec_object ("contact", NULL, NULL, DIPCC_TYPE_CONTACT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dipcc/Companion/dipcc-contact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DipccContactRow, box);
  gtk_widget_class_bind_template_child (widget_class, DipccContactRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DipccContactRow, organization_label);
  gtk_widget_class_bind_template_child (widget_class, DipccContactRow, numbers_grid);
  gtk_widget_class_bind_template_child (widget_class, DipccContactRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, DipccContactRow, delete_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "contactrow");
}

static void
dipcc_contact_row_init (DipccContactRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dipcc_contact_row_new (void)
{
  return g_object_new (DIPCC_TYPE_CONTACT_ROW, NULL);
}

DipccContact *
dipcc_contact_row_get_contact (DipccContactRow *self)
{
  g_return_val_if_fail (DIPCC_IS_CONTACT_ROW (self), NULL);
  return self->contact;
}

/**
 * dipcc_contact_row_set_contact:
 * @contact: (nullable): the contact to show
 */
void
dipcc_contact_row_set_contact (DipccContactRow *self,
                               DipccContact    *contact)
{
  g_return_if_fail (DIPCC_IS_CONTACT_ROW (self));
  g_return_if_fail (contact == NULL || DIPCC_IS_CONTACT (contact));

  /* the list rebinds a row after the store's items-changed: always redraw */
  g_set_object (&self->contact, contact);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT]);
}
