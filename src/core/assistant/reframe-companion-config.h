/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-companion-config.h: the companion's settings, and the model provider they describe. */

#pragma once

#include <gio/gio.h>

#include "reframe-endpoint.h"
#include "reframe-model-provider.h"

G_BEGIN_DECLS

/**
 * ReframeProviderKind:
 * @REFRAME_PROVIDER_KIND_OLLAMA: Ollama's own API ("ollama" in the settings)
 * @REFRAME_PROVIDER_KIND_OPENAI: an OpenAI-compatible API ("openai")
 */
typedef enum
{
  REFRAME_PROVIDER_KIND_OLLAMA,
  REFRAME_PROVIDER_KIND_OPENAI,
} ReframeProviderKind;

#define REFRAME_TYPE_COMPANION_CONFIG (reframe_companion_config_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeCompanionConfig, reframe_companion_config, REFRAME, COMPANION_CONFIG, GObject)

ReframeCompanionConfig *reframe_companion_config_new (GSettings *settings);
GSettings              *reframe_companion_config_get_settings (ReframeCompanionConfig *self);
char                   *reframe_companion_config_dup_endpoint (ReframeCompanionConfig *self);
ReframeProviderKind     reframe_companion_config_get_provider_kind (ReframeCompanionConfig *self);
char                   *reframe_companion_config_dup_model (ReframeCompanionConfig *self);
char                   *reframe_companion_config_dup_system_prompt (ReframeCompanionConfig *self);
gboolean                reframe_companion_config_get_uses_default_prompt (ReframeCompanionConfig *self);
char                   *reframe_companion_config_dup_default_system_prompt (void);
char                  **reframe_companion_config_dup_forwards_to_cloud (ReframeCompanionConfig *self);
gboolean                reframe_companion_config_get_forwards_to_cloud (ReframeCompanionConfig *self,
                                                                        const char             *endpoint);
void                    reframe_companion_config_set_forwards_to_cloud (ReframeCompanionConfig *self,
                                                                        const char             *endpoint,
                                                                        gboolean                forwards);
gboolean                reframe_companion_config_has_consent (ReframeCompanionConfig *self,
                                                              const char             *endpoint);
void                    reframe_companion_config_give_consent (ReframeCompanionConfig *self,
                                                               const char             *endpoint);
void                    reframe_companion_config_revoke_consent (ReframeCompanionConfig *self,
                                                                 const char             *endpoint);
ReframeModelProvider   *reframe_companion_config_create_provider (ReframeCompanionConfig *self,
                                                                  const char             *api_key);
void                    reframe_companion_config_resolve_locality_async (ReframeCompanionConfig *self,
                                                                         GCancellable           *cancellable,
                                                                         GAsyncReadyCallback     callback,
                                                                         gpointer                user_data);
ReframeEndpointLocality reframe_companion_config_resolve_locality_finish (
    ReframeCompanionConfig *self, GAsyncResult *result, GError **error);

G_END_DECLS
