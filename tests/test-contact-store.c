/* test-contact-store.c: DipccContact and DipccContactStore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "dipcc-contact-store.h"
#include "dipcc-contact.h"
#include "dipcc-error.h"
#include "dipcc-test-utils.h"
#include "dipcc-vcard.h"

#define WAIT_TIMEOUT_SECONDS 60
#define CRASH_CONTACTS       50
#define CRASH_KILLS          30
#define CRASH_SAVES          200

static const char *argv0;

/* Helpers */

static gboolean
on_wait_timeout (gpointer user_data)
{
  g_error ("an async operation did not finish within %d s", WAIT_TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  guint timeout_id = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, on_wait_timeout, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
  return *slot;
}

static gboolean
load_sync (DipccContactStore  *store,
           guint              *n_skipped,
           GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dipcc_contact_store_load_async (store, NULL, on_result, &result);
  return dipcc_contact_store_load_finish (store, wait_for (&result), n_skipped, error);
}

static gboolean
save_sync (DipccContactStore  *store,
           GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dipcc_contact_store_save_async (store, NULL, on_result, &result);
  return dipcc_contact_store_save_finish (store, wait_for (&result), error);
}

static gboolean
import_sync (DipccContactStore  *store,
             GFile              *file,
             guint              *n_added,
             GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dipcc_contact_store_import_async (store, file, NULL, on_result, &result);
  return dipcc_contact_store_import_finish (store, wait_for (&result), n_added, NULL, error);
}

static gboolean
export_sync (DipccContactStore  *store,
             GFile              *file,
             GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dipcc_contact_store_export_async (store, file, NULL, on_result, &result);
  return dipcc_contact_store_export_finish (store, wait_for (&result), error);
}

typedef struct {
  char  *dir;
  GFile *file;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dipcc-contacts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->file = g_file_new_build_filename (fixture->dir, "sub", "contacts.vcf", NULL);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_clear_object (&fixture->file);
}

static DipccContact *
make_contact (const char *name,
              const char *number)
{
  DipccContact *contact = dipcc_contact_new ();

  dipcc_contact_set_name (contact, name);
  if (number != NULL)
    dipcc_contact_add_number (contact, number, DIPCC_CONTACT_LABEL_CELL, FALSE);
  return contact;
}

static void
add_new (DipccContactStore *store,
         const char        *name,
         const char        *number)
{
  g_autoptr(DipccContact) contact = make_contact (name, number);

  dipcc_contact_store_add (store, contact);
}

static DipccContact *
item (DipccContactStore *store,
      guint              position)
{
  DipccContact *contact = g_list_model_get_item (G_LIST_MODEL (store), position);

  g_assert_nonnull (contact);
  g_object_unref (contact);   /* the store keeps it alive */
  return contact;
}

static char *
file_contents (GFile *file)
{
  char *contents = NULL;

  if (!g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL))
    return NULL;
  return contents;
}

static void
write_file (GFile      *file,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *dir = g_file_get_path (parent);
  g_autofree char *path = g_file_get_path (file);

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

typedef struct {
  guint n_signals;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->n_signals++;
  record->position = position;
  record->removed = removed;
  record->added = added;
}

static void
count_signal (guint *counter)
{
  (*counter)++;
}

/* DipccContact */

/* Set A: one notify; A again: none; B: one more. Plus `changed` alike. */
static void
assert_string_notify (DipccContact *contact,
                      const char   *property,
                      const char   *a,
                      const char   *b)
{
  g_autofree char *detailed = g_strconcat ("notify::", property, NULL);
  g_autofree char *value = NULL;
  guint notifies = 0;
  guint changes = 0;
  gulong notify_id;
  gulong changed_id;

  notify_id = g_signal_connect_swapped (contact, detailed, G_CALLBACK (count_signal), &notifies);
  changed_id = g_signal_connect_swapped (contact, "changed", G_CALLBACK (count_signal), &changes);

  g_object_set (contact, property, a, NULL);
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpuint (changes, ==, 1);
  g_object_set (contact, property, a, NULL);
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpuint (changes, ==, 1);
  g_object_set (contact, property, b, NULL);
  g_assert_cmpuint (notifies, ==, 2);
  g_assert_cmpuint (changes, ==, 2);
  g_object_get (contact, property, &value, NULL);
  g_assert_cmpstr (value, ==, b);

  g_signal_handler_disconnect (contact, notify_id);
  g_signal_handler_disconnect (contact, changed_id);
}

static void
test_contact_property_notify (void)
{
  DipccContact *contact = dipcc_contact_new ();
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  guint numbers_notifies = 0;
  guint display_notifies = 0;
  guint changes = 0;

  a = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_contact_number_unref);
  b = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_contact_number_unref);
  g_assert_nonnull (dipcc_contact_get_uid (contact));
  g_assert_cmpuint (strlen (dipcc_contact_get_uid (contact)), ==, 36);
  g_assert_true (dipcc_contact_is_empty (contact));

  assert_string_notify (contact, "name", "홍길동", "Hong Gil-dong");
  assert_string_notify (contact, "organization", "ACME", "한빛");
  assert_string_notify (contact, "email", "a@example.com", "b@example.com");
  assert_string_notify (contact, "note", "one", "two\nlines");
  g_assert_false (dipcc_contact_is_empty (contact));

  /* cleaning counts: the same text with spaces around is no change */
  g_signal_connect_swapped (contact, "changed", G_CALLBACK (count_signal), &changes);
  dipcc_contact_set_name (contact, "  Hong Gil-dong ");
  g_assert_cmpuint (changes, ==, 0);
  dipcc_contact_set_name (contact, "");
  g_assert_null (dipcc_contact_get_name (contact));
  g_assert_cmpuint (changes, ==, 1);

  g_signal_connect_swapped (contact, "notify::numbers", G_CALLBACK (count_signal),
                            &numbers_notifies);
  g_signal_connect_swapped (contact, "notify::display-name", G_CALLBACK (count_signal),
                            &display_notifies);
  g_ptr_array_add (a, dipcc_contact_number_new ("010-1234-5678", "cell", TRUE));
  g_ptr_array_add (b, dipcc_contact_number_new ("010-1234-5678", "CELL", TRUE));
  g_ptr_array_add (b, dipcc_contact_number_new ("02-555-0100", "Night desk", FALSE));
  g_assert_null (dipcc_contact_number_new ("  ", NULL, FALSE));
  dipcc_contact_set_numbers (contact, a);
  g_assert_cmpuint (numbers_notifies, ==, 1);
  dipcc_contact_set_numbers (contact, a);
  g_assert_cmpuint (numbers_notifies, ==, 1);
  dipcc_contact_set_numbers (contact, b);
  g_assert_cmpuint (numbers_notifies, ==, 2);
  g_assert_cmpuint (dipcc_contact_get_numbers (contact)->len, ==, 2);
  g_assert_cmpstr (dipcc_contact_number_get_label (dipcc_contact_get_numbers (contact)->pdata[1]),
                   ==, "Night desk");
  g_assert_true (dipcc_contact_add_number (contact, "1588-0000", NULL, FALSE));
  g_assert_false (dipcc_contact_add_number (contact, "", NULL, FALSE));
  g_assert_cmpuint (numbers_notifies, ==, 3);
  g_assert_cmpstr (dipcc_contact_number_get_label (dipcc_contact_get_numbers (contact)->pdata[2]),
                   ==, DIPCC_CONTACT_LABEL_OTHER);
  g_assert_cmpuint (changes, ==, 4);
  /* no name: the organization shows; a name takes its place */
  g_assert_cmpstr (dipcc_contact_get_display_name (contact), ==, "한빛");
  dipcc_contact_set_name (contact, "Kim");
  g_assert_cmpuint (display_notifies, ==, 1);
  dipcc_contact_set_email (contact, "c@example.com");
  g_assert_cmpuint (display_notifies, ==, 1);

  g_assert_finalize_object (contact);
}

static void
test_contact_matches (void)
{
  g_autoptr(DipccContact) contact = make_contact ("Hong GilDong 홍길동", "+82 10-1234-5678");
  g_autoptr(DipccContact) nfd = dipcc_contact_new ();
  g_autofree char *decomposed = g_utf8_normalize ("김철수", -1, G_NORMALIZE_NFD);
  g_autoptr(DipccContactQuery) query = NULL;

  dipcc_contact_set_organization (contact, "ACME Korea");
  dipcc_contact_add_number (contact, "02-555-0100", DIPCC_CONTACT_LABEL_WORK, FALSE);

  g_assert_true (dipcc_contact_matches (contact, ""));
  g_assert_true (dipcc_contact_matches (contact, "gildong"));
  g_assert_true (dipcc_contact_matches (contact, "GILD"));
  g_assert_true (dipcc_contact_matches (contact, "길동"));
  g_assert_true (dipcc_contact_matches (contact, "acme k"));
  g_assert_true (dipcc_contact_matches (contact, "1234"));
  g_assert_true (dipcc_contact_matches (contact, "010-1234"));
  g_assert_true (dipcc_contact_matches (contact, "01012345678"));
  g_assert_true (dipcc_contact_matches (contact, "+82 10 1234"));
  g_assert_true (dipcc_contact_matches (contact, "5550100"));
  g_assert_false (dipcc_contact_matches (contact, "9999"));
  g_assert_false (dipcc_contact_matches (contact, "kim"));
  /* digits of two different numbers do not join */
  g_assert_false (dipcc_contact_matches (contact, "567802"));

  /* a decomposed name from a Mac is found by what the agent types */
  dipcc_contact_set_name (nfd, decomposed);
  g_assert_cmpstr (dipcc_contact_get_name (nfd), ==, "김철수");
  g_assert_true (dipcc_contact_matches (nfd, "철수"));

  query = dipcc_contact_query_new ("ACME");
  g_assert_true (dipcc_contact_query_match (query, contact));
  g_assert_false (dipcc_contact_query_match (query, nfd));
}

/* DipccContactStore */

static void
test_store_load_save (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DipccContactStore *store = dipcc_contact_store_new (fixture->file);
  DipccContactStore *again;
  ItemsChanged record = { 0, };

  g_assert_true (dipcc_contact_store_get_file (store) == fixture->file);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &record);

  /* a missing file is an empty address book */
  g_assert_true (load_sync (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_cmpuint (record.n_signals, ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == DIPCC_TYPE_CONTACT);

  add_new (store, "홍길동", "010-1234-5678");
  add_new (store, "Alice", "02-555-0100");
  add_new (store, "Bob", NULL);
  g_assert_cmpuint (record.n_signals, ==, 3);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 3));

  g_assert_true (save_sync (store, &error));
  g_assert_no_error (error);

  again = dipcc_contact_store_new (fixture->file);
  g_assert_true (load_sync (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (dipcc_contact_equal (item (store, i), item (again, i)));

  /* no temporary file is left behind */
  {
    g_autoptr(GFile) parent = g_file_get_parent (fixture->file);
    g_autofree char *dir_path = g_file_get_path (parent);
    GDir *dir = g_dir_open (dir_path, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (dir) != NULL)
      n++;
    g_dir_close (dir);
    g_assert_cmpuint (n, ==, 1);
  }

  /* edits after a load reach the file: what a save writes is never stale */
  {
    DipccContact *edited = item (again, 0);
    DipccContactStore *third = dipcc_contact_store_new (fixture->file);

    dipcc_contact_set_name (edited, "Zoe");
    dipcc_contact_add_number (edited, "031-000-1111", DIPCC_CONTACT_LABEL_HOME, TRUE);
    g_assert_true (dipcc_contact_store_remove (again, item (again, 0)));
    g_assert_true (save_sync (again, &error));
    g_assert_no_error (error);

    g_assert_true (load_sync (third, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (third)), ==, 2);
    /* Alice became Zoe and moved last; Bob, now first, was removed */
    g_assert_cmpstr (dipcc_contact_get_name (item (third, 0)), ==, "Zoe");
    g_assert_cmpstr (dipcc_contact_get_name (item (third, 1)), ==, "홍길동");
    g_assert_true (dipcc_contact_equal (item (third, 0), item (again, 0)));
    g_assert_true (dipcc_contact_equal (item (third, 1), item (again, 1)));
    g_assert_nonnull (dipcc_contact_store_lookup_number (third, "0310001111"));
    g_assert_finalize_object (third);
  }

  g_assert_finalize_object (again);
  g_assert_finalize_object (store);
}

static void
test_store_lookup (Fixture       *fixture,
                   gconstpointer  data)
{
  DipccContactStore *store = dipcc_contact_store_new (fixture->file);
  g_autoptr(DipccContact) hong = make_contact ("홍길동", "+82 10-1234-5678");
  g_autoptr(DipccContact) twin = make_contact ("Twin", "010 1234 5678");
  const char *spellings[] = {
    "010-1234-5678", "01012345678", "+82 10-1234-5678", "+82 (0)10 1234 5678",
    "0082-10-1234-5678", "+821012345678", "010.1234.5678",
  };

  dipcc_contact_add_number (hong, "02-555-0100", DIPCC_CONTACT_LABEL_WORK, FALSE);
  dipcc_contact_store_add (store, hong);
  dipcc_contact_store_add (store, twin);

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    g_assert_true (dipcc_contact_store_lookup_number (store, spellings[i]) == hong);
  g_assert_true (dipcc_contact_store_lookup_number (store, "025550100") == hong);
  g_assert_null (dipcc_contact_store_lookup_number (store, "010-9999-9999"));
  g_assert_null (dipcc_contact_store_lookup_number (store, "not a number"));
  g_assert_null (dipcc_contact_store_lookup_number (store, NULL));

  /* an edit of the numbers moves the index with it */
  {
    g_autoptr(GPtrArray) numbers =
      g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_contact_number_unref);

    g_ptr_array_add (numbers, dipcc_contact_number_new ("031-777-8888", "work", FALSE));
    dipcc_contact_set_numbers (hong, numbers);
  }
  g_assert_null (dipcc_contact_store_lookup_number (store, "02-555-0100"));
  g_assert_true (dipcc_contact_store_lookup_number (store, "0317778888") == hong);
  /* the other contact with the old number now answers for it */
  g_assert_true (dipcc_contact_store_lookup_number (store, "010-1234-5678") == twin);

  g_assert_true (dipcc_contact_store_remove (store, twin));
  g_assert_false (dipcc_contact_store_remove (store, twin));
  g_assert_null (dipcc_contact_store_lookup_number (store, "010-1234-5678"));
  g_assert_true (dipcc_contact_store_remove (store, hong));
  g_assert_null (dipcc_contact_store_lookup_number (store, "0317778888"));

  /* removed contacts are no longer followed */
  dipcc_contact_add_number (hong, "010-5555-5555", NULL, FALSE);
  g_assert_null (dipcc_contact_store_lookup_number (store, "010-5555-5555"));

  g_assert_finalize_object (store);
}

static void
test_store_sorted (Fixture       *fixture,
                   gconstpointer  data)
{
  DipccContactStore *store = dipcc_contact_store_new (fixture->file);
  g_autoptr(DipccContact) first_bob = make_contact ("Bob", "1");
  g_autoptr(DipccContact) second_bob = make_contact ("bob", "2");
  const char *names[] = { "홍길동", "alice", "가나다", "Charlie", "김철수" };
  const char *expected[] = { "alice", "Bob", "bob", "Charlie", "가나다", "김철수", "홍길동" };
  guint n;

  dipcc_contact_store_add (store, first_bob);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    add_new (store, names[i], NULL);
  dipcc_contact_store_add (store, second_bob);

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (dipcc_contact_get_name (item (store, i)), ==, expected[i]);
  /* equal keys keep the order they came in */
  g_assert_true (item (store, 1) == first_bob);
  g_assert_true (item (store, 2) == second_bob);

  g_assert_finalize_object (store);
}

static void
test_store_update_resorts (Fixture       *fixture,
                           gconstpointer  data)
{
  DipccContactStore *store = dipcc_contact_store_new (fixture->file);
  g_autoptr(DipccContact) a = make_contact ("Anna", NULL);
  ItemsChanged record = { 0, };
  guint n_signals_before;

  dipcc_contact_store_add (store, a);
  add_new (store, "Bora", NULL);
  add_new (store, "Chan", NULL);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &record);

  /* a change that keeps its place: one signal for that row */
  dipcc_contact_set_note (a, "a note");
  g_assert_cmpuint (record.n_signals, ==, 1);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 1);
  g_assert_cmpuint (record.added, ==, 1);

  /* a rename that moves it from 0 to 2: one change over the rows it
   * crossed, so that a listener reading the list during the signal sees
   * what the signal says (two signals, out then in, did not: the list
   * already had it back in while the first said it was gone) */
  n_signals_before = record.n_signals;
  dipcc_contact_set_name (a, "Zed");
  g_assert_cmpuint (record.n_signals, ==, n_signals_before + 1);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 3);
  g_assert_cmpuint (record.added, ==, 3);
  g_assert_cmpstr (dipcc_contact_get_name (item (store, 0)), ==, "Bora");
  g_assert_cmpstr (dipcc_contact_get_name (item (store, 1)), ==, "Chan");
  g_assert_true (item (store, 2) == a);

  /* an explicit update of an unchanged contact is harmless */
  dipcc_contact_store_update (store, a);
  g_assert_true (item (store, 2) == a);

  g_assert_finalize_object (store);
}

static void
test_store_items_changed_batches (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = g_test_build_filename (G_TEST_DIST, "data", "contacts",
                                                     "korean-excel-cp949.csv", NULL);
  g_autofree char *bad_path = g_test_build_filename (G_TEST_DIST, "data", "contacts",
                                                     "bad-row.csv", NULL);
  g_autofree char *vcf_path = g_test_build_filename (G_TEST_DIST, "data", "contacts",
                                                     "v30.vcf", NULL);
  g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GFile) vcf = g_file_new_for_path (vcf_path);
  DipccContactStore *store = dipcc_contact_store_new (fixture->file);
  ItemsChanged record = { 0, };
  GString *text = g_string_new (NULL);
  guint n_added = 0;
  guint n_skipped = 0;

  for (guint i = 0; i < 20; i++)
    g_string_append_printf (text, "BEGIN:VCARD\nFN:Person %02u\nTEL:010-0000-%04u\nEND:VCARD\n",
                            i, i);
  g_string_append (text, "BEGIN:VCARD\nNOTE:empty\nEND:VCARD\n");
  write_file (fixture->file, text->str);
  g_string_free (text, TRUE);

  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &record);
  g_assert_true (load_sync (store, &n_skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_skipped, ==, 1);
  g_assert_cmpuint (record.n_signals, ==, 1);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, 0);
  g_assert_cmpuint (record.added, ==, 20);

  /* an import is one signal too */
  record.n_signals = 0;
  g_assert_true (import_sync (store, csv, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 3);
  g_assert_cmpuint (record.n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 23);
  g_assert_cmpuint (record.added - record.removed, ==, 3);
  g_assert_true (dipcc_contact_store_lookup_number (store, "+82 10 8765 4321") != NULL);

  /* a refused file adds nothing and says nothing */
  record.n_signals = 0;
  g_assert_false (import_sync (store, bad, &n_added, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "bad-row.csv"));
  g_assert_nonnull (strstr (error->message, "Line 7"));
  g_clear_error (&error);
  g_assert_cmpuint (record.n_signals, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 23);

  /* importing the same vCard twice keeps both: the uids are made new */
  g_assert_true (import_sync (store, vcf, &n_added, &error));
  g_assert_cmpuint (n_added, ==, 2);
  g_assert_true (import_sync (store, vcf, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 27);

  /* sorted after the merges */
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    g_assert_cmpstr (dipcc_contact_get_sort_key (item (store, i - 1)), <=,
                     dipcc_contact_get_sort_key (item (store, i)));

  g_assert_finalize_object (store);
}

static void
test_store_corrupt_file (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DipccContactStore *store = dipcc_contact_store_new (fixture->file);
  DipccContactStore *fresh;
  const char *corrupt = "BEGIN:VCARD\nFN:Half\nTEL:010-1111-2222\nBEGIN:VCARD\nFN:Other\n";
  g_autofree char *after = NULL;
  ItemsChanged record = { 0, };

  write_file (fixture->file,
              "BEGIN:VCARD\nFN:One\nEND:VCARD\nBEGIN:VCARD\nFN:Two\nEND:VCARD\n");
  g_assert_true (load_sync (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  write_file (fixture->file, corrupt);
  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), &record);
  g_assert_false (load_sync (store, NULL, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Line 1"));
  g_clear_error (&error);
  g_assert_cmpuint (record.n_signals, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  /* saving now would replace a file the store could not read */
  add_new (store, "Three", NULL);
  g_assert_false (save_sync (store, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED);
  g_clear_error (&error);
  after = file_contents (fixture->file);
  g_assert_cmpstr (after, ==, corrupt);
  g_clear_pointer (&after, g_free);

  /* a store that never loaded the file must not replace it either */
  fresh = dipcc_contact_store_new (fixture->file);
  add_new (fresh, "Four", NULL);
  g_assert_false (save_sync (fresh, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED);
  g_clear_error (&error);
  after = file_contents (fixture->file);
  g_assert_cmpstr (after, ==, corrupt);

  /* once the file is fixed and loaded, saving works again */
  write_file (fixture->file, "BEGIN:VCARD\nFN:Fixed\nEND:VCARD\n");
  g_assert_true (load_sync (store, NULL, &error));
  g_assert_true (save_sync (store, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (fresh);
  g_assert_finalize_object (store);
}

static void
test_store_export (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "export.vcf", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GFile) nowhere = g_file_new_for_path ("/proc/no-such-dir/export.vcf");
  DipccContactStore *store = dipcc_contact_store_new (fixture->file);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) contacts = NULL;

  add_new (store, "최지우", "010-5555-6666");
  add_new (store, "Sam", "02-111-2222");
  g_assert_true (export_sync (store, target, &error));
  g_assert_no_error (error);

  contents = file_contents (target);
  contacts = dipcc_vcard_parse (contents, strlen (contents), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);
  g_assert_true (dipcc_contact_equal (contacts->pdata[0], item (store, 0)));

  g_assert_false (export_sync (store, nowhere, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED);
  g_test_message ("%s", error->message);

  g_assert_finalize_object (store);
}

/* Crash safety: a child saves in a loop and is killed at random moments. */

static char *
generation_vcard (guint generation)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < CRASH_CONTACTS; i++)
    g_string_append_printf (text,
                            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c%u\r\nFN:Gen %u contact %02u\r\n"
                            "NOTE:padding to make the file longer than one write %u\r\n"
                            "END:VCARD\r\n",
                            i, generation, i, generation);
  return g_string_free (text, FALSE);
}

/* The file holds one whole generation; returns it. */
static guint
check_one_generation (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = file_contents (file);
  g_autoptr(GPtrArray) contacts = NULL;
  guint generation = G_MAXUINT;

  g_assert_nonnull (contents);
  contacts = dipcc_vcard_parse (contents, strlen (contents), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, CRASH_CONTACTS);
  for (guint i = 0; i < contacts->len; i++)
    {
      const char *name = dipcc_contact_get_name (contacts->pdata[i]);
      guint g, n;

      g_assert_cmpint (sscanf (name, "Gen %u contact %u", &g, &n), ==, 2);
      if (generation == G_MAXUINT)
        generation = g;
      g_assert_cmpuint (g, ==, generation);
    }
  return generation;
}

static int
run_save_loop (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  DipccContactStore *store = dipcc_contact_store_new (file);
  guint generation;

  if (!load_sync (store, NULL, &error))
    g_error ("child: %s", error->message);
  generation = check_one_generation (file);

  write (STDOUT_FILENO, "ready\n", 6);
  for (guint round = 1; round <= CRASH_SAVES; round++)
    {
      g_autoptr(GPtrArray) snapshot = g_ptr_array_new_with_free_func (g_object_unref);

      /* renaming re-sorts the store: walk a copy of the list */
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
        g_ptr_array_add (snapshot, g_list_model_get_item (G_LIST_MODEL (store), i));
      generation++;
      for (guint i = 0; i < snapshot->len; i++)
        {
          DipccContact *contact = snapshot->pdata[i];
          unsigned n = 0;
          g_autofree char *name = NULL;
          g_autofree char *note = NULL;

          sscanf (strrchr (dipcc_contact_get_name (contact), ' ') + 1, "%u", &n);
          name = g_strdup_printf ("Gen %u contact %02u", generation, n);
          note = g_strdup_printf ("padding to make the file longer than one write %u",
                                  generation);
          dipcc_contact_set_name (contact, name);
          dipcc_contact_set_note (contact, note);
        }
      if (!save_sync (store, &error))
        g_error ("child: %s", error->message);
    }
  g_object_unref (store);
  return 0;
}

static gboolean
wait_for_ready (int fd)
{
  struct pollfd pfd = { fd, POLLIN, 0 };
  char buf[16];

  if (poll (&pfd, 1, WAIT_TIMEOUT_SECONDS * 1000) != 1)
    return FALSE;
  return read (fd, buf, sizeof buf) > 0;
}

static void
test_store_crash_safety (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = g_file_get_path (fixture->file);
  g_autofree char *initial = generation_vcard (0);
  g_autoptr(GRand) rand = g_rand_new ();
  guint last_generation = 0;
  guint leftovers = 0;
  gint64 start = g_get_monotonic_time ();

  write_file (fixture->file, initial);

  for (guint kill_no = 0; kill_no < CRASH_KILLS; kill_no++)
    {
      g_autoptr(GError) error = NULL;
      const char *child_argv[] = { argv0, "--save-loop", path, NULL };
      GPid pid;
      int out_fd;
      int status;
      guint generation;

      g_spawn_async_with_pipes (NULL, (char **) child_argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                NULL, &out_fd, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (wait_for_ready (out_fd));
      g_usleep (g_rand_int_range (rand, 0, 20001));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      close (out_fd);

      generation = check_one_generation (fixture->file);
      g_assert_cmpuint (generation, >=, last_generation);
      last_generation = generation;
    }

  {
    g_autoptr(GFile) parent = g_file_get_parent (fixture->file);
    g_autofree char *dir_path = g_file_get_path (parent);
    GDir *dir = g_dir_open (dir_path, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      leftovers += g_str_has_prefix (name, "contacts.vcf.tmp-");
    g_dir_close (dir);
  }
  g_test_message ("%u kills in %.2f s; the file reached generation %u; "
                  "%u temporary files were left by killed saves",
                  CRASH_KILLS, (g_get_monotonic_time () - start) / 1e6, last_generation,
                  leftovers);
  g_assert_cmpuint (last_generation, >, 0);

  /* the next load clears what the killed saves left */
  {
    g_autoptr(GError) error = NULL;
    DipccContactStore *store = dipcc_contact_store_new (fixture->file);
    g_autoptr(GFile) parent = g_file_get_parent (fixture->file);
    g_autofree char *dir_path = g_file_get_path (parent);
    GDir *dir;
    const char *name;

    g_assert_true (load_sync (store, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, CRASH_CONTACTS);
    dir = g_dir_open (dir_path, 0, NULL);
    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_cmpstr (name, ==, "contacts.vcf");
    g_dir_close (dir);
    g_assert_finalize_object (store);
  }
}

/* Files written by older versions and other programs (vCard 2.1 with
 * quoted-printable EUC-KR, 3.0, 4.0, BOM and CR line ends) load, and a save
 * upgrades them to the current format without losing a contact. */
static void
test_store_format_upgrade (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char * const files[] = {
    "v21-qp-euckr.vcf", "v30.vcf", "v40.vcf", "bom-crlf.vcf", "cr-only.vcf",
  };
  g_autoptr(GFile) parent = g_file_get_parent (fixture->file);

  g_file_make_directory_with_parents (parent, NULL, NULL);
  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *old_path = g_test_build_filename (G_TEST_DIST, "data", "contacts",
                                                         files[f], NULL);
      g_autofree char *old = NULL;
      g_autofree char *saved = NULL;
      gsize old_len = 0;
      g_autoptr(GPtrArray) expected = NULL;
      DipccContactStore *store;
      DipccContactStore *again;
      guint n;

      g_test_message ("%s", files[f]);
      g_assert_true (g_file_get_contents (old_path, &old, &old_len, &error));
      expected = dipcc_vcard_parse (old, old_len, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (expected->len, >, 0);
      g_assert_true (g_file_replace_contents (fixture->file, old, old_len, NULL, FALSE,
                                              G_FILE_CREATE_NONE, NULL, NULL, &error));

      store = dipcc_contact_store_new (fixture->file);
      g_assert_true (load_sync (store, NULL, &error));
      g_assert_no_error (error);
      n = g_list_model_get_n_items (G_LIST_MODEL (store));
      g_assert_cmpuint (n, ==, expected->len);
      g_assert_true (save_sync (store, &error));
      g_assert_no_error (error);

      saved = file_contents (fixture->file);
      g_assert_nonnull (strstr (saved, "VERSION:3.0"));
      g_assert_null (strstr (saved, "VERSION:2.1"));
      again = dipcc_contact_store_new (fixture->file);
      g_assert_true (load_sync (again, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, n);
      for (guint i = 0; i < n; i++)
        g_assert_true (dipcc_contact_equal (item (store, i), item (again, i)));
      g_assert_finalize_object (store);
      g_assert_finalize_object (again);
    }
}

/* 100k contacts */

#define BIG_N      100000
#define BIG_LOOKUPS 1000

/* The longest the main loop went without running a 1 ms timer. */
typedef struct {
  gint64 last;
  gint64 max_gap;
} Heartbeat;

static gboolean
on_heartbeat (gpointer user_data)
{
  Heartbeat *beat = user_data;
  gint64 now = g_get_monotonic_time ();

  if (beat->last != 0)
    beat->max_gap = MAX (beat->max_gap, now - beat->last);
  beat->last = now;
  return G_SOURCE_CONTINUE;
}

static void
test_store_100k (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new ();
  g_autoptr(DipccContactQuery) query = NULL;
  DipccContactStore *store = dipcc_contact_store_new (fixture->file);
  DipccContactStore *again;
  GString *text = g_string_new (NULL);
  gint64 t0, t_load, t_save, t_reload, t_lookup, t_search;
  Heartbeat beat = { 0, 0 };
  guint heartbeat_id;
  guint n_matches = 0;

  for (guint i = 0; i < BIG_N; i++)
    g_string_append_printf (text,
                            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u%u\r\nFN:%s %06u\r\n"
                            "ORG:Company %u\r\nTEL;TYPE=CELL:010-%04u-%04u\r\n"
                            "TEL;TYPE=WORK:02-%03u-%04u\r\nEND:VCARD\r\n",
                            i, i % 2 ? "홍길동" : "Customer", i, i % 977,
                            i / 10000, i % 10000, i % 1000, i % 10000);
  write_file (fixture->file, text->str);
  g_string_free (text, TRUE);

  t0 = g_get_monotonic_time ();
  heartbeat_id = g_timeout_add (1, on_heartbeat, &beat);
  g_assert_true (load_sync (store, NULL, &error));
  g_assert_no_error (error);
  t_load = g_get_monotonic_time () - t0;
  /* the stall that ends with the load's callback counts too */
  on_heartbeat (&beat);
  g_source_remove (heartbeat_id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, BIG_N);

  t0 = g_get_monotonic_time ();
  g_assert_true (save_sync (store, &error));
  g_assert_no_error (error);
  t_save = g_get_monotonic_time () - t0;

  again = dipcc_contact_store_new (fixture->file);
  t0 = g_get_monotonic_time ();
  g_assert_true (load_sync (again, NULL, &error));
  g_assert_no_error (error);
  t_reload = g_get_monotonic_time () - t0;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, BIG_N);

  t0 = g_get_monotonic_time ();
  for (guint k = 0; k < BIG_LOOKUPS; k++)
    {
      guint i = g_rand_int_range (rand, 0, BIG_N);
      g_autofree char *number = g_strdup_printf ("+82 10 %04u %04u", i / 10000, i % 10000);
      g_autofree char *uid = g_strdup_printf ("u%u", i);
      DipccContact *found = dipcc_contact_store_lookup_number (again, number);

      g_assert_nonnull (found);
      g_assert_cmpstr (dipcc_contact_get_uid (found), ==, uid);
    }
  t_lookup = g_get_monotonic_time () - t0;
  g_assert_null (dipcc_contact_store_lookup_number (again, "010-9999-9999"));

  /* one keystroke's filtering of the whole list */
  t0 = g_get_monotonic_time ();
  query = dipcc_contact_query_new ("1234");
  for (guint i = 0; i < BIG_N; i++)
    n_matches += dipcc_contact_query_match (query, item (again, i));
  t_search = g_get_monotonic_time () - t0;
  g_assert_cmpuint (n_matches, >=, 10);

  g_test_message ("100k contacts: load %.0f ms (longest main-loop stall %.0f ms), "
                  "save %.0f ms, load again %.0f ms, %u lookups %.2f ms, "
                  "one search over all %.1f ms (%u matches)",
                  t_load / 1e3, beat.max_gap / 1e3, t_save / 1e3, t_reload / 1e3,
                  BIG_LOOKUPS, t_lookup / 1e3, t_search / 1e3, n_matches);

  g_assert_finalize_object (again);
  g_assert_finalize_object (store);
}

int
main (int    argc,
      char **argv)
{
  argv0 = argv[0];
  if (argc == 3 && strcmp (argv[1], "--save-loop") == 0)
    return run_save_loop (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/contact/property-notify", test_contact_property_notify);
  g_test_add_func ("/contact/matches", test_contact_matches);
#define ADD(path, func) \
  g_test_add ("/contact-store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("load-save", test_store_load_save);
  ADD ("lookup", test_store_lookup);
  ADD ("sorted", test_store_sorted);
  ADD ("update-resorts", test_store_update_resorts);
  ADD ("items-changed-batches", test_store_items_changed_batches);
  ADD ("corrupt-file", test_store_corrupt_file);
  ADD ("export", test_store_export);
  ADD ("crash-safety", test_store_crash_safety);
  ADD ("format-upgrade", test_store_format_upgrade);
  ADD ("100k", test_store_100k);
#undef ADD

  return g_test_run ();
}
