/* dipcc-forwarding-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The four kinds of call forwarding of the agent's extension, each a
 * switch and a destination. Nothing is written until Apply; then only the
 * kinds that changed, one after the other (the core reads each write back).
 * The header shows "Forwarding to …" from always-destination, so nobody
 * forgets their calls go elsewhere.
 */
#define G_LOG_DOMAIN "dipcc-forwarding-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "dipcc-forwarding-panel.h"
#include "dipcc-phone-number.h"
#include "dipcc-window.h"

typedef struct {
  GtkSwitch *toggle;
  GtkEntry  *entry;
  gboolean   loaded_enabled;
  char      *loaded_destination;
} KindRow;

struct _DipccForwardingPanel
{
  GtkBox        parent_instance;

  /* Template widgets */
  GtkLabel     *message_label;
  GtkListBox   *list;
  GtkSpinner   *spinner;
  GtkButton    *apply_button;

  /* Owned */
  DipccSession *session;
  GCancellable *cancellable;
  char         *always_destination;
  KindRow       rows[DIPCC_FORWARD_N_KINDS];

  guint         next_kind;     /* while applying */
  gboolean      busy;
  gboolean      loaded;
};

G_DEFINE_FINAL_TYPE (DipccForwardingPanel, dipcc_forwarding_panel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ALWAYS_DESTINATION,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_busy (DipccForwardingPanel *self,
          gboolean              busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_message (DipccForwardingPanel *self,
             const char           *message)
{
  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
toast (DipccForwardingPanel *self,
       const char           *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), DIPCC_TYPE_WINDOW);

  if (window == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      /* in the popover, the window is the popover's parent's root */
      window = root ? gtk_widget_get_ancestor (GTK_WIDGET (root), DIPCC_TYPE_WINDOW) : NULL;
    }
  set_message (self, message);
  if (window != NULL)
    dipcc_window_add_toast (DIPCC_WINDOW (window), adw_toast_new (message));
}

static gboolean
row_changed (KindRow *row)
{
  gboolean enabled = gtk_switch_get_active (row->toggle);
  const char *destination = gtk_editable_get_text (GTK_EDITABLE (row->entry));
  g_autofree char *a = dipcc_phone_number_strip (destination);
  g_autofree char *b = dipcc_phone_number_strip (row->loaded_destination ?: "");

  return enabled != row->loaded_enabled || g_strcmp0 (a, b) != 0;
}

static void
update_apply (DipccForwardingPanel *self)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < DIPCC_FORWARD_N_KINDS; i++)
    changed |= row_changed (&self->rows[i]);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button),
                            self->loaded && changed && !self->busy &&
                            dipcc_session_get_forwarding (self->session) != NULL);
}

static void
on_row_edited (DipccForwardingPanel *self)
{
  update_apply (self);
}

static void
set_always_destination (DipccForwardingPanel *self,
                        const char           *destination)
{
  if (g_strcmp0 (self->always_destination, destination) == 0)
    return;
  g_free (self->always_destination);
  self->always_destination = g_strdup (destination);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALWAYS_DESTINATION]);
}

static void
on_got (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(DipccForwardingPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) states = NULL;

  states = dipcc_forwarding_get_finish (DIPCC_FORWARDING (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (states == NULL)
    {
      /* Translators: %s says why, e.g. "Permission denied" */
      g_autofree char *message = g_strdup_printf (_("Could not read call forwarding: %s"),
                                                  error->message);
      set_message (self, message);
      update_apply (self);
      return;
    }

  set_message (self, NULL);
  for (guint i = 0; i < states->len; i++)
    {
      DipccForwardState *state = g_ptr_array_index (states, i);
      DipccForwardKind kind = dipcc_forward_state_get_kind (state);

      if ((guint) kind < DIPCC_FORWARD_N_KINDS)
        dipcc_forwarding_panel_set_kind (self, kind, dipcc_forward_state_get_enabled (state),
                                         dipcc_forward_state_get_destination (state));
    }
  self->loaded = TRUE;
  update_apply (self);
}

static void apply_next (DipccForwardingPanel *self);

static void
on_set (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(DipccForwardingPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccForwardState) state = NULL;

  state = dipcc_forwarding_set_finish (DIPCC_FORWARDING (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (state == NULL)
    {
      set_busy (self, FALSE);
      toast (self, error->message);
      dipcc_forwarding_panel_refresh (self);
      return;
    }
  dipcc_forwarding_panel_set_kind (self, dipcc_forward_state_get_kind (state),
                                   dipcc_forward_state_get_enabled (state),
                                   dipcc_forward_state_get_destination (state));
  self->next_kind++;
  apply_next (self);
}

static void
apply_next (DipccForwardingPanel *self)
{
  DipccForwarding *forwarding = dipcc_session_get_forwarding (self->session);

  for (; self->next_kind < DIPCC_FORWARD_N_KINDS; self->next_kind++)
    {
      KindRow *row = &self->rows[self->next_kind];

      if (!row_changed (row))
        continue;
      dipcc_forwarding_set_async (forwarding, (DipccForwardKind) self->next_kind,
                                  gtk_switch_get_active (row->toggle),
                                  gtk_editable_get_text (GTK_EDITABLE (row->entry)),
                                  self->cancellable, on_set, g_object_ref (self));
      return;
    }
  set_busy (self, FALSE);
  set_message (self, NULL);
  update_apply (self);
}

static void
on_apply_clicked (DipccForwardingPanel *self)
{
  dipcc_forwarding_panel_apply (self);
}

static void
on_forwarding_changed (DipccSession         *session,
                       GParamSpec           *pspec,
                       DipccForwardingPanel *self)
{
  dipcc_forwarding_panel_refresh (self);
}

static void
on_state_changed (DipccSession         *session,
                  GParamSpec           *pspec,
                  DipccForwardingPanel *self)
{
  if (dipcc_session_get_state (session) == DIPCC_SESSION_STATE_CONNECTED && !self->loaded)
    dipcc_forwarding_panel_refresh (self);
}

static void
set_session (DipccForwardingPanel *self,
             DipccSession         *session)
{
  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect (session, "notify::forwarding", G_CALLBACK (on_forwarding_changed), self);
      g_signal_connect (session, "notify::state", G_CALLBACK (on_state_changed), self);
    }
  dipcc_forwarding_panel_refresh (self);
}

static void
dipcc_forwarding_panel_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DipccForwardingPanel *self = DIPCC_FORWARDING_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_ALWAYS_DESTINATION:
      g_value_set_string (value, self->always_destination);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_forwarding_panel_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  DipccForwardingPanel *self = DIPCC_FORWARDING_PANEL (object);

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
dipcc_forwarding_panel_dispose (GObject *object)
{
  DipccForwardingPanel *self = DIPCC_FORWARDING_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIPCC_TYPE_FORWARDING_PANEL);

  G_OBJECT_CLASS (dipcc_forwarding_panel_parent_class)->dispose (object);
}

static void
dipcc_forwarding_panel_finalize (GObject *object)
{
  DipccForwardingPanel *self = DIPCC_FORWARDING_PANEL (object);

  for (guint i = 0; i < DIPCC_FORWARD_N_KINDS; i++)
    g_free (self->rows[i].loaded_destination);
  g_free (self->always_destination);

  G_OBJECT_CLASS (dipcc_forwarding_panel_parent_class)->finalize (object);
}

static void
dipcc_forwarding_panel_class_init (DipccForwardingPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dipcc_forwarding_panel_get_property;
  object_class->set_property = dipcc_forwarding_panel_set_property;
  object_class->dispose = dipcc_forwarding_panel_dispose;
  object_class->finalize = dipcc_forwarding_panel_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DIPCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * DipccForwardingPanel:always-destination:
   *
   * Where every call goes while "Always" is on, as read from the PBX;
   * %NULL while it is off or unknown.
   */
  properties[PROP_ALWAYS_DESTINATION] =
    g_param_spec_string ("always-destination", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dipcc/Companion/"
                                               "dipcc-forwarding-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DipccForwardingPanel, message_label);
  gtk_widget_class_bind_template_child (widget_class, DipccForwardingPanel, list);
  gtk_widget_class_bind_template_child (widget_class, DipccForwardingPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, DipccForwardingPanel, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked);
}

static void
dipcc_forwarding_panel_init (DipccForwardingPanel *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < DIPCC_FORWARD_N_KINDS; i++)
    {
      KindRow *row = &self->rows[i];
      const char *label = dipcc_forward_kind_get_label ((DipccForwardKind) i);
      GtkWidget *action_row = adw_action_row_new ();
      g_autofree char *entry_label = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), label);
      row->entry = GTK_ENTRY (gtk_entry_new ());
      gtk_entry_set_input_purpose (row->entry, GTK_INPUT_PURPOSE_PHONE);
      gtk_entry_set_placeholder_text (row->entry, _("Number"));
      gtk_editable_set_width_chars (GTK_EDITABLE (row->entry), 13);
      gtk_widget_set_valign (GTK_WIDGET (row->entry), GTK_ALIGN_CENTER);
      /* Translators: accessible name of a destination entry; %s is e.g. "When busy" */
      entry_label = g_strdup_printf (_("Forward to (%s)"), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, entry_label, -1);
      row->toggle = GTK_SWITCH (gtk_switch_new ());
      gtk_widget_set_valign (GTK_WIDGET (row->toggle), GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->toggle),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), GTK_WIDGET (row->entry));
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), GTK_WIDGET (row->toggle));
      g_signal_connect_swapped (row->entry, "changed", G_CALLBACK (on_row_edited), self);
      g_signal_connect_swapped (row->toggle, "notify::active", G_CALLBACK (on_row_edited), self);
      gtk_list_box_append (self->list, action_row);
    }
}

/**
 * dipcc_forwarding_panel_refresh:
 * @self: a panel
 *
 * Reads the four kinds from the PBX again.
 */
void
dipcc_forwarding_panel_refresh (DipccForwardingPanel *self)
{
  DipccForwarding *forwarding;

  g_return_if_fail (DIPCC_IS_FORWARDING_PANEL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, FALSE);

  forwarding = self->session ? dipcc_session_get_forwarding (self->session) : NULL;
  if (forwarding == NULL)
    {
      self->loaded = FALSE;
      set_always_destination (self, NULL);
      set_message (self, _("Call forwarding needs the PBX’s event channel, the tenant and your "
                           "extension. Set them in Preferences."));
      update_apply (self);
      return;
    }
  set_busy (self, TRUE);
  dipcc_forwarding_get_async (forwarding, self->cancellable, on_got, g_object_ref (self));
}

/**
 * dipcc_forwarding_panel_apply:
 * @self: a panel
 *
 * Writes the kinds that were changed; a refusal shows as a toast and the
 * panel reads the PBX's state again.
 */
void
dipcc_forwarding_panel_apply (DipccForwardingPanel *self)
{
  g_return_if_fail (DIPCC_IS_FORWARDING_PANEL (self));

  if (self->busy || self->session == NULL || dipcc_session_get_forwarding (self->session) == NULL)
    return;
  for (guint i = 0; i < DIPCC_FORWARD_N_KINDS; i++)
    {
      KindRow *row = &self->rows[i];
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row->entry));
      g_autoptr(GError) error = NULL;
      g_autofree char *number = NULL;

      if (!row_changed (row) || (!gtk_switch_get_active (row->toggle) && *text == '\0'))
        continue;
      number = dipcc_phone_number_normalize (text, &error);
      if (number == NULL)
        {
          g_autofree char *message =
            /* Translators: the first %s is e.g. "When busy", the second why */
            g_strdup_printf (_("%s: %s"), dipcc_forward_kind_get_label ((DipccForwardKind) i),
                             error->message);

          toast (self, message);
          gtk_widget_grab_focus (GTK_WIDGET (row->entry));
          return;
        }
    }
  set_busy (self, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), FALSE);
  self->next_kind = 0;
  apply_next (self);
}

/**
 * dipcc_forwarding_panel_get_always_destination:
 * @self: a panel
 *
 * Returns: (nullable): where calls go while "Always" is on
 */
const char *
dipcc_forwarding_panel_get_always_destination (DipccForwardingPanel *self)
{
  g_return_val_if_fail (DIPCC_IS_FORWARDING_PANEL (self), NULL);
  return self->always_destination;
}

gboolean
dipcc_forwarding_panel_get_busy (DipccForwardingPanel *self)
{
  g_return_val_if_fail (DIPCC_IS_FORWARDING_PANEL (self), FALSE);
  return self->busy;
}

/**
 * dipcc_forwarding_panel_set_kind:
 * @self: a panel
 * @kind: which kind
 * @enabled: whether it is on at the PBX
 * @destination: (nullable): its destination at the PBX
 *
 * Shows what the PBX has for @kind (and takes it as the unchanged state).
 */
void
dipcc_forwarding_panel_set_kind (DipccForwardingPanel *self,
                                 DipccForwardKind      kind,
                                 gboolean              enabled,
                                 const char           *destination)
{
  KindRow *row;

  g_return_if_fail (DIPCC_IS_FORWARDING_PANEL (self));
  g_return_if_fail ((guint) kind < DIPCC_FORWARD_N_KINDS);

  row = &self->rows[kind];
  row->loaded_enabled = enabled;
  g_free (row->loaded_destination);
  row->loaded_destination = g_strdup (destination ? destination : "");
  gtk_switch_set_active (row->toggle, enabled);
  gtk_editable_set_text (GTK_EDITABLE (row->entry), row->loaded_destination);
  if (kind == DIPCC_FORWARD_KIND_ALWAYS)
    set_always_destination (self, enabled && destination && *destination ? destination : NULL);
  update_apply (self);
}
