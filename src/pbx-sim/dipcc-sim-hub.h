/* dipcc-sim-hub.h: the one road every event and response takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dipcc-ami-message.h"
#include "dipcc-sim-config.h"
#include "dipcc-sim-world.h"

G_BEGIN_DECLS

/**
 * DipccSimMessageFlags:
 * @DIPCC_SIM_MESSAGE_COMMAND_OUTPUT: the answer to `Action: Command`; in the
 *   old dialect (`Response: Follows`) transports write it raw / as type 5
 */
typedef enum {
  DIPCC_SIM_MESSAGE_NONE = 0,
  DIPCC_SIM_MESSAGE_COMMAND_OUTPUT = 1 << 0,
} DipccSimMessageFlags;

#define DIPCC_SIM_TYPE_HUB (dipcc_sim_hub_get_type ())
G_DECLARE_FINAL_TYPE (DipccSimHub, dipcc_sim_hub, DIPCC_SIM, HUB, GObject)

DipccSimHub *dipcc_sim_hub_new  (DipccSimWorld   *world,
                                 DipccSimConfig  *config);
void         dipcc_sim_hub_emit (DipccSimHub     *self,
                                 DipccSimServer  *server,
                                 DipccAmiMessage *message,
                                 gpointer         origin,
                                 guint            flags);
void         dipcc_sim_hub_arm_faults (DipccSimHub          *self,
                                       const DipccSimFaults *faults);

G_END_DECLS
