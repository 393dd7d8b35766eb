/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-form-view-private.h: a form whose answers the companion suggested, for the worksheet editor. */

#pragma once

#include "reframe-form-view.h"

G_BEGIN_DECLS

GtkWidget *_reframe_form_view_new_suggested (ReframeTemplate *template,
                                             JsonObject *answers);
guint      _reframe_form_view_get_n_suggested (ReframeFormView *self);
void       _reframe_form_view_clear_suggested (ReframeFormView *self);

G_END_DECLS
