/* dipcc-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>

#include "dipcc-ami-parser.h"
#include "dipcc-test-utils.h"

DipccAmiMessage *
dipcc_test_message_new (const char *first_key,
                        ...)
{
  DipccAmiMessage *message = dipcc_ami_message_new ();
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      dipcc_ami_message_add (message, key, value);
      key = va_arg (args, const char *);
    }
  va_end (args);
  return message;
}

void
dipcc_test_assert_message (DipccAmiMessage *message,
                           const char      *first_key,
                           ...)
{
  g_autoptr(DipccAmiMessage) expected = dipcc_ami_message_new ();
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      dipcc_ami_message_add (expected, key, value);
      key = va_arg (args, const char *);
    }
  va_end (args);

  if (!dipcc_ami_message_equal (message, expected))
    {
      g_autofree char *got = dipcc_ami_message_to_string (message);
      g_autofree char *want = dipcc_ami_message_to_string (expected);

      g_error ("message differs\n--- expected:\n%s--- got:\n%s", want, got);
    }
}

char *
dipcc_test_read_data (const char *name,
                      gsize      *len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

/* Decodes the escapes of one corpus line (tests/data/hostile/README.md). */
static GByteArray *
hostile_decode (const char *line,
                const char *file,
                guint       lineno)
{
  GByteArray *out = g_byte_array_new ();
  const char *p = line;

  while (*p)
    {
      guint8 byte;

      if (*p != '\\')
        {
          g_byte_array_append (out, (const guint8 *) p, 1);
          p++;
          continue;
        }
      p++;
      switch (*p)
        {
        case '\\': byte = '\\'; break;
        case 'n': byte = '\n'; break;
        case 'r': byte = '\r'; break;
        case 't': byte = '\t'; break;
        case 'a': byte = '\a'; break;
        case 'e': byte = 0x1b; break;
        case '0': byte = 0; break;
        case 'x':
          if (!g_ascii_isxdigit (p[1]) || !g_ascii_isxdigit (p[2]))
            g_error ("%s:%u: \\x wants two hex digits", file, lineno);
          byte = g_ascii_xdigit_value (p[1]) * 16 + g_ascii_xdigit_value (p[2]);
          p += 2;
          break;
        case 'u':
          {
            char *end = NULL;
            guint64 c;
            char utf8[8];
            gint n;

            if (p[1] != '{')
              g_error ("%s:%u: \\u wants {HEX}", file, lineno);
            c = g_ascii_strtoull (p + 2, &end, 16);
            if (end == p + 2 || *end != '}' || c > 0x10ffff)
              g_error ("%s:%u: bad \\u{…}", file, lineno);
            n = g_unichar_to_utf8 ((gunichar) c, utf8);
            g_byte_array_append (out, (const guint8 *) utf8, n);
            p = end + 1;
            continue;
          }
        default:
          g_error ("%s:%u: unknown escape \\%c", file, lineno, *p);
        }
      g_byte_array_append (out, &byte, 1);
      p++;
    }
  return out;
}

static GBytes *
hostile_bytes_new (GByteArray *array)
{
  gsize len = array->len;
  guint8 nul = 0;
  g_autoptr(GBytes) whole = NULL;

  /* keep a NUL after the data, so the entry can serve as a C string */
  g_byte_array_append (array, &nul, 1);
  whole = g_byte_array_free_to_bytes (array);
  return g_bytes_new_from_bytes (whole, 0, len);
}

GPtrArray *
dipcc_test_hostile_load (const char *name)
{
  g_autofree char *file = g_strdup_printf ("hostile/%s.txt", name);
  g_autofree char *contents = dipcc_test_read_data (file, NULL);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (*line == '\0' || *line == '#')
        continue;
      if (g_str_has_prefix (line, "!repeat "))
        {
          char *end = NULL;
          guint64 n = g_ascii_strtoull (line + 8, &end, 10);
          g_autoptr(GByteArray) unit = NULL;
          GByteArray *all = g_byte_array_new ();

          if (end == line + 8 || *end != ' ' || n == 0)
            g_error ("%s:%u: !repeat N TEXT", file, i + 1);
          unit = hostile_decode (end + 1, file, i + 1);
          for (guint64 k = 0; k < n; k++)
            g_byte_array_append (all, unit->data, unit->len);
          g_ptr_array_add (entries, hostile_bytes_new (all));
          continue;
        }
      g_ptr_array_add (entries, hostile_bytes_new (hostile_decode (line, file, i + 1)));
    }
  g_assert_cmpuint (entries->len, >, 0);
  return entries;
}

typedef struct {
  GPtrArray *messages;
  GPtrArray *errors;
  char      *banner;
} ParseState;

static void
on_message (DipccAmiMessage *message,
            gpointer         user_data)
{
  ParseState *state = user_data;

  g_ptr_array_add (state->messages, message);
}

static void
on_banner (const char *banner,
           gpointer    user_data)
{
  ParseState *state = user_data;

  g_free (state->banner);
  state->banner = g_strdup (banner);
}

static void
on_error (const GError *error,
          gpointer      user_data)
{
  ParseState *state = user_data;

  g_ptr_array_add (state->errors, g_strdup (error->message));
}

GPtrArray *
dipcc_test_parse_ami (const char  *data,
                      gsize        len,
                      gsize        chunk,
                      GPtrArray  **errors,
                      char       **banner)
{
  static const DipccAmiParserCallbacks callbacks = { on_message, on_banner, on_error };
  ParseState state = {
    g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref),
    g_ptr_array_new_with_free_func (g_free),
    NULL,
  };
  g_autoptr(DipccAmiParser) parser = dipcc_ami_parser_new (&callbacks, &state);

  if (chunk == 0)
    chunk = MAX (len, 1);
  for (gsize at = 0; at < len; at += chunk)
    dipcc_ami_parser_feed (parser, data + at, MIN (chunk, len - at));

  if (errors)
    *errors = g_steal_pointer (&state.errors);
  else
    g_ptr_array_unref (state.errors);
  if (banner)
    *banner = g_steal_pointer (&state.banner);
  else
    g_free (state.banner);
  return state.messages;
}

DipccAmiMessage *
dipcc_test_event (int         server_id,
                  const char *name,
                  ...)
{
  DipccAmiMessage *message = dipcc_ami_message_new ();
  const char *key;
  va_list args;

  dipcc_ami_message_add (message, "Event", name);
  va_start (args, name);
  key = va_arg (args, const char *);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      dipcc_ami_message_add (message, key, value);
      key = va_arg (args, const char *);
    }
  va_end (args);
  dipcc_ami_message_set_server (message, server_id, NULL);
  return message;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

void
dipcc_test_property_notify (GObject      *object,
                            const char   *property,
                            const GValue *a,
                            const GValue *b)
{
  g_autofree char *signal = g_strdup_printf ("notify::%s", property);
  guint count = 0;
  gulong id = g_signal_connect (object, signal, G_CALLBACK (count_notify), &count);

  g_object_set_property (object, property, a);
  g_assert_cmpuint (count, ==, 1);
  g_object_set_property (object, property, a);
  g_assert_cmpuint (count, ==, 1);
  g_object_set_property (object, property, b);
  g_assert_cmpuint (count, ==, 2);
  g_signal_handler_disconnect (object, id);
}
