/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-import.h: what a homework plan would add and change in a journal, then adding it in
 * one step. */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "reframe-plan.h"
#include "reframe-store.h"

G_BEGIN_DECLS

/**
 * ReframePlanChangeKind:
 * @REFRAME_PLAN_CHANGE_ADD: not in the journal yet (or deleted from it): added
 * @REFRAME_PLAN_CHANGE_UPDATE: in the journal, with something the plan sets otherwise
 * @REFRAME_PLAN_CHANGE_NONE: in the journal as the plan has it
 */
typedef enum
{
  REFRAME_PLAN_CHANGE_ADD,
  REFRAME_PLAN_CHANGE_UPDATE,
  REFRAME_PLAN_CHANGE_NONE,
} ReframePlanChangeKind;

/**
 * ReframePlanChange:
 * @kind: what importing does to it
 * @assignment: the homework as the plan has it
 * @existing: (nullable): as the journal has it, for %REFRAME_PLAN_CHANGE_UPDATE and
 *   %REFRAME_PLAN_CHANGE_NONE
 * @fields: (array zero-terminated=1): what changes, as the plan format names it
 *   ("title", "template_id", "frequency", "times_per_week", "start", "end", "due",
 *   "reason", "note"); empty unless %REFRAME_PLAN_CHANGE_UPDATE
 */
typedef struct
{
  ReframePlanChangeKind kind;

  /* Owned */
  ReframeAssignment *assignment;
  ReframeAssignment *existing;
  GStrv              fields;
} ReframePlanChange;

#define REFRAME_TYPE_PLAN_CHANGE (reframe_plan_change_get_type ())
#define REFRAME_TYPE_PLAN_IMPORT (reframe_plan_import_get_type ())

GType              reframe_plan_change_get_type (void) G_GNUC_CONST;
ReframePlanChange *reframe_plan_change_copy (const ReframePlanChange *change);
void               reframe_plan_change_free (ReframePlanChange *change);
const char        *reframe_plan_change_describe_field (const char *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframePlanChange, reframe_plan_change_free)

G_DECLARE_FINAL_TYPE (ReframePlanImport, reframe_plan_import, REFRAME, PLAN_IMPORT, GObject)

ReframePlanImport    *reframe_plan_import_new (ReframeStore *store,
                                               ReframePlan  *plan,
                                               GError      **error);
ReframePlanImport    *reframe_plan_import_new_for_folder (const char  *data_dir,
                                                          ReframePlan *plan,
                                                          GError     **error);
void                  reframe_plan_import_new_async (ReframeStore       *store,
                                                     GFile              *file,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
ReframePlanImport    *reframe_plan_import_new_finish (GAsyncResult *result,
                                                      GError      **error);
ReframePlan          *reframe_plan_import_get_plan (ReframePlanImport *self);
ReframePlanChangeKind reframe_plan_import_get_plan_kind (ReframePlanImport *self);
GPtrArray            *reframe_plan_import_get_changes (ReframePlanImport *self);
guint                 reframe_plan_import_count (ReframePlanImport    *self,
                                                 ReframePlanChangeKind kind);
GPtrArray            *reframe_plan_import_get_new_templates (ReframePlanImport *self);
GPtrArray            *reframe_plan_import_get_present_templates (ReframePlanImport *self);
gboolean              reframe_plan_import_has_changes (ReframePlanImport *self);
gboolean              reframe_plan_import_apply (ReframePlanImport *self,
                                                 GCancellable      *cancellable,
                                                 GError           **error);
void                  reframe_plan_import_apply_async (ReframePlanImport  *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean              reframe_plan_import_apply_finish (ReframePlanImport *self,
                                                        GAsyncResult      *result,
                                                        GError           **error);
JsonNode             *reframe_plan_import_to_json (ReframePlanImport *self);
char                 *reframe_plan_import_dup_summary (ReframePlanImport *self);

G_END_DECLS
