/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-attachment.h: something from the journal the person chose to share
 * with the companion, and the exact text that shares it. */

#pragma once

#include <glib-object.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

/**
 * ReframeChatAttachmentKind:
 * @REFRAME_CHAT_ATTACHMENT_MOOD_SUMMARY: figures over the last days (no notes)
 * @REFRAME_CHAT_ATTACHMENT_MOOD_ENTRIES: the entries of the last days, with notes
 * @REFRAME_CHAT_ATTACHMENT_WORKSHEET: a worksheet, as text the caller gives
 * @REFRAME_CHAT_ATTACHMENT_HOMEWORK: homework, as text the caller gives
 *
 * What an attachment shares. Private entries are never part of the mood kinds.
 */
typedef enum
{
  REFRAME_CHAT_ATTACHMENT_MOOD_SUMMARY,
  REFRAME_CHAT_ATTACHMENT_MOOD_ENTRIES,
  REFRAME_CHAT_ATTACHMENT_WORKSHEET,
  REFRAME_CHAT_ATTACHMENT_HOMEWORK,
} ReframeChatAttachmentKind;

#define REFRAME_TYPE_CHAT_ATTACHMENT_KIND (reframe_chat_attachment_kind_get_type ())
#define REFRAME_TYPE_CHAT_ATTACHMENT      (reframe_chat_attachment_get_type ())

GType reframe_chat_attachment_kind_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (
    ReframeChatAttachment, reframe_chat_attachment, REFRAME, CHAT_ATTACHMENT, GObject)

ReframeChatAttachment    *reframe_chat_attachment_new_mood_summary (guint days);
ReframeChatAttachment    *reframe_chat_attachment_new_mood_entries (guint days);
ReframeChatAttachment    *reframe_chat_attachment_new_text (ReframeChatAttachmentKind kind,
                                                            const char               *label,
                                                            const char               *text);
ReframeChatAttachmentKind reframe_chat_attachment_get_kind (ReframeChatAttachment *self);
guint                     reframe_chat_attachment_get_days (ReframeChatAttachment *self);
const char               *reframe_chat_attachment_get_label (ReframeChatAttachment *self);
char                     *reframe_chat_attachment_render (ReframeChatAttachment *self,
                                                          ReframeStore          *store,
                                                          GDateTime             *now,
                                                          GError               **error);

G_END_DECLS
