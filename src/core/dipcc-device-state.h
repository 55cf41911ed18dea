/* dipcc-device-state.h: Asterisk device states in both spellings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DipccDeviceState:
 * @DIPCC_DEVICE_STATE_UNKNOWN: `Unknown` / `UNKNOWN`, or a text not known here
 * @DIPCC_DEVICE_STATE_NOT_INUSE: `Not in use` / `NOT_INUSE`: registered, idle
 * @DIPCC_DEVICE_STATE_INUSE: `In use` / `INUSE`: on a call
 * @DIPCC_DEVICE_STATE_BUSY: `Busy` / `BUSY`
 * @DIPCC_DEVICE_STATE_INVALID: `Invalid` / `INVALID`
 * @DIPCC_DEVICE_STATE_UNAVAILABLE: `Unavailable` / `UNAVAILABLE`: no phone registered
 * @DIPCC_DEVICE_STATE_RINGING: `Ringing` / `RINGING`
 * @DIPCC_DEVICE_STATE_RINGINUSE: `Ring+Inuse` / `RINGINUSE`: on a call, another ringing
 * @DIPCC_DEVICE_STATE_ONHOLD: `On Hold` / `ONHOLD`
 *
 * The values follow Asterisk's `enum ast_device_state`.
 */
typedef enum {
  DIPCC_DEVICE_STATE_UNKNOWN,
  DIPCC_DEVICE_STATE_NOT_INUSE,
  DIPCC_DEVICE_STATE_INUSE,
  DIPCC_DEVICE_STATE_BUSY,
  DIPCC_DEVICE_STATE_INVALID,
  DIPCC_DEVICE_STATE_UNAVAILABLE,
  DIPCC_DEVICE_STATE_RINGING,
  DIPCC_DEVICE_STATE_RINGINUSE,
  DIPCC_DEVICE_STATE_ONHOLD,
} DipccDeviceState;

gboolean     dipcc_device_state_parse          (const char       *text,
                                                DipccDeviceState *state);
DipccDeviceState dipcc_device_state_from_string (const char      *text);
const char  *dipcc_device_state_to_string      (DipccDeviceState  state);
gboolean     dipcc_device_state_is_registered  (DipccDeviceState  state);
char        *dipcc_endpoint_name_from_device   (const char       *device);

G_END_DECLS
