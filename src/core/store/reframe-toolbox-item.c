/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-item.c: one thing in the person's coping toolbox (hope box).
 *
 * What the text and the detail mean depends on the kind: a person's name and number,
 * a link's title and address, a photo's caption and its file name in the toolbox
 * folder. The repository checks lengths and the photo's file name when it saves.
 */

#define G_LOG_DOMAIN "ReframeToolboxItem"

#include "config.h"

#include "reframe-toolbox-item-private.h"

struct _ReframeToolboxItem
{
  GObject parent_instance;

  /* Owned */
  char      *uuid;
  char      *text;
  char      *detail;
  char      *source;
  char      *created_iso;
  char      *updated_iso;
  GDateTime *created;
  GDateTime *updated;

  ReframeToolboxKind kind;
};

enum
{
  PROP_0,
  PROP_UUID,
  PROP_KIND,
  PROP_TEXT,
  PROP_DETAIL,
  PROP_SOURCE,
  PROP_CREATED,
  PROP_UPDATED,
  N_PROPS
};

G_DEFINE_ENUM_TYPE (ReframeToolboxKind,
                    reframe_toolbox_kind,
                    G_DEFINE_ENUM_VALUE (REFRAME_TOOLBOX_NOTE, "note"),
                    G_DEFINE_ENUM_VALUE (REFRAME_TOOLBOX_REASON, "reason"),
                    G_DEFINE_ENUM_VALUE (REFRAME_TOOLBOX_PERSON, "person"),
                    G_DEFINE_ENUM_VALUE (REFRAME_TOOLBOX_LINK, "link"),
                    G_DEFINE_ENUM_VALUE (REFRAME_TOOLBOX_PHOTO, "photo"),
                    G_DEFINE_ENUM_VALUE (REFRAME_TOOLBOX_WORKED, "worked"))

G_DEFINE_FINAL_TYPE (ReframeToolboxItem, reframe_toolbox_item, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* g_set_str() arrives only in GLib 2.76. */
static gboolean
replace_str (char      **str,
             const char *value)
{
  if (g_strcmp0 (*str, value) == 0)
    return FALSE;
  g_free (*str);
  *str = g_strdup (value);
  return TRUE;
}

static GDateTime *
ensure_time (GDateTime **time,
             const char *iso)
{
  if (*time == NULL && iso != NULL)
    *time = g_date_time_new_from_iso8601 (iso, NULL);
  return *time;
}

static void
reframe_toolbox_item_finalize (GObject *object)
{
  ReframeToolboxItem *self = (ReframeToolboxItem *) object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->created_iso, g_free);
  g_clear_pointer (&self->updated_iso, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);

  G_OBJECT_CLASS (reframe_toolbox_item_parent_class)->finalize (object);
}

static void
reframe_toolbox_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ReframeToolboxItem *self = REFRAME_TOOLBOX_ITEM (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, reframe_toolbox_item_get_created (self));
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, reframe_toolbox_item_get_updated (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_toolbox_item_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ReframeToolboxItem *self = REFRAME_TOOLBOX_ITEM (object);

  switch (prop_id)
    {
    case PROP_UUID:
      /* Construct-only: a new item gets a fresh UUID in init. */
      if (g_value_get_string (value) != NULL)
        replace_str (&self->uuid, g_value_get_string (value));
      break;
    case PROP_KIND:
      reframe_toolbox_item_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_TEXT:
      reframe_toolbox_item_set_text (self, g_value_get_string (value));
      break;
    case PROP_DETAIL:
      reframe_toolbox_item_set_detail (self, g_value_get_string (value));
      break;
    case PROP_SOURCE:
      reframe_toolbox_item_set_source (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_toolbox_item_class_init (ReframeToolboxItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = reframe_toolbox_item_finalize;
  object_class->get_property = reframe_toolbox_item_get_property;
  object_class->set_property = reframe_toolbox_item_set_property;

  properties[PROP_UUID] =
      g_param_spec_string ("uuid",
                           NULL,
                           NULL,
                           NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
      g_param_spec_enum ("kind", NULL, NULL, REFRAME_TYPE_TOOLBOX_KIND, REFRAME_TOOLBOX_NOTE, rw);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, "", rw);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, rw);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, rw);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_toolbox_item_init (ReframeToolboxItem *self)
{
  self->uuid = g_uuid_string_random ();
  self->text = g_strdup ("");
}

/**
 * reframe_toolbox_item_new:
 * @kind: what it is
 * @text: the text, the name, the title or the caption (see #ReframeToolboxKind)
 *
 * Returns: (transfer full): a new, unsaved item with a fresh UUID
 */
ReframeToolboxItem *
reframe_toolbox_item_new (ReframeToolboxKind kind,
                          const char        *text)
{
  return g_object_new (REFRAME_TYPE_TOOLBOX_ITEM, "kind", kind, "text", text, NULL);
}

ReframeToolboxItem *
_reframe_toolbox_item_new_with_uuid (const char *uuid)
{
  return g_object_new (REFRAME_TYPE_TOOLBOX_ITEM, "uuid", uuid, NULL);
}

void
_reframe_toolbox_item_set_stamps (ReframeToolboxItem *self,
                                  const char         *created_iso,
                                  const char         *updated_iso)
{
  if (replace_str (&self->created_iso, created_iso))
    {
      g_clear_pointer (&self->created, g_date_time_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
    }
  if (replace_str (&self->updated_iso, updated_iso))
    {
      g_clear_pointer (&self->updated, g_date_time_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
    }
}

const char *
reframe_toolbox_item_get_uuid (ReframeToolboxItem *self)
{
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (self), NULL);
  return self->uuid;
}

ReframeToolboxKind
reframe_toolbox_item_get_kind (ReframeToolboxItem *self)
{
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (self), REFRAME_TOOLBOX_NOTE);
  return self->kind;
}

void
reframe_toolbox_item_set_kind (ReframeToolboxItem *self,
                               ReframeToolboxKind  kind)
{
  g_return_if_fail (REFRAME_IS_TOOLBOX_ITEM (self));
  g_return_if_fail (kind <= REFRAME_TOOLBOX_WORKED);

  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

/**
 * reframe_toolbox_item_get_text:
 *
 * Returns: the text, the name, the title or the caption; "" when not given
 */
const char *
reframe_toolbox_item_get_text (ReframeToolboxItem *self)
{
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (self), NULL);
  return self->text;
}

void
reframe_toolbox_item_set_text (ReframeToolboxItem *self,
                               const char         *text)
{
  g_return_if_fail (REFRAME_IS_TOOLBOX_ITEM (self));

  if (replace_str (&self->text, text ? text : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/**
 * reframe_toolbox_item_get_detail:
 *
 * Returns: (nullable): a person's phone number, a link's address or a photo's file
 *   name in the toolbox folder; %NULL when there is none
 */
const char *
reframe_toolbox_item_get_detail (ReframeToolboxItem *self)
{
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (self), NULL);
  return self->detail;
}

/**
 * reframe_toolbox_item_set_detail:
 * @detail: (nullable): the detail; "" is the same as %NULL
 */
void
reframe_toolbox_item_set_detail (ReframeToolboxItem *self,
                                 const char         *detail)
{
  g_return_if_fail (REFRAME_IS_TOOLBOX_ITEM (self));

  if (replace_str (&self->detail, detail && *detail ? detail : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

/**
 * reframe_toolbox_item_get_source:
 *
 * Returns: (nullable): where it came from: "insights:<tag>" for a proposal from
 *   Insights that the person took; %NULL for one they added themselves
 */
const char *
reframe_toolbox_item_get_source (ReframeToolboxItem *self)
{
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (self), NULL);
  return self->source;
}

/**
 * reframe_toolbox_item_set_source:
 * @source: (nullable): the source; "" is the same as %NULL
 */
void
reframe_toolbox_item_set_source (ReframeToolboxItem *self,
                                 const char         *source)
{
  g_return_if_fail (REFRAME_IS_TOOLBOX_ITEM (self));

  if (replace_str (&self->source, source && *source ? source : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/**
 * reframe_toolbox_item_get_created:
 *
 * Returns: (transfer none) (nullable): when it was first saved (UTC)
 */
GDateTime *
reframe_toolbox_item_get_created (ReframeToolboxItem *self)
{
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (self), NULL);
  return ensure_time (&self->created, self->created_iso);
}

/**
 * reframe_toolbox_item_get_updated:
 *
 * Returns: (transfer none) (nullable): when it was last saved (UTC)
 */
GDateTime *
reframe_toolbox_item_get_updated (ReframeToolboxItem *self)
{
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (self), NULL);
  return ensure_time (&self->updated, self->updated_iso);
}

/**
 * reframe_toolbox_kind_to_string:
 *
 * Returns: the kind's nick, as stored and as `reframe toolbox add --kind` takes it:
 *   "note", "reason", "person", "link", "photo" or "worked"
 */
const char *
reframe_toolbox_kind_to_string (ReframeToolboxKind kind)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (REFRAME_TYPE_TOOLBOX_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  g_return_val_if_fail (value != NULL, NULL);
  return value->value_nick;
}

/**
 * reframe_toolbox_kind_from_string:
 * @text: a nick, as reframe_toolbox_kind_to_string() gives
 * @kind: (out) (optional): the kind
 *
 * Returns: %TRUE when @text names a kind
 */
gboolean
reframe_toolbox_kind_from_string (const char         *text,
                                  ReframeToolboxKind *kind)
{
  g_autoptr (GEnumClass) klass = NULL;
  GEnumValue *value;

  if (text == NULL)
    return FALSE;
  klass = g_type_class_ref (REFRAME_TYPE_TOOLBOX_KIND);
  if ((value = g_enum_get_value_by_nick (klass, text)) == NULL)
    return FALSE;
  if (kind != NULL)
    *kind = value->value;
  return TRUE;
}
