/* test-vcard.c: the vCard reader and writer, and the CSV importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-contact.h"
#include "dipcc-csv-import.h"
#include "dipcc-error.h"
#include "dipcc-test-utils.h"
#include "dipcc-vcard.h"

#define FFFD "\xEF\xBF\xBD"
#define UTF8_BOM_FOR_TEST "\xEF\xBB\xBF"

static GPtrArray *
parse_vcard_fixture (const char *name,
                     guint      *n_skipped)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename ("contacts", name, NULL);
  gsize len = 0;
  g_autofree char *data = dipcc_test_read_data (path, &len);
  GPtrArray *contacts = dipcc_vcard_parse (data, len, n_skipped, &error);

  g_assert_no_error (error);
  g_assert_nonnull (contacts);
  return contacts;
}

static GPtrArray *
import_csv_fixture (const char *name,
                    guint      *n_skipped)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename ("contacts", name, NULL);
  gsize len = 0;
  g_autofree char *data = dipcc_test_read_data (path, &len);
  GPtrArray *contacts = dipcc_csv_import (data, len, n_skipped, &error);

  g_assert_no_error (error);
  g_assert_nonnull (contacts);
  return contacts;
}

/* Asserts @file is refused as INVALID_INPUT with “Line @line” in the message. */
static void
assert_refused (GPtrArray *(*parse) (const char *, gsize, guint *, GError **),
                const char *file,
                guint       line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename ("contacts", file, NULL);
  g_autofree char *expected = g_strdup_printf ("Line %u", line);
  gsize len = 0;
  g_autofree char *data = dipcc_test_read_data (path, &len);
  GPtrArray *contacts = parse (data, len, NULL, &error);

  g_assert_null (contacts);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  g_test_message ("%s: %s", file, error->message);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not name line %u", error->message, line);
  g_assert_nonnull (strstr (error->message, "Nothing was imported"));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
assert_number (DipccContact *contact,
               guint         i,
               const char   *number,
               const char   *label,
               gboolean      preferred)
{
  GPtrArray *numbers = dipcc_contact_get_numbers (contact);

  g_assert_cmpuint (i, <, numbers->len);
  g_assert_cmpstr (dipcc_contact_number_get_number (numbers->pdata[i]), ==, number);
  g_assert_cmpstr (dipcc_contact_number_get_label (numbers->pdata[i]), ==, label);
  g_assert_cmpint (dipcc_contact_number_get_preferred (numbers->pdata[i]), ==, preferred);
}

static guint
n_numbers (DipccContact *contact)
{
  return dipcc_contact_get_numbers (contact)->len;
}

static void
test_vcard_21_quoted_printable (void)
{
  guint skipped = 99;
  g_autoptr(GPtrArray) contacts = parse_vcard_fixture ("v21-qp-euckr.vcf", &skipped);
  DipccContact *c;

  g_assert_cmpuint (contacts->len, ==, 2);
  g_assert_cmpuint (skipped, ==, 0);

  c = contacts->pdata[0];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "홍길동");
  g_assert_cmpstr (dipcc_contact_get_organization (c), ==, "대한통운 고객센터");
  g_assert_cmpstr (dipcc_contact_get_note (c), ==, "첫 줄\n둘째 줄");
  g_assert_cmpuint (n_numbers (c), ==, 3);
  assert_number (c, 0, "010-1234-5678", DIPCC_CONTACT_LABEL_CELL, TRUE);
  assert_number (c, 1, "02-555-0100", DIPCC_CONTACT_LABEL_WORK, FALSE);
  assert_number (c, 2, "02-555-0199", DIPCC_CONTACT_LABEL_FAX, FALSE);
  g_assert_nonnull (dipcc_contact_get_uid (c));

  /* no FN: the name comes from N; an Android custom label */
  c = contacts->pdata[1];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "Minsu Kim");
  g_assert_cmpstr (dipcc_contact_get_email (c), ==, "minsu@example.kr");
  g_assert_cmpuint (n_numbers (c), ==, 1);
  assert_number (c, 0, "1588-0000", "Dispatch", FALSE);
}

static void
test_vcard_30 (void)
{
  guint skipped = 0;
  g_autoptr(GPtrArray) contacts = parse_vcard_fixture ("v30.vcf", &skipped);
  DipccContact *c;

  /* the empty card is left out, and counted */
  g_assert_cmpuint (contacts->len, ==, 2);
  g_assert_cmpuint (skipped, ==, 1);

  c = contacts->pdata[0];
  g_assert_cmpstr (dipcc_contact_get_uid (c), ==,
                   "urn:uuid:0b6c1a52-1111-4c1e-9d2e-000000000001");
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "Lee, Young-hee");
  g_assert_cmpstr (dipcc_contact_get_organization (c), ==, "ACME Korea, Support; 2nd line team");
  g_assert_cmpstr (dipcc_contact_get_email (c), ==, "younghee@example.com");
  g_assert_cmpstr (dipcc_contact_get_note (c), ==,
                   "Prefers mornings.\nCall the office first, then mobile. Back\\slash. "
                   "This note is folded overthree lines.");
  g_assert_cmpuint (n_numbers (c), ==, 4);
  assert_number (c, 0, "+82 10-2222-3333", DIPCC_CONTACT_LABEL_CELL, FALSE);
  assert_number (c, 1, "031-777-8888", DIPCC_CONTACT_LABEL_WORK, TRUE);
  assert_number (c, 2, "070-1111-2222", "Dispatch desk", FALSE);
  assert_number (c, 3, "02-3333-4444", DIPCC_CONTACT_LABEL_MAIN, FALSE);

  c = contacts->pdata[1];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "박서준");
  assert_number (c, 0, "02-123-4567", DIPCC_CONTACT_LABEL_HOME, FALSE);
}

static void
test_vcard_40 (void)
{
  g_autoptr(GPtrArray) contacts = parse_vcard_fixture ("v40.vcf", NULL);
  DipccContact *c;

  g_assert_cmpuint (contacts->len, ==, 1);
  c = contacts->pdata[0];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "최지우");
  g_assert_cmpstr (dipcc_contact_get_email (c), ==, "jiwoo@example.org");
  g_assert_cmpuint (n_numbers (c), ==, 3);
  assert_number (c, 0, "+82-10-5555-6666", DIPCC_CONTACT_LABEL_CELL, FALSE);
  assert_number (c, 1, "+82-2-777-8888", DIPCC_CONTACT_LABEL_WORK, TRUE);
  assert_number (c, 2, "+82-2-777-8889", DIPCC_CONTACT_LABEL_FAX, FALSE);
  g_assert_cmpstr (dipcc_contact_number_get_key (dipcc_contact_get_numbers (c)->pdata[0]), ==,
                   "01055556666");
}

static void
test_vcard_bom_crlf_cr (void)
{
  g_autoptr(GPtrArray) bom = parse_vcard_fixture ("bom-crlf.vcf", NULL);
  g_autoptr(GPtrArray) cr = parse_vcard_fixture ("cr-only.vcf", NULL);

  g_assert_cmpuint (bom->len, ==, 1);
  g_assert_cmpstr (dipcc_contact_get_name (bom->pdata[0]), ==, "정다은");
  assert_number (bom->pdata[0], 0, "010-9999-0000", DIPCC_CONTACT_LABEL_CELL, FALSE);

  g_assert_cmpuint (cr->len, ==, 1);
  g_assert_cmpstr (dipcc_contact_get_name (cr->pdata[0]), ==, "Old Mac");
  assert_number (cr->pdata[0], 0, "555-0101", DIPCC_CONTACT_LABEL_OTHER, FALSE);
}

static void
test_vcard_forgiving (void)
{
  static const char data[] =
    "BEGIN:vcard\n"
    "version:3.0\n"
    "fn:Lower Case\n"
    "N:\\;odd\\,;;;\n"
    "TEL;PREF;HOME:02-1\n"
    "TEL:\n"                                  /* empty: not a number */
    "NOTE:2.1 and 3.0 escapes\\: \\N upper\n"
    "FN:Second FN ignored\n"
    "EMAIL;TYPE=home:first@example.com\n"
    "EMAIL;TYPE=work,pref:preferred@example.com\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "FN:Broken \xff\xfe bytes\n"              /* not UTF-8 and not CP949 */
    "NOTE;ENCODING=QUOTED-PRINTABLE:stray soft break=\n"
    "END:VCARD\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = dipcc_vcard_parse (data, sizeof data - 1, NULL, &error);
  DipccContact *c;

  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);
  c = contacts->pdata[0];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "Lower Case");
  g_assert_cmpuint (n_numbers (c), ==, 1);
  assert_number (c, 0, "02-1", DIPCC_CONTACT_LABEL_HOME, TRUE);
  g_assert_cmpstr (dipcc_contact_get_note (c), ==, "2.1 and 3.0 escapes\\: \n upper");
  g_assert_cmpstr (dipcc_contact_get_email (c), ==, "preferred@example.com");

  c = contacts->pdata[1];
  g_assert_true (g_utf8_validate (dipcc_contact_get_name (c), -1, NULL));
  g_assert_nonnull (strstr (dipcc_contact_get_name (c), FFFD));
  g_assert_cmpstr (dipcc_contact_get_note (c), ==, "stray soft break=");
}

static void
test_vcard_cp949_without_qp (void)
{
  /* 8-bit CP949 as an old Korean phone writes it, with and without CHARSET */
  g_autofree char *name = g_convert ("김민지", -1, "CP949", "UTF-8", NULL, NULL, NULL);
  g_autofree char *data = g_strdup_printf ("BEGIN:VCARD\r\nVERSION:2.1\r\n"
                                           "FN;CHARSET=EUC-KR:%s\r\nTEL:1\r\nEND:VCARD\r\n"
                                           "BEGIN:VCARD\r\nVERSION:2.1\r\n"
                                           "FN:%s\r\nTEL:2\r\nEND:VCARD\r\n",
                                           name, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = dipcc_vcard_parse (data, strlen (data), NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);
  g_assert_cmpstr (dipcc_contact_get_name (contacts->pdata[0]), ==, "김민지");
  g_assert_cmpstr (dipcc_contact_get_name (contacts->pdata[1]), ==, "김민지");
}

static void
test_vcard_malformed (void)
{
  assert_refused (dipcc_vcard_parse, "bad-no-end.vcf", 5);
  assert_refused (dipcc_vcard_parse, "bad-end-without-begin.vcf", 6);
  assert_refused (dipcc_vcard_parse, "bad-no-colon.vcf", 4);
  assert_refused (dipcc_vcard_parse, "bad-truncated.vcf", 1);
}

static void
test_vcard_empty_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = dipcc_vcard_parse ("", 0, NULL, &error);
  g_autoptr(GPtrArray) blank = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  blank = dipcc_vcard_parse (UTF8_BOM_FOR_TEST "\r\n\r\n", 7, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (blank->len, ==, 0);
}

static void
test_vcard_limits (void)
{
  g_autoptr(GError) error = NULL;
  gsize long_len = DIPCC_VCARD_MAX_LINE + 64;
  g_autofree char *long_line = g_malloc (long_len);
  g_autofree char *huge = NULL;
  const char head[] = "BEGIN:VCARD\nVERSION:3.0\nNOTE:";
  GPtrArray *contacts;

  memset (long_line, 'x', long_len);
  memcpy (long_line, head, sizeof head - 1);
  contacts = dipcc_vcard_parse (long_line, long_len, NULL, &error);
  g_assert_null (contacts);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "Line 3"));
  g_clear_error (&error);

  huge = g_malloc0 (DIPCC_VCARD_MAX_SIZE + 1);
  contacts = dipcc_vcard_parse (huge, DIPCC_VCARD_MAX_SIZE + 1, NULL, &error);
  g_assert_null (contacts);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE);
}

static DipccContact *
tricky_contact (void)
{
  DipccContact *c = dipcc_contact_new_with_uid ("uid;with,specials\\");
  GString *note = g_string_new ("Escapes: , ; \\ : and a\nsecond line\n\tthird with a tab ");

  for (guint i = 0; i < 40; i++)
    g_string_append (note, "가나다라마바사 ");
  dipcc_contact_set_name (c, "Kim, \"Chul-soo\"; 김철수 \\ 🙂");
  dipcc_contact_set_organization (c, "ACME; Support, Team\\2");
  dipcc_contact_set_email (c, "kim@example.com");
  dipcc_contact_set_note (c, note->str);
  dipcc_contact_add_number (c, "+82 10-1234-5678", DIPCC_CONTACT_LABEL_CELL, TRUE);
  dipcc_contact_add_number (c, "02-555-0100", DIPCC_CONTACT_LABEL_WORK, FALSE);
  dipcc_contact_add_number (c, "02-555-0101", DIPCC_CONTACT_LABEL_HOME, FALSE);
  dipcc_contact_add_number (c, "1588-0000", DIPCC_CONTACT_LABEL_MAIN, TRUE);
  dipcc_contact_add_number (c, "02-555-0102", DIPCC_CONTACT_LABEL_FAX, FALSE);
  dipcc_contact_add_number (c, "*123#", DIPCC_CONTACT_LABEL_OTHER, FALSE);
  dipcc_contact_add_number (c, "070,1;2", "야간 상황실; night, desk", TRUE);
  dipcc_contact_add_number (c, "010-0000-0000", "_$!<Custom>!$_", FALSE);
  g_string_free (note, TRUE);
  return c;
}

static void
test_vcard_round_trip (void)
{
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  DipccContact *c;
  gsize len = 0;
  guint skipped = 99;

  g_ptr_array_add (contacts, tricky_contact ());
  c = dipcc_contact_new ();
  dipcc_contact_set_organization (c, "Only an organization");
  g_ptr_array_add (contacts, c);
  c = dipcc_contact_new ();
  dipcc_contact_add_number (c, "010-1111-1111", NULL, FALSE);
  g_ptr_array_add (contacts, c);
  c = dipcc_contact_new ();
  dipcc_contact_set_name (c, "John Smith");
  dipcc_contact_set_email (c, "john@example.com");
  g_ptr_array_add (contacts, c);

  text = dipcc_vcard_write (contacts, &len);
  g_assert_cmpuint (len, ==, strlen (text));
  again = dipcc_vcard_parse (text, len, &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpuint (again->len, ==, contacts->len);
  for (guint i = 0; i < contacts->len; i++)
    {
      if (!dipcc_contact_equal (contacts->pdata[i], again->pdata[i]))
        g_error ("contact %u differs after a round trip:\n%s", i, text);
    }
}

static void
test_vcard_write_folding (void)
{
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_continuations = 0;

  g_ptr_array_add (contacts, tricky_contact ());
  text = dipcc_vcard_write (contacts, NULL);

  g_assert_true (g_str_has_suffix (text, "END:VCARD\r\n"));
  g_assert_null (strstr (text, "\n\n"));
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_null (strchr (lines[i], '\r'));
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      /* every physical line is whole UTF-8: no sequence split by a fold */
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
      if (lines[i][0] == ' ')
        n_continuations++;
    }
  g_assert_cmpuint (n_continuations, >, 5);
  g_assert_true (g_str_has_prefix (text, "BEGIN:VCARD\r\nVERSION:3.0\r\n"));
}

static void
test_vcard_looks_like (void)
{
  g_assert_true (dipcc_vcard_looks_like ("BEGIN:VCARD\r\n", 13));
  g_assert_true (dipcc_vcard_looks_like ("\xEF\xBB\xBF\n begin:vcard", 17));
  g_assert_false (dipcc_vcard_looks_like ("Name,Phone\n", 11));
  g_assert_false (dipcc_vcard_looks_like ("", 0));
}

static void
test_csv_google_old (void)
{
  g_autoptr(GPtrArray) contacts = import_csv_fixture ("google-old.csv", NULL);
  DipccContact *c;

  g_assert_cmpuint (contacts->len, ==, 2);
  c = contacts->pdata[0];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "Alice Park");
  g_assert_cmpstr (dipcc_contact_get_organization (c), ==, "Park Logistics");
  g_assert_cmpstr (dipcc_contact_get_email (c), ==, "alice@example.com");
  g_assert_cmpstr (dipcc_contact_get_note (c), ==, "VIP customer");
  g_assert_cmpuint (n_numbers (c), ==, 3);
  /* `* Mobile` is the primary type; `:::` separates two numbers */
  assert_number (c, 0, "010-1000-2000", DIPCC_CONTACT_LABEL_CELL, TRUE);
  assert_number (c, 1, "010-1000-2001", DIPCC_CONTACT_LABEL_CELL, TRUE);
  assert_number (c, 2, "02-100-2000", DIPCC_CONTACT_LABEL_FAX, FALSE);

  c = contacts->pdata[1];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "김철수");
  assert_number (c, 0, "02-300-4000", DIPCC_CONTACT_LABEL_WORK, FALSE);
}

static void
test_csv_google_new (void)
{
  g_autoptr(GPtrArray) contacts = import_csv_fixture ("google-new.csv", NULL);
  DipccContact *c;

  g_assert_cmpuint (contacts->len, ==, 2);
  c = contacts->pdata[0];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "홍길동");
  g_assert_cmpstr (dipcc_contact_get_organization (c), ==, "한빛전자");
  g_assert_cmpstr (dipcc_contact_get_note (c), ==, "메모, 쉼표 포함");
  g_assert_cmpstr (dipcc_contact_get_email (c), ==, "gildong@example.kr");
  assert_number (c, 0, "010-2222-3333", DIPCC_CONTACT_LABEL_CELL, FALSE);
  assert_number (c, 1, "02-444-5555", DIPCC_CONTACT_LABEL_HOME, FALSE);

  c = contacts->pdata[1];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "John Q Smith");
  assert_number (c, 0, "+1 555 010 9999", DIPCC_CONTACT_LABEL_MAIN, FALSE);
}

static void
test_csv_outlook (void)
{
  g_autoptr(GPtrArray) contacts = import_csv_fixture ("outlook.csv", NULL);
  DipccContact *c;

  g_assert_cmpuint (contacts->len, ==, 1);
  c = contacts->pdata[0];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "Sam Jones");
  g_assert_cmpstr (dipcc_contact_get_organization (c), ==, "Jones & Co");
  g_assert_cmpstr (dipcc_contact_get_email (c), ==, "sam@example.net");
  g_assert_cmpstr (dipcc_contact_get_note (c), ==, "Line one\nLine two");
  g_assert_cmpuint (n_numbers (c), ==, 4);
  assert_number (c, 0, "02-111-2222", DIPCC_CONTACT_LABEL_HOME, FALSE);
  assert_number (c, 1, "010-3333-4444", DIPCC_CONTACT_LABEL_CELL, FALSE);
  assert_number (c, 2, "02-555-6666", DIPCC_CONTACT_LABEL_WORK, FALSE);
  assert_number (c, 3, "02-555-6667", DIPCC_CONTACT_LABEL_FAX, FALSE);
}

static void
test_csv_korean_cp949 (void)
{
  g_autoptr(GPtrArray) contacts = import_csv_fixture ("korean-excel-cp949.csv", NULL);
  DipccContact *c;

  g_assert_cmpuint (contacts->len, ==, 3);
  c = contacts->pdata[0];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "홍길동");
  g_assert_cmpstr (dipcc_contact_get_organization (c), ==, "한국상사");
  g_assert_cmpstr (dipcc_contact_get_email (c), ==, "hong@example.kr");
  g_assert_cmpstr (dipcc_contact_get_note (c), ==, "첫 줄\n둘째 줄");
  g_assert_cmpuint (n_numbers (c), ==, 2);
  assert_number (c, 0, "010-1234-5678", DIPCC_CONTACT_LABEL_CELL, FALSE);
  assert_number (c, 1, "02-123-4567", DIPCC_CONTACT_LABEL_WORK, FALSE);

  c = contacts->pdata[1];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "이영희");
  assert_number (c, 0, "010-8765-4321", DIPCC_CONTACT_LABEL_CELL, FALSE);
  assert_number (c, 1, "031-222-3333", DIPCC_CONTACT_LABEL_HOME, FALSE);

  /* not Hangul: given name first, with a space */
  c = contacts->pdata[2];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "John Smith");
  g_assert_cmpstr (dipcc_contact_get_organization (c), ==, "Globex");
}

static void
test_csv_separators (void)
{
  g_autoptr(GPtrArray) semi = import_csv_fixture ("semicolon.csv", NULL);
  g_autoptr(GPtrArray) tab = import_csv_fixture ("tab.csv", NULL);

  g_assert_cmpuint (semi->len, ==, 2);
  g_assert_cmpstr (dipcc_contact_get_name (semi->pdata[0]), ==, "Müller; Hans");
  g_assert_cmpstr (dipcc_contact_get_organization (semi->pdata[0]), ==, "ACME, \"Berlin\"");
  assert_number (semi->pdata[0], 0, "+49 30 1234567", DIPCC_CONTACT_LABEL_OTHER, FALSE);
  g_assert_cmpstr (dipcc_contact_get_name (semi->pdata[1]), ==, "Anna");

  g_assert_cmpuint (tab->len, ==, 1);
  g_assert_cmpstr (dipcc_contact_get_name (tab->pdata[0]), ==, "최민호");
  g_assert_cmpstr (dipcc_contact_get_note (tab->pdata[0]), ==, "탭으로 구분");
  assert_number (tab->pdata[0], 0, "010-5555-1212", DIPCC_CONTACT_LABEL_OTHER, FALSE);
}

static void
test_csv_quoted (void)
{
  guint skipped = 0;
  g_autoptr(GPtrArray) contacts = import_csv_fixture ("quoted.csv", &skipped);
  DipccContact *c;

  /* a blank row is no record; a row with only a note is skipped, counted */
  g_assert_cmpuint (contacts->len, ==, 2);
  g_assert_cmpuint (skipped, ==, 1);
  c = contacts->pdata[0];
  g_assert_cmpstr (dipcc_contact_get_name (c), ==, "Kang, Daniel");
  g_assert_cmpstr (dipcc_contact_get_organization (c), ==, "Big \"Quote\" Inc.");
  g_assert_cmpstr (dipcc_contact_get_email (c), ==, "dan@example.com");
  g_assert_cmpstr (dipcc_contact_get_note (c), ==, "multi\nline\nnote");
  assert_number (c, 0, "010-7777-8888", DIPCC_CONTACT_LABEL_OTHER, FALSE);
  g_assert_cmpstr (dipcc_contact_get_name (contacts->pdata[1]), ==, "Yoon");
}

static void
test_csv_utf16 (void)
{
  const char *utf8 = "이름\t휴대폰\r\n문지원\t010-4444-1111\r\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *utf16 = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  gsize written = 0;

  utf16 = g_convert (utf8, -1, "UTF-16LE", "UTF-8", NULL, &written, &error);
  g_assert_no_error (error);
  data = g_malloc (written + 2);
  data[0] = (char) 0xFF;
  data[1] = (char) 0xFE;
  memcpy (data + 2, utf16, written);

  contacts = dipcc_csv_import (data, written + 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_cmpstr (dipcc_contact_get_name (contacts->pdata[0]), ==, "문지원");
  assert_number (contacts->pdata[0], 0, "010-4444-1111", DIPCC_CONTACT_LABEL_CELL, FALSE);
}

static void
test_csv_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  GPtrArray *contacts;

  /* 10 good rows and 1 bad one: nothing */
  assert_refused (dipcc_csv_import, "bad-row.csv", 7);
  assert_refused (dipcc_csv_import, "bad-quote.csv", 3);
  assert_refused (dipcc_csv_import, "bad-encoding.csv", 3);

  data = dipcc_test_read_data ("contacts/bad-header.csv", &len);
  contacts = dipcc_csv_import (data, len, NULL, &error);
  g_assert_null (contacts);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Name,Phone"));
  g_assert_nonnull (strstr (error->message, "전화번호"));
  g_clear_error (&error);

  contacts = dipcc_csv_import ("", 0, NULL, &error);
  g_assert_null (contacts);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  contacts = dipcc_csv_import ("name,phone\nA,1\0,2\n", 18, NULL, &error);
  g_assert_null (contacts);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_clear_error (&error);

  /* a trailing empty field more than the header is harmless */
  contacts = dipcc_csv_import ("name,phone\nA,1,\n", 16, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_ptr_array_unref (contacts);
}

static void
test_csv_round_trip_through_vcard (void)
{
  g_autoptr(GPtrArray) contacts = import_csv_fixture ("korean-excel-cp949.csv", NULL);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = dipcc_vcard_write (contacts, NULL);

  again = dipcc_vcard_parse (text, strlen (text), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, contacts->len);
  for (guint i = 0; i < contacts->len; i++)
    g_assert_true (dipcc_contact_equal (contacts->pdata[i], again->pdata[i]));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vcard/2.1-quoted-printable-euc-kr", test_vcard_21_quoted_printable);
  g_test_add_func ("/vcard/3.0", test_vcard_30);
  g_test_add_func ("/vcard/4.0", test_vcard_40);
  g_test_add_func ("/vcard/bom-crlf-cr", test_vcard_bom_crlf_cr);
  g_test_add_func ("/vcard/forgiving", test_vcard_forgiving);
  g_test_add_func ("/vcard/cp949-without-qp", test_vcard_cp949_without_qp);
  g_test_add_func ("/vcard/malformed", test_vcard_malformed);
  g_test_add_func ("/vcard/empty-file", test_vcard_empty_file);
  g_test_add_func ("/vcard/limits", test_vcard_limits);
  g_test_add_func ("/vcard/round-trip", test_vcard_round_trip);
  g_test_add_func ("/vcard/write-folding", test_vcard_write_folding);
  g_test_add_func ("/vcard/looks-like", test_vcard_looks_like);
  g_test_add_func ("/csv/google-old", test_csv_google_old);
  g_test_add_func ("/csv/google-new", test_csv_google_new);
  g_test_add_func ("/csv/outlook", test_csv_outlook);
  g_test_add_func ("/csv/korean-cp949", test_csv_korean_cp949);
  g_test_add_func ("/csv/separators", test_csv_separators);
  g_test_add_func ("/csv/quoted", test_csv_quoted);
  g_test_add_func ("/csv/utf16", test_csv_utf16);
  g_test_add_func ("/csv/refused", test_csv_refused);
  g_test_add_func ("/csv/round-trip-through-vcard", test_csv_round_trip_through_vcard);

  return g_test_run ();
}
