/* dipcc-vcard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads what phones, mail programs and address books write (vCard 2.1,
 * 3.0 and 4.0, RFC 2426 and RFC 6350, and their common deviations) and
 * writes vCard 3.0. Reading is all or nothing: a file whose structure is
 * broken is refused with the line where it breaks, since a half-read file
 * saved back would lose contacts.
 */
#define G_LOG_DOMAIN "dipcc-vcard"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-error.h"
#include "dipcc-text.h"
#include "dipcc-vcard.h"

#define UTF8_BOM "\xEF\xBB\xBF"

/* How much of a refused line an error message quotes, in characters. */
#define QUOTE_MAX_CHARS 40

/* vCard 3.0 folds lines longer than 75 octets (RFC 2426 §2.6). */
#define FOLD_OCTETS 75

typedef enum {
  TYPE_CELL  = 1 << 0,
  TYPE_WORK  = 1 << 1,
  TYPE_HOME  = 1 << 2,
  TYPE_MAIN  = 1 << 3,
  TYPE_FAX   = 1 << 4,
  TYPE_PREF  = 1 << 5,
  TYPE_OTHER = 1 << 6,
} TypeFlags;

typedef enum {
  ENCODING_NONE,
  ENCODING_QUOTED_PRINTABLE,
  ENCODING_BASE64,
} Encoding;

typedef struct {
  TypeFlags  types;
  char      *custom_type;
  Encoding   encoding;
  char      *charset;
  gboolean   value_uri;
} Params;

typedef struct {
  char     *group;
  char     *number;
  char     *label;
  gboolean  preferred;
  TypeFlags types;
} Tel;

typedef struct {
  guint      begin_line;
  gboolean   v21;
  char      *uid;
  char      *fn;
  char      *n;
  char      *org;
  char      *email;
  gboolean   email_preferred;
  char      *note;
  /* Owned: Tel */
  GPtrArray *tels;
  /* Owned: group → X-ABLabel text, for Apple's custom labels */
  GHashTable *group_labels;
} Card;

typedef struct {
  const char *data;
  gsize       len;
  gsize       pos;
  guint       line_no;
} Reader;

static void
tel_free (Tel *tel)
{
  g_free (tel->group);
  g_free (tel->number);
  g_free (tel->label);
  g_free (tel);
}

static void
params_clear (Params *params)
{
  g_clear_pointer (&params->custom_type, g_free);
  g_clear_pointer (&params->charset, g_free);
  memset (params, 0, sizeof *params);
}

static void
card_clear (Card *card)
{
  g_clear_pointer (&card->uid, g_free);
  g_clear_pointer (&card->fn, g_free);
  g_clear_pointer (&card->n, g_free);
  g_clear_pointer (&card->org, g_free);
  g_clear_pointer (&card->email, g_free);
  g_clear_pointer (&card->note, g_free);
  g_clear_pointer (&card->tels, g_ptr_array_unref);
  g_clear_pointer (&card->group_labels, g_hash_table_unref);
  memset (card, 0, sizeof *card);
}

static void
card_init (Card *card,
           guint begin_line)
{
  card_clear (card);
  card->begin_line = begin_line;
  card->tels = g_ptr_array_new_with_free_func ((GDestroyNotify) tel_free);
}

/* @text cut short and made safe to show inside a message. */
static char *
quote_line (const char *text,
            gsize       len)
{
  g_autofree char *valid = dipcc_utf8_make_valid (text, MIN (len, QUOTE_MAX_CHARS * 4), NULL);
  g_autofree char *clean = dipcc_text_sanitize_display (valid, -1, QUOTE_MAX_CHARS);

  return g_steal_pointer (&clean);
}

/* Reads one physical line ending in CRLF, LF or CR (or the end). */
static gboolean
reader_next (Reader      *reader,
             const char **line,
             gsize       *line_len)
{
  const char *start;
  const char *end;
  const char *stop;

  if (reader->pos >= reader->len)
    return FALSE;

  start = reader->data + reader->pos;
  stop = reader->data + reader->len;
  for (end = start; end < stop && *end != '\n' && *end != '\r'; end++)
    ;
  *line = start;
  *line_len = end - start;
  if (end < stop)
    {
      if (*end == '\r' && end + 1 < stop && end[1] == '\n')
        end++;
      end++;
    }
  reader->pos = end - reader->data;
  reader->line_no++;
  return TRUE;
}

static gboolean
reader_peek_is_continuation (Reader *reader)
{
  if (reader->pos >= reader->len)
    return FALSE;
  return reader->data[reader->pos] == ' ' || reader->data[reader->pos] == '\t';
}

/* Some writers end a quoted-printable value with a stray `=`: the card's
 * end is never part of the value. */
static gboolean
reader_peek_is_end (Reader *reader)
{
  return reader->len - reader->pos >= 9 &&
         g_ascii_strncasecmp (reader->data + reader->pos, "END:VCARD", 9) == 0;
}

static gboolean
reader_at_end (Reader *reader)
{
  return reader->pos >= reader->len;
}

static gboolean
check_line_length (gsize    len,
                   guint    line_no,
                   GError **error)
{
  if (len <= DIPCC_VCARD_MAX_LINE)
    return TRUE;

  g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
               /* Translators: %u is a line number */
               _("Line %u is longer than 1 MiB, so this is not a contacts file or it is "
                 "damaged. Nothing was imported."),
               line_no);
  return FALSE;
}

/* Where the name and parameters end: the first `:` outside quotes. */
static const char *
find_value_colon (const char *line,
                  gsize       len)
{
  gboolean quoted = FALSE;
  const char *first = NULL;

  for (gsize i = 0; i < len; i++)
    {
      if (line[i] == '"')
        quoted = !quoted;
      else if (line[i] == ':')
        {
          if (first == NULL)
            first = line + i;
          if (!quoted)
            return line + i;
        }
    }
  /* an unbalanced quote in a parameter: take the first colon after all */
  return first;
}

static gboolean
has_quoted_printable (const char *line,
                      gsize       len)
{
  const char *colon = find_value_colon (line, len);
  gsize name_len = colon != NULL ? (gsize) (colon - line) : len;
  static const char needle[] = "QUOTED-PRINTABLE";

  for (gsize i = 0; i + sizeof needle - 1 <= name_len; i++)
    {
      if (g_ascii_strncasecmp (line + i, needle, sizeof needle - 1) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Reads one logical line into @out: folded lines joined, and for
 * quoted-printable values the soft line breaks (`=` at the end) too. */
static gboolean
read_logical_line (Reader   *reader,
                   GString  *out,
                   guint    *line_no,
                   gboolean *found,
                   GError  **error)
{
  const char *line;
  gsize line_len;
  gboolean qp;

  *found = FALSE;
  g_string_truncate (out, 0);

  /* blank lines between properties mean nothing */
  do
    {
      if (!reader_next (reader, &line, &line_len))
        return TRUE;
      if (!check_line_length (line_len, reader->line_no, error))
        return FALSE;
    }
  while (line_len == 0);

  *found = TRUE;
  *line_no = reader->line_no;
  g_string_append_len (out, line, line_len);
  qp = has_quoted_printable (line, line_len);

  for (;;)
    {
      if (qp && out->len > 0 && out->str[out->len - 1] == '=' && !reader_at_end (reader) &&
          !reader_peek_is_end (reader))
        {
          g_string_truncate (out, out->len - 1);
          reader_next (reader, &line, &line_len);
          if (!check_line_length (line_len, reader->line_no, error))
            return FALSE;
          g_string_append_len (out, line, line_len);
        }
      else if (reader_peek_is_continuation (reader))
        {
          reader_next (reader, &line, &line_len);
          if (!check_line_length (line_len, reader->line_no, error))
            return FALSE;
          g_string_append_len (out, line + 1, line_len - 1);
        }
      else
        break;
    }
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* Soft breaks are already joined; a stray `=` is kept as it is. */
static GString *
decode_quoted_printable (const char *text,
                         gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      int hi, lo;

      if (text[i] == '=' && i + 2 < len &&
          (hi = hex_value (text[i + 1])) >= 0 && (lo = hex_value (text[i + 2])) >= 0)
        {
          g_string_append_c (out, (char) (hi << 4 | lo));
          i += 2;
        }
      else
        g_string_append_c (out, text[i]);
    }
  return out;
}

/* Bytes in @charset (or unknown) to valid UTF-8. Text that is not UTF-8
 * and names no charset is most likely from a Korean phone: CP949. */
static char *
to_utf8 (const char *bytes,
         gsize       len,
         const char *charset)
{
  g_autofree char *converted = NULL;
  gsize written = 0;

  if (charset != NULL &&
      g_ascii_strcasecmp (charset, "UTF-8") != 0 && g_ascii_strcasecmp (charset, "UTF8") != 0)
    {
      const char *from = charset;

      /* CP949 is a superset of EUC-KR that Korean Windows and phones use
       * under either name. */
      if (g_ascii_strcasecmp (charset, "EUC-KR") == 0 ||
          g_ascii_strcasecmp (charset, "EUCKR") == 0 ||
          g_ascii_strcasecmp (charset, "KS_C_5601-1987") == 0 ||
          g_ascii_strcasecmp (charset, "UHC") == 0)
        from = "CP949";
      converted = g_convert (bytes, len, "UTF-8", from, NULL, &written, NULL);
      if (converted != NULL)
        return dipcc_utf8_make_valid (converted, written, NULL);
    }

  if (dipcc_utf8_is_clean (bytes, len))
    return g_strndup (bytes, len);

  converted = g_convert (bytes, len, "UTF-8", "CP949", NULL, &written, NULL);
  if (converted != NULL)
    return dipcc_utf8_make_valid (converted, written, NULL);
  return dipcc_utf8_make_valid (bytes, len, NULL);
}

/* Undoes vCard escapes. vCard 2.1 knows only `\;` (and writers add `\,`
 * and `\\`); a `\n` there is a backslash and an n. Unknown escapes are
 * kept as they are. */
static void
append_unescaped (GString    *out,
                  const char *text,
                  gsize       len,
                  gboolean    v21)
{
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\\' && i + 1 < len)
        {
          char next = text[i + 1];

          if (next == ';' || next == ',' || next == '\\')
            {
              g_string_append_c (out, next);
              i++;
              continue;
            }
          if (!v21 && (next == 'n' || next == 'N'))
            {
              g_string_append_c (out, '\n');
              i++;
              continue;
            }
        }
      g_string_append_c (out, text[i]);
    }
}

/* Splits a structured value (N, ORG) at unescaped `;`; unescapes, converts
 * and returns the components. */
static GPtrArray *
split_components (const char *value,
                  gsize       len,
                  const char *charset,
                  gboolean    v21)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  GString *part = g_string_new (NULL);
  gsize start = 0;

  for (gsize i = 0; i <= len; i++)
    {
      if (i < len && value[i] == '\\' && i + 1 < len)
        {
          i++;
          continue;
        }
      if (i == len || value[i] == ';')
        {
          g_string_truncate (part, 0);
          append_unescaped (part, value + start, i - start, v21);
          g_ptr_array_add (parts, to_utf8 (part->str, part->len, charset));
          start = i + 1;
        }
    }
  g_string_free (part, TRUE);
  return parts;
}

static char *
decode_text (const char *value,
             gsize       len,
             const char *charset,
             gboolean    v21)
{
  GString *part = g_string_sized_new (len);
  char *text;

  append_unescaped (part, value, len, v21);
  text = to_utf8 (part->str, part->len, charset);
  g_string_free (part, TRUE);
  return text;
}

static gboolean
is_hangul (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) ||
          (c >= 0x3130 && c <= 0x318F))
        return TRUE;
    }
  return FALSE;
}

/* The name from N (family;given;additional;prefix;suffix): `홍길동` for a
 * Korean name, `Dr. Gil-dong Hong Jr.` otherwise. */
static char *
name_from_n (GPtrArray *parts)
{
  const char *family = parts->len > 0 ? g_strstrip (parts->pdata[0]) : "";
  const char *given = parts->len > 1 ? g_strstrip (parts->pdata[1]) : "";
  const char *additional = parts->len > 2 ? g_strstrip (parts->pdata[2]) : "";
  const char *prefix = parts->len > 3 ? g_strstrip (parts->pdata[3]) : "";
  const char *suffix = parts->len > 4 ? g_strstrip (parts->pdata[4]) : "";
  const char *order[5];
  GString *out = g_string_new (NULL);

  if (is_hangul (family) || is_hangul (given))
    {
      g_string_append (out, family);
      g_string_append (out, given);
      g_string_append (out, additional);
      return g_string_free (out, FALSE);
    }

  order[0] = prefix;
  order[1] = given;
  order[2] = additional;
  order[3] = family;
  order[4] = suffix;
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (*order[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, order[i]);
    }
  return g_string_free (out, FALSE);
}

static void
add_type (Params     *params,
          const char *type,
          gsize       len)
{
  g_autofree char *lower = g_ascii_strdown (type, len);
  const char *t = lower;

  g_strstrip (lower);
  if (*t == '\0')
    return;

  if (strcmp (t, "cell") == 0 || strcmp (t, "mobile") == 0 || strcmp (t, "iphone") == 0)
    params->types |= TYPE_CELL;
  else if (strcmp (t, "work") == 0)
    params->types |= TYPE_WORK;
  else if (strcmp (t, "home") == 0)
    params->types |= TYPE_HOME;
  else if (strcmp (t, "main") == 0)
    params->types |= TYPE_MAIN;
  else if (strcmp (t, "fax") == 0)
    params->types |= TYPE_FAX;
  else if (strcmp (t, "pref") == 0)
    params->types |= TYPE_PREF;
  else if (strcmp (t, "other") == 0)
    params->types |= TYPE_OTHER;
  else if (strcmp (t, "voice") == 0 || strcmp (t, "text") == 0 || strcmp (t, "msg") == 0 ||
           strcmp (t, "internet") == 0 || strcmp (t, "x400") == 0 ||
           strcmp (t, "dom") == 0 || strcmp (t, "intl") == 0 || strcmp (t, "postal") == 0 ||
           strcmp (t, "parcel") == 0)
    ;
  else if (params->custom_type == NULL)
    {
      /* Android writes custom labels as `TEL;X-Label:` */
      const char *label = type;
      gsize label_len = len;

      if (len > 2 && g_ascii_strncasecmp (type, "x-", 2) == 0)
        label += 2, label_len -= 2;
      params->custom_type = g_strndup (label, label_len);
    }
}

static void
add_param_values (Params     *params,
                  const char *key,
                  gsize       key_len,
                  const char *value,
                  gsize       value_len)
{
  gsize start = 0;

#define KEY_IS(k) (key_len == sizeof k - 1 && g_ascii_strncasecmp (key, k, key_len) == 0)

  /* quotes around a 4.0 parameter value: TYPE="cell,voice" */
  if (value_len >= 2 && value[0] == '"' && value[value_len - 1] == '"')
    value++, value_len -= 2;

  if (KEY_IS ("TYPE"))
    {
      for (gsize i = 0; i <= value_len; i++)
        {
          if (i == value_len || value[i] == ',')
            {
              add_type (params, value + start, i - start);
              start = i + 1;
            }
        }
    }
  else if (KEY_IS ("ENCODING"))
    {
      if (value_len == 16 && g_ascii_strncasecmp (value, "QUOTED-PRINTABLE", 16) == 0)
        params->encoding = ENCODING_QUOTED_PRINTABLE;
      else if ((value_len == 1 && g_ascii_toupper (value[0]) == 'B') ||
               (value_len == 6 && g_ascii_strncasecmp (value, "BASE64", 6) == 0))
        params->encoding = ENCODING_BASE64;
    }
  else if (KEY_IS ("CHARSET"))
    {
      g_free (params->charset);
      params->charset = g_strndup (value, value_len);
    }
  else if (KEY_IS ("VALUE"))
    params->value_uri = value_len == 3 && g_ascii_strncasecmp (value, "uri", 3) == 0;
  else if (KEY_IS ("PREF"))
    {
      /* 4.0: PREF=1 is the most preferred */
      if (value_len == 0 || (value_len == 1 && value[0] == '1'))
        params->types |= TYPE_PREF;
    }

#undef KEY_IS
}

static void
parse_params (Params     *params,
              const char *text,
              gsize       len)
{
  gsize start = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i <= len; i++)
    {
      if (i < len && text[i] == '"')
        quoted = !quoted;
      if (i == len || (text[i] == ';' && !quoted))
        {
          const char *param = text + start;
          gsize param_len = i - start;
          const char *eq = memchr (param, '=', param_len);

          if (eq != NULL)
            add_param_values (params, param, eq - param, eq + 1, param_len - (eq + 1 - param));
          else if (param_len == 16 && g_ascii_strncasecmp (param, "QUOTED-PRINTABLE", 16) == 0)
            params->encoding = ENCODING_QUOTED_PRINTABLE;
          else if (param_len == 6 && g_ascii_strncasecmp (param, "BASE64", 6) == 0)
            params->encoding = ENCODING_BASE64;
          else if ((param_len == 4 && g_ascii_strncasecmp (param, "8BIT", 4) == 0) ||
                   (param_len == 4 && g_ascii_strncasecmp (param, "7BIT", 4) == 0))
            ;
          else
            add_type (params, param, param_len);   /* 2.1: TEL;CELL;PREF: */
          start = i + 1;
        }
    }
}

static gboolean
is_apple_label (const char *text)
{
  return strlen (text) > 8 && g_str_has_prefix (text, "_$!<") && g_str_has_suffix (text, ">!$_");
}

/* Apple writes its standard labels as `_$!<Mobile>!$_`. */
static char *
label_from_text (const char *text)
{
  gsize len = strlen (text);

  if (is_apple_label (text))
    {
      g_autofree char *inner = g_strndup (text + 4, len - 8);

      if (g_ascii_strcasecmp (inner, "Mobile") == 0 || g_ascii_strcasecmp (inner, "iPhone") == 0)
        return g_strdup (DIPCC_CONTACT_LABEL_CELL);
      if (g_ascii_strcasecmp (inner, "HomeFAX") == 0 ||
          g_ascii_strcasecmp (inner, "WorkFAX") == 0 ||
          g_ascii_strcasecmp (inner, "OtherFAX") == 0)
        return g_strdup (DIPCC_CONTACT_LABEL_FAX);
      return g_steal_pointer (&inner);
    }
  return g_strdup (text);
}


static const char *
label_from_types (TypeFlags types)
{
  if (types & TYPE_FAX)
    return DIPCC_CONTACT_LABEL_FAX;
  if (types & TYPE_CELL)
    return DIPCC_CONTACT_LABEL_CELL;
  if (types & TYPE_MAIN)
    return DIPCC_CONTACT_LABEL_MAIN;
  if (types & TYPE_WORK)
    return DIPCC_CONTACT_LABEL_WORK;
  if (types & TYPE_HOME)
    return DIPCC_CONTACT_LABEL_HOME;
  return NULL;
}

/* A property value as text: transfer encoding undone, then charset. */
static GString *
raw_value (const Params *params,
           const char   *value,
           gsize         len)
{
  if (params->encoding == ENCODING_QUOTED_PRINTABLE)
    return decode_quoted_printable (value, len);

  if (params->encoding == ENCODING_BASE64)
    {
      g_autofree char *copy = g_strndup (value, len);
      g_autofree guchar *decoded = NULL;
      gsize decoded_len = 0;
      GString *out;

      decoded = g_base64_decode (copy, &decoded_len);
      out = g_string_sized_new (decoded_len);
      if (decoded != NULL)
        g_string_append_len (out, (const char *) decoded, decoded_len);
      return out;
    }

  return g_string_new_len (value, len);
}

static void
set_once (char       **field,
          char        *value)
{
  if (*field == NULL || **field == '\0')
    {
      g_free (*field);
      *field = value;
    }
  else
    g_free (value);
}

static void
handle_property (Card       *card,
                 const char *group,
                 gsize       group_len,
                 const char *name,
                 gsize       name_len,
                 const char *params_text,
                 gsize       params_len,
                 const char *value,
                 gsize       value_len)
{
  Params params = { 0, };
  GString *raw;

#define NAME_IS(n) (name_len == sizeof n - 1 && g_ascii_strncasecmp (name, n, name_len) == 0)

  if (!(NAME_IS ("FN") || NAME_IS ("N") || NAME_IS ("ORG") || NAME_IS ("TEL") ||
        NAME_IS ("EMAIL") || NAME_IS ("NOTE") || NAME_IS ("UID") || NAME_IS ("VERSION") ||
        NAME_IS ("X-ABLABEL")))
    return;

  parse_params (&params, params_text, params_len);
  raw = raw_value (&params, value, value_len);

  if (NAME_IS ("VERSION"))
    card->v21 = raw->len >= 3 && strncmp (raw->str, "2.1", 3) == 0;
  else if (NAME_IS ("FN"))
    set_once (&card->fn, decode_text (raw->str, raw->len, params.charset, card->v21));
  else if (NAME_IS ("N"))
    {
      GPtrArray *parts = split_components (raw->str, raw->len, params.charset, card->v21);

      set_once (&card->n, name_from_n (parts));
      g_ptr_array_unref (parts);
    }
  else if (NAME_IS ("ORG"))
    {
      GPtrArray *parts = split_components (raw->str, raw->len, params.charset, card->v21);
      GString *org = g_string_new (NULL);

      /* organization;unit;unit */
      for (guint i = 0; i < parts->len; i++)
        {
          const char *part = g_strstrip (parts->pdata[i]);

          if (*part == '\0')
            continue;
          if (org->len > 0)
            g_string_append (org, ", ");
          g_string_append (org, part);
        }
      set_once (&card->org, g_string_free (org, FALSE));
      g_ptr_array_unref (parts);
    }
  else if (NAME_IS ("EMAIL"))
    {
      char *email = decode_text (raw->str, raw->len, params.charset, card->v21);

      if ((params.types & TYPE_PREF) && !card->email_preferred && *email != '\0')
        {
          g_free (card->email);
          card->email = email;
          card->email_preferred = TRUE;
        }
      else
        set_once (&card->email, email);
    }
  else if (NAME_IS ("NOTE"))
    set_once (&card->note, decode_text (raw->str, raw->len, params.charset, card->v21));
  else if (NAME_IS ("UID"))
    set_once (&card->uid, decode_text (raw->str, raw->len, params.charset, card->v21));
  else if (NAME_IS ("X-ABLABEL"))
    {
      if (group_len > 0)
        {
          if (card->group_labels == NULL)
            card->group_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_replace (card->group_labels,
                                g_ascii_strdown (group, group_len),
                                decode_text (raw->str, raw->len, params.charset, card->v21));
        }
    }
  else if (NAME_IS ("TEL"))
    {
      char *number = decode_text (raw->str, raw->len, params.charset, card->v21);
      char *digits = number;
      Tel *tel;

      /* 4.0: TEL;VALUE=uri:tel:+82-10-1234-5678;ext=12 keeps the number
       * without the URI's parameters; DipccContactNumber drops the `tel:` */
      if (params.value_uri)
        {
          while (*digits != '\0' && (guchar) *digits <= ' ')
            digits++;
          if (g_ascii_strncasecmp (digits, "tel:", 4) == 0 && strchr (digits, ';') != NULL)
            *strchr (digits, ';') = '\0';
        }

      tel = g_new0 (Tel, 1);
      tel->group = group_len > 0 ? g_ascii_strdown (group, group_len) : NULL;
      tel->number = g_strdup (digits);
      tel->types = params.types;
      tel->preferred = (params.types & TYPE_PREF) != 0;
      if (label_from_types (params.types) != NULL)
        tel->label = g_strdup (label_from_types (params.types));
      else if (params.custom_type != NULL)
        tel->label = to_utf8 (params.custom_type, strlen (params.custom_type), NULL);
      g_ptr_array_add (card->tels, tel);
      g_free (number);
    }

#undef NAME_IS

  g_string_free (raw, TRUE);
  params_clear (&params);
}

static DipccContact *
card_to_contact (Card *card)
{
  DipccContact *contact = dipcc_contact_new_with_uid (card->uid);
  g_autoptr(GPtrArray) numbers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_contact_number_unref);
  g_autofree char *fn = card->fn != NULL ? g_strstrip (g_strdup (card->fn)) : NULL;

  dipcc_contact_set_name (contact, fn != NULL && *fn != '\0' ? fn : card->n);
  dipcc_contact_set_organization (contact, card->org);
  dipcc_contact_set_email (contact, card->email);
  dipcc_contact_set_note (contact, card->note);

  for (guint i = 0; i < card->tels->len; i++)
    {
      Tel *tel = card->tels->pdata[i];
      g_autofree char *label = NULL;
      DipccContactNumber *number;

      if (tel->group != NULL && card->group_labels != NULL)
        {
          const char *text = g_hash_table_lookup (card->group_labels, tel->group);

          if (text != NULL && *text != '\0')
            label = label_from_text (text);
        }
      if (label == NULL)
        label = g_strdup (tel->label);

      number = dipcc_contact_number_new (tel->number, label, tel->preferred);
      if (number != NULL)
        g_ptr_array_add (numbers, number);
    }
  dipcc_contact_set_numbers (contact, numbers);
  return contact;
}

static gboolean
span_is (const char *text,
         gsize       len,
         const char *word)
{
  gsize word_len = strlen (word);

  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    len--;
  while (len > 0 && (*text == ' ' || *text == '\t'))
    text++, len--;
  return len == word_len && g_ascii_strncasecmp (text, word, len) == 0;
}

/**
 * dipcc_vcard_parse:
 * @data: the file's bytes
 * @len: their length
 * @n_skipped: (out) (optional): how many cards were empty (no name,
 *   organization, email or number) and left out
 * @error: return location for a #GError
 *
 * Reads a vCard file (2.1, 3.0 or 4.0). It accepts a BOM, CRLF, LF or CR
 * line ends, folded lines, quoted-printable with soft line breaks, the
 * escapes, groups (`item1.TEL`), parameters in the 2.1, 3.0 and 4.0
 * styles, `tel:` URIs, and `CHARSET` (EUC-KR and CP949 included). Text
 * that is not UTF-8 and names no charset is read as CP949, and what still
 * is not UTF-8 is replaced. Properties it does not use are ignored.
 *
 * All or nothing: when the structure is broken (a card without its end,
 * an end without its card, a line that is not a property), nothing is
 * returned and the error names the line.
 *
 * Returns: (transfer full) (element-type DipccContact) (nullable): the
 *   contacts in file order, or %NULL with %DIPCC_ERROR_INVALID_INPUT, or
 *   %DIPCC_ERROR_TOO_LARGE for a file over %DIPCC_VCARD_MAX_SIZE or a line
 *   over %DIPCC_VCARD_MAX_LINE
 */
GPtrArray *
dipcc_vcard_parse (const char  *data,
                   gsize        len,
                   guint       *n_skipped,
                   GError     **error)
{
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GString) line = NULL;
  g_autofree char *quoted = NULL;
  Reader reader = { data, len, 0, 0 };
  Card card = { 0, };
  gboolean in_card = FALSE;
  gboolean after_base64 = FALSE;
  guint skipped = 0;
  guint line_no = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_skipped != NULL)
    *n_skipped = 0;

  if (len > DIPCC_VCARD_MAX_SIZE)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
                   _("The file is larger than 64 MiB, too large for a contacts file. "
                     "Nothing was imported."));
      return NULL;
    }

  if (len >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    reader.pos = 3;

  contacts = g_ptr_array_new_with_free_func (g_object_unref);
  line = g_string_sized_new (256);

  for (;;)
    {
      const char *colon;
      const char *name;
      const char *name_end;
      const char *semicolon;
      const char *dot;
      gboolean found;

      if (!read_logical_line (&reader, line, &line_no, &found, error))
        goto failed;
      if (!found)
        break;

      colon = find_value_colon (line->str, line->len);
      if (colon == NULL)
        {
          /* 2.1 base64 data may go on in lines without indentation */
          if (in_card && after_base64)
            continue;
          quoted = quote_line (line->str, line->len);
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       /* Translators: %u is a line number, %s the start of that line */
                       _("Line %u: “%s” is not a vCard property (it has no “:”). "
                         "Nothing was imported."),
                       line_no, quoted);
          goto failed;
        }

      name = line->str;
      semicolon = memchr (name, ';', colon - name);
      name_end = semicolon != NULL ? semicolon : colon;
      dot = memchr (name, '.', name_end - name);

      if (span_is (name, name_end - name, "BEGIN"))
        {
          if (in_card)
            {
              g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           /* Translators: both %u are line numbers */
                           _("Line %u: this card has no END:VCARD before the next card "
                             "begins on line %u. Nothing was imported."),
                           card.begin_line, line_no);
              goto failed;
            }
          if (!span_is (colon + 1, line->len - (colon + 1 - line->str), "VCARD"))
            {
              quoted = quote_line (line->str, line->len);
              g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("Line %u: “%s” begins something that is not a vCard. "
                             "Nothing was imported."),
                           line_no, quoted);
              goto failed;
            }
          card_init (&card, line_no);
          in_card = TRUE;
          after_base64 = FALSE;
          continue;
        }

      if (span_is (name, name_end - name, "END"))
        {
          DipccContact *contact;

          if (!in_card)
            {
              quoted = quote_line (line->str, line->len);
              g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("Line %u: “%s” ends a card that never began (BEGIN:VCARD is "
                             "missing). Nothing was imported."),
                           line_no, quoted);
              goto failed;
            }
          in_card = FALSE;
          contact = card_to_contact (&card);
          if (dipcc_contact_is_empty (contact))
            {
              skipped++;
              g_object_unref (contact);
            }
          else
            g_ptr_array_add (contacts, contact);
          card_clear (&card);
          continue;
        }

      if (!in_card)
        {
          quoted = quote_line (line->str, line->len);
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       _("Line %u: “%s” is outside any card; a vCard file holds only "
                         "BEGIN:VCARD … END:VCARD blocks. Nothing was imported."),
                       line_no, quoted);
          goto failed;
        }

      {
        const char *value = colon + 1;
        gsize value_len = line->len - (value - line->str);
        const char *prop = dot != NULL ? dot + 1 : name;
        gsize group_len = dot != NULL ? (gsize) (dot - name) : 0;
        const char *params = semicolon != NULL ? semicolon + 1 : colon;
        gsize params_len = colon - params;
        Params probe = { 0, };

        handle_property (&card, name, group_len, prop, name_end - prop,
                         params, params_len, value, value_len);

        parse_params (&probe, params, params_len);
        after_base64 = probe.encoding == ENCODING_BASE64;
        params_clear (&probe);
      }
    }

  if (in_card)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("Line %u: this card never ends (END:VCARD is missing). Check that "
                     "the file is complete. Nothing was imported."),
                   card.begin_line);
      goto failed;
    }

  if (n_skipped != NULL)
    *n_skipped = skipped;
  return g_steal_pointer (&contacts);

failed:
  card_clear (&card);
  return NULL;
}

gboolean
dipcc_vcard_looks_like (const char *data,
                        gsize       len)
{
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (len >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace (data[i]))
    i++;
  return len - i >= 11 && g_ascii_strncasecmp (data + i, "BEGIN:VCARD", 11) == 0;
}

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case ',':
          g_string_append (out, "\\,");
          break;
        case ';':
          g_string_append (out, "\\;");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

/* Ends @line with CRLF into @out, folded at 75 octets without cutting a
 * UTF-8 sequence: a continuation line starts with a space. */
static void
append_folded (GString    *out,
               const char *line,
               gsize       len)
{
  gsize pos = 0;
  gsize limit = FOLD_OCTETS;

  while (len - pos > limit)
    {
      gsize cut = pos + limit;

      while (cut > pos && ((guchar) line[cut] & 0xC0) == 0x80)
        cut--;
      g_string_append_len (out, line + pos, cut - pos);
      g_string_append (out, "\r\n ");
      pos = cut;
      limit = FOLD_OCTETS - 1;
    }
  g_string_append_len (out, line + pos, len - pos);
  g_string_append (out, "\r\n");
}

static void
write_property (GString    *out,
                GString    *line,
                const char *name,
                const char *value)
{
  g_string_assign (line, name);
  g_string_append_c (line, ':');
  if (value != NULL)
    append_escaped (line, value);
  append_folded (out, line->str, line->len);
}

static const char *
type_for_label (const char *label)
{
  if (strcmp (label, DIPCC_CONTACT_LABEL_CELL) == 0)
    return "CELL";
  if (strcmp (label, DIPCC_CONTACT_LABEL_WORK) == 0)
    return "WORK";
  if (strcmp (label, DIPCC_CONTACT_LABEL_HOME) == 0)
    return "HOME";
  if (strcmp (label, DIPCC_CONTACT_LABEL_MAIN) == 0)
    return "MAIN";
  if (strcmp (label, DIPCC_CONTACT_LABEL_FAX) == 0)
    return "FAX";
  if (strcmp (label, DIPCC_CONTACT_LABEL_OTHER) == 0)
    return "VOICE";
  return NULL;
}

static void
write_contact (GString      *out,
               GString      *line,
               DipccContact *contact)
{
  const char *name = dipcc_contact_get_name (contact);
  GPtrArray *numbers = dipcc_contact_get_numbers (contact);
  guint item = 0;

  g_string_append (out, "BEGIN:VCARD\r\nVERSION:3.0\r\n");
  write_property (out, line, "UID", dipcc_contact_get_uid (contact));
  write_property (out, line, "FN", name);

  /* N is required in 3.0; other apps sort by it */
  g_string_assign (line, "N:");
  if (name != NULL && !is_hangul (name) && strrchr (name, ' ') != NULL)
    {
      const char *space = strrchr (name, ' ');
      g_autofree char *given = g_strndup (name, space - name);

      append_escaped (line, space + 1);
      g_string_append_c (line, ';');
      append_escaped (line, given);
      g_string_append (line, ";;;");
    }
  else
    {
      if (name != NULL)
        append_escaped (line, name);
      g_string_append (line, ";;;;");
    }
  append_folded (out, line->str, line->len);

  if (dipcc_contact_get_organization (contact) != NULL)
    write_property (out, line, "ORG", dipcc_contact_get_organization (contact));

  for (guint i = 0; i < numbers->len; i++)
    {
      DipccContactNumber *number = numbers->pdata[i];
      const char *label = dipcc_contact_number_get_label (number);
      const char *type = type_for_label (label);
      gboolean preferred = dipcc_contact_number_get_preferred (number);
      g_autofree char *group = NULL;

      if (type == NULL)
        group = g_strdup_printf ("item%u.", ++item);

      g_string_assign (line, group != NULL ? group : "");
      g_string_append (line, "TEL");
      if (type != NULL || preferred)
        {
          g_string_append (line, ";TYPE=");
          if (type != NULL)
            g_string_append (line, type);
          if (preferred)
            g_string_append (line, type != NULL ? ",PREF" : "PREF");
        }
      g_string_append_c (line, ':');
      append_escaped (line, dipcc_contact_number_get_number (number));
      append_folded (out, line->str, line->len);

      if (group != NULL)
        {
          g_autofree char *label_name = g_strconcat (group, "X-ABLabel", NULL);

          /* a label that looks like Apple's wrapping is wrapped once more,
           * so that reading it back unwraps it to what it was */
          if (is_apple_label (label))
            {
              g_autofree char *wrapped = g_strconcat ("_$!<", label, ">!$_", NULL);

              write_property (out, line, label_name, wrapped);
            }
          else
            write_property (out, line, label_name, label);
        }
    }

  if (dipcc_contact_get_email (contact) != NULL)
    write_property (out, line, "EMAIL;TYPE=INTERNET", dipcc_contact_get_email (contact));
  if (dipcc_contact_get_note (contact) != NULL)
    write_property (out, line, "NOTE", dipcc_contact_get_note (contact));
  g_string_append (out, "END:VCARD\r\n");
}

/**
 * dipcc_vcard_write_contact:
 * @contact: a contact
 *
 * Writes one card, as dipcc_vcard_write() does for each contact: a file is
 * these cards one after the other.
 *
 * Returns: (transfer full): the card's text
 */
GBytes *
dipcc_vcard_write_contact (DipccContact *contact)
{
  GString *out;
  GString *line;
  gsize len;

  g_return_val_if_fail (DIPCC_IS_CONTACT (contact), NULL);

  out = g_string_sized_new (256);
  line = g_string_sized_new (128);
  write_contact (out, line, contact);
  g_string_free (line, TRUE);
  len = out->len;
  /* kept with the contact: without the GString's spare room */
  return g_bytes_new_take (g_realloc (g_string_free (out, FALSE), len + 1), len);
}

/**
 * dipcc_vcard_write:
 * @contacts: (element-type DipccContact): the contacts
 * @len: (out) (optional): the length of the result
 *
 * Writes the contacts as vCard 3.0: CRLF line ends, escapes, and lines
 * folded at 75 octets without splitting a UTF-8 sequence. Custom number
 * labels are written the way Apple does (`item1.TEL` with
 * `item1.X-ABLabel`). dipcc_vcard_parse() reads back every field as it was.
 *
 * Returns: (transfer full): the file's text
 */
char *
dipcc_vcard_write (GPtrArray *contacts,
                   gsize     *len)
{
  GString *out;
  GString *line;

  g_return_val_if_fail (contacts != NULL, NULL);

  out = g_string_sized_new (256 * (contacts->len + 1));
  line = g_string_sized_new (256);
  for (guint i = 0; i < contacts->len; i++)
    write_contact (out, line, contacts->pdata[i]);
  g_string_free (line, TRUE);

  if (len != NULL)
    *len = out->len;
  return g_string_free (out, FALSE);
}
