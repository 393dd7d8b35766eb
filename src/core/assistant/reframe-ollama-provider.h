/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-ollama-provider.h: a model provider speaking Ollama's native API (/api/chat, NDJSON). */

#pragma once

#include "reframe-http-provider.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_OLLAMA_PROVIDER (reframe_ollama_provider_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeOllamaProvider, reframe_ollama_provider, REFRAME, OLLAMA_PROVIDER, ReframeHttpProvider)

ReframeOllamaProvider *reframe_ollama_provider_new (const char *base_uri,
                                                    const char *api_key);
const char            *reframe_ollama_provider_get_base_uri (ReframeOllamaProvider *self);
guint                  reframe_ollama_provider_get_stall_timeout (ReframeOllamaProvider *self);
void                   reframe_ollama_provider_set_stall_timeout (ReframeOllamaProvider *self, guint stall_timeout);

G_END_DECLS
