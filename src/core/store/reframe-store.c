/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-store.c: opens the database file safely and migrates its schema. */

#define G_LOG_DOMAIN "ReframeStore"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reframe-assignment-repository-private.h"
#include "reframe-backups-private.h"
#include "reframe-conversation-repository-private.h"
#include "reframe-crypt-vfs.h"
#include "reframe-mood-repository-private.h"
#include "reframe-request-log-private.h"
#include "reframe-store-private.h"
#include "reframe-toolbox-repository-private.h"
#include "reframe-worksheet-repository-private.h"

#define DB_FILE_NAME "reframe.db"

/* How long a write waits behind other writers (the window, `reframe log` in scripts)
 * before it gives up with "database is locked", and how often it looks again. */
#define BUSY_TIMEOUT_MS 10000
#define BUSY_POLL_MS    2

/* Every search table splits words the same way and folds accents, so that "cafe"
 * finds "café" in the journal and in conversations alike. */
#define FTS_TOKENIZE "tokenize = 'unicode61 remove_diacritics 2'"

/* The searchable text of a worksheet: the string values of its answers, at any depth
 * (emotion names, table cells, chosen options), one per line; keys and numbers are
 * left out. */
#define WORKSHEET_TEXT "(SELECT coalesce (group_concat (value, char (10)), '') FROM json_tree (new.answers) WHERE type = 'text')"

struct _ReframeStore
{
  GObject parent_instance;

  /* Owned */
  char                          *data_dir;
  char                          *path;
  sqlite3                       *db;
  ReframeMoodRepository         *moods;
  ReframeConversationRepository *conversations;
  ReframeRequestLog             *request_log;
  ReframeWorksheetRepository    *worksheets;
  ReframeAssignmentRepository   *assignments;
  ReframeToolboxRepository      *toolbox;
  ReframeStoreCheck             *check;

  int      schema_version;
  gboolean take_backup;
  /* The change count (reframe_store_get_change_count()): PRAGMA data_version as last
   * read, how often it changed, and restores made on other connections. */
  gint64  data_version;
  guint64 other_changes;
  guint   restores;
};

typedef struct
{
  const char *sql;
  gboolean (*after) (sqlite3 *db, GError **error);
} Migration;

G_DEFINE_FINAL_TYPE (ReframeStore, reframe_store, G_TYPE_OBJECT)

static gint64 read_data_version (sqlite3 *db);

/* Written out rather than with G_DEFINE_QUARK: clang-format would space the dashes of
 * the macro's argument and so change the quark's name. */
GQuark
reframe_store_error_quark (void)
{
  return g_quark_from_static_string ("reframe-store-error-quark");
}

/* Version 1: entries, tags and the tags of each entry. */
static const char migration_1[] =
    "CREATE TABLE mood_entries ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  mood INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5),"
    "  day TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  utc_offset INTEGER NOT NULL DEFAULT 0,"
    "  sleep_hours REAL CHECK (sleep_hours IS NULL OR sleep_hours BETWEEN 0 AND 24),"
    "  private INTEGER NOT NULL DEFAULT 0,"
    "  created TEXT NOT NULL,"
    "  updated TEXT NOT NULL);"
    /* The journal's order; with the mood in it, filters read only this index. */
    "CREATE INDEX mood_entries_order ON mood_entries (day DESC, at DESC, id DESC, mood);"
    /* Notes live apart so that entry rows stay small: lists, searches and statistics
     * that read thousands of entries never page through their text. */
    "CREATE TABLE mood_notes ("
    "  entry_id INTEGER PRIMARY KEY REFERENCES mood_entries (id) ON DELETE CASCADE,"
    "  note TEXT NOT NULL);"
    "CREATE TABLE tags ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  kind INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  icon TEXT,"
    "  builtin INTEGER NOT NULL DEFAULT 0,"
    "  hidden INTEGER NOT NULL DEFAULT 0,"
    "  position INTEGER NOT NULL DEFAULT 1000,"
    "  created TEXT NOT NULL,"
    "  updated TEXT NOT NULL,"
    "  UNIQUE (kind, name));"
    "CREATE TABLE entry_tags ("
    "  entry_id INTEGER NOT NULL REFERENCES mood_entries (id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  tag_id INTEGER NOT NULL REFERENCES tags (id),"
    "  PRIMARY KEY (entry_id, position)) WITHOUT ROWID;"
    "CREATE INDEX entry_tags_tag ON entry_tags (tag_id, entry_id);";

/* Version 2: full-text search and a count of entries per day, so that the journal
 * list knows its length and its day headers without scanning every entry. */
static const char migration_2[] =
    "CREATE VIRTUAL TABLE mood_fts USING fts5 ("
    "  note, feelings, activities, " FTS_TOKENIZE ");"
    "INSERT INTO mood_fts (rowid, note, feelings, activities)"
    "  SELECT e.id, coalesce ((SELECT note FROM mood_notes WHERE entry_id = e.id), ''),"
    "    coalesce ((SELECT group_concat (t.name, ' ') FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
    "               WHERE et.entry_id = e.id AND t.kind = 0), ''),"
    "    coalesce ((SELECT group_concat (t.name, ' ') FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
    "               WHERE et.entry_id = e.id AND t.kind = 1), '')"
    "  FROM mood_entries e;"
    "CREATE TABLE mood_days (day TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO mood_days SELECT day, count (*) FROM mood_entries GROUP BY day;"
    "CREATE TRIGGER mood_days_insert AFTER INSERT ON mood_entries BEGIN"
    "  INSERT INTO mood_days (day, n) VALUES (new.day, 1)"
    "    ON CONFLICT (day) DO UPDATE SET n = n + 1;"
    "END;"
    "CREATE TRIGGER mood_days_delete AFTER DELETE ON mood_entries BEGIN"
    "  UPDATE mood_days SET n = n - 1 WHERE day = old.day;"
    "  DELETE FROM mood_days WHERE day = old.day AND n <= 0;"
    "END;"
    "CREATE TRIGGER mood_days_update AFTER UPDATE OF day ON mood_entries"
    "  WHEN old.day <> new.day BEGIN"
    "  UPDATE mood_days SET n = n - 1 WHERE day = old.day;"
    "  DELETE FROM mood_days WHERE day = old.day AND n <= 0;"
    "  INSERT INTO mood_days (day, n) VALUES (new.day, 1)"
    "    ON CONFLICT (day) DO UPDATE SET n = n + 1;"
    "END;";

/* Version 3: conversations with the companion, their messages and their search, and
 * the log of requests sent to model services. A hidden conversation keeps its rows,
 * with deleted_at set, until it is purged (Undo). chat_fts holds one row per message
 * (rowid = the message id) and one per title (rowid = minus the conversation id). */
static const char migration_3[] =
    "CREATE TABLE conversations ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  created TEXT NOT NULL,"
    "  updated TEXT NOT NULL,"
    "  deleted_at TEXT);"
    "CREATE INDEX conversations_order ON conversations (updated DESC, id DESC) WHERE deleted_at IS NULL;"
    /* A reply still streaming is stored as 'incomplete' until it ends. */
    "CREATE TABLE chat_messages ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),"
    "  content TEXT NOT NULL,"
    "  created TEXT NOT NULL,"
    "  model TEXT,"
    "  status TEXT NOT NULL CHECK (status IN ('complete', 'stopped', 'failed', 'incomplete')),"
    "  UNIQUE (conversation_id, position));"
    "CREATE VIRTUAL TABLE chat_fts USING fts5 (title, content, " FTS_TOKENIZE ");"
    "CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN"
    "  INSERT INTO chat_fts (rowid, title, content) VALUES (-new.id, new.title, '');"
    "END;"
    "CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations"
    "  WHEN old.title IS NOT new.title BEGIN"
    "  UPDATE chat_fts SET title = new.title WHERE rowid = -new.id;"
    "END;"
    "CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN"
    "  DELETE FROM chat_fts WHERE rowid = -old.id;"
    "END;"
    "CREATE TRIGGER chat_messages_fts_insert AFTER INSERT ON chat_messages BEGIN"
    "  INSERT INTO chat_fts (rowid, title, content) VALUES (new.id, '', new.content);"
    "END;"
    "CREATE TRIGGER chat_messages_fts_update AFTER UPDATE OF content ON chat_messages"
    "  WHEN old.content IS NOT new.content BEGIN"
    "  UPDATE chat_fts SET content = new.content WHERE rowid = new.id;"
    "END;"
    /* Also runs for the messages a purged conversation takes with it. */
    "CREATE TRIGGER chat_messages_fts_delete AFTER DELETE ON chat_messages BEGIN"
    "  DELETE FROM chat_fts WHERE rowid = old.id;"
    "END;"
    /* Labels of what was attached, never its text. */
    "CREATE TABLE request_log ("
    "  id INTEGER PRIMARY KEY,"
    "  time TEXT NOT NULL,"
    "  endpoint TEXT NOT NULL,"
    "  model TEXT,"
    "  remote INTEGER NOT NULL CHECK (remote IN (0, 1)),"
    "  attachments TEXT NOT NULL DEFAULT '');";

/* Version 4: worksheets and questionnaires, their search, homework assignments and
 * the days free-text homework was marked done. A deleted worksheet or assignment
 * keeps its row, with deleted_at set, until it is purged (Undo). worksheets_fts holds
 * the string values of each worksheet's answers (rowid = the worksheet id). */
static const char migration_4[] =
    "CREATE TABLE assignments ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  template_id TEXT,"
    "  title TEXT NOT NULL,"
    "  frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly_n', 'once')),"
    "  times_per_week INTEGER NOT NULL DEFAULT 1 CHECK (times_per_week BETWEEN 1 AND 7),"
    "  start_date TEXT NOT NULL,"
    "  end_date TEXT CHECK (end_date IS NULL OR end_date >= start_date),"
    "  due_date TEXT CHECK ((frequency = 'once') = (due_date IS NOT NULL) AND (due_date IS NULL OR due_date >= start_date)),"
    "  rationale TEXT NOT NULL DEFAULT '',"
    "  therapist_note TEXT NOT NULL DEFAULT '',"
    "  reminder INTEGER NOT NULL DEFAULT 0,"
    "  created TEXT NOT NULL,"
    "  updated TEXT NOT NULL,"
    "  archived INTEGER NOT NULL DEFAULT 0,"
    "  deleted_at TEXT);"
    "CREATE INDEX assignments_order ON assignments (start_date, id) WHERE archived = 0 AND deleted_at IS NULL;"
    /* One row per local day (YYYY-MM-DD) a task was marked done; `at` is when (UTC). */
    "CREATE TABLE assignment_completions ("
    "  id INTEGER PRIMARY KEY,"
    "  assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,"
    "  day TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  UNIQUE (assignment_id, day));"
    "CREATE TABLE worksheets ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  template_id TEXT NOT NULL,"
    "  template_version INTEGER NOT NULL CHECK (template_version >= 1),"
    "  answers TEXT NOT NULL DEFAULT '{}' CHECK (json_valid (answers)),"
    "  status TEXT NOT NULL CHECK (status IN ('draft', 'completed')),"
    "  score INTEGER CHECK (score IS NULL OR score >= 0),"
    "  band TEXT,"
    "  assignment_uuid TEXT REFERENCES assignments (uuid) ON DELETE SET NULL,"
    "  private INTEGER NOT NULL DEFAULT 0,"
    "  created TEXT NOT NULL,"
    "  updated TEXT NOT NULL,"
    "  completed_at TEXT CHECK ((status = 'completed') = (completed_at IS NOT NULL)),"
    "  deleted_at TEXT);"
    /* The list's order, for all worksheets and for those of one template. */
    "CREATE INDEX worksheets_order ON worksheets (updated DESC, id DESC) WHERE deleted_at IS NULL;"
    "CREATE INDEX worksheets_template_order ON worksheets (template_id, updated DESC, id DESC) WHERE deleted_at IS NULL;"
    /* Score histories, and the worksheets done for each assignment. */
    "CREATE INDEX worksheets_scores ON worksheets (template_id, completed_at, id) WHERE score IS NOT NULL;"
    "CREATE INDEX worksheets_assignment ON worksheets (assignment_uuid, completed_at) WHERE assignment_uuid IS NOT NULL;"
    "CREATE VIRTUAL TABLE worksheets_fts USING fts5 (answers, " FTS_TOKENIZE ");"
    "CREATE TRIGGER worksheets_fts_insert AFTER INSERT ON worksheets BEGIN"
    "  INSERT INTO worksheets_fts (rowid, answers) VALUES (new.id, " WORKSHEET_TEXT ");"
    "END;"
    "CREATE TRIGGER worksheets_fts_update AFTER UPDATE OF answers ON worksheets"
    "  WHEN old.answers IS NOT new.answers BEGIN"
    "  UPDATE worksheets_fts SET answers = " WORKSHEET_TEXT " WHERE rowid = new.id;"
    "END;"
    "CREATE TRIGGER worksheets_fts_delete AFTER DELETE ON worksheets BEGIN"
    "  DELETE FROM worksheets_fts WHERE rowid = old.id;"
    "END;";

/* Version 5: the coping toolbox (hope box). `position` is the person's order; a photo's
 * detail is the name of its file in the toolbox folder beside the journal. */
static const char migration_5[] =
    "CREATE TABLE toolbox_items ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('note', 'reason', 'person', 'link', 'photo', 'worked')),"
    "  text TEXT NOT NULL,"
    "  detail TEXT,"
    "  source TEXT,"
    "  position INTEGER NOT NULL,"
    "  created TEXT NOT NULL,"
    "  updated TEXT NOT NULL);"
    "CREATE INDEX toolbox_items_order ON toolbox_items (position, created, id);";

/* Version 6: where imported records came from, so that importing the same export again
 * adds nothing. `source_id` is what identifies the record in the other app (its id, or its
 * time and text); `format` the reader's id ("daylio-csv"). */
static const char migration_6[] =
    "CREATE TABLE import_sources ("
    "  format TEXT NOT NULL,"
    "  source_id TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  record_uuid TEXT NOT NULL,"
    "  imported TEXT NOT NULL,"
    "  PRIMARY KEY (format, source_id)) WITHOUT ROWID;";

/* Version 7: homework plans a therapist handed over (docs/plan-format.md), and which
 * homework came with each. The plan keeps its period and the therapist's name, so that
 * the report can say how the homework went over the plan's weeks; `updated` is when it
 * was last imported. An assignment may come with several plans (a plan sent again with
 * new weeks); the newest counts. */
static const char migration_7[] =
    "CREATE TABLE plans ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  therapist TEXT NOT NULL DEFAULT '',"
    "  from_day TEXT NOT NULL,"
    "  to_day TEXT NOT NULL CHECK (to_day >= from_day),"
    "  created TEXT NOT NULL,"
    "  updated TEXT NOT NULL);"
    "CREATE TABLE plan_assignments ("
    "  plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
    "  assignment_uuid TEXT NOT NULL REFERENCES assignments (uuid) ON DELETE CASCADE,"
    "  PRIMARY KEY (plan_id, assignment_uuid)) WITHOUT ROWID;"
    "CREATE INDEX plan_assignments_assignment ON plan_assignments (assignment_uuid);";

/* Version 8: what the person wrote for an appointment ("In my own words"), one text per
 * period of Share with Therapist. `confirmed` is set when they chose to use it in the
 * report; until then it is only kept, never shared. */
static const char migration_8[] =
    "CREATE TABLE appointment_notes ("
    "  from_day TEXT NOT NULL,"
    "  to_day TEXT NOT NULL CHECK (to_day >= from_day),"
    "  text TEXT NOT NULL,"
    "  confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),"
    "  created TEXT NOT NULL,"
    "  updated TEXT NOT NULL,"
    "  PRIMARY KEY (from_day, to_day)) WITHOUT ROWID;";

static const Migration migrations[] = {
  { migration_1, _reframe_mood_repository_seed_tags },
  { migration_2, NULL },
  { migration_3, NULL },
  { migration_4, NULL },
  { migration_5, NULL },
  { migration_6, NULL },
  { migration_7, NULL },
  { migration_8, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == REFRAME_STORE_SCHEMA_VERSION);

static void
uuid_func (sqlite3_context *context,
           int              argc,
           sqlite3_value  **argv)
{
  sqlite3_result_text (context, g_uuid_string_random (), -1, g_free);
}

static void
reframe_store_finalize (GObject *object)
{
  ReframeStore *self = (ReframeStore *) object;

  if (self->moods != NULL)
    _reframe_mood_repository_detach (self->moods);
  if (self->conversations != NULL)
    _reframe_conversation_repository_detach (self->conversations);
  if (self->request_log != NULL)
    _reframe_request_log_detach (self->request_log);
  if (self->worksheets != NULL)
    _reframe_worksheet_repository_detach (self->worksheets);
  if (self->assignments != NULL)
    _reframe_assignment_repository_detach (self->assignments);
  if (self->toolbox != NULL)
    _reframe_toolbox_repository_detach (self->toolbox);
  g_clear_object (&self->moods);
  g_clear_object (&self->conversations);
  g_clear_object (&self->request_log);
  g_clear_object (&self->worksheets);
  g_clear_object (&self->assignments);
  g_clear_object (&self->toolbox);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->check, _reframe_store_check_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (reframe_store_parent_class)->finalize (object);
}

static void
reframe_store_class_init (ReframeStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reframe_store_finalize;
}

static void
reframe_store_init (ReframeStore *self)
{
}

/* The errno behind an I/O error. SQLite keeps the last one of each file, and reports it
 * for the connection only sometimes (not for a failed write to the WAL). */
static int
last_errno (sqlite3 *db)
{
  sqlite3_file *wal = NULL;
  int           code = sqlite3_system_errno (db);

  if (code == 0 && sqlite3_file_control (db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) == SQLITE_OK &&
      wal != NULL && wal->pMethods != NULL)
    wal->pMethods->xFileControl (wal, SQLITE_FCNTL_LAST_ERRNO, &code);
  if (code == 0)
    sqlite3_file_control (db, "main", SQLITE_FCNTL_LAST_ERRNO, &code);
  return code;
}

/* A write that found no room: SQLite says SQLITE_FULL for ENOSPC, but a disk I/O error
 * for a quota (EDQUOT), a file-size limit (EFBIG) or a shared-memory index that could
 * not grow. */
static gboolean
is_disk_full (sqlite3 *db,
              int      rc)
{
  if ((rc & 0xff) == SQLITE_FULL)
    return TRUE;
  if ((rc & 0xff) != SQLITE_IOERR || db == NULL)
    return FALSE;
  switch (last_errno (db))
    {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * _reframe_store_fail:
 *
 * Turns a SQLite failure into a #GError a person can act on.
 *
 * Returns: %FALSE, always, for `return _reframe_store_fail (…)`.
 */
gboolean
_reframe_store_fail (GError **error,
                     sqlite3 *db,
                     int      rc)
{
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if (is_disk_full (db, rc))
    {
      /* True for every caller; the entry editor, which keeps the text, says so itself. */
      g_set_error_literal (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_DISK_FULL, _ ("The disk is full, so Reframe could not save. Free some space and try again."));
      return FALSE;
    }

  /* The encrypting VFS found a page whose tag does not verify. */
  if (rc == SQLITE_IOERR_DATA || (db != NULL && sqlite3_extended_errcode (db) == SQLITE_IOERR_DATA))
    {
      g_set_error_literal (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT, _ ("The encrypted journal was changed outside Reframe, or damaged, and cannot be read safely. Reframe has not changed it; a backup copy may be in the backups folder."));
      return FALSE;
    }

  switch (rc & 0xff)
    {
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_READ_ONLY, _ ("Reframe cannot write to the journal file (%s). Check that the "
                                                                                 "folder and the file belong to you and are writable."),
                   detail);
      break;
    case SQLITE_AUTH:
      g_set_error_literal (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_LOCKED, _ ("The journal is encrypted and cannot be opened with this key. Unlock it with its passphrase."));
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_CORRUPT, _ ("The journal file is damaged and cannot be read (%s). Reframe has "
                                                                               "not changed it; a backup copy may be beside it."),
                   detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID, _ ("A value was out of range (%s)."), detail);
      break;
    default:
      g_set_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_FAILED, _ ("The journal could not be read or saved (%s)."), detail);
      break;
    }
  return FALSE;
}

gboolean
_reframe_store_exec (sqlite3    *db,
                     const char *sql,
                     GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}

sqlite3_stmt *
_reframe_store_prepare (sqlite3    *db,
                        const char *sql,
                        GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return stmt;
}

/**
 * _reframe_store_now_iso:
 *
 * Returns: (transfer full): the current UTC time as ISO 8601 with milliseconds
 */
char *
_reframe_store_now_iso (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

GDateTime *
_reframe_store_parse_iso (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}

static gboolean
read_user_version (sqlite3 *db,
                   int     *version,
                   GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  /* Reading the schema is the first thing that touches the file's pages, so a file
   * that merely starts like SQLite but is damaged fails here, before any write. */
  stmt = _reframe_store_prepare (db, "SELECT count (*) FROM sqlite_schema", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _reframe_store_prepare (db, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* SQLite's own handler looks again every 100 ms, so a writer that waits loses its turn
 * to each one that comes fresh, and under load may wait past any timeout; looking every
 * 2 ms keeps the turns close to first come, first served. */
static int
busy_cb (void *data,
         int   n_calls)
{
  if (n_calls * BUSY_POLL_MS >= BUSY_TIMEOUT_MS)
    return 0;
  g_usleep (BUSY_POLL_MS * 1000);
  return 1;
}

/* Every connection waits its turn from its first read on: a connection that opens while
 * another closes the journal (and checkpoints it) waits rather than failing. */
static int
open_connection (const char *path,
                 int         flags,
                 sqlite3   **db)
{
  int rc;

  reframe_crypt_vfs_register ();
  rc = sqlite3_open_v2 (path, db, flags, REFRAME_CRYPT_VFS_NAME);

  if (*db != NULL)
    {
      sqlite3_busy_handler (*db, busy_cb, NULL);
      sqlite3_extended_result_codes (*db, 1);
    }
  return rc;
}

/* Several Reframes starting at once on a new journal (scripts logging side by side):
 * while the first turns the file to WAL, SQLite refuses the others at once instead of
 * calling the busy handler, as waiting while holding a read lock could deadlock. They
 * try again, as the busy handler would have; by then the file is WAL and nothing needs
 * changing. */
static gboolean
set_wal_mode (sqlite3 *db,
              GError **error)
{
  for (guint waited_ms = 0;; waited_ms += BUSY_POLL_MS)
    {
      int rc = sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);

      if (rc == SQLITE_OK)
        return TRUE;
      if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= BUSY_TIMEOUT_MS)
        return _reframe_store_fail (error, db, rc);
      g_usleep (BUSY_POLL_MS * 1000);
    }
}

static gboolean
configure_connection (sqlite3 *db,
                      gboolean writer,
                      GError **error)
{
  sqlite3_create_function (db, "reframe_uuid", 0, SQLITE_UTF8, NULL, uuid_func, NULL, NULL);

  /* Sorting and temporary tables stay in memory, and deleted text is overwritten: no
   * note lingers on the disk where the journal (encrypted or not) does not show it. */
  if (!_reframe_store_add_snippet_function (db, error) ||
      !_reframe_store_exec (db,
                            "PRAGMA foreign_keys = ON;"
                            "PRAGMA temp_store = MEMORY;"
                            "PRAGMA secure_delete = ON;",
                            error))
    return FALSE;
  if (!writer)
    return TRUE;
  /* NORMAL is durable in WAL mode against application crashes; only a power cut can
   * lose the last commits, and never corrupts the file. */
  return set_wal_mode (db, error) &&
         _reframe_store_exec (db, "PRAGMA synchronous = NORMAL;", error);
}

/* Runs inside the update's transaction, so that two Reframes starting at once never
 * copy over a backup with an updated journal. The copy is read through a connection of
 * its own, as SQLite copies nothing from one inside a write transaction; with the write
 * lock held, it reads what this one does. It goes to the default backups folder
 * (reason "before-update"), private from its first byte and checked before it counts. */
static gboolean
backup_before_migration (ReframeStore *self,
                         GError      **error)
{
  g_autofree char *folder = _reframe_backups_dup_default_folder (self->data_dir);
  g_autofree char *backup = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  if (!self->take_backup)
    return TRUE;
  if (!_reframe_backups_prepare_folder (folder, TRUE, error) ||
      (backup = _reframe_backups_write (self->path, folder, REFRAME_BACKUP_REASON_BEFORE_UPDATE, now, NULL, error)) == NULL)
    {
      g_prefix_error (error, _ ("Reframe needs to update the journal and could not first make a "
                                "backup copy, so it changed nothing. "));
      return FALSE;
    }
  _reframe_backups_rotate (folder, REFRAME_BACKUP_REASON_BEFORE_UPDATE, 0, 0, 0);
  return TRUE;
}

static gboolean
apply_migration (sqlite3 *db,
                 int      version,
                 GError **error)
{
  const Migration *migration = &migrations[version - 1];
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version);

  if (!_reframe_store_exec (db, migration->sql, error))
    return FALSE;
  if (migration->after != NULL && !migration->after (db, error))
    return FALSE;
  return _reframe_store_exec (db, set_version, error);
}

static gboolean
check_not_too_new (ReframeStore *self,
                   GError      **error)
{
  if (self->schema_version <= REFRAME_STORE_SCHEMA_VERSION)
    return TRUE;
  g_set_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_TOO_NEW, _ ("This journal was made by a newer version of Reframe (format %d; this "
                                                                           "version knows format %d). Update Reframe to open it. Nothing in the "
                                                                           "file was changed."),
               self->schema_version,
               REFRAME_STORE_SCHEMA_VERSION);
  return FALSE;
}

/* An existing journal is checked and copied before it is updated: a damaged one is
 * never written, and the copy is of a sound one. */
static gboolean
prepare_migration (ReframeStore *self,
                   GError      **error)
{
  if (self->schema_version == 0)
    return TRUE;
  return _reframe_store_check_integrity (self->db, error) &&
         backup_before_migration (self, error);
}

/* All steps from the file's version to @target run in one transaction: a failure
 * anywhere leaves the file exactly as it was. The version is read again once the
 * transaction holds the write lock, as another Reframe may have updated the file
 * meanwhile. */
static gboolean
migrate (ReframeStore *self,
         int           target,
         GError      **error)
{
  if (self->schema_version >= target)
    return TRUE;

  if (!_reframe_store_exec (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!read_user_version (self->db, &self->schema_version, error) ||
      !check_not_too_new (self, error) ||
      (self->schema_version < target && !prepare_migration (self, error)))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  for (int version = self->schema_version + 1; version <= target; version++)
    {
      if (!apply_migration (self->db, version, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, _ ("The journal could not be updated to this version of Reframe, "
                                    "and it was left unchanged. "));
          return FALSE;
        }
    }

  if (!_reframe_store_exec (self->db, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  self->schema_version = MAX (self->schema_version, target);
  return TRUE;
}

static gboolean
is_shared_memory_failure (sqlite3 *db)
{
  switch (sqlite3_extended_errcode (db))
    {
    case SQLITE_IOERR_SHMOPEN:
    case SQLITE_IOERR_SHMSIZE:
    case SQLITE_IOERR_SHMMAP:
      return TRUE;
    default:
      return FALSE;
    }
}

/* On a nearly full disk SQLite's shared-memory index (a 32 KiB file beside the journal)
 * cannot grow, and then even reading fails. Holding the file for this process alone
 * lets SQLite keep that index in memory: the journal reads, and a save says the disk is
 * full. Other Reframes wait until this one ends. */
static gboolean
reopen_without_shared_memory (ReframeStore *self,
                              GError      **error)
{
  int rc;

  g_clear_pointer (&self->db, sqlite3_close);
  rc = open_connection (self->path, SQLITE_OPEN_READWRITE, &self->db);
  if (rc != SQLITE_OK)
    return _reframe_store_fail (error, self->db, rc);
  return _reframe_store_exec (self->db, "PRAGMA locking_mode = EXCLUSIVE", error) &&
         read_user_version (self->db, &self->schema_version, error);
}

static gboolean
open_database (ReframeStore *self,
               int           target,
               GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  int rc;

  rc = open_connection (self->path, SQLITE_OPEN_READWRITE, &self->db);
  if (rc != SQLITE_OK)
    return _reframe_store_fail (error, self->db, rc);

  if (!read_user_version (self->db, &self->schema_version, &local_error))
    {
      if (!is_shared_memory_failure (self->db))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!reopen_without_shared_memory (self, error))
        return FALSE;
    }

  if (!check_not_too_new (self, error))
    return FALSE;

  /* A new journal, or one just checked before its update, needs no other check. */
  self->check = _reframe_store_check_new (self->schema_version < target);
  if (!configure_connection (self->db, TRUE, error))
    return FALSE;
  return migrate (self, target, error);
}

static ReframeStore *
open_store (const char *data_dir,
            int         target,
            gboolean    take_backup,
            GError    **error)
{
  g_autoptr (ReframeStore) self = g_object_new (REFRAME_TYPE_STORE, NULL);

  self->take_backup = take_backup;

  self->data_dir = data_dir ? g_strdup (data_dir) : reframe_store_dup_default_dir ();
  self->path = g_build_filename (self->data_dir, DB_FILE_NAME, NULL);

  if (!_reframe_store_ensure_folder (self->data_dir, error) || !_reframe_store_check_file (self->path, error))
    return NULL;
  if (!open_database (self, target, error))
    return NULL;
  self->data_version = read_data_version (self->db);

  self->moods = _reframe_mood_repository_new (self);
  self->conversations = _reframe_conversation_repository_new (self);
  self->request_log = _reframe_request_log_new (self);
  self->worksheets = _reframe_worksheet_repository_new (self);
  self->assignments = _reframe_assignment_repository_new (self);
  self->toolbox = _reframe_toolbox_repository_new (self);
  return g_steal_pointer (&self);
}

/**
 * reframe_store_dup_default_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/reframe`
 */
char *
reframe_store_dup_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "reframe", NULL);
}

/**
 * reframe_store_open:
 * @data_dir: (nullable): the folder of the journal, or %NULL for the default
 * @error: where a problem with the folder or the file is reported
 *
 * Opens (or creates) the journal and brings its schema up to date, taking a backup
 * copy first. A file that is damaged, not a journal, or from a newer Reframe is
 * reported and never written to.
 *
 * Returns: (transfer full) (nullable): the store
 */
ReframeStore *
reframe_store_open (const char *data_dir,
                    GError    **error)
{
  return open_store (data_dir, REFRAME_STORE_SCHEMA_VERSION, TRUE, error);
}

/* For tests of migrations: makes or opens a journal at an older @version. */
ReframeStore *
_reframe_store_open_at_version (const char *data_dir,
                                int         version,
                                GError    **error)
{
  g_return_val_if_fail (version >= 1 && version <= REFRAME_STORE_SCHEMA_VERSION, NULL);
  return open_store (data_dir, version, TRUE, error);
}

/* For a restore: opens a copy in @data_dir and brings it up to date, without the backup
 * before the update (the copy is itself a backup). */
ReframeStore *
_reframe_store_open_unbacked (const char *data_dir,
                              GError    **error)
{
  return open_store (data_dir, REFRAME_STORE_SCHEMA_VERSION, FALSE, error);
}

static gint64
read_data_version (sqlite3 *db)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA data_version", -1, &stmt, NULL) != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * reframe_store_get_change_count:
 *
 * A number that grows whenever the journal changes after it was opened: a save
 * through this store, a commit by another connection or program (seen through
 * `PRAGMA data_version` when this is called), or a restore. The window notes it after
 * each backup and, on quit, backs up again only when it grew. Cheap; main thread only.
 *
 * Returns: the change count; compare it with an earlier one, never with zero
 */
guint64
reframe_store_get_change_count (ReframeStore *self)
{
  gint64 data_version;

  g_return_val_if_fail (REFRAME_IS_STORE (self), 0);

  if (self->db == NULL)
    return 0;
  data_version = read_data_version (self->db);
  if (data_version != self->data_version)
    {
      self->data_version = data_version;
      self->other_changes++;
    }
  return (guint64) sqlite3_total_changes64 (self->db) + self->other_changes + g_atomic_int_get (&self->restores);
}

/* After a restore on another connection (any thread): the journal is the checked
 * backup's, so the check before the first write is done, and the change count grows. */
void
_reframe_store_note_restored (ReframeStore *self)
{
  _reframe_store_check_mark_sound (self->check);
  g_atomic_int_inc (&self->restores);
}

const char *
reframe_store_get_path (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->path;
}

const char *
reframe_store_get_data_dir (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->data_dir;
}

int
reframe_store_get_schema_version (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), 0);
  return self->schema_version;
}

/**
 * reframe_store_get_moods:
 *
 * Returns: (transfer none): the repository of mood entries
 */
ReframeMoodRepository *
reframe_store_get_moods (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->moods;
}

/**
 * reframe_store_get_conversations:
 *
 * Returns: (transfer none): the repository of conversations with the companion
 */
ReframeConversationRepository *
reframe_store_get_conversations (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->conversations;
}

/**
 * reframe_store_get_request_log:
 *
 * Returns: (transfer none): the log of requests sent to model services
 */
ReframeRequestLog *
reframe_store_get_request_log (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->request_log;
}

/**
 * reframe_store_get_worksheets:
 *
 * Returns: (transfer none): the repository of worksheets and questionnaires
 */
ReframeWorksheetRepository *
reframe_store_get_worksheets (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->worksheets;
}

/**
 * reframe_store_get_assignments:
 *
 * Returns: (transfer none): the repository of homework assignments
 */
ReframeAssignmentRepository *
reframe_store_get_assignments (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->assignments;
}

/**
 * reframe_store_get_toolbox:
 *
 * Returns: (transfer none): the repository of the coping toolbox (hope box)
 */
ReframeToolboxRepository *
reframe_store_get_toolbox (ReframeStore *self)
{
  g_return_val_if_fail (REFRAME_IS_STORE (self), NULL);
  return self->toolbox;
}

typedef struct
{
  char                  *path;
  char                  *fts_query;
  char                  *filter;
  ReframeStoreSearchFunc search;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->path);
  g_free (data->fts_query);
  g_free (data->filter);
  g_free (data);
}

static int
search_progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;
  GError     *error = NULL;
  GPtrArray  *found;
  sqlite3    *db;

  if ((db = _reframe_store_open_reader_at (data->path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* SQLite stops the statement when the search is cancelled, rather than finishing it. */
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, search_progress_cb, cancellable);
  found = data->search (db, data->fts_query, data->filter, &error);
  sqlite3_close (db);

  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_pointer (&found, g_ptr_array_unref);
      g_clear_error (&error);
    }
  else if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/* Words with nothing to search for (punctuation only) find nothing, without a thread. */
void
_reframe_store_search_async (ReframeStore          *self,
                             gpointer               source_object,
                             gpointer               source_tag,
                             const char            *text,
                             const char            *filter,
                             ReframeStoreSearchFunc search,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr (GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  SearchData *data;

  g_task_set_source_tag (task, source_tag);
  if (_reframe_store_require_db (self, &error) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (SearchData, 1);
  data->path = _reframe_store_dup_path_for_reader (self);
  data->fts_query = _reframe_mood_repository_fts_query (text);
  data->filter = g_strdup (filter);
  data->search = search;
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  if (data->fts_query == NULL)
    g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref), (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_run_in_thread (task, search_thread);
}

/* Returns: (transfer full) (nullable): a #GListStore of @item_type. */
GListModel *
_reframe_store_search_finish (GAsyncResult *result,
                              GType         item_type,
                              GError      **error)
{
  g_autoptr (GPtrArray) found = g_task_propagate_pointer (G_TASK (result), error);
  GListStore *store;

  if (found == NULL)
    return NULL;
  store = g_list_store_new (item_type);
  g_list_store_splice (store, 0, 0, found->pdata, found->len);
  return G_LIST_MODEL (store);
}

/* For repositories, which outlive the store only as dangling references the app dropped:
 * a call through one of them after the store closed is an error, not a crash. */
sqlite3 *
_reframe_store_require_db (ReframeStore *self,
                           GError      **error)
{
  if (self == NULL)
    {
      g_set_error_literal (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_FAILED, _ ("The journal is closed."));
      return NULL;
    }
  return _reframe_store_get_db (self);
}

sqlite3 *
_reframe_store_get_db (ReframeStore *self)
{
  return self->db;
}

ReframeStoreCheck *
_reframe_store_get_check (ReframeStore *self)
{
  return self->check;
}

char *
_reframe_store_dup_path_for_reader (ReframeStore *self)
{
  return g_strdup (self->path);
}

/**
 * _reframe_store_open_reader_at:
 *
 * Opens a read-only connection for a worker thread; WAL lets it read while the
 * main thread writes.
 *
 * Returns: (transfer full) (nullable): a connection to close with sqlite3_close()
 */
sqlite3 *
_reframe_store_open_reader_at (const char *path,
                               GError    **error)
{
  sqlite3 *db = NULL;
  int      rc = open_connection (path, SQLITE_OPEN_READONLY, &db);

  if (rc != SQLITE_OK || !configure_connection (db, FALSE, error))
    {
      if (rc != SQLITE_OK)
        _reframe_store_fail (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/**
 * _reframe_store_open_writer_at:
 *
 * Opens a connection of its own for a long write on a worker thread (an import, a
 * restore), so that its transaction never takes in a write the window makes meanwhile on
 * the store's own connection; that write waits its turn instead. The journal must exist.
 *
 * Returns: (transfer full) (nullable): a connection to close with sqlite3_close()
 */
sqlite3 *
_reframe_store_open_writer_at (const char *path,
                               GError    **error)
{
  sqlite3 *db = NULL;
  int      rc = open_connection (path, SQLITE_OPEN_READWRITE, &db);

  if (rc != SQLITE_OK || !configure_connection (db, TRUE, error))
    {
      if (rc != SQLITE_OK)
        _reframe_store_fail (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

sqlite3 *
_reframe_store_open_reader (ReframeStore *self,
                            GError      **error)
{
  return _reframe_store_open_reader_at (self->path, error);
}
