/* dipcc-url-template.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-url-template"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-error.h"
#include "dipcc-text.h"
#include "dipcc-url-template.h"

/* How much of an unknown placeholder an error message quotes. */
#define QUOTE_MAX_CHARS 24

static const char * const placeholders[] = {
  "number",
  "name",
  "did",
  "main",
  "uniqueid",
  "extension",
  NULL
};

typedef enum {
  PIECE_TEXT,
  PIECE_PLACEHOLDER,
} PieceKind;

typedef struct {
  PieceKind   kind;
  const char *start;
  gsize       len;
} Piece;

static gboolean
is_placeholder (const char *name,
                gsize       len)
{
  for (guint i = 0; placeholders[i] != NULL; i++)
    if (strlen (placeholders[i]) == len && strncmp (placeholders[i], name, len) == 0)
      return TRUE;
  return FALSE;
}

static void
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT, message);
}

/* Splits @template_ into text and placeholders, checking every character.
 * Returns the pieces, or NULL with @error set. */
static GArray *
split (const char  *template_,
       GError     **error)
{
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  const char *p = template_;
  const char *text = template_;

  while (*p)
    {
      guchar c = (guchar) *p;

      if (c == '{')
        {
          const char *close = strchr (p + 1, '}');
          const char *open = strchr (p + 1, '{');
          Piece piece = { PIECE_TEXT, text, p - text };

          if (close == NULL || (open != NULL && open < close))
            {
              set_invalid (error, _("A “{” in the screen-pop address is not closed by “}”"));
              return NULL;
            }
          if (!is_placeholder (p + 1, close - p - 1))
            {
              g_autofree char *quoted = dipcc_text_sanitize_display (p + 1, close - p - 1,
                                                                      QUOTE_MAX_CHARS);

              g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           /* Translators: keep the {…} words as they are */
                           _("Unknown placeholder “{%s}” in the screen-pop address: use "
                             "{number}, {name}, {did}, {main}, {uniqueid} or {extension}"),
                           quoted);
              return NULL;
            }
          if (piece.len > 0)
            g_array_append_val (pieces, piece);
          piece.kind = PIECE_PLACEHOLDER;
          piece.start = p + 1;
          piece.len = close - p - 1;
          g_array_append_val (pieces, piece);
          p = text = close + 1;
          continue;
        }
      if (c == '}')
        {
          set_invalid (error, _("A “}” in the screen-pop address has no “{” before it"));
          return NULL;
        }
      if (c <= 0x20 || c == 0x7f)
        {
          /* xgettext:no-c-format */
          set_invalid (error, _("The screen-pop address contains a space or a control "
                                "character: write a space as %20"));
          return NULL;
        }
      if (c == '%' && !(g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2])))
        {
          /* xgettext:no-c-format */
          set_invalid (error, _("The screen-pop address has a “%” that is not followed by "
                                "two hexadecimal digits: write a percent sign as %25"));
          return NULL;
        }
      p++;
    }
  if (p > text)
    {
      Piece piece = { PIECE_TEXT, text, p - text };

      g_array_append_val (pieces, piece);
    }
  return g_steal_pointer (&pieces);
}

/* Literal text of the template, with bytes outside ASCII percent-encoded
 * so that a path typed in Korean still makes a valid URL. */
static void
append_literal (GString    *out,
                const char *text,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c >= 0x80)
        g_string_append_printf (out, "%%%02X", c);
      else
        g_string_append_c (out, (char) c);
    }
}

/* The scheme and authority must be whole before the first placeholder:
 * values can then never choose where the browser goes. Returns the
 * length of `scheme://authority`, or 0 with @error set. */
static gsize
check_origin (const char  *template_,
              GArray      *pieces,
              GError     **error)
{
  const char *first_text = NULL;
  gsize first_len = 0;
  gsize scheme_len;
  const char *authority;
  gsize i;

  if (pieces->len > 0 && g_array_index (pieces, Piece, 0).kind == PIECE_TEXT)
    {
      first_text = g_array_index (pieces, Piece, 0).start;
      first_len = g_array_index (pieces, Piece, 0).len;
    }

  if (first_len >= 7 && g_ascii_strncasecmp (first_text, "http://", 7) == 0)
    scheme_len = 4;
  else if (first_len >= 8 && g_ascii_strncasecmp (first_text, "https://", 8) == 0)
    scheme_len = 5;
  else
    {
      set_invalid (error, _("The screen-pop address must start with http:// or https://"));
      return 0;
    }

  authority = first_text + scheme_len + 3;
  for (i = scheme_len + 3; i < first_len; i++)
    if (first_text[i] == '/' || first_text[i] == '?' || first_text[i] == '#')
      break;
  if (i == first_len && pieces->len > 1)
    {
      set_invalid (error, _("Placeholders can only come after the host name, as in "
                            "https://crm.example/search?number={number}"));
      return 0;
    }
  if (i == scheme_len + 3 || authority[0] == ':' || authority[0] == '@')
    {
      set_invalid (error, _("The screen-pop address has no host name: write it as "
                            "https://crm.example/search?number={number}"));
      return 0;
    }
  return i;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_strcmp0 (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b) &&
         g_strcmp0 (g_uri_get_userinfo (a), g_uri_get_userinfo (b)) == 0;
}

/* Parses @url as an absolute http(s) URL. */
static GUri *
parse_url (const char  *url,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &local_error);
  const char *scheme;

  if (uri == NULL)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("The screen-pop address is not a valid web address (%s)"),
                   local_error->message);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      set_invalid (error, _("The screen-pop address must start with http:// or https://"));
      return NULL;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      set_invalid (error, _("The screen-pop address has no host name: write it as "
                            "https://crm.example/search?number={number}"));
      return NULL;
    }
  return g_steal_pointer (&uri);
}

static char *
build (const char  *template_,
       GArray      *pieces,
       GHashTable  *values)
{
  GString *out = g_string_sized_new (strlen (template_) + 64);

  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *piece = &g_array_index (pieces, Piece, i);

      if (piece->kind == PIECE_TEXT)
        {
          append_literal (out, piece->start, piece->len);
        }
      else
        {
          g_autofree char *name = g_strndup (piece->start, piece->len);
          const char *value = values ? g_hash_table_lookup (values, name) : NULL;
          g_autofree char *encoded = dipcc_url_template_encode_value (value ? value : "");

          g_string_append (out, encoded);
        }
    }
  return g_string_free (out, FALSE);
}

/* Everything expand() checks, without values: returns the pieces. */
static GArray *
check (const char  *template_,
       GUri       **out_origin,
       GError     **error)
{
  g_autoptr(GArray) pieces = NULL;
  g_autoptr(GUri) whole = NULL;
  g_autoptr(GUri) origin = NULL;
  g_autofree char *url = NULL;
  g_autofree char *prefix = NULL;
  gsize len = strlen (template_);
  gsize origin_len;

  if (*template_ == '\0')
    {
      set_invalid (error, _("No screen-pop address given: enter one such as "
                            "https://crm.example/search?number={number}"));
      return NULL;
    }
  if (len > DIPCC_URL_TEMPLATE_MAX_LENGTH)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("The screen-pop address is longer than %d characters: shorten it"),
                   DIPCC_URL_TEMPLATE_MAX_LENGTH);
      return NULL;
    }
  if (!g_utf8_validate (template_, len, NULL))
    {
      set_invalid (error, _("The screen-pop address is not valid text: type it again"));
      return NULL;
    }

  pieces = split (template_, error);
  if (pieces == NULL)
    return NULL;
  origin_len = check_origin (template_, pieces, error);
  if (origin_len == 0)
    return NULL;

  /* The origin alone and the whole template (placeholders empty) must both
   * parse as URLs, with the same origin. */
  prefix = g_strndup (template_, origin_len);
  origin = parse_url (prefix, error);
  if (origin == NULL)
    return NULL;
  url = build (template_, pieces, NULL);
  whole = parse_url (url, error);
  if (whole == NULL)
    return NULL;
  if (!same_origin (origin, whole))
    {
      set_invalid (error, _("Placeholders can only come after the host name, as in "
                            "https://crm.example/search?number={number}"));
      return NULL;
    }

  if (out_origin)
    *out_origin = g_steal_pointer (&origin);
  return g_steal_pointer (&pieces);
}

/**
 * dipcc_url_template_placeholders:
 *
 * Returns: (transfer none): the placeholder names a template may use,
 *   without braces, %NULL-terminated
 */
const char * const *
dipcc_url_template_placeholders (void)
{
  return placeholders;
}

/**
 * dipcc_url_template_encode_value:
 * @value: a value from the PBX: a number, a caller-id name
 *
 * Makes @value safe inside any part of a URL: bytes that are not UTF-8
 * become U+FFFD, it is cut to %DIPCC_URL_TEMPLATE_MAX_VALUE_CHARS
 * characters, and every byte except the RFC 3986 unreserved characters
 * (`A-Z a-z 0-9 - . _ ~`) is percent-encoded, so `/ ? # & = @ :` and CR LF
 * stay data.
 *
 * Returns: (transfer full): the encoded value
 */
char *
dipcc_url_template_encode_value (const char *value)
{
  g_autofree char *valid = NULL;

  g_return_val_if_fail (value != NULL, NULL);

  valid = dipcc_utf8_make_valid (value, -1, NULL);
  if (g_utf8_strlen (valid, -1) > DIPCC_URL_TEMPLATE_MAX_VALUE_CHARS)
    {
      char *cut = g_utf8_substring (valid, 0, DIPCC_URL_TEMPLATE_MAX_VALUE_CHARS);

      g_free (valid);
      valid = cut;
    }
  return g_uri_escape_string (valid, NULL, FALSE);
}

/**
 * dipcc_url_template_validate:
 * @template_: a screen-pop address such as
 *   `https://crm.example/search?number={number}&name={name}`
 * @error: return location for a #GError
 *
 * Checks a template as an administrator types it: an absolute `http://` or
 * `https://` address with a host, where placeholders (`{number}`, `{name}`,
 * `{did}`, `{main}`, `{uniqueid}`, `{extension}`) come only after the host,
 * no other `{…}`, no space or control character, and `%` only as a
 * percent-encoding. Characters outside ASCII are allowed and are
 * percent-encoded when the template is expanded.
 *
 * Returns: %TRUE if @template_ can be expanded; otherwise %FALSE with
 *   %DIPCC_ERROR_INVALID_INPUT and a message saying what to change
 */
gboolean
dipcc_url_template_validate (const char  *template_,
                             GError     **error)
{
  g_autoptr(GArray) pieces = NULL;

  g_return_val_if_fail (template_ != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pieces = check (template_, NULL, error);
  return pieces != NULL;
}

/**
 * dipcc_url_template_expand:
 * @template_: a template (see dipcc_url_template_validate())
 * @values: (nullable) (element-type utf8 utf8): placeholder name (without
 *   braces) → value; a placeholder without a value becomes empty
 * @error: return location for a #GError
 *
 * Fills the placeholders of @template_ with their values, each encoded by
 * dipcc_url_template_encode_value(). The scheme, host and port of the
 * result are those of the template whatever the values hold.
 *
 * Returns: (transfer full): the URL to open, or %NULL with
 *   %DIPCC_ERROR_INVALID_INPUT when the template is not valid
 */
char *
dipcc_url_template_expand (const char  *template_,
                           GHashTable  *values,
                           GError     **error)
{
  g_autoptr(GArray) pieces = NULL;
  g_autoptr(GUri) origin = NULL;
  g_autoptr(GUri) result = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (template_ != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pieces = check (template_, &origin, error);
  if (pieces == NULL)
    return NULL;

  url = build (template_, pieces, values);
  /* encoded values cannot move the origin; checked all the same */
  result = parse_url (url, error);
  if (result == NULL)
    return NULL;
  if (!same_origin (origin, result))
    {
      g_critical ("A value moved the origin of a screen-pop address");
      set_invalid (error, _("Placeholders can only come after the host name, as in "
                            "https://crm.example/search?number={number}"));
      return NULL;
    }
  return g_steal_pointer (&url);
}
