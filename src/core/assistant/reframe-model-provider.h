/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-model-provider.h: the interface every model service (Ollama, OpenAI-compatible)
 * implements. */

#pragma once

#include <gio/gio.h>

#include "reframe-chat-event.h"
#include "reframe-chat-request.h"

G_BEGIN_DECLS

#define REFRAME_PROVIDER_ERROR (reframe_provider_error_quark ())

/**
 * ReframeProviderError:
 * @REFRAME_PROVIDER_ERROR_CONNECTION_REFUSED: nothing answers at the endpoint
 * @REFRAME_PROVIDER_ERROR_UNKNOWN_HOST: the endpoint's host name does not resolve
 * @REFRAME_PROVIDER_ERROR_TLS: the secure connection failed (certificate, handshake)
 * @REFRAME_PROVIDER_ERROR_UNAUTHORIZED: HTTP 401 or 403: the API key is missing or wrong
 * @REFRAME_PROVIDER_ERROR_MODEL_NOT_FOUND: HTTP 404 on a chat: the model is not there
 * @REFRAME_PROVIDER_ERROR_RATE_LIMITED: HTTP 429; see reframe_provider_error_get_retry_after()
 * @REFRAME_PROVIDER_ERROR_SERVER_ERROR: HTTP 5xx, or an error the service sent inside the stream
 * @REFRAME_PROVIDER_ERROR_STALLED: no bytes arrived for the stall timeout
 * @REFRAME_PROVIDER_ERROR_CUT_OFF: the stream ended mid-reply; the deltas already
 *   delivered are the partial reply
 * @REFRAME_PROVIDER_ERROR_MALFORMED: the service sent something that is not its format
 * @REFRAME_PROVIDER_ERROR_TOO_LARGE: the reply, or one line of it, is over the size limit
 * @REFRAME_PROVIDER_ERROR_FAILED: any other failure (another HTTP status, a network error)
 * @REFRAME_PROVIDER_ERROR_REDIRECTED: the service sent the request to another address
 *   (host, port or scheme), which Reframe does not follow
 * @REFRAME_PROVIDER_ERROR_CONTEXT_TOO_LONG: the request is longer than the model's
 *   context (llama.cpp's "exceed_context_size_error", OpenAI's "context_length_exceeded")
 *
 * Why a request to a model service failed. Every message says what the person can do.
 * Cancelling gives %G_IO_ERROR_CANCELLED instead, which is never shown.
 */
typedef enum
{
  REFRAME_PROVIDER_ERROR_CONNECTION_REFUSED,
  REFRAME_PROVIDER_ERROR_UNKNOWN_HOST,
  REFRAME_PROVIDER_ERROR_TLS,
  REFRAME_PROVIDER_ERROR_UNAUTHORIZED,
  REFRAME_PROVIDER_ERROR_MODEL_NOT_FOUND,
  REFRAME_PROVIDER_ERROR_RATE_LIMITED,
  REFRAME_PROVIDER_ERROR_SERVER_ERROR,
  REFRAME_PROVIDER_ERROR_STALLED,
  REFRAME_PROVIDER_ERROR_CUT_OFF,
  REFRAME_PROVIDER_ERROR_MALFORMED,
  REFRAME_PROVIDER_ERROR_TOO_LARGE,
  REFRAME_PROVIDER_ERROR_FAILED,
  REFRAME_PROVIDER_ERROR_REDIRECTED,
  REFRAME_PROVIDER_ERROR_CONTEXT_TOO_LONG,
} ReframeProviderError;

/* Seconds without a byte from the service before a request fails as stalled. */
#define REFRAME_PROVIDER_DEFAULT_STALL_TIMEOUT 60

/**
 * ReframeChatDeltaFunc:
 * @delta: a %REFRAME_CHAT_EVENT_DELTA, valid only during the call
 * @user_data: the data given with the function
 *
 * Called on the main context of the request for each piece of the reply, in order.
 */
typedef void (*ReframeChatDeltaFunc) (const ReframeChatEvent *delta,
                                      gpointer                user_data);

#define REFRAME_TYPE_MODEL_PROVIDER (reframe_model_provider_get_type ())

G_DECLARE_INTERFACE (ReframeModelProvider, reframe_model_provider, REFRAME, MODEL_PROVIDER, GObject)

struct _ReframeModelProviderInterface
{
  GTypeInterface parent_iface;

  void (*list_models_async) (ReframeModelProvider *self,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data);
  char **(*list_models_finish) (ReframeModelProvider *self,
                                GAsyncResult         *result,
                                GError              **error);
  void (*stream_chat_async) (ReframeModelProvider *self,
                             ReframeChatRequest   *request,
                             ReframeChatDeltaFunc  delta_func,
                             gpointer              delta_data,
                             GDestroyNotify        delta_destroy,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data);
  ReframeChatEvent *(*stream_chat_finish) (ReframeModelProvider *self,
                                           GAsyncResult         *result,
                                           GError              **error);
};

GQuark            reframe_provider_error_quark (void);
int               reframe_provider_error_get_retry_after (const GError *error);
void              reframe_model_provider_list_models_async (ReframeModelProvider *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
char            **reframe_model_provider_list_models_finish (ReframeModelProvider *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
void              reframe_model_provider_stream_chat_async (ReframeModelProvider *self,
                                                            ReframeChatRequest   *request,
                                                            ReframeChatDeltaFunc  delta_func,
                                                            gpointer              delta_data,
                                                            GDestroyNotify        delta_destroy,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
ReframeChatEvent *reframe_model_provider_stream_chat_finish (ReframeModelProvider *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
