/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chart-private.h: what the chart drawing and the chart summaries share. */

#pragma once

#include <math.h>
#include <pango/pangocairo.h>

#include "reframe-chart.h"
#include "reframe-core-types.h"

G_BEGIN_DECLS

/* Below this size a chart drops its text and draws only its marks. */
#define COMPACT_WIDTH  160
#define COMPACT_HEIGHT 80

/* Text size on screen, in surface units (12 px is about 9 pt at 96 dpi). */
#define FONT_PX 12.0

typedef struct
{
  double r, g, b, a;
} ChartRgba;

#define CHART_RGB(hex, alpha)                                                                 \
  {                                                                                           \
    ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) &0xff) / 255.0, (alpha) \
  }

typedef struct
{
  /* Borrowed */
  cairo_t                 *cr;
  const ReframeChartStyle *style;

  /* Owned */
  PangoLayout *layout;

  double    width;
  double    height;
  double    text_height;
  gboolean  compact;
  ChartRgba fg;
  ChartRgba dim;
  ChartRgba grid;
  ChartRgba faint;
  ChartRgba line; /* opaque, on the card's colour */
} ChartPainter;

typedef struct
{
  double x, y, width, height;
} ChartArea;

/* Tests: every text a chart draws on @cr is appended to @boxes (of ChartArea), so that
 * a test can check that no text runs into another at any size. */
void _reframe_chart_log_text (cairo_t *cr,
                              GArray  *boxes);

/* Painting, date axes and periods, shared by the charts (reframe-chart-paint.c). */
void             _reframe_chart_begin (ChartPainter            *p,
                                       cairo_t                 *cr,
                                       double                   width,
                                       double                   height,
                                       const ReframeChartStyle *style);
void             _reframe_chart_begin_with_font_map (ChartPainter            *p,
                                                     cairo_t                 *cr,
                                                     PangoFontMap            *font_map,
                                                     double                   width,
                                                     double                   height,
                                                     const ReframeChartStyle *style);
void             _reframe_chart_end (ChartPainter *p);
void             _reframe_chart_draw_mood_line_with_font_map (cairo_t                 *cr,
                                                              PangoFontMap            *font_map,
                                                              double                   width,
                                                              double                   height,
                                                              ReframeInsights         *insights,
                                                              const ReframeChartStyle *style);
double           _reframe_chart_scale (ChartPainter *p);
void             _reframe_chart_set_colour (cairo_t         *cr,
                                            const ChartRgba *colour);
const ChartRgba *_reframe_chart_mood_mark (ChartPainter *p,
                                           ReframeMood   mood);
const ChartRgba *_reframe_chart_mood_fill (ChartPainter *p,
                                           ReframeMood   mood);
double           _reframe_chart_text_width (ChartPainter *p,
                                            const char   *text);
void             _reframe_chart_draw_text (ChartPainter    *p,
                                           const char      *text,
                                           double           x,
                                           double           y,
                                           double           xalign,
                                           double           yalign,
                                           const ChartRgba *colour);
void             _reframe_chart_draw_message (ChartPainter *p,
                                              const char   *message);
void             _reframe_chart_add_glyph (cairo_t    *cr,
                                           ReframeMood mood,
                                           double      x,
                                           double      y,
                                           double      r);
void             _reframe_chart_paint_glyphs (cairo_t    *cr,
                                              ReframeMood mood,
                                              double      r);
void             _reframe_chart_draw_date_axis (ChartPainter    *p,
                                                const ChartArea *plot,
                                                const GDate     *from,
                                                const GDate     *to);
double           _reframe_chart_day_x (const ChartArea *plot,
                                       guint32          first_julian,
                                       guint            n_days,
                                       guint32          julian);
guint            _reframe_chart_get_period (ReframeInsights *insights,
                                            GDate           *from,
                                            GDate           *to);

/* The mood level (1 to 5) a mean falls nearest to, as the calendar colours it. */
static inline ReframeMood
_reframe_chart_mood_level (double mean)
{
  if (isnan (mean))
    return REFRAME_MOOD_NONE;
  return (ReframeMood) CLAMP (lround (mean), REFRAME_MOOD_MIN, REFRAME_MOOD_MAX);
}

const char *_reframe_chart_mood_word (ReframeMood mood);
void        _reframe_chart_date_from_time (GDateTime *time,
                                           GDate     *date);

G_END_DECLS
