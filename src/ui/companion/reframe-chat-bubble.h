/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-bubble.h: one message of a conversation in the companion pane. */

#pragma once

#include <adwaita.h>

#include "reframe-chat-message.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_CHAT_BUBBLE (reframe_chat_bubble_get_type ())

G_DECLARE_FINAL_TYPE (ReframeChatBubble, reframe_chat_bubble, REFRAME, CHAT_BUBBLE, AdwBin)

GtkWidget          *reframe_chat_bubble_new (ReframeChatMessage *message);
ReframeChatMessage *reframe_chat_bubble_get_message (ReframeChatBubble *self);
void                reframe_chat_bubble_append (ReframeChatBubble *self,
                                                const char        *text);
void                reframe_chat_bubble_update (ReframeChatBubble *self);
void                reframe_chat_bubble_set_last (ReframeChatBubble *self,
                                                  gboolean           last);
char               *reframe_chat_bubble_dup_text (ReframeChatBubble *self);

G_END_DECLS
