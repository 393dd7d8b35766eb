/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-pdf.h: the report laid out on pages once, then drawn with cairo and pango on
 * demand: for the PDF file, for printing and for the share dialog's preview. */

#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "reframe-report.h"

G_BEGIN_DECLS

/**
 * ReframePaper:
 * @REFRAME_PAPER_A4: ISO A4, 210 × 297 mm
 * @REFRAME_PAPER_LETTER: US Letter, 8.5 × 11 in
 */
typedef enum
{
  REFRAME_PAPER_A4,
  REFRAME_PAPER_LETTER,
} ReframePaper;

typedef struct _ReframeReportLayout ReframeReportLayout;

ReframePaper reframe_report_paper_for_locale (void);
ReframePaper reframe_report_paper_for_locale_name (const char *locale);
void         reframe_report_paper_get_size (ReframePaper paper,
                                            double      *width,
                                            double      *height);

ReframeReportLayout *reframe_report_layout_new (ReframeReport *report,
                                                ReframePaper   paper,
                                                PangoContext  *context,
                                                GCancellable  *cancellable,
                                                GError       **error);
void                 reframe_report_layout_free (ReframeReportLayout *self);
ReframeReport       *reframe_report_layout_get_report (ReframeReportLayout *self);
ReframePaper         reframe_report_layout_get_paper (ReframeReportLayout *self);
guint                reframe_report_layout_get_n_pages (ReframeReportLayout *self);
void                 reframe_report_layout_get_page_size (ReframeReportLayout *self,
                                                          double              *width,
                                                          double              *height);
void                 reframe_report_layout_draw_page (ReframeReportLayout *self,
                                                      cairo_t             *cr,
                                                      guint                page,
                                                      double               scale);

gboolean reframe_report_write_pdf (ReframeReport        *report,
                                   ReframePaper          paper,
                                   GOutputStream        *out,
                                   ReframeReportProgress progress,
                                   gpointer              progress_data,
                                   GCancellable         *cancellable,
                                   GError              **error);
void     reframe_report_release_fonts (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeReportLayout, reframe_report_layout_free)

G_END_DECLS
