/* dipcc-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-preferences"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dipcc-connection-test.h"
#include "dipcc-error.h"
#include "dipcc-phone-number.h"
#include "dipcc-preferences-window.h"
#include "dipcc-text.h"
#include "dipcc-url-template.h"
#include "dipcc-tls-pin.h"

/* Longest label or caller-id name kept, in characters. */
#define MAX_NAME_CHARS 64

/* Turns what was typed into the value to store, or says why it cannot be. */
typedef char *(*ValidateFunc) (const char *text, GError **error);

typedef enum {
  FIELD_REST_URL,
  FIELD_TENANT,
  FIELD_WS_URL,
  FIELD_SERVER_IDS,
  FIELD_AMI_HOST,
  FIELD_AMI_USER,
  FIELD_TLS_PIN,
  FIELD_EXTENSION,
  FIELD_COS_ID,
  FIELD_CID_NAME,
  FIELD_CID_NUMBER,
  FIELD_SCREEN_POP,
  N_FIELDS
} Field;

struct _DipccPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  DipccSession         *session;
  GSettings            *gsettings;
  GCancellable         *cancellable;        /* secret look-ups and stores */
  GCancellable         *test_cancellable;
  DipccConnectionConfig *test_config;
  GPtrArray            *watched_rows;

  AdwEntryRow          *rows[N_FIELDS];
  GtkWidget            *error_boxes[N_FIELDS];
  GtkLabel             *error_labels[N_FIELDS];
  gboolean              loading;

  AdwPreferencesPage   *connection_page;
  AdwPreferencesPage   *popups_page;
  AdwEntryRow          *rest_url_row;
  AdwEntryRow          *tenant_row;
  AdwPasswordEntryRow  *app_key_row;
  GtkLabel             *app_key_state;
  AdwComboRow          *channel_row;
  AdwEntryRow          *ws_url_row;
  AdwComboRow          *dialect_row;
  AdwEntryRow          *server_ids_row;
  AdwEntryRow          *ami_host_row;
  AdwActionRow         *ami_port_row;
  GtkSpinButton        *ami_port_spin;
  AdwEntryRow          *ami_user_row;
  AdwPasswordEntryRow  *ami_secret_row;
  GtkLabel             *ami_secret_state;
  AdwActionRow         *ami_tls_row;
  GtkSwitch            *ami_tls_switch;
  AdwEntryRow          *tls_pin_row;
  GtkStack             *test_stack;
  GtkButton            *test_button;
  GtkSpinner           *test_spinner;
  AdwActionRow         *test_rest_row;
  GtkImage             *test_rest_icon;
  AdwActionRow         *test_events_row;
  GtkImage             *test_events_icon;
  AdwEntryRow          *extension_row;
  AdwEntryRow          *cos_id_row;
  AdwEntryRow          *cid_name_row;
  AdwEntryRow          *cid_number_row;
  AdwComboRow          *popup_mode_row;
  GtkSwitch            *popup_ringing_me_switch;
  GtkSwitch            *popup_watched_switch;
  GtkSwitch            *popup_all_switch;
  AdwComboRow          *urgency_row;
  GtkSwitch            *popup_sound_switch;
  AdwPreferencesGroup  *watched_group;
  AdwActionRow         *watched_add_row;
  GtkEntry             *watched_number_entry;
  GtkEntry             *watched_label_entry;
  GtkSwitch            *background_switch;
  GtkSwitch            *login_switch;
  GtkSwitch            *confirm_links_switch;
  AdwEntryRow          *screen_pop_row;
  AdwComboRow          *screen_pop_when_row;
};

G_DEFINE_FINAL_TYPE (DipccPreferencesWindow, dipcc_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Validation ------------------------------------------------------------ */

static gboolean
has_control_or_space (const char *text,
                      gboolean    space_too)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || (space_too && g_unichar_isspace (c)))
        return TRUE;
    }
  return FALSE;
}

/* An absolute address with a host whose scheme is one of @schemes. */
static gboolean
check_uri (const char          *text,
           const char * const  *schemes,
           GError             **error)
{
  g_autoptr(GUri) uri = NULL;

  if (has_control_or_space (text, TRUE))
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("Addresses cannot contain spaces"));
      return FALSE;
    }
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("Not a complete address: write it as %s://host"), schemes[0]);
      return FALSE;
    }
  for (guint i = 0; schemes[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_uri_get_scheme (uri), schemes[i]) == 0)
      return TRUE;
  g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
               _("The address must start with %s:// or %s://"), schemes[0], schemes[1]);
  return FALSE;
}

static char *
validate_rest_url (const char  *text,
                   GError     **error)
{
  static const char * const schemes[] = { "https", "http", NULL };

  if (*text == '\0')
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("Enter the PBX’s REST address"));
      return NULL;
    }
  return check_uri (text, schemes, error) ? g_strdup (text) : NULL;
}

static char *
validate_ws_url (const char  *text,
                 GError     **error)
{
  static const char * const schemes[] = { "wss", "ws", NULL };

  if (*text == '\0')
    return g_strdup ("");
  return check_uri (text, schemes, error) ? g_strdup (text) : NULL;
}

static char *
validate_tenant (const char  *text,
                 GError     **error)
{
  if (*text == '\0' || has_control_or_space (text, TRUE) || g_utf8_strlen (text, -1) > 64)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("Enter the tenant id, such as 1, without spaces"));
      return NULL;
    }
  return g_strdup (text);
}

static char *
validate_server_ids (const char  *text,
                     GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  if (*text == '\0')
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("Enter at least one server id, such as 1"));
      return NULL;
    }
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 id = 0;
      char *part = g_strstrip (parts[i]);

      if (!g_ascii_string_to_unsigned (part, 10, 0, G_MAXINT32, &id, NULL))
        {
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       _("Write the server ids as numbers separated by commas, such as 1, 2"));
          return NULL;
        }
      g_string_append_printf (out, "%s%u", out->len > 0 ? ", " : "", (guint) id);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
validate_host (const char  *text,
               GError     **error)
{
  if (has_control_or_space (text, TRUE) || strlen (text) > 253)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("Enter a host name or address, without spaces"));
      return NULL;
    }
  return g_strdup (text);
}

static char *
validate_plain (const char  *text,
                GError     **error)
{
  if (has_control_or_space (text, FALSE) || g_utf8_strlen (text, -1) > MAX_NAME_CHARS)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("Use at most %d characters, without control characters"), MAX_NAME_CHARS);
      return NULL;
    }
  return g_strdup (text);
}

static char *
validate_pin (const char  *text,
              GError     **error)
{
  if (*text == '\0')
    return g_strdup ("");
  return dipcc_tls_pin_normalize (text, error);
}

static char *
validate_digits (const char  *text,
                 GError     **error)
{
  gsize len = strlen (text);

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      len = 0;
  if (len == 0 || len > 16)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT, _("Use digits only"));
      return NULL;
    }
  return g_strdup (text);
}

static char *
validate_dialable (const char  *text,
                   GError     **error)
{
  if (*text != '\0' && !dipcc_phone_number_is_dialable (text))
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   _("Not a phone number: use digits, +, * and #"));
      return NULL;
    }
  return g_strdup (text);
}

/* The same check the pop-ups make before opening the address */
static char *
validate_screen_pop (const char  *text,
                     GError     **error)
{
  if (*text == '\0')
    return g_strdup ("");
  return dipcc_url_template_validate (text, error) ? g_strdup (text) : NULL;
}

static const struct {
  const char   *key;
  ValidateFunc  validate;
} fields[N_FIELDS] = {
  [FIELD_REST_URL]   = { "rest-url", validate_rest_url },
  [FIELD_TENANT]     = { "tenant", validate_tenant },
  [FIELD_WS_URL]     = { "ws-url", validate_ws_url },
  [FIELD_SERVER_IDS] = { "server-ids", validate_server_ids },
  [FIELD_AMI_HOST]   = { "ami-host", validate_host },
  [FIELD_AMI_USER]   = { "ami-user", validate_plain },
  [FIELD_TLS_PIN]    = { "tls-pin", validate_pin },
  [FIELD_EXTENSION]  = { "extension", validate_digits },
  [FIELD_COS_ID]     = { "cos-id", validate_digits },
  [FIELD_CID_NAME]   = { "cid-name", validate_plain },
  [FIELD_CID_NUMBER] = { "cid-number", validate_dialable },
  [FIELD_SCREEN_POP] = { "screen-pop-template", validate_screen_pop },
};

/* ---- Fields ---------------------------------------------------------------- */

static void
show_field_error (DipccPreferencesWindow *self,
                  Field                   field,
                  const char             *message)
{
  GtkWidget *row = GTK_WIDGET (self->rows[field]);

  gtk_widget_set_visible (self->error_boxes[field], message != NULL);
  gtk_label_set_text (self->error_labels[field], message ? message : "");
  gtk_widget_set_tooltip_text (self->error_boxes[field], message);
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
write_field (DipccPreferencesWindow *self,
             Field                   field,
             const char             *value)
{
  if (field == FIELD_SERVER_IDS)
    {
      g_auto(GStrv) parts = g_strsplit (value, ",", -1);
      g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("ai"));
      g_autoptr(GVariant) old = g_settings_get_value (self->gsettings, "server-ids");
      g_autoptr(GVariant) new = NULL;

      for (guint i = 0; parts[i] != NULL; i++)
        g_variant_builder_add (builder, "i", (gint32) g_ascii_strtoll (parts[i], NULL, 10));
      new = g_variant_ref_sink (g_variant_builder_end (builder));
      if (!g_variant_equal (old, new))
        g_settings_set_value (self->gsettings, "server-ids", new);
    }
  else
    {
      g_autofree char *old = g_settings_get_string (self->gsettings, fields[field].key);

      if (g_strcmp0 (old, value) != 0)
        g_settings_set_string (self->gsettings, fields[field].key, value);
    }
}

static void
field_changed_cb (GtkEditable *editable,
                  gpointer     user_data)
{
  DipccPreferencesWindow *self = user_data;
  Field field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (editable), "dipcc-field"));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  if (self->loading)
    return;
  value = fields[field].validate (text, &error);
  show_field_error (self, field, error ? error->message : NULL);
  if (value != NULL)
    write_field (self, field, value);
}

static char *
read_field (DipccPreferencesWindow *self,
            Field                   field)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GVariant) value = NULL;
  gsize n = 0;
  const gint32 *data;

  if (field != FIELD_SERVER_IDS)
    return g_settings_get_string (self->gsettings, fields[field].key);
  value = g_settings_get_value (self->gsettings, "server-ids");
  data = g_variant_get_fixed_array (value, &n, sizeof (gint32));
  out = g_string_new (NULL);
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (out, "%s%d", i > 0 ? ", " : "", data[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
setup_fields (DipccPreferencesWindow *self)
{
  self->rows[FIELD_REST_URL] = self->rest_url_row;
  self->rows[FIELD_TENANT] = self->tenant_row;
  self->rows[FIELD_WS_URL] = self->ws_url_row;
  self->rows[FIELD_SERVER_IDS] = self->server_ids_row;
  self->rows[FIELD_AMI_HOST] = self->ami_host_row;
  self->rows[FIELD_AMI_USER] = self->ami_user_row;
  self->rows[FIELD_TLS_PIN] = self->tls_pin_row;
  self->rows[FIELD_EXTENSION] = self->extension_row;
  self->rows[FIELD_COS_ID] = self->cos_id_row;
  self->rows[FIELD_CID_NAME] = self->cid_name_row;
  self->rows[FIELD_CID_NUMBER] = self->cid_number_row;
  self->rows[FIELD_SCREEN_POP] = self->screen_pop_row;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (NULL);

      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (box, "error");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_width_chars (GTK_LABEL (label), 18);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_set_visible (box, FALSE);
      adw_entry_row_add_suffix (self->rows[i], box);
      self->error_boxes[i] = box;
      self->error_labels[i] = GTK_LABEL (label);

      g_object_set_data (G_OBJECT (self->rows[i]), "dipcc-field", GUINT_TO_POINTER (i));
      g_signal_connect_object (self->rows[i], "changed", G_CALLBACK (field_changed_cb), self, 0);
    }
}

static void
load_fields (DipccPreferencesWindow *self)
{
  self->loading = TRUE;
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *text = read_field (self, i);

      gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), text);
    }
  self->loading = FALSE;
}

static gboolean
fields_valid (DipccPreferencesWindow *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if (gtk_widget_get_visible (self->error_boxes[i]) &&
        gtk_widget_get_visible (GTK_WIDGET (self->rows[i])))
      return FALSE;
  return TRUE;
}

/* ---- Enumerations in combo rows -------------------------------------------- */

static const char * const channel_nicks[] = { "websocket", "ami", NULL };
static const char * const dialect_nicks[] = { "v3", "dcmiws", NULL };
static const char * const popup_mode_nicks[] = { "notification", "off", NULL };
static const char * const urgency_nicks[] = { "low", "normal", "critical", NULL };
static const char * const when_nicks[] = { "ring", "answer", NULL };

static gboolean
nick_to_index (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
index_to_nick (const GValue       *value,
               const GVariantType *expected_type,
               gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[index]);
}

static void
bind_combo (DipccPreferencesWindow *self,
            const char             *key,
            AdwComboRow            *row,
            const char * const     *nicks)
{
  g_settings_bind_with_mapping (self->gsettings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                nick_to_index, index_to_nick, (gpointer) nicks, NULL);
}

static void
channel_changed_cb (DipccPreferencesWindow *self)
{
  gboolean ami = adw_combo_row_get_selected (self->channel_row) == DIPCC_EVENT_CHANNEL_AMI;

  gtk_widget_set_visible (GTK_WIDGET (self->ws_url_row), !ami);
  gtk_widget_set_visible (GTK_WIDGET (self->dialect_row), !ami);
  gtk_widget_set_visible (GTK_WIDGET (self->server_ids_row), !ami);
  gtk_widget_set_visible (GTK_WIDGET (self->ami_host_row), ami);
  gtk_widget_set_visible (GTK_WIDGET (self->ami_port_row), ami);
  gtk_widget_set_visible (GTK_WIDGET (self->ami_user_row), ami);
  gtk_widget_set_visible (GTK_WIDGET (self->ami_secret_row), ami);
  gtk_widget_set_visible (GTK_WIDGET (self->ami_tls_row), ami);
}

/* ---- Secrets --------------------------------------------------------------- */

static char *
dup_account (DipccPreferencesWindow *self,
             DipccSecretKind         kind)
{
  g_autoptr(DipccConnectionConfig) config =
    dipcc_connection_config_new_from_settings (dipcc_session_get_settings (self->session));

  if (kind == DIPCC_SECRET_KIND_APP_KEY)
    return dipcc_connection_config_dup_rest_account (config);
  return dipcc_connection_config_dup_ami_account (config);
}

static GtkLabel *
state_label (DipccPreferencesWindow *self,
             DipccSecretKind         kind)
{
  return kind == DIPCC_SECRET_KIND_APP_KEY ? self->app_key_state : self->ami_secret_state;
}

typedef struct {
  DipccPreferencesWindow *self;
  DipccSecretKind         kind;
} SecretOp;

static void
secret_op_free (SecretOp *op)
{
  g_object_unref (op->self);
  g_free (op);
}

static SecretOp *
secret_op_new (DipccPreferencesWindow *self,
               DipccSecretKind         kind)
{
  SecretOp *op = g_new0 (SecretOp, 1);

  op->self = g_object_ref (self);
  op->kind = kind;
  return op;
}

static void
lookup_state_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SecretOp *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  secret = dipcc_secret_store_lookup_finish (DIPCC_SECRET_STORE (source), result, &error);
  if (error != NULL)
    g_debug ("Could not look up a secret: %s", error->message);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_widget_set_visible (GTK_WIDGET (state_label (op->self, op->kind)),
                            secret != NULL && *secret != '\0');
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  secret_op_free (op);
}

static void
refresh_secret_state (DipccPreferencesWindow *self,
                      DipccSecretKind         kind)
{
  g_autofree char *account = dup_account (self, kind);

  dipcc_secret_store_lookup_async (dipcc_session_get_secret_store (self->session), kind,
                                   account, self->cancellable, lookup_state_cb,
                                   secret_op_new (self, kind));
}

static void
store_secret_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SecretOp *op = user_data;
  DipccPreferencesWindow *self = op->self;
  g_autoptr(GError) error = NULL;

  if (dipcc_session_store_secret_finish (DIPCC_SESSION (source), result, &error))
    {
      GtkEditable *row = GTK_EDITABLE (op->kind == DIPCC_SECRET_KIND_APP_KEY
                                       ? self->app_key_row : self->ami_secret_row);

      gtk_editable_set_text (row, "");
      gtk_widget_set_visible (GTK_WIDGET (state_label (self, op->kind)), TRUE);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *title = g_strdup_printf (_("Could not store the secret: %s"),
                                                error->message);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
    }
  secret_op_free (op);
}

static void
store_secret (DipccPreferencesWindow *self,
              DipccSecretKind         kind,
              GtkEditable            *row)
{
  const char *secret = gtk_editable_get_text (row);
  g_autofree char *account = NULL;

  if (*secret == '\0')
    return;
  account = dup_account (self, kind);
  dipcc_session_store_secret_async (self->session, kind, account, secret, self->cancellable,
                                    store_secret_cb, secret_op_new (self, kind));
}

static void
app_key_apply_cb (DipccPreferencesWindow *self)
{
  store_secret (self, DIPCC_SECRET_KIND_APP_KEY, GTK_EDITABLE (self->app_key_row));
}

static void
ami_secret_apply_cb (DipccPreferencesWindow *self)
{
  store_secret (self, DIPCC_SECRET_KIND_AMI_SECRET, GTK_EDITABLE (self->ami_secret_row));
}

static void
settings_changed_cb (GSettings  *settings,
                     const char *key,
                     gpointer    user_data)
{
  DipccPreferencesWindow *self = user_data;

  /* The account a secret is stored under follows these. */
  if (g_str_equal (key, "rest-url") || g_str_equal (key, "tenant"))
    refresh_secret_state (self, DIPCC_SECRET_KIND_APP_KEY);
  else if (g_str_equal (key, "ami-host") || g_str_equal (key, "ami-port") ||
           g_str_equal (key, "ami-user"))
    refresh_secret_state (self, DIPCC_SECRET_KIND_AMI_SECRET);
}

/* ---- Test Connection --------------------------------------------------------- */

static char *
format_ms (double ms)
{
  return ms < 10 ? g_strdup_printf (_("%.1f ms"), ms) : g_strdup_printf (_("%.0f ms"), ms);
}

static void
show_test_row (AdwActionRow *row,
               GtkImage     *icon,
               gboolean      ok,
               const char   *title,
               const char   *subtitle)
{
  /* the reason can quote the server and the address can hold "&": plain text */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle ? subtitle : "");
  gtk_image_set_from_icon_name (icon, ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (icon), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (icon), ok ? "success" : "error");
  gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
}

static void
test_finished (DipccPreferencesWindow *self)
{
  gtk_spinner_stop (self->test_spinner);
  gtk_stack_set_visible_child_name (self->test_stack, "button");
  g_clear_pointer (&self->test_config, dipcc_connection_config_free);
}

static void
show_results (DipccPreferencesWindow    *self,
              DipccConnectionTestResult *result)
{
  const DipccConnectionConfig *config = self->test_config;
  g_autofree char *rest_title = NULL;
  g_autofree char *events_title = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  const GError *events_error = result->events_error;
  gboolean ami = config->event_channel == DIPCC_EVENT_CHANNEL_AMI;

  if (!result->rest_tested)
    rest_title = g_strdup (_("REST: not set up"));
  else if (result->rest_error != NULL)
    rest_title = g_strdup_printf (_("REST: failed: %s"), result->rest_error->message);
  else
    {
      g_autofree char *ms = format_ms (result->rest_ms);

      rest_title = g_strdup_printf (_("REST: OK, %s"), ms);
    }
  show_test_row (self->test_rest_row, self->test_rest_icon,
                 result->rest_tested && result->rest_error == NULL, rest_title,
                 config->rest_url);

  g_string_append (details, ami ? config->ami_host : config->ws_url);
  for (guint i = 0; events_error == NULL && i < result->pings->len; i++)
    {
      const DipccServerPing *ping = &g_array_index (result->pings, DipccServerPing, i);

      if (ping->error != NULL)
        events_error = ping->error;
      else
        {
          g_autofree char *ms = format_ms (ping->round_trip_ms);

          g_string_append (details, "\n");
          g_string_append_printf (details, _("Server %d: Ping %s"), ping->server_id, ms);
        }
    }
  if (!result->events_tested)
    events_title = g_strdup (_("Events: not set up"));
  else if (events_error != NULL)
    events_title = g_strdup_printf (_("Events: failed: %s"), events_error->message);
  else
    {
      g_autofree char *ms = format_ms (result->events_ms);

      events_title = g_strdup_printf (_("Events: OK, %s"), ms);
    }
  show_test_row (self->test_events_row, self->test_events_icon,
                 result->events_tested && events_error == NULL, events_title, details->str);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(DipccPreferencesWindow) self = user_data;
  g_autoptr(DipccConnectionTestResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = dipcc_connection_test_finish (res, &error);
  if (result != NULL && self->test_config != NULL)
    show_results (self, result);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    test_finished (self);
}

static void test_continue (DipccPreferencesWindow *self);

static void
test_secret_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SecretOp *op = user_data;
  DipccPreferencesWindow *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  secret = dipcc_secret_store_lookup_finish (DIPCC_SECRET_STORE (source), result, &error);
  if (self->test_config != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* An empty string marks "looked up" so that test_continue() moves on. */
      if (op->kind == DIPCC_SECRET_KIND_APP_KEY)
        dipcc_connection_config_set_app_key (self->test_config, secret ? secret : "");
      else
        dipcc_connection_config_set_ami_secret (self->test_config, secret ? secret : "");
      test_continue (self);
    }
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  secret_op_free (op);
}

/* Fills in the secrets not typed from the keyring, then runs the test. */
static void
test_continue (DipccPreferencesWindow *self)
{
  DipccConnectionConfig *config = self->test_config;
  DipccSecretStore *store = dipcc_session_get_secret_store (self->session);
  DipccConnectionTestFlags what = 0;

  if (config->app_key == NULL)
    {
      g_autofree char *account = dipcc_connection_config_dup_rest_account (config);

      dipcc_secret_store_lookup_async (store, DIPCC_SECRET_KIND_APP_KEY, account,
                                       self->test_cancellable, test_secret_cb,
                                       secret_op_new (self, DIPCC_SECRET_KIND_APP_KEY));
      return;
    }
  if (config->event_channel == DIPCC_EVENT_CHANNEL_AMI && config->ami_secret == NULL)
    {
      g_autofree char *account = dipcc_connection_config_dup_ami_account (config);

      dipcc_secret_store_lookup_async (store, DIPCC_SECRET_KIND_AMI_SECRET, account,
                                       self->test_cancellable, test_secret_cb,
                                       secret_op_new (self, DIPCC_SECRET_KIND_AMI_SECRET));
      return;
    }

  if (dipcc_connection_config_has_rest (config))
    what |= DIPCC_CONNECTION_TEST_REST;
  if (dipcc_connection_config_has_events (config))
    what |= DIPCC_CONNECTION_TEST_EVENTS;
  dipcc_connection_test_async (config, what, self->test_cancellable, test_done_cb,
                               g_object_ref (self));
}

static void
test_clicked_cb (DipccPreferencesWindow *self)
{
  const char *app_key = gtk_editable_get_text (GTK_EDITABLE (self->app_key_row));
  const char *ami_secret = gtk_editable_get_text (GTK_EDITABLE (self->ami_secret_row));

  if (self->test_config != NULL)
    return;
  if (!fields_valid (self))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Correct the marked fields first")));
      return;
    }
  self->test_config =
    dipcc_connection_config_new_from_settings (dipcc_session_get_settings (self->session));
  if (*app_key != '\0')
    dipcc_connection_config_set_app_key (self->test_config, app_key);
  if (*ami_secret != '\0')
    dipcc_connection_config_set_ami_secret (self->test_config, ami_secret);

  gtk_widget_set_visible (GTK_WIDGET (self->test_rest_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_events_row), FALSE);
  gtk_stack_set_visible_child_name (self->test_stack, "spinner");
  gtk_spinner_start (self->test_spinner);
  g_cancellable_cancel (self->test_cancellable);
  g_object_unref (self->test_cancellable);
  self->test_cancellable = g_cancellable_new ();
  test_continue (self);
}

/* ---- Watched numbers --------------------------------------------------------- */

static void
set_watched (DipccPreferencesWindow *self,
             const char             *number,
             const char             *label,
             gboolean                add)
{
  g_auto(GStrv) numbers = g_settings_get_strv (self->gsettings, "watched-numbers");
  g_autoptr(GVariant) labels = g_settings_get_value (self->gsettings, "number-labels");
  g_autoptr(GStrvBuilder) list = g_strv_builder_new ();
  g_auto(GStrv) new_numbers = NULL;
  GVariantBuilder dict;
  GVariantIter iter;
  const char *key, *value;

  for (guint i = 0; numbers[i] != NULL; i++)
    if (!g_str_equal (numbers[i], number))
      g_strv_builder_add (list, numbers[i]);
  if (add)
    g_strv_builder_add (list, number);
  new_numbers = g_strv_builder_end (list);

  g_variant_builder_init (&dict, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, labels);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, number))
      g_variant_builder_add (&dict, "{ss}", key, value);
  if (add && label != NULL && *label != '\0')
    g_variant_builder_add (&dict, "{ss}", number, label);

  g_settings_set_value (self->gsettings, "number-labels", g_variant_builder_end (&dict));
  g_settings_set_strv (self->gsettings, "watched-numbers", (const char * const *) new_numbers);
}

static void
watched_remove_cb (GtkButton *button,
                   gpointer   user_data)
{
  DipccPreferencesWindow *self = user_data;
  const char *number = g_object_get_data (G_OBJECT (button), "dipcc-number");

  set_watched (self, number, NULL, FALSE);
}

static void
rebuild_watched (DipccPreferencesWindow *self)
{
  g_auto(GStrv) numbers = g_settings_get_strv (self->gsettings, "watched-numbers");
  g_autoptr(GVariant) labels = g_settings_get_value (self->gsettings, "number-labels");

  for (guint i = 0; i < self->watched_rows->len; i++)
    adw_preferences_group_remove (self->watched_group, g_ptr_array_index (self->watched_rows, i));
  g_ptr_array_set_size (self->watched_rows, 0);

  g_object_ref (self->watched_add_row);
  adw_preferences_group_remove (self->watched_group, GTK_WIDGET (self->watched_add_row));
  for (guint i = 0; numbers[i] != NULL; i++)
    {
      g_autofree char *shown = dipcc_text_sanitize_display (numbers[i], -1, 32);
      g_autofree char *label = NULL;
      g_autofree char *title = NULL;
      g_autofree char *tooltip = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

      if (g_variant_lookup (labels, numbers[i], "s", &label) && *label != '\0')
        {
          g_autofree char *clean = dipcc_text_sanitize_display (label, -1, MAX_NAME_CHARS);

          title = g_strdup_printf ("%s · %s", shown, clean);
        }
      else
        title = g_strdup (shown);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

      tooltip = g_strdup_printf (_("Stop watching %s"), shown);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      tooltip, -1);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "dipcc-number", g_strdup (numbers[i]), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (watched_remove_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->watched_group, row);
      g_ptr_array_add (self->watched_rows, row);
    }
  adw_preferences_group_add (self->watched_group, GTK_WIDGET (self->watched_add_row));
  g_object_unref (self->watched_add_row);
}

/* The entry turns red and says why in its tooltip and a toast: the row has
 * no room for a subtitle next to the two entries. */
static void
watched_add_error (DipccPreferencesWindow *self,
                   GtkEntry               *entry,
                   const char             *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), message);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
watched_add_cb (DipccPreferencesWindow *self)
{
  g_autofree char *number =
    dipcc_phone_number_strip (gtk_editable_get_text (GTK_EDITABLE (self->watched_number_entry)));
  g_autofree char *label =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->watched_label_entry))));
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = NULL;

  if (number == NULL || *number == '\0' || !dipcc_phone_number_is_dialable (number))
    {
      watched_add_error (self, self->watched_number_entry,
                         _("Not a phone number: use digits, +, * and #"));
      return;
    }
  checked = validate_plain (label, &error);
  if (checked == NULL)
    {
      watched_add_error (self, self->watched_label_entry, error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->watched_number_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->watched_label_entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->watched_number_entry), NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->watched_label_entry), NULL);
  set_watched (self, number, checked, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->watched_number_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->watched_label_entry), "");
}

/* ---- The window ---------------------------------------------------------------- */

static void
setup (DipccPreferencesWindow *self)
{
  self->gsettings = g_object_ref (dipcc_settings_get_gsettings (
                                    dipcc_session_get_settings (self->session)));
  load_fields (self);

  bind_combo (self, "event-channel", self->channel_row, channel_nicks);
  bind_combo (self, "ws-dialect", self->dialect_row, dialect_nicks);
  bind_combo (self, "popup-mode", self->popup_mode_row, popup_mode_nicks);
  bind_combo (self, "popup-urgency", self->urgency_row, urgency_nicks);
  bind_combo (self, "screen-pop-when", self->screen_pop_when_row, when_nicks);
  channel_changed_cb (self);

  g_settings_bind (self->gsettings, "ami-port", self->ami_port_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->gsettings, "ami-tls", self->ami_tls_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->gsettings, "popup-ringing-me", self->popup_ringing_me_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->gsettings, "popup-watched", self->popup_watched_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->gsettings, "popup-all-incoming", self->popup_all_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->gsettings, "popup-sound", self->popup_sound_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->gsettings, "start-at-login", self->login_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->gsettings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->gsettings, "confirm-dial-links", self->confirm_links_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->gsettings, "changed", G_CALLBACK (settings_changed_cb), self, 0);
  g_signal_connect_object (self->gsettings, "changed::watched-numbers",
                           G_CALLBACK (rebuild_watched), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gsettings, "changed::number-labels",
                           G_CALLBACK (rebuild_watched), self, G_CONNECT_SWAPPED);
  rebuild_watched (self);

  refresh_secret_state (self, DIPCC_SECRET_KIND_APP_KEY);
  refresh_secret_state (self, DIPCC_SECRET_KIND_AMI_SECRET);
}

static void
dispose (GObject *object)
{
  DipccPreferencesWindow *self = DIPCC_PREFERENCES_WINDOW (object);

  /* Taking the rows apart empties them: that must not reach the settings. */
  self->loading = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->test_cancellable);
  g_clear_pointer (&self->test_config, dipcc_connection_config_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIPCC_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (dipcc_preferences_window_parent_class)->dispose (object);
}

static void
finalize (GObject *object)
{
  DipccPreferencesWindow *self = DIPCC_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_pointer (&self->watched_rows, g_ptr_array_unref);
  g_clear_object (&self->gsettings);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dipcc_preferences_window_parent_class)->finalize (object);
}

static void
set_property (GObject      *object,
              guint         prop_id,
              const GValue *value,
              GParamSpec   *pspec)
{
  DipccPreferencesWindow *self = DIPCC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
get_property (GObject    *object,
              guint       prop_id,
              GValue     *value,
              GParamSpec *pspec)
{
  DipccPreferencesWindow *self = DIPCC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
constructed (GObject *object)
{
  DipccPreferencesWindow *self = DIPCC_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (dipcc_preferences_window_parent_class)->constructed (object);
  g_return_if_fail (DIPCC_IS_SESSION (self->session));
  setup (self);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, DipccPreferencesWindow, name)

static void
dipcc_preferences_window_class_init (DipccPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dispose;
  object_class->finalize = finalize;
  object_class->constructed = constructed;
  object_class->set_property = set_property;
  object_class->get_property = get_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DIPCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dipcc/Companion/"
                                               "dipcc-preferences-window.ui");
  BIND (connection_page);
  BIND (popups_page);
  BIND (rest_url_row);
  BIND (tenant_row);
  BIND (app_key_row);
  BIND (app_key_state);
  BIND (channel_row);
  BIND (ws_url_row);
  BIND (dialect_row);
  BIND (server_ids_row);
  BIND (ami_host_row);
  BIND (ami_port_row);
  BIND (ami_port_spin);
  BIND (ami_user_row);
  BIND (ami_secret_row);
  BIND (ami_secret_state);
  BIND (ami_tls_row);
  BIND (ami_tls_switch);
  BIND (tls_pin_row);
  BIND (test_stack);
  BIND (test_button);
  BIND (test_spinner);
  BIND (test_rest_row);
  BIND (test_rest_icon);
  BIND (test_events_row);
  BIND (test_events_icon);
  BIND (extension_row);
  BIND (cos_id_row);
  BIND (cid_name_row);
  BIND (cid_number_row);
  BIND (popup_mode_row);
  BIND (popup_ringing_me_switch);
  BIND (popup_watched_switch);
  BIND (popup_all_switch);
  BIND (urgency_row);
  BIND (popup_sound_switch);
  BIND (watched_group);
  BIND (watched_add_row);
  BIND (watched_number_entry);
  BIND (watched_label_entry);
  BIND (background_switch);
  BIND (login_switch);
  BIND (confirm_links_switch);
  BIND (screen_pop_row);
  BIND (screen_pop_when_row);
  gtk_widget_class_bind_template_callback (widget_class, app_key_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, ami_secret_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, channel_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, watched_add_cb);
}

static void
dipcc_preferences_window_init (DipccPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->test_cancellable = g_cancellable_new ();
  self->watched_rows = g_ptr_array_new ();
  setup_fields (self);
}

/**
 * dipcc_preferences_window_new:
 * @session: the app's session
 *
 * Returns: (transfer full): a new preferences window for @session's settings
 */
DipccPreferencesWindow *
dipcc_preferences_window_new (DipccSession *session)
{
  g_return_val_if_fail (DIPCC_IS_SESSION (session), NULL);

  return g_object_new (DIPCC_TYPE_PREFERENCES_WINDOW, "session", session, NULL);
}
