/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-pdf-layout.c: the report's blocks measured (on several threads for a long
 * report) and placed on pages: headings kept with what follows them, running text broken
 * across pages with at least MIN_LINES lines together at either end. */

#define G_LOG_DOMAIN "ReframeReportPdf"

#include "config.h"

#include "reframe-report-pdf-private.h"
#include "reframe-l10n.h"

const KindStyle _reframe_pdf_kind_styles[] = {
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

void
_reframe_pdf_progress_report (Progress *progress,
                              double    fraction)
{
  double value = progress->base + progress->span * CLAMP (fraction, 0.0, 1.0);

  if (progress->func == NULL || (value - progress->last < 0.01 && fraction < 1.0))
    return;
  progress->last = value;
  progress->func (value, progress->data);
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

static const KindStyle *
kind_style (ReframeReportLayout *self,
            guint                index)
{
  return &_reframe_pdf_kind_styles[block_kind (self, index)];
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
  const KindStyle *style = kind_style (self, measure->block);
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
        need += kind_style (self, next->block)->before + measure_min_height (next);
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
      job->measures[i] = _reframe_pdf_measure_block (job->self, &job->shaper, i, &job->budget);
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
        _reframe_pdf_shaper_init (&jobs[j].shaper, jobs[j].context);
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
      _reframe_pdf_progress_report (progress, (double) g_atomic_int_get (&n_measured) / n);
    }
  for (guint j = 1; j < n_jobs; j++)
    {
      while (!g_atomic_int_get (&jobs[j].done))
        {
          _reframe_pdf_progress_report (progress, (double) g_atomic_int_get (&n_measured) / n);
          g_usleep (2000);
        }
      g_thread_join (threads[j]);
    }
  for (guint j = 0; j < n_jobs; j++)
    {
      if (j > 0)
        _reframe_pdf_shaper_clear (&jobs[j].shaper);
      g_object_unref (jobs[j].context);
    }
  return measures;
}

static void
free_measures (Measure *measures,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    _reframe_pdf_measure_clear (&measures[i]);
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
      keep_with_next = kind_style (self, i)->keep_with_next &&
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
  _reframe_pdf_progress_report (progress, 1.0);
  return done;
}

ReframeReportLayout *
_reframe_report_layout_build (ReframeReport *report,
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
  _reframe_pdf_shaper_init (&self->shaper, self->context);
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
