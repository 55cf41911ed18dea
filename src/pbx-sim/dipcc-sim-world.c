/* dipcc-sim-world.c: tenant, credentials, servers, endpoints, CDR, phonebook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-sim"

#include "config.h"

#include "dipcc-sim-world.h"

struct _DipccSimWorld
{
  GObject     parent_instance;

  /* Owned */
  char       *tenant;
  char       *app_key;
  char       *ami_user;
  char       *ami_secret;
  char       *server_name;
  char       *main_number;
  char       *plan;
  GPtrArray  *dids;              /* char* */
  GArray     *server_ids;        /* int, from the world file */
  GPtrArray  *endpoints;         /* DipccSimEndpoint, the template */
  GPtrArray  *servers;           /* DipccSimServer */
  GPtrArray  *cdr;               /* DipccSimCdrRow */
  GPtrArray  *phonebook;         /* DipccSimContact */
  GRand      *rand;
  gint64      epoch;
  guint       cdr_days;
  gboolean    cdr_as_array;
  gboolean    finished;
};

G_DEFINE_FINAL_TYPE (DipccSimWorld, dipcc_sim_world, G_TYPE_OBJECT)

static const struct {
  DipccSimDeviceState state;
  const char *event_name;
  const char *list_name;
} device_states[] = {
  { DIPCC_SIM_DEVICE_UNAVAILABLE, "UNAVAILABLE", "Unavailable" },
  { DIPCC_SIM_DEVICE_NOT_INUSE, "NOT_INUSE", "Not in use" },
  { DIPCC_SIM_DEVICE_INUSE, "INUSE", "In use" },
  { DIPCC_SIM_DEVICE_RINGING, "RINGING", "Ringing" },
  { DIPCC_SIM_DEVICE_RINGINUSE, "RINGINUSE", "Ring+Inuse" },
  { DIPCC_SIM_DEVICE_BUSY, "BUSY", "Busy" },
  { DIPCC_SIM_DEVICE_ONHOLD, "ONHOLD", "On Hold" },
  { DIPCC_SIM_DEVICE_INVALID, "INVALID", "Invalid" },
  { DIPCC_SIM_DEVICE_UNKNOWN, "UNKNOWN", "Unknown" },
};

const char *
dipcc_sim_device_state_event_name (DipccSimDeviceState state)
{
  for (guint i = 0; i < G_N_ELEMENTS (device_states); i++)
    if (device_states[i].state == state)
      return device_states[i].event_name;
  return "UNKNOWN";
}

const char *
dipcc_sim_device_state_list_name (DipccSimDeviceState state)
{
  for (guint i = 0; i < G_N_ELEMENTS (device_states); i++)
    if (device_states[i].state == state)
      return device_states[i].list_name;
  return "Unknown";
}

gboolean
dipcc_sim_device_state_parse (const char          *text,
                              DipccSimDeviceState *state)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (device_states); i++)
    {
      if (g_ascii_strcasecmp (text, device_states[i].event_name) == 0 ||
          g_ascii_strcasecmp (text, device_states[i].list_name) == 0)
        {
          *state = device_states[i].state;
          return TRUE;
        }
    }
  return FALSE;
}

/* The default office: a dozen extensions, three of them not registered. */
static const struct {
  const char *extension;
  const char *name;
  gboolean registered;
} default_endpoints[] = {
  { "0101", "김민수", TRUE },
  { "0102", "이서연", TRUE },
  { "0103", "박지훈", FALSE },
  { "0104", "최유진", TRUE },
  { "0105", "정하늘", TRUE },
  { "0106", "Front Desk", TRUE },
  { "0107", "강동원", FALSE },
  { "0108", "윤지아", TRUE },
  { "0109", "Support", TRUE },
  { "0110", "회의실", FALSE },
  { "0111", "한예슬", TRUE },
  { "0112", "Night Shift", TRUE },
};

static const struct {
  const char *number;
  const char *name;
} default_phonebook[] = {
  { "16682471", "주식회사 얼썬팩토리" },
  { "0216682471", "얼썬팩토리 본사" },
  { "01031415926", "norman namkoong" },
  { "01027182818", "홍길동" },
  { "0317771234", "(주)한빛물류" },
  { "01055501234", "Jane Park" },
  { "0519998877", "부산지점" },
  { "01044448888", "이순신" },
  { "0642223333", "제주 리조트 예약실" },
  { "01012340000", "김철수" },
};

static DipccSimEndpoint *
endpoint_new (const char *extension,
              const char *name,
              gboolean    registered,
              const char *contact_host)
{
  DipccSimEndpoint *e = g_new0 (DipccSimEndpoint, 1);

  e->extension = g_strdup (extension);
  e->name = g_strdup (name);
  e->contact_host = g_strdup (contact_host);
  e->registered = registered;
  e->state = registered ? DIPCC_SIM_DEVICE_NOT_INUSE : DIPCC_SIM_DEVICE_UNAVAILABLE;
  return e;
}

static void
endpoint_free (gpointer data)
{
  DipccSimEndpoint *e = data;

  g_free (e->extension);
  g_free (e->name);
  g_free (e->contact_host);
  g_free (e);
}

static void
server_free (gpointer data)
{
  DipccSimServer *s = data;

  g_free (s->name);
  g_ptr_array_unref (s->endpoints);
  g_hash_table_unref (s->astdb);
  g_free (s);
}

static void
contact_free (gpointer data)
{
  DipccSimContact *c = data;

  g_free (c->number);
  g_free (c->name);
  g_free (c);
}

void
dipcc_sim_cdr_row_free (DipccSimCdrRow *row)
{
  if (row == NULL)
    return;
  g_free (row->clid);
  g_free (row->source);
  g_free (row->destination);
  g_free (row->dcontext);
  g_free (row->channel);
  g_free (row->dstchannel);
  g_free (row->disposition);
  g_free (row->uniqueid);
  g_free (row->linkedid);
  g_free (row->recfile);
  g_free (row);
}

static void
dipcc_sim_world_finalize (GObject *object)
{
  DipccSimWorld *self = (DipccSimWorld *) object;

  g_free (self->tenant);
  g_free (self->app_key);
  g_free (self->ami_user);
  g_free (self->ami_secret);
  g_free (self->server_name);
  g_free (self->main_number);
  g_free (self->plan);
  g_ptr_array_unref (self->dids);
  g_array_unref (self->server_ids);
  g_ptr_array_unref (self->endpoints);
  g_ptr_array_unref (self->servers);
  g_ptr_array_unref (self->cdr);
  g_ptr_array_unref (self->phonebook);
  g_rand_free (self->rand);

  G_OBJECT_CLASS (dipcc_sim_world_parent_class)->finalize (object);
}

static void
dipcc_sim_world_class_init (DipccSimWorldClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dipcc_sim_world_finalize;
}

static void
dipcc_sim_world_init (DipccSimWorld *self)
{
  self->tenant = g_strdup ("1");
  self->app_key = g_strdup ("demo-app-key");
  self->ami_user = g_strdup ("hello");
  self->ami_secret = g_strdup ("world");
  self->server_name = g_strdup ("127.0.0.1");
  self->main_number = g_strdup ("16681706");
  self->plan = g_strdup ("DynamicIPCommunicationCenter v3.0 (simulator)");
  self->dids = g_ptr_array_new_with_free_func (g_free);
  self->server_ids = g_array_new (FALSE, FALSE, sizeof (int));
  self->endpoints = g_ptr_array_new_with_free_func (endpoint_free);
  self->servers = g_ptr_array_new_with_free_func (server_free);
  self->cdr = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_sim_cdr_row_free);
  self->phonebook = g_ptr_array_new_with_free_func (contact_free);
  self->cdr_days = 30;
}

/**
 * dipcc_sim_world_new:
 * @seed: seed of every random choice (CDR, demo flow)
 * @epoch: "now" for the CDR month, unix seconds; 0 for the current time
 *
 * Returns: (transfer full): a world holding the defaults; load a world file
 *   and call dipcc_sim_world_finish() before use.
 */
DipccSimWorld *
dipcc_sim_world_new (guint32 seed,
                     gint64  epoch)
{
  DipccSimWorld *self = g_object_new (DIPCC_SIM_TYPE_WORLD, NULL);

  self->rand = g_rand_new_with_seed (seed);
  self->epoch = epoch > 0 ? epoch : g_get_real_time () / G_USEC_PER_SEC;
  return self;
}

static void
replace_string (char       **field,
                JsonObject  *object,
                const char  *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  g_free (*field);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    *field = g_strdup (json_node_get_string (node));
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    *field = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    *field = g_strdup ("");
}

/* NULL unless @member is an array: a world file is hand-written */
static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
object_element (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

#define STR_MEMBER(o, name, fallback) \
  json_object_get_string_member_with_default ((o), (name), (fallback))

/**
 * dipcc_sim_world_load_file:
 *
 * Reads a world file: every member optional,
 * `{"tenant":"1","app_key":"…","ami_user":"…","ami_secret":"…",
 *   "server_name":"…","servers":[1,2],"main_number":"…","dids":["…"],
 *   "plan":"…","cdr_days":30,"cdr_shape":"object"|"array",
 *   "endpoints":[{"extension":"0101","name":"…","registered":true}],
 *   "phonebook":[{"number":"…","name":"…"}]}`.
 */
gboolean
dipcc_sim_world_load_file (DipccSimWorld  *self,
                           const char     *path,
                           GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *array;

  g_return_val_if_fail (DIPCC_SIM_IS_WORLD (self), FALSE);

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: the world file must hold a JSON object", path);
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  replace_string (&self->tenant, root, "tenant");
  replace_string (&self->app_key, root, "app_key");
  replace_string (&self->ami_user, root, "ami_user");
  replace_string (&self->ami_secret, root, "ami_secret");
  replace_string (&self->server_name, root, "server_name");
  replace_string (&self->main_number, root, "main_number");
  replace_string (&self->plan, root, "plan");

  if (json_object_has_member (root, "cdr_days"))
    self->cdr_days = CLAMP (json_object_get_int_member (root, "cdr_days"), 0, 366);
  if (json_object_has_member (root, "cdr_shape"))
    self->cdr_as_array = g_strcmp0 (json_object_get_string_member_with_default (root, "cdr_shape",
                                                                                ""),
                                    "array") == 0;

  if ((array = array_member (root, "dids")) != NULL)
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          const char *did = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
          if (did != NULL)
            g_ptr_array_add (self->dids, g_strdup (did));
        }
    }

  if (json_object_has_member (root, "servers"))
    {
      JsonNode *node = json_object_get_member (root, "servers");

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          array = json_node_get_array (node);
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);
              int id = JSON_NODE_HOLDS_VALUE (element) ? (int) json_node_get_int (element) : 0;
              if (id > 0)
                g_array_append_val (self->server_ids, id);
            }
        }
      else if (JSON_NODE_HOLDS_VALUE (node))
        {
          dipcc_sim_world_set_n_servers (self, (guint) CLAMP (json_node_get_int (node), 1, 64));
        }
    }

  if ((array = array_member (root, "endpoints")) != NULL)
    {
      g_ptr_array_set_size (self->endpoints, 0);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *o = object_element (array, i);
          const char *ext;
          gboolean registered;

          if (o == NULL)
            continue;
          ext = json_object_get_string_member_with_default (o, "extension", NULL);
          if (ext == NULL || *ext == '\0')
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s: endpoint %u has no extension", path, i);
              return FALSE;
            }
          registered = json_object_get_boolean_member_with_default (o, "registered", TRUE);
          g_ptr_array_add (self->endpoints,
                           endpoint_new (ext, STR_MEMBER (o, "name", ext), registered,
                                         STR_MEMBER (o, "contact_host", NULL)));
        }
    }

  if ((array = array_member (root, "phonebook")) != NULL)
    {
      g_ptr_array_set_size (self->phonebook, 0);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *o = object_element (array, i);
          DipccSimContact *c;

          if (o == NULL || !json_object_has_member (o, "number"))
            continue;
          c = g_new0 (DipccSimContact, 1);
          c->number = g_strdup (json_object_get_string_member_with_default (o, "number", ""));
          c->name = g_strdup (json_object_get_string_member_with_default (o, "name", ""));
          g_ptr_array_add (self->phonebook, c);
        }
    }

  return TRUE;
}

/**
 * dipcc_sim_world_set_n_servers:
 *
 * Servers 1..@n_servers (as `--servers N`), replacing the world file's list.
 */
void
dipcc_sim_world_set_n_servers (DipccSimWorld *self,
                               guint          n_servers)
{
  g_return_if_fail (DIPCC_SIM_IS_WORLD (self));

  g_array_set_size (self->server_ids, 0);
  for (guint i = 1; i <= n_servers; i++)
    {
      int id = (int) i;
      g_array_append_val (self->server_ids, id);
    }
}

static char *
random_external_number (GRand *rand)
{
  static const char *prefixes[] = { "010", "010", "010", "02", "031", "051", "070" };
  const char *prefix = prefixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (prefixes))];

  if (g_str_equal (prefix, "02"))
    return g_strdup_printf ("02%08d", g_rand_int_range (rand, 20000000, 99999999));
  return g_strdup_printf ("%s%08d", prefix, g_rand_int_range (rand, 10000000, 99999999));
}

static DipccSimEndpoint *
random_endpoint (DipccSimWorld *self)
{
  return g_ptr_array_index (self->endpoints,
                            g_rand_int_range (self->rand, 0, self->endpoints->len));
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
generate_cdr (DipccSimWorld *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (self->epoch);
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 0, 0);
  guint seq = 0;

  if (self->endpoints->len == 0)
    return;

  for (int day = (int) self->cdr_days; day >= 0; day--)
    {
      g_autoptr(GDateTime) midnight = g_date_time_add_days (today, -day);
      int weekday = g_date_time_get_day_of_week (midnight);
      int n_calls = weekday >= 6 ? g_rand_int_range (self->rand, 2, 9)
                                 : g_rand_int_range (self->rand, 20, 46);
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (int i = 0; i < n_calls; i++)
        {
          /* office hours, busier in the morning and after lunch */
          double hour = g_rand_double_range (self->rand, 8.5, 19.0);
          gint64 t;

          if (g_rand_int_range (self->rand, 0, 3) == 0)
            hour = g_rand_double_range (self->rand, 9.5, 11.5);
          t = g_date_time_to_unix (midnight) + (gint64) (hour * 3600.0);
          g_array_append_val (times, t);
        }
      g_array_sort (times, compare_int64);
      for (guint i = 0; i < times->len; i++)
        {
          gint64 t = g_array_index (times, gint64, i);
          DipccSimCdrRow *row;
          int kind = g_rand_int_range (self->rand, 0, 100);
          int disp = g_rand_int_range (self->rand, 0, 100);
          int ring = g_rand_int_range (self->rand, 3, 26);
          DipccSimEndpoint *ext = random_endpoint (self);
          g_autofree char *name = NULL;
          g_autofree char *stamp = NULL;
          g_autoptr(GDateTime) dt = NULL;
          const char *prefix;

          if (t >= self->epoch)
            continue;

          row = g_new0 (DipccSimCdrRow, 1);
          row->calldate = t;
          row->uniqueid = g_strdup_printf ("%" G_GINT64_FORMAT ".%u", t, ++seq);
          row->linkedid = g_strdup (row->uniqueid);

          if (kind < 45)
            {
              DipccSimContact *c = NULL;

              row->calltype = 2;
              if (self->phonebook->len > 0 && g_rand_int_range (self->rand, 0, 100) < 40)
                c = g_ptr_array_index (self->phonebook,
                                       g_rand_int_range (self->rand, 0, self->phonebook->len));
              row->source = c ? g_strdup (c->number) : random_external_number (self->rand);
              name = g_strdup (c ? c->name : row->source);
              row->destination = g_strdup (ext->extension);
              row->dcontext = g_strdup ("ext-did");
              row->channel = g_strdup_printf ("PJSIP/MAKECALL-%08x", seq);
              row->dstchannel = g_strdup_printf ("PJSIP/%s-%08x", ext->extension, seq + 1);
              prefix = "in";
            }
          else if (kind < 80)
            {
              row->calltype = 3;
              row->source = g_strdup (ext->extension);
              name = g_strdup (ext->name);
              row->destination = random_external_number (self->rand);
              row->dcontext = g_strdup ("T2_cos-all");
              row->channel = g_strdup_printf ("PJSIP/%s-%08x", ext->extension, seq);
              row->dstchannel = g_strdup_printf ("PJSIP/MAKECALL-%08x", seq + 1);
              prefix = "out";
            }
          else if (kind < 95)
            {
              DipccSimEndpoint *other = random_endpoint (self);

              if (other == ext)
                {
                  guint index = 0;

                  g_ptr_array_find (self->endpoints, ext, &index);
                  other = g_ptr_array_index (self->endpoints, (index + 1) % self->endpoints->len);
                }
              row->calltype = 1;
              row->source = g_strdup (ext->extension);
              name = g_strdup (ext->name);
              row->destination = g_strdup (other->extension);
              row->dcontext = g_strdup ("T2_cos-all");
              row->channel = g_strdup_printf ("PJSIP/%s-%08x", ext->extension, seq);
              row->dstchannel = g_strdup_printf ("PJSIP/%s-%08x", other->extension, seq + 1);
              prefix = "internal";
            }
          else
            {
              row->calltype = 4;
              row->source = random_external_number (self->rand);
              name = g_strdup (row->source);
              row->destination = random_external_number (self->rand);
              row->dcontext = g_strdup ("sub-custom-numbers");
              row->channel = g_strdup_printf ("PJSIP/MAKECALL-%08x", seq);
              row->dstchannel = g_strdup_printf ("PJSIP/MAKECALL-%08x", seq + 1);
              prefix = "trunk";
            }
          row->clid = g_strdup_printf ("\"%s\" <%s>", name, row->source);

          if (disp < 70)
            {
              double r = g_rand_double (self->rand) * g_rand_double (self->rand);

              row->disposition = g_strdup ("ANSWERED");
              row->billsec = 15 + (int) (r * 900);
            }
          else if (disp < 90)
            row->disposition = g_strdup ("NO ANSWER");
          else if (disp < 96)
            row->disposition = g_strdup ("BUSY");
          else
            row->disposition = g_strdup ("FAILED");
          row->duration = ring + row->billsec;

          dt = g_date_time_new_from_unix_local (t);
          stamp = g_date_time_format (dt, "%Y%m%d-%H%M%S");
          if (row->billsec > 0)
            row->recfile = g_strdup_printf ("%s-%s-%s-%s-%s.wav", prefix, row->destination,
                                            row->source, stamp, row->uniqueid);
          else
            row->recfile = g_strdup ("");

          g_ptr_array_add (self->cdr, row);
        }
    }
}

static DipccSimServer *
server_new (DipccSimWorld *self,
            int            id)
{
  DipccSimServer *s = g_new0 (DipccSimServer, 1);

  s->id = id;
  s->name = id == 1 ? g_strdup (self->server_name)
                    : g_strdup_printf ("%s-%d", self->server_name, id);
  s->endpoints = g_ptr_array_new_with_free_func (endpoint_free);
  for (guint i = 0; i < self->endpoints->len; i++)
    {
      DipccSimEndpoint *e = g_ptr_array_index (self->endpoints, i);
      g_ptr_array_add (s->endpoints,
                       endpoint_new (e->extension, e->name, e->registered, e->contact_host));
    }
  s->astdb = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Every Asterisk starts its uniqueids at its boot time: two servers booted
   * together hand out the same ids, as real ones do. */
  s->uniqueid_base = g_get_real_time () / G_USEC_PER_SEC;
  return s;
}

/**
 * dipcc_sim_world_finish:
 *
 * Fills whatever the world file left out with the defaults, builds the
 * servers and generates the CDR month. Call once, after loading.
 */
void
dipcc_sim_world_finish (DipccSimWorld *self)
{
  g_return_if_fail (DIPCC_SIM_IS_WORLD (self));
  g_return_if_fail (!self->finished);

  self->finished = TRUE;

  if (self->endpoints->len == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (default_endpoints); i++)
        g_ptr_array_add (self->endpoints, endpoint_new (default_endpoints[i].extension,
                                                        default_endpoints[i].name,
                                                        default_endpoints[i].registered,
                                                        NULL));
    }
  for (guint i = 0; i < self->endpoints->len; i++)
    {
      DipccSimEndpoint *e = g_ptr_array_index (self->endpoints, i);

      /* TEST-NET-1 addresses: text for the listing, never a place to go */
      if (e->contact_host == NULL)
        e->contact_host = g_strdup_printf ("192.0.2.%u", 10 + i);
    }
  if (self->phonebook->len == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (default_phonebook); i++)
        {
          DipccSimContact *c = g_new0 (DipccSimContact, 1);
          c->number = g_strdup (default_phonebook[i].number);
          c->name = g_strdup (default_phonebook[i].name);
          g_ptr_array_add (self->phonebook, c);
        }
    }
  if (self->dids->len == 0)
    {
      g_ptr_array_add (self->dids, g_strdup ("07079190158"));
      g_ptr_array_add (self->dids, g_strdup ("07079190159"));
    }
  if (self->server_ids->len == 0)
    dipcc_sim_world_set_n_servers (self, 1);

  for (guint i = 0; i < self->server_ids->len; i++)
    g_ptr_array_add (self->servers, server_new (self, g_array_index (self->server_ids, int, i)));

  generate_cdr (self);
}

const char *
dipcc_sim_world_get_tenant (DipccSimWorld *self)
{
  return self->tenant;
}

const char *
dipcc_sim_world_get_app_key (DipccSimWorld *self)
{
  return self->app_key;
}

const char *
dipcc_sim_world_get_ami_user (DipccSimWorld *self)
{
  return self->ami_user;
}

const char *
dipcc_sim_world_get_ami_secret (DipccSimWorld *self)
{
  return self->ami_secret;
}

const char *
dipcc_sim_world_get_main_number (DipccSimWorld *self)
{
  return self->main_number;
}

const char *
dipcc_sim_world_get_did (DipccSimWorld *self,
                         guint          index)
{
  if (self->dids->len == 0)
    return "";
  return g_ptr_array_index (self->dids, index % self->dids->len);
}

const char *
dipcc_sim_world_get_plan (DipccSimWorld *self)
{
  return self->plan;
}

gboolean
dipcc_sim_world_get_cdr_as_array (DipccSimWorld *self)
{
  return self->cdr_as_array;
}

GRand *
dipcc_sim_world_get_rand (DipccSimWorld *self)
{
  return self->rand;
}

/**
 * dipcc_sim_world_get_servers:
 *
 * Returns: (transfer none) (element-type DipccSimServer): the servers
 */
GPtrArray *
dipcc_sim_world_get_servers (DipccSimWorld *self)
{
  return self->servers;
}

DipccSimServer *
dipcc_sim_world_find_server (DipccSimWorld *self,
                             int            server_id)
{
  for (guint i = 0; i < self->servers->len; i++)
    {
      DipccSimServer *s = g_ptr_array_index (self->servers, i);
      if (s->id == server_id)
        return s;
    }
  return NULL;
}

DipccSimEndpoint *
dipcc_sim_server_find_endpoint (DipccSimServer *server,
                                const char     *extension)
{
  if (extension == NULL)
    return NULL;
  for (guint i = 0; i < server->endpoints->len; i++)
    {
      DipccSimEndpoint *e = g_ptr_array_index (server->endpoints, i);
      if (g_str_equal (e->extension, extension))
        return e;
    }
  return NULL;
}

/* Asterisk's "{boot seconds}.{sequence}" */
char *
dipcc_sim_server_next_uniqueid (DipccSimServer *server)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%u", server->uniqueid_base, server->uniqueid_seq++);
}

guint
dipcc_sim_server_next_channel (DipccSimServer *server)
{
  return server->channel_seq++;
}

GPtrArray *
dipcc_sim_world_get_cdr (DipccSimWorld *self)
{
  return self->cdr;
}

/**
 * dipcc_sim_world_add_cdr:
 * @row: (transfer full): a finished call
 */
void
dipcc_sim_world_add_cdr (DipccSimWorld  *self,
                         DipccSimCdrRow *row)
{
  g_ptr_array_add (self->cdr, row);
}

JsonNode *
dipcc_sim_cdr_row_to_json (DipccSimCdrRow *row)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (row->calldate);
  g_autofree char *calldate = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "calldate");
  json_builder_add_string_value (b, calldate);
  json_builder_set_member_name (b, "clid");
  json_builder_add_string_value (b, row->clid);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, row->source);
  json_builder_set_member_name (b, "destination");
  json_builder_add_string_value (b, row->destination);
  json_builder_set_member_name (b, "dcontext");
  json_builder_add_string_value (b, row->dcontext);
  json_builder_set_member_name (b, "channel");
  json_builder_add_string_value (b, row->channel);
  json_builder_set_member_name (b, "dstchannel");
  json_builder_add_string_value (b, row->dstchannel);
  json_builder_set_member_name (b, "duration");
  json_builder_add_int_value (b, row->duration);
  json_builder_set_member_name (b, "billsec");
  json_builder_add_int_value (b, row->billsec);
  json_builder_set_member_name (b, "disposition");
  json_builder_add_string_value (b, row->disposition);
  json_builder_set_member_name (b, "calltype");
  json_builder_add_int_value (b, row->calltype);
  json_builder_set_member_name (b, "uniqueid");
  json_builder_add_string_value (b, row->uniqueid);
  json_builder_set_member_name (b, "linkedid");
  json_builder_add_string_value (b, row->linkedid);
  json_builder_set_member_name (b, "recfile");
  json_builder_add_string_value (b, row->recfile);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

GPtrArray *
dipcc_sim_world_get_phonebook (DipccSimWorld *self)
{
  return self->phonebook;
}

const char *
dipcc_sim_world_lookup_name (DipccSimWorld *self,
                             const char    *number)
{
  for (guint i = 0; i < self->phonebook->len; i++)
    {
      DipccSimContact *c = g_ptr_array_index (self->phonebook, i);
      if (g_strcmp0 (c->number, number) == 0)
        return c->name;
    }
  return NULL;
}
