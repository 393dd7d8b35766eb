/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-companion-preferences-private.h: calls between the Companion page's files. */

#pragma once

#include "reframe-companion-config.h"
#include "reframe-companion-preferences.h"
#include "reframe-models-group.h"

G_BEGIN_DECLS

/* Typing an address or instructions saves once the typing pauses, not per key. */
#define SAVE_DELAY_MS 500

struct _ReframeCompanionPreferences
{
  AdwPreferencesPage parent_instance;

  /* Template widgets */
  AdwComboRow        *kind_row;
  AdwEntryRow        *endpoint_row;
  AdwActionRow       *locality_row;
  GtkImage           *locality_icon;
  GtkImage           *lock_icon;
  GtkSwitch          *forwards_switch;
  AdwEntryRow        *key_row;
  GtkButton          *remove_key_button;
  AdwActionRow       *test_row;
  GtkImage           *test_icon;
  GtkSpinner         *test_spinner;
  GtkButton          *test_button;
  AdwComboRow        *model_row;
  GtkStringList      *model_list;
  AdwEntryRow        *model_entry_row;
  AdwComboRow        *context_row;
  GtkStringList      *context_list;
  ReframeModelsGroup *models_group;
  GtkTextView        *prompt_view;
  GtkButton          *reset_prompt_button;
  AdwComboRow        *country_row;
  GtkStringList      *country_list;
  AdwEntryRow        *therapist_name_row;
  AdwEntryRow        *therapist_phone_row;

  /* Owned */
  GSettings              *settings;
  ReframeCompanionConfig *config;
  GCancellable           *locality_cancellable;
  GCancellable           *models_cancellable;
  GCancellable           *test_cancellable;
  char                   *models_service;     /* what the Models group shows: kind, address, key */
  GCancellable           *key_cancellable;    /* saves and removals of keys */
  GCancellable           *lookup_cancellable; /* the lookup of the shown endpoint's key */
  char                   *key_endpoint;       /* the normalised endpoint the key row's key belongs to */
  char                   *stored_key;         /* what the keyring holds for it, to notice edits */
  GPtrArray              *country_codes;      /* of char *, in the order of the Country row */
  guint                   endpoint_save_id;
  guint                   prompt_save_id;

  /* Set while code fills the widgets, so their change signals save nothing. */
  gboolean updating;
};

/* reframe-companion-preferences.c: the model service and its key, the connection test */
GCancellable *_reframe_renew_cancellable (GCancellable **cancellable);
char         *_reframe_companion_preferences_dup_typed_key (ReframeCompanionPreferences *self);

void _reframe_companion_preferences_set_editable_text (ReframeCompanionPreferences *self,
                                                       gpointer                     editable,
                                                       const char                  *text);

/* reframe-companion-preferences-models.c: the Model row and the Models group */
void _reframe_companion_preferences_class_init_models (GtkWidgetClass *widget_class);
void _reframe_companion_preferences_refresh_models (ReframeCompanionPreferences *self);
void _reframe_companion_preferences_update_models_group (ReframeCompanionPreferences *self);

/* reframe-companion-preferences-instructions.c: the companion's instructions */
void _reframe_companion_preferences_class_init_instructions (GtkWidgetClass *widget_class);
void _reframe_companion_preferences_init_instructions (ReframeCompanionPreferences *self);
void _reframe_companion_preferences_save_prompt (ReframeCompanionPreferences *self);

G_END_DECLS
