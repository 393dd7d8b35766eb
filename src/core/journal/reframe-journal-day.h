/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-day.h: the header item above one day's entries in the journal list. */

#pragma once

#include <glib-object.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_JOURNAL_DAY (reframe_journal_day_get_type ())

G_DECLARE_FINAL_TYPE (ReframeJournalDay, reframe_journal_day, REFRAME, JOURNAL_DAY, GObject)

ReframeJournalDay *reframe_journal_day_new (const char *day,
                                            guint       n_entries);
const char        *reframe_journal_day_get_day (ReframeJournalDay *self);
guint              reframe_journal_day_get_n_entries (ReframeJournalDay *self);
GDate             *reframe_journal_day_dup_date (ReframeJournalDay *self);

G_END_DECLS
