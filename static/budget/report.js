// Draws the board report's charts from the JSON in #budget-chart-data (json_script).
// The tables beside the charts hold the same figures for screen readers and print.
(function () {
  "use strict";
  var source = document.getElementById("budget-chart-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  function numbers(list) {
    return list.map(function (value) { return value === null ? null : Number(value); });
  }
  var months = document.getElementById("budget-months-chart");
  if (months) {
    var approved = Number(data.months.approved);
    new window.Chart(months, {
      type: "line",
      data: {
        labels: data.months.labels,
        datasets: [
          { label: "Spent so far (USD)", data: numbers(data.months.cumulative), borderColor: "#1f4e79", backgroundColor: "#1f4e79" },
          { label: "Projected at the current rate (USD)", data: numbers(data.months.projected), borderColor: "#b26a00", backgroundColor: "#b26a00", borderDash: [6, 4] },
          { label: "Approved (USD)", data: data.months.labels.map(function () { return approved; }), borderColor: "#b02a37", backgroundColor: "#b02a37", pointRadius: 0 },
          { label: "Spent in the month (USD)", type: "bar", data: numbers(data.months.spent), backgroundColor: "#6c8ebf" }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        spanGaps: false,
        scales: { y: { beginAtZero: true, title: { display: true, text: "USD" } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
  var support = document.getElementById("budget-support-chart");
  if (support) {
    new window.Chart(support, {
      type: "bar",
      data: {
        labels: data.support.labels,
        datasets: [
          { label: "Sponsorships (USD)", data: numbers(data.support.sponsorships), backgroundColor: "#1f4e79" },
          { label: "Grants (USD)", data: numbers(data.support.grants), backgroundColor: "#b8860b" }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, title: { display: true, text: "USD" } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }
  // The browser test reads what the charts drew and compares it with the tables.
  window.budgetCharts = data;
})();
