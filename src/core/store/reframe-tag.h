/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-tag.h: a feeling or an activity that entries can carry. */

#pragma once

#include <glib-object.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_TAG (reframe_tag_get_type ())

G_DECLARE_FINAL_TYPE (ReframeTag, reframe_tag, REFRAME, TAG, GObject)

ReframeTag    *reframe_tag_new (ReframeTagKind kind,
                                const char    *name,
                                const char    *icon_name,
                                gboolean       builtin);
ReframeTagKind reframe_tag_get_kind (ReframeTag *self);
const char    *reframe_tag_get_name (ReframeTag *self);
const char    *reframe_tag_get_label (ReframeTag *self);
const char    *reframe_tag_get_icon_name (ReframeTag *self);
gboolean       reframe_tag_get_builtin (ReframeTag *self);

G_END_DECLS
