/* bench-contacts.c: 100k contacts: loading them, and searching as one types
 *
 * 1. vCard parse of 100k contacts (dipcc_vcard_parse()), against reading
 *    the same bytes and counting their cards.
 * 2. DipccContactStore load of the file (read, parse, sort and index in a
 *    worker; the list handed over on the main thread), against the parse.
 * 3. Search: for every keystroke of a few queries (Korean, Latin, a number)
 *    the query of a DipccContactFilter on the store is set: the slowest
 *    keystroke counts, against strstr() over the same names prepared in a
 *    plain array. Beside it, what a GtkFilterListModel would do: one pass
 *    of dipcc_contact_query_match() over the store's 100k items (get_item,
 *    match, unref).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-bench"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dipcc-contact-filter.h"
#include "dipcc-contact-store.h"
#include "dipcc-vcard.h"

#include "bench-common.h"

static const char *const queries[] = {
  "김민준",   /* a Korean name, syllable by syllable */
  "박서",
  "john",     /* Latin, letter by letter */
  "010-0004", /* a number as typed */
  "5678",
};

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

static guint
count_cards (const char *data,
             gsize       len)
{
  const char *p = data;
  const char *end = data + len;
  guint n = 0;

  while ((p = memchr (p, 'B', end - p)) != NULL)
    {
      if ((gsize) (end - p) >= 11 && memcmp (p, "BEGIN:VCARD", 11) == 0)
        n++;
      p++;
    }
  return n;
}

/* Every prefix of every query, one character more each time. */
static GPtrArray *
keystrokes (void)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    for (const char *p = queries[q]; *p != '\0';)
      {
        p = g_utf8_next_char (p);
        g_ptr_array_add (out, g_strndup (queries[q], p - queries[q]));
      }
  return out;
}

/* The filter model's query, set for each keystroke. */
static void
search_filter (DipccContactStore *store,
               GPtrArray         *typed,
               double            *worst_ms,
               double            *mean_ms,
               guint64           *matches)
{
  g_autoptr(DipccContactFilter) filter = dipcc_contact_filter_new (store);
  double total = 0;

  *worst_ms = 0;
  *matches = 0;
  for (guint k = 0; k < typed->len; k++)
    {
      BenchClock start;
      double cpu_s;

      /* a fresh query each time, as after the text was cleared */
      dipcc_contact_filter_set_query (filter, NULL);
      bench_clock_now (&start);
      dipcc_contact_filter_set_query (filter, g_ptr_array_index (typed, k));
      bench_clock_since (&start, NULL, &cpu_s);
      *matches += g_list_model_get_n_items (G_LIST_MODEL (filter));
      *worst_ms = MAX (*worst_ms, cpu_s * 1000);
      total += cpu_s * 1000;
    }
  *mean_ms = total / typed->len;
}

/* One pass as a GtkFilterListModel makes it: the slowest and the mean
 * keystroke. */
static void
search (GListModel *model,
        GPtrArray  *typed,
        double     *worst_ms,
        double     *mean_ms,
        guint64    *matches)
{
  guint n = g_list_model_get_n_items (model);
  double total = 0;

  *worst_ms = 0;
  *matches = 0;
  for (guint k = 0; k < typed->len; k++)
    {
      BenchClock start;
      double cpu_s, wall_s;
      g_autoptr(DipccContactQuery) query = NULL;

      bench_clock_now (&start);
      query = dipcc_contact_query_new (g_ptr_array_index (typed, k));
      for (guint i = 0; i < n; i++)
        {
          DipccContact *contact = g_list_model_get_item (model, i);

          *matches += dipcc_contact_query_match (query, contact);
          g_object_unref (contact);
        }
      bench_clock_since (&start, &wall_s, &cpu_s);
      *worst_ms = MAX (*worst_ms, cpu_s * 1000);
      total += cpu_s * 1000;
    }
  *mean_ms = total / typed->len;
}

/* The floor: strstr over casefolded names in a plain array. */
static void
search_plain (char      **names,
              guint       n,
              GPtrArray  *typed,
              double     *worst_ms,
              guint64    *matches)
{
  *worst_ms = 0;
  *matches = 0;
  for (guint k = 0; k < typed->len; k++)
    {
      g_autofree char *needle = g_utf8_casefold (g_ptr_array_index (typed, k), -1);
      BenchClock start;
      double cpu_s;

      bench_clock_now (&start);
      for (guint i = 0; i < n; i++)
        *matches += strstr (names[i], needle) != NULL;
      bench_clock_since (&start, NULL, &cpu_s);
      *worst_ms = MAX (*worst_ms, cpu_s * 1000);
    }
}

int
main (int    argc,
      char **argv)
{
  guint n = bench_count (100000, 100000);
  guint rounds = bench_rounds ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) vcard = NULL;
  g_autoptr(GPtrArray) typed = keystrokes ();
  g_autoptr(DipccContactStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  double count_s = 0, parse_s = 0, load_s = 0;
  double worst_ms = 0, mean_ms = 0, plain_ms = 0, item_ms = 0, item_mean_ms = 0;
  guint64 matches = 0, plain_matches = 0, item_matches = 0;
  char **names;
  BenchFigure *figure;

  setlocale (LC_ALL, "");
  g_set_prgname ("bench-contacts");

  vcard = bench_contacts_vcard (n);
  dir = g_dir_make_tmp ("dipcc-bench-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  path = g_build_filename (dir, "contacts.vcf", NULL);
  if (!g_file_set_contents (path, vcard->str, vcard->len, &error))
    g_error ("%s", error->message);
  file = g_file_new_for_path (path);

  for (guint round = 0; round < rounds; round++)
    {
      BenchClock start;
      double wall_s, cpu_s;
      gboolean done = FALSE;
      g_autoptr(GPtrArray) contacts = NULL;
      guint skipped = 0;

      /* the floor: read the file and count the cards */
      bench_clock_now (&start);
      {
        g_autofree char *data = NULL;
        gsize len;

        if (!g_file_get_contents (path, &data, &len, &error))
          g_error ("%s", error->message);
        if (count_cards (data, len) != n)
          g_error ("the file does not hold %u cards", n);
      }
      bench_clock_since (&start, &wall_s, NULL);
      count_s = round == 0 ? wall_s : MIN (count_s, wall_s);

      bench_clock_now (&start);
      contacts = dipcc_vcard_parse (vcard->str, vcard->len, &skipped, &error);
      bench_clock_since (&start, NULL, &cpu_s);
      if (contacts == NULL || contacts->len != n)
        g_error ("vCard parse: %s", error ? error->message : "contacts missing");
      parse_s = round == 0 ? cpu_s : MIN (parse_s, cpu_s);
      g_clear_pointer (&contacts, g_ptr_array_unref);

      g_clear_object (&store);
      store = dipcc_contact_store_new (file);
      bench_clock_now (&start);
      dipcc_contact_store_load_async (store, NULL, on_loaded, &done);
      if (!bench_wait (&done, 300))
        g_error ("the contact store did not load in 300 s");
      bench_clock_since (&start, &wall_s, NULL);
      load_s = round == 0 ? wall_s : MIN (load_s, wall_s);
      if (g_list_model_get_n_items (G_LIST_MODEL (store)) != n)
        g_error ("%u contacts loaded", g_list_model_get_n_items (G_LIST_MODEL (store)));
    }

  names = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DipccContact) contact = g_list_model_get_item (G_LIST_MODEL (store), i);

      names[i] = g_utf8_casefold (dipcc_contact_get_display_name (contact), -1);
    }
  for (guint round = 0; round < rounds; round++)
    {
      double w, m, p, iw, im;
      guint64 matched, plain_matched, item_matched;

      search_filter (store, typed, &w, &m, &matched);
      search (G_LIST_MODEL (store), typed, &iw, &im, &item_matched);
      search_plain (names, n, typed, &p, &plain_matched);
      if (matched != item_matched)
        g_error ("the filter found %" G_GUINT64_FORMAT " contacts, the per-item match %"
                 G_GUINT64_FORMAT, matched, item_matched);
      if (round == 0 || w < worst_ms)
        {
          worst_ms = w;
          mean_ms = m;
          matches = matched;
        }
      if (round == 0 || iw < item_ms)
        {
          item_ms = iw;
          item_mean_ms = im;
          item_matches = item_matched;
        }
      if (round == 0 || p < plain_ms)
        {
          plain_ms = p;
          plain_matches = plain_matched;
        }
    }
  g_strfreev (names);

  figure = bench_figure_new ("contacts.vcard_parse", "vCard parse, 100k contacts",
                             parse_s * 1000, "ms", BENCH_LOWER_IS_BETTER);
  bench_figure_set_baseline (figure, "read the file + count cards", count_s * 1000);
  bench_figure_add_info (figure, "contacts", n);
  bench_figure_add_info (figure, "bytes", vcard->len);
  bench_figure_emit (figure);

  figure = bench_figure_new ("contacts.load", "contact store load (read, parse, sort, index)",
                             load_s * 1000, "ms", BENCH_LOWER_IS_BETTER);
  bench_figure_set_baseline (figure, "vCard parse alone", parse_s * 1000);
  bench_figure_add_info (figure, "contacts", n);
  bench_figure_emit (figure);

  figure = bench_figure_new ("contacts.search",
                             "contact search, slowest keystroke (100k, DipccContactFilter)",
                             worst_ms, "ms", BENCH_LOWER_IS_BETTER);
  bench_figure_set_baseline (figure, "strstr over a plain array of names", plain_ms);
  bench_figure_set_target (figure, 16);
  bench_figure_add_info (figure, "mean_ms", mean_ms);
  bench_figure_add_info (figure, "keystrokes", typed->len);
  bench_figure_add_info (figure, "matches", matches);
  bench_figure_add_info (figure, "plain_matches", plain_matches);
  bench_figure_emit (figure);

  figure = bench_figure_new ("contacts.search_per_item",
                             "contact search, slowest keystroke (100k, per-item match)",
                             item_ms, "ms", BENCH_LOWER_IS_BETTER);
  bench_figure_set_baseline (figure, "strstr over a plain array of names", plain_ms);
  bench_figure_add_info (figure, "mean_ms", item_mean_ms);
  bench_figure_add_info (figure, "matches", item_matches);
  bench_figure_add_note (figure, "what a GtkFilterListModel with a custom filter costs: "
                                 "get_item, match and unref of every contact");
  bench_figure_emit (figure);

  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
