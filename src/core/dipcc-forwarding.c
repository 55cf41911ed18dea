/* dipcc-forwarding.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-forwarding"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-error.h"
#include "dipcc-forwarding.h"
#include "dipcc-phone-number.h"
#include "dipcc-text.h"

/* How the PBX's dialplan stores a forwarding target. */
#define DESTINATION_PREFIX "sub-custom-numbers,"
#define DESTINATION_SUFFIX ",1"

/* How much of the PBX's output an error message quotes, in characters. */
#define QUOTE_MAX_CHARS 80
/* How much of a refused tenant or extension a message quotes. */
#define TOKEN_QUOTE_CHARS 40
#define MAX_TOKEN_LEN 64

static const struct {
  const char *token;
  const char *nick;
  const char *label;
} kinds[DIPCC_FORWARD_N_KINDS] = {
  [DIPCC_FORWARD_KIND_ALWAYS] = { "CFI", "always", N_("Always") },
  [DIPCC_FORWARD_KIND_BUSY] = { "CFB", "busy", N_("When busy") },
  [DIPCC_FORWARD_KIND_NO_ANSWER] = { "CFN", "no-answer", N_("When not answered") },
  [DIPCC_FORWARD_KIND_UNAVAILABLE] = { "CFU", "unavailable", N_("When my phone is offline") },
};

struct _DipccForwardState
{
  DipccForwardKind  kind;
  gboolean          enabled;
  char             *destination;
};

G_DEFINE_BOXED_TYPE (DipccForwardState, dipcc_forward_state,
                     dipcc_forward_state_copy, dipcc_forward_state_free)

struct _DipccForwarding
{
  GObject          parent_instance;

  /* Owned */
  DipccPbxClient  *client;      /* a reference only: never started or stopped here */
  char            *tenant;
  char            *extension;
  int              server_id;
};

G_DEFINE_FINAL_TYPE (DipccForwarding, dipcc_forwarding, G_TYPE_OBJECT)

/* Commands sent one after the other; the `Output` lines of each answer. */
typedef struct {
  GPtrArray *commands;   /* char * */
  GPtrArray *outputs;    /* GStrv, one per answered command */
  guint      next;
} Batch;

typedef struct {
  DipccForwardKind  kind;
  gboolean          enabled;
  char             *value;   /* the destination to write, AstDB form; NULL: keep */
} SetData;

static gboolean
valid_kind (DipccForwardKind kind)
{
  return (guint) kind < DIPCC_FORWARD_N_KINDS;
}

/**
 * dipcc_forward_kind_get_token:
 *
 * Returns: the PBX's name of @kind: `CFI`, `CFB`, `CFN` or `CFU`
 */
const char *
dipcc_forward_kind_get_token (DipccForwardKind kind)
{
  g_return_val_if_fail (valid_kind (kind), NULL);

  return kinds[kind].token;
}

/**
 * dipcc_forward_kind_get_nick:
 *
 * Returns: a stable name of @kind for scripts and settings: `always`,
 *   `busy`, `no-answer` or `unavailable`
 */
const char *
dipcc_forward_kind_get_nick (DipccForwardKind kind)
{
  g_return_val_if_fail (valid_kind (kind), NULL);

  return kinds[kind].nick;
}

/**
 * dipcc_forward_kind_get_label:
 *
 * Returns: the translated name of @kind to show: “Always”, “When busy”…
 */
const char *
dipcc_forward_kind_get_label (DipccForwardKind kind)
{
  g_return_val_if_fail (valid_kind (kind), NULL);

  return _(kinds[kind].label);
}

/**
 * dipcc_forward_kind_from_string:
 * @text: a nick (`always`, `no-answer`…) or a token (`CFI`…), in any case
 * @kind: (out): the kind
 *
 * Returns: whether @text names a kind
 */
gboolean
dipcc_forward_kind_from_string (const char       *text,
                                DipccForwardKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < DIPCC_FORWARD_N_KINDS; i++)
    {
      if (g_ascii_strcasecmp (text, kinds[i].nick) == 0 ||
          g_ascii_strcasecmp (text, kinds[i].token) == 0)
        {
          *kind = (DipccForwardKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * dipcc_forward_state_new:
 * @destination: (nullable): the number calls go to
 *
 * Returns: (transfer full): the state of one kind of forwarding
 */
DipccForwardState *
dipcc_forward_state_new (DipccForwardKind  kind,
                         gboolean          enabled,
                         const char       *destination)
{
  DipccForwardState *state;

  g_return_val_if_fail (valid_kind (kind), NULL);

  state = g_new0 (DipccForwardState, 1);
  state->kind = kind;
  state->enabled = !!enabled;
  state->destination = g_strdup (destination);
  return state;
}

DipccForwardState *
dipcc_forward_state_copy (DipccForwardState *state)
{
  g_return_val_if_fail (state != NULL, NULL);

  return dipcc_forward_state_new (state->kind, state->enabled, state->destination);
}

void
dipcc_forward_state_free (DipccForwardState *state)
{
  if (state == NULL)
    return;
  g_free (state->destination);
  g_free (state);
}

DipccForwardKind
dipcc_forward_state_get_kind (DipccForwardState *state)
{
  g_return_val_if_fail (state != NULL, DIPCC_FORWARD_KIND_ALWAYS);

  return state->kind;
}

gboolean
dipcc_forward_state_get_enabled (DipccForwardState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  return state->enabled;
}

/**
 * dipcc_forward_state_get_destination:
 *
 * The number calls go to. When the PBX holds a destination in a form this
 * client does not know, it is given as the PBX has it, made safe to show.
 *
 * Returns: (nullable): the destination, or %NULL when there is none
 */
const char *
dipcc_forward_state_get_destination (DipccForwardState *state)
{
  g_return_val_if_fail (state != NULL, NULL);

  return state->destination;
}

static void
batch_free (Batch *batch)
{
  g_ptr_array_unref (batch->commands);
  g_ptr_array_unref (batch->outputs);
  g_free (batch);
}

static void
set_data_free (SetData *data)
{
  g_free (data->value);
  g_free (data);
}

/* The PBX's output lines as one line an error message can quote. */
static char *
quote_output (char **lines)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  char *quoted;

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, lines[i]);
      if (joined->len > QUOTE_MAX_CHARS * 4)
        break;
    }
  quoted = dipcc_text_sanitize_display (joined->str, joined->len, QUOTE_MAX_CHARS);
  if (*quoted == '\0')
    {
      g_free (quoted);
      /* Translators: shown in quotes when the PBX answered a command with no text */
      quoted = g_strdup (_("no output"));
    }
  return quoted;
}

static const char *
skip_spaces (const char *line)
{
  while (*line == ' ' || *line == '\t')
    line++;
  return line;
}

/* `Value: X` gives X, `Database entry not found.` gives NULL: both are
 * answers. Anything else means the PBX did not run the command. */
static gboolean
parse_get_output (char       **lines,
                  char       **value,
                  GError     **error)
{
  g_autofree char *quoted = NULL;

  *value = NULL;
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      const char *line = skip_spaces (lines[i]);

      if (g_str_has_prefix (line, "Value:"))
        {
          const char *v = line + strlen ("Value:");

          if (*v == ' ')
            v++;
          *value = g_strdup (v);
          return TRUE;
        }
      if (g_str_has_prefix (line, "Database entry not found"))
        return TRUE;
      if (*line != '\0')
        break;
    }

  quoted = quote_output (lines);
  g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED,
               /* Translators: %s is the PBX's answer, shortened */
               _("The PBX did not read the call forwarding setting: “%s”. Ask your PBX "
                 "administrator whether the AMI user may run database commands."),
               quoted);
  return FALSE;
}

static gboolean
check_put_output (char   **lines,
                  GError **error)
{
  g_autofree char *quoted = NULL;

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      const char *line = skip_spaces (lines[i]);

      if (g_str_has_prefix (line, "Updated database successfully"))
        return TRUE;
      if (*line != '\0')
        break;
    }

  quoted = quote_output (lines);
  g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_FAILED,
               /* Translators: %s is the PBX's answer, shortened */
               _("The PBX did not save the call forwarding change: “%s”. Ask your PBX "
                 "administrator whether the AMI user may change the database."),
               quoted);
  return FALSE;
}

/* `Response: Error` (as `Permission denied` for an AMI user without the
 * `command` privilege) comes from the client as DIPCC_ERROR_FAILED. */
static GError *
explain_client_error (GError *error)
{
  GError *explained;

  if (error->domain != DIPCC_ERROR || error->code != DIPCC_ERROR_FAILED)
    return error;

  explained = g_error_new (DIPCC_ERROR, DIPCC_ERROR_FAILED,
                           /* Translators: %s is the PBX's refusal, already translated */
                           _("%s. Call forwarding needs an AMI user with the “command” "
                             "permission: ask your PBX administrator."),
                           error->message);
  g_error_free (error);
  return explained;
}

static gboolean
is_yes (const char *value)
{
  return value != NULL &&
         (g_ascii_strcasecmp (value, "yes") == 0 || g_ascii_strcasecmp (value, "true") == 0 ||
          g_ascii_strcasecmp (value, "on") == 0 || strcmp (value, "1") == 0);
}

/* `sub-custom-numbers,01012345678,1` gives `01012345678`; any other form is
 * shown as the PBX has it. */
static char *
destination_from_value (const char *value)
{
  const gsize prefix_len = strlen (DESTINATION_PREFIX);
  const gsize suffix_len = strlen (DESTINATION_SUFFIX);
  g_autofree char *shown = NULL;
  gsize len;

  if (value == NULL || *value == '\0')
    return NULL;

  len = strlen (value);
  if (len > prefix_len + suffix_len && g_str_has_prefix (value, DESTINATION_PREFIX) &&
      g_str_has_suffix (value, DESTINATION_SUFFIX))
    shown = dipcc_text_sanitize_display (value + prefix_len, len - prefix_len - suffix_len,
                                         QUOTE_MAX_CHARS);
  else
    shown = dipcc_text_sanitize_display (value, -1, QUOTE_MAX_CHARS);

  if (*shown == '\0')
    return NULL;
  return g_steal_pointer (&shown);
}

static DipccForwardState *
state_from_values (DipccForwardKind  kind,
                   const char       *enable,
                   const char       *destination)
{
  g_autofree char *number = destination_from_value (destination);

  return dipcc_forward_state_new (kind, is_yes (enable), number);
}

/* A tenant or extension goes into a CLI command line and an AstDB key:
 * only letters, digits, `-`, `_` and `.`, so it can carry no space, no
 * line break and no `/`. */
static gboolean
is_safe_token (const char *text)
{
  gsize len = 0;

  for (const char *p = text; *p != '\0'; p++, len++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
        return FALSE;
    }
  return len > 0 && len <= MAX_TOKEN_LEN;
}

static gboolean
check_target (DipccForwarding  *self,
              GError          **error)
{
  g_autofree char *quoted = NULL;

  if (*self->tenant == '\0')
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("No tenant id is set: set it in Preferences"));
      return FALSE;
    }
  if (!is_safe_token (self->tenant))
    {
      quoted = dipcc_text_sanitize_display (self->tenant, -1, TOKEN_QUOTE_CHARS);
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %s is the tenant id as set, shortened */
                   _("The tenant id “%s” cannot be used: it may hold only letters, digits, "
                     "-, _ and . (check it in Preferences)"),
                   quoted);
      return FALSE;
    }
  if (*self->extension == '\0')
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("No extension is set: set yours in Preferences"));
      return FALSE;
    }
  if (!is_safe_token (self->extension))
    {
      quoted = dipcc_text_sanitize_display (self->extension, -1, TOKEN_QUOTE_CHARS);
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %s is the extension as set, shortened */
                   _("The extension “%s” cannot be used: it may hold only letters, digits, "
                     "-, _ and . (check it in Preferences)"),
                   quoted);
      return FALSE;
    }
  return TRUE;
}

static char *
get_command (DipccForwarding  *self,
             DipccForwardKind  kind,
             const char       *field)
{
  return g_strdup_printf ("database get %s diversions/%s/%s/%s", self->tenant, self->extension,
                          kinds[kind].token, field);
}

static char *
put_command (DipccForwarding  *self,
             DipccForwardKind  kind,
             const char       *field,
             const char       *value)
{
  return g_strdup_printf ("database put %s diversions/%s/%s/%s %s", self->tenant,
                          self->extension, kinds[kind].token, field, value);
}

/* ---- commands in sequence ------------------------------------------------ */

static void batch_send_next (GTask *task);

static void
on_command_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Batch *batch = g_task_get_task_data (task);
  g_autoptr(DipccActionResult) action_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **lines = NULL;
  DipccAmiMessage *response;

  action_result = dipcc_pbx_client_send_action_finish (DIPCC_PBX_CLIENT (source), result, &error);
  if (action_result == NULL)
    {
      g_task_return_error (task, explain_client_error (g_steal_pointer (&error)));
      return;
    }

  response = dipcc_action_result_get_response (action_result);
  if (response != NULL)
    lines = dipcc_ami_message_get_all (response, "Output");
  else
    lines = g_new0 (const char *, 1);
  g_ptr_array_add (batch->outputs, g_strdupv ((char **) lines));
  batch_send_next (g_steal_pointer (&task));
}

/* Takes over @task's reference. */
static void
batch_send_next (GTask *task)
{
  DipccForwarding *self = g_task_get_source_object (task);
  Batch *batch = g_task_get_task_data (task);
  g_autoptr(DipccAmiMessage) action = NULL;

  if (batch->next == batch->commands->len)
    {
      g_task_return_pointer (task, g_ptr_array_ref (batch->outputs),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  action = dipcc_ami_message_new_action ("Command");
  dipcc_ami_message_add (action, "Command", g_ptr_array_index (batch->commands, batch->next));
  batch->next++;
  dipcc_pbx_client_send_action_async (self->client, action, self->server_id,
                                      DIPCC_ACTION_FLAGS_NONE, 0, g_task_get_cancellable (task),
                                      on_command_done, task);
}

/* Sends @commands (transfer full) in order, stopping at the first error;
 * the result is a GPtrArray of each answer's `Output` lines (GStrv). */
static void
run_commands_async (DipccForwarding     *self,
                    GPtrArray           *commands,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Batch *batch = g_new0 (Batch, 1);

  g_task_set_source_tag (task, run_commands_async);
  batch->commands = commands;
  batch->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_task_set_task_data (task, batch, (GDestroyNotify) batch_free);
  batch_send_next (task);
}

static GPtrArray *
run_commands_finish (DipccForwarding  *self,
                     GAsyncResult     *result,
                     GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- GObject ----------------------------------------------------------- */

static void
dipcc_forwarding_finalize (GObject *object)
{
  DipccForwarding *self = DIPCC_FORWARDING (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->tenant, g_free);
  g_clear_pointer (&self->extension, g_free);

  G_OBJECT_CLASS (dipcc_forwarding_parent_class)->finalize (object);
}

static void
dipcc_forwarding_class_init (DipccForwardingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dipcc_forwarding_finalize;
}

static void
dipcc_forwarding_init (DipccForwarding *self)
{
  self->server_id = DIPCC_SERVER_ID_NONE;
}

/**
 * dipcc_forwarding_new:
 * @client: the connection to the PBX; kept, but never started or stopped
 * @tenant: the tenant id (the AstDB family)
 * @extension: the agent's extension
 * @server_id: the AMI server, or %DIPCC_SERVER_ID_NONE for the client's first
 *
 * @tenant and @extension are checked when used: only letters, digits, `-`,
 * `_` and `.` are accepted.
 *
 * Returns: (transfer full): the call forwarding of @extension
 */
DipccForwarding *
dipcc_forwarding_new (DipccPbxClient *client,
                      const char     *tenant,
                      const char     *extension,
                      int             server_id)
{
  DipccForwarding *self;

  g_return_val_if_fail (DIPCC_IS_PBX_CLIENT (client), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  self = g_object_new (DIPCC_TYPE_FORWARDING, NULL);
  self->client = g_object_ref (client);
  self->tenant = g_strdup (tenant);
  self->extension = g_strdup (extension);
  self->server_id = server_id;
  return self;
}

/**
 * dipcc_forwarding_get_client:
 *
 * Returns: (transfer none): the connection to the PBX
 */
DipccPbxClient *
dipcc_forwarding_get_client (DipccForwarding *self)
{
  g_return_val_if_fail (DIPCC_IS_FORWARDING (self), NULL);

  return self->client;
}

const char *
dipcc_forwarding_get_tenant (DipccForwarding *self)
{
  g_return_val_if_fail (DIPCC_IS_FORWARDING (self), NULL);

  return self->tenant;
}

const char *
dipcc_forwarding_get_extension (DipccForwarding *self)
{
  g_return_val_if_fail (DIPCC_IS_FORWARDING (self), NULL);

  return self->extension;
}

int
dipcc_forwarding_get_server_id (DipccForwarding *self)
{
  g_return_val_if_fail (DIPCC_IS_FORWARDING (self), DIPCC_SERVER_ID_NONE);

  return self->server_id;
}

/* ---- reading ------------------------------------------------------------ */

static void
on_got (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) outputs = NULL;
  g_autoptr(GPtrArray) states = NULL;
  GError *error = NULL;

  outputs = run_commands_finish (DIPCC_FORWARDING (source), result, &error);
  if (outputs == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  states = g_ptr_array_new_with_free_func ((GDestroyNotify) dipcc_forward_state_free);
  for (guint k = 0; k < DIPCC_FORWARD_N_KINDS; k++)
    {
      g_autofree char *enable = NULL;
      g_autofree char *destination = NULL;

      if (!parse_get_output (g_ptr_array_index (outputs, 2 * k), &enable, &error) ||
          !parse_get_output (g_ptr_array_index (outputs, 2 * k + 1), &destination, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (states, state_from_values ((DipccForwardKind) k, enable, destination));
    }
  g_task_return_pointer (task, g_steal_pointer (&states), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * dipcc_forwarding_get_async:
 * @cancellable: (nullable): cancels the wait
 * @callback: called with the result
 * @user_data: for @callback
 *
 * Reads the four kinds of forwarding with eight `database get` commands,
 * sent one after the other. A missing entry is forwarding off, with no
 * destination.
 */
void
dipcc_forwarding_get_async (DipccForwarding     *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) commands = NULL;
  GError *error = NULL;

  g_return_if_fail (DIPCC_IS_FORWARDING (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_forwarding_get_async);
  if (!check_target (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  commands = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < DIPCC_FORWARD_N_KINDS; k++)
    {
      g_ptr_array_add (commands, get_command (self, (DipccForwardKind) k, "enable"));
      g_ptr_array_add (commands, get_command (self, (DipccForwardKind) k, "destination"));
    }
  run_commands_async (self, g_steal_pointer (&commands), cancellable, on_got,
                      g_steal_pointer (&task));
}

/**
 * dipcc_forwarding_get_finish:
 * @error: %DIPCC_ERROR_FAILED when the PBX refused or did not run the
 *   commands, %DIPCC_ERROR_INVALID_INPUT for a tenant or extension that
 *   cannot be used, or the client's errors (network, timeout, cancelled)
 *
 * Returns: (transfer full) (element-type DipccForwardState) (nullable): the
 *   four kinds, in #DipccForwardKind order, or %NULL on error
 */
GPtrArray *
dipcc_forwarding_get_finish (DipccForwarding  *self,
                             GAsyncResult     *result,
                             GError          **error)
{
  g_return_val_if_fail (DIPCC_IS_FORWARDING (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_forwarding_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- writing ------------------------------------------------------------ */

static void
on_read_back (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) outputs = NULL;
  g_autofree char *enable = NULL;
  g_autofree char *destination = NULL;
  GError *error = NULL;

  outputs = run_commands_finish (DIPCC_FORWARDING (source), result, &error);
  if (outputs == NULL ||
      !parse_get_output (g_ptr_array_index (outputs, 0), &enable, &error) ||
      !parse_get_output (g_ptr_array_index (outputs, 1), &destination, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (is_yes (enable) != !!data->enabled ||
      (data->value != NULL && g_strcmp0 (destination, data->value) != 0))
    {
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_FAILED,
                               /* Translators: %s is a kind of forwarding, e.g. “When busy” */
                               _("The PBX did not keep the change to call forwarding (%s). "
                                 "Try again; if it happens again, ask your PBX administrator."),
                               dipcc_forward_kind_get_label (data->kind));
      return;
    }

  g_task_return_pointer (task, state_from_values (data->kind, enable, destination),
                         (GDestroyNotify) dipcc_forward_state_free);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DipccForwarding *self = DIPCC_FORWARDING (source);
  SetData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GPtrArray) outputs = NULL;
  GPtrArray *commands;
  GError *error = NULL;

  outputs = run_commands_finish (self, result, &error);
  if (outputs == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < outputs->len; i++)
    {
      if (!check_put_output (g_ptr_array_index (outputs, i), &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  /* A PBX may answer a write it did not make: check what it kept. */
  commands = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (commands, get_command (self, data->kind, "enable"));
  g_ptr_array_add (commands, get_command (self, data->kind, "destination"));
  run_commands_async (self, commands, cancellable, on_read_back, g_steal_pointer (&task));
}

static void
write_changes (GTask *task)
{
  DipccForwarding *self = g_task_get_source_object (task);
  SetData *data = g_task_get_task_data (task);
  GPtrArray *commands = g_ptr_array_new_with_free_func (g_free);

  /* the destination first, so forwarding is never on towards an old number */
  if (data->value != NULL)
    g_ptr_array_add (commands, put_command (self, data->kind, "destination", data->value));
  g_ptr_array_add (commands, put_command (self, data->kind, "enable",
                                          data->enabled ? "yes" : "no"));
  run_commands_async (self, commands, g_task_get_cancellable (task), on_written, task);
}

static void
on_destination_checked (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SetData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) outputs = NULL;
  g_autofree char *value = NULL;
  g_autofree char *destination = NULL;
  GError *error = NULL;

  outputs = run_commands_finish (DIPCC_FORWARDING (source), result, &error);
  if (outputs == NULL || !parse_get_output (g_ptr_array_index (outputs, 0), &value, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  destination = destination_from_value (value);
  if (destination == NULL)
    {
      g_task_return_new_error (task, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                               /* Translators: %s is a kind of forwarding, e.g. “When busy” */
                               _("Call forwarding (%s) has no number to forward calls to: "
                                 "give one to turn it on."),
                               dipcc_forward_kind_get_label (data->kind));
      return;
    }
  write_changes (g_steal_pointer (&task));
}

/**
 * dipcc_forwarding_set_async:
 * @kind: which forwarding to change
 * @enabled: on or off
 * @destination: (nullable): the number to forward to, as typed; %NULL keeps
 *   the one the PBX has (turning forwarding on then needs one there)
 * @cancellable: (nullable): cancels the wait
 * @callback: called with the result
 * @user_data: for @callback
 *
 * Checks @destination and the tenant and extension before anything is
 * sent, writes the destination (when given) and then the enabled flag, and
 * reads both back to make sure the PBX kept them.
 */
void
dipcc_forwarding_set_async (DipccForwarding     *self,
                            DipccForwardKind     kind,
                            gboolean             enabled,
                            const char          *destination,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *number = NULL;
  GError *error = NULL;
  SetData *data;

  g_return_if_fail (DIPCC_IS_FORWARDING (self));
  g_return_if_fail (valid_kind (kind));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dipcc_forwarding_set_async);
  if (!check_target (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (destination != NULL)
    {
      number = dipcc_phone_number_normalize (destination, &error);
      if (number == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  data = g_new0 (SetData, 1);
  data->kind = kind;
  data->enabled = !!enabled;
  if (number != NULL)
    data->value = g_strconcat (DESTINATION_PREFIX, number, DESTINATION_SUFFIX, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) set_data_free);

  if (enabled && number == NULL)
    {
      GPtrArray *commands = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (commands, get_command (self, kind, "destination"));
      run_commands_async (self, commands, cancellable, on_destination_checked,
                          g_steal_pointer (&task));
      return;
    }
  write_changes (g_steal_pointer (&task));
}

/**
 * dipcc_forwarding_set_finish:
 * @error: %DIPCC_ERROR_INVALID_INPUT for a destination that is not a phone
 *   number (nothing was sent), or when turning on with no destination;
 *   %DIPCC_ERROR_FAILED when the PBX refused, or did not keep the change
 *
 * Returns: (transfer full) (nullable): the state the PBX now holds, or
 *   %NULL on error
 */
DipccForwardState *
dipcc_forwarding_set_finish (DipccForwarding  *self,
                             GAsyncResult     *result,
                             GError          **error)
{
  g_return_val_if_fail (DIPCC_IS_FORWARDING (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dipcc_forwarding_set_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
