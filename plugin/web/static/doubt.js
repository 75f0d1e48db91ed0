// cardfollow review page: doubt where the eye is. A queue row's fields to check show their crop
// of the card on hover or focus; the bulk confirmation counts the cards left ticked; a card page
// opens with its first field to check in view above the action bar; Ctrl+Enter approves even
// from inside a field. Plain JavaScript, no build step; crops are images the server cut.
"use strict";

(() => {
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const page = document.body.dataset.page;

  // -- the queue: a flagged field's crop ------------------------------------------------------

  let pop = null;
  function cropPop() {
    if (!pop) {
      pop = document.createElement("div");
      pop.id = "crop-pop";
      pop.className = "crop-pop";
      pop.setAttribute("role", "tooltip");
      pop.hidden = true;
      pop.append(document.createElement("img"));
      document.body.append(pop);
    }
    return pop;
  }
  function place(chip) {
    const box = chip.getBoundingClientRect();
    const el = cropPop();
    const height = el.offsetHeight || 170;
    const below = box.bottom + 6 + height <= window.innerHeight;
    el.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - el.offsetWidth - 8))}px`;
    el.style.top = `${below ? box.bottom + 6 : Math.max(8, box.top - 6 - height)}px`;
  }
  function showCrop(chip) {
    const el = cropPop();
    const img = el.firstElementChild;
    img.alt = `${chip.textContent.trim()} as printed on the card`;
    if (img.getAttribute("src") !== chip.dataset.crop) {
      img.src = chip.dataset.crop;
      img.onload = () => place(chip);
    }
    el.hidden = false;
    el.dataset.field = chip.dataset.field;
    chip.setAttribute("aria-describedby", "crop-pop");
    place(chip);
  }
  function hideCrop(chip) {
    if (pop) pop.hidden = true;
    chip?.removeAttribute("aria-describedby");
  }
  const chipOf = (target) => target?.closest?.("[data-crop]");
  document.addEventListener("mouseover", (event) => {
    const chip = chipOf(event.target);
    if (chip) showCrop(chip);
  });
  document.addEventListener("mouseout", (event) => {
    const chip = chipOf(event.target);
    if (chip && !chip.contains(event.relatedTarget) && document.activeElement !== chip) hideCrop(chip);
  });
  document.addEventListener("focusin", (event) => {
    const chip = chipOf(event.target);
    if (chip) showCrop(chip);
  });
  document.addEventListener("focusout", (event) => {
    const chip = chipOf(event.target);
    if (chip) hideCrop(chip);
  });
  window.addEventListener("scroll", () => hideCrop(null), { passive: true });

  // -- the bulk confirmation: approve only the ticked cards -----------------------------------

  document.addEventListener("change", (event) => {
    const form = event.target.closest?.("[data-bulk-form]");
    if (!form) return;
    const n = $$('input[name="card"]:checked', form).length;
    const button = $("[data-confirm-bulk]", form);
    button.textContent = `Approve ${n} card${n === 1 ? "" : "s"}`;
    button.disabled = n === 0;
  });

  // -- one card -------------------------------------------------------------------------------

  if (page !== "card") return;
  const bar = $(".action-bar");
  // The field to look at first: the one the queue's link named, else the first flagged one.
  const named = /^#f-[a-z_]+$/.test(window.location.hash) ? $(window.location.hash) : null;
  const first = named || $("#card-form .field.flagged input, #card-form .field.flagged textarea");
  if (first) {
    const field = first.closest(".field") || first;
    // Clear of the sticky action bar at the bottom and the top bar above.
    field.style.scrollMarginBottom = `${(bar ? bar.offsetHeight : 0) + 16}px`;
    field.style.scrollMarginTop = "80px";
    field.scrollIntoView({ block: "nearest" });
    if (named && !first.disabled) first.focus({ preventScroll: true });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    if ($$("dialog").some((d) => d.open)) return;
    const approve = $('[data-key="a"]');
    if (approve) {
      event.preventDefault();
      approve.click();
    }
  });
})();
