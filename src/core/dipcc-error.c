/* dipcc-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "dipcc-error.h"

G_DEFINE_QUARK (dipcc-error-quark, dipcc_error)
