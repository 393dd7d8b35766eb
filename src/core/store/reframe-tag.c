/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-tag.c: a feeling or an activity that entries can carry. */

#define G_LOG_DOMAIN "ReframeTag"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-tag.h"

struct _ReframeTag
{
  GObject parent_instance;

  /* Owned */
  char *name;
  char *icon_name;

  ReframeTagKind kind;
  gboolean       builtin;
};

enum
{
  PROP_0,
  PROP_KIND,
  PROP_NAME,
  PROP_LABEL,
  PROP_ICON_NAME,
  PROP_BUILTIN,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (ReframeTag, reframe_tag, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
reframe_tag_finalize (GObject *object)
{
  ReframeTag *self = (ReframeTag *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->icon_name, g_free);

  G_OBJECT_CLASS (reframe_tag_parent_class)->finalize (object);
}

static void
reframe_tag_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ReframeTag *self = REFRAME_TAG (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_LABEL:
      g_value_set_string (value, reframe_tag_get_label (self));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;
    case PROP_BUILTIN:
      g_value_set_boolean (value, self->builtin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_tag_class_init (ReframeTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = reframe_tag_finalize;
  object_class->get_property = reframe_tag_get_property;

  properties[PROP_KIND] = g_param_spec_uint ("kind", NULL, NULL, 0, REFRAME_TAG_ACTIVITY, 0, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, ro);
  properties[PROP_BUILTIN] = g_param_spec_boolean ("builtin", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_tag_init (ReframeTag *self)
{
}

ReframeTag *
reframe_tag_new (ReframeTagKind kind,
                 const char    *name,
                 const char    *icon_name,
                 gboolean       builtin)
{
  ReframeTag *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (REFRAME_TYPE_TAG, NULL);
  self->kind = kind;
  self->name = g_strdup (name);
  self->icon_name = g_strdup (icon_name);
  self->builtin = builtin;
  return self;
}

ReframeTagKind
reframe_tag_get_kind (ReframeTag *self)
{
  g_return_val_if_fail (REFRAME_IS_TAG (self), 0);
  return self->kind;
}

/**
 * reframe_tag_get_name:
 *
 * Returns: the name as stored with entries (built-in names are English keys)
 */
const char *
reframe_tag_get_name (ReframeTag *self)
{
  g_return_val_if_fail (REFRAME_IS_TAG (self), NULL);
  return self->name;
}

/**
 * reframe_tag_get_label:
 *
 * Returns: the name to show: translated for built-in tags, as typed for the user's own
 */
const char *
reframe_tag_get_label (ReframeTag *self)
{
  g_return_val_if_fail (REFRAME_IS_TAG (self), NULL);

  if (self->builtin)
    return g_dpgettext2 (
        GETTEXT_PACKAGE, self->kind == REFRAME_TAG_FEELING ? "feeling" : "activity", self->name);
  return self->name;
}

/**
 * reframe_tag_get_icon_name:
 *
 * Returns: (nullable): a symbolic icon name; feelings have none
 */
const char *
reframe_tag_get_icon_name (ReframeTag *self)
{
  g_return_val_if_fail (REFRAME_IS_TAG (self), NULL);
  return self->icon_name;
}

gboolean
reframe_tag_get_builtin (ReframeTag *self)
{
  g_return_val_if_fail (REFRAME_IS_TAG (self), FALSE);
  return self->builtin;
}
