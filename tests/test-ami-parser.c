/* test-ami-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-ami-parser.h"
#include "dipcc-error.h"
#include "dipcc-test-utils.h"

#define FFFD "\xEF\xBF\xBD"

static void
assert_seed_transcript (GPtrArray  *messages,
                        const char *banner)
{
  g_assert_cmpstr (banner, ==, "Asterisk Call Manager/1.1");
  g_assert_cmpuint (messages->len, ==, 4);
  dipcc_test_assert_message (messages->pdata[0],
                             "Response", "Success",
                             "Message", "Authentication accepted", NULL);
  dipcc_test_assert_message (messages->pdata[1],
                             "Event", "FullyBooted",
                             "Privilege", "system,all",
                             "Status", "Fully Booted", NULL);
  dipcc_test_assert_message (messages->pdata[2],
                             "Response", "Success",
                             "Ping", "Pong",
                             "Timestamp", "1395059659.619558", NULL);
  dipcc_test_assert_message (messages->pdata[3],
                             "Response", "Goodbye",
                             "Message", "Thanks for all the fish.", NULL);
  g_assert_true (dipcc_ami_message_is_response (messages->pdata[0], "Success"));
  g_assert_true (dipcc_ami_message_is_event (messages->pdata[1], "FullyBooted"));
  g_assert_true (dipcc_ami_message_is_response (messages->pdata[3], "Goodbye"));
}

typedef struct {
  GPtrArray *messages;
  char      *banner;
  guint      n_errors;
} Collected;

static void
collect_message (DipccAmiMessage *message,
                 gpointer         user_data)
{
  g_ptr_array_add (((Collected *) user_data)->messages, message);
}

static void
collect_banner (const char *banner,
                gpointer    user_data)
{
  Collected *c = user_data;

  g_free (c->banner);
  c->banner = g_strdup (banner);
}

static void
collect_error (const GError *error,
               gpointer      user_data)
{
  ((Collected *) user_data)->n_errors++;
}

/* The seed's login/ping/logoff transcript, cut in two at every byte, and
 * fed one byte at a time: the result never depends on the chunking. */
static void
test_seed_every_boundary (void)
{
  static const DipccAmiParserCallbacks callbacks = {
    collect_message, collect_banner, collect_error
  };
  gsize len;
  g_autofree char *data = dipcc_test_read_data ("ami/seed-login.txt", &len);

  for (gsize cut = 0; cut <= len; cut++)
    {
      Collected c = { g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref) };
      g_autoptr(DipccAmiParser) parser = dipcc_ami_parser_new (&callbacks, &c);

      dipcc_ami_parser_feed (parser, data, cut);
      dipcc_ami_parser_feed (parser, data + cut, len - cut);
      g_assert_cmpuint (c.n_errors, ==, 0);
      g_assert_true (dipcc_ami_parser_is_idle (parser));
      assert_seed_transcript (c.messages, c.banner);
      g_ptr_array_unref (c.messages);
      g_free (c.banner);
    }

  {
    g_autoptr(GPtrArray) errors = NULL;
    g_autofree char *banner = NULL;
    g_autoptr(GPtrArray) all = dipcc_test_parse_ami (data, len, 1, &errors, &banner);

    g_assert_cmpuint (errors->len, ==, 0);
    assert_seed_transcript (all, banner);
  }
}

static void
test_lf_only (void)
{
  gsize len;
  g_autofree char *data = dipcc_test_read_data ("ami/seed-login.txt", &len);
  g_autofree char *lf = NULL;
  g_auto(GStrv) lines = g_strsplit (data, "\r\n", -1);

  lf = g_strjoinv ("\n", lines);
  g_assert_null (strchr (lf, '\r'));

  for (gsize chunk = 1; chunk <= strlen (lf); chunk += 7)
    {
      g_autoptr(GPtrArray) errors = NULL;
      g_autofree char *banner = NULL;
      g_autoptr(GPtrArray) messages = dipcc_test_parse_ami (lf, strlen (lf), chunk,
                                                            &errors, &banner);

      g_assert_cmpuint (errors->len, ==, 0);
      assert_seed_transcript (messages, banner);
    }
}

static void
test_values (void)
{
  const char *text =
    "Response: Success\r\n"
    "Message: Command output follows\r\n"
    "Output: Value: yes\r\n"
    "Output:    aligned: column\r\n"
    "Output: \r\n"
    "Output:\r\n"
    "NoSpace:value\r\n"
    "Trailing: spaces  \r\n"
    "AccountCode: \r\n"
    "\r\n";
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) messages = dipcc_test_parse_ami (text, strlen (text), 0, &errors, NULL);
  g_autofree const char **outputs = NULL;

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (messages->len, ==, 1);
  dipcc_test_assert_message (messages->pdata[0],
                             "Response", "Success",
                             "Message", "Command output follows",
                             "Output", "Value: yes",
                             "Output", "   aligned: column",
                             "Output", "",
                             "Output", "",
                             "NoSpace", "value",
                             "Trailing", "spaces  ",
                             "AccountCode", "", NULL);
  outputs = dipcc_ami_message_get_all (messages->pdata[0], "output");
  g_assert_cmpuint (g_strv_length ((char **) outputs), ==, 4);
  g_assert_cmpstr (outputs[0], ==, "Value: yes");
}

static void
test_follows (void)
{
  /* Old servers: raw output in bare LF, starting with and containing empty
   * lines, a line that looks like a header, and the end marker both on its
   * own line and glued to the last line of output. */
  const char *text =
    "Response: Follows\r\n"
    "Privilege: Command\r\n"
    "ActionID: a1\r\n"
    "\n"
    "Value: yes\n"
    "\n"
    "Privilege: looks like a header\n"
    "--END COMMAND--\r\n"
    "\r\n"
    "Response: Follows\r\n"
    "Privilege: Command\r\n"
    "Database entry not found.--END COMMAND--\r\n"
    "\r\n"
    "Event: Ping\r\n"
    "\r\n";

  for (gsize chunk = 1; chunk <= strlen (text); chunk++)
    {
      g_autoptr(GPtrArray) errors = NULL;
      g_autoptr(GPtrArray) messages = dipcc_test_parse_ami (text, strlen (text), chunk,
                                                            &errors, NULL);

      g_assert_cmpuint (errors->len, ==, 0);
      g_assert_cmpuint (messages->len, ==, 3);
      dipcc_test_assert_message (messages->pdata[0],
                                 "Response", "Follows",
                                 "Privilege", "Command",
                                 "ActionID", "a1",
                                 "Output", "",
                                 "Output", "Value: yes",
                                 "Output", "",
                                 "Output", "Privilege: looks like a header", NULL);
      dipcc_test_assert_message (messages->pdata[1],
                                 "Response", "Follows",
                                 "Privilege", "Command",
                                 "Output", "Database entry not found.", NULL);
      g_assert_true (dipcc_ami_message_is_event (messages->pdata[2], "Ping"));
    }
}

static void
test_kind_first_line (void)
{
  const char *text =
    "Event: OriginateResponse\r\n"
    "Response: Success\r\n"
    "ActionID: o1\r\n"
    "\r\n"
    "Response: Success\r\n"
    "Event: Fake\r\n"
    "\r\n"
    "Event: Status\r\n"
    "Action: Status\r\n"
    "\r\n"
    "ActionID: x\r\n"
    "Event: Late\r\n"
    "\r\n";
  g_autoptr(GPtrArray) messages = dipcc_test_parse_ami (text, strlen (text), 0, NULL, NULL);

  g_assert_cmpuint (messages->len, ==, 4);
  g_assert_cmpint (dipcc_ami_message_get_kind (messages->pdata[0]), ==,
                   DIPCC_AMI_MESSAGE_KIND_EVENT);
  g_assert_cmpstr (dipcc_ami_message_get_name (messages->pdata[0]), ==, "OriginateResponse");
  g_assert_cmpint (dipcc_ami_message_get_kind (messages->pdata[1]), ==,
                   DIPCC_AMI_MESSAGE_KIND_RESPONSE);
  g_assert_false (dipcc_ami_message_is_event (messages->pdata[1], "Fake"));
  g_assert_true (dipcc_ami_message_is_event (messages->pdata[2], "Status"));
  /* an Event: line that is not first does not make an event */
  g_assert_cmpint (dipcc_ami_message_get_kind (messages->pdata[3]), ==,
                   DIPCC_AMI_MESSAGE_KIND_UNKNOWN);
  g_assert_null (dipcc_ami_message_get_name (messages->pdata[3]));
}

static void
test_banners (void)
{
  const char *versions[] = { "Asterisk Call Manager/1.1", "Asterisk Call Manager/2.10.3",
                             "Asterisk Call Manager/11.0.0", "Asterisk Call Manager/5.0.1" };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autofree char *text = g_strdup_printf ("%s\r\nResponse: Success\r\n\r\n", versions[i]);
      g_autofree char *banner = NULL;
      g_autoptr(GPtrArray) errors = NULL;
      g_autoptr(GPtrArray) messages = dipcc_test_parse_ami (text, strlen (text), 3,
                                                            &errors, &banner);

      g_assert_cmpstr (banner, ==, versions[i]);
      g_assert_cmpuint (errors->len, ==, 0);
      g_assert_cmpuint (messages->len, ==, 1);
    }
}

static void
on_count_message (DipccAmiMessage *message,
                  gpointer         user_data)
{
  guint *count = user_data;

  (*count)++;
  dipcc_ami_message_unref (message);
}

static void
test_reset_and_idle (void)
{
  static const DipccAmiParserCallbacks callbacks = { on_count_message, NULL, NULL };
  guint count = 0;
  g_autoptr(DipccAmiParser) parser = dipcc_ami_parser_new (&callbacks, &count);
  const char *banner = "Asterisk Call Manager/2.10.3\r\n";
  const char *half = "Event: Hangup\r\nCause: 1";

  g_assert_true (dipcc_ami_parser_is_idle (parser));
  dipcc_ami_parser_feed (parser, banner, strlen (banner));
  g_assert_cmpstr (dipcc_ami_parser_get_banner (parser), ==, "Asterisk Call Manager/2.10.3");
  g_assert_true (dipcc_ami_parser_is_idle (parser));
  dipcc_ami_parser_feed (parser, half, strlen (half));
  g_assert_false (dipcc_ami_parser_is_idle (parser));

  /* a new connection: what was half read is gone */
  dipcc_ami_parser_reset (parser);
  g_assert_true (dipcc_ami_parser_is_idle (parser));
  g_assert_null (dipcc_ami_parser_get_banner (parser));
  dipcc_ami_parser_feed (parser, "6\r\n\r\n", 5);
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpuint (dipcc_ami_parser_get_n_errors (parser), ==, 1);
  dipcc_ami_parser_feed (parser, "Event: X\r\n\r\n", 12);
  g_assert_cmpuint (count, ==, 1);
}

static void
test_line_limit (void)
{
  g_autoptr(GString) text = g_string_new ("Event: Before\r\n\r\nEvent: Big\r\nAppData: ");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  for (guint i = 0; i < DIPCC_AMI_PARSER_MAX_LINE + 10; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\r\nMore: of the big one\r\n\r\nEvent: After\r\n\r\n");

  for (gsize chunk = 0; chunk <= 65536; chunk += 4099)
    {
      g_clear_pointer (&errors, g_ptr_array_unref);
      g_clear_pointer (&messages, g_ptr_array_unref);
      messages = dipcc_test_parse_ami (text->str, text->len, chunk, &errors, NULL);
      g_assert_cmpuint (errors->len, ==, 1);
      g_assert_nonnull (strstr (errors->pdata[0], "longer than"));
      g_assert_cmpuint (messages->len, ==, 2);
      g_assert_true (dipcc_ami_message_is_event (messages->pdata[0], "Before"));
      g_assert_true (dipcc_ami_message_is_event (messages->pdata[1], "After"));
    }
}

static void
test_line_limit_no_newline (void)
{
  static const DipccAmiParserCallbacks callbacks = { on_count_message, NULL, NULL };
  guint count = 0;
  g_autoptr(DipccAmiParser) parser = dipcc_ami_parser_new (&callbacks, &count);
  g_autofree char *junk = g_malloc (4096);

  /* 16 MiB without a single newline: one error, nothing kept */
  memset (junk, 'A', 4096);
  for (guint i = 0; i < 4096; i++)
    dipcc_ami_parser_feed (parser, junk, 4096);
  g_assert_cmpuint (dipcc_ami_parser_get_n_errors (parser), ==, 1);
  dipcc_ami_parser_feed (parser, "\r\n\r\nEvent: Next\r\n\r\n", 19);
  g_assert_cmpuint (count, ==, 1);
}

static void
test_message_and_field_limits (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  /* 4097 fields */
  g_string_append (text, "Event: Many\r\n");
  for (guint i = 0; i < DIPCC_AMI_PARSER_MAX_FIELDS; i++)
    g_string_append_printf (text, "ChanVariable: V%u=1\r\n", i);
  g_string_append (text, "\r\nEvent: Ok1\r\n\r\n");

  /* over 1 MiB in lines that are each under the line limit */
  g_string_append (text, "Event: Huge\r\n");
  for (guint i = 0; i < 20; i++)
    {
      g_string_append (text, "Output: ");
      for (guint j = 0; j < 60000; j++)
        g_string_append_c (text, 'y');
      g_string_append (text, "\r\n");
    }
  g_string_append (text, "\r\nEvent: Ok2\r\n\r\n");

  /* a Follows message that never ends is bounded too */
  g_string_append (text, "Response: Follows\r\n");
  for (guint i = 0; i < 20; i++)
    {
      for (guint j = 0; j < 60000; j++)
        g_string_append_c (text, 'z');
      g_string_append (text, "\n");
    }
  g_string_append (text, "\r\nEvent: Ok3\r\n\r\n");

  messages = dipcc_test_parse_ami (text->str, text->len, 8192, &errors, NULL);
  g_assert_cmpuint (errors->len, ==, 3);
  g_assert_nonnull (strstr (errors->pdata[0], "4096 fields"));
  g_assert_nonnull (strstr (errors->pdata[1], "larger than"));
  g_assert_nonnull (strstr (errors->pdata[2], "larger than"));
  g_assert_cmpuint (messages->len, ==, 3);
  g_assert_true (dipcc_ami_message_is_event (messages->pdata[0], "Ok1"));
  g_assert_true (dipcc_ami_message_is_event (messages->pdata[1], "Ok2"));
  g_assert_true (dipcc_ami_message_is_event (messages->pdata[2], "Ok3"));
}

static void
test_custom_limits (void)
{
  static const DipccAmiParserCallbacks callbacks = { on_count_message, NULL, NULL };
  guint count = 0;
  g_autoptr(DipccAmiParser) parser = dipcc_ami_parser_new (&callbacks, &count);
  const char *text = "Event: A\r\nB: 1\r\nC: 2\r\n\r\nEvent: D\r\n\r\n";

  dipcc_ami_parser_set_limits (parser, 100, 100, 2);
  dipcc_ami_parser_feed (parser, text, strlen (text));
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (dipcc_ami_parser_get_n_errors (parser), ==, 1);
}

static void
test_invalid_utf8 (void)
{
  const char text[] =
    "Event: Newchannel\r\n"
    "CallerIDName: Jos\xe9\r\n"
    "Other: \xc8\xab\xb1\xe6\r\n"
    "Nul: a\0b\r\n"
    "Korean: \xed\x99\x8d\xea\xb8\xb8\xeb\x8f\x99\r\n"
    "Ba\xffkey: v\r\n"
    "\r\n";
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) messages = dipcc_test_parse_ami (text, sizeof text - 1, 0, &errors, NULL);

  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (messages->len, ==, 1);
  dipcc_test_assert_message (messages->pdata[0],
                             "Event", "Newchannel",
                             "CallerIDName", "Jos" FFFD,
                             "Other", "\xc8\xab" FFFD FFFD,
                             "Nul", "a" FFFD "b",
                             "Korean", "홍길동",
                             "Ba" FFFD "key", "v", NULL);
  for (guint i = 0; i < dipcc_ami_message_get_n_fields (messages->pdata[0]); i++)
    g_assert_true (g_utf8_validate (dipcc_ami_message_get_value_at (messages->pdata[0], i),
                                    -1, NULL));
}

static void
test_garbage_lines (void)
{
  const char *text =
    "garbage without colon\r\n"
    "Event: Newexten\r\n"
    "AppData: Set(CALLERID(name)=Evil\r\n"
    "second line of the name\r\n"
    "Event: Fake\r\n"
    "\r\n";
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) messages = dipcc_test_parse_ami (text, strlen (text), 5, &errors, NULL);

  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_nonnull (strstr (errors->pdata[0], "garbage without colon"));
  g_assert_cmpuint (messages->len, ==, 1);
  dipcc_test_assert_message (messages->pdata[0],
                             "Event", "Newexten",
                             "AppData", "Set(CALLERID(name)=Evil",
                             "", "second line of the name",
                             "Event", "Fake", NULL);
  g_assert_cmpstr (dipcc_ami_message_get_name (messages->pdata[0]), ==, "Newexten");
}

static GPtrArray *
parse_file (const char *name,
            gsize       chunk,
            char      **banner,
            GPtrArray **errors)
{
  gsize len;
  g_autofree char *data = dipcc_test_read_data (name, &len);

  return dipcc_test_parse_ami (data, len, chunk, errors, banner);
}

static void
assert_same_messages (GPtrArray *a,
                      GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_true (dipcc_ami_message_equal (a->pdata[i], b->pdata[i]));
}

static void
test_asterisk_18 (void)
{
  g_autofree char *banner = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) m = parse_file ("ami/asterisk-1.8.txt", 0, &banner, &errors);
  DipccAmiMessage *status;

  g_assert_cmpstr (banner, ==, "Asterisk Call Manager/1.1");
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (m->len, ==, 12);
  dipcc_test_assert_message (m->pdata[2],
                             "Response", "Follows",
                             "Privilege", "Command",
                             "ActionID", "cmd-1",
                             "Output", "",
                             "Output", "Value: yes",
                             "Output", "",
                             "Output", "  indented line: with colon", NULL);
  dipcc_test_assert_message (m->pdata[3],
                             "Response", "Follows",
                             "Privilege", "Command",
                             "ActionID", "cmd-2",
                             "Output", "Database entry not found.", NULL);
  g_assert_cmpstr (dipcc_ami_message_get_action_id (m->pdata[4]), ==, "cmd-3");
  status = m->pdata[6];
  g_assert_true (dipcc_ami_message_is_event (status, "Status"));
  g_assert_cmpstr (dipcc_ami_message_get (status, "CallerIDNum"), ==, "0101");
  g_assert_cmpstr (dipcc_ami_message_get (status, "Account"), ==, "");
  g_assert_true (dipcc_ami_message_is_event (m->pdata[7], "StatusComplete"));
  g_assert_true (dipcc_ami_message_is_event (m->pdata[9], "Dial"));
  g_assert_cmpstr (dipcc_ami_message_get (m->pdata[9], "SubEvent"), ==, "Begin");
  g_assert_true (dipcc_ami_message_is_event (m->pdata[10], "ExtensionStatus"));
  g_assert_true (dipcc_ami_message_is_response (m->pdata[11], "Goodbye"));

  for (gsize chunk = 1; chunk < 64; chunk++)
    {
      g_autoptr(GPtrArray) again = parse_file ("ami/asterisk-1.8.txt", chunk, NULL, NULL);

      assert_same_messages (m, again);
    }
}

static void
test_asterisk_13 (void)
{
  g_autofree char *banner = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) m = parse_file ("ami/asterisk-13.txt", 0, &banner, &errors);
  g_autofree const char **vars = NULL;
  DipccAmiMessage *newexten;

  g_assert_cmpstr (banner, ==, "Asterisk Call Manager/2.10.3");
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (m->len, ==, 11);
  g_assert_cmpstr (dipcc_ami_message_get (m->pdata[2], "Output"), ==, "Value: yes");
  g_assert_true (dipcc_ami_message_is_response (m->pdata[3], "Error"));
  g_assert_cmpstr (dipcc_ami_message_get (m->pdata[4], "EventList"), ==, "start");
  g_assert_cmpstr (dipcc_ami_message_get_action_id (m->pdata[5]), ==, "ep-1");
  g_assert_cmpstr (dipcc_ami_message_get (m->pdata[5], "DeviceState"), ==, "Not in use");
  g_assert_cmpstr (dipcc_ami_message_get (m->pdata[5], "OutboundAuths"), ==, "");
  g_assert_cmpstr (dipcc_ami_message_get (m->pdata[6], "ListItems"), ==, "1");
  g_assert_cmpstr (dipcc_ami_message_get (m->pdata[7], "CallerIDName"), ==, "홍길동");
  g_assert_cmpstr (dipcc_ami_message_get (m->pdata[8], "Value"), ==, "");
  g_assert_true (dipcc_ami_message_is_event (m->pdata[9], "OriginateResponse"));
  newexten = m->pdata[10];
  vars = dipcc_ami_message_get_all (newexten, "ChanVariable");
  g_assert_cmpuint (g_strv_length ((char **) vars), ==, 2);
  g_assert_cmpstr (vars[1], ==, "EMPTY=");
  g_assert_cmpstr (dipcc_ami_message_get (newexten, "ChanVariable(Local/s@incoming-00000001;1)"),
                   ==, "X=1");
  g_assert_cmpstr (dipcc_ami_message_get_name (newexten), ==, "Newexten");
  g_assert_cmpuint (dipcc_ami_message_count (newexten, "Event"), ==, 2);

  for (gsize chunk = 1; chunk < 64; chunk++)
    {
      g_autoptr(GPtrArray) again = parse_file ("ami/asterisk-13.txt", chunk, NULL, NULL);

      assert_same_messages (m, again);
    }
}

static void
test_asterisk_22 (void)
{
  g_autofree char *banner = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) m = parse_file ("ami/asterisk-22.txt", 0, &banner, &errors);

  g_assert_cmpstr (banner, ==, "Asterisk Call Manager/11.0.0");
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (m->len, ==, 6);
  g_assert_cmpstr (dipcc_ami_message_get (m->pdata[2], "State"), ==, "RINGINUSE");
  g_assert_cmpstr (dipcc_ami_message_get (m->pdata[3], "CallerIDName"), ==,
                   "Jos" FFFD " M" FFFD "ller");
  g_assert_true (g_utf8_validate (dipcc_ami_message_get (m->pdata[3], "DestCallerIDName"),
                                  -1, NULL));
  g_assert_cmpstr (dipcc_ami_message_get (m->pdata[4], "Cause-txt"), ==, "Normal Clearing");

  for (gsize chunk = 1; chunk < 64; chunk++)
    {
      g_autoptr(GPtrArray) again = parse_file ("ami/asterisk-22.txt", chunk, NULL, NULL);

      assert_same_messages (m, again);
    }
}

/* Everything the parser tells apart, in one stream: shifted by 0 to 63
 * blank lines of padding before each piece, so every kind of line crosses
 * each position of the 64-byte blocks the parser may scan in. */
static GString *
mixed_stream (void)
{
#define PIECE(text) { text, sizeof text - 1 }
  static const struct {
    const char *text;
    gsize       len;
  } pieces[] = {
    PIECE ("Asterisk Call Manager/2.10.3\r\n"),
    PIECE ("Event: Newchannel\r\nChannel: PJSIP/0101-00000001\r\nChannelState: 0\r\n"
           "CallerIDName: \xED\x99\x8D\xEA\xB8\xB8\xEB\x8F\x99\r\nUniqueid: 1.1\r\n\r\n"),
    PIECE ("Event: VarSet\nVariable: A\nValue: x:y: z\nEmpty:\nTight:value\nSpaced:  two\n\n"),
    PIECE ("Response: Follows\r\nPrivilege: Command\r\nValue: yes\n\nline after a blank\n"
           "--END COMMAND--\r\n\r\n"),
    PIECE ("Response: Follows\r\nglued output--END COMMAND--\r\n\r\n"),
    PIECE ("Event: Hangup\r\nCallerIDName: Lat\xE9in\r\nBad: a\x00b\r\n"
           "a line with no colon\r\nCause: 16\r\n\r\n"),
    PIECE ("garbage between messages\r\n\r\n\r\n"),
    PIECE ("Event: Odd\r\n\xE9t\xE9: caf\xE9\r\n\xC3: x\r\n\x00: nul\r\n\r\n"),
    PIECE ("Event: Long\r\nData: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n"
           "After: long\r\n\r\n"),
    PIECE ("Event: Many\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\nF: 6\r\nG: 7\r\n\r\n"),
    PIECE ("Event: Exactly63Bytes\r\nK: 0123456789012345678901234567890123\r\n\r\n"),
    PIECE ("Event: Big\r\nV1: 0123456789012345678901234567890123456789\r\n"
           "V2: 0123456789012345678901234567890123456789\r\n\r\n"),
  };
#undef PIECE
  GString *out = g_string_new (NULL);

  for (guint shift = 0; shift < 64; shift++)
    for (guint i = 0; i < G_N_ELEMENTS (pieces); i++)
      {
        guint k = (i + shift) % G_N_ELEMENTS (pieces);

        /* blank lines before each piece, a different number each time */
        for (guint pad = 0; pad < (shift + 5 * i) % 64; pad++)
          g_string_append_c (out, '\n');
        g_string_append_len (out, pieces[k].text, pieces[k].len);
      }
  return out;
}

static void
parse_limited (const char  *data,
               gsize        len,
               gsize        chunk,
               Collected   *out)
{
  static const DipccAmiParserCallbacks callbacks = {
    collect_message, collect_banner, collect_error
  };
  g_autoptr(DipccAmiParser) parser = dipcc_ami_parser_new (&callbacks, out);

  /* small limits, so the long line and the many fields are refused */
  dipcc_ami_parser_set_limits (parser, 100, 400, 6);
  out->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref);
  for (gsize at = 0; at < len; at += chunk)
    dipcc_ami_parser_feed (parser, data + at, MIN (chunk, len - at));
}

/* The same stream gives the same messages, errors and banner however it
 * is cut: whole, byte by byte, and in chunks around the block size. */
static void
test_chunking_equivalence (void)
{
  g_autoptr(GString) stream = mixed_stream ();
  static const gsize chunks[] = { 1, 7, 63, 64, 65, 200, 4096 };
  Collected whole = { 0 };

  parse_limited (stream->str, stream->len, stream->len, &whole);
  g_assert_cmpuint (whole.messages->len, >, 64 * 6);
  g_assert_cmpuint (whole.n_errors, >, 0);
  g_assert_cmpstr (whole.banner, ==, "Asterisk Call Manager/2.10.3");

  for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
    {
      Collected cut = { 0 };

      parse_limited (stream->str, stream->len, chunks[c], &cut);
      g_assert_cmpuint (cut.n_errors, ==, whole.n_errors);
      g_assert_cmpstr (cut.banner, ==, whole.banner);
      assert_same_messages (cut.messages, whole.messages);
      for (guint i = 0; i < whole.messages->len; i++)
        g_assert_cmpint (dipcc_ami_message_get_kind (cut.messages->pdata[i]), ==,
                         dipcc_ami_message_get_kind (whole.messages->pdata[i]));
      g_ptr_array_unref (cut.messages);
      g_free (cut.banner);
    }
  g_ptr_array_unref (whole.messages);
  g_free (whole.banner);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ami-parser/seed-every-boundary", test_seed_every_boundary);
  g_test_add_func ("/ami-parser/lf-only", test_lf_only);
  g_test_add_func ("/ami-parser/values", test_values);
  g_test_add_func ("/ami-parser/follows", test_follows);
  g_test_add_func ("/ami-parser/kind-first-line", test_kind_first_line);
  g_test_add_func ("/ami-parser/banners", test_banners);
  g_test_add_func ("/ami-parser/reset-and-idle", test_reset_and_idle);
  g_test_add_func ("/ami-parser/limit/line", test_line_limit);
  g_test_add_func ("/ami-parser/limit/line-no-newline", test_line_limit_no_newline);
  g_test_add_func ("/ami-parser/limit/message-and-fields", test_message_and_field_limits);
  g_test_add_func ("/ami-parser/limit/custom", test_custom_limits);
  g_test_add_func ("/ami-parser/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/ami-parser/garbage-lines", test_garbage_lines);
  g_test_add_func ("/ami-parser/asterisk-1.8", test_asterisk_18);
  g_test_add_func ("/ami-parser/asterisk-13", test_asterisk_13);
  g_test_add_func ("/ami-parser/asterisk-22", test_asterisk_22);
  g_test_add_func ("/ami-parser/chunking-equivalence", test_chunking_equivalence);

  return g_test_run ();
}
