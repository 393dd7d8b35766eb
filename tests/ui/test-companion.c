/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-companion.c: the companion pane against the fake model server: send, stream, stop,
 * reopen, crisis language, an unknown model and an unreachable service. */

#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "reframe-api-keys.h"
#include "reframe-assignment-repository.h"
#include "reframe-worksheet-repository.h"
#include "reframe-chat-bubble.h"
#include "reframe-conversation-repository.h"
#include "reframe-crisis-sheet.h"
#include "reframe-fake-model-server.h"
#include "reframe-form-view-private.h"
#include "reframe-worksheet-editor.h"
#include "reframe-markdown.h"
#include "reframe-request-log.h"
#include "reframe-store-private.h"
#include "reframe-ui-test-util.h"
#include "reframe-window.h"
#include "test-companion.h"

static gboolean
window_gone (gpointer data)
{
  Fixture *f = data;

  return f->window == NULL;
}

static gboolean
service_ready (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (reframe_chat_session_get_model (f->session), REFRAME_FAKE_MODEL) == 0;
}

static gboolean
pane_unavailable (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (reframe_chat_pane_get_state (f->pane), "unavailable") == 0;
}

static gboolean
idle_with_messages (Fixture *f,
                    guint    n)
{
  return !reframe_chat_session_get_busy (f->session) &&
         g_list_model_get_n_items (reframe_chat_session_get_messages (f->session)) == n;
}

gboolean
two_messages (gpointer data)
{
  return idle_with_messages (data, 2);
}

static gboolean
four_messages (gpointer data)
{
  return idle_with_messages (data, 4);
}

static gboolean
not_busy (gpointer data)
{
  Fixture *f = data;

  return !reframe_chat_session_get_busy (f->session);
}

static ReframeChatMessage *
dup_message (Fixture *f,
             guint    position)
{
  return g_list_model_get_item (reframe_chat_session_get_messages (f->session), position);
}

static ReframeChatMessage *
dup_last_message (Fixture *f)
{
  GListModel *messages = reframe_chat_session_get_messages (f->session);

  return dup_message (f, g_list_model_get_n_items (messages) - 1);
}

static gboolean
reply_has_text (gpointer data)
{
  Fixture *f = data;
  g_autoptr (ReframeChatMessage) last = dup_last_message (f);

  return reframe_chat_message_get_role (last) == REFRAME_CHAT_ROLE_ASSISTANT &&
         reframe_chat_message_get_content_length (last) > 0;
}

GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The bubbles of the pane, in order. */
GPtrArray *
find_bubbles (GtkWidget *root,
              GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (REFRAME_IS_CHAT_BUBBLE (child))
        g_ptr_array_add (found, child);
      else
        find_bubbles (child, found);
    }
  return found;
}

static char *
dup_bubble_text (Fixture *f,
                 guint    index)
{
  g_autoptr (GPtrArray) bubbles = find_bubbles (GTK_WIDGET (f->pane), g_ptr_array_new ());

  g_assert_cmpuint (index, <, bubbles->len);
  return reframe_chat_bubble_dup_text (g_ptr_array_index (bubbles, index));
}

static GtkWindow *
find_crisis_sheet (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (REFRAME_IS_CRISIS_SHEET (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
crisis_sheet_shown (gpointer data)
{
  return find_crisis_sheet () != NULL;
}

void
type_and_send (Fixture    *f,
               const char *text)
{
  reframe_chat_pane_set_composer_text (f->pane, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "chat.send", NULL));
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  reframe_ui_test_base_set_up (
      &f->base, REFRAME_UI_TEST_DATA_DIR | REFRAME_UI_TEST_SERVER | REFRAME_UI_TEST_SETTINGS);
  g_settings_set_string (f->base.settings, "companion-provider", "ollama");
  g_settings_set_string (
      f->base.settings, "companion-endpoint", reframe_fake_model_server_get_uri (f->base.server));
  g_settings_set_string (f->base.settings, "companion-model", "");

  f->window = reframe_window_new (NULL, f->base.dir);
  reframe_ui_test_present (GTK_WINDOW (f->window), WAIT_MS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toggle-companion", NULL));
  f->pane = reframe_window_get_chat_pane (f->window);
  f->session = reframe_chat_pane_get_session (f->pane);
  g_assert_true (reframe_test_wait_for (service_ready, f, WAIT_MS));
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  GtkWindow *sheet;

  while ((sheet = find_crisis_sheet ()) != NULL)
    gtk_window_destroy (sheet);
  /* Requests still running (a keyring lookup, a model list) hold the pane until they
   * end: wait for the window to be finalized, so that nothing is left behind. */
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (reframe_test_wait_for (window_gone, f, WAIT_MS));
  reframe_test_spin_idle ();
  g_settings_reset (f->base.settings, "companion-endpoint");
  g_settings_reset (f->base.settings, "companion-model");
  reframe_ui_test_base_tear_down (&f->base);
}

/* Send, see the reply streamed into the view, stop one half-way, reopen the conversation. */
static void
test_send_stop_reopen (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *expected = reframe_fake_model_server_dup_reply ();
  g_autofree char *uuid = NULL;
  g_autofree char *shown = NULL;
  g_autoptr (ReframeChatMessage) reply = NULL;
  g_autoptr (ReframeChatMessage) stopped = NULL;
  g_autoptr (GListModel) conversations = NULL;
  g_autoptr (ReframeConversation) reopened = NULL;
  g_autoptr (GError) error = NULL;
  ReframeStore *store = reframe_window_get_store (f->window);

  g_assert_cmpstr (reframe_chat_pane_get_state (f->pane), ==, "empty");

  type_and_send (f, "Work was a lot today.");
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  g_assert_cmpstr (reframe_chat_pane_get_state (f->pane), ==, "messages");

  /* The composer is empty again; the reply is complete and shown as it came. */
  shown = reframe_chat_pane_dup_composer_text (f->pane);
  g_assert_cmpstr (shown, ==, "");
  reply = dup_message (f, 1);
  g_assert_cmpint (reframe_chat_message_get_status (reply), ==, REFRAME_CHAT_MESSAGE_COMPLETE);
  g_assert_cmpstr (reframe_chat_message_get_content (reply), ==, expected);
  g_clear_pointer (&shown, g_free);
  shown = dup_bubble_text (f, 1);
  g_assert_cmpstr (shown, ==, expected);
  uuid =
      g_strdup (reframe_conversation_get_uuid (reframe_chat_session_get_conversation (f->session)));

  /* A slow reply, stopped after its first words, keeps them, marked as stopped. */
  reframe_fake_model_server_set_behaviour (f->base.server, REFRAME_FAKE_BEHAVIOUR_SLOW_DRIP);
  reframe_fake_model_server_set_chunk_delay (f->base.server, 400);
  type_and_send (f, "It felt like nothing I do is enough.");
  g_assert_true (reframe_test_wait_for (reply_has_text, f, WAIT_MS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "chat.stop", NULL));
  g_assert_true (reframe_test_wait_for (four_messages, f, WAIT_MS));
  stopped = dup_last_message (f);
  g_assert_cmpint (reframe_chat_message_get_status (stopped), ==, REFRAME_CHAT_MESSAGE_STOPPED);
  g_assert_cmpuint (reframe_chat_message_get_content_length (stopped), >, 0);
  g_assert_cmpuint (reframe_chat_message_get_content_length (stopped), <, strlen (expected));
  g_assert_true (g_str_has_prefix (expected, reframe_chat_message_get_content (stopped)));

  /* A new conversation, then the first one again, from the store. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "chat.new-conversation", NULL));
  g_assert_cmpuint (
      g_list_model_get_n_items (reframe_chat_session_get_messages (f->session)), ==, 0);
  conversations =
      reframe_conversation_repository_list (reframe_store_get_conversations (store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 1);
  reopened = g_list_model_get_item (conversations, 0);
  g_assert_cmpstr (reframe_conversation_get_uuid (reopened), ==, uuid);
  g_assert_true (reframe_chat_session_open (f->session, reopened, &error));
  g_assert_no_error (error);
  reframe_test_spin_idle ();
  g_assert_cmpuint (
      g_list_model_get_n_items (reframe_chat_session_get_messages (f->session)), ==, 4);
  g_clear_object (&stopped);
  stopped = dup_last_message (f);
  g_assert_cmpint (reframe_chat_message_get_status (stopped), ==, REFRAME_CHAT_MESSAGE_STOPPED);
  g_clear_pointer (&shown, g_free);
  shown = dup_bubble_text (f, 0);
  g_assert_cmpstr (shown, ==, "Work was a lot today.");
}

/* Crisis language shows the lines before anything is sent; the message waits for them. */
static void
test_crisis_before_sending (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (GError) error = NULL;
  ReframeStore *store = reframe_window_get_store (f->window);
  GtkWindow    *sheet;
  guint         requests_before = reframe_fake_model_server_get_n_requests (f->base.server);

  type_and_send (f, "I want to kill myself");
  g_assert_true (reframe_test_wait_for (crisis_sheet_shown, NULL, WAIT_MS));

  /* Kept, not sent. */
  g_assert_cmpuint (
      g_list_model_get_n_items (reframe_chat_session_get_messages (f->session)), ==, 1);
  g_assert_false (reframe_chat_session_get_busy (f->session));
  log = reframe_request_log_list (reframe_store_get_request_log (store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 0);
  g_assert_cmpuint (reframe_fake_model_server_get_n_requests (f->base.server), ==, requests_before);

  /* Closing the sheet sends it. */
  sheet = find_crisis_sheet ();
  gtk_window_close (sheet);
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  /* The model's context (asked once, with the model's name only), then the chat. */
  g_assert_cmpuint (
      reframe_fake_model_server_get_n_requests (f->base.server), ==, requests_before + 2);
  g_clear_pointer (&log, g_ptr_array_unref);
  log = reframe_request_log_list (reframe_store_get_request_log (store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
}

/* Walks @widget's tree for labels: none starts with an empty line, and a web address
 * is a link. Returns how many links it found. */
static guint
check_crisis_labels (GtkWidget *widget)
{
  guint links = 0;

  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (text[0] == '\n')
        g_error ("a crisis line's text starts with an empty line: “%s”", text);
      if (strstr (text, "https://") != NULL)
        {
          g_assert_true (gtk_label_get_use_markup (GTK_LABEL (widget)));
          g_assert_nonnull (
              strstr (gtk_label_get_label (GTK_LABEL (widget)), "<a href=\"https://"));
          links++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    links += check_crisis_labels (child);
  return links;
}

/* The crisis lines of every country and the directories: no row begins with a blank
 * line (a line without a number), and web addresses can be followed. */
static void
test_crisis_rows_and_links (void)
{
  g_autoptr (GSettings) settings = g_settings_new ("io.github.reframe.Reframe");
  GtkWidget *sheet = reframe_crisis_sheet_new (NULL, settings);

  gtk_window_present (GTK_WINDOW (sheet));
  g_assert_cmpuint (check_crisis_labels (sheet), >=, 3);
  gtk_window_destroy (GTK_WINDOW (sheet));
}

/* An unknown model: a human message, the person's words kept, and a second try works. */
static void
test_unknown_model_then_resend (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr (ReframeChatMessage) kept = NULL;
  GtkRevealer *error_bar;

  reframe_fake_model_server_set_behaviour (f->base.server, REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL);
  type_and_send (f, "Can we look at a thought together?");
  g_assert_true (reframe_test_wait_for (not_busy, f, WAIT_MS));
  reframe_test_spin_idle ();

  g_assert_nonnull (reframe_chat_session_get_error (f->session));
  g_assert_error (reframe_chat_session_get_error (f->session),
                  REFRAME_PROVIDER_ERROR,
                  REFRAME_PROVIDER_ERROR_MODEL_NOT_FOUND);
  error_bar = GTK_REVEALER (find_widget (GTK_WIDGET (f->pane), GTK_TYPE_REVEALER));
  g_assert_true (gtk_revealer_get_reveal_child (error_bar));
  g_assert_cmpuint (
      g_list_model_get_n_items (reframe_chat_session_get_messages (f->session)), ==, 1);
  kept = dup_message (f, 0);
  g_assert_cmpstr (
      reframe_chat_message_get_content (kept), ==, "Can we look at a thought together?");

  reframe_fake_model_server_set_behaviour (f->base.server, REFRAME_FAKE_BEHAVIOUR_NORMAL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "chat.resend", NULL));
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  g_assert_null (reframe_chat_session_get_error (f->session));
}

/* A reply with calorie targets is replaced by the safe text, and the crisis lines show. */
static void
test_unsafe_reply_replaced (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (ReframeChatMessage) reply = NULL;
  g_autofree char *shown = NULL;

  reframe_fake_model_server_set_behaviour (f->base.server, REFRAME_FAKE_BEHAVIOUR_UNSAFE_REPLY);
  type_and_send (f, "How can I feel better about my body?");
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  g_assert_true (reframe_test_wait_for (crisis_sheet_shown, NULL, WAIT_MS));

  reply = dup_message (f, 1);
  g_assert_cmpstr (
      reframe_chat_message_get_content (reply), ==, reframe_crisis_check_get_fallback_reply ());
  g_assert_null (strstr (reframe_chat_message_get_content (reply), "calorie"));
  shown = dup_bubble_text (f, 1);
  g_assert_null (strstr (shown, "1200"));
}

/* A stream cut off mid-reply keeps what arrived, marked incomplete, and says so. */
static void
test_cut_off_kept_incomplete (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (ReframeChatMessage) reply = NULL;

  reframe_fake_model_server_set_behaviour (f->base.server, REFRAME_FAKE_BEHAVIOUR_CUT_OFF);
  type_and_send (f, "I keep going over the meeting.");
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));

  reply = dup_message (f, 1);
  g_assert_cmpint (reframe_chat_message_get_status (reply), ==, REFRAME_CHAT_MESSAGE_INCOMPLETE);
  g_assert_cmpuint (reframe_chat_message_get_content_length (reply), >, 0);
  g_assert_error (reframe_chat_session_get_error (f->session),
                  REFRAME_PROVIDER_ERROR,
                  REFRAME_PROVIDER_ERROR_CUT_OFF);
}

/* A worksheet and the homework list, attached by the person, go with the next message
 * exactly as the preview shows them; nothing else from the journal does. */
static void
test_attach_worksheet_and_homework (Fixture      *f,
                                    gconstpointer data)
{
  ReframeStore *store = reframe_window_get_store (f->window);
  g_autoptr (ReframeWorksheet) worksheet = reframe_worksheet_new ("thought-record", 1);
  g_autoptr (ReframeAssignment) assignment = reframe_assignment_new ("Walk after lunch", NULL);
  g_autoptr (JsonObject) answers = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *context = NULL;
  g_autofree char *body = NULL;

  json_object_set_string_member (answers, "situation", "The bus driver waited for me");
  reframe_worksheet_set_answers (worksheet, answers);
  g_assert_true (
      reframe_worksheet_repository_save (reframe_store_get_worksheets (store), worksheet, &error));
  g_assert_no_error (error);
  g_assert_true (reframe_assignment_repository_save (
      reframe_store_get_assignments (store), assignment, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (
      GTK_WIDGET (f->pane), "chat.attach-worksheet", "s", reframe_worksheet_get_uuid (worksheet)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "chat.attach-homework", NULL));
  g_assert_cmpuint (
      g_list_model_get_n_items (reframe_chat_session_get_attachments (f->session)), ==, 2);

  context = reframe_chat_session_dup_context_text (f->session);
  g_assert_nonnull (strstr (context, "Walk after lunch"));
  g_assert_nonnull (strstr (context, "The bus driver waited for me"));

  type_and_send (f, "Here is what I did this week.");
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  body = reframe_fake_model_server_dup_last_chat_body (f->base.server);
  g_assert_nonnull (strstr (body, "Walk after lunch"));
  g_assert_nonnull (strstr (body, "The bus driver waited for me"));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

/* The user turns of the last request the fake server read, joined with "|". */
static char *
dup_sent_user_turns (Fixture *f)
{
  g_autofree char *body = reframe_fake_model_server_dup_last_chat_body (f->base.server);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) turns = g_string_new (NULL);
  JsonArray *messages;

  g_assert_true (json_parser_load_from_data (parser, body, -1, &error));
  g_assert_no_error (error);
  messages = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      if (g_strcmp0 (json_object_get_string_member (message, "role"), "system") == 0)
        continue;
      g_string_append_printf (turns,
                              "%s%s:%s",
                              turns->len > 0 ? "|" : "",
                              json_object_get_string_member (message, "role"),
                              json_object_get_string_member (message, "content"));
    }
  return g_string_free (g_steal_pointer (&turns), FALSE);
}

/* Edit the first of two sent messages: the replies after it go (after a question, as
 * there are two), and the model is asked again with the edited text as the last turn. */
static void
test_edit_and_resend (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *reply = reframe_fake_model_server_dup_reply ();
  g_autofree char *composer = NULL;
  g_autofree char *turns = NULL;
  g_autofree char *shown = NULL;
  g_autoptr (ReframeChatMessage) first = NULL;
  g_autoptr (ReframeChatMessage) stored = NULL;
  g_autoptr (GListStore) kept = NULL;
  g_autoptr (GError) error = NULL;
  ReframeStore     *store = reframe_window_get_store (f->window);
  AdwMessageDialog *dialog;
  guint             requests;

  type_and_send (f, "I felt tired at work.");
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  type_and_send (f, "Then I skipped the gym.");
  g_assert_true (reframe_test_wait_for (four_messages, f, WAIT_MS));
  first = dup_message (f, 0);

  /* The text goes back into the composer, marked as an edit; Esc would cancel. */
  g_assert_true (gtk_widget_activate_action (
      GTK_WIDGET (f->pane), "chat.edit-message", "s", reframe_chat_message_get_uuid (first)));
  composer = reframe_chat_pane_dup_composer_text (f->pane);
  g_assert_cmpstr (composer, ==, "I felt tired at work.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "chat.cancel-edit", NULL));
  g_clear_pointer (&composer, g_free);
  composer = reframe_chat_pane_dup_composer_text (f->pane);
  g_assert_cmpstr (composer, ==, "");

  /* A plain send now is a new message, not an edit; so edit again. */
  g_assert_true (gtk_widget_activate_action (
      GTK_WIDGET (f->pane), "chat.edit-message", "s", reframe_chat_message_get_uuid (first)));
  reframe_chat_pane_set_composer_text (f->pane, "I felt rested at work.");
  requests = reframe_fake_model_server_get_n_requests (f->base.server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "chat.send", NULL));

  /* Two replies would go: nothing happens until the person agrees. */
  g_assert_true (reframe_test_wait_for (message_dialog_shown, NULL, WAIT_MS));
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "2 replies"));
  g_assert_cmpuint (
      g_list_model_get_n_items (reframe_chat_session_get_messages (f->session)), ==, 4);
  g_assert_cmpuint (reframe_fake_model_server_get_n_requests (f->base.server), ==, requests);
  adw_message_dialog_response (dialog, "remove");

  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  g_assert_cmpuint (reframe_fake_model_server_get_n_requests (f->base.server), ==, requests + 1);
  turns = dup_sent_user_turns (f);
  g_assert_cmpstr (turns, ==, "user:I felt rested at work.");
  g_assert_cmpstr (reframe_chat_message_get_content (first), ==, "I felt rested at work.");
  shown = dup_bubble_text (f, 0);
  g_assert_cmpstr (shown, ==, "I felt rested at work.");
  g_clear_pointer (&shown, g_free);
  shown = dup_bubble_text (f, 1);
  g_assert_cmpstr (shown, ==, reply);
  g_clear_pointer (&composer, g_free);
  composer = reframe_chat_pane_dup_composer_text (f->pane);
  g_assert_cmpstr (composer, ==, "");

  /* The store holds the same: the edited message and the new reply, nothing after. */
  kept = reframe_conversation_repository_load_messages (
      reframe_store_get_conversations (store),
      reframe_chat_session_get_conversation (f->session),
      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kept)), ==, 2);
  stored = g_list_model_get_item (G_LIST_MODEL (kept), 0);
  g_assert_cmpstr (reframe_chat_message_get_content (stored), ==, "I felt rested at work.");
}

/* The edited text is checked as any message is: crisis language shows the lines and
 * nothing goes until the sheet is closed. One reply dropped needs no question. */
static void
test_edit_checked_for_crisis (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (ReframeChatMessage) first = NULL;
  g_autofree char *turns = NULL;
  guint            requests;

  type_and_send (f, "I had a long day.");
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  first = dup_message (f, 0);
  g_assert_true (gtk_widget_activate_action (
      GTK_WIDGET (f->pane), "chat.edit-message", "s", reframe_chat_message_get_uuid (first)));
  reframe_chat_pane_set_composer_text (f->pane, "I want to kill myself");
  requests = reframe_fake_model_server_get_n_requests (f->base.server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "chat.send", NULL));

  g_assert_true (reframe_test_wait_for (crisis_sheet_shown, NULL, WAIT_MS));
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (
      g_list_model_get_n_items (reframe_chat_session_get_messages (f->session)), ==, 1);
  g_assert_cmpstr (reframe_chat_message_get_content (first), ==, "I want to kill myself");
  g_assert_cmpuint (reframe_fake_model_server_get_n_requests (f->base.server), ==, requests);

  gtk_window_close (find_crisis_sheet ());
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  turns = dup_sent_user_turns (f);
  g_assert_cmpstr (turns, ==, "user:I want to kill myself");
}

/* A store that refuses the edit changes nothing: the edited words stay in the composer,
 * still an edit, and sending again once the store takes it does the edit. */
static void
test_edit_fails_keeps_text (Fixture      *f,
                            gconstpointer data)
{
  sqlite3 *db = _reframe_store_get_db (reframe_window_get_store (f->window));
  g_autoptr (ReframeChatMessage) first = NULL;
  g_autofree char *composer = NULL;
  g_autofree char *turns = NULL;
  guint            requests;

  type_and_send (f, "I slept badly.");
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  first = dup_message (f, 0);
  g_assert_true (gtk_widget_activate_action (
      GTK_WIDGET (f->pane), "chat.edit-message", "s", reframe_chat_message_get_uuid (first)));
  reframe_chat_pane_set_composer_text (f->pane, "I slept well.");
  requests = reframe_fake_model_server_get_n_requests (f->base.server);

  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TEMP TRIGGER refuse_delete BEFORE DELETE ON chat_messages"
                                 " BEGIN SELECT RAISE (ABORT, 'refused'); END",
                                 NULL,
                                 NULL,
                                 NULL),
                   ==,
                   SQLITE_OK);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "chat.send", NULL));
  reframe_test_spin_idle ();
  composer = reframe_chat_pane_dup_composer_text (f->pane);
  g_assert_cmpstr (composer, ==, "I slept well.");
  g_assert_cmpstr (reframe_chat_message_get_content (first), ==, "I slept badly.");
  g_assert_cmpuint (
      g_list_model_get_n_items (reframe_chat_session_get_messages (f->session)), ==, 2);
  g_assert_cmpuint (reframe_fake_model_server_get_n_requests (f->base.server), ==, requests);

  g_assert_cmpint (
      sqlite3_exec (db, "DROP TRIGGER refuse_delete", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "chat.send", NULL));
  g_assert_true (reframe_test_wait_for (not_busy, f, WAIT_MS));
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  turns = dup_sent_user_turns (f);
  g_assert_cmpstr (turns, ==, "user:I slept well.");
}

/* Nothing answers: the pane says what to do instead of a blank. */
static void
test_unreachable (Fixture      *f,
                  gconstpointer data)
{
  g_settings_set_string (f->base.settings, "companion-endpoint", "http://127.0.0.1:9");
  g_assert_true (reframe_test_wait_for (pane_unavailable, f, WAIT_MS));
}

/* A long conversation: the pane says, quietly, above the oldest message the model still
 * sees, that earlier ones are left out; a short one says nothing. */
static void
test_context_note (Fixture      *f,
                   gconstpointer data)
{
  ReframeStore                  *store = reframe_window_get_store (f->window);
  ReframeConversationRepository *repository = reframe_store_get_conversations (store);
  g_autoptr (ReframeConversation) conversation = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *note = NULL;
  g_autoptr (GPtrArray) bubbles = NULL;
  GtkWidget *label;
  guint      position;

  /* Ollama says the model reads 1,024 tokens: a few of 80 long messages fit. */
  reframe_fake_model_server_set_context_size (f->base.server, 1024, 4);
  type_and_send (f, "A short start.");
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  g_assert_null (reframe_chat_pane_dup_context_note (f->pane));

  conversation = reframe_conversation_repository_create (repository, "Long", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 80; i++)
    {
      g_autofree char *text =
          g_strdup_printf ("Message %u: %s",
                           i,
                           "I went over the day again and again, the meeting, the bus, the call, "
                           "and what I could have said instead of what I said then.");
      g_autoptr (ReframeChatMessage) message = reframe_chat_message_new (
          i % 2 == 0 ? REFRAME_CHAT_ROLE_USER : REFRAME_CHAT_ROLE_ASSISTANT, text);

      reframe_chat_message_set_status (message, REFRAME_CHAT_MESSAGE_COMPLETE);
      g_assert_true (
          reframe_conversation_repository_add_message (repository, conversation, message, &error));
      g_assert_no_error (error);
    }
  g_assert_true (reframe_chat_session_open (f->session, conversation, &error));
  g_assert_no_error (error);
  reframe_test_spin_idle ();
  g_assert_null (reframe_chat_pane_dup_context_note (f->pane));

  type_and_send (f, "What should I try tomorrow?");
  g_assert_true (reframe_test_wait_for (not_busy, f, WAIT_MS));
  g_assert_cmpuint (
      g_list_model_get_n_items (reframe_chat_session_get_messages (f->session)), ==, 82);
  note = reframe_chat_pane_dup_context_note (f->pane);
  g_assert_nonnull (note);
  g_assert_true (
      g_str_has_prefix (note, "Earlier messages are not sent to the model; it sees the last "));
  g_assert_cmpuint (reframe_chat_session_get_sent_turns (f->session), <, 20);

  /* The line sits right above the oldest message sent. */
  position = reframe_chat_session_get_first_sent_position (f->session);
  g_assert_cmpuint (position, >, 0);
  bubbles = find_bubbles (GTK_WIDGET (f->pane), g_ptr_array_new ());
  label = gtk_widget_get_prev_sibling (g_ptr_array_index (bubbles, position));
  g_assert_true (GTK_IS_LABEL (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, note);
  g_assert_true (gtk_widget_get_visible (label));

  /* A new conversation has nothing left out. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->pane), "chat.new-conversation", NULL));
  reframe_test_spin_idle ();
  g_assert_null (reframe_chat_pane_dup_context_note (f->pane));
}

static ReframeWorksheetEditor *
find_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (REFRAME_IS_WORKSHEET_EDITOR (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return REFRAME_WORKSHEET_EDITOR (window);
    }
  return NULL;
}

static gboolean
editor_shown (gpointer data)
{
  return find_editor () != NULL;
}

static gboolean
editor_gone (gpointer data)
{
  return find_editor () == NULL;
}

static ReframeWorksheetEditor *
draft_from_menu (Fixture    *f,
                 const char *content)
{
  reframe_fake_model_server_set_structured_reply (f->base.server, content);
  g_assert_true (gtk_widget_activate_action (
      GTK_WIDGET (f->pane), "chat.draft-worksheet", "s", "thought-record"));
  g_assert_true (reframe_test_wait_for (editor_shown, NULL, WAIT_MS));
  return find_editor ();
}

/* "Make a Thought Record from This": the window opens on a draft filled with the
 * suggestion, each field marked; nothing is saved until it is kept; Discard removes it. */
static void
test_draft_worksheet (Fixture      *f,
                      gconstpointer data)
{
  ReframeWorksheetRepository *repository =
      reframe_store_get_worksheets (reframe_window_get_store (f->window));
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeWorksheet) stored = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *format = NULL;
  g_autoptr (GPtrArray) log = NULL;
  ReframeWorksheetEditor *editor;
  ReframeFormView        *form;

  type_and_send (f, "My manager walked past me without saying hello.");
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));

  editor = draft_from_menu (f, REFRAME_FAKE_DRAFT_VALID);
  format = reframe_fake_model_server_dup_last_format (f->base.server);
  g_assert_true (g_str_has_prefix (format, "{\"type\":\"object\""));
  g_assert_true (reframe_worksheet_editor_get_suggested (editor));
  /* The draft's request is in the request log beside the message's. */
  log = reframe_request_log_list (
      reframe_store_get_request_log (reframe_window_get_store (f->window)), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 2);
  form = REFRAME_FORM_VIEW (reframe_worksheet_editor_get_form (editor));
  reframe_form_view_set_whole_form (form, TRUE);
  g_assert_cmpuint (_reframe_form_view_get_n_suggested (form), ==, 9);
  g_assert_cmpstr (
      json_object_get_string_member (reframe_form_view_get_answers (form), "hot_thought"),
      ==,
      "I will lose my job.");
  uuid = g_strdup (reframe_worksheet_get_uuid (reframe_worksheet_editor_get_worksheet (editor)));
  g_assert_null (reframe_worksheet_repository_get (repository, uuid, NULL));

  /* Kept: saved as the person's draft, the marks gone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.keep-suggested", NULL));
  g_assert_false (reframe_worksheet_editor_get_suggested (editor));
  g_assert_cmpuint (_reframe_form_view_get_n_suggested (form), ==, 0);
  stored = reframe_worksheet_repository_get (repository, uuid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (reframe_worksheet_get_status (stored), ==, REFRAME_WORKSHEET_DRAFT);
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_true (reframe_test_wait_for (editor_gone, NULL, WAIT_MS));

  /* A partial answer: what fits, and a note of what was left out; discarded after a
   * save, it is gone from the store and the window closes. */
  editor = draft_from_menu (f, REFRAME_FAKE_DRAFT_PARTIAL);
  form = REFRAME_FORM_VIEW (reframe_worksheet_editor_get_form (editor));
  g_assert_cmpuint (json_object_get_size (reframe_form_view_get_answers (form)), ==, 2);
  g_clear_pointer (&uuid, g_free);
  uuid = g_strdup (reframe_worksheet_get_uuid (reframe_worksheet_editor_get_worksheet (editor)));
  g_assert_true (reframe_worksheet_editor_save (editor, &error));
  g_assert_no_error (error);
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (editor), "editor.discard-suggested", NULL));
  g_assert_true (reframe_test_wait_for (editor_gone, NULL, WAIT_MS));
  g_clear_object (&stored);
  stored = reframe_worksheet_repository_get (repository, uuid, NULL);
  g_assert_null (stored);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  reframe_ui_test_init (&argc, &argv);

  g_test_add_func ("/reframe/companion/markdown", test_markdown);
  g_test_add_func ("/reframe/companion/formatting-again-keeps-labels",
                   test_formatting_again_keeps_labels);
  g_test_add_func ("/reframe/companion/streamed-labels-kept-when-formatted",
                   test_streamed_labels_kept_when_formatted);
  g_test_add_func ("/reframe/companion/plain-label-not-taken-for-markup",
                   test_plain_label_not_taken_for_markup);
  g_test_add_func ("/reframe/companion/markdown-long-paragraph-in-parts",
                   test_markdown_long_paragraph);
  g_test_add_func ("/reframe/companion/streaming-long-paragraph-in-parts",
                   test_streaming_long_paragraph);
  g_test_add_func ("/reframe/companion/crisis-rows-and-links", test_crisis_rows_and_links);
  g_test_add ("/reframe/companion/send-stop-reopen",
              Fixture,
              NULL,
              fixture_set_up,
              test_send_stop_reopen,
              fixture_tear_down);
  g_test_add ("/reframe/companion/crisis-before-sending",
              Fixture,
              NULL,
              fixture_set_up,
              test_crisis_before_sending,
              fixture_tear_down);
  g_test_add ("/reframe/companion/unknown-model-then-resend",
              Fixture,
              NULL,
              fixture_set_up,
              test_unknown_model_then_resend,
              fixture_tear_down);
  g_test_add ("/reframe/companion/unsafe-reply-replaced",
              Fixture,
              NULL,
              fixture_set_up,
              test_unsafe_reply_replaced,
              fixture_tear_down);
  g_test_add ("/reframe/companion/cut-off-kept-incomplete",
              Fixture,
              NULL,
              fixture_set_up,
              test_cut_off_kept_incomplete,
              fixture_tear_down);
  g_test_add ("/reframe/companion/attach-worksheet-and-homework",
              Fixture,
              NULL,
              fixture_set_up,
              test_attach_worksheet_and_homework,
              fixture_tear_down);
  g_test_add ("/reframe/companion/unreachable",
              Fixture,
              NULL,
              fixture_set_up,
              test_unreachable,
              fixture_tear_down);
  g_test_add ("/reframe/companion/context-note",
              Fixture,
              NULL,
              fixture_set_up,
              test_context_note,
              fixture_tear_down);
  g_test_add ("/reframe/companion/draft-worksheet",
              Fixture,
              NULL,
              fixture_set_up,
              test_draft_worksheet,
              fixture_tear_down);
  g_test_add ("/reframe/companion/edit-and-resend",
              Fixture,
              NULL,
              fixture_set_up,
              test_edit_and_resend,
              fixture_tear_down);
  g_test_add ("/reframe/companion/edit-checked-for-crisis",
              Fixture,
              NULL,
              fixture_set_up,
              test_edit_checked_for_crisis,
              fixture_tear_down);
  g_test_add ("/reframe/companion/edit-fails-keeps-text",
              Fixture,
              NULL,
              fixture_set_up,
              test_edit_fails_keeps_text,
              fixture_tear_down);
  g_test_add ("/reframe/companion/copy-reply",
              Fixture,
              NULL,
              fixture_set_up,
              test_copy_reply,
              fixture_tear_down);

  status = g_test_run ();
  reframe_api_keys_shutdown ();
  return status;
}
