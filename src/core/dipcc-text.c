/* dipcc-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-text"

#include "config.h"

#include <string.h>

#include "dipcc-text.h"

#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD"

/**
 * dipcc_utf8_is_clean:
 * @text: bytes
 * @len: their length
 *
 * Returns: whether @text is valid UTF-8 without NUL bytes, so it can be kept
 *   as a C string as it is
 */
gboolean
dipcc_utf8_is_clean (const char *text,
                     gsize       len)
{
  /* Unlike g_utf8_validate() with -1, a given length makes NUL invalid. */
  return len == 0 || g_utf8_validate_len (text, len, NULL);
}

/**
 * dipcc_utf8_append_valid:
 * @out: where to append
 * @text: untrusted bytes: Latin-1 or CP949 from a caller-id name, say
 * @len: their length
 *
 * Appends @text with every byte that is not part of valid UTF-8, and every
 * NUL, replaced by U+FFFD, so nothing is passed on raw and nothing after a
 * NUL is silently cut off.
 */
void
dipcc_utf8_append_valid (GString    *out,
                         const char *text,
                         gsize       len)
{
  const char *p = text;
  const char *stop = text + len;

  while (p < stop)
    {
      const char *end = NULL;

      if (g_utf8_validate_len (p, stop - p, &end))
        {
          g_string_append_len (out, p, stop - p);
          return;
        }
      g_string_append_len (out, p, end - p);
      g_string_append (out, REPLACEMENT_CHARACTER);
      p = end + 1;
    }
}

/**
 * dipcc_utf8_make_valid:
 * @text: untrusted bytes
 * @len: their length, or -1 when NUL-terminated
 * @out_len: (out) (optional): the length of the result
 *
 * Returns: (transfer full): @text as valid UTF-8 with no NUL inside (see
 *   dipcc_utf8_append_valid())
 */
char *
dipcc_utf8_make_valid (const char *text,
                       gssize      len,
                       gsize      *out_len)
{
  GString *out;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (len < 0)
    len = strlen (text);

  if (dipcc_utf8_is_clean (text, len))
    {
      if (out_len)
        *out_len = len;
      return g_strndup (text, len);
    }

  out = g_string_sized_new (len + 8);
  dipcc_utf8_append_valid (out, text, len);
  if (out_len)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}
