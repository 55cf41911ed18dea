/* fuzz-ami-parser.c: libFuzzer target for the AMI stream parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte chooses a chunk size; the rest is the stream. Checks that
 * every message is clean UTF-8 within the limits, that the result does not
 * depend on the chunking, and that what the parser gives back serializes
 * and parses again to the same message when the serializer accepts it.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "dipcc-ami-parser.h"
#include "dipcc-ami-serializer.h"
#include "dipcc-text.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define LIMIT_LINE 512
#define LIMIT_MESSAGE 4096
#define LIMIT_FIELDS 64

typedef struct {
  GPtrArray *messages;
  guint      errors;
} Result;

static void
on_message (DipccAmiMessage *message,
            gpointer         user_data)
{
  g_ptr_array_add (((Result *) user_data)->messages, message);
}

static void
on_error (const GError *error,
          gpointer      user_data)
{
  g_assert (error != NULL && error->message != NULL);
  ((Result *) user_data)->errors++;
}

static Result
parse (const char *data,
       size_t      size,
       size_t      chunk,
       gsize       max_line)
{
  static const DipccAmiParserCallbacks callbacks = { on_message, NULL, on_error };
  Result result = { g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref), 0 };
  DipccAmiParser *parser = dipcc_ami_parser_new (&callbacks, &result);

  dipcc_ami_parser_set_limits (parser, max_line, LIMIT_MESSAGE, LIMIT_FIELDS);
  for (size_t at = 0; at < size; at += chunk)
    dipcc_ami_parser_feed (parser, data + at, MIN (chunk, size - at));
  dipcc_ami_parser_free (parser);
  return result;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Result whole, chunked;
  size_t chunk;

  if (size < 1)
    return 0;
  chunk = 1 + data[0] % 17;
  data++, size--;

  whole = parse ((const char *) data, size, MAX (size, 1), LIMIT_LINE);
  chunked = parse ((const char *) data, size, chunk, LIMIT_LINE);

  g_assert (whole.messages->len == chunked.messages->len);
  g_assert (whole.errors == chunked.errors);

  for (guint i = 0; i < whole.messages->len; i++)
    {
      DipccAmiMessage *m = whole.messages->pdata[i];
      guint n = dipcc_ami_message_get_n_fields (m);
      g_autoptr(GString) wire = g_string_new (NULL);

      g_assert (dipcc_ami_message_equal (m, chunked.messages->pdata[i]));
      g_assert (n >= 1 && n <= LIMIT_FIELDS);
      g_assert (dipcc_ami_message_get_size (m) <= LIMIT_MESSAGE);
      for (guint f = 0; f < n; f++)
        {
          const char *key = dipcc_ami_message_get_key_at (m, f);
          const char *value = dipcc_ami_message_get_value_at (m, f);
          gsize value_len = dipcc_ami_message_get_value_len_at (m, f);

          g_assert (dipcc_utf8_is_clean (key, strlen (key)));
          g_assert (dipcc_utf8_is_clean (value, value_len));
          g_assert (strlen (value) == value_len);
          g_assert (memchr (value, '\n', value_len) == NULL);
        }

      if (dipcc_ami_serialize (m, wire, NULL))
        {
          /* U+FFFD takes three bytes where the invalid byte took one, so a
           * line may have grown past the line limit: re-read with room. */
          Result again = parse (wire->str, wire->len, wire->len, 3 * LIMIT_LINE + 64);

          /* a message that starts with a bare Follows reads differently */
          if (!dipcc_ami_message_is_response (m, "Follows"))
            {
              g_assert (again.messages->len == 1);
              g_assert (dipcc_ami_message_equal (m, again.messages->pdata[0]));
            }
          g_ptr_array_unref (again.messages);
        }
    }

  g_ptr_array_unref (whole.messages);
  g_ptr_array_unref (chunked.messages);
  return 0;
}
