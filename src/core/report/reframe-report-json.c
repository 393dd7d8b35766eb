/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-json.c: the report as a versioned JSON document, and back.
 *
 * The schema is docs/report-json-schema.md ("schema": "reframe-report", "version": 1).
 * Every entry, worksheet and assignment carries its UUID, questionnaires and
 * worksheets carry their answers both as stored and item by item, and the templates
 * they were written with travel along, so that a later import can rebuild the same
 * report. The dialog's list of candidates is never written: it names what was left out.
 */

#define G_LOG_DOMAIN "ReframeReport"

#include "config.h"

#include <math.h>

#include "reframe-assignment-private.h"
#include "reframe-mood-entry-private.h"
#include "reframe-report-private.h"
#include "reframe-worksheet-private.h"

static const struct
{
  ReframeReportKinds kind;
  const char        *name;
} kind_names[] = {
  { REFRAME_REPORT_MOOD_SUMMARY, "summary" },
  { REFRAME_REPORT_ENTRIES, "entries" },
  { REFRAME_REPORT_WORKSHEETS, "worksheets" },
  { REFRAME_REPORT_QUESTIONNAIRES, "questionnaires" },
  { REFRAME_REPORT_HOMEWORK, "homework" },
};

/* Writing */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_take_string (JsonBuilder *builder,
                 const char  *name,
                 char        *value)
{
  add_string (builder, name, value);
  g_free (value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/* NAN, "no figure", is written as null. */
static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          GDateTime   *time)
{
  add_take_string (builder, name, _reframe_report_format_time (time));
}

static void
add_strv (JsonBuilder       *builder,
          const char        *name,
          const char *const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_summary (JsonBuilder   *builder,
             ReframeReport *self)
{
  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  add_bool (builder, "empty", self->empty);
  add_int (builder, "days_in_period", self->days_in_period);
  add_int (builder, "days_logged", self->days_logged);
  add_int (builder, "entries", self->n_entries_logged);
  add_number (builder, "mean_mood", self->mean_mood);
  add_number (builder, "first_half_mean_mood", self->first_half_mean);
  add_number (builder, "second_half_mean_mood", self->second_half_mean);
  add_int (builder, "homework_done", self->homework_done);
  add_int (builder, "homework_expected", self->homework_expected);
  add_int (builder, "thought_records", self->n_emotion_records);
  add_number (builder, "mean_emotion_drop", self->emotion_drop);
  add_int (builder, "activities", self->n_activities);
  add_number (builder, "mean_predicted_mood", self->activity_predicted);
  add_number (builder, "mean_actual_mood", self->activity_actual);
  json_builder_end_object (builder);
}

static void
add_score (JsonBuilder        *builder,
           ReframeReportScore *score)
{
  json_builder_begin_object (builder);
  add_string (builder, "template_id", score->template_id);
  add_string (builder, "title", score->title);
  add_string (builder, "worksheet_uuid", score->worksheet_uuid);
  add_time (builder, "completed", score->when);
  add_int (builder, "score", score->score);
  add_int (builder, "max_score", score->max_score);
  add_string (builder, "band", score->band);
  json_builder_set_member_name (builder, "previous_score");
  if (score->has_previous)
    json_builder_add_int_value (builder, score->previous_score);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "change");
  if (score->has_previous)
    json_builder_add_int_value (builder, score->change);
  else
    json_builder_add_null_value (builder);
  add_bool (builder, "safety_flag", score->safety_flag);
  add_string (builder, "safety_field_id", score->safety_field_id);
  add_int (builder, "results_in_period", score->n_results);
  json_builder_end_object (builder);
}

static void
add_entry (JsonBuilder      *builder,
           ReframeMoodEntry *entry)
{
  double sleep = reframe_mood_entry_get_sleep_hours (entry);

  json_builder_begin_object (builder);
  add_string (builder, "uuid", reframe_mood_entry_get_uuid (entry));
  add_take_string (builder, "day", reframe_mood_entry_dup_day (entry));
  add_time (builder, "time", reframe_mood_entry_get_time (entry));
  add_int (builder, "mood", reframe_mood_entry_get_mood (entry));
  add_string (builder, "mood_key", reframe_mood_get_key (reframe_mood_entry_get_mood (entry)));
  add_string (builder, "note", reframe_mood_entry_get_note (entry));
  add_strv (builder, "feelings", reframe_mood_entry_get_feelings (entry));
  add_strv (builder, "activities", reframe_mood_entry_get_activities (entry));
  add_number (builder, "sleep_hours", sleep >= 0 ? sleep : NAN);
  add_bool (builder, "private", reframe_mood_entry_get_private (entry));
  add_time (builder, "created", reframe_mood_entry_get_created (entry));
  add_time (builder, "updated", reframe_mood_entry_get_updated (entry));
  json_builder_end_object (builder);
}

static const char *const field_type_names[] = {
  [REFRAME_FIELD_SHORT_TEXT] = "short_text",
  [REFRAME_FIELD_LONG_TEXT] = "long_text",
  [REFRAME_FIELD_SINGLE_CHOICE] = "single_choice",
  [REFRAME_FIELD_MULTIPLE_CHOICE] = "multiple_choice",
  [REFRAME_FIELD_SLIDER] = "slider",
  [REFRAME_FIELD_EMOTIONS] = "emotions",
  [REFRAME_FIELD_TABLE] = "table",
  [REFRAME_FIELD_DATE_TIME] = "date_time",
};

static char *
value_key (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* One answered field: the question, the answer as stored, the chosen options' labels and points. */
static void
add_item (JsonBuilder                *builder,
          const ReframeTemplateField *field,
          JsonNode                   *node)
{
  ReframeFieldType             type = reframe_template_field_get_field_type (field);
  g_autofree char             *key = JSON_NODE_HOLDS_VALUE (node) ? value_key (node) : NULL;
  const ReframeTemplateOption *option =
      key != NULL ? reframe_template_field_lookup_option (field, key) : NULL;

  json_builder_begin_object (builder);
  add_string (builder, "field_id", reframe_template_field_get_id (field));
  add_string (builder, "label", reframe_template_field_get_label (field));
  add_string (
      builder, "type", type < G_N_ELEMENTS (field_type_names) ? field_type_names[type] : NULL);
  json_builder_set_member_name (builder, "value");
  json_builder_add_value (builder, json_node_copy (node));
  add_string (builder, "answer_label", option != NULL ? option->label : NULL);
  json_builder_set_member_name (builder, "points");
  if (option != NULL && option->scored)
    json_builder_add_int_value (builder, option->score);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
add_items (JsonBuilder            *builder,
           ReframeReportWorksheet *item)
{
  JsonObject *answers = reframe_worksheet_get_answers (item->worksheet);
  GPtrArray  *steps = item->template != NULL ? reframe_template_get_steps (item->template) : NULL;

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; answers != NULL && steps != NULL && i < steps->len; i++)
    {
      GPtrArray *fields = reframe_template_step_get_fields (g_ptr_array_index (steps, i));

      for (guint j = 0; j < fields->len; j++)
        {
          const ReframeTemplateField *field = g_ptr_array_index (fields, j);
          JsonNode                   *node = json_object_get_member (answers, reframe_template_field_get_id (field));

          if (node != NULL)
            add_item (builder, field, node);
        }
    }
  json_builder_end_array (builder);
}

static void
add_worksheet (JsonBuilder            *builder,
               ReframeReportWorksheet *item)
{
  ReframeWorksheet *worksheet = item->worksheet;
  JsonObject       *answers = reframe_worksheet_get_answers (worksheet);
  int               score = reframe_worksheet_get_score (worksheet);

  json_builder_begin_object (builder);
  add_string (builder, "uuid", reframe_worksheet_get_uuid (worksheet));
  add_string (builder, "template_id", reframe_worksheet_get_template_id (worksheet));
  add_int (builder, "template_version", reframe_worksheet_get_template_version (worksheet));
  add_string (builder,
              "title",
              item->template != NULL ? reframe_template_get_title (item->template) : NULL);
  add_string (builder,
              "status",
              reframe_worksheet_get_status (worksheet) == REFRAME_WORKSHEET_COMPLETED ? "completed"
                                                                                      : "draft");
  add_time (builder, "created", reframe_worksheet_get_created (worksheet));
  add_time (builder, "updated", reframe_worksheet_get_updated (worksheet));
  add_time (builder, "completed", reframe_worksheet_get_completed_at (worksheet));
  json_builder_set_member_name (builder, "score");
  if (score != REFRAME_WORKSHEET_NO_SCORE)
    json_builder_add_int_value (builder, score);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "band", reframe_worksheet_get_band (worksheet));
  add_string (builder, "assignment_uuid", reframe_worksheet_get_assignment_uuid (worksheet));
  add_bool (builder, "private", reframe_worksheet_get_private (worksheet));
  json_builder_set_member_name (builder, "answers");
  if (answers != NULL)
    json_builder_add_value (builder, json_node_init_object (json_node_alloc (), answers));
  else
    json_builder_add_null_value (builder);
  add_items (builder, item);
  json_builder_end_object (builder);
}

static void
add_worksheets (JsonBuilder *builder,
                const char  *name,
                GPtrArray   *items)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    add_worksheet (builder, g_ptr_array_index (items, i));
  json_builder_end_array (builder);
}

static void
collect_templates (GPtrArray  *items,
                   GHashTable *seen,
                   GPtrArray  *templates)
{
  for (guint i = 0; i < items->len; i++)
    {
      ReframeReportWorksheet *item = g_ptr_array_index (items, i);
      g_autofree char        *key = NULL;

      if (item->template == NULL)
        continue;
      key = g_strdup_printf ("%s\n%u",
                             reframe_template_get_id (item->template),
                             reframe_template_get_version (item->template));
      if (g_hash_table_add (seen, g_steal_pointer (&key)))
        g_ptr_array_add (templates, item->template);
    }
}

/* Each template used, once, as its own file would have it. */
static void
add_templates (JsonBuilder   *builder,
               ReframeReport *self)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) templates = g_ptr_array_new ();

  collect_templates (self->worksheets, seen, templates);
  collect_templates (self->questionnaires, seen, templates);
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < templates->len; i++)
    {
      ReframeTemplate *template = g_ptr_array_index (templates, i);
      g_autoptr (GBytes) bytes = reframe_template_to_bytes (template);
      g_autoptr (JsonNode) definition = json_from_string (g_bytes_get_data (bytes, NULL), NULL);

      json_builder_begin_object (builder);
      add_string (builder, "id", reframe_template_get_id (template));
      add_int (builder, "version", reframe_template_get_version (template));
      json_builder_set_member_name (builder, "definition");
      json_builder_add_value (builder,
                              definition != NULL ? g_steal_pointer (&definition)
                                                 : json_node_new (JSON_NODE_NULL));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_assignment (JsonBuilder           *builder,
                ReframeReportHomework *homework)
{
  ReframeAssignment *assignment = homework->assignment;

  json_builder_begin_object (builder);
  add_string (builder, "uuid", reframe_assignment_get_uuid (assignment));
  add_string (builder, "title", reframe_assignment_get_title (assignment));
  add_string (builder, "template_id", reframe_assignment_get_template_id (assignment));
  add_string (builder,
              "frequency",
              _reframe_report_frequency_key (reframe_assignment_get_frequency (assignment)));
  add_int (builder, "times_per_week", reframe_assignment_get_times_per_week (assignment));
  add_take_string (builder,
                   "start_date",
                   _reframe_report_format_day (reframe_assignment_get_start_date (assignment)));
  add_take_string (builder,
                   "end_date",
                   _reframe_report_format_day (reframe_assignment_get_end_date (assignment)));
  add_take_string (builder,
                   "due_date",
                   _reframe_report_format_day (reframe_assignment_get_due_date (assignment)));
  add_string (builder, "rationale", reframe_assignment_get_rationale (assignment));
  add_string (builder, "therapist_note", reframe_assignment_get_therapist_note (assignment));
  add_bool (builder, "reminder", reframe_assignment_get_reminder (assignment));
  add_bool (builder, "archived", reframe_assignment_get_archived (assignment));
  add_time (builder, "created", reframe_assignment_get_created (assignment));
  add_time (builder, "updated", reframe_assignment_get_updated (assignment));
  add_int (builder, "done", homework->done);
  add_int (builder, "expected", homework->expected);
  json_builder_set_member_name (builder, "plan");
  if (g_date_valid (&homework->plan_from))
    {
      json_builder_begin_object (builder);
      add_string (builder, "therapist", homework->plan_therapist);
      add_take_string (builder, "from", _reframe_report_format_day (&homework->plan_from));
      add_take_string (builder, "to", _reframe_report_format_day (&homework->plan_to));
      add_int (builder, "done", homework->plan_done);
      add_int (builder, "expected", homework->plan_expected);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
add_header (JsonBuilder   *builder,
            ReframeReport *self)
{
  add_string (builder, "schema", REFRAME_REPORT_JSON_SCHEMA);
  add_int (builder, "version", REFRAME_REPORT_JSON_VERSION);
  add_string (builder, "generator", "Reframe " PACKAGE_VERSION);
  add_time (builder, "made", self->made);
  add_string (builder, "name", self->name);
  add_string (builder, "own_words", self->own_words);
  json_builder_set_member_name (builder, "period");
  json_builder_begin_object (builder);
  add_take_string (builder, "from", _reframe_report_format_day (&self->from));
  add_take_string (builder, "to", _reframe_report_format_day (&self->to));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "kinds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (self->kinds & kind_names[i].kind)
      json_builder_add_string_value (builder, kind_names[i].name);
  json_builder_end_array (builder);
  add_bool (builder, "include_private", self->include_private);
  add_bool (builder, "include_safety_plan", self->include_safety_plan);
}

/* null unless the person chose to share their plan. */
static void
add_safety_plan (JsonBuilder   *builder,
                 ReframeReport *self)
{
  json_builder_set_member_name (builder, "safety_plan");
  if (self->safety_plan != NULL)
    reframe_safety_plan_build_json (self->safety_plan, builder);
  else
    json_builder_add_null_value (builder);
}

/**
 * reframe_report_to_json:
 *
 * Returns: (transfer full): the report as a JSON document (docs/report-json-schema.md)
 */
GBytes *
reframe_report_to_json (ReframeReport *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  gsize length = 0;
  char *text;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_header (builder, self);
  add_summary (builder, self);
  json_builder_set_member_name (builder, "scores");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->scores->len; i++)
    add_score (builder, g_ptr_array_index (self->scores, i));
  json_builder_end_array (builder);
  add_templates (builder, self);
  add_worksheets (builder, "questionnaires", self->questionnaires);
  add_worksheets (builder, "worksheets", self->worksheets);
  json_builder_set_member_name (builder, "homework");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->homework->len; i++)
    add_assignment (builder, g_ptr_array_index (self->homework, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    add_entry (builder, g_ptr_array_index (self->entries, i));
  json_builder_end_array (builder);
  add_safety_plan (builder, self);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 1);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}
