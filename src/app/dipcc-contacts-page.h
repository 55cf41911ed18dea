/* dipcc-contacts-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-session.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_CONTACTS_PAGE (dipcc_contacts_page_get_type ())

G_DECLARE_FINAL_TYPE (DipccContactsPage, dipcc_contacts_page, DIPCC, CONTACTS_PAGE, AdwBin)

DipccSession *dipcc_contacts_page_get_session (DipccContactsPage *self);
void dipcc_contacts_page_focus_search (DipccContactsPage *self);
void dipcc_contacts_page_import (DipccContactsPage *self,
                                 GFile             *file);

void          dipcc_contacts_page_show_number (DipccContactsPage *self,
                                               const char        *number);

G_END_DECLS
