/* dipcc-ami-transport.h: plain AMI over TCP, optionally TLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dipcc-transport.h"

G_BEGIN_DECLS

#define DIPCC_TYPE_AMI_TRANSPORT (dipcc_ami_transport_get_type ())

G_DECLARE_FINAL_TYPE (DipccAmiTransport, dipcc_ami_transport, DIPCC, AMI_TRANSPORT, GObject)

DipccAmiTransport *dipcc_ami_transport_new             (const char        *host,
                                                        guint16            port,
                                                        gboolean           use_tls);

const char        *dipcc_ami_transport_get_host        (DipccAmiTransport *self);
guint16            dipcc_ami_transport_get_port        (DipccAmiTransport *self);
gboolean           dipcc_ami_transport_get_use_tls     (DipccAmiTransport *self);
const char        *dipcc_ami_transport_get_banner      (DipccAmiTransport *self);
int                dipcc_ami_transport_get_server_id   (DipccAmiTransport *self);
void               dipcc_ami_transport_set_server_id   (DipccAmiTransport *self,
                                                        int                server_id);
const char        *dipcc_ami_transport_get_server_name (DipccAmiTransport *self);
void               dipcc_ami_transport_set_server_name (DipccAmiTransport *self,
                                                        const char        *server_name);
const char        *dipcc_ami_transport_get_tls_pin     (DipccAmiTransport *self);
void               dipcc_ami_transport_set_tls_pin     (DipccAmiTransport *self,
                                                        const char        *pin);
guint              dipcc_ami_transport_get_timeout     (DipccAmiTransport *self);
void               dipcc_ami_transport_set_timeout     (DipccAmiTransport *self,
                                                        guint              seconds);

G_END_DECLS
