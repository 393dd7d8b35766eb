/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-row.c: one row of the journal list: a day header or a mood entry. */

#define G_LOG_DOMAIN "ReframeJournalRow"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "reframe-format.h"
#include "reframe-journal-day.h"
#include "reframe-journal-row.h"
#include "reframe-mood-entry.h"
#include "reframe-tag.h"
#include "reframe-wrap-box.h"

struct _ReframeJournalRow
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack       *stack;
  GtkLabel       *day_label;
  GtkLabel       *count_label;
  GtkImage       *mood_icon;
  GtkLabel       *mood_label;
  GtkLabel       *time_label;
  GtkImage       *private_icon;
  ReframeWrapBox *tags_box;
  GtkLabel       *sleep_label;
  GtkLabel       *note_label;

  /* Owned */
  GObject      *item;
  GSignalGroup *entry_signals;
  GHashTable   *feelings;
  GHashTable   *activities;
  GtkWidget    *menu;
};

/* More than three lines of the widest row can hold. */
#define NOTE_PREVIEW_CHARS 260

G_DEFINE_FINAL_TYPE (ReframeJournalRow, reframe_journal_row, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *mood_classes[] = { "mood-0", "mood-1", "mood-2", "mood-3", "mood-4", "mood-5" };

static ReframeTag *
lookup_tag (GHashTable *tags,
            const char *name)
{
  return tags != NULL ? g_hash_table_lookup (tags, name) : NULL;
}

static const char *
get_tag_label (GHashTable *tags,
               const char *name)
{
  ReframeTag *tag = lookup_tag (tags, name);

  return tag != NULL ? reframe_tag_get_label (tag) : name;
}

static GtkWidget *
make_tag_chip (const char *label,
               const char *icon_name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *text = gtk_label_new (label);

  gtk_widget_add_css_class (box, "tag");
  /* The icon only decorates: the row's accessible label names the activity. */
  if (icon_name != NULL)
    gtk_box_append (GTK_BOX (box),
                    g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name",
                                  icon_name,
                                  "accessible-role",
                                  GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL));
  gtk_box_append (GTK_BOX (box), text);

  return box;
}

static void
update_tags (ReframeJournalRow *self,
             ReframeMoodEntry  *entry,
             GString           *summary)
{
  const char *const *feelings = reframe_mood_entry_get_feelings (entry);
  const char *const *activities = reframe_mood_entry_get_activities (entry);

  reframe_wrap_box_remove_all (self->tags_box);

  for (guint i = 0; feelings != NULL && feelings[i] != NULL; i++)
    {
      const char *label = get_tag_label (self->feelings, feelings[i]);

      reframe_wrap_box_append (self->tags_box, make_tag_chip (label, NULL));
      g_string_append_printf (summary, ", %s", label);
    }

  for (guint i = 0; activities != NULL && activities[i] != NULL; i++)
    {
      ReframeTag *tag = lookup_tag (self->activities, activities[i]);
      const char *icon = tag != NULL ? reframe_tag_get_icon_name (tag) : NULL;
      const char *label = get_tag_label (self->activities, activities[i]);

      reframe_wrap_box_append (
          self->tags_box,
          make_tag_chip (label, icon != NULL ? icon : REFRAME_DEFAULT_ACTIVITY_ICON));
      g_string_append_printf (summary, ", %s", label);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->tags_box),
                          (feelings != NULL && feelings[0] != NULL) ||
                              (activities != NULL && activities[0] != NULL));
}

static void
update_mood (ReframeJournalRow *self,
             ReframeMood        mood)
{
  for (guint i = 0; i < G_N_ELEMENTS (mood_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->mood_icon), mood_classes[i]);

  if (mood > REFRAME_MOOD_MAX)
    mood = REFRAME_MOOD_NONE;

  gtk_widget_add_css_class (GTK_WIDGET (self->mood_icon), mood_classes[mood]);
  gtk_image_set_from_icon_name (self->mood_icon, reframe_mood_get_icon_name (mood));
  gtk_label_set_label (self->mood_label, reframe_mood_get_label (mood));
}

static void
update_sleep (ReframeJournalRow *self,
              ReframeMoodEntry  *entry,
              GString           *summary)
{
  double           hours = reframe_mood_entry_get_sleep_hours (entry);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->sleep_label), hours >= 0);
  if (hours < 0)
    return;

  text = reframe_format_sleep (hours);
  gtk_label_set_label (self->sleep_label, text);
  g_string_append_printf (summary, ", %s", text);
}

/* The row shows three lines at most: a long note need not be laid out whole. */
static char *
dup_note_start (const char *note)
{
  const char *end = note;

  for (guint i = 0; i < NOTE_PREVIEW_CHARS && *end != '\0'; i++)
    end = g_utf8_next_char (end);

  return g_strndup (note, end - note);
}

/* The search's snippet comes from whichever text matched best: the note, or the
 * feelings or activities, which the row shows as chips already. */
static gboolean
snippet_is_from_note (const char *snippet,
                      const char *note)
{
  g_autofree char *plain = NULL;
  g_autofree char *inner = NULL;
  const char      *ellipsis = "…";

  if (snippet == NULL || *snippet == '\0' || note == NULL || *note == '\0')
    return FALSE;
  plain = reframe_format_strip_snippet (snippet);
  inner = g_strdup (plain);
  if (g_str_has_prefix (inner, ellipsis))
    memmove (inner, inner + strlen (ellipsis), strlen (inner) - strlen (ellipsis) + 1);
  if (g_str_has_suffix (inner, ellipsis))
    inner[strlen (inner) - strlen (ellipsis)] = '\0';
  return strstr (note, g_strstrip (inner)) != NULL;
}

static void
update_note (ReframeJournalRow *self,
             ReframeMoodEntry  *entry,
             GString           *summary)
{
  const char      *snippet = reframe_mood_entry_get_snippet (entry);
  const char      *note = reframe_mood_entry_get_note (entry);
  g_autofree char *markup = NULL;
  g_autofree char *plain = NULL;

  /* While searching, the matching part of the note is shown with the matches in
   * bold; otherwise, and when the match is a feeling or an activity, the start of
   * the note. */
  if (snippet_is_from_note (snippet, note))
    {
      markup = reframe_format_snippet_markup (snippet);
      plain = reframe_format_strip_snippet (snippet);
    }
  else if (note != NULL && *note != '\0')
    {
      plain = dup_note_start (note);
      markup = g_markup_escape_text (plain, -1);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->note_label), markup != NULL);
  gtk_label_set_markup (self->note_label, markup != NULL ? markup : "");

  if (plain != NULL)
    /* Translators: the start of an entry's note, read by screen readers */
    g_string_append_printf (summary, _ (", note: %s"), plain);
}

static void
update_entry (ReframeJournalRow *self)
{
  ReframeMoodEntry *entry = REFRAME_MOOD_ENTRY (self->item);
  g_autoptr (GString) summary = g_string_new (NULL);
  g_autofree char *time = reframe_format_time (reframe_mood_entry_get_time (entry));
  gboolean         private_ = reframe_mood_entry_get_private (entry);

  update_mood (self, reframe_mood_entry_get_mood (entry));
  gtk_label_set_label (self->time_label, time);
  gtk_widget_set_visible (GTK_WIDGET (self->private_icon), private_);

  g_string_append_printf (summary, "%s, %s", gtk_label_get_label (self->mood_label), time);
  update_tags (self, entry, summary);
  update_sleep (self, entry, summary);
  if (private_)
    /* Translators: an entry is private, in a journal row read by a screen reader */
    g_string_append_printf (summary, ", %s", _ ("private"));
  update_note (self, entry, summary);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  summary->str,
                                  -1);
}

static void
update_day (ReframeJournalRow *self)
{
  ReframeJournalDay *day = REFRAME_JOURNAL_DAY (self->item);
  guint              n_entries = reframe_journal_day_get_n_entries (day);
  g_autofree char   *heading = reframe_format_day_heading (reframe_journal_day_get_day (day));
  g_autofree char   *count = NULL;
  g_autofree char   *summary = NULL;

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n_entries),
                           n_entries);
  gtk_label_set_label (self->day_label, heading);
  gtk_label_set_label (self->count_label, count);

  /* Translators: a day heading in the journal list and its number of entries */
  summary = g_strdup_printf (_ ("%s, %s"), heading, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  summary,
                                  -1);
}

static void
update (ReframeJournalRow *self)
{
  if (REFRAME_IS_MOOD_ENTRY (self->item))
    {
      gtk_stack_set_visible_child_name (self->stack, "entry");
      update_entry (self);
    }
  else if (REFRAME_IS_JOURNAL_DAY (self->item))
    {
      gtk_stack_set_visible_child_name (self->stack, "day");
      update_day (self);
    }
}

static void
entry_notify_cb (ReframeJournalRow *self,
                 GParamSpec        *pspec)
{
  update (self);
}

static GMenuModel *
build_menu_model (ReframeJournalRow *self)
{
  const char *uuid = reframe_mood_entry_get_uuid (REFRAME_MOOD_ENTRY (self->item));
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenuItem) edit = g_menu_item_new (_ ("_Edit"), NULL);
  g_autoptr (GMenuItem) delete = g_menu_item_new (_ ("_Delete"), NULL);

  g_menu_item_set_action_and_target (edit, "journal.edit-entry", "s", uuid);
  g_menu_item_set_action_and_target (delete, "journal.delete-entry", "s", uuid);
  g_menu_append_item (menu, edit);
  g_menu_append_item (menu, delete);

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static void
show_menu_at (ReframeJournalRow *self,
              double             x,
              double             y)
{
  g_autoptr (GMenuModel) model = NULL;

  if (!REFRAME_IS_MOOD_ENTRY (self->item))
    return;

  model = build_menu_model (self);
  if (self->menu == NULL)
    {
      self->menu = gtk_popover_menu_new_from_model (model);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
      gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
    }
  else
    {
      gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), model);
    }

  if (x >= 0 && y >= 0)
    gtk_popover_set_pointing_to (GTK_POPOVER (self->menu),
                                 &(GdkRectangle){ (int) x, (int) y, 1, 1 });
  else
    gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), NULL);

  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
secondary_click_pressed_cb (GtkGestureClick   *gesture,
                            int                n_press,
                            double             x,
                            double             y,
                            ReframeJournalRow *self)
{
  show_menu_at (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
long_pressed_cb (GtkGestureLongPress *gesture,
                 double               x,
                 double               y,
                 ReframeJournalRow   *self)
{
  show_menu_at (self, x, y);
}

static void
reframe_journal_row_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  ReframeJournalRow *self = REFRAME_JOURNAL_ROW (widget);

  GTK_WIDGET_CLASS (reframe_journal_row_parent_class)
      ->size_allocate (widget, width, height, baseline);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
reframe_journal_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ReframeJournalRow *self = REFRAME_JOURNAL_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_journal_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ReframeJournalRow *self = REFRAME_JOURNAL_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      reframe_journal_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_journal_row_dispose (GObject *object)
{
  ReframeJournalRow *self = REFRAME_JOURNAL_ROW (object);

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  /* The stack is both a template child and AdwBin's child: let AdwBin drop it
   * first, or it would unparent it a second time. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_JOURNAL_ROW);
  if (self->entry_signals != NULL)
    g_signal_group_set_target (self->entry_signals, NULL);
  g_clear_object (&self->entry_signals);
  g_clear_object (&self->item);
  g_clear_pointer (&self->feelings, g_hash_table_unref);
  g_clear_pointer (&self->activities, g_hash_table_unref);

  G_OBJECT_CLASS (reframe_journal_row_parent_class)->dispose (object);
}

static void
reframe_journal_row_class_init (ReframeJournalRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_journal_row_dispose;
  object_class->get_property = reframe_journal_row_get_property;
  object_class->set_property = reframe_journal_row_set_property;

  widget_class->size_allocate = reframe_journal_row_size_allocate;

  /**
   * ReframeJournalRow:item: (nullable)
   *
   * The #ReframeJournalDay or #ReframeMoodEntry the row shows.
   */
  properties[PROP_ITEM] =
      g_param_spec_object ("item",
                           NULL,
                           NULL,
                           G_TYPE_OBJECT,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (REFRAME_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-journal-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalRow, stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalRow, day_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalRow, count_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalRow, mood_icon);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalRow, mood_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalRow, private_icon);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalRow, tags_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalRow, sleep_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalRow, note_label);

  gtk_widget_class_set_css_name (widget_class, "journalrow");
}

static void
reframe_journal_row_init (ReframeJournalRow *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *long_press = gtk_gesture_long_press_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->entry_signals = g_signal_group_new (REFRAME_TYPE_MOOD_ENTRY);
  g_signal_group_connect_swapped (
      self->entry_signals, "notify", G_CALLBACK (entry_notify_cb), self);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (secondary_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (long_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (long_press));
}

GtkWidget *
reframe_journal_row_new (void)
{
  return g_object_new (REFRAME_TYPE_JOURNAL_ROW, NULL);
}

/**
 * reframe_journal_row_get_item:
 * @self: the row
 *
 * Returns: (transfer none) (nullable): the day or entry shown
 */
GObject *
reframe_journal_row_get_item (ReframeJournalRow *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_ROW (self), NULL);

  return self->item;
}

/**
 * reframe_journal_row_set_item:
 * @self: the row
 * @item: (nullable): a #ReframeJournalDay or a #ReframeMoodEntry
 *
 * Shows @item and follows its changes.
 */
void
reframe_journal_row_set_item (ReframeJournalRow *self,
                              GObject           *item)
{
  g_return_if_fail (REFRAME_IS_JOURNAL_ROW (self));
  g_return_if_fail (item == NULL || G_IS_OBJECT (item));

  if (!g_set_object (&self->item, item))
    return;

  g_signal_group_set_target (self->entry_signals,
                             REFRAME_IS_MOOD_ENTRY (item) ? item : NULL);
  if (self->menu != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->menu));
  update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * reframe_journal_row_set_tags:
 * @self: the row
 * @feelings: (nullable): feeling names to #ReframeTag, for their labels
 * @activities: (nullable): activity names to #ReframeTag, for labels and icons
 *
 * Tells the row how to show tag names. The tables are shared, not copied.
 */
void
reframe_journal_row_set_tags (ReframeJournalRow *self,
                              GHashTable        *feelings,
                              GHashTable        *activities)
{
  g_return_if_fail (REFRAME_IS_JOURNAL_ROW (self));

  g_clear_pointer (&self->feelings, g_hash_table_unref);
  g_clear_pointer (&self->activities, g_hash_table_unref);
  self->feelings = feelings != NULL ? g_hash_table_ref (feelings) : NULL;
  self->activities = activities != NULL ? g_hash_table_ref (activities) : NULL;

  if (self->item != NULL)
    update (self);
}

/**
 * reframe_journal_row_popup_menu:
 * @self: the row
 *
 * Opens the row's menu (Edit, Delete) for the keyboard's menu key.
 */
void
reframe_journal_row_popup_menu (ReframeJournalRow *self)
{
  g_return_if_fail (REFRAME_IS_JOURNAL_ROW (self));

  show_menu_at (self, -1, -1);
}
