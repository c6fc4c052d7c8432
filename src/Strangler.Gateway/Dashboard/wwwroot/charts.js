// Time-series charts for the detail view: inline SVG built with DOM calls only (no innerHTML, no library, nothing
// fetched). Each chart has a time axis labelled for its span, a value axis, a legend that shows the values under the
// pointer (or the latest ones), and a cursor that charts of one group share, so all of them read the same moment.
// Series differ by dash pattern and marker shape as well as colour.
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const HEIGHT = 190, LEFT = 58, RIGHT = 14, TOP = 10, BOTTOM = 26;
  const SECOND = 1000, MINUTE = 60 * SECOND, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
  // Time-axis intervals, finest first; the first giving labels at least LABEL_PX apart is used.
  const INTERVALS = [10 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE,
    30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY];
  const LABEL_PX = 90;
  const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

  function svg(tag, attrs, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function html(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  const two = (n) => String(n).padStart(2, "0");

  // Local time, the way an operator reads a wall clock; seconds only when the ticks are that fine.
  function timeLabel(t, interval) {
    const d = new Date(t);
    const midnight = d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0;
    if (interval >= DAY || (midnight && interval >= HOUR)) return `${WEEKDAYS[d.getDay()]} ${d.getDate()}`;
    const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
    return interval < MINUTE ? `${hm}:${two(d.getSeconds())}` : hm;
  }

  function fullTime(t, step) {
    const d = new Date(t);
    const date = `${WEEKDAYS[d.getDay()]} ${d.getDate()}`;
    const hms = `${two(d.getHours())}:${two(d.getMinutes())}${step < MINUTE ? `:${two(d.getSeconds())}` : ""}`;
    return `${date} ${hms}`;
  }

  // Ticks aligned on the local clock (14:00, 14:05, ...), not on the span's arbitrary start.
  function timeTicks(from, to, width) {
    const interval = INTERVALS.find((i) => ((to - from) / i) * LABEL_PX <= width) || INTERVALS[INTERVALS.length - 1];
    const ticks = [];
    const offset = new Date(from).getTimezoneOffset() * MINUTE;
    for (let t = Math.ceil((from - offset) / interval) * interval + offset; t <= to; t += interval) ticks.push(t);
    return { interval, ticks };
  }

  // 1, 2 or 5 times a power of ten, so the value axis reads 0, 20, 40 rather than 0, 17.3, 34.6.
  function valueTicks(max, floor) {
    const top = Math.max(max, floor);
    const raw = top / 4;
    const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    const n = raw / magnitude;
    const step = (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude;
    const ticks = [];
    for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
    if (ticks[ticks.length - 1] < top) ticks.push(ticks[ticks.length - 1] + step);
    return ticks;
  }

  function marker(shape, x, y, cls) {
    return shape === "square"
      ? svg("rect", { x: x - 3.5, y: y - 3.5, width: 7, height: 7, class: `mark ${cls}` })
      : svg("circle", { cx: x, cy: y, r: 4, class: `mark ${cls}` });
  }

  // options: { title, note, width, start (ms), step (ms), count, format (v => legend text), scale and unit (axis
  //   labels: v * scale + unit), floor (smallest top of the value axis), empty (text shown instead of lines when
  //   set), series: [{ name, cls, dash, marker, values, detail (i => extra legend text)}] }.
  // Returns { element, show(index | null), onCursor }.
  function create(options) {
    const { start, step, count, series, format } = options;
    const width = Math.max(360, options.width || 720);
    const plotW = width - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
    const end = start + count * step;
    const x = (t) => LEFT + ((t - start) / (end - start)) * plotW;
    const xOf = (i) => x(start + (i + 0.5) * step);

    const figure = html("figure", null, "chart");
    const caption = html("figcaption");
    caption.append(html("span", options.title, "chart-title"), " ", html("span", options.note, "muted chart-note"));
    figure.appendChild(caption);

    const legend = html("ul", null, "chart-legend");
    const when = html("li", "", "chart-time");
    legend.appendChild(when);
    const outputs = series.map((s) => {
      const item = html("li");
      item.dataset.series = s.name;
      const swatch = svg("svg", { width: 28, height: 10, "aria-hidden": "true", class: "swatch" });
      swatch.appendChild(svg("line", { x1: 1, y1: 5, x2: 19, y2: 5, class: `line ${s.cls}`, "stroke-dasharray": s.dash || "none" }));
      swatch.appendChild(marker(s.marker, 23, 5, s.cls));
      const value = html("output", "–", "value");
      item.append(swatch, html("span", s.name, "name"), " ", value);
      legend.appendChild(item);
      return value;
    });
    figure.appendChild(legend);

    const values = series.flatMap((s) => s.values.filter((v) => v != null));
    const yTicks = valueTicks(values.length ? Math.max(...values) : 0, options.floor || 1);
    const top = yTicks[yTicks.length - 1];
    const y = (v) => TOP + plotH - (v / top) * plotH;

    const plot = svg("svg", { class: "chart-plot", width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`,
      role: "img", tabindex: "0",
      "aria-label": `${options.title} (${options.note}); arrow keys move the cursor, the legend reads the values` });
    const yAxis = svg("g", { class: "axis axis-y" });
    const scale = options.scale || 1;
    const decimals = Math.max(0, -Math.floor(Math.log10((yTicks[1] - yTicks[0]) * scale) + 1e-9));
    for (const v of yTicks) {
      yAxis.appendChild(svg("line", { x1: LEFT, x2: LEFT + plotW, y1: y(v), y2: y(v), class: "grid" }));
      yAxis.appendChild(svg("text", { x: LEFT - 6, y: y(v) + 4, "text-anchor": "end" },
        `${(v * scale).toFixed(decimals)}${options.unit || ""}`));
    }
    const xAxis = svg("g", { class: "axis axis-x" });
    xAxis.appendChild(svg("line", { x1: LEFT, x2: LEFT + plotW, y1: TOP + plotH, y2: TOP + plotH, class: "baseline" }));
    const { interval, ticks } = timeTicks(start, end, plotW);
    for (const t of ticks) {
      xAxis.appendChild(svg("line", { x1: x(t), x2: x(t), y1: TOP + plotH, y2: TOP + plotH + 4, class: "tick" }));
      xAxis.appendChild(svg("text", { x: x(t), y: HEIGHT - 6, "text-anchor": "middle" }, timeLabel(t, interval)));
    }
    plot.append(yAxis, xAxis);

    const emptyText = options.empty || "no data in this span";
    if (options.empty || values.length === 0) {
      plot.appendChild(svg("text", { x: LEFT + plotW / 2, y: TOP + plotH / 2, "text-anchor": "middle", class: "chart-empty" },
        emptyText));
    }
    if (!options.empty) {
      for (const s of series) {
        // A null (no requests, nothing compared) breaks the line rather than drawing a misleading zero.
        let d = "", pen = "M";
        s.values.forEach((v, i) => {
          if (v == null) { pen = "M"; return; }
          d += `${pen}${xOf(i).toFixed(1)},${y(v).toFixed(1)}`;
          pen = "L";
        });
        plot.appendChild(svg("path", { d, class: `line ${s.cls}`, "stroke-dasharray": s.dash || "none" }));
        // A step with data between two without draws no segment; a marker shows it (one request in a quiet hour).
        s.values.forEach((v, i) => {
          if (v != null && s.values[i - 1] == null && s.values[i + 1] == null) {
            plot.appendChild(marker(s.marker, xOf(i), y(v), `${s.cls} lone`));
          }
        });
      }
    }

    // display, not visibility: a marker's own visibility would override a hidden group's.
    const cursor = svg("g", { class: "cursor", display: "none" });
    const rule = svg("line", { y1: TOP, y2: TOP + plotH, class: "rule" });
    cursor.appendChild(rule);
    const marks = series.map((s) => cursor.appendChild(marker(s.marker, 0, 0, s.cls)));
    plot.appendChild(cursor);
    const overlay = svg("rect", { x: LEFT, y: TOP, width: plotW, height: plotH, class: "overlay" });
    plot.appendChild(overlay);
    figure.appendChild(plot);

    // null when no step has data: falling back to the first step showed "latest (<the span's start>)", a time before
    // anything ran, over a chart that says it has no data.
    const latest = () => {
      for (let i = count - 1; i >= 0; i--) if (series.some((s) => s.values[i] != null)) return i;
      return null;
    };
    let current = null;
    const text = (s, i) => (s.values[i] == null ? "–" : format(s.values[i]) + (s.detail ? s.detail(i) : ""));

    // index null: no cursor, the legend shows the latest step that has data, or says there is none as the plot does.
    function show(index) {
      current = index;
      const i = index == null ? latest() : index;
      when.textContent = i == null ? emptyText
        : index == null ? `latest (${fullTime(start + i * step, step)})`
        : fullTime(start + i * step, step) + `–${timeLabel(start + (i + 1) * step, step < MINUTE ? SECOND : MINUTE)}`;
      series.forEach((s, k) => { outputs[k].textContent = i == null ? "–" : text(s, i); });
      if (index == null || options.empty) { cursor.setAttribute("display", "none"); return; }
      rule.setAttribute("x1", xOf(i)); rule.setAttribute("x2", xOf(i));
      series.forEach((s, k) => {
        const v = s.values[i];
        marks[k].setAttribute("visibility", v == null ? "hidden" : "visible");
        const cy = y(v == null ? 0 : v);
        if (marks[k].tagName === "rect") { marks[k].setAttribute("x", xOf(i) - 3.5); marks[k].setAttribute("y", cy - 3.5); }
        else { marks[k].setAttribute("cx", xOf(i)); marks[k].setAttribute("cy", cy); }
      });
      cursor.setAttribute("display", "inline");
    }

    const chart = { element: figure, show, onCursor: null };
    const move = (index) => { show(index); if (chart.onCursor) chart.onCursor(index); };
    plot.addEventListener("pointermove", (e) => {
      const box = plot.getBoundingClientRect();
      const px = ((e.clientX - box.left) / box.width) * width;
      if (px < LEFT || px > LEFT + plotW) return;
      move(Math.min(count - 1, Math.max(0, Math.floor(((px - LEFT) / plotW) * count))));
    });
    plot.addEventListener("pointerleave", () => move(null));
    plot.addEventListener("blur", () => { if (current != null) move(null); });
    plot.addEventListener("keydown", (e) => {
      // With no data anywhere, the first ArrowLeft lands on the last step, as it would after the latest one.
      const from = current ?? latest() ?? count;
      if (e.key === "ArrowLeft") move(Math.max(0, from - 1));
      else if (e.key === "ArrowRight") move(Math.min(count - 1, from + 1));
      else if (e.key === "Escape") move(null);
      else return;
      e.preventDefault();
    });
    show(null);
    return chart;
  }

  // Charts of one group share the cursor: pointing at a moment in one shows it in all.
  function link(charts) {
    for (const chart of charts) {
      chart.onCursor = (index) => charts.forEach((other) => { if (other !== chart) other.show(index); });
    }
  }

  window.StranglerCharts = { create, link, timeTicks, valueTicks };
})();
