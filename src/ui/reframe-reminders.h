/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-reminders.h: the daily homework reminder, sent as a GNotification at the chosen time,
 * with Done, Later and Open. */

#pragma once

#include <gtk/gtk.h>

#include "reframe-store.h"

G_BEGIN_DECLS

/* The id the reminder is sent and withdrawn under. */
#define REFRAME_REMINDER_NOTIFICATION_ID "homework-reminder"
/* The id of "Marked done", with its Undo. */
#define REFRAME_REMINDER_DONE_NOTIFICATION_ID "homework-marked-done"

/* Later brings the reminder again after this long. */
#define REFRAME_REMINDER_LATER_MINUTES 60

/* For tests only: the first reminder comes this many seconds after the start, as if
 * asked for Later, instead of at the set time (see reframe_reminders_new()). */
#define REFRAME_REMINDER_TEST_ENV "REFRAME_TEST_REMINDER_SECONDS"

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
void              reframe_reminders_set_journal_dir (ReframeReminders *self,
                                                     const char       *journal_dir);
void              reframe_reminders_set_locked (ReframeReminders *self,
                                                gboolean          locked);
gboolean          reframe_reminders_get_locked (ReframeReminders *self);
void              reframe_reminders_manage_window (ReframeReminders *self,
                                                   GtkWindow        *window);
gboolean          reframe_reminders_get_holding (ReframeReminders *self);
void              reframe_reminders_release (ReframeReminders *self);
GDateTime        *reframe_reminders_get_next_fire_time (ReframeReminders *self);
GDateTime        *reframe_reminders_get_later_time (ReframeReminders *self);
gboolean          reframe_reminders_check (ReframeReminders *self,
                                           GDateTime        *now);
void              reframe_reminders_later (ReframeReminders *self,
                                           GDateTime        *now);
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
