/* dipcc-sim-flood.c: the synthetic event stream of --flood and /sim/flood
 *
 * What a busy tenant's Asterisk sends: inbound calls from a trunk, each
 * ringing one phone that answers, talks and hangs up, with the dialplan
 * events (VarSet, Newexten) that make up most of real AMI traffic and the
 * full channel headers every Asterisk 13+ event carries (about 18 lines an
 * event). DIPCC_SIM_FLOOD_LANES calls are under way at any time, so a
 * client's models stay the same size however long the flood runs.
 *
 * Event @seq is a pure function of @seq and the server: a client can be
 * flooded from any point, and the text is written straight from templates
 * compiled once (a benchmark must measure the client, not the simulator).
 * Every event ends with `SimSeq: @seq`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-sim"

#include "config.h"

#include <string.h>

#include "dipcc-sim-flood.h"

/* A slot is written in a template as \001 and a letter. */
#define SLOT_MARK '\001'
#define TC   "\001a"   /* the trunk channel */
#define AC   "\001b"   /* the agent's channel */
#define TU   "\001c"   /* the trunk channel's Uniqueid, the call's Linkedid */
#define AU   "\001d"   /* the agent channel's Uniqueid */
#define EXT  "\001e"   /* the agent's extension */
#define CLR  "\001f"   /* the caller's number */
#define BRG  "\001g"   /* the bridge's id */
#define SEQ  "\001h"   /* SimSeq */
#define N_SLOTS 8
#define SLOT_MAX 48

#define MAIN_NUMBER "16681706"
#define DID         "07079190158"
#define CALLER_NAME "홍길동"

typedef struct {
  guint32 text_off;   /* constant text before the slot */
  guint32 text_len;
  int     slot;       /* -1 on the last piece */
} Piece;

typedef struct {
  char   *text;
  Piece  *pieces;
  guint   n_pieces;
  gsize   max_len;    /* with every slot at its longest */
} Compiled;

typedef struct {
  GPtrArray *keys;     /* char* */
  GPtrArray *values;   /* char*, with slots */
  Compiled   ami;
  Compiled   json;     /* from `,"ssl"` to the end of the frame */
} Template;

typedef enum {
  LEG_TRUNK,
  LEG_AGENT,
} Leg;

/* ---- building the script ------------------------------------------------- */

static Template *
tpl_new (GPtrArray  *into,
         const char *event,
         const char *privilege)
{
  Template *t = g_new0 (Template, 1);

  t->keys = g_ptr_array_new_with_free_func (g_free);
  t->values = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (t->keys, g_strdup ("Event"));
  g_ptr_array_add (t->values, g_strdup (event));
  g_ptr_array_add (t->keys, g_strdup ("Privilege"));
  g_ptr_array_add (t->values, g_strdup (privilege));
  g_ptr_array_add (into, t);
  return t;
}

static void
add (Template   *t,
     const char *key,
     const char *value)
{
  g_ptr_array_add (t->keys, g_strdup (key));
  g_ptr_array_add (t->values, g_strdup (value));
}

static void
add_prefixed (Template   *t,
              const char *prefix,
              const char *key,
              const char *value)
{
  g_ptr_array_add (t->keys, g_strconcat (prefix, key, NULL));
  g_ptr_array_add (t->values, g_strdup (value));
}

static const char *
state_desc (int state)
{
  switch (state)
    {
    case 0:
      return "Down";
    case 4:
      return "Ring";
    case 5:
      return "Ringing";
    case 6:
      return "Up";
    default:
      return "Unknown";
    }
}

/* The channel header every channel event carries, as Asterisk 13+ writes
 * it (`Dest` prefixes the second channel of a Dial event). */
static void
add_chan (Template   *t,
          const char *prefix,
          Leg         leg,
          int         state,
          int         priority)
{
  g_autofree char *state_text = g_strdup_printf ("%d", state);
  g_autofree char *priority_text = g_strdup_printf ("%d", priority);
  gboolean trunk = leg == LEG_TRUNK;

  add_prefixed (t, prefix, "Channel", trunk ? TC : AC);
  add_prefixed (t, prefix, "ChannelState", state_text);
  add_prefixed (t, prefix, "ChannelStateDesc", state_desc (state));
  add_prefixed (t, prefix, "CallerIDNum", trunk ? CLR : EXT);
  add_prefixed (t, prefix, "CallerIDName", trunk ? CALLER_NAME : "Agent " EXT);
  add_prefixed (t, prefix, "ConnectedLineNum", trunk ? "<unknown>" : CLR);
  add_prefixed (t, prefix, "ConnectedLineName", trunk ? "<unknown>" : CALLER_NAME);
  add_prefixed (t, prefix, "Language", "ko");
  add_prefixed (t, prefix, "AccountCode", "");
  add_prefixed (t, prefix, "Context", trunk ? "from-trunk" : "from-internal");
  add_prefixed (t, prefix, "Exten", trunk ? DID : EXT);
  add_prefixed (t, prefix, "Priority", priority_text);
  add_prefixed (t, prefix, "Uniqueid", trunk ? TU : AU);
  add_prefixed (t, prefix, "Linkedid", TU);
}

static void
add_bridge (Template *t,
            int       n_channels)
{
  g_autofree char *n = g_strdup_printf ("%d", n_channels);

  add (t, "BridgeUniqueid", BRG);
  add (t, "BridgeType", "basic");
  add (t, "BridgeTechnology", "simple_bridge");
  add (t, "BridgeCreator", "<unknown>");
  add (t, "BridgeName", "<unknown>");
  add (t, "BridgeNumChannels", n);
  add (t, "BridgeVideoSourceMode", "none");
}

static void
chan_event (GPtrArray  *s,
            const char *event,
            const char *privilege,
            Leg         leg,
            int         state,
            int         priority)
{
  add_chan (tpl_new (s, event, privilege), "", leg, state, priority);
}

static void
var_set (GPtrArray  *s,
         Leg         leg,
         int         state,
         const char *variable,
         const char *value)
{
  Template *t = tpl_new (s, "VarSet", "dialplan,all");

  add_chan (t, "", leg, state, leg == LEG_TRUNK ? 3 : 1);
  add (t, "Variable", variable);
  add (t, "Value", value);
}

static void
new_exten (GPtrArray  *s,
           int         priority,
           const char *application,
           const char *app_data)
{
  Template *t = tpl_new (s, "Newexten", "dialplan,all");

  add_chan (t, "", LEG_TRUNK, 4, priority);
  add (t, "Extension", DID);
  add (t, "Application", application);
  add (t, "AppData", app_data);
}

static void
dial (GPtrArray  *s,
      const char *event,
      int         agent_state,
      const char *status)
{
  Template *t = tpl_new (s, event, "call,all");

  add_chan (t, "", LEG_TRUNK, 4, 3);
  add_chan (t, "Dest", LEG_AGENT, agent_state, 1);
  if (status == NULL)
    add (t, "DialString", EXT);
  else
    add (t, "DialStatus", status);
}

static void
device_state (GPtrArray  *s,
              const char *state)
{
  Template *t = tpl_new (s, "DeviceStateChange", "call,all");

  add (t, "Device", "PJSIP/" EXT);
  add (t, "State", state);
}

static void
bridge_event (GPtrArray  *s,
              const char *event,
              int         n_channels,
              int         leg)
{
  Template *t = tpl_new (s, event, "call,all");

  add_bridge (t, n_channels);
  if (leg >= 0)
    add_chan (t, "", leg, 6, leg == LEG_TRUNK ? 3 : 1);
}

static void
hangup (GPtrArray *s,
        Leg        leg)
{
  Template *t = tpl_new (s, "Hangup", "call,all");

  add_chan (t, "", leg, 6, leg == LEG_TRUNK ? 3 : 1);
  add (t, "Cause", "16");
  add (t, "Cause-txt", "Normal Clearing");
}

static GPtrArray *
build_call (void)
{
  GPtrArray *s = g_ptr_array_new ();
  const char *incoming = "incoming-" MAIN_NUMBER "-" DID "-" TC "-" CLR "-" TU;
  Template *t;

  chan_event (s, "Newchannel", "call,all", LEG_TRUNK, 0, 1);
  var_set (s, LEG_TRUNK, 4, "__FROM_DID", DID);
  new_exten (s, 1, "Set", "__FROM_DID=" DID);
  new_exten (s, 2, "UserEvent", incoming);
  t = tpl_new (s, "UserEvent", "user,all");
  add_chan (t, "", LEG_TRUNK, 4, 2);
  add (t, "UserEvent", incoming);
  var_set (s, LEG_TRUNK, 4, "DIALSTATUS", "");
  new_exten (s, 3, "Dial", "PJSIP/" EXT ",30");
  chan_event (s, "Newchannel", "call,all", LEG_AGENT, 0, 1);
  chan_event (s, "Newstate", "call,all", LEG_AGENT, 5, 1);
  device_state (s, "RINGING");
  dial (s, "DialBegin", 5, NULL);
  var_set (s, LEG_AGENT, 5, "__FROM_DID", DID);
  chan_event (s, "Newstate", "call,all", LEG_AGENT, 6, 1);
  dial (s, "DialEnd", 6, "ANSWER");
  device_state (s, "INUSE");
  bridge_event (s, "BridgeCreate", 0, -1);
  bridge_event (s, "BridgeEnter", 1, LEG_TRUNK);
  bridge_event (s, "BridgeEnter", 2, LEG_AGENT);
  var_set (s, LEG_AGENT, 6, "BRIDGEPEER", TC);
  var_set (s, LEG_TRUNK, 6, "BRIDGEPEER", AC);
  bridge_event (s, "BridgeLeave", 1, LEG_AGENT);
  bridge_event (s, "BridgeLeave", 0, LEG_TRUNK);
  bridge_event (s, "BridgeDestroy", 0, -1);
  var_set (s, LEG_AGENT, 6, "RTPAUDIOQOS",
           "ssrc=1482036372;themssrc=2867563457;lp=0;rxjitter=0.000125;rxcount=1504;"
           "txjitter=0.000000;txcount=1502;rlp=0;rtt=0.000000");
  hangup (s, LEG_AGENT);
  device_state (s, "NOT_INUSE");
  hangup (s, LEG_TRUNK);
  return s;
}

/* ---- compiling ------------------------------------------------------------- */

static void
append_json_escaped (GString    *out,
                     const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == SLOT_MARK && p[1] != '\0')
        {
          g_string_append_c (out, (char) c);
          g_string_append_c (out, *++p);
        }
      else if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
}

/* Splits @pattern at its slots into constant text and slots. */
static void
compile (Compiled   *into,
         const char *pattern)
{
  GArray *pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  GString *text = g_string_new (NULL);
  Piece piece = { 0, 0, -1 };
  guint n_slots = 0;

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (*p == SLOT_MARK && p[1] >= 'a' && p[1] < 'a' + N_SLOTS)
        {
          piece.text_len = text->len - piece.text_off;
          piece.slot = *++p - 'a';
          g_array_append_val (pieces, piece);
          piece.text_off = text->len;
          n_slots++;
          continue;
        }
      g_string_append_c (text, *p);
    }
  piece.text_len = text->len - piece.text_off;
  piece.slot = -1;
  g_array_append_val (pieces, piece);

  into->max_len = text->len + n_slots * SLOT_MAX;
  into->text = g_string_free (text, FALSE);
  into->n_pieces = pieces->len;
  into->pieces = (Piece *) (void *) g_array_free (pieces, FALSE);
}

static void
compile_template (Template *t)
{
  g_autoptr(GString) ami = g_string_new (NULL);
  g_autoptr(GString) json = g_string_new (",\"ssl\":false,\"data\":{");

  add (t, "SimSeq", SEQ);
  for (guint i = 0; i < t->keys->len; i++)
    {
      const char *key = g_ptr_array_index (t->keys, i);
      const char *value = g_ptr_array_index (t->values, i);

      g_string_append_printf (ami, "%s: %s\r\n", key, value);
      if (i > 0)
        g_string_append_c (json, ',');
      g_string_append_c (json, '"');
      append_json_escaped (json, key);
      g_string_append (json, "\":\"");
      append_json_escaped (json, value);
      g_string_append_c (json, '"');
    }
  g_string_append (ami, "\r\n");
  g_string_append (json, "}}");
  compile (&t->ami, ami->str);
  compile (&t->json, json->str);
}

static gpointer
build_script (gpointer data)
{
  GPtrArray *s = build_call ();

  for (guint i = 0; i < s->len; i++)
    compile_template (g_ptr_array_index (s, i));
  return s;
}

static GPtrArray *
get_script (void)
{
  static GOnce once = G_ONCE_INIT;

  /* Template, one per event of a call; built once, kept for the process */
  g_once (&once, build_script, NULL);
  return once.retval;
}

/* ---- rendering ----------------------------------------------------------- */

typedef struct {
  char  text[N_SLOTS][SLOT_MAX];
  guint len[N_SLOTS];
} Slots;

static inline guint
put_uint (char    *out,
          guint64  value)
{
  char tmp[24];
  guint n = 0;
  guint i;

  do
    {
      tmp[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  for (i = 0; i < n; i++)
    out[i] = tmp[n - 1 - i];
  return n;
}

static inline guint
put_hex8 (char    *out,
          guint32  value)
{
  static const char digits[] = "0123456789abcdef";

  for (int i = 7; i >= 0; i--)
    {
      out[i] = digits[value & 0xF];
      value >>= 4;
    }
  return 8;
}

static inline guint
put_text (char       *out,
          const char *text,
          guint       len)
{
  memcpy (out, text, len);
  return len;
}

static inline guint
put_zero_padded (char    *out,
                 guint32  value,
                 guint    width)
{
  for (int i = (int) width - 1; i >= 0; i--)
    {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  return width;
}

static guint
put_uniqueid (char           *out,
              DipccSimServer *server,
              guint32         counter)
{
  /* a second above the engine's own ids: flood calls never meet real ones */
  guint n = put_uint (out, (guint64) (server->uniqueid_base + 1));

  out[n++] = '.';
  return n + put_uint (out + n, counter);
}

/* Which call and which step of it event @seq is. */
static const Template *
locate (guint  seq,
        guint *call)
{
  GPtrArray *s = get_script ();
  guint n = seq > 0 ? seq - 1 : 0;
  guint lane = n % DIPCC_SIM_FLOOD_LANES;
  guint round = n / DIPCC_SIM_FLOOD_LANES;

  *call = (round / s->len) * DIPCC_SIM_FLOOD_LANES + lane;
  return g_ptr_array_index (s, round % s->len);
}

static void
fill_slots (Slots          *slots,
            DipccSimServer *server,
            guint           call,
            guint           seq)
{
  char ext[4];
  guint n;

  put_zero_padded (ext, 101 + call % 12, 4);

  n = put_text (slots->text[0], "PJSIP/trunk-kt-", 15);
  slots->len[0] = n + put_hex8 (slots->text[0] + n, call * 2);

  n = put_text (slots->text[1], "PJSIP/", 6);
  n += put_text (slots->text[1] + n, ext, 4);
  slots->text[1][n++] = '-';
  slots->len[1] = n + put_hex8 (slots->text[1] + n, call * 2 + 1);

  slots->len[2] = put_uniqueid (slots->text[2], server, call * 2);
  slots->len[3] = put_uniqueid (slots->text[3], server, call * 2 + 1);
  slots->len[4] = put_text (slots->text[4], ext, 4);

  n = put_text (slots->text[5], "010", 3);
  slots->len[5] = n + put_zero_padded (slots->text[5] + n, call % 100000000, 8);

  n = put_hex8 (slots->text[6], call);
  n += put_text (slots->text[6] + n, "-5a1e-4c0d-9b7e-0000", 20);
  slots->len[6] = n + put_hex8 (slots->text[6] + n, call);

  slots->len[7] = put_uint (slots->text[7], seq);
}

static gsize
render (const Compiled *c,
        const Slots    *slots,
        char           *out)
{
  char *p = out;

  for (guint i = 0; i < c->n_pieces; i++)
    {
      const Piece *piece = &c->pieces[i];

      memcpy (p, c->text + piece->text_off, piece->text_len);
      p += piece->text_len;
      if (piece->slot >= 0)
        {
          memcpy (p, slots->text[piece->slot], slots->len[piece->slot]);
          p += slots->len[piece->slot];
        }
    }
  return p - out;
}

/**
 * dipcc_sim_flood_get_events_per_call:
 *
 * Returns: how many events one call of the flood has
 */
guint
dipcc_sim_flood_get_events_per_call (void)
{
  return get_script ()->len;
}

/**
 * dipcc_sim_flood_append_ami:
 * @seq: the event's number, from 1
 * @out: where to append event @seq as AMI text
 *
 * Returns: the bytes appended
 */
gsize
dipcc_sim_flood_append_ami (DipccSimServer *server,
                            guint           seq,
                            GByteArray     *out)
{
  guint call;
  const Template *t = locate (seq, &call);
  guint start = out->len;
  Slots slots;
  gsize n;

  fill_slots (&slots, server, call, seq);
  g_byte_array_set_size (out, start + (guint) t->ami.max_len);
  n = render (&t->ami, &slots, (char *) out->data + start);
  g_byte_array_set_size (out, start + (guint) n);
  return n;
}

static void
append_json_text (GString    *out,
                  const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
}

/**
 * dipcc_sim_flood_append_ws:
 * @seq: the event's number, from 1
 * @out: where to append event @seq as the text of an amiws frame (type 3),
 *   byte for byte what dipcc_ws_envelope_encode_frame() writes for it
 *
 * Returns: the bytes appended
 */
gsize
dipcc_sim_flood_append_ws (DipccSimServer *server,
                           guint           seq,
                           GString        *out)
{
  guint call;
  const Template *t = locate (seq, &call);
  gsize start = out->len;
  gsize body;
  Slots slots;

  fill_slots (&slots, server, call, seq);
  g_string_append_printf (out, "{\"type\":3,\"server_id\":%d,\"server_name\":", server->id);
  if (server->name != NULL)
    {
      g_string_append_c (out, '"');
      append_json_text (out, server->name);
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, "null");
  body = out->len;
  g_string_set_size (out, body + t->json.max_len);
  g_string_set_size (out, body + render (&t->json, &slots, out->str + body));
  return out->len - start;
}

/**
 * dipcc_sim_flood_event_new:
 * @seq: the event's number, from 1
 *
 * Returns: (transfer full): event @seq as a message, for the paths that
 *   go through the hub or play faults
 */
DipccAmiMessage *
dipcc_sim_flood_event_new (DipccSimServer *server,
                           guint           seq)
{
  guint call;
  const Template *t = locate (seq, &call);
  DipccAmiMessage *m = dipcc_ami_message_new ();
  g_autoptr(GString) value = g_string_new (NULL);
  Slots slots;

  fill_slots (&slots, server, call, seq);
  for (guint i = 0; i < t->keys->len; i++)
    {
      const char *key = g_ptr_array_index (t->keys, i);
      const char *p = g_ptr_array_index (t->values, i);

      g_string_truncate (value, 0);
      for (; *p != '\0'; p++)
        {
          if (*p == SLOT_MARK && p[1] >= 'a' && p[1] < 'a' + N_SLOTS)
            {
              int slot = *++p - 'a';

              g_string_append_len (value, slots.text[slot], slots.len[slot]);
            }
          else
            g_string_append_c (value, *p);
        }
      dipcc_ami_message_add_len (m, key, strlen (key), value->str, value->len);
    }
  return m;
}
