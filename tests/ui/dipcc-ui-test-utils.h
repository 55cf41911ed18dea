/* dipcc-ui-test-utils.h: driving the real widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dipcc-session.h"
#include "sim-helper.h"

G_BEGIN_DECLS

/* Sets up a throwaway keyring and data dir, then gtk_test_init + adw_init. */
void          dipcc_ui_test_init            (int          *argc,
                                             char       ***argv);
/* Iterates the main loop until @condition or @timeout_ms; returns the condition. */
gboolean      dipcc_ui_test_wait            (SimCondition  condition,
                                             gpointer      data,
                                             guint         timeout_ms);
/* Runs the main loop for @ms. */
void          dipcc_ui_test_spin            (guint         ms);
/* Waits until @widget drew a frame. */
void          dipcc_ui_test_wait_for_draw   (GtkWidget    *widget);
/* Saves @widget (a window) as $G_TEST_BUILDDIR/screenshots/NAME.png; returns the path. */
char         *dipcc_ui_test_save_screenshot (GtkWidget    *widget,
                                             const char   *name);
/* A session on fresh memory settings pointed at @sim (REST + WebSocket),
 * app-key stored, extension @extension; started and connected. */
DipccSession *dipcc_ui_test_session_new     (Sim          *sim,
                                             const char   *extension);
/* Depth-first search of @root for a widget of @type whose label, title or
 * text is @text (NULL: the first of @type). */
GtkWidget    *dipcc_ui_test_find            (GtkWidget    *root,
                                             GType         type,
                                             const char   *text);

G_END_DECLS
