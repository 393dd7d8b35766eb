/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-companion-preferences.c: the Companion page of Preferences: model service, key,
 * instructions, crisis help. The Model row and the instructions are in files of their
 * own beside this one. */

#define G_LOG_DOMAIN "ReframeCompanionPreferences"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-api-keys.h"
#include "reframe-companion-preferences-private.h"
#include "reframe-crisis-lines.h"
#include "reframe-model-manager.h"
#include "reframe-preferences-window.h"

G_DEFINE_FINAL_TYPE (ReframeCompanionPreferences,
                     reframe_companion_preferences,
                     ADW_TYPE_PREFERENCES_PAGE)

/* The companion-provider key's values, in the order of the Service Kind row. */
static const char *provider_kinds[] = { "ollama", "openai" };

/* Helpers */

GCancellable *
_reframe_renew_cancellable (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
  return *cancellable;
}

static void
cancel_all (ReframeCompanionPreferences *self)
{
  if (self->locality_cancellable != NULL)
    g_cancellable_cancel (self->locality_cancellable);
  if (self->models_cancellable != NULL)
    g_cancellable_cancel (self->models_cancellable);
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  if (self->key_cancellable != NULL)
    g_cancellable_cancel (self->key_cancellable);
  if (self->lookup_cancellable != NULL)
    g_cancellable_cancel (self->lookup_cancellable);
}

/* Returns: (transfer full) (nullable): the address in the row, normalised, if valid */
static char *
dup_typed_endpoint (ReframeCompanionPreferences *self,
                    GError                     **error)
{
  return reframe_endpoint_normalise (gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row)),
                                     error);
}

void
_reframe_companion_preferences_set_editable_text (ReframeCompanionPreferences *self,
                                                  gpointer                     editable,
                                                  const char                  *text)
{
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (editable), text != NULL ? text : "");
  self->updating = FALSE;
}

/* Service kind */

static gboolean
kind_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *kind = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, g_str_equal (kind, provider_kinds[1]) ? 1 : 0);
  return TRUE;
}

static GVariant *
selected_to_kind (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  return g_variant_new_string (
      provider_kinds[selected < G_N_ELEMENTS (provider_kinds) ? selected : 0]);
}

/* Context size: a short list rather than a spin button, which would take the wheel of
 * a person scrolling the page. */
static const guint context_sizes[] = { 2048, 4096, 8192, 16384, 32768, 65536, 131072 };

static gboolean
context_to_selected (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  guint tokens = g_variant_get_uint32 (variant);
  guint selected = 0;

  /* A size set elsewhere shows as the largest offered that is not bigger. */
  for (guint i = 0; i < G_N_ELEMENTS (context_sizes); i++)
    if (context_sizes[i] <= tokens)
      selected = i;
  g_value_set_uint (value, selected);
  return TRUE;
}

static GVariant *
selected_to_context (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  return g_variant_new_uint32 (
      context_sizes[selected < G_N_ELEMENTS (context_sizes) ? selected : 1]);
}

static void
fill_context_sizes (ReframeCompanionPreferences *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (context_sizes); i++)
    {
      /* Translators: a model's context size, e.g. "4096 tokens" */
      g_autofree char *label =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u token", "%u tokens", context_sizes[i]),
                           context_sizes[i]);

      gtk_string_list_append (self->context_list, label);
    }
}

/* Locality (ai-safety.md R5) */

static void
show_locality (ReframeCompanionPreferences *self,
               const char                  *endpoint,
               ReframeEndpointLocality      locality)
{
  g_autofree char *host = reframe_endpoint_dup_host_label (endpoint);
  g_autofree char *subtitle = NULL;
  gboolean         https = reframe_endpoint_is_https (endpoint);
  const char      *lock_label = https ? _ ("Encrypted connection") : _ ("Not encrypted");

  if (locality == REFRAME_ENDPOINT_LOCALITY_LOCAL)
    subtitle = g_strdup (_ ("On this computer"));
  else if (locality == REFRAME_ENDPOINT_LOCALITY_REMOTE && https)
    /* Translators: %s is a computer's name, e.g. "api.example.com" */
    subtitle = g_strdup_printf (_ ("Remote: %s"), host);
  else if (locality == REFRAME_ENDPOINT_LOCALITY_REMOTE)
    /* Translators: %s is a computer's name, e.g. "192.168.1.10" */
    subtitle = g_strdup_printf (
        _ ("Remote: %s. Not encrypted: others on the network can read what is sent."), host);
  else
    /* Translators: %s is a computer's name that could not be looked up */
    subtitle = g_strdup_printf (_ ("Unknown: Reframe could not find %s. Check the address."), host);

  adw_action_row_set_subtitle (self->locality_row, subtitle);
  gtk_image_set_from_icon_name (self->locality_icon,
                                locality == REFRAME_ENDPOINT_LOCALITY_LOCAL ? "computer-symbolic"
                                : locality == REFRAME_ENDPOINT_LOCALITY_REMOTE
                                    ? "network-server-symbolic"
                                    : "dialog-question-symbolic");
  gtk_image_set_from_icon_name (self->lock_icon,
                                https ? "channel-secure-symbolic" : "channel-insecure-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->lock_icon), lock_label);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self->lock_icon), GTK_ACCESSIBLE_PROPERTY_LABEL, lock_label, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->lock_icon),
                          https || locality == REFRAME_ENDPOINT_LOCALITY_REMOTE);
}

static void
locality_resolved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (ReframeCompanionPreferences) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char        *endpoint = NULL;
  ReframeEndpointLocality locality = reframe_endpoint_resolve_locality_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  endpoint = dup_typed_endpoint (self, NULL);
  if (endpoint != NULL)
    show_locality (self, endpoint, locality);
}

/* Shows where the typed address is, from its resolved addresses; a bad address shows why. */
static void
update_locality (ReframeCompanionPreferences *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *endpoint = dup_typed_endpoint (self, &error);
  g_autofree char *model = reframe_companion_config_dup_model (self->config);
  g_auto (GStrv) forwards = reframe_companion_config_dup_forwards_to_cloud (self->config);
  GCancellable *cancellable = _reframe_renew_cancellable (&self->locality_cancellable);

  gtk_widget_set_sensitive (GTK_WIDGET (self->forwards_switch), endpoint != NULL);
  if (endpoint == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_row), "error");
      adw_action_row_set_subtitle (self->locality_row, error->message);
      gtk_image_set_from_icon_name (self->locality_icon, "dialog-warning-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->lock_icon), FALSE);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
  adw_action_row_set_subtitle (self->locality_row, _ ("Checking…"));
  reframe_endpoint_resolve_locality_async (endpoint,
                                           model,
                                           (const char *const *) forwards,
                                           cancellable,
                                           locality_resolved_cb,
                                           g_object_ref (self));
}

static void
forwards_toggled_cb (ReframeCompanionPreferences *self)
{
  g_autofree char *endpoint = NULL;

  if (self->updating)
    return;
  endpoint = dup_typed_endpoint (self, NULL);
  if (endpoint != NULL)
    reframe_companion_config_set_forwards_to_cloud (
        self->config, endpoint, gtk_switch_get_active (self->forwards_switch));
}

static void
update_forwards_switch (ReframeCompanionPreferences *self)
{
  g_autofree char *endpoint = dup_typed_endpoint (self, NULL);

  self->updating = TRUE;
  gtk_switch_set_active (
      self->forwards_switch,
      endpoint != NULL && reframe_companion_config_get_forwards_to_cloud (self->config, endpoint));
  self->updating = FALSE;
}

/* API key */

static void
show_stored_key (ReframeCompanionPreferences *self,
                 const char                  *key)
{
  g_free (self->stored_key);
  self->stored_key = g_strdup (key);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_key_button), key != NULL);
}

static void
key_loaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (ReframeCompanionPreferences) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = reframe_api_keys_lookup_finish (result, &error);

  /* Without a keyring the row simply stays empty; saving a key says why it can't. */
  if (error != NULL)
    return;
  _reframe_companion_preferences_set_editable_text (self, self->key_row, key);
  show_stored_key (self, key);
  /* A service that wants the key lists its models only with it. */
  if (key != NULL)
    _reframe_companion_preferences_update_models_group (self);
}

/* The key row always shows the key of the saved endpoint: it is emptied first, so a key
 * can never be tested against, or saved for, another service than its own. */
static void
load_key (ReframeCompanionPreferences *self)
{
  g_autofree char *stored = g_settings_get_string (self->settings, "companion-endpoint");

  _reframe_renew_cancellable (&self->lookup_cancellable);
  _reframe_companion_preferences_set_editable_text (self, self->key_row, "");
  show_stored_key (self, NULL);
  g_free (self->key_endpoint);
  self->key_endpoint = reframe_endpoint_normalise (stored, NULL);
  if (self->key_endpoint == NULL)
    return;
  reframe_api_keys_lookup_async (
      self->key_endpoint, self->lookup_cancellable, key_loaded_cb, g_object_ref (self));
}

/* One save or removal of a key; @key is %NULL for a removal. */
typedef struct
{
  ReframeCompanionPreferences *self;
  char                        *endpoint;
  char                        *key;
} KeySave;

static void
key_save_free (KeySave *save)
{
  g_object_unref (save->self);
  g_free (save->endpoint);
  g_free (save->key);
  g_free (save);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KeySave, key_save_free)

static void
key_saved_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (KeySave) save = user_data;
  ReframeCompanionPreferences *self = save->self;
  g_autoptr (GError) error = NULL;
  gboolean done = save->key == NULL ? reframe_api_keys_clear_finish (result, &error)
                                    : reframe_api_keys_store_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!done)
    {
      reframe_preferences_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  /* The row may show another endpoint by now: its state is not this key's. */
  if (g_strcmp0 (save->endpoint, self->key_endpoint) != 0)
    return;
  show_stored_key (self, save->key);
  if (save->key != NULL)
    {
      reframe_preferences_window_toast_for (GTK_WIDGET (self),
                                            _ ("Saved the API key in the keyring"));
      return;
    }
  _reframe_companion_preferences_set_editable_text (self, self->key_row, "");
  reframe_preferences_window_toast_for (GTK_WIDGET (self),
                                        _ ("Removed the API key from the keyring"));
}

static KeySave *
key_save_new (ReframeCompanionPreferences *self,
              const char                  *key)
{
  KeySave *save = g_new0 (KeySave, 1);

  save->self = g_object_ref (self);
  save->endpoint = g_strdup (self->key_endpoint);
  save->key = g_strdup (key);
  /* The lookup still running is older than what is saved now: it must not show its answer. */
  g_cancellable_cancel (self->lookup_cancellable);
  return save;
}

/* Saves the typed key when it differs from the stored one; an emptied row removes it. */
static void
save_key (ReframeCompanionPreferences *self)
{
  g_autofree char *key =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  if (self->key_endpoint == NULL ||
      g_strcmp0 (key, self->stored_key != NULL ? self->stored_key : "") == 0)
    return;
  if (*key == '\0')
    reframe_api_keys_clear_async (
        self->key_endpoint, self->key_cancellable, key_saved_cb, key_save_new (self, NULL));
  else
    reframe_api_keys_store_async (
        self->key_endpoint, key, self->key_cancellable, key_saved_cb, key_save_new (self, key));
}

/* A key typed but not applied when the window closes is kept too; emptying the row
 * removes a key only through Apply or Remove Key, never by closing. */
static void
save_key_on_close (ReframeCompanionPreferences *self)
{
  g_autofree char *key =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  if (self->key_endpoint == NULL || *key == '\0' || g_strcmp0 (key, self->stored_key) == 0)
    return;
  reframe_api_keys_store_async (self->key_endpoint, key, NULL, NULL, NULL);
  g_free (self->stored_key);
  self->stored_key = g_steal_pointer (&key);
}

/* What the person types wins over a lookup that answers later. */
static void
key_changed_cb (ReframeCompanionPreferences *self)
{
  if (!self->updating && self->lookup_cancellable != NULL)
    g_cancellable_cancel (self->lookup_cancellable);
}

static void
key_applied_cb (ReframeCompanionPreferences *self)
{
  save_key (self);
}

static void
key_focus_left_cb (ReframeCompanionPreferences *self)
{
  save_key (self);
}

static void
remove_key_clicked_cb (ReframeCompanionPreferences *self)
{
  if (self->key_endpoint != NULL)
    reframe_api_keys_clear_async (
        self->key_endpoint, self->key_cancellable, key_saved_cb, key_save_new (self, NULL));
}

/* Returns: (transfer full) (nullable): the key in the key row, which is always the saved
 * endpoint's own (see load_key()) */
char *
_reframe_companion_preferences_dup_typed_key (ReframeCompanionPreferences *self)
{
  g_autofree char *key =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  return *key != '\0' ? g_steal_pointer (&key) : NULL;
}

/* The connection test */

static void
show_test_result (ReframeCompanionPreferences *self,
                  const char                  *icon_name,
                  const char                  *text)
{
  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
  gtk_image_set_from_icon_name (self->test_icon, icon_name);
  adw_action_row_set_subtitle (self->test_row, text);
}

static ReframeModelManager *
new_model_manager (ReframeCompanionPreferences *self)
{
  g_autofree char *endpoint = reframe_companion_config_dup_endpoint (self->config);
  g_autofree char *key = _reframe_companion_preferences_dup_typed_key (self);

  return reframe_model_manager_new (
      reframe_companion_config_get_provider_kind (self->config), endpoint, key);
}

static void
service_tested_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (ReframeCompanionPreferences) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeModelServiceInfo) info =
      reframe_model_manager_test_finish (REFRAME_MODEL_MANAGER (object), result, &error);
  g_autofree char *summary = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info == NULL)
    {
      show_test_result (self, "dialog-error-symbolic", error->message);
      return;
    }
  summary = reframe_model_service_info_dup_summary (
      info, reframe_model_manager_get_endpoint (REFRAME_MODEL_MANAGER (object)));
  show_test_result (self, "emblem-ok-symbolic", summary);
}

/* Finds out what answers at the saved address: Ollama and its version, or an
 * OpenAI-compatible service, and how many models it has. */
static void
test_service (ReframeCompanionPreferences *self)
{
  g_autoptr (ReframeModelManager) manager = new_model_manager (self);

  reframe_model_manager_test_async (manager,
                                    _reframe_renew_cancellable (&self->test_cancellable),
                                    service_tested_cb,
                                    g_object_ref (self));
}

/* Endpoint */

/* Saves the typed address when it is valid; the settings' changed signal does the rest. */
static void
save_endpoint (ReframeCompanionPreferences *self)
{
  g_autofree char *endpoint = dup_typed_endpoint (self, NULL);
  g_autofree char *stored = g_settings_get_string (self->settings, "companion-endpoint");

  g_clear_handle_id (&self->endpoint_save_id, g_source_remove);
  if (endpoint != NULL && !g_str_equal (endpoint, stored))
    g_settings_set_string (self->settings, "companion-endpoint", endpoint);
}

static gboolean
endpoint_save_cb (gpointer user_data)
{
  ReframeCompanionPreferences *self = user_data;

  self->endpoint_save_id = 0;
  save_endpoint (self);
  return G_SOURCE_REMOVE;
}

static void
endpoint_changed_cb (ReframeCompanionPreferences *self)
{
  if (self->updating)
    return;
  update_locality (self);
  update_forwards_switch (self);
  g_clear_handle_id (&self->endpoint_save_id, g_source_remove);
  self->endpoint_save_id = g_timeout_add (SAVE_DELAY_MS, endpoint_save_cb, self);
}

static void
endpoint_activated_cb (ReframeCompanionPreferences *self)
{
  save_endpoint (self);
}

static void
test_clicked_cb (ReframeCompanionPreferences *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *endpoint = dup_typed_endpoint (self, &error);

  if (endpoint == NULL)
    {
      show_test_result (self, "dialog-error-symbolic", error->message);
      return;
    }
  /* Test what is shown: saving first makes the settings, the key row and the provider
   * all follow the typed address before the request starts. */
  save_endpoint (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_start (self->test_spinner);
  gtk_image_set_from_icon_name (self->test_icon, "network-workgroup-symbolic");
  adw_action_row_set_subtitle (self->test_row, _ ("Testing…"));
  _reframe_companion_preferences_refresh_models (self);
  _reframe_companion_preferences_update_models_group (self);
  test_service (self);
}

/* The key, the models and the test result belong to one service: another one starts afresh. */
static void
config_changed_cb (ReframeCompanionPreferences *self,
                   const char                  *key)
{
  if (g_str_equal (key, "companion-endpoint") || g_str_equal (key, "companion-provider"))
    {
      if (g_str_equal (key, "companion-endpoint"))
        load_key (self);
      show_test_result (self, "network-workgroup-symbolic", _ ("Not tested yet"));
      _reframe_companion_preferences_refresh_models (self);
      _reframe_companion_preferences_update_models_group (self);
    }
  if (g_str_equal (key, "companion-model") || g_str_equal (key, "companion-forwards-to-cloud"))
    update_locality (self);
}

/* Crisis help */

/* The first item is "Automatic", stored as "": the country of the language settings. */
static void
country_selected_cb (ReframeCompanionPreferences *self)
{
  guint selected = adw_combo_row_get_selected (self->country_row);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION ||
      selected >= self->country_codes->len)
    return;
  g_settings_set_string (
      self->settings, "crisis-country", g_ptr_array_index (self->country_codes, selected));
}

static void
fill_countries (ReframeCompanionPreferences *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCrisisLines) lines = reframe_crisis_lines_new (&error);
  g_autoptr (GPtrArray) countries = NULL;
  g_autofree char *current = g_settings_get_string (self->settings, "crisis-country");
  guint            selected = 0;

  self->updating = TRUE;
  gtk_string_list_append (self->country_list, _ ("Automatic"));
  g_ptr_array_add (self->country_codes, g_strdup (""));
  countries = lines != NULL ? reframe_crisis_lines_get_countries (lines) : g_ptr_array_new ();
  for (guint i = 0; i < countries->len; i++)
    {
      const ReframeCrisisCountry *country = g_ptr_array_index (countries, i);

      if (g_ascii_strcasecmp (country->code, current) == 0)
        selected = self->country_codes->len;
      gtk_string_list_append (self->country_list, country->name);
      g_ptr_array_add (self->country_codes, g_strdup (country->code));
    }
  /* A code without shipped lines (set elsewhere) stays shown as it is. */
  if (*current != '\0' && selected == 0)
    {
      selected = self->country_codes->len;
      gtk_string_list_append (self->country_list, current);
      g_ptr_array_add (self->country_codes, g_strdup (current));
    }
  adw_combo_row_set_selected (self->country_row, selected);
  self->updating = FALSE;
}

/* GObject */

/* Never lose a word: what is typed but not yet saved is saved when the page leaves its
 * window, and what is still running stops (the callbacks' references would otherwise
 * keep the page alive until they finish). */
static void
save_and_stop (ReframeCompanionPreferences *self)
{
  if (self->config != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->config, self);
      if (self->endpoint_save_id != 0)
        save_endpoint (self);
      if (self->prompt_save_id != 0)
        _reframe_companion_preferences_save_prompt (self);
      save_key_on_close (self);
    }
  cancel_all (self);
}

static void
reframe_companion_preferences_root (GtkWidget *widget)
{
  ReframeCompanionPreferences *self = REFRAME_COMPANION_PREFERENCES (widget);

  GTK_WIDGET_CLASS (reframe_companion_preferences_parent_class)->root (widget);

  g_signal_connect_object (
      self->config, "changed", G_CALLBACK (config_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
reframe_companion_preferences_unroot (GtkWidget *widget)
{
  save_and_stop (REFRAME_COMPANION_PREFERENCES (widget));

  GTK_WIDGET_CLASS (reframe_companion_preferences_parent_class)->unroot (widget);
}

static void
reframe_companion_preferences_dispose (GObject *object)
{
  ReframeCompanionPreferences *self = REFRAME_COMPANION_PREFERENCES (object);

  save_and_stop (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_COMPANION_PREFERENCES);
  g_clear_object (&self->locality_cancellable);
  g_clear_object (&self->models_cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_pointer (&self->models_service, g_free);
  g_clear_object (&self->key_cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->key_endpoint, g_free);
  g_clear_pointer (&self->stored_key, g_free);
  g_clear_pointer (&self->country_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (reframe_companion_preferences_parent_class)->dispose (object);
}

static void
reframe_companion_preferences_class_init (ReframeCompanionPreferencesClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_companion_preferences_dispose;
  widget_class->root = reframe_companion_preferences_root;
  widget_class->unroot = reframe_companion_preferences_unroot;

  g_type_ensure (REFRAME_TYPE_MODELS_GROUP);
  gtk_widget_class_set_template_from_resource (
      widget_class, RESOURCE_PATH "/ui/reframe-companion-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, kind_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, locality_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, locality_icon);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, lock_icon);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, forwards_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, key_row);
  gtk_widget_class_bind_template_child (
      widget_class, ReframeCompanionPreferences, remove_key_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, test_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, test_icon);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, test_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, model_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, model_list);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, model_entry_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, context_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, context_list);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, models_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, prompt_view);
  gtk_widget_class_bind_template_child (
      widget_class, ReframeCompanionPreferences, reset_prompt_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, country_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeCompanionPreferences, country_list);
  gtk_widget_class_bind_template_child (
      widget_class, ReframeCompanionPreferences, therapist_name_row);
  gtk_widget_class_bind_template_child (
      widget_class, ReframeCompanionPreferences, therapist_phone_row);
  gtk_widget_class_bind_template_callback (widget_class, endpoint_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, endpoint_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, forwards_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_key_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, country_selected_cb);
  _reframe_companion_preferences_class_init_models (widget_class);
  _reframe_companion_preferences_class_init_instructions (widget_class);
}

static void
reframe_companion_preferences_init (ReframeCompanionPreferences *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_autofree char    *endpoint = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (BASE_ID);
  self->config = reframe_companion_config_new (self->settings);

  g_settings_bind_with_mapping (self->settings,
                                "companion-provider",
                                self->kind_row,
                                "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                kind_to_selected,
                                selected_to_kind,
                                NULL,
                                NULL);
  fill_context_sizes (self);
  g_settings_bind_with_mapping (self->settings,
                                "companion-context-tokens",
                                self->context_row,
                                "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                context_to_selected,
                                selected_to_context,
                                NULL,
                                NULL);
  g_settings_bind (
      self->settings, "therapist-name", self->therapist_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings,
                   "therapist-phone",
                   self->therapist_phone_row,
                   "text",
                   G_SETTINGS_BIND_DEFAULT);
  self->country_codes = g_ptr_array_new_with_free_func (g_free);
  fill_countries (self);

  endpoint = g_settings_get_string (self->settings, "companion-endpoint");
  _reframe_companion_preferences_set_editable_text (self, self->endpoint_row, endpoint);
  update_locality (self);
  update_forwards_switch (self);
  _reframe_companion_preferences_init_instructions (self);

  g_signal_connect_object (focus, "leave", G_CALLBACK (key_focus_left_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->key_row), focus);

  load_key (self);
  _reframe_companion_preferences_refresh_models (self);
  _reframe_companion_preferences_update_models_group (self);
}

/* Returns: (transfer floating): the Companion page, following the application's settings */
GtkWidget *
reframe_companion_preferences_new (void)
{
  return g_object_new (REFRAME_TYPE_COMPANION_PREFERENCES, NULL);
}
