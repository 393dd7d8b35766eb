/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-mood-repository.c: mood entries, their tags and their search. */

#define G_LOG_DOMAIN "ReframeMoodRepository"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-mood-entry-private.h"
#include "reframe-mood-repository-private.h"
#include "reframe-store-private.h"
#include "reframe-tag.h"

struct _ReframeMoodRepository
{
  GObject parent_instance;

  /* Borrowed: the store owns the repository and detaches it when it goes. */
  ReframeStore *store;
};

enum
{
  SIGNAL_ENTRY_CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ReframeMoodRepository, reframe_mood_repository, G_TYPE_OBJECT)

static guint signals[N_SIGNALS];

static void
reframe_mood_repository_class_init (ReframeMoodRepositoryClass *klass)
{
  /**
   * ReframeMoodRepository::entry-changed:
   * @self: the repository
   * @uuid: the entry saved or deleted, or "" when tags changed or an import wrote many
   *   entries at once
   * @old_day: (nullable): the entry's day before the change
   * @new_day: (nullable): the entry's day after the change
   *
   * Emitted after every save or delete, so that lists follow.
   */
  signals[SIGNAL_ENTRY_CHANGED] =
      g_signal_new ("entry-changed",
                    G_TYPE_FROM_CLASS (klass),
                    G_SIGNAL_RUN_LAST,
                    0,
                    NULL,
                    NULL,
                    NULL,
                    G_TYPE_NONE,
                    3,
                    G_TYPE_STRING,
                    G_TYPE_STRING,
                    G_TYPE_STRING);
}

static void
reframe_mood_repository_init (ReframeMoodRepository *self)
{
}

ReframeMoodRepository *
_reframe_mood_repository_new (ReframeStore *store)
{
  ReframeMoodRepository *self = g_object_new (REFRAME_TYPE_MOOD_REPOSITORY, NULL);

  self->store = store;
  return self;
}

void
_reframe_mood_repository_detach (ReframeMoodRepository *self)
{
  self->store = NULL;
}

static sqlite3 *
get_db (ReframeMoodRepository *self,
        GError               **error)
{
  return _reframe_store_require_db (self->store, error);
}

/* Before any write: the journal is open and known not to be damaged. */
static sqlite3 *
get_writer (ReframeMoodRepository *self,
            GError               **error)
{
  return _reframe_store_require_writer (self->store, error);
}

static GStrv
split_tags (const unsigned char *joined)
{
  if (joined == NULL || *joined == '\0')
    return g_new0 (char *, 1);
  return g_strsplit ((const char *) joined, "\x1f", -1);
}

/* Reads a row's time in the zone it was logged in. An older Reframe could store a time
 * past the end of year 9999 in UTC; it is shown at the last second GLib can hold,
 * rather than as no time at all. */
static GDateTime *
time_from_row (gint64 at,
               int    utc_offset)
{
  const gint64 last = 253402300799; /* 9999-12-31T23:59:59Z */
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (CLAMP (at, -62135596800, last));
  g_autoptr (GTimeZone) zone = g_time_zone_new_offset (utc_offset);
  GDateTime *local = g_date_time_to_timezone (utc, zone);

  return local != NULL ? local : g_steal_pointer (&utc);
}

/**
 * _reframe_mood_repository_read_row:
 * @stmt: a statement selecting %REFRAME_ENTRY_COLUMNS first
 *
 * Returns: (transfer full): the entry of the current row
 */
ReframeMoodEntry *
_reframe_mood_repository_read_row (sqlite3_stmt *stmt)
{
  ReframeMoodEntry *entry;
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GDateTime) created = NULL;
  g_autoptr (GDateTime) updated = NULL;
  g_auto (GStrv) feelings = NULL;
  g_auto (GStrv) activities = NULL;
  double sleep = REFRAME_SLEEP_UNKNOWN;

  entry = _reframe_mood_entry_new_with_uuid ((const char *) sqlite3_column_text (stmt, 1));
  if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
    sleep = sqlite3_column_double (stmt, 4);
  time = time_from_row (sqlite3_column_int64 (stmt, 5), sqlite3_column_int (stmt, 6));
  _reframe_mood_entry_load (entry,
                            sqlite3_column_int (stmt, 2),
                            (const char *) sqlite3_column_text (stmt, 3),
                            sleep,
                            time,
                            sqlite3_column_int (stmt, 7));
  created = _reframe_store_parse_iso ((const char *) sqlite3_column_text (stmt, 8));
  updated = _reframe_store_parse_iso ((const char *) sqlite3_column_text (stmt, 9));
  _reframe_mood_entry_set_stamps (entry, created, updated);
  feelings = split_tags (sqlite3_column_text (stmt, 10));
  activities = split_tags (sqlite3_column_text (stmt, 11));
  reframe_mood_entry_set_feelings (entry, (const char *const *) feelings);
  reframe_mood_entry_set_activities (entry, (const char *const *) activities);
  return entry;
}

/**
 * _reframe_mood_repository_fts_query:
 * @text: what the person typed
 *
 * Turns free text into an FTS5 query: every word must appear, as a prefix, so that
 * "anx" finds "anxious" and no character of the input can be taken as syntax.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @text has no words
 */
char *
_reframe_mood_repository_fts_query (const char *text)
{
  g_autoptr (GString) query = g_string_new (NULL);
  g_auto (GStrv) words = NULL;

  if (text == NULL)
    return NULL;

  words = g_strsplit_set (text, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *quoted = NULL;
      g_auto (GStrv) parts = NULL;

      if (*words[i] == '\0')
        continue;
      parts = g_strsplit (words[i], "\"", -1);
      quoted = g_strjoinv ("\"\"", parts);
      if (query->len > 0)
        g_string_append_c (query, ' ');
      g_string_append_printf (query, "\"%s\"*", quoted);
    }

  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* A time is kept as UTC seconds and read back in its own zone: both must be a date
 * GLib can hold (years 1 to 9999), or the entry would come back without a time. */
static gboolean
time_is_storable (GDateTime *time)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GTimeZone) zone = NULL;
  g_autoptr (GDateTime) local = NULL;

  if (time == NULL || (utc = g_date_time_new_from_unix_utc (g_date_time_to_unix (time))) == NULL)
    return FALSE;
  zone = g_time_zone_new_offset ((gint32) (g_date_time_get_utc_offset (time) / G_TIME_SPAN_SECOND));
  local = g_date_time_to_timezone (utc, zone);
  return local != NULL;
}

/* Names are joined with U+001F when read, so one holding it would come back split. */
static gboolean
tags_are_valid (const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (!g_utf8_validate (names[i], -1, NULL) || strchr (names[i], '\x1f') != NULL)
      return FALSE;
  return TRUE;
}

static gboolean
validate_entry (ReframeMoodEntry *entry,
                GError          **error)
{
  ReframeMood mood = reframe_mood_entry_get_mood (entry);
  double      sleep = reframe_mood_entry_get_sleep_hours (entry);

  if (mood < REFRAME_MOOD_MIN || mood > REFRAME_MOOD_MAX)
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   _ ("Choose a mood from 1 (awful) to 5 (great)."));
      return FALSE;
    }
  if (sleep != REFRAME_SLEEP_UNKNOWN && !(sleep >= 0 && sleep <= 24))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   _ ("Hours slept must be between 0 and 24."));
      return FALSE;
    }
  if (!time_is_storable (reframe_mood_entry_get_time (entry)))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   _ ("Choose a time between the years 1 and 9999."));
      return FALSE;
    }
  if (!g_utf8_validate (reframe_mood_entry_get_note (entry), -1, NULL) ||
      !tags_are_valid (reframe_mood_entry_get_feelings (entry)) ||
      !tags_are_valid (reframe_mood_entry_get_activities (entry)))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   _ ("The note or a feeling or activity is not valid text (UTF-8)."));
      return FALSE;
    }
  return TRUE;
}

/* Finds the row of @uuid. Returns FALSE only on a database failure. */
static gboolean
lookup_entry (sqlite3    *db,
              const char *uuid,
              gint64     *id,
              char      **day,
              GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  *id = 0;
  *day = NULL;
  stmt = _reframe_store_prepare (db, "SELECT id, day FROM mood_entries WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *day = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}

static gboolean
write_row (sqlite3          *db,
           ReframeMoodEntry *entry,
           const char       *day,
           const char       *created,
           const char       *now,
           gint64           *id,
           GError          **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;
  GDateTime    *time = reframe_mood_entry_get_time (entry);
  double        sleep = reframe_mood_entry_get_sleep_hours (entry);
  int           rc;

  /* The upsert keeps the row id, and so the entry's tags and search row, stable. */
  stmt = _reframe_store_prepare_cached (
      db,
      &stmt_held,
      "INSERT INTO mood_entries"
      " (uuid, mood, sleep_hours, at, utc_offset, day, private, created, updated)"
      " VALUES (?1, ?2, ?4, ?5, ?6, ?7, ?8, coalesce (?9, ?10), ?10)"
      " ON CONFLICT (uuid) DO UPDATE SET mood = ?2, sleep_hours = ?4,"
      "  at = ?5, utc_offset = ?6, day = ?7, private = ?8, updated = ?10"
      " RETURNING id",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reframe_mood_entry_get_uuid (entry), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, reframe_mood_entry_get_mood (entry));
  if (sleep == REFRAME_SLEEP_UNKNOWN)
    sqlite3_bind_null (stmt, 4);
  else
    sqlite3_bind_double (stmt, 4, sleep);
  sqlite3_bind_int64 (stmt, 5, g_date_time_to_unix (time));
  sqlite3_bind_int (stmt, 6, (int) (g_date_time_get_utc_offset (time) / G_TIME_SPAN_SECOND));
  sqlite3_bind_text (stmt, 7, day, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 8, reframe_mood_entry_get_private (entry));
  if (created != NULL)
    sqlite3_bind_text (stmt, 9, created, -1, SQLITE_TRANSIENT);
  else if (reframe_mood_entry_get_created (entry) != NULL)
    sqlite3_bind_text (
        stmt, 9, g_date_time_format_iso8601 (reframe_mood_entry_get_created (entry)), -1, g_free);
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_text (stmt, 10, now, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  *id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
write_note (sqlite3          *db,
            gint64            id,
            ReframeMoodEntry *entry,
            GError          **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;

  stmt = _reframe_store_prepare_cached (db,
                                        &stmt_held,
                                        "INSERT INTO mood_notes (entry_id, note) VALUES (?1, ?2)"
                                        " ON CONFLICT (entry_id) DO UPDATE SET note = ?2",
                                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, reframe_mood_entry_get_note (entry), -1, SQLITE_STATIC);
  return _reframe_store_step_done (db, stmt, error);
}

static gint64
ensure_tag (sqlite3       *db,
            ReframeTagKind kind,
            const char    *name,
            const char    *now,
            GError       **error)
{
  g_auto (ReframeCachedStmt) stmt_held = { NULL, FALSE };
  sqlite3_stmt *stmt = NULL;
  int           rc;

  /* A tag typed on the command line or imported becomes one of the user's own. */
  stmt = _reframe_store_prepare_cached (db,
                                        &stmt_held,
                                        "INSERT INTO tags (uuid, kind, name, created, updated)"
                                        " VALUES (reframe_uuid (), ?1, ?2, ?3, ?3)"
                                        " ON CONFLICT (kind, name) DO UPDATE SET kind = kind"
                                        " RETURNING id",
                                        error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int (stmt, 1, kind);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _reframe_store_fail (error, db, rc);
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
write_tags (sqlite3          *db,
            gint64            id,
            ReframeMoodEntry *entry,
            const char       *now,
            GError          **error)
{
  g_auto (ReframeCachedStmt) clear_held = { NULL, FALSE };
  sqlite3_stmt *clear = NULL;
  g_auto (ReframeCachedStmt) insert_held = { NULL, FALSE };
  sqlite3_stmt      *insert = NULL;
  const char *const *lists[] = {
    reframe_mood_entry_get_feelings (entry),
    reframe_mood_entry_get_activities (entry),
  };
  int position = 0;

  clear = _reframe_store_prepare_cached (
      db, &clear_held, "DELETE FROM entry_tags WHERE entry_id = ?", error);
  insert = clear ? _reframe_store_prepare_cached (
                       db,
                       &insert_held,
                       "INSERT INTO entry_tags (entry_id, position, tag_id) VALUES (?, ?, ?)",
                       error)
                 : NULL;
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, id);
  if (!_reframe_store_step_done (db, clear, error))
    return FALSE;

  for (guint kind = 0; kind < G_N_ELEMENTS (lists); kind++)
    {
      for (guint i = 0; lists[kind][i] != NULL; i++)
        {
          gint64 tag_id = ensure_tag (db, kind, lists[kind][i], now, error);

          if (tag_id == 0)
            return FALSE;
          sqlite3_bind_int64 (insert, 1, id);
          sqlite3_bind_int (insert, 2, position++);
          sqlite3_bind_int64 (insert, 3, tag_id);
          if (!_reframe_store_step_done (db, insert, error))
            return FALSE;
          sqlite3_reset (insert);
        }
    }
  return TRUE;
}

/* Indexes both the stored names and their translations, so that a search in the
 * user's language finds built-in feelings and activities too. */
static char *
join_tags_for_search (const char *const *names,
                      const char        *context)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *label = g_dpgettext2 (GETTEXT_PACKAGE, context, names[i]);

      g_string_append_printf (text, "%s%s", text->len ? " " : "", names[i]);
      if (label != names[i] && g_strcmp0 (label, names[i]) != 0)
        g_string_append_printf (text, " %s", label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
write_search_row (sqlite3          *db,
                  gint64            id,
                  ReframeMoodEntry *entry,
                  GError          **error)
{
  g_auto (ReframeCachedStmt) clear_held = { NULL, FALSE };
  sqlite3_stmt *clear = NULL;
  g_auto (ReframeCachedStmt) insert_held = { NULL, FALSE };
  sqlite3_stmt *insert = NULL;

  clear = _reframe_store_prepare_cached (
      db, &clear_held, "DELETE FROM mood_fts WHERE rowid = ?", error);
  insert = clear
               ? _reframe_store_prepare_cached (
                     db,
                     &insert_held,
                     "INSERT INTO mood_fts (rowid, note, feelings, activities) VALUES (?, ?, ?, ?)",
                     error)
               : NULL;
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, id);
  if (!_reframe_store_step_done (db, clear, error))
    return FALSE;

  sqlite3_bind_int64 (insert, 1, id);
  sqlite3_bind_text (insert, 2, reframe_mood_entry_get_note (entry), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert,
                     3,
                     join_tags_for_search (reframe_mood_entry_get_feelings (entry), "feeling"),
                     -1,
                     g_free);
  sqlite3_bind_text (insert,
                     4,
                     join_tags_for_search (reframe_mood_entry_get_activities (entry), "activity"),
                     -1,
                     g_free);
  return _reframe_store_step_done (db, insert, error);
}

static gboolean
write_entry (sqlite3          *db,
             ReframeMoodEntry *entry,
             const char       *day,
             const char       *created,
             const char       *now,
             GError          **error)
{
  gint64 id = 0;

  return write_row (db, entry, day, created, now, &id, error) &&
         write_note (db, id, entry, error) &&
         write_tags (db, id, entry, now, error) &&
         write_search_row (db, id, entry, error);
}

/**
 * reframe_mood_repository_save:
 * @entry: the entry; a new UUID is inserted, a known one updated
 *
 * Saves @entry in one transaction and sets its created and updated times. On
 * failure nothing is written and @entry keeps everything the user put in it.
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_mood_repository_save (ReframeMoodRepository *self,
                              ReframeMoodEntry      *entry,
                              GError               **error)
{
  g_autofree char *old_day = NULL;
  g_autofree char *day = NULL;
  g_autofree char *now = NULL;
  g_autoptr (GDateTime) updated = NULL;
  g_auto (ReframeWriteScope) scope = { 0 };
  gint64   old_id = 0;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (entry), FALSE);

  if (!validate_entry (entry, error) || (db = get_writer (self, error)) == NULL)
    return FALSE;

  now = _reframe_store_now_iso ();
  day = reframe_mood_entry_dup_day (entry);
  if (!_reframe_write_scope_begin (&scope, db, error) ||
      !lookup_entry (db, reframe_mood_entry_get_uuid (entry), &old_id, &old_day, error) ||
      !write_entry (db, entry, day, NULL, now, error) ||
      !_reframe_write_scope_commit (&scope, error))
    return FALSE;

  updated = _reframe_store_parse_iso (now);
  _reframe_mood_entry_set_stamps (
      entry, reframe_mood_entry_get_created (entry) ? NULL : updated, updated);
  g_signal_emit (
      self, signals[SIGNAL_ENTRY_CHANGED], 0, reframe_mood_entry_get_uuid (entry), old_day, day);
  return TRUE;
}

/**
 * _reframe_mood_repository_write_imported:
 * @db: a connection inside the importer's transaction
 * @entry: the entry; a new UUID is inserted, a known one replaced
 * @created: (nullable): its created time as stored (ISO 8601, UTC); %NULL for now
 * @updated: (nullable): its updated time as stored; %NULL for now
 *
 * Writes @entry with the times it came with, on the importer's connection, and tells no
 * one: the importer announces the whole import once it is committed.
 *
 * Returns: %TRUE on success
 */
gboolean
_reframe_mood_repository_write_imported (sqlite3          *db,
                                         ReframeMoodEntry *entry,
                                         const char       *created,
                                         const char       *updated,
                                         GError          **error)
{
  g_autofree char *day = NULL;
  g_autofree char *now = NULL;

  if (!validate_entry (entry, error))
    return FALSE;
  now = updated != NULL ? g_strdup (updated) : _reframe_store_now_iso ();
  day = reframe_mood_entry_dup_day (entry);
  return write_entry (db, entry, day, created, now, error);
}

/**
 * _reframe_mood_repository_emit_reload:
 *
 * Tells lists that many entries and tags changed at once (after an import).
 */
void
_reframe_mood_repository_emit_reload (ReframeMoodRepository *self)
{
  g_signal_emit (self, signals[SIGNAL_ENTRY_CHANGED], 0, "", NULL, NULL);
}

/**
 * reframe_mood_repository_delete:
 * @uuid: the entry to delete
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND when there is no such entry
 */
gboolean
reframe_mood_repository_delete (ReframeMoodRepository *self,
                                const char            *uuid,
                                GError               **error)
{
  g_auto (ReframeWriteScope) scope = { 0 };
  g_autofree char *day = NULL;
  gint64           id = 0;
  sqlite3         *db;

  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if ((db = get_writer (self, error)) == NULL || !_reframe_write_scope_begin (&scope, db, error) ||
      !lookup_entry (db, uuid, &id, &day, error))
    return FALSE;
  if (id == 0)
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_NOT_FOUND,
                   _ ("There is no entry with the id “%s”."),
                   uuid);
      return FALSE;
    }
  if (!_reframe_store_run (db,
                           error,
                           "DELETE FROM mood_fts WHERE rowid = ?1",
                           REFRAME_BIND_INT64,
                           id,
                           REFRAME_BIND_END) ||
      !_reframe_store_run (db,
                           error,
                           "DELETE FROM mood_entries WHERE id = ?1",
                           REFRAME_BIND_INT64,
                           id,
                           REFRAME_BIND_END) ||
      !_reframe_write_scope_commit (&scope, error))
    return FALSE;

  g_signal_emit (self, signals[SIGNAL_ENTRY_CHANGED], 0, uuid, day, NULL);
  return TRUE;
}

static GPtrArray *
collect_entries (sqlite3      *db,
                 sqlite3_stmt *stmt,
                 gboolean      with_snippet,
                 GError      **error)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReframeMoodEntry *entry = _reframe_mood_repository_read_row (stmt);

      if (with_snippet)
        _reframe_mood_entry_take_snippet (
            entry, g_strdup ((const char *) sqlite3_column_text (stmt, REFRAME_ENTRY_N_COLUMNS)));
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/**
 * reframe_mood_repository_get:
 *
 * Returns: (transfer full) (nullable): the entry, or %NULL with
 *   %REFRAME_STORE_ERROR_NOT_FOUND
 */
ReframeMoodEntry *
reframe_mood_repository_get (ReframeMoodRepository *self,
                             const char            *uuid,
                             GError               **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  stmt = _reframe_store_prepare (
      db, "SELECT " REFRAME_ENTRY_COLUMNS " FROM mood_entries e WHERE e.uuid = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  entries = collect_entries (db, stmt, FALSE, error);
  if (entries == NULL)
    return NULL;
  if (entries->len == 0)
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_NOT_FOUND,
                   _ ("There is no entry with the id “%s”."),
                   uuid);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (entries, 0));
}

/**
 * reframe_mood_repository_count:
 *
 * Returns: the number of entries; 0 with @error set on failure
 */
guint
reframe_mood_repository_count (ReframeMoodRepository *self,
                               GError               **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int      rc;

  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (self), 0);

  if ((db = get_db (self, error)) == NULL)
    return 0;
  stmt = _reframe_store_prepare (db, "SELECT coalesce (sum (n), 0) FROM mood_days", error);
  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _reframe_store_fail (error, db, rc);
      return 0;
    }
  return (guint) sqlite3_column_int64 (stmt, 0);
}

/**
 * reframe_mood_repository_dup_first_day:
 * @self: the repository
 * @error: return location for a store error
 *
 * Returns: (transfer full) (nullable): the day of the oldest entry, "YYYY-MM-DD";
 *   %NULL without an error when the journal is empty
 */
char *
reframe_mood_repository_dup_first_day (ReframeMoodRepository *self,
                                       GError               **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int      rc;

  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (self), NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  /* The per-day counts are keyed by day: this reads one row of their index. */
  stmt = _reframe_store_prepare (db, "SELECT min (day) FROM mood_days", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * reframe_mood_repository_list:
 * @from_day: (nullable): first day to include, "YYYY-MM-DD"
 * @to_day: (nullable): last day to include, "YYYY-MM-DD"
 *
 * Returns: (transfer container) (element-type ReframeMoodEntry) (nullable): the
 *   entries of the period, newest first
 */
GPtrArray *
reframe_mood_repository_list (ReframeMoodRepository *self,
                              const char            *from_day,
                              const char            *to_day,
                              GError               **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (self), NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  stmt =
      _reframe_store_prepare (db,
                              "SELECT " REFRAME_ENTRY_COLUMNS " FROM mood_entries e"
                              " WHERE (?1 IS NULL OR e.day >= ?1) AND (?2 IS NULL OR e.day <= ?2)"
                              " ORDER BY " REFRAME_ENTRY_ORDER,
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from_day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to_day, -1, SQLITE_STATIC);
  return collect_entries (db, stmt, FALSE, error);
}

/**
 * reframe_mood_repository_search:
 * @text: words to find (each as a prefix) in notes, feelings and activities
 * @limit: the most entries to return, 0 for all
 *
 * Returns: (transfer container) (element-type ReframeMoodEntry) (nullable): the
 *   matching entries, newest first, each with a snippet of the match
 */
GPtrArray *
reframe_mood_repository_search (ReframeMoodRepository *self,
                                const char            *text,
                                guint                  limit,
                                GError               **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *query = _reframe_mood_repository_fts_query (text);
  sqlite3         *db;

  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (self), NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  if (query == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);

  stmt =
      _reframe_store_prepare (db,
                              "SELECT " REFRAME_ENTRY_COLUMNS ","
                              " reframe_snippet (mood_fts, -1, char (2), char (3), '…', 16)"
                              " FROM mood_fts JOIN mood_entries e ON e.id = mood_fts.rowid"
                              " WHERE mood_fts MATCH ?1 ORDER BY " REFRAME_ENTRY_ORDER " LIMIT ?2",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  return collect_entries (db, stmt, TRUE, error);
}

/**
 * reframe_mood_repository_get_store:
 *
 * Returns: (transfer none) (nullable): the store, %NULL once it is closed
 */
ReframeStore *
reframe_mood_repository_get_store (ReframeMoodRepository *self)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (self), NULL);
  return self->store;
}
