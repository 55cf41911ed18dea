/* test-session.c: DipccSession against the real dipcc-pbx-sim: from no
 * settings to connected, secrets from the keyring, rebuilding on a settings
 * change, an AMI login refused, and click-to-call over REST and over AMI
 * followed from "your phone rings" to hangup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <string.h>

#include <glib/gstdio.h>

#include "dipcc-error.h"
#include "dipcc-session.h"
#include "sim-helper.h"

typedef struct {
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static DipccSettings *
settings_new (void)
{
  /* a backend of its own per test: no test sees another's values, and no
   * change notification outlives its test */
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return dipcc_settings_new_with_backend (backend);
}

static void
reset_all (DipccSettings *settings)
{
  GSettings *gs = dipcc_settings_get_gsettings (settings);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (gs, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (gs, keys[i]);
}

static gboolean
is_state (gpointer data)
{
  gpointer *pair = data;

  return (int) dipcc_session_get_state (pair[0]) == GPOINTER_TO_INT (pair[1]);
}

static gboolean
wait_state (DipccSession      *session,
            DipccSessionState  state)
{
  gpointer pair[2] = { session, GINT_TO_POINTER (state) };

  return sim_wait_until (is_state, pair, SIM_TIMEOUT);
}

static void
store_secret (DipccSession    *session,
              DipccSecretKind  kind,
              const char      *secret)
{
  g_autoptr(DipccConnectionConfig) config =
    dipcc_connection_config_new_from_settings (dipcc_session_get_settings (session));
  g_autofree char *account = kind == DIPCC_SECRET_KIND_APP_KEY
                             ? dipcc_connection_config_dup_rest_account (config)
                             : dipcc_connection_config_dup_ami_account (config);
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  dipcc_session_store_secret_async (session, kind, account, secret, NULL, wait_cb, &wait);
  g_assert_true (sim_wait_until (has_result, &wait, SIM_TIMEOUT));
  g_assert_true (dipcc_session_store_secret_finish (session, wait.result, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
}

static void
configure_ws (DipccSettings *settings,
              Sim           *sim,
              const char    *extension)
{
  g_autofree char *rest = g_strdup_printf ("http://127.0.0.1:%u", sim->rest_port);
  g_autofree char *ws = g_strdup_printf ("ws://127.0.0.1:%u", sim->ws_port);

  dipcc_settings_set_rest_url (settings, rest);
  dipcc_settings_set_tenant (settings, "1");
  dipcc_settings_set_ws_url (settings, ws);
  dipcc_settings_set_extension (settings, extension);
}

static void
session_free (DipccSession *session)
{
  dipcc_session_stop (session);
  sim_spin (50);
  g_assert_finalize_object (session);
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_unconfigured (void)
{
  g_autoptr(DipccSettings) settings = settings_new ();
  DipccSession *session;

  reset_all (settings);
  session = dipcc_session_new (settings, NULL, NULL);
  dipcc_session_start (session);
  g_assert_true (wait_state (session, DIPCC_SESSION_STATE_UNCONFIGURED));
  g_assert_null (dipcc_session_get_pbx_client (session));
  g_assert_null (dipcc_session_get_rest_client (session));
  g_assert_nonnull (dipcc_session_get_status_message (session));
  session_free (session);
}

static gboolean
endpoint_listed (gpointer data)
{
  DipccSession *session = data;

  return dipcc_session_get_my_endpoint (session) != NULL;
}

typedef struct {
  GArray *stages;
} Stages;

static void
on_stage (DipccDialAttempt *attempt,
          GParamSpec       *pspec,
          Stages           *s)
{
  DipccDialStage stage = dipcc_dial_attempt_get_stage (attempt);

  g_array_append_val (s->stages, stage);
}

static gboolean
attempt_finished (gpointer data)
{
  return dipcc_dial_attempt_is_finished (data);
}

static gboolean
seen (Stages         *s,
      DipccDialStage  stage)
{
  for (guint i = 0; i < s->stages->len; i++)
    if (g_array_index (s->stages, DipccDialStage, i) == stage)
      return TRUE;
  return FALSE;
}

/* Dials and follows the attempt to its end; returns the stages it went by. */
static Stages
dial_and_follow (DipccSession *session,
                 const char   *number,
                 gboolean      even_if_offline,
                 GError      **error)
{
  Stages s = { g_array_new (FALSE, FALSE, sizeof (DipccDialStage)) };
  g_autoptr(DipccDialAttempt) attempt = NULL;
  Wait wait = { 0 };

  dipcc_session_dial_async (session, number, even_if_offline, NULL, wait_cb, &wait);
  g_assert_true (sim_wait_until (has_result, &wait, SIM_TIMEOUT));
  attempt = dipcc_session_dial_finish (session, wait.result, error);
  g_object_unref (wait.result);
  if (attempt == NULL)
    return s;

  on_stage (attempt, NULL, &s);
  g_signal_connect (attempt, "notify::stage", G_CALLBACK (on_stage), &s);
  g_assert_true (sim_wait_until (attempt_finished, attempt, SIM_TIMEOUT));
  g_assert_nonnull (dipcc_dial_attempt_get_message (attempt));
  g_signal_handlers_disconnect_by_data (attempt, &s);
  return s;
}

static void
test_websocket_dial (void)
{
  Sim *sim = sim_start (NULL, NULL);
  g_autoptr(DipccSettings) settings = settings_new ();
  g_autoptr(GError) error = NULL;
  DipccSession *session;
  Stages s;

  reset_all (settings);
  configure_ws (settings, sim, "0101");
  session = dipcc_session_new (settings, NULL, NULL);
  dipcc_session_start (session);

  /* no app-key yet: events flow, but no REST client */
  g_assert_true (wait_state (session, DIPCC_SESSION_STATE_CONNECTED));
  g_assert_null (dipcc_session_get_rest_client (session));
  s = dial_and_follow (session, "010-1234-5678", FALSE, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);
  g_array_unref (s.stages);

  store_secret (session, DIPCC_SECRET_KIND_APP_KEY, "demo-app-key");
  g_assert_true (sim_wait_until ((SimCondition) dipcc_session_get_rest_client, session,
                                 SIM_TIMEOUT));
  g_assert_true (wait_state (session, DIPCC_SESSION_STATE_CONNECTED));
  g_assert_nonnull (dipcc_session_get_forwarding (session));
  g_assert_true (sim_wait_until (endpoint_listed, session, SIM_TIMEOUT));

  s = dial_and_follow (session, "010-1234-5678", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (seen (&s, DIPCC_DIAL_STAGE_RINGING_YOU));
  g_assert_true (seen (&s, DIPCC_DIAL_STAGE_IN_CALL));
  g_assert_cmpint (g_array_index (s.stages, DipccDialStage, s.stages->len - 1), ==,
                   DIPCC_DIAL_STAGE_ENDED);
  g_array_unref (s.stages);

  /* a number that cannot be dialled never reaches the PBX */
  s = dial_and_follow (session, "010-1234\r\nAction: Logoff", FALSE, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_array_unref (s.stages);

  session_free (session);
  sim_stop (sim);
}

static void
test_offline_phone (void)
{
  Sim *sim = sim_start (NULL, NULL);
  g_autoptr(DipccSettings) settings = settings_new ();
  g_autoptr(GError) error = NULL;
  DipccSession *session;
  Stages s;

  reset_all (settings);
  configure_ws (settings, sim, "0103");   /* not registered in the sim */
  session = dipcc_session_new (settings, NULL, NULL);
  dipcc_session_start (session);
  store_secret (session, DIPCC_SECRET_KIND_APP_KEY, "demo-app-key");
  g_assert_true (wait_state (session, DIPCC_SESSION_STATE_CONNECTED));
  g_assert_true (sim_wait_until (endpoint_listed, session, SIM_TIMEOUT));
  g_assert_true (sim_wait_until ((SimCondition) dipcc_session_get_rest_client, session,
                                 SIM_TIMEOUT));

  s = dial_and_follow (session, "01012345678", FALSE, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_PHONE_OFFLINE);
  g_assert_nonnull (strstr (error->message, "0103"));
  g_clear_error (&error);
  g_array_unref (s.stages);

  /* "Call anyway": the PBX takes it, the phone never rings, it ends */
  s = dial_and_follow (session, "01012345678", TRUE, &error);
  g_assert_no_error (error);
  g_assert_false (seen (&s, DIPCC_DIAL_STAGE_IN_CALL));
  g_array_unref (s.stages);

  session_free (session);
  sim_stop (sim);
}

static DipccSession *
ami_session_new (Sim           *sim,
                 DipccSettings *settings)
{
  DipccSession *session;

  reset_all (settings);
  dipcc_settings_set_event_channel (settings, DIPCC_EVENT_CHANNEL_AMI);
  dipcc_settings_set_ami_host (settings, "127.0.0.1");
  dipcc_settings_set_ami_port (settings, sim->ami_port);
  dipcc_settings_set_ami_user (settings, "hello");
  dipcc_settings_set_extension (settings, "0104");
  session = dipcc_session_new (settings, NULL, NULL);
  dipcc_session_start (session);

  /* no secret yet: says what is missing, never tries */
  g_assert_true (wait_state (session, DIPCC_SESSION_STATE_ERROR));
  g_assert_nonnull (strstr (dipcc_session_get_status_message (session), "secret"));
  return session;
}

static void
test_ami_auth_failed (void)
{
  Sim *sim = sim_start (NULL, NULL);
  g_autoptr(DipccSettings) settings = settings_new ();
  DipccSession *session = ami_session_new (sim, settings);

  /* a wrong secret: refused, and the reason is shown */
  store_secret (session, DIPCC_SECRET_KIND_AMI_SECRET, "not-the-secret");
  g_assert_true (wait_state (session, DIPCC_SESSION_STATE_AUTH_FAILED));
  g_assert_nonnull (dipcc_session_get_status_message (session));

  /* the right one: connected without restarting anything */
  store_secret (session, DIPCC_SECRET_KIND_AMI_SECRET, "world");
  g_assert_true (wait_state (session, DIPCC_SESSION_STATE_CONNECTED));

  session_free (session);
  sim_stop (sim);
}

static void
test_ami_only (void)
{
  Sim *sim = sim_start (NULL, NULL);
  g_autoptr(DipccSettings) settings = settings_new ();
  g_autoptr(GError) error = NULL;
  DipccSession *session = ami_session_new (sim, settings);
  Stages s;

  store_secret (session, DIPCC_SECRET_KIND_AMI_SECRET, "world");
  g_assert_true (wait_state (session, DIPCC_SESSION_STATE_CONNECTED));
  g_assert_null (dipcc_session_get_rest_client (session));
  g_assert_true (sim_wait_until (endpoint_listed, session, SIM_TIMEOUT));

  /* click-to-call without REST goes out as an AMI Originate */
  s = dial_and_follow (session, "+82 10 1234 5678", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (seen (&s, DIPCC_DIAL_STAGE_IN_CALL));
  g_array_unref (s.stages);

  session_free (session);
  sim_stop (sim);
}

static void
test_settings_change (void)
{
  Sim *sim = sim_start (NULL, NULL);
  g_autoptr(DipccSettings) settings = settings_new ();
  g_autofree char *good = NULL;
  DipccSession *session;
  DipccPbxClient *first;

  reset_all (settings);
  configure_ws (settings, sim, "0101");
  good = g_strdup (dipcc_settings_get_ws_url (settings));
  session = dipcc_session_new (settings, NULL, NULL);
  dipcc_session_start (session);
  g_assert_true (wait_state (session, DIPCC_SESSION_STATE_CONNECTED));
  first = dipcc_session_get_pbx_client (session);

  /* a setting that does not change the connection keeps the client */
  dipcc_settings_set_cid_name (settings, "Support desk");
  sim_spin (600);
  g_assert_true (dipcc_session_get_pbx_client (session) == first);

  /* nobody listens on port 1: the session says it is retrying */
  dipcc_settings_set_ws_url (settings, "ws://127.0.0.1:1");
  g_assert_true (wait_state (session, DIPCC_SESSION_STATE_RECONNECTING));
  g_assert_cmpint (dipcc_session_get_reconnect_at (session), >, 0);
  g_assert_nonnull (dipcc_session_get_status_message (session));

  dipcc_settings_set_ws_url (settings, good);
  g_assert_true (wait_state (session, DIPCC_SESSION_STATE_CONNECTED));
  g_assert_cmpint (dipcc_session_get_reconnect_at (session), ==, 0);

  session_free (session);
  sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("dipcc-session-XXXXXX", NULL);
  g_autofree char *keyring = g_build_filename (dir, "keyring", NULL);
  g_autofree char *contacts = g_build_filename (dir, "data", NULL);
  int ret;

  /* a throwaway keyring file, and no address book of the user's */
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-password", TRUE);
  g_setenv ("XDG_DATA_HOME", contacts, TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/unconfigured", test_unconfigured);
  g_test_add_func ("/session/websocket-dial", test_websocket_dial);
  g_test_add_func ("/session/offline-phone", test_offline_phone);
  g_test_add_func ("/session/ami-only", test_ami_only);
  g_test_add_func ("/session/ami-auth-failed", test_ami_auth_failed);
  g_test_add_func ("/session/settings-change", test_settings_change);
  ret = g_test_run ();

  g_unlink (keyring);
  g_rmdir (contacts);
  g_rmdir (dir);
  return ret;
}
