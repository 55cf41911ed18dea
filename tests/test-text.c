/* test-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-text.h"

#define FFFD "\xEF\xBF\xBD"

static void
test_make_valid (void)
{
  struct {
    const char *in;
    gssize      len;
    const char *out;
  } table[] = {
    { "", 0, "" },
    { "plain", -1, "plain" },
    { "홍길동", -1, "홍길동" },
    { "Jos\xe9", -1, "Jos" FFFD },
    { "\xc8\xab\xb1\xe6\xb5\xbf", -1, "\xc8\xab" FFFD "\xe6\xb5\xbf" },
    { "a\0b", 3, "a" FFFD "b" },
    { "\xed\x99", -1, FFFD FFFD },
    { "\xf4\x90\x80\x80", -1, FFFD FFFD FFFD FFFD },
    { "ok\xff", -1, "ok" FFFD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      gsize out_len = 0;
      g_autofree char *out = dipcc_utf8_make_valid (table[i].in, table[i].len, &out_len);

      g_assert_cmpstr (out, ==, table[i].out);
      g_assert_cmpuint (out_len, ==, strlen (table[i].out));
      g_assert_true (g_utf8_validate (out, -1, NULL));
    }
}

static void
test_is_clean (void)
{
  g_assert_true (dipcc_utf8_is_clean ("", 0));
  g_assert_true (dipcc_utf8_is_clean ("홍길동", strlen ("홍길동")));
  g_assert_false (dipcc_utf8_is_clean ("a\0b", 3));
  g_assert_false (dipcc_utf8_is_clean ("\xe9", 1));
}

static void
test_append_valid (void)
{
  g_autoptr(GString) out = g_string_new ("x");

  dipcc_utf8_append_valid (out, "\xe9t\xe9", 3);
  g_assert_cmpstr (out->str, ==, "x" FFFD "t" FFFD);
}

static void
test_sanitize_display (void)
{
  struct {
    const char *in;
    guint       max;
    const char *out;
  } table[] = {
    { "홍길동", 0, "홍길동" },
    { "  Kim \r\n Event: Fake  ", 0, "Kim Event: Fake" },
    { "a\tb\x1b[31mc", 0, "a b[31mc" },
    { "\xe2\x80\xae" "evil\xe2\x80\xac", 0, "evil" },
    { "\xe2\x81\xa6iso\xe2\x81\xa9", 0, "iso" },
    { "Jos\xe9", 0, "Jos" FFFD },
    { "abcdef", 3, "abc\xe2\x80\xa6" },
    { "abc", 3, "abc" },
    { "가나다라", 2, "가나\xe2\x80\xa6" },
    { "", 5, "" },
    { "\r\n", 5, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *out = dipcc_text_sanitize_display (table[i].in, -1, table[i].max);

      g_assert_cmpstr (out, ==, table[i].out);
    }

  {
    g_autofree char *nul = dipcc_text_sanitize_display ("a\0b", 3, 0);

    g_assert_cmpstr (nul, ==, "a" FFFD "b");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/make-valid", test_make_valid);
  g_test_add_func ("/text/is-clean", test_is_clean);
  g_test_add_func ("/text/append-valid", test_append_valid);
  g_test_add_func ("/text/sanitize-display", test_sanitize_display);

  return g_test_run ();
}
