// The calibration page's reliability chart (chart.js, served by the app): P(yes) and P(won)
// by score band, each point with its 95% interval drawn as a bar, and the threshold in force
// and the recommended one as vertical lines. The data is in a JSON element the server wrote
// (the console's CSP forbids inline scripts); the same numbers are in the table under it.
(function () {
  "use strict";
  var canvas = document.getElementById("curve-chart");
  var source = document.getElementById("curve-data");
  if (!canvas || !source || typeof window.Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colors = { yes: "#1f4e8c", won: "#2a9d8f", threshold: "#555555", recommended: "#e76f51" };

  function series(key, label, shift) {
    return {
      label: label,
      data: data.points.map(function (p) {
        return { x: p.x + shift, y: p[key], low: p[key + "_low"], high: p[key + "_high"] };
      }),
      borderColor: colors[key],
      backgroundColor: colors[key],
      showLine: true,
      pointRadius: 4,
      tension: 0
    };
  }

  // Error bars (the intervals) and the two thresholds, drawn over the chart.
  var overlay = {
    id: "calibrationOverlay",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx, x = chart.scales.x, y = chart.scales.y, area = chart.chartArea;
      ctx.save();
      chart.data.datasets.forEach(function (set, i) {
        if (!chart.isDatasetVisible(i)) return;
        ctx.strokeStyle = set.borderColor;
        ctx.lineWidth = 1.5;
        set.data.forEach(function (p) {
          if (p.low === null || p.high === null) return;
          var px = x.getPixelForValue(p.x), top = y.getPixelForValue(p.high);
          var bottom = y.getPixelForValue(p.low);
          ctx.beginPath();
          ctx.moveTo(px, top); ctx.lineTo(px, bottom);
          ctx.moveTo(px - 4, top); ctx.lineTo(px + 4, top);
          ctx.moveTo(px - 4, bottom); ctx.lineTo(px + 4, bottom);
          ctx.stroke();
        });
      });
      [["threshold", [6, 4]], ["recommended", [2, 3]]].forEach(function (line) {
        var value = data[line[0]];
        if (value === null || value < x.min || value > x.max) return;
        var px = x.getPixelForValue(value);
        ctx.strokeStyle = colors[line[0]];
        ctx.fillStyle = colors[line[0]];
        ctx.lineWidth = 2;
        ctx.setLineDash(line[1]);
        ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
        ctx.setLineDash([]);
        ctx.textAlign = line[0] === "threshold" ? "right" : "left";
        ctx.fillText(data.labels[line[0]] + " " + value, px + (line[0] === "threshold" ? -4 : 4),
          area.top + (line[0] === "threshold" ? 12 : 26));
      });
      ctx.restore();
    }
  };

  new window.Chart(canvas, {
    type: "scatter",
    data: { datasets: [series("yes", "P(yes) %", -1), series("won", "P(won) %", 1)] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: {
          type: "linear",
          min: data.x_min,
          max: data.x_max,
          ticks: { stepSize: 10 },
          title: { display: true, text: data.labels.score }
        },
        y: { min: 0, max: 100, title: { display: true, text: "%" } }
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: function (item) {
              var p = item.raw;
              return item.dataset.label + ": " + p.y + " [" + p.low + "–" + p.high + "]";
            }
          }
        }
      }
    },
    plugins: [overlay]
  });
  canvas.setAttribute("data-drawn", "true");
})();
