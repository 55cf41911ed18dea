/* main.c: dipcc-companion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "dipcc-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DipccApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* build-aux/run points this at the build tree's compiled catalogs */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DIPCC_LOCALEDIR") ? g_getenv ("DIPCC_LOCALEDIR")
                                                                : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = dipcc_application_new (APP_ID);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
