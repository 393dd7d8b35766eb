/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-appointment-dialog.h: "Prepare for My Appointment": choose what to include, see exactly
 * what goes, let the companion draft a summary in your words, edit it, and use it in the report. */

#pragma once

#include <adwaita.h>

#include "reframe-store.h"
#include "reframe-template-registry.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_APPOINTMENT_DIALOG (reframe_appointment_dialog_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeAppointmentDialog, reframe_appointment_dialog, REFRAME, APPOINTMENT_DIALOG, AdwWindow)

GtkWidget *reframe_appointment_dialog_new (GtkWindow               *parent,
                                           ReframeStore            *store,
                                           ReframeTemplateRegistry *registry,
                                           const GDate             *from,
                                           const GDate             *to);

G_END_DECLS
