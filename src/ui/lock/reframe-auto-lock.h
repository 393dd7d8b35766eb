/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-auto-lock.h: says when an encrypted journal should lock by itself: after a while
 * without use, and when the screen locks. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_AUTO_LOCK (reframe_auto_lock_get_type ())

G_DECLARE_FINAL_TYPE (ReframeAutoLock, reframe_auto_lock, REFRAME, AUTO_LOCK, GObject)

ReframeAutoLock *reframe_auto_lock_new (GtkApplication *application,
                                        GSettings      *settings);
gboolean         reframe_auto_lock_get_armed (ReframeAutoLock *self);
void             reframe_auto_lock_set_armed (ReframeAutoLock *self,
                                              gboolean         armed);
void             reframe_auto_lock_watch_window (ReframeAutoLock *self,
                                                 GtkWindow       *window);
void             reframe_auto_lock_note_activity (ReframeAutoLock *self);
void             reframe_auto_lock_set_idle_seconds (ReframeAutoLock *self,
                                                     guint            seconds);

G_END_DECLS
