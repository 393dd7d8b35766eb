/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-repository.c: the person's coping toolbox (hope box), in their order,
 * and the photos in it.
 *
 * Schema (version 5): `toolbox_items`, one row per item; `position` is the person's
 * order (ties, which only an older copy could make, go by creation). Photos are copies
 * kept in the `toolbox` folder beside the journal (0700), one private file (0600) per
 * photo named after its item (<uuid>.<ext>); the row holds the file name only, so the
 * folder can move with the journal. Nothing here logs what the person wrote.
 */

#define G_LOG_DOMAIN "ReframeToolboxRepository"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reframe-store-private.h"
#include "reframe-toolbox-item-private.h"
#include "reframe-toolbox-repository-private.h"

#define TEXT_MAX     REFRAME_TOOLBOX_TEXT_MAX
#define DETAIL_MAX   REFRAME_TOOLBOX_DETAIL_MAX
#define SOURCE_MAX   2000
#define PHOTO_FOLDER "toolbox"
#define COPY_CHUNK   (64 * 1024)
/* Enough of a file to tell its type from its content, as shared-mime-info's magic does. */
#define SNIFF_BYTES  4096
#define ITEM_COLUMNS "uuid, kind, text, detail, source, created, updated"

struct _ReframeToolboxRepository
{
  GObject parent_instance;

  /* Borrowed: the store owns the repository and detaches it when it goes. */
  ReframeStore *store;
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (ReframeToolboxRepository, reframe_toolbox_repository, G_TYPE_OBJECT)

static guint signals[N_SIGNALS];

/* The file name extension of each kind of picture people have; other images keep a
 * name made from their type. */
static const struct
{
  const char *mime_type;
  const char *extension;
} image_extensions[] = {
  { "image/png", "png" },
  { "image/jpeg", "jpg" },
  { "image/gif", "gif" },
  { "image/webp", "webp" },
  { "image/heif", "heic" },
  { "image/avif", "avif" },
  { "image/bmp", "bmp" },
  { "image/tiff", "tiff" },
  { "image/svg+xml", "svg" },
};

static void
reframe_toolbox_repository_class_init (ReframeToolboxRepositoryClass *klass)
{
  /**
   * ReframeToolboxRepository::changed:
   * @self: the repository
   *
   * Emitted after an item was saved, deleted or moved, on the thread that wrote (the
   * main thread), so that every view of the toolbox reads it again.
   */
  signals[SIGNAL_CHANGED] =
      g_signal_new ("changed",
                    G_TYPE_FROM_CLASS (klass),
                    G_SIGNAL_RUN_LAST,
                    0,
                    NULL,
                    NULL,
                    NULL,
                    G_TYPE_NONE,
                    0);
}

static void
reframe_toolbox_repository_init (ReframeToolboxRepository *self)
{
}

ReframeToolboxRepository *
_reframe_toolbox_repository_new (ReframeStore *store)
{
  ReframeToolboxRepository *self = g_object_new (REFRAME_TYPE_TOOLBOX_REPOSITORY, NULL);

  self->store = store;
  return self;
}

void
_reframe_toolbox_repository_detach (ReframeToolboxRepository *self)
{
  self->store = NULL;
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
not_found (GError **error)
{
  g_set_error_literal (error,
                       REFRAME_STORE_ERROR,
                       REFRAME_STORE_ERROR_NOT_FOUND,
                       _ ("This item is no longer in your toolbox."));
  return FALSE;
}

static gboolean
text_is_valid (const char *text,
               glong       max_chars)
{
  return text == NULL ||
         (g_utf8_validate (text, -1, NULL) && g_utf8_strlen (text, -1) <= max_chars);
}

/* A photo's file name as the repository makes it: a plain name inside the toolbox
 * folder, never a path out of it nor a hidden (temporary) file. */
static gboolean
is_photo_name (const char *name)
{
  return name != NULL && *name != '\0' && *name != '.' && strchr (name, '/') == NULL &&
         strstr (name, "..") == NULL;
}

static gboolean
validate_item (ReframeToolboxItem *item,
               GError            **error)
{
  const char      *text = reframe_toolbox_item_get_text (item);
  const char      *detail = reframe_toolbox_item_get_detail (item);
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *message = NULL;

  if (*stripped == '\0')
    return invalid (error, _ ("Write something for this item; it cannot be empty."));
  if (!text_is_valid (text, TEXT_MAX))
    {
      message = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE,
                       "The text is too long (at most %u character) or not valid text.",
                       "The text is too long (at most %u characters) or not valid text.",
                       TEXT_MAX),
          TEXT_MAX);
      return invalid (error, message);
    }
  if (!text_is_valid (detail, DETAIL_MAX))
    {
      message = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE,
                       "The detail is too long (at most %u character) or not valid text.",
                       "The detail is too long (at most %u characters) or not valid text.",
                       DETAIL_MAX),
          DETAIL_MAX);
      return invalid (error, message);
    }
  if (reframe_toolbox_item_get_kind (item) == REFRAME_TOOLBOX_PHOTO && detail != NULL &&
      !is_photo_name (detail))
    return invalid (
        error, _ ("This photo is not one Reframe keeps in the toolbox; choose the picture again."));
  if (!text_is_valid (reframe_toolbox_item_get_source (item), SOURCE_MAX))
    return invalid (error, _ ("The item’s source is too long or not valid text."));
  return TRUE;
}

static ReframeToolboxItem *
read_item (sqlite3_stmt *stmt)
{
  ReframeToolboxItem *item =
      _reframe_toolbox_item_new_with_uuid ((const char *) sqlite3_column_text (stmt, 0));
  ReframeToolboxKind kind = REFRAME_TOOLBOX_NOTE;

  /* The table's CHECK allows only known kinds. */
  reframe_toolbox_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &kind);
  reframe_toolbox_item_set_kind (item, kind);
  reframe_toolbox_item_set_text (item, (const char *) sqlite3_column_text (stmt, 2));
  reframe_toolbox_item_set_detail (item, (const char *) sqlite3_column_text (stmt, 3));
  reframe_toolbox_item_set_source (item, (const char *) sqlite3_column_text (stmt, 4));
  _reframe_toolbox_item_set_stamps (item,
                                    (const char *) sqlite3_column_text (stmt, 5),
                                    (const char *) sqlite3_column_text (stmt, 6));
  return item;
}

/* Returns: (transfer full) (nullable): the toolbox folder, %NULL once the store closed */
static char *
dup_folder (ReframeToolboxRepository *self)
{
  if (self->store == NULL)
    return NULL;
  return g_build_filename (reframe_store_get_data_dir (self->store), PHOTO_FOLDER, NULL);
}

static char *
dup_photo_path_for (ReframeToolboxRepository *self,
                    const char               *kind,
                    const char               *detail)
{
  g_autofree char *folder = NULL;

  if (g_strcmp0 (kind, "photo") != 0 || !is_photo_name (detail) ||
      (folder = dup_folder (self)) == NULL)
    return NULL;
  return g_build_filename (folder, detail, NULL);
}

/* Removes a photo file the toolbox no longer shows. One already gone is fine; one that
 * cannot be removed stays behind in the private folder, which is not worth an error. */
static void
remove_photo (const char *path)
{
  if (path != NULL && g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("A photo that left the toolbox could not be removed: %s", g_strerror (errno));
}

/**
 * reframe_toolbox_repository_list:
 *
 * Reads the toolbox in the person's order.
 *
 * Returns: (transfer full) (nullable): a #GListModel of #ReframeToolboxItem
 */
GListModel *
reframe_toolbox_repository_list (ReframeToolboxRepository *self,
                                 GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_TOOLBOX_REPOSITORY (self), NULL);

  if ((db = _reframe_store_require_db (self->store, error)) == NULL)
    return NULL;
  stmt = _reframe_store_prepare (
      db, "SELECT " ITEM_COLUMNS " FROM toolbox_items ORDER BY position, created, id", error);
  if (stmt == NULL)
    return NULL;
  return G_LIST_MODEL (_reframe_store_read_list (
      db, stmt, REFRAME_TYPE_TOOLBOX_ITEM, (ReframeStoreReadRow) read_item, error));
}

/**
 * reframe_toolbox_repository_save:
 *
 * Inserts @item, last in the toolbox, or updates it where it is, and sets its created
 * and updated times.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_INVALID with a message to show for
 *   an empty text, a text or detail over 2,000 characters, or a photo file name that is
 *   not the toolbox's; %REFRAME_STORE_ERROR_DISK_FULL when there is no room
 */
gboolean
reframe_toolbox_repository_save (ReframeToolboxRepository *self,
                                 ReframeToolboxItem       *item,
                                 GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _reframe_store_now_iso ();
  sqlite3         *db;
  int              rc;

  g_return_val_if_fail (REFRAME_IS_TOOLBOX_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (item), FALSE);

  if (!validate_item (item, error) ||
      (db = _reframe_store_require_writer (self->store, error)) == NULL)
    return FALSE;
  stmt = _reframe_store_prepare (
      db,
      "INSERT INTO toolbox_items (uuid, kind, text, detail, source, position, created, updated)"
      " VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce (max (position), -1) + 1 FROM toolbox_items), "
      "?6, ?6)"
      " ON CONFLICT (uuid) DO UPDATE SET kind = excluded.kind, text = excluded.text,"
      "  detail = excluded.detail, source = excluded.source, updated = excluded.updated"
      " RETURNING created, updated",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reframe_toolbox_item_get_uuid (item), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt,
                     2,
                     reframe_toolbox_kind_to_string (reframe_toolbox_item_get_kind (item)),
                     -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, reframe_toolbox_item_get_text (item), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, reframe_toolbox_item_get_detail (item), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, reframe_toolbox_item_get_source (item), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  _reframe_toolbox_item_set_stamps (item,
                                    (const char *) sqlite3_column_text (stmt, 0),
                                    (const char *) sqlite3_column_text (stmt, 1));
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

/**
 * reframe_toolbox_repository_delete:
 *
 * Removes @item from the toolbox for good, and its photo file: the one the saved row
 * names and, when reframe_toolbox_repository_set_photo() gave it another since, that
 * one too. (An Undo keeps the item object and saves it again; a photo needs choosing
 * again.)
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND when it was not saved
 *   (its photo file, if any, is removed all the same)
 */
gboolean
reframe_toolbox_repository_delete (ReframeToolboxRepository *self,
                                   ReframeToolboxItem       *item,
                                   GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *stored_photo = NULL;
  g_autofree char *current_photo = NULL;
  gboolean         found;
  sqlite3         *db;
  int              rc;

  g_return_val_if_fail (REFRAME_IS_TOOLBOX_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (item), FALSE);

  if ((db = _reframe_store_require_writer (self->store, error)) == NULL ||
      (stmt = _reframe_store_prepare (
           db, "DELETE FROM toolbox_items WHERE uuid = ?1 RETURNING kind, detail", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reframe_toolbox_item_get_uuid (item), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if ((found = rc == SQLITE_ROW))
    {
      stored_photo = dup_photo_path_for (self,
                                         (const char *) sqlite3_column_text (stmt, 0),
                                         (const char *) sqlite3_column_text (stmt, 1));
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  g_clear_pointer (&stmt, sqlite3_finalize);

  current_photo = reframe_toolbox_repository_dup_photo_path (self, item);
  remove_photo (stored_photo);
  if (g_strcmp0 (current_photo, stored_photo) != 0)
    remove_photo (current_photo);
  if (!found)
    return not_found (error);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

/* The ids of the toolbox's rows in the person's order. */
static GArray *
read_order (sqlite3    *db,
            const char *uuid,
            guint      *index,
            GError    **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  *index = G_MAXUINT;
  if ((stmt = _reframe_store_prepare (
           db, "SELECT id, uuid FROM toolbox_items ORDER BY position, created, id", error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), uuid) == 0)
        *index = ids->len;
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* Numbers the rows 0, 1, 2… in the order of @ids. */
static gboolean
write_order (sqlite3 *db,
             GArray  *ids,
             GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if ((stmt = _reframe_store_prepare (
           db,
           "UPDATE toolbox_items SET position = ?1 WHERE id = ?2 AND position IS NOT ?1",
           error)) == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, i);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!_reframe_store_step_done (db, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/**
 * reframe_toolbox_repository_move:
 * @position: where it goes, counted from 0 in the list's order; past the end means
 *   last
 *
 * Moves @item to @position in the person's order; the others keep theirs.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_NOT_FOUND when it is not saved
 */
gboolean
reframe_toolbox_repository_move (ReframeToolboxRepository *self,
                                 ReframeToolboxItem       *item,
                                 guint                     position,
                                 GError                  **error)
{
  g_autoptr (GArray) ids = NULL;
  g_auto (ReframeWriteScope) scope = { 0 };
  sqlite3 *db;
  gint64   id;
  guint    index;

  g_return_val_if_fail (REFRAME_IS_TOOLBOX_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (item), FALSE);

  if ((db = _reframe_store_require_writer (self->store, error)) == NULL ||
      !_reframe_write_scope_begin (&scope, db, error))
    return FALSE;
  if ((ids = read_order (db, reframe_toolbox_item_get_uuid (item), &index, error)) == NULL ||
      index == G_MAXUINT)
    return ids == NULL ? FALSE : not_found (error);
  id = g_array_index (ids, gint64, index);
  g_array_remove_index (ids, index);
  g_array_insert_val (ids, MIN (position, ids->len), id);
  if (!write_order (db, ids, error) || !_reframe_write_scope_commit (&scope, error))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

/**
 * reframe_toolbox_repository_has_source:
 * @source: a proposal's source, e.g. "insights:exercise"
 *
 * Returns: %TRUE when an item of the toolbox came from @source: the proposal was
 *   taken already; %FALSE with @error set when the journal could not be read
 */
gboolean
reframe_toolbox_repository_has_source (ReframeToolboxRepository *self,
                                       const char               *source,
                                       GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int      rc;

  g_return_val_if_fail (REFRAME_IS_TOOLBOX_REPOSITORY (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  if ((db = _reframe_store_require_db (self->store, error)) == NULL ||
      (stmt = _reframe_store_prepare (
           db, "SELECT EXISTS (SELECT 1 FROM toolbox_items WHERE source = ?1)", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, source, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  return sqlite3_column_int (stmt, 0) != 0;
}

/**
 * reframe_toolbox_repository_dup_photo_path:
 *
 * Returns: (transfer full) (nullable): the photo file of a %REFRAME_TOOLBOX_PHOTO item,
 *   inside the toolbox folder; %NULL when it has none, when its detail is not a plain
 *   file name (a path, or one with "..") or when the store is closed
 */
char *
reframe_toolbox_repository_dup_photo_path (ReframeToolboxRepository *self,
                                           ReframeToolboxItem       *item)
{
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_REPOSITORY (self), NULL);
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (item), NULL);

  return dup_photo_path_for (self,
                             reframe_toolbox_kind_to_string (reframe_toolbox_item_get_kind (item)),
                             reframe_toolbox_item_get_detail (item));
}

/* Photos */

static gboolean
fail_photo_write (GError **error,
                  int      saved_errno)
{
  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      g_set_error_literal (error,
                           REFRAME_STORE_ERROR,
                           REFRAME_STORE_ERROR_DISK_FULL,
                           _ ("The disk is full, so Reframe could not keep the photo. Free some "
                              "space and try again."));
      break;
    case EACCES:
    case EPERM:
    case EROFS:
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_READ_ONLY,
                   _ ("Reframe cannot write to its toolbox folder (%s). Check that the folder "
                      "belongs to you and is writable."),
                   g_strerror (saved_errno));
      break;
    default:
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_FAILED,
                   _ ("Reframe could not keep the photo (%s)."),
                   g_strerror (saved_errno));
      break;
    }
  return FALSE;
}

static gboolean
too_large (GError **error)
{
  return invalid (error,
                  _ ("This picture is larger than 20 MB. Choose a smaller one, or make a smaller "
                     "copy of it first."));
}

/* Says which file could not be read; cancelling stays as it is. */
static gboolean
fail_photo_read (GError **error,
                 GError  *local_error,
                 GFile   *source)
{
  g_autofree char *name = g_file_get_parse_name (source);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local_error);
  else
    {
      g_set_error (error,
                   REFRAME_STORE_ERROR,
                   REFRAME_STORE_ERROR_FAILED,
                   _ ("Reframe could not read “%s”: %s"),
                   name,
                   local_error->message);
      g_error_free (local_error);
    }
  return FALSE;
}

/* Returns: (nullable): the extension for a picture whose first bytes are @head, or
 * %NULL when they are not a picture's. The content decides, not the file's name: a
 * text file called "photo.png" is not a photo. */
static char *
dup_image_extension (const guint8 *head,
                     gsize         n_head)
{
  g_autofree char *type = g_content_type_guess (NULL, head, n_head, NULL);
  g_autofree char *mime_type = g_content_type_get_mime_type (type);
  GString         *extension;

  if (mime_type == NULL || !g_str_has_prefix (mime_type, "image/"))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (image_extensions); i++)
    if (g_str_equal (mime_type, image_extensions[i].mime_type))
      return g_strdup (image_extensions[i].extension);
  extension = g_string_new (NULL);
  for (const char *c = mime_type + strlen ("image/"); *c != '\0' && extension->len < 10; c++)
    if (g_ascii_isalnum (*c))
      g_string_append_c (extension, g_ascii_tolower (*c));
  if (extension->len == 0)
    g_string_append (extension, "image");
  return g_string_free (extension, FALSE);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         size,
           GError      **error)
{
  while (size > 0)
    {
      gssize written = write (fd, data, size);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        return fail_photo_write (error, errno);
      data += written;
      size -= written;
    }
  return TRUE;
}

/* Copies @head and the rest of @input into @fd, up to the size limit, and flushes it
 * to the disk. */
static gboolean
copy_photo (int           fd,
            const guint8 *head,
            gsize         n_head,
            GInputStream *input,
            GFile        *source,
            GCancellable *cancellable,
            GError      **error)
{
  g_autofree guint8 *buffer = g_malloc (COPY_CHUNK);
  GError            *local_error = NULL;
  guint64            total = n_head;
  gssize             n_read;

  if (!write_all (fd, head, n_head, error))
    return FALSE;
  while ((n_read = g_input_stream_read (input, buffer, COPY_CHUNK, cancellable, &local_error)) > 0)
    {
      total += n_read;
      if (total > REFRAME_TOOLBOX_PHOTO_MAX_BYTES)
        return too_large (error);
      if (!write_all (fd, buffer, n_read, error))
        return FALSE;
    }
  if (n_read < 0)
    return fail_photo_read (error, local_error, source);
  if (fsync (fd) != 0)
    return fail_photo_write (error, errno);
  return TRUE;
}

/* Writes the picture to a hidden file in @folder, private from its first byte.
 * Returns: (transfer full) (nullable): its path */
static char *
write_temporary_photo (const char   *folder,
                       const char   *uuid,
                       const guint8 *head,
                       gsize         n_head,
                       GInputStream *input,
                       GFile        *source,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_autofree char *path = g_strdup_printf ("%s/.%s.XXXXXX", folder, uuid);
  gboolean         ok;
  int              fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      fail_photo_write (error, errno);
      return NULL;
    }
  /* Exactly 0600, whatever the umask. */
  ok = fchmod (fd, 0600) == 0 || fail_photo_write (error, errno);
  ok = ok && copy_photo (fd, head, n_head, input, source, cancellable, error);
  if (close (fd) != 0 && ok)
    ok = fail_photo_write (error, errno);
  if (!ok)
    {
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* Opens @source after checking its size, and reads its first bytes into @head.
 * Returns: (transfer full) (nullable): the stream, at the first byte after @head */
static GInputStream *
open_photo (GFile        *source,
            guint8       *head,
            gsize        *n_head,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GInputStream) input = NULL;
  GError *local_error = NULL;

  info = g_file_query_info (source,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE,
                            cancellable,
                            &local_error);
  if (info == NULL)
    fail_photo_read (error, local_error, source);
  else if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    invalid (error, _ ("This is a folder, not a picture. Choose a photo or another image."));
  else if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
           g_file_info_get_size (info) > REFRAME_TOOLBOX_PHOTO_MAX_BYTES)
    too_large (error);
  else if ((input = G_INPUT_STREAM (g_file_read (source, cancellable, &local_error))) == NULL ||
           !g_input_stream_read_all (input, head, SNIFF_BYTES, n_head, cancellable, &local_error))
    fail_photo_read (error, local_error, source);
  else
    return g_steal_pointer (&input);
  return NULL;
}

/**
 * reframe_toolbox_repository_set_photo:
 * @item: a %REFRAME_TOOLBOX_PHOTO item
 * @source: the picture the person chose
 * @cancellable: (nullable): stops the copy; nothing is kept then
 *
 * Copies the picture into the toolbox folder beside the journal (folder 0700, file
 * 0600, named `<uuid>.<ext>` after the item and the picture's type), through a hidden
 * file renamed into place, and sets @item's detail to its name. The photo it had
 * before, if any, is removed once the new one is in place. Does not save @item.
 *
 * Returns: %TRUE on success; %REFRAME_STORE_ERROR_INVALID with a message to show for a
 *   file that is not a picture (by its content, not its name) or is larger than
 *   20 MB; %REFRAME_STORE_ERROR_DISK_FULL when there is no room
 */
gboolean
reframe_toolbox_repository_set_photo (ReframeToolboxRepository *self,
                                      ReframeToolboxItem       *item,
                                      GFile                    *source,
                                      GCancellable             *cancellable,
                                      GError                  **error)
{
  g_autofree guint8 *head = g_malloc (SNIFF_BYTES);
  g_autoptr (GInputStream) input = NULL;
  g_autofree char *folder = NULL, *extension = NULL, *name = NULL;
  g_autofree char *temporary = NULL, *path = NULL, *old_path = NULL;
  gsize            n_head = 0;

  g_return_val_if_fail (REFRAME_IS_TOOLBOX_REPOSITORY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_ITEM (item), FALSE);
  g_return_val_if_fail (reframe_toolbox_item_get_kind (item) == REFRAME_TOOLBOX_PHOTO, FALSE);
  g_return_val_if_fail (G_IS_FILE (source), FALSE);

  if (_reframe_store_require_db (self->store, error) == NULL)
    return FALSE;
  if ((input = open_photo (source, head, &n_head, cancellable, error)) == NULL)
    return FALSE;
  if ((extension = dup_image_extension (head, n_head)) == NULL)
    return invalid (error, _ ("This file is not a picture. Choose a photo or another image."));

  folder = dup_folder (self);
  if (!_reframe_store_ensure_folder (folder, error))
    return FALSE;
  temporary = write_temporary_photo (folder,
                                     reframe_toolbox_item_get_uuid (item),
                                     head,
                                     n_head,
                                     input,
                                     source,
                                     cancellable,
                                     error);
  if (temporary == NULL)
    return FALSE;

  name = g_strdup_printf ("%s.%s", reframe_toolbox_item_get_uuid (item), extension);
  path = g_build_filename (folder, name, NULL);
  if (g_rename (temporary, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (temporary);
      return fail_photo_write (error, saved_errno);
    }
  old_path = reframe_toolbox_repository_dup_photo_path (self, item);
  if (g_strcmp0 (old_path, path) != 0)
    remove_photo (old_path);
  reframe_toolbox_item_set_detail (item, name);
  return TRUE;
}
