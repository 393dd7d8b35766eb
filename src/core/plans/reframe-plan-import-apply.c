/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-import-apply.c: adding a plan to the journal in one step, after a backup. */

#define G_LOG_DOMAIN "ReframePlan"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-assignment-repository-private.h"
#include "reframe-import-private.h"
#include "reframe-plan-import-private.h"
#include "reframe-plan-private.h"
#include "reframe-store-private.h"
#include "reframe-template-registry.h"

/* As the assignment repository stores them. */
static const char *const stored_frequencies[] = {
  [REFRAME_FREQUENCY_DAILY] = "daily",
  [REFRAME_FREQUENCY_TIMES_PER_WEEK] = "weekly_n",
  [REFRAME_FREQUENCY_ONCE] = "once",
};

/* Applying */

static gboolean
write_assignment (sqlite3           *db,
                  ReframeAssignment *assignment,
                  const char        *now,
                  GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  ReframeFrequency frequency = reframe_assignment_get_frequency (assignment);
  g_autofree char *start =
      _reframe_plan_format_day (reframe_assignment_get_start_date (assignment));
  g_autofree char *end = _reframe_plan_format_day (reframe_assignment_get_end_date (assignment));
  g_autofree char *due = _reframe_plan_format_day (reframe_assignment_get_due_date (assignment));

  stmt = _reframe_store_prepare (
      db,
      "INSERT INTO assignments (uuid, template_id, title, frequency, times_per_week, start_date, "
      "end_date,"
      "  due_date, rationale, therapist_note, reminder, archived, created, updated)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, 0, ?11, ?11)"
      " ON CONFLICT (uuid) DO UPDATE SET template_id = excluded.template_id, title = "
      "excluded.title,"
      "  frequency = excluded.frequency, times_per_week = excluded.times_per_week,"
      "  start_date = excluded.start_date, end_date = excluded.end_date, due_date = "
      "excluded.due_date,"
      "  rationale = excluded.rationale, therapist_note = excluded.therapist_note,"
      "  updated = excluded.updated, deleted_at = NULL",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reframe_assignment_get_uuid (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reframe_assignment_get_template_id (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, reframe_assignment_get_title (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, stored_frequencies[frequency], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt,
                    5,
                    frequency == REFRAME_FREQUENCY_TIMES_PER_WEEK
                        ? reframe_assignment_get_times_per_week (assignment)
                        : 1);
  sqlite3_bind_text (stmt, 6, start, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, frequency == REFRAME_FREQUENCY_ONCE ? NULL : end, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, frequency == REFRAME_FREQUENCY_ONCE ? due : NULL, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, reframe_assignment_get_rationale (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (
      stmt, 10, reframe_assignment_get_therapist_note (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, now, -1, SQLITE_STATIC);
  return _reframe_store_step_done (db, stmt, error);
}

/* The plan's record, and which homework came with it. */
static gboolean
write_plan (sqlite3     *db,
            ReframePlan *plan,
            GPtrArray   *changes,
            const char  *now,
            GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) link = NULL;
  g_autofree char *from = _reframe_plan_format_day (reframe_plan_get_from (plan));
  g_autofree char *to = _reframe_plan_format_day (reframe_plan_get_to (plan));
  sqlite3_int64    plan_id;
  int              rc;

  stmt =
      _reframe_store_prepare (db,
                              "INSERT INTO plans (uuid, therapist, from_day, to_day, created, "
                              "updated) VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
                              " ON CONFLICT (uuid) DO UPDATE SET therapist = excluded.therapist, "
                              "from_day = excluded.from_day,"
                              "  to_day = excluded.to_day, updated = excluded.updated RETURNING id",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reframe_plan_get_uuid (plan), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reframe_plan_get_therapist (plan), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  plan_id = sqlite3_column_int64 (stmt, 0);
  if ((link = _reframe_store_prepare (
           db,
           "INSERT OR IGNORE INTO plan_assignments (plan_id, assignment_uuid) VALUES (?1, ?2)",
           error)) == NULL)
    return FALSE;
  for (guint i = 0; i < changes->len; i++)
    {
      ReframePlanChange *change = g_ptr_array_index (changes, i);

      sqlite3_reset (link);
      sqlite3_bind_int64 (link, 1, plan_id);
      sqlite3_bind_text (
          link, 2, reframe_assignment_get_uuid (change->assignment), -1, SQLITE_STATIC);
      if (!_reframe_store_step_done (db, link, error))
        return FALSE;
    }
  return TRUE;
}

/* Inside the transaction: the preview again (the journal may have changed since it was
 * shown), and its writes. */
static ReframePlanPreview *
write_preview (ReframePlanImport *self,
               sqlite3           *db,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr (ReframePlanPreview) preview =
      _reframe_plan_import_compute_preview (self->plan, db, self->data_dir, error);
  g_autofree char *now = _reframe_store_now_iso ();

  if (preview == NULL)
    return NULL;
  for (guint i = 0; i < preview->changes->len; i++)
    {
      ReframePlanChange *change = g_ptr_array_index (preview->changes, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          (change->kind != REFRAME_PLAN_CHANGE_NONE &&
           !write_assignment (db, change->assignment, now, error)))
        return NULL;
    }
  if (preview->plan_kind != REFRAME_PLAN_CHANGE_NONE &&
      !write_plan (db, self->plan, preview->changes, now, error))
    return NULL;
  return g_steal_pointer (&preview);
}

/* The templates first: no homework may name a template the journal lacks. One added here
 * stays when the homework then fails to go in: it is one more worksheet to choose from. */
static gboolean
install_templates (ReframePlanImport *self,
                   GError           **error)
{
  g_autoptr (ReframeTemplateRegistry) registry = NULL;

  if (self->preview->new_templates->len == 0)
    return TRUE;
  if ((registry = reframe_template_registry_new (self->data_dir, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < self->preview->new_templates->len; i++)
    if (reframe_template_registry_import_template (
            registry, g_ptr_array_index (self->preview->new_templates, i), error) == NULL)
      return FALSE;
  return TRUE;
}

static void
say_nothing_imported (GError *error)
{
  char *message;

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_DISK_FULL))
    message = g_strdup (_ ("The disk is full, so the plan was not imported; the homework is as it "
                           "was. Free some space and try again."));
  else
    /* Translators: what went wrong, a sentence ending with a full stop. */
    message = g_strdup_printf (_ ("%s The plan was not imported; the homework is as it was."),
                               error->message);
  g_free (error->message);
  error->message = message;
}

/* The templates this import added were new before it, though the journal has them now. */
static void
keep_new_templates (ReframePlanPreview *after,
                    ReframePlanPreview *before)
{
  for (guint i = 0; i < before->new_templates->len; i++)
    g_ptr_array_remove (after->present_templates, g_ptr_array_index (before->new_templates, i));
  g_ptr_array_unref (after->new_templates);
  after->new_templates = g_ptr_array_ref (before->new_templates);
}

/* Runs on any thread; the store's main connection serves only its integrity check. */
static ReframePlanPreview *
apply_plan (ReframePlanImport *self,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr (ReframePlanPreview) preview = NULL;
  GError  *local_error = NULL;
  sqlite3 *db = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* A failed backup says itself that nothing was imported. */
  if (_reframe_store_require_writer (self->store, &local_error) == NULL ||
      !_reframe_import_make_backup (self->store, error) ||
      !install_templates (self, &local_error) ||
      (db = _reframe_store_open_writer_at (self->path, &local_error)) == NULL)
    {
      say_nothing_imported (local_error);
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return NULL;
    }
  if (_reframe_store_exec (db, "BEGIN IMMEDIATE", &local_error) &&
      (preview = write_preview (self, db, cancellable, &local_error)) != NULL &&
      !g_cancellable_set_error_if_cancelled (cancellable, &local_error) &&
      _reframe_store_exec (db, "COMMIT", &local_error))
    {
      sqlite3_close (db);
      keep_new_templates (preview, self->preview);
      return g_steal_pointer (&preview);
    }
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  say_nothing_imported (local_error);
  g_propagate_error (error, local_error);
  return NULL;
}

static gboolean
check_applicable (ReframePlanImport *self,
                  GError           **error)
{
  if (self->store != NULL)
    return TRUE;
  g_set_error_literal (error,
                       REFRAME_PLAN_ERROR,
                       REFRAME_PLAN_ERROR_FAILED,
                       _ ("There is no journal to import the plan into."));
  return FALSE;
}

static void
take_preview (ReframePlanImport  *self,
              ReframePlanPreview *preview)
{
  _reframe_plan_import_preview_free (self->preview);
  self->preview = preview;
  _reframe_assignment_repository_emit_changed (reframe_store_get_assignments (self->store), NULL);
}

/**
 * reframe_plan_import_apply:
 *
 * Adds and changes the homework as the preview said (reading the journal again, in the
 * same transaction), after a backup (see reframe_import_set_backup_func()); adds the
 * templates the plan carries first. Nothing is written when nothing would change.
 * Blocks: on the main thread use reframe_plan_import_apply_async().
 *
 * Returns: %TRUE when done; the changes now say what was done. On failure the homework
 *   is as it was.
 */
gboolean
reframe_plan_import_apply (ReframePlanImport *self,
                           GCancellable      *cancellable,
                           GError           **error)
{
  ReframePlanPreview *preview;

  g_return_val_if_fail (REFRAME_IS_PLAN_IMPORT (self), FALSE);

  if (!check_applicable (self, error))
    return FALSE;
  if (!reframe_plan_import_has_changes (self))
    return TRUE;
  if ((preview = apply_plan (self, cancellable, error)) == NULL)
    return FALSE;
  take_preview (self, preview);
  return TRUE;
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError             *error = NULL;
  ReframePlanPreview *preview = apply_plan (source_object, cancellable, &error);

  if (preview != NULL)
    g_task_return_pointer (task, preview, (GDestroyNotify) _reframe_plan_import_preview_free);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_plan_import_apply_async:
 *
 * Imports on a worker thread, on a connection of its own; cancelling rolls it back.
 */
void
reframe_plan_import_apply_async (ReframePlanImport  *self,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (REFRAME_IS_PLAN_IMPORT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_plan_import_apply_async);
  if (!check_applicable (self, &error))
    g_task_return_error (task, error);
  else if (!reframe_plan_import_has_changes (self))
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_run_in_thread (task, apply_thread);
}

/**
 * reframe_plan_import_apply_finish:
 *
 * Returns: %TRUE when done; the homework repository tells its views
 */
gboolean
reframe_plan_import_apply_finish (ReframePlanImport *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  ReframePlanPreview *preview;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (g_task_had_error (G_TASK (result)))
    {
      g_task_propagate_pointer (G_TASK (result), error);
      return FALSE;
    }
  if ((preview = g_task_propagate_pointer (G_TASK (result), NULL)) != NULL)
    take_preview (self, preview);
  return TRUE;
}
