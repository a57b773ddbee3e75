// The dashboard's trend chart: receipts (bars) and disposals (line) per day, drawn with Chart.js from the JSON
// placed beside the canvas. The same figures are in the table under the chart for screen readers and without JS.
(function () {
  "use strict";
  var canvas = document.getElementById("trend-chart");
  var source = document.getElementById("trend-data");
  if (!canvas || !source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var styles = getComputedStyle(document.documentElement);
  var blue = styles.getPropertyValue("--brand").trim() || "#0b5394";
  var green = styles.getPropertyValue("--green").trim() || "#1a7f37";
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        {label: data.received_label, data: data.received, backgroundColor: blue, order: 2},
        {type: "line", label: data.disposed_label, data: data.disposed, borderColor: green, backgroundColor: green,
         borderWidth: 3, pointStyle: "rectRot", pointRadius: 4, order: 1}
      ]
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: {mode: "index", intersect: false},
      scales: {y: {beginAtZero: true, ticks: {precision: 0}}, x: {ticks: {autoSkip: true, maxRotation: 0}}},
      plugins: {legend: {position: "bottom", reverse: true}}
    }
  });
})();
