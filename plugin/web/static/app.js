// cardfollow review page: keyboard, live preview, image zoom and field boxes, live updates.
// Plain JavaScript, no build step. Card text is data: it only ever reaches the page as
// textContent / form values, or inside HTML the server rendered (and escaped).
"use strict";

(() => {
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const csrfToken = () => $('meta[name="csrf-token"]').content;
  const page = document.body.dataset.page;
  const POLL_MS = 2500;

  // -- shared ---------------------------------------------------------------------------------

  function typing(target) {
    return (
      target instanceof HTMLElement &&
      (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))
    );
  }

  function openDialog() {
    return $$("dialog").find((d) => d.open);
  }

  function showHelp() {
    const help = $("#help");
    if (help && !help.open) help.showModal();
  }

  function notice(text) {
    const el = $("#live-notice");
    if (!el) return;
    el.textContent = text;
    clearTimeout(notice.timer);
    notice.timer = setTimeout(() => (el.textContent = ""), 6000);
  }

  function postForm(url, form) {
    const body = new URLSearchParams(new FormData(form));
    return fetch(url, {
      method: "POST",
      headers: { "X-CSRF-Token": csrfToken(), Accept: "application/json" },
      body,
      credentials: "same-origin",
    });
  }

  // Messages: the good news fades by itself, warnings and errors stay until dismissed.
  for (const flash of $$(".flash-ok")) {
    setTimeout(() => {
      flash.classList.add("leaving");
      setTimeout(() => flash.remove(), 400);
    }, 4000);
  }

  document.addEventListener("click", (event) => {
    const target = event.target.closest("[data-action]");
    if (!target) return;
    const action = target.dataset.action;
    if (action === "help") showHelp();
    else if (action === "dismiss") target.closest(".flash")?.remove();
    else if (action === "close-dialog") {
      const dialog = target.closest("dialog");
      if (dialog) {
        event.preventDefault();
        dialog.close();
      }
    }
  });

  for (const select of $$("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }

  // Live updates: ask cheaply whether the store changed (``watch`` writes it from another
  // process); only then fetch what this page shows again.
  function watchStore(onChange) {
    const meta = $('meta[name="store-version"]');
    if (!meta) return;
    let delay = POLL_MS;
    async function tick() {
      if (document.visibilityState === "visible") {
        try {
          const response = await fetch(`/api/changes?since=${encodeURIComponent(meta.content)}`, {
            credentials: "same-origin",
          });
          if (response.ok) {
            const data = await response.json();
            // onChange may put the update off (the user is busy there): ask again next time.
            if (data.changed && (await onChange(data)) !== false) meta.content = data.version;
            delay = POLL_MS;
          } else {
            delay = Math.min(delay * 2, 30000);
          }
        } catch {
          delay = Math.min(delay * 2, 30000); // the server is restarting: try again later
        }
      }
      setTimeout(tick, delay);
    }
    setTimeout(tick, delay);
  }

  // -- keyboard -------------------------------------------------------------------------------

  const keys = {};

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (event.key === "Escape" && typing(event.target)) {
      event.target.blur();
      return;
    }
    if (typing(event.target) || openDialog()) return;
    // Enter on a focused link or button is that control's own: keyboard users rely on it.
    if (event.key === "Enter" && event.target.closest?.("a, button, summary")) return;
    if (event.key === "?") {
      event.preventDefault();
      showHelp();
      return;
    }
    const handler = keys[event.key];
    if (handler) {
      event.preventDefault();
      handler(event);
    }
  });

  // -- the queue ------------------------------------------------------------------------------

  function queuePage() {
    const list = $("#queue-list");
    let selectedId = sessionStorage.getItem("cardfollow.selected");

    const rows = () => $$(".row", list);
    function select(row, scroll = true) {
      for (const r of rows()) r.classList.toggle("selected", r === row);
      if (row) {
        selectedId = row.dataset.cardId;
        sessionStorage.setItem("cardfollow.selected", selectedId);
        if (scroll) row.scrollIntoView({ block: "nearest" });
      }
    }
    function current() {
      return rows().find((r) => r.dataset.cardId === selectedId);
    }
    function move(step) {
      const all = rows();
      if (!all.length) return;
      const at = all.indexOf(current());
      const next = at < 0 ? (step > 0 ? 0 : all.length - 1) : at + step;
      select(all[Math.max(0, Math.min(all.length - 1, next))]);
    }
    // After approving a row the page comes back here: carry on from the same place.
    const remembered = Number(sessionStorage.getItem("cardfollow.index") || -1);
    sessionStorage.removeItem("cardfollow.index");
    if (current()) select(current(), false);
    else if (remembered >= 0 && rows().length) select(rows()[Math.min(remembered, rows().length - 1)]);

    function act(kind) {
      const row = current();
      const button = row && $(`[data-row-action="${kind}"]`, row);
      if (!button) return;
      sessionStorage.setItem("cardfollow.index", String(rows().indexOf(row)));
      button.click();
    }
    keys.j = () => move(1);
    keys.k = () => move(-1);
    keys.Enter = keys.o = () => {
      const row = current();
      if (row) window.location.assign(row.dataset.href);
    };
    keys.a = () => act("approve");
    keys.s = () => act("skip");
    keys.e = keys.Enter;

    list.addEventListener("click", (event) => {
      const row = event.target.closest(".row");
      if (row && !event.target.closest("a, button")) select(row, false);
      const bulk = event.target.closest("[data-bulk]");
      if (bulk) {
        const dialog = document.getElementById(bulk.dataset.bulk);
        if (dialog) {
          event.preventDefault();
          dialog.showModal();
        }
      }
    });
    list.addEventListener("submit", (event) => {
      const row = event.target.closest(".row");
      if (row) sessionStorage.setItem("cardfollow.index", String(rows().indexOf(row)));
    });

    watchStore(async () => {
      // Never pull a confirmation, or the button in focus, out from under the user.
      if (openDialog() || (list.contains(document.activeElement) && document.activeElement !== list)) {
        return false;
      }
      const before = new Set(rows().map((r) => r.dataset.cardId));
      const response = await fetch(list.dataset.rowsUrl, { credentials: "same-origin" });
      if (!response.ok) return false;
      list.innerHTML = await response.text(); // server-rendered, escaped HTML
      const arrived = rows().filter((r) => !before.has(r.dataset.cardId));
      for (const row of arrived) row.classList.add("is-new");
      const counts = $(".tab-counts", list);
      if (counts) {
        for (const badge of $$("[data-count]")) {
          const value = counts.dataset[badge.dataset.count];
          if (value !== undefined) badge.textContent = value;
        }
      }
      if (current()) select(current(), false);
      if (arrived.length) {
        notice(`${arrived.length} new card${arrived.length === 1 ? "" : "s"}`);
      }
    });
  }

  // -- one card -------------------------------------------------------------------------------

  function cardPage() {
    const root = $("#card-page");
    const form = $("#card-form");
    const subject = $("#subject");
    const body = $("#body");
    const state = $("#preview-state");
    let dirty = false;
    let draftTouched = root.dataset.draftEdited === "true";

    function setDirty() {
      dirty = true;
      $("#dirty-note")?.removeAttribute("hidden");
    }
    function leave(url) {
      if (!url) return;
      if (dirty && !window.confirm("Leave this card without saving your changes?")) return;
      dirty = false;
      window.location.assign(url);
    }
    window.addEventListener("beforeunload", (event) => {
      if (dirty) event.preventDefault();
    });
    document.addEventListener("submit", (event) => {
      if (event.target === form) {
        dirty = false;
        document.body.classList.add("busy");
      }
    });

    // Fields and the boxes they were read from light up together.
    const boxes = (name) => $$(`.boxes rect[data-field="${CSS.escape(name)}"]`);
    function highlight(name, on) {
      for (const rect of boxes(name)) rect.classList.toggle("active", on);
      $(`.field[data-field="${CSS.escape(name)}"]`)?.classList.toggle("active", on);
    }
    for (const field of $$(".field[data-field]")) {
      const name = field.dataset.field;
      field.addEventListener("mouseenter", () => highlight(name, true));
      field.addEventListener("mouseleave", () => {
        if (!field.contains(document.activeElement)) highlight(name, false);
      });
      field.addEventListener("focusin", () => highlight(name, true));
      field.addEventListener("focusout", () => highlight(name, false));
    }
    for (const rect of $$(".boxes rect")) {
      const name = rect.dataset.field;
      rect.addEventListener("mouseenter", () => highlight(name, true));
      rect.addEventListener("mouseleave", () => highlight(name, false));
      rect.addEventListener("click", (event) => {
        event.stopPropagation();
        document.getElementById(`f-${name}`)?.focus();
      });
    }

    // Zoom: buttons, or a click on the image zooms in on that spot (and out again).
    const box = $("#zoom-box");
    const inner = $("#zoom-inner");
    let zoom = 1;
    function setZoom(level, x = 0.5, y = 0.5) {
      if (!box || !inner) return;
      zoom = Math.max(1, Math.min(4, level));
      inner.style.width = `${zoom * 100}%`;
      box.classList.toggle("zoomed", zoom > 1);
      box.scrollLeft = inner.scrollWidth * x - box.clientWidth / 2;
      box.scrollTop = inner.scrollHeight * y - box.clientHeight / 2;
    }
    box?.addEventListener("click", (event) => {
      const rect = inner.getBoundingClientRect();
      const x = (event.clientX - rect.left) / rect.width;
      const y = (event.clientY - rect.top) / rect.height;
      setZoom(zoom > 1 ? 1 : 2.5, x, y);
    });
    for (const button of $$("[data-zoom]")) {
      button.addEventListener("click", () => {
        const how = button.dataset.zoom;
        setZoom(how === "in" ? zoom * 1.5 : how === "out" ? zoom / 1.5 : 1);
      });
    }

    // The draft follows the fields: the server renders it as the form stands (nothing kept).
    let sequence = 0;
    let timer = 0;
    function clearErrors() {
      for (const el of $$(".field.live-invalid")) {
        el.classList.remove("invalid", "live-invalid");
        $(".live-error", el)?.remove();
      }
    }
    function showErrors(errors) {
      for (const [name, message] of Object.entries(errors)) {
        const field = $(`.field[data-field="${CSS.escape(name)}"]`);
        if (!field) continue;
        field.classList.add("invalid", "live-invalid");
        const p = document.createElement("p");
        p.className = "error-text live-error";
        p.textContent = message;
        field.append(p);
      }
    }
    async function refreshPreview() {
      if (!subject || !body || !form) return;
      const mine = ++sequence;
      state.textContent = "Updating the draft…";
      state.classList.add("pending");
      let data;
      try {
        const response = await postForm(root.dataset.previewUrl, form);
        data = await response.json();
      } catch {
        data = { error: "The preview is not available right now." };
      }
      if (mine !== sequence) return; // a newer edit is on its way
      state.classList.remove("pending");
      clearErrors();
      if (data.errors) {
        showErrors(data.errors);
        state.textContent = "Fix the highlighted field to see the draft.";
      } else if (data.error) {
        state.textContent = data.error;
      } else if (draftTouched) {
        state.textContent = "Your own text is kept.";
      } else {
        const changed = subject.value !== data.subject || body.value !== data.body;
        subject.value = data.subject;
        body.value = data.body;
        state.textContent = changed ? "Draft updated — Save or Approve keeps it." : "";
      }
    }
    function schedulePreview() {
      clearTimeout(timer);
      timer = setTimeout(refreshPreview, 300);
    }
    if (form) {
      const draftInputs = new Set([subject, body]);
      const watched = $$("input, textarea, select").filter(
        (el) => el.form === form && el.name && el.type !== "hidden",
      );
      for (const el of watched) {
        el.addEventListener("input", () => {
          setDirty();
          if (el.tagName === "TEXTAREA" && el.closest(".fields-panel")) {
            el.rows = Math.max(1, Math.min(6, el.value.split("\n").length)); // one line per item
          }
          if (draftInputs.has(el)) draftTouched = true;
          else schedulePreview();
        });
        if (el.tagName === "SELECT") {
          el.addEventListener("change", () => {
            setDirty();
            draftTouched = false; // a template chosen: its text replaces the old one
            schedulePreview();
          });
        }
      }
    }
    $("[data-discard-edit]")?.addEventListener("click", () => (draftTouched = false));
    $("[data-reextract]")?.addEventListener("click", (event) => {
      if (dirty && !window.confirm("Reading the photo again drops your unsaved changes. Go on?")) {
        event.preventDefault();
        return;
      }
      event.currentTarget.textContent = "Reading the photo…";
    });

    keys.j = () => leave(root.dataset.next);
    keys.k = () => leave(root.dataset.prev);
    keys.a = () => $('[data-key="a"]')?.click();
    keys.s = () => $('[data-key="s"]')?.click();
    // e: the fields that want a look, one after another: the flagged ones, then the empty ones
    // (as the page was loaded; a name's prefix and suffix are rarely printed, so not those).
    const input = (field) => $("input:not(:disabled), textarea:not(:disabled)", field);
    const fieldsToCheck = [
      ...$$("#card-form .field.flagged[data-field]"),
      ...$$("#card-form .field[data-field]:not(.flagged)").filter(
        (f) => !["prefix", "suffix"].includes(f.dataset.field) && !input(f)?.value.trim(),
      ),
    ]
      .map(input)
      .filter(Boolean);
    let checked = -1;
    keys.e = () => {
      const target = fieldsToCheck.length
        ? fieldsToCheck[(checked = (checked + 1) % fieldsToCheck.length)]
        : $("#card-form input:not([type=hidden]):not(:disabled), #card-form textarea:not(:disabled)");
      if (target) {
        target.focus();
        target.select?.();
      }
    };
    keys.Escape = () => setZoom(1);

    // Live: what happens after approval (the outbox), as it happens.
    const status = $("#card-status");
    watchStore(async () => {
      const response = await fetch(root.dataset.statusUrl, { credentials: "same-origin" });
      if (!response.ok) return false;
      status.innerHTML = await response.text(); // server-rendered, escaped HTML
      const fresh = $(".status", status);
      // A new state shows in the panel; other changes (an edit from the command line) would be
      // lost by saving this page as it is, so say so.
      if (fresh && fresh.dataset.state === root.dataset.state && fresh.dataset.updated !== root.dataset.updated) {
        notice("This card changed elsewhere: reload to see it.");
      }
    });
  }

  if (page === "queue") queuePage();
  else if (page === "card") cardPage();
})();
