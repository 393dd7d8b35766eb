/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-report.c: the report for a therapist on the ten-year journal: building it and
 * writing Markdown, JSON, CSV and PDF for the last year and for all ten, and the peak
 * resident memory of each, measured in a fresh process against that process's peak
 * right after opening the journal (the baseline, same run).
 * `bench-report DIR` prints one line per figure; `bench-report --memory YEARS DIR` is
 * the child that measures one period's memory. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "reframe-report-private.h"
#include "reframe-store-private.h"

#define RUNS 5

static const ReframeReportFormat formats[] = {
  REFRAME_REPORT_FORMAT_MARKDOWN,
  REFRAME_REPORT_FORMAT_JSON,
  REFRAME_REPORT_FORMAT_CSV,
  REFRAME_REPORT_FORMAT_PDF,
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

/* The process's peak resident set so far, in KiB (VmHWM). */
static guint64
peak_kib (void)
{
  g_autofree char *status = NULL;
  const char      *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

/* The last @years years of the journal, up to its last day. */
static ReframeReportOptions *
options_for_years (ReframeStore *store,
                   guint         years)
{
  g_autoptr (sqlite3_stmt) stmt = _reframe_store_prepare (
      _reframe_store_get_db (store), "SELECT max (day) FROM mood_entries", NULL);
  GDate from, to;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (_reframe_report_parse_day ((const char *) sqlite3_column_text (stmt, 0), &to));
  from = to;
  g_date_subtract_years (&from, years);
  g_date_add_days (&from, 1);
  return reframe_report_options_new (&from, &to);
}

static ReframeReport *
build (ReframeStore            *store,
       ReframeTemplateRegistry *registry,
       ReframeReportOptions    *options)
{
  g_autoptr (GError) error = NULL;
  ReframeReport *report = reframe_report_build (store, registry, options, NULL, &error);

  g_assert_no_error (error);
  return report;
}

static guint64
write_format (ReframeReport      *report,
              ReframeReportFormat format,
              const char         *dir)
{
  g_autofree char *path =
      g_strdup_printf ("%s/report.%s", dir, reframe_report_format_get_extension (format));
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  GStatBuf info;

  g_assert_true (reframe_report_write_file (report, format, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  return info.st_size;
}

static void
bench_period (ReframeStore            *store,
              ReframeTemplateRegistry *registry,
              guint                    years,
              const char              *dir)
{
  g_autoptr (ReframeReportOptions) options = options_for_years (store, years);
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (ReframeReport) report = NULL;

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      g_clear_pointer (&report, reframe_report_unref);
      report = build (store, registry, options);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (samples, ms);
    }
  g_print (
      "%u year%s (%u days, %u entries, %u worksheets and questionnaires): build median %.1f ms\n",
      years,
      years > 1 ? "s" : "",
      reframe_report_get_days_in_period (report),
      reframe_report_get_entries (report)->len,
      reframe_report_get_worksheets (report)->len + reframe_report_get_questionnaires (report)->len,
      median (samples));
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      guint   runs = formats[f] == REFRAME_REPORT_FORMAT_PDF ? 3 : RUNS;
      guint64 size = 0;

      g_array_set_size (samples, 0);
      for (guint i = 0; i < runs; i++)
        {
          gint64 start = g_get_monotonic_time ();
          double ms;

          size = write_format (report, formats[f], dir);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (samples, ms);
        }
      g_print ("  %-4s write median %7.1f ms  (%.1f MB)%s\n",
               reframe_report_format_get_extension (formats[f]),
               median (samples),
               size / 1e6,
               formats[f] == REFRAME_REPORT_FORMAT_PDF
                   ? (years == 1 ? "  target <= 1000 ms" : "  target <= 5000 ms")
                   : "");
    }
}

/* The child: one period, every format, then the peak against the baseline. */
static int
measure_memory (guint       years,
                const char *journal,
                const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (journal, &error);
  g_autoptr (ReframeTemplateRegistry) registry = reframe_template_registry_new (journal, &error);
  g_autoptr (ReframeReportOptions) options = NULL;
  g_autoptr (ReframeReport) report = NULL;
  guint64 baseline, peak;

  g_assert_no_error (error);
  options = options_for_years (store, years);
  baseline = peak_kib ();
  report = build (store, registry, options);
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    write_format (report, formats[f], dir);
  peak = peak_kib ();
  g_print ("%u year%s: peak RSS %.1f MB (baseline after opening the journal %.1f MB, report and "
           "files +%.1f MB)\n",
           years,
           years > 1 ? "s" : "",
           peak / 1024.0,
           baseline / 1024.0,
           (peak - baseline) / 1024.0);
  return EXIT_SUCCESS;
}

static void
spawn_memory (const char *self,
              guint       years,
              const char *journal)
{
  g_autofree char *arg = g_strdup_printf ("%u", years);
  const char      *argv[] = { self, "--memory", arg, journal, NULL };
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL,
                (char **) argv,
                NULL,
                G_SPAWN_CHILD_INHERITS_STDIN,
                NULL,
                NULL,
                NULL,
                NULL,
                &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *self = NULL;
  int              status = EXIT_SUCCESS;

  dir = g_dir_make_tmp ("bench-report-XXXXXX", &error);
  g_assert_no_error (error);
  if (argc == 4 && g_strcmp0 (argv[1], "--memory") == 0)
    status = measure_memory (atoi (argv[2]), argv[3], dir);
  else if (argc == 2)
    {
      store = reframe_store_open (argv[1], &error);
      g_assert_no_error (error);
      registry = reframe_template_registry_new (argv[1], &error);
      g_assert_no_error (error);
      bench_period (store, registry, 1, dir);
      bench_period (store, registry, 10, dir);
      self = g_file_read_link ("/proc/self/exe", NULL);
      spawn_memory (self != NULL ? self : argv[0], 1, argv[1]);
      spawn_memory (self != NULL ? self : argv[0], 10, argv[1]);
    }
  else
    {
      g_printerr ("usage: bench-report [--memory YEARS] JOURNAL_DIR\n");
      status = 2;
    }
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *path =
          g_strdup_printf ("%s/report.%s", dir, reframe_report_format_get_extension (formats[f]));
      g_unlink (path);
    }
  g_rmdir (dir);
  return status;
}
