/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-query.c: what the journal list shows (search text and filters). */

#define G_LOG_DOMAIN "ReframeJournalQuery"

#include "config.h"

#include "reframe-journal-query.h"

G_DEFINE_BOXED_TYPE (ReframeJournalQuery,
                     reframe_journal_query,
                     reframe_journal_query_copy,
                     reframe_journal_query_free)

static char *
dup_nonblank (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));

  return *copy ? g_steal_pointer (&copy) : NULL;
}

/**
 * reframe_journal_query_new:
 * @text: (nullable): search words; blank means none
 * @mood: a mood to keep, or %REFRAME_MOOD_NONE
 * @tag: (nullable): a feeling or activity to keep
 *
 * Returns: (transfer full): a new query
 */
ReframeJournalQuery *
reframe_journal_query_new (const char *text,
                           ReframeMood mood,
                           const char *tag)
{
  ReframeJournalQuery *self = g_new0 (ReframeJournalQuery, 1);

  self->text = dup_nonblank (text);
  self->mood = mood <= REFRAME_MOOD_MAX ? mood : REFRAME_MOOD_NONE;
  self->tag = dup_nonblank (tag);
  return self;
}

ReframeJournalQuery *
reframe_journal_query_copy (const ReframeJournalQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return reframe_journal_query_new (self->text, self->mood, self->tag);
}

void
reframe_journal_query_free (ReframeJournalQuery *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self->tag);
  g_free (self);
}

/**
 * reframe_journal_query_is_empty:
 * @self: (nullable): a query
 *
 * Returns: %TRUE when the query keeps every entry
 */
gboolean
reframe_journal_query_is_empty (const ReframeJournalQuery *self)
{
  return self == NULL ||
         (self->text == NULL && self->mood == REFRAME_MOOD_NONE && self->tag == NULL);
}

gboolean
reframe_journal_query_equal (const ReframeJournalQuery *a,
                             const ReframeJournalQuery *b)
{
  if (reframe_journal_query_is_empty (a) || reframe_journal_query_is_empty (b))
    return reframe_journal_query_is_empty (a) == reframe_journal_query_is_empty (b);
  return g_strcmp0 (a->text, b->text) == 0 && a->mood == b->mood && g_strcmp0 (a->tag, b->tag) == 0;
}
