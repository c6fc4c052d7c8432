// A sub-domain's detail view (#detail/<name>/<minutes>): traffic by side, error rate and p99 of both sides, and the
// shadow diff rate, as charts on one shared time axis over a chosen range. The address holds the sub-domain and the
// range, so a view can be bookmarked, shared and left with the browser's back button.
"use strict";
(function () {
  const REFRESH_MS = 10000;
  const RANGES = [
    { minutes: 5, label: "5 minutes (10 s steps)" },
    { minutes: 15, label: "15 minutes (10 s steps)" },
    { minutes: 60, label: "1 hour (10 s steps)" },
    { minutes: 360, label: "6 hours (1 min steps)" },
    { minutes: 1440, label: "1 day (1 min steps)" },
    { minutes: 10080, label: "7 days (10 min steps)" },
  ];
  const DEFAULT_MINUTES = 15;
  const LEGACY = { name: "legacy", cls: "legacy", dash: "none", marker: "circle" };
  const NEW = { name: "new", cls: "new", dash: "7 4", marker: "square" };
  const view = { api: null, section: null, subdomain: null, minutes: DEFAULT_MINUTES, timer: null, charts: [], data: null, shown: null, cursor: null };

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  const stepText = (s) => (s < 60 ? `${s} s` : `${s / 60} min`);
  const rate = (v) => `${(v * 100).toFixed(v === 0 || v >= 0.1 ? 0 : v >= 0.01 ? 1 : 2)} %`;
  const millis = (v) => `${v < 10 ? Number(v.toFixed(2)) : Math.round(v)} ms`;
  const perSecond = (v) => `${v === 0 || v >= 10 ? Math.round(v) : Number(v.toFixed(2))}/s`;

  function parseHash() {
    const match = /^#detail\/([^/]+)(?:\/(\d+))?$/.exec(location.hash);
    if (!match) return null;
    const minutes = Number(match[2]);
    return {
      subdomain: decodeURIComponent(match[1]),
      minutes: RANGES.some((r) => r.minutes === minutes) ? minutes : DEFAULT_MINUTES,
    };
  }

  function build() {
    const section = el("section");
    section.id = "detail";
    section.hidden = true;
    section.setAttribute("aria-labelledby", "detail-title");
    const back = el("a", "← All sub-domains", "back");
    back.href = "#";
    const title = el("h2");
    title.id = "detail-title";
    const controls = el("p", null, "detail-controls");
    const label = el("label", "Range ");
    label.htmlFor = "detail-range";
    const select = el("select");
    select.id = "detail-range";
    for (const r of RANGES) {
      const option = el("option", r.label);
      option.value = String(r.minutes);
      select.appendChild(option);
    }
    select.addEventListener("change", () => { location.hash = `#detail/${encodeURIComponent(view.subdomain)}/${select.value}`; });
    controls.append(label, select);
    const note = el("p", "Times are local. Legacy: solid line and circles; new: dashed line and squares. Point at a " +
      "chart, or focus it and use the arrow keys, to read every chart at that moment in its legend.", "muted legend");
    const charts = el("div", null, "detail-charts");
    charts.id = "detail-charts";
    section.append(back, title, controls, note, charts);
    document.getElementById("dashboard").appendChild(section);
    return section;
  }

  function chartsFor(d, width) {
    const step = d.stepSeconds * 1000, start = Date.parse(d.start), count = d.legacy.requests.length;
    const common = { width, start, step, count };
    const steps = `${stepText(d.stepSeconds)} steps`;
    const perSide = (side, pick, detail) => ({ ...side, values: pick(d[side.cls]), detail: detail && ((i) => detail(d[side.cls], i)) });
    const traffic = StranglerCharts.create({ ...common, title: "Traffic by side", note: `requests per second, ${steps}`,
      format: perSecond, unit: "/s", floor: 1,
      series: [LEGACY, NEW].map((s) => perSide(s, (x) => x.requests.map((n) => n / d.stepSeconds),
        (x, i) => ` (${x.requests[i]} requests)`)) });
    const errors = StranglerCharts.create({ ...common, title: "Error rate", note: `5xx and failed requests, % of the side's requests, ${steps}`,
      format: rate, scale: 100, unit: " %", floor: 0.01,
      series: [LEGACY, NEW].map((s) => perSide(s, (x) => x.errorRate, (x, i) => ` (${x.errors[i]} of ${x.requests[i]})`)) });
    const p99 = StranglerCharts.create({ ...common, title: "p99 latency", note: `milliseconds, ${steps}`,
      format: millis, unit: " ms", floor: 1, series: [LEGACY, NEW].map((s) => perSide(s, (x) => x.p99Ms)) });
    const shadow = d.shadow;
    const diff = StranglerCharts.create({ ...common, title: "Shadow diff rate",
      note: `% of compared shadow requests that differed, ${steps}`, format: rate, scale: 100, unit: " %", floor: 0.01,
      empty: shadow ? null : "shadow off: no shadow comparison runs in this gateway",
      series: [{ name: "diff rate", cls: "diff", dash: "2 3", marker: "circle",
        values: shadow ? shadow.diffRate : [], detail: (i) => ` (${shadow.differing[i]} of ${shadow.compared[i]})` }] });
    const all = [traffic, errors, p99, diff];
    // data-start names the first step drawn, so a reader of the page (a test, a script) can line its own fetch up with it.
    ["traffic", "errors", "p99", "shadow"].forEach((name, i) => { all[i].element.dataset.chart = name; all[i].element.dataset.start = d.start; });
    StranglerCharts.link(all);
    all.forEach((c) => { const linked = c.onCursor; c.onCursor = (i) => { view.cursor = i; linked(i); }; });
    return all;
  }

  function render(keepCursor) {
    const d = view.data;
    const title = document.getElementById("detail-title");
    const mode = d.mode == null ? "default upstream" : d.mode === "canary" ? `canary ${d.canaryPercentage}%` : d.mode;
    title.replaceChildren(d.subdomain, " ", el("span", mode, `mode mode-${d.mode || "none"}`));
    const host = document.getElementById("detail-charts");
    // The charts are replaced on every refresh: a keyboard reader's focus moves to the same chart's new plot, or it
    // fell to the page every 10 s and their next arrow key did nothing. Taken before the old plot goes.
    const focused = host.contains(document.activeElement) ? document.activeElement.closest("figure")?.dataset.chart : null;
    const cursor = view.cursor;
    view.charts = chartsFor(d, host.clientWidth - 4);
    host.replaceChildren(...view.charts.map((c) => c.element));
    if (keepCursor && cursor != null && cursor < d.legacy.requests.length) {
      view.cursor = cursor;
      view.charts.forEach((c) => c.show(cursor));
    }
    const again = view.charts.find((c) => c.element.dataset.chart === focused);
    if (again) again.element.querySelector("svg.chart-plot").focus({ preventScroll: true });
  }

  // A failure shows under the view's title (panels.js); the charts keep what they last showed.
  const load = StranglerPanels.job("Charts", "detail-title", async () => {
    const requested = `${view.subdomain}/${view.minutes}`;
    const data = await view.api(`ui/detail?subdomain=${encodeURIComponent(view.subdomain)}&minutes=${view.minutes}`);
    if (requested !== `${view.subdomain}/${view.minutes}`) return;
    // A refresh of what is shown, answered after the reader pointed at a moment (a key or the pointer, once it was
    // sent), would put the charts back to "latest" under them: it is dropped, as tick() sends none while they point,
    // and the first tick after they let go brings the data. New data (another sub-domain or range) always shows.
    if (view.cursor != null && view.shown === requested) return;
    view.data = data;
    view.shown = requested;
    view.cursor = null;
    render(false);
  });

  // A refresh would move the moment a reader is looking at: it waits while a cursor is shown (pointer or keys).
  function tick() {
    const dashboard = document.getElementById("dashboard");
    if (dashboard.hidden || view.section.hidden || view.cursor != null) return;
    load();
  }

  function route() {
    const target = parseHash();
    // The overview's sections step aside while a detail view is open; only those this view hid come back.
    for (const s of document.getElementById("dashboard").children) {
      if (s === view.section) continue;
      if (target && !s.hidden) { s.hidden = true; s.dataset.detailHidden = "1"; }
      if (!target && s.dataset.detailHidden) { s.hidden = false; delete s.dataset.detailHidden; }
    }
    view.section.hidden = target == null;
    clearInterval(view.timer);
    view.timer = null;
    if (!target || document.getElementById("dashboard").hidden) return;
    if (view.subdomain !== target.subdomain) {
      view.data = null;
      view.shown = null;
      document.getElementById("detail-title").textContent = target.subdomain;
      document.getElementById("detail-charts").replaceChildren();
    }
    view.subdomain = target.subdomain;
    view.minutes = target.minutes;
    document.getElementById("detail-range").value = String(target.minutes);
    window.scrollTo(0, 0);
    load();
    view.timer = setInterval(tick, REFRESH_MS);
  }

  function init(api) {
    view.api = api;
    view.section = build();
    window.addEventListener("hashchange", route);
    let resizing = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => { if (view.data && !view.section.hidden) render(true); }, 200);
    });
    // The page signs in after load and signs out on expiry: the view follows the dashboard's visibility.
    new MutationObserver(route).observe(document.getElementById("dashboard"), { attributes: true, attributeFilter: ["hidden"] });
    route();
  }

  // The overview's link to a sub-domain's detail view.
  function link(name) {
    const a = el("a", name);
    a.href = `#detail/${encodeURIComponent(name)}`;
    a.setAttribute("aria-label", `Charts of ${name}`);
    return a;
  }

  window.StranglerDetail = { init, link };
})();
