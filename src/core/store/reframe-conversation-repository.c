/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-conversation-repository.c: conversations with the companion, their
 * messages and their search.
 *
 * Schema (version 3): `conversations` (hidden ones carry `deleted_at` until purged),
 * `chat_messages` (ordered by `position` within their conversation, deleted with it)
 * and `chat_fts`, kept by triggers: one row per message (rowid = message id, text in
 * `content`) and one per conversation title (rowid = minus the conversation id, text
 * in `title`).
 */

#define G_LOG_DOMAIN "ReframeConversationRepository"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-conversation-private.h"
#include "reframe-conversation-repository-private.h"
#include "reframe-mood-repository-private.h"
#include "reframe-store-private.h"

#define TITLE_MAX 200

struct _ReframeConversationRepository
{
  GObject parent_instance;

  /* Borrowed: the store owns the repository and detaches it when it goes. */
  ReframeStore *store;

  GCancellable *indexing; /* the replies that ended, indexed on a thread of their own */
};

enum
{
  SIGNAL_CONVERSATION_CHANGED,
  N_SIGNALS
};

/* One conversation found by a search, while the matches are gathered. */
typedef struct
{
  ReframeConversation *conversation;
  char                *snippet;
  gboolean             in_title;
} Hit;

G_DEFINE_FINAL_TYPE (ReframeConversationRepository, reframe_conversation_repository, G_TYPE_OBJECT)

static guint signals[N_SIGNALS];

/* How statuses are stored. A streaming reply is written as incomplete: should Reframe
 * stop before the reply ends, that is what it is when read back. */
static const char *const status_names[] = {
  [REFRAME_CHAT_MESSAGE_COMPLETE] = "complete",
  [REFRAME_CHAT_MESSAGE_STREAMING] = "incomplete",
  [REFRAME_CHAT_MESSAGE_STOPPED] = "stopped",
  [REFRAME_CHAT_MESSAGE_FAILED] = "failed",
  [REFRAME_CHAT_MESSAGE_INCOMPLETE] = "incomplete",
};

static const char *const role_names[] = {
  [REFRAME_CHAT_ROLE_USER] = "user",
  [REFRAME_CHAT_ROLE_ASSISTANT] = "assistant",
};

static void
hit_free (Hit *hit)
{
  g_clear_object (&hit->conversation);
  g_free (hit->snippet);
  g_free (hit);
}

static void
reframe_conversation_repository_dispose (GObject *object)
{
  ReframeConversationRepository *self = REFRAME_CONVERSATION_REPOSITORY (object);

  g_cancellable_cancel (self->indexing);
  g_clear_object (&self->indexing);

  G_OBJECT_CLASS (reframe_conversation_repository_parent_class)->dispose (object);
}

static void
reframe_conversation_repository_class_init (ReframeConversationRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = reframe_conversation_repository_dispose;

  /**
   * ReframeConversationRepository::conversation-changed:
   * @self: the repository
   * @uuid: (nullable): the conversation made, renamed, hidden, restored or given a
   *   message; %NULL when hidden ones were purged
   *
   * Emitted after each of those changes, so that the list of conversations follows.
   */
  signals[SIGNAL_CONVERSATION_CHANGED] =
      g_signal_new ("conversation-changed",
                    G_TYPE_FROM_CLASS (klass),
                    G_SIGNAL_RUN_LAST,
                    0,
                    NULL,
                    NULL,
                    NULL,
                    G_TYPE_NONE,
                    1,
                    G_TYPE_STRING);
}

static void
reframe_conversation_repository_init (ReframeConversationRepository *self)
{
}

ReframeConversationRepository *
_reframe_conversation_repository_new (ReframeStore *store)
{
  ReframeConversationRepository *self = g_object_new (REFRAME_TYPE_CONVERSATION_REPOSITORY, NULL);

  self->store = store;
  return self;
}

void
_reframe_conversation_repository_detach (ReframeConversationRepository *self)
{
  g_cancellable_cancel (self->indexing);
  g_clear_object (&self->indexing);
  self->store = NULL;
}

static sqlite3 *
get_db (ReframeConversationRepository *self,
        GError                       **error)
{
  return _reframe_store_require_db (self->store, error);
}

/* Before any write: the journal is open and known not to be damaged. */
static sqlite3 *
get_writer (ReframeConversationRepository *self,
            GError                       **error)
{
  return _reframe_store_require_writer (self->store, error);
}

/* The stored form of a time: UTC with microseconds, like every other record, so that
 * text order is time order. */
static char *
format_time (GDateTime *time)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static ReframeChatMessageStatus
parse_status (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (i != REFRAME_CHAT_MESSAGE_STREAMING && g_strcmp0 (text, status_names[i]) == 0)
      return i;
  /* Anything else was being written when it stopped. */
  return REFRAME_CHAT_MESSAGE_INCOMPLETE;
}

static gboolean
not_found (GError **error)
{
  g_set_error (error,
               REFRAME_STORE_ERROR,
               REFRAME_STORE_ERROR_NOT_FOUND,
               _ ("This conversation or message no longer exists."));
  return FALSE;
}

static char *
normalize_title (const char *title,
                 gboolean    allow_empty,
                 GError    **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (title ? title : ""));

  if (!g_utf8_validate (clean, -1, NULL))
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   _ ("The title is not valid text."));
      return NULL;
    }
  if (*clean == '\0' && !allow_empty)
    {
      g_set_error (
          error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID, _ ("A title is needed."));
      return NULL;
    }
  if (*clean == '\0')
    return g_strdup (_ ("New conversation"));
  if (g_utf8_strlen (clean, -1) > TITLE_MAX)
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Titles can be at most %d character long.",
                                "Titles can be at most %d characters long.",
                                TITLE_MAX),
                   TITLE_MAX);
      return NULL;
    }
  return g_steal_pointer (&clean);
}

/* After a statement that changes one row, found by its UUID: whether it found it. */
static gboolean
changed_one (sqlite3 *db,
             GError **error)
{
  return sqlite3_changes (db) > 0 || not_found (error);
}

/* Runs a statement that changes one row, found by the UUID bound to ?1. */
static gboolean
step_one_change (sqlite3      *db,
                 sqlite3_stmt *stmt,
                 GError      **error)
{
  return _reframe_store_step_done (db, stmt, error) && changed_one (db, error);
}

static ReframeConversation *
read_conversation (sqlite3_stmt *stmt)
{
  return _reframe_conversation_new ((const char *) sqlite3_column_text (stmt, 0),
                                    (const char *) sqlite3_column_text (stmt, 1),
                                    (const char *) sqlite3_column_text (stmt, 2),
                                    (const char *) sqlite3_column_text (stmt, 3));
}

static ReframeChatMessage *
read_message (sqlite3_stmt *stmt)
{
  g_autoptr (GDateTime) created =
      _reframe_store_parse_iso ((const char *) sqlite3_column_text (stmt, 3));
  const char *role = (const char *) sqlite3_column_text (stmt, 1);

  return g_object_new (REFRAME_TYPE_CHAT_MESSAGE,
                       "uuid",
                       sqlite3_column_text (stmt, 0),
                       "role",
                       g_strcmp0 (role, "assistant") == 0 ? REFRAME_CHAT_ROLE_ASSISTANT
                                                          : REFRAME_CHAT_ROLE_USER,
                       "content",
                       sqlite3_column_text (stmt, 2),
                       "created",
                       created,
                       "model",
                       sqlite3_column_text (stmt, 4),
                       "status",
                       parse_status ((const char *) sqlite3_column_text (stmt, 5)),
                       NULL);
}

/**
 * reframe_conversation_repository_list:
 *
 * Reads the conversations that are not hidden, most recently updated first.
 *
 * Returns: (transfer full) (nullable): a #GListModel of #ReframeConversation
 */
GListModel *
reframe_conversation_repository_list (ReframeConversationRepository *self,
                                      GError                       **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  stmt = _reframe_store_prepare (db,
                                 "SELECT uuid, title, created, updated FROM conversations"
                                 " INDEXED BY conversations_order WHERE deleted_at IS NULL"
                                 " ORDER BY updated DESC, id DESC",
                                 error);
  if (stmt == NULL)
    return NULL;
  return G_LIST_MODEL (_reframe_store_read_list (
      db, stmt, REFRAME_TYPE_CONVERSATION, (ReframeStoreReadRow) read_conversation, error));
}

static ReframeConversation *
insert_conversation (ReframeConversationRepository *self,
                     const char                    *uuid,
                     const char                    *title,
                     const char                    *created,
                     GError                       **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *clean = NULL;
  sqlite3         *db;
  int              rc;

  if ((clean = normalize_title (title, TRUE, error)) == NULL ||
      (db = get_writer (self, error)) == NULL)
    return NULL;
  stmt = _reframe_store_prepare (
      db,
      "INSERT INTO conversations (uuid, title, created, updated) VALUES (?1, ?2, ?3, ?3)",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, created, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  g_signal_emit (self, signals[SIGNAL_CONVERSATION_CHANGED], 0, uuid);
  return _reframe_conversation_new (uuid, clean, created, created);
}

/**
 * reframe_conversation_repository_create:
 * @title: (nullable): its title; %NULL or blank for "New conversation"
 *
 * Starts and saves an empty conversation.
 *
 * Returns: (transfer full) (nullable): the conversation; %NULL with
 *   %REFRAME_STORE_ERROR_INVALID when @title is too long
 */
ReframeConversation *
reframe_conversation_repository_create (ReframeConversationRepository *self,
                                        const char                    *title,
                                        GError                       **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = _reframe_store_now_iso ();

  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), NULL);

  return insert_conversation (self, uuid, title, now, error);
}

/* For the generator and imports: a conversation with a given id and start time. */
ReframeConversation *
_reframe_conversation_repository_create_at (ReframeConversationRepository *self,
                                            const char                    *uuid,
                                            const char                    *title,
                                            GDateTime                     *created,
                                            GError                       **error)
{
  g_autofree char *created_iso = format_time (created);

  return insert_conversation (self, uuid, title, created_iso, error);
}

/* Runs @sql with the conversation's UUID as ?1, @text as ?2 and the time as ?3 (each
 * when the statement has it), then announces the change. */
static gboolean
change_conversation (ReframeConversationRepository *self,
                     ReframeConversation           *conversation,
                     const char                    *sql,
                     const char                    *text,
                     const char                    *now,
                     GError                       **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const char *uuid = reframe_conversation_get_uuid (conversation);
  const char *values[] = { uuid, text, now };
  sqlite3    *db;

  if ((db = get_writer (self, error)) == NULL ||
      (stmt = _reframe_store_prepare (db, sql, error)) == NULL)
    return FALSE;
  for (int i = 0; i < sqlite3_bind_parameter_count (stmt) && i < (int) G_N_ELEMENTS (values); i++)
    sqlite3_bind_text (stmt, i + 1, values[i], -1, SQLITE_STATIC);
  if (!step_one_change (db, stmt, error))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_CONVERSATION_CHANGED], 0, uuid);
  return TRUE;
}

/* Hides @conversation, or brings it back, whether or not it was hidden, and announces
 * it. */
static gboolean
set_deleted (ReframeConversationRepository *self,
             ReframeConversation           *conversation,
             gboolean                       deleted,
             GError                       **error)
{
  const char *uuid = reframe_conversation_get_uuid (conversation);
  gboolean    found;
  sqlite3    *db;

  if ((db = get_writer (self, error)) == NULL ||
      !_reframe_store_set_deleted (db, "conversations", uuid, deleted, FALSE, &found, error))
    return FALSE;
  if (!found)
    return not_found (error);
  g_signal_emit (self, signals[SIGNAL_CONVERSATION_CHANGED], 0, uuid);
  return TRUE;
}

/**
 * reframe_conversation_repository_rename:
 * @title: the new title, not blank
 *
 * Saves the new title and then sets it, and the updated time, on @conversation.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_INVALID for a blank or overlong
 *   title, %REFRAME_STORE_ERROR_NOT_FOUND when the conversation was purged
 */
gboolean
reframe_conversation_repository_rename (ReframeConversationRepository *self,
                                        ReframeConversation           *conversation,
                                        const char                    *title,
                                        GError                       **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *now = _reframe_store_now_iso ();

  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_CONVERSATION (conversation), FALSE);

  if ((clean = normalize_title (title, FALSE, error)) == NULL)
    return FALSE;
  if (!change_conversation (self,
                            conversation,
                            "UPDATE conversations SET title = ?2, updated = ?3 WHERE uuid = ?1",
                            clean,
                            now,
                            error))
    return FALSE;
  _reframe_conversation_set_title (conversation, clean);
  _reframe_conversation_set_updated_iso (conversation, now);
  return TRUE;
}

/**
 * reframe_conversation_repository_delete:
 *
 * Hides @conversation from the list and from searches, so that an Undo can bring it
 * back with reframe_conversation_repository_restore(). It stays in the file until
 * reframe_conversation_repository_purge_deleted().
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_conversation_repository_delete (ReframeConversationRepository *self,
                                        ReframeConversation           *conversation,
                                        GError                       **error)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_CONVERSATION (conversation), FALSE);

  return set_deleted (self, conversation, TRUE, error);
}

/**
 * reframe_conversation_repository_restore:
 *
 * Undoes reframe_conversation_repository_delete().
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND once it was purged
 */
gboolean
reframe_conversation_repository_restore (ReframeConversationRepository *self,
                                         ReframeConversation           *conversation,
                                         GError                       **error)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_CONVERSATION (conversation), FALSE);

  return set_deleted (self, conversation, FALSE, error);
}

/**
 * reframe_conversation_repository_purge_deleted:
 *
 * Removes the hidden conversations and their messages for good. The app calls it
 * when the Undo toast is gone, and at start-up for those a crash left behind.
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_conversation_repository_purge_deleted (ReframeConversationRepository *self,
                                               GError                       **error)
{
  gboolean purged;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), FALSE);

  if ((db = get_writer (self, error)) == NULL ||
      !_reframe_store_purge_deleted (db, "conversations", &purged, error))
    return FALSE;
  if (purged)
    g_signal_emit (self, signals[SIGNAL_CONVERSATION_CHANGED], 0, NULL);
  return TRUE;
}

static gint64
lookup_conversation (sqlite3    *db,
                     const char *uuid,
                     GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  if ((stmt = _reframe_store_prepare (db, "SELECT id FROM conversations WHERE uuid = ?", error)) ==
      NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    _reframe_store_fail (error, db, rc);
  else
    not_found (error);
  return 0;
}

/**
 * reframe_conversation_repository_load_messages:
 *
 * Reads the messages of @conversation in order. A reply that was still streaming
 * when Reframe stopped reads back as %REFRAME_CHAT_MESSAGE_INCOMPLETE.
 *
 * Returns: (transfer full) (nullable): a #GListStore of #ReframeChatMessage
 */
GListStore *
reframe_conversation_repository_load_messages (ReframeConversationRepository *self,
                                               ReframeConversation           *conversation,
                                               GError                       **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  gint64   id;

  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), NULL);
  g_return_val_if_fail (REFRAME_IS_CONVERSATION (conversation), NULL);

  if ((db = get_db (self, error)) == NULL ||
      (id = lookup_conversation (db, reframe_conversation_get_uuid (conversation), error)) == 0)
    return NULL;
  stmt = _reframe_store_prepare (
      db,
      "SELECT uuid, role, content, created, model, status FROM chat_messages"
      " WHERE conversation_id = ? ORDER BY position",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return _reframe_store_read_list (
      db, stmt, REFRAME_TYPE_CHAT_MESSAGE, (ReframeStoreReadRow) read_message, error);
}

static gboolean
insert_message (sqlite3            *db,
                gint64              conversation_id,
                ReframeChatMessage *message,
                const char         *created,
                GError            **error)
{
  return _reframe_store_run (db,
                             error,
                             "INSERT INTO chat_messages (uuid, conversation_id, position, role, "
                             "content, created, model, status)"
                             " VALUES (?1, ?2, coalesce ((SELECT max (position) FROM chat_messages "
                             "WHERE conversation_id = ?2), 0) + 1,"
                             "  ?3, ?4, ?5, ?6, ?7)",
                             REFRAME_BIND_TEXT,
                             reframe_chat_message_get_uuid (message),
                             REFRAME_BIND_INT64,
                             conversation_id,
                             REFRAME_BIND_TEXT,
                             role_names[reframe_chat_message_get_role (message)],
                             REFRAME_BIND_TEXT,
                             reframe_chat_message_get_content (message),
                             REFRAME_BIND_TEXT,
                             created,
                             REFRAME_BIND_TEXT,
                             reframe_chat_message_get_model (message),
                             REFRAME_BIND_TEXT,
                             status_names[reframe_chat_message_get_status (message)],
                             REFRAME_BIND_END);
}

/* The conversation is as recent as its newest message; never older than it was. */
static char *
touch_conversation (sqlite3    *db,
                    gint64      id,
                    const char *time,
                    GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _reframe_store_prepare (
      db,
      "UPDATE conversations SET updated = max (updated, ?2) WHERE id = ?1 RETURNING updated",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, time, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * reframe_conversation_repository_add_message:
 * @message: a message not saved yet
 *
 * Saves @message after the last one of @conversation, and makes the conversation as
 * recent as the message. A %REFRAME_CHAT_MESSAGE_STREAMING message is stored as
 * incomplete until reframe_conversation_repository_update_message() says otherwise.
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_conversation_repository_add_message (ReframeConversationRepository *self,
                                             ReframeConversation           *conversation,
                                             ReframeChatMessage            *message,
                                             GError                       **error)
{
  g_auto (ReframeWriteScope) scope = { 0 };
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  sqlite3         *db;
  gint64           id;

  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_CONVERSATION (conversation), FALSE);
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (message), FALSE);

  if ((db = get_writer (self, error)) == NULL || !_reframe_write_scope_begin (&scope, db, error))
    return FALSE;
  created = format_time (reframe_chat_message_get_created (message));
  if ((id = lookup_conversation (db, reframe_conversation_get_uuid (conversation), error)) == 0 ||
      !insert_message (db, id, message, created, error) ||
      (updated = touch_conversation (db, id, created, error)) == NULL ||
      !_reframe_write_scope_commit (&scope, error))
    return FALSE;

  _reframe_conversation_set_updated_iso (conversation, updated);
  g_signal_emit (
      self, signals[SIGNAL_CONVERSATION_CHANGED], 0, reframe_conversation_get_uuid (conversation));
  return TRUE;
}

/**
 * reframe_conversation_repository_update_message:
 *
 * Saves the content, status and model of a message added before: while a reply
 * streams (now and then), and when it ends.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND when it is not saved
 */
static gboolean
save_message (ReframeConversationRepository *self,
              ReframeChatMessage            *message,
              gboolean                       indexed,
              GError                       **error)
{
  sqlite3 *db;

  if ((db = get_writer (self, error)) == NULL ||
      !_reframe_store_run (
          db,
          error,
          "UPDATE chat_messages SET content = ?2, status = ?3, model = ?4, indexed = ?5"
          " WHERE uuid = ?1",
          REFRAME_BIND_TEXT,
          reframe_chat_message_get_uuid (message),
          REFRAME_BIND_TEXT,
          reframe_chat_message_get_content (message),
          REFRAME_BIND_TEXT,
          status_names[reframe_chat_message_get_status (message)],
          REFRAME_BIND_TEXT,
          reframe_chat_message_get_model (message),
          REFRAME_BIND_INT,
          (int) indexed,
          REFRAME_BIND_END))
    return FALSE;
  return changed_one (db, error);
}

gboolean
reframe_conversation_repository_update_message (ReframeConversationRepository *self,
                                                ReframeChatMessage            *message,
                                                GError                       **error)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (message), FALSE);

  return save_message (self, message, TRUE, error);
}

/**
 * reframe_conversation_repository_keep_message:
 *
 * Saves a streaming reply as it stands, as reframe_conversation_repository_update_message()
 * does, without indexing its text for search: a reply is saved now and then while it
 * streams, and its text is indexed once, when it ends.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND when it is not saved
 */
gboolean
reframe_conversation_repository_keep_message (ReframeConversationRepository *self,
                                              ReframeChatMessage            *message,
                                              GError                       **error)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (message), FALSE);

  return save_message (self, message, FALSE, error);
}

#define INDEX_PENDING "UPDATE chat_messages SET indexed = 1 WHERE indexed = 0"

/* Indexes the messages saved without their text in chat_fts: the replies that ended
 * since the last time, or that a crash left mid-stream. */
static gboolean
index_pending (ReframeConversationRepository *self,
               GError                       **error)
{
  sqlite3 *db = get_writer (self, error);

  return db != NULL && _reframe_store_run (db, error, INDEX_PENDING, REFRAME_BIND_END);
}

static int
index_progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

/* On a connection of its own: the window's may write meanwhile, and waits its turn.
 * A failure leaves the replies for the next search to index. */
static void
index_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = _reframe_store_open_writer_at (task_data, &error);

  if (db != NULL)
    {
      sqlite3_progress_handler (db, 1000, index_progress_cb, cancellable);
      _reframe_store_run (db, &error, INDEX_PENDING, REFRAME_BIND_END);
      sqlite3_close (db);
    }
  if (error != NULL && !g_cancellable_is_cancelled (cancellable))
    g_debug ("Replies left to index at the next search: %s", error->message);
  g_task_return_boolean (task, error == NULL);
}

static void
index_in_thread (ReframeConversationRepository *self)
{
  g_autoptr (GTask) task = NULL;

  if (self->indexing != NULL)
    g_cancellable_cancel (self->indexing);
  g_clear_object (&self->indexing);
  self->indexing = g_cancellable_new ();
  task = g_task_new (NULL, self->indexing, NULL, NULL);
  g_task_set_source_tag (task, index_in_thread);
  g_task_set_task_data (task, _reframe_store_dup_path_for_reader (self->store), g_free);
  g_task_run_in_thread (task, index_thread);
}

/**
 * reframe_conversation_repository_finish_message:
 *
 * Saves a reply that ended, as reframe_conversation_repository_keep_message() does,
 * and indexes its text for search on a worker thread: indexing a reply of a megabyte
 * takes 70 ms, more than the window may wait. A search made before that is done
 * indexes it first.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND when it is not saved
 */
gboolean
reframe_conversation_repository_finish_message (ReframeConversationRepository *self,
                                                ReframeChatMessage            *message,
                                                GError                       **error)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (message), FALSE);

  if (!save_message (self, message, FALSE, error))
    return FALSE;
  index_in_thread (self);
  return TRUE;
}

/**
 * reframe_conversation_repository_delete_message:
 *
 * Removes a message for good, as regenerating a reply does with the old one.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND when it is not saved
 */
gboolean
reframe_conversation_repository_delete_message (ReframeConversationRepository *self,
                                                ReframeChatMessage            *message,
                                                GError                       **error)
{
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (message), FALSE);

  if ((db = get_writer (self, error)) == NULL ||
      !_reframe_store_run (db,
                           error,
                           "DELETE FROM chat_messages WHERE uuid = ?1",
                           REFRAME_BIND_TEXT,
                           reframe_chat_message_get_uuid (message),
                           REFRAME_BIND_END))
    return FALSE;
  return changed_one (db, error);
}

/* Gives the edited message its new text, and removes every message after it in its
 * conversation; sets *@n_removed. On the writer, inside the caller's transaction. */
static gboolean
replace_and_truncate (sqlite3            *db,
                      ReframeChatMessage *message,
                      const char         *content,
                      guint              *n_removed,
                      GError            **error)
{
  const char *uuid = reframe_chat_message_get_uuid (message);

  if (!_reframe_store_run (db,
                           error,
                           "UPDATE chat_messages SET content = ?2, status = ?3 WHERE uuid = ?1",
                           REFRAME_BIND_TEXT,
                           uuid,
                           REFRAME_BIND_TEXT,
                           content,
                           REFRAME_BIND_TEXT,
                           status_names[REFRAME_CHAT_MESSAGE_COMPLETE],
                           REFRAME_BIND_END) ||
      !changed_one (db, error))
    return FALSE;
  if (!_reframe_store_run (
          db,
          error,
          "DELETE FROM chat_messages"
          " WHERE conversation_id = (SELECT conversation_id FROM chat_messages WHERE uuid = ?1)"
          " AND position > (SELECT position FROM chat_messages WHERE uuid = ?1)",
          REFRAME_BIND_TEXT,
          uuid,
          REFRAME_BIND_END))
    return FALSE;
  *n_removed = sqlite3_changes (db);
  return TRUE;
}

/**
 * reframe_conversation_repository_edit_message:
 * @message: a message of the person's, saved before
 * @content: its new text
 * @n_removed: (out) (optional): how many later messages were removed
 *
 * Replaces the text of @message and removes every message after it in its
 * conversation, in one transaction: on failure nothing changed, @message included.
 * On success @message holds @content.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND when it is not saved
 */
gboolean
reframe_conversation_repository_edit_message (ReframeConversationRepository *self,
                                              ReframeChatMessage            *message,
                                              const char                    *content,
                                              guint                         *n_removed,
                                              GError                       **error)
{
  g_auto (ReframeWriteScope) scope = { 0 };
  guint    removed = 0;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (message), FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  if ((db = get_writer (self, error)) == NULL || !_reframe_write_scope_begin (&scope, db, error) ||
      !replace_and_truncate (db, message, content, &removed, error) ||
      !_reframe_write_scope_commit (&scope, error))
    return FALSE;

  reframe_chat_message_set_content (message, content);
  reframe_chat_message_set_status (message, REFRAME_CHAT_MESSAGE_COMPLETE);
  if (n_removed != NULL)
    *n_removed = removed;
  return TRUE;
}

/* reframe_first_hit (id) in SQL: 1 the first time a statement shows it @id, else 0.
 * The search reads matches newest first and makes a snippet only for the first match
 * of each conversation: snippets cost most of a search that matches thousands of
 * messages, and only one per conversation is shown. */
static void
first_hit_func (sqlite3_context *context,
                int              argc,
                sqlite3_value  **argv)
{
  GHashTable *seen = sqlite3_user_data (context);
  gint64      id = sqlite3_value_int64 (argv[0]);

  if (g_hash_table_contains (seen, &id))
    {
      sqlite3_result_int (context, 0);
      return;
    }
  g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
  sqlite3_result_int (context, 1);
}

/* The first row of a conversation (its newest matching message, or its title when
 * no message matched) makes the hit and brings the snippet. */
static void
gather_hit (GHashTable   *hits,
            sqlite3_stmt *stmt)
{
  const char *uuid = (const char *) sqlite3_column_text (stmt, 0);
  Hit        *hit = g_hash_table_lookup (hits, uuid);

  if (hit == NULL)
    {
      hit = g_new0 (Hit, 1);
      hit->conversation = read_conversation (stmt);
      hit->snippet = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_hash_table_insert (hits, (gpointer) reframe_conversation_get_uuid (hit->conversation), hit);
    }
  hit->in_title |= sqlite3_column_int (stmt, 4);
}

/* Title matches first, then the most recent. */
static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *hit_a = *(Hit *const *) a;
  const Hit *hit_b = *(Hit *const *) b;

  if (hit_a->in_title != hit_b->in_title)
    return hit_a->in_title ? -1 : 1;
  return -g_strcmp0 (_reframe_conversation_get_updated_iso (hit_a->conversation),
                     _reframe_conversation_get_updated_iso (hit_b->conversation));
}

static GPtrArray *
sort_hits (GHashTable *hits)
{
  g_autoptr (GPtrArray) sorted = g_ptr_array_sized_new (g_hash_table_size (hits));
  GPtrArray     *result = g_ptr_array_new_full (g_hash_table_size (hits), g_object_unref);
  GHashTableIter iter;
  gpointer       value;

  g_hash_table_iter_init (&iter, hits);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_hits);
  for (guint i = 0; i < sorted->len; i++)
    {
      Hit *hit = g_ptr_array_index (sorted, i);

      _reframe_conversation_take_snippet (hit->conversation, g_steal_pointer (&hit->snippet));
      g_ptr_array_add (result, g_steal_pointer (&hit->conversation));
    }
  return result;
}

static GPtrArray *
search_conversations (sqlite3           *db,
                      const char        *fts_query,
                      const char *filter G_GNUC_UNUSED,
                      GError           **error)
{
  g_autoptr (GHashTable) hits =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) hit_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_create_function (
      db, "reframe_first_hit", 1, SQLITE_UTF8, seen, first_hit_func, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  /* A title row has no message, and its rowid is minus its conversation's id. Message
   * ids only grow, so the newest message of a conversation comes first. */
  stmt = _reframe_store_prepare (
      db,
      "SELECT c.uuid, c.title, c.created, c.updated, chat_fts.rowid < 0,"
      "  CASE WHEN reframe_first_hit (c.id) THEN reframe_snippet (chat_fts, -1, char (2), char "
      "(3), '…', 16) END"
      " FROM chat_fts LEFT JOIN chat_messages m ON m.id = chat_fts.rowid"
      " CROSS JOIN conversations c ON c.id = coalesce (m.conversation_id, -chat_fts.rowid)"
      " WHERE chat_fts MATCH ?1 AND c.deleted_at IS NULL ORDER BY chat_fts.rowid DESC",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, fts_query, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    gather_hit (hits, stmt);
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return sort_hits (hits);
}

/**
 * reframe_conversation_repository_search_async:
 * @text: words to find, each as a prefix, in titles and messages; accents and case
 *   do not matter and no character is taken as search syntax
 *
 * Searches the conversations that are not hidden, on a worker thread with its own
 * read connection. Each result carries a snippet (see
 * reframe_conversation_get_snippet()); conversations whose title matches come first,
 * then the most recently updated.
 */
void
reframe_conversation_repository_search_async (ReframeConversationRepository *self,
                                              const char                    *text,
                                              GCancellable                  *cancellable,
                                              GAsyncReadyCallback            callback,
                                              gpointer                       user_data)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* The search reads chat_fts on a thread of its own: what waits to be indexed goes in
   * first. A failure leaves those replies out of the results, nothing more. */
  if (self->store != NULL && !index_pending (self, &error))
    g_warning ("Could not index replies for search: %s", error->message);
  _reframe_store_search_async (self->store,
                               self,
                               reframe_conversation_repository_search_async,
                               text,
                               NULL,
                               search_conversations,
                               cancellable,
                               callback,
                               user_data);
}

/**
 * reframe_conversation_repository_search_finish:
 *
 * Returns: (transfer full) (nullable): a #GListModel of #ReframeConversation, empty
 *   when the text has no words; %NULL with %G_IO_ERROR_CANCELLED when cancelled
 */
GListModel *
reframe_conversation_repository_search_finish (ReframeConversationRepository *self,
                                               GAsyncResult                  *result,
                                               GError                       **error)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                            reframe_conversation_repository_search_async,
                        NULL);

  return _reframe_store_search_finish (result, REFRAME_TYPE_CONVERSATION, error);
}

/**
 * reframe_conversation_repository_get_store:
 *
 * Returns: (transfer none) (nullable): the store, %NULL once it is closed
 */
ReframeStore *
reframe_conversation_repository_get_store (ReframeConversationRepository *self)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION_REPOSITORY (self), NULL);
  return self->store;
}
