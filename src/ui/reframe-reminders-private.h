/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-reminders-private.h: the reminders' state, shared with the file of the notification,
 * its words and its buttons (reframe-reminders-notification.c). */

#pragma once

#include "reframe-reminders.h"

G_BEGIN_DECLS

struct _ReframeReminders
{
  GObject parent_instance;

  /* Borrowed: the application owns us */
  GApplication *application;

  /* Owned */
  GSettings       *settings;
  ReframeStore    *store;
  char            *journal_dir;
  GDateTime       *next_fire_time;
  GDateTime       *later_time;
  GCancellable    *cancellable;
  GDBusConnection *system_bus;

  guint timeout_id;
  guint sleep_subscription;

  /* The day (local, Julian) a reminder was sent on and is still showing, or 0. */
  guint32 shown_day;
  /* We called g_application_hold () to keep running in the background. */
  gboolean holding;
  /* The journal is locked: the reminder comes without a word of it. */
  gboolean locked;
  /* When it locked, some homework asked for a reminder. */
  gboolean locked_has_reminders;
};

/* What a reminder says, and what its buttons can do. */
typedef struct
{
  char    *title;
  char    *body;
  char    *day;
  GStrv    task_uuids;
  gboolean locked;
  guint    n_due;
} ReframeReminderContent;

void _reframe_reminder_content_clear (ReframeReminderContent *reminder);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReframeReminderContent, _reframe_reminder_content_clear)

ReframeStore  *_reframe_reminders_dup_store (ReframeReminders *self,
                                             GError          **error);
void           _reframe_reminders_send (ReframeReminders *self,
                                        const char       *id,
                                        GNotification    *notification);
void           _reframe_reminders_withdraw (ReframeReminders *self);
void           _reframe_reminders_install_actions (ReframeReminders *self);
void           _reframe_reminders_remove_actions (ReframeReminders *self);
GNotification *_reframe_reminders_make_notification (const ReframeReminderContent *reminder);
gboolean       _reframe_reminders_compose (ReframeReminders       *self,
                                           GDateTime              *now,
                                           ReframeReminderContent *reminder);

G_END_DECLS
