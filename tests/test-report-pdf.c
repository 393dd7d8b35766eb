/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-report-pdf.c: the PDF report: a valid file (qpdf --check) whose text (pdftotext) and
 * pages (pdfinfo) are what the report holds, private items left out unless asked for, paper
 * by locale, a one-year report, pages drawn at any scale, and a cancelled write that leaves
 * no file. The tools come from qpdf and poppler-utils (build-aux/deps.sh). */

#include "config.h"

#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "reframe-mood-repository.h"
#include "reframe-report-pdf-fixture.h"
#include "reframe-report-pdf.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"

typedef struct
{
  char                    *dir;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  char                    *excluded_uuid;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data_dir = NULL;

  fixture->dir = reframe_test_make_tmp_dir ();
  data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->store = reframe_store_open (data_dir, &error);
  g_assert_no_error (error);
  fixture->registry = reframe_template_registry_new (data_dir, &error);
  g_assert_no_error (error);
  if (data == NULL)
    reframe_test_fill_report_month (fixture->store, &fixture->excluded_uuid);
  else
    reframe_test_fill_report_years (fixture->store, 2023, GPOINTER_TO_UINT (data));
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_assert_finalize_object (fixture->registry);
  g_assert_finalize_object (fixture->store);
  reframe_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->excluded_uuid);
}

static ReframeReport *
build_report (Fixture     *fixture,
              const GDate *from,
              const GDate *to,
              gboolean     with_private,
              const char  *exclude)
{
  g_autoptr (ReframeReportOptions) options = reframe_report_options_new (from, to);
  g_autoptr (GDateTime) made = g_date_time_new_utc (2024, 4, 2, 9, 0, 0);
  g_autoptr (GError) error = NULL;
  ReframeReport *report;

  reframe_report_options_set_name (options, "Alex Morgan");
  reframe_report_options_set_include_private (options, with_private);
  reframe_report_options_set_made (options, made);
  if (exclude != NULL)
    reframe_report_options_exclude (options, exclude);
  report = reframe_report_build (fixture->store, fixture->registry, options, NULL, &error);
  g_assert_no_error (error);
  return report;
}

static ReframeReport *
build_month_report (Fixture    *fixture,
                    gboolean    with_private,
                    const char *exclude)
{
  GDate from, to;

  reframe_test_report_month (&from, &to);
  return build_report (fixture, &from, &to, with_private, exclude);
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

/* Writes @report through the safe writer, checks the file with qpdf and returns its path. */
static char *
write_pdf (Fixture       *fixture,
           ReframeReport *report,
           const char    *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *check = NULL;

  g_assert_true (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_PDF, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  check = run_tool ((const char *const[]){ "qpdf", "--check", path, NULL });
  g_assert_nonnull (strstr (check, "No syntax or stream encoding errors found"));

  /* Keep the file to look at when asked: REFRAME_TEST_KEEP_PDF=/some/dir */
  if (g_getenv ("REFRAME_TEST_KEEP_PDF") != NULL)
    {
      g_autofree char *kept = g_build_filename (g_getenv ("REFRAME_TEST_KEEP_PDF"), name, NULL);
      g_autofree char *contents = NULL;
      gsize            length = 0;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (kept, contents, length, NULL));
    }
  return g_steal_pointer (&path);
}

static char *
pdf_text (const char *path)
{
  return run_tool ((const char *const[]){ "pdftotext", "-enc", "UTF-8", path, "-", NULL });
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

static guint
layout_n_pages (ReframeReport *report,
                ReframePaper   paper)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeReportLayout) layout =
      reframe_report_layout_new (report, paper, NULL, NULL, &error);

  g_assert_no_error (error);
  return reframe_report_layout_get_n_pages (layout);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the PDF's text:\n%s", needle, text);
}

static void
test_text (Fixture      *fixture,
           gconstpointer data)
{
  g_autoptr (ReframeReport) report = build_month_report (fixture, FALSE, NULL);
  g_autofree char *path = write_pdf (fixture, report, "report.pdf");
  g_autofree char *text = pdf_text (path);
  g_autofree char *pages = pdf_info (path, "Pages");
  g_autofree char *last_page = NULL;
  guint            n_pages = layout_n_pages (report, reframe_report_paper_for_locale ());

  /* The header, the first page's summary and the sections. */
  const char *const expected[] = {
    "Between-session report",
    "Alex Morgan",
    "1 March 2024",
    "31 March 2024",
    "made 2 April 2024",
    "Summary",
    "Days logged",
    "20 of 31 days",
    "Average mood",
    "Trend",
    "PHQ-9",
    "down 7 from 16",
    "Please ask about this",
    "Homework",
    "10 of",
    "Thought records",
    "Mood over the period",
    "Questionnaires",
    "Worksheets",
    "What did you feel?",
    "They were in meetings all day.",
    REFRAME_TEST_ASSIGNMENT,
    "Journal entries",
    "Привет",
    "こんにちは",
    REFRAME_TEST_EXCLUDED_NOTE,
    "Read https://example.org/",
    "qqqq about sleep.",
  };
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    assert_contains (text, expected[i]);

  /* A private entry stays out unless asked for. */
  g_assert_null (strstr (text, "Quokkasecret"));
  /* The long entry runs over pages, and every page says which it is. */
  g_assert_cmpuint (n_pages, >=, 4);
  g_assert_cmpuint (atoi (pages), ==, n_pages);
  last_page = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
  assert_contains (text, last_page);
  assert_contains (text, "Page 1 of");
}

static void
test_private (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr (ReframeReport) report = build_month_report (fixture, TRUE, fixture->excluded_uuid);
  g_autofree char *path = write_pdf (fixture, report, "private.pdf");
  g_autofree char *text = pdf_text (path);

  assert_contains (text, "Quokkasecret");
  g_assert_null (strstr (text, "Pelicanword"));
}

static void
test_emoji (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr (ReframeReport) report = build_month_report (fixture, FALSE, NULL);
  g_autofree char *path = write_pdf (fixture, report, "emoji.pdf");
  g_autofree char *text = pdf_text (path);
  g_autofree char *images = run_tool ((const char *const[]){ "pdfimages", "-list", path, NULL });
  g_auto (GStrv) lines = g_strsplit (images, "\n", -1);

  /* The note's words around the emoji, in Latin, Cyrillic and Japanese, are text. */
  assert_contains (text, "Walked by the river");
  assert_contains (text, "and said Привет to the neighbour; こんにちは too.");
  /* Colour emoji are bitmaps in their font, so cairo places them as images (the chart is
   * vector): two header lines, then one line per image. */
  g_assert_cmpuint (g_strv_length (lines), >, 3);
}

static GBytes *
render_to_memory (ReframeReport *report,
                  ReframePaper   paper)
{
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_report_write_pdf (report, paper, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_paper (Fixture      *fixture,
            gconstpointer data)
{
  g_autoptr (ReframeReport) report = build_month_report (fixture, FALSE, NULL);
  const struct
  {
    ReframePaper paper;
    const char  *size;
  } papers[] = { { REFRAME_PAPER_A4, "(A4)" }, { REFRAME_PAPER_LETTER, "(letter)" } };

  for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
    {
      g_autoptr (GBytes) bytes = render_to_memory (report, papers[i].paper);
      g_autofree char *path = g_build_filename (fixture->dir, "paper.pdf", NULL);
      g_autofree char *size = NULL;
      g_autoptr (GError) error = NULL;

      g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
      g_assert_no_error (error);
      size = pdf_info (path, "Page size");
      g_assert_nonnull (strstr (size, papers[i].size));
    }

  g_assert_cmpint (reframe_report_paper_for_locale_name ("en_US.UTF-8"), ==, REFRAME_PAPER_LETTER);
  g_assert_cmpint (reframe_report_paper_for_locale_name ("fr_CA"), ==, REFRAME_PAPER_LETTER);
  g_assert_cmpint (reframe_report_paper_for_locale_name ("en_GB.UTF-8"), ==, REFRAME_PAPER_A4);
  g_assert_cmpint (reframe_report_paper_for_locale_name ("de_DE@euro"), ==, REFRAME_PAPER_A4);
  g_assert_cmpint (reframe_report_paper_for_locale_name ("C.UTF-8"), ==, REFRAME_PAPER_A4);
  g_assert_cmpint (reframe_report_paper_for_locale_name (NULL), ==, REFRAME_PAPER_A4);
}

static guint
count_ink (cairo_surface_t *surface)
{
  guint          n = 0;
  unsigned char *data = cairo_image_surface_get_data (surface);
  int            stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      n += ((guint32 *) (data + y * stride))[x] != 0xffffffff;
  return n;
}

/* The same layout draws a page at any scale (the dialog's preview) without laying out again. */
static void
test_draw_scale (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr (ReframeReport) report = build_month_report (fixture, FALSE, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeReportLayout) layout =
      reframe_report_layout_new (report, REFRAME_PAPER_A4, NULL, NULL, &error);
  double width, height;
  guint  ink[2];

  g_assert_no_error (error);
  reframe_report_layout_get_page_size (layout, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 595.28, 0.01);
  for (guint i = 0; i < 2; i++)
    {
      double           scale = i == 0 ? 0.5 : 1.0;
      cairo_surface_t *surface = cairo_image_surface_create (
          CAIRO_FORMAT_RGB24, ceil (width * scale), ceil (height * scale));
      cairo_t *cr = cairo_create (surface);

      reframe_report_layout_draw_page (layout, cr, 0, scale);
      ink[i] = count_ink (surface);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  /* Ink covers about four times as many pixels at twice the scale. */
  g_assert_cmpuint (ink[0], >, 1000);
  g_assert_cmpuint (ink[1], >, 2 * ink[0]);
  g_assert_cmpuint (ink[1], <, 6 * ink[0]);
}

static void
test_empty (Fixture      *fixture,
            gconstpointer data)
{
  GDate from, to;
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, 1, 2020);
  g_date_clear (&to, 1);
  g_date_set_dmy (&to, 14, 1, 2020);
  report = build_report (fixture, &from, &to, FALSE, NULL);
  path = write_pdf (fixture, report, "empty.pdf");
  text = pdf_text (path);
  assert_contains (text, "Nothing was logged in this period");
  assert_contains (text, "0 of 14 days");
}

static void
cancel_at_half (double   fraction,
                gpointer user_data)
{
  if (fraction >= 0.5)
    g_cancellable_cancel (user_data);
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

static void
test_cancel (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr (ReframeReport) report = build_month_report (fixture, FALSE, NULL);
  g_autofree char *out_dir = g_build_filename (fixture->dir, "out", NULL);
  g_autofree char *path = g_build_filename (out_dir, "cancelled.pdf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();

  g_assert_cmpint (g_mkdir (out_dir, 0700), ==, 0);
  g_assert_false (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_PDF, file, cancel_at_half, cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (out_dir), ==, 0);

  /* The renderer itself stops when cancelled while laying out, too. */
  g_clear_error (&error);
  g_assert_false (
      reframe_report_write_pdf (report, REFRAME_PAPER_A4, memory, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
record_progress (double   fraction,
                 gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
test_year (Fixture      *fixture,
           gconstpointer data)
{
  GDate from, to;
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *last_page = NULL;
  guint            n_pages;

  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, 1, 2023);
  g_date_clear (&to, 1);
  g_date_set_dmy (&to, 31, 12, 2023);
  report = build_report (fixture, &from, &to, FALSE, NULL);
  path = write_pdf (fixture, report, "year.pdf");
  text = pdf_text (path);
  pages = pdf_info (path, "Pages");
  n_pages = layout_n_pages (report, reframe_report_paper_for_locale ());
  g_assert_cmpuint (atoi (pages), ==, n_pages);
  g_assert_cmpuint (n_pages, >, 100);
  last_page = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
  assert_contains (text, last_page);
  assert_contains (text, "365 days");

  /* Progress goes up from 0 to 1. */
  g_assert_true (reframe_report_write_pdf (
      report, REFRAME_PAPER_A4, out, record_progress, fractions, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fractions->len, >, 10);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (
        g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
}

static void
save_worksheet_answers (Fixture    *fixture,
                        const char *template_id,
                        const char *answers,
                        const char *iso)
{
  g_autoptr (ReframeWorksheet) worksheet = reframe_worksheet_new (template_id, 1);
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr (JsonNode) node = json_from_string (answers, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (node);
  reframe_worksheet_set_answers (worksheet, json_node_get_object (node));
  reframe_worksheet_set_status (worksheet, REFRAME_WORKSHEET_COMPLETED);
  _reframe_worksheet_repository_save_at (
      reframe_store_get_worksheets (fixture->store), worksheet, time, time, time, &error);
  g_assert_no_error (error);
}

/* A worksheet's date and time answers read as dates in the PDF, the same as in Markdown,
 * not as the stored timestamp. */
static void
test_worksheet_date_time (Fixture      *fixture,
                          gconstpointer data)
{
  GDate from, to;
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GBytes) markdown = NULL;
  g_autofree char  *path = NULL;
  g_autofree char  *text = NULL;
  g_autofree char  *md = NULL;
  const char *const expected[] = { "12 March 2024, 13:53", "13 March 2024, 08:05" };

  save_worksheet_answers (
      fixture,
      "thought-record",
      "{\"situation\": \"Datecheck situation\", \"when\": \"2024-03-12T13:53:00Z\"}",
      "2024-03-12T14:00:00Z");
  save_worksheet_answers (fixture,
                          "behavioural-activation",
                          "{\"activities\": [{\"when\": \"2024-03-13T08:05:00Z\", \"activity\": "
                          "\"Datecheck walk\", \"predicted_mood\": 3, \"mood\": 6}]}",
                          "2024-03-13T18:00:00Z");
  reframe_test_report_month (&from, &to);
  report = build_report (fixture, &from, &to, FALSE, NULL);
  path = write_pdf (fixture, report, "date-time.pdf");
  text = pdf_text (path);
  markdown = reframe_report_to_markdown (report);
  md = g_strndup (g_bytes_get_data (markdown, NULL), g_bytes_get_size (markdown));

  assert_contains (text, "Datecheck situation");
  assert_contains (text, "Datecheck walk");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      assert_contains (text, expected[i]);
      g_assert_nonnull (strstr (md, expected[i]));
    }
  g_assert_null (strstr (text, "2024-03-12T13:53"));
  g_assert_null (strstr (text, "2024-03-13T08:05"));
  g_assert_null (strstr (md, "2024-03-12T13:53"));
  g_assert_null (strstr (md, "2024-03-13T08:05"));
}

/* A note of @size bytes: words of a few letters, a line break now and then. */
static char *
make_long_note (gsize size)
{
  GString *note = g_string_sized_new (size + 16);
  guint32  state = 7;

  g_string_append (note, "Beginning of the long note. ");
  while (note->len < size)
    {
      state = state * 1103515245 + 12345;
      for (guint i = 0; i < 2 + (state >> 16) % 8; i++)
        g_string_append_c (note, 'a' + (state >> (i + 8)) % 26);
      g_string_append_c (note, (state >> 24) % 40 == 0 ? '\n' : ' ');
    }
  return g_string_free (note, FALSE);
}

/* A note far too long to print (10 MB) costs what a few pages cost: it is cut, with a
 * mark saying so, in the PDF, the preview's pages and the Markdown alike. */
static void
test_huge_note (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *note = make_long_note (10 * 1024 * 1024);
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2024-03-20T21:00:00Z", REFRAME_MOOD_OKAY, note);
  GDate from, to;
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (ReframeReportLayout) layout = NULL;
  g_autoptr (GBytes) markdown = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *md = NULL;
  g_autofree char *pages = NULL;
  gint64           start;
  double           seconds;

  g_assert_true (
      reframe_mood_repository_save (reframe_store_get_moods (fixture->store), entry, &error));
  g_assert_no_error (error);
  reframe_test_report_month (&from, &to);
  report = build_report (fixture, &from, &to, FALSE, NULL);

  start = g_get_monotonic_time ();
  path = write_pdf (fixture, report, "huge-note.pdf");
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("PDF with a 10 MB note written in %.2f s", seconds);
  text = pdf_text (path);
  pages = pdf_info (path, "Pages");
  assert_contains (text, "Beginning of the long note.");
  assert_contains (text, "The rest of this note");
  g_assert_cmpint (atoi (pages), <, 100);
  /* The time is reported, not asserted (speed is the benchmarks'); the page count
   * above is what shows the note was cut. */

  /* The preview lays out and draws the same pages. */
  start = g_get_monotonic_time ();
  layout = reframe_report_layout_new (report, REFRAME_PAPER_A4, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_report_layout_get_n_pages (layout), ==, atoi (pages));
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 60, 85);
    cairo_t         *cr = cairo_create (surface);

    for (guint page = 0; page < reframe_report_layout_get_n_pages (layout); page++)
      reframe_report_layout_draw_page (layout, cr, page, 0.1);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
  g_test_message ("preview laid out and drawn in %.2f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  markdown = reframe_report_to_markdown (report);
  md = g_strndup (g_bytes_get_data (markdown, NULL), g_bytes_get_size (markdown));
  g_assert_nonnull (strstr (md, "Beginning of the long note."));
  g_assert_nonnull (strstr (md, "The rest of this note"));
  g_assert_cmpuint (strlen (md), <, 1024 * 1024);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/reframe/report-pdf/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("text", test_text, NULL);
  ADD ("private", test_private, NULL);
  ADD ("emoji", test_emoji, NULL);
  ADD ("paper", test_paper, NULL);
  ADD ("draw-scale", test_draw_scale, NULL);
  ADD ("empty", test_empty, NULL);
  ADD ("cancel", test_cancel, NULL);
  ADD ("year", test_year, GUINT_TO_POINTER (1));
  ADD ("worksheet-date-time", test_worksheet_date_time, NULL);
  ADD ("huge-note", test_huge_note, NULL);
#undef ADD

  status = g_test_run ();
  /* pango, cairo and fontconfig keep the fonts they loaded for the life of the process;
   * let them go so that LeakSanitizer sees only what Reframe leaks. */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
  return status;
}
