/* dipcc-endpoint-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-endpoint-list"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dipcc-ami-message-private.h"
#include "dipcc-endpoint-list.h"
#include "dipcc-server-key-private.h"

struct _DipccEndpointList
{
  GObject     parent_instance;

  /* Owned: sorted by name, then server */
  GPtrArray  *items;
  /* server + name → DipccEndpoint (borrowed from items); the key's name is
   * the endpoint's own */
  GHashTable *by_key;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DipccEndpointList, dipcc_endpoint_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
dipcc_endpoint_list_get_item_type (GListModel *model)
{
  return DIPCC_TYPE_ENDPOINT;
}

static guint
dipcc_endpoint_list_get_n_items (GListModel *model)
{
  return DIPCC_ENDPOINT_LIST (model)->items->len;
}

static gpointer
dipcc_endpoint_list_get_item (GListModel *model,
                              guint       position)
{
  DipccEndpointList *self = DIPCC_ENDPOINT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dipcc_endpoint_list_get_item_type;
  iface->get_n_items = dipcc_endpoint_list_get_n_items;
  iface->get_item = dipcc_endpoint_list_get_item;
}

static void
dipcc_endpoint_list_finalize (GObject *object)
{
  DipccEndpointList *self = DIPCC_ENDPOINT_LIST (object);

  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (dipcc_endpoint_list_parent_class)->finalize (object);
}

static void
dipcc_endpoint_list_class_init (DipccEndpointListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dipcc_endpoint_list_finalize;
}

static void
dipcc_endpoint_list_init (DipccEndpointList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_key = g_hash_table_new_full (dipcc_server_key_hash, dipcc_server_key_equal, g_free,
                                       NULL);
}

/**
 * dipcc_endpoint_list_new:
 *
 * Returns: (transfer full): an empty list; feed it events with
 *   dipcc_endpoint_list_handle_event()
 */
DipccEndpointList *
dipcc_endpoint_list_new (void)
{
  return g_object_new (DIPCC_TYPE_ENDPOINT_LIST, NULL);
}

static int
compare (int         server_a,
         const char *name_a,
         int         server_b,
         const char *name_b)
{
  int cmp = strcmp (name_a, name_b);

  if (cmp != 0)
    return cmp;
  return (server_a > server_b) - (server_a < server_b);
}

/**
 * dipcc_endpoint_list_lookup:
 * @server_id: the server
 * @name: the endpoint name, e.g. `0108`
 *
 * Returns: (transfer none) (nullable): the endpoint, in O(1)
 */
DipccEndpoint *
dipcc_endpoint_list_lookup (DipccEndpointList *self,
                            int                server_id,
                            const char        *name)
{
  DipccServerKey key = { server_id, name };

  g_return_val_if_fail (DIPCC_IS_ENDPOINT_LIST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->by_key, &key);
}

/**
 * dipcc_endpoint_list_ensure:
 * @server_id: the server
 * @name: the endpoint name
 *
 * Returns: (transfer none): the endpoint, added in its sorted place when it
 *   was not known yet
 */
DipccEndpoint *
dipcc_endpoint_list_ensure (DipccEndpointList *self,
                            int                server_id,
                            const char        *name)
{
  DipccEndpoint *endpoint;
  DipccServerKey *key;
  guint lo = 0, hi;

  g_return_val_if_fail (DIPCC_IS_ENDPOINT_LIST (self), NULL);
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  endpoint = dipcc_endpoint_list_lookup (self, server_id, name);
  if (endpoint != NULL)
    return endpoint;

  endpoint = dipcc_endpoint_new (server_id, name);
  /* the name may have been cleaned up: key and sort by what it holds */
  name = dipcc_endpoint_get_name (endpoint);

  hi = self->items->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      DipccEndpoint *other = g_ptr_array_index (self->items, mid);

      if (compare (dipcc_endpoint_get_server_id (other), dipcc_endpoint_get_name (other),
                   server_id, name) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  g_ptr_array_insert (self->items, lo, endpoint);
  key = g_new (DipccServerKey, 1);
  key->server_id = server_id;
  key->id = name;
  g_hash_table_insert (self->by_key, key, endpoint);
  g_list_model_items_changed (G_LIST_MODEL (self), lo, 0, 1);
  return endpoint;
}

/* `PJSIP/0108` → `0108`, the rest of @device; `Queue:support`, `Local/…` →
 * %NULL */
static const char *
device_name (const char *device)
{
  static const struct {
    const char *prefix;
    gsize       len;
  } techs[] = { { "PJSIP/", 6 }, { "SIP/", 4 }, { "IAX2/", 5 } };
  gsize device_len = strlen (device);

  for (guint i = 0; i < G_N_ELEMENTS (techs); i++)
    if (device_len > techs[i].len &&
        dipcc_ascii_equal_nocase (device, techs[i].prefix, techs[i].len))
      return device + techs[i].len;
  return NULL;
}

/**
 * dipcc_endpoint_list_is_endpoint_channel:
 * @server_id: the server
 * @channel: a channel name, e.g. `PJSIP/0108-0000001a`
 * @endpoint_name: (out) (optional) (transfer full): the endpoint's name
 *
 * Finds the endpoint a channel belongs to: the technology prefix and the
 * `-` suffix Asterisk adds are removed, and the rest must be a known
 * endpoint (endpoint names such as trunks may contain `-` themselves, so the
 * longest known prefix wins).
 *
 * Returns: whether @channel belongs to a known endpoint
 */
gboolean
dipcc_endpoint_list_is_endpoint_channel (DipccEndpointList  *self,
                                         int                 server_id,
                                         const char         *channel,
                                         char              **endpoint_name)
{
  char buffer[128];
  g_autofree char *heap = NULL;
  const char *name;
  char *rest;
  char *dash;
  gsize len;

  g_return_val_if_fail (DIPCC_IS_ENDPOINT_LIST (self), FALSE);

  if (endpoint_name)
    *endpoint_name = NULL;
  if (channel == NULL || (name = device_name (channel)) == NULL)
    return FALSE;

  /* a copy to cut at each `-`, on the stack for any usual name */
  len = strlen (name);
  rest = len < sizeof buffer ? memcpy (buffer, name, len + 1) : (heap = g_strdup (name));
  while ((dash = strrchr (rest, '-')) != NULL)
    {
      *dash = '\0';
      if (dipcc_endpoint_list_lookup (self, server_id, rest) != NULL)
        {
          if (endpoint_name)
            *endpoint_name = g_strdup (rest);
          return TRUE;
        }
    }
  return FALSE;
}

/* Old servers (1.8) report phone state through ExtensionStatus, a bit set. */
static DipccDeviceState
state_from_extension_status (const char *status)
{
  char *end = NULL;
  long value = strtol (status, &end, 10);

  if (end == status || *end != '\0')
    return DIPCC_DEVICE_STATE_UNKNOWN;
  if (value < 0)
    return DIPCC_DEVICE_STATE_INVALID;
  if (value & 16)
    return DIPCC_DEVICE_STATE_ONHOLD;
  if ((value & 8) && (value & 1))
    return DIPCC_DEVICE_STATE_RINGINUSE;
  if (value & 8)
    return DIPCC_DEVICE_STATE_RINGING;
  if (value & 4)
    return DIPCC_DEVICE_STATE_UNAVAILABLE;
  if (value & 2)
    return DIPCC_DEVICE_STATE_BUSY;
  if (value & 1)
    return DIPCC_DEVICE_STATE_INUSE;
  return DIPCC_DEVICE_STATE_NOT_INUSE;
}

/**
 * dipcc_endpoint_list_handle_event:
 * @message: any message from the PBX
 *
 * Updates the list from `EndpointList` items, `DeviceStateChange` (also
 * the items of `DeviceStateList`, which reuse that name), `ExtensionStatus`
 * and `PeerStatus` of old servers. Anything else is ignored.
 *
 * Returns: whether the message was one the list reads
 */
gboolean
dipcc_endpoint_list_handle_event (DipccEndpointList *self,
                                  DipccAmiMessage   *message)
{
  int server_id;
  const char *value;
  const char *name;
  const char *status;
  DipccEndpoint *endpoint;

  g_return_val_if_fail (DIPCC_IS_ENDPOINT_LIST (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  server_id = dipcc_ami_message_get_server_id (message);

  switch (dipcc_ami_message_get_event_id (message))
    {
    case DIPCC_AMI_EVENT_ENDPOINT_LIST:
      value = dipcc_ami_message_get (message, "ObjectName");
      if (value == NULL || *value == '\0')
        return FALSE;
      dipcc_endpoint_update_from_list_item (dipcc_endpoint_list_ensure (self, server_id, value),
                                            message);
      return TRUE;

    case DIPCC_AMI_EVENT_DEVICE_STATE_CHANGE:
      value = dipcc_ami_message_get (message, "Device");
      status = dipcc_ami_message_get (message, "State");
      if (value == NULL || status == NULL || (name = device_name (value)) == NULL)
        return FALSE;
      dipcc_endpoint_set_device_state (dipcc_endpoint_list_ensure (self, server_id, name),
                                       dipcc_device_state_from_string (status));
      return TRUE;

    case DIPCC_AMI_EVENT_EXTENSION_STATUS:
      value = dipcc_ami_message_get (message, "Exten");
      status = dipcc_ami_message_get (message, "Status");
      if (value == NULL || status == NULL)
        return FALSE;
      /* extensions that are not endpoints (queues, parking) are ignored */
      endpoint = dipcc_endpoint_list_lookup (self, server_id, value);
      if (endpoint == NULL)
        return FALSE;
      dipcc_endpoint_set_device_state (endpoint, state_from_extension_status (status));
      return TRUE;

    case DIPCC_AMI_EVENT_PEER_STATUS:
      value = dipcc_ami_message_get (message, "Peer");
      status = dipcc_ami_message_get (message, "PeerStatus");
      if (value == NULL || status == NULL || (name = device_name (value)) == NULL)
        return FALSE;
      endpoint = dipcc_endpoint_list_ensure (self, server_id, name);
      if (g_ascii_strcasecmp (status, "Unregistered") == 0 ||
          g_ascii_strcasecmp (status, "Unreachable") == 0 ||
          g_ascii_strcasecmp (status, "Rejected") == 0)
        dipcc_endpoint_set_device_state (endpoint, DIPCC_DEVICE_STATE_UNAVAILABLE);
      else if (!dipcc_endpoint_get_registered (endpoint))
        dipcc_endpoint_set_device_state (endpoint, DIPCC_DEVICE_STATE_NOT_INUSE);
      return TRUE;

    case DIPCC_AMI_EVENT_NONE:
    default:
      return FALSE;
    }
}
