/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-stream.h: the harness both stream-parser fuzz targets share. */

#pragma once

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reframe-chat-event.h"

/* One fuzz input is one response body. Two parsers read it: one in a single chunk, one
 * in chunks whose sizes come from the input's first bytes. Both must agree, because
 * where the network cuts a stream must never change what the reply says; any
 * disagreement, broken event or GError contract aborts, which the fuzzer reports. */

typedef struct
{
  GObject *(*create) (gsize max_line_size,
                      gsize max_reply_size);
  gboolean (*feed) (GObject      *parser,
                    const guint8 *data,
                    gsize         len,
                    GPtrArray    *events_out,
                    GError      **error);
  gboolean (*finish) (GObject   *parser,
                      GPtrArray *events_out,
                      GError   **error);
} FuzzParserOps;

typedef struct
{
  GString *content;
  GString *thinking;
  guint    n_done;
  guint    n_errors;
  GQuark   error_domain;
  int      error_code;
} FuzzOutcome;

#define FUZZ_PATTERN_LEN 8

/* abort(), not g_error(): g_error() raises SIGTRAP, which libFuzzer does not catch, so
 * it would save no crash input. */
#define fuzz_fail(what)                           \
  G_STMT_START                                    \
  {                                               \
    g_printerr ("fuzz check failed: %s\n", what); \
    abort ();                                     \
  }                                               \
  G_STMT_END

static void
fuzz_check_events (GPtrArray   *events,
                   FuzzOutcome *outcome)
{
  for (guint i = 0; i < events->len; i++)
    {
      ReframeChatEvent *event = g_ptr_array_index (events, i);

      if (outcome->n_done > 0)
        fuzz_fail ("an event after DONE");
      if (event->kind == REFRAME_CHAT_EVENT_DELTA)
        {
          if ((event->content == NULL || !*event->content) &&
              (event->thinking == NULL || !*event->thinking))
            fuzz_fail ("an empty delta");
          if ((event->content && !g_utf8_validate (event->content, -1, NULL)) ||
              (event->thinking && !g_utf8_validate (event->thinking, -1, NULL)))
            fuzz_fail ("a delta that is not UTF-8");
          g_string_append (outcome->content, event->content ? event->content : "");
          g_string_append (outcome->thinking, event->thinking ? event->thinking : "");
        }
      else if (event->kind == REFRAME_CHAT_EVENT_DONE)
        outcome->n_done++;
      else if (event->kind == REFRAME_CHAT_EVENT_ERROR && event->error_message != NULL &&
               g_utf8_validate (event->error_message, -1, NULL))
        outcome->n_errors++;
      else
        fuzz_fail ("a broken event");
    }
  g_ptr_array_set_size (events, 0);
}

/* A failed call must set the error; a failure is final, so finish reports it again. */
static void
fuzz_check_call (gboolean     ok,
                 GError      *error,
                 FuzzOutcome *outcome)
{
  if (ok != (error == NULL))
    fuzz_fail ("the return value and the GError disagree");
  if (error == NULL)
    return;
  if (error->domain != REFRAME_STREAM_ERROR || error->message == NULL ||
      !g_utf8_validate (error->message, -1, NULL))
    fuzz_fail ("an error outside the stream domain or without a readable message");
  if (outcome->error_domain != 0 && outcome->error_code != error->code)
    fuzz_fail ("finish reported a different error than the failed feed");
  outcome->error_domain = error->domain;
  outcome->error_code = error->code;
}

static void
fuzz_run (const FuzzParserOps *ops,
          const guint8        *data,
          gsize                size,
          gboolean             chunked,
          FuzzOutcome         *outcome)
{
  /* A byte in the middle picks small limits now and then, so the size checks run too. */
  gboolean small_limits = size > 0 && data[size / 2] % 4 == 0;
  g_autoptr (GObject) parser =
      ops->create (small_limits ? 300 : REFRAME_STREAM_DEFAULT_MAX_LINE_SIZE,
                   small_limits ? 200 : REFRAME_STREAM_DEFAULT_MAX_REPLY_SIZE);
  g_autoptr (GPtrArray) events = reframe_chat_event_array_new ();
  gsize offset = 0;

  for (guint i = 0; offset < size && outcome->error_domain == 0; i++)
    {
      g_autoptr (GError) error = NULL;
      /* Chunk sizes 0 to 63, so empty feeds happen as well; an empty one is followed
       * by a one-byte one, so the loop always moves on. */
      gsize chunk =
          chunked ? MIN ((gsize) data[i % MIN (size, FUZZ_PATTERN_LEN)] % 64, size - offset) : size;
      gboolean ok = ops->feed (parser, data + offset, chunk, events, &error);

      fuzz_check_call (ok, error, outcome);
      offset += chunk;
      if (chunk == 0 && ok)
        {
          ok = ops->feed (parser, data + offset, 1, events, &error);
          fuzz_check_call (ok, error, outcome);
          offset++;
        }
      fuzz_check_events (events, outcome);
    }

  {
    g_autoptr (GError) error = NULL;
    gboolean ok = ops->finish (parser, events, &error);

    fuzz_check_call (ok, error, outcome);
    fuzz_check_events (events, outcome);
  }

  if (outcome->n_done > 1 || (outcome->n_done == 1) != (outcome->error_domain == 0))
    fuzz_fail ("a reply must end with exactly one DONE or with an error");
  if (outcome->n_errors > 0 && outcome->error_code != REFRAME_STREAM_ERROR_PROVIDER_ERROR)
    fuzz_fail ("an ERROR event without a PROVIDER_ERROR");
  g_assert_finalize_object (g_steal_pointer (&parser));
}

static void
fuzz_outcome_clear (FuzzOutcome *outcome)
{
  g_string_free (outcome->content, TRUE);
  g_string_free (outcome->thinking, TRUE);
}

/* Any warning or critical (a failed g_return_if_fail) is a bug found. GLib would stop
 * on it with SIGTRAP when fatal, which libFuzzer ignores, so this writer aborts instead. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  GLogWriterOutput result = g_log_writer_standard_streams (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return result;
}

static void
fuzz_stream (const FuzzParserOps *ops,
             const uint8_t       *data,
             size_t               size)
{
  static gsize logging_set_up = 0;
  FuzzOutcome  whole = { g_string_new (NULL), g_string_new (NULL), 0, 0, 0, 0 };
  FuzzOutcome  chunked = { g_string_new (NULL), g_string_new (NULL), 0, 0, 0, 0 };

  if (g_once_init_enter (&logging_set_up))
    {
      g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
      g_once_init_leave (&logging_set_up, 1);
    }

  fuzz_run (ops, data, size, FALSE, &whole);
  fuzz_run (ops, data, size, TRUE, &chunked);

  if (!g_string_equal (whole.content, chunked.content) ||
      !g_string_equal (whole.thinking, chunked.thinking) || whole.n_done != chunked.n_done ||
      whole.n_errors != chunked.n_errors || whole.error_code != chunked.error_code ||
      whole.error_domain != chunked.error_domain)
    fuzz_fail ("the reply depends on where the stream was cut");

  fuzz_outcome_clear (&whole);
  fuzz_outcome_clear (&chunked);
}
