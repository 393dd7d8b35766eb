/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-conversation-repository-private.h: calls between the repository, the store
 * and the generator of reference journals. */

#pragma once

#include "reframe-conversation-repository.h"

G_BEGIN_DECLS

ReframeConversationRepository *_reframe_conversation_repository_new (ReframeStore *store);
void                           _reframe_conversation_repository_detach (ReframeConversationRepository *self);
ReframeConversation *
_reframe_conversation_repository_create_at (ReframeConversationRepository *self,
                                            const char                    *uuid,
                                            const char                    *title,
                                            GDateTime                     *created,
                                            GError                       **error);

G_END_DECLS
