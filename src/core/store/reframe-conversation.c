/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-conversation.c: one conversation with the companion, as its list shows it. */

#define G_LOG_DOMAIN "ReframeConversation"

#include "config.h"

#include "reframe-conversation-private.h"

struct _ReframeConversation
{
  GObject parent_instance;

  /* Owned */
  char      *uuid;
  char      *title;
  char      *created_iso;
  char      *updated_iso;
  char      *snippet;
  GDateTime *created;
  GDateTime *updated;
};

enum
{
  PROP_0,
  PROP_UUID,
  PROP_TITLE,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_SNIPPET,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ReframeConversation, reframe_conversation, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* The times stay text until someone asks: a list of hundreds of conversations is
 * read in well under a millisecond, and parsing every time would double that. */
static GDateTime *
ensure_time (GDateTime **time,
             const char *iso)
{
  if (*time == NULL && iso != NULL)
    *time = g_date_time_new_from_iso8601 (iso, NULL);
  return *time;
}

static void
reframe_conversation_finalize (GObject *object)
{
  ReframeConversation *self = (ReframeConversation *) object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->created_iso, g_free);
  g_clear_pointer (&self->updated_iso, g_free);
  g_clear_pointer (&self->snippet, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);

  G_OBJECT_CLASS (reframe_conversation_parent_class)->finalize (object);
}

static void
reframe_conversation_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ReframeConversation *self = REFRAME_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, reframe_conversation_get_created (self));
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, reframe_conversation_get_updated (self));
      break;
    case PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_conversation_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ReframeConversation *self = REFRAME_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_free (self->uuid);
      self->uuid = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_conversation_class_init (ReframeConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = reframe_conversation_finalize;
  object_class->get_property = reframe_conversation_get_property;
  object_class->set_property = reframe_conversation_set_property;

  properties[PROP_UUID] =
      g_param_spec_string ("uuid",
                           NULL,
                           NULL,
                           NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Read-only here: renaming goes through the repository, which saves and then
   * updates this object, so the list and the file never disagree. */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_SNIPPET] = g_param_spec_string ("snippet", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_conversation_init (ReframeConversation *self)
{
}

ReframeConversation *
_reframe_conversation_new (const char *uuid,
                           const char *title,
                           const char *created_iso,
                           const char *updated_iso)
{
  ReframeConversation *self = g_object_new (REFRAME_TYPE_CONVERSATION, "uuid", uuid, NULL);

  self->title = g_strdup (title);
  self->created_iso = g_strdup (created_iso);
  self->updated_iso = g_strdup (updated_iso);
  return self;
}

void
_reframe_conversation_set_title (ReframeConversation *self,
                                 const char          *title)
{
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
_reframe_conversation_set_updated_iso (ReframeConversation *self,
                                       const char          *updated_iso)
{
  if (g_strcmp0 (self->updated_iso, updated_iso) == 0)
    return;
  g_free (self->updated_iso);
  self->updated_iso = g_strdup (updated_iso);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}

const char *
_reframe_conversation_get_updated_iso (ReframeConversation *self)
{
  return self->updated_iso;
}

void
_reframe_conversation_take_snippet (ReframeConversation *self,
                                    char                *snippet)
{
  g_free (self->snippet);
  self->snippet = snippet;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNIPPET]);
}

const char *
reframe_conversation_get_uuid (ReframeConversation *self)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION (self), NULL);
  return self->uuid;
}

const char *
reframe_conversation_get_title (ReframeConversation *self)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION (self), NULL);
  return self->title;
}

/**
 * reframe_conversation_get_created:
 *
 * Returns: (transfer none): when the conversation was started, in UTC
 */
GDateTime *
reframe_conversation_get_created (ReframeConversation *self)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION (self), NULL);
  return ensure_time (&self->created, self->created_iso);
}

/**
 * reframe_conversation_get_updated:
 *
 * Returns: (transfer none): when it last got a message or was renamed, in UTC
 */
GDateTime *
reframe_conversation_get_updated (ReframeConversation *self)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION (self), NULL);
  return ensure_time (&self->updated, self->updated_iso);
}

/**
 * reframe_conversation_get_snippet:
 *
 * Returns: (nullable): on a search result, the text around the match (a message, or
 *   the title when only it matched), with %REFRAME_SNIPPET_START and
 *   %REFRAME_SNIPPET_END around each matched word, as the journal's search gives them;
 *   %NULL outside a search
 */
const char *
reframe_conversation_get_snippet (ReframeConversation *self)
{
  g_return_val_if_fail (REFRAME_IS_CONVERSATION (self), NULL);
  return self->snippet;
}
