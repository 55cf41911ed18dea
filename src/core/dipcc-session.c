/* dipcc-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's model root. It reads the settings, looks the secrets up in the
 * keyring, makes the REST and event-channel clients, feeds every event to
 * the endpoint and call lists, and says in one state and one sentence how
 * the connection is. When the settings change it waits a moment (the agent
 * may still be typing), then rebuilds the clients only if what they would
 * connect to changed.
 */
#define G_LOG_DOMAIN "dipcc-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dipcc-core-enums.h"
#include "dipcc-ami-message.h"
#include "dipcc-error.h"
#include "dipcc-phone-number.h"
#include "dipcc-session.h"

/* Where an AMI-only click-to-call starts, per the vendor's socket notes */
#define ORIGINATE_CONTEXT "T2_cos-all"

/* How long the settings must be still before the clients are rebuilt */
#define RELOAD_DELAY_MS 400

struct _DipccSession
{
  GObject                parent_instance;

  /* Owned */
  DipccSettings         *settings;
  DipccSecretStore      *secrets;
  DipccContactStore     *contacts;
  DipccEndpointList     *endpoints;
  DipccCallList         *calls;
  DipccCallerResolver   *resolver;
  DipccConnectionConfig *config;
  DipccPbxClient        *pbx;
  DipccRestClient       *rest;
  DipccForwarding       *forwarding;
  GCancellable          *cancellable;
  GHashTable            *stored;          /* "kind:account" → secret stored here */
  char                  *status_message;
  char                  *contacts_error;

  DipccSessionState      state;
  gint64                 reconnect_at;
  GArray                *down_servers;    /* ids seen down while connected */
  guint                  reload_id;
  guint                  generation;
  gboolean               started;
  gboolean               force;
};

G_DEFINE_FINAL_TYPE (DipccSession, dipcc_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SECRET_STORE,
  PROP_CONTACTS,
  PROP_ENDPOINTS,
  PROP_CALLS,
  PROP_RESOLVER,
  PROP_PBX_CLIENT,
  PROP_REST_CLIENT,
  PROP_FORWARDING,
  PROP_STATE,
  PROP_STATUS_MESSAGE,
  PROP_RECONNECT_AT,
  PROP_CONTACTS_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The settings that change what the clients connect to */
static const char * const connection_keys[] = {
  "rest-url", "tenant", "event-channel", "ws-url", "ws-dialect", "server-ids",
  "ami-host", "ami-port", "ami-user", "ami-tls", "tls-pin", "extension",
};

static void
set_status (DipccSession      *self,
            DipccSessionState  state,
            const char        *message)
{
  gboolean state_changed = self->state != state;
  gboolean message_changed = g_strcmp0 (self->status_message, message) != 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (message_changed)
    {
      g_free (self->status_message);
      self->status_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MESSAGE]);
    }
  if (state_changed)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_reconnect_at (DipccSession *self,
                  gint64        reconnect_at)
{
  if (self->reconnect_at == reconnect_at)
    return;
  self->reconnect_at = reconnect_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_AT]);
}

static const char *
event_channel_address (DipccSession *self)
{
  if (self->config->event_channel == DIPCC_EVENT_CHANNEL_AMI)
    return self->config->ami_host;
  return self->config->ws_url;
}

/* ---- the event channel --------------------------------------------------- */

static void
update_from_pbx (DipccSession *self)
{
  const GError *error = dipcc_pbx_client_get_last_error (self->pbx);
  g_autofree char *message = NULL;

  switch (dipcc_pbx_client_get_state (self->pbx))
    {
    case DIPCC_PBX_STATE_DISCONNECTED:
    case DIPCC_PBX_STATE_CONNECTING:
    case DIPCC_PBX_STATE_AUTHENTICATING:
      set_reconnect_at (self, 0);
      /* Translators: %s is the address of the PBX's event channel */
      message = g_strdup_printf (_("Connecting to %s…"), event_channel_address (self));
      set_status (self, DIPCC_SESSION_STATE_CONNECTING, message);
      break;

    case DIPCC_PBX_STATE_CONNECTED:
      set_reconnect_at (self, 0);
      /* Translators: %s is the address of the PBX's event channel */
      message = g_strdup_printf (_("Connected to %s"), event_channel_address (self));
      set_status (self, DIPCC_SESSION_STATE_CONNECTED, message);
      break;

    case DIPCC_PBX_STATE_RECONNECTING:
      set_reconnect_at (self, g_get_monotonic_time () +
                              (gint64) dipcc_pbx_client_get_reconnect_in (self->pbx) *
                              G_USEC_PER_SEC);
      set_status (self, DIPCC_SESSION_STATE_RECONNECTING,
                  error ? error->message : _("The connection to the PBX was lost."));
      break;

    case DIPCC_PBX_STATE_AUTH_FAILED:
      set_reconnect_at (self, 0);
      set_status (self, DIPCC_SESSION_STATE_AUTH_FAILED,
                  error ? error->message
                        : _("The PBX refused the user name or secret. Check them in "
                            "Preferences."));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_pbx_state (DipccPbxClient *pbx,
              GParamSpec     *pspec,
              DipccSession   *self)
{
  /* calls the client does not list again after it (re)connects ended
   * while we could not see them */
  if (dipcc_pbx_client_get_state (pbx) == DIPCC_PBX_STATE_CONNECTED)
    g_array_set_size (self->down_servers, 0);
  if (dipcc_pbx_client_get_state (pbx) == DIPCC_PBX_STATE_CONNECTED)
    for (guint i = 0; i < self->config->server_ids->len; i++)
      dipcc_call_list_begin_resync (self->calls, g_array_index (self->config->server_ids, int, i));
  update_from_pbx (self);
}

/* A server behind the link that comes back is listed again; the first
 * "up" after connecting is not a comeback (the resync is already under way,
 * and starting another would sweep calls that began in between). */
static void
on_pbx_server_state (DipccPbxClient *pbx,
                     int             server_id,
                     gboolean        up,
                     DipccSession   *self)
{
  guint i;

  for (i = 0; i < self->down_servers->len; i++)
    if (g_array_index (self->down_servers, int, i) == server_id)
      break;

  if (!up && i == self->down_servers->len)
    g_array_append_val (self->down_servers, server_id);
  else if (up && i < self->down_servers->len)
    {
      g_array_remove_index_fast (self->down_servers, i);
      if (dipcc_pbx_client_get_state (pbx) == DIPCC_PBX_STATE_CONNECTED)
        dipcc_call_list_begin_resync (self->calls, server_id);
    }
}

static void
on_pbx_event (DipccPbxClient  *pbx,
              DipccAmiMessage *message,
              DipccSession    *self)
{
  dipcc_endpoint_list_handle_event (self->endpoints, message);
  dipcc_call_list_handle_event (self->calls, message);
}

/* ---- building the clients ----------------------------------------------- */

static void
clear_clients (DipccSession *self)
{
  gboolean had_pbx = self->pbx != NULL;
  gboolean had_rest = self->rest != NULL;
  gboolean had_forwarding = self->forwarding != NULL;

  if (self->pbx != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pbx, self);
      dipcc_pbx_client_stop (self->pbx);
    }
  g_clear_object (&self->forwarding);
  g_clear_object (&self->pbx);
  g_clear_object (&self->rest);
  if (had_pbx)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PBX_CLIENT]);
  if (had_rest)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REST_CLIENT]);
  if (had_forwarding)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORWARDING]);
}

/* Whether two configurations reach the event channel the same way */
static gboolean
same_event_channel (const DipccConnectionConfig *a,
                    const DipccConnectionConfig *b)
{
  g_autoptr(DipccConnectionConfig) a2 = dipcc_connection_config_copy (a);

  /* the REST part does not matter to the event channel */
  g_free (a2->rest_url);
  a2->rest_url = g_strdup (b->rest_url);
  dipcc_connection_config_set_app_key (a2, b->app_key);
  return dipcc_connection_config_equal (a2, b);
}

static void
build_rest_client (DipccSession *self)
{
  g_autoptr(GError) error = NULL;

  if (self->rest != NULL)
    {
      g_clear_object (&self->rest);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REST_CLIENT]);
    }
  if (!dipcc_connection_config_has_rest (self->config))
    return;
  self->rest = dipcc_connection_config_create_rest_client (self->config, &error);
  if (self->rest != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REST_CLIENT]);
  else
    g_debug ("No REST client: %s", error->message);
}

static void
build_clients (DipccSession *self)
{
  g_autoptr(GError) pbx_error = NULL;
  const char *extension = dipcc_settings_get_extension (self->settings);

  clear_clients (self);
  g_debug ("Making the clients: REST %s, events %s", self->config->rest_url,
           event_channel_address (self));

  build_rest_client (self);

  if (!dipcc_connection_config_has_events (self->config))
    {
      if (!dipcc_connection_config_has_rest (self->config))
        set_status (self, DIPCC_SESSION_STATE_UNCONFIGURED,
                    _("Not set up yet. Open Preferences to connect to your PBX."));
      else
        set_status (self, DIPCC_SESSION_STATE_ERROR,
                    _("No event channel is set, so calls cannot pop up and phone states "
                      "are unknown. Enter the PBX’s WebSocket address or an AMI host in "
                      "Preferences."));
      return;
    }

  self->pbx = dipcc_connection_config_create_pbx_client (self->config, &pbx_error);
  if (self->pbx == NULL)
    {
      set_status (self, DIPCC_SESSION_STATE_ERROR, pbx_error->message);
      return;
    }
  g_signal_connect (self->pbx, "event", G_CALLBACK (on_pbx_event), self);
  g_signal_connect (self->pbx, "notify::state", G_CALLBACK (on_pbx_state), self);
  g_signal_connect (self->pbx, "server-state-changed", G_CALLBACK (on_pbx_server_state), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PBX_CLIENT]);

  if (extension != NULL && *extension != '\0' && *self->config->tenant != '\0')
    {
      self->forwarding = dipcc_forwarding_new (self->pbx, self->config->tenant, extension,
                                               dipcc_connection_config_get_first_server (self->config));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FORWARDING]);
    }

  dipcc_pbx_client_start (self->pbx);
  update_from_pbx (self);
}

typedef struct {
  DipccSession          *self;
  DipccConnectionConfig *config;
  guint                  generation;
  guint                  pending;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->self);
  dipcc_connection_config_free (lookup->config);
  g_free (lookup);
}

static void
lookup_done (Lookup *lookup)
{
  DipccSession *self = lookup->self;

  if (--lookup->pending > 0)
    return;

  g_debug ("Settings and secrets read (generation %u, current %u)", lookup->generation,
           self->generation);

  if (lookup->generation == self->generation && self->started)
    {
      const char *extension = dipcc_settings_get_extension (self->settings);
      gboolean keep_events = self->config != NULL && self->pbx != NULL && !self->force &&
                             same_event_channel (self->config, lookup->config) &&
                             (self->forwarding == NULL ||
                              g_strcmp0 (dipcc_forwarding_get_extension (self->forwarding),
                                         extension) == 0);

      if (keep_events)
        {
          /* only the REST side changed (a new app-key): the event channel
           * stays up, and so do the calls it follows */
          dipcc_connection_config_free (self->config);
          self->config = g_steal_pointer (&lookup->config);
          build_rest_client (self);
        }
      else if (self->config == NULL || self->force ||
               !dipcc_connection_config_equal (self->config, lookup->config) ||
               (self->pbx == NULL && self->rest == NULL))
        {
          dipcc_connection_config_free (self->config);
          self->config = g_steal_pointer (&lookup->config);
          build_clients (self);
        }
      self->force = FALSE;
    }
  lookup_free (lookup);
}

static void
on_app_key (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = dipcc_secret_store_lookup_finish (DIPCC_SECRET_STORE (source), result, &error);

  if (error != NULL)
    g_warning ("Could not read the app-key from the keyring: %s", error->message);
  dipcc_connection_config_set_app_key (lookup->config, secret);
  dipcc_secret_free (secret);
  lookup_done (lookup);
}

static void
on_ami_secret (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = dipcc_secret_store_lookup_finish (DIPCC_SECRET_STORE (source), result, &error);

  if (error != NULL)
    g_warning ("Could not read the AMI secret from the keyring: %s", error->message);
  dipcc_connection_config_set_ami_secret (lookup->config, secret);
  dipcc_secret_free (secret);
  lookup_done (lookup);
}

static char *
stored_key (DipccSecretKind  kind,
            const char      *account)
{
  return g_strdup_printf ("%d:%s", (int) kind, account);
}

/* A secret this session stored itself is not read back: some keyring
 * backends (libsecret's file backend) answer a lookup that overlaps the
 * store with the old value. */
static const char *
lookup_stored (DipccSession    *self,
               DipccSecretKind  kind,
               const char      *account)
{
  g_autofree char *key = stored_key (kind, account);

  return g_hash_table_lookup (self->stored, key);
}

/* Reads the settings, then the secrets they need, then rebuilds. */
static void
reload_now (DipccSession *self)
{
  Lookup *lookup = g_new0 (Lookup, 1);
  const char *known;

  g_clear_handle_id (&self->reload_id, g_source_remove);

  lookup->self = g_object_ref (self);
  lookup->config = dipcc_connection_config_new_from_settings (self->settings);
  lookup->generation = ++self->generation;
  lookup->pending = 1;

  dipcc_call_list_set_my_extension (self->calls, dipcc_settings_get_extension (self->settings));

  if (dipcc_connection_config_has_rest (lookup->config))
    {
      g_autofree char *account = dipcc_connection_config_dup_rest_account (lookup->config);

      if ((known = lookup_stored (self, DIPCC_SECRET_KIND_APP_KEY, account)) != NULL)
        dipcc_connection_config_set_app_key (lookup->config, known);
      else
        {
          lookup->pending++;
          dipcc_secret_store_lookup_async (self->secrets, DIPCC_SECRET_KIND_APP_KEY, account,
                                           self->cancellable, on_app_key, lookup);
        }
    }
  if (lookup->config->event_channel == DIPCC_EVENT_CHANNEL_AMI &&
      dipcc_connection_config_has_events (lookup->config))
    {
      g_autofree char *account = dipcc_connection_config_dup_ami_account (lookup->config);

      if ((known = lookup_stored (self, DIPCC_SECRET_KIND_AMI_SECRET, account)) != NULL)
        dipcc_connection_config_set_ami_secret (lookup->config, known);
      else
        {
          lookup->pending++;
          dipcc_secret_store_lookup_async (self->secrets, DIPCC_SECRET_KIND_AMI_SECRET, account,
                                           self->cancellable, on_ami_secret, lookup);
        }
    }
  lookup_done (lookup);
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  DipccSession *self = user_data;

  self->reload_id = 0;
  reload_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_settings_changed (DipccSettings *settings,
                     GParamSpec    *pspec,
                     DipccSession  *self)
{
  if (!self->started)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (connection_keys); i++)
    if (g_str_equal (pspec->name, connection_keys[i]))
      {
        g_clear_handle_id (&self->reload_id, g_source_remove);
        self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
        return;
      }
}

/* ---- contacts ------------------------------------------------------------ */

static void
set_contacts_error (DipccSession *self,
                    const char   *message)
{
  if (g_strcmp0 (self->contacts_error, message) == 0)
    return;
  g_free (self->contacts_error);
  self->contacts_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACTS_ERROR]);
}

static void
on_contacts_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DipccSession) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_skipped = 0;

  if (!dipcc_contact_store_load_finish (DIPCC_CONTACT_STORE (source), result, &n_skipped, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_contacts_error (self, error->message);
      return;
    }
  if (n_skipped > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u entry of the address book could not be read and "
                                      "was left in the file untouched.",
                                      "%u entries of the address book could not be read and "
                                      "were left in the file untouched.", n_skipped),
                         n_skipped);

      set_contacts_error (self, message);
    }
}

static void
on_contacts_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DipccSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dipcc_contact_store_save_finish (DIPCC_CONTACT_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_contacts_error (self, error->message);
      return;
    }
  set_contacts_error (self, NULL);
}

/* ---- GObject ------------------------------------------------------------- */

static void
dipcc_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DipccSession *self = DIPCC_SESSION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_SECRET_STORE:
      g_value_set_object (value, self->secrets);
      break;

    case PROP_CONTACTS:
      g_value_set_object (value, self->contacts);
      break;

    case PROP_ENDPOINTS:
      g_value_set_object (value, self->endpoints);
      break;

    case PROP_CALLS:
      g_value_set_object (value, self->calls);
      break;

    case PROP_RESOLVER:
      g_value_set_object (value, self->resolver);
      break;

    case PROP_PBX_CLIENT:
      g_value_set_object (value, self->pbx);
      break;

    case PROP_REST_CLIENT:
      g_value_set_object (value, self->rest);
      break;

    case PROP_FORWARDING:
      g_value_set_object (value, self->forwarding);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, self->status_message);
      break;

    case PROP_RECONNECT_AT:
      g_value_set_int64 (value, self->reconnect_at);
      break;

    case PROP_CONTACTS_ERROR:
      g_value_set_string (value, self->contacts_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_session_dispose (GObject *object)
{
  DipccSession *self = DIPCC_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  clear_clients (self);
  g_clear_object (&self->resolver);
  g_clear_object (&self->calls);
  g_clear_object (&self->endpoints);
  g_clear_object (&self->contacts);
  g_clear_object (&self->secrets);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dipcc_session_parent_class)->dispose (object);
}

static void
dipcc_session_finalize (GObject *object)
{
  DipccSession *self = DIPCC_SESSION (object);

  dipcc_connection_config_free (self->config);
  g_hash_table_unref (self->stored);
  g_array_unref (self->down_servers);
  g_free (self->status_message);
  g_free (self->contacts_error);

  G_OBJECT_CLASS (dipcc_session_parent_class)->finalize (object);
}

static void
dipcc_session_class_init (DipccSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = dipcc_session_get_property;
  object_class->dispose = dipcc_session_dispose;
  object_class->finalize = dipcc_session_finalize;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, DIPCC_TYPE_SETTINGS, ro);
  properties[PROP_SECRET_STORE] =
    g_param_spec_object ("secret-store", NULL, NULL, DIPCC_TYPE_SECRET_STORE, ro);
  properties[PROP_CONTACTS] =
    g_param_spec_object ("contacts", NULL, NULL, DIPCC_TYPE_CONTACT_STORE, ro);
  properties[PROP_ENDPOINTS] =
    g_param_spec_object ("endpoints", NULL, NULL, DIPCC_TYPE_ENDPOINT_LIST, ro);
  properties[PROP_CALLS] =
    g_param_spec_object ("calls", NULL, NULL, DIPCC_TYPE_CALL_LIST, ro);
  properties[PROP_RESOLVER] =
    g_param_spec_object ("resolver", NULL, NULL, DIPCC_TYPE_CALLER_RESOLVER, ro);
  /**
   * DipccSession:pbx-client:
   *
   * The event channel's client; %NULL while it is not set up. Replaced when
   * the settings change where it connects to.
   */
  properties[PROP_PBX_CLIENT] =
    g_param_spec_object ("pbx-client", NULL, NULL, DIPCC_TYPE_PBX_CLIENT, ro);
  /**
   * DipccSession:rest-client:
   *
   * The REST client; %NULL without a REST address or an app-key.
   */
  properties[PROP_REST_CLIENT] =
    g_param_spec_object ("rest-client", NULL, NULL, DIPCC_TYPE_REST_CLIENT, ro);
  /**
   * DipccSession:forwarding:
   *
   * Call forwarding of the agent's extension; %NULL without an event
   * channel, a tenant or an extension.
   */
  properties[PROP_FORWARDING] =
    g_param_spec_object ("forwarding", NULL, NULL, DIPCC_TYPE_FORWARDING, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DIPCC_TYPE_SESSION_STATE,
                       DIPCC_SESSION_STATE_UNCONFIGURED, ro);
  /**
   * DipccSession:status-message:
   *
   * One translated sentence about the connection, with the reason of a
   * failure and what to do.
   */
  properties[PROP_STATUS_MESSAGE] =
    g_param_spec_string ("status-message", NULL, NULL, NULL, ro);
  /**
   * DipccSession:reconnect-at:
   *
   * While reconnecting, the g_get_monotonic_time() of the next attempt;
   * 0 otherwise. The UI counts down to it.
   */
  properties[PROP_RECONNECT_AT] =
    g_param_spec_int64 ("reconnect-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  /**
   * DipccSession:contacts-error:
   *
   * Why the address book could not be read or saved, or %NULL.
   */
  properties[PROP_CONTACTS_ERROR] =
    g_param_spec_string ("contacts-error", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dipcc_session_init (DipccSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) dipcc_secret_free);
  self->state = DIPCC_SESSION_STATE_UNCONFIGURED;
  self->down_servers = g_array_new (FALSE, FALSE, sizeof (int));
}

/**
 * dipcc_session_new:
 * @settings: the settings to follow
 * @secrets: (nullable): where the secrets are, or %NULL for the keyring
 * @contacts_file: (nullable): the address book, or %NULL for the default
 *
 * Returns: (transfer full): a session, not started
 */
DipccSession *
dipcc_session_new (DipccSettings    *settings,
                   DipccSecretStore *secrets,
                   GFile            *contacts_file)
{
  DipccSession *self;
  GSettings *gsettings;

  g_return_val_if_fail (DIPCC_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (secrets == NULL || DIPCC_IS_SECRET_STORE (secrets), NULL);
  g_return_val_if_fail (contacts_file == NULL || G_IS_FILE (contacts_file), NULL);

  self = g_object_new (DIPCC_TYPE_SESSION, NULL);
  self->settings = g_object_ref (settings);
  self->secrets = secrets ? g_object_ref (secrets) : dipcc_secret_store_new ();
  self->contacts = dipcc_contact_store_new (contacts_file);
  self->endpoints = dipcc_endpoint_list_new ();
  self->calls = dipcc_call_list_new (self->endpoints);
  self->resolver = dipcc_caller_resolver_new (self->contacts, self->endpoints);
  self->config = dipcc_connection_config_new_from_settings (settings);
  self->status_message = g_strdup (_("Not connected."));

  gsettings = dipcc_settings_get_gsettings (settings);
  g_settings_bind (gsettings, "watched-numbers", self->calls, "watched-numbers",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (gsettings, "popup-all-incoming", self->calls, "all-incoming",
                   G_SETTINGS_BIND_GET);
  g_signal_connect (settings, "notify", G_CALLBACK (on_settings_changed), self);
  return self;
}

/**
 * dipcc_session_start:
 * @self: a session
 *
 * Loads the address book, looks up the secrets and connects.
 */
void
dipcc_session_start (DipccSession *self)
{
  g_return_if_fail (DIPCC_IS_SESSION (self));

  if (self->started)
    return;
  self->started = TRUE;
  dipcc_contact_store_load_async (self->contacts, self->cancellable, on_contacts_loaded,
                                  g_object_ref (self));
  reload_now (self);
}

/**
 * dipcc_session_stop:
 * @self: a session
 *
 * Disconnects. The models keep what they had.
 */
void
dipcc_session_stop (DipccSession *self)
{
  g_return_if_fail (DIPCC_IS_SESSION (self));

  self->started = FALSE;
  self->generation++;
  g_clear_handle_id (&self->reload_id, g_source_remove);
  clear_clients (self);
  set_reconnect_at (self, 0);
  set_status (self, DIPCC_SESSION_STATE_CONNECTING, _("Not connected."));
}

/**
 * dipcc_session_reconnect_now:
 * @self: a session
 *
 * "Reconnect now": retries at once, and reads the secrets again in case the
 * agent just fixed one.
 */
void
dipcc_session_reconnect_now (DipccSession *self)
{
  g_return_if_fail (DIPCC_IS_SESSION (self));

  if (!self->started)
    return;
  if (self->pbx != NULL && self->state == DIPCC_SESSION_STATE_RECONNECTING)
    dipcc_pbx_client_reconnect_now (self->pbx);
  else
    dipcc_session_reload (self);
}

/**
 * dipcc_session_reload:
 * @self: a session
 *
 * Reads the settings and secrets again and rebuilds the clients, even if
 * nothing seems to have changed (after "Reconnect now" on an auth failure).
 */
void
dipcc_session_reload (DipccSession *self)
{
  g_return_if_fail (DIPCC_IS_SESSION (self));

  if (!self->started)
    return;
  self->force = TRUE;
  reload_now (self);
}

DipccSettings *
dipcc_session_get_settings (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->settings;
}

DipccSecretStore *
dipcc_session_get_secret_store (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->secrets;
}

DipccContactStore *
dipcc_session_get_contacts (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->contacts;
}

DipccEndpointList *
dipcc_session_get_endpoints (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->endpoints;
}

DipccCallList *
dipcc_session_get_calls (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->calls;
}

DipccCallerResolver *
dipcc_session_get_resolver (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->resolver;
}

/**
 * dipcc_session_get_pbx_client:
 * @self: a session
 *
 * Returns: (transfer none) (nullable): the event channel's client
 */
DipccPbxClient *
dipcc_session_get_pbx_client (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->pbx;
}

/**
 * dipcc_session_get_rest_client:
 * @self: a session
 *
 * Returns: (transfer none) (nullable): the REST client
 */
DipccRestClient *
dipcc_session_get_rest_client (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->rest;
}

/**
 * dipcc_session_get_forwarding:
 * @self: a session
 *
 * Returns: (transfer none) (nullable): call forwarding of the agent's phone
 */
DipccForwarding *
dipcc_session_get_forwarding (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->forwarding;
}

/**
 * dipcc_session_get_config:
 * @self: a session
 *
 * Returns: (transfer none): what the clients were made from, secrets included
 */
const DipccConnectionConfig *
dipcc_session_get_config (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->config;
}

DipccSessionState
dipcc_session_get_state (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), DIPCC_SESSION_STATE_UNCONFIGURED);
  return self->state;
}

const char *
dipcc_session_get_status_message (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->status_message;
}

gint64
dipcc_session_get_reconnect_at (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), 0);
  return self->reconnect_at;
}

const char *
dipcc_session_get_contacts_error (DipccSession *self)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);
  return self->contacts_error;
}

/**
 * dipcc_session_get_my_endpoint:
 * @self: a session
 *
 * Returns: (transfer none) (nullable): the agent's own phone, once the PBX
 *   has listed it
 */
DipccEndpoint *
dipcc_session_get_my_endpoint (DipccSession *self)
{
  const char *extension;

  g_return_val_if_fail (DIPCC_IS_SESSION (self), NULL);

  extension = dipcc_settings_get_extension (self->settings);
  if (extension == NULL || *extension == '\0' || self->config == NULL)
    return NULL;
  return dipcc_endpoint_list_lookup (self->endpoints,
                                     dipcc_connection_config_get_first_server (self->config),
                                     extension);
}

typedef struct {
  char *key;
  char *secret;
} Stored;

static void
stored_free (Stored *stored)
{
  g_free (stored->key);
  dipcc_secret_free (stored->secret);
  g_free (stored);
}

static void
on_secret_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DipccSession *self = g_task_get_source_object (task);
  Stored *stored = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!dipcc_secret_store_store_finish (DIPCC_SECRET_STORE (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_hash_table_replace (self->stored, g_steal_pointer (&stored->key),
                        g_steal_pointer (&stored->secret));
  if (self->started)
    reload_now (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * dipcc_session_store_secret_async:
 * @self: a session
 * @kind: which secret
 * @account: the keyring account, from dipcc_connection_config_dup_rest_account()
 *   or dipcc_connection_config_dup_ami_account() of the settings it belongs to
 * @secret: the secret
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when stored
 * @user_data: data for @callback
 *
 * Stores @secret in the keyring, then reconnects with it.
 */
void
dipcc_session_store_secret_async (DipccSession        *self,
                                  DipccSecretKind      kind,
                                  const char          *account,
                                  const char          *secret,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Stored *stored;

  g_return_if_fail (DIPCC_IS_SESSION (self));
  g_return_if_fail (account != NULL && secret != NULL);

  stored = g_new0 (Stored, 1);
  stored->key = stored_key (kind, account);
  stored->secret = g_strdup (secret);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_session_store_secret_async);
  g_task_set_task_data (task, stored, (GDestroyNotify) stored_free);
  dipcc_secret_store_store_async (self->secrets, kind, account, secret, cancellable,
                                  on_secret_stored, g_steal_pointer (&task));
}

gboolean
dipcc_session_store_secret_finish (DipccSession  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dipcc_session_save_contacts:
 * @self: a session
 *
 * Saves the address book in the background; a failure shows in
 * #DipccSession:contacts-error.
 */
void
dipcc_session_save_contacts (DipccSession *self)
{
  g_return_if_fail (DIPCC_IS_SESSION (self));

  dipcc_contact_store_save_async (self->contacts, self->cancellable, on_contacts_saved,
                                  g_object_ref (self));
}

/* ---- click-to-call -------------------------------------------------------- */

static void
on_click_to_call (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DipccDialAttempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!dipcc_rest_client_click_to_call_finish (DIPCC_REST_CLIENT (source), result, &error))
    {
      dipcc_dial_attempt_fail (attempt, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  dipcc_dial_attempt_accepted (attempt);
  g_task_return_pointer (task, g_object_ref (attempt), g_object_unref);
}

static void
on_originate (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DipccDialAttempt *attempt = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccActionResult) answer = NULL;

  answer = dipcc_pbx_client_send_action_finish (DIPCC_PBX_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The PBX did not place the call: %s"),
                                                  error->message);

      dipcc_dial_attempt_fail (attempt, message);
      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      return;
    }
  dipcc_dial_attempt_accepted (attempt);
  g_task_return_pointer (task, g_object_ref (attempt), g_object_unref);
}

static DipccAmiMessage *
originate_action (DipccSession *self,
                  const char   *extension,
                  const char   *number)
{
  DipccAmiMessage *action = dipcc_ami_message_new_action ("Originate");
  g_autofree char *channel = g_strdup_printf ("Local/%s@%s", extension, ORIGINATE_CONTEXT);
  const char *cid_name = dipcc_settings_get_cid_name (self->settings);
  const char *cid_number = dipcc_settings_get_cid_number (self->settings);

  dipcc_ami_message_add (action, "Channel", channel);
  dipcc_ami_message_add (action, "Context", ORIGINATE_CONTEXT);
  dipcc_ami_message_add (action, "Exten", number);
  dipcc_ami_message_add (action, "Priority", "1");
  if (cid_number != NULL && *cid_number != '\0')
    {
      g_autofree char *callerid = NULL;

      if (cid_name != NULL && *cid_name != '\0')
        callerid = g_strdup_printf ("%s <%s>", cid_name, cid_number);
      else
        callerid = g_strdup (cid_number);
      dipcc_ami_message_add (action, "Callerid", callerid);
    }
  dipcc_ami_message_add (action, "EarlyMedia", "true");
  dipcc_ami_message_add (action, "Async", "yes");
  return action;
}

/**
 * dipcc_session_dial_async:
 * @self: a session
 * @number: the number to call, as typed or pasted
 * @even_if_offline: place the call even though the agent's phone is known
 *   to be unregistered ("Call anyway")
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the PBX took or refused the request
 * @user_data: data for @callback
 *
 * Click-to-call: rings the agent's phone, then @number. Uses the REST API,
 * or an AMI Originate when only an AMI event channel is set up.
 *
 * Fails with %DIPCC_ERROR_INVALID_INPUT for a number that cannot be dialled,
 * %DIPCC_ERROR_NOT_CONFIGURED without an extension or a way to place calls,
 * and %DIPCC_ERROR_PHONE_OFFLINE when the agent's phone is unregistered.
 */
void
dipcc_session_dial_async (DipccSession        *self,
                          const char          *number,
                          gboolean             even_if_offline,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dialable = NULL;
  const char *extension;
  DipccEndpoint *mine;
  DipccDialAttempt *attempt;

  g_return_if_fail (DIPCC_IS_SESSION (self));
  g_return_if_fail (number != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_session_dial_async);

  dialable = dipcc_phone_number_normalize (number, &error);
  if (dialable == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  extension = dipcc_settings_get_extension (self->settings);
  if (extension == NULL || *extension == '\0')
    {
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED, "%s",
                               _("Your extension is not set, so the PBX does not know which "
                                 "phone to ring. Enter it in Preferences › Me."));
      return;
    }

  if (self->rest == NULL &&
      (self->pbx == NULL || self->config->event_channel != DIPCC_EVENT_CHANNEL_AMI))
    {
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED, "%s",
                               dipcc_connection_config_has_rest (self->config)
                               ? _("No app-key is stored for this PBX, so it cannot place "
                                   "calls. Enter it in Preferences.")
                               : _("Calls are placed through the PBX’s REST API or plain "
                                   "AMI. Set one up in Preferences."));
      return;
    }

  mine = dipcc_session_get_my_endpoint (self);
  if (!even_if_offline && mine != NULL && !dipcc_endpoint_get_registered (mine))
    {
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_PHONE_OFFLINE,
                               /* Translators: %s is the agent's extension */
                               _("Your phone (%s) is not registered with the PBX, so it "
                                 "cannot ring. Turn it on, or call anyway."), extension);
      return;
    }

  attempt = dipcc_dial_attempt_new (self->calls, mine, extension, dialable);
  g_task_set_task_data (task, attempt, g_object_unref);

  if (self->rest != NULL)
    {
      const char *cos_id = dipcc_settings_get_cos_id (self->settings);

      dipcc_rest_client_click_to_call_async (self->rest, extension, dialable,
                                             cos_id && *cos_id ? cos_id : "1",
                                             dipcc_settings_get_cid_name (self->settings),
                                             dipcc_settings_get_cid_number (self->settings),
                                             NULL, FALSE, cancellable, on_click_to_call,
                                             g_steal_pointer (&task));
    }
  else
    {
      g_autoptr(DipccAmiMessage) action = originate_action (self, extension, dialable);

      dipcc_pbx_client_send_action_async (self->pbx, action,
                                          dipcc_connection_config_get_first_server (self->config),
                                          DIPCC_ACTION_FLAGS_NONE,
                                          self->config->timeout_s * 1000, cancellable,
                                          on_originate, g_steal_pointer (&task));
    }
}

/**
 * dipcc_session_dial_finish:
 * @self: a session
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the attempt, to follow until it is finished
 */
DipccDialAttempt *
dipcc_session_dial_finish (DipccSession  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
