/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chart.c: the Insights charts, drawn with cairo and pango at any size.
 *
 * One function per chart draws on any cairo_t: a GtkDrawingArea on screen and a PDF
 * page in the report alike (DESIGN.md §8), so nothing here knows about widgets. Sizes are
 * in the surface's units; text has an absolute size so a chart looks the same on screen
 * and on paper. No chart relies on colour alone: the mood line and the calendar mark each
 * level with its own shape, the bars carry their numbers, the bands their names. When
 * there is nothing to draw, a calm sentence says so in the chart's place.
 *
 * This file draws the two charts over time, the mood line and a questionnaire's score
 * trend; reframe-chart-calendar.c the year calendar, reframe-chart-factors.c the factor
 * bars (the mood on days with an activity and without it).
 */

#define G_LOG_DOMAIN "ReframeChart"

#include "config.h"

#include "reframe-i18n.h"
#include <pango/pangocairo.h>

#include "reframe-chart-private.h"

/* Points of the rolling line stroked at a time (see draw_rolling_line). */
#define LINE_PIECE 16

/* Mood line */

static void
draw_mood_grid (ChartPainter    *p,
                const ChartArea *plot)
{
  cairo_set_line_width (p->cr, 1);
  for (ReframeMood mood = REFRAME_MOOD_MIN; mood <= REFRAME_MOOD_MAX; mood++)
    {
      double y = round (plot->y + (REFRAME_MOOD_MAX - mood) * plot->height / 4) + 0.5;

      _reframe_chart_set_colour (p->cr, &p->grid);
      cairo_move_to (p->cr, plot->x, y);
      cairo_line_to (p->cr, plot->x + plot->width, y);
      cairo_stroke (p->cr);
      /* On a short chart only every other name fits. */
      if (!p->compact && (plot->height / 4 >= p->text_height || mood % 2 == 1))
        _reframe_chart_draw_text (
            p, reframe_mood_get_label (mood), plot->x - 8, y, 1, 0.5, &p->dim);
    }
}

static double
mood_y (const ChartArea *plot,
        double           mood)
{
  return plot->y +
         (REFRAME_MOOD_MAX - CLAMP (mood, REFRAME_MOOD_MIN, REFRAME_MOOD_MAX)) * plot->height / 4;
}

/* Ten years in 900 pixels put many days on the same pixel: each pixel is drawn once. */
typedef struct
{
  guint8 *bits;
  int     width;
  int     height;
} PixelSet;

static gboolean
pixel_set_add (PixelSet *set,
               double    x,
               double    y)
{
  int    column = (int) floor (x), row = (int) floor (y);
  gsize  bit;
  guint8 mask;

  if (set->bits == NULL || column < 0 || row < 0 || column >= set->width || row >= set->height)
    return TRUE;
  bit = (gsize) row * set->width + column;
  mask = 1 << (bit % 8);
  if (set->bits[bit / 8] & mask)
    return FALSE;
  set->bits[bit / 8] |= mask;
  return TRUE;
}

/* The days' points, one path and one fill per level, so ten years stay cheap. */
static void
draw_mood_points (ChartPainter    *p,
                  const ChartArea *plot,
                  ReframeInsights *insights,
                  guint32          first,
                  guint            n_days)
{
  GArray  *daily = reframe_insights_get_daily (insights);
  double   spacing = plot->width / n_days;
  double   r = CLAMP (spacing * 0.4, 1.2, 4.5 * _reframe_chart_scale (p));
  PixelSet drawn = { NULL, (int) ceil (p->width), (int) ceil (p->height) };
  /* Shapes only show when there is room for them; the height says the value anyway. */
  gboolean shapes = spacing >= 7;

  if (spacing < 2 && (gsize) drawn.width * drawn.height <= 16 * 1024 * 1024)
    drawn.bits = g_malloc0 ((gsize) drawn.width * drawn.height / 8 + 1);
  for (ReframeMood mood = REFRAME_MOOD_MIN; mood <= REFRAME_MOOD_MAX; mood++)
    {
      for (guint i = 0; i < daily->len; i++)
        {
          const ReframeDailyMood *day = &g_array_index (daily, ReframeDailyMood, i);
          double                  x = _reframe_chart_day_x (plot, first, n_days, g_date_get_julian (&day->day));
          double                  y = mood_y (plot, day->mean);

          if (_reframe_chart_mood_level (day->mean) != mood || !pixel_set_add (&drawn, x, y))
            continue;
          if (shapes)
            _reframe_chart_add_glyph (p->cr, mood, x, y, r);
          else
            /* Whole pixels: cairo fills those without tessellating. */
            cairo_rectangle (p->cr, round (x - r), round (y - r), round (2 * r), round (2 * r));
        }
      _reframe_chart_set_colour (p->cr, _reframe_chart_mood_mark (p, mood));
      if (shapes)
        _reframe_chart_paint_glyphs (p->cr, mood, r);
      else
        cairo_fill (p->cr);
    }
  g_free (drawn.bits);
}

/* The rolling average as one line, broken where a week passed without entries. Days
 * that share a pixel column are averaged into one point of the line. */
static void
draw_rolling_line (ChartPainter    *p,
                   const ChartArea *plot,
                   ReframeInsights *insights,
                   guint32          first,
                   guint            n_days)
{
  GArray  *rolling = reframe_insights_get_rolling (insights);
  guint32  previous = 0;
  double   sum_x = 0, sum_mean = 0;
  guint    n = 0, n_vertices = 0;
  int      column = G_MININT;
  gboolean start = TRUE;

  _reframe_chart_set_colour (p->cr, &p->line);
  cairo_set_line_width (p->cr, (n_days > plot->width ? 1.5 : 2) * _reframe_chart_scale (p));
  cairo_set_line_join (p->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (p->cr, CAIRO_LINE_CAP_ROUND);

  for (guint i = 0; i <= rolling->len; i++)
    {
      const ReframeRollingMood *point =
          i < rolling->len ? &g_array_index (rolling, ReframeRollingMood, i) : NULL;
      guint32  julian = point != NULL ? g_date_get_julian (&point->day) : 0;
      double   x = point != NULL ? _reframe_chart_day_x (plot, first, n_days, julian) : 0;
      gboolean gap = point == NULL || (i > 0 && julian != previous + 1);

      if (n > 0 && (gap || (int) floor (x) != column))
        {
          if (start)
            cairo_move_to (p->cr, sum_x / n, mood_y (plot, sum_mean / n));
          else
            cairo_line_to (p->cr, sum_x / n, mood_y (plot, sum_mean / n));
          start = FALSE;
          sum_x = sum_mean = 0;
          n = 0;
          /* A long zigzag crosses itself everywhere, and cairo's cost of stroking grows
           * with the crossings: short pieces, in an opaque colour so that their joins
           * do not show, keep ten years within a frame. */
          if (++n_vertices % LINE_PIECE == 0)
            {
              double px, py;

              cairo_get_current_point (p->cr, &px, &py);
              cairo_stroke (p->cr);
              cairo_move_to (p->cr, px, py);
            }
        }
      if (point == NULL)
        break;
      start = start || gap;
      column = (int) floor (x);
      sum_x += x;
      sum_mean += point->mean;
      n++;
      previous = julian;
    }
  cairo_stroke (p->cr);
}

static void
draw_mood_legend (ChartPainter *p,
                  double        right,
                  double        y)
{
  const char *average = _ ("7-day average");
  const char *daily = _ ("Daily mood");
  double      h = p->text_height;
  double      x = right - _reframe_chart_text_width (p, average);

  _reframe_chart_draw_text (p, average, x, y, 0, 0.5, &p->dim);
  x -= 6 + 18;
  _reframe_chart_set_colour (p->cr, &p->line);
  cairo_set_line_width (p->cr, 2 * _reframe_chart_scale (p));
  cairo_move_to (p->cr, x, y);
  cairo_line_to (p->cr, x + 18, y);
  cairo_stroke (p->cr);

  x -= 18 + _reframe_chart_text_width (p, daily);
  _reframe_chart_draw_text (p, daily, x, y, 0, 0.5, &p->dim);
  for (ReframeMood mood = REFRAME_MOOD_MIN; mood <= REFRAME_MOOD_MAX; mood++)
    {
      double gx = x - 6 - (REFRAME_MOOD_MAX - mood + 0.5) * h * 0.8;

      _reframe_chart_add_glyph (p->cr, mood, gx, y, h * 0.3);
      _reframe_chart_set_colour (p->cr, _reframe_chart_mood_mark (p, mood));
      _reframe_chart_paint_glyphs (p->cr, mood, h * 0.3);
    }
}

/**
 * reframe_chart_draw_mood_line:
 * @cr: where to draw, from (0, 0) to (@width, @height)
 * @style: (nullable): light on a light page when %NULL
 *
 * Draws the mean mood of each day of the period with a mark per level, and the 7-day
 * rolling average as a line over them. The x axis is the period's dates, the y axis the
 * five moods by name.
 */
void
reframe_chart_draw_mood_line (cairo_t                 *cr,
                              double                   width,
                              double                   height,
                              ReframeInsights         *insights,
                              const ReframeChartStyle *style)
{
  _reframe_chart_draw_mood_line_with_font_map (cr, NULL, width, height, insights, style);
}

/* reframe_chart_draw_mood_line() with the chart's text laid out with @font_map (nullable). */
void
_reframe_chart_draw_mood_line_with_font_map (cairo_t                 *cr,
                                             PangoFontMap            *font_map,
                                             double                   width,
                                             double                   height,
                                             ReframeInsights         *insights,
                                             const ReframeChartStyle *style)
{
  ChartPainter p;
  ChartArea    plot;
  GDate        from, to;
  guint        n_days;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (insights != NULL);

  _reframe_chart_begin_with_font_map (&p, cr, font_map, width, height, style);
  n_days = _reframe_chart_get_period (insights, &from, &to);
  if (reframe_insights_get_daily (insights)->len == 0)
    _reframe_chart_draw_message (&p, _ ("No mood entries in this period yet."));
  else if (reframe_insights_get_daily (insights)->len < 2)
    _reframe_chart_draw_message (
        &p, _ ("Only one day has entries so far. The line starts with the second."));
  else
    {
      if (p.compact)
        plot = (ChartArea){ 2, 2, p.width - 4, p.height - 4 };
      else
        {
          double left = 0;

          for (ReframeMood mood = REFRAME_MOOD_MIN; mood <= REFRAME_MOOD_MAX; mood++)
            left = MAX (left, _reframe_chart_text_width (&p, reframe_mood_get_label (mood)));
          left += 14;
          plot = (ChartArea){
            left, p.text_height * 2, p.width - left - 12, p.height - p.text_height * 3.5 - 6
          };
          draw_mood_legend (&p, p.width - 12, p.text_height * 0.7);
        }
      draw_mood_grid (&p, &plot);
      if (!p.compact)
        _reframe_chart_draw_date_axis (&p, &plot, &from, &to);
      draw_mood_points (&p, &plot, insights, g_date_get_julian (&from), n_days);
      draw_rolling_line (&p, &plot, insights, g_date_get_julian (&from), n_days);
    }
  _reframe_chart_end (&p);
}

/* Score trend */

static double
score_y (const ChartArea *plot,
         int              max_score,
         double           score)
{
  return plot->y + plot->height * (1 - CLAMP (score, 0, max_score) / (double) max_score);
}

static double
band_names_width (ChartPainter *p,
                  ReframeTemplate *template)
{
  GPtrArray *bands = template != NULL ? reframe_template_get_bands (template) : NULL;
  double     width = 0;

  for (guint i = 0; bands != NULL && i < bands->len; i++)
    width = MAX (width,
                 _reframe_chart_text_width (
                     p, ((ReframeTemplateBand *) g_ptr_array_index (bands, i))->label));
  return width;
}

/* The bands shaded behind, deeper as the symptoms are, each with its name. */
static void
draw_score_bands (ChartPainter    *p,
                  const ChartArea *plot,
                  ReframeTemplate *template,
                  int      max_score,
                  gboolean names)
{
  GPtrArray *bands = template != NULL ? reframe_template_get_bands (template) : NULL;
  guint      n = bands != NULL ? bands->len : 0;

  for (guint i = 0; i < n; i++)
    {
      const ReframeTemplateBand *band = g_ptr_array_index (bands, i);
      double                     top = score_y (plot, max_score, MIN (band->max + 1, max_score));
      double                     bottom = score_y (plot, max_score, band->min);
      char                       number[16];

      cairo_rectangle (p->cr, plot->x, top, plot->width, bottom - top);
      cairo_set_source_rgba (
          p->cr, p->faint.r, p->faint.g, p->faint.b, p->faint.a * (1 + 2 * i / MAX (n - 1, 1.0)));
      cairo_fill (p->cr);
      _reframe_chart_set_colour (p->cr, &p->grid);
      cairo_set_line_width (p->cr, 1);
      cairo_move_to (p->cr, plot->x, round (bottom) + 0.5);
      cairo_line_to (p->cr, plot->x + plot->width, round (bottom) + 0.5);
      cairo_stroke (p->cr);

      if (p->compact)
        continue;
      g_snprintf (number, sizeof number, "%d", band->min);
      _reframe_chart_draw_text (p, number, plot->x - 6, bottom, 1, 0.5, &p->dim);
      if (names && bottom - top >= p->text_height * 0.9)
        _reframe_chart_draw_text (
            p, band->label, plot->x + plot->width + 8, (top + bottom) / 2, 0, 0.5, &p->dim);
    }
}

static void
draw_score_points (ChartPainter    *p,
                   const ChartArea *plot,
                   GPtrArray       *scores,
                   guint32          first,
                   guint            n_days,
                   int              max_score)
{
  double r = 3.5 * _reframe_chart_scale (p);
  /* Each score's number over its point, while they have room. */
  gboolean numbers =
      !p->compact && scores->len * (_reframe_chart_text_width (p, "27") + 6) <= plot->width;

  for (guint i = 0; i < scores->len; i++)
    {
      const ReframeScorePoint *point = g_ptr_array_index (scores, i);
      GDate                    day;
      double                   x;

      _reframe_chart_date_from_time (point->when, &day);
      x = _reframe_chart_day_x (
          plot, first, n_days, CLAMP (g_date_get_julian (&day), first, first + n_days - 1));
      if (i == 0)
        cairo_move_to (p->cr, x, score_y (plot, max_score, point->score));
      else
        cairo_line_to (p->cr, x, score_y (plot, max_score, point->score));
    }
  _reframe_chart_set_colour (p->cr, &p->fg);
  cairo_set_line_width (p->cr, 2 * _reframe_chart_scale (p));
  cairo_set_line_join (p->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (p->cr);

  for (guint i = 0; i < scores->len; i++)
    {
      const ReframeScorePoint *point = g_ptr_array_index (scores, i);
      GDate                    day;
      double                   x, y;
      char                     number[16];

      _reframe_chart_date_from_time (point->when, &day);
      x = _reframe_chart_day_x (
          plot, first, n_days, CLAMP (g_date_get_julian (&day), first, first + n_days - 1));
      y = score_y (plot, max_score, point->score);
      cairo_new_sub_path (p->cr);
      cairo_arc (p->cr, x, y, r, 0, 2 * G_PI);
      _reframe_chart_set_colour (p->cr, &p->fg);
      cairo_fill (p->cr);
      if (!numbers)
        continue;
      g_snprintf (number, sizeof number, "%d", point->score);
      _reframe_chart_draw_text (p, number, x, y - r - 2, 0.5, 1, &p->fg);
    }
}

/**
 * reframe_chart_draw_score_trend:
 * @template_id: the questionnaire, such as "phq-9" or "gad-7"
 * @template: (nullable): the questionnaire's template, for its bands and highest score
 * @style: (nullable): light on a light page when %NULL
 *
 * Draws the questionnaire's scores in the period as a line with a point per score, over
 * its severity bands shaded from the lightest to the deepest, each named.
 */
void
reframe_chart_draw_score_trend (cairo_t         *cr,
                                double           width,
                                double           height,
                                ReframeInsights *insights,
                                const char      *template_id,
                                ReframeTemplate *template,
                                const ReframeChartStyle *style)
{
  GPtrArray   *scores;
  ChartPainter p;
  ChartArea    plot;
  GDate        from, to;
  guint        n_days;
  int          max_score;
  double       names_width = 0;
  gboolean     names;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (insights != NULL);
  g_return_if_fail (template_id != NULL);

  _reframe_chart_begin (&p, cr, width, height, style);
  n_days = _reframe_chart_get_period (insights, &from, &to);
  scores = reframe_insights_get_scores (insights, template_id);
  max_score = template != NULL ? reframe_template_get_max_score (template) : 0;
  for (guint i = 0; scores != NULL && i < scores->len; i++)
    max_score = MAX (max_score, ((ReframeScorePoint *) g_ptr_array_index (scores, i))->score);
  max_score = MAX (max_score, 1);

  if (scores == NULL || scores->len == 0)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("No %s scores in this period yet."),
                           template != NULL ? reframe_template_get_title (template) : template_id);

      _reframe_chart_draw_message (&p, message);
      _reframe_chart_end (&p);
      return;
    }

  names = !p.compact && (names_width = band_names_width (&p, template) + 8) <= p.width / 3;
  if (p.compact)
    plot = (ChartArea){ 2, 2, p.width - 4, p.height - 4 };
  else
    {
      double left = _reframe_chart_text_width (&p, "27") + 14;

      plot = (ChartArea){ left,
                          p.text_height,
                          p.width - left - (names ? names_width : 0) - 12,
                          p.height - p.text_height * 3 - 6 };
    }
  draw_score_bands (&p, &plot, template, max_score, names);
  if (!p.compact)
    _reframe_chart_draw_date_axis (&p, &plot, &from, &to);
  draw_score_points (&p, &plot, scores, g_date_get_julian (&from), n_days, max_score);
  _reframe_chart_end (&p);
}
