/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli.c: the `reframe` subcommands that run without a display.
 *
 * Every argument is checked before the journal is opened, so bad input never
 * creates or changes a file. Exit status: 0 done, 1 the journal failed, 2 bad usage.
 */

#define G_LOG_DOMAIN "ReframeCli"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include "reframe-i18n.h"
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "reframe-cli-private.h"
#include "reframe-cli.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-plan.h"
#include "reframe-store.h"

#define EXIT_USAGE 2

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char *name;
  CommandFunc func;
  const char *summary;
} Command;

static int run_log (int argc, char **argv);
static int run_list (int argc, char **argv);
static int run_search (int argc, char **argv);
static int run_help (int argc, char **argv);

static const Command commands[] = {
  { "log", run_log, N_ ("Log a mood entry") },
  { "list", run_list, N_ ("List mood entries, newest first") },
  { "search", run_search, N_ ("Search notes, feelings and activities") },
  { "chat", _reframe_cli_run_chat, N_ ("Send one message to the companion and print its reply") },
  { "models", _reframe_cli_run_models, N_ ("List the models of the companion’s model service") },
  { "pull", _reframe_cli_run_pull, N_ ("Have Ollama download a model, showing its progress") },
  { "draft",
    _reframe_cli_run_draft,
    N_ ("Draft a worksheet from a conversation with the companion, for you to check") },
  { "templates",
    _reframe_cli_run_templates,
    N_ ("List the worksheet and questionnaire templates") },
  { "worksheets",
    _reframe_cli_run_worksheets,
    N_ ("List worksheets and questionnaires, newest first") },
  { "homework", _reframe_cli_run_homework, N_ ("Show this week’s homework and what is due today") },
  { "plan",
    _reframe_cli_run_plan,
    N_ ("Export the homework as a plan file, or import a plan from your therapist") },
  { "insights",
    _reframe_cli_run_insights,
    N_ ("Show mood statistics for a period (default: the last 30 days)") },
  { "toolbox",
    _reframe_cli_run_toolbox,
    N_ ("List, add or remove what helps you in your toolbox; see proposals from your journal") },
  { "export",
    _reframe_cli_run_export,
    N_ ("Save a report for your therapist as PDF, Markdown, JSON or CSV") },
  { "import",
    _reframe_cli_run_import,
    N_ ("Import an export of another app (Daylio…) or a Reframe archive") },
  { "archive", _reframe_cli_run_archive, N_ ("Save the whole journal as one archive file") },
  { "safety-plan",
    _reframe_cli_run_safety_plan,
    N_ ("Show your safety plan, or save it as a PDF page or a wallet card") },
  { "backup",
    _reframe_cli_run_backup,
    N_ ("Back up the journal now, or write one copy with --to FILE") },
  { "backups", _reframe_cli_run_backups, N_ ("List the backups, newest first") },
  { "restore",
    _reframe_cli_run_restore,
    N_ ("Replace the journal with a backup, after backing it up") },
  { "status",
    _reframe_cli_run_status,
    N_ ("Say where the journal is, how big, and whether it is encrypted") },
  { "encrypt",
    _reframe_cli_run_encrypt,
    N_ ("Encrypt the journal with a passphrase, and show its recovery key") },
  { "decrypt", _reframe_cli_run_decrypt, N_ ("Turn the journal’s encryption off") },
  { "passphrase",
    _reframe_cli_run_passphrase,
    N_ ("Change the passphrase of the encrypted journal") },
  { "recovery-key",
    _reframe_cli_run_recovery_key,
    N_ ("Make a new recovery key; the old one stops working") },
  { "help", run_help, N_ ("Show the subcommands, or with a command, its options") },
};

/* The option a value on the command line belongs to, for messages: "--note" for both
 * "--note TEXT" and "--note=TEXT". */
static char *
dup_option_of (int    argc,
               char **argv,
               int    i)
{
  const char *equals = strchr (argv[i], '=');

  if (g_str_has_prefix (argv[i], "--") && equals != NULL)
    return g_strndup (argv[i], equals - argv[i]);
  if (i > 1 && argv[i - 1][0] == '-' && argv[i][0] != '-')
    return g_strdup (argv[i - 1]);
  return NULL;
}

/**
 * _reframe_cli_explain_option_error:
 *
 * GLib reads option values in the locale's encoding and, when a value is not in it,
 * says only "Invalid byte sequence in conversion input". This says which option, in a
 * sentence a person can act on. Other errors are left as they are.
 */
void
_reframe_cli_explain_option_error (GError *error,
                                   int     argc,
                                   char  **argv)
{
  g_autofree char *option = NULL;

  if (error == NULL || error->domain != G_CONVERT_ERROR)
    return;
  for (int i = 1; i < argc && option == NULL; i++)
    {
      g_autofree char *converted = g_locale_to_utf8 (argv[i], -1, NULL, NULL, NULL);

      if (converted == NULL)
        option = dup_option_of (argc, argv, i);
    }
  g_free (error->message);
  if (option != NULL)
    error->message =
        g_strdup_printf (_ ("The text given with %s is not valid UTF-8, so Reframe cannot read it. "
                            "Check the character encoding of your terminal or script."),
                         option);
  else
    error->message =
        g_strdup (_ ("Some text on the command line is not valid UTF-8, so Reframe cannot "
                     "read it. Check the character encoding of your terminal or script."));
}

static gboolean
parse_day (const char *text,
           GError    **error)
{
  guint year = 0, month = 0, day = 0;
  char  tail = 0;

  if (text == NULL)
    return TRUE;
  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3 || strlen (text) != 10 ||
      !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error,
                   G_OPTION_ERROR,
                   G_OPTION_ERROR_BAD_VALUE,
                   _ ("“%s” is not a date; write it as YYYY-MM-DD, for example 2026-03-14."),
                   text);
      return FALSE;
    }
  return TRUE;
}

/* The journal keeps times as UTC: "9999-12-31T23:59:59-14:00" is a time in year 10000. */
static gboolean
time_in_range (GDateTime *time)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (time);

  return utc != NULL;
}

static GDateTime *
parse_time (const char *text,
            GError    **error)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  GDateTime *time;

  if (text == NULL)
    return g_date_time_new_now_local ();

  /* A bare date means that day at noon, so that it lands on the day meant. */
  if (strlen (text) == 10 && parse_day (text, NULL))
    {
      g_autofree char *noon = g_strconcat (text, "T12:00:00", NULL);

      return g_date_time_new_from_iso8601 (noon, local);
    }
  time = g_date_time_new_from_iso8601 (text, local);
  /* GLib wants seconds; people write 21:30. */
  if (time == NULL && strlen (text) >= 16 && text[10] == 'T' && text[13] == ':' &&
      (text[16] == '\0' || text[16] == 'Z' || text[16] == '+' || text[16] == '-'))
    {
      g_autofree char *with_seconds = g_strdup_printf ("%.16s:00%s", text, text + 16);

      time = g_date_time_new_from_iso8601 (with_seconds, local);
    }
  if (time == NULL)
    g_set_error (error,
                 G_OPTION_ERROR,
                 G_OPTION_ERROR_BAD_VALUE,
                 _ ("“%s” is not a time; write it in ISO 8601, for example 2026-03-14T21:30 "
                    "or 2026-03-14T21:30:00+01:00."),
                 text);
  else if (!time_in_range (time))
    {
      g_set_error (error,
                   G_OPTION_ERROR,
                   G_OPTION_ERROR_BAD_VALUE,
                   _ ("“%s” is too far in the past or the future; choose a time between the "
                      "years 1 and 9999."),
                   text);
      g_clear_pointer (&time, g_date_time_unref);
    }
  return time;
}

/* Hours as people write them: "7", "7.5" or "7,5". Not "nan", "inf", "0x10" or "1e1",
 * which strtod would take. */
static gboolean
parse_sleep (const char *text,
             double     *hours,
             GError    **error)
{
  g_autofree char *plain = g_strdup (text);
  const char      *p;
  char            *end = NULL;
  guint            n_digits = 0, n_points = 0;

  *hours = -1.0;
  if (text == NULL)
    return TRUE;
  for (p = plain; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        n_digits++;
      else if (*p == '.' || *p == ',')
        n_points++, plain[p - plain] = '.';
      else
        break;
    }
  if (*p == '\0' && n_digits > 0 && n_points <= 1)
    *hours = g_ascii_strtod (plain, &end);
  if (end == NULL || *end != '\0' || !(*hours >= 0 && *hours <= 24))
    {
      *hours = -1.0;
      g_set_error (error,
                   G_OPTION_ERROR,
                   G_OPTION_ERROR_BAD_VALUE,
                   _ ("Hours slept must be a number from 0 to 24, not “%s”."),
                   text);
      return FALSE;
    }
  return TRUE;
}

static char *
read_all_stdin (gsize   *length,
                GError **error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  char   buffer[65536];
  gssize n;

  while ((n = read (STDIN_FILENO, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error_literal (
              error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
          return NULL;
        }
      g_string_append_len (text, buffer, n);
    }
  *length = text->len;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The note of --note-file: from the file, or from standard input for "-". A final line
 * break is dropped, as the shell drops it from $(…). */
static char *
read_note_file (const char *path,
                GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (g_strcmp0 (path, "-") == 0)
    {
      g_free (display);
      display = g_strdup (_ ("standard input"));
      if ((contents = read_all_stdin (&length, &local_error)) == NULL)
        g_prefix_error (&local_error, _ ("Standard input could not be read: "));
    }
  else
    g_file_get_contents (path, &contents, &length, &local_error);

  if (contents == NULL)
    {
      /* GLib's message names the file and says what went wrong. */
      g_set_error (error,
                   G_OPTION_ERROR,
                   G_OPTION_ERROR_BAD_VALUE,
                   _ ("The note could not be read. %s"),
                   local_error->message);
      return NULL;
    }
  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error,
                   G_OPTION_ERROR,
                   G_OPTION_ERROR_BAD_VALUE,
                   _ ("The note in %s is not UTF-8 text, so Reframe cannot read it."),
                   display);
      return NULL;
    }
  while (length > 0 && (contents[length - 1] == '\n' || contents[length - 1] == '\r'))
    contents[--length] = '\0';
  return g_steal_pointer (&contents);
}

static void
add_strv_member (JsonBuilder       *builder,
                 const char        *name,
                 const char *const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static char *
strip_snippet (const char *snippet)
{
  g_autoptr (GString) text = g_string_new (snippet);

  g_string_replace (text, "\x02", "", 0);
  g_string_replace (text, "\x03", "", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_entry_json (JsonBuilder      *builder,
                ReframeMoodEntry *entry)
{
  ReframeMood      mood = reframe_mood_entry_get_mood (entry);
  double           sleep = reframe_mood_entry_get_sleep_hours (entry);
  g_autofree char *day = reframe_mood_entry_dup_day (entry);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, reframe_mood_entry_get_uuid (entry));
  _reframe_cli_add_time_member (builder, "time", reframe_mood_entry_get_time (entry));
  json_builder_set_member_name (builder, "day");
  json_builder_add_string_value (builder, day);
  json_builder_set_member_name (builder, "mood");
  json_builder_add_int_value (builder, mood);
  json_builder_set_member_name (builder, "mood_name");
  json_builder_add_string_value (builder, reframe_mood_get_key (mood));
  add_strv_member (builder, "feelings", reframe_mood_entry_get_feelings (entry));
  add_strv_member (builder, "activities", reframe_mood_entry_get_activities (entry));
  json_builder_set_member_name (builder, "sleep_hours");
  if (sleep < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, sleep);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, reframe_mood_entry_get_note (entry));
  json_builder_set_member_name (builder, "private");
  json_builder_add_boolean_value (builder, reframe_mood_entry_get_private (entry));
  if (reframe_mood_entry_get_snippet (entry) != NULL)
    {
      g_autofree char *snippet = strip_snippet (reframe_mood_entry_get_snippet (entry));

      json_builder_set_member_name (builder, "snippet");
      json_builder_add_string_value (builder, snippet);
    }
  _reframe_cli_add_time_member (builder, "created", reframe_mood_entry_get_created (entry));
  _reframe_cli_add_time_member (builder, "updated", reframe_mood_entry_get_updated (entry));
  json_builder_end_object (builder);
}

static void
print_json (GPtrArray *entries)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    add_entry_json (builder, g_ptr_array_index (entries, i));
  json_builder_end_array (builder);
  _reframe_cli_print_json (builder);
}

static char *
first_line (const char *note,
            gsize       max_chars)
{
  g_autofree char *line = g_strndup (note, strcspn (note, "\n"));
  g_autofree char *start = NULL;

  if (g_utf8_strlen (line, -1) <= (glong) max_chars)
    return g_steal_pointer (&line);
  start = g_utf8_substring (line, 0, max_chars - 1);
  return g_strconcat (start, "…", NULL);
}

static void
print_entry_line (ReframeMoodEntry *entry,
                  gboolean          highlight)
{
  g_autofree char *when =
      g_date_time_format (reframe_mood_entry_get_time (entry), "%Y-%m-%d %H:%M");
  g_autofree char *feelings = g_strjoinv (", ", (char **) reframe_mood_entry_get_feelings (entry));
  g_autofree char *activities =
      g_strjoinv (", ", (char **) reframe_mood_entry_get_activities (entry));
  g_autoptr (GString) line = g_string_new (NULL);
  const char      *snippet = reframe_mood_entry_get_snippet (entry);
  g_autofree char *text = NULL;

  g_string_append_printf (line,
                          "%s  %d %-6s",
                          when,
                          reframe_mood_entry_get_mood (entry),
                          reframe_mood_get_label (reframe_mood_entry_get_mood (entry)));
  if (*feelings)
    g_string_append_printf (line, "  (%s)", feelings);
  if (*activities)
    g_string_append_printf (line, "  [%s]", activities);
  if (reframe_mood_entry_get_sleep_hours (entry) >= 0)
    g_string_append_printf (line, _ ("  %.1f h sleep"), reframe_mood_entry_get_sleep_hours (entry));
  if (reframe_mood_entry_get_private (entry))
    g_string_append (line, _ ("  (private)"));

  if (snippet != NULL)
    {
      g_autoptr (GString) marked = g_string_new (snippet);

      g_string_replace (marked, "\x02", highlight ? "\033[1m" : "[", 0);
      g_string_replace (marked, "\x03", highlight ? "\033[0m" : "]", 0);
      g_string_replace (marked, "\n", " ", 0);
      text = g_string_free (g_steal_pointer (&marked), FALSE);
    }
  else
    text = first_line (reframe_mood_entry_get_note (entry), 72);
  if (*text)
    g_string_append_printf (line, "\n    %s", text);
  g_print ("%s\n", line->str);
}

static void
print_entries (GPtrArray *entries,
               gboolean   json)
{
  gboolean highlight = isatty (STDOUT_FILENO);

  if (json)
    {
      print_json (entries);
      return;
    }
  if (entries->len == 0)
    g_print ("%s\n", _ ("No entries."));
  for (guint i = 0; i < entries->len; i++)
    print_entry_line (g_ptr_array_index (entries, i), highlight);
}

static int
run_log (int    argc,
         char **argv)
{
  g_autofree char *data_dir = NULL, *mood_text = NULL, *sleep_text = NULL, *note = NULL, *at = NULL;
  g_autofree char *note_file = NULL, *when = NULL;
  g_auto (GStrv) feelings = NULL;
  g_auto (GStrv) activities = NULL;
  gboolean     is_private = FALSE;
  GOptionEntry entries[] = {
    { "mood",
      'm',
      0,
      G_OPTION_ARG_STRING,
      &mood_text,
      N_ ("Mood from 1 (awful) to 5 (great)"),
      "N" },
    { "feeling",
      'f',
      0,
      G_OPTION_ARG_STRING_ARRAY,
      &feelings,
      N_ ("A feeling; repeat for more"),
      "F" },
    { "activity",
      'a',
      0,
      G_OPTION_ARG_STRING_ARRAY,
      &activities,
      N_ ("An activity; repeat for more"),
      "A" },
    { "sleep", 's', 0, G_OPTION_ARG_STRING, &sleep_text, N_ ("Hours slept"), "H" },
    { "note", 'n', 0, G_OPTION_ARG_STRING, &note, N_ ("A note"), "TEXT" },
    { "note-file",
      0,
      0,
      G_OPTION_ARG_FILENAME,
      &note_file,
      N_ ("Read the note from a file, or from standard input for -"),
      "FILE" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_ ("When, in ISO 8601 (default: now)"), "TIME" },
    { "private",
      'p',
      0,
      G_OPTION_ARG_NONE,
      &is_private,
      N_ ("Leave it out of shared reports"),
      NULL },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
    { NULL }
  };
  g_autoptr (ReframeMoodEntry) entry = reframe_mood_entry_new ();
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GError) error = NULL;
  ReframeMood mood = REFRAME_MOOD_NONE;
  double      sleep = -1;
  int         status = 0;

  if (!_reframe_cli_parse_options ("log", entries, NULL, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _reframe_cli_usage_error ("log",
                                     _ ("Unexpected argument; put the note in --note \"…\"."));
  if (mood_text == NULL)
    return _reframe_cli_usage_error (
        "log", _ ("Say how you feel with --mood, from 1 (awful) to 5 (great)."));
  if (!reframe_mood_parse (mood_text, &mood))
    {
      g_autofree char *message = g_strdup_printf (
          _ ("“%s” is not a mood; use 1 (awful) to 5 (great), or awful, bad, okay, good, great."),
          mood_text);
      return _reframe_cli_usage_error ("log", message);
    }
  if (note != NULL && note_file != NULL)
    return _reframe_cli_usage_error (
        "log", _ ("Give the note with --note or with --note-file, not both."));
  if (!parse_sleep (sleep_text, &sleep, &error) || (time = parse_time (at, &error)) == NULL ||
      (note_file != NULL && (note = read_note_file (note_file, &error)) == NULL))
    return _reframe_cli_usage_error ("log", error->message);

  reframe_mood_entry_set_mood (entry, mood);
  reframe_mood_entry_set_feelings (entry, (const char *const *) feelings);
  reframe_mood_entry_set_activities (entry, (const char *const *) activities);
  reframe_mood_entry_set_sleep_hours (entry, sleep);
  reframe_mood_entry_set_note (entry, note);
  reframe_mood_entry_set_time (entry, time);
  reframe_mood_entry_set_private (entry, is_private);

  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      !reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error))
    {
      /* The window keeps what was typed until it can be saved; a command keeps nothing. */
      if (g_error_matches (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_DISK_FULL))
        return _reframe_cli_fail (
            _ ("The disk is full, so the entry was not saved. Free some space and "
               "run the command again."));
      return _reframe_cli_fail (error->message);
    }

  when = g_date_time_format (time, "%Y-%m-%d %H:%M");
  g_print (_ ("Logged “%s” for %s (%s).\n"),
           reframe_mood_get_label (mood),
           when,
           reframe_mood_entry_get_uuid (entry));
  return EXIT_SUCCESS;
}

static int
run_list (int    argc,
          char **argv)
{
  g_autofree char *data_dir = NULL, *from = NULL, *to = NULL;
  gboolean         json = FALSE;
  GOptionEntry     entries[] = {
        { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_ ("First day, YYYY-MM-DD"), "DATE" },
        { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_ ("Last day, YYYY-MM-DD"), "DATE" },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!_reframe_cli_parse_options ("list", entries, NULL, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return _reframe_cli_usage_error ("list", _ ("Unexpected argument."));
  if (!parse_day (from, &error) || !parse_day (to, &error))
    return _reframe_cli_usage_error ("list", error->message);
  if (from != NULL && to != NULL && g_strcmp0 (from, to) > 0)
    return _reframe_cli_usage_error ("list", _ ("--from is after --to."));

  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      (found = reframe_mood_repository_list (reframe_store_get_moods (store), from, to, &error)) ==
          NULL)
    return _reframe_cli_fail (error->message);
  print_entries (found, json);
  return EXIT_SUCCESS;
}

static int
run_search (int    argc,
            char **argv)
{
  g_autofree char *data_dir = NULL;
  gboolean         json = FALSE;
  GOptionEntry     entries[] = {
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  int              status = 0;

  if (!_reframe_cli_parse_options ("search", entries, _ ("TEXT"), &argc, &argv, &status))
    return status;
  if (argc < 2)
    return _reframe_cli_usage_error ("search", _ ("Say what to search for."));
  text = g_strjoinv (" ", argv + 1);
  if (!g_utf8_validate (text, -1, NULL))
    return _reframe_cli_usage_error (
        "search",
        _ ("The text to search for is not valid UTF-8, so Reframe cannot read it. "
           "Check the character encoding of your terminal or script."));
  if (*g_strstrip (text) == '\0')
    return _reframe_cli_usage_error ("search", _ ("Say what to search for."));

  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      (found = reframe_mood_repository_search (reframe_store_get_moods (store), text, 0, &error)) ==
          NULL)
    return _reframe_cli_fail (error->message);
  print_entries (found, json);
  return EXIT_SUCCESS;
}

static const Command *
lookup_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      return &commands[i];
  return NULL;
}

/* "reframe log" in usage lines and GLib's messages. */
static void
set_program_name (const char *command)
{
  g_autofree char *name = g_strdup_printf ("reframe %s", command);

  g_set_prgname (name);
}

/* `reframe help COMMAND` is `reframe COMMAND --help`. */
static int
run_command_help (const char *name)
{
  const Command *command = lookup_command (name);
  char          *help_argv[] = { (char *) name, (char *) "--help", NULL };

  if (command == NULL || command->func == run_help)
    {
      g_printerr (_ ("reframe: unknown command “%s”; run “reframe help”.\n"), name);
      return EXIT_USAGE;
    }
  set_program_name (name);
  /* GLib prints the help and exits. */
  return command->func (2, help_argv);
}

static int
run_help (int    argc,
          char **argv)
{
  g_autofree char *commands_text = NULL;
  g_autofree char *common = NULL;

  for (int i = 1; i < argc; i++)
    if (argv[i][0] != '-')
      return run_command_help (argv[i]);
  commands_text = reframe_cli_dup_commands_text ();
  common = _reframe_cli_dup_common_options_text ();
  g_print ("%s\n\n", _ ("Usage: reframe [COMMAND] [OPTION…]"));
  g_print ("%s\n", _ ("Without a command, Reframe opens its window. Commands:"));
  g_print ("%s\n", commands_text);
  g_print ("%s\n", common);
  g_print ("%s\n",
           _ ("Run “reframe help COMMAND” or “reframe COMMAND --help” for a command’s options."));
  return EXIT_SUCCESS;
}

/**
 * reframe_cli_dup_commands_text:
 *
 * The subcommands with one line each, as `reframe help` and `reframe --help` show
 * them.
 *
 * Returns: (transfer full): translated text, a line per command, each indented and
 *   ending in a line end
 */
char *
reframe_cli_dup_commands_text (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  int width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int) strlen (commands[i].name));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text,
                            "  %-*s  %s\n",
                            width,
                            commands[i].name,
                            g_dgettext (GETTEXT_PACKAGE, commands[i].summary));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --help and -h print the options without opening or unlocking the journal. */
static gboolean
asks_for_help (int    argc,
               char **argv)
{
  for (int i = 1; i < argc && !g_str_equal (argv[i], "--"); i++)
    if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h") ||
        g_str_equal (argv[i], "-?") || g_str_has_prefix (argv[i], "--help-"))
      return TRUE;
  return FALSE;
}

static gboolean
command_reads_secrets (CommandFunc func)
{
  return func == _reframe_cli_run_status || func == _reframe_cli_run_encrypt ||
         func == _reframe_cli_run_decrypt || func == _reframe_cli_run_passphrase ||
         func == _reframe_cli_run_recovery_key;
}

/* Help and the model service's commands never read the journal: no passphrase. */
static gboolean
command_opens_journal (CommandFunc func)
{
  return func != run_help && func != _reframe_cli_run_models && func != _reframe_cli_run_pull;
}

/**
 * reframe_cli_is_file_to_open:
 * @arg: the first argument on the command line
 *
 * Whether @arg is a file for the window to open rather than a subcommand: not the name
 * of one, and a homework plan (by its suffix), a URI or a file that exists.
 *
 * Returns: %TRUE for a file
 */
gboolean
reframe_cli_is_file_to_open (const char *arg)
{
  g_autofree char *scheme = NULL;

  g_return_val_if_fail (arg != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (arg, commands[i].name))
      return FALSE;
  scheme = g_uri_parse_scheme (arg);
  return g_str_has_suffix (arg, REFRAME_PLAN_SUFFIX) ||
         (scheme != NULL && g_str_equal (scheme, "file")) ||
         g_file_test (arg, G_FILE_TEST_IS_REGULAR);
}

/**
 * reframe_cli_run:
 * @argc: arguments from the command name on (argv[0] is the command)
 *
 * Returns: the exit status
 */
int
reframe_cli_run (int    argc,
                 char **argv)
{
  g_return_val_if_fail (argc >= 1, EXIT_USAGE);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[0], commands[i].name))
      {
        int status = EXIT_SUCCESS;

        set_program_name (commands[i].name);
        /* The encryption commands read the passphrase options themselves. */
        if (!command_reads_secrets (commands[i].func) && !asks_for_help (argc, argv) &&
            !_reframe_cli_prepare_journal (
                &argc, &argv, command_opens_journal (commands[i].func), &status))
          return status;
        return commands[i].func (argc, argv);
      }

  g_printerr (_ ("reframe: unknown command “%s”; run “reframe help”.\n"), argv[0]);
  return EXIT_USAGE;
}
