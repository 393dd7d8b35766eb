/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-pdf-blocks.c: one block of the report measured, its text on the fast path
 * where it can be, and drawn where the layout placed it: text, facts and bars, the flag, the
 * mood chart, and the footer of a page. */

#define G_LOG_DOMAIN "ReframeReportPdf"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-chart-private.h"
#include "reframe-report-pdf-private.h"

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
  const KindStyle *style = &_reframe_pdf_kind_styles[kind];

  return make_layout (
      context, markup, plain, style->size, style->weight, style->line_spacing, width);
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

/* The height of a fact's or a bar's row, from its two columns. */
static double
columns_height (PangoLayout *label,
                PangoLayout *value)
{
  return MAX (_reframe_pdf_layout_height (label), _reframe_pdf_layout_height (value)) +
         2 * FACT_PAD;
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
  return columns_height (label, value);
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

void
_reframe_pdf_shaper_init (Shaper       *shaper,
                          PangoContext *context)
{
  const ReframePdfBlockKind kinds[] = { REFRAME_PDF_TEXT, REFRAME_PDF_NOTE };

  shaper->context = context;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const KindStyle *style = &_reframe_pdf_kind_styles[kinds[i]];

      shaper->fast[i] = _reframe_pdf_text_new (
          context, FONT_FAMILY, style->size, style->weight, style->line_spacing);
    }
  shaper->lines = g_array_new (FALSE, FALSE, sizeof (ReframePdfLine));
}

void
_reframe_pdf_shaper_clear (Shaper *shaper)
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
Measure
_reframe_pdf_measure_block (ReframeReportLayout *self,
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
  measure.height = _reframe_pdf_layout_height (layout);
  if (block->kind == REFRAME_PDF_FLAG)
    measure.height += 2 * FLAG_PAD;
  if (block->kind == REFRAME_PDF_HEADING)
    measure.height += RULE_GAP;
  if (_reframe_pdf_kind_styles[block->kind].splits)
    measure_lines (layout, &measure);
  cost = LAYOUT_BYTES_PER_CHAR * strlen (block->markup);
  if (cost <= *budget)
    {
      *budget -= cost;
      measure.layout = g_steal_pointer (&layout);
    }
  return measure;
}

void
_reframe_pdf_measure_clear (Measure *measure)
{
  g_clear_pointer (&measure->lines, g_array_unref);
  g_clear_object (&measure->layout);
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
  _reframe_pdf_set_color (cr, _reframe_pdf_kind_styles[block->kind].color);
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

  _reframe_pdf_set_color (cr, _reframe_pdf_kind_styles[block->kind].color);
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
      double y = placement->y + _reframe_pdf_layout_height (layout) + RULE_GAP / 2;

      _reframe_pdf_set_color (cr, RULE_COLOR);
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
  _reframe_pdf_set_color (cr, BAR_TRACK);
  cairo_rectangle (cr, x, y, width, BAR_HEIGHT);
  cairo_fill (cr);
  _reframe_pdf_set_color (cr, BAR_COLOR);
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
  height = columns_height (label, value);

  _reframe_pdf_set_color (cr, block->kind == REFRAME_PDF_FACT ? 0x4d4d4d : TEXT_COLOR);
  cairo_move_to (cr, MARGIN_SIDE, placement->y + FACT_PAD);
  pango_cairo_show_layout (cr, label);
  _reframe_pdf_set_color (cr, TEXT_COLOR);
  cairo_move_to (cr, self->page_width - MARGIN_SIDE - value_width, placement->y + FACT_PAD);
  pango_cairo_show_layout (cr, value);
  if (block->kind == REFRAME_PDF_BAR)
    draw_bar (cr,
              MARGIN_SIDE + label_width + GUTTER,
              placement->y + FACT_PAD + 4,
              self->content_width * 0.3 - GUTTER,
              block->number);

  _reframe_pdf_set_color (cr, 0xe2e2e2);
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
  double height = _reframe_pdf_layout_height (layout) + 2 * FLAG_PAD;

  release_block_layout (self, placement, layout);

  _reframe_pdf_set_color (cr, FLAG_FILL);
  cairo_rectangle (cr, MARGIN_SIDE, placement->y, self->content_width, height);
  cairo_fill (cr);
  _reframe_pdf_set_color (cr, FLAG_COLOR);
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

void
_reframe_pdf_draw_placement (ReframeReportLayout *self,
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

void
_reframe_pdf_draw_footer (ReframeReportLayout *self,
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

  _reframe_pdf_set_color (cr, RULE_COLOR);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN_SIDE, y - 5);
  cairo_line_to (cr, self->page_width - MARGIN_SIDE, y - 5);
  cairo_stroke (cr);

  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
  _reframe_pdf_set_color (cr, MUTED_COLOR);
  cairo_move_to (cr, MARGIN_SIDE, y);
  pango_cairo_show_layout (cr, left);
  cairo_move_to (cr, self->page_width - MARGIN_SIDE - self->content_width * 0.28, y);
  pango_cairo_show_layout (cr, right);
}
