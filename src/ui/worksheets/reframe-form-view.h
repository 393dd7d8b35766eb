/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-form-view.h: the one form renderer: the editor for any worksheet or questionnaire
 * template. */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "reframe-template.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_FORM_VIEW (reframe_form_view_get_type ())

G_DECLARE_FINAL_TYPE (ReframeFormView, reframe_form_view, REFRAME, FORM_VIEW, GtkWidget)

GtkWidget       *reframe_form_view_new (ReframeTemplate *template,
                                        JsonObject *answers);
ReframeTemplate *reframe_form_view_get_template (ReframeFormView *self);
JsonObject      *reframe_form_view_get_answers (ReframeFormView *self);
guint            reframe_form_view_get_n_steps (ReframeFormView *self);
guint            reframe_form_view_get_step (ReframeFormView *self);
void             reframe_form_view_set_step (ReframeFormView *self,
                                             guint            step);
void             reframe_form_view_focus_step (ReframeFormView *self);
gboolean         reframe_form_view_get_whole_form (ReframeFormView *self);
void             reframe_form_view_set_whole_form (ReframeFormView *self,
                                                   gboolean         whole_form);
gboolean         reframe_form_view_validate (ReframeFormView *self);
GtkWidget       *reframe_form_view_get_field_widget (ReframeFormView *self,
                                                     const char      *field_id);

G_END_DECLS
