/* dipcc-sim-ws.h: the WebSocket side, as amiws serves it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-sim-engine.h"

G_BEGIN_DECLS

#define DIPCC_SIM_TYPE_WS (dipcc_sim_ws_get_type ())
G_DECLARE_FINAL_TYPE (DipccSimWs, dipcc_sim_ws, DIPCC_SIM, WS, GObject)

DipccSimWs *dipcc_sim_ws_new           (DipccSimWorld   *world,
                                        DipccSimHub     *hub,
                                        DipccSimEngine  *engine,
                                        DipccSimConfig  *config);
gboolean    dipcc_sim_ws_listen        (DipccSimWs      *self,
                                        const char      *address,
                                        guint16          port,
                                        guint16         *out_port,
                                        GError         **error);
void        dipcc_sim_ws_stop          (DipccSimWs      *self);
guint       dipcc_sim_ws_get_n_clients (DipccSimWs      *self);

gboolean    dipcc_sim_listen_soup      (gpointer         soup_server,
                                        const char      *address,
                                        guint16          port,
                                        guint16         *out_port,
                                        GError         **error);

G_END_DECLS
