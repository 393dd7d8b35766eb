/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-private.h: calls between the plan, its reader, its export and its import. */

#pragma once

#include <json-glib/json-glib.h>

#include "reframe-plan.h"

G_BEGIN_DECLS

/* The text of a title, a reason or a note, as the assignment repository allows it. */
#define REFRAME_PLAN_TITLE_MAX 200
#define REFRAME_PLAN_NOTE_MAX  10000

void     _reframe_plan_set_uuid (ReframePlan *self,
                                 const char  *uuid);
void     _reframe_plan_set_created (ReframePlan *self,
                                    const char  *created);
gboolean _reframe_plan_parse_day (const char *text,
                                  GDate      *day);
char    *_reframe_plan_format_day (const GDate *day);
char    *_reframe_plan_derive_uuid (const char *base,
                                    guint       n);
gboolean _reframe_plan_is_uuid (const char *text);

/* reframe-plan-reader.c */
ReframePlan *_reframe_plan_read (GBytes  *bytes,
                                 GError **error);

G_END_DECLS
