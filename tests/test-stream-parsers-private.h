/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-stream-parsers-private.h: the harness both stream parsers' tests run through. */

#pragma once

#include <glib-object.h>

#include "reframe-chat-event.h"

G_BEGIN_DECLS

/* The two parsers share a shape, so every stream test runs through this table. */
typedef struct
{
  GObject *(*create) (void);
  void (*set_limits) (GObject *parser,
                      gsize    max_line_size,
                      gsize    max_reply_size);
  gboolean (*feed) (GObject      *parser,
                    const guint8 *data,
                    gsize         len,
                    GPtrArray    *events_out,
                    GError      **error);
  gboolean (*finish) (GObject   *parser,
                      GPtrArray *events_out,
                      GError   **error);
} Format;

/* What one run of a parser over a stream produced. */
typedef struct
{
  GPtrArray *events;
  GError    *error; /* the first error, from a feed or from finish */
} Run;

/* test-stream-parsers.c */

/* Raw multi-byte text, so that chunk boundaries fall inside characters. */
extern const char *const _reframe_test_utf8_deltas[];

Run              *_reframe_test_run_cut (const Format *format,
                                         const char   *stream,
                                         gsize         len,
                                         const gsize  *cuts,
                                         guint         n_cuts,
                                         gsize         max_line_size,
                                         gsize         max_reply_size);
Run              *_reframe_test_run_whole (const Format *format,
                                           const char   *stream);
char             *_reframe_test_join_text (GPtrArray *events,
                                           gboolean   thinking);
ReframeChatEvent *_reframe_test_last_event (Run *run);
void              _reframe_test_assert_complete (Run               *run,
                                                 const char *const *expected);
void              _reframe_test_assert_any_split (const Format      *format,
                                                  const char        *stream,
                                                  const char *const *expected);
void              _reframe_test_assert_fails (Run        *run,
                                              GQuark      domain,
                                              int         code,
                                              const char *message_part);
char             *_reframe_test_sse_event (const char *content);
char             *_reframe_test_build_stream (const Format      *format,
                                              const char *const *deltas);
char             *_reframe_test_replace_all (const char *text,
                                             const char *from,
                                             const char *to);
void              _reframe_test_assert_line_limit (const Format *format,
                                                   const char   *prefix);
void              _reframe_test_assert_reply_limit (const Format *format,
                                                    const char   *stream,
                                                    const char   *full_text);
void              _reframe_test_run_free (Run *run);

/* test-stream-parsers-sse.c */
void _reframe_test_stream_parsers_add_sse_tests (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, _reframe_test_run_free)

G_END_DECLS
