/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-model-manager-errors.c: what went wrong with a request to the model service,
 * said as what the person can do about it. */

#define G_LOG_DOMAIN "ReframeModelManager"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-model-manager-private.h"

static gboolean
is_loopback (const char *uri_text)
{
  g_autoptr (GUri) uri = g_uri_parse (uri_text, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GInetAddress) address = NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static GError *
new_refused_error (ReframeModelManager *self)
{
  g_autofree char *program = NULL;

  if (self->kind != REFRAME_PROVIDER_KIND_OLLAMA)
    return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                        REFRAME_MODEL_MANAGER_ERROR_UNREACHABLE,
                        _ ("Nothing answers at %s. Check that the model service is running and "
                           "that the address is right."),
                        self->endpoint);
  if (!is_loopback (self->base_uri))
    return g_error_new (
        REFRAME_MODEL_MANAGER_ERROR,
        REFRAME_MODEL_MANAGER_ERROR_UNREACHABLE,
        _ ("Nothing answers at %s. Check that Ollama is running on that computer, that it listens "
           "on the network (OLLAMA_HOST), and that the address is right."),
        self->endpoint);
  program = g_find_program_in_path (self->ollama_program);
  if (program != NULL)
    return g_error_new_literal (
        REFRAME_MODEL_MANAGER_ERROR,
        REFRAME_MODEL_MANAGER_ERROR_NOT_RUNNING,
        _ ("Ollama is not running. Start it with “ollama serve”, or from its app."));
  return g_error_new_literal (
      REFRAME_MODEL_MANAGER_ERROR,
      REFRAME_MODEL_MANAGER_ERROR_NOT_RUNNING,
      _ ("Ollama is not running, and it does not seem to be installed on this computer. Install it "
         "from ollama.com, then start it with “ollama serve”, or from its app."));
}

GError *
_reframe_model_manager_new_transport_error (ReframeModelManager *self,
                                            Call                *call,
                                            const GError        *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && call->kind == CALL_PULL)
    return g_error_new (
        G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The download of “%s” was cancelled."), call->model);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("The request was cancelled."));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return new_refused_error (self);
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                        REFRAME_MODEL_MANAGER_ERROR_UNREACHABLE,
                        _ ("Reframe could not find the computer named in %s. Check the address and "
                           "the network connection."),
                        self->endpoint);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                        REFRAME_MODEL_MANAGER_ERROR_UNREACHABLE,
                        _ ("Reframe could not make a secure connection to %s. Check the address; "
                           "if the service is your own, check its certificate."),
                        self->endpoint);
  if (call->kind == CALL_PULL && call->lines != NULL)
    return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                        REFRAME_MODEL_MANAGER_ERROR_UNREACHABLE,
                        _ ("The download of “%s” stopped: the connection to %s was lost (%s). Try "
                           "again; Ollama goes on from where it stopped."),
                        call->model,
                        self->endpoint,
                        error->message);
  return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                      REFRAME_MODEL_MANAGER_ERROR_UNREACHABLE,
                      _ ("Reframe lost the connection to %s (%s). Check that the model service is "
                         "running and try again."),
                      self->endpoint,
                      error->message);
}

/* Returns: (transfer full) (nullable): the message of an error object, Ollama's
 * {"error": "…"} or OpenAI's {"error": {"message": "…"}}. */
char *
_reframe_model_manager_dup_error_text (JsonObject *object)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, "error") : NULL;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (
        json_object_get_string_member_with_default (json_node_get_object (node), "message", ""));
  return g_strdup ("");
}

/* Returns: (transfer full): what the service said went wrong with a model, sorted into
 * the cases a person can do something about. */
GError *
_reframe_model_manager_new_service_error (ReframeModelManager *self,
                                          Call                *call,
                                          const char          *said)
{
  g_autofree char *lower = g_utf8_strdown (said, -1);

  if (strstr (lower, "no space left") != NULL || strstr (lower, "disk full") != NULL)
    return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                        REFRAME_MODEL_MANAGER_ERROR_DISK_FULL,
                        _ ("The computer running the model service has no room left for “%s” (%s). "
                           "Free some space on its disk, or choose a smaller model."),
                        call->model,
                        said);
  if (call->model != NULL &&
      (strstr (lower, "file does not exist") != NULL || strstr (lower, "not found") != NULL))
    return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                        REFRAME_MODEL_MANAGER_ERROR_MODEL_NOT_FOUND,
                        _ ("There is no model named “%s” (Ollama says: %s). Check the spelling; "
                           "ollama.com/library lists the names."),
                        call->model,
                        said);
  if (call->kind == CALL_PULL)
    return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                        REFRAME_MODEL_MANAGER_ERROR_FAILED,
                        _ ("Ollama could not download “%s”: %s"),
                        call->model,
                        said);
  if (call->kind == CALL_DELETE)
    return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                        REFRAME_MODEL_MANAGER_ERROR_FAILED,
                        _ ("Ollama could not delete “%s”: %s"),
                        call->model,
                        said);
  return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                      REFRAME_MODEL_MANAGER_ERROR_FAILED,
                      _ ("The model service at %s ran into a problem: %s"),
                      self->endpoint,
                      said);
}

GError *
_reframe_model_manager_new_not_ollama_error (ReframeModelManager *self)
{
  return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                      REFRAME_MODEL_MANAGER_ERROR_NOT_OLLAMA,
                      _ ("Something answers at %s, but it is not Ollama. If it is an "
                         "OpenAI-compatible service such as llama.cpp, LM Studio or vLLM, choose "
                         "that kind of service; otherwise check the address."),
                      self->endpoint);
}

GError *
_reframe_model_manager_new_malformed_error (ReframeModelManager *self)
{
  if (self->kind == REFRAME_PROVIDER_KIND_OLLAMA)
    return _reframe_model_manager_new_not_ollama_error (self);
  return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                      REFRAME_MODEL_MANAGER_ERROR_MALFORMED,
                      _ ("The service at %s sent a model list Reframe could not read. Check that "
                         "it is an OpenAI-compatible service, and the address."),
                      self->endpoint);
}

/* Returns: (transfer full): the error of a non-2xx answer with @body. */
GError *
_reframe_model_manager_new_http_error (ReframeModelManager *self,
                                       Call                *call,
                                       guint                status,
                                       GBytes              *body)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize            len = 0;
  const char      *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  JsonNode        *root = NULL;
  g_autofree char *said = NULL;

  if (data != NULL && len > 0 && json_parser_load_from_data (parser, data, len, NULL))
    root = json_parser_get_root (parser);
  said = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
             ? _reframe_model_manager_dup_error_text (json_node_get_object (root))
             : NULL;

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                        REFRAME_MODEL_MANAGER_ERROR_UNAUTHORIZED,
                        _ ("The model service at %s did not accept the API key (HTTP %u). Check "
                           "the key in Preferences."),
                        self->endpoint,
                        status);
  if (said != NULL && *said != '\0' &&
      (call->kind == CALL_PULL || call->kind == CALL_DELETE || status >= 500))
    return _reframe_model_manager_new_service_error (self, call, said);
  if (status == SOUP_STATUS_NOT_FOUND && self->kind == REFRAME_PROVIDER_KIND_OLLAMA)
    return _reframe_model_manager_new_not_ollama_error (self);
  return g_error_new (REFRAME_MODEL_MANAGER_ERROR,
                      REFRAME_MODEL_MANAGER_ERROR_FAILED,
                      _ ("The model service at %s refused the request (HTTP %u%s%s). Check the "
                         "address and the kind of service in Preferences."),
                      self->endpoint,
                      status,
                      said != NULL && *said != '\0' ? ": " : "",
                      said != NULL ? said : "");
}
