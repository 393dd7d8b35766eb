/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-auto-lock.c: says when an encrypted journal should lock by itself.
 *
 * "Without use" means no key press, click, scroll or pointer movement in any of
 * Reframe's windows: a person reading in another application for an hour is away
 * from the journal too. The screen lock comes from GtkApplication:screensaver-active,
 * which GTK 4.8 follows only when the application registers with the session
 * (register-session, set in reframe_application_new()).
 */

#define G_LOG_DOMAIN "ReframeAutoLock"

#include "config.h"

#include "reframe-auto-lock.h"

/* The timer wakes at least this often: the monotonic clock stops while the computer
 * sleeps, and a long wait would end late. */
#define MAX_WAIT_MS (60 * 1000)

#define WATCHED_KEY "reframe-auto-lock-watched"

struct _ReframeAutoLock
{
  GObject parent_instance;

  /* Borrowed: the application owns us */
  GtkApplication *application;

  /* Owned */
  GSettings *settings;

  gint64   last_activity;
  guint    timeout_id;
  guint    idle_seconds_override;
  gboolean armed;
};

G_DEFINE_FINAL_TYPE (ReframeAutoLock, reframe_auto_lock, G_TYPE_OBJECT)

enum
{
  SIGNAL_LOCK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule (ReframeAutoLock *self);

static guint
get_idle_seconds (ReframeAutoLock *self)
{
  if (self->idle_seconds_override > 0)
    return self->idle_seconds_override;
  return g_settings_get_uint (self->settings, "lock-after-minutes") * 60;
}

/* Disarms first: the journal is locked once, and armed again when it is unlocked. */
static void
request_lock (ReframeAutoLock *self)
{
  reframe_auto_lock_set_armed (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_LOCK], 0);
}

static gboolean
timeout_cb (gpointer user_data)
{
  ReframeAutoLock *self = user_data;
  guint            idle_seconds = get_idle_seconds (self);

  self->timeout_id = 0;
  if (self->armed && idle_seconds > 0 &&
      g_get_monotonic_time () - self->last_activity >= (gint64) idle_seconds * G_USEC_PER_SEC)
    request_lock (self);
  else
    schedule (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (ReframeAutoLock *self)
{
  guint  idle_seconds = get_idle_seconds (self);
  gint64 wait_ms;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (!self->armed || idle_seconds == 0)
    return;

  wait_ms =
      (self->last_activity + (gint64) idle_seconds * G_USEC_PER_SEC - g_get_monotonic_time ()) /
      1000;
  self->timeout_id = g_timeout_add ((guint) CLAMP (wait_ms + 1, 1, MAX_WAIT_MS), timeout_cb, self);
}

/* Every event passes here first (capture phase) and goes on untouched. Only the time
 * is written: pointer motion comes often. */
static gboolean
window_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 ReframeAutoLock          *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      self->last_activity = g_get_monotonic_time ();
      break;

    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
window_added_cb (ReframeAutoLock *self,
                 GtkWindow       *window)
{
  reframe_auto_lock_watch_window (self, window);
}

static void
screensaver_active_changed_cb (ReframeAutoLock *self)
{
  gboolean active = FALSE;

  g_object_get (self->application, "screensaver-active", &active, NULL);
  if (active && self->armed)
    request_lock (self);
}

static void
reframe_auto_lock_dispose (GObject *object)
{
  ReframeAutoLock *self = REFRAME_AUTO_LOCK (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (reframe_auto_lock_parent_class)->dispose (object);
}

static void
reframe_auto_lock_class_init (ReframeAutoLockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reframe_auto_lock_dispose;

  /**
   * ReframeAutoLock::lock:
   * @self: the auto-lock
   *
   * Emitted, while armed, when Reframe has not been used for the chosen time or the
   * screen locks. It disarms first.
   */
  signals[SIGNAL_LOCK] = g_signal_new (
      "lock", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
reframe_auto_lock_init (ReframeAutoLock *self)
{
  self->last_activity = g_get_monotonic_time ();
}

/**
 * reframe_auto_lock_new:
 * @application: (nullable): the application whose windows are watched, and whose
 *   screensaver-active is followed; it must outlive the auto-lock
 * @settings: the application's settings (lock-after-minutes)
 *
 * Starts disarmed.
 *
 * Returns: (transfer full): the auto-lock
 */
ReframeAutoLock *
reframe_auto_lock_new (GtkApplication *application,
                       GSettings      *settings)
{
  ReframeAutoLock *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (REFRAME_TYPE_AUTO_LOCK, NULL);
  self->application = application;
  self->settings = g_object_ref (settings);
  g_signal_connect_object (
      settings, "changed::lock-after-minutes", G_CALLBACK (schedule), self, G_CONNECT_SWAPPED);
  if (application != NULL)
    {
      for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
        reframe_auto_lock_watch_window (self, l->data);
      g_signal_connect_object (
          application, "window-added", G_CALLBACK (window_added_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (application,
                               "notify::screensaver-active",
                               G_CALLBACK (screensaver_active_changed_cb),
                               self,
                               G_CONNECT_SWAPPED);
    }
  return self;
}

/**
 * reframe_auto_lock_get_armed:
 * @self: the auto-lock
 *
 * Returns: whether #ReframeAutoLock::lock may be emitted
 */
gboolean
reframe_auto_lock_get_armed (ReframeAutoLock *self)
{
  g_return_val_if_fail (REFRAME_IS_AUTO_LOCK (self), FALSE);

  return self->armed;
}

/**
 * reframe_auto_lock_set_armed:
 * @self: the auto-lock
 * @armed: %TRUE while an encrypted journal is open
 *
 * Arming counts the time without use from now.
 */
void
reframe_auto_lock_set_armed (ReframeAutoLock *self,
                             gboolean         armed)
{
  g_return_if_fail (REFRAME_IS_AUTO_LOCK (self));

  if (self->armed == !!armed)
    return;
  self->armed = !!armed;
  self->last_activity = g_get_monotonic_time ();
  schedule (self);
}

/**
 * reframe_auto_lock_watch_window:
 * @self: the auto-lock
 * @window: a window whose use counts
 *
 * The application's windows are watched without this; it is for windows that
 * belong to none (the widget tests).
 */
void
reframe_auto_lock_watch_window (ReframeAutoLock *self,
                                GtkWindow       *window)
{
  GtkEventController *controller;

  g_return_if_fail (REFRAME_IS_AUTO_LOCK (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_object_get_data (G_OBJECT (window), WATCHED_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (window), WATCHED_KEY, GINT_TO_POINTER (1));
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (window_event_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
}

/**
 * reframe_auto_lock_note_activity:
 * @self: the auto-lock
 *
 * Counts now as use, as input in a watched window does.
 */
void
reframe_auto_lock_note_activity (ReframeAutoLock *self)
{
  g_return_if_fail (REFRAME_IS_AUTO_LOCK (self));

  self->last_activity = g_get_monotonic_time ();
}

/**
 * reframe_auto_lock_set_idle_seconds:
 * @self: the auto-lock
 * @seconds: the time without use after which it locks, 0 to follow the setting
 *
 * For the tests, which cannot wait five minutes.
 */
void
reframe_auto_lock_set_idle_seconds (ReframeAutoLock *self,
                                    guint            seconds)
{
  g_return_if_fail (REFRAME_IS_AUTO_LOCK (self));

  self->idle_seconds_override = seconds;
  schedule (self);
}
