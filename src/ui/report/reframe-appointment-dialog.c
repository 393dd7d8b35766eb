/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-appointment-dialog.c: "Prepare for My Appointment".
 *
 * Three steps in one window: choose what to include (switches per kind, entries to tick,
 * none ticked to begin with); see exactly the text that would go, and where; then the
 * companion's draft, or an empty page to write on, to edit. Use in Report keeps the text
 * with the period as confirmed and hands it to Share with Therapist; Discard closes and
 * changes nothing. The material is built off the main thread by the report builder; the
 * request is the core's (reframe-appointment-draft.c), so what the preview shows is what
 * the request carries. */

#define G_LOG_DOMAIN "ReframeAppointmentDialog"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-api-keys.h"
#include "reframe-application.h"
#include "reframe-appointment-dialog-private.h"
#include "reframe-appointment-draft.h"
#include "reframe-appointment-notes.h"
#include "reframe-companion-config.h"
#include "reframe-crisis-watch.h"
#include "reframe-format.h"
#include "reframe-request-log.h"
#include "reframe-system-prompt.h"

enum
{
  SIGNAL_USED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _ReframeAppointmentDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkSwitch       *mood_switch;
  GtkSwitch       *homework_switch;
  GtkSwitch       *scores_switch;
  GtkSwitch       *entries_switch;
  GtkWidget       *entries_group;
  GtkListBox      *entries_list;
  GtkLabel        *where_label;
  GtkTextView     *preview_view;
  GtkLabel        *error_label;
  GtkSpinner      *spinner;
  GtkWidget       *progress_label;
  GtkWidget       *stop_button;
  GtkWidget       *draft_button;
  GtkTextView     *text_view;

  /* Owned */
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  GSettings               *settings;
  ReframeCompanionConfig  *config;
  GCancellable            *cancellable;       /* the window's: entries, material, locality */
  GCancellable            *draft_cancellable; /* Stop */
  GHashTable              *ticked;            /* entry UUIDs */
  char                    *material;
  char                    *endpoint;
  char                    *model;
  ReframeModelProvider    *provider;

  GDate    from;
  GDate    to;
  gboolean remote;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (ReframeAppointmentDialog, reframe_appointment_dialog, ADW_TYPE_WINDOW)

static void
show_toast (ReframeAppointmentDialog *self,
            const char               *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
show_page (ReframeAppointmentDialog *self,
           const char               *name)
{
  gboolean first = g_str_equal (name, "choose");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "appointment.back", !first);
  if (g_str_equal (name, "edit"))
    gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  else if (g_str_equal (name, "preview"))
    gtk_widget_grab_focus (self->draft_button);
}

static void
show_error (ReframeAppointmentDialog *self,
            const char               *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (ReframeAppointmentDialog *self,
          gboolean                  busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (self->progress_label, busy);
  gtk_widget_set_visible (self->stop_button, busy);
  gtk_widget_set_visible (self->draft_button, !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "appointment.back", !busy);
  if (busy)
    gtk_widget_grab_focus (self->stop_button);
}

static void
set_text (ReframeAppointmentDialog *self,
          const char               *text)
{
  gtk_text_buffer_set_text (
      gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "", -1);
}

static char *
dup_text (ReframeAppointmentDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter    start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static ReframeReportKinds
get_kinds (ReframeAppointmentDialog *self)
{
  ReframeReportKinds kinds = 0;

  if (gtk_switch_get_active (self->mood_switch))
    kinds |= REFRAME_REPORT_MOOD_SUMMARY;
  if (gtk_switch_get_active (self->homework_switch))
    kinds |= REFRAME_REPORT_HOMEWORK;
  if (gtk_switch_get_active (self->scores_switch))
    kinds |= REFRAME_REPORT_QUESTIONNAIRES;
  if (gtk_switch_get_active (self->entries_switch))
    kinds |= REFRAME_REPORT_ENTRIES;
  return kinds;
}

/* Returns: (transfer container): the ticked UUIDs, %NULL-terminated */
static const char **
get_ticked (ReframeAppointmentDialog *self)
{
  return (const char **) g_hash_table_get_keys_as_array (self->ticked, NULL);
}

/* The entries to tick */

static void
entry_check_toggled_cb (GtkCheckButton           *check,
                        ReframeAppointmentDialog *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (check), "uuid");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->ticked, g_strdup (uuid));
  else
    g_hash_table_remove (self->ticked, uuid);
}

static GtkWidget *
entry_row (ReframeAppointmentDialog *self,
           const ReframeReportItem  *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autoptr (GDateTime) local = g_date_time_to_local (item->when);
  g_autofree char *when = reframe_format_date_time (local);
  g_autofree char *subtitle =
      item->private_ ? g_strdup_printf (_ ("%s · Private"), when) : g_steal_pointer (&when);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  /* Named by the row (its activatable widget is labelled by the title): a label of its own would
   * say it twice. */
  g_object_set_data_full (G_OBJECT (check), "uuid", g_strdup (item->uuid), g_free);
  g_object_set_data_full (G_OBJECT (row), "uuid", g_strdup (item->uuid), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (entry_check_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  return row;
}

static void
candidates_built_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (ReframeAppointmentDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeReport) report = reframe_report_build_finish (result, &error);
  GPtrArray *candidates;
  guint      n = 0;

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }
  candidates = reframe_report_get_candidates (report);
  for (guint i = 0; i < candidates->len; i++)
    {
      const ReframeReportItem *item = g_ptr_array_index (candidates, i);

      if (item->kind != REFRAME_REPORT_ITEM_ENTRY)
        continue;
      gtk_list_box_append (self->entries_list, entry_row (self, item));
      n++;
    }
  gtk_widget_set_visible (self->entries_group, n > 0);
}

static void
load_entries (ReframeAppointmentDialog *self)
{
  g_autoptr (ReframeReportOptions) options =
      reframe_appointment_draft_make_options (&self->from, &self->to, REFRAME_REPORT_ENTRIES, NULL);

  reframe_report_build_async (self->store,
                              self->registry,
                              options,
                              self->cancellable,
                              candidates_built_cb,
                              g_object_ref (self));
}

/* Where it goes */

static void
update_where (ReframeAppointmentDialog *self)
{
  g_autofree char *host = reframe_endpoint_dup_host_label (self->endpoint);
  g_autofree char *text = NULL;

  if (self->remote)
    /* Translators: %s is the model service's host name */
    text = g_strdup_printf (_ ("With Draft, exactly this text goes to the model service at %s, not "
                               "on this computer. Nothing else from your journal is sent."),
                            host);
  else
    /* Translators: %s is the model service's address on this computer, e.g. 127.0.0.1:11434 */
    text = g_strdup_printf (_ ("With Draft, exactly this text goes to the model service on this "
                               "computer (%s). Nothing else from your journal is sent."),
                            host);
  gtk_label_set_label (self->where_label, text);
}

static void
locality_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (ReframeAppointmentDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  ReframeEndpointLocality locality = reframe_companion_config_resolve_locality_finish (
      REFRAME_COMPANION_CONFIG (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Unknown is treated as elsewhere: asked before anything goes. */
  self->remote = error != NULL || locality != REFRAME_ENDPOINT_LOCALITY_LOCAL;
  update_where (self);
}

/* The material and its preview */

static void
material_built_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (ReframeAppointmentDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeReport) report = reframe_report_build_finish (result, &error);
  g_autofree const char **ticked = NULL;
  g_autofree char        *material = NULL;

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }
  ticked = get_ticked (self);
  material = reframe_appointment_draft_render_material (report, ticked, &error);
  if (material == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  g_free (self->material);
  self->material = g_steal_pointer (&material);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->preview_view), self->material, -1);
  show_error (self, NULL);
  show_page (self, "preview");
}

static void
preview_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeAppointmentDialog *self = REFRAME_APPOINTMENT_DIALOG (widget);
  g_autofree const char   **ticked = get_ticked (self);
  g_autoptr (ReframeReportOptions) options =
      reframe_appointment_draft_make_options (&self->from, &self->to, get_kinds (self), ticked);

  reframe_report_build_async (self->store,
                              self->registry,
                              options,
                              self->cancellable,
                              material_built_cb,
                              g_object_ref (self));
}

/* Drafting */

static void
drafted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (ReframeAppointmentDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *draft =
      reframe_appointment_draft_request_finish (REFRAME_HTTP_PROVIDER (source), result, &error);
  g_autoptr (ReframeCrisisCheck) check = NULL;

  set_busy (self, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_error (self,
                  _ ("Stopped. Nothing was drafted; you can draft again or write it yourself."));
      return;
    }
  if (draft == NULL)
    {
      show_error (self, error->message);
      return;
    }
  check = reframe_crisis_watch_dup_check ();
  if (reframe_appointment_draft_check_crisis (check, draft))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "app.crisis-lines", NULL);
      show_error (self,
                  _ ("The draft is not shown: it spoke of harm. The crisis lines are open. You can "
                     "write the summary yourself."));
      return;
    }
  set_text (self, draft);
  show_page (self, "edit");
}

static void
send_request (ReframeAppointmentDialog *self)
{
  g_autofree char *prompt = reframe_companion_config_dup_system_prompt (self->config);
  g_autofree char *system =
      *prompt != '\0' ? g_steal_pointer (&prompt) : reframe_system_prompt_dup_default ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (ReframeChatRequest) request =
      reframe_appointment_draft_build_request (self->model, system, self->material, 0, &error);

  if (request == NULL)
    {
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }
  /* The draft's request goes in the request log, as every message's does. */
  if (!reframe_request_log_add (reframe_store_get_request_log (self->store),
                                now,
                                self->endpoint,
                                self->model,
                                self->remote,
                                "",
                                &error))
    g_warning ("Could not write the request log: %s", error->message);
  reframe_appointment_draft_request_async (REFRAME_HTTP_PROVIDER (self->provider),
                                           request,
                                           self->draft_cancellable,
                                           drafted_cb,
                                           g_object_ref (self));
}

static void
models_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (ReframeAppointmentDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) models =
      reframe_model_provider_list_models_finish (REFRAME_MODEL_PROVIDER (source), result, &error);
  g_autofree char *configured = reframe_companion_config_dup_model (self->config);

  if (models == NULL)
    {
      set_busy (self, FALSE);
      show_error (self,
                  g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                      ? _ ("Stopped. Nothing was sent.")
                      : error->message);
      return;
    }
  if (*configured == '\0' && models[0] == NULL)
    {
      set_busy (self, FALSE);
      show_error (self,
                  _ ("The model service has no model yet. Download one in Preferences → Companion, "
                     "or choose Back and write the summary yourself."));
      return;
    }
  g_free (self->model);
  self->model = *configured != '\0' ? g_steal_pointer (&configured) : g_strdup (models[0]);
  send_request (self);
}

static void
api_key_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (ReframeAppointmentDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = reframe_api_keys_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->draft_cancellable))
    {
      set_busy (self, FALSE);
      show_error (self, _ ("Stopped. Nothing was sent."));
      return;
    }
  /* Without a keyring the service is tried without a key; a service that needs one says so. */
  if (error != NULL)
    g_debug ("No API key: %s", error->message);
  g_clear_object (&self->provider);
  self->provider = reframe_companion_config_create_provider (self->config, key);
  reframe_model_provider_list_models_async (
      self->provider, self->draft_cancellable, models_listed_cb, g_object_ref (self));
}

static void
start_draft (ReframeAppointmentDialog *self)
{
  g_clear_object (&self->draft_cancellable);
  self->draft_cancellable = g_cancellable_new ();
  show_error (self, NULL);
  set_busy (self, TRUE);
  reframe_api_keys_lookup_async (
      self->endpoint, self->draft_cancellable, api_key_cb, g_object_ref (self));
}

static void
consent_response_cb (AdwMessageDialog         *dialog,
                     const char               *response,
                     ReframeAppointmentDialog *self)
{
  if (g_strcmp0 (response, "send") != 0)
    return;
  reframe_companion_config_give_consent (self->config, self->endpoint);
  start_draft (self);
}

/* A service on another computer gets nothing until the person has agreed, as in the pane. */
static void
ask_consent (ReframeAppointmentDialog *self)
{
  g_autofree char *host = reframe_endpoint_dup_host_label (self->endpoint);
  GtkWidget       *dialog =
      adw_message_dialog_new (GTK_WINDOW (self), _ ("Send to Another Computer?"), NULL);

  if (reframe_endpoint_is_https (self->endpoint))
    adw_message_dialog_format_body (
        ADW_MESSAGE_DIALOG (dialog),
        _ ("The model service is at %s, not on this computer. The text you just saw will be "
           "sent there and handled under its owner’s terms. Nothing else from your journal is "
           "sent."),
        host);
  else
    adw_message_dialog_format_body (
        ADW_MESSAGE_DIALOG (dialog),
        _ ("The model service is at %s, not on this computer, and the connection is not "
           "encrypted: anyone on the network between here and there could read the text "
           "you just saw. Nothing else from your journal is sent."),
        host);
  adw_message_dialog_add_responses (
      ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "send", _ ("_Send"), NULL);
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (consent_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
draft_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ReframeAppointmentDialog *self = REFRAME_APPOINTMENT_DIALOG (widget);

  if (self->material == NULL || self->busy)
    return;
  if (self->remote && !reframe_companion_config_has_consent (self->config, self->endpoint))
    ask_consent (self);
  else
    start_draft (self);
}

static void
stop_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ReframeAppointmentDialog *self = REFRAME_APPOINTMENT_DIALOG (widget);

  g_cancellable_cancel (self->draft_cancellable);
}

/* The text */

static void
write_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  show_page (REFRAME_APPOINTMENT_DIALOG (widget), "edit");
}

static void
use_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ReframeAppointmentDialog *self = REFRAME_APPOINTMENT_DIALOG (widget);
  g_autofree char          *text = dup_text (self);
  g_autofree char          *stripped = g_strstrip (g_strdup (text));
  g_autoptr (GError) error = NULL;

  if (*stripped == '\0')
    {
      show_toast (self, _ ("Write something first, or choose Discard."));
      return;
    }
  if (!reframe_store_save_appointment_note (
          self->store, &self->from, &self->to, text, TRUE, &error))
    {
      show_toast (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_USED], 0, text);
  gtk_window_close (GTK_WINDOW (self));
}

static void
discard_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ReframeAppointmentDialog *self = REFRAME_APPOINTMENT_DIALOG (widget);
  const char               *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "edit") == 0 && self->material != NULL)
    show_page (self, "preview");
  else
    show_page (self, "choose");
}

/* Ctrl+Enter: the step's main button. */
static void
primary_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeAppointmentDialog *self = REFRAME_APPOINTMENT_DIALOG (widget);
  const char               *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "choose") == 0)
    gtk_widget_activate_action (widget, "appointment.preview", NULL);
  else if (g_strcmp0 (page, "preview") == 0)
    gtk_widget_activate_action (widget, "appointment.draft", NULL);
  else
    gtk_widget_activate_action (widget, "appointment.use", NULL);
}

/* Life */

static void
reframe_appointment_dialog_dispose (GObject *object)
{
  ReframeAppointmentDialog *self = REFRAME_APPOINTMENT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->draft_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_APPOINTMENT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->draft_cancellable);
  g_clear_object (&self->provider);
  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_object (&self->registry);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_appointment_dialog_parent_class)->dispose (object);
}

static void
reframe_appointment_dialog_finalize (GObject *object)
{
  ReframeAppointmentDialog *self = REFRAME_APPOINTMENT_DIALOG (object);

  g_hash_table_unref (self->ticked);
  g_free (self->material);
  g_free (self->endpoint);
  g_free (self->model);

  G_OBJECT_CLASS (reframe_appointment_dialog_parent_class)->finalize (object);
}

static void
reframe_appointment_dialog_class_init (ReframeAppointmentDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_appointment_dialog_dispose;
  object_class->finalize = reframe_appointment_dialog_finalize;

  /**
   * ReframeAppointmentDialog::used:
   * @self: the dialog
   * @text: the person's text, confirmed for the report
   *
   * The person chose Use in Report; the text is kept with the period as confirmed.
   */
  signals[SIGNAL_USED] = g_signal_new ("used",
                                       G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST,
                                       0,
                                       NULL,
                                       NULL,
                                       NULL,
                                       G_TYPE_NONE,
                                       1,
                                       G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-appointment-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, mood_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, homework_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, scores_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, entries_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, entries_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, entries_list);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, where_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, preview_view);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, draft_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeAppointmentDialog, text_view);

  gtk_widget_class_install_action (widget_class, "appointment.preview", NULL, preview_activated);
  gtk_widget_class_install_action (widget_class, "appointment.draft", NULL, draft_activated);
  gtk_widget_class_install_action (widget_class, "appointment.stop", NULL, stop_activated);
  gtk_widget_class_install_action (widget_class, "appointment.write", NULL, write_activated);
  gtk_widget_class_install_action (widget_class, "appointment.use", NULL, use_activated);
  gtk_widget_class_install_action (widget_class, "appointment.discard", NULL, discard_activated);
  gtk_widget_class_install_action (widget_class, "appointment.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "appointment.primary", NULL, primary_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
reframe_appointment_dialog_init (ReframeAppointmentDialog *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Ctrl+Enter before the text view sees it: it would insert a line break. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (
          gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                       gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
          gtk_named_action_new ("appointment.primary")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  self->settings = g_settings_new (BASE_ID);
  self->config = reframe_companion_config_new (self->settings);
  self->endpoint = reframe_companion_config_dup_endpoint (self->config);
  self->cancellable = g_cancellable_new ();
  self->ticked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->remote = TRUE;
  update_where (self);
  show_page (self, "choose");
}

/**
 * reframe_appointment_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @store: the journal
 * @registry: the templates, for the report builder
 * @from: the period's first day (Share with Therapist's)
 * @to: the period's last day
 *
 * Opens on the text already kept for the period, to edit, when there is one; otherwise
 * on the choice of what to include.
 *
 * Returns: (transfer floating): the window
 */
GtkWidget *
reframe_appointment_dialog_new (GtkWindow               *parent,
                                ReframeStore            *store,
                                ReframeTemplateRegistry *registry,
                                const GDate             *from,
                                const GDate             *to)
{
  ReframeAppointmentDialog *self;
  g_autoptr (GError) error = NULL;
  g_autofree char *kept = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (registry), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from) && to != NULL && g_date_valid (to),
                        NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_APPOINTMENT_DIALOG, parent);
  self->store = g_object_ref (store);
  self->registry = g_object_ref (registry);
  self->from = *from;
  self->to = *to;
  load_entries (self);
  reframe_companion_config_resolve_locality_async (
      self->config, self->cancellable, locality_cb, g_object_ref (self));
  kept = reframe_store_dup_appointment_note (store, from, to, NULL, &error);
  if (error != NULL)
    g_warning ("Could not read the appointment text: %s", error->message);
  if (kept != NULL)
    {
      set_text (self, kept);
      show_page (self, "edit");
    }
  return GTK_WIDGET (self);
}

/* For the tests */

const char *
_reframe_appointment_dialog_get_page (ReframeAppointmentDialog *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
_reframe_appointment_dialog_is_busy (ReframeAppointmentDialog *self)
{
  return self->busy;
}

guint
_reframe_appointment_dialog_get_n_entries (ReframeAppointmentDialog *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->entries_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

void
_reframe_appointment_dialog_set_entry_ticked (ReframeAppointmentDialog *self,
                                              const char               *uuid,
                                              gboolean                  ticked)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->entries_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "uuid"), uuid) == 0)
      gtk_check_button_set_active (
          GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row))), ticked);
}

char *
_reframe_appointment_dialog_dup_preview_text (ReframeAppointmentDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->preview_view);
  GtkTextIter    start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

const char *
_reframe_appointment_dialog_get_error (ReframeAppointmentDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
             ? gtk_label_get_label (self->error_label)
             : NULL;
}

char *
_reframe_appointment_dialog_dup_text (ReframeAppointmentDialog *self)
{
  return dup_text (self);
}

void
_reframe_appointment_dialog_set_text (ReframeAppointmentDialog *self,
                                      const char               *text)
{
  set_text (self, text);
}
