/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: starts the window, or runs a subcommand of the CLI without a display. */

#define G_LOG_DOMAIN "Reframe"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "reframe-application.h"
#include "reframe-cli.h"

/* `reframe --help` lists the subcommands too, from the same table as `reframe help`. */
static void
describe_commands (GApplication *app)
{
  g_autofree char *commands = reframe_cli_dup_commands_text ();
  g_autofree char *description = g_strdup_printf (
      "%s\n%s\n%s",
      _ ("Commands, which run without a window:"),
      commands,
      _ ("Run “reframe help COMMAND” or “reframe COMMAND --help” for a command’s options."));

  /* Translators: what may follow "reframe" on the command line, in its --help */
  g_application_set_option_context_parameter_string (app, _ ("[COMMAND [OPTION…]]"));
  g_application_set_option_context_description (app, description);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (ReframeApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* REFRAME_LOCALEDIR: the translations of a build tree, for running it uninstalled
   * (the journeys in German and Spanish do). */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("REFRAME_LOCALEDIR") != NULL ? g_getenv ("REFRAME_LOCALEDIR")
                                                         : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A subcommand never touches GTK, so it works over ssh and in scripts. The window
   * takes options and files to open (a homework plan from the therapist: `reframe
   * week-12.reframe-plan`, or what a file manager passes); any other word is a
   * mistyped command. */
  if (argc > 1 && argv[1][0] != '-' && !reframe_cli_is_file_to_open (argv[1]))
    return reframe_cli_run (argc - 1, argv + 1);

  app = reframe_application_new ();
  describe_commands (G_APPLICATION (app));
  return g_application_run (G_APPLICATION (app), argc, argv);
}
