/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-key-envelope-file.c: the key envelope's file: strict JSON in, JSON out, and
 * saves that a crash cannot tear (docs/encryption-keys.md describes the format). */

#define G_LOG_DOMAIN "ReframeKeyEnvelope"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reframe-key-envelope-private.h"

#define KDF_NAME "argon2id13"

/* A real envelope is about 1 KiB. Anything far larger, nested deeper, or with a number
 * longer than any an envelope holds is refused before json-glib sees it
 * (is_one_plain_object ()). */
#define MAX_FILE_BYTES (64 * 1024)
#define MAX_NESTING    8
#define MAX_DIGITS     18 /* every integer of 18 digits fits in 63 bits */

#define TEMPORARY_SUFFIX_CHARS 6 /* "XXXXXX" of g_mkstemp () */

static const char *const kind_names[REFRAME_KEY_N_KINDS] = { "passphrase", "recovery", "login" };
static const gsize       salt_sizes[REFRAME_KEY_N_KINDS] = { REFRAME_KEY_PASSPHRASE_SALT_BYTES,
                                                             REFRAME_KEY_RECOVERY_SALT_BYTES,
                                                             0 };

const char *
_reframe_key_kind_get_name (ReframeKeyKind kind)
{
  g_assert (kind < REFRAME_KEY_N_KINDS);
  return kind_names[kind];
}

gsize
_reframe_key_kind_get_salt_size (ReframeKeyKind kind)
{
  g_assert (kind < REFRAME_KEY_N_KINDS);
  return salt_sizes[kind];
}

void
_reframe_key_envelope_set_malformed (GError **error)
{
  g_set_error_literal (error,
                       REFRAME_KEY_ERROR,
                       REFRAME_KEY_ERROR_MALFORMED,
                       _ ("The journal’s key file is damaged, so it cannot open the journal."));
}

/* Reading */

/* Looks at the text before json-glib does, for what its parser (1.6) does not refuse
 * or does not survive well:
 * - nesting deeper than an envelope has: the parser recurses, and 64 KiB of "[" would
 *   use up a worker thread's stack;
 * - numbers too long for 64 bits, which json-glib wraps without a word
 *   (-99999999999999999999999 reads as 1);
 * - anything but one object: a value before or after it ("9{…}", "{…}{…}") makes
 *   json-glib leak what it parsed (seen with LeakSanitizer). */
static gboolean
is_one_plain_object (const char *data,
                     gsize       length)
{
  gboolean in_string = FALSE, ended = FALSE;
  guint    depth = 0, digits = 0;
  gsize    i = 0;

  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i == length || data[i] != '{')
    return FALSE;
  for (; i < length; i++)
    {
      char c = data[i];

      digits = !in_string && g_ascii_isdigit (c) ? digits + 1 : 0;
      if (digits > MAX_DIGITS || (ended && !g_ascii_isspace (c)))
        return FALSE;
      if (in_string && c == '\\')
        i++;
      else if (c == '"')
        in_string = !in_string;
      else if (!in_string && (c == '{' || c == '[') && ++depth > MAX_NESTING)
        return FALSE;
      else if (!in_string && (c == '}' || c == ']') && depth-- == 0)
        return FALSE;
      ended = depth == 0;
    }
  return ended;
}

static gboolean
get_string_member (JsonObject  *object,
                   const char  *name,
                   const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  return *value != NULL;
}

/* Only what json-glib read as an integer: a number with a fraction or an exponent is a
 * double, and refused (too many digits were refused before parsing). */
static gboolean
get_int_member (JsonObject *object,
                const char *name,
                gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

/* Strict base64 (padding and unused bits checked, nothing skipped) of exactly @size bytes. */
static gboolean
get_base64_member (JsonObject *object,
                   const char *name,
                   guint8     *out,
                   gsize       size)
{
  const char *text;
  size_t      length = 0;

  return get_string_member (object, name, &text) &&
         sodium_base642bin (
             out, size, text, strlen (text), NULL, &length, NULL, sodium_base64_VARIANT_ORIGINAL) ==
             0 &&
         length == size;
}

static gboolean
is_valid_id (const char *id)
{
  gsize i;

  for (i = 0; id[i] != '\0'; i++)
    if (!g_ascii_isdigit (id[i]) && !(id[i] >= 'a' && id[i] <= 'f'))
      return FALSE;
  return i == REFRAME_KEY_ENVELOPE_ID_CHARS;
}

static gboolean
parse_kdf (JsonObject          *object,
           ReframeKeyProtector *protector)
{
  const char *kdf;
  gint64      opslimit, memlimit;

  if (!get_string_member (object, "kdf", &kdf) || !g_str_equal (kdf, KDF_NAME) ||
      !get_int_member (object, "opslimit", &opslimit) ||
      !get_int_member (object, "memlimit", &memlimit))
    return FALSE;
  if (opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN || opslimit > REFRAME_KEY_MAX_OPSLIMIT ||
      memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN || memlimit > REFRAME_KEY_MAX_MEMLIMIT)
    return FALSE;
  protector->opslimit = opslimit;
  protector->memlimit = memlimit;
  return TRUE;
}

static gboolean
parse_protector (JsonNode            *node,
                 ReframeKeyProtector *protectors)
{
  JsonObject         *object;
  const char         *name;
  ReframeKeyProtector protector = { 0 };
  ReframeKeyKind      kind;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  if (!get_string_member (object, "kind", &name))
    return FALSE;
  for (kind = 0; kind < REFRAME_KEY_N_KINDS; kind++)
    if (g_str_equal (name, kind_names[kind]))
      break;
  if (kind == REFRAME_KEY_N_KINDS || protectors[kind].present)
    return FALSE;
  if (!get_base64_member (object, "nonce", protector.nonce, REFRAME_KEY_NONCE_BYTES) ||
      !get_base64_member (object, "wrapped", protector.wrapped, REFRAME_KEY_WRAPPED_BYTES) ||
      (salt_sizes[kind] > 0 &&
       !get_base64_member (object, "salt", protector.salt, salt_sizes[kind])) ||
      (kind == REFRAME_KEY_KIND_PASSPHRASE && !parse_kdf (object, &protector)))
    return FALSE;
  protector.present = TRUE;
  protectors[kind] = protector;
  return TRUE;
}

static gboolean
parse_protectors (JsonObject          *object,
                  ReframeKeyProtector *protectors)
{
  JsonNode  *node = json_object_get_member (object, "protectors");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!parse_protector (json_array_get_element (array, i), protectors))
      return FALSE;
  /* Both are made with the envelope and only ever replaced. */
  return protectors[REFRAME_KEY_KIND_PASSPHRASE].present &&
         protectors[REFRAME_KEY_KIND_RECOVERY].present;
}

static gboolean
parse_contents (ReframeKeyEnvelopeContents *contents,
                const char                 *data,
                gsize                       length,
                GError                    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode   *root;
  JsonObject *object;
  const char *text;
  gint64      version;

  if (length > MAX_FILE_BYTES || !is_one_plain_object (data, length) ||
      !json_parser_load_from_data (parser, data, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto malformed;
  object = json_node_get_object (root);
  if (!get_string_member (object, "format", &text) ||
      !g_str_equal (text, REFRAME_KEY_ENVELOPE_FORMAT) ||
      !get_int_member (object, "version", &version) || version < 1)
    goto malformed;
  /* Checked before anything else: a newer version may change all the rest. */
  if (version > REFRAME_KEY_ENVELOPE_VERSION)
    {
      g_set_error_literal (error,
                           REFRAME_KEY_ERROR,
                           REFRAME_KEY_ERROR_TOO_NEW,
                           _ ("The journal’s key file was written by a newer version of Reframe. "
                              "Update Reframe to open this journal."));
      return FALSE;
    }
  if (!get_string_member (object, "id", &text) || !is_valid_id (text))
    goto malformed;
  memcpy (contents->id, text, REFRAME_KEY_ENVELOPE_ID_CHARS + 1);
  if (!get_base64_member (object, "check", contents->check, REFRAME_KEY_CHECK_BYTES) ||
      !parse_protectors (object, contents->protectors))
    goto malformed;
  return TRUE;

malformed:
  _reframe_key_envelope_set_malformed (error);
  return FALSE;
}

/* Returns: (transfer full) (nullable): the file's bytes, at most MAX_FILE_BYTES + 1 (one
 * more than allowed tells a file that is too large) */
static char *
read_file (const char *path,
           gsize      *length,
           GError    **error)
{
  g_autofree char *data = g_malloc (MAX_FILE_BYTES + 1);
  int              fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  gsize            n = 0;
  int              saved_errno = 0;
  struct stat      info;

  if (fd < 0)
    saved_errno = errno;
  else if (fstat (fd, &info) != 0 || !S_ISREG (info.st_mode))
    saved_errno = EINVAL;
  while (saved_errno == 0 && n <= MAX_FILE_BYTES)
    {
      ssize_t got = read (fd, data + n, MAX_FILE_BYTES + 1 - n);

      if (got == 0)
        break;
      if (got < 0 && errno != EINTR)
        saved_errno = errno;
      else if (got > 0)
        n += got;
    }
  if (fd >= 0)
    close (fd);
  if (saved_errno != 0)
    {
      g_set_error (error,
                   REFRAME_KEY_ERROR,
                   REFRAME_KEY_ERROR_FAILED,
                   _ ("The journal’s key file “%s” could not be read: %s."),
                   path,
                   g_strerror (saved_errno));
      return NULL;
    }
  *length = n;
  return g_steal_pointer (&data);
}

/**
 * _reframe_key_envelope_contents_read:
 * @contents: (out caller-allocates): filled on success, zeroed first
 * @path: the envelope file
 * @error: return location for an error
 *
 * Reads and checks everything but the keys: format, version, id, and every protector's
 * fields, lengths and Argon2id limits.
 *
 * Returns: %TRUE when @contents holds the envelope; otherwise %FALSE with
 *   %REFRAME_KEY_ERROR_MALFORMED, %REFRAME_KEY_ERROR_TOO_NEW or %REFRAME_KEY_ERROR_FAILED
 */
gboolean
_reframe_key_envelope_contents_read (ReframeKeyEnvelopeContents *contents,
                                     const char                 *path,
                                     GError                    **error)
{
  g_autofree char *data = NULL;
  gsize            length = 0;

  memset (contents, 0, sizeof *contents);
  data = read_file (path, &length, error);
  return data != NULL && parse_contents (contents, data, length, error);
}

/* Writing */

static void
add_base64_member (JsonBuilder  *builder,
                   const char   *name,
                   const guint8 *data,
                   gsize         size)
{
  char text[sodium_base64_ENCODED_LEN (REFRAME_KEY_WRAPPED_BYTES, sodium_base64_VARIANT_ORIGINAL)];

  g_assert (size <= REFRAME_KEY_WRAPPED_BYTES);
  sodium_bin2base64 (text, sizeof text, data, size, sodium_base64_VARIANT_ORIGINAL);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

static void
add_protector (JsonBuilder               *builder,
               ReframeKeyKind             kind,
               const ReframeKeyProtector *protector)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_names[kind]);
  if (kind == REFRAME_KEY_KIND_PASSPHRASE)
    {
      json_builder_set_member_name (builder, "kdf");
      json_builder_add_string_value (builder, KDF_NAME);
      json_builder_set_member_name (builder, "opslimit");
      json_builder_add_int_value (builder, (gint64) protector->opslimit);
      json_builder_set_member_name (builder, "memlimit");
      json_builder_add_int_value (builder, (gint64) protector->memlimit);
    }
  if (salt_sizes[kind] > 0)
    add_base64_member (builder, "salt", protector->salt, salt_sizes[kind]);
  add_base64_member (builder, "nonce", protector->nonce, REFRAME_KEY_NONCE_BYTES);
  add_base64_member (builder, "wrapped", protector->wrapped, REFRAME_KEY_WRAPPED_BYTES);
  json_builder_end_object (builder);
}

/* Returns: (transfer full): the envelope as JSON, ending in a line break */
static char *
serialize_contents (const ReframeKeyEnvelopeContents *contents)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, REFRAME_KEY_ENVELOPE_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, REFRAME_KEY_ENVELOPE_VERSION);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, contents->id);
  add_base64_member (builder, "check", contents->check, REFRAME_KEY_CHECK_BYTES);
  json_builder_set_member_name (builder, "protectors");
  json_builder_begin_array (builder);
  for (ReframeKeyKind kind = 0; kind < REFRAME_KEY_N_KINDS; kind++)
    if (contents->protectors[kind].present)
      add_protector (builder, kind, &contents->protectors[kind]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  return g_strconcat (json, "\n", NULL);
}

/* Whether @name is a temporary file of a save of @base: "." + base + "." + six characters. */
static gboolean
is_temporary_name (const char *name,
                   const char *base)
{
  gsize base_length = strlen (base);

  if (name[0] != '.' || strncmp (name + 1, base, base_length) != 0 ||
      name[1 + base_length] != '.' || strlen (name) != 1 + base_length + 1 + TEMPORARY_SUFFIX_CHARS)
    return FALSE;
  for (const char *p = name + base_length + 2; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/* Removes what saves killed before their rename left behind. A save holds a lock on its
 * temporary file until it has renamed it, so one under way in another process is left
 * alone. */
static void
remove_stale_temporaries (const char *folder,
                          const char *base)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      int              fd;

      if (!is_temporary_name (name, base))
        continue;
      path = g_build_filename (folder, name, NULL);
      fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
      if (fd < 0)
        continue;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        g_unlink (path);
      close (fd);
    }
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      ssize_t written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      length -= written;
    }
  return TRUE;
}

static void
sync_folder (const char *folder)
{
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/**
 * _reframe_key_envelope_contents_write:
 * @contents: the envelope
 * @path: where to write it
 * @error: return location for an error
 *
 * Writes atomically: a temporary file in the same folder (mode 0600, locked while it
 * exists), flushed to the disk, renamed over @path, then the folder flushed. Clears the
 * temporary files of earlier saves that were killed first.
 *
 * Returns: %TRUE when written; otherwise %FALSE with %REFRAME_KEY_ERROR_FAILED, and
 *   @path as it was
 */
gboolean
_reframe_key_envelope_contents_write (const ReframeKeyEnvelopeContents *contents,
                                      const char                       *path,
                                      GError                          **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *temporary = g_strdup_printf ("%s/.%s.XXXXXX", folder, base);
  g_autofree char *json = serialize_contents (contents);
  int              fd, saved_errno = 0;

  remove_stale_temporaries (folder, base);
  fd = g_mkstemp_full (temporary, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    saved_errno = errno;
  else
    {
      flock (fd, LOCK_EX | LOCK_NB);
      errno = 0;
      if (!write_all (fd, json, strlen (json)) || fsync (fd) != 0 ||
          g_rename (temporary, path) != 0)
        {
          saved_errno = errno != 0 ? errno : EIO;
          g_unlink (temporary);
        }
      close (fd);
    }
  if (saved_errno != 0)
    {
      g_set_error (
          error,
          REFRAME_KEY_ERROR,
          REFRAME_KEY_ERROR_FAILED,
          _ ("The journal’s key file could not be saved in “%s”: %s. The previous one was kept."),
          folder,
          g_strerror (saved_errno));
      return FALSE;
    }
  sync_folder (folder);
  return TRUE;
}
