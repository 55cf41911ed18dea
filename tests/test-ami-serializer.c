/* test-ami-serializer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-ami-parser.h"
#include "dipcc-ami-serializer.h"
#include "dipcc-error.h"
#include "dipcc-test-utils.h"

static void
test_wire_form (void)
{
  g_autoptr(DipccAmiMessage) m = dipcc_test_message_new ("Action", "Login",
                                                         "Username", "hello",
                                                         "Secret", "world", NULL);
  g_autoptr(GString) out = g_string_new ("prefix|");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_true (dipcc_ami_serialize (m, out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out->str, ==,
                   "prefix|Action: Login\r\nUsername: hello\r\nSecret: world\r\n\r\n");

  bytes = dipcc_ami_serialize_bytes (m, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   out->str + 7, out->len - 7);
}

static void
test_round_trip (void)
{
  g_autoptr(DipccAmiMessage) m = dipcc_test_message_new ("Action", "Originate",
                                                         "Channel", "Local/0164@T2_cos-all",
                                                         "Variable", "A=1",
                                                         "Variable", "B=",
                                                         "Callerid", "주식회사 얼썬팩토리 <16682471>",
                                                         "EarlyMedia", "true",
                                                         "Empty", "",
                                                         "ActionID", "dipcc-1", NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) messages = NULL;

  g_assert_true (dipcc_ami_serialize (m, out, NULL));
  messages = dipcc_test_parse_ami (out->str, out->len, 3, NULL, NULL);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_true (dipcc_ami_message_equal (messages->pdata[0], m));
}

static void
test_refuses_injection (void)
{
  const char *bad_values[] = {
    "0216682471\r\nAction: Originate",
    "name\nEvent: Fake",
    "trailing\r",
    "\xff\xfe latin",
  };
  const char *bad_keys[] = { "", "Two words", "Key:", "Ke\ry", "Key\n", "Kéy", "(x)" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      g_autoptr(DipccAmiMessage) m = dipcc_test_message_new ("Action", "Originate",
                                                             "Exten", bad_values[i], NULL);
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (dipcc_ami_serialize (m, out, &error));
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "Exten"));
      /* the value itself never shows up in the error */
      g_assert_null (strstr (error->message, bad_values[i]));
      g_assert_cmpuint (out->len, ==, 0);
    }

  {
    /* a NUL inside a value, only possible through add_len */
    g_autoptr(DipccAmiMessage) m = dipcc_ami_message_new_action ("Ping");
    g_autoptr(GError) error = NULL;

    dipcc_ami_message_add_len (m, "ActionID", 8, "a\0b", 3);
    g_assert_null (dipcc_ami_serialize_bytes (m, &error));
    g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_keys); i++)
    {
      g_autoptr(DipccAmiMessage) m = dipcc_ami_message_new_action ("Ping");
      g_autoptr(GError) error = NULL;

      dipcc_ami_message_add (m, bad_keys[i], "v");
      g_assert_null (dipcc_ami_serialize_bytes (m, &error));
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_false (dipcc_ami_key_is_valid (bad_keys[i], strlen (bad_keys[i])));
    }

  {
    g_autoptr(DipccAmiMessage) empty = dipcc_ami_message_new ();
    g_autoptr(GError) error = NULL;

    g_assert_null (dipcc_ami_serialize_bytes (empty, &error));
    g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  }
}

static void
test_validators (void)
{
  g_assert_true (dipcc_ami_key_is_valid ("ActionID", 8));
  g_assert_true (dipcc_ami_key_is_valid ("Cause-txt", 9));
  g_assert_true (dipcc_ami_key_is_valid ("X_Y.z~1", 7));
  g_assert_false (dipcc_ami_key_is_valid (NULL, 0));
  g_assert_true (dipcc_ami_value_is_valid ("", 0));
  g_assert_true (dipcc_ami_value_is_valid ("홍길동 <0101>", strlen ("홍길동 <0101>")));
  g_assert_true (dipcc_ami_value_is_valid ("tab\tok: colon", 13));
  g_assert_false (dipcc_ami_value_is_valid ("a\nb", 3));
  g_assert_false (dipcc_ami_value_is_valid ("a\rb", 3));
  g_assert_false (dipcc_ami_value_is_valid ("a\0b", 3));
}

/* Asterisk drops an action line over 1024 bytes, and the action with it */
static void
test_line_limit (void)
{
  g_autoptr(DipccAmiMessage) action = dipcc_ami_message_new_action ("Originate");
  g_autoptr(DipccAmiMessage) too_long = dipcc_ami_message_new_action ("Originate");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *fits = g_strnfill (DIPCC_AMI_MAX_ACTION_LINE - 10, 'a');
  g_autofree char *over = g_strnfill (DIPCC_AMI_MAX_ACTION_LINE - 9, 'a');

  dipcc_ami_message_add (action, "CallerID", fits);
  g_assert_true (dipcc_ami_serialize (action, out, &error));
  g_assert_no_error (error);
  dipcc_ami_message_add (too_long, "CallerID", over);
  g_string_truncate (out, 0);
  g_assert_false (dipcc_ami_serialize (too_long, out, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "CallerID"));
  g_assert_null (strstr (error->message, "aaaa"));
  g_assert_cmpuint (out->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ami-serializer/wire-form", test_wire_form);
  g_test_add_func ("/ami-serializer/round-trip", test_round_trip);
  g_test_add_func ("/ami-serializer/refuses-injection", test_refuses_injection);
  g_test_add_func ("/ami-serializer/validators", test_validators);
  g_test_add_func ("/ami-serializer/line-limit", test_line_limit);

  return g_test_run ();
}
