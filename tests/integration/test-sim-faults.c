/* test-sim-faults.c: load, fault switches, --demo and --scenario
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sim-helper.h"

static Sim *shared;

static void
ping (SimWs      *ws,
      const char *id)
{
  g_autofree char *json = g_strdup_printf ("{\"AMIServerID\":1,\"data\":{\"Action\":\"Ping\","
                                           "\"ActionID\":\"%s\"}}", id);
  sim_ws_send (ws, json);
}

typedef struct {
  SimWs *ws;
  guint  n;
} TextsN;

static gboolean
texts_n (gpointer data)
{
  TextsN *t = data;

  return t->ws->texts->len >= t->n || t->ws->closed;
}

static void
wait_texts (SimWs *ws,
            guint  n)
{
  TextsN t = { ws, n };

  sim_wait_until (texts_n, &t, SIM_TIMEOUT);
}

static void
test_ws_drop (void)
{
  SimWs *ws = sim_ws_connect (shared, "drop=3", 0);

  for (guint i = 0; i < 6; i++)
    ping (ws, "d");
  g_assert_true (sim_ws_wait_closed (ws));
  g_assert_cmpuint (ws->texts->len, ==, 3);
  sim_ws_free (ws);
}

static void
test_ws_garbage (void)
{
  SimWs *ws = sim_ws_connect (shared, "garbage=2", 0);

  for (guint i = 0; i < 4; i++)
    ping (ws, "g");
  wait_texts (ws, 6);
  g_assert_cmpuint (ws->frames->len, ==, 4);
  g_assert_cmpuint (ws->n_bad, ==, 2);
  g_assert_false (ws->closed);
  sim_ws_free (ws);
}

static void
test_ws_oversize (void)
{
  SimWs *small = sim_ws_connect (shared, "oversize=1", 0);
  SimWs *big = sim_ws_connect (shared, "oversize=1", 4 * 1024 * 1024);
  GBytes *frame;

  ping (small, "o");
  ping (big, "o");
  /* libsoup's default 128 KiB limit kills the connection */
  g_assert_true (sim_ws_wait_closed (small));
  g_assert_true (small->errored);
  /* a raised limit lets it through */
  wait_texts (big, 2);
  frame = g_ptr_array_index (big->texts, 1);
  g_assert_cmpuint (g_bytes_get_size (frame), >, 256 * 1024);
  g_assert_false (big->closed);
  sim_ws_free (small);
  sim_ws_free (big);
}

static void
test_ws_stall (void)
{
  SimWs *ws = sim_ws_connect (shared, "stall=2", 0);

  for (guint i = 0; i < 5; i++)
    ping (ws, "s");
  wait_texts (ws, 2);
  sim_spin (400);
  g_assert_cmpuint (ws->texts->len, ==, 2);
  g_assert_false (ws->closed);
  sim_ws_free (ws);
}

static void
test_ws_drip (void)
{
  SimWs *ws = sim_ws_connect (shared, "drip=100", 0);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 3; i++)
    ping (ws, "p");
  wait_texts (ws, 3);
  g_assert_cmpuint (ws->frames->len, ==, 3);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * 1000);
  sim_ws_free (ws);
}

static void
check_flood (GPtrArray *frames,
             guint      n)
{
  guint seq = 0;

  for (guint i = 0; i < frames->len; i++)
    {
      DipccWsEnvelope *e = g_ptr_array_index (frames, i);
      const char *s = dipcc_ami_message_get (e->message, "SimSeq");

      if (s == NULL)
        continue;
      g_assert_cmpint (e->type, ==, DIPCC_WS_FRAME_EVENT);
      g_assert_cmpuint ((guint) g_ascii_strtoull (s, NULL, 10), ==, ++seq);
    }
  g_assert_cmpuint (seq, ==, n);
}

static void
test_ws_flood (void)
{
  gint64 start = g_get_monotonic_time ();
  SimWs *slow = sim_ws_connect (shared, "flood=30:200", 0);
  SimWs *fast;

  /* 30 events at 200/s take at least 145 ms from the connection */
  g_assert_true (sim_ws_wait_n (slow, 30));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 140 * 1000);
  check_flood (slow->frames, 30);
  sim_ws_free (slow);

  fast = sim_ws_connect (shared, "flood=2000", 0);
  g_assert_true (sim_ws_wait_n (fast, 2000));
  check_flood (fast->frames, 2000);
  sim_ws_free (fast);
}

static void
test_flood_route (void)
{
  SimWs *a = sim_ws_connect (shared, NULL, 0);
  SimWs *b = sim_ws_connect (shared, NULL, 0);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (sim_rest (shared, "POST", "/sim/flood", "application/json", "{\"count\":500}",
                              -1,
                              TRUE, &root), ==, 200);
  g_assert_true (sim_ws_wait_n (a, 500));
  g_assert_true (sim_ws_wait_n (b, 500));
  sim_spin (100);
  g_assert_cmpuint (a->frames->len, ==, 500);
  g_assert_cmpuint (b->frames->len, ==, 500);
  sim_ws_free (a);
  sim_ws_free (b);
}

static void
test_ws_latin1_name (void)
{
  SimWs *ws = sim_ws_connect (shared, NULL, 0);
  g_autofree char *linkedid = NULL;

  linkedid = sim_inject (shared, "{\"caller\":\"0312345678\",\"name\":\"José Müller\","
                                 "\"name_encoding\":\"latin1\",\"to\":\"0109\","
                                 "\"answer_after\":null}");
  /* the real proxy relays the bytes; libsoup refuses such a text frame */
  g_assert_true (sim_ws_wait_closed (ws));
  g_assert_true (ws->errored);
  sim_ws_free (ws);
}

static void
test_ws_crlf_name (void)
{
  SimWs *ws = sim_ws_connect (shared, NULL, 0);
  g_autofree char *linkedid = NULL;
  DipccWsEnvelope *e;
  guint from = 0;

  linkedid = sim_inject (shared, "{\"caller\":\"0312345678\",\"name\":\"Kim\\r\\nEvent: Fake\","
                                 "\"to\":\"0109\",\"answer_after\":null}");
  e = sim_ws_wait_for (ws, "Newchannel", &from);
  g_assert_nonnull (e);
  /* amiws cut the message: the rest became a second Event member */
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "CallerIDName"), ==, "Kim");
  g_assert_cmpuint (dipcc_ami_message_count (e->message, "Event"), ==, 2);
  {
    const char **events = dipcc_ami_message_get_all (e->message, "Event");
    g_assert_cmpstr (events[0], ==, "Newchannel");
    g_assert_cmpstr (events[1], ==, "Fake");
    g_free (events);
  }
  g_assert_nonnull (sim_ws_wait_for (ws, "UserEvent", &from));
  sim_ws_free (ws);
}

static void
test_ami_faults (void)
{
  Sim *sim = sim_start ("--fault=drop=4", "--crlf-names", NULL);
  SimAmi *ami = sim_ami_connect (sim);
  g_autofree char *linkedid = NULL;
  guint from = 0;

  sim_ami_login (ami);
  /* the CR LF goes on the wire raw: a header injection, as on real servers */
  linkedid = sim_inject (sim,
                         "{\"caller\":\"0312345678\",\"name\":\"Kim\",\"to\":\"0109\","
                         "\"answer_after\":null}");
  g_assert_true (sim_ami_wait_eof (ami));
  g_assert_cmpuint (ami->messages->len, ==, 4);
  g_assert_nonnull (strstr (ami->raw->str, "CallerIDName: Kim\r\nEvent: Fake\r\n"));
  g_assert_nonnull (sim_ami_wait_for (ami, "Newchannel", &from));
  sim_ami_free (ami);
  sim_stop (sim);
}

static void
test_ami_stall_garbage_oversize (void)
{
  Sim *sim = sim_start ("--fault=garbage=3,oversize=3", "--latin1-names", NULL);
  Sim *stall = sim_start ("--fault=stall=3", NULL);
  SimAmi *ami = sim_ami_connect (sim);
  SimAmi *st = sim_ami_connect (stall);
  g_autofree char *linkedid = NULL;
  guint from;

  sim_ami_login (ami);
  from = ami->messages->len;
  sim_ami_send (ami, "Action: Ping\r\nActionID: p1\r\n\r\n");
  sim_ami_send (ami, "Action: Ping\r\nActionID: p2\r\n\r\n");
  g_assert_nonnull (sim_ami_wait_for (ami, "Success", &from));
  g_assert_nonnull (sim_ami_wait_for (ami, "Success", &from));
  g_assert_nonnull (strstr (ami->raw->str, "not AMI"));
  g_assert_cmpuint (ami->n_errors, >=, 1);         /* the 256 KiB line */
  linkedid = sim_inject (sim,
                         "{\"caller\":\"0312345678\",\"name\":\"Jose\",\"to\":\"0109\","
                         "\"answer_after\":null}");
  g_assert_nonnull (sim_ami_wait_for (ami, "UserEvent", &from));
  g_assert_nonnull (strstr (ami->raw->str, "Caf\xe9"));   /* raw Latin-1 */
  g_assert_false (ami->eof);

  sim_ami_login (st);
  sim_ami_send (st, "Action: Ping\r\nActionID: s1\r\n\r\n");
  sim_ami_send (st, "Action: Ping\r\nActionID: s2\r\n\r\n");
  sim_spin (400);
  g_assert_cmpuint (st->messages->len, ==, 3);
  g_assert_false (st->eof);

  sim_ami_free (ami);
  sim_ami_free (st);
  sim_stop (sim);
  sim_stop (stall);
}

static void
test_ami_flood_drip (void)
{
  Sim *sim = sim_start ("--flood=1000", NULL);
  Sim *drip = sim_start ("--fault=drip=3", NULL);
  SimAmi *ami = sim_ami_connect (sim);
  SimAmi *d = sim_ami_connect (drip);
  guint seq = 0;
  gint64 start;

  sim_ami_login (ami);
  g_assert_true (sim_ami_wait_n (ami, 1002));
  for (guint i = 0; i < ami->messages->len; i++)
    {
      const char *s = dipcc_ami_message_get (g_ptr_array_index (ami->messages, i), "SimSeq");
      if (s != NULL)
        g_assert_cmpuint ((guint) g_ascii_strtoull (s, NULL, 10), ==, ++seq);
    }
  g_assert_cmpuint (seq, ==, 1000);

  start = g_get_monotonic_time ();
  sim_ami_login (d);
  /* banner + answer + FullyBooted, a byte every 3 ms */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 3 * 1000);

  sim_ami_free (ami);
  sim_ami_free (d);
  sim_stop (sim);
  sim_stop (drip);
}

static gboolean
any_event (gpointer data)
{
  SimWs *ws = data;

  for (guint i = 0; i < ws->frames->len; i++)
    if (((DipccWsEnvelope *) g_ptr_array_index (ws->frames, i))->type == DIPCC_WS_FRAME_EVENT)
      return TRUE;
  return FALSE;
}

static void
test_demo (void)
{
  Sim *sim = sim_start ("--demo", "--seed=3", NULL);
  SimWs *ws = sim_ws_connect (sim, NULL, 0);

  g_assert_true (sim_wait_until (any_event, ws, 15000));
  sim_ws_free (ws);
  sim_stop (sim);
}

static void
test_scenario (void)
{
  g_autofree char *path = NULL;
  g_autofree char *arg = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("sim-scenario-XXXXXX.json", &path, &error);
  const char *script =
    "{\"steps\":["
    " {\"at\":400,\"type\":\"device\",\"extension\":\"0103\",\"state\":\"NOT_INUSE\"},"
    " {\"at\":500,\"type\":\"incoming\",\"caller\":\"01012345678\",\"name\":\"홍길동\","
    "\"to\":\"0103\","
    "  \"answer_after\":100,\"hangup_after\":100},"
    " {\"at\":600,\"type\":\"click_to_call\",\"caller\":\"0101\",\"callee\":\"0102\"}]}";
  Sim *sim;
  SimWs *ws;
  DipccWsEnvelope *e;
  guint from = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, script, -1, &error));
  close (fd);
  arg = g_strdup_printf ("--scenario=%s", path);
  sim = sim_start (arg, NULL);
  ws = sim_ws_connect (sim, NULL, 0);
  e = sim_ws_wait_for (ws, "DeviceStateChange", &from);
  g_assert_nonnull (e);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "Device"), ==, "PJSIP/0103");
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "State"), ==, "NOT_INUSE");
  e = sim_ws_wait_for (ws, "UserEvent", &from);
  g_assert_nonnull (e);
  g_assert_cmpstr (dipcc_ami_message_get (e->message, "CallerIDName"), ==, "홍길동");
  /* internal click-to-call: 0102 rings too */
  for (;;)
    {
      e = sim_ws_wait_for (ws, "DeviceStateChange", &from);
      g_assert_nonnull (e);
      if (g_str_equal (dipcc_ami_message_get (e->message, "Device"), "PJSIP/0102"))
        break;
    }
  sim_ws_free (ws);
  sim_stop (sim);
  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  shared = sim_start_argv (NULL);

  g_test_add_func ("/sim/faults/ws-drop", test_ws_drop);
  g_test_add_func ("/sim/faults/ws-garbage", test_ws_garbage);
  g_test_add_func ("/sim/faults/ws-oversize", test_ws_oversize);
  g_test_add_func ("/sim/faults/ws-stall", test_ws_stall);
  g_test_add_func ("/sim/faults/ws-drip", test_ws_drip);
  g_test_add_func ("/sim/faults/ws-flood", test_ws_flood);
  g_test_add_func ("/sim/faults/flood-route", test_flood_route);
  g_test_add_func ("/sim/faults/ws-latin1-name", test_ws_latin1_name);
  g_test_add_func ("/sim/faults/ws-crlf-name", test_ws_crlf_name);
  g_test_add_func ("/sim/faults/ami-drop-crlf", test_ami_faults);
  g_test_add_func ("/sim/faults/ami-stall-garbage-oversize", test_ami_stall_garbage_oversize);
  g_test_add_func ("/sim/faults/ami-flood-drip", test_ami_flood_drip);
  g_test_add_func ("/sim/demo", test_demo);
  g_test_add_func ("/sim/scenario", test_scenario);

  ret = g_test_run ();
  sim_stop (shared);
  return ret;
}
