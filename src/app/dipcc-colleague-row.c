/* dipcc-colleague-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One colleague's phone in the Colleagues list: a state icon and the state
 * in words (never colour alone), the display name, the extension and a call
 * button. The row follows its endpoint while bound: a list item factory
 * gives it an endpoint on bind and takes it away on unbind.
 */
#define G_LOG_DOMAIN "dipcc-colleague-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dipcc-colleague-row.h"
#include "dipcc-text.h"

/* The most characters of a display name shown */
#define NAME_MAX_CHARS 64

struct _DipccColleagueRow
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkImage      *state_icon;
  GtkLabel      *name_label;
  GtkLabel      *extension_label;
  GtkLabel      *separator_label;
  GtkLabel      *state_label;
  GtkButton     *call_button;

  DipccEndpoint *endpoint;
  const char    *state_class;
};

G_DEFINE_FINAL_TYPE (DipccColleagueRow, dipcc_colleague_row, GTK_TYPE_WIDGET)

typedef struct {
  const char *icon;
  const char *text;
  const char *css_class;        /* colours the icon only; NULL: dimmed */
} StateLook;

static StateLook
state_look (DipccEndpoint *endpoint)
{
  DipccDeviceState state = dipcc_endpoint_get_device_state (endpoint);

  if (!dipcc_endpoint_get_registered (endpoint) || state == DIPCC_DEVICE_STATE_UNAVAILABLE)
    return (StateLook) { "network-offline-symbolic", _("Offline"), "offline" };

  switch (state)
    {
    case DIPCC_DEVICE_STATE_NOT_INUSE:
      return (StateLook) { "emblem-ok-symbolic", _("Available"), "available" };

    case DIPCC_DEVICE_STATE_RINGING:
    case DIPCC_DEVICE_STATE_RINGINUSE:
      return (StateLook) { "call-incoming-symbolic", _("Ringing"), "ringing" };

    case DIPCC_DEVICE_STATE_INUSE:
    case DIPCC_DEVICE_STATE_BUSY:
      return (StateLook) { "audio-headset-symbolic", _("On a call"), "busy" };

    case DIPCC_DEVICE_STATE_ONHOLD:
      return (StateLook) { "media-playback-pause-symbolic", _("On hold"), "busy" };

    case DIPCC_DEVICE_STATE_UNKNOWN:
    case DIPCC_DEVICE_STATE_INVALID:
    case DIPCC_DEVICE_STATE_UNAVAILABLE:
    default:
      return (StateLook) { "dialog-question-symbolic", _("Unknown"), "unknown" };
    }
}

static void
update_state (DipccColleagueRow *self)
{
  StateLook look;

  if (self->state_class)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), self->state_class);
  self->state_class = NULL;

  if (self->endpoint == NULL)
    {
      gtk_label_set_text (self->state_label, "");
      return;
    }

  look = state_look (self->endpoint);
  gtk_image_set_from_icon_name (self->state_icon, look.icon);
  gtk_label_set_text (self->state_label, look.text);
  self->state_class = look.css_class;
  gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), self->state_class);
}

static void
update_name (DipccColleagueRow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *title = NULL;
  gboolean named;

  if (self->endpoint == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->extension_label, "");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->call_button), NULL);
      return;
    }

  name = dipcc_text_sanitize_display (dipcc_endpoint_get_display_name (self->endpoint), -1,
                                      NAME_MAX_CHARS);
  extension = dipcc_text_sanitize_display (dipcc_endpoint_get_name (self->endpoint), -1,
                                           NAME_MAX_CHARS);
  named = *name != '\0' && g_strcmp0 (name, extension) != 0;
  if (named)
    {
      gtk_label_set_text (self->name_label, name);
    }
  else
    {
      /* Translators: the title of a colleague's phone that has no name; %s is its extension */
      title = g_strdup_printf (_("Extension %s"), extension);
      gtk_label_set_text (self->name_label, title);
    }
  /* the extension is not said twice */
  gtk_label_set_text (self->extension_label, extension);
  gtk_widget_set_visible (GTK_WIDGET (self->extension_label), named);
  gtk_widget_set_visible (GTK_WIDGET (self->separator_label), named);

  /* Translators: %s is an extension, such as 0102 */
  tooltip = g_strdup_printf (_("Call %s"), extension);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->call_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->call_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  /* the target first: app.dial without a number would be a type mismatch */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->call_button), "s",
                                    dipcc_endpoint_get_name (self->endpoint));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->call_button), "app.dial");
}

static void
endpoint_state_cb (DipccColleagueRow *self)
{
  update_state (self);
}

static void
endpoint_name_cb (DipccColleagueRow *self)
{
  update_name (self);
}

/**
 * dipcc_colleague_row_set_endpoint:
 * @self: a #DipccColleagueRow
 * @endpoint: (nullable): the phone to show, %NULL to let go of it
 */
void
dipcc_colleague_row_set_endpoint (DipccColleagueRow *self,
                                  DipccEndpoint     *endpoint)
{
  g_return_if_fail (DIPCC_IS_COLLEAGUE_ROW (self));
  g_return_if_fail (endpoint == NULL || DIPCC_IS_ENDPOINT (endpoint));

  if (self->endpoint == endpoint)
    return;

  if (self->endpoint)
    g_signal_handlers_disconnect_by_data (self->endpoint, self);
  g_set_object (&self->endpoint, endpoint);
  if (self->endpoint)
    {
      g_signal_connect_swapped (endpoint, "notify::device-state",
                                G_CALLBACK (endpoint_state_cb), self);
      g_signal_connect_swapped (endpoint, "notify::registered",
                                G_CALLBACK (endpoint_state_cb), self);
      g_signal_connect_swapped (endpoint, "notify::display-name",
                                G_CALLBACK (endpoint_name_cb), self);
    }
  update_name (self);
  update_state (self);
}

DipccEndpoint *
dipcc_colleague_row_get_endpoint (DipccColleagueRow *self)
{
  g_return_val_if_fail (DIPCC_IS_COLLEAGUE_ROW (self), NULL);

  return self->endpoint;
}

/* The state as the row shows it in words, such as "On a call" */
const char *
dipcc_colleague_row_get_state_text (DipccColleagueRow *self)
{
  g_return_val_if_fail (DIPCC_IS_COLLEAGUE_ROW (self), NULL);

  return gtk_label_get_text (self->state_label);
}

static void
dispose (GObject *object)
{
  DipccColleagueRow *self = DIPCC_COLLEAGUE_ROW (object);

  dipcc_colleague_row_set_endpoint (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIPCC_TYPE_COLLEAGUE_ROW);
  G_OBJECT_CLASS (dipcc_colleague_row_parent_class)->dispose (object);
}

static void
dipcc_colleague_row_class_init (DipccColleagueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dipcc/Companion/"
                                               "dipcc-colleague-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DipccColleagueRow, box);
  gtk_widget_class_bind_template_child (widget_class, DipccColleagueRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, DipccColleagueRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DipccColleagueRow, extension_label);
  gtk_widget_class_bind_template_child (widget_class, DipccColleagueRow, separator_label);
  gtk_widget_class_bind_template_child (widget_class, DipccColleagueRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, DipccColleagueRow, call_button);
}

static void
dipcc_colleague_row_init (DipccColleagueRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dipcc_colleague_row_new (void)
{
  return g_object_new (DIPCC_TYPE_COLLEAGUE_ROW, NULL);
}
