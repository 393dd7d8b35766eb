/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-item-dialog.c: one thing in the coping toolbox, added or changed.
 *
 * The fields follow what the thing is: a person has a number, a song a link, a photo a
 * picture chosen from the disk (copied into Reframe's folder, so that it stays when the
 * original is moved). Nothing is saved until Save; a problem is said in the dialog and
 * what was typed stays. */

#define G_LOG_DOMAIN "ReframeToolboxItemDialog"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-toolbox-item-dialog.h"

typedef struct
{
  ReframeToolboxKind kind;
  const char        *label;
  const char        *text_title;
  const char        *detail_title; /* NULL: no detail */
  const char        *hint;
} KindInfo;

/* In the order offered: what matters most on a bad night first. */
static const KindInfo KINDS[] = {
  /* Translators: kinds of coping toolbox items: the kind, the title of its main field, of its
     second field, and its help */
  { REFRAME_TOOLBOX_REASON,
    N_ ("A reason to live"),
    N_ ("Reason"),
    NULL,
    N_ ("Someone or something you want to be here for.") },
  { REFRAME_TOOLBOX_PERSON,
    N_ ("Someone to call"),
    N_ ("Name"),
    N_ ("Phone Number"),
    N_ ("Someone who is good to hear from when things are hard.") },
  { REFRAME_TOOLBOX_NOTE,
    N_ ("Words that help"),
    N_ ("Words"),
    NULL,
    N_ ("A quote, a message to yourself, something someone once said to you.") },
  { REFRAME_TOOLBOX_LINK,
    N_ ("A song or a link"),
    N_ ("Title"),
    N_ ("Link"),
    N_ ("Music, a video or a page that lifts you. It opens in your browser or player.") },
  { REFRAME_TOOLBOX_PHOTO,
    N_ ("A photo"),
    N_ ("Caption"),
    NULL,
    N_ ("A good day, a place, a person. A copy is kept in Reframe’s folder on this computer.") },
  { REFRAME_TOOLBOX_WORKED,
    N_ ("Something that worked"),
    N_ ("What Worked"),
    NULL,
    N_ ("Something that helped before, to remember to try it again.") },
};

struct _ReframeToolboxItemDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwComboRow  *kind_row;
  AdwEntryRow  *text_row;
  AdwEntryRow  *detail_row;
  AdwActionRow *photo_row;
  GtkLabel     *hint_label;
  GtkLabel     *error_label;
  GtkWidget    *save_button;

  /* Owned */
  ReframeToolboxRepository *repository;
  ReframeToolboxItem       *item;
  gboolean                  is_new;
  GFile                    *photo;
  GtkFileChooserNative     *chooser;
};

G_DEFINE_FINAL_TYPE (ReframeToolboxItemDialog, reframe_toolbox_item_dialog, ADW_TYPE_WINDOW)

static const KindInfo *
kind_info (ReframeToolboxKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (KINDS); i++)
    if (KINDS[i].kind == kind)
      return &KINDS[i];
  return &KINDS[0];
}

/**
 * reframe_toolbox_kind_get_label:
 * @kind: a kind of toolbox item
 *
 * Returns: what it is, in words, translated ("Someone to call")
 */
const char *
reframe_toolbox_kind_get_label (ReframeToolboxKind kind)
{
  return _ (kind_info (kind)->label);
}

static const KindInfo *
selected_kind (ReframeToolboxItemDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return selected < G_N_ELEMENTS (KINDS) ? &KINDS[selected] : &KINDS[0];
}

static void
show_error (ReframeToolboxItemDialog *self,
            const char               *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
kind_selected_cb (ReframeToolboxItemDialog *self)
{
  const KindInfo *info = selected_kind (self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->text_row), _ (info->text_title));
  gtk_widget_set_visible (GTK_WIDGET (self->detail_row), info->detail_title != NULL);
  if (info->detail_title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->detail_row), _ (info->detail_title));
  gtk_widget_set_visible (GTK_WIDGET (self->photo_row), info->kind == REFRAME_TOOLBOX_PHOTO);
  gtk_label_set_text (self->hint_label, _ (info->hint));
  show_error (self, NULL);
}

/* A link typed as "example.org/song" is meant as a web address. */
static char *
normalize_link (const char *text)
{
  g_autofree char *uri = strstr (text, "://") != NULL || g_str_has_prefix (text, "mailto:")
                             ? g_strdup (text)
                             : g_strconcat ("https://", text, NULL);

  return g_uri_is_valid (uri, G_URI_FLAGS_PARSE_RELAXED, NULL) ? g_steal_pointer (&uri) : NULL;
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Checks what was typed and gives the detail to store, or says what is missing. */
static gboolean
read_detail (ReframeToolboxItemDialog *self,
             const KindInfo           *info,
             char                    **detail)
{
  g_autofree char *typed = entry_text (self->detail_row);

  *detail = NULL;
  if (info->kind == REFRAME_TOOLBOX_LINK)
    {
      if (*typed == '\0' || (*detail = normalize_link (typed)) == NULL)
        {
          show_error (self, _ ("Type or paste the link, such as https://example.org/song."));
          return FALSE;
        }
    }
  else if (info->kind == REFRAME_TOOLBOX_PERSON)
    *detail = *typed != '\0' ? g_steal_pointer (&typed) : NULL;
  else if (info->kind == REFRAME_TOOLBOX_PHOTO)
    {
      if (self->photo == NULL && reframe_toolbox_item_get_detail (self->item) == NULL)
        {
          show_error (self, _ ("Choose a photo first."));
          return FALSE;
        }
      *detail = g_strdup (reframe_toolbox_item_get_detail (self->item));
    }
  return TRUE;
}

static void
save_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeToolboxItemDialog *self = REFRAME_TOOLBOX_ITEM_DIALOG (widget);
  const KindInfo           *info = selected_kind (self);
  g_autofree char          *text = entry_text (self->text_row);
  g_autofree char          *detail = NULL;
  g_autoptr (GError) error = NULL;

  if (*text == '\0')
    {
      show_error (self, _ ("Write a few words first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->text_row));
      return;
    }
  if (!read_detail (self, info, &detail))
    return;

  reframe_toolbox_item_set_kind (self->item, info->kind);
  reframe_toolbox_item_set_text (self->item, text);
  reframe_toolbox_item_set_detail (self->item, detail);
  /* The picture is copied first: a failed copy saves nothing. */
  if ((self->photo != NULL && !reframe_toolbox_repository_set_photo (
                                  self->repository, self->item, self->photo, NULL, &error)) ||
      !reframe_toolbox_repository_save (self->repository, self->item, &error))
    {
      show_error (self, error->message);
      return;
    }
  g_clear_object (&self->photo);
  gtk_window_close (GTK_WINDOW (self));
}

static void
chooser_response_cb (GtkNativeDialog          *chooser,
                     int                       response,
                     ReframeToolboxItemDialog *self)
{
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT
                               ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))
                               : NULL;

  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      g_set_object (&self->photo, file);
      adw_action_row_set_subtitle (self->photo_row, name);
      show_error (self, NULL);
    }
  g_clear_object (&self->chooser);
}

static void
choose_photo_activated_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ReframeToolboxItemDialog *self = REFRAME_TOOLBOX_ITEM_DIALOG (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _ ("Pictures"));
  gtk_file_filter_add_mime_type (filter, "image/*");
  self->chooser = gtk_file_chooser_native_new (_ ("Choose a Photo"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _ ("_Choose"),
                                               _ ("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reframe_toolbox_item_dialog_dispose (GObject *object)
{
  ReframeToolboxItemDialog *self = REFRAME_TOOLBOX_ITEM_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_TOOLBOX_ITEM_DIALOG);
  g_clear_object (&self->photo);
  g_clear_object (&self->item);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (reframe_toolbox_item_dialog_parent_class)->dispose (object);
}

static void
reframe_toolbox_item_dialog_class_init (ReframeToolboxItemDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_toolbox_item_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-toolbox-item-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxItemDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxItemDialog, text_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxItemDialog, detail_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxItemDialog, photo_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxItemDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxItemDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxItemDialog, save_button);

  gtk_widget_class_install_action (widget_class, "item.save", NULL, save_activated_cb);
  gtk_widget_class_install_action (
      widget_class, "item.choose-photo", NULL, choose_photo_activated_cb);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "item.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
reframe_toolbox_item_dialog_init (ReframeToolboxItemDialog *self)
{
  g_autoptr (GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (KINDS); i++)
    gtk_string_list_append (kinds, _ (KINDS[i].label));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  /* Enter in a field saves, as Ctrl+Return does. */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}

static void
fill (ReframeToolboxItemDialog *self)
{
  ReframeToolboxKind kind = reframe_toolbox_item_get_kind (self->item);

  for (guint i = 0; i < G_N_ELEMENTS (KINDS); i++)
    if (KINDS[i].kind == kind)
      adw_combo_row_set_selected (self->kind_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->text_row), reframe_toolbox_item_get_text (self->item));
  if (kind != REFRAME_TOOLBOX_PHOTO && reframe_toolbox_item_get_detail (self->item) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->detail_row),
                           reframe_toolbox_item_get_detail (self->item));
  if (kind == REFRAME_TOOLBOX_PHOTO && reframe_toolbox_item_get_detail (self->item) != NULL)
    adw_action_row_set_subtitle (self->photo_row, _ ("Kept in Reframe"));
}

/**
 * reframe_toolbox_item_dialog_new:
 * @parent: (nullable): the window it opens over
 * @repository: the toolbox
 * @item: (nullable): the item to change; %NULL to add one
 *
 * Returns: (transfer floating): the dialog
 */
GtkWidget *
reframe_toolbox_item_dialog_new (GtkWindow                *parent,
                                 ReframeToolboxRepository *repository,
                                 ReframeToolboxItem       *item)
{
  ReframeToolboxItemDialog *self;

  g_return_val_if_fail (REFRAME_IS_TOOLBOX_REPOSITORY (repository), NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_TOOLBOX_ITEM_DIALOG, parent);
  self->repository = g_object_ref (repository);
  self->is_new = item == NULL;
  self->item =
      item != NULL ? g_object_ref (item) : reframe_toolbox_item_new (REFRAME_TOOLBOX_REASON, "");
  if (!self->is_new)
    {
      fill (self);
      /* Translators: the title of the dialog that edits a coping toolbox item (a verb: change this
       * item) */
      gtk_window_set_title (GTK_WINDOW (self), _ ("Change"));
      /* A photo stays a photo: its file is the toolbox's to remove, on delete. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), FALSE);
    }
  g_signal_connect_object (
      self->kind_row, "notify::selected", G_CALLBACK (kind_selected_cb), self, G_CONNECT_SWAPPED);
  kind_selected_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_row));
  return GTK_WIDGET (self);
}
