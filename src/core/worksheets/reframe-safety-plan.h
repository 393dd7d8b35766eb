/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan.h: the person's safety plan, read from the safety-plan worksheet, step by
 * step. */

#pragma once

#include <json-glib/json-glib.h>

#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-template.h"
#include "reframe-worksheet.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_SAFETY_PLAN_CONTACT (reframe_safety_plan_contact_get_type ())
#define REFRAME_TYPE_SAFETY_PLAN_STEP    (reframe_safety_plan_step_get_type ())
#define REFRAME_TYPE_SAFETY_PLAN         (reframe_safety_plan_get_type ())

typedef struct _ReframeSafetyPlanContact ReframeSafetyPlanContact;
typedef struct _ReframeSafetyPlanStep    ReframeSafetyPlanStep;

/**
 * ReframeSafetyPlanContact:
 * @name: a person or a place, as the person wrote it
 * @phone: (nullable): their number, as written
 */
struct _ReframeSafetyPlanContact
{
  /* Owned */
  char *name;
  char *phone;
};

/**
 * ReframeSafetyPlanStep:
 * @id: the template's field id of the step's first field ("warning_signs", "helpers", …)
 * @title: the step's title, translated
 * @guidance: (nullable): the template's short guidance for the step, translated
 * @text: (nullable): what the person wrote in the step's text fields, %NULL when nothing
 * @contacts: (element-type ReframeSafetyPlanContact): the rows of the step's tables
 */
struct _ReframeSafetyPlanStep
{
  /* Owned */
  char      *id;
  char      *title;
  char      *guidance;
  char      *text;
  GPtrArray *contacts;
};

GType reframe_safety_plan_contact_get_type (void) G_GNUC_CONST;
ReframeSafetyPlanContact      *
reframe_safety_plan_contact_copy (const ReframeSafetyPlanContact *contact);
void reframe_safety_plan_contact_free (ReframeSafetyPlanContact *contact);

GType                  reframe_safety_plan_step_get_type (void) G_GNUC_CONST;
ReframeSafetyPlanStep *reframe_safety_plan_step_copy (const ReframeSafetyPlanStep *step);
void                   reframe_safety_plan_step_free (ReframeSafetyPlanStep *step);
gboolean               reframe_safety_plan_step_is_empty (const ReframeSafetyPlanStep *step);

G_DECLARE_FINAL_TYPE (ReframeSafetyPlan, reframe_safety_plan, REFRAME, SAFETY_PLAN, GObject)

ReframeSafetyPlan           *reframe_safety_plan_new (ReframeWorksheet *worksheet,
                                                      ReframeTemplate *template);
ReframeSafetyPlan           *reframe_safety_plan_new_from_steps (const char *title,
                                                                 const char *worksheet_uuid,
                                                                 GDateTime  *updated,
                                                                 GPtrArray  *steps);
ReframeSafetyPlan           *reframe_safety_plan_load (ReframeStore            *store,
                                                       ReframeTemplateRegistry *registry,
                                                       GError                 **error);
GPtrArray                   *reframe_safety_plan_get_steps (ReframeSafetyPlan *self);
const ReframeSafetyPlanStep *reframe_safety_plan_lookup_step (ReframeSafetyPlan *self,
                                                              const char        *id);
gboolean                     reframe_safety_plan_is_empty (ReframeSafetyPlan *self);
const char                  *reframe_safety_plan_get_title (ReframeSafetyPlan *self);
const char                  *reframe_safety_plan_get_worksheet_uuid (ReframeSafetyPlan *self);
GDateTime                   *reframe_safety_plan_get_updated (ReframeSafetyPlan *self);
char                        *reframe_safety_plan_dup_text (ReframeSafetyPlan *self);
void                         reframe_safety_plan_build_json (ReframeSafetyPlan *self,
                                                             JsonBuilder       *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeSafetyPlanContact, reframe_safety_plan_contact_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeSafetyPlanStep, reframe_safety_plan_step_free)

G_END_DECLS
