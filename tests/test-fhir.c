/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fhir.c: questionnaire results as FHIR R4: the exports of a hand-made journal and of
 * the generated ten-year journal, the safe writer and `reframe export --format fhir`, each
 * checked by the structural checker of test-fhir-checker.c. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

#include "reframe-questionnaire-score.h"
#include "reframe-report-private.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"
#include "test-fhir-private.h"

/* Exports of a hand-made journal */

typedef struct
{
  char                    *root;
  char                    *dir; /* the journal's folder */
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  char                    *phq;
  char                    *gad;
  char                    *private_phq;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->root = reframe_test_make_tmp_dir ();
  f->dir = g_build_filename (f->root, "data", NULL);
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->registry = reframe_template_registry_new (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->registry);
  g_clear_object (&f->store);
  reframe_test_remove_tree (f->root);
  g_free (f->root);
  g_free (f->dir);
  g_free (f->phq);
  g_free (f->gad);
  g_free (f->private_phq);
}

static char *
add_worksheet (Fixture    *f,
               const char *template_id,
               const char *answers,
               const char *iso_time,
               gboolean    private_)
{
  return reframe_test_add_worksheet (
      f->store, f->registry, template_id, answers, iso_time, private_);
}

/* 1–14 March 2026: a PHQ-9 (9 points, item 9 answered "More than half the days"), a GAD-7
 * (9 points), a private PHQ-9, a thought record; and a PHQ-9 before the period. */
static void
populate (Fixture *f)
{
  f->phq = add_worksheet (f,
                          "phq-9",
                          "{\"item_1\": \"1\", \"item_2\": \"1\", \"item_3\": \"1\", \"item_4\": "
                          "\"1\", \"item_5\": \"1\","
                          " \"item_6\": \"1\", \"item_7\": \"1\", \"item_8\": \"0\", \"item_9\": "
                          "\"2\", \"difficulty\": \"very\"}",
                          "2026-03-02T09:00:00Z",
                          FALSE);
  f->gad = add_worksheet (f,
                          "gad-7",
                          "{\"item_1\": \"0\", \"item_2\": \"2\", \"item_3\": \"3\", \"item_4\": "
                          "\"1\", \"item_5\": \"1\","
                          " \"item_6\": \"1\", \"item_7\": \"1\", \"difficulty\": \"extremely\"}",
                          "2026-03-05T20:15:30Z",
                          FALSE);
  f->private_phq =
      add_worksheet (f,
                     "phq-9",
                     "{\"item_1\": \"3\", \"item_2\": \"3\", \"item_3\": \"3\", \"item_4\": \"3\", "
                     "\"item_5\": \"3\","
                     " \"item_6\": \"3\", \"item_7\": \"3\", \"item_8\": \"3\", \"item_9\": \"3\"}",
                     "2026-03-07T22:00:00Z",
                     TRUE);
  g_free (add_worksheet (f,
                         "thought-record",
                         "{\"situation\": \"The meeting\", \"emotions\": [{\"name\": \"sad\", "
                         "\"before\": 80, \"after\": 40}]}",
                         "2026-03-04T10:00:00Z",
                         FALSE));
  g_free (
      add_worksheet (f,
                     "phq-9",
                     "{\"item_1\": \"0\", \"item_2\": \"0\", \"item_3\": \"0\", \"item_4\": \"0\", "
                     "\"item_5\": \"0\","
                     " \"item_6\": \"0\", \"item_7\": \"0\", \"item_8\": \"0\", \"item_9\": \"0\"}",
                     "2026-02-20T09:00:00Z",
                     FALSE));
}

static ReframeReportOptions *
options_for (const char *from,
             const char *to)
{
  GDate                 first, last;
  ReframeReportOptions *options;
  g_autoptr (GDateTime) made = g_date_time_new_from_iso8601 ("2026-03-15T08:30:00.250+01:00", NULL);

  g_assert_true (_reframe_report_parse_day (from, &first));
  g_assert_true (_reframe_report_parse_day (to, &last));
  options = reframe_report_options_new (&first, &last);
  reframe_report_options_set_made (options, made);
  return options;
}

static ReframeReport *
build (Fixture              *f,
       ReframeReportOptions *options)
{
  g_autoptr (GError) error = NULL;
  ReframeReport *report = reframe_report_build (f->store, f->registry, options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* The report as FHIR, checked by the checker, parsed. */
static JsonNode *
to_fhir (ReframeReport *report)
{
  g_autoptr (GBytes) bytes = reframe_report_to_fhir (report);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  _reframe_test_assert_fhir (text);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  return root;
}

static JsonArray *
get_entries (JsonNode *bundle)
{
  JsonObject *object = json_node_get_object (bundle);

  return json_object_has_member (object, "entry") ? json_object_get_array_member (object, "entry")
                                                  : NULL;
}

static JsonObject *
get_resource (JsonNode *bundle,
              guint     index)
{
  JsonObject *entry = json_array_get_object_element (get_entries (bundle), index);

  return json_object_get_object_member (entry, "resource");
}

/* The first answer of the item @link_id, or NULL when the item is not there. */
static JsonObject *
find_answer (JsonObject *response,
             const char *link_id)
{
  JsonArray *items = json_object_get_array_member (response, "item");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "linkId"), link_id))
        return json_array_get_object_element (json_object_get_array_member (item, "answer"), 0);
    }
  return NULL;
}

static void
assert_coding (JsonObject *response,
               const char *link_id,
               const char *code,
               const char *display)
{
  JsonObject *answer = find_answer (response, link_id);
  JsonObject *coding;

  g_assert_nonnull (answer);
  coding = json_object_get_object_member (answer, "valueCoding");
  g_assert_cmpstr (json_object_get_string_member (coding, "system"), ==, "http://loinc.org");
  g_assert_cmpstr (json_object_get_string_member (coding, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (coding, "display"), ==, display);
}

static void
assert_total (JsonObject *response,
              const char *link_id,
              gint64      total)
{
  JsonObject *answer = find_answer (response, link_id);

  g_assert_nonnull (answer);
  g_assert_cmpint (
      json_node_get_value_type (json_object_get_member (answer, "valueInteger")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (answer, "valueInteger"), ==, total);
}

static void
assert_link_ids (JsonObject        *response,
                 const char *const *expected)
{
  JsonArray *items = json_object_get_array_member (response, "item");

  g_assert_cmpuint (json_array_get_length (items), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (
        json_object_get_string_member (json_array_get_object_element (items, i), "linkId"),
        ==,
        expected[i]);
}

static void
assert_entry (JsonNode   *bundle,
              guint       index,
              const char *uuid)
{
  JsonObject      *entry = json_array_get_object_element (get_entries (bundle), index);
  g_autofree char *full_url = g_strconcat ("urn:uuid:", uuid, NULL);

  g_assert_cmpstr (json_object_get_string_member (entry, "fullUrl"), ==, full_url);
  g_assert_cmpstr (json_object_get_string_member (get_resource (bundle, index), "id"), ==, uuid);
}

static void
test_export (Fixture      *f,
             gconstpointer data)
{
  const char *const phq_link_ids[] = { "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8", "69722-7", "44261-6", NULL };
  const char *const gad_link_ids[] = { "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7", "70274-6", NULL };
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (JsonNode) bundle = NULL;
  JsonObject *root, *phq, *gad;

  populate (f);
  report = build (f, options);
  bundle = to_fhir (report);
  root = json_node_get_object (bundle);
  g_assert_cmpstr (json_object_get_string_member (root, "resourceType"), ==, "Bundle");
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "collection");
  /* The report's time, to the second, in the computer's zone (the tests run in UTC). */
  g_assert_cmpstr (json_object_get_string_member (root, "timestamp"), ==, "2026-03-15T07:30:00Z");

  /* The private result, the thought record and the PHQ-9 before the period are left out. */
  g_assert_cmpuint (json_array_get_length (get_entries (bundle)), ==, 2);
  g_assert_cmpuint (reframe_report_count_fhir_results (report), ==, 2);
  assert_entry (bundle, 0, f->phq);
  assert_entry (bundle, 1, f->gad);

  phq = get_resource (bundle, 0);
  g_assert_cmpstr (
      json_object_get_string_member (phq, "questionnaire"), ==, "http://loinc.org/q/44249-1");
  g_assert_cmpstr (json_object_get_string_member (phq, "status"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (phq, "authored"), ==, "2026-03-02T09:00:00Z");
  g_assert_false (json_object_has_member (phq, "subject"));
  assert_link_ids (phq, phq_link_ids);
  assert_coding (phq, "44250-9", "LA6569-3", "Several days");
  assert_coding (phq, "44253-3", "LA6568-5", "Not at all");
  assert_coding (phq, "44260-8", "LA6570-1", "More than half the days");
  assert_coding (phq, "69722-7", "LA6575-0", "Very difficult");
  assert_total (phq, "44261-6", 9);

  gad = get_resource (bundle, 1);
  g_assert_cmpstr (
      json_object_get_string_member (gad, "questionnaire"), ==, "http://loinc.org/q/69737-5");
  g_assert_cmpstr (json_object_get_string_member (gad, "authored"), ==, "2026-03-05T20:15:30Z");
  /* LOINC's GAD-7 form has no difficulty question: the template's answer stays out. */
  assert_link_ids (gad, gad_link_ids);
  assert_coding (gad, "69725-0", "LA6568-5", "Not at all");
  /* Item 2's third answer is LA18938-3 in LOINC's form, where the others have LA6570-1. */
  assert_coding (gad, "68509-9", "LA18938-3", "More days than not");
  assert_coding (gad, "69733-4", "LA6571-9", "Nearly every day");
  assert_total (gad, "70274-6", 9);
}

static void
test_private_and_name (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (JsonNode) bundle = NULL;
  JsonObject *subject;

  populate (f);
  reframe_report_options_set_include_private (options, TRUE);
  reframe_report_options_set_name (options, "  Alex B. ");
  report = build (f, options);
  bundle = to_fhir (report);
  g_assert_cmpuint (json_array_get_length (get_entries (bundle)), ==, 3);
  assert_entry (bundle, 2, f->private_phq);
  assert_total (get_resource (bundle, 2), "44261-6", 27);
  /* The name the person chose, as text only. */
  for (guint i = 0; i < 3; i++)
    {
      subject = json_object_get_object_member (get_resource (bundle, i), "subject");
      g_assert_cmpuint (json_object_get_size (subject), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (subject, "display"), ==, "Alex B.");
    }

  /* One excluded by hand stays out, private or not. */
  reframe_report_options_exclude (options, f->gad);
  reframe_report_options_set_name (options, " ");
  g_clear_pointer (&report, reframe_report_unref);
  g_clear_pointer (&bundle, json_node_unref);
  report = build (f, options);
  bundle = to_fhir (report);
  g_assert_cmpuint (json_array_get_length (get_entries (bundle)), ==, 2);
  assert_entry (bundle, 0, f->phq);
  assert_entry (bundle, 1, f->private_phq);
  g_assert_false (json_object_has_member (get_resource (bundle, 0), "subject"));
}

static void
test_empty (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-04-01", "2026-04-30");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (JsonNode) bundle = NULL;

  populate (f);
  report = build (f, options);
  bundle = to_fhir (report);
  g_assert_cmpuint (reframe_report_count_fhir_results (report), ==, 0);
  /* FHIR forbids an empty array: no entries, no "entry". */
  g_assert_null (get_entries (bundle));
}

/* A report read back from its JSON document gives the same FHIR resources. */
static void
test_read_back (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (ReframeReport) read_back = NULL;
  g_autoptr (GBytes) json = NULL;
  g_autoptr (JsonNode) bundle = NULL;
  g_autoptr (JsonNode) read_back_bundle = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *entries, *read_back_entries;

  populate (f);
  report = build (f, options);
  json = reframe_report_to_json (report);
  read_back = reframe_report_from_json (json, &error);
  g_assert_no_error (error);
  bundle = to_fhir (report);
  read_back_bundle = to_fhir (read_back);
  entries = get_entries (bundle);
  read_back_entries = get_entries (read_back_bundle);
  g_assert_cmpuint (json_array_get_length (read_back_entries), ==, json_array_get_length (entries));
  for (guint i = 0; i < json_array_get_length (entries); i++)
    g_assert_true (json_node_equal (json_array_get_element (entries, i),
                                    json_array_get_element (read_back_entries, i)));
}

static void
test_write (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *path = g_build_filename (f->root, "results.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  ReframeReportFormat format = REFRAME_REPORT_FORMAT_PDF;

  g_assert_true (reframe_report_format_parse ("fhir", &format));
  g_assert_cmpint (format, ==, REFRAME_REPORT_FORMAT_FHIR);
  format = REFRAME_REPORT_FORMAT_PDF;
  g_assert_true (reframe_report_format_parse ("FHIR", &format));
  g_assert_cmpint (format, ==, REFRAME_REPORT_FORMAT_FHIR);
  g_assert_cmpstr (reframe_report_format_get_extension (REFRAME_REPORT_FORMAT_FHIR), ==, "json");

  populate (f);
  report = build (f, options);
  g_assert_true (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_FHIR, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  _reframe_test_assert_fhir (text);
  g_assert_nonnull (strstr (text, "\"resourceType\" : \"Bundle\""));
  /* The checker knows the report's own JSON is no FHIR. */
  {
    g_autoptr (GBytes) json = reframe_report_to_json (report);
    g_autofree char *json_text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
    g_autofree char *problems = _reframe_test_fhir_problems (json_text);

    g_assert_nonnull (problems);
  }
  /* Nothing else of the report: no entries, no worksheets, no UUIDs but the results'. */
  g_assert_null (strstr (text, "thought"));
  g_assert_null (strstr (text, f->private_phq));
}

/* `reframe export --format fhir` */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_export (Run               *run,
            const char *const *args)
{
  run->status =
      reframe_test_cli_runv (&(ReframeTestCli){ .command = "export" }, args, &run->out, &run->err);
}

static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *output = g_build_filename (f->root, "out.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  populate (f);
  /* Two results, the private one left out. */
  {
    const char *const args[] = { "--data-dir", f->dir, "--from", "2026-03-01", "--to", "2026-03-14", "--format", "fhir", "-o", output, NULL };
    g_auto (Run) run = { 0 };

    run_export (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Saved 2 questionnaire results as FHIR"));
    g_assert_true (g_file_get_contents (output, &text, NULL, &error));
    g_assert_no_error (error);
    _reframe_test_assert_fhir (text);
    g_assert_null (strstr (text, f->private_phq));
  }
  /* With --with-private, three. */
  {
    const char *const args[] = { "--data-dir", f->dir, "--from", "2026-03-01", "--to", "2026-03-14", "-f", "FHIR", "--with-private", "-o", output, NULL };
    g_auto (Run) run = { 0 };

    run_export (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Saved 3 questionnaire results as FHIR"));
  }
  /* Only the private one in the period: nothing is saved, and the command says why. */
  {
    g_autofree char  *none = g_build_filename (f->root, "none.json", NULL);
    const char *const args[] = { "--data-dir", f->dir, "--from", "2026-03-06", "--to", "2026-03-14", "--format", "fhir", "-o", none, NULL };
    g_auto (Run) run = { 0 };

    run_export (&run, args);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "no PHQ-9 or GAD-7 results from 2026-03-06 to 2026-03-14"));
    g_assert_nonnull (strstr (run.err, "1 result marked private was left out"));
    g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
  }
  /* A FHIR file of mood entries, or with the safety plan, is a mistake of usage. */
  {
    const char *const args[] = { "--data-dir", f->dir, "--format", "fhir", "--include", "entries", "-o", output, NULL };
    const char *const plan_args[] = {
      "--data-dir", f->dir, "--format", "fhir", "--include-safety-plan", "-o", output, NULL
    };
    g_auto (Run) run = { 0 };
    g_auto (Run) plan_run = { 0 };

    run_export (&run, args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "questionnaire results only"));
    run_export (&plan_run, plan_args);
    g_assert_cmpint (plan_run.status, ==, 2);
  }
}

/* The generated ten-year journal */

/* The points of a LOINC answer code, as the PHQ-9's and GAD-7's forms give them. */
static int
answer_points (const char *code)
{
  static const struct
  {
    const char *code;
    int         points;
  } points[] = {
    { "LA6568-5", 0 },
    { "LA6569-3", 1 },
    { "LA6570-1", 2 },
    { "LA18938-3", 2 },
    { "LA6571-9", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    if (g_str_equal (code, points[i].code))
      return points[i].points;
  return -1;
}

/* Every result's total is the sum of its answers' points, and has every item of its form. */
static void
assert_totals_add_up (JsonNode *bundle)
{
  JsonArray *entries = get_entries (bundle);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *response = get_resource (bundle, i);
      gboolean    phq =
          g_str_has_suffix (json_object_get_string_member (response, "questionnaire"), "/44249-1");
      JsonArray *items = json_object_get_array_member (response, "item");
      int        sum = 0;
      guint      n_scored = 0;

      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          JsonObject *answer = json_array_get_object_element (
              json_object_get_array_member (json_array_get_object_element (items, j), "answer"), 0);
          int points;

          if (!json_object_has_member (answer, "valueCoding"))
            continue;
          points = answer_points (json_object_get_string_member (
              json_object_get_object_member (answer, "valueCoding"), "code"));
          if (points >= 0)
            {
              sum += points;
              n_scored++;
            }
        }
      g_assert_cmpuint (n_scored, ==, phq ? 9 : 7);
      assert_total (response, phq ? "44261-6" : "70274-6", sum);
    }
}

static void
test_generated (void)
{
  g_autofree char *root = reframe_test_make_tmp_dir ();
  g_autofree char *dir = g_build_filename (root, "ten-year", NULL);
  g_autofree char *output = g_build_filename (root, "ten-year.json", NULL);
  const char      *generate = g_getenv ("REFRAME_GENERATE");
  const char      *argv[] = { generate, "--profile", "ten-year", dir, NULL };
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  if (generate == NULL)
    {
      g_test_skip ("REFRAME_GENERATE is not set");
      return;
    }
  g_spawn_sync (NULL,
                (char **) argv,
                NULL,
                G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL,
                NULL,
                NULL,
                NULL,
                &wait_status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
  store = reframe_store_open (dir, &error);
  g_assert_no_error (error);
  registry = reframe_template_registry_new (dir, &error);
  g_assert_no_error (error);

  /* The whole ten years, with and without the private results. */
  for (guint with_private = 0; with_private <= 1; with_private++)
    {
      g_autoptr (ReframeReportOptions) options = options_for ("2016-01-01", "2026-11-30");
      g_autoptr (ReframeReport) report = NULL;
      g_autoptr (JsonNode) bundle = NULL;
      guint n = 0;

      reframe_report_options_set_kinds (options, REFRAME_REPORT_QUESTIONNAIRES);
      reframe_report_options_set_include_private (options, with_private);
      report = reframe_report_build (store, registry, options, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < reframe_report_get_questionnaires (report)->len; i++)
        {
          ReframeReportWorksheet *item =
              g_ptr_array_index (reframe_report_get_questionnaires (report), i);

          g_assert_false (!with_private && reframe_worksheet_get_private (item->worksheet));
          n += g_strv_contains ((const char *const[]){ "phq-9", "gad-7", NULL },
                                reframe_worksheet_get_template_id (item->worksheet));
        }
      g_test_message ("%u results of %u questionnaires%s",
                      n,
                      reframe_report_get_questionnaires (report)->len,
                      with_private ? ", private ones too" : "");
      g_assert_cmpuint (n, >, 50);
      g_assert_cmpuint (reframe_report_count_fhir_results (report), ==, n);
      bundle = to_fhir (report);
      g_assert_cmpuint (json_array_get_length (get_entries (bundle)), ==, n);
      assert_totals_add_up (bundle);
    }

  /* And `reframe export` on it. */
  {
    const char *const args[] = { "--data-dir", dir, "--from", "2016-01-01", "--to", "2026-11-30", "--format", "fhir", "-o", output, NULL };
    g_auto (Run) run = { 0 };
    g_autofree char *text = NULL;

    run_export (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (output, &text, NULL, &error));
    g_assert_no_error (error);
    _reframe_test_assert_fhir (text);
  }
  g_clear_object (&registry);
  g_clear_object (&store);
  reframe_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  _reframe_test_fhir_add_checker_tests ();
  g_test_add (
      "/reframe/fhir/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/reframe/fhir/private-and-name",
              Fixture,
              NULL,
              fixture_set_up,
              test_private_and_name,
              fixture_tear_down);
  g_test_add ("/reframe/fhir/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add (
      "/reframe/fhir/read-back", Fixture, NULL, fixture_set_up, test_read_back, fixture_tear_down);
  g_test_add ("/reframe/fhir/write", Fixture, NULL, fixture_set_up, test_write, fixture_tear_down);
  g_test_add ("/reframe/fhir/export-command-leaves-private-results-out",
              Fixture,
              NULL,
              fixture_set_up,
              test_cli,
              fixture_tear_down);
  g_test_add_func ("/reframe/fhir/generated", test_generated);
  return g_test_run ();
}
