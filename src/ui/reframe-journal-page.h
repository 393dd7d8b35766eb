/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-page.h: the journal: search, filters, the list of days and entries. */

#pragma once

#include <adwaita.h>

#include "reframe-journal-model.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_JOURNAL_PAGE (reframe_journal_page_get_type ())

G_DECLARE_FINAL_TYPE (ReframeJournalPage, reframe_journal_page, REFRAME, JOURNAL_PAGE, AdwBin)

ReframeMoodRepository *reframe_journal_page_get_repository (ReframeJournalPage *self);
void                   reframe_journal_page_set_repository (ReframeJournalPage    *self,
                                                            ReframeMoodRepository *repository);
ReframeJournalModel   *reframe_journal_page_get_model (ReframeJournalPage *self);
gboolean               reframe_journal_page_get_search_mode (ReframeJournalPage *self);
void                   reframe_journal_page_set_search_mode (ReframeJournalPage *self,
                                                             gboolean            search_mode);
void                   reframe_journal_page_set_key_capture_widget (ReframeJournalPage *self,
                                                                    GtkWidget          *widget);
void                   reframe_journal_page_focus_search (ReframeJournalPage *self);
gboolean               reframe_journal_page_jump_to_day (ReframeJournalPage *self,
                                                         const char         *day,
                                                         gboolean            focus);
void                   reframe_journal_page_new_entry (ReframeJournalPage *self);
void                   reframe_journal_page_edit_entry (ReframeJournalPage *self,
                                                        ReframeMoodEntry   *entry);
gboolean               reframe_journal_page_close_editor (ReframeJournalPage *self);
gboolean               reframe_journal_page_delete_entry (ReframeJournalPage *self,
                                                          ReframeMoodEntry   *entry);

G_END_DECLS
