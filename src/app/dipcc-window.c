/* dipcc-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows what the session knows and nothing else: the
 * connection in the header (never a silent failure), the four pages over
 * the models, and one click-to-call at a time in a bar under the header.
 */
#define G_LOG_DOMAIN "dipcc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dipcc-colleagues-page.h"
#include "dipcc-contacts-page.h"
#include "dipcc-dial-pad.h"
#include "dipcc-error.h"
#include "dipcc-forwarding-panel.h"
#include "dipcc-history-page.h"
#include "dipcc-phone-number.h"
#include "dipcc-window.h"

/* How long the dial bar stays after the call is over, in seconds */
#define DIAL_BAR_LINGER_S 6

struct _DipccWindow
{
  AdwApplicationWindow   parent_instance;

  /* Template widgets */
  AdwViewSwitcherTitle  *switcher_title;
  GtkMenuButton         *status_button;
  GtkLabel              *status_title;
  GtkLabel              *status_detail;
  GtkButton             *reconnect_button;
  GtkImage              *status_icon;
  GtkLabel              *status_label;
  GtkRevealer           *dial_revealer;
  GtkImage              *dial_icon;
  GtkLabel              *dial_label;
  AdwToastOverlay       *toast_overlay;
  GtkStack              *main_stack;
  AdwViewStack          *view_stack;
  DipccContactsPage     *contacts_page;
  DipccColleaguesPage   *colleagues_page;
  DipccHistoryPage      *history_page;
  DipccDialPad          *dial_pad;
  GtkMenuButton         *forward_button;
  GtkLabel              *forward_label;
  DipccForwardingPanel  *forwarding_panel;

  /* Owned */
  DipccSession          *session;
  DipccDialAttempt      *attempt;
  GCancellable          *cancellable;
  char                  *status_text;

  guint                  countdown_id;
  guint                  dial_hide_id;
};

G_DEFINE_FINAL_TYPE (DipccWindow, dipcc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- the connection in the header ----------------------------------------- */

static void
set_status_class (DipccWindow *self,
                  const char  *css_class)
{
  static const char * const classes[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (g_strcmp0 (classes[i], css_class) != 0)
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_button), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_button), css_class);
}

static guint
seconds_to_reconnect (DipccWindow *self)
{
  gint64 at = dipcc_session_get_reconnect_at (self->session);
  gint64 left = at - g_get_monotonic_time ();

  if (at == 0 || left <= 0)
    return 0;
  return (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static void
update_status (DipccWindow *self)
{
  DipccSessionState state = dipcc_session_get_state (self->session);
  const char *detail = dipcc_session_get_status_message (self->session);
  g_autofree char *label = NULL;
  const char *title = NULL;
  const char *icon = NULL;
  const char *css = NULL;
  gboolean can_reconnect = TRUE;

  switch (state)
    {
    case DIPCC_SESSION_STATE_UNCONFIGURED:
      label = g_strdup (_("Not set up"));
      title = _("Not connected");
      icon = "network-offline-symbolic";
      css = "warning";
      can_reconnect = FALSE;
      break;

    case DIPCC_SESSION_STATE_CONNECTING:
      label = g_strdup (_("Connecting…"));
      title = _("Connecting");
      icon = "content-loading-symbolic";
      can_reconnect = FALSE;
      break;

    case DIPCC_SESSION_STATE_CONNECTED:
      label = g_strdup (_("Connected"));
      title = _("Connected");
      icon = "emblem-ok-symbolic";
      css = "success";
      can_reconnect = FALSE;
      break;

    case DIPCC_SESSION_STATE_RECONNECTING:
      {
        guint left = seconds_to_reconnect (self);

        label = left > 0
                /* Translators: shown in the header while the link is down */
                ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reconnecting in %u s",
                                                "Reconnecting in %u s", left), left)
                : g_strdup (_("Reconnecting…"));
        title = _("Connection lost");
        icon = "network-offline-symbolic";
        css = "warning";
      }
      break;

    case DIPCC_SESSION_STATE_AUTH_FAILED:
      label = g_strdup (_("Login refused"));
      title = _("The PBX refused the login");
      icon = "dialog-password-symbolic";
      css = "error";
      break;

    case DIPCC_SESSION_STATE_ERROR:
      label = g_strdup (_("Not connected"));
      title = _("Not connected");
      icon = "dialog-warning-symbolic";
      css = "error";
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (self->status_label, label);
  gtk_label_set_label (self->status_title, title);
  gtk_label_set_label (self->status_detail, detail ? detail : "");
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->reconnect_button), can_reconnect);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_button), detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail ? detail : "",
                                  -1);
  set_status_class (self, css);

  g_free (self->status_text);
  self->status_text = g_steal_pointer (&label);

  gtk_stack_set_visible_child_name (self->main_stack,
                                    state == DIPCC_SESSION_STATE_UNCONFIGURED ? "welcome"
                                                                              : "main");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title,
                                                     state != DIPCC_SESSION_STATE_UNCONFIGURED);
}

static gboolean
countdown_cb (gpointer user_data)
{
  DipccWindow *self = user_data;

  if (dipcc_session_get_state (self->session) != DIPCC_SESSION_STATE_RECONNECTING)
    {
      self->countdown_id = 0;
      return G_SOURCE_REMOVE;
    }
  update_status (self);
  return G_SOURCE_CONTINUE;
}

static void
on_session_status (DipccSession *session,
                   GParamSpec   *pspec,
                   DipccWindow  *self)
{
  update_status (self);
  if (dipcc_session_get_state (session) == DIPCC_SESSION_STATE_RECONNECTING &&
      self->countdown_id == 0)
    self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);
}

/* ---- click-to-call -------------------------------------------------------- */

static void
hide_dial_bar (DipccWindow *self)
{
  g_clear_handle_id (&self->dial_hide_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->dial_revealer, FALSE);
  if (self->attempt != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->attempt, self);
      g_clear_object (&self->attempt);
    }
}

static gboolean
dial_hide_cb (gpointer user_data)
{
  DipccWindow *self = user_data;

  self->dial_hide_id = 0;
  hide_dial_bar (self);
  return G_SOURCE_REMOVE;
}

static void
on_attempt_changed (DipccDialAttempt *attempt,
                    GParamSpec       *pspec,
                    DipccWindow      *self)
{
  const char *icon;

  switch (dipcc_dial_attempt_get_stage (attempt))
    {
    case DIPCC_DIAL_STAGE_REQUESTING:
    case DIPCC_DIAL_STAGE_RINGING_YOU:
      icon = "phone-symbolic";
      break;

    case DIPCC_DIAL_STAGE_CALLING:
    case DIPCC_DIAL_STAGE_IN_CALL:
      icon = "call-start-symbolic";
      break;

    case DIPCC_DIAL_STAGE_ENDED:
      icon = "call-stop-symbolic";
      break;

    case DIPCC_DIAL_STAGE_FAILED:
    default:
      icon = "dialog-warning-symbolic";
      break;
    }
  gtk_image_set_from_icon_name (self->dial_icon, icon);
  gtk_label_set_label (self->dial_label, dipcc_dial_attempt_get_message (attempt));

  g_clear_handle_id (&self->dial_hide_id, g_source_remove);
  if (dipcc_dial_attempt_is_finished (attempt))
    self->dial_hide_id = g_timeout_add_seconds (DIAL_BAR_LINGER_S, dial_hide_cb, self);
}

static void
show_attempt (DipccWindow      *self,
              DipccDialAttempt *attempt)
{
  hide_dial_bar (self);
  self->attempt = g_object_ref (attempt);
  g_signal_connect (attempt, "notify::stage", G_CALLBACK (on_attempt_changed), self);
  g_signal_connect (attempt, "notify::message", G_CALLBACK (on_attempt_changed), self);
  on_attempt_changed (attempt, NULL, self);
  gtk_revealer_set_reveal_child (self->dial_revealer, TRUE);
}

typedef struct {
  DipccWindow *self;
  char        *number;
} DialData;

static void
dial_data_free (DialData *data)
{
  g_object_unref (data->self);
  g_free (data->number);
  g_free (data);
}

static void start_dial (DipccWindow *self,
                        const char  *number,
                        gboolean     even_if_offline);

static void
on_offline_response (AdwMessageDialog *dialog,
                     const char       *response,
                     DialData         *data)
{
  if (g_strcmp0 (response, "call") == 0)
    start_dial (data->self, data->number, TRUE);
  dial_data_free (data);
}

static void
on_dialed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  DialData *data = user_data;
  DipccWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccDialAttempt) attempt = NULL;

  attempt = dipcc_session_dial_finish (DIPCC_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      dial_data_free (data);
      return;
    }

  if (g_error_matches (error, DIPCC_ERROR, DIPCC_ERROR_PHONE_OFFLINE))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                  _("Your Phone Is Offline"),
                                                  error->message);

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "call", _("Call _Anyway"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "call",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (on_offline_response), data);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  if (error != NULL)
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 8);
      if (g_error_matches (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED))
        {
          adw_toast_set_button_label (toast, _("_Preferences"));
          adw_toast_set_action_name (toast, "app.preferences");
        }
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      dial_data_free (data);
      return;
    }

  show_attempt (self, attempt);
  dial_data_free (data);
}

static void
start_dial (DipccWindow *self,
            const char  *number,
            gboolean     even_if_offline)
{
  DialData *data = g_new0 (DialData, 1);

  data->self = g_object_ref (self);
  data->number = g_strdup (number);
  dipcc_session_dial_async (self->session, number, even_if_offline, self->cancellable,
                            on_dialed, data);
}

/* ---- call forwarding -------------------------------------------------------- */

static void
on_forward_popover_show (DipccWindow *self)
{
  dipcc_forwarding_panel_refresh (self->forwarding_panel);
}

/* While every call goes elsewhere the header says so, in words. */
static void
on_always_destination (DipccWindow *self)
{
  const char *destination = dipcc_forwarding_panel_get_always_destination (self->forwarding_panel);

  if (destination != NULL)
    {
      g_autofree char *shown = dipcc_phone_number_format (destination);
      /* Translators: shown in the header while "Always" forwarding is on */
      g_autofree char *label = g_strdup_printf (_("Forwarding to %s"), shown);

      gtk_label_set_label (self->forward_label, label);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->forward_button), label);
      gtk_widget_add_css_class (GTK_WIDGET (self->forward_button), "warning");
    }
  else
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->forward_button), _("Call Forwarding"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->forward_button), "warning");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->forward_label), destination != NULL);
}

/* ---- actions -------------------------------------------------------------- */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DipccWindow *self = DIPCC_WINDOW (widget);

  dipcc_window_show_page (self, "contacts");
  dipcc_contacts_page_focus_search (self->contacts_page);
}

static void
dial_pad_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DipccWindow *self = DIPCC_WINDOW (widget);

  dipcc_window_show_page (self, "dial-pad");
  dipcc_dial_pad_focus (self->dial_pad);
}

static void
refresh_history_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DipccWindow *self = DIPCC_WINDOW (widget);

  dipcc_window_show_page (self, "history");
  dipcc_history_page_refresh (self->history_page);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  dipcc_window_show_page (DIPCC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_number_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DipccWindow *self = DIPCC_WINDOW (widget);

  dipcc_window_show_page (self, "contacts");
  dipcc_contacts_page_show_number (self->contacts_page, g_variant_get_string (parameter, NULL));
}

static void
hide_dial_bar_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  hide_dial_bar (DIPCC_WINDOW (widget));
}

/* ---- GObject -------------------------------------------------------------- */

static void
dipcc_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DipccWindow *self = DIPCC_WINDOW (object);

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
dipcc_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DipccWindow *self = DIPCC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_window_constructed (GObject *object)
{
  DipccWindow *self = DIPCC_WINDOW (object);
  GSettings *settings = dipcc_settings_get_gsettings (dipcc_session_get_settings (self->session));
  GtkIconTheme *theme;

  G_OBJECT_CLASS (dipcc_window_parent_class)->constructed (object);

  /* the app's own symbolic icon, also when run from the build tree */
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  gtk_icon_theme_add_resource_path (theme, "/io/github/dipcc/Companion/icons");

  g_object_set (self->contacts_page, "session", self->session, NULL);
  g_object_set (self->colleagues_page, "session", self->session, NULL);
  g_object_set (self->history_page, "session", self->session, NULL);
  g_object_set (self->dial_pad, "session", self->session, NULL);
  g_object_set (self->forwarding_panel, "session", self->session, NULL);

  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect (self->session, "notify::state", G_CALLBACK (on_session_status), self);
  g_signal_connect (self->session, "notify::status-message", G_CALLBACK (on_session_status),
                    self);
  g_signal_connect (self->session, "notify::reconnect-at", G_CALLBACK (on_session_status),
                    self);
  on_session_status (self->session, NULL, self);

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

static void
dipcc_window_dispose (GObject *object)
{
  DipccWindow *self = DIPCC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  hide_dial_bar (self);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIPCC_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dipcc_window_parent_class)->dispose (object);
}

static void
dipcc_window_finalize (GObject *object)
{
  DipccWindow *self = DIPCC_WINDOW (object);

  g_free (self->status_text);

  G_OBJECT_CLASS (dipcc_window_parent_class)->finalize (object);
}

static void
dipcc_window_class_init (DipccWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dipcc_window_get_property;
  object_class->set_property = dipcc_window_set_property;
  object_class->constructed = dipcc_window_constructed;
  object_class->dispose = dipcc_window_dispose;
  object_class->finalize = dipcc_window_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DIPCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIPCC_TYPE_CONTACTS_PAGE);
  g_type_ensure (DIPCC_TYPE_COLLEAGUES_PAGE);
  g_type_ensure (DIPCC_TYPE_HISTORY_PAGE);
  g_type_ensure (DIPCC_TYPE_DIAL_PAD);
  g_type_ensure (DIPCC_TYPE_FORWARDING_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dipcc/Companion/dipcc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, status_button);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, status_title);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, status_detail);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, dial_revealer);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, dial_icon);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, dial_label);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, contacts_page);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, colleagues_page);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, dial_pad);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, forward_button);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, forward_label);
  gtk_widget_class_bind_template_child (widget_class, DipccWindow, forwarding_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_forward_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_always_destination);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.dial-pad", NULL, dial_pad_action);
  gtk_widget_class_install_action (widget_class, "win.refresh-history", NULL,
                                   refresh_history_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-number", "s", show_number_action);
  gtk_widget_class_install_action (widget_class, "win.hide-dial-bar", NULL,
                                   hide_dial_bar_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "win.dial-pad", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0,
                                       "win.refresh-history", NULL);
}

static void
dipcc_window_init (DipccWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * dipcc_window_new:
 * @application: the app
 * @session: the session whose models the window shows
 *
 * Returns: (transfer full): a window
 */
DipccWindow *
dipcc_window_new (AdwApplication *application,
                  DipccSession   *session)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (DIPCC_IS_SESSION (session), NULL);

  return g_object_new (DIPCC_TYPE_WINDOW,
                       "application", application,
                       "session", session,
                       NULL);
}

DipccSession *
dipcc_window_get_session (DipccWindow *self)
{
  g_return_val_if_fail (DIPCC_IS_WINDOW (self), NULL);
  return self->session;
}

/**
 * dipcc_window_dial:
 * @self: a window
 * @number: a number as typed, pasted or linked
 *
 * Click-to-call, with "Call anyway" when the agent's phone is offline and
 * the progress in the bar under the header.
 */
void
dipcc_window_dial (DipccWindow *self,
                   const char  *number)
{
  g_return_if_fail (DIPCC_IS_WINDOW (self));
  g_return_if_fail (number != NULL);

  start_dial (self, number, FALSE);
}

/**
 * dipcc_window_show_page:
 * @self: a window
 * @name: "contacts", "colleagues", "history" or "dial-pad"
 */
void
dipcc_window_show_page (DipccWindow *self,
                        const char  *name)
{
  g_return_if_fail (DIPCC_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
dipcc_window_get_page (DipccWindow *self)
{
  g_return_val_if_fail (DIPCC_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
dipcc_window_add_toast (DipccWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (DIPCC_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * dipcc_window_get_status_text:
 * @self: a window
 *
 * Returns: the connection text in the header, for tests
 */
const char *
dipcc_window_get_status_text (DipccWindow *self)
{
  g_return_val_if_fail (DIPCC_IS_WINDOW (self), NULL);
  return self->status_text;
}

/**
 * dipcc_window_get_forwarding_panel:
 * @self: a window
 *
 * Returns: (transfer none): the call forwarding panel of the header
 */
DipccForwardingPanel *
dipcc_window_get_forwarding_panel (DipccWindow *self)
{
  g_return_val_if_fail (DIPCC_IS_WINDOW (self), NULL);
  return self->forwarding_panel;
}

/**
 * dipcc_window_get_forward_label:
 * @self: a window
 *
 * Returns: (nullable): the header's forwarding text while it shows, for tests
 */
const char *
dipcc_window_get_forward_label (DipccWindow *self)
{
  g_return_val_if_fail (DIPCC_IS_WINDOW (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->forward_label)))
    return NULL;
  return gtk_label_get_label (self->forward_label);
}

/**
 * dipcc_window_get_dial_text:
 * @self: a window
 *
 * Returns: (nullable): the click-to-call bar's text while it shows, for tests
 */
const char *
dipcc_window_get_dial_text (DipccWindow *self)
{
  g_return_val_if_fail (DIPCC_IS_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->dial_revealer))
    return NULL;
  return gtk_label_get_label (self->dial_label);
}
