/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chart.h: the Insights charts, drawn with cairo and pango at any size, and their summaries
 * in words. */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "reframe-insights.h"
#include "reframe-template.h"

G_BEGIN_DECLS

/**
 * ReframeChartStyle:
 * @dark: draw for the dark style (light marks on a dark page)
 * @font_scale: text size relative to the screen's (1.0 on screen)
 * @font_family: (nullable): the font's family, %NULL for "Sans"
 *
 * How a chart looks. The charts paint no background of their own: they sit on a card
 * on screen and on white paper in the report.
 */
typedef struct
{
  gboolean    dark;
  double      font_scale;
  const char *font_family;
} ReframeChartStyle;

void reframe_chart_draw_mood_line (cairo_t                 *cr,
                                   double                   width,
                                   double                   height,
                                   ReframeInsights         *insights,
                                   const ReframeChartStyle *style);
void reframe_chart_draw_year_calendar (cairo_t                 *cr,
                                       double                   width,
                                       double                   height,
                                       ReframeInsights         *insights,
                                       int                      year,
                                       const ReframeChartStyle *style);
void reframe_chart_draw_factor_bars (cairo_t                 *cr,
                                     double                   width,
                                     double                   height,
                                     ReframeInsights         *insights,
                                     const ReframeChartStyle *style);
void reframe_chart_draw_score_trend (cairo_t         *cr,
                                     double           width,
                                     double           height,
                                     ReframeInsights *insights,
                                     const char      *template_id,
                                     ReframeTemplate *template,
                                     const ReframeChartStyle *style);

double reframe_chart_get_year_calendar_height (double                   width,
                                               const ReframeChartStyle *style);
double reframe_chart_get_factor_bars_height (ReframeInsights         *insights,
                                             const ReframeChartStyle *style);

char *reframe_chart_describe_mood_line (ReframeInsights *insights);
char *reframe_chart_describe_year_calendar (ReframeInsights *insights,
                                            int              year);
char *reframe_chart_describe_factor_bars (ReframeInsights *insights);
char *reframe_chart_describe_score_trend (ReframeInsights *insights,
                                          const char      *template_id,
                                          ReframeTemplate *template);
char *reframe_chart_describe_factor (const ReframeFactorImpact *factor);
char *reframe_chart_describe_sleep (ReframeSleepCorrelation sleep);
char *reframe_chart_describe_homework (ReframeInsights *insights);

G_END_DECLS
