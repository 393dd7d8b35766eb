/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-toolbox-cli.c: `reframe toolbox`: listing, adding and removing items, its
 * usage errors, and the proposals from Insights. */

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

/* Runs `reframe ARGS… --data-dir DIR` in this process, its output in f->out and f->err;
 * the arguments one by one, ending with NULL, or as an array. */
#define IN_PROCESS(dir) (&(ReframeTestCli){ .data_dir = (dir), .in_process = TRUE })
#define run_cli_in(f, dir, ...) \
  reframe_test_cli_run (IN_PROCESS (dir), &(f)->out, &(f)->err, __VA_ARGS__)
#define run_cli_strv(f, dir, args) \
  reframe_test_cli_runv (IN_PROCESS (dir), (args), &(f)->out, &(f)->err)

#define run_cli(f, ...) run_cli_in ((f), (f)->dir, __VA_ARGS__)

static JsonArray *
parse_items (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return json_array_ref (json_object_get_array_member (
      root, json_object_has_member (root, "items") ? "items" : "proposals"));
}

static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *png = _reframe_test_write_file (
      f, "beach.png", _reframe_test_png_head, sizeof _reframe_test_png_head, 2048);
  g_autofree char *folder = g_build_filename (f->dir, "toolbox", NULL);
  g_autofree char *photo_uuid = NULL, *photo_copy = NULL;
  g_autoptr (JsonArray) items = NULL;
  JsonObject *item;

  g_assert_cmpint (run_cli (f, "toolbox", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Your toolbox is empty.\n");

  g_assert_cmpint (
      run_cli (
          f, "toolbox", "add", "--kind", "reason", "--text", "My sister’s wedding in June", NULL),
      ==,
      0);
  g_assert_true (g_str_has_prefix (f->out, "Added to your toolbox ("));
  g_assert_cmpint (run_cli (f,
                            "toolbox",
                            "add",
                            "--kind",
                            "person",
                            "--text",
                            "Anna",
                            "--detail",
                            "+44 20 7946 0000",
                            NULL),
                   ==,
                   0);
  g_assert_cmpint (
      run_cli (f, "toolbox", "add", "--kind", "photo", "--text", "The beach", "--photo", png, NULL),
      ==,
      0);

  g_assert_cmpint (run_cli (f, "toolbox", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "reason  My sister’s wedding in June  ("));
  g_assert_nonnull (strstr (f->out, "person  Anna  ·  +44 20 7946 0000  ("));
  g_assert_nonnull (strstr (f->out, "photo   The beach  ·  "));

  g_assert_cmpint (run_cli (f, "toolbox", "--json", NULL), ==, 0);
  items = parse_items (f->out);
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  item = json_array_get_object_element (items, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "person");
  g_assert_cmpstr (json_object_get_string_member (item, "text"), ==, "Anna");
  g_assert_cmpstr (json_object_get_string_member (item, "detail"), ==, "+44 20 7946 0000");
  g_assert_true (json_object_get_null_member (item, "source"));
  item = json_array_get_object_element (items, 2);
  photo_uuid = g_strdup (json_object_get_string_member (item, "uuid"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (item, "detail"), photo_uuid));
  photo_copy = g_build_filename (folder, json_object_get_string_member (item, "detail"), NULL);
  g_assert_true (g_file_test (photo_copy, G_FILE_TEST_IS_REGULAR));

  /* Removing the photo removes its file. */
  g_assert_cmpint (run_cli (f, "toolbox", "remove", photo_uuid, NULL), ==, 0);
  g_assert_false (g_file_test (photo_copy, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_cli (f, "toolbox", "remove", photo_uuid, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, photo_uuid));
  g_assert_cmpint (run_cli (f, "toolbox", NULL), ==, 0);
  g_assert_null (strstr (f->out, "The beach"));
  g_assert_nonnull (strstr (f->out, "Anna"));
}

static void
test_cli_usage (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *text =
      _reframe_test_write_file (f, "notes.png", (const guint8 *) "Dear diary", 10, 0);
  g_autofree char *png = _reframe_test_write_file (
      f, "beach.png", _reframe_test_png_head, sizeof _reframe_test_png_head, 0);
  g_autofree char   *fresh = g_build_filename (f->dir, "fresh", NULL);
  g_autofree char   *long_text = g_strnfill (2001, 'a');
  const char *const *bad[] = {
    (const char *const[]){ "toolbox", "frob", NULL },
    (const char *const[]){ "toolbox", "extra", "--json", NULL },
    (const char *const[]){ "toolbox", "add", "--text", "No kind", NULL },
    (const char *const[]){ "toolbox", "add", "--kind", "song", "--text", "Unknown kind", NULL },
    (const char *const[]){ "toolbox", "add", "--kind", "note", NULL },
    (const char *const[]){ "toolbox", "add", "--kind", "note", "--text", "   ", NULL },
    (const char *const[]){ "toolbox", "add", "--kind", "note", "--text", long_text, NULL },
    (const char *const[]){
        "toolbox", "add", "--kind", "link", "--text", "Song", "--detail", long_text, NULL },
    (const char *const[]){ "toolbox", "add", "--kind", "photo", "--text", "No picture", NULL },
    (const char *const[]){
        "toolbox", "add", "--kind", "note", "--text", "Photo", "--photo", png, NULL },
    (const char *const[]){ "toolbox",
                           "add",
                           "--kind",
                           "photo",
                           "--text",
                           "Both",
                           "--photo",
                           png,
                           "--detail",
                           "x",
                           NULL },
    (const char *const[]){ "toolbox",
                           "add",
                           "--kind",
                           "photo",
                           "--text",
                           "Gone",
                           "--photo",
                           "/nonexistent/x.png",
                           NULL },
    (const char *const[]){ "toolbox", "remove", NULL },
    (const char *const[]){ "toolbox", "remove", "not-an-id", NULL },
    (const char *const[]){ "toolbox", "proposals", "--from", "2026-02-30", NULL },
    (const char *const[]){
        "toolbox", "proposals", "--from", "2026-03-02", "--to", "2026-03-01", NULL },
  };

  /* Bad usage is found before the journal is opened: no file is made. */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (run_cli_strv (f, fresh, bad[i]), ==, 2);
      g_assert_cmpstr (f->out, ==, "");
      g_assert_true (g_str_has_prefix (f->err, "reframe toolbox"));
      g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
    }

  /* A picture in name only is found by the toolbox, and nothing is kept. */
  g_assert_cmpint (
      run_cli (f, "toolbox", "add", "--kind", "photo", "--text", "Diary", "--photo", text, NULL),
      ==,
      2);
  g_assert_nonnull (strstr (f->err, "not a picture"));
  g_assert_cmpint (run_cli (f, "toolbox", "--json", NULL), ==, 0);
  {
    g_autoptr (JsonArray) items = parse_items (f->out);

    g_assert_cmpuint (json_array_get_length (items), ==, 0);
  }
}

static void
test_cli_proposals (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (ReframeToolboxItem) taken =
      reframe_toolbox_item_new (REFRAME_TOOLBOX_WORKED, "A walk");
  g_autoptr (JsonArray) proposals = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *proposal;

  _reframe_test_fill_known_effect (f);
  g_assert_cmpint (
      run_cli (f, "toolbox", "proposals", "--from", "2026-01-01", "--to", "2026-01-31", NULL),
      ==,
      0);
  g_assert_cmpstr (f->out,
                   ==,
                   "Days with walk averaged 4.0 against 2.5 without, over 20 days\n"
                   "Days with outdoors averaged 3.5 against 2.7 without, over 20 days\n");

  /* A proposal taken says so. */
  reframe_toolbox_item_set_source (taken, "insights:Walk");
  g_assert_true (reframe_toolbox_repository_save (_reframe_test_repo (f), taken, &error));
  g_assert_no_error (error);
  g_assert_cmpint (
      run_cli (f, "toolbox", "proposals", "--from", "2026-01-01", "--to", "2026-01-31", NULL),
      ==,
      0);
  g_assert_true (g_str_has_prefix (
      f->out, "Days with walk averaged 4.0 against 2.5 without, over 20 days (in your toolbox)\n"));

  g_assert_cmpint (
      run_cli (
          f, "toolbox", "proposals", "--from", "2026-01-01", "--to", "2026-01-31", "--json", NULL),
      ==,
      0);
  proposals = parse_items (f->out);
  g_assert_cmpuint (json_array_get_length (proposals), ==, 2);
  proposal = json_array_get_object_element (proposals, 0);
  g_assert_cmpstr (json_object_get_string_member (proposal, "source"), ==, "insights:Walk");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (proposal, "mean_with"), 4.0, 1e-9);
  g_assert_cmpint (json_object_get_int_member (proposal, "days"), ==, 20);
  g_assert_true (json_object_get_boolean_member (proposal, "in_toolbox"));
  g_assert_false (
      json_object_get_boolean_member (json_array_get_object_element (proposals, 1), "in_toolbox"));

  /* Nothing in February. */
  g_assert_cmpint (
      run_cli (f, "toolbox", "proposals", "--from", "2026-02-01", "--to", "2026-02-28", NULL),
      ==,
      0);
  g_assert_true (g_str_has_prefix (f->out, "Nothing to propose yet"));
}

void
_reframe_test_toolbox_add_cli_tests (void)
{
  ADD ("command-lists-adds-and-removes", test_cli);
  ADD ("cli-usage", test_cli_usage);
  ADD ("cli-proposals", test_cli_proposals);
}
