/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-models.c: `reframe models` and `reframe pull` against the fake model server, run as
 * programs. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "reframe-fake-model-server.h"
#include "reframe-test-util.h"

typedef struct
{
  ReframeTestServerProgram server;
  char                    *dir;

  /* The last run of `reframe`. */
  char *out;
  char *err;
  int   status;
} Fixture;

static void
assert_server_says (Fixture    *f,
                    const char *command,
                    const char *expected)
{
  g_autofree char *answer = reframe_test_server_program_ask (&f->server, command);

  g_assert_cmpstr (answer, ==, expected);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  reframe_test_server_program_start (&f->server, NULL);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  reframe_test_server_program_stop (&f->server);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

static GSubprocess *
spawn (Fixture           *f,
       const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_unsetenv (launcher, "REFRAME_API_KEY");
  g_ptr_array_add (argv, (gpointer) g_getenv ("REFRAME_BIN"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, f->dir);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static void
communicate (Fixture     *f,
             GSubprocess *process)
{
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &f->out, &f->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  f->status = g_subprocess_get_exit_status (process);
}

/* Runs `reframe ARGS… --data-dir DIR` (NULL-terminated); returns its exit status. */
static int
run_full (Fixture           *f,
          const char *const *args)
{
  g_autoptr (GSubprocess) process = spawn (f, args);

  communicate (f, process);
  return f->status;
}

#define run(f, ...) run_full (f, (const char *const[]){ __VA_ARGS__, NULL })

static void
test_models (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray  *models;
  JsonObject *first;

  /* One model a line: name, size and family in columns. */
  g_assert_cmpint (run (f, "models", "--endpoint", f->server.uri, "--provider", "ollama"), ==, 0);
  g_assert_cmpstr (f->out, ==, "llama3.2:latest  2.0\u00a0GB · llama · 3.2B\n"
                               "qwen2.5:7b       4.7\u00a0GB\n");
  g_assert_cmpstr (f->err, ==, "");

  g_assert_cmpint (
      run (f, "models", "--endpoint", f->server.uri, "--provider", "ollama", "--json"), ==, 0);
  json_parser_load_from_data (parser, f->out, -1, &error);
  g_assert_no_error (error);
  models =
      json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "models");
  g_assert_cmpuint (json_array_get_length (models), ==, 2);
  first = json_array_get_object_element (models, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, REFRAME_FAKE_MODEL);
  g_assert_cmpint (json_object_get_int_member (first, "size"), ==, 2019393189);
  g_assert_cmpstr (json_object_get_string_member (first, "family"), ==, "llama");

  /* An OpenAI-compatible service: names only. */
  g_assert_cmpint (run (f, "models", "--endpoint", f->server.uri, "--provider", "openai"), ==, 0);
  g_assert_cmpstr (f->out, ==, REFRAME_FAKE_MODEL "\nqwen2.5:7b\n");

  /* Bad usage sends nothing. */
  g_assert_cmpint (run (f, "models", "--endpoint", f->server.uri, "--provider", "lmstudio"), ==, 2);
  g_assert_true (
      g_str_has_prefix (f->err, "reframe models: “lmstudio” is not a kind of model service"));
}

/* Not a terminal: plain lines, each step once and each whole percent once. */
static void
test_pull (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;

  assert_server_says (f, "has-model " REFRAME_FAKE_PULLABLE_MODEL, "no");
  g_assert_cmpint (
      run (f, "pull", REFRAME_FAKE_PULLABLE_MODEL, "--endpoint", f->server.uri), ==, 0);
  g_assert_cmpstr (f->err, ==, "");
  g_assert_null (strchr (f->out, '\r'));
  lines = g_strsplit (f->out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "Asking for the model…");
  g_assert_cmpstr (lines[1], ==, "Downloading: 0 % (0 bytes of 1.9\u00a0GB)");
  g_assert_cmpstr (lines[3], ==, "Downloading: 50 % (965.0\u00a0MB of 1.9\u00a0GB)");
  g_assert_cmpstr (lines[5], ==, "Downloading: 100 % (1.9\u00a0GB of 1.9\u00a0GB)");
  g_assert_cmpstr (lines[6], ==, "Checking the download…");
  g_assert_cmpstr (lines[7], ==, "Saving the model…");
  g_assert_cmpstr (lines[8], ==, "Downloaded.");
  g_assert_cmpstr (lines[9], ==, "");
  g_assert_null (lines[10]);
  assert_server_says (f, "has-model " REFRAME_FAKE_PULLABLE_MODEL, "yes");

  /* It is listed now. */
  g_assert_cmpint (run (f, "models", "--endpoint", f->server.uri, "--provider", "ollama"), ==, 0);
  g_assert_nonnull (
      strstr (f->out, REFRAME_FAKE_PULLABLE_MODEL "       1.9\u00a0GB · qwen2 · 3.1B\n"));

  /* A name Ollama's library does not have: its words, and status 1. */
  g_assert_cmpint (run (f, "pull", "no-such-model", "--endpoint", f->server.uri), ==, 1);
  g_assert_cmpstr (
      f->err,
      ==,
      "reframe pull: There is no model named “no-such-model” (Ollama says: pull model manifest: "
      "file does not exist). Check the spelling; ollama.com/library lists the names.\n");

  /* A failure half-way, a full disk. */
  assert_server_says (
      f, "pull-failure 3 write /models/blobs/sha256-aaaa-partial: no space left on device", "ok");
  g_assert_cmpint (run (f, "pull", "gemma2:2b", "--endpoint", f->server.uri), ==, 1);
  g_assert_true (g_str_has_prefix (
      f->err,
      "reframe pull: The computer running the model service has no room left for “gemma2:2b”"));
  assert_server_says (f, "has-model gemma2:2b", "no");

  g_assert_cmpint (run (f, "pull", "--endpoint", f->server.uri), ==, 2);
  g_assert_cmpint (run (f, "pull", "a", "b", "--endpoint", f->server.uri), ==, 2);
}

/* Nothing on the port: "Ollama is not running", for both commands. */
static void
test_not_running (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16          port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u", port);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  g_assert_cmpint (run (f, "models", "--endpoint", uri, "--provider", "ollama"), ==, 1);
  g_assert_true (g_str_has_prefix (f->err, "reframe models: Ollama is not running"));
  g_assert_cmpint (run (f, "pull", "gemma2:2b", "--endpoint", uri), ==, 1);
  g_assert_true (g_str_has_prefix (f->err, "reframe pull: Ollama is not running"));
}

/* Ctrl+C stops the download: the server sees its client go, nothing is installed,
 * and the status is 130. */
static void
test_pull_interrupted (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL, *second = NULL;
  g_autofree char *stopped = NULL;
  gint64           end;

  assert_server_says (f, "pull-delay 400", "ok");
  process = spawn (f,
                   (const char *const[]){
                       "pull", REFRAME_FAKE_PULLABLE_MODEL, "--endpoint", f->server.uri, NULL });
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  first = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "Asking for the model…");
  second = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (second, "Downloading: 0 %"));
  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);

  end = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
  do
    {
      g_free (stopped);
      stopped = reframe_test_server_program_ask (&f->server, "pulls-stopped");
      if (!g_str_equal (stopped, "1"))
        g_usleep (20000);
    }
  while (!g_str_equal (stopped, "1") && g_get_monotonic_time () < end);
  g_assert_cmpstr (stopped, ==, "1");
  assert_server_says (f, "has-model " REFRAME_FAKE_PULLABLE_MODEL, "no");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add (
      "/reframe/cli-models/models", Fixture, NULL, fixture_set_up, test_models, fixture_tear_down);
  g_test_add (
      "/reframe/cli-models/pull", Fixture, NULL, fixture_set_up, test_pull, fixture_tear_down);
  g_test_add ("/reframe/cli-models/not-running",
              Fixture,
              NULL,
              fixture_set_up,
              test_not_running,
              fixture_tear_down);
  g_test_add ("/reframe/cli-models/pull-interrupted",
              Fixture,
              NULL,
              fixture_set_up,
              test_pull_interrupted,
              fixture_tear_down);

  return g_test_run ();
}
