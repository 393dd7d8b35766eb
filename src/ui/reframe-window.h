/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-window.h: the main window: header bar, pages, toasts and the store it opens. */

#pragma once

#include <adwaita.h>

#include "reframe-application.h"
#include "reframe-chat-pane.h"
#include "reframe-journal-page.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_WINDOW (reframe_window_get_type ())

G_DECLARE_FINAL_TYPE (ReframeWindow, reframe_window, REFRAME, WINDOW, AdwApplicationWindow)

ReframeWindow           *reframe_window_new (ReframeApplication *app,
                                             const char         *data_dir);
ReframeStore            *reframe_window_get_store (ReframeWindow *self);
const GError            *reframe_window_get_store_error (ReframeWindow *self);
ReframeJournalPage      *reframe_window_get_journal_page (ReframeWindow *self);
void                     reframe_window_add_toast (ReframeWindow *self,
                                                   AdwToast      *toast);
ReframeChatPane         *reframe_window_get_chat_pane (ReframeWindow *self);
ReframeTemplateRegistry *reframe_window_get_registry (ReframeWindow *self);
void                     reframe_window_reveal_companion (ReframeWindow *self,
                                                          gboolean       reveal);

GtkWidget *reframe_window_open_safety_plan (ReframeWindow *self);
GtkWindow *reframe_window_open_plan (ReframeWindow *self,
                                     GFile         *file);

G_END_DECLS
