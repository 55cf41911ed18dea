/* dipcc-call.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-call"

#include "config.h"

#include "dipcc-ami-message.h"
#include "dipcc-call-private.h"
#include "dipcc-core-enums.h"
#include "dipcc-text.h"

/* Caller-id text is set by the caller: bounded before it is kept. */
#define MAX_NAME_CHARS   128
#define MAX_NUMBER_CHARS 64

struct _DipccCall
{
  GObject             parent_instance;

  int                 server_id;
  char               *linkedid;
  DipccCallDirection  direction;
  DipccCallState      state;
  char               *remote_number;
  char               *remote_name;
  char               *main_number;
  char               *did;
  char               *agent_endpoint;
  char               *answered_by;
  gboolean            answered;
  gboolean            answered_elsewhere;
  gboolean            rang_me;
  GDateTime          *start_time;
  GDateTime          *answer_time;
  GDateTime          *end_time;
  int                 hangup_cause;
  char               *hangup_cause_text;

  /* Owned: Uniqueids of the channels still up */
  GPtrArray          *channels;
  DipccCallTracking   tracking;
};

G_DEFINE_FINAL_TYPE (DipccCall, dipcc_call, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVER_ID,
  PROP_LINKEDID,
  PROP_DIRECTION,
  PROP_STATE,
  PROP_REMOTE_NUMBER,
  PROP_REMOTE_NAME,
  PROP_MAIN_NUMBER,
  PROP_DID,
  PROP_AGENT_ENDPOINT,
  PROP_ANSWERED_BY,
  PROP_ANSWERED,
  PROP_ANSWERED_ELSEWHERE,
  PROP_RANG_ME,
  PROP_START_TIME,
  PROP_ANSWER_TIME,
  PROP_END_TIME,
  PROP_HANGUP_CAUSE,
  PROP_HANGUP_CAUSE_TEXT,
  N_PROPS
};

enum {
  STATE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
dipcc_call_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DipccCall *self = DIPCC_CALL (object);

  switch (prop_id)
    {
    case PROP_SERVER_ID:
      g_value_set_int (value, self->server_id);
      break;
    case PROP_LINKEDID:
      g_value_set_string (value, self->linkedid);
      break;
    case PROP_DIRECTION:
      g_value_set_enum (value, self->direction);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_REMOTE_NUMBER:
      g_value_set_string (value, self->remote_number);
      break;
    case PROP_REMOTE_NAME:
      g_value_set_string (value, self->remote_name);
      break;
    case PROP_MAIN_NUMBER:
      g_value_set_string (value, self->main_number);
      break;
    case PROP_DID:
      g_value_set_string (value, self->did);
      break;
    case PROP_AGENT_ENDPOINT:
      g_value_set_string (value, self->agent_endpoint);
      break;
    case PROP_ANSWERED_BY:
      g_value_set_string (value, self->answered_by);
      break;
    case PROP_ANSWERED:
      g_value_set_boolean (value, self->answered);
      break;
    case PROP_ANSWERED_ELSEWHERE:
      g_value_set_boolean (value, self->answered_elsewhere);
      break;
    case PROP_RANG_ME:
      g_value_set_boolean (value, self->rang_me);
      break;
    case PROP_START_TIME:
      g_value_set_boxed (value, self->start_time);
      break;
    case PROP_ANSWER_TIME:
      g_value_set_boxed (value, self->answer_time);
      break;
    case PROP_END_TIME:
      g_value_set_boxed (value, self->end_time);
      break;
    case PROP_HANGUP_CAUSE:
      g_value_set_int (value, self->hangup_cause);
      break;
    case PROP_HANGUP_CAUSE_TEXT:
      g_value_set_string (value, self->hangup_cause_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Text fields hold this until they are set: a call has many that stay
 * empty, and a busy PBX makes many calls. */
static char empty_text[] = "";

static void
free_text (char *text)
{
  if (text != empty_text)
    g_free (text);
}

static void
dipcc_call_finalize (GObject *object)
{
  DipccCall *self = DIPCC_CALL (object);

  g_clear_handle_id (&self->tracking.linger_id, g_source_remove);
  g_clear_pointer (&self->tracking.rung, g_ptr_array_unref);
  g_free (self->tracking.origin_endpoint);
  g_clear_pointer (&self->channels, g_ptr_array_unref);
  g_free (self->linkedid);
  free_text (self->remote_number);
  free_text (self->remote_name);
  free_text (self->main_number);
  free_text (self->did);
  free_text (self->agent_endpoint);
  free_text (self->answered_by);
  free_text (self->hangup_cause_text);
  g_clear_pointer (&self->start_time, g_date_time_unref);
  g_clear_pointer (&self->answer_time, g_date_time_unref);
  g_clear_pointer (&self->end_time, g_date_time_unref);

  G_OBJECT_CLASS (dipcc_call_parent_class)->finalize (object);
}

static GParamSpec *
string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, "",
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
boolean_pspec (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
time_pspec (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL, G_TYPE_DATE_TIME,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
}

static void
dipcc_call_class_init (DipccCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dipcc_call_get_property;
  object_class->finalize = dipcc_call_finalize;

  properties[PROP_SERVER_ID] =
    g_param_spec_int ("server-id", NULL, NULL, G_MININT, G_MAXINT, DIPCC_SERVER_ID_NONE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINKEDID] =
    g_param_spec_string ("linkedid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL,
                       DIPCC_TYPE_CALL_DIRECTION, DIPCC_CALL_DIRECTION_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DIPCC_TYPE_CALL_STATE, DIPCC_CALL_STATE_RINGING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMOTE_NUMBER] = string_pspec ("remote-number");
  properties[PROP_REMOTE_NAME] = string_pspec ("remote-name");
  properties[PROP_MAIN_NUMBER] = string_pspec ("main-number");
  properties[PROP_DID] = string_pspec ("did");
  properties[PROP_AGENT_ENDPOINT] = string_pspec ("agent-endpoint");
  properties[PROP_ANSWERED_BY] = string_pspec ("answered-by");
  properties[PROP_ANSWERED] = boolean_pspec ("answered");
  /**
   * DipccCall:answered-elsewhere:
   *
   * The call rang my phone and someone else took it.
   */
  properties[PROP_ANSWERED_ELSEWHERE] = boolean_pspec ("answered-elsewhere");
  properties[PROP_RANG_ME] = boolean_pspec ("rang-me");
  properties[PROP_START_TIME] = time_pspec ("start-time");
  properties[PROP_ANSWER_TIME] = time_pspec ("answer-time");
  properties[PROP_END_TIME] = time_pspec ("end-time");
  properties[PROP_HANGUP_CAUSE] =
    g_param_spec_int ("hangup-cause", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HANGUP_CAUSE_TEXT] = string_pspec ("hangup-cause-text");

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DipccCall::state-changed:
   * @new_state: the state now
   * @old_state: the state before
   */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  DIPCC_TYPE_CALL_STATE, DIPCC_TYPE_CALL_STATE);
}

static void
dipcc_call_init (DipccCall *self)
{
  self->server_id = DIPCC_SERVER_ID_NONE;
  self->state = DIPCC_CALL_STATE_RINGING;
  self->remote_number = empty_text;
  self->remote_name = empty_text;
  self->main_number = empty_text;
  self->did = empty_text;
  self->agent_endpoint = empty_text;
  self->answered_by = empty_text;
  self->hangup_cause = -1;
  self->hangup_cause_text = empty_text;
  self->channels = g_ptr_array_new_with_free_func (g_free);
  self->tracking.rung = g_ptr_array_new_with_free_func (g_free);
  self->start_time = g_date_time_new_now_utc ();
}

DipccCall *
dipcc_call_new (int         server_id,
                const char *linkedid)
{
  DipccCall *self;

  g_return_val_if_fail (linkedid != NULL, NULL);

  self = g_object_new (DIPCC_TYPE_CALL, NULL);
  self->server_id = server_id;
  self->linkedid = dipcc_text_sanitize_display (linkedid, -1, MAX_NUMBER_CHARS);
  return self;
}

DipccCallTracking *
dipcc_call_get_tracking (DipccCall *self)
{
  return &self->tracking;
}

/* ---- getters ---------------------------------------------------------- */

int
dipcc_call_get_server_id (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), DIPCC_SERVER_ID_NONE);
  return self->server_id;
}

const char *
dipcc_call_get_linkedid (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), NULL);
  return self->linkedid;
}

DipccCallDirection
dipcc_call_get_direction (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), DIPCC_CALL_DIRECTION_UNKNOWN);
  return self->direction;
}

DipccCallState
dipcc_call_get_state (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), DIPCC_CALL_STATE_ENDED);
  return self->state;
}

/**
 * dipcc_call_get_remote_number:
 *
 * Returns: the other party's number: the caller for inbound calls, the
 *   number dialled for outbound ones; may be empty (anonymous)
 */
const char *
dipcc_call_get_remote_number (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), NULL);
  return self->remote_number;
}

/**
 * dipcc_call_get_remote_name:
 *
 * Returns: the caller-id name the PBX gave, made safe to show (valid UTF-8,
 *   no control characters or bidi overrides, at most 128 characters); may
 *   be empty. The caller set it: it is a claim, not an identity.
 */
const char *
dipcc_call_get_remote_name (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), NULL);
  return self->remote_name;
}

const char *
dipcc_call_get_main_number (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), NULL);
  return self->main_number;
}

const char *
dipcc_call_get_did (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), NULL);
  return self->did;
}

const char *
dipcc_call_get_agent_endpoint (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), NULL);
  return self->agent_endpoint;
}

const char *
dipcc_call_get_answered_by (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), NULL);
  return self->answered_by;
}

gboolean
dipcc_call_get_answered (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), FALSE);
  return self->answered;
}

gboolean
dipcc_call_get_answered_elsewhere (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), FALSE);
  return self->answered_elsewhere;
}

gboolean
dipcc_call_get_rang_me (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), FALSE);
  return self->rang_me;
}

/**
 * dipcc_call_get_start_time:
 * Returns: (transfer none): when the call was first seen
 */
GDateTime *
dipcc_call_get_start_time (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), NULL);
  return self->start_time;
}

/**
 * dipcc_call_get_answer_time:
 * Returns: (transfer none) (nullable): when it was answered
 */
GDateTime *
dipcc_call_get_answer_time (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), NULL);
  return self->answer_time;
}

/**
 * dipcc_call_get_end_time:
 * Returns: (transfer none) (nullable): when it ended
 */
GDateTime *
dipcc_call_get_end_time (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), NULL);
  return self->end_time;
}

/**
 * dipcc_call_get_hangup_cause:
 * Returns: the Q.850 cause (16 normal clearing, 19 no answer, 21 rejected),
 *   or -1 when not known
 */
int
dipcc_call_get_hangup_cause (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), -1);
  return self->hangup_cause;
}

const char *
dipcc_call_get_hangup_cause_text (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), NULL);
  return self->hangup_cause_text;
}

gboolean
dipcc_call_has_channel (DipccCall  *self,
                        const char *uniqueid)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), FALSE);

  for (guint i = 0; i < self->channels->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->channels, i), uniqueid) == 0)
      return TRUE;
  return FALSE;
}

guint
dipcc_call_get_n_channels (DipccCall *self)
{
  g_return_val_if_fail (DIPCC_IS_CALL (self), 0);
  return self->channels->len;
}

/* ---- setters for the list ------------------------------------------------ */

static void
set_text (DipccCall  *self,
          char      **field,
          const char *value,
          guint       max_chars,
          guint       prop)
{
  g_autofree char *clean = NULL;

  /* the same value again (each event repeats them): the field holds it
   * cleaned already, and cleaning is idempotent */
  if (value != NULL && g_strcmp0 (*field, value) == 0)
    return;
  clean = dipcc_text_sanitize_display (value ? value : "", -1, max_chars);
  if (g_strcmp0 (*field, clean) == 0)
    return;
  free_text (*field);
  *field = *clean != '\0' ? g_steal_pointer (&clean) : empty_text;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
dipcc_call_set_direction (DipccCall          *self,
                          DipccCallDirection  direction)
{
  if (self->direction == direction)
    return;
  self->direction = direction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

void
dipcc_call_set_state (DipccCall      *self,
                      DipccCallState  state)
{
  DipccCallState old = self->state;

  /* nothing brings an ended call back */
  if (old == state || old == DIPCC_CALL_STATE_ENDED)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_signal_emit (self, signals[STATE_CHANGED], 0, state, old);
}

void
dipcc_call_set_remote_number (DipccCall  *self,
                              const char *number)
{
  set_text (self, &self->remote_number, number, MAX_NUMBER_CHARS, PROP_REMOTE_NUMBER);
}

void
dipcc_call_set_remote_name (DipccCall  *self,
                            const char *name)
{
  set_text (self, &self->remote_name, name, MAX_NAME_CHARS, PROP_REMOTE_NAME);
}

void
dipcc_call_set_main_number (DipccCall  *self,
                            const char *number)
{
  set_text (self, &self->main_number, number, MAX_NUMBER_CHARS, PROP_MAIN_NUMBER);
}

void
dipcc_call_set_did (DipccCall  *self,
                    const char *did)
{
  set_text (self, &self->did, did, MAX_NUMBER_CHARS, PROP_DID);
}

void
dipcc_call_set_agent_endpoint (DipccCall  *self,
                               const char *endpoint)
{
  set_text (self, &self->agent_endpoint, endpoint, MAX_NUMBER_CHARS, PROP_AGENT_ENDPOINT);
}

void
dipcc_call_set_answered (DipccCall  *self,
                         const char *answered_by,
                         gboolean    elsewhere)
{
  if (self->answered || self->state == DIPCC_CALL_STATE_ENDED)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->answered = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWERED]);
  self->answer_time = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWER_TIME]);
  set_text (self, &self->answered_by, answered_by, MAX_NUMBER_CHARS, PROP_ANSWERED_BY);
  if (elsewhere)
    {
      self->answered_elsewhere = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWERED_ELSEWHERE]);
    }
  dipcc_call_set_state (self, DIPCC_CALL_STATE_ACTIVE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
dipcc_call_set_rang_me (DipccCall *self)
{
  if (self->rang_me)
    return;
  self->rang_me = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANG_ME]);
}

void
dipcc_call_set_ended (DipccCall  *self,
                      int         cause,
                      const char *cause_text)
{
  if (self->state == DIPCC_CALL_STATE_ENDED)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->end_time = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_TIME]);
  if (cause != self->hangup_cause)
    {
      self->hangup_cause = cause;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANGUP_CAUSE]);
    }
  set_text (self, &self->hangup_cause_text, cause_text, MAX_NAME_CHARS, PROP_HANGUP_CAUSE_TEXT);
  dipcc_call_set_state (self, DIPCC_CALL_STATE_ENDED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
dipcc_call_add_channel (DipccCall  *self,
                        const char *uniqueid)
{
  if (!dipcc_call_has_channel (self, uniqueid))
    g_ptr_array_add (self->channels, g_strdup (uniqueid));
}

gboolean
dipcc_call_remove_channel (DipccCall  *self,
                           const char *uniqueid)
{
  for (guint i = 0; i < self->channels->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->channels, i), uniqueid) == 0)
      {
        g_ptr_array_remove_index (self->channels, i);
        return TRUE;
      }
  return FALSE;
}
