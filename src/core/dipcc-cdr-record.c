/* dipcc-cdr-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-cdr-record"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-cdr-record.h"
#include "dipcc-core-enums.h"
#include "dipcc-error.h"
#include "dipcc-json.h"
#include "dipcc-text.h"

/* A caller-id name is short; the caller chooses it. */
#define MAX_CLID_CHARS 128

struct _DipccCdrRecord
{
  GObject              parent_instance;

  /* Owned */
  GDateTime           *calldate;
  char                *source;
  char                *destination;
  char                *clid;
  char                *uniqueid;
  char                *linkedid;
  char                *recfile;

  guint                duration;
  guint                billsec;
  DipccCdrDisposition  disposition;
  DipccCallType        calltype;
};

G_DEFINE_FINAL_TYPE (DipccCdrRecord, dipcc_cdr_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CALLDATE,
  PROP_SOURCE,
  PROP_DESTINATION,
  PROP_CLID,
  PROP_DURATION,
  PROP_BILLSEC,
  PROP_DISPOSITION,
  PROP_CALLTYPE,
  PROP_UNIQUEID,
  PROP_LINKEDID,
  PROP_RECFILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- tolerant member readers ------------------------------------------ */

/* The value of the first of @names that @row has with a value other than
 * null, or NULL. */
static JsonNode *
find_member (JsonObject         *row,
             const char * const *names)
{
  for (; *names; names++)
    {
      JsonNode *node = json_object_get_member (row, *names);

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        return node;
    }
  return NULL;
}

/* A member as text: strings made valid UTF-8, numbers written out; objects,
 * arrays, booleans and null are empty. */
static char *
text_member (JsonObject         *row,
             const char * const *names)
{
  JsonNode *node = find_member (row, names);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return dipcc_utf8_make_valid (json_node_get_string (node), -1, NULL);

    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case G_TYPE_DOUBLE:
      /* The shortest text that reads back as the same double: a uniqueid
       * sent as a number, 1603849222.51437, stays as it was written. */
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));

    default:
      return g_strdup ("");
    }
}

/* Whether @text is `[-]digits[.digits]`, white space after it allowed: no
 * exponents, hex, "inf" or "nan", which g_ascii_strtod() would take. */
static gboolean
is_decimal (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (*p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++)
        digits = TRUE;
    }
  while (g_ascii_isspace (*p))
    p++;
  return digits && *p == '\0';
}

/* An integer from a number or a numeric string; FALSE for anything
 * else. Fractions are cut off, so "12.0" is 12. */
static gboolean
number_member (JsonObject         *row,
               const char * const *names,
               gint64             *out)
{
  JsonNode *node = find_member (row, names);
  const char *text;
  double d;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *out = json_node_get_int (node);
      return TRUE;

    case G_TYPE_DOUBLE:
      d = json_node_get_double (node);
      if (!(d >= (double) G_MININT64 && d < (double) G_MAXINT64))
        return FALSE;
      *out = (gint64) d;
      return TRUE;

    case G_TYPE_STRING:
      text = json_node_get_string (node);
      while (g_ascii_isspace (*text))
        text++;
      if (!is_decimal (text))
        return FALSE;
      d = g_ascii_strtod (text, NULL);
      if (!(d >= (double) G_MININT64 && d < (double) G_MAXINT64))
        return FALSE;
      *out = (gint64) d;
      return TRUE;

    default:
      return FALSE;
    }
}

static guint
seconds_member (JsonObject         *row,
                const char * const *names)
{
  gint64 value;

  if (!number_member (row, names, &value) || value < 0)
    return 0;
  return (guint) MIN (value, (gint64) G_MAXUINT);
}

/* Every text the CDR API has been seen to use; case does not matter. */
static DipccCdrDisposition
parse_disposition (const char *text)
{
  static const struct {
    const char          *name;
    DipccCdrDisposition  value;
  } names[] = {
    { "ANSWERED", DIPCC_CDR_DISPOSITION_ANSWERED },
    { "ANSWER", DIPCC_CDR_DISPOSITION_ANSWERED },
    { "NO ANSWER", DIPCC_CDR_DISPOSITION_NO_ANSWER },
    { "NO_ANSWER", DIPCC_CDR_DISPOSITION_NO_ANSWER },
    { "NOANSWER", DIPCC_CDR_DISPOSITION_NO_ANSWER },
    { "NO-ANSWER", DIPCC_CDR_DISPOSITION_NO_ANSWER },
    { "BUSY", DIPCC_CDR_DISPOSITION_BUSY },
    { "FAILED", DIPCC_CDR_DISPOSITION_FAILED },
    { "CONGESTION", DIPCC_CDR_DISPOSITION_CONGESTION },
  };
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (trimmed, names[i].name) == 0)
        return names[i].value;
    }
  return DIPCC_CDR_DISPOSITION_UNKNOWN;
}

static DipccCallType
parse_calltype (JsonObject         *row,
                const char * const *names)
{
  static const char * const type_names[] = {
    NULL, "internal", "inbound", "outbound", "trunk",
  };
  g_autofree char *text = NULL;
  gint64 value;
  guint i;

  if (number_member (row, names, &value))
    return value >= 1 && value <= 4 ? (DipccCallType) value : DIPCC_CALL_TYPE_UNKNOWN;

  text = text_member (row, names);
  g_strstrip (text);
  for (i = 1; i < G_N_ELEMENTS (type_names); i++)
    {
      if (g_ascii_strcasecmp (text, type_names[i]) == 0)
        return (DipccCallType) i;
    }
  return DIPCC_CALL_TYPE_UNKNOWN;
}

static GDateTime *
unix_to_date_time (gint64 seconds)
{
  /* Outside years 1..9999 GDateTime gives NULL, which is what we want. */
  if (seconds <= 0)
    return NULL;
  return g_date_time_new_from_unix_utc (seconds);
}

/* `calldate` is unix seconds (a number or a string of digits) or text as
 * MySQL writes a DATETIME: `YYYY-MM-DD HH:MM:SS`. That text has no zone:
 * it is read as UTC, the zone Asterisk's CDR backends are set up with on
 * the PBX. If the text carries a zone itself (ISO 8601: `Z`, `+09:00`),
 * that zone wins. Asterisk's empty `0000-00-00 00:00:00` gives NULL. */
static GDateTime *
parse_calldate (JsonObject         *row,
                const char * const *names)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *text = NULL;
  gint64 seconds;
  const char *p;
  gboolean all_digits = TRUE;

  text = text_member (row, names);
  g_strstrip (text);
  if (*text == '\0')
    return NULL;

  for (p = text; *p; p++)
    {
      if (!g_ascii_isdigit (*p) && *p != '.')
        all_digits = FALSE;
    }
  if (all_digits)
    return number_member (row, names, &seconds) ? unix_to_date_time (seconds) : NULL;

  /* GLib 2.74 reads ISO 8601 only with `T` between date and time. */
  if (strlen (text) > 10 && text[10] == ' ')
    text[10] = 'T';

  utc = g_time_zone_new_utc ();
  parsed = g_date_time_new_from_iso8601 (text, utc);
  if (parsed == NULL)
    return NULL;
  return g_date_time_to_utc (parsed);
}

/* ---- GObject ----------------------------------------------------------- */

static void
dipcc_cdr_record_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DipccCdrRecord *self = DIPCC_CDR_RECORD (object);

  switch (prop_id)
    {
    case PROP_CALLDATE:
      g_value_set_boxed (value, self->calldate);
      break;

    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;

    case PROP_DESTINATION:
      g_value_set_string (value, self->destination);
      break;

    case PROP_CLID:
      g_value_set_string (value, self->clid);
      break;

    case PROP_DURATION:
      g_value_set_uint (value, self->duration);
      break;

    case PROP_BILLSEC:
      g_value_set_uint (value, self->billsec);
      break;

    case PROP_DISPOSITION:
      g_value_set_enum (value, self->disposition);
      break;

    case PROP_CALLTYPE:
      g_value_set_enum (value, self->calltype);
      break;

    case PROP_UNIQUEID:
      g_value_set_string (value, self->uniqueid);
      break;

    case PROP_LINKEDID:
      g_value_set_string (value, self->linkedid);
      break;

    case PROP_RECFILE:
      g_value_set_string (value, self->recfile);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dipcc_cdr_record_finalize (GObject *object)
{
  DipccCdrRecord *self = DIPCC_CDR_RECORD (object);

  g_clear_pointer (&self->calldate, g_date_time_unref);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->destination, g_free);
  g_clear_pointer (&self->clid, g_free);
  g_clear_pointer (&self->uniqueid, g_free);
  g_clear_pointer (&self->linkedid, g_free);
  g_clear_pointer (&self->recfile, g_free);

  G_OBJECT_CLASS (dipcc_cdr_record_parent_class)->finalize (object);
}

static void
dipcc_cdr_record_class_init (DipccCdrRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = dipcc_cdr_record_get_property;
  object_class->finalize = dipcc_cdr_record_finalize;

  /**
   * DipccCdrRecord:calldate: (nullable)
   *
   * When the call started, in UTC; %NULL when the record has no valid date.
   */
  properties[PROP_CALLDATE] =
    g_param_spec_boxed ("calldate", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, "", flags);
  properties[PROP_DESTINATION] =
    g_param_spec_string ("destination", NULL, NULL, "", flags);
  properties[PROP_CLID] =
    g_param_spec_string ("clid", NULL, NULL, "", flags);
  properties[PROP_DURATION] =
    g_param_spec_uint ("duration", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_BILLSEC] =
    g_param_spec_uint ("billsec", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_DISPOSITION] =
    g_param_spec_enum ("disposition", NULL, NULL, DIPCC_TYPE_CDR_DISPOSITION,
                       DIPCC_CDR_DISPOSITION_UNKNOWN, flags);
  properties[PROP_CALLTYPE] =
    g_param_spec_enum ("calltype", NULL, NULL, DIPCC_TYPE_CALL_TYPE,
                       DIPCC_CALL_TYPE_UNKNOWN, flags);
  properties[PROP_UNIQUEID] =
    g_param_spec_string ("uniqueid", NULL, NULL, "", flags);
  properties[PROP_LINKEDID] =
    g_param_spec_string ("linkedid", NULL, NULL, "", flags);
  properties[PROP_RECFILE] =
    g_param_spec_string ("recfile", NULL, NULL, "", flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dipcc_cdr_record_init (DipccCdrRecord *self)
{
}

/**
 * dipcc_cdr_record_new_from_json:
 * @row: one row of the CDR API's answer
 *
 * Reads @row tolerantly: `source` or `src`, `destination` or `dst`,
 * numbers or numeric strings, unknown members ignored; a member that is
 * missing, null, or of a type that makes no sense (an object where text is
 * expected) is empty. All text is made valid UTF-8. See
 * #DipccCdrRecord:calldate for how dates are read.
 *
 * Returns: (transfer full): a new record
 */
DipccCdrRecord *
dipcc_cdr_record_new_from_json (JsonObject *row)
{
  static const char * const calldate_names[] = { "calldate", "start", NULL };
  static const char * const source_names[] = { "source", "src", NULL };
  static const char * const destination_names[] = { "destination", "dst", NULL };
  static const char * const clid_names[] = { "clid", NULL };
  static const char * const duration_names[] = { "duration", NULL };
  static const char * const billsec_names[] = { "billsec", NULL };
  static const char * const disposition_names[] = { "disposition", NULL };
  static const char * const calltype_names[] = { "calltype", NULL };
  static const char * const uniqueid_names[] = { "uniqueid", NULL };
  static const char * const linkedid_names[] = { "linkedid", NULL };
  static const char * const recfile_names[] = { "recfile", "recordingfile", NULL };
  DipccCdrRecord *self;
  g_autofree char *disposition = NULL;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (DIPCC_TYPE_CDR_RECORD, NULL);
  self->calldate = parse_calldate (row, calldate_names);
  self->source = text_member (row, source_names);
  self->destination = text_member (row, destination_names);
  {
    /* the caller chose it: shown as the history's caller name */
    g_autofree char *clid = text_member (row, clid_names);

    self->clid = dipcc_text_sanitize_display (clid, -1, MAX_CLID_CHARS);
  }
  self->duration = seconds_member (row, duration_names);
  self->billsec = seconds_member (row, billsec_names);
  disposition = text_member (row, disposition_names);
  self->disposition = parse_disposition (disposition);
  self->calltype = parse_calltype (row, calltype_names);
  self->uniqueid = text_member (row, uniqueid_names);
  self->linkedid = text_member (row, linkedid_names);
  self->recfile = text_member (row, recfile_names);

  return self;
}

/**
 * dipcc_cdr_record_get_calldate:
 *
 * Returns: (transfer none) (nullable): when the call started, in UTC
 */
GDateTime *
dipcc_cdr_record_get_calldate (DipccCdrRecord *self)
{
  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (self), NULL);
  return self->calldate;
}

const char *
dipcc_cdr_record_get_source (DipccCdrRecord *self)
{
  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (self), NULL);
  return self->source;
}

const char *
dipcc_cdr_record_get_destination (DipccCdrRecord *self)
{
  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (self), NULL);
  return self->destination;
}

/**
 * dipcc_cdr_record_get_clid:
 *
 * Returns: the caller id as the PBX recorded it (`"Name" <number>`), made
 *   fit to show: no control or format characters, at most 128 characters
 */
const char *
dipcc_cdr_record_get_clid (DipccCdrRecord *self)
{
  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (self), NULL);
  return self->clid;
}

guint
dipcc_cdr_record_get_duration (DipccCdrRecord *self)
{
  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (self), 0);
  return self->duration;
}

guint
dipcc_cdr_record_get_billsec (DipccCdrRecord *self)
{
  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (self), 0);
  return self->billsec;
}

DipccCdrDisposition
dipcc_cdr_record_get_disposition (DipccCdrRecord *self)
{
  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (self), DIPCC_CDR_DISPOSITION_UNKNOWN);
  return self->disposition;
}

DipccCallType
dipcc_cdr_record_get_calltype (DipccCdrRecord *self)
{
  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (self), DIPCC_CALL_TYPE_UNKNOWN);
  return self->calltype;
}

const char *
dipcc_cdr_record_get_uniqueid (DipccCdrRecord *self)
{
  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (self), NULL);
  return self->uniqueid;
}

const char *
dipcc_cdr_record_get_linkedid (DipccCdrRecord *self)
{
  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (self), NULL);
  return self->linkedid;
}

const char *
dipcc_cdr_record_get_recfile (DipccCdrRecord *self)
{
  g_return_val_if_fail (DIPCC_IS_CDR_RECORD (self), NULL);
  return self->recfile;
}

/* ---- the response envelope --------------------------------------------- */


static void
set_server_error (JsonObject  *envelope,
                  GError     **error)
{
  const char *message = json_object_get_string_member_with_default (envelope, "message", "");
  g_autofree char *quoted = dipcc_text_sanitize_display (message, -1, DIPCC_CDR_QUOTE_MAX_CHARS);

  if (*quoted == '\0')
    g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_FAILED,
                         _("The PBX could not give the call history and did not say why."));
  else
    g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED,
                 /* Translators: %s is the PBX's own message, often in English */
                 _("The PBX could not give the call history: %s"), quoted);
}

/* Whether @envelope says it failed. A missing `status` is taken as success
 * when there is `data`: some servers answer with the data alone. */
static gboolean
envelope_failed (JsonObject *envelope)
{
  JsonNode *status = json_object_get_member (envelope, "status");

  if (status == NULL || JSON_NODE_HOLDS_NULL (status))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (status) &&
      json_node_get_value_type (status) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (status);

      return g_ascii_strcasecmp (text, "success") != 0 && g_ascii_strcasecmp (text, "ok") != 0;
    }
  if (JSON_NODE_HOLDS_VALUE (status) &&
      json_node_get_value_type (status) == G_TYPE_BOOLEAN)
    return !json_node_get_boolean (status);
  return TRUE;
}

/**
 * dipcc_cdr_parse_response:
 * @body: the body of GET /api/v2/cdr, not necessarily NUL-terminated
 * @len: its length in bytes
 * @total_out: (out) (optional): how many records the server has for the
 *   query: its `total` when it gives one, else the number of rows
 * @n_skipped_out: (out) (optional): how many rows were not JSON objects
 *   and were skipped
 * @error: return location for a #GError
 *
 * Reads `{"status":"success","data":[rows]}`,
 * `{"status":"success","data":{"rows":[…],"total":N}}` or a bare array of
 * rows. Rows that are not objects are skipped and counted in
 * @n_skipped_out (and logged at debug level), never dropped silently.
 *
 * Returns: (transfer full) (element-type DipccCdrRecord): the records, or
 *   %NULL with %DIPCC_ERROR_FAILED (`status` not success; the message
 *   quotes the server's), or %DIPCC_ERROR_PROTOCOL (not JSON, or not the
 *   shape above)
 */
GPtrArray *
dipcc_cdr_parse_response (const char  *body,
                          gsize        len,
                          guint       *total_out,
                          guint       *n_skipped_out,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  JsonNode *root;
  JsonNode *data = NULL;
  JsonArray *rows = NULL;
  gint64 total = -1;
  guint n_skipped = 0;
  guint i;

  g_return_val_if_fail (body != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (total_out)
    *total_out = 0;
  if (n_skipped_out)
    *n_skipped_out = 0;

  /* json-glib wants a signed length, and a NUL inside is not JSON anyway. */
  if (len > G_MAXSSIZE || (len > 0 && memchr (body, '\0', len) != NULL))
    {
      g_set_error_literal (&local_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "NUL in body");
    }
  else if (!dipcc_json_depth_is_within (body, len, DIPCC_JSON_MAX_DEPTH))
    {
      g_set_error_literal (&local_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "nested too deep");
    }
  else
    {
      parser = json_parser_new_immutable ();
      json_parser_load_from_data (parser, len > 0 ? body : "", len, &local_error);
    }
  root = local_error == NULL ? json_parser_get_root (parser) : NULL;
  if (local_error != NULL || root == NULL)
    {
      g_autofree char *excerpt = dipcc_text_sanitize_display (body, len, DIPCC_CDR_QUOTE_MAX_CHARS);

      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
                   /* Translators: %s is the start of what the server sent */
                   _("The PBX’s answer could not be read: “%s”. Check the REST "
                     "address in Preferences."),
                   excerpt);
      return NULL;
    }

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      data = root;
    }
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *envelope = json_node_get_object (root);

      if (envelope_failed (envelope))
        {
          set_server_error (envelope, error);
          return NULL;
        }
      data = json_object_get_member (envelope, "data");
    }

  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *object = json_node_get_object (data);
      JsonNode *total_node = json_object_get_member (object, "total");

      data = json_object_get_member (object, "rows");
      if (data == NULL)
        data = json_object_get_member (object, "data");

      if (total_node != NULL && JSON_NODE_HOLDS_VALUE (total_node))
        {
          if (json_node_get_value_type (total_node) == G_TYPE_INT64)
            total = json_node_get_int (total_node);
          else if (json_node_get_value_type (total_node) == G_TYPE_STRING &&
                   !g_ascii_string_to_signed (json_node_get_string (total_node), 10,
                                              0, G_MAXUINT, &total, NULL))
            total = -1;
        }
    }

  records = g_ptr_array_new_with_free_func (g_object_unref);

  /* No rows at all (data null or missing) is an empty history. */
  if (JSON_NODE_HOLDS_VALUE (root) || JSON_NODE_HOLDS_NULL (root))
    data = root;
  else if (data == NULL || JSON_NODE_HOLDS_NULL (data))
    {
      if (total_out)
        *total_out = 0;
      return g_steal_pointer (&records);
    }

  if (!JSON_NODE_HOLDS_ARRAY (data))
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_PROTOCOL,
                           _("The PBX’s answer has no list of calls. Check the REST "
                             "address in Preferences."));
      return NULL;
    }

  rows = json_node_get_array (data);
  for (i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *row = json_array_get_element (rows, i);

      if (!JSON_NODE_HOLDS_OBJECT (row))
        {
          n_skipped++;
          continue;
        }
      g_ptr_array_add (records, dipcc_cdr_record_new_from_json (json_node_get_object (row)));
    }

  if (n_skipped > 0)
    g_debug ("Skipped %u of %u call history rows that were not objects",
             n_skipped, json_array_get_length (rows));

  if (total_out)
    *total_out = total >= 0 ? (guint) MIN (total, (gint64) G_MAXUINT)
                            : json_array_get_length (rows);
  if (n_skipped_out)
    *n_skipped_out = n_skipped;

  return g_steal_pointer (&records);
}
