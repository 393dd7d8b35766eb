/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-json-reader.c: reads a report written by reframe_report_to_json()
 * back into a ReframeReport (docs/report-json-schema.md).
 *
 * The document may come from anywhere, so every member is checked for its type and a
 * wrong one is an error naming it, never a crash. A newer version of the schema is
 * refused with a message saying so; members this version does not know are ignored.
 */

#define G_LOG_DOMAIN "ReframeReport"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>
#include <string.h>

#include "reframe-assignment-private.h"
#include "reframe-mood-entry-private.h"
#include "reframe-report-private.h"
#include "reframe-worksheet-private.h"

typedef struct
{
  GError     *error;
  GHashTable *templates; /* "id\nversion" → ReframeTemplate */
} Reader;

static gboolean
fail (Reader     *reader,
      const char *member)
{
  if (reader->error == NULL)
    g_set_error (&reader->error,
                 REFRAME_REPORT_ERROR,
                 REFRAME_REPORT_ERROR_INVALID,
                 _ ("This is not a Reframe report that can be read: “%s” is missing or wrong."),
                 member);
  return FALSE;
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

static gboolean
is_null (JsonObject *object,
         const char *name)
{
  JsonNode *node = member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* A string, or NULL for null or absent; a wrong type fails. */
static const char *
get_string (Reader     *reader,
            JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fail (reader, name);
      return NULL;
    }
  return json_node_get_string (node);
}

static gint64
get_int (Reader     *reader,
         JsonObject *object,
         const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      fail (reader, name);
      return 0;
    }
  return json_node_get_int (node);
}

static gboolean
get_bool (Reader     *reader,
          JsonObject *object,
          const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (reader, name);
  return json_node_get_boolean (node);
}

/* A number, NAN for null. */
static double
get_number (Reader     *reader,
            JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NAN;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
       json_node_get_value_type (node) != G_TYPE_INT64))
    {
      fail (reader, name);
      return NAN;
    }
  return json_node_get_double (node);
}

static GDateTime *
get_time (Reader     *reader,
          JsonObject *object,
          const char *name)
{
  const char *text = get_string (reader, object, name);
  GDateTime  *time = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  if (text != NULL && time == NULL)
    fail (reader, name);
  return time;
}

/* The time as the store keeps it: UTC ISO 8601. */
static char *
get_time_iso (Reader     *reader,
              JsonObject *object,
              const char *name)
{
  g_autoptr (GDateTime) time = get_time (reader, object, name);
  g_autoptr (GDateTime) utc = time != NULL ? g_date_time_to_utc (time) : NULL;

  return utc != NULL ? g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ") : NULL;
}

static JsonObject *
get_object (Reader     *reader,
            JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (reader, name);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
get_array (Reader     *reader,
           JsonObject *object,
           const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (reader, name);
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
array_object (Reader     *reader,
              JsonArray  *array,
              guint       i,
              const char *name)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (reader, name);
      return NULL;
    }
  return json_node_get_object (node);
}

static GStrv
get_strv (Reader     *reader,
          JsonObject *object,
          const char *name)
{
  JsonArray *array = get_array (reader, object, name);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (json_node_get_value_type (node) != G_TYPE_STRING)
        {
          fail (reader, name);
          break;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static gboolean
get_day (Reader     *reader,
         JsonObject *object,
         const char *name,
         GDate      *day)
{
  const char *text = get_string (reader, object, name);

  if (text == NULL)
    return FALSE;
  if (!_reframe_report_parse_day (text, day))
    return fail (reader, name);
  return TRUE;
}

/* The document's parts */

static const struct
{
  const char        *name;
  ReframeReportKinds kind;
} kind_names[] = {
  { "summary", REFRAME_REPORT_MOOD_SUMMARY },
  { "entries", REFRAME_REPORT_ENTRIES },
  { "worksheets", REFRAME_REPORT_WORKSHEETS },
  { "questionnaires", REFRAME_REPORT_QUESTIONNAIRES },
  { "homework", REFRAME_REPORT_HOMEWORK },
};

static gboolean
read_header (Reader        *reader,
             JsonObject    *root,
             ReframeReport *report)
{
  JsonObject *period = get_object (reader, root, "period");
  g_auto (GStrv) kinds = get_strv (reader, root, "kinds");

  report->made = get_time (reader, root, "made");
  report->name = g_strdup (get_string (reader, root, "name"));
  /* Null or absent (reports written before it) when there are none. */
  report->own_words = g_strdup (get_string (reader, root, "own_words"));
  if (!get_day (reader, period, "from", &report->from) ||
      !get_day (reader, period, "to", &report->to))
    return fail (reader, "period");
  for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (kind_names); j++)
      if (g_strcmp0 (kinds[i], kind_names[j].name) == 0)
        report->kinds |= kind_names[j].kind;
  report->include_private = get_bool (reader, root, "include_private");
  /* Not in reports written before the safety plan could be shared. */
  report->include_safety_plan = member (root, "include_safety_plan") != NULL &&
                                get_bool (reader, root, "include_safety_plan");
  if (report->made == NULL)
    return fail (reader, "made");
  return reader->error == NULL;
}

static gboolean
read_summary (Reader        *reader,
              JsonObject    *root,
              ReframeReport *report)
{
  JsonObject *summary = get_object (reader, root, "summary");

  report->empty = get_bool (reader, summary, "empty");
  report->days_in_period = get_int (reader, summary, "days_in_period");
  report->days_logged = get_int (reader, summary, "days_logged");
  report->n_entries_logged = get_int (reader, summary, "entries");
  report->mean_mood = get_number (reader, summary, "mean_mood");
  report->first_half_mean = get_number (reader, summary, "first_half_mean_mood");
  report->second_half_mean = get_number (reader, summary, "second_half_mean_mood");
  report->homework_done = get_int (reader, summary, "homework_done");
  report->homework_expected = get_int (reader, summary, "homework_expected");
  report->n_emotion_records = get_int (reader, summary, "thought_records");
  report->emotion_drop = get_number (reader, summary, "mean_emotion_drop");
  report->n_activities = get_int (reader, summary, "activities");
  report->activity_predicted = get_number (reader, summary, "mean_predicted_mood");
  report->activity_actual = get_number (reader, summary, "mean_actual_mood");
  return reader->error == NULL;
}

static gboolean
read_scores (Reader        *reader,
             JsonObject    *root,
             ReframeReport *report)
{
  JsonArray *scores = get_array (reader, root, "scores");

  for (guint i = 0; scores != NULL && i < json_array_get_length (scores) && reader->error == NULL;
       i++)
    {
      JsonObject         *object = array_object (reader, scores, i, "scores");
      ReframeReportScore *score = g_new0 (ReframeReportScore, 1);

      g_ptr_array_add (report->scores, score);
      score->template_id = g_strdup (get_string (reader, object, "template_id"));
      score->title = g_strdup (get_string (reader, object, "title"));
      score->worksheet_uuid = g_strdup (get_string (reader, object, "worksheet_uuid"));
      score->when = get_time (reader, object, "completed");
      score->score = get_int (reader, object, "score");
      score->max_score = get_int (reader, object, "max_score");
      score->band = g_strdup (get_string (reader, object, "band"));
      score->has_previous = !is_null (object, "previous_score");
      score->previous_score = score->has_previous ? get_int (reader, object, "previous_score") : 0;
      score->change = score->has_previous ? get_int (reader, object, "change") : 0;
      score->safety_flag = get_bool (reader, object, "safety_flag");
      score->safety_field_id = g_strdup (get_string (reader, object, "safety_field_id"));
      score->n_results = get_int (reader, object, "results_in_period");
      if (score->template_id == NULL || score->worksheet_uuid == NULL || score->when == NULL)
        fail (reader, "scores");
    }
  return reader->error == NULL;
}

static gboolean
read_templates (Reader     *reader,
                JsonObject *root)
{
  JsonArray *templates = get_array (reader, root, "templates");

  for (guint i = 0;
       templates != NULL && i < json_array_get_length (templates) && reader->error == NULL;
       i++)
    {
      JsonObject *object = array_object (reader, templates, i, "templates");
      JsonNode   *definition = member (object, "definition");
      char       *text = definition != NULL && JSON_NODE_HOLDS_OBJECT (definition)
                             ? json_to_string (definition, FALSE)
                             : NULL;
      g_autoptr (GBytes) bytes = text != NULL ? g_bytes_new_take (text, strlen (text)) : NULL;
      ReframeTemplate *template =
          bytes != NULL ? reframe_template_new_from_bytes (bytes, "report.json", NULL) : NULL;

      if (template == NULL)
        return fail (reader, "templates");
      g_hash_table_replace (reader->templates,
                            g_strdup_printf ("%s\n%u",
                                             reframe_template_get_id (template),
                                             reframe_template_get_version (template)),
                            template);
    }
  return reader->error == NULL;
}

static ReframeWorksheet *
read_worksheet (Reader     *reader,
                JsonObject *object)
{
  const char       *uuid = get_string (reader, object, "uuid");
  const char       *template_id = get_string (reader, object, "template_id");
  JsonNode         *answers = member (object, "answers");
  g_autofree char  *answers_json = answers != NULL && JSON_NODE_HOLDS_OBJECT (answers)
                                       ? json_to_string (answers, FALSE)
                                       : g_strdup ("{}");
  g_autofree char  *created = get_time_iso (reader, object, "created");
  g_autofree char  *updated = get_time_iso (reader, object, "updated");
  g_autofree char  *completed = get_time_iso (reader, object, "completed");
  gint64            version = get_int (reader, object, "template_version");
  ReframeWorksheet *worksheet;

  if (uuid == NULL || template_id == NULL || version < 1 || created == NULL || updated == NULL)
    {
      fail (reader, "worksheets");
      return NULL;
    }
  worksheet = _reframe_worksheet_new_loaded (
      uuid,
      template_id,
      version,
      answers_json,
      g_strcmp0 (get_string (reader, object, "status"), "completed") == 0
          ? REFRAME_WORKSHEET_COMPLETED
          : REFRAME_WORKSHEET_DRAFT,
      is_null (object, "score") ? REFRAME_WORKSHEET_NO_SCORE
                                : (int) get_int (reader, object, "score"),
      get_string (reader, object, "band"),
      get_string (reader, object, "assignment_uuid"),
      get_bool (reader, object, "private"),
      created,
      updated,
      completed);
  /* Parsed now, as the builder does, so that the report is only ever read. */
  reframe_worksheet_get_answers (worksheet);
  reframe_worksheet_get_created (worksheet);
  reframe_worksheet_get_updated (worksheet);
  reframe_worksheet_get_completed_at (worksheet);
  return worksheet;
}

static gboolean
read_worksheets (Reader     *reader,
                 JsonObject *root,
                 const char *name,
                 GPtrArray  *into)
{
  JsonArray *worksheets = get_array (reader, root, name);

  for (guint i = 0;
       worksheets != NULL && i < json_array_get_length (worksheets) && reader->error == NULL;
       i++)
    {
      g_autoptr (ReframeWorksheet) worksheet =
          read_worksheet (reader, array_object (reader, worksheets, i, name));
      g_autofree char *key = NULL;

      if (worksheet == NULL)
        return FALSE;
      key = g_strdup_printf ("%s\n%u",
                             reframe_worksheet_get_template_id (worksheet),
                             reframe_worksheet_get_template_version (worksheet));
      g_ptr_array_add (
          into,
          _reframe_report_worksheet_new (worksheet, g_hash_table_lookup (reader->templates, key)));
    }
  return reader->error == NULL;
}

static ReframeAssignment *
read_assignment (Reader     *reader,
                 JsonObject *object)
{
  g_autoptr (ReframeAssignment) assignment = NULL;
  g_autofree char *created = get_time_iso (reader, object, "created");
  g_autofree char *updated = get_time_iso (reader, object, "updated");
  const char      *uuid = get_string (reader, object, "uuid");
  ReframeFrequency frequency;
  GDate            day;

  if (uuid == NULL ||
      !_reframe_report_parse_frequency (get_string (reader, object, "frequency"), &frequency))
    {
      fail (reader, "homework");
      return NULL;
    }
  assignment = _reframe_assignment_new_with_uuid (uuid);
  reframe_assignment_set_title (assignment, get_string (reader, object, "title"));
  reframe_assignment_set_template_id (assignment, get_string (reader, object, "template_id"));
  reframe_assignment_set_frequency (assignment, frequency);
  reframe_assignment_set_times_per_week (assignment,
                                         CLAMP (get_int (reader, object, "times_per_week"), 1, 7));
  if (get_day (reader, object, "start_date", &day))
    reframe_assignment_set_start_date (assignment, &day);
  reframe_assignment_set_end_date (assignment,
                                   get_day (reader, object, "end_date", &day) ? &day : NULL);
  reframe_assignment_set_due_date (assignment,
                                   get_day (reader, object, "due_date", &day) ? &day : NULL);
  reframe_assignment_set_rationale (assignment, get_string (reader, object, "rationale"));
  reframe_assignment_set_therapist_note (assignment, get_string (reader, object, "therapist_note"));
  reframe_assignment_set_reminder (assignment, get_bool (reader, object, "reminder"));
  reframe_assignment_set_archived (assignment, get_bool (reader, object, "archived"));
  _reframe_assignment_set_stamps (assignment, created, updated);
  return g_steal_pointer (&assignment);
}

/* The homework plan it came with: an object, or null (or absent, before plans). */
static void
read_homework_plan (Reader                *reader,
                    JsonObject            *object,
                    ReframeReportHomework *item)
{
  JsonObject *plan;

  g_date_clear (&item->plan_from, 1);
  g_date_clear (&item->plan_to, 1);
  if (is_null (object, "plan") || (plan = get_object (reader, object, "plan")) == NULL)
    return;
  if (!get_day (reader, plan, "from", &item->plan_from) ||
      !get_day (reader, plan, "to", &item->plan_to))
    {
      fail (reader, "plan");
      g_date_clear (&item->plan_from, 1);
      return;
    }
  item->plan_therapist = g_strdup (get_string (reader, plan, "therapist"));
  item->plan_done = get_int (reader, plan, "done");
  item->plan_expected = get_int (reader, plan, "expected");
}

static gboolean
read_homework (Reader        *reader,
               JsonObject    *root,
               ReframeReport *report)
{
  JsonArray *homework = get_array (reader, root, "homework");

  for (guint i = 0;
       homework != NULL && i < json_array_get_length (homework) && reader->error == NULL;
       i++)
    {
      JsonObject            *object = array_object (reader, homework, i, "homework");
      ReframeAssignment     *assignment = read_assignment (reader, object);
      ReframeReportHomework *item;

      if (assignment == NULL)
        return FALSE;
      item = g_new0 (ReframeReportHomework, 1);
      item->assignment = assignment;
      item->done = get_int (reader, object, "done");
      item->expected = get_int (reader, object, "expected");
      g_ptr_array_add (report->homework, item);
      read_homework_plan (reader, object, item);
    }
  return reader->error == NULL;
}

static ReframeMoodEntry *
read_entry (Reader     *reader,
            JsonObject *object)
{
  g_autoptr (ReframeMoodEntry) entry = NULL;
  g_autoptr (GDateTime) time = get_time (reader, object, "time");
  g_autoptr (GDateTime) created = get_time (reader, object, "created");
  g_autoptr (GDateTime) updated = get_time (reader, object, "updated");
  g_auto (GStrv) feelings = get_strv (reader, object, "feelings");
  g_auto (GStrv) activities = get_strv (reader, object, "activities");
  const char *uuid = get_string (reader, object, "uuid");
  gint64      mood = get_int (reader, object, "mood");
  double      sleep = get_number (reader, object, "sleep_hours");

  if (uuid == NULL || time == NULL || mood < REFRAME_MOOD_MIN || mood > REFRAME_MOOD_MAX)
    {
      fail (reader, "entries");
      return NULL;
    }
  entry = _reframe_mood_entry_new_with_uuid (uuid);
  _reframe_mood_entry_load (entry,
                            mood,
                            get_string (reader, object, "note"),
                            isnan (sleep) ? REFRAME_SLEEP_UNKNOWN : sleep,
                            time,
                            get_bool (reader, object, "private"));
  _reframe_mood_entry_set_stamps (entry, created, updated);
  reframe_mood_entry_set_feelings (entry, (const char *const *) feelings);
  reframe_mood_entry_set_activities (entry, (const char *const *) activities);
  return g_steal_pointer (&entry);
}

static gboolean
read_entries (Reader        *reader,
              JsonObject    *root,
              ReframeReport *report)
{
  JsonArray *entries = get_array (reader, root, "entries");

  for (guint i = 0; entries != NULL && i < json_array_get_length (entries) && reader->error == NULL;
       i++)
    {
      ReframeMoodEntry *entry = read_entry (reader, array_object (reader, entries, i, "entries"));

      if (entry == NULL)
        return FALSE;
      g_ptr_array_add (report->entries, entry);
    }
  return reader->error == NULL;
}

static ReframeSafetyPlanStep *
read_safety_plan_step (Reader     *reader,
                       JsonObject *object)
{
  g_autoptr (ReframeSafetyPlanStep) step = g_new0 (ReframeSafetyPlanStep, 1);
  JsonArray *contacts = get_array (reader, object, "contacts");

  step->id = g_strdup (get_string (reader, object, "id"));
  step->title = g_strdup (get_string (reader, object, "title"));
  step->text = g_strdup (get_string (reader, object, "text"));
  step->contacts =
      g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_safety_plan_contact_free);
  if (step->id == NULL || step->title == NULL)
    fail (reader, "steps");
  for (guint i = 0;
       contacts != NULL && i < json_array_get_length (contacts) && reader->error == NULL;
       i++)
    {
      JsonObject               *row = array_object (reader, contacts, i, "contacts");
      ReframeSafetyPlanContact *contact = g_new0 (ReframeSafetyPlanContact, 1);

      contact->name = g_strdup (get_string (reader, row, "name"));
      contact->phone = g_strdup (get_string (reader, row, "phone"));
      if (contact->name == NULL)
        contact->name = g_strdup ("");
      g_ptr_array_add (step->contacts, contact);
    }
  return reader->error == NULL ? g_steal_pointer (&step) : NULL;
}

/* "safety_plan": null, absent (older files), or the plan as reframe_safety_plan_build_json() writes
 * it. */
static gboolean
read_safety_plan (Reader        *reader,
                  JsonObject    *root,
                  ReframeReport *report)
{
  g_autoptr (GPtrArray) steps =
      g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_safety_plan_step_free);
  g_autoptr (GDateTime) updated = NULL;
  JsonObject *plan;
  JsonArray  *array;
  const char *title;

  if (is_null (root, "safety_plan"))
    return TRUE;
  plan = get_object (reader, root, "safety_plan");
  array = get_array (reader, plan, "steps");
  title = get_string (reader, plan, "title");
  updated = get_time (reader, plan, "updated");
  for (guint i = 0; array != NULL && i < json_array_get_length (array) && reader->error == NULL;
       i++)
    {
      ReframeSafetyPlanStep *step =
          read_safety_plan_step (reader, array_object (reader, array, i, "steps"));

      if (step != NULL)
        g_ptr_array_add (steps, step);
    }
  if (reader->error != NULL || title == NULL)
    return fail (reader, "safety_plan");
  report->safety_plan = reframe_safety_plan_new_from_steps (
      title, get_string (reader, plan, "worksheet_uuid"), updated, steps);
  return TRUE;
}

/* The file lists only what it shares: that is the whole list, all ticked. */
static void
list_candidates (ReframeReport *report)
{
  for (guint i = 0; i < report->entries->len; i++)
    {
      ReframeMoodEntry *entry = g_ptr_array_index (report->entries, i);
      g_autofree char  *title = _reframe_report_entry_title (entry);

      g_ptr_array_add (report->candidates,
                       _reframe_report_item_new (reframe_mood_entry_get_uuid (entry),
                                                 REFRAME_REPORT_ITEM_ENTRY,
                                                 title,
                                                 reframe_mood_entry_get_time (entry),
                                                 reframe_mood_entry_get_private (entry),
                                                 TRUE));
    }
  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *items = pass == 0 ? report->questionnaires : report->worksheets;

      for (guint i = 0; i < items->len; i++)
        {
          ReframeReportWorksheet *item = g_ptr_array_index (items, i);
          ReframeWorksheet       *worksheet = item->worksheet;

          g_ptr_array_add (
              report->candidates,
              _reframe_report_item_new (
                  reframe_worksheet_get_uuid (worksheet),
                  pass == 0 ? REFRAME_REPORT_ITEM_QUESTIONNAIRE : REFRAME_REPORT_ITEM_WORKSHEET,
                  item->template != NULL ? reframe_template_get_title (item->template)
                                         : reframe_worksheet_get_template_id (worksheet),
                  reframe_worksheet_get_completed_at (worksheet),
                  reframe_worksheet_get_private (worksheet),
                  TRUE));
        }
    }
}

static gboolean
check_schema (JsonNode *root,
              GError  **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode   *schema = member (object, "schema");
  JsonNode   *version = member (object, "version");

  if (schema == NULL || json_node_get_value_type (schema) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (schema), REFRAME_REPORT_JSON_SCHEMA) != 0 ||
      version == NULL || json_node_get_value_type (version) != G_TYPE_INT64)
    {
      g_set_error_literal (error,
                           REFRAME_REPORT_ERROR,
                           REFRAME_REPORT_ERROR_INVALID,
                           _ ("This file is not a Reframe report."));
      return FALSE;
    }
  if (json_node_get_int (version) > REFRAME_REPORT_JSON_VERSION || json_node_get_int (version) < 1)
    {
      g_set_error (error,
                   REFRAME_REPORT_ERROR,
                   REFRAME_REPORT_ERROR_INVALID,
                   _ ("This report was made by a newer version of Reframe (report format %lld). "
                      "Update Reframe to read it."),
                   (long long) json_node_get_int (version));
      return FALSE;
    }
  return TRUE;
}

/**
 * reframe_report_from_json:
 * @json: a document written by reframe_report_to_json()
 *
 * Reads a report back. Its statistics for charts (reframe_report_get_insights()) are
 * not in the file and stay %NULL; its candidates are the items it shares.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with a %REFRAME_REPORT_ERROR_INVALID
 */
ReframeReport *
reframe_report_from_json (GBytes  *json,
                          GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GError) parse_error = NULL;
  Reader      reader = { NULL, NULL };
  JsonObject *root;
  gsize       size = 0;
  const char *data;
  gboolean    ok;

  g_return_val_if_fail (json != NULL, NULL);

  data = g_bytes_get_data (json, &size);
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", size, &parse_error))
    {
      g_set_error (error,
                   REFRAME_REPORT_ERROR,
                   REFRAME_REPORT_ERROR_INVALID,
                   _ ("This file is not a Reframe report: %s"),
                   parse_error->message);
      return NULL;
    }
  if (!check_schema (json_parser_get_root (parser), error))
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  report = _reframe_report_new ();
  reader.templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  ok = read_header (&reader, root, report) && read_summary (&reader, root, report) &&
       read_scores (&reader, root, report) && read_templates (&reader, root) &&
       read_worksheets (&reader, root, "questionnaires", report->questionnaires) &&
       read_worksheets (&reader, root, "worksheets", report->worksheets) &&
       read_homework (&reader, root, report) && read_entries (&reader, root, report) &&
       read_safety_plan (&reader, root, report);
  g_hash_table_unref (reader.templates);
  if (!ok || reader.error != NULL)
    {
      if (reader.error == NULL)
        fail (&reader, "report");
      g_propagate_error (error, reader.error);
      return NULL;
    }
  list_candidates (report);
  return g_steal_pointer (&report);
}
