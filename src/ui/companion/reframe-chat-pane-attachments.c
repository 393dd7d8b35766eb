/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-pane-attachments.c: what the person attaches to the companion's messages
 * (mood summaries and entries, worksheets, homework) and the preview of what is sent. */

#define G_LOG_DOMAIN "ReframeChatPane"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-chat-pane-private.h"
#include "reframe-endpoint.h"
#include "reframe-format.h"
#include "reframe-worksheet-repository.h"
#include "reframe-worksheet-text.h"

/* Attachments */

static void
attachment_remove_clicked_cb (GtkButton       *button,
                              ReframeChatPane *self)
{
  ReframeChatAttachment *attachment = g_object_get_data (G_OBJECT (button), "attachment");

  reframe_chat_session_detach (self->session, attachment);
}

static GtkWidget *
attachment_chip (ReframeChatPane       *self,
                 ReframeChatAttachment *attachment)
{
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget       *label = gtk_label_new (reframe_chat_attachment_get_label (attachment));
  GtkWidget       *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *remove_name =
      g_strdup_printf (_ ("Stop Sharing %s"), reframe_chat_attachment_get_label (attachment));

  gtk_widget_add_css_class (box, "tag");
  gtk_widget_add_css_class (box, "attachment-chip");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");
  gtk_widget_set_tooltip_text (remove, remove_name);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  g_object_set_data_full (
      G_OBJECT (remove), "attachment", g_object_ref (attachment), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (attachment_remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), remove);

  return box;
}

void
_reframe_chat_pane_update_attachments (ReframeChatPane *self)
{
  GListModel *attachments = reframe_chat_session_get_attachments (self->session);
  guint       n = g_list_model_get_n_items (attachments);

  reframe_wrap_box_remove_all (self->attachments_box);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (ReframeChatAttachment) attachment = g_list_model_get_item (attachments, i);
      reframe_wrap_box_append (self->attachments_box, attachment_chip (self, attachment));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_box), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_button), n > 0);
}

static void
attach (ReframeChatPane       *self,
        ReframeChatAttachment *attachment)
{
  g_autoptr (GError) error = NULL;

  if (!reframe_chat_session_attach (self->session, attachment, &error))
    _reframe_chat_pane_show_error (self, error);
  reframe_chat_pane_focus_composer (self);
}

static void
attach_summary_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  g_autoptr (ReframeChatAttachment) attachment =
      reframe_chat_attachment_new_mood_summary (g_variant_get_uint32 (parameter));

  attach (REFRAME_CHAT_PANE (widget), attachment);
}

static void
attach_entries_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  g_autoptr (ReframeChatAttachment) attachment =
      reframe_chat_attachment_new_mood_entries (g_variant_get_uint32 (parameter));

  attach (REFRAME_CHAT_PANE (widget), attachment);
}

static void
attach_worksheet_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeWorksheet) worksheet = reframe_worksheet_repository_get (
      reframe_store_get_worksheets (self->store), g_variant_get_string (parameter, NULL), &error);
  ReframeTemplate *template = NULL;
  g_autofree char *text = NULL;
  g_autoptr (ReframeChatAttachment) attachment = NULL;

  if (worksheet != NULL && _reframe_chat_pane_get_registry (self) != NULL)
    template =
        reframe_template_registry_lookup (_reframe_chat_pane_get_registry (self),
                                          reframe_worksheet_get_template_id (worksheet),
                                          reframe_worksheet_get_template_version (worksheet));
  if (template == NULL)
    {
      _reframe_chat_pane_toast (
          self, error != NULL ? error->message : _ ("This worksheet can’t be read."));
      return;
    }

  text = reframe_worksheet_to_text (worksheet, template);
  attachment = reframe_chat_attachment_new_text (
      REFRAME_CHAT_ATTACHMENT_WORKSHEET, reframe_template_get_title (template), text);
  attach (self, attachment);
}

static void
attach_homework_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = reframe_homework_to_text (self->store, NULL, &error);
  g_autoptr (ReframeChatAttachment) attachment = NULL;

  if (text == NULL)
    {
      _reframe_chat_pane_toast (self, error->message);
      return;
    }
  attachment = reframe_chat_attachment_new_text (
      REFRAME_CHAT_ATTACHMENT_HOMEWORK, _ ("Homework list"), text);
  attach (self, attachment);
}

/* The menu offers the latest worksheets by name each time it opens. */
#define ATTACH_WORKSHEETS 5

static void
create_attach_popup (GtkMenuButton *button,
                     gpointer       user_data)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (user_data);
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenu) worksheets = g_menu_new ();
  g_autoptr (GListModel) list =
      reframe_worksheet_repository_list (reframe_store_get_worksheets (self->store), NULL, NULL);
  ReframeTemplateRegistry *templates = _reframe_chat_pane_get_registry (self);

  for (guint i = 0; list != NULL && templates != NULL &&
                    i < MIN (g_list_model_get_n_items (list), ATTACH_WORKSHEETS);
       i++)
    {
      g_autoptr (ReframeWorksheet) worksheet = g_list_model_get_item (list, i);
      ReframeTemplate *template =
          reframe_template_registry_lookup (templates,
                                            reframe_worksheet_get_template_id (worksheet),
                                            reframe_worksheet_get_template_version (worksheet));
      g_autoptr (GDateTime) updated =
          g_date_time_to_local (reframe_worksheet_get_updated (worksheet));
      g_autofree char *day = reframe_format_day (updated);
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;

      if (template == NULL)
        continue;
      /* Translators: a worksheet to attach: its kind and the day, e.g. "Thought record, Monday 24
       * November" */
      label = g_strdup_printf (_ ("%s, %s"), reframe_template_get_title (template), day);
      action =
          g_strdup_printf ("chat.attach-worksheet('%s')", reframe_worksheet_get_uuid (worksheet));
      g_menu_append (worksheets, label, action);
    }
  g_menu_append (worksheets, _ ("Homework List"), "chat.attach-homework");

  g_menu_append_section (menu, NULL, self->attach_menu);
  g_menu_append_section (menu, _ ("Worksheets and Homework"), G_MENU_MODEL (worksheets));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
preview_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeChatPane *self = REFRAME_CHAT_PANE (widget);
  g_autofree char *text = reframe_chat_session_dup_context_text (self->session);
  g_autofree char *host = reframe_endpoint_dup_host_label (self->endpoint);
  GtkWidget       *dialog =
      adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _ ("What Is Sent"), NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  adw_message_dialog_format_body (
      ADW_MESSAGE_DIALOG (dialog),
      self->remote ? _ ("With each message of this conversation, this text goes to %s.")
                   : _ ("With each message of this conversation, this text goes to the model "
                        "service on this computer (%s)."),
      host);
  gtk_text_buffer_set_text (
      gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text != NULL ? text : "", -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Text Sent"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 280);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_widget_add_css_class (scroller, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_reframe_chat_pane_class_install_attachment_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (
      widget_class, "chat.attach-summary", "u", attach_summary_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.attach-entries", "u", attach_entries_activated);
  gtk_widget_class_install_action (widget_class, "chat.preview", NULL, preview_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.attach-worksheet", "s", attach_worksheet_activated);
  gtk_widget_class_install_action (
      widget_class, "chat.attach-homework", NULL, attach_homework_activated);
}

void
_reframe_chat_pane_init_attachments (ReframeChatPane *self)
{
  gtk_menu_button_set_create_popup_func (self->attach_button, create_attach_popup, self, NULL);
}
