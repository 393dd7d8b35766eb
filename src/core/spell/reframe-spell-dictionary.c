/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-spell-dictionary.c: one language's spelling dictionary (enchant-2).
 *
 * One enchant broker serves the whole process (it loads the providers once, and it
 * keeps a dictionary's word list loaded while anyone uses it). A language without a
 * dictionary is not an error: such a dictionary finds every word correct and suggests
 * nothing, so a field in that language shows no underline at all. Words added go to
 * enchant's personal word list, $XDG_CONFIG_HOME/enchant/<language>.dic; words ignored
 * are forgotten when the program ends.
 *
 * Loading a hunspell dictionary takes some 40–60 ms, so the shared dictionaries that
 * the fields use load on a worker thread (the broker is locked for every call, as
 * enchant's broker is not thread-safe); until then they know every word, and
 * "words-changed" says when they are ready. Everything else is for the main thread. */

#define G_LOG_DOMAIN "ReframeSpellDictionary"

#include "config.h"

#include <enchant.h>
#include <gio/gio.h>
#include "reframe-i18n.h"
#include <glib/gstdio.h>
#include <string.h>

#include "reframe-spell-dictionary.h"

struct _ReframeSpellDictionary
{
  GObject parent_instance;

  /* Owned */
  char        *language;
  EnchantDict *dict;

  gboolean loading;
};

enum
{
  SIGNAL_WORDS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ReframeSpellDictionary, reframe_spell_dictionary, G_TYPE_OBJECT)

/* Reachable for the program's lifetime on purpose: loading providers and word lists is
 * what costs, and it happens once. */
static EnchantBroker *shared_broker;
static GHashTable    *shared_dictionaries;
static GMutex         broker_lock;

/* Call with broker_lock held. */
static EnchantBroker *
get_broker (void)
{
  if (shared_broker == NULL)
    shared_broker = enchant_broker_init ();
  return shared_broker;
}

static EnchantDict *
request_dict (const char *language)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "enchant", NULL);
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&broker_lock);

  if (enchant_broker_dict_exists (get_broker (), language) != 1)
    return NULL;
  /* enchant keeps the personal word list in this folder, and does not make it. */
  g_mkdir_with_parents (dir, 0700);
  return enchant_broker_request_dict (get_broker (), language);
}

static void
describe_dict_cb (const char *const tag,
                  const char *const provider_name,
                  const char *const provider_desc,
                  const char *const provider_file,
                  void             *user_data)
{
  GPtrArray *tags = user_data;

  for (guint i = 0; i < tags->len; i++)
    if (g_strcmp0 (g_ptr_array_index (tags, i), tag) == 0)
      return;
  g_ptr_array_add (tags, g_strdup (tag));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/**
 * reframe_spell_list_languages:
 *
 * The languages that have a dictionary on this computer, such as "de_DE" or "en_US".
 *
 * Returns: (transfer full): the language tags, sorted
 */
char **
reframe_spell_list_languages (void)
{
  GPtrArray *tags = g_ptr_array_new ();
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&broker_lock);

  enchant_broker_list_dicts (get_broker (), describe_dict_cb, tags);
  g_ptr_array_sort (tags, compare_strings);
  g_ptr_array_add (tags, NULL);
  return (char **) g_ptr_array_free (tags, FALSE);
}

/**
 * reframe_spell_language_is_available:
 * @language: a language tag
 *
 * Returns: whether a dictionary for @language is installed
 */
gboolean
reframe_spell_language_is_available (const char *language)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_val_if_fail (language != NULL, FALSE);

  if (language[0] == '\0')
    return FALSE;
  locker = g_mutex_locker_new (&broker_lock);
  return enchant_broker_dict_exists (get_broker (), language) == 1;
}

/* "de" (a language alone, as LANGUAGE may say) to the dictionary of its main country,
 * "de_DE", or else to the first one of that language. */
static char *
dup_installed_variant (const char *language)
{
  g_auto (GStrv) available = NULL;
  g_autofree char *main_country = NULL;
  g_autofree char *prefix = NULL;

  if (reframe_spell_language_is_available (language))
    return g_strdup (language);
  if (strchr (language, '_') != NULL)
    return NULL;
  available = reframe_spell_list_languages ();
  main_country = g_strdup_printf ("%s_%s", language, language);
  for (char *p = main_country + strlen (language) + 1; *p != '\0'; p++)
    *p = g_ascii_toupper (*p);
  if (g_strv_contains ((const char *const *) available, main_country))
    return g_steal_pointer (&main_country);
  /* English has no en_EN: the most common variant first. */
  if (g_str_equal (language, "en") && g_strv_contains ((const char *const *) available, "en_US"))
    return g_strdup ("en_US");
  prefix = g_strconcat (language, "_", NULL);
  for (guint i = 0; available[i] != NULL; i++)
    if (g_str_has_prefix (available[i], prefix))
      return g_strdup (available[i]);
  return NULL;
}

/**
 * reframe_spell_dup_default_language:
 *
 * The language fields are checked in when the person has not chosen one: the first of
 * the locale's message languages (LANGUAGE, then LC_ALL, LC_MESSAGES, LANG) that has a
 * dictionary, or else %REFRAME_SPELL_FALLBACK_LANGUAGE.
 *
 * Returns: (transfer full): a language tag
 */
char *
reframe_spell_dup_default_language (void)
{
  const char *const *names = g_get_language_names_with_category ("LC_MESSAGES");

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *tag = g_strdup (names[i]);
      char            *cut = strpbrk (tag, ".@");
      char            *found;

      if (cut != NULL)
        *cut = '\0';
      if (g_str_equal (tag, "C") || g_str_equal (tag, "POSIX") || tag[0] == '\0')
        continue;
      found = dup_installed_variant (tag);
      if (found != NULL)
        return found;
    }
  return g_strdup (REFRAME_SPELL_FALLBACK_LANGUAGE);
}

/**
 * reframe_spell_dup_language_name:
 * @language: a language tag such as "de_DE"
 *
 * A name for @language to show in a menu, such as "German (DE)"; the tag itself for a
 * language this list does not know.
 *
 * Returns: (transfer full): the name
 */
char *
reframe_spell_dup_language_name (const char *language)
{
  static const struct
  {
    const char *code;
    const char *name;
  } names[] = {
    { "ca", N_ ("Catalan") },
    { "cs", N_ ("Czech") },
    { "da", N_ ("Danish") },
    { "de", N_ ("German") },
    { "el", N_ ("Greek") },
    { "en", N_ ("English") },
    { "es", N_ ("Spanish") },
    { "fi", N_ ("Finnish") },
    { "fr", N_ ("French") },
    { "it", N_ ("Italian") },
    { "nb", N_ ("Norwegian Bokmål") },
    { "nl", N_ ("Dutch") },
    { "pl", N_ ("Polish") },
    { "pt", N_ ("Portuguese") },
    { "ru", N_ ("Russian") },
    { "sv", N_ ("Swedish") },
    { "tr", N_ ("Turkish") },
    { "uk", N_ ("Ukrainian") },
  };
  g_auto (GStrv) parts = NULL;

  g_return_val_if_fail (language != NULL, NULL);

  parts = g_strsplit_set (language, "_-", 2);
  for (guint i = 0; parts[0] != NULL && i < G_N_ELEMENTS (names); i++)
    {
      if (!g_str_equal (parts[0], names[i].code))
        continue;
      if (parts[1] == NULL)
        return g_strdup (_ (names[i].name));
      /* TRANSLATORS: a spelling dictionary's language and its country code, such as
       * "German (DE)" or "Spanish (MX)". */
      return g_strdup_printf (_ ("%s (%s)"), _ (names[i].name), parts[1]);
    }
  return g_strdup (language);
}

/* Adding a word for good and ignoring it for the session differ only in enchant's call;
 * both leave nothing to do without a dictionary and make checkers look again. */
typedef void (*AcceptWordFunc) (EnchantDict *dict,
                                const char  *word,
                                ssize_t      length);

static void
accept_word (ReframeSpellDictionary *self,
             const char             *word,
             gssize                  length,
             AcceptWordFunc          accept)
{
  if (self->dict == NULL)
    return;
  accept (self->dict, word, length);
  g_signal_emit (self, signals[SIGNAL_WORDS_CHANGED], 0);
}

static void
reframe_spell_dictionary_finalize (GObject *object)
{
  ReframeSpellDictionary *self = REFRAME_SPELL_DICTIONARY (object);

  if (self->dict != NULL)
    {
      g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&broker_lock);
      enchant_broker_free_dict (get_broker (), self->dict);
    }
  g_free (self->language);

  G_OBJECT_CLASS (reframe_spell_dictionary_parent_class)->finalize (object);
}

static void
reframe_spell_dictionary_class_init (ReframeSpellDictionaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = reframe_spell_dictionary_finalize;

  /**
   * ReframeSpellDictionary::words-changed:
   * @self: the dictionary
   *
   * A word was added to the personal dictionary or ignored: text checked before may
   * now be correct.
   */
  signals[SIGNAL_WORDS_CHANGED] = g_signal_new ("words-changed",
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
reframe_spell_dictionary_init (ReframeSpellDictionary *self)
{
}

/**
 * reframe_spell_dictionary_new:
 * @language: a language tag such as "en_US"
 *
 * Loads the dictionary of @language. When none is installed, the dictionary still
 * works but knows every word (reframe_spell_dictionary_is_available() says so).
 *
 * Returns: (transfer full): the dictionary
 */
ReframeSpellDictionary *
reframe_spell_dictionary_new (const char *language)
{
  ReframeSpellDictionary *self;

  g_return_val_if_fail (language != NULL, NULL);

  self = g_object_new (REFRAME_TYPE_SPELL_DICTIONARY, NULL);
  self->language = g_strdup (language);
  self->dict = request_dict (language);
  return self;
}

static void
load_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  g_task_return_pointer (task, request_dict (data), NULL);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ReframeSpellDictionary *self = REFRAME_SPELL_DICTIONARY (source);

  self->dict = g_task_propagate_pointer (G_TASK (result), NULL);
  self->loading = FALSE;
  g_signal_emit (self, signals[SIGNAL_WORDS_CHANGED], 0);
}

/**
 * reframe_spell_dictionary_get_shared:
 * @language: a language tag
 *
 * The one dictionary of @language that every field shares, so a word added in one
 * field is known in all of them. On first use it loads on a worker thread and knows
 * every word until it is ready (reframe_spell_dictionary_is_loading()); then it emits
 * "words-changed".
 *
 * Returns: (transfer full): the dictionary
 */
ReframeSpellDictionary *
reframe_spell_dictionary_get_shared (const char *language)
{
  ReframeSpellDictionary *self;

  g_return_val_if_fail (language != NULL, NULL);

  if (shared_dictionaries == NULL)
    shared_dictionaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self = g_hash_table_lookup (shared_dictionaries, language);
  if (self == NULL)
    {
      g_autoptr (GTask) task = NULL;

      self = g_object_new (REFRAME_TYPE_SPELL_DICTIONARY, NULL);
      self->language = g_strdup (language);
      self->loading = TRUE;
      g_hash_table_insert (shared_dictionaries, g_strdup (language), self);
      task = g_task_new (self, NULL, loaded_cb, NULL);
      g_task_set_source_tag (task, reframe_spell_dictionary_get_shared);
      g_task_set_task_data (task, g_strdup (language), g_free);
      g_task_run_in_thread (task, load_in_thread);
    }
  return g_object_ref (self);
}

const char *
reframe_spell_dictionary_get_language (ReframeSpellDictionary *self)
{
  g_return_val_if_fail (REFRAME_IS_SPELL_DICTIONARY (self), NULL);

  return self->language;
}

/**
 * reframe_spell_dictionary_is_loading:
 * @self: a dictionary
 *
 * Returns: whether the dictionary is still being loaded (and knows every word meanwhile)
 */
gboolean
reframe_spell_dictionary_is_loading (ReframeSpellDictionary *self)
{
  g_return_val_if_fail (REFRAME_IS_SPELL_DICTIONARY (self), FALSE);

  return self->loading;
}

/**
 * reframe_spell_dictionary_is_available:
 * @self: a dictionary
 *
 * Returns: whether a dictionary of this language is installed and loaded
 */
gboolean
reframe_spell_dictionary_is_available (ReframeSpellDictionary *self)
{
  g_return_val_if_fail (REFRAME_IS_SPELL_DICTIONARY (self), FALSE);

  return self->dict != NULL;
}

/**
 * reframe_spell_dictionary_check_word:
 * @self: a dictionary
 * @word: a word in UTF-8
 * @length: its length in bytes, or -1
 *
 * Returns: %TRUE when @word is spelled correctly, or when there is no dictionary
 */
gboolean
reframe_spell_dictionary_check_word (ReframeSpellDictionary *self,
                                     const char             *word,
                                     gssize                  length)
{
  g_return_val_if_fail (REFRAME_IS_SPELL_DICTIONARY (self), TRUE);
  g_return_val_if_fail (word != NULL, TRUE);

  if (self->dict == NULL)
    return TRUE;
  /* enchant answers < 0 for an error (a word too long for hunspell): not underlined. */
  return enchant_dict_check (self->dict, word, length) <= 0;
}

/**
 * reframe_spell_dictionary_suggest:
 * @self: a dictionary
 * @word: a misspelled word in UTF-8
 * @length: its length in bytes, or -1
 * @max_suggestions: how many at most
 *
 * Returns: (transfer full): the best corrections first, perhaps none
 */
char **
reframe_spell_dictionary_suggest (ReframeSpellDictionary *self,
                                  const char             *word,
                                  gssize                  length,
                                  guint                   max_suggestions)
{
  g_autoptr (GPtrArray) result = g_ptr_array_new_with_free_func (g_free);
  char **found = NULL;
  size_t n_found = 0;

  g_return_val_if_fail (REFRAME_IS_SPELL_DICTIONARY (self), NULL);
  g_return_val_if_fail (word != NULL, NULL);

  if (self->dict != NULL)
    found = enchant_dict_suggest (self->dict, word, length, &n_found);
  for (size_t i = 0; i < n_found && result->len < max_suggestions; i++)
    g_ptr_array_add (result, g_strdup (found[i]));
  if (found != NULL)
    enchant_dict_free_string_list (self->dict, found);
  g_ptr_array_add (result, NULL);
  return (char **) g_ptr_array_steal (result, NULL);
}

/**
 * reframe_spell_dictionary_add_word:
 * @self: a dictionary
 * @word: a word in UTF-8
 * @length: its length in bytes, or -1
 *
 * Adds @word to the person's own dictionary of this language, kept between sessions.
 */
void
reframe_spell_dictionary_add_word (ReframeSpellDictionary *self,
                                   const char             *word,
                                   gssize                  length)
{
  g_return_if_fail (REFRAME_IS_SPELL_DICTIONARY (self));
  g_return_if_fail (word != NULL);

  accept_word (self, word, length, enchant_dict_add);
}

/**
 * reframe_spell_dictionary_ignore_word:
 * @self: a dictionary
 * @word: a word in UTF-8
 * @length: its length in bytes, or -1
 *
 * Takes @word as correct until the program ends.
 */
void
reframe_spell_dictionary_ignore_word (ReframeSpellDictionary *self,
                                      const char             *word,
                                      gssize                  length)
{
  g_return_if_fail (REFRAME_IS_SPELL_DICTIONARY (self));
  g_return_if_fail (word != NULL);

  accept_word (self, word, length, enchant_dict_add_to_session);
}
