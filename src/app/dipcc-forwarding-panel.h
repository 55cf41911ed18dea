/* dipcc-forwarding-panel.h: the agent's call forwarding, four kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-session.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_FORWARDING_PANEL (dipcc_forwarding_panel_get_type ())

G_DECLARE_FINAL_TYPE (DipccForwardingPanel, dipcc_forwarding_panel, DIPCC, FORWARDING_PANEL,
                      GtkBox)

void        dipcc_forwarding_panel_refresh                (DipccForwardingPanel *self);
void        dipcc_forwarding_panel_apply                  (DipccForwardingPanel *self);
const char *dipcc_forwarding_panel_get_always_destination (DipccForwardingPanel *self);
gboolean    dipcc_forwarding_panel_get_busy               (DipccForwardingPanel *self);
void        dipcc_forwarding_panel_set_kind               (DipccForwardingPanel *self,
                                                           DipccForwardKind      kind,
                                                           gboolean              enabled,
                                                           const char           *destination);

G_END_DECLS
