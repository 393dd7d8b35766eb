/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-provider-request.c: one HTTP request to a model service, read as a stream on the main
 * context. */

#define G_LOG_DOMAIN "ReframeModelProvider"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-chat-event-private.h"
#include "reframe-model-provider-private.h"

/* Bytes asked for per read: a chat delta is a few hundred, so most reads return less. */
#define READ_SIZE 8192

/* Error bodies and model lists are small; a service sending more is not trusted. */
#define MAX_BODY_SIZE (4 * 1024 * 1024)

/* Redirects followed within one service before giving up, as a browser does after 20. */
#define MAX_REDIRECTS 5

/* The body a message was made with, kept on it to send again after a redirect. */
#define BODY_KEY "reframe-request-body"

/* Never logged: the request body holds what the person wrote, and the message's
 * headers may hold the API key. */
typedef struct
{
  /* Owned */
  SoupSession      *session;
  SoupMessage      *msg;
  char             *endpoint;
  char             *model;
  GObject          *parser;
  GCancellable     *cancellable; /* cancelled by the caller's, or by the watchdog */
  GCancellable     *caller_cancellable;
  GInputStream     *stream;
  GByteArray       *body;
  GPtrArray        *events;
  ReframeChatEvent *done;
  GSource          *watchdog;
  gpointer          delta_data;
  GDestroyNotify    delta_destroy;

  ReframeStreamFeedFunc   feed;
  ReframeStreamFinishFunc finish;
  ReframeChatDeltaFunc    delta_func;
  gulong                  cancelled_id;
  guint                   stall_timeout;
  guint                   n_redirects;
  gboolean                stalled;
  gboolean                http_error;
} Request;

static void read_next (GTask *task);

static void
stop_watchdog (Request *request)
{
  if (request->watchdog != NULL)
    {
      g_source_destroy (request->watchdog);
      g_clear_pointer (&request->watchdog, g_source_unref);
    }
}

static void
request_free (gpointer data)
{
  Request *request = data;

  stop_watchdog (request);
  if (request->caller_cancellable != NULL)
    g_cancellable_disconnect (request->caller_cancellable, request->cancelled_id);
  if (request->delta_destroy != NULL)
    request->delta_destroy (request->delta_data);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->stream);
  g_clear_object (&request->parser);
  g_clear_object (&request->msg);
  g_clear_object (&request->session);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->events, g_ptr_array_unref);
  g_clear_pointer (&request->done, reframe_chat_event_free);
  g_free (request->endpoint);
  g_free (request->model);
  g_free (request);
}

static gboolean
watchdog_fired_cb (gpointer user_data)
{
  Request *request = user_data;

  request->stalled = TRUE;
  g_clear_pointer (&request->watchdog, g_source_unref);
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

/* Any byte from the service proves it is alive, so every read starts the clock again. */
static void
restart_watchdog (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  stop_watchdog (request);
  if (request->stall_timeout == 0)
    return;
  request->watchdog = g_timeout_source_new_seconds (request->stall_timeout);
  g_source_set_callback (request->watchdog, watchdog_fired_cb, request, NULL);
  g_source_attach (request->watchdog, g_task_get_context (task));
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
return_error (GTask  *task,
              GError *error)
{
  stop_watchdog (g_task_get_task_data (task));
  g_task_return_error (task, error);
}

/* The watchdog and the caller both stop a request by cancelling it; which one did
 * decides whether the person sees "stalled" or nothing at all. */
static void
return_cancelled (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  if (!request->stalled)
    {
      return_error (
          task,
          g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The request was cancelled.")));
      return;
    }
  return_error (
      task,
      g_error_new (REFRAME_PROVIDER_ERROR,
                   REFRAME_PROVIDER_ERROR_STALLED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The model service at %s stopped answering for %u second. Try "
                                "again, or choose a smaller model in Preferences.",
                                "The model service at %s stopped answering for %u seconds. Try "
                                "again, or choose a smaller model in Preferences.",
                                request->stall_timeout),
                   request->endpoint,
                   request->stall_timeout));
}

/* Returns: (transfer full): what the service's error was about, in its own words. */
static GError *
new_connect_error (Request *request,
                   GError  *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (REFRAME_PROVIDER_ERROR,
                        REFRAME_PROVIDER_ERROR_CONNECTION_REFUSED,
                        _ ("Reframe could not reach the model service at %s. Is it running? Start "
                           "a local service such as Ollama, or choose another in Preferences."),
                        request->endpoint);
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (REFRAME_PROVIDER_ERROR,
                        REFRAME_PROVIDER_ERROR_UNKNOWN_HOST,
                        _ ("Reframe could not find the computer named in %s. Check the address in "
                           "Preferences and the network connection."),
                        request->endpoint);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (REFRAME_PROVIDER_ERROR,
                        REFRAME_PROVIDER_ERROR_TLS,
                        _ ("Reframe could not make a secure connection to %s. Check the address in "
                           "Preferences; if the service is your own, check its certificate."),
                        request->endpoint);
  return g_error_new (REFRAME_PROVIDER_ERROR,
                      REFRAME_PROVIDER_ERROR_FAILED,
                      _ ("Reframe lost the connection to the model service at %s (%s). Check that "
                         "it is running and try again."),
                      request->endpoint,
                      error->message);
}

/* Returns: (transfer full) (nullable): the error of an error body, Ollama's
 * {"error": "…"} or OpenAI's {"error": {"message": "…", "type", "code"}}. */
static ReframeChatEvent *
dup_server_error (Request *request)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode   *node;

  if (request->body == NULL || request->body->len == 0)
    return NULL;
  object = _reframe_stream_parse_object (
      parser, (const char *) request->body->data, request->body->len, NULL);
  node = object != NULL ? json_object_get_member (object, "error") : NULL;
  if (node == NULL)
    return NULL;
  return _reframe_chat_event_new_from_error (node);
}

/* llama.cpp answers an over-long prompt with 400 and the type "exceed_context_size_error"
 * ("the request exceeds the available context size"); OpenAI with the code
 * "context_length_exceeded"; vLLM and others only say it in words. */
static gboolean
is_context_error (const ReframeChatEvent *event)
{
  g_autofree char *message = NULL;

  if (event == NULL)
    return FALSE;
  if (g_strcmp0 (event->error_type, "exceed_context_size_error") == 0 ||
      g_strcmp0 (event->error_code, "context_length_exceeded") == 0 ||
      g_strcmp0 (event->error_type, "context_length_exceeded") == 0)
    return TRUE;
  message = g_ascii_strdown (event->error_message, -1);
  return strstr (message, "exceeds the available context size") != NULL ||
         strstr (message, "maximum context length") != NULL;
}

static int
parse_retry_after (SoupMessage *msg)
{
  const char *value =
      soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  guint64 seconds;
  g_autoptr (GDateTime) date = NULL;
  g_autoptr (GDateTime) now = NULL;

  if (value == NULL)
    return -1;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &seconds, NULL))
    return (int) seconds;
  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return (int) CLAMP (g_date_time_difference (date, now) / G_TIME_SPAN_SECOND, 0, G_MAXINT);
}

static GError *
new_http_error (Request *request)
{
  guint status = soup_message_get_status (request->msg);
  g_autoptr (ReframeChatEvent) said = dup_server_error (request);
  g_autofree char *detail = said != NULL
                                ? g_strdup_printf ("HTTP %u: %s", status, said->error_message)
                                : g_strdup_printf ("HTTP %u", status);

  if (status >= 400 && status < 500 && is_context_error (said))
    return g_error_new (
        REFRAME_PROVIDER_ERROR,
        REFRAME_PROVIDER_ERROR_CONTEXT_TOO_LONG,
        _ ("The conversation is longer than the model at %s can read at once (%s)."),
        request->endpoint,
        detail);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return g_error_new (REFRAME_PROVIDER_ERROR,
                        REFRAME_PROVIDER_ERROR_UNAUTHORIZED,
                        _ ("The model service at %s did not accept the API key (%s). Check the key "
                           "in Preferences."),
                        request->endpoint,
                        detail);
  if (status == SOUP_STATUS_NOT_FOUND && request->model != NULL)
    return g_error_new (REFRAME_PROVIDER_ERROR,
                        REFRAME_PROVIDER_ERROR_MODEL_NOT_FOUND,
                        _ ("The model service at %s does not have the model “%s” (%s). Download it "
                           "there, or choose another model in Preferences."),
                        request->endpoint,
                        request->model,
                        detail);
  if (status == 429) /* libsoup 3.2 has no name for Too Many Requests */
    return _reframe_provider_error_new_rate_limited (request->endpoint,
                                                     parse_retry_after (request->msg));
  if (status >= 500)
    return g_error_new (REFRAME_PROVIDER_ERROR,
                        REFRAME_PROVIDER_ERROR_SERVER_ERROR,
                        _ ("The model service at %s ran into a problem (%s). Try again; if it "
                           "keeps happening, look at the service’s log."),
                        request->endpoint,
                        detail);
  return g_error_new (REFRAME_PROVIDER_ERROR,
                      REFRAME_PROVIDER_ERROR_FAILED,
                      _ ("The model service at %s refused the request (%s). Check the address and "
                         "the kind of service in Preferences."),
                      request->endpoint,
                      detail);
}

static GError *
new_cut_off_error (void)
{
  return g_error_new_literal (REFRAME_PROVIDER_ERROR,
                              REFRAME_PROVIDER_ERROR_CUT_OFF,
                              _ ("The reply was cut off before the model service finished it. The "
                                 "part that arrived is kept; you can ask again."));
}

static GError *
new_stream_error (Request *request,
                  GError  *error)
{
  if (g_error_matches (error, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_CUT_OFF))
    return new_cut_off_error ();
  if (g_error_matches (error, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_TOO_LARGE))
    return g_error_new (REFRAME_PROVIDER_ERROR,
                        REFRAME_PROVIDER_ERROR_TOO_LARGE,
                        _ ("%s The part that arrived is kept; you can ask for a shorter answer."),
                        error->message);
  if (g_error_matches (error, REFRAME_STREAM_ERROR, REFRAME_STREAM_ERROR_MALFORMED))
    {
      GError *malformed = NULL;

      _reframe_provider_set_malformed (&malformed, request->endpoint, error->message);
      return malformed;
    }
  return g_error_new (REFRAME_PROVIDER_ERROR,
                      REFRAME_PROVIDER_ERROR_SERVER_ERROR,
                      _ ("The model service at %s ran into a problem while answering (%s). Try "
                         "again; if it keeps happening, look at the service’s log."),
                      request->endpoint,
                      error->message);
}

/* Hands the parsed deltas to the caller in order, stopping at once when the caller
 * (perhaps from inside its delta function) cancels. */
static void
deliver_events (Request *request)
{
  for (guint i = 0; i < request->events->len; i++)
    {
      ReframeChatEvent *event = g_ptr_array_index (request->events, i);

      if (g_cancellable_is_cancelled (request->cancellable))
        break;
      if (event->kind == REFRAME_CHAT_EVENT_DELTA)
        request->delta_func (event, request->delta_data);
      else if (event->kind == REFRAME_CHAT_EVENT_DONE && request->done == NULL)
        request->done = reframe_chat_event_copy (event);
    }
  g_ptr_array_set_size (request->events, 0);
}

static void
finish_stream (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  request->finish (request->parser, request->events, &error);
  deliver_events (request);
  if (g_cancellable_is_cancelled (request->cancellable))
    return_cancelled (task);
  else if (error != NULL)
    return_error (task, new_stream_error (request, error));
  else if (request->done == NULL)
    return_error (task, new_cut_off_error ());
  else
    {
      stop_watchdog (request);
      g_task_return_pointer (
          task, g_steal_pointer (&request->done), (GDestroyNotify) reframe_chat_event_free);
    }
}

static void
finish_body (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  if (request->http_error)
    {
      return_error (task, new_http_error (request));
      return;
    }
  stop_watchdog (request);
  g_task_return_pointer (task,
                         g_byte_array_free_to_bytes (g_steal_pointer (&request->body)),
                         (GDestroyNotify) g_bytes_unref);
}

static gboolean
take_bytes (GTask  *task,
            GBytes *bytes)
{
  Request *request = g_task_get_task_data (task);
  gsize    len = g_bytes_get_size (bytes);
  g_autoptr (GError) error = NULL;

  if (request->parser == NULL || request->http_error)
    {
      if (request->body->len + len > MAX_BODY_SIZE)
        {
          return_error (
              task,
              g_error_new (REFRAME_PROVIDER_ERROR,
                           REFRAME_PROVIDER_ERROR_TOO_LARGE,
                           _ ("The model service at %s sent an answer that is too large. Check the "
                              "address and the kind of service in Preferences."),
                           request->endpoint));
          return FALSE;
        }
      g_byte_array_append (request->body, g_bytes_get_data (bytes, NULL), len);
      return TRUE;
    }

  request->feed (request->parser, g_bytes_get_data (bytes, NULL), len, request->events, &error);
  deliver_events (request);
  if (g_cancellable_is_cancelled (request->cancellable))
    return_cancelled (task);
  else if (error != NULL)
    return_error (task, new_stream_error (request, error));
  return error == NULL && !g_cancellable_is_cancelled (request->cancellable);
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
      g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (g_cancellable_is_cancelled (request->cancellable))
    return_cancelled (task);
  else if (error != NULL && request->parser != NULL && !request->http_error)
    return_error (task, new_cut_off_error ());
  else if (error != NULL)
    return_error (task, new_connect_error (request, error));
  else if (g_bytes_get_size (bytes) == 0 && request->parser != NULL && !request->http_error)
    finish_stream (task);
  else if (g_bytes_get_size (bytes) == 0)
    finish_body (task);
  else if (take_bytes (task, bytes))
    read_next (task);
}

static void
read_next (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  restart_watchdog (task);
  g_input_stream_read_bytes_async (request->stream,
                                   READ_SIZE,
                                   G_PRIORITY_DEFAULT,
                                   request->cancellable,
                                   read_done_cb,
                                   g_object_ref (task));
}

/* Redirects */

static int
get_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

/* Same scheme, host and port: the same service, as far as the person is concerned. */
static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         get_port (a) == get_port (b);
}

/* Returns: (transfer full) (nullable): where a 301, 302, 303, 307 or 308 answer sends
 * the request, or %NULL for any other answer. */
static GUri *
dup_redirect_target (SoupMessage *msg)
{
  guint       status = soup_message_get_status (msg);
  const char *location =
      soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  GUri *target;

  if ((status < 301 || status > 303) && status != 307 && status != 308)
    return NULL;
  if (location == NULL ||
      (target = g_uri_parse_relative (
           soup_message_get_uri (msg), location, SOUP_HTTP_URI_FLAGS, NULL)) == NULL)
    return NULL;
  if (g_uri_get_host (target) == NULL || (g_strcmp0 (g_uri_get_scheme (target), "http") != 0 &&
                                          g_strcmp0 (g_uri_get_scheme (target), "https") != 0))
    g_clear_pointer (&target, g_uri_unref);
  return target;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  if (g_ascii_strcasecmp (name, "Host") != 0 && g_ascii_strcasecmp (name, "Content-Length") != 0 &&
      g_ascii_strcasecmp (name, "Content-Type") != 0)
    soup_message_headers_append (user_data, name, value);
}

/* Returns: (transfer full): @msg again, for @target, with its method and body: within one
 * service a redirect means "ask there", and a chat is only ever a POST (a GET without the
 * body, as libsoup would send after a 301, 302 or 303, could not be answered). */
static SoupMessage *
copy_message (SoupMessage *msg,
              GUri        *target)
{
  SoupMessage *copy = soup_message_new_from_uri (soup_message_get_method (msg), target);
  GBytes      *body = g_object_get_data (G_OBJECT (msg), BODY_KEY);

  soup_message_headers_foreach (
      soup_message_get_request_headers (msg), copy_header, soup_message_get_request_headers (copy));
  soup_message_add_flags (copy, SOUP_MESSAGE_NO_REDIRECT);
  if (body != NULL)
    {
      soup_message_set_request_body_from_bytes (copy, "application/json", body);
      g_object_set_data_full (
          G_OBJECT (copy), BODY_KEY, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
    }
  return copy;
}

static GError *
new_redirected_error (Request *request,
                      GUri    *target)
{
  g_autofree char *where = g_uri_to_string_partial (
      target, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT);

  return g_error_new (REFRAME_PROVIDER_ERROR,
                      REFRAME_PROVIDER_ERROR_REDIRECTED,
                      _ ("The model service at %s sent the request on to another address, %s. "
                         "Reframe did not follow it, so that what you write goes only where you "
                         "chose. If that is the service’s new address, enter it in Preferences."),
                      request->endpoint,
                      where);
}

static void send_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

/*
 * libsoup would follow any redirect, to any host, and turn a chat's POST into a GET
 * without its body. So messages are sent with SOUP_MESSAGE_NO_REDIRECT, and a redirect
 * is followed here only within the service the person chose: journal text never goes
 * to an address they did not enter.
 *
 * Returns: %TRUE when the answer was a redirect, followed or refused
 */
static gboolean
handle_redirect (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr (GUri) target = dup_redirect_target (request->msg);
  SoupMessage *next;

  if (target == NULL)
    return FALSE;
  if (!same_origin (soup_message_get_uri (request->msg), target))
    return_error (task, new_redirected_error (request, target));
  else if (++request->n_redirects > MAX_REDIRECTS)
    return_error (task,
                  g_error_new (REFRAME_PROVIDER_ERROR,
                               REFRAME_PROVIDER_ERROR_FAILED,
                               _ ("The model service at %s sent the request on too many times. "
                                  "Check the address in Preferences."),
                               request->endpoint));
  else
    {
      next = copy_message (request->msg, target);
      g_clear_object (&request->stream);
      g_object_unref (request->msg);
      request->msg = next;
      restart_watchdog (task);
      soup_session_send_async (request->session,
                               request->msg,
                               G_PRIORITY_DEFAULT,
                               request->cancellable,
                               send_done_cb,
                               g_object_ref (task));
    }
  return TRUE;
}

static void
send_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (g_cancellable_is_cancelled (request->cancellable))
    return_cancelled (task);
  else if (error != NULL)
    return_error (task, new_connect_error (request, error));
  else if (!handle_redirect (task))
    {
      request->http_error = !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->msg));
      read_next (task);
    }
}

/**
 * _reframe_provider_request_async:
 * @source_object: the provider
 * @source_tag: the provider's async function
 * @msg: the message to send
 * @setup: what to do with the answer
 *
 * Sends @msg with the session's async API on the current thread-default main context
 * and reads the answer in pieces, without a thread. A non-2xx answer becomes a
 * %REFRAME_PROVIDER_ERROR from its status and its JSON error body. With a parser, a
 * 2xx answer is fed to it and each delta goes to the delta function at once; without
 * one, the body is collected for _reframe_provider_request_finish_bytes().
 */
void
_reframe_provider_request_async (gpointer                           source_object,
                                 gpointer                           source_tag,
                                 SoupMessage                       *msg,
                                 const ReframeProviderRequestSetup *setup,
                                 GCancellable                      *cancellable,
                                 GAsyncReadyCallback                callback,
                                 gpointer                           user_data)
{
  g_autoptr (GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, request_free);
  request->session = g_object_ref (setup->session);
  request->msg = g_object_ref (msg);
  request->endpoint = g_strdup (setup->endpoint);
  request->model = g_strdup (setup->model);
  request->parser = setup->parser != NULL ? g_object_ref (setup->parser) : NULL;
  request->feed = setup->feed;
  request->finish = setup->finish;
  request->delta_func = setup->delta_func;
  request->delta_data = setup->delta_data;
  request->delta_destroy = setup->delta_destroy;
  request->stall_timeout = setup->stall_timeout;
  request->body = g_byte_array_new ();
  request->events = reframe_chat_event_array_new ();
  request->cancellable = g_cancellable_new ();

  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->cancelled_id = g_cancellable_connect (cancellable,
                                                     G_CALLBACK (caller_cancelled_cb),
                                                     g_object_ref (request->cancellable),
                                                     g_object_unref);
    }

  restart_watchdog (task);
  soup_session_send_async (request->session,
                           msg,
                           G_PRIORITY_DEFAULT,
                           request->cancellable,
                           send_done_cb,
                           g_object_ref (task));
}

/* Returns: (transfer full) (nullable): the whole body of a 2xx answer */
GBytes *
_reframe_provider_request_finish_bytes (GAsyncResult *result,
                                        GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Returns: (transfer full) (nullable): the DONE event that ended a streamed reply */
ReframeChatEvent *
_reframe_provider_request_finish_done (GAsyncResult *result,
                                       GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_reframe_provider_set_malformed (GError    **error,
                                 const char *endpoint,
                                 const char *detail)
{
  g_set_error (error,
               REFRAME_PROVIDER_ERROR,
               REFRAME_PROVIDER_ERROR_MALFORMED,
               _ ("The model service at %s sent an answer Reframe could not read (%s). Check that "
                  "the kind of service in Preferences matches it."),
               endpoint,
               detail);
}

/* Returns: (transfer none) (nullable): the JSON object of a whole 2xx body. */
JsonObject *
_reframe_provider_parse_body (JsonParser *parser,
                              GBytes     *body,
                              const char *endpoint,
                              GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  gsize       len;
  const char *data = g_bytes_get_data (body, &len);
  JsonObject *object =
      _reframe_stream_parse_object (parser, data != NULL ? data : "", len, &local_error);

  if (object == NULL)
    _reframe_provider_set_malformed (error, endpoint, local_error->message);
  return object;
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * _reframe_provider_session_new:
 * @base_uri: the service's base URI
 *
 * The session has no socket timeout (the request's own stall watchdog covers both the
 * wait for headers and the pauses between deltas, and a cold model load can be long)
 * and, for a loopback service, no proxy, so journal text can never go through one.
 *
 * Returns: (transfer full): a session for one provider
 */
SoupSession *
_reframe_provider_session_new (const char *base_uri)
{
  g_autoptr (GUri) uri = g_uri_parse (base_uri, G_URI_FLAGS_NONE, NULL);
  SoupSession *session =
      soup_session_new_with_options ("timeout", 0, "user-agent", "Reframe/" PACKAGE_VERSION, NULL);

  if (uri != NULL && is_loopback (g_uri_get_host (uri)))
    soup_session_set_proxy_resolver (session, NULL);
  return session;
}

/* Returns: (transfer full): @base_uri as shown to people: without a password. */
char *
_reframe_provider_dup_endpoint (const char *base_uri)
{
  g_autoptr (GUri) uri = g_uri_parse (base_uri, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL)
    return g_strdup (base_uri);
  return g_uri_to_string_partial (uri,
                                  G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT);
}

/**
 * _reframe_provider_message_new:
 * @method: an HTTP method
 * @base_uri: the service's base URI
 * @path: the endpoint, relative to @base_uri ("api/chat")
 * @api_key: (nullable): sent as "Authorization: Bearer" when not empty
 * @body: (nullable): a JSON body
 *
 * Returns: (transfer full) (nullable): the message, or %NULL when the URI is not valid
 */
SoupMessage *
_reframe_provider_message_new (const char *method,
                               const char *base_uri,
                               const char *path,
                               const char *api_key,
                               GBytes     *body)
{
  g_autofree char *uri =
      g_strconcat (base_uri, g_str_has_suffix (base_uri, "/") ? "" : "/", path, NULL);
  SoupMessage        *msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    return NULL;
  /* Redirects are followed by hand, within the service only (handle_redirect()). */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (
      headers, "Accept", "application/json, application/x-ndjson, text/event-stream");
  if (api_key != NULL && *api_key != '\0')
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", api_key);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (body != NULL)
    {
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      g_object_set_data_full (
          G_OBJECT (msg), BODY_KEY, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
    }
  return msg;
}
