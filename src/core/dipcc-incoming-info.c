/* dipcc-incoming-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-incoming-info"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-error.h"
#include "dipcc-incoming-info.h"
#include "dipcc-text.h"

#define INCOMING_PREFIX "incoming-"

G_DEFINE_BOXED_TYPE (DipccIncomingInfo, dipcc_incoming_info,
                     dipcc_incoming_info_copy, dipcc_incoming_info_free)

/* Finds the last @c in [start, end), or NULL. */
static const char *
find_last (const char *start,
           const char *end,
           char        c)
{
  while (end > start)
    {
      end--;
      if (*end == c)
        return end;
    }
  return NULL;
}

/**
 * dipcc_incoming_info_parse:
 * @user_event: the `UserEvent` value of an incoming-call alert
 * @error: return location for a #GError
 *
 * Splits `incoming-{main}-{DID}-{channel}-{caller}-{uniqueid}`: main and
 * DID are the first two fields after the prefix, caller and uniqueid the last
 * two, and the channel everything in between, since channel names contain
 * `-` (`PJSIP/trunk-kt-0000001a`, `Local/s@incoming-00000001;2`).
 *
 * The prefix is matched case-sensitively, as the dialplan writes it. Main
 * number, DID and caller may be empty (an anonymous caller gives
 * `…-0000001a--1598510618.33`); the channel and the uniqueid may not, since
 * the call is tracked by them. The caller is chosen by whoever calls, so no
 * field is trusted to be UTF-8: bytes that are not are replaced.
 *
 * Returns: (transfer full): the fields, or %NULL with
 *   %DIPCC_ERROR_INVALID_INPUT when @user_event is not an incoming-call event
 *   at all, or %DIPCC_ERROR_PROTOCOL when it is one with fields missing
 */
DipccIncomingInfo *
dipcc_incoming_info_parse (const char  *user_event,
                           GError     **error)
{
  g_autoptr(DipccIncomingInfo) info = NULL;
  g_autofree char *text = NULL;
  const char *rest;
  const char *end;
  const char *main_end;
  const char *did_end;
  const char *uniqueid_start;
  const char *caller_start;

  g_return_val_if_fail (user_event != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strncmp (user_event, INCOMING_PREFIX, strlen (INCOMING_PREFIX)) != 0)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %s is the event name prefix, “incoming-” */
                   _("The event is not an incoming-call alert: "
                     "its name does not start with “%s”"), INCOMING_PREFIX);
      return NULL;
    }

  /* Replacing bytes never adds or removes a '-' (U+FFFD has none), so
   * making the whole text valid first splits it the same way. */
  text = dipcc_utf8_make_valid (user_event, -1, NULL);
  rest = text + strlen (INCOMING_PREFIX);
  end = rest + strlen (rest);

  main_end = strchr (rest, '-');
  did_end = main_end ? strchr (main_end + 1, '-') : NULL;
  uniqueid_start = find_last (rest, end, '-');
  caller_start = uniqueid_start ? find_last (rest, uniqueid_start, '-') : NULL;

  /* The channel lies between the DID's '-' and the caller's '-': both must
   * exist and be distinct, or fewer than six fields were sent. */
  if (did_end == NULL || caller_start == NULL || caller_start <= did_end)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
                   _("The PBX sent an incoming-call alert with fields missing: "
                     "check the sub-incoming-alert-info dialplan"));
      return NULL;
    }

  if (caller_start == did_end + 1)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
                   _("The PBX sent an incoming-call alert without a channel: "
                     "check the sub-incoming-alert-info dialplan"));
      return NULL;
    }

  if (uniqueid_start + 1 == end)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
                   _("The PBX sent an incoming-call alert without a call id: "
                     "check the sub-incoming-alert-info dialplan"));
      return NULL;
    }

  info = g_new0 (DipccIncomingInfo, 1);
  info->main_number = g_strndup (rest, main_end - rest);
  info->did = g_strndup (main_end + 1, did_end - (main_end + 1));
  info->channel = g_strndup (did_end + 1, caller_start - (did_end + 1));
  info->caller = g_strndup (caller_start + 1, uniqueid_start - (caller_start + 1));
  info->uniqueid = g_strdup (uniqueid_start + 1);

  return g_steal_pointer (&info);
}

/**
 * dipcc_incoming_info_copy:
 * @info: the fields
 *
 * Returns: (transfer full): a deep copy of @info
 */
DipccIncomingInfo *
dipcc_incoming_info_copy (DipccIncomingInfo *info)
{
  DipccIncomingInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (DipccIncomingInfo, 1);
  copy->main_number = g_strdup (info->main_number);
  copy->did = g_strdup (info->did);
  copy->channel = g_strdup (info->channel);
  copy->caller = g_strdup (info->caller);
  copy->uniqueid = g_strdup (info->uniqueid);
  return copy;
}

/**
 * dipcc_incoming_info_free:
 * @info: (nullable): the fields
 *
 * Frees @info and its strings; %NULL is ignored.
 */
void
dipcc_incoming_info_free (DipccIncomingInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->main_number);
  g_free (info->did);
  g_free (info->channel);
  g_free (info->caller);
  g_free (info->uniqueid);
  g_free (info);
}
