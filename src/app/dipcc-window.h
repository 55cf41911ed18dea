/* dipcc-window.h: the main window: four pages under a connection header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-forwarding-panel.h"
#include "dipcc-session.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_WINDOW (dipcc_window_get_type ())

G_DECLARE_FINAL_TYPE (DipccWindow, dipcc_window, DIPCC, WINDOW, AdwApplicationWindow)

DipccWindow  *dipcc_window_new          (AdwApplication *application,
                                         DipccSession   *session);
DipccSession *dipcc_window_get_session  (DipccWindow    *self);
void          dipcc_window_dial         (DipccWindow    *self,
                                         const char     *number);
void          dipcc_window_show_page    (DipccWindow    *self,
                                         const char     *name);
const char   *dipcc_window_get_page     (DipccWindow    *self);
void          dipcc_window_add_toast    (DipccWindow    *self,
                                         AdwToast       *toast);
const char   *dipcc_window_get_status_text (DipccWindow *self);
DipccForwardingPanel *dipcc_window_get_forwarding_panel (DipccWindow *self);
const char   *dipcc_window_get_forward_label (DipccWindow *self);
const char   *dipcc_window_get_dial_text (DipccWindow *self);

G_END_DECLS
