/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-export.c: a homework plan made from the homework in a journal.
 *
 * A therapist who sets homework in Reframe (their own copy, or with the person at the
 * appointment) hands it over as a plan: every assignment of the period that is not
 * archived, with its UUID, and the templates of their own it needs. The journal is read
 * on a connection of its own, so this runs on a worker thread too.
 */

#define G_LOG_DOMAIN "ReframePlan"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-assignment-repository-private.h"
#include "reframe-homework.h"
#include "reframe-plan-private.h"
#include "reframe-store-private.h"
#include "reframe-template-registry.h"

/* Without a last day, a plan runs four weeks. */
#define DEFAULT_DAYS 28

typedef struct
{
  char      *path;
  char      *data_dir;
  char      *therapist;
  GDate      from;
  GDate      to;
  GPtrArray *repeats; /* of ReframePlanRepeat */
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->path);
  g_free (data->data_dir);
  g_free (data->therapist);
  g_clear_pointer (&data->repeats, g_ptr_array_unref);
  g_free (data);
}

static const GDate *
last_day_of (ReframeAssignment *assignment)
{
  return reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE
             ? reframe_assignment_get_due_date (assignment)
             : reframe_assignment_get_end_date (assignment);
}

/* The homework not archived that is still meant for a day on or after @from. */
static GPtrArray *
read_assignments (const char  *path,
                  const GDate *from,
                  GError     **error)
{
  g_autoptr (GPtrArray) assignments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int      rc = SQLITE_DONE;
  gboolean ok;

  if ((db = _reframe_store_open_reader_at (path, error)) == NULL)
    return NULL;
  stmt = _reframe_store_prepare (
      db,
      "SELECT " REFRAME_ASSIGNMENT_COLUMNS " FROM assignments a"
      " WHERE a.archived = 0 AND a.deleted_at IS NULL ORDER BY a.start_date, a.id",
      error);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (ReframeAssignment) assignment = _reframe_assignment_repository_read_row (stmt);
      const GDate *last = last_day_of (assignment);

      if (last == NULL || g_date_compare (last, from) >= 0)
        g_ptr_array_add (assignments, g_steal_pointer (&assignment));
    }
  ok = stmt != NULL && (rc == SQLITE_DONE || _reframe_store_fail (error, db, rc));
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (db);
  return ok ? g_steal_pointer (&assignments) : NULL;
}

/* The plan's last day when none was given: the last day of its homework, or four weeks. */
static void
choose_last_day (GPtrArray   *assignments,
                 const GDate *from,
                 GDate       *to)
{
  GDate longest = *from;

  g_date_clear (to, 1);
  for (guint i = 0; i < assignments->len; i++)
    {
      const GDate *last = last_day_of (g_ptr_array_index (assignments, i));

      if (last != NULL && (!g_date_valid (to) || g_date_compare (last, to) > 0))
        *to = *last;
    }
  if (!g_date_valid (to) || g_date_compare (to, from) < 0)
    {
      *to = *from;
      g_date_add_days (to, DEFAULT_DAYS - 1);
    }
  g_date_add_days (&longest, REFRAME_PLAN_MAX_DAYS - 1);
  if (g_date_compare (to, &longest) > 0)
    *to = longest;
}

/* The template @id as the plan needs it: nothing for a built-in, its newest version for
 * one of the therapist's own. */
static gboolean
carry_template (ReframePlan             *plan,
                ReframeTemplateRegistry *registry,
                const char              *id,
                gboolean                 questionnaire,
                GError                 **error)
{
  ReframeTemplate *template =
      registry != NULL ? reframe_template_registry_lookup (registry, id, 0) : NULL;

  if (template == NULL)
    {
      g_set_error (error,
                   REFRAME_PLAN_ERROR,
                   REFRAME_PLAN_ERROR_CONFLICT,
                   _ ("The template “%s” is not among this journal’s worksheets, so the plan "
                      "cannot carry it."),
                   id);
      return FALSE;
    }
  if (questionnaire && reframe_template_get_kind (template) != REFRAME_TEMPLATE_KIND_QUESTIONNAIRE)
    {
      g_set_error (
          error,
          REFRAME_PLAN_ERROR,
          REFRAME_PLAN_ERROR_INVALID,
          _ ("“%s” is a worksheet, not a questionnaire; only questionnaires are repeated."),
          reframe_template_get_title (template));
      return FALSE;
    }
  return reframe_template_get_builtin (template) ||
         reframe_plan_add_template (plan, template, error);
}

static gboolean
add_assignments (ReframePlan             *plan,
                 ReframeTemplateRegistry *registry,
                 GPtrArray               *assignments,
                 GError                 **error)
{
  for (guint i = 0; i < assignments->len; i++)
    {
      ReframeAssignment *assignment = g_ptr_array_index (assignments, i);
      const char        *id = reframe_assignment_get_template_id (assignment);

      if (g_date_compare (reframe_assignment_get_start_date (assignment),
                          reframe_plan_get_to (plan)) > 0)
        continue;
      if ((id != NULL && !carry_template (plan, registry, id, FALSE, error)) ||
          !reframe_plan_add_item (plan, assignment, error))
        {
          /* Translators: homework that cannot go into a plan, then why */
          g_prefix_error (error, _ ("“%s”: "), reframe_assignment_get_title (assignment));
          return FALSE;
        }
    }
  return TRUE;
}

static ReframePlan *
build_plan (ExportData *data,
            GError    **error)
{
  g_autoptr (ReframeTemplateRegistry) registry =
      reframe_template_registry_new (data->data_dir, NULL);
  g_autoptr (GPtrArray) assignments = NULL;
  g_autoptr (ReframePlan) plan = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  if (data->therapist != NULL && (!g_utf8_validate (data->therapist, -1, NULL) ||
                                  g_utf8_strlen (data->therapist, -1) > REFRAME_PLAN_TITLE_MAX))
    {
      g_set_error_literal (error,
                           REFRAME_PLAN_ERROR,
                           REFRAME_PLAN_ERROR_INVALID,
                           _ ("The therapist’s name is longer than 200 characters."));
      return NULL;
    }
  if ((assignments = read_assignments (data->path, &data->from, error)) == NULL)
    return NULL;
  if (!g_date_valid (&data->to))
    choose_last_day (assignments, &data->from, &data->to);
  if (!reframe_plan_check_period (&data->from, &data->to, error))
    return NULL;
  plan = reframe_plan_new (data->therapist, &data->from, &data->to);
  _reframe_plan_set_created (plan, created);
  if (!add_assignments (plan, registry, assignments, error))
    return NULL;
  for (guint i = 0; data->repeats != NULL && i < data->repeats->len; i++)
    {
      ReframePlanRepeat *repeat = g_ptr_array_index (data->repeats, i);

      if (!carry_template (plan, registry, repeat->template_id, TRUE, error) ||
          !reframe_plan_add_repeat (plan, repeat, error))
        return NULL;
    }
  if (reframe_plan_get_items (plan)->len == 0 && reframe_plan_get_repeats (plan)->len == 0)
    {
      g_autofree char *from = _reframe_plan_format_day (&data->from);
      g_autofree char *to = _reframe_plan_format_day (&data->to);

      g_set_error (error,
                   REFRAME_PLAN_ERROR,
                   REFRAME_PLAN_ERROR_INVALID,
                   _ ("There is no homework from %s to %s to put in a plan."),
                   from,
                   to);
      return NULL;
    }
  return g_steal_pointer (&plan);
}

static ExportData *
export_data_new (ReframeStore *store,
                 const char   *therapist,
                 const GDate  *from,
                 const GDate  *to,
                 GPtrArray    *repeats)
{
  ExportData *data = g_new0 (ExportData, 1);

  data->path = _reframe_store_dup_path_for_reader (store);
  data->data_dir = g_strdup (reframe_store_get_data_dir (store));
  data->therapist = g_strdup (therapist);
  g_date_clear (&data->from, 1);
  g_date_clear (&data->to, 1);
  if (from != NULL)
    data->from = *from;
  else
    reframe_homework_get_today (&data->from);
  if (to != NULL)
    data->to = *to;
  if (repeats != NULL)
    data->repeats = g_ptr_array_copy (repeats, (GCopyFunc) reframe_plan_repeat_copy, NULL);
  if (data->repeats != NULL)
    g_ptr_array_set_free_func (data->repeats, (GDestroyNotify) reframe_plan_repeat_free);
  return data;
}

/**
 * reframe_plan_new_from_journal:
 * @therapist: (nullable): who makes the plan
 * @from: (nullable): the plan's first day; %NULL for today
 * @to: (nullable): its last day; %NULL for the last day of its homework (four weeks when
 *   none ends)
 * @repeats: (nullable) (element-type ReframePlanRepeat): questionnaires to repeat
 *
 * Makes a plan of the homework in @store that is not archived and is meant for days of
 * the period, with the templates of the therapist's own it needs. Blocks: on the main
 * thread use reframe_plan_new_from_journal_async().
 *
 * Returns: (transfer full) (nullable): the plan; %REFRAME_PLAN_ERROR_INVALID when the
 *   period is not one or holds no homework, %REFRAME_PLAN_ERROR_CONFLICT when a template
 *   is missing
 */
ReframePlan *
reframe_plan_new_from_journal (ReframeStore *store,
                               const char   *therapist,
                               const GDate  *from,
                               const GDate  *to,
                               GPtrArray    *repeats,
                               GError      **error)
{
  ExportData  *data;
  ReframePlan *plan;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);

  data = export_data_new (store, therapist, from, to, repeats);
  plan = build_plan (data, error);
  export_data_free (data);
  return plan;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError      *error = NULL;
  ReframePlan *plan = build_plan (task_data, &error);

  if (plan != NULL)
    g_task_return_pointer (task, plan, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_plan_new_from_journal_async:
 *
 * Makes the plan of reframe_plan_new_from_journal() on a worker thread.
 */
void
reframe_plan_new_from_journal_async (ReframeStore       *store,
                                     const char         *therapist,
                                     const GDate        *from,
                                     const GDate        *to,
                                     GPtrArray          *repeats,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (REFRAME_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_plan_new_from_journal_async);
  g_task_set_task_data (task,
                        export_data_new (store, therapist, from, to, repeats),
                        (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * reframe_plan_new_from_journal_finish:
 *
 * Returns: (transfer full) (nullable): the plan
 */
ReframePlan *
reframe_plan_new_from_journal_finish (ReframeStore *store,
                                      GAsyncResult *result,
                                      GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
