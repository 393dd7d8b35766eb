/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-l10n.c: translations in a language other than the desktop's, per thread.
 *
 * gettext takes its language from the process (LANGUAGE, LC_MESSAGES), so a report in
 * another language cannot be asked of it without changing the window's language too.
 * A scope reads that language's catalogue (the same .mo file gettext would read) and
 * answers from it on its own thread only; dates and numbers on that thread follow the
 * language's locale through uselocale(). Without a scope everything is gettext's.
 */

#define G_LOG_DOMAIN "ReframeL10n"

#include "config.h"

#include <libintl.h>
#include <locale.h>
#include <string.h>

#include "reframe-l10n.h"

#define MO_MAGIC         0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U

typedef struct
{
  const char *text; /* forms separated by NUL bytes */
  guint32     length;
} Translation;

typedef struct
{
  char       *language;
  GBytes     *data;                /* NULL for English, which needs no catalogue */
  GHashTable *strings;             /* msgid (with context) → Translation */
  gboolean    plural_is_above_one; /* "n > 1" (French, Portuguese of Brazil) else "n != 1" */
} Catalog;

struct _ReframeL10nScope
{
  Catalog *catalog;
  Catalog *previous;
  locale_t locale;
  locale_t previous_locale;
};

static GPrivate    current_catalog;
static GMutex      catalogs_lock;
static GHashTable *catalogs; /* language → Catalog, kept for the process's life */

/* Languages written by their own name; the list is short because the catalogues are. */
static const struct
{
  const char *code;
  const char *name;
  const char *locale;
} known_languages[] = {
  { "en", "English", "C.UTF-8" },
  { "de", "Deutsch", "de_DE.UTF-8" },
  { "es", "Español", "es_ES.UTF-8" },
  { "fr", "Français", "fr_FR.UTF-8" },
  { "it", "Italiano", "it_IT.UTF-8" },
  { "pt", "Português", "pt_PT.UTF-8" },
};

static guint32
read_word (const guint8 *data,
           gsize         offset,
           gboolean      swapped)
{
  guint32 word;

  memcpy (&word, data + offset, sizeof word);
  return swapped ? GUINT32_SWAP_LE_BE (word) : word;
}

/* The string at entry @i of the table at @table; NULL when it leaves the file. */
static const char *
read_string (const guint8 *data,
             gsize         size,
             guint32       table,
             guint32       i,
             gboolean      swapped,
             guint32      *length)
{
  gsize   entry = (gsize) table + (gsize) i * 8;
  guint32 offset;

  if (entry + 8 > size)
    return NULL;
  *length = read_word (data, entry, swapped);
  offset = read_word (data, entry + 4, swapped);
  if ((gsize) offset + *length + 1 > size || data[offset + *length] != '\0')
    return NULL;
  return (const char *) data + offset;
}

static void
read_plural_rule (Catalog    *catalog,
                  const char *header)
{
  const char *plural = header != NULL ? strstr (header, "plural=") : NULL;

  catalog->plural_is_above_one =
      plural != NULL && strstr (plural, "n > 1") != NULL && strstr (plural, "n != 1") == NULL;
}

/* Reads a GNU .mo file; a damaged one is no catalogue (the report is then English). */
static gboolean
load_catalog (Catalog    *catalog,
              const char *path)
{
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  const guint8 *data;
  gsize         size;
  guint32       magic, n, originals, translations;
  gboolean      swapped;

  if (file == NULL)
    return FALSE;
  catalog->data = g_mapped_file_get_bytes (file);
  data = g_bytes_get_data (catalog->data, &size);
  if (size < 28)
    return FALSE;
  memcpy (&magic, data, sizeof magic);
  if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
    return FALSE;
  swapped = magic == MO_MAGIC_SWAPPED;
  n = read_word (data, 8, swapped);
  originals = read_word (data, 12, swapped);
  translations = read_word (data, 16, swapped);

  for (guint32 i = 0; i < n; i++)
    {
      guint32      original_length, length;
      const char  *original = read_string (data, size, originals, i, swapped, &original_length);
      const char  *text = read_string (data, size, translations, i, swapped, &length);
      Translation *translation;

      if (original == NULL || text == NULL)
        return FALSE;
      if (*original == '\0')
        {
          read_plural_rule (catalog, text);
          continue;
        }
      translation = g_new (Translation, 1);
      translation->text = text;
      translation->length = length;
      /* A plural entry's original is "singular\0plural": the singular is its key. */
      g_hash_table_insert (catalog->strings, (gpointer) original, translation);
    }
  return TRUE;
}

static const char *
get_locale_dir (void)
{
  const char *dir = bindtextdomain (GETTEXT_PACKAGE, NULL);

  return dir != NULL ? dir : LOCALEDIR;
}

static char *
catalog_path (const char *language)
{
  return g_build_filename (get_locale_dir (), language, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
}

static Catalog *
lookup_catalog (const char *language)
{
  Catalog *catalog;

  g_mutex_lock (&catalogs_lock);
  if (catalogs == NULL)
    catalogs = g_hash_table_new (g_str_hash, g_str_equal);
  catalog = g_hash_table_lookup (catalogs, language);
  if (catalog == NULL)
    {
      g_autofree char *path = catalog_path (language);

      catalog = g_new0 (Catalog, 1);
      catalog->language = g_strdup (language);
      catalog->strings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      if (g_strcmp0 (language, "en") != 0 && !load_catalog (catalog, path))
        g_debug ("No catalogue for “%s” at %s: its strings stay English", language, path);
      g_hash_table_insert (catalogs, catalog->language, catalog);
    }
  g_mutex_unlock (&catalogs_lock);
  return catalog;
}

static const char *
get_locale_name (const char *language)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_languages); i++)
    if (g_str_equal (known_languages[i].code, language))
      return known_languages[i].locale;
  return NULL;
}

/**
 * reframe_l10n_scope_enter:
 * @language: (nullable): a language code ("de"), or %NULL or "" for the desktop's
 *
 * Returns: (transfer full): the scope, to leave on the same thread
 */
ReframeL10nScope *
reframe_l10n_scope_enter (const char *language)
{
  ReframeL10nScope *scope = g_new0 (ReframeL10nScope, 1);
  const char       *locale_name;

  scope->previous = g_private_get (&current_catalog);
  scope->previous_locale = (locale_t) 0;
  if (language == NULL || *language == '\0')
    {
      scope->catalog = scope->previous;
      return scope;
    }

  scope->catalog = lookup_catalog (language);
  g_private_set (&current_catalog, scope->catalog);

  /* Month and day names, and the decimal comma, come from the language's locale where
   * the system has it; without it they stay the desktop's. */
  locale_name = get_locale_name (language);
  if (locale_name != NULL)
    {
      locale_t base = duplocale (uselocale ((locale_t) 0));

      scope->locale = base != (locale_t) 0
                          ? newlocale (LC_TIME_MASK | LC_NUMERIC_MASK, locale_name, base)
                          : (locale_t) 0;
      if (scope->locale == (locale_t) 0 && base != (locale_t) 0)
        freelocale (base);
      if (scope->locale != (locale_t) 0)
        scope->previous_locale = uselocale (scope->locale);
    }
  return scope;
}

/**
 * reframe_l10n_scope_leave:
 * @scope: (transfer full): a scope entered on this thread
 */
void
reframe_l10n_scope_leave (ReframeL10nScope *scope)
{
  if (scope == NULL)
    return;
  g_private_set (&current_catalog, scope->previous);
  if (scope->locale != (locale_t) 0)
    {
      uselocale (scope->previous_locale);
      freelocale (scope->locale);
    }
  g_free (scope);
}

/**
 * reframe_l10n_has_language:
 * @language: a language code
 *
 * Returns: whether Reframe can write in @language (English always)
 */
gboolean
reframe_l10n_has_language (const char *language)
{
  g_autofree char *path = NULL;

  if (language == NULL || strchr (language, '/') != NULL || *language == '.')
    return FALSE;
  if (g_str_equal (language, "en"))
    return TRUE;
  path = catalog_path (language);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/**
 * reframe_l10n_list_languages:
 *
 * Returns: (transfer full): the languages Reframe has a catalogue for, English first
 */
char **
reframe_l10n_list_languages (void)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GDir) dir = g_dir_open (get_locale_dir (), 0, NULL);
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_strv_builder_add (builder, "en");
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (!g_str_equal (name, "en") && reframe_l10n_has_language (name))
      g_ptr_array_add (found, g_strdup (name));
  g_ptr_array_sort (found, (GCompareFunc) (void (*) (void)) g_strcmp0);
  for (guint i = 0; i < found->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (found, i));
  return g_strv_builder_end (builder);
}

/**
 * reframe_l10n_get_language_name:
 * @language: a language code
 *
 * Returns: (transfer full): the language's name in itself ("Deutsch"), or the code
 */
char *
reframe_l10n_get_language_name (const char *language)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_languages); i++)
    if (g_str_equal (known_languages[i].code, language))
      return g_strdup (known_languages[i].name);
  return g_strdup (language);
}

/**
 * reframe_l10n_get_desktop_language:
 *
 * Returns: (transfer full): the language the desktop's strings are in ("de", or "en")
 */
char *
reframe_l10n_get_desktop_language (void)
{
  const char *const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *code = g_strndup (names[i], strcspn (names[i], "_.@"));

      if (g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
        break;
      if (reframe_l10n_has_language (code))
        return g_steal_pointer (&code);
    }
  return g_strdup ("en");
}

static const Translation *
lookup (const char *key)
{
  Catalog *catalog = g_private_get (&current_catalog);

  return catalog != NULL ? g_hash_table_lookup (catalog->strings, key) : NULL;
}

const char *
reframe_l10n_dgettext (const char *domain,
                       const char *msgid)
{
  const Translation *translation;

  if (g_private_get (&current_catalog) == NULL)
    return (g_dgettext) (domain, msgid);
  translation = lookup (msgid);
  return translation != NULL ? translation->text : msgid;
}

const char *
reframe_l10n_dpgettext (const char *domain,
                        const char *msgctxtid,
                        gsize       msgidoffset)
{
  const Translation *translation;

  if (g_private_get (&current_catalog) == NULL)
    return (g_dpgettext) (domain, msgctxtid, msgidoffset);
  translation = lookup (msgctxtid);
  if (translation != NULL)
    return translation->text;
  if (msgidoffset > 0)
    return msgctxtid + msgidoffset;
  /* Q_() style "context|msgid" */
  return strchr (msgctxtid, '|') != NULL ? strchr (msgctxtid, '|') + 1 : msgctxtid;
}

const char *
reframe_l10n_dpgettext2 (const char *domain,
                         const char *context,
                         const char *msgid)
{
  g_autofree char   *key = NULL;
  const Translation *translation;

  if (g_private_get (&current_catalog) == NULL)
    return (g_dpgettext2) (domain, context, msgid);
  key = g_strconcat (context, "\004", msgid, NULL);
  translation = lookup (key);
  return translation != NULL ? translation->text : msgid;
}

const char *
reframe_l10n_dngettext (const char *domain,
                        const char *msgid,
                        const char *msgid_plural,
                        gulong      n)
{
  Catalog           *catalog = g_private_get (&current_catalog);
  const Translation *translation;
  gboolean           plural;

  if (catalog == NULL)
    return (g_dngettext) (domain, msgid, msgid_plural, n);
  plural = catalog->plural_is_above_one ? n > 1 : n != 1;
  translation = lookup (msgid);
  if (translation == NULL)
    return plural ? msgid_plural : msgid;
  if (plural)
    {
      gsize first = strlen (translation->text);

      if (first < translation->length)
        return translation->text + first + 1;
    }
  return translation->text;
}
