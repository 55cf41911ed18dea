/* dipcc-connection-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-connection-config"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dipcc-ami-transport.h"
#include "dipcc-connection-config.h"
#include "dipcc-error.h"
#include "dipcc-secret-store.h"
#include "dipcc-ws-transport.h"

#define DEFAULT_TIMEOUT_S 10

G_DEFINE_BOXED_TYPE (DipccConnectionConfig, dipcc_connection_config,
                     dipcc_connection_config_copy, dipcc_connection_config_free)

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/**
 * dipcc_connection_config_new:
 *
 * Returns: (transfer full): an empty configuration: nothing to connect to,
 *   server 1, AMI port 5038
 */
DipccConnectionConfig *
dipcc_connection_config_new (void)
{
  DipccConnectionConfig *config = g_new0 (DipccConnectionConfig, 1);
  int one = 1;

  config->rest_url = g_strdup ("");
  config->tenant = g_strdup ("");
  config->ws_url = g_strdup ("");
  config->ami_host = g_strdup ("");
  config->ami_user = g_strdup ("");
  config->tls_pin = g_strdup ("");
  config->ami_port = 5038;
  config->timeout_s = DEFAULT_TIMEOUT_S;
  config->server_ids = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (config->server_ids, one);
  return config;
}

/**
 * dipcc_connection_config_new_from_settings:
 * @settings: the app's settings
 *
 * Secrets are not in the settings: the caller looks them up in the keyring
 * and sets them with dipcc_connection_config_set_app_key() and
 * dipcc_connection_config_set_ami_secret().
 *
 * Returns: (transfer full): the configuration @settings describe
 */
DipccConnectionConfig *
dipcc_connection_config_new_from_settings (DipccSettings *settings)
{
  DipccConnectionConfig *config;
  g_autofree int *ids = NULL;
  gsize n_ids = 0;

  g_return_val_if_fail (DIPCC_IS_SETTINGS (settings), NULL);

  config = dipcc_connection_config_new ();
  g_free (config->rest_url);
  config->rest_url = g_strstrip (g_strdup (dipcc_settings_get_rest_url (settings)));
  g_free (config->tenant);
  config->tenant = g_strstrip (g_strdup (dipcc_settings_get_tenant (settings)));
  config->event_channel = dipcc_settings_get_event_channel (settings);
  g_free (config->ws_url);
  config->ws_url = g_strstrip (g_strdup (dipcc_settings_get_ws_url (settings)));
  config->ws_dialect = dipcc_settings_get_ws_dialect (settings);
  g_free (config->ami_host);
  config->ami_host = g_strstrip (g_strdup (dipcc_settings_get_ami_host (settings)));
  config->ami_port = (guint16) dipcc_settings_get_ami_port (settings);
  g_free (config->ami_user);
  config->ami_user = g_strstrip (g_strdup (dipcc_settings_get_ami_user (settings)));
  config->ami_tls = dipcc_settings_get_ami_tls (settings);
  g_free (config->tls_pin);
  config->tls_pin = g_strstrip (g_strdup (dipcc_settings_get_tls_pin (settings)));

  ids = dipcc_settings_dup_server_ids (settings, &n_ids);
  if (n_ids > 0)
    {
      g_array_set_size (config->server_ids, 0);
      g_array_append_vals (config->server_ids, ids, n_ids);
    }
  return config;
}

/**
 * dipcc_connection_config_copy:
 * @config: a configuration
 *
 * Returns: (transfer full): a deep copy of @config, secrets included
 */
DipccConnectionConfig *
dipcc_connection_config_copy (const DipccConnectionConfig *config)
{
  DipccConnectionConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_new0 (DipccConnectionConfig, 1);
  *copy = *config;
  copy->rest_url = g_strdup (config->rest_url);
  copy->tenant = g_strdup (config->tenant);
  copy->app_key = g_strdup (config->app_key);
  copy->ws_url = g_strdup (config->ws_url);
  copy->ami_host = g_strdup (config->ami_host);
  copy->ami_user = g_strdup (config->ami_user);
  copy->ami_secret = g_strdup (config->ami_secret);
  copy->tls_pin = g_strdup (config->tls_pin);
  copy->server_ids = g_array_copy (config->server_ids);
  return copy;
}

/**
 * dipcc_connection_config_free:
 * @config: (nullable): a configuration
 *
 * Frees @config, overwriting its secrets first.
 */
void
dipcc_connection_config_free (DipccConnectionConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->rest_url);
  g_free (config->tenant);
  dipcc_secret_free (config->app_key);
  g_free (config->ws_url);
  g_free (config->ami_host);
  g_free (config->ami_user);
  dipcc_secret_free (config->ami_secret);
  g_free (config->tls_pin);
  g_clear_pointer (&config->server_ids, g_array_unref);
  g_free (config);
}

/**
 * dipcc_connection_config_equal:
 * @a: a configuration
 * @b: another
 *
 * Returns: whether clients made from @a and @b would be the same
 */
gboolean
dipcc_connection_config_equal (const DipccConnectionConfig *a,
                               const DipccConnectionConfig *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->server_ids->len != b->server_ids->len ||
      memcmp (a->server_ids->data, b->server_ids->data, a->server_ids->len * sizeof (int)) != 0)
    return FALSE;
  return g_strcmp0 (a->rest_url, b->rest_url) == 0 &&
         g_strcmp0 (a->tenant, b->tenant) == 0 &&
         g_strcmp0 (a->app_key, b->app_key) == 0 &&
         a->event_channel == b->event_channel &&
         g_strcmp0 (a->ws_url, b->ws_url) == 0 &&
         a->ws_dialect == b->ws_dialect &&
         g_strcmp0 (a->ami_host, b->ami_host) == 0 &&
         a->ami_port == b->ami_port &&
         g_strcmp0 (a->ami_user, b->ami_user) == 0 &&
         g_strcmp0 (a->ami_secret, b->ami_secret) == 0 &&
         a->ami_tls == b->ami_tls &&
         g_strcmp0 (a->tls_pin, b->tls_pin) == 0 &&
         a->timeout_s == b->timeout_s;
}

/**
 * dipcc_connection_config_set_app_key:
 * @config: a configuration
 * @app_key: (nullable): the REST app-key
 */
void
dipcc_connection_config_set_app_key (DipccConnectionConfig *config,
                                     const char            *app_key)
{
  g_return_if_fail (config != NULL);

  dipcc_secret_free (config->app_key);
  config->app_key = g_strdup (app_key);
}

/**
 * dipcc_connection_config_set_ami_secret:
 * @config: a configuration
 * @secret: (nullable): the AMI secret
 */
void
dipcc_connection_config_set_ami_secret (DipccConnectionConfig *config,
                                        const char            *secret)
{
  g_return_if_fail (config != NULL);

  dipcc_secret_free (config->ami_secret);
  config->ami_secret = g_strdup (secret);
}

/**
 * dipcc_connection_config_has_rest:
 * @config: a configuration
 *
 * Returns: whether a REST address is set
 */
gboolean
dipcc_connection_config_has_rest (const DipccConnectionConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  return is_set (config->rest_url);
}

/**
 * dipcc_connection_config_has_events:
 * @config: a configuration
 *
 * Returns: whether the chosen event channel has an address
 */
gboolean
dipcc_connection_config_has_events (const DipccConnectionConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (config->event_channel == DIPCC_EVENT_CHANNEL_AMI)
    return is_set (config->ami_host);
  return is_set (config->ws_url);
}

/**
 * dipcc_connection_config_dup_rest_account:
 * @config: a configuration
 *
 * Returns: (transfer full): the keyring account of the app-key
 */
char *
dipcc_connection_config_dup_rest_account (const DipccConnectionConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return dipcc_secret_store_account_for_rest (config->tenant, config->rest_url);
}

/**
 * dipcc_connection_config_dup_ami_account:
 * @config: a configuration
 *
 * Returns: (transfer full): the keyring account of the AMI secret
 */
char *
dipcc_connection_config_dup_ami_account (const DipccConnectionConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return dipcc_secret_store_account_for_ami (config->ami_user, config->ami_host,
                                             config->ami_port);
}

/**
 * dipcc_connection_config_get_first_server:
 * @config: a configuration
 *
 * Returns: the first AMI server id, the one click-to-call and forwarding use
 */
int
dipcc_connection_config_get_first_server (const DipccConnectionConfig *config)
{
  g_return_val_if_fail (config != NULL, 1);

  return config->server_ids->len > 0 ? g_array_index (config->server_ids, int, 0) : 1;
}

/**
 * dipcc_connection_config_create_rest_client:
 * @config: a configuration
 * @error: return location for a #DIPCC_ERROR_NOT_CONFIGURED error
 *
 * Returns: (transfer full) (nullable): a REST client for @config, or %NULL
 *   when the address or the app-key is missing
 */
DipccRestClient *
dipcc_connection_config_create_rest_client (const DipccConnectionConfig  *config,
                                            GError                      **error)
{
  DipccRestClient *client;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_set (config->rest_url))
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                           _("No REST address is set. Enter it in Preferences."));
      return NULL;
    }
  if (!is_set (config->app_key))
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                           _("No app-key is stored for this PBX. Enter it in Preferences."));
      return NULL;
    }
  client = dipcc_rest_client_new (config->rest_url, config->tenant, config->app_key);
  if (is_set (config->tls_pin))
    dipcc_rest_client_set_tls_pin (client, config->tls_pin);
  dipcc_rest_client_set_timeout (client, config->timeout_s);
  return client;
}

/**
 * dipcc_connection_config_create_pbx_client:
 * @config: a configuration
 * @error: return location for a #DIPCC_ERROR_NOT_CONFIGURED error
 *
 * Makes the event channel's transport and a client on it, not started.
 *
 * Returns: (transfer full) (nullable): the client, or %NULL when the
 *   event channel is not set up
 */
DipccPbxClient *
dipcc_connection_config_create_pbx_client (const DipccConnectionConfig  *config,
                                           GError                      **error)
{
  g_autoptr(DipccTransport) transport = NULL;
  DipccPbxClient *client;
  int server = dipcc_connection_config_get_first_server (config);

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config->event_channel == DIPCC_EVENT_CHANNEL_AMI)
    {
      DipccAmiTransport *ami;

      if (!is_set (config->ami_host))
        {
          g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                               _("No AMI host is set. Enter it in Preferences."));
          return NULL;
        }
      ami = dipcc_ami_transport_new (config->ami_host, config->ami_port, config->ami_tls);
      dipcc_ami_transport_set_server_id (ami, server);
      if (is_set (config->tls_pin))
        dipcc_ami_transport_set_tls_pin (ami, config->tls_pin);
      dipcc_ami_transport_set_timeout (ami, config->timeout_s);
      transport = DIPCC_TRANSPORT (ami);
    }
  else
    {
      DipccWsTransport *ws;

      if (!is_set (config->ws_url))
        {
          g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                               _("No event channel is set. Enter the PBX’s WebSocket address "
                                 "or an AMI host in Preferences."));
          return NULL;
        }
      ws = dipcc_ws_transport_new (config->ws_url);
      dipcc_ws_transport_set_dialect (ws, config->ws_dialect);
      dipcc_ws_transport_set_server_id (ws, server);
      if (is_set (config->tls_pin))
        dipcc_ws_transport_set_tls_pin (ws, config->tls_pin);
      dipcc_ws_transport_set_timeout (ws, config->timeout_s);
      transport = DIPCC_TRANSPORT (ws);
    }

  if (dipcc_transport_get_needs_login (transport) &&
      (!is_set (config->ami_user) || !is_set (config->ami_secret)))
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                           _("AMI needs a user name and a secret. Enter them in Preferences."));
      return NULL;
    }

  client = dipcc_pbx_client_new (transport);
  dipcc_pbx_client_set_server_ids (client, (const int *) (gpointer) config->server_ids->data,
                                   config->server_ids->len);
  if (dipcc_transport_get_needs_login (transport))
    dipcc_pbx_client_set_credentials (client, config->ami_user, config->ami_secret);
  return client;
}
