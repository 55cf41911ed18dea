/* dipcc-ami-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-ami-parser"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "dipcc-ami-message-private.h"
#include "dipcc-ami-parser.h"
#include "dipcc-error.h"
#include "dipcc-text.h"

#define END_COMMAND "--END COMMAND--"
#define END_COMMAND_LEN (sizeof END_COMMAND - 1)

typedef enum {
  STATE_START,      /* between messages: blank lines and banners */
  STATE_HEADERS,    /* in a message, which ends at a blank line */
  STATE_FOLLOWS,    /* in `Response: Follows`, which ends at --END COMMAND-- */
  STATE_SKIP,       /* after a refused message: until the next blank line */
} ParserState;

struct _DipccAmiParser
{
  DipccAmiParserCallbacks  callbacks;
  gpointer                 user_data;

  gsize                    max_line;
  gsize                    max_message;
  guint                    max_fields;

  ParserState              state;
  DipccAmiBuilder          builder;
  gsize                    message_size;
  gboolean                 follows_output;

  /* a line that a feed ended in the middle of */
  GString                 *partial;
  gboolean                 discarding_line;

  /* a line with invalid UTF-8, made valid */
  GString                 *scratch;

  char                    *banner;
  guint64                  n_errors;
};

/**
 * dipcc_ami_parser_new:
 * @callbacks: what to call for messages, the banner and errors; copied
 * @user_data: passed to the callbacks
 *
 * Creates a parser for one AMI connection's incoming bytes. It accepts CRLF
 * and bare LF, the banner line, the legacy `Response: Follows` command
 * output, and any chunking of the stream. Lines, messages and field counts
 * are bounded (see dipcc_ami_parser_set_limits()): past a limit the message
 * is dropped with an error and the parser resynchronises at the next blank
 * line. Invalid UTF-8 and NUL bytes are replaced by U+FFFD.
 *
 * Returns: (transfer full): a new parser
 */
DipccAmiParser *
dipcc_ami_parser_new (const DipccAmiParserCallbacks *callbacks,
                      gpointer                       user_data)
{
  DipccAmiParser *self;

  g_return_val_if_fail (callbacks != NULL, NULL);

  self = g_new0 (DipccAmiParser, 1);
  self->callbacks = *callbacks;
  self->user_data = user_data;
  self->max_line = DIPCC_AMI_PARSER_MAX_LINE;
  self->max_message = DIPCC_AMI_PARSER_MAX_MESSAGE;
  self->max_fields = DIPCC_AMI_PARSER_MAX_FIELDS;
  self->state = STATE_START;
  self->partial = g_string_sized_new (256);
  self->scratch = g_string_sized_new (256);
  dipcc_ami_builder_init (&self->builder);
  return self;
}

void
dipcc_ami_parser_free (DipccAmiParser *self)
{
  if (self == NULL)
    return;

  dipcc_ami_builder_clear (&self->builder);
  g_string_free (self->partial, TRUE);
  g_string_free (self->scratch, TRUE);
  g_free (self->banner);
  g_free (self);
}

/**
 * dipcc_ami_parser_set_limits:
 * @max_line: the longest line accepted, in bytes
 * @max_message: the largest message accepted, in bytes of keys and values
 * @max_fields: the most fields accepted in one message
 *
 * Changes the limits; the defaults are %DIPCC_AMI_PARSER_MAX_LINE,
 * %DIPCC_AMI_PARSER_MAX_MESSAGE and %DIPCC_AMI_PARSER_MAX_FIELDS.
 */
void
dipcc_ami_parser_set_limits (DipccAmiParser *self,
                             gsize           max_line,
                             gsize           max_message,
                             guint           max_fields)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_line > 0 && max_message > 0 && max_fields > 0);

  self->max_line = max_line;
  self->max_message = max_message;
  self->max_fields = max_fields;
}

/**
 * dipcc_ami_parser_reset:
 *
 * Forgets everything buffered, for a new connection: the next line may be
 * a banner again.
 */
void
dipcc_ami_parser_reset (DipccAmiParser *self)
{
  g_return_if_fail (self != NULL);

  self->state = STATE_START;
  dipcc_ami_builder_reset (&self->builder);
  self->message_size = 0;
  self->follows_output = FALSE;
  g_string_truncate (self->partial, 0);
  self->discarding_line = FALSE;
  g_clear_pointer (&self->banner, g_free);
}

/**
 * dipcc_ami_parser_get_banner:
 *
 * Returns: (nullable): the last banner line seen, e.g.
 *   `Asterisk Call Manager/2.10.3`
 */
const char *
dipcc_ami_parser_get_banner (DipccAmiParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->banner;
}

/**
 * dipcc_ami_parser_is_idle:
 *
 * Returns: whether nothing is buffered: the bytes fed so far ended exactly
 *   between two messages
 */
gboolean
dipcc_ami_parser_is_idle (DipccAmiParser *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->state == STATE_START && self->partial->len == 0 && !self->discarding_line;
}

/**
 * dipcc_ami_parser_get_n_errors:
 *
 * Returns: how many errors the parser has reported since it was created
 */
guint64
dipcc_ami_parser_get_n_errors (DipccAmiParser *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_errors;
}

static void
report_error (DipccAmiParser *self,
              GError         *error)
{
  self->n_errors++;
  if (self->callbacks.error != NULL)
    self->callbacks.error (error, self->user_data);
  else
    g_debug ("%s", error->message);
  g_error_free (error);
}

/* Drops the message being read and skips to the next blank line. */
static void
refuse_message (DipccAmiParser *self,
                GError         *error)
{
  dipcc_ami_builder_reset (&self->builder);
  self->message_size = 0;
  self->follows_output = FALSE;
  self->state = STATE_SKIP;
  report_error (self, error);
}

static void
emit_message (DipccAmiParser *self)
{
  DipccAmiMessage *message = dipcc_ami_builder_finish (&self->builder);

  self->message_size = 0;
  self->follows_output = FALSE;
  self->state = STATE_START;

  if (self->callbacks.message != NULL)
    self->callbacks.message (message, self->user_data);
  else
    dipcc_ami_message_unref (message);
}

static gboolean
add_field (DipccAmiParser *self,
           const char     *key,
           gsize           key_len,
           const char     *value,
           gsize           value_len)
{
  if (self->builder.n_fields >= self->max_fields)
    {
      refuse_message (self, g_error_new (DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
                                         _("An AMI message with more than %u fields was "
                                           "dropped"),
                                         self->max_fields));
      return FALSE;
    }
  self->message_size += key_len + value_len;
  if (self->message_size > self->max_message)
    {
      refuse_message (self, g_error_new (DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
                                         _("An AMI message larger than %lu bytes was dropped"),
                                         (gulong) self->max_message));
      return FALSE;
    }
  dipcc_ami_builder_add (&self->builder, key, key_len, value, value_len);
  return TRUE;
}

/* dipcc_utf8_is_clean(), with a quick answer for ASCII; otherwise only
 * what follows the ASCII start (`CallerIDName: `) is validated. */
static inline gboolean
line_is_clean (const char *line,
               gsize       len)
{
  gsize ascii = 0;

  if (dipcc_is_plain_ascii (line, len))
    return TRUE;
  while (ascii < len && (guchar) (line[ascii] - 1) < 0x7F)
    ascii++;
  return dipcc_utf8_is_clean (line + ascii, len - ascii);
}

static inline gboolean
span_equal (const char *a,
            gsize       a_len,
            const char *b)
{
  gsize b_len = strlen (b);

  return a_len == b_len && g_ascii_strncasecmp (a, b, b_len) == 0;
}

/* Headers that an old server puts between `Response: Follows` and the raw
 * command output; anything else there is output (`Value: yes` included). */
static gboolean
is_follows_header (const char *key,
                   gsize       key_len)
{
  return span_equal (key, key_len, "Privilege") ||
         span_equal (key, key_len, "ActionID") ||
         span_equal (key, key_len, "Message");
}

static void
handle_follows_line (DipccAmiParser *self,
                     const char     *line,
                     gsize           len)
{
  const char *colon;

  /* The output may end without a newline, gluing the marker to its last line. */
  if (len >= END_COMMAND_LEN &&
      memcmp (line + len - END_COMMAND_LEN, END_COMMAND, END_COMMAND_LEN) == 0)
    {
      gsize rest = len - END_COMMAND_LEN;

      if (rest > 0 && !add_field (self, "Output", 6, line, rest))
        return;
      emit_message (self);
      return;
    }

  if (!self->follows_output && (colon = memchr (line, ':', len)) != NULL &&
      is_follows_header (line, colon - line))
    {
      const char *value = colon + 1;
      gsize value_len = len - (value - line);

      if (value_len > 0 && *value == ' ')
        value++, value_len--;
      add_field (self, line, colon - line, value, value_len);
      return;
    }

  self->follows_output = TRUE;
  add_field (self, "Output", 6, line, len);
}

static void
handle_line (DipccAmiParser *self,
             const char     *line,
             gsize           len)
{
  const char *colon;
  const char *value;
  gsize key_len;
  gsize value_len;

  if (len > 0 && line[len - 1] == '\r')
    len--;

  if (self->state == STATE_SKIP)
    {
      if (len == 0)
        self->state = STATE_START;
      return;
    }

  if (G_UNLIKELY (!line_is_clean (line, len)))
    {
      g_string_truncate (self->scratch, 0);
      dipcc_utf8_append_valid (self->scratch, line, len);
      line = self->scratch->str;
      len = self->scratch->len;
    }

  if (self->state == STATE_FOLLOWS)
    {
      handle_follows_line (self, line, len);
      return;
    }

  if (len == 0)
    {
      if (self->state == STATE_HEADERS)
        emit_message (self);
      return;
    }

  colon = memchr (line, ':', len);

  if (self->state == STATE_START)
    {
      if (colon == NULL)
        {
          if (g_strstr_len (line, len, "Call Manager") != NULL)
            {
              g_free (self->banner);
              self->banner = g_strndup (line, len);
              if (self->callbacks.banner != NULL)
                self->callbacks.banner (self->banner, self->user_data);
            }
          else
            {
              g_autofree char *excerpt = g_utf8_make_valid (line, MIN (len, 40));

              report_error (self, g_error_new (DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
                                               _("An AMI line that is not “Key: value” "
                                                 "was skipped: “%s”"),
                                               excerpt));
            }
          return;
        }
      self->state = STATE_HEADERS;
    }

  if (colon == NULL)
    {
      /* Inside a message (a caller-id name with a line break, say): keep the
       * text rather than lose it, under an empty key nobody looks up. */
      add_field (self, "", 0, line, len);
      return;
    }

  key_len = colon - line;
  value = colon + 1;
  value_len = len - key_len - 1;
  /* "Key: Value": one space separates; any further spaces belong to the
   * value (command output keeps its alignment). */
  if (value_len > 0 && *value == ' ')
    value++, value_len--;

  if (G_UNLIKELY (self->builder.n_fields >= self->max_fields ||
                  self->message_size + key_len + value_len > self->max_message))
    {
      /* reports the limit and drops the message */
      add_field (self, line, key_len, value, value_len);
      return;
    }
  self->message_size += key_len + value_len;
  /* the line is copied once, the colon becoming the key's end */
  dipcc_ami_builder_add_line (&self->builder, line, key_len, value - line, len);

  if (self->builder.n_fields == 1 &&
      span_equal (line, key_len, "Response") &&
      span_equal (value, value_len, "Follows"))
    self->state = STATE_FOLLOWS;
}

/* A whole `Key: Value` line of plain ASCII inside a message, or the blank
 * line that ends it: what handle_line() does, without its other cases.
 * @len excludes the LF; @colon is the line's first colon or %NULL.
 * Returns whether the line was taken. */
static inline gboolean
take_usual_line (DipccAmiParser *self,
                 const char     *line,
                 gsize           len,
                 const char     *colon)
{
  gsize key_len;
  gsize value_at;
  gsize size;

  if (self->state != STATE_HEADERS || len > self->max_line + 1)
    return FALSE;
  if (len > 0 && line[len - 1] == '\r')
    len--;
  if (len == 0)
    {
      emit_message (self);
      return TRUE;
    }
  if (colon == NULL || colon >= line + len)
    return FALSE;

  key_len = colon - line;
  /* one space separates key and value */
  value_at = key_len + 1 + (key_len + 1 < len && colon[1] == ' ');
  size = key_len + (len - value_at);
  if (self->builder.n_fields >= self->max_fields || self->message_size + size > self->max_message)
    return FALSE;
  self->message_size += size;
  dipcc_ami_builder_add_line (&self->builder, line, key_len, value_at, len);
  return TRUE;
}

/* One line, from @p on: the general path, for a line continued from the
 * last feed, one being discarded, or the end of the data. Returns where
 * the next line starts (@end when the data ends inside this one). */
static const char *
feed_line (DipccAmiParser *self,
           const char     *p,
           const char     *end)
{
  const char *nl = memchr (p, '\n', end - p);
  gsize line_len = (nl ? nl : end) - p;

  if (self->discarding_line)
    {
      /* The rest of a line already refused as too long. */
      if (nl == NULL)
        return end;
      self->discarding_line = FALSE;
      return nl + 1;
    }

  /* +1: the CR of a CRLF line end does not count */
  if (self->partial->len + line_len > self->max_line + 1)
    {
      g_string_truncate (self->partial, 0);
      refuse_message (self, g_error_new (DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
                                         _("An AMI line longer than %lu bytes was dropped "
                                           "with its message"),
                                         (gulong) self->max_line));
      if (nl == NULL)
        {
          self->discarding_line = TRUE;
          return end;
        }
      return nl + 1;
    }

  if (nl == NULL)
    {
      g_string_append_len (self->partial, p, line_len);
      return end;
    }

  if (self->partial->len > 0)
    {
      g_string_append_len (self->partial, p, line_len);
      handle_line (self, self->partial->str, self->partial->len);
      g_string_truncate (self->partial, 0);
    }
  else if (!(dipcc_is_plain_ascii (p, line_len) &&
             take_usual_line (self, p, line_len, memchr (p, ':', line_len))))
    {
      handle_line (self, p, line_len);
    }
  return nl + 1;
}

#ifdef __SSE2__

/* Bit i set for each byte i of the 64 at @p that is LF, a colon, or not
 * plain ASCII (>= 0x80, or NUL). */
static inline void
classify_block (const char *p,
                guint64    *newlines,
                guint64    *colons,
                guint64    *bad)
{
  const __m128i lf = _mm_set1_epi8 ('\n');
  const __m128i colon = _mm_set1_epi8 (':');
  const __m128i zero = _mm_setzero_si128 ();

  *newlines = *colons = *bad = 0;
  for (int k = 0; k < 4; k++)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) (p + 16 * k));

      *newlines |= (guint64) (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, lf)) << (16 * k);
      *colons |= (guint64) (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, colon)) << (16 * k);
      *bad |= (guint64) (guint) _mm_movemask_epi8 (_mm_or_si128 (v, _mm_cmpeq_epi8 (v, zero)))
              << (16 * k);
    }
}

/* The complete lines from @p on, 64 bytes at a time: the line ends, each
 * line's first colon and whether it is plain ASCII come from three masks
 * per block instead of a few calls per line. Returns where the first line
 * that does not end inside the blocks starts. */
static const char *
feed_blocks (DipccAmiParser *self,
             const char     *p,
             const char     *end)
{
  const char *line = p;
  const char *colon = NULL;
  gboolean bad = FALSE;

  for (const char *block = p; block + 64 <= end; block += 64)
    {
      guint64 newlines, colons, bad_bytes;
      guint from = 0;

      classify_block (block, &newlines, &colons, &bad_bytes);
      while (newlines != 0)
        {
          guint at = (guint) __builtin_ctzll (newlines);
          /* the bytes of this block from @from up to the LF */
          guint64 span = ((G_GUINT64_CONSTANT (1) << at) - 1) &
                         ~((G_GUINT64_CONSTANT (1) << from) - 1);
          gsize len;

          if (colon == NULL && (colons & span) != 0)
            colon = block + __builtin_ctzll (colons & span);
          bad |= (bad_bytes & span) != 0;
          len = block + at - line;

          /* a line with UTF-8 in it (a caller's name) is usual too once
           * it is checked */
          if (bad ? !(line_is_clean (line, len) && take_usual_line (self, line, len, colon))
                  : !take_usual_line (self, line, len, colon))
            {
              /* the general path, for one whole line */
              const char *next = feed_line (self, line, block + at + 1);

              g_assert (next == block + at + 1);
            }
          line = block + at + 1;
          colon = NULL;
          bad = FALSE;
          from = at + 1;
          newlines &= newlines - 1;
        }
      if (from < 64)
        {
          guint64 rest = ~((G_GUINT64_CONSTANT (1) << from) - 1);

          if (colon == NULL && (colons & rest) != 0)
            colon = block + __builtin_ctzll (colons & rest);
          bad |= (bad_bytes & rest) != 0;
        }
    }
  return line;
}

#endif

/**
 * dipcc_ami_parser_feed:
 * @data: bytes read from the connection
 * @len: their number
 *
 * Parses @data, calling the callbacks for every complete message, banner
 * and error. A line or message cut by the end of @data is kept for the
 * next call.
 */
void
dipcc_ami_parser_feed (DipccAmiParser *self,
                       const char     *data,
                       gsize           len)
{
  const char *p = data;
  const char *end = data + len;

  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);

  /* first what is left of a line from the last feed */
  while (p < end && (self->partial->len > 0 || self->discarding_line))
    p = feed_line (self, p, end);
#ifdef __SSE2__
  p = feed_blocks (self, p, end);
#endif
  while (p < end)
    p = feed_line (self, p, end);
}
