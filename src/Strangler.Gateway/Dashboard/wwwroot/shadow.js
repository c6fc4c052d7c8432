// The Shadow panel: per sub-domain, endpoints by diff rate; a click shows the endpoint's fields, a click on a field
// its sample pairs side by side with the differing lines marked. Everything goes in via textContent: bodies and
// paths come from real traffic and must never be interpreted as markup.
"use strict";
window.StranglerShadow = (function () {
  const $ = (id) => document.getElementById(id);
  let api = null, report = null, selectedEndpoint = null, selectedField = null, selectedSample = 0;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  const percent = (rate) => rate === null || rate === undefined ? "–" : `${(rate * 100).toFixed(1)} %`;
  const ms = (v) => v === null || v === undefined ? "–" : `${v < 10 ? v.toFixed(1) : Math.round(v)}`;
  const rateClass = (rate) => rate > 0 ? "num rate-high" : rate === 0 ? "num rate-zero" : "num";
  const escapeSegment = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");

  // Pretty-prints JSON one line per value, each line knowing its JSON Pointer, so differing paths can be marked.
  function lines(value, path, indent, prefix, suffix, out) {
    const pad = "  ".repeat(indent);
    if (value !== null && typeof value === "object") {
      const isArray = Array.isArray(value);
      const entries = isArray ? value.map((v, i) => [String(i), v]) : Object.entries(value);
      if (entries.length === 0) { out.push({ text: pad + prefix + (isArray ? "[]" : "{}") + suffix, path }); return out; }
      out.push({ text: pad + prefix + (isArray ? "[" : "{"), path });
      entries.forEach(([key, child], i) => lines(child, `${path}/${escapeSegment(key)}`, indent + 1,
        isArray ? "" : `${JSON.stringify(key)}: `, i < entries.length - 1 ? "," : "", out));
      out.push({ text: pad + (isArray ? "]" : "}") + suffix, path });
    } else {
      out.push({ text: pad + prefix + JSON.stringify(value) + suffix, path });
    }
    return out;
  }

  function renderBody(pre, body, differingPaths) {
    let parsed = null;
    try { parsed = JSON.parse(body); } catch { parsed = undefined; }
    const marked = (path) => differingPaths.some((p) => p === "body" || path === p || path.startsWith(p + "/") || p === "");
    const rows = parsed === undefined
      ? [{ text: body, path: "body" }]
      : lines(parsed, "", 0, "", "", []);
    pre.replaceChildren(...rows.map((row) => el("span", row.text, marked(row.path) ? "diff" : undefined)));
  }

  function renderSample(field) {
    const box = $("shadow-sample");
    const samples = field ? field.samples || [] : [];
    if (!field || samples.length === 0) { box.hidden = true; return; }
    const sample = samples[Math.min(selectedSample, samples.length - 1)];
    box.hidden = false;
    $("shadow-sample-title").textContent =
      `Sample ${Math.min(selectedSample, samples.length - 1) + 1} of ${samples.length} for ${field.path || "(whole body)"}`;
    const request = sample.request;
    $("shadow-sample-request").textContent = `${request.method} ${request.path} at ${StranglerPanels.when(sample.at)}` +
      (request.body ? ` with body ${request.body}` : "");
    const paths = sample.differences.map((d) => d.path);
    for (const side of ["legacy", "new"]) {
      const answer = sample[side];
      const statusDiffers = paths.includes("status") ? " (differs)" : "";
      const headers = Object.entries(answer.headers).map(([k, v]) => `${k}: ${v}`).join("; ");
      box.querySelector(`[data-side=${side}-meta]`).textContent =
        `${answer.status}${statusDiffers} in ${answer.elapsedMs} ms${answer.bodyTruncated ? ", body trimmed" : ""}. ${headers}`;
      renderBody($(`shadow-${side}`), answer.body, paths);
    }
    $("shadow-differences").replaceChildren(...sample.differences.map((d) =>
      el("li", `${d.path || "(whole body)"}: ${d.kind}, legacy ${d.legacy ?? "(absent)"}, new ${d.new ?? "(absent)"}`)));
  }

  function renderFields(endpoint) {
    const box = $("shadow-fields");
    if (!endpoint) { box.hidden = true; renderSample(null); return; }
    box.hidden = false;
    $("shadow-fields-title").textContent = `${endpoint.endpoint}: fields that differ`;
    const rows = endpoint.fields.map((field) => {
      const row = el("tr");
      if (field.path === selectedField) row.className = "selected";
      row.append(el("td", field.path || "(whole body)"), el("td", field.kind), el("td", field.count, "num"),
        el("td", percent(field.diffRate), "num"), el("td", percent(field.noiseRate), "num"));
      const cell = el("td");
      field.samples.forEach((_, i) => {
        const button = el("button", `Sample ${i + 1}`);
        button.type = "button";
        button.addEventListener("click", (event) => { event.stopPropagation(); selectedField = field.path; selectedSample = i; renderFields(endpoint); });
        cell.append(button);
      });
      row.append(cell);
      row.addEventListener("click", () => { selectedField = field.path; selectedSample = 0; renderFields(endpoint); });
      return row;
    });
    if (rows.length === 0) {
      const empty = el("tr");
      empty.append(el("td", "No reported differences on this endpoint."));
      rows.push(empty);
    }
    box.querySelector("tbody").replaceChildren(...rows);
    const noise = endpoint.noiseFields.map((f) => `${f.path} (diff ${percent(f.diffRate)}, noise ${percent(f.noiseRate)})`);
    $("shadow-noise").textContent = noise.length ? `Noise, not reported: ${noise.join(", ")}` : "";
    renderSample(endpoint.fields.find((f) => f.path === selectedField) || null);
  }

  // Requests not shadowed by their nature (a WebSocket, an event stream), by reason: "2 (event_stream 2)".
  function skippedCount(reasons) {
    const named = Object.entries(reasons || {}).filter(([, count]) => count > 0);
    const total = named.reduce((sum, [, count]) => sum + count, 0);
    return named.length ? `${total} (${named.map(([reason, count]) => `${reason} ${count}`).join(", ")})` : "0";
  }

  // The summary's words: "2 skipped (event_stream 2)".
  function skipped(reasons) {
    const count = skippedCount(reasons);
    const space = count.indexOf(" ");
    return space < 0 ? `${count} skipped` : `${count.slice(0, space)} skipped${count.slice(space)}`;
  }

  function renderReport() {
    if (!report) return;
    $("shadow-summary").textContent = `${report.active ? "shadow on" : "shadow off"}: ${report.compared} compared, ` +
      `${report.differing} differing (${percent(report.diffRate)}), ${report.dropped} dropped, ${skipped(report.skipped)}, ` +
      `${report.timedOut} timed out, ` +
      `${report.failed} failed, ${report.tooLarge} too large`;
    const rows = report.endpoints.map((e) => {
      const row = el("tr");
      if (e.endpoint === selectedEndpoint) row.className = "selected";
      const name = el("td");
      const button = el("button", e.endpoint);
      button.type = "button";
      button.setAttribute("aria-label", `Show the fields of ${e.endpoint}`);
      name.append(button);
      row.append(name, el("td", e.compared, "num"), el("td", e.differing, "num"), el("td", percent(e.diffRate), rateClass(e.diffRate)),
        el("td", percent(e.noiseRate), "num"), el("td", `${e.dropped} / ${e.timedOut} / ${e.failed}`, "num"), el("td", e.tooLarge, "num"),
        el("td", skippedCount(e.skipped), "num"),
        el("td", `${ms(e.legacy.p50Ms)} / ${ms(e.legacy.p99Ms)} ms`, "num"), el("td", `${ms(e.new.p50Ms)} / ${ms(e.new.p99Ms)} ms`, "num"));
      row.addEventListener("click", () => { selectedEndpoint = e.endpoint; selectedField = null; renderReport(); });
      return row;
    });
    $("shadow-endpoints").tBodies[0].replaceChildren(...rows);
    renderFields(report.endpoints.find((e) => e.endpoint === selectedEndpoint) || null);
  }

  async function refresh() {
    if (!api) return;
    const list = await api("ui/shadow");
    const select = $("shadow-subdomain");
    const current = select.value;
    const names = list.subdomains.map((s) => s.subdomain);
    select.replaceChildren(...list.subdomains.map((s) =>
      el("option", `${s.subdomain} (${percent(s.diffRate)} differing of ${s.compared})`)));
    [...select.options].forEach((option, i) => { option.value = names[i]; });
    // No route shadows: the page says how to start one rather than showing an empty dropdown and a bare table head.
    // A route given a shadow block is listed at once (before its first request), and the panel comes back.
    $("shadow-empty").hidden = names.length > 0;
    $("shadow-panel").hidden = names.length === 0;
    if (names.length === 0) { report = null; selectedEndpoint = null; selectedField = null; return; }
    select.value = names.includes(current) ? current : names[0];
    report = await api(`ui/shadow?subdomain=${encodeURIComponent(select.value)}`);
    renderReport();
  }

  // refreshed: the page's refresh job of this panel, which shows a failure in it.
  function init(apiFunction, refreshed) {
    api = apiFunction;
    $("shadow-subdomain").addEventListener("change", () => { selectedEndpoint = null; selectedField = null; refreshed(); });
  }

  return { init, refresh };
})();
