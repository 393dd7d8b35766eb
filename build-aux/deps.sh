#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages Reframe needs to build, run and test, when any are
# missing. Sourced by run.sh and test.sh; quick when everything is there.

reframe_packages=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libglib2.0-dev-bin
  libgtk-4-dev libadwaita-1-dev libsqlite3-dev libjson-glib-dev libsoup-3.0-dev libcmark-dev
  libsecret-1-dev gnome-keyring libsodium-dev
  libenchant-2-dev hunspell-en-us hunspell-de-de hunspell-es
  adwaita-icon-theme
  desktop-file-utils appstream clang-format git
  groff-base man-db locales
  xvfb xauth dbus dbus-x11
  at-spi2-core python3-pyatspi python3-gi xdotool imagemagick openbox
  fonts-noto-core fonts-noto-color-emoji fonts-droid-fallback qpdf poppler-utils
)

reframe_install_deps () {
  local missing=() pkg
  for pkg in "${reframe_packages[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The translations are tested in German and Spanish, with those countries' dates and
# numbers, and weeks that start on Sunday in the United States: the locales must exist.
reframe_ensure_locales () {
  local have loc sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  have=$(locale -a 2>/dev/null)
  for loc in "$@"; do
    if ! grep -qix "${loc%.UTF-8}.utf8" <<<"$have"; then
      echo "Making the locale $loc"
      $sudo localedef -i "${loc%.UTF-8}" -c -f UTF-8 "$loc" || return 1
    fi
  done
}
