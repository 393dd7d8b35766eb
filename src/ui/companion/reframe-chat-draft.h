/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-draft.h: from the companion pane's conversation to a suggested worksheet draft in
 * its window. */

#pragma once

#include <adwaita.h>

#include "reframe-crisis-check.h"
#include "reframe-http-provider.h"
#include "reframe-store.h"
#include "reframe-template.h"

G_BEGIN_DECLS

void _reframe_chat_draft_start (GtkWidget    *pane,
                                ReframeStore *store,
                                ReframeTemplate *template,
                                ReframeHttpProvider *provider,
                                const char          *model,
                                const char          *system_prompt,
                                GListModel          *messages,
                                guint                context_tokens,
                                ReframeCrisisCheck  *check,
                                GCancellable        *cancellable);

G_END_DECLS
