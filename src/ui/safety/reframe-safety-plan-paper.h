/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan-paper.h: the safety plan saved as a PDF or printed, off the main thread. */

#pragma once

#include <gtk/gtk.h>

#include "reframe-safety-plan-pdf.h"

G_BEGIN_DECLS

void               reframe_safety_plan_paper_save_async (ReframeSafetyPlan      *plan,
                                                         GSettings              *settings,
                                                         ReframeSafetyPlanFormat format,
                                                         GFile                  *dest,
                                                         const char             *data_dir,
                                                         GCancellable           *cancellable,
                                                         GAsyncReadyCallback     callback,
                                                         gpointer                user_data);
gboolean           reframe_safety_plan_paper_save_finish (GAsyncResult *result,
                                                          GError      **error);
GtkPrintOperation *reframe_safety_plan_paper_print_operation_new (ReframeSafetyPlan      *plan,
                                                                  GSettings              *settings,
                                                                  ReframeSafetyPlanFormat format);

G_END_DECLS
