// "Test on real cases": sends the edit (as the modeler has it) to be replayed on recent grievances and shows the
// report: cases per outcome, the cases that would change, deadlines and escalations that move, workload per role
// and office, elements no case reaches. A Deploy refused by replay shows its report the same way and asks for the
// reason to deploy anyway (the field modeler.js sends).
(function () {
  "use strict";

  var root = document.getElementById("process-editor");
  var button = document.getElementById("replay-button");
  if (!root || !button || !window.processEditor) { return; }
  var text = JSON.parse(document.getElementById("replay-messages").textContent);
  var box = document.getElementById("replay-box");
  var body = document.getElementById("replay-body");
  var overrideField = document.getElementById("override-field");
  var statusBox = document.getElementById("editor-status");
  var MAX_ROWS = 50;

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
  }

  function el(tag, content, className) {
    var node = document.createElement(tag);
    if (content !== undefined && content !== null) { node.textContent = String(content); }
    if (className) { node.className = className; }
    return node;
  }

  function heading(label) { body.appendChild(el("h3", label)); }

  // A table with a caption, a header row and one row per item; the first cell of a row is its header.
  function table(caption, headers, rows) {
    var wrap = el("div", null, "table-wrap");
    var t = el("table");
    t.appendChild(el("caption", caption, "visually-hidden"));  // the heading above says it for sighted readers
    var head = el("tr");
    headers.forEach(function (h) { var th = el("th", h); th.scope = "col"; head.appendChild(th); });
    t.appendChild(el("thead")).appendChild(head);
    var tbody = t.appendChild(el("tbody"));
    rows.slice(0, MAX_ROWS).forEach(function (cells) {
      var tr = el("tr");
      cells.forEach(function (cell, i) {
        var td = el(i === 0 ? "th" : "td", cell);
        if (i === 0) { td.scope = "row"; }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    wrap.appendChild(t);
    body.appendChild(wrap);
    if (rows.length > MAX_ROWS) { body.appendChild(el("p", fmt(text.more, { count: rows.length - MAX_ROWS }))); }
  }

  function where(c) {
    if (c.outcome === "different" && c.diverged_at) {
      return fmt(text.divergedAt, { replayed: c.diverged_at.replayed || text.ended,
                                    recorded: c.diverged_at.recorded || text.ended });
    }
    return c.element_id || "";
  }

  function detail(c) {
    if (c.message) { return c.message; }
    return c.waiting_at && c.waiting_at.length ? fmt(text.waitsAt, { elements: c.waiting_at.join(", ") }) : "";
  }

  function showCases(report) {
    var changed = report.cases.filter(function (c) { return c.outcome !== "same"; });
    if (!changed.length) { return; }
    heading(text.changedCases);
    table(text.changedCases, [text.case, text.outcome, text.where, text.detail], changed.map(function (c) {
      return [c.reg_no, text[c.outcome] || c.outcome, where(c), detail(c)];
    }));
  }

  function showDeadlines(report) {
    var moved = report.deadlines.filter(function (d) {
      return d.moved || (d.kind === "timer" && d.recorded_firings !== d.replayed_firings);
    });
    if (!moved.length) { return; }
    heading(text.deadlines);
    table(text.deadlines, [text.element, text.moved, text.shift, text.firings], moved.map(function (d) {
      var firings = d.kind === "timer" ? d.recorded_firings + " → " + d.replayed_firings : "";
      return [d.title + " (" + d.element_id + ")", fmt(text.movedOf, d), d.max_shift_hours, firings];
    }));
  }

  function showWorkload(rows, key, caption, label) {
    if (!rows.length) { return; }
    heading(caption);
    table(caption, [label, text.recorded, text.replayed, text.change], rows.map(function (r) {
      return [r[key], r.recorded, r.replayed, (r.change > 0 ? "+" : "") + r.change];
    }));
  }

  function showErrors(report) {
    if (!report.errors.length) { return; }
    heading(text.errors);
    var list = body.appendChild(el("ul", null, "replay-errors"));
    report.errors.forEach(function (e) {
      list.appendChild(el("li", fmt(text.errorLine, { element: e.element_id || "", message: e.message,
                                                     cases: e.cases })));
    });
  }

  function showNeverReached(report) {
    heading(text.neverReached);
    if (!report.never_reached.length) { body.appendChild(el("p", text.allReached)); return; }
    var list = body.appendChild(el("ul", null, "replay-never"));
    report.never_reached.forEach(function (e) { list.appendChild(el("li", e.title + " (" + e.element_id + ")")); });
  }

  function render(report) {
    body.textContent = "";
    var o = report.outcomes;
    body.appendChild(el("p", report.cases_replayed ? fmt(text.summary, {
      cases: report.cases_replayed, same: o.same, different: o.different, stuck: o.stuck, error: o.error
    }) : text.none, "replay-summary"));
    if (o.error) { body.appendChild(el("p", text.failing, "is-error")); }
    overrideField.hidden = !o.error;
    showErrors(report);
    showCases(report);
    showDeadlines(report);
    showWorkload(report.workload.by_lane, "lane", text.workloadLane, text.role);
    showWorkload(report.workload.by_office, "office", text.workloadOffice, text.office);
    showNeverReached(report);
    box.hidden = false;
    document.getElementById("replay-title").focus();
  }

  function value(id) { return document.getElementById(id).value.trim(); }

  function criteria() {
    var out = { limit: parseInt(value("replay-limit") || "100", 10) };
    if (value("replay-since")) { out.since = value("replay-since") + "T00:00:00+05:30"; }
    if (value("replay-until")) { out.until = value("replay-until") + "T00:00:00+05:30"; }
    if (value("replay-department")) { out.department = value("replay-department"); }
    return out;
  }

  function say(message, isError) {
    statusBox.textContent = message;
    statusBox.classList.toggle("is-error", !!isError);
  }

  function failure(data) {
    if (data.problems) { window.processEditor.show(data.problems); }
    var errors = data.errors || {};
    var first = Object.keys(errors)[0];
    return first ? first + ": " + errors[first][0] : (data.detail || (data.problems || [{}])[0].message || "");
  }

  function replay() {
    button.disabled = true;
    root.setAttribute("aria-busy", "true");
    say(text.running);
    window.processEditor.editedFiles().then(function (files) {
      var request = criteria();
      request.files = files;
      return window.processEditor.post(button.dataset.replayUrl, request);
    }).then(function (answer) {
      if (answer.status !== 200) { say(failure(answer.data), true); return; }
      say("");
      render(answer.data.replay);
    }).catch(function (error) { say(error.message, true); }).then(function () {
      button.disabled = false;
      root.setAttribute("aria-busy", "false");
    });
  }

  button.addEventListener("click", replay);
  root.addEventListener("replay-report", function (event) { render(event.detail); });
})();
