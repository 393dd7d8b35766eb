/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-crypt.c: an encrypted journal on the command line: the passphrase for
 * every command, and `reframe encrypt`, `decrypt`, `passphrase`, `recovery-key`,
 * `status`.
 *
 * A passphrase is never taken from an argument or an environment variable (other users
 * can read both in /proc): it is asked on the terminal with echo off, or read from a
 * file (`--passphrase-file FILE`) or a file descriptor (`--passphrase-fd N`), its first
 * line. Those options work with every command: they are taken out of the command line
 * before the command reads its own options. Secrets are wiped from memory after use.
 */

#define G_LOG_DOMAIN "ReframeCli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "reframe-cli-private.h"
#include "reframe-crypt-vfs.h"
#include "reframe-journal-crypt.h"
#include "reframe-key-envelope.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"

/* The shortest passphrase Reframe accepts: eight characters, as GNOME's own dialogs
 * ask at least; a longer phrase of ordinary words is stronger and easier to keep. */
#define MIN_PASSPHRASE_CHARS 8
#define MAX_SECRET_BYTES     4096

/* Where the secrets come from, as given on the command line. */
typedef struct
{
  char *passphrase_file;
  int   passphrase_fd;
  char *new_passphrase_file;
  char *recovery_key_file;
  char *data_dir;
} SecretSources;

static void
secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

typedef char SecretString;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecretString, secret_free)

static void
sources_clear (SecretSources *sources)
{
  g_clear_pointer (&sources->passphrase_file, g_free);
  g_clear_pointer (&sources->new_passphrase_file, g_free);
  g_clear_pointer (&sources->recovery_key_file, g_free);
  g_clear_pointer (&sources->data_dir, g_free);
}

/* The first line, without its line end; the rest of the bytes are wiped. */
static char *
first_line (char    *bytes,
            gssize   length,
            GError **error)
{
  char *end = memchr (bytes, '\n', length);
  char *line;

  if (end != NULL)
    length = end - bytes;
  if (length > 0 && bytes[length - 1] == '\r')
    length--;
  line = g_strndup (bytes, length);
  if (!g_utf8_validate (line, -1, NULL) || line[0] == '\0')
    {
      secret_free (line);
      g_set_error_literal (error,
                           G_IO_ERROR,
                           G_IO_ERROR_INVALID_DATA,
                           _ ("The passphrase file is empty or not UTF-8 text."));
      return NULL;
    }
  return line;
}

static char *
read_secret_fd (int      fd,
                GError **error)
{
  char   buffer[MAX_SECRET_BYTES];
  gsize  length = 0;
  gssize n;
  char  *line;

  while (length < sizeof buffer && (n = read (fd, buffer + length, sizeof buffer - length)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          explicit_bzero (buffer, sizeof buffer);
          g_set_error (error,
                       G_IO_ERROR,
                       g_io_error_from_errno (saved_errno),
                       _ ("The passphrase could not be read: %s."),
                       g_strerror (saved_errno));
          return NULL;
        }
      length += n;
      if (memchr (buffer, '\n', length) != NULL)
        break;
    }
  line = first_line (buffer, length, error);
  explicit_bzero (buffer, sizeof buffer);
  return line;
}

static char *
read_secret_file (const char *path,
                  GError    **error)
{
  int   fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  char *secret;

  if (fd < 0)
    {
      int              saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error,
                   G_IO_ERROR,
                   g_io_error_from_errno (saved_errno),
                   _ ("The passphrase file “%s” could not be read: %s."),
                   display,
                   g_strerror (saved_errno));
      return NULL;
    }
  secret = read_secret_fd (fd, error);
  close (fd);
  return secret;
}

/* On the terminal itself (not standard input, which may be a note being piped in),
 * with echo off for as long as the line is typed. */
static char *
ask_on_terminal (const char *prompt,
                 GError    **error)
{
  struct termios saved, quiet;
  int            fd = g_open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
  gboolean       restored;
  char          *secret;

  if (fd < 0 || tcgetattr (fd, &saved) != 0)
    {
      if (fd >= 0)
        close (fd);
      g_set_error_literal (
          error,
          G_IO_ERROR,
          G_IO_ERROR_NOT_SUPPORTED,
          _ ("The journal is encrypted and there is no terminal to ask for its "
             "passphrase. Give it with --passphrase-file FILE or --passphrase-fd N."));
      return NULL;
    }
  quiet = saved;
  quiet.c_lflag &= ~(ECHO | ECHONL);
  quiet.c_lflag |= ICANON;
  if (write (fd, prompt, strlen (prompt)) < 0 || tcsetattr (fd, TCSAFLUSH, &quiet) != 0)
    {
      close (fd);
      g_set_error_literal (error,
                           G_IO_ERROR,
                           G_IO_ERROR_FAILED,
                           _ ("The terminal could not be used to ask for the passphrase."));
      return NULL;
    }
  secret = read_secret_fd (fd, error);
  restored = tcsetattr (fd, TCSAFLUSH, &saved) == 0;
  if (write (fd, "\n", 1) < 0 || !restored)
    g_debug ("terminal not fully restored");
  close (fd);
  return secret;
}

static char *
get_passphrase (const SecretSources *sources,
                const char          *prompt,
                GError             **error)
{
  if (sources->passphrase_file != NULL)
    return read_secret_file (sources->passphrase_file, error);
  if (sources->passphrase_fd >= 0)
    return read_secret_fd (sources->passphrase_fd, error);
  return ask_on_terminal (prompt, error);
}

/**
 * _reframe_cli_read_secret:
 * @file: (nullable): where the secret is, its first line; %NULL to ask on the terminal
 * @prompt: what the terminal shows
 *
 * Returns: (transfer full) (nullable): the secret; wipe it with explicit_bzero()
 */
char *
_reframe_cli_read_secret (const char *file,
                          const char *prompt,
                          GError    **error)
{
  return file != NULL ? read_secret_file (file, error) : ask_on_terminal (prompt, error);
}

/* A new passphrase: from its file, or typed twice. */
static char *
get_new_passphrase (const char *file,
                    GError    **error)
{
  g_autoptr (SecretString) first = NULL;
  g_autoptr (SecretString) again = NULL;

  if (file != NULL)
    first = read_secret_file (file, error);
  else if ((first = ask_on_terminal (_ ("New passphrase: "), error)) != NULL &&
           (again = ask_on_terminal (_ ("The same passphrase again: "), error)) != NULL &&
           strcmp (first, again) != 0)
    {
      g_set_error_literal (error,
                           G_IO_ERROR,
                           G_IO_ERROR_INVALID_DATA,
                           _ ("The two passphrases are not the same; nothing was changed."));
      return NULL;
    }
  if (first == NULL || (file == NULL && again == NULL))
    return NULL;
  if (g_utf8_strlen (first, -1) < MIN_PASSPHRASE_CHARS)
    {
      g_set_error (error,
                   G_IO_ERROR,
                   G_IO_ERROR_INVALID_DATA,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The passphrase needs at least %d character.",
                                "The passphrase needs at least %d characters.",
                                MIN_PASSPHRASE_CHARS),
                   MIN_PASSPHRASE_CHARS);
      return NULL;
    }
  return g_steal_pointer (&first);
}

static gboolean
takes_value (const char *arg,
             const char *option,
             int         argc,
             char      **argv,
             int        *i,
             char      **value)
{
  gsize n = strlen (option);

  if (strncmp (arg, option, n) != 0)
    return FALSE;
  if (arg[n] == '=')
    {
      *value = g_strdup (arg + n + 1);
      return TRUE;
    }
  if (arg[n] != '\0')
    return FALSE;
  *value = *i + 1 < argc ? g_strdup (argv[++*i]) : NULL;
  return TRUE;
}

static void
replace_string (char **slot,
                char  *value)
{
  g_free (*slot);
  *slot = value;
}

/* Takes the secret options out of @argv (they are the same for every command) and
 * notes --data-dir, which stays for the command. */
static gboolean
take_sources (int           *argc,
              char        ***argv,
              SecretSources *sources,
              int           *status)
{
  GPtrArray *kept = g_ptr_array_new ();
  gboolean   ok = TRUE;

  sources->passphrase_fd = -1;
  for (int i = 0; i < *argc; i++)
    {
      char *arg = (*argv)[i];
      char *value = NULL;

      if (g_str_equal (arg, "--"))
        {
          for (; i < *argc; i++)
            g_ptr_array_add (kept, (*argv)[i]);
          break;
        }
      if (takes_value (arg, "--passphrase-file", *argc, *argv, &i, &value))
        replace_string (&sources->passphrase_file, value);
      else if (takes_value (arg, "--new-passphrase-file", *argc, *argv, &i, &value))
        replace_string (&sources->new_passphrase_file, value);
      else if (takes_value (arg, "--recovery-key-file", *argc, *argv, &i, &value))
        replace_string (&sources->recovery_key_file, value);
      else if (takes_value (arg, "--passphrase-fd", *argc, *argv, &i, &value))
        {
          char  *end = NULL;
          gint64 fd = value ? g_ascii_strtoll (value, &end, 10) : -1;

          if (value == NULL || *end != '\0' || fd < 0 || fd > G_MAXINT)
            {
              *status = _reframe_cli_usage_error (
                  (*argv)[0], _ ("--passphrase-fd needs the number of an open file descriptor."));
              ok = FALSE;
            }
          sources->passphrase_fd = (int) fd;
          g_free (value);
          continue;
        }
      else
        {
          if (g_str_has_prefix (arg, "--data-dir"))
            {
              int j = i;

              if (takes_value (arg, "--data-dir", *argc, *argv, &j, &value))
                replace_string (&sources->data_dir, value);
            }
          g_ptr_array_add (kept, arg);
          continue;
        }
      if (value == NULL && ok)
        {
          *status = _reframe_cli_usage_error ((*argv)[0],
                                              _ ("A file is needed after the passphrase option."));
          ok = FALSE;
        }
    }
  /* Callers need not end @argv with NULL; one is set only where an option left room. */
  for (guint i = 0; i < kept->len; i++)
    (*argv)[i] = kept->pdata[i];
  if ((int) kept->len < *argc)
    (*argv)[kept->len] = NULL;
  *argc = (int) kept->len;
  g_ptr_array_free (kept, TRUE);
  return ok;
}

static gboolean
unlock_with_sources (const SecretSources *sources,
                     GError             **error)
{
  g_autoptr (SecretString) secret = NULL;

  if (sources->recovery_key_file != NULL)
    {
      if ((secret = read_secret_file (sources->recovery_key_file, error)) == NULL)
        return FALSE;
      return reframe_journal_unlock (
          sources->data_dir, REFRAME_UNLOCK_RECOVERY_KEY, secret, NULL, error);
    }
  /* Asked only when nothing else was given and the login keyring cannot open it. */
  if (sources->passphrase_file == NULL && sources->passphrase_fd < 0 &&
      reframe_journal_has_login_unlock (sources->data_dir) &&
      reframe_journal_unlock (sources->data_dir, REFRAME_UNLOCK_LOGIN, NULL, NULL, NULL))
    return TRUE;
  if ((secret = get_passphrase (sources, _ ("Passphrase of the journal: "), error)) == NULL)
    return FALSE;
  return reframe_journal_unlock (sources->data_dir, REFRAME_UNLOCK_PASSPHRASE, secret, NULL, error);
}

/**
 * _reframe_cli_prepare_journal:
 * @argc: (inout): the command's arguments; the passphrase options are taken out
 * @argv: (inout): the same
 * @unlock: whether the command needs the journal open
 * @status: (out): the exit status when this fails
 *
 * Takes the passphrase options out of the command line, and unlocks an encrypted
 * journal when the command needs it.
 *
 * Returns: %FALSE with @status set when the journal stays locked or the options are bad
 */
gboolean
_reframe_cli_prepare_journal (int     *argc,
                              char  ***argv,
                              gboolean unlock,
                              int     *status)
{
  SecretSources sources = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (!take_sources (argc, argv, &sources, status))
    {
      sources_clear (&sources);
      return FALSE;
    }
  ok = !unlock || !reframe_journal_is_encrypted (sources.data_dir) ||
       reframe_journal_is_unlocked (sources.data_dir) || unlock_with_sources (&sources, &error);
  if (!ok)
    *status = _reframe_cli_fail (error->message);
  sources_clear (&sources);
  return ok;
}

static SecretSources *
parse_crypt_options (const char *command,
                     int        *argc,
                     char     ***argv,
                     gboolean   *json,
                     int        *status)
{
  SecretSources *sources = g_new0 (SecretSources, 1);
  GOptionEntry   entries[] = {
      { "passphrase-file",
        0,
        0,
        G_OPTION_ARG_FILENAME,
        &sources->passphrase_file,
        N_ ("Read the passphrase from the first line of FILE"),
        "FILE" },
      { "passphrase-fd",
        0,
        0,
        G_OPTION_ARG_INT,
        &sources->passphrase_fd,
        N_ ("Read the passphrase from file descriptor N"),
        "N" },
      { "new-passphrase-file",
        0,
        0,
        G_OPTION_ARG_FILENAME,
        &sources->new_passphrase_file,
        N_ ("Read the new passphrase from the first line of FILE"),
        "FILE" },
      { "recovery-key-file",
        0,
        0,
        G_OPTION_ARG_FILENAME,
        &sources->recovery_key_file,
        N_ ("Unlock with the recovery key in FILE"),
        "FILE" },
      { "data-dir",
        0,
        0,
        G_OPTION_ARG_FILENAME,
        &sources->data_dir,
        N_ ("Folder of the journal"),
        "DIR" },
      { "json", 0, 0, G_OPTION_ARG_NONE, json, N_ ("Print JSON"), NULL },
      { NULL },
  };

  sources->passphrase_fd = -1;
  if (json == NULL)
    entries[5].long_name = NULL;
  if (!_reframe_cli_parse_options (command, entries, NULL, argc, argv, status))
    {
      sources_clear (sources);
      g_free (sources);
      return NULL;
    }
  return sources;
}

static void
sources_free (SecretSources *sources)
{
  sources_clear (sources);
  g_free (sources);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecretSources, sources_free)

static void
print_recovery_key (const char *recovery_key)
{
  g_print ("%s\n\n    %s\n\n%s\n",
           _ ("Your recovery key (shown only now):"),
           recovery_key,
           _ ("Keep it somewhere safe, away from this computer: on paper, or in a password "
              "manager. If you forget the passphrase, it is the only other way into your "
              "journal. Without both, nobody can open the journal, not even Reframe’s makers."));
}

int
_reframe_cli_run_encrypt (int    argc,
                          char **argv)
{
  g_autoptr (SecretSources) sources = NULL;
  g_autoptr (SecretString) passphrase = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *recovery = NULL;
  int              status = EXIT_SUCCESS;

  if ((sources = parse_crypt_options ("encrypt", &argc, &argv, NULL, &status)) == NULL)
    return status;
  if (reframe_journal_is_encrypted (sources->data_dir))
    return _reframe_cli_fail (_ (
        "The journal is encrypted already. To change its passphrase, run “reframe passphrase”."));
  if ((passphrase = get_new_passphrase (sources->passphrase_file, &error)) == NULL ||
      (recovery = reframe_journal_encrypt (sources->data_dir, passphrase, NULL, &error)) == NULL)
    return _reframe_cli_fail (error->message);
  g_print ("%s\n\n", _ ("The journal is encrypted."));
  print_recovery_key (recovery);
  explicit_bzero (recovery, strlen (recovery));
  return EXIT_SUCCESS;
}

static gboolean
unlock_for_command (SecretSources *sources,
                    GError       **error)
{
  if (!reframe_journal_is_encrypted (sources->data_dir))
    {
      g_set_error_literal (
          error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _ ("The journal is not encrypted."));
      return FALSE;
    }
  return unlock_with_sources (sources, error);
}

int
_reframe_cli_run_decrypt (int    argc,
                          char **argv)
{
  g_autoptr (SecretSources) sources = NULL;
  g_autoptr (GError) error = NULL;
  int status = EXIT_SUCCESS;

  if ((sources = parse_crypt_options ("decrypt", &argc, &argv, NULL, &status)) == NULL)
    return status;
  if (!unlock_for_command (sources, &error) ||
      !reframe_journal_decrypt (sources->data_dir, NULL, &error))
    return _reframe_cli_fail (error->message);
  g_print ("%s\n",
           _ ("The journal is no longer encrypted. Backups made while it was stay encrypted."));
  return EXIT_SUCCESS;
}

int
_reframe_cli_run_passphrase (int    argc,
                             char **argv)
{
  g_autoptr (SecretSources) sources = NULL;
  g_autoptr (SecretString) passphrase = NULL;
  g_autoptr (GError) error = NULL;
  int status = EXIT_SUCCESS;

  if ((sources = parse_crypt_options ("passphrase", &argc, &argv, NULL, &status)) == NULL)
    return status;
  if (!unlock_for_command (sources, &error) ||
      (passphrase = get_new_passphrase (sources->new_passphrase_file, &error)) == NULL ||
      !reframe_journal_change_passphrase (sources->data_dir, passphrase, &error))
    return _reframe_cli_fail (error->message);
  g_print ("%s\n", _ ("The passphrase is changed. The recovery key stays the same."));
  return EXIT_SUCCESS;
}

int
_reframe_cli_run_recovery_key (int    argc,
                               char **argv)
{
  g_autoptr (SecretSources) sources = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *recovery = NULL;
  int              status = EXIT_SUCCESS;

  if ((sources = parse_crypt_options ("recovery-key", &argc, &argv, NULL, &status)) == NULL)
    return status;
  if (!unlock_for_command (sources, &error) ||
      (recovery = reframe_journal_new_recovery_key (sources->data_dir, &error)) == NULL)
    return _reframe_cli_fail (error->message);
  g_print ("%s\n\n", _ ("The old recovery key no longer opens the journal."));
  print_recovery_key (recovery);
  explicit_bzero (recovery, strlen (recovery));
  return EXIT_SUCCESS;
}

typedef struct
{
  char    *folder;
  char    *path;
  gboolean exists;
  gboolean encrypted;
  gboolean unlocked;
  gboolean login;
  goffset  size;
  int      version;
  gint64   n_entries;
} Status;

static void
read_status (const SecretSources *sources,
             Status              *status)
{
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GFile) file = NULL;

  status->folder =
      sources->data_dir ? g_strdup (sources->data_dir) : reframe_store_dup_default_dir ();
  status->path = g_build_filename (status->folder, "reframe.db", NULL);
  file = g_file_new_for_path (status->path);
  info =
      g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  status->exists = info != NULL;
  status->size = info ? g_file_info_get_size (info) : 0;
  status->encrypted = reframe_journal_is_encrypted (sources->data_dir);
  status->login = status->encrypted && reframe_journal_has_login_unlock (sources->data_dir);
  status->n_entries = -1;
  /* Opened only when that needs no passphrase, or one was given. */
  if (status->encrypted && (sources->passphrase_file != NULL || sources->passphrase_fd >= 0 ||
                            sources->recovery_key_file != NULL))
    unlock_with_sources (sources, NULL);
  status->unlocked = reframe_journal_is_unlocked (sources->data_dir);
  if (status->exists && status->unlocked &&
      (store = reframe_store_open (sources->data_dir, NULL)) != NULL)
    {
      status->version = reframe_store_get_schema_version (store);
      status->n_entries = reframe_mood_repository_count (reframe_store_get_moods (store), NULL);
    }
}

static void
print_status_json (const Status *status)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  _reframe_cli_add_string_member (builder, "folder", status->folder);
  _reframe_cli_add_string_member (builder, "journal", status->path);
  json_builder_set_member_name (builder, "exists");
  json_builder_add_boolean_value (builder, status->exists);
  json_builder_set_member_name (builder, "encrypted");
  json_builder_add_boolean_value (builder, status->encrypted);
  json_builder_set_member_name (builder, "locked");
  json_builder_add_boolean_value (builder, !status->unlocked);
  json_builder_set_member_name (builder, "login_unlock");
  json_builder_add_boolean_value (builder, status->login);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, status->size);
  if (status->n_entries >= 0)
    {
      json_builder_set_member_name (builder, "format");
      json_builder_add_int_value (builder, status->version);
      json_builder_set_member_name (builder, "entries");
      json_builder_add_int_value (builder, status->n_entries);
    }
  json_builder_end_object (builder);
  _reframe_cli_print_json (builder);
}

static void
print_status_text (const Status *status)
{
  g_autofree char *size = g_format_size (status->size);

  g_print (_ ("Journal: %s\n"), status->path);
  if (!status->exists)
    {
      g_print ("%s\n", _ ("There is no journal yet."));
      return;
    }
  g_print (_ ("Size: %s\n"), size);
  if (!status->encrypted)
    g_print ("%s\n", _ ("Encryption: off (the journal is a plain file)"));
  else if (status->login)
    g_print ("%s\n", _ ("Encryption: on, with a passphrase, a recovery key and the login keyring"));
  else
    g_print ("%s\n", _ ("Encryption: on, with a passphrase and a recovery key"));
  if (status->n_entries >= 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%u entry, format %d\n",
                          "%u entries, format %d\n",
                          (gulong) status->n_entries),
             (guint) MIN (status->n_entries, G_MAXUINT),
             status->version);
  else if (!status->unlocked)
    g_print ("%s\n", _ ("Locked: give the passphrase (--passphrase-file FILE) to see more."));
}

int
_reframe_cli_run_status (int    argc,
                         char **argv)
{
  g_autoptr (SecretSources) sources = NULL;
  gboolean json = FALSE;
  Status   status = { 0 };
  int      exit_status = EXIT_SUCCESS;

  if ((sources = parse_crypt_options ("status", &argc, &argv, &json, &exit_status)) == NULL)
    return exit_status;
  read_status (sources, &status);
  if (json)
    print_status_json (&status);
  else
    print_status_text (&status);
  g_free (status.folder);
  g_free (status.path);
  return EXIT_SUCCESS;
}
