/* test-forwarding.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DipccForwarding against an in-process amiws-like fake on 127.0.0.1 whose
 * PBX can misbehave in ways the simulator does not: it answers writes it
 * does not keep, gives output that is neither a value nor "not found", or
 * answers in unexpected destination forms. Every command it gets is kept,
 * so the tests can check what reached the wire.
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "dipcc-error.h"
#include "dipcc-forwarding.h"
#include "dipcc-pbx-client.h"
#include "dipcc-test-utils.h"
#include "dipcc-ws-envelope.h"
#include "dipcc-ws-transport.h"

#define TIMEOUT_MS 10000

typedef struct {
  SoupServer  *server;
  guint16      port;
  GPtrArray   *clients;     /* SoupWebsocketConnection */
  GPtrArray   *commands;    /* char *: every Command, in order */
  GHashTable  *astdb;       /* "family/key" → value */
  gboolean     forgetful;   /* puts answer success but change nothing */
  const char  *odd_output;  /* when set: the only Output line of every get */
} Fake;

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_until (gboolean (*cond) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) TIMEOUT_MS * 1000;
  guint wake = g_timeout_add (5, wake_up, NULL);

  while (!cond (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return cond (data);
}

static void
send_to_all (Fake            *fake,
             DipccWsFrameType type,
             DipccAmiMessage *message)
{
  g_autofree char *frame = dipcc_ws_envelope_encode_frame (type, 1, "127.0.0.1", FALSE, message);

  for (guint i = 0; i < fake->clients->len; i++)
    {
      SoupWebsocketConnection *client = g_ptr_array_index (fake->clients, i);

      if (soup_websocket_connection_get_state (client) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (client, frame);
    }
}

static void
answer_command (Fake            *fake,
                const char      *action_id,
                const char      *command)
{
  g_auto(GStrv) words = g_strsplit (command, " ", 0);
  guint n = g_strv_length (words);
  g_autoptr(DipccAmiMessage) r = dipcc_test_message_new ("Response", "Success",
                                                         "ActionID", action_id,
                                                         "Message", "Command output follows",
                                                         NULL);

  g_ptr_array_add (fake->commands, g_strdup (command));
  if (n == 4 && g_str_equal (words[0], "database") && g_str_equal (words[1], "get"))
    {
      g_autofree char *key = g_strdup_printf ("%s/%s", words[2], words[3]);
      const char *value = g_hash_table_lookup (fake->astdb, key);

      if (fake->odd_output != NULL)
        dipcc_ami_message_add (r, "Output", fake->odd_output);
      else if (value != NULL)
        {
          g_autofree char *line = g_strdup_printf ("Value: %s", value);

          dipcc_ami_message_add (r, "Output", line);
        }
      else
        dipcc_ami_message_add (r, "Output", "Database entry not found.");
    }
  else if (n == 5 && g_str_equal (words[0], "database") && g_str_equal (words[1], "put"))
    {
      if (!fake->forgetful)
        g_hash_table_replace (fake->astdb, g_strdup_printf ("%s/%s", words[2], words[3]),
                              g_strdup (words[4]));
      dipcc_ami_message_add (r, "Output", "Updated database successfully");
    }
  else
    {
      dipcc_ami_message_set (r, "Response", "Error");
      dipcc_ami_message_add (r, "Output", "No such command");
    }
  send_to_all (fake, DIPCC_WS_FRAME_RESPONSE, r);
}

static void
on_message (SoupWebsocketConnection *client,
            int                      type,
            GBytes                  *bytes,
            gpointer                 user_data)
{
  Fake *fake = user_data;
  g_autoptr(DipccWsEnvelope) envelope = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *json = g_bytes_get_data (bytes, &len);
  const char *name;
  const char *action_id;

  envelope = dipcc_ws_envelope_decode_action (json, len, &error);
  g_assert_no_error (error);
  name = dipcc_ami_message_get (envelope->message, "Action");
  action_id = dipcc_ami_message_get_action_id (envelope->message);
  if (action_id == NULL)
    action_id = "";

  if (g_ascii_strcasecmp (name, "Command") == 0)
    answer_command (fake, action_id, dipcc_ami_message_get (envelope->message, "Command"));
  else if (g_ascii_strcasecmp (name, "Ping") == 0)
    {
      g_autoptr(DipccAmiMessage) r = dipcc_test_message_new ("Response", "Success",
                                                             "ActionID", action_id,
                                                             "Ping", "Pong",
                                                             "Timestamp", "1598510618.33",
                                                             NULL);

      send_to_all (fake, DIPCC_WS_FRAME_RESPONSE, r);
    }
  else
    {
      /* an empty list */
      g_autofree char *complete = g_strconcat (g_ascii_strcasecmp (name, "CoreShowChannels") == 0
                                               ? "CoreShowChannels" : "EndpointList",
                                               "Complete", NULL);
      g_autoptr(DipccAmiMessage) start = dipcc_test_message_new ("Response", "Success",
                                                                 "ActionID", action_id,
                                                                 "EventList", "start",
                                                                 NULL);
      g_autoptr(DipccAmiMessage) end = dipcc_test_message_new ("Event", complete,
                                                               "ActionID", action_id,
                                                               "EventList", "Complete",
                                                               "ListItems", "0",
                                                               NULL);

      send_to_all (fake, DIPCC_WS_FRAME_RESPONSE, start);
      send_to_all (fake, DIPCC_WS_FRAME_EVENT, end);
    }
}

static void
on_closed (SoupWebsocketConnection *client,
           gpointer                 user_data)
{
  Fake *fake = user_data;

  g_signal_handlers_disconnect_by_data (client, fake);
  g_ptr_array_remove (fake->clients, client);
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *client,
              gpointer                 user_data)
{
  Fake *fake = user_data;

  g_ptr_array_add (fake->clients, g_object_ref (client));
  g_signal_connect (client, "message", G_CALLBACK (on_message), fake);
  g_signal_connect (client, "closed", G_CALLBACK (on_closed), fake);
}

static Fake *
fake_new (void)
{
  Fake *fake = g_new0 (Fake, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->clients = g_ptr_array_new_with_free_func (g_object_unref);
  fake->commands = g_ptr_array_new_with_free_func (g_free);
  fake->astdb = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (fake->server, NULL, NULL, NULL, on_websocket, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return fake;
}

static void
fake_free (Fake *fake)
{
  for (guint i = 0; i < fake->clients->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (fake->clients, i), fake);
  g_ptr_array_unref (fake->clients);
  soup_server_disconnect (fake->server);
  g_object_unref (fake->server);
  g_ptr_array_unref (fake->commands);
  g_hash_table_unref (fake->astdb);
  g_free (fake);
}

static gboolean
is_connected (gpointer data)
{
  return dipcc_pbx_client_get_state (data) == DIPCC_PBX_STATE_CONNECTED;
}

static DipccPbxClient *
connect_to (Fake *fake)
{
  g_autofree char *uri = g_strdup_printf ("ws://127.0.0.1:%u/", fake->port);
  g_autoptr(DipccWsTransport) ws = dipcc_ws_transport_new (uri);
  DipccPbxClient *client = dipcc_pbx_client_new (DIPCC_TRANSPORT (ws));

  dipcc_pbx_client_start (client);
  g_assert_true (wait_until (is_connected, client));
  return client;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GPtrArray *
get_all (DipccForwarding  *fwd,
         GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dipcc_forwarding_get_async (fwd, NULL, on_done, &result);
  g_assert_true (wait_until (has_result, &result));
  return dipcc_forwarding_get_finish (fwd, result, error);
}

static DipccForwardState *
set_one (DipccForwarding   *fwd,
         DipccForwardKind   kind,
         gboolean           enabled,
         const char        *destination,
         GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dipcc_forwarding_set_async (fwd, kind, enabled, destination, NULL, on_done, &result);
  g_assert_true (wait_until (has_result, &result));
  return dipcc_forwarding_set_finish (fwd, result, error);
}

static void
finish (Fake            *fake,
        DipccPbxClient  *client,
        DipccForwarding *fwd)
{
  g_assert_finalize_object (fwd);
  dipcc_pbx_client_stop (client);
  g_assert_finalize_object (client);
  fake_free (fake);
}

/* The commands on the wire, and what a missing entry or an odd destination
 * reads as. */
static void
test_commands (void)
{
  Fake *fake = fake_new ();
  DipccPbxClient *client = connect_to (fake);
  DipccForwarding *fwd = dipcc_forwarding_new (client, "7be69580e27641df", "0164", 1);
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(DipccForwardState) state = NULL;
  g_autoptr(GError) error = NULL;
  DipccForwardState *always;
  DipccForwardState *no_answer;

  g_hash_table_insert (fake->astdb, g_strdup ("7be69580e27641df/diversions/0164/CFN/enable"),
                       g_strdup ("YES"));
  g_hash_table_insert (fake->astdb,
                       g_strdup ("7be69580e27641df/diversions/0164/CFN/destination"),
                       g_strdup ("sub-custom-numbers,\x1b[31m0216682471,2"));

  states = get_all (fwd, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake->commands->len, ==, 8);
  g_assert_cmpstr (fake->commands->pdata[0], ==,
                   "database get 7be69580e27641df diversions/0164/CFI/enable");
  g_assert_cmpstr (fake->commands->pdata[7], ==,
                   "database get 7be69580e27641df diversions/0164/CFU/destination");
  always = g_ptr_array_index (states, DIPCC_FORWARD_KIND_ALWAYS);
  no_answer = g_ptr_array_index (states, DIPCC_FORWARD_KIND_NO_ANSWER);
  g_assert_false (dipcc_forward_state_get_enabled (always));
  g_assert_null (dipcc_forward_state_get_destination (always));
  g_assert_true (dipcc_forward_state_get_enabled (no_answer));
  /* shown as the PBX has it, minus the escape character */
  g_assert_cmpstr (dipcc_forward_state_get_destination (no_answer), ==,
                   "sub-custom-numbers,[31m0216682471,2");

  g_ptr_array_set_size (fake->commands, 0);
  state = set_one (fwd, DIPCC_FORWARD_KIND_BUSY, TRUE, "+82 10-1234-5678", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dipcc_forward_state_get_destination (state), ==, "+821012345678");
  g_assert_cmpuint (fake->commands->len, ==, 4);
  g_assert_cmpstr (fake->commands->pdata[0], ==,
                   "database put 7be69580e27641df diversions/0164/CFB/destination "
                   "sub-custom-numbers,+821012345678,1");
  g_assert_cmpstr (fake->commands->pdata[1], ==,
                   "database put 7be69580e27641df diversions/0164/CFB/enable yes");

  finish (fake, client, fwd);
}

/* A write the PBX answers but does not keep is found by the read-back. */
static void
test_not_kept (void)
{
  Fake *fake = fake_new ();
  DipccPbxClient *client = connect_to (fake);
  DipccForwarding *fwd = dipcc_forwarding_new (client, "1", "0101", 1);
  g_autoptr(DipccForwardState) state = NULL;
  g_autoptr(GError) error = NULL;

  fake->forgetful = TRUE;
  state = set_one (fwd, DIPCC_FORWARD_KIND_ALWAYS, TRUE, "01012345678", &error);
  g_assert_null (state);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "The PBX did not keep the change"));

  finish (fake, client, fwd);
}

/* Output that is neither a value nor "not found" is an error quoting it,
 * cleaned and shortened. */
static void
test_odd_output (void)
{
  Fake *fake = fake_new ();
  DipccPbxClient *client = connect_to (fake);
  DipccForwarding *fwd = dipcc_forwarding_new (client, "1", "0101", 1);
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_output = g_strnfill (300, 'x');

  fake->odd_output = "Unable to connect to\r\n remote asterisk";
  states = get_all (fwd, &error);
  g_assert_null (states);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Unable to connect to remote asterisk"));
  g_assert_null (strchr (error->message, '\r'));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  fake->odd_output = long_output;
  states = get_all (fwd, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED);
  g_assert_null (strstr (error->message, long_output + 200));
  g_assert_nonnull (strstr (error->message, "…"));

  finish (fake, client, fwd);
}

/* Nothing reaches the wire for a number or a name that cannot be used. */
static void
test_refused_before_sending (void)
{
  static const char *numbers[] = { "010-1234\r\nAction: Originate", "0101;rm -rf", "abc", "" };
  static const char *names[] = { "0101\r\nAction: Originate", "01/01", "0 101", "", "a\tb" };
  Fake *fake = fake_new ();
  DipccPbxClient *client = connect_to (fake);
  DipccForwarding *fwd = dipcc_forwarding_new (client, "1", "0101", 1);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(DipccForwardState) state = set_one (fwd, DIPCC_FORWARD_KIND_ALWAYS, TRUE,
                                                    numbers[i], &error);

      g_assert_null (state);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(DipccForwarding) bad_ext = dipcc_forwarding_new (client, "1", names[i], 1);
      g_autoptr(DipccForwarding) bad_tenant = dipcc_forwarding_new (client, names[i], "0101", 1);
      g_autoptr(GPtrArray) states = get_all (bad_ext, &error);
      g_autoptr(DipccForwardState) state = NULL;

      g_assert_null (states);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_clear_error (&error);
      state = set_one (bad_tenant, DIPCC_FORWARD_KIND_BUSY, FALSE, NULL, &error);
      g_assert_null (state);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
  g_assert_cmpuint (fake->commands->len, ==, 0);

  finish (fake, client, fwd);
}

static void
test_state_boxed (void)
{
  g_autoptr(DipccForwardState) state = dipcc_forward_state_new (DIPCC_FORWARD_KIND_UNAVAILABLE,
                                                                TRUE, "0101");
  g_autoptr(DipccForwardState) copy = g_boxed_copy (DIPCC_TYPE_FORWARD_STATE, state);

  g_assert_cmpint (dipcc_forward_state_get_kind (copy), ==, DIPCC_FORWARD_KIND_UNAVAILABLE);
  g_assert_true (dipcc_forward_state_get_enabled (copy));
  g_assert_cmpstr (dipcc_forward_state_get_destination (copy), ==, "0101");
  g_assert_cmpstr (dipcc_forward_kind_get_token (DIPCC_FORWARD_KIND_BUSY), ==, "CFB");
  g_assert_cmpstr (dipcc_forward_kind_get_label (DIPCC_FORWARD_KIND_BUSY), ==, "When busy");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forwarding/state", test_state_boxed);
  g_test_add_func ("/forwarding/commands", test_commands);
  g_test_add_func ("/forwarding/not-kept", test_not_kept);
  g_test_add_func ("/forwarding/odd-output", test_odd_output);
  g_test_add_func ("/forwarding/refused-before-sending", test_refused_before_sending);

  return g_test_run ();
}
