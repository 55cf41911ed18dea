/* fuzz-cdr-response.c: libFuzzer target for the CDR (call history) answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any body gives records whose texts are valid UTF-8, or a FAILED or
 * PROTOCOL error with a message of valid UTF-8 without line breaks.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "dipcc-cdr-record.h"
#include "dipcc-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
assert_text (const char *text)
{
  g_assert (text != NULL);
  g_assert (g_utf8_validate (text, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  guint total = 12345;
  guint skipped = 12345;

  records = dipcc_cdr_parse_response ((const char *) data, size, &total, &skipped, &error);
  if (records == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == DIPCC_ERROR);
      g_assert (error->code == DIPCC_ERROR_FAILED || error->code == DIPCC_ERROR_PROTOCOL);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert (strpbrk (error->message, "\r\n") == NULL);
      return 0;
    }

  g_assert (error == NULL);
  for (guint i = 0; i < records->len; i++)
    {
      DipccCdrRecord *record = g_ptr_array_index (records, i);
      GDateTime *calldate = dipcc_cdr_record_get_calldate (record);

      assert_text (dipcc_cdr_record_get_source (record));
      assert_text (dipcc_cdr_record_get_destination (record));
      assert_text (dipcc_cdr_record_get_clid (record));
      assert_text (dipcc_cdr_record_get_uniqueid (record));
      assert_text (dipcc_cdr_record_get_linkedid (record));
      assert_text (dipcc_cdr_record_get_recfile (record));
      (void) dipcc_cdr_record_get_duration (record);
      (void) dipcc_cdr_record_get_billsec (record);
      (void) dipcc_cdr_record_get_disposition (record);
      (void) dipcc_cdr_record_get_calltype (record);
      if (calldate != NULL)
        g_free (g_date_time_format_iso8601 (calldate));
    }
  return 0;
}
