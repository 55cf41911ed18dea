/* dipcc-sim-engine.c: actions and calls of the simulated Asterisks
 *
 * A call is a small state machine on main-loop timers. Each step emits the
 * events a real Asterisk 13+ would, in its order, with the fields a real
 * event carries, through the hub.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-sim"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dipcc-text.h"

#include "dipcc-sim-engine.h"
#include "dipcc-sim-flood.h"

typedef enum {
  CALL_INCOMING,
  CALL_CLICK,
  CALL_PROMPT,
} CallKind;

typedef enum {
  PHASE_IN_ANSWER,
  PHASE_IN_HANGUP,
  PHASE_IN_NOANSWER,
  PHASE_CC_CALLER_UP,
  PHASE_CC_CALLEE_UP,
  PHASE_CC_HANGUP,
  PHASE_PR_UP,
  PHASE_PR_HANGUP,
} Phase;

typedef struct {
  char *name;
  int   state;
  char *cid_num;
  char *cid_name;
  char *conn_num;
  char *conn_name;
  char *context;
  char *exten;
  int   priority;
  char *uniqueid;
  char *linkedid;
  char *endpoint;     /* nullable: the extension whose device state it drives */
} Chan;

typedef struct {
  DipccSimEngine *engine;     /* borrowed */
  int             server_id;
  CallKind        kind;
  Phase           next;
  guint           timer;
  Chan           *a;          /* incoming: the trunk; click/prompt: the agent's phone */
  Chan           *b;          /* incoming: the agent; click: the callee */
  GPtrArray      *others;     /* Chan; incoming ring-all: the other legs still ringing */
  char           *bridge;
  int             answer_after;
  int             hangup_after;
  gboolean        reject;
  gint64          start;
  gint64          answered;
  int             calltype;

  /* Originate */
  gboolean        originate;
  gboolean        sync;
  gpointer        origin;
  char           *action_id;
  char           *orig_channel;
  char           *orig_context;
  char           *orig_exten;
  GPtrArray      *held;       /* events held back until a sync Originate answers */
} Call;

typedef struct {
  DipccSimEngine *engine;
  JsonObject     *step;
  guint           id;
} ScenarioStep;

struct _DipccSimEngine
{
  GObject         parent_instance;

  /* Borrowed */
  DipccSimWorld  *world;
  DipccSimHub    *hub;
  DipccSimConfig *config;

  /* Owned */
  GPtrArray      *calls;          /* Call */
  GPtrArray      *scenario;       /* ScenarioStep, also the demo's re-registrations */
  guint           demo_id;
  guint           flood_id;
  guint           flood_left;
  guint           flood_seq;
  guint           flood_rate;
  gint64          flood_started;
  guint           flood_sent;
};

G_DEFINE_FINAL_TYPE (DipccSimEngine, dipcc_sim_engine, G_TYPE_OBJECT)

static const char *
state_desc (int state)
{
  switch (state)
    {
    case 0: return "Down";
    case 4: return "Ring";
    case 5: return "Ringing";
    case 6: return "Up";
    default: return "Unknown";
    }
}

static const char *
cause_text (int cause)
{
  switch (cause)
    {
    case 16: return "Normal Clearing";
    case 17: return "User busy";
    case 19: return "User alerted, no answer";
    case 20: return "Subscriber absent";
    case 21: return "Call Rejected";
    case 26: return "Answered elsewhere";
    default: return "Unknown";
    }
}

static Chan *
chan_new (DipccSimServer *server,
          const char     *prefix,
          const char     *linkedid)
{
  Chan *c = g_new0 (Chan, 1);

  c->name = g_strdup_printf ("PJSIP/%s-%08x", prefix, dipcc_sim_server_next_channel (server));
  c->uniqueid = dipcc_sim_server_next_uniqueid (server);
  c->linkedid = g_strdup (linkedid ? linkedid : c->uniqueid);
  c->conn_num = g_strdup ("<unknown>");
  c->conn_name = g_strdup ("<unknown>");
  c->priority = 1;
  return c;
}

static void
chan_free (Chan *c)
{
  if (c == NULL)
    return;
  g_free (c->name);
  g_free (c->cid_num);
  g_free (c->cid_name);
  g_free (c->conn_num);
  g_free (c->conn_name);
  g_free (c->context);
  g_free (c->exten);
  g_free (c->uniqueid);
  g_free (c->linkedid);
  g_free (c->endpoint);
  g_free (c);
}

static void
set_str (char       **field,
         const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
call_free (Call *call)
{
  g_clear_handle_id (&call->timer, g_source_remove);
  chan_free (call->a);
  chan_free (call->b);
  g_clear_pointer (&call->others, g_ptr_array_unref);
  g_free (call->bridge);
  g_free (call->action_id);
  g_free (call->orig_channel);
  g_free (call->orig_context);
  g_free (call->orig_exten);
  g_clear_pointer (&call->held, g_ptr_array_unref);
  g_free (call);
}

static void
scenario_step_free (ScenarioStep *step)
{
  g_clear_handle_id (&step->id, g_source_remove);
  json_object_unref (step->step);
  g_free (step);
}

static DipccSimServer *
call_server (Call *call)
{
  return dipcc_sim_world_find_server (call->engine->world, call->server_id);
}

/* --- emitting ------------------------------------------------------------ */

static DipccAmiMessage *
event_new (const char *name,
           const char *privilege)
{
  DipccAmiMessage *m = dipcc_ami_message_new ();

  dipcc_ami_message_add (m, "Event", name);
  if (privilege != NULL)
    dipcc_ami_message_add (m, "Privilege", privilege);
  return m;
}

static void
add_chan (DipccAmiMessage *m,
          const char      *prefix,
          Chan            *c)
{
  g_autofree char *state = g_strdup_printf ("%d", c->state);
  g_autofree char *priority = g_strdup_printf ("%d", c->priority);
  const char *keys[] = {
    "Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum", "CallerIDName",
    "ConnectedLineNum", "ConnectedLineName", "Language", "AccountCode", "Context",
    "Exten", "Priority", "Uniqueid", "Linkedid",
  };
  const char *values[] = {
    c->name, state, state_desc (c->state), c->cid_num ? c->cid_num : "<unknown>",
    c->cid_name ? c->cid_name : "<unknown>", c->conn_num, c->conn_name, "ko", "",
    c->context ? c->context : "", c->exten ? c->exten : "", priority, c->uniqueid, c->linkedid,
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *key = g_strconcat (prefix, keys[i], NULL);
      dipcc_ami_message_add (m, key, values[i]);
    }
}

static void
emit_event (DipccSimEngine  *self,
            DipccSimServer  *server,
            DipccAmiMessage *m)
{
  dipcc_sim_hub_emit (self->hub, server, m, NULL, 0);
  dipcc_ami_message_unref (m);
}

/* Events of a call go through here: a synchronous Originate holds them
 * until its response has gone out. */
static void
call_emit (Call            *call,
           DipccAmiMessage *m)
{
  if (call->held != NULL)
    {
      g_ptr_array_add (call->held, m);
      return;
    }
  emit_event (call->engine, call_server (call), m);
}

static void
call_emit_chan (Call       *call,
                const char *event,
                const char *privilege,
                Chan       *c)
{
  DipccAmiMessage *m = event_new (event, privilege);

  add_chan (m, "", c);
  call_emit (call, m);
}

static void
emit_response (DipccSimEngine  *self,
               DipccSimServer  *server,
               DipccAmiMessage *m,
               gpointer         origin,
               guint            flags)
{
  dipcc_sim_hub_emit (self->hub, server, m, origin, flags);
  dipcc_ami_message_unref (m);
}

static DipccAmiMessage *
response_new (DipccAmiMessage *action,
              const char      *status)
{
  DipccAmiMessage *m = dipcc_ami_message_new ();
  const char *action_id = dipcc_ami_message_get (action, "ActionID");

  dipcc_ami_message_add (m, "Response", status);
  if (action_id != NULL)
    dipcc_ami_message_add (m, "ActionID", action_id);
  return m;
}

static void
update_device (DipccSimEngine   *self,
               DipccSimServer   *server,
               DipccSimEndpoint *e,
               Call             *call)
{
  DipccSimDeviceState state;
  DipccAmiMessage *m;
  g_autofree char *device = NULL;

  if (!e->registered)
    state = DIPCC_SIM_DEVICE_UNAVAILABLE;
  else if (e->n_ringing > 0 && e->n_up > 0)
    state = DIPCC_SIM_DEVICE_RINGINUSE;
  else if (e->n_ringing > 0)
    state = DIPCC_SIM_DEVICE_RINGING;
  else if (e->n_up > 0)
    state = DIPCC_SIM_DEVICE_INUSE;
  else
    state = DIPCC_SIM_DEVICE_NOT_INUSE;

  if (state == e->state)
    return;
  e->state = state;

  device = g_strdup_printf ("PJSIP/%s", e->extension);
  m = event_new ("DeviceStateChange", "call,all");
  dipcc_ami_message_add (m, "Device", device);
  dipcc_ami_message_add (m, "State", dipcc_sim_device_state_event_name (state));
  if (call != NULL)
    call_emit (call, m);
  else
    emit_event (self, server, m);
}

static DipccSimEndpoint *
chan_endpoint (Call *call,
               Chan *c)
{
  if (c == NULL || c->endpoint == NULL)
    return NULL;
  return dipcc_sim_server_find_endpoint (call_server (call), c->endpoint);
}

/* Moves a channel's endpoint between idle, ringing and in use. */
static void
chan_device (Call *call,
             Chan *c,
             int   ringing_delta,
             int   up_delta)
{
  DipccSimEndpoint *e = chan_endpoint (call, c);

  if (e == NULL)
    return;
  e->n_ringing = (guint) MAX (0, (int) e->n_ringing + ringing_delta);
  e->n_up = (guint) MAX (0, (int) e->n_up + up_delta);
  update_device (call->engine, call_server (call), e, call);
}

static void
emit_dial_leg (Call       *call,
               Chan       *dest,
               const char *event,
               const char *status)
{
  DipccAmiMessage *m = event_new (event, "call,all");

  add_chan (m, "", call->a);
  add_chan (m, "Dest", dest);
  if (status != NULL)
    dipcc_ami_message_add (m, "DialStatus", status);
  else
    dipcc_ami_message_add (m, "DialString", dest->exten ? dest->exten : "");
  call_emit (call, m);
}

static void
emit_dial (Call       *call,
           const char *event,
           const char *status)
{
  emit_dial_leg (call, call->b, event, status);
}

static void
emit_bridge (Call       *call,
             const char *event,
             Chan       *c,
             guint       n_channels)
{
  DipccAmiMessage *m = event_new (event, "call,all");
  g_autofree char *n = g_strdup_printf ("%u", n_channels);

  dipcc_ami_message_add (m, "BridgeUniqueid", call->bridge);
  dipcc_ami_message_add (m, "BridgeType", "basic");
  dipcc_ami_message_add (m, "BridgeTechnology", "simple_bridge");
  dipcc_ami_message_add (m, "BridgeCreator", "<unknown>");
  dipcc_ami_message_add (m, "BridgeName", "<unknown>");
  dipcc_ami_message_add (m, "BridgeNumChannels", n);
  dipcc_ami_message_add (m, "BridgeVideoSourceMode", "none");
  add_chan (m, "", c);
  call_emit (call, m);
}

static void
emit_hangup (Call *call,
             Chan *c,
             int   cause)
{
  DipccAmiMessage *m = event_new ("Hangup", "call,all");
  g_autofree char *cause_str = g_strdup_printf ("%d", cause);

  add_chan (m, "", c);
  dipcc_ami_message_add (m, "Cause", cause_str);
  dipcc_ami_message_add (m, "Cause-txt", cause_text (cause));
  call_emit (call, m);
}

static void
emit_originate_response (Call       *call,
                         gboolean    success,
                         Chan       *c)
{
  DipccAmiMessage *m;

  if (!call->originate)
    return;
  m = event_new ("OriginateResponse", "call,all");
  if (call->action_id != NULL)
    dipcc_ami_message_add (m, "ActionID", call->action_id);
  dipcc_ami_message_add (m, "Response", success ? "Success" : "Failure");
  dipcc_ami_message_add (m, "Channel", call->orig_channel ? call->orig_channel : "");
  dipcc_ami_message_add (m, "Context", call->orig_context ? call->orig_context : "");
  dipcc_ami_message_add (m, "Exten", call->orig_exten ? call->orig_exten : "");
  dipcc_ami_message_add (m, "Application", "");
  dipcc_ami_message_add (m, "Data", "");
  dipcc_ami_message_add (m, "Reason", success ? "4" : "0");
  dipcc_ami_message_add (m, "Uniqueid", c ? c->uniqueid : "<null>");
  dipcc_ami_message_add (m, "CallerIDNum", c && c->cid_num ? c->cid_num : "<unknown>");
  dipcc_ami_message_add (m, "CallerIDName", c && c->cid_name ? c->cid_name : "<unknown>");
  /* an event, but only the session that originated gets it on AMI TCP */
  dipcc_sim_hub_emit (call->engine->hub, call_server (call), m, NULL, 0);
  dipcc_ami_message_unref (m);
}

/* The response of a synchronous Originate, then what it held back. */
static void
release_sync (Call     *call,
              gboolean  success)
{
  g_autoptr(GPtrArray) held = NULL;
  DipccAmiMessage *r;

  if (call->held == NULL)
    return;
  held = g_steal_pointer (&call->held);
  r = dipcc_ami_message_new ();
  dipcc_ami_message_add (r, "Response", success ? "Success" : "Error");
  if (call->action_id != NULL)
    dipcc_ami_message_add (r, "ActionID", call->action_id);
  dipcc_ami_message_add (r, "Message",
                         success ? "Originate successfully queued" : "Originate failed");
  emit_response (call->engine, call_server (call), r, call->origin, 0);
  for (guint i = 0; i < held->len; i++)
    dipcc_sim_hub_emit (call->engine->hub, call_server (call), g_ptr_array_index (held, i), NULL,
                        0);
}

/* --- calls --------------------------------------------------------------- */

static gboolean on_call_step (gpointer user_data);

static void
call_schedule (Call  *call,
               Phase  next,
               int    delay_ms)
{
  g_clear_handle_id (&call->timer, g_source_remove);
  call->next = next;
  call->timer = g_timeout_add ((guint) MAX (0, delay_ms), on_call_step, call);
}

static void
call_finish (Call *call)
{
  g_ptr_array_remove (call->engine->calls, call);
}

static void
add_cdr (Call       *call,
         const char *disposition)
{
  DipccSimCdrRow *row = g_new0 (DipccSimCdrRow, 1);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Chan *src = call->a;
  Chan *dst = call->b ? call->b : call->a;
  g_autofree char *name = NULL;
  const char *dst_number;

  name = dipcc_utf8_make_valid (src->cid_name ? src->cid_name : "", -1, NULL);
  row->calldate = call->start;
  row->source = g_strdup (call->kind == CALL_INCOMING ? src->cid_num : src->endpoint);
  dst_number = call->kind == CALL_INCOMING ? dst->endpoint
               : call->b ? call->b->exten : call->orig_exten;
  row->destination = g_strdup (dst_number ? dst_number : "");
  row->clid = g_strdup_printf ("\"%s\" <%s>", name, row->source ? row->source : "");
  row->dcontext = g_strdup (call->kind == CALL_INCOMING ? "ext-did" : "T2_cos-all");
  row->channel = g_strdup (src->name);
  row->dstchannel = g_strdup (call->b ? call->b->name : "");
  row->duration = (int) (now - call->start);
  row->billsec = call->answered > 0 ? (int) (now - call->answered) : 0;
  row->disposition = g_strdup (disposition);
  row->calltype = call->calltype;
  row->uniqueid = g_strdup (src->uniqueid);
  row->linkedid = g_strdup (src->linkedid);
  if (call->answered > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (call->start);
      g_autofree char *stamp = g_date_time_format (dt, "%Y%m%d-%H%M%S");
      const char *prefix = call->calltype == 2 ? "in" : call->calltype == 1 ? "internal" : "out";

      row->recfile = g_strdup_printf ("%s-%s-%s-%s-%s.wav", prefix, row->destination,
                                      row->source ? row->source : "", stamp, row->uniqueid);
    }
  else
    row->recfile = g_strdup ("");
  dipcc_sim_world_add_cdr (call->engine->world, row);
}

/* Ring-all: the legs that did not get the call end as app_dial ends them,
 * every DialEnd first, then each Hangup. */
static void
others_dial_end (Call       *call,
                 const char *status)
{
  if (call->others == NULL)
    return;
  for (guint i = 0; i < call->others->len; i++)
    emit_dial_leg (call, g_ptr_array_index (call->others, i), "DialEnd", status);
}

static void
others_hangup (Call *call,
               int   cause)
{
  if (call->others == NULL)
    return;
  for (guint i = 0; i < call->others->len; i++)
    {
      Chan *c = g_ptr_array_index (call->others, i);

      emit_hangup (call, c, cause);
      chan_device (call, c, -1, 0);
    }
  g_ptr_array_set_size (call->others, 0);
}

static void
incoming_answer (Call *call)
{
  call->answered = g_get_real_time () / G_USEC_PER_SEC;
  emit_dial (call, "DialEnd", "ANSWER");
  others_dial_end (call, "CANCEL");
  others_hangup (call, 26);
  call->b->state = 6;
  call_emit_chan (call, "Newstate", "call,all", call->b);
  call->a->state = 6;
  call_emit_chan (call, "Newstate", "call,all", call->a);
  emit_bridge (call, "BridgeEnter", call->a, 1);
  emit_bridge (call, "BridgeEnter", call->b, 2);
  chan_device (call, call->b, -1, +1);
  call_schedule (call, PHASE_IN_HANGUP, call->hangup_after);
}

static void
both_hangup (Call *call,
             int   cause)
{
  if (call->bridge != NULL && call->answered > 0)
    {
      emit_bridge (call, "BridgeLeave", call->a, 1);
      emit_bridge (call, "BridgeLeave", call->b, 0);
    }
  emit_hangup (call, call->b, cause);
  chan_device (call, call->b, call->answered > 0 ? 0 : -1, call->answered > 0 ? -1 : 0);
  others_hangup (call, cause);
  emit_hangup (call, call->a, cause);
}

static gboolean
on_call_step (gpointer user_data)
{
  Call *call = user_data;

  call->timer = 0;
  switch (call->next)
    {
    case PHASE_IN_ANSWER:
      incoming_answer (call);
      return G_SOURCE_REMOVE;

    case PHASE_IN_HANGUP:
      both_hangup (call, 16);
      add_cdr (call, "ANSWERED");
      call_finish (call);
      return G_SOURCE_REMOVE;

    case PHASE_IN_NOANSWER:
      emit_dial (call, "DialEnd", call->reject ? "BUSY" : "NOANSWER");
      others_dial_end (call, call->reject ? "BUSY" : "NOANSWER");
      both_hangup (call, call->reject ? 21 : 19);
      add_cdr (call, call->reject ? "BUSY" : "NO ANSWER");
      call_finish (call);
      return G_SOURCE_REMOVE;

    case PHASE_CC_CALLER_UP:
    case PHASE_PR_UP:
      call->answered = g_get_real_time () / G_USEC_PER_SEC;
      call->a->state = 6;
      call_emit_chan (call, "Newstate", "call,all", call->a);
      chan_device (call, call->a, -1, +1);
      release_sync (call, TRUE);
      emit_originate_response (call, TRUE, call->a);
      if (call->next == PHASE_PR_UP)
        {
          call_schedule (call, PHASE_PR_HANGUP, (int) call->engine->config->talk_time);
          return G_SOURCE_REMOVE;
        }
      /* the agent picked up: now the callee is dialled */
      call_emit_chan (call, "Newchannel", "call,all", call->b);
      emit_dial (call, "DialBegin", NULL);
      call->b->state = 5;
      call_emit_chan (call, "Newstate", "call,all", call->b);
      chan_device (call, call->b, +1, 0);
      call_schedule (call, PHASE_CC_CALLEE_UP, (int) call->engine->config->answer_delay);
      return G_SOURCE_REMOVE;

    case PHASE_CC_CALLEE_UP:
      emit_dial (call, "DialEnd", "ANSWER");
      call->b->state = 6;
      call_emit_chan (call, "Newstate", "call,all", call->b);
      chan_device (call, call->b, -1, +1);
      call->answered = g_get_real_time () / G_USEC_PER_SEC;
      emit_bridge (call, "BridgeEnter", call->a, 1);
      emit_bridge (call, "BridgeEnter", call->b, 2);
      call_schedule (call, PHASE_CC_HANGUP, (int) call->engine->config->talk_time);
      return G_SOURCE_REMOVE;

    case PHASE_CC_HANGUP:
      emit_bridge (call, "BridgeLeave", call->b, 1);
      emit_bridge (call, "BridgeLeave", call->a, 0);
      emit_hangup (call, call->b, 16);
      chan_device (call, call->b, 0, -1);
      emit_hangup (call, call->a, 16);
      chan_device (call, call->a, 0, -1);
      add_cdr (call, "ANSWERED");
      call_finish (call);
      return G_SOURCE_REMOVE;

    case PHASE_PR_HANGUP:
      emit_hangup (call, call->a, 16);
      chan_device (call, call->a, 0, -1);
      call_finish (call);
      return G_SOURCE_REMOVE;

    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

static Call *
call_new (DipccSimEngine *self,
          DipccSimServer *server,
          CallKind        kind)
{
  Call *call = g_new0 (Call, 1);

  call->engine = self;
  call->server_id = server->id;
  call->kind = kind;
  call->start = g_get_real_time () / G_USEC_PER_SEC;
  call->bridge = g_uuid_string_random ();
  g_ptr_array_add (self->calls, call);
  return call;
}

/* Caller names as the configured fault wants them. */
static char *
hostile_name (DipccSimEngine *self,
              const char     *name,
              gsize           len)
{
  GString *s = g_string_new_len (name ? name : "", name ? (gssize) len : 0);

  if (self->config->latin1_names)
    {
      g_autofree char *latin1 = g_convert_with_fallback (s->str, (gssize) s->len, "ISO-8859-1",
                                                         "UTF-8", "?", NULL, NULL, NULL);
      gboolean high = FALSE;

      g_string_assign (s, latin1 ? latin1 : "");
      for (gsize i = 0; i < s->len; i++)
        high |= (guchar) s->str[i] >= 0x80;
      if (!high)
        g_string_append (s, " Caf\xe9 M\xfcller");
    }
  if (self->config->crlf_names)
    g_string_append (s, "\r\nEvent: Fake");
  return g_string_free (s, FALSE);
}

static DipccSimServer *
pick_server (DipccSimEngine *self,
             int             server_id,
             GError        **error)
{
  GPtrArray *servers = dipcc_sim_world_get_servers (self->world);
  DipccSimServer *server;

  if (server_id == DIPCC_SERVER_ID_NONE)
    return g_ptr_array_index (servers, 0);
  server = dipcc_sim_world_find_server (self->world, server_id);
  if (server == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "server_id: no server %d", server_id);
  return server;
}

/**
 * dipcc_sim_engine_incoming:
 *
 * Places an incoming call from the trunk to an endpoint.
 *
 * Returns: (transfer full): the call's Linkedid
 */
/* A target's leg, made but not yet emitted. */
static Chan *
target_chan_new (DipccSimServer   *server,
                 DipccSimEndpoint *e,
                 Chan             *trunk)
{
  Chan *c = chan_new (server, e->extension, trunk->linkedid);

  c->endpoint = g_strdup (e->extension);
  c->cid_num = g_strdup (e->extension);
  c->cid_name = g_strdup (e->name);
  set_str (&c->conn_num, trunk->cid_num);
  set_str (&c->conn_name, trunk->cid_name);
  c->context = g_strdup ("from-internal");
  c->exten = g_strdup (e->extension);
  return c;
}

char *
dipcc_sim_engine_incoming (DipccSimEngine          *self,
                           const DipccSimIncoming  *in,
                           GError                 **error)
{
  DipccSimServer *server;
  g_autofree char *name = NULL;
  g_autofree char *user_event = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();    /* DipccSimEndpoint */
  g_autoptr(GPtrArray) legs = g_ptr_array_new ();       /* Chan, owned by the call */
  const char * const single[] = { in->to, NULL };
  const char * const *to = in->targets != NULL ? in->targets : single;
  const char *did;
  DipccAmiMessage *m;
  Call *call;
  Chan *answering = NULL;
  gboolean rings_out = FALSE;

  g_return_val_if_fail (DIPCC_SIM_IS_ENGINE (self), NULL);

  if ((server = pick_server (self, in->server_id, error)) == NULL)
    return NULL;
  if (in->number == NULL || *in->number == '\0' || strpbrk (in->number, "\r\n-") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "caller: a caller-id number is required (no '-', CR or LF)");
      return NULL;
    }
  if (to[0] == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "to: no endpoint \"\"");
      return NULL;
    }
  for (guint i = 0; to[i] != NULL; i++)
    {
      DipccSimEndpoint *e = dipcc_sim_server_find_endpoint (server, to[i]);

      if (e == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "to: no endpoint \"%s\"", to[i]);
          return NULL;
        }
      if (g_ptr_array_find (targets, e, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "to: \"%s\" is listed twice", to[i]);
          return NULL;
        }
      g_ptr_array_add (targets, e);
    }
  if (in->answered_by != NULL && !g_strv_contains ((const char * const *) to, in->answered_by))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "answered_by: \"%s\" is not one of the targets in to", in->answered_by);
      return NULL;
    }
  if (server->down)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "server_id: server %d is down",
                   server->id);
      return NULL;
    }

  did = in->did && *in->did ? in->did : dipcc_sim_world_get_did (self->world, 0);
  name = hostile_name (self, in->name,
                       in->name ? (in->name_len ? in->name_len : strlen (in->name)) : 0);

  call = call_new (self, server, CALL_INCOMING);
  call->calltype = 2;
  call->answer_after = in->answer_after;
  call->hangup_after = in->hangup_after;
  call->reject = in->reject;

  call->a = chan_new (server, "MAKECALL", NULL);
  call->a->state = 4;
  call->a->cid_num = g_strdup (in->number);
  call->a->cid_name = g_strdup (*name ? name : in->number);
  call->a->context = g_strdup ("from-trunk");
  call->a->exten = g_strdup (did);

  call_emit_chan (call, "Newchannel", "call,all", call->a);

  user_event = g_strdup_printf ("incoming-%s-%s-%s-%s-%s",
                                dipcc_sim_world_get_main_number (self->world), did,
                                call->a->name, in->number, call->a->uniqueid);
  set_str (&call->a->context, "sub-incoming-alert-info");
  set_str (&call->a->exten, "s");
  call->a->priority = 2;
  m = event_new ("UserEvent", "user,all");
  add_chan (m, "", call->a);
  dipcc_ami_message_add (m, "UserEvent", user_event);
  call_emit (call, m);

  /* one leg per target; the unregistered ones do not ring */
  for (guint i = 0; i < targets->len; i++)
    {
      DipccSimEndpoint *e = g_ptr_array_index (targets, i);
      Chan *c = target_chan_new (server, e, call->a);

      if (call->b == NULL)
        call->b = c;    /* the first target, until the answering leg is known */
      if (!e->registered)
        {
          if (c != call->b)
            chan_free (c);
          continue;
        }
      g_ptr_array_add (legs, c);
      if (in->answered_by != NULL && g_str_equal (in->answered_by, e->extension))
        answering = c;
    }
  set_str (&call->a->context, "ext-local");
  set_str (&call->a->exten, call->b->endpoint);
  call->a->priority = 1;

  if (legs->len == 0)
    {
      /* nothing to ring: the dial fails at once */
      emit_hangup (call, call->a, 20);
      add_cdr (call, "FAILED");
      {
        char *linkedid = g_strdup (call->a->linkedid);
        call_finish (call);
        return linkedid;
      }
    }

  if (!g_ptr_array_find (legs, call->b, NULL))
    chan_free (call->b);  /* the first target is not registered */
  /* the answering leg is call->b; a missed call's is the first that rang.
   * An answered_by that did not ring (not registered) lets the call ring out. */
  if (in->answered_by != NULL && answering == NULL)
    rings_out = TRUE;
  if (answering == NULL || in->answer_after < 0 || in->reject)
    answering = g_ptr_array_index (legs, 0);
  call->b = answering;
  if (legs->len > 1)
    call->others = g_ptr_array_new_with_free_func ((GDestroyNotify) chan_free);

  for (guint i = 0; i < legs->len; i++)
    {
      Chan *c = g_ptr_array_index (legs, i);

      call_emit_chan (call, "Newchannel", "call,all", c);
      c->state = 5;
      call_emit_chan (call, "Newstate", "call,all", c);
      chan_device (call, c, +1, 0);
      emit_dial_leg (call, c, "DialBegin", NULL);
      if (c != call->b)
        g_ptr_array_add (call->others, c);
    }

  if (in->answer_after >= 0 && !in->reject && !rings_out)
    call_schedule (call, PHASE_IN_ANSWER, in->answer_after);
  else if (in->reject)
    call_schedule (call, PHASE_IN_NOANSWER, MAX (0, in->answer_after));
  else
    call_schedule (call, PHASE_IN_NOANSWER, (int) self->config->ring_timeout);

  return g_strdup (call->a->linkedid);
}

static Call *
start_click (DipccSimEngine   *self,
             DipccSimServer   *server,
             DipccSimEndpoint *agent,
             const char       *callee,
             const char       *cid_name,
             const char       *cid_number,
             CallKind          kind)
{
  Call *call = call_new (self, server, kind);
  DipccSimEndpoint *internal = callee ? dipcc_sim_server_find_endpoint (server, callee) : NULL;

  call->calltype = internal ? 1 : 3;
  call->a = chan_new (server, agent->extension, NULL);
  call->a->endpoint = g_strdup (agent->extension);
  call->a->cid_num = g_strdup (cid_number && *cid_number ? cid_number : agent->extension);
  call->a->cid_name = g_strdup (cid_name && *cid_name ? cid_name : agent->name);
  call->a->context = g_strdup ("T2_cos-all");
  call->a->exten = g_strdup (callee ? callee : "s");
  if (callee != NULL)
    {
      set_str (&call->a->conn_num, callee);
      set_str (&call->a->conn_name, internal ? internal->name : callee);
      call->b = chan_new (server, internal ? internal->extension : "MAKECALL", call->a->linkedid);
      call->b->endpoint = internal ? g_strdup (internal->extension) : NULL;
      call->b->cid_num = g_strdup (callee);
      call->b->cid_name = g_strdup (internal ? internal->name : callee);
      set_str (&call->b->conn_num, call->a->cid_num);
      set_str (&call->b->conn_name, call->a->cid_name);
      call->b->context = g_strdup ("from-internal");
      call->b->exten = g_strdup (callee);
    }
  return call;
}

/* Rings the agent's phone; the rest runs on timers. */
static void
ring_agent (Call             *call,
            DipccSimEndpoint *agent)
{
  DipccSimEngine *self = call->engine;

  call_emit_chan (call, "Newchannel", "call,all", call->a);
  if (!agent->registered)
    {
      emit_hangup (call, call->a, 20);
      release_sync (call, FALSE);
      emit_originate_response (call, FALSE, NULL);
      add_cdr (call, "FAILED");
      call_finish (call);
      return;
    }
  call->a->state = 5;
  call_emit_chan (call, "Newstate", "call,all", call->a);
  chan_device (call, call->a, +1, 0);
  call_schedule (call, call->b ? PHASE_CC_CALLER_UP : PHASE_PR_UP, (int) self->config->ring_delay);
}

/**
 * dipcc_sim_engine_click_to_call:
 *
 * Rings @caller's phone, then dials @callee: the REST click-to-call.
 *
 * Returns: (transfer full): the call's Linkedid
 */
char *
dipcc_sim_engine_click_to_call (DipccSimEngine  *self,
                                int              server_id,
                                const char      *caller,
                                const char      *callee,
                                const char      *cid_name,
                                const char      *cid_number,
                                GError         **error)
{
  DipccSimServer *server;
  DipccSimEndpoint *agent;
  Call *call;
  char *linkedid;

  g_return_val_if_fail (DIPCC_SIM_IS_ENGINE (self), NULL);

  if ((server = pick_server (self, server_id, error)) == NULL)
    return NULL;
  if ((agent = dipcc_sim_server_find_endpoint (server, caller)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "caller: no extension \"%s\"",
                   caller ? caller : "");
      return NULL;
    }
  if (server->down)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "server %d is down", server->id);
      return NULL;
    }
  call = start_click (self, server, agent, callee, cid_name, cid_number, CALL_CLICK);
  linkedid = g_strdup (call->a->linkedid);
  ring_agent (call, agent);
  return linkedid;
}

/* --- actions ------------------------------------------------------------- */

static void
action_ping (DipccSimEngine  *self,
             DipccSimServer  *server,
             DipccAmiMessage *action,
             gpointer         origin)
{
  DipccAmiMessage *r = response_new (action, "Success");
  gint64 now = g_get_real_time ();
  g_autofree char *ts = g_strdup_printf ("%" G_GINT64_FORMAT ".%06d", now / G_USEC_PER_SEC,
                                         (int) (now % G_USEC_PER_SEC));

  dipcc_ami_message_add (r, "Ping", "Pong");
  dipcc_ami_message_add (r, "Timestamp", ts);
  emit_response (self, server, r, origin, 0);
}

static void
action_endpoints (DipccSimEngine  *self,
                  DipccSimServer  *server,
                  DipccAmiMessage *action,
                  gpointer         origin)
{
  DipccAmiMessage *r = response_new (action, "Success");
  const char *action_id = dipcc_ami_message_get (action, "ActionID");
  g_autofree char *n = NULL;

  dipcc_ami_message_add (r, "EventList", "start");
  dipcc_ami_message_add (r, "Message",
                         "A listing of Endpoints follows, presented as EndpointList events");
  emit_response (self, server, r, origin, 0);

  for (guint i = 0; i < server->endpoints->len; i++)
    {
      DipccSimEndpoint *e = g_ptr_array_index (server->endpoints, i);
      DipccAmiMessage *m = event_new ("EndpointList", NULL);
      g_autofree char *auth = g_strdup_printf ("auth%s", e->extension);
      g_autofree char *contacts = e->registered
        ? g_strdup_printf ("%s/sip:%s@%s:5060,", e->extension, e->extension, e->contact_host)
        : g_strdup ("");
      g_autofree char *active = NULL;
      guint n_active = e->n_up + e->n_ringing;

      active = n_active > 0 ? g_strdup_printf ("%u", n_active) : g_strdup ("");
      if (action_id != NULL)
        dipcc_ami_message_add (m, "ActionID", action_id);
      dipcc_ami_message_add (m, "ObjectType", "endpoint");
      dipcc_ami_message_add (m, "ObjectName", e->extension);
      dipcc_ami_message_add (m, "Transport", "transport-udp-3baa003c2d301de89c68");
      dipcc_ami_message_add (m, "Aor", e->extension);
      dipcc_ami_message_add (m, "Auths", auth);
      dipcc_ami_message_add (m, "OutboundAuths", auth);
      dipcc_ami_message_add (m, "Contacts", contacts);
      dipcc_ami_message_add (m, "DeviceState", dipcc_sim_device_state_list_name (e->state));
      dipcc_ami_message_add (m, "ActiveChannels", active);
      emit_response (self, server, m, origin, 0);
    }

  r = event_new ("EndpointListComplete", NULL);
  if (action_id != NULL)
    dipcc_ami_message_add (r, "ActionID", action_id);
  dipcc_ami_message_add (r, "EventList", "Complete");
  n = g_strdup_printf ("%u", server->endpoints->len);
  dipcc_ami_message_add (r, "ListItems", n);
  emit_response (self, server, r, origin, 0);
}

static void
add_channel_item (DipccAmiMessage *m,
                  Call            *call,
                  Chan            *c,
                  const char      *action_id)
{
  gint64 seconds = MAX (0, g_get_real_time () / G_USEC_PER_SEC - call->start);
  g_autofree char *duration = g_strdup_printf ("%02d:%02d:%02d", (int) (seconds / 3600),
                                               (int) (seconds / 60 % 60), (int) (seconds % 60));

  if (action_id != NULL)
    dipcc_ami_message_add (m, "ActionID", action_id);
  add_chan (m, "", c);
  dipcc_ami_message_add (m, "Application", c->state == 6 ? "AppDial" : "Dial");
  dipcc_ami_message_add (m, "ApplicationData", "");
  dipcc_ami_message_add (m, "Duration", duration);
  dipcc_ami_message_add (m, "BridgeId", call->bridge && call->answered > 0 ? call->bridge : "");
}

/* CoreShowChannels: the channels up now, as Asterisk 13+ lists them; what a
 * client resyncs its calls from after a reconnect. */
static void
action_channels (DipccSimEngine  *self,
                 DipccSimServer  *server,
                 DipccAmiMessage *action,
                 gpointer         origin)
{
  DipccAmiMessage *r = response_new (action, "Success");
  const char *action_id = dipcc_ami_message_get (action, "ActionID");
  g_autofree char *n = NULL;
  guint count = 0;

  dipcc_ami_message_add (r, "EventList", "start");
  dipcc_ami_message_add (r, "Message", "Channels will follow");
  emit_response (self, server, r, origin, 0);

  for (guint i = 0; i < self->calls->len; i++)
    {
      Call *call = g_ptr_array_index (self->calls, i);
      Chan *chans[] = { call->a, call->b };

      if (call->server_id != server->id)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (chans); k++)
        {
          DipccAmiMessage *m;

          if (chans[k] == NULL)
            continue;
          m = event_new ("CoreShowChannel", NULL);
          add_channel_item (m, call, chans[k], action_id);
          emit_response (self, server, m, origin, 0);
          count++;
        }
      /* ring-all: the legs that still ring */
      for (guint k = 0; call->others != NULL && k < call->others->len; k++)
        {
          DipccAmiMessage *m = event_new ("CoreShowChannel", NULL);

          add_channel_item (m, call, g_ptr_array_index (call->others, k), action_id);
          emit_response (self, server, m, origin, 0);
          count++;
        }
    }

  r = event_new ("CoreShowChannelsComplete", NULL);
  if (action_id != NULL)
    dipcc_ami_message_add (r, "ActionID", action_id);
  dipcc_ami_message_add (r, "EventList", "Complete");
  n = g_strdup_printf ("%u", count);
  dipcc_ami_message_add (r, "ListItems", n);
  emit_response (self, server, r, origin, 0);
}

/* "PJSIP/0200", "Local/0101@T2_cos-all", "SIP/0101" -> the extension */
static char *
channel_extension (const char *channel)
{
  const char *slash = channel ? strchr (channel, '/') : NULL;
  const char *end;

  if (slash == NULL)
    return NULL;
  slash++;
  end = slash + strcspn (slash, "@-;");
  return g_strndup (slash, (gsize) (end - slash));
}

static gboolean
is_true (const char *value)
{
  return value != NULL && (g_ascii_strcasecmp (value, "yes") == 0 ||
                           g_ascii_strcasecmp (value, "true") == 0 ||
                           g_strcmp0 (value, "1") == 0);
}

static void
action_originate (DipccSimEngine  *self,
                  DipccSimServer  *server,
                  DipccAmiMessage *action,
                  gpointer         origin)
{
  const char *channel = dipcc_ami_message_get (action, "Channel");
  const char *exten = dipcc_ami_message_get (action, "Exten");
  const char *context = dipcc_ami_message_get (action, "Context");
  const char *callerid = dipcc_ami_message_get (action, "Callerid");
  gboolean async = is_true (dipcc_ami_message_get (action, "Async"));
  g_autofree char *ext = channel_extension (channel);
  g_autofree char *cid_name = NULL;
  g_autofree char *cid_num = NULL;
  DipccSimEndpoint *agent;
  gboolean prompt;
  Call *call;

  if (channel == NULL || *channel == '\0')
    {
      DipccAmiMessage *r = response_new (action, "Error");
      dipcc_ami_message_add (r, "Message", "Channel not specified");
      emit_response (self, server, r, origin, 0);
      return;
    }
  agent = dipcc_sim_server_find_endpoint (server, ext);
  if (agent == NULL)
    {
      DipccAmiMessage *r = response_new (action, async ? "Success" : "Error");

      dipcc_ami_message_add (r, "Message", async ? "Originate successfully queued"
                                                 : "Originate failed");
      emit_response (self, server, r, origin, 0);
      if (async)
        {
          Call tmp = { 0 };

          tmp.engine = self;
          tmp.server_id = server->id;
          tmp.originate = TRUE;
          tmp.action_id = (char *) dipcc_ami_message_get (action, "ActionID");
          tmp.orig_channel = (char *) channel;
          tmp.orig_context = (char *) context;
          tmp.orig_exten = (char *) exten;
          emit_originate_response (&tmp, FALSE, NULL);
        }
      return;
    }

  /* "Name <number>" */
  if (callerid != NULL)
    {
      const char *lt = strchr (callerid, '<');
      const char *gt = lt ? strchr (lt, '>') : NULL;

      if (lt != NULL && gt != NULL)
        {
          cid_name = g_strstrip (g_strndup (callerid, (gsize) (lt - callerid)));
          cid_num = g_strndup (lt + 1, (gsize) (gt - lt - 1));
        }
      else
        cid_name = g_strdup (callerid);
      if (cid_name != NULL && cid_name[0] == '"')
        {
          gsize len = strlen (cid_name);
          char *unquoted = g_strndup (cid_name + 1, len - (cid_name[len - 1] == '"' ? 2 : 1));
          g_free (cid_name);
          cid_name = unquoted;
        }
    }

  prompt = exten == NULL || *exten == '\0' || g_str_equal (exten, "s");
  call = start_click (self, server, agent, prompt ? NULL : exten, cid_name, cid_num,
                      prompt ? CALL_PROMPT : CALL_CLICK);
  if (prompt)
    {
      set_str (&call->a->context, context ? context : "tts");
      set_str (&call->a->exten, exten ? exten : "s");
      call->calltype = 1;
    }
  call->originate = TRUE;
  call->sync = !async;
  call->origin = origin;
  call->action_id = g_strdup (dipcc_ami_message_get (action, "ActionID"));
  call->orig_channel = g_strdup (channel);
  call->orig_context = g_strdup (context);
  call->orig_exten = g_strdup (exten);

  if (async)
    {
      DipccAmiMessage *r = response_new (action, "Success");
      dipcc_ami_message_add (r, "Message", "Originate successfully queued");
      emit_response (self, server, r, origin, 0);
    }
  else
    call->held = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_ami_message_unref);

  ring_agent (call, agent);
}

/* The CLI behind `Action: Command`: the AstDB commands, as Asterisk words them. */
static gboolean
run_command (DipccSimEngine *self,
             DipccSimServer *server,
             const char     *command,
             GPtrArray      *out)
{
  g_auto(GStrv) argv = NULL;
  guint argc;

  if (command == NULL)
    command = "";
  if (!g_shell_parse_argv (command, (int *) &argc, &argv, NULL))
    {
      argv = g_new0 (char *, 1);
      argc = 0;
    }

  if (argc >= 1 && g_str_equal (argv[0], "database"))
    {
      g_autofree char *key = NULL;

      if (argc == 4 && g_str_equal (argv[1], "get"))
        {
          const char *value;

          key = g_strdup_printf ("/%s/%s", argv[2], argv[3]);
          value = g_hash_table_lookup (server->astdb, key);
          if (value != NULL)
            g_ptr_array_add (out, g_strdup_printf ("Value: %s", value));
          else
            g_ptr_array_add (out, g_strdup ("Database entry not found."));
          return TRUE;
        }
      if (argc == 5 && g_str_equal (argv[1], "put"))
        {
          key = g_strdup_printf ("/%s/%s", argv[2], argv[3]);
          g_hash_table_replace (server->astdb, g_steal_pointer (&key), g_strdup (argv[4]));
          g_ptr_array_add (out, g_strdup ("Updated database successfully"));
          return TRUE;
        }
      if (argc == 4 && g_str_equal (argv[1], "del"))
        {
          key = g_strdup_printf ("/%s/%s", argv[2], argv[3]);
          g_ptr_array_add (out, g_strdup (g_hash_table_remove (server->astdb, key)
                                          ? "Database entry removed."
                                          : "Database entry does not exist."));
          return TRUE;
        }
      if ((argc == 2 || argc == 3) && g_str_equal (argv[1], "show"))
        {
          g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (server->astdb),
                                               (GCompareFunc) strcmp);
          g_autofree char *prefix = argc == 3 ? g_strdup_printf ("/%s/", argv[2]) : g_strdup ("/");
          guint n = 0;

          for (GList *l = keys; l != NULL; l = l->next)
            {
              if (!g_str_has_prefix (l->data, prefix))
                continue;
              g_ptr_array_add (out, g_strdup_printf ("%-50s: %-25s", (char *) l->data,
                                                     (char *) g_hash_table_lookup (server->astdb,
                                                                                   l->data)));
              n++;
            }
          g_ptr_array_add (out, g_strdup_printf ("%u results found.", n));
          return TRUE;
        }
      g_ptr_array_add (out, g_strdup ("Usage: database get <family> <key>"));
      g_ptr_array_add (out, g_strdup ("       database put <family> <key> <value>"));
      return FALSE;
    }

  if (argc == 3 && g_str_equal (argv[0], "core") && g_str_equal (argv[1], "show") &&
      g_str_equal (argv[2], "version"))
    {
      g_ptr_array_add (out, g_strdup ("Asterisk 18.20.0 built by dipcc-pbx-sim"));
      return TRUE;
    }

  g_ptr_array_add (out, g_strdup_printf ("No such command '%s' (see 'core show help %s' "
                                         "for other possible commands)",
                                         command, argc > 0 ? argv[0] : ""));
  return FALSE;
}

static void
action_command (DipccSimEngine  *self,
                DipccSimServer  *server,
                DipccAmiMessage *action,
                gpointer         origin)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;
  DipccAmiMessage *r;

  /* what Asterisk answers an AMI user without the `command` write privilege */
  if (self->config->faults.deny_commands)
    {
      r = response_new (action, "Error");
      dipcc_ami_message_add (r, "Message", "Permission denied");
      emit_response (self, server, r, origin, 0);
      return;
    }

  ok = run_command (self, server, dipcc_ami_message_get (action, "Command"), out);
  if (self->config->old_asterisk)
    {
      r = response_new (action, "Follows");
      /* Asterisk 1.8 puts Privilege before ActionID */
      dipcc_ami_message_remove (r, "ActionID");
      dipcc_ami_message_add (r, "Privilege", "Command");
      if (dipcc_ami_message_get (action, "ActionID") != NULL)
        dipcc_ami_message_add (r, "ActionID", dipcc_ami_message_get (action, "ActionID"));
    }
  else
    {
      r = response_new (action, ok ? "Success" : "Error");
      dipcc_ami_message_add (r, "Message", "Command output follows");
    }
  for (guint i = 0; i < out->len; i++)
    dipcc_ami_message_add (r, "Output", g_ptr_array_index (out, i));
  emit_response (self, server, r, origin, DIPCC_SIM_MESSAGE_COMMAND_OUTPUT);
}

static void
handle_on_server (DipccSimEngine  *self,
                  DipccSimServer  *server,
                  DipccAmiMessage *action,
                  gpointer         origin)
{
  const char *name = dipcc_ami_message_get (action, "Action");
  DipccAmiMessage *r;

  /* a down server swallows actions: they go unanswered */
  if (server->down)
    return;

  if (name == NULL)
    {
      r = response_new (action, "Error");
      dipcc_ami_message_add (r, "Message", "Missing action in request");
      emit_response (self, server, r, origin, 0);
    }
  else if (g_ascii_strcasecmp (name, "Ping") == 0)
    action_ping (self, server, action, origin);
  else if (g_ascii_strcasecmp (name, "PJSIPShowEndpoints") == 0)
    action_endpoints (self, server, action, origin);
  else if (g_ascii_strcasecmp (name, "CoreShowChannels") == 0)
    action_channels (self, server, action, origin);
  else if (g_ascii_strcasecmp (name, "Originate") == 0)
    action_originate (self, server, action, origin);
  else if (g_ascii_strcasecmp (name, "Command") == 0)
    action_command (self, server, action, origin);
  else if (g_ascii_strcasecmp (name, "Logoff") == 0)
    {
      r = response_new (action, "Goodbye");
      dipcc_ami_message_add (r, "Message", "Thanks for all the fish.");
      emit_response (self, server, r, origin, 0);
    }
  else if (g_ascii_strcasecmp (name, "Login") == 0)
    {
      gboolean ok = g_strcmp0 (dipcc_ami_message_get (action, "Username"),
                               dipcc_sim_world_get_ami_user (self->world)) == 0 &&
                    g_strcmp0 (dipcc_ami_message_get (action, "Secret"),
                               dipcc_sim_world_get_ami_secret (self->world)) == 0;

      r = response_new (action, ok ? "Success" : "Error");
      dipcc_ami_message_add (r, "Message",
                             ok ? "Authentication accepted" : "Authentication failed");
      emit_response (self, server, r, origin, 0);
    }
  else
    {
      r = response_new (action, "Error");
      dipcc_ami_message_add (r, "Message", "Invalid/unknown command");
      emit_response (self, server, r, origin, 0);
    }
}

/**
 * dipcc_sim_engine_handle_action:
 * @server_id: the target (`AMIServerID`), or %DIPCC_SERVER_ID_NONE for every
 *   server, as amiws routes; an unknown id reaches no server
 * @origin: who sent it; responses carry it
 */
void
dipcc_sim_engine_handle_action (DipccSimEngine  *self,
                                int              server_id,
                                DipccAmiMessage *action,
                                gpointer         origin)
{
  GPtrArray *servers;

  g_return_if_fail (DIPCC_SIM_IS_ENGINE (self));
  g_return_if_fail (action != NULL);

  if (server_id != DIPCC_SERVER_ID_NONE)
    {
      DipccSimServer *server = dipcc_sim_world_find_server (self->world, server_id);

      if (server != NULL)
        handle_on_server (self, server, action, origin);
      else
        g_debug ("action for unknown server %d dropped", server_id);
      return;
    }

  servers = dipcc_sim_world_get_servers (self->world);
  for (guint i = 0; i < servers->len; i++)
    handle_on_server (self, g_ptr_array_index (servers, i), action, origin);
}

gboolean
dipcc_sim_engine_set_device (DipccSimEngine  *self,
                             int              server_id,
                             const char      *extension,
                             const char      *state_text,
                             GError         **error)
{
  DipccSimServer *server;
  DipccSimEndpoint *e;
  DipccSimDeviceState state;
  DipccAmiMessage *m;
  g_autofree char *device = NULL;

  if ((server = pick_server (self, server_id, error)) == NULL)
    return FALSE;
  if ((e = dipcc_sim_server_find_endpoint (server, extension)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "extension: no endpoint \"%s\"",
                   extension ? extension : "");
      return FALSE;
    }
  if (!dipcc_sim_device_state_parse (state_text, &state))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "state: unknown state \"%s\"",
                   state_text ? state_text : "");
      return FALSE;
    }
  e->registered = state != DIPCC_SIM_DEVICE_UNAVAILABLE;
  if (e->state == state)
    return TRUE;
  e->state = state;
  device = g_strdup_printf ("PJSIP/%s", e->extension);
  m = event_new ("DeviceStateChange", "call,all");
  dipcc_ami_message_add (m, "Device", device);
  dipcc_ami_message_add (m, "State", dipcc_sim_device_state_event_name (state));
  emit_event (self, server, m);
  return TRUE;
}

gboolean
dipcc_sim_engine_set_server_down (DipccSimEngine *self,
                                  int             server_id,
                                  gboolean        down)
{
  DipccSimServer *server = dipcc_sim_world_find_server (self->world, server_id);

  if (server == NULL)
    return FALSE;
  if (server->down != down)
    g_message ("server %d is %s", server_id, down ? "down" : "up again");
  server->down = down;
  return TRUE;
}

/* --- flood --------------------------------------------------------------- */

static gboolean
on_flood_tick (gpointer user_data)
{
  DipccSimEngine *self = user_data;
  GPtrArray *servers = dipcc_sim_world_get_servers (self->world);
  guint batch;

  if (self->flood_rate == 0)
    batch = MIN (self->flood_left, 256u);
  else
    {
      gint64 elapsed = g_get_monotonic_time () - self->flood_started;
      guint64 due = (guint64) elapsed * self->flood_rate / G_USEC_PER_SEC + 1;

      batch = due > self->flood_sent ? (guint) MIN (due - self->flood_sent, self->flood_left) : 0;
    }

  for (guint i = 0; i < batch; i++)
    {
      DipccSimServer *server = g_ptr_array_index (servers, self->flood_seq % servers->len);
      DipccAmiMessage *m = dipcc_sim_flood_event_new (server, ++self->flood_seq);

      emit_event (self, server, m);
    }
  self->flood_left -= batch;
  self->flood_sent += batch;
  if (self->flood_left == 0)
    {
      self->flood_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/**
 * dipcc_sim_engine_flood:
 * @count: events to broadcast
 * @rate: events per second; 0 for as fast as the main loop goes
 *
 * Broadcasts @count synthetic events to every client.
 */
void
dipcc_sim_engine_flood (DipccSimEngine *self,
                        guint           count,
                        guint           rate)
{
  g_return_if_fail (DIPCC_SIM_IS_ENGINE (self));

  g_clear_handle_id (&self->flood_id, g_source_remove);
  self->flood_left = count;
  self->flood_rate = rate;
  self->flood_sent = 0;
  self->flood_started = g_get_monotonic_time ();
  if (count == 0)
    return;
  if (rate == 0)
    self->flood_id = g_idle_add_full (G_PRIORITY_LOW, on_flood_tick, self, NULL);
  else
    self->flood_id = g_timeout_add (10, on_flood_tick, self);
}

/* --- demo ---------------------------------------------------------------- */

static DipccSimEndpoint *
random_idle_endpoint (DipccSimEngine *self,
                      DipccSimServer *server)
{
  GRand *rand = dipcc_sim_world_get_rand (self->world);

  for (guint tries = 0; tries < 20; tries++)
    {
      DipccSimEndpoint *e = g_ptr_array_index (server->endpoints,
                                               g_rand_int_range (rand, 0, server->endpoints->len));
      if (e->registered && e->n_up == 0 && e->n_ringing == 0)
        return e;
    }
  return NULL;
}

static gboolean
on_reregister (gpointer user_data)
{
  ScenarioStep *step = user_data;
  DipccSimEngine *self = step->engine;

  step->id = 0;
  dipcc_sim_engine_set_device (self,
                               (int) json_object_get_int_member (step->step, "server_id"),
                               json_object_get_string_member (step->step, "extension"),
                               json_object_get_string_member (step->step, "state"), NULL);
  g_ptr_array_remove (self->scenario, step);
  return G_SOURCE_REMOVE;
}

static void
schedule_device (DipccSimEngine *self,
                 int             server_id,
                 const char     *extension,
                 const char     *state,
                 guint           delay_ms)
{
  ScenarioStep *step = g_new0 (ScenarioStep, 1);

  step->engine = self;
  step->step = json_object_new ();
  json_object_set_int_member (step->step, "server_id", server_id);
  json_object_set_string_member (step->step, "extension", extension);
  json_object_set_string_member (step->step, "state", state);
  step->id = g_timeout_add (delay_ms, on_reregister, step);
  g_ptr_array_add (self->scenario, step);
}

static gboolean
on_demo_tick (gpointer user_data)
{
  DipccSimEngine *self = user_data;
  GRand *rand = dipcc_sim_world_get_rand (self->world);
  GPtrArray *servers = dipcc_sim_world_get_servers (self->world);
  DipccSimServer *server = g_ptr_array_index (servers, g_rand_int_range (rand, 0, servers->len));
  GPtrArray *phonebook = dipcc_sim_world_get_phonebook (self->world);
  int roll = g_rand_int_range (rand, 0, 100);
  DipccSimEndpoint *e = random_idle_endpoint (self, server);

  if (e != NULL && !server->down && roll < 60)
    {
      DipccSimIncoming in = { 0 };
      g_autofree char *number = NULL;
      const char *name = NULL;
      int fate = g_rand_int_range (rand, 0, 100);

      if (phonebook->len > 0 && g_rand_boolean (rand))
        {
          DipccSimContact *c = g_ptr_array_index (phonebook,
                                                  g_rand_int_range (rand, 0, phonebook->len));
          number = g_strdup (c->number);
          name = c->name;
        }
      else
        number = g_strdup_printf ("010%08d", g_rand_int_range (rand, 10000000, 99999999));

      in.server_id = server->id;
      in.number = number;
      in.name = name;
      in.to = e->extension;
      in.did = dipcc_sim_world_get_did (self->world, (guint) g_rand_int_range (rand, 0, 2));
      in.answer_after = fate < 70 ? g_rand_int_range (rand, 2000, 9000) : -1;
      in.reject = fate >= 90;
      in.hangup_after = g_rand_int_range (rand, 5000, 60000);
      g_free (dipcc_sim_engine_incoming (self, &in, NULL));
    }
  else if (e != NULL && !server->down && roll < 80 && phonebook->len > 0)
    {
      DipccSimContact *c = g_ptr_array_index (phonebook,
                                              g_rand_int_range (rand, 0, phonebook->len));

      g_free (dipcc_sim_engine_click_to_call (self, server->id, e->extension, c->number,
                                              NULL, NULL, NULL));
    }
  else if (e != NULL && !server->down && roll < 90)
    {
      /* a phone drops off the network for a while, then registers again */
      dipcc_sim_engine_set_device (self, server->id, e->extension, "UNAVAILABLE", NULL);
      schedule_device (self, server->id, e->extension, "NOT_INUSE",
                       (guint) g_rand_int_range (rand, 15000, 60000));
    }

  self->demo_id = g_timeout_add ((guint) g_rand_int_range (rand, 2000, 9000), on_demo_tick, self);
  return G_SOURCE_REMOVE;
}

/**
 * dipcc_sim_engine_start_demo:
 *
 * A steady, random but seeded flow of calls and registrations.
 */
void
dipcc_sim_engine_start_demo (DipccSimEngine *self)
{
  g_return_if_fail (DIPCC_SIM_IS_ENGINE (self));

  g_clear_handle_id (&self->demo_id, g_source_remove);
  self->demo_id = g_timeout_add (1500, on_demo_tick, self);
}

/* --- scenario ------------------------------------------------------------ */

static int
member_int (JsonObject *o,
            const char *name,
            int         fallback)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return fallback;
  return (int) json_node_get_int (n);
}

#define STR_MEMBER(o, name) json_object_get_string_member_with_default ((o), (name), NULL)

static gboolean
on_scenario_step (gpointer user_data)
{
  ScenarioStep *step = user_data;
  DipccSimEngine *self = step->engine;
  JsonObject *o = step->step;
  const char *type = json_object_get_string_member_with_default (o, "type", "");
  int server_id = member_int (o, "server_id", DIPCC_SERVER_ID_NONE);
  g_autoptr(GError) error = NULL;

  step->id = 0;
  if (g_str_equal (type, "incoming"))
    {
      DipccSimIncoming in = { 0 };
      JsonNode *to = json_object_get_member (o, "to");
      g_autoptr(GPtrArray) targets = NULL;

      in.server_id = server_id;
      in.number = json_object_get_string_member_with_default (o, "caller", NULL);
      in.name = json_object_get_string_member_with_default (o, "name", NULL);
      in.did = json_object_get_string_member_with_default (o, "did", NULL);
      if (to != NULL && JSON_NODE_HOLDS_ARRAY (to))
        {
          /* ring-all */
          JsonArray *array = json_node_get_array (to);

          targets = g_ptr_array_new ();
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *n = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
                g_ptr_array_add (targets, (gpointer) json_node_get_string (n));
            }
          g_ptr_array_add (targets, NULL);
          in.targets = (const char * const *) targets->pdata;
        }
      else
        in.to = json_object_get_string_member_with_default (o, "to", NULL);
      in.answered_by = json_object_get_string_member_with_default (o, "answered_by", NULL);
      in.answer_after = member_int (o, "answer_after", -1);
      in.hangup_after = member_int (o, "hangup_after", (int) self->config->talk_time);
      in.reject = json_object_get_boolean_member_with_default (o, "reject", FALSE);
      g_free (dipcc_sim_engine_incoming (self, &in, &error));
    }
  else if (g_str_equal (type, "click_to_call"))
    {
      g_free (dipcc_sim_engine_click_to_call (self, server_id,
                                              STR_MEMBER (o, "caller"), STR_MEMBER (o, "callee"),
                                              STR_MEMBER (o, "cid_name"),
                                              STR_MEMBER (o, "cid_number"), &error));
    }
  else if (g_str_equal (type, "device"))
    dipcc_sim_engine_set_device (self, server_id, STR_MEMBER (o, "extension"),
                                 STR_MEMBER (o, "state"), &error);
  else if (g_str_equal (type, "server"))
    {
      gboolean down = json_object_get_boolean_member_with_default (o, "down", TRUE);

      if (!dipcc_sim_engine_set_server_down (self, member_int (o, "id", server_id), down))
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no such server");
    }
  else if (g_str_equal (type, "flood"))
    dipcc_sim_engine_flood (self, (guint) member_int (o, "count", 1000),
                            (guint) member_int (o, "rate", 0));
  else
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown step type \"%s\"", type);

  if (error != NULL)
    g_warning ("scenario step at %d ms: %s", member_int (o, "at", 0), error->message);
  return G_SOURCE_REMOVE;
}

/**
 * dipcc_sim_engine_run_scenario:
 * @path: a JSON file: `{"steps":[{"at":MS,"type":"incoming"|"click_to_call"|
 *   "device"|"server"|"flood", …}]}`
 *
 * Schedules every step of the script, relative to now.
 */
gboolean
dipcc_sim_engine_run_scenario (DipccSimEngine  *self,
                               const char      *path,
                               GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *steps;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "steps") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "steps")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: a scenario is {\"steps\":[…]}", path);
      return FALSE;
    }
  steps = json_object_get_array_member (json_node_get_object (root), "steps");
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonNode *node = json_array_get_element (steps, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      ScenarioStep *step;

      if (o == NULL)
        continue;
      step = g_new0 (ScenarioStep, 1);
      step->engine = self;
      step->step = json_object_ref (o);
      step->id = g_timeout_add ((guint) MAX (0, member_int (o, "at", 0)), on_scenario_step, step);
      g_ptr_array_add (self->scenario, step);
    }
  g_message ("scenario %s: %u steps", path, json_array_get_length (steps));
  return TRUE;
}

guint
dipcc_sim_engine_get_n_calls (DipccSimEngine *self)
{
  return self->calls->len;
}

/* --- GObject ------------------------------------------------------------- */

static void
dipcc_sim_engine_finalize (GObject *object)
{
  DipccSimEngine *self = (DipccSimEngine *) object;

  g_clear_handle_id (&self->demo_id, g_source_remove);
  g_clear_handle_id (&self->flood_id, g_source_remove);
  g_ptr_array_unref (self->calls);
  g_ptr_array_unref (self->scenario);

  G_OBJECT_CLASS (dipcc_sim_engine_parent_class)->finalize (object);
}

static void
dipcc_sim_engine_class_init (DipccSimEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dipcc_sim_engine_finalize;
}

static void
dipcc_sim_engine_init (DipccSimEngine *self)
{
  self->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) call_free);
  self->scenario = g_ptr_array_new_with_free_func ((GDestroyNotify) scenario_step_free);
}

static void
seed_astdb (DipccSimWorld *world)
{
  GPtrArray *servers = dipcc_sim_world_get_servers (world);
  const char *tenant = dipcc_sim_world_get_tenant (world);

  for (guint i = 0; i < servers->len; i++)
    {
      DipccSimServer *s = g_ptr_array_index (servers, i);
      const char *entries[][2] = {
        { "diversions/0102/CFI/enable", "yes" },
        { "diversions/0102/CFI/destination", "sub-custom-numbers,01031415926,1" },
        { "diversions/0104/CFB/enable", "yes" },
        { "diversions/0104/CFB/destination", "sub-custom-numbers,0216682471,1" },
        { "diversions/0101/CFI/enable", "no" },
      };

      for (guint j = 0; j < G_N_ELEMENTS (entries); j++)
        g_hash_table_replace (s->astdb, g_strdup_printf ("/%s/%s", tenant, entries[j][0]),
                              g_strdup (entries[j][1]));
    }
}

/**
 * dipcc_sim_engine_new:
 *
 * Returns: (transfer full): the engine of a finished @world
 */
DipccSimEngine *
dipcc_sim_engine_new (DipccSimWorld  *world,
                      DipccSimHub    *hub,
                      DipccSimConfig *config)
{
  DipccSimEngine *self = g_object_new (DIPCC_SIM_TYPE_ENGINE, NULL);

  self->world = world;
  self->hub = hub;
  self->config = config;
  seed_astdb (world);
  return self;
}

/**
 * dipcc_sim_engine_get_hub:
 *
 * Returns: (transfer none): the hub every message goes through
 */
DipccSimHub *
dipcc_sim_engine_get_hub (DipccSimEngine *self)
{
  g_return_val_if_fail (DIPCC_SIM_IS_ENGINE (self), NULL);

  return self->hub;
}
