/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-appointment-draft.c: "Prepare for My Appointment": what the person chose to share, the
 * exact text sent, and the companion's draft in their voice.
 *
 * The material is the report of the period (the same builder and the same summary as
 * Share with Therapist and Insights), narrowed to what the person chose: the mood
 * summary, homework done against assigned, questionnaire scores, and only the entries
 * they ticked. It is rendered once as text; that text is what the consent preview shows
 * and, byte for byte, the user message of the request. The model is asked once, not
 * streamed, after the companion's system prompt with its safety rules. */

#define G_LOG_DOMAIN "ReframeAppointmentDraft"

#include "config.h"

#include "reframe-i18n.h"

#include <string.h>

#include "reframe-appointment-draft.h"
#include "reframe-context-budget.h"
#include "reframe-locale.h"
#include "reframe-ollama-provider.h"
#include "reframe-report-private.h"
#include "reframe-worksheet-draft.h"

G_DEFINE_QUARK (reframe - appointment - draft - error - quark, reframe_appointment_draft_error)

/**
 * reframe_appointment_draft_make_options:
 * @from: the period's first day
 * @to: the period's last day
 * @kinds: what to include, of %REFRAME_APPOINTMENT_KINDS
 * @entry_uuids: (nullable) (array zero-terminated=1): the entries the person ticked
 *
 * The report options for the material: the kinds chosen, and the ticked entries
 * included even when private (ticking is choosing).
 *
 * Returns: (transfer full): the options
 */
ReframeReportOptions *
reframe_appointment_draft_make_options (const GDate       *from,
                                        const GDate       *to,
                                        ReframeReportKinds kinds,
                                        const char *const *entry_uuids)
{
  ReframeReportOptions *options;

  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  options = reframe_report_options_new (from, to);
  reframe_report_options_set_kinds (options, kinds & REFRAME_APPOINTMENT_KINDS);
  for (guint i = 0; entry_uuids != NULL && entry_uuids[i] != NULL; i++)
    reframe_report_options_include (options, entry_uuids[i]);
  return options;
}

static void
append_entries (GString           *text,
                ReframeReport     *report,
                const char *const *entry_uuids)
{
  GPtrArray *entries = reframe_report_get_entries (report);
  gboolean   any = FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      ReframeMoodEntry *entry = g_ptr_array_index (entries, i);

      /* Only what was ticked: the report also holds the period's other shared entries. */
      if (!g_strv_contains (entry_uuids, reframe_mood_entry_get_uuid (entry)))
        continue;
      if (!any)
        g_string_append_printf (text, "## %s\n\n", _ ("Entries I chose"));
      any = TRUE;
      _reframe_report_append_entry_markdown (text, entry);
    }
}

/**
 * reframe_appointment_draft_render_material:
 * @report: the period's report, built with reframe_appointment_draft_make_options()
 * @entry_uuids: (nullable) (array zero-terminated=1): the entries the person ticked
 * @error: return location for a #GError
 *
 * The exact text the companion is given: the period, the summary of the kinds the
 * report was built with, and the ticked entries. The consent preview shows this text,
 * and the request carries it unchanged.
 *
 * Returns: (transfer full) (nullable): the text; %NULL with
 *   %REFRAME_APPOINTMENT_DRAFT_ERROR_EMPTY when nothing was chosen
 */
char *
reframe_appointment_draft_render_material (ReframeReport     *report,
                                           const char *const *entry_uuids,
                                           GError           **error)
{
  static const char *const none[] = { NULL };
  ReframeReportKinds       kinds;
  g_autoptr (GString) text = NULL;
  g_autofree char *from = NULL, *to = NULL;
  gsize            before;

  g_return_val_if_fail (report != NULL, NULL);

  if (entry_uuids == NULL || (reframe_report_get_kinds (report) & REFRAME_REPORT_ENTRIES) == 0)
    entry_uuids = none;
  kinds = reframe_report_get_kinds (report);
  text = g_string_new (NULL);
  from = reframe_locale_format_date (reframe_report_get_from (report), REFRAME_DATE_FULL);
  to = reframe_locale_format_date (reframe_report_get_to (report), REFRAME_DATE_FULL);
  /* TRANSLATORS: the first line of what the companion is given to draft from; the period's first
   * and last day. */
  g_string_append_printf (text, _ ("Period: %s to %s"), from, to);
  g_string_append (text, "\n\n");
  before = text->len;
  if ((kinds & (REFRAME_REPORT_MOOD_SUMMARY | REFRAME_REPORT_QUESTIONNAIRES |
                REFRAME_REPORT_HOMEWORK)) != 0)
    _reframe_report_append_summary_markdown (text, report);
  append_entries (text, report, entry_uuids);
  if (text->len == before)
    {
      g_set_error_literal (error,
                           REFRAME_APPOINTMENT_DRAFT_ERROR,
                           REFRAME_APPOINTMENT_DRAFT_ERROR_EMPTY,
                           _ ("Nothing is chosen to draft from. Turn on the mood summary, homework "
                              "or scores, or tick an entry."));
      return NULL;
    }
  /* One newline at the end. */
  while (text->len > 1 && text->str[text->len - 1] == '\n' && text->str[text->len - 2] == '\n')
    g_string_truncate (text, text->len - 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * reframe_appointment_draft_dup_instruction:
 *
 * Returns: (transfer full): what the model is asked to do, after its system prompt
 */
char *
reframe_appointment_draft_dup_instruction (void)
{
  /* TRANSLATORS: the instruction to the model that drafts the appointment summary. */
  return g_strdup (_ ("The person is preparing for their next therapy appointment. From what they "
                      "share in the next message, draft a short summary for them to read out or "
                      "hand over, in their own voice (first person), starting with “This week I…”. "
                      "Keep to what they shared; do not add, guess, diagnose or advise. Then list "
                      "three things they may want to talk about, as a numbered list. Write plain "
                      "text, in the language of what they shared, under 250 words."));
}

/**
 * reframe_appointment_draft_build_request:
 * @model: the model to ask
 * @system_prompt: the companion's system prompt with the safety rules
 * @material: the text from reframe_appointment_draft_render_material()
 * @context_tokens: the model's context; 0 for the default
 * @error: return location for a #GError
 *
 * The request: the system prompt first, always; the instruction; then @material as the
 * person's message, unchanged. Nothing of it is left out to fit: when it does not fit
 * the context beside room for the answer, nothing is sent.
 *
 * Returns: (transfer full) (nullable): the request; %NULL with
 *   %REFRAME_APPOINTMENT_DRAFT_ERROR_TOO_LONG when it does not fit
 */
ReframeChatRequest *
reframe_appointment_draft_build_request (const char *model,
                                         const char *system_prompt,
                                         const char *material,
                                         guint       context_tokens,
                                         GError    **error)
{
  g_autoptr (ReframeContextBudget) budget = NULL;
  g_autofree char    *instruction = reframe_appointment_draft_dup_instruction ();
  ReframeChatRequest *request;
  guint               tokens, room;

  g_return_val_if_fail (model != NULL && system_prompt != NULL && material != NULL, NULL);

  budget = reframe_context_budget_new (context_tokens != 0 ? context_tokens
                                                           : REFRAME_CONTEXT_BUDGET_DEFAULT_TOKENS);
  tokens = reframe_context_budget_estimate_message (system_prompt) +
           reframe_context_budget_estimate_message (instruction) +
           reframe_context_budget_estimate_message (material);
  room = reframe_context_budget_get_context_tokens (budget) -
         reframe_context_budget_get_reply_tokens (budget);
  if (tokens > room)
    {
      g_set_error_literal (error,
                           REFRAME_APPOINTMENT_DRAFT_ERROR,
                           REFRAME_APPOINTMENT_DRAFT_ERROR_TOO_LONG,
                           _ ("What you chose is more than the model can read at once. Untick some "
                              "entries and try again."));
      return NULL;
    }
  request = reframe_chat_request_new (model);
  reframe_chat_request_set_context_tokens (request,
                                           reframe_context_budget_get_context_tokens (budget));
  reframe_chat_request_add_message (request, "system", system_prompt);
  reframe_chat_request_add_message (request, "system", instruction);
  reframe_chat_request_add_message (request, "user", material);
  return request;
}

/**
 * reframe_appointment_draft_request_to_json:
 * @request: a request from reframe_appointment_draft_build_request()
 * @ollama: whether the service is Ollama (else OpenAI-compatible)
 *
 * Returns: (transfer full): the request's body, not streamed
 */
GBytes *
reframe_appointment_draft_request_to_json (ReframeChatRequest *request,
                                           gboolean            ollama)
{
  g_autoptr (GBytes) chat = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  char *text;

  g_return_val_if_fail (request != NULL, NULL);

  chat = reframe_chat_request_to_json_full (request, ollama);
  if (!json_parser_load_from_data (
          parser, g_bytes_get_data (chat, NULL), g_bytes_get_size (chat), NULL))
    g_assert_not_reached ();
  json_object_set_boolean_member (
      json_node_get_object (json_parser_get_root (parser)), "stream", FALSE);
  text = json_to_string (json_parser_get_root (parser), FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static void
set_no_answer (GError **error)
{
  g_set_error_literal (
      error,
      REFRAME_APPOINTMENT_DRAFT_ERROR,
      REFRAME_APPOINTMENT_DRAFT_ERROR_NO_ANSWER,
      _ ("The companion’s answer held no draft. Try again, or write the summary yourself."));
}

/**
 * reframe_appointment_draft_parse_reply:
 * @body: a non-streamed chat reply
 * @ollama: whether it is Ollama's or OpenAI's
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the draft, trimmed, at most
 *   %REFRAME_APPOINTMENT_DRAFT_MAX_CHARS characters
 */
char *
reframe_appointment_draft_parse_reply (GBytes  *body,
                                       gboolean ollama,
                                       GError **error)
{
  g_autofree char *reply = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  /* The wire format of a non-streamed reply is the worksheet draft's. */
  reply = reframe_worksheet_draft_parse_reply (body, ollama, NULL);
  if (reply == NULL || !g_utf8_validate (reply, -1, NULL) || *g_strstrip (reply) == '\0')
    {
      set_no_answer (error);
      return NULL;
    }
  if (g_utf8_strlen (reply, -1) > REFRAME_APPOINTMENT_DRAFT_MAX_CHARS)
    *g_utf8_offset_to_pointer (reply, REFRAME_APPOINTMENT_DRAFT_MAX_CHARS) = '\0';
  return g_steal_pointer (&reply);
}

/**
 * reframe_appointment_draft_check_crisis:
 * @check: the crisis check
 * @draft: the companion's draft
 *
 * Checks the draft as a reply (method or means, what a reply must never say) and as
 * the person's own words (crisis language), since it is written in their voice.
 *
 * Returns: whether the draft holds crisis language or what a reply must not say
 */
gboolean
reframe_appointment_draft_check_crisis (ReframeCrisisCheck *check,
                                        const char         *draft)
{
  g_return_val_if_fail (check != NULL, FALSE);
  g_return_val_if_fail (draft != NULL, FALSE);

  return reframe_crisis_check_reply (check, draft) != REFRAME_CRISIS_CATEGORY_NONE ||
         reframe_crisis_check_message (check, draft, NULL) != REFRAME_CRISIS_CATEGORY_NONE;
}

static void
post_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body =
      reframe_http_provider_post_chat_finish (REFRAME_HTTP_PROVIDER (object), result, &error);
  g_autofree char *draft = NULL;

  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  draft = reframe_appointment_draft_parse_reply (
      body, GPOINTER_TO_INT (g_task_get_task_data (task)), &error);
  if (draft == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&draft), g_free);
}

/**
 * reframe_appointment_draft_request_async:
 * @provider: the model service
 * @request: from reframe_appointment_draft_build_request()
 * @cancellable: (nullable): a #GCancellable (Stop)
 * @callback: called with the draft
 * @user_data: data for @callback
 *
 * Asks the model for the draft, once and not streamed.
 */
void
reframe_appointment_draft_request_async (ReframeHttpProvider *provider,
                                         ReframeChatRequest  *request,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GBytes) body = NULL;
  gboolean ollama;

  g_return_if_fail (REFRAME_IS_HTTP_PROVIDER (provider));
  g_return_if_fail (request != NULL);

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_appointment_draft_request_async);
  ollama = REFRAME_IS_OLLAMA_PROVIDER (provider);
  g_task_set_task_data (task, GINT_TO_POINTER (ollama), NULL);
  body = reframe_appointment_draft_request_to_json (request, ollama);
  reframe_http_provider_post_chat_async (provider,
                                         body,
                                         reframe_chat_request_get_model (request),
                                         cancellable,
                                         post_done_cb,
                                         g_steal_pointer (&task));
}

/**
 * reframe_appointment_draft_request_finish:
 * @provider: the model service
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the draft; %NULL with @error set when the
 *   service failed or the answer held no text
 */
char *
reframe_appointment_draft_request_finish (ReframeHttpProvider *provider,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
