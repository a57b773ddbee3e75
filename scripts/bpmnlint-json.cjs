#!/usr/bin/env node
// bpmnlint for the server: the same linter and .bpmnlintrc as the editor, reporting as JSON for engine/lint.py.
// Usage: node scripts/bpmnlint-json.cjs CONFIG FILE... -> {"FILE": [{"id", "message", "category", "rule"}]}
"use strict";

const { readFileSync } = require("node:fs");
const { BpmnModdle } = require("bpmn-moddle");
const Linter = require("bpmnlint/lib/linter");
const NodeResolver = require("bpmnlint/lib/resolver/node-resolver");

// <incoming>/<outgoing> are optional in BPMN XML (a sequence flow's sourceRef/targetRef says it all), but bpmnlint
// reads only them: fill them in from the flows, as the engine reads the diagram.
function linkFlows(elementsById) {
  Object.keys(elementsById).forEach(function (id) {
    const flow = elementsById[id];
    if (!flow.$instanceOf || !flow.$instanceOf("bpmn:SequenceFlow")) { return; }
    [[flow.sourceRef, "outgoing"], [flow.targetRef, "incoming"]].forEach(function (pair) {
      const node = pair[0];
      if (!node) { return; }
      const list = node.get(pair[1]);
      if (list.indexOf(flow) < 0) { list.push(flow); }
    });
  });
}

async function lintFile(linter, path) {
  const moddle = new BpmnModdle();
  let parsed;
  try {
    parsed = await moddle.fromXML(readFileSync(path, "utf-8"), "bpmn:Definitions");
  } catch (error) {
    return [{ id: "", message: "bpmnlint could not read the diagram: " + error.message, category: "error", rule: "" }];
  }
  linkFlows(parsed.elementsById || {});
  const reports = await linter.lint(parsed.rootElement);
  const out = [];
  Object.keys(reports).forEach(function (rule) {
    reports[rule].forEach(function (report) {
      out.push({ id: report.id || "", message: report.message, category: report.category, rule: rule });
    });
  });
  return out;
}

async function main() {
  const [configPath, ...files] = process.argv.slice(2);
  const linter = new Linter({ config: JSON.parse(readFileSync(configPath, "utf-8")), resolver: new NodeResolver() });
  const result = {};
  for (const path of files) {
    result[path] = await lintFile(linter, path);
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch(function (error) {
  process.stderr.write(String(error && error.stack || error));
  process.exit(2);
});
