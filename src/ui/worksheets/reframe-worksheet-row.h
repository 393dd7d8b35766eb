/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-row.h: one worksheet in the list of the Worksheets page. */

#pragma once

#include <gtk/gtk.h>

#include "reframe-template-registry.h"
#include "reframe-worksheet.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_WORKSHEET_ROW (reframe_worksheet_row_get_type ())

G_DECLARE_FINAL_TYPE (ReframeWorksheetRow, reframe_worksheet_row, REFRAME, WORKSHEET_ROW, GtkBox)

GtkWidget        *reframe_worksheet_row_new (void);
ReframeWorksheet *reframe_worksheet_row_get_item (ReframeWorksheetRow *self);
void              reframe_worksheet_row_set_item (ReframeWorksheetRow *self,
                                                  ReframeWorksheet    *item);
void              reframe_worksheet_row_set_registry (ReframeWorksheetRow     *self,
                                                      ReframeTemplateRegistry *registry);

G_END_DECLS
