/* fuzz-incoming-info.c: libFuzzer target for the small untrusted-text parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One input goes through the incoming-call UserEvent splitter, the device
 * state reader, the endpoint name extractor and every phone-number
 * function, and the invariants callers rely on are asserted.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dipcc-device-state.h"
#include "dipcc-error.h"
#include "dipcc-incoming-info.h"
#include "dipcc-phone-number.h"
#include "dipcc-text.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
assert_no_dash (const char *field)
{
  g_assert_null (strchr (field, '-'));
}

static void
fuzz_incoming_info (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccIncomingInfo) info = NULL;
  g_autoptr(DipccIncomingInfo) copy = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *joined = NULL;

  info = dipcc_incoming_info_parse (text, &error);
  if (info == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == DIPCC_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "incoming-"));
  g_assert_nonnull (info->main_number);
  g_assert_nonnull (info->did);
  g_assert_nonnull (info->channel);
  g_assert_nonnull (info->caller);
  g_assert_nonnull (info->uniqueid);
  g_assert_true (g_utf8_validate (info->main_number, -1, NULL));
  g_assert_true (g_utf8_validate (info->did, -1, NULL));
  g_assert_true (g_utf8_validate (info->channel, -1, NULL));
  g_assert_true (g_utf8_validate (info->caller, -1, NULL));
  g_assert_true (g_utf8_validate (info->uniqueid, -1, NULL));
  g_assert_cmpstr (info->channel, !=, "");
  g_assert_cmpstr (info->uniqueid, !=, "");
  assert_no_dash (info->main_number);
  assert_no_dash (info->did);
  assert_no_dash (info->caller);
  assert_no_dash (info->uniqueid);

  /* Nothing is lost or invented: the fields join back into the input. */
  valid = dipcc_utf8_make_valid (text, -1, NULL);
  joined = g_strjoin ("-", "incoming", info->main_number, info->did, info->channel,
                      info->caller, info->uniqueid, NULL);
  g_assert_cmpstr (joined, ==, valid);

  copy = dipcc_incoming_info_copy (info);
  g_assert_cmpstr (copy->main_number, ==, info->main_number);
  g_assert_cmpstr (copy->did, ==, info->did);
  g_assert_cmpstr (copy->channel, ==, info->channel);
  g_assert_cmpstr (copy->caller, ==, info->caller);
  g_assert_cmpstr (copy->uniqueid, ==, info->uniqueid);
}

static void
fuzz_device_state (const char *text)
{
  DipccDeviceState state;
  g_autofree char *endpoint = NULL;

  if (dipcc_device_state_parse (text, &state))
    {
      g_assert_cmpint (state, >=, DIPCC_DEVICE_STATE_UNKNOWN);
      g_assert_cmpint (state, <=, DIPCC_DEVICE_STATE_ONHOLD);
      /* The token reads back as the same state. */
      g_assert_cmpint (dipcc_device_state_from_string (dipcc_device_state_to_string (state)),
                       ==, state);
    }
  else
    {
      g_assert_cmpint (state, ==, DIPCC_DEVICE_STATE_UNKNOWN);
    }
  g_assert_cmpint (dipcc_device_state_from_string (text), ==, state);
  (void) dipcc_device_state_is_registered (state);

  endpoint = dipcc_endpoint_name_from_device (text);
  if (endpoint != NULL)
    {
      gsize len = strlen (endpoint);

      g_assert_cmpuint (len, >, 0);
      g_assert_true (g_utf8_validate (endpoint, -1, NULL));
      g_assert_false (g_ascii_isspace (endpoint[0]));
      g_assert_false (g_ascii_isspace (endpoint[len - 1]));
    }
}

static gboolean
has_only_dial_characters (const char *number)
{
  for (const char *p = number; *p; p++)
    {
      if (!(g_ascii_isdigit (*p) || *p == '*' || *p == '#' || (*p == '+' && p == number)))
        return FALSE;
    }
  return TRUE;
}

static void
fuzz_phone_number (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *stripped_again = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *key = NULL;
  gboolean dialable;

  stripped = dipcc_phone_number_strip (text);
  g_assert_nonnull (stripped);
  g_assert_true (g_utf8_validate (stripped, -1, NULL));
  g_assert_cmpuint (strlen (stripped), <=, 3 * strlen (text));
  stripped_again = dipcc_phone_number_strip (stripped);
  g_assert_cmpstr (stripped_again, ==, stripped);

  dialable = dipcc_phone_number_is_dialable (text);
  if (dialable)
    {
      g_assert_null (strpbrk (text, "\r\n"));
      g_assert_true (dipcc_phone_number_is_dialable (stripped));
    }

  normalized = dipcc_phone_number_normalize (text, &error);
  g_assert_cmpint (normalized != NULL, ==, dialable);
  if (normalized != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, stripped);
      g_assert_true (dipcc_phone_number_is_dialable (normalized));
      g_assert_true (has_only_dial_characters (normalized));
      g_assert_cmpuint (strlen (normalized), >=, 1);
      g_assert_cmpuint (strlen (normalized), <=, DIPCC_PHONE_NUMBER_MAX_DIGITS);
    }
  else
    {
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strpbrk (error->message, "\r\n"));
      /* The quoted input is cut: the message cannot grow with it. */
      g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 200);
    }

  key = dipcc_phone_number_match_key (text);
  if (key != NULL)
    {
      g_assert_true (dialable);
      g_assert_true (dipcc_phone_number_is_dialable (key));
      g_assert_true (has_only_dial_characters (key));
    }
  else
    {
      g_assert_false (dialable);
    }
  g_assert_cmpint (dipcc_phone_number_equal (text, text), ==, dialable);
  if (normalized != NULL)
    g_assert_true (dipcc_phone_number_equal (text, normalized));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;

  /* The APIs take C strings: an input with NUL bytes is read up to the
   * first one, as a caller holding a C string would see it. */
  text = g_strndup ((const char *) data, size);

  fuzz_incoming_info (text);
  fuzz_device_state (text);
  fuzz_phone_number (text);

  return 0;
}
