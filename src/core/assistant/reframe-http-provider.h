/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-http-provider.h: a model service over HTTP; Ollama and OpenAI-compatible differ only in
 * their wire format. */

#pragma once

#include "reframe-model-provider-private.h"

G_BEGIN_DECLS

/**
 * ReframeWireFormat:
 * @default_base_uri: the service's usual address on this computer
 * @api_prefix: (nullable): the path the API lives under, added to the base URI when it
 *   does not end in it already (people paste "http://host:8080" and "…/v1" alike)
 * @chat_path: the chat request, relative to the API base
 * @models_path: the model list, relative to the API base
 * @models_member: the member of the model list's object holding the array
 * @model_name_member: the member of each entry naming the model
 * @parser_new: makes the stream parser of a chat reply (a #GObject)
 * @feed: feeds bytes to that parser
 * @finish: ends that parser's stream
 * @context_method: (nullable): how to ask for the model's context length, or %NULL when
 *   the service cannot say
 * @context_path: where to ask, relative to the service's base URI without the API prefix
 *   (llama.cpp's /props is beside /v1, not under it)
 * @context_sends_model: whether the question is a POST of {"model": name}
 * @context_parse: reads the context length from the answer; 0 when it does not say
 * @sends_num_ctx: whether the chat body carries options.num_ctx (Ollama)
 *
 * Everything that tells one model service's API from another's.
 */
typedef struct
{
  const char *default_base_uri;
  const char *api_prefix;
  const char *chat_path;
  const char *models_path;
  const char *models_member;
  const char *model_name_member;
  gpointer (*parser_new) (void);
  ReframeStreamFeedFunc   feed;
  ReframeStreamFinishFunc finish;
  const char             *context_method;
  const char             *context_path;
  gboolean                context_sends_model;
  guint (*context_parse) (GBytes *body);
  gboolean sends_num_ctx;
} ReframeWireFormat;

#define REFRAME_TYPE_HTTP_PROVIDER (reframe_http_provider_get_type ())

G_DECLARE_DERIVABLE_TYPE (
    ReframeHttpProvider, reframe_http_provider, REFRAME, HTTP_PROVIDER, GObject)

struct _ReframeHttpProviderClass
{
  GObjectClass parent_class;

  const ReframeWireFormat *format;
};

const char *reframe_http_provider_get_base_uri (ReframeHttpProvider *self);
guint       reframe_http_provider_get_stall_timeout (ReframeHttpProvider *self);
void        reframe_http_provider_set_stall_timeout (ReframeHttpProvider *self,
                                                     guint                stall_timeout);
void        reframe_http_provider_query_context_async (ReframeHttpProvider *self,
                                                       const char          *model,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
guint       reframe_http_provider_query_context_finish (ReframeHttpProvider *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void        reframe_http_provider_post_chat_async (ReframeHttpProvider *self,
                                                   GBytes              *body,
                                                   const char          *model,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GBytes     *reframe_http_provider_post_chat_finish (ReframeHttpProvider *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
