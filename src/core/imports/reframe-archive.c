/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-archive.c: writing the whole journal as one JSON document, and merging one back.
 *
 * The document (docs/archive-format.md) lists every record in a fixed order with its UUID
 * and its times as stored (UTC), so that the same journal always gives the same bytes
 * but for the `created` member. It is read on a connection of its own inside one read
 * transaction, so it is a consistent picture even while the window writes.
 */

#define G_LOG_DOMAIN "ReframeArchive"

#include "config.h"

#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <string.h>

#include "reframe-archive-seal.h"
#include "reframe-archive.h"
#include "reframe-crypt-vfs.h"
#include "reframe-journal-crypt.h"
#include "reframe-import-private.h"
#include "reframe-store-private.h"
#include "reframe-template-registry.h"

static void
add_text (JsonBuilder  *builder,
          const char   *name,
          sqlite3_stmt *stmt,
          int           column)
{
  json_builder_set_member_name (builder, name);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
}

static void
add_int (JsonBuilder  *builder,
         const char   *name,
         sqlite3_stmt *stmt,
         int           column)
{
  json_builder_set_member_name (builder, name);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
}

static void
add_bool (JsonBuilder  *builder,
          const char   *name,
          sqlite3_stmt *stmt,
          int           column)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, column) != 0);
}

static void
add_names (JsonBuilder  *builder,
           const char   *name,
           sqlite3_stmt *stmt,
           int           column)
{
  const char *joined = (const char *) sqlite3_column_text (stmt, column);
  g_auto (GStrv) names = joined && *joined ? g_strsplit (joined, "\x1f", -1) : NULL;

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    json_builder_add_string_value (builder, names[i]);
  json_builder_end_array (builder);
}

/* Runs @sql and calls @row for each row, checking for a cancel now and then. */
typedef void (*RowFunc) (JsonBuilder  *builder,
                         sqlite3_stmt *stmt,
                         gpointer      data);

static gboolean
add_rows (JsonBuilder  *builder,
          sqlite3      *db,
          const char   *member,
          const char   *sql,
          RowFunc       row,
          gpointer      data,
          GCancellable *cancellable,
          GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = _reframe_store_prepare (db, sql, error);
  guint n = 0;
  int   rc;

  if (stmt == NULL)
    return FALSE;
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (++n % 512 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      json_builder_begin_object (builder);
      row (builder, stmt, data);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}

static void
tag_row (JsonBuilder  *builder,
         sqlite3_stmt *stmt,
         gpointer      data)
{
  add_text (builder, "uuid", stmt, 0);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (
      builder, sqlite3_column_int (stmt, 1) == REFRAME_TAG_ACTIVITY ? "activity" : "feeling");
  add_text (builder, "name", stmt, 2);
  add_text (builder, "icon", stmt, 3);
  add_bool (builder, "builtin", stmt, 4);
  add_bool (builder, "hidden", stmt, 5);
  add_int (builder, "position", stmt, 6);
  add_text (builder, "created", stmt, 7);
  add_text (builder, "updated", stmt, 8);
}

static void
mood_row (JsonBuilder  *builder,
          sqlite3_stmt *stmt,
          gpointer      data)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 2));
  g_autofree char *utc = time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;

  add_text (builder, "uuid", stmt, 0);
  add_int (builder, "mood", stmt, 1);
  json_builder_set_member_name (builder, "time");
  if (utc != NULL)
    json_builder_add_string_value (builder, utc);
  else
    json_builder_add_null_value (builder);
  add_int (builder, "utc_offset", stmt, 3);
  add_text (builder, "day", stmt, 4);
  json_builder_set_member_name (builder, "sleep_hours");
  if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, sqlite3_column_double (stmt, 5));
  add_bool (builder, "private", stmt, 6);
  add_text (builder, "note", stmt, 7);
  add_names (builder, "feelings", stmt, 10);
  add_names (builder, "activities", stmt, 11);
  add_text (builder, "created", stmt, 8);
  add_text (builder, "updated", stmt, 9);
}

static void
worksheet_row (JsonBuilder  *builder,
               sqlite3_stmt *stmt,
               gpointer      data)
{
  g_autoptr (JsonNode) answers =
      json_from_string ((const char *) sqlite3_column_text (stmt, 3), NULL);

  add_text (builder, "uuid", stmt, 0);
  add_text (builder, "template_id", stmt, 1);
  add_int (builder, "template_version", stmt, 2);
  json_builder_set_member_name (builder, "answers");
  if (answers != NULL && JSON_NODE_HOLDS_OBJECT (answers))
    json_builder_add_value (builder, g_steal_pointer (&answers));
  else
    {
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
  add_text (builder, "status", stmt, 4);
  add_int (builder, "score", stmt, 5);
  add_text (builder, "band", stmt, 6);
  add_text (builder, "assignment_uuid", stmt, 7);
  add_bool (builder, "private", stmt, 8);
  add_text (builder, "created", stmt, 9);
  add_text (builder, "updated", stmt, 10);
  add_text (builder, "completed_at", stmt, 11);
}

/* The rows of @sql (whose one parameter is @parent_id) as the array @member of objects,
 * each column as text under its name in @names. A query that fails leaves it empty. */
static void
add_child_rows (JsonBuilder       *builder,
                sqlite3           *db,
                const char        *member,
                const char        *sql,
                gint64             parent_id,
                const char *const *names)
{
  g_autoptr (sqlite3_stmt) children = NULL;

  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  children = _reframe_store_prepare (db, sql, NULL);
  if (children != NULL)
    {
      sqlite3_bind_int64 (children, 1, parent_id);
      while (sqlite3_step (children) == SQLITE_ROW)
        {
          json_builder_begin_object (builder);
          for (int i = 0; names[i] != NULL; i++)
            add_text (builder, names[i], children, i);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
}

static void
assignment_row (JsonBuilder  *builder,
                sqlite3_stmt *stmt,
                gpointer      data)
{
  sqlite3 *db = data;

  add_text (builder, "uuid", stmt, 1);
  add_text (builder, "template_id", stmt, 2);
  add_text (builder, "title", stmt, 3);
  add_text (builder, "frequency", stmt, 4);
  add_int (builder, "times_per_week", stmt, 5);
  add_text (builder, "start_date", stmt, 6);
  add_text (builder, "end_date", stmt, 7);
  add_text (builder, "due_date", stmt, 8);
  add_text (builder, "rationale", stmt, 9);
  add_text (builder, "therapist_note", stmt, 10);
  add_bool (builder, "reminder", stmt, 11);
  add_bool (builder, "archived", stmt, 12);
  add_text (builder, "created", stmt, 13);
  add_text (builder, "updated", stmt, 14);
  add_child_rows (builder,
                  db,
                  "completions",
                  "SELECT day, at FROM assignment_completions WHERE assignment_id = ? ORDER BY day",
                  sqlite3_column_int64 (stmt, 0),
                  (const char *const[]){ "day", "at", NULL });
}

/* A homework plan's record: its therapist and period, and the homework it brought. */
static void
plan_row (JsonBuilder  *builder,
          sqlite3_stmt *stmt,
          gpointer      data)
{
  sqlite3 *db = data;
  g_autoptr (sqlite3_stmt) children = NULL;

  add_text (builder, "uuid", stmt, 1);
  add_text (builder, "therapist", stmt, 2);
  add_text (builder, "from", stmt, 3);
  add_text (builder, "to", stmt, 4);
  add_text (builder, "created", stmt, 5);
  add_text (builder, "updated", stmt, 6);
  json_builder_set_member_name (builder, "assignments");
  json_builder_begin_array (builder);
  children = _reframe_store_prepare (
      db,
      "SELECT pa.assignment_uuid FROM plan_assignments pa JOIN assignments a ON a.uuid = "
      "pa.assignment_uuid"
      " WHERE pa.plan_id = ? AND a.deleted_at IS NULL ORDER BY pa.assignment_uuid",
      NULL);
  if (children != NULL)
    {
      sqlite3_bind_int64 (children, 1, sqlite3_column_int64 (stmt, 0));
      while (sqlite3_step (children) == SQLITE_ROW)
        json_builder_add_string_value (builder, (const char *) sqlite3_column_text (children, 0));
    }
  json_builder_end_array (builder);
}

static void
conversation_row (JsonBuilder  *builder,
                  sqlite3_stmt *stmt,
                  gpointer      data)
{
  sqlite3 *db = data;

  add_text (builder, "uuid", stmt, 1);
  add_text (builder, "title", stmt, 2);
  add_text (builder, "created", stmt, 3);
  add_text (builder, "updated", stmt, 4);
  add_child_rows (
      builder,
      db,
      "messages",
      "SELECT uuid, role, content, created, model, status FROM chat_messages WHERE conversation_id "
      "= ? ORDER BY position",
      sqlite3_column_int64 (stmt, 0),
      (const char *const[]){ "uuid", "role", "content", "created", "model", "status", NULL });
}

static void
toolbox_row (JsonBuilder  *builder,
             sqlite3_stmt *stmt,
             gpointer      data)
{
  const char      *photo_dir = data;
  const char      *kind = (const char *) sqlite3_column_text (stmt, 1);
  const char      *detail = (const char *) sqlite3_column_text (stmt, 3);
  g_autofree char *contents = NULL;
  gsize            len = 0;

  add_text (builder, "uuid", stmt, 0);
  add_text (builder, "kind", stmt, 1);
  add_text (builder, "text", stmt, 2);
  add_text (builder, "detail", stmt, 3);
  add_text (builder, "source", stmt, 4);
  add_int (builder, "position", stmt, 5);
  add_text (builder, "created", stmt, 6);
  add_text (builder, "updated", stmt, 7);
  json_builder_set_member_name (builder, "photo");
  if (g_strcmp0 (kind, "photo") == 0 && detail != NULL && strchr (detail, '/') == NULL)
    {
      g_autofree char *path = g_build_filename (photo_dir, detail, NULL);

      g_file_get_contents (path, &contents, &len, NULL);
    }
  if (contents == NULL)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *base64 = g_base64_encode ((const guchar *) contents, len);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "data");
      json_builder_add_string_value (builder, base64);
      json_builder_end_object (builder);
    }
}

/* The custom templates the worksheets use, each as its file's JSON. */
static gboolean
add_templates (JsonBuilder *builder,
               sqlite3     *db,
               const char  *data_dir,
               GError     **error)
{
  g_autoptr (ReframeTemplateRegistry) registry = reframe_template_registry_new (data_dir, NULL);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _reframe_store_prepare (db,
                                 "SELECT DISTINCT template_id, template_version FROM worksheets"
                                 " WHERE deleted_at IS NULL ORDER BY template_id, template_version",
                                 error);
  if (stmt == NULL)
    return FALSE;
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReframeTemplate *template = NULL;
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (JsonNode) node = NULL;

      if (registry != NULL)
        template = reframe_template_registry_lookup (
            registry, (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1));
      if (template == NULL || reframe_template_get_builtin (template))
        continue;
      bytes = reframe_template_to_bytes (template);
      node = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
      if (node == NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, reframe_template_get_id (template));
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, reframe_template_get_version (template));
      json_builder_set_member_name (builder, "template");
      json_builder_add_value (builder, g_steal_pointer (&node));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}

static void
add_header (JsonBuilder        *builder,
            ReframeArchiveFlags flags,
            JsonObject         *settings)
{
  g_autofree char *now = NULL;
  g_autoptr (GDateTime) utc = g_date_time_new_now_utc ();

  now = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, REFRAME_ARCHIVE_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, REFRAME_ARCHIVE_VERSION);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "generator");
  json_builder_add_string_value (builder, "Reframe " PACKAGE_VERSION);
  json_builder_set_member_name (builder, "with_conversations");
  json_builder_add_boolean_value (builder, (flags & REFRAME_ARCHIVE_WITH_CONVERSATIONS) != 0);
  json_builder_set_member_name (builder, "settings");
  if (settings != NULL)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), settings);

      json_builder_add_value (builder, json_node_copy (node));
    }
  else
    {
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
}

#define TAG_SQL                                                                                    \
  "SELECT uuid, kind, name, icon, builtin, hidden, position, created, updated FROM tags ORDER BY " \
  "kind, position, name"
#define NAMES_SQL(kind)                                                                           \
  "(SELECT group_concat (name, char (31)) FROM (SELECT t.name FROM entry_tags et JOIN tags t ON " \
  "t.id = et.tag_id"                                                                              \
  "  WHERE et.entry_id = e.id AND t.kind = " kind " ORDER BY et.position))"
#define MOOD_SQL                                                                                   \
  "SELECT e.uuid, e.mood, e.at, e.utc_offset, e.day, e.sleep_hours, e.private, coalesce (n.note, " \
  "''), e.created, e.updated, " NAMES_SQL ("0") ", " NAMES_SQL (                                   \
      "1") " FROM mood_entries e LEFT JOIN mood_notes n ON n.entry_id = e.id ORDER BY e.at, "      \
           "e.uuid"
#define WORKSHEET_SQL                                                                              \
  "SELECT w.uuid, w.template_id, w.template_version, w.answers, w.status, w.score, w.band,"        \
  " (SELECT a.uuid FROM assignments a WHERE a.uuid = w.assignment_uuid AND a.deleted_at IS NULL)," \
  " w.private, w.created, w.updated, w.completed_at FROM worksheets w WHERE w.deleted_at IS NULL " \
  "ORDER BY w.created, w.uuid"
#define ASSIGNMENT_SQL                                                                          \
  "SELECT id, uuid, template_id, title, frequency, times_per_week, start_date, end_date, "      \
  "due_date, rationale,"                                                                        \
  " therapist_note, reminder, archived, created, updated FROM assignments WHERE deleted_at IS " \
  "NULL ORDER BY created, uuid"
#define PLAN_SQL \
  "SELECT id, uuid, therapist, from_day, to_day, created, updated FROM plans ORDER BY created, uuid"
#define CONVERSATION_SQL                                                                           \
  "SELECT id, uuid, title, created, updated FROM conversations WHERE deleted_at IS NULL ORDER BY " \
  "created, uuid"
#define TOOLBOX_SQL                                                                               \
  "SELECT uuid, kind, text, detail, source, position, created, updated FROM toolbox_items ORDER " \
  "BY position, created, uuid"

static gboolean
build_document (JsonBuilder        *builder,
                sqlite3            *db,
                const char         *data_dir,
                ReframeArchiveFlags flags,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autofree char *photo_dir = g_build_filename (data_dir, "toolbox", NULL);

  return add_rows (builder, db, "tags", TAG_SQL, tag_row, NULL, cancellable, error) &&
         add_rows (builder, db, "mood_entries", MOOD_SQL, mood_row, NULL, cancellable, error) &&
         add_templates (builder, db, data_dir, error) &&
         add_rows (
             builder, db, "worksheets", WORKSHEET_SQL, worksheet_row, NULL, cancellable, error) &&
         add_rows (
             builder, db, "assignments", ASSIGNMENT_SQL, assignment_row, db, cancellable, error) &&
         add_rows (builder, db, "plans", PLAN_SQL, plan_row, db, cancellable, error) &&
         ((flags & REFRAME_ARCHIVE_WITH_CONVERSATIONS) == 0 || add_rows (builder,
                                                                         db,
                                                                         "conversations",
                                                                         CONVERSATION_SQL,
                                                                         conversation_row,
                                                                         db,
                                                                         cancellable,
                                                                         error)) &&
         add_rows (builder, db, "toolbox", TOOLBOX_SQL, toolbox_row, photo_dir, cancellable, error);
}

static GBytes *
build_archive (const char         *path,
               const char         *data_dir,
               ReframeArchiveFlags flags,
               JsonObject         *settings,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  gsize    len = 0;
  char    *text;
  gboolean ok;
  sqlite3 *db;

  if ((db = _reframe_store_open_reader_at (path, error)) == NULL)
    return NULL;
  json_builder_begin_object (builder);
  add_header (builder, flags, settings);
  ok = _reframe_store_exec (db, "BEGIN", error) &&
       build_document (builder, db, data_dir, flags, cancellable, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  if (!ok)
    return NULL;
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &len);
  text = g_realloc (text, len + 2);
  text[len] = '\n';
  text[len + 1] = '\0';
  return g_bytes_new_take (text, len + 1);
}

/**
 * reframe_archive_build:
 * @flags: what to include
 * @settings: (nullable): settings worth keeping, as the caller names them
 *
 * Builds the archive document of the whole journal. Blocks: on the main thread use
 * reframe_archive_write_async().
 *
 * Returns: (transfer full) (nullable): the document, UTF-8 JSON ending in a newline
 */
GBytes *
reframe_archive_build (ReframeStore       *store,
                       ReframeArchiveFlags flags,
                       JsonObject         *settings,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  path = _reframe_store_dup_path_for_reader (store);
  return build_archive (
      path, reframe_store_get_data_dir (store), flags, settings, cancellable, error);
}

/* The archive of an encrypted journal is encrypted with its key, with the key file
 * inside, so that its passphrase opens it on another computer too. */
static GBytes *
seal_if_encrypted (GBytes     *bytes,
                   const char *journal_path,
                   GError    **error)
{
  g_autoptr (ReframeCryptKey) key = reframe_crypt_vfs_dup_key (journal_path);
  g_autofree char *folder = NULL;
  g_autofree char *envelope_path = NULL;
  g_autofree char *envelope = NULL;
  gsize            envelope_len = 0;
  g_autoptr (GBytes) envelope_bytes = NULL;

  if (key == NULL || reframe_crypt_vfs_probe (journal_path) != REFRAME_CRYPT_FILE_ENCRYPTED)
    return g_bytes_ref (bytes);
  folder = g_path_get_dirname (journal_path);
  envelope_path = g_build_filename (folder, REFRAME_JOURNAL_KEY_FILE_NAME, NULL);
  if (!g_file_get_contents (envelope_path, &envelope, &envelope_len, error))
    {
      g_prefix_error (error, _ ("The archive of the encrypted journal could not be saved: "));
      return NULL;
    }
  envelope_bytes = g_bytes_new_take (g_steal_pointer (&envelope), envelope_len);
  return reframe_archive_seal (bytes, key, envelope_bytes);
}

static gboolean
write_archive (GBytes       *document,
               const char   *journal_path,
               GFile        *file,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr (GBytes) bytes = seal_if_encrypted (document, journal_path, error);

  if (bytes == NULL)
    return FALSE;

  /* Replaced whole or not at all, and private: it holds the whole journal. */
  if (g_file_replace_contents (file,
                               g_bytes_get_data (bytes, NULL),
                               g_bytes_get_size (bytes),
                               NULL,
                               FALSE,
                               G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                               NULL,
                               cancellable,
                               &local_error))
    return TRUE;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error,
                 REFRAME_IMPORT_ERROR,
                 REFRAME_IMPORT_ERROR_FAILED,
                 _ ("The archive could not be saved as “%s”: %s"),
                 name,
                 local_error->message);
  return FALSE;
}

/**
 * reframe_archive_write:
 * @file: where to save it (replaced whole, mode 0600)
 *
 * Returns: %TRUE when saved
 */
gboolean
reframe_archive_write (ReframeStore       *store,
                       GFile              *file,
                       ReframeArchiveFlags flags,
                       JsonObject         *settings,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  bytes = reframe_archive_build (store, flags, settings, cancellable, error);
  return bytes != NULL &&
         write_archive (bytes, reframe_store_get_path (store), file, cancellable, error);
}

typedef struct
{
  char               *path;
  char               *data_dir;
  GFile              *file;
  ReframeArchiveFlags flags;
  JsonObject         *settings;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->path);
  g_free (data->data_dir);
  g_object_unref (data->file);
  g_clear_pointer (&data->settings, json_object_unref);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError    *error = NULL;
  g_autoptr (GBytes) bytes =
      build_archive (data->path, data->data_dir, data->flags, data->settings, cancellable, &error);

  if (bytes != NULL && write_archive (bytes, data->path, data->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_archive_write_async:
 *
 * Builds and saves the archive on a worker thread with its own read connection.
 */
void
reframe_archive_write_async (ReframeStore       *store,
                             GFile              *file,
                             ReframeArchiveFlags flags,
                             JsonObject         *settings,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (REFRAME_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (WriteData, 1);
  data->path = _reframe_store_dup_path_for_reader (store);
  data->data_dir = g_strdup (reframe_store_get_data_dir (store));
  data->file = g_object_ref (file);
  data->flags = flags;
  if (settings != NULL)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), settings);
      g_autoptr (JsonNode) copy = json_node_copy (node);

      data->settings = json_object_ref (json_node_get_object (copy));
    }
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_archive_write_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
reframe_archive_write_finish (ReframeStore *store,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef gboolean (*RecordWriter) (ReframeImportWriter *writer,
                                  JsonObject          *record,
                                  const char          *source_id,
                                  GError             **error);

static gboolean
tag_writer (ReframeImportWriter *writer,
            JsonObject          *record,
            const char          *source_id,
            GError             **error)
{
  return _reframe_import_write_tag (writer, record, error);
}

static gboolean
mood_writer (ReframeImportWriter *writer,
             JsonObject          *record,
             const char          *source_id,
             GError             **error)
{
  g_autoptr (ReframeMoodEntry) entry = _reframe_import_mood_entry_from_record (record);

  if (entry == NULL)
    {
      g_set_error_literal (error,
                           REFRAME_IMPORT_ERROR,
                           REFRAME_IMPORT_ERROR_INVALID,
                           _ ("The entry’s time cannot be read."));
      return FALSE;
    }
  return _reframe_import_write_mood_entry (writer,
                                           entry,
                                           _reframe_import_json_get_string (record, "created"),
                                           _reframe_import_json_get_string (record, "updated"),
                                           NULL,
                                           error);
}

/**
 * _reframe_archive_apply:
 *
 * Merges an archive's (already checked) records, inside the import's transaction: tags
 * first, then homework (which worksheets point to) and the plans it came with, entries,
 * worksheets, conversations and the toolbox.
 */
gboolean
_reframe_archive_apply (ReframeImportWriter *writer,
                        JsonObject          *document,
                        GCancellable        *cancellable,
                        GError             **error)
{
  const struct
  {
    const char  *member;
    RecordWriter write;
  } sections[] = {
    { "tags", tag_writer },
    { "assignments", _reframe_import_write_assignment },
    { "plans", _reframe_import_write_plan },
    { "mood_entries", mood_writer },
    { "worksheets", _reframe_import_write_worksheet },
    { "conversations", _reframe_import_write_conversation },
    { "toolbox", _reframe_import_write_toolbox_item },
  };

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      JsonArray *records = _reframe_import_json_get_array (document, sections[s].member);

      for (guint i = 0; records != NULL && i < json_array_get_length (records); i++)
        {
          if (i % 256 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (!sections[s].write (writer, json_array_get_object_element (records, i), NULL, error))
            {
              g_prefix_error (error, _ ("Record %u of “%s”: "), i + 1, sections[s].member);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/**
 * _reframe_archive_install_templates:
 *
 * Adds the custom templates an archive carries to the templates folder of @data_dir; one
 * already there (same id and version) is kept. A template that cannot be added leaves its
 * worksheets readable as answers, so it is no reason to undo the import.
 */
void
_reframe_archive_install_templates (JsonObject *document,
                                    const char *data_dir)
{
  JsonArray *templates = _reframe_import_json_get_array (document, "templates");
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autofree char *tmp_dir = NULL;

  if (templates == NULL || json_array_get_length (templates) == 0)
    return;
  if ((registry = reframe_template_registry_new (data_dir, NULL)) == NULL ||
      (tmp_dir = g_dir_make_tmp ("reframe-templates-XXXXXX", NULL)) == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (templates); i++)
    {
      JsonObject      *entry = json_array_get_object_element (templates, i);
      JsonNode        *node = json_object_get_member (entry, "template");
      g_autofree char *text = json_to_string (node, TRUE);
      g_autofree char *path = g_build_filename (tmp_dir, "template.json", NULL);
      g_autoptr (GFile) file = g_file_new_for_path (path);
      g_autoptr (GError) error = NULL;

      if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error) ||
          reframe_template_registry_import (registry, file, &error) == NULL)
        g_debug ("A template from the archive was not added: %s", error->message);
      g_unlink (path);
    }
  g_rmdir (tmp_dir);
}
