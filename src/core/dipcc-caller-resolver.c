/* dipcc-caller-resolver.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-caller-resolver"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-caller-resolver.h"
#include "dipcc-cdr-record.h"
#include "dipcc-phone-number.h"
#include "dipcc-text.h"

/* Names learnt from the call history are bounded: the oldest go first. */
#define MAX_HISTORY_NAMES 20000
#define MAX_NAME_CHARS    128

typedef struct {
  char   *name;
  gint64  when;
} HistoryName;

struct _DipccCallerResolver
{
  GObject            parent_instance;

  /* Owned */
  DipccContactStore *contacts;
  DipccEndpointList *endpoints;
  GHashTable        *history;        /* match key → HistoryName */
  GQueue             history_order;  /* match keys, oldest first */
};

G_DEFINE_FINAL_TYPE (DipccCallerResolver, dipcc_caller_resolver, G_TYPE_OBJECT)

static void
history_name_free (gpointer data)
{
  HistoryName *entry = data;

  g_free (entry->name);
  g_free (entry);
}

static void
dipcc_caller_resolver_finalize (GObject *object)
{
  DipccCallerResolver *self = DIPCC_CALLER_RESOLVER (object);

  g_clear_object (&self->contacts);
  g_clear_object (&self->endpoints);
  g_clear_pointer (&self->history, g_hash_table_unref);
  g_queue_clear_full (&self->history_order, g_free);

  G_OBJECT_CLASS (dipcc_caller_resolver_parent_class)->finalize (object);
}

static void
dipcc_caller_resolver_class_init (DipccCallerResolverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dipcc_caller_resolver_finalize;
}

static void
dipcc_caller_resolver_init (DipccCallerResolver *self)
{
  self->history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, history_name_free);
  g_queue_init (&self->history_order);
}

/**
 * dipcc_caller_resolver_new:
 * @contacts: (nullable): the agent's contacts
 * @endpoints: (nullable): the PBX's endpoints, for colleagues
 *
 * Returns: (transfer full): a resolver
 */
DipccCallerResolver *
dipcc_caller_resolver_new (DipccContactStore *contacts,
                           DipccEndpointList *endpoints)
{
  DipccCallerResolver *self = g_object_new (DIPCC_TYPE_CALLER_RESOLVER, NULL);

  if (contacts != NULL)
    self->contacts = g_object_ref (contacts);
  if (endpoints != NULL)
    self->endpoints = g_object_ref (endpoints);
  return self;
}

/* `"Kim Minsu" <0101>` → name `Kim Minsu`, number `0101` */
static gboolean
split_clid (const char  *clid,
            char       **name,
            char       **number)
{
  const char *lt = strrchr (clid, '<');
  const char *gt = lt ? strchr (lt, '>') : NULL;
  g_autofree char *raw_name = NULL;

  if (lt == NULL || gt == NULL)
    return FALSE;
  raw_name = g_strndup (clid, lt - clid);
  g_strstrip (raw_name);
  if (raw_name[0] == '"')
    {
      gsize len = strlen (raw_name);

      memmove (raw_name, raw_name + 1, len);
      if (len > 1 && raw_name[len - 2] == '"')
        raw_name[len - 2] = '\0';
    }
  *name = dipcc_text_sanitize_display (raw_name, -1, MAX_NAME_CHARS);
  *number = g_strndup (lt + 1, gt - lt - 1);
  return TRUE;
}

static gboolean
is_meaningful_name (const char *name,
                    const char *number)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (name, "<unknown>") == 0 || g_ascii_strcasecmp (name, "unknown") == 0 ||
      g_ascii_strcasecmp (name, "anonymous") == 0)
    return FALSE;
  /* a name that is only the number again says nothing */
  return !dipcc_phone_number_equal (name, number);
}

/**
 * dipcc_caller_resolver_add_history:
 * @records: (element-type DipccCdrRecord): call records, such as the last
 *   month's
 *
 * Learns the names callers gave in earlier calls (the `clid` column), the
 * newest per number. At most 20000 numbers are kept.
 */
void
dipcc_caller_resolver_add_history (DipccCallerResolver *self,
                                   GPtrArray           *records)
{
  g_return_if_fail (DIPCC_IS_CALLER_RESOLVER (self));
  g_return_if_fail (records != NULL);

  for (guint i = 0; i < records->len; i++)
    {
      DipccCdrRecord *record = g_ptr_array_index (records, i);
      g_autofree char *name = NULL;
      g_autofree char *number = NULL;
      g_autofree char *key = NULL;
      GDateTime *calldate = dipcc_cdr_record_get_calldate (record);
      gint64 when = calldate ? g_date_time_to_unix (calldate) : 0;
      HistoryName *entry;

      if (!split_clid (dipcc_cdr_record_get_clid (record), &name, &number) ||
          !is_meaningful_name (name, number))
        continue;
      key = dipcc_phone_number_match_key (number);
      if (key == NULL)
        continue;

      entry = g_hash_table_lookup (self->history, key);
      if (entry != NULL)
        {
          if (when >= entry->when)
            {
              g_free (entry->name);
              entry->name = g_steal_pointer (&name);
              entry->when = when;
            }
          continue;
        }

      entry = g_new0 (HistoryName, 1);
      entry->name = g_steal_pointer (&name);
      entry->when = when;
      g_queue_push_tail (&self->history_order, g_strdup (key));
      g_hash_table_insert (self->history, g_steal_pointer (&key), entry);
      while (g_queue_get_length (&self->history_order) > MAX_HISTORY_NAMES)
        {
          g_autofree char *old = g_queue_pop_head (&self->history_order);

          g_hash_table_remove (self->history, old);
        }
    }
}

/**
 * dipcc_caller_resolver_resolve:
 * @server_id: the server of the call, for colleagues' phones
 * @number: (nullable): the caller's (or callee's) number
 * @pbx_name: (nullable): the caller-id name the PBX passed on
 * @source: (out) (optional): where the name came from
 * @contact: (out) (optional) (transfer none) (nullable): the matching
 *   contact, for "Open contact"
 *
 * Gives a call its display name: a contact with this number, else a
 * phone on the PBX (a colleague), else the name an earlier call record
 * gave, else the PBX's caller-id name (made safe to show), else the number
 * in Korean grouping. Each lookup is O(1).
 *
 * Returns: (transfer full): the name to show, never empty
 */
char *
dipcc_caller_resolver_resolve (DipccCallerResolver  *self,
                               int                   server_id,
                               const char           *number,
                               const char           *pbx_name,
                               DipccCallerSource    *source,
                               DipccContact        **contact)
{
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  DipccCallerSource found = DIPCC_CALLER_SOURCE_UNKNOWN;

  g_return_val_if_fail (DIPCC_IS_CALLER_RESOLVER (self), NULL);

  if (contact)
    *contact = NULL;
  if (number == NULL)
    number = "";
  key = dipcc_phone_number_match_key (number);

  if (key != NULL && self->contacts != NULL)
    {
      DipccContact *match = dipcc_contact_store_lookup_number (self->contacts, number);

      if (match != NULL)
        {
          if (contact)
            *contact = match;
          name = g_strdup (dipcc_contact_get_display_name (match));
          found = DIPCC_CALLER_SOURCE_CONTACT;
        }
    }

  if (name == NULL && key != NULL && self->endpoints != NULL)
    {
      DipccEndpoint *endpoint = dipcc_endpoint_list_lookup (self->endpoints, server_id, key);

      if (endpoint != NULL)
        {
          const char *display = dipcc_endpoint_get_display_name (endpoint);

          /* a colleague: "Kim Minsu (0101)", or the extension alone */
          if (g_strcmp0 (display, dipcc_endpoint_get_name (endpoint)) != 0)
            name = g_strdup_printf ("%s (%s)", display, dipcc_endpoint_get_name (endpoint));
          else
            name = g_strdup_printf (_("Extension %s"), dipcc_endpoint_get_name (endpoint));
          found = DIPCC_CALLER_SOURCE_ENDPOINT;
        }
    }

  if (name == NULL && key != NULL)
    {
      HistoryName *entry = g_hash_table_lookup (self->history, key);

      if (entry != NULL)
        {
          name = g_strdup (entry->name);
          found = DIPCC_CALLER_SOURCE_HISTORY;
        }
    }

  if (name == NULL && pbx_name != NULL)
    {
      g_autofree char *clean = dipcc_text_sanitize_display (pbx_name, -1, MAX_NAME_CHARS);

      if (is_meaningful_name (clean, number))
        {
          name = g_steal_pointer (&clean);
          found = DIPCC_CALLER_SOURCE_PBX;
        }
    }

  if (name == NULL && *number != '\0')
    {
      name = dipcc_phone_number_format (number);
      found = DIPCC_CALLER_SOURCE_NUMBER;
    }

  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = g_strdup (_("Unknown caller"));
      found = DIPCC_CALLER_SOURCE_UNKNOWN;
    }

  if (source)
    *source = found;
  return g_steal_pointer (&name);
}
