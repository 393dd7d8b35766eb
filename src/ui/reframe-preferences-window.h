/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-preferences-window.h: appearance, the feelings and activities to pick from, the data
 * folder, the companion. */

#pragma once

#include <adwaita.h>

#include "reframe-store.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_PREFERENCES_WINDOW (reframe_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (ReframePreferencesWindow,
                      reframe_preferences_window,
                      REFRAME,
                      PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

ReframePreferencesWindow *reframe_preferences_window_new (GtkWindow    *parent,
                                                          ReframeStore *store);
void                      reframe_preferences_window_toast_for (GtkWidget  *widget,
                                                                const char *text);

G_END_DECLS
