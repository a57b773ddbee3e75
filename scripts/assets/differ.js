// bpmn-js-differ for the browser: window.BpmnDiffer.diff(definitionsA, definitionsB) on the definitions two
// bpmn-js viewers imported (the version comparison page).
import { diff } from "bpmn-js-differ";

window.BpmnDiffer = { diff: diff };
