/* test-connection.c: DipccPbxClient over both transports against the real
 * dipcc-pbx-sim: connect, lists, auth failure without a reconnect storm, a
 * stalled link found by the keepalive, action timeouts on a server that is
 * down, other clients' ActionIDs, and a PBX restart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-ami-transport.h"
#include "dipcc-error.h"
#include "dipcc-pbx-client.h"
#include "dipcc-ws-transport.h"
#include "sim-helper.h"

typedef struct {
  DipccPbxClient *client;
  GArray         *states;     /* DipccPbxState, every change */
  GArray         *times;      /* gint64 monotonic µs of each change */
  guint           n_resynced;
  GPtrArray      *events;     /* DipccAmiMessage the client passed on */
} Watch;

static void
on_state (DipccPbxClient *client,
          GParamSpec     *pspec,
          Watch          *w)
{
  DipccPbxState state = dipcc_pbx_client_get_state (client);
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (w->states, state);
  g_array_append_val (w->times, now);
}

static void
on_resynced (DipccPbxClient *client,
             int             server_id,
             Watch          *w)
{
  w->n_resynced++;
}

static void
on_event (DipccPbxClient  *client,
          DipccAmiMessage *message,
          Watch           *w)
{
  g_ptr_array_add (w->events, dipcc_ami_message_ref (message));
}

static Watch *
watch_new (DipccTransport *transport)
{
  Watch *w = g_new0 (Watch, 1);

  w->client = dipcc_pbx_client_new (transport);
  w->states = g_array_new (FALSE, FALSE, sizeof (DipccPbxState));
  w->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  w->events = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref);
  g_signal_connect (w->client, "notify::state", G_CALLBACK (on_state), w);
  g_signal_connect (w->client, "resynced", G_CALLBACK (on_resynced), w);
  g_signal_connect (w->client, "event", G_CALLBACK (on_event), w);
  /* short backoff so the suite stays fast */
  g_object_set (w->client, "backoff-initial", 100, "backoff-max", 400, NULL);
  return w;
}

static void
watch_free (Watch *w)
{
  dipcc_pbx_client_stop (w->client);
  g_signal_handlers_disconnect_by_data (w->client, w);
  sim_spin (50);
  g_assert_finalize_object (w->client);
  g_array_unref (w->states);
  g_array_unref (w->times);
  g_ptr_array_unref (w->events);
  g_free (w);
}

static Watch *
watch_ws (Sim        *sim,
          const char *query)
{
  g_autofree char *uri = g_strdup_printf ("ws://127.0.0.1:%u/%s", sim->ws_port,
                                          query ? query : "");
  g_autoptr(DipccWsTransport) ws = dipcc_ws_transport_new (uri);

  return watch_new (DIPCC_TRANSPORT (ws));
}

static Watch *
watch_ami (Sim        *sim,
           const char *secret)
{
  g_autoptr(DipccAmiTransport) ami = dipcc_ami_transport_new ("127.0.0.1", sim->ami_port, FALSE);
  Watch *w = watch_new (DIPCC_TRANSPORT (ami));

  dipcc_pbx_client_set_credentials (w->client, "hello", secret);
  return w;
}

static gboolean
is_connected_and_resynced (gpointer data)
{
  Watch *w = data;

  return dipcc_pbx_client_get_state (w->client) == DIPCC_PBX_STATE_CONNECTED &&
         w->n_resynced > 0;
}

typedef struct {
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static DipccActionResult *
send_action (Watch            *w,
             const char       *name,
             DipccActionFlags  flags,
             guint             timeout_ms,
             GError          **error)
{
  g_autoptr(DipccAmiMessage) action = dipcc_ami_message_new_action (name);
  Wait wait = { NULL };
  DipccActionResult *result;

  dipcc_pbx_client_send_action_async (w->client, action, 1, flags, timeout_ms, NULL,
                                      on_done, &wait);
  g_assert_true (sim_wait_until (has_result, &wait, SIM_TIMEOUT));
  result = dipcc_pbx_client_send_action_finish (w->client, wait.result, error);
  g_object_unref (wait.result);
  return result;
}

static void
assert_lists_endpoints (Watch *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccActionResult) result = send_action (w, "PJSIPShowEndpoints",
                                                     DIPCC_ACTION_FLAGS_LIST, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (dipcc_action_result_get_items (result)->len, ==, 12);
  g_assert_nonnull (dipcc_action_result_get_complete (result));
  g_assert_true (dipcc_ami_message_is_event (dipcc_action_result_get_complete (result),
                                             "EndpointListComplete"));
}

static void
test_websocket (void)
{
  Sim *sim = sim_start (NULL, NULL);
  Watch *w = watch_ws (sim, NULL);
  guint n_endpoint_items = 0;

  dipcc_pbx_client_start (w->client);
  g_assert_true (sim_wait_until (is_connected_and_resynced, w, SIM_TIMEOUT));
  /* the resync's list items went out for the models */
  for (guint i = 0; i < w->events->len; i++)
    n_endpoint_items += dipcc_ami_message_is_event (w->events->pdata[i], "EndpointList");
  g_assert_cmpuint (n_endpoint_items, ==, 12);
  assert_lists_endpoints (w);
  watch_free (w);
  sim_stop (sim);
}

static void
test_ami (void)
{
  Sim *sim = sim_start (NULL, NULL);
  Watch *w = watch_ami (sim, "world");

  dipcc_pbx_client_start (w->client);
  g_assert_true (sim_wait_until (is_connected_and_resynced, w, SIM_TIMEOUT));
  g_assert_cmpint (g_array_index (w->states, DipccPbxState, 1), ==,
                   DIPCC_PBX_STATE_AUTHENTICATING);
  assert_lists_endpoints (w);
  watch_free (w);
  sim_stop (sim);
}

static gboolean
is_auth_failed (gpointer data)
{
  return dipcc_pbx_client_get_state (((Watch *) data)->client) == DIPCC_PBX_STATE_AUTH_FAILED;
}

static void
test_auth_failure (void)
{
  Sim *sim = sim_start ("--auth-delay", "50", NULL);
  Watch *w = watch_ami (sim, "not-the-secret");
  const GError *error;
  guint connecting = 0;

  dipcc_pbx_client_start (w->client);
  g_assert_true (sim_wait_until (is_auth_failed, w, SIM_TIMEOUT));
  error = dipcc_pbx_client_get_last_error (w->client);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_AUTH);
  g_assert_null (strstr (error->message, "not-the-secret"));

  /* no reconnect storm: nothing more happens by itself */
  sim_spin (1500);
  for (guint i = 0; i < w->states->len; i++)
    connecting += g_array_index (w->states, DipccPbxState, i) == DIPCC_PBX_STATE_CONNECTING;
  g_assert_cmpuint (connecting, ==, 1);
  g_assert_cmpint (dipcc_pbx_client_get_state (w->client), ==, DIPCC_PBX_STATE_AUTH_FAILED);
  watch_free (w);
  sim_stop (sim);
}

typedef struct {
  Watch *w;
  guint  from;
} Since;

static gboolean
reconnected_since (gpointer data)
{
  Since *s = data;
  gboolean left = FALSE;

  for (guint i = s->from; i < s->w->states->len; i++)
    {
      DipccPbxState state = g_array_index (s->w->states, DipccPbxState, i);

      if (state != DIPCC_PBX_STATE_CONNECTED)
        left = TRUE;
      else if (left)
        return TRUE;
    }
  return FALSE;
}

/* The simulator stops reading and writing after 20 messages on the
 * connection (socket open): only the keepalive can tell. */
static void
test_stall (void)
{
  Sim *sim = sim_start (NULL, NULL);
  Watch *w = watch_ws (sim, "?stall=20");
  Since since = { w, 0 };
  gint64 connected_at = 0, left_at = 0;

  g_object_set (w->client, "keepalive-interval", 200, "keepalive-timeout", 300, NULL);
  dipcc_pbx_client_start (w->client);
  g_assert_true (sim_wait_until (is_connected_and_resynced, w, SIM_TIMEOUT));
  since.from = w->states->len - 1;
  g_assert_true (sim_wait_until (reconnected_since, &since, SIM_TIMEOUT));

  for (guint i = since.from; i < w->states->len; i++)
    {
      DipccPbxState state = g_array_index (w->states, DipccPbxState, i);

      if (state == DIPCC_PBX_STATE_CONNECTED && left_at == 0)
        connected_at = g_array_index (w->times, gint64, i);
      else if (left_at == 0)
        left_at = g_array_index (w->times, gint64, i);
    }
  g_test_message ("stall noticed %.0f ms after connecting (ping every 200 ms, 300 ms to "
                  "answer; the stall starts at the 20th message, 4 pings after the resync)",
                  (left_at - connected_at) / 1000.0);
  watch_free (w);
  sim_stop (sim);
}

/* A server that is down leaves actions unanswered: they time out. */
static void
test_action_timeout (void)
{
  Sim *sim = sim_start (NULL, NULL);
  Watch *w = watch_ws (sim, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccActionResult) result = NULL;

  g_object_set (w->client, "keepalive-interval", 60000, NULL);
  dipcc_pbx_client_start (w->client);
  g_assert_true (sim_wait_until (is_connected_and_resynced, w, SIM_TIMEOUT));
  g_assert_cmpuint (sim_rest (sim, "POST", "/sim/server", "application/json",
                              "{\"id\":1,\"down\":true}", -1, TRUE, NULL), ==, 200);
  result = send_action (w, "Ping", DIPCC_ACTION_FLAGS_NONE, 300, &error);
  g_assert_null (result);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_TIMEOUT);
  watch_free (w);
  sim_stop (sim);
}

/* amiws sends every response to every client: another client's Ping answer
 * reaches us as an event, never as the answer to one of ours. */
static void
test_foreign_action_ids (void)
{
  Sim *sim = sim_start (NULL, NULL);
  Watch *a = watch_ws (sim, NULL);
  Watch *b = watch_ws (sim, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccActionResult) result = NULL;
  const char *id;
  gboolean seen = FALSE;

  g_object_set (a->client, "keepalive-interval", 60000, NULL);
  g_object_set (b->client, "keepalive-interval", 60000, NULL);
  dipcc_pbx_client_start (a->client);
  dipcc_pbx_client_start (b->client);
  g_assert_true (sim_wait_until (is_connected_and_resynced, a, SIM_TIMEOUT));
  g_assert_true (sim_wait_until (is_connected_and_resynced, b, SIM_TIMEOUT));

  result = send_action (a, "Ping", DIPCC_ACTION_FLAGS_NONE, 0, &error);
  g_assert_no_error (error);
  id = dipcc_action_result_get_action_id (result);
  g_assert_cmpstr (dipcc_ami_message_get (dipcc_action_result_get_response (result), "Ping"), ==,
                   "Pong");
  sim_spin (200);
  for (guint i = 0; i < b->events->len; i++)
    seen |= g_strcmp0 (dipcc_ami_message_get_action_id (b->events->pdata[i]), id) == 0;
  g_assert_true (seen);
  /* and the ids of two clients never collide */
  {
    g_autoptr(DipccActionResult) other = send_action (b, "Ping", DIPCC_ACTION_FLAGS_NONE, 0,
                                                      &error);

    g_assert_no_error (error);
    g_assert_cmpstr (dipcc_action_result_get_action_id (other), !=, id);
  }
  watch_free (a);
  watch_free (b);
  sim_stop (sim);
}

typedef struct {
  Watch *w;
  guint  resynced;
} Resync;

static gboolean
resynced_again (gpointer data)
{
  Resync *r = data;

  return dipcc_pbx_client_get_state (r->w->client) == DIPCC_PBX_STATE_CONNECTED &&
         r->w->n_resynced > r->resynced;
}

/* The PBX restarts: the client reconnects by itself and resyncs. */
static void
test_restart (void)
{
  Sim *sim = sim_start (NULL, NULL);
  g_autofree char *ws_port = g_strdup_printf ("%u", sim->ws_port);
  Watch *w = watch_ws (sim, NULL);
  Since since = { w, 0 };
  Resync resync = { w, 0 };
  gint64 restarted;

  dipcc_pbx_client_start (w->client);
  g_assert_true (sim_wait_until (is_connected_and_resynced, w, SIM_TIMEOUT));
  resync.resynced = w->n_resynced;
  since.from = w->states->len - 1;
  sim_stop (sim);
  sim_spin (300);
  restarted = g_get_monotonic_time ();
  sim = sim_start ("--ws-port", ws_port, NULL);
  g_assert_true (sim_wait_until (reconnected_since, &since, SIM_TIMEOUT));
  g_assert_true (sim_wait_until (resynced_again, &resync, SIM_TIMEOUT));
  g_test_message ("reconnected and resynced %.0f ms after the PBX came back "
                  "(backoff 100-400 ms here, 0.5-30 s in production)",
                  (g_get_monotonic_time () - restarted) / 1000.0);
  assert_lists_endpoints (w);
  watch_free (w);
  sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connection/websocket", test_websocket);
  g_test_add_func ("/connection/ami", test_ami);
  g_test_add_func ("/connection/auth-failure", test_auth_failure);
  g_test_add_func ("/connection/stall", test_stall);
  g_test_add_func ("/connection/action-timeout", test_action_timeout);
  g_test_add_func ("/connection/foreign-action-ids", test_foreign_action_ids);
  g_test_add_func ("/connection/restart", test_restart);

  return g_test_run ();
}
