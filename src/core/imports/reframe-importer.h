/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-importer.h: the readers of other apps' exports, and how one is chosen. */

#pragma once

#include <gio/gio.h>

#include "reframe-import-batch.h"

G_BEGIN_DECLS

#define REFRAME_IMPORT_ERROR (reframe_import_error_quark ())

/**
 * ReframeImportError:
 * @REFRAME_IMPORT_ERROR_UNKNOWN_FORMAT: no reader recognises the file or folder
 * @REFRAME_IMPORT_ERROR_INVALID: the file looked like an export but cannot be read
 * @REFRAME_IMPORT_ERROR_TOO_NEW: an archive written by a newer Reframe
 * @REFRAME_IMPORT_ERROR_BACKUP: the backup before the import failed; nothing was written
 * @REFRAME_IMPORT_ERROR_FAILED: any other failure
 * @REFRAME_IMPORT_ERROR_ENCRYPTED: an encrypted archive no key of this process opens;
 *   reframe_archive_unlock_sealed() takes its passphrase
 */
typedef enum
{
  REFRAME_IMPORT_ERROR_UNKNOWN_FORMAT,
  REFRAME_IMPORT_ERROR_INVALID,
  REFRAME_IMPORT_ERROR_TOO_NEW,
  REFRAME_IMPORT_ERROR_BACKUP,
  REFRAME_IMPORT_ERROR_FAILED,
  REFRAME_IMPORT_ERROR_ENCRYPTED,
} ReframeImportError;

/* How many bytes of a file detect() is given. */
#define REFRAME_IMPORT_HEAD_SIZE 4096

/**
 * ReframeImporter:
 * @id: a stable machine name ("daylio-csv"), shown by `reframe import --json`
 * @name: what the person knows it as, marked with N_() ("Daylio (CSV export)")
 * @detect: whether @file is this reader's; @head holds the file's first bytes (at most
 *   %REFRAME_IMPORT_HEAD_SIZE, NULL for a folder). Runs on any thread, reads nothing else
 *   unless @file is a folder (then it may list it).
 * @read: reads the whole export into a batch; bad lines become problems of the batch,
 *   a file that cannot be read at all is an error. Runs on a worker thread.
 * @parse: instead of @read, for an export that is one text file: reads the file's whole
 *   text, decoded with reframe_import_decode_text() (reframe_import_read_text_file()).
 *
 * One reader of one app's export. Readers are static tables listed in
 * reframe-importer.c's registry; adding a reader is adding a line there.
 */
typedef struct
{
  const char *id;
  const char *name;
  gboolean (*detect) (GFile      *file,
                      const char *head,
                      gsize       head_len);
  ReframeImportBatch *(*read) (GFile        *file,
                               GCancellable *cancellable,
                               GError      **error);
  ReframeImportBatch *(*parse) (const char   *text,
                                GCancellable *cancellable,
                                GError      **error);
} ReframeImporter;

GQuark reframe_import_error_quark (void);

const ReframeImporter *const *reframe_importers_get_all (guint *n_importers);
const ReframeImporter        *reframe_importer_lookup (const char *id);
const char                   *reframe_importer_get_id (const ReframeImporter *importer);
const char                   *reframe_importer_get_name (const ReframeImporter *importer);
const ReframeImporter        *reframe_import_detect (GFile   *file,
                                                     GError **error);
ReframeImportBatch           *reframe_importer_read (const ReframeImporter *importer,
                                                     GFile                 *file,
                                                     GCancellable          *cancellable,
                                                     GError               **error);

/* Reads @file on a worker thread; @importer NULL detects the format first. */
void                reframe_import_read_async (const ReframeImporter *importer,
                                               GFile                 *file,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
ReframeImportBatch *reframe_import_read_finish (GAsyncResult *result,
                                                GError      **error);

G_END_DECLS
