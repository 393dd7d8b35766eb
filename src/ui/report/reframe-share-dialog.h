/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-share-dialog.h: "Share with therapist…": choose a period and what to include, preview
 * the pages, then print, or save a PDF, Markdown, JSON or CSV file. */

#pragma once

#include <adwaita.h>

#include "reframe-store.h"
#include "reframe-template-registry.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_SHARE_DIALOG (reframe_share_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ReframeShareDialog, reframe_share_dialog, REFRAME, SHARE_DIALOG, AdwWindow)

GtkWidget *reframe_share_dialog_new (GtkWindow               *parent,
                                     ReframeStore            *store,
                                     ReframeTemplateRegistry *registry);

G_END_DECLS
