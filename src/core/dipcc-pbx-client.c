/* dipcc-pbx-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-pbx-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-core-enums.h"
#include "dipcc-error.h"
#include "dipcc-pbx-client.h"
#include "dipcc-text.h"

#define DEFAULT_ACTION_TIMEOUT_MS     10000
#define DEFAULT_KEEPALIVE_INTERVAL_MS 15000
#define DEFAULT_KEEPALIVE_TIMEOUT_MS  10000
#define DEFAULT_BACKOFF_INITIAL_MS    500
#define DEFAULT_BACKOFF_MAX_MS        30000
#define DEFAULT_STABLE_TIME_MS        60000
#define BACKOFF_JITTER                0.2
/* more immediate reconnects than this within the window fall back to the
 * backoff: a server that relays broken text with every frame must not get
 * a reconnect storm */
#define MAX_IMMEDIATE_RECONNECTS      3
#define IMMEDIATE_WINDOW_US           (10 * G_USEC_PER_SEC)
#define MAX_SHOWN_MESSAGE             200

/* ---- DipccActionResult -------------------------------------------------- */

struct _DipccActionResult
{
  gatomicrefcount  ref_count;
  char            *action_id;
  int              server_id;
  DipccAmiMessage *response;
  GPtrArray       *items;
  DipccAmiMessage *complete;
};

G_DEFINE_BOXED_TYPE (DipccActionResult, dipcc_action_result,
                     dipcc_action_result_ref, dipcc_action_result_unref)

static DipccActionResult *
action_result_new (const char *action_id,
                   int         server_id)
{
  DipccActionResult *result = g_new0 (DipccActionResult, 1);

  g_atomic_ref_count_init (&result->ref_count);
  result->action_id = g_strdup (action_id);
  result->server_id = server_id;
  result->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref);
  return result;
}

DipccActionResult *
dipcc_action_result_ref (DipccActionResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  g_atomic_ref_count_inc (&result->ref_count);
  return result;
}

void
dipcc_action_result_unref (DipccActionResult *result)
{
  g_return_if_fail (result != NULL);

  if (!g_atomic_ref_count_dec (&result->ref_count))
    return;
  g_free (result->action_id);
  g_clear_pointer (&result->response, dipcc_ami_message_unref);
  g_clear_pointer (&result->complete, dipcc_ami_message_unref);
  g_ptr_array_unref (result->items);
  g_free (result);
}

/**
 * dipcc_action_result_get_action_id:
 *
 * Returns: the ActionID the action was sent with
 */
const char *
dipcc_action_result_get_action_id (DipccActionResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  return result->action_id;
}

int
dipcc_action_result_get_server_id (DipccActionResult *result)
{
  g_return_val_if_fail (result != NULL, DIPCC_SERVER_ID_NONE);

  return result->server_id;
}

/**
 * dipcc_action_result_get_response:
 *
 * Returns: (transfer none) (nullable): the response; %NULL for an action
 *   sent with %DIPCC_ACTION_FLAGS_NO_REPLY, or a list whose `…Complete`
 *   came before its response
 */
DipccAmiMessage *
dipcc_action_result_get_response (DipccActionResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  return result->response;
}

/**
 * dipcc_action_result_get_items:
 *
 * Returns: (transfer none) (element-type DipccAmiMessage): the list items,
 *   in order; empty for an action that is not a list
 */
GPtrArray *
dipcc_action_result_get_items (DipccActionResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  return result->items;
}

/**
 * dipcc_action_result_get_complete:
 *
 * Returns: (transfer none) (nullable): the `…Complete` event of a list
 */
DipccAmiMessage *
dipcc_action_result_get_complete (DipccActionResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  return result->complete;
}

/* ---- DipccPbxClient ----------------------------------------------------- */

typedef enum {
  SERVER_UNKNOWN,
  SERVER_UP,
  SERVER_DOWN,
} ServerState;

typedef struct {
  int         id;
  ServerState state;
  gboolean    ping_outstanding;
  gboolean    resyncing;
  gint64      last_heard;     /* monotonic µs of its last message */
} Server;

typedef struct {
  DipccPbxClient    *client;        /* Borrowed: the task holds a reference */
  GTask             *task;
  char              *action_id;
  DipccActionFlags   flags;
  gboolean           is_list;
  DipccActionResult *result;
  GSource           *timeout_source;
  GSource           *cancel_source;
} Pending;

struct _DipccPbxClient
{
  GObject          parent_instance;

  /* Owned */
  DipccTransport  *transport;
  char            *username;
  char            *secret;
  GError          *last_error;
  GHashTable      *pending;           /* ActionID → Pending */
  GArray          *servers;           /* of Server */
  GCancellable    *connect_cancellable;
  gint64           immediate_times[MAX_IMMEDIATE_RECONNECTS];

  DipccPbxState    state;
  gboolean         running;
  guint            generation;        /* bumped per connection attempt */
  char            *id_prefix;
  guint64          next_id;

  guint            attempts;          /* for the backoff */
  gint64           reconnect_deadline;
  guint            reconnect_in;
  guint            reconnect_id;
  guint            reconnect_tick_id;
  guint            keepalive_id;
  guint            stable_id;

  guint            action_timeout_ms;
  guint            keepalive_interval_ms;
  guint            keepalive_timeout_ms;
  guint            backoff_initial_ms;
  guint            backoff_max_ms;
  guint            stable_time_ms;

  gulong           message_handler;
  gulong           closed_handler;
};

G_DEFINE_FINAL_TYPE (DipccPbxClient, dipcc_pbx_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRANSPORT,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_RECONNECT_IN,
  PROP_SERVER_IDS,
  PROP_ACTION_TIMEOUT,
  PROP_KEEPALIVE_INTERVAL,
  PROP_KEEPALIVE_TIMEOUT,
  PROP_BACKOFF_INITIAL,
  PROP_BACKOFF_MAX,
  PROP_STABLE_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_EVENT,
  SIGNAL_RESYNCED,
  SIGNAL_SERVER_STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void attempt_connect (DipccPbxClient *self);
static void resync_server   (DipccPbxClient *self,
                             int             server_id);
static void send_action     (DipccPbxClient      *self,
                             DipccAmiMessage     *action,
                             int                  server_id,
                             DipccActionFlags     flags,
                             guint                timeout_ms,
                             gboolean             internal,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);

/* ---- small helpers ------------------------------------------------------ */

static void
secret_free (char *secret)
{
  if (secret == NULL)
    return;
  /* keep it out of freed memory that may be dumped or reused */
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
set_state (DipccPbxClient *self,
           DipccPbxState   state)
{
  if (self->state == state)
    return;

  g_debug ("State %d → %d", self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (DipccPbxClient *self,
                const GError   *error)
{
  if (self->last_error == NULL && error == NULL)
    return;
  if (self->last_error != NULL && error != NULL &&
      self->last_error->domain == error->domain &&
      self->last_error->code == error->code &&
      g_strcmp0 (self->last_error->message, error->message) == 0)
    return;

  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_reconnect_in (DipccPbxClient *self,
                  guint           seconds)
{
  if (self->reconnect_in == seconds)
    return;
  self->reconnect_in = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_IN]);
}

static Server *
find_server (DipccPbxClient *self,
             int             server_id)
{
  for (guint i = 0; i < self->servers->len; i++)
    {
      Server *server = &g_array_index (self->servers, Server, i);

      if (server->id == server_id)
        return server;
    }
  return NULL;
}

static int
default_server_id (DipccPbxClient *self)
{
  return self->servers->len > 0 ? g_array_index (self->servers, Server, 0).id : 1;
}

/* The server's Message is untrusted text: valid UTF-8, no control
 * characters, and short enough for a dialog. */
static char *
sanitize_message (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n = 0;

  if (text == NULL)
    return NULL;

  valid = dipcc_utf8_make_valid (text, -1, NULL);
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0' && n < MAX_SHOWN_MESSAGE; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (*valid != '\0' && n >= MAX_SHOWN_MESSAGE && strlen (valid) > out->len)
    g_string_append (out, "…");
  return g_strstrip (g_string_free (out, FALSE));
}

static gboolean
is_list_complete (DipccAmiMessage *event)
{
  const char *name = dipcc_ami_message_get_name (event);
  const char *event_list = dipcc_ami_message_get (event, "EventList");
  gsize len;

  if (event_list != NULL && g_ascii_strcasecmp (event_list, "Complete") == 0)
    return TRUE;
  /* old servers send some lists with no EventList lines at all */
  if (name == NULL)
    return FALSE;
  len = strlen (name);
  return len >= 8 && g_ascii_strcasecmp (name + len - 8, "Complete") == 0;
}

/* ---- pending actions ---------------------------------------------------- */

static void
pending_free (Pending *pending)
{
  if (pending->timeout_source != NULL)
    {
      g_source_destroy (pending->timeout_source);
      g_source_unref (pending->timeout_source);
    }
  if (pending->cancel_source != NULL)
    {
      g_source_destroy (pending->cancel_source);
      g_source_unref (pending->cancel_source);
    }
  g_clear_object (&pending->task);
  g_clear_pointer (&pending->result, dipcc_action_result_unref);
  g_free (pending->action_id);
  g_free (pending);
}

/* Takes @pending out of the table; the caller then returns its task. */
static Pending *
pending_take (DipccPbxClient *self,
              Pending        *pending)
{
  g_hash_table_steal (self->pending, pending->action_id);
  return pending;
}

static void
pending_return_error (Pending *pending,
                      GError  *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&pending->task);

  pending_free (pending);
  g_task_return_error (task, error);
}

static void
pending_return_result (Pending *pending)
{
  g_autoptr(GTask) task = g_steal_pointer (&pending->task);
  DipccActionResult *result = g_steal_pointer (&pending->result);

  pending_free (pending);
  g_task_return_pointer (task, result, (GDestroyNotify) dipcc_action_result_unref);
}

static gboolean
on_pending_timeout (gpointer user_data)
{
  Pending *pending = user_data;
  DipccPbxClient *self = pending->client;

  pending_take (self, pending);
  g_debug ("Action %s timed out", pending->action_id);
  pending_return_error (pending,
                        g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_TIMEOUT,
                                             _("The PBX did not answer in time")));
  return G_SOURCE_REMOVE;
}

static gboolean
on_pending_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  Pending *pending = user_data;
  DipccPbxClient *self = pending->client;

  pending_take (self, pending);
  pending_return_error (pending,
                        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The request was cancelled")));
  return G_SOURCE_REMOVE;
}

static void
fail_all_pending (DipccPbxClient *self,
                  const GError   *error)
{
  GHashTableIter iter;
  gpointer value;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_ptr_array_add (all, value);
      g_hash_table_iter_steal (&iter);
    }
  for (guint i = 0; i < all->len; i++)
    pending_return_error (g_ptr_array_index (all, i), g_error_copy (error));
}

/* ---- incoming messages -------------------------------------------------- */

static void
emit_event (DipccPbxClient  *self,
            DipccAmiMessage *message)
{
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, message);
}

/* Returns whether @message was consumed by a pending action. */
static gboolean
correlate (DipccPbxClient  *self,
           DipccAmiMessage *message)
{
  const char *action_id = dipcc_ami_message_get_action_id (message);
  Pending *pending;
  DipccAmiMessageKind kind = dipcc_ami_message_get_kind (message);

  if (action_id == NULL)
    return FALSE;
  pending = g_hash_table_lookup (self->pending, action_id);
  if (pending == NULL)
    return FALSE;   /* someone else's (amiws broadcasts), or too late */

  if (kind == DIPCC_AMI_MESSAGE_KIND_RESPONSE)
    {
      const char *event_list = dipcc_ami_message_get (message, "EventList");

      if (dipcc_ami_message_is_response (message, "Error"))
        {
          g_autofree char *shown = sanitize_message (dipcc_ami_message_get (message,
                                                                            "Message"));
          GError *error;

          if (shown != NULL && *shown != '\0')
            error = g_error_new (DIPCC_ERROR, DIPCC_ERROR_FAILED,
                                 _("The PBX refused the request: %s"), shown);
          else
            error = g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_FAILED,
                                         _("The PBX refused the request"));
          pending_return_error (pending_take (self, pending), error);
          return TRUE;
        }

      if (pending->result->response == NULL)
        pending->result->response = dipcc_ami_message_ref (message);
      if (event_list != NULL && g_ascii_strcasecmp (event_list, "start") == 0)
        pending->is_list = TRUE;
      if (!pending->is_list)
        pending_return_result (pending_take (self, pending));
      return TRUE;
    }

  if (kind == DIPCC_AMI_MESSAGE_KIND_EVENT && pending->is_list)
    {
      gboolean emit = (pending->flags & DIPCC_ACTION_FLAGS_EMIT_EVENTS) != 0;

      if (is_list_complete (message))
        {
          pending->result->complete = dipcc_ami_message_ref (message);
          pending_return_result (pending_take (self, pending));
        }
      else
        {
          g_ptr_array_add (pending->result->items, dipcc_ami_message_ref (message));
        }
      if (emit)
        emit_event (self, message);
      return TRUE;
    }

  return FALSE;
}

static void
on_transport_message (DipccTransport  *transport,
                      DipccAmiMessage *message,
                      gpointer         user_data)
{
  DipccPbxClient *self = user_data;
  Server *server;

  if (dipcc_ami_message_get_kind (message) == DIPCC_AMI_MESSAGE_KIND_ACTION)
    return;
  server = find_server (self, dipcc_ami_message_get_server_id (message));
  if (server != NULL)
    server->last_heard = g_get_monotonic_time ();
  /* handlers may drop the last reference to us */
  g_object_ref (self);
  if (!correlate (self, message))
    emit_event (self, message);
  g_object_unref (self);
}

/* ---- servers ------------------------------------------------------------ */

static void
server_set_state (DipccPbxClient *self,
                  int             server_id,
                  ServerState     state)
{
  Server *server = find_server (self, server_id);
  gboolean was_up;

  if (server == NULL || server->state == state)
    return;

  was_up = server->state == SERVER_UP;
  server->state = state;
  if (state == SERVER_UP || was_up)
    {
      g_debug ("Server %d is %s", server_id, state == SERVER_UP ? "up" : "down");
      g_signal_emit (self, signals[SIGNAL_SERVER_STATE_CHANGED], 0, server_id,
                     state == SERVER_UP);
    }
}

static void
servers_forget (DipccPbxClient *self)
{
  for (guint i = 0; i < self->servers->len; i++)
    {
      Server *server = &g_array_index (self->servers, Server, i);

      server->ping_outstanding = FALSE;
      server->resyncing = FALSE;
      server_set_state (self, server->id, SERVER_UNKNOWN);
    }
}

static gboolean
all_servers_down (DipccPbxClient *self)
{
  for (guint i = 0; i < self->servers->len; i++)
    if (g_array_index (self->servers, Server, i).state != SERVER_DOWN)
      return FALSE;
  return self->servers->len > 0;
}

/* ---- connection lifecycle ----------------------------------------------- */

static void
stop_link_timers (DipccPbxClient *self)
{
  g_clear_handle_id (&self->keepalive_id, g_source_remove);
  g_clear_handle_id (&self->stable_id, g_source_remove);
}

static void
stop_reconnect_timers (DipccPbxClient *self)
{
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_tick_id, g_source_remove);
  set_reconnect_in (self, 0);
}

/* Ends the current connection or attempt: the transport is closed and every
 * pending action fails with @error. */
static void
teardown (DipccPbxClient *self,
          const GError   *error)
{
  self->generation++;
  if (self->connect_cancellable != NULL)
    {
      g_cancellable_cancel (self->connect_cancellable);
      g_clear_object (&self->connect_cancellable);
    }
  stop_link_timers (self);
  dipcc_transport_close (self->transport);
  fail_all_pending (self, error);
  servers_forget (self);
}

static guint
next_backoff_ms (DipccPbxClient *self)
{
  double delay = self->backoff_initial_ms;

  for (guint i = 0; i < self->attempts && delay < self->backoff_max_ms; i++)
    delay *= 2;
  if (self->attempts < G_MAXUINT)
    self->attempts++;
  delay *= g_random_double_range (1.0 - BACKOFF_JITTER, 1.0 + BACKOFF_JITTER);
  return (guint) CLAMP (delay, 0, self->backoff_max_ms);
}

static gboolean
immediate_reconnect_allowed (DipccPbxClient *self)
{
  gint64 now = g_get_monotonic_time ();
  guint recent = 0;

  for (guint i = 0; i < MAX_IMMEDIATE_RECONNECTS; i++)
    if (self->immediate_times[i] != 0 && now - self->immediate_times[i] < IMMEDIATE_WINDOW_US)
      recent++;
  if (recent >= MAX_IMMEDIATE_RECONNECTS)
    return FALSE;

  memmove (self->immediate_times + 1, self->immediate_times,
           sizeof self->immediate_times[0] * (MAX_IMMEDIATE_RECONNECTS - 1));
  self->immediate_times[0] = now;
  return TRUE;
}

static void
update_reconnect_in (DipccPbxClient *self)
{
  gint64 left = self->reconnect_deadline - g_get_monotonic_time ();

  set_reconnect_in (self, left <= 0 ? 0 : (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
}

static gboolean
on_reconnect_tick (gpointer user_data)
{
  update_reconnect_in (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_reconnect_timer (gpointer user_data)
{
  DipccPbxClient *self = user_data;

  self->reconnect_id = 0;
  g_clear_handle_id (&self->reconnect_tick_id, g_source_remove);
  set_reconnect_in (self, 0);
  attempt_connect (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (DipccPbxClient *self,
                    gboolean        immediate)
{
  guint delay_ms = immediate ? 0 : next_backoff_ms (self);

  stop_reconnect_timers (self);
  g_debug ("Reconnecting in %u ms", delay_ms);
  self->reconnect_deadline = g_get_monotonic_time () + (gint64) delay_ms * 1000;
  set_state (self, DIPCC_PBX_STATE_RECONNECTING);
  update_reconnect_in (self);
  if (delay_ms >= 1000)
    self->reconnect_tick_id = g_timeout_add (1000, on_reconnect_tick, self);
  self->reconnect_id = g_timeout_add (delay_ms, on_reconnect_timer, self);
}

static void
link_lost (DipccPbxClient *self,
           const GError   *error,
           gboolean        immediate)
{
  g_autoptr(GError) lost = NULL;

  if (error == NULL)
    error = lost = g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                                        _("Lost the connection to the PBX; reconnecting…"));
  teardown (self, error);
  set_last_error (self, error);
  schedule_reconnect (self, immediate && immediate_reconnect_allowed (self));
}

static gboolean
on_stable (gpointer user_data)
{
  DipccPbxClient *self = user_data;

  self->stable_id = 0;
  self->attempts = 0;
  return G_SOURCE_REMOVE;
}

typedef struct {
  guint  generation;
  int    server_id;
  gint64 sent_at;
} CallData;

static CallData *
call_data_new (DipccPbxClient *self,
               int             server_id)
{
  CallData *data = g_new0 (CallData, 1);

  data->generation = self->generation;
  data->server_id = server_id;
  data->sent_at = g_get_monotonic_time ();
  return data;
}

static void
on_ping_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  DipccPbxClient *self = DIPCC_PBX_CLIENT (source);
  g_autofree CallData *data = user_data;
  g_autoptr(DipccActionResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  Server *server;

  answer = dipcc_pbx_client_send_action_finish (self, result, &error);
  if (data->generation != self->generation)
    return;
  server = find_server (self, data->server_id);
  if (server == NULL)
    return;
  server->ping_outstanding = FALSE;

  if (answer != NULL || g_error_matches (error, DIPCC_ERROR, DIPCC_ERROR_FAILED))
    {
      /* any answer, even an error, shows the server is alive */
      gboolean was_down = server->state == SERVER_DOWN;

      server_set_state (self, data->server_id, SERVER_UP);
      if (was_down)
        resync_server (self, data->server_id);
      return;
    }

  if (!g_error_matches (error, DIPCC_ERROR, DIPCC_ERROR_TIMEOUT))
    return;

  /* slow is not dead: the answer may wait behind a burst of events on a
   * slow link; only a server that sent nothing since the ping is down */
  if (server->last_heard > data->sent_at)
    {
      g_debug ("Server %d is slow to answer the keepalive, but it is sending",
               data->server_id);
      return;
    }

  server_set_state (self, data->server_id, SERVER_DOWN);
  if (all_servers_down (self))
    {
      g_autoptr(GError) dead = NULL;

      g_debug ("No server answers the keepalive: the link is dead");
      dead = g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_TIMEOUT,
                                  _("The PBX stopped answering; reconnecting…"));
      link_lost (self, dead, FALSE);
    }
}

static gboolean
on_keepalive (gpointer user_data)
{
  DipccPbxClient *self = user_data;

  for (guint i = 0; i < self->servers->len; i++)
    {
      Server *server = &g_array_index (self->servers, Server, i);
      g_autoptr(DipccAmiMessage) ping = NULL;

      if (server->ping_outstanding)
        continue;
      server->ping_outstanding = TRUE;
      ping = dipcc_ami_message_new_action ("Ping");
      send_action (self, ping, server->id, DIPCC_ACTION_FLAGS_NONE,
                   self->keepalive_timeout_ms, TRUE, NULL,
                   on_ping_done, call_data_new (self, server->id));
    }
  return G_SOURCE_CONTINUE;
}

static void
on_resync_channels_done (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  DipccPbxClient *self = DIPCC_PBX_CLIENT (source);
  g_autofree CallData *data = user_data;
  g_autoptr(DipccActionResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  Server *server;

  answer = dipcc_pbx_client_send_action_finish (self, result, &error);
  if (data->generation != self->generation)
    return;
  server = find_server (self, data->server_id);
  if (server == NULL)
    return;
  server->resyncing = FALSE;

  if (answer == NULL)
    {
      g_debug ("Resync of server %d failed: %s", data->server_id, error->message);
      if (g_error_matches (error, DIPCC_ERROR, DIPCC_ERROR_TIMEOUT))
        server_set_state (self, data->server_id, SERVER_DOWN);
      return;
    }

  server_set_state (self, data->server_id, SERVER_UP);
  g_debug ("Server %d resynced", data->server_id);
  g_signal_emit (self, signals[SIGNAL_RESYNCED], 0, data->server_id);
}

static void
on_resync_endpoints_done (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  DipccPbxClient *self = DIPCC_PBX_CLIENT (source);
  g_autofree CallData *data = user_data;
  g_autoptr(DipccActionResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccAmiMessage) channels = NULL;
  Server *server;

  answer = dipcc_pbx_client_send_action_finish (self, result, &error);
  if (data->generation != self->generation)
    return;
  server = find_server (self, data->server_id);
  if (server == NULL)
    return;

  if (answer == NULL)
    {
      server->resyncing = FALSE;
      g_debug ("Resync of server %d failed: %s", data->server_id, error->message);
      if (g_error_matches (error, DIPCC_ERROR, DIPCC_ERROR_TIMEOUT))
        server_set_state (self, data->server_id, SERVER_DOWN);
      return;
    }

  /* the channels that exist now: a call whose events were lost while we
   * were away is still known */
  channels = dipcc_ami_message_new_action ("CoreShowChannels");
  send_action (self, channels, data->server_id,
               DIPCC_ACTION_FLAGS_LIST | DIPCC_ACTION_FLAGS_EMIT_EVENTS,
               self->action_timeout_ms, TRUE, NULL,
               on_resync_channels_done, call_data_new (self, data->server_id));
}

static void
resync_server (DipccPbxClient *self,
               int             server_id)
{
  Server *server = find_server (self, server_id);
  g_autoptr(DipccAmiMessage) endpoints = NULL;

  if (server == NULL || server->resyncing)
    return;
  server->resyncing = TRUE;
  endpoints = dipcc_ami_message_new_action ("PJSIPShowEndpoints");
  send_action (self, endpoints, server_id,
               DIPCC_ACTION_FLAGS_LIST | DIPCC_ACTION_FLAGS_EMIT_EVENTS,
               self->action_timeout_ms, TRUE, NULL,
               on_resync_endpoints_done, call_data_new (self, server_id));
}

static void
link_up (DipccPbxClient *self)
{
  set_last_error (self, NULL);
  set_state (self, DIPCC_PBX_STATE_CONNECTED);
  self->keepalive_id = g_timeout_add (self->keepalive_interval_ms, on_keepalive, self);
  self->stable_id = g_timeout_add (self->stable_time_ms, on_stable, self);
  for (guint i = 0; i < self->servers->len; i++)
    resync_server (self, g_array_index (self->servers, Server, i).id);
}

static void
auth_failed (DipccPbxClient *self,
             const GError   *error)
{
  teardown (self, error);
  stop_reconnect_timers (self);
  set_last_error (self, error);
  set_state (self, DIPCC_PBX_STATE_AUTH_FAILED);
}

static void
on_login_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DipccPbxClient *self = DIPCC_PBX_CLIENT (source);
  g_autofree CallData *data = user_data;
  g_autoptr(DipccActionResult) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = dipcc_pbx_client_send_action_finish (self, result, &error);
  if (data->generation != self->generation)
    return;

  if (answer != NULL)
    {
      g_debug ("Logged in");
      link_up (self);
      return;
    }

  if (g_error_matches (error, DIPCC_ERROR, DIPCC_ERROR_FAILED))
    {
      g_autoptr(GError) rejected = NULL;

      /* never the server's text here: it is about the secret we sent */
      rejected = g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_AUTH,
                                      _("The PBX rejected the AMI user or secret. "
                                        "Check them in Preferences."));
      auth_failed (self, rejected);
      return;
    }

  /* a timeout: the link is not working */
  link_lost (self, error, FALSE);
}

static void
on_transport_connected (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  DipccPbxClient *self = user_data;   /* a reference is held */
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccAmiMessage) login = NULL;
  gboolean ok;

  ok = dipcc_transport_connect_finish (DIPCC_TRANSPORT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->connect_cancellable == NULL ||
      g_cancellable_is_cancelled (self->connect_cancellable))
    {
      g_object_unref (self);
      return;
    }
  g_clear_object (&self->connect_cancellable);

  if (!ok)
    {
      g_debug ("Could not connect: %s", error->message);
      set_last_error (self, error);
      if (g_error_matches (error, DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED))
        set_state (self, DIPCC_PBX_STATE_AUTH_FAILED);
      else
        schedule_reconnect (self, FALSE);
      g_object_unref (self);
      return;
    }

  if (!dipcc_transport_get_needs_login (self->transport))
    {
      link_up (self);
      g_object_unref (self);
      return;
    }

  if (self->username == NULL || self->secret == NULL)
    {
      g_autoptr(GError) missing = NULL;

      missing = g_error_new_literal (DIPCC_ERROR, DIPCC_ERROR_NOT_CONFIGURED,
                                     _("The AMI user or secret is missing. "
                                       "Set them in Preferences."));
      auth_failed (self, missing);
      g_object_unref (self);
      return;
    }

  set_state (self, DIPCC_PBX_STATE_AUTHENTICATING);
  login = dipcc_ami_message_new_action ("Login");
  dipcc_ami_message_add (login, "Username", self->username);
  dipcc_ami_message_add (login, "Secret", self->secret);
  send_action (self, login, default_server_id (self), DIPCC_ACTION_FLAGS_NONE,
               self->action_timeout_ms, TRUE, NULL,
               on_login_done, call_data_new (self, default_server_id (self)));
  g_object_unref (self);
}

static void
attempt_connect (DipccPbxClient *self)
{
  teardown (self, &(GError) { G_IO_ERROR, G_IO_ERROR_CANCELLED, (char *) "" });
  stop_reconnect_timers (self);
  set_state (self, DIPCC_PBX_STATE_CONNECTING);
  self->connect_cancellable = g_cancellable_new ();
  dipcc_transport_connect_async (self->transport, self->connect_cancellable,
                                 on_transport_connected, g_object_ref (self));
}

static void
on_transport_closed (DipccTransport           *transport,
                     const GError             *error,
                     DipccTransportCloseFlags  flags,
                     gpointer                  user_data)
{
  DipccPbxClient *self = user_data;

  if (self->state != DIPCC_PBX_STATE_CONNECTED &&
      self->state != DIPCC_PBX_STATE_AUTHENTICATING)
    return;

  g_debug ("Transport closed%s", (flags & DIPCC_TRANSPORT_CLOSE_BAD_DATA) ? " (1007)" : "");
  g_object_ref (self);
  link_lost (self, error, (flags & DIPCC_TRANSPORT_CLOSE_BAD_DATA) != 0);
  g_object_unref (self);
}

/* ---- actions ------------------------------------------------------------ */

static gboolean
must_not_wait (DipccPbxClient  *self,
               DipccAmiMessage *action)
{
  const char *name = dipcc_ami_message_get (action, "Action");

  /* amiws drops every OriginateResponse and Response: Goodbye */
  if (dipcc_transport_get_needs_login (self->transport) || name == NULL)
    return FALSE;
  return g_ascii_strcasecmp (name, "Logoff") == 0 ||
         g_ascii_strcasecmp (name, "Originate") == 0;
}

static void
send_action (DipccPbxClient      *self,
             DipccAmiMessage     *action,
             int                  server_id,
             DipccActionFlags     flags,
             guint                timeout_ms,
             gboolean             internal,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(DipccAmiMessage) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *action_id = NULL;
  Pending *pending;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_pbx_client_send_action_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!internal && self->state != DIPCC_PBX_STATE_CONNECTED)
    {
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_NETWORK,
                               _("Not connected to the PBX"));
      return;
    }

  if (server_id < 0)
    server_id = default_server_id (self);
  if (timeout_ms == 0)
    timeout_ms = self->action_timeout_ms;
  if (must_not_wait (self, action))
    flags |= DIPCC_ACTION_FLAGS_NO_REPLY;

  action_id = g_strdup_printf ("dipcc-%s-%" G_GUINT64_FORMAT, self->id_prefix, ++self->next_id);
  copy = dipcc_ami_message_copy (action);
  dipcc_ami_message_set (copy, "ActionID", action_id);

  if (!dipcc_transport_send (self->transport, copy, server_id, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (flags & DIPCC_ACTION_FLAGS_NO_REPLY)
    {
      g_task_return_pointer (task, action_result_new (action_id, server_id),
                             (GDestroyNotify) dipcc_action_result_unref);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->client = self;
  pending->task = g_steal_pointer (&task);
  pending->action_id = g_strdup (action_id);
  pending->flags = flags;
  pending->is_list = (flags & DIPCC_ACTION_FLAGS_LIST) != 0;
  pending->result = action_result_new (action_id, server_id);

  pending->timeout_source = g_timeout_source_new (timeout_ms);
  g_source_set_callback (pending->timeout_source, on_pending_timeout, pending, NULL);
  g_source_attach (pending->timeout_source, g_main_context_get_thread_default ());

  if (cancellable != NULL)
    {
      /* a source, not a signal handler: the pending entry can be removed
       * from its callback without deadlocking the cancellable */
      pending->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (pending->cancel_source, (GSourceFunc) (void (*) (void))
                             on_pending_cancelled, pending, NULL);
      g_source_attach (pending->cancel_source, g_main_context_get_thread_default ());
    }

  g_hash_table_insert (self->pending, pending->action_id, pending);
}

/* ---- GObject ------------------------------------------------------------ */

static void
set_uint_knob (DipccPbxClient *self,
               guint          *field,
               guint           value,
               int             prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static GArray *
server_ids_to_array (DipccPbxClient *self)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (int), self->servers->len);

  for (guint i = 0; i < self->servers->len; i++)
    g_array_append_val (ids, g_array_index (self->servers, Server, i).id);
  return ids;
}

static void
dipcc_pbx_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DipccPbxClient *self = DIPCC_PBX_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TRANSPORT:
      g_value_set_object (value, self->transport);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_boxed (value, self->last_error);
      break;
    case PROP_RECONNECT_IN:
      g_value_set_uint (value, self->reconnect_in);
      break;
    case PROP_SERVER_IDS:
      g_value_take_boxed (value, server_ids_to_array (self));
      break;
    case PROP_ACTION_TIMEOUT:
      g_value_set_uint (value, self->action_timeout_ms);
      break;
    case PROP_KEEPALIVE_INTERVAL:
      g_value_set_uint (value, self->keepalive_interval_ms);
      break;
    case PROP_KEEPALIVE_TIMEOUT:
      g_value_set_uint (value, self->keepalive_timeout_ms);
      break;
    case PROP_BACKOFF_INITIAL:
      g_value_set_uint (value, self->backoff_initial_ms);
      break;
    case PROP_BACKOFF_MAX:
      g_value_set_uint (value, self->backoff_max_ms);
      break;
    case PROP_STABLE_TIME:
      g_value_set_uint (value, self->stable_time_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_pbx_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DipccPbxClient *self = DIPCC_PBX_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TRANSPORT:
      self->transport = g_value_dup_object (value);
      break;
    case PROP_SERVER_IDS:
      {
        GArray *ids = g_value_get_boxed (value);

        if (ids != NULL)
          dipcc_pbx_client_set_server_ids (self, (const int *) (gpointer) ids->data, ids->len);
      }
      break;
    case PROP_ACTION_TIMEOUT:
      set_uint_knob (self, &self->action_timeout_ms, g_value_get_uint (value), prop_id);
      break;
    case PROP_KEEPALIVE_INTERVAL:
      set_uint_knob (self, &self->keepalive_interval_ms, g_value_get_uint (value), prop_id);
      break;
    case PROP_KEEPALIVE_TIMEOUT:
      set_uint_knob (self, &self->keepalive_timeout_ms, g_value_get_uint (value), prop_id);
      break;
    case PROP_BACKOFF_INITIAL:
      set_uint_knob (self, &self->backoff_initial_ms, g_value_get_uint (value), prop_id);
      break;
    case PROP_BACKOFF_MAX:
      set_uint_knob (self, &self->backoff_max_ms, g_value_get_uint (value), prop_id);
      break;
    case PROP_STABLE_TIME:
      set_uint_knob (self, &self->stable_time_ms, g_value_get_uint (value), prop_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_pbx_client_constructed (GObject *object)
{
  DipccPbxClient *self = DIPCC_PBX_CLIENT (object);

  G_OBJECT_CLASS (dipcc_pbx_client_parent_class)->constructed (object);

  g_assert (DIPCC_IS_TRANSPORT (self->transport));
  self->message_handler = g_signal_connect (self->transport, "message",
                                            G_CALLBACK (on_transport_message), self);
  self->closed_handler = g_signal_connect (self->transport, "closed",
                                           G_CALLBACK (on_transport_closed), self);
}

static void
dipcc_pbx_client_dispose (GObject *object)
{
  DipccPbxClient *self = DIPCC_PBX_CLIENT (object);

  if (self->transport != NULL)
    {
      g_clear_signal_handler (&self->message_handler, self->transport);
      g_clear_signal_handler (&self->closed_handler, self->transport);
      self->running = FALSE;
      teardown (self, &(GError) { G_IO_ERROR, G_IO_ERROR_CANCELLED, (char *) "" });
      stop_reconnect_timers (self);
      g_clear_object (&self->transport);
    }

  G_OBJECT_CLASS (dipcc_pbx_client_parent_class)->dispose (object);
}

static void
dipcc_pbx_client_finalize (GObject *object)
{
  DipccPbxClient *self = DIPCC_PBX_CLIENT (object);

  g_free (self->username);
  secret_free (self->secret);
  g_clear_error (&self->last_error);
  g_hash_table_unref (self->pending);
  g_array_unref (self->servers);
  g_free (self->id_prefix);

  G_OBJECT_CLASS (dipcc_pbx_client_parent_class)->finalize (object);
}

static void
dipcc_pbx_client_class_init (DipccPbxClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dipcc_pbx_client_get_property;
  object_class->set_property = dipcc_pbx_client_set_property;
  object_class->constructed = dipcc_pbx_client_constructed;
  object_class->dispose = dipcc_pbx_client_dispose;
  object_class->finalize = dipcc_pbx_client_finalize;

  properties[PROP_TRANSPORT] =
    g_param_spec_object ("transport", NULL, NULL,
                         DIPCC_TYPE_TRANSPORT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DIPCC_TYPE_PBX_STATE, DIPCC_PBX_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccPbxClient:last-error:
   *
   * Why the last connection or attempt ended, for the header; %NULL while
   * connected.
   */
  properties[PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL,
                        G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccPbxClient:reconnect-in:
   *
   * Whole seconds until the next attempt while reconnecting, else 0.
   */
  properties[PROP_RECONNECT_IN] =
    g_param_spec_uint ("reconnect-in", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccPbxClient:server-ids:
   *
   * The AMI servers behind the transport (a #GArray of int); each is
   * resynced and pinged on its own.
   */
  properties[PROP_SERVER_IDS] =
    g_param_spec_boxed ("server-ids", NULL, NULL,
                        G_TYPE_ARRAY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACTION_TIMEOUT] =
    g_param_spec_uint ("action-timeout", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_ACTION_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccPbxClient:keepalive-interval:
   *
   * Milliseconds between `Ping`s to each server.
   */
  properties[PROP_KEEPALIVE_INTERVAL] =
    g_param_spec_uint ("keepalive-interval", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_KEEPALIVE_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccPbxClient:keepalive-timeout:
   *
   * Milliseconds a server has to answer a `Ping` before it counts as down.
   */
  properties[PROP_KEEPALIVE_TIMEOUT] =
    g_param_spec_uint ("keepalive-timeout", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_KEEPALIVE_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BACKOFF_INITIAL] =
    g_param_spec_uint ("backoff-initial", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_BACKOFF_INITIAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BACKOFF_MAX] =
    g_param_spec_uint ("backoff-max", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_BACKOFF_MAX_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DipccPbxClient:stable-time:
   *
   * Milliseconds a connection must last for the backoff to start over.
   */
  properties[PROP_STABLE_TIME] =
    g_param_spec_uint ("stable-time", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_STABLE_TIME_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DipccPbxClient::event:
   * @self: the client
   * @message: an event or response
   *
   * Every event and every response that no pending action of this client
   * took: other clients' responses and list items too (amiws broadcasts
   * them), and the items of the resync after each connection.
   */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  DIPCC_TYPE_AMI_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * DipccPbxClient::resynced:
   * @self: the client
   * @server_id: the server
   *
   * The endpoints and active channels of @server_id have been listed again
   * (their items went out through ::event) after a connection, or after the
   * server came back.
   */
  signals[SIGNAL_RESYNCED] =
    g_signal_new ("resynced",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * DipccPbxClient::server-state-changed:
   * @self: the client
   * @server_id: the server
   * @up: whether it answers
   *
   * A server behind the link stopped or started answering; the proxy never
   * says so itself.
   */
  signals[SIGNAL_SERVER_STATE_CHANGED] =
    g_signal_new ("server-state-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_BOOLEAN);
}

static void
dipcc_pbx_client_init (DipccPbxClient *self)
{
  Server server = { 1, SERVER_UNKNOWN, FALSE, FALSE };

  self->state = DIPCC_PBX_STATE_DISCONNECTED;
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) pending_free);
  self->servers = g_array_new (FALSE, TRUE, sizeof (Server));
  g_array_append_val (self->servers, server);
  self->id_prefix = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  self->action_timeout_ms = DEFAULT_ACTION_TIMEOUT_MS;
  self->keepalive_interval_ms = DEFAULT_KEEPALIVE_INTERVAL_MS;
  self->keepalive_timeout_ms = DEFAULT_KEEPALIVE_TIMEOUT_MS;
  self->backoff_initial_ms = DEFAULT_BACKOFF_INITIAL_MS;
  self->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  self->stable_time_ms = DEFAULT_STABLE_TIME_MS;
}

/**
 * dipcc_pbx_client_new:
 * @transport: how to reach the PBX
 *
 * Pending actions and a connection attempt hold a reference to the client:
 * call dipcc_pbx_client_stop() before dropping the last one, or it lingers
 * until they end.
 *
 * Returns: (transfer full): a client; call dipcc_pbx_client_start()
 */
DipccPbxClient *
dipcc_pbx_client_new (DipccTransport *transport)
{
  g_return_val_if_fail (DIPCC_IS_TRANSPORT (transport), NULL);

  return g_object_new (DIPCC_TYPE_PBX_CLIENT, "transport", transport, NULL);
}

/**
 * dipcc_pbx_client_get_transport:
 *
 * Returns: (transfer none): the transport
 */
DipccTransport *
dipcc_pbx_client_get_transport (DipccPbxClient *self)
{
  g_return_val_if_fail (DIPCC_IS_PBX_CLIENT (self), NULL);

  return self->transport;
}

/**
 * dipcc_pbx_client_set_credentials:
 * @username: (nullable): the AMI user
 * @secret: (nullable): its secret
 *
 * Sets what to log in with over plain AMI (the WebSocket proxy logs in
 * itself). The secret stays in memory only: it is in no property, no log
 * and no error, and is overwritten when replaced. Used from the next
 * connection on.
 */
void
dipcc_pbx_client_set_credentials (DipccPbxClient *self,
                                  const char     *username,
                                  const char     *secret)
{
  g_return_if_fail (DIPCC_IS_PBX_CLIENT (self));

  g_free (self->username);
  self->username = g_strdup (username);
  secret_free (self->secret);
  self->secret = g_strdup (secret);
}

/**
 * dipcc_pbx_client_start:
 *
 * Connects, and keeps reconnecting until dipcc_pbx_client_stop(). After an
 * authentication failure, tries again.
 */
void
dipcc_pbx_client_start (DipccPbxClient *self)
{
  g_return_if_fail (DIPCC_IS_PBX_CLIENT (self));

  if (self->running && self->state != DIPCC_PBX_STATE_AUTH_FAILED)
    return;
  self->running = TRUE;
  self->attempts = 0;
  attempt_connect (self);
}

/**
 * dipcc_pbx_client_stop:
 *
 * Disconnects. Pending actions fail with %G_IO_ERROR_CANCELLED.
 */
void
dipcc_pbx_client_stop (DipccPbxClient *self)
{
  g_autoptr(GError) stopped = NULL;

  g_return_if_fail (DIPCC_IS_PBX_CLIENT (self));

  self->running = FALSE;
  stopped = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("Disconnected from the PBX"));
  teardown (self, stopped);
  stop_reconnect_timers (self);
  set_state (self, DIPCC_PBX_STATE_DISCONNECTED);
}

/**
 * dipcc_pbx_client_reconnect_now:
 *
 * Skips the wait while reconnecting, or tries again after an
 * authentication failure; the backoff starts over. Does nothing while
 * connected or connecting.
 */
void
dipcc_pbx_client_reconnect_now (DipccPbxClient *self)
{
  g_return_if_fail (DIPCC_IS_PBX_CLIENT (self));

  if (self->state != DIPCC_PBX_STATE_RECONNECTING &&
      self->state != DIPCC_PBX_STATE_AUTH_FAILED &&
      self->state != DIPCC_PBX_STATE_DISCONNECTED)
    return;
  self->running = TRUE;
  self->attempts = 0;
  attempt_connect (self);
}

DipccPbxState
dipcc_pbx_client_get_state (DipccPbxClient *self)
{
  g_return_val_if_fail (DIPCC_IS_PBX_CLIENT (self), DIPCC_PBX_STATE_DISCONNECTED);

  return self->state;
}

/**
 * dipcc_pbx_client_get_last_error:
 *
 * Returns: (transfer none) (nullable): see #DipccPbxClient:last-error
 */
const GError *
dipcc_pbx_client_get_last_error (DipccPbxClient *self)
{
  g_return_val_if_fail (DIPCC_IS_PBX_CLIENT (self), NULL);

  return self->last_error;
}

guint
dipcc_pbx_client_get_reconnect_in (DipccPbxClient *self)
{
  g_return_val_if_fail (DIPCC_IS_PBX_CLIENT (self), 0);

  return self->reconnect_in;
}

/**
 * dipcc_pbx_client_set_server_ids:
 * @server_ids: (array length=n_server_ids): the AMI server ids, the first
 *   one the default for actions
 * @n_server_ids: how many; at least one
 *
 * Sets the servers to resync and ping. While connected, new ones are
 * resynced at once.
 */
void
dipcc_pbx_client_set_server_ids (DipccPbxClient *self,
                                 const int      *server_ids,
                                 guint           n_server_ids)
{
  g_autoptr(GArray) servers = NULL;
  gboolean changed;

  g_return_if_fail (DIPCC_IS_PBX_CLIENT (self));
  g_return_if_fail (server_ids != NULL && n_server_ids > 0);

  changed = n_server_ids != self->servers->len;
  for (guint i = 0; !changed && i < n_server_ids; i++)
    changed = g_array_index (self->servers, Server, i).id != server_ids[i];
  if (!changed)
    return;

  servers = g_array_new (FALSE, TRUE, sizeof (Server));
  for (guint i = 0; i < n_server_ids; i++)
    {
      Server *old = find_server (self, server_ids[i]);
      Server server = { server_ids[i], SERVER_UNKNOWN, FALSE, FALSE };

      g_return_if_fail (server_ids[i] >= 0);
      if (old != NULL)
        server = *old;
      g_array_append_val (servers, server);
    }

  /* a server taken out no longer counts; its answers are ignored */
  self->servers = (g_array_unref (self->servers), g_steal_pointer (&servers));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_IDS]);

  if (self->state == DIPCC_PBX_STATE_CONNECTED)
    for (guint i = 0; i < self->servers->len; i++)
      if (g_array_index (self->servers, Server, i).state == SERVER_UNKNOWN)
        resync_server (self, g_array_index (self->servers, Server, i).id);
}

/**
 * dipcc_pbx_client_get_server_ids:
 * @n_server_ids: (out): how many
 *
 * Returns: (transfer container) (array length=n_server_ids): the server ids;
 *   free with g_free()
 */
int *
dipcc_pbx_client_get_server_ids (DipccPbxClient *self,
                                 guint          *n_server_ids)
{
  int *ids;

  g_return_val_if_fail (DIPCC_IS_PBX_CLIENT (self), NULL);
  g_return_val_if_fail (n_server_ids != NULL, NULL);

  ids = g_new0 (int, self->servers->len);
  for (guint i = 0; i < self->servers->len; i++)
    ids[i] = g_array_index (self->servers, Server, i).id;
  *n_server_ids = self->servers->len;
  return ids;
}

/**
 * dipcc_pbx_client_is_server_up:
 *
 * Returns: whether @server_id answered its last resync or Ping
 */
gboolean
dipcc_pbx_client_is_server_up (DipccPbxClient *self,
                               int             server_id)
{
  Server *server;

  g_return_val_if_fail (DIPCC_IS_PBX_CLIENT (self), FALSE);

  server = find_server (self, server_id);
  return server != NULL && server->state == SERVER_UP;
}

/**
 * dipcc_pbx_client_send_action_async:
 * @action: the action; copied, and sent with a new unique `ActionID`
 * @server_id: the AMI server, or %DIPCC_SERVER_ID_NONE for the first of
 *   #DipccPbxClient:server-ids; over the WebSocket it becomes `AMIServerID`
 * @flags: #DipccActionFlags
 * @timeout_ms: how long to wait for the answer; 0 for the default (10 s)
 * @cancellable: (nullable): cancels the wait; the answer is then ignored
 * @callback: called with the result
 * @user_data: for @callback
 *
 * Sends @action and waits for its response (and, for a list, its items).
 * Fails with %DIPCC_ERROR_NETWORK when not connected or when the connection
 * is lost, %DIPCC_ERROR_TIMEOUT, %DIPCC_ERROR_FAILED with the server's
 * (sanitized) `Message` for `Response: Error`, %DIPCC_ERROR_INVALID_INPUT
 * when a value cannot be sent, or %G_IO_ERROR_CANCELLED.
 */
void
dipcc_pbx_client_send_action_async (DipccPbxClient      *self,
                                    DipccAmiMessage     *action,
                                    int                  server_id,
                                    DipccActionFlags     flags,
                                    guint                timeout_ms,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (DIPCC_IS_PBX_CLIENT (self));
  g_return_if_fail (action != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  send_action (self, action, server_id, flags, timeout_ms, FALSE, cancellable,
               callback, user_data);
}

/**
 * dipcc_pbx_client_send_action_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the result, or %NULL on error
 */
DipccActionResult *
dipcc_pbx_client_send_action_finish (DipccPbxClient  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (DIPCC_IS_PBX_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_pbx_client_send_action_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
