/* dipcc-background.h: running in the background and starting at login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean dipcc_background_is_sandboxed     (void);
void     dipcc_background_request_async    (const char           *app_id,
                                            gboolean              autostart,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean dipcc_background_request_finish   (GAsyncResult         *result,
                                            gboolean             *autostart_granted,
                                            GError              **error);
char    *dipcc_background_get_autostart_path (const char         *app_id);

G_END_DECLS
