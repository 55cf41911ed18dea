/* dipcc-ami-parser.h: AMI byte stream to messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dipcc-ami-message.h"

G_BEGIN_DECLS

#define DIPCC_AMI_PARSER_MAX_LINE     (64 * 1024)
#define DIPCC_AMI_PARSER_MAX_MESSAGE  (1024 * 1024)
#define DIPCC_AMI_PARSER_MAX_FIELDS   4096

typedef struct _DipccAmiParser DipccAmiParser;

/**
 * DipccAmiParserCallbacks:
 * @message: a complete message; the callee owns it (transfer full)
 * @banner: (nullable): the `Asterisk Call Manager/x.y` greeting line
 * @error: (nullable): something in the stream was refused (a limit, say);
 *   the parser has dropped that message and resynchronises at the next
 *   blank line
 *
 * Called from within dipcc_ami_parser_feed(). A callback must not free or
 * feed the parser it is called from.
 */
typedef struct {
  void (*message) (DipccAmiMessage *message,
                   gpointer         user_data);
  void (*banner)  (const char      *banner,
                   gpointer         user_data);
  void (*error)   (const GError    *error,
                   gpointer         user_data);
} DipccAmiParserCallbacks;

DipccAmiParser *dipcc_ami_parser_new         (const DipccAmiParserCallbacks *callbacks,
                                              gpointer                       user_data);
void            dipcc_ami_parser_free        (DipccAmiParser                *parser);
void            dipcc_ami_parser_set_limits  (DipccAmiParser                *parser,
                                              gsize                          max_line,
                                              gsize                          max_message,
                                              guint                          max_fields);
void            dipcc_ami_parser_feed        (DipccAmiParser                *parser,
                                              const char                    *data,
                                              gsize                          len);
void            dipcc_ami_parser_reset       (DipccAmiParser                *parser);
const char     *dipcc_ami_parser_get_banner  (DipccAmiParser                *parser);
gboolean        dipcc_ami_parser_is_idle     (DipccAmiParser                *parser);
guint64         dipcc_ami_parser_get_n_errors (DipccAmiParser               *parser);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DipccAmiParser, dipcc_ami_parser_free)

G_END_DECLS
