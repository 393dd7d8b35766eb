/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-fake-model-server.h: an Ollama and OpenAI-compatible model server on 127.0.0.1 for tests.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one model the fake server knows; any other name gets the format's 404. */
#define REFRAME_FAKE_MODEL "llama3.2:latest"

/* The seconds the fake server puts in Retry-After with a 429. */
#define REFRAME_FAKE_RETRY_AFTER 7

/**
 * ReframeFakeBehaviour:
 * @REFRAME_FAKE_BEHAVIOUR_NORMAL: stream the reply, one line or event per chunk
 * @REFRAME_FAKE_BEHAVIOUR_ONE_BYTE_CHUNKS: stream the reply one byte per chunk
 * @REFRAME_FAKE_BEHAVIOUR_SPLIT_UTF8: split the stream inside every multi-byte character
 * @REFRAME_FAKE_BEHAVIOUR_COMMENTS_CRLF: SSE only: CRLF line ends and keep-alive comments
 * @REFRAME_FAKE_BEHAVIOUR_SLOW_DRIP: wait the chunk delay before every chunk
 * @REFRAME_FAKE_BEHAVIOUR_UNAUTHORIZED: answer 401 with the format's error body
 * @REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL: answer 404 with the format's unknown-model body
 * @REFRAME_FAKE_BEHAVIOUR_RATE_LIMITED: answer 429 with Retry-After
 * @REFRAME_FAKE_BEHAVIOUR_SERVER_ERROR: answer 500 with the format's error body
 * @REFRAME_FAKE_BEHAVIOUR_CUT_OFF: send the first deltas, then close the connection
 * @REFRAME_FAKE_BEHAVIOUR_MALFORMED: send a delta, then a line that is not JSON
 * @REFRAME_FAKE_BEHAVIOUR_UNSAFE_REPLY: stream a reply that gives calorie targets, which
 *   the crisis check's reply filter must stop (reframe_fake_model_server_get_unsafe_deltas())
 * @REFRAME_FAKE_BEHAVIOUR_LONG_REPLY: stream a long reply of many small deltas
 *   (reframe_fake_model_server_dup_long_reply())
 *
 * What the fake server does with the next chat request. Listing models and the version
 * follow the error behaviours too, and otherwise answer normally.
 */
typedef enum
{
  REFRAME_FAKE_BEHAVIOUR_NORMAL,
  REFRAME_FAKE_BEHAVIOUR_ONE_BYTE_CHUNKS,
  REFRAME_FAKE_BEHAVIOUR_SPLIT_UTF8,
  REFRAME_FAKE_BEHAVIOUR_COMMENTS_CRLF,
  REFRAME_FAKE_BEHAVIOUR_SLOW_DRIP,
  REFRAME_FAKE_BEHAVIOUR_UNAUTHORIZED,
  REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL,
  REFRAME_FAKE_BEHAVIOUR_RATE_LIMITED,
  REFRAME_FAKE_BEHAVIOUR_SERVER_ERROR,
  REFRAME_FAKE_BEHAVIOUR_CUT_OFF,
  REFRAME_FAKE_BEHAVIOUR_MALFORMED,
  REFRAME_FAKE_BEHAVIOUR_UNSAFE_REPLY,
  REFRAME_FAKE_BEHAVIOUR_LONG_REPLY,
} ReframeFakeBehaviour;

/* Where a same-origin redirect of the fake server sends a request: under this path on
 * the same server, which answers there as it does at the top. */
#define REFRAME_FAKE_MOVED_PATH "/moved"

/* The deltas of %REFRAME_FAKE_BEHAVIOUR_LONG_REPLY, unless the environment variable
 * REFRAME_FAKE_LONG_REPLY_DELTAS says another number (for the benchmarks). */
#define REFRAME_FAKE_LONG_REPLY_DELTAS 6000

/* Structured answers for a thought record drafted from a conversation: every field
 * valid; partly valid (a wrong type, an unknown field, a value out of range); not JSON. */
#define REFRAME_FAKE_DRAFT_VALID                                                                 \
  "{\"situation\":\"At work, my manager walked past without saying hello.\","                    \
  "\"emotions\":[{\"name\":\"Anxious\",\"before\":70}],"                                         \
  "\"automatic_thoughts\":\"She is angry with me. I will lose my job.\","                        \
  "\"hot_thought\":\"I will lose my job.\",\"hot_thought_belief\":80,"                           \
  "\"evidence_for\":\"She did not say hello.\",\"evidence_against\":\"She praised my report on " \
  "Monday.\","                                                                                   \
  "\"balanced_thought\":\"She may have been busy.\",\"balanced_thought_belief\":60}"
#define REFRAME_FAKE_DRAFT_PARTIAL                                                           \
  "{\"situation\":\"  At work, my manager walked past.  \",\"hot_thought_belief\":\"very\"," \
  "\"balanced_thought_belief\":250,\"mood\":\"bad\",\"hot_thought\":42,"                     \
  "\"evidence_against\":\"She praised my report.\"}"
#define REFRAME_FAKE_DRAFT_INVALID "Here is your thought record: {situation: at work"

typedef struct _ReframeFakeModelServer ReframeFakeModelServer;

ReframeFakeModelServer *reframe_fake_model_server_new (void);
void                    reframe_fake_model_server_free (ReframeFakeModelServer *self);
const char             *reframe_fake_model_server_get_uri (ReframeFakeModelServer *self);
void                    reframe_fake_model_server_set_behaviour (ReframeFakeModelServer *self,
                                                                 ReframeFakeBehaviour    behaviour);
void                    reframe_fake_model_server_set_chunk_delay (ReframeFakeModelServer *self, guint delay_ms);
void                    reframe_fake_model_server_set_api_key (ReframeFakeModelServer *self,
                                                               const char             *api_key);
void                    reframe_fake_model_server_set_redirect (ReframeFakeModelServer *self,
                                                                guint                   status,
                                                                const char             *target);
char                   *reframe_fake_model_server_dup_reply (void);
char                   *reframe_fake_model_server_dup_long_reply (void);
const char *const      *reframe_fake_model_server_get_deltas (void);
const char *const      *reframe_fake_model_server_get_unsafe_deltas (void);
guint                   reframe_fake_model_server_get_n_requests (ReframeFakeModelServer *self);
char                   *reframe_fake_model_server_dup_last_chat_body (ReframeFakeModelServer *self);
void                    reframe_fake_model_server_set_context_size (ReframeFakeModelServer *self,
                                                                    guint                   n_ctx,
                                                                    guint                   bytes_per_token);
guint                   reframe_fake_model_server_get_n_refused (ReframeFakeModelServer *self);
void                    reframe_fake_model_server_set_structured_reply (ReframeFakeModelServer *self,
                                                                        const char             *content);
char                   *reframe_fake_model_server_dup_last_format (ReframeFakeModelServer *self);

/* Model management (/api/tags, /api/pull, /api/delete): the installed models start as
 * REFRAME_FAKE_MODEL (2019393189 bytes, family "llama") and "qwen2.5:7b" (no details). */
#define REFRAME_FAKE_PULLABLE_MODEL "qwen2.5:3b"
#define REFRAME_FAKE_PULLABLE_SIZE  G_GUINT64_CONSTANT (1929912432)

void     reframe_fake_model_server_set_pull_delay (ReframeFakeModelServer *self,
                                                   guint                   delay_ms);
void     reframe_fake_model_server_set_pull_failure (ReframeFakeModelServer *self,
                                                     guint                   after_lines,
                                                     const char             *error_text);
gboolean reframe_fake_model_server_has_model (ReframeFakeModelServer *self,
                                              const char             *name);
guint    reframe_fake_model_server_get_n_pulls_stopped (ReframeFakeModelServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeFakeModelServer, reframe_fake_model_server_free)

G_END_DECLS
