/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chart.c: the Insights charts, drawn with cairo and pango at any size.
 *
 * One function per chart draws on any cairo_t: a GtkDrawingArea on screen and a PDF
 * page in the report alike (DESIGN.md §8), so nothing here knows about widgets. Sizes are
 * in the surface's units; text has an absolute size so a chart looks the same on screen
 * and on paper. No chart relies on colour alone: the mood line and the calendar mark each
 * level with its own shape, the bars carry their numbers, the bands their names. When
 * there is nothing to draw, a calm sentence says so in the chart's place.
 */

#define G_LOG_DOMAIN "ReframeChart"

#include "config.h"

#include "reframe-i18n.h"
#include <pango/pangocairo.h>

#include "reframe-chart-private.h"
#include "reframe-locale.h"

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

/* Year calendar */

typedef struct
{
  double    mean[367]; /* by day of the year, from 1; NAN without entries */
  gboolean  in_period[367];
  GDateYear year;
  guint     n_days;
  guint     offset; /* the weekday of 1 January, the locale's first weekday = 0 */
  guint     n_weeks;
} YearDays;

/* Returns whether any day of the year has entries. */
static gboolean
fill_year_days (YearDays        *days,
                ReframeInsights *insights,
                int              year)
{
  GArray  *daily = reframe_insights_get_daily (insights);
  GDate    day, from, to;
  gboolean any = FALSE;

  _reframe_chart_get_period (insights, &from, &to);
  days->year = CLAMP (year, 1, G_MAXUINT16 - 1);
  days->n_days = g_date_is_leap_year (days->year) ? 366 : 365;
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, G_DATE_JANUARY, days->year);
  days->offset = (g_date_get_weekday (&day) - reframe_locale_get_first_weekday () + 7) % 7;
  days->n_weeks = (days->offset + days->n_days + 6) / 7;
  for (guint i = 0; i < G_N_ELEMENTS (days->mean); i++)
    {
      days->mean[i] = NAN;
      days->in_period[i] = FALSE;
    }
  for (guint i = 1; i <= days->n_days; i++, g_date_add_days (&day, 1))
    days->in_period[i] = g_date_compare (&day, &from) >= 0 && g_date_compare (&day, &to) <= 0;
  for (guint i = 0; i < daily->len; i++)
    {
      const ReframeDailyMood *d = &g_array_index (daily, ReframeDailyMood, i);

      if (g_date_get_year (&d->day) == days->year)
        {
          days->mean[g_date_get_day_of_year (&d->day)] = d->mean;
          any = TRUE;
        }
    }
  return any;
}

static void
draw_calendar_cells (ChartPainter   *p,
                     const YearDays *days,
                     double          x0,
                     double          y0,
                     double          cell)
{
  double gap = cell >= 6 ? MAX (1, round (cell * 0.14)) : 0;
  double size = cell - gap;

  /* Days without entries: outlined only. Days outside the period: a faint square. */
  cairo_set_line_width (p->cr, 1);
  for (guint i = 1; i <= days->n_days; i++)
    {
      guint  slot = days->offset + i - 1;
      double x = x0 + (slot / 7) * cell, y = y0 + (slot % 7) * cell;

      if (!isnan (days->mean[i]))
        continue;
      if (days->in_period[i])
        {
          cairo_rectangle (p->cr, x + 0.5, y + 0.5, MAX (size - 1, 0.5), MAX (size - 1, 0.5));
          _reframe_chart_set_colour (p->cr, &p->grid);
          cairo_stroke (p->cr);
        }
      else
        {
          cairo_rectangle (p->cr, x, y, size, size);
          _reframe_chart_set_colour (p->cr, &p->faint);
          cairo_fill (p->cr);
        }
    }

  for (ReframeMood mood = REFRAME_MOOD_MIN; mood <= REFRAME_MOOD_MAX; mood++)
    {
      for (guint i = 1; i <= days->n_days; i++)
        {
          guint slot = days->offset + i - 1;

          if (_reframe_chart_mood_level (days->mean[i]) == mood)
            cairo_rectangle (p->cr, x0 + (slot / 7) * cell, y0 + (slot % 7) * cell, size, size);
        }
      _reframe_chart_set_colour (p->cr, _reframe_chart_mood_fill (p, mood));
      cairo_fill (p->cr);

      /* The level's shape in each day, where a day is big enough to hold one. */
      if (size < 7)
        continue;
      for (guint i = 1; i <= days->n_days; i++)
        {
          guint slot = days->offset + i - 1;

          if (_reframe_chart_mood_level (days->mean[i]) == mood)
            _reframe_chart_add_glyph (p->cr,
                                      mood,
                                      x0 + (slot / 7) * cell + size / 2,
                                      y0 + (slot % 7) * cell + size / 2,
                                      size * 0.28);
        }
      cairo_set_source_rgba (p->cr, 0, 0, 0, p->style->dark ? 0.72 : 0.62);
      _reframe_chart_paint_glyphs (p->cr, mood, size * 0.28);
    }
}

static void
draw_calendar_labels (ChartPainter   *p,
                      const YearDays *days,
                      double          x0,
                      double          y0,
                      double          cell)
{
  GDate month;

  g_date_clear (&month, 1);
  for (GDateMonth m = G_DATE_JANUARY; m <= G_DATE_DECEMBER; m++)
    {
      guint slot;

      g_date_set_dmy (&month, 1, m, days->year);
      slot = days->offset + g_date_get_day_of_year (&month) - 1;
      g_autofree char *name = reframe_locale_format_date (&month, REFRAME_DATE_MONTH_SHORT);

      if (cell * 4 >= _reframe_chart_text_width (p, name))
        _reframe_chart_draw_text (p,
                                  g_strstrip (name),
                                  x0 + (slot / 7 + (slot % 7 ? 1 : 0)) * cell,
                                  y0 - 4,
                                  0,
                                  1,
                                  &p->dim);
    }

  /* The first, third and fifth day of the week (Monday, Wednesday and Friday where
   * weeks start on Monday), as paper calendars of a year do. */
  for (guint row = 0; row < 6 && cell >= p->text_height * 0.5; row += 2)
    {
      g_autofree char *weekday_name = NULL;
      GDate            weekday;

      /* 2 January 2000 was a Sunday (G_DATE_SUNDAY is 7) */
      g_date_clear (&weekday, 1);
      g_date_set_dmy (
          &weekday, 2 + reframe_locale_get_first_weekday () % 7 + row, G_DATE_JANUARY, 2000);
      weekday_name = reframe_locale_format_date (&weekday, REFRAME_DATE_WEEKDAY_SHORT);
      _reframe_chart_draw_text (p, weekday_name, x0 - 6, y0 + (row + 0.5) * cell, 1, 0.5, &p->dim);
    }
}

/* The key: each level's square with its shape and name, then a day without entries. */
static double
draw_calendar_legend (ChartPainter *p,
                      double        x,
                      double        y,
                      double        size,
                      gboolean      measure_only)
{
  for (ReframeMood mood = REFRAME_MOOD_MIN; mood <= REFRAME_MOOD_MAX + 1; mood++)
    {
      const char *label = mood <= REFRAME_MOOD_MAX ? reframe_mood_get_label (mood) : _ ("No entry");

      if (!measure_only && mood <= REFRAME_MOOD_MAX)
        {
          cairo_rectangle (p->cr, x, y - size / 2, size, size);
          _reframe_chart_set_colour (p->cr, _reframe_chart_mood_fill (p, mood));
          cairo_fill (p->cr);
          _reframe_chart_add_glyph (p->cr, mood, x + size / 2, y, size * 0.28);
          cairo_set_source_rgba (p->cr, 0, 0, 0, p->style->dark ? 0.72 : 0.62);
          _reframe_chart_paint_glyphs (p->cr, mood, size * 0.28);
        }
      else if (!measure_only)
        {
          cairo_set_line_width (p->cr, 1);
          cairo_rectangle (p->cr, x + 0.5, y - size / 2 + 0.5, size - 1, size - 1);
          _reframe_chart_set_colour (p->cr, &p->grid);
          cairo_stroke (p->cr);
        }
      x += size + 5;
      if (!measure_only)
        _reframe_chart_draw_text (p, label, x, y, 0, 0.5, &p->dim);
      x += _reframe_chart_text_width (p, label) + 14;
    }
  return x;
}

/* Room for the weekday names on the left, the months above and the key below. */
static void
get_calendar_margins (ChartPainter *p,
                      double       *left,
                      double       *top,
                      double       *bottom)
{
  g_autofree char *name = NULL;
  GDate            wednesday;

  *left = *top = *bottom = 0;
  if (p->compact)
    return;
  g_date_clear (&wednesday, 1);
  g_date_set_dmy (&wednesday, 5, G_DATE_JANUARY, 2000);
  name = reframe_locale_format_date (&wednesday, REFRAME_DATE_WEEKDAY_SHORT);
  *left = _reframe_chart_text_width (p, name) + 10;
  *top = p->text_height + 6;
  *bottom = p->text_height + 14;
}

/* How many weeks a year's calendar spans at most (a leap year starting on a Sunday). */
#define CALENDAR_MAX_WEEKS 54

/**
 * reframe_chart_get_year_calendar_height:
 * @width: the width the calendar will have
 * @style: (nullable): the style it will be drawn in
 *
 * Returns: the height at which the calendar's days are as large as @width allows
 */
double
reframe_chart_get_year_calendar_height (double                   width,
                                        const ReframeChartStyle *style)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t         *cr = cairo_create (surface);
  ChartPainter     p;
  double           left, top, bottom, height;

  /* Measured with the same text as the chart, as if it had all the height it wants. */
  _reframe_chart_begin (&p, cr, MAX (width, 0), G_MAXINT16, style);
  get_calendar_margins (&p, &left, &top, &bottom);
  height = ceil (top + bottom + 4 + 7 * MAX (0, width - left - 2) / CALENDAR_MAX_WEEKS);
  _reframe_chart_end (&p);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return height;
}

/**
 * reframe_chart_draw_year_calendar:
 * @year: the calendar year to show
 * @style: (nullable): light on a light page when %NULL
 *
 * Draws the year as 53 weeks of 7 days, each day with an entry in its mean mood's colour
 * and shape, days without entries outlined, days outside the insights' period faint.
 */
void
reframe_chart_draw_year_calendar (cairo_t                 *cr,
                                  double                   width,
                                  double                   height,
                                  ReframeInsights         *insights,
                                  int                      year,
                                  const ReframeChartStyle *style)
{
  g_autofree YearDays *days = g_new0 (YearDays, 1);
  ChartPainter         p;
  double               left, top, bottom, cell;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (insights != NULL);

  _reframe_chart_begin (&p, cr, width, height, style);
  if (!fill_year_days (days, insights, year))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("No mood was logged in %d in this period."), year);

      _reframe_chart_draw_message (&p, message);
      _reframe_chart_end (&p);
      return;
    }

  get_calendar_margins (&p, &left, &top, &bottom);
  cell = MIN ((p.width - left - 2) / days->n_weeks, (p.height - top - bottom - 2) / 7);
  cell = MAX (cell, 0.1);
  draw_calendar_cells (&p, days, left + 1, top + 1, cell);
  if (!p.compact)
    {
      draw_calendar_labels (&p, days, left + 1, top + 1, cell);
      if (draw_calendar_legend (&p, 0, 0, p.text_height * 0.9, TRUE) <= p.width - left)
        draw_calendar_legend (
            &p, left + 1, top + 1 + 7 * cell + bottom / 2 + 3, p.text_height * 0.9, FALSE);
    }
  _reframe_chart_end (&p);
}

/* Factor bars */

static double
factor_row_height (ChartPainter *p)
{
  return round (p->text_height * 2.1);
}

/* "+0.6", "−0.3" (a minus sign, not a hyphen), or "0.0" for less than a twentieth. */
static char *
format_difference (double difference)
{
  g_autofree char *number =
      reframe_locale_format_decimal (fabs (difference) < 0.05 ? 0.0 : fabs (difference), 1);

  if (fabs (difference) < 0.05)
    return g_steal_pointer (&number);
  return g_strconcat (difference > 0 ? "+" : "\u2212", number, NULL);
}

/* "+0.6 · 12 days with / 40 without" */
static char *
format_factor_numbers (const ReframeFactorImpact *factor)
{
  g_autofree char *with = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u day with", "%u days with", factor->days_with),
      factor->days_with);
  g_autofree char *without = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u without", "%u without", factor->days_without),
      factor->days_without);
  g_autofree char *difference = NULL;

  if (!factor->enough_data)
    /* Translators: day counts of a factor with too few days to compare: "3 days with / 40 without"
     */
    return g_strdup_printf (_ ("%s / %s"), with, without);
  difference = format_difference (factor->mean_with - factor->mean_without);
  /* Translators: a factor's difference in mood, then its day counts: "+0.6 · 12 days with / 40
   * without" */
  return g_strdup_printf (_ ("%s · %s / %s"), difference, with, without);
}

/* The same in a narrow chart: "+0.6 · 12/40". */
static char *
format_factor_numbers_short (const ReframeFactorImpact *factor)
{
  g_autofree char *difference = NULL;

  if (!factor->enough_data)
    /* Translators: day counts of a factor in a narrow chart, days with / days without: "3/40" */
    return g_strdup_printf (_ ("%u/%u"), factor->days_with, factor->days_without);
  difference = format_difference (factor->mean_with - factor->mean_without);
  /* Translators: a factor's difference in mood and its day counts, in a narrow chart: "+0.6 ·
   * 12/40" */
  return g_strdup_printf (_ ("%s · %u/%u"), difference, factor->days_with, factor->days_without);
}

/* The widest difference any factor shows, rounded up to a half point, at least half. */
static double
factor_scale (GPtrArray *factors)
{
  double largest = 0.5;

  for (guint i = 0; i < factors->len; i++)
    {
      const ReframeFactorImpact *factor = g_ptr_array_index (factors, i);

      if (factor->enough_data)
        largest = MAX (largest, fabs (factor->mean_with - factor->mean_without));
    }
  return ceil (largest * 2) / 2;
}

static void
draw_factor_header (ChartPainter    *p,
                    const ChartArea *bars,
                    double           scale,
                    double           y)
{
  double           zero = bars->x + bars->width / 2;
  g_autofree char *low = format_difference (-scale);
  g_autofree char *high = format_difference (scale);

  _reframe_chart_draw_text (p, low, bars->x, y, 0, 0.5, &p->dim);
  _reframe_chart_draw_text (p, "0", zero, y, 0.5, 0.5, &p->dim);
  _reframe_chart_draw_text (p, high, bars->x + bars->width, y, 1, 0.5, &p->dim);
  if (bars->width >= 4 * _reframe_chart_text_width (p, _ ("lower mood")) + 40)
    {
      _reframe_chart_draw_text (
          p, _ ("lower mood"), zero - 8 - bars->width / 8, y, 1, 0.5, &p->dim);
      _reframe_chart_draw_text (
          p, _ ("higher mood"), zero + 8 + bars->width / 8, y, 0, 0.5, &p->dim);
    }
}

static void
draw_factor_row (ChartPainter              *p,
                 const ReframeFactorImpact *factor,
                 const ChartArea           *bars,
                 double                     label_right,
                 double                     scale,
                 double                     y,
                 double                     row)
{
  double           zero = bars->x + bars->width / 2;
  double           difference = factor->mean_with - factor->mean_without;
  double           bar = bars->width / 2 * CLAMP (difference / scale, -1, 1);
  g_autofree char *numbers = format_factor_numbers (factor);
  ReframeMood      side = difference >= 0 ? REFRAME_MOOD_GOOD : REFRAME_MOOD_BAD;

  if (!p->compact)
    _reframe_chart_draw_text (p,
                              factor->label != NULL ? factor->label : factor->tag,
                              label_right,
                              y + row / 2,
                              1,
                              0.5,
                              factor->enough_data ? &p->fg : &p->dim);

  if (factor->enough_data)
    {
      cairo_rectangle (
          p->cr, MIN (zero, zero + bar), y + row * 0.22, MAX (fabs (bar), 1), row * 0.56);
      _reframe_chart_set_colour (p->cr, _reframe_chart_mood_fill (p, side));
      cairo_fill_preserve (p->cr);
      _reframe_chart_set_colour (p->cr, _reframe_chart_mood_mark (p, side));
      cairo_set_line_width (p->cr, 1);
      cairo_stroke (p->cr);
    }
  else if (!p->compact && zero + 8 + _reframe_chart_text_width (p, _ ("not enough data yet")) + 8 <=
                              bars->x + bars->width + 12)
    /* Only where it fits before the numbers; the summary says it in words anyway. */
    _reframe_chart_draw_text (p, _ ("not enough data yet"), zero + 8, y + row / 2, 0, 0.5, &p->dim);

  if (!p->compact)
    {
      double room = p->width - (bars->x + bars->width + 12);

      /* A narrow chart gives the counts in short, or leaves them to the summary. */
      if (_reframe_chart_text_width (p, numbers) > room)
        {
          g_free (numbers);
          numbers = format_factor_numbers_short (factor);
        }
      if (_reframe_chart_text_width (p, numbers) <= room)
        _reframe_chart_draw_text (p,
                                  numbers,
                                  bars->x + bars->width + 12,
                                  y + row / 2,
                                  0,
                                  0.5,
                                  factor->enough_data ? &p->fg : &p->dim);
    }
}

/* The widths of the name and number columns, each at most a third of the chart. */
static void
measure_factor_columns (ChartPainter *p,
                        GPtrArray    *factors,
                        double       *label_width,
                        double       *numbers_width)
{
  *label_width = *numbers_width = 0;
  if (p->compact)
    return;
  for (guint i = 0; i < factors->len; i++)
    {
      const ReframeFactorImpact *factor = g_ptr_array_index (factors, i);
      g_autofree char           *numbers = format_factor_numbers (factor);

      g_autofree char *shorter = format_factor_numbers_short (factor);
      double           full = _reframe_chart_text_width (p, numbers);

      *label_width =
          MAX (*label_width,
               _reframe_chart_text_width (p, factor->label != NULL ? factor->label : factor->tag));
      *numbers_width = MAX (*numbers_width,
                            full <= p->width / 3 ? full : _reframe_chart_text_width (p, shorter));
    }
  *label_width = MIN (*label_width, p->width / 3);
  *numbers_width = MIN (*numbers_width, p->width / 3);
}

/**
 * reframe_chart_get_factor_bars_height:
 * @style: (nullable): the style it will be drawn in
 *
 * Returns: the height the factor bars need to show every factor on its own row
 */
double
reframe_chart_get_factor_bars_height (ReframeInsights         *insights,
                                      const ReframeChartStyle *style)
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  ChartPainter     p;
  double           height;
  guint            rows;

  g_return_val_if_fail (insights != NULL, 0);

  /* The text's height, measured as the chart will. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cr = cairo_create (surface);
  _reframe_chart_begin (&p, cr, COMPACT_WIDTH * 10, COMPACT_HEIGHT * 10, style);
  rows = reframe_insights_get_factors (insights)->len;
  /* The header row and the factors' rows, as reframe_chart_draw_factor_bars lays them
   * out; without factors, room for the message. */
  height = rows == 0 ? round (p.text_height * 5) : (rows + 1) * factor_row_height (&p) + 4;
  /* Lower than this, the chart is drawn compact, without words: one activity alone
   * would lose its name. */
  height = MAX (
      height,
      ceil (COMPACT_HEIGHT * (style != NULL && style->font_scale > 0 ? style->font_scale : 1.0)));
  _reframe_chart_end (&p);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return height;
}

/**
 * reframe_chart_draw_factor_bars:
 * @style: (nullable): light on a light page when %NULL
 *
 * Draws, per activity, the difference between the mean mood on days with it and on
 * days without it as a bar left or right of zero, with its numbers and day counts;
 * activities with too few days on either side say so instead of a bar. Rows that do not
 * fit are summed up in a last line.
 */
void
reframe_chart_draw_factor_bars (cairo_t                 *cr,
                                double                   width,
                                double                   height,
                                ReframeInsights         *insights,
                                const ReframeChartStyle *style)
{
  GPtrArray   *factors;
  ChartPainter p;
  ChartArea    bars;
  double       label_width, numbers_width, row, scale, y;
  guint        fits;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (insights != NULL);

  _reframe_chart_begin (&p, cr, width, height, style);
  factors = reframe_insights_get_factors (insights);
  if (factors->len == 0)
    {
      _reframe_chart_draw_message (&p,
                                   _ ("No activities logged in this period yet. Add activities to "
                                      "entries to see what goes with better days."));
      _reframe_chart_end (&p);
      return;
    }

  measure_factor_columns (&p, factors, &label_width, &numbers_width);
  row = p.compact ? MAX (1, p.height / (factors->len + 1)) : factor_row_height (&p);
  bars = (ChartArea){ p.compact ? 1 : label_width + 12, 0, 0, 0 };
  bars.width = MAX (p.width - bars.x - (p.compact ? 1 : numbers_width + 12 + 4), 2);
  scale = factor_scale (factors);
  fits = MAX (1, (guint) floor (p.height / row) - 1);

  /* The scale only means something when some bar is drawn. */
  if (!p.compact && factors->len > 0 &&
      ((ReframeFactorImpact *) g_ptr_array_index (factors, 0))->enough_data)
    draw_factor_header (&p, &bars, scale, row / 2);
  y = row;
  _reframe_chart_set_colour (p.cr, &p.grid);
  cairo_set_line_width (p.cr, 1);
  cairo_move_to (p.cr, round (bars.x + bars.width / 2) + 0.5, y);
  cairo_line_to (p.cr, round (bars.x + bars.width / 2) + 0.5, y + MIN (factors->len, fits) * row);
  cairo_stroke (p.cr);

  for (guint i = 0; i < factors->len; i++, y += row)
    {
      if (i + 1 == fits && factors->len > fits && !p.compact)
        {
          guint            rest = factors->len - i;
          g_autofree char *more = g_strdup_printf (
              g_dngettext (GETTEXT_PACKAGE, "and %u more activity", "and %u more activities", rest),
              rest);

          _reframe_chart_draw_text (&p, more, 0, y + row / 2, 0, 0.5, &p.dim);
          break;
        }
      draw_factor_row (&p, g_ptr_array_index (factors, i), &bars, label_width, scale, y, row);
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
