/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-ollama-provider.c: a model provider speaking Ollama's native API (/api/chat, NDJSON). */

#define G_LOG_DOMAIN "ReframeOllamaProvider"

#include "config.h"

#include "reframe-ollama-provider.h"
#include "reframe-context-budget.h"
#include "reframe-ndjson-parser.h"

struct _ReframeOllamaProvider
{
  ReframeHttpProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (ReframeOllamaProvider, reframe_ollama_provider, REFRAME_TYPE_HTTP_PROVIDER)

static gpointer
new_parser (void)
{
  return reframe_ndjson_parser_new ();
}

static gboolean
feed_parser (gpointer      parser,
             const guint8 *data,
             gsize         len,
             GPtrArray    *events_out,
             GError      **error)
{
  return reframe_ndjson_parser_feed (parser, data, len, events_out, error);
}

static gboolean
finish_parser (gpointer   parser,
               GPtrArray *events_out,
               GError   **error)
{
  return reframe_ndjson_parser_finish (parser, events_out, error);
}

/* Ollama's own API: /api/chat streams NDJSON, /api/tags lists {"models": [{"name"…}]}. */
static const ReframeWireFormat ollama_format = {
  .default_base_uri = "http://127.0.0.1:11434/",
  .api_prefix = NULL,
  .chat_path = "api/chat",
  .models_path = "api/tags",
  .models_member = "models",
  .model_name_member = "name",
  .parser_new = new_parser,
  .feed = feed_parser,
  .finish = finish_parser,
  .context_method = "POST",
  .context_path = "api/show",
  .context_sends_model = TRUE,
  .context_parse = reframe_context_budget_parse_ollama_show,
  .sends_num_ctx = TRUE,
};

static void
reframe_ollama_provider_class_init (ReframeOllamaProviderClass *klass)
{
  REFRAME_HTTP_PROVIDER_CLASS (klass)->format = &ollama_format;
}

static void
reframe_ollama_provider_init (ReframeOllamaProvider *self)
{
}

/**
 * reframe_ollama_provider_new:
 * @base_uri: (nullable): the service's address; %NULL for its usual one on this computer
 * @api_key: (nullable): a key for a service that wants one (ollama.com)
 *
 * Returns: (transfer full): a new provider
 */
ReframeOllamaProvider *
reframe_ollama_provider_new (const char *base_uri,
                             const char *api_key)
{
  return g_object_new (
      REFRAME_TYPE_OLLAMA_PROVIDER, "base-uri", base_uri, "api-key", api_key, NULL);
}

const char *
reframe_ollama_provider_get_base_uri (ReframeOllamaProvider *self)
{
  return reframe_http_provider_get_base_uri (REFRAME_HTTP_PROVIDER (self));
}

guint
reframe_ollama_provider_get_stall_timeout (ReframeOllamaProvider *self)
{
  return reframe_http_provider_get_stall_timeout (REFRAME_HTTP_PROVIDER (self));
}

/* Takes effect from the next request. */
void
reframe_ollama_provider_set_stall_timeout (ReframeOllamaProvider *self,
                                           guint                  stall_timeout)
{
  reframe_http_provider_set_stall_timeout (REFRAME_HTTP_PROVIDER (self), stall_timeout);
}
