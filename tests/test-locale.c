/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-locale.c: dates, numbers and weeks from the locale; a report in another language
 * than the desktop's, on its own thread only; the German PDF's headings. */

#include "config.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <libintl.h>
#include <pango/pangocairo.h>
#include <locale.h>
#include <string.h>

#include "reframe-core-types.h"
#include "reframe-l10n.h"
#include "reframe-locale.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-report.h"
#include "reframe-store.h"
#include "reframe-test-util.h"

/* build-aux/test.sh makes these; without them dates stay English and the test says so */
static void
require_locale (const char *name)
{
  locale_t locale = newlocale (LC_TIME_MASK, name, (locale_t) 0);

  if (locale == (locale_t) 0)
    g_error ("The locale %s is missing: build-aux/test.sh makes it (localedef)", name);
  freelocale (locale);
}

static GDate
make_day (GDateDay day, GDateMonth month, GDateYear year)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return date;
}

static void
test_first_weekday (void)
{
  const char      *saved = setlocale (LC_TIME, NULL);
  g_autofree char *restore = g_strdup (saved);
  GDate            wednesday = make_day (2, G_DATE_DECEMBER, 2026);
  GDate            start;

  require_locale ("en_US.UTF-8");
  require_locale ("de_DE.UTF-8");

  g_assert_nonnull (setlocale (LC_TIME, "en_US.UTF-8"));
  g_assert_cmpint (reframe_locale_get_first_weekday (), ==, G_DATE_SUNDAY);
  reframe_locale_get_week_start (&wednesday, &start);
  g_assert_cmpuint (g_date_get_day (&start), ==, 29);
  g_assert_cmpint (g_date_get_month (&start), ==, G_DATE_NOVEMBER);

  g_assert_nonnull (setlocale (LC_TIME, "de_DE.UTF-8"));
  g_assert_cmpint (reframe_locale_get_first_weekday (), ==, G_DATE_MONDAY);
  reframe_locale_get_week_start (&wednesday, &start);
  g_assert_cmpuint (g_date_get_day (&start), ==, 30);

  /* The C locale has no country: ISO weeks. */
  g_assert_nonnull (setlocale (LC_TIME, "C.UTF-8"));
  g_assert_cmpint (reframe_locale_get_first_weekday (), ==, G_DATE_MONDAY);

  /* A Sunday starts its own week where weeks start on Sunday. */
  g_assert_nonnull (setlocale (LC_TIME, "en_US.UTF-8"));
  {
    GDate sunday = make_day (29, G_DATE_NOVEMBER, 2026);

    reframe_locale_get_week_start (&sunday, &start);
    g_assert_cmpuint (g_date_get_day (&start), ==, 29);
  }
  setlocale (LC_TIME, restore);
}

static void
test_formats_in_languages (void)
{
  GDate            day = make_day (14, G_DATE_MARCH, 2024);
  g_autofree char *english = reframe_locale_format_date (&day, REFRAME_DATE_FULL);

  require_locale ("de_DE.UTF-8");
  require_locale ("es_ES.UTF-8");
  g_assert_cmpstr (english, ==, "14 March 2024");

  {
    g_autoptr (ReframeL10nScope) scope = reframe_l10n_scope_enter ("de");
    g_autofree char *full = reframe_locale_format_date (&day, REFRAME_DATE_FULL);
    g_autofree char *weekday = reframe_locale_format_date (&day, REFRAME_DATE_FULL_WEEKDAY);
    g_autofree char *decimal = reframe_locale_format_decimal (7.5, 1);

    g_assert_cmpstr (full, ==, "14. März 2024");
    g_assert_cmpstr (weekday, ==, "Donnerstag, 14. März 2024");
    g_assert_cmpstr (decimal, ==, "7,5");
    g_assert_cmpstr (reframe_mood_get_label (REFRAME_MOOD_GOOD), ==, "Gut");
    /* Plurals follow the catalogue's forms. */
    g_assert_nonnull (
        strstr (reframe_l10n_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", 2), "Tage"));
  }
  {
    g_autoptr (ReframeL10nScope) scope = reframe_l10n_scope_enter ("es");
    g_autofree char *full = reframe_locale_format_date (&day, REFRAME_DATE_FULL);

    g_assert_cmpstr (full, ==, "14 de marzo de 2024");
  }

  /* Left, everything is the desktop's again. */
  {
    g_autofree char *again = reframe_locale_format_date (&day, REFRAME_DATE_FULL);
    g_autofree char *decimal = reframe_locale_format_decimal (7.5, 1);

    g_assert_cmpstr (again, ==, "14 March 2024");
    g_assert_cmpstr (decimal, ==, "7.5");
    g_assert_cmpstr (reframe_mood_get_label (REFRAME_MOOD_GOOD), ==, "Good");
  }
}

static gpointer
label_on_other_thread (gpointer data)
{
  return g_strdup (reframe_mood_get_label (REFRAME_MOOD_GOOD));
}

/* The window's thread keeps its language while a report is made in another. */
static void
test_scope_is_per_thread (void)
{
  g_autoptr (ReframeL10nScope) scope = reframe_l10n_scope_enter ("de");
  g_autoptr (GThread) thread = NULL;
  g_autofree char *other = NULL;

  g_assert_cmpstr (reframe_mood_get_label (REFRAME_MOOD_GOOD), ==, "Gut");
  thread = g_thread_new ("other", label_on_other_thread, NULL);
  other = g_thread_join (g_steal_pointer (&thread));
  g_assert_cmpstr (other, ==, "Good");
}

static void
test_languages (void)
{
  g_auto (GStrv) languages = reframe_l10n_list_languages ();
  g_autofree char *german = reframe_l10n_get_language_name ("de");

  g_assert_cmpstr (languages[0], ==, "en");
  g_assert_true (g_strv_contains ((const char *const *) languages, "de"));
  g_assert_true (g_strv_contains ((const char *const *) languages, "es"));
  g_assert_cmpstr (german, ==, "Deutsch");
  g_assert_true (reframe_l10n_has_language ("en"));
  g_assert_false (reframe_l10n_has_language ("xx"));
  g_assert_false (reframe_l10n_has_language ("../de"));
  g_assert_false (reframe_l10n_has_language (".."));
}

/* A damaged catalogue is no catalogue: the report is English, nothing crashes. */
static void
test_damaged_catalogue (void)
{
  g_autofree char *root = reframe_test_make_tmp_dir ();
  g_autofree char *dir = g_build_filename (root, "zz", "LC_MESSAGES", NULL);
  g_autofree char *path = g_build_filename (dir, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *previous = g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
  /* The magic number, then offsets that point far outside the file. */
  const guint8 damaged[] = { 0xde, 0x12, 0x04, 0x95, 0, 0, 0, 0, 5, 0, 0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, (const char *) damaged, sizeof damaged, NULL));
  bindtextdomain (GETTEXT_PACKAGE, root);
  {
    g_autoptr (ReframeL10nScope) scope = reframe_l10n_scope_enter ("zz");

    g_assert_cmpstr (reframe_mood_get_label (REFRAME_MOOD_GOOD), ==, "Good");
    g_assert_cmpstr (
        reframe_l10n_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", 2), ==, "%u days");
  }
  bindtextdomain (GETTEXT_PACKAGE, previous);
  reframe_test_remove_tree (root);
}

static char *
write_report (ReframeStore       *store,
              const char         *language,
              ReframeReportFormat format)
{
  GDate first = make_day (1, G_DATE_MARCH, 2024), last = make_day (14, G_DATE_MARCH, 2024);
  g_autoptr (GDateTime) made = g_date_time_new_from_iso8601 ("2024-03-15T08:30:00Z", NULL);
  ReframeReportOptions *options = reframe_report_options_new (&first, &last);
  g_autofree char      *out_dir = reframe_test_make_tmp_dir ();
  g_autofree char      *path = g_build_filename (
      out_dir, format == REFRAME_REPORT_FORMAT_PDF ? "report.pdf" : "report.md", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  ReframeReport *report;
  char          *text = NULL;

  reframe_report_options_set_made (options, made);
  reframe_report_options_set_language (options, language);
  report = reframe_report_build (store, NULL, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reframe_report_get_language (report), ==, language);
  reframe_report_write_file (report, format, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  reframe_report_unref (report);
  reframe_report_options_free (options);

  if (format == REFRAME_REPORT_FORMAT_PDF)
    {
      const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };

      g_assert_true (g_spawn_sync (NULL,
                                   (char **) argv,
                                   NULL,
                                   G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL,
                                   NULL,
                                   &text,
                                   NULL,
                                   NULL,
                                   &error));
      g_assert_no_error (error);
    }
  else
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  reframe_test_remove_tree (out_dir);
  return text;
}

static void
test_report_languages (ReframeTestStore *f,
                       gconstpointer     data)
{
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2024-03-05T20:15:00Z", REFRAME_MOOD_GOOD, "Ein ruhiger Abend");
  g_autoptr (GError) error = NULL;
  g_autofree char *english = NULL, *german = NULL, *spanish = NULL, *pdf = NULL;

  require_locale ("de_DE.UTF-8");
  require_locale ("es_ES.UTF-8");
  reframe_mood_entry_set_sleep_hours (entry, 7.5);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), entry, &error));
  g_assert_no_error (error);

  english = write_report (f->store, NULL, REFRAME_REPORT_FORMAT_MARKDOWN);
  german = write_report (f->store, "de", REFRAME_REPORT_FORMAT_MARKDOWN);
  spanish = write_report (f->store, "es", REFRAME_REPORT_FORMAT_MARKDOWN);

  g_assert_nonnull (strstr (english, "## Summary"));
  g_assert_nonnull (strstr (english, "5 March 2024"));
  g_assert_nonnull (strstr (german, "## Zusammenfassung"));
  g_assert_nonnull (strstr (german, "5. März 2024"));
  g_assert_null (strstr (german, "## Summary"));
  g_assert_nonnull (strstr (spanish, "## Resumen"));
  g_assert_nonnull (strstr (spanish, "de marzo de 2024"));
  /* The person's own words are never translated. */
  g_assert_nonnull (strstr (german, "Ein ruhiger Abend"));
  g_assert_nonnull (strstr (spanish, "Ein ruhiger Abend"));

  /* The PDF made in German has its German headings. */
  pdf = write_report (f->store, "de", REFRAME_REPORT_FORMAT_PDF);
  g_assert_nonnull (strstr (pdf, "Bericht zwischen den Sitzungen"));
  g_assert_nonnull (strstr (pdf, "Zusammenfassung"));
  g_assert_nonnull (strstr (pdf, "März 2024"));
  g_assert_null (strstr (pdf, "Between-session report"));
}

/* `reframe export --language` and a language Reframe does not have. */
static void
test_cli_language (ReframeTestStore *f,
                   gconstpointer     data)
{
  g_autofree char *out_dir = reframe_test_make_tmp_dir ();
  g_autofree char *output = g_build_filename (out_dir, "cli.md", NULL);
  g_autofree char *text = NULL;
  const char      *good[] = { "export", "--data-dir", f->dir, "--language", "es", "--from", "2024-03-01", "--to", "2024-03-14", "-o", output, NULL };
  const char      *bad[] = { "export", "--data-dir", f->dir, "--language", "xx", "-o", output, NULL };

  g_assert_cmpint (reframe_test_run_cli (bad, NULL), ==, 2);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_assert_cmpint (reframe_test_run_cli (good, NULL), ==, 0);
  g_assert_true (g_file_get_contents (output, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "## Resumen"));
  reframe_test_remove_tree (out_dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, REFRAME_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("REFRAME_LOCALEDIR", REFRAME_BUILD_LOCALEDIR, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/locale/first-weekday-from-the-locale", test_first_weekday);
  g_test_add_func ("/reframe/locale/dates-and-numbers-in-the-scope-language",
                   test_formats_in_languages);
  g_test_add_func ("/reframe/locale/scope-stays-on-its-thread", test_scope_is_per_thread);
  g_test_add_func ("/reframe/locale/languages-with-a-catalogue", test_languages);
  g_test_add_func ("/reframe/locale/damaged-catalogue-falls-back-to-english",
                   test_damaged_catalogue);
  g_test_add ("/reframe/locale/report-in-a-chosen-language",
              ReframeTestStore,
              NULL,
              reframe_test_store_set_up,
              test_report_languages,
              reframe_test_store_tear_down);
  g_test_add ("/reframe/locale/cli-export-language",
              ReframeTestStore,
              NULL,
              reframe_test_store_set_up,
              test_cli_language,
              reframe_test_store_tear_down);
  status = g_test_run ();

  /* pango, cairo and fontconfig keep the fonts the German PDF loaded for the life of
   * the process; let them go, so that LeakSanitizer looks at Reframe's memory only. */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
  return status;
}
