/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report.c: the document: its items, building it off the main thread, and its
 * getters. The options are in reframe-report-options.c, the text helpers the renderers
 * share in reframe-report-text.c, writing to a file in reframe-report-writer.c.
 *
 * A report is built once from what the person chose and never changes afterwards, so
 * the preview, the printer and a file writer on another thread can all read it at once.
 * Writing goes to a temporary file next to the destination, renamed over it only when
 * everything was written: a cancelled or failed export leaves no half-written file and
 * leaves an existing file at the destination as it was.
 */

#define G_LOG_DOMAIN "ReframeReport"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>

#include "reframe-report-private.h"
#include "reframe-store-private.h"

G_DEFINE_QUARK (reframe - report - error - quark, reframe_report_error)

G_DEFINE_BOXED_TYPE (ReframeReportOptions,
                     reframe_report_options,
                     reframe_report_options_copy,
                     reframe_report_options_free)
G_DEFINE_BOXED_TYPE (ReframeReport, reframe_report, reframe_report_ref, reframe_report_unref)

/* The items of the document */

ReframeReportWorksheet *
_reframe_report_worksheet_new (ReframeWorksheet *worksheet,
                               ReframeTemplate *template)
{
  ReframeReportWorksheet *item = g_new0 (ReframeReportWorksheet, 1);

  item->worksheet = g_object_ref (worksheet);
  item->template = template != NULL ? g_object_ref (template) : NULL;
  return item;
}

void
_reframe_report_worksheet_free (ReframeReportWorksheet *item)
{
  g_object_unref (item->worksheet);
  g_clear_object (&item->template);
  g_free (item);
}

void
_reframe_report_score_free (ReframeReportScore *score)
{
  g_free (score->template_id);
  g_free (score->title);
  g_free (score->worksheet_uuid);
  g_clear_pointer (&score->when, g_date_time_unref);
  g_free (score->band);
  g_free (score->safety_field_id);
  g_free (score);
}

void
_reframe_report_homework_free (ReframeReportHomework *homework)
{
  g_object_unref (homework->assignment);
  g_free (homework->plan_therapist);
  g_free (homework);
}

ReframeReportItem *
_reframe_report_item_new (const char           *uuid,
                          ReframeReportItemKind kind,
                          const char           *title,
                          GDateTime            *when,
                          gboolean              private_,
                          gboolean              included)
{
  ReframeReportItem *item = g_new0 (ReframeReportItem, 1);

  item->uuid = g_strdup (uuid);
  item->kind = kind;
  item->title = g_strdup (title);
  item->when = when != NULL ? g_date_time_ref (when) : NULL;
  item->private_ = private_;
  item->included = included;
  return item;
}

void
_reframe_report_item_free (ReframeReportItem *item)
{
  g_free (item->uuid);
  g_free (item->title);
  g_clear_pointer (&item->when, g_date_time_unref);
  g_free (item);
}

ReframeReport *
_reframe_report_new (void)
{
  ReframeReport *self = g_new0 (ReframeReport, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);
  self->mean_mood = self->first_half_mean = self->second_half_mean = NAN;
  self->emotion_drop = self->activity_predicted = self->activity_actual = NAN;
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->worksheets =
      g_ptr_array_new_with_free_func ((GDestroyNotify) _reframe_report_worksheet_free);
  self->questionnaires =
      g_ptr_array_new_with_free_func ((GDestroyNotify) _reframe_report_worksheet_free);
  self->scores = g_ptr_array_new_with_free_func ((GDestroyNotify) _reframe_report_score_free);
  self->homework = g_ptr_array_new_with_free_func ((GDestroyNotify) _reframe_report_homework_free);
  self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) _reframe_report_item_free);
  return self;
}

ReframeReport *
reframe_report_ref (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
reframe_report_unref (ReframeReport *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->made, g_date_time_unref);
  g_free (self->name);
  g_free (self->own_words);
  g_free (self->language);
  g_clear_pointer (&self->insights, reframe_insights_unref);
  g_ptr_array_unref (self->entries);
  g_ptr_array_unref (self->worksheets);
  g_ptr_array_unref (self->questionnaires);
  g_ptr_array_unref (self->scores);
  g_ptr_array_unref (self->homework);
  g_ptr_array_unref (self->candidates);
  g_clear_object (&self->safety_plan);
  g_free (self->data_dir);
  g_free (self);
}

/* Building */

typedef struct
{
  char                 *path;
  GHashTable           *templates;
  ReframeReportOptions *options;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_free (data->path);
  g_hash_table_unref (data->templates);
  reframe_report_options_free (data->options);
  g_free (data);
}

static char *
template_key (const char *id,
              guint       version)
{
  return g_strdup_printf ("%s\n%u", id, version);
}

/* Every version of every template, referenced, so that a worker thread can look them
 * up while the registry goes on being used on the main thread. Key "id\nversion", and
 * "id\n0" for the newest. */
GHashTable *
_reframe_report_snapshot_templates (ReframeTemplateRegistry *registry)
{
  GHashTable *templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  GListModel *latest;

  if (registry == NULL)
    return templates;
  latest = reframe_template_registry_get_templates (registry);
  for (guint i = 0; i < g_list_model_get_n_items (latest); i++)
    {
      g_autoptr (ReframeTemplate) newest = g_list_model_get_item (latest, i);
      const char *id = reframe_template_get_id (newest);
      GPtrArray  *versions = reframe_template_registry_get_versions (registry, id);

      g_hash_table_replace (templates, template_key (id, 0), g_object_ref (newest));
      for (guint j = 0; versions != NULL && j < versions->len; j++)
        {
          ReframeTemplate *template = g_ptr_array_index (versions, j);
          g_hash_table_replace (templates,
                                template_key (id, reframe_template_get_version (template)),
                                g_object_ref (template));
        }
    }
  return templates;
}

/* The version a worksheet was made with, else the newest one. */
ReframeTemplate *
_reframe_report_lookup_template (GHashTable *templates,
                                 const char *id,
                                 guint       version)
{
  g_autofree char *key = template_key (id, version);
  g_autofree char *newest = template_key (id, 0);
  ReframeTemplate *template = g_hash_table_lookup (templates, key);

  return template != NULL ? template : g_hash_table_lookup (templates, newest);
}

static gboolean
check_period (const ReframeReportOptions *options,
              GError                    **error)
{
  if (g_date_compare (&options->from, &options->to) > 0)
    {
      g_set_error_literal (
          error,
          REFRAME_REPORT_ERROR,
          REFRAME_REPORT_ERROR_INVALID,
          _ ("The period ends before it starts; choose an end date on or after the start."));
      return FALSE;
    }
  return TRUE;
}

static ReframeReport *
build_at_path (const char                 *path,
               GHashTable                 *templates,
               const ReframeReportOptions *options,
               GCancellable               *cancellable,
               GError                    **error)
{
  sqlite3       *db;
  ReframeReport *report;

  if ((db = _reframe_store_open_reader_at (path, error)) == NULL)
    return NULL;
  report = _reframe_report_build_with_db (db, templates, options, cancellable, error);
  sqlite3_close (db);
  if (report != NULL)
    report->data_dir = g_path_get_dirname (path);
  return report;
}

/**
 * reframe_report_build:
 * @registry: (nullable): the templates, to lay worksheets out with
 * @options: what to put in
 *
 * Reads the period from the journal through a read connection of its own; for the
 * command line and tests. Windows use reframe_report_build_async().
 *
 * Returns: (transfer full) (nullable): the report; %NULL with %G_IO_ERROR_CANCELLED when cancelled
 */
ReframeReport *
reframe_report_build (ReframeStore            *store,
                      ReframeTemplateRegistry *registry,
                      ReframeReportOptions    *options,
                      GCancellable            *cancellable,
                      GError                 **error)
{
  g_autoptr (GHashTable) templates = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!check_period (options, error) || _reframe_store_require_db (store, error) == NULL)
    return NULL;
  templates = _reframe_report_snapshot_templates (registry);
  path = _reframe_store_dup_path_for_reader (store);
  return build_at_path (path, templates, options, cancellable, error);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData     *data = task_data;
  GError        *error = NULL;
  ReframeReport *report =
      build_at_path (data->path, data->templates, data->options, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) reframe_report_unref);
}

/**
 * reframe_report_build_async:
 * @registry: (nullable): the templates
 * @options: what to put in; copied
 *
 * Builds the report on a worker thread with its own read connection.
 */
void
reframe_report_build_async (ReframeStore            *store,
                            ReframeTemplateRegistry *registry,
                            ReframeReportOptions    *options,
                            GCancellable            *cancellable,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  BuildData *data;

  g_return_if_fail (REFRAME_IS_STORE (store));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_report_build_async);
  if (!check_period (options, &error) || _reframe_store_require_db (store, &error) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data = g_new0 (BuildData, 1);
  data->path = _reframe_store_dup_path_for_reader (store);
  data->templates = _reframe_report_snapshot_templates (registry);
  data->options = reframe_report_options_copy (options);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_thread);
}

/**
 * reframe_report_build_finish:
 *
 * Returns: (transfer full) (nullable): the report
 */
ReframeReport *
reframe_report_build_finish (GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reframe_report_build_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Getters */

const GDate *
reframe_report_get_from (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->from;
}

const GDate *
reframe_report_get_to (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->to;
}

GDateTime *
reframe_report_get_made (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->made;
}

/**
 * reframe_report_get_language:
 *
 * Returns: (nullable): the language the report is written in; %NULL for the desktop's
 */
const char *
reframe_report_get_language (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->language;
}

/**
 * reframe_report_get_name:
 *
 * Returns: (nullable): the name for the header
 */
const char *
reframe_report_get_name (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

/**
 * reframe_report_get_own_words:
 *
 * Returns: (nullable): the person's own words, the report's first section
 */
const char *
reframe_report_get_own_words (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->own_words;
}

ReframeReportKinds
reframe_report_get_kinds (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->kinds;
}

gboolean
reframe_report_get_include_private (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->include_private;
}

gboolean
reframe_report_get_include_safety_plan (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->include_safety_plan;
}

/**
 * reframe_report_get_safety_plan:
 *
 * Returns: (transfer none) (nullable): the person's safety plan when the report was
 *   asked to carry it (perhaps with nothing written yet), else %NULL
 */
ReframeSafetyPlan *
reframe_report_get_safety_plan (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->safety_plan;
}

/**
 * reframe_report_is_empty:
 *
 * Returns: whether nothing that may be shared was logged in the period: no entry,
 *   worksheet, questionnaire or homework; the report then says so
 */
gboolean
reframe_report_is_empty (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->empty;
}

/* Shared items of kinds not chosen count too: something was logged. */
gboolean
_reframe_report_compute_empty (ReframeReport *self)
{
  if (self->n_entries_logged > 0 || self->entries->len > 0 || self->worksheets->len > 0 ||
      self->questionnaires->len > 0 || self->homework->len > 0)
    return FALSE;
  for (guint i = 0; i < self->candidates->len; i++)
    if (((ReframeReportItem *) g_ptr_array_index (self->candidates, i))->included)
      return FALSE;
  return TRUE;
}

guint
reframe_report_get_days_in_period (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->days_in_period;
}

guint
reframe_report_get_days_logged (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->days_logged;
}

/* The number of entries the summary counts (shared ones, whether listed or not). */
guint
reframe_report_get_n_entries_logged (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_entries_logged;
}

double
reframe_report_get_mean_mood (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->mean_mood;
}

/**
 * reframe_report_get_mood_trend:
 * @first_half_mean: (out) (optional): the mean of the daily moods of the period's first half
 * @second_half_mean: (out) (optional): the same for the second half
 *
 * Returns: the second half's mean minus the first's; NAN when either half has fewer
 *   than %REFRAME_INSIGHTS_MIN_DAYS days logged, and no trend should be claimed
 */
double
reframe_report_get_mood_trend (ReframeReport *self,
                               double        *first_half_mean,
                               double        *second_half_mean)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (first_half_mean != NULL)
    *first_half_mean = self->first_half_mean;
  if (second_half_mean != NULL)
    *second_half_mean = self->second_half_mean;
  if (isnan (self->first_half_mean) || isnan (self->second_half_mean))
    return NAN;
  return self->second_half_mean - self->first_half_mean;
}

/**
 * reframe_report_get_insights:
 *
 * Returns: (transfer none) (nullable): the statistics the charts draw
 */
ReframeInsights *
reframe_report_get_insights (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->insights;
}

GPtrArray *
reframe_report_get_entries (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->entries;
}

GPtrArray *
reframe_report_get_worksheets (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->worksheets;
}

GPtrArray *
reframe_report_get_questionnaires (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->questionnaires;
}

GPtrArray *
reframe_report_get_scores (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->scores;
}

GPtrArray *
reframe_report_get_homework (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->homework;
}

void
reframe_report_get_homework_totals (ReframeReport *self,
                                    guint         *done,
                                    guint         *expected)
{
  g_return_if_fail (self != NULL);
  if (done != NULL)
    *done = self->homework_done;
  if (expected != NULL)
    *expected = self->homework_expected;
}

double
reframe_report_get_emotion_drop (ReframeReport *self,
                                 guint         *n_records)
{
  g_return_val_if_fail (self != NULL, NAN);
  if (n_records != NULL)
    *n_records = self->n_emotion_records;
  return self->emotion_drop;
}

guint
reframe_report_get_activity_moods (ReframeReport *self,
                                   double        *predicted,
                                   double        *actual)
{
  g_return_val_if_fail (self != NULL, 0);
  if (predicted != NULL)
    *predicted = self->activity_predicted;
  if (actual != NULL)
    *actual = self->activity_actual;
  return self->n_activities;
}

GPtrArray *
reframe_report_get_candidates (ReframeReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->candidates;
}

/* Formats */

const char *
reframe_report_format_get_extension (ReframeReportFormat format)
{
  switch (format)
    {
    case REFRAME_REPORT_FORMAT_PDF:
      return "pdf";
    case REFRAME_REPORT_FORMAT_MARKDOWN:
      return "md";
    case REFRAME_REPORT_FORMAT_JSON:
    case REFRAME_REPORT_FORMAT_FHIR:
      return "json";
    case REFRAME_REPORT_FORMAT_CSV:
    default:
      return "csv";
    }
}

/* "pdf", "md" (or "markdown"), "json", "csv", "fhir". */
gboolean
reframe_report_format_parse (const char          *text,
                             ReframeReportFormat *format)
{
  static const struct
  {
    const char         *name;
    ReframeReportFormat format;
  } names[] = {
    { "pdf", REFRAME_REPORT_FORMAT_PDF },
    { "md", REFRAME_REPORT_FORMAT_MARKDOWN },
    { "markdown", REFRAME_REPORT_FORMAT_MARKDOWN },
    { "json", REFRAME_REPORT_FORMAT_JSON },
    { "csv", REFRAME_REPORT_FORMAT_CSV },
    { "fhir", REFRAME_REPORT_FORMAT_FHIR },
  };

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        *format = names[i].format;
        return TRUE;
      }
  return FALSE;
}
