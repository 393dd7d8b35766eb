/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-session.c: one open conversation with the companion.
 *
 * The session is the one place where a message becomes a request: it keeps the
 * conversation in the store as it goes (the person's message before anything is sent, the
 * reply while it streams), checks every message and reply for crisis language locally,
 * sends only what the person attached, and logs each request that leaves the app. The
 * pane and the tests drive it; it knows nothing of widgets. */

#define G_LOG_DOMAIN "ReframeChatSession"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-chat-session-private.h"
#include "reframe-system-prompt.h"

/* Earlier messages of the person read with a new one, for distress and means said apart. */
#define RECENT_MESSAGES 5

/* Longest automatic title, in characters, made from the first message. */
#define TITLE_CHARS 48

G_DEFINE_FINAL_TYPE (ReframeChatSession, reframe_chat_session, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

/* For the session's other files: they notify and emit through these. */
void
_reframe_chat_session_notify (ReframeChatSession *self,
                              guint               prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_reframe_chat_session_emit (ReframeChatSession *self,
                            guint               signal_id,
                            ...)
{
  va_list args;

  va_start (args, signal_id);
  g_signal_emit_valist (self, signals[signal_id], 0, args);
  va_end (args);
}

ReframeConversationRepository *
_reframe_chat_session_get_repository (ReframeChatSession *self)
{
  return reframe_store_get_conversations (self->store);
}

static void
reframe_chat_session_dispose (GObject *object)
{
  ReframeChatSession *self = REFRAME_CHAT_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  _reframe_chat_session_stop_flushing (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->reply);
  g_clear_object (&self->provider);
  g_clear_object (&self->conversation);
  g_clear_object (&self->messages);
  g_clear_object (&self->attachments);
  g_clear_pointer (&self->attachment_texts, g_hash_table_unref);
  g_clear_object (&self->crisis_check);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_chat_session_parent_class)->dispose (object);
}

static void
reframe_chat_session_finalize (GObject *object)
{
  ReframeChatSession *self = REFRAME_CHAT_SESSION (object);

  g_free (self->endpoint);
  g_free (self->model);
  g_free (self->system_prompt);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (reframe_chat_session_parent_class)->finalize (object);
}

static void
reframe_chat_session_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ReframeChatSession *self = REFRAME_CHAT_SESSION (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, reframe_chat_session_get_busy (self));
      break;
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_SENT_TURNS:
      g_value_set_uint (value, self->sent_turns);
      break;
    case PROP_TURNS_LEFT_OUT:
      g_value_set_boolean (value, self->turns_left_out);
      break;
    case PROP_FIRST_SENT_POSITION:
      g_value_set_uint (value, self->first_sent_position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_chat_session_class_init (ReframeChatSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reframe_chat_session_dispose;
  object_class->finalize = reframe_chat_session_finalize;
  object_class->get_property = reframe_chat_session_get_property;

  /**
   * ReframeChatSession:busy:
   *
   * Whether a reply is being asked for or streamed.
   */
  properties[PROP_BUSY] =
      g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ReframeChatSession:conversation: (nullable)
   *
   * The open conversation; %NULL until the first message of a new one is sent.
   */
  properties[PROP_CONVERSATION] = g_param_spec_object ("conversation",
                                                       NULL,
                                                       NULL,
                                                       REFRAME_TYPE_CONVERSATION,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * ReframeChatSession:sent-turns:
   *
   * How many messages of the conversation the last request carried (the newest ones).
   */
  properties[PROP_SENT_TURNS] =
      g_param_spec_uint ("sent-turns",
                         NULL,
                         NULL,
                         0,
                         G_MAXUINT,
                         0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ReframeChatSession:turns-left-out:
   *
   * Whether the last request left earlier messages out to fit the model's context.
   */
  properties[PROP_TURNS_LEFT_OUT] =
      g_param_spec_boolean ("turns-left-out",
                            NULL,
                            NULL,
                            FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ReframeChatSession:first-sent-position:
   *
   * The position in the messages of the oldest one the last request carried.
   */
  properties[PROP_FIRST_SENT_POSITION] =
      g_param_spec_uint ("first-sent-position",
                         NULL,
                         NULL,
                         0,
                         G_MAXUINT,
                         0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ReframeChatSession::delta:
   * @message: the reply being streamed
   * @text: the text just appended to it
   *
   * More of the reply arrived; it is already in @message.
   */
  signals[SIGNAL_DELTA] = g_signal_new ("delta",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0,
                                        NULL,
                                        NULL,
                                        NULL,
                                        G_TYPE_NONE,
                                        2,
                                        REFRAME_TYPE_CHAT_MESSAGE,
                                        G_TYPE_STRING);

  /**
   * ReframeChatSession::reply-started:
   * @message: the new, empty reply, already in the messages
   */
  signals[SIGNAL_REPLY_STARTED] = g_signal_new ("reply-started",
                                                G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST,
                                                0,
                                                NULL,
                                                NULL,
                                                NULL,
                                                G_TYPE_NONE,
                                                1,
                                                REFRAME_TYPE_CHAT_MESSAGE);

  /**
   * ReframeChatSession::reply-finished:
   * @message: (nullable): the reply with its final status, or %NULL when the request
   *   failed before any of it arrived (the reply is then removed)
   *
   * The request ended; reframe_chat_session_get_error() says why when it failed.
   */
  signals[SIGNAL_REPLY_FINISHED] = g_signal_new ("reply-finished",
                                                 G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST,
                                                 0,
                                                 NULL,
                                                 NULL,
                                                 NULL,
                                                 G_TYPE_NONE,
                                                 1,
                                                 REFRAME_TYPE_CHAT_MESSAGE);

  /**
   * ReframeChatSession::reply-replaced:
   * @message: the reply, whose text was replaced by a safe one
   */
  signals[SIGNAL_REPLY_REPLACED] = g_signal_new ("reply-replaced",
                                                 G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST,
                                                 0,
                                                 NULL,
                                                 NULL,
                                                 NULL,
                                                 G_TYPE_NONE,
                                                 1,
                                                 REFRAME_TYPE_CHAT_MESSAGE);

  /**
   * ReframeChatSession::crisis:
   * @category: what the local check found
   * @in_reply: whether it was in the model's reply rather than the person's message
   *
   * Crisis language was found: show the crisis lines now. A message of the person waits
   * until reframe_chat_session_continue_after_crisis() is called.
   */
  signals[SIGNAL_CRISIS] = g_signal_new ("crisis",
                                         G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST,
                                         0,
                                         NULL,
                                         NULL,
                                         NULL,
                                         G_TYPE_NONE,
                                         2,
                                         G_TYPE_INT,
                                         G_TYPE_BOOLEAN);
}

static void
reframe_chat_session_init (ReframeChatSession *self)
{
  self->messages = g_list_store_new (REFRAME_TYPE_CHAT_MESSAGE);
  self->attachments = g_list_store_new (REFRAME_TYPE_CHAT_ATTACHMENT);
  self->attachment_texts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->endpoint = g_strdup ("");
  self->model = g_strdup ("");
}

/**
 * reframe_chat_session_new:
 * @store: the journal, where the conversation is kept
 * @crisis_check: the local crisis-language check
 *
 * Returns: (transfer full): a session with no conversation open yet
 */
ReframeChatSession *
reframe_chat_session_new (ReframeStore       *store,
                          ReframeCrisisCheck *crisis_check)
{
  ReframeChatSession *self;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (REFRAME_IS_CRISIS_CHECK (crisis_check), NULL);

  self = g_object_new (REFRAME_TYPE_CHAT_SESSION, NULL);
  self->store = g_object_ref (store);
  self->crisis_check = g_object_ref (crisis_check);
  self->system_prompt = reframe_system_prompt_dup_default ();

  return self;
}

/**
 * reframe_chat_session_set_service:
 * @self: a session
 * @provider: (nullable): the model service, or %NULL when none is set up
 * @endpoint: its address, for the request log
 * @model: the model to ask; empty for the first one the service lists
 * @remote: whether the service is on another computer, for the request log
 *
 * Sets where the next request goes. A request already streaming finishes where it began.
 */
void
reframe_chat_session_set_service (ReframeChatSession   *self,
                                  ReframeModelProvider *provider,
                                  const char           *endpoint,
                                  const char           *model,
                                  gboolean              remote)
{
  g_return_if_fail (REFRAME_IS_CHAT_SESSION (self));

  g_set_object (&self->provider, provider);
  g_free (self->endpoint);
  self->endpoint = g_strdup (endpoint != NULL ? endpoint : "");
  g_free (self->model);
  self->model = g_strdup (model != NULL ? model : "");
  self->remote = remote;
  self->context_tokens = 0;
  self->context_known = FALSE;
}

/**
 * reframe_chat_session_set_context_tokens:
 * @self: a session
 * @context_tokens: the context to assume, in tokens, when the service does not say
 *   (the "Context Size" setting); 0 for %REFRAME_CONTEXT_BUDGET_DEFAULT_TOKENS
 */
void
reframe_chat_session_set_context_tokens (ReframeChatSession *self,
                                         guint               context_tokens)
{
  g_return_if_fail (REFRAME_IS_CHAT_SESSION (self));

  self->fallback_context = context_tokens;
  self->context_tokens = 0;
  self->context_known = FALSE;
}

/**
 * reframe_chat_session_get_context_tokens:
 * @self: a session
 *
 * Returns: the context requests are fitted to: what the service said for the model, or
 *   the setting; 0 before the first request to this service and model
 */
guint
reframe_chat_session_get_context_tokens (ReframeChatSession *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), 0);

  return self->context_tokens;
}

guint
reframe_chat_session_get_sent_turns (ReframeChatSession *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), 0);

  return self->sent_turns;
}

gboolean
reframe_chat_session_get_turns_left_out (ReframeChatSession *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), FALSE);

  return self->turns_left_out;
}

guint
reframe_chat_session_get_first_sent_position (ReframeChatSession *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), 0);

  return self->first_sent_position;
}

const char *
reframe_chat_session_get_model (ReframeChatSession *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), NULL);

  return self->model;
}

/**
 * reframe_chat_session_set_system_prompt:
 * @self: a session
 * @system_prompt: (nullable): the instructions sent first; %NULL or empty for Reframe's own
 */
void
reframe_chat_session_set_system_prompt (ReframeChatSession *self,
                                        const char         *system_prompt)
{
  g_return_if_fail (REFRAME_IS_CHAT_SESSION (self));

  g_free (self->system_prompt);
  if (system_prompt == NULL || *system_prompt == '\0')
    self->system_prompt = reframe_system_prompt_dup_default ();
  else
    self->system_prompt = g_strdup (system_prompt);
}

ReframeConversation *
reframe_chat_session_get_conversation (ReframeChatSession *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), NULL);

  return self->conversation;
}

/**
 * reframe_chat_session_open:
 * @self: a session that is not busy
 * @conversation: (nullable): the conversation to show, or %NULL to start a new one
 * @error: return location for a store error
 *
 * Opens @conversation with its messages. Attachments are consent for one conversation
 * only, so they are dropped.
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_chat_session_open (ReframeChatSession  *self,
                           ReframeConversation *conversation,
                           GError             **error)
{
  g_autoptr (GListStore) loaded = NULL;

  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (!reframe_chat_session_get_busy (self), FALSE);

  if (conversation != NULL)
    {
      loaded = reframe_conversation_repository_load_messages (
          _reframe_chat_session_get_repository (self), conversation, error);
      if (loaded == NULL)
        return FALSE;
    }

  g_set_object (&self->conversation, conversation);
  g_list_store_remove_all (self->messages);
  for (guint i = 0; loaded != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (loaded)); i++)
    {
      g_autoptr (ReframeChatMessage) message = g_list_model_get_item (G_LIST_MODEL (loaded), i);
      g_list_store_append (self->messages, message);
    }
  g_list_store_remove_all (self->attachments);
  g_hash_table_remove_all (self->attachment_texts);
  self->held = FALSE;
  self->crisis_note_pending = FALSE;
  g_clear_error (&self->error);
  _reframe_chat_session_set_sent_turns (self, 0, FALSE, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);

  return TRUE;
}

GListModel *
reframe_chat_session_get_messages (ReframeChatSession *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), NULL);

  return G_LIST_MODEL (self->messages);
}

GListModel *
reframe_chat_session_get_attachments (ReframeChatSession *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), NULL);

  return G_LIST_MODEL (self->attachments);
}

/**
 * reframe_chat_session_attach:
 * @self: a session
 * @attachment: what the person chose to share
 * @error: return location for a store error
 *
 * Adds @attachment to what the following requests carry. Its text is made now, once,
 * so the preview the person sees is exactly what is sent.
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_chat_session_attach (ReframeChatSession    *self,
                             ReframeChatAttachment *attachment,
                             GError               **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  char *text;

  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_CHAT_ATTACHMENT (attachment), FALSE);

  text = reframe_chat_attachment_render (attachment, self->store, now, error);
  if (text == NULL)
    return FALSE;

  g_hash_table_replace (self->attachment_texts, attachment, text);
  g_list_store_append (self->attachments, attachment);

  return TRUE;
}

void
reframe_chat_session_detach (ReframeChatSession    *self,
                             ReframeChatAttachment *attachment)
{
  guint position;

  g_return_if_fail (REFRAME_IS_CHAT_SESSION (self));

  if (!g_list_store_find (self->attachments, attachment, &position))
    return;
  g_hash_table_remove (self->attachment_texts, attachment);
  g_list_store_remove (self->attachments, position);
}

/**
 * reframe_chat_session_dup_context_text:
 * @self: a session
 *
 * Returns: (transfer full) (nullable): the exact text of the attachments, as the next
 *   request sends it, or %NULL when nothing is attached
 */
char *
reframe_chat_session_dup_context_text (ReframeChatSession *self)
{
  GListModel *model = G_LIST_MODEL (self->attachments);
  g_autoptr (GString) text = NULL;

  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), NULL);

  if (g_list_model_get_n_items (model) == 0)
    return NULL;

  /* Not translated: it is read by the model, and the prompt is written in English. */
  text =
      g_string_new ("The person chose to share the following from their Reframe journal for this "
                    "conversation. Use it only as they ask.\n");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (ReframeChatAttachment) attachment = g_list_model_get_item (model, i);

      g_string_append_printf (
          text,
          "\n## %s\n\n%s\n",
          reframe_chat_attachment_get_label (attachment),
          (const char *) g_hash_table_lookup (self->attachment_texts, attachment));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
reframe_chat_session_get_busy (ReframeChatSession *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), FALSE);

  return self->cancellable != NULL;
}

const GError *
reframe_chat_session_get_error (ReframeChatSession *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), NULL);

  return self->error;
}

static ReframeChatMessage *
last_message (ReframeChatSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  return n > 0 ? g_list_model_get_item (G_LIST_MODEL (self->messages), n - 1) : NULL;
}

/* A title from the start of the first message, cut at a word. */
static char *
make_title (const char *text)
{
  g_autofree char *flat = g_strstrip (g_strdelimit (g_strdup (text), "\r\n\t", ' '));
  const char      *cut;

  if (g_utf8_strlen (flat, -1) <= TITLE_CHARS)
    return g_steal_pointer (&flat);

  cut = g_utf8_offset_to_pointer (flat, TITLE_CHARS);
  while (cut > flat && *cut != ' ')
    cut--;
  if (cut == flat)
    cut = g_utf8_offset_to_pointer (flat, TITLE_CHARS);

  return g_strdup_printf ("%.*s…", (int) (cut - flat), flat);
}

static gboolean
ensure_conversation (ReframeChatSession *self,
                     const char         *text,
                     GError            **error)
{
  g_autofree char *title = NULL;

  if (self->conversation != NULL)
    return TRUE;

  title = make_title (text);
  self->conversation = reframe_conversation_repository_create (
      _reframe_chat_session_get_repository (self), title, error);
  if (self->conversation == NULL)
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
  return TRUE;
}

/* The person's latest messages before position @n, newest first. */
static char **
recent_user_messages (ReframeChatSession *self,
                      guint               n)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  guint found = 0;

  for (guint i = n; i > 0 && found < RECENT_MESSAGES; i--)
    {
      g_autoptr (ReframeChatMessage) message =
          g_list_model_get_item (G_LIST_MODEL (self->messages), i - 1);

      if (reframe_chat_message_get_role (message) != REFRAME_CHAT_ROLE_USER)
        continue;
      g_strv_builder_add (builder, reframe_chat_message_get_content (message));
      found++;
    }

  return g_strv_builder_end (builder);
}

static ReframeCrisisCategory check_and_ask (ReframeChatSession *self,
                                            const char         *text,
                                            char              **recent);

/**
 * reframe_chat_session_send:
 * @self: a session that is not busy
 * @text: the person's message
 * @error: return location for a store error
 *
 * Keeps @text in the conversation (starting one if needed), checks it for crisis
 * language, and asks for a reply. When the check finds something, ::crisis is emitted
 * and nothing is sent until reframe_chat_session_continue_after_crisis().
 *
 * Returns: what the crisis check found, %REFRAME_CRISIS_CATEGORY_NONE when nothing;
 *   -1 with @error set when the message could not be kept
 */
ReframeCrisisCategory
reframe_chat_session_send (ReframeChatSession *self,
                           const char         *text,
                           GError            **error)
{
  g_autoptr (ReframeChatMessage) message = NULL;
  g_auto (GStrv) recent = NULL;

  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), -1);
  g_return_val_if_fail (text != NULL && *text != '\0', -1);
  g_return_val_if_fail (!reframe_chat_session_get_busy (self), -1);

  /* Read before the new message joins them, which is checked as the current one. */
  recent = recent_user_messages (self, g_list_model_get_n_items (G_LIST_MODEL (self->messages)));

  if (!ensure_conversation (self, text, error))
    return -1;

  message = reframe_chat_message_new (REFRAME_CHAT_ROLE_USER, text);
  if (!reframe_conversation_repository_add_message (
          _reframe_chat_session_get_repository (self), self->conversation, message, error))
    return -1;
  g_list_store_append (self->messages, message);

  return check_and_ask (self, text, recent);
}

/* The person's message, new or edited, is kept: checks it and asks for a reply, or holds
 * it until the crisis sheet is closed. */
static ReframeCrisisCategory
check_and_ask (ReframeChatSession *self,
               const char         *text,
               char              **recent)
{
  ReframeCrisisCategory category;

  g_clear_error (&self->error);
  category = reframe_crisis_check_message (self->crisis_check, text, (const char *const *) recent);
  if (category != REFRAME_CRISIS_CATEGORY_NONE)
    {
      self->held = TRUE;
      self->crisis_note_pending = TRUE;
      g_signal_emit (self, signals[SIGNAL_CRISIS], 0, category, FALSE);
      return category;
    }

  _reframe_chat_session_start_request (self);
  return REFRAME_CRISIS_CATEGORY_NONE;
}

/**
 * reframe_chat_session_continue_after_crisis:
 * @self: a session
 *
 * The person closed the crisis sheet: sends the message that waited, if any, with a note
 * to the model to answer with support rather than an exercise.
 */
void
reframe_chat_session_continue_after_crisis (ReframeChatSession *self)
{
  g_return_if_fail (REFRAME_IS_CHAT_SESSION (self));

  if (!self->held || reframe_chat_session_get_busy (self))
    return;

  self->held = FALSE;
  _reframe_chat_session_start_request (self);
}

/**
 * reframe_chat_session_resend:
 * @self: a session that is not busy
 * @error: return location for an error
 *
 * Asks again for a reply to the last message, which is the person's (its request failed).
 *
 * Returns: %TRUE when a request was started
 */
gboolean
reframe_chat_session_resend (ReframeChatSession *self,
                             GError            **error)
{
  g_autoptr (ReframeChatMessage) last = NULL;

  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (!reframe_chat_session_get_busy (self), FALSE);

  last = last_message (self);
  if (last == NULL || reframe_chat_message_get_role (last) != REFRAME_CHAT_ROLE_USER)
    {
      g_set_error_literal (
          error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("There is no message waiting for a reply."));
      return FALSE;
    }

  self->held = FALSE;
  _reframe_chat_session_start_request (self);
  return TRUE;
}

/**
 * reframe_chat_session_regenerate:
 * @self: a session that is not busy
 * @error: return location for an error
 *
 * Replaces the last reply with a new one.
 *
 * Returns: %TRUE when a request was started
 */
gboolean
reframe_chat_session_regenerate (ReframeChatSession *self,
                                 GError            **error)
{
  g_autoptr (ReframeChatMessage) last = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (!reframe_chat_session_get_busy (self), FALSE);

  last = last_message (self);
  if (last == NULL || reframe_chat_message_get_role (last) != REFRAME_CHAT_ROLE_ASSISTANT)
    {
      g_set_error_literal (
          error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("There is no reply to ask for again."));
      return FALSE;
    }

  if (!reframe_conversation_repository_delete_message (
          _reframe_chat_session_get_repository (self), last, error))
    return FALSE;
  g_list_store_remove (self->messages, n - 1);

  _reframe_chat_session_start_request (self);
  return TRUE;
}

gboolean
_reframe_chat_session_find_user_message (ReframeChatSession *self,
                                         ReframeChatMessage *message,
                                         guint              *position,
                                         GError            **error)
{
  if (!g_list_store_find (self->messages, message, position) ||
      reframe_chat_message_get_role (message) != REFRAME_CHAT_ROLE_USER)
    {
      g_set_error_literal (error,
                           G_IO_ERROR,
                           G_IO_ERROR_NOT_FOUND,
                           _ ("This message is no longer in the conversation."));
      return FALSE;
    }
  return TRUE;
}

/**
 * reframe_chat_session_edit:
 * @self: a session that is not busy
 * @message: one of the person's messages in the session
 * @text: its new text
 * @error: return location for an error
 *
 * Gives @message the new @text and removes everything after it, in the store and in
 * the session, then checks the text for crisis language and asks again, as
 * reframe_chat_session_send() does. On failure nothing changed.
 *
 * Returns: what the crisis check found, %REFRAME_CRISIS_CATEGORY_NONE when nothing;
 *   -1 with @error set when the edit could not be kept
 */
ReframeCrisisCategory
reframe_chat_session_edit (ReframeChatSession *self,
                           ReframeChatMessage *message,
                           const char         *text,
                           GError            **error)
{
  g_auto (GStrv) recent = NULL;
  guint position, n;

  g_return_val_if_fail (REFRAME_IS_CHAT_SESSION (self), -1);
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (message), -1);
  g_return_val_if_fail (text != NULL && *text != '\0', -1);
  g_return_val_if_fail (!reframe_chat_session_get_busy (self), -1);

  if (!_reframe_chat_session_find_user_message (self, message, &position, error))
    return -1;
  recent = recent_user_messages (self, position);
  if (!reframe_conversation_repository_edit_message (
          _reframe_chat_session_get_repository (self), message, text, NULL, error))
    return -1;

  /* The edited message is put back too, so that its row shows the new text. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  g_object_ref (message);
  g_list_store_splice (self->messages, position, n - position, (gpointer *) &message, 1);
  g_object_unref (message);
  /* A message held for the crisis sheet is this one or one just removed. */
  self->held = FALSE;

  return check_and_ask (self, text, recent);
}

/**
 * reframe_chat_session_stop:
 * @self: a session
 *
 * Stops the reply streaming now; what arrived is kept, marked as stopped.
 */
void
reframe_chat_session_stop (ReframeChatSession *self)
{
  g_return_if_fail (REFRAME_IS_CHAT_SESSION (self));

  if (self->cancellable == NULL)
    return;

  self->stopping = TRUE;
  g_cancellable_cancel (self->cancellable);
}
