/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-export-dialog.h: the homework of some weeks saved as a plan file to hand over. */

#pragma once

#include <adwaita.h>

#include "reframe-store.h"
#include "reframe-template-registry.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_PLAN_EXPORT_DIALOG (reframe_plan_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframePlanExportDialog, reframe_plan_export_dialog, REFRAME, PLAN_EXPORT_DIALOG, AdwWindow)

GtkWidget *reframe_plan_export_dialog_new (GtkWindow               *parent,
                                           ReframeStore            *store,
                                           ReframeTemplateRegistry *registry);

G_END_DECLS
