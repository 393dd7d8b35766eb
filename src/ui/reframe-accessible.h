/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-accessible.h: accessible names GTK 4.8 gets wrong, put right app-wide. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void reframe_accessible_install (void);

void reframe_accessible_set_name (GtkWidget  *widget,
                                  const char *name);

G_END_DECLS
