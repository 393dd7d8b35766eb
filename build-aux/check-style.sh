#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Style checks run as a test: clang-format on every C file, and the core library
# free of GTK and libadwaita.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

mapfile -t files < <(git ls-files --cached --others --exclude-standard -- 'src/*.[ch]' 'tests/*.[ch]')
if ! clang-format --dry-run --Werror "${files[@]}"; then
  echo "Run: clang-format -i on the files above."
  status=1
fi

if grep -rlE '#include *<(gtk/gtk|adwaita)\.h>' src/core; then
  echo "src/core must not include GTK or libadwaita."
  status=1
fi
exit $status
