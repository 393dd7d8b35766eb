/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-model-provider-private.h: the HTTP request machinery the two providers share. */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "reframe-model-provider.h"

G_BEGIN_DECLS

typedef gboolean (*ReframeStreamFeedFunc) (gpointer      parser,
                                           const guint8 *data,
                                           gsize         len,
                                           GPtrArray    *events_out,
                                           GError      **error);
typedef gboolean (*ReframeStreamFinishFunc) (gpointer   parser,
                                             GPtrArray *events_out,
                                             GError   **error);

/* How to run one request. Without a @parser the body is collected and returned whole. */
typedef struct
{
  SoupSession            *session;
  const char             *endpoint; /* for messages: the base URI without a password */
  const char             *model;    /* nullable: the model of a chat, for a 404 */
  guint                   stall_timeout;
  gpointer                parser; /* nullable: a stream parser, reffed by the request */
  ReframeStreamFeedFunc   feed;
  ReframeStreamFinishFunc finish;
  ReframeChatDeltaFunc    delta_func;
  gpointer                delta_data;
  GDestroyNotify          delta_destroy;
} ReframeProviderRequestSetup;

SoupSession      *_reframe_provider_session_new (const char *base_uri);
char             *_reframe_provider_dup_endpoint (const char *base_uri);
SoupMessage      *_reframe_provider_message_new (const char *method,
                                                 const char *base_uri,
                                                 const char *path,
                                                 const char *api_key,
                                                 GBytes     *body);
void              _reframe_provider_request_async (gpointer                           source_object,
                                                   gpointer                           source_tag,
                                                   SoupMessage                       *msg,
                                                   const ReframeProviderRequestSetup *setup,
                                                   GCancellable                      *cancellable,
                                                   GAsyncReadyCallback                callback,
                                                   gpointer                           user_data);
GBytes           *_reframe_provider_request_finish_bytes (GAsyncResult *result,
                                                          GError      **error);
ReframeChatEvent *_reframe_provider_request_finish_done (GAsyncResult *result,
                                                         GError      **error);
JsonObject       *_reframe_provider_parse_body (JsonParser *parser,
                                                GBytes     *body,
                                                const char *endpoint,
                                                GError    **error);
void              _reframe_provider_set_malformed (GError    **error,
                                                   const char *endpoint,
                                                   const char *detail);
GError           *_reframe_provider_error_new_rate_limited (const char *endpoint,
                                                            int         retry_after);

G_END_DECLS
