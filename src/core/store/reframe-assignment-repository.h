/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-assignment-repository.h: homework assignments and when they were done. */

#pragma once

#include <gio/gio.h>

#include "reframe-assignment.h"
#include "reframe-core-types.h"
#include "reframe-homework.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_ASSIGNMENT_REPOSITORY (reframe_assignment_repository_get_type ())

G_DECLARE_FINAL_TYPE (ReframeAssignmentRepository,
                      reframe_assignment_repository,
                      REFRAME,
                      ASSIGNMENT_REPOSITORY,
                      GObject)

ReframeStore      *reframe_assignment_repository_get_store (ReframeAssignmentRepository *self);
gboolean           reframe_assignment_repository_save (ReframeAssignmentRepository *self,
                                                       ReframeAssignment           *assignment,
                                                       GError                     **error);
gboolean           reframe_assignment_repository_delete (ReframeAssignmentRepository *self,
                                                         ReframeAssignment           *assignment,
                                                         GError                     **error);
gboolean           reframe_assignment_repository_restore (ReframeAssignmentRepository *self,
                                                          ReframeAssignment           *assignment,
                                                          GError                     **error);
gboolean           reframe_assignment_repository_purge_deleted (ReframeAssignmentRepository *self,
                                                                GError                     **error);
ReframeAssignment *reframe_assignment_repository_get (ReframeAssignmentRepository *self,
                                                      const char                  *uuid,
                                                      GError                     **error);
GListModel        *reframe_assignment_repository_list (ReframeAssignmentRepository *self,
                                                       GError                     **error);
gboolean           reframe_assignment_repository_mark_task_done (ReframeAssignmentRepository *self,
                                                                 ReframeAssignment           *assignment,
                                                                 GDateTime                   *when,
                                                                 GError                     **error);
gboolean           reframe_assignment_repository_unmark_task_done (ReframeAssignmentRepository *self,
                                                                   ReframeAssignment           *assignment,
                                                                   const GDate                 *day,
                                                                   GError                     **error);
GPtrArray         *reframe_assignment_repository_list_completions (ReframeAssignmentRepository *self,
                                                                   ReframeAssignment           *assignment,
                                                                   const GDate                 *from,
                                                                   const GDate                 *to,
                                                                   GError                     **error);
gboolean           reframe_assignment_repository_get_progress (ReframeAssignmentRepository *self,
                                                               ReframeAssignment           *assignment,
                                                               const GDate                 *today,
                                                               ReframeHomeworkProgress     *progress,
                                                               GError                     **error);

G_END_DECLS
