/* test-transcripts.c: event streams recorded from dipcc-pbx-sim with
 * `dipcc monitor --json`, replayed through the models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-call-list.h"
#include "dipcc-core-enums.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-test-utils.h"
#include "dipcc-ws-envelope.h"

typedef struct {
  DipccEndpointList *endpoints;
  DipccCallList     *calls;
  GPtrArray         *log;
  DipccCall         *last;   /* the last call a signal was about */
} Replay;

static void
record (Replay     *r,
        const char *what,
        DipccCall  *call)
{
  g_ptr_array_add (r->log, g_strdup (what));
  g_set_object (&r->last, call);
}

static void on_incoming (DipccCallList *l, DipccCall *c, Replay *r) { record (r, "incoming", c); }
static void on_answered (DipccCallList *l, DipccCall *c, Replay *r) { record (r, "answered", c); }
static void on_missed (DipccCallList *l, DipccCall *c, Replay *r) { record (r, "missed", c); }
static void on_ended (DipccCallList *l, DipccCall *c, Replay *r) { record (r, "ended", c); }

/* Replays tests/data/transcripts/@name as the app would receive it, with
 * @me as the agent's extension; returns the signals in order. */
static char *
replay (const char *name,
        const char *me,
        gboolean    resync,
        Replay     *r)
{
  g_autofree char *file = g_strdup_printf ("transcripts/%s.jsonl", name);
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len;

  data = dipcc_test_read_data (file, &len);
  lines = g_strsplit (data, "\n", -1);

  r->endpoints = dipcc_endpoint_list_new ();
  r->calls = dipcc_call_list_new (r->endpoints);
  r->log = g_ptr_array_new_with_free_func (g_free);
  dipcc_call_list_set_my_extension (r->calls, me);
  dipcc_call_list_set_linger_ms (r->calls, 0);
  g_signal_connect (r->calls, "incoming", G_CALLBACK (on_incoming), r);
  g_signal_connect (r->calls, "answered", G_CALLBACK (on_answered), r);
  g_signal_connect (r->calls, "missed", G_CALLBACK (on_missed), r);
  g_signal_connect (r->calls, "ended", G_CALLBACK (on_ended), r);
  if (resync)
    dipcc_call_list_begin_resync (r->calls, 1);   /* as the app does on connect */

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DipccWsEnvelope) envelope = NULL;

      if (*lines[i] == '\0')
        continue;
      envelope = dipcc_ws_envelope_decode (lines[i], strlen (lines[i]), &error);
      g_assert_no_error (error);
      dipcc_endpoint_list_handle_event (r->endpoints, envelope->message);
      dipcc_call_list_handle_event (r->calls, envelope->message);
    }

  g_ptr_array_add (r->log, NULL);
  return g_strjoinv (" ", (char **) r->log->pdata);
}

static void
replay_clear (Replay *r)
{
  g_clear_object (&r->last);
  g_assert_finalize_object (r->calls);
  g_assert_finalize_object (r->endpoints);
  g_ptr_array_unref (r->log);
}

static void
assert_phones_idle (Replay *r)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (r->endpoints)), ==, 12);
  g_assert_cmpint (dipcc_endpoint_get_device_state (dipcc_endpoint_list_lookup (r->endpoints, 1,
                                                                                "0101")),
                   ==, DIPCC_DEVICE_STATE_NOT_INUSE);
  g_assert_false (dipcc_endpoint_get_registered (dipcc_endpoint_list_lookup (r->endpoints, 1,
                                                                             "0103")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (r->calls)), ==, 0);
  g_assert_cmpuint (dipcc_call_list_get_n_channels (r->calls), ==, 0);
}

static void
test_answered (void)
{
  Replay r = { 0 };
  g_autofree char *log = replay ("answered", "0101", TRUE, &r);

  g_assert_cmpstr (log, ==, "incoming answered ended");
  g_assert_cmpint (dipcc_call_get_direction (r.last), ==, DIPCC_CALL_DIRECTION_INBOUND);
  g_assert_cmpstr (dipcc_call_get_remote_number (r.last), ==, "0299998888");
  g_assert_cmpstr (dipcc_call_get_remote_name (r.last), ==, "홍길동");
  g_assert_cmpstr (dipcc_call_get_did (r.last), ==, "0216682471");
  g_assert_cmpstr (dipcc_call_get_answered_by (r.last), ==, "0101");
  g_assert_cmpint (dipcc_call_get_hangup_cause (r.last), ==, 16);
  assert_phones_idle (&r);
  replay_clear (&r);
}

static void
test_missed (void)
{
  Replay r = { 0 };
  g_autofree char *log = replay ("missed", "0101", TRUE, &r);

  g_assert_cmpstr (log, ==, "incoming missed ended");
  g_assert_false (dipcc_call_get_answered (r.last));
  g_assert_cmpint (dipcc_call_get_hangup_cause (r.last), ==, 19);
  assert_phones_idle (&r);
  replay_clear (&r);
}

static void
test_rejected (void)
{
  Replay r = { 0 };
  g_autofree char *log = replay ("rejected", "0101", TRUE, &r);

  g_assert_cmpstr (log, ==, "incoming missed ended");
  g_assert_cmpint (dipcc_call_get_hangup_cause (r.last), ==, 21);
  replay_clear (&r);
}

/* A call for a colleague: no pop-up for me, one for them. */
static void
test_other_agent (void)
{
  Replay mine = { 0 };
  Replay theirs = { 0 };
  g_autofree char *log_mine = replay ("other-agent", "0101", TRUE, &mine);
  g_autofree char *log_theirs = replay ("other-agent", "0105", TRUE, &theirs);

  g_assert_cmpstr (log_mine, ==, "answered ended");
  g_assert_false (dipcc_call_get_rang_me (mine.last));
  g_assert_cmpstr (dipcc_call_get_agent_endpoint (mine.last), ==, "0105");
  g_assert_cmpstr (log_theirs, ==, "incoming answered ended");
  replay_clear (&mine);
  replay_clear (&theirs);
}

/* Click-to-call rings my phone first: that is no incoming call. */
static void
test_click_to_call (void)
{
  Replay r = { 0 };
  g_autofree char *log = replay ("click-to-call", "0101", TRUE, &r);

  g_assert_cmpstr (log, ==, "answered ended");
  g_assert_cmpint (dipcc_call_get_direction (r.last), ==, DIPCC_CALL_DIRECTION_OUTBOUND);
  g_assert_cmpstr (dipcc_call_get_remote_number (r.last), ==, "0216682471");
  g_assert_cmpstr (dipcc_call_get_agent_endpoint (r.last), ==, "0101");
  assert_phones_idle (&r);
  replay_clear (&r);
}

/* The client connected while the call was ringing: the channel listing
 * alone makes it known, and it still pops up. */
static void
test_resync_mid_call (void)
{
  Replay r = { 0 };
  g_autofree char *log = replay ("resync-mid-call", "0101", TRUE, &r);

  g_assert_cmpstr (log, ==, "incoming answered ended");
  g_assert_cmpstr (dipcc_call_get_remote_number (r.last), ==, "0299996666");
  g_assert_cmpstr (dipcc_call_get_remote_name (r.last), ==, "Before Connect");
  assert_phones_idle (&r);
  replay_clear (&r);
}

/* Ring-all: my phone rang with 0102's, and 0102 took the call. */
static void
test_answered_elsewhere (void)
{
  Replay r = { 0 };
  g_autofree char *log = replay ("answered-elsewhere", "0101", TRUE, &r);

  g_assert_cmpstr (log, ==, "incoming answered ended");
  g_assert_true (dipcc_call_get_answered_elsewhere (r.last));
  g_assert_cmpstr (dipcc_call_get_answered_by (r.last), ==, "0102");
  g_assert_cmpstr (dipcc_call_get_agent_endpoint (r.last), ==, "0101");
  assert_phones_idle (&r);
  replay_clear (&r);
}

/* Ring-all that nobody answers: missed on my phone. */
static void
test_ring_all_missed (void)
{
  Replay r = { 0 };
  g_autofree char *log = replay ("ring-all-missed", "0101", TRUE, &r);

  g_assert_cmpstr (log, ==, "incoming missed ended");
  replay_clear (&r);
}

/* Each transcript twice in a row, as a second resync may deliver it: no
 * second pop-up, no second call. */
static void
test_twice (void)
{
  const char *names[] = { "answered", "missed", "click-to-call", "resync-mid-call" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      Replay r = { 0 };
      g_autofree char *first = replay (names[i], "0101", TRUE, &r);
      g_autofree char *file = g_strdup_printf ("transcripts/%s.jsonl", names[i]);
      g_autofree char *data = NULL;
      g_auto(GStrv) lines = NULL;
      gsize len;
      guint n_signals = r.log->len;

      g_assert_true (strstr (first, "ended") != NULL);

      data = dipcc_test_read_data (file, &len);
      lines = g_strsplit (data, "\n", -1);
      for (guint j = 0; lines[j]; j++)
        {
          g_autoptr(DipccWsEnvelope) envelope = NULL;

          if (*lines[j] == '\0')
            continue;
          envelope = dipcc_ws_envelope_decode (lines[j], strlen (lines[j]), NULL);
          dipcc_call_list_handle_event (r.calls, envelope->message);
        }
      g_assert_cmpuint (r.log->len, ==, n_signals);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (r.calls)), ==, 0);
      replay_clear (&r);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transcripts/answered", test_answered);
  g_test_add_func ("/transcripts/missed", test_missed);
  g_test_add_func ("/transcripts/rejected", test_rejected);
  g_test_add_func ("/transcripts/other-agent", test_other_agent);
  g_test_add_func ("/transcripts/click-to-call", test_click_to_call);
  g_test_add_func ("/transcripts/resync-mid-call", test_resync_mid_call);
  g_test_add_func ("/transcripts/answered-elsewhere", test_answered_elsewhere);
  g_test_add_func ("/transcripts/ring-all-missed", test_ring_all_missed);
  g_test_add_func ("/transcripts/twice", test_twice);

  return g_test_run ();
}
