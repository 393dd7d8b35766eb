/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-draft.h: a worksheet drafted by the model from a conversation, through
 * structured output. */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "reframe-chat-request.h"
#include "reframe-crisis-check.h"
#include "reframe-http-provider.h"
#include "reframe-template.h"

G_BEGIN_DECLS

/**
 * ReframeWorksheetDraftError:
 * @REFRAME_WORKSHEET_DRAFT_ERROR_INVALID: the model's answer is not a JSON object
 *
 * Why a drafted worksheet could not be read.
 */
typedef enum
{
  REFRAME_WORKSHEET_DRAFT_ERROR_INVALID,
} ReframeWorksheetDraftError;

#define REFRAME_WORKSHEET_DRAFT_ERROR (reframe_worksheet_draft_error_quark ())

/* The longest suggestion kept for a one-line and a several-line text field, in characters. */
#define REFRAME_WORKSHEET_DRAFT_SHORT_TEXT_MAX 300
#define REFRAME_WORKSHEET_DRAFT_LONG_TEXT_MAX  4000

/* The most rows kept for a table or an emotions field. */
#define REFRAME_WORKSHEET_DRAFT_MAX_ROWS 12

GQuark              reframe_worksheet_draft_error_quark (void);
JsonNode           *reframe_worksheet_draft_dup_schema (ReframeTemplate *template);
ReframeChatRequest *reframe_worksheet_draft_build_request (ReframeTemplate *template,
                                                           const char *model,
                                                           const char *system_prompt,
                                                           GListModel *messages,
                                                           guint       context_tokens);
GBytes             *reframe_worksheet_draft_request_to_json (ReframeChatRequest *request,
                                                             ReframeTemplate *template,
                                                             gboolean ollama);
char               *reframe_worksheet_draft_parse_reply (GBytes  *body,
                                                         gboolean ollama,
                                                         GError **error);
JsonObject         *reframe_worksheet_draft_validate (ReframeTemplate *template,
                                                      const char *reply,
                                                      GPtrArray **left_out,
                                                      GError    **error);
char               *reframe_worksheet_draft_dup_text (JsonObject *answers);
gboolean            reframe_worksheet_draft_check_crisis (ReframeCrisisCheck *check,
                                                          JsonObject         *answers);
void                reframe_worksheet_draft_request_async (ReframeHttpProvider *provider,
                                                           ReframeTemplate *template,
                                                           ReframeChatRequest *request,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
JsonObject         *reframe_worksheet_draft_request_finish (ReframeHttpProvider *provider,
                                                            GAsyncResult        *result,
                                                            GPtrArray          **left_out,
                                                            GError             **error);

G_END_DECLS
