/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-fake-model-server-main.c: the fake model server as a program, for tests that run the CLI.
 *
 * Starts the server on 127.0.0.1, prints its URI on one line, then answers commands on
 * stdin, one per line, until stdin closes:
 *   requests        prints how many requests the server has received
 *   chat-body       prints the body of the last chat request (JSON, one line), or ""
 *   behaviour NAME  sets what the next chat does (normal, slow-drip, unsafe-reply, …)
 *   context N B     reports a context of N tokens and refuses longer prompts, counted
 *                   as B bytes a token (reframe_fake_model_server_set_context_size())
 *   refused         prints how many chat requests were refused for their size
 *   pull-delay MS   sets the wait before each status line of /api/pull
 *   pull-failure N TEXT  makes pulls fail with TEXT after N lines ("pull-failure 0 -" undoes it)
 *   has-model NAME  prints yes or no: whether NAME is installed
 *   pulls-stopped   prints how many pulls the client left before their end
 *   structured NAME answers non-streamed chats with a drafted thought record: valid,
 *                   partial or invalid (REFRAME_FAKE_DRAFT_*); none streams again
 *   format          prints the last chat request's format or response_format, or ""
 *   text-reply TEXT answers non-streamed chats with TEXT ("\n" in it is a line break),
 *                   as the appointment draft asks for it
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "reframe-fake-model-server.h"

static const char *const behaviour_names[] = {
  "normal",
  "one-byte-chunks",
  "split-utf8",
  "comments-crlf",
  "slow-drip",
  "unauthorized",
  "unknown-model",
  "rate-limited",
  "server-error",
  "cut-off",
  "malformed",
  "unsafe-reply",
  "long-reply",
};

G_STATIC_ASSERT (G_N_ELEMENTS (behaviour_names) == REFRAME_FAKE_BEHAVIOUR_LONG_REPLY + 1);

static gboolean
set_behaviour (ReframeFakeModelServer *server,
               const char             *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (behaviour_names); i++)
    if (g_str_equal (name, behaviour_names[i]))
      {
        reframe_fake_model_server_set_behaviour (server, i);
        return TRUE;
      }
  return FALSE;
}

static gboolean
set_context (ReframeFakeModelServer *server,
             const char             *args)
{
  guint n_ctx, bytes_per_token;

  if (sscanf (args, "%u %u", &n_ctx, &bytes_per_token) != 2)
    return FALSE;
  reframe_fake_model_server_set_context_size (server, n_ctx, bytes_per_token);
  return TRUE;
}

/* The model management commands; returns whether @command was one of them. */
static gboolean
answer_models (ReframeFakeModelServer *server,
               const char             *command)
{
  g_auto (GStrv) words = g_strsplit (command, " ", 3);

  if (g_str_equal (command, "pulls-stopped"))
    printf ("%u\n", reframe_fake_model_server_get_n_pulls_stopped (server));
  else if (g_str_equal (words[0], "has-model") && words[1] != NULL)
    printf ("%s\n", reframe_fake_model_server_has_model (server, words[1]) ? "yes" : "no");
  else if (g_str_equal (words[0], "pull-delay") && words[1] != NULL)
    {
      reframe_fake_model_server_set_pull_delay (server,
                                                (guint) g_ascii_strtoull (words[1], NULL, 10));
      printf ("ok\n");
    }
  else if (g_str_equal (words[0], "pull-failure") && words[1] != NULL && words[2] != NULL)
    {
      reframe_fake_model_server_set_pull_failure (server,
                                                  (guint) g_ascii_strtoull (words[1], NULL, 10),
                                                  g_str_equal (words[2], "-") ? NULL : words[2]);
      printf ("ok\n");
    }
  else
    return FALSE;
  return TRUE;
}

static gboolean
set_structured (ReframeFakeModelServer *server,
                const char             *name)
{
  static const char *const names[] = { "valid", "partial", "invalid", "none" };
  static const char *const replies[] = {
    REFRAME_FAKE_DRAFT_VALID, REFRAME_FAKE_DRAFT_PARTIAL, REFRAME_FAKE_DRAFT_INVALID, NULL
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      {
        reframe_fake_model_server_set_structured_reply (server, replies[i]);
        return TRUE;
      }
  return FALSE;
}

/* A plain-text answer to non-streamed chats (the appointment draft). */
static void
set_text_reply (ReframeFakeModelServer *server,
                const char             *text)
{
  g_autofree char *reply = g_strcompress (text);

  reframe_fake_model_server_set_structured_reply (server, reply);
}

static void
print_format (ReframeFakeModelServer *server)
{
  g_autofree char *format = reframe_fake_model_server_dup_last_format (server);

  printf ("%s\n", format ? format : "");
}

static void
answer (ReframeFakeModelServer *server,
        const char             *command)
{
  if (g_str_equal (command, "requests"))
    printf ("%u\n", reframe_fake_model_server_get_n_requests (server));
  else if (g_str_equal (command, "chat-body"))
    {
      g_autofree char *body = reframe_fake_model_server_dup_last_chat_body (server);

      printf ("%s\n", body ? body : "");
    }
  else if (g_str_has_prefix (command, "behaviour ") &&
           set_behaviour (server, command + strlen ("behaviour ")))
    printf ("ok\n");
  else if (g_str_has_prefix (command, "context ") &&
           set_context (server, command + strlen ("context ")))
    printf ("ok\n");
  else if (g_str_has_prefix (command, "structured ") &&
           set_structured (server, command + strlen ("structured ")))
    printf ("ok\n");
  else if (g_str_has_prefix (command, "text-reply "))
    {
      set_text_reply (server, command + strlen ("text-reply "));
      printf ("ok\n");
    }
  else if (g_str_equal (command, "format"))
    print_format (server);
  else if (g_str_equal (command, "refused"))
    printf ("%u\n", reframe_fake_model_server_get_n_refused (server));
  else if (!answer_models (server, command))
    printf ("unknown command\n");
  fflush (stdout);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (ReframeFakeModelServer) server = NULL;
  g_autofree char *behaviour = NULL, *api_key = NULL;
  int              delay_ms = -1;
  GOptionEntry     entries[] = {
        { "behaviour",
          0,
          0,
          G_OPTION_ARG_STRING,
          &behaviour,
          "What chats do (normal, slow-drip, unsafe-reply, …)",
          "NAME" },
        { "delay",
          0,
          0,
          G_OPTION_ARG_INT,
          &delay_ms,
          "Milliseconds between chunks with slow-drip",
          "MS" },
        { "api-key", 0, 0, G_OPTION_ARG_STRING, &api_key, "Key the OpenAI endpoints want", "KEY" },
        { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  char line[256];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  server = reframe_fake_model_server_new ();
  if (behaviour != NULL && !set_behaviour (server, behaviour))
    {
      g_printerr ("unknown behaviour %s\n", behaviour);
      return 2;
    }
  if (delay_ms >= 0)
    reframe_fake_model_server_set_chunk_delay (server, delay_ms);
  reframe_fake_model_server_set_api_key (server,
                                         api_key != NULL && *api_key != '\0' ? api_key : NULL);

  printf ("%s\n", reframe_fake_model_server_get_uri (server));
  fflush (stdout);

  /* The server runs in its own thread, so this one may block on stdin. */
  while (fgets (line, sizeof line, stdin) != NULL)
    answer (server, g_strchomp (line));
  return 0;
}
