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

#define PLAN_UUID    "6f1c3b0e-1b2a-4c3d-8e4f-0a1b2c3d4e5f"
#define WALK_UUID    "1c0a7b63-7f2e-4a8b-8d2f-3e4c5b6d7e8f"
#define RECORD_UUID  "0b9f6a52-6e1d-4f7a-9c1e-2d3b4a5c6d7e"
#define CUSTOM_ID    "sleep-diary-ana"
#define CUSTOM_TITLE "Ana’s sleep diary"

/* A template of the therapist's own. */
static const char custom_template[] =
    "{\"format\": 1, \"id\": \"" CUSTOM_ID "\", \"version\": 1, \"kind\": \"worksheet\","
    " \"title\": \"" CUSTOM_TITLE "\", \"description\": \"When you slept, and how well.\","
    " \"steps\": [{\"title\": \"Last night\", \"guidance\": \"Write when you went to bed and "
    "woke.\","
    " \"fields\": [{\"id\": \"night\", \"type\": \"long_text\", \"label\": \"The night\", "
    "\"required\": true}]}]}";

/* A plan written by hand, as docs/plan-format.md shows; @extra goes at its end. */
static char *
plan_text (const char *assignments,
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

#define WALK \
  "{\"uuid\": \"" WALK_UUID "\", \"title\": \"Walk 20 minutes\", \"frequency\": \"daily\"}"
#define RECORD                                                                             \
  "{\"uuid\": \"" RECORD_UUID                                                              \
  "\", \"title\": \"Thought record\", \"template_id\": \"thought-record\","                \
  " \"frequency\": \"times_per_week\", \"times_per_week\": 3, \"reason\": \"To catch the " \
  "thought\", \"note\": \"Bring it.\"}"

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static ReframePlan *
read_plan (const char *text)
{
  g_autoptr (GBytes) bytes = bytes_of (text);
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

static guint
count_assignments (ReframeStore *store)
{
  g_autoptr (GListModel) list =
      reframe_assignment_repository_list (reframe_store_get_assignments (store), NULL);

  g_assert_nonnull (list);
  return g_list_model_get_n_items (list);
}

static ReframeAssignment *
get_assignment (ReframeStore *store,
                const char   *uuid)
{
  g_autoptr (GError) error = NULL;
  ReframeAssignment *assignment =
      reframe_assignment_repository_get (reframe_store_get_assignments (store), uuid, &error);

  g_assert_no_error (error);
  return assignment;
}

static void
save (ReframeStore      *store,
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

static void
import_plan (ReframeStore *store,
             ReframePlan  *plan)
{
  g_autoptr (ReframePlanImport) import = preview (store, plan);
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_plan_import_apply (import, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_same_day (const GDate *a,
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
  assert_same_day (reframe_assignment_get_start_date (expected),
                   reframe_assignment_get_start_date (actual));
  assert_same_day (reframe_assignment_get_end_date (expected),
                   reframe_assignment_get_end_date (actual));
  assert_same_day (reframe_assignment_get_due_date (expected),
                   reframe_assignment_get_due_date (actual));
  g_assert_cmpstr (
      reframe_assignment_get_rationale (expected), ==, reframe_assignment_get_rationale (actual));
  g_assert_cmpstr (reframe_assignment_get_therapist_note (expected),
                   ==,
                   reframe_assignment_get_therapist_note (actual));
}

static ReframeAssignment *
make_assignment (const char      *title,
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

static void
install_custom_template (const char *dir)
{
  g_autoptr (ReframeTemplateRegistry) registry = reframe_template_registry_new (dir, NULL);
  g_autoptr (GBytes) bytes = bytes_of (custom_template);
  g_autoptr (ReframeTemplate) template =
      reframe_template_new_from_bytes (bytes, "sleep-diary.json", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (template);
  g_assert_nonnull (reframe_template_registry_import_template (registry, template, &error));
  g_assert_no_error (error);
}

/* The therapist's journal: homework of every kind, one with a template of their own. */
static GPtrArray *
fill_therapist_journal (ReframeStore *store)
{
  GPtrArray *made = g_ptr_array_new_with_free_func (g_object_unref);
  GDate      end = day (2026, 3, 29), due = day (2026, 3, 9), early = day (2026, 2, 1),
        early_end = day (2026, 2, 20);
  ReframeAssignment *assignment;

  install_custom_template (reframe_store_get_data_dir (store));
  assignment = make_assignment ("Thought record after a hard moment",
                                "thought-record",
                                REFRAME_FREQUENCY_TIMES_PER_WEEK,
                                day (2026, 3, 2),
                                &end);
  reframe_assignment_set_times_per_week (assignment, 3);
  reframe_assignment_set_rationale (assignment, "To catch the thought that comes first.");
  reframe_assignment_set_therapist_note (assignment, "Bring two to our next session.");
  reframe_assignment_set_reminder (assignment, TRUE);
  g_ptr_array_add (made, assignment);
  g_ptr_array_add (
      made,
      make_assignment ("Walk 20 minutes", NULL, REFRAME_FREQUENCY_DAILY, day (2026, 3, 2), NULL));
  g_ptr_array_add (
      made,
      make_assignment ("Write to my sister", NULL, REFRAME_FREQUENCY_ONCE, day (2026, 3, 3), &due));
  g_ptr_array_add (
      made,
      make_assignment ("Sleep diary", CUSTOM_ID, REFRAME_FREQUENCY_DAILY, day (2026, 3, 5), &end));
  for (guint i = 0; i < made->len; i++)
    save (store, g_ptr_array_index (made, i));
  /* Before the period, and archived: neither goes into the plan. */
  assignment =
      make_assignment ("Last month's log", NULL, REFRAME_FREQUENCY_DAILY, early, &early_end);
  save (store, assignment);
  g_object_unref (assignment);
  assignment = make_assignment ("Put away", NULL, REFRAME_FREQUENCY_DAILY, day (2026, 3, 2), NULL);
  reframe_assignment_set_archived (assignment, TRUE);
  save (store, assignment);
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
  g_autoptr (GPtrArray) made = fill_therapist_journal (therapist);
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
  import_plan (person, plan);
  g_assert_cmpuint (count_assignments (person), ==, made->len + 2);
  for (guint i = 0; i < made->len; i++)
    {
      ReframeAssignment *expected = g_ptr_array_index (made, i);
      g_autoptr (ReframeAssignment) actual =
          get_assignment (person, reframe_assignment_get_uuid (expected));

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
  g_autofree char *text = plan_text (
      WALK,
      ", \"questionnaires\": [{\"uuid\": \"2d1b8c74-8a3f-4b9c-9e3a-4f5d6c7e8f90\","
      " \"template_id\": \"phq-9\", \"every_weeks\": 2, \"note\": \"Every other week.\"},"
      " {\"uuid\": \"3e2c9d85-9b4a-4cad-8f4b-5a6e7d8f9a01\", \"template_id\": \"gad-7\", "
      "\"every_weeks\": 3}]");
  g_autoptr (ReframePlan) plan = read_plan (text);
  g_autoptr (ReframePlan) same = read_plan (text);
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
      assert_same_day (reframe_assignment_get_start_date (assignment), &expected[i - 1][0]);
      assert_same_day (reframe_assignment_get_due_date (assignment), &expected[i - 1][1]);
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
  g_autofree char *text = plan_text (WALK "," RECORD, NULL);
  g_autoptr (ReframePlan) plan = read_plan (text);
  g_autoptr (ReframePlanImport) second = NULL;
  g_autoptr (ReframeAssignment) walk = NULL;
  g_autoptr (ReframeAssignment) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *updated = NULL;

  backup_calls = 0;
  reframe_import_set_backup_func (counting_backup, NULL);
  import_plan (f->store, plan);
  g_assert_cmpuint (backup_calls, ==, 1);
  g_assert_cmpuint (count_assignments (f->store), ==, 2);
  walk = get_assignment (f->store, WALK_UUID);
  g_assert_cmpstr (reframe_assignment_get_title (walk), ==, "Walk 20 minutes");
  /* Without a start or an end, homework runs through the plan's period. */
  assert_same_day (reframe_assignment_get_start_date (walk), reframe_plan_get_from (plan));
  assert_same_day (reframe_assignment_get_end_date (walk), reframe_plan_get_to (plan));
  updated = g_date_time_format_iso8601 (reframe_assignment_get_updated (walk));

  /* The same plan again: nothing to do, nothing done, not even a backup. */
  second = preview (f->store, plan);
  g_assert_false (reframe_plan_import_has_changes (second));
  g_assert_cmpuint (reframe_plan_import_count (second, REFRAME_PLAN_CHANGE_NONE), ==, 2);
  g_assert_cmpint (reframe_plan_import_get_plan_kind (second), ==, REFRAME_PLAN_CHANGE_NONE);
  g_assert_true (reframe_plan_import_apply (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (backup_calls, ==, 1);
  g_assert_cmpuint (count_assignments (f->store), ==, 2);
  after = get_assignment (f->store, WALK_UUID);
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
  g_autofree char *text = plan_text (WALK "," RECORD, NULL);
  g_autofree char *changed_text = NULL;
  g_autoptr (ReframePlan) plan = read_plan (text);
  g_autoptr (ReframePlan) changed = NULL;
  g_autoptr (ReframePlanImport) import = NULL;
  g_autoptr (ReframeAssignment) record = NULL;
  g_autoptr (ReframeAssignment) walk = NULL;
  g_autoptr (GError) error = NULL;
  ReframePlanChange *change;

  import_plan (f->store, plan);
  /* The person's own choices: a reminder on the record, the walk deleted. */
  record = get_assignment (f->store, RECORD_UUID);
  reframe_assignment_set_reminder (record, TRUE);
  save (f->store, record);
  walk = get_assignment (f->store, WALK_UUID);
  g_assert_true (reframe_assignment_repository_delete (
      reframe_store_get_assignments (f->store), walk, &error));
  g_assert_cmpuint (count_assignments (f->store), ==, 1);

  /* The therapist sends the plan again with a new note and four days a week. */
  changed_text =
      plan_text (WALK ", {\"uuid\": \"" RECORD_UUID
                      "\", \"title\": \"Thought record\", \"template_id\": \"thought-record\","
                      " \"frequency\": \"times_per_week\", \"times_per_week\": 4, \"reason\": \"To "
                      "catch the thought\","
                      " \"note\": \"Bring three.\"}",
                 NULL);
  changed = read_plan (changed_text);
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
  g_assert_cmpuint (count_assignments (f->store), ==, 2);
  g_clear_object (&record);
  record = get_assignment (f->store, RECORD_UUID);
  g_assert_cmpuint (reframe_assignment_get_times_per_week (record), ==, 4);
  g_assert_cmpstr (reframe_assignment_get_therapist_note (record), ==, "Bring three.");
  g_assert_true (reframe_assignment_get_reminder (record));
}

static char *
journal_path (const char *dir)
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
  g_autofree char *text = plan_text (WALK "," RECORD, NULL);
  g_autofree char *path = write_plan_file (dir, "plan.reframe-plan", text);
  g_autofree char *db = journal_path (journal_dir);
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

typedef struct
{
  const char *name;
  const char *text; /* NULL: the assignments and extra below, in plan_text () */
  const char *assignments;
  const char *extra;
  int         code;
  const char *message; /* a piece of the message a person reads */
} Malformed;

static const Malformed malformed[] = {
  { "cut short",
    "{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": \"",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "may be damaged or cut short" },
  { "empty", "", NULL, NULL, REFRAME_PLAN_ERROR_INVALID, "may be damaged or cut short" },
  { "not an object",
    "[1, 2, 3]",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "not a Reframe homework plan" },
  { "another format",
    "{\"format\": \"reframe-archive\", \"version\": 1}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "not a Reframe homework plan" },
  { "newer version",
    "{\"format\": \"reframe-plan\", \"version\": 2}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_TOO_NEW,
    "newer version of Reframe (plan version 2" },
  { "version as text",
    "{\"format\": \"reframe-plan\", \"version\": \"1\"}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "“version” must be a whole number" },
  { "huge version",
    "{\"format\": \"reframe-plan\", \"version\": 99999999999999999999999}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "“version”" },
  { "no uuid",
    "{\"format\": \"reframe-plan\", \"version\": 1, \"period\": {\"from\": \"2026-03-02\", \"to\": "
    "\"2026-03-29\"}}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "“uuid” is missing" },
  { "therapist a number",
    "{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": \"" PLAN_UUID "\", \"therapist\": 7}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "“therapist” must be text" },
  { "no period",
    "{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": \"" PLAN_UUID
    "\", \"assignments\": []}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "“period” must have" },
  { "impossible day",
    "{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": \"" PLAN_UUID
    "\", \"period\": {\"from\": \"2026-02-30\", \"to\": \"2026-03-29\"}}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "written YYYY-MM-DD" },
  { "period backwards",
    "{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": \"" PLAN_UUID
    "\", \"period\": {\"from\": \"2026-03-29\", \"to\": \"2026-03-02\"}}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "ends before it starts" },
  { "period of years",
    "{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": \"" PLAN_UUID
    "\", \"period\": {\"from\": \"2026-03-02\", \"to\": \"2029-03-29\"}}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "longer than a year" },
  { "year 10000",
    "{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": \"" PLAN_UUID
    "\", \"period\": {\"from\": \"9999-12-31\", \"to\": \"10000-01-02\"}}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "written YYYY-MM-DD" },
  { "far future",
    "{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": \"" PLAN_UUID
    "\", \"period\": {\"from\": \"9999-12-01\", \"to\": \"9999-12-31\"}}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "between the years 1900 and 2999" },
  { "nothing in it", NULL, "", NULL, REFRAME_PLAN_ERROR_INVALID, "holds no homework" },
  { "assignments not a list",
    "{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": \"" PLAN_UUID
    "\", \"period\": {\"from\": \"2026-03-02\", \"to\": \"2026-03-29\"}, \"assignments\": {}}",
    NULL,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "must be a list" },
  { "homework not an object",
    NULL,
    "42",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "Homework 1 of the plan: it is not an object" },
  { "title a number",
    NULL,
    "{\"uuid\": \"" WALK_UUID "\", \"title\": 5, \"frequency\": \"daily\"}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "“title” is missing or not text" },
  { "empty title",
    NULL,
    "{\"uuid\": \"" WALK_UUID "\", \"title\": \"  \", \"frequency\": \"daily\"}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "“title” is empty" },
  { "bad uuid",
    NULL,
    "{\"uuid\": \"walk\", \"title\": \"Walk\", \"frequency\": \"daily\"}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "Homework 1 of the plan (“Walk”): its “uuid”" },
  { "same uuid twice",
    NULL,
    WALK "," WALK,
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "Homework 2 of the plan (“Walk 20 minutes”): its “uuid” is the same" },
  { "unknown frequency",
    NULL,
    "{\"uuid\": \"" WALK_UUID "\", \"title\": \"Walk\", \"frequency\": \"hourly\"}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "“frequency” must be" },
  { "times a week too many",
    NULL,
    "{\"uuid\": \"" WALK_UUID
    "\", \"title\": \"Walk\", \"frequency\": \"times_per_week\", \"times_per_week\": 99}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "from 1 to 7" },
  { "times a week a fraction",
    NULL,
    "{\"uuid\": \"" WALK_UUID
    "\", \"title\": \"Walk\", \"frequency\": \"times_per_week\", \"times_per_week\": 2.5}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "from 1 to 7" },
  { "times a week huge",
    NULL,
    "{\"uuid\": \"" WALK_UUID
    "\", \"title\": \"Walk\", \"frequency\": \"times_per_week\", \"times_per_week\": 1e300}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "from 1 to 7" },
  { "times a week negative",
    NULL,
    "{\"uuid\": \"" WALK_UUID "\", \"title\": \"Walk\", \"frequency\": \"times_per_week\", "
    "\"times_per_week\": -9223372036854775808}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "from 1 to 7" },
  { "start not a day",
    NULL,
    "{\"uuid\": \"" WALK_UUID
    "\", \"title\": \"Walk\", \"frequency\": \"daily\", \"start\": \"next Monday\"}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "its “start” is not a day" },
  { "start a number",
    NULL,
    "{\"uuid\": \"" WALK_UUID
    "\", \"title\": \"Walk\", \"frequency\": \"daily\", \"start\": 20260302}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "its “start” is not a day" },
  { "end before start",
    NULL,
    "{\"uuid\": \"" WALK_UUID "\", \"title\": \"Walk\", \"frequency\": \"daily\", \"start\": "
    "\"2026-03-10\", \"end\": \"2026-03-09\"}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "it ends before it starts" },
  { "once with an end",
    NULL,
    "{\"uuid\": \"" WALK_UUID
    "\", \"title\": \"Walk\", \"frequency\": \"once\", \"end\": \"2026-03-09\"}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "not a last day" },
  { "due before start",
    NULL,
    "{\"uuid\": \"" WALK_UUID "\", \"title\": \"Walk\", \"frequency\": \"once\", \"start\": "
    "\"2026-03-10\", \"due\": \"2026-03-09\"}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "before the day it starts" },
  { "due on daily",
    NULL,
    "{\"uuid\": \"" WALK_UUID
    "\", \"title\": \"Walk\", \"frequency\": \"daily\", \"due\": \"2026-03-09\"}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "only homework done once" },
  { "bad template id",
    NULL,
    "{\"uuid\": \"" WALK_UUID
    "\", \"title\": \"Walk\", \"frequency\": \"daily\", \"template_id\": \"../../etc/passwd\"}",
    NULL,
    REFRAME_PLAN_ERROR_INVALID,
    "not a template id" },
  { "repeat too often",
    NULL,
    WALK,
    ", \"questionnaires\": [{\"uuid\": \"2d1b8c74-8a3f-4b9c-9e3a-4f5d6c7e8f90\", \"template_id\": "
    "\"phq-9\", \"every_weeks\": 100000000000}]",
    REFRAME_PLAN_ERROR_INVALID,
    "Questionnaire 1 of the plan: its “every_weeks”" },
  { "repeat with the walk's uuid",
    NULL,
    WALK,
    ", \"questionnaires\": [{\"uuid\": \"" WALK_UUID
    "\", \"template_id\": \"phq-9\", \"every_weeks\": 2}]",
    REFRAME_PLAN_ERROR_INVALID,
    "is the same as that of other homework" },
  { "templates not a list",
    NULL,
    WALK,
    ", \"templates\": 3",
    REFRAME_PLAN_ERROR_INVALID,
    "“templates” must be a list" },
  { "template broken",
    NULL,
    WALK,
    ", \"templates\": [{\"id\": \"x-sheet\", \"version\": 1, \"template\": {\"format\": 1, \"id\": "
    "\"x-sheet\", \"version\": 1}}]",
    REFRAME_PLAN_ERROR_INVALID,
    "Template 1 of the plan: the worksheet “x-sheet” it carries cannot be used" },
  { "template not its id",
    NULL,
    WALK,
    ", \"templates\": [{\"id\": \"other\", \"version\": 1, \"template\": @TEMPLATE@}]",
    REFRAME_PLAN_ERROR_INVALID,
    "are not those of the template" },
  { "template of a huge version",
    NULL,
    WALK,
    ", \"templates\": [{\"id\": \"" CUSTOM_ID
    "\", \"version\": 99999999999999999999, \"template\": @TEMPLATE@}]",
    REFRAME_PLAN_ERROR_INVALID,
    "are not those of the template" },
};

static char *
malformed_text (const Malformed *m)
{
  g_auto (GStrv) pieces = NULL;
  g_autofree char *extra = NULL;

  if (m->text != NULL)
    return g_strdup (m->text);
  /* @TEMPLATE@ stands for a good template inside a bad entry. */
  pieces = g_strsplit (m->extra ? m->extra : "", "@TEMPLATE@", -1);
  extra = g_strjoinv (custom_template, pieces);
  return plan_text (m->assignments, extra);
}

static void
test_malformed (ReframeTestStore *f,
                gconstpointer     data)
{
  g_autofree char *plan_path = g_build_filename (f->dir, "broken.reframe-plan", NULL);
  g_autoptr (GBytes) before = NULL;
  g_autofree char *db = journal_path (f->dir);

  before = reframe_test_read_bytes (db);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *text = malformed_text (&malformed[i]);
      g_autoptr (GBytes) bytes = bytes_of (text);
      g_autoptr (GError) error = NULL;
      g_autoptr (ReframePlan) plan = NULL;
      g_autofree char *out = NULL;

      g_test_message ("%s", malformed[i].name);
      plan = reframe_plan_new_from_bytes (bytes, &error);
      g_assert_null (plan);
      g_assert_error (error, REFRAME_PLAN_ERROR, malformed[i].code);
      if (strstr (error->message, malformed[i].message) == NULL)
        g_error (
            "%s: “%s” does not say “%s”", malformed[i].name, error->message, malformed[i].message);

      /* The command says so and changes nothing. */
      g_assert_true (g_file_set_contents (plan_path, text, -1, NULL));
      g_assert_cmpint (
          reframe_test_run_cli (
              (const char *const[]){ "plan", "import", plan_path, "--data-dir", f->dir, NULL },
              &out),
          ==,
          1);
      g_assert_cmpstr (out, ==, "");
    }
  g_assert_cmpuint (count_assignments (f->store), ==, 0);
  {
    g_autoptr (GBytes) after = reframe_test_read_bytes (db);

    g_assert_true (g_bytes_equal (before, after));
  }
}

/* A NUL in the text: not a plan, however it reads up to there. */
static void
test_nul (void)
{
  g_autofree char *text = plan_text (WALK, NULL);
  g_autoptr (GByteArray) array = g_byte_array_new ();
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  g_byte_array_append (array, (const guint8 *) text, strlen (text));
  g_byte_array_append (array, (const guint8 *) "\0garbage", 8);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&array));
  g_assert_null (reframe_plan_new_from_bytes (bytes, &error));
  g_assert_error (error, REFRAME_PLAN_ERROR, REFRAME_PLAN_ERROR_INVALID);
}

static void
assert_refused (ReframeTestStore *f,
                const char       *text,
                int               code,
                const char       *message)
{
  g_autoptr (ReframePlan) plan = read_plan (text);
  g_autoptr (ReframePlanImport) import = NULL;
  g_autoptr (GError) error = NULL;

  import = reframe_plan_import_new (f->store, plan, &error);
  g_assert_null (import);
  g_assert_error (error, REFRAME_PLAN_ERROR, code);
  if (strstr (error->message, message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message);
  g_assert_cmpuint (count_assignments (f->store), ==, 0);
}

/* Plans well made that cannot go into this journal as they are. */
static void
test_conflicts (ReframeTestStore *f,
                gconstpointer     data)
{
  g_autofree char *missing = plan_text (
      "{\"uuid\": \"" WALK_UUID
      "\", \"title\": \"Sleep diary\", \"frequency\": \"daily\", \"template_id\": \"" CUSTOM_ID
      "\"}",
      NULL);
  g_autofree char *worksheet =
      plan_text (WALK,
                 ", \"questionnaires\": [{\"uuid\": \"2d1b8c74-8a3f-4b9c-9e3a-4f5d6c7e8f90\", "
                 "\"template_id\": \"thought-record\", \"every_weeks\": 2}]");
  g_autofree char *builtin_text =
      g_strdup_printf ("{\"format\": 1, \"id\": \"phq-9\", \"version\": 7, \"kind\": "
                       "\"worksheet\", \"title\": \"Mine\", \"description\": \"Mine.\","
                       " \"steps\": [{\"title\": \"A\", \"guidance\": \"A.\", \"fields\": "
                       "[{\"id\": \"a\", \"type\": \"short_text\", \"label\": \"A\"}]}]}");
  g_autofree char *builtin_extra = g_strdup_printf (
      ", \"templates\": [{\"id\": \"phq-9\", \"version\": 7, \"template\": %s}]", builtin_text);
  g_autofree char *builtin = plan_text (WALK, builtin_extra);
  g_autofree char *clash_template = g_strdup (custom_template);
  g_autofree char *clash_extra = NULL;
  g_autofree char *clash = NULL;
  g_autofree char *installed = g_build_filename (f->dir, "templates", CUSTOM_ID "-v1.json", NULL);
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;

  assert_refused (f,
                  missing,
                  REFRAME_PLAN_ERROR_CONFLICT,
                  "needs the worksheet “" CUSTOM_ID
                  "”, which neither comes with Reframe nor with the plan");
  assert_refused (
      f, worksheet, REFRAME_PLAN_ERROR_INVALID, "a worksheet rather than a questionnaire");
  assert_refused (
      f, builtin, REFRAME_PLAN_ERROR_CONFLICT, "the id of a template that comes with Reframe");

  /* The journal has its own version 1 of the template; the plan carries another. */
  install_custom_template (f->dir);
  before = reframe_test_read_bytes (installed);
  memcpy (strstr (clash_template, "When you slept"), "Where you slept", 15);
  clash_extra = g_strdup_printf (", \"templates\": [{\"id\": \"" CUSTOM_ID
                                 "\", \"version\": 1, \"template\": %s}]",
                                 clash_template);
  clash = plan_text (WALK, clash_extra);
  assert_refused (f, clash, REFRAME_PLAN_ERROR_CONFLICT, "already imported and differs");
  after = reframe_test_read_bytes (installed);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_custom_template (ReframeTestStore *f,
                      gconstpointer     data)
{
  g_autofree char *extra = g_strdup_printf (", \"templates\": [{\"id\": \"" CUSTOM_ID
                                            "\", \"version\": 1, \"template\": %s}]",
                                            custom_template);
  g_autofree char *text = plan_text (
      "{\"uuid\": \"" WALK_UUID
      "\", \"title\": \"Sleep diary\", \"frequency\": \"daily\", \"template_id\": \"" CUSTOM_ID
      "\"}",
      extra);
  g_autoptr (ReframePlan) plan = read_plan (text);
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
  diary = get_assignment (f->store, WALK_UUID);
  g_assert_cmpstr (reframe_assignment_get_template_id (diary), ==, CUSTOM_ID);

  /* Again: the template is there already, and nothing changes. */
  again = preview (f->store, plan);
  g_assert_cmpuint (reframe_plan_import_get_new_templates (again)->len, ==, 0);
  g_assert_cmpuint (reframe_plan_import_get_present_templates (again)->len, ==, 1);
  g_assert_false (reframe_plan_import_has_changes (again));
}

static void
test_cli (ReframeTestStore *f,
          gconstpointer     data)
{
  g_autofree char *plan_path = g_build_filename (f->dir, "plan.reframe-plan", NULL);
  g_autofree char *person_dir = g_build_filename (f->dir, "person", NULL);
  g_autofree char *out = NULL;
  g_autoptr (GPtrArray) made = fill_therapist_journal (f->store);
  g_autoptr (ReframePlan) plan = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *counts;

  g_assert_cmpint (reframe_test_run_cli ((const char *const[]){ "plan",
                                                                "export",
                                                                "-o",
                                                                plan_path,
                                                                "--therapist",
                                                                "Dr. Ana Meyer",
                                                                "--from",
                                                                "2026-03-02",
                                                                "--to",
                                                                "2026-03-29",
                                                                "--repeat",
                                                                "phq-9:2",
                                                                "--data-dir",
                                                                f->dir,
                                                                NULL },
                                         NULL),
                   ==,
                   0);
  file = g_file_new_for_path (plan_path);
  plan = reframe_plan_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_plan_get_items (plan)->len, ==, made->len);
  g_assert_cmpuint (reframe_plan_get_repeats (plan)->len, ==, 1);

  /* Printed without -o; from today by default, so nothing of March 2026 is in it. */
  g_assert_cmpint (reframe_test_run_cli (
                       (const char *const[]){
                           "plan", "export", "--from", "2026-03-02", "--data-dir", f->dir, NULL },
                       &out),
                   ==,
                   0);
  g_assert_nonnull (strstr (out, "\"format\" : \"reframe-plan\""));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (reframe_test_run_cli (
                       (const char *const[]){
                           "plan", "import", plan_path, "--json", "--data-dir", person_dir, NULL },
                       &out),
                   ==,
                   0);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "applied"));
  counts = json_object_get_object_member (json_node_get_object (root), "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "new"), ==, made->len + 2);
  g_clear_pointer (&out, g_free);

  /* The homework is there for `reframe homework`; the second import adds nothing. */
  g_assert_cmpint (reframe_test_run_cli (
                       (const char *const[]){
                           "homework", "--date", "2026-03-05", "--data-dir", person_dir, NULL },
                       &out),
                   ==,
                   0);
  g_assert_nonnull (strstr (out, "Thought record after a hard moment"));
  g_assert_nonnull (strstr (out, "Sleep diary"));
  g_clear_pointer (&out, g_free);
  {
    g_autofree char *backup = reframe_test_find_backup (person_dir, "before-import");

    g_assert_nonnull (backup);
  }
  g_assert_cmpint (
      reframe_test_run_cli (
          (const char *const[]){ "plan", "import", plan_path, "--data-dir", person_dir, NULL },
          &out),
      ==,
      0);
  g_assert_nonnull (strstr (out, "Nothing to add"));
  g_clear_pointer (&out, g_free);

  /* Bad usage is 2, a plan that cannot be read 1. */
  g_assert_cmpint (reframe_test_run_cli ((const char *const[]){ "plan", NULL }, NULL), ==, 2);
  g_assert_cmpint (
      reframe_test_run_cli ((const char *const[]){ "plan", "--help", NULL }, &out), ==, 0);
  g_assert_nonnull (strstr (out, "reframe plan [OPTION…] [export|import]"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (
      reframe_test_run_cli ((const char *const[]){ "plan", "import", "--help", NULL }, &out),
      ==,
      0);
  g_assert_nonnull (strstr (out, "reframe plan import [OPTION…] FILE"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (
      reframe_test_run_cli ((const char *const[]){ "no-such-command", NULL }, NULL), ==, 2);
  g_assert_cmpint (
      reframe_test_run_cli ((const char *const[]){ "plan", "send", NULL }, NULL), ==, 2);
  g_assert_cmpint (
      reframe_test_run_cli (
          (const char *const[]){ "plan", "import", "--data-dir", person_dir, NULL }, NULL),
      ==,
      2);
  g_assert_cmpint (reframe_test_run_cli (
                       (const char *const[]){
                           "plan", "export", "--from", "2026-13-01", "--data-dir", f->dir, NULL },
                       NULL),
                   ==,
                   2);
  g_assert_cmpint (reframe_test_run_cli (
                       (const char *const[]){
                           "plan", "export", "--repeat", "phq-9:0", "--data-dir", f->dir, NULL },
                       NULL),
                   ==,
                   2);
  {
    /* A name too long for a plan, as a window would pass it. */
    g_autofree char *long_name = g_strnfill (201, 'a');
    g_autoptr (ReframePlan) none =
        reframe_plan_new_from_journal (f->store, long_name, NULL, NULL, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, REFRAME_PLAN_ERROR, REFRAME_PLAN_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpint (reframe_test_run_cli ((const char *const[]){ "plan",
                                                                "export",
                                                                "--from",
                                                                "2026-03-02",
                                                                "--repeat",
                                                                "thought-record:2",
                                                                "--data-dir",
                                                                f->dir,
                                                                NULL },
                                         NULL),
                   ==,
                   1);
  g_assert_cmpint (
      reframe_test_run_cli (
          (const char *const[]){
              "plan", "import", "/nonexistent/plan.reframe-plan", "--data-dir", person_dir, NULL },
          NULL),
      ==,
      1);
  reframe_test_remove_tree (person_dir);
}

static char *
format_day (const GDate *date)
{
  return g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static void
mark_done (ReframeStore *store,
           const char   *uuid,
           const GDate  *date)
{
  g_autoptr (ReframeAssignment) assignment = get_assignment (store, uuid);
  g_autoptr (GDateTime) noon = g_date_time_new_local (
      g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_assignment_repository_mark_task_done (
      reframe_store_get_assignments (store), assignment, noon, &error));
  g_assert_no_error (error);
}

static gboolean
blocks_say (GArray     *blocks,
            const char *text)
{
  for (guint i = 0; i < blocks->len; i++)
    {
      ReframePdfBlock *block = &g_array_index (blocks, ReframePdfBlock, i);

      if ((block->markup != NULL && strstr (block->markup, text) != NULL) ||
          (block->value != NULL && strstr (block->value, text) != NULL))
        return TRUE;
    }
  return FALSE;
}

/* The report says how the plan's homework went over the plan's weeks, besides the period. */
static void
test_report (ReframeTestStore *f,
             gconstpointer     data)
{
  GDate            today, plan_from, report_from, marks[3];
  g_autofree char *from_text = NULL, *to_text = NULL, *text = NULL;
  g_autoptr (ReframePlan) plan = NULL;
  g_autoptr (ReframeTemplateRegistry) registry = reframe_template_registry_new (f->dir, NULL);
  g_autoptr (ReframeReportOptions) options = NULL;
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (ReframeReport) read_back = NULL;
  g_autoptr (GBytes) markdown = NULL;
  g_autoptr (GBytes) json = NULL;
  g_autoptr (GArray) blocks = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char       *md = NULL;
  ReframeReportHomework *walk = NULL, *record = NULL;
  GPtrArray             *homework;

  /* Four weeks to today; the report is its last week. */
  g_date_clear (&today, 1);
  reframe_homework_get_today (&today);
  plan_from = today;
  g_date_subtract_days (&plan_from, 27);
  report_from = today;
  g_date_subtract_days (&report_from, 6);
  from_text = format_day (&plan_from);
  to_text = format_day (&today);
  text = g_strdup_printf ("{\"format\": \"reframe-plan\", \"version\": 1, \"uuid\": \"" PLAN_UUID
                          "\", \"therapist\": \"Dr. Ana Meyer\","
                          " \"period\": {\"from\": \"%s\", \"to\": \"%s\"}, \"assignments\": [" WALK
                          "]}",
                          from_text,
                          to_text);
  plan = read_plan (text);
  import_plan (f->store, plan);
  {
    /* Homework of the person's own, from no plan. */
    g_autoptr (ReframeAssignment) own =
        make_assignment ("Read a chapter", NULL, REFRAME_FREQUENCY_DAILY, plan_from, NULL);

    save (f->store, own);
  }
  /* Done on the plan's first day, ten days in, and yesterday. */
  marks[0] = plan_from;
  marks[1] = plan_from;
  g_date_add_days (&marks[1], 10);
  marks[2] = today;
  g_date_subtract_days (&marks[2], 1);
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    mark_done (f->store, WALK_UUID, &marks[i]);

  options = reframe_report_options_new (&report_from, &today);
  reframe_report_options_set_kinds (options, REFRAME_REPORT_HOMEWORK);
  report = reframe_report_build (f->store, registry, options, NULL, &error);
  g_assert_no_error (error);
  homework = reframe_report_get_homework (report);
  g_assert_cmpuint (homework->len, ==, 2);
  for (guint i = 0; i < homework->len; i++)
    {
      ReframeReportHomework *item = g_ptr_array_index (homework, i);

      if (g_str_equal (reframe_assignment_get_uuid (item->assignment), WALK_UUID))
        walk = item;
      else
        record = item;
    }
  g_assert_nonnull (walk);
  g_assert_cmpuint (walk->done, ==, 1);
  g_assert_cmpuint (walk->expected, ==, 7);
  g_assert_cmpstr (walk->plan_therapist, ==, "Dr. Ana Meyer");
  assert_same_day (&walk->plan_from, &plan_from);
  assert_same_day (&walk->plan_to, &today);
  g_assert_cmpuint (walk->plan_done, ==, 3);
  g_assert_cmpuint (walk->plan_expected, ==, 28);
  g_assert_false (g_date_valid (&record->plan_from));

  /* In every renderer where homework is. */
  markdown = reframe_report_to_markdown (report);
  md = g_strndup (g_bytes_get_data (markdown, NULL), g_bytes_get_size (markdown));
  g_assert_nonnull (strstr (md, "| Over the plan |"));
  g_assert_nonnull (strstr (md, "| 3 of 28, "));
  g_assert_nonnull (strstr (md, "(Dr. Ana Meyer) |"));
  g_assert_nonnull (strstr (md, "| Read a chapter | Every day | 0 of 7 | — |"));
  blocks = _reframe_report_pdf_build_blocks (report);
  g_assert_true (blocks_say (blocks, "from Dr. Ana Meyer: 3 of 28 done"));
  json = reframe_report_to_json (report);
  read_back = reframe_report_from_json (json, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < reframe_report_get_homework (read_back)->len; i++)
    {
      ReframeReportHomework *item = g_ptr_array_index (reframe_report_get_homework (read_back), i);

      if (!g_str_equal (reframe_assignment_get_uuid (item->assignment), WALK_UUID))
        {
          g_assert_false (g_date_valid (&item->plan_from));
          continue;
        }
      g_assert_cmpstr (item->plan_therapist, ==, "Dr. Ana Meyer");
      assert_same_day (&item->plan_from, &plan_from);
      assert_same_day (&item->plan_to, &today);
      g_assert_cmpuint (item->plan_done, ==, 3);
      g_assert_cmpuint (item->plan_expected, ==, 28);
    }
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
  g_autofree char *text = plan_text (WALK "," RECORD, NULL);
  g_autoptr (ReframePlan) plan = read_plan (text);
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (ReframePlanImport) again = NULL;
  g_autoptr (GBytes) archive = NULL;
  g_autoptr (GBytes) archive_again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *archived = NULL;

  import_plan (first, plan);
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
  g_test_add_func ("/reframe/plan/nul", test_nul);
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
  ADD ("malformed", test_malformed);
  ADD ("conflicts", test_conflicts);
  ADD ("custom-template", test_custom_template);
  ADD ("command-prints-and-imports-plans", test_cli);
  ADD ("report", test_report);
#undef ADD

  return g_test_run ();
}
