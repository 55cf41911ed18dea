/* dipcc-cdr-query.h: the parameters of GET /api/v2/cdr
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "dipcc-cdr-record.h"

G_BEGIN_DECLS

/**
 * DipccCdrOrderType:
 * @DIPCC_CDR_ORDER_TYPE_UNSET: `order_type` not sent: the server's default
 * @DIPCC_CDR_ORDER_TYPE_ASC: `asc`, oldest first
 * @DIPCC_CDR_ORDER_TYPE_DESC: `desc`, newest first
 */
typedef enum {
  DIPCC_CDR_ORDER_TYPE_UNSET,
  DIPCC_CDR_ORDER_TYPE_ASC,
  DIPCC_CDR_ORDER_TYPE_DESC,
} DipccCdrOrderType;

/**
 * DipccCdrCallHistory:
 * @DIPCC_CDR_CALL_HISTORY_UNSET: `call_history` not sent
 * @DIPCC_CDR_CALL_HISTORY_YES: `yes`: only calls between the extensions
 * @DIPCC_CDR_CALL_HISTORY_NO: `no`
 */
typedef enum {
  DIPCC_CDR_CALL_HISTORY_UNSET,
  DIPCC_CDR_CALL_HISTORY_YES,
  DIPCC_CDR_CALL_HISTORY_NO,
} DipccCdrCallHistory;

/* The bit of a #DipccCallType in #DipccCdrQuery.calltypes */
#define DIPCC_CDR_CALL_TYPE_BIT(type) (1u << (guint) (type))

#define DIPCC_TYPE_CDR_QUERY (dipcc_cdr_query_get_type ())

/**
 * DipccCdrQuery:
 * @extensions: (nullable) (array zero-terminated=1): numbers to match as
 *   source or destination; empty strings are left out
 * @calltypes: a mask of DIPCC_CDR_CALL_TYPE_BIT() for the call types
 *   wanted; 0 for all (the parameter is not sent)
 * @start_date: range start in unix seconds, 0 for none
 * @end_date: range end in unix seconds, 0 for none
 * @offset: the first row to give, for paging
 * @count: how many rows at most; 0 sends no `limit` at all
 * @order_by: (nullable): the field to sort on, e.g. `calldate`
 * @order_type: the sort direction
 * @search: (nullable): the value to search for
 * @search_fields: (nullable) (array zero-terminated=1): the fields @search
 *   applies to, e.g. `recfile` or `disposition`, `source`, `destination`
 * @call_history: whether to ask for the history between two extensions
 *
 * Every parameter of GET /api/v2/cdr. A zeroed struct (as from
 * dipcc_cdr_query_new()) asks for everything, with the server's defaults.
 */
typedef struct {
  char                **extensions;
  guint                 calltypes;
  gint64                start_date;
  gint64                end_date;
  guint                 offset;
  guint                 count;
  char                 *order_by;
  DipccCdrOrderType     order_type;
  char                 *search;
  char                **search_fields;
  DipccCdrCallHistory   call_history;
} DipccCdrQuery;

GType           dipcc_cdr_query_get_type          (void) G_GNUC_CONST;
DipccCdrQuery  *dipcc_cdr_query_new               (void);
DipccCdrQuery  *dipcc_cdr_query_copy              (const DipccCdrQuery *query);
void            dipcc_cdr_query_free              (DipccCdrQuery       *query);

void            dipcc_cdr_query_add_calltype      (DipccCdrQuery       *query,
                                                   DipccCallType        calltype);
char           *dipcc_cdr_query_to_query_string   (const DipccCdrQuery *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DipccCdrQuery, dipcc_cdr_query_free)

G_END_DECLS
