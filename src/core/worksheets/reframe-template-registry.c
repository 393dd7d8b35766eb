/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-template-registry.c: the built-in templates and the imported ones, every version.
 *
 * Built-ins come from the core resource and are parsed once per process, then shared by
 * every registry. Imported templates sit in DATA_DIR/templates/ as ID-vVERSION.json.
 * Every version of a template is kept, because a worksheet stores the version it was
 * made with and must still open after a newer version ships or is imported.
 */

#define G_LOG_DOMAIN "ReframeTemplateRegistry"

#include "config.h"

#include <errno.h>
#include "reframe-i18n.h"
#include <string.h>
#include <glib/gstdio.h>

#include "reframe-assistant-private.h"
#include "reframe-store.h"
#include "reframe-template-private.h"
#include "reframe-template-registry.h"

struct _ReframeTemplateRegistry
{
  GObject parent_instance;

  /* Owned */
  char       *templates_dir;
  GListStore *latest;   /* of ReframeTemplate: the newest version of each id */
  GHashTable *versions; /* id → GPtrArray of ReframeTemplate, oldest first */
  GPtrArray  *problems; /* of char *: imported files that could not be read */
};

G_DEFINE_FINAL_TYPE (ReframeTemplateRegistry, reframe_template_registry, G_TYPE_OBJECT)

/* The gallery order. An older version of a built-in stays listed here after a newer one
 * ships (as "old/ID-vN.json"), so that worksheets made with it still open. */
static const char *const builtin_files[] = {
  "safety-plan.json",
  "thought-record.json",
  "distortion-check.json",
  "behavioural-activation.json",
  "exposure-ladder.json",
  "worry-log.json",
  "problem-solving.json",
  "three-good-things.json",
  "phq-9.json",
  "gad-7.json",
};

static GPtrArray *
load_builtins (GError **error)
{
  g_autoptr (GPtrArray) builtins = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_files); i++)
    {
      g_autofree char *name = g_strconcat (REFRAME_WORKSHEETS_RESOURCE_DIR, builtin_files[i], NULL);
      g_autoptr (GBytes) bytes = _reframe_core_lookup_resource (name, error);
      ReframeTemplate *template;

      if (bytes == NULL ||
          (template = reframe_template_new_from_bytes (bytes, builtin_files[i], error)) == NULL)
        return NULL;
      _reframe_template_set_builtin (template, TRUE);
      g_ptr_array_add (builtins, template);
    }
  return g_steal_pointer (&builtins);
}

/**
 * reframe_template_registry_dup_builtins:
 *
 * The templates that ship with Reframe, parsed on the first call and kept for the life
 * of the process (they are read-only).
 *
 * Returns: (transfer container) (element-type ReframeTemplate) (nullable): the
 *   built-ins in gallery order, or %NULL if one is broken (a build error)
 */
GPtrArray *
reframe_template_registry_dup_builtins (GError **error)
{
  static GMutex     mutex;
  static GPtrArray *builtins = NULL;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&mutex);

  if (builtins == NULL)
    builtins = load_builtins (error);
  return builtins ? g_ptr_array_ref (builtins) : NULL;
}

static gboolean
is_builtin_id (const char *id)
{
  g_autoptr (GPtrArray) builtins = reframe_template_registry_dup_builtins (NULL);

  for (guint i = 0; builtins != NULL && i < builtins->len; i++)
    if (g_str_equal (reframe_template_get_id (g_ptr_array_index (builtins, i)), id))
      return TRUE;
  return FALSE;
}

static ReframeTemplate *
newest (GPtrArray *versions)
{
  return g_ptr_array_index (versions, versions->len - 1);
}

/* Adds a template whose id and version are not there yet, keeping the list model on the
 * newest version of each id. */
static void
add_template (ReframeTemplateRegistry *self,
              ReframeTemplate *template)
{
  const char *id = reframe_template_get_id (template);
  GPtrArray  *versions = g_hash_table_lookup (self->versions, id);
  guint       index = 0;
  guint       position = 0;

  if (versions == NULL)
    {
      versions = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->versions, g_strdup (id), versions);
      g_ptr_array_add (versions, g_object_ref (template));
      g_list_store_append (self->latest, template);
      return;
    }
  while (index < versions->len && reframe_template_get_version (g_ptr_array_index (
                                      versions, index)) < reframe_template_get_version (template))
    index++;
  if (index == versions->len)
    {
      g_assert (g_list_store_find (self->latest, newest (versions), &position));
      g_list_store_splice (self->latest, position, 1, (gpointer *) &template, 1);
    }
  g_ptr_array_insert (versions, index, g_object_ref (template));
}

static void
add_problem (ReframeTemplateRegistry *self,
             const char              *message)
{
  /* Not a warning: a broken file in the folder is the user's data, not a bug. */
  g_debug ("Skipping an imported template: %s", message);
  g_ptr_array_add (self->problems, g_strdup (message));
}

static void
load_imported_file (ReframeTemplateRegistry *self,
                    GFile                   *file)
{
  g_autoptr (ReframeTemplate) template = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if ((template = reframe_template_new_from_file (file, &error)) == NULL)
    return add_problem (self, error->message);
  if (is_builtin_id (reframe_template_get_id (template)))
    message = g_strdup_printf (_ ("%s: “%s” is the id of a template that comes with Reframe."),
                               reframe_template_get_file_name (template),
                               reframe_template_get_id (template));
  else if (reframe_template_registry_lookup (self,
                                             reframe_template_get_id (template),
                                             reframe_template_get_version (template)) != NULL)
    message = g_strdup_printf (_ ("%s: version %u of “%s” is already there."),
                               reframe_template_get_file_name (template),
                               reframe_template_get_version (template),
                               reframe_template_get_id (template));
  if (message != NULL)
    return add_problem (self, message);
  add_template (self, template);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static gboolean
load_imported (ReframeTemplateRegistry *self,
               GError                 **error)
{
  g_autoptr (GFile) dir = g_file_new_for_path (self->templates_dir);
  g_autoptr (GFileEnumerator) enumerator = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local_error = NULL;
  GFileInfo *info;

  enumerator = g_file_enumerate_children (
      dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (enumerator == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_set_error (error,
                   REFRAME_TEMPLATE_ERROR,
                   REFRAME_TEMPLATE_ERROR_FAILED,
                   _ ("Could not read the folder of imported templates: %s"),
                   local_error->message);
      return FALSE;
    }
  while ((info = g_file_enumerator_next_file (enumerator, NULL, NULL)) != NULL)
    {
      if (g_str_has_suffix (g_file_info_get_name (info), ".json"))
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
      g_object_unref (info);
    }
  /* File name order, so that the gallery does not shuffle between runs. */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr (GFile) file = g_file_get_child (dir, g_ptr_array_index (names, i));

      load_imported_file (self, file);
    }
  return TRUE;
}

static void
reframe_template_registry_finalize (GObject *object)
{
  ReframeTemplateRegistry *self = (ReframeTemplateRegistry *) object;

  g_free (self->templates_dir);
  g_clear_object (&self->latest);
  g_clear_pointer (&self->versions, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  G_OBJECT_CLASS (reframe_template_registry_parent_class)->finalize (object);
}

static void
reframe_template_registry_class_init (ReframeTemplateRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = reframe_template_registry_finalize;
}

static void
reframe_template_registry_init (ReframeTemplateRegistry *self)
{
  self->latest = g_list_store_new (REFRAME_TYPE_TEMPLATE);
  self->versions =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
}

/**
 * reframe_template_registry_new:
 * @data_dir: (nullable): the journal's folder; %NULL for the default one
 * @error: return location for an error
 *
 * Loads the built-ins and the templates imported into @data_dir/templates/. A broken
 * imported file is skipped and listed by reframe_template_registry_get_problems().
 *
 * Returns: (transfer full) (nullable): the registry
 */
ReframeTemplateRegistry *
reframe_template_registry_new (const char *data_dir,
                               GError    **error)
{
  g_autoptr (ReframeTemplateRegistry) self = g_object_new (REFRAME_TYPE_TEMPLATE_REGISTRY, NULL);
  g_autoptr (GPtrArray) builtins = NULL;
  g_autofree char *default_dir = data_dir ? NULL : reframe_store_dup_default_dir ();

  self->templates_dir = g_build_filename (data_dir ? data_dir : default_dir, "templates", NULL);
  if ((builtins = reframe_template_registry_dup_builtins (error)) == NULL)
    return NULL;
  for (guint i = 0; i < builtins->len; i++)
    add_template (self, g_ptr_array_index (builtins, i));
  if (!load_imported (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* The folder imported templates are copied to. */
const char *
reframe_template_registry_get_templates_dir (ReframeTemplateRegistry *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (self), NULL);
  return self->templates_dir;
}

/**
 * reframe_template_registry_get_templates:
 *
 * Returns: (transfer none): a list of #ReframeTemplate, the newest version of each,
 *   built-ins first in gallery order, then imported ones by file name
 */
GListModel *
reframe_template_registry_get_templates (ReframeTemplateRegistry *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (self), NULL);
  return G_LIST_MODEL (self->latest);
}

/**
 * reframe_template_registry_get_versions:
 * @id: a template id
 *
 * Returns: (transfer none) (element-type ReframeTemplate) (nullable): every version
 *   known, oldest first, or %NULL for an unknown id
 */
GPtrArray *
reframe_template_registry_get_versions (ReframeTemplateRegistry *self,
                                        const char              *id)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return g_hash_table_lookup (self->versions, id);
}

/**
 * reframe_template_registry_get_problems:
 *
 * Returns: (transfer none) (element-type utf8): one message per imported file that was
 *   skipped, naming the file and what is wrong
 */
GPtrArray *
reframe_template_registry_get_problems (ReframeTemplateRegistry *self)
{
  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (self), NULL);
  return self->problems;
}

/**
 * reframe_template_registry_lookup:
 * @id: a template id
 * @version: the version a worksheet was made with, or 0 for the newest
 *
 * Returns: (transfer none) (nullable): the template, owned by the registry
 */
ReframeTemplate *
reframe_template_registry_lookup (ReframeTemplateRegistry *self,
                                  const char              *id,
                                  guint                    version)
{
  GPtrArray *versions;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if ((versions = g_hash_table_lookup (self->versions, id)) == NULL)
    return NULL;
  if (version == 0)
    return newest (versions);
  for (guint i = 0; i < versions->len; i++)
    if (reframe_template_get_version (g_ptr_array_index (versions, i)) == version)
      return g_ptr_array_index (versions, i);
  return NULL;
}

static gboolean
write_bytes (GFile   *dest,
             GBytes  *bytes,
             GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (dest);

  /* g_file_replace_contents() writes a temporary file beside @dest and renames it over,
   * so a crash leaves the old file or the new one, never half of one. */
  if (!g_file_replace_contents (dest,
                                g_bytes_get_data (bytes, NULL),
                                g_bytes_get_size (bytes),
                                NULL,
                                FALSE,
                                G_FILE_CREATE_NONE,
                                NULL,
                                NULL,
                                &local_error))
    {
      g_set_error (error,
                   REFRAME_TEMPLATE_ERROR,
                   REFRAME_TEMPLATE_ERROR_FAILED,
                   _ ("Could not save “%s”: %s"),
                   name,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The same template written differently (spacing, member order), as a plan or an
 * archive carries it back. */
static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize       len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (data == NULL || !json_parser_load_from_data (parser, data, len, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
same_json (GBytes *a,
           GBytes *b)
{
  g_autoptr (JsonNode) first = parse_json (a);
  g_autoptr (JsonNode) second = parse_json (b);

  return first != NULL && second != NULL && json_node_equal (first, second);
}

static gboolean
check_importable (ReframeTemplateRegistry *self,
                  ReframeTemplate *template,
                  ReframeTemplate **existing,
                  GError          **error)
{
  const char *id = reframe_template_get_id (template);
  guint       version = reframe_template_get_version (template);
  g_autoptr (GBytes) ours = NULL;
  g_autoptr (GBytes) theirs = NULL;

  if (is_builtin_id (id))
    {
      g_set_error (error,
                   REFRAME_TEMPLATE_ERROR,
                   REFRAME_TEMPLATE_ERROR_EXISTS,
                   _ ("“%s” is the id of a template that comes with Reframe; give the imported "
                      "template an id of its own."),
                   id);
      return FALSE;
    }
  if ((*existing = reframe_template_registry_lookup (self, id, version)) == NULL)
    return TRUE;
  ours = reframe_template_to_bytes (*existing);
  theirs = reframe_template_to_bytes (template);
  if (!g_bytes_equal (ours, theirs) && !same_json (ours, theirs))
    {
      g_set_error (error,
                   REFRAME_TEMPLATE_ERROR,
                   REFRAME_TEMPLATE_ERROR_EXISTS,
                   _ ("Version %u of “%s” is already imported and differs from this file; raise "
                      "“version” in the file to add it as a new version."),
                   version,
                   id);
      return FALSE;
    }
  return TRUE;
}

/**
 * reframe_template_registry_import_template:
 * @template: a checked template, read from a file or carried by a plan
 *
 * Copies the template into the templates folder and adds it. Importing the same template
 * twice is harmless; a different one with an id and version already there is refused,
 * as is one with the id of a built-in.
 *
 * Returns: (transfer none) (nullable): the imported template (or the same one already
 *   there), owned by the registry
 */
ReframeTemplate *
reframe_template_registry_import_template (ReframeTemplateRegistry *self,
                                           ReframeTemplate *template,
                                           GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GFile) dest = NULL;
  g_autofree char *name = NULL;
  ReframeTemplate *existing = NULL;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (self), NULL);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), NULL);

  if (!check_importable (self, template, &existing, error))
    return NULL;
  if (existing != NULL)
    return existing;

  if (g_mkdir_with_parents (self->templates_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error,
                   REFRAME_TEMPLATE_ERROR,
                   REFRAME_TEMPLATE_ERROR_FAILED,
                   _ ("Could not make the folder “%s”: %s"),
                   self->templates_dir,
                   g_strerror (saved));
      return NULL;
    }
  name = g_strdup_printf (
      "%s-v%u.json", reframe_template_get_id (template), reframe_template_get_version (template));
  dest = g_file_new_build_filename (self->templates_dir, name, NULL);
  bytes = reframe_template_to_bytes (template);
  if (!write_bytes (dest, bytes, error))
    return NULL;
  add_template (self, template);
  return template; /* the registry holds it now */
}

/**
 * reframe_template_registry_check_import:
 * @template: a checked template
 * @existing: (out) (transfer none) (optional) (nullable): the same template, when it is
 *   already there
 *
 * Says whether reframe_template_registry_import_template() would take @template,
 * without writing anything.
 *
 * Returns: %TRUE when it would (or it is already there), %FALSE with
 *   %REFRAME_TEMPLATE_ERROR_EXISTS when it clashes with a template Reframe has
 */
gboolean
reframe_template_registry_check_import (ReframeTemplateRegistry *self,
                                        ReframeTemplate *template,
                                        ReframeTemplate **existing,
                                        GError          **error)
{
  ReframeTemplate *found = NULL;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), FALSE);

  if (!check_importable (self, template, &found, error))
    return FALSE;
  if (existing != NULL)
    *existing = found;
  return TRUE;
}

/**
 * reframe_template_registry_import:
 * @file: a template file, checked as reframe_template_new_from_file() does
 *
 * Copies the template into the templates folder and adds it. Importing the same file
 * twice is harmless; a different file with an id and version already there is refused.
 *
 * Returns: (transfer none) (nullable): the imported template, owned by the registry
 */
ReframeTemplate *
reframe_template_registry_import (ReframeTemplateRegistry *self,
                                  GFile                   *file,
                                  GError                 **error)
{
  g_autoptr (ReframeTemplate) template = NULL;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if ((template = reframe_template_new_from_file (file, error)) == NULL)
    return NULL;
  return reframe_template_registry_import_template (self, template, error);
}

/**
 * reframe_template_registry_export:
 * @template: a template, built-in or imported
 * @dest: where to write it
 *
 * Writes the template file as it was read (untranslated), so it can be shared and
 * imported again.
 *
 * Returns: %TRUE when written
 */
gboolean
reframe_template_registry_export (ReframeTemplateRegistry *self,
                                  ReframeTemplate *template,
                                  GFile   *dest,
                                  GError **error)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (self), FALSE);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE (template), FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);

  bytes = reframe_template_to_bytes (template);
  return write_bytes (dest, bytes, error);
}
