/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-session-history.c: which earlier messages of the conversation go with a
 * request, fitted to the model's context, and the counts a consent question shows. */

#define G_LOG_DOMAIN "ReframeChatSession"

#include "config.h"

#include "reframe-chat-session-private.h"
#include "reframe-context-budget.h"
#include "reframe-system-prompt.h"

static gboolean
include_in_history (ReframeChatMessage *message)
{
  const char *content = reframe_chat_message_get_content (message);

  return content != NULL && *content != '\0' &&
         reframe_chat_message_get_status (message) != REFRAME_CHAT_MESSAGE_FAILED;
}

static const char *
turn_text (guint    position,
           gpointer user_data)
{
  ReframeChatSession *self = user_data;
  g_autoptr (ReframeChatMessage) message =
      g_list_model_get_item (G_LIST_MODEL (self->messages), position);

  if (message == self->reply || !include_in_history (message))
    return NULL;
  /* The list holds the message, so the text outlives this reference. */
  return reframe_chat_message_get_content (message);
}

static ReframeChatRole
role_at (ReframeChatSession *self,
         guint               position)
{
  g_autoptr (ReframeChatMessage) message =
      g_list_model_get_item (G_LIST_MODEL (self->messages), position);

  return reframe_chat_message_get_role (message);
}

/* Moves @fit past messages never sent, and past an assistant turn at the start: some
 * chat templates (llama.cpp's strict ones) want the turns after the system messages to
 * begin with the person's. */
static void
start_with_person (ReframeChatSession *self,
                   ReframeContextFit  *fit)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  while (fit->first_kept < n && turn_text (fit->first_kept, self) == NULL)
    fit->first_kept++;
  if (fit->n_kept > 1 && role_at (self, fit->first_kept) != REFRAME_CHAT_ROLE_USER)
    {
      fit->first_kept++;
      fit->n_kept--;
      while (fit->first_kept < n && turn_text (fit->first_kept, self) == NULL)
        fit->first_kept++;
    }
}

/* Whether a message that is sent at all lies before @position: walks back only over
 * messages never sent, so it costs nothing in a long conversation. */
static gboolean
has_earlier_turn (ReframeChatSession *self,
                  guint               position)
{
  for (guint i = position; i > 0; i--)
    if (turn_text (i - 1, self) != NULL)
      return TRUE;
  return FALSE;
}

void
_reframe_chat_session_set_sent_turns (ReframeChatSession *self,
                                      guint               sent_turns,
                                      gboolean            left_out,
                                      guint               first_position)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->sent_turns != sent_turns)
    {
      self->sent_turns = sent_turns;
      _reframe_chat_session_notify (self, PROP_SENT_TURNS);
    }
  if (self->turns_left_out != left_out)
    {
      self->turns_left_out = left_out;
      _reframe_chat_session_notify (self, PROP_TURNS_LEFT_OUT);
    }
  if (self->first_sent_position != first_position)
    {
      self->first_sent_position = first_position;
      _reframe_chat_session_notify (self, PROP_FIRST_SENT_POSITION);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * _reframe_chat_session_build_request:
 * @self: a session
 *
 * The request for the next reply, fitted to the model's context: the system prompt with
 * the safety rules first, always; then the attachments the person chose; then the newest
 * messages that fit beside room for the reply. Older messages are left out whole, and
 * the session's ::sent-turns and ::turns-left-out say so.
 *
 * Returns: (transfer full): the request
 */
ReframeChatRequest *
_reframe_chat_session_build_request (ReframeChatSession *self)
{
  g_autoptr (ReframeChatRequest) request = reframe_chat_request_new (self->model);
  g_autofree char *context = reframe_chat_session_dup_context_text (self);
  g_autofree char *system = NULL;
  g_autoptr (ReframeContextBudget) budget = NULL;
  GListModel       *messages = G_LIST_MODEL (self->messages);
  guint             n = g_list_model_get_n_items (messages);
  guint             fixed, sent = 0;
  ReframeContextFit fit;

  system = self->request_crisis_note
               ? reframe_system_prompt_dup_with_crisis_note (self->system_prompt)
               : g_strdup (self->system_prompt);
  budget = reframe_context_budget_new (self->context_tokens != 0 ? self->context_tokens
                                                                 : self->fallback_context);
  fixed = reframe_context_budget_estimate_message (system) +
          (context != NULL ? reframe_context_budget_estimate_message (context) : 0);
  reframe_context_budget_fit (budget, fixed, n, turn_text, self, self->turn_limit, &fit);
  start_with_person (self, &fit);

  reframe_chat_request_set_context_tokens (request,
                                           reframe_context_budget_get_context_tokens (budget));
  reframe_chat_request_add_message (request, "system", system);
  if (context != NULL)
    reframe_chat_request_add_message (request, "system", context);
  for (guint i = fit.first_kept; i < n; i++)
    {
      const char *text = turn_text (i, self);

      if (text == NULL)
        continue;
      reframe_chat_request_add_message (
          request, role_at (self, i) == REFRAME_CHAT_ROLE_USER ? "user" : "assistant", text);
      sent++;
    }
  _reframe_chat_session_set_sent_turns (
      self, sent, has_earlier_turn (self, fit.first_kept), fit.first_kept);

  return g_steal_pointer (&request);
}

/**
 * reframe_chat_session_count_replies_after:
 * @self: a session
 * @message: one of the person's messages in the session
 *
 * Returns: how many replies come after @message: those editing it would remove
 */
guint
reframe_chat_session_count_replies_after (ReframeChatSession *self,
                                          ReframeChatMessage *message)
{
  guint n, position, replies = 0;

  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), 0);

  if (!_reframe_chat_session_find_user_message (self, message, &position, NULL))
    return 0;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  for (guint i = position + 1; i < n; i++)
    if (role_at (self, i) == REFRAME_CHAT_ROLE_ASSISTANT)
      replies++;
  return replies;
}

/**
 * reframe_chat_session_count_history:
 * @self: a session
 * @message: (nullable): one of the person's messages, to be edited; %NULL for a new one
 * @text: the text that would be sent
 *
 * How many earlier messages of the conversation would go with @text: those before
 * @message (or all, for a new message) that fit the model's context beside it, as the
 * next request would send them. What a consent question counts.
 *
 * Returns: the number of earlier messages that would be sent
 */
guint
reframe_chat_session_count_history (ReframeChatSession *self,
                                    ReframeChatMessage *message,
                                    const char         *text)
{
  g_autoptr (ReframeContextBudget) budget = NULL;
  g_autofree char  *context = NULL;
  guint             end, fixed, sent = 0;
  ReframeContextFit fit;

  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (message == NULL)
    end = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  else if (!_reframe_chat_session_find_user_message (self, message, &end, NULL))
    return 0;

  context = reframe_chat_session_dup_context_text (self);
  budget = reframe_context_budget_new (self->context_tokens != 0 ? self->context_tokens
                                                                 : self->fallback_context);
  fixed = reframe_context_budget_estimate_message (self->system_prompt) +
          reframe_context_budget_estimate_message (text) +
          (context != NULL ? reframe_context_budget_estimate_message (context) : 0);
  reframe_context_budget_fit (budget, fixed, end, turn_text, self, 0, &fit);
  start_with_person (self, &fit);
  for (guint i = fit.first_kept; i < end; i++)
    if (turn_text (i, self) != NULL)
      sent++;
  return sent;
}
