#!/usr/bin/env bash
# The browser the page tests drive: Debian's chromium (Playwright's own browser download needs the internet),
# with Noto fonts so Bengali pages render (and their screenshots read) properly.
set -euo pipefail
packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
{ command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=bn 2>/dev/null)" ]; } || packages+=(fonts-noto-core)
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -q
$SUDO apt-get install -y -q "${packages[@]}"
