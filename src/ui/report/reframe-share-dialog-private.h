/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-share-dialog-private.h: calls between the share dialog's files, and what the UI test
 * drives without the file chooser. */

#pragma once

#include "reframe-report-pdf.h"
#include "reframe-share-dialog.h"

G_BEGIN_DECLS

/* The layout, shared with a print operation that may outlive the next rebuild. */
typedef struct
{
  ReframeReportLayout *layout;
} LayoutBox;

struct _ReframeShareDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkMenuButton   *save_button;
  AdwComboRow     *period_row;
  GtkMenuButton   *from_button;
  GtkMenuButton   *to_button;
  GtkCalendar     *from_calendar;
  GtkCalendar     *to_calendar;
  GtkSwitch       *mood_switch;
  GtkSwitch       *entries_switch;
  GtkSwitch       *worksheets_switch;
  GtkSwitch       *questionnaires_switch;
  GtkSwitch       *homework_switch;
  GtkSwitch       *safety_plan_switch;
  AdwEntryRow     *name_row;
  AdwComboRow     *language_row;
  GtkListView     *items_view;
  GtkDrawingArea  *preview;
  GtkLabel        *page_label;
  GtkSpinner      *spinner;
  GtkRevealer     *save_revealer;
  GtkLabel        *save_label;
  GtkProgressBar  *save_progress;
  GtkWidget       *cancel_save_button;
  GtkWidget       *open_button;
  GtkWidget       *show_button;
  GtkWidget       *email_button;
  AdwActionRow    *own_words_row;
  GtkSwitch       *own_words_switch;

  /* Owned */
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  GSettings               *settings;
  char                   **languages; /* the report's languages after "Same as Reframe" */
  GCancellable            *build_cancellable;
  GCancellable            *save_cancellable;
  ReframeReport           *report;
  LayoutBox               *layout;
  GListStore              *items;      /* of GtkStringObject: candidate UUIDs */
  GHashTable              *candidates; /* UUID → ReframeReportItem* (borrowed from report_for_items) */
  ReframeReport           *report_for_items;
  GHashTable              *choices; /* UUID → ticked (TRUE) or unticked (FALSE), what the person changed */
  GtkFileChooserNative    *chooser;
  GFile                   *saving_file;
  GFile                   *saved_file;
  char                    *items_key;
  char                    *own_words; /* the text kept for the period, NULL when none */

  GDate    from;
  GDate    to;
  guint    rebuild_id;
  guint    page;
  guint    generation;
  gboolean updating_period;
  gboolean building;
};

/* reframe-share-dialog.c: the selection: period, kinds, language, own words, items */
void                  _reframe_share_dialog_toast (ReframeShareDialog *self,
                                                   const char         *message);
ReframeReportOptions *_reframe_share_dialog_make_options (ReframeShareDialog *self);
void                  _reframe_share_dialog_update_items (ReframeShareDialog *self,
                                                          ReframeReport      *report);

/* reframe-share-dialog-preview.c: rebuilding the report and showing its pages */
void _reframe_share_dialog_class_install_preview_actions (GtkWidgetClass *widget_class);
void _reframe_share_dialog_init_preview (ReframeShareDialog *self);
void _reframe_share_dialog_schedule_rebuild (ReframeShareDialog *self);
void _reframe_share_dialog_update_pages (ReframeShareDialog *self);
void _reframe_share_dialog_layout_box_release (gpointer box);

/* reframe-share-dialog-output.c: saving, printing, and what follows a save */
void _reframe_share_dialog_class_install_output_actions (GtkWidgetClass *widget_class);

/* For the tests */
void                 _reframe_share_dialog_set_period (ReframeShareDialog *self,
                                                       const GDate        *from,
                                                       const GDate        *to);
void                 _reframe_share_dialog_set_item_included (ReframeShareDialog *self,
                                                              const char         *uuid,
                                                              gboolean            included);
GListModel          *_reframe_share_dialog_get_items (ReframeShareDialog *self);
gboolean             _reframe_share_dialog_get_item_included (ReframeShareDialog *self,
                                                              const char         *uuid);
gboolean             _reframe_share_dialog_is_busy (ReframeShareDialog *self);
guint                _reframe_share_dialog_get_generation (ReframeShareDialog *self);
ReframeReportLayout *_reframe_share_dialog_get_layout (ReframeShareDialog *self);
void                 _reframe_share_dialog_save (ReframeShareDialog *self,
                                                 GFile              *file,
                                                 ReframeReportFormat format);
gboolean             _reframe_share_dialog_is_saving (ReframeShareDialog *self);
GFile               *_reframe_share_dialog_get_saved_file (ReframeShareDialog *self);
gboolean             _reframe_share_dialog_print_to_file (ReframeShareDialog *self,
                                                          const char         *path,
                                                          GError            **error);
GtkWidget           *_reframe_share_dialog_open_appointment (ReframeShareDialog *self);
void                 _reframe_share_dialog_set_own_words_active (ReframeShareDialog *self,
                                                                 gboolean            active);

G_END_DECLS
