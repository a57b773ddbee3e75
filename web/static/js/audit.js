// The auditor's diagram: each instance's deployed version, the steps it passed in green, where it stands in blue.
(function () {
  "use strict";

  function highlight(viewer, completed, open) {
    var registry = viewer.get("elementRegistry");
    var canvas = viewer.get("canvas");
    var passed = new Set(completed);
    passed.forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, "path-passed"); } });
    open.forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, "path-open"); } });
    // A flow was taken when the steps at both its ends were passed (or it leads to where the case stands).
    registry.filter(function (el) { return el.type === "bpmn:SequenceFlow"; }).forEach(function (flow) {
      var from = flow.businessObject.sourceRef.id, to = flow.businessObject.targetRef.id;
      if (passed.has(from) && (passed.has(to) || open.indexOf(to) >= 0)) { canvas.addMarker(flow.id, "path-passed"); }
    });
  }

  function show(container) {
    var viewer = new BpmnJS({ container: container });
    fetch(container.dataset.diagramUrl, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        viewer.get("canvas").zoom("fit-viewport");
        highlight(viewer, JSON.parse(container.dataset.completed), JSON.parse(container.dataset.open));
        container.dataset.ready = "true";
      })
      .catch(function (error) {
        container.textContent = "The diagram could not be shown: " + error.message;
        container.dataset.ready = "error";
      });
  }

  document.querySelectorAll(".diagram[data-diagram-url]").forEach(show);
})();
