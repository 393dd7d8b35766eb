/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-appointment-draft.c: "Prepare for My Appointment": the material chosen, the request against
 * the fake server, the kept text, the report's first section and the crisis check of the draft. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "reframe-appointment-draft.h"
#include "reframe-appointment-notes.h"
#include "reframe-assignment-repository.h"
#include "reframe-context-budget.h"
#include "reframe-fake-model-server.h"
#include "reframe-mood-repository.h"
#include "reframe-ollama-provider.h"
#include "reframe-openai-provider.h"
#include "reframe-report-pdf-private.h"
#include "reframe-report-private.h"
#include "reframe-store-private.h"
#include "reframe-test-util.h"

#define SYSTEM_PROMPT "You are a journaling companion. Safety rules first."
#define DRAFT         "This week I walked three times and slept better.\n\n1. Work\n2. Sleep\n3. My sister"

typedef struct
{
  char                    *dir;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  char                    *first_entry;
  char                    *private_entry;
  char                    *other_entry;
} Fixture;

static GDate
day (const char *text)
{
  GDate date;

  g_assert_true (_reframe_report_parse_day (text, &date));
  return date;
}

static char *
add_entry (Fixture    *f,
           const char *iso_time,
           ReframeMood mood,
           const char *note,
           gboolean    private_)
{
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (iso_time, mood, note);
  g_autoptr (GError) error = NULL;

  reframe_mood_entry_set_private (entry, private_);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), entry, &error));
  g_assert_no_error (error);
  return g_strdup (reframe_mood_entry_get_uuid (entry));
}

/* 1–14 March 2026: a mood a day, a private entry, a PHQ-9 and a daily walk done 3 times. */
static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeAssignment) walk = reframe_assignment_new ("Walk for 20 minutes", NULL);
  GDate start = day ("2026-03-01");

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->registry = reframe_template_registry_new (f->dir, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= 14; i++)
    {
      g_autofree char *time = g_strdup_printf ("2026-03-%02uT09:00:00Z", i);
      g_autofree char *uuid = add_entry (f,
                                         time,
                                         i <= 7 ? REFRAME_MOOD_BAD : REFRAME_MOOD_GOOD,
                                         i == 1 ? "The first day of March" : "An ordinary day",
                                         FALSE);

      if (i == 1)
        f->first_entry = g_steal_pointer (&uuid);
      else if (i == 2)
        f->other_entry = g_steal_pointer (&uuid);
    }
  f->private_entry =
      add_entry (f, "2026-03-03T20:00:00Z", REFRAME_MOOD_GREAT, "secret private note", TRUE);
  g_free (add_entry (f, "2026-03-20T09:00:00Z", REFRAME_MOOD_AWFUL, "after the period", FALSE));
  g_free (reframe_test_add_worksheet (f->store,
                                      f->registry,
                                      "phq-9",
                                      "{\"item_1\": \"1\", \"item_2\": \"1\", \"item_3\": \"1\", "
                                      "\"item_4\": \"1\", \"item_5\": \"1\", "
                                      "\"item_6\": \"1\", \"item_7\": \"1\", \"item_8\": \"1\", "
                                      "\"item_9\": \"0\", \"difficulty\": \"somewhat\"}",
                                      "2026-03-10T09:00:00Z",
                                      FALSE));
  reframe_assignment_set_start_date (walk, &start);
  g_assert_true (
      reframe_assignment_repository_save (reframe_store_get_assignments (f->store), walk, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      const char *const days[] = { "2026-03-02T18:00:00Z",
                                   "2026-03-05T18:00:00Z",
                                   "2026-03-09T18:00:00Z" };
      g_autoptr (GDateTime) when = g_date_time_new_from_iso8601 (days[i], NULL);

      g_assert_true (reframe_assignment_repository_mark_task_done (
          reframe_store_get_assignments (f->store), walk, when, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->registry);
  g_clear_object (&f->store);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->first_entry);
  g_free (f->private_entry);
  g_free (f->other_entry);
}

/* The material for 1–14 March with @kinds and the @ticked entries; %NULL with @error when empty. */
static char *
material_for (Fixture           *f,
              ReframeReportKinds kinds,
              const char *const *ticked,
              GError           **error)
{
  GDate from = day ("2026-03-01"), to = day ("2026-03-14");
  g_autoptr (ReframeReportOptions) options =
      reframe_appointment_draft_make_options (&from, &to, kinds, ticked);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (ReframeReport) report =
      reframe_report_build (f->store, f->registry, options, NULL, &local_error);

  g_assert_no_error (local_error);
  return reframe_appointment_draft_render_material (report, ticked, error);
}

static void
test_material (Fixture      *f,
               gconstpointer data)
{
  const char *const ticked[] = { f->first_entry, f->private_entry, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *text = material_for (f, REFRAME_APPOINTMENT_KINDS, ticked, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "Period: 1 March 2026 to 14 March 2026\n\n"));
  /* The period's summary, as the report computes it. */
  g_assert_nonnull (strstr (text, "**Days logged:** 14 of 14 days"));
  g_assert_nonnull (strstr (text, "**Homework:** done 3 of 14 times"));
  g_assert_nonnull (strstr (text, "**PHQ-9:** 8 of 27"));
  /* Only the ticked entries, the private one because it was ticked. */
  g_assert_nonnull (strstr (text, "## Entries I chose"));
  g_assert_nonnull (strstr (text, "The first day of March"));
  g_assert_nonnull (strstr (text, "secret private note"));
  g_assert_null (strstr (text, "An ordinary day"));
  g_assert_null (strstr (text, "after the period"));
  g_assert_true (g_str_has_suffix (text, "\n") && !g_str_has_suffix (text, "\n\n"));
}

static void
test_material_choices (Fixture      *f,
                       gconstpointer data)
{
  const char *const other[] = { f->other_entry, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *nothing_ticked = material_for (f, REFRAME_APPOINTMENT_KINDS, NULL, &error);
  g_autofree char *homework_only = NULL, *entries_only = NULL, *empty = NULL;

  g_assert_no_error (error);
  /* Unticked: no entry at all, and the private one never. */
  g_assert_null (strstr (nothing_ticked, "Entries I chose"));
  g_assert_null (strstr (nothing_ticked, "secret private note"));
  g_assert_null (strstr (nothing_ticked, "The first day of March"));

  homework_only = material_for (f, REFRAME_REPORT_HOMEWORK, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (homework_only, "done 3 of 14 times"));
  g_assert_null (strstr (homework_only, "Days logged"));
  g_assert_null (strstr (homework_only, "PHQ-9"));

  /* A ticked entry with the entries switch off is not sent. */
  entries_only = material_for (f, REFRAME_REPORT_MOOD_SUMMARY, other, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (entries_only, "An ordinary day"));

  empty = material_for (f, 0, other, &error);
  g_assert_error (error, REFRAME_APPOINTMENT_DRAFT_ERROR, REFRAME_APPOINTMENT_DRAFT_ERROR_EMPTY);
  g_assert_null (empty);
}

static void
test_request (Fixture      *f,
              gconstpointer data)
{
  const char *const ticked[] = { f->first_entry, NULL };
  g_autofree char  *material = material_for (f, REFRAME_APPOINTMENT_KINDS, ticked, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeChatRequest) request = reframe_appointment_draft_build_request (
      REFRAME_FAKE_MODEL, SYSTEM_PROMPT, material, 0, &error);
  g_autofree char *instruction = reframe_appointment_draft_dup_instruction ();

  g_assert_no_error (error);
  g_assert_cmpuint (reframe_chat_request_get_n_messages (request), ==, 3);
  g_assert_cmpstr (reframe_chat_request_get_role (request, 0), ==, "system");
  g_assert_cmpstr (reframe_chat_request_get_content (request, 0), ==, SYSTEM_PROMPT);
  g_assert_cmpstr (reframe_chat_request_get_content (request, 1), ==, instruction);
  g_assert_cmpstr (reframe_chat_request_get_role (request, 2), ==, "user");
  g_assert_cmpstr (reframe_chat_request_get_content (request, 2), ==, material);
}

static void
test_request_too_long (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GString) material = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeChatRequest) request = NULL;

  for (guint i = 0; i < 400; i++)
    g_string_append (material, "A long day of writing things down. ");
  request = reframe_appointment_draft_build_request (
      REFRAME_FAKE_MODEL, SYSTEM_PROMPT, material->str, REFRAME_CONTEXT_BUDGET_MIN_TOKENS, &error);
  g_assert_error (error, REFRAME_APPOINTMENT_DRAFT_ERROR, REFRAME_APPOINTMENT_DRAFT_ERROR_TOO_LONG);
  g_assert_null (request);
}

typedef struct
{
  char    *draft;
  GError  *error;
  gboolean done;
} Result;

static void
draft_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Result *out = user_data;

  out->draft = reframe_appointment_draft_request_finish (
      REFRAME_HTTP_PROVIDER (object), result, &out->error);
  out->done = TRUE;
}

static void
run_draft (ReframeHttpProvider *provider,
           ReframeChatRequest  *request,
           Result              *out)
{
  reframe_appointment_draft_request_async (provider, request, NULL, draft_done_cb, out);
  while (!out->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
clear_result (Result *out)
{
  g_clear_pointer (&out->draft, g_free);
  g_clear_error (&out->error);
  out->done = FALSE;
}

/* The body the fake server received: the system prompt first, and the person's part
 * equal to the preview's text, byte for byte. */
static void
assert_body (ReframeFakeModelServer *server,
             const char             *material)
{
  g_autofree char *body = reframe_fake_model_server_dup_last_chat_body (server);
  g_autoptr (JsonNode) root = json_from_string (body, NULL);
  JsonObject *object = json_node_get_object (root);
  JsonArray  *messages = json_object_get_array_member (object, "messages");
  guint       n = json_array_get_length (messages);
  JsonObject *first = json_array_get_object_element (messages, 0);
  JsonObject *last = json_array_get_object_element (messages, n - 1);

  g_assert_false (json_object_get_boolean_member (object, "stream"));
  g_assert_cmpstr (json_object_get_string_member (first, "role"), ==, "system");
  g_assert_cmpstr (json_object_get_string_member (first, "content"), ==, SYSTEM_PROMPT);
  g_assert_cmpstr (json_object_get_string_member (last, "role"), ==, "user");
  g_assert_cmpmem (json_object_get_string_member (last, "content"),
                   strlen (json_object_get_string_member (last, "content")),
                   material,
                   strlen (material));
  for (guint i = 0; i < n - 1; i++)
    g_assert_cmpstr (
        json_object_get_string_member (json_array_get_object_element (messages, i), "role"),
        ==,
        "system");
}

static void
test_server (Fixture      *f,
             gconstpointer data)
{
  const char *const ticked[] = { f->first_entry, f->private_entry, NULL };
  g_autofree char  *material = material_for (f, REFRAME_APPOINTMENT_KINDS, ticked, NULL);
  g_autoptr (ReframeChatRequest) request = reframe_appointment_draft_build_request (
      REFRAME_FAKE_MODEL, SYSTEM_PROMPT, material, 0, NULL);
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  g_autoptr (ReframeOllamaProvider) ollama =
      reframe_ollama_provider_new (reframe_fake_model_server_get_uri (server), NULL);
  g_autoptr (ReframeOpenaiProvider) openai =
      reframe_openai_provider_new (reframe_fake_model_server_get_uri (server), NULL);
  Result out = { 0 };

  g_assert_true (
      g_str_has_prefix (reframe_fake_model_server_get_uri (server), "http://127.0.0.1:"));
  reframe_fake_model_server_set_structured_reply (server, "  " DRAFT "\n");
  run_draft (REFRAME_HTTP_PROVIDER (ollama), request, &out);
  g_assert_no_error (out.error);
  g_assert_cmpstr (out.draft, ==, DRAFT);
  assert_body (server, material);
  clear_result (&out);

  run_draft (REFRAME_HTTP_PROVIDER (openai), request, &out);
  g_assert_no_error (out.error);
  g_assert_cmpstr (out.draft, ==, DRAFT);
  assert_body (server, material);
  clear_result (&out);

  /* An answer with no text is no draft. */
  reframe_fake_model_server_set_structured_reply (server, "  \n ");
  run_draft (REFRAME_HTTP_PROVIDER (ollama), request, &out);
  g_assert_error (
      out.error, REFRAME_APPOINTMENT_DRAFT_ERROR, REFRAME_APPOINTMENT_DRAFT_ERROR_NO_ANSWER);
  g_assert_null (out.draft);
  clear_result (&out);

  /* A service that fails says so, with what to do. */
  reframe_fake_model_server_set_behaviour (server, REFRAME_FAKE_BEHAVIOUR_SERVER_ERROR);
  run_draft (REFRAME_HTTP_PROVIDER (ollama), request, &out);
  g_assert_error (out.error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_SERVER_ERROR);
  clear_result (&out);
}

static void
test_crisis (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCrisisCheck) check = reframe_crisis_check_new (NULL, NULL, &error);
  g_autoptr (ReframeChatRequest) request = reframe_appointment_draft_build_request (
      REFRAME_FAKE_MODEL, SYSTEM_PROMPT, "Period: a week", 0, NULL);
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  g_autoptr (ReframeOllamaProvider) ollama =
      reframe_ollama_provider_new (reframe_fake_model_server_get_uri (server), NULL);
  Result out = { 0 };

  g_assert_no_error (error);
  g_assert_false (reframe_appointment_draft_check_crisis (check, DRAFT));
  reframe_fake_model_server_set_structured_reply (server,
                                                  "This week I felt I want to kill myself.");
  run_draft (REFRAME_HTTP_PROVIDER (ollama), request, &out);
  g_assert_no_error (out.error);
  g_assert_true (reframe_appointment_draft_check_crisis (check, out.draft));
  clear_result (&out);
}

static void
test_stored (Fixture      *f,
             gconstpointer data)
{
  GDate from = day ("2026-03-01"), to = day ("2026-03-14"), other = day ("2026-03-07");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean         confirmed = TRUE;

  text = reframe_store_dup_appointment_note (f->store, &from, &to, &confirmed, &error);
  g_assert_no_error (error);
  g_assert_null (text);
  g_assert_false (confirmed);

  g_assert_true (reframe_store_save_appointment_note (
      f->store, &from, &to, "This week I edited it", FALSE, &error));
  g_assert_no_error (error);
  text = reframe_store_dup_appointment_note (f->store, &from, &to, &confirmed, &error);
  g_assert_cmpstr (text, ==, "This week I edited it");
  g_assert_false (confirmed);
  g_clear_pointer (&text, g_free);

  g_assert_true (reframe_store_save_appointment_note (
      f->store, &from, &to, "This week I confirmed it", TRUE, &error));
  text = reframe_store_dup_appointment_note (f->store, &from, &to, &confirmed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "This week I confirmed it");
  g_assert_true (confirmed);
  g_clear_pointer (&text, g_free);

  /* Another period has its own. */
  text = reframe_store_dup_appointment_note (f->store, &from, &other, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (text);

  /* Kept across closing the journal. */
  g_clear_object (&f->store);
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  text = reframe_store_dup_appointment_note (f->store, &from, &to, &confirmed, &error);
  g_assert_cmpstr (text, ==, "This week I confirmed it");
  g_clear_pointer (&text, g_free);

  g_assert_true (reframe_store_delete_appointment_note (f->store, &from, &to, &error));
  text = reframe_store_dup_appointment_note (f->store, &from, &to, &confirmed, &error);
  g_assert_no_error (error);
  g_assert_null (text);
  g_assert_false (confirmed);
}

static void
test_migration (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) old =
      _reframe_store_open_at_version (dir, 7, &error);
  GDate            from = day ("2026-03-01"), to = day ("2026-03-14");
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (reframe_store_get_schema_version (old), ==, 7);
  g_clear_object (&old);
  old = reframe_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reframe_store_get_schema_version (old), ==, REFRAME_STORE_SCHEMA_VERSION);
  g_assert_true (reframe_store_save_appointment_note (old, &from, &to, "kept", TRUE, &error));
  g_assert_no_error (error);
  text = reframe_store_dup_appointment_note (old, &from, &to, NULL, &error);
  g_assert_cmpstr (text, ==, "kept");
  g_clear_object (&old);
  reframe_test_remove_tree (dir);
}

static ReframeReport *
report_with (Fixture    *f,
             const char *own_words)
{
  GDate from = day ("2026-03-01"), to = day ("2026-03-14");
  g_autoptr (ReframeReportOptions) options = reframe_report_options_new (&from, &to);
  g_autoptr (GError) error = NULL;
  ReframeReport *report;

  reframe_report_options_set_own_words (options, own_words);
  report = reframe_report_build (f->store, f->registry, options, NULL, &error);
  g_assert_no_error (error);
  return report;
}

static void
test_report (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (ReframeReport) with = report_with (f, "  This week I walked.\n\n1. Sleep  ");
  g_autoptr (ReframeReport) without = report_with (f, NULL);
  g_autoptr (ReframeReport) blank = report_with (f, " \n ");
  g_autoptr (GBytes) md = reframe_report_to_markdown (with);
  g_autoptr (GBytes) md_without = reframe_report_to_markdown (without);
  g_autoptr (GBytes) json = reframe_report_to_json (with);
  g_autoptr (GBytes) json_without = reframe_report_to_json (without);
  g_autoptr (ReframeReport) read = NULL;
  g_autoptr (GArray) blocks = _reframe_report_pdf_build_blocks (with);
  g_autoptr (GArray) blocks_without = _reframe_report_pdf_build_blocks (without);
  g_autoptr (GError) error = NULL;
  const char *text = g_bytes_get_data (md, NULL);
  const char *own = strstr (text, "## In my own words\n\nThis week I walked.");
  gboolean    found = FALSE;

  g_assert_cmpstr (reframe_report_get_own_words (with), ==, "This week I walked.\n\n1. Sleep");
  g_assert_null (reframe_report_get_own_words (blank));
  /* Markdown: first, before the summary. */
  g_assert_nonnull (own);
  g_assert_true (own < strstr (text, "## Summary"));
  g_assert_null (g_strstr_len (
      g_bytes_get_data (md_without, NULL), g_bytes_get_size (md_without), "In my own words"));
  /* JSON: its member, null without, and read back. */
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (json, NULL),
                                  g_bytes_get_size (json),
                                  "\"own_words\" : \"This week I walked.\\n\\n1. Sleep\""));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (json_without, NULL),
                                  g_bytes_get_size (json_without),
                                  "\"own_words\" : null"));
  read = reframe_report_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reframe_report_get_own_words (read), ==, "This week I walked.\n\n1. Sleep");
  /* PDF: the first heading. */
  for (guint i = 0; i < blocks->len && !found; i++)
    {
      ReframePdfBlock *block = &g_array_index (blocks, ReframePdfBlock, i);

      if (block->kind == REFRAME_PDF_HEADING)
        {
          g_assert_cmpstr (block->markup, ==, "In my own words");
          g_assert_cmpstr (g_array_index (blocks, ReframePdfBlock, i + 1).markup,
                           ==,
                           "This week I walked.\n\n1. Sleep");
          found = TRUE;
        }
    }
  g_assert_true (found);
  for (guint i = 0; i < blocks_without->len; i++)
    g_assert_cmpstr (
        g_array_index (blocks_without, ReframePdfBlock, i).markup, !=, "In my own words");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (          \
      "/reframe/appointment-draft/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("material", test_material);
  ADD ("material-choices", test_material_choices);
  ADD ("request", test_request);
  ADD ("request-too-long", test_request_too_long);
  ADD ("server", test_server);
  ADD ("crisis", test_crisis);
  ADD ("stored", test_stored);
  ADD ("report", test_report);
#undef ADD
  g_test_add_func ("/reframe/appointment-draft/migration", test_migration);

  return g_test_run ();
}
