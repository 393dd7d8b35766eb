/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-mood-entry.h: one mood entry of the journal. */

#pragma once

#include <glib-object.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_MOOD_ENTRY (reframe_mood_entry_get_type ())

G_DECLARE_FINAL_TYPE (ReframeMoodEntry, reframe_mood_entry, REFRAME, MOOD_ENTRY, GObject)

/* Hours slept when the user did not say. */
#define REFRAME_SLEEP_UNKNOWN (-1.0)

ReframeMoodEntry  *reframe_mood_entry_new (void);
ReframeMoodEntry  *reframe_mood_entry_copy (ReframeMoodEntry *self);
const char        *reframe_mood_entry_get_uuid (ReframeMoodEntry *self);
ReframeMood        reframe_mood_entry_get_mood (ReframeMoodEntry *self);
void               reframe_mood_entry_set_mood (ReframeMoodEntry *self,
                                                ReframeMood       mood);
const char        *reframe_mood_entry_get_note (ReframeMoodEntry *self);
void               reframe_mood_entry_set_note (ReframeMoodEntry *self,
                                                const char       *note);
const char *const *reframe_mood_entry_get_feelings (ReframeMoodEntry *self);
void               reframe_mood_entry_set_feelings (ReframeMoodEntry  *self,
                                                    const char *const *feelings);
const char *const *reframe_mood_entry_get_activities (ReframeMoodEntry *self);
void               reframe_mood_entry_set_activities (ReframeMoodEntry  *self,
                                                      const char *const *activities);
gboolean           reframe_mood_entry_has_feeling (ReframeMoodEntry *self,
                                                   const char       *feeling);
gboolean           reframe_mood_entry_has_activity (ReframeMoodEntry *self,
                                                    const char       *activity);
void               reframe_mood_entry_toggle_feeling (ReframeMoodEntry *self,
                                                      const char       *feeling);
void               reframe_mood_entry_toggle_activity (ReframeMoodEntry *self,
                                                       const char       *activity);
double             reframe_mood_entry_get_sleep_hours (ReframeMoodEntry *self);
void               reframe_mood_entry_set_sleep_hours (ReframeMoodEntry *self,
                                                       double            hours);
GDateTime         *reframe_mood_entry_get_time (ReframeMoodEntry *self);
void               reframe_mood_entry_set_time (ReframeMoodEntry *self,
                                                GDateTime        *time);
char              *reframe_mood_entry_dup_day (ReframeMoodEntry *self);
gboolean           reframe_mood_entry_get_private (ReframeMoodEntry *self);
void               reframe_mood_entry_set_private (ReframeMoodEntry *self,
                                                   gboolean          private_);
GDateTime         *reframe_mood_entry_get_created (ReframeMoodEntry *self);
GDateTime         *reframe_mood_entry_get_updated (ReframeMoodEntry *self);
const char        *reframe_mood_entry_get_snippet (ReframeMoodEntry *self);

G_END_DECLS
