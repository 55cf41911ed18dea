/* dipcc-dial-attempt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Click-to-call rings the agent's phone, and only when they pick it up does
 * the PBX dial the other side. Neither the REST answer nor (over amiws) the
 * OriginateResponse says what happened next, so the attempt finds its call
 * in the call list: the first new call on the agent's phone to the number
 * dialled. Then the call's state is the attempt's stage.
 */
#define G_LOG_DOMAIN "dipcc-dial-attempt"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dipcc-core-enums.h"
#include "dipcc-dial-attempt.h"
#include "dipcc-phone-number.h"

/* Seconds to wait for the agent's phone to ring before giving up */
#define DEFAULT_RING_TIMEOUT 45

struct _DipccDialAttempt
{
  GObject         parent_instance;

  /* Owned */
  DipccCallList  *calls;
  DipccCall      *call;
  GPtrArray      *candidates;   /* calls watched until one turns out ours */
  DipccEndpoint  *endpoint;
  char           *extension;
  char           *number;
  char           *message;

  DipccDialStage  stage;
  guint           ring_timeout;
  guint           timeout_id;
  gboolean        ever_answered;
};

G_DEFINE_FINAL_TYPE (DipccDialAttempt, dipcc_dial_attempt, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_EXTENSION,
  PROP_STAGE,
  PROP_MESSAGE,
  PROP_CALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_stage (DipccDialAttempt *self,
           DipccDialStage    stage,
           const char       *message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (self->stage != stage)
    {
      self->stage = stage;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
stop_watching (DipccDialAttempt *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->calls != NULL)
    g_signal_handlers_disconnect_by_data (self->calls, self);
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  if (self->candidates != NULL)
    g_ptr_array_set_size (self->candidates, 0);
  if (self->endpoint != NULL)
    g_signal_handlers_disconnect_by_data (self->endpoint, self);
}

static char *
format_duration (GDateTime *from,
                 GDateTime *to)
{
  GTimeSpan span;
  guint seconds;

  if (from == NULL || to == NULL)
    return NULL;
  span = g_date_time_difference (to, from);
  seconds = span > 0 ? (guint) (span / G_TIME_SPAN_SECOND) : 0;
  if (seconds >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", seconds / 3600, seconds / 60 % 60, seconds % 60);
  return g_strdup_printf ("%u:%02u", seconds / 60, seconds % 60);
}

/* The call model says "dialing" from the moment the PBX starts the call on
 * the agent's phone; the phone itself says whether it still rings. */
static gboolean
my_phone_rings (DipccDialAttempt *self)
{
  DipccDeviceState state;

  if (self->endpoint == NULL)
    return FALSE;
  state = dipcc_endpoint_get_device_state (self->endpoint);
  return state == DIPCC_DEVICE_STATE_RINGING || state == DIPCC_DEVICE_STATE_RINGINUSE;
}

static void
update_from_call (DipccDialAttempt *self)
{
  g_autofree char *shown = dipcc_phone_number_format (self->number);
  g_autofree char *message = NULL;
  DipccCallState state = dipcc_call_get_state (self->call);

  if (state == DIPCC_CALL_STATE_DIALING && my_phone_rings (self) &&
      self->stage <= DIPCC_DIAL_STAGE_RINGING_YOU)
    state = DIPCC_CALL_STATE_RINGING;

  switch (state)
    {
    case DIPCC_CALL_STATE_RINGING:
      /* Translators: the first %s is the agent's extension, the second the number dialled */
      message = g_strdup_printf (_("Your phone (%s) rings first — pick it up to call %s"),
                                 self->extension, shown);
      set_stage (self, DIPCC_DIAL_STAGE_RINGING_YOU, message);
      break;

    case DIPCC_CALL_STATE_DIALING:
      /* Translators: %s is a phone number */
      message = g_strdup_printf (_("Calling %s…"), shown);
      set_stage (self, DIPCC_DIAL_STAGE_CALLING, message);
      break;

    case DIPCC_CALL_STATE_ACTIVE:
    case DIPCC_CALL_STATE_ON_HOLD:
      self->ever_answered = TRUE;
      /* Translators: %s is a phone number */
      message = g_strdup_printf (_("In call with %s"), shown);
      set_stage (self, DIPCC_DIAL_STAGE_IN_CALL, message);
      break;

    case DIPCC_CALL_STATE_ENDED:
      if (self->ever_answered || dipcc_call_get_answered (self->call))
        {
          g_autofree char *duration = format_duration (dipcc_call_get_answer_time (self->call),
                                                       dipcc_call_get_end_time (self->call));

          /* Translators: %s is a phone number, then a duration such as 1:05 */
          message = g_strdup_printf (_("Call with %s ended after %s"), shown,
                                     duration ? duration : "0:00");
        }
      else
        {
          const char *cause = dipcc_call_get_hangup_cause_text (self->call);

          /* Translators: %s is a phone number, then the PBX's reason, such as “User busy” */
          message = cause && *cause
                    ? g_strdup_printf (_("The call to %s was not answered (%s)"), shown, cause)
                    : g_strdup_printf (_("The call to %s was not answered"), shown);
        }
      stop_watching (self);
      set_stage (self, DIPCC_DIAL_STAGE_ENDED, message);
      break;

    default:
      break;
    }
}

static void
on_call_state (DipccCall        *call,
               GParamSpec       *pspec,
               DipccDialAttempt *self)
{
  update_from_call (self);
}

static void
on_device_state (DipccEndpoint    *endpoint,
                 GParamSpec       *pspec,
                 DipccDialAttempt *self)
{
  if (self->call != NULL)
    update_from_call (self);
}

static gboolean
is_our_call (DipccDialAttempt *self,
             DipccCall        *call)
{
  const char *remote = dipcc_call_get_remote_number (call);

  if (g_strcmp0 (dipcc_call_get_agent_endpoint (call), self->extension) != 0)
    return FALSE;
  if (dipcc_call_get_direction (call) == DIPCC_CALL_DIRECTION_INBOUND)
    return FALSE;
  /* the number is known only once the PBX dials it: the agent's phone
   * rings with the callee as the connected line, or with nothing yet */
  return remote == NULL || *remote == '\0' || dipcc_phone_number_equal (remote, self->number);
}

static void find_call (DipccDialAttempt *self);

static void
on_candidate_state (DipccCall        *call,
                    GParamSpec       *pspec,
                    DipccDialAttempt *self)
{
  find_call (self);
}

static void
unwatch_candidate (gpointer data)
{
  DipccCall *call = data;

  g_signal_handlers_disconnect_matched (call, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        on_candidate_state, NULL);
  g_object_unref (call);
}

/* Looks at every active call, not only the added ones: a call joins the
 * list before its channel on the agent's phone is known, so each call is
 * looked at again whenever its state changes. */
static void
find_call (DipccDialAttempt *self)
{
  GListModel *model = G_LIST_MODEL (self->calls);
  guint n = g_list_model_get_n_items (model);

  /* even while requesting: the PBX's events can beat its REST answer */
  if (self->call != NULL || dipcc_dial_attempt_is_finished (self))
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DipccCall) call = g_list_model_get_item (model, i);

      if (!is_our_call (self, call))
        {
          if (!g_ptr_array_find (self->candidates, call, NULL))
            {
              g_signal_connect (call, "notify::state", G_CALLBACK (on_candidate_state), self);
              g_ptr_array_add (self->candidates, g_object_ref (call));
            }
          continue;
        }

      g_ptr_array_set_size (self->candidates, 0);
      self->call = g_steal_pointer (&call);
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      g_signal_connect (self->call, "notify::state", G_CALLBACK (on_call_state), self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
      update_from_call (self);
      return;
    }
}

static void
on_calls_changed (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  DipccDialAttempt *self)
{
  find_call (self);
}

static gboolean
ring_timeout_cb (gpointer user_data)
{
  DipccDialAttempt *self = user_data;
  g_autofree char *message = NULL;

  self->timeout_id = 0;
  /* Translators: %s is the agent's extension */
  message = g_strdup_printf (_("Your phone (%s) did not ring. Check that it is on and "
                               "registered, then try again."), self->extension);
  dipcc_dial_attempt_fail (self, message);
  return G_SOURCE_REMOVE;
}

static void
dipcc_dial_attempt_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DipccDialAttempt *self = DIPCC_DIAL_ATTEMPT (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;

    case PROP_EXTENSION:
      g_value_set_string (value, self->extension);
      break;

    case PROP_STAGE:
      g_value_set_enum (value, self->stage);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_dial_attempt_dispose (GObject *object)
{
  DipccDialAttempt *self = DIPCC_DIAL_ATTEMPT (object);

  stop_watching (self);
  g_clear_object (&self->call);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_object (&self->calls);
  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (dipcc_dial_attempt_parent_class)->dispose (object);
}

static void
dipcc_dial_attempt_finalize (GObject *object)
{
  DipccDialAttempt *self = DIPCC_DIAL_ATTEMPT (object);

  g_free (self->extension);
  g_free (self->number);
  g_free (self->message);

  G_OBJECT_CLASS (dipcc_dial_attempt_parent_class)->finalize (object);
}

static void
dipcc_dial_attempt_class_init (DipccDialAttemptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = dipcc_dial_attempt_get_property;
  object_class->dispose = dipcc_dial_attempt_dispose;
  object_class->finalize = dipcc_dial_attempt_finalize;

  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, ro);
  properties[PROP_EXTENSION] = g_param_spec_string ("extension", NULL, NULL, NULL, ro);
  properties[PROP_STAGE] =
    g_param_spec_enum ("stage", NULL, NULL, DIPCC_TYPE_DIAL_STAGE,
                       DIPCC_DIAL_STAGE_REQUESTING, ro);
  /**
   * DipccDialAttempt:message:
   *
   * One translated sentence for the banner or toast: what happens now and
   * what the agent should do.
   */
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_CALL] = g_param_spec_object ("call", NULL, NULL, DIPCC_TYPE_CALL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dipcc_dial_attempt_init (DipccDialAttempt *self)
{
  self->ring_timeout = DEFAULT_RING_TIMEOUT;
  self->candidates = g_ptr_array_new_with_free_func (unwatch_candidate);
}

/**
 * dipcc_dial_attempt_new:
 * @calls: the call list the call will show up in
 * @endpoint: (nullable): the agent's phone, if the PBX listed it
 * @extension: the agent's extension, which rings first
 * @number: the number dialled, already checked
 *
 * Returns: (transfer full): an attempt in the requesting stage
 */
DipccDialAttempt *
dipcc_dial_attempt_new (DipccCallList *calls,
                        DipccEndpoint *endpoint,
                        const char    *extension,
                        const char    *number)
{
  DipccDialAttempt *self;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (DIPCC_IS_CALL_LIST (calls), NULL);
  g_return_val_if_fail (endpoint == NULL || DIPCC_IS_ENDPOINT (endpoint), NULL);
  g_return_val_if_fail (extension != NULL && number != NULL, NULL);

  self = g_object_new (DIPCC_TYPE_DIAL_ATTEMPT, NULL);
  self->calls = g_object_ref (calls);
  self->extension = g_strdup (extension);
  self->number = g_strdup (number);
  shown = dipcc_phone_number_format (number);
  /* Translators: %s is a phone number */
  self->message = g_strdup_printf (_("Asking the PBX to call %s…"), shown);
  g_signal_connect (calls, "items-changed", G_CALLBACK (on_calls_changed), self);
  if (endpoint != NULL)
    {
      self->endpoint = g_object_ref (endpoint);
      g_signal_connect (endpoint, "notify::device-state", G_CALLBACK (on_device_state), self);
    }
  return self;
}

const char *
dipcc_dial_attempt_get_number (DipccDialAttempt *self)
{
  g_return_val_if_fail (DIPCC_IS_DIAL_ATTEMPT (self), NULL);
  return self->number;
}

const char *
dipcc_dial_attempt_get_extension (DipccDialAttempt *self)
{
  g_return_val_if_fail (DIPCC_IS_DIAL_ATTEMPT (self), NULL);
  return self->extension;
}

DipccDialStage
dipcc_dial_attempt_get_stage (DipccDialAttempt *self)
{
  g_return_val_if_fail (DIPCC_IS_DIAL_ATTEMPT (self), DIPCC_DIAL_STAGE_FAILED);
  return self->stage;
}

const char *
dipcc_dial_attempt_get_message (DipccDialAttempt *self)
{
  g_return_val_if_fail (DIPCC_IS_DIAL_ATTEMPT (self), NULL);
  return self->message;
}

/**
 * dipcc_dial_attempt_get_call:
 * @self: an attempt
 *
 * Returns: (transfer none) (nullable): the call, once it showed up
 */
DipccCall *
dipcc_dial_attempt_get_call (DipccDialAttempt *self)
{
  g_return_val_if_fail (DIPCC_IS_DIAL_ATTEMPT (self), NULL);
  return self->call;
}

gboolean
dipcc_dial_attempt_is_finished (DipccDialAttempt *self)
{
  g_return_val_if_fail (DIPCC_IS_DIAL_ATTEMPT (self), TRUE);
  return self->stage == DIPCC_DIAL_STAGE_ENDED || self->stage == DIPCC_DIAL_STAGE_FAILED;
}

/**
 * dipcc_dial_attempt_accepted:
 * @self: an attempt
 *
 * The PBX took the request: the agent's phone should ring now.
 */
void
dipcc_dial_attempt_accepted (DipccDialAttempt *self)
{
  g_autofree char *shown = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (DIPCC_IS_DIAL_ATTEMPT (self));

  if (self->stage != DIPCC_DIAL_STAGE_REQUESTING || self->call != NULL)
    return;
  shown = dipcc_phone_number_format (self->number);
  message = g_strdup_printf (_("Your phone (%s) rings first — pick it up to call %s"),
                             self->extension, shown);
  set_stage (self, DIPCC_DIAL_STAGE_RINGING_YOU, message);
  find_call (self);
  if (self->call == NULL && self->ring_timeout > 0)
    self->timeout_id = g_timeout_add_seconds (self->ring_timeout, ring_timeout_cb, self);
}

/**
 * dipcc_dial_attempt_fail:
 * @self: an attempt
 * @message: what went wrong and what to do, translated
 */
void
dipcc_dial_attempt_fail (DipccDialAttempt *self,
                         const char       *message)
{
  g_return_if_fail (DIPCC_IS_DIAL_ATTEMPT (self));

  if (dipcc_dial_attempt_is_finished (self))
    return;
  stop_watching (self);
  set_stage (self, DIPCC_DIAL_STAGE_FAILED, message);
}

guint
dipcc_dial_attempt_get_ring_timeout (DipccDialAttempt *self)
{
  g_return_val_if_fail (DIPCC_IS_DIAL_ATTEMPT (self), 0);
  return self->ring_timeout;
}

/**
 * dipcc_dial_attempt_set_ring_timeout:
 * @self: an attempt
 * @seconds: how long the agent's phone may take to ring; 0 waits forever
 */
void
dipcc_dial_attempt_set_ring_timeout (DipccDialAttempt *self,
                                     guint             seconds)
{
  g_return_if_fail (DIPCC_IS_DIAL_ATTEMPT (self));
  self->ring_timeout = seconds;
}
