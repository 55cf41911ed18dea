/* dipcc-sim-config.c: parsing of fault specs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-sim"

#include "config.h"

#include <stdlib.h>

#include "dipcc-sim-config.h"

static gboolean
parse_uint (const char  *name,
            const char  *text,
            guint       *out,
            GError     **error)
{
  guint64 v;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &v, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "fault %s needs a number, got \"%s\"", name, text ? text : "");
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

/**
 * dipcc_sim_faults_parse:
 * @spec: `name=N` items separated by `,` or `&` (the latter so a WebSocket
 *   URL query can carry them): drop, stall, garbage, oversize,
 *   oversize-bytes, drip, badutf8, listdrop, flood=N or flood=N:RATE, and
 *   deny-commands[=0|1]
 *
 * Adds the faults of @spec to @faults.
 */
gboolean
dipcc_sim_faults_parse (DipccSimFaults  *faults,
                        const char      *spec,
                        GError         **error)
{
  g_auto(GStrv) items = NULL;

  if (spec == NULL || *spec == '\0')
    return TRUE;

  items = g_strsplit_set (spec, ",&", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) kv = NULL;
      const char *name;
      const char *value;

      if (*items[i] == '\0')
        continue;
      kv = g_strsplit (items[i], "=", 2);
      name = kv[0];
      value = kv[1];

      if (g_str_equal (name, "drop"))
        {
          if (!parse_uint (name, value, &faults->drop_after, error))
            return FALSE;
        }
      else if (g_str_equal (name, "stall"))
        {
          if (!parse_uint (name, value, &faults->stall_after, error))
            return FALSE;
        }
      else if (g_str_equal (name, "garbage"))
        {
          if (!parse_uint (name, value, &faults->garbage_every, error))
            return FALSE;
        }
      else if (g_str_equal (name, "oversize"))
        {
          if (!parse_uint (name, value, &faults->oversize_after, error))
            return FALSE;
        }
      else if (g_str_equal (name, "oversize-bytes"))
        {
          if (!parse_uint (name, value, &faults->oversize_bytes, error))
            return FALSE;
        }
      else if (g_str_equal (name, "badutf8"))
        {
          if (!parse_uint (name, value, &faults->badutf8_after, error))
            return FALSE;
        }
      else if (g_str_equal (name, "listdrop"))
        {
          if (!parse_uint (name, value, &faults->listdrop_items, error))
            return FALSE;
        }
      else if (g_str_equal (name, "drip"))
        {
          if (!parse_uint (name, value, &faults->drip_ms, error))
            return FALSE;
        }
      else if (g_str_equal (name, "flood"))
        {
          g_auto(GStrv) parts = g_strsplit (value ? value : "", ":", 2);

          if (!parse_uint (name, parts[0], &faults->flood_count, error))
            return FALSE;
          faults->flood_rate = 0;
          if (parts[0] != NULL && parts[1] != NULL &&
              !parse_uint (name, parts[1], &faults->flood_rate, error))
            return FALSE;
        }
      else if (g_str_equal (name, "deny-commands"))
        {
          guint on = 1;

          if (value != NULL && !parse_uint (name, value, &on, error))
            return FALSE;
          faults->deny_commands = on != 0;
        }
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "unknown fault \"%s\" (drop, stall, garbage, oversize, oversize-bytes, "
                       "drip, badutf8, listdrop, flood, deny-commands)", name);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * dipcc_sim_faults_any:
 *
 * Returns: whether @faults sets any connection fault
 */
gboolean
dipcc_sim_faults_any (const DipccSimFaults *faults)
{
  return faults->drop_after || faults->stall_after || faults->garbage_every ||
         faults->oversize_after || faults->oversize_bytes || faults->drip_ms ||
         faults->badutf8_after || faults->listdrop_items || faults->flood_count ||
         faults->deny_commands;
}

/**
 * dipcc_sim_faults_arm:
 * @faults: a connection's faults
 * @n_sent: how many messages the connection has sent so far
 * @armed: faults to add: what they set replaces @faults' own, and their
 *   counts start from now (`drop=3` closes after 3 more messages)
 */
void
dipcc_sim_faults_arm (DipccSimFaults       *faults,
                      guint                 n_sent,
                      const DipccSimFaults *armed)
{
  if (armed->drop_after)
    faults->drop_after = n_sent + armed->drop_after;
  if (armed->stall_after)
    faults->stall_after = n_sent + armed->stall_after;
  if (armed->garbage_every)
    faults->garbage_every = armed->garbage_every;
  if (armed->oversize_after)
    faults->oversize_after = n_sent + armed->oversize_after;
  if (armed->oversize_bytes)
    faults->oversize_bytes = armed->oversize_bytes;
  if (armed->drip_ms)
    faults->drip_ms = armed->drip_ms;
  if (armed->badutf8_after)
    faults->badutf8_after = n_sent + armed->badutf8_after;
  if (armed->listdrop_items)
    faults->listdrop_items = armed->listdrop_items;
  if (armed->deny_commands)
    faults->deny_commands = TRUE;
}
