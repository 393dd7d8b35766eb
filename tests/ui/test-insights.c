/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-insights.c: the Insights page on a small journal (reframe-chart-fixture.c):
 * it computes in the background, shows the charts and the findings, switches period,
 * follows the dark style, and says so when there is nothing or too little to show. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <string.h>

#include "reframe-chart-fixture.h"
#include "reframe-insights-page-private.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-ui-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  char                    *dir;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  GtkWindow               *window;
  ReframeInsightsPage     *page;
} Fixture;

typedef enum
{
  JOURNAL_SMALL,
  JOURNAL_EMPTY,
  JOURNAL_TWO_DAYS,
} Journal;

/* Main loop helpers */

static gboolean
computed (gpointer data)
{
  return !_reframe_insights_page_get_computing (data);
}

static gboolean
drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* Fixture */

static void
add_entry (ReframeStore *store,
           const char   *iso_time,
           ReframeMood   mood)
{
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (iso_time, mood, "A day.");
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error));
  g_assert_no_error (error);
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
  if (GPOINTER_TO_INT (data) == JOURNAL_SMALL)
    reframe_test_fill_small_journal (f->store);
  else if (GPOINTER_TO_INT (data) == JOURNAL_TWO_DAYS)
    {
      add_entry (f->store, "2024-03-28T20:00:00Z", REFRAME_MOOD_OKAY);
      add_entry (f->store, "2024-03-29T20:00:00Z", REFRAME_MOOD_GOOD);
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->window, 1000, 900);
  f->page = REFRAME_INSIGHTS_PAGE (reframe_insights_page_new ());
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->page));

  /* "Today" is the last day of the fixture's month, so "Month" is exactly its period. */
  reframe_test_fixture_period (&from, &to);
  _reframe_insights_page_set_today (f->page, &to);
  g_assert_cmpstr (_reframe_insights_page_get_state (f->page), ==, "empty");
  reframe_insights_page_set_store (f->page, f->store, f->registry);
  /* Nothing is computed before the page is shown; then it is, in the background. */
  g_assert_false (_reframe_insights_page_get_computing (f->page));
  reframe_ui_test_present (f->window, WAIT_MS);
  g_assert_true (reframe_test_wait_for (computed, f->page, WAIT_MS));
  g_assert_nonnull (_reframe_insights_page_get_insights (f->page));
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (f->window);
  reframe_test_spin_idle ();
  g_assert_null (f->window);

  g_assert_finalize_object (f->registry);
  /* Nothing the page started (a computation, its callbacks) keeps the journal open. */
  g_assert_finalize_object (f->store);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Helpers */

static gpointer
get_child (Fixture    *f,
           const char *name)
{
  GObject *child =
      gtk_widget_get_template_child (GTK_WIDGET (f->page), REFRAME_TYPE_INSIGHTS_PAGE, name);

  g_assert_nonnull (child);
  return child;
}

/* The chart's widget drawn as GTK draws it, as pixels. */
static GBytes *
render_chart (GtkWidget *area)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (area);
  GtkSnapshot     *snapshot = gtk_snapshot_new ();
  int              width = gtk_widget_get_width (area), height = gtk_widget_get_height (area);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t         *cr = cairo_create (surface);
  GskRenderNode   *node;
  GBytes          *pixels;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        (gsize) cairo_image_surface_get_stride (surface) * height);
  gsk_render_node_unref (node);
  cairo_surface_destroy (surface);
  return pixels;
}

/* How many pixels of the chart are not transparent. */
static guint
count_chart_pixels (GtkWidget *area)
{
  g_autoptr (GBytes) pixels = render_chart (area);
  gsize          size = 0;
  const guint32 *data = g_bytes_get_data (pixels, &size);
  guint          n = 0;

  for (gsize i = 0; i < size / 4; i++)
    if (data[i] >> 24)
      n++;
  return n;
}

static gboolean
findings_contain (Fixture    *f,
                  const char *text)
{
  g_autoptr (GPtrArray) findings = _reframe_insights_page_dup_findings (f->page);

  for (guint i = 0; i < findings->len; i++)
    if (strstr (g_ptr_array_index (findings, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
choose_period (Fixture              *f,
               ReframeInsightsPeriod period)
{
  GtkWidget *button = _reframe_insights_page_get_period_button (f->page, period);

  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpint (reframe_insights_page_get_period (f->page), ==, period);
  g_assert_true (_reframe_insights_page_get_computing (f->page));
  g_assert_true (reframe_test_wait_for (computed, f->page, WAIT_MS));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
}

/* Tests */

static void
test_computes_and_shows (Fixture      *f,
                         gconstpointer data)
{
  ReframeInsights *insights = _reframe_insights_page_get_insights (f->page);
  GtkWidget       *mood = _reframe_insights_page_get_chart (f->page, "mood");

  g_assert_cmpstr (_reframe_insights_page_get_state (f->page), ==, "insights");
  g_assert_nonnull (insights);
  g_assert_cmpuint (reframe_insights_get_days_in_period (insights), ==, 30);
  g_assert_cmpuint (reframe_insights_get_days_logged (insights), ==, 20);

  /* The captions are the charts' summaries, with the fixture's figures. */
  g_assert_cmpstr (gtk_label_get_label (get_child (f, "mood_caption")),
                   ==,
                   "Your mood averaged 3.0 (okay) over 30 days, logged on 20 of them. The 7-day "
                   "average fell from 4.0 to 2.0.");
  g_assert_false (gtk_widget_get_visible (get_child (f, "little_data_label")));
  g_assert_false (gtk_widget_get_visible (get_child (f, "calendar_section")));

  /* The findings, each with the days it rests on. */
  g_assert_true (
      findings_contain (f, "your mood was 2.0 higher on average (10 days with, 10 without)."));
  g_assert_true (findings_contain (
      f, "(3 days with, 17 without): a comparison needs at least 5 days on each side."));
  g_assert_true (findings_contain (
      f, "Not enough data yet about sleep: 6 nights logged; a pattern needs at least 10."));

  /* The PHQ-9 chart shows, the GAD-7 one (no scores) does not. */
  g_assert_true (gtk_widget_get_visible (
      gtk_widget_get_parent (_reframe_insights_page_get_chart (f->page, "phq-9"))));
  g_assert_false (gtk_widget_get_visible (
      gtk_widget_get_parent (_reframe_insights_page_get_chart (f->page, "gad-7"))));
  g_assert_false (gtk_widget_get_visible (get_child (f, "no_scores_label")));

  g_assert_true (reframe_test_wait_for (drawn, mood, WAIT_MS));
  g_assert_cmpuint (count_chart_pixels (mood), >, 500);
  g_assert_cmpuint (
      count_chart_pixels (_reframe_insights_page_get_chart (f->page, "factors")), >, 100);
  g_assert_cmpuint (
      count_chart_pixels (_reframe_insights_page_get_chart (f->page, "phq-9")), >, 100);
}

static void
test_switches_period (Fixture      *f,
                      gconstpointer data)
{
  ReframeInsights *insights;
  GDate            first;

  choose_period (f, REFRAME_INSIGHTS_PERIOD_WEEK);
  insights = _reframe_insights_page_get_insights (f->page);
  g_assert_cmpuint (reframe_insights_get_days_in_period (insights), ==, 7);
  /* 24 to 30 March: no entries, but the journal has some: a calm empty state. */
  g_assert_cmpstr (_reframe_insights_page_get_state (f->page), ==, "empty");

  choose_period (f, REFRAME_INSIGHTS_PERIOD_YEAR);
  insights = _reframe_insights_page_get_insights (f->page);
  g_assert_cmpuint (reframe_insights_get_days_in_period (insights), ==, 365);
  g_assert_cmpstr (_reframe_insights_page_get_state (f->page), ==, "insights");
  g_assert_true (gtk_widget_get_visible (get_child (f, "calendar_section")));
  g_assert_cmpstr (gtk_label_get_label (get_child (f, "calendar_heading")), ==, "2024");
  g_assert_true (reframe_test_wait_for (
      drawn, _reframe_insights_page_get_chart (f->page, "calendar"), WAIT_MS));
  g_assert_cmpuint (
      count_chart_pixels (_reframe_insights_page_get_chart (f->page, "calendar")), >, 500);

  /* A year back, and forward again; not past the period. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "insights.previous-year", NULL));
  g_assert_cmpstr (gtk_label_get_label (get_child (f, "calendar_heading")), ==, "2023");
  g_assert_cmpstr (gtk_label_get_label (get_child (f, "calendar_caption")),
                   ==,
                   "No mood was logged in 2023 in this period.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "insights.next-year", NULL));
  g_assert_cmpstr (gtk_label_get_label (get_child (f, "calendar_heading")), ==, "2024");
  g_assert_false (gtk_widget_is_sensitive (get_child (f, "next_year_button")));

  /* "All" starts at the first entry. */
  choose_period (f, REFRAME_INSIGHTS_PERIOD_ALL);
  insights = _reframe_insights_page_get_insights (f->page);
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_MARCH, 2024);
  g_assert_cmpint (g_date_compare (reframe_insights_get_from (insights), &first), ==, 0);
  g_assert_cmpuint (reframe_insights_get_days_in_period (insights), ==, 30);
}

/* A new period cancels the computation still running: only the last one shows. */
static void
test_switch_cancels (Fixture      *f,
                     gconstpointer data)
{
  g_signal_emit_by_name (
      _reframe_insights_page_get_period_button (f->page, REFRAME_INSIGHTS_PERIOD_YEAR), "clicked");
  g_signal_emit_by_name (
      _reframe_insights_page_get_period_button (f->page, REFRAME_INSIGHTS_PERIOD_ALL), "clicked");
  g_signal_emit_by_name (
      _reframe_insights_page_get_period_button (f->page, REFRAME_INSIGHTS_PERIOD_WEEK), "clicked");
  g_assert_true (gtk_widget_get_visible (get_child (f, "spinner")));
  g_assert_true (reframe_test_wait_for (computed, f->page, WAIT_MS));
  g_assert_false (gtk_widget_get_visible (get_child (f, "spinner")));
  g_assert_cmpuint (
      reframe_insights_get_days_in_period (_reframe_insights_page_get_insights (f->page)), ==, 7);
  /* Nothing late arrives afterwards. */
  g_usleep (100 * 1000);
  reframe_test_spin_idle ();
  g_assert_cmpuint (
      reframe_insights_get_days_in_period (_reframe_insights_page_get_insights (f->page)), ==, 7);
}

/* The period buttons work from the keyboard, by their mnemonics. */
static gboolean
period_is_year (gpointer data)
{
  return reframe_insights_page_get_period (data) == REFRAME_INSIGHTS_PERIOD_YEAR;
}

static void
test_keyboard (Fixture      *f,
               gconstpointer data)
{
  GtkWidget *year =
      _reframe_insights_page_get_period_button (f->page, REFRAME_INSIGHTS_PERIOD_YEAR);

  g_assert_true (gtk_widget_get_focusable (year));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (year)));
  g_assert_true (gtk_widget_mnemonic_activate (year, FALSE));
  /* A button activated from the keyboard shows itself pressed for a moment first. */
  g_assert_true (reframe_test_wait_for (period_is_year, f->page, WAIT_MS));
  g_assert_true (reframe_test_wait_for (computed, f->page, WAIT_MS));
}

/* The charts draw their own colours, and follow the style when it changes. */
static void
test_follows_dark_style (Fixture      *f,
                         gconstpointer data)
{
  GtkWidget *mood = _reframe_insights_page_get_chart (f->page, "mood");
  g_autoptr (GBytes) light = NULL;
  g_autoptr (GBytes) dark = NULL;

  g_assert_true (reframe_test_wait_for (drawn, mood, WAIT_MS));
  light = render_chart (mood);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  reframe_test_spin_idle ();
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  dark = render_chart (mood);
  g_assert_cmpuint (count_chart_pixels (mood), >, 500);
  g_assert_false (g_bytes_equal (light, dark));
}

static void
test_empty_journal (Fixture      *f,
                    gconstpointer data)
{
  g_assert_cmpstr (_reframe_insights_page_get_state (f->page), ==, "empty");
  choose_period (f, REFRAME_INSIGHTS_PERIOD_ALL);
  g_assert_cmpstr (_reframe_insights_page_get_state (f->page), ==, "empty");
  g_assert_cmpstr (
      adw_status_page_get_title (get_child (f, "empty_status")), ==, "Nothing Logged Yet");
}

static void
test_too_little_data (Fixture      *f,
                      gconstpointer data)
{
  g_assert_cmpstr (_reframe_insights_page_get_state (f->page), ==, "insights");
  g_assert_true (gtk_widget_get_visible (get_child (f, "little_data_label")));
  g_assert_true (gtk_widget_get_visible (get_child (f, "no_scores_label")));
  g_assert_true (findings_contain (f, "Not enough data yet about sleep: 0 nights logged"));
  g_assert_cmpstr (gtk_label_get_label (get_child (f, "mood_caption")),
                   ==,
                   "Your mood averaged 3.5 (good) over 30 days, logged on 2 of them. The 7-day "
                   "average rose from 3.0 to 3.5.");
}

/* A new entry is counted without leaving the page. */
static void
test_follows_journal (Fixture      *f,
                      gconstpointer data)
{
  add_entry (f->store, "2024-03-30T20:00:00Z", REFRAME_MOOD_GREAT);
  g_assert_true (reframe_test_wait_for (
      (ReframeTestCondition) _reframe_insights_page_get_computing, f->page, WAIT_MS));
  g_assert_true (reframe_test_wait_for (computed, f->page, WAIT_MS));
  g_assert_cmpuint (
      reframe_insights_get_days_logged (_reframe_insights_page_get_insights (f->page)), ==, 21);
}

int
main (int   argc,
      char *argv[])
{
  reframe_ui_test_init (&argc, &argv);

  g_test_add ("/reframe/insights-page/computes-and-shows",
              Fixture,
              GINT_TO_POINTER (JOURNAL_SMALL),
              fixture_set_up,
              test_computes_and_shows,
              fixture_tear_down);
  g_test_add ("/reframe/insights-page/switches-period",
              Fixture,
              GINT_TO_POINTER (JOURNAL_SMALL),
              fixture_set_up,
              test_switches_period,
              fixture_tear_down);
  g_test_add ("/reframe/insights-page/switch-cancels",
              Fixture,
              GINT_TO_POINTER (JOURNAL_SMALL),
              fixture_set_up,
              test_switch_cancels,
              fixture_tear_down);
  g_test_add ("/reframe/insights-page/keyboard",
              Fixture,
              GINT_TO_POINTER (JOURNAL_SMALL),
              fixture_set_up,
              test_keyboard,
              fixture_tear_down);
  g_test_add ("/reframe/insights-page/follows-dark-style",
              Fixture,
              GINT_TO_POINTER (JOURNAL_SMALL),
              fixture_set_up,
              test_follows_dark_style,
              fixture_tear_down);
  g_test_add ("/reframe/insights-page/follows-journal",
              Fixture,
              GINT_TO_POINTER (JOURNAL_SMALL),
              fixture_set_up,
              test_follows_journal,
              fixture_tear_down);
  g_test_add ("/reframe/insights-page/empty-journal",
              Fixture,
              GINT_TO_POINTER (JOURNAL_EMPTY),
              fixture_set_up,
              test_empty_journal,
              fixture_tear_down);
  g_test_add ("/reframe/insights-page/too-little-data",
              Fixture,
              GINT_TO_POINTER (JOURNAL_TWO_DAYS),
              fixture_set_up,
              test_too_little_data,
              fixture_tear_down);

  return g_test_run ();
}
