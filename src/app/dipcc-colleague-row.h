/* dipcc-colleague-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-endpoint.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_COLLEAGUE_ROW (dipcc_colleague_row_get_type ())

G_DECLARE_FINAL_TYPE (DipccColleagueRow, dipcc_colleague_row, DIPCC, COLLEAGUE_ROW, GtkWidget)

GtkWidget     *dipcc_colleague_row_new          (void);
DipccEndpoint *dipcc_colleague_row_get_endpoint (DipccColleagueRow *self);
void           dipcc_colleague_row_set_endpoint (DipccColleagueRow *self,
                                                 DipccEndpoint     *endpoint);
const char    *dipcc_colleague_row_get_state_text (DipccColleagueRow *self);

G_END_DECLS
