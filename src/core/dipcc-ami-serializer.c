/* dipcc-ami-serializer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-ami-serializer"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-ami-serializer.h"
#include "dipcc-error.h"

/* RFC 7230 tchar: the characters an AMI key may have on our side. */
static inline gboolean
is_tchar (guchar c)
{
  if (g_ascii_isalnum (c))
    return TRUE;
  return c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL;
}

/**
 * dipcc_ami_key_is_valid:
 * @key: a key
 * @key_len: its length in bytes
 *
 * Returns: whether @key is a non-empty token (letters, digits and
 *   `!#$%&'*+-.^_`|~`), so it cannot end or split a header
 */
gboolean
dipcc_ami_key_is_valid (const char *key,
                        gsize       key_len)
{
  if (key == NULL || key_len == 0)
    return FALSE;
  for (gsize i = 0; i < key_len; i++)
    if (!is_tchar (key[i]))
      return FALSE;
  return TRUE;
}

/**
 * dipcc_ami_value_is_valid:
 * @value: a value
 * @value_len: its length in bytes
 *
 * Returns: whether @value is valid UTF-8 with no CR, LF or NUL: a value
 *   with a line break would inject a second header or action
 */
gboolean
dipcc_ami_value_is_valid (const char *value,
                          gsize       value_len)
{
  if (value == NULL)
    return value_len == 0;
  if (memchr (value, '\r', value_len) != NULL || memchr (value, '\n', value_len) != NULL)
    return FALSE;
  /* with a length, g_utf8_validate_len() also refuses NUL */
  return value_len == 0 || g_utf8_validate_len (value, value_len, NULL);
}

/**
 * dipcc_ami_serialize:
 * @message: the message, usually an action
 * @out: where the bytes are appended
 * @error: return location for a %DIPCC_ERROR_INVALID_INPUT error
 *
 * Appends @message in AMI wire form: `Key: Value` lines ended by CRLF and
 * an empty line. Nothing is appended when a key is not a token or a value
 * holds CR, LF, NUL or invalid UTF-8: a caller-id name or a dialled number
 * must never inject a second action. Nor when a line would be longer than
 * %DIPCC_AMI_MAX_ACTION_LINE bytes, which Asterisk would drop with the
 * whole action. The error names the key, never the value, which may be a
 * secret.
 *
 * Returns: %TRUE when appended
 */
gboolean
dipcc_ami_serialize (DipccAmiMessage  *message,
                     GString          *out,
                     GError          **error)
{
  guint n;

  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = dipcc_ami_message_get_n_fields (message);
  if (n == 0)
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("An empty AMI message cannot be sent"));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *key = dipcc_ami_message_get_key_at (message, i);
      const char *value = dipcc_ami_message_get_value_at (message, i);
      gsize value_len = dipcc_ami_message_get_value_len_at (message, i);

      if (!dipcc_ami_key_is_valid (key, strlen (key)))
        {
          g_autofree char *shown = g_utf8_make_valid (key, MIN (strlen (key), 40));

          g_strdelimit (shown, "\r\n\t", ' ');
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       _("The AMI field name “%s” has characters that are not allowed"),
                       shown);
          return FALSE;
        }
      if (!dipcc_ami_value_is_valid (value, value_len))
        {
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       _("The value of “%s” contains a line break, a NUL byte or invalid "
                         "text, and was not sent"),
                       key);
          return FALSE;
        }
      if (strlen (key) + 2 + value_len > DIPCC_AMI_MAX_ACTION_LINE)
        {
          g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                       /* Translators: %s is a field name, %d a number of bytes */
                       _("The value of “%s” is too long for the PBX (at most %d bytes), "
                         "and was not sent"),
                       key, DIPCC_AMI_MAX_ACTION_LINE - 2 - (int) strlen (key));
          return FALSE;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, dipcc_ami_message_get_key_at (message, i));
      g_string_append_len (out, ": ", 2);
      g_string_append_len (out, dipcc_ami_message_get_value_at (message, i),
                           dipcc_ami_message_get_value_len_at (message, i));
      g_string_append_len (out, "\r\n", 2);
    }
  g_string_append_len (out, "\r\n", 2);
  return TRUE;
}

/**
 * dipcc_ami_serialize_bytes:
 * @message: the message
 * @error: return location for an error
 *
 * Like dipcc_ami_serialize(), into new bytes.
 *
 * Returns: (transfer full) (nullable): the wire bytes, or %NULL on error
 */
GBytes *
dipcc_ami_serialize_bytes (DipccAmiMessage  *message,
                           GError          **error)
{
  g_autoptr(GString) out = g_string_sized_new (256);

  if (!dipcc_ami_serialize (message, out, error))
    return NULL;
  return g_string_free_to_bytes (g_steal_pointer (&out));
}
