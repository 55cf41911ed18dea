/* test-fault-matrix.c: what the agent sees when the link to the PBX breaks
 *
 * Every fault of docs/reliability.md, over the WebSocket and over AMI TCP
 * where it applies, against the real dipcc-pbx-sim. An "agent" is what the
 * app runs: DipccPbxClient feeding DipccEndpointList and DipccCallList,
 * with dipcc_call_list_begin_resync() on every (re)connect. Each case
 * checks the states shown (reconnecting with a reason, or no change at
 * all), that the link comes back by itself, that the models are resynced,
 * that no call pops up twice, and that a call started after recovery pops
 * up. Each case prints one row of the results table ("# row: …").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dipcc-ami-transport.h"
#include "dipcc-call-list.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-error.h"
#include "dipcc-pbx-client.h"
#include "dipcc-tls-pin.h"
#include "dipcc-ws-transport.h"
#include "sim-helper.h"

#define WRONG_PIN "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define BAD_HOST  "pbx.nonexistent.invalid"
#define RINGING   "{\"caller\":\"%s\",\"name\":\"%s\",\"to\":\"0101\",\"answer_after\":null}"

typedef enum {
  KIND_WS,
  KIND_AMI,
} Kind;

static const Kind kind_ws = KIND_WS;
static const Kind kind_ami = KIND_AMI;

typedef struct {
  DipccPbxState state;
  gint64        time;
  GQuark        error_domain;
  int           error_code;
  char         *error_message;
} StateChange;

typedef struct {
  Kind               kind;
  DipccPbxClient    *client;
  DipccTransport    *transport;
  DipccEndpointList *endpoints;
  DipccCallList     *calls;
  GArray            *states;      /* StateChange */
  GHashTable        *incoming;    /* linkedid → count of ::incoming */
  guint              n_resynced;
  guint              n_events;
  guint              last_seq;    /* of the flood's SimSeq */
  gboolean           seq_in_order;
  gint64             resynced_at;
  guint              max_reconnect_in;   /* seconds, the longest wait shown */
} Agent;

/* Every simulator in this file: calls ring until the test ends them. */
static Sim *
start_sim (const char *first_arg,
           ...) G_GNUC_NULL_TERMINATED;

static Sim *
start_sim (const char *first_arg,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg = first_arg;
  va_list ap;

  g_ptr_array_add (args, "--ring-timeout=30000");
  va_start (ap, first_arg);
  while (arg != NULL)
    {
      g_ptr_array_add (args, (char *) arg);
      arg = va_arg (ap, const char *);
    }
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return sim_start_argv ((const char * const *) args->pdata);
}

/* ---- the agent ---------------------------------------------------------- */

static void
state_change_clear (gpointer data)
{
  g_free (((StateChange *) data)->error_message);
}

static void
on_state (DipccPbxClient *client,
          GParamSpec     *pspec,
          Agent          *agent)
{
  const GError *error = dipcc_pbx_client_get_last_error (client);
  StateChange change = {
    .state = dipcc_pbx_client_get_state (client),
    .time = g_get_monotonic_time (),
    .error_domain = error ? error->domain : 0,
    .error_code = error ? error->code : 0,
    .error_message = error ? g_strdup (error->message) : NULL,
  };

  g_array_append_val (agent->states, change);
  /* as the app does: what the listing does not show hung up meanwhile */
  if (change.state == DIPCC_PBX_STATE_CONNECTED)
    dipcc_call_list_begin_resync (agent->calls, 1);
}

static void
on_reconnect_in (DipccPbxClient *client,
                 GParamSpec     *pspec,
                 Agent          *agent)
{
  agent->max_reconnect_in = MAX (agent->max_reconnect_in,
                                 dipcc_pbx_client_get_reconnect_in (client));
}

static void
on_resynced (DipccPbxClient *client,
             int             server_id,
             Agent          *agent)
{
  agent->n_resynced++;
  agent->resynced_at = g_get_monotonic_time ();
}

static void
on_event (DipccPbxClient  *client,
          DipccAmiMessage *message,
          Agent           *agent)
{
  const char *seq = dipcc_ami_message_get (message, "SimSeq");

  agent->n_events++;
  if (seq != NULL)
    {
      guint n = (guint) g_ascii_strtoull (seq, NULL, 10);

      agent->seq_in_order &= n == agent->last_seq + 1;
      agent->last_seq = n;
    }
  dipcc_endpoint_list_handle_event (agent->endpoints, message);
  dipcc_call_list_handle_event (agent->calls, message);
}

static void
on_incoming (DipccCallList *calls,
             DipccCall     *call,
             Agent         *agent)
{
  const char *linkedid = dipcc_call_get_linkedid (call);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (agent->incoming, linkedid));

  g_hash_table_insert (agent->incoming, g_strdup (linkedid), GUINT_TO_POINTER (n + 1));
}

static Agent *
agent_new (Kind        kind,
           const char *host,
           guint16     port,
           gboolean    tls,
           const char *pin)
{
  Agent *agent = g_new0 (Agent, 1);

  agent->kind = kind;
  if (kind == KIND_WS)
    {
      g_autofree char *uri = g_strdup_printf ("%s://%s:%u/", tls ? "wss" : "ws", host, port);
      DipccWsTransport *ws = dipcc_ws_transport_new (uri);

      dipcc_ws_transport_set_timeout (ws, 5);
      if (pin != NULL)
        dipcc_ws_transport_set_tls_pin (ws, pin);
      agent->transport = DIPCC_TRANSPORT (ws);
    }
  else
    {
      DipccAmiTransport *ami = dipcc_ami_transport_new (host, port, FALSE);

      dipcc_ami_transport_set_timeout (ami, 5);
      agent->transport = DIPCC_TRANSPORT (ami);
    }
  agent->client = dipcc_pbx_client_new (agent->transport);
  dipcc_pbx_client_set_credentials (agent->client, "hello", "world");
  /* short backoff, and a keepalive that finds a dead link in about 1 s */
  g_object_set (agent->client, "backoff-initial", 100, "backoff-max", 400,
                "keepalive-interval", 400, "keepalive-timeout", 800, NULL);
  agent->endpoints = dipcc_endpoint_list_new ();
  agent->calls = dipcc_call_list_new (agent->endpoints);
  dipcc_call_list_set_my_extension (agent->calls, "0101");
  agent->states = g_array_new (FALSE, TRUE, sizeof (StateChange));
  g_array_set_clear_func (agent->states, state_change_clear);
  agent->incoming = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  agent->seq_in_order = TRUE;

  g_signal_connect (agent->client, "notify::state", G_CALLBACK (on_state), agent);
  g_signal_connect (agent->client, "resynced", G_CALLBACK (on_resynced), agent);
  g_signal_connect (agent->client, "notify::reconnect-in", G_CALLBACK (on_reconnect_in), agent);
  g_signal_connect (agent->client, "event", G_CALLBACK (on_event), agent);
  g_signal_connect (agent->calls, "incoming", G_CALLBACK (on_incoming), agent);
  return agent;
}

static Agent *
agent_for (Kind  kind,
           Sim  *sim)
{
  return agent_new (kind, "127.0.0.1", kind == KIND_WS ? sim->ws_port : sim->ami_port,
                    FALSE, NULL);
}

static void
agent_free (Agent *agent)
{
  dipcc_pbx_client_stop (agent->client);
  g_signal_handlers_disconnect_by_data (agent->client, agent);
  g_signal_handlers_disconnect_by_data (agent->calls, agent);
  sim_spin (50);
  g_assert_finalize_object (agent->client);
  g_assert_finalize_object (agent->transport);
  g_assert_finalize_object (agent->calls);
  g_assert_finalize_object (agent->endpoints);
  g_array_unref (agent->states);
  g_hash_table_unref (agent->incoming);
  g_free (agent);
}

typedef struct {
  Agent *agent;
  guint  resynced;
} Resynced;

static gboolean
is_resynced_after (gpointer data)
{
  Resynced *r = data;

  return dipcc_pbx_client_get_state (r->agent->client) == DIPCC_PBX_STATE_CONNECTED &&
         r->agent->n_resynced > r->resynced;
}

/* Waits until connected and resynced more often than @before times. */
static gboolean
agent_wait_resynced (Agent *agent,
                     guint  before)
{
  Resynced r = { agent, before };

  return sim_wait_until (is_resynced_after, &r, SIM_TIMEOUT);
}

static void
agent_start (Agent *agent)
{
  dipcc_pbx_client_start (agent->client);
  g_assert_true (agent_wait_resynced (agent, 0));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (agent->endpoints)), ==, 12);
}

typedef struct {
  Agent      *agent;
  const char *linkedid;
} Popped;

static gboolean
has_popped_up (gpointer data)
{
  Popped *p = data;

  return g_hash_table_lookup (p->agent->incoming, p->linkedid) != NULL;
}

static guint
n_popups (Agent      *agent,
          const char *linkedid)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (agent->incoming, linkedid));
}

/* A call that rings the agent's phone; asserts it pops up, once. */
static char *
ring_and_wait (Sim        *sim,
               Agent      *agent,
               const char *caller,
               const char *name)
{
  g_autofree char *json = g_strdup_printf (RINGING, caller, name);
  char *linkedid = sim_inject (sim, json);
  Popped p = { agent, linkedid };

  g_assert_true (sim_wait_until (has_popped_up, &p, SIM_TIMEOUT));
  /* late duplicates would come within a moment */
  sim_spin (200);
  g_assert_cmpuint (n_popups (agent, linkedid), ==, 1);
  return linkedid;
}

/* The first change after @from that leaves CONNECTED; NULL if none. */
static StateChange *
first_drop (Agent *agent,
            guint  from)
{
  for (guint i = from; i < agent->states->len; i++)
    {
      StateChange *c = &g_array_index (agent->states, StateChange, i);

      if (c->state != DIPCC_PBX_STATE_CONNECTED)
        return c;
    }
  return NULL;
}

static StateChange *
first_in_state (Agent         *agent,
                guint          from,
                DipccPbxState  state)
{
  for (guint i = from; i < agent->states->len; i++)
    {
      StateChange *c = &g_array_index (agent->states, StateChange, i);

      if (c->state == state)
        return c;
    }
  return NULL;
}

/* Like first_in_state(), failing the test when there is none. */
static StateChange *
require_state (Agent         *agent,
               guint          from,
               DipccPbxState  state)
{
  StateChange *c = first_in_state (agent, from, state);

  if (c == NULL)
    g_error ("no change to state %d after change %u", state, from);
  return c;
}

static StateChange *
require_drop (Agent *agent,
              guint  from)
{
  StateChange *c = first_drop (agent, from);

  if (c == NULL)
    g_error ("the link never dropped after change %u", from);
  return c;
}

static const char *
kind_name (Kind kind)
{
  return kind == KIND_WS ? "WebSocket" : "AMI TCP";
}

/* One row of the table in docs/reliability.md. */
static void
report (const char *fault,
        Agent      *agent,
        const char *seen,
        double      recovery_ms,
        const char *resync)
{
  GHashTableIter iter;
  gpointer count;
  guint duplicates = 0;
  g_autofree char *recovery = recovery_ms < 0 ? g_strdup ("no outage")
                                              : g_strdup_printf ("%.0f ms", recovery_ms);

  g_hash_table_iter_init (&iter, agent->incoming);
  while (g_hash_table_iter_next (&iter, NULL, &count))
    duplicates += GPOINTER_TO_UINT (count) - 1;
  g_test_message ("row: | %s | %s | %s | %s | %s | %u | pass |", fault, kind_name (agent->kind),
                  seen, recovery, resync, duplicates);
}

/* The outage after state @from: it must show RECONNECTING with an error of
 * @code; returns the time from the drop to the next resync, in ms. */
static double
check_outage (Agent      *agent,
              guint       from,
              guint       resynced_before,
              int         code,
              char      **seen)
{
  StateChange *drop;
  StateChange *reconnecting;

  g_assert_true (agent_wait_resynced (agent, resynced_before));
  drop = require_drop (agent, from);
  reconnecting = require_state (agent, from, DIPCC_PBX_STATE_RECONNECTING);
  g_assert_true (reconnecting->error_domain == DIPCC_ERROR);
  if (reconnecting->error_code != code)
    g_error ("reconnecting with error %d (%s), expected %d", reconnecting->error_code,
             reconnecting->error_message, code);
  g_assert_true (g_utf8_validate (reconnecting->error_message, -1, NULL));
  g_assert_null (first_in_state (agent, from, DIPCC_PBX_STATE_AUTH_FAILED));
  if (seen != NULL)
    *seen = g_strdup_printf ("reconnecting: “%s”", reconnecting->error_message);
  return (agent->resynced_at - drop->time) / 1000.0;
}

/* No state change at all since @from: the fault cost nothing but data. */
static void
check_no_outage (Agent *agent,
                 guint  from)
{
  g_assert_cmpuint (agent->states->len, ==, from);
  g_assert_cmpint (dipcc_pbx_client_get_state (agent->client), ==, DIPCC_PBX_STATE_CONNECTED);
}

/* ---- the faults --------------------------------------------------------- */

/* The PBX dies (SIGKILL) with a call ringing and comes back on the same
 * ports: the call it lost ends, a new one pops up. */
static void
test_kill_restart (gconstpointer data)
{
  Kind kind = *(const Kind *) data;
  Sim *sim = start_sim (NULL, NULL);
  g_autofree char *rest_port = g_strdup_printf ("--rest-port=%u", sim->rest_port);
  g_autofree char *ws_port = g_strdup_printf ("--ws-port=%u", sim->ws_port);
  g_autofree char *ami_port = g_strdup_printf ("--ami-port=%u", sim->ami_port);
  Agent *agent = agent_for (kind, sim);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *seen = NULL;
  guint from, resynced;
  double ms;
  DipccCall *lost;

  agent_start (agent);
  before = ring_and_wait (sim, agent, "0311112222", "Before Kill");
  from = agent->states->len;
  resynced = agent->n_resynced;
  sim_kill (sim);
  sim_spin (300);
  g_assert_cmpint (dipcc_pbx_client_get_state (agent->client), !=, DIPCC_PBX_STATE_CONNECTED);
  sim = start_sim (rest_port, ws_port, ami_port, NULL);
  ms = check_outage (agent, from, resynced, DIPCC_ERROR_NETWORK, &seen);

  /* the new PBX does not know the old call: it ended while we were away */
  lost = dipcc_call_list_lookup (agent->calls, 1, before);
  g_assert_true (lost == NULL || dipcc_call_get_state (lost) == DIPCC_CALL_STATE_ENDED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (agent->endpoints)), ==, 12);
  after = ring_and_wait (sim, agent, "0322223333", "After Restart");
  g_assert_cmpuint (n_popups (agent, before), ==, 1);
  report ("PBX killed (SIGKILL) and restarted on the same ports", agent, seen, ms,
          "the lost call ends; endpoints relisted");
  agent_free (agent);
  sim_stop (sim);
}

/* The socket stays open but nothing moves (half-open): only the keepalive
 * can tell. A call that starts during the stall pops up after the resync. */
static void
test_stall (gconstpointer data)
{
  Kind kind = *(const Kind *) data;
  Sim *sim = start_sim (NULL, NULL);
  Agent *agent = agent_for (kind, sim);
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *json = g_strdup_printf (RINGING, "0333334444", "During Stall");
  guint from, resynced;
  double ms;
  Popped p = { agent, NULL };

  agent_start (agent);
  from = agent->states->len;
  resynced = agent->n_resynced;
  sim_arm_faults (sim, "stall=1");
  during = sim_inject (sim, json);
  ms = check_outage (agent, from, resynced, DIPCC_ERROR_TIMEOUT, &seen);
  p.linkedid = during;
  g_assert_true (sim_wait_until (has_popped_up, &p, SIM_TIMEOUT));
  after = ring_and_wait (sim, agent, "0344445555", "After Stall");
  g_assert_cmpuint (n_popups (agent, during), ==, 1);
  report ("stalled socket (half-open)", agent, seen, ms,
          "the call that began in the stall pops up from the channel list");
  agent_free (agent);
  sim_stop (sim);
}

/* Garbage after every message: each bad frame is dropped, nothing else. */
static void
test_garbage (gconstpointer data)
{
  Kind kind = *(const Kind *) data;
  Sim *sim = start_sim (NULL, NULL);
  Agent *agent = agent_for (kind, sim);
  g_autofree char *call = NULL;
  guint from;

  agent_start (agent);
  from = agent->states->len;
  sim_arm_faults (sim, "garbage=1");
  call = ring_and_wait (sim, agent, "0355556666", "Among Garbage");
  g_assert_cmpstr (dipcc_call_get_remote_name (dipcc_call_list_lookup (agent->calls, 1, call)),
                   ==, "Among Garbage");
  check_no_outage (agent, from);
  report ("garbage bytes after every message", agent, "connected; bad frames skipped", -1,
          "not needed");
  agent_free (agent);
  sim_stop (sim);
}

/* A frame over the client's limit (WebSocket: 5 MiB > 4 MiB, libsoup closes
 * the link) or an AMI line over 64 KiB (dropped with its message). */
static void
test_oversize (gconstpointer data)
{
  Kind kind = *(const Kind *) data;
  Sim *sim = start_sim (NULL, NULL);
  Agent *agent = agent_for (kind, sim);
  g_autofree char *after = NULL;
  g_autofree char *seen = NULL;
  guint from, resynced;

  agent_start (agent);
  from = agent->states->len;
  resynced = agent->n_resynced;
  if (kind == KIND_WS)
    {
      double ms;

      sim_arm_faults (sim, "oversize=1,oversize-bytes=5242880");
      g_assert_cmpuint (sim_rest (sim, "POST", "/sim/device", "application/json",
                                  "{\"extension\":\"0104\",\"state\":\"INUSE\"}", -1, TRUE,
                                  NULL), ==, 200);
      ms = check_outage (agent, from, resynced, DIPCC_ERROR_TOO_LARGE, &seen);
      after = ring_and_wait (sim, agent, "0366667777", "After Oversize");
      report ("oversize frame (5 MiB, over the 4 MiB limit)", agent, seen, ms,
              "endpoints relisted");
    }
  else
    {
      sim_arm_faults (sim, "oversize=1");
      g_assert_cmpuint (sim_rest (sim, "POST", "/sim/device", "application/json",
                                  "{\"extension\":\"0104\",\"state\":\"INUSE\"}", -1, TRUE,
                                  NULL), ==, 200);
      after = ring_and_wait (sim, agent, "0366667777", "After Oversize");
      check_no_outage (agent, from);
      report ("oversize AMI message (a 256 KiB line)", agent,
              "connected; that message dropped", -1, "not needed");
    }
  agent_free (agent);
  sim_stop (sim);
}

/* A slow drip: AMI one byte every 10 ms for 2 s (the keepalive is
 * answered), then one byte every 1 ms behind a burst of 16 events, about
 * 3 kB, so a ping's answer waits longer than the keepalive allows while the
 * link keeps sending; WebSocket one frame every 10 ms. Slow is not dead. */
static void
test_drip (gconstpointer data)
{
  Kind kind = *(const Kind *) data;
  Sim *sim = start_sim (NULL, NULL);
  Agent *agent = agent_for (kind, sim);
  g_autofree char *call = NULL;
  guint from;

  g_object_set (agent->client, "keepalive-interval", 500, "keepalive-timeout", 1500, NULL);
  agent_start (agent);
  from = agent->states->len;
  sim_arm_faults (sim, "drip=10");
  sim_spin (2000);
  if (kind == KIND_AMI)
    {
      sim_arm_faults (sim, "drip=1");
      g_assert_cmpuint (sim_rest (sim, "POST", "/sim/flood", "application/json",
                                  "{\"count\":16}", -1, TRUE, NULL), ==, 200);
    }
  call = ring_and_wait (sim, agent, "0377778888", "Slow Drip");
  check_no_outage (agent, from);
  report (kind == KIND_AMI ? "slow drip (1 byte / 10 ms for 2 s, then 1 byte / 1 ms behind "
                             "16 events: pings answered late)"
                           : "slow drip (1 frame / 10 ms)",
          agent, "connected; events arrive late", -1, "not needed");
  agent_free (agent);
  sim_stop (sim);
}

/* The first connection drops after 5 items of the first list (the
 * endpoints): the client reconnects and lists again from the start. */
static void
test_list_drop (gconstpointer data)
{
  Kind kind = *(const Kind *) data;
  Sim *sim = start_sim ("--fault-once=listdrop=5", NULL);
  Agent *agent = agent_for (kind, sim);
  g_autofree char *json = g_strdup_printf (RINGING, "0388889999", "Before Connect");
  g_autofree char *before = sim_inject (sim, json);
  g_autofree char *after = NULL;
  g_autofree char *seen = NULL;
  Popped p = { agent, before };
  StateChange *connected;
  StateChange *drop;
  double ms;

  dipcc_pbx_client_start (agent->client);
  check_outage (agent, 0, 0, DIPCC_ERROR_NETWORK, &seen);
  connected = require_state (agent, 0, DIPCC_PBX_STATE_CONNECTED);
  drop = require_drop (agent, connected - (StateChange *) (gpointer) agent->states->data + 1);
  ms = (agent->resynced_at - drop->time) / 1000.0;
  g_assert_cmpuint (agent->n_resynced, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (agent->endpoints)), ==, 12);
  g_assert_true (sim_wait_until (has_popped_up, &p, SIM_TIMEOUT));
  after = ring_and_wait (sim, agent, "0399990000", "After List Drop");
  g_assert_cmpuint (n_popups (agent, before), ==, 1);
  report ("disconnect in the middle of an EventList", agent, seen, ms,
          "listed again in full; the ringing call pops up once");
  agent_free (agent);
  sim_stop (sim);
}

/* A frame that is not UTF-8 carries a new call's Newchannel. libsoup closes
 * the WebSocket (1007): the client reconnects at once, and the channel
 * list brings the call. On AMI the byte becomes U+FFFD and nothing else. */
static void
test_bad_utf8 (gconstpointer data)
{
  Kind kind = *(const Kind *) data;
  Sim *sim = start_sim (NULL, NULL);
  Agent *agent = agent_for (kind, sim);
  g_autofree char *json = g_strdup_printf (RINGING, "0312121212", "Jose");
  g_autofree char *call = NULL;
  g_autofree char *after = NULL;
  g_autofree char *seen = NULL;
  guint from, resynced;
  Popped p = { agent, NULL };

  /* a backoff would show as seconds to wait; an immediate reconnect never
   * does */
  g_object_set (agent->client, "backoff-initial", 5000, "backoff-max", 5000, NULL);
  agent_start (agent);
  from = agent->states->len;
  resynced = agent->n_resynced;
  agent->max_reconnect_in = 0;
  sim_arm_faults (sim, "badutf8=1");
  call = sim_inject (sim, json);
  p.linkedid = call;
  if (kind == KIND_WS)
    {
      double ms = check_outage (agent, from, resynced, DIPCC_ERROR_PROTOCOL, &seen);

      /* at once, not after a backoff */
      g_assert_cmpuint (agent->max_reconnect_in, ==, 0);
      g_assert_true (sim_wait_until (has_popped_up, &p, SIM_TIMEOUT));
      sim_spin (200);
      g_assert_cmpuint (n_popups (agent, call), ==, 1);
      after = ring_and_wait (sim, agent, "0313131313", "After Bad UTF-8");
      report ("a text frame that is not UTF-8 (libsoup closes with 1007)", agent, seen, ms,
              "immediate reconnect; the call pops up from the channel list");
    }
  else
    {
      g_assert_true (sim_wait_until (has_popped_up, &p, SIM_TIMEOUT));
      sim_spin (200);
      g_assert_cmpuint (n_popups (agent, call), ==, 1);
      check_no_outage (agent, from);
      /* the Newchannel had "\xe9Jose", read as "\uFFFDJose"; the UserEvent
       * that follows names the caller cleanly */
      g_assert_true (g_str_has_suffix (dipcc_call_get_remote_name (
                                         dipcc_call_list_lookup (agent->calls, 1, call)),
                                       "Jose"));
      report ("a message that is not UTF-8", agent,
              "connected; the byte is read as U+FFFD", -1, "not needed");
    }
  agent_free (agent);
  sim_stop (sim);
}

/* ---- TLS ---------------------------------------------------------------- */

static char *tls_dir;
static char *tls_cert;
static char *tls_key;
static char *tls_pin;

static gboolean
make_certificate (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  int status = 0;

  if (openssl == NULL)
    return FALSE;
  tls_dir = g_dir_make_tmp ("dipcc-fault-tls-XXXXXX", &error);
  g_assert_no_error (error);
  tls_cert = g_build_filename (tls_dir, "cert.pem", NULL);
  tls_key = g_build_filename (tls_dir, "key.pem", NULL);
  {
    const char *argv[] = {
      openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tls_key,
      "-out", tls_cert, "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      "-days", "2", NULL
    };

    if (!g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) ||
        !g_spawn_check_wait_status (status, NULL))
      return FALSE;
  }
  certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
  g_assert_no_error (error);
  tls_pin = dipcc_tls_certificate_fingerprint (certificate);
  return TRUE;
}

static void
remove_certificate (void)
{
  if (tls_dir == NULL)
    return;
  g_unlink (tls_cert);
  g_unlink (tls_key);
  g_rmdir (tls_dir);
  g_clear_pointer (&tls_dir, g_free);
  g_clear_pointer (&tls_cert, g_free);
  g_clear_pointer (&tls_key, g_free);
  g_clear_pointer (&tls_pin, g_free);
}

static gboolean
has_reconnected_twice (gpointer data)
{
  Agent *agent = data;
  guint n = 0;

  for (guint i = 0; i < agent->states->len; i++)
    n += g_array_index (agent->states, StateChange, i).state == DIPCC_PBX_STATE_RECONNECTING;
  return n >= 2;
}

/* A certificate that does not match the pin is refused, again and again,
 * without one event getting through; the right pin connects by itself at
 * the next attempt. (The simulator has TLS on the WebSocket only; the AMI
 * TLS pin is covered by test-ami-transport.) */
static void
test_tls_pin (void)
{
  g_autofree char *cert_arg = NULL;
  g_autofree char *key_arg = NULL;
  g_autofree char *after = NULL;
  g_autofree char *seen = NULL;
  StateChange *reconnecting;
  Sim *sim;
  Agent *agent;
  gint64 fixed;

  if (tls_pin == NULL && !make_certificate ())
    {
      g_test_skip ("openssl could not make a test certificate");
      return;
    }
  cert_arg = g_strdup_printf ("--tls-cert=%s", tls_cert);
  key_arg = g_strdup_printf ("--tls-key=%s", tls_key);
  sim = start_sim (cert_arg, key_arg, NULL);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (sim->ready), "tls"));
  agent = agent_new (KIND_WS, "127.0.0.1", sim->ws_port, TRUE, WRONG_PIN);

  dipcc_pbx_client_start (agent->client);
  g_assert_true (sim_wait_until (has_reconnected_twice, agent, SIM_TIMEOUT));
  g_assert_null (first_in_state (agent, 0, DIPCC_PBX_STATE_CONNECTED));
  g_assert_cmpuint (agent->n_events, ==, 0);
  reconnecting = require_state (agent, 0, DIPCC_PBX_STATE_RECONNECTING);
  g_assert_true (reconnecting->error_domain == DIPCC_ERROR);
  g_assert_cmpint (reconnecting->error_code, ==, DIPCC_ERROR_TLS);
  seen = g_strdup_printf ("reconnecting: “%s”", reconnecting->error_message);

  /* the agent puts the right pin in Preferences */
  fixed = g_get_monotonic_time ();
  dipcc_ws_transport_set_tls_pin (DIPCC_WS_TRANSPORT (agent->transport), tls_pin);
  g_assert_true (agent_wait_resynced (agent, 0));
  after = ring_and_wait (sim, agent, "0314141414", "Over TLS");
  report ("TLS certificate that does not match the pin", agent, seen,
          (agent->resynced_at - fixed) / 1000.0,
          "nothing read before the pin matched; then a full resync");
  agent_free (agent);
  sim_stop (sim);
}

/* ---- DNS ---------------------------------------------------------------- */

/* Answers from this process only: BAD_HOST is unknown until the test
 * "fixes the DNS", then it is 127.0.0.1. No query leaves the machine. */
typedef struct {
  GResolver parent_instance;
  gboolean  resolves;
} FakeResolver;

typedef struct {
  GResolverClass parent_class;
} FakeResolverClass;

static GType fake_resolver_get_type (void);
G_DEFINE_TYPE (FakeResolver, fake_resolver, G_TYPE_RESOLVER)

static GList *
fake_lookup (GResolver                 *resolver,
             const char                *hostname,
             GResolverNameLookupFlags   flags,
             GCancellable              *cancellable,
             GError                   **error)
{
  FakeResolver *self = (FakeResolver *) resolver;

  if ((g_str_equal (hostname, BAD_HOST) && self->resolves) || g_str_equal (hostname, "localhost"))
    {
      if (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY)
        {
          g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                       "No IPv6 address for “%s”", hostname);
          return NULL;
        }
      return g_list_append (NULL, g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4));
    }
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
               "Error resolving “%s”: Name or service not known", hostname);
  return NULL;
}

static GList *
fake_lookup_by_name (GResolver     *resolver,
                     const char    *hostname,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return fake_lookup (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable,
                      error);
}

static void
fake_lookup_with_flags_async (GResolver                *resolver,
                              const char               *hostname,
                              GResolverNameLookupFlags  flags,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *addresses = fake_lookup (resolver, hostname, flags, cancellable, &error);

  if (addresses == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static void
fake_lookup_async (GResolver           *resolver,
                   const char          *hostname,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  fake_lookup_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                cancellable, callback, user_data);
}

static GList *
fake_lookup_finish (GResolver     *resolver,
                    GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fake_resolver_class_init (FakeResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = fake_lookup_by_name;
  resolver_class->lookup_by_name_async = fake_lookup_async;
  resolver_class->lookup_by_name_finish = fake_lookup_finish;
  resolver_class->lookup_by_name_with_flags = fake_lookup;
  resolver_class->lookup_by_name_with_flags_async = fake_lookup_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = fake_lookup_finish;
}

static void
fake_resolver_init (FakeResolver *self)
{
}

static FakeResolver *resolver;

/* The PBX's name does not resolve: reconnecting with the reason, until the
 * name resolves again; then the link comes back by itself. */
static void
test_dns_failure (gconstpointer data)
{
  Kind kind = *(const Kind *) data;
  Sim *sim = start_sim (NULL, NULL);
  Agent *agent = agent_new (kind, BAD_HOST, kind == KIND_WS ? sim->ws_port : sim->ami_port,
                            FALSE, NULL);
  g_autofree char *after = NULL;
  g_autofree char *seen = NULL;
  StateChange *reconnecting;
  gint64 fixed;

  resolver->resolves = FALSE;
  dipcc_pbx_client_start (agent->client);
  g_assert_true (sim_wait_until (has_reconnected_twice, agent, SIM_TIMEOUT));
  g_assert_null (first_in_state (agent, 0, DIPCC_PBX_STATE_CONNECTED));
  reconnecting = require_state (agent, 0, DIPCC_PBX_STATE_RECONNECTING);
  g_assert_true (reconnecting->error_domain == DIPCC_ERROR);
  g_assert_cmpint (reconnecting->error_code, ==, DIPCC_ERROR_NETWORK);
  g_assert_nonnull (strstr (reconnecting->error_message, BAD_HOST));
  seen = g_strdup_printf ("reconnecting: “%s”", reconnecting->error_message);

  fixed = g_get_monotonic_time ();
  resolver->resolves = TRUE;
  g_assert_true (agent_wait_resynced (agent, 0));
  after = ring_and_wait (sim, agent, "0315151515", "After DNS");
  report ("DNS failure (the PBX's name does not resolve)", agent, seen,
          (agent->resynced_at - fixed) / 1000.0, "a full resync once it resolves");
  resolver->resolves = FALSE;
  agent_free (agent);
  sim_stop (sim);
}

/* ---- load --------------------------------------------------------------- */

typedef struct {
  Agent *agent;
  guint  n;
} Seq;

static gboolean
has_seq (gpointer data)
{
  Seq *s = data;

  return s->agent->last_seq >= s->n;
}

/* 10 000 events at once: every one arrives, in order, and the link stays. */
static void
test_burst (gconstpointer data)
{
  Kind kind = *(const Kind *) data;
  Sim *sim = start_sim (NULL, NULL);
  Agent *agent = agent_for (kind, sim);
  g_autofree char *after = NULL;
  Seq seq = { agent, 10000 };
  guint from;
  gint64 start;

  agent_start (agent);
  from = agent->states->len;
  start = g_get_monotonic_time ();
  g_assert_cmpuint (sim_rest (sim, "POST", "/sim/flood", "application/json",
                              "{\"count\":10000}", -1, TRUE, NULL), ==, 200);
  g_assert_true (sim_wait_until (has_seq, &seq, 30000));
  g_assert_true (agent->seq_in_order);
  g_assert_cmpuint (agent->last_seq, ==, 10000);
  g_test_message ("10 000 events in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  after = ring_and_wait (sim, agent, "0316161616", "After Burst");
  check_no_outage (agent, from);
  report ("10 000-event burst", agent, "connected; every event, in order", -1, "not needed");
  agent_free (agent);
  sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
#ifdef FAULT_MATRIX_TLS
  const gboolean tls_only = TRUE;
#else
  const gboolean tls_only = FALSE;
#endif
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

  resolver = g_object_new (fake_resolver_get_type (), NULL);
  g_resolver_set_default (G_RESOLVER (resolver));

#define BOTH(path, func) \
  g_test_add_data_func ("/fault-matrix/websocket/" path, &kind_ws, func); \
  g_test_add_data_func ("/fault-matrix/ami/" path, &kind_ami, func)

  /* the TLS row is its own executable: in the sanitizer tree
   * LeakSanitizer's tracer crashes at the exit of a process that ran
   * GnuTLS with the system trust store, so that one runs without leak
   * checking (tests/integration/meson.build); everything else keeps it */
  if (tls_only)
    {
      g_test_add_func ("/fault-matrix/websocket/tls-pin", test_tls_pin);
    }
  else
    {
      BOTH ("kill-restart", test_kill_restart);
      BOTH ("stall", test_stall);
      BOTH ("garbage", test_garbage);
      BOTH ("oversize", test_oversize);
      BOTH ("drip", test_drip);
      BOTH ("list-drop", test_list_drop);
      BOTH ("bad-utf8", test_bad_utf8);
      BOTH ("dns-failure", test_dns_failure);
      BOTH ("burst", test_burst);
    }
#undef BOTH

  ret = g_test_run ();
  remove_certificate ();
  g_object_unref (resolver);
  return ret;
}
