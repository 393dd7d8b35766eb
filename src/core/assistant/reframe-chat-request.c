/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-request.c: what a chat request asks a model: the model and the conversation. */

#define G_LOG_DOMAIN "ReframeChatRequest"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "reframe-chat-request.h"

typedef struct
{
  char *role;
  char *content;
} Message;

/* A reference-counted box: the providers keep the request while they stream, and a
 * conversation can be long, so it is shared rather than copied. */
struct _ReframeChatRequest
{
  /* Owned */
  char   *model;
  GArray *messages; /* of Message */

  guint context_tokens; /* 0 when the request does not say */
};

G_DEFINE_BOXED_TYPE (ReframeChatRequest,
                     reframe_chat_request,
                     reframe_chat_request_ref,
                     reframe_chat_request_unref)

static void
clear_message (gpointer data)
{
  Message *message = data;

  g_free (message->role);
  g_free (message->content);
}

static void
clear_request (gpointer data)
{
  ReframeChatRequest *self = data;

  g_free (self->model);
  g_array_unref (self->messages);
}

/**
 * reframe_chat_request_new:
 * @model: the model to ask, as the service names it
 *
 * Returns: (transfer full): a request without messages
 */
ReframeChatRequest *
reframe_chat_request_new (const char *model)
{
  ReframeChatRequest *self;

  g_return_val_if_fail (model != NULL, NULL);

  self = g_rc_box_new0 (ReframeChatRequest);
  self->model = g_strdup (model);
  self->messages = g_array_new (FALSE, TRUE, sizeof (Message));
  g_array_set_clear_func (self->messages, clear_message);
  return self;
}

/* Returns: (transfer full): @self */
ReframeChatRequest *
reframe_chat_request_ref (ReframeChatRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_rc_box_acquire (self);
}

void
reframe_chat_request_unref (ReframeChatRequest *self)
{
  g_return_if_fail (self != NULL);

  g_rc_box_release_full (self, clear_request);
}

const char *
reframe_chat_request_get_model (const ReframeChatRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->model;
}

/**
 * reframe_chat_request_add_message:
 * @self: a request
 * @role: "system", "user" or "assistant"
 * @content: the text of the message
 *
 * Appends a message to the conversation.
 */
void
reframe_chat_request_add_message (ReframeChatRequest *self,
                                  const char         *role,
                                  const char         *content)
{
  Message message;

  g_return_if_fail (self != NULL);
  g_return_if_fail (role != NULL);
  g_return_if_fail (content != NULL);

  message.role = g_strdup (role);
  message.content = g_strdup (content);
  g_array_append_val (self->messages, message);
}

guint
reframe_chat_request_get_n_messages (const ReframeChatRequest *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->messages->len;
}

const char *
reframe_chat_request_get_role (const ReframeChatRequest *self,
                               guint                     index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->messages->len, NULL);

  return g_array_index (self->messages, Message, index).role;
}

const char *
reframe_chat_request_get_content (const ReframeChatRequest *self,
                                  guint                     index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->messages->len, NULL);

  return g_array_index (self->messages, Message, index).content;
}

/**
 * reframe_chat_request_set_context_tokens:
 * @self: a request
 * @context_tokens: the context the request was fitted to, in tokens; 0 for none
 *
 * Ollama is told this as options.num_ctx, so that it neither cuts the prompt to a
 * smaller default nor reserves memory for a larger one.
 */
void
reframe_chat_request_set_context_tokens (ReframeChatRequest *self,
                                         guint               context_tokens)
{
  g_return_if_fail (self != NULL);

  self->context_tokens = context_tokens;
}

guint
reframe_chat_request_get_context_tokens (const ReframeChatRequest *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->context_tokens;
}

/**
 * reframe_chat_request_to_json:
 * @self: a request
 *
 * The body both Ollama's /api/chat and OpenAI's /v1/chat/completions accept:
 * {"model", "messages": [{"role", "content"}], "stream": true}.
 *
 * Returns: (transfer full): the JSON text
 */
GBytes *
reframe_chat_request_to_json (const ReframeChatRequest *self)
{
  return reframe_chat_request_to_json_full (self, FALSE);
}

/**
 * reframe_chat_request_to_json_full:
 * @self: a request
 * @with_num_ctx: whether to add Ollama's "options": {"num_ctx"} when the request has a
 *   context (an OpenAI-compatible service may refuse a member it does not know)
 *
 * Returns: (transfer full): the JSON text
 */
GBytes *
reframe_chat_request_to_json_full (const ReframeChatRequest *self,
                                   gboolean                  with_num_ctx)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  char *text;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->model);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->messages->len; i++)
    {
      Message *message = &g_array_index (self->messages, Message, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, message->role);
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, message->content);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, TRUE);
  if (with_num_ctx && self->context_tokens > 0)
    {
      json_builder_set_member_name (builder, "options");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "num_ctx");
      json_builder_add_int_value (builder, self->context_tokens);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}
