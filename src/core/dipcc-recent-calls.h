/* dipcc-recent-calls.h: the calls that ended, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-call.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_RECENT_CALLS (dipcc_recent_calls_get_type ())

G_DECLARE_FINAL_TYPE (DipccRecentCalls, dipcc_recent_calls, DIPCC, RECENT_CALLS, GObject)

DipccRecentCalls *dipcc_recent_calls_new         (void);
void              dipcc_recent_calls_prepend     (DipccRecentCalls *self,
                                                  DipccCall        *call);
void              dipcc_recent_calls_drop_oldest (DipccRecentCalls *self);

G_END_DECLS
