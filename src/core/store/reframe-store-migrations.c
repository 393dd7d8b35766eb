/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-store-migrations.c: the schema's history, one step per version. A step never
 * changes once released: a new version adds one. */

#define G_LOG_DOMAIN "ReframeStore"

#include "config.h"

#include "reframe-mood-repository-private.h"
#include "reframe-store-private.h"

/* Every search table splits words the same way and folds accents, so that "cafe"
 * finds "café" in the journal and in conversations alike. */
#define FTS_TOKENIZE "tokenize = 'unicode61 remove_diacritics 2'"

/* The searchable text of a worksheet: the string values of its answers, at any depth
 * (emotion names, table cells, chosen options), one per line; keys and numbers are
 * left out. */
#define WORKSHEET_TEXT                                                                         \
  "(SELECT coalesce (group_concat (value, char (10)), '') FROM json_tree (new.answers) WHERE " \
  "type = 'text')"

typedef struct
{
  const char *sql;
  gboolean (*after) (sqlite3 *db, GError **error);
} Migration;

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
    "    coalesce ((SELECT group_concat (t.name, ' ') FROM entry_tags et JOIN tags t ON t.id = "
    "et.tag_id"
    "               WHERE et.entry_id = e.id AND t.kind = 0), ''),"
    "    coalesce ((SELECT group_concat (t.name, ' ') FROM entry_tags et JOIN tags t ON t.id = "
    "et.tag_id"
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
    "CREATE INDEX conversations_order ON conversations (updated DESC, id DESC) WHERE deleted_at IS "
    "NULL;"
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
    "  due_date TEXT CHECK ((frequency = 'once') = (due_date IS NOT NULL) AND (due_date IS NULL OR "
    "due_date >= start_date)),"
    "  rationale TEXT NOT NULL DEFAULT '',"
    "  therapist_note TEXT NOT NULL DEFAULT '',"
    "  reminder INTEGER NOT NULL DEFAULT 0,"
    "  created TEXT NOT NULL,"
    "  updated TEXT NOT NULL,"
    "  archived INTEGER NOT NULL DEFAULT 0,"
    "  deleted_at TEXT);"
    "CREATE INDEX assignments_order ON assignments (start_date, id) WHERE archived = 0 AND "
    "deleted_at IS NULL;"
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
    "CREATE INDEX worksheets_template_order ON worksheets (template_id, updated DESC, id DESC) "
    "WHERE deleted_at IS NULL;"
    /* Score histories, and the worksheets done for each assignment. */
    "CREATE INDEX worksheets_scores ON worksheets (template_id, completed_at, id) WHERE score IS "
    "NOT NULL;"
    "CREATE INDEX worksheets_assignment ON worksheets (assignment_uuid, completed_at) WHERE "
    "assignment_uuid IS NOT NULL;"
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

/* Version 9: a reply is saved now and then while it streams, and indexing its whole text
 * for search at each save took longer than a frame once it was long (70 ms at 1 MB:
 * the old text out of chat_fts, the new in). `indexed` is 0 while chat_fts does not
 * hold the message's text yet; a reply is indexed once, when it ends, and any search
 * indexes what is left first. */
static const char migration_9[] =
    "ALTER TABLE chat_messages ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1"
    "  CHECK (indexed IN (0, 1));"
    "CREATE INDEX chat_messages_unindexed ON chat_messages (id) WHERE indexed = 0;"
    "DROP TRIGGER chat_messages_fts_update;"
    "CREATE TRIGGER chat_messages_fts_update AFTER UPDATE OF content, indexed ON chat_messages"
    "  WHEN new.indexed = 1 AND (old.content IS NOT new.content OR old.indexed = 0) BEGIN"
    "  UPDATE chat_fts SET content = new.content WHERE rowid = new.id;"
    "END;";

static const Migration migrations[] = {
  { migration_1, _reframe_mood_repository_seed_tags },
  { migration_2, NULL },
  { migration_3, NULL },
  { migration_4, NULL },
  { migration_5, NULL },
  { migration_6, NULL },
  { migration_7, NULL },
  { migration_8, NULL },
  { migration_9, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == REFRAME_STORE_SCHEMA_VERSION);

/**
 * _reframe_store_apply_migration:
 * @version: the version to go to, from the one before it
 *
 * Runs one step of the schema's history and records @version, inside the caller's
 * transaction.
 */
gboolean
_reframe_store_apply_migration (sqlite3 *db,
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
