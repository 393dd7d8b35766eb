/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-rednotebook-importer.h: RedNotebook's data folder. */

#pragma once

#include "reframe-importer.h"

G_BEGIN_DECLS

extern const ReframeImporter reframe_rednotebook_importer;

/* Reads one month file of RedNotebook (the month @year-@month) from @bytes; the fuzz target and the
 * tests call it directly. */
ReframeImportBatch *reframe_rednotebook_read_month_bytes (GBytes  *bytes,
                                                          int      year,
                                                          int      month,
                                                          GError **error);

G_END_DECLS
