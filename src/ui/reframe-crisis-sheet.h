/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-sheet.h: the crisis lines, shown from local data whenever they are needed. */

#pragma once

#include <adwaita.h>

#include "reframe-safety-plan.h"
#include "reframe-toolbox-repository.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_CRISIS_SHEET (reframe_crisis_sheet_get_type ())

G_DECLARE_FINAL_TYPE (ReframeCrisisSheet, reframe_crisis_sheet, REFRAME, CRISIS_SHEET, AdwWindow)

GtkWidget  *reframe_crisis_sheet_new (GtkWindow *parent,
                                      GSettings *settings);
const char *reframe_crisis_sheet_get_country (ReframeCrisisSheet *self);
guint       reframe_crisis_sheet_get_n_lines (ReframeCrisisSheet *self);
void        reframe_crisis_sheet_set_plan (ReframeCrisisSheet *self,
                                           ReframeSafetyPlan  *plan);
void        reframe_crisis_sheet_set_toolbox (ReframeCrisisSheet       *self,
                                              ReframeToolboxRepository *toolbox);

G_END_DECLS
