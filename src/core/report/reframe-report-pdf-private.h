/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-pdf-private.h: the blocks the PDF layout places on pages, between the content
 * (reframe-report-pdf-content.c: what the report says) and the layout (reframe-report-pdf.c: where
 * it goes). */

#pragma once

#include "reframe-report-pdf.h"

G_BEGIN_DECLS

/*
 * What a block is decides its type style (reframe-report-pdf.c) and whether it may break
 * across pages: only running text does; headings keep with what follows them.
 */
typedef enum
{
  REFRAME_PDF_TITLE,      /* the report's title, first page */
  REFRAME_PDF_META,       /* the header's lines under the title */
  REFRAME_PDF_HEADING,    /* a section, with a rule under it */
  REFRAME_PDF_SUBHEADING, /* one entry, worksheet or questionnaire */
  REFRAME_PDF_QUESTION,   /* a worksheet's question, its answer follows as TEXT */
  REFRAME_PDF_TEXT,       /* running text: breaks across pages */
  REFRAME_PDF_NOTE,       /* small grey text: breaks across pages */
  REFRAME_PDF_FACT,       /* label | value, side by side (summary, questionnaire items) */
  REFRAME_PDF_FLAG,       /* a boxed warning a clinician must not miss */
  REFRAME_PDF_CHART,      /* the mood chart of the period */
  REFRAME_PDF_BAR,        /* label, progress bar, value (homework) */
  REFRAME_PDF_PAGE_BREAK,
} ReframePdfBlockKind;

typedef struct
{
  ReframePdfBlockKind kind;
  /* Owned */
  char *markup; /* Pango markup, or plain text when @plain; the label of a FACT or BAR */
  char *value;  /* FACT and BAR: the value's markup */
  /* FACT: the label's share of the width; BAR: done / expected */
  double   number;
  gboolean plain;    /* @markup is plain text: the person's own words, drawn as they are */
  gboolean borrowed; /* @markup belongs to the report (an entry's note), not to the block */
} ReframePdfBlock;

/* A line of running text: a byte range of its block's text. */
typedef struct
{
  gsize start;
  gsize end;
} ReframePdfLine;

typedef struct _ReframePdfText ReframePdfText;

ReframePdfText *_reframe_pdf_text_new (PangoContext *context,
                                       const char   *family,
                                       double        size,
                                       PangoWeight   weight,
                                       double        line_spacing);
void            _reframe_pdf_text_free (ReframePdfText *self);
double          _reframe_pdf_text_get_pitch (ReframePdfText *self);
gboolean        _reframe_pdf_text_break (ReframePdfText *self,
                                         const char     *text,
                                         double          width,
                                         GArray         *lines);
void            _reframe_pdf_text_draw_line (ReframePdfText       *self,
                                             cairo_t              *cr,
                                             const char           *text,
                                             const ReframePdfLine *line,
                                             double                x,
                                             double                top);

GArray *_reframe_report_pdf_build_blocks (ReframeReport *report);
char   *_reframe_report_pdf_dup_footer (ReframeReport *report);

G_END_DECLS
