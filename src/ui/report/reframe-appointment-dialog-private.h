/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-appointment-dialog-private.h: what the UI test reads and drives. */

#pragma once

#include "reframe-appointment-dialog.h"

G_BEGIN_DECLS

const char *_reframe_appointment_dialog_get_page (ReframeAppointmentDialog *self);
gboolean    _reframe_appointment_dialog_is_busy (ReframeAppointmentDialog *self);
guint       _reframe_appointment_dialog_get_n_entries (ReframeAppointmentDialog *self);
void        _reframe_appointment_dialog_set_entry_ticked (ReframeAppointmentDialog *self,
                                                          const char               *uuid,
                                                          gboolean                  ticked);
char       *_reframe_appointment_dialog_dup_preview_text (ReframeAppointmentDialog *self);
const char *_reframe_appointment_dialog_get_error (ReframeAppointmentDialog *self);
char       *_reframe_appointment_dialog_dup_text (ReframeAppointmentDialog *self);
void        _reframe_appointment_dialog_set_text (ReframeAppointmentDialog *self,
                                                  const char               *text);

G_END_DECLS
