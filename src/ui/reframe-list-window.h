/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-list-window.h: the part of a long list a GtkListView is given, moved with the
 * reader. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_LIST_WINDOW (reframe_list_window_get_type ())

G_DECLARE_FINAL_TYPE (ReframeListWindow, reframe_list_window, REFRAME, LIST_WINDOW, GObject)

ReframeListWindow *reframe_list_window_new (GtkListView *view);
void               reframe_list_window_set_model (ReframeListWindow *self,
                                                  GListModel        *model);
guint              reframe_list_window_show (ReframeListWindow *self,
                                             guint              position);
guint              reframe_list_window_get_position (ReframeListWindow *self,
                                                     guint              view_position);
void               reframe_list_window_reset (ReframeListWindow *self);

G_END_DECLS
