/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chart-calendar.c: the year calendar: 53 weeks of 7 days, each day with entries in
 * its mean mood's colour and shape, with month and weekday names and a legend. */

#define G_LOG_DOMAIN "ReframeChart"

#include "config.h"

#include "reframe-i18n.h"
#include <pango/pangocairo.h>

#include "reframe-chart-private.h"
#include "reframe-locale.h"

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
