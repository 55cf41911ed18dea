/* test-cdr-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-cdr-record.h"
#include "dipcc-core-enums.h"
#include "dipcc-error.h"

#define FFFD "\xEF\xBF\xBD"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static DipccCdrRecord *
record_from (const char *json)
{
  g_autoptr(JsonObject) row = parse_object (json);

  return dipcc_cdr_record_new_from_json (row);
}

static void
assert_calldate (DipccCdrRecord *record,
                 const char     *iso8601)
{
  GDateTime *calldate = dipcc_cdr_record_get_calldate (record);
  g_autofree char *text = NULL;

  if (iso8601 == NULL)
    {
      g_assert_null (calldate);
      return;
    }
  g_assert_nonnull (calldate);
  g_assert_cmpint (g_date_time_get_utc_offset (calldate), ==, 0);
  text = g_date_time_format_iso8601 (calldate);
  g_assert_cmpstr (text, ==, iso8601);
}

/* The VitalPBX names, with numbers as JSON numbers. */
static void
test_row_long_names (void)
{
  g_autoptr(DipccCdrRecord) record = record_from (
    "{\"calldate\":\"2020-10-28 01:40:22\",\"source\":\"0164\","
    "\"destination\":\"0216682471\",\"clid\":\"\\\"Kim\\\" <0164>\","
    "\"duration\":64,\"billsec\":58,\"disposition\":\"ANSWERED\",\"calltype\":3,"
    "\"uniqueid\":\"1603849222.51437\",\"linkedid\":\"1603849222.51436\","
    "\"recfile\":\"20201028-014022-0164-0216682471.wav\"}");

  assert_calldate (record, "2020-10-28T01:40:22Z");
  g_assert_cmpstr (dipcc_cdr_record_get_source (record), ==, "0164");
  g_assert_cmpstr (dipcc_cdr_record_get_destination (record), ==, "0216682471");
  g_assert_cmpstr (dipcc_cdr_record_get_clid (record), ==, "\"Kim\" <0164>");
  g_assert_cmpuint (dipcc_cdr_record_get_duration (record), ==, 64);
  g_assert_cmpuint (dipcc_cdr_record_get_billsec (record), ==, 58);
  g_assert_cmpint (dipcc_cdr_record_get_disposition (record), ==,
                   DIPCC_CDR_DISPOSITION_ANSWERED);
  g_assert_cmpint (dipcc_cdr_record_get_calltype (record), ==, DIPCC_CALL_TYPE_OUTBOUND);
  g_assert_cmpstr (dipcc_cdr_record_get_uniqueid (record), ==, "1603849222.51437");
  g_assert_cmpstr (dipcc_cdr_record_get_linkedid (record), ==, "1603849222.51436");
  g_assert_cmpstr (dipcc_cdr_record_get_recfile (record), ==,
                   "20201028-014022-0164-0216682471.wav");

  g_assert_finalize_object (g_steal_pointer (&record));
}

/* Asterisk's own column names, with every number as a string. */
static void
test_row_short_names (void)
{
  g_autoptr(DipccCdrRecord) record = record_from (
    "{\"calldate\":\"1603849222\",\"src\":\"1001\",\"dst\":\"0164\","
    "\"duration\":\"12\",\"billsec\":\" 7 \",\"disposition\":\"NO ANSWER\","
    "\"calltype\":\"1\",\"uniqueid\":1603849222.51437,\"linkedid\":42}");

  assert_calldate (record, "2020-10-28T01:40:22Z");
  g_assert_cmpstr (dipcc_cdr_record_get_source (record), ==, "1001");
  g_assert_cmpstr (dipcc_cdr_record_get_destination (record), ==, "0164");
  g_assert_cmpuint (dipcc_cdr_record_get_duration (record), ==, 12);
  g_assert_cmpuint (dipcc_cdr_record_get_billsec (record), ==, 7);
  g_assert_cmpint (dipcc_cdr_record_get_disposition (record), ==,
                   DIPCC_CDR_DISPOSITION_NO_ANSWER);
  g_assert_cmpint (dipcc_cdr_record_get_calltype (record), ==, DIPCC_CALL_TYPE_INTERNAL);
  /* A uniqueid sent as a number reads back as it was written. */
  g_assert_cmpstr (dipcc_cdr_record_get_uniqueid (record), ==, "1603849222.51437");
  g_assert_cmpstr (dipcc_cdr_record_get_linkedid (record), ==, "42");
  /* Missing members are empty, never NULL. */
  g_assert_cmpstr (dipcc_cdr_record_get_clid (record), ==, "");
  g_assert_cmpstr (dipcc_cdr_record_get_recfile (record), ==, "");

  g_assert_finalize_object (g_steal_pointer (&record));
}

/* The long name wins when a row has both. */
static void
test_row_both_names (void)
{
  g_autoptr(DipccCdrRecord) record = record_from (
    "{\"source\":\"0164\",\"src\":\"9999\",\"destination\":null,\"dst\":\"1001\"}");

  g_assert_cmpstr (dipcc_cdr_record_get_source (record), ==, "0164");
  /* A null long name falls back to the short one. */
  g_assert_cmpstr (dipcc_cdr_record_get_destination (record), ==, "1001");

  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_calldate_forms (void)
{
  static const struct {
    const char *json;
    const char *expected;
  } cases[] = {
    { "{\"calldate\":1603849222}", "2020-10-28T01:40:22Z" },
    { "{\"calldate\":1603849222.75}", "2020-10-28T01:40:22Z" },
    { "{\"calldate\":\"1603849222\"}", "2020-10-28T01:40:22Z" },
    { "{\"calldate\":\"2020-10-28 01:40:22\"}", "2020-10-28T01:40:22Z" },
    { "{\"calldate\":\" 2020-10-28 01:40:22 \"}", "2020-10-28T01:40:22Z" },
    { "{\"calldate\":\"2020-10-28T01:40:22\"}", "2020-10-28T01:40:22Z" },
    /* A zone in the text wins over the PBX's UTC. */
    { "{\"calldate\":\"2020-10-28 10:40:22+09:00\"}", "2020-10-28T01:40:22Z" },
    { "{\"calldate\":\"2020-10-28T01:40:22Z\"}", "2020-10-28T01:40:22Z" },
    { "{\"calldate\":\"0000-00-00 00:00:00\"}", NULL },
    { "{\"calldate\":\"yesterday\"}", NULL },
    { "{\"calldate\":\"\"}", NULL },
    { "{\"calldate\":0}", NULL },
    { "{\"calldate\":-5}", NULL },
    { "{\"calldate\":99999999999999999}", NULL },
    { "{\"calldate\":{\"date\":\"2020-10-28\"}}", NULL },
    { "{\"calldate\":[1603849222]}", NULL },
    { "{\"calldate\":true}", NULL },
    { "{}", NULL },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DipccCdrRecord) record = record_from (cases[i].json);

      g_test_message ("%s", cases[i].json);
      assert_calldate (record, cases[i].expected);
    }
}

static void
test_dispositions (void)
{
  static const struct {
    const char          *text;
    DipccCdrDisposition  expected;
  } cases[] = {
    { "ANSWERED", DIPCC_CDR_DISPOSITION_ANSWERED },
    { "answered", DIPCC_CDR_DISPOSITION_ANSWERED },
    { "NO ANSWER", DIPCC_CDR_DISPOSITION_NO_ANSWER },
    { "NO_ANSWER", DIPCC_CDR_DISPOSITION_NO_ANSWER },
    { "No Answer", DIPCC_CDR_DISPOSITION_NO_ANSWER },
    { "BUSY", DIPCC_CDR_DISPOSITION_BUSY },
    { "FAILED", DIPCC_CDR_DISPOSITION_FAILED },
    { "CONGESTION", DIPCC_CDR_DISPOSITION_CONGESTION },
    { "", DIPCC_CDR_DISPOSITION_UNKNOWN },
    { "MAYBE", DIPCC_CDR_DISPOSITION_UNKNOWN },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"disposition\":\"%s\"}", cases[i].text);
      g_autoptr(DipccCdrRecord) record = record_from (json);

      g_assert_cmpint (dipcc_cdr_record_get_disposition (record), ==, cases[i].expected);
    }
}

static void
test_calltypes (void)
{
  static const struct {
    const char    *value;
    DipccCallType  expected;
  } cases[] = {
    { "1", DIPCC_CALL_TYPE_INTERNAL },
    { "2", DIPCC_CALL_TYPE_INBOUND },
    { "\"3\"", DIPCC_CALL_TYPE_OUTBOUND },
    { "4.0", DIPCC_CALL_TYPE_TRUNK },
    { "\"inbound\"", DIPCC_CALL_TYPE_INBOUND },
    { "0", DIPCC_CALL_TYPE_UNKNOWN },
    { "5", DIPCC_CALL_TYPE_UNKNOWN },
    { "-1", DIPCC_CALL_TYPE_UNKNOWN },
    { "\"x\"", DIPCC_CALL_TYPE_UNKNOWN },
    { "{}", DIPCC_CALL_TYPE_UNKNOWN },
    { "null", DIPCC_CALL_TYPE_UNKNOWN },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"calltype\":%s}", cases[i].value);
      g_autoptr(DipccCdrRecord) record = record_from (json);

      g_test_message ("%s", json);
      g_assert_cmpint (dipcc_cdr_record_get_calltype (record), ==, cases[i].expected);
    }
}

static void
test_numbers (void)
{
  static const struct {
    const char *value;
    guint       expected;
  } cases[] = {
    { "64", 64 },
    { "\"64\"", 64 },
    { "64.9", 64 },
    { "\"64.9\"", 64 },
    { "-3", 0 },
    { "\"-3\"", 0 },
    { "\"\"", 0 },
    { "\"12abc\"", 0 },
    { "\"inf\"", 0 },
    { "\"nan\"", 0 },
    { "\"0x10\"", 0 },
    { "1e30", 0 },
    { "99999999999", G_MAXUINT },
    { "true", 0 },
    { "[1]", 0 },
    { "{\"s\":1}", 0 },
    { "null", 0 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"duration\":%s,\"billsec\":%s}",
                                               cases[i].value, cases[i].value);
      g_autoptr(DipccCdrRecord) record = record_from (json);

      g_test_message ("%s", json);
      g_assert_cmpuint (dipcc_cdr_record_get_duration (record), ==, cases[i].expected);
      g_assert_cmpuint (dipcc_cdr_record_get_billsec (record), ==, cases[i].expected);
    }
}

/* Wrong types are empty; nothing crashes; text is valid UTF-8. */
static void
test_garbage_types (void)
{
  g_autoptr(DipccCdrRecord) record = record_from (
    "{\"calldate\":{\"a\":1},\"source\":{\"number\":\"0164\"},\"src\":[\"x\"],"
    "\"destination\":true,\"clid\":[1,2],\"duration\":{},\"billsec\":[],"
    "\"disposition\":42,\"calltype\":true,\"uniqueid\":null,\"linkedid\":false,"
    "\"recfile\":{\"path\":\"/x\"},\"unknown\":{\"deep\":[1,{\"x\":null}]}}");

  assert_calldate (record, NULL);
  g_assert_cmpstr (dipcc_cdr_record_get_source (record), ==, "");
  g_assert_cmpstr (dipcc_cdr_record_get_destination (record), ==, "");
  g_assert_cmpstr (dipcc_cdr_record_get_clid (record), ==, "");
  g_assert_cmpuint (dipcc_cdr_record_get_duration (record), ==, 0);
  g_assert_cmpuint (dipcc_cdr_record_get_billsec (record), ==, 0);
  g_assert_cmpint (dipcc_cdr_record_get_disposition (record), ==,
                   DIPCC_CDR_DISPOSITION_UNKNOWN);
  g_assert_cmpint (dipcc_cdr_record_get_calltype (record), ==, DIPCC_CALL_TYPE_UNKNOWN);
  g_assert_cmpstr (dipcc_cdr_record_get_uniqueid (record), ==, "");
  g_assert_cmpstr (dipcc_cdr_record_get_linkedid (record), ==, "");
  g_assert_cmpstr (dipcc_cdr_record_get_recfile (record), ==, "");

  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_text_made_valid (void)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(DipccCdrRecord) record = NULL;

  /* json-glib's parser refuses invalid UTF-8, but a row can be built by
   * hand (or by a more lenient parser): it must still come out valid. */
  json_object_set_string_member (row, "clid", "\"\xB1\xE8\" <0164>");
  json_object_set_string_member (row, "source", "0164");
  record = dipcc_cdr_record_new_from_json (row);

  g_assert_cmpstr (dipcc_cdr_record_get_clid (record), ==, "\"" FFFD FFFD "\" <0164>");
  g_assert_cmpstr (dipcc_cdr_record_get_source (record), ==, "0164");

  g_assert_finalize_object (g_steal_pointer (&record));
}

static void
test_properties (void)
{
  g_autoptr(DipccCdrRecord) record = record_from (
    "{\"calldate\":1603849222,\"src\":\"1001\",\"disposition\":\"BUSY\",\"calltype\":2,"
    "\"duration\":5}");
  g_autoptr(GDateTime) calldate = NULL;
  g_autofree char *source = NULL;
  DipccCdrDisposition disposition;
  DipccCallType calltype;
  guint duration;

  g_object_get (record,
                "calldate", &calldate,
                "source", &source,
                "disposition", &disposition,
                "calltype", &calltype,
                "duration", &duration,
                NULL);
  g_assert_cmpint (g_date_time_to_unix (calldate), ==, 1603849222);
  g_assert_cmpstr (source, ==, "1001");
  g_assert_cmpint (disposition, ==, DIPCC_CDR_DISPOSITION_BUSY);
  g_assert_cmpint (calltype, ==, DIPCC_CALL_TYPE_INBOUND);
  g_assert_cmpuint (duration, ==, 5);

  /* Read-only. */
  g_assert_false (g_object_class_find_property (G_OBJECT_GET_CLASS (record),
                                                "source")->flags & G_PARAM_WRITABLE);
  g_assert_cmpstr (g_enum_get_value (g_type_class_peek (DIPCC_TYPE_CDR_DISPOSITION),
                                     DIPCC_CDR_DISPOSITION_NO_ANSWER)->value_nick,
                   ==, "no-answer");

  g_clear_pointer (&calldate, g_date_time_unref);
  g_assert_finalize_object (g_steal_pointer (&record));
}

/* ---- the envelope ------------------------------------------------------- */

static GPtrArray *
parse (const char  *body,
       guint       *total,
       guint       *n_skipped,
       GError     **error)
{
  return dipcc_cdr_parse_response (body, strlen (body), total, n_skipped, error);
}

static void
test_envelope_array (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  guint total = 99, n_skipped = 99;

  records = parse ("{\"status\":\"success\",\"message\":\"\",\"data\":["
                   "{\"src\":\"1\"},{\"source\":\"2\"},{\"source\":\"3\"}]}",
                   &total, &n_skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpuint (total, ==, 3);
  g_assert_cmpuint (n_skipped, ==, 0);
  g_assert_cmpstr (dipcc_cdr_record_get_source (records->pdata[0]), ==, "1");
  g_assert_cmpstr (dipcc_cdr_record_get_source (records->pdata[2]), ==, "3");
}

static void
test_envelope_rows_total (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  guint total = 0;

  records = parse ("{\"status\":\"success\",\"data\":{\"rows\":[{\"src\":\"1\"},"
                   "{\"src\":\"2\"}],\"total\":1234}}", &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpuint (total, ==, 1234);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* total as a string */
  records = parse ("{\"status\":\"success\",\"data\":{\"rows\":[],\"total\":\"77\"}}",
                   &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
  g_assert_cmpuint (total, ==, 77);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* no total: the number of rows */
  records = parse ("{\"status\":\"success\",\"data\":{\"rows\":[{}],\"total\":{}}}",
                   &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 1);
}

static void
test_envelope_other_shapes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  guint total = 99;

  /* A bare array */
  records = parse ("[{\"src\":\"1\"}]", &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* No data at all: an empty history */
  records = parse ("{\"status\":\"success\",\"data\":null}", &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
  g_assert_cmpuint (total, ==, 0);
  g_clear_pointer (&records, g_ptr_array_unref);

  records = parse ("{\"status\":\"success\"}", &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* data of the wrong type */
  records = parse ("{\"status\":\"success\",\"data\":\"rows\"}", &total, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL);
  g_assert_null (records);
  g_clear_error (&error);

  records = parse ("42", &total, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL);
  g_assert_null (records);
}

/* Rows that are not objects are skipped, and counted. */
static void
test_envelope_skipped_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  guint total = 0, n_skipped = 0;

  records = parse ("{\"status\":\"success\",\"data\":[{\"src\":\"1\"},42,\"row\",null,"
                   "[{\"src\":\"2\"}],{\"src\":\"3\"}]}", &total, &n_skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpuint (n_skipped, ==, 4);
  g_assert_cmpuint (total, ==, 6);
  g_assert_cmpstr (dipcc_cdr_record_get_source (records->pdata[1]), ==, "3");
}

static void
test_envelope_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *long_message = NULL;
  g_autofree char *body = NULL;

  records = parse ("{\"status\":\"error\",\"message\":\"Invalid date range\",\"data\":[]}",
                   NULL, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Invalid date range"));
  g_clear_error (&error);

  /* No message */
  records = parse ("{\"status\":\"error\"}", NULL, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED);
  g_clear_error (&error);

  /* A message with line breaks, bidi overrides and no end: cleaned, bounded */
  long_message = g_strnfill (500, 'x');
  body = g_strdup_printf ("{\"status\":\"error\",\"message\":\"bad\\r\\nEvent: x\\u202e%s\"}",
                          long_message);
  records = parse (body, NULL, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED);
  g_assert_null (strpbrk (error->message, "\r\n"));
  g_assert_null (strstr (error->message, "\xE2\x80\xAE"));
  g_assert_nonnull (strstr (error->message, "bad Event: x"));
  g_assert_nonnull (strstr (error->message, "…"));
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 200);
}

static void
test_invalid_json (void)
{
  static const char * const bodies[] = {
    "<html><head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>",
    "{\"status\":\"success\",\"data\":[",
    "",
    "   ",
    "\xff\xfe garbage",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = parse (bodies[i], NULL, NULL, &error);
      const char *open, *close;

      g_assert_null (records);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strpbrk (error->message, "\r\n"));

      /* The excerpt between the quotes is at most 60 characters. */
      open = strstr (error->message, "“");
      close = strstr (error->message, "”");
      g_assert_nonnull (open);
      g_assert_nonnull (close);
      g_assert_cmpint (g_utf8_strlen (open, close - open), <=, 1 + 60 + 1);
    }

  /* Not NUL-terminated, with a NUL inside */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) records =
      dipcc_cdr_parse_response ("{\"data\":[]}\0{", 13, NULL, NULL, &error);

    g_assert_null (records);
    g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL);
  }
}

/* The body need not end in a NUL: only @len bytes are read. */
static void
test_not_nul_terminated (void)
{
  static const char body[] = "[{\"src\":\"1\"}]GARBAGE";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  records = dipcc_cdr_parse_response (body, strlen ("[{\"src\":\"1\"}]"), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
}

static void
test_ten_thousand_rows (void)
{
  GString *body = g_string_new ("{\"status\":\"success\",\"data\":{\"rows\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  guint total = 0, n_skipped = 0;
  gint64 start;
  guint i;

  for (i = 0; i < 10000; i++)
    g_string_append_printf (body,
                            "%s{\"calldate\":\"2020-10-28 01:%02u:%02u\",\"src\":\"%u\","
                            "\"dst\":\"0216682471\",\"clid\":\"\\\"김\\\" <%u>\","
                            "\"duration\":\"%u\",\"billsec\":%u,"
                            "\"disposition\":\"ANSWERED\",\"calltype\":%u,"
                            "\"uniqueid\":\"1603849222.%u\",\"linkedid\":\"1603849222.%u\","
                            "\"recfile\":\"rec-%u.wav\"}",
                            i ? "," : "", (i / 60) % 60, i % 60, 1000 + i, 1000 + i,
                            i % 300, i % 200, 1 + i % 4, i, i, i);
  g_string_append (body, "],\"total\":10000}}");

  start = g_get_monotonic_time ();
  records = dipcc_cdr_parse_response (body->str, body->len, &total, &n_skipped, &error);
  g_test_message ("10k rows (%zu bytes) in %.0f ms", body->len,
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 10000);
  g_assert_cmpuint (total, ==, 10000);
  g_assert_cmpuint (n_skipped, ==, 0);
  g_assert_cmpstr (dipcc_cdr_record_get_source (records->pdata[9999]), ==, "10999");
  g_assert_cmpint (dipcc_cdr_record_get_calltype (records->pdata[2]), ==,
                   DIPCC_CALL_TYPE_OUTBOUND);

  g_string_free (body, TRUE);
}

/* Found by fuzz-cdr-response: json-glib recursed once per `[` and a body
 * of 200 000 of them overflowed the stack. */
static void
test_deep_nesting (void)
{
  gsize n = 200000;
  g_autofree char *deep = g_malloc (n + 16);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GString) ok_body = g_string_new ("{\"data\":[{\"clid\":\"[[[[{{{{\"}");

  memcpy (deep, "{\"data\":", 8);
  memset (deep + 8, '[', n);
  records = dipcc_cdr_parse_response (deep, n + 8, NULL, NULL, &error);
  g_assert_null (records);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* brackets inside strings do not count, and real answers pass */
  for (guint i = 0; i < 30; i++)
    g_string_append (ok_body, ",[[]]");
  g_string_append (ok_body, "]}");
  records = dipcc_cdr_parse_response (ok_body->str, ok_body->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cdr-record/row/long-names", test_row_long_names);
  g_test_add_func ("/cdr-record/row/short-names", test_row_short_names);
  g_test_add_func ("/cdr-record/row/both-names", test_row_both_names);
  g_test_add_func ("/cdr-record/row/calldate", test_calldate_forms);
  g_test_add_func ("/cdr-record/row/disposition", test_dispositions);
  g_test_add_func ("/cdr-record/row/calltype", test_calltypes);
  g_test_add_func ("/cdr-record/row/numbers", test_numbers);
  g_test_add_func ("/cdr-record/row/garbage-types", test_garbage_types);
  g_test_add_func ("/cdr-record/row/valid-utf8", test_text_made_valid);
  g_test_add_func ("/cdr-record/row/properties", test_properties);
  g_test_add_func ("/cdr-record/envelope/array", test_envelope_array);
  g_test_add_func ("/cdr-record/envelope/rows-total", test_envelope_rows_total);
  g_test_add_func ("/cdr-record/envelope/other-shapes", test_envelope_other_shapes);
  g_test_add_func ("/cdr-record/envelope/skipped-rows", test_envelope_skipped_rows);
  g_test_add_func ("/cdr-record/envelope/error", test_envelope_error);
  g_test_add_func ("/cdr-record/envelope/invalid-json", test_invalid_json);
  g_test_add_func ("/cdr-record/envelope/not-nul-terminated", test_not_nul_terminated);
  g_test_add_func ("/cdr-record/envelope/ten-thousand-rows", test_ten_thousand_rows);
  g_test_add_func ("/cdr-record/envelope/deep-nesting", test_deep_nesting);

  return g_test_run ();
}
