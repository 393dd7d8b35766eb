/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-ndjson-parser.h: turns the bytes of an Ollama /api/chat stream into chat events. */

#pragma once

#include <glib-object.h>

#include "reframe-chat-event.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_NDJSON_PARSER (reframe_ndjson_parser_get_type ())

G_DECLARE_FINAL_TYPE (ReframeNdjsonParser, reframe_ndjson_parser, REFRAME, NDJSON_PARSER, GObject)

ReframeNdjsonParser *reframe_ndjson_parser_new (void);
gsize                reframe_ndjson_parser_get_max_line_size (ReframeNdjsonParser *self);
void                 reframe_ndjson_parser_set_max_line_size (ReframeNdjsonParser *self,
                                                              gsize                max_line_size);
gsize                reframe_ndjson_parser_get_max_reply_size (ReframeNdjsonParser *self);
void                 reframe_ndjson_parser_set_max_reply_size (ReframeNdjsonParser *self,
                                                               gsize                max_reply_size);
gboolean             reframe_ndjson_parser_feed (ReframeNdjsonParser *self,
                                                 const guint8        *data,
                                                 gsize                len,
                                                 GPtrArray           *events_out,
                                                 GError             **error);
gboolean             reframe_ndjson_parser_finish (ReframeNdjsonParser *self,
                                                   GPtrArray           *events_out,
                                                   GError             **error);

G_END_DECLS
