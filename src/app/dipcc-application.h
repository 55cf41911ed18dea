/* dipcc-application.h: the app: one instance, one session, its windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-session.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_APPLICATION (dipcc_application_get_type ())

G_DECLARE_FINAL_TYPE (DipccApplication, dipcc_application, DIPCC, APPLICATION, AdwApplication)

DipccApplication *dipcc_application_new         (const char       *application_id);
DipccSession     *dipcc_application_get_session (DipccApplication *self);
GtkWindow        *dipcc_application_get_main_window (DipccApplication *self);

G_END_DECLS
