/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-template-registry.h: the built-in templates and the imported ones, every version. */

#pragma once

#include <gio/gio.h>

#include "reframe-template.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_TEMPLATE_REGISTRY (reframe_template_registry_get_type ())

/* The built-in template of the person's own safety plan (Stanley–Brown). */
#define REFRAME_SAFETY_PLAN_TEMPLATE "safety-plan"

G_DECLARE_FINAL_TYPE (
    ReframeTemplateRegistry, reframe_template_registry, REFRAME, TEMPLATE_REGISTRY, GObject)

ReframeTemplateRegistry *reframe_template_registry_new (const char *data_dir,
                                                        GError    **error);
const char              *reframe_template_registry_get_templates_dir (ReframeTemplateRegistry *self);
GListModel              *reframe_template_registry_get_templates (ReframeTemplateRegistry *self);
GPtrArray               *reframe_template_registry_get_versions (ReframeTemplateRegistry *self,
                                                                 const char              *id);
GPtrArray               *reframe_template_registry_get_problems (ReframeTemplateRegistry *self);
ReframeTemplate         *reframe_template_registry_lookup (ReframeTemplateRegistry *self,
                                                           const char              *id,
                                                           guint                    version);
ReframeTemplate         *reframe_template_registry_import (ReframeTemplateRegistry *self,
                                                           GFile                   *file,
                                                           GError                 **error);
ReframeTemplate         *reframe_template_registry_import_template (ReframeTemplateRegistry *self,
                                                                    ReframeTemplate *template,
                                                                    GError **error);
gboolean                 reframe_template_registry_check_import (ReframeTemplateRegistry *self,
                                                                 ReframeTemplate *template,
                                                                 ReframeTemplate **existing,
                                                                 GError          **error);
gboolean                 reframe_template_registry_export (ReframeTemplateRegistry *self,
                                                           ReframeTemplate *template,
                                                           GFile   *dest,
                                                           GError **error);
GPtrArray               *reframe_template_registry_dup_builtins (GError **error);

G_END_DECLS
