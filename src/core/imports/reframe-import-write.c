/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import-write.c: writing imported records inside the import's transaction.
 *
 * Each writer first decides: a record already in the journal (its UUID, or for other apps
 * its source id or the same time and text) is skipped and counted, unless it comes from a
 * Reframe archive whose copy is newer (`updated`), which replaces it. Times are written as
 * they came, so that an archive imported into an empty journal archives again the same.
 */

#define G_LOG_DOMAIN "ReframeImport"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-import-private.h"
#include "reframe-mood-entry-private.h"
#include "reframe-mood-repository-private.h"
#include "reframe-store-private.h"
#include "reframe-worksheet-private.h"

typedef enum
{
  ACTION_INSERT,
  ACTION_REPLACE,
  ACTION_SKIP,
} Action;

const char *
_reframe_import_json_get_string (JsonObject *object,
                                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
_reframe_import_json_get_int (JsonObject *object,
                              const char *name,
                              gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

gboolean
_reframe_import_json_get_bool (JsonObject *object,
                               const char *name,
                               gboolean   *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

JsonArray *
_reframe_import_json_get_array (JsonObject *object,
                                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
_reframe_import_json_get_object (JsonObject *object,
                                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* TRUE when the member is missing or null. */
gboolean
_reframe_import_json_is_null (JsonObject *object,
                              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

char *
_reframe_import_format_time (GDateTime *time)
{
  g_autoptr (GDateTime) utc = NULL;

  if (time == NULL || (utc = g_date_time_to_utc (time)) == NULL)
    return NULL;
  return g_date_time_format (utc, REFRAME_IMPORT_TIME_FORMAT);
}

static void
bind_nullable_text (sqlite3_stmt *stmt,
                    int           position,
                    const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, position);
  else
    sqlite3_bind_text (stmt, position, text, -1, SQLITE_TRANSIENT);
}

static gboolean
step_done (sqlite3      *db,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}

/* Whether this app's record @source_id was imported before. */
static gboolean
source_seen (ReframeImportWriter *writer,
             const char          *source_id,
             gboolean            *seen,
             GError             **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;
  int           rc;

  *seen = FALSE;
  if (source_id == NULL || writer->merge)
    return TRUE;
  stmt = _reframe_store_prepare_cached (
      writer->db,
      &stmt_held,
      "SELECT 1 FROM import_sources WHERE format = ? AND source_id = ?",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, writer->format, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, source_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _reframe_store_fail (error, writer->db, rc);
  *seen = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
remember_source (ReframeImportWriter *writer,
                 const char          *source_id,
                 ReframeImportKind    kind,
                 const char          *uuid,
                 GError             **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;

  if (source_id == NULL || writer->merge)
    return TRUE;
  stmt = _reframe_store_prepare_cached (
      writer->db,
      &stmt_held,
      "INSERT OR REPLACE INTO import_sources (format, source_id, kind, record_uuid, imported)"
      " VALUES (?, ?, ?, ?, ?)",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, writer->format, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, source_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, reframe_import_kind_get_key (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, writer->now, -1, SQLITE_STATIC);
  return step_done (writer->db, stmt, error);
}

/* Decides what to do with the record @uuid of @table, whose copy was updated at @updated. */
static gboolean
decide (ReframeImportWriter *writer,
        const char          *table,
        const char          *uuid,
        const char          *updated,
        const char          *source_id,
        Action              *action,
        GError             **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt    *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT updated FROM %s WHERE uuid = ?", table);
  gboolean         seen = FALSE;
  int              rc;

  *action = ACTION_SKIP;
  if (!source_seen (writer, source_id, &seen, error))
    return FALSE;
  if (seen)
    return TRUE;
  if ((stmt = _reframe_store_prepare_cached (writer->db, &stmt_held, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    *action = ACTION_INSERT;
  else if (rc != SQLITE_ROW)
    return _reframe_store_fail (error, writer->db, rc);
  else if (writer->merge && updated != NULL &&
           g_strcmp0 (updated, (const char *) sqlite3_column_text (stmt, 0)) > 0)
    *action = ACTION_REPLACE;
  return TRUE;
}

static void
count (ReframeImportWriter *writer,
       ReframeImportKind    kind,
       Action               action)
{
  if (writer->result == NULL)
    return;
  if (action == ACTION_INSERT)
    writer->result->added[kind]++;
  else if (action == ACTION_REPLACE)
    writer->result->updated[kind]++;
  else
    writer->result->skipped[kind]++;
}

/* Decides what to do with the record @uuid of @table (decide()) and counts it as @kind:
 * *@write is FALSE when it is skipped. */
static gboolean
decide_and_count (ReframeImportWriter *writer,
                  const char          *table,
                  ReframeImportKind    kind,
                  const char          *uuid,
                  const char          *updated,
                  const char          *source_id,
                  gboolean            *write,
                  GError             **error)
{
  Action action = ACTION_SKIP;

  *write = FALSE;
  if (!decide (writer, table, uuid, updated, source_id, &action, error))
    return FALSE;
  count (writer, kind, action);
  *write = action != ACTION_SKIP;
  return TRUE;
}

static gboolean
tag_should_change (sqlite3    *db,
                   gint64      kind,
                   const char *name,
                   const char *updated,
                   gboolean   *exists,
                   gboolean   *change,
                   GError    **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;
  int           rc;

  stmt = _reframe_store_prepare_cached (
      db,
      &stmt_held,
      "SELECT updated, builtin AND created = updated FROM tags WHERE kind = ? AND name = ?",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kind);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  *exists = rc == SQLITE_ROW;
  /* A built-in tag the person never changed takes the archive's copy, UUID and all. */
  *change = !*exists || sqlite3_column_int (stmt, 1) ||
            g_strcmp0 (updated, (const char *) sqlite3_column_text (stmt, 0)) > 0;
  return TRUE;
}

/**
 * _reframe_import_write_tag:
 *
 * Writes a tag of an archive. Tags are known by kind and name, as each journal seeds
 * its own built-in tags with its own UUIDs.
 */
gboolean
_reframe_import_write_tag (ReframeImportWriter *writer,
                           JsonObject          *record,
                           GError             **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;
  const char   *name = _reframe_import_json_get_string (record, "name");
  const char   *updated = _reframe_import_json_get_string (record, "updated");
  gint64        kind = g_strcmp0 (_reframe_import_json_get_string (record, "kind"), "activity") == 0;
  gint64        position = 1000;
  gboolean      builtin = FALSE, hidden = FALSE, exists = FALSE, change = FALSE;

  _reframe_import_json_get_int (record, "position", &position);
  _reframe_import_json_get_bool (record, "builtin", &builtin);
  _reframe_import_json_get_bool (record, "hidden", &hidden);
  if (!tag_should_change (writer->db, kind, name, updated, &exists, &change, error))
    return FALSE;
  if (!change)
    return TRUE;
  stmt = _reframe_store_prepare_cached (
      writer->db,
      &stmt_held,
      "INSERT INTO tags (uuid, kind, name, icon, builtin, hidden, position, created, updated)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
      " ON CONFLICT (kind, name) DO UPDATE SET uuid = ?1, icon = ?4, builtin = ?5,"
      "  hidden = ?6, position = ?7, created = ?8, updated = ?9",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _reframe_import_json_get_string (record, "uuid"), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, kind);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  bind_nullable_text (stmt, 4, _reframe_import_json_get_string (record, "icon"));
  sqlite3_bind_int (stmt, 5, builtin);
  sqlite3_bind_int (stmt, 6, hidden);
  sqlite3_bind_int64 (stmt, 7, position);
  sqlite3_bind_text (
      stmt, 8, _reframe_import_json_get_string (record, "created"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, updated, -1, SQLITE_STATIC);
  return step_done (writer->db, stmt, error);
}

/* Whether an entry at the same time with the same note is already in the journal. */
static gboolean
same_entry_exists (ReframeImportWriter *writer,
                   ReframeMoodEntry    *entry,
                   gboolean            *exists,
                   GError             **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt    *stmt = NULL;
  g_autofree char *day = reframe_mood_entry_dup_day (entry);
  int              rc;

  stmt = _reframe_store_prepare_cached (
      writer->db,
      &stmt_held,
      "SELECT 1 FROM mood_entries e LEFT JOIN mood_notes n ON n.entry_id = e.id"
      " WHERE e.day = ?1 AND e.at = ?2 AND coalesce (n.note, '') = ?3 LIMIT 1",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (reframe_mood_entry_get_time (entry)));
  sqlite3_bind_text (stmt, 3, reframe_mood_entry_get_note (entry), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _reframe_store_fail (error, writer->db, rc);
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
_reframe_import_write_mood_entry (ReframeImportWriter *writer,
                                  ReframeMoodEntry    *entry,
                                  const char          *created,
                                  const char          *updated,
                                  const char          *source_id,
                                  GError             **error)
{
  const char *uuid = reframe_mood_entry_get_uuid (entry);
  Action      action = ACTION_SKIP;
  gboolean    same = FALSE;

  if (!decide (writer, "mood_entries", uuid, updated, source_id, &action, error))
    return FALSE;
  if (action == ACTION_INSERT && !writer->merge && reframe_mood_entry_get_time (entry) != NULL)
    {
      if (!same_entry_exists (writer, entry, &same, error))
        return FALSE;
      if (same)
        action = ACTION_SKIP;
    }
  count (writer, REFRAME_IMPORT_MOOD_ENTRY, action);
  if (action == ACTION_SKIP)
    return TRUE;
  return _reframe_mood_repository_write_imported (writer->db, entry, created, updated, error) &&
         remember_source (writer, source_id, REFRAME_IMPORT_MOOD_ENTRY, uuid, error);
}

/**
 * _reframe_import_mood_entry_from_record:
 *
 * Returns: (transfer full) (nullable): the entry an archive's record describes, %NULL
 *   when its time cannot be read
 */
ReframeMoodEntry *
_reframe_import_mood_entry_from_record (JsonObject *record)
{
  g_autoptr (ReframeMoodEntry) entry = NULL;
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GTimeZone) zone = NULL;
  g_autoptr (GPtrArray) feelings = g_ptr_array_new ();
  g_autoptr (GPtrArray) activities = g_ptr_array_new ();
  GPtrArray  *lists[2] = { feelings, activities };
  const char *keys[2] = { "feelings", "activities" };
  const char *uuid = _reframe_import_json_get_string (record, "uuid");
  const char *note = _reframe_import_json_get_string (record, "note");
  gint64      mood = 0, offset = 0;
  gboolean    private_ = FALSE;
  double      sleep = REFRAME_SLEEP_UNKNOWN;
  JsonNode   *sleep_node = json_object_get_member (record, "sleep_hours");

  if (uuid == NULL || !_reframe_import_json_get_int (record, "mood", &mood) ||
      !_reframe_import_json_get_int (record, "utc_offset", &offset) || offset < -86400 ||
      offset > 86400 || _reframe_import_json_get_string (record, "time") == NULL ||
      (utc = g_date_time_new_from_iso8601 (_reframe_import_json_get_string (record, "time"),
                                           NULL)) == NULL)
    return NULL;
  zone = g_time_zone_new_offset ((gint32) offset);
  if ((time = g_date_time_to_timezone (utc, zone)) == NULL)
    return NULL;
  if (sleep_node != NULL && JSON_NODE_HOLDS_VALUE (sleep_node))
    sleep = json_node_get_double (sleep_node);
  _reframe_import_json_get_bool (record, "private", &private_);

  entry = _reframe_mood_entry_new_with_uuid (uuid);
  _reframe_mood_entry_load (
      entry, (ReframeMood) CLAMP (mood, 0, 6), note ? note : "", sleep, time, private_);
  for (guint k = 0; k < 2; k++)
    {
      JsonArray *array = _reframe_import_json_get_array (record, keys[k]);

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_ptr_array_add (lists[k], (gpointer) json_node_get_string (node));
        }
      g_ptr_array_add (lists[k], NULL);
    }
  reframe_mood_entry_set_feelings (entry, (const char *const *) feelings->pdata);
  reframe_mood_entry_set_activities (entry, (const char *const *) activities->pdata);
  return g_steal_pointer (&entry);
}

/**
 * _reframe_import_worksheet_to_record:
 *
 * Returns: (transfer full): @worksheet as the archive writes a worksheet
 */
JsonObject *
_reframe_import_worksheet_to_record (ReframeWorksheet *worksheet)
{
  JsonObject      *record = json_object_new ();
  g_autofree char *created =
      _reframe_import_format_time (reframe_worksheet_get_created (worksheet));
  g_autofree char *updated =
      _reframe_import_format_time (reframe_worksheet_get_updated (worksheet));
  g_autofree char *completed =
      _reframe_import_format_time (reframe_worksheet_get_completed_at (worksheet));
  g_autofree char *now = _reframe_store_now_iso ();
  gboolean         done = reframe_worksheet_get_status (worksheet) == REFRAME_WORKSHEET_COMPLETED;
  int              score = reframe_worksheet_get_score (worksheet);

  json_object_set_string_member (record, "uuid", reframe_worksheet_get_uuid (worksheet));
  json_object_set_string_member (
      record, "template_id", reframe_worksheet_get_template_id (worksheet));
  json_object_set_int_member (
      record, "template_version", reframe_worksheet_get_template_version (worksheet));
  json_object_set_object_member (
      record, "answers", json_object_ref (reframe_worksheet_get_answers (worksheet)));
  json_object_set_string_member (record, "status", done ? "completed" : "draft");
  if (score == REFRAME_WORKSHEET_NO_SCORE)
    json_object_set_null_member (record, "score");
  else
    json_object_set_int_member (record, "score", score);
  json_object_set_string_member (record, "band", reframe_worksheet_get_band (worksheet));
  json_object_set_string_member (
      record, "assignment_uuid", reframe_worksheet_get_assignment_uuid (worksheet));
  json_object_set_boolean_member (record, "private", reframe_worksheet_get_private (worksheet));
  json_object_set_string_member (record, "created", created ? created : now);
  json_object_set_string_member (record, "updated", updated ? updated : (created ? created : now));
  if (done)
    json_object_set_string_member (
        record, "completed_at", completed ? completed : (created ? created : now));
  else
    json_object_set_null_member (record, "completed_at");
  return record;
}

static char *
dup_json_text (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

gboolean
_reframe_import_write_worksheet (ReframeImportWriter *writer,
                                 JsonObject          *record,
                                 const char          *source_id,
                                 GError             **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;
  const char   *uuid = _reframe_import_json_get_string (record, "uuid");
  const char   *updated = _reframe_import_json_get_string (record, "updated");
  JsonObject   *answers = _reframe_import_json_get_object (record, "answers");
  gint64        version = 1, score = -1;
  gboolean      private_ = FALSE, write = FALSE;

  if (!decide_and_count (
          writer, "worksheets", REFRAME_IMPORT_WORKSHEET, uuid, updated, source_id, &write, error))
    return FALSE;
  if (!write)
    return TRUE;

  _reframe_import_json_get_int (record, "template_version", &version);
  _reframe_import_json_get_bool (record, "private", &private_);
  stmt = _reframe_store_prepare_cached (
      writer->db,
      &stmt_held,
      "INSERT INTO worksheets (uuid, template_id, template_version, answers, status, score, band,"
      "  assignment_uuid, private, created, updated, completed_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
      "  (SELECT uuid FROM assignments WHERE uuid = ?8), ?9, ?10, ?11, ?12)"
      " ON CONFLICT (uuid) DO UPDATE SET template_id = ?2, template_version = ?3, answers = ?4,"
      "  status = ?5, score = ?6, band = ?7, assignment_uuid = (SELECT uuid FROM assignments WHERE "
      "uuid = ?8),"
      "  private = ?9, created = ?10, updated = ?11, completed_at = ?12",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (
      stmt, 2, _reframe_import_json_get_string (record, "template_id"), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, version);
  sqlite3_bind_text (stmt, 4, answers ? dup_json_text (answers) : g_strdup ("{}"), -1, g_free);
  sqlite3_bind_text (
      stmt, 5, _reframe_import_json_get_string (record, "status"), -1, SQLITE_STATIC);
  if (_reframe_import_json_get_int (record, "score", &score))
    sqlite3_bind_int64 (stmt, 6, score);
  else
    sqlite3_bind_null (stmt, 6);
  bind_nullable_text (stmt, 7, _reframe_import_json_get_string (record, "band"));
  bind_nullable_text (stmt, 8, _reframe_import_json_get_string (record, "assignment_uuid"));
  sqlite3_bind_int (stmt, 9, private_);
  sqlite3_bind_text (
      stmt, 10, _reframe_import_json_get_string (record, "created"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, updated, -1, SQLITE_STATIC);
  bind_nullable_text (stmt, 12, _reframe_import_json_get_string (record, "completed_at"));
  return step_done (writer->db, stmt, error) &&
         remember_source (writer, source_id, REFRAME_IMPORT_WORKSHEET, uuid, error);
}

/* Binds the child @child of @parent_id, the @position-th of its array, to @stmt. */
typedef void (*BindChildFunc) (sqlite3_stmt *stmt,
                               gint64        parent_id,
                               guint         position,
                               JsonObject   *child);

/* Inserts each object of @children (NULL: none) with @stmt; members that are not objects
 * are left out. */
static gboolean
write_children (ReframeImportWriter *writer,
                sqlite3_stmt        *stmt,
                gint64               parent_id,
                JsonArray           *children,
                BindChildFunc        bind,
                GError             **error)
{
  for (guint i = 0; children != NULL && i < json_array_get_length (children); i++)
    {
      JsonNode   *node = json_array_get_element (children, i);
      JsonObject *child = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (child == NULL)
        continue;
      sqlite3_reset (stmt);
      bind (stmt, parent_id, i, child);
      if (!step_done (writer->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_completion (sqlite3_stmt *stmt,
                 gint64        assignment_id,
                 guint         position,
                 JsonObject   *completion)
{
  sqlite3_bind_int64 (stmt, 1, assignment_id);
  bind_nullable_text (stmt, 2, _reframe_import_json_get_string (completion, "day"));
  bind_nullable_text (stmt, 3, _reframe_import_json_get_string (completion, "at"));
}

static gboolean
write_completions (ReframeImportWriter *writer,
                   gint64               assignment_id,
                   JsonArray           *completions,
                   GError             **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;

  if (completions == NULL)
    return TRUE;
  stmt = _reframe_store_prepare_cached (
      writer->db,
      &stmt_held,
      "INSERT OR IGNORE INTO assignment_completions (assignment_id, day, at) VALUES (?, ?, ?)",
      error);
  return stmt != NULL &&
         write_children (writer, stmt, assignment_id, completions, bind_completion, error);
}

gboolean
_reframe_import_write_assignment (ReframeImportWriter *writer,
                                  JsonObject          *record,
                                  const char          *source_id,
                                  GError             **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;
  const char   *uuid = _reframe_import_json_get_string (record, "uuid");
  const char   *updated = _reframe_import_json_get_string (record, "updated");
  gint64        times = 1;
  gboolean      reminder = FALSE, archived = FALSE, write = FALSE;
  int           rc;

  if (!decide_and_count (writer,
                         "assignments",
                         REFRAME_IMPORT_ASSIGNMENT,
                         uuid,
                         updated,
                         source_id,
                         &write,
                         error))
    return FALSE;
  if (!write)
    return TRUE;

  _reframe_import_json_get_int (record, "times_per_week", &times);
  _reframe_import_json_get_bool (record, "reminder", &reminder);
  _reframe_import_json_get_bool (record, "archived", &archived);
  stmt = _reframe_store_prepare_cached (
      writer->db,
      &stmt_held,
      "INSERT INTO assignments (uuid, template_id, title, frequency, times_per_week, start_date,"
      "  end_date, due_date, rationale, therapist_note, reminder, archived, created, updated)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
      " ON CONFLICT (uuid) DO UPDATE SET template_id = ?2, title = ?3, frequency = ?4,"
      "  times_per_week = ?5, start_date = ?6, end_date = ?7, due_date = ?8, rationale = ?9,"
      "  therapist_note = ?10, reminder = ?11, archived = ?12, created = ?13, updated = ?14"
      " RETURNING id",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  bind_nullable_text (stmt, 2, _reframe_import_json_get_string (record, "template_id"));
  sqlite3_bind_text (stmt, 3, _reframe_import_json_get_string (record, "title"), -1, SQLITE_STATIC);
  sqlite3_bind_text (
      stmt, 4, _reframe_import_json_get_string (record, "frequency"), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, times);
  sqlite3_bind_text (
      stmt, 6, _reframe_import_json_get_string (record, "start_date"), -1, SQLITE_STATIC);
  bind_nullable_text (stmt, 7, _reframe_import_json_get_string (record, "end_date"));
  bind_nullable_text (stmt, 8, _reframe_import_json_get_string (record, "due_date"));
  sqlite3_bind_text (
      stmt, 9, _reframe_import_json_get_string (record, "rationale"), -1, SQLITE_STATIC);
  sqlite3_bind_text (
      stmt, 10, _reframe_import_json_get_string (record, "therapist_note"), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 11, reminder);
  sqlite3_bind_int (stmt, 12, archived);
  sqlite3_bind_text (
      stmt, 13, _reframe_import_json_get_string (record, "created"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 14, updated, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reframe_store_fail (error, writer->db, rc);
  return write_completions (writer,
                            sqlite3_column_int64 (stmt, 0),
                            _reframe_import_json_get_array (record, "completions"),
                            error) &&
         remember_source (writer, source_id, REFRAME_IMPORT_ASSIGNMENT, uuid, error);
}

/**
 * _reframe_import_write_plan:
 *
 * Writes a homework plan's record of an archive (docs/plan-format.md), and which of the
 * journal's homework came with it; homework the journal does not have is left out.
 */
gboolean
_reframe_import_write_plan (ReframeImportWriter *writer,
                            JsonObject          *record,
                            const char          *source_id,
                            GError             **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  g_auto (ReframeCachedStmt) link_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL, *link = NULL;
  const char   *uuid = _reframe_import_json_get_string (record, "uuid");
  const char   *updated = _reframe_import_json_get_string (record, "updated");
  JsonArray    *assignments = _reframe_import_json_get_array (record, "assignments");
  Action        action = ACTION_SKIP;
  gint64        plan_id;
  int           rc;

  if (!decide (writer, "plans", uuid, updated, NULL, &action, error))
    return FALSE;
  if (action == ACTION_SKIP)
    return TRUE;
  stmt = _reframe_store_prepare_cached (
      writer->db,
      &stmt_held,
      "INSERT INTO plans (uuid, therapist, from_day, to_day, created, updated)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (uuid) DO UPDATE SET"
      "  therapist = ?2, from_day = ?3, to_day = ?4, created = ?5, updated = ?6"
      " RETURNING id",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (
      stmt, 2, _reframe_import_json_get_string (record, "therapist"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, _reframe_import_json_get_string (record, "from"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, _reframe_import_json_get_string (record, "to"), -1, SQLITE_STATIC);
  sqlite3_bind_text (
      stmt, 5, _reframe_import_json_get_string (record, "created"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, updated, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reframe_store_fail (error, writer->db, rc);
  plan_id = sqlite3_column_int64 (stmt, 0);
  link = _reframe_store_prepare_cached (
      writer->db,
      &link_held,
      "INSERT OR IGNORE INTO plan_assignments (plan_id, assignment_uuid)"
      " SELECT ?1, uuid FROM assignments WHERE uuid = ?2",
      error);
  if (link == NULL)
    return FALSE;
  for (guint i = 0; assignments != NULL && i < json_array_get_length (assignments); i++)
    {
      sqlite3_reset (link);
      sqlite3_bind_int64 (link, 1, plan_id);
      sqlite3_bind_text (
          link, 2, json_array_get_string_element (assignments, i), -1, SQLITE_STATIC);
      if (!step_done (writer->db, link, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_message (sqlite3_stmt *stmt,
              gint64        conversation_id,
              guint         position,
              JsonObject   *message)
{
  bind_nullable_text (stmt, 1, _reframe_import_json_get_string (message, "uuid"));
  sqlite3_bind_int64 (stmt, 2, conversation_id);
  sqlite3_bind_int (stmt, 3, (int) position);
  bind_nullable_text (stmt, 4, _reframe_import_json_get_string (message, "role"));
  bind_nullable_text (stmt, 5, _reframe_import_json_get_string (message, "content"));
  bind_nullable_text (stmt, 6, _reframe_import_json_get_string (message, "created"));
  bind_nullable_text (stmt, 7, _reframe_import_json_get_string (message, "model"));
  bind_nullable_text (stmt, 8, _reframe_import_json_get_string (message, "status"));
}

static gboolean
write_messages (ReframeImportWriter *writer,
                gint64               conversation_id,
                JsonArray           *messages,
                GError             **error)
{
  g_auto (ReframeCachedStmt) clear_held = { NULL, FALSE };
  sqlite3_stmt *clear = NULL;
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;

  clear = _reframe_store_prepare_cached (
      writer->db, &clear_held, "DELETE FROM chat_messages WHERE conversation_id = ?", error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, conversation_id);
  if (!step_done (writer->db, clear, error))
    return FALSE;
  stmt = _reframe_store_prepare_cached (writer->db,
                                        &stmt_held,
                                        "INSERT INTO chat_messages (uuid, conversation_id, "
                                        "position, role, content, created, model, status)"
                                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                        error);
  return stmt != NULL &&
         write_children (writer, stmt, conversation_id, messages, bind_message, error);
}

gboolean
_reframe_import_write_conversation (ReframeImportWriter *writer,
                                    JsonObject          *record,
                                    const char          *source_id,
                                    GError             **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;
  const char   *uuid = _reframe_import_json_get_string (record, "uuid");
  const char   *updated = _reframe_import_json_get_string (record, "updated");
  gboolean      write = FALSE;
  int           rc;

  if (!decide_and_count (writer,
                         "conversations",
                         REFRAME_IMPORT_CONVERSATION,
                         uuid,
                         updated,
                         source_id,
                         &write,
                         error))
    return FALSE;
  if (!write)
    return TRUE;
  stmt = _reframe_store_prepare_cached (
      writer->db,
      &stmt_held,
      "INSERT INTO conversations (uuid, title, created, updated) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT (uuid) DO UPDATE SET title = ?2, created = ?3, updated = ?4"
      " RETURNING id",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, _reframe_import_json_get_string (record, "title"), -1, SQLITE_STATIC);
  sqlite3_bind_text (
      stmt, 3, _reframe_import_json_get_string (record, "created"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, updated, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reframe_store_fail (error, writer->db, rc);
  return write_messages (writer,
                         sqlite3_column_int64 (stmt, 0),
                         _reframe_import_json_get_array (record, "messages"),
                         error) &&
         remember_source (writer, source_id, REFRAME_IMPORT_CONVERSATION, uuid, error);
}

/* Keeps a photo to write beside the journal once the import is committed. */
static void
take_photo (ReframeImportWriter *writer,
            JsonObject          *record)
{
  const char *detail = _reframe_import_json_get_string (record, "detail");
  JsonObject *photo = _reframe_import_json_get_object (record, "photo");
  const char *data = photo ? _reframe_import_json_get_string (photo, "data") : NULL;
  gsize       len = 0;
  guchar     *bytes;

  if (detail == NULL || data == NULL || writer->photos == NULL)
    return;
  bytes = g_base64_decode (data, &len);
  g_ptr_array_add (writer->photos, g_strdup (detail));
  g_ptr_array_add (writer->photos, g_bytes_new_take (bytes, len));
}

gboolean
_reframe_import_write_toolbox_item (ReframeImportWriter *writer,
                                    JsonObject          *record,
                                    const char          *source_id,
                                    GError             **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;
  const char   *uuid = _reframe_import_json_get_string (record, "uuid");
  const char   *updated = _reframe_import_json_get_string (record, "updated");
  gint64        position = 0;
  gboolean      write = FALSE;

  if (!decide_and_count (writer,
                         "toolbox_items",
                         REFRAME_IMPORT_TOOLBOX_ITEM,
                         uuid,
                         updated,
                         source_id,
                         &write,
                         error))
    return FALSE;
  if (!write)
    return TRUE;
  _reframe_import_json_get_int (record, "position", &position);
  stmt = _reframe_store_prepare_cached (
      writer->db,
      &stmt_held,
      "INSERT INTO toolbox_items (uuid, kind, text, detail, source, position, created, updated)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
      " ON CONFLICT (uuid) DO UPDATE SET kind = ?2, text = ?3, detail = ?4, source = ?5,"
      "  position = ?6, created = ?7, updated = ?8",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, _reframe_import_json_get_string (record, "kind"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, _reframe_import_json_get_string (record, "text"), -1, SQLITE_STATIC);
  bind_nullable_text (stmt, 4, _reframe_import_json_get_string (record, "detail"));
  bind_nullable_text (stmt, 5, _reframe_import_json_get_string (record, "source"));
  sqlite3_bind_int64 (stmt, 6, position);
  sqlite3_bind_text (
      stmt, 7, _reframe_import_json_get_string (record, "created"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, updated, -1, SQLITE_STATIC);
  if (!step_done (writer->db, stmt, error))
    return FALSE;
  take_photo (writer, record);
  return remember_source (writer, source_id, REFRAME_IMPORT_TOOLBOX_ITEM, uuid, error);
}
