// The rollout panel: each sub-domain's progressive cutover (steps, next evaluation, every gate's value against its
// limit with its recent pass / fail / inconclusive history) and the start, pause, resume and abort buttons.
// All text goes in via textContent, like the rest of the page.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const MARK = { pass: "✓", fail: "✗", inconclusive: "?" };
  let api, onChanged;
  // Each sub-domain's rollout status, for the flip dialog: a person's flip pauses a running rollout.
  let statuses = new Map();
  // A refused command per sub-domain ({ text, status }), kept across the refreshes that rebuild the cards.
  const refusals = new Map();
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
      // A rolled-back rollout keeps the step it failed at (its state's step): without a mark the card no longer
      // said how far it got.
      const failed = state && i === state.step && state.status === "rolled-back";
      // An aborted one likewise keeps the step a person stopped it at.
      const aborted = state && i === state.step && state.status === "aborted";
      const text = failed ? `${step}% ${MARK.fail}` : aborted ? `${step}% (aborted)` : `${step}%`;
      const item = el("li", text, current ? "current" : failed ? "failed" : aborted ? "aborted" : reached ? "done" : "");
      if (current) item.setAttribute("aria-current", "step");
      if (failed) item.title = "rolled back at this step";
      if (aborted) item.title = "aborted at this step";
      bar.append(item);
    });
    return bar;
  }

  // When the gates below were judged, and on which mode. They are that evaluation's, not the present: once the route
  // serves another mode, or the breaker an error gate failed on has closed, the card says so and greys them, since a
  // red "circuit breaker is open" read as the state of now after a person had flipped the route and it had closed.
  // A running rollout's own promotion is not that: the mode moved because these passed, and the next evaluation
  // judges the new one, so the card says so without greying them as if someone had taken the route.
  function evaluated(item, last, now) {
    const state = item.view.state;
    const moved = last.mode !== item.view.mode;
    const promoted = moved && state.status === "running" && state.expectedMode === item.view.mode;
    const changed = [];
    if (moved && !promoted) changed.push(`the route serves ${modeText(item.view.mode)}`);
    if (item.breakerClosedSince) changed.push("the new side's circuit breaker has closed");
    const text = `Last evaluation ${StranglerPanels.since(last.at, now)}, of ${modeText(last.mode)}` +
      (promoted ? `; the rollout moved the route to ${modeText(item.view.mode)} after these passed; the next evaluation judges it` : "") +
      (changed.length ? `; since then ${changed.join(" and ")}: these results are not the present state.` : ".");
    return { note: el("p", text, "rollout-evaluated"), stale: changed.length > 0 };
  }

  function gatesTable(item, now) {
    const state = item.view.state;
    const evaluations = (state && state.evaluations) || [];
    const last = evaluations[evaluations.length - 1];
    if (!last) return [el("p", "No evaluation yet.", "muted")];
    const { note, stale } = evaluated(item, last, now);
    const table = el("table", null, stale ? "rollout-gates stale" : "rollout-gates");
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
    return [note, table];
  }

  // "canary:10" as the Sub-domains table writes it: "canary 10%".
  const modeText = (mode) => (!mode ? "(no route)" : mode.startsWith("canary:") ? `canary ${mode.slice(7)}%` : mode);

  // What each button will do, in the words of the route it changes: said before the reason is asked.
  function effect(command, view) {
    const plan = view.plan, state = view.state, mode = modeText(view.mode);
    const step = (i) => (plan.steps[i] >= 100 ? "new" : `canary ${plan.steps[i]}%`);
    switch (command) {
      case "start":
        return `flips ${view.subdomain} from ${mode} to ${step(0)} now; then judges the gates every ${plan.intervalSeconds} s, ` +
          `moves to the next step after ${plan.bakeSeconds} s of passing, up to new, and rolls back to legacy on a failed gate`;
      case "pause":
        return `stops judging and flipping; ${view.subdomain} stays on ${mode}`;
      case "resume":
        return `judges the gates again from ${step(Math.min(state.step, plan.steps.length - 1))}, which bakes afresh`;
      default:
        return `flips ${view.subdomain} back to legacy now and ends the rollout`;
    }
  }

  function button(label, command, view) {
    const subdomain = view.subdomain;
    const b = el("button", label);
    b.type = "button";
    b.dataset.command = command;
    const does = view.plan ? effect(command, view) : "";
    b.title = does;
    b.addEventListener("click", () => StranglerRolloutDialog.open({
      label, subdomain, does, required: command === "start", send: (reason) => send(command, label, view, reason),
    }));
    return b;
  }

  // Sends a command from the dialog; answers the refusal's text (the dialog shows it), or null when it worked.
  async function send(command, label, view, reason) {
    const subdomain = view.subdomain;
    let refused = null;
    try {
      await api(`ui/rollout/${encodeURIComponent(subdomain)}/${command}`, { method: "POST", body: { reason } });
      refusals.delete(subdomain);
    } catch (e) {
      // Also said in the card, beside the button, once the dialog is closed: until the rollout moves on or the next
      // command from the card works.
      refused = `${label} refused: ${e.message}`;
      refusals.set(subdomain, { text: refused, status: view.state ? view.state.status : null });
    }
    await onChanged();
    return refused;
  }

  function refusalOf(view) {
    const refusal = refusals.get(view.subdomain);
    if (!refusal) return null;
    if (refusal.status !== (view.state ? view.state.status : null)) { refusals.delete(view.subdomain); return null; }
    return refusal.text;
  }

  // Who started it and when, and since when the current step serves: how far along it is, on the gateway's clock.
  function timing(view, now) {
    const state = view.state;
    if (!state) return null;
    const { since } = StranglerPanels;
    let text = `Started ${since(state.startedAt, now)} by ${state.startedBy}`;
    if (view.plan && (state.status === "running" || state.status === "paused")) {
      const step = view.plan.steps[Math.min(state.step, view.plan.steps.length - 1)];
      const baked = (new Date(now) - new Date(state.stepStartedAt)) / 1000;
      text += `; at ${step}% since ${since(state.stepStartedAt, now)}` +
        (state.status === "running" ? `, next step after ${view.plan.bakeSeconds} s of passing` +
          (baked < view.plan.bakeSeconds ? ` (not before ${StranglerPanels.clock(new Date(new Date(state.stepStartedAt).getTime() + view.plan.bakeSeconds * 1000))})` : "") : "");
    }
    return el("p", text, "rollout-timing");
  }

  function card(item, now) {
    const { view, nextEvaluationInSeconds } = item;
    const state = view.state;
    const section = el("article", null, "rollout-card");
    section.dataset.subdomain = view.subdomain;
    // The name, the rollout's state as a badge, then what the route serves as the Sub-domains table's mode badge: as
    // plain words in a row ("customers not started serving canary 50%") they read as one run. The spaces between the
    // parts are for reading it aloud or copying it; the layout's gap is what separates them on screen.
    const title = el("h3");
    title.append(el("span", view.subdomain, "rollout-name"), " ",
      el("span", state ? state.status : "not started", `rollout-status status-${state ? state.status : "none"}`));
    // An ended rollout's state is not touched again: its last update is when it ended.
    if (state && ENDED.has(state.status)) {
      title.append(" ", el("span", `at ${StranglerPanels.when(state.updatedAt)} (${StranglerPanels.ago((new Date(now) - new Date(state.updatedAt)) / 1000)})`, "rollout-ended"));
    }
    const serving = el("span", "serving ", "rollout-serving");
    serving.append(el("span", modeText(view.mode), view.mode ? `mode mode-${view.mode.split(":")[0]}` : "mode"));
    title.append(" ", serving);
    section.append(title);
    const started = timing(view, now);
    if (started) section.append(started);
    if (view.plan) section.append(stepsBar(view.plan, state));
    if (nextEvaluationInSeconds !== null && nextEvaluationInSeconds !== undefined) {
      // Due: it runs at the gateway's next tick (every 5 s by default), so "in 0 s" would read as stuck.
      section.append(el("p", nextEvaluationInSeconds > 0 ? `Next evaluation in ${Math.ceil(nextEvaluationInSeconds)} s`
        : "Next evaluation due now (at the gateway's next tick)", "rollout-next"));
    }
    if (state && state.message) section.append(el("p", state.message, "rollout-message"));
    for (const warning of view.warnings || []) section.append(el("p", warning, "error"));
    section.append(...gatesTable(item, now));
    const actions = el("div", null, "rollout-actions");
    const active = state && (state.status === "running" || state.status === "paused");
    // Starting a completed rollout takes the route from new back to the first step (the dialog says so): "Start" on a
    // finished card read as harmless. Not started, aborted or rolled back, the route is off new and Start says it.
    if (view.plan && !active) actions.append(button(state && state.status === "completed" ? "Restart" : "Start", "start", view));
    if (state && state.status === "running") actions.append(button("Pause", "pause", view));
    if (state && state.status === "paused") actions.append(button("Resume", "resume", view));
    if (active) actions.append(button("Abort", "abort", view));
    const refusal = refusalOf(view);
    if (refusal) {
      const line = el("p", refusal, "error rollout-error");
      line.setAttribute("role", "alert");
      actions.append(line);
    }
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
      return;
    }
    statuses = new Map(body.rollouts.filter((r) => r.view.state).map((r) => [r.view.subdomain, r.view.state.status]));
    const cards = body.rollouts.map((item) => card(item, body.generatedAt));
    $("rollout-note").textContent = cards.length ? "" : "No sub-domain has a rollout plan (the \"rollout\" object of its route file).";
    $("rollouts").replaceChildren(...cards);
  }

  function init(apiFunction, changed) {
    api = apiFunction;
    onChanged = changed;
    StranglerRolloutDialog.init();
  }

  const statusOf = (subdomain) => statuses.get(subdomain) || null;

  window.StranglerRollout = { init, refresh, statusOf };
})();
