/* dipcc-contact-store.h: the address book, a sorted list model on a vCard file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-contact.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_CONTACT_STORE (dipcc_contact_store_get_type ())

G_DECLARE_FINAL_TYPE (DipccContactStore, dipcc_contact_store, DIPCC, CONTACT_STORE, GObject)

GFile             *dipcc_contact_store_get_default_file (void);
DipccContactStore *dipcc_contact_store_new              (GFile                *file);
GFile             *dipcc_contact_store_get_file         (DipccContactStore    *self);

void               dipcc_contact_store_load_async       (DipccContactStore    *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           dipcc_contact_store_load_finish      (DipccContactStore    *self,
                                                         GAsyncResult         *result,
                                                         guint                *n_skipped,
                                                         GError              **error);
void               dipcc_contact_store_save_async       (DipccContactStore    *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           dipcc_contact_store_save_finish      (DipccContactStore    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void               dipcc_contact_store_import_async     (DipccContactStore    *self,
                                                         GFile                *file,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           dipcc_contact_store_import_finish    (DipccContactStore    *self,
                                                         GAsyncResult         *result,
                                                         guint                *n_added,
                                                         guint                *n_skipped,
                                                         GError              **error);
void               dipcc_contact_store_export_async     (DipccContactStore    *self,
                                                         GFile                *file,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean           dipcc_contact_store_export_finish    (DipccContactStore    *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void               dipcc_contact_store_add              (DipccContactStore    *self,
                                                         DipccContact         *contact);
gboolean           dipcc_contact_store_remove           (DipccContactStore    *self,
                                                         DipccContact         *contact);
void               dipcc_contact_store_update           (DipccContactStore    *self,
                                                         DipccContact         *contact);
DipccContact      *dipcc_contact_store_lookup_number    (DipccContactStore    *self,
                                                         const char           *number);
void               dipcc_contact_store_search           (DipccContactStore    *self,
                                                         const DipccContactQuery *query,
                                                         GArray               *positions);

G_END_DECLS
