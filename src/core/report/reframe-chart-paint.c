/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chart-paint.c: what the charts share: colours, text, mood shapes, date axes.
 *
 * Sizes are in the surface's units and text has an absolute size, so a chart looks the
 * same on screen and on paper. The marks use the journal's mood colours, and each mood
 * also has its own shape, so that no chart relies on colour alone.
 */

#define G_LOG_DOMAIN "ReframeChart"

#include "config.h"

#include "reframe-i18n.h"
#include <pango/pangocairo.h>

#include "reframe-chart-private.h"
#include "reframe-locale.h"

/* The journal's mood colours (style.css, style-dark.css): marks are the strong shades
 * the badges use for their faces, fills the base colours the badges tint with. */
static const ChartRgba mood_mark_light[] = {
  CHART_RGB (0x000000, 0.0),
  CHART_RGB (0xc01c28, 1.0),
  CHART_RGB (0xc64600, 1.0),
  CHART_RGB (0x8a5d00, 1.0),
  CHART_RGB (0x1b7f50, 1.0),
  CHART_RGB (0x1a5fb4, 1.0),
};
static const ChartRgba mood_mark_dark[] = {
  CHART_RGB (0x000000, 0.0),
  CHART_RGB (0xff7b63, 1.0),
  CHART_RGB (0xffa348, 1.0),
  CHART_RGB (0xf8e45c, 1.0),
  CHART_RGB (0x8ff0a4, 1.0),
  CHART_RGB (0x99c1f1, 1.0),
};
static const ChartRgba mood_fill_light[] = {
  CHART_RGB (0x000000, 0.0),
  CHART_RGB (0xe01b24, 0.62),
  CHART_RGB (0xff7800, 0.62),
  CHART_RGB (0xf5c211, 0.72),
  CHART_RGB (0x33d17a, 0.66),
  CHART_RGB (0x3584e4, 0.62),
};
static const ChartRgba mood_fill_dark[] = {
  CHART_RGB (0x000000, 0.0),
  CHART_RGB (0xf66151, 0.85),
  CHART_RGB (0xffa348, 0.85),
  CHART_RGB (0xf8e45c, 0.85),
  CHART_RGB (0x57e389, 0.85),
  CHART_RGB (0x62a0ea, 0.85),
};

/* Ticks of a date axis, from dense to sparse. */
typedef enum
{
  TICK_DAY,
  TICK_WEEK,
  TICK_MONTH,
  TICK_QUARTER,
  TICK_YEAR,
  TICK_TWO_YEARS,
  TICK_FIVE_YEARS,
  N_TICK_KINDS
} TickKind;

static const ReframeChartStyle default_style = { FALSE, 1.0, NULL };

/* Painting */

void
_reframe_chart_begin (ChartPainter            *p,
                      cairo_t                 *cr,
                      double                   width,
                      double                   height,
                      const ReframeChartStyle *style)
{
  _reframe_chart_begin_with_font_map (p, cr, NULL, width, height, style);
}

/* Lays the chart's text out with @font_map, or the thread's default one when %NULL. The
 * report passes its own: the default font map of a worker thread lives as long as the
 * thread, and it is not the one the report measured with. */
void
_reframe_chart_begin_with_font_map (ChartPainter            *p,
                                    cairo_t                 *cr,
                                    PangoFontMap            *font_map,
                                    double                   width,
                                    double                   height,
                                    const ReframeChartStyle *style)
{
  g_autoptr (PangoFontDescription) font = pango_font_description_new ();
  double scale;
  int    text_height = 0;

  style = style != NULL ? style : &default_style;
  scale = style->font_scale > 0 ? style->font_scale : 1.0;
  *p = (ChartPainter){
    .cr = cr, .style = style, .width = MAX (width, 0), .height = MAX (height, 0)
  };
  p->compact = width < COMPACT_WIDTH * scale || height < COMPACT_HEIGHT * scale;
  p->fg =
      style->dark ? (ChartRgba) CHART_RGB (0xffffff, 0.92) : (ChartRgba) CHART_RGB (0x000000, 0.8);
  p->dim =
      style->dark ? (ChartRgba) CHART_RGB (0xffffff, 0.6) : (ChartRgba) CHART_RGB (0x000000, 0.58);
  p->grid =
      style->dark ? (ChartRgba) CHART_RGB (0xffffff, 0.16) : (ChartRgba) CHART_RGB (0x000000, 0.13);
  p->line =
      style->dark ? (ChartRgba) CHART_RGB (0xe8e8e8, 1.0) : (ChartRgba) CHART_RGB (0x333333, 1.0);
  p->faint = style->dark ? (ChartRgba) CHART_RGB (0xffffff, 0.06)
                         : (ChartRgba) CHART_RGB (0x000000, 0.045);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, p->width, p->height);
  cairo_clip (cr);
  cairo_new_path (cr);

  if (font_map == NULL)
    p->layout = pango_cairo_create_layout (cr);
  else
    {
      PangoContext *context = pango_font_map_create_context (font_map);

      pango_cairo_update_context (cr, context);
      p->layout = pango_layout_new (context);
      g_object_unref (context);
    }
  pango_font_description_set_family (font,
                                     style->font_family != NULL ? style->font_family : "Sans");
  pango_font_description_set_absolute_size (font, FONT_PX * scale * PANGO_SCALE);
  pango_layout_set_font_description (p->layout, font);
  pango_layout_set_text (p->layout, "Mg", -1);
  pango_layout_get_pixel_size (p->layout, NULL, &text_height);
  p->text_height = text_height;
}

void
_reframe_chart_end (ChartPainter *p)
{
  g_clear_object (&p->layout);
  /* The path is not part of the saved state: leave none behind for the caller. */
  cairo_new_path (p->cr);
  cairo_restore (p->cr);
}

double
_reframe_chart_scale (ChartPainter *p)
{
  return p->style->font_scale > 0 ? p->style->font_scale : 1.0;
}

void
_reframe_chart_set_colour (cairo_t         *cr,
                           const ChartRgba *colour)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, colour->a);
}

const ChartRgba *
_reframe_chart_mood_mark (ChartPainter *p,
                          ReframeMood   mood)
{
  return p->style->dark ? &mood_mark_dark[mood] : &mood_mark_light[mood];
}

const ChartRgba *
_reframe_chart_mood_fill (ChartPainter *p,
                          ReframeMood   mood)
{
  return p->style->dark ? &mood_fill_dark[mood] : &mood_fill_light[mood];
}

double
_reframe_chart_text_width (ChartPainter *p,
                           const char   *text)
{
  int width = 0;

  pango_layout_set_width (p->layout, -1);
  pango_layout_set_text (p->layout, text, -1);
  pango_layout_get_pixel_size (p->layout, &width, NULL);
  return width;
}

static cairo_user_data_key_t text_log_key;

/* Draws one line of text with its box placed by @xalign and @yalign (0 = the box
 * starts at x or y, 0.5 = centred on it, 1 = ends at it). */
void
_reframe_chart_draw_text (ChartPainter    *p,
                          const char      *text,
                          double           x,
                          double           y,
                          double           xalign,
                          double           yalign,
                          const ChartRgba *colour)
{
  int     width = 0, height = 0;
  GArray *log = cairo_get_user_data (p->cr, &text_log_key);

  pango_layout_set_width (p->layout, -1);
  pango_layout_set_text (p->layout, text, -1);
  pango_layout_get_pixel_size (p->layout, &width, &height);
  _reframe_chart_set_colour (p->cr, colour);
  cairo_move_to (p->cr, round (x - xalign * width), round (y - yalign * height));
  pango_cairo_show_layout (p->cr, p->layout);
  if (log != NULL)
    {
      ChartArea box = { round (x - xalign * width), round (y - yalign * height), width, height };

      g_array_append_val (log, box);
    }
}

/**
 * _reframe_chart_log_text:
 * @cr: where charts will draw
 * @boxes: (element-type ChartArea): receives the box of every text drawn on @cr
 */
void
_reframe_chart_log_text (cairo_t *cr,
                         GArray  *boxes)
{
  cairo_set_user_data (cr, &text_log_key, boxes, NULL);
}

/* The calm sentence in place of a chart: nothing to draw yet, or too little. */
void
_reframe_chart_draw_message (ChartPainter *p,
                             const char   *message)
{
  int height = 0;

  pango_layout_set_text (p->layout, message, -1);
  pango_layout_set_width (p->layout, MAX (1, p->width - 24) * PANGO_SCALE);
  pango_layout_set_wrap (p->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (p->layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (p->layout, NULL, &height);
  _reframe_chart_set_colour (p->cr, &p->dim);
  cairo_move_to (p->cr, MIN (12, p->width / 4), MAX (0, round ((p->height - height) / 2)));
  pango_cairo_show_layout (p->cr, p->layout);
  pango_layout_set_width (p->layout, -1);
  pango_layout_set_alignment (p->layout, PANGO_ALIGN_LEFT);
}

/* Adds the shape that marks @mood to the path, centred on x, y within radius r: a cross
 * for awful, a triangle down for bad, a diamond for okay, a triangle up for good and a
 * disc for great, so that levels differ without colour. The cross is stroked, the rest
 * filled (see glyph_is_stroked). */
void
_reframe_chart_add_glyph (cairo_t    *cr,
                          ReframeMood mood,
                          double      x,
                          double      y,
                          double      r)
{
  switch (mood)
    {
    case REFRAME_MOOD_AWFUL:
      r *= 0.8;
      cairo_move_to (cr, x - r, y - r);
      cairo_line_to (cr, x + r, y + r);
      cairo_move_to (cr, x + r, y - r);
      cairo_line_to (cr, x - r, y + r);
      break;
    case REFRAME_MOOD_BAD:
      cairo_move_to (cr, x - r, y - r * 0.7);
      cairo_line_to (cr, x + r, y - r * 0.7);
      cairo_line_to (cr, x, y + r);
      cairo_close_path (cr);
      break;
    case REFRAME_MOOD_OKAY:
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      break;
    case REFRAME_MOOD_GOOD:
      cairo_move_to (cr, x - r, y + r * 0.7);
      cairo_line_to (cr, x + r, y + r * 0.7);
      cairo_line_to (cr, x, y - r);
      cairo_close_path (cr);
      break;
    case REFRAME_MOOD_GREAT:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r * 0.85, 0, 2 * G_PI);
      break;
    case REFRAME_MOOD_NONE:
    default:
      break;
    }
}

void
_reframe_chart_paint_glyphs (cairo_t    *cr,
                             ReframeMood mood,
                             double      r)
{
  if (mood == REFRAME_MOOD_AWFUL)
    {
      cairo_set_line_width (cr, MAX (1.0, r * 0.55));
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
}

/* Date axes */

/* The first tick of @kind on or after @date, or the same date when it is one. */
static void
first_tick (TickKind kind,
            GDate   *date)
{
  guint year_step = kind == TICK_TWO_YEARS ? 2 : kind == TICK_FIVE_YEARS ? 5
                                                                         : 1;

  switch (kind)
    {
    case TICK_DAY:
      break;
    case TICK_WEEK:
      while (g_date_get_weekday (date) != reframe_locale_get_first_weekday ())
        g_date_add_days (date, 1);
      break;
    case TICK_MONTH:
    case TICK_QUARTER:
      while (g_date_get_day (date) != 1 ||
             (kind == TICK_QUARTER && (g_date_get_month (date) - 1) % 3 != 0))
        g_date_add_days (date, 1);
      break;
    case TICK_YEAR:
    case TICK_TWO_YEARS:
    case TICK_FIVE_YEARS:
    case N_TICK_KINDS:
    default:
      if (g_date_get_day_of_year (date) != 1)
        g_date_set_dmy (date, 1, G_DATE_JANUARY, g_date_get_year (date) + 1);
      while (g_date_get_year (date) % year_step != 0)
        g_date_add_years (date, 1);
      break;
    }
}

static void
next_tick (TickKind kind,
           GDate   *date)
{
  static const guint steps[] = { 1, 7, 1, 3, 1, 2, 5 };

  if (kind == TICK_DAY || kind == TICK_WEEK)
    g_date_add_days (date, steps[kind]);
  else if (kind == TICK_MONTH || kind == TICK_QUARTER)
    g_date_add_months (date, steps[kind]);
  else
    g_date_add_years (date, steps[kind]);
}

/* The label of a tick; a month tick in January says the year instead, so that a long
 * axis still shows where each year begins. */
static void
format_tick (TickKind     kind,
             const GDate *date,
             char        *buffer,
             gsize        size)
{
  g_autofree char *text = NULL;

  if (kind == TICK_DAY)
    text = reframe_locale_format_date (date, REFRAME_DATE_WEEKDAY_DAY);
  else if (kind == TICK_WEEK)
    text = reframe_locale_format_date (date, REFRAME_DATE_DAY_MONTH_SHORT);
  else if ((kind == TICK_MONTH || kind == TICK_QUARTER) &&
           g_date_get_month (date) != G_DATE_JANUARY)
    text = reframe_locale_format_date (date, REFRAME_DATE_MONTH_SHORT);
  else
    text = g_strdup_printf ("%u", g_date_get_year (date));

  g_strlcpy (buffer, text, size);
  g_strstrip (buffer);
}

static guint
count_ticks (TickKind     kind,
             const GDate *from,
             const GDate *to)
{
  GDate tick = *from;
  guint n = 0;

  for (first_tick (kind, &tick); g_date_compare (&tick, to) <= 0 && n < 10000;
       next_tick (kind, &tick))
    n++;
  return n;
}

/* The densest ticks whose labels fit side by side in @width. */
static TickKind
choose_ticks (ChartPainter *p,
              const GDate  *from,
              const GDate  *to,
              double        width)
{
  char  sample[64];
  GDate wide;

  /* A wide label: the last day of a long month. */
  g_date_clear (&wide, 1);
  g_date_set_dmy (&wide, 28, G_DATE_SEPTEMBER, 2000);
  for (TickKind kind = TICK_DAY; kind < TICK_FIVE_YEARS; kind++)
    {
      guint n = count_ticks (kind, from, to);

      format_tick (kind, &wide, sample, sizeof sample);
      if (n <= 1 ||
          n * (_reframe_chart_text_width (p, sample) + 14 * _reframe_chart_scale (p)) <= width)
        return kind;
    }
  return TICK_FIVE_YEARS;
}

double
_reframe_chart_day_x (const ChartArea *plot,
                      guint32          first_julian,
                      guint            n_days,
                      guint32          julian)
{
  return plot->x + (julian - (double) first_julian + 0.5) * plot->width / n_days;
}

/* Vertical grid lines and labels under @plot for the days from @from to @to. */
void
_reframe_chart_draw_date_axis (ChartPainter    *p,
                               const ChartArea *plot,
                               const GDate     *from,
                               const GDate     *to)
{
  guint32  first = g_date_get_julian (from);
  guint    n_days = g_date_get_julian (to) - first + 1;
  TickKind kind = choose_ticks (p, from, to, plot->width);
  GDate    tick = *from;
  char     label[64];

  cairo_set_line_width (p->cr, 1);
  for (first_tick (kind, &tick); g_date_compare (&tick, to) <= 0; next_tick (kind, &tick))
    {
      double x =
          round (_reframe_chart_day_x (plot, first, n_days, g_date_get_julian (&tick))) + 0.5;
      double half;

      _reframe_chart_set_colour (p->cr, &p->grid);
      cairo_move_to (p->cr, x, plot->y);
      cairo_line_to (p->cr, x, plot->y + plot->height + 3);
      cairo_stroke (p->cr);

      format_tick (kind, &tick, label, sizeof label);
      half = _reframe_chart_text_width (p, label) / 2;
      x = CLAMP (x, plot->x + half, MAX (plot->x + half, plot->x + plot->width - half));
      _reframe_chart_draw_text (p, label, x, plot->y + plot->height + 5, 0.5, 0, &p->dim);
    }
}

/* The period the insights cover; never empty, never upside down. */
guint
_reframe_chart_get_period (ReframeInsights *insights,
                           GDate           *from,
                           GDate           *to)
{
  *from = *reframe_insights_get_from (insights);
  *to = *reframe_insights_get_to (insights);
  if (!g_date_valid (from) || !g_date_valid (to) || g_date_compare (from, to) > 0)
    {
      g_date_clear (from, 1);
      g_date_set_dmy (from, 1, 1, 2000);
      *to = *from;
    }
  return g_date_get_julian (to) - g_date_get_julian (from) + 1;
}
