/* dipcc-device-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-device-state"

#include "config.h"

#include <string.h>

#include "dipcc-device-state.h"
#include "dipcc-text.h"

typedef struct
{
  const char       *text;
  DipccDeviceState  state;
} StateName;

/* PJSIPShowEndpoints lists `DeviceState: Not in use`, DeviceStateChange
 * sends `State: NOT_INUSE`: both come from Asterisk's own tables
 * (ast_devstate_str() and ast_devstate2str()), so nothing else is expected,
 * but case and surrounding blanks are forgiven. `Ring+In use` is what some
 * releases print for RINGINUSE. */
static const StateName state_names[] = {
  { "UNKNOWN",     DIPCC_DEVICE_STATE_UNKNOWN },
  { "Unknown",     DIPCC_DEVICE_STATE_UNKNOWN },
  { "NOT_INUSE",   DIPCC_DEVICE_STATE_NOT_INUSE },
  { "Not in use",  DIPCC_DEVICE_STATE_NOT_INUSE },
  { "INUSE",       DIPCC_DEVICE_STATE_INUSE },
  { "In use",      DIPCC_DEVICE_STATE_INUSE },
  { "BUSY",        DIPCC_DEVICE_STATE_BUSY },
  { "INVALID",     DIPCC_DEVICE_STATE_INVALID },
  { "UNAVAILABLE", DIPCC_DEVICE_STATE_UNAVAILABLE },
  { "RINGING",     DIPCC_DEVICE_STATE_RINGING },
  { "RINGINUSE",   DIPCC_DEVICE_STATE_RINGINUSE },
  { "Ring+Inuse",  DIPCC_DEVICE_STATE_RINGINUSE },
  { "Ring+In use", DIPCC_DEVICE_STATE_RINGINUSE },
  { "ONHOLD",      DIPCC_DEVICE_STATE_ONHOLD },
  { "On Hold",     DIPCC_DEVICE_STATE_ONHOLD },
};

/* Indexed by DipccDeviceState. */
static const char * const state_tokens[] = {
  "UNKNOWN",
  "NOT_INUSE",
  "INUSE",
  "BUSY",
  "INVALID",
  "UNAVAILABLE",
  "RINGING",
  "RINGINUSE",
  "ONHOLD",
};

G_STATIC_ASSERT (G_N_ELEMENTS (state_tokens) == DIPCC_DEVICE_STATE_ONHOLD + 1);

/* Narrows [*start, *end) to its part without ASCII white space. */
static void
strip_ascii_space (const char **start,
                   const char **end)
{
  while (*start < *end && g_ascii_isspace (**start))
    (*start)++;
  while (*end > *start && g_ascii_isspace ((*end)[-1]))
    (*end)--;
}

/**
 * dipcc_device_state_parse:
 * @text: (nullable): a `DeviceState` or `State` value from the PBX
 * @state: (out) (optional): where to store the state
 *
 * Reads a device state in either spelling Asterisk uses (`Not in use` in
 * endpoint lists, `NOT_INUSE` in DeviceStateChange), in any case and with
 * white space around it, or as the number of `enum ast_device_state` (`0` to
 * `8`) that a few events carry. A missing value (%NULL) is not an error of
 * the caller: it is unknown like any other text not listed here.
 *
 * Returns: %TRUE when @text names a state; %FALSE, with @state set to
 *   %DIPCC_DEVICE_STATE_UNKNOWN, otherwise
 */
gboolean
dipcc_device_state_parse (const char       *text,
                          DipccDeviceState *state)
{
  const char *start = text;
  const char *end;
  gsize len;
  guint i;

  if (state)
    *state = DIPCC_DEVICE_STATE_UNKNOWN;

  if (text == NULL)
    return FALSE;

  end = text + strlen (text);
  strip_ascii_space (&start, &end);
  len = end - start;

  if (len == 1 && *start >= '0' && *start <= '0' + DIPCC_DEVICE_STATE_ONHOLD)
    {
      if (state)
        *state = (DipccDeviceState) (*start - '0');
      return TRUE;
    }

  for (i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      const StateName *name = &state_names[i];

      if (strlen (name->text) == len && g_ascii_strncasecmp (start, name->text, len) == 0)
        {
          if (state)
            *state = name->state;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * dipcc_device_state_from_string:
 * @text: (nullable): a `DeviceState` or `State` value from the PBX
 *
 * Like dipcc_device_state_parse(), for callers that treat a text not known
 * here as %DIPCC_DEVICE_STATE_UNKNOWN anyway.
 *
 * Returns: the state, %DIPCC_DEVICE_STATE_UNKNOWN when not known
 */
DipccDeviceState
dipcc_device_state_from_string (const char *text)
{
  DipccDeviceState state;

  dipcc_device_state_parse (text, &state);
  return state;
}

/**
 * dipcc_device_state_to_string:
 * @state: a state
 *
 * Gives the AMI upper-case token (`NOT_INUSE`, `RINGINUSE`, ...): a stable
 * name for logs and JSON that dipcc_device_state_parse() reads back. It is
 * not meant for display; the UI has translated labels of its own.
 *
 * Returns: (transfer none): the token; `UNKNOWN` for a value outside the enum
 */
const char *
dipcc_device_state_to_string (DipccDeviceState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_tokens))
    return state_tokens[DIPCC_DEVICE_STATE_UNKNOWN];
  return state_tokens[state];
}

/**
 * dipcc_device_state_is_registered:
 * @state: a state
 *
 * Whether a phone is registered on the endpoint: %FALSE for
 * %DIPCC_DEVICE_STATE_UNAVAILABLE (no phone registered),
 * %DIPCC_DEVICE_STATE_INVALID (no such device) and
 * %DIPCC_DEVICE_STATE_UNKNOWN (nothing is known, so a click-to-call from it
 * deserves the same warning), %TRUE for every state a working phone can be in.
 *
 * Returns: whether the endpoint has a registered phone
 */
gboolean
dipcc_device_state_is_registered (DipccDeviceState state)
{
  switch (state)
    {
    case DIPCC_DEVICE_STATE_NOT_INUSE:
    case DIPCC_DEVICE_STATE_INUSE:
    case DIPCC_DEVICE_STATE_BUSY:
    case DIPCC_DEVICE_STATE_RINGING:
    case DIPCC_DEVICE_STATE_RINGINUSE:
    case DIPCC_DEVICE_STATE_ONHOLD:
      return TRUE;

    case DIPCC_DEVICE_STATE_UNKNOWN:
    case DIPCC_DEVICE_STATE_INVALID:
    case DIPCC_DEVICE_STATE_UNAVAILABLE:
    default:
      return FALSE;
    }
}

/**
 * dipcc_endpoint_name_from_device:
 * @device: (nullable): a device such as `PJSIP/0108` (the `Device` of
 *   DeviceStateChange)
 *
 * Drops the technology prefix: `PJSIP/0108`, `SIP/0108` and a bare `0108`
 * all give `0108`; white space around @device is ignored and bytes that are
 * not UTF-8 are replaced.
 *
 * This is for devices only. A channel name (`PJSIP/0108-0000001a`) gives
 * `0108-0000001a`: the sequence suffix is not removed here, because an
 * endpoint name may contain `-` itself (`trunk-kt`) and only the channel
 * code, which knows it has a channel, can cut it safely.
 *
 * Returns: (transfer full) (nullable): the endpoint name, or %NULL when
 *   @device is %NULL, empty, or has nothing after the prefix (`PJSIP/`)
 */
char *
dipcc_endpoint_name_from_device (const char *device)
{
  const char *start = device;
  const char *end;
  const char *slash;

  if (device == NULL)
    return NULL;

  end = device + strlen (device);
  slash = memchr (start, '/', end - start);
  if (slash != NULL)
    start = slash + 1;
  strip_ascii_space (&start, &end);

  if (start == end)
    return NULL;

  return dipcc_utf8_make_valid (start, end - start, NULL);
}
