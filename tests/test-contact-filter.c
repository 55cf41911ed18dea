/* test-contact-filter.c: DipccContactFilter and the store's search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "dipcc-contact-filter.h"
#include "dipcc-test-utils.h"

typedef struct {
  guint position;
  guint removed;
  guint added;
  guint count;
} LastChange;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  LastChange *last = user_data;

  last->position = position;
  last->removed = removed;
  last->added = added;
  last->count++;
}

static DipccContactStore *
new_store (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/dipcc-test/contacts.vcf");

  return dipcc_contact_store_new (file);
}

static DipccContact *
add_contact (DipccContactStore *store,
             const char        *name,
             const char        *organization,
             const char        *number)
{
  g_autoptr(DipccContact) contact = dipcc_contact_new ();

  if (name != NULL)
    dipcc_contact_set_name (contact, name);
  if (organization != NULL)
    dipcc_contact_set_organization (contact, organization);
  if (number != NULL)
    dipcc_contact_add_number (contact, number, "cell", FALSE);
  dipcc_contact_store_add (store, contact);
  return contact;
}

/* The filter holds exactly the store's contacts that match, in order. */
static void
assert_same_as_match (DipccContactFilter *filter)
{
  GListModel *store = G_LIST_MODEL (dipcc_contact_filter_get_store (filter));
  const char *text = dipcc_contact_filter_get_query (filter);
  g_autoptr(DipccContactQuery) query = dipcc_contact_query_new (text ? text : "");
  guint k = 0;

  for (guint i = 0; i < g_list_model_get_n_items (store); i++)
    {
      g_autoptr(DipccContact) contact = g_list_model_get_item (store, i);

      if (dipcc_contact_query_match (query, contact))
        {
          g_autoptr(DipccContact) listed = g_list_model_get_item (G_LIST_MODEL (filter), k++);

          g_assert_true (listed == contact);
        }
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, k);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (filter), k));
}

static void
test_queries (void)
{
  g_autoptr(DipccContactStore) store = new_store ();
  g_autoptr(DipccContactFilter) filter = dipcc_contact_filter_new (store);
  LastChange last = { 0 };
  static const char *const queries[] = {
    "smith", "SMITH", "길동", "acme k", "1234", "010-1234", "+82 10 1234", "zzz", "", " ",
  };

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (filter)) == DIPCC_TYPE_CONTACT);
  add_contact (store, "홍길동", "ACME Korea", "010-1234-5678");
  add_contact (store, "John Smith", NULL, "02-555-0100");
  add_contact (store, NULL, "Smith & Co", NULL);
  add_contact (store, "김민준", NULL, "+82 10-9876-5432");
  add_contact (store, NULL, NULL, "0312345678");
  g_signal_connect (filter, "items-changed", G_CALLBACK (on_items_changed), &last);

  assert_same_as_match (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 5);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      dipcc_contact_filter_set_query (filter, queries[q]);
      g_assert_cmpstr (dipcc_contact_filter_get_query (filter), ==, queries[q]);
      assert_same_as_match (filter);
    }

  dipcc_contact_filter_set_query (filter, "smith");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 2);
  /* typing the same again changes nothing */
  last.count = 0;
  dipcc_contact_filter_set_query (filter, "smith");
  g_assert_cmpuint (last.count, ==, 0);
  /* a longer query with the same result changes nothing either */
  dipcc_contact_filter_set_query (filter, "smit");
  g_assert_cmpuint (last.count, ==, 0);
  dipcc_contact_filter_set_query (filter, NULL);
  g_assert_cmpuint (last.count, ==, 1);
  g_assert_cmpuint (last.removed, ==, 2);
  g_assert_cmpuint (last.added, ==, 5);
  g_signal_handlers_disconnect_by_data (filter, &last);
}

static void
test_follows_store (void)
{
  g_autoptr(DipccContactStore) store = new_store ();
  g_autoptr(DipccContactFilter) filter = dipcc_contact_filter_new (store);
  LastChange last = { 0 };
  DipccContact *kim;

  g_signal_connect (filter, "items-changed", G_CALLBACK (on_items_changed), &last);

  /* without a query, the store's changes are passed on as they are */
  add_contact (store, "Bob", NULL, NULL);
  kim = add_contact (store, "Kim", NULL, "010-1111-2222");
  g_assert_cmpuint (last.count, ==, 2);
  g_assert_cmpuint (last.position, ==, 1);
  g_assert_cmpuint (last.removed, ==, 0);
  g_assert_cmpuint (last.added, ==, 1);

  dipcc_contact_filter_set_query (filter, "kim");
  assert_same_as_match (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 1);

  /* a change makes a contact match, or not */
  add_contact (store, "Kimberly", NULL, NULL);
  assert_same_as_match (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 2);
  dipcc_contact_set_name (kim, "Lee");
  assert_same_as_match (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 1);
  dipcc_contact_set_organization (kim, "Kim & Partners");
  assert_same_as_match (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 2);
  g_assert_true (dipcc_contact_store_remove (store, kim));
  assert_same_as_match (filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 1);

  g_signal_handlers_disconnect_by_data (filter, &last);
  g_assert_finalize_object (g_steal_pointer (&filter));
}

/* Many contacts changed many times: the store's block of search text
 * is compacted on the way, and searches still see every change. */
static void
test_many_changes (void)
{
  g_autoptr(DipccContactStore) store = new_store ();
  g_autoptr(DipccContactFilter) filter = dipcc_contact_filter_new (store);
  g_autoptr(GPtrArray) contacts = g_ptr_array_new ();
  static const char *const queries[] = { "round 3", "contact 1", "7", "55", "round", "" };

  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *name = g_strdup_printf ("contact %u with a rather long name", i);
      g_autofree char *number = g_strdup_printf ("010-%04u-%04u", i, i * 7 % 10000);

      g_ptr_array_add (contacts, add_contact (store, name, "an organization", number));
    }
  for (guint round = 0; round < 12; round++)
    {
      for (guint i = round % 2; i < contacts->len; i += 2)
        {
          g_autofree char *name = g_strdup_printf ("renamed %u in round %u, and a name long "
                                                   "enough to fill the block soon", i, round);

          dipcc_contact_set_name (contacts->pdata[i], name);
        }
      /* a few leave and come back */
      for (guint i = round; i < contacts->len; i += 50)
        {
          DipccContact *contact = g_object_ref (contacts->pdata[i]);

          g_assert_true (dipcc_contact_store_remove (store, contact));
          dipcc_contact_store_add (store, contact);
          g_object_unref (contact);
        }
      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          dipcc_contact_filter_set_query (filter, queries[q]);
          assert_same_as_match (filter);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/contact-filter/queries", test_queries);
  g_test_add_func ("/contact-filter/follows-store", test_follows_store);
  g_test_add_func ("/contact-filter/many-changes", test_many_changes);
  return g_test_run ();
}
