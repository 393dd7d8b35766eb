/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-entry-editor.c: the window that logs or changes one mood entry, saving as it goes. */

#define G_LOG_DOMAIN "ReframeEntryEditor"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-crisis-watch.h"
#include "reframe-entry-editor.h"
#include "reframe-format.h"
#include "reframe-spell.h"
#include "reframe-tag-picker.h"

/* Changes are written this long after the last one, and on close. */
#define SAVE_DELAY_MS 400

struct _ReframeEntryEditor
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay  *toast_overlay;
  AdwWindowTitle   *window_title;
  GtkWidget        *delete_button;
  GtkRevealer      *error_revealer;
  GtkRevealer      *help_revealer;
  GtkLabel         *error_label;
  GtkBox           *mood_box;
  ReframeTagPicker *feelings_picker;
  ReframeTagPicker *activities_picker;
  GtkTextView      *note_view;
  GtkWidget        *note_hint;
  GtkSpinButton    *sleep_spin;
  GtkSwitch        *sleep_switch;
  AdwActionRow     *time_row;
  GtkCalendar      *time_calendar;
  GtkSpinButton    *hour_spin;
  GtkSpinButton    *minute_spin;
  GtkSwitch        *private_switch;

  /* Owned */
  ReframeMoodRepository *repository;
  ReframeMoodEntry      *entry;
  guint                  save_timeout_id;
  guint                  help_timeout_id;

  /* The entry is in the journal (it was passed in, or saved once). */
  guint exists : 1;
  /* There are changes the journal does not have yet. */
  guint dirty : 1;
  /* The last save failed. */
  guint failed : 1;
  /* Closing was confirmed (or the entry deleted): nothing more to save. */
  guint closing : 1;
  /* Widgets are being filled from the entry: their signals are not edits. */
  guint syncing : 1;
  /* A dialog asks whether to close without saving. */
  guint asking : 1;
};

G_DEFINE_FINAL_TYPE (ReframeEntryEditor, reframe_entry_editor, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_REPOSITORY,
  PROP_ENTRY,
  PROP_MOOD,
  N_PROPS
};

enum
{
  SIGNAL_DELETE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

/* The entry's properties that the user edits; others ("updated") change on save. */
static const char *edited_properties[] = {
  "mood",
  "note",
  "feelings",
  "activities",
  "sleep-hours",
  "time",
  "private",
};

static gboolean
is_edited_property (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (edited_properties); i++)
    {
      if (g_str_equal (name, edited_properties[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_content (ReframeEntryEditor *self)
{
  const char        *note = reframe_mood_entry_get_note (self->entry);
  const char *const *feelings = reframe_mood_entry_get_feelings (self->entry);
  const char *const *activities = reframe_mood_entry_get_activities (self->entry);

  return (note != NULL && *note != '\0') ||
         (feelings != NULL && feelings[0] != NULL) ||
         (activities != NULL && activities[0] != NULL) ||
         reframe_mood_entry_get_sleep_hours (self->entry) >= 0;
}

/* Saving */

static void
show_save_error (ReframeEntryEditor *self,
                 const GError       *error)
{
  g_autofree char *text = NULL;

  /* Translators: %s is a sentence saying why the entry could not be saved; the
   * editor keeps the entry and saves it again with the next change. */
  text = g_strdup_printf (_ ("Not saved yet. %s"), error->message);
  gtk_label_set_label (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
set_exists (ReframeEntryEditor *self,
            gboolean            exists)
{
  self->exists = exists;
  gtk_widget_set_visible (self->delete_button, exists);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.delete", exists);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  ReframeEntryEditor *self = user_data;

  self->save_timeout_id = 0;
  /* A failure is shown in the window and retried on the next change. */
  reframe_entry_editor_save_now (self, NULL);

  return G_SOURCE_REMOVE;
}

/* The crisis lines open over the editor, which takes the keyboard: they wait until the
 * person has stopped typing for a moment, so that no word goes astray. */
#define HELP_DELAY_MS 1500

static gboolean
help_timeout_cb (gpointer user_data)
{
  ReframeEntryEditor *self = user_data;

  self->help_timeout_id = 0;
  gtk_widget_activate_action (GTK_WIDGET (self), "app.crisis-lines", NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (ReframeEntryEditor *self)
{
  self->dirty = TRUE;

  /* An entry without a mood is not an entry: nothing is written before one is
   * chosen. */
  if (reframe_mood_entry_get_mood (self->entry) == REFRAME_MOOD_NONE)
    return;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  self->save_timeout_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
  /* Still typing: the crisis lines wait for the pause. */
  if (self->help_timeout_id != 0)
    {
      g_source_remove (self->help_timeout_id);
      self->help_timeout_id = g_timeout_add (HELP_DELAY_MS, help_timeout_cb, self);
    }
}

/* Filling the widgets from the entry */

static void
update_time_row (ReframeEntryEditor *self)
{
  g_autofree char *text = reframe_format_date_time (reframe_mood_entry_get_time (self->entry));

  adw_action_row_set_subtitle (self->time_row, text);
}

static void
sync_time_widgets (ReframeEntryEditor *self)
{
  GDateTime *time = reframe_mood_entry_get_time (self->entry);

  self->syncing = TRUE;
  gtk_calendar_select_day (self->time_calendar, time);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (time));
  gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (time));
  self->syncing = FALSE;
}

static void
sync_widgets (ReframeEntryEditor *self)
{
  const char *note = reframe_mood_entry_get_note (self->entry);
  double      hours = reframe_mood_entry_get_sleep_hours (self->entry);

  self->syncing = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), note ? note : "", -1);
  gtk_switch_set_active (self->sleep_switch, hours >= 0);
  if (hours >= 0)
    gtk_spin_button_set_value (self->sleep_spin, hours);
  gtk_switch_set_active (self->private_switch, reframe_mood_entry_get_private (self->entry));
  self->syncing = FALSE;

  gtk_widget_set_visible (self->note_hint, note == NULL || *note == '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->sleep_spin), hours >= 0);
  update_time_row (self);
}

/* Moods */

static void
build_mood_buttons (ReframeEntryEditor *self)
{
  for (ReframeMood mood = REFRAME_MOOD_MIN; mood <= REFRAME_MOOD_MAX; mood++)
    {
      GtkWidget       *button = gtk_toggle_button_new ();
      GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget       *icon = g_object_new (GTK_TYPE_IMAGE,
                                      "icon-name",
                                      reframe_mood_get_icon_name (mood),
                                      "accessible-role",
                                      GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                      NULL);
      GtkWidget       *label = gtk_label_new (reframe_mood_get_label (mood));
      g_autofree char *css_class = g_strdup_printf ("mood-%u", mood);
      /* Translators: a mood button's tooltip: the mood and the key that picks it */
      g_autofree char *tooltip =
          g_strdup_printf (_ ("%s (%u)"), reframe_mood_get_label (mood), mood);

      gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_button_set_child (GTK_BUTTON (button), box);

      gtk_widget_add_css_class (button, "mood-button");
      gtk_widget_add_css_class (button, css_class);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      reframe_mood_get_label (mood),
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "editor.set-mood");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", mood);
      gtk_box_append (self->mood_box, button);
    }
}

static void
focus_mood (ReframeEntryEditor *self)
{
  ReframeMood mood = reframe_mood_entry_get_mood (self->entry);
  GtkWidget  *button = gtk_widget_get_first_child (GTK_WIDGET (self->mood_box));

  for (guint i = REFRAME_MOOD_MIN; button != NULL && i < mood; i++)
    button = gtk_widget_get_next_sibling (button);

  if (button != NULL)
    gtk_widget_grab_focus (button);
}

static gboolean
focus_is_in_moods (ReframeEntryEditor *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->mood_box));
}

/* Typing a letter while the moods have the focus starts the note: a keyboard user
 * logs "4, then a line of text" without tabbing through every tag. */
static gboolean
moods_key_pressed_cb (ReframeEntryEditor    *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0 ||
      c == 0 || !g_unichar_isgraph (c) || (c >= '1' && c <= '5'))
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
  return gtk_event_controller_key_forward (controller, GTK_WIDGET (self->note_view));
}

/* Ctrl+Return finishes from anywhere, the note too: caught before the text view
 * would take it for a new line. */
static void
add_done_shortcut (ReframeEntryEditor *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                        gtk_named_action_new ("editor.done")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
focus_note_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeEntryEditor *self = REFRAME_ENTRY_EDITOR (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
}

/* Widgets to entry */

static void
note_buffer_changed_cb (ReframeEntryEditor *self,
                        GtkTextBuffer      *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter      start;
  GtkTextIter      end;

  gtk_widget_set_visible (self->note_hint, gtk_text_buffer_get_char_count (buffer) == 0);
  if (self->syncing)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  reframe_mood_entry_set_note (self->entry, text);
}

static void
sleep_changed_cb (ReframeEntryEditor *self)
{
  gboolean known = gtk_switch_get_active (self->sleep_switch);

  gtk_widget_set_visible (GTK_WIDGET (self->sleep_spin), known);
  if (self->syncing)
    return;

  reframe_mood_entry_set_sleep_hours (self->entry,
                                      known ? gtk_spin_button_get_value (self->sleep_spin)
                                            : REFRAME_SLEEP_UNKNOWN);
}

static void
private_changed_cb (ReframeEntryEditor *self)
{
  if (!self->syncing)
    reframe_mood_entry_set_private (self->entry, gtk_switch_get_active (self->private_switch));
}

static void
time_widgets_changed_cb (ReframeEntryEditor *self)
{
  g_autoptr (GDateTime) day = NULL;
  g_autoptr (GDateTime) time = NULL;

  if (self->syncing)
    return;

  day = gtk_calendar_get_date (self->time_calendar);
  time = g_date_time_new_local (g_date_time_get_year (day),
                                g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day),
                                gtk_spin_button_get_value_as_int (self->hour_spin),
                                gtk_spin_button_get_value_as_int (self->minute_spin),
                                0);
  if (time != NULL)
    reframe_mood_entry_set_time (self->entry, time);
}

static gboolean
time_spin_output_cb (GtkSpinButton *spin,
                     gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static void
time_popover_shown_cb (ReframeEntryEditor *self)
{
  sync_time_widgets (self);
}

static void
time_now_clicked_cb (ReframeEntryEditor *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  reframe_mood_entry_set_time (self->entry, now);
  sync_time_widgets (self);
}

/* Yesterday at 20:00, local time. */
static void
time_yesterday_evening_clicked_cb (ReframeEntryEditor *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr (GDateTime) evening = g_date_time_new_local (g_date_time_get_year (yesterday),
                                                         g_date_time_get_month (yesterday),
                                                         g_date_time_get_day_of_month (yesterday),
                                                         20,
                                                         0,
                                                         0);

  reframe_mood_entry_set_time (self->entry, evening);
  sync_time_widgets (self);
}

/* Entry to editor */

static void
entry_notify_cb (ReframeEntryEditor *self,
                 GParamSpec         *pspec)
{
  const char *name = g_param_spec_get_name (pspec);

  if (!is_edited_property (name))
    return;

  if (g_str_equal (name, "mood"))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOOD]);
      /* A mood picked with a digit key moves the focus with it, so that Space
       * never toggles another mood than the one just chosen. */
      if (focus_is_in_moods (self))
        focus_mood (self);
    }
  else if (g_str_equal (name, "time"))
    update_time_row (self);

  schedule_save (self);
}

/* Closing */

static void
discard_dialog_response_cb (AdwMessageDialog   *dialog,
                            const char         *response,
                            ReframeEntryEditor *self)
{
  self->asking = FALSE;

  if (g_strcmp0 (response, "copy") == 0)
    {
      /* A way out that loses nothing, whatever is wrong with the disk. */
      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                              reframe_mood_entry_get_note (self->entry));
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_ ("Note copied")));
      return;
    }

  if (g_strcmp0 (response, "discard") != 0)
    return;

  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ask_before_closing (ReframeEntryEditor *self,
                    const char         *heading,
                    const char         *body)
{
  GtkWidget  *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  const char *note = reframe_mood_entry_get_note (self->entry);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Keep Editing"));
  if (note != NULL && *note != '\0')
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "copy", _ ("_Copy Note"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "discard", _ ("_Discard"));
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  self->asking = TRUE;
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
reframe_entry_editor_close_request (GtkWindow *window)
{
  ReframeEntryEditor *self = REFRAME_ENTRY_EDITOR (window);
  g_autoptr (GError) error = NULL;

  if (self->closing)
    return GTK_WINDOW_CLASS (reframe_entry_editor_parent_class)->close_request (window);
  if (self->asking)
    return TRUE;

  if (reframe_mood_entry_get_mood (self->entry) == REFRAME_MOOD_NONE && has_content (self))
    {
      ask_before_closing (
          self,
          _ ("Discard This Entry?"),
          _ ("An entry is saved once it has a mood. Choose how you feel to keep what you wrote."));
      return TRUE;
    }

  if (!reframe_entry_editor_save_now (self, &error))
    {
      g_autofree char *body = NULL;

      /* Translators: %s is a sentence saying why the entry could not be saved */
      body = g_strdup_printf (_ ("%s If you close now, your latest changes are lost."),
                              error->message);
      ask_before_closing (self, _ ("Close Without Saving?"), body);
      return TRUE;
    }

  /* Crisis lines still waiting for a pause in the typing show now, over the journal. */
  if (self->help_timeout_id != 0)
    {
      g_clear_handle_id (&self->help_timeout_id, g_source_remove);
      gtk_widget_activate_action (GTK_WIDGET (self), "app.crisis-lines", NULL);
    }
  self->closing = TRUE;
  return GTK_WINDOW_CLASS (reframe_entry_editor_parent_class)->close_request (window);
}

/* Actions */

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  reframe_entry_editor_save_now (REFRAME_ENTRY_EDITOR (widget), NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ReframeEntryEditor *self = REFRAME_ENTRY_EDITOR (widget);
  gboolean            deleted = FALSE;

  if (!self->exists)
    return;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  g_signal_emit (self, signals[SIGNAL_DELETE_REQUESTED], 0, self->entry, &deleted);
  if (!deleted)
    return;

  self->dirty = FALSE;
  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

/* GObject */

static void
reframe_entry_editor_constructed (GObject *object)
{
  ReframeEntryEditor *self = REFRAME_ENTRY_EDITOR (object);
  GtkTextBuffer      *buffer = gtk_text_view_get_buffer (self->note_view);

  G_OBJECT_CLASS (reframe_entry_editor_parent_class)->constructed (object);

  g_assert (REFRAME_IS_MOOD_REPOSITORY (self->repository));

  if (self->entry == NULL)
    self->entry = reframe_mood_entry_new ();
  set_exists (self, self->exists);
  if (self->exists)
    {
      gtk_window_set_title (GTK_WINDOW (self), _ ("Edit Entry"));
      adw_window_title_set_title (self->window_title, _ ("Edit Entry"));
    }

  /* The mood buttons show the state of editor.set-mood, read from "mood". */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOOD]);
  sync_widgets (self);
  reframe_tag_picker_setup (
      self->feelings_picker, self->repository, REFRAME_TAG_FEELING, self->entry);
  reframe_tag_picker_setup (
      self->activities_picker, self->repository, REFRAME_TAG_ACTIVITY, self->entry);

  g_signal_connect_object (
      self->entry, "notify", G_CALLBACK (entry_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (
      buffer, "changed", G_CALLBACK (note_buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (
      self->sleep_switch, "notify::active", G_CALLBACK (sleep_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (
      self->sleep_spin, "value-changed", G_CALLBACK (sleep_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->private_switch,
                           "notify::active",
                           G_CALLBACK (private_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  focus_mood (self);
}

static void
reframe_entry_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ReframeEntryEditor *self = REFRAME_ENTRY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      g_value_set_object (value, self->repository);
      break;

    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;

    case PROP_MOOD:
      g_value_set_uint (value, reframe_entry_editor_get_mood (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_entry_editor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ReframeEntryEditor *self = REFRAME_ENTRY_EDITOR (object);
  ReframeMoodEntry   *entry;

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      self->repository = g_value_dup_object (value);
      break;

    case PROP_ENTRY:
      /* The editor works on its own copy; the journal follows through the
       * repository's entry-changed signal once it is saved. */
      entry = g_value_get_object (value);
      self->entry = entry != NULL ? reframe_mood_entry_copy (entry) : NULL;
      self->exists = entry != NULL;
      break;

    case PROP_MOOD:
      reframe_entry_editor_set_mood (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_entry_editor_dispose (GObject *object)
{
  ReframeEntryEditor *self = REFRAME_ENTRY_EDITOR (object);

  /* Destroyed without closing, e.g. with its parent: keep what can be kept. */
  if (!self->closing && self->dirty && self->entry != NULL && self->repository != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!reframe_entry_editor_save_now (self, &error))
        g_warning ("An entry could not be saved as its editor went away: %s", error->message);
    }
  self->closing = TRUE;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  g_clear_handle_id (&self->help_timeout_id, g_source_remove);
  /* The toast overlay is a template child and the window's content: let the
   * window drop it first, or it would be unparented twice. */
  adw_window_set_content (ADW_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_ENTRY_EDITOR);
  g_clear_object (&self->entry);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (reframe_entry_editor_parent_class)->dispose (object);
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_REPOSITORY] =
      g_param_spec_object ("repository",
                           NULL,
                           NULL,
                           REFRAME_TYPE_MOOD_REPOSITORY,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Construct with the entry to change (it is copied), or %NULL for a new one. */
  properties[PROP_ENTRY] =
      g_param_spec_object ("entry",
                           NULL,
                           NULL,
                           REFRAME_TYPE_MOOD_ENTRY,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MOOD] =
      g_param_spec_uint ("mood",
                         NULL,
                         NULL,
                         REFRAME_MOOD_NONE,
                         REFRAME_MOOD_MAX,
                         REFRAME_MOOD_NONE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_property_action (widget_class, "editor.set-mood", "mood");
  gtk_widget_class_install_action (widget_class, "editor.done", NULL, done_action);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "editor.focus-note", NULL, focus_note_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.done", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "editor.done", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.done", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "editor.done", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_n, GDK_ALT_MASK, "editor.focus-note", NULL);

  /* Class shortcuts run after the focused widget: in a text field the digits
   * are text, elsewhere they pick the mood. */
  for (guint mood = REFRAME_MOOD_MIN; mood <= REFRAME_MOOD_MAX; mood++)
    {
      gtk_widget_class_add_binding_action (
          widget_class, GDK_KEY_0 + mood, 0, "editor.set-mood", "u", mood);
      gtk_widget_class_add_binding_action (
          widget_class, GDK_KEY_KP_0 + mood, 0, "editor.set-mood", "u", mood);
    }
}

static void
reframe_entry_editor_class_init (ReframeEntryEditorClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = reframe_entry_editor_constructed;
  object_class->dispose = reframe_entry_editor_dispose;
  object_class->get_property = reframe_entry_editor_get_property;
  object_class->set_property = reframe_entry_editor_set_property;

  window_class->close_request = reframe_entry_editor_close_request;

  install_properties (object_class);

  /**
   * ReframeEntryEditor::delete-requested:
   * @self: the editor
   * @entry: the entry as it is in the editor
   *
   * Emitted when the user deletes the entry. The handler deletes it (offering
   * an undo) and returns %TRUE, and the editor then closes without saving.
   *
   * Returns: %TRUE if the entry was deleted
   */
  signals[SIGNAL_DELETE_REQUESTED] =
      g_signal_new ("delete-requested",
                    G_TYPE_FROM_CLASS (klass),
                    G_SIGNAL_RUN_LAST,
                    0,
                    g_signal_accumulator_true_handled,
                    NULL,
                    NULL,
                    G_TYPE_BOOLEAN,
                    1,
                    REFRAME_TYPE_MOOD_ENTRY);

  g_type_ensure (REFRAME_TYPE_TAG_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-entry-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, delete_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, help_revealer);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, mood_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, note_view);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, note_hint);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, sleep_spin);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, sleep_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, time_calendar);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, private_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, feelings_picker);
  gtk_widget_class_bind_template_child (widget_class, ReframeEntryEditor, activities_picker);
  gtk_widget_class_bind_template_callback (widget_class, time_widgets_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_popover_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_now_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_yesterday_evening_clicked_cb);

  install_actions (widget_class);
}

static void
reframe_entry_editor_init (ReframeEntryEditor *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  reframe_spell_attach_text_view (self->note_view, REFRAME_SPELL_FIELD_JOURNAL_NOTE);
  build_mood_buttons (self);

  g_signal_connect_object (
      keys, "key-pressed", G_CALLBACK (moods_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->mood_box), keys);
  add_done_shortcut (self);
}

/* Public API */

/**
 * reframe_entry_editor_new:
 * @parent: (nullable): the window the editor belongs to
 * @repository: where the entry is saved
 * @entry: (nullable): the entry to change (the editor works on a copy), or
 *   %NULL for a new one
 *
 * Returns: (transfer none): the editor, owned by GTK's list of windows
 */
ReframeEntryEditor *
reframe_entry_editor_new (GtkWindow             *parent,
                          ReframeMoodRepository *repository,
                          ReframeMoodEntry      *entry)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (repository), NULL);
  g_return_val_if_fail (entry == NULL || REFRAME_IS_MOOD_ENTRY (entry), NULL);

  return g_object_new (REFRAME_TYPE_ENTRY_EDITOR,
                       "transient-for",
                       parent,
                       "application",
                       parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "repository",
                       repository,
                       "entry",
                       entry,
                       NULL);
}

/**
 * reframe_entry_editor_get_entry:
 * @self: the editor
 *
 * Returns: (transfer none): the entry being edited (the editor's own copy)
 */
ReframeMoodEntry *
reframe_entry_editor_get_entry (ReframeEntryEditor *self)
{
  g_return_val_if_fail (REFRAME_IS_ENTRY_EDITOR (self), NULL);

  return self->entry;
}

ReframeMood
reframe_entry_editor_get_mood (ReframeEntryEditor *self)
{
  g_return_val_if_fail (REFRAME_IS_ENTRY_EDITOR (self), REFRAME_MOOD_NONE);

  return self->entry != NULL ? reframe_mood_entry_get_mood (self->entry) : REFRAME_MOOD_NONE;
}

/**
 * reframe_entry_editor_set_mood:
 * @self: the editor
 * @mood: the mood chosen
 *
 * Sets the entry's mood, as the mood buttons and the keys 1 to 5 do.
 */
void
reframe_entry_editor_set_mood (ReframeEntryEditor *self,
                               ReframeMood         mood)
{
  g_return_if_fail (REFRAME_IS_ENTRY_EDITOR (self));
  g_return_if_fail (mood <= REFRAME_MOOD_MAX);

  /* The entry notifies, and entry_notify_cb() passes it on. */
  if (self->entry != NULL)
    reframe_mood_entry_set_mood (self->entry, mood);
}

/* Crisis language in the note shows the crisis lines once, as it is saved, and a line
 * with Get Help Now stays in the editor. */
static void
check_note_for_crisis (ReframeEntryEditor *self)
{
  if (gtk_revealer_get_reveal_child (self->help_revealer) ||
      !reframe_crisis_watch_matches (reframe_mood_entry_get_note (self->entry)))
    return;
  gtk_revealer_set_reveal_child (self->help_revealer, TRUE);
  self->help_timeout_id = g_timeout_add (HELP_DELAY_MS, help_timeout_cb, self);
}

/**
 * reframe_entry_editor_save_now:
 * @self: the editor
 * @error: return location for an error
 *
 * Writes pending changes at once instead of after the short delay. Nothing is
 * written while the entry has no mood. On failure the editor shows the error,
 * keeps everything and tries again on the next change.
 *
 * Returns: %TRUE if nothing is left unsaved that could be saved
 */
gboolean
reframe_entry_editor_save_now (ReframeEntryEditor *self,
                               GError            **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (REFRAME_IS_ENTRY_EDITOR (self), FALSE);

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);

  if (!self->dirty || reframe_mood_entry_get_mood (self->entry) == REFRAME_MOOD_NONE)
    return TRUE;

  if (!reframe_mood_repository_save (self->repository, self->entry, &local_error))
    {
      self->failed = TRUE;
      show_save_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->dirty = FALSE;
  self->failed = FALSE;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  set_exists (self, TRUE);
  check_note_for_crisis (self);

  return TRUE;
}
