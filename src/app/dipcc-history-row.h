/* dipcc-history-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-caller-resolver.h"
#include "dipcc-cdr-record.h"

G_BEGIN_DECLS

/**
 * DipccHistoryDirection:
 * @DIPCC_HISTORY_DIRECTION_INCOMING: an inbound call that was answered
 * @DIPCC_HISTORY_DIRECTION_OUTGOING: a call out of the PBX
 * @DIPCC_HISTORY_DIRECTION_INTERNAL: between two extensions
 * @DIPCC_HISTORY_DIRECTION_MISSED: an inbound call nobody answered
 *
 * How the history shows a call record.
 */
typedef enum {
  DIPCC_HISTORY_DIRECTION_INCOMING,
  DIPCC_HISTORY_DIRECTION_OUTGOING,
  DIPCC_HISTORY_DIRECTION_INTERNAL,
  DIPCC_HISTORY_DIRECTION_MISSED,
} DipccHistoryDirection;

#define DIPCC_TYPE_HISTORY_ROW (dipcc_history_row_get_type ())

G_DECLARE_FINAL_TYPE (DipccHistoryRow, dipcc_history_row, DIPCC, HISTORY_ROW, GtkListBoxRow)

GtkWidget             *dipcc_history_row_new            (DipccCdrRecord      *record,
                                                         const char          *extension,
                                                         DipccCallerResolver *resolver,
                                                         GDateTime           *now);
DipccCdrRecord        *dipcc_history_row_get_record     (DipccHistoryRow     *self);
DipccHistoryDirection  dipcc_history_row_get_direction  (DipccHistoryRow     *self);
const char            *dipcc_history_row_get_number     (DipccHistoryRow     *self);

DipccHistoryDirection  dipcc_history_direction_of       (DipccCdrRecord      *record,
                                                         const char          *extension);
gboolean               dipcc_history_is_missed          (DipccCdrRecord      *record);
const char            *dipcc_history_other_party        (DipccCdrRecord      *record,
                                                         const char          *extension);
char                  *dipcc_history_format_time        (GDateTime           *when,
                                                         GDateTime           *now);

G_END_DECLS
