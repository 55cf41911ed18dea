/* test-caller-resolver.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dipcc-caller-resolver.h"
#include "dipcc-cdr-record.h"
#include "dipcc-test-utils.h"

static DipccCdrRecord *
record (const char *calldate,
        const char *clid,
        const char *source)
{
  g_autoptr(JsonObject) row = json_object_new ();

  json_object_set_string_member (row, "calldate", calldate);
  json_object_set_string_member (row, "clid", clid);
  json_object_set_string_member (row, "source", source);
  json_object_set_string_member (row, "destination", "0101");
  return dipcc_cdr_record_new_from_json (row);
}

typedef struct {
  DipccContactStore   *contacts;
  DipccEndpointList   *endpoints;
  DipccCallerResolver *resolver;
  char                *dir;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(DipccContact) contact = dipcc_contact_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (g_object_unref);

  f->dir = g_dir_make_tmp ("dipcc-resolver-XXXXXX", NULL);
  file = g_file_new_build_filename (f->dir, "contacts.vcf", NULL);
  f->contacts = dipcc_contact_store_new (file);
  dipcc_contact_set_name (contact, "홍길동");
  dipcc_contact_set_organization (contact, "주식회사 얼썬팩토리");
  dipcc_contact_add_number (contact, "010-1234-5678", "cell", TRUE);
  dipcc_contact_store_add (f->contacts, contact);

  f->endpoints = dipcc_endpoint_list_new ();
  dipcc_endpoint_set_display_name (dipcc_endpoint_list_ensure (f->endpoints, 1, "0102"),
                                   "김민수");
  dipcc_endpoint_list_ensure (f->endpoints, 1, "0103");

  f->resolver = dipcc_caller_resolver_new (f->contacts, f->endpoints);
  g_ptr_array_add (history, record ("2026-11-01 10:00:00", "\"Old Name\" <0299998888>",
                                    "0299998888"));
  g_ptr_array_add (history, record ("2026-11-20 10:00:00", "\"Park Jisoo\" <02-9999-8888>",
                                    "0299998888"));
  g_ptr_array_add (history, record ("2026-11-10 10:00:00", "\"Older\" <0299998888>",
                                    "0299998888"));
  g_ptr_array_add (history, record ("2026-11-10 10:00:00", "\"<unknown>\" <0311112222>",
                                    "0311112222"));
  g_ptr_array_add (history, record ("2026-11-10 10:00:00", "\"0311113333\" <0311113333>",
                                    "0311113333"));
  g_ptr_array_add (history, record ("2026-11-10 10:00:00", "garbage without brackets", "x"));
  dipcc_caller_resolver_add_history (f->resolver, history);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (f->resolver);
  g_assert_finalize_object (f->contacts);
  g_assert_finalize_object (f->endpoints);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
assert_resolves (Fixture           *f,
                 const char        *number,
                 const char        *pbx_name,
                 const char        *expected,
                 DipccCallerSource  expected_source)
{
  DipccCallerSource source = -1;
  g_autofree char *name = dipcc_caller_resolver_resolve (f->resolver, 1, number, pbx_name,
                                                         &source, NULL);

  g_assert_cmpstr (name, ==, expected);
  g_assert_cmpint (source, ==, expected_source);
}

static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  DipccContact *contact = NULL;
  g_autofree char *name = NULL;

  /* a contact wins over what the caller claims, in any spelling */
  assert_resolves (f, "+82 10-1234-5678", "Fake Bank", "홍길동", DIPCC_CALLER_SOURCE_CONTACT);
  assert_resolves (f, "01012345678", NULL, "홍길동", DIPCC_CALLER_SOURCE_CONTACT);
  name = dipcc_caller_resolver_resolve (f->resolver, 1, "010-1234-5678", NULL, NULL, &contact);
  g_assert_nonnull (contact);
  g_assert_cmpstr (dipcc_contact_get_organization (contact), ==, "주식회사 얼썬팩토리");

  /* colleagues by their phone */
  assert_resolves (f, "0102", "whatever", "김민수 (0102)", DIPCC_CALLER_SOURCE_ENDPOINT);
  assert_resolves (f, "0103", NULL, "Extension 0103", DIPCC_CALLER_SOURCE_ENDPOINT);
  /* on another server that phone is unknown */
  {
    DipccCallerSource source;
    g_autofree char *other = dipcc_caller_resolver_resolve (f->resolver, 2, "0102", NULL,
                                                            &source, NULL);

    g_assert_cmpint (source, ==, DIPCC_CALLER_SOURCE_NUMBER);
    g_assert_cmpstr (other, ==, "0102");
  }

  /* the newest name from the history, before the PBX's */
  assert_resolves (f, "02-9999-8888", "PBX Name", "Park Jisoo", DIPCC_CALLER_SOURCE_HISTORY);
  /* meaningless history names are not learnt */
  assert_resolves (f, "0311112222", "Lee", "Lee", DIPCC_CALLER_SOURCE_PBX);
  assert_resolves (f, "0311113333", NULL, "031-111-3333", DIPCC_CALLER_SOURCE_NUMBER);

  /* the PBX's name, made safe; else the number; else "Unknown caller" */
  assert_resolves (f, "0299990000", "Evil\r\nEvent: Fake\xe2\x80\xae", "Evil Event: Fake",
                   DIPCC_CALLER_SOURCE_PBX);
  assert_resolves (f, "0299990000", "<unknown>", "02-9999-0000", DIPCC_CALLER_SOURCE_NUMBER);
  assert_resolves (f, "0299990000", "029999-0000", "02-9999-0000", DIPCC_CALLER_SOURCE_NUMBER);
  assert_resolves (f, "", "", "Unknown caller", DIPCC_CALLER_SOURCE_UNKNOWN);
  assert_resolves (f, NULL, "Anonymous", "Unknown caller", DIPCC_CALLER_SOURCE_UNKNOWN);
  assert_resolves (f, "anonymous", NULL, "anonymous", DIPCC_CALLER_SOURCE_NUMBER);
}

/* A contact added later is found at once: the store keeps the index. */
static void
test_live_contacts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DipccContact) contact = dipcc_contact_new ();

  assert_resolves (f, "02-9999-8888", NULL, "Park Jisoo", DIPCC_CALLER_SOURCE_HISTORY);
  dipcc_contact_set_name (contact, "Park Jisoo (VIP)");
  dipcc_contact_add_number (contact, "+82 2 9999 8888", "work", FALSE);
  dipcc_contact_store_add (f->contacts, contact);
  assert_resolves (f, "0299998888", NULL, "Park Jisoo (VIP)", DIPCC_CALLER_SOURCE_CONTACT);
  dipcc_contact_store_remove (f->contacts, contact);
  assert_resolves (f, "0299998888", NULL, "Park Jisoo", DIPCC_CALLER_SOURCE_HISTORY);
}

static void
test_history_bounded (void)
{
  g_autoptr(DipccCallerResolver) resolver = dipcc_caller_resolver_new (NULL, NULL);
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (g_object_unref);
  DipccCallerSource source;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  for (guint i = 0; i < 25000; i++)
    {
      g_autofree char *clid = g_strdup_printf ("\"Caller %u\" <0710%07u>", i, i);
      g_autofree char *number = g_strdup_printf ("0710%07u", i);

      g_ptr_array_add (history, record ("2026-11-01 10:00:00", clid, number));
    }
  dipcc_caller_resolver_add_history (resolver, history);
  first = dipcc_caller_resolver_resolve (resolver, 1, "07100000000", NULL, &source, NULL);
  g_assert_cmpint (source, ==, DIPCC_CALLER_SOURCE_NUMBER);   /* the oldest went */
  last = dipcc_caller_resolver_resolve (resolver, 1, "07100024999", NULL, &source, NULL);
  g_assert_cmpstr (last, ==, "Caller 24999");
  g_assert_cmpint (source, ==, DIPCC_CALLER_SOURCE_HISTORY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/caller-resolver/order", Fixture, NULL, setup, test_order, teardown);
  g_test_add ("/caller-resolver/live-contacts", Fixture, NULL, setup, test_live_contacts,
              teardown);
  g_test_add_func ("/caller-resolver/history-bounded", test_history_bounded);

  return g_test_run ();
}
