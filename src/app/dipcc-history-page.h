/* dipcc-history-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-session.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_HISTORY_PAGE (dipcc_history_page_get_type ())

G_DECLARE_FINAL_TYPE (DipccHistoryPage, dipcc_history_page, DIPCC, HISTORY_PAGE, AdwBin)

DipccSession *dipcc_history_page_get_session (DipccHistoryPage *self);
void          dipcc_history_page_refresh     (DipccHistoryPage *self);
gboolean      dipcc_history_page_is_loading  (DipccHistoryPage *self);

G_END_DECLS
