// The process owner's editor: bpmn-js and dmn-js modelers on the latest version's files; Validate lists the
// problems (errors and warnings) and marks each on its element; Deploy stores the edit as a new version (errors refuse
// it, warnings do not). bpmnlint (the same rules the server runs) marks issues on the diagram while editing. Files
// never opened are not sent, and the server carries them (and the forms) over unchanged. A properties panel beside
// each diagram configures what the engine reads (task type, lane, form, deadlines, scripts, conditions, timers);
// forms made in its dialog are sent with the edit.
(function () {
  "use strict";

  var root = document.getElementById("process-editor");
  if (!root) { return; }
  var files = JSON.parse(document.getElementById("model-files").textContent);
  var text = JSON.parse(document.getElementById("editor-messages").textContent);
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var tabs = Array.prototype.slice.call(root.querySelectorAll('[role="tab"]'));
  var statusBox = document.getElementById("editor-status");
  var problemsBox = document.getElementById("problems-box");
  var problemList = document.getElementById("problems");
  var buttons = [document.getElementById("validate-button"), document.getElementById("deploy-button")];
  var note = document.getElementById("deploy-note");
  var editors = {};  // file name -> {name, kind, modeler, ready}
  var READABLE = 0.5;  // the smallest zoom at which task names can be read
  var marked = [];   // {canvas, id} of every element now marked with a problem

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
  }

  function say(message, isError, link) {
    statusBox.textContent = message;
    statusBox.classList.toggle("is-error", !!isError);
    if (link) {
      var a = document.createElement("a");
      a.href = link;
      a.textContent = text.versions;
      statusBox.appendChild(document.createTextNode(" "));
      statusBox.appendChild(a);
    }
  }

  // The whole diagram if it is legible so; otherwise its left part at half size (drag or scroll to pan).
  function overview(canvas) {
    canvas.zoom("fit-viewport");
    var box = canvas.viewbox();
    if (box.scale < READABLE) {
      canvas.viewbox({ x: box.inner.x - 20, y: box.inner.y - 20, width: box.outer.width / READABLE,
                       height: box.outer.height / READABLE });
    }
  }

  var studio = JSON.parse(document.getElementById("studio-choices").textContent);
  var newForms = {};  // "forms/<name>.schema.json" -> the JSON Schema text made in the form dialog (form-builder.js)

  function formNames() {
    return studio.forms.concat(Object.keys(newForms).map(function (path) { return path.replace(/^forms\//, ""); }));
  }

  // "Create a new form…" in the properties panel: the dialog's form joins the edit and is chosen for the task.
  function newForm(choose) {
    window.FormBuilder.open(formNames(), text, function (name, content) {
      newForms["forms/" + name] = content;
      choose(name);
      say(fmt(text.formCreated, { name: name }));
    });
  }

  // bpmn-js with bpmnlint's live checks and the properties panel (web/static/vendor/process-modeler.js).
  function bpmnModeler(container) {
    var panel = container.parentNode.querySelector(".modeler-panel");
    return window.ProcessModeler.create({
      container: container, panel: panel, words: studio.words,
      spiffProperties: { forms: formNames, newForm: newForm, roles: studio.roles, deadlines: studio.deadlines,
                         dateVariables: studio.dateVariables }
    });
  }

  function isWarning(problem) { return problem.severity === "warning"; }

  function open(name, container) {
    if (editors[name]) { return editors[name].ready; }
    var kind = /\.dmn$/.test(name) ? "dmn" : "bpmn";
    var modeler = kind === "bpmn" ? bpmnModeler(container) : new DmnJS({ container: container });
    var editor = { name: name, kind: kind, modeler: modeler };
    editor.ready = modeler.importXML(files[name]).then(function () {
      if (kind === "bpmn") { overview(modeler.get("canvas")); }
      container.dataset.ready = "true";
      return editor;
    }).catch(function (error) {
      container.dataset.ready = "error";
      say(fmt(text.loadFailed, { file: name, error: error.message }), true);
      throw error;
    });
    editors[name] = editor;
    return editor.ready;
  }

  function activate(tab, focus) {
    tabs.forEach(function (other) {
      var selected = other === tab;
      other.setAttribute("aria-selected", selected ? "true" : "false");
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    });
    if (focus) { tab.focus(); }
    var panel = document.getElementById(tab.getAttribute("aria-controls"));
    return open(tab.dataset.file, panel.querySelector(".modeler-canvas")).then(function (editor) {
      var diagram = diagramOf(editor);
      if (diagram) { diagram.get("canvas").resized(); }
      return editor;
    });
  }

  function tabOf(name) {
    return tabs.filter(function (tab) { return tab.dataset.file === name; })[0];
  }

  tabs.forEach(function (tab, index) {
    tab.addEventListener("click", function () { activate(tab, false); });
    tab.addEventListener("keydown", function (event) {
      var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (event.key === "Home") { step = -index; }
      if (event.key === "End") { step = tabs.length - 1 - index; }
      if (step === undefined) { return; }
      event.preventDefault();
      activate(tabs[(index + step + tabs.length) % tabs.length], true);
    });
  });

  // The diagram services of what an editor shows now (a DMN decision table has no diagram), or null.
  function diagramOf(editor) {
    if (editor.kind === "bpmn") { return editor.modeler; }
    var viewer = editor.modeler.getActiveViewer();
    try {
      ["elementRegistry", "canvas", "overlays", "selection"].forEach(function (service) { viewer.get(service); });
      return viewer;
    } catch (noDiagram) { return null; }
  }

  function clearMarks() {
    marked.forEach(function (mark) {
      try { mark.canvas.removeMarker(mark.id, mark.marker); } catch (deletedSince) { /* nothing left to unmark */ }
    });
    Object.keys(editors).forEach(function (name) {
      var diagram = diagramOf(editors[name]);
      if (diagram) { diagram.get("overlays").remove({ type: "problem" }); }
    });
    marked = [];
  }

  function mark(problem) {
    var editor = editors[problem.file];
    var diagram = editor && problem.element_id ? diagramOf(editor) : null;
    var element = diagram ? diagram.get("elementRegistry").get(problem.element_id) : null;
    if (!element) { return null; }
    var canvas = diagram.get("canvas");
    var marker = isWarning(problem) ? "has-warning" : "has-problem";
    if (!canvas.hasMarker(element, marker)) {
      canvas.addMarker(element, marker);
      marked.push({ canvas: canvas, id: element.id, marker: marker });
    }
    var badge = document.createElement("div");
    badge.className = isWarning(problem) ? "problem-badge is-warning" : "problem-badge";
    badge.textContent = isWarning(problem) ? "?" : "!";
    badge.title = problem.message;
    diagram.get("overlays").add(element, "problem", { position: { top: -12, right: 12 }, html: badge });
    return { diagram: diagram, element: element };
  }

  function reveal(problem) {
    var tab = tabOf(problem.file);
    if (!tab) { return; }
    activate(tab, false).then(function () {
      var found = mark(problem);
      if (!found) { return; }
      var canvas = found.diagram.get("canvas");
      if (canvas.zoom() < 1) { canvas.zoom(1); }
      canvas.scrollToElement(found.element);
      found.diagram.get("selection").select(found.element);
      canvas.getContainer().focus();
    });
  }

  function describe(problem) {
    var where = [problem.file, problem.element_id, problem.line ? fmt(text.line, { line: problem.line }) : ""];
    where = where.filter(Boolean).join(" · ");
    return (isWarning(problem) ? text.warning + " " : "") + (where ? where + ": " : "") + problem.message;
  }

  function show(problems) {
    clearMarks();
    problemList.textContent = "";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.dataset.elementId = problem.element_id || "";
      item.dataset.severity = problem.severity || "error";
      item.appendChild(document.createTextNode(describe(problem) + " "));
      if (problem.element_id && tabOf(problem.file)) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "link";
        button.textContent = text.show;
        button.addEventListener("click", function () { reveal(problem); });
        item.appendChild(button);
      }
      problemList.appendChild(item);
      mark(problem);
    });
    problemsBox.hidden = problems.length === 0;
  }

  // Every opened file as the modeler now has it, and the forms made here; the server adds the files not sent from
  // the latest version.
  function editedFiles() {
    var names = Object.keys(editors);
    return Promise.all(names.map(function (name) {
      return editors[name].ready.then(function (editor) { return editor.modeler.saveXML({ format: true }); });
    })).then(function (saved) {
      var out = Object.assign({}, newForms);
      saved.forEach(function (result, i) { out[names[i]] = result.xml; });
      return out;
    });
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      if ((response.headers.get("Content-Type") || "").indexOf("json") < 0) {
        throw new Error(fmt(text.serverError, { status: response.status }));
      }
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    });
  }

  function busy(on) {
    root.setAttribute("aria-busy", on ? "true" : "false");
    buttons.forEach(function (button) { button.disabled = on; });
  }

  function run(message, work) {
    busy(true);
    say(message);
    return editedFiles().then(work).catch(function (error) { say(error.message, true); })
      .then(function () { busy(false); });
  }

  function validate() {
    return run(text.validating, function (changed) {
      return post(root.dataset.validateUrl, { files: changed }).then(function (answer) {
        var problems = answer.data.problems || [];
        var errors = problems.filter(function (p) { return !isWarning(p); }).length;
        show(problems);
        say(!answer.data.ok ? fmt(text.problemsFound, { count: errors })
            : problems.length ? fmt(text.validWithWarnings, { count: problems.length }) : text.valid, !answer.data.ok);
        if (problems.length) { document.getElementById("problems-title").focus(); }
      });
    });
  }

  function deploy() {
    if (note.value.trim().length < 5) {  // every version says what changed and why
      say(text.noteNeeded, true);
      note.setAttribute("aria-invalid", "true");
      note.focus();
      return Promise.resolve();
    }
    note.removeAttribute("aria-invalid");
    return run(text.deploying, function (changed) {
      var reason = document.getElementById("deploy-override-reason");
      var body = { files: changed, note: note.value.trim(),
                   override_reason: (reason && reason.value.trim()) || null };
      return post(root.dataset.deployUrl, body).then(function (answer) {
        if (answer.status === 201) {
          var warnings = answer.data.warnings || [];
          show(warnings);
          say(fmt(answer.data.is_new ? text.deployed : text.unchanged, { version: answer.data.version }) +
              (warnings.length ? " " + fmt(text.deployedWarnings, { count: warnings.length }) : ""), false,
              root.dataset.indexUrl);
          root.dataset.deployedVersion = answer.data.version;
          return;
        }
        var problems = answer.data.problems || [];
        show(problems);
        say(fmt(text.notDeployed, { count: problems.filter(function (p) { return !isWarning(p); }).length }), true);
        // A refusal from replay on recent cases carries its report; replay.js shows it and asks for a reason.
        if (answer.data.replay) { root.dispatchEvent(new CustomEvent("replay-report", { detail: answer.data.replay })); }
        if (problems.length) { document.getElementById("problems-title").focus(); }
      });
    });
  }

  buttons[0].addEventListener("click", validate);
  buttons[1].addEventListener("click", deploy);

  // A handle for scripted edits (and the browser tests): the modelers by file name.
  window.processEditor = { editors: editors, open: function (name) { return activate(tabOf(name), false); },
                          editedFiles: editedFiles, post: post, show: show, newForms: newForms };
  if (tabs.length) { activate(tabs[0], false); }
})();
