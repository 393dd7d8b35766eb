/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plan-refusals.c: homework plans that are refused: malformed plans, a NUL
 * in a plan, and templates that clash or are missing. */

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
  extra = g_strjoinv (_reframe_test_custom_template, pieces);
  return _reframe_test_plan_text (m->assignments, extra);
}

void
_reframe_test_malformed (ReframeTestStore *f,
                         gconstpointer     data)
{
  g_autofree char *plan_path = g_build_filename (f->dir, "broken.reframe-plan", NULL);
  g_autoptr (GBytes) before = NULL;
  g_autofree char *db = _reframe_test_journal_path (f->dir);

  before = reframe_test_read_bytes (db);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *text = malformed_text (&malformed[i]);
      g_autoptr (GBytes) bytes = _reframe_test_bytes_of (text);
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
  g_assert_cmpuint (_reframe_test_count_assignments (f->store), ==, 0);
  {
    g_autoptr (GBytes) after = reframe_test_read_bytes (db);

    g_assert_true (g_bytes_equal (before, after));
  }
}

/* A NUL in the text: not a plan, however it reads up to there. */
void
_reframe_test_nul (void)
{
  g_autofree char *text = _reframe_test_plan_text (WALK, NULL);
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
  g_autoptr (ReframePlan) plan = _reframe_test_read_plan (text);
  g_autoptr (ReframePlanImport) import = NULL;
  g_autoptr (GError) error = NULL;

  import = reframe_plan_import_new (f->store, plan, &error);
  g_assert_null (import);
  g_assert_error (error, REFRAME_PLAN_ERROR, code);
  if (strstr (error->message, message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message);
  g_assert_cmpuint (_reframe_test_count_assignments (f->store), ==, 0);
}

/* Plans well made that cannot go into this journal as they are. */
void
_reframe_test_conflicts (ReframeTestStore *f,
                         gconstpointer     data)
{
  g_autofree char *missing = _reframe_test_plan_text (
      "{\"uuid\": \"" WALK_UUID
      "\", \"title\": \"Sleep diary\", \"frequency\": \"daily\", \"template_id\": \"" CUSTOM_ID
      "\"}",
      NULL);
  g_autofree char *worksheet = _reframe_test_plan_text (
      WALK,
      ", \"questionnaires\": [{\"uuid\": \"2d1b8c74-8a3f-4b9c-9e3a-4f5d6c7e8f90\", "
      "\"template_id\": \"thought-record\", \"every_weeks\": 2}]");
  g_autofree char *builtin_text =
      g_strdup_printf ("{\"format\": 1, \"id\": \"phq-9\", \"version\": 7, \"kind\": "
                       "\"worksheet\", \"title\": \"Mine\", \"description\": \"Mine.\","
                       " \"steps\": [{\"title\": \"A\", \"guidance\": \"A.\", \"fields\": "
                       "[{\"id\": \"a\", \"type\": \"short_text\", \"label\": \"A\"}]}]}");
  g_autofree char *builtin_extra = g_strdup_printf (
      ", \"templates\": [{\"id\": \"phq-9\", \"version\": 7, \"template\": %s}]", builtin_text);
  g_autofree char *builtin = _reframe_test_plan_text (WALK, builtin_extra);
  g_autofree char *clash_template = g_strdup (_reframe_test_custom_template);
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
  _reframe_test_install_custom_template (f->dir);
  before = reframe_test_read_bytes (installed);
  memcpy (strstr (clash_template, "When you slept"), "Where you slept", 15);
  clash_extra = g_strdup_printf (", \"templates\": [{\"id\": \"" CUSTOM_ID
                                 "\", \"version\": 1, \"template\": %s}]",
                                 clash_template);
  clash = _reframe_test_plan_text (WALK, clash_extra);
  assert_refused (f, clash, REFRAME_PLAN_ERROR_CONFLICT, "already imported and differs");
  after = reframe_test_read_bytes (installed);
  g_assert_true (g_bytes_equal (before, after));
}
