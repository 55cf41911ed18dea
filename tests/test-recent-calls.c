/* test-recent-calls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-call-private.h"
#include "dipcc-recent-calls.h"
#include "dipcc-test-utils.h"

typedef struct {
  guint position;
  guint removed;
  guint added;
} Change;

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               gpointer    user_data)
{
  Change change = { position, removed, added };

  g_array_append_val ((GArray *) user_data, change);
}

static void
assert_order (GListModel *model,
              GPtrArray  *newest_first)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, newest_first->len);
  for (guint i = 0; i < newest_first->len; i++)
    {
      g_autoptr(DipccCall) call = g_list_model_get_item (model, i);

      g_assert_true (call == g_ptr_array_index (newest_first, i));
    }
  g_assert_null (g_list_model_get_item (model, newest_first->len));
}

/* Far more calls than the first ring holds, dropped as they come, so the
 * ring wraps and grows with calls in it. */
static void
test_prepend_and_drop (void)
{
  g_autoptr(DipccRecentCalls) recent = dipcc_recent_calls_new ();
  GListModel *model = G_LIST_MODEL (recent);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_true (g_list_model_get_item_type (model) == DIPCC_TYPE_CALL);
  g_signal_connect (recent, "items-changed", G_CALLBACK (record_change), changes);

  /* dropping from an empty list is nothing */
  dipcc_recent_calls_drop_oldest (recent);
  g_assert_cmpuint (changes->len, ==, 0);

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *linkedid = g_strdup_printf ("1700000000.%u", i);
      DipccCall *call = dipcc_call_new (1, linkedid);
      Change *last;

      g_ptr_array_add (all, call);
      dipcc_recent_calls_prepend (recent, call);
      g_ptr_array_insert (expected, 0, g_object_ref (call));
      last = &g_array_index (changes, Change, changes->len - 1);
      g_assert_cmpuint (last->position, ==, 0);
      g_assert_cmpuint (last->removed, ==, 0);
      g_assert_cmpuint (last->added, ==, 1);

      /* keep between 5 and 40 calls, so the ring wraps around */
      if (i % 3 == 2 && expected->len > 5)
        {
          dipcc_recent_calls_drop_oldest (recent);
          g_ptr_array_remove_index (expected, expected->len - 1);
          last = &g_array_index (changes, Change, changes->len - 1);
          g_assert_cmpuint (last->position, ==, expected->len);
          g_assert_cmpuint (last->removed, ==, 1);
          g_assert_cmpuint (last->added, ==, 0);
        }
      if (i == 60)
        while (expected->len > 2)
          {
            dipcc_recent_calls_drop_oldest (recent);
            g_ptr_array_remove_index (expected, expected->len - 1);
          }
      assert_order (model, expected);
    }

  g_clear_pointer (&expected, g_ptr_array_unref);
  g_signal_handlers_disconnect_by_data (recent, changes);
  g_assert_finalize_object (g_steal_pointer (&recent));
  /* the list let go of every call */
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpuint (G_OBJECT (g_ptr_array_index (all, i))->ref_count, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recent-calls/prepend-and-drop", test_prepend_and_drop);
  return g_test_run ();
}
