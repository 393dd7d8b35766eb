/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-report-pdf.c: the PDF report on a generated journal: the last year and all ten
 * years to PDF (targets: <= 1 s and <= 5 s), with progress, the time a Cancel takes to stop,
 * and peak memory (VmHWM) of each against a baseline that only opens the journal, each in
 * a process of its own. `bench-report-pdf DIR` prints one line per figure. */

#include "config.h"

#include <stdlib.h>

#include "reframe-report-pdf.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"

typedef struct
{
  guint         calls;
  double        cancel_at;
  GCancellable *cancellable;
  gint64        cancelled_at;
} Progress;

static long
peak_kib (void)
{
  g_autofree char *status = NULL;
  const char      *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmHWM:"), NULL, 10);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;

  progress->calls++;
  if (progress->cancellable != NULL && fraction >= progress->cancel_at &&
      progress->cancelled_at == 0)
    {
      progress->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (progress->cancellable);
    }
}

/* The journal's last day: the generator writes up to the day before 1 November 2026. */
static ReframeReport *
build (ReframeStore            *store,
       ReframeTemplateRegistry *registry,
       guint                    n_days,
       double                  *seconds)
{
  GDate to, from;
  g_autoptr (ReframeReportOptions) options = NULL;
  g_autoptr (GError) error = NULL;
  gint64         start;
  ReframeReport *report;

  g_date_clear (&to, 1);
  g_date_set_dmy (&to, 31, 10, 2026);
  from = to;
  g_date_subtract_days (&from, n_days - 1);
  options = reframe_report_options_new (&from, &to);
  start = g_get_monotonic_time ();
  report = reframe_report_build (store, registry, options, NULL, &error);
  *seconds = (g_get_monotonic_time () - start) / 1e6;
  if (report == NULL)
    g_error ("build: %s", error->message);
  return report;
}

static double
write_pdf (ReframeReport *report,
           Progress      *progress,
           gboolean      *finished)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileIOStream) io = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A real file, as when saving: the bytes go to the disk, not to memory. */
  file = g_file_new_tmp ("bench-report-XXXXXX.pdf", &io, &error);
  g_assert_no_error (error);
  *finished = reframe_report_write_pdf (report,
                                        REFRAME_PAPER_A4,
                                        g_io_stream_get_output_stream (G_IO_STREAM (io)),
                                        progress_cb,
                                        progress,
                                        progress->cancellable,
                                        &error);
  g_file_delete (file, NULL, NULL);
  return (g_get_monotonic_time () - start) / 1e6;
}

/* One case in a process of its own, so that its peak memory is its own. */
static int
run_case (const char *dir,
          guint       years)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (dir, &error);
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (ReframeReportLayout) layout = NULL;
  Progress progress = { 0 };
  Progress cancelled = { 0, 0.5, g_cancellable_new (), 0 };
  double   build_s, pdf_s;
  gboolean finished;
  long     after_build;

  if (store == NULL)
    g_error ("%s", error->message);
  registry = reframe_template_registry_new (dir, &error);
  g_assert_no_error (error);
  if (years == 0)
    {
      g_print ("baseline (journal opened): peak %ld KiB\n", peak_kib ());
      return 0;
    }

  report = build (store, registry, years * 365, &build_s);
  after_build = peak_kib ();
  pdf_s = write_pdf (report, &progress, &finished);
  g_assert_true (finished);
  layout = reframe_report_layout_new (report, REFRAME_PAPER_A4, NULL, NULL, &error);
  g_print ("%u year%s: %u entries, %u pages; build %.3f s; PDF %.3f s (%u progress calls); peak "
           "%ld KiB after build, %ld KiB after PDF\n",
           years,
           years == 1 ? "" : "s",
           reframe_report_get_entries (report)->len,
           reframe_report_layout_get_n_pages (layout),
           build_s,
           pdf_s,
           progress.calls,
           after_build,
           peak_kib ());

  write_pdf (report, &cancelled, &finished);
  g_assert_false (finished);
  g_print ("%u year%s: Cancel at 50%% stopped in %.1f ms\n",
           years,
           years == 1 ? "" : "s",
           (g_get_monotonic_time () - cancelled.cancelled_at) / 1e3);
  g_object_unref (cancelled.cancellable);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const guint cases[] = { 0, 1, 10 };

  if (argc == 4 && g_str_equal (argv[1], "--case"))
    return run_case (argv[3], atoi (argv[2]));
  if (argc != 2)
    {
      g_printerr ("usage: %s DIR\n", argv[0]);
      return 2;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *years = g_strdup_printf ("%u", cases[i]);
      const char      *child[] = { "/proc/self/exe", "--case", years, argv[1], NULL };
      g_autoptr (GError) error = NULL;
      int status;

      if (!g_spawn_sync (NULL,
                         (char **) child,
                         NULL,
                         G_SPAWN_CHILD_INHERITS_STDIN,
                         NULL,
                         NULL,
                         NULL,
                         NULL,
                         &status,
                         &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("case %s: %s", years, error->message);
    }
  return 0;
}
