/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-daylio-importer.h: Daylio's CSV export. */

#pragma once

#include "reframe-importer.h"

G_BEGIN_DECLS

extern const ReframeImporter reframe_daylio_importer;

ReframeImportBatch *reframe_daylio_read_bytes (GBytes  *bytes,
                                               GError **error);

G_END_DECLS
