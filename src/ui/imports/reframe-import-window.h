/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import-window.h: a journal from another app, previewed, then brought in. */

#pragma once

#include <adwaita.h>

#include "reframe-store.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_IMPORT_WINDOW (reframe_import_window_get_type ())

G_DECLARE_FINAL_TYPE (ReframeImportWindow, reframe_import_window, REFRAME, IMPORT_WINDOW, AdwWindow)

GtkWidget *reframe_import_window_new (GtkWindow    *parent,
                                      ReframeStore *store);
void       reframe_import_window_open (ReframeImportWindow *self,
                                       GFile               *file);

G_END_DECLS
