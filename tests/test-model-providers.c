/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-model-providers.c: the Ollama and OpenAI-compatible providers against the fake model server.
 */

#include "config.h"

#include <string.h>

#include "reframe-fake-model-server.h"
#include "reframe-model-provider.h"
#include "reframe-ollama-provider.h"
#include "reframe-openai-provider.h"

typedef struct
{
  const char *name;
  ReframeModelProvider *(*create) (const char *base_uri,
                                   const char *api_key,
                                   guint       stall_timeout);
} Kind;

/* One test case: a provider kind and what the fake server does. */
typedef struct
{
  const Kind          *kind;
  ReframeFakeBehaviour behaviour;
} Case;

/* What one chat request produced. */
typedef struct
{
  GString          *text;
  guint             n_deltas;
  GCancellable     *cancellable;
  gboolean          cancel_on_first_delta;
  gboolean          finished;
  ReframeChatEvent *done;
  GError           *error;
} Run;

static ReframeModelProvider *
create_ollama (const char *base_uri,
               const char *api_key,
               guint       stall_timeout)
{
  return g_object_new (REFRAME_TYPE_OLLAMA_PROVIDER,
                       "base-uri",
                       base_uri,
                       "api-key",
                       api_key,
                       "stall-timeout",
                       stall_timeout,
                       NULL);
}

static ReframeModelProvider *
create_openai (const char *base_uri,
               const char *api_key,
               guint       stall_timeout)
{
  return g_object_new (REFRAME_TYPE_OPENAI_PROVIDER,
                       "base-uri",
                       base_uri,
                       "api-key",
                       api_key,
                       "stall-timeout",
                       stall_timeout,
                       NULL);
}

static const Kind kinds[] = {
  { "ollama", create_ollama },
  { "openai", create_openai },
};

static void
run_clear (Run *run)
{
  g_string_free (run->text, TRUE);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->done, reframe_chat_event_free);
  g_clear_error (&run->error);
}

static void
delta_cb (const ReframeChatEvent *delta,
          gpointer                user_data)
{
  Run *run = user_data;

  g_assert_false (run->finished);
  g_assert_false (g_cancellable_is_cancelled (run->cancellable));
  g_assert_cmpint (delta->kind, ==, REFRAME_CHAT_EVENT_DELTA);
  g_assert_true (g_utf8_validate (delta->content, -1, NULL));
  g_string_append (run->text, delta->content);
  run->n_deltas++;
  if (run->cancel_on_first_delta)
    g_cancellable_cancel (run->cancellable);
}

static void
chat_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;

  run->done = reframe_model_provider_stream_chat_finish (
      REFRAME_MODEL_PROVIDER (object), result, &run->error);
  g_assert_true ((run->done == NULL) != (run->error == NULL));
  run->finished = TRUE;
}

static void
run_chat (ReframeModelProvider *provider,
          const char           *model,
          Run                  *run)
{
  g_autoptr (ReframeChatRequest) request = reframe_chat_request_new (model);

  reframe_chat_request_add_message (request, "system", "You are a kind companion.");
  reframe_chat_request_add_message (request, "user", "Today felt heavy.");
  run->text = g_string_new (NULL);
  run->cancellable = g_cancellable_new ();
  reframe_model_provider_stream_chat_async (
      provider, request, delta_cb, run, NULL, run->cancellable, chat_done_cb, run);
  while (!run->finished)
    g_main_context_iteration (NULL, TRUE);
}

/* Returns: (transfer full): the first @n deltas of the fake reply, joined. */
static char *
dup_first_deltas (guint n)
{
  const char *const *deltas = reframe_fake_model_server_get_deltas ();
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (text, deltas[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_list_models (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  ReframeModelProvider *provider =
      kind->create (reframe_fake_model_server_get_uri (server), NULL, 10);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = NULL;

  reframe_model_provider_list_models_async (provider, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  names = reframe_model_provider_list_models_finish (provider, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, REFRAME_FAKE_MODEL);
  g_assert_cmpstr (names[1], ==, "qwen2.5:7b");

  g_clear_object (&result);
  g_assert_finalize_object (provider);
}

/* A whole reply arrives whatever the chunking: the same text, in more than one delta. */
static void
test_reply (gconstpointer data)
{
  const Case *test = data;
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  ReframeModelProvider *provider =
      test->kind->create (reframe_fake_model_server_get_uri (server), NULL, 10);
  g_autofree char *expected = reframe_fake_model_server_dup_reply ();
  Run              run = { 0 };

  reframe_fake_model_server_set_behaviour (server, test->behaviour);
  run_chat (provider, REFRAME_FAKE_MODEL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.text->str, ==, expected);
  g_assert_cmpuint (run.n_deltas, >, 1);
  g_assert_cmpint (run.done->kind, ==, REFRAME_CHAT_EVENT_DONE);
  g_assert_cmpstr (run.done->finish_reason, ==, "stop");

  run_clear (&run);
  g_assert_finalize_object (provider);
}

static void
check_failure (const Case *test,
               const char *model,
               int         code,
               guint       n_deltas)
{
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  ReframeModelProvider *provider =
      test->kind->create (reframe_fake_model_server_get_uri (server), NULL, 10);
  g_autofree char *expected = dup_first_deltas (n_deltas);
  Run              run = { 0 };

  reframe_fake_model_server_set_behaviour (server, test->behaviour);
  run_chat (provider, model, &run);
  g_assert_error (run.error, REFRAME_PROVIDER_ERROR, code);
  g_assert_cmpstr (run.text->str, ==, expected);
  if (code == REFRAME_PROVIDER_ERROR_RATE_LIMITED)
    g_assert_cmpint (
        reframe_provider_error_get_retry_after (run.error), ==, REFRAME_FAKE_RETRY_AFTER);
  else
    g_assert_cmpint (reframe_provider_error_get_retry_after (run.error), ==, -1);

  run_clear (&run);
  g_assert_finalize_object (provider);
}

static void
test_unauthorized (gconstpointer data)
{
  check_failure (data, REFRAME_FAKE_MODEL, REFRAME_PROVIDER_ERROR_UNAUTHORIZED, 0);
}

static void
test_unknown_model (gconstpointer data)
{
  check_failure (data, REFRAME_FAKE_MODEL, REFRAME_PROVIDER_ERROR_MODEL_NOT_FOUND, 0);
  check_failure (&(Case){ ((const Case *) data)->kind, REFRAME_FAKE_BEHAVIOUR_NORMAL },
                 "mistral",
                 REFRAME_PROVIDER_ERROR_MODEL_NOT_FOUND,
                 0);
}

static void
test_rate_limited (gconstpointer data)
{
  check_failure (data, REFRAME_FAKE_MODEL, REFRAME_PROVIDER_ERROR_RATE_LIMITED, 0);
}

static void
test_server_error (gconstpointer data)
{
  check_failure (data, REFRAME_FAKE_MODEL, REFRAME_PROVIDER_ERROR_SERVER_ERROR, 0);
}

/* The deltas before the cut arrive before the error, so the partial reply can be kept. */
static void
test_cut_off (gconstpointer data)
{
  check_failure (data, REFRAME_FAKE_MODEL, REFRAME_PROVIDER_ERROR_CUT_OFF, 2);
}

static void
test_malformed (gconstpointer data)
{
  check_failure (data, REFRAME_FAKE_MODEL, REFRAME_PROVIDER_ERROR_MALFORMED, 1);
}

static void
test_stalled (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  ReframeModelProvider *provider =
      kind->create (reframe_fake_model_server_get_uri (server), NULL, 1);
  Run run = { 0 };

  reframe_fake_model_server_set_behaviour (server, REFRAME_FAKE_BEHAVIOUR_SLOW_DRIP);
  reframe_fake_model_server_set_chunk_delay (server, 2500);
  run_chat (provider, REFRAME_FAKE_MODEL, &run);
  g_assert_error (run.error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_STALLED);
  g_assert_cmpuint (run.n_deltas, ==, 0);

  run_clear (&run);
  g_assert_finalize_object (provider);
}

/* Cancelling from the first delta stops the reply at once: no delta after it. */
static void
test_cancel (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  ReframeModelProvider *provider =
      kind->create (reframe_fake_model_server_get_uri (server), NULL, 10);
  Run run = { .cancel_on_first_delta = TRUE };

  reframe_fake_model_server_set_behaviour (server, REFRAME_FAKE_BEHAVIOUR_SLOW_DRIP);
  run_chat (provider, REFRAME_FAKE_MODEL, &run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (run.n_deltas, ==, 1);

  run_clear (&run);
  g_assert_finalize_object (provider);
}

/* The same, when every delta arrives in one read. */
static void
test_cancel_in_batch (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  ReframeModelProvider *provider =
      kind->create (reframe_fake_model_server_get_uri (server), NULL, 10);
  Run run = { .cancel_on_first_delta = TRUE };

  run_chat (provider, REFRAME_FAKE_MODEL, &run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (run.n_deltas, ==, 1);

  run_clear (&run);
  g_assert_finalize_object (provider);
}

static void
test_connection_refused (gconstpointer data)
{
  const Kind             *kind = data;
  ReframeFakeModelServer *server = reframe_fake_model_server_new ();
  g_autofree char        *uri = g_strdup (reframe_fake_model_server_get_uri (server));
  ReframeModelProvider   *provider;
  Run                     run = { 0 };

  /* The port was free a moment ago and nothing listens there now. */
  reframe_fake_model_server_free (server);
  provider = kind->create (uri, NULL, 10);
  run_chat (provider, REFRAME_FAKE_MODEL, &run);
  g_assert_error (run.error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (run.error->message, uri));
  g_assert_cmpuint (run.n_deltas, ==, 0);

  run_clear (&run);
  g_assert_finalize_object (provider);
}

/* A configured key is sent as "Authorization: Bearer"; a missing one gets 401. */
static void
test_api_key (void)
{
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  const char           *uri = reframe_fake_model_server_get_uri (server);
  ReframeModelProvider *without = create_openai (uri, NULL, 10);
  ReframeModelProvider *with = create_openai (uri, "sk-test-123", 10);
  g_autofree char      *expected = reframe_fake_model_server_dup_reply ();
  Run                   run_without = { 0 };
  Run                   run_with = { 0 };

  reframe_fake_model_server_set_api_key (server, "sk-test-123");
  run_chat (without, REFRAME_FAKE_MODEL, &run_without);
  g_assert_error (run_without.error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_UNAUTHORIZED);
  run_chat (with, REFRAME_FAKE_MODEL, &run_with);
  g_assert_no_error (run_with.error);
  g_assert_cmpstr (run_with.text->str, ==, expected);

  run_clear (&run_without);
  run_clear (&run_with);
  g_assert_finalize_object (without);
  g_assert_finalize_object (with);
}

/* People paste OpenAI-compatible addresses with "/v1" ("http://127.0.0.1:8080/v1"). */
static void
test_base_with_v1 (void)
{
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  g_autofree char      *base_uri = g_strconcat (reframe_fake_model_server_get_uri (server), "v1", NULL);
  ReframeModelProvider *provider = create_openai (base_uri, NULL, 10);
  g_autofree char      *expected = reframe_fake_model_server_dup_reply ();
  Run                   run = { 0 };

  run_chat (provider, REFRAME_FAKE_MODEL, &run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (run.text->str, ==, expected);

  run_clear (&run);
  g_assert_finalize_object (provider);
}

static const guint redirect_statuses[] = { 301, 302, 303, 307, 308 };

/* Returns: (transfer full) (nullable): the models, or %NULL with @error set. */
static char **
list_models (ReframeModelProvider *provider,
             GError              **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  reframe_model_provider_list_models_async (provider, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return reframe_model_provider_list_models_finish (provider, result, error);
}

/* Returns: (transfer full): @server's base URI without its final slash. */
static char *
dup_base (ReframeFakeModelServer *server)
{
  const char *uri = reframe_fake_model_server_get_uri (server);

  return g_strndup (uri, strlen (uri) - 1);
}

/* A service that sends the request to another address (another host, port or scheme)
 * is not followed: what the person wrote goes only where they chose. The error names
 * both addresses, and the other one never hears of the request. */
static void
test_redirect_other_origin (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  g_autoptr (ReframeFakeModelServer) elsewhere = reframe_fake_model_server_new ();
  g_autofree char *elsewhere_base = dup_base (elsewhere);
  g_autofree char *server_base = dup_base (server);

  for (guint i = 0; i < G_N_ELEMENTS (redirect_statuses); i++)
    {
      ReframeModelProvider *provider =
          kind->create (reframe_fake_model_server_get_uri (server), NULL, 10);
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) names = NULL;
      Run run = { 0 };

      reframe_fake_model_server_set_redirect (server, redirect_statuses[i], elsewhere_base);
      run_chat (provider, REFRAME_FAKE_MODEL, &run);
      g_assert_error (run.error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_REDIRECTED);
      g_assert_nonnull (strstr (run.error->message, server_base));
      g_assert_nonnull (strstr (run.error->message, elsewhere_base));
      g_assert_cmpstr (run.text->str, ==, "");

      names = list_models (provider, &error);
      g_assert_null (names);
      g_assert_error (error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_REDIRECTED);
      g_assert_nonnull (strstr (error->message, elsewhere_base));

      run_clear (&run);
      g_assert_finalize_object (provider);
    }
  g_assert_cmpuint (reframe_fake_model_server_get_n_requests (elsewhere), ==, 0);
}

/* A redirect within the same service (a moved path) is followed, for the chat too. */
static void
test_redirect_same_origin (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (ReframeFakeModelServer) server = reframe_fake_model_server_new ();
  g_autofree char *server_base = dup_base (server);
  g_autofree char *moved = g_strconcat (server_base, REFRAME_FAKE_MOVED_PATH, NULL);
  g_autofree char *expected = reframe_fake_model_server_dup_reply ();

  for (guint i = 0; i < G_N_ELEMENTS (redirect_statuses); i++)
    {
      ReframeModelProvider *provider =
          kind->create (reframe_fake_model_server_get_uri (server), NULL, 10);
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) names = NULL;
      Run run = { 0 };

      reframe_fake_model_server_set_redirect (server, redirect_statuses[i], moved);
      run_chat (provider, REFRAME_FAKE_MODEL, &run);
      g_assert_no_error (run.error);
      g_assert_cmpstr (run.text->str, ==, expected);

      names = list_models (provider, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (names[0], ==, REFRAME_FAKE_MODEL);

      run_clear (&run);
      g_assert_finalize_object (provider);
    }

  /* A service that keeps sending the request back to itself is given up on. */
  {
    ReframeModelProvider *provider =
        kind->create (reframe_fake_model_server_get_uri (server), NULL, 10);
    Run run = { 0 };

    reframe_fake_model_server_set_redirect (server, 307, server_base);
    run_chat (provider, REFRAME_FAKE_MODEL, &run);
    g_assert_error (run.error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_FAILED);
    g_assert_nonnull (strstr (run.error->message, "too many times"));
    run_clear (&run);
    g_assert_finalize_object (provider);
  }
}

static void
add_case (const Kind          *kind,
          const char          *name,
          ReframeFakeBehaviour behaviour,
          GTestDataFunc        func)
{
  g_autofree char *path = g_strdup_printf ("/reframe/model-providers/%s/%s", kind->name, name);
  Case            *test = g_new0 (Case, 1);

  test->kind = kind;
  test->behaviour = behaviour;
  g_test_add_data_func_full (path, test, func, g_free);
}

static void
add_kind_case (const Kind   *kind,
               const char   *name,
               GTestDataFunc func)
{
  g_autofree char *path = g_strdup_printf ("/reframe/model-providers/%s/%s", kind->name, name);

  g_test_add_data_func (path, kind, func);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const Kind *kind = &kinds[i];

      add_kind_case (kind, "list-models", test_list_models);
      add_case (kind, "reply", REFRAME_FAKE_BEHAVIOUR_NORMAL, test_reply);
      add_case (kind, "one-byte-chunks", REFRAME_FAKE_BEHAVIOUR_ONE_BYTE_CHUNKS, test_reply);
      add_case (kind, "split-utf8", REFRAME_FAKE_BEHAVIOUR_SPLIT_UTF8, test_reply);
      add_case (kind, "comments-crlf", REFRAME_FAKE_BEHAVIOUR_COMMENTS_CRLF, test_reply);
      add_case (kind, "slow-drip", REFRAME_FAKE_BEHAVIOUR_SLOW_DRIP, test_reply);
      add_case (kind, "unauthorized", REFRAME_FAKE_BEHAVIOUR_UNAUTHORIZED, test_unauthorized);
      add_case (kind, "unknown-model", REFRAME_FAKE_BEHAVIOUR_UNKNOWN_MODEL, test_unknown_model);
      add_case (kind, "rate-limited", REFRAME_FAKE_BEHAVIOUR_RATE_LIMITED, test_rate_limited);
      add_case (kind, "server-error", REFRAME_FAKE_BEHAVIOUR_SERVER_ERROR, test_server_error);
      add_case (kind, "cut-off", REFRAME_FAKE_BEHAVIOUR_CUT_OFF, test_cut_off);
      add_case (kind, "malformed", REFRAME_FAKE_BEHAVIOUR_MALFORMED, test_malformed);
      add_kind_case (kind, "stalled", test_stalled);
      add_kind_case (kind, "cancel", test_cancel);
      add_kind_case (kind, "cancel-in-batch", test_cancel_in_batch);
      add_kind_case (kind, "connection-refused", test_connection_refused);
      add_kind_case (kind, "redirect-other-origin", test_redirect_other_origin);
      add_kind_case (kind, "redirect-same-origin", test_redirect_same_origin);
    }
  g_test_add_func ("/reframe/model-providers/openai/api-key", test_api_key);
  g_test_add_func ("/reframe/model-providers/openai/base-with-v1", test_base_with_v1);

  return g_test_run ();
}
