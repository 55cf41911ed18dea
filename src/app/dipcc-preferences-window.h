/* dipcc-preferences-window.h: connection, me, pop-ups, screen pop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-session.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_PREFERENCES_WINDOW (dipcc_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (DipccPreferencesWindow, dipcc_preferences_window, DIPCC,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

DipccPreferencesWindow *dipcc_preferences_window_new (DipccSession *session);

G_END_DECLS
