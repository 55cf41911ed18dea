/* sim-helper.h: run the real dipcc-pbx-sim and talk to it over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dipcc-ami-message.h"
#include "dipcc-ami-parser.h"
#include "dipcc-ws-envelope.h"

G_BEGIN_DECLS

/* Every wait in the suite gives up after this (ms), so nothing hangs CI. */
#define SIM_TIMEOUT 10000

typedef struct {
  GSubprocess *process;
  JsonNode    *ready;
  guint16      rest_port;
  guint16      ws_port;
  guint16      ami_port;
  SoupSession *session;
} Sim;

/* Starts the simulator on ephemeral ports with short timings; extra
 * arguments (NULL-terminated) come after, so they win. */
Sim        *sim_start          (const char  *first_arg,
                                ...) G_GNUC_NULL_TERMINATED;
Sim        *sim_start_argv     (const char * const *args);
/* SIGTERM, then asserts a clean exit (status 0: no leak under LSan). */
void        sim_stop           (Sim         *sim);
/* SIGKILL, as a PBX that dies: nothing is closed in an orderly way. */
void        sim_kill           (Sim         *sim);
/* POST /sim/fault: arms @spec on the connections open now. */
void        sim_arm_faults     (Sim         *sim,
                                const char  *spec);

typedef gboolean (*SimCondition) (gpointer data);
gboolean    sim_wait_until     (SimCondition condition,
                                gpointer     data,
                                guint        timeout_ms);
void        sim_spin           (guint        ms);

/* REST: returns the status; *out_root (nullable) gets the parsed body. */
guint       sim_rest           (Sim         *sim,
                                const char  *method,
                                const char  *path,
                                const char  *content_type,
                                const char  *body,
                                gssize       body_len,
                                gboolean     auth,
                                JsonNode   **out_root);
guint       sim_rest_msg       (Sim         *sim,
                                SoupMessage *msg,
                                JsonNode   **out_root);
/* POST /sim/incoming with a JSON body; returns the linkedid. */
char       *sim_inject         (Sim         *sim,
                                const char  *json);
const char *sim_json_string    (JsonNode    *root,
                                const char  *member);

typedef struct {
  GSocketConnection *conn;
  DipccAmiParser    *parser;
  GPtrArray         *messages;   /* DipccAmiMessage */
  GString           *raw;
  char              *banner;
  gboolean           eof;
  guint              n_errors;
  GCancellable      *cancellable;
  guint8             buffer[16384];
} SimAmi;

SimAmi          *sim_ami_connect     (Sim        *sim);
void             sim_ami_send        (SimAmi     *ami,
                                      const char *text);
gboolean         sim_ami_wait_n      (SimAmi     *ami,
                                      guint       n);
/* Waits for the first message (from index *from) whose name (Event or
 * Response value) is @name; *from is moved past it. */
DipccAmiMessage *sim_ami_wait_for    (SimAmi     *ami,
                                      const char *name,
                                      guint      *from);
gboolean         sim_ami_wait_eof    (SimAmi     *ami);
void             sim_ami_login       (SimAmi     *ami);
void             sim_ami_free        (SimAmi     *ami);

typedef struct {
  SoupWebsocketConnection *conn;
  GPtrArray               *frames;   /* DipccWsEnvelope */
  GPtrArray               *texts;    /* GBytes, every frame as received */
  guint                    n_bad;    /* frames that did not decode */
  gboolean                 closed;
  gboolean                 errored;
  guint                    close_code;
} SimWs;

SimWs           *sim_ws_connect      (Sim        *sim,
                                      const char *query,
                                      guint64     max_payload);
void             sim_ws_send         (SimWs      *ws,
                                      const char *json);
gboolean         sim_ws_wait_n       (SimWs      *ws,
                                      guint       n);
DipccWsEnvelope *sim_ws_wait_for     (SimWs      *ws,
                                      const char *name,
                                      guint      *from);
gboolean         sim_ws_wait_closed  (SimWs      *ws);
void             sim_ws_free         (SimWs      *ws);

const char      *sim_message_name    (DipccAmiMessage *message);

G_END_DECLS
