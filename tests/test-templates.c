/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-templates.c: the template format, the built-ins, questionnaire scoring, the registry and
 * `reframe templates`. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "reframe-questionnaire-score.h"
#include "reframe-template-registry.h"
#include "reframe-test-util.h"

static const char *const builtin_ids[] = {
  "safety-plan",
  "thought-record",
  "distortion-check",
  "behavioural-activation",
  "exposure-ladder",
  "worry-log",
  "problem-solving",
  "three-good-things",
  "phq-9",
  "gad-7",
};

static ReframeTemplate *
builtin (const char *id)
{
  g_autoptr (GPtrArray) builtins = reframe_template_registry_dup_builtins (NULL);

  g_assert_nonnull (builtins);
  for (guint i = 0; i < builtins->len; i++)
    if (g_str_equal (reframe_template_get_id (g_ptr_array_index (builtins, i)), id))
      return g_object_ref (g_ptr_array_index (builtins, i));
  g_assert_not_reached ();
}

static GFile *
test_file (const char *first,
           ...)
{
  g_autofree char *path = NULL;
  va_list          args;

  va_start (args, first);
  path = g_build_filename_valist (first, &args);
  va_end (args);
  return g_file_new_build_filename (g_test_get_dir (G_TEST_DIST), "templates", path, NULL);
}

static void
test_builtins_load (void)
{
  g_autoptr (GPtrArray) builtins = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  builtins = reframe_template_registry_dup_builtins (&error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_nonnull (builtins);
  g_test_message ("Loading the built-in templates took %.2f ms", elapsed / 1000.0);

  g_assert_cmpuint (builtins->len, ==, G_N_ELEMENTS (builtin_ids));
  for (guint i = 0; i < builtins->len; i++)
    {
      ReframeTemplate *template = g_ptr_array_index (builtins, i);
      g_autoptr (GBytes) bytes = reframe_template_to_bytes (template);
      g_autoptr (ReframeTemplate) again = NULL;

      g_assert_cmpstr (reframe_template_get_id (template), ==, builtin_ids[i]);
      g_assert_cmpuint (reframe_template_get_version (template), ==, 1);
      g_assert_true (reframe_template_get_builtin (template));
      g_assert_cmpuint (reframe_template_get_steps (template)->len, >, 0);
      g_assert_nonnull (reframe_template_get_title (template));
      g_assert_nonnull (reframe_template_get_description (template));
      for (guint s = 0; s < reframe_template_get_steps (template)->len; s++)
        {
          ReframeTemplateStep *step = g_ptr_array_index (reframe_template_get_steps (template), s);

          g_assert_nonnull (reframe_template_step_get_guidance (step));
          g_assert_cmpuint (reframe_template_step_get_fields (step)->len, >, 0);
          g_assert_nonnull (reframe_template_step_get_context (step));
        }
      /* A copy parses too, and is not marked as built in. */
      again = reframe_template_new_from_bytes (bytes, "copy.json", &error);
      g_assert_no_error (error);
      g_assert_false (reframe_template_get_builtin (again));
    }

  /* A cold parse of every built-in, which is what the first window pays. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < builtins->len; i++)
    {
      g_autoptr (GBytes) bytes = reframe_template_to_bytes (g_ptr_array_index (builtins, i));
      g_autoptr (ReframeTemplate) template =
          reframe_template_new_from_bytes (bytes, "again.json", &error);

      g_assert_no_error (error);
    }
  elapsed = g_get_monotonic_time () - start;
  /* Reported, not asserted: speed is the benchmarks' job (bench-worksheets). */
  g_test_message ("Parsing all built-ins again took %.2f ms", elapsed / 1000.0);
}

static void
assert_context (ReframeTemplate *template,
                guint       step,
                const char *id)
{
  ReframeTemplateStep *s = g_ptr_array_index (reframe_template_get_steps (template), step);

  g_assert_true (g_strv_contains (reframe_template_step_get_context (s), id));
}

static void
assert_belief (ReframeTemplate *template,
               const char *id)
{
  const ReframeTemplateField *field = reframe_template_lookup_field (template, id);

  g_assert_nonnull (field);
  g_assert_cmpint (reframe_template_field_get_field_type (field), ==, REFRAME_FIELD_SLIDER);
  g_assert_cmpint (reframe_template_field_get_min (field), ==, 0);
  g_assert_cmpint (reframe_template_field_get_max (field), ==, 100);
}

static void
test_thought_record (void)
{
  g_autoptr (ReframeTemplate) template = builtin ("thought-record");
  GPtrArray                  *steps = reframe_template_get_steps (template);
  ReframeTemplateStep        *last = g_ptr_array_index (steps, steps->len - 1);
  const ReframeTemplateField *emotions = reframe_template_lookup_field (template, "emotions");

  g_assert_cmpint (reframe_template_get_kind (template), ==, REFRAME_TEMPLATE_KIND_WORKSHEET);
  g_assert_nonnull (emotions);
  g_assert_cmpint (reframe_template_field_get_field_type (emotions), ==, REFRAME_FIELD_EMOTIONS);
  g_assert_cmpint (reframe_template_field_get_min (emotions), ==, 0);
  g_assert_cmpint (reframe_template_field_get_max (emotions), ==, 100);
  g_assert_true (reframe_template_field_get_rate_after (emotions));
  g_assert_true (g_strv_contains (reframe_template_step_get_rerate (last), "emotions"));

  for (const char *const *id = (const char *const[]){ "situation",
                                                      "automatic_thoughts",
                                                      "hot_thought",
                                                      "evidence_for",
                                                      "evidence_against",
                                                      "balanced_thought",
                                                      NULL };
       *id;
       id++)
    g_assert_true (
        reframe_template_field_get_required (reframe_template_lookup_field (template, *id)));
  assert_belief (template, "hot_thought_belief");
  assert_belief (template, "balanced_thought_belief");
  assert_belief (template, "hot_thought_belief_after");

  /* The situation and the automatic (hot) thought stay in view on the later steps. */
  for (guint s = 1; s < steps->len; s++)
    assert_context (template, s, "situation");
  assert_context (template, 3, "automatic_thoughts");
  for (guint s = 4; s < steps->len; s++)
    assert_context (template, s, "hot_thought");
  g_assert_nonnull (reframe_template_step_get_example (g_ptr_array_index (steps, 0)));
}

static void
assert_distortions (const ReframeTemplateField *field)
{
  GPtrArray                   *options = reframe_template_field_get_options (field);
  const ReframeTemplateOption *first;

  g_assert_cmpint (
      reframe_template_field_get_field_type (field), ==, REFRAME_FIELD_MULTIPLE_CHOICE);
  g_assert_cmpuint (options->len, ==, 13);
  first = g_ptr_array_index (options, 0);
  g_assert_cmpstr (first->value, ==, "all-or-nothing");
  g_assert_cmpstr (first->label, ==, "All-or-nothing thinking");
  g_assert_cmpstr (
      first->help,
      ==,
      "Seeing things in two extremes only, so anything short of perfect counts as total failure.");
  g_assert_nonnull (reframe_template_field_lookup_option (field, "blaming"));
  g_assert_null (reframe_template_field_lookup_option (field, "nonsense"));
}

static void
test_shared_list (void)
{
  g_autoptr (ReframeTemplate) check = builtin ("distortion-check");
  g_autoptr (ReframeTemplate) record = builtin ("thought-record");

  assert_distortions (reframe_template_lookup_field (check, "distortions"));
  assert_distortions (reframe_template_lookup_field (record, "distortions"));
}

static void
test_other_builtins (void)
{
  g_autoptr (ReframeTemplate) activation = builtin ("behavioural-activation");
  g_autoptr (ReframeTemplate) ladder = builtin ("exposure-ladder");
  const ReframeTemplateField *activities = reframe_template_lookup_field (activation, "activities");
  const ReframeTemplateField *steps = reframe_template_lookup_field (ladder, "ladder");
  GPtrArray                  *columns;
  const ReframeTemplateField *suds;

  g_assert_cmpint (reframe_template_field_get_field_type (activities), ==, REFRAME_FIELD_TABLE);
  columns = reframe_template_field_get_columns (activities);
  for (const char *const *id =
           (const char *const[]){ "predicted_mood", "mood", "mastery", "pleasure", NULL };
       *id;
       id++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < columns->len; i++)
        {
          const ReframeTemplateField *column = g_ptr_array_index (columns, i);

          if (g_str_equal (reframe_template_field_get_id (column), *id))
            {
              found = TRUE;
              g_assert_cmpint (reframe_template_field_get_min (column), ==, 0);
              g_assert_cmpint (reframe_template_field_get_max (column), ==, 10);
              g_assert_nonnull (reframe_template_field_get_min_label (column));
            }
        }
      g_assert_true (found);
    }
  suds = g_ptr_array_index (reframe_template_field_get_columns (steps), 2);
  g_assert_cmpstr (reframe_template_field_get_id (suds), ==, "expected_suds");
  g_assert_cmpint (reframe_template_field_get_max (suds), ==, 100);
  g_assert_cmpint (reframe_template_field_get_step_size (suds), ==, 5);
}

/* Broken templates: the file, and what the message must name (a field or key path). */
static const struct
{
  const char *file;
  const char *names;
} broken[] = {
  { "bad-field-type.json",
    "field “situation” (steps[0].fields[0]): “checkbox” is not a field type" },
  { "bad-id.json", "id: “Mini Record” is not a usable id" },
  { "band-gap.json",
    "scoring.bands[1]: the band starts at 6, but the band before it ends at 4, so a total of 5 "
    "would have no band" },
  { "band-overlap.json",
    "scoring.bands[1]: the band starts at 4, but the band before it ends at 4, so the bands "
    "overlap" },
  { "band-short.json",
    "scoring.bands: the last band ends at 8, but the highest possible total is 9" },
  { "choice-both-options.json",
    "field “traps” (steps[1].fields[1]): a choice needs either “options” or “options_from”" },
  { "context-same-step.json", "steps[1].context[0]: “mood” is not a field on an earlier step" },
  { "context-unknown-field.json",
    "steps[1].context[0]: “situaton” is not a field on an earlier step" },
  { "duplicate-field-id.json", "steps[1].fields[2]: two fields have the id “mood”" },
  { "duplicate-option-value.json",
    "field “q2” (steps[0].fields[1].options[3]): the value “2” is used by two options" },
  { "empty-steps.json", "steps: “steps” is an empty list" },
  { "key-for-other-type.json",
    "field “situation” (steps[0].fields[0]): “min” does not apply to a long_text field" },
  { "missing-id.json", "id: “id” is missing" },
  { "missing-title.json", "title: “title” is missing" },
  { "missing-version.json", "version: “version” is missing" },
  { "newer-format.json", "format: the file uses template format 2, which is newer" },
  { "not-json.json", "/: the file is not valid JSON" },
  { "safety-never-met.json", "safety[0]: “at_least” is 4, but the field “q3” gives at most 3" },
  { "safety-unknown-field.json", "safety[0]: there is no field “q4” in this template" },
  { "scored-option-without-score.json",
    "scoring.items[0]: the option “2” of the field “q1” has no “score”" },
  { "scoring-on-worksheet.json", "scoring: only questionnaires are scored" },
  { "slider-min-max.json",
    "field “mood” (steps[1].fields[0]): “min” (10) must be smaller than “max” (0)" },
  { "table-in-table.json",
    "field “inner” (steps[0].fields[1].columns[0]): a table column cannot be a table" },
  { "unknown-key.json",
    "field “situation” (steps[0].fields[0]): “lable” is not a key this format knows" },
  { "unknown-shared-list.json",
    "field “traps” (steps[1].fields[1]): “options_from” names the list “cognitive-distorsions”, "
    "which does not exist" },
  { "version-text.json", "version: “version” must be a whole number, but it is text" },
  { "wrong-type.json",
    "field “situation” (steps[0].fields[0]): “required” must be true or false, but it is text" },
};

static void
test_broken (void)
{
  g_autoptr (GFile) dir = test_file ("broken", NULL);
  g_autoptr (GFileEnumerator) enumerator = g_file_enumerate_children (
      dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  guint      files = 0;
  GFileInfo *info;

  /* Every file in the corpus has an expectation, and every expectation a file. */
  g_assert_nonnull (enumerator);
  while ((info = g_file_enumerator_next_file (enumerator, NULL, NULL)) != NULL)
    {
      gboolean listed = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
        listed |= g_str_equal (broken[i].file, g_file_info_get_name (info));
      g_assert_true (listed);
      files++;
      g_object_unref (info);
    }
  g_assert_cmpuint (files, ==, G_N_ELEMENTS (broken));
  g_assert_cmpuint (files, >=, 12);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr (GFile) file = test_file ("broken", broken[i].file, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (ReframeTemplate) template = reframe_template_new_from_file (file, &error);
      g_autofree char *prefix = g_strconcat (broken[i].file, ": ", NULL);

      g_test_message ("%s", error ? error->message : "(loaded)");
      g_assert_null (template);
      g_assert_error (error, REFRAME_TEMPLATE_ERROR, REFRAME_TEMPLATE_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_nonnull (strstr (error->message, broken[i].names));
    }
}

/* Answers whose items sum to @total, filling item 1 first; the item values are numbers or,
 * with @as_strings, option values. */
static JsonObject *
answers_with_total (guint    n_items,
                    int      total,
                    gboolean as_strings)
{
  JsonObject *answers = json_object_new ();

  for (guint i = 1; i <= n_items; i++)
    {
      g_autofree char *id = g_strdup_printf ("item_%u", i);
      int              value = MIN (3, total);

      total -= value;
      if (as_strings)
        json_object_set_string_member (answers, id, (const char *[]){ "0", "1", "2", "3" }[value]);
      else
        json_object_set_int_member (answers, id, value);
    }
  g_assert_cmpint (total, ==, 0);
  return answers;
}

static void
assert_band (ReframeTemplate *template,
             guint       n_items,
             int         total,
             const char *band)
{
  for (int as_strings = 0; as_strings < 2; as_strings++)
    {
      g_autoptr (JsonObject) answers = answers_with_total (n_items, total, as_strings);
      g_autoptr (ReframeQuestionnaireScore) score = NULL;
      g_autoptr (GError) error = NULL;

      /* The difficulty question is stored but never added to the total. */
      json_object_set_string_member (answers, "difficulty", "extremely");
      score = reframe_template_score (template, answers, &error);
      g_assert_no_error (error);
      g_assert_cmpint (score->score, ==, total);
      g_assert_cmpstr (score->band_label, ==, band);
      g_assert_cmpint (score->max_score, ==, n_items * 3);
    }
}

static void
test_phq9_bands (void)
{
  g_autoptr (ReframeTemplate) phq = builtin ("phq-9");
  const ReframeTemplateField  *item = reframe_template_lookup_field (phq, "item_9");
  const ReframeTemplateOption *option;

  g_assert_cmpint (reframe_template_get_kind (phq), ==, REFRAME_TEMPLATE_KIND_QUESTIONNAIRE);
  g_assert_cmpint (reframe_template_get_max_score (phq), ==, 27);
  g_assert_cmpuint (reframe_template_get_scored_fields (phq)->len, ==, 9);
  g_assert_cmpstr (reframe_template_field_get_label (item),
                   ==,
                   "Thoughts that you would be better off dead or of hurting yourself in some way");
  option = g_ptr_array_index (reframe_template_field_get_options (item), 2);
  g_assert_cmpstr (option->label, ==, "More than half the days");
  g_assert_cmpint (option->score, ==, 2);
  g_assert_true (
      g_str_has_prefix (reframe_template_get_notice (phq), "Developed by Drs. Robert L. Spitzer"));

  /* clinical.md section 1: 0-4 minimal (none), 5-9 mild, 10-14 moderate, 15-19 moderately
   * severe, 20-27 severe; both sides of every boundary. */
  assert_band (phq, 9, 0, "Minimal (none)");
  assert_band (phq, 9, 4, "Minimal (none)");
  assert_band (phq, 9, 5, "Mild");
  assert_band (phq, 9, 9, "Mild");
  assert_band (phq, 9, 10, "Moderate");
  assert_band (phq, 9, 14, "Moderate");
  assert_band (phq, 9, 15, "Moderately severe");
  assert_band (phq, 9, 19, "Moderately severe");
  assert_band (phq, 9, 20, "Severe");
  assert_band (phq, 9, 27, "Severe");
}

static void
test_gad7_bands (void)
{
  g_autoptr (ReframeTemplate) gad = builtin ("gad-7");
  g_autoptr (JsonObject) answers = answers_with_total (7, 21, FALSE);

  g_assert_cmpint (reframe_template_get_max_score (gad), ==, 21);
  g_assert_cmpstr (reframe_template_field_get_label (reframe_template_lookup_field (gad, "item_2")),
                   ==,
                   "Not being able to stop or control worrying");
  /* clinical.md section 2: 0-4, 5-9, 10-14, 15-21. */
  assert_band (gad, 7, 0, "Minimal");
  assert_band (gad, 7, 4, "Minimal");
  assert_band (gad, 7, 5, "Mild");
  assert_band (gad, 7, 9, "Mild");
  assert_band (gad, 7, 10, "Moderate");
  assert_band (gad, 7, 14, "Moderate");
  assert_band (gad, 7, 15, "Severe");
  assert_band (gad, 7, 21, "Severe");
  /* The GAD-7 has no self-harm item. */
  g_assert_false (reframe_template_check_safety (gad, answers, NULL));
}

static void
test_safety_rule (void)
{
  g_autoptr (ReframeTemplate) phq = builtin ("phq-9");

  for (int value = 0; value <= 3; value++)
    {
      g_autoptr (JsonObject) answers = answers_with_total (9, 0, TRUE);
      g_autoptr (JsonObject) partial = json_object_new ();
      g_autoptr (ReframeQuestionnaireScore) score = NULL;
      g_autoptr (GError) error = NULL;
      const char *field = "unset";

      json_object_set_string_member (
          answers, "item_9", (const char *[]){ "0", "1", "2", "3" }[value]);
      score = reframe_template_score (phq, answers, &error);
      g_assert_no_error (error);
      g_assert_cmpint (score->score, ==, value);
      /* Whatever the total ("Minimal (none)" here), item 9 above zero triggers. */
      g_assert_cmpstr (score->band_label, ==, "Minimal (none)");
      g_assert_cmpint (score->safety_triggered, ==, value >= 1);
      g_assert_cmpstr (score->safety_field_id, ==, value >= 1 ? "item_9" : NULL);

      /* As soon as the answer is chosen, before the rest. */
      json_object_set_int_member (partial, "item_9", value);
      g_assert_cmpint (reframe_template_check_safety (phq, partial, &field), ==, value >= 1);
      g_assert_cmpstr (field, ==, value >= 1 ? "item_9" : NULL);
    }
}

static void
test_incomplete (void)
{
  g_autoptr (ReframeTemplate) phq = builtin ("phq-9");
  g_autoptr (ReframeTemplate) record = builtin ("thought-record");
  g_autoptr (JsonObject) answers = answers_with_total (9, 12, TRUE);
  g_autoptr (ReframeQuestionnaireScore) score = NULL;
  g_autoptr (GError) error = NULL;

  json_object_remove_member (answers, "item_4");
  json_object_set_string_member (answers, "item_5", "7");
  score = reframe_template_score (phq, answers, &error);
  g_assert_null (score);
  g_assert_error (error, REFRAME_TEMPLATE_ERROR, REFRAME_TEMPLATE_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "2 questions"));
  g_clear_error (&error);

  score = reframe_template_score (record, answers, &error);
  g_assert_null (score);
  g_assert_error (error, REFRAME_TEMPLATE_ERROR, REFRAME_TEMPLATE_ERROR_NOT_SCORED);
}

static void
test_validate_answers (void)
{
  g_autoptr (ReframeTemplate) record = builtin ("thought-record");
  g_autoptr (ReframeTemplate) good = builtin ("three-good-things");
  g_autoptr (JsonObject) answers = json_object_new ();
  g_autoptr (JsonArray) emotions = json_array_new ();
  g_autoptr (JsonArray) rows = json_array_new ();
  g_autoptr (JsonObject) row = json_object_new ();
  g_autoptr (JsonObject) emotion = json_object_new ();
  g_autoptr (JsonObject) empty = json_object_new ();
  g_autoptr (GPtrArray) missing = NULL;

  g_assert_false (reframe_template_validate_answers (record, answers, &missing));
  g_assert_cmpuint (missing->len, ==, 9);
  g_assert_cmpstr (g_ptr_array_index (missing, 0), ==, "situation");
  g_clear_pointer (&missing, g_ptr_array_unref);

  json_object_set_string_member (answers, "situation", "Monday, office.");
  json_object_set_string_member (emotion, "name", "sad");
  json_object_set_int_member (emotion, "before", 80);
  json_array_add_object_element (emotions, json_object_ref (emotion));
  json_object_set_array_member (answers, "emotions", json_array_ref (emotions));
  json_object_set_string_member (answers, "automatic_thoughts", "Not good enough.");
  json_object_set_string_member (answers, "hot_thought", "Not good enough.");
  json_object_set_int_member (answers, "hot_thought_belief", 90);
  json_object_set_string_member (answers, "evidence_for", "No job.");
  json_object_set_string_member (answers, "evidence_against", "   ");
  json_object_set_string_member (answers, "balanced_thought", "I got far.");
  json_object_set_int_member (answers, "balanced_thought_belief", 60);
  g_assert_false (reframe_template_validate_answers (record, answers, &missing));
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (missing, 0), ==, "evidence_against");
  json_object_set_string_member (answers, "evidence_against", "Shortlisted.");
  g_assert_true (reframe_template_validate_answers (record, answers, NULL));

  /* A table row needs its required cells. */
  json_object_set_string_member (row, "why", "Took the time.");
  json_array_add_object_element (rows, json_object_ref (row));
  json_object_set_array_member (empty, "good_things", json_array_ref (rows));
  g_assert_false (reframe_template_validate_answers (good, empty, NULL));
  json_object_set_string_member (row, "what", "A thank-you.");
  g_assert_true (reframe_template_validate_answers (good, empty, NULL));
}

static void
test_versions (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autoptr (ReframeTemplateRegistry) registry = reframe_template_registry_new (dir, NULL);
  g_autoptr (ReframeTemplateRegistry) reopened = NULL;
  g_autoptr (GFile) v1 = test_file ("versions", "three-good-things-v1.json", NULL);
  g_autoptr (GFile) v2 = test_file ("versions", "three-good-things-v2.json", NULL);
  ReframeTemplate *first, *second;
  g_autoptr (GError) error = NULL;
  GListModel *templates = reframe_template_registry_get_templates (registry);
  const char *id = "therapist-three-good-things";

  g_assert_cmpuint (g_list_model_get_n_items (templates), ==, G_N_ELEMENTS (builtin_ids));
  /* Version 2 first: importing an older version later must not replace the newer. */
  second = reframe_template_registry_import (registry, v2, &error);
  g_assert_no_error (error);
  first = reframe_template_registry_import (registry, v1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_template_get_version (first), ==, 1);
  g_assert_cmpuint (reframe_template_get_version (second), ==, 2);

  g_assert_true (reframe_template_registry_lookup (registry, id, 1) == first);
  g_assert_true (reframe_template_registry_lookup (registry, id, 2) == second);
  g_assert_true (reframe_template_registry_lookup (registry, id, 0) == second);
  g_assert_null (reframe_template_registry_lookup (registry, id, 3));
  g_assert_cmpuint (g_list_model_get_n_items (templates), ==, G_N_ELEMENTS (builtin_ids) + 1);
  {
    g_autoptr (ReframeTemplate) listed =
        g_list_model_get_item (templates, G_N_ELEMENTS (builtin_ids));

    g_assert_true (listed == second);
  }
  g_assert_null (reframe_template_lookup_field (first, "mood"));
  g_assert_nonnull (reframe_template_lookup_field (second, "mood"));

  /* Both versions come back after a restart. */
  reopened = reframe_template_registry_new (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (
      reframe_template_get_version (reframe_template_registry_lookup (reopened, id, 1)), ==, 1);
  g_assert_cmpuint (
      reframe_template_get_version (reframe_template_registry_lookup (reopened, id, 0)), ==, 2);
  g_assert_cmpuint (reframe_template_registry_get_versions (reopened, id)->len, ==, 2);
  g_assert_cmpuint (reframe_template_registry_get_problems (reopened)->len, ==, 0);

  g_clear_object (&registry);
  g_clear_object (&reopened);
  reframe_test_remove_tree (dir);
}

static void
test_import_export (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autofree char *exported_path = g_build_filename (dir, "exported.json", NULL);
  g_autofree char *clash_path = g_build_filename (dir, "clash.json", NULL);
  g_autofree char *phq_path = g_build_filename (dir, "phq-9.json", NULL);
  g_autoptr (ReframeTemplateRegistry) registry = reframe_template_registry_new (dir, NULL);
  g_autoptr (GFile) source = test_file ("versions", "three-good-things-v1.json", NULL);
  g_autoptr (GFile) exported = g_file_new_for_path (exported_path);
  g_autoptr (GFile) broken_file = test_file ("broken", "band-gap.json", NULL);
  ReframeTemplate *imported, *again;
  g_autoptr (ReframeTemplate) preview = NULL;
  g_autoptr (GBytes) source_bytes = g_file_load_bytes (source, NULL, NULL, NULL);
  g_autoptr (GBytes) exported_bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) copy = NULL;

  imported = reframe_template_registry_import (registry, source, &error);
  g_assert_no_error (error);
  g_assert_false (reframe_template_get_builtin (imported));
  copy = g_file_new_build_filename (reframe_template_registry_get_templates_dir (registry),
                                    "therapist-three-good-things-v1.json",
                                    NULL);
  g_assert_true (g_file_query_exists (copy, NULL));

  /* Importing the same file again is harmless. */
  again = reframe_template_registry_import (registry, source, &error);
  g_assert_no_error (error);
  g_assert_true (again == imported);

  g_assert_true (reframe_template_registry_export (registry, imported, exported, &error));
  g_assert_no_error (error);
  exported_bytes = g_file_load_bytes (exported, NULL, NULL, NULL);
  g_assert_true (g_bytes_equal (source_bytes, exported_bytes));
  preview = reframe_template_new_from_file (exported, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reframe_template_get_id (preview), ==, "therapist-three-good-things");

  /* A different file with the same id and version is refused. */
  {
    g_autofree char *text =
        g_strndup (g_bytes_get_data (source_bytes, NULL), g_bytes_get_size (source_bytes));
    g_auto (GStrv) parts = g_strsplit (text, "Each evening", 2);
    g_autofree char *changed = g_strjoinv ("Every evening", parts);
    g_autoptr (GFile) clash_file = g_file_new_for_path (clash_path);

    g_assert_true (g_file_set_contents (clash_path, changed, -1, NULL));
    g_assert_null (reframe_template_registry_import (registry, clash_file, &error));
    g_assert_error (error, REFRAME_TEMPLATE_ERROR, REFRAME_TEMPLATE_ERROR_EXISTS);
    g_clear_error (&error);
  }

  /* A built-in's id cannot be taken over by an import. */
  {
    g_autoptr (ReframeTemplate) phq = builtin ("phq-9");
    g_autoptr (GFile) phq_file = g_file_new_for_path (phq_path);

    g_assert_true (reframe_template_registry_export (registry, phq, phq_file, &error));
    g_assert_null (reframe_template_registry_import (registry, phq_file, &error));
    g_assert_error (error, REFRAME_TEMPLATE_ERROR, REFRAME_TEMPLATE_ERROR_EXISTS);
    g_clear_error (&error);
  }

  /* A broken file is refused with the parser's message and nothing is copied. */
  g_assert_null (reframe_template_registry_import (registry, broken_file, &error));
  g_assert_error (error, REFRAME_TEMPLATE_ERROR, REFRAME_TEMPLATE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "band-gap.json: "));
  g_assert_null (reframe_template_registry_lookup (registry, "mini-scale", 0));

  g_clear_object (&registry);
  reframe_test_remove_tree (dir);
}

static void
test_broken_import_skipped (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autofree char *templates = g_build_filename (dir, "templates", NULL);
  g_autofree char *path = g_build_filename (templates, "bad.json", NULL);
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *problems;

  g_assert_cmpint (g_mkdir_with_parents (templates, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "{\"format\": 1}", -1, NULL));
  registry = reframe_template_registry_new (dir, &error);
  g_assert_no_error (error);
  problems = reframe_template_registry_get_problems (registry);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, "bad.json: id: “id” is missing.");
  g_assert_cmpuint (g_list_model_get_n_items (reframe_template_registry_get_templates (registry)),
                    ==,
                    G_N_ELEMENTS (builtin_ids));

  g_clear_object (&registry);
  reframe_test_remove_tree (dir);
}

static char *
escape_c (const char *text)
{
  GString *escaped = g_string_new (NULL);

  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (escaped, '\\');
      if (*c == '\n')
        g_string_append (escaped, "\\n");
      else
        g_string_append_c (escaped, *c);
    }
  return g_string_free (escaped, FALSE);
}

static void
assert_extracted (const char *strings,
                  const char *text)
{
  g_autofree char *escaped = NULL;
  g_autofree char *call = NULL;

  if (text == NULL)
    return;
  escaped = escape_c (text);
  call = g_strdup_printf ("N_ (\"%s\")", escaped);
  if (strstr (strings, call) == NULL)
    g_error ("“%s” is not in data/worksheets/template-strings.c; run "
             "build-aux/extract-template-strings.py",
             text);
}

static void
assert_field_extracted (const char                 *strings,
                        const ReframeTemplateField *field)
{
  GPtrArray *options = reframe_template_field_get_options (field);
  GPtrArray *columns = reframe_template_field_get_columns (field);

  assert_extracted (strings, reframe_template_field_get_label (field));
  assert_extracted (strings, reframe_template_field_get_help (field));
  assert_extracted (strings, reframe_template_field_get_placeholder (field));
  assert_extracted (strings, reframe_template_field_get_min_label (field));
  assert_extracted (strings, reframe_template_field_get_max_label (field));
  for (guint i = 0; i < options->len; i++)
    {
      ReframeTemplateOption *option = g_ptr_array_index (options, i);

      assert_extracted (strings, option->label);
      assert_extracted (strings, option->help);
    }
  for (guint i = 0; i < columns->len; i++)
    assert_field_extracted (strings, g_ptr_array_index (columns, i));
}

/* The tests run untranslated (LC_ALL=C), so every string read is the file's own. */
static void
test_strings_extracted (void)
{
  g_autofree char *path = g_build_filename (
      g_test_get_dir (G_TEST_DIST), "..", "data", "worksheets", "template-strings.c", NULL);
  g_autoptr (GPtrArray) builtins = reframe_template_registry_dup_builtins (NULL);
  g_autofree char *strings = NULL;

  g_assert_true (g_file_get_contents (path, &strings, NULL, NULL));
  for (guint i = 0; i < builtins->len; i++)
    {
      ReframeTemplate *template = g_ptr_array_index (builtins, i);
      GPtrArray *steps = reframe_template_get_steps (template);
      GPtrArray *bands = reframe_template_get_bands (template);

      assert_extracted (strings, reframe_template_get_title (template));
      assert_extracted (strings, reframe_template_get_description (template));
      for (guint b = 0; b < bands->len; b++)
        assert_extracted (strings, ((ReframeTemplateBand *) g_ptr_array_index (bands, b))->label);
      for (guint s = 0; s < steps->len; s++)
        {
          ReframeTemplateStep *step = g_ptr_array_index (steps, s);
          GPtrArray           *fields = reframe_template_step_get_fields (step);

          assert_extracted (strings, reframe_template_step_get_title (step));
          assert_extracted (strings, reframe_template_step_get_guidance (step));
          assert_extracted (strings, reframe_template_step_get_example (step));
          for (guint f = 0; f < fields->len; f++)
            assert_field_extracted (strings, g_ptr_array_index (fields, f));
        }
    }
}

/* The example in docs/template-format.md is a valid template, and so are its answers. */
static void
test_documented_example (void)
{
  g_autofree char *path =
      g_build_filename (g_test_get_dir (G_TEST_DIST), "..", "docs", "template-format.md", NULL);
  g_autofree char *doc = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (ReframeTemplate) template = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  const ReframeTemplateField *helpers;
  const char                 *start, *end, *answers_start, *answers_end;

  g_assert_true (g_file_get_contents (path, &doc, NULL, NULL));
  start = strstr (strstr (doc, "## Example"), "```json\n") + strlen ("```json\n");
  end = strstr (start, "```");
  bytes = g_bytes_new (start, end - start);
  template = reframe_template_new_from_bytes (bytes, "template-format.md", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reframe_template_get_id (template), ==, "sleep-diary");
  helpers = reframe_template_lookup_field (template, "helpers");
  g_assert_cmpuint (reframe_template_field_get_options (helpers)->len, ==, 2);

  answers_start = strstr (end + 3, "```json\n") + strlen ("```json\n");
  answers_end = strstr (answers_start, "```");
  g_assert_true (
      json_parser_load_from_data (parser, answers_start, answers_end - answers_start, &error));
  g_assert_no_error (error);
  g_assert_true (reframe_template_validate_answers (
      template, json_node_get_object (json_parser_get_root (parser)), NULL));
}

static int
run_cli (const char *dir,
         gboolean    json,
         char      **out)
{
  return reframe_test_cli_run (&(ReframeTestCli){ .data_dir = dir, .quiet = TRUE },
                               out,
                               NULL,
                               "templates",
                               json ? "--json" : NULL,
                               NULL);
}

static void
test_cli (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autoptr (ReframeTemplateRegistry) registry = reframe_template_registry_new (dir, NULL);
  g_autoptr (GFile) v1 = test_file ("versions", "three-good-things-v1.json", NULL);
  g_autoptr (GFile) v2 = test_file ("versions", "three-good-things-v2.json", NULL);
  ReframeTemplate *first = reframe_template_registry_import (registry, v1, NULL);
  ReframeTemplate *second = reframe_template_registry_import (registry, v2, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  JsonArray       *templates;
  JsonObject      *last;

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_cmpint (run_cli (dir, TRUE, &out), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  templates = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "templates");
  g_assert_cmpuint (json_array_get_length (templates), ==, G_N_ELEMENTS (builtin_ids) + 1);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (templates, 0), "id"),
      ==,
      "safety-plan");
  g_assert_true (
      json_object_get_boolean_member (json_array_get_object_element (templates, 0), "builtin"));
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (templates, 8), "kind"),
      ==,
      "questionnaire");
  last = json_array_get_object_element (templates, G_N_ELEMENTS (builtin_ids));
  g_assert_cmpstr (json_object_get_string_member (last, "id"), ==, "therapist-three-good-things");
  g_assert_cmpint (json_object_get_int_member (last, "version"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (last, "versions")), ==, 2);
  g_assert_false (json_object_get_boolean_member (last, "builtin"));

  g_assert_cmpint (run_cli (dir, FALSE, &text), ==, 0);
  g_assert_nonnull (strstr (text, "phq-9"));
  g_assert_nonnull (strstr (text, "Thought record"));
  g_assert_nonnull (strstr (text, "imported"));

  g_clear_object (&registry);
  reframe_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/templates/builtins-load", test_builtins_load);
  g_test_add_func ("/reframe/templates/thought-record", test_thought_record);
  g_test_add_func ("/reframe/templates/shared-list", test_shared_list);
  g_test_add_func ("/reframe/templates/other-builtins", test_other_builtins);
  g_test_add_func ("/reframe/templates/broken", test_broken);
  g_test_add_func ("/reframe/templates/phq9-bands", test_phq9_bands);
  g_test_add_func ("/reframe/templates/gad7-bands", test_gad7_bands);
  g_test_add_func ("/reframe/templates/safety-rule", test_safety_rule);
  g_test_add_func ("/reframe/templates/incomplete", test_incomplete);
  g_test_add_func ("/reframe/templates/validate-answers", test_validate_answers);
  g_test_add_func ("/reframe/templates/versions", test_versions);
  g_test_add_func ("/reframe/templates/import-export", test_import_export);
  g_test_add_func ("/reframe/templates/broken-import-skipped", test_broken_import_skipped);
  g_test_add_func ("/reframe/templates/strings-extracted", test_strings_extracted);
  g_test_add_func ("/reframe/templates/documented-example", test_documented_example);
  g_test_add_func ("/reframe/templates/command-lists-templates-as-text-and-json", test_cli);
  return g_test_run ();
}
