// The rollout command dialog: says what Start (Restart on a completed rollout), Pause, Resume or Abort will do, asks
// why (required for Start, as the gateway requires), and keeps a refusal on screen beside the reason it answers.
// Styled like the flip and rollback dialogs (steering.js); a native prompt could neither check the reason nor show
// the gateway's answer.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let current = null;

  // command: { label, subdomain, does, required, send(reason) => refusal text or null }.
  function open(command) {
    current = command;
    $("rollout-dialog-title").textContent = `${command.label} the rollout of ${command.subdomain}`;
    $("rollout-summary").textContent = command.does ? `${command.label} ${command.does}.` : "";
    $("rollout-summary").hidden = !command.does;
    $("rollout-reason-label").textContent = command.required
      ? "Reason (required; recorded in the history)"
      : "Reason (optional; recorded in the history)";
    $("rollout-reason").required = command.required;
    $("rollout-reason").value = "";
    $("rollout-error").textContent = "";
    $("rollout-confirm").textContent = `${command.label} rollout`;
    $("rollout-confirm").disabled = false;
    $("rollout-dialog").showModal();
  }

  async function confirm(event) {
    event.preventDefault();
    const reason = $("rollout-reason").value.trim();
    if (current.required && !reason) { $("rollout-error").textContent = "Give a reason: it is recorded in the history."; return; }
    // One command per press: a second click while the first is on its way would be refused as a second start.
    $("rollout-confirm").disabled = true;
    try {
      const refused = await current.send(reason);
      if (refused) { $("rollout-error").textContent = refused; return; }
      $("rollout-dialog").close();
    } finally {
      $("rollout-confirm").disabled = false;
    }
  }

  function init() {
    $("rollout-form").addEventListener("submit", confirm);
    $("rollout-cancel").addEventListener("click", () => $("rollout-dialog").close());
  }

  window.StranglerRolloutDialog = { init, open };
})();
