/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-assignment.h: one piece of homework the therapist gave: a template to fill in
 * or a free-text task, how often, and for how long. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * ReframeFrequency:
 * @REFRAME_FREQUENCY_DAILY: every day from the start date to the end date
 * @REFRAME_FREQUENCY_TIMES_PER_WEEK: a number of days in each week (Monday to Sunday)
 * @REFRAME_FREQUENCY_ONCE: once, by the due date
 */
typedef enum
{
  REFRAME_FREQUENCY_DAILY,
  REFRAME_FREQUENCY_TIMES_PER_WEEK,
  REFRAME_FREQUENCY_ONCE,
} ReframeFrequency;

#define REFRAME_TYPE_FREQUENCY  (reframe_frequency_get_type ())
#define REFRAME_TYPE_ASSIGNMENT (reframe_assignment_get_type ())

GType reframe_frequency_get_type (void);

G_DECLARE_FINAL_TYPE (ReframeAssignment, reframe_assignment, REFRAME, ASSIGNMENT, GObject)

ReframeAssignment *reframe_assignment_new (const char *title,
                                           const char *template_id);
const char        *reframe_assignment_get_uuid (ReframeAssignment *self);
const char        *reframe_assignment_get_title (ReframeAssignment *self);
void               reframe_assignment_set_title (ReframeAssignment *self,
                                                 const char        *title);
const char        *reframe_assignment_get_template_id (ReframeAssignment *self);
void               reframe_assignment_set_template_id (ReframeAssignment *self,
                                                       const char        *template_id);
gboolean           reframe_assignment_is_task (ReframeAssignment *self);
ReframeFrequency   reframe_assignment_get_frequency (ReframeAssignment *self);
void               reframe_assignment_set_frequency (ReframeAssignment *self,
                                                     ReframeFrequency   frequency);
guint              reframe_assignment_get_times_per_week (ReframeAssignment *self);
void               reframe_assignment_set_times_per_week (ReframeAssignment *self,
                                                          guint              times);
const GDate       *reframe_assignment_get_start_date (ReframeAssignment *self);
void               reframe_assignment_set_start_date (ReframeAssignment *self,
                                                      const GDate       *date);
const GDate       *reframe_assignment_get_end_date (ReframeAssignment *self);
void               reframe_assignment_set_end_date (ReframeAssignment *self,
                                                    const GDate       *date);
const GDate       *reframe_assignment_get_due_date (ReframeAssignment *self);
void               reframe_assignment_set_due_date (ReframeAssignment *self,
                                                    const GDate       *date);
const char        *reframe_assignment_get_rationale (ReframeAssignment *self);
void               reframe_assignment_set_rationale (ReframeAssignment *self,
                                                     const char        *rationale);
const char        *reframe_assignment_get_therapist_note (ReframeAssignment *self);
void               reframe_assignment_set_therapist_note (ReframeAssignment *self,
                                                          const char        *note);
gboolean           reframe_assignment_get_reminder (ReframeAssignment *self);
void               reframe_assignment_set_reminder (ReframeAssignment *self,
                                                    gboolean           reminder);
gboolean           reframe_assignment_get_archived (ReframeAssignment *self);
void               reframe_assignment_set_archived (ReframeAssignment *self,
                                                    gboolean           archived);
GDateTime         *reframe_assignment_get_created (ReframeAssignment *self);
GDateTime         *reframe_assignment_get_updated (ReframeAssignment *self);

G_END_DECLS
