/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-models-group.h: the Models group of the Companion page: installed models, download,
 * delete. */

#pragma once

#include <adwaita.h>

#include "reframe-companion-config.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_MODELS_GROUP (reframe_models_group_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeModelsGroup, reframe_models_group, REFRAME, MODELS_GROUP, AdwPreferencesGroup)

GtkWidget *reframe_models_group_new (void);
void       reframe_models_group_set_service (ReframeModelsGroup *self,
                                             ReframeProviderKind kind,
                                             const char         *endpoint,
                                             const char         *api_key);
void       reframe_models_group_refresh (ReframeModelsGroup *self);

G_END_DECLS
