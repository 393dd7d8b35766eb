/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-pdf-private.h: calls between the PDF report's files: the blocks the content
 * makes (reframe-report-pdf-content.c: what the report says), the fast path for running text
 * (reframe-report-pdf-text.c), and the layout that places the blocks: one block measured and
 * drawn (reframe-report-pdf-blocks.c), the blocks placed on pages (reframe-report-pdf-layout.c),
 * a page drawn and the PDF written (reframe-report-pdf.c). */

#pragma once

#include <pango/pangocairo.h>

#include "reframe-pdf-private.h"
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

/* The layout: where each block lands (reframe-report-pdf.c, -blocks.c and -layout.c). */

#define MM                 (72.0 / 25.4)
#define MARGIN_SIDE        (22 * MM)
#define MARGIN_TOP         (20 * MM)
#define MARGIN_BOTTOM      (25 * MM) /* the footer sits in it */
#define FOOTER_FROM_BOTTOM (13 * MM)

/* One sans family for everything; fontconfig falls back for emoji and other scripts, and
 * for the whole text when Noto Sans is missing. (A list of families shapes 50% slower.) */
#define FONT_FAMILY "Noto Sans"

#define CHART_HEIGHT 210.0
#define FACT_PAD     4.5
#define FLAG_PAD     9.0
#define FLAG_BAR     4.0
#define RULE_GAP     4.0
#define BAR_HEIGHT   7.0
#define GUTTER       12.0
/* What a laid-out text costs in memory, about, per byte of its markup. */
#define LAYOUT_BYTES_PER_CHAR 48
/* The layouts kept between measuring and drawing a PDF (the rest is laid out again). */
#define LAYOUT_CACHE_BYTES (16 * 1024 * 1024)
/* Blocks measured in parallel: below this many, one thread does it. */
#define PARALLEL_MIN_BLOCKS 256
#define MAX_THREADS         4
/* Running text keeps at least this many lines together at either end of a page. */
#define MIN_LINES 2

#define TEXT_COLOR  0x1a1a1a
#define MUTED_COLOR 0x5c5c5c
#define RULE_COLOR  0xc8c8c8
#define FLAG_COLOR  0xa0001c
#define FLAG_FILL   0xfbeef0
#define BAR_COLOR   0x3d6fb0
#define BAR_TRACK   0xe4e8ee

typedef struct
{
  double      size;
  PangoWeight weight;
  guint32     color;
  double      before;
  double      after;
  double      line_spacing;
  gboolean    keep_with_next;
  gboolean    splits;
} KindStyle;

extern const KindStyle _reframe_pdf_kind_styles[];

/* Where one block (or, for running text, some of its lines) lands on a page. */
typedef struct
{
  guint  block;
  guint  first_line;
  guint  n_lines; /* 0: the whole block */
  double y;
} Placement;

typedef struct
{
  double top;
  double bottom;
} LineRange;

/* A block measured: its height, and the lines of running text. */
typedef struct
{
  guint        block;
  double       height;
  GArray      *lines;  /* of LineRange; NULL for blocks that keep together */
  PangoLayout *layout; /* kept for drawing, or NULL */
} Measure;

/* A thread's means of laying text out: its context, and the fast path for running text. */
typedef struct
{
  PangoContext   *context; /* borrowed */
  ReframePdfText *fast[2]; /* running text and notes, when plain */
  GArray         *lines;   /* scratch, of ReframePdfLine */
} Shaper;

struct _ReframeReportLayout
{
  /* Owned */
  ReframeReport *report;
  PangoFontMap  *font_map;
  PangoContext  *context;
  GArray        *blocks;     /* of ReframePdfBlock */
  GArray        *placements; /* of Placement, page after page */
  GArray        *pages;      /* of guint: each page's first placement */
  char          *footer;
  PangoLayout  **cache; /* by block: layouts kept from measuring, or NULL */
  gboolean      *fast;  /* by block: laid out by the fast path */
  Shaper         shaper;
  /* The block last drawn, kept for its next page: a long note is broken into lines or laid
   * out once, not again for every page it runs over. */
  GArray      *drawn_lines; /* of ReframePdfLine, of drawn_lines_block by the fast path */
  PangoLayout *drawn_layout;
  guint        drawn_lines_block; /* G_MAXUINT: none */
  guint        drawn_layout_block;

  ReframePaper paper;
  double       page_width;
  double       page_height;
  double       content_width;
};

/* Progress reported in steps of at least a percent, over [base, base + span]. */
typedef struct
{
  ReframeReportProgress func;
  gpointer              data;
  double                base;
  double                span;
  double                last;
} Progress;

/* reframe-report-pdf-blocks.c: one block measured, and drawn where it was placed */
void    _reframe_pdf_shaper_init (Shaper       *shaper,
                                  PangoContext *context);
void    _reframe_pdf_shaper_clear (Shaper *shaper);
Measure _reframe_pdf_measure_block (ReframeReportLayout *self,
                                    Shaper              *shaper,
                                    guint                index,
                                    gsize               *budget);
void    _reframe_pdf_measure_clear (Measure *measure);
void    _reframe_pdf_draw_placement (ReframeReportLayout *self,
                                     cairo_t             *cr,
                                     const Placement     *placement);
void    _reframe_pdf_draw_footer (ReframeReportLayout *self,
                                  cairo_t             *cr,
                                  guint                page);

/* reframe-report-pdf-layout.c: the blocks measured and placed on pages */
void                 _reframe_pdf_progress_report (Progress *progress,
                                                   double    fraction);
ReframeReportLayout *_reframe_report_layout_build (ReframeReport *report,
                                                   ReframePaper   paper,
                                                   PangoContext  *context,
                                                   gsize          cache_budget,
                                                   Progress      *progress,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* reframe-report-pdf-content.c: what the report says */
GArray *_reframe_report_pdf_build_blocks (ReframeReport *report);
char   *_reframe_report_pdf_dup_footer (ReframeReport *report);

G_END_DECLS
