/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-wrap-box.h: a container that lays children out in lines, wrapping like words. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_WRAP_BOX (reframe_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (ReframeWrapBox, reframe_wrap_box, REFRAME, WRAP_BOX, GtkWidget)

GtkWidget *reframe_wrap_box_new (void);
void       reframe_wrap_box_append (ReframeWrapBox *self,
                                    GtkWidget      *child);
void       reframe_wrap_box_remove_all (ReframeWrapBox *self);
int        reframe_wrap_box_get_spacing (ReframeWrapBox *self);
void       reframe_wrap_box_set_spacing (ReframeWrapBox *self,
                                         int             spacing);

G_END_DECLS
