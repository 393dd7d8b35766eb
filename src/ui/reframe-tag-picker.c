/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-tag-picker.c: toggle chips for an entry's feelings or activities, and a field to add
 * one's own. */

#define G_LOG_DOMAIN "ReframeTagPicker"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-format.h"
#include "reframe-tag-picker.h"
#include "reframe-tag.h"
#include "reframe-wrap-box.h"

struct _ReframeTagPicker
{
  AdwBin parent_instance;

  /* Template widgets */
  ReframeWrapBox *chips_box;
  GtkEntry       *add_entry;
  GtkButton      *add_button;

  /* Owned */
  ReframeMoodRepository *repository;
  ReframeMoodEntry      *entry;
  ReframeTagKind         kind;

  /* The chips are being rebuilt: their toggles are not the user's. */
  gboolean building;
};

G_DEFINE_FINAL_TYPE (ReframeTagPicker, reframe_tag_picker, ADW_TYPE_BIN)

static const char *const *
get_chosen (ReframeTagPicker *self)
{
  return self->kind == REFRAME_TAG_FEELING
             ? reframe_mood_entry_get_feelings (self->entry)
             : reframe_mood_entry_get_activities (self->entry);
}

static gboolean
has_tag (ReframeTagPicker *self,
         const char       *name)
{
  return self->kind == REFRAME_TAG_FEELING
             ? reframe_mood_entry_has_feeling (self->entry, name)
             : reframe_mood_entry_has_activity (self->entry, name);
}

static void
toggle_tag (ReframeTagPicker *self,
            const char       *name)
{
  if (self->kind == REFRAME_TAG_FEELING)
    reframe_mood_entry_toggle_feeling (self->entry, name);
  else
    reframe_mood_entry_toggle_activity (self->entry, name);
}

static GPtrArray *
list_tags (ReframeTagPicker *self)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *tags = reframe_mood_repository_list_tags (self->repository, self->kind, &error);

  if (tags == NULL)
    {
      g_warning ("Could not list tags: %s", error->message);
      return g_ptr_array_new_with_free_func (g_object_unref);
    }

  return tags;
}

static void
chip_toggled_cb (GtkToggleButton  *chip,
                 ReframeTagPicker *self)
{
  const char *name = g_object_get_data (G_OBJECT (chip), "tag-name");

  if (!self->building && gtk_toggle_button_get_active (chip) != has_tag (self, name))
    toggle_tag (self, name);
}

static GtkWidget *
make_chip (ReframeTagPicker *self,
           const char       *name,
           const char       *label,
           const char       *icon_name)
{
  GtkWidget *chip = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  if (icon_name != NULL)
    gtk_box_append (GTK_BOX (box),
                    g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name",
                                  icon_name,
                                  "accessible-role",
                                  GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL));
  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_button_set_child (GTK_BUTTON (chip), box);
  gtk_widget_add_css_class (chip, "chip");
  gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  g_object_set_data_full (G_OBJECT (chip), "tag-name", g_strdup (name), g_free);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (chip), has_tag (self, name));
  g_signal_connect (chip, "toggled", G_CALLBACK (chip_toggled_cb), self);

  return chip;
}

static void
rebuild (ReframeTagPicker *self)
{
  const char *const *chosen = get_chosen (self);
  const char        *default_icon =
      self->kind == REFRAME_TAG_ACTIVITY ? REFRAME_DEFAULT_ACTIVITY_ICON : NULL;
  g_autoptr (GPtrArray) tags = list_tags (self);
  g_autoptr (GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  self->building = TRUE;
  reframe_wrap_box_remove_all (self->chips_box);

  for (guint i = 0; i < tags->len; i++)
    {
      ReframeTag *tag = g_ptr_array_index (tags, i);
      const char *icon = reframe_tag_get_icon_name (tag);

      g_hash_table_add (shown, (gpointer) reframe_tag_get_name (tag));
      reframe_wrap_box_append (
          self->chips_box,
          make_chip (self,
                     reframe_tag_get_name (tag),
                     reframe_tag_get_label (tag),
                     default_icon != NULL && icon != NULL ? icon : default_icon));
    }

  /* Tags hidden from the pickers stay on the entries that have them. */
  for (guint i = 0; chosen != NULL && chosen[i] != NULL; i++)
    {
      if (!g_hash_table_contains (shown, chosen[i]))
        reframe_wrap_box_append (self->chips_box,
                                 make_chip (self, chosen[i], chosen[i], default_icon));
    }

  self->building = FALSE;
}

/* Finds a tag by its name or its label, ignoring case, so that "Calm" picks "calm". */
static char *
find_tag_name (ReframeTagPicker *self,
               const char       *text)
{
  g_autoptr (GPtrArray) tags = list_tags (self);
  g_autofree char *wanted = g_utf8_casefold (text, -1);

  for (guint i = 0; i < tags->len; i++)
    {
      ReframeTag      *tag = g_ptr_array_index (tags, i);
      g_autofree char *name = g_utf8_casefold (reframe_tag_get_name (tag), -1);
      g_autofree char *label = g_utf8_casefold (reframe_tag_get_label (tag), -1);

      if (g_str_equal (name, wanted) || g_str_equal (label, wanted))
        return g_strdup (reframe_tag_get_name (tag));
    }

  return NULL;
}

static void
show_add_error (ReframeTagPicker *self,
                const GError     *error)
{
  GtkWidget       *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  if (overlay == NULL)
    {
      g_warning ("Could not add a tag: %s", error->message);
      return;
    }

  /* Translators: %s says why a feeling or activity could not be added */
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                               adw_toast_new_format (_ ("Could not add it: %s"), escaped));
}

static void
add_activated_cb (ReframeTagPicker *self)
{
  g_autofree char *text =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_entry))));
  g_autofree char *name = NULL;
  g_autoptr (GError) error = NULL;

  if (*text == '\0' || self->repository == NULL)
    return;

  name = find_tag_name (self, text);
  if (name == NULL)
    {
      /* The text stays in the field when adding fails. */
      if (!reframe_mood_repository_add_tag (self->repository, self->kind, text, NULL, &error))
        {
          show_add_error (self, error);
          return;
        }
      name = find_tag_name (self, text);
    }

  if (!has_tag (self, name != NULL ? name : text))
    toggle_tag (self, name != NULL ? name : text);
  gtk_editable_set_text (GTK_EDITABLE (self->add_entry), "");
  rebuild (self);
}

static void
repository_entry_changed_cb (ReframeTagPicker *self,
                             const char       *uuid,
                             const char       *old_day,
                             const char       *new_day)
{
  /* An empty uuid means the tags changed, maybe in Preferences. */
  if (uuid == NULL || *uuid == '\0')
    rebuild (self);
}

static void
set_texts (ReframeTagPicker *self)
{
  gboolean    feeling = self->kind == REFRAME_TAG_FEELING;
  const char *add = feeling ? _ ("Add Feeling") : _ ("Add Activity");

  gtk_entry_set_placeholder_text (
      self->add_entry, feeling ? _ ("Add your own feeling") : _ ("Add your own activity"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  feeling ? _ ("New Feeling") : _ ("New Activity"),
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button), add);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (self->add_button), GTK_ACCESSIBLE_PROPERTY_LABEL, add, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chips_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  feeling ? _ ("Feelings") : _ ("Activities"),
                                  -1);
}

static void
reframe_tag_picker_dispose (GObject *object)
{
  ReframeTagPicker *self = REFRAME_TAG_PICKER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_TAG_PICKER);
  g_clear_object (&self->repository);
  g_clear_object (&self->entry);

  G_OBJECT_CLASS (reframe_tag_picker_parent_class)->dispose (object);
}

static void
reframe_tag_picker_class_init (ReframeTagPickerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_tag_picker_dispose;

  g_type_ensure (REFRAME_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-tag-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeTagPicker, chips_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeTagPicker, add_entry);
  gtk_widget_class_bind_template_child (widget_class, ReframeTagPicker, add_button);
  gtk_widget_class_bind_template_callback (widget_class, add_activated_cb);
}

static void
reframe_tag_picker_init (ReframeTagPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * reframe_tag_picker_setup:
 * @self: the picker
 * @repository: where the tags are listed and added
 * @kind: feelings or activities
 * @entry: the entry whose tags the chips toggle
 *
 * Shows a chip for each tag of @kind (and for any tag of @entry hidden since),
 * and keeps them current when tags change.
 */
void
reframe_tag_picker_setup (ReframeTagPicker      *self,
                          ReframeMoodRepository *repository,
                          ReframeTagKind         kind,
                          ReframeMoodEntry      *entry)
{
  g_return_if_fail (REFRAME_IS_TAG_PICKER (self));
  g_return_if_fail (REFRAME_IS_MOOD_REPOSITORY (repository));
  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (entry));
  g_return_if_fail (self->repository == NULL);

  self->repository = g_object_ref (repository);
  self->entry = g_object_ref (entry);
  self->kind = kind;

  g_signal_connect_object (repository,
                           "entry-changed",
                           G_CALLBACK (repository_entry_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  set_texts (self);
  rebuild (self);
}
