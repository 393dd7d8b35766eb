#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The homework plan's MIME type, installed in a folder of its own as the desktop installs
# it: GIO takes a plan for application/x-reframe-plan by its name, and by its first bytes
# when the name says nothing (a download saved without its suffix).
# Usage: check-plan-mime.sh MIME-PACKAGE.xml A-PLAN.reframe-plan
set -eu
package=$1
plan=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/mime/packages" "$dir/home"
cp "$package" "$dir/mime/packages/"
update-mime-database "$dir/mime" >/dev/null
export XDG_DATA_DIRS="$dir:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
export XDG_DATA_HOME="$dir/home"
cp "$plan" "$dir/week-12.reframe-plan"
cp "$plan" "$dir/week-12"
status=0
for file in "$dir/week-12.reframe-plan" "$dir/week-12"; do
  type=$(gio info -a standard::content-type "$file" | sed -n 's/^ *standard::content-type: //p')
  if [ "$type" != "application/x-reframe-plan" ]; then
    echo "$(basename "$file"): $type, not application/x-reframe-plan" >&2
    status=1
  fi
done
exit $status
