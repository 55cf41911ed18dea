/* dipcc-endpoint-list.h: every endpoint on every server, kept by events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-ami-message.h"
#include "dipcc-endpoint.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_ENDPOINT_LIST (dipcc_endpoint_list_get_type ())

G_DECLARE_FINAL_TYPE (DipccEndpointList, dipcc_endpoint_list, DIPCC, ENDPOINT_LIST, GObject)

DipccEndpointList *dipcc_endpoint_list_new           (void);
gboolean           dipcc_endpoint_list_handle_event  (DipccEndpointList *self,
                                                      DipccAmiMessage   *message);
DipccEndpoint     *dipcc_endpoint_list_lookup        (DipccEndpointList *self,
                                                      int                server_id,
                                                      const char        *name);
DipccEndpoint     *dipcc_endpoint_list_ensure        (DipccEndpointList *self,
                                                      int                server_id,
                                                      const char        *name);
gboolean           dipcc_endpoint_list_is_endpoint_channel (DipccEndpointList *self,
                                                            int                server_id,
                                                            const char        *channel,
                                                            char             **endpoint_name);

G_END_DECLS
