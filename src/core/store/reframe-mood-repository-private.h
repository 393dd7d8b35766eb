/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-mood-repository-private.h: calls between the repository, the store and the
 * journal model. */

#pragma once

#include <sqlite3.h>

#include "reframe-mood-repository.h"

G_BEGIN_DECLS

/* The columns every entry query selects, in the order _reframe_mood_repository_read_row reads. */
#define REFRAME_ENTRY_COLUMNS                                                                    \
  "e.id, e.uuid, e.mood, (SELECT n.note FROM mood_notes n WHERE n.entry_id = e.id), "            \
  "e.sleep_hours, e.at, e.utc_offset, e.private, e.created, e.updated,"                          \
  " (SELECT group_concat (t.name, char (31)) FROM entry_tags et JOIN tags t ON t.id = et.tag_id" \
  "   WHERE et.entry_id = e.id AND t.kind = 0),"                                                 \
  " (SELECT group_concat (t.name, char (31)) FROM entry_tags et JOIN tags t ON t.id = et.tag_id" \
  "   WHERE et.entry_id = e.id AND t.kind = 1)"
#define REFRAME_ENTRY_N_COLUMNS 12

/* The order of the journal: newest day first, then newest time. */
#define REFRAME_ENTRY_ORDER "e.day DESC, e.at DESC, e.id DESC"

ReframeMoodRepository *_reframe_mood_repository_new (ReframeStore *store);
void                   _reframe_mood_repository_detach (ReframeMoodRepository *self);
gboolean               _reframe_mood_repository_seed_tags (sqlite3 *db,
                                                           GError **error);
ReframeMoodEntry      *_reframe_mood_repository_read_row (sqlite3_stmt *stmt);
char                  *_reframe_mood_repository_fts_query (const char *text);
gboolean               _reframe_mood_repository_write_imported (sqlite3          *db,
                                                                ReframeMoodEntry *entry,
                                                                const char       *created,
                                                                const char       *updated,
                                                                GError          **error);
void                   _reframe_mood_repository_emit_reload (ReframeMoodRepository *self);

G_END_DECLS
