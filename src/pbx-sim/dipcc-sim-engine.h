/* dipcc-sim-engine.h: actions and calls of the simulated Asterisks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dipcc-ami-message.h"
#include "dipcc-sim-config.h"
#include "dipcc-sim-hub.h"
#include "dipcc-sim-world.h"

G_BEGIN_DECLS

/**
 * DipccSimIncoming:
 * @server_id: the server that receives the call (%DIPCC_SERVER_ID_NONE: the first)
 * @number: caller-id number
 * @name: (nullable): caller-id name; any bytes, CR LF included
 * @did: (nullable): the number dialled; the world's first DID when NULL
 * @to: the endpoint that rings
 * @targets: (nullable) (array zero-terminated=1): ring-all: the endpoints that
 *   ring at once, in this order; overrides @to
 * @answered_by: (nullable): the target that answers; the first one when NULL
 * @answer_after: ms until the agent answers; negative: never
 * @hangup_after: ms of talk after the answer
 * @reject: the agent rejects the call (cause 21) instead of letting it ring out
 */
typedef struct {
  int         server_id;
  const char *number;
  const char *name;
  gsize       name_len;
  const char *did;
  const char *to;
  const char * const *targets;
  const char *answered_by;
  int         answer_after;
  int         hangup_after;
  gboolean    reject;
} DipccSimIncoming;

#define DIPCC_SIM_TYPE_ENGINE (dipcc_sim_engine_get_type ())
G_DECLARE_FINAL_TYPE (DipccSimEngine, dipcc_sim_engine, DIPCC_SIM, ENGINE, GObject)

DipccSimEngine  *dipcc_sim_engine_new              (DipccSimWorld          *world,
                                                    DipccSimHub            *hub,
                                                    DipccSimConfig         *config);
void             dipcc_sim_engine_handle_action    (DipccSimEngine         *self,
                                                    int                     server_id,
                                                    DipccAmiMessage        *action,
                                                    gpointer                origin);
char            *dipcc_sim_engine_incoming         (DipccSimEngine         *self,
                                                    const DipccSimIncoming *incoming,
                                                    GError                **error);
char            *dipcc_sim_engine_click_to_call    (DipccSimEngine         *self,
                                                    int                     server_id,
                                                    const char             *caller,
                                                    const char             *callee,
                                                    const char             *cid_name,
                                                    const char             *cid_number,
                                                    GError                **error);
gboolean         dipcc_sim_engine_set_device       (DipccSimEngine         *self,
                                                    int                     server_id,
                                                    const char             *extension,
                                                    const char             *state,
                                                    GError                **error);
gboolean         dipcc_sim_engine_set_server_down  (DipccSimEngine         *self,
                                                    int                     server_id,
                                                    gboolean                down);
void             dipcc_sim_engine_flood            (DipccSimEngine         *self,
                                                    guint                   count,
                                                    guint                   rate);
void             dipcc_sim_engine_start_demo       (DipccSimEngine         *self);
gboolean         dipcc_sim_engine_run_scenario     (DipccSimEngine         *self,
                                                    const char             *path,
                                                    GError                **error);
guint            dipcc_sim_engine_get_n_calls      (DipccSimEngine         *self);
DipccSimHub     *dipcc_sim_engine_get_hub          (DipccSimEngine         *self);

G_END_DECLS
