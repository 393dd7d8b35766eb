/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-pane-sending.c: what the companion pane sends: messages from the composer,
 * edits of sent ones, the consent asked before a remote service gets anything, and
 * worksheets drafted from the conversation. */

#define G_LOG_DOMAIN "ReframeChatPane"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-chat-draft.h"
#include "reframe-chat-pane-private.h"
#include "reframe-endpoint.h"
#include "reframe-request-log.h"
#include "reframe-spell.h"
#include "reframe-system-prompt.h"

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

  _reframe_chat_pane_hide_error (self);
  /* Failure is told by @error: the category is an unsigned enum, and its -1 is not < 0. */
  reframe_chat_session_send (self->session, text, &error);
  if (error != NULL)
    {
      /* Nothing was kept: the words stay in the composer. */
      _reframe_chat_pane_show_error (self, error);
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

  _reframe_chat_pane_hide_error (self);
  reframe_chat_session_edit (self->session, message, text, &error);
  if (error != NULL)
    {
      /* Nothing changed: the edited words stay in the composer, still editing. */
      _reframe_chat_pane_show_error (self, error);
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
        _reframe_chat_pane_toast (self, _ ("The reply to the edited message was replaced"));
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
    _reframe_chat_pane_open_conversation (self, NULL);
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

  _reframe_chat_pane_hide_error (self);
  if (!reframe_chat_session_resend (self->session, &error))
    _reframe_chat_pane_show_error (self, error);
}

static void
regenerate_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  g_autoptr (GError) error = NULL;

  _reframe_chat_pane_hide_error (self);
  if (!reframe_chat_session_regenerate (self->session, &error))
    _reframe_chat_pane_show_error (self, error);
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

/* Drafts */

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
  ReframeTemplateRegistry *templates = _reframe_chat_pane_get_registry (self);
  ReframeTemplate *template =
      templates != NULL ? reframe_template_registry_lookup (templates, template_id, 0) : NULL;
  g_autoptr (ReframeCrisisCheck) check = _reframe_chat_pane_load_crisis_check (self);
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
      _reframe_chat_pane_toast (
          self,
          _ ("Talk with the companion first; the worksheet is drafted from the conversation."));
      return;
    }
  if (!REFRAME_IS_HTTP_PROVIDER (self->provider) || !self->reachable)
    {
      _reframe_chat_pane_toast (
          self, _ ("The model service is not available, so nothing can be drafted now."));
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

void
_reframe_chat_pane_class_install_sending_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "chat.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "chat.stop", NULL, stop_activated);
  gtk_widget_class_install_action (widget_class, "chat.resend", NULL, resend_activated);
  gtk_widget_class_install_action (widget_class, "chat.regenerate", NULL, regenerate_activated);
  gtk_widget_class_install_action (widget_class, "chat.edit-message", "s", edit_message_activated);
  gtk_widget_class_install_action (widget_class, "chat.cancel-edit", NULL, cancel_edit_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.draft-worksheet", "s", draft_worksheet_activated);

  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "chat.regenerate", NULL);
}

void
_reframe_chat_pane_init_composer (ReframeChatPane *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (composer_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->composer), keys);
  reframe_spell_attach_text_view (self->composer, REFRAME_SPELL_FIELD_COMPANION);
}
