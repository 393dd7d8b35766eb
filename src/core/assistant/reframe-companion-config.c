/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-companion-config.c: the companion's settings, and the model provider they describe. */

#define G_LOG_DOMAIN "ReframeCompanionConfig"

#include "config.h"

#include "reframe-companion-config.h"
#include "reframe-ollama-provider.h"
#include "reframe-openai-provider.h"

#include "reframe-system-prompt.h"

/* The core reads GSettings through a GSettings it is given, never one it makes, so the
 * tests can hand it one on the memory backend. The keys are the app schema's. */
#define KEY_PROVIDER  "companion-provider"
#define KEY_ENDPOINT  "companion-endpoint"
#define KEY_MODEL     "companion-model"
#define KEY_PROMPT    "companion-system-prompt"
#define KEY_FORWARDS  "companion-forwards-to-cloud"
#define KEY_CONSENTED "companion-consented-endpoints"

struct _ReframeCompanionConfig
{
  GObject parent_instance;

  /* Owned */
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (ReframeCompanionConfig, reframe_companion_config, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Adds or removes @endpoint, compared in normalised form, in the list @key. */
static void
update_endpoint_list (ReframeCompanionConfig *self,
                      const char             *key,
                      const char             *endpoint,
                      gboolean                present)
{
  g_auto (GStrv) current = g_settings_get_strv (self->settings, key);
  g_autofree char *normalised = reframe_endpoint_normalise (endpoint, NULL);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) updated = NULL;

  if (normalised == NULL)
    return;
  for (guint i = 0; current[i] != NULL; i++)
    {
      g_autofree char *item = reframe_endpoint_normalise (current[i], NULL);

      if (item == NULL || !g_str_equal (item, normalised))
        g_strv_builder_add (builder, current[i]);
    }
  if (present)
    g_strv_builder_add (builder, normalised);
  updated = g_strv_builder_end (builder);
  if (!g_strv_equal ((const char *const *) current, (const char *const *) updated))
    g_settings_set_strv (self->settings, key, (const char *const *) updated);
}

static gboolean
endpoint_list_contains (ReframeCompanionConfig *self,
                        const char             *key,
                        const char             *endpoint)
{
  g_auto (GStrv) list = g_settings_get_strv (self->settings, key);

  return reframe_endpoint_list_contains ((const char *const *) list, endpoint);
}

static void
settings_changed_cb (ReframeCompanionConfig *self,
                     const char             *key)
{
  if (g_str_has_prefix (key, "companion-"))
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, key);
}

static void
locality_resolved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  ReframeEndpointLocality locality = reframe_endpoint_resolve_locality_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, locality);
}

/* GObject */

static void
reframe_companion_config_constructed (GObject *object)
{
  ReframeCompanionConfig *self = REFRAME_COMPANION_CONFIG (object);

  G_OBJECT_CLASS (reframe_companion_config_parent_class)->constructed (object);

  g_signal_connect_object (
      self->settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
reframe_companion_config_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  ReframeCompanionConfig *self = REFRAME_COMPANION_CONFIG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_companion_config_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  ReframeCompanionConfig *self = REFRAME_COMPANION_CONFIG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_companion_config_dispose (GObject *object)
{
  ReframeCompanionConfig *self = REFRAME_COMPANION_CONFIG (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (reframe_companion_config_parent_class)->dispose (object);
}

static void
reframe_companion_config_class_init (ReframeCompanionConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = reframe_companion_config_constructed;
  object_class->dispose = reframe_companion_config_dispose;
  object_class->get_property = reframe_companion_config_get_property;
  object_class->set_property = reframe_companion_config_set_property;

  /**
   * ReframeCompanionConfig:settings:
   *
   * The application's settings (schema io.github.reframe.Reframe).
   */
  properties[PROP_SETTINGS] =
      g_param_spec_object ("settings",
                           NULL,
                           NULL,
                           G_TYPE_SETTINGS,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ReframeCompanionConfig::changed:
   * @self: the configuration
   * @key: the settings key that changed, e.g. "companion-endpoint"
   *
   * Emitted when any companion-* setting changes; a provider made before is stale
   * when the key is the provider kind, the endpoint or the model.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed",
                                          G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST,
                                          0,
                                          NULL,
                                          NULL,
                                          NULL,
                                          G_TYPE_NONE,
                                          1,
                                          G_TYPE_STRING);
}

static void
reframe_companion_config_init (ReframeCompanionConfig *self)
{
}

/* Public API */

/**
 * reframe_companion_config_new:
 * @settings: the application's settings
 *
 * Returns: (transfer full): a configuration that follows @settings
 */
ReframeCompanionConfig *
reframe_companion_config_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (REFRAME_TYPE_COMPANION_CONFIG, "settings", settings, NULL);
}

/* Returns: (transfer none): the settings the configuration follows */
GSettings *
reframe_companion_config_get_settings (ReframeCompanionConfig *self)
{
  g_return_val_if_fail (REFRAME_IS_COMPANION_CONFIG (self), NULL);

  return self->settings;
}

/**
 * reframe_companion_config_dup_endpoint:
 * @self: a configuration
 *
 * Returns: (transfer full): the endpoint, normalised when it is valid, else as stored
 */
char *
reframe_companion_config_dup_endpoint (ReframeCompanionConfig *self)
{
  g_autofree char *stored = NULL;
  char            *normalised;

  g_return_val_if_fail (REFRAME_IS_COMPANION_CONFIG (self), NULL);

  stored = g_settings_get_string (self->settings, KEY_ENDPOINT);
  normalised = reframe_endpoint_normalise (stored, NULL);
  return normalised != NULL ? normalised : g_steal_pointer (&stored);
}

ReframeProviderKind
reframe_companion_config_get_provider_kind (ReframeCompanionConfig *self)
{
  g_autofree char *kind = NULL;

  g_return_val_if_fail (REFRAME_IS_COMPANION_CONFIG (self), REFRAME_PROVIDER_KIND_OLLAMA);

  kind = g_settings_get_string (self->settings, KEY_PROVIDER);
  return g_str_equal (kind, "openai") ? REFRAME_PROVIDER_KIND_OPENAI : REFRAME_PROVIDER_KIND_OLLAMA;
}

/* Returns: (transfer full): the model name, "" for the first one the service lists */
char *
reframe_companion_config_dup_model (ReframeCompanionConfig *self)
{
  g_return_val_if_fail (REFRAME_IS_COMPANION_CONFIG (self), NULL);

  return g_strstrip (g_settings_get_string (self->settings, KEY_MODEL));
}

/**
 * reframe_companion_config_dup_system_prompt:
 * @self: a configuration
 *
 * Returns: (transfer full): the person's instructions, or Reframe's own when they left
 *   the setting empty
 */
char *
reframe_companion_config_dup_system_prompt (ReframeCompanionConfig *self)
{
  g_autofree char *prompt = NULL;

  g_return_val_if_fail (REFRAME_IS_COMPANION_CONFIG (self), NULL);

  prompt = g_settings_get_string (self->settings, KEY_PROMPT);
  if (*g_strstrip (prompt) == '\0')
    return reframe_system_prompt_dup_default ();
  return g_steal_pointer (&prompt);
}

/* Returns: (transfer full): Reframe's own instructions, whatever the setting says */
char *
reframe_companion_config_dup_default_system_prompt (void)
{
  return reframe_system_prompt_dup_default ();
}

/* Returns: whether the instructions are Reframe's own (the setting is empty) */
gboolean
reframe_companion_config_get_uses_default_prompt (ReframeCompanionConfig *self)
{
  g_autofree char *prompt = NULL;

  g_return_val_if_fail (REFRAME_IS_COMPANION_CONFIG (self), TRUE);

  prompt = g_settings_get_string (self->settings, KEY_PROMPT);
  return *g_strstrip (prompt) == '\0';
}

/* Returns: (transfer full): the endpoints marked as forwarding elsewhere */
char **
reframe_companion_config_dup_forwards_to_cloud (ReframeCompanionConfig *self)
{
  g_return_val_if_fail (REFRAME_IS_COMPANION_CONFIG (self), NULL);

  return g_settings_get_strv (self->settings, KEY_FORWARDS);
}

/* Returns: whether the person marked @endpoint as forwarding to another computer */
gboolean
reframe_companion_config_get_forwards_to_cloud (ReframeCompanionConfig *self,
                                                const char             *endpoint)
{
  g_return_val_if_fail (REFRAME_IS_COMPANION_CONFIG (self), FALSE);

  return endpoint_list_contains (self, KEY_FORWARDS, endpoint);
}

void
reframe_companion_config_set_forwards_to_cloud (ReframeCompanionConfig *self,
                                                const char             *endpoint,
                                                gboolean                forwards)
{
  g_return_if_fail (REFRAME_IS_COMPANION_CONFIG (self));

  update_endpoint_list (self, KEY_FORWARDS, endpoint, forwards);
}

/**
 * reframe_companion_config_has_consent:
 * @self: a configuration
 * @endpoint: an address
 *
 * Returns: whether the person agreed to send messages to @endpoint (ai-safety.md R4)
 */
gboolean
reframe_companion_config_has_consent (ReframeCompanionConfig *self,
                                      const char             *endpoint)
{
  g_return_val_if_fail (REFRAME_IS_COMPANION_CONFIG (self), FALSE);

  return endpoint_list_contains (self, KEY_CONSENTED, endpoint);
}

/* Records that the person agreed to send messages to @endpoint; an invalid address is ignored. */
void
reframe_companion_config_give_consent (ReframeCompanionConfig *self,
                                       const char             *endpoint)
{
  g_return_if_fail (REFRAME_IS_COMPANION_CONFIG (self));

  update_endpoint_list (self, KEY_CONSENTED, endpoint, TRUE);
}

/* Consent is revocable (ai-safety.md R4): the next send to @endpoint asks again. */
void
reframe_companion_config_revoke_consent (ReframeCompanionConfig *self,
                                         const char             *endpoint)
{
  g_return_if_fail (REFRAME_IS_COMPANION_CONFIG (self));

  update_endpoint_list (self, KEY_CONSENTED, endpoint, FALSE);
}

/**
 * reframe_companion_config_create_provider:
 * @self: a configuration
 * @api_key: (nullable): the key from the keyring (reframe_api_keys_lookup_async())
 *
 * Builds the provider the settings describe, as they are now. An endpoint that is not
 * a valid address still gives a provider: its requests fail with a message that says so.
 *
 * Returns: (transfer full): the provider
 */
ReframeModelProvider *
reframe_companion_config_create_provider (ReframeCompanionConfig *self,
                                          const char             *api_key)
{
  g_autofree char *endpoint = NULL;

  g_return_val_if_fail (REFRAME_IS_COMPANION_CONFIG (self), NULL);

  endpoint = reframe_companion_config_dup_endpoint (self);
  if (reframe_companion_config_get_provider_kind (self) == REFRAME_PROVIDER_KIND_OPENAI)
    return REFRAME_MODEL_PROVIDER (reframe_openai_provider_new (endpoint, api_key));
  return REFRAME_MODEL_PROVIDER (reframe_ollama_provider_new (endpoint, api_key));
}

/**
 * reframe_companion_config_resolve_locality_async:
 * @self: a configuration
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context when done
 * @user_data: data for @callback
 *
 * reframe_endpoint_resolve_locality_async() for the configured endpoint, model and
 * forwarding list.
 */
void
reframe_companion_config_resolve_locality_async (ReframeCompanionConfig *self,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *model = NULL;
  g_auto (GStrv) forwards = NULL;

  g_return_if_fail (REFRAME_IS_COMPANION_CONFIG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, reframe_companion_config_resolve_locality_async);
  endpoint = g_settings_get_string (self->settings, KEY_ENDPOINT);
  model = reframe_companion_config_dup_model (self);
  forwards = reframe_companion_config_dup_forwards_to_cloud (self);
  reframe_endpoint_resolve_locality_async (endpoint,
                                           model,
                                           (const char *const *) forwards,
                                           cancellable,
                                           locality_resolved_cb,
                                           g_steal_pointer (&task));
}

ReframeEndpointLocality
reframe_companion_config_resolve_locality_finish (ReframeCompanionConfig *self,
                                                  GAsyncResult           *result,
                                                  GError                **error)
{
  gssize locality;

  g_return_val_if_fail (g_task_is_valid (result, self), REFRAME_ENDPOINT_LOCALITY_UNKNOWN);

  locality = g_task_propagate_int (G_TASK (result), error);
  return locality < 0 ? REFRAME_ENDPOINT_LOCALITY_UNKNOWN : (ReframeEndpointLocality) locality;
}
