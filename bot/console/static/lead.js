// The lead page's score chart (chart.js, served by the app). The data is in a JSON
// element the server wrote; no inline script runs (the console's CSP forbids it).
(function () {
  "use strict";
  var canvas = document.getElementById("score-chart");
  var source = document.getElementById("score-data");
  if (!canvas || !source || typeof window.Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var points = data.points;
  if (points.length === 1) points = [points[0], points[0]];
  var labels = points.map(function (p) { return p.at.replace("T", " ").slice(0, 16); });
  function series(key, label, color, dash) {
    return {
      label: label,
      data: points.map(function (p) { return key === "threshold" ? data.threshold : p[key]; }),
      borderColor: color,
      backgroundColor: color,
      borderDash: dash || [],
      pointRadius: key === "threshold" ? 0 : 3,
      stepped: key !== "threshold",
      tension: 0
    };
  }
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: labels,
      datasets: [
        series("total", data.labels.total, "#1f4e8c"),
        series("fit", data.labels.fit, "#2a9d8f"),
        series("pain", data.labels.pain, "#e76f51"),
        series("threshold", data.labels.threshold, "#777777", [6, 4])
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true } }
    }
  });
  canvas.setAttribute("data-drawn", "true");
})();
