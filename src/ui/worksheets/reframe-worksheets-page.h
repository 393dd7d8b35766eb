/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheets-page.h: the gallery of exercises and the worksheets filled in. */

#pragma once

#include <adwaita.h>

#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-worksheet.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_WORKSHEETS_PAGE (reframe_worksheets_page_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeWorksheetsPage, reframe_worksheets_page, REFRAME, WORKSHEETS_PAGE, AdwBin)

void       reframe_worksheets_page_set_store (ReframeWorksheetsPage   *self,
                                              ReframeStore            *store,
                                              ReframeTemplateRegistry *registry);
GtkWidget *reframe_worksheets_page_start (ReframeWorksheetsPage *self,
                                          const char            *template_id,
                                          const char            *assignment_uuid);
GtkWidget *reframe_worksheets_page_open_safety_plan (ReframeWorksheetsPage *self);
GtkWidget *reframe_worksheets_page_open (ReframeWorksheetsPage *self,
                                         ReframeWorksheet      *worksheet);
void       reframe_worksheets_page_reload (ReframeWorksheetsPage *self);
guint      reframe_worksheets_page_get_n_rows (ReframeWorksheetsPage *self);

G_END_DECLS
