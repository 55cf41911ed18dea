/* dipcc-cdr-record.h: one call detail record from GET /api/v2/cdr
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How much of a server's `message`, or of a body that is not JSON, an error
 * message quotes, in characters. */
#define DIPCC_CDR_QUOTE_MAX_CHARS 60

/**
 * DipccCdrDisposition:
 * @DIPCC_CDR_DISPOSITION_UNKNOWN: missing or not one of the below
 * @DIPCC_CDR_DISPOSITION_ANSWERED: `ANSWERED`
 * @DIPCC_CDR_DISPOSITION_NO_ANSWER: `NO ANSWER` (also `NO_ANSWER`)
 * @DIPCC_CDR_DISPOSITION_BUSY: `BUSY`
 * @DIPCC_CDR_DISPOSITION_FAILED: `FAILED`
 * @DIPCC_CDR_DISPOSITION_CONGESTION: `CONGESTION`
 *
 * How a call ended, as Asterisk's CDR `disposition` column says.
 */
typedef enum {
  DIPCC_CDR_DISPOSITION_UNKNOWN,
  DIPCC_CDR_DISPOSITION_ANSWERED,
  DIPCC_CDR_DISPOSITION_NO_ANSWER,
  DIPCC_CDR_DISPOSITION_BUSY,
  DIPCC_CDR_DISPOSITION_FAILED,
  DIPCC_CDR_DISPOSITION_CONGESTION,
} DipccCdrDisposition;

/**
 * DipccCallType:
 * @DIPCC_CALL_TYPE_UNKNOWN: 0, missing or out of range
 * @DIPCC_CALL_TYPE_INTERNAL: 1, between two extensions
 * @DIPCC_CALL_TYPE_INBOUND: 2
 * @DIPCC_CALL_TYPE_OUTBOUND: 3
 * @DIPCC_CALL_TYPE_TRUNK: 4
 *
 * The PBX's `calltype`, with the numbers it uses in the CDR API.
 */
typedef enum {
  DIPCC_CALL_TYPE_UNKNOWN = 0,
  DIPCC_CALL_TYPE_INTERNAL = 1,
  DIPCC_CALL_TYPE_INBOUND = 2,
  DIPCC_CALL_TYPE_OUTBOUND = 3,
  DIPCC_CALL_TYPE_TRUNK = 4,
} DipccCallType;

#define DIPCC_TYPE_CDR_RECORD (dipcc_cdr_record_get_type ())

G_DECLARE_FINAL_TYPE (DipccCdrRecord, dipcc_cdr_record, DIPCC, CDR_RECORD, GObject)

DipccCdrRecord      *dipcc_cdr_record_new_from_json    (JsonObject     *row);

GDateTime           *dipcc_cdr_record_get_calldate     (DipccCdrRecord *self);
const char          *dipcc_cdr_record_get_source       (DipccCdrRecord *self);
const char          *dipcc_cdr_record_get_destination  (DipccCdrRecord *self);
const char          *dipcc_cdr_record_get_clid         (DipccCdrRecord *self);
guint                dipcc_cdr_record_get_duration     (DipccCdrRecord *self);
guint                dipcc_cdr_record_get_billsec      (DipccCdrRecord *self);
DipccCdrDisposition  dipcc_cdr_record_get_disposition  (DipccCdrRecord *self);
DipccCallType        dipcc_cdr_record_get_calltype     (DipccCdrRecord *self);
const char          *dipcc_cdr_record_get_uniqueid     (DipccCdrRecord *self);
const char          *dipcc_cdr_record_get_linkedid     (DipccCdrRecord *self);
const char          *dipcc_cdr_record_get_recfile      (DipccCdrRecord *self);

GPtrArray           *dipcc_cdr_parse_response          (const char     *body,
                                                        gsize           len,
                                                        guint          *total_out,
                                                        guint          *n_skipped_out,
                                                        GError        **error);

G_END_DECLS
