/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-mood-repository-tags.c: the feelings and activities offered in the pickers:
 * the built-in ones, and those a person adds or hides. */

#define G_LOG_DOMAIN "ReframeMoodRepository"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-mood-repository-private.h"
#include "reframe-store-private.h"
#include "reframe-tag.h"

#define TAG_NAME_MAX 40

typedef struct
{
  ReframeTagKind kind;
  const char    *name;
  const char    *icon_name;
} BuiltinTag;

static const BuiltinTag builtin_tags[] = {
  { REFRAME_TAG_FEELING, NC_ ("feeling", "happy"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "calm"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "grateful"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "hopeful"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "proud"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "loved"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "relieved"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "tired"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "anxious"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "sad"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "lonely"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "angry"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "irritable"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "stressed"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "overwhelmed"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "ashamed"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "guilty"), NULL },
  { REFRAME_TAG_FEELING, NC_ ("feeling", "numb"), NULL },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "exercise"), "emoji-activities-symbolic" },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "social"), "emoji-people-symbolic" },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "work"), "reframe-work-symbolic" },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "medication taken"), "reframe-medication-symbolic" },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "outdoors"), "emoji-nature-symbolic" },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "good meal"), "emoji-food-symbolic" },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "rest"), "reframe-sleep-symbolic" },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "meditation"), "reframe-meditation-symbolic" },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "hobby"), "applications-games-symbolic" },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "music"), "folder-music-symbolic" },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "travel"), "emoji-travel-symbolic" },
  { REFRAME_TAG_ACTIVITY, NC_ ("activity", "therapy"), "reframe-journal-symbolic" },
};

gboolean
_reframe_mood_repository_seed_tags (sqlite3 *db,
                                    GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _reframe_store_now_iso ();

  stmt = _reframe_store_prepare (
      db,
      "INSERT INTO tags (uuid, kind, name, icon, builtin, position, created, updated)"
      " VALUES (reframe_uuid (), ?1, ?2, ?3, 1, ?4, ?5, ?5)",
      error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (builtin_tags); i++)
    {
      sqlite3_bind_int (stmt, 1, builtin_tags[i].kind);
      sqlite3_bind_text (stmt, 2, builtin_tags[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, builtin_tags[i].icon_name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, i);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
      if (!_reframe_store_step_done (db, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/**
 * reframe_mood_repository_list_tags:
 * @kind: feelings or activities
 *
 * Returns: (transfer container) (element-type ReframeTag) (nullable): the tags
 *   offered in pickers, built-in ones first
 */
GPtrArray *
reframe_mood_repository_list_tags (ReframeMoodRepository *self,
                                   ReframeTagKind         kind,
                                   GError               **error)
{
  g_autoptr (GPtrArray) tags = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int      rc;

  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (self), NULL);

  if ((db = _reframe_store_require_db (reframe_mood_repository_get_store (self), error)) == NULL)
    return NULL;
  stmt =
      _reframe_store_prepare (db,
                              "SELECT name, icon, builtin FROM tags WHERE kind = ? AND hidden = 0"
                              " ORDER BY position, name COLLATE NOCASE",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, kind);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tags,
                     reframe_tag_new (kind,
                                      (const char *) sqlite3_column_text (stmt, 0),
                                      (const char *) sqlite3_column_text (stmt, 1),
                                      sqlite3_column_int (stmt, 2)));
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&tags);
}

static char *
normalize_tag_name (const char *name,
                    GError    **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));

  if (*trimmed == '\0' || strchr (trimmed, '\x1f') != NULL)
    {
      g_set_error (
          error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID, _ ("A name is needed."));
      return NULL;
    }
  if (!g_utf8_validate (trimmed, -1, NULL) || g_utf8_strlen (trimmed, -1) > TAG_NAME_MAX)
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Names can be at most %d character long.",
                                "Names can be at most %d characters long.",
                                TAG_NAME_MAX),
                   TAG_NAME_MAX);
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

static gboolean
run_tag_statement (ReframeMoodRepository *self,
                   const char            *sql,
                   ReframeTagKind         kind,
                   const char            *name,
                   const char            *icon_name,
                   GError               **error)
{
  g_autofree char *now = _reframe_store_now_iso ();
  sqlite3         *db;

  if ((db = _reframe_store_require_writer (reframe_mood_repository_get_store (self), error)) ==
          NULL ||
      !_reframe_store_run (db,
                           error,
                           sql,
                           REFRAME_BIND_INT,
                           (int) kind,
                           REFRAME_BIND_TEXT,
                           name,
                           REFRAME_BIND_TEXT,
                           icon_name,
                           REFRAME_BIND_TEXT,
                           now,
                           REFRAME_BIND_END))
    return FALSE;

  _reframe_mood_repository_emit_reload (self);
  return TRUE;
}

/**
 * reframe_mood_repository_add_tag:
 * @name: the user's own feeling or activity
 * @icon_name: (nullable): a symbolic icon name for an activity
 *
 * Adds a tag to the pickers, or shows a hidden one again.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_INVALID for an empty or overlong name
 */
gboolean
reframe_mood_repository_add_tag (ReframeMoodRepository *self,
                                 ReframeTagKind         kind,
                                 const char            *name,
                                 const char            *icon_name,
                                 GError               **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (self), FALSE);

  if ((clean = normalize_tag_name (name, error)) == NULL)
    return FALSE;
  return run_tag_statement (self,
                            "INSERT INTO tags (uuid, kind, name, icon, created, updated)"
                            " VALUES (reframe_uuid (), ?1, ?2, ?3, ?4, ?4)"
                            " ON CONFLICT (kind, name) DO UPDATE SET hidden = 0,"
                            "  icon = coalesce (?3, icon), updated = ?4",
                            kind,
                            clean,
                            icon_name,
                            error);
}

/**
 * reframe_mood_repository_hide_tag:
 *
 * Takes a tag out of the pickers. Entries that carry it keep it.
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_mood_repository_hide_tag (ReframeMoodRepository *self,
                                  ReframeTagKind         kind,
                                  const char            *name,
                                  GError               **error)
{
  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return run_tag_statement (self,
                            "UPDATE tags SET hidden = 1, updated = ?4 WHERE kind = ?1 AND name = ?2"
                            " AND ?3 IS NULL",
                            kind,
                            name,
                            NULL,
                            error);
}
