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


/**
 * dipcc_text_sanitize_display:
 * @text: untrusted text, such as a caller-id name set by the caller
 * @len: its length in bytes, or -1 when NUL-terminated
 * @max_chars: the most characters to keep; 0 for no limit
 *
 * Makes text from the PBX fit to show, keep and quote in a message: valid
 * UTF-8, control characters (line breaks, escapes, NUL) and invisible
 * format characters (bidirectional overrides, zero-width spaces) removed,
 * runs of white space folded to one space and trimmed, and cut to
 * @max_chars characters with "…" when longer.
 *
 * Returns: (transfer full): the display text, possibly empty
 */
/* Whether @text is what dipcc_text_sanitize_display() would make of it:
 * printable ASCII, single spaces between words, short enough. Most of
 * what the PBX sends (numbers, ids, causes) is, and is then kept without
 * a walk through its characters. */
static gboolean
is_clean_display_ascii (const char *text,
                        gsize       len,
                        guint       max_chars)
{
  if (max_chars > 0 && len > max_chars)
    return FALSE;
  if (len > 0 && (text[0] == ' ' || text[len - 1] == ' '))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c < 0x20 || c >= 0x7F || (c == ' ' && text[i + 1] == ' '))
        return FALSE;
    }
  return TRUE;
}

char *
dipcc_text_sanitize_display (const char *text,
                             gssize      len,
                             guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;
  guint n_chars = 0;
  gboolean pending_space = FALSE;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (text == NULL)
    return g_strdup ("");
  if (len < 0)
    len = strlen (text);
  if (is_clean_display_ascii (text, len, max_chars))
    return g_strndup (text, len);

  valid = dipcc_utf8_make_valid (text, len, NULL);
  out = g_string_sized_new (strlen (valid));

  for (p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          /* a line break or tab between words still separates them */
          if (g_unichar_isspace (c) && out->len > 0)
            pending_space = TRUE;
          continue;
        }
      /* invisible format characters (bidi embeddings, overrides and
       * isolates, zero-width spaces) could make a name read as
       * something else */
      if (g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;

      if (max_chars > 0 && n_chars + (pending_space ? 1 : 0) >= max_chars)
        {
          g_string_append (out, "\u2026");
          break;
        }
      if (pending_space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          pending_space = FALSE;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (out, FALSE);
}

/**
 * dipcc_set_str:
 * @field: (inout): a string a setter owns
 * @value: (nullable): the new value
 *
 * Replaces *@field with a copy of @value unless they are equal, for
 * setters that notify only on change (GLib 2.74 has no g_set_str()).
 *
 * Returns: whether *@field changed
 */
gboolean
dipcc_set_str (char       **field,
               const char  *value)
{
  char *copy;

  g_return_val_if_fail (field != NULL, FALSE);

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  copy = g_strdup (value);
  g_free (*field);
  *field = copy;
  return TRUE;
}
