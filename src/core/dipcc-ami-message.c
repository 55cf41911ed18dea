/* dipcc-ami-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-ami-message"

#include "config.h"

#include <string.h>

#include "dipcc-ami-message-private.h"

/* A message owns its fields and its data either in one block allocated with
 * the struct (messages from the parser and decoders: one malloc each) or in
 * two growable heap arrays (messages built field by field with _add). */
struct _DipccAmiMessage
{
  gatomicrefcount      ref_count;
  DipccAmiMessageKind  kind;
  guint                inline_storage : 1;
  /* dipcc_ami_message_get_event_id() + 1, or 0 when not known yet */
  guint8               event_id;

  DipccAmiField       *fields;
  guint                n_fields;
  guint                fields_alloc;

  char                *data;
  gsize                data_len;
  gsize                data_alloc;

  int                  server_id;
  GRefString          *server_name;
};

G_DEFINE_BOXED_TYPE (DipccAmiMessage, dipcc_ami_message,
                     dipcc_ami_message_ref, dipcc_ami_message_unref)

static DipccAmiMessageKind
kind_from_key (const char *key,
               gsize       key_len)
{
  if (key_len == 5 && dipcc_ascii_equal_nocase (key, "Event", 5))
    return DIPCC_AMI_MESSAGE_KIND_EVENT;
  if (key_len == 8 && dipcc_ascii_equal_nocase (key, "Response", 8))
    return DIPCC_AMI_MESSAGE_KIND_RESPONSE;
  if (key_len == 6 && dipcc_ascii_equal_nocase (key, "Action", 6))
    return DIPCC_AMI_MESSAGE_KIND_ACTION;
  return DIPCC_AMI_MESSAGE_KIND_UNKNOWN;
}

static const char *
key_for_kind (DipccAmiMessageKind kind)
{
  switch (kind)
    {
    case DIPCC_AMI_MESSAGE_KIND_EVENT:
      return "Event";
    case DIPCC_AMI_MESSAGE_KIND_RESPONSE:
      return "Response";
    case DIPCC_AMI_MESSAGE_KIND_ACTION:
      return "Action";
    case DIPCC_AMI_MESSAGE_KIND_UNKNOWN:
    default:
      return NULL;
    }
}

/* ---- builder ---------------------------------------------------------- */

void
dipcc_ami_builder_init (DipccAmiBuilder *builder)
{
  memset (builder, 0, sizeof *builder);
}

void
dipcc_ami_builder_clear (DipccAmiBuilder *builder)
{
  g_clear_pointer (&builder->fields, g_free);
  g_clear_pointer (&builder->data, g_free);
  memset (builder, 0, sizeof *builder);
}

void
dipcc_ami_builder_reset (DipccAmiBuilder *builder)
{
  builder->n_fields = 0;
  builder->data_len = 0;
}

static inline void
data_reserve (char  **data,
              gsize  *alloc,
              gsize   needed)
{
  if (G_LIKELY (needed <= *alloc))
    return;
  *alloc = MAX (MAX (*alloc * 2, needed), 256);
  *data = g_realloc (*data, *alloc);
}

static inline void
fields_reserve (DipccAmiField **fields,
                guint          *alloc,
                guint           needed)
{
  if (G_LIKELY (needed <= *alloc))
    return;
  *alloc = MAX (MAX (*alloc * 2, needed), 16);
  *fields = g_renew (DipccAmiField, *fields, *alloc);
}

static inline void
append_field (DipccAmiField **fields,
              guint          *n_fields,
              guint          *fields_alloc,
              char          **data,
              gsize          *data_len,
              gsize          *data_alloc,
              const char     *key,
              gsize           key_len,
              const char     *value,
              gsize           value_len)
{
  DipccAmiField *f;
  gsize at = *data_len;

  /* Offsets are 32-bit: messages are far below 4 GiB by the parsers' limits. */
  g_assert (at + key_len + value_len + 2 < G_MAXUINT32);

  fields_reserve (fields, fields_alloc, *n_fields + 1);
  data_reserve (data, data_alloc, at + key_len + value_len + 2);

  f = &(*fields)[(*n_fields)++];
  f->key = at;
  f->key_len = key_len;
  memcpy (*data + at, key, key_len);
  (*data)[at + key_len] = '\0';
  f->value = at + key_len + 1;
  f->value_len = value_len;
  if (value_len > 0)
    memcpy (*data + f->value, value, value_len);
  (*data)[f->value + value_len] = '\0';
  *data_len = at + key_len + value_len + 2;
}

void
dipcc_ami_builder_grow (DipccAmiBuilder *builder,
                        gsize            bytes)
{
  /* Offsets are 32-bit: messages are far below 4 GiB by the parsers' limits. */
  g_assert (builder->data_len + bytes < G_MAXUINT32);

  fields_reserve (&builder->fields, &builder->fields_alloc, builder->n_fields + 1);
  data_reserve (&builder->data, &builder->data_alloc, builder->data_len + bytes);
}

static void
update_kind (DipccAmiMessage *self)
{
  if (self->n_fields == 0)
    self->kind = DIPCC_AMI_MESSAGE_KIND_UNKNOWN;
  else
    self->kind = kind_from_key (self->data + self->fields[0].key, self->fields[0].key_len);
}

DipccAmiMessage *
dipcc_ami_builder_finish (DipccAmiBuilder *builder)
{
  DipccAmiMessage *self;
  gsize struct_size = G_STRUCT_OFFSET (DipccAmiMessage, server_name) + sizeof (char *);
  gsize fields_off = (struct_size + 7) & ~(gsize) 7;
  gsize fields_size = sizeof (DipccAmiField) * builder->n_fields;
  char *block;

  block = g_malloc (fields_off + fields_size + builder->data_len);
  self = (void *) block;
  g_atomic_ref_count_init (&self->ref_count);
  self->inline_storage = TRUE;
  self->event_id = 0;
  self->fields = (void *) (block + fields_off);
  self->n_fields = builder->n_fields;
  self->fields_alloc = builder->n_fields;
  self->data = block + fields_off + fields_size;
  self->data_len = builder->data_len;
  self->data_alloc = builder->data_len;
  self->server_id = DIPCC_SERVER_ID_NONE;
  self->server_name = NULL;
  if (fields_size > 0)
    memcpy (self->fields, builder->fields, fields_size);
  if (builder->data_len > 0)
    memcpy (self->data, builder->data, builder->data_len);
  update_kind (self);

  dipcc_ami_builder_reset (builder);

  return self;
}

/* ---- message ----------------------------------------------------------- */

/**
 * dipcc_ami_message_new:
 *
 * Returns: (transfer full): a new empty message
 */
DipccAmiMessage *
dipcc_ami_message_new (void)
{
  DipccAmiMessage *self = g_new0 (DipccAmiMessage, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->server_id = DIPCC_SERVER_ID_NONE;
  return self;
}

/**
 * dipcc_ami_message_new_action:
 * @action: the action name, e.g. `Ping`
 *
 * Returns: (transfer full): a message whose first field is `Action: @action`
 */
DipccAmiMessage *
dipcc_ami_message_new_action (const char *action)
{
  DipccAmiMessage *self;

  g_return_val_if_fail (action != NULL, NULL);

  self = dipcc_ami_message_new ();
  dipcc_ami_message_add (self, "Action", action);
  return self;
}

DipccAmiMessage *
dipcc_ami_message_ref (DipccAmiMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dipcc_ami_message_unref (DipccAmiMessage *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->server_name, g_ref_string_release);
  if (!self->inline_storage)
    {
      g_free (self->fields);
      g_free (self->data);
    }
  g_free (self);
}

/**
 * dipcc_ami_message_copy:
 *
 * Returns: (transfer full): a deep copy that can be changed independently
 */
DipccAmiMessage *
dipcc_ami_message_copy (DipccAmiMessage *self)
{
  DipccAmiMessage *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = dipcc_ami_message_new ();
  copy->kind = self->kind;
  copy->n_fields = copy->fields_alloc = self->n_fields;
  copy->fields = g_memdup2 (self->fields, sizeof (DipccAmiField) * self->n_fields);
  copy->data_len = copy->data_alloc = self->data_len;
  copy->data = g_memdup2 (self->data, self->data_len);
  copy->server_id = self->server_id;
  copy->server_name = self->server_name ? g_ref_string_acquire (self->server_name) : NULL;
  return copy;
}

/* Moves a parser-built message to growable storage before it changes. */
static void
ensure_heap_storage (DipccAmiMessage *self)
{
  if (!self->inline_storage)
    return;
  self->fields = g_memdup2 (self->fields, sizeof (DipccAmiField) * self->n_fields);
  self->data = g_memdup2 (self->data, self->data_len);
  self->inline_storage = FALSE;
}

/**
 * dipcc_ami_message_add_len:
 * @key: the key, @key_len bytes
 * @value: (nullable): the value, @value_len bytes; %NULL for an empty value
 *
 * Appends a field after the existing ones; repeated keys are kept. Nothing
 * is validated here: the serializers refuse what cannot go on the wire.
 */
void
dipcc_ami_message_add_len (DipccAmiMessage *self,
                           const char      *key,
                           gsize            key_len,
                           const char      *value,
                           gsize            value_len)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (value != NULL || value_len == 0);

  ensure_heap_storage (self);
  self->event_id = 0;
  append_field (&self->fields, &self->n_fields, &self->fields_alloc,
                &self->data, &self->data_len, &self->data_alloc,
                key, key_len, value ? value : "", value_len);
  if (self->n_fields == 1)
    update_kind (self);
}

/**
 * dipcc_ami_message_add:
 * @key: the key
 * @value: (nullable): the value; %NULL for an empty value
 */
void
dipcc_ami_message_add (DipccAmiMessage *self,
                       const char      *key,
                       const char      *value)
{
  g_return_if_fail (key != NULL);

  dipcc_ami_message_add_len (self, key, strlen (key), value, value ? strlen (value) : 0);
}

static inline gboolean
key_matches (DipccAmiMessage *self,
             guint            i,
             const char      *key,
             gsize            key_len)
{
  const DipccAmiField *f = &self->fields[i];

  return f->key_len == key_len && dipcc_ascii_equal_nocase (self->data + f->key, key, key_len);
}

/**
 * dipcc_ami_message_remove:
 * @key: the key, matched without regard to case
 *
 * Removes every field with this key.
 *
 * Returns: how many fields were removed
 */
guint
dipcc_ami_message_remove (DipccAmiMessage *self,
                          const char      *key)
{
  gsize key_len;
  guint removed = 0;
  guint i, j;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (key != NULL, 0);

  key_len = strlen (key);
  self->event_id = 0;
  for (i = 0, j = 0; i < self->n_fields; i++)
    {
      if (key_matches (self, i, key, key_len))
        removed++;
      else
        self->fields[j++] = self->fields[i];
    }
  self->n_fields = j;
  if (removed > 0)
    update_kind (self);
  return removed;
}

/**
 * dipcc_ami_message_set:
 * @key: the key, matched without regard to case
 * @value: (nullable): the new value
 *
 * Replaces the value of the first field with this key and removes any
 * further ones, or appends the field when there is none.
 */
void
dipcc_ami_message_set (DipccAmiMessage *self,
                       const char      *key,
                       const char      *value)
{
  gsize key_len;
  gsize value_len;
  guint i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  key_len = strlen (key);
  value_len = value ? strlen (value) : 0;
  self->event_id = 0;

  for (i = 0; i < self->n_fields; i++)
    {
      if (key_matches (self, i, key, key_len))
        {
          guint j, k;
          gsize at;

          ensure_heap_storage (self);
          at = self->data_len;
          data_reserve (&self->data, &self->data_alloc, at + value_len + 1);
          if (value_len > 0)
            memcpy (self->data + at, value, value_len);
          self->data[at + value_len] = '\0';
          self->data_len = at + value_len + 1;
          self->fields[i].value = at;
          self->fields[i].value_len = value_len;

          for (j = k = i + 1; j < self->n_fields; j++)
            if (!key_matches (self, j, key, key_len))
              self->fields[k++] = self->fields[j];
          self->n_fields = k;
          return;
        }
    }

  dipcc_ami_message_add_len (self, key, key_len, value ? value : "", value_len);
}

guint
dipcc_ami_message_get_n_fields (DipccAmiMessage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_fields;
}

const char *
dipcc_ami_message_get_key_at (DipccAmiMessage *self,
                              guint            position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->n_fields, NULL);

  return self->data + self->fields[position].key;
}

const char *
dipcc_ami_message_get_value_at (DipccAmiMessage *self,
                                guint            position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->n_fields, NULL);

  return self->data + self->fields[position].value;
}

gsize
dipcc_ami_message_get_value_len_at (DipccAmiMessage *self,
                                    guint            position)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (position < self->n_fields, 0);

  return self->fields[position].value_len;
}

/**
 * dipcc_ami_message_get:
 * @key: the key, matched without regard to case (`CallerIDnum` on old servers)
 *
 * Returns: (nullable): the value of the first field with this key
 */
const char *
dipcc_ami_message_get (DipccAmiMessage *self,
                       const char      *key)
{
  gsize key_len;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  key_len = strlen (key);
  for (guint i = 0; i < self->n_fields; i++)
    if (key_matches (self, i, key, key_len))
      return self->data + self->fields[i].value;
  return NULL;
}

/**
 * dipcc_ami_message_get_all:
 * @key: the key, matched without regard to case
 *
 * Returns: (transfer container) (array zero-terminated=1): every value with
 *   this key, in order; free the array with g_free(), not its strings
 */
const char **
dipcc_ami_message_get_all (DipccAmiMessage *self,
                           const char      *key)
{
  const char **values;
  gsize key_len;
  guint n = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  key_len = strlen (key);
  values = g_new (const char *, dipcc_ami_message_count (self, key) + 1);
  for (guint i = 0; i < self->n_fields; i++)
    if (key_matches (self, i, key, key_len))
      values[n++] = self->data + self->fields[i].value;
  values[n] = NULL;
  return values;
}

guint
dipcc_ami_message_count (DipccAmiMessage *self,
                         const char      *key)
{
  gsize key_len;
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (key != NULL, 0);

  key_len = strlen (key);
  for (guint i = 0; i < self->n_fields; i++)
    if (key_matches (self, i, key, key_len))
      n++;
  return n;
}

gboolean
dipcc_ami_message_has (DipccAmiMessage *self,
                       const char      *key)
{
  return dipcc_ami_message_get (self, key) != NULL;
}

DipccAmiMessageKind
dipcc_ami_message_get_kind (DipccAmiMessage *self)
{
  g_return_val_if_fail (self != NULL, DIPCC_AMI_MESSAGE_KIND_UNKNOWN);

  return self->kind;
}

/**
 * dipcc_ami_message_set_kind:
 *
 * Overrides the kind decided by the first field, for frames whose envelope
 * says what they are (a WebSocket type 3 frame is an event even when its
 * first member is not `Event`). It is reset when the first field changes.
 */
void
dipcc_ami_message_set_kind (DipccAmiMessage     *self,
                            DipccAmiMessageKind  kind)
{
  g_return_if_fail (self != NULL);

  self->kind = kind;
  self->event_id = 0;
}

/**
 * dipcc_ami_message_get_name:
 *
 * Returns: (nullable): the event name, the response status or the action
 *   name: the first value of the key that gives the message its kind
 */
const char *
dipcc_ami_message_get_name (DipccAmiMessage *self)
{
  const char *key;

  g_return_val_if_fail (self != NULL, NULL);

  key = key_for_kind (self->kind);
  if (key == NULL)
    return NULL;
  if (self->n_fields > 0 && kind_from_key (self->data + self->fields[0].key,
                                           self->fields[0].key_len) == self->kind)
    return self->data + self->fields[0].value;
  return dipcc_ami_message_get (self, key);
}

static const struct {
  const char      *name;
  guint            len;
  DipccAmiEventId  id;
} event_ids[] = {
#define EVENT(name, id) { name, sizeof name - 1, DIPCC_AMI_EVENT_ ## id }
  EVENT ("Newchannel", NEWCHANNEL),
  EVENT ("Newstate", NEWSTATE),
  EVENT ("CoreShowChannel", CORE_SHOW_CHANNEL),
  EVENT ("CoreShowChannelsComplete", CORE_SHOW_CHANNELS_COMPLETE),
  EVENT ("UserEvent", USER_EVENT),
  EVENT ("DialBegin", DIAL_BEGIN),
  EVENT ("DialEnd", DIAL_END),
  EVENT ("Dial", DIAL),
  EVENT ("BridgeEnter", BRIDGE_ENTER),
  EVENT ("Hold", HOLD),
  EVENT ("Unhold", UNHOLD),
  EVENT ("Hangup", HANGUP),
  EVENT ("EndpointList", ENDPOINT_LIST),
  EVENT ("DeviceStateChange", DEVICE_STATE_CHANGE),
  EVENT ("ExtensionStatus", EXTENSION_STATUS),
  EVENT ("PeerStatus", PEER_STATUS),
#undef EVENT
};

static DipccAmiEventId
find_event_id (DipccAmiMessage *self)
{
  const char *name;
  gsize len;

  if (self->kind != DIPCC_AMI_MESSAGE_KIND_EVENT)
    return DIPCC_AMI_EVENT_NONE;
  if (self->n_fields > 0 && self->fields[0].key_len == 5 &&
      kind_from_key (self->data + self->fields[0].key, 5) == DIPCC_AMI_MESSAGE_KIND_EVENT)
    {
      name = self->data + self->fields[0].value;
      len = self->fields[0].value_len;
    }
  else
    {
      name = dipcc_ami_message_get_name (self);
      if (name == NULL)
        return DIPCC_AMI_EVENT_NONE;
      len = strlen (name);
    }

  /* most names are none of these: their length and first letter say so */
  if (len < 4 || len > 24)
    return DIPCC_AMI_EVENT_NONE;
  switch (name[0] | 0x20)
    {
    case 'b': case 'c': case 'd': case 'e': case 'h': case 'n': case 'p': case 'u':
      break;
    default:
      return DIPCC_AMI_EVENT_NONE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (event_ids); i++)
    if (event_ids[i].len == len && dipcc_ascii_equal_nocase (name, event_ids[i].name, len))
      return event_ids[i].id;
  return DIPCC_AMI_EVENT_NONE;
}

/**
 * dipcc_ami_message_get_event_id:
 *
 * Tells apart the events the models read, with one look at the name (kept
 * until the message changes), so each model dispatches with a switch
 * instead of comparing names one by one for every message of a busy PBX.
 *
 * Returns: the event, or %DIPCC_AMI_EVENT_NONE for anything else
 */
DipccAmiEventId
dipcc_ami_message_get_event_id (DipccAmiMessage *self)
{
  g_return_val_if_fail (self != NULL, DIPCC_AMI_EVENT_NONE);

  if (self->event_id == 0)
    self->event_id = (guint8) (find_event_id (self) + 1);
  return (DipccAmiEventId) (self->event_id - 1);
}

/**
 * dipcc_ami_message_is_event:
 * @name: an event name, compared without regard to case
 *
 * Returns: whether this is an event named @name
 */
gboolean
dipcc_ami_message_is_event (DipccAmiMessage *self,
                            const char      *name)
{
  const char *actual;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->kind != DIPCC_AMI_MESSAGE_KIND_EVENT)
    return FALSE;
  actual = dipcc_ami_message_get_name (self);
  return actual != NULL && g_ascii_strcasecmp (actual, name) == 0;
}

/**
 * dipcc_ami_message_is_response:
 * @status: (nullable): `Success`, `Error`, `Follows`, `Goodbye`, or %NULL
 *   for any response
 */
gboolean
dipcc_ami_message_is_response (DipccAmiMessage *self,
                               const char      *status)
{
  const char *actual;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->kind != DIPCC_AMI_MESSAGE_KIND_RESPONSE)
    return FALSE;
  if (status == NULL)
    return TRUE;
  actual = dipcc_ami_message_get_name (self);
  return actual != NULL && g_ascii_strcasecmp (actual, status) == 0;
}

const char *
dipcc_ami_message_get_action_id (DipccAmiMessage *self)
{
  return dipcc_ami_message_get (self, "ActionID");
}

int
dipcc_ami_message_get_server_id (DipccAmiMessage *self)
{
  g_return_val_if_fail (self != NULL, DIPCC_SERVER_ID_NONE);

  return self->server_id;
}

const char *
dipcc_ami_message_get_server_name (DipccAmiMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->server_name;
}

static void
release_name (gpointer name)
{
  if (name != NULL)
    g_ref_string_release (name);
}

/* Every message of a connection carries the same server name: they share
 * one copy, the last one this thread made, instead of a copy each. */
static GRefString *
share_server_name (const char *name)
{
  static GPrivate last_name = G_PRIVATE_INIT (release_name);
  GRefString *last = g_private_get (&last_name);

  if (last == NULL || strcmp (last, name) != 0)
    {
      last = g_ref_string_new (name);
      g_private_replace (&last_name, last);
    }
  return g_ref_string_acquire (last);
}

/**
 * dipcc_ami_message_set_server:
 * @server_id: the AMI server the message came from or goes to, or
 *   %DIPCC_SERVER_ID_NONE
 * @server_name: (nullable): its name as the proxy gives it
 *
 * Tags the message with its server: two Asterisks behind one proxy can hand
 * out the same ids, so every state keyed by an AMI id is keyed by server too.
 */
void
dipcc_ami_message_set_server (DipccAmiMessage *self,
                              int              server_id,
                              const char      *server_name)
{
  g_return_if_fail (self != NULL);

  self->server_id = server_id;
  if (g_strcmp0 (self->server_name, server_name) != 0)
    {
      g_clear_pointer (&self->server_name, g_ref_string_release);
      self->server_name = server_name ? share_server_name (server_name) : NULL;
    }
}

/**
 * dipcc_ami_message_get_size:
 *
 * Returns: the bytes of keys and values, a measure for size limits
 */
gsize
dipcc_ami_message_get_size (DipccAmiMessage *self)
{
  gsize size = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->n_fields; i++)
    size += self->fields[i].key_len + self->fields[i].value_len;
  return size;
}

/**
 * dipcc_ami_message_equal:
 *
 * Returns: whether both hold the same fields in the same order (keys and
 *   values compared byte for byte), whatever their server tags
 */
gboolean
dipcc_ami_message_equal (DipccAmiMessage *a,
                         DipccAmiMessage *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (a->n_fields != b->n_fields)
    return FALSE;
  for (guint i = 0; i < a->n_fields; i++)
    {
      const DipccAmiField *fa = &a->fields[i];
      const DipccAmiField *fb = &b->fields[i];

      if (fa->key_len != fb->key_len || fa->value_len != fb->value_len)
        return FALSE;
      if (memcmp (a->data + fa->key, b->data + fb->key, fa->key_len) != 0 ||
          memcmp (a->data + fa->value, b->data + fb->value, fa->value_len) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Appends @text with control characters (C0, DEL, C1), invisible format
 * characters (bidi overrides), line separators and bytes that are not UTF-8
 * written as escapes: a caller-id name must not end a log line, fake
 * another one, reorder it or send terminal escape sequences. */
static void
append_escaped (GString    *out,
                const char *text)
{
  const char *p = text;

  while (*p)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if ((c >= 0x80 && c < 0xa0) || g_unichar_type (c) == G_UNICODE_FORMAT ||
               c == 0x2028 || c == 0x2029)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
}

/**
 * dipcc_ami_message_to_string:
 *
 * Returns: (transfer full): the fields as `Key: Value` lines, for logs,
 *   terminals and test failures, with control and format characters,
 *   backslashes and bytes that are not UTF-8 escaped (`\r`, `\x1b`,
 *   `\u202e`, `\\`); not for the wire (see dipcc_ami_serialize())
 */
char *
dipcc_ami_message_to_string (DipccAmiMessage *self)
{
  GString *str;

  g_return_val_if_fail (self != NULL, NULL);

  str = g_string_new (NULL);
  for (guint i = 0; i < self->n_fields; i++)
    {
      append_escaped (str, self->data + self->fields[i].key);
      g_string_append (str, ": ");
      append_escaped (str, self->data + self->fields[i].value);
      g_string_append_c (str, '\n');
    }
  return g_string_free (str, FALSE);
}
