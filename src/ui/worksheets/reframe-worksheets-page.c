/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheets-page.c: exercises to start, and the worksheets filled in.
 *
 * The gallery lists the templates of the registry (built-in and imported); the list is
 * the worksheet repository's paged model, newest first, filtered by template or
 * replaced by search results from a worker thread. Opening a worksheet uses the
 * template version it was made with, so old answers keep their form. */

#define G_LOG_DOMAIN "ReframeWorksheetsPage"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-list-window.h"
#include "reframe-worksheet-editor.h"
#include "reframe-worksheet-repository.h"
#include "reframe-worksheet-row.h"
#include "reframe-worksheets-page.h"

struct _ReframeWorksheetsPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkFlowBox     *gallery;
  GtkSearchEntry *search_entry;
  GtkDropDown    *filter_dropdown;
  GtkStack       *list_stack;
  GtkListView    *list;
  AdwStatusPage  *empty_page;

  /* Owned */
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  GListModel              *model;
  ReframeListWindow       *rows;       /* a screenful of the list at first: there may be thousands */
  GPtrArray               *filter_ids; /* template id per dropdown position; NULL first = all */
  GCancellable            *search_cancellable;
};

G_DEFINE_FINAL_TYPE (ReframeWorksheetsPage, reframe_worksheets_page, ADW_TYPE_BIN)

static void
show_error (ReframeWorksheetsPage *self,
            const char            *heading,
            const char            *body)
{
  GtkWidget *dialog =
      adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The list */

static const char *
filter_template_id (ReframeWorksheetsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (self->filter_ids == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected >= self->filter_ids->len)
    return NULL;
  return g_ptr_array_index (self->filter_ids, selected);
}

static void
set_model (ReframeWorksheetsPage *self,
           GListModel            *model,
           const char            *empty_title,
           const char            *empty_description)
{
  g_set_object (&self->model, model);
  reframe_list_window_set_model (self->rows, model);
  adw_status_page_set_title (self->empty_page, empty_title);
  adw_status_page_set_description (self->empty_page, empty_description);
  gtk_stack_set_visible_child_name (
      self->list_stack, model != NULL && g_list_model_get_n_items (model) > 0 ? "list" : "empty");
}

static void
model_items_changed_cb (ReframeWorksheetsPage *self)
{
  gtk_stack_set_visible_child_name (
      self->list_stack,
      self->model != NULL && g_list_model_get_n_items (self->model) > 0 ? "list" : "empty");
}

/**
 * reframe_worksheets_page_reload:
 * @self: the page
 *
 * Reads the list again (after an editor saved, or the filter changed).
 */
void
reframe_worksheets_page_reload (ReframeWorksheetsPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) model = NULL;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_return_if_fail (REFRAME_IS_WORKSHEETS_PAGE (self));

  if (self->store == NULL)
    return;
  if (*search != '\0')
    {
      g_signal_emit_by_name (self->search_entry, "search-changed");
      return;
    }

  model = reframe_worksheet_repository_list (
      reframe_store_get_worksheets (self->store), filter_template_id (self), &error);
  if (model == NULL)
    {
      set_model (self, NULL, _ ("The Worksheets Can’t Be Read"), error->message);
      return;
    }
  g_signal_connect_object (
      model, "items-changed", G_CALLBACK (model_items_changed_cb), self, G_CONNECT_SWAPPED);
  set_model (self,
             model,
             _ ("Nothing Here Yet"),
             _ ("Pick an exercise above. A draft is kept exactly as you leave it, so you can stop "
                "half-way."));
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (ReframeWorksheetsPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) found = reframe_worksheet_repository_search_finish (
      REFRAME_WORKSHEET_REPOSITORY (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (found == NULL)
    {
      set_model (self, NULL, _ ("Search Failed"), error->message);
      return;
    }
  set_model (self, found, _ ("No Matching Worksheets"), _ ("Try other words, or show every kind."));
}

static void
search_changed_cb (ReframeWorksheetsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (self->store == NULL)
    return;
  if (*text == '\0')
    {
      reframe_worksheets_page_reload (self);
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  reframe_worksheet_repository_search_async (reframe_store_get_worksheets (self->store),
                                             text,
                                             filter_template_id (self),
                                             self->search_cancellable,
                                             search_done_cb,
                                             g_object_ref (self));
}

static void
filter_changed_cb (ReframeWorksheetsPage *self)
{
  reframe_worksheets_page_reload (self);
}

/* Rows */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, reframe_worksheet_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             ReframeWorksheetsPage    *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  reframe_worksheet_row_set_registry (REFRAME_WORKSHEET_ROW (row), self->registry);
  reframe_worksheet_row_set_item (REFRAME_WORKSHEET_ROW (row), gtk_list_item_get_item (item));
  /* The row widget GTK wraps ours in is what takes the focus and what a screen reader
   * announces: it reads our row's name (as the journal's rows do). */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  row,
                                  NULL,
                                  -1);
}

/* A handler of close-request answers whether to keep the window open: returning nothing
 * left whatever was in the return register, and the window stayed. */
static gboolean
editor_close_request_cb (ReframeWorksheetsPage *self)
{
  reframe_worksheets_page_reload (self);
  return GDK_EVENT_PROPAGATE;
}

static GtkWidget *
present_editor (ReframeWorksheetsPage *self,
                ReframeTemplate *template,
                ReframeWorksheet *worksheet)
{
  GtkWidget *editor = reframe_worksheet_editor_new (
      GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->store, template, worksheet);

  g_signal_connect_object (editor,
                           "close-request",
                           G_CALLBACK (editor_close_request_cb),
                           self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

/**
 * reframe_worksheets_page_open:
 * @self: the page
 * @worksheet: a saved worksheet
 *
 * Returns: (transfer none) (nullable): the editor opened on @worksheet, or %NULL when its
 *   template is not installed (the person is told; the answers stay as they are)
 */
GtkWidget *
reframe_worksheets_page_open (ReframeWorksheetsPage *self,
                              ReframeWorksheet      *worksheet)
{
  ReframeTemplate *template;

  g_return_val_if_fail (REFRAME_IS_WORKSHEETS_PAGE (self), NULL);

  template = reframe_template_registry_lookup (self->registry,
                                               reframe_worksheet_get_template_id (worksheet),
                                               reframe_worksheet_get_template_version (worksheet));
  if (template == NULL)
    {
      g_autofree char *body =
          g_strdup_printf (_ ("This worksheet was made with the template “%s”, version %u, which "
                              "is not installed. Its answers are kept; import the template to "
                              "open it again."),
                           reframe_worksheet_get_template_id (worksheet),
                           reframe_worksheet_get_template_version (worksheet));
      show_error (self, _ ("Template Missing"), body);
      return NULL;
    }
  return present_editor (self, template, worksheet);
}

static void
row_activated_cb (ReframeWorksheetsPage *self,
                  guint                  position)
{
  g_autoptr (ReframeWorksheet) worksheet =
      self->model != NULL
          ? g_list_model_get_item (self->model, reframe_list_window_get_position (self->rows, position))
          : NULL;

  if (worksheet != NULL)
    reframe_worksheets_page_open (self, worksheet);
}

/**
 * reframe_worksheets_page_start:
 * @self: the page
 * @template_id: the template to fill in (its newest version)
 * @assignment_uuid: (nullable): the homework this counts toward
 *
 * Returns: (transfer none) (nullable): the editor of the new draft
 */
GtkWidget *
reframe_worksheets_page_start (ReframeWorksheetsPage *self,
                               const char            *template_id,
                               const char            *assignment_uuid)
{
  ReframeTemplate *template;
  g_autoptr (ReframeWorksheet) worksheet = NULL;

  g_return_val_if_fail (REFRAME_IS_WORKSHEETS_PAGE (self), NULL);

  template = reframe_template_registry_lookup (self->registry, template_id, 0);
  if (template == NULL)
    {
      show_error (self, _ ("Template Missing"), _ ("This exercise is not installed any more."));
      return NULL;
    }

  worksheet = reframe_worksheet_new (template_id, reframe_template_get_version (template));
  reframe_worksheet_set_assignment_uuid (worksheet, assignment_uuid);
  return present_editor (self, template, worksheet);
}

/**
 * reframe_worksheets_page_open_safety_plan:
 * @self: the page
 *
 * Opens the person's safety plan: the one they wrote last, or a new one.
 *
 * Returns: (transfer none) (nullable): the editor
 */
GtkWidget *
reframe_worksheets_page_open_safety_plan (ReframeWorksheetsPage *self)
{
  g_autoptr (GListModel) plans = NULL;
  g_autoptr (ReframeWorksheet) latest = NULL;

  g_return_val_if_fail (REFRAME_IS_WORKSHEETS_PAGE (self), NULL);

  if (self->store != NULL)
    plans = reframe_worksheet_repository_list (
        reframe_store_get_worksheets (self->store), REFRAME_SAFETY_PLAN_TEMPLATE, NULL);
  if (plans != NULL && g_list_model_get_n_items (plans) > 0)
    latest = g_list_model_get_item (plans, 0);
  if (latest != NULL)
    return reframe_worksheets_page_open (self, latest);
  return reframe_worksheets_page_start (self, REFRAME_SAFETY_PLAN_TEMPLATE, NULL);
}

/* Gallery */

static void
card_clicked_cb (GtkButton             *button,
                 ReframeWorksheetsPage *self)
{
  reframe_worksheets_page_start (self, g_object_get_data (G_OBJECT (button), "template-id"), NULL);
}

static GtkWidget *
gallery_card (ReframeWorksheetsPage *self,
              ReframeTemplate *template)
{
  GtkWidget  *button = gtk_button_new ();
  GtkWidget  *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget  *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  const char *icon_name = reframe_template_get_icon_name (template);
  GtkWidget  *icon =
      gtk_image_new_from_icon_name (icon_name != NULL ? icon_name : "document-edit-symbolic");
  GtkWidget *title = gtk_label_new (reframe_template_get_title (template));
  GtkWidget *description = gtk_label_new (reframe_template_get_description (template));

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 16);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "template-card-icon");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_lines (GTK_LABEL (description), 3);
  gtk_label_set_ellipsize (GTK_LABEL (description), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (description), 20);
  gtk_label_set_max_width_chars (GTK_LABEL (description), 28);
  gtk_widget_set_valign (description, GTK_ALIGN_START);
  gtk_widget_set_vexpand (description, TRUE);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_add_css_class (description, "caption");
  gtk_box_append (GTK_BOX (heading), icon);
  gtk_box_append (GTK_BOX (heading), title);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), description);

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "template-card");
  gtk_widget_set_tooltip_text (button, reframe_template_get_description (template));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reframe_template_get_title (template),
                                  -1);
  g_object_set_data_full (
      G_OBJECT (button), "template-id", g_strdup (reframe_template_get_id (template)), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (card_clicked_cb), self);
  return button;
}

/* The card is the control: Tab goes from card to card, and the flow box's own cell takes
 * no focus of its own. */
static void
add_card (ReframeWorksheetsPage *self,
          GtkWidget             *card)
{
  gtk_flow_box_append (self->gallery, card);
  gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
}

static void
fill_gallery (ReframeWorksheetsPage *self)
{
  GListModel *templates = reframe_template_registry_get_templates (self->registry);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->gallery))) != NULL)
    gtk_flow_box_remove (self->gallery, child);
  g_clear_pointer (&self->filter_ids, g_ptr_array_unref);
  self->filter_ids = g_ptr_array_new_with_free_func (g_free);

  gtk_string_list_append (names, _ ("All Kinds"));
  g_ptr_array_add (self->filter_ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (templates); i++)
    {
      g_autoptr (ReframeTemplate) template = g_list_model_get_item (templates, i);

      add_card (self, gallery_card (self, template));
      gtk_string_list_append (names, reframe_template_get_title (template));
      g_ptr_array_add (self->filter_ids, g_strdup (reframe_template_get_id (template)));
    }
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (names));
}

/* Import */

static void
import_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  ReframeWorksheetsPage *self = REFRAME_WORKSHEETS_PAGE (user_data);
  GFile                 *file = g_object_get_data (G_OBJECT (dialog), "file");
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;
  if (reframe_template_registry_import (self->registry, file, &error) == NULL)
    {
      show_error (self, _ ("Template Not Added"), error->message);
      return;
    }
  fill_gallery (self);
}

/* A therapist's template is shown before it is added: its name, what it is, its steps. */
static void
preview_import (ReframeWorksheetsPage *self,
                GFile                 *file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeTemplate) template = reframe_template_new_from_file (file, &error);
  g_autoptr (GString) body = NULL;
  GPtrArray *steps;
  GtkWidget *dialog;

  if (template == NULL)
    {
      show_error (self, _ ("This File Is Not a Template Reframe Can Use"), error->message);
      return;
    }

  steps = reframe_template_get_steps (template);
  body = g_string_new (reframe_template_get_description (template));
  g_string_append (body, "\n");
  for (guint i = 0; i < steps->len; i++)
    g_string_append_printf (
        body, "\n%u. %s", i + 1, reframe_template_step_get_title (g_ptr_array_index (steps, i)));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   reframe_template_get_title (template),
                                   body->str);
  adw_message_dialog_add_responses (
      ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "add", _ ("_Add Template"), NULL);
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_chosen_cb (GtkNativeDialog       *chooser,
                  int                    response,
                  ReframeWorksheetsPage *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    preview_import (self, file);
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ReframeWorksheetsPage *self = REFRAME_WORKSHEETS_PAGE (widget);
  GtkFileChooserNative  *chooser =
      gtk_file_chooser_native_new (_ ("Import Template"),
                                   GTK_WINDOW (gtk_widget_get_root (widget)),
                                   GTK_FILE_CHOOSER_ACTION_OPEN,
                                   _ ("_Import"),
                                   NULL);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _ ("Reframe templates (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (import_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
reframe_worksheets_page_dispose (GObject *object)
{
  ReframeWorksheetsPage *self = REFRAME_WORKSHEETS_PAGE (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->rows);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_WORKSHEETS_PAGE);
  g_clear_object (&self->model);
  g_clear_pointer (&self->filter_ids, g_ptr_array_unref);
  g_clear_object (&self->registry);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_worksheets_page_parent_class)->dispose (object);
}

static void
reframe_worksheets_page_class_init (ReframeWorksheetsPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_worksheets_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-worksheets-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetsPage, gallery);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetsPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetsPage, list);
  gtk_widget_class_bind_template_child (widget_class, ReframeWorksheetsPage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "worksheets.import", NULL, import_action);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "worksheets.import", NULL);
}

static void
reframe_worksheets_page_init (ReframeWorksheetsPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);
  self->rows = reframe_list_window_new (self->list);
}

/**
 * reframe_worksheets_page_set_store:
 * @self: the page
 * @store: the open journal
 * @registry: the templates
 */
void
reframe_worksheets_page_set_store (ReframeWorksheetsPage   *self,
                                   ReframeStore            *store,
                                   ReframeTemplateRegistry *registry)
{
  g_return_if_fail (REFRAME_IS_WORKSHEETS_PAGE (self));

  g_set_object (&self->store, store);
  g_set_object (&self->registry, registry);
  fill_gallery (self);
  reframe_worksheets_page_reload (self);
}

guint
reframe_worksheets_page_get_n_rows (ReframeWorksheetsPage *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEETS_PAGE (self), 0);

  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}
