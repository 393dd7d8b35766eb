/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-query.h: what the journal list shows (search text and filters). */

#pragma once

#include <glib-object.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_JOURNAL_QUERY (reframe_journal_query_get_type ())

/**
 * ReframeJournalQuery:
 * @text: (nullable): words to search for in notes, feelings and activities
 * @mood: a mood to keep, or %REFRAME_MOOD_NONE for all
 * @tag: (nullable): an activity or feeling name to keep
 */
struct _ReframeJournalQuery
{
  char       *text;
  ReframeMood mood;
  char       *tag;
};

GType                reframe_journal_query_get_type (void) G_GNUC_CONST;
ReframeJournalQuery *reframe_journal_query_new (const char *text,
                                                ReframeMood mood,
                                                const char *tag);
ReframeJournalQuery *reframe_journal_query_copy (const ReframeJournalQuery *self);
void                 reframe_journal_query_free (ReframeJournalQuery *self);
gboolean             reframe_journal_query_is_empty (const ReframeJournalQuery *self);
gboolean             reframe_journal_query_equal (const ReframeJournalQuery *a,
                                                  const ReframeJournalQuery *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeJournalQuery, reframe_journal_query_free)

G_END_DECLS
