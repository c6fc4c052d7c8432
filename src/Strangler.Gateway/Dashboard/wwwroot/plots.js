// Small inline SVG line plots, drawn with DOM calls only (no innerHTML, no libraries).
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const WIDTH = 116, HEIGHT = 32, PAD = 2, MIN_SLOTS = 30;

  // Index of the first slot with data in any of the arrays, keeping at least MIN_SLOTS: plots start there, so a
  // fresh gateway's first minutes fill the plot instead of a sliver at its right edge.
  function startOf(arrays) {
    const n = Math.max(0, ...arrays.map((a) => a.length));
    let first = n;
    for (const values of arrays) {
      const i = values.findIndex((v) => v != null && v !== 0);
      if (i >= 0 && i < first) first = i;
    }
    return Math.max(0, Math.min(first, n - MIN_SLOTS));
  }

  // lines: [{ values: [number|null], cls: "legacy" }]; max: optional fixed top of the scale.
  function plot(lines, label, max) {
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("class", "plot");
    svg.setAttribute("width", WIDTH);
    svg.setAttribute("height", HEIGHT);
    svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    const title = document.createElementNS(NS, "title");
    title.textContent = label;
    svg.appendChild(title);

    let top = max || 0;
    if (!max) {
      for (const line of lines) for (const v of line.values) if (v != null && v > top) top = v;
    }
    if (top <= 0) top = 1;

    for (const line of lines) {
      const n = line.values.length;
      if (n < 2) continue;
      const points = [];
      line.values.forEach((v, i) => {
        if (v == null) return;
        const x = PAD + (i * (WIDTH - 2 * PAD)) / (n - 1);
        const y = HEIGHT - PAD - (v / top) * (HEIGHT - 2 * PAD);
        points.push(`${x.toFixed(1)},${y.toFixed(1)}`);
      });
      if (points.length === 0) continue;
      const poly = document.createElementNS(NS, "polyline");
      poly.setAttribute("class", line.cls);
      poly.setAttribute("points", points.join(" "));
      svg.appendChild(poly);
    }
    return svg;
  }

  // Error rate per slot from request and error counts of both sides.
  function errorRate(series) {
    return series.legacy.map((l, i) => {
      const total = l + series.new[i];
      return total === 0 ? null : (series.legacyErrors[i] + series.newErrors[i]) / total;
    });
  }

  window.StranglerPlots = { plot, errorRate, startOf };
})();
