/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-envelope-file.c: the key envelope's file: malformed and too new
 * envelopes, random damage, its mode, leftover temporaries and saves killed with SIGKILL. */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <signal.h>
#include <sodium.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reframe-key-envelope.h"
#include "reframe-test-util.h"
#include "test-key-envelope-private.h"

typedef struct
{
  const char *kind; /* NULL: the envelope itself; else its protector of this kind */
  const char *member;
  const char *value; /* JSON text; NULL removes the member */
} Mutation;

static const Mutation malformed_mutations[] = {
  { NULL, "format", NULL },
  { NULL, "format", "\"reframe-key-envelope2\"" },
  { NULL, "format", "42" },
  { NULL, "version", NULL },
  { NULL, "version", "\"1\"" },
  { NULL, "version", "0" },
  { NULL, "version", "-1" },
  { NULL, "version", "1.0" },
  { NULL, "version", "1e0" },
  { NULL, "version", "true" },
  { NULL, "version", "null" },
  { NULL, "version", "-99999999999999999999999" },
  { NULL, "id", NULL },
  { NULL, "id", "\"0123\"" },
  { NULL, "id", "\"0123456789ABCDEF0123456789ABCDEF\"" },
  { NULL, "id", "\"0123456789abcdef0123456789abcdeg\"" },
  { NULL, "id", "\"0123456789abcdef0123456789abcdef0\"" },
  { NULL, "id", "\"0123456789abcdef\\u00000123456789abcdef\"" },
  { NULL, "id", "12" },
  { NULL, "check", NULL },
  { NULL, "protectors", NULL },
  { NULL, "protectors", "{}" },
  { NULL, "protectors", "[]" },
  { NULL, "protectors", "\"passphrase\"" },
  { NULL, "protectors", "[1, 2]" },
  { NULL, "protectors", "[null]" },
  { "passphrase", "kind", NULL },
  { "passphrase", "kind", "\"passphrase2\"" },
  { "passphrase", "kind", "\"Passphrase\"" },
  { "passphrase", "kind", "\"recovery\"" },
  { "recovery", "kind", "\"passphrase\"" },
  { "recovery", "kind", "\"login\"" },
  { "passphrase", "kdf", NULL },
  { "passphrase", "kdf", "\"argon2i13\"" },
  { "passphrase", "kdf", "\"scrypt\"" },
  { "passphrase", "opslimit", NULL },
  { "passphrase", "opslimit", "0" },
  { "passphrase", "opslimit", "-1" },
  { "passphrase", "opslimit", "65" },
  { "passphrase", "opslimit", "4294967295" },
  { "passphrase", "opslimit", "9223372036854775807" },
  { "passphrase", "opslimit", "99999999999999999999999" },
  { "passphrase", "opslimit", "1e300" },
  { "passphrase", "opslimit", "2.5" },
  { "passphrase", "opslimit", "\"2\"" },
  { "passphrase", "memlimit", NULL },
  { "passphrase", "memlimit", "0" },
  { "passphrase", "memlimit", "8191" },
  { "passphrase", "memlimit", "1073741825" },
  { "passphrase", "memlimit", "4398046511104" },
  { "passphrase", "memlimit", "18446744073709551615" },
  { "passphrase", "memlimit", "-9223372036854775808" },
  { "passphrase", "memlimit", "1e10" },
  { "passphrase", "memlimit", "[8192]" },
};

/* Fields in base64, and the ways to damage them ("@" + what to do to the real value). */
static const struct
{
  const char *kind;
  const char *member;
} base64_fields[] = {
  { NULL, "check" },
  { "passphrase", "salt" },
  { "passphrase", "nonce" },
  { "passphrase", "wrapped" },
  { "recovery", "salt" },
  { "recovery", "nonce" },
  { "recovery", "wrapped" },
};
static const char *const base64_damage[] = { "@remove", "@empty", "@truncate", "@shorter", "@longer", "@unpadded", "@bad-character", "@space", "@url-safe", "@number" };

/* Returns: (transfer full): a valid base64 value damaged in the way @damage names, as JSON */
static char *
damage_base64 (const char *value,
               const char *damage)
{
  gsize              length;
  g_autofree guchar *bytes = g_base64_decode (value, &length);
  g_autofree char   *text = NULL;

  if (g_str_equal (damage, "@remove"))
    return NULL;
  if (g_str_equal (damage, "@empty"))
    text = g_strdup ("");
  else if (g_str_equal (damage, "@truncate"))
    text = g_strndup (value, strlen (value) - 1);
  else if (g_str_equal (damage, "@shorter"))
    text = g_base64_encode (bytes, length - 1);
  else if (g_str_equal (damage, "@longer"))
    {
      bytes = g_realloc (bytes, length + 3);
      memset (bytes + length, 0, 3);
      text = g_base64_encode (bytes, length + 3);
    }
  else if (g_str_equal (damage, "@unpadded") && strchr (value, '=') != NULL)
    text = g_strdelimit (g_strdup (value), "=", '\0');
  else if (g_str_equal (damage, "@unpadded"))
    text = g_strconcat (value, "==", NULL);
  else if (g_str_equal (damage, "@bad-character"))
    {
      text = g_strdup (value);
      text[1] = '*';
    }
  else if (g_str_equal (damage, "@space"))
    text = g_strdup_printf ("%.4s %s", value, value + 4);
  else if (g_str_equal (damage, "@url-safe"))
    text = g_strdup_printf ("-_%s", value + 2);
  else
    return g_strdup ("12345");
  return g_strdup_printf ("\"%s\"", text);
}

static char *
apply_mutation (const char *valid,
                const char *kind,
                const char *member,
                const char *value)
{
  g_autoptr (JsonNode) root = _reframe_test_parse_json (valid);
  JsonObject *object =
      kind == NULL ? json_node_get_object (root) : _reframe_test_find_protector (root, kind);
  g_autofree char *printed = NULL;
  g_autofree char *raw = NULL;
  g_autoptr (GString) out = NULL;

  g_assert_nonnull (object);
  if (value != NULL && value[0] == '@')
    value = raw = damage_base64 (json_object_get_string_member (object, member), value);
  if (value == NULL)
    json_object_remove_member (object, member);
  else
    json_object_set_string_member (object, member, "@@RAW@@");
  printed = _reframe_test_print_json (root);
  out = g_string_new (printed);
  if (value != NULL)
    g_assert_cmpuint (g_string_replace (out, "\"@@RAW@@\"", value, 1), ==, 1);
  return g_strdup (out->str);
}

static void
test_malformed (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *valid = _reframe_test_read_text (f->path);
  g_autofree char *deep = NULL;
  g_autofree char *padded = NULL;
  const char      *whole_files[] = {
         "", " ", "{", "}", "null", "[]", "\"reframe-key-envelope\"", "{}", "\xff\xfe{", "\0\0\0\0"
  };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (malformed_mutations); i++)
    {
      const Mutation  *m = &malformed_mutations[i];
      g_autofree char *text = apply_mutation (valid, m->kind, m->member, m->value);

      g_test_message ("%s.%s = %s",
                      m->kind != NULL ? m->kind : "envelope",
                      m->member,
                      m->value != NULL ? m->value : "(removed)");
      _reframe_test_write_text (f->path, text, -1);
      _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_MALFORMED);
    }
  for (guint i = 0; i < G_N_ELEMENTS (base64_fields); i++)
    for (guint j = 0; j < G_N_ELEMENTS (base64_damage); j++)
      {
        g_autofree char *text = apply_mutation (
            valid, base64_fields[i].kind, base64_fields[i].member, base64_damage[j]);

        g_test_message ("%s.%s: %s",
                        base64_fields[i].kind != NULL ? base64_fields[i].kind : "envelope",
                        base64_fields[i].member,
                        base64_damage[j]);
        _reframe_test_write_text (f->path, text, -1);
        _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_MALFORMED);
      }
  /* Refused on loading, before any hashing: nothing above took long. */
  g_test_message ("%u damaged files refused in %.3f s",
                  (guint) (G_N_ELEMENTS (malformed_mutations) +
                           G_N_ELEMENTS (base64_fields) * G_N_ELEMENTS (base64_damage)),
                  (g_get_monotonic_time () - start) / 1e6);

  for (guint i = 0; i < G_N_ELEMENTS (whole_files); i++)
    {
      _reframe_test_write_text (
          f->path, whole_files[i], i == G_N_ELEMENTS (whole_files) - 1 ? 4 : -1);
      _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_MALFORMED);
    }
  /* Text before or after the envelope (a value before or after an object makes
   * json-glib 1.6 leak, seen with LeakSanitizer), deep nesting (the JSON parser
   * recurses), a file far too large. */
  {
    g_autofree char *trailing = g_strconcat (valid, "x", NULL);
    g_autofree char *twice = g_strconcat (valid, valid, NULL);
    g_autofree char *leading = g_strconcat ("9", valid, NULL);
    g_autofree char *bracket = g_strconcat (valid, "]", NULL);

    _reframe_test_write_text (f->path, trailing, -1);
    _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_MALFORMED);
    _reframe_test_write_text (f->path, twice, -1);
    _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_MALFORMED);
    _reframe_test_write_text (f->path, leading, -1);
    _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_MALFORMED);
    _reframe_test_write_text (f->path, bracket, -1);
    _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_MALFORMED);
  }
  deep = g_strnfill (60000, '[');
  _reframe_test_write_text (f->path, deep, -1);
  _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_MALFORMED);
  padded = apply_mutation (valid, NULL, "padding", "\"@@PAD@@\"");
  {
    g_autofree char *filler = g_strnfill (70000, 'a');
    g_autoptr (GString) big = g_string_new (padded);

    g_string_replace (big, "@@PAD@@", filler, 1);
    _reframe_test_write_text (f->path, big->str, -1);
    _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_MALFORMED);
  }

  /* Not there, or not a file: a failure to read, not damage. */
  _reframe_test_assert_load_fails (f->dir, REFRAME_KEY_ERROR_FAILED);
  g_unlink (f->path);
  _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_FAILED);

  /* Unknown members are left alone, and limits changed within bounds only make the
   * passphrase wrong. */
  {
    g_autofree char *extra = apply_mutation (valid, "recovery", "note", "\"hello\"");
    g_autofree char *stronger = apply_mutation (valid, "passphrase", "opslimit", "2");
    g_autoptr (ReframeKeyEnvelope) loaded = NULL;

    _reframe_test_write_text (f->path, extra, -1);
    loaded = _reframe_test_load_ok (f->path);
    _reframe_test_assert_unlocks (loaded, PASSPHRASE, f->data_key);
    g_clear_object (&loaded);
    _reframe_test_write_text (f->path, stronger, -1);
    loaded = _reframe_test_load_ok (f->path);
    _reframe_test_assert_passphrase_fails (loaded, PASSPHRASE);
  }
}

static void
test_too_new (Fixture      *f,
              gconstpointer data)
{
  g_autofree char *valid = _reframe_test_read_text (f->path);
  g_autofree char *newer = apply_mutation (valid, NULL, "version", "2");
  g_autofree char *newest = apply_mutation (valid, NULL, "version", "4294967296");
  g_autofree char *different = NULL;
  g_autofree char *not_envelope = NULL;
  g_autoptr (GError) error = NULL;

  _reframe_test_write_text (f->path, newer, -1);
  _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_TOO_NEW);
  reframe_key_envelope_load (f->path, &error);
  g_assert_true (g_str_has_prefix (
      error->message, "The journal’s key file was written by a newer version of Reframe."));
  _reframe_test_write_text (f->path, newest, -1);
  _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_TOO_NEW);
  /* A newer version may change everything else. */
  different = apply_mutation (newer, NULL, "protectors", "{\"anything\": true}");
  _reframe_test_write_text (f->path, different, -1);
  _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_TOO_NEW);
  _reframe_test_write_text (f->path, "{\"format\": \"reframe-key-envelope\", \"version\": 3}", -1);
  _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_TOO_NEW);
  /* But not another format. */
  not_envelope = apply_mutation (newer, NULL, "format", "\"something-else\"");
  _reframe_test_write_text (f->path, not_envelope, -1);
  _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_MALFORMED);
}

/* Random damage never crashes, reads out of bounds (under ASan) or yields another key. */
static void
test_fuzz (Fixture      *f,
           gconstpointer data)
{
  g_autofree char  *valid = _reframe_test_read_text (f->path);
  gsize             length = strlen (valid);
  static const char interesting[] = "{}[]\":,0123456789-+.eE \\nulltruefalse=/AZaz";
  guint             n_loaded = 0;

  /* Every truncation short of the closing brace. */
  for (gsize cut = 0; cut < length - 1; cut++)
    {
      _reframe_test_write_text (f->path, valid, cut);
      _reframe_test_assert_load_fails (f->path, REFRAME_KEY_ERROR_MALFORMED);
    }

  for (guint i = 0; i < N_FUZZ; i++)
    {
      GByteArray *bytes = g_byte_array_new ();
      g_autoptr (GError) error = NULL;
      g_autoptr (ReframeKeyEnvelope) loaded = NULL;
      guint n_changes = g_test_rand_int_range (1, 5);

      g_byte_array_append (bytes, (const guint8 *) valid, length);
      for (guint c = 0; c < n_changes && bytes->len > 1; c++)
        {
          guint at = g_test_rand_int_range (0, bytes->len);
          guint span = g_test_rand_int_range (1, 9);

          switch (g_test_rand_int_range (0, 4))
            {
            case 0:
              bytes->data[at] ^= 1 << g_test_rand_int_range (0, 8);
              break;
            case 1:
              bytes->data[at] = interesting[g_test_rand_int_range (0, sizeof interesting - 1)];
              break;
            case 2:
              g_byte_array_remove_range (bytes, at, MIN (span, bytes->len - at));
              break;
            default:
              {
                guint8 byte = interesting[g_test_rand_int_range (0, sizeof interesting - 1)];

                g_array_insert_val ((GArray *) bytes, at, byte);
              }
            }
        }
      _reframe_test_write_text (f->path, (const char *) bytes->data, bytes->len);
      loaded = reframe_key_envelope_load (f->path, &error);
      if (loaded == NULL)
        {
          if (!g_error_matches (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_TOO_NEW))
            g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_MALFORMED);
        }
      else
        {
          g_autoptr (ReframeCryptKey) key = NULL;
          gboolean cheap = memmem (bytes->data, bytes->len, "\"opslimit\" : 1,", 15) != NULL &&
                           memmem (bytes->data, bytes->len, "\"memlimit\" : 8192,", 18) != NULL;

          n_loaded++;
          key = reframe_key_envelope_unlock_recovery (loaded, f->recovery_key, &error);
          g_assert_true (key == NULL || reframe_crypt_key_equal (key, f->data_key));
          g_clear_pointer (&key, reframe_crypt_key_unref);
          g_clear_error (&error);
          if (cheap)
            key = reframe_key_envelope_unlock (loaded, PASSPHRASE, &error);
          g_assert_true (key == NULL || reframe_crypt_key_equal (key, f->data_key));
        }
      g_byte_array_unref (bytes);
    }
  g_test_message ("%u of %u damaged envelopes still loaded", n_loaded, N_FUZZ);
}

static void
test_save_mode (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *listing = _reframe_test_list_folder (f->dir);
  g_autofree char *missing = g_build_filename (f->dir, "missing", "journal.key", NULL);
  g_autoptr (GError) error = NULL;
  GStatBuf info;

  g_assert_cmpstr (listing, ==, ENVELOPE_NAME);
  g_assert_cmpint (g_stat (f->path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 07777, ==, 0600);

  /* Saving again replaces the file, whatever mode it had. */
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
  _reframe_test_save_ok (f->envelope, f->path);
  g_assert_cmpint (g_stat (f->path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 07777, ==, 0600);
  g_clear_pointer (&listing, g_free);
  listing = _reframe_test_list_folder (f->dir);
  g_assert_cmpstr (listing, ==, ENVELOPE_NAME);

  /* A folder that is not there: an error, and nothing made. */
  g_assert_false (reframe_key_envelope_save (f->envelope, missing, &error));
  g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_FAILED);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_pointer (&listing, g_free);
  listing = _reframe_test_list_folder (f->dir);
  g_assert_cmpstr (listing, ==, ENVELOPE_NAME);
}

/* What a save killed before its rename leaves is ignored by load and cleared by the next
 * save, unless a save in progress still holds it. */
static void
test_leftover_temporary (Fixture      *f,
                         gconstpointer data)
{
  g_autofree char *valid = _reframe_test_read_text (f->path);
  g_autofree char *half = g_build_filename (f->dir, "." ENVELOPE_NAME ".a1B2c3", NULL);
  g_autofree char *whole = g_build_filename (f->dir, "." ENVELOPE_NAME ".Zz9Yy8", NULL);
  g_autofree char *busy = g_build_filename (f->dir, "." ENVELOPE_NAME ".BUSY00", NULL);
  g_autofree char *unrelated = g_build_filename (f->dir, "." ENVELOPE_NAME ".toolong1", NULL);
  g_autofree char *listing = NULL;
  g_autoptr (ReframeCryptKey) other_key = reframe_crypt_key_new_random ();
  g_autofree char *other_recovery = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeKeyEnvelope) other =
      reframe_key_envelope_new (other_key, "other", &other_recovery, &error);
  g_autoptr (ReframeKeyEnvelope) loaded = NULL;
  int fd;

  g_assert_no_error (error);
  _reframe_test_write_text (half, valid, strlen (valid) / 2);
  _reframe_test_save_ok (other, whole);
  _reframe_test_write_text (busy, "{", -1);
  _reframe_test_write_text (unrelated, "keep", -1);
  fd = g_open (busy, O_RDONLY, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  loaded = _reframe_test_load_ok (f->path);
  g_assert_cmpstr (
      reframe_key_envelope_get_id (loaded), ==, reframe_key_envelope_get_id (f->envelope));
  _reframe_test_assert_unlocks (loaded, PASSPHRASE, f->data_key);

  _reframe_test_save_ok (loaded, f->path);
  listing = _reframe_test_list_folder (f->dir);
  g_assert_cmpstr (
      listing, ==, "." ENVELOPE_NAME ".BUSY00 ." ENVELOPE_NAME ".toolong1 " ENVELOPE_NAME);
  close (fd);
  _reframe_test_save_ok (loaded, f->path);
  g_clear_pointer (&listing, g_free);
  listing = _reframe_test_list_folder (f->dir);
  g_assert_cmpstr (listing, ==, "." ENVELOPE_NAME ".toolong1 " ENVELOPE_NAME);
}

/* The child of test_kill_during_save: changes the passphrase and saves, over and over,
 * saying which passphrase it has saved after each save. */
int
_reframe_test_run_envelope_writer (const char *path,
                                   const char *recovery_key,
                                   const char *tag)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeKeyEnvelope) envelope = NULL;
  g_autoptr (ReframeCryptKey) key = NULL;

  _reframe_key_envelope_use_test_limits ();
  envelope = reframe_key_envelope_load (path, &error);
  if (envelope != NULL)
    key = reframe_key_envelope_unlock_recovery (envelope, recovery_key, &error);
  if (key == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 1;
    }
  printf ("ready\n");
  fflush (stdout);
  for (guint n = 1;; n++)
    {
      g_autofree char *passphrase = g_strdup_printf ("pass-%s-%u", tag, n);

      if (!reframe_key_envelope_set_passphrase (envelope, key, passphrase, &error) ||
          !reframe_key_envelope_save (envelope, path, &error))
        {
          g_printerr ("writer: %s\n", error->message);
          return 1;
        }
      printf ("%u\n", n);
      fflush (stdout);
    }
}

/* Returns: whether @passphrase opens the envelope at @path (no other error allowed) */
static gboolean
passphrase_opens (const char      *path,
                  const char      *passphrase,
                  ReframeCryptKey *expected)
{
  g_autoptr (ReframeKeyEnvelope) loaded = _reframe_test_load_ok (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCryptKey) key = reframe_key_envelope_unlock (loaded, passphrase, &error);

  if (key == NULL)
    {
      g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_WRONG_PASSPHRASE);
      return FALSE;
    }
  g_assert_true (reframe_crypt_key_equal (key, expected));
  return TRUE;
}

/* Returns: the last number the writer reported, 0 for none */
static guint
kill_writer (const char *exe,
             const char *path,
             const char *recovery_key,
             const char *tag)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                                    &error,
                                                    exe,
                                                    "--envelope-writer",
                                                    path,
                                                    recovery_key,
                                                    tag,
                                                    NULL);
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char *ready = NULL;
  guint            last = 0;
  char            *line;

  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  ready = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ready, ==, "ready");
  g_usleep (g_test_rand_int_range (0, 30000));
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
  while ((line = g_data_input_stream_read_line (out, NULL, NULL, &error)) != NULL)
    {
      last = (guint) g_ascii_strtoull (line, NULL, 10);
      g_free (line);
    }
  g_assert_no_error (error);
  return last;
}

/* kill -9 at random moments of a save loop: the envelope always loads, exactly one of
 * the last two passphrases opens it, and the recovery key always does. */
static void
test_kill_during_save (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *current = g_strdup (PASSPHRASE);
  g_autofree char *listing = NULL;
  guint            n_leftovers = 0, n_saves = 0;

  g_assert_nonnull (exe);
  for (guint i = 0; i < N_KILLS; i++)
    {
      g_autofree char *tag = g_strdup_printf ("%u", i);
      guint            last = kill_writer (exe, f->path, f->recovery_key, tag);
      g_autofree char *acknowledged =
          last > 0 ? g_strdup_printf ("pass-%s-%u", tag, last) : g_strdup (current);
      g_autofree char *next = g_strdup_printf ("pass-%s-%u", tag, last + 1);
      gboolean         old_opens = passphrase_opens (f->path, acknowledged, f->data_key);
      gboolean         new_opens = passphrase_opens (f->path, next, f->data_key);
      g_autoptr (ReframeKeyEnvelope) loaded = _reframe_test_load_ok (f->path);

      g_assert_true (old_opens != new_opens);
      g_free (current);
      current = g_strdup (old_opens ? acknowledged : next);
      _reframe_test_assert_recovery_unlocks (loaded, f->recovery_key, f->data_key);
      g_clear_pointer (&listing, g_free);
      listing = _reframe_test_list_folder (f->dir);
      n_leftovers += !g_str_equal (listing, ENVELOPE_NAME);
      n_saves += last;
    }
  g_test_message (
      "%u kills over %u saves left a temporary file %u times", N_KILLS, n_saves, n_leftovers);

  /* The next save clears what the kills left. */
  {
    g_autoptr (ReframeKeyEnvelope) loaded = _reframe_test_load_ok (f->path);

    _reframe_test_save_ok (loaded, f->path);
    g_clear_pointer (&listing, g_free);
    listing = _reframe_test_list_folder (f->dir);
    g_assert_cmpstr (listing, ==, ENVELOPE_NAME);
    _reframe_test_assert_unlocks (loaded, current, f->data_key);
  }
}

void
_reframe_test_key_envelope_add_file_tests (void)
{
  ADD ("malformed", test_malformed);
  ADD ("too-new", test_too_new);
  ADD ("fuzz", test_fuzz);
  ADD ("save-mode", test_save_mode);
  ADD ("leftover-temporary", test_leftover_temporary);
  ADD ("kill-during-save", test_kill_during_save);
}
