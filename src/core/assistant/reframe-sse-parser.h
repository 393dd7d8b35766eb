/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-sse-parser.h: turns the bytes of an OpenAI-compatible event stream into chat events. */

#pragma once

#include <glib-object.h>

#include "reframe-chat-event.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_SSE_PARSER (reframe_sse_parser_get_type ())

G_DECLARE_FINAL_TYPE (ReframeSseParser, reframe_sse_parser, REFRAME, SSE_PARSER, GObject)

ReframeSseParser *reframe_sse_parser_new (void);
gsize             reframe_sse_parser_get_max_line_size (ReframeSseParser *self);
void              reframe_sse_parser_set_max_line_size (ReframeSseParser *self,
                                                        gsize             max_line_size);
gsize             reframe_sse_parser_get_max_reply_size (ReframeSseParser *self);
void              reframe_sse_parser_set_max_reply_size (ReframeSseParser *self,
                                                         gsize             max_reply_size);
gboolean          reframe_sse_parser_feed (ReframeSseParser *self,
                                           const guint8     *data,
                                           gsize             len,
                                           GPtrArray        *events_out,
                                           GError          **error);
gboolean          reframe_sse_parser_finish (ReframeSseParser *self,
                                             GPtrArray        *events_out,
                                             GError          **error);

G_END_DECLS
