/* dipcc-forwarding.h: call forwarding kept in the PBX's AstDB
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-pbx-client.h"

G_BEGIN_DECLS

/**
 * DipccForwardKind:
 * @DIPCC_FORWARD_KIND_ALWAYS: every call (`CFI`, immediate)
 * @DIPCC_FORWARD_KIND_BUSY: when the agent is on a call (`CFB`)
 * @DIPCC_FORWARD_KIND_NO_ANSWER: when nobody answers (`CFN`)
 * @DIPCC_FORWARD_KIND_UNAVAILABLE: when no phone is registered (`CFU`)
 *
 * The kinds of call forwarding, as the PBX keys them under
 * `diversions/{extension}/{token}/`.
 */
typedef enum {
  DIPCC_FORWARD_KIND_ALWAYS,
  DIPCC_FORWARD_KIND_BUSY,
  DIPCC_FORWARD_KIND_NO_ANSWER,
  DIPCC_FORWARD_KIND_UNAVAILABLE,
} DipccForwardKind;

#define DIPCC_FORWARD_N_KINDS 4

const char *dipcc_forward_kind_get_token  (DipccForwardKind  kind);
const char *dipcc_forward_kind_get_nick   (DipccForwardKind  kind);
const char *dipcc_forward_kind_get_label  (DipccForwardKind  kind);
gboolean    dipcc_forward_kind_from_string (const char       *text,
                                            DipccForwardKind *kind);

#define DIPCC_TYPE_FORWARD_STATE (dipcc_forward_state_get_type ())

typedef struct _DipccForwardState DipccForwardState;

GType              dipcc_forward_state_get_type        (void) G_GNUC_CONST;
DipccForwardState *dipcc_forward_state_new             (DipccForwardKind   kind,
                                                        gboolean           enabled,
                                                        const char        *destination);
DipccForwardState *dipcc_forward_state_copy            (DipccForwardState *state);
void               dipcc_forward_state_free            (DipccForwardState *state);
DipccForwardKind   dipcc_forward_state_get_kind        (DipccForwardState *state);
gboolean           dipcc_forward_state_get_enabled     (DipccForwardState *state);
const char        *dipcc_forward_state_get_destination (DipccForwardState *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DipccForwardState, dipcc_forward_state_free)

#define DIPCC_TYPE_FORWARDING (dipcc_forwarding_get_type ())

G_DECLARE_FINAL_TYPE (DipccForwarding, dipcc_forwarding, DIPCC, FORWARDING, GObject)

DipccForwarding   *dipcc_forwarding_new            (DipccPbxClient       *client,
                                                    const char           *tenant,
                                                    const char           *extension,
                                                    int                   server_id);
DipccPbxClient    *dipcc_forwarding_get_client     (DipccForwarding      *self);
const char        *dipcc_forwarding_get_tenant     (DipccForwarding      *self);
const char        *dipcc_forwarding_get_extension  (DipccForwarding      *self);
int                dipcc_forwarding_get_server_id  (DipccForwarding      *self);

void               dipcc_forwarding_get_async      (DipccForwarding      *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GPtrArray         *dipcc_forwarding_get_finish     (DipccForwarding      *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void               dipcc_forwarding_set_async      (DipccForwarding      *self,
                                                    DipccForwardKind      kind,
                                                    gboolean              enabled,
                                                    const char           *destination,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
DipccForwardState *dipcc_forwarding_set_finish     (DipccForwarding      *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
