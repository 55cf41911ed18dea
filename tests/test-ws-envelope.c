/* test-ws-envelope.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-error.h"
#include "dipcc-test-utils.h"
#include "dipcc-ws-envelope.h"

#define FFFD "\xEF\xBF\xBD"

/* ---- helpers ----------------------------------------------------------- */

static DipccWsEnvelope *
decode_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  DipccWsEnvelope *envelope = dipcc_ws_envelope_decode (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_nonnull (envelope);
  g_assert_nonnull (envelope->message);
  return envelope;
}

static DipccWsEnvelope *
decode_action_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  DipccWsEnvelope *envelope = dipcc_ws_envelope_decode_action (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_nonnull (envelope);
  g_assert_nonnull (envelope->message);
  return envelope;
}

static DipccWsEnvelope *
decode_data_file (const char *name,
                  gboolean    as_action)
{
  gsize len;
  g_autofree char *path = g_strconcat ("ws/", name, NULL);
  g_autofree char *json = dipcc_test_read_data (path, &len);
  g_autoptr(GError) error = NULL;
  DipccWsEnvelope *envelope;

  if (as_action)
    envelope = dipcc_ws_envelope_decode_action (json, len, &error);
  else
    envelope = dipcc_ws_envelope_decode (json, len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (envelope);
  return envelope;
}

/* Decoding fails with @code and the error has a readable message. */
static void
assert_fails_len (gboolean    as_action,
                  const char *json,
                  gsize       len,
                  int         code)
{
  g_autoptr(GError) error = NULL;
  DipccWsEnvelope *envelope;

  if (as_action)
    envelope = dipcc_ws_envelope_decode_action (json, len, &error);
  else
    envelope = dipcc_ws_envelope_decode (json, len, &error);
  g_assert_null (envelope);
  g_assert_error (error, DIPCC_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
assert_fails (const char *json,
              int         code)
{
  assert_fails_len (FALSE, json, strlen (json), code);
  assert_fails_len (TRUE, json, strlen (json), code);
}

static void
assert_envelope (DipccWsEnvelope  *envelope,
                 DipccWsFrameType  type,
                 int               server_id,
                 const char       *server_name,
                 gboolean          ssl,
                 int               ami_server_id)
{
  g_assert_cmpint (envelope->type, ==, type);
  g_assert_cmpint (envelope->server_id, ==, server_id);
  g_assert_cmpstr (envelope->server_name, ==, server_name);
  g_assert_cmpint (envelope->ssl, ==, ssl);
  g_assert_cmpint (envelope->ami_server_id, ==, ami_server_id);
  g_assert_cmpint (dipcc_ami_message_get_server_id (envelope->message), ==, server_id);
  g_assert_cmpstr (dipcc_ami_message_get_server_name (envelope->message), ==, server_name);
}

static void
assert_all_clean (DipccAmiMessage *message)
{
  for (guint i = 0; i < dipcc_ami_message_get_n_fields (message); i++)
    {
      const char *key = dipcc_ami_message_get_key_at (message, i);
      const char *value = dipcc_ami_message_get_value_at (message, i);
      gsize value_len = dipcc_ami_message_get_value_len_at (message, i);

      g_assert_true (g_utf8_validate (key, -1, NULL));
      g_assert_true (g_utf8_validate_len (value, value_len, NULL));
      g_assert_cmpuint (strlen (value), ==, value_len);
    }
}

/* ---- the seed manual's examples --------------------------------------- */

static void
test_seed_ping (void)
{
  g_autoptr(DipccWsEnvelope) request = decode_data_file ("seed-ping-request.json", TRUE);
  g_autoptr(DipccWsEnvelope) result = decode_data_file ("seed-ping-result.json", FALSE);

  /* the proxy's view: the envelope members reach Asterisk as headers */
  assert_envelope (request, DIPCC_WS_FRAME_PROMPT, 1, "3.35.XXX.XXX", FALSE,
                   DIPCC_SERVER_ID_NONE);
  dipcc_test_assert_message (request->message,
                             "type", "1",
                             "server_id", "1",
                             "server_name", "3.35.XXX.XXX",
                             "ssl", "false",
                             "ActionID", "DynamicIPCommunicationCenter v3.0-check",
                             "Action", "Ping", NULL);
  g_assert_cmpint (dipcc_ami_message_get_kind (request->message), ==,
                   DIPCC_AMI_MESSAGE_KIND_ACTION);
  g_assert_cmpstr (dipcc_ami_message_get_name (request->message), ==, "Ping");

  assert_envelope (result, DIPCC_WS_FRAME_RESPONSE, 1, "3.35.XXX.XXX", FALSE,
                   DIPCC_SERVER_ID_NONE);
  dipcc_test_assert_message (result->message,
                             "Response", "Success",
                             "ActionID", "DynamicIPCommunicationCenter v3.0-check",
                             "Ping", "Pong",
                             "Timestamp", "1652368309.703533", NULL);
  g_assert_true (dipcc_ami_message_is_response (result->message, "Success"));
  g_assert_cmpstr (dipcc_ami_message_get_action_id (result->message), ==,
                   "DynamicIPCommunicationCenter v3.0-check");
}

static void
test_seed_user_event (void)
{
  g_autoptr(DipccWsEnvelope) e = decode_data_file ("seed-user-event.json", FALSE);

  assert_envelope (e, DIPCC_WS_FRAME_EVENT, 1, "192.168.66.100", FALSE, DIPCC_SERVER_ID_NONE);
  dipcc_test_assert_message (e->message,
                             "Event", "UserEvent",
                             "Privilege", "user,all",
                             "Channel", "PJSIP/MAKECALL-00000003",
                             "ChannelState", "4",
                             "ChannelStateDesc", "Ring",
                             "CallerIDNum", "16682471",
                             "CallerIDName", "norman namkoong",
                             "ConnectedLineNum", "<unknown>",
                             "ConnectedLineName", "<unknown>",
                             "Language", "ko",
                             "AccountCode", "",
                             "Context", "sub-incoming-alert-info",
                             "Exten", "s",
                             "Priority", "2",
                             "Uniqueid", "1598510618.33",
                             "Linkedid", "1598510618.33",
                             "UserEvent", "incoming-16681706-07079190158-PJSIP/MAKECALL-00000003"
                                          "-16682471-1598510618.33",
                             NULL);
  g_assert_true (dipcc_ami_message_is_event (e->message, "UserEvent"));
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "callerid" "num"), ==, "16682471");
}

static void
test_seed_endpoints (void)
{
  g_autoptr(DipccWsEnvelope) request = decode_data_file ("seed-endpoints-request.json", TRUE);
  g_autoptr(DipccWsEnvelope) response = decode_data_file ("seed-endpoints-response.json", FALSE);
  g_autoptr(DipccWsEnvelope) item1 = decode_data_file ("seed-endpoint-0101.json", FALSE);
  g_autoptr(DipccWsEnvelope) item3 = decode_data_file ("seed-endpoint-0103.json", FALSE);
  const char *name = "DynamicIPCommunication v3.0";
  const char *id = "DynamicIPCommunicationv3.0-RANDOMID";

  assert_envelope (request, DIPCC_WS_FRAME_ACTION, 1, name, FALSE, DIPCC_SERVER_ID_NONE);
  dipcc_test_assert_message (request->message,
                             "type", "2",
                             "server_id", "1",
                             "server_name", name,
                             "ssl", "false",
                             "Action", "PJSIPShowEndpoints",
                             "ActionID", id, NULL);
  g_assert_cmpstr (dipcc_ami_message_get_name (request->message), ==, "PJSIPShowEndpoints");

  assert_envelope (response, DIPCC_WS_FRAME_RESPONSE, 1, name, FALSE, DIPCC_SERVER_ID_NONE);
  dipcc_test_assert_message (response->message,
                             "Response", "Success",
                             "ActionID", id,
                             "EventList", "start",
                             "Message", "A listing of Endpoints follows, presented as "
                                        "EndpointList events", NULL);

  assert_envelope (item1, DIPCC_WS_FRAME_EVENT, 1, name, FALSE, DIPCC_SERVER_ID_NONE);
  dipcc_test_assert_message (item1->message,
                             "Event", "EndpointList",
                             "ActionID", id,
                             "ObjectType", "endpoint",
                             "ObjectName", "0101",
                             "Transport", "transport-udp-3baa003c2d301de89c68",
                             "Aor", "0101",
                             "Auths", "auth0101",
                             "OutboundAuths", "auth0101",
                             "Contacts", "0101/sip:0101@192.168.251.222:5060,",
                             "DeviceState", "Not in use",
                             "ActiveChannels", "", NULL);
  g_assert_true (dipcc_ami_message_is_event (item1->message, "EndpointList"));

  assert_envelope (item3, DIPCC_WS_FRAME_EVENT, 1, name, FALSE, DIPCC_SERVER_ID_NONE);
  g_assert_cmpuint (dipcc_ami_message_get_n_fields (item3->message), ==, 11);
  g_assert_cmpstr (dipcc_ami_message_get (item3->message, "ObjectName"), ==, "0103");
  g_assert_cmpstr (dipcc_ami_message_get (item3->message, "Contacts"), ==, "");
  g_assert_cmpstr (dipcc_ami_message_get (item3->message, "DeviceState"), ==, "Unavailable");
}

static void
test_seed_device_state (void)
{
  g_autoptr(DipccWsEnvelope) a = decode_data_file ("seed-device-state-0108.json", FALSE);
  g_autoptr(DipccWsEnvelope) b = decode_data_file ("seed-device-state-0101.json", FALSE);

  assert_envelope (a, DIPCC_WS_FRAME_EVENT, 1, "DynamicIPCommunication v3.0", FALSE,
                   DIPCC_SERVER_ID_NONE);
  dipcc_test_assert_message (a->message,
                             "Event", "DeviceStateChange",
                             "Privilege", "call,all",
                             "Device", "PJSIP/0108",
                             "State", "INUSE", NULL);
  dipcc_test_assert_message (b->message,
                             "Event", "DeviceStateChange",
                             "Privilege", "call,all",
                             "Device", "PJSIP/0101",
                             "State", "RINGING", NULL);
  g_assert_true (dipcc_ami_message_is_event (b->message, "DeviceStateChange"));
}

static void
test_seed_originate (void)
{
  g_autoptr(DipccWsEnvelope) e = decode_data_file ("seed-originate.json", TRUE);

  assert_envelope (e, DIPCC_WS_FRAME_ACTION, 1, "DynamicIPCommunication v3.0", FALSE,
                   DIPCC_SERVER_ID_NONE);
  dipcc_test_assert_message (e->message,
                             "type", "2",
                             "server_id", "1",
                             "server_name", "DynamicIPCommunication v3.0",
                             "ssl", "false",
                             "Action", "Originate",
                             "Channel", "PJSIP/0200",
                             "Context", "tts",
                             "Exten", "s",
                             "Priority", "1",
                             "Timeout", "30000",
                             "Callerid", "TTS <015500>",
                             "ActionID", "DynamicIPCommunicationv3.0-RANDOMID", NULL);
  g_assert_cmpint (dipcc_ami_message_get_kind (e->message), ==, DIPCC_AMI_MESSAGE_KIND_ACTION);
  g_assert_cmpstr (dipcc_ami_message_get_name (e->message), ==, "Originate");
}

/* The manual's JSON as printed is not JSON: each is refused, alone. */
static void
test_seed_as_printed (void)
{
  const char *loose[] = {
    /* trailing comma (Ping request) */
    "{\"type\":1,\"server_id\":1,\"server_name\":\"3.35.XXX.XXX\",\"ssl\":false,"
    "\"data\":{\"ActionID\":\"DynamicIPCommunicationCenter v3.0-check\",\"Action\":\"Ping\",}}",
    /* comment after a value (UserEvent) */
    "{\"type\":3,\"data\":{\"Event\":\"UserEvent\", : 사용자 이벤트\n"
    "\"Privilege\":\"user,all\"}}",
    /* missing commas (PJSIPShowEndpoints, Originate) */
    "{\"type\":2,\"data\":{\"Action\":\"PJSIPShowEndpoints\"\n"
    "\"ActionID\":\"DynamicIPCommunicationv3.0-RANDOMID\"}}",
    /* two frames printed back to back (DeviceStateChange) */
    "{\"type\":3,\"data\":{\"Event\":\"DeviceStateChange\"}}\n"
    "{\"type\":3,\"data\":{\"Event\":\"DeviceStateChange\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (loose); i++)
    assert_fails (loose[i], DIPCC_ERROR_PROTOCOL);
}

/* ---- decoding ---------------------------------------------------------- */

static void
test_repeated_keys (void)
{
  g_autoptr(DipccWsEnvelope) output = decode_ok (
    "{\"type\":4,\"server_id\":2,\"server_name\":\"pbx-b\",\"ssl\":true,\"data\":{"
    "\"Response\":\"Success\",\"Message\":\"Command output follows\","
    "\"Output\":\"Value: yes\",\"Output\":\"\",\"Output\":\"line three\","
    "\"ActionID\":\"dipcc-7\"}}");
  g_autoptr(DipccWsEnvelope) vars = decode_ok (
    "{\"type\":3,\"server_id\":1,\"server_name\":\"a\",\"ssl\":false,\"data\":{"
    "\"Event\":\"Newexten\",\"ChanVariable\":\"A=1\",\"ChanVariable\":\"B=\","
    "\"ChanVariable(Local/0164@x-00000001;1)\":\"C=3\",\"Uniqueid\":\"1.2\"}}");
  g_autofree const char **outputs = NULL;
  g_autofree const char **chanvars = NULL;

  assert_envelope (output, DIPCC_WS_FRAME_RESPONSE, 2, "pbx-b", TRUE, DIPCC_SERVER_ID_NONE);
  dipcc_test_assert_message (output->message,
                             "Response", "Success",
                             "Message", "Command output follows",
                             "Output", "Value: yes",
                             "Output", "",
                             "Output", "line three",
                             "ActionID", "dipcc-7", NULL);
  outputs = dipcc_ami_message_get_all (output->message, "Output");
  g_assert_cmpuint (g_strv_length ((char **) outputs), ==, 3);
  g_assert_cmpstr (outputs[0], ==, "Value: yes");
  g_assert_cmpstr (outputs[1], ==, "");
  g_assert_cmpstr (outputs[2], ==, "line three");

  dipcc_test_assert_message (vars->message,
                             "Event", "Newexten",
                             "ChanVariable", "A=1",
                             "ChanVariable", "B=",
                             "ChanVariable(Local/0164@x-00000001;1)", "C=3",
                             "Uniqueid", "1.2", NULL);
  chanvars = dipcc_ami_message_get_all (vars->message, "ChanVariable");
  g_assert_cmpuint (g_strv_length ((char **) chanvars), ==, 2);
  g_assert_cmpstr (chanvars[1], ==, "B=");
}

static void
test_command_output (void)
{
  struct {
    const char *output;
    const char *lines[6];
  } cases[] = {
    { "Value: yes\n", { "Value: yes", NULL } },
    { "a\nb\nc", { "a", "b", "c", NULL } },
    { "a\r\nb\r\n", { "a", "b", NULL } },
    { "\nfirst\n\n\nlast\n", { "", "first", "", "", "last", NULL } },
    { "", { "", NULL } },
    { "\n", { "", NULL } },
    { "only", { "only", NULL } },
    { "a\rb\n", { "a\rb", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) json = g_string_new ("{\"type\":5,\"server_id\":1,\"data\":{"
                                              "\"Response\":\"Follows\","
                                              "\"Privilege\":\"Command\",\"Output\":\"");
      g_autoptr(DipccWsEnvelope) e = NULL;
      g_autofree const char **lines = NULL;
      guint n = 0;

      for (const char *p = cases[i].output; *p != '\0'; p++)
        {
          if (*p == '\n')
            g_string_append (json, "\\n");
          else if (*p == '\r')
            g_string_append (json, "\\r");
          else
            g_string_append_c (json, *p);
        }
      g_string_append (json, "\",\"ActionID\":\"x\"}}");

      e = decode_ok (json->str);
      g_assert_cmpint (e->type, ==, DIPCC_WS_FRAME_COMMAND_OUTPUT);
      g_assert_true (dipcc_ami_message_is_response (e->message, "Follows"));
      lines = dipcc_ami_message_get_all (e->message, "Output");
      while (cases[i].lines[n] != NULL)
        n++;
      g_assert_cmpuint (g_strv_length ((char **) lines), ==, n);
      for (guint j = 0; j < n; j++)
        g_assert_cmpstr (lines[j], ==, cases[i].lines[j]);
      /* the lines take the place of the one member */
      g_assert_cmpstr (dipcc_ami_message_get_key_at (e->message, 2), ==, "Output");
      g_assert_cmpstr (dipcc_ami_message_get_key_at (e->message, 2 + n), ==, "ActionID");
    }
}

static void
test_command_output_late_type (void)
{
  /* the type may follow data; the lines are still split */
  g_autoptr(DipccWsEnvelope) e = decode_ok (
    "{\"data\":{\"Response\":\"Follows\",\"Output\":\"one\\ntwo\\n\"},\"type\":\"5\"}");
  /* other types leave Output alone */
  g_autoptr(DipccWsEnvelope) four = decode_ok (
    "{\"type\":4,\"data\":{\"Response\":\"Success\",\"Output\":\"one\\ntwo\\n\"}}");

  dipcc_test_assert_message (e->message,
                             "Response", "Follows",
                             "Output", "one",
                             "Output", "two", NULL);
  dipcc_test_assert_message (four->message,
                             "Response", "Success",
                             "Output", "one\ntwo\n", NULL);
}

static void
test_queue_list (void)
{
  g_autoptr(DipccWsEnvelope) e = decode_ok (
    "{\"type\":6,\"server_id\":1,\"server_name\":\"pbx\",\"ssl\":false,\"data\":{"
    "\"Queue\":\"support\",\"Max\":0,\"Strategy\":\"ringall\",\"Calls\":2,"
    "\"Holdtime\":12.5,\"Weight\":-1,\"Big\":12345678901234567890123,\"Exp\":1e-7,"
    "\"Members\":[{\"Name\":\"0101\",\"Paused\":false,\"CallsTaken\":3},"
    "{\"Name\":\"0103\",\"Paused\":true,\"CallsTaken\":0}],"
    "\"Stats\":{\"Completed\":10,\"Abandoned\":{\"Total\":1,\"Late\":[1,[2,3]]}},"
    "\"Empty\":[],\"Nothing\":{},\"Note\":null}}");

  g_assert_cmpint (e->type, ==, DIPCC_WS_FRAME_QUEUE_LIST);
  /* members named like their own member; array elements like the array */
  dipcc_test_assert_message (e->message,
                             "Queue", "support",
                             "Max", "0",
                             "Strategy", "ringall",
                             "Calls", "2",
                             "Holdtime", "12.5",
                             "Weight", "-1",
                             "Big", "12345678901234567890123",
                             "Exp", "1e-7",
                             "Name", "0101",
                             "Paused", "false",
                             "CallsTaken", "3",
                             "Name", "0103",
                             "Paused", "true",
                             "CallsTaken", "0",
                             "Completed", "10",
                             "Total", "1",
                             "Late", "1",
                             "Late", "2",
                             "Late", "3",
                             "Note", "", NULL);
  /* type 6 keeps the first-field rule */
  g_assert_cmpint (dipcc_ami_message_get_kind (e->message), ==,
                   DIPCC_AMI_MESSAGE_KIND_UNKNOWN);
}

static void
test_scalars (void)
{
  g_autoptr(DipccWsEnvelope) e = decode_ok (
    "{\"type\":3,\"data\":{\"Event\":\"Hangup\",\"Uniqueid\":1598510618.33,"
    "\"Cause\":16,\"Zero\":0,\"Neg\":-0.0,\"True\":true,\"False\":false,\"Null\":null,"
    "\"Escaped\":\"a\\\"b\\\\c\\/d\\u00e9\\uD55C\\t\",\"Pair\":\"\\ud83d\\ude00\"}}");

  dipcc_test_assert_message (e->message,
                             "Event", "Hangup",
                             "Uniqueid", "1598510618.33",
                             "Cause", "16",
                             "Zero", "0",
                             "Neg", "-0.0",
                             "True", "true",
                             "False", "false",
                             "Null", "",
                             "Escaped", "a\"b\\c/d\xC3\xA9한\t",
                             "Pair", "\xF0\x9F\x98\x80", NULL);
}

static void
test_second_event (void)
{
  g_autoptr(DipccWsEnvelope) e = decode_ok (
    "{\"type\":3,\"data\":{\"Event\":\"Newexten\",\"AppData\":\"x\",\"Event\":\"Fake\"}}");
  g_autoptr(DipccWsEnvelope) late = decode_ok (
    "{\"type\":3,\"data\":{\"Channel\":\"PJSIP/1\",\"Event\":\"Newexten\","
    "\"Event\":\"Fake\"}}");

  dipcc_test_assert_message (e->message,
                             "Event", "Newexten",
                             "AppData", "x",
                             "Event", "Fake", NULL);
  g_assert_cmpstr (dipcc_ami_message_get_name (e->message), ==, "Newexten");
  g_assert_true (dipcc_ami_message_is_event (e->message, "Newexten"));
  g_assert_false (dipcc_ami_message_is_event (e->message, "Fake"));
  g_assert_cmpuint (dipcc_ami_message_count (e->message, "Event"), ==, 2);

  /* the type says event; the first Event member names it */
  g_assert_true (dipcc_ami_message_is_event (late->message, "Newexten"));
}

static void
test_kind_from_type (void)
{
  struct {
    const char          *json;
    DipccAmiMessageKind  kind;
  } cases[] = {
    /* an event whose first member is not Event is still an event */
    { "{\"type\":3,\"data\":{\"Privilege\":\"call\",\"Event\":\"Hangup\"}}",
      DIPCC_AMI_MESSAGE_KIND_EVENT },
    /* an OriginateResponse-like first member does not make it a response */
    { "{\"type\":3,\"data\":{\"Response\":\"Failure\",\"Event\":\"X\"}}",
      DIPCC_AMI_MESSAGE_KIND_EVENT },
    { "{\"type\":4,\"data\":{\"ActionID\":\"1\",\"Response\":\"Success\"}}",
      DIPCC_AMI_MESSAGE_KIND_RESPONSE },
    { "{\"type\":5,\"data\":{\"Privilege\":\"Command\"}}", DIPCC_AMI_MESSAGE_KIND_RESPONSE },
    { "{\"type\":1,\"data\":{\"ActionID\":\"1\",\"Action\":\"Ping\"}}",
      DIPCC_AMI_MESSAGE_KIND_ACTION },
    { "{\"type\":2,\"data\":{\"Action\":\"Ping\"}}", DIPCC_AMI_MESSAGE_KIND_ACTION },
    { "{\"type\":0,\"data\":{\"Event\":\"Hangup\"}}", DIPCC_AMI_MESSAGE_KIND_EVENT },
    { "{\"data\":{\"Response\":\"Success\"}}", DIPCC_AMI_MESSAGE_KIND_RESPONSE },
    { "{\"type\":6,\"data\":{\"Queue\":\"q\"}}", DIPCC_AMI_MESSAGE_KIND_UNKNOWN },
    { "{\"type\":6,\"data\":{\"Event\":\"QueueSummary\"}}", DIPCC_AMI_MESSAGE_KIND_EVENT },
    /* a type we do not know is an unknown frame */
    { "{\"type\":9,\"data\":{\"Event\":\"Hangup\"}}", DIPCC_AMI_MESSAGE_KIND_EVENT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DipccWsEnvelope) e = decode_ok (cases[i].json);

      g_assert_cmpint (dipcc_ami_message_get_kind (e->message), ==, cases[i].kind);
    }
}

static void
test_envelope_members (void)
{
  struct {
    const char       *json;
    DipccWsFrameType  type;
    int               server_id;
    const char       *server_name;
    gboolean          ssl;
    int               ami_server_id;
  } cases[] = {
    { "{\"data\":{}}", 0, DIPCC_SERVER_ID_NONE, NULL, FALSE, DIPCC_SERVER_ID_NONE },
    { "{\"type\":\"3\",\"server_id\":\"7\",\"server_name\":\"x\",\"ssl\":\"true\","
      "\"data\":{}}", 3, 7, "x", TRUE, DIPCC_SERVER_ID_NONE },
    { "{\"type\":4,\"server_id\":0,\"server_name\":null,\"ssl\":1,\"data\":{}}",
      4, 0, NULL, TRUE, DIPCC_SERVER_ID_NONE },
    { "{\"ssl\":\"false\",\"server_name\":12,\"data\":{}}",
      0, DIPCC_SERVER_ID_NONE, "12", FALSE, DIPCC_SERVER_ID_NONE },
    { "{\"ssl\":0,\"server_id\":-3,\"data\":{}}",
      0, DIPCC_SERVER_ID_NONE, NULL, FALSE, DIPCC_SERVER_ID_NONE },
    { "{\"type\":\"event\",\"server_id\":\"one\",\"data\":{}}",
      0, DIPCC_SERVER_ID_NONE, NULL, FALSE, DIPCC_SERVER_ID_NONE },
    { "{\"type\":3.5,\"server_id\":99999999999,\"data\":{}}",
      0, DIPCC_SERVER_ID_NONE, NULL, FALSE, DIPCC_SERVER_ID_NONE },
    /* the first of a repeated envelope member counts */
    { "{\"type\":3,\"type\":4,\"server_id\":1,\"server_id\":2,\"data\":{}}",
      3, 1, NULL, FALSE, DIPCC_SERVER_ID_NONE },
    /* AMIServerID at any depth, any case, number or string */
    { "{\"AMIServerID\":3,\"data\":{}}", 0, DIPCC_SERVER_ID_NONE, NULL, FALSE, 3 },
    { "{\"amiserverid\":\"4\",\"data\":{}}", 0, DIPCC_SERVER_ID_NONE, NULL, FALSE, 4 },
    { "{\"extra\":{\"deep\":[{\"AmiServerId\":5}]},\"data\":{}}",
      0, DIPCC_SERVER_ID_NONE, NULL, FALSE, 5 },
    /* a server name that is not UTF-8 is made safe */
    { "{\"server_name\":\"caf\xE9\",\"data\":{}}",
      0, DIPCC_SERVER_ID_NONE, "caf" FFFD, FALSE, DIPCC_SERVER_ID_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DipccWsEnvelope) e = decode_ok (cases[i].json);

      assert_envelope (e, cases[i].type, cases[i].server_id, cases[i].server_name,
                       cases[i].ssl, cases[i].ami_server_id);
      g_assert_cmpuint (dipcc_ami_message_get_n_fields (e->message), ==, 0);
    }
}

static void
test_ami_server_id_not_a_field (void)
{
  g_autoptr(DipccWsEnvelope) e = decode_ok (
    "{\"type\":3,\"unknown\":[1,2,{\"x\":\"y\"}],\"data\":{\"Event\":\"Hangup\","
    "\"AMIServerID\":\"2\",\"Cause\":\"16\",\"inner\":{\"amiserverid\":9}}}");

  dipcc_test_assert_message (e->message,
                             "Event", "Hangup",
                             "Cause", "16", NULL);
  g_assert_cmpint (e->ami_server_id, ==, 2);
}

static void
test_invalid_utf8 (void)
{
  /* Latin-1 é, CP949 "한글" (C7 D1 B1 DB), a lone continuation byte, a
   * truncated sequence, an escaped NUL and a lone surrogate */
  g_autoptr(DipccWsEnvelope) e = decode_ok (
    "{\"type\":3,\"server_id\":1,\"data\":{\"Event\":\"Newchannel\","
    "\"CallerIDName\":\"Ren\xE9\","
    "\"ConnectedLineName\":\"\xC7\xD1\xB1\xDB\","
    "\"Exten\":\"\x80x\","
    "\"Context\":\"a\xE2\x82\","
    "\"AccountCode\":\"a\\u0000b\","
    "\"Language\":\"\\udc00\","
    "\"Ke\xFFy\":\"\\u0000\"}}");

  assert_all_clean (e->message);
  dipcc_test_assert_message (e->message,
                             "Event", "Newchannel",
                             "CallerIDName", "Ren" FFFD,
                             /* D1 B1 happens to be valid UTF-8 (U+0471) */
                             "ConnectedLineName", FFFD "\xD1\xB1" FFFD,
                             "Exten", FFFD "x",
                             "Context", "a" FFFD FFFD,
                             "AccountCode", "a" FFFD "b",
                             "Language", FFFD FFFD FFFD,
                             "Ke" FFFD "y", FFFD, NULL);
  g_assert_true (dipcc_ami_message_is_event (e->message, "Newchannel"));
}

static void
test_empty_key (void)
{
  g_autoptr(DipccWsEnvelope) e = decode_ok ("{\"data\":{\"\":\"v\",\"Event\":\"X\"}}");

  dipcc_test_assert_message (e->message, "", "v", "Event", "X", NULL);
}

static void
test_malformed (void)
{
  const char *frames[] = {
    "",
    "   ",
    "{",
    "{\"type\":3,\"data\":{\"Event\":\"Hang",
    "{\"type\":3,\"data\":{\"Event\":\"Hangup\"}",
    "[{\"data\":{}}]",
    "\"data\"",
    "42",
    "null",
    "{\"type\":3,\"data\":{\"Event\":\"Hangup\"}} x",
    "{\"type\":3,\"data\":{\"Event\":\"Hangup\"}}{}",
    "{\"type\":3,\"data\":{\"AppData\":\"a\\vb\"}}",
    "{\"type\":3,\"data\":{\"AppData\":\"a\tb\"}}",
    "{\"type\":3,\"data\":{\"AppData\":\"a\nb\"}}",
    "{\"type\":3,\"data\":{\"Event\":'x'}}",
    "{\"type\":3 /* comment */,\"data\":{}}",
    "{\"type\":3,\"data\":{\"Cause\":016}}",
    "{\"type\":3,\"data\":{\"Cause\":NaN}}",
    "{\"type\":3,\"data\":{\"x\":\"\\u12\"}}",
    "\xEF\xBB\xBF{\"data\":{}}",
  };
  const char *no_data[] = {
    "{}",
    "{\"type\":3,\"server_id\":1}",
    "{\"type\":3,\"data\":\"Event: Hangup\"}",
    "{\"type\":3,\"data\":null}",
    "{\"type\":3,\"data\":[{\"Event\":\"Hangup\"}]}",
    "{\"type\":3,\"Data\":{\"Event\":\"Hangup\"}}",
    "{\"type\":3,\"x\":{\"data\":{\"Event\":\"Hangup\"}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    assert_fails (frames[i], DIPCC_ERROR_PROTOCOL);
  for (guint i = 0; i < G_N_ELEMENTS (no_data); i++)
    assert_fails_len (FALSE, no_data[i], strlen (no_data[i]), DIPCC_ERROR_PROTOCOL);

  /* a NUL byte in the frame itself is not JSON */
  assert_fails_len (FALSE, "{\"data\":{\"a\":\"b\0\"}}", 19, DIPCC_ERROR_PROTOCOL);
  /* a frame cut short by its length */
  assert_fails_len (FALSE, "{\"data\":{}}", 10, DIPCC_ERROR_PROTOCOL);
  assert_fails_len (FALSE, NULL, 0, DIPCC_ERROR_PROTOCOL);
}

static void
test_error_excerpt (void)
{
  const char *secret = "{\"type\":3,\"data\":{\"Event\":\"Hangup\",\"Cause\":16,"
                       "\"Channel\":\"PJSIP/0101-0000\x01\",\"x\":!}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_frame = g_string_new ("{\"data\":{\"Name\":\"");
  g_autoptr(GError) error2 = NULL;

  g_assert_null (dipcc_ws_envelope_decode (secret, strlen (secret), &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL);
  /* short, clean, and no control character */
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
  g_assert_null (strstr (error->message, "\"type\":3,\"data\":{\"Event\":\"Hangup\",\"Cause\""));

  for (guint i = 0; i < 100; i++)
    g_string_append (long_frame, "한");
  g_string_append (long_frame, "\"}");
  g_assert_null (dipcc_ws_envelope_decode (long_frame->str, long_frame->len, &error2));
  g_assert_error (error2, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL);
  g_assert_true (g_utf8_validate (error2->message, -1, NULL));
  g_assert_null (strstr (error2->message, FFFD));
}

static void
test_limits_depth (void)
{
  g_autoptr(GString) ok = g_string_new ("{\"data\":{\"Event\":\"X\",\"a\":");
  g_autoptr(GString) deep = NULL;
  g_autoptr(DipccWsEnvelope) e = NULL;
  g_autoptr(DipccWsEnvelope) a = NULL;
  gsize huge = 100 * 1000;
  g_autofree char *brackets = g_malloc (huge);
  g_autofree char *braces = NULL;

  /* depth 32: the top object, data, and 30 arrays */
  for (guint i = 0; i < 30; i++)
    g_string_append_c (ok, '[');
  g_string_append (ok, "\"v\"");
  for (guint i = 0; i < 30; i++)
    g_string_append_c (ok, ']');
  g_string_append (ok, "}}");
  e = decode_ok (ok->str);
  dipcc_test_assert_message (e->message, "Event", "X", "a", "v", NULL);
  a = decode_action_ok (ok->str);
  dipcc_test_assert_message (a->message, "Event", "X", "a", "v", NULL);

  /* depth 33 */
  deep = g_string_new ("{\"data\":{\"Event\":\"X\",\"a\":");
  for (guint i = 0; i < 31; i++)
    g_string_append_c (deep, '[');
  g_string_append (deep, "\"v\"");
  for (guint i = 0; i < 31; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}}");
  assert_fails (deep->str, DIPCC_ERROR_TOO_LARGE);

  /* 100k unclosed brackets: refused at depth 33, long before the end */
  memset (brackets, '[', huge);
  assert_fails_len (FALSE, brackets, huge, DIPCC_ERROR_PROTOCOL);
  brackets[0] = '{';
  assert_fails_len (FALSE, brackets, huge, DIPCC_ERROR_PROTOCOL);
  braces = g_strnfill (huge, '[');
  memcpy (braces, "{\"data\":{\"a\":", 13);
  assert_fails_len (FALSE, braces, huge, DIPCC_ERROR_TOO_LARGE);
  assert_fails_len (TRUE, braces, huge, DIPCC_ERROR_TOO_LARGE);
  memcpy (braces, "{\"x\":[[[[[[[[[", 14);
  assert_fails_len (FALSE, braces, huge, DIPCC_ERROR_TOO_LARGE);
  assert_fails_len (TRUE, braces, huge, DIPCC_ERROR_TOO_LARGE);
  /* and as many objects */
  for (gsize i = 0; i + 5 <= huge; i += 5)
    memcpy (braces + i, "{\"a\":", 5);
  assert_fails_len (FALSE, braces, huge, DIPCC_ERROR_TOO_LARGE);
  assert_fails_len (TRUE, braces, huge, DIPCC_ERROR_TOO_LARGE);
}

static void
test_limits_size (void)
{
  gsize len = DIPCC_WS_ENVELOPE_MAX_FRAME + 1;
  g_autofree char *big = g_malloc (len);
  g_autoptr(GString) ok = g_string_new ("{\"data\":{\"Event\":\"Big\",\"Value\":\"");
  g_autoptr(DipccWsEnvelope) e = NULL;
  g_autoptr(GString) expand = g_string_new ("{\"data\":{\"");

  /* one byte over: refused before parsing, whatever it holds */
  memset (big, ' ', len);
  memcpy (big, "{\"data\":{}}", 11);
  assert_fails_len (FALSE, big, len, DIPCC_ERROR_TOO_LARGE);
  assert_fails_len (TRUE, big, len, DIPCC_ERROR_TOO_LARGE);
  /* exactly the limit is fine */
  e = dipcc_ws_envelope_decode (big, len - 1, NULL);
  g_assert_nonnull (e);
  g_clear_pointer (&e, dipcc_ws_envelope_free);

  /* a 3 MiB value passes */
  g_string_set_size (ok, ok->len + 3 * 1024 * 1024);
  memset (ok->str + ok->len - 3 * 1024 * 1024, 'x', 3 * 1024 * 1024);
  g_string_append (ok, "\"}}");
  e = decode_ok (ok->str);
  g_assert_cmpuint (dipcc_ami_message_get_value_len_at (e->message, 1), ==, 3 * 1024 * 1024);

  /* a 1 MiB key repeated by a long array would take gigabytes */
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (expand, 'k');
  g_string_append (expand, "\":[");
  for (guint i = 0; i < 4000; i++)
    g_string_append (expand, i > 0 ? ",0" : "0");
  g_string_append (expand, "]}}");
  assert_fails_len (FALSE, expand->str, expand->len, DIPCC_ERROR_TOO_LARGE);
  assert_fails_len (TRUE, expand->str, expand->len, DIPCC_ERROR_TOO_LARGE);
}

static GString *
fields_frame (guint n)
{
  GString *json = g_string_new ("{\"type\":3,\"data\":{\"Event\":\"Many\"");

  for (guint i = 1; i < n; i++)
    g_string_append_printf (json, ",\"F%u\":\"%u\"", i, i);
  g_string_append (json, "}}");
  return json;
}

static void
test_limits_fields (void)
{
  g_autoptr(GString) ok = fields_frame (DIPCC_WS_ENVELOPE_MAX_FIELDS);
  g_autoptr(GString) over = fields_frame (DIPCC_WS_ENVELOPE_MAX_FIELDS + 1);
  g_autoptr(GString) array = g_string_new ("{\"data\":{\"Event\":\"X\",\"a\":[");
  g_autoptr(GString) lines = g_string_new ("{\"type\":5,\"data\":{\"Output\":\"");
  g_autoptr(DipccWsEnvelope) e = NULL;

  e = decode_ok (ok->str);
  g_assert_cmpuint (dipcc_ami_message_get_n_fields (e->message), ==,
                    DIPCC_WS_ENVELOPE_MAX_FIELDS);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "F4095"), ==, "4095");
  assert_fails (over->str, DIPCC_ERROR_TOO_LARGE);

  /* arrays count one field per element */
  for (guint i = 0; i < 5000; i++)
    g_string_append (array, i > 0 ? ",1" : "1");
  g_string_append (array, "]}}");
  assert_fails (array->str, DIPCC_ERROR_TOO_LARGE);

  /* and command output one per line */
  for (guint i = 0; i < 5000; i++)
    g_string_append (lines, "x\\n");
  g_string_append (lines, "\"}}");
  assert_fails_len (FALSE, lines->str, lines->len, DIPCC_ERROR_TOO_LARGE);
}

/* ---- the proxy's view --------------------------------------------------- */

static void
test_decode_action_walk (void)
{
  g_autoptr(DipccWsEnvelope) e = decode_action_ok (
    "{\"AMIServerID\":2,\"data\":{\"Action\":\"Originate\","
    "\"Channel\":\"Local/0164@T2_cos-all\",\"Variable\":[\"A=1\",\"B=2\"],"
    "\"Variable\":\"C=3\",\"nested\":{\"Async\":true,\"Timeout\":30000,"
    "\"amiserverid\":\"7\"},\"Empty\":null}}");
  g_autoptr(DipccWsEnvelope) none = decode_action_ok ("{\"Action\":\"Ping\"}");
  g_autoptr(DipccWsEnvelope) no_action = decode_action_ok (
    "{\"type\":2,\"data\":{\"ActionID\":\"1\"}}");
  g_autoptr(DipccWsEnvelope) late = decode_action_ok (
    "{\"data\":{\"ActionID\":\"1\"},\"x\":{\"action\":\"Logoff\"}}");

  assert_envelope (e, DIPCC_WS_FRAME_UNKNOWN, DIPCC_SERVER_ID_NONE, NULL, FALSE, 2);
  dipcc_test_assert_message (e->message,
                             "Action", "Originate",
                             "Channel", "Local/0164@T2_cos-all",
                             "Variable", "A=1",
                             "Variable", "B=2",
                             "Variable", "C=3",
                             "Async", "true",
                             "Timeout", "30000",
                             "Empty", "", NULL);
  g_assert_cmpstr (dipcc_ami_message_get_name (e->message), ==, "Originate");

  /* no data is fine for the proxy */
  dipcc_test_assert_message (none->message, "Action", "Ping", NULL);
  g_assert_cmpint (none->ami_server_id, ==, DIPCC_SERVER_ID_NONE);

  dipcc_test_assert_message (no_action->message, "type", "2", "ActionID", "1", NULL);
  g_assert_cmpint (dipcc_ami_message_get_kind (no_action->message), ==,
                   DIPCC_AMI_MESSAGE_KIND_UNKNOWN);

  g_assert_cmpint (dipcc_ami_message_get_kind (late->message), ==,
                   DIPCC_AMI_MESSAGE_KIND_ACTION);
  g_assert_cmpstr (dipcc_ami_message_get_name (late->message), ==, "Logoff");
}

/* ---- encoding ---------------------------------------------------------- */

static void
test_encode_action_v3 (void)
{
  g_autoptr(DipccAmiMessage) action = dipcc_test_message_new (
    "Action", "Originate",
    "Channel", "Local/0164@T2_cos-all",
    "Variable", "A=1",
    "Exten", "0216682471",
    "Variable", "B=2",
    "Callerid", "주식회사 얼썬팩토리 <16682471>",
    "ActionID", "dipcc-1", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(DipccWsEnvelope) e = NULL;

  json = dipcc_ws_envelope_encode_action (action, DIPCC_WS_DIALECT_V3, 1, "192.168.66.100",
                                          FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==,
                   "{\"type\":2,\"server_id\":1,\"server_name\":\"192.168.66.100\","
                   "\"ssl\":false,\"AMIServerID\":1,\"data\":{\"Action\":\"Originate\","
                   "\"Channel\":\"Local/0164@T2_cos-all\",\"Variable\":[\"A=1\",\"B=2\"],"
                   "\"Exten\":\"0216682471\","
                   "\"Callerid\":\"주식회사 얼썬팩토리 <16682471>\","
                   "\"ActionID\":\"dipcc-1\"}}");

  /* what the proxy makes of it */
  e = decode_action_ok (json);
  assert_envelope (e, DIPCC_WS_FRAME_ACTION, 1, "192.168.66.100", FALSE, 1);
  dipcc_test_assert_message (e->message,
                             "type", "2",
                             "server_id", "1",
                             "server_name", "192.168.66.100",
                             "ssl", "false",
                             "Action", "Originate",
                             "Channel", "Local/0164@T2_cos-all",
                             "Variable", "A=1",
                             "Variable", "B=2",
                             "Exten", "0216682471",
                             "Callerid", "주식회사 얼썬팩토리 <16682471>",
                             "ActionID", "dipcc-1", NULL);
  g_assert_cmpstr (dipcc_ami_message_get_name (e->message), ==, "Originate");
}

static void
test_encode_action_dcmiws (void)
{
  g_autoptr(DipccAmiMessage) ping = dipcc_test_message_new ("Action", "Ping",
                                                            "ActionID", "dipcc-2", NULL);
  g_autoptr(DipccAmiMessage) command = dipcc_test_message_new (
    "Action", "Command",
    "Command", "database get 1 diversions/0164/CFI/enable",
    "ActionID", "dipcc-3",
    "Empty", "", NULL);
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  g_autofree char *v3 = NULL;
  g_autoptr(DipccWsEnvelope) e = NULL;
  g_autoptr(DipccWsEnvelope) e2 = NULL;
  g_autoptr(DipccWsEnvelope) e3 = NULL;

  json = dipcc_ws_envelope_encode_action (ping, DIPCC_WS_DIALECT_DCMIWS, 0, "ignored",
                                          TRUE, NULL);
  g_assert_cmpstr (json, ==,
                   "{\"AMIServerID\":0,\"data\":{\"Action\":\"Ping\",\"ActionID\":\"dipcc-2\"}}");
  e = decode_action_ok (json);
  assert_envelope (e, DIPCC_WS_FRAME_UNKNOWN, DIPCC_SERVER_ID_NONE, NULL, FALSE, 0);
  g_assert_true (dipcc_ami_message_equal (e->message, ping));

  json2 = dipcc_ws_envelope_encode_action (command, DIPCC_WS_DIALECT_DCMIWS, 12, NULL, FALSE,
                                           NULL);
  e2 = decode_action_ok (json2);
  g_assert_cmpint (e2->ami_server_id, ==, 12);
  g_assert_true (dipcc_ami_message_equal (e2->message, command));

  /* a NULL server name in V3 is written empty, ssl as given */
  v3 = dipcc_ws_envelope_encode_action (ping, DIPCC_WS_DIALECT_V3, 3, NULL, TRUE, NULL);
  g_assert_cmpstr (v3, ==,
                   "{\"type\":2,\"server_id\":3,\"server_name\":\"\",\"ssl\":true,"
                   "\"AMIServerID\":3,\"data\":{\"Action\":\"Ping\",\"ActionID\":\"dipcc-2\"}}");
  e3 = decode_action_ok (v3);
  assert_envelope (e3, DIPCC_WS_FRAME_ACTION, 3, "", TRUE, 3);
}

static void
test_encode_action_refusals (void)
{
  const char *bad_values[] = {
    "say \"hi\"",
    "C:\\secret",
    "0216682471\r",
    "0216682471\nAction: Originate",
    "a\tb",
    "del\x7F",
    "caf\xE9",
    "\xED\xA0\x80",
  };
  const char *bad_keys[] = { "Two words", "Key:", "Ke\"y", "Kéy", "(x)", "Ke\ty" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      g_autoptr(DipccAmiMessage) m = dipcc_test_message_new ("Action", "Originate",
                                                             "Exten", bad_values[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) error2 = NULL;
      char *json;

      json = dipcc_ws_envelope_encode_action (m, DIPCC_WS_DIALECT_V3, 1, "pbx", FALSE, &error);
      g_assert_null (json);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "Exten"));
      /* the value never shows up in the error */
      g_assert_null (strstr (error->message, bad_values[i]));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));

      json = dipcc_ws_envelope_encode_action (m, DIPCC_WS_DIALECT_DCMIWS, 1, NULL, FALSE,
                                              &error2);
      g_assert_null (json);
      g_assert_error (error2, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_keys); i++)
    {
      g_autoptr(DipccAmiMessage) m = dipcc_test_message_new ("Action", "Ping",
                                                             bad_keys[i], "secret", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_null (dipcc_ws_envelope_encode_action (m, DIPCC_WS_DIALECT_V3, 1, "pbx",
                                                      FALSE, &error));
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_null (strstr (error->message, "secret"));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  {
    g_autoptr(DipccAmiMessage) ping = dipcc_ami_message_new_action ("Ping");
    g_autoptr(DipccAmiMessage) empty_key = dipcc_test_message_new ("Action", "Ping",
                                                                   "", "x", NULL);
    g_autoptr(DipccAmiMessage) routed = dipcc_test_message_new ("Action", "Ping",
                                                                "amiserverid", "2", NULL);
    g_autoptr(DipccAmiMessage) empty = dipcc_ami_message_new ();
    g_autoptr(DipccAmiMessage) nul = dipcc_ami_message_new_action ("Ping");
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autoptr(GError) e3 = NULL;
    g_autoptr(GError) e4 = NULL;
    g_autoptr(GError) e5 = NULL;
    g_autoptr(GError) e6 = NULL;
    g_autoptr(GError) e7 = NULL;

    /* every action carries AMIServerID */
    g_assert_null (dipcc_ws_envelope_encode_action (ping, DIPCC_WS_DIALECT_V3,
                                                    DIPCC_SERVER_ID_NONE, "pbx", FALSE, &e1));
    g_assert_error (e1, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
    g_assert_null (dipcc_ws_envelope_encode_action (ping, DIPCC_WS_DIALECT_DCMIWS, -5, NULL,
                                                    FALSE, &e2));
    g_assert_error (e2, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);

    g_assert_null (dipcc_ws_envelope_encode_action (empty_key, DIPCC_WS_DIALECT_V3, 1, NULL,
                                                    FALSE, &e3));
    g_assert_error (e3, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
    g_assert_null (dipcc_ws_envelope_encode_action (routed, DIPCC_WS_DIALECT_V3, 1, NULL,
                                                    FALSE, &e4));
    g_assert_error (e4, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
    g_assert_null (dipcc_ws_envelope_encode_action (empty, DIPCC_WS_DIALECT_V3, 1, NULL,
                                                    FALSE, &e5));
    g_assert_error (e5, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
    g_assert_null (dipcc_ws_envelope_encode_action (ping, DIPCC_WS_DIALECT_V3, 1,
                                                    "pbx\"name", FALSE, &e6));
    g_assert_error (e6, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
    g_assert_null (strstr (e6->message, "pbx\"name"));

    /* a NUL inside a value */
    dipcc_ami_message_add_len (nul, "Exten", 5, "01\0002", 4);
    g_assert_null (dipcc_ws_envelope_encode_action (nul, DIPCC_WS_DIALECT_V3, 1, NULL,
                                                    FALSE, &e7));
    g_assert_error (e7, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  }
}

static void
test_encode_action_tokens (void)
{
  g_autoptr(DipccAmiMessage) m = dipcc_test_message_new ("Action", "UserEvent",
                                                         "X-Tag!#$%&'*+-.^_`|~9", "ok",
                                                         "Value", "<>{}[]:;,/?@=한글 ", NULL);
  g_autofree char *json = dipcc_ws_envelope_encode_action (m, DIPCC_WS_DIALECT_DCMIWS, 1,
                                                           NULL, FALSE, NULL);
  g_autoptr(DipccWsEnvelope) e = NULL;

  g_assert_nonnull (json);
  /* Korean written raw, never \u-escaped */
  g_assert_nonnull (strstr (json, "\"<>{}[]:;,/?@=한글 \""));
  g_assert_null (strstr (json, "\\u"));
  e = decode_action_ok (json);
  g_assert_true (dipcc_ami_message_equal (e->message, m));
}

static void
test_encode_frame (void)
{
  g_autoptr(DipccAmiMessage) m = dipcc_test_message_new (
    "Event", "Newexten",
    "AppData", "a\"b\\c\r\nEvent: Fake\t\x01\x7F",
    "ChanVariable", "A=1",
    "ChanVariable", "",
    "CallerIDName", "홍길동", NULL);
  g_autofree char *json = dipcc_ws_envelope_encode_frame (DIPCC_WS_FRAME_EVENT, 1, "pbx",
                                                          FALSE, m);
  g_autofree char *null_name = NULL;
  g_autoptr(DipccWsEnvelope) e = NULL;
  g_autoptr(DipccAmiMessage) bad = dipcc_ami_message_new ();
  g_autofree char *bad_json = NULL;
  g_autoptr(DipccWsEnvelope) bad_e = NULL;
  g_autoptr(DipccAmiMessage) nothing = dipcc_ami_message_new ();
  g_autofree char *nothing_json = NULL;

  g_assert_cmpstr (json, ==,
                   "{\"type\":3,\"server_id\":1,\"server_name\":\"pbx\",\"ssl\":false,"
                   "\"data\":{\"Event\":\"Newexten\","
                   "\"AppData\":\"a\\\"b\\\\c\\r\\nEvent: Fake\\t\\u0001\\u007f\","
                   "\"ChanVariable\":\"A=1\",\"ChanVariable\":\"\","
                   "\"CallerIDName\":\"홍길동\"}}");
  e = decode_ok (json);
  assert_envelope (e, DIPCC_WS_FRAME_EVENT, 1, "pbx", FALSE, DIPCC_SERVER_ID_NONE);
  g_assert_true (dipcc_ami_message_equal (e->message, m));

  null_name = dipcc_ws_envelope_encode_frame (DIPCC_WS_FRAME_QUEUE_LIST, DIPCC_SERVER_ID_NONE,
                                              NULL, TRUE, m);
  g_assert_true (g_str_has_prefix (null_name, "{\"type\":6,\"server_id\":-1,"
                                              "\"server_name\":null,\"ssl\":true,"));

  /* never fails: bytes that are not UTF-8 are replaced */
  dipcc_ami_message_add (bad, "Ke\xFFy", "caf\xE9");
  dipcc_ami_message_add_len (bad, "Nul", 3, "a\0b", 3);
  bad_json = dipcc_ws_envelope_encode_frame (DIPCC_WS_FRAME_EVENT, 2, "x\xC0", TRUE, bad);
  g_assert_true (g_utf8_validate (bad_json, -1, NULL));
  bad_e = decode_ok (bad_json);
  assert_envelope (bad_e, DIPCC_WS_FRAME_EVENT, 2, "x" FFFD, TRUE, DIPCC_SERVER_ID_NONE);
  dipcc_test_assert_message (bad_e->message, "Ke" FFFD "y", "caf" FFFD, "Nul", "a" FFFD "b",
                             NULL);

  nothing_json = dipcc_ws_envelope_encode_frame (DIPCC_WS_FRAME_RESPONSE, 0, "", FALSE,
                                                 nothing);
  g_assert_cmpstr (nothing_json, ==,
                   "{\"type\":4,\"server_id\":0,\"server_name\":\"\",\"ssl\":false,"
                   "\"data\":{}}");
}

static void
test_encode_frame_command_output (void)
{
  g_autoptr(DipccAmiMessage) m = dipcc_test_message_new (
    "Response", "Follows",
    "Privilege", "Command",
    "Output", "Name/username   Host",
    "Output", "",
    "Output", "0101/0101       192.168.251.222",
    "ActionID", "dipcc-9",
    "Output", "",
    NULL);
  g_autofree char *json = dipcc_ws_envelope_encode_frame (DIPCC_WS_FRAME_COMMAND_OUTPUT, 1,
                                                          "pbx", FALSE, m);
  g_autoptr(DipccWsEnvelope) e = NULL;

  g_assert_cmpstr (json, ==,
                   "{\"type\":5,\"server_id\":1,\"server_name\":\"pbx\",\"ssl\":false,"
                   "\"data\":{\"Response\":\"Follows\",\"Privilege\":\"Command\","
                   "\"Output\":\"Name/username   Host\\n\\n0101/0101       192.168.251.222"
                   "\\n\\n\",\"ActionID\":\"dipcc-9\"}}");
  e = decode_ok (json);
  dipcc_test_assert_message (e->message,
                             "Response", "Follows",
                             "Privilege", "Command",
                             "Output", "Name/username   Host",
                             "Output", "",
                             "Output", "0101/0101       192.168.251.222",
                             "Output", "",
                             "ActionID", "dipcc-9", NULL);
}

static void
test_round_trips (void)
{
  const char *frames[] = {
    "{\"type\":3,\"server_id\":1,\"server_name\":\"a\",\"ssl\":false,\"data\":{"
    "\"Event\":\"Hangup\",\"Cause\":\"16\",\"Cause-txt\":\"Normal Clearing\"}}",
    "{\"type\":4,\"server_id\":2,\"server_name\":\"b\",\"ssl\":true,\"data\":{"
    "\"Response\":\"Success\",\"Output\":\"a\",\"Output\":\"\",\"Output\":\"c\"}}",
    "{\"type\":6,\"data\":{\"Queue\":\"q\",\"Calls\":2,\"M\":[{\"N\":1},{\"N\":2}],"
    "\"x\":null,\"y\":true,\"\":\"empty key\"}}",
    "{\"type\":5,\"data\":{\"Response\":\"Follows\",\"Output\":\"a\\r\\n\\r\\nb\\n\\r\","
    "\"Tail\":\"t\"}}",
    "{\"type\":3,\"data\":{\"Event\":\"Newexten\",\"AppData\":\"\\u0001\\u001f\\\"\\\\\","
    "\"Event\":\"Fake\",\"CallerIDName\":\"\xC7\xD1\\u0000\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      g_autoptr(DipccWsEnvelope) e = decode_ok (frames[i]);
      g_autofree char *json = dipcc_ws_envelope_encode_frame (e->type, e->server_id,
                                                              e->server_name, e->ssl,
                                                              e->message);
      g_autoptr(DipccWsEnvelope) again = decode_ok (json);

      assert_envelope (again, e->type, e->server_id, e->server_name, e->ssl,
                       DIPCC_SERVER_ID_NONE);
      g_assert_true (dipcc_ami_message_equal (again->message, e->message));
      g_assert_cmpint (dipcc_ami_message_get_kind (again->message), ==,
                       dipcc_ami_message_get_kind (e->message));
    }
}

static void
test_boxed (void)
{
  g_autoptr(DipccWsEnvelope) e = decode_ok (
    "{\"type\":3,\"server_id\":4,\"server_name\":\"pbx\",\"ssl\":true,\"AMIServerID\":4,"
    "\"data\":{\"Event\":\"Hangup\",\"Cause\":\"16\"}}");
  g_autoptr(DipccWsEnvelope) copy = NULL;
  DipccWsEnvelope *boxed;

  g_assert_true (G_TYPE_IS_BOXED (DIPCC_TYPE_WS_ENVELOPE));
  g_assert_cmpstr (g_type_name (DIPCC_TYPE_WS_ENVELOPE), ==, "DipccWsEnvelope");

  copy = dipcc_ws_envelope_copy (e);
  assert_envelope (copy, DIPCC_WS_FRAME_EVENT, 4, "pbx", TRUE, 4);
  g_assert_true (copy->message != e->message);
  g_assert_true (copy->server_name != e->server_name);
  g_assert_true (dipcc_ami_message_equal (copy->message, e->message));
  g_assert_true (dipcc_ami_message_is_event (copy->message, "Hangup"));
  /* the copy is independent */
  dipcc_ami_message_add (copy->message, "Extra", "1");
  g_assert_cmpuint (dipcc_ami_message_get_n_fields (e->message), ==, 2);

  boxed = g_boxed_copy (DIPCC_TYPE_WS_ENVELOPE, e);
  g_assert_true (dipcc_ami_message_equal (boxed->message, e->message));
  g_boxed_free (DIPCC_TYPE_WS_ENVELOPE, boxed);

  dipcc_ws_envelope_free (NULL);
}

/* Not a test of speed (no assertion): prints frames/s under -m perf. */
static void
test_perf_decode (void)
{
  const char *frame =
    "{\"type\":3,\"server_id\":1,\"server_name\":\"192.168.66.100\",\"ssl\":false,"
    "\"data\":{\"Event\":\"Newchannel\",\"Privilege\":\"call,all\","
    "\"Channel\":\"PJSIP/MAKECALL-00000003\",\"ChannelState\":\"4\","
    "\"ChannelStateDesc\":\"Ring\",\"CallerIDNum\":\"16682471\","
    "\"CallerIDName\":\"norman namkoong\",\"ConnectedLineNum\":\"<unknown>\","
    "\"ConnectedLineName\":\"<unknown>\",\"Language\":\"ko\",\"AccountCode\":\"\","
    "\"Context\":\"sub-incoming-alert-info\",\"Exten\":\"s\",\"Priority\":\"2\","
    "\"Uniqueid\":\"1598510618.33\",\"Linkedid\":\"1598510618.33\","
    "\"SystemName\":\"pbx-1\",\"UserEvent\":\"incoming-16681706-07079190158-"
    "PJSIP/MAKECALL-00000003-16682471-1598510618.33\"}}";
  gsize len = strlen (frame);
  guint n = 0;
  double elapsed;

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  g_test_timer_start ();
  do
    {
      for (guint i = 0; i < 10000; i++)
        {
          DipccWsEnvelope *e = dipcc_ws_envelope_decode (frame, len, NULL);

          g_assert_nonnull (e);
          dipcc_ws_envelope_free (e);
        }
      n += 10000;
    }
  while ((elapsed = g_test_timer_elapsed ()) < 2.0);

  g_test_maximized_result (n / elapsed, "%.0f frames/s (18 fields, %" G_GSIZE_FORMAT
                           " bytes)", n / elapsed, len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ws-envelope/seed/ping", test_seed_ping);
  g_test_add_func ("/ws-envelope/seed/user-event", test_seed_user_event);
  g_test_add_func ("/ws-envelope/seed/endpoints", test_seed_endpoints);
  g_test_add_func ("/ws-envelope/seed/device-state", test_seed_device_state);
  g_test_add_func ("/ws-envelope/seed/originate", test_seed_originate);
  g_test_add_func ("/ws-envelope/seed/as-printed", test_seed_as_printed);
  g_test_add_func ("/ws-envelope/decode/repeated-keys", test_repeated_keys);
  g_test_add_func ("/ws-envelope/decode/command-output", test_command_output);
  g_test_add_func ("/ws-envelope/decode/command-output-late-type",
                   test_command_output_late_type);
  g_test_add_func ("/ws-envelope/decode/queue-list", test_queue_list);
  g_test_add_func ("/ws-envelope/decode/scalars", test_scalars);
  g_test_add_func ("/ws-envelope/decode/second-event", test_second_event);
  g_test_add_func ("/ws-envelope/decode/kind-from-type", test_kind_from_type);
  g_test_add_func ("/ws-envelope/decode/envelope-members", test_envelope_members);
  g_test_add_func ("/ws-envelope/decode/ami-server-id", test_ami_server_id_not_a_field);
  g_test_add_func ("/ws-envelope/decode/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/ws-envelope/decode/empty-key", test_empty_key);
  g_test_add_func ("/ws-envelope/decode/malformed", test_malformed);
  g_test_add_func ("/ws-envelope/decode/error-excerpt", test_error_excerpt);
  g_test_add_func ("/ws-envelope/limit/depth", test_limits_depth);
  g_test_add_func ("/ws-envelope/limit/size", test_limits_size);
  g_test_add_func ("/ws-envelope/limit/fields", test_limits_fields);
  g_test_add_func ("/ws-envelope/decode-action/walk", test_decode_action_walk);
  g_test_add_func ("/ws-envelope/encode-action/v3", test_encode_action_v3);
  g_test_add_func ("/ws-envelope/encode-action/dcmiws", test_encode_action_dcmiws);
  g_test_add_func ("/ws-envelope/encode-action/refusals", test_encode_action_refusals);
  g_test_add_func ("/ws-envelope/encode-action/tokens", test_encode_action_tokens);
  g_test_add_func ("/ws-envelope/encode-frame/escapes", test_encode_frame);
  g_test_add_func ("/ws-envelope/encode-frame/command-output",
                   test_encode_frame_command_output);
  g_test_add_func ("/ws-envelope/encode-frame/round-trips", test_round_trips);
  g_test_add_func ("/ws-envelope/boxed", test_boxed);
  g_test_add_func ("/ws-envelope/perf/decode", test_perf_decode);

  return g_test_run ();
}
