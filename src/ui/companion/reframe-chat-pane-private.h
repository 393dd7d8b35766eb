/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-pane-private.h: calls between the companion pane's files. */

#pragma once

#include "reframe-chat-pane.h"
#include "reframe-companion-config.h"
#include "reframe-conversation-repository.h"
#include "reframe-crisis-check.h"
#include "reframe-template-registry.h"
#include "reframe-wrap-box.h"

G_BEGIN_DECLS

struct _ReframeChatPane
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwWindowTitle    *window_title;
  GtkPopover        *conversations_popover;
  GtkSearchEntry    *conversation_search;
  GtkStack          *conversations_stack;
  GtkListBox        *conversations_list;
  GtkLabel          *conversations_empty_label;
  GtkImage          *locality_icon;
  GtkLabel          *locality_label;
  GtkImage          *secure_icon;
  GtkLabel          *model_label;
  GtkStack          *content_stack;
  AdwStatusPage     *unavailable_page;
  GtkScrolledWindow *messages_scroller;
  GtkBox            *messages_box;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  GtkDropDown       *model_dropdown;
  GtkButton         *use_model_button;
  GtkButton         *resend_button;
  ReframeWrapBox    *attachments_box;
  GtkMenuButton     *attach_button;
  GMenuModel        *attach_menu;
  GtkTextView       *composer;
  GtkWidget         *edit_banner;
  GtkStack          *send_stack;
  GtkButton         *preview_button;

  /* Owned */
  ReframeStore           *store;
  GSettings              *settings;
  ReframeCompanionConfig *config;
  ReframeChatSession     *session;
  GPtrArray              *bubbles;      /* in step with the session's messages */
  GtkWidget              *context_note; /* in messages_box, above the first message sent */
  GCancellable           *service_cancellable;
  GCancellable           *search_cancellable;
  char                   *endpoint;
  /* The remote endpoint this conversation's earlier messages have gone to, if any. */
  char                 *history_endpoint;
  gboolean              remote;
  gboolean              reachable;
  gboolean              stick_to_bottom;
  double                last_upper; /* of the messages' scroller, when last followed */
  guint                 follow_id;  /* the tick that scrolls to the newest text */
  ReframeConversation  *deleted;    /* waiting for its undo toast to go */
  ReframeModelProvider *provider;   /* the service the session uses, once it answered */
  ReframeChatMessage   *editing;    /* the sent message whose text is in the composer */
};

/* reframe-chat-pane.c: the messages, errors and the model service */
void                     _reframe_chat_pane_toast (ReframeChatPane *self,
                                                   const char      *text);
void                     _reframe_chat_pane_hide_error (ReframeChatPane *self);
void                     _reframe_chat_pane_show_error (ReframeChatPane *self,
                                                        const GError    *error);
ReframeTemplateRegistry *_reframe_chat_pane_get_registry (ReframeChatPane *self);
ReframeCrisisCheck      *_reframe_chat_pane_load_crisis_check (ReframeChatPane *self);

/* reframe-chat-pane-sending.c: sending, editing a sent message, consent, drafts */
void _reframe_chat_pane_class_install_sending_actions (GtkWidgetClass *widget_class);
void _reframe_chat_pane_init_composer (ReframeChatPane *self);

/* reframe-chat-pane-attachments.c: what goes with the messages, and its preview */
void _reframe_chat_pane_class_install_attachment_actions (GtkWidgetClass *widget_class);
void _reframe_chat_pane_init_attachments (ReframeChatPane *self);
void _reframe_chat_pane_update_attachments (ReframeChatPane *self);

/* reframe-chat-pane-conversations.c: the list, search, open, rename, delete with undo */
void _reframe_chat_pane_class_init_conversations (GtkWidgetClass *widget_class);
void _reframe_chat_pane_open_conversation (ReframeChatPane     *self,
                                           ReframeConversation *conversation);
void _reframe_chat_pane_update_title (ReframeChatPane *self);
void _reframe_chat_pane_purge_deleted (ReframeChatPane *self);

G_END_DECLS
