/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-openai-provider.c: a model provider speaking the OpenAI-compatible API
 * (/v1/chat/completions, SSE). */

#define G_LOG_DOMAIN "ReframeOpenaiProvider"

#include "config.h"

#include "reframe-openai-provider.h"
#include "reframe-context-budget.h"
#include "reframe-sse-parser.h"

struct _ReframeOpenaiProvider
{
  ReframeHttpProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (ReframeOpenaiProvider, reframe_openai_provider, REFRAME_TYPE_HTTP_PROVIDER)

static gpointer
new_parser (void)
{
  return reframe_sse_parser_new ();
}

static gboolean
feed_parser (gpointer      parser,
             const guint8 *data,
             gsize         len,
             GPtrArray    *events_out,
             GError      **error)
{
  return reframe_sse_parser_feed (parser, data, len, events_out, error);
}

static gboolean
finish_parser (gpointer   parser,
               GPtrArray *events_out,
               GError   **error)
{
  return reframe_sse_parser_finish (parser, events_out, error);
}

/* The OpenAI-compatible API under "/v1/" (people paste the base with or without it, as
 * model-apis.md lists "http://127.0.0.1:8080/v1"): chat/completions streams Server-Sent
 * Events, models lists {"object": "list", "data": [{"id"…}]}. */
static const ReframeWireFormat openai_format = {
  .default_base_uri = "http://127.0.0.1:8080/",
  .api_prefix = "v1/",
  .chat_path = "chat/completions",
  .models_path = "models",
  .models_member = "data",
  .model_name_member = "id",
  .parser_new = new_parser,
  .feed = feed_parser,
  .finish = finish_parser,
  .context_method = "GET",
  .context_path = "props",
  .context_parse = reframe_context_budget_parse_llama_props,
};

static void
reframe_openai_provider_class_init (ReframeOpenaiProviderClass *klass)
{
  REFRAME_HTTP_PROVIDER_CLASS (klass)->format = &openai_format;
}

static void
reframe_openai_provider_init (ReframeOpenaiProvider *self)
{
}

/**
 * reframe_openai_provider_new:
 * @base_uri: (nullable): the service's address; %NULL for its usual one on this computer
 * @api_key: (nullable): a key sent as "Authorization: Bearer"
 *
 * Returns: (transfer full): a new provider
 */
ReframeOpenaiProvider *
reframe_openai_provider_new (const char *base_uri,
                             const char *api_key)
{
  return g_object_new (
      REFRAME_TYPE_OPENAI_PROVIDER, "base-uri", base_uri, "api-key", api_key, NULL);
}

const char *
reframe_openai_provider_get_base_uri (ReframeOpenaiProvider *self)
{
  return reframe_http_provider_get_base_uri (REFRAME_HTTP_PROVIDER (self));
}

guint
reframe_openai_provider_get_stall_timeout (ReframeOpenaiProvider *self)
{
  return reframe_http_provider_get_stall_timeout (REFRAME_HTTP_PROVIDER (self));
}

/* Takes effect from the next request. */
void
reframe_openai_provider_set_stall_timeout (ReframeOpenaiProvider *self,
                                           guint                  stall_timeout)
{
  reframe_http_provider_set_stall_timeout (REFRAME_HTTP_PROVIDER (self), stall_timeout);
}
