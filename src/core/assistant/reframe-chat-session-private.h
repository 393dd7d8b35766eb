/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-session-private.h: calls between the chat session's files, and its request
 * building for tests and benchmarks. */

#pragma once

#include "reframe-chat-session.h"
#include "reframe-conversation-repository.h"

G_BEGIN_DECLS

struct _ReframeChatSession
{
  GObject parent_instance;

  ReframeStore         *store;
  ReframeCrisisCheck   *crisis_check;
  ReframeModelProvider *provider;
  char                 *endpoint;
  char                 *model;
  gboolean              remote;
  char                 *system_prompt;
  guint                 fallback_context;
  guint                 context_tokens; /* 0 until learned for this service and model */
  gboolean              context_known;  /* the service answered, or cannot be asked */

  ReframeConversation *conversation;
  GListStore          *messages;
  GListStore          *attachments;
  GHashTable          *attachment_texts; /* attachment → the text rendered when attached */

  GCancellable       *cancellable;
  ReframeChatMessage *reply;
  guint               flush_id;
  guint               check_id;       /* the check of the text that came since the last */
  gsize               unchecked_from; /* where the reply's unchecked text begins */
  guint64             reply_found;    /* what the reply's checks found so far */
  gboolean            stopping;
  gboolean            held; /* a message waits until the crisis sheet is closed */
  gboolean            crisis_note_pending;
  gboolean            request_crisis_note; /* the request streaming carries the note */
  guint               turn_limit;          /* 0, or the turns a retry sends at most */
  guint               sent_turns;          /* of the last request */
  gboolean            turns_left_out;
  guint               first_sent_position;
  gboolean            retried;
  GError             *error;
};

enum
{
  PROP_0,
  PROP_BUSY,
  PROP_CONVERSATION,
  PROP_SENT_TURNS,
  PROP_TURNS_LEFT_OUT,
  PROP_FIRST_SENT_POSITION,
  N_PROPS
};

enum
{
  SIGNAL_DELTA,
  SIGNAL_REPLY_STARTED,
  SIGNAL_REPLY_FINISHED,
  SIGNAL_REPLY_REPLACED,
  SIGNAL_CRISIS,
  N_SIGNALS
};

/* reframe-chat-session.c: the conversation and the person's messages */
void                           _reframe_chat_session_notify (ReframeChatSession *self,
                                                             guint               prop_id);
void                           _reframe_chat_session_emit (ReframeChatSession *self,
                                                           guint               signal_id,
                                                           ...);
ReframeConversationRepository *_reframe_chat_session_get_repository (ReframeChatSession *self);
gboolean                       _reframe_chat_session_find_user_message (ReframeChatSession *self,
                                                                        ReframeChatMessage *message,
                                                                        guint              *position,
                                                                        GError            **error);

/* reframe-chat-session-history.c: which earlier messages go with a request */
ReframeChatRequest *_reframe_chat_session_build_request (ReframeChatSession *self);
void                _reframe_chat_session_set_sent_turns (ReframeChatSession *self,
                                                          guint               sent_turns,
                                                          gboolean            left_out,
                                                          guint               first_position);

/* reframe-chat-session-reply.c: asking for a reply and streaming it */
void _reframe_chat_session_start_request (ReframeChatSession *self);
void _reframe_chat_session_stop_flushing (ReframeChatSession *self);
void _reframe_chat_session_clear_context_cache (void);

G_END_DECLS
