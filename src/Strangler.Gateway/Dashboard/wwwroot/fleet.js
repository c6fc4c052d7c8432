// The fleet panel: this replica's route-state age (the figure of /readyz and route_state_age) and every replica from
// its heartbeat in the store, flagged when it serves an older revision than the store's or has gone silent; one silent
// past ReplicaGoneAfter is shown GONE (the rollout gates no longer wait for it), one that stopped cleanly LEFT.
// Each row names the process holding the id (host, pid) and when its run started, so a restart shows as a new start.
// A replica whose id another process was just refused (the same ReplicaId configured twice) is flagged DUPLICATE, with
// a line under it naming that process, as in `routes replicas`: the refused one is not ready and writes nothing else,
// so this is the only place the dashboard shows it.
// A single gateway (no fleet store) says so and shows nothing else. All text goes in via textContent.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let api;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function seconds(value) {
    return value === null || value === undefined ? "never" : `${value.toFixed(1)} s ago`;
  }

  function self(body) {
    const source = body.source === "store" ? "" : ` (from the ${body.source})`;
    const text = `This replica (${body.replicaId}) serves revision ${body.servedRevision}${source}; ` +
      `route state last confirmed with the store ${seconds(body.ageSeconds)}` +
      (body.storeError ? `; store unreachable: ${body.storeError}` : "") +
      (body.storeRevision !== null && body.storeRevision !== undefined ? `; store revision ${body.storeRevision}.` : ".");
    const line = el("p", text, body.stale ? "error fleet-stale" : "fleet-fresh");
    line.id = "fleet-self";
    return line;
  }

  function table(body) {
    const t = el("table");
    t.id = "fleet-replicas";
    const head = el("tr");
    for (const title of ["Replica", "Address", "Host (pid)", "Run started", "Revision served", "Last sync", "Last heartbeat", "Flags"]) {
      const th = el("th", title); th.scope = "col"; head.append(th);
    }
    // append() returns nothing (unlike appendChild), so the head goes in through its own variable.
    const thead = el("thead");
    thead.append(head);
    t.append(thead);
    const rows = el("tbody");
    for (const r of body.replicas) {
      const row = el("tr", null, r.behind || r.silent || r.duplicate ? "fleet-flagged" : "");
      row.dataset.replica = r.id;
      const flags = [];
      if (r.behind) flags.push(`BEHIND (store at ${body.storeRevision})`);
      if (r.silent) flags.push(`SILENT (no heartbeat for over ${body.silentAfterSeconds} s)`);
      if (r.duplicate) flags.push("DUPLICATE (its id is configured on another process too)");
      // Gone and left are said, not flagged: neither is waited for, and neither needs anyone to act (as in `routes replicas`).
      const notes = [];
      if (r.gone) notes.push(`GONE (no heartbeat for over ${body.goneAfterSeconds} s; not waited for)`);
      if (r.left) notes.push(`LEFT (stopped cleanly at ${StranglerPanels.when(r.leftAt)})`);
      // A row written by a gateway older than run ids has no host, pid or start.
      const host = r.host ? `${r.host} (pid ${r.processId})` : "unknown";
      const started = r.startedAt ? `${StranglerPanels.when(r.startedAt)} (${StranglerPanels.ago(r.secondsSinceStart)})` : "unknown";
      row.append(el("td", r.id + (r.self ? " (this one)" : "")), el("td", r.address || "–"), el("td", host, "fleet-host"),
        el("td", started, "fleet-started"), el("td", String(r.revision)),
        el("td", r.lastSync ? StranglerPanels.when(r.lastSync) : "never"), el("td", `${r.secondsSinceSeen.toFixed(0)} s ago`),
        el("td", flags.concat(notes).join(" · "), flags.length ? "error" : ""));
      rows.append(row);
      if (r.duplicate) rows.append(refused(r));
    }
    t.append(rows);
    return t;
  }

  // The refused process's host is what it reported of itself, stored as text: it goes in through textContent (el).
  function refused(r) {
    const row = el("tr", null, "fleet-duplicate");
    row.dataset.duplicateOf = r.id;
    const host = r.refusedHost || "unknown";
    const cell = el("td", `another process (host ${host}, pid ${r.refusedProcessId}) was refused this id at ` +
      `${StranglerPanels.when(r.refusedAt)} (${StranglerPanels.ago(r.secondsSinceRefused)}): it is not ready and changes ` +
      "nothing in the fleet; set a distinct Strangler:Gateway:Fleet:ReplicaId for one of them", "error");
    cell.colSpan = 8;
    row.append(cell);
    return row;
  }

  async function refresh() {
    const body = await api("ui/fleet");
    if (!body.fleet) {
      $("fleet-note").textContent = "single gateway";
      $("fleet").replaceChildren();
      return;
    }
    const parts = [self(body)];
    if (body.replicasError) parts.push(el("p", body.replicasError, "error"));
    else {
      const wrap = el("div", null, "scroll");
      wrap.append(table(body));
      parts.push(wrap);
    }
    const count = (flag) => body.replicas.filter((r) => r[flag]).length;
    $("fleet-note").textContent = `${body.replicas.length} replica(s) in the store; ${count("behind")} behind, ` +
      `${count("silent")} silent, ${count("gone")} gone, ${count("left")} left` +
      (count("duplicate") ? `, ${count("duplicate")} duplicate.` : ".");
    $("fleet").replaceChildren(...parts);
  }

  function init(apiFunction) { api = apiFunction; }

  window.StranglerFleet = { init, refresh };
})();
