/* test-sim-ami.c: the simulator's plain AMI over TCP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-incoming-info.h"

#include "sim-helper.h"

static Sim *shared;

/* The manual's telnet transcript, byte for byte (the Ping's Timestamp aside). */
static void
test_login_transcript (void)
{
  SimAmi *ami = sim_ami_connect (shared);
  guint from = 0;
  DipccAmiMessage *pong;
  const char *ts;
  const char *p;

  sim_ami_send (ami, "Action: Login\r\nUsername: hello\r\nSecret: world\r\n\r\n");
  g_assert_nonnull (sim_ami_wait_for (ami, "FullyBooted", &from));
  g_assert_cmpstr (ami->raw->str, ==,
                   "Asterisk Call Manager/1.1\r\n"
                   "Response: Success\r\n"
                   "Message: Authentication accepted\r\n"
                   "\r\n"
                   "Event: FullyBooted\r\n"
                   "Privilege: system,all\r\n"
                   "Status: Fully Booted\r\n"
                   "\r\n");
  g_assert_cmpstr (ami->banner, ==, "Asterisk Call Manager/1.1");

  g_string_truncate (ami->raw, 0);
  sim_ami_send (ami, "Action: Ping\r\n\r\n");
  pong = sim_ami_wait_for (ami, "Success", &from);
  g_assert_nonnull (pong);
  g_assert_cmpstr (dipcc_ami_message_get (pong, "Ping"), ==, "Pong");
  ts = dipcc_ami_message_get (pong, "Timestamp");
  g_assert_nonnull (ts);
  g_assert_nonnull (strchr (ts, '.'));
  g_assert_true (g_str_has_prefix (ami->raw->str,
                                   "Response: Success\r\nPing: Pong\r\nTimestamp: "));
  g_assert_true (g_str_has_suffix (ami->raw->str, "\r\n\r\n"));
  for (p = ts; *p; p++)
    g_assert_true (g_ascii_isdigit (*p) || *p == '.');

  g_string_truncate (ami->raw, 0);
  sim_ami_send (ami, "Action: Logoff\r\n\r\n");
  g_assert_true (sim_ami_wait_eof (ami));
  g_assert_cmpstr (ami->raw->str, ==,
                   "Response: Goodbye\r\nMessage: Thanks for all the fish.\r\n\r\n");
  sim_ami_free (ami);
}

static void
test_login_failed (void)
{
  SimAmi *ami = sim_ami_connect (shared);
  gint64 start = g_get_monotonic_time ();
  DipccAmiMessage *m;
  guint from = 0;

  sim_ami_send (ami, "Action: Ping\r\nActionID: early\r\n\r\n");
  m = sim_ami_wait_for (ami, "Error", &from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Message"), ==, "Permission denied");
  g_assert_cmpstr (dipcc_ami_message_get (m, "ActionID"), ==, "early");

  sim_ami_send (ami, "Action: Login\r\nUsername: hello\r\nSecret: wrong\r\n\r\n");
  g_assert_true (sim_ami_wait_eof (ami));
  g_assert_cmpuint (ami->messages->len, ==, 2);
  m = g_ptr_array_index (ami->messages, 1);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Response"), ==, "Error");
  g_assert_cmpstr (dipcc_ami_message_get (m, "Message"), ==, "Authentication failed");
  /* answered after a pause (--auth-delay 100 in the tests) */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 90 * 1000);
  sim_ami_free (ami);
}

static void
test_endpoints (void)
{
  SimAmi *ami = sim_ami_connect (shared);
  DipccAmiMessage *m;
  guint from = 0;
  guint n = 0;

  sim_ami_login (ami);
  from = ami->messages->len;
  sim_ami_send (ami, "Action: PJSIPShowEndpoints\r\nActionID: ep-1\r\n\r\n");
  m = sim_ami_wait_for (ami, "Success", &from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "EventList"), ==, "start");
  g_assert_cmpstr (dipcc_ami_message_get (m, "ActionID"), ==, "ep-1");
  g_assert_nonnull (sim_ami_wait_for (ami, "EndpointListComplete", &from));
  for (guint i = 0; i < ami->messages->len; i++)
    {
      m = g_ptr_array_index (ami->messages, i);
      if (g_strcmp0 (sim_message_name (m), "EndpointList") != 0)
        continue;
      n++;
      g_assert_cmpstr (dipcc_ami_message_get (m, "ActionID"), ==, "ep-1");
      g_assert_nonnull (dipcc_ami_message_get (m, "Transport"));
      g_assert_nonnull (dipcc_ami_message_get (m, "Aor"));
      g_assert_nonnull (dipcc_ami_message_get (m, "Auths"));
      g_assert_nonnull (dipcc_ami_message_get (m, "ActiveChannels"));
      if (g_str_equal (dipcc_ami_message_get (m, "ObjectName"), "0103"))
        {
          g_assert_cmpstr (dipcc_ami_message_get (m, "DeviceState"), ==, "Unavailable");
          g_assert_cmpstr (dipcc_ami_message_get (m, "Contacts"), ==, "");
        }
      if (g_str_equal (dipcc_ami_message_get (m, "ObjectName"), "0101"))
        {
          g_assert_cmpstr (dipcc_ami_message_get (m, "DeviceState"), ==, "Not in use");
          g_assert_true (g_str_has_prefix (dipcc_ami_message_get (m, "Contacts"),
                                           "0101/sip:0101@"));
        }
    }
  g_assert_cmpuint (n, ==, 12);
  m = sim_ami_wait_for (ami, "EndpointListComplete", NULL);
  g_assert_cmpstr (dipcc_ami_message_get (m, "ListItems"), ==, "12");
  g_assert_cmpstr (dipcc_ami_message_get (m, "EventList"), ==, "Complete");
  sim_ami_free (ami);
}

static DipccAmiMessage *
command (SimAmi     *ami,
         const char *cli,
         guint      *from)
{
  g_autofree char *text = g_strdup_printf ("Action: Command\r\nCommand: %s\r\nActionID: cmd-%u\r\n"
                                           "\r\n",
                                           cli, *from);
  guint before = ami->messages->len;

  sim_ami_send (ami, text);
  g_assert_true (sim_ami_wait_n (ami, before + 1));
  *from = ami->messages->len;
  return g_ptr_array_index (ami->messages, before);
}

static void
test_command_database (void)
{
  SimAmi *ami = sim_ami_connect (shared);
  DipccAmiMessage *m;
  guint from;
  const char **outputs;

  sim_ami_login (ami);
  from = ami->messages->len;

  m = command (ami, "database get 1 diversions/0102/CFI/enable", &from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Response"), ==, "Success");
  g_assert_cmpstr (dipcc_ami_message_get (m, "Message"), ==, "Command output follows");
  g_assert_cmpstr (dipcc_ami_message_get (m, "Output"), ==, "Value: yes");

  m = command (ami, "database get 1 diversions/0109/CFU/enable", &from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Response"), ==, "Success");
  g_assert_cmpstr (dipcc_ami_message_get (m, "Output"), ==, "Database entry not found.");

  m = command (ami,
               "database put 1 diversions/0109/CFU/destination sub-custom-numbers,01055501234,"
               "1", &from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Output"), ==, "Updated database successfully");
  m = command (ami, "database get 1 diversions/0109/CFU/destination", &from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Output"), ==,
                   "Value: sub-custom-numbers,01055501234,1");

  m = command (ami, "database show 1/diversions/0102", &from);
  outputs = dipcc_ami_message_get_all (m, "Output");
  g_assert_nonnull (outputs);
  g_assert_cmpuint (g_strv_length ((char **) outputs), >=, 1);
  g_free (outputs);

  m = command (ami, "frobnicate now", &from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Response"), ==, "Error");
  g_assert_true (g_str_has_prefix (dipcc_ami_message_get (m, "Output"), "No such command"));

  sim_ami_send (ami, "Action: Frobnicate\r\nActionID: x9\r\n\r\n");
  g_assert_true (sim_ami_wait_n (ami, from + 1));
  m = g_ptr_array_index (ami->messages, from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Response"), ==, "Error");
  g_assert_cmpstr (dipcc_ami_message_get (m, "Message"), ==, "Invalid/unknown command");
  g_assert_cmpstr (dipcc_ami_message_get (m, "ActionID"), ==, "x9");
  sim_ami_free (ami);
}

static void
test_old_asterisk (void)
{
  Sim *sim = sim_start ("--old-asterisk", NULL);
  SimAmi *ami = sim_ami_connect (sim);

  sim_ami_login (ami);
  g_string_truncate (ami->raw, 0);
  sim_ami_send (ami,
                "Action: Command\r\nCommand: database get 1 diversions/0102/CFI/enable\r\n"
                "ActionID: o1\r\n\r\n");
  g_assert_true (sim_ami_wait_n (ami, 3));
  g_assert_cmpstr (ami->raw->str, ==,
                   "Response: Follows\r\nPrivilege: Command\r\nActionID: o1\r\n"
                   "Value: yes\n--END COMMAND--\r\n\r\n");
  sim_ami_free (ami);
  sim_stop (sim);
}

/* Asserts that the names in @names appear in this order among the events
 * from *from on (others may come between), moving *from along. */
static void
assert_order (SimAmi             *ami,
              const char * const *names,
              guint              *from)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      DipccAmiMessage *m = sim_ami_wait_for (ami, names[i], from);

      if (m == NULL)
        {
          for (guint j = 0; j < ami->messages->len; j++)
            g_printerr ("got %s\n", sim_message_name (g_ptr_array_index (ami->messages, j)));
          g_error ("event %s (#%u) did not come", names[i], i);
        }
    }
}

static void
assert_channel_fields (DipccAmiMessage *m)
{
  static const char * const fields[] = {
    "Privilege", "Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum", "CallerIDName",
    "ConnectedLineNum", "ConnectedLineName", "Language", "AccountCode", "Context", "Exten",
    "Priority", "Uniqueid", "Linkedid", NULL
  };

  for (guint i = 0; fields[i]; i++)
    if (!dipcc_ami_message_has (m, fields[i]))
      g_error ("%s lacks %s", sim_message_name (m), fields[i]);
}

static void
test_incoming_answered (void)
{
  SimAmi *ami = sim_ami_connect (shared);
  g_autofree char *linkedid = NULL;
  g_autoptr(DipccIncomingInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  DipccAmiMessage *ue;
  guint from;
  static const char * const order[] = {
    "Newchannel", "UserEvent", "Newstate", "DeviceStateChange", "DialBegin",
    "DialEnd", "BridgeEnter", "DeviceStateChange", "Hangup", NULL
  };

  sim_ami_login (ami);
  from = ami->messages->len;
  linkedid = sim_inject (shared, "{\"caller\":\"16682471\",\"name\":\"주식회사 얼썬팩토리\","
                                 "\"did\":\"07079190158\",\"to\":\"0102\","
                                 "\"answer_after\":150,\"hangup_after\":150}");
  assert_order (ami, order, &from);

  /* a closer look at the fields */
  from = 0;
  ue = sim_ami_wait_for (ami, "UserEvent", &from);
  assert_channel_fields (ue);
  g_assert_cmpstr (dipcc_ami_message_get (ue, "Privilege"), ==, "user,all");
  g_assert_cmpstr (dipcc_ami_message_get (ue, "Context"), ==, "sub-incoming-alert-info");
  g_assert_cmpstr (dipcc_ami_message_get (ue, "CallerIDName"), ==, "주식회사 얼썬팩토리");
  g_assert_cmpstr (dipcc_ami_message_get (ue, "Linkedid"), ==, linkedid);
  info = dipcc_incoming_info_parse (dipcc_ami_message_get (ue, "UserEvent"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->main_number, ==, "16681706");
  g_assert_cmpstr (info->did, ==, "07079190158");
  g_assert_cmpstr (info->channel, ==, dipcc_ami_message_get (ue, "Channel"));
  g_assert_cmpstr (info->caller, ==, "16682471");
  g_assert_cmpstr (info->uniqueid, ==, dipcc_ami_message_get (ue, "Uniqueid"));

  for (guint i = 0; i < ami->messages->len; i++)
    {
      DipccAmiMessage *m = g_ptr_array_index (ami->messages, i);
      const char *name = sim_message_name (m);

      if (g_strcmp0 (name, "DeviceStateChange") == 0)
        g_assert_cmpstr (dipcc_ami_message_get (m, "Device"), ==, "PJSIP/0102");
      else if (g_strcmp0 (name, "Newchannel") == 0 || g_strcmp0 (name, "Newstate") == 0 ||
               g_strcmp0 (name, "Hangup") == 0)
        {
          assert_channel_fields (m);
          g_assert_cmpstr (dipcc_ami_message_get (m, "Linkedid"), ==, linkedid);
          if (g_str_equal (name, "Hangup"))
            {
              g_assert_cmpstr (dipcc_ami_message_get (m, "Cause"), ==, "16");
              g_assert_cmpstr (dipcc_ami_message_get (m, "Cause-txt"), ==, "Normal Clearing");
            }
        }
      else if (g_strcmp0 (name, "DialEnd") == 0)
        g_assert_cmpstr (dipcc_ami_message_get (m, "DialStatus"), ==, "ANSWER");
    }
  /* RINGING then INUSE then NOT_INUSE */
  from = 0;
  g_assert_cmpstr (dipcc_ami_message_get (sim_ami_wait_for (ami, "DeviceStateChange", &from),
                                          "State"), ==, "RINGING");
  g_assert_cmpstr (dipcc_ami_message_get (sim_ami_wait_for (ami, "DeviceStateChange", &from),
                                          "State"), ==, "INUSE");
  g_assert_cmpstr (dipcc_ami_message_get (sim_ami_wait_for (ami, "DeviceStateChange", &from),
                                          "State"), ==, "NOT_INUSE");
  sim_ami_free (ami);
}

static void
test_incoming_unanswered (void)
{
  SimAmi *ami = sim_ami_connect (shared);
  g_autofree char *l1 = NULL;
  g_autofree char *l2 = NULL;
  DipccAmiMessage *m;
  guint from;
  static const char * const order[] = {
    "Newchannel", "UserEvent", "Newstate", "DeviceStateChange", "DialBegin", "Hangup",
    "DeviceStateChange", NULL
  };

  sim_ami_login (ami);
  from = ami->messages->len;
  l1 = sim_inject (shared, "{\"caller\":\"01012345678\",\"to\":\"0104\",\"answer_after\":null}");
  assert_order (ami, order, &from);
  from = 0;
  m = sim_ami_wait_for (ami, "Hangup", &from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Cause"), ==, "19");
  m = sim_ami_wait_for (ami, "DeviceStateChange", &from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "State"), ==, "NOT_INUSE");
  g_assert_nonnull (sim_ami_wait_for (ami, "Hangup", &from));

  from = ami->messages->len;
  l2 = sim_inject (shared,
                   "{\"caller\":\"01012345678\",\"to\":\"0104\",\"reject\":true,"
                   "\"answer_after\":50}");
  m = sim_ami_wait_for (ami, "Hangup", &from);
  g_assert_nonnull (m);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Cause"), ==, "21");
  sim_ami_free (ami);
}

static void
test_originate (void)
{
  SimAmi *ami = sim_ami_connect (shared);
  DipccAmiMessage *m;
  guint from;

  sim_ami_login (ami);
  from = ami->messages->len;
  /* click-to-call over the socket, asynchronous */
  sim_ami_send (ami,
                "Action: Originate\r\nChannel: Local/0105@T2_cos-all\r\nContext: T2_cos-all\r\n"
                     "Exten: 0216682471\r\nPriority: 1\r\nCallerid: 주식회사 얼썬팩토리 <16682471>\r\n"
                     "Variable: CHANNEL(language)=ko\r\nVariable: X=1\r\nEarlyMedia: true\r\n"
                     "Async: yes\r\nActionID: orig-1\r\n\r\n");
  m = sim_ami_wait_for (ami, "Success", &from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "ActionID"), ==, "orig-1");
  g_assert_cmpstr (dipcc_ami_message_get (m, "Message"), ==, "Originate successfully queued");
  m = sim_ami_wait_for (ami, "OriginateResponse", &from);
  g_assert_nonnull (m);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Response"), ==, "Success");
  g_assert_cmpstr (dipcc_ami_message_get (m, "ActionID"), ==, "orig-1");
  g_assert_nonnull (sim_ami_wait_for (ami, "DialBegin", &from));
  g_assert_nonnull (sim_ami_wait_for (ami, "BridgeEnter", &from));
  g_assert_nonnull (sim_ami_wait_for (ami, "Hangup", &from));

  /* synchronous: the response comes first, the events it held after it */
  from = ami->messages->len;
  sim_ami_send (ami, "Action: Originate\r\nChannel: PJSIP/0106\r\nContext: tts\r\nExten: s\r\n"
                     "Priority: 1\r\nTimeout: 30000\r\nCallerid: TTS <015500>\r\n"
                     "ActionID: orig-2\r\n\r\n");
  g_assert_true (sim_ami_wait_n (ami, from + 1));
  m = g_ptr_array_index (ami->messages, from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Response"), ==, "Success");
  g_assert_cmpstr (dipcc_ami_message_get (m, "ActionID"), ==, "orig-2");
  g_assert_nonnull (sim_ami_wait_for (ami, "Newchannel", &from));
  g_assert_nonnull (sim_ami_wait_for (ami, "Hangup", &from));

  /* an unknown endpoint */
  from = ami->messages->len;
  sim_ami_send (ami,
                "Action: Originate\r\nChannel: PJSIP/0999\r\nContext: tts\r\nExten: s\r\n"
                "ActionID: orig-3\r\n\r\n");
  m = sim_ami_wait_for (ami, "Error", &from);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Message"), ==, "Originate failed");
  sim_ami_free (ami);
}

static void
test_two_sessions (void)
{
  SimAmi *a = sim_ami_connect (shared);
  SimAmi *b = sim_ami_connect (shared);
  guint fa, fb;
  g_autofree char *linkedid = NULL;

  sim_ami_login (a);
  sim_ami_login (b);
  sim_spin (50);
  fa = a->messages->len;
  fb = b->messages->len;

  /* a response goes to its own session only; events go to both */
  sim_ami_send (a, "Action: Ping\r\nActionID: only-a\r\n\r\n");
  g_assert_nonnull (sim_ami_wait_for (a, "Success", &fa));
  linkedid = sim_inject (shared,
                         "{\"caller\":\"01012345678\",\"to\":\"0108\",\"answer_after\":null}");
  g_assert_nonnull (sim_ami_wait_for (a, "UserEvent", &fa));
  g_assert_nonnull (sim_ami_wait_for (b, "UserEvent", &fb));
  for (guint i = 0; i < b->messages->len; i++)
    g_assert_cmpstr (dipcc_ami_message_get (g_ptr_array_index (b->messages, i), "ActionID"), !=,
                     "only-a");
  sim_ami_free (a);
  sim_ami_free (b);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  shared = sim_start_argv (NULL);

  g_test_add_func ("/sim/ami/login-transcript", test_login_transcript);
  g_test_add_func ("/sim/ami/login-failed", test_login_failed);
  g_test_add_func ("/sim/ami/endpoints", test_endpoints);
  g_test_add_func ("/sim/ami/command-database", test_command_database);
  g_test_add_func ("/sim/ami/old-asterisk", test_old_asterisk);
  g_test_add_func ("/sim/ami/incoming-answered", test_incoming_answered);
  g_test_add_func ("/sim/ami/incoming-unanswered", test_incoming_unanswered);
  g_test_add_func ("/sim/ami/originate", test_originate);
  g_test_add_func ("/sim/ami/two-sessions", test_two_sessions);

  ret = g_test_run ();
  sim_stop (shared);
  return ret;
}
