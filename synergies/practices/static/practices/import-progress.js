// The import's follow-up page polls its own status (JSON) every two seconds, updates the <progress> bar and the
// live text, and reloads once the job is finished, to show its result. Without JavaScript, a link reloads the page.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = document.getElementById("import-progress-bar");
  var text = document.getElementById("import-progress-text");
  var url = box.getAttribute("data-status-url");
  var lang = document.documentElement.lang || "fr";
  var english = lang.indexOf("en") === 0;

  function describe(state) {
    if (state.status === "queued") {
      return english ? "Waiting: the import starts in a moment." : "En attente\u00a0: l\u2019import commence dans un instant.";
    }
    return english
      ? state.validated + " rows checked and " + state.written + " written out of " + state.total + "."
      : state.validated + " lignes v\u00e9rifi\u00e9es et " + state.written + " \u00e9crites sur " + state.total + ".";
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.finished) { window.location.reload(); return; }
        bar.value = state.percent;
        bar.textContent = state.percent + "\u00a0%";
        text.textContent = describe(state);
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
