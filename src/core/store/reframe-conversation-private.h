/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-conversation-private.h: calls between the conversation and its repository. */

#pragma once

#include "reframe-conversation.h"

G_BEGIN_DECLS

ReframeConversation *_reframe_conversation_new (const char *uuid,
                                                const char *title,
                                                const char *created_iso,
                                                const char *updated_iso);
void                 _reframe_conversation_set_title (ReframeConversation *self,
                                                      const char          *title);
void                 _reframe_conversation_set_updated_iso (ReframeConversation *self,
                                                            const char          *updated_iso);
void                 _reframe_conversation_take_snippet (ReframeConversation *self,
                                                         char                *snippet);
const char          *_reframe_conversation_get_updated_iso (ReframeConversation *self);

G_END_DECLS
