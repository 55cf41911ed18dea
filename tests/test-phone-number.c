/* test-phone-number.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "dipcc-error.h"
#include "dipcc-phone-number.h"

#define DIGITS_32 "01234567890123456789012345678901"

typedef struct
{
  const char *input;
  const char *output;  /* NULL: refused */
} NumberCase;

/* Names the case in the TAP output, escaped so that CR, LF and bytes that
 * are not UTF-8 cannot break it. */
static void
note_input (const char *text)
{
  g_autofree char *escaped = g_strescape (text, NULL);

  g_test_message ("\"%s\"", escaped);
}

/* Checks is_dialable() and normalize() together: a number is dialable
 * exactly when normalize() gives it, and then in the expected form. */
static void
assert_dialable (const NumberCase *cases,
                 gsize             n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      note_input (cases[i].input);
      normalized = dipcc_phone_number_normalize (cases[i].input, &error);
      g_assert_cmpstr (normalized, ==, cases[i].output);
      if (cases[i].output != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (dipcc_phone_number_is_dialable (cases[i].input));
          g_assert_true (dipcc_phone_number_is_dialable (normalized));
        }
      else
        {
          g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
          g_assert_false (dipcc_phone_number_is_dialable (cases[i].input));
        }
    }
}

static void
assert_match_keys (const NumberCase *cases,
                   gsize             n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *key = NULL;

      note_input (cases[i].input);
      key = dipcc_phone_number_match_key (cases[i].input);
      g_assert_cmpstr (key, ==, cases[i].output);
      if (key != NULL)
        g_assert_true (dipcc_phone_number_is_dialable (key));
    }
}

static void
test_strip (void)
{
  static const NumberCase cases[] = {
    { "", "" },
    { "01012345678", "01012345678" },
    { "+82 (0)10-1234-5678", "+8201012345678" },
    { "010.1234.5678", "01012345678" },
    { "02/1668 2471", "0216682471" },
    { " -()./ ", "" },
    { "010\xC2\xA0" "1234\xC2\xA0" "5678", "01012345678" },   /* no-break space */
    { "010\xE3\x80\x80" "1234", "0101234" },                   /* ideographic space */
    { "010\xE2\x80\x93" "1234\xE2\x80\x94" "5678", "01012345678" }, /* en, em dash */
    { "\xE2\x80\xAA" "010-1234-5678\xE2\x80\xAC", "01012345678" },  /* LRE ... PDF */
    { "010\xE2\x80\x8B" "1234", "0101234" },                   /* zero-width space */
    /* Not separators: kept for is_dialable() to refuse. */
    { "abc", "abc" },
    { "*77#", "*77#" },
    { "\xD9\xA0\xD9\xA1\xD9\xA0", "\xD9\xA0\xD9\xA1\xD9\xA0" },
    { "010;rm -rf /", "010;rmrf" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stripped = NULL;

      note_input (cases[i].input);
      stripped = dipcc_phone_number_strip (cases[i].input);
      g_assert_cmpstr (stripped, ==, cases[i].output);
    }
}

static void
test_strip_keeps_control_characters (void)
{
  static const NumberCase cases[] = {
    { "0101234\r\nAction: Originate", "0101234\r\nAction:Originate" },
    { "010 1234\n", "0101234\n" },
    { "010\t1234", "010\t1234" },
    { "010\v1234", "010\v1234" },
    { "010\xC2\x85" "1234", "010\xC2\x85" "1234" },   /* NEL */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stripped = NULL;

      note_input (cases[i].input);
      stripped = dipcc_phone_number_strip (cases[i].input);
      g_assert_cmpstr (stripped, ==, cases[i].output);
    }
}

static void
test_strip_invalid_utf8 (void)
{
  g_autofree char *stripped = dipcc_phone_number_strip ("010-\xFF-1234\xE2\x82");

  g_assert_cmpstr (stripped, ==, "010\xEF\xBF\xBD" "1234\xEF\xBF\xBD\xEF\xBF\xBD");
}

static void
test_dialable_plain (void)
{
  static const NumberCase cases[] = {
    { "01012345678", "01012345678" },
    { "010-1234-5678", "01012345678" },
    { "+82 10-1234-5678", "+821012345678" },
    { "+82 (0)10 1234 5678", "+8201012345678" },
    { "0082 10 1234 5678", "00821012345678" },
    { "02.1668.2471", "0216682471" },
    { "(02) 1668-2471", "0216682471" },
    { "1668-2471", "16682471" },
    { "0164", "0164" },
    { "0", "0" },
  };

  assert_dialable (cases, G_N_ELEMENTS (cases));
}

static void
test_dialable_whitespace_variants (void)
{
  static const NumberCase cases[] = {
    { " 01012345678 ", "01012345678" },
    { "010 1234 5678", "01012345678" },
    { "010  1234   5678", "01012345678" },
    { "010\xC2\xA0" "1234\xC2\xA0" "5678", "01012345678" },   /* no-break space */
    { "010\xE2\x80\xAF" "1234", "0101234" },                   /* narrow no-break space */
    { "010\xE2\x80\x89" "1234", "0101234" },                   /* thin space */
    { "010\xE3\x80\x80" "1234", "0101234" },                   /* ideographic space */
    { "\xEF\xBB\xBF" "0101234", "0101234" },                   /* byte order mark */
    { "\xE2\x80\x8E" "+82 2 1668 2471\xE2\x80\x8F", "+82216682471" }, /* LRM, RLM */
    /* White space that is a control character is refused, not stripped. */
    { "010\t1234", NULL },
    { "\t0101234", NULL },
    { "010\f1234", NULL },
    { "010\v1234", NULL },
    { "010\xC2\x85" "1234", NULL },                            /* NEL */
  };

  assert_dialable (cases, G_N_ELEMENTS (cases));
}

static void
test_dialable_cr_lf_injection (void)
{
  static const NumberCase cases[] = {
    { "0101234\r\nAction: Originate", NULL },
    { "0101234\r\n", NULL },
    { "0101234\n", NULL },
    { "0101234\r", NULL },
    { "\r\n0101234", NULL },
    { "010\r1234", NULL },
    { "010\n1234", NULL },
    { "\r\n", NULL },
    { "0101234\x00ignored", "0101234" },  /* a C string ends at NUL */
    { "010\x1b[2J", NULL },
    { "010\x7f", NULL },
  };

  assert_dialable (cases, G_N_ELEMENTS (cases));
}

static void
test_dialable_shell_metacharacters (void)
{
  static const NumberCase cases[] = {
    { "010;rm -rf", NULL },
    { "010;rm -rf /", NULL },
    { "$(reboot)", NULL },
    { "010`id`", NULL },
    { "010|ls", NULL },
    { "010&&ls", NULL },
    { "010>out", NULL },
    { "010'", NULL },
    { "010\"", NULL },
    { "010\\", NULL },
    { "010,1234", NULL },
    { "0101234@T2_cos-all", NULL },
    { "Local/0101234", NULL },
  };

  assert_dialable (cases, G_N_ELEMENTS (cases));
}

static void
test_dialable_unicode_digits (void)
{
  static const NumberCase cases[] = {
    { "\xD9\xA0\xD9\xA1\xD9\xA0", NULL },              /* Arabic-Indic ٠١٠ */
    { "\xDB\xB0\xDB\xB1\xDB\xB0", NULL },              /* Extended Arabic-Indic */
    { "\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90", NULL },  /* fullwidth ０１０ */
    { "010\xEF\xBC\x91" "234", NULL },                 /* one fullwidth digit */
    { "\xE0\xA5\xA7\xE0\xA5\xA8", NULL },              /* Devanagari */
    { "\xEF\xBC\x8B" "82", NULL },                     /* fullwidth plus */
    { "\xEF\xBC\x8A" "77#", NULL },                    /* fullwidth asterisk */
    { "\xC2\xB2", NULL },                              /* superscript two */
  };

  assert_dialable (cases, G_N_ELEMENTS (cases));
}

static void
test_dialable_length (void)
{
  static const NumberCase cases[] = {
    { DIGITS_32, DIGITS_32 },
    { DIGITS_32 "2", NULL },
    { "0123-4567-8901-2345-6789-0123-4567-8901", DIGITS_32 },
    { "+" "1234567890123456789012345678901", "+1234567890123456789012345678901" },
    { "+" DIGITS_32, NULL },
    { "1", "1" },
  };

  g_assert_cmpint (strlen (DIGITS_32), ==, DIPCC_PHONE_NUMBER_MAX_DIGITS);
  assert_dialable (cases, G_N_ELEMENTS (cases));
}

static void
test_dialable_empty (void)
{
  static const NumberCase cases[] = {
    { "", NULL },
    { " ", NULL },
    { "\xC2\xA0", NULL },
    { "-", NULL },
    { "( ) - . /", NULL },
  };

  assert_dialable (cases, G_N_ELEMENTS (cases));
  g_assert_false (dipcc_phone_number_is_dialable (NULL));
}

static void
test_dialable_plus (void)
{
  static const NumberCase cases[] = {
    { "+", NULL },
    { " + ", NULL },
    { "++82", NULL },
    { "+ +82", NULL },
    { "82+", NULL },
    { "+82+10", NULL },
    { "0+1", NULL },
    { "+82", "+82" },
    { "+*", "+*" },
  };

  assert_dialable (cases, G_N_ELEMENTS (cases));
}

static void
test_dialable_feature_codes (void)
{
  static const NumberCase cases[] = {
    { "*77#", "*77#" },
    { "*72 0101234", "*720101234" },
    { "#", "#" },
    { "*", "*" },
    { "**", "**" },
    { "#31#0101234", "#31#0101234" },
  };

  assert_dialable (cases, G_N_ELEMENTS (cases));
}

static void
test_dialable_letters (void)
{
  static const NumberCase cases[] = {
    { "1-800-FLOWERS", NULL },
    { "abc", NULL },
    { "0101234p5", NULL },
    { "0101234w5", NULL },
    { "0101234 ext. 5", NULL },
    { "tel:0101234", NULL },
    { "0x10", NULL },
  };

  assert_dialable (cases, G_N_ELEMENTS (cases));
}

static void
test_dialable_invalid_utf8 (void)
{
  static const NumberCase cases[] = {
    { "010\xFF" "1234", NULL },
    { "\x80", NULL },
    { "010\xE2\x82", NULL },
    { "\xC0\xB0", NULL },  /* overlong '0' */
  };

  assert_dialable (cases, G_N_ELEMENTS (cases));
}

static void
test_normalize_messages (void)
{
  static const struct {
    const char *input;
    const char *fragment;
  } cases[] = {
    { "", "No phone number given" },
    { "  ", "No phone number given" },
    { "abc", "“abc” is not a phone number: use digits, *, # and an optional leading +" },
    { "+", "“+” is not a phone number" },
    { DIGITS_32 "2", "“" DIGITS_32 "2” is too long for a phone number: use at most 32 characters" },
    /* Bad characters win over length. */
    { DIGITS_32 "x", "is not a phone number" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      note_input (cases[i].input);
      normalized = dipcc_phone_number_normalize (cases[i].input, &error);
      g_assert_null (normalized);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, cases[i].fragment));
    }
}

static void
test_normalize_safe_message (void)
{
  static const struct {
    const char *input;
    const char *quoted;
  } cases[] = {
    { "0101234\r\nAction: Originate", "“0101234Action: Originate”" },
    { "010\xFF" "1234", "“010\xEF\xBF\xBD" "1234”" },
    { "\xE2\x80\xAE" "4321-abc", "“4321-abc”" },                /* RLO dropped */
    { "010\xE2\x80\xA8" "abc", "“010abc”" },                    /* line separator */
    { "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
      "“0123456789abcdefghijklmnopqrstuvwxyzABCD…”" },
    { "가나다라마바사아자차카타파하" "가나다라마바사아자차카타파하"
      "가나다라마바사아자차카타파하",
      "“가나다라마바사아자차카타파하" "가나다라마바사아자차카타파하"
      "가나다라마바사아자차카타…”" },
    { "\r\n\r\n" "0123456789012345678901234567890123456789",
      "“0123456789012345678901234567890123456789”" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      note_input (cases[i].input);
      normalized = dipcc_phone_number_normalize (cases[i].input, &error);
      g_assert_null (normalized);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strpbrk (error->message, "\r\n"));
      g_assert_nonnull (strstr (error->message, cases[i].quoted));
    }
}

static void
test_normalize_null (void)
{
  g_autoptr(GError) error = NULL;

  g_test_expect_message ("dipcc-phone-number", G_LOG_LEVEL_CRITICAL, "*number != NULL*");
  g_assert_null (dipcc_phone_number_normalize (NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_test_expect_message ("dipcc-phone-number", G_LOG_LEVEL_CRITICAL, "*number != NULL*");
  g_assert_null (dipcc_phone_number_strip (NULL));
  g_test_assert_expected_messages ();
}

static void
test_match_key_mobile (void)
{
  static const NumberCase cases[] = {
    { "+82 10-1234-5678", "01012345678" },
    { "+82 (0)10 1234 5678", "01012345678" },
    { "0082 10 1234 5678", "01012345678" },
    { "010-1234-5678", "01012345678" },
    { "01012345678", "01012345678" },
    { "+821012345678", "01012345678" },
  };

  assert_match_keys (cases, G_N_ELEMENTS (cases));
}

static void
test_match_key_area_code (void)
{
  static const NumberCase cases[] = {
    { "02-1668-2471", "0216682471" },
    { "+82 2 1668 2471", "0216682471" },
    { "0216682471", "0216682471" },
    { "0082-2-1668-2471", "0216682471" },
    { "070-7919-0158", "07079190158" },
  };

  assert_match_keys (cases, G_N_ELEMENTS (cases));
}

static void
test_match_key_local (void)
{
  static const NumberCase cases[] = {
    { "1668-2471", "16682471" },
    { "16682471", "16682471" },
    { "0164", "0164" },
  };

  assert_match_keys (cases, G_N_ELEMENTS (cases));
}

static void
test_match_key_international (void)
{
  static const NumberCase cases[] = {
    { "+1 555 123 4567", "+15551234567" },
    { "001 555 123 4567", "+15551234567" },
    { "00 1 555 123 4567", "+15551234567" },
    { "+81 3-1234-5678", "+81312345678" },
    { "0081 3 1234 5678", "+81312345678" },
    { "+8", "+8" },
    /* Nothing after the prefix: kept as typed, not turned into "0" or "+". */
    { "+82", "+82" },
    { "0082", "+82" },
    { "00", "00" },
  };

  assert_match_keys (cases, G_N_ELEMENTS (cases));
}

static void
test_match_key_feature_codes (void)
{
  static const NumberCase cases[] = {
    { "*77#", "*77#" },
    { "#", "#" },
    { "*72 010-1234-5678", "*7201012345678" },
  };

  assert_match_keys (cases, G_N_ELEMENTS (cases));
}

static void
test_match_key_not_dialable (void)
{
  static const NumberCase cases[] = {
    { "", NULL },
    { "+", NULL },
    { "++82", NULL },
    { "abc", NULL },
    { "010\r\n1234", NULL },
    { "\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90", NULL },
    { DIGITS_32 "2", NULL },
  };

  assert_match_keys (cases, G_N_ELEMENTS (cases));
  g_assert_null (dipcc_phone_number_match_key (NULL));
}

static void
test_equal (void)
{
  static const struct {
    const char *a;
    const char *b;
    gboolean    equal;
  } cases[] = {
    { "+82 10-1234-5678", "010-1234-5678", TRUE },
    { "0082 10 1234 5678", "+82 (0)10 1234 5678", TRUE },
    { "02-1668-2471", "+82 2 1668 2471", TRUE },
    { "1668-2471", "16682471", TRUE },
    { "1668-2471", "0216682471", FALSE },
    { "+1 555 123 4567", "0015551234567", TRUE },
    { "+1 555 123 4567", "15551234567", FALSE },
    { "*77#", "*77#", TRUE },
    { "*77", "*77#", FALSE },
    { "010-1234-5678", "010-1234-5679", FALSE },
    { "", "", FALSE },
    { "abc", "abc", FALSE },
    { "+", "+", FALSE },
    { "0101234\r\n", "0101234\r\n", FALSE },
    { "0101234", NULL, FALSE },
    { NULL, NULL, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %" G_GSIZE_FORMAT, i);
      g_assert_cmpint (dipcc_phone_number_equal (cases[i].a, cases[i].b), ==, cases[i].equal);
      g_assert_cmpint (dipcc_phone_number_equal (cases[i].b, cases[i].a), ==, cases[i].equal);
    }
}

static void
test_format (void)
{
  struct {
    const char *in;
    const char *out;
  } table[] = {
    { "01012345678", "010-1234-5678" },
    { "+82 10-1234-5678", "010-1234-5678" },
    { "0216682471", "02-1668-2471" },
    { "+82 2 1668 2471", "02-1668-2471" },
    { "021234567", "02-123-4567" },
    { "0311234567", "031-123-4567" },
    { "03112345678", "031-1234-5678" },
    { "07012345678", "070-1234-5678" },
    { "16682471", "1668-2471" },
    { "1668-2471", "1668-2471" },
    { "15881234", "1588-1234" },
    { "0101", "0101" },
    { "*77#", "*77#" },
    { "+1 555 123 4567", "+15551234567" },
    { "12345678", "12345678" },
    { "anonymous", "anonymous" },
    { "evil\r\nEvent: Fake", "evil Event: Fake" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *out = dipcc_phone_number_format (table[i].in);

      g_assert_cmpstr (out, ==, table[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/phone-number/strip/separators", test_strip);
  g_test_add_func ("/phone-number/strip/keeps-control-characters",
                   test_strip_keeps_control_characters);
  g_test_add_func ("/phone-number/strip/invalid-utf8", test_strip_invalid_utf8);
  g_test_add_func ("/phone-number/dialable/plain", test_dialable_plain);
  g_test_add_func ("/phone-number/dialable/whitespace-variants",
                   test_dialable_whitespace_variants);
  g_test_add_func ("/phone-number/dialable/cr-lf-injection", test_dialable_cr_lf_injection);
  g_test_add_func ("/phone-number/dialable/shell-metacharacters",
                   test_dialable_shell_metacharacters);
  g_test_add_func ("/phone-number/dialable/unicode-digits", test_dialable_unicode_digits);
  g_test_add_func ("/phone-number/dialable/length", test_dialable_length);
  g_test_add_func ("/phone-number/dialable/empty", test_dialable_empty);
  g_test_add_func ("/phone-number/dialable/plus", test_dialable_plus);
  g_test_add_func ("/phone-number/dialable/feature-codes", test_dialable_feature_codes);
  g_test_add_func ("/phone-number/dialable/letters", test_dialable_letters);
  g_test_add_func ("/phone-number/dialable/invalid-utf8", test_dialable_invalid_utf8);
  g_test_add_func ("/phone-number/normalize/messages", test_normalize_messages);
  g_test_add_func ("/phone-number/normalize/safe-message", test_normalize_safe_message);
  g_test_add_func ("/phone-number/normalize/null", test_normalize_null);
  g_test_add_func ("/phone-number/match-key/mobile", test_match_key_mobile);
  g_test_add_func ("/phone-number/match-key/area-code", test_match_key_area_code);
  g_test_add_func ("/phone-number/match-key/local", test_match_key_local);
  g_test_add_func ("/phone-number/match-key/international", test_match_key_international);
  g_test_add_func ("/phone-number/match-key/feature-codes", test_match_key_feature_codes);
  g_test_add_func ("/phone-number/match-key/not-dialable", test_match_key_not_dialable);
  g_test_add_func ("/phone-number/equal", test_equal);

  g_test_add_func ("/phone-number/format", test_format);

  return g_test_run ();
}
