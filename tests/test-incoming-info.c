/* test-incoming-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-object.h>

#include "dipcc-error.h"
#include "dipcc-incoming-info.h"

/* Names the case in the TAP output, escaped so that CR, LF and bytes that
 * are not UTF-8 cannot break it. */
static void
note_input (const char *text)
{
  g_autofree char *escaped = g_strescape (text, NULL);

  g_test_message ("\"%s\"", escaped);
}

typedef struct
{
  const char *user_event;
  const char *main_number;
  const char *did;
  const char *channel;
  const char *caller;
  const char *uniqueid;
} SplitCase;

static void
assert_info (const DipccIncomingInfo *info,
             const SplitCase         *c)
{
  g_assert_nonnull (info);
  g_assert_cmpstr (info->main_number, ==, c->main_number);
  g_assert_cmpstr (info->did, ==, c->did);
  g_assert_cmpstr (info->channel, ==, c->channel);
  g_assert_cmpstr (info->caller, ==, c->caller);
  g_assert_cmpstr (info->uniqueid, ==, c->uniqueid);
}

static void
assert_split (const SplitCase *cases,
              gsize            n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DipccIncomingInfo) info = NULL;

      note_input (cases[i].user_event);
      info = dipcc_incoming_info_parse (cases[i].user_event, &error);
      g_assert_no_error (error);
      assert_info (info, &cases[i]);
    }
}

static void
test_manual_example (void)
{
  static const SplitCase cases[] = {
    { "incoming-16681706-07079190158-PJSIP/MAKECALL-00000003-16682471-1598510618.33",
      "16681706", "07079190158", "PJSIP/MAKECALL-00000003", "16682471", "1598510618.33" },
  };

  assert_split (cases, G_N_ELEMENTS (cases));
}

static void
test_channels_with_dashes (void)
{
  static const SplitCase cases[] = {
    { "incoming-16681706-07079190158-Local/s@incoming-00000001;2-16682471-1598510618.34",
      "16681706", "07079190158", "Local/s@incoming-00000001;2", "16682471", "1598510618.34" },
    { "incoming-16681706-07079190158-PJSIP/trunk-kt-0000001a-0212345678-1598510618.35",
      "16681706", "07079190158", "PJSIP/trunk-kt-0000001a", "0212345678", "1598510618.35" },
    { "incoming-1-2-PJSIP/a-b-c-d-e-f-0000001b-3-4.5",
      "1", "2", "PJSIP/a-b-c-d-e-f-0000001b", "3", "4.5" },
    /* Exactly six fields: a channel without a '-' of its own. */
    { "incoming-1-2-SIP/peer-3-4", "1", "2", "SIP/peer", "3", "4" },
  };

  assert_split (cases, G_N_ELEMENTS (cases));
}

static void
test_anonymous_caller (void)
{
  static const SplitCase cases[] = {
    { "incoming-16681706-07079190158-PJSIP/trunk-kt-0000001a--1598510618.33",
      "16681706", "07079190158", "PJSIP/trunk-kt-0000001a", "", "1598510618.33" },
  };

  assert_split (cases, G_N_ELEMENTS (cases));
}

static void
test_empty_main_and_did (void)
{
  static const SplitCase cases[] = {
    { "incoming---PJSIP/MAKECALL-00000003-16682471-1598510618.33",
      "", "", "PJSIP/MAKECALL-00000003", "16682471", "1598510618.33" },
    { "incoming--07079190158-PJSIP/MAKECALL-00000003-16682471-1598510618.33",
      "", "07079190158", "PJSIP/MAKECALL-00000003", "16682471", "1598510618.33" },
    { "incoming-16681706--PJSIP/MAKECALL-00000003-16682471-1598510618.33",
      "16681706", "", "PJSIP/MAKECALL-00000003", "16682471", "1598510618.33" },
    { "incoming---PJSIP/trunk-00000003--1598510618.33",
      "", "", "PJSIP/trunk-00000003", "", "1598510618.33" },
  };

  assert_split (cases, G_N_ELEMENTS (cases));
}

static void
assert_refused (const char * const *events,
                gsize               n_events,
                int                 code)
{
  for (gsize i = 0; i < n_events; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DipccIncomingInfo) info = NULL;

      note_input (events[i]);
      info = dipcc_incoming_info_parse (events[i], &error);
      g_assert_null (info);
      g_assert_error (error, DIPCC_ERROR, code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_too_few_fields (void)
{
  static const char * const events[] = {
    "incoming-",
    "incoming--",
    "incoming-1",
    "incoming-1-2",
    "incoming-1-2-3",
    "incoming-1-2-3-4",
    "incoming-16681706-07079190158-16682471-1598510618.33",
    "incoming-----",
  };

  assert_refused (events, G_N_ELEMENTS (events), DIPCC_ERROR_PROTOCOL);
}

static void
test_empty_channel (void)
{
  static const char * const events[] = {
    "incoming-1-2--3-4",
    "incoming-1-2---4",
    "incoming------",
  };

  assert_refused (events, G_N_ELEMENTS (events), DIPCC_ERROR_PROTOCOL);
}

static void
test_empty_uniqueid (void)
{
  static const char * const events[] = {
    "incoming-1-2-PJSIP/MAKECALL-00000003-16682471-",
    "incoming-1-2-PJSIP/MAKECALL-00000003--",
  };

  assert_refused (events, G_N_ELEMENTS (events), DIPCC_ERROR_PROTOCOL);
}

static void
test_wrong_prefix (void)
{
  static const char * const events[] = {
    "",
    "incoming",
    "Incoming-1-2-PJSIP/MAKECALL-00000003-3-4.5",
    "INCOMING-1-2-PJSIP/MAKECALL-00000003-3-4.5",
    " incoming-1-2-PJSIP/MAKECALL-00000003-3-4.5",
    "incoming_1-2-PJSIP/MAKECALL-00000003-3-4.5",
    "outgoing-1-2-PJSIP/MAKECALL-00000003-3-4.5",
    "TTSDone",
    "incomin\xC3\xA9-1-2-PJSIP/MAKECALL-00000003-3-4.5",
  };

  assert_refused (events, G_N_ELEMENTS (events), DIPCC_ERROR_INVALID_INPUT);
}

static void
test_invalid_utf8 (void)
{
  static const SplitCase cases[] = {
    /* A CP949 caller-id number and Latin-1 bytes everywhere else. */
    { "incoming-\xB4\xEB-\xE9-PJSIP/\xFF-01-\xC8\xC8-1.\x80",
      "\xEF\xBF\xBD\xEF\xBF\xBD", "\xEF\xBF\xBD", "PJSIP/\xEF\xBF\xBD-01",
      "\xEF\xBF\xBD\xEF\xBF\xBD", "1.\xEF\xBF\xBD" },
    /* A truncated sequence just before a '-' keeps the '-'. */
    { "incoming-1\xE2\x82-2-PJSIP/x-01-3-4",
      "1\xEF\xBF\xBD\xEF\xBF\xBD", "2", "PJSIP/x-01", "3", "4" },
    /* Valid UTF-8 is kept as it is. */
    { "incoming-대표-2-PJSIP/x-01-홍길동-4",
      "대표", "2", "PJSIP/x-01", "홍길동", "4" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DipccIncomingInfo) info = NULL;

      info = dipcc_incoming_info_parse (cases[i].user_event, &error);
      g_assert_no_error (error);
      assert_info (info, &cases[i]);
      g_assert_true (g_utf8_validate (info->main_number, -1, NULL));
      g_assert_true (g_utf8_validate (info->did, -1, NULL));
      g_assert_true (g_utf8_validate (info->channel, -1, NULL));
      g_assert_true (g_utf8_validate (info->caller, -1, NULL));
      g_assert_true (g_utf8_validate (info->uniqueid, -1, NULL));
    }
}

static void
test_null_error_location (void)
{
  g_autoptr(DipccIncomingInfo) info = NULL;

  g_assert_null (dipcc_incoming_info_parse ("TTSDone", NULL));
  g_assert_null (dipcc_incoming_info_parse ("incoming-1-2", NULL));
  info = dipcc_incoming_info_parse ("incoming-1-2-SIP/x-3-4", NULL);
  g_assert_nonnull (info);
}

static void
test_null_input (void)
{
  g_autoptr(GError) error = NULL;

  g_test_expect_message ("dipcc-incoming-info", G_LOG_LEVEL_CRITICAL, "*user_event != NULL*");
  g_assert_null (dipcc_incoming_info_parse (NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
}

static void
test_copy_and_free (void)
{
  static const SplitCase expected = {
    NULL, "16681706", "07079190158", "PJSIP/MAKECALL-00000003", "", "1598510618.33",
  };
  g_autoptr(DipccIncomingInfo) info = NULL;
  g_autoptr(DipccIncomingInfo) copy = NULL;

  info = dipcc_incoming_info_parse ("incoming-16681706-07079190158-PJSIP/MAKECALL-00000003"
                                    "--1598510618.33", NULL);
  copy = dipcc_incoming_info_copy (info);
  g_assert_true (copy != info);
  g_assert_true (copy->channel != info->channel);
  g_clear_pointer (&info, dipcc_incoming_info_free);
  assert_info (copy, &expected);

  dipcc_incoming_info_free (NULL);
}

static void
test_boxed_type (void)
{
  g_autoptr(DipccIncomingInfo) info = NULL;
  DipccIncomingInfo *copy;
  GType type = DIPCC_TYPE_INCOMING_INFO;

  g_assert_true (G_TYPE_IS_BOXED (type));
  g_assert_cmpstr (g_type_name (type), ==, "DipccIncomingInfo");

  info = dipcc_incoming_info_parse ("incoming-1-2-SIP/x-3-4", NULL);
  copy = g_boxed_copy (type, info);
  g_assert_cmpstr (copy->channel, ==, "SIP/x");
  g_assert_cmpstr (copy->uniqueid, ==, "4");
  g_boxed_free (type, copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/incoming-info/manual-example", test_manual_example);
  g_test_add_func ("/incoming-info/channels-with-dashes", test_channels_with_dashes);
  g_test_add_func ("/incoming-info/anonymous-caller", test_anonymous_caller);
  g_test_add_func ("/incoming-info/empty-main-and-did", test_empty_main_and_did);
  g_test_add_func ("/incoming-info/too-few-fields", test_too_few_fields);
  g_test_add_func ("/incoming-info/empty-channel", test_empty_channel);
  g_test_add_func ("/incoming-info/empty-uniqueid", test_empty_uniqueid);
  g_test_add_func ("/incoming-info/wrong-prefix", test_wrong_prefix);
  g_test_add_func ("/incoming-info/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/incoming-info/null-error-location", test_null_error_location);
  g_test_add_func ("/incoming-info/null-input", test_null_input);
  g_test_add_func ("/incoming-info/copy-and-free", test_copy_and_free);
  g_test_add_func ("/incoming-info/boxed-type", test_boxed_type);

  return g_test_run ();
}
