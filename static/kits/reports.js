// Draws the report's chart from the JSON the server put in a json_script element.
// The table beside each chart holds the same figures for screen readers and printing.
(function () {
  "use strict";
  var source = document.getElementById("kit-cost-chart-data");
  var canvas = document.getElementById("kit-cost-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var palette = ["#1f4e79", "#b8860b", "#2e7d32", "#8e24aa", "#c62828", "#00838f"];
  data.datasets.forEach(function (dataset, index) {
    dataset.backgroundColor = palette[index % palette.length];
    dataset.data = dataset.data.map(Number);
  });
  new window.Chart(canvas, {
    type: "bar",
    data: data,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, title: { display: true, text: "USD" } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
