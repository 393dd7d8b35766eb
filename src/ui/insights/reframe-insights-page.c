/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-insights-page.c: how mood has moved, what goes with better and worse days, scores over
 * time.
 *
 * The statistics are computed off the main thread (reframe_insights_compute_async); the
 * page keeps showing the last result, with a spinner, until the new one arrives, and a
 * new period cancels the computation still running. The charts are the core's cairo
 * functions, the same the report prints; their summaries are both the visible caption
 * and the accessible description. Everything, private entries included, is shown: this
 * is the person's own screen.
 */

#define G_LOG_DOMAIN "ReframeInsightsPage"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-chart.h"
#include "reframe-format.h"
#include "reframe-insights-page-private.h"
#include "reframe-mood-repository.h"
#include "reframe-worksheet-repository.h"
#include "reframe-assignment-repository.h"
#include "reframe-locale.h"

/* Fewer days logged than this in the period: say that patterns need more days. */
#define LITTLE_DATA_DAYS 3

/* Changes to the journal come in bursts (an entry saved as it is typed). */
#define STALE_DELAY_MS 400

typedef struct
{
  /* Borrowed */
  ReframeInsightsPage *page;
  const char          *template_id;
  GtkWidget           *card;
  GtkDrawingArea      *area;
  GtkLabel            *caption;
} ScoreChart;

static const char *const questionnaires[] = { "phq-9", "gad-7" };

struct _ReframeInsightsPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkToggleButton *week_button;
  GtkToggleButton *month_button;
  GtkToggleButton *year_button;
  GtkToggleButton *all_button;
  GtkSpinner      *spinner;
  GtkSpinner      *loading_spinner;
  GtkStack        *stack;
  AdwStatusPage   *empty_status;
  AdwStatusPage   *error_status;
  GtkLabel        *period_label;
  GtkLabel        *little_data_label;
  GtkDrawingArea  *mood_area;
  GtkLabel        *mood_caption;
  GtkWidget       *calendar_section;
  GtkLabel        *calendar_heading;
  GtkButton       *previous_year_button;
  GtkButton       *next_year_button;
  GtkDrawingArea  *calendar_area;
  GtkLabel        *calendar_caption;
  GtkDrawingArea  *factor_area;
  GtkListBox      *findings_list;
  GtkLabel        *no_scores_label;
  GtkBox          *scores_box;

  ScoreChart scores[G_N_ELEMENTS (questionnaires)];

  /* Owned */
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  ReframeInsights         *insights;
  GCancellable            *cancellable;
  guint                    stale_timeout_id;
  guint                    fit_calendar_id;

  ReframeInsightsPeriod period;
  int                   calendar_year;
  GDate                 computed_today; /* the today of the insights shown */
  GDate                 fixed_today;    /* for the tests; invalid means the real today */
  gboolean              stale;
};

G_DEFINE_FINAL_TYPE (ReframeInsightsPage, reframe_insights_page, ADW_TYPE_BIN)

/* One computation, and which step of it: the "All" period first looks for the first
 * day with an entry, then computes from there. */
typedef struct
{
  ReframeInsightsPage  *self;
  GCancellable         *cancellable;
  ReframeInsightsPeriod period;
  GDate                 today;
} Request;

static void start_computing (ReframeInsightsPage *self);

/* Helpers */

static void
request_free (Request *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->cancellable);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
get_today (ReframeInsightsPage *self,
           GDate               *today)
{
  g_autoptr (GDateTime) now = NULL;

  if (g_date_valid (&self->fixed_today))
    {
      *today = self->fixed_today;
      return;
    }
  now = g_date_time_new_now_local ();
  g_date_clear (today, 1);
  g_date_set_dmy (today,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/* The days of a period ending today; "All" starts at the journal's first entry. */
static void
get_range (ReframeInsightsPage  *self,
           ReframeInsightsPeriod period,
           const GDate          *today,
           GDate                *from)
{
  static const guint days[] = { 7, 30, 365 };
  g_autofree char   *first = NULL;

  *from = *today;
  if (period != REFRAME_INSIGHTS_PERIOD_ALL)
    {
      g_date_subtract_days (from, days[period] - 1);
      return;
    }

  first = reframe_mood_repository_dup_first_day (reframe_store_get_moods (self->store), NULL);
  if (first != NULL)
    g_date_set_parse (from, first);
  if (first == NULL || !g_date_valid (from) || g_date_compare (from, today) > 0)
    *from = *today;
}

static char *
format_day (const GDate *date)
{
  g_autoptr (GDateTime) time = g_date_time_new_local (
      g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);

  return reframe_locale_format_day (time, REFRAME_DATE_FULL);
}

static void
get_chart_style (ReframeInsightsPage *self,
                 GtkWidget           *area,
                 ReframeChartStyle   *style)
{
  PangoContext               *context = gtk_widget_get_pango_context (area);
  const PangoFontDescription *font = pango_context_get_font_description (context);

  style->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  style->font_scale = 1.0;
  style->font_family = font != NULL ? pango_font_description_get_family (font) : NULL;
}

static void
set_description (gpointer    area,
                 const char *text)
{
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
queue_draw_charts (ReframeInsightsPage *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->mood_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->calendar_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->factor_area));
  for (guint i = 0; i < G_N_ELEMENTS (self->scores); i++)
    gtk_widget_queue_draw (GTK_WIDGET (self->scores[i].area));
}

static void
set_computing (ReframeInsightsPage *self,
               gboolean             computing)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), computing);
  gtk_spinner_set_spinning (self->spinner, computing);
  gtk_spinner_set_spinning (self->loading_spinner, computing);
}

/* What the page shows */

static void
add_finding (ReframeInsightsPage *self,
             const char          *icon_name,
             const char          *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "finding");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_list_box_append (self->findings_list, row);
}

/* Sleep, each activity (those with enough data first) and homework, in words, each
 * with the number of days it rests on. */
static void
show_findings (ReframeInsightsPage *self)
{
  GPtrArray       *factors = reframe_insights_get_factors (self->insights);
  g_autofree char *sleep =
      reframe_chart_describe_sleep (reframe_insights_get_sleep (self->insights));
  g_autofree char *homework = reframe_chart_describe_homework (self->insights);
  GtkWidget       *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list))) != NULL)
    gtk_list_box_remove (self->findings_list, child);

  for (guint i = 0; i < factors->len; i++)
    {
      const ReframeFactorImpact *factor = g_ptr_array_index (factors, i);
      g_autofree char           *text = reframe_chart_describe_factor (factor);

      add_finding (self,
                   factor->icon_name != NULL ? factor->icon_name : REFRAME_DEFAULT_ACTIVITY_ICON,
                   text);
    }
  add_finding (self, "reframe-sleep-symbolic", sleep);
  if (homework != NULL)
    add_finding (self, "x-office-document-symbolic", homework);
}

static void
update_year_actions (ReframeInsightsPage *self)
{
  int first = g_date_get_year (reframe_insights_get_from (self->insights));
  int last = g_date_get_year (reframe_insights_get_to (self->insights));

  gtk_widget_action_set_enabled (
      GTK_WIDGET (self), "insights.previous-year", self->calendar_year > first);
  gtk_widget_action_set_enabled (
      GTK_WIDGET (self), "insights.next-year", self->calendar_year < last);
}

static void
show_calendar (ReframeInsightsPage *self)
{
  g_autofree char *heading = g_strdup_printf ("%d", self->calendar_year);
  g_autofree char *summary =
      reframe_chart_describe_year_calendar (self->insights, self->calendar_year);

  gtk_label_set_label (self->calendar_heading, heading);
  gtk_label_set_label (self->calendar_caption, summary);
  set_description (self->calendar_area, summary);
  update_year_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->calendar_area));
}

static void
show_scores (ReframeInsightsPage *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (self->scores); i++)
    {
      ScoreChart *chart = &self->scores[i];
      ReframeTemplate *template =
          self->registry != NULL
              ? reframe_template_registry_lookup (self->registry, chart->template_id, 0)
              : NULL;
      GPtrArray       *points = reframe_insights_get_scores (self->insights, chart->template_id);
      g_autofree char *summary =
          reframe_chart_describe_score_trend (self->insights, chart->template_id, template);

      gtk_widget_set_visible (chart->card, points->len > 0);
      gtk_label_set_label (chart->caption, summary);
      set_description (chart->area, summary);
      any |= points->len > 0;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_scores_label), !any);
}

static const char *
describe_period (ReframeInsightsPeriod period)
{
  switch (period)
    {
    case REFRAME_INSIGHTS_PERIOD_WEEK:
      return _ ("The last 7 days");
    case REFRAME_INSIGHTS_PERIOD_MONTH:
      return _ ("The last 30 days");
    case REFRAME_INSIGHTS_PERIOD_YEAR:
      return _ ("The last 12 months");
    case REFRAME_INSIGHTS_PERIOD_ALL:
    default:
      return _ ("Everything in the journal");
    }
}

static void
show_empty (ReframeInsightsPage *self)
{
  if (self->period == REFRAME_INSIGHTS_PERIOD_ALL)
    {
      adw_status_page_set_title (self->empty_status, _ ("Nothing Logged Yet"));
      adw_status_page_set_description (self->empty_status,
                                       _ ("Once you log your mood in the journal, how it moves and "
                                          "what goes with better days will show here."));
    }
  else
    {
      adw_status_page_set_title (self->empty_status, _ ("Nothing Logged in This Period"));
      adw_status_page_set_description (self->empty_status,
                                       _ ("Choose a longer period above to see earlier days."));
    }
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
show_insights (ReframeInsightsPage *self)
{
  g_autofree char  *from = format_day (reframe_insights_get_from (self->insights));
  g_autofree char  *to = format_day (reframe_insights_get_to (self->insights));
  g_autofree char  *period = NULL;
  g_autofree char  *mood = reframe_chart_describe_mood_line (self->insights);
  g_autofree char  *factors = reframe_chart_describe_factor_bars (self->insights);
  ReframeChartStyle style;

  if (reframe_insights_get_days_logged (self->insights) == 0)
    {
      show_empty (self);
      return;
    }

  /* Translators: the period's heading: "The last 30 days: 1 March 2024 – 30 March 2024" */
  period = g_strdup_printf (_ ("%s: %s – %s"), describe_period (self->period), from, to);
  gtk_label_set_label (self->period_label, period);
  gtk_widget_set_visible (GTK_WIDGET (self->little_data_label),
                          reframe_insights_get_days_logged (self->insights) < LITTLE_DATA_DAYS);

  gtk_label_set_label (self->mood_caption, mood);
  set_description (self->mood_area, mood);

  gtk_widget_set_visible (self->calendar_section, self->period >= REFRAME_INSIGHTS_PERIOD_YEAR);
  self->calendar_year = g_date_get_year (reframe_insights_get_to (self->insights));
  show_calendar (self);

  get_chart_style (self, GTK_WIDGET (self->factor_area), &style);
  gtk_drawing_area_set_content_height (
      self->factor_area, reframe_chart_get_factor_bars_height (self->insights, &style));
  set_description (self->factor_area, factors);
  show_findings (self);
  show_scores (self);

  queue_draw_charts (self);
  gtk_stack_set_visible_child_name (self->stack, "insights");
}

/* Computing */

static void
insights_computed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (Request) request = user_data;
  ReframeInsightsPage *self = request->self;
  g_autoptr (ReframeInsights) insights = NULL;
  g_autoptr (GError) error = NULL;

  insights = reframe_insights_compute_finish (result, &error);
  /* A result that finished just as it was replaced is not shown either. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (request->cancellable) ||
      request->cancellable != self->cancellable)
    return;

  set_computing (self, FALSE);
  g_clear_object (&self->cancellable);
  if (insights == NULL)
    {
      g_clear_pointer (&self->insights, reframe_insights_unref);
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_clear_pointer (&self->insights, reframe_insights_unref);
  self->insights = g_steal_pointer (&insights);
  self->computed_today = request->today;
  show_insights (self);
}

static void
start_computing (ReframeInsightsPage *self)
{
  g_autoptr (Request) request = NULL;
  GDate from, today;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->stale_timeout_id, g_source_remove);
  self->stale = FALSE;
  if (self->store == NULL)
    return;

  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->period = self->period;
  get_today (self, &request->today);
  get_range (self, self->period, &request->today, &from);

  self->cancellable = g_cancellable_new ();
  request->cancellable = g_object_ref (self->cancellable);
  set_computing (self, TRUE);
  if (self->insights == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  today = request->today;
  reframe_insights_compute_async (self->store,
                                  &from,
                                  &today,
                                  TRUE,
                                  self->cancellable,
                                  insights_computed_cb,
                                  g_steal_pointer (&request));
}

static gboolean
stale_timeout_cb (gpointer user_data)
{
  ReframeInsightsPage *self = user_data;

  self->stale_timeout_id = 0;
  start_computing (self);
  return G_SOURCE_REMOVE;
}

/* Nothing is computed for a page nobody sees (at start-up, say): it is when it is shown. */
static void
compute_when_shown (ReframeInsightsPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      start_computing (self);
      return;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_computing (self, FALSE);
  self->stale = TRUE;
}

/* The journal changed: computed again soon when the page is on screen, else when it is shown. */
static void
journal_changed_cb (ReframeInsightsPage *self)
{
  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->stale_timeout_id == 0)
    self->stale_timeout_id = g_timeout_add (STALE_DELAY_MS, stale_timeout_cb, self);
}

/* Callbacks */

static void
draw_mood_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  ReframeInsightsPage *self = user_data;
  ReframeChartStyle    style;

  if (self->insights == NULL)
    return;
  get_chart_style (self, GTK_WIDGET (area), &style);
  reframe_chart_draw_mood_line (cr, width, height, self->insights, &style);
}

static void
draw_calendar_cb (GtkDrawingArea *area,
                  cairo_t        *cr,
                  int             width,
                  int             height,
                  gpointer        user_data)
{
  ReframeInsightsPage *self = user_data;
  ReframeChartStyle    style;

  if (self->insights == NULL)
    return;
  get_chart_style (self, GTK_WIDGET (area), &style);
  reframe_chart_draw_year_calendar (cr, width, height, self->insights, self->calendar_year, &style);
}

static gboolean
fit_calendar_cb (gpointer user_data)
{
  ReframeInsightsPage *self = user_data;
  ReframeChartStyle    style;

  self->fit_calendar_id = 0;
  get_chart_style (self, GTK_WIDGET (self->calendar_area), &style);
  gtk_drawing_area_set_content_height (
      self->calendar_area,
      (int) reframe_chart_get_year_calendar_height (
          gtk_widget_get_width (GTK_WIDGET (self->calendar_area)), &style));
  return G_SOURCE_REMOVE;
}

/* The calendar's days are as large as its width allows, and its height follows; set
 * after the allocation, as GTK does not resize a widget while allocating it. */
static void
calendar_area_resized_cb (ReframeInsightsPage *self,
                          int                  width,
                          int                  height)
{
  ReframeChartStyle style;

  get_chart_style (self, GTK_WIDGET (self->calendar_area), &style);
  if ((int) reframe_chart_get_year_calendar_height (width, &style) != height &&
      self->fit_calendar_id == 0)
    self->fit_calendar_id = g_idle_add (fit_calendar_cb, self);
}

static void
draw_factors_cb (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  ReframeInsightsPage *self = user_data;
  ReframeChartStyle    style;

  if (self->insights == NULL)
    return;
  get_chart_style (self, GTK_WIDGET (area), &style);
  reframe_chart_draw_factor_bars (cr, width, height, self->insights, &style);
}

static void
draw_scores_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  ScoreChart          *chart = user_data;
  ReframeInsightsPage *self = chart->page;
  ReframeTemplate *template;
  ReframeChartStyle style;

  if (self->insights == NULL)
    return;
  template = self->registry != NULL
                 ? reframe_template_registry_lookup (self->registry, chart->template_id, 0)
                 : NULL;
  get_chart_style (self, GTK_WIDGET (area), &style);
  reframe_chart_draw_score_trend (
      cr, width, height, self->insights, chart->template_id, template, &style);
}

static void
period_button_toggled_cb (ReframeInsightsPage *self,
                          GtkToggleButton     *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->week_button)
    reframe_insights_page_set_period (self, REFRAME_INSIGHTS_PERIOD_WEEK);
  else if (button == self->month_button)
    reframe_insights_page_set_period (self, REFRAME_INSIGHTS_PERIOD_MONTH);
  else if (button == self->year_button)
    reframe_insights_page_set_period (self, REFRAME_INSIGHTS_PERIOD_YEAR);
  else
    reframe_insights_page_set_period (self, REFRAME_INSIGHTS_PERIOD_ALL);
}

static void
change_year_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ReframeInsightsPage *self = REFRAME_INSIGHTS_PAGE (widget);

  if (self->insights == NULL)
    return;
  self->calendar_year += g_str_equal (action_name, "insights.next-year") ? 1 : -1;
  self->calendar_year = CLAMP (self->calendar_year,
                               (int) g_date_get_year (reframe_insights_get_from (self->insights)),
                               (int) g_date_get_year (reframe_insights_get_to (self->insights)));
  show_calendar (self);
}

/* GtkWidget */

static void
reframe_insights_page_map (GtkWidget *widget)
{
  ReframeInsightsPage *self = REFRAME_INSIGHTS_PAGE (widget);
  GDate                today;

  GTK_WIDGET_CLASS (reframe_insights_page_parent_class)->map (widget);

  /* Shown for the first time, or again after the journal changed or on another day. */
  get_today (self, &today);
  if (self->store != NULL && self->cancellable == NULL &&
      (self->insights == NULL || self->stale ||
       g_date_compare (&today, &self->computed_today) != 0))
    start_computing (self);
}

/* GObject */

static void
build_score_charts (ReframeInsightsPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (questionnaires); i++)
    {
      ScoreChart      *chart = &self->scores[i];
      g_autofree char *name = g_ascii_strup (questionnaires[i], -1);
      /* Translators: the accessible name of a chart: "PHQ-9 scores over time" */
      g_autofree char *label = g_strdup_printf (_ ("%s scores over time"), name);

      chart->page = self;
      chart->template_id = questionnaires[i];
      chart->card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_add_css_class (chart->card, "card");
      gtk_widget_add_css_class (chart->card, "chart-card");
      chart->area = GTK_DRAWING_AREA (gtk_drawing_area_new ());
      gtk_drawing_area_set_content_height (chart->area, 220);
      gtk_widget_set_hexpand (GTK_WIDGET (chart->area), TRUE);
      gtk_accessible_update_property (
          GTK_ACCESSIBLE (chart->area), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_drawing_area_set_draw_func (chart->area, draw_scores_cb, chart, NULL);
      chart->caption = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_wrap (chart->caption, TRUE);
      gtk_label_set_xalign (chart->caption, 0);
      gtk_widget_add_css_class (GTK_WIDGET (chart->caption), "chart-caption");
      gtk_box_append (GTK_BOX (chart->card), GTK_WIDGET (chart->area));
      gtk_box_append (GTK_BOX (chart->card), GTK_WIDGET (chart->caption));
      gtk_widget_set_visible (chart->card, FALSE);
      gtk_box_append (self->scores_box, chart->card);
    }
}

static void
reframe_insights_page_dispose (GObject *object)
{
  ReframeInsightsPage *self = REFRAME_INSIGHTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->stale_timeout_id, g_source_remove);
  g_clear_handle_id (&self->fit_calendar_id, g_source_remove);
  reframe_insights_page_set_store (self, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_INSIGHTS_PAGE);
  g_clear_pointer (&self->insights, reframe_insights_unref);

  G_OBJECT_CLASS (reframe_insights_page_parent_class)->dispose (object);
}

static void
reframe_insights_page_class_init (ReframeInsightsPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_insights_page_dispose;
  widget_class->map = reframe_insights_page_map;

  gtk_widget_class_install_action (
      widget_class, "insights.previous-year", NULL, change_year_activated);
  gtk_widget_class_install_action (widget_class, "insights.next-year", NULL, change_year_activated);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-insights-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, year_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, all_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, little_data_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, mood_area);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, mood_caption);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, calendar_section);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, calendar_heading);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, previous_year_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, next_year_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, calendar_area);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, calendar_caption);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, factor_area);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, findings_list);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, no_scores_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeInsightsPage, scores_box);
  gtk_widget_class_bind_template_callback (widget_class, period_button_toggled_cb);
}

static void
reframe_insights_page_init (ReframeInsightsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->period = REFRAME_INSIGHTS_PERIOD_MONTH;
  g_date_clear (&self->fixed_today, 1);
  g_date_clear (&self->computed_today, 1);
  gtk_drawing_area_set_draw_func (self->mood_area, draw_mood_cb, self, NULL);
  gtk_drawing_area_set_draw_func (self->calendar_area, draw_calendar_cb, self, NULL);
  gtk_drawing_area_set_draw_func (self->factor_area, draw_factors_cb, self, NULL);
  g_signal_connect_object (self->calendar_area,
                           "resize",
                           G_CALLBACK (calendar_area_resized_cb),
                           self,
                           G_CONNECT_SWAPPED);
  build_score_charts (self);
  show_empty (self);

  /* The charts draw their own colours, so they follow the style themselves. */
  g_signal_connect_object (adw_style_manager_get_default (),
                           "notify::dark",
                           G_CALLBACK (queue_draw_charts),
                           self,
                           G_CONNECT_SWAPPED);
}

/* Public API */

GtkWidget *
reframe_insights_page_new (void)
{
  return g_object_new (REFRAME_TYPE_INSIGHTS_PAGE, NULL);
}

/**
 * reframe_insights_page_set_store:
 * @store: (nullable): the journal to look at
 * @registry: (nullable): the templates, for the questionnaires' bands
 *
 * Shows the insights of @store for the current period, computed in the background.
 */
void
reframe_insights_page_set_store (ReframeInsightsPage     *self,
                                 ReframeStore            *store,
                                 ReframeTemplateRegistry *registry)
{
  g_return_if_fail (REFRAME_IS_INSIGHTS_PAGE (self));
  g_return_if_fail (store == NULL || REFRAME_IS_STORE (store));
  g_return_if_fail (registry == NULL || REFRAME_IS_TEMPLATE_REGISTRY (registry));

  g_set_object (&self->registry, registry);
  if (store == self->store)
    return;

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (reframe_store_get_moods (self->store), self);
      g_signal_handlers_disconnect_by_data (reframe_store_get_worksheets (self->store), self);
      g_signal_handlers_disconnect_by_data (reframe_store_get_assignments (self->store), self);
    }
  g_set_object (&self->store, store);
  g_clear_pointer (&self->insights, reframe_insights_unref);
  if (store == NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      return;
    }
  g_signal_connect_swapped (
      reframe_store_get_moods (store), "entry-changed", G_CALLBACK (journal_changed_cb), self);
  g_signal_connect_swapped (reframe_store_get_worksheets (store),
                            "worksheet-changed",
                            G_CALLBACK (journal_changed_cb),
                            self);
  g_signal_connect_swapped (reframe_store_get_assignments (store),
                            "assignment-changed",
                            G_CALLBACK (journal_changed_cb),
                            self);
  compute_when_shown (self);
}

ReframeInsightsPeriod
reframe_insights_page_get_period (ReframeInsightsPage *self)
{
  g_return_val_if_fail (REFRAME_IS_INSIGHTS_PAGE (self), REFRAME_INSIGHTS_PERIOD_MONTH);
  return self->period;
}

/**
 * reframe_insights_page_set_period:
 *
 * Shows another period; a computation still running for the previous one is cancelled.
 */
void
reframe_insights_page_set_period (ReframeInsightsPage  *self,
                                  ReframeInsightsPeriod period)
{
  GtkToggleButton *buttons[] = {
    self->week_button, self->month_button, self->year_button, self->all_button
  };

  g_return_if_fail (REFRAME_IS_INSIGHTS_PAGE (self));
  g_return_if_fail (period <= REFRAME_INSIGHTS_PERIOD_ALL);

  if (period == self->period)
    return;
  self->period = period;
  /* NULL while the template is being built (its "active" button toggles). */
  if (buttons[period] != NULL)
    gtk_toggle_button_set_active (buttons[period], TRUE);
  compute_when_shown (self);
}

/* Computes the current period again (when the page is shown), as after a change to the journal. */
void
reframe_insights_page_refresh (ReframeInsightsPage *self)
{
  g_return_if_fail (REFRAME_IS_INSIGHTS_PAGE (self));
  compute_when_shown (self);
}

/* Private API, for the tests */

const char *
_reframe_insights_page_get_state (ReframeInsightsPage *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
_reframe_insights_page_get_computing (ReframeInsightsPage *self)
{
  return self->cancellable != NULL;
}

ReframeInsights *
_reframe_insights_page_get_insights (ReframeInsightsPage *self)
{
  return self->insights;
}

GPtrArray *
_reframe_insights_page_dup_findings (ReframeInsightsPage *self)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      g_ptr_array_add (
          texts, g_strdup (gtk_label_get_label (GTK_LABEL (gtk_widget_get_last_child (box)))));
    }
  return texts;
}

/* "mood", "calendar", "factors", "phq-9" or "gad-7" */
GtkWidget *
_reframe_insights_page_get_chart (ReframeInsightsPage *self,
                                  const char          *name)
{
  if (g_str_equal (name, "mood"))
    return GTK_WIDGET (self->mood_area);
  if (g_str_equal (name, "calendar"))
    return GTK_WIDGET (self->calendar_area);
  if (g_str_equal (name, "factors"))
    return GTK_WIDGET (self->factor_area);
  for (guint i = 0; i < G_N_ELEMENTS (self->scores); i++)
    if (g_str_equal (name, self->scores[i].template_id))
      return GTK_WIDGET (self->scores[i].area);
  return NULL;
}

GtkWidget *
_reframe_insights_page_get_period_button (ReframeInsightsPage  *self,
                                          ReframeInsightsPeriod period)
{
  GtkToggleButton *buttons[] = {
    self->week_button, self->month_button, self->year_button, self->all_button
  };

  return GTK_WIDGET (buttons[period]);
}

void
_reframe_insights_page_set_today (ReframeInsightsPage *self,
                                  const GDate         *today)
{
  self->fixed_today = *today;
}
