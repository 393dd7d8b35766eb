/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-row.h: one row of the journal list: a day header or a mood entry. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_JOURNAL_ROW (reframe_journal_row_get_type ())

G_DECLARE_FINAL_TYPE (ReframeJournalRow, reframe_journal_row, REFRAME, JOURNAL_ROW, AdwBin)

GtkWidget *reframe_journal_row_new (void);
GObject   *reframe_journal_row_get_item (ReframeJournalRow *self);
void       reframe_journal_row_set_item (ReframeJournalRow *self,
                                         GObject           *item);
void       reframe_journal_row_set_tags (ReframeJournalRow *self,
                                         GHashTable        *feelings,
                                         GHashTable        *activities);
void       reframe_journal_row_popup_menu (ReframeJournalRow *self);

G_END_DECLS
