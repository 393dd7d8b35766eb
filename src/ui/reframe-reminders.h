/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-reminders.h: the daily homework reminder, sent as a GNotification at the chosen time. */

#pragma once

#include <gtk/gtk.h>

#include "reframe-store.h"

G_BEGIN_DECLS

/* The id the reminder is sent and withdrawn under. */
#define REFRAME_REMINDER_NOTIFICATION_ID "homework-reminder"

/* The reminder time used when the setting does not parse. */
#define REFRAME_REMINDER_DEFAULT_HOUR   19
#define REFRAME_REMINDER_DEFAULT_MINUTE 0

#define REFRAME_TYPE_REMINDERS (reframe_reminders_get_type ())

G_DECLARE_FINAL_TYPE (ReframeReminders, reframe_reminders, REFRAME, REMINDERS, GObject)

ReframeReminders *reframe_reminders_new (GApplication *application,
                                         GSettings    *settings);
ReframeStore     *reframe_reminders_get_store (ReframeReminders *self);
void              reframe_reminders_set_store (ReframeReminders *self,
                                               ReframeStore     *store);
void              reframe_reminders_set_locked (ReframeReminders *self,
                                                gboolean          locked);
gboolean          reframe_reminders_get_locked (ReframeReminders *self);
void              reframe_reminders_manage_window (ReframeReminders *self,
                                                   GtkWindow        *window);
gboolean          reframe_reminders_get_holding (ReframeReminders *self);
void              reframe_reminders_release (ReframeReminders *self);
GDateTime        *reframe_reminders_get_next_fire_time (ReframeReminders *self);
GPtrArray        *reframe_reminders_list_due (ReframeReminders *self,
                                              GDateTime        *now,
                                              GError          **error);
gboolean          reframe_reminders_compose (ReframeReminders *self,
                                             GDateTime        *now,
                                             char            **title,
                                             char            **body);
gboolean          reframe_reminders_fire (ReframeReminders *self,
                                          GDateTime        *now);

gboolean   reframe_reminders_parse_time (const char *text,
                                         int        *hour,
                                         int        *minute);
GDateTime *reframe_reminders_compute_next_fire_time (int        hour,
                                                     int        minute,
                                                     GDateTime *now);
char      *reframe_reminders_format_body (GPtrArray *titles);

G_END_DECLS
