/* dipcc-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-json"

#include "config.h"

#include "dipcc-json.h"

/**
 * dipcc_json_depth_is_within:
 * @data: JSON text, not necessarily valid or NUL-terminated
 * @len: its length in bytes
 * @max_depth: the most arrays and objects that may nest
 *
 * Counts how deep arrays and objects nest outside strings, without parsing
 * anything else: call it before json_parser_load_from_data() on data from
 * the network, whose recursion would otherwise overflow the stack.
 *
 * Returns: whether @data nests no deeper than @max_depth
 */
gboolean
dipcc_json_depth_is_within (const char *data,
                            gsize       len,
                            guint       max_depth)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return TRUE;
}
