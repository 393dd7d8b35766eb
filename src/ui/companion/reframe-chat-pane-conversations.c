/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-pane-conversations.c: the companion pane's conversations: the list and its
 * search, opening one, renaming, and deleting with undo. */

#define G_LOG_DOMAIN "ReframeChatPane"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-chat-pane-private.h"
#include "reframe-format.h"

static ReframeConversationRepository *
repository (ReframeChatPane *self)
{
  return reframe_store_get_conversations (self->store);
}

/* Conversations */

void
_reframe_chat_pane_update_title (ReframeChatPane *self)
{
  ReframeConversation *conversation = reframe_chat_session_get_conversation (self->session);
  gboolean             open = conversation != NULL;

  adw_window_title_set_subtitle (self->window_title,
                                 open ? reframe_conversation_get_title (conversation) : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.rename-conversation", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.delete-conversation", open);
}

static GtkWidget *
conversation_row (ReframeConversation *conversation)
{
  GtkWidget  *row = adw_action_row_new ();
  const char *snippet = reframe_conversation_get_snippet (conversation);
  g_autoptr (GDateTime) updated =
      g_date_time_to_local (reframe_conversation_get_updated (conversation));
  g_autofree char *when = reframe_format_date_time (updated);
  g_autofree char *title = g_markup_escape_text (reframe_conversation_get_title (conversation), -1);
  /* A search result shows where the words were found, in bold; the list shows the date. */
  g_autofree char *subtitle =
      snippet != NULL ? reframe_format_snippet_markup (snippet) : g_markup_escape_text (when, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (
      G_OBJECT (row), "conversation", g_object_ref (conversation), g_object_unref);

  return row;
}

static void
show_conversations (ReframeChatPane *self,
                    GListModel      *conversations,
                    const char      *empty_text)
{
  GtkWidget *child;
  guint      n = conversations != NULL ? g_list_model_get_n_items (conversations) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conversations_list))) != NULL)
    gtk_list_box_remove (self->conversations_list, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (ReframeConversation) conversation = g_list_model_get_item (conversations, i);
      gtk_list_box_append (self->conversations_list, conversation_row (conversation));
    }

  gtk_label_set_label (self->conversations_empty_label, empty_text);
  gtk_stack_set_visible_child_name (self->conversations_stack, n > 0 ? "list" : "empty");
}

static void
load_conversations (ReframeChatPane *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) conversations =
      reframe_conversation_repository_list (repository (self), &error);

  if (conversations == NULL)
    {
      show_conversations (self, NULL, error->message);
      return;
    }
  show_conversations (self, conversations, _ ("No conversations yet."));
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (ReframeChatPane) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) found = reframe_conversation_repository_search_finish (
      REFRAME_CONVERSATION_REPOSITORY (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_conversations (self, found, found == NULL ? error->message : _ ("No conversations match."));
}

static void
conversation_search_changed_cb (ReframeChatPane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->conversation_search));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (*text == '\0')
    {
      load_conversations (self);
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  reframe_conversation_repository_search_async (
      repository (self), text, self->search_cancellable, search_done_cb, g_object_ref (self));
}

static void
conversation_search_activate_cb (ReframeChatPane *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->conversations_list, 0);

  if (first != NULL)
    g_signal_emit_by_name (self->conversations_list, "row-activated", first);
}

static void
conversations_shown_cb (ReframeChatPane *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->conversation_search), "");
  load_conversations (self);
}

void
_reframe_chat_pane_open_conversation (ReframeChatPane     *self,
                                      ReframeConversation *conversation)
{
  g_autoptr (GError) error = NULL;

  if (reframe_chat_session_get_busy (self->session))
    reframe_chat_session_stop (self->session);

  _reframe_chat_pane_hide_error (self);
  if (self->editing != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "chat.cancel-edit", NULL);
  if (!reframe_chat_session_open (self->session, conversation, &error))
    _reframe_chat_pane_show_error (self, error);
  /* Where an opened conversation went before is not known: asked again if remote. */
  g_clear_pointer (&self->history_endpoint, g_free);
}

static void
conversation_activated_cb (ReframeChatPane *self,
                           GtkListBoxRow   *row)
{
  ReframeConversation *conversation = g_object_get_data (G_OBJECT (row), "conversation");

  gtk_popover_popdown (self->conversations_popover);
  _reframe_chat_pane_open_conversation (self, conversation);
  reframe_chat_pane_focus_composer (self);
}

static void
new_conversation_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);

  gtk_popover_popdown (self->conversations_popover);
  _reframe_chat_pane_open_conversation (self, NULL);
  reframe_chat_pane_focus_composer (self);
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  ReframeChatPane     *self = REFRAME_CHAT_PANE (user_data);
  GtkEditable         *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  ReframeConversation *conversation = reframe_chat_session_get_conversation (self->session);
  g_autofree char     *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "rename") != 0 || conversation == NULL || *title == '\0')
    return;

  if (!reframe_conversation_repository_rename (repository (self), conversation, title, &error))
    _reframe_chat_pane_toast (self, error->message);
  _reframe_chat_pane_update_title (self);
}

static void
rename_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ReframeChatPane     *self = REFRAME_CHAT_PANE (widget);
  ReframeConversation *conversation = reframe_chat_session_get_conversation (self->session);
  GtkWidget           *dialog = adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (widget)), _ ("Rename Conversation"), NULL);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), reframe_conversation_get_title (conversation));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (
      ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "rename", _ ("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_reframe_chat_pane_purge_deleted (ReframeChatPane *self)
{
  g_autoptr (GError) error = NULL;

  if (self->deleted == NULL)
    return;
  if (!reframe_conversation_repository_purge_deleted (repository (self), &error))
    g_warning ("Could not remove deleted conversations: %s", error->message);
  g_clear_object (&self->deleted);
}

static void
undo_delete_cb (ReframeChatPane *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeConversation) conversation = g_steal_pointer (&self->deleted);

  if (conversation == NULL)
    return;
  if (!reframe_conversation_repository_restore (repository (self), conversation, &error))
    {
      _reframe_chat_pane_toast (self, error->message);
      return;
    }
  _reframe_chat_pane_open_conversation (self, conversation);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ReframeChatPane     *self = REFRAME_CHAT_PANE (widget);
  ReframeConversation *conversation = reframe_chat_session_get_conversation (self->session);
  GtkWidget           *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  g_autoptr (GError) error = NULL;
  AdwToast *toast;

  if (conversation == NULL)
    return;

  _reframe_chat_pane_purge_deleted (self);
  if (!reframe_conversation_repository_delete (repository (self), conversation, &error))
    {
      _reframe_chat_pane_toast (self, error->message);
      return;
    }
  self->deleted = g_object_ref (conversation);
  _reframe_chat_pane_open_conversation (self, NULL);

  toast = adw_toast_new (_ ("Conversation deleted"));
  adw_toast_set_button_label (toast, _ ("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (
      toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (
      toast, "dismissed", G_CALLBACK (_reframe_chat_pane_purge_deleted), self, G_CONNECT_SWAPPED);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

void
_reframe_chat_pane_class_init_conversations (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, conversations_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, conversation_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, conversation_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, conversation_activated_cb);

  gtk_widget_class_install_action (
      widget_class, "chat.new-conversation", NULL, new_conversation_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.rename-conversation", NULL, rename_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.delete-conversation", NULL, delete_activated);

  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "chat.new-conversation", NULL);
}
