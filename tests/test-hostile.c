/* test-hostile.c: the hostile input corpus (tests/data/hostile) through
 * every place in the core it can reach
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-ami-parser.h"
#include "dipcc-ami-serializer.h"
#include "dipcc-call-list.h"
#include "dipcc-call-uri.h"
#include "dipcc-cdr-record.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-error.h"
#include "dipcc-phone-number.h"
#include "dipcc-text.h"
#include "dipcc-test-utils.h"
#include "dipcc-url-template.h"
#include "dipcc-ws-envelope.h"

#define LINKEDID "1700000000.1"

static GPtrArray *names;
static GPtrArray *numbers;

static const char *
entry (GPtrArray *entries,
       guint      i,
       gsize     *len)
{
  return g_bytes_get_data (g_ptr_array_index (entries, i), len);
}

static void
note (const char *text,
      gsize       len)
{
  g_autofree char *shown = g_strescape (text, NULL);

  if (strlen (shown) > 60)
    strcpy (shown + 57, "...");
  g_test_message ("entry (%lu bytes): %s", (gulong) len, shown);
}

/* What may be shown: valid UTF-8 with no control, format or line-separator
 * character, so no markup-free label, log line or terminal can be fooled
 * by it (markup itself is escaped by whoever shows it). */
static void
assert_displayable (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      GUnicodeType type = g_unichar_type (g_utf8_get_char (p));

      g_assert_cmpint (type, !=, G_UNICODE_CONTROL);
      g_assert_cmpint (type, !=, G_UNICODE_FORMAT);
      g_assert_cmpint (type, !=, G_UNICODE_LINE_SEPARATOR);
      g_assert_cmpint (type, !=, G_UNICODE_PARAGRAPH_SEPARATOR);
    }
}

/* ---- display ------------------------------------------------------------ */

static void
test_sanitize_display (void)
{
  for (guint i = 0; i < names->len; i++)
    {
      gsize len;
      const char *name = entry (names, i, &len);
      g_autofree char *shown = dipcc_text_sanitize_display (name, len, 64);
      g_autofree char *unlimited = dipcc_text_sanitize_display (name, len, 0);

      note (name, len);
      assert_displayable (shown);
      assert_displayable (unlimited);
      g_assert_cmpuint (g_utf8_strlen (shown, -1), <=, 65);
      g_assert_false (g_str_has_prefix (shown, " "));
      g_assert_false (g_str_has_suffix (unlimited, " "));
      g_assert_null (strstr (unlimited, "  "));
      /* nothing after a NUL is cut off silently */
      if (memchr (name, '\0', len) != NULL)
        g_assert_nonnull (strstr (unlimited, "byte"));
    }

  {
    g_autofree char *markup = dipcc_text_sanitize_display ("Kim <b>bold</b> & co", -1, 0);
    g_autofree char *ansi = dipcc_text_sanitize_display ("\x1b[31mRED\x1b[0m", -1, 0);
    g_autofree char *rtl = dipcc_text_sanitize_display ("\u202eevil.exe\u202ctxt.exe", -1, 0);
    g_autofree char *crlf = dipcc_text_sanitize_display ("Kim\r\nEvent: Fake", -1, 0);

    /* markup stays text: escaping it is the job of what shows it */
    g_assert_cmpstr (markup, ==, "Kim <b>bold</b> & co");
    g_assert_cmpstr (ansi, ==, "[31mRED[0m");
    g_assert_cmpstr (rtl, ==, "evil.exetxt.exe");
    g_assert_cmpstr (crlf, ==, "Kim Event: Fake");
  }
}

/* ---- AMI parser → call model -------------------------------------------- */

typedef struct {
  guint n_incoming;
} Incoming;

static void
on_incoming (DipccCallList *list,
             DipccCall     *call,
             Incoming      *seen)
{
  seen->n_incoming++;
}

static void
append_field (GString    *ami,
              const char *key,
              const char *value,
              gsize       len)
{
  g_string_append_printf (ami, "%s: ", key);
  g_string_append_len (ami, value, len);
  g_string_append (ami, "\r\n");
}

/* An incoming call as Asterisk writes it, with the hostile name and number
 * put on the wire raw, as a PBX relaying them would. */
static GString *
incoming_call_ami (const char *name,
                   gsize       name_len,
                   const char *number,
                   gsize       number_len)
{
  GString *ami = g_string_new ("Asterisk Call Manager/5.0.1\r\n");

  g_string_append (ami, "Event: Newchannel\r\nChannel: PJSIP/trunk-00000001\r\n"
                        "ChannelState: 4\r\n");
  append_field (ami, "CallerIDNum", number, number_len);
  append_field (ami, "CallerIDName", name, name_len);
  g_string_append (ami, "Uniqueid: " LINKEDID "\r\nLinkedid: " LINKEDID "\r\n\r\n");

  g_string_append (ami, "Event: UserEvent\r\nChannel: PJSIP/trunk-00000001\r\n"
                        "UserEvent: incoming-16681706-07079190158-PJSIP/trunk-00000001-");
  g_string_append_len (ami, number, number_len);
  g_string_append (ami, "-" LINKEDID "\r\n");
  append_field (ami, "CallerIDNum", number, number_len);
  append_field (ami, "CallerIDName", name, name_len);
  g_string_append (ami, "Uniqueid: " LINKEDID "\r\nLinkedid: " LINKEDID "\r\n\r\n");

  g_string_append (ami, "Event: Newchannel\r\nChannel: PJSIP/0101-00000002\r\n"
                        "ChannelState: 5\r\nCallerIDNum: 0101\r\nCallerIDName: Agent\r\n");
  append_field (ami, "ConnectedLineNum", number, number_len);
  append_field (ami, "ConnectedLineName", name, name_len);
  g_string_append (ami, "Uniqueid: 1700000000.2\r\nLinkedid: " LINKEDID "\r\n\r\n");
  return ami;
}

static gboolean
has_blank_line (const char *value,
                gsize       value_len)
{
  /* as on the wire: the line ends after the value (which may hold NUL) */
  g_autofree char *text = g_malloc (value_len + 2);
  gsize len = value_len + 2;

  memcpy (text, value, value_len);
  memcpy (text + value_len, "\r\n", 2);
  /* a line break right after another ends the message, as in AMI itself */
  for (gsize i = 0; i + 1 < len; i++)
    {
      if (text[i] == '\n' && (text[i + 1] == '\n' ||
                              (text[i + 1] == '\r' && i + 2 < len && text[i + 2] == '\n')))
        return TRUE;
      if (text[i] == '\r' && text[i + 1] == '\r')
        return TRUE;
    }
  return FALSE;
}

static gsize
longest_line (const char *text,
              gsize       len)
{
  gsize longest = 0;
  gsize current = 0;

  for (gsize i = 0; i < len; i++)
    {
      current = text[i] == '\n' ? 0 : current + 1;
      longest = MAX (longest, current);
    }
  return longest;
}

static void
run_ami_case (const char *name,
              gsize       name_len,
              const char *number,
              gsize       number_len,
              gsize       chunk)
{
  g_autoptr(GString) ami = incoming_call_ami (name, name_len, number, number_len);
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(DipccEndpointList) endpoints = dipcc_endpoint_list_new ();
  g_autoptr(DipccCallList) calls = dipcc_call_list_new (endpoints);
  g_autofree char *banner = NULL;
  DipccAmiMessage *user_event = NULL;
  Incoming seen = { 0 };
  DipccCall *call;
  gboolean split;

  messages = dipcc_test_parse_ami (ami->str, ami->len, chunk, &errors, &banner);
  dipcc_call_list_set_my_extension (calls, "0101");
  g_signal_connect (calls, "incoming", G_CALLBACK (on_incoming), &seen);

  for (guint i = 0; i < messages->len; i++)
    {
      DipccAmiMessage *m = g_ptr_array_index (messages, i);

      for (guint f = 0; f < dipcc_ami_message_get_n_fields (m); f++)
        {
          const char *value = dipcc_ami_message_get_value_at (m, f);
          const char *key = dipcc_ami_message_get_key_at (m, f);

          g_assert_true (dipcc_utf8_is_clean (key, strlen (key)));
          g_assert_true (dipcc_utf8_is_clean (value, dipcc_ami_message_get_value_len_at (m, f)));
        }
      if (dipcc_ami_message_is_event (m, "UserEvent") && user_event == NULL)
        user_event = m;
      dipcc_ami_message_set_server (m, 1, "hostile");
      dipcc_call_list_handle_event (calls, m);
    }

  /* a name without an empty line in it cannot make a second message; one
   * with an empty line ends the message on the wire, as it would for any
   * AMI client: what follows is a message of its own (a PBX that relays
   * such a name unescaped is broken, and nothing here can tell) */
  split = has_blank_line (name, name_len) || has_blank_line (number, number_len);
  if (longest_line (name, name_len) + 32 > DIPCC_AMI_PARSER_MAX_LINE ||
      longest_line (number, number_len) + 160 > DIPCC_AMI_PARSER_MAX_LINE)
    {
      /* a line over the limit drops its message, with an error: known
       * and documented (docs/reliability.md); Asterisk cannot send one */
      g_assert_cmpuint (errors->len, >=, 1);
      g_assert_nonnull (strstr (g_ptr_array_index (errors, 0), "longer than"));
      split = TRUE;
    }
  else if (!split)
    {
      g_assert_cmpuint (messages->len, ==, 3);
    }
  g_assert_cmpuint (seen.n_incoming, <=, 1);

  call = dipcc_call_list_lookup (calls, 1, LINKEDID);
  if (call != NULL)
    {
      assert_displayable (dipcc_call_get_remote_name (call));
      assert_displayable (dipcc_call_get_remote_number (call));
      g_assert_cmpuint (g_utf8_strlen (dipcc_call_get_remote_name (call), -1), <=, 129);
    }
  if (!split && call != NULL && user_event != NULL &&
      dipcc_ami_message_get (user_event, "CallerIDName") != NULL &&
      dipcc_call_get_direction (call) == DIPCC_CALL_DIRECTION_INBOUND)
    {
      g_autofree char *expected =
        dipcc_text_sanitize_display (dipcc_ami_message_get (user_event, "CallerIDName"), -1, 128);

      /* what the agent sees is the name the PBX sent, made displayable */
      g_assert_cmpstr (dipcc_call_get_remote_name (call), ==, expected);
      g_assert_cmpuint (seen.n_incoming, ==, 1);
    }
  g_signal_handlers_disconnect_by_data (calls, &seen);
}

static void
test_ami_to_model (void)
{
  for (guint i = 0; i < names->len; i++)
    {
      gsize len;
      const char *name = entry (names, i, &len);

      note (name, len);
      run_ami_case (name, len, "01012345678", 11, 0);
      run_ami_case (name, len, "01012345678", 11, 7);
    }
  for (guint i = 0; i < numbers->len; i++)
    {
      gsize len;
      const char *number = entry (numbers, i, &len);

      note (number, len);
      run_ami_case ("Kim", 3, number, len, 0);
    }

  /* the known injection: CR LF in the name adds a field, never a message */
  {
    const char *name = "Kim\r\nEvent: Fake";
    g_autoptr(GString) ami = incoming_call_ami (name, strlen (name), "0101", 4);
    g_autoptr(GPtrArray) messages = dipcc_test_parse_ami (ami->str, ami->len, 0, NULL, NULL);
    DipccAmiMessage *first = g_ptr_array_index (messages, 0);

    g_assert_cmpuint (messages->len, ==, 3);
    g_assert_cmpstr (dipcc_ami_message_get (first, "CallerIDName"), ==, "Kim");
    g_assert_cmpuint (dipcc_ami_message_count (first, "Event"), ==, 2);
    g_assert_cmpstr (dipcc_ami_message_get_name (first), ==, "Newchannel");
  }
}

/* ---- AMI serializer ----------------------------------------------------- */

static void
check_serializer (const char *value,
                  gsize       len)
{
  g_autoptr(DipccAmiMessage) action = dipcc_ami_message_new_action ("Originate");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean valid = dipcc_ami_value_is_valid (value, len) &&
                   len + 10 <= DIPCC_AMI_MAX_ACTION_LINE;

  dipcc_ami_message_add (action, "Channel", "PJSIP/0101");
  dipcc_ami_message_add_len (action, "CallerID", 8, value, len);
  dipcc_ami_message_add (action, "Exten", "0216682471");

  if (!dipcc_ami_serialize (action, out, &error))
    {
      g_assert_false (valid);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      assert_displayable (error->message);
      g_assert_cmpuint (out->len, ==, 0);
      /* refused whenever a line break or NUL could start another line */
      return;
    }
  g_assert_true (valid);
  g_assert_null (memchr (value, '\r', len));
  g_assert_null (memchr (value, '\n', len));
  {
    g_autoptr(GPtrArray) again = dipcc_test_parse_ami (out->str, out->len, 0, NULL, NULL);
    DipccAmiMessage *m;

    g_assert_cmpuint (again->len, ==, 1);
    m = g_ptr_array_index (again, 0);
    g_assert_cmpuint (dipcc_ami_message_get_n_fields (m), ==, 4);
    g_assert_cmpstr (dipcc_ami_message_get (m, "Exten"), ==, "0216682471");
  }
}

static void
test_ami_serializer (void)
{
  for (guint i = 0; i < names->len; i++)
    {
      gsize len;
      const char *name = entry (names, i, &len);

      note (name, len);
      check_serializer (name, len);
    }
  for (guint i = 0; i < numbers->len; i++)
    {
      gsize len;
      const char *number = entry (numbers, i, &len);

      note (number, len);
      check_serializer (number, len);
    }
  g_assert_false (dipcc_ami_value_is_valid ("Kim\r\nEvent: Fake", 16));
  g_assert_false (dipcc_ami_value_is_valid ("Kim\nAction: Logoff", 18));
  g_assert_false (dipcc_ami_value_is_valid ("nul\0byte", 8));
}

/* ---- WebSocket envelope ------------------------------------------------- */

/* A JSON string as amiws writes one: quotes, backslashes and control
 * characters escaped, other bytes raw (even when they are not UTF-8). */
static void
append_amiws_string (GString    *out,
                     const char *text,
                     gsize       len)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static gboolean
amiws_can_carry (const char *value,
                 gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) value[i] < 0x20 || value[i] == 0x7f || value[i] == '"' || value[i] == '\\')
      return FALSE;
  return g_utf8_validate_len (value, len, NULL);
}

static void
check_ws (const char *value,
          gsize       len)
{
  g_autoptr(GString) frame = g_string_new ("{\"type\":3,\"server_id\":1,\"server_name\":\"s\","
                                           "\"ssl\":false,\"data\":{\"Event\":\"Newchannel\","
                                           "\"CallerIDName\":");
  g_autoptr(DipccWsEnvelope) envelope = NULL;
  g_autoptr(GError) error = NULL;

  append_amiws_string (frame, value, len);
  g_string_append (frame, ",\"Uniqueid\":\"" LINKEDID "\"}}");
  envelope = dipcc_ws_envelope_decode (frame->str, frame->len, &error);
  if (envelope == NULL)
    {
      /* only the size limits may refuse it */
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE);
      g_assert_cmpuint (frame->len, >, 64 * 1024);
    }
  else
    {
      DipccAmiMessage *m = envelope->message;

      g_assert_cmpuint (dipcc_ami_message_get_n_fields (m), ==, 3);
      g_assert_cmpstr (dipcc_ami_message_get_name (m), ==, "Newchannel");
      for (guint f = 0; f < 3; f++)
        g_assert_true (dipcc_utf8_is_clean (dipcc_ami_message_get_value_at (m, f),
                                            dipcc_ami_message_get_value_len_at (m, f)));
    }

  /* and as an action value: sent unchanged or refused, never rewritten */
  {
    g_autoptr(DipccAmiMessage) action = dipcc_ami_message_new_action ("Originate");
    g_autoptr(GError) encode_error = NULL;
    g_autofree char *json = NULL;

    dipcc_ami_message_add_len (action, "CallerID", 8, value, len);
    json = dipcc_ws_envelope_encode_action (action, DIPCC_WS_DIALECT_V3, 1, NULL, FALSE,
                                            &encode_error);
    /* amiws passes values to Asterisk as they are: a line break would
     * inject a header, quotes and backslashes are not decoded */
    g_assert_cmpint (json != NULL, ==, amiws_can_carry (value, len));
    if (json == NULL)
      {
        g_assert_error (encode_error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      }
    else
      {
        g_autoptr(DipccWsEnvelope) back = NULL;

        g_assert_null (memchr (value, '\r', len));
        g_assert_null (memchr (value, '\n', len));
        back = dipcc_ws_envelope_decode_action (json, strlen (json), NULL);
        if (back != NULL)
          {
            const char **all = dipcc_ami_message_get_all (back->message, "CallerID");

            g_assert_cmpuint (g_strv_length ((char **) all), ==, 1);
            g_assert_cmpmem (all[0], strlen (all[0]), value, len);
            g_free (all);
          }
        else
          {
            g_assert_cmpuint (strlen (json), >, DIPCC_WS_ENVELOPE_MAX_FRAME);
          }
      }
  }
}

static void
test_ws_envelope (void)
{
  for (guint i = 0; i < names->len; i++)
    {
      gsize len;
      const char *name = entry (names, i, &len);

      note (name, len);
      check_ws (name, len);
    }
  for (guint i = 0; i < numbers->len; i++)
    {
      gsize len;
      const char *number = entry (numbers, i, &len);

      note (number, len);
      check_ws (number, len);
    }
}

/* ---- URL template ------------------------------------------------------- */

static guint
count_structure (const char *url)
{
  guint n = 0;

  for (const char *p = url; *p; p++)
    n += strchr ("/?#&=@:;", *p) != NULL;
  return n;
}

static void
check_template (const char *host,
                const char *template_,
                const char *value)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const *placeholders = dipcc_url_template_placeholders ();
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = dipcc_url_template_expand (template_, NULL, &error);
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  g_assert_no_error (error);
  for (guint i = 0; placeholders[i] != NULL; i++)
    g_hash_table_insert (values, (gpointer) placeholders[i], (gpointer) value);
  url = dipcc_url_template_expand (template_, values, &error);
  g_assert_no_error (error);

  for (const char *p = url; *p; p++)
    g_assert_true (*p > 0x20 && *p < 0x7f);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_host (uri), ==, host);
  /* the values added no separator: the URL has the template's shape */
  g_assert_cmpuint (count_structure (url), ==, count_structure (empty));
}

static void
test_url_template (void)
{
  g_autoptr(GPtrArray) templates = dipcc_test_hostile_load ("templates");
  g_autoptr(GPtrArray) values = dipcc_test_hostile_load ("url-values");
  GPtrArray *sets[] = { values, names, numbers };

  for (guint t = 0; t < templates->len; t++)
    {
      const char *line = entry (templates, t, NULL);
      const char *space = strchr (line, ' ');
      g_autofree char *host = g_strndup (line, space - line);

      g_assert_true (dipcc_url_template_validate (space + 1, NULL));
      for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
        for (guint i = 0; i < sets[s]->len; i++)
          check_template (host, space + 1, entry (sets[s], i, NULL));
    }
}

/* ---- links and numbers -------------------------------------------------- */

static void
check_dial (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = dipcc_call_uri_parse (text, &error);

  if (number == NULL)
    {
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      assert_displayable (error->message);
      g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 240);
      return;
    }
  g_assert_true (dipcc_phone_number_is_dialable (number));
  for (const char *p = number; *p; p++)
    g_assert_true (g_ascii_isdigit (*p) || *p == '*' || *p == '#' || (*p == '+' && p == number));
}

static void
test_links_and_numbers (void)
{
  g_autoptr(GPtrArray) uris = dipcc_test_hostile_load ("uris");
  static const struct {
    const char *uri;
    const char *number;
  } expected[] = {
    { "tel:0101", "0101" },
    { "tel:0101;phone-context=evil.example;ext=900", "0101" },
    { "tel:0101%0d%0aAction:%20Originate%0d%0aChannel:%20PJSIP/0101", NULL },
    { "tel:%30%31%30%31", "0101" },
    { "tel:0101%3B$(reboot)", NULL },
    { "tel:%EF%BC%90%EF%BC%91%EF%BC%90", NULL },
    { "callto://+15551234", "+15551234" },
    { "callto://evil.example/0101", NULL },
    { "sip:0101@evil.example;transport=tls?Call-Info=%0d%0a", NULL },
    { "javascript:alert(1)", NULL },
  };

  for (guint i = 0; i < uris->len; i++)
    {
      const char *uri = entry (uris, i, NULL);

      note (uri, strlen (uri));
      check_dial (uri);
    }
  for (guint i = 0; i < numbers->len; i++)
    {
      gsize len;
      const char *number = entry (numbers, i, &len);
      g_autofree char *shown = dipcc_phone_number_format (number);

      note (number, len);
      check_dial (number);
      assert_displayable (shown);
      if (memchr (number, '\r', len) || memchr (number, '\n', len))
        g_assert_false (dipcc_phone_number_is_dialable (number));
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *number = dipcc_call_uri_parse (expected[i].uri, NULL);

      g_assert_cmpstr (number, ==, expected[i].number);
    }
}

/* ---- CDR answer --------------------------------------------------------- */

static void
check_cdr (const char *value,
           gsize       len)
{
  g_autoptr(GString) body = g_string_new ("{\"status\":\"success\",\"data\":[{\"clid\":");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  append_amiws_string (body, value, len);
  g_string_append (body, ",\"source\":");
  append_amiws_string (body, value, len);
  g_string_append (body, ",\"destination\":\"0101\",\"calldate\":\"2026-05-01 09:00:00\"}]}");

  records = dipcc_cdr_parse_response (body->str, body->len, NULL, NULL, &error);
  if (records == NULL)
    {
      /* json-glib refuses bytes that are not UTF-8 */
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL);
      assert_displayable (error->message);
      g_assert_false (g_utf8_validate_len (value, len, NULL));
      return;
    }
  g_assert_cmpuint (records->len, ==, 1);
  {
    DipccCdrRecord *record = g_ptr_array_index (records, 0);
    g_autofree char *source = dipcc_phone_number_format (dipcc_cdr_record_get_source (record));

    assert_displayable (dipcc_cdr_record_get_clid (record));
    assert_displayable (source);
  }
}

static void
test_cdr (void)
{
  for (guint i = 0; i < names->len; i++)
    {
      gsize len;
      const char *name = entry (names, i, &len);

      note (name, len);
      check_cdr (name, len);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  names = dipcc_test_hostile_load ("names");
  numbers = dipcc_test_hostile_load ("numbers");

  g_test_add_func ("/hostile/sanitize-display", test_sanitize_display);
  g_test_add_func ("/hostile/ami-to-model", test_ami_to_model);
  g_test_add_func ("/hostile/ami-serializer", test_ami_serializer);
  g_test_add_func ("/hostile/ws-envelope", test_ws_envelope);
  g_test_add_func ("/hostile/url-template", test_url_template);
  g_test_add_func ("/hostile/links-and-numbers", test_links_and_numbers);
  g_test_add_func ("/hostile/cdr", test_cdr);

  ret = g_test_run ();
  g_ptr_array_unref (names);
  g_ptr_array_unref (numbers);
  return ret;
}
