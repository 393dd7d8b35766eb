/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-store.h: the one owner of the database file. */

#pragma once

#include <gio/gio.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

#define REFRAME_STORE_ERROR (reframe_store_error_quark ())

/**
 * ReframeStoreError:
 * @REFRAME_STORE_ERROR_TOO_NEW: the database was written by a newer Reframe
 * @REFRAME_STORE_ERROR_CORRUPT: the file is not a readable Reframe database
 * @REFRAME_STORE_ERROR_READ_ONLY: the file or its folder cannot be written
 * @REFRAME_STORE_ERROR_NO_FOLDER: the data folder is missing and cannot be made
 * @REFRAME_STORE_ERROR_DISK_FULL: there is no space left to save
 * @REFRAME_STORE_ERROR_INVALID: a value passed in is out of range
 * @REFRAME_STORE_ERROR_NOT_FOUND: no record with that id
 * @REFRAME_STORE_ERROR_FAILED: any other database failure
 * @REFRAME_STORE_ERROR_LOCKED: the journal is encrypted and has not been unlocked
 */
typedef enum
{
  REFRAME_STORE_ERROR_TOO_NEW,
  REFRAME_STORE_ERROR_CORRUPT,
  REFRAME_STORE_ERROR_READ_ONLY,
  REFRAME_STORE_ERROR_NO_FOLDER,
  REFRAME_STORE_ERROR_DISK_FULL,
  REFRAME_STORE_ERROR_INVALID,
  REFRAME_STORE_ERROR_NOT_FOUND,
  REFRAME_STORE_ERROR_FAILED,
  REFRAME_STORE_ERROR_LOCKED,
} ReframeStoreError;

/* The schema version this build writes. */
#define REFRAME_STORE_SCHEMA_VERSION 9

#define REFRAME_TYPE_STORE (reframe_store_get_type ())

typedef struct _ReframeConversationRepository ReframeConversationRepository;
typedef struct _ReframeRequestLog             ReframeRequestLog;
typedef struct _ReframeWorksheetRepository    ReframeWorksheetRepository;
typedef struct _ReframeAssignmentRepository   ReframeAssignmentRepository;
typedef struct _ReframeToolboxRepository      ReframeToolboxRepository;

G_DECLARE_FINAL_TYPE (ReframeStore, reframe_store, REFRAME, STORE, GObject)

GQuark                         reframe_store_error_quark (void);
char                          *reframe_store_dup_default_dir (void);
ReframeStore                  *reframe_store_open (const char *data_dir,
                                                   GError    **error);
const char                    *reframe_store_get_path (ReframeStore *self);
const char                    *reframe_store_get_data_dir (ReframeStore *self);
int                            reframe_store_get_schema_version (ReframeStore *self);
guint64                        reframe_store_get_change_count (ReframeStore *self);
ReframeMoodRepository         *reframe_store_get_moods (ReframeStore *self);
ReframeConversationRepository *reframe_store_get_conversations (ReframeStore *self);
ReframeRequestLog             *reframe_store_get_request_log (ReframeStore *self);
ReframeWorksheetRepository    *reframe_store_get_worksheets (ReframeStore *self);
ReframeAssignmentRepository   *reframe_store_get_assignments (ReframeStore *self);
ReframeToolboxRepository      *reframe_store_get_toolbox (ReframeStore *self);
void                           reframe_store_check_async (ReframeStore       *self,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean                       reframe_store_check_finish (ReframeStore *self,
                                                           GAsyncResult *result,
                                                           GError      **error);

G_END_DECLS
