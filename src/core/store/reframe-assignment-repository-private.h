/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-assignment-repository-private.h: calls between the repository and the store. */

#pragma once

#include "reframe-assignment-repository.h"

G_BEGIN_DECLS

ReframeAssignmentRepository *_reframe_assignment_repository_new (ReframeStore *store);
void                         _reframe_assignment_repository_detach (ReframeAssignmentRepository *self);

G_END_DECLS
