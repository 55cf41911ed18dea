/* fuzz-csv-import.c: libFuzzer target for the CSV importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On success, every contact holds valid UTF-8 and survives a vCard round
 * trip (write, then read back) field for field; on failure the message is
 * valid UTF-8 and names the line (or says the file is empty).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "dipcc-contact.h"
#include "dipcc-csv-import.h"
#include "dipcc-error.h"
#include "dipcc-vcard.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
assert_utf8 (const char *text)
{
  if (text != NULL)
    g_assert (g_utf8_validate (text, -1, NULL));
}

static void
check_contact (DipccContact *contact)
{
  GPtrArray *numbers = dipcc_contact_get_numbers (contact);

  g_assert (!dipcc_contact_is_empty (contact));
  assert_utf8 (dipcc_contact_get_uid (contact));
  assert_utf8 (dipcc_contact_get_name (contact));
  assert_utf8 (dipcc_contact_get_organization (contact));
  assert_utf8 (dipcc_contact_get_email (contact));
  assert_utf8 (dipcc_contact_get_note (contact));
  for (guint i = 0; i < numbers->len; i++)
    {
      const char *number = dipcc_contact_number_get_number (numbers->pdata[i]);

      g_assert (number != NULL && *number != '\0');
      assert_utf8 (number);
      assert_utf8 (dipcc_contact_number_get_label (numbers->pdata[i]));
    }
  /* the search data is built without trouble too */
  dipcc_contact_matches (contact, "010");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *written = NULL;
  gsize written_len = 0;
  guint skipped = 0;

  contacts = dipcc_csv_import ((const char *) data, size, &skipped, &error);
  if (contacts == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == DIPCC_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert (strstr (error->message, "Line ") != NULL ||
                strstr (error->message, "empty") != NULL);
      return 0;
    }
  g_assert (error == NULL);

  for (guint i = 0; i < contacts->len; i++)
    check_contact (contacts->pdata[i]);

  written = dipcc_vcard_write (contacts, &written_len);
  g_assert (g_utf8_validate (written, written_len, NULL));
  again = dipcc_vcard_parse (written, written_len, &skipped, &error);
  g_assert_no_error (error);
  g_assert (skipped == 0);
  g_assert (again->len == contacts->len);
  for (guint i = 0; i < contacts->len; i++)
    g_assert (dipcc_contact_equal (contacts->pdata[i], again->pdata[i]));

  return 0;
}
