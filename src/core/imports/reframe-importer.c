/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-importer.c: the registry of readers, how one is chosen, and reading off the main thread.
 *
 * A reader is a static ReframeImporter table in its own file; adding one is adding a line
 * to `importers` below. Detection asks each reader in turn, given the file's first bytes,
 * so that a file is opened once however many readers there are.
 */

#define G_LOG_DOMAIN "ReframeImport"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-archive.h"
#include "reframe-bearable-importer.h"
#include "reframe-daylio-importer.h"
#include "reframe-emoods-importer.h"
#include "reframe-freecbt-importer.h"
#include "reframe-jrnl-importer.h"
#include "reframe-rednotebook-importer.h"
#include "reframe-importer.h"
#include "reframe-import-text.h"

/* The order detection tries them in: the most specific signatures first. */
static const ReframeImporter *const importers[] = {
  &reframe_archive_importer,
  &reframe_daylio_importer,
  &reframe_bearable_importer,
  &reframe_emoods_importer,
  &reframe_freecbt_importer,
  &reframe_jrnl_importer,
  &reframe_rednotebook_importer,
};

GQuark
reframe_import_error_quark (void)
{
  return g_quark_from_static_string ("reframe-import-error-quark");
}

/**
 * reframe_importers_get_all:
 * @n_importers: (out) (optional): how many there are
 *
 * Returns: (transfer none) (array length=n_importers): every reader Reframe has
 */
const ReframeImporter *const *
reframe_importers_get_all (guint *n_importers)
{
  if (n_importers != NULL)
    *n_importers = G_N_ELEMENTS (importers);
  return importers;
}

/**
 * reframe_importer_lookup:
 *
 * Returns: (transfer none) (nullable): the reader with @id
 */
const ReframeImporter *
reframe_importer_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (importers); i++)
    if (g_strcmp0 (importers[i]->id, id) == 0)
      return importers[i];
  return NULL;
}

const char *
reframe_importer_get_id (const ReframeImporter *importer)
{
  g_return_val_if_fail (importer != NULL, NULL);
  return importer->id;
}

/**
 * reframe_importer_get_name:
 *
 * Returns: the format in words, translated
 */
const char *
reframe_importer_get_name (const ReframeImporter *importer)
{
  g_return_val_if_fail (importer != NULL, NULL);
  return g_dgettext (GETTEXT_PACKAGE, importer->name);
}

static char *
dup_known_formats (void)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (importers); i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", reframe_importer_get_name (importers[i]));
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Reads at most REFRAME_IMPORT_HEAD_SIZE bytes from the start of @file. */
static GBytes *
read_head (GFile   *file,
           GError **error)
{
  g_autoptr (GFileInputStream) stream = g_file_read (file, NULL, error);

  if (stream == NULL)
    return NULL;
  return g_input_stream_read_bytes (G_INPUT_STREAM (stream), REFRAME_IMPORT_HEAD_SIZE, NULL, error);
}

static void
set_open_error (GError    **error,
                GFile      *file,
                const char *reason)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_error (error,
               REFRAME_IMPORT_ERROR,
               REFRAME_IMPORT_ERROR_INVALID,
               _ ("“%s” could not be read: %s"),
               name,
               reason);
}

/**
 * reframe_import_detect:
 * @file: a file or a folder a person chose
 *
 * Returns: (transfer none) (nullable): the reader of @file; %REFRAME_IMPORT_ERROR_UNKNOWN_FORMAT
 *   naming the formats Reframe reads when none recognises it
 */
const ReframeImporter *
reframe_import_detect (GFile   *file,
                       GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GBytes) head = NULL;
  g_autofree char *known = NULL;
  GFileType        type;
  const char      *data = NULL;
  gsize            len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL);
  if (type == G_FILE_TYPE_UNKNOWN)
    {
      set_open_error (error, file, _ ("there is no such file or folder."));
      return NULL;
    }
  if (type != G_FILE_TYPE_DIRECTORY)
    {
      if ((head = read_head (file, &local_error)) == NULL)
        {
          set_open_error (error, file, local_error->message);
          return NULL;
        }
      data = g_bytes_get_data (head, &len);
    }
  for (guint i = 0; i < G_N_ELEMENTS (importers); i++)
    if (importers[i]->detect (file, data, len))
      return importers[i];

  known = dup_known_formats ();
  g_set_error (error,
               REFRAME_IMPORT_ERROR,
               REFRAME_IMPORT_ERROR_UNKNOWN_FORMAT,
               _ ("This file is not an export Reframe can read. It reads: %s."),
               known);
  return NULL;
}

/**
 * reframe_importer_read:
 *
 * Reads the whole of @file with @importer. Blocks: call it on a worker thread, or use
 * reframe_import_read_async().
 *
 * Returns: (transfer full) (nullable): what the export holds
 */
ReframeImportBatch *
reframe_importer_read (const ReframeImporter *importer,
                       GFile                 *file,
                       GCancellable          *cancellable,
                       GError               **error)
{
  g_return_val_if_fail (importer != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (importer->parse != NULL)
    return reframe_import_read_text_file (file, importer->parse, cancellable, error);
  return importer->read (file, cancellable, error);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const ReframeImporter *importer = g_object_get_data (G_OBJECT (task), "importer");
  GFile                 *file = task_data;
  GError                *error = NULL;
  ReframeImportBatch    *batch;

  if (importer == NULL && (importer = reframe_import_detect (file, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  batch = reframe_importer_read (importer, file, cancellable, &error);
  if (batch == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, batch, g_object_unref);
}

/**
 * reframe_import_read_async:
 * @importer: (nullable): the reader, or %NULL to detect it
 *
 * Detects (when asked) and reads @file on a worker thread.
 */
void
reframe_import_read_async (const ReframeImporter *importer,
                           GFile                 *file,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_import_read_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (task), "importer", (gpointer) importer);
  g_task_run_in_thread (task, read_thread);
}

/**
 * reframe_import_read_finish:
 *
 * Returns: (transfer full) (nullable): what the export holds
 */
ReframeImportBatch *
reframe_import_read_finish (GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
