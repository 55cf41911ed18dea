/* test-korean.c: the main window and the preferences in Korean under Xvfb:
 * the page titles and the connection status come from ko.po, and each page
 * is photographed so a person can check that Hangul renders and fits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "dipcc-preferences-window.h"
#include "dipcc-ui-test-utils.h"
#include "dipcc-window.h"

static AdwApplication *app;

static gboolean
status_is (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (dipcc_window_get_status_text (pair[0]), pair[1]) == 0;
}

/* The title of the view stack page named @name. */
static char *
page_title (AdwViewStack *stack,
            const char   *name)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (stack, name);

  g_assert_nonnull (child);
  return g_strdup (adw_view_stack_page_get_title (adw_view_stack_get_page (stack, child)));
}

static void
test_translated (void)
{
  /* the catalogue itself is Korean: nothing below can pass on English */
  g_assert_cmpstr (_("Connected"), ==, "연결됨");
  g_assert_cmpstr (_("Contacts"), ==, "연락처");
}

static void
test_window (void)
{
  Sim *sim = sim_start ("--demo", NULL);
  DipccSession *session = dipcc_ui_test_session_new (sim, "0101");
  DipccWindow *window = dipcc_window_new (app, session);
  gpointer connected[2] = { window, (gpointer) "연결됨" };
  static const struct { const char *name; const char *title; } pages[] = {
    { "contacts", "연락처" },
    { "colleagues", "동료" },
    { "history", "통화 기록" },
    { "dial-pad", "다이얼 패드" },
  };
  static const char * const prefs_pages[] = { "me", "popups", "screen-pop" };
  AdwViewStack *stack;
  DipccPreferencesWindow *prefs;
  g_autofree char *prefs_path = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (dipcc_ui_test_wait (status_is, connected, SIM_TIMEOUT));

  stack = ADW_VIEW_STACK (dipcc_ui_test_find (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL));
  g_assert_nonnull (stack);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *title = page_title (stack, pages[i].name);
      g_autofree char *shot = g_strdup_printf ("ko-%s", pages[i].name);
      g_autofree char *path = NULL;

      g_assert_cmpstr (title, ==, pages[i].title);
      dipcc_window_show_page (window, pages[i].name);
      g_assert_cmpstr (dipcc_window_get_page (window), ==, pages[i].name);
      dipcc_ui_test_spin (300);
      path = dipcc_ui_test_save_screenshot (GTK_WIDGET (window), shot);
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  /* a button of the preferences, found by its Korean label */
  prefs = dipcc_preferences_window_new (session);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (prefs), 640, 720);
  gtk_window_present (GTK_WINDOW (prefs));
  dipcc_ui_test_spin (300);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (prefs)), ==, "기본 설정");
  g_assert_nonnull (dipcc_ui_test_find (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, "테스트(_T)"));
  prefs_path = dipcc_ui_test_save_screenshot (GTK_WIDGET (prefs), "ko-preferences");
  g_assert_true (g_file_test (prefs_path, G_FILE_TEST_EXISTS));
  /* the other pages too, for their longer descriptions */
  for (guint i = 0; i < G_N_ELEMENTS (prefs_pages); i++)
    {
      g_autofree char *shot = g_strdup_printf ("ko-preferences-%s", prefs_pages[i]);
      g_autofree char *path = NULL;

      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs),
                                                    prefs_pages[i]);
      dipcc_ui_test_spin (200);
      path = dipcc_ui_test_save_screenshot (GTK_WIDGET (prefs), shot);
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  dipcc_session_stop (session);
  g_object_unref (session);
  sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("DIPCC_LOCALEDIR");
  int ret;

  /* Only C.UTF-8 + LANGUAGE works without a generated ko_KR locale; set it
   * again after gtk_test_init, which picks a locale of its own. */
  g_setenv ("LANGUAGE", "ko", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  dipcc_ui_test_init (&argc, &argv);
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));

  app = g_object_new (ADW_TYPE_APPLICATION,
                      "application-id", "io.github.dipcc.Companion.Test",
                      "resource-base-path", "/io/github/dipcc/Companion",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/korean/translated", test_translated);
  g_test_add_func ("/korean/window", test_window);
  ret = g_test_run ();
  g_object_unref (app);
  return ret;
}
