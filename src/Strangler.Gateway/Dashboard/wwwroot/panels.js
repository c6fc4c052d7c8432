// Every panel refresh runs through here, so a failure is seen instead of leaving an empty or frozen panel: the panel
// keeps what it last showed, a line in it says what went wrong, and the browser console gets the error. A request
// that failed (gateway unreachable, session ended, an error status) is told apart from the page's own rendering code
// throwing on what it was given. All text goes in via textContent.
"use strict";
(function () {
  // Thrown by the page's api() for a request that did not give the data: status 0 when nothing answered; detail is
  // the server's own text (problem detail, title or errors), null when it wrote none.
  class ApiError extends Error {
    constructor(status, message, detail) { super(message); this.name = "ApiError"; this.status = status; this.detail = detail ?? null; }
  }

  // Thrown by api() for a success status whose body is not JSON: something other than the gateway answered (a proxy's
  // sign-in page, an HTML error page). Its message names the request and the content type, never the body, which can
  // hold anything.
  class NotJsonError extends ApiError {
    constructor(method, path, status, contentType) {
      super(status, /[/+]json$/.test(contentType)
        ? `${method} ${path} answered ${status} with ${contentType} that is not valid JSON (cut short?)`
        : `${method} ${path} answered ${status} with ${contentType || "no content type"}, not JSON (a proxy in the way?)`);
      this.name = "NotJsonError";
    }
  }

  // Times as a person comparing them with the CLI's UTC times and logs needs them: the reader's own clock, with its
  // zone named, and a date that reads one way only ("2026-12-01", not "01/12/2026", which is 12 January in the US).
  const two = (n) => String(n).padStart(2, "0");
  function zoneOf(date) {
    const part = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" }).formatToParts(date).find((p) => p.type === "timeZoneName");
    return part ? ` ${part.value}` : "";
  }
  function clock(value) {
    const d = new Date(value);
    return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}${zoneOf(d)}`;
  }
  function when(value) {
    const d = new Date(value);
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clock(d)}`;
  }

  // "12 s ago", "4 min ago", "2 h 5 min ago", "3 d 4 h ago": how long ago, exact enough to tell an incident's phases apart.
  function ago(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 120) return `${s} s ago`;
    if (s < 7200) return `${Math.round(s / 60)} min ago`;
    if (s < 172800) return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min ago`;
    return `${Math.floor(s / 86400)} d ${Math.round((s % 86400) / 3600)} h ago`;
  }

  // "14:02:03 UTC (3 min ago)": a time and its age, the age counted on the gateway's clock (now = the answer's
  // generatedAt), so a browser whose clock is off does not make it wrong.
  function since(value, now) {
    return `${clock(value)} (${ago((new Date(now) - new Date(value)) / 1000)})`;
  }

  function reason(error) {
    if (error instanceof NotJsonError) return error.message;
    if (error instanceof ApiError) {
      if (error.status === 0) return "the gateway is unreachable";
      if (error.status === 401) return "the session has ended (401)";
      return `the gateway answered ${error.status}` + (error.detail ? `: ${error.detail}` : "");
    }
    // Anything else was thrown by the page's script while showing the data: a bug, named with its message.
    return `the page could not show what the gateway sent (a bug in the page's script): ${error && error.name ? `${error.name}: ${error.message}` : String(error)}`;
  }

  // A refresh job of one panel: title names it on the page, heading is the id of the panel's heading (the line goes
  // under it), work does the fetching and rendering. Returns a function that runs the work and never throws.
  function job(title, heading, work) {
    let line = null, lastGood = null;

    function lineOf() {
      if (line) return line;
      const anchor = document.getElementById(heading);
      line = document.createElement("p");
      line.className = "error panel-error";
      line.setAttribute("role", "alert");
      line.dataset.panel = title;
      line.hidden = true;
      // Jobs sharing a panel stack their lines under its heading, in the order they first failed.
      let after = anchor;
      while (after.nextElementSibling && after.nextElementSibling.classList.contains("panel-error")) after = after.nextElementSibling;
      after.after(line);
      return line;
    }

    function show(text) {
      if (!text && !line) return;
      const target = lineOf();
      if (target.textContent === text) return;
      target.textContent = text;
      target.hidden = !text;
    }

    return async function run(...args) {
      try {
        await work(...args);
        lastGood = new Date();
        show("");
      } catch (error) {
        const text = `${title}: could not show the latest state: ${reason(error)}` +
          (lastGood ? ` (showing the state of ${clock(lastGood)})` : "");
        // Logged once per distinct failure, not on every poll; the stack says where a rendering bug is.
        if (!line || line.textContent !== text) console.error(`${title}: could not show the latest state`, error);
        show(text);
      }
    };
  }

  window.StranglerPanels = { ApiError, NotJsonError, job, reason, clock, when, ago, since };
})();
