/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-form-view-private.h: the form view's insides, shared by its layout and steps
 * (reframe-form-view.c) and its field builders (reframe-form-fields.c); and a form whose
 * answers the companion suggested, for the worksheet editor. */

#pragma once

#include "reframe-form-view.h"

G_BEGIN_DECLS

struct _ReframeFormView
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget      *scroller;
  GtkWidget      *steps_box;
  GtkWidget      *progress_box;
  GtkProgressBar *progress;
  GtkLabel       *step_label;
  GtkWidget      *back_button;
  GtkWidget      *next_button;

  /* Owned */
  ReframeTemplate *template;
  JsonObject *answers;
  GPtrArray  *sections;      /* one widget per step */
  GPtrArray  *context_views; /* of ContextView, refreshed when a step shows */
  GPtrArray  *rerate_views;  /* of RerateView */
  GHashTable *errors;        /* field id → its error label */
  GHashTable *widgets;       /* field id → its main control */
  GHashTable *suggested;     /* nullable: ids of the fields the companion filled in */
  GPtrArray  *notes;         /* the "Suggested by the companion" labels built so far */
  guint       step;
  gboolean    whole_form;
};

GtkWidget *_reframe_form_view_new_suggested (ReframeTemplate *template,
                                             JsonObject *answers);
guint      _reframe_form_view_get_n_suggested (ReframeFormView *self);
void       _reframe_form_view_clear_suggested (ReframeFormView *self);

/* reframe-form-view.c */
void _reframe_form_view_emit_changed (ReframeFormView *self,
                                      const char      *field_id);
void _reframe_form_view_check_safety (ReframeFormView *self);

/* reframe-form-fields.c */
GtkWidget *_reframe_form_view_build_field (ReframeFormView            *self,
                                           const ReframeTemplateField *field);
void       _reframe_form_view_add_rerate_row (ReframeFormView            *self,
                                              GtkBox                     *rows,
                                              const ReframeTemplateField *field,
                                              JsonObject                 *row);
JsonArray *_reframe_form_view_read_array (JsonObject *target,
                                          const char *key);
gboolean   _reframe_form_view_focus_first_control (GtkWidget *widget);

G_END_DECLS
