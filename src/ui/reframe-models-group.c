/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-models-group.c: the Models group of the Companion page: installed models, download,
 * delete.
 *
 * For Ollama the group lists the models it has, with their size and family, deletes one
 * after asking, and downloads another (a short list of small models, or any name) with
 * its progress and a Cancel button. An OpenAI-compatible service only lists what it
 * offers: it manages its models itself.
 */

#define G_LOG_DOMAIN "ReframeModelsGroup"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reframe-model-manager.h"
#include "reframe-models-group.h"
#include "reframe-preferences-window.h"

struct _ReframeModelsGroup
{
  AdwPreferencesGroup parent_instance;

  /* Template widgets */
  GtkButton      *download_button;
  AdwActionRow   *progress_row;
  GtkProgressBar *progress_bar;
  GtkButton      *cancel_button;
  AdwActionRow   *status_row;
  GtkImage       *status_icon;

  /* Owned */
  ReframeModelManager *manager;
  GCancellable        *list_cancellable;
  GCancellable        *pull_cancellable;
  GCancellable        *delete_cancellable;
  GPtrArray           *model_rows; /* of AdwActionRow, in the group */
};

G_DEFINE_FINAL_TYPE (ReframeModelsGroup, reframe_models_group, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  SIGNAL_MODELS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The widgets of one "Download a Model" dialog. */
typedef struct
{
  ReframeModelsGroup *self;
  GPtrArray          *checks; /* of GtkCheckButton: the suggestions, then the entry's */
  AdwEntryRow        *entry_row;
} DownloadChoice;

/* Helpers */

static GCancellable *
restart_cancellable (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
  return *cancellable;
}

static void
show_status (ReframeModelsGroup *self,
             const char         *icon_name,
             const char         *title,
             const char         *subtitle)
{
  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  adw_action_row_set_subtitle (self->status_row, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), TRUE);
}

static void
hide_status (ReframeModelsGroup *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), FALSE);
}

static void
clear_model_rows (ReframeModelsGroup *self)
{
  for (guint i = 0; i < self->model_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self),
                                  g_ptr_array_index (self->model_rows, i));
  g_ptr_array_set_size (self->model_rows, 0);
}

static GtkWindow *
get_window (ReframeModelsGroup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Deleting */

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (ReframeModelsGroup) self = user_data;
  g_autoptr (GError) error = NULL;
  const char      *model = g_object_get_data (G_OBJECT (self), "deleting");
  g_autofree char *done = NULL;

  if (!reframe_model_manager_delete_finish (REFRAME_MODEL_MANAGER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        reframe_preferences_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  /* Translators: %s is a model's name, e.g. "llama3.2:3b" */
  done = g_strdup_printf (_ ("Deleted %s"), model);
  reframe_preferences_window_toast_for (GTK_WIDGET (self), done);
  reframe_models_group_refresh (self);
  g_signal_emit (self, signals[SIGNAL_MODELS_CHANGED], 0);
}

static void
delete_response_cb (AdwMessageDialog   *dialog,
                    const char         *response,
                    ReframeModelsGroup *self)
{
  const char *model = g_object_get_data (G_OBJECT (dialog), "model");

  if (!g_str_equal (response, "delete") || self->manager == NULL)
    return;
  /* The name, for the toast. */
  g_object_set_data_full (G_OBJECT (self), "deleting", g_strdup (model), g_free);
  reframe_model_manager_delete_async (self->manager,
                                      model,
                                      restart_cancellable (&self->delete_cancellable),
                                      deleted_cb,
                                      g_object_ref (self));
}

static void
delete_clicked_cb (GtkButton          *button,
                   ReframeModelsGroup *self)
{
  const char      *model = g_object_get_data (G_OBJECT (button), "model");
  const char      *size = g_object_get_data (G_OBJECT (button), "description");
  g_autofree char *heading = g_strdup_printf (_ ("Delete “%s”?"), model);
  g_autofree char *body = NULL;
  GtkWidget       *dialog;

  if (size != NULL && *size != '\0')
    /* Translators: %s is the model's size and family, e.g. "2.0 GB · llama" */
    body = g_strdup_printf (_ ("Ollama removes it from the disk (%s). The companion cannot use it "
                               "until you download it again."),
                            size);
  else
    body = g_strdup (_ ("Ollama removes it from the disk. The companion cannot use it until you "
                        "download it again."));
  dialog = adw_message_dialog_new (get_window (self), heading, body);
  adw_message_dialog_add_responses (
      ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "delete", _ ("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "model", g_strdup (model), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Listing */

static GtkWidget *
new_model_row (ReframeModelsGroup     *self,
               const ReframeModelInfo *info)
{
  GtkWidget       *row = adw_action_row_new ();
  g_autofree char *description = reframe_model_info_dup_description (info);
  g_autofree char *delete_label = NULL;
  GtkWidget       *button;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
  if (!reframe_model_manager_can_download (self->manager))
    return row;

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: %s is a model's name; the label of its Delete button for screen readers */
  delete_label = g_strdup_printf (_ ("Delete %s"), info->name);
  gtk_widget_set_tooltip_text (button, delete_label);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label, -1);
  g_object_set_data_full (G_OBJECT (button), "model", g_strdup (info->name), g_free);
  g_object_set_data_full (G_OBJECT (button), "description", g_steal_pointer (&description), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_models (ReframeModelsGroup *self,
             GPtrArray          *models)
{
  clear_model_rows (self);
  hide_status (self);
  for (guint i = 0; i < models->len; i++)
    {
      GtkWidget *row = new_model_row (self, g_ptr_array_index (models, i));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->model_rows, row);
    }
  if (models->len == 0 && reframe_model_manager_can_download (self->manager))
    show_status (
        self,
        "dialog-information-symbolic",
        _ ("No Models Yet"),
        _ ("Download a model for the companion to use. A small one runs on most laptops."));
  else if (models->len == 0)
    show_status (self,
                 "dialog-information-symbolic",
                 _ ("No Models"),
                 _ ("The service offers no models. Add one in the service itself."));
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (ReframeModelsGroup) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models =
      reframe_model_manager_list_finish (REFRAME_MODEL_MANAGER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      REFRAME_MODEL_MANAGER (object) != self->manager)
    return;
  if (models == NULL)
    {
      clear_model_rows (self);
      show_status (self, "dialog-warning-symbolic", _ ("Models Not Available"), error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->download_button), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->download_button),
                          reframe_model_manager_can_download (self->manager));
  show_models (self, models);
}

/* Downloading */

static void
pull_progress_cb (const ReframeModelPullProgress *progress,
                  gpointer                        user_data)
{
  ReframeModelsGroup *self = user_data;
  g_autofree char    *text = reframe_model_pull_progress_dup_text (progress);

  adw_action_row_set_subtitle (self->progress_row, text);
  if (progress->fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, progress->fraction);
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

static void
end_pull (ReframeModelsGroup *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->download_button), TRUE);
}

static void
pulled_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (ReframeModelsGroup) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean pulled =
      reframe_model_manager_pull_finish (REFRAME_MODEL_MANAGER (object), result, &error);
  g_autofree char *done = NULL;

  if (REFRAME_MODEL_MANAGER (object) != self->manager)
    return;
  end_pull (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!pulled)
    {
      show_status (self, "dialog-error-symbolic", _ ("Download Failed"), error->message);
      return;
    }
  /* Translators: %s is a model's name, e.g. "llama3.2:3b" */
  done = g_strdup_printf (_ ("Downloaded %s"),
                          (const char *) g_object_get_data (G_OBJECT (self), "pulling"));
  reframe_preferences_window_toast_for (GTK_WIDGET (self), done);
  reframe_models_group_refresh (self);
  g_signal_emit (self, signals[SIGNAL_MODELS_CHANGED], 0);
}

static void
start_pull (ReframeModelsGroup *self,
            const char         *model)
{
  g_autofree char *title = NULL;

  if (self->manager == NULL)
    return;
  /* Translators: %s is a model's name, e.g. "llama3.2:3b" */
  title = g_strdup_printf (_ ("Downloading %s"), model);
  g_object_set_data_full (G_OBJECT (self), "pulling", g_strdup (model), g_free);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->progress_row), title);
  adw_action_row_set_subtitle (self->progress_row, _ ("Starting…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_row), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->download_button), FALSE);
  hide_status (self);
  reframe_model_manager_pull_async (self->manager,
                                    model,
                                    pull_progress_cb,
                                    self,
                                    NULL,
                                    restart_cancellable (&self->pull_cancellable),
                                    pulled_cb,
                                    g_object_ref (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
}

static void
cancel_clicked_cb (ReframeModelsGroup *self)
{
  if (self->pull_cancellable != NULL)
    g_cancellable_cancel (self->pull_cancellable);
}

/* Returns: (transfer full) (nullable): the model the dialog has chosen, if any */
static char *
dup_chosen_model (DownloadChoice *choice)
{
  guint                        n_suggested;
  const ReframeSuggestedModel *suggested =
      reframe_model_manager_get_suggested_models (&n_suggested);
  g_autofree char *typed = NULL;

  for (guint i = 0; i < n_suggested; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (choice->checks, i)))
      return g_strdup (suggested[i].name);
  typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (choice->entry_row))));
  if (*typed == '\0' || strchr (typed, ' ') != NULL || !g_utf8_validate (typed, -1, NULL))
    return NULL;
  return g_steal_pointer (&typed);
}

static void
download_choice_free (DownloadChoice *choice)
{
  g_object_unref (choice->self);
  g_ptr_array_unref (choice->checks);
  g_free (choice);
}

static void
update_download_response (AdwMessageDialog *dialog)
{
  DownloadChoice  *choice = g_object_get_data (G_OBJECT (dialog), "choice");
  g_autofree char *model = dup_chosen_model (choice);

  adw_message_dialog_set_response_enabled (dialog, "download", model != NULL);
}

static void
model_name_changed_cb (AdwEntryRow      *entry_row,
                       AdwMessageDialog *dialog)
{
  DownloadChoice *choice = g_object_get_data (G_OBJECT (dialog), "choice");

  /* Typing a name chooses it. */
  if (*gtk_editable_get_text (GTK_EDITABLE (entry_row)) != '\0')
    gtk_check_button_set_active (g_ptr_array_index (choice->checks, choice->checks->len - 1), TRUE);
  update_download_response (dialog);
}

static void
download_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  DownloadChoice  *choice = g_object_get_data (G_OBJECT (dialog), "choice");
  g_autofree char *model = dup_chosen_model (choice);

  if (g_str_equal (response, "download") && model != NULL)
    start_pull (choice->self, model);
}

static GtkWidget *
new_choice_check (DownloadChoice *choice,
                  const char     *label)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (choice->checks->len > 0)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), g_ptr_array_index (choice->checks, 0));
  g_ptr_array_add (choice->checks, check);
  return check;
}

static GtkWidget *
new_choice_list (DownloadChoice *choice)
{
  GtkWidget                   *list = gtk_list_box_new ();
  guint                        n_suggested;
  const ReframeSuggestedModel *suggested =
      reframe_model_manager_get_suggested_models (&n_suggested);
  GtkWidget *check;

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < n_suggested; i++)
    {
      GtkWidget       *row = adw_action_row_new ();
      const char      *size_class = g_dgettext (GETTEXT_PACKAGE, suggested[i].size_class);
      g_autofree char *label = g_strdup_printf ("%s, %s", suggested[i].name, size_class);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), suggested[i].name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size_class);
      check = new_choice_check (choice, label);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  choice->entry_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (choice->entry_row), "model-name-row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (choice->entry_row),
                                 _ ("Another Model by Name"));
  adw_entry_row_add_prefix (choice->entry_row,
                            new_choice_check (choice, _ ("Another model by name")));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (choice->entry_row));
  gtk_check_button_set_active (g_ptr_array_index (choice->checks, 0), TRUE);
  return list;
}

static void
download_clicked_cb (ReframeModelsGroup *self)
{
  DownloadChoice *choice = g_new0 (DownloadChoice, 1);
  GtkWidget      *dialog = adw_message_dialog_new (
      get_window (self),
      _ ("Download a Model"),
      _ ("Ollama downloads it from its library to the computer it runs on. Small models run on "
              "most laptops; larger ones need more memory and answer more slowly."));

  choice->self = g_object_ref (self);
  choice->checks = g_ptr_array_new ();
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), new_choice_list (choice));
  g_object_set_data_full (
      G_OBJECT (dialog), "choice", choice, (GDestroyNotify) download_choice_free);
  for (guint i = 0; i < choice->checks->len; i++)
    g_signal_connect_object (g_ptr_array_index (choice->checks, i),
                             "toggled",
                             G_CALLBACK (update_download_response),
                             dialog,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (
      choice->entry_row, "changed", G_CALLBACK (model_name_changed_cb), dialog, 0);
  adw_message_dialog_add_responses (
      ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "download", _ ("_Download"), NULL);
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "download", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "download");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (download_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
reframe_models_group_dispose (GObject *object)
{
  ReframeModelsGroup *self = REFRAME_MODELS_GROUP (object);

  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  if (self->pull_cancellable != NULL)
    g_cancellable_cancel (self->pull_cancellable);
  if (self->delete_cancellable != NULL)
    g_cancellable_cancel (self->delete_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_MODELS_GROUP);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->pull_cancellable);
  g_clear_object (&self->delete_cancellable);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->model_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (reframe_models_group_parent_class)->dispose (object);
}

static void
reframe_models_group_class_init (ReframeModelsGroupClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_models_group_dispose;

  /**
   * ReframeModelsGroup::models-changed:
   *
   * A model was downloaded or deleted: the companion's model list is out of date.
   */
  signals[SIGNAL_MODELS_CHANGED] = g_signal_new ("models-changed",
                                                 G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST,
                                                 0,
                                                 NULL,
                                                 NULL,
                                                 NULL,
                                                 G_TYPE_NONE,
                                                 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-models-group.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeModelsGroup, download_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeModelsGroup, progress_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeModelsGroup, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ReframeModelsGroup, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeModelsGroup, status_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeModelsGroup, status_icon);
  gtk_widget_class_bind_template_callback (widget_class, download_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
reframe_models_group_init (ReframeModelsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->model_rows = g_ptr_array_new ();
}

/* Returns: (transfer floating): an empty group; give it a service with
 * reframe_models_group_set_service() */
GtkWidget *
reframe_models_group_new (void)
{
  return g_object_new (REFRAME_TYPE_MODELS_GROUP, NULL);
}

/**
 * reframe_models_group_set_service:
 * @endpoint: (nullable): the service's address; %NULL for none (nothing is shown)
 * @api_key: (nullable): its key
 *
 * Shows the models of that service. What was running for the previous one stops,
 * a download included (Ollama keeps what it fetched, for a next try).
 */
void
reframe_models_group_set_service (ReframeModelsGroup *self,
                                  ReframeProviderKind kind,
                                  const char         *endpoint,
                                  const char         *api_key)
{
  g_return_if_fail (REFRAME_IS_MODELS_GROUP (self));

  if (self->pull_cancellable != NULL)
    g_cancellable_cancel (self->pull_cancellable);
  if (self->delete_cancellable != NULL)
    g_cancellable_cancel (self->delete_cancellable);
  end_pull (self);
  clear_model_rows (self);
  hide_status (self);
  g_clear_object (&self->manager);
  gtk_widget_set_visible (GTK_WIDGET (self->download_button), FALSE);
  if (endpoint == NULL)
    return;
  self->manager = reframe_model_manager_new (kind, endpoint, api_key);
  adw_preferences_group_set_description (
      ADW_PREFERENCES_GROUP (self),
      kind == REFRAME_PROVIDER_KIND_OLLAMA
          ? _ ("The models Ollama has. Deleting one frees its disk space.")
          : _ ("The models this service offers. It manages them itself: add or remove them "
               "there."));
  reframe_models_group_refresh (self);
}

/* Asks the service for its models again. */
void
reframe_models_group_refresh (ReframeModelsGroup *self)
{
  g_return_if_fail (REFRAME_IS_MODELS_GROUP (self));

  if (self->manager == NULL)
    return;
  reframe_model_manager_list_async (
      self->manager, restart_cancellable (&self->list_cancellable), listed_cb, g_object_ref (self));
}
