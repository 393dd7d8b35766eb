/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-mood-repository.h: mood entries, their tags and their search. */

#pragma once

#include <gio/gio.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_MOOD_REPOSITORY (reframe_mood_repository_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeMoodRepository, reframe_mood_repository, REFRAME, MOOD_REPOSITORY, GObject)

/*
 * ReframeMoodRepository::entry-changed:
 * @uuid: the entry saved or deleted
 * @old_day: (nullable): its day ("YYYY-MM-DD") before the change, %NULL when new
 * @new_day: (nullable): its day after the change, %NULL when deleted
 *
 * Emitted on the main thread after every save or delete (also tag changes, with
 * uuid "" and both days %NULL), so that lists follow without being told.
 */

/* Search snippets mark each match with these two characters. */
#define REFRAME_SNIPPET_START "\x02"
#define REFRAME_SNIPPET_END   "\x03"

ReframeStore     *reframe_mood_repository_get_store (ReframeMoodRepository *self);
gboolean          reframe_mood_repository_save (ReframeMoodRepository *self,
                                                ReframeMoodEntry      *entry,
                                                GError               **error);
gboolean          reframe_mood_repository_delete (ReframeMoodRepository *self,
                                                  const char            *uuid,
                                                  GError               **error);
ReframeMoodEntry *reframe_mood_repository_get (ReframeMoodRepository *self,
                                               const char            *uuid,
                                               GError               **error);
guint             reframe_mood_repository_count (ReframeMoodRepository *self,
                                                 GError               **error);
char             *reframe_mood_repository_dup_first_day (ReframeMoodRepository *self,
                                                         GError               **error);
GPtrArray        *reframe_mood_repository_list (ReframeMoodRepository *self,
                                                const char            *from_day,
                                                const char            *to_day,
                                                GError               **error);
GPtrArray        *reframe_mood_repository_search (ReframeMoodRepository *self,
                                                  const char            *text,
                                                  guint                  limit,
                                                  GError               **error);
GPtrArray        *reframe_mood_repository_list_tags (ReframeMoodRepository *self,
                                                     ReframeTagKind         kind,
                                                     GError               **error);
gboolean          reframe_mood_repository_add_tag (ReframeMoodRepository *self,
                                                   ReframeTagKind         kind,
                                                   const char            *name,
                                                   const char            *icon_name,
                                                   GError               **error);
gboolean          reframe_mood_repository_hide_tag (ReframeMoodRepository *self,
                                                    ReframeTagKind         kind,
                                                    const char            *name,
                                                    GError               **error);

G_END_DECLS
