/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-pane.c: the companion pane.
 *
 * The pane shows a ReframeChatSession: one bubble per message, kept in step with the
 * session's list, and the reply's deltas appended to the last bubble as they arrive. It
 * finds the model service from the settings (key from the keyring), says all the time
 * whether it is on this computer, asks once before a remote one gets anything, and shows
 * the crisis lines whenever the session's local check finds crisis language. Sending,
 * attachments and the conversations list are in files of their own beside this one,
 * over reframe-chat-pane-private.h. */

#define G_LOG_DOMAIN "ReframeChatPane"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-api-keys.h"
#include "reframe-application.h"
#include "reframe-chat-bubble.h"
#include "reframe-chat-pane-private.h"
#include "reframe-crisis-watch.h"
#include "reframe-endpoint.h"
#include "reframe-request-log-window.h"
#include "reframe-window.h"

G_DEFINE_FINAL_TYPE (ReframeChatPane, reframe_chat_pane, ADW_TYPE_BIN)

void
_reframe_chat_pane_toast (ReframeChatPane *self,
                          const char      *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

ReframeTemplateRegistry *
_reframe_chat_pane_get_registry (ReframeChatPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return REFRAME_IS_WINDOW (root) ? reframe_window_get_registry (REFRAME_WINDOW (root)) : NULL;
}

/* Messages */

static void
update_content_page (ReframeChatPane *self)
{
  GListModel *messages = reframe_chat_session_get_messages (self->session);
  const char *page;

  if (g_list_model_get_n_items (messages) > 0)
    page = "messages";
  else if (!self->reachable && self->endpoint != NULL)
    page = "unavailable";
  else
    page = "empty";

  gtk_stack_set_visible_child_name (self->content_stack, page);
}

static void
update_last_bubble (ReframeChatPane *self)
{
  for (guint i = 0; i < self->bubbles->len; i++)
    reframe_chat_bubble_set_last (g_ptr_array_index (self->bubbles, i),
                                  i + 1 == self->bubbles->len);
}

/* The quiet line above the oldest message the model still sees, when earlier ones are
 * left out to fit its context. */
static void
update_context_note (ReframeChatPane *self)
{
  guint    sent = reframe_chat_session_get_sent_turns (self->session);
  guint    position = reframe_chat_session_get_first_sent_position (self->session);
  gboolean shown = reframe_chat_session_get_turns_left_out (self->session) && position > 0 &&
                   position < self->bubbles->len;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->context_note, shown);
  if (!shown)
    return;
  text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "Earlier messages are not sent to the model; it sees the last %u message.",
                   "Earlier messages are not sent to the model; it sees the last %u messages.",
                   sent),
      sent);
  gtk_label_set_label (GTK_LABEL (self->context_note), text);
  gtk_box_reorder_child_after (
      self->messages_box, self->context_note, g_ptr_array_index (self->bubbles, position - 1));
}

static void
messages_changed_cb (ReframeChatPane *self,
                     guint            position,
                     guint            removed,
                     guint            added,
                     GListModel      *messages)
{
  GtkWidget *before = position > 0 ? g_ptr_array_index (self->bubbles, position - 1) : NULL;

  for (guint i = 0; i < removed; i++)
    gtk_box_remove (self->messages_box, g_ptr_array_index (self->bubbles, position + i));
  g_ptr_array_remove_range (self->bubbles, position, removed);

  for (guint i = 0; i < added; i++)
    {
      g_autoptr (ReframeChatMessage) message = g_list_model_get_item (messages, position + i);
      GtkWidget *bubble = reframe_chat_bubble_new (message);

      gtk_box_insert_child_after (self->messages_box, bubble, before);
      g_ptr_array_insert (self->bubbles, position + i, bubble);
      before = bubble;
    }

  self->stick_to_bottom = TRUE;
  update_last_bubble (self);
  update_context_note (self);
  update_content_page (self);
}

static ReframeChatBubble *
bubble_for (ReframeChatPane    *self,
            ReframeChatMessage *message)
{
  for (guint i = self->bubbles->len; i > 0; i--)
    {
      ReframeChatBubble *bubble = g_ptr_array_index (self->bubbles, i - 1);

      if (reframe_chat_bubble_get_message (bubble) == message)
        return bubble;
    }
  return NULL;
}

static gboolean
follow_cb (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  GtkAdjustment   *adjustment = gtk_scrolled_window_get_vadjustment (self->messages_scroller);

  self->follow_id = 0;
  if (self->stick_to_bottom)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  self->last_upper = gtk_adjustment_get_upper (adjustment);
  return G_SOURCE_REMOVE;
}

/* Keeps the newest text in view while it grows, unless the person scrolled up to read:
 * at the next frame, as scrolling from inside the scroller's allocation left it
 * allocated for the old length once several labels came in one frame. */
static void
scroller_changed_cb (ReframeChatPane *self,
                     GtkAdjustment   *adjustment)
{
  if (self->stick_to_bottom && self->follow_id == 0)
    self->follow_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), follow_cb, NULL, NULL);
}

static void
scroller_value_changed_cb (ReframeChatPane *self,
                           GtkAdjustment   *adjustment)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  /* A move while the text grows is the layout's, not the person's: the bottom moved
   * before the pane could follow it. */
  if (gtk_adjustment_get_upper (adjustment) != self->last_upper)
    return;
  self->stick_to_bottom = gtk_adjustment_get_value (adjustment) >= bottom - 24;
}

static void
delta_cb (ReframeChatPane    *self,
          ReframeChatMessage *message,
          const char         *text)
{
  ReframeChatBubble *bubble = bubble_for (self, message);

  if (bubble != NULL)
    reframe_chat_bubble_append (bubble, text);
}

static void
reply_replaced_cb (ReframeChatPane    *self,
                   ReframeChatMessage *message)
{
  ReframeChatBubble *bubble = bubble_for (self, message);

  if (bubble != NULL)
    reframe_chat_bubble_update (bubble);
}

/* Errors */

void
_reframe_chat_pane_hide_error (ReframeChatPane *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
models_for_error_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (ReframeChatPane) self = user_data;
  g_auto (GStrv) models =
      reframe_model_provider_list_models_finish (REFRAME_MODEL_PROVIDER (source), result, NULL);
  g_autoptr (GtkStringList) list = NULL;

  if (models == NULL || models[0] == NULL || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;

  list = gtk_string_list_new ((const char *const *) models);
  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (list));
  gtk_widget_set_visible (GTK_WIDGET (self->model_dropdown), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->use_model_button), TRUE);
}

/* An unknown model: offer the ones the service has. */
static void
offer_models (ReframeChatPane *self)
{
  g_autoptr (ReframeModelProvider) provider =
      reframe_companion_config_create_provider (self->config, NULL);

  reframe_model_provider_list_models_async (
      provider, self->service_cancellable, models_for_error_cb, g_object_ref (self));
}

void
_reframe_chat_pane_show_error (ReframeChatPane *self,
                               const GError    *error)
{
  gtk_label_set_label (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->model_dropdown), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->use_model_button), FALSE);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  if (g_error_matches (error, REFRAME_PROVIDER_ERROR, REFRAME_PROVIDER_ERROR_MODEL_NOT_FOUND))
    offer_models (self);
}

static void
use_model_clicked_cb (ReframeChatPane *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->model_dropdown);

  if (item == NULL)
    return;
  g_settings_set_string (self->settings, "companion-model", gtk_string_object_get_string (item));
  _reframe_chat_pane_hide_error (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "chat.resend", NULL);
}

static void
busy_changed_cb (ReframeChatPane *self)
{
  gboolean busy = reframe_chat_session_get_busy (self->session);

  gtk_stack_set_visible_child_name (self->send_stack, busy ? "stop" : "send");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.stop", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.resend", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.regenerate", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.edit-message", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.new-conversation", !busy);
}

static void
reply_finished_cb (ReframeChatPane    *self,
                   ReframeChatMessage *message)
{
  const GError      *error = reframe_chat_session_get_error (self->session);
  ReframeChatBubble *bubble = message != NULL ? bubble_for (self, message) : NULL;

  if (bubble != NULL)
    reframe_chat_bubble_update (bubble);
  if (error != NULL)
    _reframe_chat_pane_show_error (self, error);
}

/* Crisis */

/* A close-request handler: it must let the sheet close (returning nothing let stray
 * register contents decide, and the sheet could stay on Escape). */
static gboolean
crisis_sheet_closed_cb (ReframeChatPane *self)
{
  reframe_chat_session_continue_after_crisis (self->session);
  return FALSE;
}

static void
crisis_cb (ReframeChatPane *self,
           int              category,
           gboolean         in_reply)
{
  GtkWidget *sheet =
      reframe_application_show_crisis_sheet (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));

  /* The person's message waits until they have seen the lines and closed the sheet. */
  if (!in_reply)
    g_signal_connect_object (
        sheet, "close-request", G_CALLBACK (crisis_sheet_closed_cb), self, G_CONNECT_SWAPPED);
}

static void
request_log_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  GtkWidget       *window = reframe_request_log_window_new (
      GTK_WINDOW (gtk_widget_get_root (widget)), reframe_store_get_request_log (self->store));

  gtk_window_present (GTK_WINDOW (window));
}

/* The model service */

static void
show_locality (ReframeChatPane        *self,
               ReframeEndpointLocality locality)
{
  g_autofree char *host = reframe_endpoint_dup_host_label (self->endpoint);
  g_autofree char *label = NULL;

  self->remote = locality != REFRAME_ENDPOINT_LOCALITY_LOCAL;
  if (locality == REFRAME_ENDPOINT_LOCALITY_LOCAL)
    label = g_strdup (_ ("On this computer"));
  else
    /* Translators: %s is the model service's host name, e.g. api.example.com */
    label = g_strdup_printf (_ ("Remote: %s"), host);

  gtk_label_set_label (self->locality_label, label);
  gtk_image_set_from_icon_name (self->locality_icon,
                                self->remote ? "network-server-symbolic" : "computer-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->locality_label), self->endpoint);
  gtk_widget_set_visible (GTK_WIDGET (self->secure_icon),
                          self->remote && reframe_endpoint_is_https (self->endpoint));
  gtk_widget_remove_css_class (GTK_WIDGET (self->locality_label),
                               self->remote ? "success" : "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->locality_label),
                            self->remote ? "warning" : "success");
}

static void
service_unreachable (ReframeChatPane *self,
                     const GError    *error)
{
  self->reachable = FALSE;
  adw_status_page_set_description (self->unavailable_page, error->message);
  gtk_label_set_label (self->model_label, "");
  update_content_page (self);
}

typedef struct
{
  ReframeChatPane      *self;
  ReframeModelProvider *provider;
} ServiceCheck;

static void
service_check_free (ServiceCheck *check)
{
  g_object_unref (check->self);
  g_object_unref (check->provider);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServiceCheck, service_check_free)

static void
models_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (ServiceCheck) check = user_data;
  ReframeChatPane *self = check->self;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) models =
      reframe_model_provider_list_models_finish (check->provider, result, &error);
  g_autofree char *configured = reframe_companion_config_dup_model (self->config);
  const char      *model = configured;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_set_object (&self->provider, check->provider);
  reframe_chat_session_set_service (
      self->session, check->provider, self->endpoint, model, self->remote);
  if (models == NULL)
    {
      service_unreachable (self, error);
      return;
    }

  self->reachable = TRUE;
  if (*model == '\0' && models[0] != NULL)
    model = models[0];
  gtk_label_set_label (self->model_label, model);
  /* A model served from the cloud through this computer's service is still remote. */
  if (reframe_endpoint_is_cloud_model (model))
    show_locality (self, REFRAME_ENDPOINT_LOCALITY_REMOTE);
  reframe_chat_session_set_service (
      self->session, check->provider, self->endpoint, model, self->remote);
  update_content_page (self);
}

static void
locality_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (ServiceCheck) check = user_data;
  ReframeChatPane      *self = check->self;
  ReframeModelProvider *provider = check->provider;
  g_autoptr (GError) error = NULL;
  ReframeEndpointLocality locality = reframe_endpoint_resolve_locality_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  show_locality (self, locality);
  reframe_model_provider_list_models_async (
      provider, self->service_cancellable, models_listed_cb, g_steal_pointer (&check));
}

static void
api_key_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (ReframeChatPane) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = reframe_api_keys_lookup_finish (result, &error);
  g_auto (GStrv) forwards = reframe_companion_config_dup_forwards_to_cloud (self->config);
  g_autofree char *model = reframe_companion_config_dup_model (self->config);
  ServiceCheck    *check;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Without a keyring the service is tried without a key; a service that needs one says so. */
  if (error != NULL)
    g_debug ("No API key: %s", error->message);

  check = g_new0 (ServiceCheck, 1);
  check->self = g_object_ref (self);
  check->provider = reframe_companion_config_create_provider (self->config, key);
  reframe_endpoint_resolve_locality_async (self->endpoint,
                                           model,
                                           (const char *const *) forwards,
                                           self->service_cancellable,
                                           locality_cb,
                                           check);
}

/**
 * reframe_chat_pane_reconnect:
 * @self: a pane
 *
 * Reads the companion settings again and checks the model service: its place, whether it
 * answers, its model.
 */
void
reframe_chat_pane_reconnect (ReframeChatPane *self)
{
  g_return_if_fail (REFRAME_IS_CHAT_PANE (self));

  g_cancellable_cancel (self->service_cancellable);
  g_clear_object (&self->service_cancellable);
  self->service_cancellable = g_cancellable_new ();

  g_free (self->endpoint);
  self->endpoint = reframe_companion_config_dup_endpoint (self->config);
  gtk_label_set_label (self->locality_label, _ ("Checking…"));
  gtk_label_set_label (self->model_label, "");

  reframe_api_keys_lookup_async (
      self->endpoint, self->service_cancellable, api_key_cb, g_object_ref (self));
}

static void
reconnect_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  reframe_chat_pane_reconnect (REFRAME_CHAT_PANE (widget));
}

/* Life */

static void
reframe_chat_pane_dispose (GObject *object)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (object);

  g_cancellable_cancel (self->service_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  if (self->follow_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_id);
  self->follow_id = 0;
  if (self->session != NULL)
    {
      reframe_chat_session_stop (self->session);
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (reframe_chat_session_get_messages (self->session),
                                            self);
      g_signal_handlers_disconnect_by_data (reframe_chat_session_get_attachments (self->session),
                                            self);
    }
  _reframe_chat_pane_purge_deleted (self);
  g_clear_pointer (&self->bubbles, g_ptr_array_unref);
  g_clear_object (&self->service_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->provider);
  g_clear_object (&self->editing);
  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_chat_pane_parent_class)->dispose (object);
}

static void
reframe_chat_pane_finalize (GObject *object)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (object);

  g_free (self->endpoint);
  g_free (self->history_endpoint);

  G_OBJECT_CLASS (reframe_chat_pane_parent_class)->finalize (object);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (
      widget_class, "chat.show-request-log", NULL, request_log_activated);
  gtk_widget_class_install_action (widget_class, "chat.reconnect", NULL, reconnect_activated);

  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "chat.show-request-log", NULL);
}

static void
reframe_chat_pane_class_init (ReframeChatPaneClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_chat_pane_dispose;
  object_class->finalize = reframe_chat_pane_finalize;

  g_type_ensure (REFRAME_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-chat-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, window_title);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, conversations_popover);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, conversation_search);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, conversations_stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, conversations_list);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, conversations_empty_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, locality_icon);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, locality_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, secure_icon);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, model_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, content_stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, messages_scroller);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, messages_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, use_model_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, resend_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, attachments_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, attach_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, attach_menu);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, composer);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, edit_banner);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, send_stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatPane, preview_button);
  gtk_widget_class_bind_template_callback (widget_class, use_model_clicked_cb);
  gtk_widget_class_set_css_name (widget_class, "chatpane");

  _reframe_chat_pane_class_init_conversations (widget_class);
  _reframe_chat_pane_class_install_sending_actions (widget_class);
  _reframe_chat_pane_class_install_attachment_actions (widget_class);
  install_actions (widget_class);
}

static void
reframe_chat_pane_init (ReframeChatPane *self)
{
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->bubbles = g_ptr_array_new ();
  self->context_note = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->context_note), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->context_note), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->context_note, "dim-label");
  gtk_widget_add_css_class (self->context_note, "caption");
  gtk_widget_add_css_class (self->context_note, "context-note");
  gtk_widget_set_visible (self->context_note, FALSE);
  gtk_box_append (self->messages_box, self->context_note);
  self->stick_to_bottom = TRUE;

  _reframe_chat_pane_init_composer (self);
  _reframe_chat_pane_init_attachments (self);

  adjustment = gtk_scrolled_window_get_vadjustment (self->messages_scroller);
  g_signal_connect_swapped (adjustment, "changed", G_CALLBACK (scroller_changed_cb), self);
  g_signal_connect_swapped (
      adjustment, "value-changed", G_CALLBACK (scroller_value_changed_cb), self);
}

static void
connect_session (ReframeChatPane *self)
{
  g_signal_connect_swapped (reframe_chat_session_get_messages (self->session),
                            "items-changed",
                            G_CALLBACK (messages_changed_cb),
                            self);
  g_signal_connect_swapped (reframe_chat_session_get_attachments (self->session),
                            "items-changed",
                            G_CALLBACK (_reframe_chat_pane_update_attachments),
                            self);
  g_signal_connect_swapped (self->session, "delta", G_CALLBACK (delta_cb), self);
  g_signal_connect_swapped (self->session, "reply-finished", G_CALLBACK (reply_finished_cb), self);
  g_signal_connect_swapped (self->session, "reply-replaced", G_CALLBACK (reply_replaced_cb), self);
  g_signal_connect_swapped (self->session, "crisis", G_CALLBACK (crisis_cb), self);
  g_signal_connect_swapped (self->session, "notify::busy", G_CALLBACK (busy_changed_cb), self);
  g_signal_connect_swapped (
      self->session, "notify::conversation", G_CALLBACK (_reframe_chat_pane_update_title), self);
  g_signal_connect_swapped (
      self->session, "notify::sent-turns", G_CALLBACK (update_context_note), self);
  g_signal_connect_swapped (
      self->session, "notify::turns-left-out", G_CALLBACK (update_context_note), self);
  g_signal_connect_swapped (
      self->session, "notify::first-sent-position", G_CALLBACK (update_context_note), self);
}

ReframeCrisisCheck *
_reframe_chat_pane_load_crisis_check (ReframeChatPane *self)
{
  g_auto (GStrv) extra = g_settings_get_strv (self->settings, "crisis-extra-phrases");
  g_autoptr (GError) error = NULL;
  ReframeCrisisCheck *check;

  /* Without phrases of the person's own, the program's one check serves. */
  if (extra == NULL || extra[0] == NULL)
    return reframe_crisis_watch_dup_check ();
  check = reframe_crisis_check_new (NULL, (const char *const *) extra, &error);

  /* The shipped lists are part of the program; failing to read them is a bug, not a
   * state to live with, but the extra phrases are the person's and may be odd. */
  if (check == NULL)
    {
      g_warning ("Personal warning phrases ignored: %s", error->message);
      check = reframe_crisis_check_new (NULL, NULL, NULL);
    }
  return check;
}

static void
update_system_prompt (ReframeChatPane *self)
{
  g_autofree char *prompt = reframe_companion_config_dup_system_prompt (self->config);

  reframe_chat_session_set_system_prompt (self->session, prompt);
  reframe_chat_session_set_context_tokens (
      self->session, g_settings_get_uint (self->settings, "companion-context-tokens"));
}

static void
config_changed_cb (ReframeChatPane *self)
{
  update_system_prompt (self);
  reframe_chat_pane_reconnect (self);
}

/**
 * reframe_chat_pane_new:
 * @store: the open journal
 *
 * Returns: (transfer floating): a pane with a new conversation, checking the model service
 */
ReframeChatPane *
reframe_chat_pane_new (ReframeStore *store)
{
  ReframeChatPane *self;
  g_autoptr (ReframeCrisisCheck) crisis_check = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);

  self = g_object_new (REFRAME_TYPE_CHAT_PANE, NULL);
  self->store = g_object_ref (store);
  self->settings = g_settings_new (BASE_ID);
  self->config = reframe_companion_config_new (self->settings);
  crisis_check = _reframe_chat_pane_load_crisis_check (self);
  self->session = reframe_chat_session_new (store, crisis_check);
  update_system_prompt (self);
  connect_session (self);
  g_signal_connect_object (
      self->config, "changed", G_CALLBACK (config_changed_cb), self, G_CONNECT_SWAPPED);

  /* Conversations deleted while the app was closing before their toast went. */
  if (!reframe_conversation_repository_purge_deleted (
          reframe_store_get_conversations (self->store), &error))
    g_warning ("Could not remove deleted conversations: %s", error->message);

  busy_changed_cb (self);
  _reframe_chat_pane_update_title (self);
  update_content_page (self);
  reframe_chat_pane_reconnect (self);

  return self;
}

ReframeChatSession *
reframe_chat_pane_get_session (ReframeChatPane *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_PANE (self), NULL);

  return self->session;
}

void
reframe_chat_pane_focus_composer (ReframeChatPane *self)
{
  g_return_if_fail (REFRAME_IS_CHAT_PANE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

void
reframe_chat_pane_set_composer_text (ReframeChatPane *self,
                                     const char      *text)
{
  g_return_if_fail (REFRAME_IS_CHAT_PANE (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->composer), text, -1);
}

char *
reframe_chat_pane_dup_composer_text (ReframeChatPane *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter    start, end;

  g_return_val_if_fail (REFRAME_IS_CHAT_PANE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->composer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * reframe_chat_pane_get_state:
 * @self: a pane
 *
 * Returns: which content shows: "empty", "unavailable" or "messages" (for tests)
 */
const char *
reframe_chat_pane_get_state (ReframeChatPane *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_PANE (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

/**
 * reframe_chat_pane_dup_context_note:
 * @self: a pane
 *
 * Returns: (transfer full) (nullable): the line saying earlier messages are left out,
 *   when it shows (for tests)
 */
char *
reframe_chat_pane_dup_context_note (ReframeChatPane *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_PANE (self), NULL);

  if (!gtk_widget_get_visible (self->context_note))
    return NULL;
  return g_strdup (gtk_label_get_label (GTK_LABEL (self->context_note)));
}
