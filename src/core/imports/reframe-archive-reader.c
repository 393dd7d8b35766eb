/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-archive-reader.c: reading a Reframe archive, and checking every record in it.
 *
 * Nothing in the document is trusted: each record is checked against the format
 * (docs/archive-format.md) and the journal's own rules before it is counted; a record that
 * fails is left out and named among the problems, so that applying the rest cannot fail
 * on it half-way.
 */

#define G_LOG_DOMAIN "ReframeArchive"

#include "config.h"

#include "reframe-i18n.h"
#include <stdio.h>
#include <string.h>

#include "reframe-archive-seal.h"
#include "reframe-archive.h"
#include "reframe-import-batch-private.h"
#include "reframe-import-private.h"

typedef gboolean (*CheckFunc) (JsonObject *record,
                               GDateTime **time);

static gboolean
is_text (JsonObject *record,
         const char *name)
{
  const char *text = _reframe_import_json_get_string (record, name);

  return text != NULL && g_utf8_validate (text, -1, NULL);
}

static gboolean
is_id (JsonObject *record,
       const char *name)
{
  const char *text = _reframe_import_json_get_string (record, name);

  return text != NULL && *text != '\0' && strlen (text) <= 200 && g_utf8_validate (text, -1, NULL);
}

static gboolean
is_nullable_text (JsonObject *record,
                  const char *name)
{
  return _reframe_import_json_is_null (record, name) || is_text (record, name);
}

static GDateTime *
parse_time (JsonObject *record,
            const char *name)
{
  const char *text = _reframe_import_json_get_string (record, name);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static gboolean
is_time (JsonObject *record,
         const char *name)
{
  g_autoptr (GDateTime) time = parse_time (record, name);

  return time != NULL;
}

static gboolean
is_day (JsonObject *record,
        const char *name)
{
  const char *text = _reframe_import_json_get_string (record, name);
  guint       y = 0, m = 0, d = 0;
  char        tail = 0;

  return text != NULL && strlen (text) == 10 &&
         sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 && g_date_valid_dmy (d, m, y);
}

static gboolean
is_bool (JsonObject *record,
         const char *name)
{
  gboolean value;

  return _reframe_import_json_get_bool (record, name, &value);
}

static gboolean
int_in (JsonObject *record,
        const char *name,
        gint64      min,
        gint64      max)
{
  gint64 value;

  return _reframe_import_json_get_int (record, name, &value) && value >= min && value <= max;
}

static gboolean
one_of (JsonObject        *record,
        const char        *name,
        const char *const *values)
{
  const char *text = _reframe_import_json_get_string (record, name);

  return text != NULL && g_strv_contains (values, text);
}

static gboolean
are_names (JsonObject *record,
           const char *name)
{
  JsonArray *array = _reframe_import_json_get_array (record, name);

  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode   *node = json_array_get_element (array, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
      text = json_node_get_string (node);
      if (*text == '\0' || !g_utf8_validate (text, -1, NULL) || strchr (text, '\x1f') != NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
has_stamps (JsonObject *record)
{
  return is_time (record, "created") && is_time (record, "updated");
}

static gboolean
check_tag (JsonObject *record,
           GDateTime **time)
{
  static const char *const kinds[] = { "feeling", "activity", NULL };

  return is_id (record, "uuid") && one_of (record, "kind", kinds) && is_id (record, "name") &&
         is_nullable_text (record, "icon") && is_bool (record, "builtin") &&
         is_bool (record, "hidden") && int_in (record, "position", G_MININT32, G_MAXINT32) &&
         has_stamps (record);
}

static gboolean
check_mood_entry (JsonObject *record,
                  GDateTime **time)
{
  g_autoptr (ReframeMoodEntry) entry = NULL;
  JsonNode *sleep = json_object_get_member (record, "sleep_hours");
  double    hours;

  if (!is_id (record, "uuid") || !int_in (record, "mood", 1, 5) || !is_text (record, "note") ||
      !are_names (record, "feelings") || !are_names (record, "activities") ||
      !is_bool (record, "private") || !has_stamps (record) ||
      (entry = _reframe_import_mood_entry_from_record (record)) == NULL)
    return FALSE;
  if (sleep != NULL && !JSON_NODE_HOLDS_NULL (sleep))
    {
      if (!JSON_NODE_HOLDS_VALUE (sleep) || (json_node_get_value_type (sleep) != G_TYPE_DOUBLE &&
                                             json_node_get_value_type (sleep) != G_TYPE_INT64))
        return FALSE;
      hours = json_node_get_double (sleep);
      if (!(hours >= 0 && hours <= 24))
        return FALSE;
    }
  *time = g_date_time_ref (reframe_mood_entry_get_time (entry));
  return TRUE;
}

static gboolean
check_worksheet (JsonObject *record,
                 GDateTime **time)
{
  static const char *const statuses[] = { "draft", "completed", NULL };
  gboolean                 completed =
      g_strcmp0 (_reframe_import_json_get_string (record, "status"), "completed") == 0;

  if (!is_id (record, "uuid") || !is_id (record, "template_id") ||
      !int_in (record, "template_version", 1, G_MAXINT32) ||
      _reframe_import_json_get_object (record, "answers") == NULL ||
      !one_of (record, "status", statuses) ||
      !(_reframe_import_json_is_null (record, "score") ||
        int_in (record, "score", 0, G_MAXINT32)) ||
      !is_nullable_text (record, "band") || !is_nullable_text (record, "assignment_uuid") ||
      !is_bool (record, "private") || !has_stamps (record) ||
      (completed ? !is_time (record, "completed_at")
                 : !_reframe_import_json_is_null (record, "completed_at")))
    return FALSE;
  *time = parse_time (record, "created");
  return TRUE;
}

static gboolean
check_completions (JsonObject *record)
{
  JsonArray *completions = _reframe_import_json_get_array (record, "completions");

  if (completions == NULL)
    return _reframe_import_json_is_null (record, "completions");
  for (guint i = 0; i < json_array_get_length (completions); i++)
    {
      JsonNode *node = json_array_get_element (completions, i);

      if (!JSON_NODE_HOLDS_OBJECT (node) || !is_day (json_node_get_object (node), "day") ||
          !is_text (json_node_get_object (node), "at"))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_assignment (JsonObject *record,
                  GDateTime **time)
{
  static const char *const frequencies[] = { "daily", "weekly_n", "once", NULL };
  const char              *start = _reframe_import_json_get_string (record, "start_date");
  const char              *end = _reframe_import_json_get_string (record, "end_date");
  const char              *due = _reframe_import_json_get_string (record, "due_date");
  gboolean                 once = g_strcmp0 (_reframe_import_json_get_string (record, "frequency"), "once") == 0;

  if (!is_id (record, "uuid") || !is_nullable_text (record, "template_id") ||
      !is_text (record, "title") || !one_of (record, "frequency", frequencies) ||
      !int_in (record, "times_per_week", 1, 7) || !is_day (record, "start_date") ||
      !(_reframe_import_json_is_null (record, "end_date") ||
        (is_day (record, "end_date") && strcmp (end, start) >= 0)) ||
      (once ? !(is_day (record, "due_date") && strcmp (due, start) >= 0)
            : !_reframe_import_json_is_null (record, "due_date")) ||
      !is_text (record, "rationale") || !is_text (record, "therapist_note") ||
      !is_bool (record, "reminder") || !is_bool (record, "archived") || !has_stamps (record) ||
      !check_completions (record))
    return FALSE;
  *time = parse_time (record, "created");
  return TRUE;
}

static gboolean
check_plan (JsonObject *record,
            GDateTime **time)
{
  const char *from = _reframe_import_json_get_string (record, "from");
  const char *to = _reframe_import_json_get_string (record, "to");
  JsonArray  *assignments = _reframe_import_json_get_array (record, "assignments");

  if (!is_id (record, "uuid") || !is_text (record, "therapist") || !is_day (record, "from") ||
      !is_day (record, "to") || strcmp (to, from) < 0 || !has_stamps (record) ||
      assignments == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (assignments); i++)
    {
      JsonNode *node = json_array_get_element (assignments, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          *json_node_get_string (node) == '\0')
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_messages (JsonObject *record)
{
  static const char *const roles[] = { "user", "assistant", NULL };
  static const char *const statuses[] = { "complete", "stopped", "failed", "incomplete", NULL };
  JsonArray               *messages = _reframe_import_json_get_array (record, "messages");
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (messages == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode   *node = json_array_get_element (messages, i);
      JsonObject *message = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (message == NULL || !is_id (message, "uuid") || !one_of (message, "role", roles) ||
          !is_text (message, "content") || !is_text (message, "created") ||
          !is_nullable_text (message, "model") || !one_of (message, "status", statuses) ||
          !g_hash_table_add (seen, (gpointer) _reframe_import_json_get_string (message, "uuid")))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_conversation (JsonObject *record,
                    GDateTime **time)
{
  if (!is_id (record, "uuid") || !is_text (record, "title") || !has_stamps (record) ||
      !check_messages (record))
    return FALSE;
  *time = parse_time (record, "created");
  return TRUE;
}

static gboolean
check_toolbox_item (JsonObject *record,
                    GDateTime **time)
{
  static const char *const kinds[] = {
    "note", "reason", "person", "link", "photo", "worked", NULL
  };
  const char *detail = _reframe_import_json_get_string (record, "detail");
  JsonObject *photo = _reframe_import_json_get_object (record, "photo");

  if (!is_id (record, "uuid") || !one_of (record, "kind", kinds) || !is_text (record, "text") ||
      !is_nullable_text (record, "detail") || !is_nullable_text (record, "source") ||
      !int_in (record, "position", G_MININT32, G_MAXINT32) || !has_stamps (record) ||
      !(_reframe_import_json_is_null (record, "photo") ||
        (photo != NULL && is_text (photo, "data"))))
    return FALSE;
  /* A photo's file name stays inside the toolbox folder. */
  if (g_strcmp0 (_reframe_import_json_get_string (record, "kind"), "photo") == 0 &&
      detail != NULL && (strchr (detail, '/') != NULL || detail[0] == '.'))
    return FALSE;
  return TRUE;
}

static gboolean
check_template (JsonObject *record,
                GDateTime **time)
{
  return is_id (record, "id") && int_in (record, "version", 1, G_MAXINT32) &&
         _reframe_import_json_get_object (record, "template") != NULL;
}

/* Copies the valid records of @member into @clean, counting them as @kind (or not at all
 * for @kind == REFRAME_IMPORT_N_KINDS) and naming the others among the problems. */
static void
check_section (ReframeImportBatch *batch,
               JsonObject         *document,
               JsonObject         *clean,
               const char         *member,
               ReframeImportKind   kind,
               CheckFunc           check)
{
  JsonArray *records = _reframe_import_json_get_array (document, member);
  JsonArray *kept = json_array_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; records != NULL && i < json_array_get_length (records); i++)
    {
      JsonNode   *node = json_array_get_element (records, i);
      JsonObject *record = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr (GDateTime) time = NULL;
      const char *key;

      if (record == NULL || !check (record, &time))
        {
          /* Translators: a record of the archive that cannot be imported; the section's name in the
           * file. */
          reframe_import_batch_add_problem (
              batch, i + 1, _ ("record %u of “%s” is not valid and was left out"), i + 1, member);
          continue;
        }
      key = _reframe_import_json_get_string (record,
                                             g_strcmp0 (member, "templates") == 0 ? "id" : "uuid");
      if (g_strcmp0 (member, "templates") != 0 && !g_hash_table_add (seen, (gpointer) key))
        {
          reframe_import_batch_add_problem (
              batch,
              i + 1,
              _ ("record %u of “%s” repeats an earlier one and was left out"),
              i + 1,
              member);
          continue;
        }
      json_array_add_element (kept, json_node_ref (node));
      if (kind != REFRAME_IMPORT_N_KINDS)
        _reframe_import_batch_count (batch, kind, time);
    }
  json_object_set_array_member (clean, member, kept);
}

static gboolean
check_header (JsonNode *root,
              GError  **error)
{
  JsonObject *document =
      root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  gint64 version = 0;

  if (document == NULL ||
      g_strcmp0 (_reframe_import_json_get_string (document, "format"), REFRAME_ARCHIVE_FORMAT) !=
          0 ||
      !_reframe_import_json_get_int (document, "version", &version) || version < 1)
    {
      g_set_error_literal (error,
                           REFRAME_IMPORT_ERROR,
                           REFRAME_IMPORT_ERROR_INVALID,
                           _ ("This is not a Reframe archive: its first lines do not say so."));
      return FALSE;
    }
  if (version > REFRAME_ARCHIVE_VERSION)
    {
      g_set_error (error,
                   REFRAME_IMPORT_ERROR,
                   REFRAME_IMPORT_ERROR_TOO_NEW,
                   _ ("This archive was made by a newer version of Reframe (archive version %d; "
                      "this version reads version %d). Update Reframe to import it."),
                   (int) version,
                   REFRAME_ARCHIVE_VERSION);
      return FALSE;
    }
  return TRUE;
}

/**
 * reframe_archive_read_bytes:
 *
 * Reads an archive document. Records that break the format are left out and listed
 * among the batch's problems.
 *
 * Returns: (transfer full) (nullable): the batch, or %NULL with %REFRAME_IMPORT_ERROR_INVALID
 *   (not an archive) or %REFRAME_IMPORT_ERROR_TOO_NEW
 */
ReframeImportBatch *
reframe_archive_read_bytes (GBytes  *bytes,
                            GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (JsonNode) clean_root = NULL;
  g_autoptr (GBytes) opened = NULL;
  JsonObject *document, *clean, *settings;
  gsize       len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (reframe_archive_is_sealed (data, len))
    {
      if ((opened = reframe_archive_open_sealed (bytes, error)) == NULL)
        return NULL;
      data = g_bytes_get_data (opened, &len);
    }

  if (!json_parser_load_from_data (parser, data ? data : "", len, &local_error))
    {
      g_set_error (error,
                   REFRAME_IMPORT_ERROR,
                   REFRAME_IMPORT_ERROR_INVALID,
                   _ ("The archive cannot be read; it may be damaged or cut short (%s)."),
                   local_error->message);
      return NULL;
    }
  if (!check_header (json_parser_get_root (parser), error))
    return NULL;
  document = json_node_get_object (json_parser_get_root (parser));

  batch = reframe_import_batch_new ("reframe-archive", _ (reframe_archive_importer.name));
  clean = json_object_new ();
  check_section (batch, document, clean, "tags", REFRAME_IMPORT_N_KINDS, check_tag);
  check_section (
      batch, document, clean, "mood_entries", REFRAME_IMPORT_MOOD_ENTRY, check_mood_entry);
  check_section (batch, document, clean, "templates", REFRAME_IMPORT_N_KINDS, check_template);
  check_section (batch, document, clean, "worksheets", REFRAME_IMPORT_WORKSHEET, check_worksheet);
  check_section (
      batch, document, clean, "assignments", REFRAME_IMPORT_ASSIGNMENT, check_assignment);
  check_section (batch, document, clean, "plans", REFRAME_IMPORT_N_KINDS, check_plan);
  check_section (
      batch, document, clean, "conversations", REFRAME_IMPORT_CONVERSATION, check_conversation);
  check_section (
      batch, document, clean, "toolbox", REFRAME_IMPORT_TOOLBOX_ITEM, check_toolbox_item);
  clean_root = json_node_init_object (json_node_alloc (), clean);
  json_object_unref (clean);
  _reframe_import_batch_set_archive (batch, clean_root);
  if ((settings = _reframe_import_json_get_object (document, "settings")) != NULL)
    _reframe_import_batch_set_settings (batch, settings);
  return g_steal_pointer (&batch);
}

static gboolean
archive_detect (GFile      *file,
                const char *head,
                gsize       head_len)
{
  g_autofree char *start = NULL;

  if (head == NULL)
    return FALSE;
  if (reframe_archive_is_sealed (head, head_len))
    return TRUE;
  start = g_strndup (head, head_len);
  return strstr (start, "\"format\"") != NULL &&
         strstr (start, "\"" REFRAME_ARCHIVE_FORMAT "\"") != NULL;
}

static ReframeImportBatch *
archive_read (GFile        *file,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr (GBytes) bytes = g_file_load_bytes (file, cancellable, NULL, error);

  return bytes != NULL ? reframe_archive_read_bytes (bytes, error) : NULL;
}

const ReframeImporter reframe_archive_importer = {
  .id = "reframe-archive",
  .name = N_ ("Reframe archive"),
  .detect = archive_detect,
  .read = archive_read,
};
