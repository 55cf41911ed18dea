/* bench-memory.c: what the core holds, and whether it grows
 *
 * 1. Footprint: resident memory with 10k endpoints, 100k contacts and 500
 *    recent calls, against the same process before it loaded anything.
 * 2. Growth: resident memory after 1M more flood events (parser + models),
 *    against the same process after a warm-up. A leak or a model that
 *    keeps what it should drop shows here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-bench"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dipcc-ami-parser.h"
#include "dipcc-call-list.h"
#include "dipcc-contact-store.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-sim-flood.h"

#include "bench-common.h"

#define CHUNK (64 * 1024)
#define BATCH 4096

typedef struct {
  DipccEndpointList *endpoints;
  DipccCallList     *calls;
  DipccAmiParser    *parser;
  DipccSimServer     server;
  GByteArray        *batch;
  guint              seq;
} Core;

static void
on_message (DipccAmiMessage *message,
            gpointer         user_data)
{
  Core *core = user_data;

  dipcc_ami_message_set_server (message, 1, "127.0.0.1");
  dipcc_endpoint_list_handle_event (core->endpoints, message);
  dipcc_call_list_handle_event (core->calls, message);
  dipcc_ami_message_unref (message);
}

static void
feed (Core  *core,
      guint  n)
{
  guint last = core->seq + n;

  while (core->seq < last)
    {
      g_byte_array_set_size (core->batch, 0);
      for (guint i = 0; i < BATCH && core->seq < last; i++)
        dipcc_sim_flood_append_ami (&core->server, ++core->seq, core->batch);
      for (gsize off = 0; off < core->batch->len; off += CHUNK)
        dipcc_ami_parser_feed (core->parser, (const char *) core->batch->data + off,
                               MIN (CHUNK, core->batch->len - off));
    }
}

static void
add_endpoints (DipccEndpointList *endpoints,
               guint              n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DipccAmiMessage) m = dipcc_ami_message_new ();
      g_autofree char *name = g_strdup_printf ("%u", 20000 + i);
      g_autofree char *contact = g_strdup_printf ("%s/sip:%s@10.0.%u.%u:5060", name, name,
                                                  i / 250, i % 250);

      dipcc_ami_message_add (m, "Event", "EndpointList");
      dipcc_ami_message_add (m, "ActionID", "bench-1");
      dipcc_ami_message_add (m, "ObjectType", "endpoint");
      dipcc_ami_message_add (m, "ObjectName", name);
      dipcc_ami_message_add (m, "Transport", "transport-udp");
      dipcc_ami_message_add (m, "Aor", name);
      dipcc_ami_message_add (m, "Auths", name);
      dipcc_ami_message_add (m, "OutboundAuths", "");
      dipcc_ami_message_add (m, "Contacts", i % 7 == 0 ? "" : contact);
      dipcc_ami_message_add (m, "DeviceState", i % 7 == 0 ? "Unavailable" : "Not in use");
      dipcc_ami_message_add (m, "ActiveChannels", "");
      dipcc_ami_message_set_server (m, 1, "127.0.0.1");
      dipcc_endpoint_list_handle_event (endpoints, m);
    }
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!dipcc_contact_store_load_finish (DIPCC_CONTACT_STORE (source), result, NULL, &error))
    g_error ("contact store: %s", error->message);
  *done = TRUE;
}

static DipccContactStore *
load_contacts (const char *dir,
               guint       n)
{
  g_autofree char *path = g_build_filename (dir, "contacts.vcf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  DipccContactStore *store;
  gboolean done = FALSE;

  {
    g_autoptr(GString) vcard = bench_contacts_vcard (n);

    if (!g_file_set_contents (path, vcard->str, vcard->len, &error))
      g_error ("%s: %s", path, error->message);
  }
  store = dipcc_contact_store_new (file);
  dipcc_contact_store_load_async (store, NULL, on_loaded, &done);
  if (!bench_wait (&done, 300))
    g_error ("the contact store did not load in 300 s");
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) != n)
    g_error ("%u contacts loaded of %u", g_list_model_get_n_items (G_LIST_MODEL (store)), n);
  g_unlink (path);
  return store;
}

int
main (int    argc,
      char **argv)
{
  static const DipccAmiParserCallbacks callbacks = { on_message, NULL, NULL };
  Core core = { 0 };
  g_autoptr(DipccContactStore) contacts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *label = NULL;
  guint n_endpoints = bench_count (10000, 10000);
  guint n_contacts = bench_count (100000, 100000);
  guint n_events = bench_count (1000000, 200000);
  guint events_per_call = dipcc_sim_flood_get_events_per_call ();
  gsize rss_empty, rss_endpoints, rss_contacts, rss_calls, rss_warm, rss_end;
  BenchFigure *figure;

  setlocale (LC_ALL, "");
  g_set_prgname ("bench-memory");

  /* everything a model needs, before it holds anything */
  core.server = (DipccSimServer) { .id = 1, .name = (char *) "127.0.0.1",
                                   .uniqueid_base = 1700000000 };
  core.batch = g_byte_array_sized_new (BATCH * 1024);
  core.endpoints = dipcc_endpoint_list_new ();
  core.calls = dipcc_call_list_new (core.endpoints);
  dipcc_call_list_set_my_extension (core.calls, "0101");
  /* calls go to the recent list as they end (see bench-ami-ingest.c) */
  dipcc_call_list_set_linger_ms (core.calls, 0);
  dipcc_call_list_set_max_recent (core.calls, 500);
  core.parser = dipcc_ami_parser_new (&callbacks, &core);
  feed (&core, events_per_call);
  g_byte_array_set_size (core.batch, 0);
  dir = g_dir_make_tmp ("dipcc-bench-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  rss_empty = bench_rss_kib ();

  add_endpoints (core.endpoints, n_endpoints);
  rss_endpoints = bench_rss_kib ();
  contacts = load_contacts (dir, n_contacts);
  rss_contacts = bench_rss_kib ();
  /* the flood's calls run 8 at a time: enough events for 500 to end */
  feed (&core, (500 / DIPCC_SIM_FLOOD_LANES + 2) * DIPCC_SIM_FLOOD_LANES * events_per_call);
  rss_calls = bench_rss_kib ();
  if (g_list_model_get_n_items (dipcc_call_list_get_recent (core.calls)) != 500)
    g_error ("%u recent calls, not 500",
             g_list_model_get_n_items (dipcc_call_list_get_recent (core.calls)));

  figure = bench_figure_new ("memory.footprint",
                             "RSS: 10k endpoints, 100k contacts, 500 recent calls",
                             rss_calls / 1024.0, "MiB", BENCH_LOWER_IS_BETTER);
  bench_figure_set_baseline (figure, "the same process, empty", rss_empty / 1024.0);
  bench_figure_set_target (figure, 80);
  bench_figure_add_info (figure, "endpoints", n_endpoints);
  bench_figure_add_info (figure, "contacts", n_contacts);
  bench_figure_add_info (figure, "endpoints_mib", (rss_endpoints - rss_empty) / 1024.0);
  bench_figure_add_info (figure, "contacts_mib", (rss_contacts - rss_endpoints) / 1024.0);
  bench_figure_add_info (figure, "calls_mib", (rss_calls - rss_contacts) / 1024.0);
  bench_figure_add_info (figure, "hwm_mib", bench_hwm_kib () / 1024.0);
  bench_figure_emit (figure);

  /* growth: warm up, then the flood */
  feed (&core, n_events / 10);
  rss_warm = bench_rss_kib ();
  feed (&core, n_events);
  rss_end = bench_rss_kib ();

  label = g_strdup_printf ("RSS growth over %uk events after warm-up", n_events / 1000);
  figure = bench_figure_new ("memory.growth", label,
                             ((double) rss_end - (double) rss_warm) / 1024.0, "MiB",
                             BENCH_LOWER_IS_BETTER);
  bench_figure_set_baseline (figure, "RSS after warm-up", rss_warm / 1024.0);
  bench_figure_set_target (figure, 2);
  bench_figure_add_info (figure, "events", n_events);
  bench_figure_add_info (figure, "warm_up_events", n_events / 10);
  bench_figure_add_info (figure, "channels_tracked", dipcc_call_list_get_n_channels (core.calls));
  bench_figure_add_info (figure, "recent_calls",
                         g_list_model_get_n_items (dipcc_call_list_get_recent (core.calls)));
  bench_figure_emit (figure);

  dipcc_ami_parser_free (core.parser);
  g_object_unref (core.calls);
  g_object_unref (core.endpoints);
  g_byte_array_unref (core.batch);
  g_rmdir (dir);
  return 0;
}
