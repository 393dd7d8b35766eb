/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-assignment-repository-private.h: calls between the repository and the store. */

#pragma once

#include <sqlite3.h>

#include "reframe-assignment-repository.h"

G_BEGIN_DECLS

/* The columns _reframe_assignment_repository_read_row() reads, from `assignments a`. */
#define REFRAME_ASSIGNMENT_COLUMNS                                                            \
  "a.uuid, a.template_id, a.title, a.frequency, a.times_per_week, a.start_date, a.end_date, " \
  "a.due_date,"                                                                               \
  " a.rationale, a.therapist_note, a.reminder, a.archived, a.created, a.updated"

ReframeAssignmentRepository *_reframe_assignment_repository_new (ReframeStore *store);
void                         _reframe_assignment_repository_detach (ReframeAssignmentRepository *self);
ReframeAssignment           *_reframe_assignment_repository_read_row (sqlite3_stmt *stmt);
void                         _reframe_assignment_repository_emit_changed (ReframeAssignmentRepository *self,
                                                                          const char                  *uuid);

G_END_DECLS
