/* dipcc-csv-import.h: contacts from Google, Outlook and Excel CSV files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dipcc-contact.h"

G_BEGIN_DECLS

/* Larger files are refused (DIPCC_ERROR_TOO_LARGE). */
#define DIPCC_CSV_IMPORT_MAX_SIZE (64 * 1024 * 1024)

GPtrArray *dipcc_csv_import (const char  *data,
                             gsize        len,
                             guint       *n_skipped,
                             GError     **error);

G_END_DECLS
