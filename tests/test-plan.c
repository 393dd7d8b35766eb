/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plan.c: homework plans: export and import round trip, importing twice, dry runs,
 * malformed plans, templates that travel with a plan, and `reframe plan`. */

#include <glib/gstdio.h>
#include <string.h>

#include "reframe-archive.h"
#include "reframe-assignment-repository.h"
#include "reframe-homework.h"
#include "reframe-import.h"
#include "reframe-plan-import.h"
#include "reframe-plan.h"
#include "reframe-report-pdf-private.h"
#include "reframe-report.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-test-util.h"
#include "test-plan-private.h"

/* A template of the therapist's own. */
const char _reframe_test_custom_template[] =
    "{\"format\": 1, \"id\": \"" CUSTOM_ID "\", \"version\": 1, \"kind\": \"worksheet\","
    " \"title\": \"" CUSTOM_TITLE "\", \"description\": \"When you slept, and how well.\","
    " \"steps\": [{\"title\": \"Last night\", \"guidance\": \"Write when you went to bed and "
    "woke.\","
    " \"fields\": [{\"id\": \"night\", \"type\": \"long_text\", \"label\": \"The night\", "
    "\"required\": true}]}]}";

/* A plan written by hand, as docs/plan-format.md shows; @extra goes at its end. */
char *
_reframe_test_plan_text (const char *assignments,
                         const char *extra)
{
  return g_strdup_printf ("{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": \"" PLAN_UUID
                          "\","
                          " \"therapist\": \"Dr. Ana Meyer\", \"period\": {\"from\": "
                          "\"2026-03-02\", \"to\": \"2026-03-29\"},"
                          " \"assignments\": [%s]%s}",
                          assignments,
                          extra ? extra : "");
}

GBytes *
_reframe_test_bytes_of (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

ReframePlan *
_reframe_test_read_plan (const char *text)
{
  g_autoptr (GBytes) bytes = _reframe_test_bytes_of (text);
  g_autoptr (GError) error = NULL;
  ReframePlan *plan = reframe_plan_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

static GDate
day (guint year,
     guint month,
     guint mday)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, mday, month, year);
  return date;
}

guint
_reframe_test_count_assignments (ReframeStore *store)
{
  g_autoptr (GListModel) list =
      reframe_assignment_repository_list (reframe_store_get_assignments (store), NULL);

  g_assert_nonnull (list);
  return g_list_model_get_n_items (list);
}

ReframeAssignment *
_reframe_test_get_assignment (ReframeStore *store,
                              const char   *uuid)
{
  g_autoptr (GError) error = NULL;
  ReframeAssignment *assignment =
      reframe_assignment_repository_get (reframe_store_get_assignments (store), uuid, &error);

  g_assert_no_error (error);
  return assignment;
}

void
_reframe_test_save (ReframeStore      *store,
                    ReframeAssignment *assignment)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_assignment_repository_save (
      reframe_store_get_assignments (store), assignment, &error));
  g_assert_no_error (error);
}

static ReframePlanImport *
preview (ReframeStore *store,
         ReframePlan  *plan)
{
  g_autoptr (GError) error = NULL;
  ReframePlanImport *import = reframe_plan_import_new (store, plan, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

void
_reframe_test_import_plan (ReframeStore *store,
                           ReframePlan  *plan)
{
  g_autoptr (ReframePlanImport) import = preview (store, plan);
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_plan_import_apply (import, NULL, &error));
  g_assert_no_error (error);
}

void
_reframe_test_assert_same_day (const GDate *a,
                               const GDate *b)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (a != NULL)
    g_assert_cmpint (g_date_compare (a, b), ==, 0);
}

/* Everything a therapist sets, field by field. */
static void
assert_same_homework (ReframeAssignment *expected,
                      ReframeAssignment *actual)
{
  g_assert_cmpstr (
      reframe_assignment_get_uuid (expected), ==, reframe_assignment_get_uuid (actual));
  g_assert_cmpstr (
      reframe_assignment_get_title (expected), ==, reframe_assignment_get_title (actual));
  g_assert_cmpstr (reframe_assignment_get_template_id (expected),
                   ==,
                   reframe_assignment_get_template_id (actual));
  g_assert_cmpint (
      reframe_assignment_get_frequency (expected), ==, reframe_assignment_get_frequency (actual));
  g_assert_cmpuint (reframe_assignment_get_times_per_week (expected),
                    ==,
                    reframe_assignment_get_times_per_week (actual));
  _reframe_test_assert_same_day (reframe_assignment_get_start_date (expected),
                                 reframe_assignment_get_start_date (actual));
  _reframe_test_assert_same_day (reframe_assignment_get_end_date (expected),
                                 reframe_assignment_get_end_date (actual));
  _reframe_test_assert_same_day (reframe_assignment_get_due_date (expected),
                                 reframe_assignment_get_due_date (actual));
  g_assert_cmpstr (
      reframe_assignment_get_rationale (expected), ==, reframe_assignment_get_rationale (actual));
  g_assert_cmpstr (reframe_assignment_get_therapist_note (expected),
                   ==,
                   reframe_assignment_get_therapist_note (actual));
}

ReframeAssignment *
_reframe_test_make_assignment (const char      *title,
                               const char      *template_id,
                               ReframeFrequency frequency,
                               GDate            start,
                               const GDate     *end)
{
  ReframeAssignment *assignment = reframe_assignment_new (title, template_id);

  reframe_assignment_set_frequency (assignment, frequency);
  reframe_assignment_set_start_date (assignment, &start);
  if (frequency == REFRAME_FREQUENCY_ONCE)
    reframe_assignment_set_due_date (assignment, end);
  else
    reframe_assignment_set_end_date (assignment, end);
  return assignment;
}

void
_reframe_test_install_custom_template (const char *dir)
{
  g_autoptr (ReframeTemplateRegistry) registry = reframe_template_registry_new (dir, NULL);
  g_autoptr (GBytes) bytes = _reframe_test_bytes_of (_reframe_test_custom_template);
  g_autoptr (ReframeTemplate) template =
      reframe_template_new_from_bytes (bytes, "sleep-diary.json", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (template);
  g_assert_nonnull (reframe_template_registry_import_template (registry, template, &error));
  g_assert_no_error (error);
}

/* The therapist's journal: homework of every kind, one with a template of their own. */
GPtrArray *
_reframe_test_fill_therapist_journal (ReframeStore *store)
{
  GPtrArray *made = g_ptr_array_new_with_free_func (g_object_unref);
  GDate      end = day (2026, 3, 29), due = day (2026, 3, 9), early = day (2026, 2, 1),
        early_end = day (2026, 2, 20);
  ReframeAssignment *assignment;

  _reframe_test_install_custom_template (reframe_store_get_data_dir (store));
  assignment = _reframe_test_make_assignment ("Thought record after a hard moment",
                                              "thought-record",
                                              REFRAME_FREQUENCY_TIMES_PER_WEEK,
                                              day (2026, 3, 2),
                                              &end);
  reframe_assignment_set_times_per_week (assignment, 3);
  reframe_assignment_set_rationale (assignment, "To catch the thought that comes first.");
  reframe_assignment_set_therapist_note (assignment, "Bring two to our next session.");
  reframe_assignment_set_reminder (assignment, TRUE);
  g_ptr_array_add (made, assignment);
  g_ptr_array_add (made,
                   _reframe_test_make_assignment (
                       "Walk 20 minutes", NULL, REFRAME_FREQUENCY_DAILY, day (2026, 3, 2), NULL));
  g_ptr_array_add (made,
                   _reframe_test_make_assignment (
                       "Write to my sister", NULL, REFRAME_FREQUENCY_ONCE, day (2026, 3, 3), &due));
  g_ptr_array_add (made,
                   _reframe_test_make_assignment (
                       "Sleep diary", CUSTOM_ID, REFRAME_FREQUENCY_DAILY, day (2026, 3, 5), &end));
  for (guint i = 0; i < made->len; i++)
    _reframe_test_save (store, g_ptr_array_index (made, i));
  /* Before the period, and archived: neither goes into the plan. */
  assignment = _reframe_test_make_assignment (
      "Last month's log", NULL, REFRAME_FREQUENCY_DAILY, early, &early_end);
  _reframe_test_save (store, assignment);
  g_object_unref (assignment);
  assignment = _reframe_test_make_assignment (
      "Put away", NULL, REFRAME_FREQUENCY_DAILY, day (2026, 3, 2), NULL);
  reframe_assignment_set_archived (assignment, TRUE);
  _reframe_test_save (store, assignment);
  g_object_unref (assignment);
  return made;
}

static void
test_round_trip (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autofree char *therapist_dir = g_build_filename (dir, "therapist", NULL);
  g_autofree char *person_dir = g_build_filename (dir, "person", NULL);
  g_autoptr (ReframeStore) therapist = reframe_store_open (therapist_dir, NULL);
  g_autoptr (ReframeStore) person = reframe_store_open (person_dir, NULL);
  g_autoptr (GPtrArray) made = _reframe_test_fill_therapist_journal (therapist);
  g_autoptr (GPtrArray) repeats =
      g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_plan_repeat_free);
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (ReframePlan) exported = NULL;
  g_autoptr (ReframePlan) plan = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GBytes) again = NULL;
  g_autoptr (GError) error = NULL;
  ReframeTemplate *custom;
  GDate            from = day (2026, 3, 2), to = day (2026, 3, 29);

  g_ptr_array_add (repeats,
                   reframe_plan_repeat_new (
                       "2d1b8c74-8a3f-4b9c-9e3a-4f5d6c7e8f90", "phq-9", 2, "Before our sessions."));
  exported =
      reframe_plan_new_from_journal (therapist, "Dr. Ana Meyer", &from, &to, repeats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_plan_get_items (exported)->len, ==, made->len);
  g_assert_cmpuint (reframe_plan_get_templates (exported)->len, ==, 1);

  /* What is written is what is read. */
  bytes = reframe_plan_to_bytes (exported);
  plan = reframe_plan_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  again = reframe_plan_to_bytes (plan);
  g_assert_true (g_bytes_equal (bytes, again));
  g_assert_cmpstr (reframe_plan_get_therapist (plan), ==, "Dr. Ana Meyer");

  /* Into an empty journal: the same homework, field by field, none of the person's own. */
  _reframe_test_import_plan (person, plan);
  g_assert_cmpuint (_reframe_test_count_assignments (person), ==, made->len + 2);
  for (guint i = 0; i < made->len; i++)
    {
      ReframeAssignment *expected = g_ptr_array_index (made, i);
      g_autoptr (ReframeAssignment) actual =
          _reframe_test_get_assignment (person, reframe_assignment_get_uuid (expected));

      assert_same_homework (expected, actual);
      g_assert_false (reframe_assignment_get_reminder (actual));
      g_assert_false (reframe_assignment_get_archived (actual));
    }

  /* The template of the therapist's own came along. */
  registry = reframe_template_registry_new (person_dir, NULL);
  custom = reframe_template_registry_lookup (registry, CUSTOM_ID, 1);
  g_assert_nonnull (custom);
  g_assert_cmpstr (reframe_template_get_title (custom), ==, CUSTOM_TITLE);

  /* And the person's journal makes the same plan again. */
  {
    g_autoptr (ReframePlan) back =
        reframe_plan_new_from_journal (person, "Dr. Ana Meyer", &from, &to, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (reframe_plan_get_items (back)->len, ==, made->len + 2);
    for (guint i = 0; i < made->len; i++)
      {
        ReframeAssignment *expected = g_ptr_array_index (reframe_plan_get_items (plan), i);
        ReframeAssignment *found = NULL;

        for (guint j = 0; j < reframe_plan_get_items (back)->len && found == NULL; j++)
          if (g_str_equal (reframe_assignment_get_uuid (
                               g_ptr_array_index (reframe_plan_get_items (back), j)),
                           reframe_assignment_get_uuid (expected)))
            found = g_ptr_array_index (reframe_plan_get_items (back), j);
        g_assert_nonnull (found);
        assert_same_homework (expected, found);
      }
  }

  g_assert_finalize_object (g_steal_pointer (&therapist));
  g_assert_finalize_object (g_steal_pointer (&person));
  reframe_test_remove_tree (dir);
}

static void
test_repeats (void)
{
  g_autofree char *text = _reframe_test_plan_text (
      WALK,
      ", \"questionnaires\": [{\"uuid\": \"2d1b8c74-8a3f-4b9c-9e3a-4f5d6c7e8f90\","
      " \"template_id\": \"phq-9\", \"every_weeks\": 2, \"note\": \"Every other week.\"},"
      " {\"uuid\": \"3e2c9d85-9b4a-4cad-8f4b-5a6e7d8f9a01\", \"template_id\": \"gad-7\", "
      "\"every_weeks\": 3}]");
  g_autoptr (ReframePlan) plan = _reframe_test_read_plan (text);
  g_autoptr (ReframePlan) same = _reframe_test_read_plan (text);
  g_autoptr (GPtrArray) assignments = reframe_plan_dup_assignments (plan);
  g_autoptr (GPtrArray) again = reframe_plan_dup_assignments (same);
  GDate expected[][2] = {
    { day (2026, 3, 2), day (2026, 3, 15) },
    { day (2026, 3, 16), day (2026, 3, 29) },
    { day (2026, 3, 2), day (2026, 3, 22) },
    { day (2026, 3, 23), day (2026, 3, 29) }, /* the last stretch ends with the plan */
  };

  /* The walk, two fortnights of PHQ-9, and three weeks of GAD-7 then one. */
  g_assert_cmpuint (assignments->len, ==, 5);
  for (guint i = 1; i < assignments->len; i++)
    {
      ReframeAssignment *assignment = g_ptr_array_index (assignments, i);

      g_assert_cmpint (reframe_assignment_get_frequency (assignment), ==, REFRAME_FREQUENCY_ONCE);
      _reframe_test_assert_same_day (reframe_assignment_get_start_date (assignment),
                                     &expected[i - 1][0]);
      _reframe_test_assert_same_day (reframe_assignment_get_due_date (assignment),
                                     &expected[i - 1][1]);
      g_assert_cmpstr (
          reframe_assignment_get_template_id (assignment), ==, i < 3 ? "phq-9" : "gad-7");
      g_assert_cmpstr (reframe_assignment_get_title (assignment), ==, i < 3 ? "PHQ-9" : "GAD-7");
      g_assert_true (g_uuid_string_is_valid (reframe_assignment_get_uuid (assignment)));
      /* Stable: the same plan always makes the same homework. */
      g_assert_cmpstr (reframe_assignment_get_uuid (assignment),
                       ==,
                       reframe_assignment_get_uuid (g_ptr_array_index (again, i)));
      g_assert_cmpstr (
          reframe_assignment_get_uuid (assignment),
          !=,
          reframe_assignment_get_uuid (g_ptr_array_index (assignments, i == 1 ? 2 : 1)));
    }
  g_assert_cmpstr (reframe_assignment_get_therapist_note (g_ptr_array_index (assignments, 1)),
                   ==,
                   "Every other week.");
}

static guint backup_calls;

static gboolean
counting_backup (ReframeStore *store,
                 gpointer      user_data,
                 GError      **error)
{
  backup_calls++;
  return TRUE;
}

static void
test_import_twice (ReframeTestStore *f,
                   gconstpointer     data)
{
  g_autofree char *text = _reframe_test_plan_text (WALK "," RECORD, NULL);
  g_autoptr (ReframePlan) plan = _reframe_test_read_plan (text);
  g_autoptr (ReframePlanImport) second = NULL;
  g_autoptr (ReframeAssignment) walk = NULL;
  g_autoptr (ReframeAssignment) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *updated = NULL;

  backup_calls = 0;
  reframe_import_set_backup_func (counting_backup, NULL);
  _reframe_test_import_plan (f->store, plan);
  g_assert_cmpuint (backup_calls, ==, 1);
  g_assert_cmpuint (_reframe_test_count_assignments (f->store), ==, 2);
  walk = _reframe_test_get_assignment (f->store, WALK_UUID);
  g_assert_cmpstr (reframe_assignment_get_title (walk), ==, "Walk 20 minutes");
  /* Without a start or an end, homework runs through the plan's period. */
  _reframe_test_assert_same_day (reframe_assignment_get_start_date (walk),
                                 reframe_plan_get_from (plan));
  _reframe_test_assert_same_day (reframe_assignment_get_end_date (walk),
                                 reframe_plan_get_to (plan));
  updated = g_date_time_format_iso8601 (reframe_assignment_get_updated (walk));

  /* The same plan again: nothing to do, nothing done, not even a backup. */
  second = preview (f->store, plan);
  g_assert_false (reframe_plan_import_has_changes (second));
  g_assert_cmpuint (reframe_plan_import_count (second, REFRAME_PLAN_CHANGE_NONE), ==, 2);
  g_assert_cmpint (reframe_plan_import_get_plan_kind (second), ==, REFRAME_PLAN_CHANGE_NONE);
  g_assert_true (reframe_plan_import_apply (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (backup_calls, ==, 1);
  g_assert_cmpuint (_reframe_test_count_assignments (f->store), ==, 2);
  after = _reframe_test_get_assignment (f->store, WALK_UUID);
  {
    g_autofree char *still = g_date_time_format_iso8601 (reframe_assignment_get_updated (after));

    g_assert_cmpstr (still, ==, updated);
  }
  reframe_import_set_backup_func (NULL, NULL);
}

static void
test_changes (ReframeTestStore *f,
              gconstpointer     data)
{
  g_autofree char *text = _reframe_test_plan_text (WALK "," RECORD, NULL);
  g_autofree char *changed_text = NULL;
  g_autoptr (ReframePlan) plan = _reframe_test_read_plan (text);
  g_autoptr (ReframePlan) changed = NULL;
  g_autoptr (ReframePlanImport) import = NULL;
  g_autoptr (ReframeAssignment) record = NULL;
  g_autoptr (ReframeAssignment) walk = NULL;
  g_autoptr (GError) error = NULL;
  ReframePlanChange *change;

  _reframe_test_import_plan (f->store, plan);
  /* The person's own choices: a reminder on the record, the walk deleted. */
  record = _reframe_test_get_assignment (f->store, RECORD_UUID);
  reframe_assignment_set_reminder (record, TRUE);
  _reframe_test_save (f->store, record);
  walk = _reframe_test_get_assignment (f->store, WALK_UUID);
  g_assert_true (reframe_assignment_repository_delete (
      reframe_store_get_assignments (f->store), walk, &error));
  g_assert_cmpuint (_reframe_test_count_assignments (f->store), ==, 1);

  /* The therapist sends the plan again with a new note and four days a week. */
  changed_text = _reframe_test_plan_text (
      WALK ", {\"uuid\": \"" RECORD_UUID
           "\", \"title\": \"Thought record\", \"template_id\": \"thought-record\","
           " \"frequency\": \"times_per_week\", \"times_per_week\": 4, \"reason\": \"To "
           "catch the thought\","
           " \"note\": \"Bring three.\"}",
      NULL);
  changed = _reframe_test_read_plan (changed_text);
  import = preview (f->store, changed);
  g_assert_cmpuint (reframe_plan_import_count (import, REFRAME_PLAN_CHANGE_ADD), ==, 1);
  g_assert_cmpuint (reframe_plan_import_count (import, REFRAME_PLAN_CHANGE_UPDATE), ==, 1);
  change = g_ptr_array_index (reframe_plan_import_get_changes (import), 1);
  g_assert_cmpint (change->kind, ==, REFRAME_PLAN_CHANGE_UPDATE);
  g_assert_cmpuint (g_strv_length (change->fields), ==, 2);
  g_assert_cmpstr (change->fields[0], ==, "times_per_week");
  g_assert_cmpstr (change->fields[1], ==, "note");
  g_assert_true (reframe_plan_import_apply (import, NULL, &error));
  g_assert_no_error (error);

  /* The deleted walk is back; the record changed, its reminder still the person's. */
  g_assert_cmpuint (_reframe_test_count_assignments (f->store), ==, 2);
  g_clear_object (&record);
  record = _reframe_test_get_assignment (f->store, RECORD_UUID);
  g_assert_cmpuint (reframe_assignment_get_times_per_week (record), ==, 4);
  g_assert_cmpstr (reframe_assignment_get_therapist_note (record), ==, "Bring three.");
  g_assert_true (reframe_assignment_get_reminder (record));
}

char *
_reframe_test_journal_path (const char *dir)
{
  return g_build_filename (dir, "reframe.db", NULL);
}

static char *
write_plan_file (const char *dir,
                 const char *name,
                 const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_dry_run (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autofree char *journal_dir = g_build_filename (dir, "journal", NULL);
  g_autofree char *empty_dir = g_build_filename (dir, "none", NULL);
  g_autofree char *text = _reframe_test_plan_text (WALK "," RECORD, NULL);
  g_autofree char *path = write_plan_file (dir, "plan.reframe-plan", text);
  g_autofree char *db = _reframe_test_journal_path (journal_dir);
  g_autofree char *out = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (journal_dir, NULL);
  g_autofree char *backups = NULL;
  JsonObject      *object;

  g_assert_finalize_object (g_steal_pointer (&store));
  before = reframe_test_read_bytes (db);

  g_assert_cmpint (
      reframe_test_run_cli (
          (const char *const[]){
              "plan", "import", path, "--dry-run", "--json", "--data-dir", journal_dir, NULL },
          &out),
      ==,
      0);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  object = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (object, "dry_run"));
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (object, "counts"), "new"), ==, 2);

  /* Nothing written: the same journal, byte for byte, and no backup of it. */
  after = reframe_test_read_bytes (db);
  g_assert_true (g_bytes_equal (before, after));
  backups = reframe_test_find_backup (journal_dir, "before-import");
  g_assert_null (backups);

  /* Without a journal, a dry run does not make one. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (reframe_test_run_cli (
                       (const char *const[]){
                           "plan", "import", path, "--dry-run", "--data-dir", empty_dir, NULL },
                       &out),
                   ==,
                   0);
  g_assert_nonnull (strstr (out, "New: Walk 20 minutes"));
  g_assert_nonnull (strstr (out, "Dry run: nothing was written."));
  g_assert_false (g_file_test (empty_dir, G_FILE_TEST_EXISTS));
  reframe_test_remove_tree (dir);
}

static void
test_custom_template (ReframeTestStore *f,
                      gconstpointer     data)
{
  g_autofree char *extra = g_strdup_printf (", \"templates\": [{\"id\": \"" CUSTOM_ID
                                            "\", \"version\": 1, \"template\": %s}]",
                                            _reframe_test_custom_template);
  g_autofree char *text = _reframe_test_plan_text (
      "{\"uuid\": \"" WALK_UUID
      "\", \"title\": \"Sleep diary\", \"frequency\": \"daily\", \"template_id\": \"" CUSTOM_ID
      "\"}",
      extra);
  g_autoptr (ReframePlan) plan = _reframe_test_read_plan (text);
  g_autoptr (ReframePlanImport) import = preview (f->store, plan);
  g_autoptr (ReframePlanImport) again = NULL;
  g_autoptr (ReframeTemplateRegistry) before = reframe_template_registry_new (f->dir, NULL);
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (ReframeAssignment) diary = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_null (reframe_template_registry_lookup (before, CUSTOM_ID, 0));
  g_assert_cmpuint (reframe_plan_import_get_new_templates (import)->len, ==, 1);
  g_assert_true (reframe_plan_import_apply (import, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_plan_import_get_new_templates (import)->len, ==, 1);

  registry = reframe_template_registry_new (f->dir, NULL);
  g_assert_nonnull (reframe_template_registry_lookup (registry, CUSTOM_ID, 1));
  g_assert_cmpuint (reframe_template_registry_get_problems (registry)->len, ==, 0);
  diary = _reframe_test_get_assignment (f->store, WALK_UUID);
  g_assert_cmpstr (reframe_assignment_get_template_id (diary), ==, CUSTOM_ID);

  /* Again: the template is there already, and nothing changes. */
  again = preview (f->store, plan);
  g_assert_cmpuint (reframe_plan_import_get_new_templates (again)->len, ==, 0);
  g_assert_cmpuint (reframe_plan_import_get_present_templates (again)->len, ==, 1);
  g_assert_false (reframe_plan_import_has_changes (again));
}

/* The whole-journal archive keeps the plans, so that a journal moved to another computer
 * still knows where its homework came from. */
static void
test_archive (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autofree char *first_dir = g_build_filename (dir, "first", NULL);
  g_autofree char *second_dir = g_build_filename (dir, "second", NULL);
  g_autoptr (ReframeStore) first = reframe_store_open (first_dir, NULL);
  g_autoptr (ReframeStore) second = reframe_store_open (second_dir, NULL);
  g_autofree char *text = _reframe_test_plan_text (WALK "," RECORD, NULL);
  g_autoptr (ReframePlan) plan = _reframe_test_read_plan (text);
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (ReframePlanImport) again = NULL;
  g_autoptr (GBytes) archive = NULL;
  g_autoptr (GBytes) archive_again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *archived = NULL;

  _reframe_test_import_plan (first, plan);
  archive = reframe_archive_build (first, REFRAME_ARCHIVE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  archived = g_strndup (g_bytes_get_data (archive, NULL), g_bytes_get_size (archive));
  g_assert_nonnull (strstr (archived, "\"plans\" : ["));
  g_assert_nonnull (strstr (archived, "\"therapist\" : \"Dr. Ana Meyer\""));

  batch = reframe_archive_read_bytes (archive, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_import_batch_get_n_problems (batch), ==, 0);
  g_assert_true (reframe_import_apply (second, batch, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The plan and its homework came across: importing the plan there changes nothing. */
  again = preview (second, plan);
  g_assert_cmpint (reframe_plan_import_get_plan_kind (again), ==, REFRAME_PLAN_CHANGE_NONE);
  g_assert_false (reframe_plan_import_has_changes (again));

  /* And the archive of that journal says the same. */
  archive_again = reframe_archive_build (second, REFRAME_ARCHIVE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *first_text = g_strndup (strstr (archived, "\"plans\""), 400);
    g_autofree char *second_full =
        g_strndup (g_bytes_get_data (archive_again, NULL), g_bytes_get_size (archive_again));
    g_autofree char *second_text = g_strndup (strstr (second_full, "\"plans\""), 400);

    g_assert_cmpstr (first_text, ==, second_text);
  }

  g_clear_object (&again);
  g_assert_finalize_object (g_steal_pointer (&first));
  g_assert_finalize_object (g_steal_pointer (&second));
  reframe_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/plan/round-trip", test_round_trip);
  g_test_add_func ("/reframe/plan/repeats", test_repeats);
  g_test_add_func ("/reframe/plan/dry-run", test_dry_run);
  g_test_add_func ("/reframe/plan/nul", _reframe_test_nul);
  g_test_add_func ("/reframe/plan/archive", test_archive);
#define ADD(path, func)                  \
  g_test_add ("/reframe/plan/" path,     \
              ReframeTestStore,          \
              NULL,                      \
              reframe_test_store_set_up, \
              func,                      \
              reframe_test_store_tear_down)
  ADD ("import-twice", test_import_twice);
  ADD ("changes", test_changes);
  ADD ("malformed", _reframe_test_malformed);
  ADD ("conflicts", _reframe_test_conflicts);
  ADD ("custom-template", test_custom_template);
  ADD ("command-prints-and-imports-plans", _reframe_test_cli);
  ADD ("report", _reframe_test_report);
#undef ADD

  return g_test_run ();
}
