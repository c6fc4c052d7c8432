// The rollout panel: each sub-domain's progressive cutover (steps, next evaluation, every gate's value against its
// limit with its recent pass / fail / inconclusive history) and the start, pause, resume and abort buttons.
// All text goes in via textContent, like the rest of the page.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const MARK = { pass: "✓", fail: "✗", inconclusive: "?" };
  let api, onChanged;
  // Each sub-domain's latest rollout state, for the Sub-domains table: a rollback happens below the fold otherwise.
  let latest = new Map();
  const ENDED = new Set(["rolled-back", "aborted", "completed"]);

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function stepsBar(plan, state) {
    const bar = el("ol", null, "rollout-steps");
    bar.setAttribute("aria-label", "Steps");
    plan.steps.forEach((step, i) => {
      const reached = state && (i < state.step || (i === state.step && state.status === "completed"));
      const current = state && i === state.step && (state.status === "running" || state.status === "paused");
      const item = el("li", `${step}%`, current ? "current" : reached ? "done" : "");
      if (current) item.setAttribute("aria-current", "step");
      bar.append(item);
    });
    return bar;
  }

  function gatesTable(state) {
    const evaluations = (state && state.evaluations) || [];
    const last = evaluations[evaluations.length - 1];
    if (!last) return el("p", "No evaluation yet.", "muted");
    const table = el("table", null, "rollout-gates");
    const head = el("tr");
    for (const title of ["Gate", "Value (new vs legacy)", "Limit", "Last", "Recent (oldest first)"]) {
      const th = el("th", title); th.scope = "col"; head.append(th);
    }
    // append() returns nothing (unlike appendChild), so the head goes in through its own variable.
    const thead = el("thead");
    thead.append(head);
    table.append(thead);
    const body = el("tbody");
    for (const gate of last.gates) {
      const row = el("tr");
      row.append(el("td", gate.gate), el("td", gate.value), el("td", gate.limit));
      const outcome = el("td", `${MARK[gate.outcome]} ${gate.outcome}` + (gate.detail ? ` (${gate.detail})` : ""), `outcome-${gate.outcome}`);
      const recent = el("td", null, "rollout-recent");
      for (const evaluation of evaluations) {
        const past = evaluation.gates.find((g) => g.gate === gate.gate);
        if (!past) continue;
        const mark = el("span", MARK[past.outcome], `outcome-${past.outcome}`);
        mark.title = `${evaluation.at} ${evaluation.mode}: ${past.outcome}, ${past.value}`;
        recent.append(mark);
      }
      row.append(outcome, recent);
      body.append(row);
    }
    table.append(body);
    return table;
  }

  function button(label, command, subdomain) {
    const b = el("button", label);
    b.type = "button";
    b.dataset.command = command;
    b.addEventListener("click", async () => {
      const reason = window.prompt(`${label} the rollout of ${subdomain}: why? (recorded in the history)`, "");
      if (reason === null) return;
      try {
        await api(`ui/rollout/${encodeURIComponent(subdomain)}/${command}`, { method: "POST", body: { reason } });
        onChanged();
      } catch (e) {
        $("rollout-note").textContent = e.message;
      }
    });
    return b;
  }

  function card(item) {
    const { view, nextEvaluationInSeconds } = item;
    const state = view.state;
    const section = el("article", null, "rollout-card");
    section.dataset.subdomain = view.subdomain;
    const title = el("h3", view.subdomain);
    title.append(el("span", state ? ` ${state.status}` : " not started", `rollout-status status-${state ? state.status : "none"}`));
    // An ended rollout's state is not touched again: its last update is when it ended.
    if (state && ENDED.has(state.status)) title.append(el("span", ` at ${StranglerPanels.when(state.updatedAt)}`, "rollout-ended"));
    title.append(el("span", ` serving ${view.mode || "(no route)"}`, "muted"));
    section.append(title);
    if (view.plan) section.append(stepsBar(view.plan, state));
    if (nextEvaluationInSeconds !== null && nextEvaluationInSeconds !== undefined) {
      section.append(el("p", `Next evaluation in ${Math.ceil(nextEvaluationInSeconds)} s`, "rollout-next"));
    }
    if (state && state.message) section.append(el("p", state.message, "rollout-message"));
    for (const warning of view.warnings || []) section.append(el("p", warning, "error"));
    section.append(gatesTable(state));
    const actions = el("div", null, "rollout-actions");
    const active = state && (state.status === "running" || state.status === "paused");
    if (view.plan && !active) actions.append(button("Start", "start", view.subdomain));
    if (state && state.status === "running") actions.append(button("Pause", "pause", view.subdomain));
    if (state && state.status === "paused") actions.append(button("Resume", "resume", view.subdomain));
    if (active) actions.append(button("Abort", "abort", view.subdomain));
    section.append(actions);
    return section;
  }

  async function refresh() {
    let body;
    try {
      body = await api("ui/rollouts");
    } catch (error) {
      // A fleet whose store cannot be reached has no rollout state to show: say why, and show none rather than stale.
      if (error.status !== 503) throw error;
      $("rollout-note").textContent = error.message;
      $("rollouts").replaceChildren();
      latest = new Map();
      return;
    }
    latest = new Map(body.rollouts.filter((r) => r.view.state).map((r) => [r.view.subdomain, r.view.state]));
    const cards = body.rollouts.map(card);
    $("rollout-note").textContent = cards.length ? "" : "No sub-domain has a rollout plan (the \"rollout\" object of its route file).";
    $("rollouts").replaceChildren(...cards);
  }

  function init(apiFunction, changed) {
    api = apiFunction;
    onChanged = changed;
  }

  // "rolled back at 14:26:57 UTC" for a sub-domain whose latest rollout rolled back, else null.
  function rolledBack(subdomain) {
    const state = latest.get(subdomain);
    return state && state.status === "rolled-back" ? `rolled back at ${StranglerPanels.clock(state.updatedAt)}` : null;
  }

  window.StranglerRollout = { init, refresh, rolledBack };
})();
