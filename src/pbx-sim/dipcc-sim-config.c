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
 *   URL query can carry them): drop, stall, garbage, oversize, drip,
 *   flood=N or flood=N:RATE, and deny-commands[=0|1]
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
                       "unknown fault \"%s\" (drop, stall, garbage, oversize, drip, flood, "
                       "deny-commands)", name);
          return FALSE;
        }
    }
  return TRUE;
}
