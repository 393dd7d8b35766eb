/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import-batch.h: what a reader made of an export, before anything is written. */

#pragma once

#include <json-glib/json-glib.h>

#include "reframe-core-types.h"
#include "reframe-assignment.h"
#include "reframe-conversation.h"
#include "reframe-mood-entry.h"
#include "reframe-toolbox-item.h"
#include "reframe-worksheet.h"

G_BEGIN_DECLS

/**
 * ReframeImportKind:
 * @REFRAME_IMPORT_MOOD_ENTRY: a #ReframeMoodEntry
 * @REFRAME_IMPORT_WORKSHEET: a #ReframeWorksheet (a thought record, a questionnaire…)
 * @REFRAME_IMPORT_ASSIGNMENT: a #ReframeAssignment (homework)
 * @REFRAME_IMPORT_CONVERSATION: a #ReframeConversation with the companion
 * @REFRAME_IMPORT_TOOLBOX_ITEM: a #ReframeToolboxItem of the coping toolbox
 * @REFRAME_IMPORT_N_KINDS: the number of kinds
 *
 * The kinds of record an import brings, in the order they are written.
 */
typedef enum
{
  REFRAME_IMPORT_MOOD_ENTRY,
  REFRAME_IMPORT_WORKSHEET,
  REFRAME_IMPORT_ASSIGNMENT,
  REFRAME_IMPORT_CONVERSATION,
  REFRAME_IMPORT_TOOLBOX_ITEM,
  REFRAME_IMPORT_N_KINDS,
} ReframeImportKind;

#define REFRAME_TYPE_IMPORT_BATCH (reframe_import_batch_get_type ())

G_DECLARE_FINAL_TYPE (ReframeImportBatch, reframe_import_batch, REFRAME, IMPORT_BATCH, GObject)

const char *reframe_import_kind_get_label (ReframeImportKind kind,
                                           guint             n);
char       *reframe_import_kind_format_count (ReframeImportKind kind,
                                              guint             n);
const char *reframe_import_kind_get_key (ReframeImportKind kind);

ReframeImportBatch *reframe_import_batch_new (const char *format_id,
                                              const char *format_name);
const char         *reframe_import_batch_get_format_id (ReframeImportBatch *self);
const char         *reframe_import_batch_get_format_name (ReframeImportBatch *self);

/* Records. @source_id is what identifies the record in the app it comes from (a UUID, or
 * "2024-03-12 21:40" and the row's text for an app without ids); it may be NULL. The batch
 * takes a reference; the record's time is counted in the first and last dates. */
void        reframe_import_batch_add_mood_entry (ReframeImportBatch *self,
                                                 ReframeMoodEntry   *entry,
                                                 const char         *source_id);
void        reframe_import_batch_add_worksheet (ReframeImportBatch *self,
                                                ReframeWorksheet   *worksheet,
                                                const char         *source_id);
void        reframe_import_batch_add_assignment (ReframeImportBatch *self,
                                                 ReframeAssignment  *assignment,
                                                 const char         *source_id);
void        reframe_import_batch_add_conversation (ReframeImportBatch  *self,
                                                   ReframeConversation *conversation,
                                                   const char          *source_id);
void        reframe_import_batch_add_toolbox_item (ReframeImportBatch *self,
                                                   ReframeToolboxItem *item,
                                                   const char         *source_id);
guint       reframe_import_batch_get_n_records (ReframeImportBatch *self,
                                                ReframeImportKind   kind);
guint       reframe_import_batch_get_n_total (ReframeImportBatch *self);
gpointer    reframe_import_batch_get_record (ReframeImportBatch *self,
                                             ReframeImportKind   kind,
                                             guint               position);
const char *reframe_import_batch_get_source_id (ReframeImportBatch *self,
                                                ReframeImportKind   kind,
                                                guint               position);
GDateTime  *reframe_import_batch_get_first (ReframeImportBatch *self);
GDateTime  *reframe_import_batch_get_last (ReframeImportBatch *self);

/* Lines or records that could not be read: @line is the line (CSV, YAML) or the record's
 * number (JSON), counted from 1; the message says why, in words a person understands. */
void  reframe_import_batch_add_problem (ReframeImportBatch *self,
                                        guint               line,
                                        const char         *format,
                                        ...) G_GNUC_PRINTF (3, 4);
guint reframe_import_batch_get_n_problems (ReframeImportBatch *self);
guint reframe_import_batch_get_problem (ReframeImportBatch *self,
                                        guint               position,
                                        const char        **message);

/* The mood mapping: each name the app used, and the point of the five-point scale it
 * became, in the order first seen. */
void        reframe_import_batch_add_mood_mapping (ReframeImportBatch *self,
                                                   const char         *source_name,
                                                   ReframeMood         mood);
guint       reframe_import_batch_get_n_mood_mappings (ReframeImportBatch *self);
const char *reframe_import_batch_get_mood_mapping (ReframeImportBatch *self,
                                                   guint               position,
                                                   ReframeMood        *mood);
char       *reframe_import_batch_dup_mood_mapping_text (ReframeImportBatch *self);

/* Settings carried by a Reframe archive (NULL for other formats), for the caller to apply. */
JsonObject *reframe_import_batch_get_settings (ReframeImportBatch *self);

/* The preview as JSON (`reframe import --json`), and as text for a person. */
JsonNode *reframe_import_batch_to_json (ReframeImportBatch *self);
char     *reframe_import_batch_dup_summary (ReframeImportBatch *self);

G_END_DECLS
