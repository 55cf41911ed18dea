/* dipcc-dial-attempt.h: one click-to-call, followed from request to hangup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-call-list.h"
#include "dipcc-endpoint.h"

G_BEGIN_DECLS

/**
 * DipccDialStage:
 * @DIPCC_DIAL_STAGE_REQUESTING: asking the PBX to place the call
 * @DIPCC_DIAL_STAGE_RINGING_YOU: the agent's own phone rings first
 * @DIPCC_DIAL_STAGE_CALLING: the agent picked up; the other side rings
 * @DIPCC_DIAL_STAGE_IN_CALL: the other side answered
 * @DIPCC_DIAL_STAGE_ENDED: the call is over
 * @DIPCC_DIAL_STAGE_FAILED: the PBX refused, or nothing happened in time
 *
 * How far a click-to-call got, as the models see it.
 */
typedef enum {
  DIPCC_DIAL_STAGE_REQUESTING,
  DIPCC_DIAL_STAGE_RINGING_YOU,
  DIPCC_DIAL_STAGE_CALLING,
  DIPCC_DIAL_STAGE_IN_CALL,
  DIPCC_DIAL_STAGE_ENDED,
  DIPCC_DIAL_STAGE_FAILED,
} DipccDialStage;

#define DIPCC_TYPE_DIAL_ATTEMPT (dipcc_dial_attempt_get_type ())

G_DECLARE_FINAL_TYPE (DipccDialAttempt, dipcc_dial_attempt, DIPCC, DIAL_ATTEMPT, GObject)

DipccDialAttempt *dipcc_dial_attempt_new            (DipccCallList    *calls,
                                                     DipccEndpoint    *endpoint,
                                                     const char       *extension,
                                                     const char       *number);
const char       *dipcc_dial_attempt_get_number     (DipccDialAttempt *self);
const char       *dipcc_dial_attempt_get_extension  (DipccDialAttempt *self);
DipccDialStage    dipcc_dial_attempt_get_stage      (DipccDialAttempt *self);
const char       *dipcc_dial_attempt_get_message    (DipccDialAttempt *self);
DipccCall        *dipcc_dial_attempt_get_call       (DipccDialAttempt *self);
gboolean          dipcc_dial_attempt_is_finished    (DipccDialAttempt *self);
void              dipcc_dial_attempt_accepted       (DipccDialAttempt *self);
void              dipcc_dial_attempt_fail           (DipccDialAttempt *self,
                                                     const char       *message);
guint             dipcc_dial_attempt_get_ring_timeout (DipccDialAttempt *self);
void              dipcc_dial_attempt_set_ring_timeout (DipccDialAttempt *self,
                                                       guint             seconds);

G_END_DECLS
