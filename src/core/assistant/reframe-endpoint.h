/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-endpoint.h: model service addresses: checking, normalising, and where they really are. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define REFRAME_ENDPOINT_ERROR (reframe_endpoint_error_quark ())

/**
 * ReframeEndpointError:
 * @REFRAME_ENDPOINT_ERROR_INVALID: the text is not an http:// or https:// address
 */
typedef enum
{
  REFRAME_ENDPOINT_ERROR_INVALID,
} ReframeEndpointError;

/**
 * ReframeEndpointLocality:
 * @REFRAME_ENDPOINT_LOCALITY_UNKNOWN: the host name could not be resolved
 * @REFRAME_ENDPOINT_LOCALITY_LOCAL: every address of the host is a loopback address
 * @REFRAME_ENDPOINT_LOCALITY_REMOTE: messages can leave this computer: another address
 *   (the local network included), a cloud model, or an endpoint marked as forwarding
 *
 * Where what is sent to a model service ends up, for the badge (ai-safety.md R5).
 */
typedef enum
{
  REFRAME_ENDPOINT_LOCALITY_UNKNOWN,
  REFRAME_ENDPOINT_LOCALITY_LOCAL,
  REFRAME_ENDPOINT_LOCALITY_REMOTE,
} ReframeEndpointLocality;

GQuark                  reframe_endpoint_error_quark (void);
char                   *reframe_endpoint_normalise (const char *uri,
                                                    GError    **error);
gboolean                reframe_endpoint_is_https (const char *uri);
char                   *reframe_endpoint_dup_host_label (const char *uri);
gboolean                reframe_endpoint_is_cloud_model (const char *model);
gboolean                reframe_endpoint_list_contains (const char *const *endpoints,
                                                        const char        *endpoint);
void                    reframe_endpoint_resolve_locality_async (const char         *endpoint_uri,
                                                                 const char         *model,
                                                                 const char *const  *forwards_to_cloud,
                                                                 GCancellable       *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer            user_data);
ReframeEndpointLocality reframe_endpoint_resolve_locality_finish (GAsyncResult *result,
                                                                  GError      **error);

G_END_DECLS
