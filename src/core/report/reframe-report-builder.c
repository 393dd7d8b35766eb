/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-builder.c: reads a period of the journal, through one read
 * connection, into a ReframeReport.
 *
 * Runs on a worker thread: it touches no object the main thread uses (templates come
 * from a snapshot of the registry) and hands back a report nobody changes afterwards.
 * What is left out is decided once, here: private items unless the person asked for
 * them, and every item they unticked. The summary's figures count only what is shared,
 * so that the first page never reveals what the rest of the report leaves out.
 */

#define G_LOG_DOMAIN "ReframeReport"

#include "config.h"

#include <math.h>

#include "reframe-assignment-private.h"
#include "reframe-homework.h"
#include "reframe-insights-private.h"
#include "reframe-mood-repository-private.h"
#include "reframe-questionnaire-score.h"
#include "reframe-report-private.h"
#include "reframe-store-private.h"
#include "reframe-worksheet-private.h"
#include "reframe-worksheet-repository-private.h"
#include "reframe-l10n.h"

/* How often long loops look at the cancellable. */
#define CANCEL_EVERY 256

/* As the assignment repository reads them. */
#define ASSIGNMENT_COLUMNS                                                                    \
  "a.uuid, a.template_id, a.title, a.frequency, a.times_per_week, a.start_date, a.end_date, " \
  "a.due_date,"                                                                               \
  " a.rationale, a.therapist_note, a.reminder, a.archived, a.created, a.updated"

typedef struct
{
  const ReframeReportOptions *options;
  GHashTable                 *templates;
  sqlite3                    *db;
  GCancellable               *cancellable;
  ReframeReport              *report;
  char                       *from_utc; /* local midnight starting the period, as stored */
  char                       *to_utc;   /* local midnight after the period */
} Builder;

static gboolean
is_included (const ReframeReportOptions *options,
             const char                 *uuid,
             gboolean                    private_)
{
  if (g_hash_table_contains (options->excluded, uuid))
    return FALSE;
  return !private_ || options->include_private || g_hash_table_contains (options->included, uuid);
}

static gboolean
wants (Builder           *builder,
       ReframeReportKinds kind)
{
  return (builder->options->kinds & kind) != 0;
}

static char *
local_midnight_utc (const GDate *day)
{
  g_autoptr (GDateTime) local = g_date_time_new_local (
      g_date_get_year (day), g_date_get_month (day), g_date_get_day (day), 0, 0, 0);
  g_autoptr (GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static gboolean
step_failed (Builder *builder,
             int      rc,
             GError **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;
  _reframe_store_fail (error, builder->db, rc);
  return TRUE;
}

static gboolean
check_cancelled (Builder *builder,
                 guint    n,
                 GError **error)
{
  return n % CANCEL_EVERY == 0 &&
         g_cancellable_set_error_if_cancelled (builder->cancellable, error);
}

/* Entries and the mood summary */

static GPtrArray *
read_entries (Builder *builder,
              GError **error)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *from = _reframe_report_format_day (&builder->options->from);
  g_autofree char *to = _reframe_report_format_day (&builder->options->to);
  int              rc;

  stmt = _reframe_store_prepare (builder->db,
                                 "SELECT " REFRAME_ENTRY_COLUMNS " FROM mood_entries e"
                                 " WHERE e.day BETWEEN ?1 AND ?2 ORDER BY e.day, e.at, e.id",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (check_cancelled (builder, entries->len, error))
        return NULL;
      g_ptr_array_add (entries, _reframe_mood_repository_read_row (stmt));
    }
  if (step_failed (builder, rc, error))
    return NULL;
  return g_steal_pointer (&entries);
}

static guint32
entry_julian (ReframeMoodEntry *entry)
{
  g_autofree char *day = reframe_mood_entry_dup_day (entry);
  GDate            date;

  return _reframe_report_parse_day (day, &date) ? g_date_get_julian (&date) : 0;
}

/* Days logged, the mean mood, and the means of the daily moods of each half. */
static void
summarize_moods (Builder   *builder,
                 GPtrArray *shared)
{
  ReframeReport *report = builder->report;
  guint32        first = g_date_get_julian (&builder->options->from);
  guint32        middle = first + report->days_in_period / 2;
  double         total = 0, half_sum[2] = { 0, 0 }, day_sum = 0;
  guint          half_days[2] = { 0, 0 }, day_n = 0;
  guint32        day = 0;

  for (guint i = 0; i <= shared->len; i++)
    {
      ReframeMoodEntry *entry = i < shared->len ? g_ptr_array_index (shared, i) : NULL;
      guint32           julian = entry != NULL ? entry_julian (entry) : 0;

      /* A day ends: its mean counts in its half. */
      if (day_n > 0 && julian != day)
        {
          half_sum[day >= middle] += day_sum / day_n;
          half_days[day >= middle]++;
          report->days_logged++;
          day_sum = 0;
          day_n = 0;
        }
      if (entry == NULL)
        break;
      day = julian;
      day_sum += reframe_mood_entry_get_mood (entry);
      day_n++;
      total += reframe_mood_entry_get_mood (entry);
    }
  report->n_entries_logged = shared->len;
  report->mean_mood = shared->len > 0 ? total / shared->len : NAN;
  report->first_half_mean = half_days[0] > 0 ? half_sum[0] / half_days[0] : NAN;
  report->second_half_mean = half_days[1] > 0 ? half_sum[1] / half_days[1] : NAN;
  /* A trend from a handful of days is noise: no claim. */
  if (half_days[0] < REFRAME_INSIGHTS_MIN_DAYS || half_days[1] < REFRAME_INSIGHTS_MIN_DAYS)
    report->first_half_mean = report->second_half_mean = NAN;
  if (report->days_in_period < 2)
    report->first_half_mean = report->second_half_mean = NAN;
}

static gboolean
add_entries (Builder *builder,
             GError **error)
{
  g_autoptr (GPtrArray) entries = read_entries (builder, error);
  g_autoptr (GPtrArray) shared = NULL;

  if (entries == NULL)
    return FALSE;
  shared = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      ReframeMoodEntry *entry = g_ptr_array_index (entries, i);
      gboolean          included = is_included (builder->options,
                                       reframe_mood_entry_get_uuid (entry),
                                       reframe_mood_entry_get_private (entry));
      g_autofree char  *title = _reframe_report_entry_title (entry);

      g_ptr_array_add (builder->report->candidates,
                       _reframe_report_item_new (reframe_mood_entry_get_uuid (entry),
                                                 REFRAME_REPORT_ITEM_ENTRY,
                                                 title,
                                                 reframe_mood_entry_get_time (entry),
                                                 reframe_mood_entry_get_private (entry),
                                                 included));
      if (included)
        g_ptr_array_add (shared, g_object_ref (entry));
    }
  if (wants (builder, REFRAME_REPORT_MOOD_SUMMARY))
    summarize_moods (builder, shared);
  if (wants (builder, REFRAME_REPORT_ENTRIES))
    g_ptr_array_extend_and_steal (builder->report->entries, g_steal_pointer (&shared));
  return TRUE;
}

static gboolean
add_insights (Builder *builder,
              GError **error)
{
  g_autoptr (ReframeInsights) insights = NULL;

  if (!wants (builder, REFRAME_REPORT_MOOD_SUMMARY))
    return TRUE;
  insights = _reframe_insights_new (
      &builder->options->from, &builder->options->to, builder->options->include_private);
  if (!_reframe_insights_read (insights, builder->db, builder->cancellable, error))
    return FALSE;
  builder->report->insights = g_steal_pointer (&insights);
  return TRUE;
}

/* Worksheets, questionnaires and their scores */

static void
warm_up (ReframeWorksheet *worksheet)
{
  /* The worksheet parses these on first use; done here, the report is only read later,
   * from any thread. */
  reframe_worksheet_get_answers (worksheet);
  reframe_worksheet_get_created (worksheet);
  reframe_worksheet_get_updated (worksheet);
  reframe_worksheet_get_completed_at (worksheet);
}

static GPtrArray *
read_worksheets (Builder *builder,
                 GError **error)
{
  g_autoptr (GPtrArray) worksheets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _reframe_store_prepare (builder->db,
                                 "SELECT " REFRAME_WORKSHEET_COLUMNS " FROM worksheets w"
                                 " WHERE w.deleted_at IS NULL AND w.status = 'completed'"
                                 "  AND w.completed_at >= ?1 AND w.completed_at < ?2"
                                 " ORDER BY w.completed_at, w.id",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, builder->from_utc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, builder->to_utc, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (check_cancelled (builder, worksheets->len, error))
        return NULL;
      g_ptr_array_add (worksheets, _reframe_worksheet_repository_read_row (stmt));
    }
  if (step_failed (builder, rc, error))
    return NULL;
  return g_steal_pointer (&worksheets);
}

static gboolean
is_questionnaire (ReframeWorksheet *worksheet,
                  ReframeTemplate *template)
{
  if (template != NULL)
    return reframe_template_get_kind (template) == REFRAME_TEMPLATE_KIND_QUESTIONNAIRE;
  return reframe_worksheet_get_score (worksheet) != REFRAME_WORKSHEET_NO_SCORE;
}

static gboolean
number_member (JsonObject *object,
               const char *name,
               double     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_INT64 &&
      json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

/* Thought records: the mean, over the re-rated emotions, of the first rating minus the re-rating.
 */
static gboolean
emotion_drop (const ReframeTemplateField *field,
              JsonNode                   *node,
              double                     *drop)
{
  double sum = 0;
  guint  n = 0;

  if (reframe_template_field_get_field_type (field) != REFRAME_FIELD_EMOTIONS ||
      !reframe_template_field_get_rate_after (field) || node == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *row = json_array_get_element (json_node_get_array (node), i);
      double    before, after;

      if (JSON_NODE_HOLDS_OBJECT (row) &&
          number_member (json_node_get_object (row), "before", &before) &&
          number_member (json_node_get_object (row), "after", &after))
        {
          sum += before - after;
          n++;
        }
    }
  if (n == 0)
    return FALSE;
  *drop = sum / n;
  return TRUE;
}

/* Activity monitoring: rows of a table with both a predicted and an actual mood. */
static void
activity_moods (Builder                    *builder,
                const ReframeTemplateField *field,
                JsonNode                   *node,
                double                     *predicted_sum,
                double                     *actual_sum)
{
  if (reframe_template_field_get_field_type (field) != REFRAME_FIELD_TABLE || node == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *row = json_array_get_element (json_node_get_array (node), i);
      double    predicted, actual;

      if (JSON_NODE_HOLDS_OBJECT (row) &&
          number_member (json_node_get_object (row), "predicted_mood", &predicted) &&
          number_member (json_node_get_object (row), "mood", &actual))
        {
          *predicted_sum += predicted;
          *actual_sum += actual;
          builder->report->n_activities++;
        }
    }
}

static void
summarize_worksheets (Builder *builder)
{
  ReframeReport *report = builder->report;
  double         drop_sum = 0, predicted_sum = 0, actual_sum = 0;

  for (guint i = 0; i < report->worksheets->len; i++)
    {
      ReframeReportWorksheet *item = g_ptr_array_index (report->worksheets, i);
      JsonObject             *answers = reframe_worksheet_get_answers (item->worksheet);
      gboolean                counted = FALSE;
      GPtrArray              *steps;

      if (item->template == NULL || answers == NULL)
        continue;
      steps = reframe_template_get_steps (item->template);
      for (guint s = 0; s < steps->len; s++)
        {
          GPtrArray *fields = reframe_template_step_get_fields (g_ptr_array_index (steps, s));

          for (guint f = 0; f < fields->len; f++)
            {
              const ReframeTemplateField *field = g_ptr_array_index (fields, f);
              JsonNode                   *node =
                  json_object_get_member (answers, reframe_template_field_get_id (field));
              double drop;

              if (!counted && emotion_drop (field, node, &drop))
                {
                  drop_sum += drop;
                  report->n_emotion_records++;
                  counted = TRUE;
                }
              activity_moods (builder, field, node, &predicted_sum, &actual_sum);
            }
        }
    }
  report->emotion_drop = report->n_emotion_records > 0 ? drop_sum / report->n_emotion_records : NAN;
  report->activity_predicted =
      report->n_activities > 0 ? predicted_sum / report->n_activities : NAN;
  report->activity_actual = report->n_activities > 0 ? actual_sum / report->n_activities : NAN;
}

/* The shared result of the same questionnaire completed before @latest, if any. */
static gboolean
find_previous_score (Builder          *builder,
                     ReframeWorksheet *latest,
                     int              *score,
                     GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _reframe_store_prepare (
      builder->db,
      "SELECT w.uuid, w.private, w.score FROM worksheets w INDEXED BY worksheets_scores"
      " WHERE w.template_id = ?1 AND w.status = 'completed' AND w.score IS NOT NULL"
      "  AND w.deleted_at IS NULL AND w.uuid <> ?2 AND w.completed_at <= ?3"
      " ORDER BY w.completed_at DESC, w.id DESC",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reframe_worksheet_get_template_id (latest), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reframe_worksheet_get_uuid (latest), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, _reframe_worksheet_get_completed_iso (latest), -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (is_included (builder->options,
                     (const char *) sqlite3_column_text (stmt, 0),
                     sqlite3_column_int (stmt, 1)))
      {
        *score = sqlite3_column_int (stmt, 2);
        return TRUE;
      }
  step_failed (builder, rc, error);
  return FALSE;
}

static ReframeReportScore *
new_score (ReframeReportWorksheet *item,
           guint                   n_results)
{
  ReframeReportScore *score = g_new0 (ReframeReportScore, 1);
  ReframeWorksheet   *worksheet = item->worksheet;
  const char         *band = reframe_worksheet_get_band (worksheet);
  const char         *field_id = NULL;

  score->template_id = g_strdup (reframe_worksheet_get_template_id (worksheet));
  score->title = g_strdup (item->template != NULL ? reframe_template_get_title (item->template)
                                                  : score->template_id);
  score->worksheet_uuid = g_strdup (reframe_worksheet_get_uuid (worksheet));
  score->when = g_date_time_ref (reframe_worksheet_get_completed_at (worksheet));
  score->score = reframe_worksheet_get_score (worksheet);
  score->n_results = n_results;
  if (item->template != NULL)
    {
      const ReframeTemplateBand *template_band =
          reframe_template_lookup_band (item->template, score->score);

      score->max_score = reframe_template_get_max_score (item->template);
      if (band == NULL && template_band != NULL)
        band = template_band->label;
      if (reframe_worksheet_get_answers (worksheet) != NULL &&
          reframe_template_check_safety (
              item->template, reframe_worksheet_get_answers (worksheet), &field_id))
        {
          score->safety_flag = TRUE;
          score->safety_field_id = g_strdup (field_id);
        }
    }
  score->band = g_strdup (band);
  return score;
}

/* One line per questionnaire: its latest shared result in the period. */
static gboolean
add_scores (Builder *builder,
            GError **error)
{
  GPtrArray *questionnaires = builder->report->questionnaires;

  for (guint i = 0; i < questionnaires->len; i++)
    {
      ReframeReportWorksheet *item = g_ptr_array_index (questionnaires, i);
      const char             *id = reframe_worksheet_get_template_id (item->worksheet);
      ReframeReportScore     *score;
      guint                   n_results = 0, later = 0;
      g_autoptr (GError) local_error = NULL;

      if (reframe_worksheet_get_score (item->worksheet) == REFRAME_WORKSHEET_NO_SCORE)
        continue;
      for (guint j = 0; j < questionnaires->len; j++)
        {
          ReframeReportWorksheet *other = g_ptr_array_index (questionnaires, j);

          if (g_strcmp0 (reframe_worksheet_get_template_id (other->worksheet), id) != 0 ||
              reframe_worksheet_get_score (other->worksheet) == REFRAME_WORKSHEET_NO_SCORE)
            continue;
          n_results++;
          later += j > i;
        }
      if (later > 0)
        continue;
      score = new_score (item, n_results);
      g_ptr_array_add (builder->report->scores, score);
      score->has_previous =
          find_previous_score (builder, item->worksheet, &score->previous_score, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      score->change = score->has_previous ? score->score - score->previous_score : 0;
    }
  return TRUE;
}

static char *
worksheet_title (ReframeWorksheet *worksheet,
                 ReframeTemplate *template)
{
  if (template != NULL)
    return g_strdup (reframe_template_get_title (template));
  return g_strdup (reframe_worksheet_get_template_id (worksheet));
}

/* The safety plan shared in its own section is not repeated among the worksheets. */
static gboolean
is_shared_safety_plan (Builder          *builder,
                       ReframeWorksheet *worksheet)
{
  ReframeSafetyPlan *plan = builder->report->safety_plan;

  return plan != NULL && g_strcmp0 (reframe_safety_plan_get_worksheet_uuid (plan),
                                    reframe_worksheet_get_uuid (worksheet)) == 0;
}

static gboolean
add_worksheets (Builder *builder,
                GError **error)
{
  g_autoptr (GPtrArray) worksheets = read_worksheets (builder, error);

  if (worksheets == NULL)
    return FALSE;
  for (guint i = 0; i < worksheets->len; i++)
    {
      ReframeWorksheet *worksheet = g_ptr_array_index (worksheets, i);
      ReframeTemplate *template =
          _reframe_report_lookup_template (builder->templates,
                                           reframe_worksheet_get_template_id (worksheet),
                                           reframe_worksheet_get_template_version (worksheet));
      gboolean         questionnaire = is_questionnaire (worksheet, template);
      gboolean         included = is_included (builder->options,
                                       reframe_worksheet_get_uuid (worksheet),
                                       reframe_worksheet_get_private (worksheet));
      g_autofree char *title = worksheet_title (worksheet, template);

      warm_up (worksheet);
      g_ptr_array_add (builder->report->candidates,
                       _reframe_report_item_new (reframe_worksheet_get_uuid (worksheet),
                                                 questionnaire ? REFRAME_REPORT_ITEM_QUESTIONNAIRE
                                                               : REFRAME_REPORT_ITEM_WORKSHEET,
                                                 title,
                                                 reframe_worksheet_get_completed_at (worksheet),
                                                 reframe_worksheet_get_private (worksheet),
                                                 included));
      if (!included || is_shared_safety_plan (builder, worksheet))
        continue;
      if (questionnaire && wants (builder, REFRAME_REPORT_QUESTIONNAIRES))
        g_ptr_array_add (builder->report->questionnaires,
                         _reframe_report_worksheet_new (worksheet, template));
      else if (!questionnaire && wants (builder, REFRAME_REPORT_WORKSHEETS))
        g_ptr_array_add (builder->report->worksheets,
                         _reframe_report_worksheet_new (worksheet, template));
    }
  summarize_worksheets (builder);
  return add_scores (builder, error);
}

/* Homework */

static gboolean
parse_date_column (sqlite3_stmt *stmt,
                   int           column,
                   GDate        *date)
{
  return _reframe_report_parse_day ((const char *) sqlite3_column_text (stmt, column), date);
}

static ReframeAssignment *
read_assignment (sqlite3_stmt *stmt)
{
  ReframeAssignment *assignment =
      _reframe_assignment_new_with_uuid ((const char *) sqlite3_column_text (stmt, 0));
  const char *frequency = (const char *) sqlite3_column_text (stmt, 3);
  GDate       date;

  reframe_assignment_set_template_id (assignment, (const char *) sqlite3_column_text (stmt, 1));
  reframe_assignment_set_title (assignment, (const char *) sqlite3_column_text (stmt, 2));
  /* Stored as the repository names them ("weekly_n"). */
  reframe_assignment_set_frequency (assignment,
                                    g_strcmp0 (frequency, "once") == 0 ? REFRAME_FREQUENCY_ONCE
                                    : g_strcmp0 (frequency, "weekly_n") == 0
                                        ? REFRAME_FREQUENCY_TIMES_PER_WEEK
                                        : REFRAME_FREQUENCY_DAILY);
  reframe_assignment_set_times_per_week (assignment, CLAMP (sqlite3_column_int (stmt, 4), 1, 7));
  if (parse_date_column (stmt, 5, &date))
    reframe_assignment_set_start_date (assignment, &date);
  reframe_assignment_set_end_date (assignment, parse_date_column (stmt, 6, &date) ? &date : NULL);
  reframe_assignment_set_due_date (assignment, parse_date_column (stmt, 7, &date) ? &date : NULL);
  reframe_assignment_set_rationale (assignment, (const char *) sqlite3_column_text (stmt, 8));
  reframe_assignment_set_therapist_note (assignment, (const char *) sqlite3_column_text (stmt, 9));
  reframe_assignment_set_reminder (assignment, sqlite3_column_int (stmt, 10));
  reframe_assignment_set_archived (assignment, sqlite3_column_int (stmt, 11));
  _reframe_assignment_set_stamps (assignment,
                                  (const char *) sqlite3_column_text (stmt, 12),
                                  (const char *) sqlite3_column_text (stmt, 13));
  return assignment;
}

/* When it was done, from @from to @to: its worksheets' completions and the days it was marked done.
 */
static GPtrArray *
read_completions (Builder           *builder,
                  ReframeAssignment *assignment,
                  const GDate       *from,
                  GError           **error)
{
  g_autoptr (GPtrArray) times = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *from_utc = local_midnight_utc (from);
  g_autofree char *from_day = _reframe_report_format_day (from);
  g_autofree char *to_day = _reframe_report_format_day (&builder->options->to);
  int              rc;

  stmt = _reframe_store_prepare (
      builder->db,
      "SELECT w.completed_at FROM worksheets w INDEXED BY worksheets_assignment"
      " WHERE w.assignment_uuid = ?1 AND w.status = 'completed' AND w.deleted_at IS NULL"
      "  AND w.completed_at >= ?2 AND w.completed_at < ?3"
      " UNION ALL SELECT c.at FROM assignment_completions c JOIN assignments a ON a.id = "
      "c.assignment_id"
      " WHERE a.uuid = ?1 AND c.day BETWEEN ?4 AND ?5",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, reframe_assignment_get_uuid (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, from_utc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, builder->to_utc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, from_day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, to_day, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDateTime *time = _reframe_store_parse_iso ((const char *) sqlite3_column_text (stmt, 0));

      if (time != NULL)
        g_ptr_array_add (times, time);
    }
  if (step_failed (builder, rc, error))
    return NULL;
  return g_steal_pointer (&times);
}

/* Daily homework: the days from @from to @last it was meant for, and those done. */
static void
count_daily (ReframeAssignment *assignment,
             GPtrArray         *times,
             const GDate       *from,
             const GDate       *last,
             guint             *done,
             guint             *expected)
{
  const GDate *end = reframe_assignment_get_end_date (assignment);
  guint32      first = MAX (g_date_get_julian (from),
                       g_date_get_julian (reframe_assignment_get_start_date (assignment)));
  guint32      stop = end != NULL ? MIN (g_date_get_julian (last), g_date_get_julian (end))
                                  : g_date_get_julian (last);
  g_autoptr (GHashTable) days = g_hash_table_new (NULL, NULL);

  if (stop < first)
    return;
  *expected = stop - first + 1;
  for (guint i = 0; i < times->len; i++)
    {
      GDate   day;
      guint32 julian;

      reframe_homework_get_local_day (g_ptr_array_index (times, i), &day);
      julian = g_date_get_julian (&day);
      if (julian >= first && julian <= stop)
        g_hash_table_add (days, GUINT_TO_POINTER (julian));
    }
  *done = g_hash_table_size (days);
}

/* Done and expected from @from to @to: every day for daily homework, per week (Monday to
 * Sunday, the weeks the stretch touches) for n times a week, and once for homework done
 * once. Days after today are not expected yet. */
static void
count_progress (ReframeAssignment *assignment,
                GPtrArray         *times,
                const GDate       *from,
                const GDate       *to,
                const GDate       *today,
                guint             *done,
                guint             *expected)
{
  GDate last = *today, monday;

  *done = *expected = 0;
  if (g_date_compare (to, &last) < 0)
    last = *to;
  if (reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_DAILY)
    {
      count_daily (assignment, times, from, &last, done, expected);
      return;
    }
  reframe_homework_get_week_start (from, &monday);
  for (; g_date_compare (&monday, &last) <= 0; g_date_add_days (&monday, 7))
    {
      ReframeHomeworkProgress progress;

      if (!reframe_homework_is_in_week (assignment, &monday))
        continue;
      progress = reframe_homework_progress (assignment, times, &monday, &last);
      if (reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE)
        {
          *expected = 1;
          *done = MAX (*done, progress.done);
          continue;
        }
      *done += MIN (progress.done, progress.expected);
      *expected += progress.expected;
    }
}

/* The homework plan @homework came with (the newest, when several brought it), if any. */
static gboolean
read_plan (Builder               *builder,
           ReframeReportHomework *homework,
           GError               **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _reframe_store_prepare (
      builder->db,
      "SELECT p.therapist, p.from_day, p.to_day FROM plan_assignments pa JOIN plans p ON p.id = "
      "pa.plan_id"
      " WHERE pa.assignment_uuid = ?1 ORDER BY p.updated DESC, p.id DESC LIMIT 1",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (
      stmt, 1, reframe_assignment_get_uuid (homework->assignment), -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW &&
      parse_date_column (stmt, 1, &homework->plan_from) &&
      parse_date_column (stmt, 2, &homework->plan_to))
    homework->plan_therapist = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    g_date_clear (&homework->plan_from, 1);
  return rc == SQLITE_ROW || !step_failed (builder, rc, error);
}

static gboolean
overlaps_period (Builder           *builder,
                 ReframeAssignment *assignment)
{
  const GDate *start = reframe_assignment_get_start_date (assignment);
  const GDate *end = reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE
                         ? reframe_assignment_get_due_date (assignment)
                         : reframe_assignment_get_end_date (assignment);

  if (!g_date_valid (start) || g_date_compare (start, &builder->options->to) > 0)
    return FALSE;
  return end == NULL || g_date_compare (end, &builder->options->from) >= 0;
}

static gboolean
add_homework (Builder *builder,
              GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  ReframeReport *report = builder->report;
  GDate          today;
  int            rc;

  if (!wants (builder, REFRAME_REPORT_HOMEWORK))
    return TRUE;
  reframe_homework_get_today (&today);
  stmt = _reframe_store_prepare (
      builder->db,
      "SELECT " ASSIGNMENT_COLUMNS
      " FROM assignments a WHERE a.deleted_at IS NULL ORDER BY a.start_date, a.id",
      error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (ReframeAssignment) assignment = read_assignment (stmt);
      g_autoptr (GPtrArray) times = NULL;
      ReframeReportHomework *homework;
      GDate                  from = builder->options->from;

      if (!overlaps_period (builder, assignment))
        continue;
      homework = g_new0 (ReframeReportHomework, 1);
      homework->assignment = g_steal_pointer (&assignment);
      g_ptr_array_add (report->homework, homework);
      if (!read_plan (builder, homework, error))
        return FALSE;
      /* Done once counts whenever it was done since the start; a plan may have begun
       * before the period. */
      if (g_date_compare (reframe_assignment_get_start_date (homework->assignment), &from) < 0)
        from = *reframe_assignment_get_start_date (homework->assignment);
      if (g_date_valid (&homework->plan_from) && g_date_compare (&homework->plan_from, &from) < 0)
        from = homework->plan_from;
      reframe_homework_get_week_start (&from, &from);
      if ((times = read_completions (builder, homework->assignment, &from, error)) == NULL)
        return FALSE;
      count_progress (homework->assignment,
                      times,
                      &builder->options->from,
                      &builder->options->to,
                      &today,
                      &homework->done,
                      &homework->expected);
      if (g_date_valid (&homework->plan_from))
        {
          /* Over the plan's weeks, as far as the report goes. */
          GDate last = homework->plan_to;

          if (g_date_compare (&builder->options->to, &last) < 0)
            last = builder->options->to;
          if (g_date_compare (&homework->plan_from, &last) <= 0)
            count_progress (homework->assignment,
                            times,
                            &homework->plan_from,
                            &last,
                            &today,
                            &homework->plan_done,
                            &homework->plan_expected);
        }
      report->homework_done += homework->done;
      report->homework_expected += homework->expected;
    }
  return !step_failed (builder, rc, error);
}

/* The safety plan */

/* The plan as last saved (draft or not), or an empty one when there is none yet. */
static gboolean
add_safety_plan (Builder *builder,
                 GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (ReframeWorksheet) worksheet = NULL;
  ReframeTemplate *template = NULL;
  int rc;

  if (!builder->options->include_safety_plan)
    return TRUE;
  stmt = _reframe_store_prepare (
      builder->db,
      "SELECT " REFRAME_WORKSHEET_COLUMNS " FROM worksheets w"
      " WHERE w.template_id = ?1 AND w.deleted_at IS NULL ORDER BY " REFRAME_WORKSHEET_ORDER
      " LIMIT 1",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, REFRAME_SAFETY_PLAN_TEMPLATE, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    worksheet = _reframe_worksheet_repository_read_row (stmt);
  else if (step_failed (builder, rc, error))
    return FALSE;
  if (worksheet != NULL)
    template = _reframe_report_lookup_template (builder->templates,
                                                REFRAME_SAFETY_PLAN_TEMPLATE,
                                                reframe_worksheet_get_template_version (worksheet));
  if (template == NULL)
    template =
        _reframe_report_lookup_template (builder->templates, REFRAME_SAFETY_PLAN_TEMPLATE, 0);
  /* Without the template (a registry that failed to load) there are no steps to show. */
  if (template != NULL)
    builder->report->safety_plan = reframe_safety_plan_new (worksheet, template);
  return TRUE;
}

/* The report */

static gboolean
build (Builder *builder,
       GError **error)
{
  /* The plan first, so that its worksheet is not shown twice. */
  return add_safety_plan (builder, error) && add_entries (builder, error) &&
         !g_cancellable_set_error_if_cancelled (builder->cancellable, error) &&
         add_insights (builder, error) &&
         !g_cancellable_set_error_if_cancelled (builder->cancellable, error) &&
         add_worksheets (builder, error) &&
         !g_cancellable_set_error_if_cancelled (builder->cancellable, error) &&
         add_homework (builder, error) &&
         !g_cancellable_set_error_if_cancelled (builder->cancellable, error);
}

/*
 * _reframe_report_build_with_db:
 * @db: a read connection, used by this thread only
 * @templates: from _reframe_report_snapshot_templates()
 *
 * Reads everything in one read transaction, so that the report is one moment of the
 * journal even while the main thread goes on writing.
 */
ReframeReport *
_reframe_report_build_with_db (sqlite3                    *db,
                               GHashTable                 *templates,
                               const ReframeReportOptions *options,
                               GCancellable               *cancellable,
                               GError                    **error)
{
  g_autoptr (ReframeL10nScope) scope = reframe_l10n_scope_enter (options->language);
  g_autoptr (ReframeReport) report = _reframe_report_new ();
  GDate    after = options->to;
  Builder  builder = { options, templates, db, cancellable, report, NULL, NULL };
  gboolean ok;

  report->from = options->from;
  report->to = options->to;
  report->kinds = options->kinds;
  report->include_private = options->include_private;
  report->include_safety_plan = options->include_safety_plan;
  report->name = g_strdup (options->name);
  report->own_words = g_strdup (options->own_words);
  report->language = g_strdup (options->language);
  report->made =
      options->made != NULL ? g_date_time_ref (options->made) : g_date_time_new_now_local ();
  report->days_in_period = g_date_days_between (&options->from, &options->to) + 1;
  g_date_add_days (&after, 1);
  builder.from_utc = local_midnight_utc (&options->from);
  builder.to_utc = local_midnight_utc (&after);

  if (!_reframe_store_exec (db, "BEGIN", error))
    ok = FALSE;
  else
    {
      ok = build (&builder, error);
      _reframe_store_exec (db, "COMMIT", NULL);
    }
  g_free (builder.from_utc);
  g_free (builder.to_utc);
  if (!ok)
    return NULL;
  report->empty = _reframe_report_compute_empty (report);
  return g_steal_pointer (&report);
}
