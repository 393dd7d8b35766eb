/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-archive-export.h: "Export Everything…": the whole journal saved as one archive. */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "reframe-window.h"

G_BEGIN_DECLS

JsonObject *reframe_archive_export_settings (GSettings *settings);
void        reframe_archive_export_run (ReframeWindow *window,
                                        GSettings     *settings);

G_END_DECLS
