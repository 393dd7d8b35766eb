/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-context-budget.h: what of a conversation fits in the model's context. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The context assumed when neither the service nor the settings say: Ollama's default. */
#define REFRAME_CONTEXT_BUDGET_DEFAULT_TOKENS 4096

/* The smallest context a budget accepts; a smaller setting is taken as this. */
#define REFRAME_CONTEXT_BUDGET_MIN_TOKENS 512

/* Tokens counted for each message besides its text (role markers and separators). */
#define REFRAME_CONTEXT_BUDGET_MESSAGE_OVERHEAD 8

/* The most Reframe asks Ollama for when the model allows more and no num_ctx is set:
 * the memory a context needs grows with it, and a laptop runs the model. */
#define REFRAME_CONTEXT_BUDGET_OLLAMA_MAX_TOKENS 16384

#define REFRAME_TYPE_CONTEXT_BUDGET (reframe_context_budget_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeContextBudget, reframe_context_budget, REFRAME, CONTEXT_BUDGET, GObject)

/**
 * ReframeContextFit:
 * @first_kept: the index of the oldest turn to send; turns before it are left out
 * @n_kept: how many turns are sent (the newest ones)
 * @tokens: the estimated tokens of what is sent, reply room not included
 * @fits: whether it is within the context; %FALSE when even the fixed messages and the
 *   newest turn are over it (they are sent anyway, and the service says so)
 */
typedef struct
{
  guint    first_kept;
  guint    n_kept;
  guint    tokens;
  gboolean fits;
} ReframeContextFit;

/* Reads the text of turn @index (0 is the oldest) for reframe_context_budget_fit();
 * %NULL for a turn that is not sent at all. */
typedef const char *(*ReframeContextTurnFunc) (guint    index,
                                               gpointer user_data);

ReframeContextBudget *reframe_context_budget_new (guint context_tokens);
guint                 reframe_context_budget_get_context_tokens (ReframeContextBudget *self);
guint                 reframe_context_budget_get_reply_tokens (ReframeContextBudget *self);
guint                 reframe_context_budget_estimate_tokens (const char *text);
guint                 reframe_context_budget_estimate_message (const char *text);
void                  reframe_context_budget_fit (ReframeContextBudget  *self,
                                                  guint                  fixed_tokens,
                                                  guint                  n_turns,
                                                  ReframeContextTurnFunc turn_func,
                                                  gpointer               user_data,
                                                  guint                  max_turns,
                                                  ReframeContextFit     *out);
guint                 reframe_context_budget_parse_ollama_show (GBytes *body);
guint                 reframe_context_budget_parse_llama_props (GBytes *body);

G_END_DECLS
