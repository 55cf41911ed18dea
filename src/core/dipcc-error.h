/* dipcc-error.h: the DIPCC_ERROR domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DIPCC_ERROR (dipcc_error_quark ())

/**
 * DipccError:
 * @DIPCC_ERROR_FAILED: anything not covered below
 * @DIPCC_ERROR_INVALID_INPUT: a value given by the user or a caller was refused
 * @DIPCC_ERROR_PROTOCOL: the PBX sent something that does not follow the protocol
 * @DIPCC_ERROR_TOO_LARGE: a line, message or frame was over a size or count limit
 * @DIPCC_ERROR_AUTH: the PBX rejected the credentials
 * @DIPCC_ERROR_NETWORK: the PBX could not be reached
 * @DIPCC_ERROR_TIMEOUT: the PBX did not answer in time
 * @DIPCC_ERROR_TLS: the TLS certificate was not accepted
 * @DIPCC_ERROR_NOT_FOUND: the thing asked for does not exist
 * @DIPCC_ERROR_NOT_CONFIGURED: a setting needed for this is missing
 * @DIPCC_ERROR_PHONE_OFFLINE: the agent's own phone is not registered
 *
 * Error codes in the %DIPCC_ERROR domain. Messages are translated and say
 * what the agent can do about it.
 */
typedef enum {
  DIPCC_ERROR_FAILED,
  DIPCC_ERROR_INVALID_INPUT,
  DIPCC_ERROR_PROTOCOL,
  DIPCC_ERROR_TOO_LARGE,
  DIPCC_ERROR_AUTH,
  DIPCC_ERROR_NETWORK,
  DIPCC_ERROR_TIMEOUT,
  DIPCC_ERROR_TLS,
  DIPCC_ERROR_NOT_FOUND,
  DIPCC_ERROR_NOT_CONFIGURED,
  DIPCC_ERROR_PHONE_OFFLINE,
} DipccError;

GQuark dipcc_error_quark (void);

G_END_DECLS
