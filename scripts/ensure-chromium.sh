#!/bin/sh
# Makes sure Debian's chromium is at /usr/bin/chromium for the browser journeys of `npm test`
# (test/browser/) and `npm run bench` (taskpane load timing). Installs the distribution package with
# apt-get when it is missing; never downloads a browser build. Exits 0 when chromium is there
# afterwards, 1 when it is not (npm test then stops; the bench prints "skipped").
set -u
CHROMIUM=/usr/bin/chromium
# Fonts: screenshots and axe's contrast check need real glyphs, and --no-install-recommends
# would otherwise leave a fresh machine without any.
FONTS=fonts-liberation
have_fonts() { dpkg-query -W -f='${Status}' "$FONTS" 2>/dev/null | grep -q "install ok installed"; }
if [ -x "$CHROMIUM" ] && have_fonts; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo present)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: missing, and apt-get is not available" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "chromium: missing, and installing it needs root (run: sudo apt-get install chromium)" >&2
    exit 1
  fi
fi
echo "chromium: installing Debian's chromium and $FONTS with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null || { echo "chromium: apt-get update failed" >&2; exit 1; }
$SUDO apt-get install -y -q --no-install-recommends chromium "$FONTS" >/dev/null || { echo "chromium: apt-get install failed" >&2; exit 1; }
if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo installed)"
  exit 0
fi
echo "chromium: not found at $CHROMIUM after installing" >&2
exit 1
