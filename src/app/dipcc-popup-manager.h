/* dipcc-popup-manager.h: a desktop notification for each incoming call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dipcc-session.h"

G_BEGIN_DECLS

/**
 * DipccUriLauncher:
 * @uri: the address to open
 * @user_data: the data given with the launcher
 *
 * Opens a screen-pop address; tests replace it to record instead.
 */
typedef void (*DipccUriLauncher) (const char *uri,
                                  gpointer    user_data);

#define DIPCC_TYPE_POPUP_MANAGER (dipcc_popup_manager_get_type ())

G_DECLARE_FINAL_TYPE (DipccPopupManager, dipcc_popup_manager, DIPCC, POPUP_MANAGER, GObject)

DipccPopupManager *dipcc_popup_manager_new              (DipccSession      *session,
                                                         GtkApplication    *application);
void               dipcc_popup_manager_set_uri_launcher (DipccPopupManager *self,
                                                         DipccUriLauncher   launcher,
                                                         gpointer           user_data);
guint              dipcc_popup_manager_get_n_shown      (DipccPopupManager *self);
/* benchmarks only: the default is 3 */
void               dipcc_popup_manager_set_storm_threshold_for_testing
                                                        (DipccPopupManager *self,
                                                         guint              threshold);

G_END_DECLS
