/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-ndjson-parser.c: libFuzzer target for the Ollama NDJSON stream parser. */

#include "config.h"

#include "fuzz-stream.h"
#include "reframe-ndjson-parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static GObject *
create_parser (gsize max_line_size,
               gsize max_reply_size)
{
  ReframeNdjsonParser *parser = reframe_ndjson_parser_new ();

  reframe_ndjson_parser_set_max_line_size (parser, max_line_size);
  reframe_ndjson_parser_set_max_reply_size (parser, max_reply_size);
  return G_OBJECT (parser);
}

static gboolean
feed_parser (GObject      *parser,
             const guint8 *data,
             gsize         len,
             GPtrArray    *events_out,
             GError      **error)
{
  return reframe_ndjson_parser_feed (REFRAME_NDJSON_PARSER (parser), data, len, events_out, error);
}

static gboolean
finish_parser (GObject   *parser,
               GPtrArray *events_out,
               GError   **error)
{
  return reframe_ndjson_parser_finish (REFRAME_NDJSON_PARSER (parser), events_out, error);
}

static const FuzzParserOps ops = { create_parser, feed_parser, finish_parser };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_stream (&ops, data, size);
  return 0;
}
