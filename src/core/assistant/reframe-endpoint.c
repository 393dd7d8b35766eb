/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-endpoint.c: model service addresses: checking, normalising, and where they really are. */

#define G_LOG_DOMAIN "ReframeEndpoint"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-endpoint.h"

G_DEFINE_QUARK (reframe - endpoint - error - quark, reframe_endpoint_error)

/* What people paste from a service's documentation: the API path, which the providers
 * add themselves. Longest first, so "/v1/models" goes before "/v1". */
static const char *const api_paths[] = {
  "/v1/chat/completions",
  "/v1/completions",
  "/v1/models",
  "/v1",
  "/api/generate",
  "/api/version",
  "/api/chat",
  "/api/tags",
  "/api",
  NULL,
};

static void
strip_trailing_slashes (char *path)
{
  gsize len = strlen (path);

  while (len > 0 && path[len - 1] == '/')
    path[--len] = '\0';
}

/* Returns: (transfer full): @path without trailing slashes and without an API path. */
static char *
dup_base_path (const char *path)
{
  g_autofree char *base = g_strdup (path);

  strip_trailing_slashes (base);
  for (guint i = 0; api_paths[i] != NULL; i++)
    {
      gsize len = strlen (base);
      gsize suffix_len = strlen (api_paths[i]);

      if (len >= suffix_len && g_ascii_strcasecmp (base + len - suffix_len, api_paths[i]) == 0)
        {
          base[len - suffix_len] = '\0';
          break;
        }
    }
  strip_trailing_slashes (base);
  return g_steal_pointer (&base);
}

static void
set_invalid (GError    **error,
             const char *text)
{
  if (*text == '\0')
    g_set_error_literal (
        error,
        REFRAME_ENDPOINT_ERROR,
        REFRAME_ENDPOINT_ERROR_INVALID,
        _ ("Type the address of the model service, such as http://127.0.0.1:11434."));
  else
    g_set_error (error,
                 REFRAME_ENDPOINT_ERROR,
                 REFRAME_ENDPOINT_ERROR_INVALID,
                 _ ("“%s” is not a web address. Type one such as http://127.0.0.1:11434."),
                 text);
}

/* GUri takes almost anything as a host ("not a url" included); a model service is at an
 * IP address or a DNS name, international ones given in their ASCII form here. */
static char *
dup_valid_host (const char *host)
{
  g_autofree char *ascii = NULL;

  if (host == NULL || *host == '\0')
    return NULL;
  if (g_hostname_is_ip_address (host))
    return g_ascii_strdown (host, -1);
  ascii = g_hostname_to_ascii (host);
  if (ascii == NULL)
    return NULL;
  for (const char *c = ascii; *c != '\0'; c++)
    {
      if (!g_ascii_isalnum (*c) && *c != '-' && *c != '.' && *c != '_')
        return NULL;
    }
  return g_ascii_strdown (ascii, -1);
}

/* Returns: (transfer full) (nullable): @text parsed, with "http://" added when the person
 * typed only a host and port ("localhost:11434" would otherwise parse as a scheme). */
static GUri *
parse_lenient (const char *text)
{
  g_autofree char *with_scheme = NULL;

  if (strstr (text, "://") == NULL)
    with_scheme = g_strconcat ("http://", text, NULL);
  return g_uri_parse (with_scheme != NULL ? with_scheme : text, G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
}

/**
 * reframe_endpoint_normalise:
 * @uri: what the person typed, e.g. "localhost:11434/v1/"
 * @error: return location for a %REFRAME_ENDPOINT_ERROR_INVALID with a message to show
 *
 * Turns an address into the one form Reframe stores and compares: http or https, a
 * lowercase host, the port only when it is not the default, no user name, password,
 * query or fragment, and no trailing slash or API path ("/v1", "/api/chat"). The keyring
 * and the lists of consented and forwarding endpoints are keyed by this form.
 *
 * Returns: (transfer full) (nullable): the base URL, e.g. "http://localhost:11434"
 */
char *
reframe_endpoint_normalise (const char *uri,
                            GError    **error)
{
  g_autofree char *text = g_strstrip (g_strdup (uri != NULL ? uri : ""));
  g_autoptr (GUri) parsed = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  const char      *scheme;
  int              port;

  if (*text != '\0')
    parsed = parse_lenient (text);
  if (parsed == NULL)
    {
      set_invalid (error, text);
      return NULL;
    }

  scheme = g_uri_get_scheme (parsed);
  if (!g_str_equal (scheme, "http") && !g_str_equal (scheme, "https"))
    {
      g_set_error (error,
                   REFRAME_ENDPOINT_ERROR,
                   REFRAME_ENDPOINT_ERROR_INVALID,
                   _ ("“%s” does not start with http:// or https://, the only ways Reframe talks "
                      "to a model service."),
                   text);
      return NULL;
    }
  host = dup_valid_host (g_uri_get_host (parsed));
  if (host == NULL)
    {
      set_invalid (error, text);
      return NULL;
    }

  path = dup_base_path (g_uri_get_path (parsed));
  port = g_uri_get_port (parsed);
  /* GLib drops a default port only when the scheme was typed in lowercase. */
  if ((port == 80 && g_str_equal (scheme, "http")) ||
      (port == 443 && g_str_equal (scheme, "https")))
    port = -1;
  return g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, host, port, path, NULL, NULL);
}

/* Returns: (transfer full) (nullable): the normalised @uri, parsed */
static GUri *
parse_normalised (const char *uri)
{
  g_autofree char *normalised = reframe_endpoint_normalise (uri, NULL);

  return normalised != NULL ? g_uri_parse (normalised, G_URI_FLAGS_NONE, NULL) : NULL;
}

/**
 * reframe_endpoint_is_https:
 * @uri: an address
 *
 * Returns: whether @uri is a valid https:// address, for the badge's lock icon
 */
gboolean
reframe_endpoint_is_https (const char *uri)
{
  g_autoptr (GUri) parsed = parse_normalised (uri);

  return parsed != NULL && g_str_equal (g_uri_get_scheme (parsed), "https");
}

/**
 * reframe_endpoint_dup_host_label:
 * @uri: an address
 *
 * The host as the badge shows it ("Remote: host.example").
 *
 * Returns: (transfer full) (nullable): the host, %NULL when @uri is not valid
 */
char *
reframe_endpoint_dup_host_label (const char *uri)
{
  g_autoptr (GUri) parsed = parse_normalised (uri);

  return parsed != NULL ? g_strdup (g_uri_get_host (parsed)) : NULL;
}

/**
 * reframe_endpoint_is_cloud_model:
 * @model: (nullable): a model name
 *
 * Ollama hands models named "…:cloud" or "…-cloud" to Ollama's own servers, even when
 * asked on this computer.
 *
 * Returns: whether @model runs elsewhere whatever the endpoint
 */
gboolean
reframe_endpoint_is_cloud_model (const char *model)
{
  g_autofree char *lower = NULL;

  if (model == NULL)
    return FALSE;
  lower = g_ascii_strdown (model, -1);
  g_strstrip (lower);
  return g_str_has_suffix (lower, ":cloud") || g_str_has_suffix (lower, "-cloud");
}

/**
 * reframe_endpoint_list_contains:
 * @endpoints: (nullable): addresses, in any form
 * @endpoint: an address
 *
 * Returns: whether @endpoint is in @endpoints, compared in normalised form
 */
gboolean
reframe_endpoint_list_contains (const char *const *endpoints,
                                const char        *endpoint)
{
  g_autofree char *wanted = reframe_endpoint_normalise (endpoint, NULL);

  if (wanted == NULL || endpoints == NULL)
    return FALSE;
  for (guint i = 0; endpoints[i] != NULL; i++)
    {
      g_autofree char *candidate = reframe_endpoint_normalise (endpoints[i], NULL);

      if (candidate != NULL && g_str_equal (candidate, wanted))
        return TRUE;
    }
  return FALSE;
}

/* Locality */

/* ::ffff:127.0.0.1 reaches this computer too, but GLib does not call it loopback. */
static gboolean
is_loopback_address (GInetAddress *address)
{
  const guint8       *bytes;
  static const guint8 mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  if (g_inet_address_get_is_loopback (address))
    return TRUE;
  if (g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
    return FALSE;
  bytes = g_inet_address_to_bytes (address);
  return memcmp (bytes, mapped_prefix, sizeof mapped_prefix) == 0 && bytes[12] == 127;
}

static ReframeEndpointLocality
locality_of_addresses (GList *addresses)
{
  if (addresses == NULL)
    return REFRAME_ENDPOINT_LOCALITY_UNKNOWN;
  for (GList *l = addresses; l != NULL; l = l->next)
    {
      if (!is_loopback_address (l->data))
        return REFRAME_ENDPOINT_LOCALITY_REMOTE;
    }
  return REFRAME_ENDPOINT_LOCALITY_LOCAL;
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, locality_of_addresses (addresses));
  g_resolver_free_addresses (addresses);
}

/**
 * reframe_endpoint_resolve_locality_async:
 * @endpoint_uri: the configured address
 * @model: (nullable): the model that will be asked
 * @forwards_to_cloud: (nullable): addresses the person marked as forwarding elsewhere
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context when done
 * @user_data: data for @callback
 *
 * Decides where messages to @endpoint_uri go by the addresses its host resolves to,
 * not by its name: all loopback is local; anything else, the local network included,
 * is remote. A cloud model (reframe_endpoint_is_cloud_model()) or an address in
 * @forwards_to_cloud is remote wherever the endpoint is. An IP address is judged
 * without any network access; GLib answers "localhost" without asking DNS.
 */
void
reframe_endpoint_resolve_locality_async (const char         *endpoint_uri,
                                         const char         *model,
                                         const char *const  *forwards_to_cloud,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) address = NULL;
  g_autoptr (GUri) parsed = NULL;
  g_autoptr (GResolver) resolver = NULL;
  g_autofree char *normalised = reframe_endpoint_normalise (endpoint_uri, &error);

  g_task_set_source_tag (task, reframe_endpoint_resolve_locality_async);
  if (normalised == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (reframe_endpoint_is_cloud_model (model) ||
      reframe_endpoint_list_contains (forwards_to_cloud, normalised))
    {
      g_task_return_int (task, REFRAME_ENDPOINT_LOCALITY_REMOTE);
      return;
    }

  parsed = g_uri_parse (normalised, G_URI_FLAGS_NONE, NULL);
  address = g_inet_address_new_from_string (g_uri_get_host (parsed));
  if (address != NULL)
    {
      g_task_return_int (task,
                         is_loopback_address (address) ? REFRAME_ENDPOINT_LOCALITY_LOCAL
                                                       : REFRAME_ENDPOINT_LOCALITY_REMOTE);
      return;
    }

  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (
      resolver, g_uri_get_host (parsed), cancellable, lookup_done_cb, g_steal_pointer (&task));
}

/**
 * reframe_endpoint_resolve_locality_finish:
 * @result: the result given to the callback
 * @error: return location for a %REFRAME_ENDPOINT_ERROR_INVALID or %G_IO_ERROR_CANCELLED
 *
 * A host name that does not resolve is not an error: it gives
 * %REFRAME_ENDPOINT_LOCALITY_UNKNOWN.
 *
 * Returns: where the endpoint is; %REFRAME_ENDPOINT_LOCALITY_UNKNOWN with @error set on failure
 */
ReframeEndpointLocality
reframe_endpoint_resolve_locality_finish (GAsyncResult *result,
                                          GError      **error)
{
  gssize locality;

  g_return_val_if_fail (g_task_is_valid (result, NULL), REFRAME_ENDPOINT_LOCALITY_UNKNOWN);

  locality = g_task_propagate_int (G_TASK (result), error);
  return locality < 0 ? REFRAME_ENDPOINT_LOCALITY_UNKNOWN : (ReframeEndpointLocality) locality;
}
