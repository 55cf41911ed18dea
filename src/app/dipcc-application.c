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

#include "dipcc-application.h"
#include "dipcc-popup-manager.h"
#include "dipcc-preferences-window.h"
#include "dipcc-window.h"

struct _DipccApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  DipccSettings  *settings;
  DipccSession   *session;
  DipccPopupManager *popups;
};

G_DEFINE_FINAL_TYPE (DipccApplication, dipcc_application, ADW_TYPE_APPLICATION)

static DipccWindow *
ensure_window (DipccApplication *self)
{
  GtkWindow *window = dipcc_application_get_main_window (self);

  if (window == NULL)
    window = GTK_WINDOW (dipcc_window_new (ADW_APPLICATION (self), self->session));
  return DIPCC_WINDOW (window);
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

/* ---- GApplication --------------------------------------------------------- */

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
  self->popups = dipcc_popup_manager_new (self->session, GTK_APPLICATION (self));
  dipcc_session_start (self->session);
}

static void
dipcc_application_activate (GApplication *application)
{
  DipccApplication *self = DIPCC_APPLICATION (application);

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
}

static void
dipcc_application_init (DipccApplication *self)
{
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
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
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
