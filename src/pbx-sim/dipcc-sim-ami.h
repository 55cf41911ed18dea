/* dipcc-sim-ami.h: the plain AMI TCP socket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-sim-engine.h"

G_BEGIN_DECLS

#define DIPCC_SIM_TYPE_AMI (dipcc_sim_ami_get_type ())
G_DECLARE_FINAL_TYPE (DipccSimAmi, dipcc_sim_ami, DIPCC_SIM, AMI, GObject)

DipccSimAmi *dipcc_sim_ami_new       (DipccSimWorld   *world,
                                      DipccSimHub     *hub,
                                      DipccSimEngine  *engine,
                                      DipccSimConfig  *config);
gboolean     dipcc_sim_ami_listen    (DipccSimAmi     *self,
                                      const char      *address,
                                      guint16          port,
                                      guint16         *out_port,
                                      GError         **error);
void         dipcc_sim_ami_stop      (DipccSimAmi     *self);
guint        dipcc_sim_ami_get_n_clients (DipccSimAmi *self);

G_END_DECLS
