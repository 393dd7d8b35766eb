/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-conversation-repository.h: conversations with the companion, their
 * messages and their search. */

#pragma once

#include <gio/gio.h>

#include "reframe-chat-message.h"
#include "reframe-conversation.h"
#include "reframe-core-types.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_CONVERSATION_REPOSITORY (reframe_conversation_repository_get_type ())

G_DECLARE_FINAL_TYPE (ReframeConversationRepository,
                      reframe_conversation_repository,
                      REFRAME,
                      CONVERSATION_REPOSITORY,
                      GObject)

ReframeStore        *reframe_conversation_repository_get_store (ReframeConversationRepository *self);
GListModel          *reframe_conversation_repository_list (ReframeConversationRepository *self,
                                                           GError                       **error);
ReframeConversation *reframe_conversation_repository_create (ReframeConversationRepository *self,
                                                             const char                    *title,
                                                             GError                       **error);
gboolean             reframe_conversation_repository_rename (ReframeConversationRepository *self,
                                                             ReframeConversation           *conversation,
                                                             const char                    *title,
                                                             GError                       **error);
gboolean             reframe_conversation_repository_delete (ReframeConversationRepository *self,
                                                             ReframeConversation           *conversation,
                                                             GError                       **error);
gboolean             reframe_conversation_repository_restore (ReframeConversationRepository *self,
                                                              ReframeConversation           *conversation,
                                                              GError                       **error);
gboolean             reframe_conversation_repository_purge_deleted (ReframeConversationRepository *self,
                                                                    GError                       **error);
GListStore          *reframe_conversation_repository_load_messages (ReframeConversationRepository *self,
                                                                    ReframeConversation           *conversation,
                                                                    GError                       **error);
gboolean             reframe_conversation_repository_add_message (ReframeConversationRepository *self,
                                                                  ReframeConversation           *conversation,
                                                                  ReframeChatMessage            *message,
                                                                  GError                       **error);
gboolean             reframe_conversation_repository_update_message (ReframeConversationRepository *self,
                                                                     ReframeChatMessage            *message,
                                                                     GError                       **error);
gboolean             reframe_conversation_repository_keep_message (ReframeConversationRepository *self,
                                                                   ReframeChatMessage            *message,
                                                                   GError                       **error);
gboolean             reframe_conversation_repository_finish_message (ReframeConversationRepository *self,
                                                                     ReframeChatMessage            *message,
                                                                     GError                       **error);
gboolean             reframe_conversation_repository_delete_message (ReframeConversationRepository *self,
                                                                     ReframeChatMessage            *message,
                                                                     GError                       **error);
gboolean             reframe_conversation_repository_edit_message (ReframeConversationRepository *self,
                                                                   ReframeChatMessage            *message,
                                                                   const char                    *content,
                                                                   guint                         *n_removed,
                                                                   GError                       **error);
void                 reframe_conversation_repository_search_async (ReframeConversationRepository *self,
                                                                   const char                    *text,
                                                                   GCancellable                  *cancellable,
                                                                   GAsyncReadyCallback            callback,
                                                                   gpointer                       user_data);
GListModel          *reframe_conversation_repository_search_finish (ReframeConversationRepository *self,
                                                                    GAsyncResult                  *result,
                                                                    GError                       **error);

G_END_DECLS
