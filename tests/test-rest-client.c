/* test-rest-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dipcc-cdr-query.h"
#include "dipcc-error.h"
#include "dipcc-rest-client.h"
#include "dipcc-tls-pin.h"

/* Every wait in this file gives up after this long and fails the test. */
#define WAIT_TIMEOUT_SECONDS 10

#define APP_KEY "test-key-SECRET-7f3a9c"
#define TENANT  "7be69580e27641df"

/* ---- a resolver that never leaves the process --------------------------- */

/* Host names in these tests end in `.invalid`; this resolver fails every
 * look-up at once, so a DNS failure is tested without any DNS traffic. */
#define FAKE_TYPE_RESOLVER (fake_resolver_get_type ())
G_DECLARE_FINAL_TYPE (FakeResolver, fake_resolver, FAKE, RESOLVER, GResolver)

struct _FakeResolver
{
  GResolver parent_instance;
};

G_DEFINE_FINAL_TYPE (FakeResolver, fake_resolver, G_TYPE_RESOLVER)

static GList *
fake_lookup_by_name (GResolver     *resolver,
                     const char    *hostname,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
               "Error resolving “%s”: Name or service not known (test resolver)", hostname);
  return NULL;
}

static void
fake_lookup_by_name_async (GResolver           *resolver,
                           const char          *hostname,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "Error resolving “%s”: Name or service not known (test resolver)",
                           hostname);
}

static GList *
fake_lookup_by_name_finish (GResolver     *resolver,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
fake_lookup_by_name_with_flags (GResolver                 *resolver,
                                const char                *hostname,
                                GResolverNameLookupFlags   flags,
                                GCancellable              *cancellable,
                                GError                   **error)
{
  return fake_lookup_by_name (resolver, hostname, cancellable, error);
}

static void
fake_lookup_by_name_with_flags_async (GResolver                *resolver,
                                      const char               *hostname,
                                      GResolverNameLookupFlags  flags,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  fake_lookup_by_name_async (resolver, hostname, cancellable, callback, user_data);
}

static void
fake_resolver_class_init (FakeResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = fake_lookup_by_name;
  resolver_class->lookup_by_name_async = fake_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = fake_lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = fake_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = fake_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = fake_lookup_by_name_finish;
}

static void
fake_resolver_init (FakeResolver *self)
{
}

/* ---- waiting ------------------------------------------------------------ */

static gboolean
on_wait_timeout (gpointer user_data)
{
  g_error ("Timed out after %d s waiting for %s", WAIT_TIMEOUT_SECONDS,
           (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
wait_for (gboolean   *done,
          const char *what)
{
  guint timeout_id = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, on_wait_timeout,
                                            (gpointer) what);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
}

typedef struct {
  gboolean      done;
  GAsyncResult *result;
} AsyncResult;

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->result = g_object_ref (result);
  r->done = TRUE;
}

/* ---- the fake PBX -------------------------------------------------------- */

typedef enum {
  MODE_OK,
  MODE_STATUS_401,
  MODE_STATUS_403,
  MODE_STATUS_404_EMPTY,
  MODE_STATUS_500_ENVELOPE,
  MODE_STATUS_ERROR_IN_200,
  MODE_INVALID_JSON,
  MODE_ECHO_KEY_500,
  MODE_ECHO_KEY_INVALID_JSON,
  MODE_ECHO_KEY_STATUS_ERROR,
  MODE_PAUSE,
} Mode;

typedef struct {
  SoupServer        *server;
  char              *base_url;
  DipccRestClient   *client;
  Mode               mode;

  /* What the last request carried */
  guint              n_requests;
  char              *path;
  char              *query;
  char              *app_key;
  char              *tenant;
  char              *user_agent;
  char              *content_type;
  GHashTable        *fields;
  GHashTable        *variables;

  SoupServerMessage *paused;
} Fixture;

static void
record_multipart (Fixture           *fixture,
                  SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  SoupMultipart *multipart =
    soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), bytes);
  int i;

  g_assert_nonnull (multipart);
  for (i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *headers = NULL;
      GBytes *part = NULL;
      g_autoptr(GHashTable) params = NULL;
      gsize len;
      const char *data;

      g_assert_true (soup_multipart_get_part (multipart, i, &headers, &part));
      g_assert_true (soup_message_headers_get_content_disposition (headers, NULL, &params));
      data = g_bytes_get_data (part, &len);
      g_hash_table_insert (fixture->fields, g_strdup (g_hash_table_lookup (params, "name")),
                           g_strndup (data, len));
    }
  soup_multipart_free (multipart);
}

static void
record_json (Fixture           *fixture,
             SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  GList *l;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (l = members; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *variables = json_node_get_object (node);
          g_autoptr(GList) names = json_object_get_members (variables);
          GList *v;

          g_assert_cmpstr (l->data, ==, "variables");
          for (v = names; v; v = v->next)
            g_hash_table_insert (fixture->variables, g_strdup (v->data),
                                 g_strdup (json_object_get_string_member (variables, v->data)));
        }
      else
        {
          /* Every field is sent as a JSON string. */
          g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
          g_hash_table_insert (fixture->fields, g_strdup (l->data),
                               g_strdup (json_node_get_string (node)));
        }
    }
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static const char cdr_body[] =
  "{\"status\":\"success\",\"data\":{\"rows\":["
  "{\"calldate\":\"2020-10-28 01:40:22\",\"src\":\"0164\",\"dst\":\"0216682471\","
  "\"duration\":\"64\",\"billsec\":58,\"disposition\":\"ANSWERED\",\"calltype\":3,"
  "\"uniqueid\":\"1603849222.51437\"},"
  "\"not a row\","
  "{\"calldate\":1603849300,\"source\":\"1001\",\"destination\":\"0164\","
  "\"disposition\":\"NO ANSWER\",\"calltype\":\"1\"}],\"total\":57}}";

static void
server_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type;

  fixture->n_requests++;
  g_free (fixture->path);
  fixture->path = g_strdup (path);
  g_free (fixture->query);
  fixture->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  g_free (fixture->app_key);
  fixture->app_key = g_strdup (soup_message_headers_get_one (headers, "app-key"));
  g_free (fixture->tenant);
  fixture->tenant = g_strdup (soup_message_headers_get_one (headers, "tenant"));
  g_free (fixture->user_agent);
  fixture->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  content_type = soup_message_headers_get_content_type (headers, NULL);
  g_free (fixture->content_type);
  fixture->content_type = g_strdup (content_type);

  if (g_strcmp0 (content_type, "multipart/form-data") == 0)
    record_multipart (fixture, msg);
  else if (g_strcmp0 (content_type, "application/json") == 0)
    record_json (fixture, msg);

  if (g_strcmp0 (fixture->app_key, APP_KEY) != 0 || g_strcmp0 (fixture->tenant, TENANT) != 0)
    {
      respond (msg, SOUP_STATUS_UNAUTHORIZED,
               "{\"status\":\"error\",\"message\":\"Unauthorized\"}");
      return;
    }

  switch (fixture->mode)
    {
    case MODE_OK:
      if (g_str_equal (path, "/api/v2/core/current_plan"))
        respond (msg, SOUP_STATUS_OK,
                 "{\"status\":\"success\",\"message\":\"\",\"data\":"
                 "{\"plan\":\"enterprise\",\"extensions\":500}}");
      else if (g_str_equal (path, "/api/v2/core/click_to_call"))
        respond (msg, SOUP_STATUS_OK,
                 "{\"status\":\"success\",\"message\":\"Call originated\"}");
      else if (g_str_equal (path, "/api/v2/cdr"))
        respond (msg, SOUP_STATUS_OK, cdr_body);
      else
        respond (msg, SOUP_STATUS_NOT_FOUND, "");
      break;

    case MODE_STATUS_401:
      respond (msg, SOUP_STATUS_UNAUTHORIZED, "{\"status\":\"error\",\"message\":\"nope\"}");
      break;

    case MODE_STATUS_403:
      respond (msg, SOUP_STATUS_FORBIDDEN, "");
      break;

    case MODE_STATUS_404_EMPTY:
      respond (msg, SOUP_STATUS_NOT_FOUND, "");
      break;

    case MODE_STATUS_500_ENVELOPE:
      respond (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
               "{\"status\":\"error\",\"message\":\"Database is down\"}");
      break;

    case MODE_STATUS_ERROR_IN_200:
      respond (msg, SOUP_STATUS_OK,
               "{\"status\":\"error\",\"message\":\"Extension 0164 is not registered\"}");
      break;

    case MODE_INVALID_JSON:
      respond (msg, SOUP_STATUS_OK,
               "<html>\r\n<head><title>Welcome to nginx!</title></head>\r\n<body>"
               "If you see this page, the nginx web server is successfully installed"
               "</body></html>");
      break;

    case MODE_ECHO_KEY_500:
      respond (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
               "{\"status\":\"error\",\"message\":\"Key " APP_KEY " over quota\"}");
      break;

    case MODE_ECHO_KEY_INVALID_JSON:
      respond (msg, SOUP_STATUS_OK, "key=" APP_KEY " <html>");
      break;

    case MODE_ECHO_KEY_STATUS_ERROR:
      respond (msg, SOUP_STATUS_OK,
               "{\"status\":\"error\",\"message\":\"" APP_KEY "\"}");
      break;

    case MODE_PAUSE:
    default:
      g_assert_null (fixture->paused);
      fixture->paused = g_object_ref (msg);
      soup_server_message_pause (msg);
      break;
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  memset (fixture, 0, sizeof *fixture);
  fixture->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fixture->variables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_handler, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  fixture->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fixture->client = dipcc_rest_client_new (fixture->base_url, TENANT, APP_KEY);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->client);

  if (fixture->paused != NULL)
    {
      respond (fixture->paused, SOUP_STATUS_OK, "{}");
      soup_server_message_unpause (fixture->paused);
      g_clear_object (&fixture->paused);
    }
  soup_server_disconnect (fixture->server);
  g_assert_finalize_object (fixture->server);

  g_free (fixture->base_url);
  g_free (fixture->path);
  g_free (fixture->query);
  g_free (fixture->app_key);
  g_free (fixture->tenant);
  g_free (fixture->user_agent);
  g_free (fixture->content_type);
  g_hash_table_unref (fixture->fields);
  g_hash_table_unref (fixture->variables);
}

/* ---- calls --------------------------------------------------------------- */

static JsonNode *
current_plan (DipccRestClient  *client,
              GCancellable     *cancellable,
              gint64           *round_trip_us,
              GError          **error)
{
  AsyncResult r = { 0, };
  JsonNode *node;

  dipcc_rest_client_current_plan_async (client, cancellable, on_async_done, &r);
  wait_for (&r.done, "current_plan");
  node = dipcc_rest_client_current_plan_finish (client, r.result, round_trip_us, error);
  g_object_unref (r.result);
  return node;
}

static gboolean
click_to_call (DipccRestClient  *client,
               const char       *caller,
               const char       *callee,
               const char       *cos_id,
               const char       *cid_name,
               const char       *cid_number,
               GHashTable       *variables,
               gboolean          as_json,
               GError          **error)
{
  AsyncResult r = { 0, };
  gboolean ok;

  dipcc_rest_client_click_to_call_async (client, caller, callee, cos_id, cid_name, cid_number,
                                         variables, as_json, NULL, on_async_done, &r);
  wait_for (&r.done, "click_to_call");
  ok = dipcc_rest_client_click_to_call_finish (client, r.result, error);
  g_object_unref (r.result);
  return ok;
}

static void
on_task_finalized (gpointer  data,
                   GObject  *where_the_object_was)
{
  g_atomic_int_set ((int *) data, TRUE);
}

/* A task run in a thread is released by the worker thread a moment after
 * its callback ran; the client it holds must be gone before the test ends. */
static void
unref_and_wait_for_finalize (GObject *object)
{
  int finalized = FALSE;
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  g_object_weak_ref (object, on_task_finalized, &finalized);
  g_object_unref (object);
  while (!g_atomic_int_get (&finalized))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for a task to be released");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static GPtrArray *
cdr_query (DipccRestClient      *client,
           const DipccCdrQuery  *query,
           guint                *total,
           guint                *n_skipped,
           GError              **error)
{
  AsyncResult r = { 0, };
  GPtrArray *records;

  dipcc_rest_client_cdr_query_async (client, query, NULL, on_async_done, &r);
  wait_for (&r.done, "cdr");
  records = dipcc_rest_client_cdr_query_finish (client, r.result, total, n_skipped, error);
  unref_and_wait_for_finalize (G_OBJECT (r.result));
  return records;
}

static void
assert_key_not_in (const GError *error)
{
  g_assert_nonnull (error);
  g_test_message ("error: %s", error->message);
  g_assert_null (strstr (error->message, APP_KEY));
  /* Not even a good part of it. */
  g_assert_null (strstr (error->message, "SECRET-7f3a"));
}

/* ---- tests --------------------------------------------------------------- */

static void
test_current_plan (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  gint64 round_trip_us = -1;
  JsonObject *object;

  data = current_plan (fixture->client, NULL, &round_trip_us, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (data));
  object = json_node_get_object (data);
  g_assert_cmpstr (json_object_get_string_member (object, "plan"), ==, "enterprise");
  g_assert_cmpint (json_object_get_int_member (object, "extensions"), ==, 500);
  g_assert_cmpint (round_trip_us, >, 0);
  g_assert_cmpint (round_trip_us, <, WAIT_TIMEOUT_SECONDS * G_USEC_PER_SEC);

  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_assert_cmpstr (fixture->path, ==, "/api/v2/core/current_plan");
  g_assert_cmpstr (fixture->app_key, ==, APP_KEY);
  g_assert_cmpstr (fixture->tenant, ==, TENANT);
  g_assert_cmpstr (fixture->user_agent, ==, "dipcc-companion/" PACKAGE_VERSION);
}

/* A trailing slash in the address, or a path prefix, still works. */
static void
test_base_url_forms (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *with_slash = g_strconcat (fixture->base_url, "//", NULL);
  g_autofree char *with_prefix = g_strconcat (fixture->base_url, "/pbx/", NULL);

  dipcc_rest_client_set_base_url (fixture->client, with_slash);
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fixture->path, ==, "/api/v2/core/current_plan");
  g_clear_pointer (&data, json_node_unref);

  dipcc_rest_client_set_base_url (fixture->client, with_prefix);
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_nonnull (error);
  g_assert_cmpstr (fixture->path, ==, "/pbx/api/v2/core/current_plan");
}

static void
test_click_to_call_multipart (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (click_to_call (fixture->client, "0164", "02-1668-2471", "1",
                                "주식회사 얼썬팩토리", "1668 2471", NULL, FALSE, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_assert_cmpstr (fixture->path, ==, "/api/v2/core/click_to_call");
  g_assert_cmpstr (fixture->content_type, ==, "multipart/form-data");
  g_assert_cmpstr (fixture->app_key, ==, APP_KEY);
  g_assert_cmpstr (fixture->tenant, ==, TENANT);
  g_assert_cmpuint (g_hash_table_size (fixture->fields), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (fixture->fields, "caller"), ==, "0164");
  /* Numbers are sent normalized. */
  g_assert_cmpstr (g_hash_table_lookup (fixture->fields, "callee"), ==, "0216682471");
  g_assert_cmpstr (g_hash_table_lookup (fixture->fields, "cos_id"), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (fixture->fields, "cid_name"), ==,
                   "주식회사 얼썬팩토리");
  g_assert_cmpstr (g_hash_table_lookup (fixture->fields, "cid_number"), ==, "16682471");
}

/* Optional fields that are NULL or empty are not sent at all. */
static void
test_click_to_call_optional_fields (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (click_to_call (fixture->client, "0164", "0216682471", "1", "", NULL,
                                NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (fixture->fields), ==, 3);
  g_assert_false (g_hash_table_contains (fixture->fields, "cid_name"));
  g_assert_false (g_hash_table_contains (fixture->fields, "cid_number"));
}

static void
test_click_to_call_json (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (click_to_call (fixture->client, "0164", "+82 10-1234-5678", "12",
                                "얼썬", NULL, NULL, TRUE, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (fixture->content_type, ==, "application/json");
  g_assert_cmpuint (g_hash_table_size (fixture->fields), ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (fixture->fields, "caller"), ==, "0164");
  g_assert_cmpstr (g_hash_table_lookup (fixture->fields, "callee"), ==, "+821012345678");
  g_assert_cmpstr (g_hash_table_lookup (fixture->fields, "cos_id"), ==, "12");
  g_assert_cmpstr (g_hash_table_lookup (fixture->fields, "cid_name"), ==, "얼썬");
  g_assert_cmpuint (g_hash_table_size (fixture->variables), ==, 0);
}

/* Variables need a JSON body, even when a form was asked for. */
static void
test_click_to_call_variables (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) variables = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (variables, "CHANNEL(language)", "ko");
  g_hash_table_insert (variables, "CRM_TICKET", "A-1234 \"quoted\" & more");

  g_assert_true (click_to_call (fixture->client, "0164", "0216682471", "1", NULL, NULL,
                                variables, FALSE, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (fixture->content_type, ==, "application/json");
  g_assert_cmpuint (g_hash_table_size (fixture->fields), ==, 3);
  g_assert_cmpuint (g_hash_table_size (fixture->variables), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (fixture->variables, "CHANNEL(language)"), ==, "ko");
  g_assert_cmpstr (g_hash_table_lookup (fixture->variables, "CRM_TICKET"), ==,
                   "A-1234 \"quoted\" & more");
}

/* Nothing reaches the server when a field is refused; the error names it. */
static void
test_click_to_call_invalid_input (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  static const struct {
    const char *caller;
    const char *callee;
    const char *cos_id;
    const char *cid_name;
    const char *cid_number;
    const char *var_name;
    const char *var_value;
    const char *in_message;
  } cases[] = {
    { "0164\r\nAction: Originate", "0216682471", "1", NULL, NULL, NULL, NULL, "Caller" },
    { "", "0216682471", "1", NULL, NULL, NULL, NULL, "Caller" },
    { "0164", "abc", "1", NULL, NULL, NULL, NULL, "Callee" },
    { "0164", "0216682471\n", "1", NULL, NULL, NULL, NULL, "Callee" },
    { "0164", "0216682471", "1a", NULL, NULL, NULL, NULL, "cos_id" },
    { "0164", "0216682471", "", NULL, NULL, NULL, NULL, "cos_id" },
    { "0164", "0216682471", "1\r\n", NULL, NULL, NULL, NULL, "cos_id" },
    { "0164", "0216682471", "1234567890", NULL, NULL, NULL, NULL, "cos_id" },
    { "0164", "0216682471", "1", "Kim\r\nAction: Hangup", NULL, NULL, NULL, "cid_name" },
    { "0164", "0216682471", "1", "Kim", "1668\n2471", NULL, NULL, "cid_number" },
    { "0164", "0216682471", "1", NULL, NULL, "LANG\r\nX", "ko", "variables" },
    { "0164", "0216682471", "1", NULL, NULL, "", "ko", "variables" },
    { "0164", "0216682471", "1", NULL, NULL, "A=B", "ko", "variables" },
    { "0164", "0216682471", "1", NULL, NULL, "LANG", "ko\r\nAction: x", "variables" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) variables = NULL;

      g_test_message ("case %u", i);
      if (cases[i].var_name != NULL)
        {
          variables = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (variables, (char *) cases[i].var_name,
                               (char *) cases[i].var_value);
        }

      g_assert_false (click_to_call (fixture->client, cases[i].caller, cases[i].callee,
                                     cases[i].cos_id, cases[i].cid_name, cases[i].cid_number,
                                     variables, i % 2 == 0, &error));
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
      g_assert_null (strpbrk (error->message, "\r\n"));
      assert_key_not_in (error);
    }

  g_assert_cmpuint (fixture->n_requests, ==, 0);
}

static void
test_not_configured (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const char * const bad_urls[] = {
    "", "   ", "pbx.example.com", "ftp://127.0.0.1/", "http://", "http://127.0.0.1/?a=b",
    "http://user:" APP_KEY "@127.0.0.1/", "http://127.0.0.1/\r\nX: y", "http://[::1",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_test_message ("url %u", i);
      dipcc_rest_client_set_base_url (fixture->client, bad_urls[i]);
      data = current_plan (fixture->client, NULL, NULL, &error);
      g_assert_null (data);
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED);
      g_assert_null (strpbrk (error->message, "\r\n"));
      assert_key_not_in (error);
      g_clear_error (&error);
    }

  dipcc_rest_client_set_base_url (fixture->client, NULL);
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);

  /* No app key, or no tenant */
  dipcc_rest_client_set_base_url (fixture->client, fixture->base_url);
  dipcc_rest_client_set_app_key (fixture->client, NULL);
  g_assert_false (dipcc_rest_client_has_app_key (fixture->client));
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "app key"));
  g_clear_error (&error);

  dipcc_rest_client_set_app_key (fixture->client, APP_KEY);
  dipcc_rest_client_set_tenant (fixture->client, "");
  g_assert_false (click_to_call (fixture->client, "0164", "0216682471", "1", NULL, NULL,
                                 NULL, FALSE, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "tenant"));
  g_clear_error (&error);

  /* A key with a line break would be a header injection: refused, unquoted */
  dipcc_rest_client_set_tenant (fixture->client, TENANT);
  dipcc_rest_client_set_app_key (fixture->client, APP_KEY "\r\nX-Evil: 1");
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
  assert_key_not_in (error);
  g_clear_error (&error);

  g_assert_cmpuint (fixture->n_requests, ==, 0);
}

typedef struct {
  Mode        mode;
  int         code;
  const char *in_message;
} ErrorCase;

static void
test_http_errors (Fixture       *fixture,
                  gconstpointer  user_data)
{
  static const ErrorCase cases[] = {
    { MODE_STATUS_401, DIPCC_ERROR_AUTH, "app key or tenant" },
    { MODE_STATUS_403, DIPCC_ERROR_AUTH, "Preferences" },
    { MODE_STATUS_404_EMPTY, DIPCC_ERROR_FAILED, "404" },
    { MODE_STATUS_500_ENVELOPE, DIPCC_ERROR_FAILED, "Database is down" },
    { MODE_STATUS_ERROR_IN_200, DIPCC_ERROR_FAILED, "Extension 0164 is not registered" },
    { MODE_INVALID_JSON, DIPCC_ERROR_PROTOCOL, "Welcome to nginx" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) data = NULL;
      g_autoptr(GPtrArray) records = NULL;

      g_test_message ("mode %d", cases[i].mode);
      fixture->mode = cases[i].mode;

      data = current_plan (fixture->client, NULL, NULL, &error);
      g_assert_null (data);
      g_assert_error (error, DIPCC_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
      g_assert_null (strpbrk (error->message, "\r\n"));
      g_clear_error (&error);

      g_assert_false (click_to_call (fixture->client, "0164", "0216682471", "1", NULL, NULL,
                                     NULL, FALSE, &error));
      g_assert_error (error, DIPCC_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
      g_clear_error (&error);

      records = cdr_query (fixture->client, NULL, NULL, NULL, &error);
      g_assert_null (records);
      g_assert_error (error, DIPCC_ERROR, cases[i].code);
      if (cases[i].mode != MODE_STATUS_ERROR_IN_200)
        g_assert_nonnull (strstr (error->message, cases[i].in_message));
    }

  /* 500 with an envelope quotes the status too */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) data = NULL;

    fixture->mode = MODE_STATUS_500_ENVELOPE;
    data = current_plan (fixture->client, NULL, NULL, &error);
    g_assert_nonnull (strstr (error->message, "500"));
  }

  /* A wrong key as the server sees it */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) data = NULL;

    fixture->mode = MODE_OK;
    dipcc_rest_client_set_app_key (fixture->client, "wrong-key");
    data = current_plan (fixture->client, NULL, NULL, &error);
    g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_AUTH);
    g_assert_cmpstr (fixture->app_key, ==, "wrong-key");
  }
}

/* Invalid JSON is quoted, shortly and on one line. */
static void
test_invalid_json_excerpt (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  const char *open, *close;

  fixture->mode = MODE_INVALID_JSON;
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL);
  open = strstr (error->message, "“");
  close = strstr (error->message, "”");
  g_assert_nonnull (open);
  g_assert_nonnull (close);
  g_assert_cmpint (g_utf8_strlen (open, close - open), <=, 1 + 60 + 1);
  g_assert_null (strstr (error->message, "successfully installed"));
}

/* Even a server that echoes the key never gets it into an error message. */
static void
test_key_never_in_errors (Fixture       *fixture,
                          gconstpointer  user_data)
{
  static const Mode modes[] = {
    MODE_ECHO_KEY_500, MODE_ECHO_KEY_INVALID_JSON, MODE_ECHO_KEY_STATUS_ERROR,
    MODE_STATUS_401, MODE_INVALID_JSON,
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) data = NULL;
      g_autoptr(GPtrArray) records = NULL;

      fixture->mode = modes[i];
      data = current_plan (fixture->client, NULL, NULL, &error);
      assert_key_not_in (error);
      g_clear_error (&error);

      g_assert_false (click_to_call (fixture->client, "0164", "0216682471", "1", NULL, NULL,
                                     NULL, FALSE, &error));
      assert_key_not_in (error);
      g_clear_error (&error);

      records = cdr_query (fixture->client, NULL, NULL, NULL, &error);
      assert_key_not_in (error);
    }

  /* The key cannot be read back through the property either. */
  g_assert_false (g_object_class_find_property (G_OBJECT_GET_CLASS (fixture->client),
                                                "app-key")->flags & G_PARAM_READABLE);
}

/* A port nobody listens on: bound, then closed. */
static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autofree char *host = g_strdup (url + strlen ("http://"));

  dipcc_rest_client_set_base_url (fixture->client, url);
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_assert_nonnull (strstr (error->message, host));
  assert_key_not_in (error);
}

static void
test_dns_failure (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;

  dipcc_rest_client_set_base_url (fixture->client, "https://pbx.dipcc-test.invalid");
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "pbx.dipcc-test.invalid"));
  g_assert_nonnull (strstr (error->message, "could not be found"));
  assert_key_not_in (error);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  gint64 start = g_get_monotonic_time ();

  fixture->mode = MODE_PAUSE;
  dipcc_rest_client_set_timeout (fixture->client, 1);
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_TIMEOUT);
  g_assert_nonnull (fixture->paused);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  assert_key_not_in (error);
}

static gboolean
cancel_when_paused (gpointer user_data)
{
  Fixture *fixture = user_data;
  GCancellable *cancellable = g_object_get_data (G_OBJECT (fixture->client), "cancellable");

  if (fixture->paused == NULL)
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

static void
test_cancellation (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;

  /* Cancelled before it starts: nothing is sent */
  g_cancellable_cancel (cancelled);
  data = current_plan (fixture->client, cancelled, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled while the server holds the request */
  fixture->mode = MODE_PAUSE;
  g_object_set_data (G_OBJECT (fixture->client), "cancellable", cancellable);
  g_timeout_add (10, cancel_when_paused, fixture);
  data = current_plan (fixture->client, cancellable, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (fixture->paused);
  g_object_set_data (G_OBJECT (fixture->client), "cancellable", NULL);
}

/* A self-signed certificate, as many PBXs have: made with openssl. */
static GTlsCertificate *
make_certificate (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *dir = NULL;
  g_autofree char *cert_file = NULL;
  g_autofree char *key_file = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = NULL;
  int status = 0;

  if (openssl == NULL)
    return NULL;

  dir = g_dir_make_tmp ("dipcc-rest-client-XXXXXX", &error);
  g_assert_no_error (error);
  cert_file = g_build_filename (dir, "cert.pem", NULL);
  key_file = g_build_filename (dir, "key.pem", NULL);

  {
    const char *argv[] = {
      openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
      "-keyout", key_file, "-out", cert_file,
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
      "-days", "2", NULL
    };

    if (g_spawn_sync (NULL, (char **) argv, NULL,
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &status, NULL) &&
        g_spawn_check_wait_status (status, NULL))
      certificate = g_tls_certificate_new_from_files (cert_file, key_file, NULL);
  }

  g_unlink (cert_file);
  g_unlink (key_file);
  g_rmdir (dir);
  return certificate;
}

/* A self-signed certificate gives the error that says to pin it; with the
 * pin, the same server is reached. */
static void
test_tls_self_signed (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GTlsCertificate) certificate = make_certificate ();
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *url = NULL;
  g_autofree char *pin = NULL;
  GSList *uris;

  if (certificate == NULL)
    {
      g_test_skip ("openssl could not make a test certificate");
      return;
    }

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, server_handler, fixture, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  dipcc_rest_client_set_base_url (fixture->client, url);
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "pin its fingerprint"));
  assert_key_not_in (error);
  g_assert_cmpuint (fixture->n_requests, ==, 0);
  g_clear_error (&error);

  pin = dipcc_tls_certificate_fingerprint (certificate);
  dipcc_rest_client_set_tls_pin (fixture->client, pin);
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  g_assert_cmpuint (fixture->n_requests, ==, 1);

  /* The client's session is gone before the server. */
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  fixture->client = dipcc_rest_client_new (NULL, NULL, NULL);
  soup_server_disconnect (server);
}

/* Something that does not speak TLS behind an https:// address */
static gboolean
on_plain_incoming (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source_object,
                   gpointer           user_data)
{
  static const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             reply, strlen (reply), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_tls_not_tls (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *url = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_plain_incoming), NULL);
  g_socket_service_start (service);
  url = g_strdup_printf ("https://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  dipcc_rest_client_set_base_url (fixture->client, url);
  data = current_plan (fixture->client, NULL, NULL, &error);
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_TLS);
  assert_key_not_in (error);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_cdr_query (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(DipccCdrQuery) query = dipcc_cdr_query_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0, n_skipped = 0;

  query->extensions = g_strdupv ((char *[]) { "0164", "1001", NULL });
  dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_INBOUND);
  dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_OUTBOUND);
  query->start_date = 1601791104;
  query->end_date = 1603849486;
  query->count = 5;
  query->order_by = g_strdup ("calldate");
  query->order_type = DIPCC_CDR_ORDER_TYPE_DESC;

  records = cdr_query (fixture->client, query, &total, &n_skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fixture->path, ==, "/api/v2/cdr");
  g_assert_cmpstr (fixture->query, ==,
                   "extensions=0164,1001&calltype=2,3&start_date=1601791104"
                   "&end_date=1603849486&limit=0,5&order_by=calldate&order_type=desc");
  g_assert_cmpstr (fixture->app_key, ==, APP_KEY);
  g_assert_cmpstr (fixture->tenant, ==, TENANT);

  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpuint (total, ==, 57);
  g_assert_cmpuint (n_skipped, ==, 1);
  g_assert_cmpstr (dipcc_cdr_record_get_source (records->pdata[0]), ==, "0164");
  g_assert_cmpuint (dipcc_cdr_record_get_duration (records->pdata[0]), ==, 64);
  g_assert_cmpint (dipcc_cdr_record_get_disposition (records->pdata[1]), ==,
                   DIPCC_CDR_DISPOSITION_NO_ANSWER);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* No query at all: no query string */
  records = cdr_query (fixture->client, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (fixture->query);
}

/* ---- the query string, without a server ---------------------------------- */

static void
test_query_string_full (void)
{
  g_autoptr(DipccCdrQuery) query = dipcc_cdr_query_new ();
  g_autoptr(DipccCdrQuery) copy = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copy_text = NULL;
  static const char expected[] =
    "extensions=0164,1001,10%2C01"
    "&calltype=1,2,3,4"
    "&start_date=1556668800"
    "&end_date=1559087999"
    "&limit=20,10"
    "&order_by=calldate"
    "&order_type=asc"
    "&search=1603849222.51437%20%26x%3Dy%2F%ED%95%9C%0D%0A"
    "&search_fields=disposition,source,destination"
    "&call_history=no";

  query->extensions = g_strdupv ((char *[]) { "0164", "", "1001", "10,01", NULL });
  dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_TRUNK);
  dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_INTERNAL);
  dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_OUTBOUND);
  dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_INBOUND);
  query->start_date = 1556668800;
  query->end_date = 1559087999;
  query->offset = 20;
  query->count = 10;
  query->order_by = g_strdup ("calldate");
  query->order_type = DIPCC_CDR_ORDER_TYPE_ASC;
  query->search = g_strdup ("1603849222.51437 &x=y/한\r\n");
  query->search_fields = g_strdupv ((char *[]) { "disposition", "source", "destination",
                                                 NULL });
  query->call_history = DIPCC_CDR_CALL_HISTORY_NO;

  text = dipcc_cdr_query_to_query_string (query);
  g_assert_cmpstr (text, ==, expected);

  /* A copy is deep and gives the same string. */
  copy = dipcc_cdr_query_copy (query);
  g_clear_pointer (&query, dipcc_cdr_query_free);
  copy_text = dipcc_cdr_query_to_query_string (copy);
  g_assert_cmpstr (copy_text, ==, expected);

  /* It is a boxed type. */
  g_assert_true (G_TYPE_IS_BOXED (DIPCC_TYPE_CDR_QUERY));
}

static void
test_query_string_partial (void)
{
  g_autoptr(DipccCdrQuery) query = dipcc_cdr_query_new ();
  g_autofree char *empty = NULL;
  g_autofree char *some = NULL;

  empty = dipcc_cdr_query_to_query_string (query);
  g_assert_cmpstr (empty, ==, "");

  query->search = g_strdup ("1603849222.51437");
  query->search_fields = g_strdupv ((char *[]) { "recfile", NULL });
  query->call_history = DIPCC_CDR_CALL_HISTORY_YES;
  /* An offset without a count sends no limit. */
  query->offset = 40;
  some = dipcc_cdr_query_to_query_string (query);
  g_assert_cmpstr (some, ==, "search=1603849222.51437&search_fields=recfile&call_history=yes");
}

/* ---- properties ----------------------------------------------------------- */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_properties_notify (void)
{
  g_autoptr(DipccRestClient) client = dipcc_rest_client_new (NULL, NULL, NULL);
  static const char * const names[] = { "base-url", "tenant", "tls-pin" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", names[i], NULL);
      g_autofree char *value = NULL;
      guint count = 0;
      gulong id = g_signal_connect (client, signal, G_CALLBACK (count_notify), &count);

      g_object_set (client, names[i], "a", NULL);
      g_assert_cmpuint (count, ==, 1);
      g_object_set (client, names[i], "a", NULL);
      g_assert_cmpuint (count, ==, 1);
      g_object_set (client, names[i], "b", NULL);
      g_assert_cmpuint (count, ==, 2);
      g_object_get (client, names[i], &value, NULL);
      g_assert_cmpstr (value, ==, "b");
      g_signal_handler_disconnect (client, id);
    }

  {
    guint count = 0;

    g_signal_connect (client, "notify::timeout", G_CALLBACK (count_notify), &count);
    g_assert_cmpuint (dipcc_rest_client_get_timeout (client), ==,
                      DIPCC_REST_CLIENT_DEFAULT_TIMEOUT);
    dipcc_rest_client_set_timeout (client, 3);
    dipcc_rest_client_set_timeout (client, 3);
    g_assert_cmpuint (count, ==, 1);
  }

  g_assert_finalize_object (g_steal_pointer (&client));
}

#define ADD(path, func) \
  g_test_add ("/rest-client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GResolver) resolver = NULL;
  int ret;

  /* No proxy look-up (libproxy may try WPAD) and no DNS: only loopback. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("no_proxy");

  g_test_init (&argc, &argv, NULL);

  /* See the end of main() */
  g_thread_pool_set_max_unused_threads (0);
  resolver = g_object_new (FAKE_TYPE_RESOLVER, NULL);
  g_resolver_set_default (resolver);

  ADD ("current-plan", test_current_plan);
  ADD ("base-url-forms", test_base_url_forms);
  ADD ("click-to-call/multipart", test_click_to_call_multipart);
  ADD ("click-to-call/optional-fields", test_click_to_call_optional_fields);
  ADD ("click-to-call/json", test_click_to_call_json);
  ADD ("click-to-call/variables", test_click_to_call_variables);
  ADD ("click-to-call/invalid-input", test_click_to_call_invalid_input);
  ADD ("errors/not-configured", test_not_configured);
  ADD ("errors/http", test_http_errors);
  ADD ("errors/invalid-json-excerpt", test_invalid_json_excerpt);
  ADD ("errors/key-never-in-errors", test_key_never_in_errors);
  ADD ("errors/connection-refused", test_connection_refused);
  ADD ("errors/dns-failure", test_dns_failure);
  ADD ("errors/timeout", test_timeout);
  ADD ("errors/cancellation", test_cancellation);
  ADD ("errors/tls-self-signed", test_tls_self_signed);
  ADD ("errors/tls-not-tls", test_tls_not_tls);
  ADD ("cdr/query", test_cdr_query);
  g_test_add_func ("/rest-client/cdr/query-string/full", test_query_string_full);
  g_test_add_func ("/rest-client/cdr/query-string/partial", test_query_string_partial);
  g_test_add_func ("/rest-client/properties/notify", test_properties_notify);

  ret = g_test_run ();

  /* glib-networking does TLS handshakes in pool threads, which then hold
   * GnuTLS's thread-local storage of a dlopen()ed module; LeakSanitizer of
   * clang 14 on glibc 2.36 crashes scanning it at exit. A pool thread waits
   * half a second for more work of its pool, then, as no unused thread is
   * kept (set above), ends: wait for that. */
  g_usleep (G_USEC_PER_SEC * 7 / 10);
  g_thread_pool_stop_unused_threads ();
  g_usleep (G_USEC_PER_SEC / 10);
  return ret;
}
