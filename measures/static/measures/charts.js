/* Monthly trend charts of the 23-measures pages (Apache ECharts, shipped as static/vendor/echarts.min.js).
   Each chart reads its points from the data-trend attribute; the same figures are in the table
   under it, which is all a browser without JavaScript shows. */
(function () {
  "use strict";
  function draw(el) {
    var points;
    try { points = JSON.parse(el.getAttribute("data-trend") || "[]"); } catch (e) { return; }
    if (!points.length) { return; }
    var target = parseFloat(el.getAttribute("data-target"));
    el.classList.add("trend-chart-on");
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    var series = [{
      type: "line", smooth: false, symbolSize: 4, areaStyle: { opacity: 0.15 },
      data: points.map(function (p) { return p[1] === null ? null : parseFloat(p[1]); })
    }];
    if (!isNaN(target)) {
      series[0].markLine = { silent: true, symbol: "none", label: { show: false }, lineStyle: { type: "dashed" },
                             data: [{ yAxis: target }] };
    }
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 12, top: 10, bottom: 22 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: points.map(function (p) { return p[0].slice(5); }) },
      yAxis: { type: "value", min: 0, max: isNaN(target) ? null : function (v) { return Math.max(v.max, target); } },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function init() {
    if (!window.echarts) { return; }
    var charts = document.querySelectorAll(".trend-chart[data-trend]");
    for (var i = 0; i < charts.length; i++) { draw(charts[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
