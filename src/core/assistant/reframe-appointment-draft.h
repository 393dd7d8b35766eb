/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-appointment-draft.h: "Prepare for My Appointment": what the person chose to share, the
 * exact text sent, and the companion's draft in their voice. */

#pragma once

#include <gio/gio.h>

#include "reframe-chat-request.h"
#include "reframe-crisis-check.h"
#include "reframe-http-provider.h"
#include "reframe-report.h"

G_BEGIN_DECLS

/**
 * ReframeAppointmentDraftError:
 * @REFRAME_APPOINTMENT_DRAFT_ERROR_EMPTY: nothing was chosen to draft from
 * @REFRAME_APPOINTMENT_DRAFT_ERROR_TOO_LONG: what was chosen does not fit the model's context
 * @REFRAME_APPOINTMENT_DRAFT_ERROR_NO_ANSWER: the model's answer held no text
 *
 * Why a draft could not be asked for or read.
 */
typedef enum
{
  REFRAME_APPOINTMENT_DRAFT_ERROR_EMPTY,
  REFRAME_APPOINTMENT_DRAFT_ERROR_TOO_LONG,
  REFRAME_APPOINTMENT_DRAFT_ERROR_NO_ANSWER,
} ReframeAppointmentDraftError;

#define REFRAME_APPOINTMENT_DRAFT_ERROR (reframe_appointment_draft_error_quark ())

/* What can be chosen for the material: the mood summary, homework, questionnaire scores
 * and ticked entries (a subset of #ReframeReportKinds). */
#define REFRAME_APPOINTMENT_KINDS                                                          \
  (REFRAME_REPORT_MOOD_SUMMARY | REFRAME_REPORT_HOMEWORK | REFRAME_REPORT_QUESTIONNAIRES | \
   REFRAME_REPORT_ENTRIES)

/* The longest draft kept, in characters. */
#define REFRAME_APPOINTMENT_DRAFT_MAX_CHARS 6000

GQuark                reframe_appointment_draft_error_quark (void);
ReframeReportOptions *reframe_appointment_draft_make_options (const GDate       *from,
                                                              const GDate       *to,
                                                              ReframeReportKinds kinds,
                                                              const char *const *entry_uuids);
char                 *reframe_appointment_draft_render_material (ReframeReport     *report,
                                                                 const char *const *entry_uuids,
                                                                 GError           **error);
char                 *reframe_appointment_draft_dup_instruction (void);
ReframeChatRequest   *reframe_appointment_draft_build_request (const char *model,
                                                               const char *system_prompt,
                                                               const char *material,
                                                               guint       context_tokens,
                                                               GError    **error);
GBytes               *reframe_appointment_draft_request_to_json (ReframeChatRequest *request,
                                                                 gboolean            ollama);
char                 *reframe_appointment_draft_parse_reply (GBytes  *body,
                                                             gboolean ollama,
                                                             GError **error);
gboolean              reframe_appointment_draft_check_crisis (ReframeCrisisCheck *check,
                                                              const char         *draft);
void                  reframe_appointment_draft_request_async (ReframeHttpProvider *provider,
                                                               ReframeChatRequest  *request,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
char                 *reframe_appointment_draft_request_finish (ReframeHttpProvider *provider,
                                                                GAsyncResult        *result,
                                                                GError             **error);

G_END_DECLS
