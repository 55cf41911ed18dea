/* dipcc-incoming-info.h: the incoming-call UserEvent name, split
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DIPCC_TYPE_INCOMING_INFO (dipcc_incoming_info_get_type ())

/**
 * DipccIncomingInfo:
 * @main_number: the tenant's main (representative) number called
 * @did: the DID called
 * @channel: the inbound channel, e.g. `PJSIP/trunk-kt-0000001a`
 * @caller: the caller-id number (may be empty)
 * @uniqueid: the channel's Uniqueid
 *
 * `UserEvent: incoming-{main}-{DID}-{channel}-{caller}-{uniqueid}`, sent
 * from context `sub-incoming-alert-info`. Channels contain `-`, so the name
 * is split three fields from the left and two from the right.
 */
typedef struct {
  char *main_number;
  char *did;
  char *channel;
  char *caller;
  char *uniqueid;
} DipccIncomingInfo;

GType              dipcc_incoming_info_get_type  (void) G_GNUC_CONST;
DipccIncomingInfo *dipcc_incoming_info_parse     (const char         *user_event,
                                                  GError            **error);
DipccIncomingInfo *dipcc_incoming_info_copy      (DipccIncomingInfo  *info);
void               dipcc_incoming_info_free      (DipccIncomingInfo  *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DipccIncomingInfo, dipcc_incoming_info_free)

G_END_DECLS
