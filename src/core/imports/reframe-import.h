/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import.h: writing a batch into the journal, all or nothing. */

#pragma once

#include <gio/gio.h>

#include "reframe-import-batch.h"
#include "reframe-importer.h"
#include "reframe-store.h"

G_BEGIN_DECLS

/**
 * ReframeImportResult:
 * @added: records written, by kind
 * @skipped: records already in the journal (same source id or UUID, or same time and
 *   text), by kind
 * @updated: records of a Reframe archive whose copy was newer than the journal's, by kind
 * @n_added: the sum of @added
 * @n_skipped: the sum of @skipped
 * @n_updated: the sum of @updated
 */
typedef struct
{
  guint added[REFRAME_IMPORT_N_KINDS];
  guint skipped[REFRAME_IMPORT_N_KINDS];
  guint updated[REFRAME_IMPORT_N_KINDS];
  guint n_added;
  guint n_skipped;
  guint n_updated;
} ReframeImportResult;

/**
 * ReframeImportBackupFunc:
 *
 * Makes a backup of @store before an import writes to it. Returning %FALSE with @error set
 * stops the import before anything is written.
 */
typedef gboolean (*ReframeImportBackupFunc) (ReframeStore *store,
                                             gpointer      user_data,
                                             GError      **error);

void      reframe_import_set_backup_func (ReframeImportBackupFunc func,
                                          gpointer                user_data);
gboolean  reframe_import_apply (ReframeStore        *store,
                                ReframeImportBatch  *batch,
                                ReframeImportResult *out,
                                GCancellable        *cancellable,
                                GError             **error);
void      reframe_import_apply_async (ReframeStore       *store,
                                      ReframeImportBatch *batch,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean  reframe_import_apply_finish (ReframeStore        *store,
                                       GAsyncResult        *result,
                                       ReframeImportResult *out,
                                       GError             **error);
JsonNode *reframe_import_result_to_json (const ReframeImportResult *result);

G_END_DECLS
