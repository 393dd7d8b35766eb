/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-system-prompt.c: the companion's instructions and the note added after a crisis match.
 *
 * The prompt lives in data/assistant/system-prompt.md (ai-safety.md R6), compiled into the
 * core resource. Its first lines are HTML comments holding the version; they are not sent.
 * The instructions are for the model and stay in English, which models follow best; rule
 * "answer in the person's language" covers the reply.
 */

#define G_LOG_DOMAIN "ReframeSystemPrompt"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "reframe-assistant-private.h"
#include "reframe-core-resources.h"
#include "reframe-system-prompt.h"

#define VERSION_MARK "reframe-system-prompt version:"

/* The core resource is registered by hand on first use: the library is static, and a
 * constructor in an object file that nothing names would be dropped by the linker. */
static gpointer
register_resources_cb (gpointer data)
{
  reframe_core_register_resource ();
  return NULL;
}

/**
 * _reframe_core_lookup_resource:
 * @name: a file of src/core/reframe-core.gresource.xml ("crisis/lines.json")
 * @error: return location for an error
 *
 * Returns: (transfer full): the file's bytes, or %NULL if it is not there
 */
GBytes *
_reframe_core_lookup_resource (const char *name,
                               GError    **error)
{
  static GOnce     once = G_ONCE_INIT;
  g_autofree char *path = g_strconcat (REFRAME_CORE_RESOURCE_PATH, name, NULL);

  g_once (&once, register_resources_cb, NULL);
  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

static GBytes *
get_prompt_file (void)
{
  static GBytes *file = NULL;

  if (g_once_init_enter (&file))
    {
      g_autoptr (GError) error = NULL;
      GBytes *bytes = _reframe_core_lookup_resource ("assistant/system-prompt.md", &error);

      /* The file is compiled in; only a broken build can lose it. */
      if (bytes == NULL)
        g_error ("The companion’s instructions are missing from the build: %s", error->message);
      g_once_init_leave (&file, bytes);
    }
  return file;
}

/**
 * reframe_system_prompt_dup_default:
 *
 * Returns: (transfer full): Reframe's own instructions for the companion
 */
char *
reframe_system_prompt_dup_default (void)
{
  gsize       size = 0;
  const char *text = g_bytes_get_data (get_prompt_file (), &size);
  const char *end = text + size;

  /* Skip the comment lines at the top. */
  while (text < end && g_str_has_prefix (text, "<!--"))
    {
      const char *eol = memchr (text, '\n', end - text);

      text = eol != NULL ? eol + 1 : end;
    }
  return g_strstrip (g_strndup (text, end - text));
}

/**
 * reframe_system_prompt_get_version:
 *
 * Returns: the version of the default instructions, from the first line of the file
 */
guint
reframe_system_prompt_get_version (void)
{
  const char *text = g_bytes_get_data (get_prompt_file (), NULL);
  const char *mark = strstr (text, VERSION_MARK);

  return mark != NULL ? (guint) strtoul (mark + strlen (VERSION_MARK), NULL, 10) : 0;
}

/**
 * reframe_system_prompt_get_crisis_note:
 *
 * The note added to the system message of the next model turn after the local crisis
 * check matched (ai-safety.md R2): support and resources, no exercise in that turn.
 *
 * Returns: the note
 */
const char *
reframe_system_prompt_get_crisis_note (void)
{
  return "Important for this reply: the person's last message may mean they are in crisis "
         "(thoughts of suicide or self-harm, abuse, an eating disorder, an overdose or danger). "
         "Reframe has already shown them crisis lines and emergency numbers. In this reply, do "
         "not continue any exercise, worksheet or CBT technique. Answer briefly and warmly, say "
         "that you are glad they said it, and urge them to contact a crisis line or emergency "
         "services now, or a person they trust. Never give any information about methods or "
         "means of harm.";
}

/**
 * reframe_system_prompt_dup_with_crisis_note:
 * @prompt: (nullable): the system prompt in use; %NULL or empty for the default
 *
 * The note goes into the one system message rather than a second one, because some
 * OpenAI-compatible servers refuse a system message after the first.
 *
 * Returns: (transfer full): @prompt followed by the crisis note
 */
char *
reframe_system_prompt_dup_with_crisis_note (const char *prompt)
{
  g_autofree char *fallback = NULL;

  if (prompt == NULL || *prompt == '\0')
    prompt = fallback = reframe_system_prompt_dup_default ();
  return g_strconcat (prompt, "\n\n", reframe_system_prompt_get_crisis_note (), NULL);
}
