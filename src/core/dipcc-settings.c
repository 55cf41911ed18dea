/* dipcc-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-settings"

#include "config.h"

/* For G_IS_SETTINGS_BACKEND(): the backend API is opt-in. */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "dipcc-core-enums.h"
#include "dipcc-settings.h"

#define DEFAULT_AMI_PORT 5038

struct _DipccSettings
{
  GObject            parent_instance;

  /* Owned */
  GSettings         *settings;
  char              *rest_url;
  char              *tenant;
  char              *ws_url;
  GVariant          *server_ids;
  char              *ami_host;
  char              *ami_user;
  char              *extension;
  char              *cos_id;
  char              *cid_name;
  char              *cid_number;
  char              *tls_pin;

  DipccEventChannel  event_channel;
  DipccWsDialect     ws_dialect;
  guint              ami_port;
  gboolean           ami_tls;
};

G_DEFINE_FINAL_TYPE (DipccSettings, dipcc_settings, G_TYPE_OBJECT)

/* Every property is bound to the GSettings key of the same name. */
enum {
  PROP_0,
  PROP_REST_URL,
  PROP_TENANT,
  PROP_EVENT_CHANNEL,
  PROP_WS_URL,
  PROP_WS_DIALECT,
  PROP_SERVER_IDS,
  PROP_AMI_HOST,
  PROP_AMI_PORT,
  PROP_AMI_USER,
  PROP_AMI_TLS,
  PROP_EXTENSION,
  PROP_COS_ID,
  PROP_CID_NAME,
  PROP_CID_NUMBER,
  PROP_TLS_PIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Sets a string field, never NULL, and notifies only when it changed. */
static void
set_string (DipccSettings  *self,
            char          **field,
            const char     *value,
            guint           prop_id)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
dipcc_settings_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DipccSettings *self = DIPCC_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_REST_URL:
      g_value_set_string (value, self->rest_url);
      break;

    case PROP_TENANT:
      g_value_set_string (value, self->tenant);
      break;

    case PROP_EVENT_CHANNEL:
      g_value_set_enum (value, self->event_channel);
      break;

    case PROP_WS_URL:
      g_value_set_string (value, self->ws_url);
      break;

    case PROP_WS_DIALECT:
      g_value_set_enum (value, self->ws_dialect);
      break;

    case PROP_SERVER_IDS:
      g_value_set_variant (value, self->server_ids);
      break;

    case PROP_AMI_HOST:
      g_value_set_string (value, self->ami_host);
      break;

    case PROP_AMI_PORT:
      g_value_set_uint (value, self->ami_port);
      break;

    case PROP_AMI_USER:
      g_value_set_string (value, self->ami_user);
      break;

    case PROP_AMI_TLS:
      g_value_set_boolean (value, self->ami_tls);
      break;

    case PROP_EXTENSION:
      g_value_set_string (value, self->extension);
      break;

    case PROP_COS_ID:
      g_value_set_string (value, self->cos_id);
      break;

    case PROP_CID_NAME:
      g_value_set_string (value, self->cid_name);
      break;

    case PROP_CID_NUMBER:
      g_value_set_string (value, self->cid_number);
      break;

    case PROP_TLS_PIN:
      g_value_set_string (value, self->tls_pin);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_server_ids_variant (DipccSettings *self,
                        GVariant      *ids)
{
  g_autoptr(GVariant) sunk = NULL;

  if (ids == NULL)
    return;
  sunk = g_variant_ref_sink (ids);
  if (self->server_ids != NULL && g_variant_equal (self->server_ids, sunk))
    return;
  g_clear_pointer (&self->server_ids, g_variant_unref);
  self->server_ids = g_steal_pointer (&sunk);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_IDS]);
}

static void
dipcc_settings_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DipccSettings *self = DIPCC_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_REST_URL:
      dipcc_settings_set_rest_url (self, g_value_get_string (value));
      break;

    case PROP_TENANT:
      dipcc_settings_set_tenant (self, g_value_get_string (value));
      break;

    case PROP_EVENT_CHANNEL:
      dipcc_settings_set_event_channel (self, g_value_get_enum (value));
      break;

    case PROP_WS_URL:
      dipcc_settings_set_ws_url (self, g_value_get_string (value));
      break;

    case PROP_WS_DIALECT:
      dipcc_settings_set_ws_dialect (self, g_value_get_enum (value));
      break;

    case PROP_SERVER_IDS:
      set_server_ids_variant (self, g_value_get_variant (value));
      break;

    case PROP_AMI_HOST:
      dipcc_settings_set_ami_host (self, g_value_get_string (value));
      break;

    case PROP_AMI_PORT:
      dipcc_settings_set_ami_port (self, g_value_get_uint (value));
      break;

    case PROP_AMI_USER:
      dipcc_settings_set_ami_user (self, g_value_get_string (value));
      break;

    case PROP_AMI_TLS:
      dipcc_settings_set_ami_tls (self, g_value_get_boolean (value));
      break;

    case PROP_EXTENSION:
      dipcc_settings_set_extension (self, g_value_get_string (value));
      break;

    case PROP_COS_ID:
      dipcc_settings_set_cos_id (self, g_value_get_string (value));
      break;

    case PROP_CID_NAME:
      dipcc_settings_set_cid_name (self, g_value_get_string (value));
      break;

    case PROP_CID_NUMBER:
      dipcc_settings_set_cid_number (self, g_value_get_string (value));
      break;

    case PROP_TLS_PIN:
      dipcc_settings_set_tls_pin (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_settings_dispose (GObject *object)
{
  DipccSettings *self = DIPCC_SETTINGS (object);
  guint i;

  if (self->settings != NULL)
    {
      for (i = 1; i < N_PROPS; i++)
        g_settings_unbind (self, g_param_spec_get_name (properties[i]));
    }
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dipcc_settings_parent_class)->dispose (object);
}

static void
dipcc_settings_finalize (GObject *object)
{
  DipccSettings *self = DIPCC_SETTINGS (object);

  g_clear_pointer (&self->rest_url, g_free);
  g_clear_pointer (&self->tenant, g_free);
  g_clear_pointer (&self->ws_url, g_free);
  g_clear_pointer (&self->server_ids, g_variant_unref);
  g_clear_pointer (&self->ami_host, g_free);
  g_clear_pointer (&self->ami_user, g_free);
  g_clear_pointer (&self->extension, g_free);
  g_clear_pointer (&self->cos_id, g_free);
  g_clear_pointer (&self->cid_name, g_free);
  g_clear_pointer (&self->cid_number, g_free);
  g_clear_pointer (&self->tls_pin, g_free);

  G_OBJECT_CLASS (dipcc_settings_parent_class)->finalize (object);
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, "",
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
}

static void
dipcc_settings_class_init (DipccSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const gint32 default_ids[] = { 1 };

  object_class->get_property = dipcc_settings_get_property;
  object_class->set_property = dipcc_settings_set_property;
  object_class->dispose = dipcc_settings_dispose;
  object_class->finalize = dipcc_settings_finalize;

  /* The schema's summaries and descriptions document each of these. */
  properties[PROP_REST_URL] = string_property ("rest-url");
  properties[PROP_TENANT] = string_property ("tenant");
  properties[PROP_EVENT_CHANNEL] =
    g_param_spec_enum ("event-channel", NULL, NULL, DIPCC_TYPE_EVENT_CHANNEL,
                       DIPCC_EVENT_CHANNEL_WEBSOCKET, flags);
  properties[PROP_WS_URL] = string_property ("ws-url");
  properties[PROP_WS_DIALECT] =
    g_param_spec_enum ("ws-dialect", NULL, NULL, DIPCC_TYPE_WS_DIALECT,
                       DIPCC_WS_DIALECT_V3, flags);

  /**
   * DipccSettings:server-ids:
   *
   * The AMI server ids to follow, a #GVariant of type `ai`.
   */
  properties[PROP_SERVER_IDS] =
    g_param_spec_variant ("server-ids", NULL, NULL, G_VARIANT_TYPE ("ai"),
                          g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, default_ids,
                                                     G_N_ELEMENTS (default_ids),
                                                     sizeof (gint32)),
                          flags);
  properties[PROP_AMI_HOST] = string_property ("ami-host");
  properties[PROP_AMI_PORT] =
    g_param_spec_uint ("ami-port", NULL, NULL, 1, G_MAXUINT16, DEFAULT_AMI_PORT, flags);
  properties[PROP_AMI_USER] = string_property ("ami-user");
  properties[PROP_AMI_TLS] =
    g_param_spec_boolean ("ami-tls", NULL, NULL, FALSE, flags);
  properties[PROP_EXTENSION] = string_property ("extension");
  properties[PROP_COS_ID] = string_property ("cos-id");
  properties[PROP_CID_NAME] = string_property ("cid-name");
  properties[PROP_CID_NUMBER] = string_property ("cid-number");
  properties[PROP_TLS_PIN] = string_property ("tls-pin");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dipcc_settings_init (DipccSettings *self)
{
  static const gint32 default_ids[] = { 1 };

  self->rest_url = g_strdup ("");
  self->tenant = g_strdup ("");
  self->ws_url = g_strdup ("");
  self->server_ids = g_variant_ref_sink (g_variant_new_fixed_array (G_VARIANT_TYPE_INT32,
                                                                    default_ids, 1,
                                                                    sizeof (gint32)));
  self->ami_host = g_strdup ("");
  self->ami_user = g_strdup ("");
  self->extension = g_strdup ("");
  self->cos_id = g_strdup ("");
  self->cid_name = g_strdup ("");
  self->cid_number = g_strdup ("");
  self->tls_pin = g_strdup ("");
  self->ami_port = DEFAULT_AMI_PORT;
}

/* g_settings_bind() has no default mapping for a GVariant property: pass
 * the value through as it is. */
static gboolean
variant_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_variant (value, variant);
  return TRUE;
}

static GVariant *
variant_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  GVariant *variant = g_value_get_variant (value);

  if (variant == NULL || !g_variant_is_of_type (variant, expected_type))
    return NULL;
  return g_variant_ref (variant);
}

static DipccSettings *
settings_new_for (GSettings *settings)
{
  DipccSettings *self = g_object_new (DIPCC_TYPE_SETTINGS, NULL);
  guint i;

  self->settings = settings;
  for (i = 1; i < N_PROPS; i++)
    {
      const char *name = g_param_spec_get_name (properties[i]);

      if (G_IS_PARAM_SPEC_VARIANT (properties[i]))
        g_settings_bind_with_mapping (self->settings, name, self, name,
                                      G_SETTINGS_BIND_DEFAULT,
                                      variant_get_mapping, variant_set_mapping,
                                      NULL, NULL);
      else
        g_settings_bind (self->settings, name, self, name, G_SETTINGS_BIND_DEFAULT);
    }
  return self;
}

/**
 * dipcc_settings_new:
 *
 * Returns: (transfer full): the app's settings, from the
 *   `io.github.dipcc.Companion` schema
 */
DipccSettings *
dipcc_settings_new (void)
{
  return settings_new_for (g_settings_new (DIPCC_SETTINGS_SCHEMA_ID));
}

/**
 * dipcc_settings_new_with_backend:
 * @backend: where to keep the settings, e.g. g_memory_settings_backend_new()
 *
 * Returns: (transfer full): settings kept in @backend
 */
DipccSettings *
dipcc_settings_new_with_backend (GSettingsBackend *backend)
{
  g_return_val_if_fail (G_IS_SETTINGS_BACKEND (backend), NULL);

  return settings_new_for (g_settings_new_with_backend (DIPCC_SETTINGS_SCHEMA_ID, backend));
}

static gboolean
is_set (const char *text)
{
  for (; text != NULL && *text; text++)
    {
      if (!g_ascii_isspace (*text))
        return TRUE;
    }
  return FALSE;
}

/**
 * dipcc_settings_get_gsettings:
 *
 * The keys the app binds to its widgets directly (pop-ups, screen pop,
 * window state) are read through this rather than through properties.
 *
 * Returns: (transfer none): the #GSettings behind @self
 */
GSettings *
dipcc_settings_get_gsettings (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);

  return self->settings;
}

/**
 * dipcc_settings_is_configured:
 *
 * Returns: whether there is something to connect to: a REST address, or
 *   the address of the chosen event channel
 */
gboolean
dipcc_settings_is_configured (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), FALSE);

  if (is_set (self->rest_url))
    return TRUE;
  if (self->event_channel == DIPCC_EVENT_CHANNEL_AMI)
    return is_set (self->ami_host);
  return is_set (self->ws_url);
}

const char *
dipcc_settings_get_rest_url (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  return self->rest_url;
}

void
dipcc_settings_set_rest_url (DipccSettings *self,
                             const char    *rest_url)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  set_string (self, &self->rest_url, rest_url, PROP_REST_URL);
}

const char *
dipcc_settings_get_tenant (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  return self->tenant;
}

void
dipcc_settings_set_tenant (DipccSettings *self,
                           const char    *tenant)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  set_string (self, &self->tenant, tenant, PROP_TENANT);
}

DipccEventChannel
dipcc_settings_get_event_channel (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), DIPCC_EVENT_CHANNEL_WEBSOCKET);
  return self->event_channel;
}

void
dipcc_settings_set_event_channel (DipccSettings     *self,
                                  DipccEventChannel  event_channel)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  g_return_if_fail (event_channel == DIPCC_EVENT_CHANNEL_WEBSOCKET ||
                    event_channel == DIPCC_EVENT_CHANNEL_AMI);

  if (self->event_channel == event_channel)
    return;
  self->event_channel = event_channel;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_CHANNEL]);
}

const char *
dipcc_settings_get_ws_url (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  return self->ws_url;
}

void
dipcc_settings_set_ws_url (DipccSettings *self,
                           const char    *ws_url)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  set_string (self, &self->ws_url, ws_url, PROP_WS_URL);
}

DipccWsDialect
dipcc_settings_get_ws_dialect (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), DIPCC_WS_DIALECT_V3);
  return self->ws_dialect;
}

void
dipcc_settings_set_ws_dialect (DipccSettings  *self,
                               DipccWsDialect  ws_dialect)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  g_return_if_fail (ws_dialect == DIPCC_WS_DIALECT_V3 || ws_dialect == DIPCC_WS_DIALECT_DCMIWS);

  if (self->ws_dialect == ws_dialect)
    return;
  self->ws_dialect = ws_dialect;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WS_DIALECT]);
}

/**
 * dipcc_settings_get_server_ids:
 *
 * Returns: (transfer none): the AMI server ids to follow, type `ai`
 */
GVariant *
dipcc_settings_get_server_ids (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  return self->server_ids;
}

/**
 * dipcc_settings_dup_server_ids:
 * @n_ids: (out): how many there are
 *
 * Returns: (transfer full) (array length=n_ids): the AMI server ids to follow
 */
int *
dipcc_settings_dup_server_ids (DipccSettings *self,
                               gsize         *n_ids)
{
  const gint32 *ids;
  gsize n = 0;
  int *copy;
  gsize i;

  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  g_return_val_if_fail (n_ids != NULL, NULL);

  ids = g_variant_get_fixed_array (self->server_ids, &n, sizeof (gint32));
  copy = g_new (int, MAX (n, 1));
  for (i = 0; i < n; i++)
    copy[i] = ids[i];
  *n_ids = n;
  return copy;
}

/**
 * dipcc_settings_set_server_ids:
 * @ids: (array length=n_ids): the AMI server ids to follow
 * @n_ids: how many
 */
void
dipcc_settings_set_server_ids (DipccSettings *self,
                               const int     *ids,
                               gsize          n_ids)
{
  g_autofree gint32 *values = NULL;
  gsize i;

  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  values = g_new (gint32, MAX (n_ids, 1));
  for (i = 0; i < n_ids; i++)
    values[i] = ids[i];
  set_server_ids_variant (self, g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, values,
                                                           n_ids, sizeof (gint32)));
}

const char *
dipcc_settings_get_ami_host (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  return self->ami_host;
}

void
dipcc_settings_set_ami_host (DipccSettings *self,
                             const char    *ami_host)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  set_string (self, &self->ami_host, ami_host, PROP_AMI_HOST);
}

guint
dipcc_settings_get_ami_port (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), DEFAULT_AMI_PORT);
  return self->ami_port;
}

void
dipcc_settings_set_ami_port (DipccSettings *self,
                             guint          ami_port)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  g_return_if_fail (ami_port >= 1 && ami_port <= G_MAXUINT16);

  if (self->ami_port == ami_port)
    return;
  self->ami_port = ami_port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMI_PORT]);
}

const char *
dipcc_settings_get_ami_user (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  return self->ami_user;
}

void
dipcc_settings_set_ami_user (DipccSettings *self,
                             const char    *ami_user)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  set_string (self, &self->ami_user, ami_user, PROP_AMI_USER);
}

gboolean
dipcc_settings_get_ami_tls (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), FALSE);
  return self->ami_tls;
}

void
dipcc_settings_set_ami_tls (DipccSettings *self,
                            gboolean       ami_tls)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));

  ami_tls = !!ami_tls;
  if (self->ami_tls == ami_tls)
    return;
  self->ami_tls = ami_tls;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMI_TLS]);
}

const char *
dipcc_settings_get_extension (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  return self->extension;
}

void
dipcc_settings_set_extension (DipccSettings *self,
                              const char    *extension)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  set_string (self, &self->extension, extension, PROP_EXTENSION);
}

const char *
dipcc_settings_get_cos_id (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  return self->cos_id;
}

void
dipcc_settings_set_cos_id (DipccSettings *self,
                           const char    *cos_id)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  set_string (self, &self->cos_id, cos_id, PROP_COS_ID);
}

const char *
dipcc_settings_get_cid_name (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  return self->cid_name;
}

void
dipcc_settings_set_cid_name (DipccSettings *self,
                             const char    *cid_name)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  set_string (self, &self->cid_name, cid_name, PROP_CID_NAME);
}

const char *
dipcc_settings_get_cid_number (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  return self->cid_number;
}

void
dipcc_settings_set_cid_number (DipccSettings *self,
                               const char    *cid_number)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  set_string (self, &self->cid_number, cid_number, PROP_CID_NUMBER);
}

const char *
dipcc_settings_get_tls_pin (DipccSettings *self)
{
  g_return_val_if_fail (DIPCC_IS_SETTINGS (self), NULL);
  return self->tls_pin;
}

void
dipcc_settings_set_tls_pin (DipccSettings *self,
                            const char    *tls_pin)
{
  g_return_if_fail (DIPCC_IS_SETTINGS (self));
  set_string (self, &self->tls_pin, tls_pin, PROP_TLS_PIN);
}
