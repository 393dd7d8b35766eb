/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fhir-private.h: the FHIR checker the export tests use. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* test-fhir-checker.c */
char *_reframe_test_fhir_problems (const char *json);
void  _reframe_test_assert_fhir (const char *json);
void  _reframe_test_fhir_add_checker_tests (void);

G_END_DECLS
