/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-pdf.c: the report's pages, laid out once and drawn on demand with cairo and pango.
 *
 * The layout measures every block once and keeps only where each lands: the page, the
 * height, and for running text the range of lines on the page. Drawing a page lays out its
 * few blocks again. So memory grows with the number of blocks, not with what the pages
 * draw, and the same drawing serves the PDF file, GtkPrintOperation's draw-page and the
 * share dialog's preview at any scale. Units are PostScript points; text is laid out at
 * 72 dpi without hinting, so a page looks the same at every scale. */

#define G_LOG_DOMAIN "ReframeReportPdf"

#include "config.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include "reframe-i18n.h"
#include <langinfo.h> /* _NL_PAPER_WIDTH: glibc, with _GNU_SOURCE (meson sets it) */
#include <locale.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "reframe-chart-private.h"
#include "reframe-report-pdf-private.h"
#include "reframe-l10n.h"

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

static const KindStyle kind_styles[] = {
  [REFRAME_PDF_TITLE] = { 20, PANGO_WEIGHT_BOLD, TEXT_COLOR, 0, 6, 0, TRUE, FALSE },
  [REFRAME_PDF_META] = { 10.5, PANGO_WEIGHT_NORMAL, 0x3d3d3d, 0, 3, 0, TRUE, FALSE },
  [REFRAME_PDF_HEADING] = { 13.5, PANGO_WEIGHT_BOLD, TEXT_COLOR, 22, 8, 0, TRUE, FALSE },
  [REFRAME_PDF_SUBHEADING] = { 10.5, PANGO_WEIGHT_BOLD, TEXT_COLOR, 14, 3, 0, TRUE, FALSE },
  [REFRAME_PDF_QUESTION] = { 9, PANGO_WEIGHT_SEMIBOLD, 0x4d4d4d, 7, 1.5, 1.15, TRUE, FALSE },
  [REFRAME_PDF_TEXT] = { 10, PANGO_WEIGHT_NORMAL, TEXT_COLOR, 0, 2, 1.3, FALSE, TRUE },
  [REFRAME_PDF_NOTE] = { 8.5, PANGO_WEIGHT_NORMAL, MUTED_COLOR, 3, 2, 1.2, FALSE, TRUE },
  [REFRAME_PDF_FACT] = { 10, PANGO_WEIGHT_NORMAL, TEXT_COLOR, 0, 0, 1.15, FALSE, FALSE },
  [REFRAME_PDF_FLAG] = { 10, PANGO_WEIGHT_NORMAL, FLAG_COLOR, 10, 8, 1.25, FALSE, FALSE },
  [REFRAME_PDF_CHART] = { 8.5, PANGO_WEIGHT_NORMAL, TEXT_COLOR, 4, 6, 0, FALSE, FALSE },
  [REFRAME_PDF_BAR] = { 10, PANGO_WEIGHT_NORMAL, TEXT_COLOR, 0, 0, 1.15, FALSE, FALSE },
  [REFRAME_PDF_PAGE_BREAK] = { 0 },
};

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

static void
progress_report (Progress *progress,
                 double    fraction)
{
  double value = progress->base + progress->span * CLAMP (fraction, 0.0, 1.0);

  if (progress->func == NULL || (value - progress->last < 0.01 && fraction < 1.0))
    return;
  progress->last = value;
  progress->func (value, progress->data);
}

static void
set_source_color (cairo_t *cr,
                  guint32  color)
{
  cairo_set_source_rgb (
      cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0, (color & 0xff) / 255.0);
}

static PangoLayout *
make_layout (PangoContext *context,
             const char   *markup,
             gboolean      plain,
             double        size,
             PangoWeight   weight,
             double        line_spacing,
             double        width)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr (PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family_static (font, FONT_FAMILY);
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  /* Long words and URLs break anywhere rather than run off the page. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (line_spacing > 0)
    pango_layout_set_line_spacing (layout, line_spacing);
  if (plain)
    pango_layout_set_text (layout, markup, -1);
  else
    pango_layout_set_markup (layout, markup != NULL ? markup : "", -1);
  return layout;
}

static PangoLayout *
make_kind_layout (PangoContext       *context,
                  ReframePdfBlockKind kind,
                  const char         *markup,
                  gboolean            plain,
                  double              width)
{
  const KindStyle *style = &kind_styles[kind];

  return make_layout (
      context, markup, plain, style->size, style->weight, style->line_spacing, width);
}

static double
layout_height (PangoLayout *layout)
{
  int height = 0;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/* The two columns of a fact or a bar: the label's width and the value's. */
static void
get_columns (ReframeReportLayout   *self,
             const ReframePdfBlock *block,
             double                *label_width,
             double                *value_width)
{
  if (block->kind == REFRAME_PDF_BAR)
    {
      *label_width = self->content_width * 0.5 - GUTTER;
      *value_width = self->content_width * 0.2;
      return;
    }
  *label_width = self->content_width * block->number - GUTTER;
  *value_width = self->content_width * (1 - block->number);
}

static double
measure_columns (ReframeReportLayout   *self,
                 PangoContext          *context,
                 const ReframePdfBlock *block)
{
  double label_width, value_width;
  g_autoptr (PangoLayout) label = NULL;
  g_autoptr (PangoLayout) value = NULL;

  get_columns (self, block, &label_width, &value_width);
  label = make_layout (context,
                       block->markup,
                       FALSE,
                       block->kind == REFRAME_PDF_FACT ? 9.5 : 10,
                       PANGO_WEIGHT_NORMAL,
                       1.15,
                       label_width);
  value = make_kind_layout (context, block->kind, block->value, FALSE, value_width);
  return MAX (layout_height (label), layout_height (value)) + 2 * FACT_PAD;
}

static void
measure_lines (PangoLayout *layout,
               Measure     *measure)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  measure->lines = g_array_new (FALSE, FALSE, sizeof (LineRange));
  do
    {
      int       top, bottom;
      LineRange range;

      pango_layout_iter_get_line_yrange (iter, &top, &bottom);
      range = (LineRange){ (double) top / PANGO_SCALE, (double) bottom / PANGO_SCALE };
      g_array_append_val (measure->lines, range);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
shaper_init (Shaper       *shaper,
             PangoContext *context)
{
  const ReframePdfBlockKind kinds[] = { REFRAME_PDF_TEXT, REFRAME_PDF_NOTE };

  shaper->context = context;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const KindStyle *style = &kind_styles[kinds[i]];

      shaper->fast[i] = _reframe_pdf_text_new (
          context, FONT_FAMILY, style->size, style->weight, style->line_spacing);
    }
  shaper->lines = g_array_new (FALSE, FALSE, sizeof (ReframePdfLine));
}

static void
shaper_clear (Shaper *shaper)
{
  g_clear_pointer (&shaper->fast[0], _reframe_pdf_text_free);
  g_clear_pointer (&shaper->fast[1], _reframe_pdf_text_free);
  g_clear_pointer (&shaper->lines, g_array_unref);
}

static ReframePdfText *
shaper_get_fast (Shaper                *shaper,
                 const ReframePdfBlock *block)
{
  if (!block->plain)
    return NULL;
  if (block->kind == REFRAME_PDF_TEXT)
    return shaper->fast[0];
  if (block->kind == REFRAME_PDF_NOTE)
    return shaper->fast[1];
  return NULL;
}

/* Running text on the fast path: its lines at a fixed pitch. */
static gboolean
measure_fast (Shaper                *shaper,
              const ReframePdfBlock *block,
              double                 width,
              Measure               *measure)
{
  ReframePdfText *fast = shaper_get_fast (shaper, block);
  double          pitch;

  if (fast == NULL || !_reframe_pdf_text_break (fast, block->markup, width, shaper->lines))
    return FALSE;
  pitch = _reframe_pdf_text_get_pitch (fast);
  measure->lines = g_array_sized_new (FALSE, FALSE, sizeof (LineRange), shaper->lines->len);
  for (guint i = 0; i < shaper->lines->len; i++)
    {
      LineRange range = { i * pitch, (i + 1) * pitch };

      g_array_append_val (measure->lines, range);
    }
  measure->height = shaper->lines->len * pitch;
  return TRUE;
}

/* The width a block's text is laid out at. */
static double
get_text_width (ReframeReportLayout *self,
                ReframePdfBlockKind  kind)
{
  return kind == REFRAME_PDF_FLAG ? self->content_width - 2 * FLAG_PAD - FLAG_BAR
                                  : self->content_width;
}

/*
 * Measures one block in @context. Its layout is kept for drawing while @budget (bytes)
 * lasts, so that writing a PDF of a year lays its text out once, and memory stays bounded
 * for ten.
 */
static Measure
measure_block (ReframeReportLayout *self,
               Shaper              *shaper,
               guint                index,
               gsize               *budget)
{
  PangoContext          *context = shaper->context;
  const ReframePdfBlock *block = &g_array_index (self->blocks, ReframePdfBlock, index);
  Measure                measure = { index, 0, NULL, NULL };
  g_autoptr (PangoLayout) layout = NULL;
  gsize cost;

  switch (block->kind)
    {
    case REFRAME_PDF_PAGE_BREAK:
      return measure;
    case REFRAME_PDF_CHART:
      measure.height = CHART_HEIGHT;
      return measure;
    case REFRAME_PDF_FACT:
    case REFRAME_PDF_BAR:
      measure.height = measure_columns (self, context, block);
      return measure;
    case REFRAME_PDF_FLAG:
    case REFRAME_PDF_TITLE:
    case REFRAME_PDF_META:
    case REFRAME_PDF_HEADING:
    case REFRAME_PDF_SUBHEADING:
    case REFRAME_PDF_QUESTION:
    case REFRAME_PDF_TEXT:
    case REFRAME_PDF_NOTE:
    default:
      break;
    }

  if (measure_fast (shaper, block, get_text_width (self, block->kind), &measure))
    {
      self->fast[index] = TRUE;
      return measure;
    }
  layout = make_kind_layout (
      context, block->kind, block->markup, block->plain, get_text_width (self, block->kind));
  measure.height = layout_height (layout);
  if (block->kind == REFRAME_PDF_FLAG)
    measure.height += 2 * FLAG_PAD;
  if (block->kind == REFRAME_PDF_HEADING)
    measure.height += RULE_GAP;
  if (kind_styles[block->kind].splits)
    measure_lines (layout, &measure);
  cost = LAYOUT_BYTES_PER_CHAR * strlen (block->markup);
  if (cost <= *budget)
    {
      *budget -= cost;
      measure.layout = g_steal_pointer (&layout);
    }
  return measure;
}

static void
measure_clear (Measure *measure)
{
  g_clear_pointer (&measure->lines, g_array_unref);
  g_clear_object (&measure->layout);
}

/* What must fit after a heading for it to stay on this page: the next block, or its first lines. */
static double
measure_min_height (const Measure *measure)
{
  if (measure->lines == NULL || measure->lines->len == 0)
    return measure->height;
  return g_array_index (measure->lines, LineRange, MIN (MIN_LINES, measure->lines->len) - 1).bottom;
}

static ReframePdfBlockKind
block_kind (ReframeReportLayout *self,
            guint                index)
{
  return g_array_index (self->blocks, ReframePdfBlock, index).kind;
}

static void
start_page (ReframeReportLayout *self)
{
  guint first = self->placements->len;

  g_array_append_val (self->pages, first);
}

static void
place (ReframeReportLayout *self,
       guint                block,
       guint                first_line,
       guint                n_lines,
       double               y)
{
  Placement placement = { block, first_line, n_lines, y };

  g_array_append_val (self->placements, placement);
}

/* The state of the pagination: where the next block goes. */
typedef struct
{
  double top;
  double bottom;
  double y;
} Cursor;

static void
cursor_new_page (ReframeReportLayout *self,
                 Cursor              *cursor)
{
  start_page (self);
  cursor->y = cursor->top;
}

/* Places running text line by line, keeping MIN_LINES together at both ends of a page. */
static void
place_lines (ReframeReportLayout *self,
             const Measure       *measure,
             Cursor              *cursor)
{
  GArray *lines = measure->lines;
  guint   first = 0;

  while (first < lines->len)
    {
      double top = g_array_index (lines, LineRange, first).top;
      guint  fit = 0, left;

      while (first + fit < lines->len &&
             g_array_index (lines, LineRange, first + fit).bottom - top <=
                 cursor->bottom - cursor->y)
        fit++;
      left = lines->len - first - fit;
      if (left == 0)
        {
          place (self, measure->block, first, fit, cursor->y);
          cursor->y += g_array_index (lines, LineRange, lines->len - 1).bottom - top;
          return;
        }
      if (fit < MIN_LINES && cursor->y > cursor->top)
        {
          cursor_new_page (self, cursor);
          continue;
        }
      if (left < MIN_LINES && fit >= 2 * MIN_LINES - left)
        fit -= MIN_LINES - left;
      fit = MAX (fit, 1);
      place (self, measure->block, first, fit, cursor->y);
      first += fit;
      cursor_new_page (self, cursor);
    }
}

static void
place_block (ReframeReportLayout *self,
             const Measure       *measure,
             const Measure       *next,
             Cursor              *cursor)
{
  const KindStyle *style = &kind_styles[block_kind (self, measure->block)];
  double           before = cursor->y > cursor->top ? style->before : 0;

  if (style->splits && measure->lines != NULL)
    {
      double need = before + measure_min_height (measure);

      if (cursor->y + need > cursor->bottom && cursor->y > cursor->top)
        cursor_new_page (self, cursor);
      else
        cursor->y += before;
      place_lines (self, measure, cursor);
    }
  else
    {
      double need = before + measure->height;

      if (next != NULL)
        need += kind_styles[block_kind (self, next->block)].before + measure_min_height (next);
      if (cursor->y + need > cursor->bottom && cursor->y > cursor->top)
        {
          cursor_new_page (self, cursor);
          before = 0;
        }
      place (self, measure->block, 0, 0, cursor->y + before);
      cursor->y += before + measure->height;
    }
  cursor->y += style->after;
}

/* Lays out for print: 72 dpi, no hinting, so that pages look the same at every scale. */
static PangoContext *
create_context (PangoFontMap *font_map)
{
  PangoContext         *context = pango_font_map_create_context (font_map);
  cairo_font_options_t *options = cairo_font_options_create ();

  pango_cairo_context_set_resolution (context, 72);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (context, FALSE);
  return context;
}

/* One thread's share of the measuring: blocks [first, end), in a context of its own. */
typedef struct
{
  ReframeReportLayout *self;
  PangoContext        *context;
  Shaper               shaper;
  Measure             *measures;
  guint                first;
  guint                end;
  gsize                budget;
  GCancellable        *cancellable;
  int                 *n_measured;
  int                  done;
} MeasureJob;

static gpointer
measure_job_run (gpointer data)
{
  MeasureJob *job = data;

  for (guint i = job->first; i < job->end; i++)
    {
      if (i % 16 == 0 && g_cancellable_is_cancelled (job->cancellable))
        break;
      job->measures[i] = measure_block (job->self, &job->shaper, i, &job->budget);
      g_atomic_int_inc (job->n_measured);
    }
  g_atomic_int_set (&job->done, 1);
  return NULL;
}

/*
 * Measures every block, on up to MAX_THREADS threads: shaping text is most of the time a
 * PDF takes. Each thread has its own font map (Pango objects are not shared between
 * threads); the layouts they keep are drawn only after they are joined.
 */
static Measure *
measure_all (ReframeReportLayout *self,
             gsize                budget,
             Progress            *progress,
             GCancellable        *cancellable)
{
  guint      n = self->blocks->len;
  guint      n_jobs = n >= PARALLEL_MIN_BLOCKS ? CLAMP (g_get_num_processors (), 1, MAX_THREADS) : 1;
  Measure   *measures = g_new0 (Measure, MAX (n, 1));
  MeasureJob jobs[MAX_THREADS] = { { 0 } };
  GThread   *threads[MAX_THREADS] = { NULL };
  int        n_measured = 0;

  for (guint j = 0; j < n_jobs; j++)
    {
      g_autoptr (PangoFontMap) font_map = j == 0 ? NULL : pango_cairo_font_map_new ();

      jobs[j] = (MeasureJob){ self,
                              j == 0 ? g_object_ref (self->context) : create_context (font_map),
                              { 0 },
                              measures,
                              n * j / n_jobs,
                              n * (j + 1) / n_jobs,
                              budget / n_jobs,
                              cancellable,
                              &n_measured,
                              0 };
      if (j == 0)
        jobs[j].shaper = self->shaper;
      else
        shaper_init (&jobs[j].shaper, jobs[j].context);
      if (j > 0)
        threads[j] = g_thread_new ("report-layout", measure_job_run, &jobs[j]);
    }
  /* The calling thread measures the first share, and tells how far all have got. */
  for (guint i = 0, end = jobs[0].end; i < end && !g_cancellable_is_cancelled (cancellable);
       i += 32)
    {
      jobs[0].first = i;
      jobs[0].end = MIN (i + 32, end);
      measure_job_run (&jobs[0]);
      progress_report (progress, (double) g_atomic_int_get (&n_measured) / n);
    }
  for (guint j = 1; j < n_jobs; j++)
    {
      while (!g_atomic_int_get (&jobs[j].done))
        {
          progress_report (progress, (double) g_atomic_int_get (&n_measured) / n);
          g_usleep (2000);
        }
      g_thread_join (threads[j]);
    }
  for (guint j = 0; j < n_jobs; j++)
    {
      if (j > 0)
        shaper_clear (&jobs[j].shaper);
      g_object_unref (jobs[j].context);
    }
  return measures;
}

static void
free_measures (Measure *measures,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    measure_clear (&measures[i]);
  g_free (measures);
}

static gboolean
paginate (ReframeReportLayout *self,
          Measure             *measures)
{
  Cursor cursor = { MARGIN_TOP, self->page_height - MARGIN_BOTTOM, MARGIN_TOP };

  start_page (self);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      gboolean keep_with_next;

      if (block_kind (self, i) == REFRAME_PDF_PAGE_BREAK)
        {
          if (cursor.y > cursor.top)
            cursor_new_page (self, &cursor);
          continue;
        }
      keep_with_next = kind_styles[block_kind (self, i)].keep_with_next &&
                       i + 1 < self->blocks->len &&
                       block_kind (self, i + 1) != REFRAME_PDF_PAGE_BREAK;
      place_block (self, &measures[i], keep_with_next ? &measures[i + 1] : NULL, &cursor);
      /* Keep the layout for drawing; the line ranges are done with. */
      if (self->cache != NULL)
        self->cache[i] = g_steal_pointer (&measures[i].layout);
    }
  return TRUE;
}

static gboolean
lay_out (ReframeReportLayout *self,
         gsize                budget,
         Progress            *progress,
         GCancellable        *cancellable,
         GError             **error)
{
  Measure *measures = measure_all (self, budget, progress, cancellable);
  gboolean done = !g_cancellable_set_error_if_cancelled (cancellable, error);

  if (done)
    {
      if (budget > 0)
        self->cache = g_new0 (PangoLayout *, MAX (self->blocks->len, 1));
      paginate (self, measures);
    }
  free_measures (measures, self->blocks->len);
  progress_report (progress, 1.0);
  return done;
}

static ReframeReportLayout *
layout_build (ReframeReport *report,
              ReframePaper   paper,
              PangoContext  *context,
              gsize          cache_budget,
              Progress      *progress,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr (ReframeL10nScope) scope =
      reframe_l10n_scope_enter (reframe_report_get_language (report));
  g_autoptr (ReframeReportLayout) self = g_new0 (ReframeReportLayout, 1);

  self->report = reframe_report_ref (report);
  self->paper = paper;
  reframe_report_paper_get_size (paper, &self->page_width, &self->page_height);
  self->content_width = self->page_width - 2 * MARGIN_SIDE;

  /* A font map of its own: the layout may be made in a worker thread and drawn in another. */
  self->font_map = context != NULL ? g_object_ref (pango_context_get_font_map (context))
                                   : pango_cairo_font_map_new ();
  self->context = create_context (self->font_map);
  shaper_init (&self->shaper, self->context);
  self->blocks = _reframe_report_pdf_build_blocks (report);
  self->fast = g_new0 (gboolean, MAX (self->blocks->len, 1));
  self->footer = _reframe_report_pdf_dup_footer (report);
  self->placements = g_array_new (FALSE, FALSE, sizeof (Placement));
  self->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  self->drawn_lines = g_array_new (FALSE, FALSE, sizeof (ReframePdfLine));
  self->drawn_lines_block = self->drawn_layout_block = G_MAXUINT;
  if (!lay_out (self, cache_budget, progress, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* A block's text layout: the one kept from measuring, else laid out again. */
static PangoLayout *
get_block_layout (ReframeReportLayout *self,
                  guint                index)
{
  const ReframePdfBlock *block = &g_array_index (self->blocks, ReframePdfBlock, index);

  if (self->cache != NULL && self->cache[index] != NULL)
    return g_object_ref (self->cache[index]);
  if (self->drawn_layout_block != index)
    {
      g_clear_object (&self->drawn_layout);
      self->drawn_layout = make_kind_layout (self->context,
                                             block->kind,
                                             block->markup,
                                             block->plain,
                                             get_text_width (self, block->kind));
      self->drawn_layout_block = index;
    }
  return g_object_ref (self->drawn_layout);
}

/* Once the last of a block is drawn, its kept layout goes: memory falls as pages are written. */
static void
release_block_layout (ReframeReportLayout *self,
                      const Placement     *placement,
                      PangoLayout         *layout)
{
  if (self->cache == NULL || self->cache[placement->block] == NULL)
    return;
  if (placement->n_lines == 0 ||
      placement->first_line + placement->n_lines >= (guint) pango_layout_get_line_count (layout))
    g_clear_object (&self->cache[placement->block]);
}

static void
draw_layout_lines (cairo_t         *cr,
                   PangoLayout     *layout,
                   const Placement *placement,
                   double           x)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  guint            index = 0;
  double           first_top = 0;

  do
    {
      int            top, bottom;
      PangoRectangle logical;

      if (index < placement->first_line)
        continue;
      if (index >= placement->first_line + placement->n_lines)
        break;
      pango_layout_iter_get_line_yrange (iter, &top, &bottom);
      if (index == placement->first_line)
        first_top = (double) top / PANGO_SCALE;
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      cairo_move_to (cr,
                     x + (double) logical.x / PANGO_SCALE,
                     placement->y + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE -
                         first_top);
      pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
    }
  while (++index, pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

/* Running text laid out by the fast path: broken again the same way, drawn line by line. */
static gboolean
draw_fast_text (ReframeReportLayout   *self,
                cairo_t               *cr,
                const ReframePdfBlock *block,
                const Placement       *placement)
{
  ReframePdfText *fast = shaper_get_fast (&self->shaper, block);
  GArray         *lines = self->drawn_lines;
  guint           first = placement->first_line, end;
  double          pitch;

  if (!self->fast[placement->block] || fast == NULL)
    return FALSE;
  if (self->drawn_lines_block != placement->block)
    {
      self->drawn_lines_block = G_MAXUINT;
      if (!_reframe_pdf_text_break (fast, block->markup, get_text_width (self, block->kind), lines))
        return FALSE;
      self->drawn_lines_block = placement->block;
    }
  pitch = _reframe_pdf_text_get_pitch (fast);
  end = placement->n_lines > 0 ? MIN (first + placement->n_lines, lines->len) : lines->len;
  set_source_color (cr, kind_styles[block->kind].color);
  for (guint i = first; i < end; i++)
    _reframe_pdf_text_draw_line (fast,
                                 cr,
                                 block->markup,
                                 &g_array_index (lines, ReframePdfLine, i),
                                 MARGIN_SIDE,
                                 placement->y + (i - first) * pitch);
  return TRUE;
}

static void
draw_text (ReframeReportLayout   *self,
           cairo_t               *cr,
           const ReframePdfBlock *block,
           const Placement       *placement)
{
  g_autoptr (PangoLayout) layout = NULL;

  if (draw_fast_text (self, cr, block, placement))
    return;
  layout = get_block_layout (self, placement->block);

  set_source_color (cr, kind_styles[block->kind].color);
  release_block_layout (self, placement, layout);
  if (placement->n_lines > 0)
    {
      draw_layout_lines (cr, layout, placement, MARGIN_SIDE);
      return;
    }
  cairo_move_to (cr, MARGIN_SIDE, placement->y);
  pango_cairo_show_layout (cr, layout);
  if (block->kind == REFRAME_PDF_HEADING)
    {
      double y = placement->y + layout_height (layout) + RULE_GAP / 2;

      set_source_color (cr, RULE_COLOR);
      cairo_set_line_width (cr, 0.75);
      cairo_move_to (cr, MARGIN_SIDE, y);
      cairo_line_to (cr, self->page_width - MARGIN_SIDE, y);
      cairo_stroke (cr);
    }
}

static void
draw_bar (cairo_t *cr,
          double   x,
          double   y,
          double   width,
          double   fraction)
{
  set_source_color (cr, BAR_TRACK);
  cairo_rectangle (cr, x, y, width, BAR_HEIGHT);
  cairo_fill (cr);
  set_source_color (cr, BAR_COLOR);
  cairo_rectangle (cr, x, y, width * CLAMP (fraction, 0, 1), BAR_HEIGHT);
  cairo_fill (cr);
}

/* A fact (label | value) or a bar (label, bar, value), with a hairline under the row. */
static void
draw_columns (ReframeReportLayout   *self,
              cairo_t               *cr,
              const ReframePdfBlock *block,
              const Placement       *placement)
{
  double label_width, value_width, height;
  g_autoptr (PangoLayout) label = NULL;
  g_autoptr (PangoLayout) value = NULL;

  get_columns (self, block, &label_width, &value_width);
  label = make_layout (self->context,
                       block->markup,
                       FALSE,
                       block->kind == REFRAME_PDF_FACT ? 9.5 : 10,
                       PANGO_WEIGHT_NORMAL,
                       1.15,
                       label_width);
  value = make_kind_layout (self->context, block->kind, block->value, FALSE, value_width);
  height = MAX (layout_height (label), layout_height (value)) + 2 * FACT_PAD;

  set_source_color (cr, block->kind == REFRAME_PDF_FACT ? 0x4d4d4d : TEXT_COLOR);
  cairo_move_to (cr, MARGIN_SIDE, placement->y + FACT_PAD);
  pango_cairo_show_layout (cr, label);
  set_source_color (cr, TEXT_COLOR);
  cairo_move_to (cr, self->page_width - MARGIN_SIDE - value_width, placement->y + FACT_PAD);
  pango_cairo_show_layout (cr, value);
  if (block->kind == REFRAME_PDF_BAR)
    draw_bar (cr,
              MARGIN_SIDE + label_width + GUTTER,
              placement->y + FACT_PAD + 4,
              self->content_width * 0.3 - GUTTER,
              block->number);

  set_source_color (cr, 0xe2e2e2);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN_SIDE, placement->y + height - 0.25);
  cairo_line_to (cr, self->page_width - MARGIN_SIDE, placement->y + height - 0.25);
  cairo_stroke (cr);
}

/* The flag a clinician must not miss: a box with a thick bar, not only a colour. */
static void
draw_flag (ReframeReportLayout   *self,
           cairo_t               *cr,
           const ReframePdfBlock *block,
           const Placement       *placement)
{
  g_autoptr (PangoLayout) layout = get_block_layout (self, placement->block);
  double height = layout_height (layout) + 2 * FLAG_PAD;

  release_block_layout (self, placement, layout);

  set_source_color (cr, FLAG_FILL);
  cairo_rectangle (cr, MARGIN_SIDE, placement->y, self->content_width, height);
  cairo_fill (cr);
  set_source_color (cr, FLAG_COLOR);
  cairo_rectangle (cr, MARGIN_SIDE, placement->y, FLAG_BAR, height);
  cairo_fill (cr);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, MARGIN_SIDE + 0.5, placement->y + 0.5, self->content_width - 1, height - 1);
  cairo_stroke (cr);
  cairo_move_to (cr, MARGIN_SIDE + FLAG_BAR + FLAG_PAD, placement->y + FLAG_PAD);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_chart (ReframeReportLayout *self,
            cairo_t             *cr,
            const Placement     *placement)
{
  ReframeInsights        *insights = reframe_report_get_insights (self->report);
  const ReframeChartStyle style = { FALSE, 0.72, FONT_FAMILY };

  if (insights == NULL)
    return;
  cairo_save (cr);
  cairo_translate (cr, MARGIN_SIDE, placement->y);
  _reframe_chart_draw_mood_line_with_font_map (
      cr, self->font_map, self->content_width, CHART_HEIGHT, insights, &style);
  cairo_restore (cr);
}

static void
draw_placement (ReframeReportLayout *self,
                cairo_t             *cr,
                const Placement     *placement)
{
  const ReframePdfBlock *block = &g_array_index (self->blocks, ReframePdfBlock, placement->block);

  switch (block->kind)
    {
    case REFRAME_PDF_PAGE_BREAK:
      break;
    case REFRAME_PDF_CHART:
      draw_chart (self, cr, placement);
      break;
    case REFRAME_PDF_FACT:
    case REFRAME_PDF_BAR:
      draw_columns (self, cr, block, placement);
      break;
    case REFRAME_PDF_FLAG:
      draw_flag (self, cr, block, placement);
      break;
    case REFRAME_PDF_TITLE:
    case REFRAME_PDF_META:
    case REFRAME_PDF_HEADING:
    case REFRAME_PDF_SUBHEADING:
    case REFRAME_PDF_QUESTION:
    case REFRAME_PDF_TEXT:
    case REFRAME_PDF_NOTE:
    default:
      draw_text (self, cr, block, placement);
      break;
    }
}

static void
draw_footer (ReframeReportLayout *self,
             cairo_t             *cr,
             guint                page)
{
  double y = self->page_height - FOOTER_FROM_BOTTOM;
  /* Translators: the page number at the foot of each page of the report */
  g_autofree char *number = g_strdup_printf (_ ("Page %u of %u"), page + 1, self->pages->len);
  g_autoptr (PangoLayout) left = make_layout (
      self->context, self->footer, FALSE, 8, PANGO_WEIGHT_NORMAL, 0, self->content_width * 0.72);
  g_autoptr (PangoLayout) right = make_layout (
      self->context, number, TRUE, 8, PANGO_WEIGHT_NORMAL, 0, self->content_width * 0.28);

  set_source_color (cr, RULE_COLOR);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN_SIDE, y - 5);
  cairo_line_to (cr, self->page_width - MARGIN_SIDE, y - 5);
  cairo_stroke (cr);

  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
  set_source_color (cr, MUTED_COLOR);
  cairo_move_to (cr, MARGIN_SIDE, y);
  pango_cairo_show_layout (cr, left);
  cairo_move_to (cr, self->page_width - MARGIN_SIDE - self->content_width * 0.28, y);
  pango_cairo_show_layout (cr, right);
}

static void
get_page_range (ReframeReportLayout *self,
                guint                page,
                guint               *first,
                guint               *end)
{
  *first = g_array_index (self->pages, guint, page);
  *end = page + 1 < self->pages->len ? g_array_index (self->pages, guint, page + 1)
                                     : self->placements->len;
}

/**
 * reframe_report_layout_new:
 * @report: the report to lay out
 * @paper: the paper size
 * @context: (nullable): a context whose font map to use; %NULL for a font map of the layout's own
 *   (needed when the layout is made in one thread and drawn in another)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for %G_IO_ERROR_CANCELLED
 *
 * Lays the report out on pages. It keeps where each block lands, not the drawing, so
 * pages can be drawn in any order and at any scale with reframe_report_layout_draw_page().
 * The layout is used by one thread at a time.
 *
 * Returns: (transfer full) (nullable): the layout, or %NULL when cancelled
 */
ReframeReportLayout *
reframe_report_layout_new (ReframeReport *report,
                           ReframePaper   paper,
                           PangoContext  *context,
                           GCancellable  *cancellable,
                           GError       **error)
{
  Progress progress = { NULL };

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (context == NULL || PANGO_IS_CONTEXT (context), NULL);

  return layout_build (report, paper, context, 0, &progress, cancellable, error);
}

void
reframe_report_layout_free (ReframeReportLayout *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; self->cache != NULL && i < self->blocks->len; i++)
    g_clear_object (&self->cache[i]);
  g_clear_pointer (&self->cache, g_free);
  g_clear_pointer (&self->fast, g_free);
  g_clear_pointer (&self->drawn_lines, g_array_unref);
  g_clear_object (&self->drawn_layout);
  shaper_clear (&self->shaper);
  g_clear_pointer (&self->report, reframe_report_unref);
  g_clear_object (&self->context);
  g_clear_object (&self->font_map);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->placements, g_array_unref);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->footer, g_free);
  g_free (self);
}

/**
 * reframe_report_layout_get_report:
 *
 * Returns: (transfer none): the report laid out
 */
ReframeReport *
reframe_report_layout_get_report (ReframeReportLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->report;
}

ReframePaper
reframe_report_layout_get_paper (ReframeReportLayout *self)
{
  g_return_val_if_fail (self != NULL, REFRAME_PAPER_A4);
  return self->paper;
}

guint
reframe_report_layout_get_n_pages (ReframeReportLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pages->len;
}

/**
 * reframe_report_layout_get_page_size:
 * @width: (out): the page's width in points
 * @height: (out): the page's height in points
 */
void
reframe_report_layout_get_page_size (ReframeReportLayout *self,
                                     double              *width,
                                     double              *height)
{
  g_return_if_fail (self != NULL);
  if (width != NULL)
    *width = self->page_width;
  if (height != NULL)
    *height = self->page_height;
}

/**
 * reframe_report_layout_draw_page:
 * @cr: where to draw: the page's top left corner at (0, 0), in points times @scale
 * @page: the page, from 0
 * @scale: 1.0 for a PDF page or a print context in points; smaller for a preview
 *
 * Draws one page on white paper, its footer and page number included.
 */
void
reframe_report_layout_draw_page (ReframeReportLayout *self,
                                 cairo_t             *cr,
                                 guint                page,
                                 double               scale)
{
  g_autoptr (ReframeL10nScope) scope = NULL;
  guint first, end;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->pages->len);

  scope = reframe_l10n_scope_enter (reframe_report_get_language (self->report));

  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, self->page_width, self->page_height);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  get_page_range (self, page, &first, &end);
  for (guint i = first; i < end; i++)
    draw_placement (self, cr, &g_array_index (self->placements, Placement, i));
  draw_footer (self, cr, page);
  cairo_restore (cr);
}

/* The PDF's bookmarks: one per section, to jump to in a viewer. */
static void
add_outline (ReframeReportLayout *self,
             cairo_surface_t     *surface,
             guint                page)
{
  guint first, end;

  get_page_range (self, page, &first, &end);
  for (guint i = first; i < end; i++)
    {
      const Placement       *placement = &g_array_index (self->placements, Placement, i);
      const ReframePdfBlock *block =
          &g_array_index (self->blocks, ReframePdfBlock, placement->block);
      g_autofree char *text = NULL;
      g_autofree char *link = NULL;

      if (block->kind != REFRAME_PDF_HEADING)
        continue;
      if (block->plain)
        text = g_strdup (block->markup);
      else if (!pango_parse_markup (block->markup, -1, 0, NULL, &text, NULL, NULL))
        continue;
      link =
          g_strdup_printf ("page=%u pos=[%d %d]", page + 1, (int) MARGIN_SIDE, (int) placement->y);
      cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, text, link, 0);
    }
}

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;
} PdfWriter;

/*
 * Cairo 1.16 is never told that a write failed: after a write error its PDF surface
 * finishes the document with objects it never wrote, and with bookmarks in it
 * cairo_surface_finish() reads freed or unset memory and crashes (a full disk on the
 * first write is enough). So the first error (a full disk, a cancel) is kept here, the
 * rest of the document is dropped, and reframe_report_write_pdf() reports the error.
 * Drawing stops at the first error, so little is made only to be dropped.
 */
static cairo_status_t
pdf_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  PdfWriter *writer = closure;

  if (writer->error == NULL)
    g_output_stream_write_all (
        writer->out, data, length, NULL, writer->cancellable, &writer->error);
  return CAIRO_STATUS_SUCCESS;
}

static void
set_metadata (ReframeReportLayout *self,
              cairo_surface_t     *surface)
{
  const char *name = reframe_report_get_name (self->report);
  g_autoptr (GDateTime) made = g_date_time_to_utc (reframe_report_get_made (self->report));
  g_autofree char *date = g_date_time_format (made, "%Y-%m-%dT%H:%M:%SZ");

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _ ("Between-session report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Reframe");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  if (name != NULL && *name != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, name);
}

static gboolean
draw_pdf_pages (ReframeReportLayout *self,
                cairo_surface_t     *surface,
                PdfWriter           *writer,
                Progress            *progress)
{
  cairo_t *cr = cairo_create (surface);

  for (guint page = 0; page < self->pages->len && writer->error == NULL; page++)
    {
      if (g_cancellable_set_error_if_cancelled (writer->cancellable, &writer->error))
        break;
      add_outline (self, surface, page);
      reframe_report_layout_draw_page (self, cr, page, 1.0);
      cairo_show_page (cr);
      progress_report (progress, (double) (page + 1) / self->pages->len);
    }
  cairo_destroy (cr);
  return writer->error == NULL;
}

/**
 * reframe_report_write_pdf:
 * @report: the report
 * @paper: the paper size
 * @out: where the PDF goes; flushed, not closed
 * @progress: (nullable) (scope call): told how far it got, from 0 to 1, in the calling thread
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Lays the report out and writes it as a PDF, a page at a time.
 *
 * Returns: %TRUE when the whole PDF was written
 */
gboolean
reframe_report_write_pdf (ReframeReport        *report,
                          ReframePaper          paper,
                          GOutputStream        *out,
                          ReframeReportProgress progress,
                          gpointer              progress_data,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_autoptr (ReframeReportLayout) self = NULL;
  Progress         layout_progress = { progress, progress_data, 0, 0.5, -1 };
  Progress         draw_progress = { progress, progress_data, 0.5, 0.5, -1 };
  PdfWriter        writer = { out, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_status_t   status;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  self =
      layout_build (report, paper, NULL, LAYOUT_CACHE_BYTES, &layout_progress, cancellable, error);
  if (self == NULL)
    return FALSE;

  surface = cairo_pdf_surface_create_for_stream (
      pdf_write_cb, &writer, self->page_width, self->page_height);
  set_metadata (self, surface);
  draw_pdf_pages (self, surface, &writer, &draw_progress);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (writer.error != NULL)
    {
      g_propagate_error (error, writer.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_FAILED,
                   /* Translators: %s is cairo's reason, in English */
                   _ ("Could not make the PDF: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return g_output_stream_flush (out, cancellable, error);
}

/**
 * reframe_report_release_fonts:
 *
 * Lets go of the fonts and the font configuration pango, cairo and fontconfig keep for
 * the life of the process once a PDF is made. Only for a process that draws nothing
 * more: a command that has saved its report calls it as it ends, so that what is left
 * (which fontconfig keeps where a leak checker cannot see it) is not taken for a leak.
 */
void
reframe_report_release_fonts (void)
{
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
}

/* Territories whose paper is US Letter (glibc's LC_PAPER data). */
static const char *const letter_territories[] = {
  "US", "CA", "MX", "PH", "CL", "CO", "CR", "GT", "NI", "PA", "PR", "SV", "VE", "DO", NULL
};

/**
 * reframe_report_paper_for_locale_name:
 * @locale: (nullable): a locale name such as "en_US.UTF-8"
 *
 * Returns: Letter for a territory that uses it, else A4
 */
ReframePaper
reframe_report_paper_for_locale_name (const char *locale)
{
  const char      *underscore = locale != NULL ? strchr (locale, '_') : NULL;
  g_autofree char *territory = NULL;

  if (underscore == NULL)
    return REFRAME_PAPER_A4;
  territory = g_strndup (underscore + 1, strcspn (underscore + 1, ".@"));
  return g_strv_contains (letter_territories, territory) ? REFRAME_PAPER_LETTER : REFRAME_PAPER_A4;
}

/**
 * reframe_report_paper_for_locale:
 *
 * Returns: the paper of the user's LC_PAPER: Letter for the US, Canada, Mexico, the
 *   Philippines and a few more, A4 elsewhere
 */
ReframePaper
reframe_report_paper_for_locale (void)
{
  const char       *current = setlocale (LC_PAPER, NULL);
  const char *const variables[] = { "LC_ALL", "LC_PAPER", "LANG" };

#ifdef _NL_PAPER_WIDTH
  if (current != NULL && strchr (current, '_') != NULL)
    {
      union
      {
        char        *string;
        unsigned int word;
      } width;

      width.string = nl_langinfo (_NL_PAPER_WIDTH);
      return width.word == 216 ? REFRAME_PAPER_LETTER : REFRAME_PAPER_A4;
    }
#endif
  if (current != NULL && strchr (current, '_') != NULL)
    return reframe_report_paper_for_locale_name (current);
  /* setlocale () not called (or a C locale): the environment says what the user chose. */
  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = g_getenv (variables[i]);

      if (value != NULL && *value != '\0')
        return reframe_report_paper_for_locale_name (value);
    }
  return REFRAME_PAPER_A4;
}

/**
 * reframe_report_paper_get_size:
 * @width: (out): in points
 * @height: (out): in points
 */
void
reframe_report_paper_get_size (ReframePaper paper,
                               double      *width,
                               double      *height)
{
  *width = paper == REFRAME_PAPER_LETTER ? 612.0 : 210 * MM;
  *height = paper == REFRAME_PAPER_LETTER ? 792.0 : 297 * MM;
}
