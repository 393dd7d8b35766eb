/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-jrnl-importer.c: jrnl's JSON export (`jrnl --export json`).
 *
 * `{"tags": {…}, "entries": [ … ]}` (see ../shared/reference/import-formats.md); each entry
 * has `title`, `body`, `date` (YYYY-MM-DD), `time` (HH:MM, the computer's wall time, no
 * zone), `tags` (lower-cased, with their symbol: "@sleep", "#work") and `starred`; a
 * journal kept in Day One adds `uuid`. Each entry becomes a mood entry: jrnl splits an
 * entry into its first sentence (the title) and the rest, so the note is the title, a space
 * or a line break, and the body, each exactly as written. Tags are kept without their
 * symbol, a starred entry gets the tag "starred". jrnl has no moods: entries get the point
 * for records without a mood (the preview says so). Times are kept as written, in the time
 * zone of the computer importing them. The source id is the `uuid`, else a checksum of the
 * entry's date, time, title and body.
 */

#define G_LOG_DOMAIN "ReframeImportJrnl"

#include "config.h"

#include "reframe-i18n.h"
#include <stdio.h>
#include <string.h>

#include "reframe-import-private.h"
#include "reframe-import-text.h"
#include "reframe-jrnl-importer.h"

static char *
join_note (const char *title,
           const char *body)
{
  gsize len = strlen (title);

  if (*body == '\0')
    return g_strdup (title);
  if (len == 0)
    return g_strdup (body);
  /* A title ending a sentence was split off the same line; any other title was a line. */
  if (strchr (".?!", title[len - 1]) != NULL)
    return g_strconcat (title, " ", body, NULL);
  return g_strconcat (title, "\n", body, NULL);
}

static void
add_tag (GPtrArray  *tags,
         const char *tag)
{
  for (guint i = 0; i < tags->len; i++)
    if (strcmp (g_ptr_array_index (tags, i), tag) == 0)
      return;
  g_ptr_array_add (tags, g_strdup (tag));
}

/* The tags without their symbol; FALSE when the list is not a list of text. */
static gboolean
read_tags (JsonObject *object,
           GPtrArray  *tags)
{
  JsonArray *list = _reframe_import_json_get_array (object, "tags");

  if (list == NULL)
    return !json_object_has_member (object, "tags") ||
           _reframe_import_json_is_null (object, "tags");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode   *node = json_array_get_element (list, i);
      const char *tag;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
      tag = json_node_get_string (node);
      if (*tag == '@' || *tag == '#')
        tag++;
      if (*tag != '\0')
        add_tag (tags, tag);
    }
  return TRUE;
}

static const char *
get_text (JsonObject *object,
          const char *name,
          gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "";
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = FALSE;
      return "";
    }
  return json_node_get_string (node);
}

static void
read_entry (ReframeImportBatch *batch,
            JsonNode           *node,
            guint               number,
            gpointer            user_data)
{
  GTimeZone *zone = user_data;
  g_autoptr (ReframeMoodEntry) entry = NULL;
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *note = NULL, *source_id = NULL;
  JsonObject      *object;
  const char      *title, *body, *date, *clock, *uuid;
  int              year = 0, month = 0, day = 0, hour = 0, minute = 0;
  char             tail = 0;
  gboolean         ok = TRUE, starred = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return reframe_import_batch_add_problem (batch, number, _ ("this entry is not an entry."));
  object = json_node_get_object (node);
  title = get_text (object, "title", &ok);
  body = get_text (object, "body", &ok);
  date = get_text (object, "date", &ok);
  clock = get_text (object, "time", &ok);
  if (!ok)
    return reframe_import_batch_add_problem (
        batch, number, _ ("a text of this entry is not text."));
  if (sscanf (date, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return reframe_import_batch_add_problem (batch, number, _ ("the date cannot be read."));
  if (*clock != '\0' && (sscanf (clock, "%2d:%2d%c", &hour, &minute, &tail) != 2 || hour < 0 ||
                         hour > 23 || minute < 0 || minute > 59))
    return reframe_import_batch_add_problem (batch, number, _ ("the time cannot be read."));
  if (!read_tags (object, tags))
    return reframe_import_batch_add_problem (batch, number, _ ("the tags cannot be read."));
  if ((time = g_date_time_new (zone, year, month, day, hour, minute, 0)) == NULL)
    return reframe_import_batch_add_problem (batch, number, _ ("the date cannot be read."));
  if (_reframe_import_json_get_bool (object, "starred", &starred) && starred)
    add_tag (tags, "starred");
  g_ptr_array_add (tags, NULL);

  note = join_note (title, body);
  uuid = _reframe_import_json_get_string (object, "uuid");
  if (uuid != NULL && *uuid != '\0')
    source_id = g_strdup (uuid);
  else
    source_id =
        reframe_import_checksum_fields ((const char *const[]){ date, clock, title, body }, 4);

  entry = reframe_mood_entry_new ();
  reframe_mood_entry_set_mood (entry, reframe_import_no_mood (batch));
  reframe_mood_entry_set_time (entry, time);
  reframe_mood_entry_set_note (entry, note);
  reframe_mood_entry_set_activities (entry, (const char *const *) tags->pdata);
  reframe_import_batch_add_mood_entry (batch, entry, source_id);
}

static ReframeImportBatch *
read_text (const char   *text,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GTimeZone) zone = g_time_zone_new_local ();
  JsonNode  *root;
  JsonArray *entries = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error,
                   REFRAME_IMPORT_ERROR,
                   REFRAME_IMPORT_ERROR_INVALID,
                   _ ("This jrnl export cannot be read: %s"),
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    entries = _reframe_import_json_get_array (json_node_get_object (root), "entries");
  if (entries == NULL)
    {
      g_set_error_literal (error,
                           REFRAME_IMPORT_ERROR,
                           REFRAME_IMPORT_ERROR_INVALID,
                           _ ("This is not a jrnl export: it holds no list of entries."));
      return NULL;
    }
  batch = reframe_import_batch_new (reframe_jrnl_importer.id, _ (reframe_jrnl_importer.name));
  if (!reframe_import_read_json_records (entries, batch, read_entry, zone, cancellable, error))
    return NULL;
  return g_steal_pointer (&batch);
}

/**
 * reframe_jrnl_read_bytes:
 *
 * Reads jrnl's JSON export; entries that cannot be read become problems of the batch,
 * numbered from 1 in the order of the file.
 *
 * Returns: (transfer full) (nullable): the batch, or %NULL when the text is not jrnl's export
 */
ReframeImportBatch *
reframe_jrnl_read_bytes (GBytes  *bytes,
                         GError **error)
{
  return reframe_import_read_text_bytes (bytes, read_text, error);
}

/* jrnl writes `"tags"` first, then `"entries"`, whose entries have a title, a body and a
 * date; Day One's export has `"metadata"` and `"creationDate"` instead. */
static gboolean
jrnl_detect (GFile      *file,
             const char *head,
             gsize       head_len)
{
  g_autofree char *text = reframe_import_decode_head (head, head_len);
  const char      *start;

  if (text == NULL)
    return FALSE;
  for (start = text; g_ascii_isspace (*start); start++)
    ;
  if (*start != '{' || strstr (start, "\"thoughts\"") != NULL ||
      strstr (start, "\"creationDate\"") != NULL)
    return FALSE;
  if (strstr (start, "\"entries\"") != NULL)
    return strstr (start, "\"body\"") != NULL && strstr (start, "\"title\"") != NULL;
  /* Only the tags fit in the first bytes of a journal with many tags. */
  start++;
  while (g_ascii_isspace (*start))
    start++;
  return g_str_has_prefix (start, "\"tags\"");
}

const ReframeImporter reframe_jrnl_importer = {
  .id = "jrnl-json",
  .name = N_ ("jrnl (JSON export)"),
  .detect = jrnl_detect,
  .parse = read_text,
};
