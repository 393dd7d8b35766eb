/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-model-provider.c: the interface every model service (Ollama, OpenAI-compatible)
 * implements. */

#define G_LOG_DOMAIN "ReframeModelProvider"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-model-provider-private.h"

/* A rate-limit error carries the seconds of the service's Retry-After header, so the
 * error domain is an extended one (GLib 2.68) rather than a plain quark. */
typedef struct
{
  int retry_after;
} ReframeProviderErrorPrivate;

static void
reframe_provider_error_private_init (ReframeProviderErrorPrivate *priv)
{
  priv->retry_after = -1;
}

static void
reframe_provider_error_private_copy (const ReframeProviderErrorPrivate *src_priv,
                                     ReframeProviderErrorPrivate       *dest_priv)
{
  dest_priv->retry_after = src_priv->retry_after;
}

static void
reframe_provider_error_private_clear (ReframeProviderErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (ReframeProviderError, reframe_provider_error)

G_DEFINE_INTERFACE (ReframeModelProvider, reframe_model_provider, G_TYPE_OBJECT)

static void
reframe_model_provider_default_init (ReframeModelProviderInterface *iface)
{
}

/**
 * reframe_provider_error_get_retry_after:
 * @error: an error
 *
 * Returns: the seconds the service asked to wait before trying again, when @error is
 *   %REFRAME_PROVIDER_ERROR_RATE_LIMITED and the service said; otherwise -1
 */
int
reframe_provider_error_get_retry_after (const GError *error)
{
  g_return_val_if_fail (error != NULL, -1);

  if (!g_error_matches (error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_RATE_LIMITED))
    return -1;
  return reframe_provider_error_get_private (error)->retry_after;
}

/* Returns: (transfer full): a %REFRAME_PROVIDER_ERROR_RATE_LIMITED error; @retry_after
 * is -1 when the service did not say how long to wait. */
GError *
_reframe_provider_error_new_rate_limited (const char *endpoint,
                                          int         retry_after)
{
  GError *error;

  if (retry_after >= 0)
    error = g_error_new (
        REFRAME_PROVIDER_ERROR,
        REFRAME_PROVIDER_ERROR_RATE_LIMITED,
        g_dngettext (
            GETTEXT_PACKAGE,
            "The model service at %s is busy with too many requests. Try again in %d second.",
            "The model service at %s is busy with too many requests. Try again in %d seconds.",
            retry_after),
        endpoint,
        retry_after);
  else
    error = g_error_new (
        REFRAME_PROVIDER_ERROR,
        REFRAME_PROVIDER_ERROR_RATE_LIMITED,
        _ ("The model service at %s is busy with too many requests. Try again in a little while."),
        endpoint);
  reframe_provider_error_get_private (error)->retry_after = retry_after;
  return error;
}

/**
 * reframe_model_provider_list_models_async:
 * @self: a provider
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context when done
 * @user_data: data for @callback
 *
 * Asks the service which models it offers.
 */
void
reframe_model_provider_list_models_async (ReframeModelProvider *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  g_return_if_fail (REFRAME_IS_MODEL_PROVIDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  REFRAME_MODEL_PROVIDER_GET_IFACE (self)->list_models_async (
      self, cancellable, callback, user_data);
}

/**
 * reframe_model_provider_list_models_finish:
 * @self: a provider
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the model names, in the service's order
 */
char **
reframe_model_provider_list_models_finish (ReframeModelProvider *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  g_return_val_if_fail (REFRAME_IS_MODEL_PROVIDER (self), NULL);

  return REFRAME_MODEL_PROVIDER_GET_IFACE (self)->list_models_finish (self, result, error);
}

/**
 * reframe_model_provider_stream_chat_async:
 * @self: a provider
 * @request: what to ask
 * @delta_func: (scope notified): called for each piece of the reply, in order, on the
 *   current thread-default main context; never after @callback or after @cancellable
 *   is cancelled
 * @delta_data: data for @delta_func
 * @delta_destroy: (nullable): frees @delta_data when the request is over
 * @cancellable: (nullable): a #GCancellable; cancelling gives %G_IO_ERROR_CANCELLED
 * @callback: called when the reply is complete or failed
 * @user_data: data for @callback
 *
 * Streams the model's reply to @request.
 */
void
reframe_model_provider_stream_chat_async (ReframeModelProvider *self,
                                          ReframeChatRequest   *request,
                                          ReframeChatDeltaFunc  delta_func,
                                          gpointer              delta_data,
                                          GDestroyNotify        delta_destroy,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  g_return_if_fail (REFRAME_IS_MODEL_PROVIDER (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (delta_func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  REFRAME_MODEL_PROVIDER_GET_IFACE (self)->stream_chat_async (
      self, request, delta_func, delta_data, delta_destroy, cancellable, callback, user_data);
}

/**
 * reframe_model_provider_stream_chat_finish:
 * @self: a provider
 * @result: the result given to the callback
 * @error: return location for a #GError in %REFRAME_PROVIDER_ERROR or %G_IO_ERROR
 *
 * Returns: (transfer full) (nullable): the %REFRAME_CHAT_EVENT_DONE that ended the
 *   reply (finish reason, token counts), or %NULL with @error set
 */
ReframeChatEvent *
reframe_model_provider_stream_chat_finish (ReframeModelProvider *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  g_return_val_if_fail (REFRAME_IS_MODEL_PROVIDER (self), NULL);

  return REFRAME_MODEL_PROVIDER_GET_IFACE (self)->stream_chat_finish (self, result, error);
}
