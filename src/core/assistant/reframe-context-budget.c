/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-context-budget.c: what of a conversation fits in the model's context.
 *
 * A model reads a fixed number of tokens; a conversation that grows past it is refused
 * (llama.cpp) or, worse, silently cut from the front (Ollama), where the system prompt
 * with the safety rules is. The budget decides what is sent: the fixed messages (the
 * system prompt and the attachments the person chose) always, then the newest turns,
 * as many as fit beside room kept for the reply. Messages are never cut in half.
 *
 * Tokens are estimated, not counted (the model's tokenizer is on the service), and the
 * estimate leans high: each script at its own rate, summed, so mixed text is counted
 * at the heavier rate of each part. Latin text runs about 3.5 characters a token, CJK
 * about one, other alphabets about two, and emoji often take two tokens each. */

#define G_LOG_DOMAIN "ReframeContextBudget"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "reframe-context-budget.h"

/* The room kept for the reply: a quarter of the context, at most this many tokens. */
#define MAX_REPLY_TOKENS 1024

struct _ReframeContextBudget
{
  GObject parent_instance;

  guint context_tokens;
  guint reply_tokens;
};

G_DEFINE_FINAL_TYPE (ReframeContextBudget, reframe_context_budget, G_TYPE_OBJECT)

static gboolean
is_cjk (gunichar c)
{
  return (c >= 0x2E80 && c <= 0x9FFF) || /* radicals, kana, CJK symbols, unified ideographs */
         (c >= 0xAC00 && c <= 0xD7AF) || /* Hangul syllables */
         (c >= 0xF900 && c <= 0xFAFF) || /* compatibility ideographs */
         (c >= 0xFF00 && c <= 0xFFEF) || /* full-width forms */
         (c >= 0x20000 && c <= 0x3FFFF); /* ideographs of the supplementary planes */
}

static gboolean
is_latin (gunichar c)
{
  return c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2000 && c <= 0x206F);
}

static void
reframe_context_budget_class_init (ReframeContextBudgetClass *klass)
{
}

static void
reframe_context_budget_init (ReframeContextBudget *self)
{
}

/**
 * reframe_context_budget_new:
 * @context_tokens: the model's context, in tokens; 0 for the default
 *
 * Returns: (transfer full): a budget for that context
 */
ReframeContextBudget *
reframe_context_budget_new (guint context_tokens)
{
  ReframeContextBudget *self = g_object_new (REFRAME_TYPE_CONTEXT_BUDGET, NULL);

  if (context_tokens == 0)
    context_tokens = REFRAME_CONTEXT_BUDGET_DEFAULT_TOKENS;
  self->context_tokens = MAX (context_tokens, REFRAME_CONTEXT_BUDGET_MIN_TOKENS);
  self->reply_tokens = MIN (self->context_tokens / 4, MAX_REPLY_TOKENS);
  return self;
}

guint
reframe_context_budget_get_context_tokens (ReframeContextBudget *self)
{
  g_return_val_if_fail (REFRAME_IS_CONTEXT_BUDGET (self), 0);

  return self->context_tokens;
}

/* Returns: the tokens kept free for the model's reply. */
guint
reframe_context_budget_get_reply_tokens (ReframeContextBudget *self)
{
  g_return_val_if_fail (REFRAME_IS_CONTEXT_BUDGET (self), 0);

  return self->reply_tokens;
}

/**
 * reframe_context_budget_estimate_tokens:
 * @text: (nullable): UTF-8 text
 *
 * Returns: a generous estimate of the tokens @text takes
 */
guint
reframe_context_budget_estimate_tokens (const char *text)
{
  guint64     latin = 0, cjk = 0, other = 0, wide = 0;
  const char *p = text;

  if (text == NULL)
    return 0;
  while (*p != '\0')
    {
      gunichar c;

      /* Most text is ASCII: counted without decoding. */
      if ((guchar) *p < 0x80)
        {
          latin++;
          p++;
          continue;
        }
      c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          other += 2; /* not UTF-8: a byte costs what a rare character does */
          p++;
          continue;
        }
      if (is_latin (c))
        latin++;
      else if (is_cjk (c))
        cjk++;
      else if (c >= 0x10000)
        wide++;
      else
        other++;
      p = g_utf8_next_char (p);
    }
  /* 3.5 characters a token is 2 tokens for 7; rounded up, as every part is. */
  return (guint) MIN ((latin * 2 + 6) / 7 + cjk + (other + 1) / 2 + wide * 2, G_MAXUINT / 2);
}

/* Returns: the estimate for @text sent as one message, with its overhead. */
guint
reframe_context_budget_estimate_message (const char *text)
{
  return reframe_context_budget_estimate_tokens (text) + REFRAME_CONTEXT_BUDGET_MESSAGE_OVERHEAD;
}

/**
 * reframe_context_budget_fit:
 * @self: a budget
 * @fixed_tokens: the estimate of the messages always sent (system prompt, attachments)
 * @n_turns: the turns of the conversation, oldest first
 * @turn_func: reads the text of a turn; %NULL for one that is never sent (skipped,
 *   neither counted nor a reason to stop)
 * @user_data: data for @turn_func
 * @max_turns: the most turns to send, 0 for no limit besides the context
 * @out: (out caller-allocates): what to send
 *
 * Walks back from the newest turn while the turns fit beside @fixed_tokens and the room
 * for the reply. The newest turn is always sent, even when it does not fit. Only the
 * turns sent are read, so the cost follows what fits, not how long the conversation is.
 * Turns from @out->first_kept on that @turn_func gives text for are sent.
 */
void
reframe_context_budget_fit (ReframeContextBudget  *self,
                            guint                  fixed_tokens,
                            guint                  n_turns,
                            ReframeContextTurnFunc turn_func,
                            gpointer               user_data,
                            guint                  max_turns,
                            ReframeContextFit     *out)
{
  guint64 limit, used = fixed_tokens;
  guint   n = 0, i = n_turns;

  g_return_if_fail (REFRAME_IS_CONTEXT_BUDGET (self));
  g_return_if_fail (turn_func != NULL || n_turns == 0);
  g_return_if_fail (out != NULL);

  limit = self->context_tokens - self->reply_tokens;
  while (i > 0 && (max_turns == 0 || n < max_turns))
    {
      const char *text = turn_func (i - 1, user_data);
      guint       tokens;

      if (text == NULL)
        {
          i--;
          continue;
        }
      tokens = reframe_context_budget_estimate_message (text);
      if (n > 0 && used + tokens > limit)
        break;
      used += tokens;
      n++;
      i--;
    }
  out->first_kept = i;
  out->n_kept = n;
  out->tokens = (guint) MIN (used, G_MAXUINT);
  out->fits = used <= limit;
}

static JsonObject *
parse_object (JsonParser *parser,
              GBytes     *body)
{
  gsize       len;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  JsonNode   *root;

  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

/* Returns: the member as a positive count, or 0. */
static guint
get_count (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  gint64    value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  value = json_node_get_int (node);
  return value > 0 && value <= G_MAXINT ? (guint) value : 0;
}

/* Returns: the num_ctx of Ollama's "parameters" text ("num_ctx 8192\nstop …"), or 0. */
static guint
parse_num_ctx (const char *parameters)
{
  g_auto (GStrv) lines = g_strsplit (parameters, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", 2);
      guint64 value;

      if (words[0] != NULL && g_str_equal (words[0], "num_ctx") && words[1] != NULL &&
          g_ascii_string_to_unsigned (g_strstrip (words[1]), 10, 1, G_MAXINT, &value, NULL))
        return (guint) value;
    }
  return 0;
}

/**
 * reframe_context_budget_parse_ollama_show:
 * @body: (nullable): the answer of Ollama's POST /api/show
 *
 * The context Reframe asks Ollama for: the model's own num_ctx parameter when it has
 * one, otherwise its trained context length ("<family>.context_length" in model_info),
 * at most %REFRAME_CONTEXT_BUDGET_OLLAMA_MAX_TOKENS.
 *
 * Returns: the context in tokens, or 0 when the answer does not say
 */
guint
reframe_context_budget_parse_ollama_show (GBytes *body)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root = parse_object (parser, body);
  JsonNode   *parameters = root != NULL ? json_object_get_member (root, "parameters") : NULL;
  JsonNode   *info = root != NULL ? json_object_get_member (root, "model_info") : NULL;
  guint       num_ctx = 0, trained = 0;

  if (parameters != NULL && JSON_NODE_HOLDS_VALUE (parameters) &&
      json_node_get_value_type (parameters) == G_TYPE_STRING)
    num_ctx = parse_num_ctx (json_node_get_string (parameters));
  if (num_ctx > 0)
    return num_ctx;
  if (info != NULL && JSON_NODE_HOLDS_OBJECT (info))
    {
      JsonObject *object = json_node_get_object (info);
      const char *family =
          json_object_get_string_member_with_default (object, "general.architecture", NULL);
      g_autofree char *member =
          family != NULL ? g_strconcat (family, ".context_length", NULL) : NULL;
      g_autoptr (GList) members = NULL;

      if (member != NULL)
        trained = get_count (object, member);
      /* Without the architecture, any "….context_length" will do. */
      members = trained == 0 ? json_object_get_members (object) : NULL;
      for (GList *l = members; l != NULL && trained == 0; l = l->next)
        if (g_str_has_suffix (l->data, ".context_length"))
          trained = get_count (object, l->data);
    }
  return MIN (trained, REFRAME_CONTEXT_BUDGET_OLLAMA_MAX_TOKENS);
}

/**
 * reframe_context_budget_parse_llama_props:
 * @body: (nullable): the answer of llama.cpp's GET /props
 *
 * Returns: default_generation_settings.n_ctx, or a top-level n_ctx, or 0
 */
guint
reframe_context_budget_parse_llama_props (GBytes *body)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root = parse_object (parser, body);
  JsonNode   *settings =
      root != NULL ? json_object_get_member (root, "default_generation_settings") : NULL;
  guint n_ctx = 0;

  if (settings != NULL && JSON_NODE_HOLDS_OBJECT (settings))
    n_ctx = get_count (json_node_get_object (settings), "n_ctx");
  if (n_ctx == 0)
    n_ctx = get_count (root, "n_ctx");
  return n_ctx;
}
