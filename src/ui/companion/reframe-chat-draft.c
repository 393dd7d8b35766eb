/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-draft.c: from the companion pane's conversation to a suggested worksheet draft in
 * its window.
 *
 * The model is asked once for the worksheet's fields (structured output); what fits the
 * template opens in the worksheet window, each field marked as suggested, for the person
 * to keep or discard. A draft with crisis language opens nothing: the crisis lines show,
 * as for any reply. */

#define G_LOG_DOMAIN "ReframeChatDraft"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-chat-draft.h"
#include "reframe-worksheet-draft.h"
#include "reframe-worksheet-editor.h"

typedef struct
{
  GtkWidget    *pane;
  ReframeStore *store;
  ReframeTemplate *template;
  ReframeCrisisCheck *check;
} DraftData;

static void
draft_data_free (DraftData *data)
{
  g_object_unref (data->pane);
  g_object_unref (data->store);
  g_object_unref (data->template);
  g_object_unref (data->check);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DraftData, draft_data_free)

static void
show_toast (GtkWidget  *pane,
            const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (pane, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

/* Returns: (transfer full) (nullable): what was left out, said in a sentence. */
static char *
dup_note (ReframeTemplate *template,
          GPtrArray    *left_out,
          const GError *error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();
  g_auto (GStrv) names = NULL;
  g_autofree char *list = NULL;

  if (error != NULL)
    return g_strdup (error->message);
  if (left_out == NULL || left_out->len == 0)
    return NULL;
  for (guint i = 0; i < left_out->len; i++)
    {
      const char                 *id = g_ptr_array_index (left_out, i);
      const ReframeTemplateField *field = reframe_template_lookup_field (template, id);

      const char *name = field != NULL ? reframe_template_field_get_label (field) : id;

      /* Two fields may share a label ("How much do you believe it?"): named once. */
      if (!g_ptr_array_find_with_equal_func (seen, name, g_str_equal, NULL))
        {
          g_ptr_array_add (seen, (gpointer) name);
          g_strv_builder_add (builder, name);
        }
    }
  names = g_strv_builder_end (builder);
  list = g_strjoinv (", ", names);
  /* TRANSLATORS: %s lists the fields, such as "The hot thought, How much do you believe it?". */
  return g_strdup_printf (
      _ ("Left out, because the companion’s answer did not fit the worksheet: %s"), list);
}

static void
draft_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (DraftData) data = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) left_out = NULL;
  g_autoptr (JsonObject) answers = reframe_worksheet_draft_request_finish (
      REFRAME_HTTP_PROVIDER (object), result, &left_out, &error);
  g_autofree char *note = NULL;
  GtkRoot         *root;
  GtkWidget       *editor;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The service failed: nothing to draft from, and the pane says why. */
  if (answers == NULL)
    {
      show_toast (data->pane, error->message);
      return;
    }
  if (reframe_worksheet_draft_check_crisis (data->check, answers))
    {
      gtk_widget_activate_action (data->pane, "app.crisis-lines", NULL);
      return;
    }
  note = dup_note (data->template, left_out, error);
  root = gtk_widget_get_root (data->pane);
  editor = reframe_worksheet_editor_new_suggested (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, data->store, data->template, answers, note);
  gtk_window_present (GTK_WINDOW (editor));
}

/**
 * _reframe_chat_draft_start:
 * @pane: the companion pane, for its window and toasts
 * @store: the open journal
 * @template: the worksheet to draft
 * @provider: the model service
 * @model: the model
 * @system_prompt: the companion's system prompt with the safety rules
 * @messages: the conversation, of #ReframeChatMessage
 * @context_tokens: the model's context; 0 for the default
 * @check: the crisis check the draft goes through
 * @cancellable: (nullable): cancels the request
 *
 * Asks for a draft; the worksheet window opens when it comes.
 */
void
_reframe_chat_draft_start (GtkWidget    *pane,
                           ReframeStore *store,
                           ReframeTemplate *template,
                           ReframeHttpProvider *provider,
                           const char          *model,
                           const char          *system_prompt,
                           GListModel          *messages,
                           guint                context_tokens,
                           ReframeCrisisCheck  *check,
                           GCancellable        *cancellable)
{
  g_autoptr (ReframeChatRequest) request = reframe_worksheet_draft_build_request (
      template, model, system_prompt, messages, context_tokens);
  DraftData *data = g_new0 (DraftData, 1);

  data->pane = g_object_ref (pane);
  data->store = g_object_ref (store);
  data->template = g_object_ref (template);
  data->check = g_object_ref (check);
  /* TRANSLATORS: %s is the worksheet's title. */
  {
    g_autofree char *text = g_strdup_printf (_ ("Asking the companion to draft “%s”…"),
                                             reframe_template_get_title (template));

    show_toast (pane, text);
  }
  reframe_worksheet_draft_request_async (
      provider, template, request, cancellable, draft_done_cb, data);
}
