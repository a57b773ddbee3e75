#!/usr/bin/env bash
# The browser the page tests drive: Debian's chromium (Playwright's own browser download needs the internet).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium fonts-noto-core
