/* test-forwarding.c: DipccForwarding against the real dipcc-pbx-sim's AstDB
 * over the WebSocket and AMI, with both command output forms: the seeded
 * state, changes read back, numbers and names that must never reach the
 * wire, and a PBX that refuses commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-ami-transport.h"
#include "dipcc-error.h"
#include "dipcc-forwarding.h"
#include "dipcc-pbx-client.h"
#include "dipcc-ws-transport.h"
#include "sim-helper.h"

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

static gboolean
is_connected (gpointer data)
{
  return dipcc_pbx_client_get_state (data) == DIPCC_PBX_STATE_CONNECTED;
}

static DipccPbxClient *
connect_client (Sim      *sim,
                gboolean  over_ami)
{
  g_autoptr(DipccTransport) transport = NULL;
  DipccPbxClient *client;

  if (over_ami)
    {
      transport = DIPCC_TRANSPORT (dipcc_ami_transport_new ("127.0.0.1", sim->ami_port, FALSE));
    }
  else
    {
      g_autofree char *uri = g_strdup_printf ("ws://127.0.0.1:%u/", sim->ws_port);

      transport = DIPCC_TRANSPORT (dipcc_ws_transport_new (uri));
    }
  client = dipcc_pbx_client_new (transport);
  if (over_ami)
    dipcc_pbx_client_set_credentials (client, "hello", "world");
  dipcc_pbx_client_start (client);
  g_assert_true (sim_wait_until (is_connected, client, SIM_TIMEOUT));
  return client;
}

static void
disconnect_client (DipccPbxClient *client)
{
  dipcc_pbx_client_stop (client);
  sim_spin (50);
  g_assert_finalize_object (client);
}

static GPtrArray *
get_all (DipccForwarding  *fwd,
         GError          **error)
{
  Wait wait = { NULL };
  GPtrArray *states;

  dipcc_forwarding_get_async (fwd, NULL, on_done, &wait);
  g_assert_true (sim_wait_until (has_result, &wait, SIM_TIMEOUT));
  states = dipcc_forwarding_get_finish (fwd, wait.result, error);
  g_object_unref (wait.result);
  if (states != NULL)
    g_assert_cmpuint (states->len, ==, DIPCC_FORWARD_N_KINDS);
  return states;
}

static DipccForwardState *
set_one (DipccForwarding   *fwd,
         DipccForwardKind   kind,
         gboolean           enabled,
         const char        *destination,
         GError           **error)
{
  Wait wait = { NULL };
  DipccForwardState *state;

  dipcc_forwarding_set_async (fwd, kind, enabled, destination, NULL, on_done, &wait);
  g_assert_true (sim_wait_until (has_result, &wait, SIM_TIMEOUT));
  state = dipcc_forwarding_set_finish (fwd, wait.result, error);
  g_object_unref (wait.result);
  return state;
}

static void
assert_state (GPtrArray        *states,
              DipccForwardKind  kind,
              gboolean          enabled,
              const char       *destination)
{
  DipccForwardState *state = g_ptr_array_index (states, kind);

  g_assert_cmpint (dipcc_forward_state_get_kind (state), ==, kind);
  g_assert_cmpint (dipcc_forward_state_get_enabled (state), ==, enabled);
  g_assert_cmpstr (dipcc_forward_state_get_destination (state), ==, destination);
}

/* Writes an AstDB value behind the library's back, as another tool would. */
static void
put_raw (DipccPbxClient *client,
         const char     *command)
{
  g_autoptr(DipccAmiMessage) action = dipcc_ami_message_new_action ("Command");
  g_autoptr(DipccActionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  dipcc_ami_message_add (action, "Command", command);
  dipcc_pbx_client_send_action_async (client, action, 1, DIPCC_ACTION_FLAGS_NONE, 0, NULL,
                                      on_done, &wait);
  g_assert_true (sim_wait_until (has_result, &wait, SIM_TIMEOUT));
  result = dipcc_pbx_client_send_action_finish (client, wait.result, &error);
  g_object_unref (wait.result);
  g_assert_no_error (error);
}

static void
run_scenario (Sim      *sim,
              gboolean  over_ami)
{
  static const char *bad_numbers[] = {
    "010-1234\r\nAction: Originate",
    "0101;rm -rf",
    "abc",
    "",
  };
  static const char *bad_extensions[] = {
    "0101\r\nAction: Originate",
    "01/01",
    "0 101",
    "",
  };
  DipccPbxClient *client = connect_client (sim, over_ami);
  g_autoptr(DipccForwarding) fwd = dipcc_forwarding_new (client, "1", "0101", 1);
  g_autoptr(DipccForwarding) seeded = dipcc_forwarding_new (client, "1", "0102", 1);
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(DipccForwardState) state = NULL;
  g_autoptr(GError) error = NULL;

  /* the world's seeds: 0101 has CFI/enable=no and nothing else */
  states = get_all (fwd, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < DIPCC_FORWARD_N_KINDS; k++)
    assert_state (states, k, FALSE, NULL);
  g_clear_pointer (&states, g_ptr_array_unref);

  states = get_all (seeded, &error);
  g_assert_no_error (error);
  assert_state (states, DIPCC_FORWARD_KIND_ALWAYS, TRUE, "01031415926");
  assert_state (states, DIPCC_FORWARD_KIND_BUSY, FALSE, NULL);
  g_clear_pointer (&states, g_ptr_array_unref);

  /* on, to a number typed with dashes */
  state = set_one (fwd, DIPCC_FORWARD_KIND_ALWAYS, TRUE, "010-1234-5678", &error);
  g_assert_no_error (error);
  g_assert_true (dipcc_forward_state_get_enabled (state));
  g_assert_cmpstr (dipcc_forward_state_get_destination (state), ==, "01012345678");
  g_clear_pointer (&state, dipcc_forward_state_free);

  states = get_all (fwd, &error);
  g_assert_no_error (error);
  assert_state (states, DIPCC_FORWARD_KIND_ALWAYS, TRUE, "01012345678");
  assert_state (states, DIPCC_FORWARD_KIND_BUSY, FALSE, NULL);
  g_clear_pointer (&states, g_ptr_array_unref);

  /* busy: on, then off; the number stays */
  state = set_one (fwd, DIPCC_FORWARD_KIND_BUSY, TRUE, "0216682471", &error);
  g_assert_no_error (error);
  g_clear_pointer (&state, dipcc_forward_state_free);
  state = set_one (fwd, DIPCC_FORWARD_KIND_BUSY, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (dipcc_forward_state_get_enabled (state));
  g_assert_cmpstr (dipcc_forward_state_get_destination (state), ==, "0216682471");
  g_clear_pointer (&state, dipcc_forward_state_free);

  /* back on with the number kept */
  state = set_one (fwd, DIPCC_FORWARD_KIND_BUSY, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dipcc_forward_state_get_enabled (state));
  g_assert_cmpstr (dipcc_forward_state_get_destination (state), ==, "0216682471");
  g_clear_pointer (&state, dipcc_forward_state_free);

  /* on with no number anywhere */
  state = set_one (fwd, DIPCC_FORWARD_KIND_NO_ANSWER, TRUE, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  g_assert_null (state);
  g_clear_error (&error);

  /* refused before anything is sent: turning ALWAYS off with a bad number
   * would otherwise have switched it off */
  for (guint i = 0; i < G_N_ELEMENTS (bad_numbers); i++)
    {
      state = set_one (fwd, DIPCC_FORWARD_KIND_ALWAYS, FALSE, bad_numbers[i], &error);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_null (state);
      g_assert_null (strchr (error->message, '\n'));
      g_clear_error (&error);
    }
  states = get_all (fwd, &error);
  g_assert_no_error (error);
  assert_state (states, DIPCC_FORWARD_KIND_ALWAYS, TRUE, "01012345678");
  assert_state (states, DIPCC_FORWARD_KIND_BUSY, TRUE, "0216682471");
  assert_state (states, DIPCC_FORWARD_KIND_NO_ANSWER, FALSE, NULL);
  assert_state (states, DIPCC_FORWARD_KIND_UNAVAILABLE, FALSE, NULL);
  g_clear_pointer (&states, g_ptr_array_unref);

  /* names that would break the command line or the key */
  for (guint i = 0; i < G_N_ELEMENTS (bad_extensions); i++)
    {
      g_autoptr(DipccForwarding) bad = dipcc_forwarding_new (client, "1", bad_extensions[i], 1);
      g_autoptr(DipccForwarding) bad_tenant = dipcc_forwarding_new (client, bad_extensions[i],
                                                                    "0101", 1);

      states = get_all (bad, &error);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_null (states);
      g_clear_error (&error);
      state = set_one (bad_tenant, DIPCC_FORWARD_KIND_ALWAYS, FALSE, NULL, &error);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_null (state);
      g_clear_error (&error);
    }

  /* a destination in a form we do not know is shown as it is */
  put_raw (client, "database put 1 diversions/0101/CFU/destination Local/9999@elsewhere");
  put_raw (client, "database put 1 diversions/0101/CFU/enable yes");
  states = get_all (fwd, &error);
  g_assert_no_error (error);
  assert_state (states, DIPCC_FORWARD_KIND_UNAVAILABLE, TRUE, "Local/9999@elsewhere");
  g_clear_pointer (&states, g_ptr_array_unref);

  /* leave the world as it was for the next transport */
  put_raw (client, "database del 1 diversions/0101/CFU/destination");
  put_raw (client, "database del 1 diversions/0101/CFU/enable");
  put_raw (client, "database del 1 diversions/0101/CFB/destination");
  put_raw (client, "database del 1 diversions/0101/CFB/enable");
  put_raw (client, "database del 1 diversions/0101/CFI/destination");
  put_raw (client, "database put 1 diversions/0101/CFI/enable no");

  g_clear_object (&fwd);
  g_clear_object (&seeded);
  disconnect_client (client);
}

static void
test_websocket (void)
{
  Sim *sim = sim_start (NULL, NULL);

  run_scenario (sim, FALSE);
  sim_stop (sim);
}

static void
test_ami (void)
{
  Sim *sim = sim_start (NULL, NULL);

  run_scenario (sim, TRUE);
  sim_stop (sim);
}

/* `Response: Follows` on AMI, type 5 with one joined Output on the WebSocket */
static void
test_old_asterisk (void)
{
  Sim *sim = sim_start ("--old-asterisk", NULL);

  run_scenario (sim, FALSE);
  run_scenario (sim, TRUE);
  sim_stop (sim);
}

static void
assert_denied (const GError *error)
{
  g_autofree char *lower = NULL;

  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED);
  lower = g_ascii_strdown (error->message, -1);
  g_assert_nonnull (strstr (lower, "permission"));
}

static void
test_deny_commands (void)
{
  Sim *sim = sim_start ("--fault", "deny-commands", NULL);

  for (guint t = 0; t < 2; t++)
    {
      DipccPbxClient *client = connect_client (sim, t == 1);
      g_autoptr(DipccForwarding) fwd = dipcc_forwarding_new (client, "1", "0101", 1);
      g_autoptr(GPtrArray) states = NULL;
      g_autoptr(DipccForwardState) state = NULL;
      g_autoptr(GError) error = NULL;

      states = get_all (fwd, &error);
      g_assert_null (states);
      assert_denied (error);
      g_clear_error (&error);

      state = set_one (fwd, DIPCC_FORWARD_KIND_ALWAYS, TRUE, "01012345678", &error);
      g_assert_null (state);
      assert_denied (error);
      g_clear_error (&error);

      g_clear_object (&fwd);
      disconnect_client (client);
    }
  sim_stop (sim);
}

static void
test_kinds (void)
{
  static const struct {
    const char       *text;
    DipccForwardKind  kind;
  } good[] = {
    { "always", DIPCC_FORWARD_KIND_ALWAYS },
    { "CFI", DIPCC_FORWARD_KIND_ALWAYS },
    { "Busy", DIPCC_FORWARD_KIND_BUSY },
    { "cfb", DIPCC_FORWARD_KIND_BUSY },
    { "no-answer", DIPCC_FORWARD_KIND_NO_ANSWER },
    { "CfN", DIPCC_FORWARD_KIND_NO_ANSWER },
    { "UNAVAILABLE", DIPCC_FORWARD_KIND_UNAVAILABLE },
    { "cfu", DIPCC_FORWARD_KIND_UNAVAILABLE },
  };
  DipccForwardKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (dipcc_forward_kind_from_string (good[i].text, &kind));
      g_assert_cmpint (kind, ==, good[i].kind);
    }
  g_assert_false (dipcc_forward_kind_from_string ("sideways", &kind));
  g_assert_false (dipcc_forward_kind_from_string ("", &kind));
  g_assert_false (dipcc_forward_kind_from_string (NULL, &kind));
  g_assert_cmpstr (dipcc_forward_kind_get_token (DIPCC_FORWARD_KIND_NO_ANSWER), ==, "CFN");
  g_assert_cmpstr (dipcc_forward_kind_get_nick (DIPCC_FORWARD_KIND_UNAVAILABLE), ==,
                   "unavailable");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forwarding/kinds", test_kinds);
  g_test_add_func ("/forwarding/websocket", test_websocket);
  g_test_add_func ("/forwarding/ami", test_ami);
  g_test_add_func ("/forwarding/old-asterisk", test_old_asterisk);
  g_test_add_func ("/forwarding/deny-commands", test_deny_commands);

  return g_test_run ();
}
