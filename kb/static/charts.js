// ketamine-kb charts: inline SVG drawn from the JSON block on the page, no libraries.
// Every label is set with textContent, so harvested titles are never parsed as markup.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function text(parent, x, y, content, attrs) {
    var node = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    node.textContent = content;
    return node;
  }
  function niceTicks(lo, hi, count, integer) {
    var raw = (hi - lo || 1) / count;
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var norm = raw / mag;
    var step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
    if (integer) { step = Math.max(1, Math.round(step)); }
    var ticks = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + step / 1e6; t += step) { ticks.push(+t.toFixed(10)); }
    return ticks;
  }
  function fmt(v) { return String(Number(Number(v).toPrecision(3))); }
  function empty(container, message) {
    var p = document.createElement("p");
    p.className = "kb-empty";
    p.textContent = message;
    container.appendChild(p);
  }

  function perYear(container, rows) {
    if (!rows.length) { return empty(container, "No publications with a year yet."); }
    var years = [], conditions = [], counts = {};
    rows.forEach(function (r) {
      if (years.indexOf(r.year) < 0) { years.push(r.year); }
      if (conditions.indexOf(r.condition) < 0) { conditions.push(r.condition); }
      counts[r.year + "|" + r.condition] = r.n;
    });
    years.sort(function (a, b) { return a - b; });
    var full = [];
    for (var y = years[0]; y <= years[years.length - 1]; y++) { full.push(y); }
    conditions.sort();
    var totals = full.map(function (year) {
      return conditions.reduce(function (sum, c) { return sum + (counts[year + "|" + c] || 0); }, 0);
    });
    var max = Math.max.apply(null, totals.concat([1]));
    var m = { top: 20, right: 150, bottom: 40, left: 45 };
    var barW = Math.max(14, Math.min(40, 700 / full.length));
    var w = full.length * barW, h = 260;
    var svg = el("svg", { width: w + m.left + m.right, height: h + m.top + m.bottom, role: "img", "aria-label": "Publications per year by condition" }, container);
    var g = el("g", { transform: "translate(" + m.left + "," + m.top + ")" }, svg);
    var ticks = niceTicks(0, max, 5, true);
    var top = Math.max(max, ticks[ticks.length - 1]);
    function yPos(v) { return h - (v / top) * h; }
    ticks.forEach(function (t) {
      el("line", { x1: 0, x2: w, y1: yPos(t), y2: yPos(t), "class": "grid" }, g);
      text(g, -6, yPos(t) + 4, String(t), { "text-anchor": "end" });
    });
    full.forEach(function (year, i) {
      var base = 0;
      conditions.forEach(function (c, ci) {
        var n = counts[year + "|" + c] || 0;
        if (!n) { return; }
        var rect = el("rect", { x: i * barW + 1, width: barW - 2, y: yPos(base + n), height: yPos(base) - yPos(base + n), fill: COLOURS[ci % COLOURS.length], "class": "bar" }, g);
        var title = el("title", {}, rect);
        title.textContent = year + ", " + c + ": " + n;
        base += n;
      });
      if (full.length <= 25 || i % Math.ceil(full.length / 25) === 0) {
        text(g, i * barW + barW / 2, h + 16, String(year), { "text-anchor": "middle" });
      }
    });
    el("line", { x1: 0, x2: w, y1: h, y2: h, stroke: "#777" }, g);
    text(g, -34, h / 2, "documents", { transform: "rotate(-90 -34 " + h / 2 + ")", "text-anchor": "middle" });
    conditions.forEach(function (c, ci) {
      el("rect", { x: w + 15, y: ci * 18, width: 12, height: 12, fill: COLOURS[ci % COLOURS.length] }, g);
      text(g, w + 32, ci * 18 + 10, c);
    });
  }

  function forestPanel(container, panel) {
    var h3 = document.createElement("h3");
    h3.textContent = panel.condition + ": " + panel.measure.replace(/_/g, " ");
    container.appendChild(h3);
    var rows = panel.rows;
    if (panel.total > rows.length) {
      var note = document.createElement("p");
      var more = document.createElement("a");
      more.href = "/kb/effects?condition=" + encodeURIComponent(panel.condition) + "&measure=" + encodeURIComponent(panel.measure);
      more.textContent = "all " + panel.total;
      note.appendChild(document.createTextNode("The " + rows.length + " largest studies of "));
      note.appendChild(more);
      container.appendChild(note);
    }
    // Ratios are drawn on a log scale (when every bound is positive), so 0.5 and 2 sit symmetrically about 1.
    var log = panel.null_value === 1 && rows.every(function (r) { return r.ci_low > 0 && r.value > 0; });
    var f = log ? Math.log : function (v) { return v; };
    var lo = f(panel.null_value), hi = f(panel.null_value);
    rows.forEach(function (r) { lo = Math.min(lo, f(r.ci_low), f(r.value)); hi = Math.max(hi, f(r.ci_high), f(r.value)); });
    var pad = (hi - lo) * 0.05 || 1;
    lo -= pad; hi += pad;
    var m = { top: 10, right: 200, bottom: 30, left: 330 };
    var w = 360, rowH = 22, h = rows.length * rowH;
    var svg = el("svg", { width: w + m.left + m.right, height: h + m.top + m.bottom, role: "img", "aria-label": "Forest plot, " + panel.condition + ", " + panel.measure }, container);
    var g = el("g", { transform: "translate(" + m.left + "," + m.top + ")" }, svg);
    function x(v) { return ((f(v) - lo) / (hi - lo)) * w; }
    var ticks = log ? [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100].filter(function (t) {
      return Math.log(t) >= lo && Math.log(t) <= hi;
    }) : niceTicks(lo, hi, 6);
    ticks.forEach(function (t) {
      el("line", { x1: x(t), x2: x(t), y1: 0, y2: h, "class": "grid" }, g);
      text(g, x(t), h + 16, String(t), { "text-anchor": "middle" });
    });
    el("line", { x1: x(panel.null_value), x2: x(panel.null_value), y1: -4, y2: h + 4, "class": "null-line" }, g);
    rows.forEach(function (r, i) {
      var cy = i * rowH + rowH / 2;
      var link = el("a", { href: r.href }, g);
      var label = r.title.length > 48 ? r.title.slice(0, 47) + "…" : r.title;
      text(link, -10, cy + 4, label + (r.year ? " (" + r.year + ")" : ""), { "text-anchor": "end" });
      el("line", { x1: x(r.ci_low), x2: x(r.ci_high), y1: cy, y2: cy, "class": "ci" }, g);
      var point = el("rect", { x: x(r.value) - 4, y: cy - 4, width: 8, height: 8, "class": "point" }, g);
      el("title", {}, point).textContent = r.title + ": " + r.value + " [" + r.ci_low + ", " + r.ci_high + "]" + (r.outcome ? " " + r.outcome : "");
      text(g, w + 10, cy + 4, fmt(r.value) + " [" + fmt(r.ci_low) + ", " + fmt(r.ci_high) + "]" + (r.n ? "  n=" + r.n : ""));
    });
  }

  function draw() {
    var block = document.getElementById("kb-chart-data");
    if (!block) { return; }
    var data = JSON.parse(block.textContent);
    var perYearBox = document.getElementById("kb-per-year");
    if (perYearBox) { perYear(perYearBox, data.per_year || []); }
    var forestBox = document.getElementById("kb-forest");
    if (forestBox) {
      if (!(data.forest || []).length) { empty(forestBox, "No effects with confidence intervals yet."); }
      (data.forest || []).forEach(function (panel) { forestPanel(forestBox, panel); });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
