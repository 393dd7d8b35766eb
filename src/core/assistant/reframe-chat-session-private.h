/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-session-private.h: the session's request building, for tests and benchmarks. */

#pragma once

#include "reframe-chat-session.h"

G_BEGIN_DECLS

ReframeChatRequest *_reframe_chat_session_build_request (ReframeChatSession *self);
void                _reframe_chat_session_clear_context_cache (void);

G_END_DECLS
