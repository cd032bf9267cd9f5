// The analytics page's bar charts (chart.js, served by the app); each chart's data is in a
// JSON element the server wrote, and the same numbers are in the table under it.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") return;
  var colors = ["#1f4e8c", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#6d597a", "#264653"];
  document.querySelectorAll("canvas.bar-chart").forEach(function (canvas) {
    var data = JSON.parse(document.getElementById(canvas.getAttribute("data-source")).textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets
          ? data.datasets.map(function (d, i) {
            return { label: d.label, data: d.values, backgroundColor: d.color || colors[i] };
          })
          : [{ label: data.label, data: data.values, backgroundColor: data.colors || colors }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: Boolean(data.datasets) } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
    canvas.setAttribute("data-drawn", "true");
  });
})();
