/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-toolbox.c: `reframe toolbox`, the coping toolbox (hope box): list it,
 * add to it, remove from it, and see what the journal proposes for it.
 *
 *   reframe toolbox [--json]
 *   reframe toolbox add --kind KIND --text TEXT [--detail DETAIL] [--photo FILE]
 *   reframe toolbox remove UUID
 *   reframe toolbox proposals [--from DATE] [--to DATE] [--with-private] [--json]
 *
 * Every argument is checked before the journal is opened, so bad input never creates
 * or changes a file. Exit status: 0 done, 1 the journal failed (or has no item with
 * that id), 2 bad usage (a photo that is not a picture counts as one).
 */

#define G_LOG_DOMAIN "ReframeCliToolbox"

#include "config.h"

#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "reframe-cli-private.h"
#include "reframe-insights.h"
#include "reframe-store.h"
#include "reframe-toolbox-repository.h"

typedef int (*SubcommandFunc) (int argc, char **argv);

static int
usage_error (const char *subcommand,
             const char *message)
{
  g_autofree char *command =
      subcommand ? g_strconcat ("toolbox ", subcommand, NULL) : g_strdup ("toolbox");

  return _reframe_cli_usage_error (command, message);
}

static gboolean
parse (const char   *subcommand,
       GOptionEntry *entries,
       const char   *parameter_string,
       int          *argc,
       char       ***argv,
       int          *status)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;

  if (subcommand != NULL)
    {
      /* "reframe toolbox add" in the usage line */
      g_autofree char *name = g_strdup_printf ("reframe toolbox %s", subcommand);

      g_set_prgname (name);
    }
  context = _reframe_cli_option_context_new (parameter_string);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      _reframe_cli_explain_option_error (error, *argc, *argv);
      *status = usage_error (subcommand, error->message);
      return FALSE;
    }
  return TRUE;
}

/* List */

static void
print_items_json (GListModel *items)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (ReframeToolboxItem) item = g_list_model_get_item (items, i);

      json_builder_begin_object (builder);
      _reframe_cli_add_string_member (builder, "uuid", reframe_toolbox_item_get_uuid (item));
      _reframe_cli_add_string_member (
          builder, "kind", reframe_toolbox_kind_to_string (reframe_toolbox_item_get_kind (item)));
      _reframe_cli_add_string_member (builder, "text", reframe_toolbox_item_get_text (item));
      _reframe_cli_add_string_member (builder, "detail", reframe_toolbox_item_get_detail (item));
      _reframe_cli_add_string_member (builder, "source", reframe_toolbox_item_get_source (item));
      _reframe_cli_add_time_member (builder, "created", reframe_toolbox_item_get_created (item));
      _reframe_cli_add_time_member (builder, "updated", reframe_toolbox_item_get_updated (item));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _reframe_cli_print_json (builder);
}

/* One line per item: its kind as --kind takes it, its text on one line, its detail,
 * and the id that `remove` takes. */
static void
print_items_text (GListModel *items)
{
  guint n_items = g_list_model_get_n_items (items);

  if (n_items == 0)
    {
      g_print ("%s\n", _ ("Your toolbox is empty."));
      return;
    }
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (ReframeToolboxItem) item = g_list_model_get_item (items, i);
      g_autofree char *text =
          g_strdelimit (g_strdup (reframe_toolbox_item_get_text (item)), "\r\n", ' ');
      const char *detail = reframe_toolbox_item_get_detail (item);
      g_autoptr (GString) line = g_string_new (NULL);

      g_string_append_printf (line,
                              "%-7s %s",
                              reframe_toolbox_kind_to_string (reframe_toolbox_item_get_kind (item)),
                              text);
      if (detail != NULL)
        g_string_append_printf (line, "  ·  %s", detail);
      g_string_append_printf (line, "  (%s)", reframe_toolbox_item_get_uuid (item));
      g_print ("%s\n", line->str);
    }
}

static int
run_list (int    argc,
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
  g_autoptr (GListModel) items = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  if (!parse (NULL, entries, _ ("[add|remove|proposals]"), &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (NULL, _ ("Unexpected argument."));

  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      (items = reframe_toolbox_repository_list (reframe_store_get_toolbox (store), &error)) == NULL)
    return _reframe_cli_fail (error->message);
  if (json)
    print_items_json (items);
  else
    print_items_text (items);
  return EXIT_SUCCESS;
}

/* Add */

/* What can be told without the journal: Sets @message when something is wrong. */
static gboolean
check_new_item (const char         *kind_text,
                const char         *text,
                const char         *detail,
                const char         *photo,
                ReframeToolboxKind *kind,
                char              **message)
{
  g_autofree char *stripped = text ? g_strstrip (g_strdup (text)) : NULL;

  if (kind_text == NULL || !reframe_toolbox_kind_from_string (kind_text, kind))
    *message = g_strdup (_ (
        "Say what kind of item it is with --kind: note, reason, person, link, photo or worked."));
  else if (stripped == NULL || *stripped == '\0')
    *message = g_strdup (_ ("Give the item’s text with --text."));
  else if (g_utf8_strlen (text, -1) > REFRAME_TOOLBOX_TEXT_MAX)
    *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The text is too long (at most %u character).",
                                             "The text is too long (at most %u characters).",
                                             REFRAME_TOOLBOX_TEXT_MAX),
                                REFRAME_TOOLBOX_TEXT_MAX);
  else if (detail != NULL && g_utf8_strlen (detail, -1) > REFRAME_TOOLBOX_DETAIL_MAX)
    *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The detail is too long (at most %u character).",
                                             "The detail is too long (at most %u characters).",
                                             REFRAME_TOOLBOX_DETAIL_MAX),
                                REFRAME_TOOLBOX_DETAIL_MAX);
  else if (photo != NULL && *kind != REFRAME_TOOLBOX_PHOTO)
    *message = g_strdup (_ ("--photo goes with --kind photo."));
  else if (*kind == REFRAME_TOOLBOX_PHOTO && photo == NULL)
    *message = g_strdup (_ ("Give the picture with --photo FILE."));
  else if (photo != NULL && detail != NULL)
    *message = g_strdup (_ ("A photo’s detail is its file; give --photo without --detail."));
  else if (photo != NULL && !g_file_test (photo, G_FILE_TEST_IS_REGULAR))
    *message = g_strdup_printf (_ ("There is no file “%s”."), photo);
  return *message == NULL;
}

/* Copies the photo, then saves; a photo whose item could not be saved goes again. */
static gboolean
save_new_item (ReframeToolboxRepository *repository,
               ReframeToolboxItem       *item,
               const char               *photo,
               GError                  **error)
{
  g_autoptr (GFile) file = photo ? g_file_new_for_commandline_arg (photo) : NULL;

  if (file != NULL && !reframe_toolbox_repository_set_photo (repository, item, file, NULL, error))
    return FALSE;
  if (reframe_toolbox_repository_save (repository, item, error))
    return TRUE;
  if (file != NULL)
    {
      g_autofree char *copy = reframe_toolbox_repository_dup_photo_path (repository, item);

      if (copy != NULL)
        g_unlink (copy);
    }
  return FALSE;
}

static int
run_add (int    argc,
         char **argv)
{
  g_autofree char *data_dir = NULL, *kind_text = NULL, *text = NULL, *detail = NULL, *photo = NULL,
                  *message = NULL;
  GOptionEntry entries[] = {
    { "kind",
      0,
      0,
      G_OPTION_ARG_STRING,
      &kind_text,
      N_ ("What it is: note, reason, person, link, photo or worked"),
      "KIND" },
    { "text",
      0,
      0,
      G_OPTION_ARG_STRING,
      &text,
      N_ ("The text; a person’s name, a link’s title or a photo’s caption"),
      "TEXT" },
    { "detail",
      0,
      0,
      G_OPTION_ARG_STRING,
      &detail,
      N_ ("A person’s phone number or a link’s address"),
      "DETAIL" },
    { "photo",
      0,
      0,
      G_OPTION_ARG_FILENAME,
      &photo,
      N_ ("The picture to keep, for --kind photo"),
      "FILE" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
    { NULL }
  };
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeToolboxItem) item = NULL;
  g_autoptr (GError) error = NULL;
  ReframeToolboxKind kind = REFRAME_TOOLBOX_NOTE;
  int                status;

  if (!parse ("add", entries, NULL, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error ("add", _ ("Unexpected argument."));
  if (!check_new_item (kind_text, text, detail, photo, &kind, &message))
    return usage_error ("add", message);

  if ((store = reframe_store_open (data_dir, &error)) == NULL)
    return _reframe_cli_fail (error->message);
  item = reframe_toolbox_item_new (kind, text);
  reframe_toolbox_item_set_detail (item, detail);
  if (!save_new_item (reframe_store_get_toolbox (store), item, photo, &error))
    {
      if (g_error_matches (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID))
        return usage_error ("add", error->message);
      return _reframe_cli_fail (error->message);
    }
  g_print (_ ("Added to your toolbox (%s).\n"), reframe_toolbox_item_get_uuid (item));
  return EXIT_SUCCESS;
}

/* Remove */

static ReframeToolboxItem *
find_item (GListModel *items,
           const char *uuid)
{
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (ReframeToolboxItem) item = g_list_model_get_item (items, i);

      if (g_ascii_strcasecmp (reframe_toolbox_item_get_uuid (item), uuid) == 0)
        return g_steal_pointer (&item);
    }
  return NULL;
}

static int
run_remove (int    argc,
            char **argv)
{
  g_autofree char *data_dir = NULL;
  GOptionEntry     entries[] = {
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GListModel) items = NULL;
  g_autoptr (ReframeToolboxItem) item = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  if (!parse ("remove", entries, _ ("UUID"), &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error ("remove", _ ("Give the id of one item, as `reframe toolbox` lists it."));
  if (!g_uuid_string_is_valid (argv[1]))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("“%s” is not an item’s id; `reframe toolbox` lists them."), argv[1]);

      return usage_error ("remove", message);
    }

  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      (items = reframe_toolbox_repository_list (reframe_store_get_toolbox (store), &error)) == NULL)
    return _reframe_cli_fail (error->message);
  if ((item = find_item (items, argv[1])) == NULL)
    {
      g_printerr (_ ("reframe: no item in your toolbox has the id “%s”.\n"), argv[1]);
      return EXIT_FAILURE;
    }
  if (!reframe_toolbox_repository_delete (reframe_store_get_toolbox (store), item, &error))
    return _reframe_cli_fail (error->message);
  g_print ("%s\n", _ ("Removed from your toolbox."));
  return EXIT_SUCCESS;
}

/* Proposals */

static void
print_proposals_json (GPtrArray       *proposals,
                      ReframeInsights *insights,
                      const gboolean  *taken)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const GDate *from = reframe_insights_get_from (insights),
              *to = reframe_insights_get_to (insights);
  g_autofree char *from_text = g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (from), g_date_get_month (from), g_date_get_day (from));
  g_autofree char *to_text = g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (to), g_date_get_month (to), g_date_get_day (to));

  json_builder_begin_object (builder);
  _reframe_cli_add_string_member (builder, "from", from_text);
  _reframe_cli_add_string_member (builder, "to", to_text);
  json_builder_set_member_name (builder, "proposals");
  json_builder_begin_array (builder);
  for (guint i = 0; i < proposals->len; i++)
    {
      const ReframeToolboxProposal *proposal = g_ptr_array_index (proposals, i);

      json_builder_begin_object (builder);
      _reframe_cli_add_string_member (builder, "source", proposal->source);
      _reframe_cli_add_string_member (builder, "tag", proposal->tag);
      _reframe_cli_add_string_member (builder, "text", proposal->text);
      json_builder_set_member_name (builder, "mean_with");
      json_builder_add_double_value (builder, proposal->mean_with);
      json_builder_set_member_name (builder, "mean_without");
      json_builder_add_double_value (builder, proposal->mean_without);
      json_builder_set_member_name (builder, "days");
      json_builder_add_int_value (builder, proposal->days);
      json_builder_set_member_name (builder, "in_toolbox");
      json_builder_add_boolean_value (builder, taken[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _reframe_cli_print_json (builder);
}

static void
print_proposals_text (GPtrArray      *proposals,
                      const gboolean *taken)
{
  if (proposals->len == 0)
    {
      g_print (
          "%s\n",
          _ ("Nothing to propose yet: no activity in this period went clearly with better days."));
      return;
    }
  for (guint i = 0; i < proposals->len; i++)
    {
      const ReframeToolboxProposal *proposal = g_ptr_array_index (proposals, i);

      if (taken[i])
        /* Translators: a proposal for the toolbox that the person already took */
        g_print (_ ("%s (in your toolbox)\n"), proposal->text);
      else
        g_print ("%s\n", proposal->text);
    }
}

static int
run_proposals (int    argc,
               char **argv)
{
  g_autofree char     *data_dir = NULL, *from_text = NULL, *to_text = NULL, *message = NULL;
  g_autofree gboolean *taken = NULL;
  gboolean             json = FALSE, with_private = FALSE;
  GOptionEntry         entries[] = {
            { "from",
              0,
              0,
              G_OPTION_ARG_STRING,
              &from_text,
              N_ ("First day, YYYY-MM-DD (default: 30 days before the last)"),
              "DATE" },
            { "to",
              0,
              0,
              G_OPTION_ARG_STRING,
              &to_text,
              N_ ("Last day, YYYY-MM-DD (default: today)"),
              "DATE" },
            { "with-private",
              0,
              0,
              G_OPTION_ARG_NONE,
              &with_private,
              N_ ("Count private entries too"),
              NULL },
            { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
            { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
            { NULL }
  };
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeInsights) insights = NULL;
  g_autoptr (GPtrArray) proposals = NULL;
  g_autoptr (GError) error = NULL;
  GDate from, to;
  int   status;

  if (!parse ("proposals", entries, NULL, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error ("proposals", _ ("Unexpected argument."));
  if (!_reframe_cli_parse_period (from_text, to_text, &from, &to, &message))
    return usage_error ("proposals", message);

  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      (insights = reframe_insights_compute (store, &from, &to, with_private, NULL, &error)) == NULL)
    return _reframe_cli_fail (error->message);
  proposals = reframe_insights_dup_toolbox_proposals (insights);
  taken = g_new0 (gboolean, proposals->len + 1);
  for (guint i = 0; i < proposals->len; i++)
    {
      const ReframeToolboxProposal *proposal = g_ptr_array_index (proposals, i);

      taken[i] = reframe_toolbox_repository_has_source (
          reframe_store_get_toolbox (store), proposal->source, &error);
      if (error != NULL)
        return _reframe_cli_fail (error->message);
    }
  if (json)
    print_proposals_json (proposals, insights, taken);
  else
    print_proposals_text (proposals, taken);
  return EXIT_SUCCESS;
}

int
_reframe_cli_run_toolbox (int    argc,
                          char **argv)
{
  static const struct
  {
    const char    *name;
    SubcommandFunc func;
  } subcommands[] = {
    { "add", run_add },
    { "remove", run_remove },
    { "proposals", run_proposals },
  };

  if (argc < 2 || argv[1][0] == '-')
    return run_list (argc, argv);
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      {
        /* "toolbox add" names the command in --help's usage line. */
        g_autofree char  *name = g_strconcat (argv[0], " ", argv[1], NULL);
        g_autofree char **sub_argv = g_new0 (char *, argc);

        memcpy (sub_argv + 1, argv + 2, sizeof (char *) * (argc - 2));
        sub_argv[0] = name;
        return subcommands[i].func (argc - 1, sub_argv);
      }
  {
    g_autofree char *message = g_strdup_printf (
        _ ("“%s” is not a toolbox command; use add, remove or proposals."), argv[1]);

    return usage_error (NULL, message);
  }
}
