/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-companion-preferences-instructions.c: the Companion page's instructions (the
 * system prompt): shown, saved once typing pauses, and reset to Reframe's own. */

#define G_LOG_DOMAIN "ReframeCompanionPreferences"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-companion-preferences-private.h"

/* Instructions */

static char *
dup_prompt_text (ReframeCompanionPreferences *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GtkTextIter    start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_prompt (ReframeCompanionPreferences *self)
{
  g_autofree char *prompt = reframe_companion_config_dup_system_prompt (self->config);

  self->updating = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view), prompt, -1);
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_prompt_button),
                            !reframe_companion_config_get_uses_default_prompt (self->config));
}

/* Reframe's own instructions are stored as "" so a new version of them reaches
 * everyone who did not change them. */
void
_reframe_companion_preferences_save_prompt (ReframeCompanionPreferences *self)
{
  g_autofree char *text = dup_prompt_text (self);
  g_autofree char *default_prompt = reframe_companion_config_dup_default_system_prompt ();

  g_clear_handle_id (&self->prompt_save_id, g_source_remove);
  g_settings_set_string (self->settings,
                         "companion-system-prompt",
                         g_str_equal (g_strstrip (text), g_strstrip (default_prompt)) ? "" : text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_prompt_button),
                            !reframe_companion_config_get_uses_default_prompt (self->config));
}

static gboolean
prompt_save_cb (gpointer user_data)
{
  ReframeCompanionPreferences *self = user_data;

  self->prompt_save_id = 0;
  _reframe_companion_preferences_save_prompt (self);
  return G_SOURCE_REMOVE;
}

static void
prompt_changed_cb (ReframeCompanionPreferences *self)
{
  if (self->updating)
    return;
  g_clear_handle_id (&self->prompt_save_id, g_source_remove);
  self->prompt_save_id = g_timeout_add (SAVE_DELAY_MS, prompt_save_cb, self);
}

static void
reset_prompt_clicked_cb (ReframeCompanionPreferences *self)
{
  g_clear_handle_id (&self->prompt_save_id, g_source_remove);
  g_settings_set_string (self->settings, "companion-system-prompt", "");
  show_prompt (self);
}

void
_reframe_companion_preferences_class_init_instructions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, reset_prompt_clicked_cb);
}

void
_reframe_companion_preferences_init_instructions (ReframeCompanionPreferences *self)
{
  show_prompt (self);
  g_signal_connect_object (gtk_text_view_get_buffer (self->prompt_view),
                           "changed",
                           G_CALLBACK (prompt_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
}
