/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-page-private.h: the homework page's insides, shared by the page
 * (reframe-homework-page.c) and its homework plans (reframe-homework-page-plans.c); and
 * what the tests look at. */

#pragma once

#include "reframe-assignment-editor.h"
#include "reframe-homework-page.h"
#include "reframe-plan-window.h"

G_BEGIN_DECLS

struct _ReframeHomeworkPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwPreferencesGroup *today_group;
  AdwPreferencesGroup *week_group;
  GtkListBox          *today_list;
  GtkListBox          *week_list;
  AdwStatusPage       *error_status;

  /* Owned */
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  GHashTable              *assignments; /* uuid → ReframeAssignment, as shown */
  GListStore              *today_items; /* ReframeHomeworkItem, due or done today */
  GListStore              *week_items;  /* ReframeHomeworkItem, all of them */
  guint                    refresh_idle_id;
  guint                    midnight_timeout_id;
  GDate                    fixed_today; /* for the tests; invalid means the real today */
  GtkFileChooserNative    *plan_chooser;

  /* Borrowed: the today list's placeholder */
  GtkWidget *today_placeholder;

  /* Borrowed, weak: the open editor and plan window */
  ReframeAssignmentEditor *editor;
  ReframePlanWindow       *plan_window;
};

/* reframe-homework-page.c */
void _reframe_homework_page_show_toast_printf (ReframeHomeworkPage *self,
                                               const char          *undo_action,
                                               const char          *uuid,
                                               const char          *format,
                                               ...) G_GNUC_PRINTF (4, 5);
void _reframe_homework_page_queue_refresh (ReframeHomeworkPage *self);

/* reframe-homework-page-plans.c */
void _reframe_homework_page_class_init_plans (GtkWidgetClass *widget_class);
void _reframe_homework_page_init_plans (ReframeHomeworkPage *self);
void _reframe_homework_page_dispose_plans (ReframeHomeworkPage *self);

/* For the tests */
ReframeAssignmentEditor *_reframe_homework_page_get_editor (ReframeHomeworkPage *self);
const char              *_reframe_homework_page_get_state (ReframeHomeworkPage *self);
AdwActionRow            *_reframe_homework_page_find_today_row (ReframeHomeworkPage *self,
                                                                const char          *uuid);
AdwActionRow            *_reframe_homework_page_find_week_row (ReframeHomeworkPage *self,
                                                               const char          *uuid);
guint                    _reframe_homework_page_count_today (ReframeHomeworkPage *self);
void                     _reframe_homework_page_set_today (ReframeHomeworkPage *self,
                                                           const GDate         *today);

G_END_DECLS
