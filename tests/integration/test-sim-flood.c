/* test-sim-flood.c: the flood's fast paths write what the message paths do
 *
 * The simulator writes flood events straight from templates; the hub, the
 * fault paths and /sim/flood go through DipccAmiMessage and the renderers.
 * Both must be the same bytes, and the stream must read as calls that
 * begin and end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-ami-parser.h"
#include "dipcc-call-list.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-sim-flood.h"
#include "dipcc-sim-render.h"
#include "dipcc-ws-envelope.h"

static DipccSimServer server = { .id = 2, .name = (char *) "pbx \"two\"",
                                 .uniqueid_base = 1598510618 };

static void
test_ami_same_bytes (void)
{
  guint per_call = dipcc_sim_flood_get_events_per_call ();

  for (guint seq = 1; seq <= 3 * per_call * DIPCC_SIM_FLOOD_LANES; seq++)
    {
      g_autoptr(DipccAmiMessage) m = dipcc_sim_flood_event_new (&server, seq);
      g_autoptr(GString) slow = g_string_new (NULL);
      g_autoptr(GByteArray) fast = g_byte_array_new ();
      g_autofree char *seq_text = g_strdup_printf ("%u", seq);
      gsize n;

      dipcc_sim_render_ami (m, 0, slow);
      g_byte_array_append (fast, (const guint8 *) "x", 1);
      n = dipcc_sim_flood_append_ami (&server, seq, fast);
      g_assert_cmpuint (n, ==, slow->len);
      g_assert_cmpuint (fast->len, ==, slow->len + 1);
      g_assert_true (memcmp (fast->data + 1, slow->str, slow->len) == 0);
      g_assert_cmpint (dipcc_ami_message_get_kind (m), ==, DIPCC_AMI_MESSAGE_KIND_EVENT);
      g_assert_cmpstr (dipcc_ami_message_get (m, "SimSeq"), ==, seq_text);
    }
}

static void
test_ws_same_bytes (void)
{
  guint per_call = dipcc_sim_flood_get_events_per_call ();

  for (guint seq = 1; seq <= 2 * per_call * DIPCC_SIM_FLOOD_LANES; seq++)
    {
      g_autoptr(DipccAmiMessage) m = dipcc_sim_flood_event_new (&server, seq);
      g_autoptr(GString) fast = g_string_new (NULL);
      g_autofree char *slow = NULL;
      gboolean valid;
      gsize len;

      slow = dipcc_sim_render_ws (m, 0, server.id, server.name, &len, &valid);
      g_assert_true (valid);
      g_assert_cmpuint (dipcc_sim_flood_append_ws (&server, seq, fast), ==, len);
      g_assert_cmpstr (fast->str, ==, slow);
    }
}

static void
on_message (DipccAmiMessage *message,
            gpointer         user_data)
{
  DipccCallList *calls = user_data;

  dipcc_ami_message_set_server (message, server.id, server.name);
  dipcc_call_list_handle_event (calls, message);
  dipcc_ami_message_unref (message);
}

static void
test_calls_end (void)
{
  static const DipccAmiParserCallbacks callbacks = { on_message, NULL, NULL };
  g_autoptr(DipccEndpointList) endpoints = dipcc_endpoint_list_new ();
  g_autoptr(DipccCallList) calls = dipcc_call_list_new (endpoints);
  g_autoptr(GByteArray) text = g_byte_array_new ();
  guint per_call = dipcc_sim_flood_get_events_per_call ();
  guint n = 5 * per_call * DIPCC_SIM_FLOOD_LANES;
  DipccAmiParser *parser;
  GListModel *recent;

  dipcc_call_list_set_linger_ms (calls, 0);
  for (guint seq = 1; seq <= n; seq++)
    dipcc_sim_flood_append_ami (&server, seq, text);
  parser = dipcc_ami_parser_new (&callbacks, calls);
  dipcc_ami_parser_feed (parser, (const char *) text->data, text->len);
  g_assert_true (dipcc_ami_parser_is_idle (parser));
  g_assert_cmpuint (dipcc_ami_parser_get_n_errors (parser), ==, 0);
  dipcc_ami_parser_free (parser);

  /* every call of the flood was answered and ended; none is left open */
  recent = dipcc_call_list_get_recent (calls);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (calls)), ==, 0);
  g_assert_cmpuint (dipcc_call_list_get_n_channels (calls), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (recent), ==, 5 * DIPCC_SIM_FLOOD_LANES);
  for (guint i = 0; i < g_list_model_get_n_items (recent); i++)
    {
      g_autoptr(DipccCall) call = g_list_model_get_item (recent, i);

      g_assert_true (dipcc_call_get_answered (call));
      g_assert_cmpint (dipcc_call_get_direction (call), ==, DIPCC_CALL_DIRECTION_INBOUND);
      g_assert_cmpstr (dipcc_call_get_did (call), ==, "07079190158");
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/flood/ami-same-bytes", test_ami_same_bytes);
  g_test_add_func ("/sim/flood/ws-same-bytes", test_ws_same_bytes);
  g_test_add_func ("/sim/flood/calls-end", test_calls_end);
  return g_test_run ();
}
