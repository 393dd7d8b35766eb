/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-assistant-private.h: the core resource (crisis data, system prompt), shared by the
 * assistant files. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where the core GResource (src/core/reframe-core.gresource.xml) keeps its files. */
#define REFRAME_CORE_RESOURCE_PATH "/io/github/reframe/Reframe/core/"

GBytes *_reframe_core_lookup_resource (const char *name,
                                       GError    **error);

G_END_DECLS
