/* dipcc-ws-envelope.h: the WebSocket JSON envelope around AMI messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dipcc-ami-message.h"

G_BEGIN_DECLS

#define DIPCC_WS_ENVELOPE_MAX_FRAME  (4 * 1024 * 1024)
#define DIPCC_WS_ENVELOPE_MAX_DEPTH  32
#define DIPCC_WS_ENVELOPE_MAX_FIELDS 4096

/**
 * DipccWsFrameType:
 * @DIPCC_WS_FRAME_UNKNOWN: 0
 * @DIPCC_WS_FRAME_PROMPT: 1, the AMI banner (never sent by the real proxy)
 * @DIPCC_WS_FRAME_ACTION: 2, client to server
 * @DIPCC_WS_FRAME_EVENT: 3
 * @DIPCC_WS_FRAME_RESPONSE: 4, also command output of newer Asterisk
 * @DIPCC_WS_FRAME_COMMAND_OUTPUT: 5, command output of older Asterisk, one
 *   `Output` string joined with `\n`
 * @DIPCC_WS_FRAME_QUEUE_LIST: 6, a queue summary
 */
typedef enum {
  DIPCC_WS_FRAME_UNKNOWN = 0,
  DIPCC_WS_FRAME_PROMPT = 1,
  DIPCC_WS_FRAME_ACTION = 2,
  DIPCC_WS_FRAME_EVENT = 3,
  DIPCC_WS_FRAME_RESPONSE = 4,
  DIPCC_WS_FRAME_COMMAND_OUTPUT = 5,
  DIPCC_WS_FRAME_QUEUE_LIST = 6,
} DipccWsFrameType;

/**
 * DipccWsDialect:
 * @DIPCC_WS_DIALECT_V3: `{"type":2,"server_id":…,"server_name":…,"ssl":…,"data":{…}}`
 * @DIPCC_WS_DIALECT_DCMIWS: `{"AMIServerID":N,"data":{…}}`
 *
 * How actions are written. Both carry `AMIServerID`, the only member the
 * proxy routes on.
 */
typedef enum {
  DIPCC_WS_DIALECT_V3,
  DIPCC_WS_DIALECT_DCMIWS,
} DipccWsDialect;

#define DIPCC_TYPE_WS_ENVELOPE (dipcc_ws_envelope_get_type ())

/**
 * DipccWsEnvelope:
 * @type: the frame type; %DIPCC_WS_FRAME_UNKNOWN when absent
 * @server_id: `server_id`, or %DIPCC_SERVER_ID_NONE when absent
 * @server_name: (nullable): `server_name`
 * @ssl: `ssl`
 * @ami_server_id: `AMIServerID` (found at any depth), or
 *   %DIPCC_SERVER_ID_NONE when absent
 * @message: the AMI fields of `data`, tagged with @server_id/@server_name
 */
typedef struct {
  DipccWsFrameType  type;
  int               server_id;
  char             *server_name;
  gboolean          ssl;
  int               ami_server_id;
  DipccAmiMessage  *message;
} DipccWsEnvelope;

GType            dipcc_ws_envelope_get_type      (void) G_GNUC_CONST;
DipccWsEnvelope *dipcc_ws_envelope_copy          (DipccWsEnvelope   *envelope);
void             dipcc_ws_envelope_free          (DipccWsEnvelope   *envelope);

DipccWsEnvelope *dipcc_ws_envelope_decode        (const char        *json,
                                                  gsize              len,
                                                  GError           **error);
DipccWsEnvelope *dipcc_ws_envelope_decode_action (const char        *json,
                                                  gsize              len,
                                                  GError           **error);

char            *dipcc_ws_envelope_encode_action (DipccAmiMessage   *action,
                                                  DipccWsDialect     dialect,
                                                  int                server_id,
                                                  const char        *server_name,
                                                  gboolean           ssl,
                                                  GError           **error);
char            *dipcc_ws_envelope_encode_frame  (DipccWsFrameType   type,
                                                  int                server_id,
                                                  const char        *server_name,
                                                  gboolean           ssl,
                                                  DipccAmiMessage   *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DipccWsEnvelope, dipcc_ws_envelope_free)

G_END_DECLS
