// The editor's "Create a new form" dialog: the process owner names the form and its fields (English, optionally
// Bengali; short or long text, yes/no, number or one of a list; required or not) and gets a JSON Schema file
// (forms/<name>.schema.json) that the officer's task page draws (web/forms.py reads x-title-bn and x-enum-bn).
// FormBuilder.open(existingNames, text, onCreate) calls onCreate(fileName, schemaText) when the form is made.
(function () {
  "use strict";

  var dialog = document.getElementById("form-builder");
  if (!dialog) { return; }
  var list = document.getElementById("form-fields");
  var rowTemplate = document.getElementById("form-field-row");
  var errorBox = document.getElementById("form-builder-errors");
  var counter = 0;
  var current = null;  // {existing, text, onCreate} of the open dialog

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
  }

  function slug(text, fallback) {
    var out = text.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40);
    return /^[a-z]/.test(out) ? out : fallback;
  }

  function lines(text) {
    return text.split(/\n/).map(function (line) { return line.trim(); }).filter(Boolean);
  }

  function addRow() {
    counter += 1;
    var row = rowTemplate.content.firstElementChild.cloneNode(true);
    row.querySelectorAll("[data-name]").forEach(function (input) {
      input.id = "form-field-" + counter + "-" + input.dataset.name;
    });
    row.querySelectorAll("label[data-for]").forEach(function (label) {
      label.htmlFor = "form-field-" + counter + "-" + label.dataset.for;
    });
    var kind = row.querySelector('[data-name="kind"]');
    kind.addEventListener("change", function () {
      row.querySelectorAll("[data-when]").forEach(function (box) { box.hidden = box.dataset.when !== kind.value; });
    });
    row.querySelector('[data-action="remove"]').addEventListener("click", function () { row.remove(); });
    list.appendChild(row);
    return row;
  }

  function valueOf(row, name) {
    var input = row.querySelector('[data-name="' + name + '"]');
    return input.type === "checkbox" ? input.checked : input.value.trim();
  }

  // The JSON Schema of the dialog's form, or the list of what is missing.
  function build(text) {
    var problems = [];
    var title = document.getElementById("form-title").value.trim();
    var titleBn = document.getElementById("form-title-bn").value.trim();
    var schema = { "$schema": "https://json-schema.org/draft/2020-12/schema", title: title, type: "object",
                   additionalProperties: false, required: [], properties: {} };
    if (titleBn) { schema["x-title-bn"] = titleBn; }
    if (!title) { problems.push(text.formNoTitle); }
    var rows = Array.prototype.slice.call(list.children);
    if (!rows.length) { problems.push(text.formNoFields); }
    rows.forEach(function (row, index) {
      var n = { n: index + 1 };
      var label = valueOf(row, "label");
      if (!label) { problems.push(fmt(text.formNoLabel, n)); return; }
      var name = slug(label, "field_" + (index + 1));
      if (schema.properties[name]) { problems.push(fmt(text.formSameLabel, n)); return; }
      var kind = valueOf(row, "kind");
      var prop = { title: label };
      if (valueOf(row, "label_bn")) { prop["x-title-bn"] = valueOf(row, "label_bn"); }
      if (kind === "yes_no") { prop.type = "boolean"; }
      else if (kind === "number") { prop.type = "number"; }
      else if (kind === "choice") {
        var choices = lines(valueOf(row, "choices")), choicesBn = lines(valueOf(row, "choices_bn"));
        prop.type = "string";
        prop["enum"] = choices;
        if (choices.length < 2) { problems.push(fmt(text.formFewChoices, n)); }
        if (choicesBn.length && choicesBn.length !== choices.length) { problems.push(fmt(text.formChoicesBn, n)); }
        if (choicesBn.length) { prop["x-enum-bn"] = choicesBn; }
      } else {
        prop.type = "string";
        prop.maxLength = kind === "long_text" ? 2000 : 200;
      }
      if (valueOf(row, "required") && kind !== "yes_no") {
        schema.required.push(name);
        if (prop.type === "string" && !prop["enum"]) { prop.minLength = 1; }
      }
      schema.properties[name] = prop;
    });
    return problems.length ? { problems: problems } : { schema: schema };
  }

  function showProblems(problems) {
    var ul = errorBox.querySelector("ul");
    ul.textContent = "";
    problems.forEach(function (message) {
      var li = document.createElement("li");
      li.textContent = message;
      ul.appendChild(li);
    });
    errorBox.hidden = !problems.length;
    if (problems.length) { errorBox.focus(); }
  }

  function fileName(title, existing) {
    var base = slug(title, "form"), name = base, n = 1;
    while (existing.indexOf(name + ".schema.json") >= 0) { n += 1; name = base + "_" + n; }
    return name + ".schema.json";
  }

  document.getElementById("form-add-field").addEventListener("click", function () {
    addRow().querySelector("input").focus();
  });
  document.getElementById("form-cancel").addEventListener("click", function () { dialog.close(); });
  document.getElementById("form-create").addEventListener("click", function () {
    var made = build(current.text);
    if (made.problems) { showProblems(made.problems); return; }
    var name = fileName(made.schema.title, current.existing);
    current.onCreate(name, JSON.stringify(made.schema, null, 2) + "\n");
    dialog.close();
  });

  window.FormBuilder = {
    open: function (existing, text, onCreate) {
      current = { existing: existing, text: text, onCreate: onCreate };
      dialog.querySelector("form").reset();
      list.textContent = "";
      showProblems([]);
      addRow();
      dialog.showModal();
      document.getElementById("form-title").focus();
    }
  };
})();
