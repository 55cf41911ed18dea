/* dipcc-settings.h: the app's GSettings as plain properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-ws-envelope.h"

G_BEGIN_DECLS

#define DIPCC_SETTINGS_SCHEMA_ID "io.github.dipcc.Companion"

/**
 * DipccEventChannel:
 * @DIPCC_EVENT_CHANNEL_WEBSOCKET: AMI in JSON over the PBX's WebSocket
 * @DIPCC_EVENT_CHANNEL_AMI: plain AMI over TCP (or TLS)
 *
 * Where the app gets call events from. The nicks (`websocket`, `ami`) are
 * the values of the `event-channel` key.
 */
typedef enum {
  DIPCC_EVENT_CHANNEL_WEBSOCKET,
  DIPCC_EVENT_CHANNEL_AMI,
} DipccEventChannel;

#define DIPCC_TYPE_SETTINGS (dipcc_settings_get_type ())

G_DECLARE_FINAL_TYPE (DipccSettings, dipcc_settings, DIPCC, SETTINGS, GObject)

DipccSettings      *dipcc_settings_new               (void);
DipccSettings      *dipcc_settings_new_with_backend  (GSettingsBackend   *backend);

GSettings          *dipcc_settings_get_gsettings     (DipccSettings      *self);
gboolean            dipcc_settings_is_configured     (DipccSettings      *self);

const char         *dipcc_settings_get_rest_url      (DipccSettings      *self);
void                dipcc_settings_set_rest_url      (DipccSettings      *self,
                                                      const char         *rest_url);
const char         *dipcc_settings_get_tenant        (DipccSettings      *self);
void                dipcc_settings_set_tenant        (DipccSettings      *self,
                                                      const char         *tenant);
DipccEventChannel   dipcc_settings_get_event_channel (DipccSettings      *self);
void                dipcc_settings_set_event_channel (DipccSettings      *self,
                                                      DipccEventChannel   event_channel);
const char         *dipcc_settings_get_ws_url        (DipccSettings      *self);
void                dipcc_settings_set_ws_url        (DipccSettings      *self,
                                                      const char         *ws_url);
DipccWsDialect      dipcc_settings_get_ws_dialect    (DipccSettings      *self);
void                dipcc_settings_set_ws_dialect    (DipccSettings      *self,
                                                      DipccWsDialect      ws_dialect);
GVariant           *dipcc_settings_get_server_ids    (DipccSettings      *self);
int                *dipcc_settings_dup_server_ids    (DipccSettings      *self,
                                                      gsize              *n_ids);
void                dipcc_settings_set_server_ids    (DipccSettings      *self,
                                                      const int          *ids,
                                                      gsize               n_ids);
const char         *dipcc_settings_get_ami_host      (DipccSettings      *self);
void                dipcc_settings_set_ami_host      (DipccSettings      *self,
                                                      const char         *ami_host);
guint               dipcc_settings_get_ami_port      (DipccSettings      *self);
void                dipcc_settings_set_ami_port      (DipccSettings      *self,
                                                      guint               ami_port);
const char         *dipcc_settings_get_ami_user      (DipccSettings      *self);
void                dipcc_settings_set_ami_user      (DipccSettings      *self,
                                                      const char         *ami_user);
gboolean            dipcc_settings_get_ami_tls       (DipccSettings      *self);
void                dipcc_settings_set_ami_tls       (DipccSettings      *self,
                                                      gboolean            ami_tls);
const char         *dipcc_settings_get_extension     (DipccSettings      *self);
void                dipcc_settings_set_extension     (DipccSettings      *self,
                                                      const char         *extension);
const char         *dipcc_settings_get_cos_id        (DipccSettings      *self);
void                dipcc_settings_set_cos_id        (DipccSettings      *self,
                                                      const char         *cos_id);
const char         *dipcc_settings_get_cid_name      (DipccSettings      *self);
void                dipcc_settings_set_cid_name      (DipccSettings      *self,
                                                      const char         *cid_name);
const char         *dipcc_settings_get_cid_number    (DipccSettings      *self);
void                dipcc_settings_set_cid_number    (DipccSettings      *self,
                                                      const char         *cid_number);
const char         *dipcc_settings_get_tls_pin       (DipccSettings      *self);
void                dipcc_settings_set_tls_pin       (DipccSettings      *self,
                                                      const char         *tls_pin);

G_END_DECLS
