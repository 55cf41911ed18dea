/* dipcc-call-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-call-list"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dipcc-ami-message-private.h"
#include "dipcc-call-list.h"
#include "dipcc-call-private.h"
#include "dipcc-incoming-info.h"
#include "dipcc-phone-number.h"
#include "dipcc-recent-calls.h"
#include "dipcc-server-key-private.h"
#include "dipcc-text.h"

#define DEFAULT_LINGER_MS  3000
#define DEFAULT_MAX_RECENT 500

/* Asterisk channel states (enum ast_channel_state) */
#define CHANNEL_STATE_RING    4
#define CHANNEL_STATE_RINGING 5
#define CHANNEL_STATE_UP      6

typedef struct {
  DipccServerKey key;    /* server and uniqueid; the table's key */
  char      *uniqueid;
  char      *endpoint;   /* the local endpoint it belongs to, or NULL */
  DipccCall *call;       /* borrowed: a call outlives its channels */
  gboolean   origin;
  guint      generation;
} Channel;

struct _DipccCallList
{
  GObject            parent_instance;

  /* Owned */
  DipccEndpointList *endpoints;
  GPtrArray         *active;         /* DipccCall, in the order they started */
  GHashTable        *calls;          /* server + linkedid → DipccCall (in active) */
  GHashTable        *channels;       /* server + uniqueid → Channel */
  DipccRecentCalls  *recent;         /* DipccCall, newest first */
  GHashTable        *recent_keys;    /* server + linkedid of calls in recent */
  GQueue             recent_order;   /* those keys (owned), oldest last */
  GHashTable        *generations;    /* server → resync generation */
  GHashTable        *resyncing;      /* servers with a resync under way */

  char              *my_extension;
  char             **watched_numbers;
  gboolean           all_incoming;
  guint              linger_ms;
  guint              max_recent;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DipccCallList, dipcc_call_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_MY_EXTENSION,
  PROP_WATCHED_NUMBERS,
  PROP_ALL_INCOMING,
  PROP_LINGER_MS,
  PROP_MAX_RECENT,
  N_PROPS
};

enum {
  INCOMING,
  ANSWERED,
  MISSED,
  ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- GListModel ---------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return DIPCC_TYPE_CALL;
}

static guint
get_n_items (GListModel *model)
{
  return DIPCC_CALL_LIST (model)->active->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  DipccCallList *self = DIPCC_CALL_LIST (model);

  if (position >= self->active->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->active, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- helpers ------------------------------------------------------------- */

static void
channel_free (gpointer data)
{
  Channel *channel = data;

  g_free (channel->uniqueid);
  g_free (channel->endpoint);
  g_free (channel);
}

static guint
current_generation (DipccCallList *self,
                    int            server_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->generations,
                                                GINT_TO_POINTER (server_id)));
}

static gboolean
is_mine (DipccCallList *self,
         const char    *endpoint)
{
  return endpoint != NULL && self->my_extension != NULL && *self->my_extension != '\0' &&
         g_strcmp0 (endpoint, self->my_extension) == 0;
}

static gboolean
is_extension (const char *name,
              gssize      len)
{
  if (len < 0)
    len = strlen (name);
  if (len < 1 || len > 16)
    return FALSE;
  for (gssize i = 0; i < len; i++)
    if (!g_ascii_isdigit (name[i]))
      return FALSE;
  return TRUE;
}

/* The phone here a channel belongs to. PJSIP lists trunks as endpoints too,
 * so a phone is an endpoint with a numeric name (extensions on this PBX are
 * numbers, trunks have names): `PJSIP/0101-0000001a` → `0101`,
 * `PJSIP/trunk-kt-0000001b` → none. */
static char *
channel_endpoint (DipccCallList *self,
                  int            server_id,
                  const char    *channel)
{
  g_autofree char *name = NULL;
  const char *slash;
  const char *dash;

  if (channel == NULL)
    return NULL;
  if (self->endpoints != NULL &&
      dipcc_endpoint_list_is_endpoint_channel (self->endpoints, server_id, channel, &name))
    return is_extension (name, -1) ? g_steal_pointer (&name) : NULL;

  if (g_ascii_strncasecmp (channel, "PJSIP/", 6) != 0 &&
      g_ascii_strncasecmp (channel, "SIP/", 4) != 0)
    return NULL;
  slash = strchr (channel, '/');
  dash = strrchr (slash, '-');
  if (dash == NULL || !is_extension (slash + 1, dash - slash - 1))
    return NULL;
  return g_strndup (slash + 1, dash - slash - 1);
}

/* `Local/0164@T2_cos-all-00000001;1` → `0164`: an Originate placed for a
 * phone here (click-to-call rings the agent's own phone first). */
static char *
local_channel_target (const char *channel)
{
  const char *at;

  if (channel == NULL || g_ascii_strncasecmp (channel, "Local/", 6) != 0)
    return NULL;
  at = strchr (channel + 6, '@');
  if (at == NULL || at == channel + 6)
    return NULL;
  return g_strndup (channel + 6, at - channel - 6);
}

/* `PJSIP/0216682471@trunk`, `trunk/0216682471`, `0216682471` → the number */
static char *
number_from_dial_string (const char *dial_string)
{
  g_autofree char *copy = NULL;
  char *at;
  char *slash;

  if (dial_string == NULL || *dial_string == '\0')
    return NULL;
  copy = g_strdup (dial_string);
  if ((at = strchr (copy, '@')) != NULL)
    *at = '\0';
  slash = strrchr (copy, '/');
  return g_strdup (slash ? slash + 1 : copy);
}

static void
update_agent_endpoint (DipccCallList *self,
                       DipccCall     *call)
{
  DipccCallTracking *t = dipcc_call_get_tracking (call);
  const char *agent = NULL;

  if (dipcc_call_get_rang_me (call) || is_mine (self, t->origin_endpoint))
    agent = self->my_extension;
  else if (*dipcc_call_get_answered_by (call))
    agent = dipcc_call_get_answered_by (call);
  else if (t->rung->len > 0)
    agent = g_ptr_array_index (t->rung, 0);
  else
    agent = t->origin_endpoint;
  dipcc_call_set_agent_endpoint (call, agent);
}

static gboolean
watched (DipccCallList *self,
         const char    *number)
{
  if (number == NULL || *number == '\0' || self->watched_numbers == NULL)
    return FALSE;
  for (guint i = 0; self->watched_numbers[i]; i++)
    if (dipcc_phone_number_equal (self->watched_numbers[i], number) ||
        g_strcmp0 (self->watched_numbers[i], number) == 0)
      return TRUE;
  return FALSE;
}

static void
maybe_emit_incoming (DipccCallList *self,
                     DipccCall     *call)
{
  DipccCallTracking *t = dipcc_call_get_tracking (call);
  DipccCallDirection direction = dipcc_call_get_direction (call);

  if (t->incoming_emitted || dipcc_call_get_answered (call) ||
      dipcc_call_get_state (call) == DIPCC_CALL_STATE_ENDED)
    return;
  if (direction != DIPCC_CALL_DIRECTION_INBOUND && direction != DIPCC_CALL_DIRECTION_INTERNAL)
    return;

  if (dipcc_call_get_rang_me (call) ||
      (direction == DIPCC_CALL_DIRECTION_INBOUND &&
       (self->all_incoming ||
        watched (self, dipcc_call_get_did (call)) ||
        watched (self, dipcc_call_get_main_number (call)))))
    {
      t->incoming_emitted = TRUE;
      g_signal_emit (self, signals[INCOMING], 0, call);
    }
}

static void
call_rang (DipccCallList *self,
           DipccCall     *call,
           const char    *endpoint)
{
  DipccCallTracking *t = dipcc_call_get_tracking (call);
  gboolean known = FALSE;

  if (endpoint == NULL || g_strcmp0 (endpoint, t->origin_endpoint) == 0)
    return;   /* a click-to-call ringing the agent's own phone first */

  for (guint i = 0; i < t->rung->len; i++)
    known |= g_strcmp0 (g_ptr_array_index (t->rung, i), endpoint) == 0;
  if (!known)
    g_ptr_array_add (t->rung, g_strdup (endpoint));

  if (t->origin_local && dipcc_call_get_direction (call) == DIPCC_CALL_DIRECTION_OUTBOUND)
    {
      /* a phone here dialled another phone here */
      dipcc_call_set_direction (call, DIPCC_CALL_DIRECTION_INTERNAL);
      if (*dipcc_call_get_remote_number (call) == '\0')
        dipcc_call_set_remote_number (call, endpoint);
    }

  if (is_mine (self, endpoint))
    dipcc_call_set_rang_me (call);
  update_agent_endpoint (self, call);
  maybe_emit_incoming (self, call);
}

static void
call_answered (DipccCallList *self,
               DipccCall     *call,
               const char    *endpoint)
{
  DipccCallTracking *t = dipcc_call_get_tracking (call);

  if (dipcc_call_get_answered (call) || dipcc_call_get_state (call) == DIPCC_CALL_STATE_ENDED)
    return;
  /* the agent picking up their own phone in a click-to-call is not the
   * far end answering */
  if (endpoint != NULL && g_strcmp0 (endpoint, t->origin_endpoint) == 0)
    return;

  dipcc_call_set_answered (call, endpoint ? endpoint : "",
                           dipcc_call_get_rang_me (call) && endpoint != NULL &&
                           !is_mine (self, endpoint));
  update_agent_endpoint (self, call);
  g_signal_emit (self, signals[ANSWERED], 0, call);
}

/* Forgets the oldest recent calls until at most @max are left. */
static void
trim_recent (DipccCallList *self,
             guint          max)
{
  while (g_queue_get_length (&self->recent_order) > max)
    {
      g_autofree DipccServerKey *old = g_queue_pop_tail (&self->recent_order);

      g_hash_table_remove (self->recent_keys, old);
      dipcc_recent_calls_drop_oldest (self->recent);
    }
}

static void
move_to_recent (DipccCallList *self,
                DipccCall     *call)
{
  DipccCallTracking *t = dipcc_call_get_tracking (call);
  DipccServerKey *key;
  guint position;

  if (!g_ptr_array_find (self->active, call, &position))
    return;

  g_object_ref (call);
  /* the key the call was added under: what the events said, before any
   * clean-up of the call's linkedid */
  key = dipcc_server_key_new (dipcc_call_get_server_id (call),
                              ((DipccServerKey *) t->list_key)->id);
  g_hash_table_remove (self->calls, t->list_key);
  t->list_key = NULL;
  g_ptr_array_remove_index (self->active, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  if (self->max_recent > 0)
    {
      dipcc_recent_calls_prepend (self->recent, call);
      g_hash_table_add (self->recent_keys, key);
      g_queue_push_head (&self->recent_order, g_steal_pointer (&key));
      trim_recent (self, self->max_recent);
    }
  g_free (key);
  g_object_unref (call);
}

typedef struct {
  DipccCallList *self;
  DipccCall     *call;
} Linger;

static gboolean
linger_done (gpointer data)
{
  Linger *linger = data;

  dipcc_call_get_tracking (linger->call)->linger_id = 0;
  move_to_recent (linger->self, linger->call);
  return G_SOURCE_REMOVE;
}

static void
linger_free (gpointer data)
{
  Linger *linger = data;

  g_object_unref (linger->call);
  g_free (linger);
}

static void
end_call (DipccCallList *self,
          DipccCall     *call,
          int            cause,
          const char    *cause_text)
{
  DipccCallTracking *t = dipcc_call_get_tracking (call);

  if (dipcc_call_get_state (call) == DIPCC_CALL_STATE_ENDED)
    return;

  g_object_ref (call);
  dipcc_call_set_ended (call, cause, cause_text);
  if (!dipcc_call_get_answered (call) && t->incoming_emitted)
    g_signal_emit (self, signals[MISSED], 0, call);
  g_signal_emit (self, signals[ENDED], 0, call);

  /* kept a moment, so the pop-up and the list agree on what happened */
  if (self->linger_ms == 0)
    {
      move_to_recent (self, call);
    }
  else if (t->linger_id == 0)
    {
      Linger *linger = g_new0 (Linger, 1);

      linger->self = self;
      linger->call = g_object_ref (call);
      t->linger_id = g_timeout_add_full (G_PRIORITY_DEFAULT, self->linger_ms,
                                         linger_done, linger, linger_free);
    }
  g_object_unref (call);
}

static DipccCall *
add_call (DipccCallList *self,
          int            server_id,
          const char    *linkedid)
{
  DipccCall *call = dipcc_call_new (server_id, linkedid);
  DipccServerKey *key = dipcc_server_key_new (server_id, linkedid);

  dipcc_call_get_tracking (call)->list_key = key;
  g_hash_table_insert (self->calls, key, call);
  g_ptr_array_add (self->active, call);
  g_list_model_items_changed (G_LIST_MODEL (self), self->active->len - 1, 0, 1);
  return call;
}

static void
remove_channel (DipccCallList *self,
                Channel       *channel)
{
  dipcc_call_remove_channel (channel->call, channel->uniqueid);
  g_hash_table_remove (self->channels, &channel->key);
}

/* The channel a channel event is about, made when it is new. The first
 * channel of a call (Uniqueid = Linkedid) decides its direction. */
static Channel *
ensure_channel (DipccCallList   *self,
                DipccAmiMessage *message,
                const char      *uniqueid,
                const char      *linkedid,
                const char      *channel_name)
{
  int server_id = dipcc_ami_message_get_server_id (message);
  DipccServerKey key = { server_id, uniqueid };
  DipccServerKey call_key = { server_id, NULL };
  Channel *channel;
  DipccCall *call;

  /* a message cut short (a caller-id name with an empty line in it) may
   * lack the channel's id: nothing to track */
  if (uniqueid == NULL || *uniqueid == '\0')
    return NULL;
  channel = g_hash_table_lookup (self->channels, &key);
  if (channel != NULL)
    {
      channel->generation = current_generation (self, server_id);
      return channel;
    }

  if (linkedid == NULL || *linkedid == '\0')
    linkedid = uniqueid;   /* old servers have no Linkedid */
  call_key.id = linkedid;
  if (g_hash_table_contains (self->recent_keys, &call_key))
    return NULL;           /* a late duplicate of a call that has ended */

  call = g_hash_table_lookup (self->calls, &call_key);
  if (call != NULL && dipcc_call_get_state (call) == DIPCC_CALL_STATE_ENDED)
    return NULL;
  if (call == NULL)
    call = add_call (self, server_id, linkedid);

  channel = g_new0 (Channel, 1);
  channel->uniqueid = g_strdup (uniqueid);
  channel->key.server_id = server_id;
  channel->key.id = channel->uniqueid;
  channel->endpoint = channel_endpoint (self, server_id, channel_name);
  channel->call = call;
  channel->origin = g_strcmp0 (uniqueid, linkedid) == 0;
  channel->generation = current_generation (self, server_id);
  g_hash_table_insert (self->channels, &channel->key, channel);
  dipcc_call_add_channel (call, uniqueid);
  dipcc_call_get_tracking (call)->generation = channel->generation;

  if (channel->origin && dipcc_call_get_direction (call) == DIPCC_CALL_DIRECTION_UNKNOWN)
    {
      DipccCallTracking *t = dipcc_call_get_tracking (call);
      g_autofree char *target = local_channel_target (channel_name);

      if (channel->endpoint != NULL || target != NULL)
        {
          t->origin_local = TRUE;
          g_free (t->origin_endpoint);
          t->origin_endpoint = g_strdup (channel->endpoint ? channel->endpoint : target);
          dipcc_call_set_direction (call, DIPCC_CALL_DIRECTION_OUTBOUND);
          dipcc_call_set_state (call, DIPCC_CALL_STATE_DIALING);
          update_agent_endpoint (self, call);
        }
      else
        {
          dipcc_call_set_direction (call, DIPCC_CALL_DIRECTION_INBOUND);
          if (*dipcc_call_get_remote_number (call) == '\0')
            dipcc_call_set_remote_number (call, dipcc_ami_message_get (message, "CallerIDNum"));
          if (*dipcc_call_get_remote_name (call) == '\0')
            dipcc_call_set_remote_name (call, dipcc_ami_message_get (message, "CallerIDName"));
        }
    }
  return channel;
}

static Channel *
lookup_channel (DipccCallList   *self,
                DipccAmiMessage *message,
                const char      *uniqueid)
{
  DipccServerKey key = { dipcc_ami_message_get_server_id (message), uniqueid };
  Channel *channel;

  if (uniqueid == NULL)
    return NULL;
  channel = g_hash_table_lookup (self->channels, &key);
  if (channel != NULL)
    channel->generation = current_generation (self, dipcc_ami_message_get_server_id (message));
  return channel;
}

static int
parse_int (const char *text,
           int         fallback)
{
  char *end = NULL;
  long value;

  if (text == NULL || *text == '\0')
    return fallback;
  value = strtol (text, &end, 10);
  if (*end != '\0' || value < G_MININT || value > G_MAXINT)
    return fallback;
  return value;
}

static void
channel_state_changed (DipccCallList *self,
                       Channel       *channel,
                       int            state)
{
  if (channel->origin)
    return;
  if (state == CHANNEL_STATE_RINGING)
    call_rang (self, channel->call, channel->endpoint);
  else if (state == CHANNEL_STATE_UP && channel->endpoint != NULL)
    call_answered (self, channel->call, channel->endpoint);
}

/* ---- events ------------------------------------------------------------------ */

static gboolean
handle_channel (DipccCallList   *self,
                DipccAmiMessage *message)
{
  const char *uniqueid = dipcc_ami_message_get (message, "Uniqueid");
  Channel *channel;

  if (uniqueid == NULL || *uniqueid == '\0')
    return FALSE;
  channel = ensure_channel (self, message, uniqueid,
                            dipcc_ami_message_get (message, "Linkedid"),
                            dipcc_ami_message_get (message, "Channel"));
  if (channel == NULL)
    return FALSE;
  channel_state_changed (self, channel,
                         parse_int (dipcc_ami_message_get (message, "ChannelState"), -1));
  return TRUE;
}

static gboolean
handle_user_event (DipccCallList   *self,
                   DipccAmiMessage *message)
{
  const char *name = dipcc_ami_message_get (message, "UserEvent");
  g_autoptr(DipccIncomingInfo) info = NULL;
  const char *uniqueid;
  Channel *channel;
  DipccCall *call;

  if (name == NULL || !g_str_has_prefix (name, "incoming-"))
    return FALSE;
  info = dipcc_incoming_info_parse (name, NULL);
  if (info == NULL)
    return FALSE;

  uniqueid = dipcc_ami_message_get (message, "Uniqueid");
  if (uniqueid == NULL || *uniqueid == '\0')
    uniqueid = info->uniqueid;   /* old servers send only the name */
  channel = ensure_channel (self, message, uniqueid,
                            dipcc_ami_message_get (message, "Linkedid"),
                            dipcc_ami_message_get (message, "Channel") ?
                            dipcc_ami_message_get (message, "Channel") : info->channel);
  if (channel == NULL)
    return FALSE;

  call = channel->call;
  dipcc_call_set_direction (call, DIPCC_CALL_DIRECTION_INBOUND);
  dipcc_call_set_main_number (call, info->main_number);
  dipcc_call_set_did (call, info->did);
  if (*info->caller != '\0')
    dipcc_call_set_remote_number (call, info->caller);
  if (dipcc_ami_message_get (message, "CallerIDName") != NULL)
    dipcc_call_set_remote_name (call, dipcc_ami_message_get (message, "CallerIDName"));
  maybe_emit_incoming (self, call);
  return TRUE;
}

static gboolean
handle_dial_begin (DipccCallList   *self,
                   DipccAmiMessage *message,
                   const char      *uniqueid,
                   const char      *dest_uniqueid,
                   const char      *dest_channel_name)
{
  Channel *caller = lookup_channel (self, message, uniqueid);
  Channel *dest;
  DipccCall *call;

  if (caller == NULL)
    caller = ensure_channel (self, message, uniqueid,
                             dipcc_ami_message_get (message, "Linkedid"),
                             dipcc_ami_message_get (message, "Channel"));
  if (caller == NULL || dest_uniqueid == NULL || *dest_uniqueid == '\0')
    return caller != NULL;

  call = caller->call;
  dest = lookup_channel (self, message, dest_uniqueid);
  if (dest == NULL)
    dest = ensure_channel (self, message, dest_uniqueid,
                           dipcc_call_get_linkedid (call), dest_channel_name);
  if (dest == NULL)
    return TRUE;

  if (dest->endpoint != NULL)
    {
      if (dipcc_call_get_direction (call) == DIPCC_CALL_DIRECTION_INBOUND &&
          dipcc_call_get_state (call) != DIPCC_CALL_STATE_ACTIVE)
        dipcc_call_set_state (call, DIPCC_CALL_STATE_RINGING);
      call_rang (self, call, dest->endpoint);
    }
  else if (dipcc_call_get_tracking (call)->origin_local)
    {
      g_autofree char *number =
        number_from_dial_string (dipcc_ami_message_get (message, "DialString"));

      if (number == NULL)
        number = g_strdup (dipcc_ami_message_get (message, "DestCallerIDNum"));
      dipcc_call_set_direction (call, DIPCC_CALL_DIRECTION_OUTBOUND);
      if (number != NULL && *number != '\0')
        dipcc_call_set_remote_number (call, number);
      dipcc_call_set_state (call, DIPCC_CALL_STATE_DIALING);
    }
  return TRUE;
}

static gboolean
handle_dial_end (DipccCallList   *self,
                 DipccAmiMessage *message,
                 const char      *dest_uniqueid,
                 const char      *status)
{
  Channel *dest = lookup_channel (self, message, dest_uniqueid);

  if (dest == NULL)
    return FALSE;
  if (status != NULL && g_ascii_strcasecmp (status, "ANSWER") == 0)
    {
      if (dest->endpoint != NULL)
        call_answered (self, dest->call, dest->endpoint);
      else if (dipcc_call_get_tracking (dest->call)->origin_local)
        call_answered (self, dest->call, NULL);   /* the far end answered */
    }
  return TRUE;
}

static gboolean
handle_hangup (DipccCallList   *self,
               DipccAmiMessage *message)
{
  Channel *channel = lookup_channel (self, message, dipcc_ami_message_get (message, "Uniqueid"));
  DipccCall *call;
  int cause;
  const char *cause_text;

  if (channel == NULL)
    return FALSE;   /* a Hangup for a channel never seen: nothing to end */

  call = channel->call;
  cause = parse_int (dipcc_ami_message_get (message, "Cause"), -1);
  cause_text = dipcc_ami_message_get (message, "Cause-txt");
  remove_channel (self, channel);
  if (dipcc_call_get_n_channels (call) == 0)
    end_call (self, call, cause, cause_text);
  return TRUE;
}

static gboolean
handle_complete (DipccCallList   *self,
                 DipccAmiMessage *message)
{
  int server_id = dipcc_ami_message_get_server_id (message);
  guint generation = current_generation (self, server_id);
  GHashTableIter iter;
  Channel *channel;
  g_autoptr(GPtrArray) stale = g_ptr_array_new ();
  g_autoptr(GPtrArray) ended = g_ptr_array_new_with_free_func (g_object_unref);

  if (!g_hash_table_remove (self->resyncing, GINT_TO_POINTER (server_id)))
    return FALSE;

  /* channels the PBX no longer lists hung up while we could not see it */
  g_hash_table_iter_init (&iter, self->channels);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &channel))
    if (dipcc_call_get_server_id (channel->call) == server_id &&
        channel->generation < generation)
      g_ptr_array_add (stale, channel);

  for (guint i = 0; i < stale->len; i++)
    {
      Channel *c = g_ptr_array_index (stale, i);
      DipccCall *call = c->call;

      remove_channel (self, c);
      if (dipcc_call_get_n_channels (call) == 0 && !g_ptr_array_find (ended, call, NULL))
        g_ptr_array_add (ended, g_object_ref (call));
    }
  for (guint i = 0; i < ended->len; i++)
    end_call (self, g_ptr_array_index (ended, i), -1, NULL);
  return TRUE;
}

/* 1.8's `Dial` with `SubEvent: Begin` or `End` */
static gboolean
handle_old_dial (DipccCallList   *self,
                 DipccAmiMessage *message)
{
  const char *sub = dipcc_ami_message_get (message, "SubEvent");

  if (sub != NULL && g_ascii_strcasecmp (sub, "Begin") == 0)
    return handle_dial_begin (self, message,
                              dipcc_ami_message_get (message, "UniqueID"),
                              dipcc_ami_message_get (message, "DestUniqueID"),
                              dipcc_ami_message_get (message, "Destination"));
  if (sub != NULL && g_ascii_strcasecmp (sub, "End") == 0)
    {
      Channel *caller = lookup_channel (self, message,
                                        dipcc_ami_message_get (message, "UniqueID"));

      /* 1.8's Dial End names only the caller side: answered means the
       * one phone that rang (or the far end) took it */
      if (caller == NULL)
        return FALSE;
      if (g_ascii_strcasecmp (dipcc_ami_message_get (message, "DialStatus") ?
                              dipcc_ami_message_get (message, "DialStatus") : "",
                              "ANSWER") == 0)
        {
          DipccCallTracking *t = dipcc_call_get_tracking (caller->call);

          call_answered (self, caller->call,
                         t->rung->len == 1 ? g_ptr_array_index (t->rung, 0) : NULL);
        }
      return TRUE;
    }
  return FALSE;
}

static gboolean
handle_bridge_enter (DipccCallList   *self,
                     DipccAmiMessage *message)
{
  Channel *channel = lookup_channel (self, message, dipcc_ami_message_get (message, "Uniqueid"));

  if (channel == NULL)
    return FALSE;
  if (!channel->origin && channel->endpoint != NULL)
    call_answered (self, channel->call, channel->endpoint);
  if (dipcc_call_get_answered (channel->call))
    dipcc_call_set_state (channel->call, DIPCC_CALL_STATE_ACTIVE);
  return TRUE;
}

static gboolean
handle_hold (DipccCallList   *self,
             DipccAmiMessage *message,
             gboolean         hold)
{
  Channel *channel = lookup_channel (self, message, dipcc_ami_message_get (message, "Uniqueid"));

  if (channel == NULL || !dipcc_call_get_answered (channel->call))
    return FALSE;
  dipcc_call_set_state (channel->call, hold ? DIPCC_CALL_STATE_ON_HOLD : DIPCC_CALL_STATE_ACTIVE);
  return TRUE;
}

/**
 * dipcc_call_list_handle_event:
 * @message: any message from the PBX
 *
 * Reduces one event into the calls: `Newchannel`, `Newstate`, the incoming
 * `UserEvent`, `DialBegin`/`DialEnd` (and the old `Dial` with `SubEvent`),
 * `BridgeEnter`, `Hold`/`Unhold`, `Hangup`, and the resync items
 * `CoreShowChannel` … `CoreShowChannelsComplete`. Idempotent: a duplicate
 * event, or a resync that lists what is known, makes no second call; events
 * of calls that ended are ignored; a Hangup before its Newchannel and
 * unknown events are ignored.
 *
 * Returns: whether the message was one the list reads
 */
gboolean
dipcc_call_list_handle_event (DipccCallList   *self,
                              DipccAmiMessage *message)
{
  g_return_val_if_fail (DIPCC_IS_CALL_LIST (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  /* one look at the name; most events of a busy PBX are none of these */
  switch (dipcc_ami_message_get_event_id (message))
    {
    case DIPCC_AMI_EVENT_NEWCHANNEL:
    case DIPCC_AMI_EVENT_CORE_SHOW_CHANNEL:
    case DIPCC_AMI_EVENT_NEWSTATE:
      return handle_channel (self, message);

    case DIPCC_AMI_EVENT_USER_EVENT:
      return handle_user_event (self, message);

    case DIPCC_AMI_EVENT_DIAL_BEGIN:
      return handle_dial_begin (self, message,
                                dipcc_ami_message_get (message, "Uniqueid"),
                                dipcc_ami_message_get (message, "DestUniqueid"),
                                dipcc_ami_message_get (message, "DestChannel"));

    case DIPCC_AMI_EVENT_DIAL_END:
      return handle_dial_end (self, message,
                              dipcc_ami_message_get (message, "DestUniqueid"),
                              dipcc_ami_message_get (message, "DialStatus"));

    case DIPCC_AMI_EVENT_DIAL:
      return handle_old_dial (self, message);

    case DIPCC_AMI_EVENT_BRIDGE_ENTER:
      return handle_bridge_enter (self, message);

    case DIPCC_AMI_EVENT_HOLD:
    case DIPCC_AMI_EVENT_UNHOLD:
      return handle_hold (self, message,
                          dipcc_ami_message_get_event_id (message) == DIPCC_AMI_EVENT_HOLD);

    case DIPCC_AMI_EVENT_HANGUP:
      return handle_hangup (self, message);

    case DIPCC_AMI_EVENT_CORE_SHOW_CHANNELS_COMPLETE:
      return handle_complete (self, message);

    case DIPCC_AMI_EVENT_NONE:
    case DIPCC_AMI_EVENT_ENDPOINT_LIST:
    case DIPCC_AMI_EVENT_DEVICE_STATE_CHANGE:
    case DIPCC_AMI_EVENT_EXTENSION_STATUS:
    case DIPCC_AMI_EVENT_PEER_STATUS:
    default:
      return FALSE;
    }
}

/**
 * dipcc_call_list_begin_resync:
 * @server_id: the server whose channels are about to be listed
 *
 * Call before sending `CoreShowChannels` after a (re)connect: every channel
 * the listing (or a live event) does not mention before its
 * `CoreShowChannelsComplete` is taken as hung up during the gap, and calls
 * left without channels end. Calls the listing shows that were not known
 * are added, so a call whose events were lost is still known.
 */
void
dipcc_call_list_begin_resync (DipccCallList *self,
                              int            server_id)
{
  g_return_if_fail (DIPCC_IS_CALL_LIST (self));

  g_hash_table_insert (self->generations, GINT_TO_POINTER (server_id),
                       GUINT_TO_POINTER (current_generation (self, server_id) + 1));
  g_hash_table_add (self->resyncing, GINT_TO_POINTER (server_id));
}

/**
 * dipcc_call_list_lookup:
 * @server_id: the server
 * @linkedid: the call's Linkedid
 *
 * Returns: (transfer none) (nullable): the active (or just ended) call
 */
DipccCall *
dipcc_call_list_lookup (DipccCallList *self,
                        int            server_id,
                        const char    *linkedid)
{
  DipccServerKey key = { server_id, linkedid };

  g_return_val_if_fail (DIPCC_IS_CALL_LIST (self), NULL);
  g_return_val_if_fail (linkedid != NULL, NULL);

  return g_hash_table_lookup (self->calls, &key);
}

/**
 * dipcc_call_list_get_recent:
 *
 * Returns: (transfer none): the calls that have ended, newest first, at
 *   most #DipccCallList:max-recent of them
 */
GListModel *
dipcc_call_list_get_recent (DipccCallList *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL_LIST (self), NULL);

  return G_LIST_MODEL (self->recent);
}

/**
 * dipcc_call_list_get_n_channels:
 *
 * Returns: how many channels the list is tracking (a measure of memory)
 */
guint
dipcc_call_list_get_n_channels (DipccCallList *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL_LIST (self), 0);

  return g_hash_table_size (self->channels);
}

const char *
dipcc_call_list_get_my_extension (DipccCallList *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL_LIST (self), NULL);
  return self->my_extension;
}

void
dipcc_call_list_set_my_extension (DipccCallList *self,
                                  const char    *extension)
{
  g_return_if_fail (DIPCC_IS_CALL_LIST (self));

  if (dipcc_set_str (&self->my_extension, extension))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MY_EXTENSION]);
}

const char * const *
dipcc_call_list_get_watched_numbers (DipccCallList *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL_LIST (self), NULL);
  return (const char * const *) self->watched_numbers;
}

void
dipcc_call_list_set_watched_numbers (DipccCallList      *self,
                                     const char * const *numbers)
{
  g_return_if_fail (DIPCC_IS_CALL_LIST (self));

  if (self->watched_numbers == NULL && (numbers == NULL || numbers[0] == NULL))
    return;
  if (self->watched_numbers != NULL && numbers != NULL &&
      g_strv_equal ((const char * const *) self->watched_numbers, numbers))
    return;
  g_strfreev (self->watched_numbers);
  self->watched_numbers = numbers && numbers[0] ? g_strdupv ((char **) numbers) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCHED_NUMBERS]);
}

gboolean
dipcc_call_list_get_all_incoming (DipccCallList *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL_LIST (self), FALSE);
  return self->all_incoming;
}

void
dipcc_call_list_set_all_incoming (DipccCallList *self,
                                  gboolean       all_incoming)
{
  g_return_if_fail (DIPCC_IS_CALL_LIST (self));

  all_incoming = !!all_incoming;
  if (self->all_incoming == all_incoming)
    return;
  self->all_incoming = all_incoming;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_INCOMING]);
}

guint
dipcc_call_list_get_linger_ms (DipccCallList *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL_LIST (self), 0);
  return self->linger_ms;
}

void
dipcc_call_list_set_linger_ms (DipccCallList *self,
                               guint          linger_ms)
{
  g_return_if_fail (DIPCC_IS_CALL_LIST (self));

  if (self->linger_ms == linger_ms)
    return;
  self->linger_ms = linger_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINGER_MS]);
}

guint
dipcc_call_list_get_max_recent (DipccCallList *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL_LIST (self), 0);
  return self->max_recent;
}

void
dipcc_call_list_set_max_recent (DipccCallList *self,
                                guint          max_recent)
{
  g_return_if_fail (DIPCC_IS_CALL_LIST (self));

  if (self->max_recent == max_recent)
    return;
  self->max_recent = max_recent;
  trim_recent (self, max_recent);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RECENT]);
}

/* ---- GObject --------------------------------------------------------------- */

static void
dipcc_call_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DipccCallList *self = DIPCC_CALL_LIST (object);

  switch (prop_id)
    {
    case PROP_MY_EXTENSION:
      g_value_set_string (value, self->my_extension);
      break;
    case PROP_WATCHED_NUMBERS:
      g_value_set_boxed (value, self->watched_numbers);
      break;
    case PROP_ALL_INCOMING:
      g_value_set_boolean (value, self->all_incoming);
      break;
    case PROP_LINGER_MS:
      g_value_set_uint (value, self->linger_ms);
      break;
    case PROP_MAX_RECENT:
      g_value_set_uint (value, self->max_recent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_call_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DipccCallList *self = DIPCC_CALL_LIST (object);

  switch (prop_id)
    {
    case PROP_MY_EXTENSION:
      dipcc_call_list_set_my_extension (self, g_value_get_string (value));
      break;
    case PROP_WATCHED_NUMBERS:
      dipcc_call_list_set_watched_numbers (self, g_value_get_boxed (value));
      break;
    case PROP_ALL_INCOMING:
      dipcc_call_list_set_all_incoming (self, g_value_get_boolean (value));
      break;
    case PROP_LINGER_MS:
      dipcc_call_list_set_linger_ms (self, g_value_get_uint (value));
      break;
    case PROP_MAX_RECENT:
      dipcc_call_list_set_max_recent (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_call_list_dispose (GObject *object)
{
  DipccCallList *self = DIPCC_CALL_LIST (object);

  /* pending lingers hold the list: cancel them */
  if (self->active != NULL)
    for (guint i = 0; i < self->active->len; i++)
      g_clear_handle_id (&dipcc_call_get_tracking (g_ptr_array_index (self->active, i))->linger_id,
                         g_source_remove);
  g_clear_object (&self->endpoints);

  G_OBJECT_CLASS (dipcc_call_list_parent_class)->dispose (object);
}

static void
dipcc_call_list_finalize (GObject *object)
{
  DipccCallList *self = DIPCC_CALL_LIST (object);

  g_clear_pointer (&self->channels, g_hash_table_unref);
  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->active, g_ptr_array_unref);
  g_clear_object (&self->recent);
  g_clear_pointer (&self->recent_keys, g_hash_table_unref);
  g_queue_clear_full (&self->recent_order, g_free);
  g_clear_pointer (&self->generations, g_hash_table_unref);
  g_clear_pointer (&self->resyncing, g_hash_table_unref);
  g_free (self->my_extension);
  g_strfreev (self->watched_numbers);

  G_OBJECT_CLASS (dipcc_call_list_parent_class)->finalize (object);
}

static void
dipcc_call_list_class_init (DipccCallListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dipcc_call_list_get_property;
  object_class->set_property = dipcc_call_list_set_property;
  object_class->dispose = dipcc_call_list_dispose;
  object_class->finalize = dipcc_call_list_finalize;

  properties[PROP_MY_EXTENSION] =
    g_param_spec_string ("my-extension", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WATCHED_NUMBERS] =
    g_param_spec_boxed ("watched-numbers", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALL_INCOMING] =
    g_param_spec_boolean ("all-incoming", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINGER_MS] =
    g_param_spec_uint ("linger-ms", NULL, NULL, 0, G_MAXUINT, DEFAULT_LINGER_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RECENT] =
    g_param_spec_uint ("max-recent", NULL, NULL, 0, G_MAXUINT, DEFAULT_MAX_RECENT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DipccCallList::incoming:
   * @call: a new call ringing my phone, or an inbound call to a watched
   *   DID or main number (or any inbound call with all-incoming)
   *
   * Emitted once per call, whatever duplicates or resyncs deliver.
   */
  signals[INCOMING] =
    g_signal_new ("incoming", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, DIPCC_TYPE_CALL);
  signals[ANSWERED] =
    g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, DIPCC_TYPE_CALL);
  /**
   * DipccCallList::missed:
   * @call: a call that was announced with #DipccCallList::incoming and
   *   ended with nobody answering
   */
  signals[MISSED] =
    g_signal_new ("missed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, DIPCC_TYPE_CALL);
  signals[ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, DIPCC_TYPE_CALL);
}

static void
dipcc_call_list_init (DipccCallList *self)
{
  self->active = g_ptr_array_new_with_free_func (g_object_unref);
  self->calls = g_hash_table_new_full (dipcc_server_key_hash, dipcc_server_key_equal, g_free,
                                       NULL);
  self->channels = g_hash_table_new_full (dipcc_server_key_hash, dipcc_server_key_equal, NULL,
                                          channel_free);
  self->recent = dipcc_recent_calls_new ();
  /* the keys belong to recent_order */
  self->recent_keys = g_hash_table_new (dipcc_server_key_hash, dipcc_server_key_equal);
  g_queue_init (&self->recent_order);
  self->generations = g_hash_table_new (NULL, NULL);
  self->resyncing = g_hash_table_new (NULL, NULL);
  self->linger_ms = DEFAULT_LINGER_MS;
  self->max_recent = DEFAULT_MAX_RECENT;
}

/**
 * dipcc_call_list_new:
 * @endpoints: (nullable): the endpoint list, to tell the phones here from
 *   trunks
 *
 * Returns: (transfer full): an empty call list
 */
DipccCallList *
dipcc_call_list_new (DipccEndpointList *endpoints)
{
  DipccCallList *self = g_object_new (DIPCC_TYPE_CALL_LIST, NULL);

  g_return_val_if_fail (endpoints == NULL || DIPCC_IS_ENDPOINT_LIST (endpoints), self);

  if (endpoints != NULL)
    self->endpoints = g_object_ref (endpoints);
  return self;
}
