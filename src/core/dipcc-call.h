/* dipcc-call.h: one call as the agent sees it, kept by the event stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * DipccCallDirection:
 * @DIPCC_CALL_DIRECTION_UNKNOWN: not known yet
 * @DIPCC_CALL_DIRECTION_INBOUND: from outside (a trunk)
 * @DIPCC_CALL_DIRECTION_OUTBOUND: from a phone here to outside
 * @DIPCC_CALL_DIRECTION_INTERNAL: between two phones here
 */
typedef enum {
  DIPCC_CALL_DIRECTION_UNKNOWN,
  DIPCC_CALL_DIRECTION_INBOUND,
  DIPCC_CALL_DIRECTION_OUTBOUND,
  DIPCC_CALL_DIRECTION_INTERNAL,
} DipccCallDirection;

/**
 * DipccCallState:
 * @DIPCC_CALL_STATE_RINGING: ringing a phone here, not answered yet
 * @DIPCC_CALL_STATE_DIALING: placed from here, the far end not answered yet
 * @DIPCC_CALL_STATE_ACTIVE: answered and talking
 * @DIPCC_CALL_STATE_ON_HOLD: answered, one side on hold
 * @DIPCC_CALL_STATE_ENDED: every channel hung up
 */
typedef enum {
  DIPCC_CALL_STATE_RINGING,
  DIPCC_CALL_STATE_DIALING,
  DIPCC_CALL_STATE_ACTIVE,
  DIPCC_CALL_STATE_ON_HOLD,
  DIPCC_CALL_STATE_ENDED,
} DipccCallState;

#define DIPCC_TYPE_CALL (dipcc_call_get_type ())

G_DECLARE_FINAL_TYPE (DipccCall, dipcc_call, DIPCC, CALL, GObject)

int                 dipcc_call_get_server_id          (DipccCall *self);
const char         *dipcc_call_get_linkedid           (DipccCall *self);
DipccCallDirection  dipcc_call_get_direction          (DipccCall *self);
DipccCallState      dipcc_call_get_state              (DipccCall *self);
const char         *dipcc_call_get_remote_number      (DipccCall *self);
const char         *dipcc_call_get_remote_name        (DipccCall *self);
const char         *dipcc_call_get_main_number        (DipccCall *self);
const char         *dipcc_call_get_did                (DipccCall *self);
const char         *dipcc_call_get_agent_endpoint     (DipccCall *self);
const char         *dipcc_call_get_answered_by        (DipccCall *self);
gboolean            dipcc_call_get_answered           (DipccCall *self);
gboolean            dipcc_call_get_answered_elsewhere (DipccCall *self);
gboolean            dipcc_call_get_rang_me            (DipccCall *self);
GDateTime          *dipcc_call_get_start_time         (DipccCall *self);
GDateTime          *dipcc_call_get_answer_time        (DipccCall *self);
GDateTime          *dipcc_call_get_end_time           (DipccCall *self);
int                 dipcc_call_get_hangup_cause       (DipccCall *self);
const char         *dipcc_call_get_hangup_cause_text  (DipccCall *self);
gboolean            dipcc_call_has_channel            (DipccCall *self,
                                                       const char *uniqueid);
guint               dipcc_call_get_n_channels         (DipccCall *self);

G_END_DECLS
