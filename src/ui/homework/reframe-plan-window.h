/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-window.h: a homework plan from the therapist: what it adds and changes, then added
 * in one step. */

#pragma once

#include <adwaita.h>

#include "reframe-plan-import.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_PLAN_WINDOW (reframe_plan_window_get_type ())

G_DECLARE_FINAL_TYPE (ReframePlanWindow, reframe_plan_window, REFRAME, PLAN_WINDOW, AdwWindow)

GtkWidget         *reframe_plan_window_new (GtkWindow               *parent,
                                            ReframeStore            *store,
                                            ReframeTemplateRegistry *registry);
void               reframe_plan_window_open (ReframePlanWindow *self,
                                             GFile             *file);
ReframePlanImport *reframe_plan_window_get_import (ReframePlanWindow *self);

G_END_DECLS
