#!/usr/bin/env bash
# Front-end packages from npm (package.json / package-lock.json), copied into web/static/vendor. Never a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  apt-get update -q && apt-get install -y -q nodejs npm
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
out=web/static/vendor
rm -rf "$out" && mkdir -p "$out"
cp node_modules/bpmn-js/dist/bpmn-modeler.production.min.js node_modules/bpmn-js/dist/bpmn-navigated-viewer.production.min.js "$out/"
cp -r node_modules/bpmn-js/dist/assets "$out/bpmn-js-assets"
cp node_modules/dmn-js/dist/dmn-modeler.production.min.js "$out/"
cp -r node_modules/dmn-js/dist/assets "$out/dmn-js-assets"
cp node_modules/chart.js/dist/chart.umd.min.js "$out/"
cp node_modules/htmx.org/dist/htmx.min.js "$out/"
echo "assets in $out"
