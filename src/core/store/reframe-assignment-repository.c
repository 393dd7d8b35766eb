/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-assignment-repository.c: homework assignments and when they were done.
 *
 * Schema (version 4): `assignments` (a deleted one keeps its row, with `deleted_at`
 * set, until it is purged) and `assignment_completions`, one row per local day a
 * free-text task was marked done. An assignment of a template is done by completing a
 * worksheet whose `assignment_uuid` names it; both count the same way.
 */

#define G_LOG_DOMAIN "ReframeAssignmentRepository"

#include "config.h"

#include "reframe-i18n.h"
#include <stdio.h>
#include <string.h>

#include "reframe-assignment-private.h"
#include "reframe-assignment-repository-private.h"
#include "reframe-store-private.h"

#define TITLE_MAX 200
#define NOTE_MAX  10000

struct _ReframeAssignmentRepository
{
  GObject parent_instance;

  /* Borrowed: the store owns the repository and detaches it when it goes. */
  ReframeStore *store;
};

enum
{
  SIGNAL_ASSIGNMENT_CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ReframeAssignmentRepository, reframe_assignment_repository, G_TYPE_OBJECT)

static guint signals[N_SIGNALS];

/* How frequencies are stored. */
static const char *const frequency_names[] = {
  [REFRAME_FREQUENCY_DAILY] = "daily",
  [REFRAME_FREQUENCY_TIMES_PER_WEEK] = "weekly_n",
  [REFRAME_FREQUENCY_ONCE] = "once",
};

#define ASSIGNMENT_COLUMNS REFRAME_ASSIGNMENT_COLUMNS

static void
reframe_assignment_repository_class_init (ReframeAssignmentRepositoryClass *klass)
{
  /**
   * ReframeAssignmentRepository::assignment-changed:
   * @self: the repository
   * @uuid: (nullable): the assignment saved, deleted, restored or marked done; %NULL
   *   when a plan was imported, or
   *   when deleted ones were purged
   *
   * Emitted after each of those changes, so that the homework view follows. (A
   * worksheet done for an assignment is announced by the worksheet repository.)
   */
  signals[SIGNAL_ASSIGNMENT_CHANGED] =
      g_signal_new ("assignment-changed",
                    G_TYPE_FROM_CLASS (klass),
                    G_SIGNAL_RUN_LAST,
                    0,
                    NULL,
                    NULL,
                    NULL,
                    G_TYPE_NONE,
                    1,
                    G_TYPE_STRING);
}

static void
reframe_assignment_repository_init (ReframeAssignmentRepository *self)
{
}

ReframeAssignmentRepository *
_reframe_assignment_repository_new (ReframeStore *store)
{
  ReframeAssignmentRepository *self = g_object_new (REFRAME_TYPE_ASSIGNMENT_REPOSITORY, NULL);

  self->store = store;
  return self;
}

void
_reframe_assignment_repository_detach (ReframeAssignmentRepository *self)
{
  self->store = NULL;
}

/* After writes made elsewhere (a plan imported on a connection of its own): %NULL
 * when more than one assignment may have changed. */
void
_reframe_assignment_repository_emit_changed (ReframeAssignmentRepository *self,
                                             const char                  *uuid)
{
  g_signal_emit (self, signals[SIGNAL_ASSIGNMENT_CHANGED], 0, uuid);
}

static sqlite3 *
get_db (ReframeAssignmentRepository *self,
        GError                     **error)
{
  return _reframe_store_require_db (self->store, error);
}

/* Before any write: the journal is open and known not to be damaged. */
static sqlite3 *
get_writer (ReframeAssignmentRepository *self,
            GError                     **error)
{
  return _reframe_store_require_writer (self->store, error);
}

static gboolean
not_found (GError **error)
{
  g_set_error (error,
               REFRAME_STORE_ERROR,
               REFRAME_STORE_ERROR_NOT_FOUND,
               _ ("This homework no longer exists."));
  return FALSE;
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* "YYYY-MM-DD", or NULL for no date. */
static char *
format_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;
  return g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint year = 0, month = 0, day = 0;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static gboolean
text_is_valid (const char *text,
               glong       max_chars)
{
  return g_utf8_validate (text, -1, NULL) && g_utf8_strlen (text, -1) <= max_chars;
}

static gboolean
validate_dates (ReframeAssignment *assignment,
                GError           **error)
{
  const GDate *start = reframe_assignment_get_start_date (assignment);
  const GDate *end = reframe_assignment_get_end_date (assignment);
  const GDate *due = reframe_assignment_get_due_date (assignment);

  if (!g_date_valid (start))
    return invalid (error, _ ("Choose the day the homework starts."));
  if (end != NULL && g_date_compare (end, start) < 0)
    return invalid (
        error, _ ("The homework ends before it starts; choose an end date on or after the start."));
  if (reframe_assignment_get_frequency (assignment) != REFRAME_FREQUENCY_ONCE)
    return TRUE;
  if (due == NULL)
    return invalid (error, _ ("Choose the day to do it by."));
  if (g_date_compare (due, start) < 0)
    return invalid (error, _ ("The day to do it by is before the start; choose a later day."));
  return TRUE;
}

static gboolean
validate_assignment (ReframeAssignment *assignment,
                     GError           **error)
{
  g_autofree char *title = g_strstrip (g_strdup (reframe_assignment_get_title (assignment)));
  const char      *template_id = reframe_assignment_get_template_id (assignment);

  if (*title == '\0')
    return invalid (error, _ ("Give the homework a title."));
  if (!text_is_valid (title, TITLE_MAX))
    return invalid (error, _ ("The title is too long or not valid text."));
  if (template_id != NULL &&
      (strlen (template_id) > 100 ||
       strspn (template_id, "abcdefghijklmnopqrstuvwxyz0123456789-_.") != strlen (template_id)))
    return invalid (error, _ ("The homework names a template that does not exist."));
  if (!text_is_valid (reframe_assignment_get_rationale (assignment), NOTE_MAX) ||
      !text_is_valid (reframe_assignment_get_therapist_note (assignment), NOTE_MAX))
    return invalid (error,
                    _ ("The rationale or the therapist’s note is too long or not valid text."));
  return validate_dates (assignment, error);
}

/**
 * _reframe_assignment_repository_read_row:
 * @stmt: a row of %REFRAME_ASSIGNMENT_COLUMNS
 *
 * Returns: (transfer full): the assignment of the row
 */
ReframeAssignment *
_reframe_assignment_repository_read_row (sqlite3_stmt *stmt)
{
  ReframeAssignment *assignment =
      _reframe_assignment_new_with_uuid ((const char *) sqlite3_column_text (stmt, 0));
  const char *frequency = (const char *) sqlite3_column_text (stmt, 3);
  GDate       date;

  reframe_assignment_set_template_id (assignment, (const char *) sqlite3_column_text (stmt, 1));
  reframe_assignment_set_title (assignment, (const char *) sqlite3_column_text (stmt, 2));
  for (guint i = 0; i < G_N_ELEMENTS (frequency_names); i++)
    if (g_strcmp0 (frequency, frequency_names[i]) == 0)
      reframe_assignment_set_frequency (assignment, i);
  reframe_assignment_set_times_per_week (assignment, CLAMP (sqlite3_column_int (stmt, 4), 1, 7));
  if (parse_date ((const char *) sqlite3_column_text (stmt, 5), &date))
    reframe_assignment_set_start_date (assignment, &date);
  reframe_assignment_set_end_date (
      assignment, parse_date ((const char *) sqlite3_column_text (stmt, 6), &date) ? &date : NULL);
  reframe_assignment_set_due_date (
      assignment, parse_date ((const char *) sqlite3_column_text (stmt, 7), &date) ? &date : NULL);
  reframe_assignment_set_rationale (assignment, (const char *) sqlite3_column_text (stmt, 8));
  reframe_assignment_set_therapist_note (assignment, (const char *) sqlite3_column_text (stmt, 9));
  reframe_assignment_set_reminder (assignment, sqlite3_column_int (stmt, 10));
  reframe_assignment_set_archived (assignment, sqlite3_column_int (stmt, 11));
  _reframe_assignment_set_stamps (assignment,
                                  (const char *) sqlite3_column_text (stmt, 12),
                                  (const char *) sqlite3_column_text (stmt, 13));
  return assignment;
}

static void
bind_assignment (sqlite3_stmt      *stmt,
                 ReframeAssignment *assignment,
                 char             **dates)
{
  ReframeFrequency frequency = reframe_assignment_get_frequency (assignment);
  g_autofree char *title = g_strstrip (g_strdup (reframe_assignment_get_title (assignment)));

  dates[0] = format_date (reframe_assignment_get_start_date (assignment));
  dates[1] = format_date (reframe_assignment_get_end_date (assignment));
  dates[2] = frequency == REFRAME_FREQUENCY_ONCE
                 ? format_date (reframe_assignment_get_due_date (assignment))
                 : NULL;
  sqlite3_bind_text (stmt, 1, reframe_assignment_get_uuid (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reframe_assignment_get_template_id (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, frequency_names[frequency], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt,
                    5,
                    frequency == REFRAME_FREQUENCY_TIMES_PER_WEEK
                        ? reframe_assignment_get_times_per_week (assignment)
                        : 1);
  sqlite3_bind_text (stmt, 6, dates[0], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, dates[1], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, dates[2], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, reframe_assignment_get_rationale (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (
      stmt, 10, reframe_assignment_get_therapist_note (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 11, reframe_assignment_get_reminder (assignment));
  sqlite3_bind_int (stmt, 12, reframe_assignment_get_archived (assignment));
}

/**
 * reframe_assignment_repository_save:
 *
 * Inserts @assignment or updates it, and sets its created and updated times.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_INVALID with a message to show for
 *   a missing title, dates out of order or a missing due date
 */
gboolean
reframe_assignment_repository_save (ReframeAssignmentRepository *self,
                                    ReframeAssignment           *assignment,
                                    GError                     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _reframe_store_now_iso ();
  char            *dates[3] = { NULL };
  sqlite3         *db;
  int              rc;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), FALSE);

  if (!validate_assignment (assignment, error) || (db = get_writer (self, error)) == NULL)
    return FALSE;
  stmt = _reframe_store_prepare (
      db,
      "INSERT INTO assignments (uuid, template_id, title, frequency, times_per_week, start_date, "
      "end_date,"
      "  due_date, rationale, therapist_note, reminder, archived, created, updated)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)"
      " ON CONFLICT (uuid) DO UPDATE SET template_id = excluded.template_id, title = "
      "excluded.title,"
      "  frequency = excluded.frequency, times_per_week = excluded.times_per_week,"
      "  start_date = excluded.start_date, end_date = excluded.end_date, due_date = "
      "excluded.due_date,"
      "  rationale = excluded.rationale, therapist_note = excluded.therapist_note,"
      "  reminder = excluded.reminder, archived = excluded.archived, updated = excluded.updated"
      " RETURNING created, updated",
      error);
  if (stmt == NULL)
    return FALSE;
  bind_assignment (stmt, assignment, dates);
  sqlite3_bind_text (stmt, 13, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    g_free (dates[i]);
  if (rc != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  _reframe_assignment_set_stamps (assignment,
                                  (const char *) sqlite3_column_text (stmt, 0),
                                  (const char *) sqlite3_column_text (stmt, 1));
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_signal_emit (
      self, signals[SIGNAL_ASSIGNMENT_CHANGED], 0, reframe_assignment_get_uuid (assignment));
  return TRUE;
}

static gboolean
change_assignment (ReframeAssignmentRepository *self,
                   ReframeAssignment           *assignment,
                   gboolean                     deleted,
                   GError                     **error)
{
  const char *uuid = reframe_assignment_get_uuid (assignment);
  gboolean    found;
  sqlite3    *db;

  if ((db = get_writer (self, error)) == NULL ||
      !_reframe_store_set_deleted (db, "assignments", uuid, deleted, TRUE, &found, error))
    return FALSE;
  if (!found)
    return not_found (error);
  g_signal_emit (self, signals[SIGNAL_ASSIGNMENT_CHANGED], 0, uuid);
  return TRUE;
}

/**
 * reframe_assignment_repository_delete:
 *
 * Hides @assignment, so that an Undo can bring it back with
 * reframe_assignment_repository_restore(); worksheets done for it keep their link
 * until reframe_assignment_repository_purge_deleted().
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_assignment_repository_delete (ReframeAssignmentRepository *self,
                                      ReframeAssignment           *assignment,
                                      GError                     **error)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), FALSE);

  return change_assignment (self, assignment, TRUE, error);
}

/**
 * reframe_assignment_repository_restore:
 *
 * Undoes reframe_assignment_repository_delete().
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND once it was purged
 */
gboolean
reframe_assignment_repository_restore (ReframeAssignmentRepository *self,
                                       ReframeAssignment           *assignment,
                                       GError                     **error)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), FALSE);

  return change_assignment (self, assignment, FALSE, error);
}

/**
 * reframe_assignment_repository_purge_deleted:
 *
 * Removes deleted assignments and their completions for good; worksheets done for
 * them stay, without the link.
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_assignment_repository_purge_deleted (ReframeAssignmentRepository *self,
                                             GError                     **error)
{
  gboolean purged;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (self), FALSE);

  if ((db = get_writer (self, error)) == NULL ||
      !_reframe_store_purge_deleted (db, "assignments", &purged, error))
    return FALSE;
  if (purged)
    g_signal_emit (self, signals[SIGNAL_ASSIGNMENT_CHANGED], 0, NULL);
  return TRUE;
}

/**
 * reframe_assignment_repository_get:
 *
 * Returns: (transfer full) (nullable): the assignment (archived or not); %NULL with
 *   %REFRAME_STORE_ERROR_NOT_FOUND when there is none or it is deleted
 */
ReframeAssignment *
reframe_assignment_repository_get (ReframeAssignmentRepository *self,
                                   const char                  *uuid,
                                   GError                     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int      rc;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  stmt = _reframe_store_prepare (db,
                                 "SELECT " ASSIGNMENT_COLUMNS
                                 " FROM assignments a WHERE a.uuid = ?1 AND a.deleted_at IS NULL",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _reframe_assignment_repository_read_row (stmt);
  if (rc != SQLITE_DONE)
    _reframe_store_fail (error, db, rc);
  else
    not_found (error);
  return NULL;
}

/**
 * reframe_assignment_repository_list:
 *
 * Reads the assignments that are neither archived nor deleted, those that started
 * first first.
 *
 * Returns: (transfer full) (nullable): a #GListModel of #ReframeAssignment
 */
GListModel *
reframe_assignment_repository_list (ReframeAssignmentRepository *self,
                                    GError                     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (self), NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  stmt = _reframe_store_prepare (
      db,
      "SELECT " ASSIGNMENT_COLUMNS " FROM assignments a INDEXED BY assignments_order"
      " WHERE a.archived = 0 AND a.deleted_at IS NULL ORDER BY a.start_date, a.id",
      error);
  if (stmt == NULL)
    return NULL;
  return G_LIST_MODEL (
      _reframe_store_read_list (db,
                                stmt,
                                REFRAME_TYPE_ASSIGNMENT,
                                (ReframeStoreReadRow) _reframe_assignment_repository_read_row,
                                error));
}

/* Runs @sql with the assignment's UUID as ?1 and @day as ?2, and maybe @at as ?3. */
static gboolean
change_completion (ReframeAssignmentRepository *self,
                   ReframeAssignment           *assignment,
                   const char                  *sql,
                   const GDate                 *day,
                   const char                  *at,
                   GError                     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *day_text = format_date (day);
  sqlite3         *db;
  int              rc;

  if ((db = get_writer (self, error)) == NULL ||
      (stmt = _reframe_store_prepare (db, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reframe_assignment_get_uuid (assignment), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, day_text, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_text (stmt, 3, at, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_NOTNULL)
    return not_found (error);
  if (rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  g_signal_emit (
      self, signals[SIGNAL_ASSIGNMENT_CHANGED], 0, reframe_assignment_get_uuid (assignment));
  return TRUE;
}

/**
 * reframe_assignment_repository_mark_task_done:
 * @when: (nullable): when it was done; %NULL for now
 *
 * Records that the homework was done on the local day of @when (once a day: marking
 * it again that day changes nothing). Meant for free-text tasks; a template's
 * homework is done by completing a worksheet for it, but marking it works too (done
 * on paper, say).
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND when it is not saved
 */
gboolean
reframe_assignment_repository_mark_task_done (ReframeAssignmentRepository *self,
                                              ReframeAssignment           *assignment,
                                              GDateTime                   *when,
                                              GError                     **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) utc = NULL;
  g_autofree char *at = NULL;
  GDate            day;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), FALSE);

  utc = g_date_time_to_utc (when ? when : now);
  at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
  reframe_homework_get_local_day (utc, &day);
  return change_completion (
      self,
      assignment,
      "INSERT INTO assignment_completions (assignment_id, day, at)"
      " VALUES ((SELECT id FROM assignments WHERE uuid = ?1 AND deleted_at IS NULL), ?2, ?3)"
      " ON CONFLICT (assignment_id, day) DO NOTHING",
      &day,
      at,
      error);
}

/**
 * reframe_assignment_repository_unmark_task_done:
 * @day: the local day it was marked done
 *
 * Undoes reframe_assignment_repository_mark_task_done() for @day; nothing happens
 * when it was not marked.
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_assignment_repository_unmark_task_done (ReframeAssignmentRepository *self,
                                                ReframeAssignment           *assignment,
                                                const GDate                 *day,
                                                GError                     **error)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  return change_completion (self,
                            assignment,
                            "DELETE FROM assignment_completions WHERE day = ?2"
                            " AND assignment_id = (SELECT id FROM assignments WHERE uuid = ?1)",
                            day,
                            NULL,
                            error);
}

/* The first moment of a local day, as stored (UTC) text: local midnight, whatever the
 * length of the day before it. */
static char *
local_midnight_utc (const GDate *day)
{
  g_autoptr (GDateTime) local = g_date_time_new_local (
      g_date_get_year (day), g_date_get_month (day), g_date_get_day (day), 0, 0, 0);
  g_autoptr (GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static gboolean
collect_completions (sqlite3      *db,
                     sqlite3_stmt *stmt,
                     GPtrArray    *into,
                     GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDateTime *time = _reframe_store_parse_iso ((const char *) sqlite3_column_text (stmt, 0));

      if (time != NULL)
        {
          g_ptr_array_add (into, g_date_time_to_local (time));
          g_date_time_unref (time);
        }
    }
  if (rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  return g_date_time_compare (*(GDateTime *const *) a, *(GDateTime *const *) b);
}

/**
 * reframe_assignment_repository_list_completions:
 * @from: the first local day
 * @to: the last local day
 *
 * Reads when the homework was done from @from to @to: the completion times of the
 * worksheets done for it (deleted ones left out) and the times it was marked done.
 *
 * Returns: (transfer container) (element-type GDateTime) (nullable): local times,
 *   oldest first
 */
GPtrArray *
reframe_assignment_repository_list_completions (ReframeAssignmentRepository *self,
                                                ReframeAssignment           *assignment,
                                                const GDate                 *from,
                                                const GDate                 *to,
                                                GError                     **error)
{
  g_autoptr (GPtrArray) times = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *from_day = format_date (from), *to_day = format_date (to);
  g_autofree char *from_utc = NULL, *to_utc = NULL;
  GDate            after = *to;
  sqlite3         *db;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (self), NULL);
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from) && to != NULL && g_date_valid (to),
                        NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  g_date_add_days (&after, 1);
  from_utc = local_midnight_utc (from);
  to_utc = local_midnight_utc (&after);
  stmt = _reframe_store_prepare (
      db,
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
  sqlite3_bind_text (stmt, 3, to_utc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, from_day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, to_day, -1, SQLITE_STATIC);
  if (!collect_completions (db, stmt, times, error))
    return NULL;
  g_ptr_array_sort (times, compare_times);
  return g_steal_pointer (&times);
}

/**
 * reframe_assignment_repository_get_progress:
 * @today: (nullable): the day to look from; %NULL for today
 * @progress: (out caller-allocates): the progress in the week (Monday to Sunday) of @today
 *
 * Reads the completions that matter and works out reframe_homework_progress().
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_assignment_repository_get_progress (ReframeAssignmentRepository *self,
                                            ReframeAssignment           *assignment,
                                            const GDate                 *today,
                                            ReframeHomeworkProgress     *progress,
                                            GError                     **error)
{
  g_autoptr (GPtrArray) times = NULL;
  GDate day, monday, sunday, from;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), FALSE);
  g_return_val_if_fail (progress != NULL, FALSE);

  if (today != NULL)
    day = *today;
  else
    reframe_homework_get_today (&day);
  reframe_homework_get_week_start (&day, &monday);
  sunday = monday;
  g_date_add_days (&sunday, 6);
  /* Done once counts whenever it happened since the start, not only this week. */
  from = reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE
             ? *reframe_assignment_get_start_date (assignment)
             : monday;
  if (g_date_compare (&from, &monday) > 0)
    from = monday;
  if ((times = reframe_assignment_repository_list_completions (
           self, assignment, &from, g_date_compare (&day, &sunday) > 0 ? &day : &sunday, error)) ==
      NULL)
    return FALSE;
  *progress = reframe_homework_progress (assignment, times, &monday, &day);
  return TRUE;
}

/**
 * reframe_assignment_repository_get_store:
 *
 * Returns: (transfer none) (nullable): the store, %NULL once it is closed
 */
ReframeStore *
reframe_assignment_repository_get_store (ReframeAssignmentRepository *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (self), NULL);
  return self->store;
}
