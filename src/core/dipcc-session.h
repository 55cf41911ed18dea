/* dipcc-session.h: one agent's connection to the PBX and the models it feeds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-call-list.h"
#include "dipcc-caller-resolver.h"
#include "dipcc-connection-config.h"
#include "dipcc-contact-store.h"
#include "dipcc-dial-attempt.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-forwarding.h"
#include "dipcc-pbx-client.h"
#include "dipcc-rest-client.h"
#include "dipcc-secret-store.h"
#include "dipcc-settings.h"

G_BEGIN_DECLS

/**
 * DipccSessionState:
 * @DIPCC_SESSION_STATE_UNCONFIGURED: nothing set up yet: the welcome page
 * @DIPCC_SESSION_STATE_CONNECTING: connecting or logging in
 * @DIPCC_SESSION_STATE_CONNECTED: events flow
 * @DIPCC_SESSION_STATE_RECONNECTING: the link broke; retrying at
 *   #DipccSession:reconnect-at
 * @DIPCC_SESSION_STATE_AUTH_FAILED: the PBX refused the credentials
 * @DIPCC_SESSION_STATE_ERROR: the settings are incomplete (a missing secret,
 *   no event channel); #DipccSession:status-message says what to fix
 *
 * What the header shows.
 */
typedef enum {
  DIPCC_SESSION_STATE_UNCONFIGURED,
  DIPCC_SESSION_STATE_CONNECTING,
  DIPCC_SESSION_STATE_CONNECTED,
  DIPCC_SESSION_STATE_RECONNECTING,
  DIPCC_SESSION_STATE_AUTH_FAILED,
  DIPCC_SESSION_STATE_ERROR,
} DipccSessionState;

#define DIPCC_TYPE_SESSION (dipcc_session_get_type ())

G_DECLARE_FINAL_TYPE (DipccSession, dipcc_session, DIPCC, SESSION, GObject)

DipccSession        *dipcc_session_new                  (DipccSettings        *settings,
                                                         DipccSecretStore     *secrets,
                                                         GFile                *contacts_file);
void                 dipcc_session_start                (DipccSession         *self);
void                 dipcc_session_stop                 (DipccSession         *self);
void                 dipcc_session_reconnect_now        (DipccSession         *self);
void                 dipcc_session_reload               (DipccSession         *self);
DipccSettings       *dipcc_session_get_settings         (DipccSession         *self);
DipccSecretStore    *dipcc_session_get_secret_store     (DipccSession         *self);
DipccContactStore   *dipcc_session_get_contacts         (DipccSession         *self);
DipccEndpointList   *dipcc_session_get_endpoints        (DipccSession         *self);
DipccCallList       *dipcc_session_get_calls            (DipccSession         *self);
DipccCallerResolver *dipcc_session_get_resolver         (DipccSession         *self);
DipccPbxClient      *dipcc_session_get_pbx_client       (DipccSession         *self);
DipccRestClient     *dipcc_session_get_rest_client      (DipccSession         *self);
DipccForwarding     *dipcc_session_get_forwarding       (DipccSession         *self);
const DipccConnectionConfig *dipcc_session_get_config   (DipccSession         *self);
DipccSessionState    dipcc_session_get_state            (DipccSession         *self);
const char          *dipcc_session_get_status_message   (DipccSession         *self);
gint64               dipcc_session_get_reconnect_at     (DipccSession         *self);
const char          *dipcc_session_get_contacts_error   (DipccSession         *self);
DipccEndpoint       *dipcc_session_get_my_endpoint      (DipccSession         *self);
void                 dipcc_session_store_secret_async   (DipccSession         *self,
                                                         DipccSecretKind       kind,
                                                         const char           *account,
                                                         const char           *secret,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean             dipcc_session_store_secret_finish  (DipccSession         *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void                 dipcc_session_save_contacts        (DipccSession         *self);
void                 dipcc_session_dial_async           (DipccSession         *self,
                                                         const char           *number,
                                                         gboolean              even_if_offline,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
DipccDialAttempt    *dipcc_session_dial_finish          (DipccSession         *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
