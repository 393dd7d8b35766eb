/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-repository.c: filled-in worksheets and questionnaires, their list,
 * search and score history.
 *
 * Schema (version 4): `worksheets` holds one row per worksheet with its answers as
 * JSON; a deleted one keeps its row, with `deleted_at` set, until it is purged (Undo).
 * `worksheets_fts` (rowid = the worksheet id) holds the string values of the answers,
 * kept by triggers.
 */

#define G_LOG_DOMAIN "ReframeWorksheetRepository"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-mood-repository-private.h"
#include "reframe-store-private.h"
#include "reframe-worksheet-model.h"
#include "reframe-worksheet-private.h"
#include "reframe-worksheet-repository-private.h"

#define TEMPLATE_ID_MAX 100
#define BAND_MAX        200

struct _ReframeWorksheetRepository
{
  GObject parent_instance;

  /* Borrowed: the store owns the repository and detaches it when it goes. */
  ReframeStore *store;
};

enum
{
  SIGNAL_WORKSHEET_CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ReframeWorksheetRepository, reframe_worksheet_repository, G_TYPE_OBJECT)

static guint signals[N_SIGNALS];

static const char *const status_names[] = {
  [REFRAME_WORKSHEET_DRAFT] = "draft",
  [REFRAME_WORKSHEET_COMPLETED] = "completed",
};

static void
reframe_worksheet_repository_class_init (ReframeWorksheetRepositoryClass *klass)
{
  /**
   * ReframeWorksheetRepository::worksheet-changed:
   * @self: the repository
   * @uuid: (nullable): the worksheet saved, deleted or restored; %NULL when deleted
   *   ones were purged
   *
   * Emitted on the main thread after each of those changes, so that lists follow.
   */
  signals[SIGNAL_WORKSHEET_CHANGED] =
      g_signal_new ("worksheet-changed",
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
reframe_worksheet_repository_init (ReframeWorksheetRepository *self)
{
}

ReframeWorksheetRepository *
_reframe_worksheet_repository_new (ReframeStore *store)
{
  ReframeWorksheetRepository *self = g_object_new (REFRAME_TYPE_WORKSHEET_REPOSITORY, NULL);

  self->store = store;
  return self;
}

void
_reframe_worksheet_repository_detach (ReframeWorksheetRepository *self)
{
  self->store = NULL;
}

static sqlite3 *
get_db (ReframeWorksheetRepository *self,
        GError                    **error)
{
  return _reframe_store_require_db (self->store, error);
}

/* Before any write: the journal is open and known not to be damaged. */
static sqlite3 *
get_writer (ReframeWorksheetRepository *self,
            GError                    **error)
{
  return _reframe_store_require_writer (self->store, error);
}

static gboolean
not_found (GError **error)
{
  g_set_error (error,
               REFRAME_STORE_ERROR,
               REFRAME_STORE_ERROR_NOT_FOUND,
               _ ("This worksheet no longer exists."));
  return FALSE;
}

/* The stored form of a time: UTC with microseconds, so that text order is time order. */
static char *
format_time (GDateTime *time)
{
  g_autoptr (GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* Template ids name files and resources: lower-case letters, digits and dashes. */
static gboolean
template_id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > TEMPLATE_ID_MAX)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
validate_worksheet (ReframeWorksheet *worksheet,
                    GError          **error)
{
  const char *assignment = reframe_worksheet_get_assignment_uuid (worksheet);
  const char *band = reframe_worksheet_get_band (worksheet);

  if (!template_id_is_valid (reframe_worksheet_get_template_id (worksheet)))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   _ ("“%s” is not a template name."),
                   reframe_worksheet_get_template_id (worksheet));
      return FALSE;
    }
  if (assignment != NULL && !g_uuid_string_is_valid (assignment))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   _ ("The homework this worksheet belongs to is not known."));
      return FALSE;
    }
  if (band != NULL && (!g_utf8_validate (band, -1, NULL) || g_utf8_strlen (band, -1) > BAND_MAX))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   _ ("The label of the score is not valid text."));
      return FALSE;
    }
  return TRUE;
}

static ReframeWorksheetStatus
parse_status (const char *text)
{
  return g_strcmp0 (text, "completed") == 0 ? REFRAME_WORKSHEET_COMPLETED : REFRAME_WORKSHEET_DRAFT;
}

/* Reads the REFRAME_WORKSHEET_COLUMNS of the current row. */
ReframeWorksheet *
_reframe_worksheet_repository_read_row (sqlite3_stmt *stmt)
{
  return _reframe_worksheet_new_loaded ((const char *) sqlite3_column_text (stmt, 0),
                                        (const char *) sqlite3_column_text (stmt, 1),
                                        sqlite3_column_int (stmt, 2),
                                        (const char *) sqlite3_column_text (stmt, 3),
                                        parse_status ((const char *) sqlite3_column_text (stmt, 4)),
                                        sqlite3_column_type (stmt, 5) == SQLITE_NULL
                                            ? REFRAME_WORKSHEET_NO_SCORE
                                            : sqlite3_column_int (stmt, 5),
                                        (const char *) sqlite3_column_text (stmt, 6),
                                        (const char *) sqlite3_column_text (stmt, 7),
                                        sqlite3_column_int (stmt, 8),
                                        (const char *) sqlite3_column_text (stmt, 9),
                                        (const char *) sqlite3_column_text (stmt, 10),
                                        (const char *) sqlite3_column_text (stmt, 11));
}

static GPtrArray *
collect_rows (sqlite3      *db,
              sqlite3_stmt *stmt,
              gboolean      with_snippet,
              GError      **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReframeWorksheet *worksheet = _reframe_worksheet_repository_read_row (stmt);

      if (with_snippet)
        _reframe_worksheet_take_snippet (
            worksheet,
            g_strdup ((const char *) sqlite3_column_text (stmt, REFRAME_WORKSHEET_N_COLUMNS)));
      g_ptr_array_add (rows, worksheet);
    }
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static void
bind_worksheet (sqlite3_stmt     *stmt,
                ReframeWorksheet *worksheet,
                char             *answers)
{
  int score = reframe_worksheet_get_score (worksheet);

  sqlite3_bind_text (stmt, 1, reframe_worksheet_get_uuid (worksheet), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reframe_worksheet_get_template_id (worksheet), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, reframe_worksheet_get_template_version (worksheet));
  sqlite3_bind_text (stmt, 4, answers, -1, SQLITE_STATIC);
  sqlite3_bind_text (
      stmt, 5, status_names[reframe_worksheet_get_status (worksheet)], -1, SQLITE_STATIC);
  if (score >= 0)
    sqlite3_bind_int (stmt, 6, score);
  sqlite3_bind_text (
      stmt, 7, score >= 0 ? reframe_worksheet_get_band (worksheet) : NULL, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, reframe_worksheet_get_assignment_uuid (worksheet), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 9, reframe_worksheet_get_private (worksheet));
}

/* Inserts or updates the row; the times are given as stored text (or NULL). */
static gboolean
upsert_worksheet (ReframeWorksheetRepository *self,
                  ReframeWorksheet           *worksheet,
                  const char                 *created,
                  const char                 *updated,
                  const char                 *completed_at,
                  GError                    **error)
{
  g_autofree char *answers = _reframe_worksheet_dup_answers_json (worksheet);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int      rc;

  if (!validate_worksheet (worksheet, error) || (db = get_writer (self, error)) == NULL)
    return FALSE;
  stmt = _reframe_store_prepare (
      db,
      "INSERT INTO worksheets (uuid, template_id, template_version, answers, status, score, band,"
      "  assignment_uuid, private, created, updated, completed_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
      " ON CONFLICT (uuid) DO UPDATE SET template_id = excluded.template_id,"
      "  template_version = excluded.template_version, answers = excluded.answers,"
      "  status = excluded.status, score = excluded.score, band = excluded.band,"
      "  assignment_uuid = excluded.assignment_uuid, private = excluded.private,"
      "  updated = excluded.updated, completed_at = excluded.completed_at"
      " RETURNING created, updated, completed_at",
      error);
  if (stmt == NULL)
    return FALSE;
  bind_worksheet (stmt, worksheet, answers);
  sqlite3_bind_text (stmt, 10, created, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, updated, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, completed_at, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        {
          g_set_error (error,
                       REFRAME_STORE_ERROR,
                       REFRAME_STORE_ERROR_INVALID,
                       _ ("The homework this worksheet belongs to is not known."));
          return FALSE;
        }
      return _reframe_store_fail (error, db, rc);
    }
  _reframe_worksheet_set_stamps (worksheet,
                                 (const char *) sqlite3_column_text (stmt, 0),
                                 (const char *) sqlite3_column_text (stmt, 1),
                                 (const char *) sqlite3_column_text (stmt, 2));
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_signal_emit (
      self, signals[SIGNAL_WORKSHEET_CHANGED], 0, reframe_worksheet_get_uuid (worksheet));
  return TRUE;
}

/**
 * reframe_worksheet_repository_save:
 *
 * Inserts @worksheet or updates it, and sets its created and updated times. A
 * worksheet saved as completed for the first time gets its completion time now; one
 * set back to a draft loses it.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_INVALID for a bad template name or
 *   an assignment that does not exist
 */
gboolean
reframe_worksheet_repository_save (ReframeWorksheetRepository *self,
                                   ReframeWorksheet           *worksheet,
                                   GError                    **error)
{
  g_autofree char *now = _reframe_store_now_iso ();
  const char      *completed = NULL;

  g_return_val_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (worksheet), FALSE);

  if (reframe_worksheet_get_status (worksheet) == REFRAME_WORKSHEET_COMPLETED)
    completed = _reframe_worksheet_get_completed_iso (worksheet)
                    ? _reframe_worksheet_get_completed_iso (worksheet)
                    : now;
  return upsert_worksheet (self, worksheet, now, now, completed, error);
}

/* For the generator, imports and tests: a worksheet saved with given times. */
gboolean
_reframe_worksheet_repository_save_at (ReframeWorksheetRepository *self,
                                       ReframeWorksheet           *worksheet,
                                       GDateTime                  *created,
                                       GDateTime                  *updated,
                                       GDateTime                  *completed_at,
                                       GError                    **error)
{
  g_autofree char *created_iso = format_time (created);
  g_autofree char *updated_iso = format_time (updated);
  g_autofree char *completed_iso = format_time (completed_at);

  g_return_val_if_fail (created != NULL && updated != NULL, FALSE);

  if (reframe_worksheet_get_status (worksheet) != REFRAME_WORKSHEET_COMPLETED)
    g_clear_pointer (&completed_iso, g_free);
  else if (completed_iso == NULL)
    completed_iso = g_strdup (updated_iso);
  return upsert_worksheet (self, worksheet, created_iso, updated_iso, completed_iso, error);
}

/* Hides @worksheet, or brings it back, and announces it. */
static gboolean
change_worksheet (ReframeWorksheetRepository *self,
                  ReframeWorksheet           *worksheet,
                  gboolean                    deleted,
                  GError                    **error)
{
  const char *uuid = reframe_worksheet_get_uuid (worksheet);
  gboolean    found;
  sqlite3    *db;

  if ((db = get_writer (self, error)) == NULL ||
      !_reframe_store_set_deleted (db, "worksheets", uuid, deleted, TRUE, &found, error))
    return FALSE;
  if (!found)
    return not_found (error);
  g_signal_emit (self, signals[SIGNAL_WORKSHEET_CHANGED], 0, uuid);
  return TRUE;
}

/**
 * reframe_worksheet_repository_delete:
 *
 * Hides @worksheet from lists, searches, scores and homework progress, so that an
 * Undo can bring it back with reframe_worksheet_repository_restore(). It stays in the
 * file until reframe_worksheet_repository_purge_deleted().
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND when it is not saved
 */
gboolean
reframe_worksheet_repository_delete (ReframeWorksheetRepository *self,
                                     ReframeWorksheet           *worksheet,
                                     GError                    **error)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (worksheet), FALSE);

  return change_worksheet (self, worksheet, TRUE, error);
}

/**
 * reframe_worksheet_repository_restore:
 *
 * Undoes reframe_worksheet_repository_delete().
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND once it was purged
 */
gboolean
reframe_worksheet_repository_restore (ReframeWorksheetRepository *self,
                                      ReframeWorksheet           *worksheet,
                                      GError                    **error)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (worksheet), FALSE);

  return change_worksheet (self, worksheet, FALSE, error);
}

/**
 * reframe_worksheet_repository_purge_deleted:
 *
 * Removes deleted worksheets for good. The app calls it when the Undo toast is gone,
 * and at start-up for those a crash left behind.
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_worksheet_repository_purge_deleted (ReframeWorksheetRepository *self,
                                            GError                    **error)
{
  gboolean purged;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self), FALSE);

  if ((db = get_writer (self, error)) == NULL ||
      !_reframe_store_purge_deleted (db, "worksheets", &purged, error))
    return FALSE;
  if (purged)
    g_signal_emit (self, signals[SIGNAL_WORKSHEET_CHANGED], 0, NULL);
  return TRUE;
}

/**
 * reframe_worksheet_repository_get:
 *
 * Returns: (transfer full) (nullable): the worksheet; %NULL with
 *   %REFRAME_STORE_ERROR_NOT_FOUND when there is none (or it is deleted)
 */
ReframeWorksheet *
reframe_worksheet_repository_get (ReframeWorksheetRepository *self,
                                  const char                 *uuid,
                                  GError                    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int      rc;

  g_return_val_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  stmt = _reframe_store_prepare (db,
                                 "SELECT " REFRAME_WORKSHEET_COLUMNS
                                 " FROM worksheets w WHERE w.uuid = ?1 AND w.deleted_at IS NULL",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _reframe_worksheet_repository_read_row (stmt);
  if (rc != SQLITE_DONE)
    _reframe_store_fail (error, db, rc);
  else
    not_found (error);
  return NULL;
}

/**
 * reframe_worksheet_repository_count:
 * @template_id: (nullable): count only those of this template
 *
 * Returns: how many worksheets there are (deleted ones left out); 0 on error
 */
guint
reframe_worksheet_repository_count (ReframeWorksheetRepository *self,
                                    const char                 *template_id,
                                    GError                    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int      rc;

  g_return_val_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self), 0);

  if ((db = get_db (self, error)) == NULL)
    return 0;
  stmt = _reframe_store_prepare (db,
                                 "SELECT count (*) FROM worksheets WHERE deleted_at IS NULL AND "
                                 "(?1 IS NULL OR template_id = ?1)",
                                 error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, template_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  return sqlite3_column_int (stmt, 0);
}

/**
 * reframe_worksheet_repository_list:
 * @template_id: (nullable): show only the worksheets of this template
 *
 * Makes the list of worksheets, most recently saved first. The model knows its length
 * at once and reads rows a page at a time as they are asked for, so a long history
 * costs what a screenful costs. It follows every save, delete and restore.
 *
 * Returns: (transfer full) (nullable): a #GListModel of #ReframeWorksheet
 */
GListModel *
reframe_worksheet_repository_list (ReframeWorksheetRepository *self,
                                   const char                 *template_id,
                                   GError                    **error)
{
  g_autoptr (ReframeWorksheetModel) model = NULL;

  g_return_val_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self), NULL);

  if (get_db (self, error) == NULL)
    return NULL;
  model = _reframe_worksheet_model_new (self, template_id);
  if (!reframe_worksheet_model_reload (model, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&model));
}

static GPtrArray *
search_worksheets (sqlite3    *db,
                   const char *fts_query,
                   const char *template_id,
                   GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _reframe_store_prepare (
      db,
      "SELECT " REFRAME_WORKSHEET_COLUMNS
      ", reframe_snippet (worksheets_fts, 0, char (2), char (3), '…', 16)"
      " FROM worksheets_fts CROSS JOIN worksheets w ON w.id = worksheets_fts.rowid"
      " WHERE worksheets_fts MATCH ?1 AND w.deleted_at IS NULL AND (?2 IS NULL OR w.template_id = "
      "?2)"
      " ORDER BY " REFRAME_WORKSHEET_ORDER,
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, fts_query, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, template_id, -1, SQLITE_STATIC);
  return collect_rows (db, stmt, TRUE, error);
}

/**
 * reframe_worksheet_repository_search_async:
 * @text: words to find, each as a prefix, in the answers; accents and case do not
 *   matter and no character is taken as search syntax
 * @template_id: (nullable): search only the worksheets of this template
 *
 * Searches on a worker thread with its own read connection; cancel @cancellable when
 * the text changes. Each result carries a snippet (reframe_worksheet_get_snippet()),
 * most recently saved first.
 */
void
reframe_worksheet_repository_search_async (ReframeWorksheetRepository *self,
                                           const char                 *text,
                                           const char                 *template_id,
                                           GCancellable               *cancellable,
                                           GAsyncReadyCallback         callback,
                                           gpointer                    user_data)
{
  g_return_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _reframe_store_search_async (self->store,
                               self,
                               reframe_worksheet_repository_search_async,
                               text,
                               template_id,
                               search_worksheets,
                               cancellable,
                               callback,
                               user_data);
}

/**
 * reframe_worksheet_repository_search_finish:
 *
 * Returns: (transfer full) (nullable): a #GListModel of #ReframeWorksheet, empty when
 *   the text has no words; %NULL with %G_IO_ERROR_CANCELLED when cancelled
 */
GListModel *
reframe_worksheet_repository_search_finish (ReframeWorksheetRepository *self,
                                            GAsyncResult               *result,
                                            GError                    **error)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (
      g_task_get_source_tag (G_TASK (result)) == reframe_worksheet_repository_search_async, NULL);

  return _reframe_store_search_finish (result, REFRAME_TYPE_WORKSHEET, error);
}

/**
 * reframe_worksheet_repository_list_scores:
 * @template_id: a questionnaire, e.g. "phq-9"
 *
 * Returns: (transfer container) (element-type ReframeWorksheet) (nullable): the
 *   completed worksheets of @template_id that have a score, oldest first
 */
GPtrArray *
reframe_worksheet_repository_list_scores (ReframeWorksheetRepository *self,
                                          const char                 *template_id,
                                          GError                    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self), NULL);
  g_return_val_if_fail (template_id != NULL, NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  stmt = _reframe_store_prepare (
      db,
      "SELECT " REFRAME_WORKSHEET_COLUMNS " FROM worksheets w INDEXED BY worksheets_scores"
      " WHERE w.template_id = ?1 AND w.status = 'completed' AND w.score IS NOT NULL"
      "  AND w.deleted_at IS NULL ORDER BY w.completed_at, w.id",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, template_id, -1, SQLITE_STATIC);
  return collect_rows (db, stmt, FALSE, error);
}

/**
 * reframe_worksheet_repository_previous_score:
 * @worksheet: a questionnaire, saved or not
 *
 * Finds the scored result of the same questionnaire completed just before
 * @worksheet (before now, when @worksheet is not completed yet), for "change since".
 *
 * Returns: (transfer full) (nullable): that worksheet; %NULL without an error when
 *   there is none
 */
ReframeWorksheet *
reframe_worksheet_repository_previous_score (ReframeWorksheetRepository *self,
                                             ReframeWorksheet           *worksheet,
                                             GError                    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) found = NULL;
  const char *completed;
  sqlite3    *db;

  g_return_val_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self), NULL);
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (worksheet), NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  /* Equal completion times are ordered by row, as in the score history. */
  stmt = _reframe_store_prepare (
      db,
      "SELECT " REFRAME_WORKSHEET_COLUMNS " FROM worksheets w INDEXED BY worksheets_scores"
      " WHERE w.template_id = ?1 AND w.status = 'completed' AND w.score IS NOT NULL"
      "  AND w.deleted_at IS NULL AND w.uuid <> ?2 AND (?3 IS NULL OR w.completed_at < ?3"
      "   OR (w.completed_at = ?3 AND w.id < coalesce ((SELECT id FROM worksheets WHERE uuid = "
      "?2), 0)))"
      " ORDER BY w.completed_at DESC, w.id DESC LIMIT 1",
      error);
  if (stmt == NULL)
    return NULL;
  completed = reframe_worksheet_get_status (worksheet) == REFRAME_WORKSHEET_COMPLETED
                  ? _reframe_worksheet_get_completed_iso (worksheet)
                  : NULL;
  sqlite3_bind_text (stmt, 1, reframe_worksheet_get_template_id (worksheet), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reframe_worksheet_get_uuid (worksheet), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, completed, -1, SQLITE_STATIC);
  if ((found = collect_rows (db, stmt, FALSE, error)) == NULL || found->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (found, 0));
}

/**
 * reframe_worksheet_repository_get_store:
 *
 * Returns: (transfer none) (nullable): the store, %NULL once it is closed
 */
ReframeStore *
reframe_worksheet_repository_get_store (ReframeWorksheetRepository *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET_REPOSITORY (self), NULL);
  return self->store;
}
