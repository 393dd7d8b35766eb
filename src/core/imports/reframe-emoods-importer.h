/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-emoods-importer.h: eMoods' entry.csv (from its .emoods backup). */

#pragma once

#include "reframe-importer.h"

G_BEGIN_DECLS

extern const ReframeImporter reframe_emoods_importer;

/* Reads eMoods' entry.csv from @bytes; the fuzz target and the tests call it directly. */
ReframeImportBatch *reframe_emoods_read_bytes (GBytes  *bytes,
                                               GError **error);

G_END_DECLS
