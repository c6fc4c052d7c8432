// The dashboard page: sign-in, live overview (short poll), plots, history, inventory. All text goes in via
// textContent: endpoint paths come from client traffic and must never be interpreted as markup.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const OVERVIEW_EVERY_MS = 2000, SLOW_EVERY_MS = 10000;
  const state = { csrf: null, timers: [], overview: null, series: null, lastOk: null };

  const { ApiError, NotJsonError, clock, when, ago, since } = StranglerPanels;

  function banner(text) {
    $("banner").textContent = text || "";
    $("banner").hidden = !text;
  }

  // The server's own words for a refusal, or null when it wrote none (never the rest of the body).
  function problemText(body) {
    if (body && body.errors && body.errors.length) return body.errors.join("; ");
    if (body && (body.detail || body.title)) return body.detail || body.title;
    return null;
  }

  function refused(status, body) {
    const text = problemText(body);
    return new ApiError(status, text || `The gateway answered ${status}.`, text);
  }

  async function api(path, options = {}) {
    const method = options.method || "GET";
    const headers = { Accept: "application/json" };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRF-Token"] = state.csrf || "";
    let response;
    try {
      response = await fetch(path, {
        method, headers, credentials: "same-origin", cache: "no-store",
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch {
      const since = state.lastOk ? ` Last update ${clock(state.lastOk)}.` : "";
      banner(`The gateway is unreachable; retrying.${since}`);
      throw new ApiError(0, "The gateway is unreachable.");
    }
    // Only the media type is kept (no parameters); an answer without a body is read as null.
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
    let body = null, parsed = true;
    const text = response.status === 204 ? "" : await response.text().catch(() => "");
    try { body = text ? JSON.parse(text) : null; } catch { parsed = false; }
    if (response.status === 401 && !options.signingIn) {
      sessionEnded("Your session has expired or was ended. Sign in again to continue.");
      throw refused(401, body);
    }
    if (!response.ok) throw refused(response.status, body);
    if (response.status !== 204 && (!parsed || !/[/+]json$/.test(type))) {
      throw new NotJsonError(method, new URL(path, document.baseURI).pathname, response.status, type);
    }
    if (!options.signingIn) { state.lastOk = new Date(); if ($("banner").textContent.startsWith("The gateway is unreachable")) banner(""); }
    return body;
  }

  function stopPolling() { state.timers.forEach(clearInterval); state.timers = []; }

  function sessionEnded(message) {
    stopPolling();
    state.csrf = null;
    $("dashboard").hidden = true;
    $("sign-out").hidden = true;
    $("sign-in").hidden = false;
    banner(message);
  }

  function signedIn(session) {
    state.csrf = session.csrfToken;
    $("sign-in").hidden = true;
    $("dashboard").hidden = false;
    $("sign-out").hidden = false;
    banner("");
    refreshAll();
    stopPolling();
    state.timers.push(setInterval(refreshFast, OVERVIEW_EVERY_MS));
    state.timers.push(setInterval(refreshSlow, SLOW_EVERY_MS));
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  // Tables are rebuilt on every refresh; a keyboard user's focus moves to the rebuilt button with the same label.
  function keepingFocus(container, render) {
    const focused = container.contains(document.activeElement) ? document.activeElement.getAttribute("aria-label") : null;
    render();
    if (focused) {
      const again = [...container.querySelectorAll("[aria-label]")].find((e) => e.getAttribute("aria-label") === focused);
      if (again) again.focus({ preventScroll: true });
    }
  }

  const pct = (v) => (v == null ? "–" : `${(v * 100).toFixed(v >= 0.1 || v === 0 ? 0 : 1)}%`);
  const num = (v, digits = 1) => (v == null ? "–" : Number(v).toFixed(digits));
  const ms = (v) => (v == null ? "–" : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);
  // A side that served nothing has no error rate, as it has no p99: the API's 0 then would read as "healthy" (the
  // detail view's charts leave such a step out for the same reason).
  const side = (s) => `${num(s.requestsPerSecond)} · ${pct(s.requests ? s.errorRate : null)} · ${ms(s.p99Ms)}`;

  function modeBadge(row) {
    if (!row.mode) return el("span", "default upstream", "mode");
    const text = row.mode === "canary" ? `canary ${row.canaryPercentage}%` : row.mode;
    return el("span", text, `mode mode-${row.mode}`);
  }

  // One block per pipeline, its figures on one line under its name: wrapped into the narrow column as one run of
  // text, two pipelines read as one.
  function syncCell(row, o) {
    const cell = el("td", null, "sync");
    if (!o.syncConfigured) cell.textContent = "no sync worker configured";
    else if (row.sync.length === 0) cell.textContent = "no pipeline";
    for (const p of row.sync) {
      const block = el("div", `${p.name}: `, "pipeline");
      block.append(el("br"), el("span", `${lagText(p)} · ${num(p.appliedPerSecond)}/s · ${p.deadLettered} dead letters` +
        (p.stalled ? " · STALLED" : ""), "figures"));
      if (kafkaDown(p)) block.append(el("br"), el("span", kafkaText(p), "stale kafka-down"));
      if (p.failing) block.append(el("br"), failingNote(p));
      if (!p.sourceReachable) block.append(el("br"), el("span", staleText(p, o), "stale"));
      cell.appendChild(block);
    }
    return cell;
  }

  // The worker measures lag with every change it applies and, idle, every second while Kafka answers: a lag measured
  // longer ago (a worker stuck on a batch or cut off from Kafka) is not the lag now, and the sync gate ignores it.
  function lagText(p) {
    const text = `${num(p.lagSeconds)} s`;
    return p.lagAgeSeconds != null && p.lagAgeSeconds > 30 ? `${text} (measured ${Math.round(p.lagAgeSeconds)} s ago)` : text;
  }

  function kafkaDown(p) {
    return p.kafka != null && p.kafka.reachable === false;
  }

  function kafkaText(p) {
    return `Kafka unreachable since ${p.kafka.since ? clock(p.kafka.since) : "?"}` + (p.kafka.lastError ? ` (${p.kafka.lastError})` : "");
  }

  // A batch the worker keeps failing to apply and retries (its store or legacy database down, a lock it cannot get):
  // the pipeline applies nothing, which used to show only once it was called stalled, minutes later. Gone with the
  // worker's next answer after the batch goes through. The error is the worker's own text (no row values in it), put
  // in as text, never as markup.
  function failingNote(p) {
    const f = p.failing;
    const note = el("span", `batch failing since ${f.since ? clock(f.since) : "?"}, ${f.attempts} attempt(s): ${f.lastError || "(no error given)"}`,
      "stale batch-failing");
    note.title = "The worker retries the batch" + (f.nextAttemptAt ? `; next attempt at ${clock(f.nextAttemptAt)}` : "") +
      (f.lastErrorAt ? `; last failed at ${clock(f.lastErrorAt)}` : "");
    return note;
  }

  // A worker that stopped answering leaves its last figures in place; they are marked with the time they are from, so
  // a lag of "0.2 s" from ten minutes ago is not read as the lag now.
  function lastAnswer(p, o) {
    const source = (o.syncSources || []).find((s) => s.url === p.source);
    return source && source.lastSuccess ? source.lastSuccess : null;
  }
  function staleText(p, o) {
    const at = lastAnswer(p, o);
    return `worker unreachable: figures as of ${at ? clock(at) : "(never answered)"}`;
  }

  // "12 s ago", "4 min ago"; "never" before the worker's first committed batch.
  function progressText(p) {
    if (p.sinceProgressSeconds == null) return "–";
    const text = ago(p.sinceProgressSeconds);
    return p.lastProgress ? text : `never (started ${text})`;
  }

  // One line per topic, "legacy.dbo.Customers[0] none, [1] 3": a group's partitions otherwise repeat the topic and
  // wrap into a column of look-alike lines. A partition with nothing committed yet has offset null.
  function committedCell(p) {
    const topics = new Map();
    for (const c of p.committedOffsets || []) {
      const parts = topics.get(c.topic) || [];
      parts.push(`[${c.partition}] ${c.offset == null ? "none" : c.offset}`);
      topics.set(c.topic, parts);
    }
    const cell = el("td", topics.size ? null : "–", "committed");
    cell.append(...[...topics].map(([topic, parts]) => el("div", topic + parts.join(", "))));
    return cell;
  }

  function plotsFor(name) {
    const cell = el("td", null, "plots");
    const series = state.series && state.series.traffic.find((t) => t.subdomain === name);
    if (series) {
      const start = StranglerPlots.startOf([series.legacy, series.new]);
      const cut = (values) => values.slice(start);
      const minutes = Math.max(1, Math.round(((series.legacy.length - start) * state.series.slotSeconds) / 60));
      cell.appendChild(StranglerPlots.plot(
        [{ values: cut(series.legacy), cls: "legacy" }, { values: cut(series.new), cls: "new" }],
        `${name}: requests per ${state.series.slotSeconds} s by side, last ${minutes} minutes`));
      cell.appendChild(StranglerPlots.plot([{ values: cut(StranglerPlots.errorRate(series)), cls: "err" }],
        `${name}: error rate, last ${minutes} minutes`, 1));
    }
    for (const lag of (state.series ? state.series.lag : []).filter((l) => l.subdomain === name)) {
      const values = lag.lagSeconds.slice(StranglerPlots.startOf([lag.lagSeconds]));
      cell.appendChild(StranglerPlots.plot([{ values, cls: "lag" }], `${lag.pipeline}: sync lag in seconds`));
    }
    return cell;
  }

  // Under the mode: since when the route is what it is, from the history entry that set the revision served now, so
  // the line cannot outlive the mode it explains. The rollout's own flip back to legacy is its automatic rollback.
  function routeSince(row, o) {
    const change = row.lastChange;
    if (!change) return null;
    const rolledBack = change.actor === "rollout" && change.to === "legacy";
    const line = el("span", rolledBack
      ? `rolled back by the rollout at ${since(change.at, o.generatedAt)}`
      : `since ${since(change.at, o.generatedAt)}, ${change.action === "file" ? "from its route file" : `by ${change.actor}`}`,
      rolledBack ? "rolled-back" : "since muted");
    line.title = `revision ${change.revision}: ${change.reason}`;
    return line;
  }

  // No request is decided for new, so none can be the trial (a signed override skips the breaker: it is no trial).
  function sendsNothingToNew(row) {
    return row.mode === "legacy" || (row.mode === "canary" && row.canaryPercentage === 0);
  }

  // "open since 14:02:03 UTC (3 min ago); trial in 12 s": how long the new side has been kept away, and what next.
  // Half-open is told from when it began, the open period's end (trialAt), not as "open since": the cell read as open
  // and half-open at once, for as long as no trial came (on a route sending nothing to new, until the next flip).
  function breakerCell(row, o) {
    const b = row.breaker;
    if (!row.mode || !b || b.state === "closed") {
      return el("td", row.breakerOpen == null ? "–" : "closed", "breaker breaker-closed");
    }
    if (b.state === "half-open") {
      const waiting = sendsNothingToNew(row) ? "no trial while the route sends nothing to new" : "the next request for new is a trial";
      const text = (b.trialAt ? `half-open since ${since(b.trialAt, o.generatedAt)}: ` : "half-open: ") + waiting +
        (b.openedAt ? ` (opened ${clock(b.openedAt)})` : "");
      return el("td", text, "breaker breaker-half-open");
    }
    const opened = b.openedAt ? `open since ${since(b.openedAt, o.generatedAt)}` : "open";
    const next = b.state === "open" ? `; trial in ${Math.max(0, Math.ceil((new Date(b.trialAt) - new Date(o.generatedAt)) / 1000))} s`
      : "; a trial request is in flight";
    return el("td", opened + next, "breaker breaker-open");
  }

  // "12 since 14:02:03 UTC (3 min ago), last 2 s ago": the window's count, and since when the new side has been failing
  // over (a run of fallbacks less than a minute apart); once they stop, when the last one was.
  function fallbacksCell(row, o) {
    const cell = el("td", String(row.fallbacks), "num fallbacks");
    if (row.fallbacks > 0 && row.fallbacksSince) {
      cell.append(el("br"), el("span", `since ${since(row.fallbacksSince, o.generatedAt)}`, "fallbacks-since"),
        el("br"), el("span", `last ${ago((new Date(o.generatedAt) - new Date(row.lastFallbackAt)) / 1000)}`, "muted"));
      cell.classList.add("fallbacks-now");
    } else if (row.lastFallbackAt) {
      cell.append(el("br"), el("span", `last ${since(row.lastFallbackAt, o.generatedAt)}`, "muted"));
    }
    return cell;
  }

  // A rejected route file changes nothing the table shows (the last accepted table keeps serving), so it is said
  // above the table, with since when, or the watcher reads the old routes as the files' content. With no table at all
  // the gateway serves nobody (503), and that is said first: the old words, "the last table ... keeps serving", were
  // the opposite of it. One error a line, since the messages hold "; " themselves. Rebuilt only when it changes, so a
  // screen reader does not hear the alert again at every refresh.
  function renderRoutesProblem(o) {
    const box = $("routes-error");
    const errors = o.routesErrors || [];
    const unloaded = o.routesLoaded === false;
    const key = JSON.stringify([unloaded, o.routesErrorAt, errors]);
    if (box.dataset.key === key) return;
    box.dataset.key = key;
    const parts = [];
    if (unloaded) {
      parts.push(el("p", "No route table is loaded: every request through the gateway is answered 503 until the route files are fixed.",
        "routes-error-title"));
    }
    if (errors.length) {
      parts.push(el("p", `Route files rejected${o.routesErrorAt ? ` at ${when(o.routesErrorAt)}` : ""}:`, unloaded ? null : "routes-error-title"));
      const list = el("ul", null, "routes-error-list");
      errors.forEach((error) => list.append(el("li", error)));
      parts.push(list);
      if (!unloaded) parts.push(el("p", "The routes below are the last table the gateway accepted, and it keeps serving them."));
    }
    box.replaceChildren(...parts);
    box.hidden = parts.length === 0;
  }

  function renderOverview(o) {
    $("new-share").textContent = pct(o.headline.newShare);
    $("total-rps").textContent = num(o.headline.requestsPerSecond);
    $("mode-counts").textContent = `${o.headline.modes.legacy || 0} · ${o.headline.modes.canary || 0} · ${o.headline.modes.new || 0}`;
    $("fallbacks-title").textContent = `Fallbacks (last ${o.windowSeconds} s)`;
    $("new-share-label").textContent = `of traffic served by new services (last ${o.windowSeconds} s)`;
    $("total-rps-label").textContent = `requests per second (last ${o.windowSeconds} s)`;
    $("window-note").textContent = `(rates over the last ${o.windowSeconds} s` + (o.fleet
      ? `, summed over the fleet: ${o.fleet.replicas} replica(s) contributing${o.fleet.error ? `; ${o.fleet.error}` : ""}` +
        `${o.fleet.silent && o.fleet.silent.length ? `; not counted: ${o.fleet.silent.join(", ")}` : ""}; p99 and fallbacks are this replica's)`
      : ")");
    $("updated").textContent = `Updated ${clock(o.generatedAt)}`;
    renderRoutesProblem(o);
    // A restarted replica takes over its previous run's evidence before its figures include it: until then they would
    // read as the whole story (a canary's failures just before the restart missing), so none are shown.
    const takingOver = o.takingOver;
    $("taking-over").textContent = takingOver
      ? `Taking over: reading the evidence replica ${takingOver}'s previous run published before its restart. ` +
        "Traffic figures are held until it is read."
      : "";
    $("taking-over").hidden = !takingOver;
    if (takingOver) {
      $("new-share").textContent = "…";
      $("total-rps").textContent = "…";
    }
    const held = () => el("span", "taking over…", "taking-over-cell");
    const body = $("overview").tBodies[0];
    const rows = o.subdomains.map((row) => {
      const tr = el("tr");
      tr.dataset.subdomain = row.name;
      const name = el("th"); name.scope = "row"; name.appendChild(StranglerDetail.link(row.name)); tr.appendChild(name);
      const mode = el("td", null, "route"); mode.appendChild(modeBadge(row)); tr.appendChild(mode);
      const changed = routeSince(row, o);
      if (changed) mode.append(changed);
      // The control sits with the mode it changes: in a last column it was cut off at 1280 px, behind a scroll.
      if (row.mode) {
        const button = el("button", "Change route…");
        button.type = "button";
        button.setAttribute("aria-label", `Change route of ${row.name}`);
        button.addEventListener("click", () => StranglerSteering.openFlip(row));
        mode.append(button);
      }
      if (takingOver) {
        ["num new-share", "num legacy", "num new"].forEach((cls) => { const td = el("td", null, cls); td.append(held()); tr.appendChild(td); });
      } else {
        tr.appendChild(el("td", pct(row.newShare), "num new-share"));
        tr.appendChild(el("td", side(row.legacy), "num legacy"));
        tr.appendChild(el("td", side(row.new), "num new"));
      }
      tr.appendChild(fallbacksCell(row, o));
      tr.appendChild(breakerCell(row, o));
      tr.appendChild(syncCell(row, o));
      tr.appendChild(plotsFor(row.name));
      return tr;
    });
    keepingFocus(body, () => body.replaceChildren(...rows));
    catchUpHistory(o);
  }

  // The history polls every 10 s; a change the page did not make (the rollout's own flips, the CLI, a file edit)
  // shows in the row within 2 s. When a row serves a revision the history does not list yet, fetch it now.
  function catchUpHistory(o) {
    if (!state.history) return;
    const behind = o.subdomains.some((row) => row.lastChange && row.lastChange.revision != null &&
      !state.history.some((h) => h.subdomain === row.name && h.revision === row.lastChange.revision && h.at === row.lastChange.at));
    if (behind && !state.catchingUp) {
      state.catchingUp = true;
      panels.history().finally(() => { state.catchingUp = false; });
    }
  }

  function renderSync(o) {
    $("sync-note").textContent = !o.syncConfigured
      ? "No sync worker configured (Strangler:Dashboard:SyncStatusUrls)."
      : o.syncSources.map((s) => `${s.url}: ${s.reachable ? "reachable"
        : `unreachable (${s.error}); last answered ${s.lastSuccess ? clock(s.lastSuccess) : "never"}`}`).join(" · ");
    const rows = [];
    for (const row of o.subdomains) {
      for (const p of row.sync) {
        const tr = el("tr");
        [p.name, p.kind, p.subdomain].forEach((t) => tr.appendChild(el("td", t)));
        [lagText(p), p.consumerLag, p.applied, num(p.appliedPerSecond), p.skipped, p.retried, p.deadLettered]
          .forEach((t) => tr.appendChild(el("td", String(t), "num")));
        const progress = el("td", progressText(p), p.stalled ? "progress stalled" : "progress");
        if (p.stalled) {
          progress.prepend(el("span", "STALLED", "badge-stalled"), " ");
          progress.title = `Messages wait and nothing was committed for ${Math.round(p.sinceProgressSeconds)} s`;
        }
        if (p.drift) {
          // The continuous check's latest sample (Strangler:Sync:Reconcile:SampleSizePerMinute).
          const d = p.drift;
          // A check taken while the pipeline caught up, or by a worker holding none of its partitions (so measuring no
          // lag), counts changes on their way as differences: shown, not alarmed.
          // The worker's figure is the worse of its two halves' shares (legacy keys, the new store's documents): the
          // counts, as the drift gate shows them, give both halves (SyncDriftStatus.Counts).
          const inWords = `${d.countsInWords} differ`;
          const figure = ` · drift ${num(d.drift * 100)}% (${d.counts})`;
          const noPartition = d.partitions === 0;
          // A peer of the same group catching up makes this figure no evidence either: the drift gate holds on it.
          const peer = p.driftPeerCatchingUp;
          // A check taken since the batch the worker retries first failed counts its held-back changes as drift: the
          // drift gate holds on it (DriftGate), so it is shown, not alarmed. Both times are the worker's clock.
          const failingWhenChecked = p.failing && p.failing.since && new Date(d.at) >= new Date(p.failing.since);
          const drift = d.skipped
            ? el("span", ` · drift check skipped: ${d.skipped}`, "drift")
            : noPartition
            ? el("span", `${figure} with no partition held`, "drift")
            : d.catchingUp
              ? el("span", `${figure} while catching up`, "drift")
              : failingWhenChecked
              ? el("span", `${figure} while a batch fails`, "drift")
              : peer
              ? el("span", `${figure} held: ${peer.worker} is catching up`, "drift held")
              : el("span", figure, d.differing > 0 ? "drift drifting" : "drift");
          drift.title = d.skipped
            ? `Continuous check at ${d.at} skipped (${d.skipped}): a worker holding no partition of ${p.name} measures no lag, so it cannot tell changes on their way from drift`
            : noPartition
            ? `Continuous check at ${d.at} by a worker holding no partition of ${p.name} (still joining its group, or another worker holds them): ` +
              "it measures no lag, so differing keys may be changes still on their way; the rollout's drift gate goes by the worker holding them"
            : d.catchingUp
              ? `Continuous check at ${d.at} ran while ${d.catchingUp}: differing keys may be changes still on their way, not drift`
              : failingWhenChecked
              ? `Continuous check at ${d.at} ran while ${p.name} retried a batch failing since ${p.failing.since}: ` +
                "differing keys may be its changes held back, not drift; the rollout's drift gate holds (inconclusive) until it goes through"
              : peer
              ? `Continuous check at ${d.at}: ${inWords}, but this worker samples keys of every partition and ` +
                `${peer.worker}, another worker of ${p.name}'s group, was catching up (${peer.catchingUp}): its changes on their way read as drift. ` +
                "The rollout's drift gate holds (inconclusive) until it has caught up"
              : `Continuous check at ${d.at}: ${inWords}`;
          progress.appendChild(drift);
        }
        if (kafkaDown(p)) progress.prepend(el("span", kafkaText(p), "stale kafka-down"), el("br"));
        if (p.failing) {
          progress.prepend(failingNote(p), el("br"));
          tr.classList.add("failing");
        }
        if (!p.sourceReachable) {
          // "12 s ago" was the worker's figure when it last answered; it does not grow while the worker is away.
          progress.prepend(el("span", staleText(p, o), "stale"), el("br"));
          tr.classList.add("stale-row");
        }
        tr.appendChild(progress);
        tr.appendChild(committedCell(p));
        tr.dataset.pipeline = p.name;
        if (p.stalled) tr.classList.add("stalled");
        const worker = el("td");
        const link = el("a", "status");
        link.href = p.source;
        link.setAttribute("aria-label", `Status of the worker running ${p.name}`);
        worker.appendChild(link);
        tr.appendChild(worker);
        rows.push(tr);
      }
    }
    $("sync").tBodies[0].replaceChildren(...rows);
  }

  function renderHistory(entries) {
    const rows = [...entries].sort((a, b) => new Date(b.at) - new Date(a.at)).map((h) => {
      const tr = el("tr");
      tr.dataset.revision = h.revision;
      [h.revision ?? "–", when(h.at), h.actor, h.subdomain, h.from ?? "(added)",
        h.to ?? "(removed)", h.reason].forEach((t, i) => tr.appendChild(el("td", String(t), i === 1 ? "time" : undefined)));
      const actions = el("td");
      if (h.revision != null && h.to != null) {
        const button = el("button", "Roll back to this");
        button.type = "button";
        button.setAttribute("aria-label", `Roll back ${h.subdomain} to revision ${h.revision}`);
        button.addEventListener("click", () => StranglerSteering.openRollback(h));
        actions.appendChild(button);
      }
      tr.appendChild(actions);
      return tr;
    });
    keepingFocus($("history"), () => $("history").tBodies[0].replaceChildren(...rows));
  }

  function renderInventory(inv) {
    $("inventory-note").textContent = `Learned from traffic. Endpoints with no traffic for ${inv.retireAfterDays} days ` +
      "are candidates to retire." + (inv.dropped ? ` ${inv.dropped} requests not listed (template cap reached).` : "");
    const rows = inv.entries.map((e) => {
      const tr = el("tr");
      tr.appendChild(el("td", e.subdomain));
      tr.appendChild(el("td", `${e.method} ${e.template}`, "endpoint"));
      tr.appendChild(el("td", String(e.legacyHits), "num"));
      tr.appendChild(el("td", String(e.newHits), "num"));
      tr.appendChild(el("td", e.servedByNew ? "yes" : "no"));
      tr.appendChild(el("td", when(e.lastHit), "time"));
      tr.appendChild(el("td", e.retireCandidate ? "retire candidate" : "", e.retireCandidate ? "retire" : ""));
      return tr;
    });
    $("inventory").tBodies[0].replaceChildren(...rows);
  }

  // Every panel's refresh, each on its own so one failing keeps none of the others from updating; a job never
  // throws: a failure shows in its panel (panels.js). Jobs given a request share it (one fetch, two panels).
  const job = StranglerPanels.job;

  // Requests numbered as sent: an answer is shown only if none sent after it was shown already. A poll sent just before
  // a flip may be answered after the refresh the flip triggers, and must not put the old route back on the page.
  function inOrder() {
    let sent = 0, shown = 0;
    return (request) => {
      const ticket = ++sent;
      return request.then((body) => ({ body, current: () => (ticket >= shown ? ((shown = ticket), true) : false) }));
    };
  }
  const overviewInOrder = inOrder(), historyInOrder = inOrder();

  const panels = {
    overview: job("Sub-domains", "overview-title", async (overview) => {
      const { body, current } = await overview;
      if (current()) { state.overview = body; renderOverview(body); }
    }),
    plots: job("Plots", "overview-title", async (series) => { state.series = await series; if (state.overview) renderOverview(state.overview); }),
    sync: job("Sync pipelines", "sync-title", async (overview) => { const { body, current } = await overview; if (current()) renderSync(body); }),
    fleet: job("Gateway replicas", "fleet-title", () => StranglerFleet.refresh()),
    rollouts: job("Rollouts", "rollout-title", () => StranglerRollout.refresh()),
    history: job("Route history", "history-title", async () => {
      const { body, current } = await historyInOrder(api("ui/history"));
      if (current()) { state.history = body; renderHistory(body); }
    }),
    shadow: job("Shadow traffic", "shadow-title", () => StranglerShadow.refresh()),
    inventory: job("Legacy inventory", "inventory-title", async () => renderInventory(await api("ui/inventory"))),
  };

  async function refreshFast() {
    const overview = overviewInOrder(api("ui/overview"));
    await Promise.all([panels.overview(overview), panels.sync(overview), panels.fleet(), panels.rollouts()]);
  }

  async function refreshSlow() {
    const series = api(`ui/series?minutes=${$("span").value}`);
    await Promise.all([panels.plots(series), panels.history(), panels.inventory(), panels.shadow()]);
  }

  function refreshAll() { return refreshSlow().then(refreshFast); }

  // After a change made from this page (flip, rollback, rollout command): the row, the rollout card and the history at
  // once and together, so the history's newest entry is there when the row changes, not up to 10 s later.
  function refreshAfterChange() { return Promise.all([refreshFast(), panels.history()]); }

  async function signIn(event) {
    event.preventDefault();
    $("sign-in-error").textContent = "";
    try {
      const session = await api("session", { method: "POST", body: { token: $("token").value }, signingIn: true });
      $("token").value = "";
      signedIn(session);
    } catch (e) {
      $("sign-in-error").textContent = e.message;
    }
  }

  async function signOut() {
    try { await api("session", { method: "DELETE" }); } catch { /* ended either way */ }
    sessionEnded("You are signed out.");
  }

  async function start() {
    StranglerSteering.init(api, refreshAfterChange);
    StranglerDetail.init(api);
    StranglerRollout.init(api, refreshAfterChange);
    StranglerShadow.init(api, panels.shadow);
    StranglerFleet.init(api);
    $("sign-in-form").addEventListener("submit", signIn);
    $("sign-out").addEventListener("click", signOut);
    $("span").addEventListener("change", refreshSlow);
    try {
      signedIn(await api("session", { signingIn: true }));
    } catch (e) {
      $("sign-in").hidden = false;
      if (e.status === 0) banner("The gateway is unreachable.");
      else if (e instanceof NotJsonError) banner(e.message);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
