/* dipcc-endpoint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-endpoint"

#include "config.h"

#include <string.h>

#include "dipcc-core-enums.h"
#include "dipcc-endpoint.h"
#include "dipcc-text.h"

/* Text from the PBX kept on an endpoint is bounded like every other field. */
#define MAX_FIELD_CHARS 256

struct _DipccEndpoint
{
  GObject           parent_instance;

  int               server_id;
  char             *name;
  char             *display_name;
  char             *transport;
  char             *aor;
  char             *contacts;
  DipccDeviceState  device_state;
  gboolean          registered;
  guint             active_channels;
};

G_DEFINE_FINAL_TYPE (DipccEndpoint, dipcc_endpoint, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER_ID,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_TRANSPORT,
  PROP_AOR,
  PROP_CONTACTS,
  PROP_DEVICE_STATE,
  PROP_REGISTERED,
  PROP_ACTIVE_CHANNELS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Stores a sanitized copy of @value in @field; returns whether it changed. */
static gboolean
set_text (char       **field,
          const char  *value)
{
  g_autofree char *clean = NULL;

  /* the same value again: the field holds it cleaned already, and cleaning
   * is idempotent */
  if (value != NULL && g_strcmp0 (*field, value) == 0)
    return FALSE;
  clean = value ? dipcc_text_sanitize_display (value, -1, MAX_FIELD_CHARS) : g_strdup ("");
  if (g_strcmp0 (*field, clean) == 0)
    return FALSE;
  g_free (*field);
  *field = g_steal_pointer (&clean);
  return TRUE;
}

static void
dipcc_endpoint_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DipccEndpoint *self = DIPCC_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_SERVER_ID:
      g_value_set_int (value, self->server_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, dipcc_endpoint_get_display_name (self));
      break;
    case PROP_TRANSPORT:
      g_value_set_string (value, self->transport);
      break;
    case PROP_AOR:
      g_value_set_string (value, self->aor);
      break;
    case PROP_CONTACTS:
      g_value_set_string (value, self->contacts);
      break;
    case PROP_DEVICE_STATE:
      g_value_set_enum (value, self->device_state);
      break;
    case PROP_REGISTERED:
      g_value_set_boolean (value, self->registered);
      break;
    case PROP_ACTIVE_CHANNELS:
      g_value_set_uint (value, self->active_channels);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_endpoint_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DipccEndpoint *self = DIPCC_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_SERVER_ID:
      self->server_id = g_value_get_int (value);
      break;
    case PROP_NAME:
      set_text (&self->name, g_value_get_string (value));
      break;
    case PROP_DISPLAY_NAME:
      dipcc_endpoint_set_display_name (self, g_value_get_string (value));
      break;
    case PROP_TRANSPORT:
      dipcc_endpoint_set_transport (self, g_value_get_string (value));
      break;
    case PROP_AOR:
      dipcc_endpoint_set_aor (self, g_value_get_string (value));
      break;
    case PROP_CONTACTS:
      dipcc_endpoint_set_contacts (self, g_value_get_string (value));
      break;
    case PROP_DEVICE_STATE:
      dipcc_endpoint_set_device_state (self, g_value_get_enum (value));
      break;
    case PROP_ACTIVE_CHANNELS:
      dipcc_endpoint_set_active_channels (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_endpoint_finalize (GObject *object)
{
  DipccEndpoint *self = DIPCC_ENDPOINT (object);

  g_free (self->name);
  g_free (self->display_name);
  g_free (self->transport);
  g_free (self->aor);
  g_free (self->contacts);

  G_OBJECT_CLASS (dipcc_endpoint_parent_class)->finalize (object);
}

static void
dipcc_endpoint_class_init (DipccEndpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dipcc_endpoint_get_property;
  object_class->set_property = dipcc_endpoint_set_property;
  object_class->finalize = dipcc_endpoint_finalize;

  properties[PROP_SERVER_ID] =
    g_param_spec_int ("server-id", NULL, NULL, G_MININT, G_MAXINT, DIPCC_SERVER_ID_NONE,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * DipccEndpoint:display-name:
   *
   * What to call the endpoint: a name given to it (a colleague's name from
   * the contacts, say), or else its name.
   */
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRANSPORT] =
    g_param_spec_string ("transport", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AOR] =
    g_param_spec_string ("aor", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACTS] =
    g_param_spec_string ("contacts", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEVICE_STATE] =
    g_param_spec_enum ("device-state", NULL, NULL,
                       DIPCC_TYPE_DEVICE_STATE, DIPCC_DEVICE_STATE_UNKNOWN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * DipccEndpoint:registered:
   *
   * Whether a phone is registered, derived from the device state: an
   * unregistered endpoint deserves a warning before a click-to-call.
   */
  properties[PROP_REGISTERED] =
    g_param_spec_boolean ("registered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE_CHANNELS] =
    g_param_spec_uint ("active-channels", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dipcc_endpoint_init (DipccEndpoint *self)
{
  self->server_id = DIPCC_SERVER_ID_NONE;
  self->transport = g_strdup ("");
  self->aor = g_strdup ("");
  self->contacts = g_strdup ("");
}

/**
 * dipcc_endpoint_new:
 * @server_id: the AMI server it lives on
 * @name: its name, e.g. `0108`
 *
 * Returns: (transfer full): a new endpoint in state unknown
 */
DipccEndpoint *
dipcc_endpoint_new (int         server_id,
                    const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (DIPCC_TYPE_ENDPOINT, "server-id", server_id, "name", name, NULL);
}

int
dipcc_endpoint_get_server_id (DipccEndpoint *self)
{
  g_return_val_if_fail (DIPCC_IS_ENDPOINT (self), DIPCC_SERVER_ID_NONE);

  return self->server_id;
}

const char *
dipcc_endpoint_get_name (DipccEndpoint *self)
{
  g_return_val_if_fail (DIPCC_IS_ENDPOINT (self), NULL);

  return self->name;
}

const char *
dipcc_endpoint_get_display_name (DipccEndpoint *self)
{
  g_return_val_if_fail (DIPCC_IS_ENDPOINT (self), NULL);

  return self->display_name && *self->display_name ? self->display_name : self->name;
}

void
dipcc_endpoint_set_display_name (DipccEndpoint *self,
                                 const char    *display_name)
{
  g_return_if_fail (DIPCC_IS_ENDPOINT (self));

  if (set_text (&self->display_name, display_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

const char *
dipcc_endpoint_get_transport (DipccEndpoint *self)
{
  g_return_val_if_fail (DIPCC_IS_ENDPOINT (self), NULL);

  return self->transport;
}

void
dipcc_endpoint_set_transport (DipccEndpoint *self,
                              const char    *transport)
{
  g_return_if_fail (DIPCC_IS_ENDPOINT (self));

  if (set_text (&self->transport, transport))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSPORT]);
}

const char *
dipcc_endpoint_get_aor (DipccEndpoint *self)
{
  g_return_val_if_fail (DIPCC_IS_ENDPOINT (self), NULL);

  return self->aor;
}

void
dipcc_endpoint_set_aor (DipccEndpoint *self,
                        const char    *aor)
{
  g_return_if_fail (DIPCC_IS_ENDPOINT (self));

  if (set_text (&self->aor, aor))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AOR]);
}

const char *
dipcc_endpoint_get_contacts (DipccEndpoint *self)
{
  g_return_val_if_fail (DIPCC_IS_ENDPOINT (self), NULL);

  return self->contacts;
}

void
dipcc_endpoint_set_contacts (DipccEndpoint *self,
                             const char    *contacts)
{
  g_return_if_fail (DIPCC_IS_ENDPOINT (self));

  if (set_text (&self->contacts, contacts))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACTS]);
}

DipccDeviceState
dipcc_endpoint_get_device_state (DipccEndpoint *self)
{
  g_return_val_if_fail (DIPCC_IS_ENDPOINT (self), DIPCC_DEVICE_STATE_UNKNOWN);

  return self->device_state;
}

void
dipcc_endpoint_set_device_state (DipccEndpoint    *self,
                                 DipccDeviceState  state)
{
  gboolean registered;

  g_return_if_fail (DIPCC_IS_ENDPOINT (self));

  if (self->device_state == state)
    return;

  self->device_state = state;
  registered = dipcc_device_state_is_registered (state);
  if (registered == self->registered)
    {
      /* the usual change (ringing, in use, idle): one notify, no freeze */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_STATE]);
      return;
    }
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_STATE]);
  self->registered = registered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTERED]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
dipcc_endpoint_get_registered (DipccEndpoint *self)
{
  g_return_val_if_fail (DIPCC_IS_ENDPOINT (self), FALSE);

  return self->registered;
}

guint
dipcc_endpoint_get_active_channels (DipccEndpoint *self)
{
  g_return_val_if_fail (DIPCC_IS_ENDPOINT (self), 0);

  return self->active_channels;
}

void
dipcc_endpoint_set_active_channels (DipccEndpoint *self,
                                    guint          active_channels)
{
  g_return_if_fail (DIPCC_IS_ENDPOINT (self));

  if (self->active_channels == active_channels)
    return;
  self->active_channels = active_channels;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_CHANNELS]);
}

/* `ActiveChannels` lists channel names separated by commas. */
static guint
count_channels (const char *list)
{
  guint n = 0;

  if (list == NULL)
    return 0;
  for (const char *p = list; *p; )
    {
      const char *comma = strchr (p, ',');
      const char *end = comma ? comma : p + strlen (p);

      for (const char *q = p; q < end; q++)
        if (!g_ascii_isspace (*q))
          {
            n++;
            break;
          }
      if (comma == NULL)
        break;
      p = comma + 1;
    }
  return n;
}

/**
 * dipcc_endpoint_update_from_list_item:
 * @item: an `EndpointList` event from `PJSIPShowEndpoints`
 *
 * Takes the transport, AOR, contacts, device state (`Not in use` spelling)
 * and active channels of a listing. Fields the item lacks are left as
 * they are; every property notifies only if it changed.
 */
void
dipcc_endpoint_update_from_list_item (DipccEndpoint   *self,
                                      DipccAmiMessage *item)
{
  const char *value;

  g_return_if_fail (DIPCC_IS_ENDPOINT (self));
  g_return_if_fail (item != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  if ((value = dipcc_ami_message_get (item, "Transport")))
    dipcc_endpoint_set_transport (self, value);
  if ((value = dipcc_ami_message_get (item, "Aor")))
    dipcc_endpoint_set_aor (self, value);
  if ((value = dipcc_ami_message_get (item, "Contacts")))
    dipcc_endpoint_set_contacts (self, value);
  if ((value = dipcc_ami_message_get (item, "DeviceState")))
    dipcc_endpoint_set_device_state (self, dipcc_device_state_from_string (value));
  if ((value = dipcc_ami_message_get (item, "ActiveChannels")))
    dipcc_endpoint_set_active_channels (self, count_channels (value));
  g_object_thaw_notify (G_OBJECT (self));
}
