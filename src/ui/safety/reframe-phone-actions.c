/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-phone-actions.c: copy, call and text buttons for a phone number.
 *
 * On a desktop the number is mostly copied into a phone or read out, so Copy is always
 * there. Call and Text appear only where something on this computer handles tel: or
 * sms: links (a phone app, a softphone): a button that does nothing would be worse
 * than none at 2 a.m. Calling asks first, naming who and which number, because a call
 * placed by a slip of the mouse is hard to take back. */

#define G_LOG_DOMAIN "ReframePhoneActions"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-phone-actions.h"

/**
 * reframe_phone_uri:
 * @scheme: "tel" or "sms"
 * @number: a number as people write it ("0800 111 0 111", "+49 (0)30 …")
 *
 * Returns: (transfer full) (nullable): the link (RFC 3966: digits and a leading +), or
 *   %NULL when the number has no digits
 */
char *
reframe_phone_uri (const char *scheme,
                   const char *number)
{
  g_autoptr (GString) uri = g_string_new (scheme);
  gboolean digits = FALSE;

  g_return_val_if_fail (scheme != NULL, NULL);

  g_string_append_c (uri, ':');
  for (const char *c = number; c != NULL && *c != '\0'; c++)
    {
      if (g_ascii_isdigit (*c))
        {
          g_string_append_c (uri, *c);
          digits = TRUE;
        }
      else if (*c == '+' && !digits)
        g_string_append_c (uri, '+');
      else if (*c == '(' && c[1] == '0' && c[2] == ')')
        c += 2; /* "+44 (0)20": the trunk 0 is not dialled from abroad */
      else if (g_ascii_isalpha (*c))
        break; /* "0800 111 0 111 (free)", "116 123 ext" */
    }
  return digits ? g_string_free (g_steal_pointer (&uri), FALSE) : NULL;
}

/**
 * reframe_phone_can_open:
 * @scheme: "tel" or "sms"
 *
 * Returns: whether an application on this computer opens such links
 */
gboolean
reframe_phone_can_open (const char *scheme)
{
  g_autoptr (GAppInfo) handler = g_app_info_get_default_for_uri_scheme (scheme);

  return handler != NULL;
}

static void
copy_clicked_cb (GtkButton *button)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)),
                          g_object_get_data (G_OBJECT (button), "number"));
}

/**
 * reframe_phone_copy_button:
 * @number: the number to copy
 *
 * Returns: (transfer floating): a flat button that copies @number
 */
GtkWidget *
reframe_phone_copy_button (const char *number)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  /* Translators: %s is a phone number */
  g_autofree char *label = g_strdup_printf (_ ("Copy %s"), number);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "number", g_strdup (number), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (copy_clicked_cb), NULL);
  return button;
}

static void
open_uri_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      GtkWidget        *button)
{
  GtkRoot *root = gtk_widget_get_root (button);

  if (g_strcmp0 (response, "open") == 0)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                  g_object_get_data (G_OBJECT (button), "uri"),
                  GDK_CURRENT_TIME);
}

static void
open_clicked_cb (GtkButton *button)
{
  GtkRoot    *root = gtk_widget_get_root (GTK_WIDGET (button));
  const char *question = g_object_get_data (G_OBJECT (button), "question");
  const char *verb = g_object_get_data (G_OBJECT (button), "verb");
  GtkWidget  *dialog =
      adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, question, NULL);

  adw_message_dialog_add_responses (
      ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "open", verb, NULL);
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_uri_response_cb), button, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
open_button (const char *scheme,
             const char *number,
             const char *icon_name,
             const char *label,
             const char *question,
             const char *verb)
{
  g_autofree char *uri = reframe_phone_uri (scheme, number);
  GtkWidget       *button;

  if (uri == NULL || !reframe_phone_can_open (scheme))
    return NULL;
  button = gtk_button_new_from_icon_name (icon_name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "uri", g_steal_pointer (&uri), g_free);
  g_object_set_data_full (G_OBJECT (button), "question", g_strdup (question), g_free);
  g_object_set_data_full (G_OBJECT (button), "verb", g_strdup (verb), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (open_clicked_cb), NULL);
  return button;
}

/**
 * reframe_phone_buttons_new:
 * @name: who answers: a person, a service
 * @number: (nullable): the number to call
 * @sms: (nullable): a number to text
 *
 * Returns: (transfer full) (element-type GtkWidget): Call and Text where this computer
 *   can, then Copy for @number; each button held by the array
 */
GPtrArray *
reframe_phone_buttons_new (const char *name,
                           const char *number,
                           const char *sms)
{
  GPtrArray *buttons = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *button;

  if (number != NULL && *number != '\0')
    {
      /* Translators: a button's accessible name; %s is a phone number */
      g_autofree char *label = g_strdup_printf (_ ("Call %s"), number);
      /* Translators: asked before a call; the first %s is a person or service, the second its
       * number */
      g_autofree char *question = g_strdup_printf (_ ("Call %s on %s?"), name, number);

      if ((button = open_button (
               "tel", number, "call-start-symbolic", label, question, _ ("C_all"))) != NULL)
        g_ptr_array_add (buttons, g_object_ref_sink (button));
    }
  if (sms != NULL && *sms != '\0')
    {
      /* Translators: a button's accessible name; %s is a phone number */
      g_autofree char *label = g_strdup_printf (_ ("Send a Text to %s"), sms);
      /* Translators: asked before a text message; the first %s is a person or service, the second
       * its number */
      g_autofree char *question = g_strdup_printf (_ ("Write a text to %s on %s?"), name, sms);

      if ((button = open_button (
               "sms", sms, "mail-send-symbolic", label, question, _ ("_Write"))) != NULL)
        g_ptr_array_add (buttons, g_object_ref_sink (button));
    }
  if (number != NULL && *number != '\0')
    g_ptr_array_add (buttons, g_object_ref_sink (reframe_phone_copy_button (number)));
  return buttons;
}

/**
 * reframe_phone_add_actions:
 * @row: the row that shows the number
 * @name: who answers: a person, a service
 * @number: (nullable): the number to call
 * @sms: (nullable): a number to text, when it differs or is the only one
 *
 * Adds Call and Text where this computer can, and Copy for @number.
 */
void
reframe_phone_add_actions (AdwActionRow *row,
                           const char   *name,
                           const char   *number,
                           const char   *sms)
{
  g_autoptr (GPtrArray) buttons = NULL;

  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  buttons = reframe_phone_buttons_new (name, number, sms);
  for (guint i = 0; i < buttons->len; i++)
    adw_action_row_add_suffix (row, g_ptr_array_index (buttons, i));
}
