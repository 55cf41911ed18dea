/* dipcc-csv-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV files as Google Contacts, Outlook (English and Korean) and Excel
 * write them: RFC 4180 with the usual variations (`;` or tab separators,
 * CR, LF or CRLF, a BOM), in UTF-8, UTF-16 or the CP949 that Korean Excel
 * saves by default. All or nothing, like the vCard reader.
 */
#define G_LOG_DOMAIN "dipcc-csv-import"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-csv-import.h"
#include "dipcc-error.h"
#include "dipcc-text.h"

#define UTF8_BOM "\xEF\xBB\xBF"

typedef enum {
  COL_IGNORE,
  COL_NAME,
  COL_GIVEN,
  COL_MIDDLE,
  COL_FAMILY,
  COL_ORG,
  COL_EMAIL,
  COL_NOTE,
  COL_PHONE,         /* a number with a fixed label: Outlook's `Mobile Phone` */
  COL_PHONE_TYPE,    /* Google's `Phone 1 - Type` / `Phone 1 - Label` */
  COL_PHONE_VALUE,   /* Google's `Phone 1 - Value` */
} ColumnRole;

typedef struct {
  ColumnRole  role;
  const char *label;
  guint       pair;     /* Google's phone number N */
  int         type_column;  /* for COL_PHONE_VALUE: its pair's type, or -1 */
} Column;

typedef struct {
  const char *header;
  ColumnRole  role;
  const char *label;
} KnownHeader;

/* Headers compared after trimming and ASCII lower-casing. */
static const KnownHeader known_headers[] = {
  { "name", COL_NAME, NULL },
  { "full name", COL_NAME, NULL },
  { "display name", COL_NAME, NULL },
  { "성명", COL_NAME, NULL },
  { "표시 이름", COL_NAME, NULL },
  { "given name", COL_GIVEN, NULL },
  { "first name", COL_GIVEN, NULL },
  { "additional name", COL_MIDDLE, NULL },
  { "middle name", COL_MIDDLE, NULL },
  { "중간 이름", COL_MIDDLE, NULL },
  { "family name", COL_FAMILY, NULL },
  { "last name", COL_FAMILY, NULL },
  { "성", COL_FAMILY, NULL },
  { "organization 1 - name", COL_ORG, NULL },
  { "organization name", COL_ORG, NULL },
  { "organization", COL_ORG, NULL },
  { "company", COL_ORG, NULL },
  { "회사", COL_ORG, NULL },
  { "회사명", COL_ORG, NULL },
  { "e-mail 1 - value", COL_EMAIL, NULL },
  { "e-mail address", COL_EMAIL, NULL },
  { "email address", COL_EMAIL, NULL },
  { "e-mail", COL_EMAIL, NULL },
  { "email", COL_EMAIL, NULL },
  { "primary email", COL_EMAIL, NULL },
  { "전자 메일 주소", COL_EMAIL, NULL },
  { "전자 메일", COL_EMAIL, NULL },
  { "이메일", COL_EMAIL, NULL },
  { "notes", COL_NOTE, NULL },
  { "note", COL_NOTE, NULL },
  { "memo", COL_NOTE, NULL },
  { "메모", COL_NOTE, NULL },
  { "mobile phone", COL_PHONE, DIPCC_CONTACT_LABEL_CELL },
  { "mobile number", COL_PHONE, DIPCC_CONTACT_LABEL_CELL },
  { "mobile", COL_PHONE, DIPCC_CONTACT_LABEL_CELL },
  { "휴대폰", COL_PHONE, DIPCC_CONTACT_LABEL_CELL },
  { "휴대 전화", COL_PHONE, DIPCC_CONTACT_LABEL_CELL },
  { "휴대전화", COL_PHONE, DIPCC_CONTACT_LABEL_CELL },
  { "핸드폰", COL_PHONE, DIPCC_CONTACT_LABEL_CELL },
  { "business phone", COL_PHONE, DIPCC_CONTACT_LABEL_WORK },
  { "business phone 2", COL_PHONE, DIPCC_CONTACT_LABEL_WORK },
  { "work phone", COL_PHONE, DIPCC_CONTACT_LABEL_WORK },
  { "회사 전화", COL_PHONE, DIPCC_CONTACT_LABEL_WORK },
  { "회사 전화 2", COL_PHONE, DIPCC_CONTACT_LABEL_WORK },
  { "직장 전화", COL_PHONE, DIPCC_CONTACT_LABEL_WORK },
  { "home phone", COL_PHONE, DIPCC_CONTACT_LABEL_HOME },
  { "home phone 2", COL_PHONE, DIPCC_CONTACT_LABEL_HOME },
  { "집 전화", COL_PHONE, DIPCC_CONTACT_LABEL_HOME },
  { "집 전화 2", COL_PHONE, DIPCC_CONTACT_LABEL_HOME },
  { "primary phone", COL_PHONE, DIPCC_CONTACT_LABEL_MAIN },
  { "company main phone", COL_PHONE, DIPCC_CONTACT_LABEL_MAIN },
  { "대표 전화", COL_PHONE, DIPCC_CONTACT_LABEL_MAIN },
  { "회사 대표 전화", COL_PHONE, DIPCC_CONTACT_LABEL_MAIN },
  { "business fax", COL_PHONE, DIPCC_CONTACT_LABEL_FAX },
  { "home fax", COL_PHONE, DIPCC_CONTACT_LABEL_FAX },
  { "other fax", COL_PHONE, DIPCC_CONTACT_LABEL_FAX },
  { "fax", COL_PHONE, DIPCC_CONTACT_LABEL_FAX },
  { "fax number", COL_PHONE, DIPCC_CONTACT_LABEL_FAX },
  { "회사 팩스", COL_PHONE, DIPCC_CONTACT_LABEL_FAX },
  { "집 팩스", COL_PHONE, DIPCC_CONTACT_LABEL_FAX },
  { "기타 팩스", COL_PHONE, DIPCC_CONTACT_LABEL_FAX },
  { "팩스", COL_PHONE, DIPCC_CONTACT_LABEL_FAX },
  { "other phone", COL_PHONE, DIPCC_CONTACT_LABEL_OTHER },
  { "기타 전화", COL_PHONE, DIPCC_CONTACT_LABEL_OTHER },
  { "phone", COL_PHONE, DIPCC_CONTACT_LABEL_OTHER },
  { "phone number", COL_PHONE, DIPCC_CONTACT_LABEL_OTHER },
  { "number", COL_PHONE, DIPCC_CONTACT_LABEL_OTHER },
  { "telephone", COL_PHONE, DIPCC_CONTACT_LABEL_OTHER },
  { "tel", COL_PHONE, DIPCC_CONTACT_LABEL_OTHER },
  { "전화번호", COL_PHONE, DIPCC_CONTACT_LABEL_OTHER },
  { "전화 번호", COL_PHONE, DIPCC_CONTACT_LABEL_OTHER },
  { "전화", COL_PHONE, DIPCC_CONTACT_LABEL_OTHER },
  { "pager", COL_PHONE, "pager" },
  { "car phone", COL_PHONE, "car" },
  { "assistant's phone", COL_PHONE, "assistant" },
};

typedef struct {
  const char *p;
  const char *end;
  guint       line;
  char        separator;
} CsvReader;

/* Lines before @offset, counting CRLF, LF and CR as one break each. */
static guint
line_at (const char *data,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        line++;
      else if (data[i] == '\r' && !(i + 1 < offset && data[i + 1] == '\n'))
        line++;
    }
  return line;
}

static void
set_not_text_error (GError **error,
                    guint    line)
{
  g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
               /* Translators: %u is a line number */
               _("Line %u is neither UTF-8 nor Korean (CP949) text. Save the file as "
                 "“CSV UTF-8” and import it again. Nothing was imported."),
               line);
}

/* UTF-16 text from Excel's “Unicode text”: the line of a decoding error. */
static guint
utf16_line_at (const char *data,
               gsize       offset,
               gboolean    little_endian)
{
  guint line = 1;

  for (gsize i = 0; i + 1 < offset; i += 2)
    {
      guint16 unit = little_endian ? ((guchar) data[i] | (guchar) data[i + 1] << 8)
                                   : ((guchar) data[i] << 8 | (guchar) data[i + 1]);
      if (unit == '\n')
        line++;
    }
  return line;
}

/* The file as UTF-8 without a BOM: UTF-8 as it is, UTF-16 with a BOM, and
 * anything else read as CP949 (EUC-KR is a subset). */
static char *
decode_text (const char  *data,
             gsize        len,
             gsize       *out_len,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize bytes_read = 0;
  gsize written = 0;
  char *text;
  const char *nul;

  if (len >= 2 && ((guchar) data[0] == 0xFF || (guchar) data[0] == 0xFE) &&
      (guchar) data[1] == ((guchar) data[0] ^ 0x01))
    {
      gboolean le = (guchar) data[0] == 0xFF;

      text = g_convert (data + 2, len - 2, "UTF-8", le ? "UTF-16LE" : "UTF-16BE",
                        &bytes_read, &written, NULL);
      if (text == NULL)
        {
          set_not_text_error (error, utf16_line_at (data + 2, bytes_read, le));
          return NULL;
        }
    }
  else
    {
      gboolean bom = len >= 3 && memcmp (data, UTF8_BOM, 3) == 0;
      const char *body = bom ? data + 3 : data;
      gsize body_len = bom ? len - 3 : len;
      const char *bad = NULL;

      if (g_utf8_validate_len (body, body_len, &bad))
        {
          text = g_strndup (body, body_len);
          written = body_len;
        }
      else if (bom)
        {
          /* it says it is UTF-8: believe it and point at the bad byte */
          set_not_text_error (error, line_at (body, bad - body));
          return NULL;
        }
      else
        {
          text = g_convert (body, body_len, "UTF-8", "CP949", &bytes_read, &written,
                            &local_error);
          if (text == NULL)
            {
              gsize cp949_read = bytes_read;

              text = g_convert (body, body_len, "UTF-8", "EUC-KR", &bytes_read, &written,
                                NULL);
              if (text == NULL)
                {
                  set_not_text_error (error, line_at (body, MAX (cp949_read, bytes_read)));
                  return NULL;
                }
            }
        }
    }

  nul = memchr (text, '\0', written);
  if (nul != NULL)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("Line %u contains a NUL byte, so this is not a CSV text file. "
                     "Nothing was imported."),
                   line_at (text, nul - text));
      g_free (text);
      return NULL;
    }

  /* g_convert() may leave a BOM in the text */
  if (written >= 3 && memcmp (text, UTF8_BOM, 3) == 0)
    {
      memmove (text, text + 3, written - 3 + 1);
      written -= 3;
    }

  *out_len = written;
  return text;
}

/* `,`, `;` or tab: whichever the header line has most of outside quotes. */
static char
sniff_separator (const char *text,
                 gsize       len)
{
  guint commas = 0, semicolons = 0, tabs = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (c == '\n' || c == '\r')
        break;
      else if (c == ',')
        commas++;
      else if (c == ';')
        semicolons++;
      else if (c == '\t')
        tabs++;
    }

  if (tabs > commas && tabs >= semicolons)
    return '\t';
  if (semicolons > commas)
    return ';';
  return ',';
}

static gboolean
at_line_end (CsvReader *reader)
{
  return reader->p >= reader->end || *reader->p == '\n' || *reader->p == '\r';
}

static void
skip_line_end (CsvReader *reader)
{
  if (reader->p >= reader->end)
    return;
  if (*reader->p == '\r' && reader->p + 1 < reader->end && reader->p[1] == '\n')
    reader->p++;
  reader->p++;
  reader->line++;
}

/* Reads one record into @fields. Returns FALSE at the end of the text or
 * on an error (then @error is set). */
static gboolean
read_record (CsvReader  *reader,
             GPtrArray  *fields,
             guint      *record_line,
             GError    **error)
{
  GString *field = g_string_new (NULL);

  g_ptr_array_set_size (fields, 0);
  if (reader->p >= reader->end)
    {
      g_string_free (field, TRUE);
      return FALSE;
    }

  *record_line = reader->line;
  for (;;)
    {
      g_string_truncate (field, 0);

      if (reader->p < reader->end && *reader->p == '"')
        {
          guint quote_line = reader->line;

          reader->p++;
          for (;;)
            {
              char c;

              if (reader->p >= reader->end)
                {
                  g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                               /* Translators: %u is a line number */
                               _("Line %u has a quoted field that never ends (a closing "
                                 "“\"” is missing). Nothing was imported."),
                               quote_line);
                  g_string_free (field, TRUE);
                  return FALSE;
                }
              c = *reader->p;
              if (c == '"')
                {
                  if (reader->p + 1 < reader->end && reader->p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      reader->p += 2;
                      continue;
                    }
                  reader->p++;
                  break;
                }
              if (c == '\r' || c == '\n')
                {
                  g_string_append_c (field, '\n');
                  skip_line_end (reader);
                  continue;
                }
              g_string_append_c (field, c);
              reader->p++;
            }
        }

      /* unquoted text, or what follows a closing quote (kept as it is) */
      while (!at_line_end (reader) && *reader->p != reader->separator)
        g_string_append_c (field, *reader->p++);

      g_ptr_array_add (fields, g_strndup (field->str, field->len));

      if (reader->p < reader->end && *reader->p == reader->separator)
        {
          reader->p++;
          continue;
        }
      skip_line_end (reader);
      break;
    }

  g_string_free (field, TRUE);
  return TRUE;
}

static char *
normalize_header (const char *text)
{
  g_autofree char *copy = g_strdup (text);

  return g_ascii_strdown (g_strstrip (copy), -1);
}

/* `Phone 2 - Value` → 2 and "value" */
static gboolean
parse_google_phone (const char  *header,
                    guint       *pair,
                    const char **kind)
{
  const char *p;
  guint64 n;
  char *end;

  if (!g_str_has_prefix (header, "phone "))
    return FALSE;
  p = header + strlen ("phone ");
  if (!g_ascii_isdigit (*p))
    return FALSE;
  n = g_ascii_strtoull (p, &end, 10);
  if (n == 0 || n > 1000 || !g_str_has_prefix (end, " - "))
    return FALSE;
  *pair = (guint) n;
  *kind = end + 3;
  return TRUE;
}

static Column *
map_header (GPtrArray *header,
            gboolean  *recognised)
{
  Column *columns = g_new0 (Column, header->len);
  g_autoptr(GHashTable) types_by_pair = g_hash_table_new (NULL, NULL);
  gboolean has_family = FALSE;

  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *h = normalize_header (header->pdata[i]);

      if (strcmp (h, "성") == 0 || strcmp (h, "last name") == 0 ||
          strcmp (h, "family name") == 0)
        has_family = TRUE;
    }

  *recognised = FALSE;
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *h = normalize_header (header->pdata[i]);
      const char *kind;
      guint pair;

      if (parse_google_phone (h, &pair, &kind))
        {
          columns[i].pair = pair;
          if (strcmp (kind, "value") == 0)
            columns[i].role = COL_PHONE_VALUE;
          else if (strcmp (kind, "type") == 0 || strcmp (kind, "label") == 0)
            columns[i].role = COL_PHONE_TYPE;
        }
      else if (strcmp (h, "이름") == 0)
        {
          /* Korean Outlook splits 성 and 이름; alone, 이름 is the whole name */
          columns[i].role = has_family ? COL_GIVEN : COL_NAME;
        }
      else
        {
          for (guint k = 0; k < G_N_ELEMENTS (known_headers); k++)
            {
              if (strcmp (h, known_headers[k].header) == 0)
                {
                  columns[i].role = known_headers[k].role;
                  columns[i].label = known_headers[k].label;
                  break;
                }
            }
        }

      switch (columns[i].role)
        {
        case COL_NAME:
        case COL_GIVEN:
        case COL_FAMILY:
        case COL_PHONE:
        case COL_PHONE_VALUE:
          *recognised = TRUE;
          break;
        case COL_IGNORE:
        case COL_MIDDLE:
        case COL_ORG:
        case COL_EMAIL:
        case COL_NOTE:
        case COL_PHONE_TYPE:
        default:
          break;
        }
    }
  /* pair each Google phone value with its type once, not per row */
  for (guint i = 0; i < header->len; i++)
    {
      columns[i].type_column = -1;
      if (columns[i].role == COL_PHONE_TYPE &&
          !g_hash_table_contains (types_by_pair, GUINT_TO_POINTER (columns[i].pair)))
        g_hash_table_insert (types_by_pair, GUINT_TO_POINTER (columns[i].pair),
                             GINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < header->len; i++)
    {
      if (columns[i].role == COL_PHONE_VALUE)
        columns[i].type_column =
          GPOINTER_TO_INT (g_hash_table_lookup (types_by_pair,
                                                GUINT_TO_POINTER (columns[i].pair))) - 1;
    }
  return columns;
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

/* 홍 + 길동 → 홍길동; Gil-dong + Hong → Gil-dong Hong */
static char *
compose_name (const char *given,
              const char *middle,
              const char *family)
{
  GString *out = g_string_new (NULL);

  if (is_hangul (given) || is_hangul (family))
    {
      g_string_append (out, family);
      g_string_append (out, middle);
      g_string_append (out, given);
    }
  else
    {
      const char *order[] = { given, middle, family };

      for (guint i = 0; i < G_N_ELEMENTS (order); i++)
        {
          if (*order[i] == '\0')
            continue;
          if (out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append (out, order[i]);
        }
    }
  return g_string_free (out, FALSE);
}

/* Google's phone types: `Mobile`, `Work Fax`, `* Main` (the `*` marks the
 * primary number), or the user's own label. */
static char *
label_from_google (const char *type,
                   gboolean   *preferred)
{
  g_autofree char *copy = g_strstrip (g_strdup (type));
  char *t = copy;
  g_autofree char *lower = NULL;

  *preferred = FALSE;
  if (t[0] == '*')
    {
      *preferred = TRUE;
      t++;
      while (*t == ' ')
        t++;
    }
  /* several types for one ::: list; the first one stands for all */
  if (strstr (t, ":::") != NULL)
    *strstr (t, ":::") = '\0';
  g_strstrip (t);
  lower = g_ascii_strdown (t, -1);

  if (*lower == '\0')
    return NULL;
  if (strstr (lower, "fax") != NULL || strstr (lower, "팩스") != NULL)
    return g_strdup (DIPCC_CONTACT_LABEL_FAX);
  if (strcmp (lower, "mobile") == 0 || strcmp (lower, "cell") == 0 ||
      strcmp (lower, "휴대전화") == 0 || strcmp (lower, "휴대폰") == 0)
    return g_strdup (DIPCC_CONTACT_LABEL_CELL);
  if (strcmp (lower, "work") == 0 || strcmp (lower, "직장") == 0 || strcmp (lower, "회사") == 0)
    return g_strdup (DIPCC_CONTACT_LABEL_WORK);
  if (strcmp (lower, "home") == 0 || strcmp (lower, "집") == 0)
    return g_strdup (DIPCC_CONTACT_LABEL_HOME);
  if (strcmp (lower, "main") == 0 || strcmp (lower, "대표") == 0)
    return g_strdup (DIPCC_CONTACT_LABEL_MAIN);
  if (strcmp (lower, "other") == 0 || strcmp (lower, "기타") == 0)
    return g_strdup (DIPCC_CONTACT_LABEL_OTHER);
  return g_strdup (t);
}

/* Google joins several values of one field with ` ::: `. */
static void
add_numbers (DipccContact *contact,
             const char   *value,
             const char   *label,
             gboolean      preferred)
{
  g_auto(GStrv) parts = g_strsplit (value, ":::", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    dipcc_contact_add_number (contact, parts[i], label, preferred);
}

static const char *
field_at (GPtrArray *fields,
          guint      i)
{
  return i < fields->len ? fields->pdata[i] : "";
}

static DipccContact *
row_to_contact (GPtrArray    *header,
                const Column *columns,
                GPtrArray    *fields)
{
  DipccContact *contact = dipcc_contact_new ();
  const char *name = "", *given = "", *middle = "", *family = "";
  const char *org = NULL, *email = NULL, *note = NULL;

  /* a short row is cheap even under a header of many columns */
  for (guint i = 0; i < MIN (header->len, fields->len); i++)
    {
      const char *value = field_at (fields, i);
      const char *type;
      g_autofree char *label = NULL;
      gboolean preferred = FALSE;

      if (*value == '\0')
        continue;

      switch (columns[i].role)
        {
        case COL_NAME:
          if (*name == '\0')
            name = value;
          break;
        case COL_GIVEN:
          if (*given == '\0')
            given = value;
          break;
        case COL_MIDDLE:
          if (*middle == '\0')
            middle = value;
          break;
        case COL_FAMILY:
          if (*family == '\0')
            family = value;
          break;
        case COL_ORG:
          if (org == NULL)
            org = value;
          break;
        case COL_EMAIL:
          if (email == NULL)
            email = value;
          break;
        case COL_NOTE:
          if (note == NULL)
            note = value;
          break;
        case COL_PHONE:
          add_numbers (contact, value, columns[i].label, FALSE);
          break;
        case COL_PHONE_VALUE:
          type = columns[i].type_column >= 0 ? field_at (fields, columns[i].type_column) : NULL;
          if (type != NULL)
            label = label_from_google (type, &preferred);
          add_numbers (contact, value, label, preferred);
          break;
        case COL_PHONE_TYPE:
        case COL_IGNORE:
        default:
          break;
        }
    }

  if (*name != '\0')
    dipcc_contact_set_name (contact, name);
  else
    {
      g_autofree char *g = g_strstrip (g_strdup (given));
      g_autofree char *m = g_strstrip (g_strdup (middle));
      g_autofree char *f = g_strstrip (g_strdup (family));
      g_autofree char *composed = compose_name (g, m, f);

      dipcc_contact_set_name (contact, composed);
    }
  dipcc_contact_set_organization (contact, org);
  if (email != NULL)
    {
      g_auto(GStrv) emails = g_strsplit (email, ":::", 2);

      dipcc_contact_set_email (contact, emails[0]);
    }
  dipcc_contact_set_note (contact, note);
  return contact;
}

static gboolean
all_blank (GPtrArray *fields,
           guint      from)
{
  for (guint i = from; i < fields->len; i++)
    {
      const char *p = fields->pdata[i];

      for (; *p; p++)
        {
          if (!g_ascii_isspace (*p))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * dipcc_csv_import:
 * @data: the file's bytes
 * @len: their length
 * @n_skipped: (out) (optional): how many rows had data but nothing the
 *   app keeps (no name, organization, email or number) and were left out
 * @error: return location for a #GError
 *
 * Reads contacts from a CSV file with a header line: Google Contacts (old
 * and new), Outlook (English and Korean) or a simple `Name,Phone,…` table
 * (see the headers in the error for a file that has none of these). The
 * separator (`,`, `;` or tab) is taken from the header line. The text may
 * be UTF-8 (with or without a BOM), UTF-16 with a BOM, or CP949/EUC-KR.
 *
 * All or nothing: an unterminated quote, a row with more fields than the
 * header, or text in no known encoding refuses the file with the line.
 *
 * Returns: (transfer full) (element-type DipccContact) (nullable): the
 *   contacts in file order, or %NULL with %DIPCC_ERROR_INVALID_INPUT (or
 *   %DIPCC_ERROR_TOO_LARGE for a file over %DIPCC_CSV_IMPORT_MAX_SIZE)
 */
GPtrArray *
dipcc_csv_import (const char  *data,
                  gsize        len,
                  guint       *n_skipped,
                  GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autofree Column *columns = NULL;
  CsvReader reader;
  gsize text_len = 0;
  guint header_line = 0;
  guint record_line = 0;
  guint skipped = 0;
  gboolean recognised;
  GError *local_error = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_skipped != NULL)
    *n_skipped = 0;

  if (len > DIPCC_CSV_IMPORT_MAX_SIZE)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
                   _("The file is larger than 64 MiB, too large for a contacts file. "
                     "Nothing was imported."));
      return NULL;
    }

  text = decode_text (data != NULL ? data : "", len, &text_len, error);
  if (text == NULL)
    return NULL;

  reader.p = text;
  reader.end = text + text_len;
  reader.line = 1;
  reader.separator = sniff_separator (text, text_len);

  header = g_ptr_array_new_with_free_func (g_free);
  fields = g_ptr_array_new_with_free_func (g_free);

  /* the header is the first line that is not blank */
  do
    {
      if (!read_record (&reader, header, &header_line, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return NULL;
            }
          break;
        }
    }
  while (all_blank (header, 0));

  if (all_blank (header, 0))
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("The file is empty. Nothing was imported."));
      return NULL;
    }

  columns = map_header (header, &recognised);
  if (!recognised)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %u is a line number */
                   _("Line %u, the header, names no column for a name or a phone number. "
                     "The first line must name the columns, for example “Name,Phone,"
                     "Organization,Email,Note” or “이름,전화번호,회사,전자 메일 주소,메모”; "
                     "exports from Google Contacts and Outlook work as they are. Nothing "
                     "was imported."),
                   header_line);
      return NULL;
    }

  contacts = g_ptr_array_new_with_free_func (g_object_unref);
  while (read_record (&reader, fields, &record_line, &local_error))
    {
      DipccContact *contact;

      if (all_blank (fields, 0))
        continue;

      if (fields->len > header->len && !all_blank (fields, header->len))
        {
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       /* Translators: the first %u is a line number, then two counts */
                       _("Line %u has more fields (%u) than the header has columns (%u). "
                         "Check for a missing quote or an extra separator on that line. "
                         "Nothing was imported."),
                       record_line, fields->len, header->len);
          return NULL;
        }

      contact = row_to_contact (header, columns, fields);
      if (dipcc_contact_is_empty (contact))
        {
          skipped++;
          g_object_unref (contact);
          continue;
        }
      g_ptr_array_add (contacts, contact);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (n_skipped != NULL)
    *n_skipped = skipped;
  return g_steal_pointer (&contacts);
}
