/* test-call-uri.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-call-uri.h"
#include "dipcc-error.h"

typedef struct {
  const char *uri;
  const char *number;   /* NULL: refused */
} UriCase;

static void
check_cases (const UriCase *cases,
             gsize          n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *escaped = g_strescape (cases[i].uri, NULL);
      g_autofree char *number = NULL;

      g_test_message ("%s", escaped);
      number = dipcc_call_uri_parse (cases[i].uri, &error);
      g_assert_cmpstr (number, ==, cases[i].number);
      if (number != NULL)
        {
          g_assert_no_error (error);
        }
      else
        {
          g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          g_assert_null (strpbrk (error->message, "\r\n\x1b"));
          g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 240);
        }
    }
}

static void
test_tel (void)
{
  static const UriCase cases[] = {
    { "tel:0216682471", "0216682471" },
    { "tel:+82-2-1668-2471", "+82216682471" },
    { "TEL:+1.201.555.0123", "+12015550123" },
    { "tel:(02)%201668-2471", "0216682471" },
    { "tel:%2B1%20555%20123", "+1555123" },
    { "tel:7042;phone-context=example.com", "7042" },
    { "tel:+1-201-555-0123;ext=1234", "+12015550123" },
    { "tel:0101;isub=1;foo=bar", "0101" },
    { "tel://0216682471", "0216682471" },
    { "tel:*67#", "*67#" },
    { "tel:%2A67%23", "*67#" },
    { "  tel:0101  ", "0101" },
    { "tel:", NULL },
    { "tel:abc", NULL },
    { "tel:0101%0d%0aAction:%20Originate", NULL },
    { "tel:0101\r\nAction: Originate", NULL },
    { "tel:0101;ext=1%0d%0aAction:%20Originate", NULL },
    { "tel:0101%00", NULL },
    { "tel:0101%1b[31m", NULL },
    { "tel:0101%", NULL },
    { "tel:0101%2", NULL },
    { "tel:0101%zz", NULL },
    { "tel:%ff0101", NULL },
    { "tel:0101;$(reboot)", "0101" },
    { "tel:0101$(reboot)", NULL },
    { "tel:0101`id`", NULL },
    { "tel:0101|sh", NULL },
    { "tel:%EF%BC%90%EF%BC%91%EF%BC%90", NULL },   /* fullwidth ０１０ */
    { "tel:٠١٢٣", NULL },                          /* Arabic-Indic */
    { "tel:012345678901234567890123456789012", NULL },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_callto (void)
{
  static const UriCase cases[] = {
    { "callto:0216682471", "0216682471" },
    { "callto://+15551234", "+15551234" },
    { "callto://+15551234/", "+15551234" },
    { "CallTo:+82%2010%201234%205678", "+821012345678" },
    { "callto:skype.user", NULL },
    { "callto://evil.example/0101", NULL },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_sip (void)
{
  static const UriCase cases[] = {
    { "sip:0101@pbx.example", "0101" },
    { "sips:+15551234@pbx.example;transport=tls", "+15551234" },
    { "sip:+1-212-555-1212;postd=pp22@foo.com;user=phone", "+12125551212" },
    { "sip:0101:secret@pbx.example", "0101" },
    { "sip:0101@pbx.example?subject=hi", "0101" },
    { "sip:0101", "0101" },
    { "sip:alice@example.org;transport=tls", NULL },
    { "sip:0101@pbx.example%0d%0aX:%20y", NULL },
    { "sip:0101@pbx.example?h=%0a", NULL },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_bare (void)
{
  static const UriCase cases[] = {
    { "0216682471", "0216682471" },
    { "+82 10-1234-5678", "+821012345678" },
    { "010 1234 5678", "01012345678" },
    { "0101\r\n", "0101" },          /* trailing white space is trimmed */
    { "01\r\n01", NULL },
    { "0101; rm -rf ~", NULL },
    { "", NULL },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_other_schemes (void)
{
  static const UriCase cases[] = {
    { "http://evil.example/?0101", NULL },
    { "javascript:alert(1)", NULL },
    { "file:///etc/passwd", NULL },
    { "mailto:0101@example.org", NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  check_cases (cases, G_N_ELEMENTS (cases));
  number = dipcc_call_uri_parse ("javascript:alert(1)", &error);
  g_assert_nonnull (strstr (error->message, "“javascript:”"));
}

static void
test_too_long (void)
{
  g_autoptr(GString) uri = g_string_new ("tel:0101;x=");
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  while (uri->len <= DIPCC_CALL_URI_MAX_LENGTH)
    g_string_append_c (uri, 'a');
  number = dipcc_call_uri_parse (uri->str, &error);
  g_assert_null (number);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/call-uri/tel", test_tel);
  g_test_add_func ("/call-uri/callto", test_callto);
  g_test_add_func ("/call-uri/sip", test_sip);
  g_test_add_func ("/call-uri/bare", test_bare);
  g_test_add_func ("/call-uri/other-schemes", test_other_schemes);
  g_test_add_func ("/call-uri/too-long", test_too_long);

  return g_test_run ();
}
