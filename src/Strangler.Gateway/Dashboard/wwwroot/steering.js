// The flip and rollback dialogs: show what will change, require a reason, then call the dashboard's steering endpoints.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let api, onChanged, current = null, rollbackTarget = null;

  function describe(mode, percentage) {
    if (!mode) return "no route";
    return mode === "canary" ? `canary ${percentage}% on new` : `${mode}`;
  }

  function selectedMode() {
    const checked = document.querySelector('#flip-form input[name="mode"]:checked');
    return checked ? checked.value : null;
  }

  function updateSummary() {
    const mode = selectedMode();
    const percentage = Number($("canary-percentage").value);
    $("canary-controls").hidden = mode !== "canary";
    $("canary-output").textContent = `${percentage}%`;
    const from = describe(current.mode, current.canaryPercentage);
    const to = describe(mode, percentage);
    // The rollout controller takes a flip it did not make as a person taking over: said before, not found after.
    const running = window.StranglerRollout && StranglerRollout.statusOf(current.name) === "running";
    $("flip-summary").textContent = (mode
      ? `${current.name}: ${from} → ${to}` + (from === to ? " (no change)" : "")
      : `${current.name}: choose where its traffic goes`) +
      (running && mode && from !== to ? ". Its running rollout pauses: resume or abort it in Rollouts." : "");
    $("flip-confirm").disabled = !mode || from === to;
  }

  function openFlip(row) {
    current = row;
    for (const input of document.querySelectorAll('#flip-form input[name="mode"]')) {
      input.checked = input.value === row.mode;
    }
    $("canary-percentage").value = row.mode === "canary" ? row.canaryPercentage : 10;
    $("flip-reason").value = "";
    $("flip-error").textContent = "";
    $("flip-title").textContent = `Change route of ${row.name}`;
    updateSummary();
    $("flip-dialog").showModal();
  }

  async function confirmFlip(event) {
    event.preventDefault();
    const reason = $("flip-reason").value.trim();
    if (!reason) { $("flip-error").textContent = "Give a reason: it is recorded in the history."; return; }
    const mode = selectedMode();
    const body = { subdomain: current.name, mode, reason };
    if (mode === "canary") body.percentage = Number($("canary-percentage").value);
    try {
      const answer = await api("ui/flip", { method: "POST", body });
      // Someone else got it there first (the button is off for the state the page shows): said, not taken for a flip.
      if (alreadySo(answer, "flip-error")) return;
      $("flip-dialog").close();
      onChanged();
    } catch (e) {
      $("flip-error").textContent = e.message;
    }
  }

  // The gateway records nothing for a change to the state the route already has (as the CLI and the admin API say).
  function alreadySo(answer, line, rolledBackTo = null) {
    if (!answer || answer.changed !== false) return false;
    const asAt = rolledBackTo !== null && rolledBackTo !== answer.revision ? `, as at revision ${rolledBackTo}` : "";
    $(line).textContent = `Nothing to do: ${answer.subdomain} is already ${describe(answer.mode, answer.canaryPercentage)}` +
      ` at revision ${answer.revision}${asAt}; nothing recorded.`;
    onChanged();
    return true;
  }

  function openRollback(entry) {
    rollbackTarget = entry;
    $("rollback-summary").textContent =
      `${entry.subdomain}: return to revision ${entry.revision} (${entry.to})`;
    $("rollback-reason").value = "";
    $("rollback-error").textContent = "";
    $("rollback-dialog").showModal();
  }

  async function confirmRollback(event) {
    event.preventDefault();
    const reason = $("rollback-reason").value.trim();
    if (!reason) { $("rollback-error").textContent = "Give a reason: it is recorded in the history."; return; }
    try {
      const answer = await api("ui/rollback", {
        method: "POST",
        body: { subdomain: rollbackTarget.subdomain, revision: rollbackTarget.revision, reason },
      });
      if (alreadySo(answer, "rollback-error", rollbackTarget.revision)) return;
      $("rollback-dialog").close();
      onChanged();
    } catch (e) {
      $("rollback-error").textContent = e.message;
    }
  }

  function init(apiFunction, changed) {
    api = apiFunction;
    onChanged = changed;
    for (const input of document.querySelectorAll('#flip-form input[name="mode"]')) {
      input.addEventListener("change", updateSummary);
    }
    $("canary-percentage").addEventListener("input", updateSummary);
    $("flip-form").addEventListener("submit", confirmFlip);
    $("flip-cancel").addEventListener("click", () => $("flip-dialog").close());
    $("rollback-form").addEventListener("submit", confirmRollback);
    $("rollback-cancel").addEventListener("click", () => $("rollback-dialog").close());
  }

  window.StranglerSteering = { init, openFlip, openRollback, describe };
})();
