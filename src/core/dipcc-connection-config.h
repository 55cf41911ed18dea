/* dipcc-connection-config.h: everything needed to reach one PBX
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-pbx-client.h"
#include "dipcc-rest-client.h"
#include "dipcc-settings.h"

G_BEGIN_DECLS

/**
 * DipccConnectionConfig:
 * @rest_url: REST base address, "" when not set
 * @tenant: tenant id
 * @app_key: (nullable): the REST app-key, from the keyring or a file
 * @event_channel: WebSocket or plain AMI
 * @ws_url: the WebSocket address
 * @ws_dialect: the WebSocket request dialect
 * @server_ids: (element-type int): AMI server ids, never empty
 * @ami_host: AMI host
 * @ami_port: AMI port
 * @ami_user: AMI user
 * @ami_secret: (nullable): the AMI secret
 * @ami_tls: AMI over TLS
 * @tls_pin: SHA-256 fingerprint of a pinned certificate, "" for none
 * @timeout_s: seconds to wait for the PBX
 *
 * One snapshot of where the PBX is and how to log in, built from the
 * settings (and, in the CLI, its options) so that the app, the CLI and
 * "Test connection" make their clients the same way.
 */
typedef struct {
  char              *rest_url;
  char              *tenant;
  char              *app_key;
  DipccEventChannel  event_channel;
  char              *ws_url;
  DipccWsDialect     ws_dialect;
  GArray            *server_ids;
  char              *ami_host;
  guint16            ami_port;
  char              *ami_user;
  char              *ami_secret;
  gboolean           ami_tls;
  char              *tls_pin;
  guint              timeout_s;
} DipccConnectionConfig;

#define DIPCC_TYPE_CONNECTION_CONFIG (dipcc_connection_config_get_type ())

GType                  dipcc_connection_config_get_type          (void) G_GNUC_CONST;
DipccConnectionConfig *dipcc_connection_config_new               (void);
DipccConnectionConfig *dipcc_connection_config_new_from_settings (DipccSettings               *settings);
DipccConnectionConfig *dipcc_connection_config_copy              (const DipccConnectionConfig *config);
void                   dipcc_connection_config_free              (DipccConnectionConfig       *config);
gboolean               dipcc_connection_config_equal             (const DipccConnectionConfig *a,
                                                                  const DipccConnectionConfig *b);
void                   dipcc_connection_config_set_app_key       (DipccConnectionConfig       *config,
                                                                  const char                  *app_key);
void                   dipcc_connection_config_set_ami_secret    (DipccConnectionConfig       *config,
                                                                  const char                  *secret);
gboolean               dipcc_connection_config_has_rest          (const DipccConnectionConfig *config);
gboolean               dipcc_connection_config_has_events        (const DipccConnectionConfig *config);
char                  *dipcc_connection_config_dup_rest_account  (const DipccConnectionConfig *config);
char                  *dipcc_connection_config_dup_ami_account   (const DipccConnectionConfig *config);
int                    dipcc_connection_config_get_first_server  (const DipccConnectionConfig *config);
DipccRestClient       *dipcc_connection_config_create_rest_client (const DipccConnectionConfig *config,
                                                                   GError                     **error);
DipccPbxClient        *dipcc_connection_config_create_pbx_client  (const DipccConnectionConfig *config,
                                                                   GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DipccConnectionConfig, dipcc_connection_config_free)

G_END_DECLS
