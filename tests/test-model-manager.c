/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-model-manager.c: listing, downloading, deleting and testing models against the fake model
 * server. */

#include "config.h"

#include <string.h>

#include "reframe-fake-model-server.h"
#include "reframe-model-manager.h"

typedef struct
{
  ReframeFakeModelServer *server;
  ReframeModelManager    *manager;
  GMainLoop              *loop;
  GAsyncResult           *result;

  /* What a pull reported. */
  GArray       *fractions; /* of double */
  guint64       last_completed;
  guint64       last_total;
  GPtrArray    *statuses;
  GCancellable *cancellable;
  guint64       cancel_after; /* cancel once this many bytes are in; 0 never */
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->server = reframe_fake_model_server_new ();
  f->manager = reframe_model_manager_new (
      REFRAME_PROVIDER_KIND_OLLAMA, reframe_fake_model_server_get_uri (f->server), NULL);
  f->loop = g_main_loop_new (NULL, FALSE);
  f->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  f->statuses = g_ptr_array_new_with_free_func (g_free);
  f->cancellable = g_cancellable_new ();
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->result);
  g_assert_finalize_object (f->manager);
  g_main_loop_unref (f->loop);
  g_array_unref (f->fractions);
  g_ptr_array_unref (f->statuses);
  g_object_unref (f->cancellable);
  reframe_fake_model_server_free (f->server);
}

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
  g_main_loop_quit (f->loop);
}

static GAsyncResult *
wait_result (Fixture *f)
{
  g_clear_object (&f->result);
  g_main_loop_run (f->loop);
  return f->result;
}

static GPtrArray *
list (Fixture *f,
      GError **error)
{
  reframe_model_manager_list_async (f->manager, NULL, got_result_cb, f);
  return reframe_model_manager_list_finish (f->manager, wait_result (f), error);
}

static const ReframeModelInfo *
find_model (GPtrArray  *models,
            const char *name)
{
  for (guint i = 0; i < models->len; i++)
    {
      const ReframeModelInfo *info = g_ptr_array_index (models, i);

      if (g_str_equal (info->name, name))
        return info;
    }
  return NULL;
}

static void
progress_cb (const ReframeModelPullProgress *progress,
             gpointer                        user_data)
{
  Fixture *f = user_data;

  g_array_append_val (f->fractions, progress->fraction);
  g_ptr_array_add (f->statuses, g_strdup (progress->status));
  f->last_completed = progress->completed;
  f->last_total = progress->total;
  if (f->cancel_after > 0 && progress->completed >= f->cancel_after)
    g_cancellable_cancel (f->cancellable);
}

static gboolean
pull (Fixture    *f,
      const char *model,
      GError    **error)
{
  reframe_model_manager_pull_async (
      f->manager, model, progress_cb, f, NULL, f->cancellable, got_result_cb, f);
  return reframe_model_manager_pull_finish (f->manager, wait_result (f), error);
}

/* Sizes and families from /api/tags, as Ollama gives them. */
static void
test_list (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = list (f, &error);
  const ReframeModelInfo *llama, *qwen;
  g_autofree char        *description = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 2);
  llama = find_model (models, REFRAME_FAKE_MODEL);
  g_assert_nonnull (llama);
  g_assert_cmpuint (llama->size, ==, 2019393189);
  g_assert_cmpstr (llama->family, ==, "llama");
  g_assert_cmpstr (llama->parameter_size, ==, "3.2B");
  g_assert_cmpstr (llama->quantization, ==, "Q4_K_M");
  description = reframe_model_info_dup_description (llama);
  /* g_format_size() puts a no-break space between the number and the unit. */
  g_assert_cmpstr (description, ==, "2.0\u00a0GB · llama · 3.2B");

  /* A model without details has a size and no family. */
  qwen = find_model (models, "qwen2.5:7b");
  g_assert_nonnull (qwen);
  g_assert_cmpuint (qwen->size, ==, 4683087332);
  g_assert_null (qwen->family);
}

/* The download reports every status line; the fraction never goes back, though the
 * second part of the model adds to the total after the first is done, and ends at 1. */
static void
test_pull (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = NULL;
  double previous = -1;

  g_assert_false (reframe_fake_model_server_has_model (f->server, REFRAME_FAKE_PULLABLE_MODEL));
  g_assert_true (pull (f, REFRAME_FAKE_PULLABLE_MODEL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (f->fractions->len, ==, 11);
  g_assert_cmpstr (g_ptr_array_index (f->statuses, 0), ==, "pulling manifest");
  g_assert_cmpfloat (g_array_index (f->fractions, double, 0), ==, -1);
  for (guint i = 0; i < f->fractions->len; i++)
    {
      double fraction = g_array_index (f->fractions, double, i);

      g_assert_cmpfloat (fraction, >=, previous);
      g_assert_cmpfloat (fraction, <=, 1.0);
      previous = fraction;
    }
  /* Half-way through the first part, half of what is known so far. */
  g_assert_cmpfloat_with_epsilon (g_array_index (f->fractions, double, 3), 0.5, 0.001);
  g_assert_cmpfloat (previous, ==, 1.0);
  g_assert_cmpstr (g_ptr_array_index (f->statuses, f->statuses->len - 1), ==, "success");
  g_assert_cmpuint (f->last_total, ==, REFRAME_FAKE_PULLABLE_SIZE);
  g_assert_cmpuint (f->last_completed, ==, REFRAME_FAKE_PULLABLE_SIZE);

  /* It is then listed, with its size. */
  models = list (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_model (models, REFRAME_FAKE_PULLABLE_MODEL));
  g_assert_cmpuint (
      find_model (models, REFRAME_FAKE_PULLABLE_MODEL)->size, ==, REFRAME_FAKE_PULLABLE_SIZE);
}

static gboolean
pull_stopped (gpointer data)
{
  return reframe_fake_model_server_get_n_pulls_stopped (data) > 0;
}

/* Cancelling mid-way closes the stream: the server sees its client go, the model is not
 * installed, and the error is the quiet "cancelled" one, with a sentence of its own. */
static void
test_pull_cancel (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 end;

  reframe_fake_model_server_set_pull_delay (f->server, 100);
  f->cancel_after = 1;
  g_assert_false (pull (f, REFRAME_FAKE_PULLABLE_MODEL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "The download of “qwen2.5:3b” was cancelled.");
  /* Cancelled at the first bytes: no more lines were read. */
  g_assert_cmpuint (f->fractions->len, ==, 3);

  end = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
  while (!pull_stopped (f->server) && g_get_monotonic_time () < end)
    g_usleep (10000);
  g_assert_cmpuint (reframe_fake_model_server_get_n_pulls_stopped (f->server), ==, 1);
  g_assert_false (reframe_fake_model_server_has_model (f->server, REFRAME_FAKE_PULLABLE_MODEL));
}

/* An error line mid-way ends the download with Ollama's words; a full disk says so. */
static void
test_pull_errors (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  reframe_fake_model_server_set_pull_failure (f->server, 3, "max retries exceeded: unexpected EOF");
  g_assert_false (pull (f, REFRAME_FAKE_PULLABLE_MODEL, &error));
  g_assert_error (error, REFRAME_MODEL_MANAGER_ERROR, REFRAME_MODEL_MANAGER_ERROR_FAILED);
  g_assert_cmpstr (error->message,
                   ==,
                   "Ollama could not download “qwen2.5:3b”: max retries exceeded: unexpected EOF");
  g_assert_cmpuint (f->fractions->len, ==, 3);
  g_assert_false (reframe_fake_model_server_has_model (f->server, REFRAME_FAKE_PULLABLE_MODEL));
  g_clear_error (&error);

  reframe_fake_model_server_set_pull_failure (
      f->server,
      4,
      "write /usr/share/ollama/.ollama/models/blobs/sha256-aaaa-partial: no space left on device");
  g_assert_false (pull (f, REFRAME_FAKE_PULLABLE_MODEL, &error));
  g_assert_error (error, REFRAME_MODEL_MANAGER_ERROR, REFRAME_MODEL_MANAGER_ERROR_DISK_FULL);
  g_assert_true (g_str_has_prefix (
      error->message, "The computer running the model service has no room left for “qwen2.5:3b”"));
  g_clear_error (&error);

  /* A name that is not in the library: Ollama's own text. */
  reframe_fake_model_server_set_pull_failure (f->server, 0, NULL);
  g_assert_false (pull (f, "no-such-model:1b", &error));
  g_assert_error (error, REFRAME_MODEL_MANAGER_ERROR, REFRAME_MODEL_MANAGER_ERROR_MODEL_NOT_FOUND);
  g_assert_cmpstr (error->message,
                   ==,
                   "There is no model named “no-such-model:1b” (Ollama says: pull model manifest: "
                   "file does not exist). Check the spelling; ollama.com/library lists the names.");
}

static void
test_delete (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = NULL;

  reframe_model_manager_delete_async (f->manager, "qwen2.5:7b", NULL, got_result_cb, f);
  g_assert_true (reframe_model_manager_delete_finish (f->manager, wait_result (f), &error));
  g_assert_no_error (error);
  g_assert_false (reframe_fake_model_server_has_model (f->server, "qwen2.5:7b"));
  models = list (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 1);
  g_assert_null (find_model (models, "qwen2.5:7b"));

  /* Again: Ollama's 404 and its text. */
  reframe_model_manager_delete_async (f->manager, "qwen2.5:7b", NULL, got_result_cb, f);
  g_assert_false (reframe_model_manager_delete_finish (f->manager, wait_result (f), &error));
  g_assert_error (error, REFRAME_MODEL_MANAGER_ERROR, REFRAME_MODEL_MANAGER_ERROR_MODEL_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "model 'qwen2.5:7b' not found"));
}

static guint16
dup_closed_port (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

/* Nothing on a local port: Ollama is not running; whether it is installed decides the
 * rest of the sentence. */
static void
test_not_running (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/", dup_closed_port ());
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = NULL;

  g_assert_finalize_object (f->manager);
  f->manager = reframe_model_manager_new (REFRAME_PROVIDER_KIND_OLLAMA, uri, NULL);
  /* A program every system has stands in for an installed Ollama. */
  reframe_model_manager_set_ollama_program (f->manager, "sh");
  models = list (f, &error);
  g_assert_null (models);
  g_assert_error (error, REFRAME_MODEL_MANAGER_ERROR, REFRAME_MODEL_MANAGER_ERROR_NOT_RUNNING);
  g_assert_cmpstr (
      error->message, ==, "Ollama is not running. Start it with “ollama serve”, or from its app.");
  g_clear_error (&error);

  reframe_model_manager_set_ollama_program (f->manager, "reframe-no-such-program");
  g_assert_false (pull (f, "gemma2:2b", &error));
  g_assert_error (error, REFRAME_MODEL_MANAGER_ERROR, REFRAME_MODEL_MANAGER_ERROR_NOT_RUNNING);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Ollama is not running, and it does not seem to be installed on "
                                   "this computer. Install it from ollama.com"));
}

/* The test says what answered: Ollama and its version, or an OpenAI-compatible list. */
static void
test_connection (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeModelServiceInfo) info = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;

  reframe_model_manager_test_async (f->manager, NULL, got_result_cb, f);
  info = reframe_model_manager_test_finish (f->manager, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, REFRAME_PROVIDER_KIND_OLLAMA);
  g_assert_cmpstr (info->version, ==, "0.12.6");
  g_assert_cmpuint (info->n_models, ==, 2);
  summary = reframe_model_service_info_dup_summary (
      info, reframe_model_manager_get_endpoint (f->manager));
  expected = g_strdup_printf ("Connected to Ollama 0.12.6 at %s. It has 2 models.",
                              reframe_fake_model_server_get_uri (f->server));
  g_assert_cmpstr (summary, ==, expected);
}

/* The OpenAI-compatible list: names only; it neither downloads nor deletes. */
static void
test_openai (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = NULL;
  g_autoptr (ReframeModelServiceInfo) info = NULL;
  g_autofree char *base = g_strconcat (reframe_fake_model_server_get_uri (f->server), "v1", NULL);

  g_assert_finalize_object (f->manager);
  f->manager = reframe_model_manager_new (REFRAME_PROVIDER_KIND_OPENAI, base, NULL);
  g_assert_false (reframe_model_manager_can_download (f->manager));
  models = list (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 2);
  g_assert_cmpstr (
      ((ReframeModelInfo *) g_ptr_array_index (models, 0))->name, ==, REFRAME_FAKE_MODEL);
  g_assert_cmpuint (((ReframeModelInfo *) g_ptr_array_index (models, 0))->size, ==, 0);
  g_assert_null (((ReframeModelInfo *) g_ptr_array_index (models, 0))->family);

  reframe_model_manager_test_async (f->manager, NULL, got_result_cb, f);
  info = reframe_model_manager_test_finish (f->manager, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->kind, ==, REFRAME_PROVIDER_KIND_OPENAI);
  g_assert_null (info->version);
  g_assert_cmpuint (info->n_models, ==, 2);

  g_assert_false (pull (f, "gemma2:2b", &error));
  g_assert_error (error, REFRAME_MODEL_MANAGER_ERROR, REFRAME_MODEL_MANAGER_ERROR_NOT_SUPPORTED);
}

/* An OpenAI-compatible server where Ollama was expected: it is not Ollama. */
static void
test_not_ollama (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = g_strconcat (reframe_fake_model_server_get_uri (f->server), "v1/", NULL);
  g_autoptr (ReframeModelServiceInfo) info = NULL;

  /* Under /v1/ the fake server only speaks OpenAI's format: /v1/api/version is a 404. */
  g_assert_finalize_object (f->manager);
  f->manager = reframe_model_manager_new (REFRAME_PROVIDER_KIND_OLLAMA, base, NULL);
  reframe_model_manager_test_async (f->manager, NULL, got_result_cb, f);
  info = reframe_model_manager_test_finish (f->manager, wait_result (f), &error);
  g_assert_null (info);
  g_assert_error (error, REFRAME_MODEL_MANAGER_ERROR, REFRAME_MODEL_MANAGER_ERROR_NOT_OLLAMA);
  g_assert_true (g_str_has_prefix (error->message, "Something answers at"));
  g_assert_nonnull (strstr (error->message, "but it is not Ollama"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add (
      "/reframe/model-manager/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add (
      "/reframe/model-manager/pull", Fixture, NULL, fixture_set_up, test_pull, fixture_tear_down);
  g_test_add ("/reframe/model-manager/pull-cancel",
              Fixture,
              NULL,
              fixture_set_up,
              test_pull_cancel,
              fixture_tear_down);
  g_test_add ("/reframe/model-manager/pull-errors",
              Fixture,
              NULL,
              fixture_set_up,
              test_pull_errors,
              fixture_tear_down);
  g_test_add ("/reframe/model-manager/delete",
              Fixture,
              NULL,
              fixture_set_up,
              test_delete,
              fixture_tear_down);
  g_test_add ("/reframe/model-manager/not-running",
              Fixture,
              NULL,
              fixture_set_up,
              test_not_running,
              fixture_tear_down);
  g_test_add ("/reframe/model-manager/connection",
              Fixture,
              NULL,
              fixture_set_up,
              test_connection,
              fixture_tear_down);
  g_test_add ("/reframe/model-manager/openai",
              Fixture,
              NULL,
              fixture_set_up,
              test_openai,
              fixture_tear_down);
  g_test_add ("/reframe/model-manager/not-ollama",
              Fixture,
              NULL,
              fixture_set_up,
              test_not_ollama,
              fixture_tear_down);

  return g_test_run ();
}
