/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import-private.h: the record writers that apply and the archive share. */

#pragma once

#include <sqlite3.h>

#include "reframe-import.h"

G_BEGIN_DECLS

/* What one import is writing: the connection inside its transaction, and what it counts. */
typedef struct
{
  /* Borrowed */
  sqlite3             *db;
  const char          *format;
  ReframeImportResult *result;
  const char          *photo_dir;

  /* TRUE for a Reframe archive: records merge by UUID and a newer copy replaces the
   * journal's. FALSE for other apps: a record seen before (same source id, or same time
   * and text) is skipped. */
  gboolean merge;
  char    *now;

  /* Owned: photos (file name, then GBytes) to write once the transaction is committed. */
  GPtrArray *photos;
} ReframeImportWriter;

/* The store's own format for times: UTC with microseconds. */
#define REFRAME_IMPORT_TIME_FORMAT "%Y-%m-%dT%H:%M:%S.%fZ"

char             *_reframe_import_format_time (GDateTime *time);
gboolean          _reframe_import_write_tag (ReframeImportWriter *writer,
                                             JsonObject          *record,
                                             GError             **error);
gboolean          _reframe_import_write_mood_entry (ReframeImportWriter *writer,
                                                    ReframeMoodEntry    *entry,
                                                    const char          *created,
                                                    const char          *updated,
                                                    const char          *source_id,
                                                    GError             **error);
gboolean          _reframe_import_write_worksheet (ReframeImportWriter *writer,
                                                   JsonObject          *record,
                                                   const char          *source_id,
                                                   GError             **error);
gboolean          _reframe_import_write_assignment (ReframeImportWriter *writer,
                                                    JsonObject          *record,
                                                    const char          *source_id,
                                                    GError             **error);
gboolean          _reframe_import_write_plan (ReframeImportWriter *writer,
                                              JsonObject          *record,
                                              const char          *source_id,
                                              GError             **error);
gboolean          _reframe_import_write_conversation (ReframeImportWriter *writer,
                                                      JsonObject          *record,
                                                      const char          *source_id,
                                                      GError             **error);
gboolean          _reframe_import_write_toolbox_item (ReframeImportWriter *writer,
                                                      JsonObject          *record,
                                                      const char          *source_id,
                                                      GError             **error);
JsonObject       *_reframe_import_worksheet_to_record (ReframeWorksheet *worksheet);
ReframeMoodEntry *_reframe_import_mood_entry_from_record (JsonObject *record);

/* The backup before an import writes, as reframe_import_set_backup_func() set it. */
gboolean _reframe_import_make_backup (ReframeStore *store,
                                      GError      **error);

/* The archive: applying its document, and the custom templates it carries. */
gboolean _reframe_archive_apply (ReframeImportWriter *writer,
                                 JsonObject          *document,
                                 GCancellable        *cancellable,
                                 GError             **error);
void     _reframe_archive_install_templates (JsonObject *document,
                                             const char *data_dir);

/* JSON member access that never trusts the document. */
const char *_reframe_import_json_get_string (JsonObject *object,
                                             const char *name);
gboolean    _reframe_import_json_get_int (JsonObject *object,
                                          const char *name,
                                          gint64     *value);
gboolean    _reframe_import_json_get_bool (JsonObject *object,
                                           const char *name,
                                           gboolean   *value);
JsonArray  *_reframe_import_json_get_array (JsonObject *object,
                                            const char *name);
JsonObject *_reframe_import_json_get_object (JsonObject *object,
                                             const char *name);
gboolean    _reframe_import_json_is_null (JsonObject *object,
                                          const char *name);

G_END_DECLS
