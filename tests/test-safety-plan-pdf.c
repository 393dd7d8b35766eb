/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-safety-plan-pdf.c: the safety plan on paper: the page is always exactly one page
 * (pdfinfo) with the person's words, people and numbers, the therapist, the crisis lines
 * and the emergency number in it (pdftotext), blank steps as ruled lines; the wallet
 * card's panels are 85.6 × 54 mm; a cancelled write leaves no file; `reframe
 * safety-plan` and `reframe export --include-safety-plan`. Tools: qpdf, poppler-utils. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sys/wait.h>

#include "reframe-crisis-lines.h"
#include "reframe-report-private.h"
#include "reframe-safety-plan-pdf.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"

#define MM_TO_PT (72.0 / 25.4)

/* A plan as a person might write it with their therapist. */
#define REALISTIC_PLAN                                                                           \
  "{\"warning_signs\": \"When I start thinking my family would manage better without me. Not "   \
  "sleeping for two nights.\","                                                                  \
  " \"coping\": \"A hot shower. A walk round the block with music. The breathing exercise from " \
  "therapy.\","                                                                                  \
  " \"distraction\": [{\"who\": \"Sam (we watch football)\", \"phone\": \"07700 900123\"}, "     \
  "{\"who\": \"The library café\"}],"                                                           \
  " \"helpers\": [{\"name\": \"My sister Ana\", \"phone\": \"0151 555 0100\"}, {\"name\": "      \
  "\"Jo\", \"phone\": \"07700 900456\"}],"                                                       \
  " \"professionals\": \"GP surgery, weekdays. St Mary's A&E, Mill Road.\","                     \
  " \"safer\": \"My brother keeps the spare medicine.\", \"reason\": \"Seeing my niece grow "    \
  "up.\"}"

typedef struct
{
  char                    *dir;      /* the test's folder */
  char                    *data_dir; /* the journal's, inside it */
  char                    *out_dir;  /* where files are saved */
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  GPtrArray               *lines; /* the GB crisis lines */
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCrisisLines) lines = reframe_crisis_lines_new (&error);

  g_assert_no_error (error);
  f->dir = reframe_test_make_tmp_dir ();
  f->data_dir = g_build_filename (f->dir, "data", NULL);
  f->out_dir = g_build_filename (f->dir, "out", NULL);
  g_assert_cmpint (g_mkdir (f->out_dir, 0700), ==, 0);
  f->store = reframe_store_open (f->data_dir, &error);
  g_assert_no_error (error);
  f->registry = reframe_template_registry_new (f->data_dir, &error);
  g_assert_no_error (error);
  f->lines = reframe_crisis_lines_lookup (lines, "GB");
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_ptr_array_unref (f->lines);
  g_assert_finalize_object (f->registry);
  g_assert_finalize_object (f->store);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data_dir);
  g_free (f->out_dir);
}

/* Saves a safety-plan worksheet through the repository, as the editor would. */
static void
save_plan (Fixture    *f,
           const char *answers)
{
  g_autoptr (GDateTime) time = g_date_time_new_utc (2026, 11, 28, 18, 30, 0);
  g_autoptr (JsonNode) node = json_from_string (answers, NULL);
  g_autoptr (ReframeWorksheet) worksheet = reframe_worksheet_new (REFRAME_SAFETY_PLAN_TEMPLATE, 1);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (node);
  reframe_worksheet_set_answers (worksheet, json_node_get_object (node));
  reframe_worksheet_set_status (worksheet, REFRAME_WORKSHEET_COMPLETED);
  g_assert_true (_reframe_worksheet_repository_save_at (
      reframe_store_get_worksheets (f->store), worksheet, time, time, time, &error));
  g_assert_no_error (error);
}

/* A plan with far too much in every step: long texts, and many people. */
static char *
dup_long_answers (void)
{
  g_autoptr (GString) words = g_string_new (NULL);
  g_autoptr (GString) people = g_string_new (NULL);
  g_autoptr (GString) places = g_string_new (NULL);

  for (guint i = 0; i < 120; i++)
    g_string_append (
        words, "I notice it when the evenings get long and quiet and the phone stays silent. ");
  for (guint i = 0; i < 25; i++)
    {
      g_string_append_printf (people,
                              "%s{\"name\": \"Friend number %u\", \"phone\": \"0151 555 %04u\"}",
                              i > 0 ? ", " : "",
                              i,
                              i);
      g_string_append_printf (places,
                              "%s{\"who\": \"Place number %u\", \"phone\": \"0161 555 %04u\"}",
                              i > 0 ? ", " : "",
                              i,
                              i);
    }
  return g_strdup_printf (
      "{\"warning_signs\": \"%s\", \"coping\": \"%s\", \"distraction\": [%s], \"helpers\": [%s],"
      " \"professionals\": \"%s\", \"safer\": \"%s\", \"reason\": \"%s\"}",
      words->str,
      words->str,
      places->str,
      people->str,
      words->str,
      words->str,
      words->str);
}

static ReframeSafetyPlan *
load_plan (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  ReframeSafetyPlan *plan = reframe_safety_plan_load (f->store, f->registry, &error);

  g_assert_no_error (error);
  return plan;
}

static char *
run_tool (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char            *out = NULL;
  int              status = 0;

  g_spawn_sync (
      NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s%s", argv[0], error->message, out, err);
  return out;
}

static char *
pdf_info (const char *path,
          const char *key)
{
  g_autofree char *info = run_tool ((const char *const[]){ "pdfinfo", path, NULL });
  g_auto (GStrv) lines = g_strsplit (info, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], key) && lines[i][strlen (key)] == ':')
      return g_strstrip (g_strdup (lines[i] + strlen (key) + 1));
  g_error ("pdfinfo has no %s:\n%s", key, info);
}

/* Writes the plan through the safe writer, checks it with qpdf, and returns its text. */
static char *
write_and_read (Fixture                       *f,
                ReframeSafetyPlan             *plan,
                const ReframeSafetyPlanExtras *extras,
                ReframePaper                   paper,
                ReframeSafetyPlanFormat        format,
                const char                    *name)
{
  g_autofree char *path = g_build_filename (f->out_dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *check = NULL;
  g_autofree char *pages = NULL;

  g_assert_true (reframe_safety_plan_write_pdf_file (
      plan, extras, paper, format, file, f->data_dir, NULL, &error));
  g_assert_no_error (error);
  check = run_tool ((const char *const[]){ "qpdf", "--check", path, NULL });
  g_assert_nonnull (strstr (check, "No syntax or stream encoding errors found"));
  pages = pdf_info (path, "Pages");
  g_assert_cmpstr (pages, ==, "1");
  /* Keep the file to look at when asked: REFRAME_TEST_KEEP_PDF=/some/dir */
  if (g_getenv ("REFRAME_TEST_KEEP_PDF") != NULL)
    {
      g_autofree char *kept = g_build_filename (g_getenv ("REFRAME_TEST_KEEP_PDF"), name, NULL);
      g_autoptr (GFile) copy = g_file_new_for_path (kept);

      g_assert_true (g_file_copy (file, copy, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
    }
  return run_tool ((const char *const[]){ "pdftotext", "-enc", "UTF-8", path, "-", NULL });
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the PDF's text:\n%s", needle, text);
}

static void
test_page (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (ReframeSafetyPlan) plan = NULL;
  ReframeSafetyPlanExtras extras = { "Dr Priya Lee", "0151 555 0199", NULL, f->lines };
  const char *const       expected[] = {
          "My Safety Plan",
          "Last changed 28 November 2026",
          "1. My warning signs",
          "family would manage better without me",
          "My sister Ana",
          "0151 555 0100",
          "07700 900456",
          "Sam (we watch football)",
          "Dr Priya Lee",
          "0151 555 0199",
          "Samaritans",
          "116 123",
          "In immediate danger: call 999",
          "Seeing my niece grow up.",
  };

  save_plan (f, REALISTIC_PLAN);
  plan = load_plan (f);
  for (ReframePaper paper = REFRAME_PAPER_A4; paper <= REFRAME_PAPER_LETTER; paper++)
    {
      g_autofree char *text =
          write_and_read (f,
                          plan,
                          &extras,
                          paper,
                          REFRAME_SAFETY_PLAN_FORMAT_PAGE,
                          paper == REFRAME_PAPER_A4 ? "plan-a4.pdf" : "plan-letter.pdf");
      g_autofree char *path = g_build_filename (
          f->out_dir, paper == REFRAME_PAPER_A4 ? "plan-a4.pdf" : "plan-letter.pdf", NULL);
      g_autofree char *size = pdf_info (path, "Page size");

      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        assert_contains (text, expected[i]);
      g_assert_null (strstr (text, "(continued in Reframe)"));
      g_assert_nonnull (
          strstr (size, paper == REFRAME_PAPER_A4 ? "595.276 x 841.89" : "612 x 792"));
    }
}

/* Far too much in every step still makes exactly one page, cut with a note. */
static void
test_page_long (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *answers = dup_long_answers ();
  g_autoptr (ReframeSafetyPlan) plan = NULL;
  ReframeSafetyPlanExtras extras = { "Dr Priya Lee", "0151 555 0199", "112", f->lines };
  g_autofree char        *text = NULL;
  g_autofree char        *card = NULL;

  save_plan (f, answers);
  plan = load_plan (f);
  text = write_and_read (
      f, plan, &extras, REFRAME_PAPER_LETTER, REFRAME_SAFETY_PLAN_FORMAT_PAGE, "long.pdf");
  assert_contains (text, "(continued in Reframe)");
  assert_contains (text, "In immediate danger: call 112");
  assert_contains (text, "Friend number 0");
  assert_contains (text, "Worth living for");
  card = write_and_read (
      f, plan, &extras, REFRAME_PAPER_A4, REFRAME_SAFETY_PLAN_FORMAT_CARD, "long-card.pdf");
  assert_contains (card, "(continued in Reframe)");
  assert_contains (card, "In danger: call 112");
  assert_contains (card, "0151 555 0199");
}

/* Counts the horizontal lines drawn across the page's text column in grey: the ruled
 * lines to write on, and the rules under people. */
static guint
count_ruled_lines (ReframeSafetyPlan             *plan,
                   const ReframeSafetyPlanExtras *extras)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 595, 842);
  cairo_t         *cr = cairo_create (surface);
  const guint8    *data;
  int              stride;
  guint            n = 0;
  gboolean         in_line = FALSE;

  reframe_safety_plan_draw (plan, extras, REFRAME_PAPER_A4, REFRAME_SAFETY_PLAN_FORMAT_PAGE, cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < 842; y++)
    {
      gboolean line = TRUE;

      /* Grey all along the first column, and at the right end; text is never solid. */
      for (int x = 45; x <= 545 && line; x += x < 335 ? 10 : 210)
        {
          const guint8 *pixel = data + y * stride + x * 4;

          line = pixel[0] < 0xf0 && pixel[0] == pixel[1] && pixel[1] == pixel[2];
        }
      n += line && !in_line;
      in_line = line;
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return n;
}

static void
test_page_blank (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (ReframeSafetyPlan) plan = load_plan (f);
  g_autoptr (ReframeSafetyPlan) written = NULL;
  g_autofree char *text = NULL;
  guint            blank_lines;

  g_assert_true (reframe_safety_plan_is_empty (plan));
  text = write_and_read (
      f, plan, NULL, REFRAME_PAPER_A4, REFRAME_SAFETY_PLAN_FORMAT_PAGE, "blank.pdf");
  assert_contains (text, "My Safety Plan");
  assert_contains (text, "fill it in by hand");
  assert_contains (text, "Making my surroundings safer");
  assert_contains (text, "Phone");
  assert_contains (text, "call your local emergency number");
  g_free (text);
  text = write_and_read (
      f, plan, NULL, REFRAME_PAPER_A4, REFRAME_SAFETY_PLAN_FORMAT_CARD, "blank-card.pdf");
  assert_contains (text, "In danger: call your emergency");

  /* Two lines for each step to write in, three for each list of people. */
  blank_lines = count_ruled_lines (plan, NULL);
  g_test_message ("ruled lines on the blank page: %u", blank_lines);
  g_assert_cmpuint (blank_lines, >=, 5 * 2 + 2 * 3);
  save_plan (f, REALISTIC_PLAN);
  written = load_plan (f);
  g_assert_cmpuint (count_ruled_lines (written, NULL), <, blank_lines);
}

/* Whether a dark pixel is near (@x, @y) points on the card sheet drawn at @scale. */
static gboolean
is_drawn_near (cairo_surface_t *surface,
               double           scale,
               double           x,
               double           y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int           stride = cairo_image_surface_get_stride (surface);

  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        const guint8 *pixel =
            data + ((int) round (y * scale) + dy) * stride + ((int) round (x * scale) + dx) * 4;

        if (pixel[0] < 0xc0)
          return TRUE;
      }
  return FALSE;
}

static void
test_card (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (ReframeSafetyPlan) plan = NULL;
  ReframeSafetyPlanExtras extras = { "Dr Priya Lee", "0151 555 0199", NULL, f->lines };
  g_autofree char        *text = NULL;
  const double            scale = 2;
  cairo_surface_t        *surface =
      cairo_image_surface_create (CAIRO_FORMAT_RGB24, 595 * scale, 842 * scale);
  cairo_t          *cr = cairo_create (surface);
  cairo_rectangle_t panels[REFRAME_SAFETY_PLAN_N_PANELS];
  double            page_width, page_height;

  save_plan (f, REALISTIC_PLAN);
  plan = load_plan (f);
  text = write_and_read (
      f, plan, &extras, REFRAME_PAPER_A4, REFRAME_SAFETY_PLAN_FORMAT_CARD, "card.pdf");
  for (guint i = 0; i < 7; i++)
    assert_contains (text,
                     (const char *[]){ "My Safety Plan",
                                       "In danger: call 999",
                                       "My sister Ana",
                                       "0151 555 0100",
                                       "Samaritans",
                                       "116 123",
                                       "Cut along the outline" }[i]);

  /* Every panel is a bank card, 85.6 × 54 mm, on the sheet, none overlapping; the
   * inside is upside down so that it reads upright once folded. */
  for (ReframePaper paper = REFRAME_PAPER_A4; paper <= REFRAME_PAPER_LETTER; paper++)
    {
      reframe_report_paper_get_size (paper, &page_width, &page_height);
      for (ReframeSafetyPlanPanel panel = 0; panel < REFRAME_SAFETY_PLAN_N_PANELS; panel++)
        {
          gboolean upside_down;

          reframe_safety_plan_get_card_panel (paper, panel, &panels[panel], &upside_down);
          g_assert_cmpfloat_with_epsilon (panels[panel].width, 85.6 * MM_TO_PT, 0.001);
          g_assert_cmpfloat_with_epsilon (panels[panel].height, 54 * MM_TO_PT, 0.001);
          g_assert_cmpfloat (panels[panel].x, >=, 0);
          g_assert_cmpfloat (panels[panel].x + panels[panel].width, <=, page_width);
          g_assert_cmpfloat (panels[panel].y + panels[panel].height, <=, page_height);
          g_assert_true (upside_down == (panel == REFRAME_SAFETY_PLAN_PANEL_INSIDE_LEFT ||
                                         panel == REFRAME_SAFETY_PLAN_PANEL_INSIDE_RIGHT));
          for (ReframeSafetyPlanPanel other = 0; other < panel; other++)
            g_assert_true (panels[other].x + panels[other].width <= panels[panel].x + 0.001 ||
                           panels[panel].x + panels[panel].width <= panels[other].x + 0.001 ||
                           panels[other].y + panels[other].height <= panels[panel].y + 0.001 ||
                           panels[panel].y + panels[panel].height <= panels[other].y + 0.001);
        }
    }

  /* The outline is drawn where the panels say, at true size. */
  reframe_safety_plan_get_card_panel (
      REFRAME_PAPER_A4, REFRAME_SAFETY_PLAN_PANEL_BACK, &panels[0], NULL);
  cairo_scale (cr, scale, scale);
  reframe_safety_plan_draw (plan, &extras, REFRAME_PAPER_A4, REFRAME_SAFETY_PLAN_FORMAT_CARD, cr);
  cairo_surface_flush (surface);
  g_assert_true (is_drawn_near (surface, scale, panels[0].x, panels[0].y + 20));
  g_assert_true (
      is_drawn_near (surface, scale, panels[0].x + 2 * panels[0].width, panels[0].y + 20));
  g_assert_true (
      is_drawn_near (surface, scale, panels[0].x + 20, panels[0].y + 2 * panels[0].height));
  g_assert_false (is_drawn_near (surface, scale, panels[0].x - 6, panels[0].y + 20));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static guint
count_files (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A cancelled write leaves nothing; the journal's folder is refused. */
static void
test_cancel (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (ReframeSafetyPlan) plan = NULL;
  g_autofree char *path = g_build_filename (f->out_dir, "cancelled.pdf", NULL);
  g_autofree char *in_journal = g_build_filename (f->data_dir, "plan.pdf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) journal_file = g_file_new_for_path (in_journal);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  save_plan (f, REALISTIC_PLAN);
  plan = load_plan (f);
  g_cancellable_cancel (cancellable);
  for (ReframeSafetyPlanFormat format = REFRAME_SAFETY_PLAN_FORMAT_PAGE;
       format <= REFRAME_SAFETY_PLAN_FORMAT_CARD;
       format++)
    {
      g_assert_false (reframe_safety_plan_write_pdf_file (
          plan, NULL, REFRAME_PAPER_A4, format, file, f->data_dir, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
    }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (f->out_dir), ==, 0);

  g_assert_false (reframe_safety_plan_write_pdf_file (plan,
                                                      NULL,
                                                      REFRAME_PAPER_A4,
                                                      REFRAME_SAFETY_PLAN_FORMAT_PAGE,
                                                      journal_file,
                                                      f->data_dir,
                                                      NULL,
                                                      &error));
  g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_JOURNAL_FOLDER);
  g_assert_false (g_file_test (in_journal, G_FILE_TEST_EXISTS));
}

/* The command line */

static int
run_reframe (Fixture    *f,
             char      **out,
             const char *command,
             const char *first,
             ...)
{
  g_autofree char *err = NULL;
  va_list          args;
  int              status;

  va_start (args, first);
  status = reframe_test_cli_run_valist (
      &(ReframeTestCli){ .command = command, .data_dir = f->data_dir }, out, &err, first, args);
  va_end (args);
  return status;
}

static void
check_json_plan (const char *text)
{
  g_autoptr (JsonNode) root = json_from_string (text, NULL);
  JsonObject *plan = json_node_get_object (root);
  JsonArray  *steps = json_object_get_array_member (plan, "steps");
  JsonObject *helpers = json_array_get_object_element (steps, 3);
  JsonObject *ana =
      json_array_get_object_element (json_object_get_array_member (helpers, "contacts"), 0);

  g_assert_cmpuint (json_array_get_length (steps), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (steps, 0), "id"),
                   ==,
                   "warning_signs");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (steps, 6), "text"),
                   ==,
                   "Seeing my niece grow up.");
  g_assert_cmpstr (
      json_object_get_string_member (helpers, "title"), ==, "People I can ask for help");
  g_assert_true (json_object_get_null_member (helpers, "text"));
  g_assert_cmpstr (json_object_get_string_member (ana, "name"), ==, "My sister Ana");
  g_assert_cmpstr (json_object_get_string_member (ana, "phone"), ==, "0151 555 0100");
}

static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->out_dir, "plan.pdf", NULL);
  g_autofree char *card = g_build_filename (f->out_dir, "card.pdf", NULL);
  g_autofree char *missing = g_build_filename (f->out_dir, "nope", "plan.pdf", NULL);
  g_autofree char *in_journal = g_build_filename (f->data_dir, "plan.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pages = NULL;

  g_assert_cmpint (run_reframe (f, &out, "safety-plan", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "You have not written a safety plan yet"));
  g_clear_pointer (&out, g_free);

  save_plan (f, REALISTIC_PLAN);
  g_assert_cmpint (run_reframe (f, &out, "safety-plan", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "My sister Ana: 0151 555 0100\n"));
  g_assert_nonnull (strstr (out, "Seeing my niece grow up."));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_reframe (f, &out, "safety-plan", "--json", NULL), ==, 0);
  check_json_plan (out);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_reframe (f,
                                &out,
                                "safety-plan",
                                "--pdf",
                                pdf,
                                "--card",
                                card,
                                "--country",
                                "gb",
                                "--therapist-name",
                                "Dr Priya Lee",
                                "--therapist-phone",
                                "0151 555 0199",
                                "--paper",
                                "letter",
                                NULL),
                   ==,
                   0);
  g_assert_nonnull (strstr (out, pdf));
  g_assert_nonnull (strstr (out, card));
  pages = pdf_info (pdf, "Pages");
  g_assert_cmpstr (pages, ==, "1");
  text = run_tool ((const char *const[]){ "pdftotext", "-enc", "UTF-8", card, "-", NULL });
  assert_contains (text, "Dr Priya Lee");
  assert_contains (text, "116 123");
  g_clear_pointer (&out, g_free);

  /* Bad usage: exit 2, nothing written. */
  g_assert_cmpint (
      run_reframe (f, &out, "safety-plan", "--paper", "a5", "--pdf", missing, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_reframe (f, &out, "safety-plan", "--paper", "a5", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_reframe (f, &out, "safety-plan", "--country", "ZZ", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_reframe (f, &out, "safety-plan", "--json", "--pdf", pdf, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_reframe (f, &out, "safety-plan", "--pdf", missing, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_reframe (f, &out, "safety-plan", "--pdf", pdf, "--card", pdf, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_reframe (f, &out, "safety-plan", "extra", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  /* A failure: exit 1. */
  g_assert_cmpint (run_reframe (f, &out, "safety-plan", "--pdf", in_journal, NULL), ==, 1);
  g_assert_false (g_file_test (in_journal, G_FILE_TEST_EXISTS));
}

/* Share with Therapist: the plan only when asked for, at the end, and read back. */
static void
test_export (Fixture      *f,
             gconstpointer data)
{
  g_autofree char *with = g_build_filename (f->out_dir, "with.json", NULL);
  g_autofree char *without = g_build_filename (f->out_dir, "without.json", NULL);
  g_autofree char *md = g_build_filename (f->out_dir, "with.md", NULL);
  g_autofree char *pdf = g_build_filename (f->out_dir, "with.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GError) error = NULL;
  ReframeSafetyPlan *plan;

  save_plan (f, REALISTIC_PLAN);
  g_assert_cmpint (
      run_reframe (
          f, &out, "export", "--from", "2026-11-01", "--to", "2026-11-30", "-o", without, NULL),
      ==,
      0);
  g_clear_pointer (&out, g_free);
  bytes = reframe_test_read_bytes (without);
  report = reframe_report_from_json (bytes, &error);
  g_assert_no_error (error);
  g_assert_false (reframe_report_get_include_safety_plan (report));
  g_assert_null (reframe_report_get_safety_plan (report));
  /* Without the plan, its worksheet of the period is among the worksheets as before. */
  g_assert_cmpuint (reframe_report_get_worksheets (report)->len, ==, 1);
  g_clear_pointer (&report, reframe_report_unref);
  g_clear_pointer (&bytes, g_bytes_unref);

  g_assert_cmpint (run_reframe (f,
                                &out,
                                "export",
                                "--from",
                                "2026-11-01",
                                "--to",
                                "2026-11-30",
                                "--include-safety-plan",
                                "-o",
                                with,
                                NULL),
                   ==,
                   0);
  g_clear_pointer (&out, g_free);
  bytes = reframe_test_read_bytes (with);
  report = reframe_report_from_json (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (reframe_report_get_include_safety_plan (report));
  plan = reframe_report_get_safety_plan (report);
  g_assert_nonnull (plan);
  g_assert_cmpuint (reframe_report_get_worksheets (report)->len, ==, 0);
  g_assert_cmpstr (
      reframe_safety_plan_lookup_step (plan, "reason")->text, ==, "Seeing my niece grow up.");
  g_assert_cmpstr (((ReframeSafetyPlanContact *) g_ptr_array_index (
                        reframe_safety_plan_lookup_step (plan, "helpers")->contacts, 1))
                       ->phone,
                   ==,
                   "07700 900456");
  g_assert_nonnull (reframe_safety_plan_get_updated (plan));

  g_assert_cmpint (run_reframe (f,
                                &out,
                                "export",
                                "--from",
                                "2026-11-01",
                                "--to",
                                "2026-11-30",
                                "--include-safety-plan",
                                "-o",
                                md,
                                NULL),
                   ==,
                   0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (md, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "## Safety plan\n"));
  g_assert_nonnull (strstr (contents, "- My sister Ana: **0151 555 0100**\n"));
  g_assert_true (strstr (contents, "## Mood entries") < strstr (contents, "## Safety plan"));

  g_assert_cmpint (run_reframe (f,
                                &out,
                                "export",
                                "--from",
                                "2026-11-01",
                                "--to",
                                "2026-11-30",
                                "--include-safety-plan",
                                "-o",
                                pdf,
                                NULL),
                   ==,
                   0);
  text = run_tool ((const char *const[]){ "pdftotext", "-enc", "UTF-8", pdf, "-", NULL });
  assert_contains (text, "Safety plan");
  assert_contains (text, "0151 555 0100");
  g_assert_true (strstr (text, "Journal entries") < strstr (text, "Safety plan"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (          \
      "/reframe/safety-plan-pdf/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("page", test_page);
  ADD ("page-long", test_page_long);
  ADD ("page-blank", test_page_blank);
  ADD ("card", test_card);
  ADD ("cancel", test_cancel);
  ADD ("command-prints-and-writes-the-plan", test_cli);
  ADD ("export", test_export);
#undef ADD

  status = g_test_run ();
  /* pango, cairo and fontconfig keep the fonts they loaded for the life of the process;
   * let them go so that LeakSanitizer sees only what Reframe leaks. */
  reframe_report_release_fonts ();
  return status;
}
