/* dipcc-secret-store.h: the app key and the AMI secret in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DIPCC_SECRET_SCHEMA_NAME "io.github.dipcc.Companion"

/**
 * DipccSecretKind:
 * @DIPCC_SECRET_KIND_APP_KEY: the REST API key (attribute `kind` = `app-key`)
 * @DIPCC_SECRET_KIND_AMI_SECRET: the AMI login secret (`ami-secret`)
 *
 * Which secret an entry holds.
 */
typedef enum {
  DIPCC_SECRET_KIND_APP_KEY,
  DIPCC_SECRET_KIND_AMI_SECRET,
} DipccSecretKind;

#define DIPCC_TYPE_SECRET_STORE (dipcc_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (DipccSecretStore, dipcc_secret_store, DIPCC, SECRET_STORE, GObject)

DipccSecretStore *dipcc_secret_store_new           (void);

char             *dipcc_secret_store_account_for_rest (const char          *tenant,
                                                       const char          *rest_url);
char             *dipcc_secret_store_account_for_ami  (const char          *user,
                                                       const char          *host,
                                                       guint                port);

void              dipcc_secret_store_store_async   (DipccSecretStore     *self,
                                                    DipccSecretKind       kind,
                                                    const char           *account,
                                                    const char           *secret,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean          dipcc_secret_store_store_finish  (DipccSecretStore     *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void              dipcc_secret_store_lookup_async  (DipccSecretStore     *self,
                                                    DipccSecretKind       kind,
                                                    const char           *account,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
char             *dipcc_secret_store_lookup_finish (DipccSecretStore     *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void              dipcc_secret_store_clear_async   (DipccSecretStore     *self,
                                                    DipccSecretKind       kind,
                                                    const char           *account,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean          dipcc_secret_store_clear_finish  (DipccSecretStore     *self,
                                                    GAsyncResult         *result,
                                                    gboolean             *removed,
                                                    GError              **error);

void              dipcc_secret_free                (char                 *secret);

G_END_DECLS
