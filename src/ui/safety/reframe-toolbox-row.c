/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-row.c: one thing from the coping toolbox as a row.
 *
 * The same row reads in the toolbox window, in the safety plan and in Get Help Now: a
 * person with their number large and Copy (Call where this computer can), a song or a
 * link with Open, a photo as a picture, words as they were written. */

#define G_LOG_DOMAIN "ReframeToolboxRow"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-phone-row.h"
#include "reframe-toolbox-item-dialog.h"
#include "reframe-toolbox-row.h"

#define PHOTO_WIDTH  96
#define PHOTO_HEIGHT 72

static void
open_clicked_cb (GtkButton *button)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                g_object_get_data (G_OBJECT (button), "uri"),
                GDK_CURRENT_TIME);
}

static GtkWidget *
open_button (const char *uri,
             const char *icon_name,
             const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "uri", g_strdup (uri), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (open_clicked_cb), NULL);
  return button;
}

static const char *
kind_icon (ReframeToolboxKind kind)
{
  switch (kind)
    {
    case REFRAME_TOOLBOX_REASON:
      return "emblem-favorite-symbolic";
    case REFRAME_TOOLBOX_LINK:
      return "audio-x-generic-symbolic";
    case REFRAME_TOOLBOX_WORKED:
      return "emblem-ok-symbolic";
    case REFRAME_TOOLBOX_NOTE:
    case REFRAME_TOOLBOX_PERSON:
    case REFRAME_TOOLBOX_PHOTO:
    default:
      return "format-justify-left-symbolic";
    }
}

static GtkWidget *
photo_prefix (const char *path)
{
  GtkWidget *picture = gtk_picture_new_for_filename (path);

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_widget_set_size_request (picture, PHOTO_WIDTH, PHOTO_HEIGHT);
  gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (picture, 6);
  gtk_widget_set_margin_bottom (picture, 6);
  gtk_widget_add_css_class (picture, "toolbox-photo");
  return picture;
}

static GtkWidget *
text_row (ReframeToolboxRepository *repository,
          ReframeToolboxItem       *item,
          GtkWidget               **suffix_box)
{
  GtkWidget         *row = adw_action_row_new ();
  ReframeToolboxKind kind = reframe_toolbox_item_get_kind (item);
  const char        *detail = reframe_toolbox_item_get_detail (item);
  GtkWidget         *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reframe_toolbox_item_get_text (item));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reframe_toolbox_kind_get_label (kind));
  gtk_widget_add_css_class (row, "toolbox-row");
  if (kind == REFRAME_TOOLBOX_PHOTO)
    {
      g_autofree char *path = reframe_toolbox_repository_dup_photo_path (repository, item);
      g_autofree char *uri = path != NULL ? g_filename_to_uri (path, NULL, NULL) : NULL;

      if (path != NULL)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), photo_prefix (path));
      if (uri != NULL)
        gtk_box_append (GTK_BOX (box),
                        open_button (uri, "view-fullscreen-symbolic", _ ("Show the Photo")));
    }
  else
    adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                               gtk_image_new_from_icon_name (kind_icon (kind)));
  if (kind == REFRAME_TOOLBOX_LINK && detail != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
      gtk_box_append (GTK_BOX (box),
                      open_button (detail, "web-browser-symbolic", _ ("Open the Link")));
    }
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  *suffix_box = box;
  return row;
}

/**
 * reframe_toolbox_row_new:
 * @repository: the toolbox, for the photos
 * @item: the thing to show
 * @suffix_box: (out) (transfer none) (optional): a box at the row's end for more buttons
 *
 * Returns: (transfer floating): the row
 */
GtkWidget *
reframe_toolbox_row_new (ReframeToolboxRepository *repository,
                         ReframeToolboxItem       *item,
                         GtkWidget               **suffix_box)
{
  GtkWidget *box = NULL;
  GtkWidget *row;

  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (item), NULL);

  if (reframe_toolbox_item_get_kind (item) == REFRAME_TOOLBOX_PERSON)
    {
      const char *numbers[] = { reframe_toolbox_item_get_detail (item), NULL };

      row = reframe_phone_row_new (
          reframe_toolbox_item_get_text (item), numbers[0] != NULL ? numbers : NULL, NULL, NULL);
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      reframe_phone_row_add_suffix (REFRAME_PHONE_ROW (row), box);
    }
  else
    row = text_row (repository, item, &box);
  if (suffix_box != NULL)
    *suffix_box = box;
  return row;
}
