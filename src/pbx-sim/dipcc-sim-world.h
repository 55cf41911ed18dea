/* dipcc-sim-world.h: everything the simulated PBX knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Device states in the two spellings Asterisk uses: `DeviceStateChange`
 * `State` (NOT_INUSE) and the `EndpointList` `DeviceState` (Not in use). */
typedef enum {
  DIPCC_SIM_DEVICE_UNAVAILABLE,
  DIPCC_SIM_DEVICE_NOT_INUSE,
  DIPCC_SIM_DEVICE_INUSE,
  DIPCC_SIM_DEVICE_RINGING,
  DIPCC_SIM_DEVICE_RINGINUSE,
  DIPCC_SIM_DEVICE_BUSY,
  DIPCC_SIM_DEVICE_ONHOLD,
  DIPCC_SIM_DEVICE_INVALID,
  DIPCC_SIM_DEVICE_UNKNOWN,
} DipccSimDeviceState;

const char *dipcc_sim_device_state_event_name (DipccSimDeviceState state);
const char *dipcc_sim_device_state_list_name  (DipccSimDeviceState state);
gboolean    dipcc_sim_device_state_parse      (const char          *text,
                                               DipccSimDeviceState *state);

typedef struct {
  char                *extension;
  char                *name;
  char                *contact_host;
  gboolean             registered;
  DipccSimDeviceState  state;
  guint                n_up;        /* channels in a call */
  guint                n_ringing;   /* channels ringing */
} DipccSimEndpoint;

typedef struct {
  int          id;
  char        *name;
  GPtrArray   *endpoints;   /* DipccSimEndpoint, this server's own copy */
  GHashTable  *astdb;       /* "/family/key" -> value */
  gint64       uniqueid_base;
  guint        uniqueid_seq;
  guint        channel_seq;
  gboolean     down;
} DipccSimServer;

typedef struct {
  gint64  calldate;         /* unix seconds */
  char   *clid;
  char   *source;
  char   *destination;
  char   *dcontext;
  char   *channel;
  char   *dstchannel;
  int     duration;
  int     billsec;
  char   *disposition;
  int     calltype;
  char   *uniqueid;
  char   *linkedid;
  char   *recfile;
} DipccSimCdrRow;

typedef struct {
  char *number;
  char *name;
} DipccSimContact;

#define DIPCC_SIM_TYPE_WORLD (dipcc_sim_world_get_type ())
G_DECLARE_FINAL_TYPE (DipccSimWorld, dipcc_sim_world, DIPCC_SIM, WORLD, GObject)

DipccSimWorld    *dipcc_sim_world_new              (guint32          seed,
                                                    gint64           epoch);
gboolean          dipcc_sim_world_load_file        (DipccSimWorld   *self,
                                                    const char      *path,
                                                    GError         **error);
void              dipcc_sim_world_set_n_servers    (DipccSimWorld   *self,
                                                    guint            n_servers);
void              dipcc_sim_world_finish           (DipccSimWorld   *self);

const char       *dipcc_sim_world_get_tenant       (DipccSimWorld   *self);
const char       *dipcc_sim_world_get_app_key      (DipccSimWorld   *self);
const char       *dipcc_sim_world_get_ami_user     (DipccSimWorld   *self);
const char       *dipcc_sim_world_get_ami_secret   (DipccSimWorld   *self);
const char       *dipcc_sim_world_get_main_number  (DipccSimWorld   *self);
const char       *dipcc_sim_world_get_did          (DipccSimWorld   *self,
                                                    guint            index);
const char       *dipcc_sim_world_get_plan         (DipccSimWorld   *self);
gboolean          dipcc_sim_world_get_cdr_as_array (DipccSimWorld   *self);
GRand            *dipcc_sim_world_get_rand         (DipccSimWorld   *self);

GPtrArray        *dipcc_sim_world_get_servers      (DipccSimWorld   *self);
DipccSimServer   *dipcc_sim_world_find_server      (DipccSimWorld   *self,
                                                    int              server_id);
DipccSimEndpoint *dipcc_sim_server_find_endpoint   (DipccSimServer  *server,
                                                    const char      *extension);
char             *dipcc_sim_server_next_uniqueid   (DipccSimServer  *server);
guint             dipcc_sim_server_next_channel    (DipccSimServer  *server);

GPtrArray        *dipcc_sim_world_get_cdr          (DipccSimWorld   *self);
void              dipcc_sim_world_add_cdr          (DipccSimWorld   *self,
                                                    DipccSimCdrRow  *row);
JsonNode         *dipcc_sim_cdr_row_to_json        (DipccSimCdrRow  *row);
void              dipcc_sim_cdr_row_free           (DipccSimCdrRow  *row);

GPtrArray        *dipcc_sim_world_get_phonebook    (DipccSimWorld   *self);
const char       *dipcc_sim_world_lookup_name      (DipccSimWorld   *self,
                                                    const char      *number);

G_END_DECLS
