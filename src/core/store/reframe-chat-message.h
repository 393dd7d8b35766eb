/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-message.h: one message of a conversation with the companion. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * ReframeChatRole:
 * @REFRAME_CHAT_ROLE_USER: written by the person
 * @REFRAME_CHAT_ROLE_ASSISTANT: the model's reply
 *
 * Who wrote a message. Stored as the text "user" or "assistant".
 */
typedef enum
{
  REFRAME_CHAT_ROLE_USER,
  REFRAME_CHAT_ROLE_ASSISTANT,
} ReframeChatRole;

/**
 * ReframeChatMessageStatus:
 * @REFRAME_CHAT_MESSAGE_COMPLETE: the whole message (every user message; a reply the
 *   server finished)
 * @REFRAME_CHAT_MESSAGE_STREAMING: a reply still arriving. Only ever in memory: it is
 *   stored as %REFRAME_CHAT_MESSAGE_INCOMPLETE, so a reply cut short by a crash reads
 *   back as incomplete
 * @REFRAME_CHAT_MESSAGE_STOPPED: the person stopped the reply; the text is what arrived
 * @REFRAME_CHAT_MESSAGE_FAILED: the request failed; the text is what arrived, maybe none
 * @REFRAME_CHAT_MESSAGE_INCOMPLETE: the reply ended without the server saying it was
 *   complete (cut off, or Reframe closed while it streamed)
 */
typedef enum
{
  REFRAME_CHAT_MESSAGE_COMPLETE,
  REFRAME_CHAT_MESSAGE_STREAMING,
  REFRAME_CHAT_MESSAGE_STOPPED,
  REFRAME_CHAT_MESSAGE_FAILED,
  REFRAME_CHAT_MESSAGE_INCOMPLETE,
} ReframeChatMessageStatus;

#define REFRAME_TYPE_CHAT_ROLE           (reframe_chat_role_get_type ())
#define REFRAME_TYPE_CHAT_MESSAGE_STATUS (reframe_chat_message_status_get_type ())
#define REFRAME_TYPE_CHAT_MESSAGE        (reframe_chat_message_get_type ())

GType reframe_chat_role_get_type (void) G_GNUC_CONST;
GType reframe_chat_message_status_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (ReframeChatMessage, reframe_chat_message, REFRAME, CHAT_MESSAGE, GObject)

ReframeChatMessage      *reframe_chat_message_new (ReframeChatRole role,
                                                   const char     *content);
const char              *reframe_chat_message_get_uuid (ReframeChatMessage *self);
ReframeChatRole          reframe_chat_message_get_role (ReframeChatMessage *self);
const char              *reframe_chat_message_get_content (ReframeChatMessage *self);
gsize                    reframe_chat_message_get_content_length (ReframeChatMessage *self);
void                     reframe_chat_message_set_content (ReframeChatMessage *self,
                                                           const char         *content);
void                     reframe_chat_message_append (ReframeChatMessage *self,
                                                      const char         *text,
                                                      gsize               len);
GDateTime               *reframe_chat_message_get_created (ReframeChatMessage *self);
const char              *reframe_chat_message_get_model (ReframeChatMessage *self);
void                     reframe_chat_message_set_model (ReframeChatMessage *self,
                                                         const char         *model);
ReframeChatMessageStatus reframe_chat_message_get_status (ReframeChatMessage *self);
void                     reframe_chat_message_set_status (ReframeChatMessage      *self,
                                                          ReframeChatMessageStatus status);

G_END_DECLS
