/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-text.h: a worksheet's answers and the homework list as plain text, to share. */

#pragma once

#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-template.h"
#include "reframe-worksheet.h"

G_BEGIN_DECLS

char *reframe_worksheet_to_text (ReframeWorksheet *worksheet,
                                 ReframeTemplate *template);
char *reframe_homework_to_text (ReframeStore *store,
                                const GDate  *today,
                                GError      **error);

G_END_DECLS
