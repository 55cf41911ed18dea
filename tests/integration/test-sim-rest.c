/* test-sim-rest.c: the simulator's REST API, CDR queries and control routes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sim-helper.h"

/* A fixed "now" so the CDR month is the same on every run. */
#define EPOCH "--epoch=1795500000"

static Sim *shared;

static JsonObject *
data_object (JsonNode *root)
{
  return json_object_get_object_member (json_node_get_object (root), "data");
}

static const char *
field_of (JsonNode *root)
{
  JsonObject *data = data_object (root);

  return data ? json_object_get_string_member_with_default (data, "field", NULL) : NULL;
}

static void
test_ready_line (void)
{
  JsonObject *o = json_node_get_object (shared->ready);
  JsonArray *servers = json_object_get_array_member (o, "servers");

  g_assert_cmpstr (json_object_get_string_member (o, "listen"), ==, "127.0.0.1");
  g_assert_cmpstr (json_object_get_string_member (o, "tenant"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (o, "app_key"), ==, "demo-app-key");
  g_assert_cmpstr (json_object_get_string_member (o, "ami_user"), ==, "hello");
  g_assert_cmpstr (json_object_get_string_member (o, "ami_secret"), ==, "world");
  g_assert_cmpuint (json_array_get_length (servers), ==, 1);
  g_assert_cmpint (json_array_get_int_element (servers, 0), ==, 1);
}

static void
test_current_plan (void)
{
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (sim_rest (shared, "GET", "/api/v2/core/current_plan", NULL, NULL, 0, TRUE,
                              &root),
                    ==, 200);
  g_assert_cmpstr (sim_json_string (root, "status"), ==, "success");
  g_assert_nonnull (data_object (root));
}

static void
test_auth (void)
{
  const char *routes[][2] = {
    { "GET", "/api/v2/core/current_plan" },
    { "POST", "/api/v2/core/click_to_call" },
    { "GET", "/api/v2/cdr" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", shared->rest_port,
                                              routes[i][1]);
      const char *keys[][2] = {
        { NULL, "1" },                 /* no app-key */
        { "wrong", "1" },              /* wrong app-key */
        { "demo-app-key", NULL },      /* no tenant */
        { "demo-app-key", "7" },       /* wrong tenant */
      };

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          g_autoptr(SoupMessage) msg = soup_message_new (routes[i][0], url);
          g_autoptr(JsonNode) root = NULL;
          SoupMessageHeaders *h = soup_message_get_request_headers (msg);

          if (keys[k][0])
            soup_message_headers_replace (h, "app-key", keys[k][0]);
          if (keys[k][1])
            soup_message_headers_replace (h, "tenant", keys[k][1]);
          g_assert_cmpuint (sim_rest_msg (shared, msg, &root), ==, 401);
          g_assert_cmpstr (sim_json_string (root, "status"), ==, "error");
          g_assert_nonnull (sim_json_string (root, "message"));
        }
    }
}

static void
test_not_found_and_method (void)
{
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(JsonNode) c = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v2/cdr", shared->rest_port);
  g_autoptr(SoupMessage) msg = soup_message_new ("DELETE", url);

  g_assert_cmpuint (sim_rest (shared, "GET", "/api/v2/nothing", NULL, NULL, 0, TRUE, &a), ==, 404);
  g_assert_cmpstr (sim_json_string (a, "status"), ==, "error");
  g_assert_cmpuint (sim_rest (shared, "GET", "/api/v2/core/click_to_call", NULL, NULL, 0, TRUE,
                              &b), ==, 405);
  g_assert_cmpstr (sim_json_string (b, "status"), ==, "error");
  g_assert_cmpuint (sim_rest_msg (shared, msg, &c), ==, 405);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Allow"),
                   ==, "GET");
}

static void
test_click_to_call_forms (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/api/v2/core/click_to_call",
                                          shared->rest_port);
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root2 = NULL;
  g_autoptr(JsonNode) root3 = NULL;
  JsonObject *data;

  /* multipart/form-data, as the manual's curl --form */
  soup_multipart_append_form_string (multipart, "caller", "0101");
  soup_multipart_append_form_string (multipart, "callee", "0216682471");
  soup_multipart_append_form_string (multipart, "cos_id", "1");
  soup_multipart_append_form_string (multipart, "cid_name", "주식회사 얼썬팩토리");
  soup_multipart_append_form_string (multipart, "cid_number", "16682471");
  msg = soup_message_new_from_multipart (url, multipart);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "app-key", "demo-app-key");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "tenant", "1");
  g_assert_cmpuint (sim_rest_msg (shared, msg, &root), ==, 200);
  g_assert_cmpstr (sim_json_string (root, "status"), ==, "success");
  data = data_object (root);
  g_assert_cmpstr (json_object_get_string_member (data, "caller"), ==, "0101");
  g_assert_nonnull (json_object_get_string_member (data, "linkedid"));

  /* urlencoded */
  g_assert_cmpuint (sim_rest (shared, "POST", "/api/v2/core/click_to_call",
                              "application/x-www-form-urlencoded",
                              "caller=0102&callee=0216682471&cos_id=1", -1, TRUE, &root2), ==, 200);

  /* JSON with variables */
  g_assert_cmpuint (sim_rest (shared, "POST", "/api/v2/core/click_to_call", "application/json",
                              "{\"caller\":\"0104\",\"callee\":\"01012345678\",\"cos_id\":1,"
                              "\"variables\":{\"CHANNEL(language)\":\"ko\"}}",
                              -1, TRUE, &root3), ==, 200);
}

static void
check_field (const char *content_type,
             const char *body,
             guint       status,
             const char *field)
{
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (sim_rest (shared, "POST", "/api/v2/core/click_to_call", content_type, body, -1,
                              TRUE, &root), ==, status);
  g_assert_cmpstr (sim_json_string (root, "status"), ==, "error");
  if (field != NULL)
    {
      g_assert_cmpstr (field_of (root), ==, field);
      g_assert_true (g_str_has_prefix (sim_json_string (root, "message"), field));
    }
}

static void
test_click_to_call_errors (void)
{
  const char *form = "application/x-www-form-urlencoded";
  const char *json = "application/json";

  check_field (form, "callee=0216682471&cos_id=1", 400, "caller");
  check_field (form, "caller=01a1&callee=0216682471&cos_id=1", 400, "caller");
  check_field (form, "caller=0999&callee=0216682471&cos_id=1", 400, "caller");
  check_field (form, "caller=0101&cos_id=1", 400, "callee");
  check_field (form, "caller=0101&callee=abc&cos_id=1", 400, "callee");
  check_field (form, "caller=0101&callee=0216682471", 400, "cos_id");
  check_field (form, "caller=0101&callee=0216682471&cos_id=zero", 400, "cos_id");
  check_field (form, "caller=0101&callee=0216682471&cos_id=1&cid_number=12ab", 400, "cid_number");
  check_field (json,
               "{\"caller\":\"0101\",\"callee\":\"0216682471\",\"cos_id\":1,"
               "\"cid_name\":\"a\\r\\nEvent: x\"}",
               400, "cid_name");
  check_field (json,
               "{\"caller\":\"0101\",\"callee\":\"0216682471\",\"cos_id\":1,\"variables\":[1]}",
               400, "variables");
  check_field (json, "{not json", 400, NULL);
  check_field ("text/plain", "caller=0101", 415, NULL);
}

static const char *
row_str (JsonArray  *rows,
         guint       i,
         const char *field)
{
  return json_object_get_string_member (json_array_get_object_element (rows, i), field);
}

static gint64
row_int (JsonArray  *rows,
         guint       i,
         const char *field)
{
  return json_object_get_int_member (json_array_get_object_element (rows, i), field);
}

static JsonObject *
cdr (const char  *query,
     JsonNode   **keep)
{
  g_autofree char *path = g_strdup_printf ("/api/v2/cdr%s%s", query ? "?" : "", query ? query : "");

  g_assert_cmpuint (sim_rest (shared, "GET", path, NULL, NULL, 0, TRUE, keep), ==, 200);
  return data_object (*keep);
}

static JsonArray *
rows_of (JsonObject *data)
{
  return json_object_get_array_member (data, "rows");
}

static void
test_cdr_default (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *data = cdr (NULL, &root);
  JsonArray *rows = rows_of (data);
  JsonObject *row;

  g_assert_cmpint (json_object_get_int_member (data, "total"), >, 300);
  g_assert_cmpuint (json_array_get_length (rows), ==, json_object_get_int_member (data, "total"));
  row = json_array_get_object_element (rows, 0);
  for (const char * const *f = (const char * const[]) { "calldate", "clid", "source", "destination",
                                                        "duration", "billsec", "disposition",
                                                        "calltype", "uniqueid", "linkedid",
                                                        "recfile", NULL }; *f; f++)
    g_assert_true (json_object_has_member (row, *f));
  /* newest first by default */
  g_assert_cmpstr (json_object_get_string_member (row, "calldate"), >=,
                   json_object_get_string_member (json_array_get_object_element (rows, 1),
                                                  "calldate"));
}

static void
test_cdr_filters (void)
{
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) r4 = NULL;
  g_autoptr(JsonNode) r5 = NULL;
  JsonArray *rows;
  gint64 mid = 1795500000 - 10 * 86400;

  /* extensions: source or destination */
  rows = rows_of (cdr ("extensions=0101,0102", &r1));
  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *s = json_object_get_string_member (row, "source");
      const char *d = json_object_get_string_member (row, "destination");

      g_assert_true (g_str_equal (s, "0101") || g_str_equal (s, "0102") ||
                     g_str_equal (d, "0101") || g_str_equal (d, "0102"));
    }

  /* calltype */
  rows = rows_of (cdr ("calltype=2", &r2));
  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, i),
                                                 "calltype"), ==, 2);

  /* date range: every uniqueid starts with its unix time */
  {
    g_autofree char *q = g_strdup_printf ("start_date=%" G_GINT64_FORMAT
                                          "&end_date=%" G_GINT64_FORMAT "&order_type=asc",
                                          mid, mid + 86400 * 3);
    rows = rows_of (cdr (q, &r3));
    g_assert_cmpuint (json_array_get_length (rows), >, 0);
    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        gint64 t = g_ascii_strtoll (row_str (rows, i, "uniqueid"), NULL, 10);
        g_assert_cmpint (t, >=, mid);
        g_assert_cmpint (t, <=, mid + 86400 * 3);
        if (i > 0)
          g_assert_cmpint (t, >=, g_ascii_strtoll (json_object_get_string_member (
                              json_array_get_object_element (rows, i - 1), "uniqueid"), NULL, 10));
      }
  }

  /* search in chosen fields, case-insensitive */
  rows = rows_of (cdr ("search=answered&search_fields=disposition,source,destination", &r4));
  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, i),
                                                    "disposition"), ==, "ANSWERED");

  /* search by uniqueid in recfile: exactly that call */
  {
    JsonObject *first = json_array_get_object_element (rows, 0);
    g_autofree char *q = g_strdup_printf ("search=%s&search_fields=recfile",
                                          json_object_get_string_member (first, "uniqueid"));
    rows = rows_of (cdr (q, &r5));
    g_assert_cmpuint (json_array_get_length (rows), >=, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0),
                                                    "uniqueid"),
                     ==, json_object_get_string_member (first, "uniqueid"));
  }
}

static void
test_cdr_paging_and_order (void)
{
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) p1 = NULL;
  g_autoptr(JsonNode) p2 = NULL;
  g_autoptr(JsonNode) asc = NULL;
  JsonArray *every = rows_of (cdr ("order_by=calldate&order_type=desc", &all));
  JsonObject *d1 = cdr ("limit=0,5&order_by=calldate&order_type=desc", &p1);
  JsonObject *d2 = cdr ("limit=5,5&order_by=calldate&order_type=desc", &p2);
  JsonArray *by_duration = rows_of (cdr ("order_by=duration&order_type=asc", &asc));

  g_assert_cmpint (json_object_get_int_member (d1, "total"), ==, json_array_get_length (every));
  g_assert_cmpuint (json_array_get_length (rows_of (d1)), ==, 5);
  g_assert_cmpuint (json_array_get_length (rows_of (d2)), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpstr (row_str (rows_of (d1), i, "uniqueid"), ==, row_str (every, i, "uniqueid"));
      g_assert_cmpstr (row_str (rows_of (d2), i, "uniqueid"), ==,
                       row_str (every, 5 + i, "uniqueid"));
    }
  for (guint i = 1; i < json_array_get_length (by_duration); i++)
    g_assert_cmpint (row_int (by_duration, i - 1, "duration"), <=,
                     row_int (by_duration, i, "duration"));
}

static void
test_cdr_call_history (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows = rows_of (cdr ("extensions=0101,0102&call_history=yes", &root));

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *s = json_object_get_string_member (row, "source");
      const char *d = json_object_get_string_member (row, "destination");

      g_assert_true ((g_str_equal (s, "0101") && g_str_equal (d, "0102")) ||
                     (g_str_equal (s, "0102") && g_str_equal (d, "0101")));
    }
}

static void
test_cdr_errors (void)
{
  const char *cases[][2] = {
    { "extensions=01a", "extensions" },
    { "calltype=5", "calltype" },
    { "calltype=1,x", "calltype" },
    { "start_date=yesterday", "start_date" },
    { "end_date=-5", "end_date" },
    { "start_date=200&end_date=100", "end_date" },
    { "limit=a,b", "limit" },
    { "limit=0,5,6", "limit" },
    { "order_by=password", "order_by" },
    { "order_type=sideways", "order_type" },
    { "search=x&search_fields=secret", "search_fields" },
    { "call_history=maybe", "call_history" },
    { "extensions=0101&call_history=yes", "extensions" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v2/cdr?%s", cases[i][0]);
      g_autoptr(JsonNode) root = NULL;

      g_assert_cmpuint (sim_rest (shared, "GET", path, NULL, NULL, 0, TRUE, &root), ==, 400);
      g_assert_cmpstr (field_of (root), ==, cases[i][1]);
    }
}

static char *
all_cdr_text (Sim *sim)
{
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (sim_rest (sim, "GET", "/api/v2/cdr?order_type=asc", NULL, NULL, 0, TRUE,
                              &root), ==, 200);
  return json_to_string (root, FALSE);
}

static void
test_cdr_deterministic (void)
{
  Sim *a = sim_start (EPOCH, "--seed=7", NULL);
  Sim *b = sim_start (EPOCH, "--seed=7", NULL);
  Sim *c = sim_start (EPOCH, "--seed=8", NULL);
  g_autofree char *ta = all_cdr_text (a);
  g_autofree char *tb = all_cdr_text (b);
  g_autofree char *tc = all_cdr_text (c);

  g_assert_cmpstr (ta, ==, tb);
  g_assert_cmpstr (ta, !=, tc);
  sim_stop (a);
  sim_stop (b);
  sim_stop (c);
}

typedef struct {
  Sim        *sim;
  const char *linkedid;
} CdrWait;

static gboolean
cdr_has_linkedid (gpointer data)
{
  CdrWait *w = data;
  g_autofree char *path = g_strdup_printf ("/api/v2/cdr?search=%s&search_fields=linkedid",
                                           w->linkedid);
  g_autoptr(JsonNode) root = NULL;

  sim_rest (w->sim, "GET", path, NULL, NULL, 0, TRUE, &root);
  return json_object_get_int_member (data_object (root), "total") > 0;
}

static void
test_control_routes (void)
{
  g_autoptr(JsonNode) r1 = NULL;
  g_autoptr(JsonNode) r2 = NULL;
  g_autoptr(JsonNode) r3 = NULL;
  g_autoptr(JsonNode) r4 = NULL;
  g_autofree char *linkedid = NULL;
  CdrWait w;

  /* guarded by the app-key */
  g_assert_cmpuint (sim_rest (shared, "POST", "/sim/incoming", "application/json",
                              "{\"caller\":\"01012345678\",\"to\":\"0101\"}",
                              -1, FALSE, &r1), ==, 401);
  g_assert_cmpuint (sim_rest (shared, "POST", "/sim/incoming", "application/json",
                              "{\"caller\":\"01012345678\",\"to\":\"0999\"}",
                              -1, TRUE, &r2), ==, 400);
  g_assert_cmpstr (field_of (r2), ==, "to");
  g_assert_cmpuint (sim_rest (shared, "POST", "/sim/device", "application/json",
                              "{\"extension\":\"0103\",\"state\":\"bogus\"}",
                              -1, TRUE, &r3), ==, 400);
  g_assert_cmpstr (field_of (r3), ==, "state");
  g_assert_cmpuint (sim_rest (shared, "GET", "/sim/incoming", NULL, NULL, 0, TRUE, &r4), ==, 405);

  /* an answered incoming call ends in the CDR */
  linkedid = sim_inject (shared, "{\"caller\":\"01099998888\",\"name\":\"홍길동\",\"to\":\"0105\","
                                 "\"answer_after\":100,\"hangup_after\":200}");
  w.sim = shared;
  w.linkedid = linkedid;
  g_assert_true (sim_wait_until (cdr_has_linkedid, &w, SIM_TIMEOUT));
}

static void
test_ring_all_errors (void)
{
  static const struct {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"caller\":\"0299998888\",\"to\":[\"0101\",\"0102\"],\"answered_by\":\"0105\"}",
      "answered_by" },
    { "{\"caller\":\"0299998888\",\"to\":\"0101\",\"answered_by\":\"0102\"}", "answered_by" },
    { "{\"caller\":\"0299998888\",\"to\":[\"0101\",\"0999\"],\"answered_by\":\"0101\"}", "to" },
    { "{\"caller\":\"0299998888\",\"to\":[\"0999\",\"0101\"]}", "to" },
    { "{\"caller\":\"0299998888\",\"to\":[]}", "to" },
    { "{\"caller\":\"0299998888\",\"to\":[\"0101\",\"0101\"]}", "to" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = NULL;

      g_assert_cmpuint (sim_rest (shared, "POST", "/sim/incoming", "application/json",
                                  cases[i].body, -1, TRUE, &root), ==, 400);
      g_assert_cmpstr (field_of (root), ==, cases[i].field);
      g_assert_true (g_str_has_prefix (sim_json_string (root, "message"), cases[i].field));
    }
}

static void
test_click_to_call_cdr (void)
{
  g_autoptr(JsonNode) root = NULL;
  CdrWait w;

  g_assert_cmpuint (sim_rest (shared, "POST", "/api/v2/core/click_to_call", "application/json",
                              "{\"caller\":\"0108\",\"callee\":\"0317771234\","
                              "\"cos_id\":\"1\"}", -1, TRUE, &root), ==, 200);
  w.sim = shared;
  w.linkedid = json_object_get_string_member (data_object (root), "linkedid");
  g_assert_true (sim_wait_until (cdr_has_linkedid, &w, SIM_TIMEOUT));
}

static void
test_inject_subcommand (void)
{
  g_autofree char *port = g_strdup_printf ("%u", shared->rest_port);
  const char *argv[] = {
    g_getenv ("DIPCC_PBX_SIM"), "inject", "--rest-port", port, "--caller", "01012345678",
    "--name", "홍길동", "--to", "0101", "--answer-after", "100", "--hangup-after", "100", NULL
  };
  const char *bad_host[] = {
    g_getenv ("DIPCC_PBX_SIM"), "inject", "--host", "192.0.2.1", "--rest-port", port,
    "--caller", "1", "--to", "0101", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_autoptr(GSubprocess) q = NULL;

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (p, NULL, &error));
  g_assert_no_error (error);

  /* never anything but loopback */
  q = g_subprocess_newv (bad_host, G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_wait (q, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (q), ==, 2);
}

static void
test_world_file (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("sim-world-XXXXXX.json", &path, &error);
  const char *world = "{\"tenant\":\"7be69580e27641df\",\"app_key\":\"k2\",\"servers\":[3,4],"
                      "\"cdr_shape\":\"array\","
                      "\"endpoints\":[{\"extension\":\"2001\",\"name\":\"A\"}]}";
  g_autofree char *arg = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonNode) root = NULL;
  Sim *sim;
  JsonArray *servers;
  JsonNode *data;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, world, -1, &error));
  close (fd);
  arg = g_strdup_printf ("--world=%s", path);
  sim = sim_start (arg, NULL);
  servers = json_object_get_array_member (json_node_get_object (sim->ready), "servers");
  g_assert_cmpuint (json_array_get_length (servers), ==, 2);
  g_assert_cmpint (json_array_get_int_element (servers, 1), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (sim->ready), "app_key"),
                   ==, "k2");

  url = g_strdup_printf ("http://127.0.0.1:%u/api/v2/cdr?limit=3", sim->rest_port);
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "app-key", "k2");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "tenant",
                                "7be69580e27641df");
  g_assert_cmpuint (sim_rest_msg (sim, msg, &root), ==, 200);
  data = json_object_get_member (json_node_get_object (root), "data");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (data));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (data)), ==, 3);
  sim_stop (sim);
  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  shared = sim_start (EPOCH, NULL);

  g_test_add_func ("/sim/rest/ready-line", test_ready_line);
  g_test_add_func ("/sim/rest/current-plan", test_current_plan);
  g_test_add_func ("/sim/rest/auth", test_auth);
  g_test_add_func ("/sim/rest/not-found-and-method", test_not_found_and_method);
  g_test_add_func ("/sim/rest/click-to-call/forms", test_click_to_call_forms);
  g_test_add_func ("/sim/rest/click-to-call/errors", test_click_to_call_errors);
  g_test_add_func ("/sim/rest/click-to-call/cdr", test_click_to_call_cdr);
  g_test_add_func ("/sim/rest/cdr/default", test_cdr_default);
  g_test_add_func ("/sim/rest/cdr/filters", test_cdr_filters);
  g_test_add_func ("/sim/rest/cdr/paging-and-order", test_cdr_paging_and_order);
  g_test_add_func ("/sim/rest/cdr/call-history", test_cdr_call_history);
  g_test_add_func ("/sim/rest/cdr/errors", test_cdr_errors);
  g_test_add_func ("/sim/rest/cdr/deterministic", test_cdr_deterministic);
  g_test_add_func ("/sim/rest/control", test_control_routes);
  g_test_add_func ("/sim/rest/ring-all/errors", test_ring_all_errors);
  g_test_add_func ("/sim/rest/inject-subcommand", test_inject_subcommand);
  g_test_add_func ("/sim/rest/world-file", test_world_file);

  ret = g_test_run ();
  sim_stop (shared);
  return ret;
}
