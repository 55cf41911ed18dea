/* dipcc-sim-rest.h: the VitalPBX-style REST API and the /sim control routes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-sim-engine.h"

G_BEGIN_DECLS

#define DIPCC_SIM_TYPE_REST (dipcc_sim_rest_get_type ())
G_DECLARE_FINAL_TYPE (DipccSimRest, dipcc_sim_rest, DIPCC_SIM, REST, GObject)

DipccSimRest *dipcc_sim_rest_new    (DipccSimWorld   *world,
                                     DipccSimEngine  *engine,
                                     DipccSimConfig  *config);
gboolean      dipcc_sim_rest_listen (DipccSimRest    *self,
                                     const char      *address,
                                     guint16          port,
                                     guint16         *out_port,
                                     GError         **error);
void          dipcc_sim_rest_stop   (DipccSimRest    *self);

G_END_DECLS
