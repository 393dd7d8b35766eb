/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-page.c: the journal: search, filters, the list of days and entries. */

#define G_LOG_DOMAIN "ReframeJournalPage"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-journal-page-private.h"
#include "reframe-journal-query.h"
#include "reframe-journal-row.h"
#include "reframe-tag.h"

/* How long a search may take before the list gives way to a spinner. */
#define LOADING_DELAY_MS 300

G_DEFINE_FINAL_TYPE (ReframeJournalPage, reframe_journal_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_REPOSITORY,
  PROP_SEARCH_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Tags */

static GHashTable *
load_tag_table (ReframeJournalPage *self,
                ReframeTagKind      kind)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tags = NULL;
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  tags = reframe_mood_repository_list_tags (self->repository, kind, &error);
  if (tags == NULL)
    {
      g_warning ("Could not list tags: %s", error->message);
      return table;
    }

  for (guint i = 0; i < tags->len; i++)
    {
      ReframeTag *tag = g_ptr_array_index (tags, i);

      g_hash_table_replace (table, (gpointer) reframe_tag_get_name (tag), g_object_ref (tag));
    }

  return table;
}

static gint
compare_tags_by_label (gconstpointer a,
                       gconstpointer b)
{
  ReframeTag *tag_a = *(ReframeTag **) a;
  ReframeTag *tag_b = *(ReframeTag **) b;

  return g_utf8_collate (reframe_tag_get_label (tag_a), reframe_tag_get_label (tag_b));
}

static void
append_tag_choices (GHashTable    *table,
                    GtkStringList *labels,
                    GPtrArray     *names)
{
  g_autoptr (GPtrArray) tags = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer       value;

  if (table == NULL)
    return;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (tags, value);

  g_ptr_array_sort (tags, compare_tags_by_label);
  for (guint i = 0; i < tags->len; i++)
    {
      ReframeTag *tag = g_ptr_array_index (tags, i);

      gtk_string_list_append (labels, reframe_tag_get_label (tag));
      g_ptr_array_add (names, g_strdup (reframe_tag_get_name (tag)));
    }
}

static void
rebuild_tag_filter (ReframeJournalPage *self)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *selected_name = NULL;
  guint            selected = gtk_drop_down_get_selected (self->tag_filter);
  guint            new_selected = 0;

  if (self->tag_names != NULL && selected > 0 && selected < self->tag_names->len)
    selected_name = g_strdup (g_ptr_array_index (self->tag_names, selected));

  g_clear_pointer (&self->tag_names, g_ptr_array_unref);
  self->tag_names = g_ptr_array_new_with_free_func (g_free);

  gtk_string_list_append (labels, _ ("Any tag"));
  g_ptr_array_add (self->tag_names, NULL);
  append_tag_choices (self->activities, labels, self->tag_names);
  append_tag_choices (self->feelings, labels, self->tag_names);

  for (guint i = 1; selected_name != NULL && i < self->tag_names->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->tag_names, i), selected_name) == 0)
        new_selected = i;
    }

  self->resetting_filters = TRUE;
  gtk_drop_down_set_model (self->tag_filter, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->tag_filter, new_selected);
  self->resetting_filters = FALSE;
}

static void
load_tags (ReframeJournalPage *self)
{
  g_clear_pointer (&self->feelings, g_hash_table_unref);
  g_clear_pointer (&self->activities, g_hash_table_unref);

  if (self->repository == NULL)
    return;

  self->feelings = load_tag_table (self, REFRAME_TAG_FEELING);
  self->activities = load_tag_table (self, REFRAME_TAG_ACTIVITY);
  if (self->filters_ready)
    rebuild_tag_filter (self);
}

/* State */

static gboolean
loading_timeout_cb (gpointer user_data)
{
  ReframeJournalPage *self = user_data;

  self->loading_timeout_id = 0;
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  return G_SOURCE_REMOVE;
}

static gboolean
has_query (ReframeJournalPage *self)
{
  const ReframeJournalQuery *query = reframe_journal_model_get_query (self->model);

  return query != NULL && !reframe_journal_query_is_empty (query);
}

/* Rows the list may build: see reframe-list-window.c. */

static void
reset_rows (ReframeJournalPage *self)
{
  reframe_list_window_reset (self->rows);
}

static void
show_state (ReframeJournalPage *self,
            const char         *name)
{
  g_clear_handle_id (&self->loading_timeout_id, g_source_remove);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, name);
}

static void
update_state (ReframeJournalPage *self)
{
  const GError *error;

  if (self->model == NULL)
    {
      show_state (self, "empty");
      return;
    }

  /* A failed full load, or a failed search. */
  error =
      self->load_error != NULL ? self->load_error : reframe_journal_model_get_error (self->model);
  if (error != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_status, markup);
      show_state (self, "error");
      return;
    }

  if (reframe_journal_model_get_loading (self->model))
    {
      if (self->loading_timeout_id == 0)
        self->loading_timeout_id = g_timeout_add (LOADING_DELAY_MS, loading_timeout_cb, self);
      return;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    show_state (self, "list");
  else if (has_query (self))
    show_state (self, "no-results");
  else
    show_state (self, "empty");
}

static void
model_items_changed_cb (ReframeJournalPage *self,
                        guint               position,
                        guint               removed,
                        guint               added)
{
  update_state (self);
}

static void
model_notify_cb (ReframeJournalPage *self,
                 GParamSpec         *pspec)
{
  update_state (self);
}

static void
repository_entry_changed_cb (ReframeJournalPage *self,
                             const char         *uuid,
                             const char         *old_day,
                             const char         *new_day)
{
  /* An empty uuid means the tags changed. */
  if (uuid == NULL || *uuid == '\0')
    load_tags (self);
}

/* Search and filters */

static ReframeJournalQuery *
build_query (ReframeJournalPage *self)
{
  g_autofree char *text =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  guint       mood = gtk_drop_down_get_selected (self->mood_filter);
  guint       tag = gtk_drop_down_get_selected (self->tag_filter);
  const char *tag_name = NULL;

  if (mood > REFRAME_MOOD_MAX)
    mood = REFRAME_MOOD_NONE;
  if (self->tag_names != NULL && tag < self->tag_names->len)
    tag_name = g_ptr_array_index (self->tag_names, tag);

  return reframe_journal_query_new (*text != '\0' ? text : NULL, mood, tag_name);
}

static void
update_query (ReframeJournalPage *self)
{
  g_autoptr (ReframeJournalQuery) query = NULL;
  const ReframeJournalQuery *current;

  if (self->model == NULL || self->resetting_filters)
    return;

  query = build_query (self);
  current = reframe_journal_model_get_query (self->model);
  if (current != NULL && reframe_journal_query_equal (current, query))
    return;
  if (current == NULL && reframe_journal_query_is_empty (query))
    return;

  reset_rows (self);
  reframe_journal_model_set_query (self->model, query);
  update_state (self);
}

static void
search_entry_search_changed_cb (ReframeJournalPage *self)
{
  update_query (self);
}

static void
filter_changed_cb (ReframeJournalPage *self)
{
  update_query (self);
}

static void ensure_filters (ReframeJournalPage *self);

static void
search_bar_search_mode_changed_cb (ReframeJournalPage *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    ensure_filters (self);
  /* Filters live in the search bar: once it is hidden, nothing may stay
   * filtered out of sight. */
  else
    {
      self->resetting_filters = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->mood_filter, 0);
      gtk_drop_down_set_selected (self->tag_filter, 0);
      self->resetting_filters = FALSE;
      update_query (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

/* Editor */

/* Puts the keyboard back on the entry the editor showed, as a person expects after
 * closing it; the list may have been rebuilt by the save, so the row is looked up
 * again. A new entry that was never written leaves the focus where GTK puts it. */
static void
focus_entry_row (ReframeJournalPage *self,
                 const char         *uuid)
{
  guint position;

  if (uuid == NULL || self->model == NULL)
    return;
  position = reframe_journal_model_find_entry (self->model, uuid);
  if (position != G_MAXUINT)
    _reframe_journal_page_show_position (self, position, TRUE);
}

/* Unmapped as it closes, while it still holds its entry. */
static void
editor_unmapped_cb (ReframeJournalPage *self,
                    GtkWidget          *editor)
{
  ReframeMoodEntry *entry;

  if ((GtkWidget *) self->editor != editor)
    return;
  entry = reframe_entry_editor_get_entry (self->editor);
  if (entry != NULL && reframe_mood_entry_get_mood (entry) != REFRAME_MOOD_NONE)
    focus_entry_row (self, reframe_mood_entry_get_uuid (entry));
}

static void
editor_destroyed_cb (ReframeJournalPage *self,
                     GtkWidget          *editor)
{
  if ((GtkWidget *) self->editor == editor)
    self->editor = NULL;
}

static void
editor_delete_requested_cb (ReframeJournalPage *self,
                            ReframeMoodEntry   *entry)
{
  reframe_journal_page_delete_entry (self, entry);
}

static void
open_editor (ReframeJournalPage *self,
             ReframeMoodEntry   *entry)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_return_if_fail (self->repository != NULL);

  if (self->editor != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->editor));
      return;
    }

  self->editor = reframe_entry_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           self->repository,
                                           entry);
  g_signal_connect_object (
      self->editor, "destroy", G_CALLBACK (editor_destroyed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (
      self->editor, "unmap", G_CALLBACK (editor_unmapped_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor,
                           "delete-requested",
                           G_CALLBACK (editor_delete_requested_cb),
                           self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->editor));
}

/* Loads the whole journal; a failure is kept and shown in place of the list. */
static void
load_all (ReframeJournalPage *self)
{
  g_clear_error (&self->load_error);
  if (!reframe_journal_model_reload (self->model, &self->load_error))
    g_debug ("Loading the journal failed: %s", self->load_error->message);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ReframeJournalPage *self = REFRAME_JOURNAL_PAGE (widget);
  g_autoptr (ReframeJournalQuery) query = NULL;

  if (self->model == NULL)
    return;

  /* Load everything again, then the search or filters on top, if any. */
  if (reframe_journal_model_get_query (self->model) != NULL)
    query = reframe_journal_query_copy (reframe_journal_model_get_query (self->model));
  load_all (self);
  if (query != NULL)
    reframe_journal_model_set_query (self->model, query);

  update_state (self);
}

/* List */

static void
list_view_activated_cb (ReframeJournalPage *self,
                        guint               position)
{
  g_autoptr (ReframeMoodEntry) entry =
      _reframe_journal_page_dup_entry_at (self, reframe_list_window_get_position (self->rows, position));

  if (entry != NULL)
    reframe_journal_page_edit_entry (self, entry);
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  ReframeJournalPage       *self)
{
  gtk_list_item_set_child (list_item, reframe_journal_row_new ());
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 ReframeJournalPage       *self)
{
  ReframeJournalRow *row = REFRAME_JOURNAL_ROW (gtk_list_item_get_child (list_item));
  GObject           *item = gtk_list_item_get_item (list_item);
  gboolean           is_entry = REFRAME_IS_MOOD_ENTRY (item);

  /* Nothing is ever selected (the model is a GtkNoSelection), but GTK 4.8
   * only gives the keyboard focus to selectable rows. Day headers take it too:
   * Tab into the list lands on its first row, a header, and a list whose first
   * row cannot take the focus is skipped by Tab altogether. Only entries open. */
  gtk_list_item_set_activatable (list_item, is_entry);
  gtk_list_item_set_selectable (list_item, TRUE);
  reframe_journal_row_set_tags (row, self->feelings, self->activities);
  reframe_journal_row_set_item (row, item);
  /* The row widget GTK wraps ours in is what takes the focus and what a screen
   * reader announces: it reads our row's summary. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (row))),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  row,
                                  NULL,
                                  -1);
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   ReframeJournalPage       *self)
{
  reframe_journal_row_set_item (REFRAME_JOURNAL_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
setup_list (ReframeJournalPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  const struct
  {
    guint           key;
    GdkModifierType mods;
    const char     *action;
  } keys[] = {
    { GDK_KEY_Delete, 0, "journal.delete-focused" },
    { GDK_KEY_KP_Delete, 0, "journal.delete-focused" },
    { GDK_KEY_Menu, 0, "journal.row-menu" },
    { GDK_KEY_F10, GDK_SHIFT_MASK, "journal.row-menu" },
  };

  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  /* Only on the list, so that Delete in the search entry edits text. */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (
        GTK_SHORTCUT_CONTROLLER (shortcuts),
        gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].mods),
                          gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);

  self->rows = reframe_list_window_new (self->list_view);
}

static gboolean
close_search_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  ReframeJournalPage *self = user_data;

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  return TRUE;
}

static void
setup_filters (ReframeJournalPage *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  /* Escape closes the search from the filters too, not only from the entry. */
  gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                        gtk_callback_action_new (close_search_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->search_bar), keys);
}

static void
ensure_filters (ReframeJournalPage *self)
{
  g_autoptr (GtkStringList) moods = gtk_string_list_new (NULL);

  if (self->filters_ready)
    return;
  self->filters_ready = TRUE;
  gtk_string_list_append (moods, _ ("Any mood"));
  for (ReframeMood mood = REFRAME_MOOD_MIN; mood <= REFRAME_MOOD_MAX; mood++)
    gtk_string_list_append (moods, reframe_mood_get_label (mood));

  self->resetting_filters = TRUE;
  gtk_drop_down_set_model (self->mood_filter, G_LIST_MODEL (moods));
  gtk_drop_down_set_selected (self->mood_filter, 0);
  self->resetting_filters = FALSE;
  rebuild_tag_filter (self);
}

static void
connect_model (ReframeJournalPage *self)
{
  self->model = reframe_journal_model_new (self->repository);
  g_signal_connect_object (
      self->model, "items-changed", G_CALLBACK (model_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (
      self->model, "notify::loading", G_CALLBACK (model_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (
      self->model, "notify::n-entries", G_CALLBACK (model_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->repository,
                           "entry-changed",
                           G_CALLBACK (repository_entry_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  load_all (self);

  reframe_list_window_set_model (self->rows, G_LIST_MODEL (self->model));
}

static void
disconnect_model (ReframeJournalPage *self)
{
  if (self->repository != NULL)
    g_signal_handlers_disconnect_by_data (self->repository, self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->rows != NULL)
    reframe_list_window_set_model (self->rows, NULL);
  g_clear_object (&self->model);
}

/* GObject */

static void
reframe_journal_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ReframeJournalPage *self = REFRAME_JOURNAL_PAGE (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      g_value_set_object (value, self->repository);
      break;

    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, reframe_journal_page_get_search_mode (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_journal_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ReframeJournalPage *self = REFRAME_JOURNAL_PAGE (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      reframe_journal_page_set_repository (self, g_value_get_object (value));
      break;

    case PROP_SEARCH_MODE:
      reframe_journal_page_set_search_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_journal_page_dispose (GObject *object)
{
  ReframeJournalPage *self = REFRAME_JOURNAL_PAGE (object);

  /* An editor still open saves what it holds as it goes. */
  if (self->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->editor));

  g_clear_handle_id (&self->loading_timeout_id, g_source_remove);
  disconnect_model (self);
  g_clear_object (&self->rows);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_JOURNAL_PAGE);

  g_clear_object (&self->repository);
  g_clear_pointer (&self->feelings, g_hash_table_unref);
  g_clear_pointer (&self->activities, g_hash_table_unref);
  g_clear_pointer (&self->tag_names, g_ptr_array_unref);
  g_clear_pointer (&self->deleted, g_hash_table_unref);
  g_clear_error (&self->load_error);
  g_clear_object (&self->align_item);

  G_OBJECT_CLASS (reframe_journal_page_parent_class)->dispose (object);
}

static void
reframe_journal_page_class_init (ReframeJournalPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_journal_page_dispose;
  object_class->get_property = reframe_journal_page_get_property;
  object_class->set_property = reframe_journal_page_set_property;

  /**
   * ReframeJournalPage:repository: (nullable)
   *
   * The mood entries to show.
   */
  properties[PROP_REPOSITORY] =
      g_param_spec_object ("repository",
                           NULL,
                           NULL,
                           REFRAME_TYPE_MOOD_REPOSITORY,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * ReframeJournalPage:search-mode:
   *
   * Whether the search bar (with the filters) is shown.
   */
  properties[PROP_SEARCH_MODE] =
      g_param_spec_boolean ("search-mode",
                            NULL,
                            NULL,
                            FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (REFRAME_TYPE_JOURNAL_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-journal-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalPage, mood_filter);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalPage, tag_filter);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, ReframeJournalPage, error_status);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_bar_search_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_view_activated_cb);

  gtk_widget_class_install_action (widget_class, "journal.reload", NULL, reload_action);
  _reframe_journal_page_class_install_entry_actions (widget_class);
}

static void
reframe_journal_page_init (ReframeJournalPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  setup_filters (self);
  setup_list (self);
  update_state (self);
}

/* Scrolling a day to the top */

static void
frame_painted_cb (ReframeJournalPage *self,
                  GdkFrameClock      *clock)
{
  g_autoptr (GObject) item = g_steal_pointer (&self->align_item);
  GtkWidget      *row = item != NULL ? _reframe_journal_page_find_row (self, item) : NULL;
  GtkAdjustment  *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  graphene_rect_t bounds;

  g_signal_handlers_disconnect_by_func (clock, frame_painted_cb, self);

  if (row != NULL && gtk_widget_compute_bounds (row, GTK_WIDGET (self->list_view), &bounds))
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + bounds.origin.y);
}

/* The day's header, or the nearest older one, or for a day before the journal
 * began, its first (oldest) day. */
static guint
find_day_or_oldest (ReframeJournalPage *self,
                    const char         *day)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autoptr (ReframeMoodEntry) oldest = NULL;
  g_autofree char *oldest_day = NULL;
  guint            position = reframe_journal_model_find_day (self->model, day);

  if (position != G_MAXUINT || n_items == 0)
    return position;

  oldest = _reframe_journal_page_dup_entry_at (self, n_items - 1);
  if (oldest == NULL)
    return G_MAXUINT;

  oldest_day = reframe_mood_entry_dup_day (oldest);
  return reframe_journal_model_find_day (self->model, oldest_day);
}

/* GTK 4.8 scrolls as little as it can, which leaves a day that was below the
 * view at its bottom edge. Once the list is laid out, the day's header is
 * moved to the top, where a jump to a date is expected to land. */
static void
align_at_top (ReframeJournalPage *self,
              guint               position)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->list_view));

  if (clock == NULL)
    return;

  if (self->align_item == NULL)
    g_signal_connect_object (
        clock, "after-paint", G_CALLBACK (frame_painted_cb), self, G_CONNECT_SWAPPED);
  g_clear_object (&self->align_item);
  self->align_item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  gtk_widget_queue_allocate (GTK_WIDGET (self->list_view));
}

/* Public API */

/**
 * reframe_journal_page_get_repository:
 * @self: the page
 *
 * Returns: (transfer none) (nullable): the repository shown
 */
ReframeMoodRepository *
reframe_journal_page_get_repository (ReframeJournalPage *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_PAGE (self), NULL);

  return self->repository;
}

/**
 * reframe_journal_page_set_repository:
 * @self: the page
 * @repository: (nullable): the mood entries to show
 *
 * Loads the journal from @repository and shows it.
 */
void
reframe_journal_page_set_repository (ReframeJournalPage    *self,
                                     ReframeMoodRepository *repository)
{
  g_return_if_fail (REFRAME_IS_JOURNAL_PAGE (self));
  g_return_if_fail (repository == NULL || REFRAME_IS_MOOD_REPOSITORY (repository));

  if (self->repository == repository)
    return;

  disconnect_model (self);
  g_set_object (&self->repository, repository);

  load_tags (self);
  if (self->repository != NULL)
    connect_model (self);
  update_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPOSITORY]);
}

/**
 * reframe_journal_page_get_model:
 * @self: the page
 *
 * Returns: (transfer none) (nullable): the journal model the list shows
 */
ReframeJournalModel *
reframe_journal_page_get_model (ReframeJournalPage *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_PAGE (self), NULL);

  return self->model;
}

gboolean
reframe_journal_page_get_search_mode (ReframeJournalPage *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_PAGE (self), FALSE);

  return gtk_search_bar_get_search_mode (self->search_bar);
}

void
reframe_journal_page_set_search_mode (ReframeJournalPage *self,
                                      gboolean            search_mode)
{
  g_return_if_fail (REFRAME_IS_JOURNAL_PAGE (self));

  /* The search bar notifies, and so do we, from its handler. */
  gtk_search_bar_set_search_mode (self->search_bar, search_mode);
}

/**
 * reframe_journal_page_set_key_capture_widget:
 * @self: the page
 * @widget: (nullable): where typing starts a search, usually the window
 */
void
reframe_journal_page_set_key_capture_widget (ReframeJournalPage *self,
                                             GtkWidget          *widget)
{
  g_return_if_fail (REFRAME_IS_JOURNAL_PAGE (self));

  gtk_search_bar_set_key_capture_widget (self->search_bar, widget);
}

/**
 * reframe_journal_page_focus_search:
 * @self: the page
 *
 * Opens the search bar and puts the keyboard in its entry.
 */
void
reframe_journal_page_focus_search (ReframeJournalPage *self)
{
  g_return_if_fail (REFRAME_IS_JOURNAL_PAGE (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * reframe_journal_page_jump_to_day:
 * @self: the page
 * @day: a day as "YYYY-MM-DD"
 * @focus: whether to move the keyboard focus there too
 *
 * Scrolls the list so that @day (or the nearest older day with entries, or
 * the journal's first day when @day is older still) is at the top, and with
 * @focus puts the keyboard on that day's first entry.
 *
 * Returns: %TRUE if the list shows any day to go to
 */
gboolean
reframe_journal_page_jump_to_day (ReframeJournalPage *self,
                                  const char         *day,
                                  gboolean            focus)
{
  guint position;

  g_return_val_if_fail (REFRAME_IS_JOURNAL_PAGE (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  if (self->model == NULL)
    return FALSE;

  position = find_day_or_oldest (self, day);
  if (position == G_MAXUINT)
    return FALSE;

  _reframe_journal_page_show_position (self, position, FALSE);
  align_at_top (self, position);

  /* The focus goes to the day's first entry, as only entries take it. */
  if (focus)
    _reframe_journal_page_show_position (self, position + 1, TRUE);

  return TRUE;
}

/**
 * reframe_journal_page_new_entry:
 * @self: the page
 *
 * Opens the editor on a new entry, written to the journal once it has a mood.
 */
void
reframe_journal_page_new_entry (ReframeJournalPage *self)
{
  g_return_if_fail (REFRAME_IS_JOURNAL_PAGE (self));

  open_editor (self, NULL);
}

/**
 * reframe_journal_page_edit_entry:
 * @self: the page
 * @entry: the entry to change
 *
 * Opens the editor on a copy of @entry.
 */
void
reframe_journal_page_edit_entry (ReframeJournalPage *self,
                                 ReframeMoodEntry   *entry)
{
  g_return_if_fail (REFRAME_IS_JOURNAL_PAGE (self));
  g_return_if_fail (REFRAME_IS_MOOD_ENTRY (entry));

  open_editor (self, entry);
}

/**
 * reframe_journal_page_close_editor:
 * @self: the page
 *
 * Closes an open editor, which saves on the way.
 *
 * Returns: %TRUE if no editor is left open (it may stay open to ask the user
 *   about changes it could not save)
 */
gboolean
reframe_journal_page_close_editor (ReframeJournalPage *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_PAGE (self), TRUE);

  if (self->editor != NULL)
    gtk_window_close (GTK_WINDOW (self->editor));

  return self->editor == NULL;
}

/* Private API, for the tests */

const char *
_reframe_journal_page_get_state (ReframeJournalPage *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkEditable *
_reframe_journal_page_get_search_entry (ReframeJournalPage *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkListView *
_reframe_journal_page_get_list_view (ReframeJournalPage *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_PAGE (self), NULL);

  return self->list_view;
}

ReframeEntryEditor *
_reframe_journal_page_get_editor (ReframeJournalPage *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_PAGE (self), NULL);

  return self->editor;
}
