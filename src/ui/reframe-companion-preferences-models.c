/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-companion-preferences-models.c: the Companion page's Model row, filled with the
 * models the saved service lists (typed in when it lists none), and the Models group. */

#define G_LOG_DOMAIN "ReframeCompanionPreferences"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-companion-preferences-private.h"

/* The Model row */

/* One list_models call, for the Model row. */
typedef struct
{
  ReframeCompanionPreferences *self;
} ModelsRequest;

static void
models_request_free (ModelsRequest *request)
{
  g_object_unref (request->self);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ModelsRequest, models_request_free)

static void
show_models (ReframeCompanionPreferences *self,
             char                       **models)
{
  g_autofree char *current = reframe_companion_config_dup_model (self->config);
  guint            selected = 0;
  gboolean         listed = *current == '\0';

  for (guint i = 0; models[i] != NULL && !listed; i++)
    {
      if (g_str_equal (models[i], current))
        listed = TRUE;
    }

  self->updating = TRUE;
  gtk_string_list_splice (
      self->model_list, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model_list)), NULL);
  /* A model the service no longer lists stays chosen until the person picks another. */
  if (!listed)
    gtk_string_list_append (self->model_list, current);
  for (guint i = 0; models[i] != NULL; i++)
    {
      if (*current != '\0' && g_str_equal (models[i], current))
        selected = i + (listed ? 0 : 1);
      gtk_string_list_append (self->model_list, models[i]);
    }
  adw_combo_row_set_selected (self->model_row, selected);
  self->updating = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->model_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->model_entry_row), FALSE);
}

/* Without a list the model is typed in; the row keeps what is saved. */
static void
show_model_entry (ReframeCompanionPreferences *self)
{
  g_autofree char *current = reframe_companion_config_dup_model (self->config);

  _reframe_companion_preferences_set_editable_text (self, self->model_entry_row, current);
  gtk_widget_set_visible (GTK_WIDGET (self->model_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->model_entry_row), TRUE);
}

static void
models_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (ModelsRequest) request = user_data;
  ReframeCompanionPreferences *self = request->self;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) models =
      reframe_model_provider_list_models_finish (REFRAME_MODEL_PROVIDER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (models == NULL)
    {
      show_model_entry (self);
      return;
    }
  show_models (self, models);
}

/* The Models group follows the saved service; the same service is only listed again,
 * so a download in progress goes on. */
void
_reframe_companion_preferences_update_models_group (ReframeCompanionPreferences *self)
{
  g_autofree char    *endpoint = reframe_companion_config_dup_endpoint (self->config);
  g_autofree char    *key = _reframe_companion_preferences_dup_typed_key (self);
  ReframeProviderKind kind = reframe_companion_config_get_provider_kind (self->config);
  g_autofree char    *service = g_strdup_printf ("%d %s %s", kind, endpoint, key != NULL ? key : "");

  if (g_strcmp0 (service, self->models_service) == 0)
    {
      reframe_models_group_refresh (self->models_group);
      return;
    }
  g_free (self->models_service);
  self->models_service = g_steal_pointer (&service);
  reframe_models_group_set_service (self->models_group, kind, endpoint, key);
}

/* Asks the saved service for its models, with the key shown in the key row (always the
 * saved endpoint's own, see load_key()). */
void
_reframe_companion_preferences_refresh_models (ReframeCompanionPreferences *self)
{
  g_autofree char *key =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  g_autoptr (ReframeModelProvider) provider =
      reframe_companion_config_create_provider (self->config, *key != '\0' ? key : NULL);
  ModelsRequest *request = g_new0 (ModelsRequest, 1);

  request->self = g_object_ref (self);
  reframe_model_provider_list_models_async (
      provider, _reframe_renew_cancellable (&self->models_cancellable), models_listed_cb, request);
}

static void
refresh_clicked_cb (ReframeCompanionPreferences *self)
{
  _reframe_companion_preferences_refresh_models (self);
  _reframe_companion_preferences_update_models_group (self);
}

/* A model was downloaded or deleted: the Model row offers what there is now. */
static void
models_changed_cb (ReframeCompanionPreferences *self)
{
  _reframe_companion_preferences_refresh_models (self);
}

static void
model_selected_cb (ReframeCompanionPreferences *self)
{
  GtkStringObject *item;

  if (self->updating)
    return;
  item = adw_combo_row_get_selected_item (self->model_row);
  if (item != NULL)
    g_settings_set_string (self->settings, "companion-model", gtk_string_object_get_string (item));
}

static void
model_entry_changed_cb (ReframeCompanionPreferences *self)
{
  g_autofree char *model = NULL;

  if (self->updating)
    return;
  model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_entry_row))));
  g_settings_set_string (self->settings, "companion-model", model);
}

void
_reframe_companion_preferences_class_init_models (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, model_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, model_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, models_changed_cb);
}
