// The properties panel's entries for what our engine (SpiffWorkflow) reads from a diagram, beside bpmn-js's own
// (name, id, documentation, timer type and value): a task's type and lane, a user task's form, deadline variables
// and history name, a script task's script, a gateway flow's condition, a business rule task's decision and a
// timer's deadline picked from the service-level helpers. The page passes its choices and words in the modeler's
// `spiffProperties` config (web/templates/processes/edit.html); extension elements follow spiffworkflow.json.
import { h } from "@bpmn-io/properties-panel/preact";
import { SelectEntry, TextAreaEntry, TextFieldEntry, Group, isSelectEntryEdited, isTextAreaEntryEdited,
         isTextFieldEntryEdited } from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";
import { getBusinessObject, is, isAny } from "bpmn-js/lib/util/ModelUtil";

const TASK_TYPES = ["bpmn:UserTask", "bpmn:ScriptTask", "bpmn:BusinessRuleTask", "bpmn:ManualTask", "bpmn:Task"];
const PROPERTY = { form: "formJsonSchemaFilename", due: "dueDateVariable", reminder: "reminderDateVariable",
                   event: "event_name", nameBn: "name_bn" };

// --- reading and writing spiffworkflow:properties -------------------------------------------------------------

function extension(bo, type) {
  const ext = bo.get("extensionElements");
  return ext ? (ext.get("values") || []).filter((value) => is(value, type))[0] : undefined;
}

export function getProperty(element, name) {
  const properties = extension(getBusinessObject(element), "spiffworkflow:Properties");
  const found = properties && properties.get("properties").filter((p) => p.name === name)[0];
  return found ? found.value : "";
}

function ensureExtension(element, type, attrs, moddle, modeling) {
  const bo = getBusinessObject(element);
  let ext = bo.get("extensionElements");
  if (!ext) {
    ext = moddle.create("bpmn:ExtensionElements", { values: [] });
    ext.$parent = bo;
    modeling.updateModdleProperties(element, bo, { extensionElements: ext });
  }
  let found = extension(bo, type);
  if (!found) {
    found = moddle.create(type, attrs);
    found.$parent = ext;
    modeling.updateModdleProperties(element, ext, { values: ext.get("values").concat([found]) });
  }
  return found;
}

export function setProperty(element, name, value, moddle, modeling) {
  const present = extension(getBusinessObject(element), "spiffworkflow:Properties");
  if (!value && !present) { return; }
  const properties = present || ensureExtension(element, "spiffworkflow:Properties", { properties: [] }, moddle,
                                                modeling);
  const list = properties.get("properties");
  const found = list.filter((p) => p.name === name)[0];
  if (!value) {
    if (found) { modeling.updateModdleProperties(element, properties, { properties: list.filter((p) => p !== found) }); }
  } else if (found) {
    modeling.updateModdleProperties(element, found, { value: value });
  } else {
    const created = moddle.create("spiffworkflow:Property", { name: name, value: value });
    created.$parent = properties;
    modeling.updateModdleProperties(element, properties, { properties: list.concat([created]) });
  }
}

function choices(options, current, translate) {
  const out = [{ value: "", label: translate("(none)") }].concat(options);
  if (current && !options.some((o) => o.value === current)) { out.push({ value: current, label: current }); }
  return out;
}

// --- entries -----------------------------------------------------------------------------------------------------

function PropertySelect(props) {
  const { element, id, name, label, description, options } = props;
  const [moddle, modeling, translate] = [useService("moddle"), useService("modeling"), useService("translate")];
  return h(SelectEntry, {
    element, id, label: translate(label), description: description && translate(description),
    getValue: () => getProperty(element, name),
    setValue: (value) => setProperty(element, name, value, moddle, modeling),
    getOptions: () => choices(options(), getProperty(element, name), translate)
  });
}

// Our text entries write at each keystroke (not debounced): a debounced write landing after another element was
// selected, or the task's type changed, brings the panel back to the element it was typed for.
const AT_ONCE = (fn) => fn;

function PropertyText(props) {
  const { element, id, name, label, description } = props;
  const [moddle, modeling, translate] = [useService("moddle"), useService("modeling"), useService("translate")];
  return h(TextFieldEntry, {
    element, id, label: translate(label), description: description && translate(description), debounce: AT_ONCE,
    getValue: () => getProperty(element, name),
    setValue: (value) => setProperty(element, name, (value || "").trim(), moddle, modeling)
  });
}

function TaskType(props) {
  const { element, id } = props;
  const [bpmnReplace, selection, translate] = [useService("bpmnReplace"), useService("selection"),
    useService("translate")];
  const words = { "bpmn:UserTask": "Done by a person (user task)", "bpmn:ScriptTask": "Done by the system (script)",
                  "bpmn:BusinessRuleTask": "Decision table (business rule)", "bpmn:ManualTask": "Done outside the system",
                  "bpmn:Task": "Not specified" };
  return h(SelectEntry, {
    element, id, label: translate("Task type"),
    getValue: () => element.type,
    setValue: (type) => {
      if (type === element.type) { return; }
      selection.select(bpmnReplace.replaceElement(element, { type: type }));
    },
    getOptions: () => TASK_TYPES.map((type) => ({ value: type, label: translate(words[type]) }))
  });
}

function lanesOf(elementRegistry) {
  return elementRegistry.filter((e) => is(e, "bpmn:Lane") && !e.children.some((c) => is(c, "bpmn:Lane")));
}

function laneOf(element, elementRegistry) {
  const bo = getBusinessObject(element);
  return lanesOf(elementRegistry).filter((lane) => (lane.businessObject.flowNodeRef || []).indexOf(bo) >= 0)[0];
}

// A task's lane says who does it; choosing another moves the task (with its timers) into that lane.
function TaskLane(props) {
  const { element, id } = props;
  const [elementRegistry, modeling, translate, config] = [useService("elementRegistry"), useService("modeling"),
    useService("translate"), useService("config.spiffProperties")];
  const roleWord = (name) => (config.roles.filter((r) => r.value === name)[0] || { label: name }).label;
  return h(SelectEntry, {
    element, id, label: translate("Lane (who does it)"),
    getValue: () => { const lane = laneOf(element, elementRegistry); return lane ? lane.id : ""; },
    setValue: (laneId) => {
      const lane = elementRegistry.get(laneId);
      if (!lane || lane === laneOf(element, elementRegistry)) { return; }
      const dy = (lane.y + lane.height / 2) - (element.y + element.height / 2);
      modeling.moveElements([element], { x: 0, y: dy });
    },
    getOptions: () => lanesOf(elementRegistry).map((lane) => ({
      value: lane.id, label: roleWord(lane.businessObject.name || "") || lane.id }))
  });
}

function LaneRole(props) {
  const { element, id } = props;
  const [modeling, translate, config] = [useService("modeling"), useService("translate"),
    useService("config.spiffProperties")];
  return h(SelectEntry, {
    element, id, label: translate("Role of the people in this lane"),
    getValue: () => element.businessObject.name || "",
    setValue: (role) => modeling.updateProperties(element, { name: role }),
    getOptions: () => choices(config.roles, element.businessObject.name, translate)
  });
}

function NewFormButton(props) {
  const { element, id } = props;
  const [moddle, modeling, translate, config] = [useService("moddle"), useService("modeling"),
    useService("translate"), useService("config.spiffProperties")];
  const open = () => config.newForm((fileName) => setProperty(element, PROPERTY.form, fileName, moddle, modeling));
  return h("div", { class: "bio-properties-panel-entry", "data-entry-id": id },
           h("button", { type: "button", class: "secondary new-form-button", onClick: open },
             translate("Create a new form…")));
}

function BodyText(props) {
  const { element, id, label, description, read, write, rows } = props;
  const translate = useService("translate");
  return h(TextAreaEntry, {
    element, id, label: translate(label), description: description && translate(description), debounce: AT_ONCE,
    monospace: true, rows: rows || 6, getValue: () => read(element) || "", setValue: (value) => write(value)
  });
}

function Script(props) {
  const modeling = useService("modeling");
  return BodyText({ ...props, label: "Script (Python)", description: "Runs when the case reaches this task. " +
    "It may call the service-level helpers, such as sla_due(priority, category, department).",
  read: (element) => element.businessObject.script,
  write: (value) => modeling.updateProperties(props.element, { script: value || undefined, scriptFormat: "python" }) });
}

function Condition(props) {
  const [modeling, moddle] = [useService("modeling"), useService("moddle")];
  const { element } = props;
  return BodyText({ ...props, rows: 2, label: "Condition", description: "A Python expression on the case's data, " +
    "e.g. decision == \"close\". The flow is taken when it is true.",
  read: () => { const c = element.businessObject.conditionExpression; return c ? c.body : ""; },
  write: (value) => modeling.updateProperties(element, { conditionExpression: value
    ? moddle.create("bpmn:FormalExpression", { body: value }) : undefined }) });
}

function Decision(props) {
  const { element, id } = props;
  const [moddle, modeling, translate] = [useService("moddle"), useService("modeling"), useService("translate")];
  return h(TextFieldEntry, {
    element, id, debounce: AT_ONCE, label: translate("Decision table (its id in the .dmn file)"),
    getValue: () => { const d = extension(element.businessObject, "spiffworkflow:CalledDecisionId"); return d ? d.value : ""; },
    setValue: (value) => {
      const decision = ensureExtension(element, "spiffworkflow:CalledDecisionId", {}, moddle, modeling);
      modeling.updateModdleProperties(element, decision, { value: (value || "").trim() });
    }
  });
}

// The timer's moment from the service-level policy (or a deadline the process has set), written as its date.
function TimerDeadline(props) {
  const { element, id } = props;
  const [moddle, modeling, translate, config] = [useService("moddle"), useService("modeling"),
    useService("translate"), useService("config.spiffProperties")];
  const timer = (getBusinessObject(element).eventDefinitions || []).filter((d) => is(d, "bpmn:TimerEventDefinition"))[0];
  const current = () => (timer && timer.timeDate ? timer.timeDate.body : "");
  return h(SelectEntry, {
    element, id, label: translate("Deadline"),
    description: translate("When the timer fires, by the service-level policy and the working calendar."),
    getValue: current,
    setValue: (expression) => {
      if (!expression) { return; }
      modeling.updateModdleProperties(element, timer, {
        timeDate: moddle.create("bpmn:FormalExpression", { body: expression }), timeDuration: undefined,
        timeCycle: undefined });
    },
    getOptions: () => choices(config.deadlines, current(), translate)
  });
}

// --- the provider --------------------------------------------------------------------------------------------------

function entry(id, component, extra, isEdited) {
  return Object.assign({ id: id, component: component, isEdited: isEdited || isSelectEntryEdited }, extra || {});
}

function isTask(element) { return is(element, "bpmn:Task"); }

function hasTimer(element) {
  return (getBusinessObject(element).eventDefinitions || []).some((d) => is(d, "bpmn:TimerEventDefinition"));
}

function fromGateway(element) {
  return is(element, "bpmn:SequenceFlow") && element.source &&
    isAny(element.source, ["bpmn:ExclusiveGateway", "bpmn:InclusiveGateway"]);
}

export default function SpiffPropertiesProvider(propertiesPanel, injector) {
  const translate = injector.get("translate");
  const config = injector.get("config.spiffProperties");
  const forms = () => config.forms().map((name) => ({ value: name, label: name.replace(/\.schema\.json$/, "") }));
  const dates = () => config.dateVariables;

  this.getGroups = function (element) {
    return function (groups) {
      const general = groups.filter((g) => g.id === "general")[0];
      if (general && isTask(element)) {
        general.entries.splice(1, 0, entry("spiff-name-bn", PropertyText, { name: PROPERTY.nameBn,
                                                                            label: "Name in Bengali" },
                                           isTextFieldEntryEdited));
        general.entries.splice(3, 0, entry("spiff-task-type", TaskType));
      }
      if (general && isAny(element, ["bpmn:FlowNode"]) && laneOf(element, injector.get("elementRegistry"))) {
        general.entries.splice(4, 0, entry("spiff-lane", TaskLane));
      }
      if (general && is(element, "bpmn:Lane")) { general.entries.splice(1, 0, entry("spiff-lane-role", LaneRole)); }
      const timer = groups.filter((g) => g.id === "timer")[0];
      if (timer && hasTimer(element)) { timer.entries.unshift(entry("spiff-timer-deadline", TimerDeadline)); }
      const add = (id, label, entries) => groups.splice(1, 0, { id: id, label: translate(label), component: Group,
                                                                 entries: entries });
      if (is(element, "bpmn:UserTask")) {
        add("spiff-user-task", "Form and deadlines", [
          entry("spiff-form", PropertySelect, { name: PROPERTY.form, label: "Form the officer fills in",
                                                options: forms }),
          entry("spiff-new-form", NewFormButton, {}, () => false),
          entry("spiff-due", PropertySelect, { name: PROPERTY.due, label: "Due by",
                                               description: "Shown on worklists; colours the task when it lapses.",
                                               options: dates }),
          entry("spiff-reminder", PropertySelect, { name: PROPERTY.reminder, label: "Remind at", options: dates }),
          entry("spiff-event", PropertyText, { name: PROPERTY.event, label: "Name in the case history",
                                               description: "e.g. atr_checked (letters, digits, _)" },
                isTextFieldEntryEdited)
        ]);
      }
      if (is(element, "bpmn:ScriptTask")) {
        add("spiff-script", "Script", [entry("spiff-script-text", Script, {}, isTextAreaEntryEdited)]);
      }
      if (fromGateway(element)) {
        add("spiff-condition", "Condition", [entry("spiff-condition-text", Condition, {}, isTextAreaEntryEdited)]);
      }
      if (is(element, "bpmn:BusinessRuleTask")) {
        add("spiff-decision", "Decision", [entry("spiff-decision-id", Decision, {}, isTextFieldEntryEdited)]);
      }
      return groups;
    };
  };
  propertiesPanel.registerProvider(400, this);
}

SpiffPropertiesProvider.$inject = ["propertiesPanel", "injector"];
