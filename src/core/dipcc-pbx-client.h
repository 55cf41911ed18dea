/* dipcc-pbx-client.h: the live connection to the PBX
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-ami-message.h"
#include "dipcc-transport.h"

G_BEGIN_DECLS

/**
 * DipccPbxState:
 * @DIPCC_PBX_STATE_DISCONNECTED: not started, or stopped
 * @DIPCC_PBX_STATE_CONNECTING: opening the connection
 * @DIPCC_PBX_STATE_AUTHENTICATING: connected, logging in to AMI
 * @DIPCC_PBX_STATE_CONNECTED: ready for actions
 * @DIPCC_PBX_STATE_RECONNECTING: waiting before the next attempt
 *   (#DipccPbxClient:reconnect-in)
 * @DIPCC_PBX_STATE_AUTH_FAILED: the PBX rejected the credentials; no more
 *   attempts until dipcc_pbx_client_reconnect_now() or _start()
 */
typedef enum {
  DIPCC_PBX_STATE_DISCONNECTED,
  DIPCC_PBX_STATE_CONNECTING,
  DIPCC_PBX_STATE_AUTHENTICATING,
  DIPCC_PBX_STATE_CONNECTED,
  DIPCC_PBX_STATE_RECONNECTING,
  DIPCC_PBX_STATE_AUTH_FAILED,
} DipccPbxState;

/**
 * DipccActionFlags:
 * @DIPCC_ACTION_FLAGS_NONE: wait for the response
 * @DIPCC_ACTION_FLAGS_LIST: a list action: collect the events carrying its
 *   ActionID until the `…Complete` event (with or without `EventList`)
 * @DIPCC_ACTION_FLAGS_NO_REPLY: complete as soon as the action is written
 *   (`Logoff` and `Originate` over the WebSocket always are)
 * @DIPCC_ACTION_FLAGS_EMIT_EVENTS: the list items also go out through
 *   #DipccPbxClient::event, for the models
 */
typedef enum {
  DIPCC_ACTION_FLAGS_NONE = 0,
  DIPCC_ACTION_FLAGS_LIST = 1 << 0,
  DIPCC_ACTION_FLAGS_NO_REPLY = 1 << 1,
  DIPCC_ACTION_FLAGS_EMIT_EVENTS = 1 << 2,
} DipccActionFlags;

#define DIPCC_TYPE_ACTION_RESULT (dipcc_action_result_get_type ())

typedef struct _DipccActionResult DipccActionResult;

GType              dipcc_action_result_get_type      (void) G_GNUC_CONST;
DipccActionResult *dipcc_action_result_ref           (DipccActionResult *result);
void               dipcc_action_result_unref         (DipccActionResult *result);
const char        *dipcc_action_result_get_action_id (DipccActionResult *result);
int                dipcc_action_result_get_server_id (DipccActionResult *result);
DipccAmiMessage   *dipcc_action_result_get_response  (DipccActionResult *result);
GPtrArray         *dipcc_action_result_get_items     (DipccActionResult *result);
DipccAmiMessage   *dipcc_action_result_get_complete  (DipccActionResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DipccActionResult, dipcc_action_result_unref)

#define DIPCC_TYPE_PBX_CLIENT (dipcc_pbx_client_get_type ())

G_DECLARE_FINAL_TYPE (DipccPbxClient, dipcc_pbx_client, DIPCC, PBX_CLIENT, GObject)

DipccPbxClient    *dipcc_pbx_client_new                (DipccTransport       *transport);

DipccTransport    *dipcc_pbx_client_get_transport      (DipccPbxClient       *self);
void               dipcc_pbx_client_set_credentials    (DipccPbxClient       *self,
                                                        const char           *username,
                                                        const char           *secret);
void               dipcc_pbx_client_start              (DipccPbxClient       *self);
void               dipcc_pbx_client_stop               (DipccPbxClient       *self);
void               dipcc_pbx_client_reconnect_now      (DipccPbxClient       *self);

DipccPbxState      dipcc_pbx_client_get_state          (DipccPbxClient       *self);
const GError      *dipcc_pbx_client_get_last_error     (DipccPbxClient       *self);
guint              dipcc_pbx_client_get_reconnect_in   (DipccPbxClient       *self);

void               dipcc_pbx_client_set_server_ids     (DipccPbxClient       *self,
                                                        const int            *server_ids,
                                                        guint                 n_server_ids);
int               *dipcc_pbx_client_get_server_ids     (DipccPbxClient       *self,
                                                        guint                *n_server_ids);
gboolean           dipcc_pbx_client_is_server_up       (DipccPbxClient       *self,
                                                        int                   server_id);

void               dipcc_pbx_client_send_action_async  (DipccPbxClient       *self,
                                                        DipccAmiMessage      *action,
                                                        int                   server_id,
                                                        DipccActionFlags      flags,
                                                        guint                 timeout_ms,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
DipccActionResult *dipcc_pbx_client_send_action_finish (DipccPbxClient       *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
