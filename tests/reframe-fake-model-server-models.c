/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-fake-model-server-models.c: installed models (/api/tags, /api/pull, /api/delete). */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "reframe-fake-model-server-private.h"

/* Model management: /api/tags, /api/pull and /api/delete over a list of installed
 * models, which a pull adds to and a delete removes from. */

typedef struct
{
  char   *name;
  guint64 size;
  char   *family;
  char   *parameter_size;
} FakeModel;

/* The models /api/pull can fetch; anything else is not in the "library". */
static const struct
{
  const char *name;
  guint64     size;
  const char *family;
  const char *parameter_size;
} fake_library[] = {
  { REFRAME_FAKE_PULLABLE_MODEL, REFRAME_FAKE_PULLABLE_SIZE, "qwen2", "3.1B" },
  { "llama3.2:3b", G_GUINT64_CONSTANT (2019393189), "llama", "3.2B" },
  { "phi3.5", G_GUINT64_CONSTANT (2176178913), "phi3", "3.8B" },
  { "gemma2:2b", G_GUINT64_CONSTANT (1629518495), "gemma2", "2.6B" },
  { "mistral:7b", G_GUINT64_CONSTANT (4113301824), "llama", "7.2B" },
};

/* The size of the small second part of every model (its parameters and licence). */
#define FAKE_SMALL_LAYER 2048

/* One /api/pull answer: its status lines, written one by one from the server thread. */
typedef struct _ReframeFakePullDrip
{
  ReframeFakeModelServer *server; /* Borrowed */
  SoupServerMessage      *msg;
  GPtrArray              *lines; /* of char * */
  guint                   next;
  guint                   delay_ms;
  int                     model; /* index in fake_library; -1 for an error answer */
  gboolean                completed;
  GSource                *source;
} PullDrip;

static void
fake_model_free (FakeModel *model)
{
  g_free (model->name);
  g_free (model->family);
  g_free (model->parameter_size);
  g_free (model);
}

static void
add_fake_model (GPtrArray  *models,
                const char *name,
                guint64     size,
                const char *family,
                const char *parameter_size)
{
  FakeModel *model = g_new0 (FakeModel, 1);

  model->name = g_strdup (name);
  model->size = size;
  model->family = g_strdup (family);
  model->parameter_size = g_strdup (parameter_size);
  g_ptr_array_add (models, model);
}

GPtrArray *
_reframe_fake_model_server_new_installed_models (void)
{
  GPtrArray *models = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_model_free);

  add_fake_model (models, REFRAME_FAKE_MODEL, G_GUINT64_CONSTANT (2019393189), "llama", "3.2B");
  add_fake_model (models, "qwen2.5:7b", G_GUINT64_CONSTANT (4683087332), NULL, NULL);
  return models;
}

/* Called with the mutex held. */
static int
find_installed (ReframeFakeModelServer *self,
                const char             *name)
{
  for (guint i = 0; i < self->models->len; i++)
    if (g_str_equal (((FakeModel *) g_ptr_array_index (self->models, i))->name, name))
      return (int) i;
  return -1;
}

static void
respond_tags (ReframeFakeModelServer *self,
              SoupServerMessage      *msg)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "models");
  json_builder_begin_array (builder);
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->models->len; i++)
    {
      FakeModel *model = g_ptr_array_index (self->models, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, model->name);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) model->size);
      if (model->family != NULL)
        {
          json_builder_set_member_name (builder, "details");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "format");
          json_builder_add_string_value (builder, "gguf");
          json_builder_set_member_name (builder, "family");
          json_builder_add_string_value (builder, model->family);
          json_builder_set_member_name (builder, "parameter_size");
          json_builder_add_string_value (builder, model->parameter_size);
          json_builder_set_member_name (builder, "quantization_level");
          json_builder_add_string_value (builder, "Q4_K_M");
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  g_mutex_unlock (&self->mutex);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  _reframe_fake_model_server_respond_json (msg, 200, json);
}

/* Returns: (transfer full) (nullable): the "model" (or older "name") of a request body */
static char *
dup_requested_model (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode   *root;
  JsonObject *object;

  if (body->data == NULL || !json_parser_load_from_data (parser, body->data, body->length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  return g_strdup (json_object_get_string_member_with_default (
      object, "model", json_object_get_string_member_with_default (object, "name", NULL)));
}

static void
handle_delete (ReframeFakeModelServer *self,
               SoupServerMessage      *msg)
{
  g_autofree char *name = dup_requested_model (msg);
  g_autofree char *json = NULL;
  int              index;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_DELETE)
    {
      _reframe_fake_model_server_respond_json (msg, 405, "{\"error\":\"method not allowed\"}");
      return;
    }
  g_mutex_lock (&self->mutex);
  index = name != NULL ? find_installed (self, name) : -1;
  if (index >= 0)
    g_ptr_array_remove_index (self->models, index);
  g_mutex_unlock (&self->mutex);
  if (index >= 0)
    {
      soup_server_message_set_status (msg, 200, NULL);
      return;
    }
  json = g_strdup_printf ("{\"error\":\"model '%s' not found\"}", name != NULL ? name : "");
  _reframe_fake_model_server_respond_json (msg, 404, json);
}

static char *
progress_line (guint64 completed,
               guint64 total,
               char    digest)
{
  return g_strdup_printf (
      "{\"status\":\"pulling %c%c%c%c\",\"digest\":\"sha256:%c%c%c%c\",\"total\":%" G_GUINT64_FORMAT
      ",\"completed\":%" G_GUINT64_FORMAT "}\n",
      digest,
      digest,
      digest,
      digest,
      digest,
      digest,
      digest,
      digest,
      total,
      completed);
}

/* Returns: (transfer full): Ollama's status lines for @model, as its CLI sees them. */
static GPtrArray *
build_pull_lines (int model)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  guint64    big;

  g_ptr_array_add (lines, g_strdup ("{\"status\":\"pulling manifest\"}\n"));
  if (model < 0)
    {
      g_ptr_array_add (lines,
                       g_strdup ("{\"error\":\"pull model manifest: file does not exist\"}\n"));
      return lines;
    }
  big = fake_library[model].size - FAKE_SMALL_LAYER;
  for (guint step = 0; step <= 4; step++)
    g_ptr_array_add (lines, progress_line (big / 4 * step + (step == 4 ? big % 4 : 0), big, 'a'));
  /* The second part is only announced once the first is done, so the sum of the
   * totals grows: the client's fraction must not go back. */
  g_ptr_array_add (lines, progress_line (0, FAKE_SMALL_LAYER, 'b'));
  g_ptr_array_add (lines, progress_line (FAKE_SMALL_LAYER, FAKE_SMALL_LAYER, 'b'));
  g_ptr_array_add (lines, g_strdup ("{\"status\":\"verifying sha256 digest\"}\n"));
  g_ptr_array_add (lines, g_strdup ("{\"status\":\"writing manifest\"}\n"));
  g_ptr_array_add (lines, g_strdup ("{\"status\":\"success\"}\n"));
  return lines;
}

void
_reframe_fake_model_server_pull_drip_free (PullDrip *drip)
{
  if (drip->source != NULL)
    {
      g_source_destroy (drip->source);
      g_source_unref (drip->source);
    }
  g_signal_handlers_disconnect_by_data (drip->msg, drip);
  g_object_unref (drip->msg);
  g_ptr_array_unref (drip->lines);
  g_free (drip);
}

static void
pull_finished_cb (SoupServerMessage *msg,
                  PullDrip          *drip)
{
  ReframeFakeModelServer *self = drip->server;

  g_mutex_lock (&self->mutex);
  if (!drip->completed)
    self->n_pulls_stopped++;
  g_mutex_unlock (&self->mutex);
  self->pull_drips = g_list_remove (self->pull_drips, drip);
  _reframe_fake_model_server_pull_drip_free (drip);
}

/* Called with the mutex held: the pull has written its last line. */
static void
install_pulled (ReframeFakeModelServer *self,
                int                     model)
{
  if (model >= 0 && find_installed (self, fake_library[model].name) < 0)
    add_fake_model (self->models,
                    fake_library[model].name,
                    fake_library[model].size,
                    fake_library[model].family,
                    fake_library[model].parameter_size);
}

static gboolean
pull_step_cb (gpointer user_data)
{
  PullDrip        *drip = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (drip->msg);
  g_autoptr (GSource) source = g_steal_pointer (&drip->source);
  const char *line;

  if (drip->next < drip->lines->len)
    {
      line = g_ptr_array_index (drip->lines, drip->next++);
      /* The client may go as soon as it has the last line: it counts as delivered. */
      if (drip->next == drip->lines->len)
        {
          g_mutex_lock (&drip->server->mutex);
          drip->completed = TRUE;
          if (strstr (line, "\"success\"") != NULL)
            install_pulled (drip->server, drip->model);
          g_mutex_unlock (&drip->server->mutex);
        }
      soup_message_body_append (body, SOUP_MEMORY_COPY, line, strlen (line));
      soup_server_message_unpause (drip->msg);
      return G_SOURCE_REMOVE;
    }
  drip->next++;
  soup_message_body_complete (body);
  soup_server_message_unpause (drip->msg);
  return G_SOURCE_REMOVE;
}

static void
pull_wrote_chunk_cb (SoupServerMessage *msg,
                     PullDrip          *drip)
{
  if (drip->source != NULL || drip->next > drip->lines->len)
    return;
  drip->source = drip->delay_ms > 0 ? g_timeout_source_new (drip->delay_ms) : g_idle_source_new ();
  g_source_set_callback (drip->source, pull_step_cb, drip, NULL);
  g_source_attach (drip->source, drip->server->context);
}

static int
find_in_library (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (fake_library); i++)
    if (g_str_equal (fake_library[i].name, name))
      return (int) i;
  return -1;
}

static void
handle_pull (ReframeFakeModelServer *self,
             SoupServerMessage      *msg)
{
  g_autofree char *name = dup_requested_model (msg);
  PullDrip        *drip;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      _reframe_fake_model_server_respond_json (msg, 405, "{\"error\":\"method not allowed\"}");
      return;
    }
  drip = g_new0 (PullDrip, 1);
  drip->server = self;
  drip->msg = g_object_ref (msg);
  drip->model = find_in_library (name);
  drip->lines = build_pull_lines (drip->model);
  g_mutex_lock (&self->mutex);
  drip->delay_ms = self->pull_delay_ms;
  if (self->pull_error != NULL && self->pull_fail_after < drip->lines->len)
    {
      g_ptr_array_set_size (drip->lines, self->pull_fail_after);
      g_ptr_array_add (drip->lines, g_strdup_printf ("{\"error\":\"%s\"}\n", self->pull_error));
    }
  g_mutex_unlock (&self->mutex);
  self->pull_drips = g_list_prepend (self->pull_drips, drip);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (
      soup_server_message_get_response_headers (msg), "application/x-ndjson", NULL);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (pull_wrote_chunk_cb), drip);
  g_signal_connect (msg, "finished", G_CALLBACK (pull_finished_cb), drip);
  soup_server_message_pause (msg);
  pull_wrote_chunk_cb (msg, drip);
}

gboolean
_reframe_fake_model_server_is_model_management (const char *path)
{
  return g_str_equal (path, "/api/tags") || g_str_equal (path, "/api/pull") ||
         g_str_equal (path, "/api/delete");
}

void
_reframe_fake_model_server_handle_model_management (ReframeFakeModelServer *self,
                                                    SoupServerMessage      *msg,
                                                    const char             *path)
{
  if (g_str_equal (path, "/api/tags"))
    respond_tags (self, msg);
  else if (g_str_equal (path, "/api/pull"))
    handle_pull (self, msg);
  else
    handle_delete (self, msg);
}

/* Sets the wait before each status line of /api/pull (default 10 ms). */
void
reframe_fake_model_server_set_pull_delay (ReframeFakeModelServer *self,
                                          guint                   delay_ms)
{
  g_mutex_lock (&self->mutex);
  self->pull_delay_ms = delay_ms;
  g_mutex_unlock (&self->mutex);
}

/**
 * reframe_fake_model_server_set_pull_failure:
 * @after_lines: how many status lines go out before the error
 * @error_text: (nullable): the error, as Ollama words it; %NULL for pulls that succeed
 *
 * Makes the next pulls send {"error": @error_text} after @after_lines lines, and end.
 */
void
reframe_fake_model_server_set_pull_failure (ReframeFakeModelServer *self,
                                            guint                   after_lines,
                                            const char             *error_text)
{
  g_mutex_lock (&self->mutex);
  self->pull_fail_after = after_lines;
  g_free (self->pull_error);
  self->pull_error = g_strdup (error_text);
  g_mutex_unlock (&self->mutex);
}

/* Returns: whether @name is among the installed models (/api/tags). */
gboolean
reframe_fake_model_server_has_model (ReframeFakeModelServer *self,
                                     const char             *name)
{
  gboolean found;

  g_mutex_lock (&self->mutex);
  found = find_installed (self, name) >= 0;
  g_mutex_unlock (&self->mutex);
  return found;
}

/* Returns: how many pulls ended (the client went away) before their last line. */
guint
reframe_fake_model_server_get_n_pulls_stopped (ReframeFakeModelServer *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_pulls_stopped;
  g_mutex_unlock (&self->mutex);
  return n;
}
