/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-page.h: what the therapist asked for: due today, this week's progress, the
 * assignments. */

#pragma once

#include <adwaita.h>

#include "reframe-assignment.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_HOMEWORK_PAGE (reframe_homework_page_get_type ())

G_DECLARE_FINAL_TYPE (ReframeHomeworkPage, reframe_homework_page, REFRAME, HOMEWORK_PAGE, AdwBin)

GtkWidget    *reframe_homework_page_new (void);
void          reframe_homework_page_set_store (ReframeHomeworkPage     *self,
                                               ReframeStore            *store,
                                               ReframeTemplateRegistry *registry);
ReframeStore *reframe_homework_page_get_store (ReframeHomeworkPage *self);
void          reframe_homework_page_refresh (ReframeHomeworkPage *self);
GtkWindow    *reframe_homework_page_add_assignment (ReframeHomeworkPage *self);
GtkWindow    *reframe_homework_page_edit_assignment (ReframeHomeworkPage *self,
                                                     ReframeAssignment   *assignment);
GtkWindow    *reframe_homework_page_open_plan (ReframeHomeworkPage *self,
                                               GFile               *file);

G_END_DECLS
