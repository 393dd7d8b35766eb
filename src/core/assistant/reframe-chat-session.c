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
#include "reframe-context-budget.h"
#include "reframe-conversation-repository.h"
#include "reframe-http-provider.h"
#include "reframe-request-log.h"
#include "reframe-system-prompt.h"

/* A streaming reply is written to the store this often, so a crash loses little of it. */
#define FLUSH_INTERVAL_MS 2000

/* Earlier messages of the person read with a new one, for distress and means said apart. */
#define RECENT_MESSAGES 5

/* Longest automatic title, in characters, made from the first message. */
#define TITLE_CHARS 48

struct _ReframeChatSession
{
  GObject parent_instance;

  ReframeStore         *store;
  ReframeCrisisCheck   *crisis_check;
  ReframeModelProvider *provider;
  char                 *endpoint;
  char                 *model;
  gboolean              remote;
  char                 *system_prompt;
  guint                 fallback_context;
  guint                 context_tokens; /* 0 until learned for this service and model */
  gboolean              context_known;  /* the service answered, or cannot be asked */

  ReframeConversation *conversation;
  GListStore          *messages;
  GListStore          *attachments;
  GHashTable          *attachment_texts; /* attachment → the text rendered when attached */

  GCancellable       *cancellable;
  ReframeChatMessage *reply;
  guint               flush_id;
  guint               check_id;       /* the check of the text that came since the last */
  gsize               unchecked_from; /* where the reply's unchecked text begins */
  guint64             reply_found;    /* what the reply's checks found so far */
  gboolean            stopping;
  gboolean            held; /* a message waits until the crisis sheet is closed */
  gboolean            crisis_note_pending;
  gboolean            request_crisis_note; /* the request streaming carries the note */
  guint               turn_limit;          /* 0, or the turns a retry sends at most */
  guint               sent_turns;          /* of the last request */
  gboolean            turns_left_out;
  guint               first_sent_position;
  gboolean            retried;
  GError             *error;
};

/* What each service said about each model's context, for the life of the program: the
 * answer does not change while the service runs. Keys are "endpoint\nmodel". */
static GHashTable *context_cache;

G_DEFINE_FINAL_TYPE (ReframeChatSession, reframe_chat_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BUSY,
  PROP_CONVERSATION,
  PROP_SENT_TURNS,
  PROP_TURNS_LEFT_OUT,
  PROP_FIRST_SENT_POSITION,
  N_PROPS
};

enum
{
  SIGNAL_DELTA,
  SIGNAL_REPLY_STARTED,
  SIGNAL_REPLY_FINISHED,
  SIGNAL_REPLY_REPLACED,
  SIGNAL_CRISIS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static const char     *turn_text (guint    position,
                                  gpointer user_data);
static ReframeChatRole role_at (ReframeChatSession *self,
                                guint               position);
static void            start_with_person (ReframeChatSession *self,
                                          ReframeContextFit  *fit);
static void            set_sent_turns (ReframeChatSession *self,
                                       guint               sent_turns,
                                       gboolean            left_out,
                                       guint               first_position);

static ReframeConversationRepository *
repository (ReframeChatSession *self)
{
  return reframe_store_get_conversations (self->store);
}

static void
stop_flushing (ReframeChatSession *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
}

static void
reframe_chat_session_dispose (GObject *object)
{
  ReframeChatSession *self = REFRAME_CHAT_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  stop_flushing (self);
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

/* Forgets what services said about their models' context (for tests). */
void
_reframe_chat_session_clear_context_cache (void)
{
  if (context_cache != NULL)
    g_hash_table_remove_all (context_cache);
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
      loaded =
          reframe_conversation_repository_load_messages (repository (self), conversation, error);
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
  set_sent_turns (self, 0, FALSE, 0);
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
  self->conversation = reframe_conversation_repository_create (repository (self), title, error);
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

static void                  start_request (ReframeChatSession *self);
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
          repository (self), self->conversation, message, error))
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

  start_request (self);
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
  start_request (self);
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
  start_request (self);
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

  if (!reframe_conversation_repository_delete_message (repository (self), last, error))
    return FALSE;
  g_list_store_remove (self->messages, n - 1);

  start_request (self);
  return TRUE;
}

static gboolean
find_user_message (ReframeChatSession *self,
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

  if (!find_user_message (self, message, &position, NULL))
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
  else if (!find_user_message (self, message, &end, NULL))
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

  if (!find_user_message (self, message, &position, error))
    return -1;
  recent = recent_user_messages (self, position);
  if (!reframe_conversation_repository_edit_message (repository (self), message, text, NULL, error))
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

static void
set_sent_turns (ReframeChatSession *self,
                guint               sent_turns,
                gboolean            left_out,
                guint               first_position)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->sent_turns != sent_turns)
    {
      self->sent_turns = sent_turns;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT_TURNS]);
    }
  if (self->turns_left_out != left_out)
    {
      self->turns_left_out = left_out;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TURNS_LEFT_OUT]);
    }
  if (self->first_sent_position != first_position)
    {
      self->first_sent_position = first_position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_SENT_POSITION]);
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
  set_sent_turns (self, sent, has_earlier_turn (self, fit.first_kept), fit.first_kept);

  return g_steal_pointer (&request);
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

static void
flush_reply (ReframeChatSession *self)
{
  g_autoptr (GError) error = NULL;

  if (self->reply == NULL)
    return;
  if (!reframe_conversation_repository_update_message (repository (self), self->reply, &error))
    g_warning ("Could not keep the reply: %s", error->message);
}

static gboolean
flush_timeout_cb (gpointer user_data)
{
  flush_reply (REFRAME_CHAT_SESSION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
replace_reply (ReframeChatSession   *self,
               ReframeCrisisCategory category)
{
  reframe_chat_message_set_content (self->reply, reframe_crisis_check_get_fallback_reply ());
  g_signal_emit (self, signals[SIGNAL_REPLY_REPLACED], 0, self->reply);
  g_signal_emit (self, signals[SIGNAL_CRISIS], 0, category, TRUE);
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
  g_signal_emit (self, signals[SIGNAL_DELTA], 0, self->reply, delta->content);
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
  stop_flushing (self);
  g_clear_object (&self->cancellable);
  self->stopping = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
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
  if (!reframe_conversation_repository_delete_message (repository (self), self->reply, &error))
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
      g_signal_emit (self, signals[SIGNAL_REPLY_FINISHED], 0, NULL);
      return;
    }

  reframe_chat_message_set_status (self->reply, status);
  /* What came since the last check, stopped or not: it is shown already. */
  if (!replaced)
    check_new_text (self);
  flush_reply (self);

  reply = g_steal_pointer (&self->reply);
  end_request (self);
  g_signal_emit (self, signals[SIGNAL_REPLY_FINISHED], 0, reply);
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
          repository (self), self->conversation, reply, error))
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
      g_signal_emit (self, signals[SIGNAL_REPLY_FINISHED], 0, NULL);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_REPLY_STARTED], 0, self->reply);
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
      g_signal_emit (self, signals[SIGNAL_REPLY_FINISHED], 0, NULL);
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
      g_signal_emit (self, signals[SIGNAL_REPLY_FINISHED], 0, NULL);
      return;
    }

  g_free (self->model);
  self->model = g_strdup (models[0]);
  self->context_tokens = 0;
  self->context_known = FALSE;
  learn_context_and_stream (self);
}

static void
start_request (ReframeChatSession *self)
{
  g_clear_error (&self->error);

  if (self->provider == NULL)
    {
      self->error = g_error_new_literal (
          REFRAME_PROVIDER_ERROR,
          REFRAME_PROVIDER_ERROR_CONNECTION_REFUSED,
          _ ("No model service is set up. Start one on this computer, or set one "
             "in Preferences."));
      g_signal_emit (self, signals[SIGNAL_REPLY_FINISHED], 0, NULL);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->stopping = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (*self->model == '\0')
    {
      reframe_model_provider_list_models_async (
          self->provider, self->cancellable, models_listed_cb, g_object_ref (self));
      return;
    }

  learn_context_and_stream (self);
}
