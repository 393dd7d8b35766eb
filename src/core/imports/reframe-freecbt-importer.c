/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-freecbt-importer.c: FreeCBT's JSON export (`FreeCBT.json`), Quirk's records included.
 *
 * `{"v": "Archive-v2", "thoughts": [ … ]}` (see ../shared/reference/import-formats.md). Each
 * thought record becomes a worksheet of the built-in "thought-record" template
 * (data/worksheets/thought-record.json):
 *
 *   automaticThought   → automatic_thoughts, and hot_thought (FreeCBT has one thought, the
 *                        one the record works on)
 *   cognitiveDistortions → distortions, as the template's options (list below); a slug
 *                        Reframe does not know is reported, not dropped silently
 *   challenge          → evidence_against
 *   alternativeThought → balanced_thought
 *   createdAt          → when, and the worksheet's creation time; updatedAt its last change
 *
 * Times are UTC in FreeCBT and stay UTC. A record with a balanced thought is completed (at
 * its last change), one without is a draft. Its `uuid` (without Quirk's storage prefix) is
 * the source id; a record without one is identified by a checksum of its fields. Legacy
 * records list every distortion as an object; only those with `selected: true` count.
 * FreeCBT's backup (`FreeCBT-backup.txt`, compressed) is recognised and explained, not read.
 */

#define G_LOG_DOMAIN "ReframeImportFreecbt"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-freecbt-importer.h"
#include "reframe-import-private.h"
#include "reframe-import-text.h"
#include "reframe-worksheet-private.h"

#define THOUGHT_RECORD_ID      "thought-record"
#define THOUGHT_RECORD_VERSION 1
#define QUIRK_PREFIX           "@Quirk:thoughts:"
#define BACKUP_MARK            ":FreeCBT:"

/* FreeCBT's slugs and the thought record's options
 * (data/worksheets/lists/cognitive-distortions.json). */
static const struct
{
  const char *slug;
  const char *option;
} distortions[] = {
  { "all-or-nothing", "all-or-nothing" },
  { "overgeneralization", "overgeneralization" },
  { "mind-reading", "mind-reading" },
  { "fortune-telling", "fortune-telling" },
  { "magnification-of-the-negative", "magnification-minimization" },
  { "minimization-of-the-positive", "disqualifying-the-positive" },
  { "catastrophizing", "catastrophizing" },
  { "emotional-reasoning", "emotional-reasoning" },
  { "should-statements", "should-statements" },
  { "labeling", "labeling" },
  { "self-blaming", "personalization" },
  { "other-blaming", "blaming" },
};

static const char *
map_distortion (const char *slug)
{
  for (guint i = 0; i < G_N_ELEMENTS (distortions); i++)
    if (g_strcmp0 (slug, distortions[i].slug) == 0)
      return distortions[i].option;
  return NULL;
}

static void
add_option (JsonArray  *options,
            const char *option)
{
  for (guint i = 0; i < json_array_get_length (options); i++)
    if (g_strcmp0 (json_array_get_string_element (options, i), option) == 0)
      return;
  json_array_add_string_element (options, option);
}

/* The distortions as the template's options; FALSE after noting a problem. */
static gboolean
read_distortions (ReframeImportBatch *batch,
                  JsonObject         *thought,
                  guint               number,
                  JsonArray          *options)
{
  JsonArray *list = _reframe_import_json_get_array (thought, "cognitiveDistortions");

  if (list == NULL)
    return _reframe_import_json_is_null (thought, "cognitiveDistortions") ||
           !json_object_has_member (thought, "cognitiveDistortions");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode   *node = json_array_get_element (list, i);
      const char *slug = NULL;
      const char *option;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        slug = json_node_get_string (node);
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          gboolean selected = FALSE;

          /* A legacy record lists them all; the chosen ones are selected. */
          if (!_reframe_import_json_get_bool (json_node_get_object (node), "selected", &selected) ||
              !selected)
            continue;
          slug = _reframe_import_json_get_string (json_node_get_object (node), "slug");
        }
      if (slug == NULL)
        {
          reframe_import_batch_add_problem (
              batch, number, _ ("a thinking trap of this thought record cannot be read."));
          return FALSE;
        }
      if ((option = map_distortion (slug)) == NULL)
        /* Kept in the record's count of problems so the person knows which one was left out. */
        reframe_import_batch_add_problem (batch,
                                          number,
                                          _ ("the thinking trap “%s” is not one Reframe knows; the "
                                             "record is imported without it."),
                                          slug);
      else
        add_option (options, option);
    }
  return TRUE;
}

static const char *
get_text (JsonObject *thought,
          const char *name,
          gboolean   *ok)
{
  JsonNode *node = json_object_get_member (thought, name);

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
set_answer (JsonObject *answers,
            const char *field_id,
            const char *text)
{
  if (text != NULL && *text != '\0')
    json_object_set_string_member (answers, field_id, text);
}

static GDateTime *
parse_time (JsonObject *thought,
            const char *name)
{
  const char *text = _reframe_import_json_get_string (thought, name);
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();

  return text != NULL ? g_date_time_new_from_iso8601 (text, utc) : NULL;
}

static char *
dup_source_id (JsonObject *thought,
               const char *automatic,
               const char *challenge,
               const char *alternative,
               const char *created)
{
  const char *uuid = _reframe_import_json_get_string (thought, "uuid");

  if (uuid != NULL && g_str_has_prefix (uuid, QUIRK_PREFIX))
    uuid += strlen (QUIRK_PREFIX);
  if (uuid != NULL && *uuid != '\0')
    return g_strdup (uuid);
  return reframe_import_checksum_fields (
      (const char *const[]){ created, automatic, challenge, alternative }, 4);
}

static void
read_thought (ReframeImportBatch *batch,
              JsonNode           *node,
              guint               number,
              gpointer            user_data)
{
  g_autoptr (JsonObject) answers = json_object_new ();
  g_autoptr (JsonArray) options = json_array_new ();
  g_autoptr (ReframeWorksheet) worksheet = NULL;
  g_autoptr (GDateTime) created = NULL;
  g_autoptr (GDateTime) updated = NULL;
  g_autofree char *created_iso = NULL, *updated_iso = NULL, *when = NULL, *source_id = NULL;
  JsonObject      *thought;
  const char      *automatic, *challenge, *alternative;
  gboolean         ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return reframe_import_batch_add_problem (
        batch, number, _ ("this thought record is not a record."));
  thought = json_node_get_object (node);
  automatic = get_text (thought, "automaticThought", &ok);
  challenge = get_text (thought, "challenge", &ok);
  alternative = get_text (thought, "alternativeThought", &ok);
  if (!ok)
    return reframe_import_batch_add_problem (
        batch, number, _ ("a text of this thought record is not text."));
  if ((created = parse_time (thought, "createdAt")) == NULL)
    return reframe_import_batch_add_problem (
        batch, number, _ ("the time it was written cannot be read."));
  if (*automatic == '\0' && *challenge == '\0' && *alternative == '\0')
    return reframe_import_batch_add_problem (batch, number, _ ("this thought record is empty."));
  if (!read_distortions (batch, thought, number, options))
    return;
  if ((updated = parse_time (thought, "updatedAt")) == NULL ||
      g_date_time_compare (updated, created) < 0)
    {
      g_clear_pointer (&updated, g_date_time_unref);
      updated = g_date_time_ref (created);
    }

  set_answer (answers, "automatic_thoughts", automatic);
  set_answer (answers, "hot_thought", automatic);
  set_answer (answers, "evidence_against", challenge);
  set_answer (answers, "balanced_thought", alternative);
  if (json_array_get_length (options) > 0)
    json_object_set_array_member (answers, "distortions", json_array_ref (options));
  when = g_date_time_format_iso8601 (created);
  json_object_set_string_member (answers, "when", when);

  created_iso = _reframe_import_format_time (created);
  updated_iso = _reframe_import_format_time (updated);
  worksheet = reframe_worksheet_new (THOUGHT_RECORD_ID, THOUGHT_RECORD_VERSION);
  reframe_worksheet_set_answers (worksheet, answers);
  if (*alternative != '\0')
    reframe_worksheet_set_status (worksheet, REFRAME_WORKSHEET_COMPLETED);
  _reframe_worksheet_set_stamps (
      worksheet, created_iso, updated_iso, *alternative != '\0' ? updated_iso : NULL);
  source_id = dup_source_id (thought, automatic, challenge, alternative, created_iso);
  reframe_import_batch_add_worksheet (batch, worksheet, source_id);
}

static gboolean
is_backup (const char *text,
           gsize       len)
{
  while (len > 0 && g_ascii_isspace (*text))
    text++, len--;
  return len >= strlen (BACKUP_MARK) && strncmp (text, BACKUP_MARK, strlen (BACKUP_MARK)) == 0;
}

static ReframeImportBatch *
read_text (const char   *text,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode   *root;
  JsonArray  *thoughts = NULL;
  const char *version = NULL;

  if (is_backup (text, strlen (text)))
    {
      g_set_error_literal (error,
                           REFRAME_IMPORT_ERROR,
                           REFRAME_IMPORT_ERROR_INVALID,
                           _ ("This is FreeCBT’s backup, which Reframe cannot read. In FreeCBT, "
                              "choose Settings → Export → JSON and import FreeCBT.json instead."));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error,
                   REFRAME_IMPORT_ERROR,
                   REFRAME_IMPORT_ERROR_INVALID,
                   _ ("This FreeCBT export cannot be read: %s"),
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      thoughts = _reframe_import_json_get_array (json_node_get_object (root), "thoughts");
      version = _reframe_import_json_get_string (json_node_get_object (root), "v");
    }
  if (thoughts == NULL || (version != NULL && !g_str_has_prefix (version, "Archive-v")))
    {
      g_set_error_literal (
          error,
          REFRAME_IMPORT_ERROR,
          REFRAME_IMPORT_ERROR_INVALID,
          _ ("This is not a FreeCBT export: it holds no list of thought records."));
      return NULL;
    }
  batch = reframe_import_batch_new (reframe_freecbt_importer.id, _ (reframe_freecbt_importer.name));
  if (!reframe_import_read_json_records (thoughts, batch, read_thought, NULL, cancellable, error))
    return NULL;
  return g_steal_pointer (&batch);
}

/**
 * reframe_freecbt_read_bytes:
 *
 * Reads FreeCBT's JSON export; records that cannot be read become problems of the batch,
 * numbered from 1 in the order of the file.
 *
 * Returns: (transfer full) (nullable): the batch, or %NULL when the text is not FreeCBT's export
 */
ReframeImportBatch *
reframe_freecbt_read_bytes (GBytes  *bytes,
                            GError **error)
{
  return reframe_import_read_text_bytes (bytes, read_text, error);
}

static gboolean
freecbt_detect (GFile      *file,
                const char *head,
                gsize       head_len)
{
  g_autofree char *text = reframe_import_decode_head (head, head_len);
  const char      *start;

  if (text == NULL)
    return FALSE;
  if (is_backup (text, strlen (text)))
    return TRUE;
  for (start = text; g_ascii_isspace (*start); start++)
    ;
  return *start == '{' && strstr (start, "\"thoughts\"") != NULL &&
         (strstr (start, "\"Archive-v") != NULL || strstr (start, "\"automaticThought\"") != NULL);
}

const ReframeImporter reframe_freecbt_importer = {
  .id = "freecbt-json",
  .name = N_ ("FreeCBT (JSON export)"),
  .detect = freecbt_detect,
  .parse = read_text,
};
