/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-unlock-view.c: what the main window shows while the journal is locked.
 *
 * Nothing of the journal is here: a passphrase field, a message, and the way to the
 * recovery key. Unlocking runs on a worker thread (the key takes half a second to
 * derive), so the window stays alive meanwhile. After the third wrong passphrase in a
 * row each further try waits, 2 s doubling up to 30 s, said in words; the wait is
 * kept for the whole process, so closing the window does not skip it. When unlocking
 * with the login keyring is on, it is tried first, once.
 */

#define G_LOG_DOMAIN "ReframeUnlockView"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reframe-journal-crypt.h"
#include "reframe-key-envelope.h"
#include "reframe-recovery-unlock-dialog.h"
#include "reframe-unlock-view.h"

/* Wrong passphrases allowed before each try waits, and the longest wait. */
#define FREE_TRIES        3
#define FIRST_WAIT_SECS   2
#define LONGEST_WAIT_SECS 30

struct _ReframeUnlockView
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwPasswordEntryRow *passphrase_row;
  GtkLabel            *message_label;
  GtkStack            *action_stack;
  GtkButton           *unlock_button;
  GtkSpinner          *spinner;
  GtkLabel            *busy_label;
  GtkButton           *recovery_button;

  /* Owned */
  char         *data_dir;
  GCancellable *cancellable;
  guint         wait_id;

  ReframeUnlockMethod method;
  gboolean            busy;
  gboolean            tried_login;
};

G_DEFINE_FINAL_TYPE (ReframeUnlockView, reframe_unlock_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DATA_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* For the whole process: wrong passphrases in a row, and until when the next try waits
 * (monotonic time, µs). */
static guint  wrong_in_a_row;
static gint64 wait_until;

static void
set_message (ReframeUnlockView *self,
             const char        *message,
             gboolean           is_error)
{
  gboolean shown = message != NULL && *message != '\0';

  gtk_label_set_label (self->message_label, shown ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), shown);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  /* Read with the field, where the keyboard is. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->passphrase_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  shown ? message : "",
                                  -1);
}

static gboolean
is_waiting (ReframeUnlockView *self)
{
  return self->wait_id != 0;
}

static gboolean
passphrase_has_focus (ReframeUnlockView *self)
{
  GtkRoot   *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == GTK_WIDGET (self->passphrase_row) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->passphrase_row)));
}

/* While unlocking, the field only stops taking keys: the keyboard stays in it. While
 * waiting, it is insensitive, and the keyboard moves to the recovery key first (a
 * focused text made insensitive loses its focus-out in GTK 4.8). */
static void
update_sensitivity (ReframeUnlockView *self)
{
  gboolean    can_type = !self->busy && !is_waiting (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  if (is_waiting (self) && passphrase_has_focus (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->recovery_button));
  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_row), !is_waiting (self));
  gtk_editable_set_editable (GTK_EDITABLE (self->passphrase_row), can_type);
  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), can_type && *text != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->recovery_button), !self->busy);
}

static void
set_busy (ReframeUnlockView *self,
          gboolean           busy,
          const char        *what)
{
  self->busy = busy;
  gtk_stack_set_visible_child_name (self->action_stack, busy ? "busy" : "button");
  gtk_spinner_set_spinning (self->spinner, busy);
  if (what != NULL)
    gtk_label_set_label (self->busy_label, what);
  update_sensitivity (self);
}

static void
focus_passphrase (ReframeUnlockView *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->passphrase_row)) || self->busy)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
  /* What was typed is replaced by the next try. */
  gtk_editable_select_region (GTK_EDITABLE (self->passphrase_row), 0, -1);
}

/* The wait after wrong passphrases */

static guint
seconds_left (void)
{
  gint64 left = wait_until - g_get_monotonic_time ();

  return left > 0 ? (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

static void
show_wait (ReframeUnlockView *self,
           guint              seconds)
{
  g_autofree char *message = NULL;

  /* Translators: said after several wrong passphrases; the field waits this long */
  message = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "That passphrase did not open your journal. You can try again in %u second.",
                   "That passphrase did not open your journal. You can try again in %u seconds.",
                   seconds),
      seconds);
  set_message (self, message, TRUE);
}

static gboolean
wait_tick_cb (gpointer user_data)
{
  ReframeUnlockView *self = user_data;
  guint              left = seconds_left ();

  if (left > 0)
    {
      show_wait (self, left);
      return G_SOURCE_CONTINUE;
    }
  self->wait_id = 0;
  set_message (self, _ ("That passphrase did not open your journal. You can try again now."), TRUE);
  update_sensitivity (self);
  focus_passphrase (self);
  return G_SOURCE_REMOVE;
}

static void
start_wait (ReframeUnlockView *self)
{
  if (seconds_left () == 0 || is_waiting (self))
    return;
  show_wait (self, seconds_left ());
  /* Not g_timeout_add_seconds (): its ticks may come up to a second late. */
  self->wait_id = g_timeout_add (1000, wait_tick_cb, self);
  update_sensitivity (self);
}

static void
note_wrong_passphrase (ReframeUnlockView *self)
{
  guint wait;

  wrong_in_a_row++;
  if (wrong_in_a_row < FREE_TRIES)
    {
      set_message (self,
                   _ ("That passphrase did not open your journal. Check that Caps Lock is off, and "
                      "try again."),
                   TRUE);
      return;
    }
  wait = FIRST_WAIT_SECS << MIN (wrong_in_a_row - FREE_TRIES, 5);
  wait_until = g_get_monotonic_time () + (gint64) MIN (wait, LONGEST_WAIT_SECS) * G_USEC_PER_SEC;
  start_wait (self);
}

/* Unlocking */

static void
report_failure (ReframeUnlockView *self,
                const GError      *error)
{
  g_autofree char *message = NULL;

  if (self->method == REFRAME_UNLOCK_LOGIN)
    {
      if (g_error_matches (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_NO_LOGIN_KEY))
        set_message (self,
                     _ ("Your login keyring does not hold the key to this journal any more. Enter "
                        "your passphrase."),
                     FALSE);
      else
        {
          /* Translators: %s says why the login keyring did not open the journal */
          message = g_strdup_printf (
              _ ("Your login did not open the journal (%s). Enter your passphrase."),
              error->message);
          set_message (self, message, FALSE);
        }
      return;
    }
  if (g_error_matches (error, REFRAME_KEY_ERROR, REFRAME_KEY_ERROR_WRONG_PASSPHRASE))
    {
      note_wrong_passphrase (self);
      return;
    }
  /* Translators: %s says why the journal could not be opened */
  message = g_strdup_printf (_ ("The journal could not be opened: %s"), error->message);
  set_message (self, message, TRUE);
}

static void
unlocked_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (ReframeUnlockView) self = user_data;
  g_autoptr (GError) error = NULL;

  if (reframe_journal_unlock_finish (result, &error))
    {
      wrong_in_a_row = 0;
      wait_until = 0;
      set_busy (self, FALSE, NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
      g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0, (int) self->method);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE, NULL);
  report_failure (self, error);
  focus_passphrase (self);
}

static void
start_unlock (ReframeUnlockView  *self,
              ReframeUnlockMethod method,
              const char         *secret,
              const char         *what)
{
  self->method = method;
  set_busy (self, TRUE, what);
  reframe_journal_unlock_async (
      self->data_dir, method, secret, self->cancellable, unlocked_cb, g_object_ref (self));
}

static void
unlock_requested_cb (ReframeUnlockView *self)
{
  g_autofree char *passphrase = NULL;

  if (self->busy || is_waiting (self) || self->data_dir == NULL)
    return;
  passphrase = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
  if (*passphrase == '\0')
    return;
  set_message (self, NULL, FALSE);
  start_unlock (self, REFRAME_UNLOCK_PASSPHRASE, passphrase, _ ("Opening your journal…"));
  explicit_bzero (passphrase, strlen (passphrase));
}

static void
passphrase_changed_cb (ReframeUnlockView *self)
{
  update_sensitivity (self);
}

static void
try_login (ReframeUnlockView *self)
{
  if (self->tried_login || self->busy || self->data_dir == NULL ||
      !reframe_journal_has_login_unlock (self->data_dir))
    return;
  self->tried_login = TRUE;
  start_unlock (self, REFRAME_UNLOCK_LOGIN, NULL, _ ("Opening your journal with your login…"));
}

/* Recovery key */

static void
recovery_unlocked_cb (ReframeUnlockView *self)
{
  wrong_in_a_row = 0;
  wait_until = 0;
  g_clear_handle_id (&self->wait_id, g_source_remove);
  g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0, (int) REFRAME_UNLOCK_RECOVERY_KEY);
}

static void
recovery_clicked_cb (ReframeUnlockView *self)
{
  GtkRoot   *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->data_dir == NULL)
    return;
  dialog = reframe_recovery_unlock_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               self->data_dir);
  g_signal_connect_object (
      dialog, "unlocked", G_CALLBACK (recovery_unlocked_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
reframe_unlock_view_map (GtkWidget *widget)
{
  ReframeUnlockView *self = REFRAME_UNLOCK_VIEW (widget);

  GTK_WIDGET_CLASS (reframe_unlock_view_parent_class)->map (widget);
  start_wait (self);
  try_login (self);
  focus_passphrase (self);
}

static void
reframe_unlock_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ReframeUnlockView *self = REFRAME_UNLOCK_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_unlock_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ReframeUnlockView *self = REFRAME_UNLOCK_VIEW (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      reframe_unlock_view_set_data_dir (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_unlock_view_dispose (GObject *object)
{
  ReframeUnlockView *self = REFRAME_UNLOCK_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->wait_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_UNLOCK_VIEW);

  G_OBJECT_CLASS (reframe_unlock_view_parent_class)->dispose (object);
}

static void
reframe_unlock_view_finalize (GObject *object)
{
  ReframeUnlockView *self = REFRAME_UNLOCK_VIEW (object);

  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (reframe_unlock_view_parent_class)->finalize (object);
}

static void
reframe_unlock_view_class_init (ReframeUnlockViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_unlock_view_dispose;
  object_class->finalize = reframe_unlock_view_finalize;
  object_class->get_property = reframe_unlock_view_get_property;
  object_class->set_property = reframe_unlock_view_set_property;
  widget_class->map = reframe_unlock_view_map;

  /**
   * ReframeUnlockView:data-dir: (nullable)
   *
   * The folder of the locked journal.
   */
  properties[PROP_DATA_DIR] =
      g_param_spec_string ("data-dir",
                           NULL,
                           NULL,
                           NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ReframeUnlockView::unlocked:
   * @self: the view
   * @method: the #ReframeUnlockMethod that opened it
   *
   * Emitted when the journal is unlocked: it can be opened now.
   */
  signals[SIGNAL_UNLOCKED] = g_signal_new ("unlocked",
                                           G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST,
                                           0,
                                           NULL,
                                           NULL,
                                           NULL,
                                           G_TYPE_NONE,
                                           1,
                                           G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-unlock-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeUnlockView, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeUnlockView, message_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeUnlockView, action_stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeUnlockView, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeUnlockView, spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframeUnlockView, busy_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeUnlockView, recovery_button);
  gtk_widget_class_bind_template_callback (widget_class, unlock_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, recovery_clicked_cb);
}

static void
reframe_unlock_view_init (ReframeUnlockView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * reframe_unlock_view_new:
 * @data_dir: (nullable): the folder of the locked journal
 *
 * Returns: (transfer floating): the view
 */
GtkWidget *
reframe_unlock_view_new (const char *data_dir)
{
  return g_object_new (REFRAME_TYPE_UNLOCK_VIEW, "data-dir", data_dir, NULL);
}

/**
 * reframe_unlock_view_get_data_dir:
 * @self: the view
 *
 * Returns: (nullable): the folder of the locked journal
 */
const char *
reframe_unlock_view_get_data_dir (ReframeUnlockView *self)
{
  g_return_val_if_fail (REFRAME_IS_UNLOCK_VIEW (self), NULL);

  return self->data_dir;
}

/**
 * reframe_unlock_view_set_data_dir:
 * @self: the view
 * @data_dir: (nullable): the folder of the locked journal
 */
void
reframe_unlock_view_set_data_dir (ReframeUnlockView *self,
                                  const char        *data_dir)
{
  g_return_if_fail (REFRAME_IS_UNLOCK_VIEW (self));

  if (g_strcmp0 (self->data_dir, data_dir) == 0)
    return;
  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
  self->tried_login = FALSE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    try_login (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA_DIR]);
}
