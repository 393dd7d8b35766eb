/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-openai-provider.h: a model provider speaking the OpenAI-compatible API
 * (/v1/chat/completions, SSE). */

#pragma once

#include "reframe-http-provider.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_OPENAI_PROVIDER (reframe_openai_provider_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeOpenaiProvider, reframe_openai_provider, REFRAME, OPENAI_PROVIDER, ReframeHttpProvider)

ReframeOpenaiProvider *reframe_openai_provider_new (const char *base_uri,
                                                    const char *api_key);
const char            *reframe_openai_provider_get_base_uri (ReframeOpenaiProvider *self);
guint                  reframe_openai_provider_get_stall_timeout (ReframeOpenaiProvider *self);
void                   reframe_openai_provider_set_stall_timeout (ReframeOpenaiProvider *self, guint stall_timeout);

G_END_DECLS
