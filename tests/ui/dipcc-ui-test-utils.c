/* dipcc-ui-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "dipcc-ui-test-utils.h"

void
dipcc_ui_test_init (int    *argc,
                    char ***argv)
{
  g_autofree char *dir = g_dir_make_tmp ("dipcc-ui-XXXXXX", NULL);
  g_autofree char *keyring = g_build_filename (dir, "keyring", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-password", TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", FALSE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
dipcc_ui_test_wait (SimCondition condition,
                    gpointer     data,
                    guint        timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
dipcc_ui_test_spin (guint ms)
{
  dipcc_ui_test_wait (never, NULL, ms);
}

static void
on_frame (GdkFrameClock *clock,
          gboolean      *drawn)
{
  *drawn = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
dipcc_ui_test_wait_for_draw (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean drawn = FALSE;
  gulong id;

  g_assert_true (dipcc_ui_test_wait ((SimCondition) gtk_widget_get_mapped, widget, 5000));
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_frame), &drawn);
  gtk_widget_queue_draw (widget);
  g_assert_true (dipcc_ui_test_wait (is_true, &drawn, 5000));
  g_signal_handler_disconnect (clock, id);
}

char *
dipcc_ui_test_save_screenshot (GtkWidget  *widget,
                               const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?: ".",
                                           "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir, file, NULL);
  GskRenderer *renderer;
  int width, height;

  dipcc_ui_test_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

typedef struct {
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static gboolean
is_connected (gpointer data)
{
  return dipcc_session_get_state (data) == DIPCC_SESSION_STATE_CONNECTED &&
         dipcc_session_get_rest_client (data) != NULL;
}

DipccSession *
dipcc_ui_test_session_new (Sim        *sim,
                           const char *extension)
{
  g_autoptr(DipccSettings) settings = dipcc_settings_new ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(DipccConnectionConfig) config = NULL;
  g_autofree char *rest = g_strdup_printf ("http://127.0.0.1:%u", sim->rest_port);
  g_autofree char *ws = g_strdup_printf ("ws://127.0.0.1:%u", sim->ws_port);
  g_autofree char *account = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  GSettings *gs = dipcc_settings_get_gsettings (settings);
  DipccSession *session;
  Wait wait = { 0 };

  g_object_get (gs, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (gs, keys[i]);

  dipcc_settings_set_rest_url (settings, rest);
  dipcc_settings_set_tenant (settings, "1");
  dipcc_settings_set_ws_url (settings, ws);
  dipcc_settings_set_extension (settings, extension);

  session = dipcc_session_new (settings, NULL, NULL);
  dipcc_session_start (session);
  config = dipcc_connection_config_new_from_settings (settings);
  account = dipcc_connection_config_dup_rest_account (config);
  dipcc_session_store_secret_async (session, DIPCC_SECRET_KIND_APP_KEY, account, "demo-app-key",
                                    NULL, wait_cb, &wait);
  g_assert_true (dipcc_ui_test_wait (has_result, &wait, SIM_TIMEOUT));
  g_assert_true (dipcc_session_store_secret_finish (session, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
  g_assert_true (dipcc_ui_test_wait (is_connected, session, SIM_TIMEOUT));
  return session;
}

static gboolean
text_matches (GtkWidget  *widget,
              const char *text)
{
  static const char * const props[] = { "label", "title", "text", "tooltip-text" };

  if (text == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), props[i]);
      g_autofree char *value = NULL;

      if (pspec == NULL || pspec->value_type != G_TYPE_STRING)
        continue;
      g_object_get (widget, props[i], &value, NULL);
      if (g_strcmp0 (value, text) == 0)
        return TRUE;
    }
  return FALSE;
}

GtkWidget *
dipcc_ui_test_find (GtkWidget  *root,
                    GType       type,
                    const char *text)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type) && text_matches (root, text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dipcc_ui_test_find (child, type, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}
