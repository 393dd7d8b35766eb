/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import-batch-private.h: calls between the batch, the archive reader and apply. */

#pragma once

#include "reframe-import-batch.h"

G_BEGIN_DECLS

/* A Reframe archive keeps its records as the document's JSON (merged by UUID on apply);
 * the batch only counts them. */
void        _reframe_import_batch_set_archive (ReframeImportBatch *self,
                                               JsonNode           *document);
JsonObject *_reframe_import_batch_get_archive (ReframeImportBatch *self);
void        _reframe_import_batch_count (ReframeImportBatch *self,
                                         ReframeImportKind   kind,
                                         GDateTime          *time);
void        _reframe_import_batch_set_settings (ReframeImportBatch *self,
                                                JsonObject         *settings);

G_END_DECLS
