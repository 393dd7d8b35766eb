/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-chat.c: `reframe chat` against the fake model server, run as programs on 127.0.0.1. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "reframe-conversation-repository.h"
#include "reframe-fake-model-server.h"
#include "reframe-store.h"
#include "reframe-test-util.h"

#define CRISIS_HEADING "If you might act on thoughts of harming yourself"

typedef struct
{
  ReframeTestServerProgram server;
  char                    *dir;

  /* The last run of `reframe chat`. */
  char *out;
  char *err;
  int   status;
} Fixture;

static void
start_server (Fixture    *f,
              const char *behaviour,
              const char *api_key)
{
  reframe_test_server_program_start (&f->server,
                                     "--behaviour",
                                     behaviour,
                                     "--delay",
                                     "300",
                                     "--api-key",
                                     api_key ? api_key : "",
                                     NULL);
}

static guint
count_requests (Fixture *f)
{
  g_autofree char *answer = reframe_test_server_program_ask (&f->server, "requests");

  return (guint) g_ascii_strtoull (answer, NULL, 10);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  start_server (f, data ? data : "normal", NULL);
}

static void
stop_server (Fixture *f)
{
  reframe_test_server_program_stop (&f->server);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  stop_server (f);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

static GSubprocess *
spawn_chat (GSubprocessLauncher *launcher,
            const char *const   *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer) g_getenv ("REFRAME_BIN"));
  g_ptr_array_add (argv, (gpointer) "chat");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Runs `reframe chat ARGS…` (NULL-terminated) with @env (NAME=VALUE pairs, nullable);
 * with @merge, stderr goes into f->out in the order it was written. */
static int
run_full (Fixture           *f,
          const char *const *env,
          gboolean           merge,
          const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_PIPE |
      (merge ? G_SUBPROCESS_FLAGS_STDERR_MERGE : G_SUBPROCESS_FLAGS_STDERR_PIPE));
  g_subprocess_launcher_unsetenv (launcher, "REFRAME_API_KEY");
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  process = spawn_chat (launcher, args);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &f->out, &f->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  f->status = g_subprocess_get_exit_status (process);
  if (f->err == NULL)
    f->err = g_strdup ("");
  return f->status;
}

#define run(f, ...) run_full (f, NULL, FALSE, (const char *const[]){ __VA_ARGS__, NULL })

static char *
dup_expected_reply (void)
{
  g_autofree char *reply = reframe_fake_model_server_dup_reply ();

  return g_strconcat (reply, "\n", NULL);
}

static void
test_ollama (Fixture      *f,
             gconstpointer data)
{
  g_autofree char *expected = dup_expected_reply ();
  g_autofree char *body = NULL;

  g_assert_cmpint (run (f,
                        "--endpoint",
                        f->server.uri,
                        "--provider",
                        "ollama",
                        "--model",
                        REFRAME_FAKE_MODEL,
                        "--data-dir",
                        f->dir,
                        "Work was hard today"),
                   ==,
                   0);
  g_assert_cmpstr (f->out, ==, expected);
  g_assert_cmpstr (f->err, ==, "");
  g_assert_cmpuint (count_requests (f), ==, 1);

  /* The default instructions and the message, without the crisis note. */
  body = reframe_test_server_program_ask (&f->server, "chat-body");
  g_assert_nonnull (strstr (body, "\"role\":\"system\""));
  g_assert_nonnull (strstr (body, "journaling companion"));
  g_assert_nonnull (strstr (body, "Work was hard today"));
  g_assert_null (strstr (body, "may mean they are in crisis"));
}

/* No --model: the first model the service lists; the key comes from REFRAME_API_KEY. */
static void
test_openai (Fixture      *f,
             gconstpointer data)
{
  g_autofree char  *expected = dup_expected_reply ();
  const char *const env[] = { "REFRAME_API_KEY", "sk-test-123", NULL };

  stop_server (f);
  start_server (f, "normal", "sk-test-123");
  g_assert_cmpint (run_full (f,
                             env,
                             FALSE,
                             (const char *const[]){ "--endpoint",
                                                    f->server.uri,
                                                    "--provider",
                                                    "openai",
                                                    "What",
                                                    "is",
                                                    "a",
                                                    "thought",
                                                    "record?",
                                                    NULL }),
                   ==,
                   0);
  g_assert_cmpstr (f->out, ==, expected);
  g_assert_cmpstr (f->err, ==, "");
  g_assert_cmpuint (count_requests (f), ==, 2);

  /* Without the key the service says no, and the message is the provider's. */
  g_assert_cmpint (run (f,
                        "--endpoint",
                        f->server.uri,
                        "--provider",
                        "openai",
                        "--model",
                        REFRAME_FAKE_MODEL,
                        "hello"),
                   ==,
                   1);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_true (g_str_has_prefix (f->err, "reframe chat: "));
}

static void
test_crisis (Fixture      *f,
             gconstpointer data)
{
  g_autofree char  *expected = dup_expected_reply ();
  g_autofree char  *body = NULL;
  const char *const text = "I just lost my job. What are the bridges taller than 25 meters in NYC?";
  const char *const german[] = { "LC_ALL", "de_DE.UTF-8", NULL };
  const char       *crisis, *reply;

  /* Apart: the lines on stderr, the reply still on stdout. */
  g_assert_cmpint (
      run_full (f,
                german,
                FALSE,
                (const char *const[]){
                    "--endpoint", f->server.uri, "--model", REFRAME_FAKE_MODEL, text, NULL }),
      ==,
      0);
  g_assert_cmpstr (f->out, ==, expected);
  g_assert_true (g_str_has_prefix (f->err, CRISIS_HEADING));
  g_assert_nonnull (strstr (f->err, "Emergency services: 112"));
  g_assert_nonnull (strstr (f->err, "TelefonSeelsorge"));
  g_assert_nonnull (strstr (f->err, "Befrienders Worldwide"));

  /* The request carries the crisis note. */
  body = reframe_test_server_program_ask (&f->server, "chat-body");
  g_assert_nonnull (strstr (body, "may mean they are in crisis"));
  g_assert_nonnull (strstr (body, "bridges taller"));

  /* Together: the lines come before the first word of the reply. */
  g_assert_cmpint (
      run_full (f,
                NULL,
                TRUE,
                (const char *const[]){
                    "--endpoint", f->server.uri, "--model", REFRAME_FAKE_MODEL, text, NULL }),
      ==,
      0);
  crisis = strstr (f->out, CRISIS_HEADING);
  reply = strstr (f->out, reframe_fake_model_server_get_deltas ()[0]);
  g_assert_nonnull (crisis);
  g_assert_nonnull (reply);
  g_assert_true (crisis < reply);
  g_assert_cmpuint (count_requests (f), ==, 2);
}

/* A reply that gives calorie targets is stopped and replaced; the lines are shown. */
static void
test_unsafe_reply (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char *answer = reframe_test_server_program_ask (&f->server, "behaviour unsafe-reply");

  g_assert_cmpstr (answer, ==, "ok");
  g_assert_cmpint (run (f,
                        "--endpoint",
                        f->server.uri,
                        "--model",
                        REFRAME_FAKE_MODEL,
                        "How do I feel better about my body?"),
                   ==,
                   0);
  g_assert_null (strstr (f->out, "calories"));
  g_assert_null (strstr (f->out, "kcal"));
  g_assert_nonnull (strstr (f->out, "I can’t help with that."));
  g_assert_true (g_str_has_suffix (f->out, "\n"));
  g_assert_true (g_str_has_prefix (f->err, CRISIS_HEADING));
}

/* A long reply of many small deltas streams whole, and checking it for what a reply
 * must never say costs the same per delta at the end as at the start. */
static void
test_long_reply (Fixture      *f,
                 gconstpointer data)
{
  g_autofree char *answer = reframe_test_server_program_ask (&f->server, "behaviour long-reply");
  g_autofree char *reply = reframe_fake_model_server_dup_long_reply ();
  g_autofree char *expected = g_strconcat (reply, "\n", NULL);
  gint64           start = g_get_monotonic_time ();
  double           seconds;

  g_assert_cmpstr (answer, ==, "ok");
  g_assert_cmpint (run (f,
                        "--endpoint",
                        f->server.uri,
                        "--model",
                        REFRAME_FAKE_MODEL,
                        "Walk me through a thought record"),
                   ==,
                   0);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("%u deltas, %zu bytes in %.2f s: %.0f KB/s",
                  REFRAME_FAKE_LONG_REPLY_DELTAS,
                  strlen (reply),
                  seconds,
                  strlen (reply) / 1024.0 / seconds);
  g_assert_cmpstr (f->out, ==, expected);
  g_assert_cmpstr (f->err, ==, "");
  /* How fast is the benchmark's question (a timed test fails on a busy machine); that
   * each delta is checked with a bounded window is /reframe/crisis/reply-delta's. */
}

/* A reply dripping in slowly is given up on after --timeout seconds, with a message;
 * what arrived is kept on the screen. */
static void
test_time_limit (Fixture      *f,
                 gconstpointer data)
{
  g_autofree char *expected = dup_expected_reply ();

  /* The server waits 300 ms before each of its six chunks: the whole reply takes longer
   * than the limit, so exit 1 and the message say the limit was kept (how long it took
   * is not asserted: a busy machine is slow). */
  g_assert_cmpint (
      run (
          f, "--endpoint", f->server.uri, "--model", REFRAME_FAKE_MODEL, "--timeout", "1", "hello"),
      ==,
      1);
  /* What arrived, and a line end. */
  g_assert_true (g_str_has_suffix (f->out, "\n"));
  f->out[strlen (f->out) - 1] = '\0';
  g_assert_true (g_str_has_prefix (expected, f->out));
  g_assert_cmpstr (f->out, !=, "");
  g_assert_true (g_str_has_prefix (f->err, "reframe chat: "));
  g_assert_nonnull (strstr (f->err, "1 second"));
  g_assert_nonnull (strstr (f->err, f->server.uri));

  /* Time enough: the whole reply. */
  g_assert_cmpint (run (f,
                        "--endpoint",
                        f->server.uri,
                        "--model",
                        REFRAME_FAKE_MODEL,
                        "--timeout",
                        "60",
                        "hello"),
                   ==,
                   0);
  g_assert_cmpstr (f->out, ==, expected);

  g_assert_cmpint (run (f, "--endpoint", f->server.uri, "--timeout", "0", "hello"), ==, 2);
  g_assert_cmpint (run (f, "--endpoint", f->server.uri, "--timeout", "soon", "hello"), ==, 2);
}

static void
test_unknown_model (Fixture      *f,
                    gconstpointer data)
{
  g_assert_cmpint (
      run (f, "--endpoint", f->server.uri, "--provider", "ollama", "--model", "mistral", "hello"),
      ==,
      1);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_true (g_str_has_prefix (f->err, "reframe chat: "));
  g_assert_nonnull (strstr (f->err, "does not have the model “mistral”"));

  g_assert_cmpint (
      run (f, "--endpoint", f->server.uri, "--provider", "openai", "--model", "mistral", "hello"),
      ==,
      1);
  g_assert_nonnull (strstr (f->err, "does not have the model “mistral”"));
}

/* Returns: a port on 127.0.0.1 where nothing listens (it was free a moment ago). */
static guint16
find_closed_port (void)
{
  g_autoptr (GSocket) socket =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;
  guint16 port;

  g_socket_bind (socket, any_port, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static void
test_connection_refused (Fixture      *f,
                         gconstpointer data)
{
  g_autofree char *endpoint = g_strdup_printf ("http://127.0.0.1:%u", find_closed_port ());
  const char      *crisis, *refused;

  g_assert_cmpint (run (f, "--endpoint", endpoint, "--model", REFRAME_FAKE_MODEL, "hello"), ==, 1);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_nonnull (strstr (f->err, "could not reach the model service"));

  /* Without a model the listing fails the same way. */
  g_assert_cmpint (run (f, "--endpoint", endpoint, "--provider", "openai", "hello"), ==, 1);
  g_assert_nonnull (strstr (f->err, "could not reach the model service"));

  /* The crisis lines never wait for the network: they are out before the attempt. */
  g_assert_cmpint (
      run (f, "--endpoint", endpoint, "--model", REFRAME_FAKE_MODEL, "I want to die"), ==, 1);
  crisis = strstr (f->err, CRISIS_HEADING);
  refused = strstr (f->err, "could not reach the model service");
  g_assert_nonnull (crisis);
  g_assert_nonnull (refused);
  g_assert_true (crisis < refused);
}

static void
test_bad_arguments (Fixture      *f,
                    gconstpointer data)
{
  g_assert_cmpint (run (f, "--endpoint", f->server.uri), ==, 2);
  g_assert_nonnull (strstr (f->err, "Say what to send"));
  g_assert_cmpint (run (f, "--endpoint", f->server.uri, "   "), ==, 2);
  g_assert_cmpint (run (f, "--endpoint", f->server.uri, "--provider", "claude", "hello"), ==, 2);
  g_assert_nonnull (strstr (f->err, "“claude”"));
  g_assert_cmpint (run (f, "--endpoint", "not an address", "hello"), ==, 2);
  g_assert_cmpint (run (f, "--endpoint", "ftp://127.0.0.1/", "hello"), ==, 2);
  g_assert_cmpint (run (f, "--endpoint", f->server.uri, "--temperature", "2", "hello"), ==, 2);
  g_assert_cmpint (run (f, "--endpoint", f->server.uri, "--model"), ==, 2);
  /* Even a message with crisis language sends nothing when the usage is wrong. */
  g_assert_cmpint (
      run (f, "--endpoint", f->server.uri, "--provider", "nope", "I want to die"), ==, 2);
  g_assert_cmpstr (f->out, ==, "");

  g_assert_cmpuint (count_requests (f), ==, 0);
}

/* Ctrl+C in the middle of a reply ends the command at once, with what arrived so far. */
static void
test_interrupt (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  char             buffer[64] = { 0 };
  gssize           n;

  process =
      spawn_chat (launcher,
                  (const char *const[]){
                      "--endpoint", f->server.uri, "--model", REFRAME_FAKE_MODEL, "hello", NULL });
  n = g_input_stream_read (
      g_subprocess_get_stdout_pipe (process), buffer, sizeof buffer - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  g_assert_true (g_str_has_prefix (reframe_fake_model_server_get_deltas ()[0], buffer));

  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  /* 130: ended by the interrupt, not by the reply's end (how soon is not asserted: a
   * busy machine is slow). */
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);
  g_assert_cmpstr (err, ==, "");
}

static void
write_keyfile (const char *config_dir,
               const char *contents)
{
  g_autofree char *dir = g_build_filename (config_dir, "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Without options the settings decide: service, model, personal phrases, therapist. */
static void
test_settings (Fixture      *f,
               gconstpointer data)
{
  g_autofree char  *expected = dup_expected_reply ();
  g_autofree char  *keyfile = g_strdup_printf ("[io/github/reframe/Reframe]\n"
                                               "companion-provider='openai'\n"
                                               "companion-endpoint='%s'\n"
                                               "companion-model='%s'\n"
                                               "companion-system-prompt='Answer like a pirate.'\n"
                                               "crisis-country='NZ'\n"
                                               "crisis-extra-phrases=['purple elephant']\n"
                                               "therapist-name='Dr. Aroha'\n"
                                               "therapist-phone='09 555 0101'\n",
                                              f->server.uri,
                                              REFRAME_FAKE_MODEL);
  const char *const env[] = { "GSETTINGS_BACKEND", "keyfile", "XDG_CONFIG_HOME", f->dir, NULL };
  g_autofree char  *body = NULL;
  const char       *therapist, *emergency;

  write_keyfile (f->dir, keyfile);
  g_assert_cmpint (
      run_full (f, env, FALSE, (const char *const[]){ "The purple elephant is back.", NULL }),
      ==,
      0);
  g_assert_cmpstr (f->out, ==, expected);
  therapist = strstr (f->err, "Dr. Aroha, 09 555 0101");
  emergency = strstr (f->err, "Emergency services: 111");
  g_assert_nonnull (therapist);
  g_assert_nonnull (emergency);
  g_assert_true (therapist < emergency);
  body = reframe_test_server_program_ask (&f->server, "chat-body");
  g_assert_nonnull (strstr (body, "Answer like a pirate."));
  g_assert_nonnull (strstr (body, "may mean they are in crisis"));
}

/* A bare run without the installed schema falls back to the schema's defaults. */
static void
test_no_schema (Fixture      *f,
                gconstpointer data)
{
  g_autofree char  *expected = dup_expected_reply ();
  const char *const env[] = {
    "GSETTINGS_SCHEMA_DIR", f->dir, "XDG_DATA_DIRS", f->dir, "XDG_DATA_HOME", f->dir, NULL
  };

  g_assert_cmpint (
      run_full (f, env, FALSE, (const char *const[]){ "--endpoint", f->server.uri, "hello", NULL }),
      ==,
      0);
  g_assert_cmpstr (f->out, ==, expected);
  g_assert_cmpstr (f->err, ==, "");
  g_assert_cmpuint (count_requests (f), ==, 2);
}

/* Returns: (transfer full): the conversations of the journal in f->dir, newest first. */
static GListModel *
list_conversations (Fixture       *f,
                    ReframeStore **store_out)
{
  g_autoptr (GError) error = NULL;
  ReframeStore *store = reframe_store_open (f->dir, &error);
  GListModel   *conversations;

  g_assert_no_error (error);
  conversations =
      reframe_conversation_repository_list (reframe_store_get_conversations (store), &error);
  g_assert_no_error (error);
  *store_out = store;
  return conversations;
}

static guint
count_messages (ReframeStore *store,
                GListModel   *conversations,
                guint         index)
{
  g_autoptr (ReframeConversation) conversation = g_list_model_get_item (conversations, index);
  g_autoptr (GError) error = NULL;
  g_autoptr (GListStore) messages = reframe_conversation_repository_load_messages (
      reframe_store_get_conversations (store), conversation, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (messages));
}

/* --new starts a conversation kept in the journal (the pane lists it); --continue goes
 * on with the latest, sending what was said before. */
static void
test_new_and_continue (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *expected = dup_expected_reply ();
  g_autofree char *body = NULL;
  g_autoptr (GListModel) conversations = NULL;
  g_autoptr (ReframeStore) store = NULL;

  g_assert_cmpint (run (f,
                        "--new",
                        "--endpoint",
                        f->server.uri,
                        "--model",
                        REFRAME_FAKE_MODEL,
                        "--data-dir",
                        f->dir,
                        "The meeting went badly"),
                   ==,
                   0);
  g_assert_cmpstr (f->out, ==, expected);
  g_assert_cmpstr (f->err, ==, "");

  g_assert_cmpint (run (f,
                        "--continue",
                        "--endpoint",
                        f->server.uri,
                        "--model",
                        REFRAME_FAKE_MODEL,
                        "--data-dir",
                        f->dir,
                        "What could I try next time?"),
                   ==,
                   0);
  g_assert_cmpstr (f->out, ==, expected);
  body = reframe_test_server_program_ask (&f->server, "chat-body");
  g_assert_nonnull (strstr (body, "The meeting went badly"));
  g_assert_nonnull (strstr (body, "What could I try next time?"));
  g_assert_nonnull (strstr (body, "what went through your mind?"));
  /* Sent to Ollama with the context it was fitted to (no /api/show: the setting). */
  g_assert_nonnull (strstr (body, "\"num_ctx\":4096"));

  conversations = list_conversations (f, &store);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 1);
  g_assert_cmpuint (count_messages (store, conversations, 0), ==, 4);
  g_clear_object (&conversations);
  g_clear_object (&store);

  /* --new again: a second conversation, which --continue then goes on with. */
  g_assert_cmpint (run (f,
                        "--new",
                        "--endpoint",
                        f->server.uri,
                        "--model",
                        REFRAME_FAKE_MODEL,
                        "--data-dir",
                        f->dir,
                        "Another day"),
                   ==,
                   0);
  g_assert_cmpint (run (f,
                        "--continue",
                        "--endpoint",
                        f->server.uri,
                        "--model",
                        REFRAME_FAKE_MODEL,
                        "--data-dir",
                        f->dir,
                        "And then?"),
                   ==,
                   0);
  g_clear_pointer (&body, g_free);
  body = reframe_test_server_program_ask (&f->server, "chat-body");
  g_assert_nonnull (strstr (body, "Another day"));
  g_assert_null (strstr (body, "The meeting went badly"));
  conversations = list_conversations (f, &store);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 2);
  g_assert_cmpuint (count_messages (store, conversations, 0), ==, 4);
  g_assert_cmpuint (count_messages (store, conversations, 1), ==, 4);

  /* Not both. */
  g_assert_cmpint (
      run (f, "--new", "--continue", "--endpoint", f->server.uri, "--data-dir", f->dir, "hello"),
      ==,
      2);
}

/* --continue of a long conversation: the newest that fits the model's context, the
 * system prompt first, and one line on stderr saying earlier messages are left out. */
static void
test_continue_long (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *answer = reframe_test_server_program_ask (&f->server, "context 1024 4");
  g_autofree char *body = NULL;
  g_autoptr (GError) error = NULL;
  const char *note = "Earlier messages are not sent to the model; it sees the last ";

  g_assert_cmpstr (answer, ==, "ok");
  {
    g_autoptr (ReframeStore) store = reframe_store_open (f->dir, &error);
    ReframeConversationRepository *repository;
    g_autoptr (ReframeConversation) conversation = NULL;

    g_assert_no_error (error);
    repository = reframe_store_get_conversations (store);
    conversation = reframe_conversation_repository_create (repository, "Long", &error);
    g_assert_no_error (error);
    for (guint i = 0; i < 60; i++)
      {
        g_autofree char *text =
            g_strdup_printf ("[turn %02u] %s",
                             i,
                             "I went over the day again, the meeting, the bus, the call, and what "
                             "I could have said instead of what I did say.");
        g_autoptr (ReframeChatMessage) message = reframe_chat_message_new (
            i % 2 == 0 ? REFRAME_CHAT_ROLE_USER : REFRAME_CHAT_ROLE_ASSISTANT, text);

        reframe_chat_message_set_status (message, REFRAME_CHAT_MESSAGE_COMPLETE);
        g_assert_true (reframe_conversation_repository_add_message (
            repository, conversation, message, &error));
        g_assert_no_error (error);
      }
  }

  g_assert_cmpint (run (f,
                        "--continue",
                        "--endpoint",
                        f->server.uri,
                        "--model",
                        REFRAME_FAKE_MODEL,
                        "--data-dir",
                        f->dir,
                        "What now?"),
                   ==,
                   0);
  g_assert_true (g_str_has_prefix (f->err, "reframe chat: "));
  g_assert_nonnull (strstr (f->err, note));
  g_assert_null (strstr (strstr (f->err, note) + 1, note)); /* once */

  body = reframe_test_server_program_ask (&f->server, "chat-body");
  g_assert_nonnull (strstr (body, "\"num_ctx\":1024"));
  g_assert_nonnull (strstr (body, "[turn 59]"));
  g_assert_null (strstr (body, "[turn 00]"));
  g_assert_nonnull (strstr (body, "What now?"));
  g_assert_true (
      g_str_has_prefix (strstr (body, "\"messages\":[{"), "\"messages\":[{\"role\":\"system\""));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, behaviour, func) \
  g_test_add (                     \
      "/reframe/cli-chat/" path, Fixture, behaviour, fixture_set_up, func, fixture_tear_down)
  ADD ("ollama", NULL, test_ollama);
  ADD ("openai", NULL, test_openai);
  ADD ("crisis", NULL, test_crisis);
  ADD ("unsafe-reply", NULL, test_unsafe_reply);
  ADD ("long-reply", NULL, test_long_reply);
  ADD ("time-limit", "slow-drip", test_time_limit);
  ADD ("unknown-model", NULL, test_unknown_model);
  ADD ("connection-refused", NULL, test_connection_refused);
  ADD ("bad-arguments", NULL, test_bad_arguments);
  ADD ("interrupt", "slow-drip", test_interrupt);
  ADD ("settings", NULL, test_settings);
  ADD ("no-schema", NULL, test_no_schema);
  ADD ("new-and-continue", NULL, test_new_and_continue);
  ADD ("continue-long", NULL, test_continue_long);
#undef ADD

  return g_test_run ();
}
