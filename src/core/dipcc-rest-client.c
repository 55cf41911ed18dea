/* dipcc-rest-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-rest-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dipcc-cdr-record.h"
#include "dipcc-error.h"
#include "dipcc-json.h"
#include "dipcc-phone-number.h"
#include "dipcc-rest-client.h"
#include "dipcc-text.h"
#include "dipcc-tls-pin.h"

/* How much of a server's message, or of a body that is not JSON, an error
 * message quotes, in characters. */
#define QUOTE_MAX_CHARS 60

/* A class of service id is a small number. */
#define COS_ID_MAX_DIGITS 9

#define USER_AGENT PACKAGE_NAME "/" PACKAGE_VERSION

struct _DipccRestClient
{
  GObject      parent_instance;

  /* Owned */
  SoupSession *session;
  char        *base_url;
  char        *tenant;
  char        *app_key;
  char        *tls_pin;

  guint        timeout;
};

G_DEFINE_FINAL_TYPE (DipccRestClient, dipcc_rest_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TENANT,
  PROP_APP_KEY,
  PROP_TLS_PIN,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum {
  REQUEST_CURRENT_PLAN,
  REQUEST_CLICK_TO_CALL,
  REQUEST_CDR,
} RequestKind;

/* What one request keeps while it runs: the GTask's task data. */
typedef struct {
  RequestKind  kind;
  /* Owned */
  SoupMessage *message;
  char        *host;
  char        *app_key;
  GBytes      *body;

  gint64       started_us;
  gint64       round_trip_us;
  guint        total;
  guint        n_skipped;
} Request;

/* Overwrites a secret before its memory goes back to the allocator. */
static void
wipe_and_free (char *secret)
{
  volatile char *p;

  if (secret == NULL)
    return;
  for (p = secret; *p; p++)
    *p = '\0';
  g_free (secret);
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->message);
  g_clear_pointer (&request->host, g_free);
  g_clear_pointer (&request->app_key, wipe_and_free);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

/* ---- text for messages -------------------------------------------------- */

/* @text (@len bytes, or -1) with every copy of @secret cut out. */
static char *
redact (const char *text,
        gssize      len,
        const char *secret)
{
  g_autofree char *valid = dipcc_utf8_make_valid (text, len, NULL);
  GString *out;
  const char *p;
  const char *hit;
  gsize secret_len;

  if (secret == NULL || *secret == '\0')
    return g_steal_pointer (&valid);

  secret_len = strlen (secret);
  out = g_string_sized_new (strlen (valid));
  for (p = valid; (hit = strstr (p, secret)) != NULL; p = hit + secret_len)
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, "…");
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

/* @text cut to QUOTE_MAX_CHARS characters with nothing that could break a
 * message or a log line, and without @secret. */
static char *
quote_for_message (const char *text,
                   gssize      len,
                   const char *secret)
{
  g_autofree char *clean = redact (text, len, secret);

  return dipcc_text_sanitize_display (clean, -1, QUOTE_MAX_CHARS);
}

static gboolean
has_control_characters (const char *text)
{
  const guchar *p;

  for (p = (const guchar *) text; *p; p++)
    {
      if (*p < 0x20 || *p == 0x7f)
        return TRUE;
    }
  return FALSE;
}

/* ---- configuration ------------------------------------------------------ */

/* The URL of @path on the configured PBX, and in @host_out the host (and
 * port) to name in messages; or NOT_CONFIGURED / INVALID_INPUT. */
static char *
build_url (DipccRestClient  *self,
           const char       *path,
           const char       *query,
           char            **host_out,
           GError          **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *base = NULL;
  const char *scheme;
  const char *host;
  gsize len;

  base = g_strstrip (g_strdup (self->base_url ? self->base_url : ""));
  if (*base == '\0')
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                           _("No PBX address is set. Enter the REST address in Preferences."));
      return NULL;
    }

  uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL || has_control_characters (base))
    {
      g_autofree char *quoted = quote_for_message (base, -1, self->app_key);

      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                   /* Translators: %s is the address as entered */
                   _("“%s” is not a PBX address. Enter it in Preferences as "
                     "https://host or http://host."),
                   quoted);
      return NULL;
    }

  if (self->app_key == NULL || *self->app_key == '\0')
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                           _("No app key is set. Enter the app key in Preferences."));
      return NULL;
    }
  if (has_control_characters (self->app_key))
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("The app key contains a line break or another control "
                             "character. Enter it again in Preferences."));
      return NULL;
    }
  if (self->tenant == NULL || *self->tenant == '\0')
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                           _("No tenant is set. Enter the tenant in Preferences."));
      return NULL;
    }
  if (has_control_characters (self->tenant))
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("The tenant contains a line break or another control "
                             "character. Enter it again in Preferences."));
      return NULL;
    }

  if (host_out)
    {
      gboolean ipv6 = strchr (host, ':') != NULL;

      if (g_uri_get_port (uri) > 0)
        *host_out = g_strdup_printf (ipv6 ? "[%s]:%d" : "%s:%d", host, g_uri_get_port (uri));
      else
        *host_out = g_strdup_printf (ipv6 ? "[%s]" : "%s", host);
    }

  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';

  if (query != NULL && *query != '\0')
    return g_strconcat (base, path, "?", query, NULL);
  return g_strconcat (base, path, NULL);
}

/* ---- errors ------------------------------------------------------------- */

/* A transport error as something the agent can act on. */
static GError *
map_transport_error (const GError *error,
                     const char   *host,
                     const char   *app_key)
{
  g_autofree char *detail = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_RESOLVER_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                        /* Translators: %s is the PBX's host name */
                        _("The PBX address %s could not be found. Check the address in "
                          "Preferences and the network connection."),
                        host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                        /* Translators: %s is the PBX's host name and port */
                        _("The PBX at %s refused the connection. Is the address right and "
                          "the PBX running?"),
                        host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_TIMEOUT,
                        /* Translators: %s is the PBX's host name and port */
                        _("The PBX at %s did not answer in time. Try again; if it keeps "
                          "happening, check the network connection."),
                        host);

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) ||
      g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED))
    return g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_TLS,
                                _("The PBX’s certificate was not accepted. If it is "
                                  "self-signed, pin its fingerprint in Preferences."));

  detail = quote_for_message (error->message, -1, app_key);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_TLS,
                        /* Translators: %s is the PBX's host name, %s the system's reason */
                        _("No secure connection could be made to the PBX at %s (%s). "
                          "Check whether its address starts with https:// or http://."),
                        host, detail);

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
                        /* Translators: %s is the PBX's host name, %s the system's reason */
                        _("The PBX at %s sent an answer that is not HTTP (%s). Check the "
                          "address in Preferences."),
                        host, detail);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                        /* Translators: %s is the PBX's host name and port */
                        _("The PBX at %s cannot be reached from this network. Check the "
                          "network connection."),
                        host);

  return g_error_new (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                      /* Translators: %s is the PBX's host name, %s the system's reason */
                      _("The connection to the PBX at %s failed (%s). Try again."),
                      host, detail);
}

/* The root of @bytes as JSON, or NULL with a PROTOCOL error. */
static JsonNode *
parse_body (GBytes      *bytes,
            const char  *app_key,
            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root = NULL;

  if (len <= G_MAXSSIZE && (len == 0 || memchr (data, '\0', len) == NULL) &&
      dipcc_json_depth_is_within (data, len, DIPCC_JSON_MAX_DEPTH))
    {
      parser = json_parser_new_immutable ();
      if (json_parser_load_from_data (parser, len > 0 ? data : "", len, NULL))
        root = json_parser_get_root (parser);
    }

  if (root == NULL)
    {
      g_autofree char *excerpt = quote_for_message (len > 0 ? data : "", len, app_key);

      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
                   /* Translators: %s is the start of what the server sent */
                   _("The PBX’s answer could not be read: “%s”. Check the REST "
                     "address in Preferences."),
                   excerpt);
      return NULL;
    }

  return json_node_ref (root);
}

/* The server's own words in an error envelope, quoted; NULL if none. */
static char *
envelope_message (JsonNode   *root,
                  const char *app_key)
{
  static const char * const names[] = { "message", "error", "msg" };
  JsonObject *object;
  guint i;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *text = json_object_get_string_member_with_default (object, names[i], NULL);
      g_autofree char *quoted = NULL;

      if (text == NULL)
        continue;
      quoted = quote_for_message (text, -1, app_key);
      if (*quoted != '\0')
        return g_steal_pointer (&quoted);
    }
  return NULL;
}

/* Whether @root is an envelope whose `status` is not success. A missing
 * status counts as success: some answers carry the data alone. */
static gboolean
envelope_failed (JsonNode *root)
{
  JsonNode *status;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  status = json_object_get_member (json_node_get_object (root), "status");
  if (status == NULL || JSON_NODE_HOLDS_NULL (status))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (status) && json_node_get_value_type (status) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (status);

      return g_ascii_strcasecmp (text, "success") != 0 && g_ascii_strcasecmp (text, "ok") != 0;
    }
  if (JSON_NODE_HOLDS_VALUE (status) && json_node_get_value_type (status) == G_TYPE_BOOLEAN)
    return !json_node_get_boolean (status);
  return TRUE;
}

static GError *
envelope_error (RequestKind  kind,
                JsonNode    *root,
                const char  *app_key)
{
  g_autofree char *message = envelope_message (root, app_key);

  if (message == NULL)
    return g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_FAILED,
                                kind == REQUEST_CLICK_TO_CALL
                                ? _("The PBX did not place the call and did not say why.")
                                : _("The PBX refused the request and did not say why."));

  return g_error_new (DIPCC_ERROR, DIPCC_ERROR_FAILED,
                      kind == REQUEST_CLICK_TO_CALL
                      /* Translators: %s is the PBX's own message, often in English */
                      ? _("The PBX did not place the call: %s")
                      /* Translators: %s is the PBX's own message, often in English */
                      : _("The PBX refused the request: %s"),
                      message);
}

static GError *
http_error (guint       status,
            GBytes     *body,
            const char *app_key)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_AUTH,
                                _("The PBX rejected the app key or tenant. Check them in "
                                  "Preferences."));

  if (body != NULL)
    root = parse_body (body, app_key, NULL);
  message = envelope_message (root, app_key);

  if (message != NULL)
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_FAILED,
                        /* Translators: %u is an HTTP status code, %s the PBX's own message */
                        _("The PBX answered with error %u: %s"),
                        status, message);

  if (status == SOUP_STATUS_NOT_FOUND)
    return g_error_new (DIPCC_ERROR, DIPCC_ERROR_FAILED,
                        /* Translators: %u is an HTTP status code (404) */
                        _("The PBX answered with error %u: this address has no REST API. "
                          "Check the REST address in Preferences."),
                        status);

  return g_error_new (DIPCC_ERROR, DIPCC_ERROR_FAILED,
                      /* Translators: %u is an HTTP status code, %s its standard name */
                      _("The PBX answered with error %u (%s). Try again later; if it keeps "
                        "happening, tell your PBX administrator."),
                      status, soup_status_get_phrase (status));
}

/* ---- requests ----------------------------------------------------------- */

static void
cdr_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *records;
  gsize len = 0;
  const char *data = g_bytes_get_data (request->body, &len);

  records = dipcc_cdr_parse_response (len > 0 ? data : "", len,
                                      &request->total, &request->n_skipped, &error);
  if (records == NULL)
    {
      if (request->app_key != NULL && *request->app_key != '\0' &&
          strstr (error->message, request->app_key) != NULL)
        {
          char *clean = redact (error->message, -1, request->app_key);

          g_free (error->message);
          error->message = clean;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_send_and_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  request->round_trip_us = g_get_monotonic_time () - request->started_us;

  if (bytes == NULL)
    {
      g_task_return_error (task, map_transport_error (error, request->host, request->app_key));
      return;
    }

  status = soup_message_get_status (request->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, http_error (status, bytes, request->app_key));
      return;
    }

  switch (request->kind)
    {
    case REQUEST_CDR:
      /* Thousands of rows are megabytes of JSON: parse them off the main
       * thread, as json-glib builds the whole tree at once. */
      request->body = g_steal_pointer (&bytes);
      g_task_run_in_thread (task, cdr_worker);
      return;

    case REQUEST_CLICK_TO_CALL:
      /* Some servers answer a placed call with an empty 200. */
      if (g_bytes_get_size (bytes) == 0)
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
      root = parse_body (bytes, request->app_key, &error);
      if (root == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else if (envelope_failed (root))
        g_task_return_error (task, envelope_error (request->kind, root, request->app_key));
      else
        g_task_return_boolean (task, TRUE);
      return;

    case REQUEST_CURRENT_PLAN:
    default:
      root = parse_body (bytes, request->app_key, &error);
      if (root == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
        }
      else if (envelope_failed (root))
        {
          g_task_return_error (task, envelope_error (request->kind, root, request->app_key));
        }
      else
        {
          JsonNode *data = NULL;

          if (JSON_NODE_HOLDS_OBJECT (root))
            data = json_object_get_member (json_node_get_object (root), "data");
          g_task_return_pointer (task, json_node_copy (data != NULL ? data : root),
                                 (GDestroyNotify) json_node_unref);
        }
      return;
    }
}

/* A task for @kind with its Request as task data. */
static GTask *
start_request (DipccRestClient      *self,
               RequestKind           kind,
               gpointer              source_tag,
               GCancellable         *cancellable,
               GAsyncReadyCallback   callback,
               gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  request->kind = kind;
  request->app_key = g_strdup (self->app_key);
  g_task_set_task_data (task, request, request_free);
  return task;
}

/* Sends @message (taken) for @task (taken) with the credentials. */
static void
send_request (DipccRestClient *self,
              GTask           *task,
              SoupMessage     *message)
{
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "app-key", self->app_key);
  soup_message_headers_replace (headers, "tenant", self->tenant);
  soup_message_headers_replace (headers, "Accept", "application/json");

  request->message = message;
  request->started_us = g_get_monotonic_time ();
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    on_send_and_read, task);
}

/* ---- GObject ------------------------------------------------------------ */

static void
dipcc_rest_client_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DipccRestClient *self = DIPCC_REST_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TENANT:
      g_value_set_string (value, self->tenant);
      break;

    case PROP_TLS_PIN:
      g_value_set_string (value, self->tls_pin);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_APP_KEY:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_rest_client_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DipccRestClient *self = DIPCC_REST_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      dipcc_rest_client_set_base_url (self, g_value_get_string (value));
      break;

    case PROP_TENANT:
      dipcc_rest_client_set_tenant (self, g_value_get_string (value));
      break;

    case PROP_APP_KEY:
      dipcc_rest_client_set_app_key (self, g_value_get_string (value));
      break;

    case PROP_TLS_PIN:
      dipcc_rest_client_set_tls_pin (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      dipcc_rest_client_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_rest_client_dispose (GObject *object)
{
  DipccRestClient *self = DIPCC_REST_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dipcc_rest_client_parent_class)->dispose (object);
}

static void
dipcc_rest_client_finalize (GObject *object)
{
  DipccRestClient *self = DIPCC_REST_CLIENT (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->tenant, g_free);
  g_clear_pointer (&self->app_key, wipe_and_free);
  g_clear_pointer (&self->tls_pin, g_free);

  G_OBJECT_CLASS (dipcc_rest_client_parent_class)->finalize (object);
}

static void
dipcc_rest_client_class_init (DipccRestClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = dipcc_rest_client_get_property;
  object_class->set_property = dipcc_rest_client_set_property;
  object_class->dispose = dipcc_rest_client_dispose;
  object_class->finalize = dipcc_rest_client_finalize;

  /**
   * DipccRestClient:base-url:
   *
   * The PBX's address, `https://host[:port]` or `http://…`, optionally with
   * a path prefix; `/api/v2/…` is added to it.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL, flags);

  /**
   * DipccRestClient:tenant:
   *
   * The tenant id sent in the `tenant` header.
   */
  properties[PROP_TENANT] =
    g_param_spec_string ("tenant", NULL, NULL, NULL, flags);

  /**
   * DipccRestClient:app-key:
   *
   * The licensed API key sent in the `app-key` header. Write-only: it is
   * never read back, logged, or put in an error message.
   */
  properties[PROP_APP_KEY] =
    g_param_spec_string ("app-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccRestClient:tls-pin:
   *
   * The SHA-256 fingerprint of a self-signed PBX certificate to accept; see
   * dipcc_tls_pin_attach_to_session(). %NULL or empty for none.
   */
  properties[PROP_TLS_PIN] =
    g_param_spec_string ("tls-pin", NULL, NULL, NULL, flags);

  /**
   * DipccRestClient:timeout:
   *
   * How long, in seconds, a request may wait for the network before it
   * fails with %DIPCC_ERROR_TIMEOUT (SoupSession:timeout).
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT,
                       DIPCC_REST_CLIENT_DEFAULT_TIMEOUT, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dipcc_rest_client_init (DipccRestClient *self)
{
  self->timeout = DIPCC_REST_CLIENT_DEFAULT_TIMEOUT;
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout",
                                                 DIPCC_REST_CLIENT_DEFAULT_IDLE_TIMEOUT,
                                                 "user-agent", USER_AGENT,
                                                 NULL);
}

/**
 * dipcc_rest_client_new:
 * @base_url: (nullable): the PBX's address, e.g. `https://pbx.example.com`
 * @tenant: (nullable): the tenant id
 * @app_key: (nullable): the API key
 *
 * Returns: (transfer full): a new client; nothing is sent until asked
 */
DipccRestClient *
dipcc_rest_client_new (const char *base_url,
                       const char *tenant,
                       const char *app_key)
{
  return g_object_new (DIPCC_TYPE_REST_CLIENT,
                       "base-url", base_url,
                       "tenant", tenant,
                       "app-key", app_key,
                       NULL);
}

const char *
dipcc_rest_client_get_base_url (DipccRestClient *self)
{
  g_return_val_if_fail (DIPCC_IS_REST_CLIENT (self), NULL);
  return self->base_url;
}

void
dipcc_rest_client_set_base_url (DipccRestClient *self,
                                const char      *base_url)
{
  g_return_if_fail (DIPCC_IS_REST_CLIENT (self));

  if (dipcc_set_str (&self->base_url, base_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
dipcc_rest_client_get_tenant (DipccRestClient *self)
{
  g_return_val_if_fail (DIPCC_IS_REST_CLIENT (self), NULL);
  return self->tenant;
}

void
dipcc_rest_client_set_tenant (DipccRestClient *self,
                              const char      *tenant)
{
  g_return_if_fail (DIPCC_IS_REST_CLIENT (self));

  if (dipcc_set_str (&self->tenant, tenant))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TENANT]);
}

/**
 * dipcc_rest_client_set_app_key:
 * @app_key: (nullable): the API key
 *
 * Sets the key sent with every request. It cannot be read back.
 */
void
dipcc_rest_client_set_app_key (DipccRestClient *self,
                               const char      *app_key)
{
  g_return_if_fail (DIPCC_IS_REST_CLIENT (self));

  if (g_strcmp0 (self->app_key, app_key) == 0)
    return;
  wipe_and_free (self->app_key);
  self->app_key = g_strdup (app_key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APP_KEY]);
}

/**
 * dipcc_rest_client_has_app_key:
 *
 * Returns: whether an app key is set
 */
gboolean
dipcc_rest_client_has_app_key (DipccRestClient *self)
{
  g_return_val_if_fail (DIPCC_IS_REST_CLIENT (self), FALSE);
  return self->app_key != NULL && *self->app_key != '\0';
}

const char *
dipcc_rest_client_get_tls_pin (DipccRestClient *self)
{
  g_return_val_if_fail (DIPCC_IS_REST_CLIENT (self), NULL);
  return self->tls_pin;
}

void
dipcc_rest_client_set_tls_pin (DipccRestClient *self,
                               const char      *tls_pin)
{
  g_return_if_fail (DIPCC_IS_REST_CLIENT (self));

  if (g_strcmp0 (self->tls_pin, tls_pin) == 0)
    return;
  g_free (self->tls_pin);
  self->tls_pin = g_strdup (tls_pin);
  dipcc_tls_pin_attach_to_session (self->session, tls_pin);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_PIN]);
}

guint
dipcc_rest_client_get_timeout (DipccRestClient *self)
{
  g_return_val_if_fail (DIPCC_IS_REST_CLIENT (self), 0);
  return self->timeout;
}

void
dipcc_rest_client_set_timeout (DipccRestClient *self,
                               guint            timeout)
{
  g_return_if_fail (DIPCC_IS_REST_CLIENT (self));
  g_return_if_fail (timeout > 0);

  if (self->timeout == timeout)
    return;
  self->timeout = timeout;
  g_object_set (self->session, "timeout", timeout, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/* ---- GET /api/v2/core/current_plan -------------------------------------- */

/* GETs @path?@query for @task (taken), or fails it when the address in the
 * settings does not make a URL. */
static void
send_get (DipccRestClient *self,
          GTask           *task,
          const char      *path,
          const char      *query)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = build_url (self, path, query, &request->host, &error);
  SoupMessage *message = url ? soup_message_new (SOUP_METHOD_GET, url) : NULL;

  if (message == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                             _("The PBX address is not valid. Check it in Preferences."));
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  send_request (self, task, message);
}

/**
 * dipcc_rest_client_current_plan_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Asks for the tenant's current plan: the cheapest authenticated request,
 * the app's "Test connection".
 */
void
dipcc_rest_client_current_plan_async (DipccRestClient     *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DIPCC_IS_REST_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_request (self, REQUEST_CURRENT_PLAN, dipcc_rest_client_current_plan_async,
                        cancellable, callback, user_data);
  send_get (self, task, "/api/v2/core/current_plan", NULL);
}

/**
 * dipcc_rest_client_current_plan_finish:
 * @round_trip_us: (out) (optional): how long the request took, from
 *   sending to the whole answer, in microseconds; set on failure too
 *   when the request was sent (else 0)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the answer's `data` (the whole answer when it
 *   has none), or %NULL with a %DIPCC_ERROR or %G_IO_ERROR_CANCELLED
 */
JsonNode *
dipcc_rest_client_current_plan_finish (DipccRestClient  *self,
                                       GAsyncResult     *result,
                                       gint64           *round_trip_us,
                                       GError          **error)
{
  Request *request;

  g_return_val_if_fail (DIPCC_IS_REST_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_rest_client_current_plan_async, NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (round_trip_us)
    *round_trip_us = request->round_trip_us;

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- POST /api/v2/core/click_to_call ------------------------------------ */

typedef enum {
  FIELD_CALLER,
  FIELD_CALLEE,
  FIELD_CID_NUMBER,
} NumberField;

/* Checks one number with dipcc_phone_number_normalize(), naming the field. */
static char *
check_number_field (const char   *number,
                    NumberField   field,
                    GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  char *normalized;

  normalized = dipcc_phone_number_normalize (number, &local_error);
  if (normalized != NULL)
    return normalized;

  switch (field)
    {
    case FIELD_CALLER:
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %s says what is wrong with the number */
                   _("Caller (your extension): %s"), local_error->message);
      break;

    case FIELD_CALLEE:
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %s says what is wrong with the number */
                   _("Callee (the number to call): %s"), local_error->message);
      break;

    case FIELD_CID_NUMBER:
    default:
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %s says what is wrong with the number */
                   _("Caller ID number (cid_number): %s"), local_error->message);
      break;
    }
  return NULL;
}

static gboolean
check_variables (GHashTable  *variables,
                 GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  if (variables == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, variables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *quoted = NULL;

      /* Asterisk reads `NAME=value`: a name with `=` would change both. */
      if (key == NULL || *(const char *) key == '\0' || has_control_characters (key) ||
          strchr (key, '=') != NULL)
        {
          quoted = quote_for_message (key ? key : "", -1, NULL);
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       /* Translators: %s is a channel variable's name as given */
                       _("The channel variable name “%s” (variables) is not valid: it "
                         "must not be empty or contain “=” or line breaks."),
                       quoted);
          return FALSE;
        }
      if (value != NULL && has_control_characters (value))
        {
          quoted = quote_for_message (key, -1, NULL);
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       /* Translators: %s is a channel variable's name */
                       _("The value of the channel variable “%s” (variables) must not "
                         "contain line breaks."),
                       quoted);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
is_cos_id (const char *cos_id)
{
  gsize len = strlen (cos_id);
  gsize i;

  if (len == 0 || len > COS_ID_MAX_DIGITS)
    return FALSE;
  for (i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (cos_id[i]))
        return FALSE;
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GBytes *
click_to_call_json (const char *caller,
                    const char *callee,
                    const char *cos_id,
                    const char *cid_name,
                    const char *cid_number,
                    GHashTable *variables)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;
  char *data;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "caller");
  json_builder_add_string_value (builder, caller);
  json_builder_set_member_name (builder, "callee");
  json_builder_add_string_value (builder, callee);
  json_builder_set_member_name (builder, "cos_id");
  json_builder_add_string_value (builder, cos_id);
  if (cid_name != NULL)
    {
      json_builder_set_member_name (builder, "cid_name");
      json_builder_add_string_value (builder, cid_name);
    }
  if (cid_number != NULL)
    {
      json_builder_set_member_name (builder, "cid_number");
      json_builder_add_string_value (builder, cid_number);
    }
  if (variables != NULL && g_hash_table_size (variables) > 0)
    {
      g_autofree gpointer *keys = NULL;
      guint n_keys = 0;
      guint i;

      /* Sorted, so the same call always sends the same body. */
      keys = g_hash_table_get_keys_as_array (variables, &n_keys);
      qsort (keys, n_keys, sizeof (gpointer), compare_strings);

      json_builder_set_member_name (builder, "variables");
      json_builder_begin_object (builder);
      for (i = 0; i < n_keys; i++)
        {
          const char *value = g_hash_table_lookup (variables, keys[i]);
          g_autofree char *valid_key = dipcc_utf8_make_valid (keys[i], -1, NULL);
          g_autofree char *valid_value = dipcc_utf8_make_valid (value ? value : "", -1, NULL);

          json_builder_set_member_name (builder, valid_key);
          json_builder_add_string_value (builder, valid_value);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);
  return g_bytes_new_take (data, len);
}

/**
 * dipcc_rest_client_click_to_call_async:
 * @caller: the agent's own extension, rung first
 * @callee: the number to call once @caller answers
 * @cos_id: the class of service id, digits only
 * @cid_name: (nullable): the caller-id name to show; %NULL or empty for none
 * @cid_number: (nullable): the caller-id number to show; %NULL or empty for none
 * @variables: (nullable) (element-type utf8 utf8): channel variables
 * @as_json: send a JSON body rather than `multipart/form-data`; a JSON body
 *   is sent anyway when @variables is not empty, as a form cannot carry them
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Asks the PBX to ring @caller and then dial @callee. Every field is checked
 * before anything is sent: numbers with dipcc_phone_number_normalize() (and
 * sent in that form), @cos_id as digits, and no CR, LF or other control
 * character anywhere; a refused field fails with
 * %DIPCC_ERROR_INVALID_INPUT and a message that names it.
 */
void
dipcc_rest_client_click_to_call_async (DipccRestClient     *self,
                                       const char          *caller,
                                       const char          *callee,
                                       const char          *cos_id,
                                       const char          *cid_name,
                                       const char          *cid_number,
                                       GHashTable          *variables,
                                       gboolean             as_json,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *norm_caller = NULL;
  g_autofree char *norm_callee = NULL;
  g_autofree char *norm_cid_number = NULL;
  g_autofree char *valid_cid_name = NULL;
  Request *request;
  SoupMessage *message;

  g_return_if_fail (DIPCC_IS_REST_CLIENT (self));
  g_return_if_fail (caller != NULL);
  g_return_if_fail (callee != NULL);
  g_return_if_fail (cos_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_request (self, REQUEST_CLICK_TO_CALL, dipcc_rest_client_click_to_call_async,
                        cancellable, callback, user_data);
  request = g_task_get_task_data (task);

  if (cid_name != NULL && *cid_name == '\0')
    cid_name = NULL;
  if (cid_number != NULL && *cid_number == '\0')
    cid_number = NULL;

  norm_caller = check_number_field (caller, FIELD_CALLER, &error);
  if (norm_caller != NULL)
    norm_callee = check_number_field (callee, FIELD_CALLEE, &error);
  if (norm_callee != NULL && !is_cos_id (cos_id))
    g_set_error_literal (&error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                         *cos_id == '\0'
                         ? _("No class of service (cos_id) is set. Enter it in Preferences.")
                         : _("The class of service (cos_id) must be a number of at most 9 "
                             "digits. Check it in Preferences."));
  if (error == NULL && cid_name != NULL && has_control_characters (cid_name))
    g_set_error_literal (&error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                         _("The caller ID name (cid_name) must not contain line breaks. "
                           "Check it in Preferences."));
  if (error == NULL && cid_number != NULL)
    norm_cid_number = check_number_field (cid_number, FIELD_CID_NUMBER, &error);
  if (error == NULL)
    check_variables (variables, &error);

  if (error == NULL)
    url = build_url (self, "/api/v2/core/click_to_call", NULL, &request->host, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (cid_name != NULL)
    valid_cid_name = dipcc_utf8_make_valid (cid_name, -1, NULL);

  if (as_json || (variables != NULL && g_hash_table_size (variables) > 0))
    {
      g_autoptr(GBytes) body = click_to_call_json (norm_caller, norm_callee, cos_id,
                                                   valid_cid_name, norm_cid_number,
                                                   variables);

      message = soup_message_new (SOUP_METHOD_POST, url);
      if (message != NULL)
        soup_message_set_request_body_from_bytes (message, "application/json", body);
    }
  else
    {
      SoupMultipart *multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);

      soup_multipart_append_form_string (multipart, "caller", norm_caller);
      soup_multipart_append_form_string (multipart, "callee", norm_callee);
      soup_multipart_append_form_string (multipart, "cos_id", cos_id);
      if (valid_cid_name != NULL)
        soup_multipart_append_form_string (multipart, "cid_name", valid_cid_name);
      if (norm_cid_number != NULL)
        soup_multipart_append_form_string (multipart, "cid_number", norm_cid_number);
      message = soup_message_new_from_multipart (url, multipart);
      soup_multipart_free (multipart);
    }

  if (message == NULL)
    {
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED, "%s",
                               _("The PBX address is not valid. Check it in Preferences."));
      return;
    }

  send_request (self, g_steal_pointer (&task), message);
}

/**
 * dipcc_rest_client_click_to_call_finish:
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the PBX took the call, or %FALSE with a %DIPCC_ERROR
 *   or %G_IO_ERROR_CANCELLED
 */
gboolean
dipcc_rest_client_click_to_call_finish (DipccRestClient  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (DIPCC_IS_REST_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_rest_client_click_to_call_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- GET /api/v2/cdr ---------------------------------------------------- */

/**
 * dipcc_rest_client_cdr_query_async:
 * @query: (nullable): the parameters; %NULL for none
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Asks for call detail records. The answer is parsed in a worker thread.
 */
void
dipcc_rest_client_cdr_query_async (DipccRestClient     *self,
                                   const DipccCdrQuery *query,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *query_string = NULL;
  GTask *task;

  g_return_if_fail (DIPCC_IS_REST_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_request (self, REQUEST_CDR, dipcc_rest_client_cdr_query_async,
                        cancellable, callback, user_data);
  if (query != NULL)
    query_string = dipcc_cdr_query_to_query_string (query);
  send_get (self, task, "/api/v2/cdr", query_string);
}

/**
 * dipcc_rest_client_cdr_query_finish:
 * @total: (out) (optional): how many records the server has for the query
 *   (its `total`, else the number of rows)
 * @n_skipped: (out) (optional): how many rows were not objects and were
 *   left out
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DipccCdrRecord): the records, or
 *   %NULL with a %DIPCC_ERROR or %G_IO_ERROR_CANCELLED
 */
GPtrArray *
dipcc_rest_client_cdr_query_finish (DipccRestClient  *self,
                                    GAsyncResult     *result,
                                    guint            *total,
                                    guint            *n_skipped,
                                    GError          **error)
{
  Request *request;
  GPtrArray *records;

  g_return_val_if_fail (DIPCC_IS_REST_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_rest_client_cdr_query_async, NULL);

  request = g_task_get_task_data (G_TASK (result));
  records = g_task_propagate_pointer (G_TASK (result), error);
  if (total)
    *total = records ? request->total : 0;
  if (n_skipped)
    *n_skipped = records ? request->n_skipped : 0;
  return records;
}
