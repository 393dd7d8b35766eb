/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-request-log-window.h: the list of requests that left Reframe for a model service. */

#pragma once

#include <adwaita.h>

#include "reframe-request-log.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_REQUEST_LOG_WINDOW (reframe_request_log_window_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeRequestLogWindow, reframe_request_log_window, REFRAME, REQUEST_LOG_WINDOW, AdwWindow)

GtkWidget *reframe_request_log_window_new (GtkWindow         *parent,
                                           ReframeRequestLog *log);
guint      reframe_request_log_window_get_n_rows (ReframeRequestLogWindow *self);

G_END_DECLS
