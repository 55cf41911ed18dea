/* dipcc-call-private.h: what DipccCallList changes on a call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dipcc-call.h"

G_BEGIN_DECLS

DipccCall *dipcc_call_new                   (int                 server_id,
                                             const char         *linkedid);
void       dipcc_call_set_direction         (DipccCall          *self,
                                             DipccCallDirection  direction);
void       dipcc_call_set_state             (DipccCall          *self,
                                             DipccCallState      state);
void       dipcc_call_set_remote_number     (DipccCall          *self,
                                             const char         *number);
void       dipcc_call_set_remote_name       (DipccCall          *self,
                                             const char         *name);
void       dipcc_call_set_main_number       (DipccCall          *self,
                                             const char         *number);
void       dipcc_call_set_did               (DipccCall          *self,
                                             const char         *did);
void       dipcc_call_set_agent_endpoint    (DipccCall          *self,
                                             const char         *endpoint);
void       dipcc_call_set_answered          (DipccCall          *self,
                                             const char         *answered_by,
                                             gboolean            elsewhere);
void       dipcc_call_set_rang_me           (DipccCall          *self);
void       dipcc_call_set_ended             (DipccCall          *self,
                                             int                 cause,
                                             const char         *cause_text);
void       dipcc_call_add_channel           (DipccCall          *self,
                                             const char         *uniqueid);
gboolean   dipcc_call_remove_channel        (DipccCall          *self,
                                             const char         *uniqueid);

/* Bookkeeping of the list, not properties. */
typedef struct {
  gboolean  incoming_emitted;
  gboolean  origin_local;
  char     *origin_endpoint;
  guint     generation;
  guint     linger_id;
  GPtrArray *rung;          /* endpoint names that rang, in order */
  gpointer  list_key;       /* the list's key for the call while active (borrowed) */
} DipccCallTracking;

DipccCallTracking *dipcc_call_get_tracking  (DipccCall          *self);

G_END_DECLS
