// Process versions, read-only (bpmn-js's navigated viewer): one version's diagram, or two compared with
// bpmn-js-differ: added elements marked on the newer diagram, removed ones on the older, changed ones on both,
// and the list of changes by the elements' names.
(function () {
  "use strict";

  function viewerIn(container, xml) {
    var viewer = new BpmnJS({ container: container });
    return viewer.importXML(xml).then(function () {
      viewer.get("canvas").zoom("fit-viewport");
      container.dataset.ready = "true";
      return viewer;
    });
  }

  // Where cases wait: a badge on each step (cases passed, median wait) and a shade by the median against the
  // slowest step's (the table under the diagram has the same figures).
  function showWaits(viewer) {
    var source = document.getElementById("waits-data");
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var registry = viewer.get("elementRegistry"), overlays = viewer.get("overlays"), canvas = viewer.get("canvas");
    data.steps.forEach(function (step) {
      if (!registry.get(step.id)) { return; }
      var badge = document.createElement("span");
      badge.className = "wait-badge";
      badge.textContent = data.words.passed.replace("{count}", step.passed) +
        (step.median === null ? "" : " · " + data.words.median.replace("{hours}", step.median));
      overlays.add(step.id, "waits", { position: { bottom: 4, left: 0 }, html: badge });
      if (step.median !== null && data.slowest > 0) {
        canvas.addMarker(step.id, "wait-" + Math.min(4, Math.floor(5 * step.median / data.slowest)));
      }
    });
    document.getElementById("version-diagram").dataset.waits = "shown";
  }

  var single = document.getElementById("version-diagram");
  if (single) {
    viewerIn(single, JSON.parse(document.getElementById("diagram-xml").textContent).xml).then(showWaits)
      .catch(function (error) {
        single.textContent = error.message;
        single.dataset.ready = "error";
      });
  }

  var source = document.getElementById("compare-data");
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  var list = document.getElementById("changes");

  function say(template, name) { return template.replace("{name}", name); }

  function mark(viewer, id, marker) {
    if (viewer.get("elementRegistry").get(id)) { viewer.get("canvas").addMarker(id, marker); }
  }

  function named(element) {  // flows without a name are marked on the diagram but not listed
    if (element.name) { return element.name; }
    return /SequenceFlow|Association/.test(element.$type || "") ? null : element.id;
  }

  Promise.all([viewerIn(document.getElementById("diagram-1"), data.xmls[0]),
               viewerIn(document.getElementById("diagram-2"), data.xmls[1])]).then(function (viewers) {
    var older = viewers[0], newer = viewers[1];
    var result = window.BpmnDiffer.diff(older.getDefinitions(), newer.getDefinitions());
    var lines = [];
    Object.keys(result._added).forEach(function (id) {
      mark(newer, id, "diff-added");
      var name = named(result._added[id]);
      if (name) { lines.push(["added", say(data.words.added, name)]); }
    });
    Object.keys(result._removed).forEach(function (id) {
      mark(older, id, "diff-removed");
      var name = named(result._removed[id]);
      if (name) { lines.push(["removed", say(data.words.removed, name)]); }
    });
    Object.keys(result._changed).forEach(function (id) {
      mark(older, id, "diff-changed");
      mark(newer, id, "diff-changed");
      var name = named(result._changed[id].model);
      if (name) { lines.push(["changed", say(data.words.changed, name)]); }
    });
    Object.keys(result._layoutChanged).forEach(function (id) {
      if (result._changed[id] || result._added[id] || result._removed[id]) { return; }
      var name = named(result._layoutChanged[id]);
      if (name) { lines.push(["moved", say(data.words.moved, name)]); }
    });
    list.textContent = "";
    if (!lines.length) { lines.push(["none", data.words.none]); }
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.className = "change-" + line[0];
      item.textContent = line[1];
      list.appendChild(item);
    });
    list.dataset.ready = "true";
  }).catch(function (error) {
    list.textContent = say(data.words.failed, error.message);
    list.dataset.ready = "error";
  });
})();
