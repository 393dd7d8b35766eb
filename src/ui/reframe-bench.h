/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-bench.h: start-up time measurement for the benchmark, off unless asked for. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void reframe_bench_mark (const char *what);
void reframe_bench_maybe_watch (GtkWindow *window);

G_END_DECLS
