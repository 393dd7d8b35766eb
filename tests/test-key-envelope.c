/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-envelope.c: the journal key's envelope: passphrase, recovery key, the login
 * keyring (a real GNOME Keyring, started by with-keyring.sh), the file and its damage. */

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

/* Helpers */

void
_reframe_test_fixture_set_up (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  f->path = g_build_filename (f->dir, ENVELOPE_NAME, NULL);
  f->data_key = reframe_crypt_key_new_random ();
  f->envelope = reframe_key_envelope_new (f->data_key, PASSPHRASE, &f->recovery_key, &error);
  g_assert_no_error (error);
  g_assert_true (reframe_key_envelope_save (f->envelope, f->path, &error));
  g_assert_no_error (error);
}

void
_reframe_test_fixture_tear_down (Fixture      *f,
                                 gconstpointer data)
{
  g_assert_finalize_object (f->envelope);
  reframe_crypt_key_unref (f->data_key);
  /* Every key made by a test has been wiped and freed. */
  g_assert_cmpuint (reframe_crypt_key_get_n_alive (), ==, 0);
  reframe_test_remove_tree (f->dir);
  g_free (f->recovery_key);
  g_free (f->path);
  g_free (f->dir);
}

char *
_reframe_test_read_text (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* Not flushed to the disk (the fuzzing writes thousands), and truncated first:
 * g_file_set_contents_full () without CONSISTENT keeps the old file's tail. */
void
_reframe_test_write_text (const char *path,
                          const char *text,
                          gssize      length)
{
  int   fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  gsize size = length < 0 ? strlen (text) : (gsize) length;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, text, size), ==, (gssize) size);
  g_assert_cmpint (close (fd), ==, 0);
}

ReframeKeyEnvelope *
_reframe_test_load_ok (const char *path)
{
  g_autoptr (GError) error = NULL;
  ReframeKeyEnvelope *envelope = reframe_key_envelope_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (envelope);
  return envelope;
}

void
_reframe_test_assert_load_fails (const char *path,
                                 int         code)
{
  g_autoptr (GError) error = NULL;
  ReframeKeyEnvelope *envelope = reframe_key_envelope_load (path, &error);

  g_assert_null (envelope);
  g_assert_error (error, REFRAME_KEY_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
}

void
_reframe_test_assert_unlocks (ReframeKeyEnvelope *envelope,
                              const char         *passphrase,
                              ReframeCryptKey    *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCryptKey) key = reframe_key_envelope_unlock (envelope, passphrase, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_true (key != expected);
  g_assert_true (reframe_crypt_key_equal (key, expected));
}

void
_reframe_test_assert_passphrase_fails (ReframeKeyEnvelope *envelope,
                                       const char         *passphrase)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCryptKey) key = reframe_key_envelope_unlock (envelope, passphrase, &error);

  g_assert_null (key);
  g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_WRONG_PASSPHRASE);
}

void
_reframe_test_assert_recovery_unlocks (ReframeKeyEnvelope *envelope,
                                       const char         *recovery_key,
                                       ReframeCryptKey    *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCryptKey) key =
      reframe_key_envelope_unlock_recovery (envelope, recovery_key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_true (reframe_crypt_key_equal (key, expected));
}

static void
assert_recovery_fails (ReframeKeyEnvelope *envelope,
                       const char         *recovery_key,
                       int                 code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCryptKey) key =
      reframe_key_envelope_unlock_recovery (envelope, recovery_key, &error);

  g_assert_null (key);
  g_assert_error (error, REFRAME_KEY_ERROR, code);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Returns: the names in @dir, sorted, joined by spaces */
char *
_reframe_test_list_folder (const char *dir)
{
  g_autoptr (GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

JsonNode *
_reframe_test_parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

char *
_reframe_test_print_json (JsonNode *root)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* Returns: (transfer none): the protector of @kind in the envelope @root, or %NULL */
JsonObject *
_reframe_test_find_protector (JsonNode   *root,
                              const char *kind)
{
  JsonArray *protectors = json_object_get_array_member (json_node_get_object (root), "protectors");

  for (guint i = 0; i < json_array_get_length (protectors); i++)
    {
      JsonObject *protector = json_array_get_object_element (protectors, i);

      if (g_str_equal (json_object_get_string_member (protector, "kind"), kind))
        return protector;
    }
  return NULL;
}

static gint64
get_protector_int (const char *path,
                   const char *kind,
                   const char *member)
{
  g_autofree char *text = _reframe_test_read_text (path);
  g_autoptr (JsonNode) root = _reframe_test_parse_json (text);

  return json_object_get_int_member (_reframe_test_find_protector (root, kind), member);
}

/* Tests: passphrase, recovery key */

static void
test_round_trip (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (ReframeKeyEnvelope) loaded = _reframe_test_load_ok (f->path);
  g_autofree char *text = _reframe_test_read_text (f->path);
  g_autofree char *hex = g_malloc (REFRAME_CRYPT_KEY_SIZE * 2 + 1);
  g_autofree char *base64 =
      g_base64_encode (reframe_crypt_key_get_bytes (f->data_key), REFRAME_CRYPT_KEY_SIZE);
  g_autofree char *base64_start = g_strndup (base64, 16);
  g_auto (GStrv) groups = g_strsplit (f->recovery_key, "-", -1);
  g_autofree char *bare_recovery = g_strjoinv ("", groups);
  g_autoptr (JsonNode) root = _reframe_test_parse_json (text);
  JsonObject *object = json_node_get_object (root);

  /* The same key comes back, from the file. */
  g_assert_cmpstr (
      reframe_key_envelope_get_id (loaded), ==, reframe_key_envelope_get_id (f->envelope));
  g_assert_cmpuint (strlen (reframe_key_envelope_get_id (loaded)), ==, 32);
  _reframe_test_assert_unlocks (loaded, PASSPHRASE, f->data_key);
  _reframe_test_assert_unlocks (f->envelope, PASSPHRASE, f->data_key);
  g_assert_false (reframe_key_envelope_has_login (loaded));

  /* The file: versioned JSON, two protectors, the test limits, no key in any spelling. */
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "reframe-key-envelope");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (object, "protectors")), ==, 2);
  g_assert_cmpstr (
      json_object_get_string_member (_reframe_test_find_protector (root, "passphrase"), "kdf"),
      ==,
      "argon2id13");
  g_assert_cmpint (
      get_protector_int (f->path, "passphrase", "opslimit"), ==, crypto_pwhash_OPSLIMIT_MIN);
  g_assert_cmpint (
      get_protector_int (f->path, "passphrase", "memlimit"), ==, crypto_pwhash_MEMLIMIT_MIN);
  g_assert_null (_reframe_test_find_protector (root, "login"));
  sodium_bin2hex (hex,
                  REFRAME_CRYPT_KEY_SIZE * 2 + 1,
                  reframe_crypt_key_get_bytes (f->data_key),
                  REFRAME_CRYPT_KEY_SIZE);
  g_assert_null (memmem (text, strlen (text), reframe_crypt_key_get_bytes (f->data_key), 8));
  g_assert_null (strstr (text, hex));
  g_assert_null (g_strstr_len (text, -1, base64_start));
  g_assert_null (strstr (text, f->recovery_key));
  g_assert_null (strstr (text, bare_recovery));

  /* The recovery key: 14 groups of four from the base32 alphabet. */
  g_assert_cmpuint (strlen (f->recovery_key), ==, 14 * 4 + 13);
  g_assert_cmpuint (g_strv_length (groups), ==, 14);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (groups[i]), ==, 4);
      for (guint j = 0; j < 4; j++)
        g_assert_nonnull (strchr ("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", groups[i][j]));
    }
}

static void
test_wrong_passphrase (Fixture      *f,
                       gconstpointer data)
{
  g_autofree char *before = _reframe_test_read_text (f->path);
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;
  g_autoptr (ReframeKeyEnvelope) loaded = _reframe_test_load_ok (f->path);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCryptKey) key = NULL;

  key = reframe_key_envelope_unlock (loaded, "correct horse battery stapler", &error);
  g_assert_null (key);
  g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_WRONG_PASSPHRASE);
  g_assert_true (g_str_has_prefix (error->message, "The passphrase does not open this journal."));
  _reframe_test_assert_passphrase_fails (loaded, "");
  _reframe_test_assert_passphrase_fails (loaded, PASSPHRASE " ");
  _reframe_test_assert_passphrase_fails (loaded, "Correct horse battery staple");
  _reframe_test_assert_passphrase_fails (loaded, f->recovery_key);

  /* A failed unlock writes nothing, and the envelope still opens. */
  after = _reframe_test_read_text (f->path);
  g_assert_cmpstr (after, ==, before);
  listing = _reframe_test_list_folder (f->dir);
  g_assert_cmpstr (listing, ==, ENVELOPE_NAME);
  _reframe_test_assert_unlocks (loaded, PASSPHRASE, f->data_key);
}

/* The same passphrase typed as é or as e + combining acute accent opens the journal. */
static void
test_passphrase_unicode (void)
{
  g_autoptr (ReframeCryptKey) data_key = reframe_crypt_key_new_random ();
  g_autoptr (GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr (ReframeKeyEnvelope) envelope =
      reframe_key_envelope_new (data_key, "caf\xc3\xa9 cr\xc3\xa8me", &recovery_key, &error);

  g_assert_no_error (error);
  _reframe_test_assert_unlocks (envelope, "cafe\xcc\x81 cre\xcc\x80me", data_key);
  _reframe_test_assert_unlocks (envelope, "caf\xc3\xa9 cr\xc3\xa8me", data_key);
  _reframe_test_assert_passphrase_fails (envelope, "cafe creme");
  /* Not UTF-8 at all: hashed as it is, and simply wrong. */
  _reframe_test_assert_passphrase_fails (envelope, "caf\xe9 cr\xe8me");
}

static char *
strip_separators (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
test_recovery (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (ReframeKeyEnvelope) loaded = _reframe_test_load_ok (f->path);
  g_autofree char *lower = g_ascii_strdown (f->recovery_key, -1);
  g_autofree char *bare = strip_separators (f->recovery_key);
  g_autofree char *spaced = g_strdelimit (g_strdup (f->recovery_key), "-", ' ');
  g_autofree char *lines =
      g_strdup_printf ("  %.34s\n%s\r\n", f->recovery_key, f->recovery_key + 34);
  g_autofree char *digits = g_strdelimit (
      g_strdelimit (g_strdelimit (g_strdup (f->recovery_key), "O", '0'), "I", '1'), "B", '8');
  g_autoptr (ReframeCryptKey) other_key = reframe_crypt_key_new_random ();
  g_autofree char *other_recovery = NULL;
  g_autoptr (ReframeKeyEnvelope) other = NULL;
  g_autoptr (GError) error = NULL;

  /* Typed in any of the ways people copy a key. */
  _reframe_test_assert_recovery_unlocks (loaded, f->recovery_key, f->data_key);
  _reframe_test_assert_recovery_unlocks (loaded, lower, f->data_key);
  _reframe_test_assert_recovery_unlocks (loaded, bare, f->data_key);
  _reframe_test_assert_recovery_unlocks (loaded, spaced, f->data_key);
  _reframe_test_assert_recovery_unlocks (loaded, lines, f->data_key);
  _reframe_test_assert_recovery_unlocks (loaded, digits, f->data_key);

  /* Any one character mistyped, anywhere, is caught as a typing mistake (the check group
   * has 20 bits: one random mistake in a million passes it). */
  for (guint i = 0; bare[i] != '\0'; i++)
    {
      g_autofree char *typo = g_strdup (bare);
      const char      *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

      typo[i] =
          alphabet[(strchr (alphabet, typo[i]) - alphabet + 1 + g_test_rand_int_range (0, 31)) %
                   32];
      assert_recovery_fails (loaded, typo, REFRAME_KEY_ERROR_BAD_RECOVERY_KEY);
    }
  /* A character missing, one too many, other text. */
  assert_recovery_fails (loaded, bare + 1, REFRAME_KEY_ERROR_BAD_RECOVERY_KEY);
  {
    g_autofree char *longer = g_strconcat (bare, "A", NULL);
    g_autofree char *swapped = g_strdup (bare);
    char             c = swapped[10];

    assert_recovery_fails (loaded, longer, REFRAME_KEY_ERROR_BAD_RECOVERY_KEY);
    swapped[10] = swapped[11];
    swapped[11] = c;
    if (swapped[10] != swapped[11])
      assert_recovery_fails (loaded, swapped, REFRAME_KEY_ERROR_BAD_RECOVERY_KEY);
  }
  assert_recovery_fails (loaded, "", REFRAME_KEY_ERROR_BAD_RECOVERY_KEY);
  assert_recovery_fails (loaded, PASSPHRASE, REFRAME_KEY_ERROR_BAD_RECOVERY_KEY);
  assert_recovery_fails (loaded, "\xc3\xa9\xc3\xa9\xc3\xa9", REFRAME_KEY_ERROR_BAD_RECOVERY_KEY);

  /* A real recovery key, but another journal's. */
  other = reframe_key_envelope_new (other_key, PASSPHRASE, &other_recovery, &error);
  g_assert_no_error (error);
  assert_recovery_fails (loaded, other_recovery, REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY);
  _reframe_test_assert_recovery_unlocks (other, other_recovery, other_key);
}

static void
test_set_passphrase (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (ReframeKeyEnvelope) loaded = _reframe_test_load_ok (f->path);
  g_autoptr (ReframeKeyEnvelope) reloaded = NULL;
  g_autoptr (ReframeCryptKey) stranger = reframe_crypt_key_new_random ();
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (
      reframe_key_envelope_set_passphrase (loaded, f->data_key, "a new passphrase", &error));
  g_assert_no_error (error);
  _reframe_test_assert_passphrase_fails (loaded, PASSPHRASE);
  _reframe_test_assert_unlocks (loaded, "a new passphrase", f->data_key);
  _reframe_test_assert_recovery_unlocks (loaded, f->recovery_key, f->data_key);

  /* Saved: the same envelope (id, data key), rewrapped. */
  before = _reframe_test_read_text (f->path);
  g_assert_true (reframe_key_envelope_save (loaded, f->path, &error));
  g_assert_no_error (error);
  after = _reframe_test_read_text (f->path);
  g_assert_cmpstr (before, !=, after);
  reloaded = _reframe_test_load_ok (f->path);
  g_assert_cmpstr (
      reframe_key_envelope_get_id (reloaded), ==, reframe_key_envelope_get_id (f->envelope));
  _reframe_test_assert_passphrase_fails (reloaded, PASSPHRASE);
  _reframe_test_assert_unlocks (reloaded, "a new passphrase", f->data_key);
  _reframe_test_assert_recovery_unlocks (reloaded, f->recovery_key, f->data_key);

  /* A key that is not this journal's is refused, and nothing changes. */
  g_assert_false (
      reframe_key_envelope_set_passphrase (reloaded, stranger, "a third passphrase", &error));
  g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_FAILED);
  _reframe_test_assert_passphrase_fails (reloaded, "a third passphrase");
  _reframe_test_assert_unlocks (reloaded, "a new passphrase", f->data_key);
}

static void
test_reset_recovery (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (ReframeKeyEnvelope) loaded = _reframe_test_load_ok (f->path);
  g_autoptr (ReframeKeyEnvelope) reloaded = NULL;
  g_autoptr (ReframeCryptKey) stranger = reframe_crypt_key_new_random ();
  g_autoptr (GError) error = NULL;
  g_autofree char *recovery_key = reframe_key_envelope_reset_recovery (loaded, f->data_key, &error);
  char            *refused;

  g_assert_no_error (error);
  g_assert_nonnull (recovery_key);
  g_assert_cmpstr (recovery_key, !=, f->recovery_key);
  assert_recovery_fails (loaded, f->recovery_key, REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY);
  _reframe_test_assert_recovery_unlocks (loaded, recovery_key, f->data_key);
  _reframe_test_assert_unlocks (loaded, PASSPHRASE, f->data_key);

  g_assert_true (reframe_key_envelope_save (loaded, f->path, &error));
  g_assert_no_error (error);
  reloaded = _reframe_test_load_ok (f->path);
  assert_recovery_fails (reloaded, f->recovery_key, REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY);
  _reframe_test_assert_recovery_unlocks (reloaded, recovery_key, f->data_key);
  _reframe_test_assert_unlocks (reloaded, PASSPHRASE, f->data_key);

  refused = reframe_key_envelope_reset_recovery (reloaded, stranger, &error);
  g_assert_null (refused);
  g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_FAILED);
  _reframe_test_assert_recovery_unlocks (reloaded, recovery_key, f->data_key);
}

/* Tests: the login keyring */

static const SecretSchema *
get_test_schema (void)
{
  static const SecretSchema schema = {
    REFRAME_KEY_ENVELOPE_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
        { "envelope", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };

  return &schema;
}

static guint
count_login_items (ReframeKeyEnvelope *envelope)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) attributes = secret_attributes_build (
      get_test_schema (), "envelope", reframe_key_envelope_get_id (envelope), NULL);
  GList *items = secret_service_search_sync (
      NULL, get_test_schema (), attributes, SECRET_SEARCH_ALL, NULL, &error);
  guint n;

  g_assert_no_error (error);
  n = g_list_length (items);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autofree char *label = secret_item_get_label (l->data);

      g_assert_cmpstr (label, ==, "Reframe journal key");
    }
  g_list_free_full (items, g_object_unref);
  return n;
}

static void
assert_login_unlocks (ReframeKeyEnvelope *envelope,
                      ReframeCryptKey    *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCryptKey) key = reframe_key_envelope_unlock_login (envelope, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_true (reframe_crypt_key_equal (key, expected));
}

static void
assert_no_login_key (ReframeKeyEnvelope *envelope)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCryptKey) key = reframe_key_envelope_unlock_login (envelope, NULL, &error);

  g_assert_null (key);
  g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_NO_LOGIN_KEY);
}

void
_reframe_test_save_ok (ReframeKeyEnvelope *envelope,
                       const char         *path)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_key_envelope_save (envelope, path, &error));
  g_assert_no_error (error);
}

static void
test_login (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeCryptKey) stranger = reframe_crypt_key_new_random ();
  g_autoptr (ReframeKeyEnvelope) loaded = NULL;
  g_autoptr (ReframeKeyEnvelope) earlier = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autoptr (SecretValue) other_secret = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject      *login;

  if (g_getenv ("REFRAME_TEST_KEYRING_DIR") == NULL)
    {
      g_test_skip ("needs a keyring: run under tests/with-keyring.sh");
      return;
    }

  /* Off by default. */
  g_assert_false (reframe_key_envelope_has_login (f->envelope));
  assert_no_login_key (f->envelope);
  g_assert_false (reframe_key_envelope_enable_login (f->envelope, stranger, NULL, &error));
  g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (reframe_key_envelope_has_login (f->envelope));
  g_assert_cmpuint (count_login_items (f->envelope), ==, 0);

  /* On: one item in the keyring, and the file has a third protector. */
  g_assert_true (reframe_key_envelope_enable_login (f->envelope, f->data_key, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (reframe_key_envelope_has_login (f->envelope));
  g_assert_cmpuint (count_login_items (f->envelope), ==, 1);
  assert_login_unlocks (f->envelope, f->data_key);
  _reframe_test_save_ok (f->envelope, f->path);
  text = _reframe_test_read_text (f->path);
  root = _reframe_test_parse_json (text);
  login = _reframe_test_find_protector (root, "login");
  g_assert_nonnull (login);
  g_assert_true (json_object_has_member (login, "nonce") &&
                 json_object_has_member (login, "wrapped"));
  loaded = _reframe_test_load_ok (f->path);
  g_assert_true (reframe_key_envelope_has_login (loaded));
  assert_login_unlocks (loaded, f->data_key);
  _reframe_test_assert_unlocks (loaded, PASSPHRASE, f->data_key);

  /* Enabling again replaces the item: the earlier protector no longer opens. */
  earlier = _reframe_test_load_ok (f->path);
  g_assert_true (reframe_key_envelope_enable_login (loaded, f->data_key, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_login_items (loaded), ==, 1);
  assert_login_unlocks (loaded, f->data_key);
  assert_no_login_key (earlier);

  /* An item of the right size that is not this journal's, then no item at all. */
  attributes = secret_attributes_build (
      get_test_schema (), "envelope", reframe_key_envelope_get_id (loaded), NULL);
  other_secret =
      secret_value_new ("0123456789abcdef0123456789abcdef", 32, "application/octet-stream");
  g_assert_true (secret_service_store_sync (NULL,
                                            get_test_schema (),
                                            attributes,
                                            SECRET_COLLECTION_DEFAULT,
                                            "Reframe journal key",
                                            other_secret,
                                            NULL,
                                            &error));
  g_assert_no_error (error);
  assert_no_login_key (loaded);
  g_assert_true (secret_service_clear_sync (NULL, get_test_schema (), attributes, NULL, &error));
  g_assert_no_error (error);
  assert_no_login_key (loaded);
  g_assert_cmpuint (count_login_items (loaded), ==, 0);

  /* Back on, then off: the item and the protector go. */
  g_assert_true (reframe_key_envelope_enable_login (loaded, f->data_key, NULL, &error));
  g_assert_no_error (error);
  reframe_key_envelope_disable_login (loaded, NULL);
  g_assert_false (reframe_key_envelope_has_login (loaded));
  g_assert_cmpuint (count_login_items (loaded), ==, 0);
  assert_no_login_key (loaded);
  _reframe_test_save_ok (loaded, f->path);
  g_clear_object (&loaded);
  loaded = _reframe_test_load_ok (f->path);
  g_assert_false (reframe_key_envelope_has_login (loaded));
  _reframe_test_assert_unlocks (loaded, PASSPHRASE, f->data_key);
  _reframe_test_assert_recovery_unlocks (loaded, f->recovery_key, f->data_key);
  /* Turning off what is off is fine. */
  reframe_key_envelope_disable_login (loaded, NULL);
}

static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (ReframeCryptKey) data_key = reframe_crypt_key_new_random ();
      g_autoptr (GError) error = NULL;
      g_autofree char *recovery_key = NULL;
      g_autoptr (ReframeKeyEnvelope) envelope = NULL;

      _reframe_key_envelope_use_test_limits ();
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/reframe-test-bus", TRUE);
      envelope = reframe_key_envelope_new (data_key, PASSPHRASE, &recovery_key, &error);
      g_assert_no_error (error);
      g_assert_false (reframe_key_envelope_enable_login (envelope, data_key, NULL, &error));
      g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_FAILED);
      g_assert_true (g_str_has_prefix (error->message, "The login keyring could not be used"));
      g_assert_false (reframe_key_envelope_has_login (envelope));
      reframe_key_envelope_disable_login (envelope, NULL);
      _reframe_test_assert_unlocks (envelope, PASSPHRASE, data_key);
      secret_service_disconnect ();
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Tests: the file */

/* Protectors moved from another envelope do not open: the envelope's id is bound into
 * every wrapped key. */
static void
test_foreign_protector (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (ReframeCryptKey) other_key = reframe_crypt_key_new_random ();
  g_autofree char *other_recovery = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.key", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeKeyEnvelope) other =
      reframe_key_envelope_new (other_key, PASSPHRASE, &other_recovery, &error);
  g_autofree char *mine_text = _reframe_test_read_text (f->path);
  g_autofree char *other_text = NULL;
  g_autoptr (JsonNode) mine = _reframe_test_parse_json (mine_text);
  g_autoptr (JsonNode) theirs = NULL;
  const char *kinds[] = { "passphrase", "recovery" };

  g_assert_no_error (error);
  _reframe_test_save_ok (other, other_path);
  other_text = _reframe_test_read_text (other_path);
  theirs = _reframe_test_parse_json (other_text);

  /* Their protectors in my envelope, one at a time. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr (JsonNode) mixed = _reframe_test_parse_json (mine_text);
      JsonObject *target = _reframe_test_find_protector (mixed, kinds[i]);
      JsonObject *source = _reframe_test_find_protector (theirs, kinds[i]);
      g_autoptr (GList) members = json_object_get_members (source);
      g_autofree char *mixed_text = NULL;
      g_autoptr (ReframeKeyEnvelope) loaded = NULL;

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (
            target, l->data, json_node_copy (json_object_get_member (source, l->data)));
      mixed_text = _reframe_test_print_json (mixed);
      _reframe_test_write_text (f->path, mixed_text, -1);
      loaded = _reframe_test_load_ok (f->path);
      if (i == 0)
        {
          _reframe_test_assert_passphrase_fails (loaded, PASSPHRASE);
          _reframe_test_assert_recovery_unlocks (loaded, f->recovery_key, f->data_key);
        }
      else
        {
          assert_recovery_fails (loaded, other_recovery, REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY);
          _reframe_test_assert_unlocks (loaded, PASSPHRASE, f->data_key);
        }
    }

  /* Their whole envelope under my id opens nothing. */
  {
    g_autoptr (JsonNode) renamed = _reframe_test_parse_json (other_text);
    g_autofree char *renamed_text = NULL;
    g_autoptr (ReframeKeyEnvelope) loaded = NULL;

    json_object_set_string_member (
        json_node_get_object (renamed), "id", reframe_key_envelope_get_id (f->envelope));
    renamed_text = _reframe_test_print_json (renamed);
    _reframe_test_write_text (f->path, renamed_text, -1);
    loaded = _reframe_test_load_ok (f->path);
    _reframe_test_assert_passphrase_fails (loaded, PASSPHRASE);
    assert_recovery_fails (loaded, other_recovery, REFRAME_KEY_ERROR_WRONG_RECOVERY_KEY);
  }

  /* My protectors with their key check: the file contradicts itself. */
  {
    g_autoptr (JsonNode) mixed = _reframe_test_parse_json (mine_text);
    g_autofree char *mixed_text = NULL;
    g_autoptr (ReframeKeyEnvelope) loaded = NULL;
    g_autoptr (ReframeCryptKey) key = NULL;

    json_object_set_string_member (
        json_node_get_object (mixed),
        "check",
        json_object_get_string_member (json_node_get_object (theirs), "check"));
    mixed_text = _reframe_test_print_json (mixed);
    _reframe_test_write_text (f->path, mixed_text, -1);
    loaded = _reframe_test_load_ok (f->path);
    key = reframe_key_envelope_unlock (loaded, PASSPHRASE, &error);
    g_assert_null (key);
    g_assert_error (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_MALFORMED);
  }
}

/* Real limits: calibrated here, stored, and never below INTERACTIVE. In a subprocess, as
 * every other test uses the test limits. */
static void
test_calibrated (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (ReframeCryptKey) data_key = reframe_crypt_key_new_random ();
      g_autoptr (GError) error = NULL;
      g_autofree char *recovery_key = NULL;
      g_autofree char *dir = reframe_test_make_tmp_dir ();
      g_autofree char *path = g_build_filename (dir, ENVELOPE_NAME, NULL);
      g_autoptr (ReframeKeyEnvelope) envelope = NULL;
      g_autoptr (ReframeKeyEnvelope) loaded = NULL;
      gint64 start = g_get_monotonic_time (), made, unlocked;
      gint64 opslimit, memlimit;

      envelope = reframe_key_envelope_new (data_key, PASSPHRASE, &recovery_key, &error);
      made = g_get_monotonic_time () - start;
      g_assert_no_error (error);
      _reframe_test_save_ok (envelope, path);
      opslimit = get_protector_int (path, "passphrase", "opslimit");
      memlimit = get_protector_int (path, "passphrase", "memlimit");
      g_assert_cmpint (opslimit, >=, crypto_pwhash_OPSLIMIT_INTERACTIVE);
      g_assert_cmpint (memlimit, >=, crypto_pwhash_MEMLIMIT_INTERACTIVE);
      g_assert_cmpint (memlimit, <=, crypto_pwhash_MEMLIMIT_MODERATE);
      g_assert_cmpint (opslimit, <=, 16);

      loaded = _reframe_test_load_ok (path);
      start = g_get_monotonic_time ();
      _reframe_test_assert_unlocks (loaded, PASSPHRASE, data_key);
      unlocked = g_get_monotonic_time () - start;
      _reframe_test_assert_passphrase_fails (loaded, "not it");
      g_printerr ("# calibrated Argon2id: opslimit %" G_GINT64_FORMAT ", memlimit %" G_GINT64_FORMAT
                  " MiB; new() %.2f s, unlock %.2f s\n",
                  opslimit,
                  memlimit / (1024 * 1024),
                  made / 1e6,
                  unlocked / 1e6);
      reframe_test_remove_tree (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (argc == 5 && g_str_equal (argv[1], "--envelope-writer"))
    return _reframe_test_run_envelope_writer (argv[2], argv[3], argv[4]);

  g_test_init (&argc, &argv, NULL);
  /* Subprocesses choose for themselves: the calibration test needs the real limits. */
  if (!g_test_subprocess ())
    _reframe_key_envelope_use_test_limits ();

  ADD ("round-trip", test_round_trip);
  ADD ("wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/reframe/key-envelope/passphrase-unicode", test_passphrase_unicode);
  ADD ("recovery", test_recovery);
  ADD ("set-passphrase", test_set_passphrase);
  ADD ("reset-recovery", test_reset_recovery);
  ADD ("login", test_login);
  g_test_add_func ("/reframe/key-envelope/no-keyring", test_no_keyring);
  ADD ("foreign-protector", test_foreign_protector);
  _reframe_test_key_envelope_add_file_tests ();
  g_test_add_func ("/reframe/key-envelope/calibrated", test_calibrated);
  status = g_test_run ();

  /* libsecret keeps its connection for the whole process; end it so nothing is left. */
  secret_service_disconnect ();
  reframe_test_spin_idle ();
  return status;
}
