/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-item.h: one thing in the person's coping toolbox (hope box): a short
 * text, a reason to live, someone to call, a song or a link, a photo, or something that
 * worked before. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * ReframeToolboxKind:
 * @REFRAME_TOOLBOX_NOTE: a short text: a quote, a message to self
 * @REFRAME_TOOLBOX_REASON: a reason to live
 * @REFRAME_TOOLBOX_PERSON: someone to call: text = name, detail = phone number
 * @REFRAME_TOOLBOX_LINK: a song, a video, a web page: text = title, detail = URI
 * @REFRAME_TOOLBOX_PHOTO: a photo: text = caption, detail = file name inside the
 *   toolbox folder
 * @REFRAME_TOOLBOX_WORKED: something that worked before (also what Insights proposes)
 */
typedef enum
{
  REFRAME_TOOLBOX_NOTE,
  REFRAME_TOOLBOX_REASON,
  REFRAME_TOOLBOX_PERSON,
  REFRAME_TOOLBOX_LINK,
  REFRAME_TOOLBOX_PHOTO,
  REFRAME_TOOLBOX_WORKED,
} ReframeToolboxKind;

#define REFRAME_TYPE_TOOLBOX_KIND (reframe_toolbox_kind_get_type ())
#define REFRAME_TYPE_TOOLBOX_ITEM (reframe_toolbox_item_get_type ())

GType reframe_toolbox_kind_get_type (void);

G_DECLARE_FINAL_TYPE (ReframeToolboxItem, reframe_toolbox_item, REFRAME, TOOLBOX_ITEM, GObject)

ReframeToolboxItem *reframe_toolbox_item_new (ReframeToolboxKind kind,
                                              const char        *text);
const char         *reframe_toolbox_item_get_uuid (ReframeToolboxItem *self);
ReframeToolboxKind  reframe_toolbox_item_get_kind (ReframeToolboxItem *self);
void                reframe_toolbox_item_set_kind (ReframeToolboxItem *self,
                                                   ReframeToolboxKind  kind);
const char         *reframe_toolbox_item_get_text (ReframeToolboxItem *self);
void                reframe_toolbox_item_set_text (ReframeToolboxItem *self,
                                                   const char         *text);
const char         *reframe_toolbox_item_get_detail (ReframeToolboxItem *self);
void                reframe_toolbox_item_set_detail (ReframeToolboxItem *self,
                                                     const char         *detail);
const char         *reframe_toolbox_item_get_source (ReframeToolboxItem *self);
void                reframe_toolbox_item_set_source (ReframeToolboxItem *self,
                                                     const char         *source);
GDateTime          *reframe_toolbox_item_get_created (ReframeToolboxItem *self);
GDateTime          *reframe_toolbox_item_get_updated (ReframeToolboxItem *self);

const char *reframe_toolbox_kind_to_string (ReframeToolboxKind kind);
gboolean    reframe_toolbox_kind_from_string (const char         *text,
                                              ReframeToolboxKind *kind);

G_END_DECLS
