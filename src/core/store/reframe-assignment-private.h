/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-assignment-private.h: calls between the assignment and its repository. */

#pragma once

#include "reframe-assignment.h"

G_BEGIN_DECLS

ReframeAssignment *_reframe_assignment_new_with_uuid (const char *uuid);
void               _reframe_assignment_set_stamps (ReframeAssignment *self,
                                                   const char        *created_iso,
                                                   const char        *updated_iso);

G_END_DECLS
