/* Litmas draft autosave: posts the whole form after a pause in typing, when a field is left, and (with
   sendBeacon) when the page is hidden or closed. Without JavaScript the Save button does the same. */
(function () {
  "use strict";
  var form = document.getElementById("litmas-form");
  if (!form || !window.fetch) { return; }
  var url = form.dataset.autosaveUrl;
  var out = document.getElementById("autosave-status");
  var script = document.currentScript || document.querySelector("script[src*='litmas/autosave.js']");
  var texts = { saving: script.dataset.saving, failed: script.dataset.failed };
  var timer = null, dirty = false, inFlight = false, again = false;

  function data() {
    var fd = new FormData(form);
    fd.delete("action");
    return fd;
  }

  function showErrors(errors) {
    form.querySelectorAll("[data-error-for]").forEach(function (box) {
      var list = (errors || {})[box.dataset.errorFor];
      box.textContent = "";
      (list || []).forEach(function (msg) {
        var div = document.createElement("div");
        div.className = "invalid-feedback d-block";
        div.textContent = msg;
        box.appendChild(div);
      });
    });
  }

  function save() {
    clearTimeout(timer);
    if (!dirty) { return; }
    if (inFlight) { again = true; return; }
    dirty = false;
    inFlight = true;
    out.textContent = texts.saving;
    fetch(url, { method: "POST", body: data(), credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        out.textContent = res.body.message || "";
        showErrors(res.body.errors);
        if (!res.ok) { form.dataset.locked = "1"; }
      })
      .catch(function () { dirty = true; out.textContent = texts.failed; timer = setTimeout(save, 5000); })
      .finally(function () { inFlight = false; if (again) { again = false; dirty = true; save(); } });
  }

  function changed() {
    if (form.dataset.locked) { return; }
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("focusout", function () { if (dirty) { save(); } });
  form.addEventListener("submit", function () { dirty = false; clearTimeout(timer); });
  function flush() {
    if (dirty && navigator.sendBeacon) { dirty = false; navigator.sendBeacon(url, data()); }
  }
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { flush(); } });
  window.addEventListener("pagehide", flush);

  // "Tambah baris": copy the last row of a table with empty inputs and the next index.
  form.querySelectorAll("[data-add-row]").forEach(function (button) {
    var fieldset = button.closest("fieldset");
    var count = fieldset.querySelector("[data-rows-count]");
    var body = fieldset.querySelector("[data-rows-table] tbody");
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      var last = body.lastElementChild, n = parseInt(count.value, 10);
      var row = last.cloneNode(true);
      row.querySelectorAll("input").forEach(function (input) {
        input.value = "";
        input.name = input.name.replace(/__\d+__/, "__" + n + "__");
        input.setAttribute("aria-label", input.getAttribute("aria-label").replace(/\d+$/, String(n + 1)));
      });
      body.appendChild(row);
      count.value = String(n + 1);
      row.querySelector("input").focus();
    });
  });

  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
})();
