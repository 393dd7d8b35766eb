/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-conversations.c: conversations, their messages and search, the request log,
 * and the text of attachments. */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "reframe-chat-attachment.h"
#include "reframe-conversation-repository.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-request-log.h"
#include "reframe-store-private.h"
#include "reframe-test-util.h"

typedef struct
{
  char         *dir;
  ReframeStore *store;
} Fixture;

static void
open_store (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
close_store (Fixture *f)
{
  g_assert_finalize_object (g_steal_pointer (&f->store));
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  open_store (f);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  if (f->store != NULL)
    close_store (f);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

static ReframeConversationRepository *
repo (Fixture *f)
{
  return reframe_store_get_conversations (f->store);
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        n;

  g_assert_cmpint (
      sqlite3_prepare_v2 (_reframe_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static ReframeChatMessage *
message_at (ReframeChatRole role,
            const char     *content,
            const char     *iso_time)
{
  g_autoptr (GDateTime) created = g_date_time_new_from_iso8601 (iso_time, NULL);

  g_assert_nonnull (created);
  return g_object_new (
      REFRAME_TYPE_CHAT_MESSAGE, "role", role, "content", content, "created", created, NULL);
}

static void
add_message (Fixture             *f,
             ReframeConversation *conversation,
             ReframeChatRole      role,
             const char          *content,
             const char          *iso_time)
{
  g_autoptr (ReframeChatMessage) message = message_at (role, content, iso_time);
  g_autoptr (GError) error = NULL;

  g_assert_true (
      reframe_conversation_repository_add_message (repo (f), conversation, message, &error));
  g_assert_no_error (error);
}

static ReframeConversation *
create (Fixture    *f,
        const char *title)
{
  g_autoptr (GError) error = NULL;
  ReframeConversation *conversation =
      reframe_conversation_repository_create (repo (f), title, &error);

  g_assert_no_error (error);
  g_assert_nonnull (conversation);
  return conversation;
}

static GListModel *
list (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  GListModel *model = reframe_conversation_repository_list (repo (f), &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static char *
dup_titles (GListModel *model)
{
  g_autoptr (GString) titles = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ReframeConversation) conversation = g_list_model_get_item (model, i);

      g_string_append_printf (
          titles, "%s%s", i ? "," : "", reframe_conversation_get_title (conversation));
    }
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static char *
dup_list_titles (Fixture *f)
{
  g_autoptr (GListModel) model = list (f);

  return dup_titles (model);
}

static GListStore *
load (Fixture             *f,
      ReframeConversation *conversation)
{
  g_autoptr (GError) error = NULL;
  GListStore *messages =
      reframe_conversation_repository_load_messages (repo (f), conversation, &error);

  g_assert_no_error (error);
  g_assert_nonnull (messages);
  return messages;
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GListModel *
search (Fixture      *f,
        const char   *text,
        GCancellable *cancellable,
        GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  reframe_conversation_repository_search_async (
      repo (f), text, cancellable, search_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return reframe_conversation_repository_search_finish (repo (f), result, error);
}

static char *
dup_search_titles (Fixture    *f,
                   const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) found = search (f, text, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return dup_titles (found);
}

static void
test_migration_from_v2 (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2026-11-14T21:00:00Z", REFRAME_MOOD_GOOD, "Café with Ana, felt calm");
  g_autoptr (ReframeMoodEntry) loaded = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (ReframeConversation) conversation = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *titles = NULL;
  ReframeStore    *old;

  /* Start again from a journal that version 2 made. */
  close_store (f);
  reframe_test_remove_tree (f->dir);
  old = _reframe_store_open_at_version (f->dir, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reframe_store_get_schema_version (old), ==, 2);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (old), entry, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (old);

  open_store (f);
  g_assert_cmpint (reframe_store_get_schema_version (f->store), ==, REFRAME_STORE_SCHEMA_VERSION);
  backup = reframe_test_find_backup (reframe_store_get_data_dir (f->store), "before-update");
  g_assert_nonnull (backup);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));

  /* The journal is intact and still searchable. */
  g_assert_cmpuint (
      reframe_mood_repository_count (reframe_store_get_moods (f->store), &error), ==, 1);
  loaded = reframe_mood_repository_get (
      reframe_store_get_moods (f->store), reframe_mood_entry_get_uuid (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reframe_mood_entry_get_note (loaded), ==, "Café with Ana, felt calm");
  g_assert_cmpint (reframe_mood_entry_get_mood (loaded), ==, REFRAME_MOOD_GOOD);
  found = reframe_mood_repository_search (reframe_store_get_moods (f->store), "cafe", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  /* And the new tables work. */
  titles = dup_list_titles (f);
  g_assert_cmpstr (titles, ==, "");
  conversation = create (f, "After the move");
  add_message (f, conversation, REFRAME_CHAT_ROLE_USER, "Hello", "2026-11-15T10:00:00Z");
  g_clear_pointer (&titles, g_free);
  titles = dup_list_titles (f);
  g_assert_cmpstr (titles, ==, "After the move");
}

static void
changed_cb (ReframeConversationRepository *repository,
            const char                    *uuid,
            guint                         *n_changed)
{
  (*n_changed)++;
}

static void
notified_cb (GObject    *object,
             GParamSpec *pspec,
             guint      *n_notified)
{
  (*n_notified)++;
}

static void
test_create_and_rename (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeConversation) untitled = create (f, NULL);
  g_autoptr (ReframeConversation) named = create (f, "  Sleep worries \n");
  g_autofree char *long_title = g_strnfill (201, 'x');
  g_autofree char *titles = NULL;
  guint            n_changed = 0, n_notified = 0;

  g_assert_cmpstr (reframe_conversation_get_title (untitled), ==, "New conversation");
  g_assert_cmpstr (reframe_conversation_get_title (named), ==, "Sleep worries");
  g_assert_nonnull (reframe_conversation_get_created (named));
  g_assert_true (g_date_time_equal (reframe_conversation_get_created (named),
                                    reframe_conversation_get_updated (named)));
  g_assert_null (reframe_conversation_get_snippet (named));
  g_assert_true (g_uuid_string_is_valid (reframe_conversation_get_uuid (named)));
  g_assert_null (reframe_conversation_repository_create (repo (f), long_title, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_signal_connect (repo (f), "conversation-changed", G_CALLBACK (changed_cb), &n_changed);
  g_signal_connect (named, "notify::title", G_CALLBACK (notified_cb), &n_notified);
  g_assert_false (reframe_conversation_repository_rename (repo (f), named, " \t", &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (reframe_conversation_get_title (named), ==, "Sleep worries");

  g_assert_true (
      reframe_conversation_repository_rename (repo (f), named, "Sleep, and what helps", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (reframe_conversation_get_title (named), ==, "Sleep, and what helps");
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_cmpuint (n_changed, ==, 1);
  g_signal_handlers_disconnect_by_data (repo (f), &n_changed);

  /* Renaming makes it the most recent; it survives a reopen. */
  close_store (f);
  open_store (f);
  titles = dup_list_titles (f);
  g_assert_cmpstr (titles, ==, "Sleep, and what helps,New conversation");
}

static void
test_messages (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeConversation) conversation = create (f, "Talk");
  g_autoptr (ReframeChatMessage) question =
      message_at (REFRAME_CHAT_ROLE_USER, "How do I start?", "2030-11-20T08:00:00.250Z");
  g_autoptr (ReframeChatMessage) reply =
      message_at (REFRAME_CHAT_ROLE_ASSISTANT, "", "2030-11-20T08:00:01Z");
  g_autoptr (ReframeChatMessage) unsaved =
      reframe_chat_message_new (REFRAME_CHAT_ROLE_USER, "never saved");
  g_autoptr (GListStore) messages = NULL;
  g_autoptr (ReframeChatMessage) first = NULL;
  g_autoptr (ReframeChatMessage) second = NULL;
  g_autoptr (GEnumClass) status_class = g_type_class_ref (REFRAME_TYPE_CHAT_MESSAGE_STATUS);

  g_assert_cmpint (g_enum_get_value_by_nick (status_class, "incomplete")->value,
                   ==,
                   REFRAME_CHAT_MESSAGE_INCOMPLETE);

  g_assert_true (
      reframe_conversation_repository_add_message (repo (f), conversation, question, &error));
  reframe_chat_message_set_model (reply, "llama3.2:3b");
  reframe_chat_message_set_status (reply, REFRAME_CHAT_MESSAGE_STREAMING);
  g_assert_true (
      reframe_conversation_repository_add_message (repo (f), conversation, reply, &error));
  g_assert_no_error (error);
  /* The conversation is as recent as its last message. */
  g_assert_true (g_date_time_equal (reframe_conversation_get_updated (conversation),
                                    reframe_chat_message_get_created (reply)));

  reframe_chat_message_append (reply, "Start small", 11);
  reframe_chat_message_append (reply, ": one step.xyz", 11);
  g_assert_cmpstr (reframe_chat_message_get_content (reply), ==, "Start small: one step.");
  g_assert_cmpuint (reframe_chat_message_get_content_length (reply), ==, 22);
  reframe_chat_message_set_status (reply, REFRAME_CHAT_MESSAGE_COMPLETE);
  g_assert_true (reframe_conversation_repository_update_message (repo (f), reply, &error));
  g_assert_no_error (error);

  g_assert_false (reframe_conversation_repository_update_message (repo (f), unsaved, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (
      reframe_conversation_repository_add_message (repo (f), conversation, question, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);

  messages = load (f, conversation);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (messages), 0);
  second = g_list_model_get_item (G_LIST_MODEL (messages), 1);
  g_assert_cmpstr (
      reframe_chat_message_get_uuid (first), ==, reframe_chat_message_get_uuid (question));
  g_assert_cmpint (reframe_chat_message_get_role (first), ==, REFRAME_CHAT_ROLE_USER);
  g_assert_cmpstr (reframe_chat_message_get_content (first), ==, "How do I start?");
  g_assert_null (reframe_chat_message_get_model (first));
  g_assert_true (g_date_time_equal (reframe_chat_message_get_created (first),
                                    reframe_chat_message_get_created (question)));
  g_assert_cmpint (reframe_chat_message_get_role (second), ==, REFRAME_CHAT_ROLE_ASSISTANT);
  g_assert_cmpstr (reframe_chat_message_get_content (second), ==, "Start small: one step.");
  g_assert_cmpstr (reframe_chat_message_get_model (second), ==, "llama3.2:3b");
  g_assert_cmpint (reframe_chat_message_get_status (second), ==, REFRAME_CHAT_MESSAGE_COMPLETE);

  /* Regenerating: the old reply goes, a new one comes after the question. */
  g_assert_true (reframe_conversation_repository_delete_message (repo (f), reply, &error));
  g_assert_false (reframe_conversation_repository_delete_message (repo (f), reply, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  add_message (
      f, conversation, REFRAME_CHAT_ROLE_ASSISTANT, "Try one thing today.", "2030-11-20T08:01:00Z");
  g_clear_object (&messages);
  g_clear_object (&second);
  messages = load (f, conversation);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 2);
  second = g_list_model_get_item (G_LIST_MODEL (messages), 1);
  g_assert_cmpstr (reframe_chat_message_get_content (second), ==, "Try one thing today.");
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM chat_fts"), ==, 3);
}

static char *
contents (Fixture             *f,
          ReframeConversation *conversation)
{
  g_autoptr (GListStore) messages = load (f, conversation);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) texts = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (messages)); i++)
    {
      g_autoptr (ReframeChatMessage) message = g_list_model_get_item (G_LIST_MODEL (messages), i);

      g_strv_builder_add (builder, reframe_chat_message_get_content (message));
    }
  texts = g_strv_builder_end (builder);
  return g_strjoinv ("|", texts);
}

static void
test_edit_and_truncate (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeConversation) conversation = create (f, "Talk");
  g_autoptr (ReframeConversation) other = create (f, "Other");
  g_autoptr (ReframeChatMessage) edited =
      message_at (REFRAME_CHAT_ROLE_USER, "I feel tired", "2030-11-20T08:02:00Z");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *untouched = NULL;
  guint            n_removed = 99;

  add_message (f, conversation, REFRAME_CHAT_ROLE_USER, "Hello", "2030-11-20T08:00:00Z");
  add_message (f, conversation, REFRAME_CHAT_ROLE_ASSISTANT, "Hi there", "2030-11-20T08:01:00Z");
  g_assert_true (
      reframe_conversation_repository_add_message (repo (f), conversation, edited, &error));
  g_assert_no_error (error);
  add_message (
      f, conversation, REFRAME_CHAT_ROLE_ASSISTANT, "What tired you?", "2030-11-20T08:03:00Z");
  add_message (f, conversation, REFRAME_CHAT_ROLE_USER, "Work", "2030-11-20T08:04:00Z");
  add_message (
      f, conversation, REFRAME_CHAT_ROLE_ASSISTANT, "Tell me more", "2030-11-20T08:05:00Z");
  add_message (f, other, REFRAME_CHAT_ROLE_USER, "Elsewhere", "2030-11-20T08:06:00Z");
  add_message (f, other, REFRAME_CHAT_ROLE_ASSISTANT, "Still here", "2030-11-20T08:07:00Z");

  g_assert_true (reframe_conversation_repository_edit_message (
      repo (f), edited, "I feel rested", &n_removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_removed, ==, 3);
  g_assert_cmpstr (reframe_chat_message_get_content (edited), ==, "I feel rested");
  after = contents (f, conversation);
  g_assert_cmpstr (after, ==, "Hello|Hi there|I feel rested");
  /* Other conversations keep their later messages. */
  untouched = contents (f, other);
  g_assert_cmpstr (untouched, ==, "Elsewhere|Still here");
  /* Both conversations: 3 + 2 rows in all. */
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM chat_messages"), ==, 5);

  /* A write that fails half-way (the deletion refused after the update ran) changes
   * nothing, the edited text included. */
  add_message (
      f, conversation, REFRAME_CHAT_ROLE_ASSISTANT, "Good to hear", "2030-11-20T08:08:00Z");
  g_clear_pointer (&after, g_free);
  before = contents (f, conversation);
  g_assert_cmpint (sqlite3_exec (_reframe_store_get_db (f->store),
                                 "CREATE TEMP TRIGGER refuse_delete BEFORE DELETE ON chat_messages"
                                 " BEGIN SELECT RAISE (ABORT, 'refused'); END",
                                 NULL,
                                 NULL,
                                 NULL),
                   ==,
                   SQLITE_OK);
  n_removed = 99;
  g_assert_false (reframe_conversation_repository_edit_message (
      repo (f), edited, "I feel awful", &n_removed, &error));
  /* The trigger's refusal reads as a constraint, which the store reports as invalid. */
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (n_removed, ==, 99);
  g_assert_cmpstr (reframe_chat_message_get_content (edited), ==, "I feel rested");
  after = contents (f, conversation);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (after, ==, "Hello|Hi there|I feel rested|Good to hear");
  g_assert_cmpint (
      sqlite3_exec (
          _reframe_store_get_db (f->store), "DROP TRIGGER refuse_delete", NULL, NULL, NULL),
      ==,
      SQLITE_OK);

  /* A message never saved is not found, and nothing changes. */
  {
    g_autoptr (ReframeChatMessage) unsaved =
        reframe_chat_message_new (REFRAME_CHAT_ROLE_USER, "never saved");

    g_assert_false (
        reframe_conversation_repository_edit_message (repo (f), unsaved, "x", NULL, &error));
    g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
}

static void
test_statuses_after_reopen (Fixture      *f,
                            gconstpointer data)
{
  static const ReframeChatMessageStatus written[] = {
    REFRAME_CHAT_MESSAGE_COMPLETE,
    REFRAME_CHAT_MESSAGE_STREAMING,
    REFRAME_CHAT_MESSAGE_STOPPED,
    REFRAME_CHAT_MESSAGE_FAILED,
    REFRAME_CHAT_MESSAGE_INCOMPLETE,
  };
  static const ReframeChatMessageStatus read[] = {
    REFRAME_CHAT_MESSAGE_COMPLETE,
    REFRAME_CHAT_MESSAGE_INCOMPLETE,
    REFRAME_CHAT_MESSAGE_STOPPED,
    REFRAME_CHAT_MESSAGE_FAILED,
    REFRAME_CHAT_MESSAGE_INCOMPLETE,
  };
  g_autoptr (ReframeConversation) conversation = create (f, "Cut short");
  g_autoptr (GListStore) messages = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    {
      g_autoptr (ReframeChatMessage) reply =
          reframe_chat_message_new (REFRAME_CHAT_ROLE_ASSISTANT, "Partial rep");

      reframe_chat_message_set_status (reply, written[i]);
      g_assert_true (
          reframe_conversation_repository_add_message (repo (f), conversation, reply, &error));
      g_assert_no_error (error);
      /* Saving does not change the message in memory. */
      g_assert_cmpint (reframe_chat_message_get_status (reply), ==, written[i]);
    }

  /* As if Reframe died mid-reply: nothing updates the streaming message. */
  close_store (f);
  open_store (f);
  messages = load (f, conversation);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, G_N_ELEMENTS (read));
  for (guint i = 0; i < G_N_ELEMENTS (read); i++)
    {
      g_autoptr (ReframeChatMessage) message = g_list_model_get_item (G_LIST_MODEL (messages), i);

      g_assert_cmpint (reframe_chat_message_get_status (message), ==, read[i]);
      g_assert_cmpstr (reframe_chat_message_get_content (message), ==, "Partial rep");
    }
}

static void
test_ordering (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (ReframeConversation) a = create (f, "A");
  g_autoptr (ReframeConversation) b = create (f, "B");
  g_autoptr (ReframeConversation) c = create (f, "C");
  g_autofree char *titles = NULL;

  add_message (f, b, REFRAME_CHAT_ROLE_USER, "b", "2030-01-01T10:00:00Z");
  add_message (f, a, REFRAME_CHAT_ROLE_USER, "a", "2030-01-02T10:00:00Z");
  add_message (f, c, REFRAME_CHAT_ROLE_USER, "c", "2030-01-03T10:00:00Z");
  titles = dup_list_titles (f);
  g_assert_cmpstr (titles, ==, "C,A,B");

  /* A new message brings its conversation to the top... */
  add_message (f, b, REFRAME_CHAT_ROLE_USER, "b again", "2030-01-04T10:00:00Z");
  g_clear_pointer (&titles, g_free);
  titles = dup_list_titles (f);
  g_assert_cmpstr (titles, ==, "B,C,A");

  /* ...and an older one never moves it back in time. */
  add_message (f, c, REFRAME_CHAT_ROLE_USER, "late", "2029-01-01T10:00:00Z");
  g_clear_pointer (&titles, g_free);
  titles = dup_list_titles (f);
  g_assert_cmpstr (titles, ==, "B,C,A");
}

static void
test_delete_restore_purge (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeConversation) keep = create (f, "Keep");
  g_autoptr (ReframeConversation) drop = create (f, "Drop");
  g_autofree char *titles = NULL;

  add_message (f, keep, REFRAME_CHAT_ROLE_USER, "garden plans", "2030-01-01T10:00:00Z");
  add_message (f, drop, REFRAME_CHAT_ROLE_USER, "garden worries", "2030-01-02T10:00:00Z");
  add_message (
      f, drop, REFRAME_CHAT_ROLE_ASSISTANT, "What about the garden?", "2030-01-02T10:00:05Z");

  g_assert_true (reframe_conversation_repository_delete (repo (f), drop, &error));
  g_assert_no_error (error);
  titles = dup_list_titles (f);
  g_assert_cmpstr (titles, ==, "Keep");
  g_clear_pointer (&titles, g_free);
  titles = dup_search_titles (f, "garden");
  g_assert_cmpstr (titles, ==, "Keep");
  g_clear_pointer (&titles, g_free);

  /* Undo brings it back with its messages. */
  g_assert_true (reframe_conversation_repository_restore (repo (f), drop, &error));
  titles = dup_list_titles (f);
  g_assert_cmpstr (titles, ==, "Drop,Keep");
  g_clear_pointer (&titles, g_free);

  /* Purging removes only hidden ones, with their messages and search rows. */
  g_assert_true (reframe_conversation_repository_purge_deleted (repo (f), &error));
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM chat_messages"), ==, 3);
  g_assert_true (reframe_conversation_repository_delete (repo (f), drop, &error));
  g_assert_true (reframe_conversation_repository_purge_deleted (repo (f), &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM conversations"), ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM chat_messages"), ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM chat_fts"), ==, 2);
  g_assert_cmpint (
      count_rows (f, "SELECT count (*) FROM chat_fts WHERE chat_fts MATCH 'worries'"), ==, 0);

  g_assert_false (reframe_conversation_repository_restore (repo (f), drop, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (reframe_conversation_repository_load_messages (repo (f), drop, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  titles = dup_list_titles (f);
  g_assert_cmpstr (titles, ==, "Keep");
}

static void
test_search (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeConversation) older = create (f, "Résumé help");
  g_autoptr (ReframeConversation) newer = create (f, "Evening");
  g_autoptr (ReframeConversation) titled = create (f, "Anxiety at work");
  g_autoptr (GListModel) found = NULL;
  g_autoptr (ReframeConversation) hit = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  static const char *const syntax[] = { "\"", "\"anx", "anx\"ious", "NOT", "anx OR", "title:anx", "*", "(anx", "anx)", "^anx", "-anx", "+", "NEAR(anx)", "anx AND" };
  char                    *titles;

  add_message (f,
               older,
               REFRAME_CHAT_ROLE_USER,
               "I felt anxious before the interview at the café.",
               "2030-01-01T10:00:00Z");
  add_message (f,
               older,
               REFRAME_CHAT_ROLE_ASSISTANT,
               "What went through your mind?",
               "2030-01-01T10:00:10Z");
  add_message (
      f, older, REFRAME_CHAT_ROLE_USER, "That I would be anxious forever.", "2030-01-01T10:01:00Z");
  add_message (f,
               newer,
               REFRAME_CHAT_ROLE_USER,
               "Still anxious tonight, but calmer after tea.",
               "2030-02-01T21:00:00Z");
  add_message (f, titled, REFRAME_CHAT_ROLE_USER, "Meetings drain me.", "2029-12-01T09:00:00Z");

  /* Prefixes, newest first, a title match before them. */
  titles = dup_search_titles (f, "anx");
  g_assert_cmpstr (titles, ==, "Anxiety at work,Evening,Résumé help");
  g_free (titles);
  /* Accents and case folded both ways. */
  titles = dup_search_titles (f, "CAFE");
  g_assert_cmpstr (titles, ==, "Résumé help");
  g_free (titles);
  titles = dup_search_titles (f, "resume");
  g_assert_cmpstr (titles, ==, "Résumé help");
  g_free (titles);
  /* Every word must appear. */
  titles = dup_search_titles (f, "anxious tea");
  g_assert_cmpstr (titles, ==, "Evening");
  g_free (titles);
  titles = dup_search_titles (f, "   ");
  g_assert_cmpstr (titles, ==, "");
  g_free (titles);

  /* Quotes and operators are text, never syntax and never an error. */
  for (guint i = 0; i < G_N_ELEMENTS (syntax); i++)
    {
      g_autoptr (GListModel) model = search (f, syntax[i], NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (model);
    }
  /* A quoted phrase is two words anywhere in a message, "OR" just a word. */
  titles = dup_search_titles (f, "\"anxious tea\"");
  g_assert_cmpstr (titles, ==, "Evening");
  g_free (titles);
  titles = dup_search_titles (f, "anxious OR cafe");
  g_assert_cmpstr (titles, ==, "");
  g_free (titles);

  /* The snippet marks the match, from the newest matching message. */
  found = search (f, "calm", NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  hit = g_list_model_get_item (found, 0);
  g_assert_cmpstr (reframe_conversation_get_uuid (hit), ==, reframe_conversation_get_uuid (newer));
  g_assert_nonnull (strstr (reframe_conversation_get_snippet (hit), "\002calmer\003"));
  g_assert_nonnull (strstr (reframe_conversation_get_snippet (hit), "Still anxious tonight"));
  g_clear_object (&hit);
  g_clear_object (&found);
  found = search (f, "forever anxious", NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  hit = g_list_model_get_item (found, 0);
  g_assert_cmpstr (reframe_conversation_get_snippet (hit),
                   ==,
                   "That I would be \002anxious\003 \002forever\003.");
  g_clear_object (&hit);
  g_clear_object (&found);
  found = search (f, "anxious", NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 2);
  hit = g_list_model_get_item (found, 1);
  g_assert_cmpstr (reframe_conversation_get_uuid (hit), ==, reframe_conversation_get_uuid (older));
  g_assert_cmpstr (
      reframe_conversation_get_snippet (hit), ==, "That I would be \002anxious\003 forever.");
  g_clear_object (&hit);
  g_clear_object (&found);
  found = search (f, "work", NULL, &error);
  hit = g_list_model_get_item (found, 0);
  g_assert_cmpstr (reframe_conversation_get_snippet (hit), ==, "Anxiety at \002work\003");
  g_clear_object (&found);

  g_cancellable_cancel (cancellable);
  found = search (f, "anx", cancellable, &error);
  g_assert_null (found);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gboolean
all_indexed (gpointer data)
{
  return count_rows (data, "SELECT count(*) FROM chat_messages WHERE indexed = 0") == 0;
}

/* A streaming reply is saved now and then without being indexed; it is indexed once it
 * ends, on a worker thread, and any search indexes what waits first. */
static void
test_search_streamed_reply (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (ReframeConversation) conversation = create (f, "Evening");
  g_autoptr (ReframeChatMessage) reply =
      message_at (REFRAME_CHAT_ROLE_ASSISTANT, "", "2030-01-01T10:00:00Z");
  g_autoptr (GError) error = NULL;
  char *titles;

  g_assert_true (
      reframe_conversation_repository_add_message (repo (f), conversation, reply, &error));
  reframe_chat_message_append (reply, "A walk by the river", -1);
  g_assert_true (reframe_conversation_repository_keep_message (repo (f), reply, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM chat_fts WHERE chat_fts MATCH 'river'"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM chat_messages WHERE indexed = 0"), ==, 1);

  /* Searched while it streams: indexed first, so found. */
  titles = dup_search_titles (f, "river");
  g_assert_cmpstr (titles, ==, "Evening");
  g_free (titles);

  /* Ended: saved at once, indexed on a thread of its own. */
  reframe_chat_message_append (reply, " and a cup of tea.", -1);
  reframe_chat_message_set_status (reply, REFRAME_CHAT_MESSAGE_COMPLETE);
  g_assert_true (reframe_conversation_repository_finish_message (repo (f), reply, &error));
  g_assert_no_error (error);
  g_assert_true (reframe_test_wait_for (all_indexed, f, 10000));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM chat_fts WHERE chat_fts MATCH 'tea'"), ==, 1);
  titles = dup_search_titles (f, "tea river");
  g_assert_cmpstr (titles, ==, "Evening");
  g_free (titles);
}

static void
test_request_log (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) zone = g_time_zone_new_offset (3600);
  g_autoptr (GDateTime) first = g_date_time_new (zone, 2026, 11, 20, 9, 30, 0);
  g_autoptr (GDateTime) second = g_date_time_new_from_iso8601 ("2026-11-20T10:00:00Z", NULL);
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (
      "2026-11-19T21:00:00Z", REFRAME_MOOD_BAD, "Confided the name Zebediah");
  g_autoptr (ReframeChatAttachment) summary = reframe_chat_attachment_new_mood_summary (7);
  g_autoptr (ReframeChatAttachment) entries = reframe_chat_attachment_new_mood_entries (7);
  g_autoptr (GPtrArray) log = NULL;
  g_autofree char        *text = NULL;
  g_autofree char        *labels = NULL;
  ReframeRequestLog      *request_log = reframe_store_get_request_log (f->store);
  ReframeRequestLogEntry *newest, *oldest;
  g_autoptr (ReframeRequestLogEntry) copy = NULL;

  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), entry, &error));
  text = reframe_chat_attachment_render (entries, f->store, second, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Zebediah"));

  labels = g_strdup_printf ("%s, %s",
                            reframe_chat_attachment_get_label (summary),
                            reframe_chat_attachment_get_label (entries));
  g_assert_true (reframe_request_log_add (
      request_log, first, "http://127.0.0.1:11434", "llama3.2", FALSE, NULL, &error));
  g_assert_true (reframe_request_log_add (
      request_log, second, "https://api.example.com/v1", NULL, TRUE, labels, &error));
  g_assert_no_error (error);

  log = reframe_request_log_list (request_log, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 2);
  newest = g_ptr_array_index (log, 0);
  oldest = g_ptr_array_index (log, 1);
  g_assert_true (g_date_time_equal (newest->time, second));
  g_assert_cmpstr (newest->endpoint, ==, "https://api.example.com/v1");
  g_assert_null (newest->model);
  g_assert_true (newest->remote);
  g_assert_cmpstr (newest->attachments, ==, "Mood summary, last 7 days, Mood entries, last 7 days");
  g_assert_true (g_date_time_equal (oldest->time, first));
  g_assert_cmpstr (oldest->model, ==, "llama3.2");
  g_assert_false (oldest->remote);
  g_assert_cmpstr (oldest->attachments, ==, "");
  copy = reframe_request_log_entry_copy (newest);
  g_assert_cmpstr (copy->attachments, ==, newest->attachments);

  /* What was attached is named, never copied, anywhere in the log's table. */
  g_assert_cmpint (count_rows (f,
                               "SELECT count (*) FROM request_log WHERE (time || endpoint || "
                               "coalesce (model, '') || attachments) LIKE '%Zebediah%'"),
                   ==,
                   0);
  g_assert_cmpint (
      count_rows (f, "SELECT count (*) FROM request_log WHERE attachments LIKE '%Mood entries%'"),
      ==,
      1);

  g_assert_true (reframe_request_log_clear (request_log, &error));
  g_clear_pointer (&log, g_ptr_array_unref);
  log = reframe_request_log_list (request_log, &error);
  g_assert_cmpuint (log->len, ==, 0);
}

static void
save_entry (Fixture    *f,
            const char *iso_time,
            ReframeMood mood,
            const char *note,
            const char *feelings,
            const char *activities,
            double      sleep,
            gboolean    private_)
{
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (iso_time, mood, note);
  g_auto (GStrv) f_list = g_strsplit (feelings, ",", -1);
  g_auto (GStrv) a_list = g_strsplit (activities, ",", -1);
  g_autoptr (GError) error = NULL;

  reframe_mood_entry_set_feelings (entry, (const char *const *) f_list);
  reframe_mood_entry_set_activities (entry, (const char *const *) a_list);
  reframe_mood_entry_set_sleep_hours (entry, sleep);
  reframe_mood_entry_set_private (entry, private_);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), entry, &error));
  g_assert_no_error (error);
}

static void
make_small_journal (Fixture *f)
{
  save_entry (f,
              "2026-11-06T10:00:00Z",
              REFRAME_MOOD_AWFUL,
              "Too old to share",
              "sad",
              "",
              REFRAME_SLEEP_UNKNOWN,
              FALSE);
  save_entry (f,
              "2026-11-08T09:15:00Z",
              REFRAME_MOOD_GOOD,
              "Walked to the river.  \nFelt lighter.\n\n",
              "calm,grateful",
              "exercise,outdoors",
              7.5,
              FALSE);
  save_entry (
      f, "2026-11-08T21:00:00Z", REFRAME_MOOD_OKAY, "", "tired", "", REFRAME_SLEEP_UNKNOWN, FALSE);
  save_entry (f,
              "2026-11-10T08:00:00Z",
              REFRAME_MOOD_BAD,
              "Hard meeting.",
              "anxious,tired",
              "work",
              6,
              FALSE);
  save_entry (f,
              "2026-11-12T22:00:00Z",
              REFRAME_MOOD_GREAT,
              "Private secret about Quentin",
              "happy",
              "therapy",
              9,
              TRUE);
  save_entry (f,
              "2026-11-14T19:00:00Z",
              REFRAME_MOOD_GOOD,
              "Dinner with friends.",
              "calm,happy",
              "social",
              8,
              FALSE);
}

static char *
render (Fixture               *f,
        ReframeChatAttachment *attachment)
{
  g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-14T20:00:00Z", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *again = NULL;
  char            *text = reframe_chat_attachment_render (attachment, f->store, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  /* The same journal and time give the same text: the preview is what is sent. */
  again = reframe_chat_attachment_render (attachment, f->store, now, &error);
  g_assert_cmpstr (text, ==, again);
  g_assert_null (strstr (text, "Quentin"));
  return text;
}

static void
test_attachment_summary (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (ReframeChatAttachment) week = reframe_chat_attachment_new_mood_summary (7);
  g_autoptr (ReframeChatAttachment) day = reframe_chat_attachment_new_mood_summary (1);
  g_autoptr (ReframeChatAttachment) month = reframe_chat_attachment_new_mood_summary (30);
  g_autofree char *text = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *month_text = NULL;
  g_autoptr (GDateTime) thirteenth = g_date_time_new_from_iso8601 ("2026-11-13T12:00:00Z", NULL);

  make_small_journal (f);
  g_assert_cmpstr (reframe_chat_attachment_get_label (week), ==, "Mood summary, last 7 days");
  g_assert_cmpstr (reframe_chat_attachment_get_label (day), ==, "Mood summary, last 1 day");
  g_assert_cmpint (
      reframe_chat_attachment_get_kind (week), ==, REFRAME_CHAT_ATTACHMENT_MOOD_SUMMARY);
  g_assert_cmpuint (reframe_chat_attachment_get_days (month), ==, 30);

  text = render (f, week);
  g_assert_cmpstr (
      text,
      ==,
      "Period: 2026-11-08 to 2026-11-14\n"
      "Days with an entry: 3 of 7\n"
      "Entries: 4\n"
      "Average mood: 3.2 on a scale from 1 (Awful) to 5 (Great), about “Okay”\n"
      "Moods: Good 2, Okay 1, Bad 1\n"
      "Most frequent feelings: calm (2), tired (2), anxious (1), grateful (1), happy (1)\n"
      "Most frequent activities: exercise (1), outdoors (1), social (1), work (1)\n"
      "Average sleep: 7.2 hours (from 3 entries)");
  /* The private entry's feeling and activity count nowhere. */
  g_assert_null (strstr (text, "therapy"));

  month_text = render (f, month);
  g_assert_true (g_str_has_prefix (
      month_text, "Period: 2026-10-16 to 2026-11-14\nDays with an entry: 4 of 30\nEntries: 5\n"));

  empty = reframe_chat_attachment_render (day, f->store, thirteenth, NULL);
  g_assert_cmpstr (empty, ==, "Period: 2026-11-13 to 2026-11-13\nNo entries in this period.");
}

static void
test_attachment_entries (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (ReframeChatAttachment) week = reframe_chat_attachment_new_mood_entries (7);
  g_autoptr (ReframeChatAttachment) worksheet = reframe_chat_attachment_new_text (
      REFRAME_CHAT_ATTACHMENT_WORKSHEET, "Thought record, 12 November", "Situation: the meeting");
  g_autofree char *text = NULL;
  g_autofree char *sheet = NULL;

  make_small_journal (f);
  g_assert_cmpstr (reframe_chat_attachment_get_label (week), ==, "Mood entries, last 7 days");
  text = render (f, week);
  g_assert_cmpstr (
      text,
      ==,
      "Period: 2026-11-08 to 2026-11-14\n"
      "\n"
      "Sunday 2026-11-08\n"
      "- 09:15, Good. Feelings: calm, grateful. Activities: exercise, outdoors. Slept 7.5 hours.\n"
      "  Walked to the river.\n"
      "  Felt lighter.\n"
      "- 21:00, Okay. Feelings: tired.\n"
      "\n"
      "Tuesday 2026-11-10\n"
      "- 08:00, Bad. Feelings: anxious, tired. Activities: work. Slept 6.0 hours.\n"
      "  Hard meeting.\n"
      "\n"
      "Saturday 2026-11-14\n"
      "- 19:00, Good. Feelings: calm, happy. Activities: social. Slept 8.0 hours.\n"
      "  Dinner with friends.");
  g_assert_null (strstr (text, "Too old"));

  g_assert_cmpstr (
      reframe_chat_attachment_get_label (worksheet), ==, "Thought record, 12 November");
  sheet = reframe_chat_attachment_render (worksheet, NULL, NULL, NULL);
  g_assert_cmpstr (sheet, ==, "Situation: the meeting");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (          \
      "/reframe/conversations/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("migration-from-v2", test_migration_from_v2);
  ADD ("create-and-rename", test_create_and_rename);
  ADD ("messages", test_messages);
  ADD ("edit-and-truncate", test_edit_and_truncate);
  ADD ("statuses-after-reopen", test_statuses_after_reopen);
  ADD ("ordering", test_ordering);
  ADD ("delete-restore-purge", test_delete_restore_purge);
  ADD ("search", test_search);
  ADD ("search-streamed-reply", test_search_streamed_reply);
  ADD ("request-log", test_request_log);
  ADD ("attachment-summary", test_attachment_summary);
  ADD ("attachment-entries", test_attachment_entries);
#undef ADD

  return g_test_run ();
}
