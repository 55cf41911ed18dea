/* test-call-list.c: the call reducer, fed event sequences in the order real
 * Asterisk (and dipcc-pbx-sim) sends them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-call-list.h"
#include "dipcc-core-enums.h"
#include "dipcc-test-utils.h"

typedef struct {
  DipccCallList *list;
  GPtrArray     *log;    /* "incoming:LINKEDID" and so on, in order */
} Fixture;

static void
record_named (Fixture    *f,
              const char *name,
              DipccCall  *call)
{
  g_ptr_array_add (f->log, g_strdup_printf ("%s:%d/%s", name, dipcc_call_get_server_id (call),
                                            dipcc_call_get_linkedid (call)));
}

static void
on_incoming (DipccCallList *list, DipccCall *call, Fixture *f)
{
  record_named (f, "incoming", call);
}

static void
on_answered (DipccCallList *list, DipccCall *call, Fixture *f)
{
  record_named (f, "answered", call);
}

static void
on_missed (DipccCallList *list, DipccCall *call, Fixture *f)
{
  record_named (f, "missed", call);
}

static void
on_ended (DipccCallList *list, DipccCall *call, Fixture *f)
{
  record_named (f, "ended", call);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DipccEndpointList) endpoints = dipcc_endpoint_list_new ();

  for (guint i = 1; i <= 9; i++)
    {
      g_autofree char *name = g_strdup_printf ("010%u", i);

      dipcc_endpoint_list_ensure (endpoints, 1, name);
      dipcc_endpoint_list_ensure (endpoints, 2, name);
    }
  dipcc_endpoint_list_ensure (endpoints, 1, "0164");
  dipcc_endpoint_list_ensure (endpoints, 1, "trunk-kt");   /* a trunk is an endpoint too */

  f->list = dipcc_call_list_new (endpoints);
  dipcc_call_list_set_linger_ms (f->list, 0);
  dipcc_call_list_set_my_extension (f->list, "0101");
  f->log = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->list, "incoming", G_CALLBACK (on_incoming), f);
  g_signal_connect (f->list, "answered", G_CALLBACK (on_answered), f);
  g_signal_connect (f->list, "missed", G_CALLBACK (on_missed), f);
  g_signal_connect (f->list, "ended", G_CALLBACK (on_ended), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->list);
  g_ptr_array_unref (f->log);
}

static void
feed (Fixture         *f,
      DipccAmiMessage *message)
{
  dipcc_call_list_handle_event (f->list, message);
  dipcc_ami_message_unref (message);
}

static void
assert_log (Fixture    *f,
            const char *expected)
{
  g_autofree char *joined = NULL;

  g_ptr_array_add (f->log, NULL);
  joined = g_strjoinv (" ", (char **) f->log->pdata);
  g_ptr_array_remove_index (f->log, f->log->len - 1);
  g_assert_cmpstr (joined, ==, expected);
}

/* An inbound call through the trunk, announced by the incoming UserEvent,
 * dialling @targets (ring-all when several), the way the simulator and a
 * real Asterisk order it. */
static void
inbound_ringing (Fixture    *f,
                 int         server,
                 const char *lid,
                 const char *name,
                 const char *const *targets)
{
  g_autofree char *chan = g_strdup_printf ("PJSIP/trunk-kt-%s", lid);
  g_autofree char *user_event = g_strdup_printf ("incoming-16681706-0216682471-%s-"
                                                 "0299998888-%s", chan, lid);

  feed (f, dipcc_test_event (server, "Newchannel", "Privilege", "call,all",
                             "Channel", chan, "ChannelState", "4", "ChannelStateDesc", "Ring",
                             "CallerIDNum", "0299998888", "CallerIDName", name,
                             "ConnectedLineNum", "<unknown>", "ConnectedLineName", "<unknown>",
                             "Language", "ko", "AccountCode", "", "Context", "from-trunk",
                             "Exten", "0216682471", "Priority", "1",
                             "Uniqueid", lid, "Linkedid", lid, NULL));
  feed (f, dipcc_test_event (server, "UserEvent", "Privilege", "user,all", "Channel", chan,
                             "CallerIDNum", "0299998888", "CallerIDName", name,
                             "Context", "sub-incoming-alert-info", "Uniqueid", lid,
                             "Linkedid", lid, "UserEvent", user_event, NULL));
  feed (f, dipcc_test_event (server, "Newstate", "Channel", chan, "ChannelState", "4",
                             "Uniqueid", lid, "Linkedid", lid, NULL));
  for (guint i = 0; targets[i]; i++)
    {
      g_autofree char *dest = g_strdup_printf ("PJSIP/%s-%s", targets[i], lid);
      g_autofree char *dest_uid = g_strdup_printf ("%s.%u", lid, i + 1);
      g_autofree char *device = g_strdup_printf ("PJSIP/%s", targets[i]);

      feed (f, dipcc_test_event (server, "Newchannel", "Channel", dest, "ChannelState", "0",
                                 "Uniqueid", dest_uid, "Linkedid", lid, NULL));
      feed (f, dipcc_test_event (server, "DeviceStateChange", "Device", device,
                                 "State", "RINGING", NULL));
      feed (f, dipcc_test_event (server, "DialBegin", "Channel", chan, "Uniqueid", lid,
                                 "Linkedid", lid, "DestChannel", dest,
                                 "DestUniqueid", dest_uid, "DestLinkedid", lid,
                                 "DialString", targets[i], NULL));
      feed (f, dipcc_test_event (server, "Newstate", "Channel", dest, "ChannelState", "5",
                                 "Uniqueid", dest_uid, "Linkedid", lid, NULL));
    }
}

static void
answer (Fixture    *f,
        int         server,
        const char *lid,
        guint       target_index,
        const char *target)
{
  g_autofree char *dest = g_strdup_printf ("PJSIP/%s-%s", target, lid);
  g_autofree char *dest_uid = g_strdup_printf ("%s.%u", lid, target_index + 1);

  feed (f, dipcc_test_event (server, "Newstate", "Channel", dest, "ChannelState", "6",
                             "Uniqueid", dest_uid, "Linkedid", lid, NULL));
  feed (f, dipcc_test_event (server, "DialEnd", "Uniqueid", lid, "DestChannel", dest,
                             "DestUniqueid", dest_uid, "DialStatus", "ANSWER", NULL));
  feed (f, dipcc_test_event (server, "BridgeEnter", "Uniqueid", lid, NULL));
  feed (f, dipcc_test_event (server, "BridgeEnter", "Uniqueid", dest_uid, NULL));
}

static void
hangup (Fixture    *f,
        int         server,
        const char *uid,
        const char *cause)
{
  feed (f, dipcc_test_event (server, "Hangup", "Uniqueid", uid, "Cause", cause,
                             "Cause-txt", "whatever", NULL));
}

static const char *const me[] = { "0101", NULL };
static const char *const ring_all[] = { "0102", "0101", NULL };

static void
test_inbound_answered (Fixture       *f,
                       gconstpointer  data)
{
  DipccCall *call;
  g_autoptr(DipccCall) kept = NULL;

  inbound_ringing (f, 1, "1700000000.1", "홍길동", me);
  assert_log (f, "incoming:1/1700000000.1");
  call = dipcc_call_list_lookup (f->list, 1, "1700000000.1");
  kept = g_object_ref (call);
  g_assert_cmpint (dipcc_call_get_direction (call), ==, DIPCC_CALL_DIRECTION_INBOUND);
  g_assert_cmpint (dipcc_call_get_state (call), ==, DIPCC_CALL_STATE_RINGING);
  g_assert_cmpstr (dipcc_call_get_remote_number (call), ==, "0299998888");
  g_assert_cmpstr (dipcc_call_get_remote_name (call), ==, "홍길동");
  g_assert_cmpstr (dipcc_call_get_did (call), ==, "0216682471");
  g_assert_cmpstr (dipcc_call_get_main_number (call), ==, "16681706");
  g_assert_cmpstr (dipcc_call_get_agent_endpoint (call), ==, "0101");
  g_assert_true (dipcc_call_get_rang_me (call));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);

  answer (f, 1, "1700000000.1", 0, "0101");
  g_assert_cmpint (dipcc_call_get_state (call), ==, DIPCC_CALL_STATE_ACTIVE);
  g_assert_true (dipcc_call_get_answered (call));
  g_assert_false (dipcc_call_get_answered_elsewhere (call));
  g_assert_cmpstr (dipcc_call_get_answered_by (call), ==, "0101");
  g_assert_nonnull (dipcc_call_get_answer_time (call));

  feed (f, dipcc_test_event (1, "Hold", "Uniqueid", "1700000000.1.1", NULL));
  g_assert_cmpint (dipcc_call_get_state (call), ==, DIPCC_CALL_STATE_ON_HOLD);
  feed (f, dipcc_test_event (1, "Unhold", "Uniqueid", "1700000000.1.1", NULL));
  g_assert_cmpint (dipcc_call_get_state (call), ==, DIPCC_CALL_STATE_ACTIVE);

  hangup (f, 1, "1700000000.1.1", "16");
  g_assert_cmpint (dipcc_call_get_state (kept), ==, DIPCC_CALL_STATE_ACTIVE);
  hangup (f, 1, "1700000000.1", "16");
  g_assert_cmpint (dipcc_call_get_state (kept), ==, DIPCC_CALL_STATE_ENDED);
  g_assert_cmpint (dipcc_call_get_hangup_cause (kept), ==, 16);
  assert_log (f, "incoming:1/1700000000.1 answered:1/1700000000.1 ended:1/1700000000.1");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (dipcc_call_list_get_recent (f->list)), ==, 1);
  g_assert_cmpuint (dipcc_call_list_get_n_channels (f->list), ==, 0);
}

static void
test_inbound_missed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DipccCall) call = NULL;

  inbound_ringing (f, 1, "1700000000.2", "Park", me);
  call = g_object_ref (dipcc_call_list_lookup (f->list, 1, "1700000000.2"));
  hangup (f, 1, "1700000000.2.1", "19");
  hangup (f, 1, "1700000000.2", "19");
  assert_log (f, "incoming:1/1700000000.2 missed:1/1700000000.2 ended:1/1700000000.2");
  g_assert_false (dipcc_call_get_answered (call));
  g_assert_cmpint (dipcc_call_get_hangup_cause (call), ==, 19);
}

static void
test_answered_elsewhere (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DipccCall) call = NULL;

  inbound_ringing (f, 1, "1700000000.3", "Lee", ring_all);
  call = g_object_ref (dipcc_call_list_lookup (f->list, 1, "1700000000.3"));
  answer (f, 1, "1700000000.3", 0, "0102");
  hangup (f, 1, "1700000000.3.2", "26");
  hangup (f, 1, "1700000000.3.1", "16");
  hangup (f, 1, "1700000000.3", "16");
  assert_log (f, "incoming:1/1700000000.3 answered:1/1700000000.3 ended:1/1700000000.3");
  g_assert_true (dipcc_call_get_answered_elsewhere (call));
  g_assert_cmpstr (dipcc_call_get_answered_by (call), ==, "0102");
  g_assert_cmpstr (dipcc_call_get_agent_endpoint (call), ==, "0101");
}

static void
test_not_for_me (Fixture       *f,
                 gconstpointer  data)
{
  static const char *const other[] = { "0105", NULL };

  inbound_ringing (f, 1, "1700000000.4", "Choi", other);
  hangup (f, 1, "1700000000.4.1", "19");
  hangup (f, 1, "1700000000.4", "19");
  assert_log (f, "ended:1/1700000000.4");

  /* watching the DID announces it at the UserEvent, before any phone rings */
  {
    const char *watched[] = { "02-1668-2471", NULL };

    dipcc_call_list_set_watched_numbers (f->list, watched);
    inbound_ringing (f, 1, "1700000000.5", "Choi", other);
    hangup (f, 1, "1700000000.5.1", "19");
    hangup (f, 1, "1700000000.5", "19");
    assert_log (f, "ended:1/1700000000.4 incoming:1/1700000000.5 missed:1/1700000000.5 "
                "ended:1/1700000000.5");
  }
}

/* Click-to-call: an Originate of Local/0101@T2_cos-all rings the agent's own
 * phone first, then dials the callee through the trunk. */
static void
test_click_to_call (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DipccCall) call = NULL;

  feed (f, dipcc_test_event (1, "Newchannel", "Channel", "Local/0101@T2_cos-all-00000001;1",
                             "ChannelState", "0", "Uniqueid", "1700000100.1",
                             "Linkedid", "1700000100.1", "Exten", "0216682471", NULL));
  feed (f, dipcc_test_event (1, "Newchannel", "Channel", "Local/0101@T2_cos-all-00000001;2",
                             "ChannelState", "4", "Uniqueid", "1700000100.2",
                             "Linkedid", "1700000100.1", NULL));
  call = g_object_ref (dipcc_call_list_lookup (f->list, 1, "1700000100.1"));
  g_assert_cmpint (dipcc_call_get_direction (call), ==, DIPCC_CALL_DIRECTION_OUTBOUND);
  g_assert_cmpint (dipcc_call_get_state (call), ==, DIPCC_CALL_STATE_DIALING);
  g_assert_cmpstr (dipcc_call_get_agent_endpoint (call), ==, "0101");

  /* my phone rings: that is not an incoming call */
  feed (f, dipcc_test_event (1, "Newchannel", "Channel", "PJSIP/0101-00000003",
                             "Uniqueid", "1700000100.3", "Linkedid", "1700000100.1", NULL));
  feed (f, dipcc_test_event (1, "DialBegin", "Uniqueid", "1700000100.2",
                             "DestChannel", "PJSIP/0101-00000003",
                             "DestUniqueid", "1700000100.3", "DialString", "0101", NULL));
  feed (f, dipcc_test_event (1, "Newstate", "Uniqueid", "1700000100.3", "ChannelState", "5",
                             NULL));
  feed (f, dipcc_test_event (1, "DialEnd", "DestUniqueid", "1700000100.3",
                             "DialStatus", "ANSWER", NULL));
  g_assert_false (dipcc_call_get_answered (call));
  assert_log (f, "");

  /* then the callee */
  feed (f, dipcc_test_event (1, "DialBegin", "Uniqueid", "1700000100.1",
                             "DestChannel", "PJSIP/trunk-kt-00000004",
                             "DestUniqueid", "1700000100.4",
                             "DialString", "trunk-kt/0216682471", NULL));
  g_assert_cmpstr (dipcc_call_get_remote_number (call), ==, "0216682471");
  g_assert_cmpint (dipcc_call_get_direction (call), ==, DIPCC_CALL_DIRECTION_OUTBOUND);
  feed (f, dipcc_test_event (1, "DialEnd", "DestUniqueid", "1700000100.4",
                             "DialStatus", "ANSWER", NULL));
  g_assert_true (dipcc_call_get_answered (call));
  g_assert_cmpint (dipcc_call_get_state (call), ==, DIPCC_CALL_STATE_ACTIVE);
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *uid = g_strdup_printf ("1700000100.%u", i);

      hangup (f, 1, uid, "16");
    }
  assert_log (f, "answered:1/1700000100.1 ended:1/1700000100.1");
}

static void
test_internal (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DipccCall) call = NULL;

  feed (f, dipcc_test_event (1, "Newchannel", "Channel", "PJSIP/0105-00000009",
                             "ChannelState", "4", "CallerIDNum", "0105",
                             "CallerIDName", "Colleague", "Exten", "0101",
                             "Uniqueid", "1700000200.1", "Linkedid", "1700000200.1", NULL));
  call = g_object_ref (dipcc_call_list_lookup (f->list, 1, "1700000200.1"));
  feed (f, dipcc_test_event (1, "DialBegin", "Uniqueid", "1700000200.1",
                             "DestChannel", "PJSIP/0101-0000000a",
                             "DestUniqueid", "1700000200.2", "DialString", "0101", NULL));
  g_assert_cmpint (dipcc_call_get_direction (call), ==, DIPCC_CALL_DIRECTION_INTERNAL);
  assert_log (f, "incoming:1/1700000200.1");
  hangup (f, 1, "1700000200.2", "19");
  hangup (f, 1, "1700000200.1", "19");
  assert_log (f, "incoming:1/1700000200.1 missed:1/1700000200.1 ended:1/1700000200.1");
}

/* Every event twice, as a resync or a second proxy connection can deliver. */
static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  inbound_ringing (f, 1, "1700000300.1", "Dup", me);
  inbound_ringing (f, 1, "1700000300.1", "Dup", me);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  g_assert_cmpuint (dipcc_call_list_get_n_channels (f->list), ==, 2);
  answer (f, 1, "1700000300.1", 0, "0101");
  answer (f, 1, "1700000300.1", 0, "0101");
  hangup (f, 1, "1700000300.1.1", "16");
  hangup (f, 1, "1700000300.1", "16");
  hangup (f, 1, "1700000300.1", "16");
  /* a late duplicate after the end makes no second call */
  inbound_ringing (f, 1, "1700000300.1", "Dup", me);
  assert_log (f, "incoming:1/1700000300.1 answered:1/1700000300.1 ended:1/1700000300.1");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  g_assert_cmpuint (dipcc_call_list_get_n_channels (f->list), ==, 0);
}

static void
test_reordered (Fixture       *f,
                gconstpointer  data)
{
  /* a Hangup for a channel never seen, and unknown events: ignored */
  hangup (f, 1, "1700000400.9", "16");
  feed (f, dipcc_test_event (1, "VarSet", "Uniqueid", "1700000400.9", NULL));
  feed (f, dipcc_test_event (1, "SomethingNew", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);

  /* the UserEvent before the Newchannel still makes one inbound call */
  feed (f, dipcc_test_event (1, "UserEvent", "CallerIDName", "Early",
                             "Uniqueid", "1700000400.1", "Linkedid", "1700000400.1",
                             "UserEvent", "incoming-16681706-0216682471-PJSIP/trunk-kt-"
                             "0000001a-0299998888-1700000400.1", NULL));
  feed (f, dipcc_test_event (1, "Newchannel", "Channel", "PJSIP/trunk-kt-0000001a",
                             "CallerIDNum", "0299998888", "Uniqueid", "1700000400.1",
                             "Linkedid", "1700000400.1", NULL));
  feed (f, dipcc_test_event (1, "DialBegin", "Uniqueid", "1700000400.1",
                             "DestChannel", "PJSIP/0101-0000001b",
                             "DestUniqueid", "1700000400.2", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  assert_log (f, "incoming:1/1700000400.1");
  g_assert_cmpstr (dipcc_call_get_remote_name (dipcc_call_list_lookup (f->list, 1,
                                                                        "1700000400.1")),
                   ==, "Early");
}

/* Two freshly started Asterisks hand out the same ids. */
static void
test_two_servers_same_linkedid (Fixture       *f,
                                gconstpointer  data)
{
  inbound_ringing (f, 1, "1700000500.1", "One", me);
  inbound_ringing (f, 2, "1700000500.1", "Two", me);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);
  g_assert_cmpstr (dipcc_call_get_remote_name (dipcc_call_list_lookup (f->list, 2,
                                                                        "1700000500.1")),
                   ==, "Two");
  hangup (f, 2, "1700000500.1.1", "16");
  hangup (f, 2, "1700000500.1", "16");
  g_assert_nonnull (dipcc_call_list_lookup (f->list, 1, "1700000500.1"));
  assert_log (f, "incoming:1/1700000500.1 incoming:2/1700000500.1 missed:2/1700000500.1 "
              "ended:2/1700000500.1");
}

/* After a reconnect the channel listing brings back a call whose events were
 * lost in the gap (it still pops up) and ends the ones that hung up. */
static void
test_resync (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DipccCall) gone = NULL;
  DipccCall *found;

  inbound_ringing (f, 1, "1700000600.1", "Gone", (const char *const[]) { "0105", NULL });
  gone = g_object_ref (dipcc_call_list_lookup (f->list, 1, "1700000600.1"));

  dipcc_call_list_begin_resync (f->list, 1);
  feed (f, dipcc_test_event (1, "CoreShowChannel", "ActionID", "r1",
                             "Channel", "PJSIP/trunk-kt-0000002a", "ChannelState", "4",
                             "CallerIDNum", "0311112222", "CallerIDName", "Lost in the gap",
                             "Uniqueid", "1700000600.5", "Linkedid", "1700000600.5", NULL));
  feed (f, dipcc_test_event (1, "CoreShowChannel", "ActionID", "r1",
                             "Channel", "PJSIP/0101-0000002b", "ChannelState", "5",
                             "Uniqueid", "1700000600.6", "Linkedid", "1700000600.5", NULL));
  feed (f, dipcc_test_event (1, "CoreShowChannelsComplete", "ActionID", "r1",
                             "EventList", "Complete", "ListItems", "2", NULL));

  g_assert_cmpint (dipcc_call_get_state (gone), ==, DIPCC_CALL_STATE_ENDED);
  found = dipcc_call_list_lookup (f->list, 1, "1700000600.5");
  g_assert_nonnull (found);
  g_assert_cmpint (dipcc_call_get_direction (found), ==, DIPCC_CALL_DIRECTION_INBOUND);
  g_assert_cmpstr (dipcc_call_get_remote_name (found), ==, "Lost in the gap");
  assert_log (f, "incoming:1/1700000600.5 ended:1/1700000600.1");

  /* the same listing again: nothing new */
  dipcc_call_list_begin_resync (f->list, 1);
  feed (f, dipcc_test_event (1, "CoreShowChannel", "Channel", "PJSIP/trunk-kt-0000002a",
                             "ChannelState", "4", "Uniqueid", "1700000600.5",
                             "Linkedid", "1700000600.5", NULL));
  feed (f, dipcc_test_event (1, "CoreShowChannel", "Channel", "PJSIP/0101-0000002b",
                             "ChannelState", "5", "Uniqueid", "1700000600.6",
                             "Linkedid", "1700000600.5", NULL));
  feed (f, dipcc_test_event (1, "CoreShowChannelsComplete", NULL));
  assert_log (f, "incoming:1/1700000600.5 ended:1/1700000600.1");

  /* an empty listing on server 2 touches nothing on server 1 */
  dipcc_call_list_begin_resync (f->list, 2);
  feed (f, dipcc_test_event (2, "CoreShowChannelsComplete", NULL));
  g_assert_nonnull (dipcc_call_list_lookup (f->list, 1, "1700000600.5"));
  /* without a resync begun, a Complete ends nothing */
  feed (f, dipcc_test_event (1, "CoreShowChannelsComplete", NULL));
  g_assert_nonnull (dipcc_call_list_lookup (f->list, 1, "1700000600.5"));
}

static void
test_hostile_name (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GString) name = g_string_new ("<b>Boss</b>\r\nEvent: Fake\x1b[31m\xe2\x80\xae\xe9");
  DipccCall *call;
  const char *shown;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (name, 'x');
  inbound_ringing (f, 1, "1700000700.1", name->str, me);
  call = dipcc_call_list_lookup (f->list, 1, "1700000700.1");
  shown = dipcc_call_get_remote_name (call);
  g_assert_true (g_utf8_validate (shown, -1, NULL));
  g_assert_true (g_str_has_prefix (shown, "<b>Boss</b> Event: Fake[31m\xef\xbf\xbd"));
  g_assert_cmpuint (g_utf8_strlen (shown, -1), <=, 129);
  for (const char *p = shown; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false (g_unichar_iscntrl (c));
      g_assert_cmpuint (c, !=, 0x202E);
    }
}

/* Memory stays bounded over many calls: channels go with their hang-ups,
 * ended calls leave the active list, and the recent list is capped. */
static void
test_bounded (Fixture       *f,
              gconstpointer  data)
{
  dipcc_call_list_set_max_recent (f->list, 50);
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *lid = g_strdup_printf ("1700001000.%u", i);
      g_autofree char *dest = g_strdup_printf ("%s.1", lid);

      inbound_ringing (f, 1 + i % 2, lid, "Load", me);
      hangup (f, 1 + i % 2, dest, "19");
      hangup (f, 1 + i % 2, lid, "19");
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  g_assert_cmpuint (dipcc_call_list_get_n_channels (f->list), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (dipcc_call_list_get_recent (f->list)), ==, 50);
  g_assert_cmpuint (f->log->len, ==, 3 * 2000);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gboolean
fail_timeout (gpointer data)
{
  g_error ("timed out waiting for the call to leave the active list");
  return G_SOURCE_REMOVE;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    loop)
{
  if (g_list_model_get_n_items (model) == 0)
    g_idle_add (quit_loop, loop);
}

/* An ended call stays in the active list a moment (so the pop-up and the
 * list agree), then moves to the recent calls. */
static void
test_linger (void)
{
  g_autoptr(DipccCallList) list = dipcc_call_list_new (NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(DipccAmiMessage) up = dipcc_test_event (1, "Newchannel",
                                                    "Channel", "PJSIP/trunk-kt-00000001",
                                                    "Uniqueid", "1.1", "Linkedid", "1.1", NULL);
  g_autoptr(DipccAmiMessage) down = dipcc_test_event (1, "Hangup", "Uniqueid", "1.1",
                                                      "Cause", "16", NULL);
  DipccCall *call;
  guint timeout;

  dipcc_call_list_set_linger_ms (list, 50);
  dipcc_call_list_handle_event (list, up);
  dipcc_call_list_handle_event (list, down);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  call = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (dipcc_call_get_state (call), ==, DIPCC_CALL_STATE_ENDED);
  g_object_unref (call);
  /* while it lingers, a duplicate does not revive it */
  dipcc_call_list_handle_event (list, up);
  g_assert_cmpuint (dipcc_call_list_get_n_channels (list), ==, 0);

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), loop);
  timeout = g_timeout_add_seconds (10, fail_timeout, NULL);
  g_main_loop_run (loop);
  g_source_remove (timeout);
  g_assert_cmpuint (g_list_model_get_n_items (dipcc_call_list_get_recent (list)), ==, 1);
}

/* A list freed while a call lingers cancels the timer cleanly. */
static void
test_linger_dispose (void)
{
  DipccCallList *list = dipcc_call_list_new (NULL);
  g_autoptr(DipccAmiMessage) up = dipcc_test_event (1, "Newchannel",
                                                    "Channel", "PJSIP/trunk-kt-00000001",
                                                    "Uniqueid", "2.1", "Linkedid", "2.1", NULL);
  g_autoptr(DipccAmiMessage) down = dipcc_test_event (1, "Hangup", "Uniqueid", "2.1", NULL);

  dipcc_call_list_handle_event (list, up);
  dipcc_call_list_handle_event (list, down);
  g_assert_finalize_object (list);
  g_main_context_iteration (NULL, FALSE);
}

static void
test_property_notify (void)
{
  g_autoptr(DipccCallList) list = dipcc_call_list_new (NULL);
  GValue a = G_VALUE_INIT, b = G_VALUE_INIT;
  const char *strv_a[] = { "0216682471", NULL };
  const char *strv_b[] = { "16681706", NULL };

  g_value_init (&a, G_TYPE_STRING);
  g_value_init (&b, G_TYPE_STRING);
  g_value_set_string (&a, "0101");
  g_value_set_string (&b, "0102");
  dipcc_test_property_notify (G_OBJECT (list), "my-extension", &a, &b);
  g_value_unset (&a);
  g_value_unset (&b);

  g_value_init (&a, G_TYPE_STRV);
  g_value_init (&b, G_TYPE_STRV);
  g_value_set_boxed (&a, strv_a);
  g_value_set_boxed (&b, strv_b);
  dipcc_test_property_notify (G_OBJECT (list), "watched-numbers", &a, &b);
  g_value_unset (&a);
  g_value_unset (&b);

  g_value_init (&a, G_TYPE_BOOLEAN);
  g_value_init (&b, G_TYPE_BOOLEAN);
  g_value_set_boolean (&a, TRUE);
  g_value_set_boolean (&b, FALSE);
  dipcc_test_property_notify (G_OBJECT (list), "all-incoming", &a, &b);
  g_value_unset (&a);
  g_value_unset (&b);

  g_value_init (&a, G_TYPE_UINT);
  g_value_init (&b, G_TYPE_UINT);
  g_value_set_uint (&a, 10);
  g_value_set_uint (&b, 20);
  dipcc_test_property_notify (G_OBJECT (list), "linger-ms", &a, &b);
  dipcc_test_property_notify (G_OBJECT (list), "max-recent", &a, &b);
  g_value_unset (&a);
  g_value_unset (&b);
}

/* Found by test-cli-hostile: a caller-id name with an empty line in it
 * cuts a DialBegin on the wire, and what is left has no Uniqueid. Events
 * without the ids they need are ignored, never a call without a Linkedid. */
static void
test_missing_ids (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const names[] = {
    "DialBegin", "Dial", "DialEnd", "Newchannel", "Newstate", "CoreShowChannel", "Hangup",
    "BridgeEnter", "Hold", "UserEvent",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      feed (f, dipcc_test_event (1, names[i], "SubEvent", "Begin", "Channel", "PJSIP/0101-1",
                                 "DestChannel", "PJSIP/0102-2", "DestUniqueid", "9.2",
                                 "UserEvent", "incoming-1-2-PJSIP/x-0101-", NULL));
      feed (f, dipcc_test_event (1, names[i], "Uniqueid", "", "Linkedid", "", "DestUniqueid",
                                 "", NULL));
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
  g_assert_cmpuint (dipcc_call_list_get_n_channels (f->list), ==, 0);
  assert_log (f, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/call-list/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("inbound-answered", test_inbound_answered);
  ADD ("inbound-missed", test_inbound_missed);
  ADD ("answered-elsewhere", test_answered_elsewhere);
  ADD ("not-for-me-and-watched-did", test_not_for_me);
  ADD ("click-to-call", test_click_to_call);
  ADD ("internal", test_internal);
  ADD ("duplicates", test_duplicates);
  ADD ("reordered", test_reordered);
  ADD ("two-servers-same-linkedid", test_two_servers_same_linkedid);
  ADD ("resync", test_resync);
  ADD ("hostile-name", test_hostile_name);
  ADD ("bounded", test_bounded);
  ADD ("missing-ids", test_missing_ids);
  g_test_add_func ("/call-list/linger", test_linger);
  g_test_add_func ("/call-list/linger-dispose", test_linger_dispose);
  g_test_add_func ("/call-list/property-notify", test_property_notify);

  return g_test_run ();
}
