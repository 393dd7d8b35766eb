/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-mood-entry-private.h: calls between the entry and the repository that loads it. */

#pragma once

#include "reframe-mood-entry.h"

G_BEGIN_DECLS

ReframeMoodEntry *_reframe_mood_entry_new_with_uuid (const char *uuid);
void              _reframe_mood_entry_set_stamps (ReframeMoodEntry *self,
                                                  GDateTime        *created,
                                                  GDateTime        *updated);
void              _reframe_mood_entry_take_snippet (ReframeMoodEntry *self,
                                                    char             *snippet);
void              _reframe_mood_entry_load (ReframeMoodEntry *self,
                                            ReframeMood       mood,
                                            const char       *note,
                                            double            sleep_hours,
                                            GDateTime        *time,
                                            gboolean          private_);

G_END_DECLS
