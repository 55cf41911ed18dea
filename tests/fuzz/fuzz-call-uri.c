/* fuzz-call-uri.c: libFuzzer target for tel:, callto: and sip: links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever the link, the result is a dialable number of ASCII digits, `*`,
 * `#` and a leading `+`, or an INVALID_INPUT error whose message is one
 * short line of valid UTF-8.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "dipcc-call-uri.h"
#include "dipcc-error.h"
#include "dipcc-phone-number.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* links arrive as C strings: read up to the first NUL */
  g_autofree char *uri = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = dipcc_call_uri_parse (uri, &error);

  if (number == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == DIPCC_ERROR);
      g_assert (error->code == DIPCC_ERROR_INVALID_INPUT);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert (strpbrk (error->message, "\r\n\x1b") == NULL);
      g_assert (g_utf8_strlen (error->message, -1) < 300);
      return 0;
    }

  g_assert (error == NULL);
  g_assert (dipcc_phone_number_is_dialable (number));
  g_assert (*number != '\0');
  g_assert (strlen (number) <= DIPCC_PHONE_NUMBER_MAX_DIGITS);
  for (const char *p = number; *p; p++)
    g_assert (g_ascii_isdigit (*p) || *p == '*' || *p == '#' || (*p == '+' && p == number));
  /* a number is its own link */
  {
    g_autofree char *again = dipcc_call_uri_parse (number, NULL);

    g_assert (g_strcmp0 (again, number) == 0);
  }
  return 0;
}
