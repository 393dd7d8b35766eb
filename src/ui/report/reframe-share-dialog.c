/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-share-dialog.c: "Share with therapist…".
 *
 * Every change of the period, the kinds, the name or the ticked items rebuilds the report
 * off the main thread (debounced): the store builds it in its worker, then the pages are
 * laid out in a worker of ours, and the preview draws them with the same function as the
 * PDF and the printer. A change made while a build runs cancels it. Saving goes through
 * the report's safe writer (a temporary file renamed into place), with progress and Cancel.
 *
 * This file holds the selection; the preview and the output (save, print, email) are in
 * reframe-share-dialog-preview.c and reframe-share-dialog-output.c. */

#define G_LOG_DOMAIN "ReframeShareDialog"

#include "config.h"

#include <glib/gi18n.h>
#include <time.h>

#include "reframe-application.h"
#include "reframe-appointment-dialog.h"
#include "reframe-appointment-notes.h"
#include "reframe-share-dialog-private.h"
#include "reframe-locale.h"
#include "reframe-l10n.h"

enum
{
  PERIOD_SINCE_LAST,
  PERIOD_TWO_WEEKS,
  PERIOD_MONTH,
  PERIOD_CUSTOM,
};

G_DEFINE_FINAL_TYPE (ReframeShareDialog, reframe_share_dialog, ADW_TYPE_WINDOW)

static void load_own_words (ReframeShareDialog *self);

/* Helpers */

void
_reframe_share_dialog_toast (ReframeShareDialog *self,
                             const char         *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static GDateTime *
date_to_date_time (const GDate *date)
{
  return g_date_time_new_local (
      g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
}

static void
get_today (GDate *today)
{
  g_date_clear (today, 1);
  g_date_set_time_t (today, time (NULL));
}

static ReframeReportKinds
get_kinds (ReframeShareDialog *self)
{
  ReframeReportKinds kinds = 0;

  if (gtk_switch_get_active (self->mood_switch))
    kinds |= REFRAME_REPORT_MOOD_SUMMARY;
  if (gtk_switch_get_active (self->entries_switch))
    kinds |= REFRAME_REPORT_ENTRIES;
  if (gtk_switch_get_active (self->worksheets_switch))
    kinds |= REFRAME_REPORT_WORKSHEETS;
  if (gtk_switch_get_active (self->questionnaires_switch))
    kinds |= REFRAME_REPORT_QUESTIONNAIRES;
  if (gtk_switch_get_active (self->homework_switch))
    kinds |= REFRAME_REPORT_HOMEWORK;
  return kinds;
}

static gboolean
is_item_included (ReframeShareDialog *self,
                  const char         *uuid)
{
  gpointer           choice;
  ReframeReportItem *item;

  if (g_hash_table_lookup_extended (self->choices, uuid, NULL, &choice))
    return GPOINTER_TO_INT (choice);
  item = g_hash_table_lookup (self->candidates, uuid);
  return item == NULL || !item->private_;
}

/* The report's language: the first choice is Reframe's own, the others each language
 * Reframe has a translation for, by its own name. */
static void
fill_languages (ReframeShareDialog *self)
{
  g_auto (GStrv) codes = reframe_l10n_list_languages ();
  g_autofree char *desktop = reframe_l10n_get_desktop_language ();
  g_autofree char *desktop_name = reframe_l10n_get_language_name (desktop);
  g_autofree char *saved = g_settings_get_string (self->settings, "report-language");
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  /* Translators: the first choice of the report's language; %s is the name of the
   * language Reframe is shown in ("Deutsch") */
  g_autofree char *same = g_strdup_printf (_ ("Same as Reframe (%s)"), desktop_name);

  self->languages = g_strdupv (codes);
  gtk_string_list_append (names, same);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autofree char *name = reframe_l10n_get_language_name (codes[i]);

      gtk_string_list_append (names, name);
      if (g_str_equal (codes[i], saved))
        selected = i + 1;
    }
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->language_row, selected);
}

/* Returns: (nullable): the chosen language code, %NULL for Reframe's own */
static const char *
get_language (ReframeShareDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->language_row);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || self->languages == NULL ||
      selected > g_strv_length (self->languages))
    return NULL;
  return self->languages[selected - 1];
}

static void
language_selected_cb (ReframeShareDialog *self)
{
  const char *language = get_language (self);

  g_settings_set_string (self->settings, "report-language", language != NULL ? language : "");
  _reframe_share_dialog_schedule_rebuild (self);
}

ReframeReportOptions *
_reframe_share_dialog_make_options (ReframeShareDialog *self)
{
  ReframeReportOptions *options = reframe_report_options_new (&self->from, &self->to);
  g_autofree char      *name =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  GHashTableIter iter;
  gpointer       uuid, choice;

  reframe_report_options_set_kinds (options, get_kinds (self));
  reframe_report_options_set_name (options, *name != '\0' ? name : NULL);
  reframe_report_options_set_language (options, get_language (self));
  reframe_report_options_set_include_safety_plan (options,
                                                  gtk_switch_get_active (self->safety_plan_switch));
  /* The person's own words only when they confirmed them: the switch is theirs. */
  if (gtk_switch_get_active (self->own_words_switch))
    reframe_report_options_set_own_words (options, self->own_words);
  g_hash_table_iter_init (&iter, self->choices);
  while (g_hash_table_iter_next (&iter, &uuid, &choice))
    {
      if (GPOINTER_TO_INT (choice))
        reframe_report_options_include (options, uuid);
      else
        reframe_report_options_exclude (options, uuid);
    }
  return options;
}

/* The period */

static void
update_date_button (GtkMenuButton *button,
                    GtkCalendar   *calendar,
                    const GDate   *date)
{
  g_autoptr (GDateTime) time = date_to_date_time (date);
  g_autofree char *label = reframe_locale_format_day (time, REFRAME_DATE_ABBREVIATED);

  gtk_menu_button_set_label (button, label);
  gtk_calendar_select_day (calendar, time);
}

static void
set_period (ReframeShareDialog *self,
            const GDate        *from,
            const GDate        *to)
{
  self->from = *from;
  self->to = *to;
  if (g_date_compare (&self->from, &self->to) > 0)
    self->from = self->to;
  self->updating_period = TRUE;
  update_date_button (self->from_button, self->from_calendar, &self->from);
  update_date_button (self->to_button, self->to_calendar, &self->to);
  load_own_words (self);
  self->updating_period = FALSE;
  _reframe_share_dialog_schedule_rebuild (self);
}

/* Any change of what goes into the report rebuilds it. */
static void
option_changed_cb (ReframeShareDialog *self)
{
  _reframe_share_dialog_schedule_rebuild (self);
}

/* In my own words (Prepare for My Appointment) */

/* The switch says whether the kept text is confirmed for the report. */
static void
own_words_switch_changed_cb (ReframeShareDialog *self)
{
  g_autoptr (GError) error = NULL;

  if (self->own_words != NULL &&
      !reframe_store_save_appointment_note (self->store,
                                            &self->from,
                                            &self->to,
                                            self->own_words,
                                            gtk_switch_get_active (self->own_words_switch),
                                            &error))
    _reframe_share_dialog_toast (self, error->message);
}

static void
show_own_words (ReframeShareDialog *self,
                const char         *text,
                gboolean            confirmed)
{
  g_free (self->own_words);
  self->own_words = g_strdup (text);
  adw_action_row_set_subtitle (self->own_words_row,
                               text != NULL ? text : _ ("Nothing written for this period yet"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->own_words_switch), text != NULL);
  /* Showing what is kept neither writes it again nor rebuilds: the caller does. */
  g_signal_handlers_block_by_func (self->own_words_switch, option_changed_cb, self);
  g_signal_handlers_block_by_func (self->own_words_switch, own_words_switch_changed_cb, self);
  gtk_switch_set_active (self->own_words_switch, text != NULL && confirmed);
  g_signal_handlers_unblock_by_func (self->own_words_switch, own_words_switch_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->own_words_switch, option_changed_cb, self);
}

static void
load_own_words (ReframeShareDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean         confirmed = FALSE;

  if (self->store == NULL)
    return;
  text =
      reframe_store_dup_appointment_note (self->store, &self->from, &self->to, &confirmed, &error);
  if (error != NULL)
    _reframe_share_dialog_toast (self, error->message);
  show_own_words (self, text, confirmed);
}

static void
appointment_used_cb (ReframeShareDialog *self,
                     const char         *text)
{
  show_own_words (self, text, TRUE);
  _reframe_share_dialog_schedule_rebuild (self);
}

static void
prepare_appointment_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  _reframe_share_dialog_open_appointment (REFRAME_SHARE_DIALOG (widget));
}

static gboolean
get_last_report_to (ReframeShareDialog *self,
                    GDate              *date)
{
  g_autofree char *text = g_settings_get_string (self->settings, "last-report-to");

  g_date_clear (date, 1);
  if (text == NULL || *text == '\0')
    return FALSE;
  g_date_set_parse (date, text);
  return g_date_valid (date);
}

static void
apply_preset (ReframeShareDialog *self,
              guint               preset)
{
  GDate today, from, last;

  get_today (&today);
  from = today;
  if (preset == PERIOD_SINCE_LAST && get_last_report_to (self, &last) &&
      g_date_compare (&last, &today) < 0)
    {
      from = last;
      g_date_add_days (&from, 1);
    }
  else if (preset == PERIOD_MONTH)
    {
      g_date_subtract_months (&from, 1);
      g_date_add_days (&from, 1);
    }
  else if (preset != PERIOD_CUSTOM)
    g_date_subtract_days (&from, 13);
  else
    return;
  set_period (self, &from, &today);
}

static void
period_row_selected_cb (ReframeShareDialog *self)
{
  if (!self->updating_period)
    apply_preset (self, adw_combo_row_get_selected (self->period_row));
}

static void
calendar_day_selected_cb (ReframeShareDialog *self,
                          GtkCalendar        *calendar)
{
  g_autoptr (GDateTime) time = NULL;
  GDate date, from = self->from, to = self->to;

  if (self->updating_period)
    return;
  time = gtk_calendar_get_date (calendar);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date,
                  g_date_time_get_day_of_month (time),
                  g_date_time_get_month (time),
                  g_date_time_get_year (time));
  if (calendar == self->from_calendar)
    from = date;
  else
    to = date;
  if (g_date_compare (&from, &to) > 0)
    {
      /* The other end follows, so the period is never empty. */
      from = date;
      to = date;
    }
  self->updating_period = TRUE;
  adw_combo_row_set_selected (self->period_row, PERIOD_CUSTOM);
  self->updating_period = FALSE;
  set_period (self, &from, &to);
}

/* The list of items */

static void
item_check_toggled_cb (GtkCheckButton     *check,
                       ReframeShareDialog *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (check), "uuid");

  if (uuid != NULL)
    _reframe_share_dialog_set_item_included (self, uuid, gtk_check_button_get_active (check));
}

static void
item_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               ReframeShareDialog       *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *lock = gtk_image_new_from_icon_name ("reframe-private-symbolic");

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), lock);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title,
                                  NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  subtitle,
                                  NULL,
                                  -1);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (lock), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Private"), -1);
  g_signal_connect (check, "toggled", G_CALLBACK (item_check_toggled_cb), self);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static char *
describe_item (const ReframeReportItem *item)
{
  g_autoptr (GDateTime) local = item->when != NULL ? g_date_time_to_local (item->when) : NULL;
  g_autofree char *when =
      local != NULL ? reframe_locale_format_day_and_clock (local, REFRAME_DATE_ABBREVIATED_WEEKDAY)
                    : g_strdup ("");
  /* Translators: the kind of an item in the share dialog's list (nouns) */
  const char *kind = item->kind == REFRAME_REPORT_ITEM_ENTRY       ? _ ("Mood entry")
                     : item->kind == REFRAME_REPORT_ITEM_WORKSHEET ? _ ("Worksheet")
                                                                   : _ ("Questionnaire");

  if (item->private_)
    /* Translators: kind and date of a private item in the share dialog's list */
    return g_strdup_printf (_ ("%s · %s · private"), kind, when);
  /* Translators: kind and date of an item in the share dialog's list */
  return g_strdup_printf (_ ("%s · %s"), kind, when);
}

static void
item_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              ReframeShareDialog       *self)
{
  GtkWidget         *box = gtk_list_item_get_child (list_item);
  GtkWidget         *check = gtk_widget_get_first_child (box);
  GtkWidget         *texts = gtk_widget_get_next_sibling (check);
  GtkWidget         *lock = gtk_widget_get_next_sibling (texts);
  const char        *uuid = gtk_string_object_get_string (gtk_list_item_get_item (list_item));
  ReframeReportItem *item = g_hash_table_lookup (self->candidates, uuid);
  g_autofree char   *subtitle = NULL;

  if (item == NULL)
    return;
  subtitle = describe_item (item);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (texts)), item->title);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (texts)), subtitle);
  gtk_widget_set_visible (lock, item->private_);
  g_object_set_data (G_OBJECT (check), "uuid", NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_item_included (self, uuid));
  g_object_set_data_full (G_OBJECT (check), "uuid", g_strdup (uuid), g_free);
}

static void
item_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                ReframeShareDialog       *self)
{
  GtkWidget *check = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));

  g_object_set_data (G_OBJECT (check), "uuid", NULL);
}

/* The list shows the candidates of the period and kinds; ticking an item keeps the list. */
void
_reframe_share_dialog_update_items (ReframeShareDialog *self,
                                    ReframeReport      *report)
{
  GPtrArray       *candidates = reframe_report_get_candidates (report);
  g_autofree char *key = g_strdup_printf (
      "%u-%u-%x", g_date_get_julian (&self->from), g_date_get_julian (&self->to), get_kinds (self));
  g_autoptr (GPtrArray) uuids = g_ptr_array_new_with_free_func (g_object_unref);

  if (g_strcmp0 (key, self->items_key) == 0)
    return;
  g_free (self->items_key);
  self->items_key = g_steal_pointer (&key);
  g_clear_pointer (&self->report_for_items, reframe_report_unref);
  self->report_for_items = reframe_report_ref (report);
  g_hash_table_remove_all (self->candidates);
  for (guint i = 0; i < candidates->len; i++)
    {
      ReframeReportItem *item = g_ptr_array_index (candidates, i);

      g_hash_table_insert (self->candidates, item->uuid, item);
      g_ptr_array_add (uuids, gtk_string_object_new (item->uuid));
    }
  g_list_store_splice (self->items,
                       0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       uuids->pdata,
                       uuids->len);
}

/* GObject */

static void
reframe_share_dialog_dispose (GObject *object)
{
  ReframeShareDialog *self = REFRAME_SHARE_DIALOG (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->build_cancellable != NULL)
    g_cancellable_cancel (self->build_cancellable);
  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_SHARE_DIALOG);
  g_clear_object (&self->build_cancellable);
  g_clear_object (&self->save_cancellable);
  g_clear_pointer (&self->layout, _reframe_share_dialog_layout_box_release);
  g_clear_pointer (&self->report, reframe_report_unref);
  g_clear_object (&self->items);
  g_clear_pointer (&self->candidates, g_hash_table_unref);
  g_clear_pointer (&self->report_for_items, reframe_report_unref);
  g_clear_object (&self->saving_file);
  g_clear_object (&self->saved_file);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->languages, g_strfreev);
  g_clear_object (&self->registry);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_share_dialog_parent_class)->dispose (object);
}

static void
reframe_share_dialog_finalize (GObject *object)
{
  ReframeShareDialog *self = REFRAME_SHARE_DIALOG (object);

  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_free (self->items_key);
  g_free (self->own_words);

  G_OBJECT_CLASS (reframe_share_dialog_parent_class)->finalize (object);
}

static void
reframe_share_dialog_class_init (ReframeShareDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_share_dialog_dispose;
  object_class->finalize = reframe_share_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-share-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, from_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, to_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, mood_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, entries_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, worksheets_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, questionnaires_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, homework_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, safety_plan_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, items_view);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, page_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, save_revealer);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, save_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, save_progress);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, cancel_save_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, open_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, show_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, email_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, own_words_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeShareDialog, own_words_switch);

  gtk_widget_class_install_action (
      widget_class, "share.prepare-appointment", NULL, prepare_appointment_action);
  _reframe_share_dialog_class_install_output_actions (widget_class);
  _reframe_share_dialog_class_install_preview_actions (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
reframe_share_dialog_init (ReframeShareDialog *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkSwitch *switches[6];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (BASE_ID);
  self->items = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->candidates = g_hash_table_new (g_str_hash, g_str_equal);
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);

  g_signal_connect (factory, "setup", G_CALLBACK (item_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (item_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (item_unbind_cb), self);
  gtk_list_view_set_factory (self->items_view, factory);
  gtk_list_view_set_model (
      self->items_view,
      GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)))));
  _reframe_share_dialog_init_preview (self);

  g_signal_connect_swapped (
      self->period_row, "notify::selected", G_CALLBACK (period_row_selected_cb), self);
  g_signal_connect_swapped (
      self->from_calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), self);
  g_signal_connect_swapped (
      self->to_calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (option_changed_cb), self);
  fill_languages (self);
  g_signal_connect_swapped (
      self->language_row, "notify::selected", G_CALLBACK (language_selected_cb), self);
  switches[0] = self->mood_switch;
  switches[1] = self->entries_switch;
  switches[2] = self->worksheets_switch;
  switches[3] = self->questionnaires_switch;
  switches[4] = self->homework_switch;
  switches[5] = self->safety_plan_switch;
  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    g_signal_connect_swapped (switches[i], "notify::active", G_CALLBACK (option_changed_cb), self);
  g_signal_connect_swapped (
      self->own_words_switch, "notify::active", G_CALLBACK (own_words_switch_changed_cb), self);
  g_signal_connect_swapped (
      self->own_words_switch, "notify::active", G_CALLBACK (option_changed_cb), self);
  _reframe_share_dialog_update_pages (self);
}

/**
 * reframe_share_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @store: the journal
 * @registry: the templates, to lay worksheets out
 *
 * Returns: (transfer floating): the "Share with therapist…" window, showing the period
 *   since the last report (two weeks when there was none)
 */
GtkWidget *
reframe_share_dialog_new (GtkWindow               *parent,
                          ReframeStore            *store,
                          ReframeTemplateRegistry *registry)
{
  ReframeShareDialog *self;
  GDate               last;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (registry), NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_SHARE_DIALOG, parent);
  self->store = g_object_ref (store);
  self->registry = g_object_ref (registry);
  self->updating_period = TRUE;
  adw_combo_row_set_selected (
      self->period_row, get_last_report_to (self, &last) ? PERIOD_SINCE_LAST : PERIOD_TWO_WEEKS);
  self->updating_period = FALSE;
  apply_preset (self, adw_combo_row_get_selected (self->period_row));
  return GTK_WIDGET (self);
}

/* For the tests */

void
_reframe_share_dialog_set_period (ReframeShareDialog *self,
                                  const GDate        *from,
                                  const GDate        *to)
{
  self->updating_period = TRUE;
  adw_combo_row_set_selected (self->period_row, PERIOD_CUSTOM);
  self->updating_period = FALSE;
  set_period (self, from, to);
}

/**
 * _reframe_share_dialog_set_item_included:
 *
 * Ticks or unticks an item, as its check box in the list does.
 */
void
_reframe_share_dialog_set_item_included (ReframeShareDialog *self,
                                         const char         *uuid,
                                         gboolean            included)
{
  if (is_item_included (self, uuid) == included)
    return;
  g_hash_table_insert (self->choices, g_strdup (uuid), GINT_TO_POINTER (included));
  _reframe_share_dialog_schedule_rebuild (self);
}

gboolean
_reframe_share_dialog_get_item_included (ReframeShareDialog *self,
                                         const char         *uuid)
{
  return is_item_included (self, uuid);
}

GListModel *
_reframe_share_dialog_get_items (ReframeShareDialog *self)
{
  return G_LIST_MODEL (self->items);
}
/**
 * _reframe_share_dialog_open_appointment:
 * @self: the dialog
 *
 * Opens Prepare for My Appointment for the dialog's period; what the person uses comes
 * back as the report's first section.
 *
 * Returns: (transfer none): the appointment window
 */
GtkWidget *
_reframe_share_dialog_open_appointment (ReframeShareDialog *self)
{
  GtkWidget *dialog = reframe_appointment_dialog_new (
      GTK_WINDOW (self), self->store, self->registry, &self->from, &self->to);

  g_signal_connect_object (
      dialog, "used", G_CALLBACK (appointment_used_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

void
_reframe_share_dialog_set_own_words_active (ReframeShareDialog *self,
                                            gboolean            active)
{
  gtk_switch_set_active (self->own_words_switch, active);
}
