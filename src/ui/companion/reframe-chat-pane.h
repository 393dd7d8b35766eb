/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-pane.h: the companion pane beside the open page. */

#pragma once

#include <adwaita.h>

#include "reframe-chat-session.h"
#include "reframe-store.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_CHAT_PANE (reframe_chat_pane_get_type ())

G_DECLARE_FINAL_TYPE (ReframeChatPane, reframe_chat_pane, REFRAME, CHAT_PANE, AdwBin)

ReframeChatPane    *reframe_chat_pane_new (ReframeStore *store);
ReframeChatSession *reframe_chat_pane_get_session (ReframeChatPane *self);
void                reframe_chat_pane_focus_composer (ReframeChatPane *self);
void                reframe_chat_pane_set_composer_text (ReframeChatPane *self,
                                                         const char      *text);
char               *reframe_chat_pane_dup_composer_text (ReframeChatPane *self);
void                reframe_chat_pane_reconnect (ReframeChatPane *self);
const char         *reframe_chat_pane_get_state (ReframeChatPane *self);
char               *reframe_chat_pane_dup_context_note (ReframeChatPane *self);

G_END_DECLS
