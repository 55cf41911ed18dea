/* dipcc-background.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inside Flatpak the Background portal decides whether the app may run
 * with no window (and start at login); an app without that permission is
 * killed by the portal's monitor. It is called over GDBus directly: about
 * as short as libportal, and without libportal's ABI change between
 * versions. Outside Flatpak nothing asks: starting at login is an
 * autostart desktop file the app writes or removes itself.
 */
#define G_LOG_DOMAIN "dipcc-background"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dipcc-background.h"
#include "dipcc-error.h"

#define PORTAL_BUS   "org.freedesktop.portal.Desktop"
#define PORTAL_PATH  "/org/freedesktop/portal/desktop"
#define PORTAL_IFACE "org.freedesktop.portal.Background"
#define REQUEST_IFACE "org.freedesktop.portal.Request"

gboolean
dipcc_background_is_sandboxed (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/**
 * dipcc_background_get_autostart_path:
 * @app_id: the app id
 *
 * Returns: (transfer full): `$XDG_CONFIG_HOME/autostart/APP_ID.desktop`
 */
char *
dipcc_background_get_autostart_path (const char *app_id)
{
  g_autofree char *name = g_strconcat (app_id, ".desktop", NULL);

  return g_build_filename (g_get_user_config_dir (), "autostart", name, NULL);
}

static gboolean
write_autostart (const char  *app_id,
                 gboolean     enable,
                 GError     **error)
{
  g_autofree char *path = dipcc_background_get_autostart_path (app_id);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;

  if (!enable)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED,
                       _("Could not remove %s: %s"), path, g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED,
                   _("Could not create %s: %s"), dir, g_strerror (errno));
      return FALSE;
    }
  contents = g_strdup_printf ("[Desktop Entry]\n"
                              "Type=Application\n"
                              "Name=DIPCC Companion\n"
                              "Icon=%s\n"
                              "Exec=dipcc-companion --background\n"
                              "X-GNOME-Autostart-enabled=true\n"
                              "NoDisplay=true\n",
                              app_id);
  return g_file_set_contents (path, contents, -1, error);
}

typedef struct {
  GDBusConnection *bus;
  char            *request_path;
  guint            subscription;
  gboolean         autostart;
} Request;

static void
request_free (Request *request)
{
  if (request->subscription != 0)
    g_dbus_connection_signal_unsubscribe (request->bus, request->subscription);
  g_clear_object (&request->bus);
  g_free (request->request_path);
  g_free (request);
}

static void
on_response (GDBusConnection *bus,
             const char      *sender,
             const char      *path,
             const char      *iface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GVariant) results = NULL;
  gboolean background = FALSE;
  guint32 response;

  g_dbus_connection_signal_unsubscribe (bus, request->subscription);
  request->subscription = 0;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &background);
  g_variant_lookup (results, "autostart", "b", &request->autostart);
  /* the portal answers "no" without an error: say so in words */
  if (response != 0 || !background)
    g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_FAILED, "%s",
                             _("Running in the background was not allowed. Pop-ups stop "
                               "when the window is closed; allow it in Settings › Apps."));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_requested (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             &error);

  if (reply == NULL)
    {
      Request *request = g_task_get_task_data (task);

      if (request->subscription != 0)
        g_dbus_connection_signal_unsubscribe (request->bus, request->subscription);
      request->subscription = 0;
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_FAILED,
                               _("Could not ask the desktop to run in the background: %s"),
                               error->message);
      g_object_unref (task);
    }
  /* else: the answer comes as the Request's Response signal */
}

/**
 * dipcc_background_request_async:
 * @app_id: the app id
 * @autostart: whether to start at login
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * Asks to keep running with no window and, if @autostart, to start at
 * login (in the background); outside Flatpak writes or removes the
 * autostart file instead.
 */
void
dipcc_background_request_async (const char          *app_id,
                                 gboolean             autostart,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *sender = NULL;
  GVariantBuilder options;
  const char *commandline[] = { "dipcc-companion", "--background", NULL };
  Request *request;

  g_task_set_source_tag (task, dipcc_background_request_async);
  request = g_new0 (Request, 1);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (!dipcc_background_is_sandboxed ())
    {
      request->autostart = autostart;
      if (write_autostart (app_id, autostart, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  request->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &error);
  if (request->bus == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* the Request object's path is known in advance: subscribe first */
  token = g_strdup_printf ("dipcc%u", g_random_int ());
  sender = g_strdup (g_dbus_connection_get_unique_name (request->bus) + 1);
  g_strdelimit (sender, ".", '_');
  request->request_path = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s",
                                           sender, token);
  request->subscription =
    g_dbus_connection_signal_subscribe (request->bus, PORTAL_BUS, REQUEST_IFACE, "Response",
                                        request->request_path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE, on_response, task,
                                        NULL);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Show incoming calls while the window is "
                                                 "closed")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (autostart));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_dbus_connection_call (request->bus, PORTAL_BUS, PORTAL_PATH, PORTAL_IFACE,
                          "RequestBackground", g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                          on_requested, task);
}

/**
 * dipcc_background_request_finish:
 * @result: the result
 * @autostart_granted: (out) (optional): whether the app starts at login
 * @error: return location for a #GError
 *
 * Returns: whether the app may run in the background
 */
gboolean
dipcc_background_request_finish (GAsyncResult  *result,
                                 gboolean      *autostart_granted,
                                 GError       **error)
{
  Request *request = g_task_get_task_data (G_TASK (result));

  if (autostart_granted != NULL)
    *autostart_granted = request->autostart;
  return g_task_propagate_boolean (G_TASK (result), error);
}
