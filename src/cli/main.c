/* main.c: dipcc, the command-line tool on libdipcc-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dipcc-ami-message.h"
#include "dipcc-ami-transport.h"
#include "dipcc-call-list.h"
#include "dipcc-cdr-query.h"
#include "dipcc-cdr-record.h"
#include "dipcc-connection-config.h"
#include "dipcc-connection-test.h"
#include "dipcc-core-enums.h"
#include "dipcc-device-state.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-error.h"
#include "dipcc-forwarding.h"
#include "dipcc-pbx-client.h"
#include "dipcc-phone-number.h"
#include "dipcc-rest-client.h"
#include "dipcc-secret-store.h"
#include "dipcc-settings.h"
#include "dipcc-ws-transport.h"

/* Exit codes scripts can rely on */
#define EXIT_OK     0
#define EXIT_PBX    1   /* the PBX or the network */
#define EXIT_USAGE  2   /* the command line */

#define SCHEMA_ID "io.github.dipcc.Companion"

typedef struct {
  /* options that override the settings */
  char      *url;
  char      *tenant;
  char      *ws;
  char      *ami;
  char      *user;
  char      *dialect;
  int        server_id;
  char      *app_key_file;
  char      *secret_file;
  char      *pin;
  int        timeout_s;

  /* what the command runs with */
  char      *extension;
  char      *cos_id;
  char      *cid_name;
  char      *cid_number;
  gboolean   use_ami;
  char      *ami_host;
  guint16    ami_port;
  gboolean   ami_tls;
  GArray    *server_ids;
  DipccWsDialect ws_dialect;
  char      *app_key;
  char      *ami_secret;
} Config;

static Config config = { .server_id = -1, .timeout_s = 10 };

static const GOptionEntry connection_entries[] = {
  { "url", 0, 0, G_OPTION_ARG_STRING, &config.url,
    N_("REST base URL of the PBX, e.g. https://pbx.example"), N_("URL") },
  { "tenant", 0, 0, G_OPTION_ARG_STRING, &config.tenant, N_("Tenant id"), N_("ID") },
  { "ws", 0, 0, G_OPTION_ARG_STRING, &config.ws,
    N_("Event channel: the PBX's WebSocket URL (ws:// or wss://)"), N_("URL") },
  { "ami", 0, 0, G_OPTION_ARG_STRING, &config.ami,
    N_("Event channel: plain AMI over TCP at HOST:PORT instead of the WebSocket"),
    N_("HOST:PORT") },
  { "user", 0, 0, G_OPTION_ARG_STRING, &config.user, N_("AMI user name"), N_("NAME") },
  { "dialect", 0, 0, G_OPTION_ARG_STRING, &config.dialect,
    N_("WebSocket request dialect: v3 or dcmiws"), N_("DIALECT") },
  { "server", 0, 0, G_OPTION_ARG_INT, &config.server_id,
    N_("AMI server id behind the WebSocket (default: from the settings, else 1)"), N_("ID") },
  { "app-key-file", 0, 0, G_OPTION_ARG_FILENAME, &config.app_key_file,
    N_("Read the REST app-key from FILE (or set DIPCC_APP_KEY)"), N_("FILE") },
  { "secret-file", 0, 0, G_OPTION_ARG_FILENAME, &config.secret_file,
    N_("Read the AMI secret from FILE (or set DIPCC_AMI_SECRET)"), N_("FILE") },
  { "pin", 0, 0, G_OPTION_ARG_STRING, &config.pin,
    N_("Accept the PBX's self-signed certificate with this SHA-256 fingerprint"),
    N_("SHA256") },
  { "timeout", 0, 0, G_OPTION_ARG_INT, &config.timeout_s,
    N_("Seconds to wait for the PBX (default 10)"), N_("SECONDS") },
  { NULL }
};

/* ---- small helpers ------------------------------------------------------- */

static int G_GNUC_PRINTF (2, 3)
fail (int         code,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("dipcc: %s\n", message);
  return code;
}

static int
fail_error (const GError *error)
{
  if (error->domain == DIPCC_ERROR &&
      (error->code == DIPCC_ERROR_INVALID_INPUT || error->code == DIPCC_ERROR_NOT_CONFIGURED))
    return fail (EXIT_USAGE, "%s", error->message);
  return fail (EXIT_PBX, "%s", error->message);
}

typedef struct {
  GAsyncResult *result;
  gboolean      timed_out;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  ((Wait *) user_data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @wait has a result or the timeout passes. */
static gboolean
wait_for (Wait *wait,
          int   timeout_s)
{
  guint id = g_timeout_add_seconds (MAX (timeout_s, 1) + 1, wait_timeout_cb, wait);

  while (wait->result == NULL && !wait->timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!wait->timed_out)
    g_source_remove (id);
  return wait->result != NULL;
}

static char *
read_secret_file (const char  *path,
                  GError     **error)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  g_strchomp (contents);
  return g_steal_pointer (&contents);
}

static gboolean
settings_available (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return FALSE;
  schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  return schema != NULL;
}

static char *
lookup_keyring (DipccSecretStore *store,
                DipccSecretKind   kind,
                const char       *account)
{
  Wait wait = { 0 };
  g_autoptr(GError) error = NULL;
  char *secret;

  dipcc_secret_store_lookup_async (store, kind, account, NULL, wait_cb, &wait);
  if (!wait_for (&wait, 5))
    return NULL;
  secret = dipcc_secret_store_lookup_finish (store, wait.result, &error);
  g_clear_object (&wait.result);
  if (error != NULL)
    g_debug ("keyring: %s", error->message);
  return secret;
}

/* Settings first, then options; secrets from files, the environment or the
 * keyring, never from an option value (it would show in `ps`). */
static gboolean
resolve_config (GError **error)
{
  g_autoptr(DipccSettings) settings = NULL;
  g_autoptr(DipccSecretStore) store = NULL;
  g_autofree char *rest_url = NULL;
  g_autofree char *ws_url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *tenant = NULL;

  if (settings_available ())
    settings = dipcc_settings_new ();

  rest_url = g_strdup (config.url ? config.url
                       : settings ? dipcc_settings_get_rest_url (settings) : "");
  tenant = g_strdup (config.tenant ? config.tenant
                     : settings ? dipcc_settings_get_tenant (settings) : "");
  ws_url = g_strdup (config.ws ? config.ws : settings ? dipcc_settings_get_ws_url (settings) : "");
  user = g_strdup (config.user ? config.user
                   : settings ? dipcc_settings_get_ami_user (settings) : "");
  g_free (config.url);
  config.url = g_steal_pointer (&rest_url);
  g_free (config.tenant);
  config.tenant = g_steal_pointer (&tenant);
  g_free (config.ws);
  config.ws = g_steal_pointer (&ws_url);
  g_free (config.user);
  config.user = g_steal_pointer (&user);

  config.extension = g_strdup (settings ? dipcc_settings_get_extension (settings) : "");
  config.cos_id = g_strdup (settings ? dipcc_settings_get_cos_id (settings) : "");
  config.cid_name = g_strdup (settings ? dipcc_settings_get_cid_name (settings) : "");
  config.cid_number = g_strdup (settings ? dipcc_settings_get_cid_number (settings) : "");
  if (config.pin == NULL)
    config.pin = g_strdup (settings ? dipcc_settings_get_tls_pin (settings) : "");

  config.ws_dialect = settings ? dipcc_settings_get_ws_dialect (settings) : DIPCC_WS_DIALECT_V3;
  if (config.dialect != NULL)
    {
      if (g_ascii_strcasecmp (config.dialect, "v3") == 0)
        config.ws_dialect = DIPCC_WS_DIALECT_V3;
      else if (g_ascii_strcasecmp (config.dialect, "dcmiws") == 0)
        config.ws_dialect = DIPCC_WS_DIALECT_DCMIWS;
      else
        {
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       _("Unknown dialect “%s”: use v3 or dcmiws"), config.dialect);
          return FALSE;
        }
    }

  config.server_ids = g_array_new (FALSE, FALSE, sizeof (int));
  if (config.server_id >= 0)
    g_array_append_val (config.server_ids, config.server_id);
  else if (settings != NULL)
    {
      gsize n = 0;
      g_autofree int *ids = dipcc_settings_dup_server_ids (settings, &n);

      g_array_append_vals (config.server_ids, ids, n);
    }
  if (config.server_ids->len == 0)
    {
      int one = 1;

      g_array_append_val (config.server_ids, one);
    }

  config.use_ami = config.ami != NULL ||
                   (config.ws == NULL || *config.ws == '\0'
                    ? (settings != NULL &&
                       dipcc_settings_get_event_channel (settings) == DIPCC_EVENT_CHANNEL_AMI)
                    : FALSE);
  if (config.ami != NULL)
    {
      const char *colon = strrchr (config.ami, ':');
      char *end = NULL;
      guint64 port = colon ? g_ascii_strtoull (colon + 1, &end, 10) : 0;

      if (colon == NULL || colon == config.ami || end == NULL || *end != '\0' ||
          port == 0 || port > 65535)
        {
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       _("--ami wants HOST:PORT, e.g. 127.0.0.1:5038"));
          return FALSE;
        }
      config.ami_host = g_strndup (config.ami, colon - config.ami);
      config.ami_port = port;
    }
  else if (settings != NULL)
    {
      config.ami_host = g_strdup (dipcc_settings_get_ami_host (settings));
      config.ami_port = dipcc_settings_get_ami_port (settings);
      config.ami_tls = dipcc_settings_get_ami_tls (settings);
    }

  /* secrets */
  if (config.app_key_file != NULL)
    {
      config.app_key = read_secret_file (config.app_key_file, error);
      if (config.app_key == NULL)
        return FALSE;
    }
  else if (g_getenv ("DIPCC_APP_KEY") != NULL)
    config.app_key = g_strdup (g_getenv ("DIPCC_APP_KEY"));

  if (config.secret_file != NULL)
    {
      config.ami_secret = read_secret_file (config.secret_file, error);
      if (config.ami_secret == NULL)
        return FALSE;
    }
  else if (g_getenv ("DIPCC_AMI_SECRET") != NULL)
    config.ami_secret = g_strdup (g_getenv ("DIPCC_AMI_SECRET"));

  if (config.app_key == NULL && *config.url != '\0')
    {
      g_autofree char *account = dipcc_secret_store_account_for_rest (config.tenant, config.url);

      store = store ? store : dipcc_secret_store_new ();
      config.app_key = lookup_keyring (store, DIPCC_SECRET_KIND_APP_KEY, account);
    }
  if (config.ami_secret == NULL && config.use_ami && config.ami_host != NULL)
    {
      g_autofree char *account = dipcc_secret_store_account_for_ami (config.user, config.ami_host,
                                                                     config.ami_port);

      store = store ? store : dipcc_secret_store_new ();
      config.ami_secret = lookup_keyring (store, DIPCC_SECRET_KIND_AMI_SECRET, account);
    }
  return TRUE;
}

/* What the options and settings resolved to, in the form the core's client
 * factories take. */
static DipccConnectionConfig *
connection_config (void)
{
  DipccConnectionConfig *c = dipcc_connection_config_new ();

  g_free (c->rest_url);
  c->rest_url = g_strdup (config.url);
  g_free (c->tenant);
  c->tenant = g_strdup (config.tenant);
  dipcc_connection_config_set_app_key (c, config.app_key);
  c->event_channel = config.use_ami ? DIPCC_EVENT_CHANNEL_AMI : DIPCC_EVENT_CHANNEL_WEBSOCKET;
  g_free (c->ws_url);
  c->ws_url = g_strdup (config.ws ? config.ws : "");
  c->ws_dialect = config.ws_dialect;
  g_array_set_size (c->server_ids, 0);
  g_array_append_vals (c->server_ids, config.server_ids->data, config.server_ids->len);
  g_free (c->ami_host);
  c->ami_host = g_strdup (config.ami_host ? config.ami_host : "");
  c->ami_port = config.ami_port;
  g_free (c->ami_user);
  c->ami_user = g_strdup (config.user ? config.user : "");
  dipcc_connection_config_set_ami_secret (c, config.ami_secret);
  c->ami_tls = config.ami_tls;
  g_free (c->tls_pin);
  c->tls_pin = g_strdup (config.pin ? config.pin : "");
  c->timeout_s = config.timeout_s;
  return c;
}

/* The CLI checks first so that its errors name its own options. */
static gboolean
check_rest (GError **error)
{
  if (*config.url == '\0')
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                   _("No REST URL: set it in the app's Preferences or give --url"));
      return FALSE;
    }
  if (config.app_key == NULL || *config.app_key == '\0')
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                   _("No app-key: store it in the app's Preferences, or use --app-key-file "
                     "or DIPCC_APP_KEY"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_events (GError **error)
{
  if (config.use_ami && (config.ami_host == NULL || *config.ami_host == '\0'))
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                   _("No AMI host: set it in Preferences or give --ami HOST:PORT"));
      return FALSE;
    }
  if (!config.use_ami && (config.ws == NULL || *config.ws == '\0'))
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                   _("No event channel: give --ws URL or --ami HOST:PORT, or set one "
                     "in Preferences"));
      return FALSE;
    }
  if (config.use_ami &&
      (config.user == NULL || *config.user == '\0' ||
       config.ami_secret == NULL || *config.ami_secret == '\0'))
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                   _("AMI needs a user and a secret: give --user and --secret-file "
                     "(or DIPCC_AMI_SECRET)"));
      return FALSE;
    }
  return TRUE;
}

static DipccRestClient *
make_rest_client (GError **error)
{
  g_autoptr(DipccConnectionConfig) c = NULL;

  if (!check_rest (error))
    return NULL;
  c = connection_config ();
  return dipcc_connection_config_create_rest_client (c, error);
}

static DipccPbxClient *
make_pbx_client (GError **error)
{
  g_autoptr(DipccConnectionConfig) c = NULL;

  if (!check_events (error))
    return NULL;
  c = connection_config ();
  return dipcc_connection_config_create_pbx_client (c, error);
}

static gboolean
wait_connected (DipccPbxClient  *client,
                GError         **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) config.timeout_s * G_USEC_PER_SEC;
  Wait wait = { 0 };
  guint id = g_timeout_add_seconds (MAX (config.timeout_s, 1), wait_timeout_cb, &wait);

  while (dipcc_pbx_client_get_state (client) != DIPCC_PBX_STATE_CONNECTED &&
         dipcc_pbx_client_get_state (client) != DIPCC_PBX_STATE_AUTH_FAILED &&
         !wait.timed_out && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!wait.timed_out)
    g_source_remove (id);

  if (dipcc_pbx_client_get_state (client) == DIPCC_PBX_STATE_CONNECTED)
    return TRUE;
  if (dipcc_pbx_client_get_last_error (client) != NULL)
    *error = g_error_copy (dipcc_pbx_client_get_last_error (client));
  else
    g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_TIMEOUT,
                 _("Could not connect to the PBX's event channel within %d s"),
                 config.timeout_s);
  return FALSE;
}

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* Fields in order; a key that repeats becomes an array. */
static JsonNode *
message_to_json (DipccAmiMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = dipcc_ami_message_get_n_fields (message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "server_id");
  json_builder_add_int_value (builder, dipcc_ami_message_get_server_id (message));
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  for (guint i = 0; i < n; i++)
    {
      const char *key = dipcc_ami_message_get_key_at (message, i);

      if (g_hash_table_contains (done, key))
        continue;
      g_hash_table_add (done, (gpointer) key);
      json_builder_set_member_name (builder, key);
      if (dipcc_ami_message_count (message, key) > 1)
        {
          json_builder_begin_array (builder);
          for (guint j = i; j < n; j++)
            if (strcmp (dipcc_ami_message_get_key_at (message, j), key) == 0)
              json_builder_add_string_value (builder, dipcc_ami_message_get_value_at (message, j));
          json_builder_end_array (builder);
        }
      else
        json_builder_add_string_value (builder, dipcc_ami_message_get_value_at (message, i));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
parse_options (GOptionContext  *context,
               int             *argc,
               char          ***argv,
               int             *exit_code)
{
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, connection_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = fail (EXIT_USAGE, "%s", error->message);
      return FALSE;
    }
  if (config.timeout_s <= 0)
    {
      *exit_code = fail (EXIT_USAGE, _("--timeout must be a positive number of seconds"));
      return FALSE;
    }
  if (!resolve_config (&error))
    {
      *exit_code = fail_error (error);
      return FALSE;
    }
  return TRUE;
}

/* ---- dipcc ping ------------------------------------------------------------ */

static int
cmd_ping (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check the REST API and the "
                                                              "event channel"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) rest_error = NULL;
  g_autoptr(GError) events_error = NULL;
  g_autoptr(DipccConnectionConfig) c = NULL;
  g_autoptr(DipccConnectionTestResult) test = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  DipccConnectionTestFlags what = 0;
  gboolean try_rest, try_events;
  int code = EXIT_OK;
  Wait wait = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &code))
    return code;

  try_rest = *config.url != '\0';
  try_events = config.use_ami || (config.ws != NULL && *config.ws != '\0');
  if (!try_rest && !try_events)
    return fail (EXIT_USAGE, _("Nothing to ping: give --url, --ws or --ami, or set up the app"));

  /* The CLI checks first so that its errors name its own options; the
   * test itself is the core's, shared with the app's "Test Connection". */
  if (try_rest && check_rest (&rest_error))
    what |= DIPCC_CONNECTION_TEST_REST;
  if (try_events && check_events (&events_error))
    what |= DIPCC_CONNECTION_TEST_EVENTS;
  c = connection_config ();
  dipcc_connection_test_async (c, what, NULL, wait_cb, &wait);
  /* Every step has its own timeout; this one only guards against a bug. */
  if (wait_for (&wait, (int) config.timeout_s * (3 + (int) config.server_ids->len)))
    test = dipcc_connection_test_finish (wait.result, &error);
  else
    g_set_error (&error, DIPCC_ERROR, DIPCC_ERROR_TIMEOUT, _("The PBX did not answer"));
  g_clear_object (&wait.result);
  if (test == NULL)
    return fail_error (error);

  json_builder_begin_object (builder);

  if (try_rest)
    {
      const GError *failure = rest_error != NULL ? rest_error : test->rest_error;

      json_builder_set_member_name (builder, "rest");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, failure == NULL);
      if (failure == NULL)
        {
          json_builder_set_member_name (builder, "round_trip_ms");
          json_builder_add_double_value (builder, test->rest_ms);
          if (!json)
            g_print (_("REST       %s: ok, %.1f ms\n"), config.url, test->rest_ms);
        }
      else
        {
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, failure->message);
          if (!json)
            g_print (_("REST       %s: FAILED: %s\n"), config.url, failure->message);
          code = EXIT_PBX;
        }
      json_builder_end_object (builder);
    }

  if (try_events)
    {
      const char *where = config.use_ami ? config.ami_host : config.ws;

      json_builder_set_member_name (builder, "events");
      json_builder_begin_array (builder);
      for (guint i = 0; i < config.server_ids->len; i++)
        {
          int server = g_array_index (config.server_ids, int, i);
          const GError *failure = events_error;
          double ms = 0;

          if (failure == NULL && i < test->pings->len)
            {
              const DipccServerPing *ping = &g_array_index (test->pings, DipccServerPing, i);

              failure = ping->error;
              ms = ping->round_trip_ms;
            }

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "server_id");
          json_builder_add_int_value (builder, server);
          json_builder_set_member_name (builder, "ok");
          json_builder_add_boolean_value (builder, failure == NULL);
          if (failure == NULL)
            {
              json_builder_set_member_name (builder, "round_trip_ms");
              json_builder_add_double_value (builder, ms);
              if (!json)
                g_print (_("Events     %s server %d: ok, %.1f ms\n"), where, server, ms);
            }
          else
            {
              json_builder_set_member_name (builder, "error");
              json_builder_add_string_value (builder, failure->message);
              if (!json)
                g_print (_("Events     %s server %d: FAILED: %s\n"), where, server,
                         failure->message);
              code = EXIT_PBX;
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      print_json (root);
    }
  return code;
}

/* ---- dipcc call -------------------------------------------------------------- */

static int
cmd_call (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NUMBER — ring your phone, then "
                                                              "call NUMBER"));
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *cos = NULL;
  g_autofree char *cid_name = NULL;
  g_autofree char *cid_number = NULL;
  g_autofree char *callee = NULL;
  g_autofree char *shown = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Your extension (rung first)"), N_("EXT") },
    { "cos", 0, 0, G_OPTION_ARG_STRING, &cos, N_("Class of service id"), N_("ID") },
    { "cid-name", 0, 0, G_OPTION_ARG_STRING, &cid_name, N_("Caller-id name to show"),
      N_("NAME") },
    { "cid-number", 0, 0, G_OPTION_ARG_STRING, &cid_number, N_("Caller-id number to show"),
      N_("NUMBER") },
    { "json-body", 0, 0, G_OPTION_ARG_NONE, &as_json,
      N_("Send the request as JSON instead of form data"), NULL },
    { NULL }
  };
  g_autoptr(DipccRestClient) rest = NULL;
  Wait wait = { 0 };
  int code = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &code))
    return code;
  if (argc != 2)
    return fail (EXIT_USAGE, _("Give one number to call, e.g. dipcc call 0216682471"));

  callee = dipcc_phone_number_normalize (argv[1], &error);
  if (callee == NULL)
    return fail_error (error);
  if (from == NULL)
    from = g_strdup (config.extension);
  if (from == NULL || *from == '\0')
    return fail (EXIT_USAGE, _("Which phone should ring first? Give --from EXT or set your "
                               "extension in Preferences"));
  if (cos == NULL)
    cos = g_strdup (config.cos_id && *config.cos_id ? config.cos_id : "1");
  if (cid_name == NULL)
    cid_name = g_strdup (config.cid_name);
  if (cid_number == NULL)
    cid_number = g_strdup (config.cid_number);

  rest = make_rest_client (&error);
  if (rest == NULL)
    return fail_error (error);

  dipcc_rest_client_click_to_call_async (rest, from, callee, cos,
                                         cid_name && *cid_name ? cid_name : NULL,
                                         cid_number && *cid_number ? cid_number : NULL,
                                         NULL, as_json, NULL, wait_cb, &wait);
  if (!wait_for (&wait, config.timeout_s))
    return fail (EXIT_PBX, _("The PBX did not answer the call request"));
  if (!dipcc_rest_client_click_to_call_finish (rest, wait.result, &error))
    code = fail_error (error);
  g_clear_object (&wait.result);
  if (code != EXIT_OK)
    return code;

  shown = dipcc_phone_number_format (callee);
  g_print (_("Your phone (%s) rings first — pick it up to call %s\n"), from, shown);
  return EXIT_OK;
}

/* ---- dipcc history ---------------------------------------------------------- */

static gboolean
parse_date (const char *text,
            gboolean    end_of_day,
            gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  int y, m, d, hh = 0, mm = 0;
  char *end = NULL;
  gint64 seconds = g_ascii_strtoll (text, &end, 10);

  if (end != text && *end == '\0' && seconds > 100000000)
    {
      *out = seconds;
      return TRUE;
    }
  if (sscanf (text, "%4d-%2d-%2d %2d:%2d", &y, &m, &d, &hh, &mm) == 5 ||
      sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3)
    {
      gboolean has_time = strchr (text, ':') != NULL;

      if (!has_time && end_of_day)
        dt = g_date_time_new (local, y, m, d, 23, 59, 59);
      else
        dt = g_date_time_new (local, y, m, d, hh, mm, 0);
    }
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static const char *
disposition_text (DipccCdrDisposition disposition)
{
  switch (disposition)
    {
    case DIPCC_CDR_DISPOSITION_ANSWERED:
      return "ANSWERED";
    case DIPCC_CDR_DISPOSITION_NO_ANSWER:
      return "NO ANSWER";
    case DIPCC_CDR_DISPOSITION_BUSY:
      return "BUSY";
    case DIPCC_CDR_DISPOSITION_FAILED:
      return "FAILED";
    case DIPCC_CDR_DISPOSITION_CONGESTION:
      return "CONGESTION";
    case DIPCC_CDR_DISPOSITION_UNKNOWN:
    default:
      return "";
    }
}

static const char *
calltype_text (DipccCallType type)
{
  switch (type)
    {
    case DIPCC_CALL_TYPE_INTERNAL:
      return "internal";
    case DIPCC_CALL_TYPE_INBOUND:
      return "in";
    case DIPCC_CALL_TYPE_OUTBOUND:
      return "out";
    case DIPCC_CALL_TYPE_TRUNK:
      return "trunk";
    case DIPCC_CALL_TYPE_UNKNOWN:
    default:
      return "";
    }
}

static int
cmd_history (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list calls from the PBX's "
                                                              "call records"));
  g_autoptr(GError) error = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  g_autofree char *types = NULL;
  g_autofree char *search = NULL;
  g_autofree char *extensions = NULL;
  int limit = 20;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &since,
      N_("From this date (YYYY-MM-DD [HH:MM], or unix seconds)"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Until this date"), N_("DATE") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &types,
      N_("Only these call types: in,out,internal,trunk"), N_("TYPES") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only calls whose source, destination or caller id contains TEXT"), N_("TEXT") },
    { "extensions", 0, 0, G_OPTION_ARG_STRING, &extensions,
      N_("Only calls from or to these numbers, comma separated"), N_("LIST") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N calls (default 20)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(DipccCdrQuery) query = dipcc_cdr_query_new ();
  g_autoptr(DipccRestClient) rest = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Wait wait = { 0 };
  guint total = 0, skipped = 0;
  int code = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &code))
    return code;
  if (argc > 1)
    return fail (EXIT_USAGE, _("Unexpected argument “%s”"), argv[1]);
  if (limit <= 0 || limit > 10000)
    return fail (EXIT_USAGE, _("--limit must be between 1 and 10000"));
  if (since != NULL && !parse_date (since, FALSE, &query->start_date))
    return fail (EXIT_USAGE, _("Cannot read the date “%s”: use YYYY-MM-DD"), since);
  if (until != NULL && !parse_date (until, TRUE, &query->end_date))
    return fail (EXIT_USAGE, _("Cannot read the date “%s”: use YYYY-MM-DD"), until);
  if (types != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (types, ",", -1);

      for (guint i = 0; parts[i]; i++)
        {
          const char *t = g_strstrip (parts[i]);

          if (g_str_equal (t, "in"))
            dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_INBOUND);
          else if (g_str_equal (t, "out"))
            dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_OUTBOUND);
          else if (g_str_equal (t, "internal"))
            dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_INTERNAL);
          else if (g_str_equal (t, "trunk"))
            dipcc_cdr_query_add_calltype (query, DIPCC_CALL_TYPE_TRUNK);
          else
            return fail (EXIT_USAGE, _("Unknown call type “%s”: use in, out, internal, trunk"),
                         t);
        }
    }
  if (search != NULL && *search != '\0')
    {
      const char *fields[] = { "source", "destination", "clid", NULL };

      query->search = g_strdup (search);
      query->search_fields = g_strdupv ((char **) fields);
    }
  if (extensions != NULL)
    query->extensions = g_strsplit (extensions, ",", -1);
  query->offset = 0;
  query->count = limit;
  query->order_by = g_strdup ("calldate");
  query->order_type = DIPCC_CDR_ORDER_TYPE_DESC;

  rest = make_rest_client (&error);
  if (rest == NULL)
    return fail_error (error);
  dipcc_rest_client_cdr_query_async (rest, query, NULL, wait_cb, &wait);
  if (!wait_for (&wait, config.timeout_s))
    return fail (EXIT_PBX, _("The PBX did not answer"));
  rows = dipcc_rest_client_cdr_query_finish (rest, wait.result, &total, &skipped, &error);
  g_clear_object (&wait.result);
  if (rows == NULL)
    return fail_error (error);
  if (skipped > 0)
    g_printerr (_("dipcc: %u records the PBX sent could not be read and are not shown\n"),
                skipped);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < rows->len; i++)
        {
          DipccCdrRecord *r = g_ptr_array_index (rows, i);
          GDateTime *when = dipcc_cdr_record_get_calldate (r);
          g_autofree char *iso = when ? g_date_time_format_iso8601 (when) : NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "calldate");
          if (iso)
            json_builder_add_string_value (builder, iso);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, dipcc_cdr_record_get_source (r));
          json_builder_set_member_name (builder, "destination");
          json_builder_add_string_value (builder, dipcc_cdr_record_get_destination (r));
          json_builder_set_member_name (builder, "clid");
          json_builder_add_string_value (builder, dipcc_cdr_record_get_clid (r));
          json_builder_set_member_name (builder, "duration");
          json_builder_add_int_value (builder, dipcc_cdr_record_get_duration (r));
          json_builder_set_member_name (builder, "billsec");
          json_builder_add_int_value (builder, dipcc_cdr_record_get_billsec (r));
          json_builder_set_member_name (builder, "disposition");
          json_builder_add_string_value (builder,
                                         disposition_text (dipcc_cdr_record_get_disposition (r)));
          json_builder_set_member_name (builder, "calltype");
          json_builder_add_string_value (builder,
                                         calltype_text (dipcc_cdr_record_get_calltype (r)));
          json_builder_set_member_name (builder, "uniqueid");
          json_builder_add_string_value (builder, dipcc_cdr_record_get_uniqueid (r));
          json_builder_set_member_name (builder, "linkedid");
          json_builder_add_string_value (builder, dipcc_cdr_record_get_linkedid (r));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
      return EXIT_OK;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      DipccCdrRecord *r = g_ptr_array_index (rows, i);
      GDateTime *when = dipcc_cdr_record_get_calldate (r);
      g_autoptr(GDateTime) local = when ? g_date_time_to_local (when) : NULL;
      g_autofree char *date = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
      g_autofree char *src = dipcc_phone_number_format (dipcc_cdr_record_get_source (r));
      g_autofree char *dst = dipcc_phone_number_format (dipcc_cdr_record_get_destination (r));
      guint d = dipcc_cdr_record_get_billsec (r);

      g_print ("%-16s  %-8s  %-15s → %-15s  %3u:%02u  %s\n", date,
               calltype_text (dipcc_cdr_record_get_calltype (r)), src, dst, d / 60, d % 60,
               disposition_text (dipcc_cdr_record_get_disposition (r)));
    }
  if (rows->len == 0)
    g_print (_("No calls.\n"));
  else if (total > rows->len)
    g_print (_("%u of %u calls shown; use --limit for more.\n"), rows->len, total);
  return EXIT_OK;
}

/* ---- dipcc endpoints ---------------------------------------------------------- */

static int
cmd_endpoints (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the phones and their "
                                                              "state"));
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(DipccPbxClient) pbx = NULL;
  g_autoptr(DipccEndpointList) endpoints = dipcc_endpoint_list_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n;
  int code = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &code))
    return code;

  pbx = make_pbx_client (&error);
  if (pbx == NULL)
    return fail_error (error);
  dipcc_pbx_client_start (pbx);
  if (!wait_connected (pbx, &error))
    return fail_error (error);

  for (guint s = 0; s < config.server_ids->len; s++)
    {
      int server = g_array_index (config.server_ids, int, s);
      g_autoptr(DipccAmiMessage) action = dipcc_ami_message_new_action ("PJSIPShowEndpoints");
      g_autoptr(DipccActionResult) result = NULL;
      Wait wait = { 0 };
      GPtrArray *items;

      dipcc_pbx_client_send_action_async (pbx, action, server, DIPCC_ACTION_FLAGS_LIST,
                                          config.timeout_s * 1000, NULL, wait_cb, &wait);
      if (!wait_for (&wait, config.timeout_s))
        return fail (EXIT_PBX, _("The PBX did not list its endpoints in time"));
      result = dipcc_pbx_client_send_action_finish (pbx, wait.result, &error);
      g_clear_object (&wait.result);
      if (result == NULL)
        return fail_error (error);
      items = dipcc_action_result_get_items (result);
      for (guint i = 0; items != NULL && i < items->len; i++)
        dipcc_endpoint_list_handle_event (endpoints, g_ptr_array_index (items, i));
    }
  dipcc_pbx_client_stop (pbx);

  n = g_list_model_get_n_items (G_LIST_MODEL (endpoints));
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DipccEndpoint) ep = g_list_model_get_item (G_LIST_MODEL (endpoints), i);
      const char *state = dipcc_device_state_to_string (dipcc_endpoint_get_device_state (ep));

      if (json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "server_id");
          json_builder_add_int_value (builder, dipcc_endpoint_get_server_id (ep));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, dipcc_endpoint_get_name (ep));
          json_builder_set_member_name (builder, "state");
          json_builder_add_string_value (builder, state);
          json_builder_set_member_name (builder, "registered");
          json_builder_add_boolean_value (builder, dipcc_endpoint_get_registered (ep));
          json_builder_set_member_name (builder, "contacts");
          json_builder_add_string_value (builder, dipcc_endpoint_get_contacts (ep));
          json_builder_set_member_name (builder, "active_channels");
          json_builder_add_int_value (builder, dipcc_endpoint_get_active_channels (ep));
          json_builder_end_object (builder);
        }
      else
        {
          g_print ("%-3d %-12s %-12s %s\n", dipcc_endpoint_get_server_id (ep),
                   dipcc_endpoint_get_name (ep), state,
                   dipcc_endpoint_get_registered (ep) ? _("registered") : _("not registered"));
        }
    }
  json_builder_end_array (builder);
  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      print_json (root);
    }
  else if (n == 0)
    g_print (_("The PBX lists no endpoints.\n"));
  return EXIT_OK;
}

/* ---- dipcc forward ------------------------------------------------------------ */

static void
add_forward_json (JsonBuilder       *builder,
                  DipccForwardState *state)
{
  DipccForwardKind kind = dipcc_forward_state_get_kind (state);
  const char *destination = dipcc_forward_state_get_destination (state);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, dipcc_forward_kind_get_nick (kind));
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, dipcc_forward_kind_get_token (kind));
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, dipcc_forward_state_get_enabled (state));
  json_builder_set_member_name (builder, "destination");
  if (destination != NULL)
    json_builder_add_string_value (builder, destination);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
print_forward_line (DipccForwardState *state)
{
  const char *label = dipcc_forward_kind_get_label (dipcc_forward_state_get_kind (state));
  const char *destination = dipcc_forward_state_get_destination (state);
  g_autofree char *shown = destination ? dipcc_phone_number_format (destination) : NULL;
  glong pad = 26 - g_utf8_strlen (label, -1);

  g_print ("%s%*s %-4s %s\n", label, (int) MAX (pad, 0), "",
           dipcc_forward_state_get_enabled (state) ? C_("forwarding", "on")
                                                   : C_("forwarding", "off"),
           shown ? shown : "—");
}

static int
cmd_forward (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[KIND [NUMBER|on|off]] — show "
                                                              "or change call forwarding"));
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *number = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("Whose forwarding: the extension (default: yours, from the settings)"), N_("EXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(DipccPbxClient) pbx = NULL;
  g_autoptr(DipccForwarding) forwarding = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) states = NULL;
  DipccForwardKind kind = DIPCC_FORWARD_KIND_ALWAYS;
  gboolean has_kind = FALSE;
  gboolean change = FALSE;
  gboolean enable = FALSE;
  Wait wait = { 0 };
  int code = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("KIND is always, busy, no-answer or unavailable (or CFI, "
                                      "CFB, CFN, CFU). Without KIND, all four are shown.\n"
                                      "  dipcc forward always 01012345678   forward every call\n"
                                      "  dipcc forward always on            again, to the same "
                                      "number\n"
                                      "  dipcc forward busy off             stop (the number is "
                                      "kept)"));
  if (!parse_options (context, &argc, &argv, &code))
    return code;
  if (argc > 3)
    return fail (EXIT_USAGE, _("Too many arguments: dipcc forward [KIND [NUMBER|on|off]]"));
  if (argc >= 2)
    {
      if (!dipcc_forward_kind_from_string (argv[1], &kind))
        return fail (EXIT_USAGE, _("Unknown kind of forwarding “%s”: use always, busy, "
                                   "no-answer or unavailable"), argv[1]);
      has_kind = TRUE;
    }
  if (argc == 3)
    {
      change = TRUE;
      if (g_ascii_strcasecmp (argv[2], "on") == 0)
        enable = TRUE;
      else if (g_ascii_strcasecmp (argv[2], "off") == 0)
        enable = FALSE;
      else
        {
          number = dipcc_phone_number_normalize (argv[2], &error);
          if (number == NULL)
            return fail_error (error);
          enable = TRUE;
        }
    }

  if (from == NULL)
    from = g_strdup (config.extension);
  if (from == NULL || *from == '\0')
    return fail (EXIT_USAGE, _("Whose forwarding? Give --from EXT or set your extension in "
                               "Preferences"));
  if (config.tenant == NULL || *config.tenant == '\0')
    return fail (EXIT_USAGE, _("No tenant id: give --tenant ID or set it in Preferences"));

  pbx = make_pbx_client (&error);
  if (pbx == NULL)
    return fail_error (error);
  dipcc_pbx_client_start (pbx);
  if (!wait_connected (pbx, &error))
    return fail_error (error);

  forwarding = dipcc_forwarding_new (pbx, config.tenant, from,
                                     g_array_index (config.server_ids, int, 0));
  states = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_forward_state_free);
  if (change)
    {
      DipccForwardState *state;

      dipcc_forwarding_set_async (forwarding, kind, enable, number, NULL, wait_cb, &wait);
      /* up to five commands, each with the client's own timeout */
      if (!wait_for (&wait, config.timeout_s * 5))
        return fail (EXIT_PBX, _("The PBX did not answer about call forwarding in time"));
      state = dipcc_forwarding_set_finish (forwarding, wait.result, &error);
      g_clear_object (&wait.result);
      if (state == NULL)
        return fail_error (error);
      g_ptr_array_add (states, state);
    }
  else
    {
      g_autoptr(GPtrArray) all = NULL;

      dipcc_forwarding_get_async (forwarding, NULL, wait_cb, &wait);
      if (!wait_for (&wait, config.timeout_s * 8))
        return fail (EXIT_PBX, _("The PBX did not answer about call forwarding in time"));
      all = dipcc_forwarding_get_finish (forwarding, wait.result, &error);
      g_clear_object (&wait.result);
      if (all == NULL)
        return fail_error (error);
      for (guint i = 0; i < all->len; i++)
        {
          DipccForwardState *state = g_ptr_array_index (all, i);

          if (!has_kind || dipcc_forward_state_get_kind (state) == kind)
            g_ptr_array_add (states, dipcc_forward_state_copy (state));
        }
    }
  dipcc_pbx_client_stop (pbx);

  if (json && change)
    {
      g_autoptr(JsonNode) root = NULL;

      add_forward_json (builder, g_ptr_array_index (states, 0));
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else if (json)
    {
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < states->len; i++)
        add_forward_json (builder, g_ptr_array_index (states, i));
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      for (guint i = 0; i < states->len; i++)
        print_forward_line (g_ptr_array_index (states, i));
    }
  return EXIT_OK;
}

/* ---- dipcc monitor and dipcc calls ------------------------------------------------ */

typedef struct {
  GMainLoop  *loop;
  gboolean    json;
  gboolean    stats;
  char      **events;
  guint64     max_events;
  guint64     n_messages;
  gint64      started;
  int         exit_code;
} Monitor;

static gboolean
on_interrupt (gpointer user_data)
{
  Monitor *monitor = user_data;

  g_main_loop_quit (monitor->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_state (DipccPbxClient *pbx,
          GParamSpec     *pspec,
          Monitor        *monitor)
{
  const GError *error = dipcc_pbx_client_get_last_error (pbx);
  GEnumClass *klass = g_type_class_ref (DIPCC_TYPE_PBX_STATE);
  GEnumValue *value = g_enum_get_value (klass, dipcc_pbx_client_get_state (pbx));

  g_printerr ("dipcc: %s%s%s\n", value ? value->value_nick : "?",
              error ? ": " : "", error ? error->message : "");
  g_type_class_unref (klass);
  if (dipcc_pbx_client_get_state (pbx) == DIPCC_PBX_STATE_AUTH_FAILED)
    {
      monitor->exit_code = EXIT_PBX;
      g_main_loop_quit (monitor->loop);
    }
}

static void
on_monitor_event (DipccPbxClient  *pbx,
                  DipccAmiMessage *message,
                  Monitor         *monitor)
{
  monitor->n_messages++;
  if (!monitor->stats)
    {
      const char *name = dipcc_ami_message_get_name (message);

      if (monitor->events != NULL)
        {
          gboolean wanted = FALSE;

          for (guint i = 0; monitor->events[i] && !wanted; i++)
            wanted = name != NULL && g_ascii_strcasecmp (monitor->events[i], name) == 0;
          if (!wanted)
            goto out;
        }
      if (monitor->json)
        {
          g_autoptr(JsonNode) node = message_to_json (message);

          print_json (node);
        }
      else
        {
          g_autofree char *text = dipcc_ami_message_to_string (message);

          g_print ("[%d] %s\n", dipcc_ami_message_get_server_id (message), text);
        }
    }
out:
  if (monitor->max_events > 0 && monitor->n_messages >= monitor->max_events)
    g_main_loop_quit (monitor->loop);
}

static void
print_stats (Monitor *monitor)
{
  double seconds = (g_get_monotonic_time () - monitor->started) / (double) G_USEC_PER_SEC;
  struct rusage usage;
  double cpu = 0;

  if (getrusage (RUSAGE_SELF, &usage) == 0)
    cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
          (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  g_print ("messages: %" G_GUINT64_FORMAT "\nseconds: %.3f\nmessages/s: %.0f\ncpu_seconds: %.3f\n",
           monitor->n_messages, seconds, seconds > 0 ? monitor->n_messages / seconds : 0, cpu);
}

static int
cmd_monitor (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— print the PBX's events as "
                                                              "they come, until interrupted"));
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  gint64 max_events = 0;
  Monitor monitor = { 0 };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &monitor.json, N_("One JSON object per line"), NULL },
    { "events", 0, 0, G_OPTION_ARG_STRING, &events,
      N_("Only these events, comma separated (e.g. Hangup,UserEvent)"), N_("NAMES") },
    { "stats", 0, 0, G_OPTION_ARG_NONE, &monitor.stats,
      N_("Print nothing per event; at the end, messages, seconds, messages/s and CPU time"),
      NULL },
    { "max-events", 0, 0, G_OPTION_ARG_INT64, &max_events,
      N_("Stop after N messages"), N_("N") },
    { NULL }
  };
  g_autoptr(DipccPbxClient) pbx = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint sigint, sigterm;
  int code = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &code))
    return code;
  if (max_events < 0)
    return fail (EXIT_USAGE, _("--max-events cannot be negative"));

  pbx = make_pbx_client (&error);
  if (pbx == NULL)
    return fail_error (error);

  monitor.loop = loop;
  monitor.max_events = max_events;
  monitor.events = events ? g_strsplit (events, ",", -1) : NULL;
  g_signal_connect (pbx, "event", G_CALLBACK (on_monitor_event), &monitor);
  g_signal_connect (pbx, "notify::state", G_CALLBACK (on_state), &monitor);
  sigint = g_unix_signal_add (SIGINT, on_interrupt, &monitor);
  sigterm = g_unix_signal_add (SIGTERM, on_interrupt, &monitor);

  monitor.started = g_get_monotonic_time ();
  dipcc_pbx_client_start (pbx);
  g_main_loop_run (loop);
  dipcc_pbx_client_stop (pbx);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_signal_handlers_disconnect_by_data (pbx, &monitor);

  if (monitor.stats)
    print_stats (&monitor);
  g_strfreev (monitor.events);
  return monitor.exit_code;
}

/* `dipcc calls`: what the models make of the events, not the events */

typedef struct {
  Monitor            base;
  DipccEndpointList *endpoints;
  DipccCallList     *calls;
  DipccPbxClient    *pbx;
} Calls;

static void
print_call (Calls      *c,
            const char *what,
            DipccCall  *call)
{
  GEnumClass *dir_class = g_type_class_ref (DIPCC_TYPE_CALL_DIRECTION);
  GEnumClass *state_class = g_type_class_ref (DIPCC_TYPE_CALL_STATE);
  const char *direction = g_enum_get_value (dir_class, dipcc_call_get_direction (call))->value_nick;
  const char *state = g_enum_get_value (state_class, dipcc_call_get_state (call))->value_nick;
  g_autofree char *number = dipcc_phone_number_format (dipcc_call_get_remote_number (call));

  if (c->base.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "signal");
      json_builder_add_string_value (b, what);
      json_builder_set_member_name (b, "server_id");
      json_builder_add_int_value (b, dipcc_call_get_server_id (call));
      json_builder_set_member_name (b, "linkedid");
      json_builder_add_string_value (b, dipcc_call_get_linkedid (call));
      json_builder_set_member_name (b, "direction");
      json_builder_add_string_value (b, direction);
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, state);
      json_builder_set_member_name (b, "remote_number");
      json_builder_add_string_value (b, dipcc_call_get_remote_number (call));
      json_builder_set_member_name (b, "remote_name");
      json_builder_add_string_value (b, dipcc_call_get_remote_name (call));
      json_builder_set_member_name (b, "did");
      json_builder_add_string_value (b, dipcc_call_get_did (call));
      json_builder_set_member_name (b, "main_number");
      json_builder_add_string_value (b, dipcc_call_get_main_number (call));
      json_builder_set_member_name (b, "agent_endpoint");
      json_builder_add_string_value (b, dipcc_call_get_agent_endpoint (call));
      json_builder_set_member_name (b, "answered_by");
      json_builder_add_string_value (b, dipcc_call_get_answered_by (call));
      json_builder_set_member_name (b, "answered_elsewhere");
      json_builder_add_boolean_value (b, dipcc_call_get_answered_elsewhere (call));
      json_builder_set_member_name (b, "hangup_cause");
      json_builder_add_int_value (b, dipcc_call_get_hangup_cause (call));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      g_print ("%-9s [%d/%s] %s %s %s%s%s → %s%s%s\n", what, dipcc_call_get_server_id (call),
               dipcc_call_get_linkedid (call), direction, state, number,
               *dipcc_call_get_remote_name (call) ? " " : "",
               dipcc_call_get_remote_name (call),
               dipcc_call_get_agent_endpoint (call),
               *dipcc_call_get_answered_by (call) ? _(" answered by ") : "",
               dipcc_call_get_answered_by (call));
    }
  g_type_class_unref (dir_class);
  g_type_class_unref (state_class);
}

static void
on_incoming (DipccCallList *l, DipccCall *call, Calls *c)
{
  print_call (c, "incoming", call);
}

static void
on_answered (DipccCallList *l, DipccCall *call, Calls *c)
{
  print_call (c, "answered", call);
}

static void
on_missed (DipccCallList *l, DipccCall *call, Calls *c)
{
  print_call (c, "missed", call);
}

static void
on_ended (DipccCallList *l, DipccCall *call, Calls *c)
{
  print_call (c, "ended", call);
}


static void
on_endpoint_state (DipccEndpoint *ep,
                   GParamSpec    *pspec,
                   Calls         *c)
{
  const char *state = dipcc_device_state_to_string (dipcc_endpoint_get_device_state (ep));

  if (c->base.json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      /* the name comes from the PBX: a quote or backslash in it must not
       * break the line */
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "signal");
      json_builder_add_string_value (b, "endpoint");
      json_builder_set_member_name (b, "server_id");
      json_builder_add_int_value (b, dipcc_endpoint_get_server_id (ep));
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, dipcc_endpoint_get_name (ep));
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, state);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    g_print ("endpoint  [%d] %s %s\n", dipcc_endpoint_get_server_id (ep),
             dipcc_endpoint_get_name (ep), state);
}

static void
on_endpoints_changed (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      Calls      *c)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(DipccEndpoint) ep = g_list_model_get_item (model, i);

      g_signal_connect (ep, "notify::device-state", G_CALLBACK (on_endpoint_state), c);
    }
}

static void
on_calls_event (DipccPbxClient  *pbx,
                DipccAmiMessage *message,
                Calls           *c)
{
  dipcc_endpoint_list_handle_event (c->endpoints, message);
  dipcc_call_list_handle_event (c->calls, message);
}

static void
on_calls_state (DipccPbxClient *pbx,
                GParamSpec     *pspec,
                Calls          *c)
{
  on_state (pbx, pspec, &c->base);

  /* the client lists the channels right after it connects: calls it does
   * not list hung up while we could not see them */
  if (dipcc_pbx_client_get_state (pbx) == DIPCC_PBX_STATE_CONNECTED)
    for (guint i = 0; i < config.server_ids->len; i++)
      dipcc_call_list_begin_resync (c->calls, g_array_index (config.server_ids, int, i));
}

static int
cmd_calls (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— follow calls and phone "
                                                              "states as the app sees them"));
  g_autoptr(GError) error = NULL;
  g_autofree char *extension = NULL;
  Calls c = { { 0 } };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &c.base.json, N_("One JSON object per line"), NULL },
    { "me", 0, 0, G_OPTION_ARG_STRING, &extension,
      N_("Your extension: calls ringing it are announced as incoming"), N_("EXT") },
    { NULL }
  };
  g_autoptr(DipccPbxClient) pbx = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint sigint, sigterm;
  int code = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &code))
    return code;

  pbx = make_pbx_client (&error);
  if (pbx == NULL)
    return fail_error (error);

  c.base.loop = loop;
  c.pbx = pbx;
  c.endpoints = dipcc_endpoint_list_new ();
  c.calls = dipcc_call_list_new (c.endpoints);
  dipcc_call_list_set_my_extension (c.calls, extension ? extension : config.extension);
  g_signal_connect (c.endpoints, "items-changed", G_CALLBACK (on_endpoints_changed), &c);
  g_signal_connect (c.calls, "incoming", G_CALLBACK (on_incoming), &c);
  g_signal_connect (c.calls, "answered", G_CALLBACK (on_answered), &c);
  g_signal_connect (c.calls, "missed", G_CALLBACK (on_missed), &c);
  g_signal_connect (c.calls, "ended", G_CALLBACK (on_ended), &c);
  g_signal_connect (pbx, "event", G_CALLBACK (on_calls_event), &c);
  g_signal_connect (pbx, "notify::state", G_CALLBACK (on_calls_state), &c);
  sigint = g_unix_signal_add (SIGINT, on_interrupt, &c.base);
  sigterm = g_unix_signal_add (SIGTERM, on_interrupt, &c.base);

  dipcc_pbx_client_start (pbx);
  g_main_loop_run (loop);
  dipcc_pbx_client_stop (pbx);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_signal_handlers_disconnect_by_data (pbx, &c);
  g_signal_handlers_disconnect_by_data (c.calls, &c);
  g_signal_handlers_disconnect_by_data (c.endpoints, &c);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (c.endpoints)); i++)
    {
      g_autoptr(DipccEndpoint) ep = g_list_model_get_item (G_LIST_MODEL (c.endpoints), i);

      g_signal_handlers_disconnect_by_data (ep, &c);
    }
  g_object_unref (c.calls);
  g_object_unref (c.endpoints);
  return c.base.exit_code;
}

/* ---- dipcc secret ------------------------------------------------------------ */

/* Reads one line from stdin: a secret never goes on the command line. */
static char *
read_secret_line (GError **error)
{
  GString *line = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    {
      if (line->len >= 4096)
        {
          memset (line->str, 0, line->len);
          g_string_free (line, TRUE);
          g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE,
                               _("The secret on standard input is longer than 4096 bytes"));
          return NULL;
        }
      g_string_append_c (line, (char) c);
    }
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  if (line->len == 0)
    {
      g_string_free (line, TRUE);
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("No secret on standard input: pipe it in, e.g. "
                             "“dipcc secret store app-key < key.txt”"));
      return NULL;
    }
  return g_string_free (line, FALSE);
}

static int
cmd_secret (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("store|clear app-key|ami-secret — keep a secret in the keyring; "
                            "store reads it from standard input"));
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccSecretStore) store = NULL;
  g_autofree char *account = NULL;
  DipccSecretKind kind;
  gboolean do_store;
  Wait wait = { 0 };
  int code = EXIT_OK;

  if (!parse_options (context, &argc, &argv, &code))
    return code;
  if (argc != 3 ||
      (!g_str_equal (argv[1], "store") && !g_str_equal (argv[1], "clear")) ||
      (!g_str_equal (argv[2], "app-key") && !g_str_equal (argv[2], "ami-secret")))
    return fail (EXIT_USAGE, _("Usage: dipcc secret store|clear app-key|ami-secret"));

  do_store = g_str_equal (argv[1], "store");
  kind = g_str_equal (argv[2], "app-key") ? DIPCC_SECRET_KIND_APP_KEY
                                          : DIPCC_SECRET_KIND_AMI_SECRET;
  if (kind == DIPCC_SECRET_KIND_APP_KEY)
    {
      if (*config.url == '\0')
        return fail (EXIT_USAGE, _("No REST URL: the app-key belongs to one; set it in "
                                   "Preferences or give --url"));
      account = dipcc_secret_store_account_for_rest (config.tenant, config.url);
    }
  else
    {
      if (config.ami_host == NULL || *config.ami_host == '\0')
        return fail (EXIT_USAGE, _("No AMI host: the secret belongs to one; set it in "
                                   "Preferences or give --ami HOST:PORT"));
      account = dipcc_secret_store_account_for_ami (config.user, config.ami_host,
                                                    config.ami_port);
    }

  store = dipcc_secret_store_new ();
  if (do_store)
    {
      char *secret = read_secret_line (&error);

      if (secret == NULL)
        return fail_error (error);
      dipcc_secret_store_store_async (store, kind, account, secret, NULL, wait_cb, &wait);
      dipcc_secret_free (secret);
      if (!wait_for (&wait, config.timeout_s))
        return fail (EXIT_PBX, _("The keyring did not answer"));
      if (!dipcc_secret_store_store_finish (store, wait.result, &error))
        code = fail_error (error);
    }
  else
    {
      gboolean removed = FALSE;

      dipcc_secret_store_clear_async (store, kind, account, NULL, wait_cb, &wait);
      if (!wait_for (&wait, config.timeout_s))
        return fail (EXIT_PBX, _("The keyring did not answer"));
      if (!dipcc_secret_store_clear_finish (store, wait.result, &removed, &error))
        code = fail_error (error);
    }
  g_clear_object (&wait.result);
  return code;
}

/* ---- main ------------------------------------------------------------------------ */

typedef struct {
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "ping", cmd_ping, N_("Check the REST API and the event channel, with round-trip times") },
  { "call", cmd_call, N_("Ring your phone, then call a number (click-to-call)") },
  { "history", cmd_history, N_("List calls from the PBX's call records") },
  { "endpoints", cmd_endpoints, N_("List the phones and their states") },
  { "forward", cmd_forward, N_("Show or change your call forwarding") },
  { "monitor", cmd_monitor, N_("Print the PBX's events as they come (JSON lines with --json)") },
  { "calls", cmd_calls, N_("Follow calls and phone states as the app sees them") },
  { "secret", cmd_secret, N_("Store the app-key or AMI secret in the keyring (from stdin)") },
};

static void
usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: dipcc COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Settings and secrets come from the app (GSettings and the "
                           "keyring); options override them. Secrets are never given as "
                           "option values: use --app-key-file/--secret-file or the "
                           "environment variables DIPCC_APP_KEY and DIPCC_AMI_SECRET."));
  fprintf (out, "%s\n", _("Exit status: 0 ok, 1 PBX or network error, 2 usage error."));
  fprintf (out, "%s\n", _("Run “dipcc COMMAND --help” for the options of a command."));
}

static void
clear_config (void)
{
  g_free (config.url);
  g_free (config.tenant);
  g_free (config.ws);
  g_free (config.ami);
  g_free (config.user);
  g_free (config.dialect);
  g_free (config.app_key_file);
  g_free (config.secret_file);
  g_free (config.pin);
  g_free (config.extension);
  g_free (config.cos_id);
  g_free (config.cid_name);
  g_free (config.cid_number);
  g_free (config.ami_host);
  if (config.server_ids)
    g_array_unref (config.server_ids);
  if (config.app_key)
    memset (config.app_key, 0, strlen (config.app_key));
  g_free (config.app_key);
  if (config.ami_secret)
    memset (config.ami_secret, 0, strlen (config.ami_secret));
  g_free (config.ami_secret);
}

int
main (int   argc,
      char *argv[])
{
  int code = EXIT_USAGE;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("dipcc");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("dipcc %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("dipcc %s", commands[i].name);

        g_set_prgname (prgname);
        code = commands[i].run (argc - 1, argv + 1);
        clear_config ();
        return code;
      }

  fail (EXIT_USAGE, _("Unknown command “%s”"), argv[1]);
  usage (stderr);
  return EXIT_USAGE;
}
