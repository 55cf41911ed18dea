/* dipcc-phone-number.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-phone-number"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-error.h"
#include "dipcc-phone-number.h"
#include "dipcc-text.h"

/* How much of a refused input an error message quotes, in characters. */
#define QUOTE_MAX_CHARS 40

/* Korea: `+82 10…` and `0082 10…` are the national `010…`. */
#define HOME_COUNTRY_CODE "82"

typedef enum {
  CHECK_OK,
  CHECK_EMPTY,
  CHECK_TOO_LONG,
  CHECK_INVALID,
} CheckResult;

/* What people write between the parts of a number. Control characters are
 * never removed, though CR, LF and TAB are white space: a number carrying
 * them must be refused, not quietly cleaned (CR LF would inject AMI lines).
 * Dashes of every kind and invisible format characters (bidi marks around a
 * number copied from a contact app, zero-width spaces) are separators too. */
static gboolean
is_separator (gunichar c)
{
  switch (c)
    {
    case '-':
    case '.':
    case '(':
    case ')':
    case '/':
      return TRUE;

    default:
      break;
    }

  if (g_unichar_iscntrl (c))
    return FALSE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_SPACE_SEPARATOR:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_FORMAT:
      return TRUE;

    default:
      return FALSE;
    }
}

static gboolean
has_control_bytes (const char *text)
{
  const guchar *p;

  for (p = (const guchar *) text; *p; p++)
    {
      if (*p < 0x20 || *p == 0x7f)
        return TRUE;
    }
  return FALSE;
}

/* Checks the raw @number and gives its stripped form in @stripped. */
static CheckResult
check_number (const char  *number,
              char       **stripped)
{
  g_autofree char *s = NULL;
  gboolean invalid;
  gsize len;
  gsize i;

  s = dipcc_phone_number_strip (number);
  len = strlen (s);

  /* An ASCII-only check: Arabic-Indic or fullwidth digits are refused, not
   * converted, since the PBX would not read them either. */
  invalid = has_control_bytes (number) || (len == 1 && s[0] == '+');
  for (i = 0; i < len && !invalid; i++)
    {
      char c = s[i];

      if (!(g_ascii_isdigit (c) || c == '*' || c == '#' || (c == '+' && i == 0)))
        invalid = TRUE;
    }

  if (stripped)
    *stripped = g_steal_pointer (&s);

  if (invalid)
    return CHECK_INVALID;
  if (len == 0)
    return CHECK_EMPTY;
  if (len > DIPCC_PHONE_NUMBER_MAX_DIGITS)
    return CHECK_TOO_LONG;
  return CHECK_OK;
}

/* @text cut to QUOTE_MAX_CHARS characters with nothing that could break a
 * message or a log line: bytes that are not UTF-8 replaced, control and
 * format characters (CR LF, bidi overrides) and line separators dropped. */
static char *
quote_for_message (const char *text)
{
  g_autofree char *valid = dipcc_utf8_make_valid (text, -1, NULL);
  GString *out = g_string_sized_new (64);
  guint n_chars = 0;
  const char *p;

  for (p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT ||
          type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        continue;

      if (n_chars == QUOTE_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (out, FALSE);
}

/**
 * dipcc_phone_number_strip:
 * @number: a number as typed or pasted: `+82 (0)10-1234-5678`
 *
 * Removes what people put between the parts of a number: white space of
 * any kind (including no-break spaces), `-` and other dashes, `.`, `(`,
 * `)`, `/`, and invisible format characters. Control characters, CR and LF
 * included, are kept so that dipcc_phone_number_is_dialable() refuses them.
 * Nothing else is checked; bytes that are not UTF-8 become U+FFFD.
 *
 * Returns: (transfer full): the stripped text, valid UTF-8
 */
char *
dipcc_phone_number_strip (const char *number)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;

  g_return_val_if_fail (number != NULL, NULL);

  valid = dipcc_utf8_make_valid (number, -1, NULL);
  out = g_string_sized_new (strlen (valid));

  for (p = valid; *p; )
    {
      const char *next = g_utf8_next_char (p);

      if (!is_separator (g_utf8_get_char (p)))
        g_string_append_len (out, p, next - p);
      p = next;
    }

  return g_string_free (out, FALSE);
}

/**
 * dipcc_phone_number_is_dialable:
 * @number: (nullable): a number as typed or pasted
 *
 * Whether @number can be sent to the PBX: once stripped (see
 * dipcc_phone_number_strip()), 1 to %DIPCC_PHONE_NUMBER_MAX_DIGITS
 * characters, only ASCII digits, `*` and `#`, and at most one `+`, first.
 * No control character may appear anywhere in @number, not even where
 * stripping would leave a valid number. Other scripts' digits are refused
 * rather than converted.
 *
 * Returns: %TRUE when @number is dialable; %FALSE for %NULL
 */
gboolean
dipcc_phone_number_is_dialable (const char *number)
{
  if (number == NULL)
    return FALSE;

  return check_number (number, NULL) == CHECK_OK;
}

/**
 * dipcc_phone_number_normalize:
 * @number: a number as typed or pasted
 * @error: return location for a #GError
 *
 * Gives the form of @number to send to the PBX: stripped (see
 * dipcc_phone_number_strip()) and checked as dipcc_phone_number_is_dialable()
 * does. A leading `+` is kept as it is.
 *
 * Returns: (transfer full): the number to dial, or %NULL with
 *   %DIPCC_ERROR_INVALID_INPUT and a message to show the agent
 */
char *
dipcc_phone_number_normalize (const char  *number,
                              GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (check_number (number, &stripped))
    {
    case CHECK_OK:
      return g_steal_pointer (&stripped);

    case CHECK_EMPTY:
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("No phone number given: enter digits, *, # "
                             "and an optional leading +"));
      return NULL;

    case CHECK_TOO_LONG:
      quoted = quote_for_message (number);
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %s is the number as typed, %d the most characters allowed */
                   _("“%s” is too long for a phone number: use at most %d characters"),
                   quoted, DIPCC_PHONE_NUMBER_MAX_DIGITS);
      return NULL;

    case CHECK_INVALID:
    default:
      quoted = quote_for_message (number);
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %s is the text as typed, shortened */
                   _("“%s” is not a phone number: use digits, *, # "
                     "and an optional leading +"),
                   quoted);
      return NULL;
    }
}

/**
 * dipcc_phone_number_match_key:
 * @number: (nullable): a number as typed, pasted or sent by the PBX
 *
 * Gives a key that is the same for numbers an agent considers the same.
 * Korean numbers take their national form: `+82 10-1234-5678`,
 * `+82 (0)10 1234 5678`, `0082 10 1234 5678` and `010-1234-5678` all give
 * `01012345678`. Other international numbers keep a `+`, with a `00` prefix
 * read as `+` (`001 555 123 4567` gives `+15551234567`). Local numbers
 * (`1668-2471`) stay as they are: without knowing the caller's area they
 * cannot be matched to a number with an area code.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL when @number is not
 *   dialable
 */
char *
dipcc_phone_number_match_key (const char *number)
{
  g_autofree char *stripped = NULL;
  const char *rest;

  if (number == NULL || check_number (number, &stripped) != CHECK_OK)
    return NULL;

  if (g_str_has_prefix (stripped, "00") && stripped[2] != '\0')
    {
      char *international = g_strconcat ("+", stripped + 2, NULL);

      g_free (stripped);
      stripped = international;
    }

  if (!g_str_has_prefix (stripped, "+" HOME_COUNTRY_CODE))
    return g_steal_pointer (&stripped);

  rest = stripped + strlen ("+" HOME_COUNTRY_CODE);
  if (*rest == '\0')
    return g_steal_pointer (&stripped);

  /* `+82 (0)10…` already carries the national trunk prefix. */
  if (*rest == '0')
    return g_strdup (rest);
  return g_strconcat ("0", rest, NULL);
}

/**
 * dipcc_phone_number_equal:
 * @a: (nullable): a number
 * @b: (nullable): another number
 *
 * Returns: whether both numbers are dialable and have the same
 *   dipcc_phone_number_match_key()
 */
gboolean
dipcc_phone_number_equal (const char *a,
                          const char *b)
{
  g_autofree char *key_a = dipcc_phone_number_match_key (a);
  g_autofree char *key_b = dipcc_phone_number_match_key (b);

  return key_a != NULL && key_b != NULL && strcmp (key_a, key_b) == 0;
}

/* Groups a national number the way Korean agents read it. */
static char *
format_korean (const char *digits)
{
  gsize len = strlen (digits);
  gsize area;

  /* 15xx/16xx/18xx nationwide numbers: 1668-2471 */
  if (len == 8 && digits[0] == '1' && (digits[1] == '5' || digits[1] == '6' || digits[1] == '8'))
    return g_strdup_printf ("%.4s-%.4s", digits, digits + 4);

  if (digits[0] != '0' || len < 9 || len > 12)
    return NULL;

  /* Seoul's area code is 02; every other prefix (area, mobile 010,
   * VoIP 070) has three digits, 050x personal numbers four */
  if (digits[1] == '2')
    area = 2;
  else if (g_str_has_prefix (digits, "050") && len == 12)
    area = 4;
  else
    area = 3;

  switch (len - area)
    {
    case 7:   /* 02-123-4567, 031-123-4567 */
      return g_strdup_printf ("%.*s-%.3s-%.4s", (int) area, digits, digits + area,
                              digits + area + 3);
    case 8:   /* 02-1668-2471, 010-1234-5678, 0505-1234-5678 */
      return g_strdup_printf ("%.*s-%.4s-%.4s", (int) area, digits, digits + area,
                              digits + area + 4);
    default:
      return NULL;
    }
}

/**
 * dipcc_phone_number_format:
 * @number: a number as the PBX or a contact gives it
 *
 * Formats a number for display in Korean grouping: `010-1234-5678`,
 * `02-1668-2471`, `031-123-4567`, `1668-2471`; `+82 10…` is shown in its
 * national form. Extensions, international and unusual numbers are shown
 * stripped but otherwise as they are; text that is not dialable is made
 * safe to show and returned as it is.
 *
 * Returns: (transfer full): the text to show
 */
char *
dipcc_phone_number_format (const char *number)
{
  g_autofree char *key = NULL;
  char *formatted;

  g_return_val_if_fail (number != NULL, NULL);

  key = dipcc_phone_number_match_key (number);
  if (key == NULL)
    return dipcc_text_sanitize_display (number, -1, 64);
  formatted = format_korean (key);
  return formatted ? formatted : g_steal_pointer (&key);
}
