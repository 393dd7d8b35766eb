/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-message.c: one message of a conversation with the companion. */

#define G_LOG_DOMAIN "ReframeChatMessage"

#include "config.h"

#include "reframe-chat-message.h"

struct _ReframeChatMessage
{
  GObject parent_instance;

  /* Owned */
  char      *uuid;
  GString   *content;
  GDateTime *created;
  char      *model;

  ReframeChatRole          role;
  ReframeChatMessageStatus status;
};

enum
{
  PROP_0,
  PROP_UUID,
  PROP_ROLE,
  PROP_CONTENT,
  PROP_CREATED,
  PROP_MODEL,
  PROP_STATUS,
  N_PROPS
};

G_DEFINE_ENUM_TYPE (ReframeChatRole,
                    reframe_chat_role,
                    G_DEFINE_ENUM_VALUE (REFRAME_CHAT_ROLE_USER, "user"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CHAT_ROLE_ASSISTANT, "assistant"))

G_DEFINE_ENUM_TYPE (ReframeChatMessageStatus,
                    reframe_chat_message_status,
                    G_DEFINE_ENUM_VALUE (REFRAME_CHAT_MESSAGE_COMPLETE, "complete"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CHAT_MESSAGE_STREAMING, "streaming"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CHAT_MESSAGE_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CHAT_MESSAGE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (REFRAME_CHAT_MESSAGE_INCOMPLETE, "incomplete"))

G_DEFINE_FINAL_TYPE (ReframeChatMessage, reframe_chat_message, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
reframe_chat_message_finalize (GObject *object)
{
  ReframeChatMessage *self = (ReframeChatMessage *) object;

  g_clear_pointer (&self->uuid, g_free);
  g_string_free (self->content, TRUE);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->model, g_free);

  G_OBJECT_CLASS (reframe_chat_message_parent_class)->finalize (object);
}

static void
reframe_chat_message_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ReframeChatMessage *self = REFRAME_CHAT_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_CONTENT:
      g_value_set_string (value, self->content->str);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_chat_message_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ReframeChatMessage *self = REFRAME_CHAT_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_UUID:
      /* Construct-only: a new message keeps the fresh UUID of init. */
      if (g_value_get_string (value) != NULL)
        {
          g_free (self->uuid);
          self->uuid = g_value_dup_string (value);
        }
      break;
    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;
    case PROP_CONTENT:
      reframe_chat_message_set_content (self, g_value_get_string (value));
      break;
    case PROP_CREATED:
      /* Construct-only: loaded messages bring their time, new ones keep init's. */
      if (g_value_get_boxed (value) != NULL)
        {
          g_date_time_unref (self->created);
          self->created = g_date_time_to_utc (g_value_get_boxed (value));
        }
      break;
    case PROP_MODEL:
      reframe_chat_message_set_model (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      reframe_chat_message_set_status (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_chat_message_class_init (ReframeChatMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags   construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = reframe_chat_message_finalize;
  object_class->get_property = reframe_chat_message_get_property;
  object_class->set_property = reframe_chat_message_set_property;

  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, construct);
  properties[PROP_ROLE] = g_param_spec_enum (
      "role", NULL, NULL, REFRAME_TYPE_CHAT_ROLE, REFRAME_CHAT_ROLE_USER, construct);
  /**
   * ReframeChatMessage:content:
   *
   * The text. reframe_chat_message_append() changes it without a notification: the
   * view that streams a reply appends the same text itself, and a notification per
   * delta would make every listener copy the whole reply each time.
   */
  properties[PROP_CONTENT] = g_param_spec_string ("content", NULL, NULL, "", rw);
  properties[PROP_CREATED] =
      g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, construct);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, rw);
  properties[PROP_STATUS] = g_param_spec_enum ("status",
                                               NULL,
                                               NULL,
                                               REFRAME_TYPE_CHAT_MESSAGE_STATUS,
                                               REFRAME_CHAT_MESSAGE_COMPLETE,
                                               rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_chat_message_init (ReframeChatMessage *self)
{
  self->uuid = g_uuid_string_random ();
  self->content = g_string_new (NULL);
  self->created = g_date_time_new_now_utc ();
  self->status = REFRAME_CHAT_MESSAGE_COMPLETE;
}

/**
 * reframe_chat_message_new:
 * @role: who writes it
 * @content: (nullable): its text so far
 *
 * Returns: (transfer full): a new, unsaved, complete message with a fresh UUID,
 *   created now
 */
ReframeChatMessage *
reframe_chat_message_new (ReframeChatRole role,
                          const char     *content)
{
  return g_object_new (REFRAME_TYPE_CHAT_MESSAGE, "role", role, "content", content, NULL);
}

const char *
reframe_chat_message_get_uuid (ReframeChatMessage *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (self), NULL);
  return self->uuid;
}

ReframeChatRole
reframe_chat_message_get_role (ReframeChatMessage *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (self), REFRAME_CHAT_ROLE_USER);
  return self->role;
}

/**
 * reframe_chat_message_get_content:
 *
 * Returns: (transfer none): the text, valid until the next change
 */
const char *
reframe_chat_message_get_content (ReframeChatMessage *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (self), NULL);
  return self->content->str;
}

/**
 * reframe_chat_message_get_content_length:
 *
 * Returns: the length of the text in bytes
 */
gsize
reframe_chat_message_get_content_length (ReframeChatMessage *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (self), 0);
  return self->content->len;
}

void
reframe_chat_message_set_content (ReframeChatMessage *self,
                                  const char         *content)
{
  g_return_if_fail (REFRAME_IS_CHAT_MESSAGE (self));

  if (content == NULL)
    content = "";
  if (g_strcmp0 (self->content->str, content) == 0)
    return;
  g_string_assign (self->content, content);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

/**
 * reframe_chat_message_append:
 * @text: the text to add at the end; need not be NUL-terminated
 * @len: the length of @text in bytes
 *
 * Adds a streamed delta. The cost is that of @len alone, however long the message
 * already is, and no notification is emitted (see #ReframeChatMessage:content).
 */
void
reframe_chat_message_append (ReframeChatMessage *self,
                             const char         *text,
                             gsize               len)
{
  g_return_if_fail (REFRAME_IS_CHAT_MESSAGE (self));
  g_return_if_fail (text != NULL || len == 0);

  g_string_append_len (self->content, text, (gssize) len);
}

/**
 * reframe_chat_message_get_created:
 *
 * Returns: (transfer none): when the message was written, in UTC
 */
GDateTime *
reframe_chat_message_get_created (ReframeChatMessage *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (self), NULL);
  return self->created;
}

/**
 * reframe_chat_message_get_model:
 *
 * Returns: (nullable): the model that wrote a reply, %NULL for the person's messages
 */
const char *
reframe_chat_message_get_model (ReframeChatMessage *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (self), NULL);
  return self->model;
}

void
reframe_chat_message_set_model (ReframeChatMessage *self,
                                const char         *model)
{
  g_return_if_fail (REFRAME_IS_CHAT_MESSAGE (self));

  if (g_strcmp0 (self->model, model) == 0)
    return;
  g_free (self->model);
  self->model = g_strdup (model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

ReframeChatMessageStatus
reframe_chat_message_get_status (ReframeChatMessage *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (self), REFRAME_CHAT_MESSAGE_COMPLETE);
  return self->status;
}

void
reframe_chat_message_set_status (ReframeChatMessage      *self,
                                 ReframeChatMessageStatus status)
{
  g_return_if_fail (REFRAME_IS_CHAT_MESSAGE (self));
  g_return_if_fail (status <= REFRAME_CHAT_MESSAGE_INCOMPLETE);

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}
