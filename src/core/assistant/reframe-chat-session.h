/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-session.h: one open conversation with the companion: sending, streaming, stopping,
 * keeping. */

#pragma once

#include <gio/gio.h>

#include "reframe-chat-attachment.h"
#include "reframe-chat-message.h"
#include "reframe-conversation.h"
#include "reframe-crisis-check.h"
#include "reframe-model-provider.h"
#include "reframe-store.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_CHAT_SESSION (reframe_chat_session_get_type ())

G_DECLARE_FINAL_TYPE (ReframeChatSession, reframe_chat_session, REFRAME, CHAT_SESSION, GObject)

ReframeChatSession   *reframe_chat_session_new (ReframeStore       *store,
                                                ReframeCrisisCheck *crisis_check);
void                  reframe_chat_session_set_service (ReframeChatSession   *self,
                                                        ReframeModelProvider *provider,
                                                        const char           *endpoint,
                                                        const char           *model,
                                                        gboolean              remote);
const char           *reframe_chat_session_get_model (ReframeChatSession *self);
void                  reframe_chat_session_set_context_tokens (ReframeChatSession *self,
                                                               guint               context_tokens);
guint                 reframe_chat_session_get_context_tokens (ReframeChatSession *self);
guint                 reframe_chat_session_get_sent_turns (ReframeChatSession *self);
gboolean              reframe_chat_session_get_turns_left_out (ReframeChatSession *self);
guint                 reframe_chat_session_get_first_sent_position (ReframeChatSession *self);
void                  reframe_chat_session_set_system_prompt (ReframeChatSession *self,
                                                              const char         *system_prompt);
ReframeConversation  *reframe_chat_session_get_conversation (ReframeChatSession *self);
gboolean              reframe_chat_session_open (ReframeChatSession  *self,
                                                 ReframeConversation *conversation,
                                                 GError             **error);
GListModel           *reframe_chat_session_get_messages (ReframeChatSession *self);
GListModel           *reframe_chat_session_get_attachments (ReframeChatSession *self);
gboolean              reframe_chat_session_attach (ReframeChatSession    *self,
                                                   ReframeChatAttachment *attachment,
                                                   GError               **error);
void                  reframe_chat_session_detach (ReframeChatSession    *self,
                                                   ReframeChatAttachment *attachment);
char                 *reframe_chat_session_dup_context_text (ReframeChatSession *self);
gboolean              reframe_chat_session_get_busy (ReframeChatSession *self);
ReframeCrisisCategory reframe_chat_session_send (ReframeChatSession *self,
                                                 const char         *text,
                                                 GError            **error);
ReframeCrisisCategory reframe_chat_session_edit (ReframeChatSession *self,
                                                 ReframeChatMessage *message,
                                                 const char         *text,
                                                 GError            **error);
guint                 reframe_chat_session_count_replies_after (ReframeChatSession *self,
                                                                ReframeChatMessage *message);
guint                 reframe_chat_session_count_history (ReframeChatSession *self,
                                                          ReframeChatMessage *message,
                                                          const char         *text);
void                  reframe_chat_session_continue_after_crisis (ReframeChatSession *self);
gboolean              reframe_chat_session_resend (ReframeChatSession *self,
                                                   GError            **error);
gboolean              reframe_chat_session_regenerate (ReframeChatSession *self,
                                                       GError            **error);
void                  reframe_chat_session_stop (ReframeChatSession *self);
const GError         *reframe_chat_session_get_error (ReframeChatSession *self);

G_END_DECLS
