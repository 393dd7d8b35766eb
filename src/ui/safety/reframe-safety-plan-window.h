/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan-window.h: the person's safety plan, read step by step. */

#pragma once

#include <adwaita.h>

#include "reframe-store.h"
#include "reframe-template-registry.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_SAFETY_PLAN_WINDOW (reframe_safety_plan_window_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeSafetyPlanWindow, reframe_safety_plan_window, REFRAME, SAFETY_PLAN_WINDOW, AdwWindow)

GtkWidget *reframe_safety_plan_window_new (GtkWindow               *parent,
                                           GSettings               *settings,
                                           ReframeStore            *store,
                                           ReframeTemplateRegistry *registry);
gboolean   reframe_safety_plan_window_has_plan (ReframeSafetyPlanWindow *self);

G_END_DECLS
