/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-model-manager-pull.c: a download by Ollama's /api/pull, its progress read from the
 * NDJSON status lines as they stream, and its errors. */

#define G_LOG_DOMAIN "ReframeModelManager"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-model-manager-private.h"

/* libsoup reads what is left of a body when its stream is closed, to keep the
 * connection: a download stopped early must instead drop its connection at once, so
 * that Ollama stops and nothing here waits. A close cancelled from the start skips
 * nothing and ends the message's I/O, which closes the connection. */
static void
return_pull_error (GTask  *task,
                   GError *error)
{
  Call *call = g_task_get_task_data (task);
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();
  GInputStream *stream =
      call->lines != NULL
          ? g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (call->lines))
          : NULL;

  g_cancellable_cancel (cancelled);
  if (stream != NULL && !g_input_stream_is_closed (stream) && !g_input_stream_has_pending (stream))
    g_input_stream_close (stream, cancelled, NULL);
  g_task_return_error (task, error);
}

/* Sums the parts of the model, and never lets the fraction go back: a part Ollama only
 * starts to report after the first (its small parameter files) adds to the total. */
static void
update_progress (Call       *call,
                 JsonObject *object,
                 const char *status)
{
  ReframeModelPullProgress progress = { status, 0, 0, call->fraction };
  const char              *digest = _reframe_model_manager_get_string_member (object, "digest");
  guint64                  total = _reframe_model_manager_get_size_member (object, "total");
  GHashTableIter           iter;
  guint64                 *sizes;

  if (digest != NULL && total > 0)
    {
      sizes = g_hash_table_lookup (call->layers, digest);
      if (sizes == NULL)
        {
          sizes = g_new0 (guint64, 2);
          g_hash_table_insert (call->layers, g_strdup (digest), sizes);
        }
      sizes[0] = MIN (_reframe_model_manager_get_size_member (object, "completed"), total);
      sizes[1] = total;
    }
  g_hash_table_iter_init (&iter, call->layers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &sizes))
    {
      progress.completed += sizes[0];
      progress.total += sizes[1];
    }
  if (call->succeeded)
    progress.completed = progress.total;
  if (call->succeeded)
    call->fraction = 1.0;
  else if (progress.total > 0)
    call->fraction = MAX (call->fraction, (double) progress.completed / (double) progress.total);
  progress.fraction = call->fraction;
  if (call->progress_func != NULL)
    call->progress_func (&progress, call->progress_data);
}

/* Returns: %FALSE when the line ended the download (with an error or success) */
static gboolean
take_status_line (GTask      *task,
                  const char *line,
                  gsize       len)
{
  ReframeModelManager *self = g_task_get_source_object (task);
  Call                *call = g_task_get_task_data (task);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GBytes) bytes = g_bytes_new_static (line, len);
  JsonObject      *object = _reframe_model_manager_parse_object (parser, bytes);
  g_autofree char *said = _reframe_model_manager_dup_error_text (object);
  const char      *status = _reframe_model_manager_get_string_member (object, "status");

  if (object == NULL)
    {
      return_pull_error (task, _reframe_model_manager_new_not_ollama_error (self));
      return FALSE;
    }
  if (said != NULL)
    {
      return_pull_error (task,
                         _reframe_model_manager_new_service_error (
                             self, call, *said != '\0' ? said : _ ("no reason given")));
      return FALSE;
    }
  call->succeeded = g_strcmp0 (status, "success") == 0;
  update_progress (call, object, status != NULL ? status : "");
  if (call->succeeded)
    g_task_return_boolean (task, TRUE);
  return !call->succeeded;
}

static void read_status_line (GTask *task);

static void
status_line_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReframeModelManager *self = g_task_get_source_object (task);
  Call                *call = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gsize            len = 0;
  g_autofree char *line =
      g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result, &len, &error);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)) && error == NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");
  if (error != NULL)
    return_pull_error (task, _reframe_model_manager_new_transport_error (self, call, error));
  else if (line == NULL)
    return_pull_error (task,
                       g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                                    REFRAME_MODEL_MANAGER_ERROR_FAILED,
                                    _ ("The download of “%s” stopped before it finished. Try "
                                       "again; Ollama goes on from where it stopped."),
                                    call->model));
  else if (len > MAX_LINE_LENGTH)
    return_pull_error (task, _reframe_model_manager_new_not_ollama_error (self));
  else if (len == 0 || take_status_line (task, line, len))
    read_status_line (task);
}

static void
read_status_line (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  g_data_input_stream_read_line_async (call->lines,
                                       G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task),
                                       status_line_read_cb,
                                       g_object_ref (task));
}

static void
error_body_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReframeModelManager *self = g_task_get_source_object (task);
  Call                *call = g_task_get_task_data (task);
  g_autoptr (GBytes) body =
      g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  return_pull_error (task,
                     _reframe_model_manager_new_http_error (
                         self, call, soup_message_get_status (call->msg), body));
}

static void
pull_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReframeModelManager *self = g_task_get_source_object (task);
  Call                *call = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GInputStream) stream =
      soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (stream == NULL)
    {
      return_pull_error (task, _reframe_model_manager_new_transport_error (self, call, error));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (call->msg)))
    {
      g_input_stream_read_bytes_async (stream,
                                       MAX_LINE_LENGTH,
                                       G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task),
                                       error_body_read_cb,
                                       g_object_ref (task));
      return;
    }
  call->lines = g_data_input_stream_new (stream);
  read_status_line (task);
}

/* Sends @task's request to /api/pull; its status lines are read as they come. */
void
_reframe_model_manager_send_pull (ReframeModelManager *self,
                                  GTask               *task)
{
  Call *call = g_task_get_task_data (task);

  soup_message_headers_replace (
      soup_message_get_request_headers (call->msg), "Accept", "application/x-ndjson");
  soup_session_send_async (self->session,
                           call->msg,
                           G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task),
                           pull_sent_cb,
                           g_object_ref (task));
}
