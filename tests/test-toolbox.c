/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-toolbox.c: the coping toolbox (hope box) in the store: saving, the person's
 * order, photos kept in the toolbox folder, the migration from version 4, proposals
 * from Insights, and `reframe toolbox`. */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reframe-assignment-repository.h"
#include "reframe-cli.h"
#include "reframe-insights.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store-private.h"
#include "reframe-test-util.h"
#include "reframe-toolbox-repository.h"
#include "test-toolbox-private.h"

/* The first bytes of a PNG and of a JPEG (JFIF): enough for their content type. */
const guint8        _reframe_test_png_head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89 };
static const guint8 jpeg_head[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };

static void
open_store (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
close_store (Fixture *f)
{
  g_assert_finalize_object (g_steal_pointer (&f->store));
}

void
_reframe_test_fixture_set_up (Fixture      *f,
                              gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  open_store (f);
}

void
_reframe_test_fixture_tear_down (Fixture      *f,
                                 gconstpointer data)
{
  if (f->store != NULL)
    close_store (f);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

ReframeToolboxRepository *
_reframe_test_repo (Fixture *f)
{
  return reframe_store_get_toolbox (f->store);
}

static ReframeToolboxItem *
add_item (Fixture           *f,
          ReframeToolboxKind kind,
          const char        *text,
          const char        *detail)
{
  g_autoptr (GError) error = NULL;
  ReframeToolboxItem *item = reframe_toolbox_item_new (kind, text);

  reframe_toolbox_item_set_detail (item, detail);
  g_assert_true (reframe_toolbox_repository_save (_reframe_test_repo (f), item, &error));
  g_assert_no_error (error);
  return item;
}

/* The texts of the toolbox in its order, joined by "|". */
static char *
list_texts (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) items = reframe_toolbox_repository_list (_reframe_test_repo (f), &error);
  g_autoptr (GString) texts = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (ReframeToolboxItem) item = g_list_model_get_item (items, i);

      g_string_append_printf (
          texts, "%s%s", i > 0 ? "|" : "", reframe_toolbox_item_get_text (item));
    }
  return g_string_free (g_steal_pointer (&texts), FALSE);
}

char *
_reframe_test_write_file (Fixture      *f,
                          const char   *name,
                          const guint8 *head,
                          gsize         n_head,
                          gsize         size)
{
  g_autofree guint8 *data = g_malloc0 (MAX (size, n_head));
  char              *path = g_build_filename (f->dir, name, NULL);
  g_autoptr (GError) error = NULL;

  memcpy (data, head, n_head);
  g_assert_true (g_file_set_contents (path, (const char *) data, MAX (size, n_head), &error));
  g_assert_no_error (error);
  return path;
}

static guint
count_files (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_item (void)
{
  g_autoptr (ReframeToolboxItem) item = reframe_toolbox_item_new (REFRAME_TOOLBOX_PERSON, "Anna");
  ReframeToolboxKind kind = REFRAME_TOOLBOX_NOTE;
  const char *const  nicks[] = { "note", "reason", "person", "link", "photo", "worked" };
  guint              notified = 0;

  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    {
      g_assert_cmpstr (reframe_toolbox_kind_to_string (i), ==, nicks[i]);
      g_assert_true (reframe_toolbox_kind_from_string (nicks[i], &kind));
      g_assert_cmpint (kind, ==, i);
    }
  g_assert_false (reframe_toolbox_kind_from_string ("song", &kind));
  g_assert_false (reframe_toolbox_kind_from_string (NULL, &kind));

  g_assert_true (g_uuid_string_is_valid (reframe_toolbox_item_get_uuid (item)));
  g_assert_cmpint (reframe_toolbox_item_get_kind (item), ==, REFRAME_TOOLBOX_PERSON);
  g_assert_cmpstr (reframe_toolbox_item_get_text (item), ==, "Anna");
  g_assert_null (reframe_toolbox_item_get_detail (item));
  g_assert_null (reframe_toolbox_item_get_source (item));
  g_assert_null (reframe_toolbox_item_get_created (item));

  g_signal_connect_swapped (item, "notify::text", G_CALLBACK (count_cb), &notified);
  g_signal_connect_swapped (item, "notify::detail", G_CALLBACK (count_cb), &notified);
  g_signal_connect_swapped (item, "notify::kind", G_CALLBACK (count_cb), &notified);
  reframe_toolbox_item_set_text (item, "Anna");
  reframe_toolbox_item_set_text (item, "Anna B.");
  reframe_toolbox_item_set_detail (item, "+44 20 7946 0000");
  reframe_toolbox_item_set_detail (item, "+44 20 7946 0000");
  reframe_toolbox_item_set_kind (item, REFRAME_TOOLBOX_PERSON);
  reframe_toolbox_item_set_kind (item, REFRAME_TOOLBOX_REASON);
  g_assert_cmpuint (notified, ==, 3);
  /* An empty detail is no detail. */
  reframe_toolbox_item_set_detail (item, "");
  g_assert_null (reframe_toolbox_item_get_detail (item));
  g_assert_cmpuint (notified, ==, 4);
}

static void
test_save_and_order (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (ReframeToolboxItem) quote =
      add_item (f, REFRAME_TOOLBOX_NOTE, "This too shall pass.", NULL);
  g_autoptr (ReframeToolboxItem) anna =
      add_item (f, REFRAME_TOOLBOX_PERSON, "Anna", "+44 20 7946 0000");
  g_autoptr (ReframeToolboxItem) song =
      add_item (f, REFRAME_TOOLBOX_LINK, "Here Comes the Sun", "https://example.org/song");
  g_autoptr (ReframeToolboxItem) loaded = NULL;
  g_autoptr (GListModel) items = NULL;
  g_autoptr (GDateTime) created = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *texts = list_texts (f);

  g_assert_cmpstr (texts, ==, "This too shall pass.|Anna|Here Comes the Sun");
  g_assert_nonnull (reframe_toolbox_item_get_created (anna));
  g_assert_cmpint (g_date_time_get_utc_offset (reframe_toolbox_item_get_created (anna)), ==, 0);
  created = g_date_time_ref (reframe_toolbox_item_get_created (quote));

  /* An update keeps the item where it is and its creation time. */
  reframe_toolbox_item_set_text (quote, "This, too, shall pass.");
  reframe_toolbox_item_set_source (quote, "insights:outdoors");
  g_assert_true (reframe_toolbox_repository_save (_reframe_test_repo (f), quote, &error));
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (reframe_toolbox_item_get_created (quote), created));
  g_assert_cmpint (g_date_time_compare (reframe_toolbox_item_get_updated (quote), created), >=, 0);
  g_clear_pointer (&texts, g_free);
  texts = list_texts (f);
  g_assert_cmpstr (texts, ==, "This, too, shall pass.|Anna|Here Comes the Sun");

  /* Everything comes back as it was saved. */
  items = reframe_toolbox_repository_list (_reframe_test_repo (f), &error);
  g_assert_no_error (error);
  loaded = g_list_model_get_item (items, 1);
  g_assert_cmpstr (
      reframe_toolbox_item_get_uuid (loaded), ==, reframe_toolbox_item_get_uuid (anna));
  g_assert_cmpint (reframe_toolbox_item_get_kind (loaded), ==, REFRAME_TOOLBOX_PERSON);
  g_assert_cmpstr (reframe_toolbox_item_get_detail (loaded), ==, "+44 20 7946 0000");
  g_assert_null (reframe_toolbox_item_get_source (loaded));
  g_assert_true (g_date_time_equal (reframe_toolbox_item_get_created (loaded),
                                    reframe_toolbox_item_get_created (anna)));
  g_clear_object (&loaded);
  loaded = g_list_model_get_item (items, 0);
  g_assert_cmpstr (reframe_toolbox_item_get_source (loaded), ==, "insights:outdoors");

  g_assert_true (
      reframe_toolbox_repository_has_source (_reframe_test_repo (f), "insights:outdoors", &error));
  g_assert_no_error (error);
  g_assert_false (
      reframe_toolbox_repository_has_source (_reframe_test_repo (f), "insights:exercise", &error));
  g_assert_no_error (error);
}

static void
test_move_and_delete (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (ReframeToolboxItem) a = add_item (f, REFRAME_TOOLBOX_REASON, "A", NULL);
  g_autoptr (ReframeToolboxItem) b = add_item (f, REFRAME_TOOLBOX_REASON, "B", NULL);
  g_autoptr (ReframeToolboxItem) c = add_item (f, REFRAME_TOOLBOX_REASON, "C", NULL);
  g_autoptr (ReframeToolboxItem) d = add_item (f, REFRAME_TOOLBOX_REASON, "D", NULL);
  g_autoptr (ReframeToolboxItem) e = NULL;
  g_autoptr (ReframeToolboxItem) unsaved =
      reframe_toolbox_item_new (REFRAME_TOOLBOX_NOTE, "Never saved");
  g_autoptr (GError) error = NULL;
  const struct
  {
    ReframeToolboxItem *item;
    guint               position;
    const char         *expected;
  } moves[] = {
    { d, 0, "D|A|B|C" },
    { d, 2, "A|B|D|C" },
    { a, 99, "B|D|C|A" },
    { c, 1, "B|C|D|A" },
    { b, 0, "B|C|D|A" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      g_autofree char *texts = NULL;

      g_assert_true (reframe_toolbox_repository_move (
          _reframe_test_repo (f), moves[i].item, moves[i].position, &error));
      g_assert_no_error (error);
      texts = list_texts (f);
      g_assert_cmpstr (texts, ==, moves[i].expected);
    }
  g_assert_false (reframe_toolbox_repository_move (_reframe_test_repo (f), unsaved, 0, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (reframe_toolbox_repository_delete (_reframe_test_repo (f), c, &error));
  g_assert_no_error (error);
  g_assert_false (reframe_toolbox_repository_delete (_reframe_test_repo (f), c, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autofree char *texts = list_texts (f);

    g_assert_cmpstr (texts, ==, "B|D|A");
  }

  /* A new item goes last, after the gap the deleted one left; moves still count from 0. */
  e = add_item (f, REFRAME_TOOLBOX_WORKED, "E", NULL);
  g_assert_true (reframe_toolbox_repository_move (_reframe_test_repo (f), e, 1, &error));
  g_assert_no_error (error);
  {
    g_autofree char *texts = list_texts (f);

    g_assert_cmpstr (texts, ==, "B|E|D|A");
  }
}

static void
test_invalid (Fixture      *f,
              gconstpointer data)
{
  g_autofree char *long_text = g_strnfill (2001, 'a');
  g_autofree char *longest = g_strnfill (2000, 'a');
  g_autoptr (ReframeToolboxItem) item = reframe_toolbox_item_new (REFRAME_TOOLBOX_NOTE, "");
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) accented = g_string_new (NULL);
  g_autofree char  *texts = NULL;
  const char *const bad_photos[] = { "../reframe.db", "/etc/passwd", "sub/photo.png", ".hidden.png", "..", "a..b.png" };

  g_assert_false (reframe_toolbox_repository_save (_reframe_test_repo (f), item, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  reframe_toolbox_item_set_text (item, "  \n\t ");
  g_assert_false (reframe_toolbox_repository_save (_reframe_test_repo (f), item, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  reframe_toolbox_item_set_text (item, long_text);
  g_assert_false (reframe_toolbox_repository_save (_reframe_test_repo (f), item, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The limits count characters, not bytes. */
  for (guint i = 0; i < 2000; i++)
    g_string_append (accented, "é");
  reframe_toolbox_item_set_text (item, accented->str);
  reframe_toolbox_item_set_detail (item, long_text);
  g_assert_false (reframe_toolbox_repository_save (_reframe_test_repo (f), item, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  reframe_toolbox_item_set_detail (item, longest);
  g_assert_true (reframe_toolbox_repository_save (_reframe_test_repo (f), item, &error));
  g_assert_no_error (error);

  /* A photo names a file in the toolbox folder, nothing else. */
  reframe_toolbox_item_set_kind (item, REFRAME_TOOLBOX_PHOTO);
  for (guint i = 0; i < G_N_ELEMENTS (bad_photos); i++)
    {
      reframe_toolbox_item_set_detail (item, bad_photos[i]);
      g_assert_false (reframe_toolbox_repository_save (_reframe_test_repo (f), item, &error));
      g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  texts = list_texts (f);
  g_assert_cmpstr (texts, ==, accented->str);
}

typedef struct
{
  GThread *thread;
  guint    n_changed;
} Counter;

static void
repository_changed_cb (ReframeToolboxRepository *repository,
                       Counter                  *counter)
{
  /* On the thread that wrote. */
  g_assert_true (g_thread_self () == counter->thread);
  counter->n_changed++;
}

static void
test_changed (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (ReframeToolboxItem) item = NULL;
  g_autoptr (ReframeToolboxItem) empty = reframe_toolbox_item_new (REFRAME_TOOLBOX_NOTE, "");
  g_autoptr (GError) error = NULL;
  Counter counter = { g_thread_self (), 0 };

  g_signal_connect (
      _reframe_test_repo (f), "changed", G_CALLBACK (repository_changed_cb), &counter);
  item = add_item (f, REFRAME_TOOLBOX_NOTE, "Breathe", NULL);
  g_assert_cmpuint (counter.n_changed, ==, 1);
  g_assert_true (reframe_toolbox_repository_save (_reframe_test_repo (f), item, &error));
  g_assert_cmpuint (counter.n_changed, ==, 2);
  g_assert_true (reframe_toolbox_repository_move (_reframe_test_repo (f), item, 0, &error));
  g_assert_cmpuint (counter.n_changed, ==, 3);
  g_assert_true (reframe_toolbox_repository_delete (_reframe_test_repo (f), item, &error));
  g_assert_cmpuint (counter.n_changed, ==, 4);
  g_assert_no_error (error);

  /* Nothing changed, nothing said. */
  g_assert_false (reframe_toolbox_repository_save (_reframe_test_repo (f), empty, &error));
  g_clear_error (&error);
  g_assert_false (reframe_toolbox_repository_delete (_reframe_test_repo (f), item, &error));
  g_clear_error (&error);
  g_assert_false (reframe_toolbox_repository_move (_reframe_test_repo (f), item, 0, &error));
  g_clear_error (&error);
  g_assert_cmpuint (counter.n_changed, ==, 4);
  g_signal_handlers_disconnect_by_data (_reframe_test_repo (f), &counter);
}

static void
assert_mode (const char *path,
             guint       mode)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static void
test_photo (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeToolboxItem) item =
      reframe_toolbox_item_new (REFRAME_TOOLBOX_PHOTO, "The beach in May");
  g_autofree char *png = _reframe_test_write_file (
      f, "beach.png", _reframe_test_png_head, sizeof _reframe_test_png_head, 300 * 1024);
  g_autofree char *jpeg =
      _reframe_test_write_file (f, "beach-again.jpeg", jpeg_head, sizeof jpeg_head, 1000);
  g_autofree char *folder = g_build_filename (f->dir, "toolbox", NULL);
  g_autofree char *png_copy = NULL, *jpeg_copy = NULL, *expected = NULL;
  g_autoptr (GFile) png_file = g_file_new_for_path (png);
  g_autoptr (GFile) jpeg_file = g_file_new_for_path (jpeg);
  g_autoptr (GBytes) original = reframe_test_read_bytes (png);
  g_autoptr (GBytes) copied = NULL;
  g_autoptr (GError) error = NULL;

  /* umask must not loosen nor tighten what the toolbox keeps. */
  umask (0077);
  g_assert_true (
      reframe_toolbox_repository_set_photo (_reframe_test_repo (f), item, png_file, NULL, &error));
  g_assert_no_error (error);
  umask (0022);
  expected = g_strdup_printf ("%s.png", reframe_toolbox_item_get_uuid (item));
  g_assert_cmpstr (reframe_toolbox_item_get_detail (item), ==, expected);
  png_copy = reframe_toolbox_repository_dup_photo_path (_reframe_test_repo (f), item);
  g_assert_nonnull (png_copy);
  g_assert_true (g_path_is_absolute (png_copy));
  g_assert_true (g_str_has_prefix (png_copy, folder));
  assert_mode (folder, 0700);
  assert_mode (png_copy, 0600);
  copied = reframe_test_read_bytes (png_copy);
  g_assert_true (g_bytes_equal (original, copied));
  g_assert_cmpuint (count_files (folder), ==, 1);
  g_assert_true (reframe_toolbox_repository_save (_reframe_test_repo (f), item, &error));
  g_assert_no_error (error);

  /* Another picture takes its place; the old file goes. */
  g_assert_true (
      reframe_toolbox_repository_set_photo (_reframe_test_repo (f), item, jpeg_file, NULL, &error));
  g_assert_no_error (error);
  jpeg_copy = reframe_toolbox_repository_dup_photo_path (_reframe_test_repo (f), item);
  g_assert_true (g_str_has_suffix (jpeg_copy, ".jpg"));
  assert_mode (jpeg_copy, 0600);
  g_assert_false (g_file_test (png_copy, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (folder), ==, 1);

  /* The same kind of picture again replaces the file in place. */
  g_assert_true (
      reframe_toolbox_repository_set_photo (_reframe_test_repo (f), item, jpeg_file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (jpeg_copy, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_files (folder), ==, 1);

  /* Deleting the item removes its photo: the saved one and the one set since. */
  g_assert_true (reframe_toolbox_repository_delete (_reframe_test_repo (f), item, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (jpeg_copy, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (folder), ==, 0);
  /* The person's own files are never touched. */
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (jpeg, G_FILE_TEST_IS_REGULAR));
}

static void
test_photo_refused (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (ReframeToolboxItem) item =
      reframe_toolbox_item_new (REFRAME_TOOLBOX_PHOTO, "Not a photo");
  g_autofree char *text =
      _reframe_test_write_file (f, "notes.png", (const guint8 *) "Dear diary, today", 17, 0);
  g_autofree char *big = _reframe_test_write_file (
      f, "huge.png", _reframe_test_png_head, sizeof _reframe_test_png_head, 0);
  g_autofree char *missing = g_build_filename (f->dir, "gone.png", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "toolbox", NULL);
  g_autoptr (GFile) text_file = g_file_new_for_path (text);
  g_autoptr (GFile) big_file = g_file_new_for_path (big);
  g_autoptr (GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr (GFile) folder_file = g_file_new_for_path (f->dir);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GFile) png_file = NULL;
  g_autoptr (GError) error = NULL;

  /* Named like a picture, but text inside. */
  g_assert_false (
      reframe_toolbox_repository_set_photo (_reframe_test_repo (f), item, text_file, NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A picture over 20 MB (sparse, so the test writes nothing). */
  g_assert_cmpint (truncate (big, REFRAME_TOOLBOX_PHOTO_MAX_BYTES + 1), ==, 0);
  g_assert_false (
      reframe_toolbox_repository_set_photo (_reframe_test_repo (f), item, big_file, NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (truncate (big, REFRAME_TOOLBOX_PHOTO_MAX_BYTES), ==, 0);
  png_file = g_object_ref (big_file);

  g_assert_false (reframe_toolbox_repository_set_photo (
      _reframe_test_repo (f), item, missing_file, NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (reframe_toolbox_repository_set_photo (
      _reframe_test_repo (f), item, folder_file, NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_cancellable_cancel (cancellable);
  g_assert_false (reframe_toolbox_repository_set_photo (
      _reframe_test_repo (f), item, png_file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_null (reframe_toolbox_item_get_detail (item));
  g_assert_cmpuint (count_files (folder), ==, 0);

  /* Exactly 20 MB is kept. */
  g_assert_true (
      reframe_toolbox_repository_set_photo (_reframe_test_repo (f), item, png_file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (folder), ==, 1);
}

static void
test_photo_path (Fixture      *f,
                 gconstpointer data)
{
  g_autoptr (ReframeToolboxItem) item = reframe_toolbox_item_new (REFRAME_TOOLBOX_PHOTO, "Caption");
  g_autofree char *inside = NULL,
                  *expected = g_build_filename (f->dir, "toolbox", "photo.png", NULL);
  const char *const outside[] = {
    "../reframe.db", "../../etc/passwd", "/etc/passwd", "sub/photo.png", "..", ".", ".hidden"
  };

  g_assert_null (reframe_toolbox_repository_dup_photo_path (_reframe_test_repo (f), item));
  reframe_toolbox_item_set_detail (item, "photo.png");
  inside = reframe_toolbox_repository_dup_photo_path (_reframe_test_repo (f), item);
  g_assert_cmpstr (inside, ==, expected);
  for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
    {
      g_autofree char *path = NULL;

      reframe_toolbox_item_set_detail (item, outside[i]);
      path = reframe_toolbox_repository_dup_photo_path (_reframe_test_repo (f), item);
      g_assert_null (path);
    }
  /* Only photos have a photo file: a person's detail is a number. */
  reframe_toolbox_item_set_detail (item, "photo.png");
  reframe_toolbox_item_set_kind (item, REFRAME_TOOLBOX_PERSON);
  g_assert_null (reframe_toolbox_repository_dup_photo_path (_reframe_test_repo (f), item));
}

/* In a subprocess, as the file size limit stays for the rest of the process. */
static void
test_photo_disk_full (Fixture      *f,
                      gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr (ReframeToolboxItem) item =
          reframe_toolbox_item_new (REFRAME_TOOLBOX_PHOTO, "Too much");
      g_autofree char *png = _reframe_test_write_file (
          f, "big.png", _reframe_test_png_head, sizeof _reframe_test_png_head, 256 * 1024);
      g_autofree char *folder = g_build_filename (f->dir, "toolbox", NULL);
      g_autoptr (GFile) file = g_file_new_for_path (png);
      g_autoptr (GError) error = NULL;

      reframe_test_limit_file_size (GSIZE_TO_POINTER (64 * 1024));
      g_assert_false (
          reframe_toolbox_repository_set_photo (_reframe_test_repo (f), item, file, NULL, &error));
      g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_DISK_FULL);
      g_assert_null (reframe_toolbox_item_get_detail (item));
      /* No half-written file is left behind. */
      g_assert_cmpuint (count_files (folder), ==, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_migration_from_v4 (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2026-03-14T21:00:00Z", REFRAME_MOOD_GOOD, "A walk by the river");
  g_autoptr (ReframeAssignment) assignment = reframe_assignment_new ("Walk every day", NULL);
  g_autoptr (GListModel) assignments = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (ReframeToolboxItem) item = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *texts = NULL;
  ReframeStore    *old;

  /* Start again from a journal that version 4 made, with an entry and homework. */
  close_store (f);
  reframe_test_remove_tree (f->dir);
  old = _reframe_store_open_at_version (f->dir, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reframe_store_get_schema_version (old), ==, 4);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (old), entry, &error));
  g_assert_true (
      reframe_assignment_repository_save (reframe_store_get_assignments (old), assignment, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (old);

  open_store (f);
  g_assert_cmpint (reframe_store_get_schema_version (f->store), ==, REFRAME_STORE_SCHEMA_VERSION);
  backup = reframe_test_find_backup (reframe_store_get_data_dir (f->store), "before-update");
  g_assert_nonnull (backup);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));
  assert_mode (backup, 0600);

  found = reframe_mood_repository_search (reframe_store_get_moods (f->store), "river", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  assignments =
      reframe_assignment_repository_list (reframe_store_get_assignments (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (assignments), ==, 1);

  /* The toolbox starts empty and works. */
  texts = list_texts (f);
  g_assert_cmpstr (texts, ==, "");
  item = add_item (f, REFRAME_TOOLBOX_REASON, "My sister’s wedding in June", NULL);
  g_clear_pointer (&texts, g_free);
  texts = list_texts (f);
  g_assert_cmpstr (texts, ==, "My sister’s wedding in June");
}

/* One entry on 2026-01-@day at noon, with @activities (space-separated). */
static void
log_day (Fixture    *f,
         guint       day,
         int         mood,
         const char *activities)
{
  g_autofree char *time = g_strdup_printf ("2026-01-%02uT12:00:00Z", day);
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (time, mood, "");
  g_auto (GStrv) list = *activities ? g_strsplit (activities, " ", -1) : g_new0 (char *, 1);
  g_autoptr (GError) error = NULL;

  reframe_mood_entry_set_activities (entry, (const char *const *) list);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), entry, &error));
  g_assert_no_error (error);
}

static GPtrArray *
proposals_for_january (Fixture *f)
{
  g_autoptr (ReframeInsights) insights = NULL;
  g_autoptr (GError) error = NULL;
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 1, G_DATE_JANUARY, 2026);
  g_date_set_dmy (&to, 31, G_DATE_JANUARY, 2026);
  insights = reframe_insights_compute (f->store, &from, &to, TRUE, NULL, &error);
  g_assert_no_error (error);
  return reframe_insights_dup_toolbox_proposals (insights);
}

/* Twenty days: the 1st to the 8th good (4) with a walk, the 9th to the 20th 3 and 2 in
 * turn (2.5 on average) with work. Outdoors on the 1st to the 5th and on the odd days
 * from the 9th to the 17th: (5 × 4 + 5 × 3) / 10 = 3.5 with it, and without it
 * (3 × 4 + 6 × 2 + 3) / 10 = 2.7. Exercise on the 1st to the 4th and the 9th to the
 * 14th: 3.1 with and without. The piano on three days only. */
void
_reframe_test_fill_known_effect (Fixture *f)
{
  for (guint day = 1; day <= 20; day++)
    {
      g_autoptr (GString) activities = g_string_new (NULL);
      int mood = day <= 8 ? 4 : day % 2 == 1 ? 3
                                             : 2;

      g_string_append (activities, day <= 8 ? "Walk" : "work");
      if (day <= 5 || (day >= 9 && day <= 17 && day % 2 == 1))
        g_string_append (activities, " outdoors");
      if (day <= 4 || (day >= 9 && day <= 14))
        g_string_append (activities, " exercise");
      if (day <= 3)
        g_string_append (activities, " piano");
      log_day (f, day, mood, activities->str);
    }
}

static void
test_proposals (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GPtrArray) proposals = NULL;
  const ReframeToolboxProposal *walk, *outdoors;

  _reframe_test_fill_known_effect (f);
  proposals = proposals_for_january (f);

  /* Not work (worse days), not exercise (no difference), not the piano (three days). */
  g_assert_cmpuint (proposals->len, ==, 2);
  walk = g_ptr_array_index (proposals, 0);
  g_assert_cmpstr (walk->tag, ==, "Walk");
  g_assert_cmpstr (walk->source, ==, "insights:Walk");
  g_assert_cmpfloat_with_epsilon (walk->mean_with, 4.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (walk->mean_without, 2.5, 1e-9);
  g_assert_cmpuint (walk->days, ==, 20);
  /* The person's own "Walk" reads in the sentence as a built-in activity does. */
  g_assert_cmpstr (walk->text, ==, "Days with walk averaged 4.0 against 2.5 without, over 20 days");

  outdoors = g_ptr_array_index (proposals, 1);
  g_assert_cmpstr (outdoors->source, ==, "insights:outdoors");
  g_assert_cmpfloat_with_epsilon (outdoors->mean_with, 3.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (outdoors->mean_without, 2.7, 1e-9);
  g_assert_cmpstr (
      outdoors->text, ==, "Days with outdoors averaged 3.5 against 2.7 without, over 20 days");
}

/* Activities that go with worse days only, or with too few days: nothing to propose. */
static void
test_proposals_none (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GPtrArray) proposals = NULL;

  for (guint day = 1; day <= 20; day++)
    log_day (f, day, day <= 10 ? 2 : 4, day <= 10 ? "work" : day <= 14 ? "walk"
                                                                       : "");
  proposals = proposals_for_january (f);
  /* Work: 2 against 4; the walk: 4 against 2.6, but on four days. */
  g_assert_cmpuint (proposals->len, ==, 0);
}

/* Seven activities that all go with better days: the five best, best first. */
static void
test_proposals_at_most_five (Fixture      *f,
                             gconstpointer data)
{
  const char *const names[] = { "TV", "yoga", "tea", "choir", "garden", "cats", "bread" };
  g_autoptr (GPtrArray) proposals = NULL;
  double previous = G_MAXDOUBLE;

  /* Six great days (5) and fourteen hard ones (1); activity i on the great days and on
   * the first i hard ones, so that the difference shrinks with i. */
  for (guint day = 1; day <= 20; day++)
    {
      g_autoptr (GString) activities = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (day <= 6 || day - 6 <= i)
          g_string_append_printf (activities, "%s%s", activities->len > 0 ? " " : "", names[i]);
      log_day (f, day, day <= 6 ? 5 : 1, activities->str);
    }
  proposals = proposals_for_january (f);
  g_assert_cmpuint (proposals->len, ==, REFRAME_INSIGHTS_MAX_PROPOSALS);
  for (guint i = 0; i < proposals->len; i++)
    {
      const ReframeToolboxProposal *proposal = g_ptr_array_index (proposals, i);
      double                        difference = proposal->mean_with - proposal->mean_without;

      g_assert_cmpstr (proposal->tag, ==, names[i]);
      g_assert_cmpfloat (difference, <, previous);
      previous = difference;
    }
  /* An abbreviation keeps its capitals. */
  g_assert_cmpstr (((ReframeToolboxProposal *) g_ptr_array_index (proposals, 0))->text,
                   ==,
                   "Days with TV averaged 5.0 against 1.0 without, over 20 days");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/toolbox/item", test_item);
  ADD ("save-and-order", test_save_and_order);
  ADD ("move-and-delete", test_move_and_delete);
  ADD ("invalid", test_invalid);
  ADD ("changed", test_changed);
  ADD ("photo", test_photo);
  ADD ("photo-refused", test_photo_refused);
  ADD ("photo-path", test_photo_path);
  ADD ("photo-disk-full", test_photo_disk_full);
  ADD ("migration-from-v4", test_migration_from_v4);
  ADD ("proposals", test_proposals);
  ADD ("proposals-none", test_proposals_none);
  ADD ("proposals-at-most-five", test_proposals_at_most_five);
  _reframe_test_toolbox_add_cli_tests ();

  return g_test_run ();
}
