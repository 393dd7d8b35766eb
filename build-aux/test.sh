#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs every test headless: once in a normal
# build and once with AddressSanitizer and UndefinedBehaviorSanitizer. Ends with
# "N passed, N failed" on a line of its own.
set -uo pipefail
cd "$(dirname "$0")/.."
source build-aux/deps.sh
# clang and its libFuzzer runtime: the stream parsers are fuzzed for a bounded time.
# The portals, as on any GNOME desktop: the suite must pass with them as without.
reframe_install_deps python3 clang libclang-rt-14-dev xdg-desktop-portal xdg-desktop-portal-gtk fuse3 ||
  { echo "0 passed, 1 failed"; exit 1; }
reframe_ensure_locales de_DE.UTF-8 es_ES.UTF-8 en_US.UTF-8 ||
  { echo "0 passed, 1 failed"; exit 1; }
# The suite runs the same on any machine: its own tests choose the languages they test.
export LANG=C.UTF-8
unset LANGUAGE LC_ALL LC_MESSAGES LC_TIME LC_NUMERIC

# A runtime folder of the suite's own: the private sessions' portals (the document
# portal mounts a FUSE folder in it) never touch the real one, and it goes at the end.
runtime=$(mktemp -d "${TMPDIR:-/tmp}/reframe-test-runtime-XXXXXX")
chmod 700 "$runtime"
export XDG_RUNTIME_DIR="$runtime"
cleanup_runtime () {
  fusermount3 -u -z "$runtime/doc" 2>/dev/null || fusermount -u -z "$runtime/doc" 2>/dev/null || true
  rm -rf "$runtime" 2>/dev/null || true
}
trap cleanup_runtime EXIT

passed=0
failed=0

# Counts the results of one meson test run from its JSON log.
count_results () {
  local log="$1/meson-logs/testlog.json"
  if [ ! -f "$log" ]; then
    failed=$((failed + 1))
    return
  fi
  read -r p f < <(python3 - "$log" <<'PY'
import json, sys
p = f = 0
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    r = json.loads(line).get("result")
    if r in ("OK", "EXPECTEDFAIL"):
        p += 1
    else:
        f += 1
print(p, f)
PY
)
  passed=$((passed + p))
  failed=$((failed + f))
}

# One build and test run: $1 build dir, the rest extra meson options.
run_suite () {
  local builddir="$1"; shift
  echo "== $builddir"
  if [ ! -f "$builddir/build.ninja" ]; then
    if ! meson setup "$builddir" "$@"; then failed=$((failed + 1)); return; fi
  fi
  if ! ninja -C "$builddir"; then
    failed=$((failed + 1))
    return
  fi
  rm -f "$builddir/meson-logs/testlog.json"
  # A private D-Bus session and X server: nothing from the desktop leaks in.
  xvfb-run -a -s "-screen 0 1280x800x24 -noreset" \
    dbus-run-session -- meson test -C "$builddir" --print-errorlogs --num-processes 2 \
      --timeout-multiplier "${timeout_multiplier:-1}"
  fusermount3 -u -z "$runtime/doc" 2>/dev/null || true
  count_results "$builddir"
}

run_suite _build
# The sanitizers make everything several times slower; a busy machine more so.
timeout_multiplier=3 \
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite _build-sanitize -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

# Builds the fuzz target $2 in $1 and fuzzes it for $4 seconds, inputs of at most $5
# bytes, from a scratch copy of the seed corpus tests/fuzz/corpus/$3 (libFuzzer writes new
# inputs into it); its log is $1/fuzz-$3.log.
fuzz_one () {
  local builddir="$1" target="$2" corpus="$3" seconds="$4" max_len="$5" scratch
  if ! ninja -C "$builddir" "tests/fuzz/$target" >/dev/null; then
    failed=$((failed + 1))
    return
  fi
  scratch=$(mktemp -d)
  cp tests/fuzz/corpus/"$corpus"/* "$scratch"/
  if "$builddir/tests/fuzz/$target" -max_total_time="$seconds" -max_len="$max_len" \
       "$scratch" >"$builddir/fuzz-$corpus.log" 2>&1; then
    echo "$target: $(grep -o 'Done [0-9]* runs' "$builddir/fuzz-$corpus.log")"
    passed=$((passed + 1))
  else
    echo "$target FAILED:"
    tail -n 40 "$builddir/fuzz-$corpus.log"
    failed=$((failed + 1))
  fi
  rm -rf "$scratch"
}

# Each stream parser under libFuzzer for a bounded time, from the seed corpus (copied,
# so new inputs do not pile up in the repository). A crash or leak fails the run.
run_fuzzers () {
  local builddir=_build-fuzz fuzz_time="${REFRAME_FUZZ_SECONDS:-30}"
  echo "== $builddir (${fuzz_time} s per parser)"
  if ! command -v clang >/dev/null; then
    echo "clang is not installed: fuzzing needs it"
    failed=$((failed + 1))
    return
  fi
  if [ ! -f "$builddir/build.ninja" ] && ! CC=clang meson setup "$builddir" -Dbuildtype=debugoptimized >/dev/null; then
    failed=$((failed + 1))
    return
  fi
  local format
  for format in ndjson sse; do
    fuzz_one "$builddir" "fuzz-$format-parser" "$format" "$fuzz_time" 4096
  done
  # The import readers, 30 s each unless told: at most a minute more. The other apps'
  # readers, 10 s each unless told: under a minute more for the five of them.
  local import_time="${REFRAME_FUZZ_IMPORT_SECONDS:-30}" other_time="${REFRAME_FUZZ_OTHER_IMPORT_SECONDS:-10}" seconds
  for format in archive daylio bearable emoods freecbt jrnl rednotebook; do
    case "$format" in
      archive | daylio) seconds="$import_time" ;;
      *) seconds="$other_time" ;;
    esac
    fuzz_one "$builddir" "fuzz-$format-reader" "$format" "$seconds" 8192
  done
  # The homework plan reader, as long as the archive's.
  fuzz_one "$builddir" fuzz-plan-reader plan "$import_time" 8192
}
run_fuzzers

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
