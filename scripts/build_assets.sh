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
cp node_modules/bpmn-js/dist/bpmn-navigated-viewer.production.min.js "$out/"
cp -r node_modules/bpmn-js/dist/assets "$out/bpmn-js-assets"
cp node_modules/dmn-js/dist/dmn-modeler.production.min.js "$out/"
cp -r node_modules/dmn-js/dist/assets "$out/dmn-js-assets"
cp node_modules/chart.js/dist/chart.umd.min.js "$out/"
cp node_modules/htmx.org/dist/htmx.min.js "$out/"
cp node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js "$out/simplewebauthn-browser.js"
# Maps (district shapes shipped with the project; no tile server)
mkdir -p "$out/leaflet"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$out/leaflet/"
cp -r node_modules/leaflet/dist/images "$out/leaflet/"
cp node_modules/leaflet.heat/dist/leaflet-heat.js "$out/leaflet/"
# The process editor's modeler: bpmn-js with bpmn-js-bpmnlint (the project's .bpmnlintrc packed with its rules: the
# server runs the same config through scripts/bpmnlint-json.cjs on every deploy) and bpmn-js-properties-panel with
# our SpiffWorkflow entries (scripts/assets/), bundled into one browser file.
mkdir -p build
node_modules/.bin/bpmnlint-pack-config -c .bpmnlintrc -o build/bpmnlint-config.mjs -t es
node_modules/.bin/esbuild scripts/assets/process-modeler.js --bundle --format=iife --minify --log-level=warning \
  --outfile="$out/process-modeler.js"
cp node_modules/bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css "$out/"
cp node_modules/@bpmn-io/properties-panel/dist/assets/properties-panel.css "$out/"
# bpmn-js-differ, bundled for the page that compares two versions of a diagram
node_modules/.bin/esbuild scripts/assets/differ.js --bundle --format=iife --minify --log-level=warning \
  --outfile="$out/bpmn-differ.js"
echo "assets in $out"
