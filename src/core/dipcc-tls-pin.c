/* dipcc-tls-pin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-tls-pin"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dipcc-error.h"
#include "dipcc-text.h"
#include "dipcc-tls-pin.h"

/* A SHA-256 fingerprint: 32 bytes, 64 hex digits. */
#define PIN_HEX_DIGITS 64

/* How much of a refused fingerprint an error message quotes, in characters. */
#define QUOTE_MAX_CHARS 40

/* What a session or connection keeps: the normalized pin, and the handler
 * that is connected while a pin is set. */
#define PIN_STATE_KEY "dipcc-tls-pin-state"

typedef struct {
  /* Owned */
  char    *pin;
  /* The signal on the session or connection the state is attached to */
  gulong   handler_id;
} PinState;

/* A value no fingerprint can equal: what an invalid pin becomes, so that a
 * typo accepts nothing rather than everything. */
static const char no_match[] = "-";


/* Skips the label that `openssl x509 -fingerprint -sha256` and some
 * browsers print before the digits, so a pasted line works as it is. */
static const char *
skip_label (const char *text)
{
  static const char * const labels[] = {
    "sha256 fingerprint=",
    "sha-256 fingerprint=",
    "sha256 fingerprint:",
    "sha-256 fingerprint:",
    "sha256:",
    "sha-256:",
    "sha256=",
  };
  guint i;

  while (g_ascii_isspace (*text))
    text++;

  for (i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      gsize len = strlen (labels[i]);

      if (g_ascii_strncasecmp (text, labels[i], len) == 0)
        return text + len;
    }

  return text;
}

/**
 * dipcc_tls_pin_normalize:
 * @fingerprint: a SHA-256 certificate fingerprint as typed or pasted:
 *   `AB:CD:…`, plain hex, any case, with spaces; an `SHA256 Fingerprint=`
 *   label in front, as openssl prints it, is allowed
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the fingerprint as 64 lower-case hex digits
 *   without separators, or %NULL with %DIPCC_ERROR_INVALID_INPUT and a
 *   message to show the agent
 */
char *
dipcc_tls_pin_normalize (const char  *fingerprint,
                         GError     **error)
{
  GString *hex;
  const char *p;
  gboolean invalid = FALSE;

  g_return_val_if_fail (fingerprint != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  hex = g_string_sized_new (PIN_HEX_DIGITS);
  for (p = skip_label (fingerprint); *p && !invalid; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (hex, g_ascii_tolower (*p));
      else if (*p != ':' && *p != ' ' && *p != '\t')
        invalid = TRUE;
    }

  if (!invalid && hex->len == PIN_HEX_DIGITS)
    return g_string_free (hex, FALSE);

  if (!invalid && hex->len == 0)
    {
      g_set_error_literal (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                           _("No certificate fingerprint given: enter the 64 hexadecimal "
                             "digits of the PBX certificate’s SHA-256 fingerprint"));
    }
  else if (!invalid)
    {
      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %u is how many hex digits were entered */
                   _("The fingerprint has %u hexadecimal digits, but a SHA-256 "
                     "fingerprint has 64. Copy the whole SHA-256 fingerprint, "
                     "not the SHA-1 one."),
                   (guint) hex->len);
    }
  else
    {
      g_autofree char *quoted = dipcc_text_sanitize_display (fingerprint, -1, QUOTE_MAX_CHARS);

      g_set_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT,
                   /* Translators: %s is the text as typed, shortened */
                   _("“%s” is not a SHA-256 fingerprint: use 64 hexadecimal digits "
                     "(0–9, A–F), with or without colons"),
                   quoted);
    }

  g_string_free (hex, TRUE);
  return NULL;
}

/**
 * dipcc_tls_certificate_fingerprint:
 * @certificate: a certificate
 *
 * Returns: (transfer full): the SHA-256 of @certificate's DER encoding, as
 *   64 lower-case hex digits
 */
char *
dipcc_tls_certificate_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

static gboolean
matches_normalized_pin (GTlsCertificate *certificate,
                        const char      *pin)
{
  g_autofree char *fingerprint = NULL;

  if (certificate == NULL || pin == NULL || pin == no_match)
    return FALSE;

  fingerprint = dipcc_tls_certificate_fingerprint (certificate);
  return fingerprint != NULL && strcmp (fingerprint, pin) == 0;
}

/**
 * dipcc_tls_certificate_matches_pin:
 * @certificate: (nullable): a peer certificate
 * @pin: (nullable): a fingerprint in any form dipcc_tls_pin_normalize() takes
 *
 * Returns: whether @certificate's SHA-256 fingerprint is @pin; %FALSE when
 *   either is missing or @pin is not a valid fingerprint
 */
gboolean
dipcc_tls_certificate_matches_pin (GTlsCertificate *certificate,
                                   const char      *pin)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), FALSE);

  if (certificate == NULL || pin == NULL)
    return FALSE;

  normalized = dipcc_tls_pin_normalize (pin, NULL);
  return matches_normalized_pin (certificate, normalized);
}

/* The normalized form of @pin, no_match when it is invalid, or NULL when
 * there is none. */
static char *
pin_for_state (const char *pin)
{
  g_autoptr(GError) error = NULL;
  char *normalized;

  if (pin == NULL || *pin == '\0')
    return NULL;

  normalized = dipcc_tls_pin_normalize (pin, &error);
  if (normalized == NULL)
    {
      /* The fingerprint itself is not secret, but it is the user's typo:
       * say only that it was refused. */
      g_debug ("Ignoring an invalid certificate pin: no certificate will be "
               "accepted beyond the system's trust store");
      return (char *) no_match;
    }
  return normalized;
}

static void
pin_state_set_pin (PinState *state,
                   char     *pin)
{
  if (state->pin != no_match)
    g_free (state->pin);
  state->pin = pin;
}

static void
pin_state_destroy (gpointer data)
{
  PinState *state = data;

  pin_state_set_pin (state, NULL);
  g_free (state);
}

static gboolean
on_message_accept_certificate (SoupMessage          *message,
                               GTlsCertificate      *peer_certificate,
                               GTlsCertificateFlags  errors,
                               SoupSession          *session)
{
  PinState *state = g_object_get_data (G_OBJECT (session), PIN_STATE_KEY);

  /* The pin is read now, not when the message was queued, so a message
   * waiting for a connection follows a pin changed in the meantime. The
   * flags are not looked at: a pinned certificate is trusted as it is, and
   * GLib does not promise to set every flag that applies anyway. */
  if (state == NULL)
    return FALSE;
  return matches_normalized_pin (peer_certificate, state->pin);
}

static void
on_session_request_queued (SoupSession *session,
                           SoupMessage *message,
                           gpointer     user_data)
{
  g_signal_connect_object (message, "accept-certificate",
                           G_CALLBACK (on_message_accept_certificate), session,
                           G_CONNECT_DEFAULT);
}

/**
 * dipcc_tls_pin_attach_to_session:
 * @session: a session
 * @pin: (nullable): the SHA-256 fingerprint of the certificate to accept
 *   beyond the system's trust store; %NULL or empty for none
 *
 * Makes every message sent through @session, the WebSocket handshake
 * included, accept a certificate whose fingerprint is @pin even when the
 * system does not trust it (a self-signed PBX certificate). Certificates
 * the system trusts are accepted as before.
 *
 * Calling it again replaces the pin; %NULL or empty detaches it. When a pin
 * is replaced or removed, @session's requests are aborted and its idle
 * connections closed (soup_session_abort()): libsoup checks certificates
 * only on new connections, so a connection accepted under the old pin must
 * not be reused. An invalid @pin accepts nothing.
 */
void
dipcc_tls_pin_attach_to_session (SoupSession *session,
                                 const char  *pin)
{
  PinState *state;
  char *new_pin;
  gboolean had_pin;

  g_return_if_fail (SOUP_IS_SESSION (session));

  new_pin = pin_for_state (pin);
  state = g_object_get_data (G_OBJECT (session), PIN_STATE_KEY);
  had_pin = state != NULL && state->pin != NULL;

  if (state != NULL && g_strcmp0 (state->pin, new_pin) == 0)
    {
      if (new_pin != no_match)
        g_free (new_pin);
      return;
    }

  if (new_pin == NULL)
    {
      if (state != NULL)
        {
          g_clear_signal_handler (&state->handler_id, session);
          g_object_set_data (G_OBJECT (session), PIN_STATE_KEY, NULL);
        }
    }
  else
    {
      if (state == NULL)
        {
          state = g_new0 (PinState, 1);
          state->handler_id = g_signal_connect (session, "request-queued",
                                                G_CALLBACK (on_session_request_queued),
                                                NULL);
          g_object_set_data_full (G_OBJECT (session), PIN_STATE_KEY, state,
                                  pin_state_destroy);
        }
      pin_state_set_pin (state, new_pin);
    }

  if (had_pin)
    soup_session_abort (session);
}

static gboolean
on_connection_accept_certificate (GTlsConnection       *connection,
                                  GTlsCertificate      *peer_certificate,
                                  GTlsCertificateFlags  errors,
                                  gpointer              user_data)
{
  PinState *state = g_object_get_data (G_OBJECT (connection), PIN_STATE_KEY);

  if (state == NULL)
    return FALSE;
  return matches_normalized_pin (peer_certificate, state->pin);
}

/**
 * dipcc_tls_pin_attach_to_connection:
 * @connection: a client TLS connection, before its handshake
 * @pin: (nullable): the SHA-256 fingerprint to accept beyond the system's
 *   trust store; %NULL or empty for none
 *
 * The same as dipcc_tls_pin_attach_to_session() for one connection (AMI
 * over TLS). Calling it again replaces the pin; it applies to handshakes
 * that have not checked the certificate yet.
 */
void
dipcc_tls_pin_attach_to_connection (GTlsConnection *connection,
                                    const char     *pin)
{
  PinState *state;
  char *new_pin;

  g_return_if_fail (G_IS_TLS_CONNECTION (connection));

  new_pin = pin_for_state (pin);
  state = g_object_get_data (G_OBJECT (connection), PIN_STATE_KEY);

  if (new_pin == NULL)
    {
      if (state != NULL)
        {
          g_clear_signal_handler (&state->handler_id, connection);
          g_object_set_data (G_OBJECT (connection), PIN_STATE_KEY, NULL);
        }
      return;
    }

  if (state == NULL)
    {
      state = g_new0 (PinState, 1);
      state->handler_id = g_signal_connect (connection, "accept-certificate",
                                            G_CALLBACK (on_connection_accept_certificate),
                                            NULL);
      g_object_set_data_full (G_OBJECT (connection), PIN_STATE_KEY, state,
                              pin_state_destroy);
    }
  pin_state_set_pin (state, new_pin);
}
