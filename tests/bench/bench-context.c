/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-context.c: building the request for the next reply of a long conversation, fitted
 * to the model's context, at 50 and 500 turns, against building it with every turn and
 * no budget (what Reframe did before) measured in the same run.
 * `bench-context [RUNS]` prints one line per figure; the target is <= 5 ms at 500 turns
 * and flat from 50 to 500 (the budget reads only the turns that fit). */

#include "config.h"

#include <stdlib.h>

#include "reframe-chat-session-private.h"
#include "reframe-context-budget.h"
#include "reframe-conversation-repository.h"
#include "reframe-store.h"

#define TARGET_MS 5.0

/* A turn of an ordinary conversation: some 60 to 250 words. */
static char *
make_turn (guint index)
{
  static const char *const sentences[] = {
    "I went over the meeting again on the way home. ",
    "What went through your mind just then, when your manager paused? ",
    "I thought everyone could see I had not prepared enough. ",
    "What is the evidence for that thought, and what is the evidence against it? ",
    "Two people thanked me afterwards, which I had forgotten until now. ",
    "How would you describe it to a friend who had the same afternoon? ",
  };
  GString *text = g_string_new (NULL);
  guint    n = 5 + (index * 7) % 20;

  g_string_append_printf (text, "[%u] ", index);
  for (guint i = 0; i < n; i++)
    g_string_append (text, sentences[(index + i) % G_N_ELEMENTS (sentences)]);
  return g_string_free (text, FALSE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

/* Returns: (transfer full): a session with a conversation of @n_turns turns open. */
static ReframeChatSession *
open_session (ReframeStore       *store,
              ReframeCrisisCheck *check,
              guint               n_turns,
              guint               context_tokens)
{
  ReframeConversationRepository *repository = reframe_store_get_conversations (store);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeConversation) conversation =
      reframe_conversation_repository_create (repository, "Bench", &error);
  ReframeChatSession *session = reframe_chat_session_new (store, check);

  g_assert_no_error (error);
  for (guint i = 0; i < n_turns; i++)
    {
      g_autofree char *text = make_turn (i);
      g_autoptr (ReframeChatMessage) message = reframe_chat_message_new (
          i % 2 == 0 ? REFRAME_CHAT_ROLE_USER : REFRAME_CHAT_ROLE_ASSISTANT, text);

      reframe_chat_message_set_status (message, REFRAME_CHAT_MESSAGE_COMPLETE);
      if (!reframe_conversation_repository_add_message (repository, conversation, message, &error))
        g_error ("%s", error->message);
    }
  if (!reframe_chat_session_open (session, conversation, &error))
    g_error ("%s", error->message);
  reframe_chat_session_set_service (
      session, NULL, "http://127.0.0.1:11434", "llama3.2:latest", FALSE);
  reframe_chat_session_set_context_tokens (session, context_tokens);
  return session;
}

/* The request as it was built before the budget: every turn, then the JSON body. */
static GBytes *
build_unbudgeted (ReframeChatSession *session)
{
  GListModel *messages = reframe_chat_session_get_messages (session);
  g_autoptr (ReframeChatRequest) request = reframe_chat_request_new ("llama3.2:latest");

  reframe_chat_request_add_message (request, "system", "Be kind.");
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (ReframeChatMessage) message = g_list_model_get_item (messages, i);

      reframe_chat_request_add_message (
          request,
          reframe_chat_message_get_role (message) == REFRAME_CHAT_ROLE_USER ? "user" : "assistant",
          reframe_chat_message_get_content (message));
    }
  return reframe_chat_request_to_json_full (request, TRUE);
}

static GBytes *
build_budgeted (ReframeChatSession *session)
{
  g_autoptr (ReframeChatRequest) request = _reframe_chat_session_build_request (session);

  return reframe_chat_request_to_json_full (request, TRUE);
}

static double
measure (GBytes *(*build) (ReframeChatSession *),
         ReframeChatSession *session,
         guint               runs,
         gsize              *size)
{
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr (GBytes) body = build (session);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      *size = g_bytes_get_size (body);
      g_array_append_val (samples, ms);
    }
  return median (samples);
}

int
main (int    argc,
      char **argv)
{
  guint            runs = argc > 1 ? (guint) atoi (argv[1]) : 51;
  g_autofree char *dir = g_dir_make_tmp ("reframe-bench-context-XXXXXX", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = reframe_store_open (dir, &error);
  g_autoptr (ReframeCrisisCheck) check = reframe_crisis_check_new (NULL, NULL, &error);
  const guint sizes[] = { 50, 500 };
  const guint contexts[] = { 4096, 16384 };
  double      budgeted[G_N_ELEMENTS (contexts)][G_N_ELEMENTS (sizes)];
  gboolean    ok = TRUE;

  if (store == NULL || check == NULL)
    g_error ("%s", error->message);
  for (guint c = 0; c < G_N_ELEMENTS (contexts); c++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autoptr (ReframeChatSession) session = open_session (store, check, sizes[s], contexts[c]);
        gsize  budget_bytes = 0, full_bytes = 0;
        double full;

        budgeted[c][s] = measure (build_budgeted, session, runs, &budget_bytes);
        full = measure (build_unbudgeted, session, runs, &full_bytes);
        g_print ("context %5u, %3u turns: budgeted request %.3f ms (%u turns sent, %zu bytes); "
                 "baseline, every turn and no budget %.3f ms (%zu bytes)\n",
                 contexts[c],
                 sizes[s],
                 budgeted[c][s],
                 reframe_chat_session_get_sent_turns (session),
                 budget_bytes,
                 full,
                 full_bytes);
      }
  for (guint c = 0; c < G_N_ELEMENTS (contexts); c++)
    {
      double ratio = budgeted[c][1] / MAX (budgeted[c][0], 0.001);
      /* Flat: 500 turns cost no more than 50 did, give or take noise (1.5x, or 0.2 ms). */
      gboolean flat = ratio <= 1.5 || budgeted[c][1] - budgeted[c][0] <= 0.2;

      g_print (
          "context %5u: 500 turns %.3f ms (target <= %.0f ms) %s; 500 against 50 turns x%.2f %s\n",
          contexts[c],
          budgeted[c][1],
          TARGET_MS,
          budgeted[c][1] <= TARGET_MS ? "PASS" : "FAIL",
          ratio,
          flat ? "flat PASS" : "not flat FAIL");
      ok = ok && budgeted[c][1] <= TARGET_MS && flat;
    }
  g_clear_object (&store);
  {
    g_autoptr (GFile) folder = g_file_new_for_path (dir);
    g_autoptr (GFileEnumerator) children = g_file_enumerate_children (
        folder, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autoptr (GFile) child = g_file_get_child (folder, g_file_info_get_name (info));
        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (folder, NULL, NULL);
  }
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
