/* dipcc-ws-envelope.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-ws-envelope"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <yajl/yajl_parse.h>

#include "dipcc-ami-message-private.h"
#include "dipcc-ami-serializer.h"
#include "dipcc-error.h"
#include "dipcc-text.h"
#include "dipcc-ws-envelope.h"

/* The AMI fields of one frame may take more room than the frame itself:
 * an array repeats its key for every element and an invalid byte becomes a
 * three-byte U+FFFD. This bounds what a 4 MiB frame can make us hold. */
#define MAX_MESSAGE_BYTES (4 * (gsize) DIPCC_WS_ENVELOPE_MAX_FRAME)

/* Per-thread scratch buffers above this size are given back after a frame. */
#define SCRATCH_KEEP_BYTES (256 * 1024)

#define EXCERPT_BYTES 40

G_DEFINE_BOXED_TYPE (DipccWsEnvelope, dipcc_ws_envelope,
                     dipcc_ws_envelope_copy, dipcc_ws_envelope_free)

/* ---- per-thread scratch ---------------------------------------------- */

/* The hot path reuses these from frame to frame, so decoding allocates the
 * yajl handle, the envelope and the one block of the message, and nothing
 * per field. Decoding never calls out, so one set per thread is enough. */
typedef struct {
  DipccAmiBuilder  builder;
  DipccAmiBuilder  split;
  GString         *keys;
  GString         *text;
} Scratch;

static void
scratch_free (gpointer data)
{
  Scratch *scratch = data;

  dipcc_ami_builder_clear (&scratch->builder);
  dipcc_ami_builder_clear (&scratch->split);
  g_string_free (scratch->keys, TRUE);
  g_string_free (scratch->text, TRUE);
  g_free (scratch);
}

static GPrivate scratch_key = G_PRIVATE_INIT (scratch_free);

static Scratch *
scratch_get (void)
{
  Scratch *scratch = g_private_get (&scratch_key);

  if (G_UNLIKELY (scratch == NULL))
    {
      scratch = g_new0 (Scratch, 1);
      dipcc_ami_builder_init (&scratch->builder);
      dipcc_ami_builder_init (&scratch->split);
      scratch->keys = g_string_sized_new (256);
      scratch->text = g_string_sized_new (256);
      g_private_set (&scratch_key, scratch);
    }
  return scratch;
}

static void
builder_trim (DipccAmiBuilder *builder)
{
  if (builder->data_alloc > SCRATCH_KEEP_BYTES ||
      builder->fields_alloc * sizeof (DipccAmiField) > SCRATCH_KEEP_BYTES)
    {
      dipcc_ami_builder_clear (builder);
      dipcc_ami_builder_init (builder);
    }
  else
    {
      dipcc_ami_builder_reset (builder);
    }
}

static void
string_trim (GString **string)
{
  if ((*string)->allocated_len > SCRATCH_KEEP_BYTES)
    {
      g_string_free (*string, TRUE);
      *string = g_string_sized_new (256);
    }
}

/* Leaves the scratch empty, and small after a huge frame. */
static void
scratch_release (Scratch *scratch)
{
  builder_trim (&scratch->builder);
  builder_trim (&scratch->split);
  string_trim (&scratch->keys);
  string_trim (&scratch->text);
}

/* ---- small helpers ----------------------------------------------------- */

static inline gboolean
bytes_equal (const char *a,
             gsize       a_len,
             const char *literal)
{
  gsize len = strlen (literal);

  return a_len == len && memcmp (a, literal, len) == 0;
}

static inline gboolean
bytes_equal_nocase (const char *a,
                    gsize       a_len,
                    const char *literal)
{
  gsize len = strlen (literal);

  return a_len == len && dipcc_ascii_equal_nocase (a, literal, len);
}

static inline gboolean
is_ami_server_id_key (const char *key,
                      gsize       key_len)
{
  return bytes_equal_nocase (key, key_len, "AMIServerID");
}

static inline gboolean
is_output_key (const char *key,
               gsize       key_len)
{
  return bytes_equal_nocase (key, key_len, "Output");
}

/* dipcc_utf8_is_clean(), with a quick pass for the usual all-ASCII text:
 * most keys and values are short, and this is the hot path. */
static inline gboolean
text_is_clean (const char *text,
               gsize       len)
{
  return dipcc_is_plain_ascii (text, len) || dipcc_utf8_is_clean (text, len);
}

/* A non-negative int written as a JSON number or a string: `1`, `"1"`. */
static gboolean
parse_id (const char *text,
          gsize       len,
          int         max,
          int        *out)
{
  char buf[24];
  guint64 value = 0;
  gsize i;

  /* the usual short run of digits, read here; anything else as before */
  for (i = 0; i < len && i < 9 && g_ascii_isdigit (text[i]); i++)
    value = value * 10 + (guint64) (text[i] - '0');
  if (len > 0 && i == len)
    {
      if (value > (guint64) max)
        return FALSE;
      *out = (int) value;
      return TRUE;
    }

  if (len == 0 || len >= sizeof buf)
    return FALSE;
  memcpy (buf, text, len);
  buf[len] = '\0';
  if (!g_ascii_string_to_unsigned (buf, 10, 0, max, &value, NULL))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

/* A short piece of the frame around @at, safe to show in an error. */
static char *
make_excerpt (const char *text,
              gsize       len,
              gsize       at)
{
  gsize start = at > EXCERPT_BYTES / 2 ? at - EXCERPT_BYTES / 2 : 0;
  gsize end;
  char *shown;

  start = MIN (start, len);
  end = MIN (len, start + EXCERPT_BYTES);
  /* do not start or end in the middle of a character */
  while (start < end && ((guchar) text[start] & 0xC0) == 0x80)
    start++;
  if (end < len)
    while (end > start && ((guchar) text[end] & 0xC0) == 0x80)
      end--;

  shown = dipcc_utf8_make_valid (text + start, end - start, NULL);
  for (char *p = shown; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7F)
      *p = ' ';
  return shown;
}

/* ---- decoding ---------------------------------------------------------- */

typedef enum {
  MODE_FRAME,   /* the client's view of a server frame: `data` is the message */
  MODE_ACTION,  /* the proxy's view of a client frame: every scalar is a header */
} Mode;

typedef enum {
  ROLE_TOP,     /* the top-level object */
  ROLE_DATA,    /* `data` or anything inside it */
  ROLE_OTHER,   /* anything else, walked only for AMIServerID */
} Role;

/* One open object or array. The member name in force is a slice of the
 * key stack: an array takes the name of the member it is the value of, and
 * an object's members push their own names above its @base. A name that
 * needs no change is a slice of the frame itself instead (@key_in_json),
 * which costs no copy. */
typedef struct {
  gsize    key_off;
  gsize    key_len;
  gsize    base;
  gboolean key_in_json;
  gboolean is_map;
  Role     role;
} Level;

typedef enum {
  SCALAR_STRING,
  SCALAR_NUMBER,
  SCALAR_BOOLEAN,
  SCALAR_NULL,
} ScalarKind;

typedef struct {
  Mode             mode;
  Scratch         *scratch;
  const char      *json;
  gsize            json_len;
  GError          *error;

  int              depth;
  gboolean         have_data;

  gboolean         have_type;
  gboolean         have_server_id;
  gboolean         have_server_name;
  gboolean         have_ssl;
  gboolean         have_ami_server_id;
  DipccWsFrameType type;
  int              server_id;
  char            *server_name;
  gboolean         ssl;
  int              ami_server_id;
  gboolean         has_action;

  /* last: decode() clears the fields above only */
  Level            levels[DIPCC_WS_ENVELOPE_MAX_DEPTH];
} Decoder;

static int
fail_not_object (Decoder *self)
{
  g_autofree char *shown = make_excerpt (self->json, self->json_len, 0);

  g_set_error (&self->error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
               _("A WebSocket message is not a JSON object: “%s”"), shown);
  return 0;
}

static int
fail_no_data (Decoder *self)
{
  g_autofree char *shown = make_excerpt (self->json, self->json_len, 0);

  g_set_error (&self->error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
               _("A WebSocket message has no “data” object with the AMI fields: “%s”"),
               shown);
  return 0;
}

static int
fail_too_deep (Decoder *self)
{
  g_set_error (&self->error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
               _("A WebSocket message is nested more than %d levels deep, and was "
                 "refused"),
               DIPCC_WS_ENVELOPE_MAX_DEPTH);
  return 0;
}

static int
fail_too_many_fields (Decoder *self)
{
  g_set_error (&self->error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
               _("A WebSocket message has more than %d AMI fields, and was refused"),
               DIPCC_WS_ENVELOPE_MAX_FIELDS);
  return 0;
}

static int
fail_too_big (Decoder *self)
{
  g_set_error (&self->error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
               _("A WebSocket message holds more than %lu MiB of AMI fields, and was "
                 "refused"),
               (gulong) (MAX_MESSAGE_BYTES / (1024 * 1024)));
  return 0;
}

static inline Level *
current_level (Decoder *self)
{
  return &self->levels[self->depth - 1];
}

static inline const char *
level_key (Decoder *self,
           Level   *level)
{
  return (level->key_in_json ? self->json : self->scratch->keys->str) + level->key_off;
}

/* Appends one field to @builder, checking the limits first. The key and
 * value must already be clean UTF-8. */
static gboolean
builder_add_checked (Decoder         *self,
                     DipccAmiBuilder *builder,
                     const char      *key,
                     gsize            key_len,
                     const char      *value,
                     gsize            value_len)
{
  if (builder->n_fields >= DIPCC_WS_ENVELOPE_MAX_FIELDS)
    return fail_too_many_fields (self);
  if (builder->data_len + key_len + value_len + 2 > MAX_MESSAGE_BYTES)
    return fail_too_big (self);
  dipcc_ami_builder_add (builder, key, key_len, value, value_len);
  return TRUE;
}

static int
add_field (Decoder    *self,
           Level      *level,
           ScalarKind  kind,
           const char *value,
           gsize       value_len)
{
  const char *key = level_key (self, level);

  /* numbers, booleans and null are ASCII; strings may be anything */
  if (kind == SCALAR_STRING && !text_is_clean (value, value_len))
    {
      GString *text = self->scratch->text;

      g_string_truncate (text, 0);
      dipcc_utf8_append_valid (text, value, value_len);
      value = text->str;
      value_len = text->len;
    }

  if (self->mode == MODE_ACTION && bytes_equal_nocase (key, level->key_len, "Action"))
    self->has_action = TRUE;

  return builder_add_checked (self, &self->scratch->builder,
                              key, level->key_len, value, value_len);
}

static void
set_type (Decoder    *self,
          ScalarKind  kind,
          const char *text,
          gsize       len)
{
  int value;

  self->have_type = TRUE;
  /* tolerant on input: a type we do not know is an unknown frame */
  if ((kind == SCALAR_NUMBER || kind == SCALAR_STRING) &&
      parse_id (text, len, DIPCC_WS_FRAME_QUEUE_LIST, &value))
    self->type = value;
  else
    g_debug ("Ignoring a WebSocket frame type that is not 0 to 6");
}

static void
set_ssl (Decoder    *self,
         ScalarKind  kind,
         const char *text,
         gsize       len)
{
  self->have_ssl = TRUE;
  if (kind == SCALAR_BOOLEAN || kind == SCALAR_STRING || kind == SCALAR_NUMBER)
    self->ssl = bytes_equal_nocase (text, len, "true") || bytes_equal (text, len, "1");
}

static void
set_server_name (Decoder    *self,
                 ScalarKind  kind,
                 const char *text,
                 gsize       len)
{
  self->have_server_name = TRUE;
  if (kind != SCALAR_NULL)
    self->server_name = dipcc_utf8_make_valid (text, len, NULL);
}

/* A scalar member of the top-level object: the envelope. The first of a
 * repeated member counts, as the first `Event` does inside `data`. */
static int
top_level_member (Decoder    *self,
                  Level      *level,
                  ScalarKind  kind,
                  const char *text,
                  gsize       len)
{
  const char *key = level_key (self, level);
  gsize key_len = level->key_len;

  if (bytes_equal (key, key_len, "type"))
    {
      if (!self->have_type)
        set_type (self, kind, text, len);
    }
  else if (bytes_equal (key, key_len, "server_id"))
    {
      if (!self->have_server_id)
        {
          self->have_server_id = TRUE;
          if (kind == SCALAR_BOOLEAN || kind == SCALAR_NULL ||
              !parse_id (text, len, G_MAXINT, &self->server_id))
            self->server_id = DIPCC_SERVER_ID_NONE;
        }
    }
  else if (bytes_equal (key, key_len, "server_name"))
    {
      if (!self->have_server_name)
        set_server_name (self, kind, text, len);
    }
  else if (bytes_equal (key, key_len, "ssl"))
    {
      if (!self->have_ssl)
        set_ssl (self, kind, text, len);
    }
  else if (self->mode == MODE_FRAME && bytes_equal (key, key_len, "data"))
    {
      return fail_no_data (self);
    }
  return 1;
}

static int
on_scalar (Decoder    *self,
           ScalarKind  kind,
           const char *text,
           gsize       len)
{
  Level *level;

  if (self->depth == 0)
    return fail_not_object (self);

  level = current_level (self);
  if (is_ami_server_id_key (level_key (self, level), level->key_len))
    {
      /* routing, never a header; the first usable one counts */
      if (!self->have_ami_server_id && kind != SCALAR_BOOLEAN && kind != SCALAR_NULL &&
          parse_id (text, len, G_MAXINT, &self->ami_server_id))
        self->have_ami_server_id = TRUE;
      return 1;
    }

  if (self->depth == 1 && !top_level_member (self, level, kind, text, len))
    return 0;

  if (self->mode == MODE_ACTION || level->role == ROLE_DATA)
    return add_field (self, level, kind, text, len);
  return 1;
}

static int
on_null (void *ctx)
{
  return on_scalar (ctx, SCALAR_NULL, "", 0);
}

static int
on_boolean (void *ctx,
            int   value)
{
  return on_scalar (ctx, SCALAR_BOOLEAN, value ? "true" : "false", value ? 4 : 5);
}

static int
on_number (void       *ctx,
           const char *text,
           size_t      len)
{
  /* the original text: "1598510618.33" is never rounded through a double */
  return on_scalar (ctx, SCALAR_NUMBER, text, len);
}

static int
on_string (void                *ctx,
           const unsigned char *text,
           size_t               len)
{
  return on_scalar (ctx, SCALAR_STRING, (const char *) text, len);
}

/* Opens a level; checked here so that `[[[[…` is refused at depth 33 and
 * never costs more than that. */
static int
open_level (Decoder  *self,
            gboolean  is_map)
{
  Level *parent;
  Level *level;
  gboolean is_data = FALSE;

  if (self->depth >= DIPCC_WS_ENVELOPE_MAX_DEPTH)
    return fail_too_deep (self);

  if (self->depth == 0)
    {
      if (!is_map)
        return fail_not_object (self);
      level = &self->levels[self->depth++];
      level->is_map = TRUE;
      level->role = ROLE_TOP;
      level->base = level->key_off = self->scratch->keys->len;
      level->key_len = 0;
      level->key_in_json = FALSE;
      return 1;
    }

  parent = current_level (self);
  if (parent->role == ROLE_TOP && self->mode == MODE_FRAME)
    is_data = bytes_equal (level_key (self, parent), parent->key_len, "data");
  if (is_data && !is_map)
    return fail_no_data (self);

  level = &self->levels[self->depth++];
  level->is_map = is_map;
  level->base = self->scratch->keys->len;
  if (is_data)
    {
      self->have_data = TRUE;
      level->role = ROLE_DATA;
    }
  else
    {
      level->role = parent->role == ROLE_DATA ? ROLE_DATA : ROLE_OTHER;
    }

  if (is_map)
    {
      level->key_off = level->base;
      level->key_len = 0;
      level->key_in_json = FALSE;
    }
  else
    {
      /* every element of an array is a field named like the array */
      level->key_off = parent->key_off;
      level->key_len = parent->key_len;
      level->key_in_json = parent->key_in_json;
    }
  return 1;
}

static int
on_start_map (void *ctx)
{
  return open_level (ctx, TRUE);
}

static int
on_start_array (void *ctx)
{
  return open_level (ctx, FALSE);
}

static int
on_end_container (void *ctx)
{
  Decoder *self = ctx;

  g_assert (self->depth > 0);
  self->depth--;
  return 1;
}

static int
on_map_key (void                *ctx,
            const unsigned char *key,
            size_t               len)
{
  Decoder *self = ctx;
  Level *level = current_level (self);
  GString *keys = self->scratch->keys;
  const char *text = (const char *) key;

  /* A key without escapes is handed over inside the frame, which lives
   * as long as the decoding: point at it. yajl unescapes the others into
   * a buffer of its own, reused: copy them. */
  if (G_LIKELY (text >= self->json && len <= self->json_len &&
                text - self->json <= (gssize) (self->json_len - len) &&
                text_is_clean (text, len)))
    {
      level->key_in_json = TRUE;
      level->key_off = text - self->json;
      level->key_len = len;
      return 1;
    }

  if (text_is_clean (text, len))
    {
      g_string_set_size (keys, level->base + len);
      memcpy (keys->str + level->base, text, len);
    }
  else
    {
      g_string_truncate (keys, level->base);
      dipcc_utf8_append_valid (keys, text, len);
    }
  level->key_in_json = FALSE;
  level->key_off = level->base;
  level->key_len = keys->len - level->base;
  return 1;
}

static const yajl_callbacks decoder_callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end_container,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end_container,
};

/* Type 5: old Asterisk's command output comes as one `Output` string with
 * the lines joined by `\n`; make it one `Output` field per line, as newer
 * servers send it. Lines lose their trailing CRs, and the empty piece after
 * a final `\n` is not a line. */
static gboolean
split_command_output (Decoder *self)
{
  DipccAmiBuilder *from = &self->scratch->builder;
  DipccAmiBuilder *to = &self->scratch->split;
  gboolean any = FALSE;

  for (guint i = 0; i < from->n_fields && !any; i++)
    {
      const DipccAmiField *f = &from->fields[i];

      any = is_output_key (from->data + f->key, f->key_len) &&
            (memchr (from->data + f->value, '\n', f->value_len) != NULL ||
             memchr (from->data + f->value, '\r', f->value_len) != NULL);
    }
  if (!any)
    return TRUE;

  dipcc_ami_builder_reset (to);
  for (guint i = 0; i < from->n_fields; i++)
    {
      const DipccAmiField *f = &from->fields[i];
      const char *key = from->data + f->key;
      const char *p = from->data + f->value;
      const char *end = p + f->value_len;

      if (!is_output_key (key, f->key_len) || f->value_len == 0)
        {
          if (!builder_add_checked (self, to, key, f->key_len, p, f->value_len))
            return FALSE;
          continue;
        }

      while (p < end)
        {
          const char *nl = memchr (p, '\n', end - p);
          const char *line_end = nl != NULL ? nl : end;

          while (line_end > p && line_end[-1] == '\r')
            line_end--;
          if (!builder_add_checked (self, to, key, f->key_len, p, line_end - p))
            return FALSE;
          if (nl == NULL)
            break;
          p = nl + 1;
        }
    }

  /* the split builder becomes the one the message is made from */
  {
    DipccAmiBuilder tmp = *from;

    *from = *to;
    *to = tmp;
    dipcc_ami_builder_reset (to);
  }
  return TRUE;
}

static DipccWsEnvelope *
decode (Mode         mode,
        const char  *json,
        gsize        len,
        GError     **error)
{
  Decoder self;
  yajl_handle parser;
  yajl_status status;
  gboolean at_end = FALSE;
  DipccWsEnvelope *envelope;
  DipccAmiMessage *message;

  if (len > DIPCC_WS_ENVELOPE_MAX_FRAME)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
                   _("A WebSocket message of %lu bytes is larger than the limit of %d "
                     "bytes, and was refused"),
                   (gulong) len, DIPCC_WS_ENVELOPE_MAX_FRAME);
      return NULL;
    }

  /* the levels are set as they open: clearing them would cost more than the
   * rest of a small frame's bookkeeping */
  memset (&self, 0, G_STRUCT_OFFSET (Decoder, levels));
  self.mode = mode;
  self.scratch = scratch_get ();
  self.json = json;
  self.json_len = len;
  self.type = DIPCC_WS_FRAME_UNKNOWN;
  self.server_id = DIPCC_SERVER_ID_NONE;
  self.ami_server_id = DIPCC_SERVER_ID_NONE;
  dipcc_ami_builder_reset (&self.scratch->builder);
  g_string_truncate (self.scratch->keys, 0);

  parser = yajl_alloc (&decoder_callbacks, NULL, &self);
  /* invalid UTF-8 in a caller-id name must not cost the frame: it is
   * replaced field by field instead */
  yajl_config (parser, yajl_dont_validate_strings, 1);
  yajl_config (parser, yajl_allow_trailing_garbage, 0);
  yajl_config (parser, yajl_allow_multiple_values, 0);
  yajl_config (parser, yajl_allow_comments, 0);

  status = yajl_parse (parser, (const unsigned char *) json, len);
  if (status == yajl_status_ok)
    {
      at_end = TRUE;
      status = yajl_complete_parse (parser);
    }

  if (status != yajl_status_ok && self.error == NULL)
    {
      gsize at = at_end ? len : yajl_get_bytes_consumed (parser);
      g_autofree char *shown = make_excerpt (json, len, at);

      g_set_error (&self.error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
                   _("A WebSocket message is not valid JSON, near “%s”"), shown);
    }
  yajl_free (parser);

  if (self.error == NULL && mode == MODE_FRAME && !self.have_data)
    fail_no_data (&self);
  if (self.error == NULL && mode == MODE_FRAME && self.type == DIPCC_WS_FRAME_COMMAND_OUTPUT)
    split_command_output (&self);

  if (self.error != NULL)
    {
      g_propagate_error (error, self.error);
      g_free (self.server_name);
      scratch_release (self.scratch);
      return NULL;
    }

  message = dipcc_ami_builder_finish (&self.scratch->builder);
  scratch_release (self.scratch);

  if (mode == MODE_ACTION)
    {
      if (self.has_action)
        dipcc_ami_message_set_kind (message, DIPCC_AMI_MESSAGE_KIND_ACTION);
    }
  else
    {
      switch (self.type)
        {
        case DIPCC_WS_FRAME_EVENT:
          dipcc_ami_message_set_kind (message, DIPCC_AMI_MESSAGE_KIND_EVENT);
          break;
        case DIPCC_WS_FRAME_RESPONSE:
        case DIPCC_WS_FRAME_COMMAND_OUTPUT:
          dipcc_ami_message_set_kind (message, DIPCC_AMI_MESSAGE_KIND_RESPONSE);
          break;
        case DIPCC_WS_FRAME_PROMPT:
        case DIPCC_WS_FRAME_ACTION:
          dipcc_ami_message_set_kind (message, DIPCC_AMI_MESSAGE_KIND_ACTION);
          break;
        case DIPCC_WS_FRAME_UNKNOWN:
        case DIPCC_WS_FRAME_QUEUE_LIST:
        default:
          /* the first field decides */
          break;
        }
    }
  dipcc_ami_message_set_server (message, self.server_id, self.server_name);

  envelope = g_new0 (DipccWsEnvelope, 1);
  envelope->type = self.type;
  envelope->server_id = self.server_id;
  envelope->server_name = self.server_name;
  envelope->ssl = self.ssl;
  envelope->ami_server_id = self.ami_server_id;
  envelope->message = message;
  return envelope;
}

/**
 * dipcc_ws_envelope_decode:
 * @json: the text of one WebSocket frame from the server, @len bytes
 * @len: its length
 * @error: return location for a %DIPCC_ERROR_PROTOCOL or
 *   %DIPCC_ERROR_TOO_LARGE error
 *
 * Decodes a server frame: `type`, `server_id`, `server_name`, `ssl`,
 * `AMIServerID` (at any depth, any case; never a field) and the AMI message
 * from `data`. Every member of `data` is kept in order, repeated keys
 * included; numbers keep their text, booleans are `true`/`false`, null is
 * empty; array elements repeat the array's key and nested objects are
 * flattened into their members. In a type 5 frame each line of `Output` is
 * one field. Invalid UTF-8 and NUL become U+FFFD. The type decides the
 * message's kind when it says it; otherwise the first field does.
 *
 * Returns: (transfer full) (nullable): the envelope, or %NULL when the frame
 *   is not a JSON object with a `data` object, or is over the limits
 */
DipccWsEnvelope *
dipcc_ws_envelope_decode (const char  *json,
                          gsize        len,
                          GError     **error)
{
  g_return_val_if_fail (json != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return decode (MODE_FRAME, json ? json : "", len, error);
}

/**
 * dipcc_ws_envelope_decode_action:
 * @json: the text of one WebSocket frame from a client, @len bytes
 * @len: its length
 * @error: return location for a %DIPCC_ERROR_PROTOCOL or
 *   %DIPCC_ERROR_TOO_LARGE error
 *
 * Decodes a client frame as the proxy does (for the PBX simulator): every
 * scalar member at any depth is a header, the envelope members `type`,
 * `server_id`, `server_name` and `ssl` included, arrays give repeated
 * headers, and `AMIServerID` (any depth, any case) only routes. The
 * top-level envelope members also fill the struct. A frame without `data`
 * is accepted: the proxy forwards whatever members it finds. The message is
 * an action when it has an `Action` field anywhere.
 *
 * Returns: (transfer full) (nullable): the envelope, or %NULL when the frame
 *   is not a JSON object or is over the limits
 */
DipccWsEnvelope *
dipcc_ws_envelope_decode_action (const char  *json,
                                 gsize        len,
                                 GError     **error)
{
  g_return_val_if_fail (json != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return decode (MODE_ACTION, json ? json : "", len, error);
}

/* ---- encoding ---------------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *text,
                gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = text;
  const char *end = text + len;

  for (const char *p = text; p < end; p++)
    {
      guchar c = *p;

      if (G_LIKELY (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F))
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append_len (out, "\\\"", 2);
          break;
        case '\\':
          g_string_append_len (out, "\\\\", 2);
          break;
        case '\n':
          g_string_append_len (out, "\\n", 2);
          break;
        case '\r':
          g_string_append_len (out, "\\r", 2);
          break;
        case '\t':
          g_string_append_len (out, "\\t", 2);
          break;
        default:
          {
            char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF] };

            g_string_append_len (out, u, sizeof u);
          }
          break;
        }
    }
  g_string_append_len (out, run, end - run);
}

/* Writes @text as a JSON string; invalid UTF-8 and NUL become U+FFFD so the
 * frame is always valid UTF-8 text. */
static void
append_json_string (GString    *out,
                    const char *text,
                    gsize       len)
{
  g_string_append_c (out, '"');
  if (G_LIKELY (dipcc_utf8_is_clean (text, len)))
    {
      append_escaped (out, text, len);
    }
  else
    {
      g_autoptr(GString) valid = g_string_sized_new (len + 8);

      dipcc_utf8_append_valid (valid, text, len);
      append_escaped (out, valid->str, valid->len);
    }
  g_string_append_c (out, '"');
}

static void
append_member_name (GString    *out,
                    const char *key)
{
  append_json_string (out, key, strlen (key));
  g_string_append_c (out, ':');
}

/* Values go to Asterisk as the proxy gets them: it does not decode JSON
 * escapes, so `"` and `\` cannot pass unaltered, and a control character
 * either breaks the JSON or (CR, LF) injects a header. */
static gboolean
action_value_is_valid (const char *value,
                       gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = value[i];

      if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
        return FALSE;
    }
  return len == 0 || g_utf8_validate_len (value, len, NULL);
}

static gboolean
check_action (DipccAmiMessage  *action,
              const char       *server_name,
              GError          **error)
{
  guint n = dipcc_ami_message_get_n_fields (action);

  if (n == 0)
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("An empty AMI message cannot be sent"));
      return FALSE;
    }

  if (server_name != NULL && !action_value_is_valid (server_name, strlen (server_name)))
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("The server name contains quotes, backslashes, control "
                             "characters or invalid text, and cannot be sent"));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *key = dipcc_ami_message_get_key_at (action, i);
      gsize key_len = strlen (key);

      if (!dipcc_ami_key_is_valid (key, key_len))
        {
          g_autofree char *shown = make_excerpt (key, key_len, 0);

          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       _("The AMI field name “%s” has characters that are not allowed"),
                       shown);
          return FALSE;
        }
      if (is_ami_server_id_key (key, key_len))
        {
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       _("The AMI field “%s” is reserved for choosing the server"), key);
          return FALSE;
        }
      if (!action_value_is_valid (dipcc_ami_message_get_value_at (action, i),
                                  dipcc_ami_message_get_value_len_at (action, i)))
        {
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       _("The value of “%s” contains quotes, backslashes, control "
                         "characters or invalid text, and was not sent"),
                       key);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * dipcc_ws_envelope_encode_action:
 * @action: the action
 * @dialect: the envelope to write
 * @server_id: the AMI server to send it to, written as `AMIServerID` (and as
 *   `server_id` in %DIPCC_WS_DIALECT_V3); must be 0 or more
 * @server_name: (nullable): `server_name` in %DIPCC_WS_DIALECT_V3
 * @ssl: `ssl` in %DIPCC_WS_DIALECT_V3
 * @error: return location for a %DIPCC_ERROR_INVALID_INPUT error
 *
 * Writes a client frame. The fields of @action appear in the order of their
 * first appearance; a repeated key is written once, as an array of its
 * values (`"Variable":["A=1","B=2"]`). Text is raw UTF-8. Nothing is written
 * when a key is not a token, a value (or @server_name) holds `"`, `\`, a
 * control character or invalid UTF-8, or @action sets `AMIServerID`
 * itself. The error names the key, never the value, which may be a secret.
 *
 * Returns: (transfer full) (nullable): the frame text, or %NULL on error
 */
char *
dipcc_ws_envelope_encode_action (DipccAmiMessage  *action,
                                 DipccWsDialect    dialect,
                                 int               server_id,
                                 const char       *server_name,
                                 gboolean          ssl,
                                 GError          **error)
{
  GString *out;
  guint n;
  g_autofree gboolean *written = NULL;

  g_return_val_if_fail (action != NULL, NULL);
  g_return_val_if_fail (dialect == DIPCC_WS_DIALECT_V3 || dialect == DIPCC_WS_DIALECT_DCMIWS,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* without AMIServerID the proxy sends the action to every server */
  if (server_id < 0)
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("No PBX server was chosen for the request, so it was not "
                             "sent to all of them"));
      return NULL;
    }
  if (!check_action (action, server_name, error))
    return NULL;

  n = dipcc_ami_message_get_n_fields (action);
  out = g_string_sized_new (128 + dipcc_ami_message_get_size (action) + 8 * n);

  g_string_append_c (out, '{');
  if (dialect == DIPCC_WS_DIALECT_V3)
    {
      g_string_append_printf (out, "\"type\":%d,\"server_id\":%d,\"server_name\":\"%s\","
                              "\"ssl\":%s,",
                              DIPCC_WS_FRAME_ACTION, server_id,
                              server_name ? server_name : "", ssl ? "true" : "false");
    }
  g_string_append_printf (out, "\"AMIServerID\":%d,\"data\":{", server_id);

  written = g_new0 (gboolean, n);
  for (guint i = 0; i < n; i++)
    {
      const char *key = dipcc_ami_message_get_key_at (action, i);
      guint count = 1;

      if (written[i])
        continue;
      for (guint j = i + 1; j < n; j++)
        if (strcmp (key, dipcc_ami_message_get_key_at (action, j)) == 0)
          count++;

      if (i > 0)
        g_string_append_c (out, ',');
      /* keys are tokens and values were checked: nothing needs escaping */
      g_string_append_c (out, '"');
      g_string_append (out, key);
      g_string_append_len (out, "\":", 2);
      if (count > 1)
        g_string_append_c (out, '[');
      for (guint j = i, k = 0; j < n && k < count; j++)
        {
          if (j != i && strcmp (key, dipcc_ami_message_get_key_at (action, j)) != 0)
            continue;
          written[j] = TRUE;
          if (k++ > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '"');
          g_string_append_len (out, dipcc_ami_message_get_value_at (action, j),
                               dipcc_ami_message_get_value_len_at (action, j));
          g_string_append_c (out, '"');
        }
      if (count > 1)
        g_string_append_c (out, ']');
    }
  g_string_append_len (out, "}}", 2);

  return g_string_free (out, FALSE);
}

/**
 * dipcc_ws_envelope_encode_frame:
 * @type: the frame type
 * @server_id: `server_id`
 * @server_name: (nullable): `server_name`; %NULL writes `null`
 * @ssl: `ssl`
 * @data: the AMI message
 *
 * Writes a server frame as the proxy does (for the PBX simulator): every
 * field in order, a repeated key as repeated members, every string escaped.
 * In a type 5 frame the `Output` fields become one `Output` member at the
 * place of the first, each line followed by `\n`, as amiws sends the output
 * of old Asterisk. Invalid UTF-8 becomes U+FFFD: the frame is always valid.
 *
 * Returns: (transfer full): the frame text
 */
char *
dipcc_ws_envelope_encode_frame (DipccWsFrameType  type,
                                int               server_id,
                                const char       *server_name,
                                gboolean          ssl,
                                DipccAmiMessage  *data)
{
  GString *out;
  guint n;
  gboolean output_written = FALSE;

  g_return_val_if_fail (data != NULL, NULL);

  n = dipcc_ami_message_get_n_fields (data);
  out = g_string_sized_new (128 + dipcc_ami_message_get_size (data) * 9 / 8 + 8 * n);

  g_string_append_printf (out, "{\"type\":%d,\"server_id\":%d,\"server_name\":",
                          (int) type, server_id);
  if (server_name != NULL)
    append_json_string (out, server_name, strlen (server_name));
  else
    g_string_append_len (out, "null", 4);
  g_string_append_printf (out, ",\"ssl\":%s,\"data\":{", ssl ? "true" : "false");

  for (guint i = 0; i < n; i++)
    {
      const char *key = dipcc_ami_message_get_key_at (data, i);

      if (type == DIPCC_WS_FRAME_COMMAND_OUTPUT && is_output_key (key, strlen (key)))
        {
          g_autoptr(GString) joined = NULL;

          /* the later ones are part of the first Output member */
          if (output_written)
            continue;
          output_written = TRUE;
          if (i > 0)
            g_string_append_c (out, ',');
          joined = g_string_new (NULL);
          for (guint j = i; j < n; j++)
            {
              const char *other = dipcc_ami_message_get_key_at (data, j);

              if (!is_output_key (other, strlen (other)))
                continue;
              g_string_append_len (joined, dipcc_ami_message_get_value_at (data, j),
                                   dipcc_ami_message_get_value_len_at (data, j));
              g_string_append_c (joined, '\n');
            }
          append_member_name (out, "Output");
          append_json_string (out, joined->str, joined->len);
          continue;
        }

      if (i > 0)
        g_string_append_c (out, ',');
      append_member_name (out, key);
      append_json_string (out, dipcc_ami_message_get_value_at (data, i),
                          dipcc_ami_message_get_value_len_at (data, i));
    }
  g_string_append_len (out, "}}", 2);

  return g_string_free (out, FALSE);
}

/* ---- boxed ------------------------------------------------------------- */

/**
 * dipcc_ws_envelope_copy:
 * @envelope: an envelope
 *
 * Returns: (transfer full): a deep copy, with its own copy of the message
 */
DipccWsEnvelope *
dipcc_ws_envelope_copy (DipccWsEnvelope *envelope)
{
  DipccWsEnvelope *copy;

  g_return_val_if_fail (envelope != NULL, NULL);

  copy = g_new0 (DipccWsEnvelope, 1);
  copy->type = envelope->type;
  copy->server_id = envelope->server_id;
  copy->server_name = g_strdup (envelope->server_name);
  copy->ssl = envelope->ssl;
  copy->ami_server_id = envelope->ami_server_id;
  if (envelope->message != NULL)
    copy->message = dipcc_ami_message_copy (envelope->message);
  return copy;
}

/**
 * dipcc_ws_envelope_free:
 * @envelope: (nullable): an envelope
 */
void
dipcc_ws_envelope_free (DipccWsEnvelope *envelope)
{
  if (envelope == NULL)
    return;

  g_clear_pointer (&envelope->message, dipcc_ami_message_unref);
  g_free (envelope->server_name);
  g_free (envelope);
}
