/* The director's dashboard: draws each chart from the JSON the page carries (the same numbers as
   the tables beside them), with the vendored Apache ECharts. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);

  function lineOrBar(block, kind) {
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: "category", data: block.months },
      yAxis: { type: "value" },
      series: block.series.map(function (s) {
        var item = { name: s.name, type: kind, data: s.data, connectNulls: false };
        if (kind === "bar") { item.stack = "total"; }
        return item;
      })
    };
  }

  var options = {
    volume: function () { return lineOrBar(data.volume, "line"); },
    case_types: function () { return lineOrBar(data.case_types, "bar"); },
    compliance: function () { return lineOrBar(data.compliance, "line"); },
    quality: function () { return lineOrBar(data.quality, "line"); },
    grades: function () {
      return {
        tooltip: { trigger: "item" },
        legend: { top: 0 },
        series: [{ type: "pie", radius: ["35%", "65%"], data: data.grades, label: { formatter: "{b}: {c}" } }]
      };
    }
  };

  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var build = options[element.getAttribute("data-chart")];
    if (!build) { return; }
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(build());
    element.setAttribute("data-rendered", "true");
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
