/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-event-private.h: JSON and error helpers shared by the two stream parsers. */

#pragma once

#include <json-glib/json-glib.h>

#include "reframe-chat-event.h"

G_BEGIN_DECLS

const char       *_reframe_json_get_string (JsonObject *object,
                                            const char *member);
JsonObject       *_reframe_json_get_object (JsonObject *object,
                                            const char *member);
JsonArray        *_reframe_json_get_array (JsonObject *object,
                                           const char *member);
gboolean          _reframe_json_get_true (JsonObject *object,
                                          const char *member);
gint64            _reframe_json_get_count (JsonObject *object,
                                           const char *member);
char             *_reframe_stream_dup_text (const char *text);
gboolean          _reframe_stream_is_blank (const char *text,
                                            gsize       len);
gsize             _reframe_stream_skip_bom (const char *text,
                                            gsize       len);
JsonObject       *_reframe_stream_parse_object (JsonParser *parser,
                                                const char *text,
                                                gsize       len,
                                                GError    **error);
gboolean          _reframe_stream_add_delta (GPtrArray  *events_out,
                                             const char *content,
                                             const char *thinking,
                                             const char *model,
                                             gsize      *reply_size,
                                             gsize       max_reply_size,
                                             GError    **error);
gboolean          _reframe_stream_check_line_size (gsize    len,
                                                   gsize    max_line_size,
                                                   GError **error);
ReframeChatEvent *_reframe_chat_event_new_from_error (JsonNode *node);
gboolean          _reframe_stream_fail_with_event (GPtrArray        *events_out,
                                                   ReframeChatEvent *event,
                                                   GError          **error);
gboolean          _reframe_stream_fail_cut_off (GError **error);

G_END_DECLS
