/* test-device-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "dipcc-device-state.h"

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
  const char       *text;
  DipccDeviceState  state;
} StateCase;

static void
assert_parses (const StateCase *cases,
               gsize            n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      /* Anything but the expected state, to see that it is written. */
      DipccDeviceState state = cases[i].state == DIPCC_DEVICE_STATE_UNKNOWN
                               ? DIPCC_DEVICE_STATE_ONHOLD : DIPCC_DEVICE_STATE_UNKNOWN;

      note_input (cases[i].text);
      g_assert_true (dipcc_device_state_parse (cases[i].text, &state));
      g_assert_cmpint (state, ==, cases[i].state);
      g_assert_cmpint (dipcc_device_state_from_string (cases[i].text), ==, cases[i].state);
    }
}

static void
test_list_spelling (void)
{
  static const StateCase cases[] = {
    { "Unknown", DIPCC_DEVICE_STATE_UNKNOWN },
    { "Not in use", DIPCC_DEVICE_STATE_NOT_INUSE },
    { "In use", DIPCC_DEVICE_STATE_INUSE },
    { "Busy", DIPCC_DEVICE_STATE_BUSY },
    { "Invalid", DIPCC_DEVICE_STATE_INVALID },
    { "Unavailable", DIPCC_DEVICE_STATE_UNAVAILABLE },
    { "Ringing", DIPCC_DEVICE_STATE_RINGING },
    { "Ring+Inuse", DIPCC_DEVICE_STATE_RINGINUSE },
    { "Ring+In use", DIPCC_DEVICE_STATE_RINGINUSE },
    { "On Hold", DIPCC_DEVICE_STATE_ONHOLD },
  };

  assert_parses (cases, G_N_ELEMENTS (cases));
}

static void
test_event_spelling (void)
{
  static const StateCase cases[] = {
    { "UNKNOWN", DIPCC_DEVICE_STATE_UNKNOWN },
    { "NOT_INUSE", DIPCC_DEVICE_STATE_NOT_INUSE },
    { "INUSE", DIPCC_DEVICE_STATE_INUSE },
    { "BUSY", DIPCC_DEVICE_STATE_BUSY },
    { "INVALID", DIPCC_DEVICE_STATE_INVALID },
    { "UNAVAILABLE", DIPCC_DEVICE_STATE_UNAVAILABLE },
    { "RINGING", DIPCC_DEVICE_STATE_RINGING },
    { "RINGINUSE", DIPCC_DEVICE_STATE_RINGINUSE },
    { "ONHOLD", DIPCC_DEVICE_STATE_ONHOLD },
  };

  assert_parses (cases, G_N_ELEMENTS (cases));
}

static void
test_mixed_case (void)
{
  static const StateCase cases[] = {
    { "unknown", DIPCC_DEVICE_STATE_UNKNOWN },
    { "NOT IN USE", DIPCC_DEVICE_STATE_NOT_INUSE },
    { "not_inuse", DIPCC_DEVICE_STATE_NOT_INUSE },
    { "Not_InUse", DIPCC_DEVICE_STATE_NOT_INUSE },
    { "in USE", DIPCC_DEVICE_STATE_INUSE },
    { "InUse", DIPCC_DEVICE_STATE_INUSE },
    { "bUsY", DIPCC_DEVICE_STATE_BUSY },
    { "invalid", DIPCC_DEVICE_STATE_INVALID },
    { "UnAvailable", DIPCC_DEVICE_STATE_UNAVAILABLE },
    { "ringing", DIPCC_DEVICE_STATE_RINGING },
    { "RING+INUSE", DIPCC_DEVICE_STATE_RINGINUSE },
    { "ring+in use", DIPCC_DEVICE_STATE_RINGINUSE },
    { "RingInUse", DIPCC_DEVICE_STATE_RINGINUSE },
    { "on hold", DIPCC_DEVICE_STATE_ONHOLD },
    { "OnHold", DIPCC_DEVICE_STATE_ONHOLD },
  };

  assert_parses (cases, G_N_ELEMENTS (cases));
}

static void
test_surrounding_space (void)
{
  static const StateCase cases[] = {
    { " Not in use", DIPCC_DEVICE_STATE_NOT_INUSE },
    { "INUSE ", DIPCC_DEVICE_STATE_INUSE },
    { "\tUnavailable\r\n", DIPCC_DEVICE_STATE_UNAVAILABLE },
    { "  On Hold  ", DIPCC_DEVICE_STATE_ONHOLD },
    { " 6 ", DIPCC_DEVICE_STATE_RINGING },
  };

  assert_parses (cases, G_N_ELEMENTS (cases));
}

static void
test_numeric_codes (void)
{
  static const StateCase cases[] = {
    { "0", DIPCC_DEVICE_STATE_UNKNOWN },
    { "1", DIPCC_DEVICE_STATE_NOT_INUSE },
    { "2", DIPCC_DEVICE_STATE_INUSE },
    { "3", DIPCC_DEVICE_STATE_BUSY },
    { "4", DIPCC_DEVICE_STATE_INVALID },
    { "5", DIPCC_DEVICE_STATE_UNAVAILABLE },
    { "6", DIPCC_DEVICE_STATE_RINGING },
    { "7", DIPCC_DEVICE_STATE_RINGINUSE },
    { "8", DIPCC_DEVICE_STATE_ONHOLD },
  };

  assert_parses (cases, G_N_ELEMENTS (cases));
}

static void
test_garbage (void)
{
  static const char * const texts[] = {
    "",
    "   ",
    "9",
    "10",
    "-1",
    "+1",
    "01",
    "1.0",
    "Not  in use",
    "Not in use.",
    "NOTINUSE",
    "IN_USE",
    "Ring",
    "Hold",
    "Idle",
    "Registered",
    "INUSE\x01",
    "INUSE\xFF",
    "In\xC2\xA0use",
    "Ｂｕｓｙ",
    "BUSY BUSY",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      DipccDeviceState state = DIPCC_DEVICE_STATE_BUSY;

      note_input (texts[i]);
      g_assert_false (dipcc_device_state_parse (texts[i], &state));
      g_assert_cmpint (state, ==, DIPCC_DEVICE_STATE_UNKNOWN);
      g_assert_cmpint (dipcc_device_state_from_string (texts[i]), ==,
                       DIPCC_DEVICE_STATE_UNKNOWN);
    }
}

static void
test_missing_value (void)
{
  DipccDeviceState state = DIPCC_DEVICE_STATE_BUSY;

  g_assert_false (dipcc_device_state_parse (NULL, &state));
  g_assert_cmpint (state, ==, DIPCC_DEVICE_STATE_UNKNOWN);
  g_assert_cmpint (dipcc_device_state_from_string (NULL), ==, DIPCC_DEVICE_STATE_UNKNOWN);

  /* The out argument is optional: a plain "is this a state" check. */
  g_assert_true (dipcc_device_state_parse ("Busy", NULL));
  g_assert_false (dipcc_device_state_parse ("Bus", NULL));
}

static void
test_to_string (void)
{
  static const StateCase cases[] = {
    { "UNKNOWN", DIPCC_DEVICE_STATE_UNKNOWN },
    { "NOT_INUSE", DIPCC_DEVICE_STATE_NOT_INUSE },
    { "INUSE", DIPCC_DEVICE_STATE_INUSE },
    { "BUSY", DIPCC_DEVICE_STATE_BUSY },
    { "INVALID", DIPCC_DEVICE_STATE_INVALID },
    { "UNAVAILABLE", DIPCC_DEVICE_STATE_UNAVAILABLE },
    { "RINGING", DIPCC_DEVICE_STATE_RINGING },
    { "RINGINUSE", DIPCC_DEVICE_STATE_RINGINUSE },
    { "ONHOLD", DIPCC_DEVICE_STATE_ONHOLD },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *token = dipcc_device_state_to_string (cases[i].state);

      g_assert_cmpstr (token, ==, cases[i].text);
      /* The token reads back as the same state. */
      g_assert_cmpint (dipcc_device_state_from_string (token), ==, cases[i].state);
    }

  g_assert_cmpstr (dipcc_device_state_to_string ((DipccDeviceState) 9), ==, "UNKNOWN");
  g_assert_cmpstr (dipcc_device_state_to_string ((DipccDeviceState) -1), ==, "UNKNOWN");
}

static void
test_is_registered (void)
{
  static const struct {
    DipccDeviceState state;
    gboolean         registered;
  } cases[] = {
    { DIPCC_DEVICE_STATE_UNKNOWN, FALSE },
    { DIPCC_DEVICE_STATE_NOT_INUSE, TRUE },
    { DIPCC_DEVICE_STATE_INUSE, TRUE },
    { DIPCC_DEVICE_STATE_BUSY, TRUE },
    { DIPCC_DEVICE_STATE_INVALID, FALSE },
    { DIPCC_DEVICE_STATE_UNAVAILABLE, FALSE },
    { DIPCC_DEVICE_STATE_RINGING, TRUE },
    { DIPCC_DEVICE_STATE_RINGINUSE, TRUE },
    { DIPCC_DEVICE_STATE_ONHOLD, TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", dipcc_device_state_to_string (cases[i].state));
      g_assert_cmpint (dipcc_device_state_is_registered (cases[i].state), ==,
                       cases[i].registered);
    }

  g_assert_false (dipcc_device_state_is_registered ((DipccDeviceState) 9));
}

static void
test_endpoint_name (void)
{
  static const struct {
    const char *device;
    const char *endpoint;
  } cases[] = {
    { "PJSIP/0108", "0108" },
    { "SIP/0108", "0108" },
    { "IAX2/x", "x" },
    { "0108", "0108" },
    { "PJSIP/trunk-kt", "trunk-kt" },
    { " PJSIP/0108 ", "0108" },
    { "PJSIP/0108\r\n", "0108" },
    { "/0108", "0108" },
    { "IAX2/user/peer", "user/peer" },
    /* Not a device: the channel's sequence suffix is left to the caller. */
    { "PJSIP/0108-0000001a", "0108-0000001a" },
    { "PJSIP/\xFF" "01", "\xEF\xBF\xBD" "01" },
    { "\xB4\xEB", "\xEF\xBF\xBD\xEF\xBF\xBD" },
    { "PJSIP/홍길동", "홍길동" },
    { "", NULL },
    { "   ", NULL },
    { "PJSIP/", NULL },
    { "PJSIP/  ", NULL },
    { "/", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *endpoint = dipcc_endpoint_name_from_device (cases[i].device);

      note_input (cases[i].device);
      g_assert_cmpstr (endpoint, ==, cases[i].endpoint);
    }

  g_assert_null (dipcc_endpoint_name_from_device (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/device-state/list-spelling", test_list_spelling);
  g_test_add_func ("/device-state/event-spelling", test_event_spelling);
  g_test_add_func ("/device-state/mixed-case", test_mixed_case);
  g_test_add_func ("/device-state/surrounding-space", test_surrounding_space);
  g_test_add_func ("/device-state/numeric-codes", test_numeric_codes);
  g_test_add_func ("/device-state/garbage", test_garbage);
  g_test_add_func ("/device-state/missing-value", test_missing_value);
  g_test_add_func ("/device-state/to-string", test_to_string);
  g_test_add_func ("/device-state/is-registered", test_is_registered);
  g_test_add_func ("/device-state/endpoint-name", test_endpoint_name);

  return g_test_run ();
}
