/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-system-prompt.h: the companion's instructions and the note added after a crisis match. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *reframe_system_prompt_dup_default (void);
guint       reframe_system_prompt_get_version (void);
const char *reframe_system_prompt_get_crisis_note (void);
char       *reframe_system_prompt_dup_with_crisis_note (const char *prompt);

G_END_DECLS
