// Crowd workbench: label one item at a time with the keyboard, show progress and the lease countdown.
(function () {
  "use strict";

  function visibleItem(form) {
    return form.querySelector("fieldset.item:not([hidden])");
  }

  function items(form) {
    return Array.from(form.querySelectorAll("fieldset.item"));
  }

  function show(form, index) {
    const all = items(form);
    if (index < 0 || index >= all.length) return;
    all.forEach((f, i) => { f.hidden = i !== index; });
    all[index].dataset.shownAt = String(Date.now());
    form.querySelector(".pos").textContent = String(index + 1);
    const first = all[index].querySelector("input[type=radio]:checked") || all[index].querySelector("input[type=radio]");
    if (first) first.focus();
  }

  function updateProgress(form) {
    const done = items(form).filter(f => f.querySelector("input[type=radio]:checked")).length;
    const bar = form.querySelector("progress.done");
    if (bar) bar.value = done;
    return done;
  }

  function choose(form, fieldset, input) {
    input.checked = true;
    const spent = Date.now() - Number(fieldset.dataset.shownAt || Date.now());
    const ms = fieldset.querySelector("input[name^=ms_]");
    if (ms) ms.value = String(Number(ms.value || 0) + Math.max(0, spent));
    fieldset.dataset.shownAt = String(Date.now());
    const all = items(form);
    const done = updateProgress(form);
    const index = all.indexOf(fieldset);
    if (index < all.length - 1) {
      show(form, index + 1);
    } else if (done === all.length) {
      form.querySelector("button[type=submit]").focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    const form = document.querySelector("form.answers");
    if (!form || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type === "text"))) return;
    const fieldset = visibleItem(form);
    if (!fieldset) return;
    const all = items(form);
    const index = all.indexOf(fieldset);
    if (event.key === "ArrowRight") { show(form, index + 1); event.preventDefault(); return; }
    if (event.key === "ArrowLeft") { show(form, index - 1); event.preventDefault(); return; }
    if (event.key === "Enter") {
      if (updateProgress(form) === all.length) { htmx.trigger(form, "submit"); }
      event.preventDefault();
      return;
    }
    const input = Array.from(fieldset.querySelectorAll("input[type=radio]"))
      .find(i => (i.dataset.hotkey || "").toLowerCase() === event.key.toLowerCase());
    if (input) { choose(form, fieldset, input); event.preventDefault(); }
  });

  document.addEventListener("change", function (event) {
    const input = event.target;
    if (input.type !== "radio") return;
    const form = input.closest("form.answers");
    if (form) choose(form, input.closest("fieldset.item"), input);
  });

  function tick() {
    document.querySelectorAll(".countdown[data-until]").forEach(el => {
      const until = Date.parse(el.dataset.until);
      if (isNaN(until)) { el.textContent = "–"; return; }
      const left = Math.max(0, Math.round((until - Date.now()) / 1000));
      el.textContent = left === 0 ? "expired" : Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      el.classList.toggle("low", left < 60);
    });
  }
  setInterval(tick, 1000);

  function init(root) {
    tick();
    const form = root.querySelector && root.querySelector("form.answers");
    if (form) show(form, 0);
  }
  document.addEventListener("htmx:afterSwap", e => init(e.target));
  document.addEventListener("DOMContentLoaded", () => init(document));

  // Item upload: the file goes straight to the task service through the gateway (streamed, not buffered
  // here), with the browser session; the import report (or the per-row errors) is shown under the form.
  document.addEventListener("submit", async function (event) {
    const form = event.target;
    if (!form.classList || !form.classList.contains("upload")) return;
    event.preventDefault();
    const file = form.querySelector("input[type=file]").files[0];
    const out = form.querySelector(".upload-result");
    if (!file) { out.textContent = "Choose a file first."; return; }
    const gold = form.querySelector("input[name=gold]").checked;
    const name = file.name.toLowerCase();
    const format = name.endsWith(".csv") ? "csv" : (name.endsWith(".jsonl") || name.endsWith(".ndjson")) ? "jsonl" : "labelstudio";
    out.textContent = "Uploading " + file.name + "…";
    try {
      const response = await fetch("/api/tasks/jobs/" + form.dataset.job + "/items?format=" + format + (gold ? "&gold=true" : ""), {
        method: "POST", body: file, credentials: "same-origin",
        headers: { "Content-Type": file.type || "application/octet-stream", "X-Requested-With": "fetch" }
      });
      const body = await response.json().catch(() => ({}));
      out.replaceChildren();
      if (response.ok) {
        const p = document.createElement("p");
        p.className = "ok";
        p.textContent = "Imported: " + Object.entries(body).map(([k, v]) => k + " " + JSON.stringify(v)).join(", ");
        out.append(p);
      } else {
        const p = document.createElement("p");
        p.className = "error";
        p.textContent = body.detail || ("Upload failed (HTTP " + response.status + ")");
        out.append(p);
        if (Array.isArray(body.errors) && body.errors.length) {
          const table = document.createElement("table");
          table.innerHTML = "<thead><tr><th>Line</th><th>Field</th><th>Problem</th></tr></thead>";
          const tbody = document.createElement("tbody");
          body.errors.forEach(e => {
            const tr = document.createElement("tr");
            [e.line ?? "", e.field ?? "", e.message ?? ""].forEach(v => {
              const td = document.createElement("td"); td.textContent = String(v); tr.append(td);
            });
            tbody.append(tr);
          });
          table.append(tbody);
          out.append(table);
        }
      }
    } catch (e) {
      out.textContent = "Upload failed: " + e;
    }
  });
})();
