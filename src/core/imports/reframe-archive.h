/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-archive.h: the whole journal as one documented JSON document (docs/archive-format.md). */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "reframe-importer.h"
#include "reframe-store.h"

G_BEGIN_DECLS

#define REFRAME_ARCHIVE_FORMAT  "reframe-archive"
#define REFRAME_ARCHIVE_VERSION 1

/**
 * ReframeArchiveFlags:
 * @REFRAME_ARCHIVE_NONE: everything but the conversations with the companion
 * @REFRAME_ARCHIVE_WITH_CONVERSATIONS: the conversations too
 */
typedef enum
{
  REFRAME_ARCHIVE_NONE = 0,
  REFRAME_ARCHIVE_WITH_CONVERSATIONS = 1 << 0,
} ReframeArchiveFlags;

/* The archive's reader, registered among the importers. */
extern const ReframeImporter reframe_archive_importer;

GBytes             *reframe_archive_build (ReframeStore       *store,
                                           ReframeArchiveFlags flags,
                                           JsonObject         *settings,
                                           GCancellable       *cancellable,
                                           GError            **error);
gboolean            reframe_archive_write (ReframeStore       *store,
                                           GFile              *file,
                                           ReframeArchiveFlags flags,
                                           JsonObject         *settings,
                                           GCancellable       *cancellable,
                                           GError            **error);
void                reframe_archive_write_async (ReframeStore       *store,
                                                 GFile              *file,
                                                 ReframeArchiveFlags flags,
                                                 JsonObject         *settings,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean            reframe_archive_write_finish (ReframeStore *store,
                                                  GAsyncResult *result,
                                                  GError      **error);
ReframeImportBatch *reframe_archive_read_bytes (GBytes  *bytes,
                                                GError **error);

G_END_DECLS
