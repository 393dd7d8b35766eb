/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-jrnl-importer.h: jrnl's JSON export. */

#pragma once

#include "reframe-importer.h"

G_BEGIN_DECLS

extern const ReframeImporter reframe_jrnl_importer;

/* Reads jrnl's JSON export from @bytes; the fuzz target and the tests call it directly. */
ReframeImportBatch *reframe_jrnl_read_bytes (GBytes  *bytes,
                                             GError **error);

G_END_DECLS
