/* dipcc-sim-flood.h: the synthetic event stream of --flood and /sim/flood
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dipcc-ami-message.h"
#include "dipcc-sim-world.h"

G_BEGIN_DECLS

/* Calls in progress at once in the stream, and events per call. */
#define DIPCC_SIM_FLOOD_LANES 8

guint            dipcc_sim_flood_get_events_per_call (void);
gsize            dipcc_sim_flood_append_ami          (DipccSimServer *server,
                                                      guint           seq,
                                                      GByteArray     *out);
gsize            dipcc_sim_flood_append_ws           (DipccSimServer *server,
                                                      guint           seq,
                                                      GString        *out);
DipccAmiMessage *dipcc_sim_flood_event_new           (DipccSimServer *server,
                                                      guint           seq);

G_END_DECLS
