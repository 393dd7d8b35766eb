/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-event.h: one thing a streamed chat reply said, and the stream error domain. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REFRAME_STREAM_ERROR (reframe_stream_error_quark ())

/**
 * ReframeStreamError:
 * @REFRAME_STREAM_ERROR_MALFORMED: a line or event is not the JSON (or UTF-8) the format promises
 * @REFRAME_STREAM_ERROR_CUT_OFF: the stream ended before the server said the reply was complete
 * @REFRAME_STREAM_ERROR_TOO_LARGE: a line, an event or the whole reply is over its size limit
 * @REFRAME_STREAM_ERROR_PROVIDER_ERROR: the server reported an error inside the stream
 * @REFRAME_STREAM_ERROR_EMPTY: the server ended the stream without any answer or reason
 *
 * Why reading a streamed reply failed. %REFRAME_STREAM_ERROR_CUT_OFF and
 * %REFRAME_STREAM_ERROR_TOO_LARGE leave a usable partial reply that the caller can keep
 * and mark incomplete.
 */
typedef enum
{
  REFRAME_STREAM_ERROR_MALFORMED,
  REFRAME_STREAM_ERROR_CUT_OFF,
  REFRAME_STREAM_ERROR_TOO_LARGE,
  REFRAME_STREAM_ERROR_PROVIDER_ERROR,
  REFRAME_STREAM_ERROR_EMPTY,
} ReframeStreamError;

/* A single line or event bigger than this is refused rather than buffered. */
#define REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE (1024 * 1024)

/* Text (answer plus reasoning) allowed in one reply unless the caller says otherwise. */
#define REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE (4 * 1024 * 1024)

/**
 * ReframeChatEventKind:
 * @REFRAME_CHAT_EVENT_DELTA: more text of the reply, to append
 * @REFRAME_CHAT_EVENT_DONE: the server says the reply is complete
 * @REFRAME_CHAT_EVENT_ERROR: the server reported an error inside the stream
 */
typedef enum
{
  REFRAME_CHAT_EVENT_DELTA,
  REFRAME_CHAT_EVENT_DONE,
  REFRAME_CHAT_EVENT_ERROR,
} ReframeChatEventKind;

#define REFRAME_TYPE_CHAT_EVENT (reframe_chat_event_get_type ())

typedef struct _ReframeChatEvent ReframeChatEvent;

/**
 * ReframeChatEvent:
 * @kind: what happened
 * @content: %REFRAME_CHAT_EVENT_DELTA: answer text to append, or %NULL
 * @thinking: %REFRAME_CHAT_EVENT_DELTA: reasoning text of a thinking model, or %NULL;
 *   kept apart so it is never mistaken for (or saved as) the answer
 * @model: the model name the server reported, or %NULL
 * @finish_reason: %REFRAME_CHAT_EVENT_DONE: why the reply ended ("stop", "length",
 *   "content_filter", "load", …), or %NULL when the server did not say
 * @error_message: %REFRAME_CHAT_EVENT_ERROR: the server's message, never %NULL
 * @error_type: %REFRAME_CHAT_EVENT_ERROR: the OpenAI-style error type, or %NULL
 * @error_code: %REFRAME_CHAT_EVENT_ERROR: the error code as text (servers send strings
 *   or numbers), or %NULL
 * @prompt_tokens: %REFRAME_CHAT_EVENT_DONE: tokens read from the prompt, or -1
 * @completion_tokens: %REFRAME_CHAT_EVENT_DONE: tokens generated, or -1
 * @total_duration_ns: %REFRAME_CHAT_EVENT_DONE: time of the whole request (Ollama), or -1
 * @eval_duration_ns: %REFRAME_CHAT_EVENT_DONE: time spent generating (Ollama), or -1
 *
 * One event of a streamed chat reply, as the stream parsers produce it. Strings are
 * valid UTF-8; a delta always holds whole characters. A DELTA has a non-empty @content
 * or @thinking (or both).
 */
struct _ReframeChatEvent
{
  ReframeChatEventKind kind;

  /* Owned */
  char *content;
  char *thinking;
  char *model;
  char *finish_reason;
  char *error_message;
  char *error_type;
  char *error_code;

  gint64 prompt_tokens;
  gint64 completion_tokens;
  gint64 total_duration_ns;
  gint64 eval_duration_ns;
};

GQuark            reframe_stream_error_quark (void);
GType             reframe_chat_event_get_type (void) G_GNUC_CONST;
ReframeChatEvent *reframe_chat_event_new (ReframeChatEventKind kind);
ReframeChatEvent *reframe_chat_event_new_delta (const char *content,
                                                const char *thinking);
ReframeChatEvent *reframe_chat_event_new_done (const char *finish_reason);
ReframeChatEvent *reframe_chat_event_new_error (const char *message);
ReframeChatEvent *reframe_chat_event_copy (const ReframeChatEvent *event);
void              reframe_chat_event_free (ReframeChatEvent *event);
GPtrArray        *reframe_chat_event_array_new (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeChatEvent, reframe_chat_event_free)

G_END_DECLS
