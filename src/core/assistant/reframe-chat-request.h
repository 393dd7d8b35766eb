/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-request.h: what a chat request asks a model: the model and the conversation. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_CHAT_REQUEST (reframe_chat_request_get_type ())

typedef struct _ReframeChatRequest ReframeChatRequest;

GType               reframe_chat_request_get_type (void) G_GNUC_CONST;
ReframeChatRequest *reframe_chat_request_new (const char *model);
ReframeChatRequest *reframe_chat_request_ref (ReframeChatRequest *self);
void                reframe_chat_request_unref (ReframeChatRequest *self);
const char         *reframe_chat_request_get_model (const ReframeChatRequest *self);
void                reframe_chat_request_add_message (ReframeChatRequest *self,
                                                      const char         *role,
                                                      const char         *content);
guint               reframe_chat_request_get_n_messages (const ReframeChatRequest *self);
const char         *reframe_chat_request_get_role (const ReframeChatRequest *self,
                                                   guint                     index);
const char         *reframe_chat_request_get_content (const ReframeChatRequest *self,
                                                      guint                     index);
void                reframe_chat_request_set_context_tokens (ReframeChatRequest *self,
                                                             guint               context_tokens);
guint               reframe_chat_request_get_context_tokens (const ReframeChatRequest *self);
GBytes             *reframe_chat_request_to_json (const ReframeChatRequest *self);
GBytes             *reframe_chat_request_to_json_full (const ReframeChatRequest *self,
                                                       gboolean                  with_num_ctx);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeChatRequest, reframe_chat_request_unref)

G_END_DECLS
