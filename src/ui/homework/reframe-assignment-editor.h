/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-assignment-editor.h: the window that adds or changes one homework assignment, saving as
 * it goes. */

#pragma once

#include <adwaita.h>

#include "reframe-assignment-repository.h"
#include "reframe-template-registry.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_ASSIGNMENT_EDITOR (reframe_assignment_editor_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeAssignmentEditor, reframe_assignment_editor, REFRAME, ASSIGNMENT_EDITOR, AdwWindow)

ReframeAssignmentEditor *reframe_assignment_editor_new (GtkWindow                   *parent,
                                                        ReframeAssignmentRepository *repository,
                                                        ReframeTemplateRegistry     *registry,
                                                        ReframeAssignment           *assignment);
ReframeAssignment       *reframe_assignment_editor_get_assignment (ReframeAssignmentEditor *self);
gboolean                 reframe_assignment_editor_get_saved (ReframeAssignmentEditor *self);
gboolean                 reframe_assignment_editor_save_now (ReframeAssignmentEditor *self,
                                                             GError                 **error);

G_END_DECLS
