/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-pane.c: the companion pane.
 *
 * The pane shows a ReframeChatSession: one bubble per message, kept in step with the
 * session's list, and the reply's deltas appended to the last bubble as they arrive. It
 * finds the model service from the settings (key from the keyring), says all the time
 * whether it is on this computer, asks once before a remote one gets anything, and shows
 * the crisis lines whenever the session's local check finds crisis language. */

#define G_LOG_DOMAIN "ReframeChatPane"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-api-keys.h"
#include "reframe-chat-bubble.h"
#include "reframe-chat-draft.h"
#include "reframe-chat-pane.h"
#include "reframe-companion-config.h"
#include "reframe-conversation-repository.h"
#include "reframe-application.h"
#include "reframe-crisis-sheet.h"
#include "reframe-crisis-watch.h"
#include "reframe-endpoint.h"
#include "reframe-format.h"
#include "reframe-request-log.h"
#include "reframe-request-log-window.h"
#include "reframe-spell.h"
#include "reframe-system-prompt.h"
#include "reframe-worksheet-repository.h"
#include "reframe-worksheet-text.h"
#include "reframe-window.h"
#include "reframe-wrap-box.h"

struct _ReframeChatPane
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwWindowTitle    *window_title;
  GtkPopover        *conversations_popover;
  GtkSearchEntry    *conversation_search;
  GtkStack          *conversations_stack;
  GtkListBox        *conversations_list;
  GtkLabel          *conversations_empty_label;
  GtkImage          *locality_icon;
  GtkLabel          *locality_label;
  GtkImage          *secure_icon;
  GtkLabel          *model_label;
  GtkStack          *content_stack;
  AdwStatusPage     *unavailable_page;
  GtkScrolledWindow *messages_scroller;
  GtkBox            *messages_box;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  GtkDropDown       *model_dropdown;
  GtkButton         *use_model_button;
  GtkButton         *resend_button;
  ReframeWrapBox    *attachments_box;
  GtkMenuButton     *attach_button;
  GMenuModel        *attach_menu;
  GtkTextView       *composer;
  GtkWidget         *edit_banner;
  GtkStack          *send_stack;
  GtkButton         *preview_button;

  /* Owned */
  ReframeStore           *store;
  GSettings              *settings;
  ReframeCompanionConfig *config;
  ReframeChatSession     *session;
  GPtrArray              *bubbles;      /* in step with the session's messages */
  GtkWidget              *context_note; /* in messages_box, above the first message sent */
  GCancellable           *service_cancellable;
  GCancellable           *search_cancellable;
  char                   *endpoint;
  /* The remote endpoint this conversation's earlier messages have gone to, if any. */
  char                 *history_endpoint;
  gboolean              remote;
  gboolean              reachable;
  gboolean              stick_to_bottom;
  ReframeConversation  *deleted;  /* waiting for its undo toast to go */
  ReframeModelProvider *provider; /* the service the session uses, once it answered */
  ReframeChatMessage   *editing;  /* the sent message whose text is in the composer */
};

G_DEFINE_FINAL_TYPE (ReframeChatPane, reframe_chat_pane, ADW_TYPE_BIN)

static ReframeConversationRepository *
repository (ReframeChatPane *self)
{
  return reframe_store_get_conversations (self->store);
}

static void
show_toast (ReframeChatPane *self,
            const char      *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

/* Messages */

static void
update_content_page (ReframeChatPane *self)
{
  GListModel *messages = reframe_chat_session_get_messages (self->session);
  const char *page;

  if (g_list_model_get_n_items (messages) > 0)
    page = "messages";
  else if (!self->reachable && self->endpoint != NULL)
    page = "unavailable";
  else
    page = "empty";

  gtk_stack_set_visible_child_name (self->content_stack, page);
}

static void
update_last_bubble (ReframeChatPane *self)
{
  for (guint i = 0; i < self->bubbles->len; i++)
    reframe_chat_bubble_set_last (g_ptr_array_index (self->bubbles, i),
                                  i + 1 == self->bubbles->len);
}

/* The quiet line above the oldest message the model still sees, when earlier ones are
 * left out to fit its context. */
static void
update_context_note (ReframeChatPane *self)
{
  guint    sent = reframe_chat_session_get_sent_turns (self->session);
  guint    position = reframe_chat_session_get_first_sent_position (self->session);
  gboolean shown = reframe_chat_session_get_turns_left_out (self->session) && position > 0 &&
                   position < self->bubbles->len;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->context_note, shown);
  if (!shown)
    return;
  text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "Earlier messages are not sent to the model; it sees the last %u message.",
                   "Earlier messages are not sent to the model; it sees the last %u messages.",
                   sent),
      sent);
  gtk_label_set_label (GTK_LABEL (self->context_note), text);
  gtk_box_reorder_child_after (
      self->messages_box, self->context_note, g_ptr_array_index (self->bubbles, position - 1));
}

static void
messages_changed_cb (ReframeChatPane *self,
                     guint            position,
                     guint            removed,
                     guint            added,
                     GListModel      *messages)
{
  GtkWidget *before = position > 0 ? g_ptr_array_index (self->bubbles, position - 1) : NULL;

  for (guint i = 0; i < removed; i++)
    gtk_box_remove (self->messages_box, g_ptr_array_index (self->bubbles, position + i));
  g_ptr_array_remove_range (self->bubbles, position, removed);

  for (guint i = 0; i < added; i++)
    {
      g_autoptr (ReframeChatMessage) message = g_list_model_get_item (messages, position + i);
      GtkWidget *bubble = reframe_chat_bubble_new (message);

      gtk_box_insert_child_after (self->messages_box, bubble, before);
      g_ptr_array_insert (self->bubbles, position + i, bubble);
      before = bubble;
    }

  self->stick_to_bottom = TRUE;
  update_last_bubble (self);
  update_context_note (self);
  update_content_page (self);
}

static ReframeChatBubble *
bubble_for (ReframeChatPane    *self,
            ReframeChatMessage *message)
{
  for (guint i = self->bubbles->len; i > 0; i--)
    {
      ReframeChatBubble *bubble = g_ptr_array_index (self->bubbles, i - 1);

      if (reframe_chat_bubble_get_message (bubble) == message)
        return bubble;
    }
  return NULL;
}

/* Keeps the newest text in view while it grows, unless the person scrolled up to read. */
static void
scroller_changed_cb (ReframeChatPane *self,
                     GtkAdjustment   *adjustment)
{
  if (self->stick_to_bottom)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

static void
scroller_value_changed_cb (ReframeChatPane *self,
                           GtkAdjustment   *adjustment)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  self->stick_to_bottom = gtk_adjustment_get_value (adjustment) >= bottom - 24;
}

static void
delta_cb (ReframeChatPane    *self,
          ReframeChatMessage *message,
          const char         *text)
{
  ReframeChatBubble *bubble = bubble_for (self, message);

  if (bubble != NULL)
    reframe_chat_bubble_append (bubble, text);
}

static void
reply_replaced_cb (ReframeChatPane    *self,
                   ReframeChatMessage *message)
{
  ReframeChatBubble *bubble = bubble_for (self, message);

  if (bubble != NULL)
    reframe_chat_bubble_update (bubble);
}

/* Errors */

static void
hide_error (ReframeChatPane *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
models_for_error_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (ReframeChatPane) self = user_data;
  g_auto (GStrv) models =
      reframe_model_provider_list_models_finish (REFRAME_MODEL_PROVIDER (source), result, NULL);
  g_autoptr (GtkStringList) list = NULL;

  if (models == NULL || models[0] == NULL || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;

  list = gtk_string_list_new ((const char *const *) models);
  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (list));
  gtk_widget_set_visible (GTK_WIDGET (self->model_dropdown), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->use_model_button), TRUE);
}

/* An unknown model: offer the ones the service has. */
static void
offer_models (ReframeChatPane *self)
{
  g_autoptr (ReframeModelProvider) provider =
      reframe_companion_config_create_provider (self->config, NULL);

  reframe_model_provider_list_models_async (
      provider, self->service_cancellable, models_for_error_cb, g_object_ref (self));
}

static void
show_error (ReframeChatPane *self,
            const GError    *error)
{
  gtk_label_set_label (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->model_dropdown), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->use_model_button), FALSE);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  if (g_error_matches (error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_MODEL_NOT_FOUND))
    offer_models (self);
}

static void
use_model_clicked_cb (ReframeChatPane *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->model_dropdown);

  if (item == NULL)
    return;
  g_settings_set_string (self->settings, "companion-model", gtk_string_object_get_string (item));
  hide_error (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "chat.resend", NULL);
}

static void
busy_changed_cb (ReframeChatPane *self)
{
  gboolean busy = reframe_chat_session_get_busy (self->session);

  gtk_stack_set_visible_child_name (self->send_stack, busy ? "stop" : "send");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.stop", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.resend", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.regenerate", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.edit-message", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.new-conversation", !busy);
}

static void
reply_finished_cb (ReframeChatPane    *self,
                   ReframeChatMessage *message)
{
  const GError      *error = reframe_chat_session_get_error (self->session);
  ReframeChatBubble *bubble = message != NULL ? bubble_for (self, message) : NULL;

  if (bubble != NULL)
    reframe_chat_bubble_update (bubble);
  if (error != NULL)
    show_error (self, error);
}

/* Crisis */

/* A close-request handler: it must let the sheet close (returning nothing let stray
 * register contents decide, and the sheet could stay on Escape). */
static gboolean
crisis_sheet_closed_cb (ReframeChatPane *self)
{
  reframe_chat_session_continue_after_crisis (self->session);
  return FALSE;
}

static void
crisis_cb (ReframeChatPane *self,
           int              category,
           gboolean         in_reply)
{
  GtkWidget *sheet =
      reframe_application_show_crisis_sheet (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));

  /* The person's message waits until they have seen the lines and closed the sheet. */
  if (!in_reply)
    g_signal_connect_object (
        sheet, "close-request", G_CALLBACK (crisis_sheet_closed_cb), self, G_CONNECT_SWAPPED);
}

/* Sending */

static char *
take_composer_text (ReframeChatPane *self)
{
  GtkTextBuffer   *buffer = gtk_text_view_get_buffer (self->composer);
  GtkTextIter      start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
send_now (ReframeChatPane *self,
          const char      *text)
{
  g_autoptr (GError) error = NULL;

  hide_error (self);
  /* Failure is told by @error: the category is an unsigned enum, and its -1 is not < 0. */
  reframe_chat_session_send (self->session, text, &error);
  if (error != NULL)
    {
      /* Nothing was kept: the words stay in the composer. */
      show_error (self, error);
      return;
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), "", 0);
  /* What went to a service on this computer has not been anywhere else yet. */
  g_free (self->history_endpoint);
  self->history_endpoint = self->remote ? g_strdup (self->endpoint) : NULL;
}

/* Editing a sent message */

static void
set_editing (ReframeChatPane    *self,
             ReframeChatMessage *message)
{
  g_set_object (&self->editing, message);
  gtk_widget_set_visible (self->edit_banner, message != NULL);
}

static void
edit_now (ReframeChatPane *self,
          const char      *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeChatMessage) message = g_object_ref (self->editing);

  hide_error (self);
  reframe_chat_session_edit (self->session, message, text, &error);
  if (error != NULL)
    {
      /* Nothing changed: the edited words stay in the composer, still editing. */
      show_error (self, error);
      return;
    }
  set_editing (self, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), "", 0);
  g_free (self->history_endpoint);
  self->history_endpoint = self->remote ? g_strdup (self->endpoint) : NULL;
}

static void
confirm_edit_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          gpointer          user_data)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (user_data);
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "remove") != 0 || self->editing == NULL ||
      reframe_chat_session_get_busy (self->session))
    return;
  if ((text = take_composer_text (self)) != NULL)
    edit_now (self, text);
}

/* Sends the edited message: a single reply after it is simply asked again (and the
 * person told); more than one goes only once the person has agreed. */
static void
submit_edit (ReframeChatPane *self,
             const char      *text)
{
  guint      n_replies = reframe_chat_session_count_replies_after (self->session, self->editing);
  GtkWidget *dialog;

  if (n_replies <= 1)
    {
      edit_now (self, text);
      if (n_replies == 1 && self->editing == NULL)
        show_toast (self, _ ("The reply to the edited message was replaced"));
      return;
    }

  dialog = adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), _ ("Remove Later Replies?"), NULL);
  adw_message_dialog_format_body (
      ADW_MESSAGE_DIALOG (dialog),
      g_dngettext (GETTEXT_PACKAGE,
                   "The conversation goes on from the edited message: the %u reply after it, "
                   "and your messages between, will be removed for good.",
                   "The conversation goes on from the edited message: the %u replies after it, "
                   "and your messages between, will be removed for good.",
                   n_replies),
      n_replies);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel",
                                    _ ("_Cancel"),
                                    "remove",
                                    _ ("_Remove and Send"),
                                    NULL);
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_edit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Sends what the composer holds, as a new message or as the edit of a sent one. */
static void
submit (ReframeChatPane *self,
        const char      *text)
{
  if (self->editing != NULL)
    submit_edit (self, text);
  else
    send_now (self, text);
}

/* Returns: (transfer none) (nullable): the session's list holds the message. */
static ReframeChatMessage *
find_message (ReframeChatPane *self,
              const char      *uuid)
{
  GListModel *messages = reframe_chat_session_get_messages (self->session);

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (ReframeChatMessage) message = g_list_model_get_item (messages, i);

      if (g_strcmp0 (reframe_chat_message_get_uuid (message), uuid) == 0)
        return message;
    }
  return NULL;
}

static void
edit_message_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ReframeChatPane    *self = REFRAME_CHAT_PANE (widget);
  ReframeChatMessage *message = find_message (self, g_variant_get_string (parameter, NULL));

  if (message == NULL || reframe_chat_message_get_role (message) != REFRAME_CHAT_ROLE_USER ||
      reframe_chat_session_get_busy (self->session))
    return;

  set_editing (self, message);
  reframe_chat_pane_set_composer_text (self, reframe_chat_message_get_content (message));
  reframe_chat_pane_focus_composer (self);
}

static void
cancel_edit_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);

  if (self->editing == NULL)
    return;
  set_editing (self, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), "", 0);
  reframe_chat_pane_focus_composer (self);
}

/* How many earlier messages of this conversation a remote service would get for the
 * first time with the next one: as many as the context budget would send, when they
 * were written for another service. */
static guint
unsent_history (ReframeChatPane *self,
                const char      *text)
{
  if (g_strcmp0 (self->history_endpoint, self->endpoint) == 0)
    return 0;
  return reframe_chat_session_count_history (self->session, self->editing, text);
}

static void open_conversation (ReframeChatPane     *self,
                               ReframeConversation *conversation);

static void
consent_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (user_data);
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "send") != 0 && g_strcmp0 (response, "new") != 0)
    return;

  reframe_companion_config_give_consent (self->config, self->endpoint);
  /* Only the new message goes, in a conversation of its own. */
  if (g_strcmp0 (response, "new") == 0)
    open_conversation (self, NULL);
  text = take_composer_text (self);
  if (text != NULL && !reframe_chat_session_get_busy (self->session))
    submit (self, text);
}

/* Says that earlier messages of this conversation would go too: as many as the next
 * request would carry, not all it has. */
static void
add_history_to_consent (AdwMessageDialog *dialog,
                        guint             n_messages)
{
  g_autofree char *history = NULL;

  history = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "%u earlier message of this conversation would be sent there too, "
                   "so that the companion can follow the conversation. To send only "
                   "what you just wrote, start a new conversation.",
                   "%u earlier messages of this conversation would be sent there too, "
                   "so that the companion can follow the conversation. To send only "
                   "what you just wrote, start a new conversation.",
                   n_messages),
      n_messages);
  adw_message_dialog_set_extra_child (dialog,
                                      g_object_new (GTK_TYPE_LABEL,
                                                    "label",
                                                    history,
                                                    "wrap",
                                                    TRUE,
                                                    "xalign",
                                                    0.5f,
                                                    "justify",
                                                    GTK_JUSTIFY_CENTER,
                                                    NULL));
}

/* A service on another computer gets nothing until the person has agreed, once per
 * endpoint; and a conversation written for another service is not handed over to it
 * without a word. */
static void
ask_consent (ReframeChatPane *self,
             guint            n_history)
{
  g_autofree char *host = reframe_endpoint_dup_host_label (self->endpoint);
  GtkWidget       *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _ ("Send Messages to Another Computer?"),
                                              NULL);

  if (reframe_endpoint_is_https (self->endpoint))
    adw_message_dialog_format_body (
        ADW_MESSAGE_DIALOG (dialog),
        _ ("The model service is at %s, not on this computer. What you write in this "
           "pane, and anything you attach, will be sent there and handled under its "
           "owner’s terms. Nothing else from your journal is sent."),
        host);
  else
    /* Plain HTTP off this computer: anyone on the way can read it, so it says so plainly. */
    adw_message_dialog_format_body (
        ADW_MESSAGE_DIALOG (dialog),
        _ ("The model service is at %s, not on this computer, and the connection is not "
           "encrypted: anyone on the network between here and there could read what "
           "you write in this pane and anything you attach. Nothing else from your "
           "journal is sent."),
        host);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"));
  if (n_history > 0)
    {
      add_history_to_consent (ADW_MESSAGE_DIALOG (dialog), n_history);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "new",
                                        _ ("Start _New Conversation"),
                                        "send",
                                        _ ("Send _All"),
                                        NULL);
      adw_message_dialog_set_response_appearance (
          ADW_MESSAGE_DIALOG (dialog), "new", ADW_RESPONSE_SUGGESTED);
    }
  else
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "send", _ ("_Send"));
      adw_message_dialog_set_response_appearance (
          ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (consent_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  g_autofree char *text = take_composer_text (self);
  guint            n_history;

  if (text == NULL || reframe_chat_session_get_busy (self->session))
    return;

  n_history = unsent_history (self, text);
  if (self->remote &&
      (!reframe_companion_config_has_consent (self->config, self->endpoint) || n_history > 0))
    {
      ask_consent (self, n_history);
      return;
    }
  submit (self, text);
}

static void
stop_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  reframe_chat_session_stop (REFRAME_CHAT_PANE (widget)->session);
}

static void
resend_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  g_autoptr (GError) error = NULL;

  hide_error (self);
  if (!reframe_chat_session_resend (self->session, &error))
    show_error (self, error);
}

static void
regenerate_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  g_autoptr (GError) error = NULL;

  hide_error (self);
  if (!reframe_chat_session_regenerate (self->session, &error))
    show_error (self, error);
}

/* Enter sends; Shift+Enter is a new line, as in chat programs. */
static gboolean
composer_key_pressed_cb (ReframeChatPane       *self,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && !(state & GDK_SHIFT_MASK))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "chat.send", NULL);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Escape && reframe_chat_session_get_busy (self->session))
    {
      reframe_chat_session_stop (self->session);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Escape && self->editing != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "chat.cancel-edit", NULL);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Attachments */

static void
attachment_remove_clicked_cb (GtkButton       *button,
                              ReframeChatPane *self)
{
  ReframeChatAttachment *attachment = g_object_get_data (G_OBJECT (button), "attachment");

  reframe_chat_session_detach (self->session, attachment);
}

static GtkWidget *
attachment_chip (ReframeChatPane       *self,
                 ReframeChatAttachment *attachment)
{
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget       *label = gtk_label_new (reframe_chat_attachment_get_label (attachment));
  GtkWidget       *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *remove_name =
      g_strdup_printf (_ ("Stop Sharing %s"), reframe_chat_attachment_get_label (attachment));

  gtk_widget_add_css_class (box, "tag");
  gtk_widget_add_css_class (box, "attachment-chip");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, remove_name);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  g_object_set_data_full (
      G_OBJECT (remove), "attachment", g_object_ref (attachment), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (attachment_remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), remove);

  return box;
}

static void
attachments_changed_cb (ReframeChatPane *self)
{
  GListModel *attachments = reframe_chat_session_get_attachments (self->session);
  guint       n = g_list_model_get_n_items (attachments);

  reframe_wrap_box_remove_all (self->attachments_box);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (ReframeChatAttachment) attachment = g_list_model_get_item (attachments, i);
      reframe_wrap_box_append (self->attachments_box, attachment_chip (self, attachment));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_box), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_button), n > 0);
}

static void
attach (ReframeChatPane       *self,
        ReframeChatAttachment *attachment)
{
  g_autoptr (GError) error = NULL;

  if (!reframe_chat_session_attach (self->session, attachment, &error))
    show_error (self, error);
  reframe_chat_pane_focus_composer (self);
}

static void
attach_summary_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  g_autoptr (ReframeChatAttachment) attachment =
      reframe_chat_attachment_new_mood_summary (g_variant_get_uint32 (parameter));

  attach (REFRAME_CHAT_PANE (widget), attachment);
}

static void
attach_entries_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  g_autoptr (ReframeChatAttachment) attachment =
      reframe_chat_attachment_new_mood_entries (g_variant_get_uint32 (parameter));

  attach (REFRAME_CHAT_PANE (widget), attachment);
}

static ReframeTemplateRegistry *
registry (ReframeChatPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return REFRAME_IS_WINDOW (root) ? reframe_window_get_registry (REFRAME_WINDOW (root)) : NULL;
}

static void
attach_worksheet_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeWorksheet) worksheet = reframe_worksheet_repository_get (
      reframe_store_get_worksheets (self->store), g_variant_get_string (parameter, NULL), &error);
  ReframeTemplate *template = NULL;
  g_autofree char *text = NULL;
  g_autoptr (ReframeChatAttachment) attachment = NULL;

  if (worksheet != NULL && registry (self) != NULL)
    template =
        reframe_template_registry_lookup (registry (self),
                                          reframe_worksheet_get_template_id (worksheet),
                                          reframe_worksheet_get_template_version (worksheet));
  if (template == NULL)
    {
      show_toast (self, error != NULL ? error->message : _ ("This worksheet can’t be read."));
      return;
    }

  text = reframe_worksheet_to_text (worksheet, template);
  attachment = reframe_chat_attachment_new_text (
      REFRAME_CHAT_ATTACHMENT_WORKSHEET, reframe_template_get_title (template), text);
  attach (self, attachment);
}

static void
attach_homework_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = reframe_homework_to_text (self->store, NULL, &error);
  g_autoptr (ReframeChatAttachment) attachment = NULL;

  if (text == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  attachment = reframe_chat_attachment_new_text (
      REFRAME_CHAT_ATTACHMENT_HOMEWORK, _ ("Homework list"), text);
  attach (self, attachment);
}

/* The menu offers the latest worksheets by name each time it opens. */
#define ATTACH_WORKSHEETS 5

static void
create_attach_popup (GtkMenuButton *button,
                     gpointer       user_data)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (user_data);
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenu) worksheets = g_menu_new ();
  g_autoptr (GListModel) list =
      reframe_worksheet_repository_list (reframe_store_get_worksheets (self->store), NULL, NULL);
  ReframeTemplateRegistry *templates = registry (self);

  for (guint i = 0; list != NULL && templates != NULL &&
                    i < MIN (g_list_model_get_n_items (list), ATTACH_WORKSHEETS);
       i++)
    {
      g_autoptr (ReframeWorksheet) worksheet = g_list_model_get_item (list, i);
      ReframeTemplate *template =
          reframe_template_registry_lookup (templates,
                                            reframe_worksheet_get_template_id (worksheet),
                                            reframe_worksheet_get_template_version (worksheet));
      g_autoptr (GDateTime) updated =
          g_date_time_to_local (reframe_worksheet_get_updated (worksheet));
      g_autofree char *day = reframe_format_day (updated);
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;

      if (template == NULL)
        continue;
      /* Translators: a worksheet to attach: its kind and the day, e.g. "Thought record, Monday 24
       * November" */
      label = g_strdup_printf (_ ("%s, %s"), reframe_template_get_title (template), day);
      action =
          g_strdup_printf ("chat.attach-worksheet('%s')", reframe_worksheet_get_uuid (worksheet));
      g_menu_append (worksheets, label, action);
    }
  g_menu_append (worksheets, _ ("Homework List"), "chat.attach-homework");

  g_menu_append_section (menu, NULL, self->attach_menu);
  g_menu_append_section (menu, _ ("Worksheets and Homework"), G_MENU_MODEL (worksheets));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
preview_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  g_autofree char *text = reframe_chat_session_dup_context_text (self->session);
  g_autofree char *host = reframe_endpoint_dup_host_label (self->endpoint);
  GtkWidget       *dialog =
      adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _ ("What Is Sent"), NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  adw_message_dialog_format_body (
      ADW_MESSAGE_DIALOG (dialog),
      self->remote ? _ ("With each message of this conversation, this text goes to %s.")
                   : _ ("With each message of this conversation, this text goes to the model "
                        "service on this computer (%s)."),
      host);
  gtk_text_buffer_set_text (
      gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text != NULL ? text : "", -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Text Sent"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 280);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_widget_add_css_class (scroller, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Conversations */

static void
update_title (ReframeChatPane *self)
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

static void
open_conversation (ReframeChatPane     *self,
                   ReframeConversation *conversation)
{
  g_autoptr (GError) error = NULL;

  if (reframe_chat_session_get_busy (self->session))
    reframe_chat_session_stop (self->session);

  hide_error (self);
  if (self->editing != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "chat.cancel-edit", NULL);
  if (!reframe_chat_session_open (self->session, conversation, &error))
    show_error (self, error);
  /* Where an opened conversation went before is not known: asked again if remote. */
  g_clear_pointer (&self->history_endpoint, g_free);
}

static void
conversation_activated_cb (ReframeChatPane *self,
                           GtkListBoxRow   *row)
{
  ReframeConversation *conversation = g_object_get_data (G_OBJECT (row), "conversation");

  gtk_popover_popdown (self->conversations_popover);
  open_conversation (self, conversation);
  reframe_chat_pane_focus_composer (self);
}

static void
new_conversation_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);

  gtk_popover_popdown (self->conversations_popover);
  open_conversation (self, NULL);
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
    show_toast (self, error->message);
  update_title (self);
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

static void
purge_deleted (ReframeChatPane *self)
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
      show_toast (self, error->message);
      return;
    }
  open_conversation (self, conversation);
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

  purge_deleted (self);
  if (!reframe_conversation_repository_delete (repository (self), conversation, &error))
    {
      show_toast (self, error->message);
      return;
    }
  self->deleted = g_object_ref (conversation);
  open_conversation (self, NULL);

  toast = adw_toast_new (_ ("Conversation deleted"));
  adw_toast_set_button_label (toast, _ ("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (
      toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (purge_deleted), self, G_CONNECT_SWAPPED);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
request_log_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  GtkWidget       *window = reframe_request_log_window_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                      reframe_store_get_request_log (self->store));

  gtk_window_present (GTK_WINDOW (window));
}

/* The model service */

static void
show_locality (ReframeChatPane        *self,
               ReframeEndpointLocality locality)
{
  g_autofree char *host = reframe_endpoint_dup_host_label (self->endpoint);
  g_autofree char *label = NULL;

  self->remote = locality != REFRAME_ENDPOINT_LOCALITY_LOCAL;
  if (locality == REFRAME_ENDPOINT_LOCALITY_LOCAL)
    label = g_strdup (_ ("On this computer"));
  else
    /* Translators: %s is the model service's host name, e.g. api.example.com */
    label = g_strdup_printf (_ ("Remote: %s"), host);

  gtk_label_set_label (self->locality_label, label);
  gtk_image_set_from_icon_name (self->locality_icon,
                                self->remote ? "network-server-symbolic" : "computer-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->locality_label), self->endpoint);
  gtk_widget_set_visible (GTK_WIDGET (self->secure_icon),
                          self->remote && reframe_endpoint_is_https (self->endpoint));
  gtk_widget_remove_css_class (GTK_WIDGET (self->locality_label),
                               self->remote ? "success" : "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->locality_label),
                            self->remote ? "warning" : "success");
}

static void
service_unreachable (ReframeChatPane *self,
                     const GError    *error)
{
  self->reachable = FALSE;
  adw_status_page_set_description (self->unavailable_page, error->message);
  gtk_label_set_label (self->model_label, "");
  update_content_page (self);
}

typedef struct
{
  ReframeChatPane      *self;
  ReframeModelProvider *provider;
} ServiceCheck;

static void
service_check_free (ServiceCheck *check)
{
  g_object_unref (check->self);
  g_object_unref (check->provider);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServiceCheck, service_check_free)

static void
models_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (ServiceCheck) check = user_data;
  ReframeChatPane *self = check->self;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) models =
      reframe_model_provider_list_models_finish (check->provider, result, &error);
  g_autofree char *configured = reframe_companion_config_dup_model (self->config);
  const char      *model = configured;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_set_object (&self->provider, check->provider);
  reframe_chat_session_set_service (
      self->session, check->provider, self->endpoint, model, self->remote);
  if (models == NULL)
    {
      service_unreachable (self, error);
      return;
    }

  self->reachable = TRUE;
  if (*model == '\0' && models[0] != NULL)
    model = models[0];
  gtk_label_set_label (self->model_label, model);
  /* A model served from the cloud through this computer's service is still remote. */
  if (reframe_endpoint_is_cloud_model (model))
    show_locality (self, REFRAME_ENDPOINT_LOCALITY_REMOTE);
  reframe_chat_session_set_service (
      self->session, check->provider, self->endpoint, model, self->remote);
  update_content_page (self);
}

static void
locality_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (ServiceCheck) check = user_data;
  ReframeChatPane      *self = check->self;
  ReframeModelProvider *provider = check->provider;
  g_autoptr (GError) error = NULL;
  ReframeEndpointLocality locality = reframe_endpoint_resolve_locality_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  show_locality (self, locality);
  reframe_model_provider_list_models_async (
      provider, self->service_cancellable, models_listed_cb, g_steal_pointer (&check));
}

static void
api_key_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (ReframeChatPane) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = reframe_api_keys_lookup_finish (result, &error);
  g_auto (GStrv) forwards = reframe_companion_config_dup_forwards_to_cloud (self->config);
  g_autofree char *model = reframe_companion_config_dup_model (self->config);
  ServiceCheck    *check;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Without a keyring the service is tried without a key; a service that needs one says so. */
  if (error != NULL)
    g_debug ("No API key: %s", error->message);

  check = g_new0 (ServiceCheck, 1);
  check->self = g_object_ref (self);
  check->provider = reframe_companion_config_create_provider (self->config, key);
  reframe_endpoint_resolve_locality_async (self->endpoint,
                                           model,
                                           (const char *const *) forwards,
                                           self->service_cancellable,
                                           locality_cb,
                                           check);
}

/**
 * reframe_chat_pane_reconnect:
 * @self: a pane
 *
 * Reads the companion settings again and checks the model service: its place, whether it
 * answers, its model.
 */
void
reframe_chat_pane_reconnect (ReframeChatPane *self)
{
  g_return_if_fail (REFRAME_IS_CHAT_PANE (self));

  g_cancellable_cancel (self->service_cancellable);
  g_clear_object (&self->service_cancellable);
  self->service_cancellable = g_cancellable_new ();

  g_free (self->endpoint);
  self->endpoint = reframe_companion_config_dup_endpoint (self->config);
  gtk_label_set_label (self->locality_label, _ ("Checking…"));
  gtk_label_set_label (self->model_label, "");

  reframe_api_keys_lookup_async (
      self->endpoint, self->service_cancellable, api_key_cb, g_object_ref (self));
}

static void
reconnect_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  reframe_chat_pane_reconnect (REFRAME_CHAT_PANE (widget));
}

/* Life */

static void
reframe_chat_pane_dispose (GObject *object)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (object);

  g_cancellable_cancel (self->service_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  if (self->session != NULL)
    {
      reframe_chat_session_stop (self->session);
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (reframe_chat_session_get_messages (self->session),
                                            self);
      g_signal_handlers_disconnect_by_data (reframe_chat_session_get_attachments (self->session),
                                            self);
    }
  purge_deleted (self);
  g_clear_pointer (&self->bubbles, g_ptr_array_unref);
  g_clear_object (&self->service_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->provider);
  g_clear_object (&self->editing);
  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_chat_pane_parent_class)->dispose (object);
}

static void
reframe_chat_pane_finalize (GObject *object)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (object);

  g_free (self->endpoint);
  g_free (self->history_endpoint);

  G_OBJECT_CLASS (reframe_chat_pane_parent_class)->finalize (object);
}

/* Drafts */

static ReframeCrisisCheck *load_crisis_check (ReframeChatPane *self);

/* The draft's request goes in the request log, as every message's does. */
static void
log_draft_request (ReframeChatPane *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;

  if (!reframe_request_log_add (reframe_store_get_request_log (self->store),
                                now,
                                self->endpoint,
                                reframe_chat_session_get_model (self->session),
                                self->remote,
                                "",
                                &error))
    g_warning ("Could not write the request log: %s", error->message);
}

static void
start_draft (ReframeChatPane *self,
             const char      *template_id)
{
  ReframeTemplate *template =
      registry (self) != NULL ? reframe_template_registry_lookup (registry (self), template_id, 0)
                              : NULL;
  g_autoptr (ReframeCrisisCheck) check = load_crisis_check (self);
  g_autofree char *prompt = reframe_companion_config_dup_system_prompt (self->config);
  g_autofree char *system =
      *prompt != '\0' ? g_steal_pointer (&prompt) : reframe_system_prompt_dup_default ();

  if (template == NULL)
    return;
  log_draft_request (self);
  _reframe_chat_draft_start (GTK_WIDGET (self),
                             self->store,
                             template,
                             REFRAME_HTTP_PROVIDER (self->provider),
                             reframe_chat_session_get_model (self->session),
                             system,
                             reframe_chat_session_get_messages (self->session),
                             reframe_chat_session_get_context_tokens (self->session),
                             check,
                             self->service_cancellable);
}

static void
draft_consent_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           gpointer          user_data)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (user_data);

  if (g_strcmp0 (response, "send") != 0)
    return;
  reframe_companion_config_give_consent (self->config, self->endpoint);
  g_free (self->history_endpoint);
  self->history_endpoint = g_strdup (self->endpoint);
  start_draft (self, g_object_get_data (G_OBJECT (dialog), "template-id"));
}

/* The same "where this goes" question as for a message: the whole conversation goes. */
static void
ask_draft_consent (ReframeChatPane *self,
                   const char      *template_id)
{
  g_autofree char *host = reframe_endpoint_dup_host_label (self->endpoint);
  guint            n = g_list_model_get_n_items (reframe_chat_session_get_messages (self->session));
  GtkWidget       *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _ ("Send This Conversation to Another Computer?"),
                                              NULL);

  adw_message_dialog_format_body (
      ADW_MESSAGE_DIALOG (dialog),
      g_dngettext (GETTEXT_PACKAGE,
                   "To draft the worksheet, this conversation (%u message) goes to the "
                   "model service at %s, not on this computer, and is handled under its "
                   "owner’s terms. Nothing else from your journal is sent.",
                   "To draft the worksheet, this conversation (%u messages) goes to the "
                   "model service at %s, not on this computer, and is handled under its "
                   "owner’s terms. Nothing else from your journal is sent.",
                   n),
      n,
      host);
  adw_message_dialog_add_responses (
      ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "send", _ ("_Send"), NULL);
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "template-id", g_strdup (template_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (draft_consent_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
draft_worksheet_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  const char      *template_id = g_variant_get_string (parameter, NULL);

  if (g_list_model_get_n_items (reframe_chat_session_get_messages (self->session)) == 0)
    {
      show_toast (
          self,
          _ ("Talk with the companion first; the worksheet is drafted from the conversation."));
      return;
    }
  if (!REFRAME_IS_HTTP_PROVIDER (self->provider) || !self->reachable)
    {
      show_toast (self, _ ("The model service is not available, so nothing can be drafted now."));
      return;
    }
  if (self->remote && (!reframe_companion_config_has_consent (self->config, self->endpoint) ||
                       g_strcmp0 (self->history_endpoint, self->endpoint) != 0))
    {
      ask_draft_consent (self, template_id);
      return;
    }
  start_draft (self, template_id);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "chat.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "chat.stop", NULL, stop_activated);
  gtk_widget_class_install_action (widget_class, "chat.resend", NULL, resend_activated);
  gtk_widget_class_install_action (widget_class, "chat.regenerate", NULL, regenerate_activated);
  gtk_widget_class_install_action (widget_class, "chat.edit-message", "s", edit_message_activated);
  gtk_widget_class_install_action (widget_class, "chat.cancel-edit", NULL, cancel_edit_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.new-conversation", NULL, new_conversation_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.rename-conversation", NULL, rename_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.delete-conversation", NULL, delete_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.show-request-log", NULL, request_log_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.attach-summary", "u", attach_summary_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.attach-entries", "u", attach_entries_activated);
  gtk_widget_class_install_action (widget_class, "chat.preview", NULL, preview_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.attach-worksheet", "s", attach_worksheet_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.attach-homework", NULL, attach_homework_activated);
  gtk_widget_class_install_action (widget_class, "chat.reconnect", NULL, reconnect_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.draft-worksheet", "s", draft_worksheet_activated);

  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "chat.new-conversation", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "chat.regenerate", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "chat.show-request-log", NULL);
}

static void
reframe_chat_pane_class_init (ReframeChatPaneClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_chat_pane_dispose;
  object_class->finalize = reframe_chat_pane_finalize;

  g_type_ensure (REFRAME_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-chat-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, window_title);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, conversations_popover);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, conversation_search);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, conversations_stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, conversations_list);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, conversations_empty_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, locality_icon);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, locality_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, secure_icon);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, model_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, content_stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, messages_scroller);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, messages_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, use_model_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, resend_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, attachments_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, attach_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, attach_menu);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, composer);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, edit_banner);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, send_stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, preview_button);
  gtk_widget_class_bind_template_callback (widget_class, conversations_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, conversation_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, conversation_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, conversation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, use_model_clicked_cb);
  gtk_widget_class_set_css_name (widget_class, "chatpane");

  install_actions (widget_class);
}

static void
reframe_chat_pane_init (ReframeChatPane *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkAdjustment      *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->bubbles = g_ptr_array_new ();
  self->context_note = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->context_note), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->context_note), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->context_note, "dim-label");
  gtk_widget_add_css_class (self->context_note, "caption");
  gtk_widget_add_css_class (self->context_note, "context-note");
  gtk_widget_set_visible (self->context_note, FALSE);
  gtk_box_append (self->messages_box, self->context_note);
  self->stick_to_bottom = TRUE;

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (composer_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->composer), keys);
  reframe_spell_attach_text_view (self->composer, REFRAME_SPELL_FIELD_COMPANION);

  gtk_menu_button_set_create_popup_func (self->attach_button, create_attach_popup, self, NULL);

  adjustment = gtk_scrolled_window_get_vadjustment (self->messages_scroller);
  g_signal_connect_swapped (adjustment, "changed", G_CALLBACK (scroller_changed_cb), self);
  g_signal_connect_swapped (
      adjustment, "value-changed", G_CALLBACK (scroller_value_changed_cb), self);
}

static void
connect_session (ReframeChatPane *self)
{
  g_signal_connect_swapped (reframe_chat_session_get_messages (self->session),
                            "items-changed",
                            G_CALLBACK (messages_changed_cb),
                            self);
  g_signal_connect_swapped (reframe_chat_session_get_attachments (self->session),
                            "items-changed",
                            G_CALLBACK (attachments_changed_cb),
                            self);
  g_signal_connect_swapped (self->session, "delta", G_CALLBACK (delta_cb), self);
  g_signal_connect_swapped (self->session, "reply-finished", G_CALLBACK (reply_finished_cb), self);
  g_signal_connect_swapped (self->session, "reply-replaced", G_CALLBACK (reply_replaced_cb), self);
  g_signal_connect_swapped (self->session, "crisis", G_CALLBACK (crisis_cb), self);
  g_signal_connect_swapped (self->session, "notify::busy", G_CALLBACK (busy_changed_cb), self);
  g_signal_connect_swapped (self->session, "notify::conversation", G_CALLBACK (update_title), self);
  g_signal_connect_swapped (
      self->session, "notify::sent-turns", G_CALLBACK (update_context_note), self);
  g_signal_connect_swapped (
      self->session, "notify::turns-left-out", G_CALLBACK (update_context_note), self);
  g_signal_connect_swapped (
      self->session, "notify::first-sent-position", G_CALLBACK (update_context_note), self);
}

static ReframeCrisisCheck *
load_crisis_check (ReframeChatPane *self)
{
  g_auto (GStrv) extra = g_settings_get_strv (self->settings, "crisis-extra-phrases");
  g_autoptr (GError) error = NULL;
  ReframeCrisisCheck *check;

  /* Without phrases of the person's own, the program's one check serves. */
  if (extra == NULL || extra[0] == NULL)
    return reframe_crisis_watch_dup_check ();
  check = reframe_crisis_check_new (NULL, (const char *const *) extra, &error);

  /* The shipped lists are part of the program; failing to read them is a bug, not a
   * state to live with, but the extra phrases are the person's and may be odd. */
  if (check == NULL)
    {
      g_warning ("Personal warning phrases ignored: %s", error->message);
      check = reframe_crisis_check_new (NULL, NULL, NULL);
    }
  return check;
}

static void
update_system_prompt (ReframeChatPane *self)
{
  g_autofree char *prompt = reframe_companion_config_dup_system_prompt (self->config);

  reframe_chat_session_set_system_prompt (self->session, prompt);
  reframe_chat_session_set_context_tokens (
      self->session, g_settings_get_uint (self->settings, "companion-context-tokens"));
}

static void
config_changed_cb (ReframeChatPane *self)
{
  update_system_prompt (self);
  reframe_chat_pane_reconnect (self);
}

/**
 * reframe_chat_pane_new:
 * @store: the open journal
 *
 * Returns: (transfer floating): a pane with a new conversation, checking the model service
 */
ReframeChatPane *
reframe_chat_pane_new (ReframeStore *store)
{
  ReframeChatPane *self;
  g_autoptr (ReframeCrisisCheck) crisis_check = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);

  self = g_object_new (REFRAME_TYPE_CHAT_PANE, NULL);
  self->store = g_object_ref (store);
  self->settings = g_settings_new (BASE_ID);
  self->config = reframe_companion_config_new (self->settings);
  crisis_check = load_crisis_check (self);
  self->session = reframe_chat_session_new (store, crisis_check);
  update_system_prompt (self);
  connect_session (self);
  g_signal_connect_object (
      self->config, "changed", G_CALLBACK (config_changed_cb), self, G_CONNECT_SWAPPED);

  /* Conversations deleted while the app was closing before their toast went. */
  if (!reframe_conversation_repository_purge_deleted (repository (self), &error))
    g_warning ("Could not remove deleted conversations: %s", error->message);

  busy_changed_cb (self);
  update_title (self);
  update_content_page (self);
  reframe_chat_pane_reconnect (self);

  return self;
}

ReframeChatSession *
reframe_chat_pane_get_session (ReframeChatPane *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_PANE (self), NULL);

  return self->session;
}

void
reframe_chat_pane_focus_composer (ReframeChatPane *self)
{
  g_return_if_fail (REFRAME_IS_CHAT_PANE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

void
reframe_chat_pane_set_composer_text (ReframeChatPane *self,
                                     const char      *text)
{
  g_return_if_fail (REFRAME_IS_CHAT_PANE (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), text, -1);
}

char *
reframe_chat_pane_dup_composer_text (ReframeChatPane *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter    start, end;

  g_return_val_if_fail (REFRAME_IS_CHAT_PANE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->composer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * reframe_chat_pane_get_state:
 * @self: a pane
 *
 * Returns: which content shows: "empty", "unavailable" or "messages" (for tests)
 */
const char *
reframe_chat_pane_get_state (ReframeChatPane *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_PANE (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

/**
 * reframe_chat_pane_dup_context_note:
 * @self: a pane
 *
 * Returns: (transfer full) (nullable): the line saying earlier messages are left out,
 *   when it shows (for tests)
 */
char *
reframe_chat_pane_dup_context_note (ReframeChatPane *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_PANE (self), NULL);

  if (!gtk_widget_get_visible (self->context_note))
    return NULL;
  return g_strdup (gtk_label_get_label (GTK_LABEL (self->context_note)));
}
