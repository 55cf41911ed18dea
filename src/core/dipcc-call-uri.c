/* dipcc-call-uri.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-call-uri"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-call-uri.h"
#include "dipcc-error.h"
#include "dipcc-phone-number.h"
#include "dipcc-text.h"

/* How much of a refused link an error message quotes, in characters. */
#define QUOTE_MAX_CHARS 40

typedef enum {
  SCHEME_NONE,
  SCHEME_TEL,
  SCHEME_CALLTO,
  SCHEME_SIP,
} Scheme;

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Percent-decodes @len bytes of @text. NULL when an escape is broken or the
 * result holds a control character (NUL, CR, LF, ESC …) or is not UTF-8:
 * such a link is refused as a whole, whatever part holds it. */
static char *
decode (const char *text,
        gsize       len)
{
  g_autoptr(GString) out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c == '%')
        {
          int hi, lo;

          if (i + 2 >= len)
            return NULL;
          hi = hex_value (text[i + 1]);
          lo = hex_value (text[i + 2]);
          if (hi < 0 || lo < 0)
            return NULL;
          c = (guchar) (hi * 16 + lo);
          i += 2;
        }
      if (c < 0x20 || c == 0x7f)
        return NULL;
      g_string_append_c (out, (char) c);
    }
  if (!g_utf8_validate_len (out->str, out->len, NULL))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The scheme of @uri if it has one (`tel:`), which sets *@rest past it. */
static Scheme
read_scheme (const char  *uri,
             const char **rest,
             char       **name)
{
  const char *p = uri;
  g_autofree char *scheme = NULL;

  *rest = uri;
  *name = NULL;
  if (!g_ascii_isalpha (*p))
    return SCHEME_NONE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  if (*p != ':')
    return SCHEME_NONE;

  scheme = g_ascii_strdown (uri, p - uri);
  *rest = p + 1;
  if (g_str_equal (scheme, "tel"))
    return SCHEME_TEL;
  if (g_str_equal (scheme, "callto"))
    return SCHEME_CALLTO;
  if (g_str_equal (scheme, "sip") || g_str_equal (scheme, "sips"))
    return SCHEME_SIP;
  *name = g_steal_pointer (&scheme);
  return SCHEME_NONE;
}

/* The encoded number part of what follows the scheme. */
static char *
number_part (Scheme      scheme,
             const char *rest)
{
  gsize len;

  /* `callto://+15551234` holds the number where a host would be; some
   * pages write `tel://` too */
  if (g_str_has_prefix (rest, "//"))
    rest += 2;
  /* `#` is a digit to dial in a tel: or callto: number (RFC 3966 wants it
   * written %23, but pages write `tel:*67#`); only SIP has fragments */
  len = strcspn (rest, scheme == SCHEME_SIP ? "?#" : "?");

  if (scheme == SCHEME_SIP)
    {
      const char *at = memchr (rest, '@', len);

      /* `sip:alice@host;transport=tls`: the user part; `sip:0101` alone */
      if (at != NULL)
        len = at - rest;
      len = MIN (len, strcspn (rest, ";:"));
    }
  else
    {
      /* `tel:7042;phone-context=example.com`, `tel:+1-201-555-0123;ext=12`:
       * parameters are dropped, the number is dialled as it is */
      len = MIN (len, strcspn (rest, ";/"));
    }
  return g_strndup (rest, len);
}

/**
 * dipcc_call_uri_parse:
 * @uri: a link as the desktop hands it over (still percent-encoded:
 *   `tel:%2B82%202%20123%204567`), or a number as typed
 * @error: return location for a #GError
 *
 * Gives the number to dial from a `tel:` (RFC 3966), `callto:` (also
 * `callto://+15551234`), `sip:` or `sips:` link, or from a bare number.
 * The scheme is read in any case; the number is percent-decoded, and the
 * visual separators of RFC 3966 and of people (`-`, `.`, `(`, `)`, spaces)
 * are removed by dipcc_phone_number_normalize().
 *
 * What is dropped: URI parameters (`;phone-context=`, `;ext=`, `;isub=`,
 * `;transport=` …), SIP headers after `?`, fragments, and the host of a
 * SIP address. An extension given as `;ext=` is not dialled: the agent
 * reaches it by hand after the call connects.
 *
 * What is refused, as a whole: any control character anywhere in the link
 * once decoded (CR LF could inject AMI lines; NUL, ESC), a broken
 * percent-escape, bytes that are not UTF-8, other schemes (`http:`,
 * `javascript:`), and numbers that are not dialable: letters (SIP user
 * names, `callto:skype.name`), shell metacharacters, and digits of other
 * scripts (fullwidth `０１０`, Arabic-Indic), which are not converted, as
 * everywhere else in DIPCC Companion.
 *
 * Returns: (transfer full): the dialable number, or %NULL with
 *   %DIPCC_ERROR_INVALID_INPUT and a message to show the agent
 */
char *
dipcc_call_uri_parse (const char  *uri,
                      GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *scheme_name = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *whole = NULL;
  const char *rest;
  Scheme scheme;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strlen (uri) > DIPCC_CALL_URI_MAX_LENGTH)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("The link is longer than %d characters, so it was not dialled"),
                   DIPCC_CALL_URI_MAX_LENGTH);
      return NULL;
    }

  /* only ASCII white space around it: a CR LF inside is refused below */
  trimmed = g_strdup (uri);
  g_strstrip (trimmed);

  scheme = read_scheme (trimmed, &rest, &scheme_name);
  if (scheme == SCHEME_NONE && scheme_name != NULL)
    {
      g_autofree char *quoted = dipcc_text_sanitize_display (scheme_name, -1, QUOTE_MAX_CHARS);

      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %s is a link's scheme, such as "http" */
                   _("“%s:” links cannot be dialled: use a tel:, callto: or sip: link, "
                     "or a phone number"),
                   quoted);
      return NULL;
    }
  if (scheme == SCHEME_NONE)
    return dipcc_phone_number_normalize (trimmed, error);

  /* every part is checked, also those that are dropped */
  whole = decode (rest, strlen (rest));
  encoded = number_part (scheme, rest);
  if (whole != NULL)
    decoded = decode (encoded, strlen (encoded));
  if (decoded == NULL)
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("The link holds a line break, a control character, a broken "
                             "percent-escape or text that is not UTF-8, so it was not "
                             "dialled"));
      return NULL;
    }

  return dipcc_phone_number_normalize (decoded, error);
}
