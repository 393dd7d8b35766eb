/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-model.h: the journal as a paged GListModel of day headers and entries. */

#pragma once

#include <gio/gio.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_JOURNAL_MODEL (reframe_journal_model_get_type ())

G_DECLARE_FINAL_TYPE (ReframeJournalModel, reframe_journal_model, REFRAME, JOURNAL_MODEL, GObject)

ReframeJournalModel       *reframe_journal_model_new (ReframeMoodRepository *repository);
gboolean                   reframe_journal_model_reload (ReframeJournalModel *self,
                                                         GError             **error);
void                       reframe_journal_model_set_query (ReframeJournalModel       *self,
                                                            const ReframeJournalQuery *query);
const ReframeJournalQuery *reframe_journal_model_get_query (ReframeJournalModel *self);
gboolean                   reframe_journal_model_get_loading (ReframeJournalModel *self);
const GError              *reframe_journal_model_get_error (ReframeJournalModel *self);
guint                      reframe_journal_model_get_n_entries (ReframeJournalModel *self);
guint                      reframe_journal_model_find_day (ReframeJournalModel *self,
                                                           const char          *day);
guint                      reframe_journal_model_find_entry (ReframeJournalModel *self,
                                                             const char          *uuid);

G_END_DECLS
