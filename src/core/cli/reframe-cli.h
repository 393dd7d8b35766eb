/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli.h: the `reframe` subcommands that run without a display. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int      reframe_cli_run (int    argc,
                          char **argv);
char    *reframe_cli_dup_commands_text (void);
gboolean reframe_cli_is_file_to_open (const char *arg);

G_END_DECLS
