/* dipcc-contact-editor.h: a window to add or change one contact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-session.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_CONTACT_EDITOR (dipcc_contact_editor_get_type ())

G_DECLARE_FINAL_TYPE (DipccContactEditor, dipcc_contact_editor, DIPCC, CONTACT_EDITOR, AdwWindow)

DipccContactEditor *dipcc_contact_editor_new  (GtkWindow          *parent,
                                               DipccSession       *session,
                                               DipccContact       *contact);
gboolean            dipcc_contact_editor_save (DipccContactEditor *self);
void                dipcc_contact_editor_set_number (DipccContactEditor *self,
                                                     const char         *number);

G_END_DECLS
