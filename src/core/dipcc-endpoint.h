/* dipcc-endpoint.h: one phone (PJSIP endpoint) on one PBX server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dipcc-ami-message.h"
#include "dipcc-device-state.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_ENDPOINT (dipcc_endpoint_get_type ())

G_DECLARE_FINAL_TYPE (DipccEndpoint, dipcc_endpoint, DIPCC, ENDPOINT, GObject)

DipccEndpoint    *dipcc_endpoint_new                 (int               server_id,
                                                      const char       *name);
int               dipcc_endpoint_get_server_id       (DipccEndpoint    *self);
const char       *dipcc_endpoint_get_name            (DipccEndpoint    *self);
const char       *dipcc_endpoint_get_display_name    (DipccEndpoint    *self);
void              dipcc_endpoint_set_display_name    (DipccEndpoint    *self,
                                                      const char       *display_name);
const char       *dipcc_endpoint_get_transport       (DipccEndpoint    *self);
void              dipcc_endpoint_set_transport       (DipccEndpoint    *self,
                                                      const char       *transport);
const char       *dipcc_endpoint_get_aor             (DipccEndpoint    *self);
void              dipcc_endpoint_set_aor             (DipccEndpoint    *self,
                                                      const char       *aor);
const char       *dipcc_endpoint_get_contacts        (DipccEndpoint    *self);
void              dipcc_endpoint_set_contacts        (DipccEndpoint    *self,
                                                      const char       *contacts);
DipccDeviceState  dipcc_endpoint_get_device_state    (DipccEndpoint    *self);
void              dipcc_endpoint_set_device_state    (DipccEndpoint    *self,
                                                      DipccDeviceState  state);
gboolean          dipcc_endpoint_get_registered      (DipccEndpoint    *self);
guint             dipcc_endpoint_get_active_channels (DipccEndpoint    *self);
void              dipcc_endpoint_set_active_channels (DipccEndpoint    *self,
                                                      guint             active_channels);
void              dipcc_endpoint_update_from_list_item (DipccEndpoint  *self,
                                                        DipccAmiMessage *item);

G_END_DECLS
