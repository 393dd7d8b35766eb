/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-report-writing.c: writing a report safely: bad folders, a full disk, cancelling,
 * stale temporaries, fsync before the rename, the journal's folder refused, the build
 * off the main thread, and `reframe export`. */

#include "config.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "reframe-appointment-notes.h"
#include "reframe-assignment-repository.h"
#include "reframe-mood-repository.h"
#include "reframe-questionnaire-score.h"
#include "reframe-report-private.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"
#include "test-report.h"

static void
write_expect_error (ReframeReport *report,
                    const char    *path,
                    int            code)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  g_assert_false (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_MARKDOWN, file, NULL, NULL, NULL, &error));
  g_assert_error (error, REFRAME_REPORT_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_false (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

void
test_bad_destinations (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *missing = g_build_filename (f->out_dir, "no-such-folder", "report.md", NULL);
  g_autofree char *file_parent = g_build_filename (f->out_dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (file_parent, "report.md", NULL);

  report_test_populate (f);
  report = report_test_build (f, options);
  write_expect_error (report, missing, REFRAME_REPORT_ERROR_NO_FOLDER);
  g_assert_true (g_file_set_contents (file_parent, "x", 1, NULL));
  write_expect_error (report, under_file, REFRAME_REPORT_ERROR_NO_FOLDER);
  /* sysfs takes no new files, whoever asks (root ignores permissions elsewhere). */
  write_expect_error (report, "/sys/reframe-report-test.md", REFRAME_REPORT_ERROR_READ_ONLY);
  write_expect_error (report, f->out_dir, REFRAME_REPORT_ERROR_INVALID);
  g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 1);
}

static void
cancel_on_progress (double   fraction,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

/* Fails with "no space" once more than its limit has been written, like a full disk. */
typedef struct
{
  GOutputStream  parent_instance;
  GOutputStream *base;
  gsize          written;
} FullDiskStream;

typedef GOutputStreamClass FullDiskStreamClass;

GType full_disk_stream_get_type (void);

G_DEFINE_TYPE (FullDiskStream, full_disk_stream, G_TYPE_OUTPUT_STREAM)

static gssize
full_disk_stream_write (GOutputStream *stream,
                        const void    *buffer,
                        gsize          count,
                        GCancellable  *cancellable,
                        GError       **error)
{
  FullDiskStream *self = (FullDiskStream *) stream;
  gssize          n;

  if (self->written + count > report_test_full_disk_limit)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");
      return -1;
    }
  n = g_output_stream_write (self->base, buffer, count, cancellable, error);
  if (n > 0)
    self->written += n;
  return n;
}

static gboolean
full_disk_stream_close (GOutputStream *stream,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return g_output_stream_close (((FullDiskStream *) stream)->base, cancellable, error);
}

static void
full_disk_stream_finalize (GObject *object)
{
  g_object_unref (((FullDiskStream *) object)->base);
  G_OBJECT_CLASS (full_disk_stream_parent_class)->finalize (object);
}

static void
full_disk_stream_class_init (FullDiskStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = full_disk_stream_finalize;
  klass->write_fn = full_disk_stream_write;
  klass->close_fn = full_disk_stream_close;
}

static void
full_disk_stream_init (FullDiskStream *self)
{
}

static GOutputStream *
wrap_full_disk (GOutputStream *base)
{
  FullDiskStream *stream = g_object_new (full_disk_stream_get_type (), NULL);

  stream->base = g_object_ref (base);
  return G_OUTPUT_STREAM (stream);
}

static void
record_progress (double   fraction,
                 gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

void
test_safe_writing (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GString) long_note = g_string_new (NULL);
  g_autofree char *path = g_build_filename (f->out_dir, "report.md", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  double           last = 0;

  report_test_populate (f);
  /* Long enough to take many chunks. */
  for (guint i = 0; i < 8000; i++)
    g_string_append (long_note, "A long day, written out at length. ");
  g_free (report_test_add_entry (
      f, "2026-03-12T22:00:00Z", REFRAME_MOOD_OKAY, long_note->str, FALSE, NULL));
  report = report_test_build (f, options);
  g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));

  /* Cancelled halfway: the old file stays as it was, nothing else is left. */
  g_assert_false (reframe_report_write_file (report,
                                             REFRAME_REPORT_FORMAT_MARKDOWN,
                                             file,
                                             cancel_on_progress,
                                             cancellable,
                                             cancellable,
                                             &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old report");
  g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 1);
  g_clear_pointer (&contents, g_free);

  /* A full disk: a clear error, the same. */
  _reframe_report_set_stream_wrapper (wrap_full_disk);
  g_assert_false (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_JSON, file, NULL, NULL, NULL, &error));
  g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old report");
  g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 1);
  g_clear_pointer (&contents, g_free);
  _reframe_report_set_stream_wrapper (NULL);

  /* Finished: replaced whole, with progress up to 1. */
  g_assert_true (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_MARKDOWN, file, record_progress, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "# "));
  g_assert_nonnull (strstr (contents, "A long day, written out at length."));
  g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 1);
}

typedef struct
{
  GMainLoop     *loop;
  ReframeReport *report;
  GError        *error;
  gboolean       written;
} AsyncResult;

static void
built_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncResult *data = user_data;

  data->report = reframe_report_build_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *data = user_data;

  data->written = reframe_report_write_file_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

void
test_async (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (f->out_dir, "async.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  AsyncResult result = { loop, NULL, NULL, FALSE };

  report_test_populate (f);
  reframe_report_build_async (f->store, f->registry, options, NULL, built_cb, &result);
  g_main_loop_run (loop);
  g_assert_no_error (result.error);
  g_assert_nonnull (result.report);
  g_assert_cmpuint (reframe_report_get_entries (result.report)->len, ==, 15);

  reframe_report_write_file_async (
      result.report, REFRAME_REPORT_FORMAT_JSON, file, NULL, NULL, NULL, written_cb, &result);
  g_main_loop_run (loop);
  g_assert_no_error (result.error);
  g_assert_true (result.written);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&result.report, reframe_report_unref);

  /* Cancelled: no report, and the error says so quietly. */
  g_cancellable_cancel (cancellable);
  reframe_report_build_async (f->store, f->registry, options, cancellable, built_cb, &result);
  g_main_loop_run (loop);
  g_assert_null (result.report);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result.error);

  /* A period that ends before it starts. */
  {
    GDate from = report_test_day ("2026-03-14"), to = report_test_day ("2026-03-01");
    g_autoptr (ReframeReportOptions) backwards = reframe_report_options_new (&from, &to);

    reframe_report_build_async (f->store, f->registry, backwards, NULL, built_cb, &result);
    g_main_loop_run (loop);
    g_assert_null (result.report);
    g_assert_error (result.error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_INVALID);
    g_clear_error (&result.error);
  }
}

/* `reframe export`: good input saves the file and says where; bad input exits 2 and writes nothing.
 */
static int
run_export (Fixture    *f,
            char      **out,
            const char *first,
            ...)
{
  g_autofree char *err = NULL;
  va_list          args;
  int              status;

  va_start (args, first);
  status = reframe_test_cli_run_valist (
      &(ReframeTestCli){ .command = "export", .data_dir = f->dir }, out, &err, first, args);
  va_end (args);
  return status;
}

/* `reframe export --with-own-words`: the words confirmed for exactly the period, first;
 * none when they are kept but not confirmed. */
void
test_cli_own_words (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *md = g_build_filename (f->out_dir, "report.md", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  GDate from = report_test_day ("2026-03-01"), to = report_test_day ("2026-03-14");
  char *out = NULL;

  report_test_populate (f);
  g_assert_true (reframe_store_save_appointment_note (
      f->store, &from, &to, "This week I kept walking.", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_export (f,
                               &out,
                               "--from",
                               "2026-03-01",
                               "--to",
                               "2026-03-14",
                               "--with-own-words",
                               "-o",
                               md,
                               NULL),
                   ==,
                   0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (md, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "kept walking"));
  g_clear_pointer (&contents, g_free);

  g_assert_true (reframe_store_save_appointment_note (
      f->store, &from, &to, "This week I kept walking.", TRUE, &error));
  g_assert_cmpint (
      run_export (f, &out, "--from", "2026-03-01", "--to", "2026-03-14", "-o", md, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (md, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "kept walking"));
  g_clear_pointer (&contents, g_free);

  g_assert_cmpint (run_export (f,
                               &out,
                               "--from",
                               "2026-03-01",
                               "--to",
                               "2026-03-14",
                               "--with-own-words",
                               "-o",
                               md,
                               NULL),
                   ==,
                   0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (md, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "## In my own words\n\nThis week I kept walking."));
  g_assert_true (strstr (contents, "kept walking") < strstr (contents, "## Summary"));
}

void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *md = g_build_filename (f->out_dir, "report.md", NULL);
  g_autofree char *csv = g_build_filename (f->out_dir, "entries.csv", NULL);
  g_autofree char *json = g_build_filename (f->out_dir, "report.json", NULL);
  g_autofree char *missing = g_build_filename (f->out_dir, "nope", "report.md", NULL);
  g_autofree char *contents = NULL;
  const char      *bad[][9] = {
         { "--from", "2026-02-30", "--to", "2026-03-14", "-o", md, NULL },
         { "--from", "2026-03-14", "--to", "2026-03-01", "-o", md, NULL },
         { "--from", "2026-03-01", "--to", "2026-03-14", "--include", "diary", "-o", md, NULL },
         { "--from", "2026-03-01", "--to", "2026-03-14", "--format", "docx", "-o", md },
         { "--from", "2026-03-01", "--to", "2026-03-14", NULL },
         { "--from", "2026-03-01", "--to", "2026-03-14", "-o", missing, NULL },
         { "--from", "2026-03-01", "-o", f->out_dir, NULL },
         { "--to", "2026-03-14", "-o", md, "extra", NULL },
  };
  char *out = NULL;

  report_test_populate (f);
  g_assert_cmpint (
      run_export (
          f, &out, "--from", "2026-03-01", "--to", "2026-03-14", "--format", "md", "-o", md, NULL),
      ==,
      0);
  g_assert_nonnull (strstr (out, md));
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (md, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "14 of 14 days"));
  g_assert_null (strstr (contents, "secret private note"));
  g_clear_pointer (&contents, g_free);

  /* The format from the extension; private items when asked; some kinds only. */
  g_assert_cmpint (run_export (f,
                               &out,
                               "--from",
                               "2026-03-01",
                               "--to",
                               "2026-03-14",
                               "--with-private",
                               "--include",
                               "entries",
                               "-o",
                               csv,
                               NULL),
                   ==,
                   0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "secret private note"));
  g_clear_pointer (&contents, g_free);
  g_assert_cmpint (run_export (f,
                               &out,
                               "--from",
                               "2026-03-01",
                               "--to",
                               "2026-03-14",
                               "-i",
                               "questionnaires",
                               "-i",
                               "summary",
                               "-o",
                               json,
                               NULL),
                   ==,
                   0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"questionnaires\""));
  g_assert_null (strstr (contents, "An ordinary day"));
  g_clear_pointer (&contents, g_free);
  g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 3);

  g_assert_cmpint (g_unlink (md), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (run_export (f,
                                   &out,
                                   bad[i][0],
                                   bad[i][1],
                                   bad[i][2],
                                   bad[i][3],
                                   bad[i][4],
                                   bad[i][5],
                                   bad[i][6],
                                   bad[i][7],
                                   bad[i][8],
                                   NULL),
                       ==,
                       2);
      g_clear_pointer (&out, g_free);
      g_assert_false (g_file_test (md, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 2);
    }
}

static char *
dup_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
written_to_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (reframe_report_write_file_finish (result, error));
  g_main_context_wakeup (NULL);
}

/* An export never lands on the journal, its -wal and -shm files, a backup or anything
 * else in the journal's folder, however the folder is named; the window's save (async)
 * is refused the same way. */
void
test_refuses_journal (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *db = g_build_filename (f->dir, "reframe.db", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "reframe.db.v1.backup", NULL);
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);
  g_autofree char *link = g_build_filename (f->out_dir, "journal-link", NULL);
  g_autofree char *dotted = g_build_filename (f->out_dir, "..", "data", "reframe.db-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  const char      *targets[] = { "reframe.db", "reframe.db-wal", "reframe.db-shm", "reframe.db.v1.backup", "report.csv", "sub/report.md" };
  g_autoptr (GError) error = NULL;

  report_test_populate (f);
  report = report_test_build (f, options);
  g_assert_true (g_file_set_contents (backup, "backup", -1, NULL));
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_cmpint (symlink (f->dir, link), ==, 0);
  /* Closed, so that the journal is one file whose bytes can be compared. */
  g_clear_object (&f->store);
  before = dup_file_checksum (db);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    for (guint through_link = 0; through_link < 2; through_link++)
      {
        g_autofree char *path = g_build_filename (through_link ? link : f->dir, targets[i], NULL);
        g_autoptr (GFile) file = g_file_new_for_path (path);
        gboolean existed = g_file_test (path, G_FILE_TEST_EXISTS);

        g_assert_false (reframe_report_write_file (
            report, REFRAME_REPORT_FORMAT_CSV, file, NULL, NULL, NULL, &error));
        g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_JOURNAL_FOLDER);
        g_assert_nonnull (strstr (error->message, "journal"));
        g_clear_error (&error);
        g_assert_cmpint (g_file_test (path, G_FILE_TEST_EXISTS), ==, existed);
      }
  {
    g_autoptr (GFile) file = g_file_new_for_path (dotted);

    g_assert_false (reframe_report_write_file (
        report, REFRAME_REPORT_FORMAT_CSV, file, NULL, NULL, NULL, &error));
    g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_JOURNAL_FOLDER);
    g_clear_error (&error);
  }

  /* The window saves on a worker thread: the same refusal. */
  {
    g_autoptr (GFile) file = g_file_new_for_path (db);

    reframe_report_write_file_async (
        report, REFRAME_REPORT_FORMAT_PDF, file, NULL, NULL, NULL, written_to_cb, &error);
    while (error == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_JOURNAL_FOLDER);
    g_clear_error (&error);
  }
  g_assert_cmpstr (g_file_test (backup, G_FILE_TEST_IS_REGULAR) ? "backup" : NULL, ==, "backup");
  after = dup_file_checksum (db);
  g_assert_cmpstr (before, ==, after);

  /* `reframe export` says so and fails; the journal still opens with every entry. */
  g_assert_cmpint (
      run_export (
          f, &out, "--from", "2026-03-01", "--to", "2026-03-14", "--format", "csv", "-o", db, NULL),
      ==,
      1);
  g_clear_pointer (&after, g_free);
  after = dup_file_checksum (db);
  g_assert_cmpstr (before, ==, after);
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_clear_pointer (&report, reframe_report_unref);
  report = report_test_build (f, options);
  g_assert_cmpuint (reframe_report_get_entries (report)->len, ==, 15);
}

#define CLI_FILE_LIMIT (40 * 1024)

/* Spawned `reframe export` may write @limit bytes a file, as if the disk ended there. */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { GPOINTER_TO_SIZE (user_data), GPOINTER_TO_SIZE (user_data) };

  /* EFBIG from write() instead of the signal that would kill the process. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* A PDF that runs out of disk, wherever in the file: a clear error, the old file as it
 * was, no temporary file left, in the calling thread, on a worker thread (the window)
 * and in `reframe export`. */
void
test_pdf_disk_full (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *path = g_build_filename (f->out_dir, "report.pdf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  const gsize      limits[] = { 0, 1, 700, 4096, 20 * 1024 };
  g_autoptr (GString) long_note = g_string_new (NULL);

  report_test_populate (f);
  /* Pages of text, so that the PDF is well over the command line's cap below. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (long_note, "Day %u went on; ", i * 7919 % 10007);
  g_free (report_test_add_entry (
      f, "2026-03-12T22:00:00Z", REFRAME_MOOD_OKAY, long_note->str, FALSE, NULL));
  report = report_test_build (f, options);
  g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));
  _reframe_report_set_stream_wrapper (wrap_full_disk);
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      report_test_full_disk_limit = limits[i];
      g_assert_false (reframe_report_write_file (
          report, REFRAME_REPORT_FORMAT_PDF, file, NULL, NULL, NULL, &error));
      g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_DISK_FULL);
      g_assert_true (g_str_has_prefix (error->message, "The disk is full"));
      g_clear_error (&error);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "the old report");
      g_clear_pointer (&contents, g_free);
      g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 1);
    }

  reframe_report_write_file_async (
      report, REFRAME_REPORT_FORMAT_PDF, file, NULL, NULL, NULL, written_to_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_DISK_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 1);
  _reframe_report_set_stream_wrapper (NULL);

  /* The command line, with files capped by the kernel: room for the journal's 32 KB
   * shared-memory file, not for the whole PDF. */
  {
    g_autofree char *whole = g_build_filename (f->root, "whole.pdf", NULL);
    g_autoptr (GFile) whole_file = g_file_new_for_path (whole);
    g_autoptr (GFileInfo) info = NULL;

    g_assert_true (reframe_report_write_file (
        report, REFRAME_REPORT_FORMAT_PDF, whole_file, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    info = g_file_query_info (
        whole_file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_file_info_get_size (info), >, CLI_FILE_LIMIT);
  }
  g_clear_object (&f->store);
  {
    const char      *argv[] = { g_getenv ("REFRAME_BIN"),
                                "export",
                                "--data-dir",
                                f->dir,
                                "--from",
                                "2026-03-01",
                                "--to",
                                "2026-03-14",
                                "-o",
                                path,
                                NULL };
    g_autofree char *err = NULL;
    int              wait_status = 0;

    g_assert_true (g_spawn_sync (NULL,
                                 (char **) argv,
                                 NULL,
                                 G_SPAWN_STDOUT_TO_DEV_NULL,
                                 limit_file_size,
                                 GSIZE_TO_POINTER (CLI_FILE_LIMIT),
                                 NULL,
                                 &err,
                                 &wait_status,
                                 &error));
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (wait_status));
    g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
    g_assert_nonnull (strstr (err, "report.pdf"));
  }
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old report");
  g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 1);
}

static void
set_file_contents_aged (const char *path,
                        const char *contents)
{
  struct utimbuf times;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  times.actime = times.modtime = time (NULL) - 3600;
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* Hidden temporary files a killed export left behind (".name.XXXXXX", perhaps with
 * private entries in them) go when the next export to that folder starts; one an export
 * still writes (it holds a lock on it), and files that are not a report's, stay. */
void
test_stale_temporaries (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *path = g_build_filename (f->out_dir, "report.md", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  const char *const stale[] = {
    ".report.md.1a2b3c", ".entries.csv.00ff00", ".report.pdf.abcdef", ".year.json.123456"
  };
  const char *const kept[] = { ".report.pdf.backup", ".notes.txt.abcdef", ".report.pdf.1a2b3c4", ".report.pdf.12345", "report.pdf.123456", ".report.pdf.ABCDEF" };
  g_autofree char  *busy = g_build_filename (f->out_dir, ".other.pdf.fedcba", NULL);
  g_autofree char  *folder = g_build_filename (f->out_dir, ".folder.pdf.654321", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int              busy_fd;

  report_test_populate (f);
  report = report_test_build (f, options);
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    {
      g_autofree char *stale_path = g_build_filename (f->out_dir, stale[i], NULL);
      set_file_contents_aged (stale_path, "secret private note");
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *kept_path = g_build_filename (f->out_dir, kept[i], NULL);
      set_file_contents_aged (kept_path, "mine");
    }
  /* An export in another process, still writing. */
  set_file_contents_aged (busy, "half a report");
  busy_fd = g_open (busy, O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (busy_fd, >=, 0);
  g_assert_cmpint (flock (busy_fd, LOCK_EX), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  g_assert_true (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_MARKDOWN, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    {
      g_autofree char *stale_path = g_build_filename (f->out_dir, stale[i], NULL);
      g_assert_false (g_file_test (stale_path, G_FILE_TEST_EXISTS));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *kept_path = g_build_filename (f->out_dir, kept[i], NULL);
      g_assert_true (g_file_test (kept_path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_true (g_file_test (busy, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 1 + G_N_ELEMENTS (kept) + 2);
  g_close (busy_fd, NULL);

  /* `reframe export` cleans up after a killed one the same way. */
  {
    g_autofree char *stale_path = g_build_filename (f->out_dir, ".report.pdf.0a0b0c", NULL);

    set_file_contents_aged (stale_path, "secret private note");
    g_assert_cmpint (
        run_export (f, &out, "--from", "2026-03-01", "--to", "2026-03-14", "-o", path, NULL),
        ==,
        0);
    g_assert_false (g_file_test (stale_path, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (busy, G_FILE_TEST_EXISTS));
  }
}

typedef struct
{
  char    *path;
  char    *dest_contents;
  gboolean fail;
} SyncRecord;

static GArray *sync_records;
static char   *sync_dest;

static int
record_sync (int fd)
{
  g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fd);
  SyncRecord       record = { g_file_read_link (link, NULL), NULL, FALSE };

  g_assert_nonnull (record.path);
  g_file_get_contents (sync_dest, &record.dest_contents, NULL, NULL);
  g_array_append_val (sync_records, record);
  return fsync (fd);
}

static int
fail_sync (int fd)
{
  errno = EIO;
  return -1;
}

static void
clear_sync_record (gpointer data)
{
  SyncRecord *record = data;

  g_free (record->path);
  g_free (record->dest_contents);
}

/* The new file reaches the disk before it takes the old one's place, and the folder
 * after, so that a power cut leaves the old report or the whole new one, never an empty
 * file. A file that cannot be flushed to the disk is not a saved report. */
void
test_sync_before_rename (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *path = g_build_filename (f->out_dir, "report.md", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  SyncRecord      *record;

  report_test_populate (f);
  report = report_test_build (f, options);
  g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));
  sync_records = g_array_new (FALSE, TRUE, sizeof (SyncRecord));
  g_array_set_clear_func (sync_records, clear_sync_record);
  sync_dest = path;
  _reframe_report_set_sync_func (record_sync);
  g_assert_true (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_MARKDOWN, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync_records->len, ==, 2);
  record = &g_array_index (sync_records, SyncRecord, 0);
  {
    g_autofree char *name = g_path_get_basename (record->path);
    g_autofree char *folder = g_path_get_dirname (record->path);

    g_assert_true (g_str_has_prefix (name, ".report.md."));
    g_assert_cmpstr (folder, ==, f->out_dir);
  }
  g_assert_cmpstr (record->dest_contents, ==, "the old report");
  record = &g_array_index (sync_records, SyncRecord, 1);
  g_assert_cmpstr (record->path, ==, f->out_dir);
  g_assert_true (g_str_has_prefix (record->dest_contents, "# "));
  g_clear_pointer (&sync_records, g_array_unref);

  /* The file cannot be flushed: an error, the old report as it was, nothing left over. */
  g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));
  _reframe_report_set_sync_func (fail_sync);
  g_assert_false (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_MARKDOWN, file, NULL, NULL, NULL, &error));
  g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "report.md"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old report");
  g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 1);
  _reframe_report_set_sync_func (NULL);
  sync_dest = NULL;
}
