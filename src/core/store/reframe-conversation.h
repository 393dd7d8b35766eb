/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-conversation.h: one conversation with the companion, as its list shows it. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_CONVERSATION (reframe_conversation_get_type ())

G_DECLARE_FINAL_TYPE (ReframeConversation, reframe_conversation, REFRAME, CONVERSATION, GObject)

const char *reframe_conversation_get_uuid (ReframeConversation *self);
const char *reframe_conversation_get_title (ReframeConversation *self);
GDateTime  *reframe_conversation_get_created (ReframeConversation *self);
GDateTime  *reframe_conversation_get_updated (ReframeConversation *self);
const char *reframe_conversation_get_snippet (ReframeConversation *self);

G_END_DECLS
