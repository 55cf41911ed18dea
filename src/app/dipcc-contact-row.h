/* dipcc-contact-row.h: one contact in the contacts list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dipcc-contact.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_CONTACT_ROW (dipcc_contact_row_get_type ())

G_DECLARE_FINAL_TYPE (DipccContactRow, dipcc_contact_row, DIPCC, CONTACT_ROW, GtkWidget)

GtkWidget    *dipcc_contact_row_new              (void);
DipccContact *dipcc_contact_row_get_contact      (DipccContactRow *self);
void          dipcc_contact_row_set_contact      (DipccContactRow *self,
                                                  DipccContact    *contact);
const char   *dipcc_contact_row_label_to_display (const char      *label);

G_END_DECLS
