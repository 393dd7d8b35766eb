/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-charts.c: the Insights charts draw at any size, in light and dark, and say in
 * words what they show (the figures of reframe-chart-fixture.c). */

#include "config.h"

#include <fontconfig/fontconfig.h>
#include <locale.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "reframe-chart-fixture.h"
#include "reframe-chart-private.h"
#include "reframe-chart.h"
#include "reframe-template-registry.h"
#include "reframe-test-util.h"

typedef enum
{
  CHART_MOOD_LINE,
  CHART_YEAR_CALENDAR,
  CHART_FACTOR_BARS,
  CHART_SCORE_TREND,
  CHART_SCORE_TREND_WITHOUT_TEMPLATE,
  N_CHARTS
} Chart;

typedef struct
{
  char                    *dir;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  ReframeInsights         *insights; /* the small journal over March 2024 */
  ReframeInsights         *empty;    /* a period without entries */
} Fixture;

static const struct
{
  int width, height;
} sizes[] = {
  { 10, 10 },
  { 120, 60 },
  { 320, 200 },
  { 900, 300 },
  { 2000, 1200 },
};

static ReframeInsights *
compute (ReframeStore *store,
         const GDate  *from,
         const GDate  *to)
{
  g_autoptr (GError) error = NULL;
  ReframeInsights *insights = reframe_insights_compute (store, from, to, TRUE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (insights);
  return insights;
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  GDate from, to;

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->registry = reframe_template_registry_new (f->dir, &error);
  g_assert_no_error (error);
  reframe_test_fill_small_journal (f->store);

  reframe_test_fixture_period (&from, &to);
  f->insights = compute (f->store, &from, &to);
  g_date_add_years (&from, 1);
  g_date_add_years (&to, 1);
  f->empty = compute (f->store, &from, &to);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_pointer (&f->insights, reframe_insights_unref);
  g_clear_pointer (&f->empty, reframe_insights_unref);
  g_assert_finalize_object (f->registry);
  g_assert_finalize_object (f->store);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

static ReframeTemplate *
phq9 (Fixture *f)
{
  ReframeTemplate *template = reframe_template_registry_lookup (f->registry, "phq-9", 0);

  g_assert_nonnull (template);
  return template;
}

static void
draw_chart (Fixture                 *f,
            Chart                    chart,
            ReframeInsights         *insights,
            cairo_t                 *cr,
            double                   width,
            double                   height,
            const ReframeChartStyle *style)
{
  switch (chart)
    {
    case CHART_MOOD_LINE:
      reframe_chart_draw_mood_line (cr, width, height, insights, style);
      break;
    case CHART_YEAR_CALENDAR:
      reframe_chart_draw_year_calendar (
          cr, width, height, insights, REFRAME_TEST_FIXTURE_YEAR, style);
      break;
    case CHART_FACTOR_BARS:
      reframe_chart_draw_factor_bars (cr, width, height, insights, style);
      break;
    case CHART_SCORE_TREND:
      reframe_chart_draw_score_trend (cr, width, height, insights, "phq-9", phq9 (f), style);
      break;
    case CHART_SCORE_TREND_WITHOUT_TEMPLATE:
    case N_CHARTS:
    default:
      reframe_chart_draw_score_trend (cr, width, height, insights, "phq-9", NULL, style);
      break;
    }
}

/* Draws onto a transparent surface and checks cairo is happy with it. */
static cairo_surface_t *
render (Fixture         *f,
        Chart            chart,
        ReframeInsights *insights,
        int              width,
        int              height,
        gboolean         dark)
{
  ReframeChartStyle style = { dark, 1.0, NULL };
  cairo_surface_t  *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t          *cr = cairo_create (surface);

  draw_chart (f, chart, insights, cr, width, height, &style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

/* How many pixels in the rectangle are not fully transparent. */
static guint
count_drawn (cairo_surface_t *surface,
             int              x0,
             int              y0,
             int              width,
             int              height)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int           stride = cairo_image_surface_get_stride (surface);
  guint         n = 0;

  for (int y = y0; y < y0 + height; y++)
    for (int x = x0; x < x0 + width; x++)
      if (((const guint32 *) (data + y * stride))[x] >> 24 != 0)
        n++;
  return n;
}

static gboolean
surfaces_equal (cairo_surface_t *a,
                cairo_surface_t *b)
{
  int height = cairo_image_surface_get_height (a);

  return memcmp (cairo_image_surface_get_data (a),
                 cairo_image_surface_get_data (b),
                 cairo_image_surface_get_stride (a) * height) == 0;
}

static void
test_draw_sizes (Fixture      *f,
                 gconstpointer data)
{
  for (Chart chart = 0; chart < N_CHARTS; chart++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      for (int dark = 0; dark <= 1; dark++)
        {
          cairo_surface_t *surface =
              render (f, chart, f->insights, sizes[i].width, sizes[i].height, dark);

          if (count_drawn (surface, 0, 0, sizes[i].width, sizes[i].height) == 0)
            g_error ("chart %d drew nothing at %d×%d (dark %d)",
                     chart,
                     sizes[i].width,
                     sizes[i].height,
                     dark);
          cairo_surface_destroy (surface);
        }
}

/* No text runs into other text, however narrow the window: month names above the
 * year calendar, "not enough data yet" beside a factor's numbers, axis labels. */
static void
test_text_never_overlaps (Fixture      *f,
                          gconstpointer data)
{
  for (Chart chart = 0; chart < N_CHARTS; chart++)
    for (int width = 200; width <= 960; width += 8)
      {
        ReframeChartStyle style = { FALSE, 1.0, NULL };
        g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (ChartArea));
        int              height = chart == CHART_YEAR_CALENDAR
                                      ? reframe_chart_get_year_calendar_height (width, &style) + (width % 3) * 40
                                      : 240;
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
        cairo_t         *cr = cairo_create (surface);

        _reframe_chart_log_text (cr, boxes);
        draw_chart (f, chart, f->insights, cr, width, height, &style);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);

        for (guint i = 0; i < boxes->len; i++)
          {
            const ChartArea *a = &g_array_index (boxes, ChartArea, i);

            if (a->x < -1 || a->x + a->width > width + 1)
              g_error ("chart %d at %d px: text %u (%.0f, width %.0f) runs out of the chart",
                       chart,
                       width,
                       i,
                       a->x,
                       a->width);
          }
        for (guint i = 0; i < boxes->len; i++)
          for (guint k = i + 1; k < boxes->len; k++)
            {
              const ChartArea *a = &g_array_index (boxes, ChartArea, i);
              const ChartArea *b = &g_array_index (boxes, ChartArea, k);
              double           dx = MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x);
              double           dy = MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y);

              if (dx > 1 && dy > 1)
                g_error ("chart %d at %d px: text %u (%.0f,%.0f %.0f×%.0f) overlaps text %u "
                         "(%.0f,%.0f %.0f×%.0f)",
                         chart,
                         width,
                         i,
                         a->x,
                         a->y,
                         a->width,
                         a->height,
                         k,
                         b->x,
                         b->y,
                         b->width,
                         b->height);
            }
      }
}

/* With nothing to show, each chart still says so in its place, at every size. */
static void
test_draw_empty (Fixture      *f,
                 gconstpointer data)
{
  for (Chart chart = 0; chart < N_CHARTS; chart++)
    for (guint i = 1; i < G_N_ELEMENTS (sizes); i++)
      {
        cairo_surface_t *surface =
            render (f, chart, f->empty, sizes[i].width, sizes[i].height, FALSE);

        g_assert_cmpuint (count_drawn (surface, 0, 0, sizes[i].width, sizes[i].height), >, 0);
        cairo_surface_destroy (surface);
      }
}

static void
test_light_and_dark_differ (Fixture      *f,
                            gconstpointer data)
{
  for (Chart chart = 0; chart < N_CHARTS; chart++)
    {
      cairo_surface_t *light = render (f, chart, f->insights, 900, 300, FALSE);
      cairo_surface_t *dark = render (f, chart, f->insights, 900, 300, TRUE);
      cairo_surface_t *light_again = render (f, chart, f->insights, 900, 300, FALSE);

      g_assert_false (surfaces_equal (light, dark));
      /* And drawing is repeatable: the difference is the style, not chance. */
      g_assert_true (surfaces_equal (light, light_again));
      cairo_surface_destroy (light);
      cairo_surface_destroy (dark);
      cairo_surface_destroy (light_again);
    }
}

/* A chart stays inside its rectangle and leaves the caller's cairo state as it was. */
static void
test_stays_inside (Fixture      *f,
                   gconstpointer data)
{
  for (Chart chart = 0; chart < N_CHARTS; chart++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 700, 400);
      cairo_t         *cr = cairo_create (surface);
      cairo_matrix_t   matrix;

      cairo_translate (cr, 100, 50);
      cairo_set_line_width (cr, 7);
      draw_chart (f, chart, f->insights, cr, 500, 300, NULL);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpfloat (cairo_get_line_width (cr), ==, 7);
      cairo_get_matrix (cr, &matrix);
      g_assert_cmpfloat (matrix.x0, ==, 100);
      g_assert_false (cairo_has_current_point (cr));
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      g_assert_cmpuint (count_drawn (surface, 100, 50, 500, 300), >, 0);
      g_assert_cmpuint (count_drawn (surface, 0, 0, 700, 50), ==, 0);
      g_assert_cmpuint (count_drawn (surface, 0, 350, 700, 50), ==, 0);
      g_assert_cmpuint (count_drawn (surface, 0, 50, 100, 300), ==, 0);
      g_assert_cmpuint (count_drawn (surface, 600, 50, 100, 300), ==, 0);
      cairo_surface_destroy (surface);
    }
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

static void
test_summaries (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *mood = reframe_chart_describe_mood_line (f->insights);
  g_autofree char *calendar =
      reframe_chart_describe_year_calendar (f->insights, REFRAME_TEST_FIXTURE_YEAR);
  g_autofree char *other_year =
      reframe_chart_describe_year_calendar (f->insights, REFRAME_TEST_FIXTURE_YEAR - 1);
  g_autofree char *factors = reframe_chart_describe_factor_bars (f->insights);
  g_autofree char *scores = reframe_chart_describe_score_trend (f->insights, "phq-9", phq9 (f));
  g_autofree char *no_scores = reframe_chart_describe_score_trend (f->insights, "gad-7", NULL);
  g_autofree char *sleep = reframe_chart_describe_sleep (reframe_insights_get_sleep (f->insights));
  g_autofree char *homework = reframe_chart_describe_homework (f->insights);

  g_assert_cmpstr (mood,
                   ==,
                   "Your mood averaged 3.0 (okay) over 30 days, logged on 20 of them. The 7-day "
                   "average fell from 4.0 to 2.0.");
  g_assert_cmpstr (calendar,
                   ==,
                   "In 2024 your mood was logged on 20 days. By their average: 0 great, 10 good, 0 "
                   "okay, 10 bad and 0 awful.");
  g_assert_cmpstr (other_year, ==, "No mood was logged in 2023 in this period.");
  assert_contains (factors, "your mood was 2.0 higher on average (10 days with, 10 without).");
  assert_contains (factors, "1 activity does not have enough days yet");
  assert_contains (factors, "not proof of what causes what");
  g_assert_cmpstr (
      scores,
      ==,
      "PHQ-9 was filled in 2 times in this period. The first score, on 5 March 2024, was 14 "
      "(Moderate); the latest, on 25 March 2024, was 8 (Mild). That is 6 points lower.");
  g_assert_cmpstr (no_scores, ==, "No gad-7 scores in this period yet.");
  g_assert_cmpstr (
      sleep, ==, "Not enough data yet about sleep: 6 nights logged; a pattern needs at least 10.");
  g_assert_null (homework);
}

static void
test_factor_findings (Fixture      *f,
                      gconstpointer data)
{
  GPtrArray *factors = reframe_insights_get_factors (f->insights);
  gboolean   seen_exercise = FALSE, seen_reading = FALSE;

  for (guint i = 0; i < factors->len; i++)
    {
      const ReframeFactorImpact *factor = g_ptr_array_index (factors, i);
      g_autofree char           *text = reframe_chart_describe_factor (factor);

      if (g_strcmp0 (factor->tag, "exercise") == 0)
        {
          g_assert_true (factor->enough_data);
          assert_contains (text, "2.0 higher on average (10 days with, 10 without).");
          seen_exercise = TRUE;
        }
      else if (g_strcmp0 (factor->tag, "reading") == 0)
        {
          g_assert_false (factor->enough_data);
          assert_contains (text, "Not enough data yet about");
          assert_contains (
              text, "(3 days with, 17 without): a comparison needs at least 5 days on each side.");
          seen_reading = TRUE;
        }
    }
  g_assert_true (seen_exercise);
  g_assert_true (seen_reading);
}

static void
test_empty_summaries (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *mood = reframe_chart_describe_mood_line (f->empty);
  g_autofree char *factors = reframe_chart_describe_factor_bars (f->empty);
  g_autofree char *scores = reframe_chart_describe_score_trend (f->empty, "phq-9", phq9 (f));
  g_autofree char *sleep = reframe_chart_describe_sleep (reframe_insights_get_sleep (f->empty));

  g_assert_cmpstr (mood, ==, "No mood was logged on any of the 30 days of this period.");
  g_assert_cmpstr (
      factors, ==, "No activities were logged in this period, so there is nothing to compare yet.");
  g_assert_cmpstr (scores, ==, "No PHQ-9 scores in this period yet.");
  g_assert_cmpstr (
      sleep, ==, "Not enough data yet about sleep: 0 nights logged; a pattern needs at least 10.");
}

/* The sleep finding for each strength of link, with its sample size. */
static void
test_sleep_words (void)
{
  const struct
  {
    double      r;
    const char *expected;
  } cases[] = {
    { 0.05, "Over 40 nights, hours slept and mood showed no clear link (r = 0.05)." },
    { 0.42, "Over 40 nights, more sleep went with a better mood: a moderate link (r = 0.42)." },
    { -0.2,
      "Over 40 nights, more sleep went a little with a lower mood: a weak link (r = -0.20)." },
    { 0.75,
      "Over 40 nights, more sleep went clearly with a better mood: a strong link (r = 0.75)." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ReframeSleepCorrelation sleep = { cases[i].r, 40, TRUE };
      g_autofree char        *text = reframe_chart_describe_sleep (sleep);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* One activity alone still gets its name and numbers: the height the page asks for is
 * never so small that the chart draws itself without words. */
static void
test_one_factor_has_words (Fixture      *f,
                           gconstpointer data)
{
  ReframeChartStyle style = { FALSE, 1.0, NULL };
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (ChartArea));
  GDate            from, to;
  ReframeInsights *insights;
  double           height;
  cairo_surface_t *surface;
  cairo_t         *cr;

  /* Days 11 to 20: only "reading" (on two of them). */
  reframe_test_fixture_period (&from, &to);
  g_date_add_days (&from, 10);
  to = from;
  g_date_add_days (&to, 9);
  insights = compute (f->store, &from, &to);
  g_assert_cmpuint (reframe_insights_get_factors (insights)->len, ==, 1);

  height = reframe_chart_get_factor_bars_height (insights, &style);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, (int) ceil (height));
  cr = cairo_create (surface);
  _reframe_chart_log_text (cr, boxes);
  reframe_chart_draw_factor_bars (cr, 600, height, insights, &style);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (boxes->len, >=, 2);
  reframe_insights_unref (insights);
}

int
main (int    argc,
      char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/reframe/charts/draw-sizes",
              Fixture,
              NULL,
              fixture_set_up,
              test_draw_sizes,
              fixture_tear_down);
  g_test_add ("/reframe/charts/draw-empty",
              Fixture,
              NULL,
              fixture_set_up,
              test_draw_empty,
              fixture_tear_down);
  g_test_add ("/reframe/charts/light-and-dark",
              Fixture,
              NULL,
              fixture_set_up,
              test_light_and_dark_differ,
              fixture_tear_down);
  g_test_add ("/reframe/charts/text-never-overlaps",
              Fixture,
              NULL,
              fixture_set_up,
              test_text_never_overlaps,
              fixture_tear_down);
  g_test_add ("/reframe/charts/stays-inside",
              Fixture,
              NULL,
              fixture_set_up,
              test_stays_inside,
              fixture_tear_down);
  g_test_add ("/reframe/charts/summaries",
              Fixture,
              NULL,
              fixture_set_up,
              test_summaries,
              fixture_tear_down);
  g_test_add ("/reframe/charts/factor-findings",
              Fixture,
              NULL,
              fixture_set_up,
              test_factor_findings,
              fixture_tear_down);
  g_test_add ("/reframe/charts/one-factor-has-words",
              Fixture,
              NULL,
              fixture_set_up,
              test_one_factor_has_words,
              fixture_tear_down);
  g_test_add ("/reframe/charts/empty-summaries",
              Fixture,
              NULL,
              fixture_set_up,
              test_empty_summaries,
              fixture_tear_down);
  g_test_add_func ("/reframe/charts/sleep-words", test_sleep_words);

  status = g_test_run ();

  /* pango, cairo and fontconfig keep the fonts they loaded for the life of the process;
   * let them go, so that LeakSanitizer looks at the charts' memory only. */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
  return status;
}
