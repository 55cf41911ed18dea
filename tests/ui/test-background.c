/* test-background.c: "Start at login" outside Flatpak writes and removes
 * the autostart file, which starts the app with --background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "dipcc-background.h"
#include "dipcc-ui-test-utils.h"

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
request (gboolean autostart)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean granted = FALSE;
  gboolean ok;

  dipcc_background_request_async ("io.github.dipcc.Companion.Test", autostart, NULL, done_cb,
                                  &result);
  g_assert_true (dipcc_ui_test_wait (has_result, &result, 5000));
  ok = dipcc_background_request_finish (result, &granted, &error);
  g_assert_no_error (error);
  g_assert_cmpint (granted, ==, autostart);
  g_object_unref (result);
  return ok;
}

static void
test_autostart_file (void)
{
  g_autofree char *path = dipcc_background_get_autostart_path ("io.github.dipcc.Companion.Test");
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *exec = NULL;

  if (dipcc_background_is_sandboxed ())
    {
      g_test_skip ("inside Flatpak the portal decides");
      return;
    }
  g_assert_true (g_str_has_prefix (path, g_get_user_config_dir ()));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (request (TRUE));
  g_assert_true (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL));
  exec = g_key_file_get_string (file, "Desktop Entry", "Exec", NULL);
  g_assert_cmpstr (exec, ==, "dipcc-companion --background");

  g_assert_true (request (FALSE));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* turning it off twice is fine */
  g_assert_true (request (FALSE));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("dipcc-background-XXXXXX", NULL);
  int ret;

  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  dipcc_ui_test_init (&argc, &argv);
  g_test_add_func ("/background/autostart-file", test_autostart_file);
  ret = g_test_run ();
  {
    g_autofree char *autostart = g_build_filename (dir, "autostart", NULL);

    g_rmdir (autostart);
    g_rmdir (dir);
  }
  return ret;
}
