#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package of Reframe (debian/) out of tree and checks it with lintian.
#
#   build-aux/make-deb.sh [--check] [--out DIR]
#
# Installs what is missing (build-aux/deps.sh and the packaging tools), copies the
# working tree (tracked files and new ones git does not ignore) to a temporary folder,
# runs dpkg-buildpackage there, so that the checkout gets no debian/ build leftovers,
# then lintian, which must report no error and no warning. The .deb, .changes and
# .buildinfo go to DIR (default _package/), and the script prints where.
#
# --check then installs the package with apt-get, runs the installed program (--version,
# `reframe templates`, a window under Xvfb), checks that the schemas are compiled, the
# icon, desktop file and man page are in place, purges the package again and checks
# that nothing is left behind. The last line says what passed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

check=0
out="$root/_package"
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --out) out=$(realpath -m "$2"); shift ;;
    -h | --help) sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "make-deb.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

source build-aux/deps.sh
# The packaging tools, and what debian/control's Build-Depends add to deps.sh's list
# (the tests of dh_auto_test need qpdf, poppler-utils, the fonts, gnome-keyring, dbus and
# the hunspell dictionaries, which deps.sh already has, and locales-all for the German and
# Spanish dates of test-locale).
packaging=(dpkg-dev debhelper lintian fakeroot python3 shared-mime-info locales-all)
if [ "$check" -eq 1 ]; then
  packaging+=(x11-utils)
fi
reframe_install_deps "${packaging[@]}"

version=$(dpkg-parsechangelog -l debian/changelog -S Version)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/reframe-deb-XXXXXX")
cleanup () { rm -rf "$tmp"; }
trap cleanup EXIT

# The working tree as it is, without what git ignores (_build/, earlier packages).
src="$tmp/reframe-$version"
mkdir "$src"
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -xf - -C "$src"

# The source package too (3.0 (native): a tarball of the tree, made before the build
# leaves anything in it), only for lintian, which checks debian/ itself there.
(cd "$tmp" && dpkg-source -b "reframe-$version" >/dev/null)

echo "== dpkg-buildpackage in $src"
(cd "$src" && DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-parallel=2}" \
  nice -n 10 dpkg-buildpackage -us -uc -b)

changes=$(ls "$tmp"/reframe_"$version"_*.changes)
echo "== lintian $(basename "$changes") reframe_$version.dsc"
lintian_log="$tmp/lintian.log"
# Every tag, info, pedantic and experimental ones included; only E: and W: fail.
lintian --display-info --pedantic --display-experimental "$changes" "$tmp/reframe_$version.dsc" 2>&1 |
  grep -v '^running with root privileges' | tee "$lintian_log" || true
if grep -Eq '^[EW]: ' "$lintian_log"; then
  echo "lintian reported errors or warnings" >&2
  exit 1
fi

mkdir -p "$out"
rm -f "$out"/reframe_*.deb "$out"/reframe_*.changes "$out"/reframe_*.buildinfo "$out"/reframe-dbgsym_*.deb
cp "$tmp"/reframe_"$version"_*.deb "$tmp"/reframe_"$version"_*.changes \
  "$tmp"/reframe_"$version"_*.buildinfo "$out"/
cp "$tmp"/reframe-dbgsym_"$version"_*.deb "$out"/ 2>/dev/null || true
cp "$lintian_log" "$out"/lintian.log
deb=$(ls "$out"/reframe_"$version"_*.deb)
echo "Package: $deb"
echo "lintian: no errors, no warnings ($(grep -c '^[IPX]: ' "$lintian_log" || true) info, pedantic or experimental tags, in $out/lintian.log)"

if [ "$check" -eq 0 ]; then
  exit 0
fi

# --- the installed package ---------------------------------------------------------

passed=()
fail () {
  echo "FAILED: $*" >&2
  echo "make-deb.sh --check: failed at \"$*\" after: ${passed[*]:-nothing}"
  exit 1
}
ok () {
  passed+=("$1")
  echo "ok: $1"
}

app_id=io.github.reframe.Reframe
home="$tmp/home"
mkdir -m 700 "$home" "$home/data" "$home/runtime"
# The installed program runs with a home of its own: nothing of it stays in root's.
run_env=(env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/xdg-data"
  XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/runtime" GSETTINGS_BACKEND=memory
  LC_ALL=C.UTF-8 LANGUAGE=)

if dpkg-query -W -f='${Status}' reframe 2>/dev/null | grep -q "install ok installed"; then
  echo "reframe was installed before; it will be replaced by this package and purged at the end"
fi
schemas_compiled=/usr/share/glib-2.0/schemas/gschemas.compiled

echo "== apt-get install $deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" || fail "apt-get install"
# Whatever happens from here, the package does not stay installed.
trap 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq reframe >/dev/null 2>&1 || true; cleanup' EXIT
ok "install"
dpkg -L reframe | sort >"$tmp/files"

[ "$(command -v reframe)" = /usr/bin/reframe ] || fail "reframe in PATH is /usr/bin/reframe"
got=$("${run_env[@]}" /usr/bin/reframe --version) || fail "reframe --version"
echo "$got"
grep -q "$version" <<<"$got" || fail "reframe --version says $version"
ok "--version"

"${run_env[@]}" /usr/bin/reframe templates --data-dir "$home/data" >"$tmp/templates" ||
  fail "reframe templates"
grep -qi "thought" "$tmp/templates" || fail "reframe templates lists the thought record"
ok "templates"

# GSettings finds the installed schema only when the trigger compiled it.
gsettings list-keys "$app_id" >"$tmp/keys" 2>&1 && [ -s "$tmp/keys" ] ||
  fail "gsettings list-keys $app_id"
ok "schemas"
schemas_mtime=$(stat -c %Y "$schemas_compiled")

icon=/usr/share/icons/hicolor/scalable/apps/$app_id.svg
[ -f "$icon" ] && [ -f /usr/share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg ] ||
  fail "icons in hicolor"
ok "icon"

desktop=/usr/share/applications/$app_id.desktop
desktop-file-validate "$desktop" || fail "desktop-file-validate"
grep -q "^Icon=$app_id$" "$desktop" || fail "the desktop file names the icon"
ok "desktop file"

appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml" >/dev/null ||
  fail "appstreamcli validate"
ok "metainfo"

man -w reframe >/dev/null || fail "man -w reframe"
ok "man page"

# A window named Reframe under Xvfb, in a D-Bus session of its own.
cat >"$tmp/window.sh" <<'EOF'
#!/bin/sh
# Starts the installed program and waits up to 30 s for its window; prints its xwininfo.
"$@" &
pid=$!
for _ in $(seq 300); do
  wid=$(xdotool search --onlyvisible --name '^Reframe$' 2>/dev/null | head -n 1)
  [ -n "$wid" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then echo "reframe exited before its window showed" >&2; exit 1; fi
  sleep 0.1
done
status=1
[ -n "$wid" ] || echo "no window named Reframe within 30 s" >&2
if [ -n "$wid" ]; then
  xwininfo -id "$wid" | grep -E 'xwininfo|Width|Height|Map State'
  xwininfo -id "$wid" | grep -q 'IsViewable' && status=0
  # Closed as a person closes it: Ctrl+Q in the focused window (there is no window
  # manager here to ask).
  xdotool windowfocus --sync "$wid" key ctrl+q
fi
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill "$pid" 2>/dev/null && { echo "reframe did not quit on Ctrl+Q" >&2; status=1; }
wait "$pid" 2>/dev/null || true
exit $status
EOF
chmod +x "$tmp/window.sh"
# The session's chatter (portals, the accessibility bus) is shown only when it fails.
if ! "${run_env[@]}" xvfb-run -a -s "-screen 0 1280x800x24 -noreset" \
  dbus-run-session -- "$tmp/window.sh" /usr/bin/reframe --data-dir "$home/data" 2>"$tmp/window.log"; then
  cat "$tmp/window.log" >&2
  fail "a window named Reframe under Xvfb"
fi
ok "window"

echo "== apt-get purge reframe"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq reframe || fail "apt-get purge"
trap cleanup EXIT
left=()
while IFS= read -r path; do
  # Shared folders (/usr/share/applications, …) stay; the package's own files go, and
  # so do its own folders (…/reframe).
  if [ -e "$path" ] || [ -L "$path" ]; then
    if [ ! -d "$path" ] || [[ "$path" == *reframe* ]]; then left+=("$path"); fi
  fi
done <"$tmp/files"
[ ${#left[@]} -eq 0 ] || fail "nothing left of dpkg -L (left: ${left[*]})"
if compgen -G "/usr/share/glib-2.0/schemas/$app_id*" >/dev/null; then
  fail "no schema left in /usr/share/glib-2.0/schemas"
fi
[ "$(stat -c %Y "$schemas_compiled")" -ge "$schemas_mtime" ] &&
  ! gsettings list-schemas | grep -q "^$app_id" || fail "gschemas.compiled rebuilt without the schema"
! grep -qs "application/x-reframe-plan" /usr/share/mime/types || fail "the MIME type unregistered"
! grep -qs "$app_id" /usr/share/applications/mimeinfo.cache || fail "mimeinfo.cache without Reframe"
dpkg-query -W -f='${Status}' reframe 2>/dev/null | grep -q "not-installed" ||
  ! dpkg-query -W reframe >/dev/null 2>&1 || fail "dpkg forgot the package"
ok "purge, nothing left"

echo "make-deb.sh --check: all passed (${passed[*]}); package in $out"
