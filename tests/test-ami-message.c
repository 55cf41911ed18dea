/* test-ami-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-ami-message-private.h"
#include "dipcc-test-utils.h"

static void
test_multimap (void)
{
  g_autoptr(DipccAmiMessage) m = dipcc_ami_message_new_action ("Originate");
  g_autofree const char **vars = NULL;
  g_autofree const char **none = NULL;

  dipcc_ami_message_add (m, "Channel", "Local/0164@T2_cos-all");
  dipcc_ami_message_add (m, "Variable", "A=1");
  dipcc_ami_message_add (m, "Variable", "B=2");
  dipcc_ami_message_add (m, "variable", "C=");
  dipcc_ami_message_add (m, "Callerid", NULL);

  g_assert_cmpint (dipcc_ami_message_get_kind (m), ==, DIPCC_AMI_MESSAGE_KIND_ACTION);
  g_assert_cmpstr (dipcc_ami_message_get_name (m), ==, "Originate");
  g_assert_cmpuint (dipcc_ami_message_get_n_fields (m), ==, 6);
  g_assert_cmpstr (dipcc_ami_message_get (m, "VARIABLE"), ==, "A=1");
  g_assert_cmpuint (dipcc_ami_message_count (m, "Variable"), ==, 3);
  vars = dipcc_ami_message_get_all (m, "Variable");
  g_assert_cmpstr (vars[0], ==, "A=1");
  g_assert_cmpstr (vars[1], ==, "B=2");
  g_assert_cmpstr (vars[2], ==, "C=");
  g_assert_null (vars[3]);
  none = dipcc_ami_message_get_all (m, "Nothing");
  g_assert_null (none[0]);
  g_assert_cmpstr (dipcc_ami_message_get (m, "Callerid"), ==, "");
  g_assert_true (dipcc_ami_message_has (m, "callerid"));
  g_assert_false (dipcc_ami_message_has (m, "Caller"));
  g_assert_null (dipcc_ami_message_get (m, "Variabl"));
  g_assert_cmpstr (dipcc_ami_message_get_key_at (m, 4), ==, "variable");
  g_assert_cmpuint (dipcc_ami_message_get_value_len_at (m, 2), ==, 3);
}

static void
test_set_remove (void)
{
  g_autoptr(DipccAmiMessage) m = dipcc_test_message_new ("Action", "Ping",
                                                         "ActionID", "1",
                                                         "X", "a",
                                                         "ActionID", "2", NULL);

  dipcc_ami_message_set (m, "actionid", "dipcc-7");
  dipcc_test_assert_message (m, "Action", "Ping", "ActionID", "dipcc-7", "X", "a", NULL);
  dipcc_ami_message_set (m, "New", "v");
  dipcc_test_assert_message (m, "Action", "Ping", "ActionID", "dipcc-7", "X", "a",
                             "New", "v", NULL);
  g_assert_cmpuint (dipcc_ami_message_remove (m, "x"), ==, 1);
  g_assert_cmpuint (dipcc_ami_message_remove (m, "x"), ==, 0);
  dipcc_test_assert_message (m, "Action", "Ping", "ActionID", "dipcc-7", "New", "v", NULL);
  g_assert_cmpuint (dipcc_ami_message_remove (m, "Action"), ==, 1);
  g_assert_cmpint (dipcc_ami_message_get_kind (m), ==, DIPCC_AMI_MESSAGE_KIND_UNKNOWN);
}

static void
test_kinds (void)
{
  g_autoptr(DipccAmiMessage) ev = dipcc_test_message_new ("Event", "OriginateResponse",
                                                          "Response", "Success", NULL);
  g_autoptr(DipccAmiMessage) resp = dipcc_test_message_new ("Response", "Error",
                                                            "Event", "Fake", NULL);
  g_autoptr(DipccAmiMessage) late = dipcc_test_message_new ("ActionID", "9",
                                                            "Action", "Ping", NULL);
  g_autoptr(DipccAmiMessage) empty = dipcc_ami_message_new ();

  g_assert_true (dipcc_ami_message_is_event (ev, "originateresponse"));
  g_assert_false (dipcc_ami_message_is_response (ev, NULL));
  g_assert_true (dipcc_ami_message_is_response (resp, "error"));
  g_assert_true (dipcc_ami_message_is_response (resp, NULL));
  g_assert_false (dipcc_ami_message_is_event (resp, "Fake"));
  g_assert_cmpint (dipcc_ami_message_get_kind (late), ==, DIPCC_AMI_MESSAGE_KIND_UNKNOWN);
  g_assert_null (dipcc_ami_message_get_name (late));
  /* an envelope that says "action" finds the name further down */
  dipcc_ami_message_set_kind (late, DIPCC_AMI_MESSAGE_KIND_ACTION);
  g_assert_cmpstr (dipcc_ami_message_get_name (late), ==, "Ping");
  g_assert_cmpint (dipcc_ami_message_get_kind (empty), ==, DIPCC_AMI_MESSAGE_KIND_UNKNOWN);
  g_assert_null (dipcc_ami_message_get_name (empty));
  g_assert_cmpuint (dipcc_ami_message_get_size (empty), ==, 0);
}

static void
test_builder_and_copy (void)
{
  DipccAmiBuilder builder;
  g_autoptr(DipccAmiMessage) built = NULL;
  g_autoptr(DipccAmiMessage) second = NULL;
  g_autoptr(DipccAmiMessage) copy = NULL;
  g_autofree char *text = NULL;

  dipcc_ami_builder_init (&builder);
  dipcc_ami_builder_add (&builder, "Event", 5, "Hangup", 6);
  dipcc_ami_builder_add (&builder, "Cause", 5, "16", 2);
  built = dipcc_ami_builder_finish (&builder);
  dipcc_ami_builder_add (&builder, "Event", 5, "Other", 5);
  second = dipcc_ami_builder_finish (&builder);
  dipcc_ami_builder_clear (&builder);

  dipcc_test_assert_message (built, "Event", "Hangup", "Cause", "16", NULL);
  dipcc_test_assert_message (second, "Event", "Other", NULL);
  g_assert_true (dipcc_ami_message_is_event (built, "Hangup"));
  g_assert_cmpuint (dipcc_ami_message_get_size (built), ==, 5 + 6 + 5 + 2);

  /* changing a parser-built message moves it to its own storage */
  dipcc_ami_message_set_server (built, 2, "pbx-b");
  copy = dipcc_ami_message_copy (built);
  dipcc_ami_message_add (built, "Cause-txt", "Normal Clearing");
  dipcc_ami_message_set (built, "Cause", "17");
  dipcc_test_assert_message (built, "Event", "Hangup", "Cause", "17",
                             "Cause-txt", "Normal Clearing", NULL);
  dipcc_test_assert_message (copy, "Event", "Hangup", "Cause", "16", NULL);
  g_assert_cmpint (dipcc_ami_message_get_server_id (copy), ==, 2);
  g_assert_cmpstr (dipcc_ami_message_get_server_name (copy), ==, "pbx-b");
  g_assert_false (dipcc_ami_message_equal (built, copy));

  text = dipcc_ami_message_to_string (copy);
  g_assert_cmpstr (text, ==, "Event: Hangup\nCause: 16\n");
}

static void
test_refcount_and_type (void)
{
  DipccAmiMessage *m = dipcc_ami_message_new ();
  GValue value = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_BOXED (DIPCC_TYPE_AMI_MESSAGE));
  g_value_init (&value, DIPCC_TYPE_AMI_MESSAGE);
  g_value_set_boxed (&value, m);
  g_assert_true (g_value_get_boxed (&value) == m);
  g_value_unset (&value);
  g_assert_cmpint (dipcc_ami_message_get_server_id (m), ==, DIPCC_SERVER_ID_NONE);
  dipcc_ami_message_unref (dipcc_ami_message_ref (m));
  dipcc_ami_message_unref (m);
}

static void
test_many_fields (void)
{
  g_autoptr(DipccAmiMessage) m = dipcc_ami_message_new ();

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *v = g_strdup_printf ("%u", i);

      dipcc_ami_message_add (m, "Output", v);
    }
  g_assert_cmpuint (dipcc_ami_message_count (m, "output"), ==, 5000);
  g_assert_cmpstr (dipcc_ami_message_get_value_at (m, 4999), ==, "4999");
}

/* to_string() feeds logs and `dipcc monitor`: nothing in a value may end
 * the line, fake another one or reach the terminal as an escape. */
static void
test_to_string_escapes (void)
{
  g_autoptr(DipccAmiMessage) m = dipcc_ami_message_new ();
  g_autofree char *text = NULL;

  dipcc_ami_message_add (m, "Event", "Newchannel");
  dipcc_ami_message_add (m, "CallerIDName", "Kim\r\nEvent: Fake\x1b[31m\t\\ \xc2\x9b"
                         "\xe2\x80\xae\xe9");
  text = dipcc_ami_message_to_string (m);
  g_assert_cmpstr (text, ==,
                   "Event: Newchannel\n"
                   "CallerIDName: Kim\\r\\nEvent: Fake\\x1b[31m\\t\\\\ \\u009b\\u202e\\xe9\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ami-message/multimap", test_multimap);
  g_test_add_func ("/ami-message/set-remove", test_set_remove);
  g_test_add_func ("/ami-message/kinds", test_kinds);
  g_test_add_func ("/ami-message/builder-and-copy", test_builder_and_copy);
  g_test_add_func ("/ami-message/refcount-and-type", test_refcount_and_type);
  g_test_add_func ("/ami-message/many-fields", test_many_fields);
  g_test_add_func ("/ami-message/to-string-escapes", test_to_string_escapes);

  return g_test_run ();
}
