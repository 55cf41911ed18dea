/* dipcc-ami-message.h: one AMI message, an ordered multimap of fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* server_id of a message that no server has been tagged on */
#define DIPCC_SERVER_ID_NONE (-1)

/**
 * DipccAmiMessageKind:
 * @DIPCC_AMI_MESSAGE_KIND_UNKNOWN: the first field is none of the below
 * @DIPCC_AMI_MESSAGE_KIND_EVENT: the first field is `Event`
 * @DIPCC_AMI_MESSAGE_KIND_RESPONSE: the first field is `Response`
 * @DIPCC_AMI_MESSAGE_KIND_ACTION: the first field is `Action`
 *
 * What a message is, decided by its first line only: an `OriginateResponse`
 * event carries a `Response:` key, and an `Event:` line that is not the first
 * line may have been injected through a caller-id name.
 */
typedef enum {
  DIPCC_AMI_MESSAGE_KIND_UNKNOWN,
  DIPCC_AMI_MESSAGE_KIND_EVENT,
  DIPCC_AMI_MESSAGE_KIND_RESPONSE,
  DIPCC_AMI_MESSAGE_KIND_ACTION,
} DipccAmiMessageKind;

#define DIPCC_TYPE_AMI_MESSAGE (dipcc_ami_message_get_type ())

typedef struct _DipccAmiMessage DipccAmiMessage;

GType                dipcc_ami_message_get_type        (void) G_GNUC_CONST;

DipccAmiMessage     *dipcc_ami_message_new             (void);
DipccAmiMessage     *dipcc_ami_message_new_action      (const char          *action);
DipccAmiMessage     *dipcc_ami_message_ref             (DipccAmiMessage     *message);
void                 dipcc_ami_message_unref           (DipccAmiMessage     *message);
DipccAmiMessage     *dipcc_ami_message_copy            (DipccAmiMessage     *message);

void                 dipcc_ami_message_add             (DipccAmiMessage     *message,
                                                        const char          *key,
                                                        const char          *value);
void                 dipcc_ami_message_add_len         (DipccAmiMessage     *message,
                                                        const char          *key,
                                                        gsize                key_len,
                                                        const char          *value,
                                                        gsize                value_len);
void                 dipcc_ami_message_set             (DipccAmiMessage     *message,
                                                        const char          *key,
                                                        const char          *value);
guint                dipcc_ami_message_remove          (DipccAmiMessage     *message,
                                                        const char          *key);

guint                dipcc_ami_message_get_n_fields    (DipccAmiMessage     *message);
const char          *dipcc_ami_message_get_key_at      (DipccAmiMessage     *message,
                                                        guint                position);
const char          *dipcc_ami_message_get_value_at    (DipccAmiMessage     *message,
                                                        guint                position);
gsize                dipcc_ami_message_get_value_len_at (DipccAmiMessage    *message,
                                                        guint                position);

const char          *dipcc_ami_message_get             (DipccAmiMessage     *message,
                                                        const char          *key);
const char         **dipcc_ami_message_get_all         (DipccAmiMessage     *message,
                                                        const char          *key);
guint                dipcc_ami_message_count           (DipccAmiMessage     *message,
                                                        const char          *key);
gboolean             dipcc_ami_message_has             (DipccAmiMessage     *message,
                                                        const char          *key);

DipccAmiMessageKind  dipcc_ami_message_get_kind        (DipccAmiMessage     *message);
void                 dipcc_ami_message_set_kind        (DipccAmiMessage     *message,
                                                        DipccAmiMessageKind  kind);
const char          *dipcc_ami_message_get_name        (DipccAmiMessage     *message);
gboolean             dipcc_ami_message_is_event        (DipccAmiMessage     *message,
                                                        const char          *name);
gboolean             dipcc_ami_message_is_response     (DipccAmiMessage     *message,
                                                        const char          *status);
const char          *dipcc_ami_message_get_action_id   (DipccAmiMessage     *message);

int                  dipcc_ami_message_get_server_id   (DipccAmiMessage     *message);
const char          *dipcc_ami_message_get_server_name (DipccAmiMessage     *message);
void                 dipcc_ami_message_set_server      (DipccAmiMessage     *message,
                                                        int                  server_id,
                                                        const char          *server_name);

gsize                dipcc_ami_message_get_size        (DipccAmiMessage     *message);
gboolean             dipcc_ami_message_equal           (DipccAmiMessage     *a,
                                                        DipccAmiMessage     *b);
char                *dipcc_ami_message_to_string       (DipccAmiMessage     *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DipccAmiMessage, dipcc_ami_message_unref)

G_END_DECLS
