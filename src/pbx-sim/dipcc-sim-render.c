/* dipcc-sim-render.c: messages to AMI text and amiws frames, warts included
 *
 * What reaches a client is what the real servers write, not what a careful
 * encoder would: a caller-id name with CR LF splits the AMI message (and,
 * through amiws, becomes an extra JSON member); bytes that are not UTF-8
 * are written raw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-sim"

#include "config.h"

#include <string.h>

#include "dipcc-ami-serializer.h"
#include "dipcc-ws-envelope.h"

#include "dipcc-sim-hub.h"
#include "dipcc-sim-render.h"

static gboolean
is_follows (DipccAmiMessage *message,
            guint            flags)
{
  return (flags & DIPCC_SIM_MESSAGE_COMMAND_OUTPUT) != 0 &&
         dipcc_ami_message_get_kind (message) == DIPCC_AMI_MESSAGE_KIND_RESPONSE &&
         g_strcmp0 (dipcc_ami_message_get (message, "Response"), "Follows") == 0;
}

static void
append_raw (DipccAmiMessage *message,
            GString         *out)
{
  guint n = dipcc_ami_message_get_n_fields (message);

  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, dipcc_ami_message_get_key_at (message, i));
      g_string_append (out, ": ");
      g_string_append_len (out, dipcc_ami_message_get_value_at (message, i),
                           (gssize) dipcc_ami_message_get_value_len_at (message, i));
      g_string_append (out, "\r\n");
    }
  g_string_append (out, "\r\n");
}

/**
 * dipcc_sim_render_ami:
 *
 * Appends @message as Asterisk writes it. Old command output
 * (`Response: Follows`) becomes raw lines ending in bare LF and
 * `--END COMMAND--`; a value the serializer refuses (CR, LF) is written raw,
 * which is exactly the header injection real servers suffer.
 */
void
dipcc_sim_render_ami (DipccAmiMessage *message,
                      guint            flags,
                      GString         *out)
{
  gsize start = out->len;

  if (is_follows (message, flags))
    {
      guint n = dipcc_ami_message_get_n_fields (message);

      for (guint i = 0; i < n; i++)
        {
          const char *key = dipcc_ami_message_get_key_at (message, i);

          if (g_ascii_strcasecmp (key, "Output") == 0)
            continue;
          g_string_append_printf (out, "%s: %s\r\n", key,
                                  dipcc_ami_message_get_value_at (message, i));
        }
      for (guint i = 0; i < n; i++)
        {
          if (g_ascii_strcasecmp (dipcc_ami_message_get_key_at (message, i), "Output") != 0)
            continue;
          g_string_append (out, dipcc_ami_message_get_value_at (message, i));
          g_string_append_c (out, '\n');
        }
      g_string_append (out, "--END COMMAND--\r\n\r\n");
      return;
    }

  if (!dipcc_ami_serialize (message, out, NULL))
    {
      g_string_truncate (out, start);
      append_raw (message, out);
    }
}

static gboolean
needs_split (DipccAmiMessage *message)
{
  guint n = dipcc_ami_message_get_n_fields (message);

  for (guint i = 0; i < n; i++)
    {
      const char *v = dipcc_ami_message_get_value_at (message, i);
      gsize len = dipcc_ami_message_get_value_len_at (message, i);

      if (memchr (v, '\r', len) != NULL || memchr (v, '\n', len) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* What amiws makes of AMI text with CR LF inside a value: every CRLF ends
 * a line, each line is a key; a bare CR costs the whole message. */
static DipccAmiMessage *
split_like_amiws (DipccAmiMessage *message)
{
  g_autoptr(GString) text = g_string_new (NULL);
  DipccAmiMessage *out = dipcc_ami_message_new ();
  const char *p;
  const char *end;

  append_raw (message, text);
  p = text->str;
  end = text->str + text->len;
  while (p < end)
    {
      const char *eol = g_strstr_len (p, end - p, "\r\n");
      const char *colon;
      gsize line_len;

      if (eol == NULL)
        eol = end;
      line_len = (gsize) (eol - p);
      if (line_len == 0)
        break;
      if (memchr (p, '\r', line_len) != NULL)
        {
          dipcc_ami_message_unref (out);
          return NULL;
        }
      colon = memchr (p, ':', line_len);
      if (colon != NULL)
        {
          const char *value = colon + 1;

          if (value < eol && *value == ' ')
            value++;
          dipcc_ami_message_add_len (out, p, (gsize) (colon - p), value, (gsize) (eol - value));
        }
      p = eol + 2;
    }
  return out;
}

static gboolean
all_valid_utf8 (DipccAmiMessage *message)
{
  guint n = dipcc_ami_message_get_n_fields (message);

  for (guint i = 0; i < n; i++)
    if (!g_utf8_validate (dipcc_ami_message_get_value_at (message, i),
                          (gssize) dipcc_ami_message_get_value_len_at (message, i), NULL))
      return FALSE;
  return TRUE;
}

static void
append_json_raw (GString    *out,
                 const char *text,
                 gsize       len)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);   /* bytes >= 0x80 go through raw */
    }
  g_string_append_c (out, '"');
}

/* The frame as amiws writes it, byte for byte, whatever the bytes are. */
static char *
encode_raw (int              type,
            int              server_id,
            const char      *server_name,
            DipccAmiMessage *message,
            gsize           *out_len)
{
  GString *out = g_string_new (NULL);
  guint n = dipcc_ami_message_get_n_fields (message);

  g_string_append_printf (out, "{\"type\":%d,\"server_id\":%d,\"server_name\":", type, server_id);
  append_json_raw (out, server_name, strlen (server_name));
  g_string_append (out, ",\"ssl\":false,\"data\":{");
  for (guint i = 0; i < n; i++)
    {
      const char *key = dipcc_ami_message_get_key_at (message, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_json_raw (out, key, strlen (key));
      g_string_append_c (out, ':');
      append_json_raw (out, dipcc_ami_message_get_value_at (message, i),
                       dipcc_ami_message_get_value_len_at (message, i));
    }
  g_string_append (out, "}}");
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/**
 * dipcc_sim_render_ws:
 * @out_len: (out): length of the frame
 * @out_valid_utf8: (out): whether the frame is valid UTF-8 (libsoup will
 *   only send such text itself)
 *
 * The frame amiws sends for @message, or %NULL when amiws drops it
 * (`OriginateResponse`, `Response: Goodbye`, a bare CR in a value).
 *
 * Returns: (transfer full) (nullable): the frame
 */
char *
dipcc_sim_render_ws (DipccAmiMessage *message,
                     guint            flags,
                     int              server_id,
                     const char      *server_name,
                     gsize           *out_len,
                     gboolean        *out_valid_utf8)
{
  g_autoptr(DipccAmiMessage) split = NULL;
  DipccAmiMessageKind kind = dipcc_ami_message_get_kind (message);
  DipccWsFrameType type;
  char *frame;

  *out_len = 0;
  *out_valid_utf8 = TRUE;

  if (kind == DIPCC_AMI_MESSAGE_KIND_EVENT &&
      g_strcmp0 (dipcc_ami_message_get_name (message), "OriginateResponse") == 0)
    return NULL;
  if (kind == DIPCC_AMI_MESSAGE_KIND_RESPONSE &&
      g_strcmp0 (dipcc_ami_message_get (message, "Response"), "Goodbye") == 0)
    return NULL;

  if (is_follows (message, flags))
    type = DIPCC_WS_FRAME_COMMAND_OUTPUT;
  else if (kind == DIPCC_AMI_MESSAGE_KIND_EVENT)
    type = DIPCC_WS_FRAME_EVENT;
  else if (kind == DIPCC_AMI_MESSAGE_KIND_RESPONSE)
    type = DIPCC_WS_FRAME_RESPONSE;
  else
    type = DIPCC_WS_FRAME_UNKNOWN;

  if (type != DIPCC_WS_FRAME_COMMAND_OUTPUT && needs_split (message))
    {
      split = split_like_amiws (message);
      if (split == NULL)
        return NULL;
      message = split;
    }

  if (all_valid_utf8 (message))
    {
      frame = dipcc_ws_envelope_encode_frame (type, server_id, server_name, FALSE, message);
      if (frame != NULL)
        {
          *out_len = strlen (frame);
          return frame;
        }
    }

  *out_valid_utf8 = FALSE;
  return encode_raw (type, server_id, server_name, message, out_len);
}

/**
 * dipcc_sim_ws_raw_frame:
 *
 * Returns: (transfer full): one unmasked server-to-client text frame around
 *   @payload, for bytes libsoup refuses to send as text.
 */
GBytes *
dipcc_sim_ws_raw_frame (const char *payload,
                        gsize       len)
{
  GByteArray *frame = g_byte_array_sized_new ((guint) len + 10);
  guint8 header[10];
  gsize header_len;

  header[0] = 0x81;   /* FIN + text */
  if (len < 126)
    {
      header[1] = (guint8) len;
      header_len = 2;
    }
  else if (len <= 0xffff)
    {
      header[1] = 126;
      header[2] = (guint8) (len >> 8);
      header[3] = (guint8) len;
      header_len = 4;
    }
  else
    {
      header[1] = 127;
      for (int i = 0; i < 8; i++)
        header[2 + i] = (guint8) ((guint64) len >> (8 * (7 - i)));
      header_len = 10;
    }
  g_byte_array_append (frame, header, (guint) header_len);
  g_byte_array_append (frame, (const guint8 *) payload, (guint) len);
  return g_byte_array_free_to_bytes (frame);
}
