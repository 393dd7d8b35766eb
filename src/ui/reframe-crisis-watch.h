/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-watch.h: crisis language in what a person writes outside the chat. */

#pragma once

#include <glib.h>

#include "reframe-crisis-check.h"

G_BEGIN_DECLS

gboolean            reframe_crisis_watch_matches (const char *text);
ReframeCrisisCheck *reframe_crisis_watch_dup_check (void);
void                reframe_crisis_watch_preload (void);

G_END_DECLS
