/* fuzz-ws-envelope.c: libFuzzer target for the WebSocket JSON envelope
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decodes the input both as a server frame and as a client frame. Checks
 * that every result is clean UTF-8 within the limits and that an error is
 * one of the expected codes; then that a decoded frame written back with
 * dipcc_ws_envelope_encode_frame() decodes to the same envelope and message,
 * and that an action the encoder accepts reaches the proxy unchanged.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "dipcc-error.h"
#include "dipcc-text.h"
#include "dipcc-ws-envelope.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_error (GError *error)
{
  g_assert (error != NULL);
  g_assert (error->domain == DIPCC_ERROR);
  g_assert (error->code == DIPCC_ERROR_PROTOCOL || error->code == DIPCC_ERROR_TOO_LARGE);
  g_assert (g_utf8_validate (error->message, -1, NULL));
}

static void
check_clean (DipccWsEnvelope *envelope)
{
  DipccAmiMessage *m = envelope->message;
  guint n = dipcc_ami_message_get_n_fields (m);

  g_assert (m != NULL);
  g_assert (n <= DIPCC_WS_ENVELOPE_MAX_FIELDS);
  g_assert (envelope->type >= DIPCC_WS_FRAME_UNKNOWN &&
            envelope->type <= DIPCC_WS_FRAME_QUEUE_LIST);
  g_assert (envelope->server_id >= DIPCC_SERVER_ID_NONE);
  g_assert (envelope->ami_server_id >= DIPCC_SERVER_ID_NONE);
  g_assert (envelope->server_name == NULL ||
            dipcc_utf8_is_clean (envelope->server_name, strlen (envelope->server_name)));
  for (guint i = 0; i < n; i++)
    {
      const char *key = dipcc_ami_message_get_key_at (m, i);
      const char *value = dipcc_ami_message_get_value_at (m, i);
      gsize value_len = dipcc_ami_message_get_value_len_at (m, i);

      g_assert (dipcc_utf8_is_clean (key, strlen (key)));
      g_assert (dipcc_utf8_is_clean (value, value_len));
      g_assert (strlen (value) == value_len);
      g_assert (g_ascii_strcasecmp (key, "AMIServerID") != 0);
    }
}

static gboolean
is_output (const char *key)
{
  return g_ascii_strcasecmp (key, "Output") == 0;
}

/* A type 5 frame holds its output lines in one member, at the place of the
 * first: compare with the lines gathered there, under one spelling. */
static DipccAmiMessage *
gather_output (DipccAmiMessage *m)
{
  DipccAmiMessage *out = dipcc_ami_message_new ();
  guint n = dipcc_ami_message_get_n_fields (m);
  gboolean done = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *key = dipcc_ami_message_get_key_at (m, i);

      if (!is_output (key))
        {
          dipcc_ami_message_add_len (out, key, strlen (key),
                                     dipcc_ami_message_get_value_at (m, i),
                                     dipcc_ami_message_get_value_len_at (m, i));
          continue;
        }
      if (done)
        continue;
      done = TRUE;
      for (guint j = i; j < n; j++)
        if (is_output (dipcc_ami_message_get_key_at (m, j)))
          dipcc_ami_message_add_len (out, "Output", 6,
                                     dipcc_ami_message_get_value_at (m, j),
                                     dipcc_ami_message_get_value_len_at (m, j));
    }
  return out;
}

/* encode_action writes a repeated key once, as an array at its first
 * place: the proxy sees the fields grouped that way. */
static DipccAmiMessage *
group_keys (DipccAmiMessage *m)
{
  DipccAmiMessage *out = dipcc_ami_message_new ();
  guint n = dipcc_ami_message_get_n_fields (m);
  g_autofree gboolean *done = g_new0 (gboolean, n);

  for (guint i = 0; i < n; i++)
    {
      const char *key = dipcc_ami_message_get_key_at (m, i);

      if (done[i])
        continue;
      for (guint j = i; j < n; j++)
        {
          if (strcmp (key, dipcc_ami_message_get_key_at (m, j)) != 0)
            continue;
          done[j] = TRUE;
          dipcc_ami_message_add_len (out, key, strlen (key),
                                     dipcc_ami_message_get_value_at (m, j),
                                     dipcc_ami_message_get_value_len_at (m, j));
        }
    }
  return out;
}

static void
check_frame_round_trip (DipccWsEnvelope *envelope,
                        DipccWsFrameType type)
{
  g_autofree char *json = dipcc_ws_envelope_encode_frame (type, envelope->server_id,
                                                          envelope->server_name, envelope->ssl,
                                                          envelope->message);
  g_autoptr(GError) error = NULL;
  g_autoptr(DipccWsEnvelope) again = NULL;

  g_assert (json != NULL);
  g_assert (g_utf8_validate (json, -1, NULL));
  again = dipcc_ws_envelope_decode (json, strlen (json), &error);
  if (again == NULL && g_error_matches (error, DIPCC_ERROR, DIPCC_ERROR_TOO_LARGE) &&
      strlen (json) > DIPCC_WS_ENVELOPE_MAX_FRAME)
    return; /* escaping made it longer than a frame may be */
  g_assert_no_error (error);
  g_assert (again != NULL);

  g_assert (again->type == type);
  g_assert (again->server_id == envelope->server_id);
  g_assert (g_strcmp0 (again->server_name, envelope->server_name) == 0);
  g_assert (again->ssl == envelope->ssl);
  g_assert (again->ami_server_id == DIPCC_SERVER_ID_NONE);
  if (type == DIPCC_WS_FRAME_COMMAND_OUTPUT)
    {
      g_autoptr(DipccAmiMessage) a = gather_output (envelope->message);
      g_autoptr(DipccAmiMessage) b = gather_output (again->message);

      g_assert (dipcc_ami_message_equal (a, b));
    }
  else
    {
      g_assert (dipcc_ami_message_equal (again->message, envelope->message));
    }
}

static void
check_action_round_trip (DipccWsEnvelope *envelope,
                         DipccWsDialect   dialect)
{
  int server_id = envelope->ami_server_id >= 0 ? envelope->ami_server_id : 1;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = dipcc_ws_envelope_encode_action (envelope->message, dialect,
                                                           server_id, envelope->server_name,
                                                           envelope->ssl, &error);
  g_autoptr(DipccWsEnvelope) again = NULL;
  g_autoptr(DipccAmiMessage) grouped = NULL;
  g_autoptr(DipccAmiMessage) data = NULL;
  guint skip = 0;

  if (json == NULL)
    {
      g_assert (g_error_matches (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT));
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  again = dipcc_ws_envelope_decode_action (json, strlen (json), &error);
  if (again == NULL && strlen (json) > DIPCC_WS_ENVELOPE_MAX_FRAME)
    return;
  g_assert_no_error (error);
  g_assert (again != NULL);
  g_assert (again->ami_server_id == server_id);

  /* V3 puts the four envelope members before the action's own fields */
  if (dialect == DIPCC_WS_DIALECT_V3)
    {
      g_assert (again->type == DIPCC_WS_FRAME_ACTION);
      g_assert (again->server_id == server_id);
      skip = 4;
    }
  data = dipcc_ami_message_new ();
  for (guint i = skip; i < dipcc_ami_message_get_n_fields (again->message); i++)
    {
      const char *key = dipcc_ami_message_get_key_at (again->message, i);

      dipcc_ami_message_add_len (data, key, strlen (key),
                                 dipcc_ami_message_get_value_at (again->message, i),
                                 dipcc_ami_message_get_value_len_at (again->message, i));
    }
  grouped = group_keys (envelope->message);
  g_assert (dipcc_ami_message_equal (grouped, data));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *json = (const char *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) action_error = NULL;
  g_autoptr(DipccWsEnvelope) frame = NULL;
  g_autoptr(DipccWsEnvelope) action = NULL;

  frame = dipcc_ws_envelope_decode (json, size, &error);
  if (frame != NULL)
    {
      g_assert (error == NULL);
      check_clean (frame);
      check_frame_round_trip (frame, frame->type);
    }
  else
    {
      check_error (error);
    }

  action = dipcc_ws_envelope_decode_action (json, size, &action_error);
  if (action != NULL)
    {
      g_assert (action_error == NULL);
      check_clean (action);
      /* as a plain frame: type 5 would split lines the proxy keeps */
      check_frame_round_trip (action, DIPCC_WS_FRAME_ACTION);
      check_action_round_trip (action, DIPCC_WS_DIALECT_V3);
      check_action_round_trip (action, DIPCC_WS_DIALECT_DCMIWS);
    }
  else
    {
      check_error (action_error);
      /* what is not a JSON object for the proxy is not a frame either (the
       * proxy counts more fields, so a frame may pass its size limits) */
      if (action_error->code == DIPCC_ERROR_PROTOCOL)
        g_assert (frame == NULL);
    }

  return 0;
}
