/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-api-keys.h: API keys of model services, kept in the keyring (Secret Service). */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define REFRAME_API_KEYS_ERROR (reframe_api_keys_error_quark ())

/**
 * ReframeApiKeysError:
 * @REFRAME_API_KEYS_ERROR_UNAVAILABLE: no keyring (Secret Service) answers
 * @REFRAME_API_KEYS_ERROR_INVALID: the endpoint is not a valid address, or the key is empty
 * @REFRAME_API_KEYS_ERROR_FAILED: the keyring refused or failed the request
 */
typedef enum
{
  REFRAME_API_KEYS_ERROR_UNAVAILABLE,
  REFRAME_API_KEYS_ERROR_INVALID,
  REFRAME_API_KEYS_ERROR_FAILED,
} ReframeApiKeysError;

/* The Secret Service schema of Reframe's items; their one attribute is "endpoint",
 * the normalised base URL (reframe_endpoint_normalise()). */
#define REFRAME_API_KEYS_SCHEMA_NAME "io.github.reframe.Reframe.ApiKey"

GQuark   reframe_api_keys_error_quark (void);
void     reframe_api_keys_store_async (const char         *endpoint,
                                       const char         *key,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean reframe_api_keys_store_finish (GAsyncResult *result,
                                        GError      **error);
void     reframe_api_keys_lookup_async (const char         *endpoint,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
char    *reframe_api_keys_lookup_finish (GAsyncResult *result,
                                         GError      **error);
char    *reframe_api_keys_lookup_sync (const char   *endpoint,
                                       GCancellable *cancellable,
                                       GError      **error);
void     reframe_api_keys_clear_async (const char         *endpoint,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean reframe_api_keys_clear_finish (GAsyncResult *result,
                                        GError      **error);
void     reframe_api_keys_shutdown (void);

G_END_DECLS
