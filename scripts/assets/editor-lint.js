// The editor's bpmnlint: bpmn-js-bpmnlint with the project's .bpmnlintrc packed in (the same rules the server runs
// on every deploy). Bundled by scripts/build_assets.sh into web/static/vendor/bpmnlint-editor.js (no CDN).
import lintModule from "bpmn-js-bpmnlint";
import packedConfig from "../../build/bpmnlint-config.mjs";

window.BpmnLint = { module: lintModule, config: packedConfig };
