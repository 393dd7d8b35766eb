/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chart-factors.c: the factor bars: per activity, the mean mood on days with it
 * against days without it, a bar left or right of zero with its numbers and day counts. */

#define G_LOG_DOMAIN "ReframeChart"

#include "config.h"

#include "reframe-i18n.h"
#include <pango/pangocairo.h>

#include "reframe-chart-private.h"
#include "reframe-locale.h"

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
