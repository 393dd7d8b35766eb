/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plan-report.c: `reframe plan` as a subprocess, and a plan's homework in
 * the report for the therapist. */

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

void
_reframe_test_cli (ReframeTestStore *f,
                   gconstpointer     data)
{
  g_autofree char *plan_path = g_build_filename (f->dir, "plan.reframe-plan", NULL);
  g_autofree char *person_dir = g_build_filename (f->dir, "person", NULL);
  g_autofree char *out = NULL;
  g_autoptr (GPtrArray) made = _reframe_test_fill_therapist_journal (f->store);
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
  g_autoptr (ReframeAssignment) assignment = _reframe_test_get_assignment (store, uuid);
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
void
_reframe_test_report (ReframeTestStore *f,
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
  plan = _reframe_test_read_plan (text);
  _reframe_test_import_plan (f->store, plan);
  {
    /* Homework of the person's own, from no plan. */
    g_autoptr (ReframeAssignment) own = _reframe_test_make_assignment (
        "Read a chapter", NULL, REFRAME_FREQUENCY_DAILY, plan_from, NULL);

    _reframe_test_save (f->store, own);
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
  _reframe_test_assert_same_day (&walk->plan_from, &plan_from);
  _reframe_test_assert_same_day (&walk->plan_to, &today);
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
      _reframe_test_assert_same_day (&item->plan_from, &plan_from);
      _reframe_test_assert_same_day (&item->plan_to, &today);
      g_assert_cmpuint (item->plan_done, ==, 3);
      g_assert_cmpuint (item->plan_expected, ==, 28);
    }
}
