/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-page-actions.c: the journal page's entry actions: edit, delete with undo,
 * and the keyboard on rows. */

#define G_LOG_DOMAIN "ReframeJournalPage"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-journal-page-private.h"
#include "reframe-journal-row.h"
#include "reframe-window.h"

static void
show_toast (ReframeJournalPage *self,
            AdwToast           *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (REFRAME_IS_WINDOW (root))
    reframe_window_add_toast (REFRAME_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* Takes @title, which must be markup-safe. Errors stay until dismissed. */
static void
show_error_toast (ReframeJournalPage *self,
                  char               *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 0);
  show_toast (self, toast);
  g_free (title);
}

/**
 * _reframe_journal_page_dup_entry_at:
 * @self: the page
 * @position: a position in the journal model
 *
 * Returns: (transfer full) (nullable): the entry there, %NULL for a day header
 */
ReframeMoodEntry *
_reframe_journal_page_dup_entry_at (ReframeJournalPage *self,
                                    guint               position)
{
  g_autoptr (GObject) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (REFRAME_IS_MOOD_ENTRY (item))
    return REFRAME_MOOD_ENTRY (g_steal_pointer (&item));

  return NULL;
}

static ReframeMoodEntry *
dup_entry_by_uuid (ReframeJournalPage *self,
                   const char         *uuid)
{
  guint position;

  if (self->model == NULL)
    return NULL;

  position = reframe_journal_model_find_entry (self->model, uuid);
  if (position == G_MAXUINT)
    return NULL;

  return _reframe_journal_page_dup_entry_at (self, position);
}

/**
 * _reframe_journal_page_show_position:
 * @self: the page
 * @position: a position in the journal model
 * @focus: whether to move the keyboard focus to that row too
 *
 * Scrolls the list to @position.
 */
void
_reframe_journal_page_show_position (ReframeJournalPage *self,
                                     guint               position,
                                     gboolean            focus)
{
  g_autoptr (GObject) item = NULL;
  GtkWidget *row;

  /* GTK 4.8 has no gtk_list_view_scroll_to(): the list's own action scrolls and
   * makes sure the row at @position has a widget, which we then focus. */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view),
                              "list.scroll-to-item",
                              "u",
                              reframe_list_window_show (self->rows, position));
  if (!focus)
    return;

  item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  row = item != NULL ? _reframe_journal_page_find_row (self, item) : NULL;
  gtk_widget_grab_focus (row != NULL ? row : GTK_WIDGET (self->list_view));
}

/**
 * _reframe_journal_page_find_row:
 * @self: the page
 * @item: an item of the journal model
 *
 * Returns: (transfer none) (nullable): GTK's row widget (around a
 *   #ReframeJournalRow) showing @item, if it has one now
 */
GtkWidget *
_reframe_journal_page_find_row (ReframeJournalPage *self,
                                GObject            *item)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (REFRAME_IS_JOURNAL_ROW (row) &&
          reframe_journal_row_get_item (REFRAME_JOURNAL_ROW (row)) == item)
        return child;
    }

  return NULL;
}

/* Deleting and undoing */

static void
toast_undo_clicked_cb (AdwToast           *toast,
                       ReframeJournalPage *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (toast), "uuid");

  gtk_widget_activate_action (GTK_WIDGET (self), "journal.undo-delete", "s", uuid);
}

static void
toast_dismissed_cb (AdwToast           *toast,
                    ReframeJournalPage *self)
{
  g_hash_table_remove (self->deleted, g_object_get_data (G_OBJECT (toast), "uuid"));
}

static void
show_deleted_toast (ReframeJournalPage *self,
                    const char         *uuid)
{
  AdwToast *toast = adw_toast_new (_ ("Entry deleted"));

  adw_toast_set_button_label (toast, _ ("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "uuid", g_strdup (uuid), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_clicked_cb), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  show_toast (self, toast);
}

static void
undo_delete (ReframeJournalPage *self,
             const char         *uuid)
{
  g_autoptr (GError) error = NULL;
  ReframeMoodEntry *kept = g_hash_table_lookup (self->deleted, uuid);
  guint             position;

  if (kept == NULL || self->repository == NULL)
    return;

  if (!reframe_mood_repository_save (self->repository, kept, &error))
    {
      g_autofree char *message = g_markup_escape_text (error->message, -1);

      /* Translators: %s is why an entry could not be restored */
      show_error_toast (self, g_strdup_printf (_ ("Could not restore the entry: %s"), message));
      return;
    }

  g_hash_table_remove (self->deleted, uuid);

  position = reframe_journal_model_find_entry (self->model, uuid);
  if (position != G_MAXUINT)
    _reframe_journal_page_show_position (self, position, FALSE);
}

/* Focused row */

static ReframeJournalRow *
find_focused_row (ReframeJournalPage *self)
{
  GtkRoot   *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *child;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return NULL;

  /* The focus sits on GTK's row widget around ours, or inside ours. */
  child = gtk_widget_get_first_child (focus);
  if (REFRAME_IS_JOURNAL_ROW (child))
    return REFRAME_JOURNAL_ROW (child);

  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self->list_view);
       w = gtk_widget_get_parent (w))
    {
      if (REFRAME_IS_JOURNAL_ROW (w))
        return REFRAME_JOURNAL_ROW (w);
    }

  return NULL;
}

/* Actions */

static void
edit_entry_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeJournalPage *self = REFRAME_JOURNAL_PAGE (widget);
  g_autoptr (ReframeMoodEntry) entry =
      dup_entry_by_uuid (self, g_variant_get_string (parameter, NULL));

  if (entry != NULL)
    reframe_journal_page_edit_entry (self, entry);
}

static void
delete_entry_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ReframeJournalPage *self = REFRAME_JOURNAL_PAGE (widget);
  g_autoptr (ReframeMoodEntry) entry =
      dup_entry_by_uuid (self, g_variant_get_string (parameter, NULL));

  if (entry != NULL)
    reframe_journal_page_delete_entry (self, entry);
}

static void
delete_focused_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ReframeJournalPage *self = REFRAME_JOURNAL_PAGE (widget);
  ReframeJournalRow  *row = find_focused_row (self);
  GObject            *item = row != NULL ? reframe_journal_row_get_item (row) : NULL;
  g_autoptr (ReframeMoodEntry) entry = NULL;
  guint position;

  if (!REFRAME_IS_MOOD_ENTRY (item))
    return;

  position = reframe_journal_model_find_entry (
      self->model, reframe_mood_entry_get_uuid (REFRAME_MOOD_ENTRY (item)));
  entry = g_object_ref (REFRAME_MOOD_ENTRY (item));
  reframe_journal_page_delete_entry (self, entry);

  /* Keep the keyboard where it was: on the row that moved up into its place. */
  if (position != G_MAXUINT && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    _reframe_journal_page_show_position (
        self, MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->model)) - 1), TRUE);
}

static void
row_menu_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ReframeJournalRow *row = find_focused_row (REFRAME_JOURNAL_PAGE (widget));

  if (row != NULL)
    reframe_journal_row_popup_menu (row);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  undo_delete (REFRAME_JOURNAL_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* Installs the journal.* actions on entries; the page's class_init calls it. */
void
_reframe_journal_page_class_install_entry_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "journal.edit-entry", "s", edit_entry_action);
  gtk_widget_class_install_action (widget_class, "journal.delete-entry", "s", delete_entry_action);
  gtk_widget_class_install_action (
      widget_class, "journal.delete-focused", NULL, delete_focused_action);
  gtk_widget_class_install_action (widget_class, "journal.row-menu", NULL, row_menu_action);
  gtk_widget_class_install_action (widget_class, "journal.undo-delete", "s", undo_delete_action);
}

/**
 * reframe_journal_page_delete_entry:
 * @self: the page
 * @entry: the entry to delete
 *
 * Deletes @entry and offers to undo it from a toast. The undo saves a copy of
 * @entry as it is now, with the same uuid.
 *
 * Returns: %TRUE if the entry was deleted
 */
gboolean
reframe_journal_page_delete_entry (ReframeJournalPage *self,
                                   ReframeMoodEntry   *entry)
{
  g_autoptr (GError) error = NULL;
  const char *uuid;

  g_return_val_if_fail (REFRAME_IS_JOURNAL_PAGE (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_MOOD_ENTRY (entry), FALSE);
  g_return_val_if_fail (self->repository != NULL, FALSE);

  uuid = reframe_mood_entry_get_uuid (entry);
  if (!reframe_mood_repository_delete (self->repository, uuid, &error))
    {
      g_autofree char *message = g_markup_escape_text (error->message, -1);

      /* Translators: %s is why an entry could not be deleted */
      show_error_toast (self, g_strdup_printf (_ ("Could not delete the entry: %s"), message));
      return FALSE;
    }

  g_hash_table_replace (self->deleted, g_strdup (uuid), reframe_mood_entry_copy (entry));
  show_deleted_toast (self, uuid);

  return TRUE;
}
