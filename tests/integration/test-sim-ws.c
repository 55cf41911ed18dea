/* test-sim-ws.c: the simulator's WebSocket side, as amiws behaves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sim-helper.h"

static Sim *shared;    /* one server */
static Sim *pair;     /* --servers 2 */

static DipccWsEnvelope *
wait_action_id (SimWs      *ws,
                const char *action_id,
                guint      *from)
{
  for (;;)
    {
      DipccWsEnvelope *e;

      if (!sim_ws_wait_n (ws, *from + 1))
        return NULL;
      e = g_ptr_array_index (ws->frames, (*from)++);
      if (g_strcmp0 (dipcc_ami_message_get (e->message, "ActionID"), action_id) == 0)
        return e;
    }
}

static void
test_no_greeting (void)
{
  SimWs *ws = sim_ws_connect (shared, NULL, 0);

  sim_spin (300);
  g_assert_cmpuint (ws->texts->len, ==, 0);
  g_assert_false (ws->closed);
  sim_ws_free (ws);
}

static void
check_pong (DipccWsEnvelope *e,
            const char      *action_id,
            int              server_id)
{
  g_assert_nonnull (e);
  g_assert_cmpint (e->type, ==, DIPCC_WS_FRAME_RESPONSE);
  g_assert_cmpint (e->server_id, ==, server_id);
  g_assert_nonnull (e->server_name);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Response"), ==, "Success");
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Ping"), ==, "Pong");
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "ActionID"), ==, action_id);
  g_assert_nonnull (dipcc_ami_message_get (e->message, "Timestamp"));
}

static void
test_ping_both_dialects (void)
{
  SimWs *ws = sim_ws_connect (shared, NULL, 0);
  guint from = 0;

  /* the manual's request: type 1, a trailing comma aside */
  sim_ws_send (ws, "{\"type\":1,\"server_id\":1,\"server_name\":\"3.35.XXX.XXX\",\"ssl\":false,"
                   "\"data\":{\"ActionID\":\"DynamicIPCommunicationCenter v3.0-check\","
                   "\"Action\":\"Ping\"}}");
  check_pong (wait_action_id (ws, "DynamicIPCommunicationCenter v3.0-check", &from),
              "DynamicIPCommunicationCenter v3.0-check", 1);

  /* v3.0 type 2 with AMIServerID, and DCMIWS */
  sim_ws_send (ws,
               "{\"type\":2,\"server_id\":1,\"server_name\":\"x\",\"ssl\":false,\"AMIServerID\":1,"
                   "\"data\":{\"Action\":\"Ping\",\"ActionID\":\"v3-ping\"}}");
  check_pong (wait_action_id (ws, "v3-ping", &from), "v3-ping", 1);
  sim_ws_send (ws,
               "{\"AMIServerID\":1,\"data\":{\"Action\":\"Ping\",\"ActionID\":\"dcmiws-ping\"}}");
  check_pong (wait_action_id (ws, "dcmiws-ping", &from), "dcmiws-ping", 1);
  sim_ws_free (ws);
}

static void
endpoints_flow (SimWs      *ws,
                const char *request,
                const char *action_id)
{
  guint from = ws->frames->len;
  DipccWsEnvelope *e;
  guint n = 0;

  sim_ws_send (ws, request);
  e = wait_action_id (ws, action_id, &from);
  g_assert_nonnull (e);
  g_assert_cmpint (e->type, ==, DIPCC_WS_FRAME_RESPONSE);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "EventList"), ==, "start");
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Message"), ==,
                   "A listing of Endpoints follows, presented as EndpointList events");
  for (;;)
    {
      e = wait_action_id (ws, action_id, &from);
      g_assert_nonnull (e);
      g_assert_cmpint (e->type, ==, DIPCC_WS_FRAME_EVENT);
      if (g_strcmp0 (sim_message_name (e->message), "EndpointListComplete") == 0)
        break;
      g_assert_cmpstr (sim_message_name (e->message), ==, "EndpointList");
      g_assert_cmpstr (dipcc_ami_message_get (e->message, "ObjectType"), ==, "endpoint");
      n++;
    }
  g_assert_cmpuint (n, ==, 12);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "ListItems"), ==, "12");
}

static void
test_endpoints_both_dialects (void)
{
  SimWs *ws = sim_ws_connect (shared, NULL, 0);

  endpoints_flow (ws, "{\"type\":2,\"server_id\":1,\"server_name\":\"DynamicIPCommunication v3.0\","
                      "\"ssl\":false,\"data\":{\"Action\":\"PJSIPShowEndpoints\","
                      "\"ActionID\":\"DynamicIPCommunicationv3.0-RANDOMID\"}}",
                  "DynamicIPCommunicationv3.0-RANDOMID");
  endpoints_flow (ws,
                  "{\"AMIServerID\":1,\"data\":{\"Action\":\"PJSIPShowEndpoints\","
                  "\"ActionID\":\"ep-d\"}}",
                  "ep-d");
  sim_ws_free (ws);
}

static void
test_routing (void)
{
  SimWs *ws = sim_ws_connect (pair, NULL, 0);
  guint from = 0;
  DipccWsEnvelope *a, *b;

  /* no AMIServerID: every server answers */
  sim_ws_send (ws,
               "{\"type\":2,\"server_id\":2,\"data\":{\"Action\":\"Ping\",\"ActionID\":\"all\"}}");
  a = wait_action_id (ws, "all", &from);
  b = wait_action_id (ws, "all", &from);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpint (a->server_id + b->server_id, ==, 3);

  /* AMIServerID 2 (as a string, nested): server 2 only */
  sim_ws_send (ws, "{\"data\":{\"Action\":\"Ping\",\"ActionID\":\"two\",\"AMIServerID\":\"2\"}}");
  a = wait_action_id (ws, "two", &from);
  g_assert_nonnull (a);
  g_assert_cmpint (a->server_id, ==, 2);

  /* unknown: nobody, no error */
  sim_ws_send (ws, "{\"AMIServerID\":9,\"data\":{\"Action\":\"Ping\",\"ActionID\":\"nine\"}}");
  sim_ws_send (ws, "{\"AMIServerID\":1,\"data\":{\"Action\":\"Ping\",\"ActionID\":\"after\"}}");
  a = wait_action_id (ws, "after", &from);
  g_assert_nonnull (a);
  g_assert_cmpint (a->server_id, ==, 1);
  sim_spin (100);
  for (guint i = 0, n = 0; i < ws->frames->len; i++)
    {
      DipccWsEnvelope *e = g_ptr_array_index (ws->frames, i);

      g_assert_cmpstr (dipcc_ami_message_get (e->message, "ActionID"), !=, "nine");
      if (g_strcmp0 (dipcc_ami_message_get (e->message, "ActionID"), "two") == 0)
        g_assert_cmpuint (++n, ==, 1);
    }
  sim_ws_free (ws);
}

static void
test_broadcast (void)
{
  SimWs *a = sim_ws_connect (shared, NULL, 0);
  SimWs *b = sim_ws_connect (shared, NULL, 0);
  guint fa = 0, fb = 0;
  g_autofree char *linkedid = NULL;

  /* b sees the answer to a's action, and both see events */
  sim_ws_send (a, "{\"AMIServerID\":1,\"data\":{\"Action\":\"Ping\",\"ActionID\":\"from-a\"}}");
  g_assert_nonnull (wait_action_id (a, "from-a", &fa));
  g_assert_nonnull (wait_action_id (b, "from-a", &fb));
  linkedid = sim_inject (shared, "{\"caller\":\"01012345678\",\"name\":\"김철수\",\"to\":\"0111\","
                                 "\"answer_after\":null}");
  g_assert_nonnull (sim_ws_wait_for (a, "UserEvent", &fa));
  g_assert_nonnull (sim_ws_wait_for (b, "UserEvent", &fb));
  g_assert_nonnull (sim_ws_wait_for (a, "Hangup", &fa));
  g_assert_nonnull (sim_ws_wait_for (b, "Hangup", &fb));
  sim_ws_free (a);
  sim_ws_free (b);
}

static void
test_command (void)
{
  SimWs *ws = sim_ws_connect (shared, NULL, 0);
  Sim *old = sim_start ("--old-asterisk", NULL);
  SimWs *ows = sim_ws_connect (old, NULL, 0);
  guint from = 0;
  DipccWsEnvelope *e;
  const char **outputs;

  sim_ws_send (ws, "{\"AMIServerID\":1,\"data\":{\"Action\":\"Command\",\"ActionID\":\"db1\","
                   "\"Command\":\"database put 1 diversions/0111/CFN/enable yes\"}}");
  e = wait_action_id (ws, "db1", &from);
  g_assert_cmpint (e->type, ==, DIPCC_WS_FRAME_RESPONSE);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Output"), ==,
                   "Updated database successfully");
  sim_ws_send (ws, "{\"AMIServerID\":1,\"data\":{\"Action\":\"Command\",\"ActionID\":\"db2\","
                   "\"Command\":\"database get 1 diversions/0111/CFN/enable\"}}");
  e = wait_action_id (ws, "db2", &from);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Response"), ==, "Success");
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Output"), ==, "Value: yes");
  sim_ws_send (ws, "{\"AMIServerID\":1,\"data\":{\"Action\":\"Command\",\"ActionID\":\"db3\","
                   "\"Command\":\"database get 1 diversions/0111/CFB/enable\"}}");
  e = wait_action_id (ws, "db3", &from);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Output"), ==, "Database entry not found.");

  /* several lines: repeated Output members in type 4 */
  sim_ws_send (ws, "{\"AMIServerID\":1,\"data\":{\"Action\":\"Command\",\"ActionID\":\"db4\","
                   "\"Command\":\"database show 1/diversions\"}}");
  e = wait_action_id (ws, "db4", &from);
  outputs = dipcc_ami_message_get_all (e->message, "Output");
  g_assert_cmpuint (g_strv_length ((char **) outputs), >=, 3);
  g_free (outputs);

  /* older Asterisk: type 5, one Output joined with \n (decoded back to lines) */
  from = 0;
  sim_ws_send (ows, "{\"AMIServerID\":1,\"data\":{\"Action\":\"Command\",\"ActionID\":\"old\","
                    "\"Command\":\"database show 1/diversions\"}}");
  e = wait_action_id (ows, "old", &from);
  g_assert_cmpint (e->type, ==, DIPCC_WS_FRAME_COMMAND_OUTPUT);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Response"), ==, "Follows");
  {
    GBytes *text = g_ptr_array_index (ows->texts, ows->texts->len - 1);
    g_autofree char *s = g_strndup (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
    g_assert_nonnull (strstr (s, "\\n"));
    /* exactly one Output member */
    g_assert_nonnull (strstr (s, "\"Output\""));
    g_assert_null (strstr (strstr (s, "\"Output\"") + 1, "\"Output\""));
  }
  sim_ws_free (ows);
  sim_stop (old);
  sim_ws_free (ws);
}

static void
test_originate_logoff_unknown (void)
{
  SimWs *ws = sim_ws_connect (shared, NULL, 0);
  guint from = 0;
  DipccWsEnvelope *e;

  /* repeated keys become repeated headers: Variable twice */
  sim_ws_send (ws, "{\"AMIServerID\":1,\"data\":{\"Action\":\"Originate\","
                   "\"Channel\":\"Local/0112@T2_cos-all\","
                   "\"Context\":\"T2_cos-all\",\"Exten\":\"0216682471\",\"Priority\":\"1\","
                   "\"Variable\":\"A=1\",\"Variable\":\"B=2\",\"Callerid\":\"Sales <16682471>\","
                   "\"Async\":\"yes\",\"ActionID\":\"o1\"}}");
  e = wait_action_id (ws, "o1", &from);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Response"), ==, "Success");
  g_assert_nonnull (sim_ws_wait_for (ws, "BridgeEnter", &from));
  g_assert_nonnull (sim_ws_wait_for (ws, "Hangup", &from));

  sim_ws_send (ws, "{\"AMIServerID\":1,\"data\":{\"Action\":\"Logoff\",\"ActionID\":\"bye\"}}");
  sim_ws_send (ws, "{\"AMIServerID\":1,\"data\":{\"Action\":\"Frobnicate\",\"ActionID\":\"u1\"}}");
  e = wait_action_id (ws, "u1", &from);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Response"), ==, "Error");
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Message"), ==, "Invalid/unknown command");
  sim_spin (600);    /* the call ends */

  /* amiws relays neither OriginateResponse nor Goodbye */
  for (guint i = 0; i < ws->frames->len; i++)
    {
      DipccWsEnvelope *f = g_ptr_array_index (ws->frames, i);

      g_assert_cmpstr (sim_message_name (f->message), !=, "OriginateResponse");
      g_assert_cmpstr (sim_message_name (f->message), !=, "Goodbye");
    }
  g_assert_false (ws->closed);
  sim_ws_free (ws);
}

static void
test_malformed_frame (void)
{
  SimWs *ws = sim_ws_connect (shared, NULL, 0);
  guint from = 0;

  sim_ws_send (ws, "{not json at all");
  sim_ws_send (ws, "[1,2,3]");
  sim_ws_send (ws,
               "{\"AMIServerID\":1,\"data\":{\"Action\":\"Ping\",\"ActionID\":\"still-here\"}}");
  g_assert_nonnull (wait_action_id (ws, "still-here", &from));
  g_assert_false (ws->closed);
  sim_ws_free (ws);
}

static void
test_incoming_order (void)
{
  SimWs *ws = sim_ws_connect (shared, NULL, 0);
  g_autofree char *linkedid = NULL;
  static const char * const order[] = {
    "Newchannel", "UserEvent", "Newstate", "DeviceStateChange", "DialBegin", "DialEnd",
    "BridgeEnter", "DeviceStateChange", "Hangup", NULL
  };
  guint from = 0;
  DipccWsEnvelope *e;

  linkedid = sim_inject (shared,
                         "{\"caller\":\"16682471\",\"name\":\"norman namkoong\",\"to\":\"0101\","
                                 "\"answer_after\":100,\"hangup_after\":100}");
  for (guint i = 0; order[i]; i++)
    {
      e = sim_ws_wait_for (ws, order[i], &from);
      g_assert_nonnull (e);
      g_assert_cmpint (e->type, ==, DIPCC_WS_FRAME_EVENT);
      g_assert_cmpint (e->server_id, ==, 1);
    }
  from = 0;
  e = sim_ws_wait_for (ws, "UserEvent", &from);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Linkedid"), ==, linkedid);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "CallerIDName"), ==, "norman namkoong");
  g_assert_true (g_str_has_prefix (dipcc_ami_message_get (e->message, "UserEvent"),
                                   "incoming-16681706-07079190158-PJSIP/MAKECALL-"));
  sim_ws_free (ws);
}

/* Ring-all: the events of one call, as "Event ext detail" lines. Trunk
 * events say "T"; device states are those of @exts (no Linkedid). */
static char *
call_trace (SimWs              *ws,
            const char         *linkedid,
            const char * const *exts)
{
  static const char * const names[] = {
    "Newchannel", "UserEvent", "Newstate", "DeviceStateChange", "DialBegin", "DialEnd",
    "BridgeEnter", "BridgeLeave", "Hangup", NULL
  };
  GString *s = g_string_new (NULL);
  guint from = 0;

  for (;;)
    {
      DipccWsEnvelope *e;
      DipccAmiMessage *m;
      const char *name;
      const char *channel;
      g_autofree char *ext = NULL;

      if (!sim_ws_wait_n (ws, from + 1))
        break;
      e = g_ptr_array_index (ws->frames, from++);
      m = e->message;
      name = sim_message_name (m);
      if (e->type != DIPCC_WS_FRAME_EVENT || !g_strv_contains (names, name))
        continue;
      if (g_str_equal (name, "DeviceStateChange"))
        {
          const char *device = dipcc_ami_message_get (m, "Device");

          if (device == NULL || !g_str_has_prefix (device, "PJSIP/") ||
              !g_strv_contains (exts, device + strlen ("PJSIP/")))
            continue;
          g_string_append_printf (s, "%s %s %s\n", name, device + strlen ("PJSIP/"),
                                  dipcc_ami_message_get (m, "State"));
          continue;
        }
      if (g_strcmp0 (dipcc_ami_message_get (m, "Linkedid"), linkedid) != 0)
        continue;
      channel = dipcc_ami_message_get (m, g_str_has_prefix (name, "Dial") ? "DestChannel"
                                                                            : "Channel");
      g_assert_nonnull (channel);
      ext = g_str_has_prefix (channel, "PJSIP/MAKECALL-")
            ? g_strdup ("T") : g_strndup (channel + strlen ("PJSIP/"), 4);
      g_string_append_printf (s, "%s %s", name, ext);
      if (g_str_equal (name, "Newstate"))
        g_string_append_printf (s, " %s", dipcc_ami_message_get (m, "ChannelStateDesc"));
      else if (g_str_equal (name, "DialEnd"))
        g_string_append_printf (s, " %s", dipcc_ami_message_get (m, "DialStatus"));
      else if (g_str_equal (name, "Hangup"))
        g_string_append_printf (s, " %s %s", dipcc_ami_message_get (m, "Cause"),
                                dipcc_ami_message_get (m, "Cause-txt"));
      g_string_append_c (s, '\n');
      if (g_str_equal (name, "Hangup") && g_str_equal (ext, "T"))
        break;
    }
  return g_string_free (s, FALSE);
}

static guint
count_channels (SimWs      *ws,
                const char *action_id,
                const char *linkedid)
{
  g_autofree char *action = NULL;
  guint from = 0;
  guint n = 0;
  DipccWsEnvelope *e;

  action = g_strdup_printf ("{\"AMIServerID\":1,\"data\":{\"Action\":\"CoreShowChannels\","
                            "\"ActionID\":\"%s\"}}", action_id);
  sim_ws_send (ws, action);
  while ((e = wait_action_id (ws, action_id, &from)) != NULL)
    {
      const char *name = sim_message_name (e->message);

      if (g_strcmp0 (name, "CoreShowChannelsComplete") == 0)
        break;
      if (g_strcmp0 (name, "CoreShowChannel") == 0 &&
          g_strcmp0 (dipcc_ami_message_get (e->message, "Linkedid"), linkedid) == 0)
        n++;
    }
  g_assert_nonnull (e);
  return n;
}

static void
test_ring_all_answered (void)
{
  Sim *sim = sim_start_argv (NULL);
  SimWs *ws = sim_ws_connect (sim, NULL, 0);
  static const char * const exts[] = { "0101", "0102", NULL };
  g_autofree char *linkedid = NULL;
  g_autofree char *trace = NULL;
  guint from = 0;

  linkedid = sim_inject (sim, "{\"caller\":\"0299998888\",\"name\":\"Lee\","
                              "\"to\":[\"0102\",\"0101\"],\"answered_by\":\"0101\","
                              "\"answer_after\":300,\"hangup_after\":300}");
  /* both phones ring: the trunk and two legs are live */
  g_assert_nonnull (sim_ws_wait_for (ws, "DialBegin", &from));
  g_assert_nonnull (sim_ws_wait_for (ws, "DialBegin", &from));
  g_assert_cmpuint (count_channels (ws, "ra-chans", linkedid), ==, 3);

  trace = call_trace (ws, linkedid, exts);
  g_assert_cmpstr (trace, ==,
                   "Newchannel T\n"
                   "UserEvent T\n"
                   "Newchannel 0102\n"
                   "Newstate 0102 Ringing\n"
                   "DeviceStateChange 0102 RINGING\n"
                   "DialBegin 0102\n"
                   "Newchannel 0101\n"
                   "Newstate 0101 Ringing\n"
                   "DeviceStateChange 0101 RINGING\n"
                   "DialBegin 0101\n"
                   "DialEnd 0101 ANSWER\n"
                   "DialEnd 0102 CANCEL\n"
                   "Hangup 0102 26 Answered elsewhere\n"
                   "DeviceStateChange 0102 NOT_INUSE\n"
                   "Newstate 0101 Up\n"
                   "Newstate T Up\n"
                   "BridgeEnter T\n"
                   "BridgeEnter 0101\n"
                   "DeviceStateChange 0101 INUSE\n"
                   "BridgeLeave T\n"
                   "BridgeLeave 0101\n"
                   "Hangup 0101 16 Normal Clearing\n"
                   "DeviceStateChange 0101 NOT_INUSE\n"
                   "Hangup T 16 Normal Clearing\n");
  /* the call is over: nothing of it is left */
  g_assert_cmpuint (count_channels (ws, "ra-chans-after", linkedid), ==, 0);
  sim_ws_free (ws);
  sim_stop (sim);
}

static void
test_ring_all_missed (void)
{
  Sim *sim = sim_start_argv (NULL);
  SimWs *ws = sim_ws_connect (sim, NULL, 0);
  static const char * const exts[] = { "0101", "0102", NULL };
  g_autofree char *linkedid = NULL;
  g_autofree char *trace = NULL;

  linkedid = sim_inject (sim, "{\"caller\":\"0299998888\",\"name\":\"Lee\","
                              "\"to\":[\"0101\",\"0102\"],\"answer_after\":null}");
  trace = call_trace (ws, linkedid, exts);
  g_assert_cmpstr (trace, ==,
                   "Newchannel T\n"
                   "UserEvent T\n"
                   "Newchannel 0101\n"
                   "Newstate 0101 Ringing\n"
                   "DeviceStateChange 0101 RINGING\n"
                   "DialBegin 0101\n"
                   "Newchannel 0102\n"
                   "Newstate 0102 Ringing\n"
                   "DeviceStateChange 0102 RINGING\n"
                   "DialBegin 0102\n"
                   "DialEnd 0101 NOANSWER\n"
                   "DialEnd 0102 NOANSWER\n"
                   "Hangup 0101 19 User alerted, no answer\n"
                   "DeviceStateChange 0101 NOT_INUSE\n"
                   "Hangup 0102 19 User alerted, no answer\n"
                   "DeviceStateChange 0102 NOT_INUSE\n"
                   "Hangup T 19 User alerted, no answer\n");
  sim_ws_free (ws);
  sim_stop (sim);
}

static void
test_server_down (void)
{
  SimWs *ws = sim_ws_connect (pair, NULL, 0);
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  guint from = 0;
  gint64 start;

  g_assert_cmpuint (sim_rest (pair, "POST", "/sim/server", "application/json",
                              "{\"id\":2,\"down\":true}", -1, TRUE, &r1), ==, 200);
  start = g_get_monotonic_time ();
  sim_ws_send (ws, "{\"AMIServerID\":2,\"data\":{\"Action\":\"Ping\",\"ActionID\":\"down-2\"}}");
  sim_ws_send (ws, "{\"AMIServerID\":1,\"data\":{\"Action\":\"Ping\",\"ActionID\":\"up-1\"}}");
  g_assert_nonnull (wait_action_id (ws, "up-1", &from));
  /* the other server lags (--slow-ms 600) */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 500 * 1000);
  sim_spin (300);
  for (guint i = 0; i < ws->frames->len; i++)
    g_assert_cmpstr (dipcc_ami_message_get (((DipccWsEnvelope *) g_ptr_array_index (ws->frames,
                                                                                    i))->message,
                                            "ActionID"), !=, "down-2");

  g_assert_cmpuint (sim_rest (pair, "POST", "/sim/server", "application/json",
                              "{\"id\":2,\"down\":false}", -1, TRUE, &r2), ==, 200);
  sim_ws_send (ws, "{\"AMIServerID\":2,\"data\":{\"Action\":\"Ping\",\"ActionID\":\"back-2\"}}");
  g_assert_nonnull (wait_action_id (ws, "back-2", &from));
  sim_ws_free (ws);
}

/* amiws pings a silent client: read the raw socket, as libsoup 3.2 gives a
 * client no signal for a ping. */
static void
test_idle_ping (void)
{
  Sim *sim = sim_start ("--ws-ping-idle=1", NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  GSocket *socket;
  char buffer[4096];
  gssize n;
  gsize got = 0;
  gint64 start;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, 10);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", sim->ws_port, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (conn);
  g_socket_set_timeout (socket, 5);
  request = g_strdup_printf ("GET /any/path HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             "Sec-WebSocket-Version: 13\r\n\r\n", sim->ws_port);
  g_socket_send (socket, request, strlen (request), NULL, &error);
  g_assert_no_error (error);

  /* the 101 answer, up to its blank line */
  while (got < sizeof buffer - 1)
    {
      n = g_socket_receive (socket, buffer + got, 1, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, ==, 1);
      got++;
      buffer[got] = '\0';
      if (g_str_has_suffix (buffer, "\r\n\r\n"))
        break;
    }
  g_assert_true (g_str_has_prefix (buffer, "HTTP/1.1 101"));

  /* silence, then the first frame is a ping (opcode 9), not a greeting */
  start = g_get_monotonic_time ();
  n = g_socket_receive (socket, buffer, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >=, 1);
  g_assert_cmphex ((guchar) buffer[0], ==, 0x89);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 700 * 1000);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  sim_stop (sim);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  shared = sim_start_argv (NULL);
  pair = sim_start ("--servers=2", NULL);

  g_test_add_func ("/sim/ws/no-greeting", test_no_greeting);
  g_test_add_func ("/sim/ws/ping", test_ping_both_dialects);
  g_test_add_func ("/sim/ws/endpoints", test_endpoints_both_dialects);
  g_test_add_func ("/sim/ws/routing", test_routing);
  g_test_add_func ("/sim/ws/broadcast", test_broadcast);
  g_test_add_func ("/sim/ws/command", test_command);
  g_test_add_func ("/sim/ws/originate-logoff-unknown", test_originate_logoff_unknown);
  g_test_add_func ("/sim/ws/malformed-frame", test_malformed_frame);
  g_test_add_func ("/sim/ws/incoming-order", test_incoming_order);
  g_test_add_func ("/sim/ws/ring-all/answered", test_ring_all_answered);
  g_test_add_func ("/sim/ws/ring-all/missed", test_ring_all_missed);
  g_test_add_func ("/sim/ws/server-down", test_server_down);
  g_test_add_func ("/sim/ws/idle-ping", test_idle_ping);

  ret = g_test_run ();
  sim_stop (pair);
  sim_stop (shared);
  return ret;
}
