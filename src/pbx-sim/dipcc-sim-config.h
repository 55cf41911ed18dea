/* dipcc-sim-config.h: timing knobs, dialect switches and fault switches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Faults played on one client connection. 0 means "off" everywhere. */
typedef struct {
  guint drop_after;        /* close the connection after N messages */
  guint stall_after;       /* after N messages: stop reading and writing, keep it open */
  guint garbage_every;     /* after every N messages: one frame of garbage */
  guint oversize_after;    /* after N messages: one frame of 256 KiB */
  guint drip_ms;           /* AMI: one byte every drip_ms; WebSocket: one frame every drip_ms */
  guint oversize_bytes;    /* the size of that frame (default 256 KiB) */
  guint badutf8_after;     /* the Nth message goes out with a byte that is not UTF-8 */
  guint listdrop_items;    /* close the connection after N items of the next list */
  guint flood_count;       /* on connect (after login): N synthetic events */
  guint flood_rate;        /* events per second; 0 = as fast as the socket takes them */
  gboolean deny_commands;  /* Command answers Permission denied (global only) */
} DipccSimFaults;

typedef struct {
  /* Call timings, milliseconds */
  guint ring_delay;        /* click-to-call: caller's phone rings this long */
  guint answer_delay;      /* click-to-call: callee answers after this */
  guint talk_time;         /* talk time of click-to-call and answered calls */
  guint ring_timeout;      /* an unanswered incoming call gives up after this */
  guint auth_delay;        /* failed AMI login answered after this */
  guint slow_ms;           /* while a server is down, the others lag this much */
  guint ws_ping_idle;      /* seconds of silence before the WebSocket pings */
  gboolean stamp;          /* every event carries SimWrittenUs: monotonic µs when sent */

  gboolean old_asterisk;   /* Command output as Response: Follows / WebSocket type 5 */
  char *ami_banner;        /* the greeting line, without CRLF */

  /* Call content faults (global) */
  gboolean latin1_names;   /* caller names as Latin-1 bytes (not UTF-8) */
  gboolean crlf_names;     /* caller names carrying CR LF + "Event: Fake" */

  DipccSimFaults faults;   /* defaults for every connection */
  DipccSimFaults faults_once;  /* added for the first connection of each listener */

  /* TLS for the WebSocket listener (wss://); REST and control stay http */
  gpointer tls_certificate;    /* GTlsCertificate, or NULL */
} DipccSimConfig;

gboolean dipcc_sim_faults_parse (DipccSimFaults       *faults,
                                 const char           *spec,
                                 GError              **error);
gboolean dipcc_sim_faults_any   (const DipccSimFaults *faults);
void     dipcc_sim_faults_arm   (DipccSimFaults       *faults,
                                 guint                 n_sent,
                                 const DipccSimFaults *armed);

G_END_DECLS
