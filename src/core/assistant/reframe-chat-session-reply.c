/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-session-reply.c: asking for a reply and streaming it: the model and its
 * context learned first, each delta checked for crisis language, the reply kept in the
 * store as it grows, and each request logged. */

#define G_LOG_DOMAIN "ReframeChatSession"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-chat-session-private.h"
#include "reframe-context-budget.h"
#include "reframe-http-provider.h"
#include "reframe-request-log.h"

/* A streaming reply is written to the store this often, so a crash loses little of it. */
#define FLUSH_INTERVAL_MS 2000

/* What each service said about each model's context, for the life of the program: the
 * answer does not change while the service runs. Keys are "endpoint\nmodel". */
static GHashTable *context_cache;

void
_reframe_chat_session_stop_flushing (ReframeChatSession *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
}

/* Forgets what services said about their models' context (for tests). */
void
_reframe_chat_session_clear_context_cache (void)
{
  if (context_cache != NULL)
    g_hash_table_remove_all (context_cache);
}

static char *
attachment_labels (ReframeChatSession *self)
{
  GListModel *model = G_LIST_MODEL (self->attachments);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) labels = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ReframeChatAttachment) attachment = g_list_model_get_item (model, i);
      g_strv_builder_add (builder, reframe_chat_attachment_get_label (attachment));
    }
  labels = g_strv_builder_end (builder);

  return g_strjoinv (", ", labels);
}

static void
log_request (ReframeChatSession *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *labels = attachment_labels (self);
  g_autoptr (GError) error = NULL;

  /* The log is a record for the person, not a gate: failing to write it stops nothing. */
  if (!reframe_request_log_add (reframe_store_get_request_log (self->store),
                                now,
                                self->endpoint,
                                self->model,
                                self->remote,
                                labels,
                                &error))
    g_warning ("Could not write the request log: %s", error->message);
}

/* Saves the reply as it stands: now and then while it streams, and when it ends, when
 * its text is also indexed for search (once, not at every save). */
static void
flush_reply (ReframeChatSession *self,
             gboolean            ended)
{
  ReframeConversationRepository *repository = _reframe_chat_session_get_repository (self);
  g_autoptr (GError) error = NULL;
  gboolean saved;

  if (self->reply == NULL)
    return;
  saved = ended ? reframe_conversation_repository_finish_message (repository, self->reply, &error)
                : reframe_conversation_repository_keep_message (repository, self->reply, &error);
  if (!saved)
    g_warning ("Could not keep the reply: %s", error->message);
}

static gboolean
flush_timeout_cb (gpointer user_data)
{
  flush_reply (REFRAME_CHAT_SESSION (user_data), FALSE);
  return G_SOURCE_CONTINUE;
}

static void
replace_reply (ReframeChatSession   *self,
               ReframeCrisisCategory category)
{
  reframe_chat_message_set_content (self->reply, reframe_crisis_check_get_fallback_reply ());
  _reframe_chat_session_emit (self, SIGNAL_REPLY_REPLACED, self->reply);
  _reframe_chat_session_emit (self, SIGNAL_CRISIS, category, TRUE);
}

/* The reply's text since the last check, with a window before it; what the reply's
 * earlier checks found counts too, so cues far apart that mean something only together
 * are found without checking the whole reply again. */
static ReframeCrisisCategory
check_new_text (ReframeChatSession *self)
{
  ReframeCrisisCategory category;
  gsize                 length;

  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->reply == NULL)
    return REFRAME_CRISIS_CATEGORY_NONE;
  length = reframe_chat_message_get_content_length (self->reply);
  if (length <= self->unchecked_from)
    return REFRAME_CRISIS_CATEGORY_NONE;

  category = reframe_crisis_check_reply_delta (self->crisis_check,
                                               reframe_chat_message_get_content (self->reply),
                                               self->unchecked_from,
                                               &self->reply_found);
  self->unchecked_from = length;
  if (category != REFRAME_CRISIS_CATEGORY_NONE)
    {
      /* Nothing more of this reply is shown; the safe text takes its place. */
      replace_reply (self, category);
      g_cancellable_cancel (self->cancellable);
    }
  return category;
}

static gboolean
check_cb (gpointer user_data)
{
  ReframeChatSession *self = REFRAME_CHAT_SESSION (user_data);

  self->check_id = 0;
  check_new_text (self);
  return G_SOURCE_REMOVE;
}

static void
delta_cb (const ReframeChatEvent *delta,
          gpointer                user_data)
{
  ReframeChatSession *self = REFRAME_CHAT_SESSION (user_data);

  if (self->reply == NULL || delta->content == NULL ||
      g_cancellable_is_cancelled (self->cancellable))
    return;

  /* The deltas of one network read are checked together, once, right after it: a read
   * brings a few hundred deltas of a fast reply, and checking each with its window held
   * the main loop for seconds. The check's priority is above drawing, so no frame shows
   * a delta before it is checked. */
  if (self->check_id == 0)
    self->check_id = g_idle_add_full (G_PRIORITY_HIGH, check_cb, self, NULL);
  reframe_chat_message_append (self->reply, delta->content, strlen (delta->content));
  _reframe_chat_session_emit (self, SIGNAL_DELTA, self->reply, delta->content);
}

static ReframeChatMessageStatus
status_for_error (ReframeChatSession *self,
                  const GError       *error)
{
  gboolean partial = reframe_chat_message_get_content_length (self->reply) > 0;

  if (error == NULL)
    return REFRAME_CHAT_MESSAGE_COMPLETE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return self->stopping ? REFRAME_CHAT_MESSAGE_STOPPED : REFRAME_CHAT_MESSAGE_COMPLETE;
  return partial ? REFRAME_CHAT_MESSAGE_INCOMPLETE : REFRAME_CHAT_MESSAGE_FAILED;
}

static void
end_request (ReframeChatSession *self)
{
  _reframe_chat_session_stop_flushing (self);
  g_clear_object (&self->cancellable);
  self->stopping = FALSE;
  _reframe_chat_session_notify (self, PROP_BUSY);
}

/* A reply that failed before any text came is not kept: the person's message is the
 * last one again, and can be sent again. */
static void
drop_empty_reply (ReframeChatSession *self)
{
  g_autoptr (GError) error = NULL;
  guint position;

  if (g_list_store_find (self->messages, self->reply, &position))
    g_list_store_remove (self->messages, position);
  if (!reframe_conversation_repository_delete_message (
          _reframe_chat_session_get_repository (self), self->reply, &error))
    g_warning ("Could not remove the failed reply: %s", error->message);
  g_clear_object (&self->reply);
}

static void
finish_reply (ReframeChatSession *self,
              GError             *error)
{
  g_autoptr (ReframeChatMessage) reply = NULL;
  ReframeChatMessageStatus status = status_for_error (self, error);
  gboolean                 replaced = self->reply != NULL && error != NULL && !self->stopping &&
                      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_error (&self->error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->error = g_error_copy (error);

  if (status == REFRAME_CHAT_MESSAGE_FAILED)
    {
      drop_empty_reply (self);
      end_request (self);
      _reframe_chat_session_emit (self, SIGNAL_REPLY_FINISHED, NULL);
      return;
    }

  reframe_chat_message_set_status (self->reply, status);
  /* What came since the last check, stopped or not: it is shown already. */
  if (!replaced)
    check_new_text (self);
  flush_reply (self, TRUE);

  reply = g_steal_pointer (&self->reply);
  end_request (self);
  _reframe_chat_session_emit (self, SIGNAL_REPLY_FINISHED, reply);
}

static void send_request (ReframeChatSession *self);

/* A refusal for size with nothing of the reply yet: the estimate was short for this
 * model, so the request is sent once more with half the turns. */
static gboolean
retry_smaller (ReframeChatSession *self,
               const GError       *error)
{
  if (!g_error_matches (error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_CONTEXT_TOO_LONG) ||
      reframe_chat_message_get_content_length (self->reply) > 0 ||
      g_cancellable_is_cancelled (self->cancellable))
    return FALSE;
  if (self->retried || self->sent_turns <= 1)
    return FALSE;
  self->retried = TRUE;
  self->turn_limit = MAX (self->sent_turns / 2, 1);
  send_request (self);
  return TRUE;
}

/* Returns: (transfer full): the refusal for size, said as what the person can do. */
static GError *
new_too_long_error (const GError *error)
{
  return g_error_new (REFRAME_PROVIDER_ERROR,
                      REFRAME_PROVIDER_ERROR_CONTEXT_TOO_LONG,
                      _ ("This conversation is too long for the model, even with earlier messages "
                         "left out. Your message "
                         "is kept: send it again in a new conversation, share fewer attachments, "
                         "or choose a model with "
                         "a larger context and set its Context Size in Preferences. (%s)"),
                      error->message);
}

static void
stream_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (ReframeChatSession) self = user_data;
  g_autoptr (ReframeChatEvent) done = NULL;
  g_autoptr (GError) error = NULL;

  done =
      reframe_model_provider_stream_chat_finish (REFRAME_MODEL_PROVIDER (source), result, &error);
  if (self->reply == NULL)
    return; /* disposed meanwhile */

  if (error != NULL && retry_smaller (self, error))
    return;
  if (g_error_matches (error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_CONTEXT_TOO_LONG))
    {
      GError *human = new_too_long_error (error);

      g_clear_error (&error);
      error = human;
    }
  if (done != NULL && done->model != NULL && reframe_chat_message_get_model (self->reply) == NULL)
    reframe_chat_message_set_model (self->reply, done->model);
  finish_reply (self, error);
}

static gboolean
begin_reply (ReframeChatSession *self,
             GError            **error)
{
  g_autoptr (ReframeChatMessage) reply = reframe_chat_message_new (REFRAME_CHAT_ROLE_ASSISTANT, "");

  reframe_chat_message_set_status (reply, REFRAME_CHAT_MESSAGE_STREAMING);
  reframe_chat_message_set_model (reply, self->model);
  if (!reframe_conversation_repository_add_message (
          _reframe_chat_session_get_repository (self), self->conversation, reply, error))
    return FALSE;

  g_set_object (&self->reply, reply);
  g_list_store_append (self->messages, reply);
  return TRUE;
}

/* Sends the request for the reply begun, fitted to the context as it stands. */
static void
send_request (ReframeChatSession *self)
{
  g_autoptr (ReframeChatRequest) request = _reframe_chat_session_build_request (self);

  log_request (self);
  reframe_model_provider_stream_chat_async (self->provider,
                                            request,
                                            delta_cb,
                                            self,
                                            NULL,
                                            self->cancellable,
                                            stream_done_cb,
                                            g_object_ref (self));
}

static void
stream (ReframeChatSession *self)
{
  g_autoptr (GError) error = NULL;

  self->request_crisis_note = self->crisis_note_pending;
  self->crisis_note_pending = FALSE;
  self->turn_limit = 0;
  self->retried = FALSE;
  self->unchecked_from = 0;
  self->reply_found = 0;
  if (!begin_reply (self, &error))
    {
      self->error = g_steal_pointer (&error);
      end_request (self);
      _reframe_chat_session_emit (self, SIGNAL_REPLY_FINISHED, NULL);
      return;
    }

  _reframe_chat_session_emit (self, SIGNAL_REPLY_STARTED, self->reply);
  self->flush_id = g_timeout_add (FLUSH_INTERVAL_MS, flush_timeout_cb, self);
  send_request (self);
}

static char *
dup_context_key (ReframeChatSession *self)
{
  return g_strconcat (self->endpoint, "\n", self->model, NULL);
}

static void
remember_context (ReframeChatSession *self,
                  guint               learned)
{
  if (context_cache == NULL)
    context_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_replace (context_cache, dup_context_key (self), GUINT_TO_POINTER (learned));
  self->context_known = TRUE;
  if (learned != 0)
    self->context_tokens = learned;
  else
    self->context_tokens = self->fallback_context != 0 ? self->fallback_context
                                                       : REFRAME_CONTEXT_BUDGET_DEFAULT_TOKENS;
}

static void
context_learned_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (ReframeChatSession) self = user_data;
  g_autoptr (GError) error = NULL;
  guint learned =
      reframe_http_provider_query_context_finish (REFRAME_HTTP_PROVIDER (source), result, &error);

  if (self->cancellable == NULL)
    return; /* disposed meanwhile */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      end_request (self);
      _reframe_chat_session_emit (self, SIGNAL_REPLY_FINISHED, NULL);
      return;
    }
  /* A service that cannot say is not an error: the setting is used. Only an answer is
   * remembered; a service not reachable now is asked again with the next message. */
  if (error != NULL)
    g_debug ("The model service did not say its context: %s", error->message);
  if (error == NULL ||
      g_error_matches (error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_FAILED) ||
      g_error_matches (error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_MALFORMED) ||
      g_error_matches (error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_UNAUTHORIZED))
    remember_context (self, learned);
  else
    self->context_tokens = self->fallback_context != 0 ? self->fallback_context
                                                       : REFRAME_CONTEXT_BUDGET_DEFAULT_TOKENS;
  stream (self);
}

/* Learns the model's context once per service and model, then streams. */
static void
learn_context_and_stream (ReframeChatSession *self)
{
  g_autofree char *key = dup_context_key (self);
  gpointer         cached;

  if (!self->context_known && context_cache != NULL &&
      g_hash_table_lookup_extended (context_cache, key, NULL, &cached))
    remember_context (self, GPOINTER_TO_UINT (cached));
  if (self->context_known || !REFRAME_IS_HTTP_PROVIDER (self->provider))
    {
      if (self->context_tokens == 0)
        self->context_tokens = self->fallback_context != 0 ? self->fallback_context
                                                           : REFRAME_CONTEXT_BUDGET_DEFAULT_TOKENS;
      self->context_known = TRUE;
      stream (self);
      return;
    }
  reframe_http_provider_query_context_async (REFRAME_HTTP_PROVIDER (self->provider),
                                             self->model,
                                             self->cancellable,
                                             context_learned_cb,
                                             g_object_ref (self));
}

static void
models_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (ReframeChatSession) self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) models =
      reframe_model_provider_list_models_finish (REFRAME_MODEL_PROVIDER (source), result, &error);

  if (self->cancellable == NULL)
    return; /* disposed meanwhile */

  if (models == NULL || models[0] == NULL)
    {
      g_clear_error (&self->error);
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->error = g_steal_pointer (&error);
      else if (error == NULL)
        self->error = g_error_new_literal (
            REFRAME_PROVIDER_ERROR,
            REFRAME_PROVIDER_ERROR_MODEL_NOT_FOUND,
            _ ("The model service has no models yet. Download one, then try again."));
      end_request (self);
      _reframe_chat_session_emit (self, SIGNAL_REPLY_FINISHED, NULL);
      return;
    }

  g_free (self->model);
  self->model = g_strdup (models[0]);
  self->context_tokens = 0;
  self->context_known = FALSE;
  learn_context_and_stream (self);
}

void
_reframe_chat_session_start_request (ReframeChatSession *self)
{
  g_clear_error (&self->error);

  if (self->provider == NULL)
    {
      self->error = g_error_new_literal (
          REFRAME_PROVIDER_ERROR,
          REFRAME_PROVIDER_ERROR_CONNECTION_REFUSED,
          _ ("No model service is set up. Start one on this computer, or set one "
             "in Preferences."));
      _reframe_chat_session_emit (self, SIGNAL_REPLY_FINISHED, NULL);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->stopping = FALSE;
  _reframe_chat_session_notify (self, PROP_BUSY);

  if (*self->model == '\0')
    {
      reframe_model_provider_list_models_async (
          self->provider, self->cancellable, models_listed_cb, g_object_ref (self));
      return;
    }

  learn_context_and_stream (self);
}
