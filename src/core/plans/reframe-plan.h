/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan.h: a homework plan a therapist hands over, as a checked object
 * (docs/plan-format.md). */

#pragma once

#include <gio/gio.h>

#include "reframe-assignment.h"
#include "reframe-store.h"
#include "reframe-template.h"

G_BEGIN_DECLS

#define REFRAME_PLAN_FORMAT    "reframe-plan"
#define REFRAME_PLAN_VERSION   1
#define REFRAME_PLAN_MIME_TYPE "application/x-reframe-plan"
#define REFRAME_PLAN_SUFFIX    ".reframe-plan"

/* Limits of the format: a plan is a few weeks of homework, never a journal. */
#define REFRAME_PLAN_MAX_BYTES          (4 * 1024 * 1024)
#define REFRAME_PLAN_MAX_ASSIGNMENTS    200
#define REFRAME_PLAN_MAX_QUESTIONNAIRES 20
#define REFRAME_PLAN_MAX_TEMPLATES      50
#define REFRAME_PLAN_MAX_DAYS           366
#define REFRAME_PLAN_MAX_EVERY_WEEKS    26

#define REFRAME_PLAN_ERROR (reframe_plan_error_quark ())

/**
 * ReframePlanError:
 * @REFRAME_PLAN_ERROR_INVALID: the file is not a plan, or breaks the format; the message
 *   says where and how, in words a person can act on
 * @REFRAME_PLAN_ERROR_TOO_NEW: the plan was made by a newer Reframe (a higher version)
 * @REFRAME_PLAN_ERROR_CONFLICT: the plan cannot go into this journal as it is (a template
 *   it carries clashes with one already there, or it names one that is nowhere)
 * @REFRAME_PLAN_ERROR_FAILED: reading, writing or importing failed
 */
typedef enum
{
  REFRAME_PLAN_ERROR_INVALID,
  REFRAME_PLAN_ERROR_TOO_NEW,
  REFRAME_PLAN_ERROR_CONFLICT,
  REFRAME_PLAN_ERROR_FAILED,
} ReframePlanError;

/**
 * ReframePlanRepeat:
 * @uuid: identifies the repeat; the homework it makes has UUIDs derived from it
 * @template_id: the questionnaire to fill in again ("phq-9")
 * @every_weeks: how often, in weeks (1–26)
 * @note: the therapist's note, "" when none
 *
 * A questionnaire to repeat through the plan's period. It becomes one piece of homework
 * done once in each stretch of @every_weeks weeks from the plan's first day.
 */
typedef struct
{
  /* Owned */
  char *uuid;
  char *template_id;
  char *note;

  guint every_weeks;
} ReframePlanRepeat;

#define REFRAME_TYPE_PLAN_REPEAT (reframe_plan_repeat_get_type ())
#define REFRAME_TYPE_PLAN        (reframe_plan_get_type ())

GQuark             reframe_plan_error_quark (void);
GType              reframe_plan_repeat_get_type (void) G_GNUC_CONST;
ReframePlanRepeat *reframe_plan_repeat_new (const char *uuid,
                                            const char *template_id,
                                            guint       every_weeks,
                                            const char *note);
ReframePlanRepeat *reframe_plan_repeat_copy (const ReframePlanRepeat *repeat);
void               reframe_plan_repeat_free (ReframePlanRepeat *repeat);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframePlanRepeat, reframe_plan_repeat_free)

G_DECLARE_FINAL_TYPE (ReframePlan, reframe_plan, REFRAME, PLAN, GObject)

gboolean         reframe_plan_check_period (const GDate *from,
                                            const GDate *to,
                                            GError     **error);
ReframePlan     *reframe_plan_new (const char  *therapist,
                                   const GDate *from,
                                   const GDate *to);
ReframePlan     *reframe_plan_new_from_bytes (GBytes  *bytes,
                                              GError **error);
ReframePlan     *reframe_plan_new_from_file (GFile        *file,
                                             GCancellable *cancellable,
                                             GError      **error);
ReframePlan     *reframe_plan_new_from_journal (ReframeStore *store,
                                                const char   *therapist,
                                                const GDate  *from,
                                                const GDate  *to,
                                                GPtrArray    *repeats,
                                                GError      **error);
void             reframe_plan_new_from_journal_async (ReframeStore       *store,
                                                      const char         *therapist,
                                                      const GDate        *from,
                                                      const GDate        *to,
                                                      GPtrArray          *repeats,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
ReframePlan     *reframe_plan_new_from_journal_finish (ReframeStore *store,
                                                       GAsyncResult *result,
                                                       GError      **error);
const char      *reframe_plan_get_uuid (ReframePlan *self);
const char      *reframe_plan_get_therapist (ReframePlan *self);
const GDate     *reframe_plan_get_from (ReframePlan *self);
const GDate     *reframe_plan_get_to (ReframePlan *self);
GPtrArray       *reframe_plan_get_items (ReframePlan *self);
GPtrArray       *reframe_plan_get_repeats (ReframePlan *self);
GPtrArray       *reframe_plan_get_templates (ReframePlan *self);
ReframeTemplate *reframe_plan_lookup_template (ReframePlan *self,
                                               const char  *id);
gboolean         reframe_plan_add_item (ReframePlan       *self,
                                        ReframeAssignment *assignment,
                                        GError           **error);
gboolean         reframe_plan_add_repeat (ReframePlan             *self,
                                          const ReframePlanRepeat *repeat,
                                          GError                 **error);
gboolean         reframe_plan_add_template (ReframePlan *self,
                                            ReframeTemplate *template,
                                            GError **error);
GPtrArray       *reframe_plan_dup_assignments (ReframePlan *self);
GBytes          *reframe_plan_to_bytes (ReframePlan *self);
gboolean         reframe_plan_write (ReframePlan  *self,
                                     GFile        *file,
                                     GCancellable *cancellable,
                                     GError      **error);

G_END_DECLS
