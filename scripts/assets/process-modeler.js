// The process owner's BPMN modeler: bpmn-js with bpmnlint's live checks (the project's .bpmnlintrc, the same rules
// the server runs on every deploy) and a properties panel that configures what the engine reads (SpiffWorkflow's
// extension elements: spiffworkflow.json, spiff-properties.js). Bundled by scripts/build_assets.sh into
// web/static/vendor/process-modeler.js (no CDN); web/static/js/modeler.js uses window.ProcessModeler.
import Modeler from "bpmn-js/lib/Modeler";
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from "bpmn-js-properties-panel";
import lintModule from "bpmn-js-bpmnlint";
import packedConfig from "../../build/bpmnlint-config.mjs";
import spiffworkflow from "./spiffworkflow.json";
import SpiffPropertiesProvider from "./spiff-properties.js";

// Words of the modeler and panel in the page's language: `words` maps bpmn-js's English templates to the page's.
function translateWith(words) {
  const translate = (template, replacements) => {
    const text = (words && words[template]) || template;
    return text.replace(/{([^}]+)}/g, (whole, key) => (replacements && key in replacements ? replacements[key] : whole));
  };
  return { translate: ["value", translate] };
}

// The panel's sections open from the start: what a process owner configures most.
const OPEN = ["general", "timer", "spiff-user-task", "spiff-script", "spiff-condition", "spiff-decision"]
  .reduce((open, id) => Object.assign(open, { [id]: { open: true } }), {});

function create(options) {
  return new Modeler({
    container: options.container,
    linting: { bpmnlint: packedConfig, active: true },
    propertiesPanel: options.panel ? { parent: options.panel, layout: { groups: OPEN } } : undefined,
    spiffProperties: options.spiffProperties,
    moddleExtensions: { spiffworkflow: spiffworkflow },
    additionalModules: [lintModule, translateWith(options.words)].concat(options.panel ? [
      BpmnPropertiesPanelModule, BpmnPropertiesProviderModule,
      { __init__: ["spiffPropertiesProvider"], spiffPropertiesProvider: ["type", SpiffPropertiesProvider] }
    ] : [])
  });
}

window.ProcessModeler = { create: create };
