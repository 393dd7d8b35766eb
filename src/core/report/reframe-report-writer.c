/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-writer.c: writes a report to a file safely.
 *
 * Everything goes to a new hidden file next to the destination (".name.XXXXXX"),
 * flushed to the disk and only then renamed over it: a cancelled or failed export, or
 * a power cut, leaves no half-written or empty file and an existing file at the
 * destination as it was. The writer holds a lock on its hidden file, so the next
 * export to the folder can tell one a killed export left behind (perhaps with private
 * entries in it) from one still being written, and removes it. Errors are turned into
 * messages the person can act on (another folder, free some space).
 */

#define G_LOG_DOMAIN "ReframeReport"

#include "config.h"

#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reframe-report-pdf.h"
#include "reframe-report-private.h"
#include "reframe-l10n.h"

#define WRITE_CHUNK (64 * 1024)

/* The random part of a temporary file's name: ".name.XXXXXX", six lowercase hex digits. */
#define TEMPORARY_SUFFIX_LENGTH 6

static ReframeReportStreamWrapper stream_wrapper;
static ReframeReportSyncFunc      sync_func;

/* Safe writing */

void
_reframe_report_set_stream_wrapper (ReframeReportStreamWrapper wrapper)
{
  stream_wrapper = wrapper;
}

void
_reframe_report_set_sync_func (ReframeReportSyncFunc func)
{
  sync_func = func;
}

/* Turns what GIO says into what the person can act on; cancelling stays as it is. */
static void
propagate_write_error (GError **error,
                       GError  *local_error,
                       GFile   *dest)
{
  g_autofree char *name = g_file_get_parse_name (dest);
  g_autoptr (GFile) parent = g_file_get_parent (dest);
  g_autofree char *folder = parent != NULL ? g_file_get_parse_name (parent) : g_strdup (name);
  int              code = REFRAME_REPORT_ERROR_FAILED;
  g_autofree char *message = NULL;

  if (local_error->domain == G_IO_ERROR && local_error->code == G_IO_ERROR_CANCELLED)
    {
      g_propagate_error (error, local_error);
      return;
    }
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    {
      code = REFRAME_REPORT_ERROR_DISK_FULL;
      message = g_strdup_printf (_ ("The disk is full, so “%s” could not be saved. Free some space "
                                    "or choose another place."),
                                 name);
    }
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
           g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_READ_ONLY) ||
           g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
           g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    {
      code = REFRAME_REPORT_ERROR_READ_ONLY;
      message =
          g_strdup_printf (_ ("Reframe can’t save files in “%s”. Choose another folder."), folder);
    }
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    {
      code = REFRAME_REPORT_ERROR_INVALID;
      message = g_strdup_printf (_ ("“%s” is a folder. Choose a file name."), name);
    }
  else
    message = g_strdup_printf (_ ("“%s” could not be saved: %s"), name, local_error->message);
  g_set_error_literal (error, REFRAME_REPORT_ERROR, code, message);
  g_error_free (local_error);
}

static gboolean
check_folder (GFile        *dest,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr (GFile) parent = g_file_get_parent (dest);
  GFileType type;

  if (parent == NULL)
    return TRUE;
  type = g_file_query_file_type (parent, G_FILE_QUERY_INFO_NONE, cancellable);
  if (type == G_FILE_TYPE_DIRECTORY)
    return TRUE;
  if (type == G_FILE_TYPE_UNKNOWN)
    {
      g_autofree char *folder = g_file_get_parse_name (parent);
      g_set_error (error,
                   REFRAME_REPORT_ERROR,
                   REFRAME_REPORT_ERROR_NO_FOLDER,
                   _ ("The folder “%s” does not exist. Choose another folder."),
                   folder);
      return FALSE;
    }
  {
    g_autofree char *folder = g_file_get_parse_name (parent);
    g_set_error (error,
                 REFRAME_REPORT_ERROR,
                 REFRAME_REPORT_ERROR_NO_FOLDER,
                 _ ("“%s” is not a folder. Choose another folder."),
                 folder);
  }
  return FALSE;
}

/* Whether @folder, or a folder above it, is the one @journal_folder describes. Compared
 * by device and inode, so that neither a symbolic link nor a bind mount hides it. */
static gboolean
is_within (const char        *folder,
           const struct stat *journal_folder)
{
  g_autofree char *current = g_strdup (folder);

  for (;;)
    {
      struct stat info;
      char       *parent;

      if (g_stat (current, &info) == 0 && info.st_dev == journal_folder->st_dev &&
          info.st_ino == journal_folder->st_ino)
        return TRUE;
      parent = g_path_get_dirname (current);
      if (g_str_equal (parent, current))
        {
          g_free (parent);
          return FALSE;
        }
      g_free (current);
      current = parent;
    }
}

/*
 * Refuses a destination in the journal's folder: a report there could take the place of
 * the journal, its -wal or -shm file, or a backup, and an export must never cost a word.
 */
static gboolean
check_not_journal_folder (const char *data_dir,
                          GFile      *dest,
                          GError    **error)
{
  g_autoptr (GFile) parent = g_file_get_parent (dest);
  g_autofree char *parent_path = parent != NULL ? g_file_get_path (parent) : NULL;
  g_autofree char *resolved = parent_path != NULL ? realpath (parent_path, NULL) : NULL;
  g_autofree char *name = NULL;
  struct stat      journal_folder;

  if (data_dir == NULL || resolved == NULL || g_stat (data_dir, &journal_folder) != 0 ||
      !is_within (resolved, &journal_folder))
    return TRUE;
  name = g_file_get_parse_name (dest);
  g_set_error (error,
               REFRAME_REPORT_ERROR,
               REFRAME_REPORT_ERROR_JOURNAL_FOLDER,
               _ ("“%s” is in the folder where Reframe keeps your journal. A report saved there "
                  "could replace the journal or its backups, so choose another folder."),
               name);
  return FALSE;
}

/* Temporary files */

static int
sync_fd (int fd)
{
  return sync_func != NULL ? sync_func (fd) : fsync (fd);
}

/* Whether @name is an export's temporary file: "." + a report's name + ".XXXXXX". */
static gboolean
is_temporary_name (const char *name)
{
  gsize            length = strlen (name);
  const char      *suffix;
  g_autofree char *report_name = NULL;

  if (name[0] != '.' || length < 2 + 1 + TEMPORARY_SUFFIX_LENGTH)
    return FALSE;
  suffix = name + length - TEMPORARY_SUFFIX_LENGTH;
  if (suffix[-1] != '.')
    return FALSE;
  for (guint i = 0; i < TEMPORARY_SUFFIX_LENGTH; i++)
    if (!g_ascii_isxdigit (suffix[i]) || g_ascii_isupper (suffix[i]))
      return FALSE;
  report_name = g_strndup (name + 1, suffix - 1 - (name + 1));
  for (ReframeReportFormat format = REFRAME_REPORT_FORMAT_PDF; format <= REFRAME_REPORT_FORMAT_FHIR;
       format++)
    {
      g_autofree char *extension =
          g_strconcat (".", reframe_report_format_get_extension (format), NULL);

      if (g_str_has_suffix (report_name, extension) && strlen (report_name) > strlen (extension))
        return TRUE;
    }
  return FALSE;
}

/*
 * Removes @path when no export holds it: its writer was killed, so its lock went with it.
 * Only a file of the person's own, older than this export, so that one another export
 * has only just made (and not yet locked) is left alone.
 */
static void
remove_if_abandoned (const char *path,
                     gint64      started)
{
  int         fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
  struct stat info;

  if (fd < 0)
    return;
  if (fstat (fd, &info) == 0 && S_ISREG (info.st_mode) && info.st_uid == getuid () &&
      info.st_mtim.tv_sec * G_USEC_PER_SEC + info.st_mtim.tv_nsec / 1000 < started &&
      flock (fd, LOCK_EX | LOCK_NB) == 0)
    g_unlink (path);
  g_close (fd, NULL);
}

static void
remove_stale_temporaries (GFile *dest,
                          gint64 started)
{
  g_autoptr (GFile) parent = g_file_get_parent (dest);
  g_autofree char *folder = parent != NULL ? g_file_get_path (parent) : NULL;
  g_autoptr (GDir) dir = folder != NULL ? g_dir_open (folder, 0, NULL) : NULL;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!is_temporary_name (name))
        continue;
      path = g_build_filename (folder, name, NULL);
      remove_if_abandoned (path, started);
    }
}

/* Returns: a descriptor of @temporary holding its lock (and used to flush it), or -1
 * when it is not a local file. */
static int
lock_temporary (GFile *temporary)
{
  g_autofree char *path = g_file_get_path (temporary);
  int              fd = path != NULL ? g_open (path, O_RDONLY | O_CLOEXEC, 0) : -1;

  /* Nobody else has it yet, so this does not wait. */
  if (fd >= 0)
    flock (fd, LOCK_EX | LOCK_NB);
  return fd;
}

static gboolean
sync_temporary (int      fd,
                GError **error)
{
  int saved_errno;

  if (fd < 0 || sync_fd (fd) == 0)
    return TRUE;
  saved_errno = errno;
  g_set_error_literal (
      error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
  return FALSE;
}

/* Makes the rename last through a power cut. Some file systems cannot flush a folder;
 * the report is whole either way, so that is no reason to fail. */
static void
sync_folder (GFile *dest)
{
  g_autoptr (GFile) parent = g_file_get_parent (dest);
  g_autofree char *folder = parent != NULL ? g_file_get_path (parent) : NULL;
  int              fd = folder != NULL ? g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0) : -1;

  if (fd < 0)
    return;
  sync_fd (fd);
  g_close (fd, NULL);
}

/* A new file next to @dest, named after it and hidden: ".name.XXXXXX". */
static GFileOutputStream *
create_temporary (GFile        *dest,
                  GFile       **temporary,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autoptr (GFile) parent = g_file_get_parent (dest);
  g_autofree char *base = g_file_get_basename (dest);

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autofree char *name = g_strdup_printf (".%s.%06x", base, g_random_int_range (0, 0xffffff));
      g_autoptr (GFile) file =
          parent != NULL ? g_file_get_child (parent, name) : g_file_new_for_path (name);
      GFileOutputStream *out =
          g_file_create (file, G_FILE_CREATE_PRIVATE, cancellable, &local_error);

      if (out != NULL)
        {
          *temporary = g_steal_pointer (&file);
          return out;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS) || attempt >= 100)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
}

static gboolean
write_bytes (GOutputStream        *out,
             GBytes               *bytes,
             ReframeReportProgress progress,
             gpointer              progress_data,
             GCancellable         *cancellable,
             GError              **error)
{
  gsize         size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (gsize offset = 0; offset < size;)
    {
      gsize chunk = MIN (WRITE_CHUNK, size - offset), written = 0;

      if (!g_output_stream_write_all (out, data + offset, chunk, &written, cancellable, error))
        return FALSE;
      offset += written;
      if (progress != NULL)
        progress ((double) offset / size, progress_data);
    }
  if (progress != NULL)
    progress (1.0, progress_data);
  return TRUE;
}

static GBytes *
render_text (ReframeReport      *self,
             ReframeReportFormat format)
{
  switch (format)
    {
    case REFRAME_REPORT_FORMAT_MARKDOWN:
      return reframe_report_to_markdown (self);
    case REFRAME_REPORT_FORMAT_JSON:
      return reframe_report_to_json (self);
    case REFRAME_REPORT_FORMAT_CSV:
      return reframe_report_to_csv (self);
    case REFRAME_REPORT_FORMAT_FHIR:
      return reframe_report_to_fhir (self);
    case REFRAME_REPORT_FORMAT_PDF:
    default:
      return NULL;
    }
}

/* What reframe_report_write_file() writes: the report in one format. */
typedef struct
{
  ReframeReport        *report;
  ReframeReportFormat   format;
  ReframeReportProgress progress;
  gpointer              progress_data;
} Document;

static gboolean
write_document (GOutputStream *out,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Document *document = data;
  g_autoptr (GBytes) bytes = NULL;

  if (document->format == REFRAME_REPORT_FORMAT_PDF)
    return reframe_report_write_pdf (document->report,
                                     reframe_report_paper_for_locale (),
                                     out,
                                     document->progress,
                                     document->progress_data,
                                     cancellable,
                                     error);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  bytes = render_text (document->report, document->format);
  return write_bytes (out, bytes, document->progress, document->progress_data, cancellable, error);
}

/* Writes into the open temporary file, closes it, flushes it to the disk and renames
 * it over @dest. */
static gboolean
write_and_rename (ReframeReportWriteFunc func,
                  gpointer               data,
                  GFileOutputStream     *file_out,
                  GFile                 *temporary,
                  int                    temporary_fd,
                  GFile                 *dest,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autoptr (GOutputStream) out = stream_wrapper != NULL
                                      ? stream_wrapper (G_OUTPUT_STREAM (file_out))
                                      : g_object_ref (G_OUTPUT_STREAM (file_out));

  if (!func (out, data, cancellable, error))
    return FALSE;
  if (!g_output_stream_close (out, cancellable, error))
    return FALSE;
  if (!g_output_stream_is_closed (G_OUTPUT_STREAM (file_out)) &&
      !g_output_stream_close (G_OUTPUT_STREAM (file_out), cancellable, error))
    return FALSE;
  /* On the disk before it takes the old file's place: a rename can reach the disk
   * before the data it names, and a power cut would then leave an empty report. */
  if (!sync_temporary (temporary_fd, error))
    return FALSE;
  /* The last moment to change one's mind; after the rename the file is whole. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!g_file_move (temporary,
                    dest,
                    G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                    NULL,
                    NULL,
                    NULL,
                    error))
    return FALSE;
  sync_folder (dest);
  return TRUE;
}

static void
propagate_error (GError **error,
                 GError  *local_error,
                 GFile   *dest)
{
  if (local_error->domain == REFRAME_REPORT_ERROR)
    g_propagate_error (error, local_error);
  else
    propagate_write_error (error, local_error, dest);
}

/*
 * _reframe_report_write_file_with:
 * @dest: where to save; an existing file is replaced only once the new one is complete
 * @data_dir: (nullable): the journal's folder, where nothing may be saved
 * @func: writes the document to the stream it is given
 *
 * The safe writer for any document (a report, the safety plan on paper): a hidden
 * temporary file next to @dest, flushed and renamed over it.
 *
 * Returns: %TRUE when @dest holds the whole document; otherwise %FALSE with a
 *   %REFRAME_REPORT_ERROR (or %G_IO_ERROR_CANCELLED), @dest untouched and no
 *   temporary file left
 */
gboolean
_reframe_report_write_file_with (GFile                 *dest,
                                 const char            *data_dir,
                                 ReframeReportWriteFunc func,
                                 gpointer               data,
                                 GCancellable          *cancellable,
                                 GError               **error)
{
  g_autoptr (GFileOutputStream) file_out = NULL;
  g_autoptr (GFile) temporary = NULL;
  GError  *local_error = NULL;
  gint64   started = g_get_real_time ();
  int      temporary_fd;
  gboolean written;

  /* Cancelled already, the folder checks would say the folder is missing. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!check_folder (dest, cancellable, &local_error) ||
      !check_not_journal_folder (data_dir, dest, &local_error))
    {
      propagate_error (error, local_error, dest);
      return FALSE;
    }
  remove_stale_temporaries (dest, started);
  if ((file_out = create_temporary (dest, &temporary, cancellable, &local_error)) == NULL)
    {
      propagate_error (error, local_error, dest);
      return FALSE;
    }
  temporary_fd = lock_temporary (temporary);
  written = write_and_rename (
      func, data, file_out, temporary, temporary_fd, dest, cancellable, &local_error);
  if (!written)
    {
      /* Closed first so that the file can be removed on every system. */
      g_output_stream_close (G_OUTPUT_STREAM (file_out), NULL, NULL);
      g_file_delete (temporary, NULL, NULL);
      propagate_error (error, local_error, dest);
    }
  if (temporary_fd >= 0)
    g_close (temporary_fd, NULL);
  return written;
}

/**
 * reframe_report_write_file:
 * @format: the file's format
 * @dest: where to save it; an existing file is replaced only once the new one is complete
 * @progress: (nullable) (scope call): called with the fraction written so far
 * @cancellable: (nullable): cancels the write; nothing is left behind then
 *
 * Returns: %TRUE when @dest holds the whole report; otherwise %FALSE with a
 *   %REFRAME_REPORT_ERROR (or %G_IO_ERROR_CANCELLED), @dest untouched and no
 *   temporary file left
 */
gboolean
reframe_report_write_file (ReframeReport        *self,
                           ReframeReportFormat   format,
                           GFile                *dest,
                           ReframeReportProgress progress,
                           gpointer              progress_data,
                           GCancellable         *cancellable,
                           GError              **error)
{
  Document document = { self, format, progress, progress_data };
  g_autoptr (ReframeL10nScope) scope = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);

  scope = reframe_l10n_scope_enter (self->language);

  return _reframe_report_write_file_with (
      dest, self->data_dir, write_document, &document, cancellable, error);
}

typedef struct
{
  ReframeReport        *report;
  ReframeReportFormat   format;
  GFile                *dest;
  ReframeReportProgress progress;
  gpointer              progress_data;
} WriteData;

static void
write_data_free (WriteData *data)
{
  reframe_report_unref (data->report);
  g_object_unref (data->dest);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError    *error = NULL;

  if (reframe_report_write_file (data->report,
                                 data->format,
                                 data->dest,
                                 data->progress,
                                 data->progress_data,
                                 cancellable,
                                 &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_report_write_file_async:
 * @progress: (nullable): called from the worker thread with the fraction written;
 *   hop to the main context (g_idle_add, g_main_context_invoke) to show it
 *
 * Writes on a worker thread; see reframe_report_write_file().
 */
void
reframe_report_write_file_async (ReframeReport        *self,
                                 ReframeReportFormat   format,
                                 GFile                *dest,
                                 ReframeReportProgress progress,
                                 gpointer              progress_data,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_FILE (dest));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_report_write_file_async);
  data = g_new0 (WriteData, 1);
  data->report = reframe_report_ref (self);
  data->format = format;
  data->dest = g_object_ref (dest);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
reframe_report_write_file_finish (GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == reframe_report_write_file_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
