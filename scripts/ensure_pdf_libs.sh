#!/usr/bin/env bash
# What weasyprint (the printable acknowledgement) needs from the system: pango (with its FreeType backend) and a
# font with Bengali glyphs (Noto), installed from Debian when missing.
set -euo pipefail
packages=()
ldconfig -p | grep -q 'libpango-1.0.so' || packages+=(libpango-1.0-0)
ldconfig -p | grep -q 'libpangoft2-1.0.so' || packages+=(libpangoft2-1.0-0)
{ command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=bn 2>/dev/null)" ]; } || packages+=(fontconfig fonts-noto-core)
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -q
$SUDO apt-get install -y -q "${packages[@]}"
