/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan-steps.h: a safety plan's step as a group of rows, for the plan's window and
 * Get Help Now. */

#pragma once

#include <adwaita.h>

#include "reframe-safety-plan.h"

G_BEGIN_DECLS

GtkWidget           *reframe_plan_text_row_new (const char *text,
                                                const char *css_class);
AdwPreferencesGroup *reframe_plan_step_group_new (const ReframeSafetyPlanStep *step,
                                                  const char                  *title,
                                                  const char                  *description);

G_END_DECLS
