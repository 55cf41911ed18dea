/* dipcc-cdr-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-cdr-query"

#include "config.h"

#include "dipcc-cdr-query.h"

G_DEFINE_BOXED_TYPE (DipccCdrQuery, dipcc_cdr_query,
                     dipcc_cdr_query_copy, dipcc_cdr_query_free)

/**
 * dipcc_cdr_query_new:
 *
 * Returns: (transfer full): a query with nothing set: every record, in the
 *   server's default order and page size
 */
DipccCdrQuery *
dipcc_cdr_query_new (void)
{
  return g_new0 (DipccCdrQuery, 1);
}

/**
 * dipcc_cdr_query_copy:
 *
 * Returns: (transfer full): a deep copy of @query
 */
DipccCdrQuery *
dipcc_cdr_query_copy (const DipccCdrQuery *query)
{
  DipccCdrQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_memdup2 (query, sizeof *query);
  copy->extensions = g_strdupv (query->extensions);
  copy->order_by = g_strdup (query->order_by);
  copy->search = g_strdup (query->search);
  copy->search_fields = g_strdupv (query->search_fields);
  return copy;
}

void
dipcc_cdr_query_free (DipccCdrQuery *query)
{
  if (query == NULL)
    return;

  g_strfreev (query->extensions);
  g_free (query->order_by);
  g_free (query->search);
  g_strfreev (query->search_fields);
  g_free (query);
}

/**
 * dipcc_cdr_query_add_calltype:
 * @calltype: a call type other than %DIPCC_CALL_TYPE_UNKNOWN
 *
 * Adds @calltype to the types asked for.
 */
void
dipcc_cdr_query_add_calltype (DipccCdrQuery *query,
                              DipccCallType  calltype)
{
  g_return_if_fail (query != NULL);
  g_return_if_fail (calltype >= DIPCC_CALL_TYPE_INTERNAL && calltype <= DIPCC_CALL_TYPE_TRUNK);

  query->calltypes |= DIPCC_CDR_CALL_TYPE_BIT (calltype);
}

static void
append_name (GString    *out,
             const char *name)
{
  if (out->len > 0)
    g_string_append_c (out, '&');
  g_string_append (out, name);
  g_string_append_c (out, '=');
}

static void
append_param (GString    *out,
              const char *name,
              const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  append_name (out, name);
  g_string_append_uri_escaped (out, value, NULL, FALSE);
}

/* A list is one parameter with its items separated by literal commas; a
 * comma inside an item is escaped so it cannot split it. */
static void
append_list (GString            *out,
             const char         *name,
             const char * const *items)
{
  gboolean first = TRUE;

  for (; items != NULL && *items != NULL; items++)
    {
      if (**items == '\0')
        continue;
      if (first)
        append_name (out, name);
      else
        g_string_append_c (out, ',');
      g_string_append_uri_escaped (out, *items, NULL, FALSE);
      first = FALSE;
    }
}

/**
 * dipcc_cdr_query_to_query_string:
 *
 * Writes the parameters that are set, always in the order of the vendor's
 * manual (`extensions`, `calltype`, `start_date`, `end_date`, `limit`,
 * `order_by`, `order_type`, `search`, `search_fields`, `call_history`),
 * each value percent-encoded; the commas between list items stay commas.
 *
 * Returns: (transfer full): the query string without the leading `?`;
 *   empty when nothing is set
 */
char *
dipcc_cdr_query_to_query_string (const DipccCdrQuery *query)
{
  GString *out;
  guint type;

  g_return_val_if_fail (query != NULL, NULL);

  out = g_string_new (NULL);

  append_list (out, "extensions", (const char * const *) query->extensions);

  if (query->calltypes != 0)
    {
      gboolean first = TRUE;

      for (type = DIPCC_CALL_TYPE_INTERNAL; type <= DIPCC_CALL_TYPE_TRUNK; type++)
        {
          if ((query->calltypes & DIPCC_CDR_CALL_TYPE_BIT (type)) == 0)
            continue;
          if (first)
            append_name (out, "calltype");
          else
            g_string_append_c (out, ',');
          g_string_append_printf (out, "%u", type);
          first = FALSE;
        }
    }

  if (query->start_date > 0)
    {
      append_name (out, "start_date");
      g_string_append_printf (out, "%" G_GINT64_FORMAT, query->start_date);
    }
  if (query->end_date > 0)
    {
      append_name (out, "end_date");
      g_string_append_printf (out, "%" G_GINT64_FORMAT, query->end_date);
    }

  if (query->count > 0)
    {
      append_name (out, "limit");
      g_string_append_printf (out, "%u,%u", query->offset, query->count);
    }

  append_param (out, "order_by", query->order_by);

  switch (query->order_type)
    {
    case DIPCC_CDR_ORDER_TYPE_ASC:
      append_param (out, "order_type", "asc");
      break;

    case DIPCC_CDR_ORDER_TYPE_DESC:
      append_param (out, "order_type", "desc");
      break;

    case DIPCC_CDR_ORDER_TYPE_UNSET:
    default:
      break;
    }

  append_param (out, "search", query->search);
  append_list (out, "search_fields", (const char * const *) query->search_fields);

  switch (query->call_history)
    {
    case DIPCC_CDR_CALL_HISTORY_YES:
      append_param (out, "call_history", "yes");
      break;

    case DIPCC_CDR_CALL_HISTORY_NO:
      append_param (out, "call_history", "no");
      break;

    case DIPCC_CDR_CALL_HISTORY_UNSET:
    default:
      break;
    }

  return g_string_free (out, FALSE);
}
