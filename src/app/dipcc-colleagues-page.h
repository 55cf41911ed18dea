/* dipcc-colleagues-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-session.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_COLLEAGUES_PAGE (dipcc_colleagues_page_get_type ())

G_DECLARE_FINAL_TYPE (DipccColleaguesPage, dipcc_colleagues_page, DIPCC, COLLEAGUES_PAGE, AdwBin)

DipccSession *dipcc_colleagues_page_get_session  (DipccColleaguesPage *self);
void          dipcc_colleagues_page_set_session  (DipccColleaguesPage *self,
                                                  DipccSession        *session);
GListModel   *dipcc_colleagues_page_get_model    (DipccColleaguesPage *self);

G_END_DECLS
