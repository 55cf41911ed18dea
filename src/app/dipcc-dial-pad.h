/* dipcc-dial-pad.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-session.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_DIAL_PAD (dipcc_dial_pad_get_type ())

G_DECLARE_FINAL_TYPE (DipccDialPad, dipcc_dial_pad, DIPCC, DIAL_PAD, AdwBin)

DipccSession *dipcc_dial_pad_get_session (DipccDialPad *self);
void          dipcc_dial_pad_focus       (DipccDialPad *self);
/* The number the Call button dials, NULL while the entry is empty or invalid */
const char   *dipcc_dial_pad_get_number  (DipccDialPad *self);

G_END_DECLS
