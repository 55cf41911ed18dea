/* dipcc-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One instance per desktop session: a second launch (a tel: link,
 * `--dial`) reaches the first one over D-Bus. The application owns the
 * session, so the models live as long as the app, not the window.
 */
#define G_LOG_DOMAIN "dipcc-application"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dipcc-application.h"
#include "dipcc-background.h"
#include "dipcc-call-uri.h"
#include "dipcc-error.h"
#include "dipcc-phone-number.h"
#include "dipcc-popup-manager.h"
#include "dipcc-text.h"
#include "dipcc-preferences-window.h"
#include "dipcc-window.h"

struct _DipccApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  DipccSettings  *settings;
  DipccSession   *session;
  DipccPopupManager *popups;

  gboolean        held;
  gboolean        start_hidden;
};

G_DEFINE_FINAL_TYPE (DipccApplication, dipcc_application, ADW_TYPE_APPLICATION)

/* DIPCC_REPORT_FIRST_FRAME=1, for tests/bench/bench-startup.c: when the
 * main window's first frame is painted, print `first-frame <µs>` (the
 * monotonic clock) on stderr and quit. */
static gboolean
quit_idle (gpointer data)
{
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_REMOVE;
}

static void
first_frame_painted (GdkFrameClock *clock,
                     gpointer       data)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted, data);
  g_printerr ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_idle_add_full (G_PRIORITY_DEFAULT, quit_idle, g_object_ref (data), g_object_unref);
}

static void
first_frame_realize (GtkWidget *window,
                     gpointer   data)
{
  g_signal_handlers_disconnect_by_func (window, first_frame_realize, data);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (first_frame_painted), data);
}

static DipccWindow *
ensure_window (DipccApplication *self)
{
  GtkWindow *window = dipcc_application_get_main_window (self);

  if (window == NULL)
    {
      GSettings *settings = dipcc_settings_get_gsettings (self->settings);
      gboolean background = g_settings_get_boolean (settings, "run-in-background");

      window = GTK_WINDOW (dipcc_window_new (ADW_APPLICATION (self), self->session));
      /* closing only hides it: the pop-ups go on until app.quit */
      gtk_window_set_hide_on_close (window, background);
      if (g_strcmp0 (g_getenv ("DIPCC_REPORT_FIRST_FRAME"), "1") == 0)
        g_signal_connect (window, "realize", G_CALLBACK (first_frame_realize), self);
      if (background && !self->held)
        {
          g_application_hold (G_APPLICATION (self));
          self->held = TRUE;
        }
    }
  return DIPCC_WINDOW (window);
}

static void
run_in_background_changed (GSettings        *settings,
                           const char       *key,
                           DipccApplication *self)
{
  gboolean background = g_settings_get_boolean (settings, key);
  GtkWindow *window = dipcc_application_get_main_window (self);

  if (window != NULL)
    gtk_window_set_hide_on_close (window, background);
  if (background && window != NULL && !self->held)
    {
      g_application_hold (G_APPLICATION (self));
      self->held = TRUE;
    }
  else if (!background && self->held)
    {
      self->held = FALSE;
      g_application_release (G_APPLICATION (self));
    }
}

/* ---- actions -------------------------------------------------------------- */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  DipccApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* closing every window first lets them save their state */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_destroy (window);
    }
  if (self->held)
    {
      self->held = FALSE;
      g_application_release (G_APPLICATION (self));
    }
  g_application_quit (G_APPLICATION (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  DipccApplication *self = user_data;
  DipccWindow *window = ensure_window (self);
  GtkWindow *preferences = GTK_WINDOW (dipcc_preferences_window_new (self->session));

  gtk_window_set_transient_for (preferences, GTK_WINDOW (window));
  gtk_window_set_modal (preferences, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (preferences);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  DipccApplication *self = user_data;
  static const char *developers[] = { "DIPCC Companion contributors", NULL };

  adw_show_about_window (GTK_WINDOW (ensure_window (self)),
                         "application-name", _("DIPCC Companion"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("DIPCC Companion contributors"),
                         "developers", developers,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         "comments", _("Caller pop-ups, click-to-call and colleagues’ phone "
                                       "states for call-center agents"),
                         "website", "https://github.com/dipcc/companion",
                         "issue-url", "https://github.com/dipcc/companion/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
dial_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  DipccApplication *self = user_data;
  DipccWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  dipcc_window_dial (window, g_variant_get_string (parameter, NULL));
}

static void
reconnect_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  DipccApplication *self = user_data;

  dipcc_session_reconnect_now (self->session);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "dial", dial_action, "s" },
  { "reconnect", reconnect_action },
};

/* ---- call links ----------------------------------------------------------- */


static void
confirm_response (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  DipccApplication *self = user_data;
  const char *number = g_object_get_data (G_OBJECT (dialog), "number");

  if (g_strcmp0 (response, "call") == 0 && number != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (self), "dial",
                                    g_variant_new_string (number));
}

static void
open_call_uri (DipccApplication *self,
               const char       *uri)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = dipcc_call_uri_parse (uri, &error);
  GtkWidget *dialog;
  g_autofree char *formatted = NULL;
  g_autofree char *heading = NULL;

  if (number == NULL)
    {
      g_autofree char *reason = dipcc_text_sanitize_display (error->message, -1, 120);
      g_autofree char *text = g_strdup_printf (_("Could not call this link: %s"), reason);
      /* a toast's title is markup */
      g_autofree char *escaped = g_markup_escape_text (text, -1);
      DipccWindow *window = ensure_window (self);

      gtk_window_present (GTK_WINDOW (window));
      dipcc_window_add_toast (window, adw_toast_new (escaped));
      return;
    }

  if (!g_settings_get_boolean (dipcc_settings_get_gsettings (self->settings),
                               "confirm-dial-links"))
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "dial",
                                      g_variant_new_string (number));
      return;
    }

  formatted = dipcc_phone_number_format (number);
  /* Translators: asked before calling a tel: link, e.g. "Call 02-1668-2471?" */
  heading = g_strdup_printf (_("Call %s?"), formatted ? formatted : number);
  dialog = adw_message_dialog_new (GTK_WINDOW (ensure_window (self)), heading,
                                   _("Another app asked to call this number."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "call", _("C_all"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "call",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "call");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "number", g_steal_pointer (&number), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response), self);
  gtk_window_present (GTK_WINDOW (ensure_window (self)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GApplication --------------------------------------------------------- */

static void
dipcc_application_open (GApplication  *application,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  DipccApplication *self = DIPCC_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      open_call_uri (self, uri);
    }
}

static int
dipcc_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  const char *number = NULL;

  if (g_variant_dict_contains (options, "background"))
    DIPCC_APPLICATION (application)->start_hidden = TRUE;
  if (!g_variant_dict_lookup (options, "dial", "&s", &number))
    return -1;

  if (!g_application_register (application, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  /* reaches the running instance if there is one, else this one */
  g_action_group_activate_action (G_ACTION_GROUP (application), "dial",
                                  g_variant_new_string (number));
  return g_application_get_is_remote (application) ? 0 : -1;
}

static void
on_background_answer (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DipccApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (dipcc_background_request_finish (result, NULL, &error))
    return;
  g_message ("%s", error->message);
  window = dipcc_application_get_main_window (self);
  if (window != NULL)
    dipcc_window_add_toast (DIPCC_WINDOW (window), adw_toast_new (error->message));
}

/* Asks (in Flatpak) to run with no window, and to start at login if the
 * agent wants; outside Flatpak keeps the autostart file in step. */
static void
request_background (DipccApplication *self)
{
  GSettings *settings = dipcc_settings_get_gsettings (self->settings);
  gboolean at_login = g_settings_get_boolean (settings, "start-at-login");

  if (!g_settings_get_boolean (settings, "run-in-background") && !at_login &&
      dipcc_background_is_sandboxed ())
    return;
  dipcc_background_request_async (g_application_get_application_id (G_APPLICATION (self)),
                                  at_login, NULL, on_background_answer, g_object_ref (self));
}

static void
on_start_at_login_changed (GSettings        *settings,
                           const char       *key,
                           DipccApplication *self)
{
  request_background (self);
}

static void
dipcc_application_startup (GApplication *application)
{
  DipccApplication *self = DIPCC_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (dipcc_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  self->settings = dipcc_settings_new ();
  self->session = dipcc_session_new (self->settings, NULL, NULL);
  g_signal_connect_object (dipcc_settings_get_gsettings (self->settings),
                           "changed::run-in-background",
                           G_CALLBACK (run_in_background_changed), self, 0);
  g_signal_connect_object (dipcc_settings_get_gsettings (self->settings),
                           "changed::start-at-login",
                           G_CALLBACK (on_start_at_login_changed), self, 0);
  self->popups = dipcc_popup_manager_new (self->session, GTK_APPLICATION (self));
  dipcc_session_start (self->session);
  request_background (self);
}

static void
dipcc_application_activate (GApplication *application)
{
  DipccApplication *self = DIPCC_APPLICATION (application);

  /* started at login with --background: pop-ups only, no window yet */
  if (self->start_hidden)
    {
      self->start_hidden = FALSE;
      if (!self->held)
        {
          g_application_hold (G_APPLICATION (self));
          self->held = TRUE;
        }
      return;
    }
  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

static void
dipcc_application_shutdown (GApplication *application)
{
  DipccApplication *self = DIPCC_APPLICATION (application);

  if (self->session != NULL)
    dipcc_session_stop (self->session);

  G_APPLICATION_CLASS (dipcc_application_parent_class)->shutdown (application);
}

static void
dipcc_application_dispose (GObject *object)
{
  DipccApplication *self = DIPCC_APPLICATION (object);

  g_clear_object (&self->popups);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dipcc_application_parent_class)->dispose (object);
}

static void
dipcc_application_class_init (DipccApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dipcc_application_dispose;
  app_class->startup = dipcc_application_startup;
  app_class->activate = dipcc_application_activate;
  app_class->shutdown = dipcc_application_shutdown;
  app_class->open = dipcc_application_open;
  app_class->handle_local_options = dipcc_application_handle_local_options;
}

static void
dipcc_application_init (DipccApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "dial", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_STRING, _("Call NUMBER"), _("NUMBER"));
  g_application_add_main_option (G_APPLICATION (self), "background", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Start without a window, for pop-ups only (as at login)"),
                                 NULL);
}

/**
 * dipcc_application_new:
 * @application_id: the app id (`.Devel` in development builds)
 *
 * Returns: (transfer full): the application
 */
DipccApplication *
dipcc_application_new (const char *application_id)
{
  return g_object_new (DIPCC_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/dipcc/Companion",
                       NULL);
}

/**
 * dipcc_application_get_session:
 * @self: the app
 *
 * Returns: (transfer none) (nullable): the session, after startup
 */
DipccSession *
dipcc_application_get_session (DipccApplication *self)
{
  g_return_val_if_fail (DIPCC_IS_APPLICATION (self), NULL);
  return self->session;
}

/**
 * dipcc_application_get_main_window:
 * @self: the app
 *
 * Returns: (transfer none) (nullable): the main window, if open
 */
GtkWindow *
dipcc_application_get_main_window (DipccApplication *self)
{
  GList *windows;

  g_return_val_if_fail (DIPCC_IS_APPLICATION (self), NULL);

  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  for (GList *l = windows; l != NULL; l = l->next)
    if (DIPCC_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}
