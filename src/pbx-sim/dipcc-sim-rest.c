/* dipcc-sim-rest.c: the VitalPBX-style REST API and the /sim control routes
 *
 * Every answer is the envelope {"status","message","data"}. Order of checks:
 * unknown route 404, wrong method 405, app-key/tenant 401, fields 400.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-sim"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "dipcc-phone-number.h"

#include "dipcc-sim-rest.h"
#include "dipcc-sim-ws.h"

struct _DipccSimRest
{
  GObject          parent_instance;

  /* Borrowed */
  DipccSimWorld   *world;
  DipccSimEngine  *engine;
  DipccSimConfig  *config;

  /* Owned */
  SoupServer      *server;
};

G_DEFINE_FINAL_TYPE (DipccSimRest, dipcc_sim_rest, G_TYPE_OBJECT)

/* --- replies ------------------------------------------------------------- */

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *message,
       JsonNode          *data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize len;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, status < 300 ? "success" : "error");
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "data");
  if (data != NULL)
    json_builder_add_value (b, data);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  len = strlen (text);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), len);
}

/* 400 naming the field, in the message and as data.field */
static void
reply_field (SoupServerMessage *msg,
             const char        *field,
             const char        *problem)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *message = g_strdup_printf ("%s: %s", field, problem);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "field");
  json_builder_add_string_value (b, field);
  json_builder_end_object (b);
  reply (msg, SOUP_STATUS_BAD_REQUEST, message, json_builder_get_root (b));
}

/* "field: problem" from the engine */
static void
reply_error (SoupServerMessage *msg,
             const GError      *error)
{
  const char *colon = strstr (error->message, ": ");

  if (colon != NULL)
    {
      g_autofree char *field = g_strndup (error->message, (gsize) (colon - error->message));
      reply_field (msg, field, colon + 2);
    }
  else
    reply (msg, SOUP_STATUS_BAD_REQUEST, error->message, NULL);
}

static gboolean
check_auth (DipccSimRest      *self,
            SoupServerMessage *msg,
            gboolean           need_tenant)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (h, "app-key");
  const char *tenant = soup_message_headers_get_one (h, "tenant");

  if (key == NULL || *key == '\0')
    reply (msg, SOUP_STATUS_UNAUTHORIZED, "Missing app-key header", NULL);
  else if (!g_str_equal (key, dipcc_sim_world_get_app_key (self->world)))
    reply (msg, SOUP_STATUS_UNAUTHORIZED, "Invalid app-key", NULL);
  else if (need_tenant && (tenant == NULL || *tenant == '\0'))
    reply (msg, SOUP_STATUS_UNAUTHORIZED, "Missing tenant header", NULL);
  else if (need_tenant && !g_str_equal (tenant, dipcc_sim_world_get_tenant (self->world)))
    reply (msg, SOUP_STATUS_UNAUTHORIZED, "Invalid tenant", NULL);
  else
    return TRUE;
  return FALSE;
}

/* --- helpers ------------------------------------------------------------- */

static gboolean
all_digits (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static gboolean
parse_int (const char *text,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  return text != NULL && *text != '\0' &&
         g_ascii_string_to_signed (g_strstrip ((char *) text), 10, min, max, out, NULL);
}

static GBytes *
request_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

static char *
node_to_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

/* multipart/form-data to name -> value. (soup_multipart_free() of the
 * libsoup 3.2 on Debian 12 crashes on server-side multiparts, so this is
 * read by hand.) Parts with a filename are skipped. */
static GHashTable *
decode_multipart (GBytes     *body,
                  const char *boundary)
{
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *delimiter = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  const char *end = data + len;
  const char *p;

  if (boundary == NULL || *boundary == '\0' || data == NULL)
    return NULL;
  fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  delimiter = g_strconcat ("--", boundary, NULL);
  p = g_strstr_len (data, (gssize) len, delimiter);
  if (p == NULL)
    return NULL;

  for (;;)
    {
      const char *headers, *headers_end, *content, *next;
      g_autofree char *head = NULL;
      g_autofree char *name = NULL;
      const char *n;

      p += strlen (delimiter);
      if (end - p >= 2 && p[0] == '-' && p[1] == '-')
        break;                                  /* closing delimiter */
      if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
        return NULL;
      headers = p + 2;
      headers_end = g_strstr_len (headers, end - headers, "\r\n\r\n");
      if (headers_end == NULL)
        return NULL;
      content = headers_end + 4;
      next = g_strstr_len (content, end - content, delimiter);
      if (next == NULL || next - content < 2)
        return NULL;
      head = g_ascii_strdown (headers, headers_end - headers);
      n = strstr (head, "name=\"");
      if (n != NULL && strstr (head, "form-data") != NULL && strstr (head, "filename=") == NULL)
        {
          const char *q;

          n += 6;
          q = strchr (n, '"');
          if (q != NULL)
            {
              /* the name as sent, not lower-cased */
              name = g_strndup (headers + (n - head), (gsize) (q - n));
              g_hash_table_replace (fields, g_steal_pointer (&name),
                                    g_strndup (content, (gsize) (next - 2 - content)));
            }
        }
      p = next;
    }
  return g_steal_pointer (&fields);
}

/* --- GET /api/v2/core/current_plan --------------------------------------- */

static void
route_current_plan (DipccSimRest      *self,
                    SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  DipccSimServer *server;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "plan");
  json_builder_add_string_value (b, dipcc_sim_world_get_plan (self->world));
  json_builder_set_member_name (b, "tenant");
  json_builder_add_string_value (b, dipcc_sim_world_get_tenant (self->world));
  json_builder_set_member_name (b, "max_extensions");
  json_builder_add_int_value (b, 100);
  json_builder_set_member_name (b, "extensions");
  server = g_ptr_array_index (dipcc_sim_world_get_servers (self->world), 0);
  json_builder_add_int_value (b, server->endpoints->len);
  json_builder_end_object (b);
  reply (msg, SOUP_STATUS_OK, "Current plan", json_builder_get_root (b));
}

/* --- POST /api/v2/core/click_to_call ------------------------------------- */

static void
route_click_to_call (DipccSimRest      *self,
                     SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GBytes) body = request_body (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  const char *type = soup_message_headers_get_content_type (h, NULL);
  const char *caller, *callee, *cos_id, *cid_name, *cid_number;
  g_autofree char *linkedid = NULL;
  gint64 cos;
  guint n_variables = 0;

  if (type != NULL && g_ascii_strcasecmp (type, "multipart/form-data") == 0)
    {
      g_autoptr(GHashTable) params = NULL;

      soup_message_headers_get_content_type (h, &params);
      fields = decode_multipart (body, params ? g_hash_table_lookup (params, "boundary") : NULL);
      if (fields == NULL)
        {
          reply (msg, SOUP_STATUS_BAD_REQUEST, "Malformed multipart body", NULL);
          return;
        }
    }
  else if (type != NULL && g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") == 0)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      fields = soup_form_decode (text);
    }
  else if (type != NULL && g_ascii_strcasecmp (type, "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;
      g_autoptr(GList) members = NULL;

      if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                       (gssize) g_bytes_get_size (body), &error) ||
          json_parser_get_root (parser) == NULL ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          reply (msg, SOUP_STATUS_BAD_REQUEST, "The body is not a JSON object", NULL);
          return;
        }
      o = json_node_get_object (json_parser_get_root (parser));
      fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      members = json_object_get_members (o);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (o, l->data);

          if (g_str_equal (l->data, "variables"))
            {
              JsonObject *vars;
              g_autoptr(GList) names = NULL;

              if (!JSON_NODE_HOLDS_OBJECT (node))
                {
                  reply_field (msg, "variables", "must be an object of NAME: value");
                  return;
                }
              vars = json_node_get_object (node);
              names = json_object_get_members (vars);
              for (GList *v = names; v != NULL; v = v->next)
                {
                  g_autofree char *value = node_to_string (json_object_get_member (vars, v->data));

                  if (value == NULL || *(char *) v->data == '\0' ||
                      strpbrk (v->data, "=\r\n") != NULL || strpbrk (value, "\r\n") != NULL)
                    {
                      reply_field (msg, "variables",
                                   "names and values must be text without = CR LF");
                      return;
                    }
                  n_variables++;
                }
              continue;
            }
          g_hash_table_replace (fields, g_strdup (l->data), node_to_string (node));
        }
    }
  else
    {
      reply (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
             "Send multipart/form-data, application/x-www-form-urlencoded or application/json",
             NULL);
      return;
    }

  if (fields == NULL)
    fields = g_hash_table_new (g_str_hash, g_str_equal);

  caller = g_hash_table_lookup (fields, "caller");
  callee = g_hash_table_lookup (fields, "callee");
  cos_id = g_hash_table_lookup (fields, "cos_id");
  cid_name = g_hash_table_lookup (fields, "cid_name");
  cid_number = g_hash_table_lookup (fields, "cid_number");

  if (caller == NULL || *caller == '\0')
    return reply_field (msg, "caller", "required");
  if (!all_digits (caller))
    return reply_field (msg, "caller", "must be an extension number");
  if (callee == NULL || *callee == '\0')
    return reply_field (msg, "callee", "required");
  if (!dipcc_phone_number_is_dialable (callee) || strpbrk (callee, "\r\n") != NULL)
    return reply_field (msg, "callee", "not a dialable number");
  if (cos_id == NULL || *cos_id == '\0')
    return reply_field (msg, "cos_id", "required");
  if (!parse_int (cos_id, 1, G_MAXINT32, &cos))
    return reply_field (msg, "cos_id", "must be a positive integer");
  if (cid_name != NULL && (!g_utf8_validate (cid_name, -1, NULL) ||
                           g_utf8_strlen (cid_name, -1) > 80 ||
                           strpbrk (cid_name, "\r\n\"<>") != NULL))
    return reply_field (msg, "cid_name", "at most 80 characters, no CR LF \" < >");
  if (cid_number != NULL && *cid_number != '\0' &&
      !all_digits (cid_number + (cid_number[0] == '+')))
    return reply_field (msg, "cid_number", "must be digits");

  linkedid = dipcc_sim_engine_click_to_call (self->engine, DIPCC_SERVER_ID_NONE, caller, callee,
                                             cid_name, cid_number, &error);
  if (linkedid == NULL)
    return reply_error (msg, error);

  g_message ("REST click-to-call %s -> %s (cos %" G_GINT64_FORMAT ", %u variables)",
             caller, callee, cos, n_variables);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "caller");
  json_builder_add_string_value (b, caller);
  json_builder_set_member_name (b, "callee");
  json_builder_add_string_value (b, callee);
  json_builder_set_member_name (b, "linkedid");
  json_builder_add_string_value (b, linkedid);
  json_builder_end_object (b);
  reply (msg, SOUP_STATUS_OK, "Call placed", json_builder_get_root (b));
}

/* --- GET /api/v2/cdr ------------------------------------------------------ */

static const char * const search_field_names[] = {
  "clid", "source", "destination", "dcontext", "channel", "dstchannel",
  "disposition", "uniqueid", "linkedid", "recfile", NULL
};

static const char *
row_text (DipccSimCdrRow *row,
          const char     *field)
{
  if (g_str_equal (field, "clid")) return row->clid;
  if (g_str_equal (field, "source")) return row->source;
  if (g_str_equal (field, "destination")) return row->destination;
  if (g_str_equal (field, "dcontext")) return row->dcontext;
  if (g_str_equal (field, "channel")) return row->channel;
  if (g_str_equal (field, "dstchannel")) return row->dstchannel;
  if (g_str_equal (field, "disposition")) return row->disposition;
  if (g_str_equal (field, "uniqueid")) return row->uniqueid;
  if (g_str_equal (field, "linkedid")) return row->linkedid;
  if (g_str_equal (field, "recfile")) return row->recfile;
  return "";
}

typedef struct {
  const char *order_by;
  gboolean    desc;
} SortSpec;

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const SortSpec *spec = user_data;
  DipccSimCdrRow *x = *(DipccSimCdrRow **) a;
  DipccSimCdrRow *y = *(DipccSimCdrRow **) b;
  gint64 d;
  int r;

  if (g_str_equal (spec->order_by, "calldate"))
    d = x->calldate - y->calldate;
  else if (g_str_equal (spec->order_by, "duration"))
    d = x->duration - y->duration;
  else if (g_str_equal (spec->order_by, "billsec"))
    d = x->billsec - y->billsec;
  else if (g_str_equal (spec->order_by, "calltype"))
    d = x->calltype - y->calltype;
  else
    d = g_strcmp0 (row_text (x, spec->order_by), row_text (y, spec->order_by));
  /* ties: by date, then by uniqueid, so pages never overlap */
  if (d == 0)
    d = x->calldate - y->calldate;
  if (d == 0)
    d = g_strcmp0 (x->uniqueid, y->uniqueid);
  r = d < 0 ? -1 : d > 0;
  return spec->desc ? -r : r;
}

static gboolean
parse_bool (const char *text,
            gboolean   *out)
{
  if (g_ascii_strcasecmp (text, "yes") == 0 || g_ascii_strcasecmp (text, "true") == 0 ||
      g_str_equal (text, "1"))
    *out = TRUE;
  else if (g_ascii_strcasecmp (text, "no") == 0 || g_ascii_strcasecmp (text, "false") == 0 ||
           g_str_equal (text, "0"))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static void
route_cdr (DipccSimRest      *self,
           SoupServerMessage *msg,
           GHashTable        *query)
{
  const char *p;
  g_auto(GStrv) extensions = NULL;
  g_auto(GStrv) search_fields = NULL;
  gboolean calltypes[5] = { TRUE, TRUE, TRUE, TRUE, TRUE };
  gint64 start = G_MININT64, end = G_MAXINT64, offset = 0, count = G_MAXINT32;
  SortSpec spec = { "calldate", TRUE };
  const char *search = NULL;
  gboolean history = FALSE;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GPtrArray *cdr = dipcc_sim_world_get_cdr (self->world);
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *data;

#define Q(name) (query ? (const char *) g_hash_table_lookup (query, name) : NULL)

  if ((p = Q ("extensions")) != NULL && *p != '\0')
    {
      extensions = g_strsplit (p, ",", -1);
      for (guint i = 0; extensions[i]; i++)
        {
          g_strstrip (extensions[i]);
          if (*extensions[i] == '\0' || !all_digits (extensions[i] + (extensions[i][0] == '+')))
            return reply_field (msg, "extensions", "comma-separated numbers");
        }
    }
  if ((p = Q ("calltype")) != NULL && *p != '\0')
    {
      g_auto(GStrv) types = g_strsplit (p, ",", -1);

      memset (calltypes, 0, sizeof calltypes);
      for (guint i = 0; types[i]; i++)
        {
          gint64 t;

          if (!parse_int (types[i], 1, 4, &t))
            return reply_field (msg, "calltype", "comma-separated values from 1 to 4");
          calltypes[t] = TRUE;
        }
    }
  if ((p = Q ("start_date")) != NULL && *p != '\0' && !parse_int (p, 0, G_MAXINT64, &start))
    return reply_field (msg, "start_date", "unix seconds");
  if ((p = Q ("end_date")) != NULL && *p != '\0' && !parse_int (p, 0, G_MAXINT64, &end))
    return reply_field (msg, "end_date", "unix seconds");
  if (start != G_MININT64 && end != G_MAXINT64 && end < start)
    return reply_field (msg, "end_date", "before start_date");
  if ((p = Q ("limit")) != NULL && *p != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (p, ",", -1);
      guint n = g_strv_length (parts);

      if (n == 1 ? !parse_int (parts[0], 0, G_MAXINT32, &count)
                 : (n != 2 || !parse_int (parts[0], 0, G_MAXINT32, &offset) ||
                    !parse_int (parts[1], 0, G_MAXINT32, &count)))
        return reply_field (msg, "limit", "offset,count or count");
    }
  if ((p = Q ("order_by")) != NULL && *p != '\0')
    {
      if (!g_strv_contains (search_field_names, p) && !g_str_equal (p, "calldate") &&
          !g_str_equal (p, "duration") && !g_str_equal (p, "billsec") &&
          !g_str_equal (p, "calltype"))
        return reply_field (msg, "order_by", "unknown field");
      spec.order_by = p;
    }
  if ((p = Q ("order_type")) != NULL && *p != '\0')
    {
      if (g_ascii_strcasecmp (p, "desc") == 0 || g_str_equal (p, "1"))
        spec.desc = TRUE;
      else if (g_ascii_strcasecmp (p, "asc") == 0 || g_str_equal (p, "2"))
        spec.desc = FALSE;
      else
        return reply_field (msg, "order_type", "desc or asc");
    }
  if ((p = Q ("search")) != NULL && *p != '\0')
    search = p;
  if ((p = Q ("search_fields")) != NULL && *p != '\0')
    {
      search_fields = g_strsplit (p, ",", -1);
      for (guint i = 0; search_fields[i]; i++)
        {
          g_strstrip (search_fields[i]);
          if (!g_strv_contains (search_field_names, search_fields[i]))
            return reply_field (msg, "search_fields", "unknown field");
        }
    }
  if ((p = Q ("call_history")) != NULL && *p != '\0' && !parse_bool (p, &history))
    return reply_field (msg, "call_history", "yes or no");
  if (history && (extensions == NULL || g_strv_length (extensions) != 2))
    return reply_field (msg, "extensions", "call_history needs exactly two numbers");
#undef Q

  for (guint i = 0; i < cdr->len; i++)
    {
      DipccSimCdrRow *row = g_ptr_array_index (cdr, i);

      if (row->calltype < 1 || row->calltype > 4 || !calltypes[row->calltype])
        continue;
      if (row->calldate < start || row->calldate > end)
        continue;
      if (history)
        {
          if (!((g_strcmp0 (row->source, extensions[0]) == 0 &&
                 g_strcmp0 (row->destination, extensions[1]) == 0) ||
                (g_strcmp0 (row->source, extensions[1]) == 0 &&
                 g_strcmp0 (row->destination, extensions[0]) == 0)))
            continue;
        }
      else if (extensions != NULL &&
               !g_strv_contains ((const char * const *) extensions, row->source) &&
               !g_strv_contains ((const char * const *) extensions, row->destination))
        continue;
      if (search != NULL)
        {
          const char * const *fields = search_fields ? (const char * const *) search_fields
                                                     : search_field_names;
          g_autofree char *needle = g_utf8_casefold (search, -1);
          gboolean found = FALSE;

          for (guint f = 0; fields[f] != NULL && !found; f++)
            {
              g_autofree char *hay = g_utf8_casefold (row_text (row, fields[f]), -1);
              found = strstr (hay, needle) != NULL;
            }
          if (!found)
            continue;
        }
      g_ptr_array_add (rows, row);
    }

  g_ptr_array_sort_with_data (rows, compare_rows, &spec);
  for (gint64 i = offset; i < (gint64) rows->len && i < offset + count; i++)
    json_array_add_element (array, dipcc_sim_cdr_row_to_json (g_ptr_array_index (rows, i)));

  if (dipcc_sim_world_get_cdr_as_array (self->world))
    {
      data = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (data, array);
    }
  else
    {
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "total", rows->len);
      json_object_set_int_member (o, "offset", offset);
      json_object_set_int_member (o, "count", json_array_get_length (array));
      json_object_set_array_member (o, "rows", json_array_ref (array));
      data = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (data, o);
    }
  reply (msg, SOUP_STATUS_OK, "CDR", data);
}

/* --- /sim control routes -------------------------------------------------- */

static JsonObject *
json_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (g_bytes_get_size (body) == 0)
    return json_object_new ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   (gssize) g_bytes_get_size (body), NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gboolean
member_int (JsonObject *o,
            const char *name,
            gint64      fallback,
            gint64     *out)
{
  JsonNode *n = json_object_get_member (o, name);
  g_autofree char *text = NULL;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    {
      *out = fallback;
      return TRUE;
    }
  text = node_to_string (n);
  return parse_int (text, G_MININT32, G_MAXINT32, out);
}

static char *
member_string (JsonObject *o,
               const char *name)
{
  return node_to_string (json_object_get_member (o, name));
}

static void
route_sim_incoming (DipccSimRest      *self,
                    SoupServerMessage *msg,
                    JsonObject        *o)
{
  DipccSimIncoming in = { 0 };
  g_autofree char *caller = member_string (o, "caller");
  g_autofree char *name = member_string (o, "name");
  g_autofree char *did = member_string (o, "did");
  g_autofree char *to = member_string (o, "to");
  g_autofree char *answered_by = member_string (o, "answered_by");
  g_autoptr(GPtrArray) targets = NULL;
  JsonNode *to_node = json_object_get_member (o, "to");
  g_autofree char *encoding = member_string (o, "name_encoding");
  g_autofree char *linkedid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  gint64 server_id, answer_after, hangup_after;
  JsonNode *answer = json_object_get_member (o, "answer_after");

  if (!member_int (o, "server_id", DIPCC_SERVER_ID_NONE, &server_id))
    return reply_field (msg, "server_id", "a number");
  if (answer != NULL && JSON_NODE_HOLDS_NULL (answer))
    answer_after = -1;
  else if (!member_int (o, "answer_after", 3000, &answer_after))
    return reply_field (msg, "answer_after", "milliseconds, negative for never");
  if (!member_int (o, "hangup_after", self->config->talk_time, &hangup_after) || hangup_after < 0)
    return reply_field (msg, "hangup_after", "milliseconds");
  if (to_node != NULL && JSON_NODE_HOLDS_ARRAY (to_node))
    {
      /* ring-all: every target rings at once */
      JsonArray *array = json_node_get_array (to_node);

      targets = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          char *target = node_to_string (json_array_get_element (array, i));

          if (target == NULL)
            return reply_field (msg, "to", "an extension or a list of extensions");
          g_ptr_array_add (targets, target);
        }
      if (targets->len == 0)
        return reply_field (msg, "to", "required");
      g_ptr_array_add (targets, NULL);
    }
  else if (to == NULL)
    return reply_field (msg, "to", "required");
  if (json_object_get_member (o, "answered_by") != NULL &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (o, "answered_by")) && answered_by == NULL)
    return reply_field (msg, "answered_by", "an extension");
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "latin1") == 0 && name != NULL)
    {
      /* the bytes a Latin-1 phone sends: not UTF-8 */
      char *latin1 = g_convert_with_fallback (name, -1, "ISO-8859-1", "UTF-8", "?", NULL, NULL,
                                              NULL);
      g_free (name);
      name = latin1;
    }

  in.server_id = (int) server_id;
  in.number = caller;
  in.name = name;
  in.did = did;
  in.to = to;
  in.targets = targets ? (const char * const *) targets->pdata : NULL;
  in.answered_by = answered_by;
  in.answer_after = (int) answer_after;
  in.hangup_after = (int) hangup_after;
  in.reject = json_object_get_boolean_member_with_default (o, "reject", FALSE);

  linkedid = dipcc_sim_engine_incoming (self->engine, &in, &error);
  if (linkedid == NULL)
    return reply_error (msg, error);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "linkedid");
  json_builder_add_string_value (b, linkedid);
  json_builder_end_object (b);
  reply (msg, SOUP_STATUS_OK, "Incoming call placed", json_builder_get_root (b));
}

static void
route_sim (DipccSimRest      *self,
           SoupServerMessage *msg,
           const char        *path)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id, count, rate;

  /* control is for this machine only */
  if (remote == NULL || !G_IS_INET_SOCKET_ADDRESS (remote) ||
      !g_inet_address_get_is_loopback (
         g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote))))
    return reply (msg, SOUP_STATUS_FORBIDDEN, "Control routes answer loopback clients only", NULL);
  if (!check_auth (self, msg, FALSE))
    return;
  if ((o = json_body (msg)) == NULL)
    return reply (msg, SOUP_STATUS_BAD_REQUEST, "The body is not a JSON object", NULL);

  if (g_str_equal (path, "/sim/incoming"))
    route_sim_incoming (self, msg, o);
  else if (g_str_equal (path, "/sim/device"))
    {
      g_autofree char *ext = member_string (o, "extension");
      g_autofree char *state = member_string (o, "state");

      if (!member_int (o, "server_id", DIPCC_SERVER_ID_NONE, &id))
        return reply_field (msg, "server_id", "a number");
      if (!dipcc_sim_engine_set_device (self->engine, (int) id, ext, state, &error))
        return reply_error (msg, error);
      reply (msg, SOUP_STATUS_OK, "Device state set", NULL);
    }
  else if (g_str_equal (path, "/sim/server"))
    {
      gboolean down = json_object_get_boolean_member_with_default (o, "down", TRUE);

      if (!member_int (o, "id", 0, &id))
        return reply_field (msg, "id", "a number");
      if (!dipcc_sim_engine_set_server_down (self->engine, (int) id, down))
        return reply_field (msg, "id", "no such server");
      reply (msg, SOUP_STATUS_OK, "Server state set", NULL);
    }
  else if (g_str_equal (path, "/sim/fault"))
    {
      g_autofree char *spec = member_string (o, "spec");
      DipccSimFaults faults = { 0 };

      if (spec == NULL || !dipcc_sim_faults_parse (&faults, spec, &error))
        return reply_field (msg, "spec", error ? error->message : "a fault spec");
      dipcc_sim_hub_arm_faults (dipcc_sim_engine_get_hub (self->engine), &faults);
      reply (msg, SOUP_STATUS_OK, "Faults armed", NULL);
    }
  else if (g_str_equal (path, "/sim/flood"))
    {
      if (!member_int (o, "count", 1000, &count) || count < 0)
        return reply_field (msg, "count", "a number of events");
      if (!member_int (o, "rate", 0, &rate) || rate < 0)
        return reply_field (msg, "rate", "events per second, 0 for as fast as possible");
      dipcc_sim_engine_flood (self->engine, (guint) count, (guint) rate);
      reply (msg, SOUP_STATUS_OK, "Flood started", NULL);
    }
}

/* --- routing -------------------------------------------------------------- */

static const struct {
  const char *path;
  const char *method;
} routes[] = {
  { "/api/v2/core/current_plan", "GET" },
  { "/api/v2/core/click_to_call", "POST" },
  { "/api/v2/cdr", "GET" },
  { "/sim/incoming", "POST" },
  { "/sim/device", "POST" },
  { "/sim/server", "POST" },
  { "/sim/flood", "POST" },
  { "/sim/fault", "POST" },
};

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  DipccSimRest *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *trimmed = g_strdup (path);
  gsize len = strlen (trimmed);

  while (len > 1 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!g_str_equal (trimmed, routes[i].path))
        continue;
      if (!g_str_equal (method, routes[i].method))
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Allow", routes[i].method);
          return reply (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed", NULL);
        }
      if (g_str_has_prefix (trimmed, "/sim/"))
        return route_sim (self, msg, trimmed);
      if (!check_auth (self, msg, TRUE))
        return;
      if (i == 0)
        route_current_plan (self, msg);
      else if (i == 1)
        route_click_to_call (self, msg);
      else
        route_cdr (self, msg, query);
      return;
    }
  reply (msg, SOUP_STATUS_NOT_FOUND, "Not found", NULL);
}

static void
dipcc_sim_rest_dispose (GObject *object)
{
  dipcc_sim_rest_stop (DIPCC_SIM_REST (object));

  G_OBJECT_CLASS (dipcc_sim_rest_parent_class)->dispose (object);
}

static void
dipcc_sim_rest_class_init (DipccSimRestClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dipcc_sim_rest_dispose;
}

static void
dipcc_sim_rest_init (DipccSimRest *self)
{
}

DipccSimRest *
dipcc_sim_rest_new (DipccSimWorld  *world,
                    DipccSimEngine *engine,
                    DipccSimConfig *config)
{
  DipccSimRest *self = g_object_new (DIPCC_SIM_TYPE_REST, NULL);

  self->world = world;
  self->engine = engine;
  self->config = config;
  return self;
}

gboolean
dipcc_sim_rest_listen (DipccSimRest  *self,
                       const char    *address,
                       guint16        port,
                       guint16       *out_port,
                       GError       **error)
{
  g_return_val_if_fail (DIPCC_SIM_IS_REST (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = soup_server_new ("server-header", "dipcc-pbx-sim ", NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
  if (!dipcc_sim_listen_soup (self->server, address, port, out_port, error))
    {
      g_clear_object (&self->server);
      return FALSE;
    }
  return TRUE;
}

void
dipcc_sim_rest_stop (DipccSimRest *self)
{
  g_return_if_fail (DIPCC_SIM_IS_REST (self));

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
}
