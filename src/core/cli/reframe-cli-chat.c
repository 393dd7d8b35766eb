/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-chat.c: `reframe chat TEXT`, one message to the companion from the command line.
 *
 * The message is checked for crisis language on this computer before anything is sent;
 * on a match the crisis lines go to stderr first, then the message is sent with the
 * crisis note, as the window does once the person has seen the lines. The reply streams
 * to stdout and is checked as it grows, each delta with a window of the text before it,
 * and once whole at the end: if it says what a reply must never say, the stream stops
 * and the fallback text and the crisis lines are shown. A reply that takes longer than
 * --timeout seconds in all, however steadily it drips, is given up on.
 *
 * With --new or --continue the message and the reply are kept in the journal as a
 * conversation, exactly as the companion pane keeps them (the pane lists it), and the
 * request is made by the same chat session: --continue sends as much of the latest
 * conversation as fits the model's context, and says on stderr when earlier messages
 * are left out.
 * Exit status: 0 done, 1 the service or the data failed, 2 bad usage, 130 interrupted.
 */

#define G_LOG_DOMAIN "ReframeCliChat"

#include "config.h"

#include <glib-unix.h>
#include "reframe-i18n.h"
#include <signal.h>
#include <stdio.h>

#include "reframe-api-keys.h"
#include "reframe-chat-session.h"
#include "reframe-cli-private.h"
#include "reframe-context-budget.h"
#include "reframe-conversation-repository.h"
#include "reframe-endpoint.h"
#include "reframe-crisis-check.h"
#include "reframe-crisis-lines.h"
#include "reframe-ollama-provider.h"
#include "reframe-openai-provider.h"
#include "reframe-system-prompt.h"

#define EXIT_USAGE       2
#define EXIT_INTERRUPTED 130

/* The longest a reply may take, in seconds, unless --timeout says otherwise: a slow
 * local model writes a long answer in a few minutes. */
#define DEFAULT_TIMEOUT 600

typedef struct
{
  ReframeCliChatSettings settings;
  char                  *text;
  gboolean               crisis;
  guint                  timeout;
  gboolean               new_conversation;
  gboolean               continue_conversation;
  char                  *data_dir;

  /* Owned */
  GMainLoop            *loop;
  GCancellable         *cancellable;
  ReframeModelProvider *provider;
  ReframeCrisisCheck   *check;
  GString              *reply;
  ReframeStore         *store;
  ReframeChatSession   *session;

  gboolean printed;
  gboolean stopped;
  gboolean interrupted;
  gboolean timed_out;
  guint    timeout_id;
  int      status;
} Chat;

static void
chat_clear (Chat *chat)
{
  _reframe_cli_chat_settings_clear (&chat->settings);
  g_free (chat->text);
  g_free (chat->data_dir);
  g_clear_object (&chat->session);
  g_clear_object (&chat->store);
  g_clear_pointer (&chat->loop, g_main_loop_unref);
  g_clear_object (&chat->cancellable);
  g_clear_object (&chat->provider);
  g_clear_object (&chat->check);
  if (chat->reply != NULL)
    g_string_free (chat->reply, TRUE);
}

/* g_set_str() is GLib 2.76. */
static void
replace_string (char      **target,
                const char *value)
{
  g_free (*target);
  *target = g_strdup (value);
}

static int
usage_error (const char *message)
{
  g_printerr ("reframe chat: %s\n", message);
  g_printerr ("%s\n", _ ("Run “reframe chat --help” to see its options."));
  return EXIT_USAGE;
}

static gboolean
check_endpoint (const char *endpoint,
                GError    **error)
{
  g_autoptr (GUri) uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (
          error,
          G_OPTION_ERROR,
          G_OPTION_ERROR_BAD_VALUE,
          _ ("“%s” is not the address of a model service; write it like http://127.0.0.1:11434."),
          endpoint);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_timeout (const char *text,
               guint      *seconds,
               GError    **error)
{
  guint64 value = DEFAULT_TIMEOUT;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT / 1000, &value, NULL))
    {
      g_set_error (
          error,
          G_OPTION_ERROR,
          G_OPTION_ERROR_BAD_VALUE,
          _ ("“%s” is not a number of seconds; give --timeout a whole number, such as 120."),
          text);
      return FALSE;
    }
  *seconds = (guint) value;
  return TRUE;
}

/* Parses and checks everything before any request, so bad usage never sends a byte. */
static int
parse_arguments (Chat  *chat,
                 int    argc,
                 char **argv)
{
  g_autofree char *endpoint = NULL, *provider = NULL, *model = NULL, *data_dir = NULL,
                  *timeout = NULL;
  GOptionEntry entries[] = {
    { "endpoint",
      0,
      0,
      G_OPTION_ARG_STRING,
      &endpoint,
      N_ ("Address of the model service"),
      "URL" },
    { "provider",
      0,
      0,
      G_OPTION_ARG_STRING,
      &provider,
      N_ ("Kind of service: ollama or openai"),
      "KIND" },
    { "model",
      0,
      0,
      G_OPTION_ARG_STRING,
      &model,
      N_ ("Model to ask (default: the first the service lists)"),
      "M" },
    { "timeout",
      0,
      0,
      G_OPTION_ARG_STRING,
      &timeout,
      N_ ("Give up on a reply that takes longer than this, in seconds (default: 600)"),
      "SECONDS" },
    { "new",
      0,
      0,
      G_OPTION_ARG_NONE,
      &chat->new_conversation,
      N_ ("Start a new conversation, kept in the journal as the companion pane keeps it"),
      NULL },
    { "continue",
      0,
      0,
      G_OPTION_ARG_NONE,
      &chat->continue_conversation,
      N_ ("Continue the latest conversation; the model sees as much of it as fits its context"),
      NULL },
    /* Without --new or --continue, a chat from the command line reads no journal. */
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
    { NULL }
  };
  g_autoptr (GOptionContext) context =
      _reframe_cli_option_context_new (_ ("TEXT — send one message to the companion"));
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

  _reframe_cli_chat_settings_load (&chat->settings);
  if (endpoint != NULL)
    replace_string (&chat->settings.endpoint, endpoint);
  if (provider != NULL)
    replace_string (&chat->settings.provider, provider);
  if (model != NULL)
    replace_string (&chat->settings.model, model);

  if (argc < 2)
    return usage_error (
        _ ("Say what to send, for example: reframe chat \"I keep thinking I failed\"."));
  chat->text = g_strjoinv (" ", argv + 1);
  if (!g_utf8_validate (chat->text, -1, NULL) || *g_strstrip (chat->text) == '\0')
    return usage_error (_ ("The message is empty or not valid UTF-8 text."));
  if (!g_str_equal (chat->settings.provider, "ollama") &&
      !g_str_equal (chat->settings.provider, "openai"))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("“%s” is not a kind of model service; use ollama or openai."),
                           chat->settings.provider);

      return usage_error (message);
    }
  if (!check_endpoint (chat->settings.endpoint, &error))
    return usage_error (error->message);
  if (!parse_timeout (timeout, &chat->timeout, &error))
    return usage_error (error->message);
  if (chat->new_conversation && chat->continue_conversation)
    return usage_error (_ ("Give --new or --continue, not both."));
  chat->data_dir = g_steal_pointer (&data_dir);
  return EXIT_SUCCESS;
}

static void
print_crisis_lines (Chat *chat)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCrisisLines) lines = reframe_crisis_lines_new (&error);
  const char      *country = chat->settings.crisis_country;
  g_autofree char *text = NULL;

  if (lines == NULL)
    {
      g_printerr ("reframe chat: %s\n", error->message);
      return;
    }
  if (country == NULL || *country == '\0')
    country = reframe_crisis_lines_default_country ();
  text = reframe_crisis_lines_format_text (
      lines, country, chat->settings.therapist_name, chat->settings.therapist_phone);
  g_printerr ("%s\n", text);
}

static void
finish (Chat *chat,
        int   status)
{
  g_clear_handle_id (&chat->timeout_id, g_source_remove);
  if (chat->printed)
    {
      fputc ('\n', stdout);
      fflush (stdout);
    }
  chat->status = status;
  g_main_loop_quit (chat->loop);
}

static void
finish_timed_out (Chat *chat)
{
  g_autofree char *message = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "The model service at %s took longer than %u second to answer, so Reframe "
                   "stopped waiting. Try again, or allow more time with --timeout.",
                   "The model service at %s took longer than %u seconds to answer, so Reframe "
                   "stopped waiting. Try again, or allow more time with --timeout.",
                   chat->timeout),
      chat->settings.endpoint,
      chat->timeout);

  g_printerr ("reframe chat: %s\n", message);
  finish (chat, EXIT_FAILURE);
}

static void
reply_delta_cb (const ReframeChatEvent *delta,
                gpointer                user_data)
{
  Chat *chat = user_data;

  gsize checked;

  if (chat->stopped || delta->content == NULL)
    return;

  /* The delta with a window of the text before it, so a phrase split across deltas is
   * caught before its last piece is shown, at the same cost for every delta. */
  checked = chat->reply->len;
  g_string_append (chat->reply, delta->content);
  if (reframe_crisis_check_reply_delta (chat->check, chat->reply->str, checked, NULL) !=
      REFRAME_CRISIS_CATEGORY_NONE)
    {
      chat->stopped = TRUE;
      g_cancellable_cancel (chat->cancellable);
      return;
    }
  fputs (delta->content, stdout);
  fflush (stdout);
  chat->printed = TRUE;
}

/* One ending for a reply, streamed alone (--once) or through a session: a crisis stop
 * prints the fallback and the help lines, then a timeout, an interruption or an error
 * each get their own exit status. */
static void
finish_reply (Chat         *chat,
              gboolean      interrupted,
              const GError *error)
{
  if (chat->stopped)
    {
      if (chat->printed)
        fputc ('\n', stdout);
      g_print ("%s\n", reframe_crisis_check_get_fallback_reply ());
      fflush (stdout);
      chat->printed = FALSE;
      print_crisis_lines (chat);
      finish (chat, EXIT_SUCCESS);
    }
  else if (chat->timed_out)
    finish_timed_out (chat);
  else if (interrupted)
    finish (chat, EXIT_INTERRUPTED);
  else if (error != NULL)
    {
      g_printerr ("reframe chat: %s\n", error->message);
      finish (chat, EXIT_FAILURE);
    }
  else
    {
      chat->printed = TRUE;
      finish (chat, EXIT_SUCCESS);
    }
}

static void
stream_chat_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Chat *chat = user_data;
  g_autoptr (ReframeChatEvent) done = NULL;
  g_autoptr (GError) error = NULL;

  done =
      reframe_model_provider_stream_chat_finish (REFRAME_MODEL_PROVIDER (source), result, &error);
  /* Once over the whole reply: cues far apart that only mean something together. */
  if (error == NULL && !chat->stopped)
    chat->stopped =
        reframe_crisis_check_reply (chat->check, chat->reply->str) != REFRAME_CRISIS_CATEGORY_NONE;
  finish_reply (chat, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED), error);
}

static void
send_message (Chat *chat)
{
  g_autoptr (ReframeChatRequest) request = reframe_chat_request_new (chat->settings.model);
  g_autofree char *prompt = NULL;

  if (chat->crisis)
    prompt = reframe_system_prompt_dup_with_crisis_note (chat->settings.system_prompt);
  else if (*chat->settings.system_prompt != '\0')
    prompt = g_strdup (chat->settings.system_prompt);
  else
    prompt = reframe_system_prompt_dup_default ();
  reframe_chat_request_add_message (request, "system", prompt);
  reframe_chat_request_add_message (request, "user", chat->text);
  reframe_model_provider_stream_chat_async (chat->provider,
                                            request,
                                            reply_delta_cb,
                                            chat,
                                            NULL,
                                            chat->cancellable,
                                            stream_chat_done_cb,
                                            chat);
}

static void
list_models_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Chat *chat = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) models =
      reframe_model_provider_list_models_finish (REFRAME_MODEL_PROVIDER (source), result, &error);

  if (chat->timed_out)
    finish_timed_out (chat);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish (chat, EXIT_INTERRUPTED);
  else if (error != NULL)
    {
      g_printerr ("reframe chat: %s\n", error->message);
      finish (chat, EXIT_FAILURE);
    }
  else if (models == NULL || models[0] == NULL)
    {
      g_printerr (
          "reframe chat: %s\n",
          _ ("The model service has no models. Download one there, or name one with --model."));
      finish (chat, EXIT_FAILURE);
    }
  else
    {
      replace_string (&chat->settings.model, models[0]);
      send_message (chat);
    }
}

/* A reply that drips in never stalls long enough for the service's watchdog; this is the
 * limit on the whole of it. */
static gboolean
timeout_cb (gpointer user_data)
{
  Chat *chat = user_data;

  chat->timeout_id = 0;
  chat->timed_out = TRUE;
  g_cancellable_cancel (chat->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
interrupted_cb (gpointer user_data)
{
  Chat *chat = user_data;

  g_cancellable_cancel (chat->cancellable);
  return G_SOURCE_CONTINUE;
}

static ReframeModelProvider *
create_provider (const ReframeCliChatSettings *settings)
{
  g_autofree char *api_key = _reframe_cli_chat_settings_dup_api_key (settings);

  if (g_str_equal (settings->provider, "openai"))
    return REFRAME_MODEL_PROVIDER (reframe_openai_provider_new (settings->endpoint, api_key));
  return REFRAME_MODEL_PROVIDER (reframe_ollama_provider_new (settings->endpoint, api_key));
}

/* Both ways of chatting need the check before anything else; a list of extra phrases
 * that does not load ends the command. */
static gboolean
load_crisis_check (Chat *chat)
{
  g_autoptr (GError) error = NULL;

  chat->check =
      reframe_crisis_check_new (NULL, (const char *const *) chat->settings.extra_phrases, &error);
  if (chat->check == NULL)
    {
      g_printerr ("reframe chat: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

static int
run_chat (Chat *chat)
{
  guint signal_id;

  if (!load_crisis_check (chat))
    return EXIT_FAILURE;
  /* Before anything is sent: the crisis lines never wait for the network. */
  chat->crisis =
      reframe_crisis_check_message (chat->check, chat->text, NULL) != REFRAME_CRISIS_CATEGORY_NONE;
  if (chat->crisis)
    print_crisis_lines (chat);

  chat->loop = g_main_loop_new (NULL, FALSE);
  chat->cancellable = g_cancellable_new ();
  chat->provider = create_provider (&chat->settings);
  chat->reply = g_string_new (NULL);
  signal_id = g_unix_signal_add (SIGINT, interrupted_cb, chat);
  chat->timeout_id = g_timeout_add (chat->timeout * 1000, timeout_cb, chat);

  if (*chat->settings.model == '\0')
    reframe_model_provider_list_models_async (
        chat->provider, chat->cancellable, list_models_done_cb, chat);
  else
    send_message (chat);
  g_main_loop_run (chat->loop);

  g_source_remove (signal_id);
  g_clear_handle_id (&chat->timeout_id, g_source_remove);
  return chat->status;
}

/* Conversations kept in the journal (--new, --continue) */

static void
session_delta_cb (ReframeChatSession *session,
                  ReframeChatMessage *message,
                  const char         *text,
                  Chat               *chat)
{
  const char *content = reframe_chat_message_get_content (message);
  gsize       checked = reframe_chat_message_get_content_length (message) - strlen (text);

  /* Checked before it is shown, as the session checks it right after: a phrase the
   * filter stops is never printed. */
  if (chat->stopped || reframe_crisis_check_reply_delta (chat->check, content, checked, NULL) !=
                           REFRAME_CRISIS_CATEGORY_NONE)
    {
      chat->stopped = TRUE;
      return;
    }
  fputs (text, stdout);
  fflush (stdout);
  chat->printed = TRUE;
}

static void
session_crisis_cb (ReframeChatSession *session,
                   int                 category,
                   gboolean            in_reply,
                   Chat               *chat)
{
  if (in_reply)
    chat->stopped = TRUE;
  else
    chat->crisis = TRUE;
}

/* Says once, on stderr, that earlier messages were left out, as the pane's quiet line. */
static void
print_context_note (Chat *chat)
{
  guint sent = reframe_chat_session_get_sent_turns (chat->session);

  if (!reframe_chat_session_get_turns_left_out (chat->session))
    return;
  g_printerr ("reframe chat: ");
  g_printerr (
      g_dngettext (GETTEXT_PACKAGE,
                   "Earlier messages are not sent to the model; it sees the last %u message.",
                   "Earlier messages are not sent to the model; it sees the last %u messages.",
                   sent),
      sent);
  g_printerr ("\n");
}

static void
session_reply_finished_cb (ReframeChatSession *session,
                           ReframeChatMessage *message,
                           Chat               *chat)
{
  const GError *error = reframe_chat_session_get_error (session);

  print_context_note (chat);
  finish_reply (chat, chat->interrupted, error);
}

static gboolean
stop_session_cb (gpointer user_data)
{
  Chat *chat = user_data;

  chat->interrupted = TRUE;
  reframe_chat_session_stop (chat->session);
  return G_SOURCE_CONTINUE;
}

static gboolean
conversation_timeout_cb (gpointer user_data)
{
  Chat *chat = user_data;

  chat->timeout_id = 0;
  chat->timed_out = TRUE;
  reframe_chat_session_stop (chat->session);
  return G_SOURCE_REMOVE;
}

/* Returns: (transfer full) (nullable): the conversation to go on with: the latest for
 * --continue (none yet starts one), none for --new. */
static ReframeConversation *
dup_conversation (Chat    *chat,
                  GError **error)
{
  g_autoptr (GListModel) conversations = NULL;

  if (!chat->continue_conversation)
    return NULL;
  conversations =
      reframe_conversation_repository_list (reframe_store_get_conversations (chat->store), error);
  if (conversations == NULL || g_list_model_get_n_items (conversations) == 0)
    return NULL;
  return g_list_model_get_item (conversations, 0);
}

static gboolean
open_session (Chat    *chat,
              GError **error)
{
  g_autoptr (ReframeConversation) conversation = NULL;
  g_autoptr (GError) local_error = NULL;

  if ((chat->store = reframe_store_open (chat->data_dir, error)) == NULL)
    return FALSE;
  conversation = dup_conversation (chat, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  chat->session = reframe_chat_session_new (chat->store, chat->check);
  reframe_chat_session_set_system_prompt (chat->session, chat->settings.system_prompt);
  reframe_chat_session_set_context_tokens (chat->session, chat->settings.context_tokens);
  if (!reframe_chat_session_open (chat->session, conversation, error))
    return FALSE;
  reframe_chat_session_set_service (chat->session,
                                    chat->provider,
                                    chat->settings.endpoint,
                                    chat->settings.model,
                                    _reframe_cli_chat_settings_is_remote (&chat->settings));
  g_signal_connect (chat->session, "delta", G_CALLBACK (session_delta_cb), chat);
  g_signal_connect (chat->session, "crisis", G_CALLBACK (session_crisis_cb), chat);
  g_signal_connect (chat->session, "reply-finished", G_CALLBACK (session_reply_finished_cb), chat);
  return TRUE;
}

static int
run_conversation (Chat *chat)
{
  g_autoptr (GError) error = NULL;
  guint signal_id;

  if (!load_crisis_check (chat))
    return EXIT_FAILURE;
  chat->loop = g_main_loop_new (NULL, FALSE);
  chat->provider = create_provider (&chat->settings);
  if (!open_session (chat, &error))
    {
      g_printerr ("reframe chat: %s\n", error->message);
      return EXIT_FAILURE;
    }

  signal_id = g_unix_signal_add (SIGINT, stop_session_cb, chat);
  chat->timeout_id = g_timeout_add (chat->timeout * 1000, conversation_timeout_cb, chat);
  /* The message is kept before anything is sent; crisis language holds it until the
   * lines are shown, here at once on stderr, and then it goes with the crisis note. */
  /* The category is an enum with no negative member: "could not keep it" is the error. */
  reframe_chat_session_send (chat->session, chat->text, &error);
  if (error != NULL)
    {
      g_printerr ("reframe chat: %s\n", error->message);
      chat->status = EXIT_FAILURE;
    }
  else
    {
      if (chat->crisis)
        {
          print_crisis_lines (chat);
          reframe_chat_session_continue_after_crisis (chat->session);
        }
      if (reframe_chat_session_get_busy (chat->session))
        g_main_loop_run (chat->loop);
    }

  g_source_remove (signal_id);
  g_clear_handle_id (&chat->timeout_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (chat->session, chat);
  return chat->status;
}

/**
 * _reframe_cli_run_chat:
 * @argc: arguments from the command name on
 * @argv: (array length=argc): the arguments
 *
 * Returns: the exit status
 */
int
_reframe_cli_run_chat (int    argc,
                       char **argv)
{
  Chat chat = { 0 };
  int  status;

  status = parse_arguments (&chat, argc, argv);
  if (status == EXIT_SUCCESS && (chat.new_conversation || chat.continue_conversation))
    status = run_conversation (&chat);
  else if (status == EXIT_SUCCESS)
    status = run_chat (&chat);
  chat_clear (&chat);
  /* The keyring connection, if the key was looked up, and what GDBus frees after it. */
  reframe_api_keys_shutdown ();
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return status;
}
