/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-charts.c: drawing each Insights chart at window size (900×300) on an image
 * surface, for the whole of a generated journal and for its last 30 days, median of 20
 * runs, against a baseline measured in the same run: the same surface filled with one
 * rectangle and one line of pango text.
 * `bench-charts DIR [PNG-DIR]` prints one line per figure; with PNG-DIR it also writes
 * each chart, light and dark, on its page colour, for looking at. */

#include "config.h"

#include <pango/pangocairo.h>
#include <stdlib.h>

#include "reframe-chart.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"

#define WIDTH  900
#define HEIGHT 300
#define RUNS   20

typedef enum
{
  CHART_BASELINE,
  CHART_MOOD_LINE,
  CHART_YEAR_CALENDAR,
  CHART_FACTOR_BARS,
  CHART_PHQ9,
  CHART_GAD7,
  N_CHARTS
} Chart;

static const char *const names[] = {
  "baseline",
  "mood-line",
  "year-calendar",
  "factor-bars",
  "score-trend-phq9",
  "score-trend-gad7",
};

typedef struct
{
  ReframeInsights         *insights;
  ReframeTemplateRegistry *registry;
} Subject;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

/* What any drawing costs at least: one rectangle and one line of text. */
static void
draw_baseline (cairo_t *cr)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string ("Sans 9");

  cairo_rectangle (cr, 10, 10, WIDTH - 20, HEIGHT - 20);
  cairo_set_source_rgba (cr, 0.2, 0.4, 0.8, 0.5);
  cairo_fill (cr);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, "Your mood averaged 3.4 (okay) over 30 days.", -1);
  cairo_move_to (cr, 20, 20);
  cairo_set_source_rgb (cr, 0, 0, 0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
draw (Subject                 *subject,
      Chart                    chart,
      cairo_t                 *cr,
      const ReframeChartStyle *style)
{
  ReframeInsights *insights = subject->insights;
  int              year = g_date_get_year (reframe_insights_get_to (insights));

  switch (chart)
    {
    case CHART_BASELINE:
      draw_baseline (cr);
      break;
    case CHART_MOOD_LINE:
      reframe_chart_draw_mood_line (cr, WIDTH, HEIGHT, insights, style);
      break;
    case CHART_YEAR_CALENDAR:
      reframe_chart_draw_year_calendar (cr, WIDTH, HEIGHT * 0.7, insights, year, style);
      break;
    case CHART_FACTOR_BARS:
      reframe_chart_draw_factor_bars (cr, WIDTH, HEIGHT, insights, style);
      break;
    case CHART_PHQ9:
      reframe_chart_draw_score_trend (
          cr,
          WIDTH,
          HEIGHT,
          insights,
          "phq-9",
          reframe_template_registry_lookup (subject->registry, "phq-9", 0),
          style);
      break;
    case CHART_GAD7:
    case N_CHARTS:
    default:
      reframe_chart_draw_score_trend (
          cr,
          WIDTH,
          HEIGHT,
          insights,
          "gad-7",
          reframe_template_registry_lookup (subject->registry, "gad-7", 0),
          style);
      break;
    }
}

static double
time_chart (Subject *subject,
            Chart    chart)
{
  ReframeChartStyle style = { FALSE, 1.0, NULL };
  cairo_surface_t  *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t          *cr = cairo_create (surface);
  gint64            start = g_get_monotonic_time ();
  double            ms;

  draw (subject, chart, cr, &style);
  cairo_surface_flush (surface);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return ms;
}

static void
write_png (Subject    *subject,
           Chart       chart,
           gboolean    dark,
           const char *dir,
           const char *label)
{
  ReframeChartStyle style = { dark, 1.0, NULL };
  cairo_surface_t  *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t          *cr = cairo_create (surface);
  g_autofree char  *name =
      g_strdup_printf ("%s-%s-%s.png", label, names[chart], dark ? "dark" : "light");
  g_autofree char *path = g_build_filename (dir, name, NULL);

  /* libadwaita's card colours, light and dark. */
  if (dark)
    cairo_set_source_rgb (cr, 0x3a / 255.0, 0x3a / 255.0, 0x3a / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  draw (subject, chart, cr, &style);
  cairo_destroy (cr);
  cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
}

static ReframeInsights *
compute (ReframeStore *store,
         const GDate  *from,
         const GDate  *to)
{
  g_autoptr (GError) error = NULL;
  ReframeInsights *insights = reframe_insights_compute (store, from, to, TRUE, NULL, &error);

  g_assert_no_error (error);
  return insights;
}

static void
bench_subject (Subject    *subject,
               const char *label,
               const char *png_dir)
{
  GArray *samples[N_CHARTS];

  for (Chart chart = 0; chart < N_CHARTS; chart++)
    samples[chart] = g_array_new (FALSE, FALSE, sizeof (double));

  /* Interleaved, so that every chart and the baseline see the same machine; the first
   * round warms pango's font caches and is not counted. */
  for (guint run = 0; run <= RUNS; run++)
    for (Chart chart = 0; chart < N_CHARTS; chart++)
      {
        double ms = time_chart (subject, chart);

        if (run > 0)
          g_array_append_val (samples[chart], ms);
      }

  for (Chart chart = 0; chart < N_CHARTS; chart++)
    {
      double ms = median (samples[chart]);

      g_print ("chart-%s-%s-ms median %.2f%s\n",
               label,
               names[chart],
               ms,
               chart == CHART_BASELINE ? " (baseline: one rectangle and one line of text, same run)"
                                       : " (target <= 8)");
      if (png_dir != NULL)
        {
          write_png (subject, chart, FALSE, png_dir, label);
          write_png (subject, chart, TRUE, png_dir, label);
        }
      g_array_unref (samples[chart]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (ReframeInsights) everything = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  GArray *daily;
  GDate   from, to;

  if (argc < 2 || argc > 3)
    {
      g_printerr ("Usage: bench-charts DIR [PNG-DIR]\n");
      return 2;
    }

  store = reframe_store_open (argv[1], &error);
  g_assert_no_error (error);
  registry = reframe_template_registry_new (argv[1], &error);
  g_assert_no_error (error);

  /* The whole journal, from its first day with entries to its last. */
  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, G_DATE_JANUARY, 1900);
  g_date_clear (&to, 1);
  g_date_set_dmy (&to,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now) + 1);
  everything = compute (store, &from, &to);
  daily = reframe_insights_get_daily (everything);
  if (daily->len == 0)
    {
      g_printerr ("bench-charts: the journal in %s is empty\n", argv[1]);
      return EXIT_FAILURE;
    }

  {
    g_autoptr (ReframeInsights) all =
        compute (store,
                 &g_array_index (daily, ReframeDailyMood, 0).day,
                 &g_array_index (daily, ReframeDailyMood, daily->len - 1).day);
    g_autoptr (ReframeInsights) month = NULL;
    Subject subject = { all, registry };

    g_print ("days logged %u of %u\n",
             reframe_insights_get_days_logged (all),
             reframe_insights_get_days_in_period (all));
    bench_subject (&subject, "all", argc == 3 ? argv[2] : NULL);

    to = g_array_index (daily, ReframeDailyMood, daily->len - 1).day;
    from = to;
    g_date_subtract_days (&from, 29);
    month = compute (store, &from, &to);
    subject.insights = month;
    bench_subject (&subject, "month", argc == 3 ? argv[2] : NULL);
  }
  return EXIT_SUCCESS;
}
