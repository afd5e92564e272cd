// The statistics page (/stats): draws each chart from #stats-data with Chart.js; the tables under
// the charts hold the same figures and are what a reader without JavaScript gets.
(function () {
  "use strict";
  var source = document.getElementById("stats-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var locale = data.lang === "sv" ? "sv-SE" : "en-GB";
  var numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  // Colours with at least 3:1 contrast on white, and a pattern each, so that statuses differ by more than colour.
  var STYLES = [
    { colour: "#2f6b3b", mark: "solid" },
    { colour: "#1f5a96", mark: "stripes" },
    { colour: "#8a4b08", mark: "dots" },
    { colour: "#6b3d8f", mark: "lines" },
    { colour: "#555555", mark: "back-stripes" },
  ];
  var UNSTATED = { colour: "#6e6e6e", mark: "stripes" };

  function pattern(style) {
    if (style.mark === "solid") return style.colour;
    var size = 8;
    var canvas = document.createElement("canvas");
    canvas.width = size;
    canvas.height = size;
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, size, size);
    ctx.fillStyle = style.colour;
    ctx.strokeStyle = style.colour;
    ctx.lineWidth = 3;
    if (style.mark === "dots") {
      ctx.fillRect(0, 0, size, size);
      ctx.fillStyle = "#ffffff";
      ctx.beginPath();
      ctx.arc(size / 2, size / 2, 1.6, 0, 2 * Math.PI);
      ctx.fill();
    } else if (style.mark === "lines") {
      ctx.fillRect(0, 0, size, size / 2 + 1);
    } else {
      var forward = style.mark === "stripes";
      ctx.beginPath();
      for (var k = -1; k <= 1; k++) {
        var o = k * size;
        if (forward) { ctx.moveTo(o, size); ctx.lineTo(o + size, 0); } else { ctx.moveTo(o, 0); ctx.lineTo(o + size, size); }
      }
      ctx.stroke();
    }
    return ctx.createPattern(canvas, "repeat");
  }

  // The number at the end of each bar (single-series charts), so that a reader need not hover or tap.
  var valueLabels = {
    id: "symbiosValueLabels",
    afterDatasetsDraw: function (chart, args, options) {
      if (!options.show) return;
      var ctx = chart.ctx;
      var vertical = chart.options.indexAxis === "x";
      ctx.save();
      ctx.fillStyle = "#1b1b1b";
      ctx.font = "12px " + Chart.defaults.font.family;
      ctx.textAlign = vertical ? "center" : "left";
      ctx.textBaseline = vertical ? "bottom" : "middle";
      chart.getDatasetMeta(0).data.forEach(function (bar, index) {
        var text = numbers.format(chart.data.datasets[0].data[index]);
        if (vertical) ctx.fillText(text, bar.x, bar.y - 3); else ctx.fillText(text, bar.x + 4, bar.y);
      });
      ctx.restore();
    },
  };

  // A long label in lines of at most `width` characters (broken at spaces), three lines at most.
  function wrap(label, width) {
    var lines = [];
    var line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; } else { line = line ? line + " " + word : word; }
    });
    if (line) lines.push(line);
    if (lines.length > 3) lines = lines.slice(0, 2).concat([lines[2] + "\u2026"]);
    return lines;
  }

  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  Chart.defaults.color = "#1b1b1b";
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

  data.charts.forEach(function (spec) {
    var section = document.getElementById(spec.id);
    var canvas = document.getElementById(spec.id + "-canvas");
    if (!section || !canvas || !spec.labels.length) return;
    var box = canvas.parentElement;
    box.hidden = false;
    var narrow = window.innerWidth < 640;
    var width = narrow ? 20 : 44;
    var wrapped = spec.labels.map(function (label) { return spec.vertical ? [label] : wrap(label, width); });
    if (spec.vertical) {
      box.style.height = (narrow ? 260 : 320) + "px";
    } else {
      var rows = wrapped.reduce(function (sum, lines) { return sum + 16 + 13 * lines.length; }, 0);
      box.style.height = Math.max(140, rows + (spec.stacked ? (narrow ? 110 : 90) : 50)) + "px";
    }
    var datasets = spec.series.map(function (series, index) {
      var style = STYLES[index % STYLES.length];
      var dataset = {
        label: series.label,
        data: series.data,
        backgroundColor: pattern(style),
        borderColor: style.colour,
        borderWidth: 1,
      };
      if (!spec.stacked) {
        dataset.backgroundColor = spec.unstated.map(function (u) { return pattern(u ? UNSTATED : style); });
        dataset.borderColor = spec.unstated.map(function (u) { return u ? UNSTATED.colour : style.colour; });
      }
      return dataset;
    });
    var valueAxis = {
      beginAtZero: true,
      stacked: spec.stacked,
      ticks: { precision: 0, callback: function (value) { return numbers.format(value); } },
      grid: { color: "#e4e4e0" },
    };
    var labelAxis = {
      stacked: spec.stacked,
      grid: { display: false },
      ticks: {
        autoSkip: false,
        callback: function (value, index) { return wrapped[index]; },
      },
    };
    var chart = new Chart(canvas, {
      type: "bar",
      data: { labels: spec.labels, datasets: datasets },
      plugins: [valueLabels],
      options: {
        indexAxis: spec.vertical ? "x" : "y",
        locale: locale,
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 300 },
        scales: spec.vertical ? { x: labelAxis, y: valueAxis } : { x: valueAxis, y: labelAxis },
        layout: { padding: spec.vertical ? { top: 18 } : { right: 28 } },
        plugins: {
          symbiosValueLabels: { show: !spec.stacked },
          legend: { display: spec.stacked, position: "bottom", labels: { boxWidth: 18, boxHeight: 14 } },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? spec.titles[items[0].dataIndex] : ""; },
              label: function (item) { return " " + item.dataset.label + ": " + numbers.format(item.parsed[spec.vertical ? "y" : "x"]); },
            },
          },
        },
        onHover: function (event, elements) {
          var linked = elements.length && spec.hrefs[elements[0].index];
          event.native.target.style.cursor = linked ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length) return;
          var href = spec.hrefs[elements[0].index];
          if (href) window.location.assign(href);
        },
      },
    });
    canvas.symbiosChart = chart;
    var details = section.querySelector("details.stats-table");
    if (details) details.open = false;
  });
})();
