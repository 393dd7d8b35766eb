/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-bearable-importer.h: Bearable's CSV export. */

#pragma once

#include "reframe-importer.h"

G_BEGIN_DECLS

extern const ReframeImporter reframe_bearable_importer;

/* Reads a Bearable CSV export from @bytes; the fuzz target and the tests call it directly. */
ReframeImportBatch *reframe_bearable_read_bytes (GBytes  *bytes,
                                                 GError **error);

G_END_DECLS
