/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-freecbt-importer.h: FreeCBT's JSON export (thought records). */

#pragma once

#include "reframe-importer.h"

G_BEGIN_DECLS

extern const ReframeImporter reframe_freecbt_importer;

/* Reads FreeCBT's JSON export from @bytes; the fuzz target and the tests call it directly. */
ReframeImportBatch *reframe_freecbt_read_bytes (GBytes  *bytes,
                                                GError **error);

G_END_DECLS
