/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-page-private.h: calls between the journal page's files, and what the UI
 * tests look at inside the page. */

#pragma once

#include "reframe-entry-editor.h"
#include "reframe-journal-page.h"
#include "reframe-list-window.h"

G_BEGIN_DECLS

struct _ReframeJournalPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkSearchBar   *search_bar;
  GtkSearchEntry *search_entry;
  GtkDropDown    *mood_filter;
  GtkDropDown    *tag_filter;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkListView    *list_view;
  AdwStatusPage  *error_status;

  /* Owned */
  ReframeMoodRepository *repository;
  ReframeJournalModel   *model;
  ReframeListWindow     *rows;
  GHashTable            *feelings;
  GHashTable            *activities;
  GPtrArray             *tag_names;
  GHashTable            *deleted;
  GError                *load_error;
  GObject               *align_item;
  guint                  loading_timeout_id;
  gboolean               resetting_filters;
  /* The filters' lists are made when the search bar first opens: each list builds its
   * rows at once, and most people never open it. */
  gboolean filters_ready;

  /* Borrowed: cleared when the editor is destroyed. */
  ReframeEntryEditor *editor;
};

/* reframe-journal-page-actions.c: editing, deleting and undoing, and the keyboard on rows */
void              _reframe_journal_page_class_install_entry_actions (GtkWidgetClass *widget_class);
ReframeMoodEntry *_reframe_journal_page_dup_entry_at (ReframeJournalPage *self,
                                                      guint               position);
void              _reframe_journal_page_show_position (ReframeJournalPage *self,
                                                       guint               position,
                                                       gboolean            focus);
GtkWidget        *_reframe_journal_page_find_row (ReframeJournalPage *self,
                                                  GObject            *item);

/* For the tests */
const char         *_reframe_journal_page_get_state (ReframeJournalPage *self);
GtkEditable        *_reframe_journal_page_get_search_entry (ReframeJournalPage *self);
GtkListView        *_reframe_journal_page_get_list_view (ReframeJournalPage *self);
ReframeEntryEditor *_reframe_journal_page_get_editor (ReframeJournalPage *self);

G_END_DECLS
