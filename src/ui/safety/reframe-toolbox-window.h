/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-window.h: the person's coping toolbox, and what their journal suggests for it. */

#pragma once

#include <adwaita.h>

#include "reframe-store.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_TOOLBOX_WINDOW (reframe_toolbox_window_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeToolboxWindow, reframe_toolbox_window, REFRAME, TOOLBOX_WINDOW, AdwWindow)

GtkWidget *reframe_toolbox_window_new (GtkWindow    *parent,
                                       ReframeStore *store);
guint      reframe_toolbox_window_get_n_items (ReframeToolboxWindow *self);

G_END_DECLS
