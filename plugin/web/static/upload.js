// cardfollow upload page: photos from a phone, one request each (one failure never stops the
// rest), each with its upload progress and then what became of it. Plain JavaScript.
"use strict";

(() => {
  const root = document.getElementById("upload");
  if (!root) return;
  const $ = (sel) => root.querySelector(sel);
  const maxBytes = Number(root.dataset.maxBytes);
  const maxMb = root.dataset.maxMb;
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  const EVENT_KEY = "cardfollow.upload.event";
  const AT_ONCE = 2; // photos sent at once: the first results show early on a slow network
  const eventField = $("#upload-event");
  const list = $("#upload-list");
  const summary = $("#upload-summary");
  const rowTemplate = $("#upload-row");
  const queue = [];
  const rows = [];
  let running = 0;

  // Photos are coming: the server starts its reader now, while the first one is framed.
  const warm = new XMLHttpRequest();
  warm.open("POST", "/upload/warm");
  warm.setRequestHeader("X-CSRF-Token", csrfToken);
  warm.send();

  // The event is remembered on this device: the next photo at the same stand needs no typing.
  try {
    eventField.value = localStorage.getItem(EVENT_KEY) || "";
  } catch (e) {
    /* storage refused (private mode): the field simply starts empty */
  }
  eventField.addEventListener("change", () => {
    try {
      localStorage.setItem(EVENT_KEY, eventField.value.trim());
    } catch (e) {
      /* as above */
    }
  });

  for (const input of [$("#upload-camera"), $("#upload-files")]) {
    input.addEventListener("change", () => {
      for (const file of Array.from(input.files)) add(file);
      input.value = ""; // the same photo can be chosen again (after a failure)
      pump();
    });
  }

  window.addEventListener("beforeunload", (e) => {
    if (running || queue.length) e.preventDefault(); // photos still on their way
  });

  function add(file) {
    const row = rowTemplate.content.firstElementChild.cloneNode(true);
    const item = { file, row, event: eventField.value.trim(), state: "queued" };
    row.querySelector(".upload-name").textContent = file.name || "photo";
    row.querySelector(".upload-progress").setAttribute("aria-label", `Sending ${file.name}`);
    const thumb = row.querySelector(".upload-thumb");
    // A photo this browser cannot show (HEIC in most, a broken file): a plain picture instead.
    thumb.addEventListener("error", () => (thumb.src = "/static/photo.svg"), { once: true });
    thumb.src = URL.createObjectURL(file); // HEIC shows only where the browser decodes it
    row.querySelector(".upload-retry").addEventListener("click", () => {
      row.querySelector(".upload-retry").hidden = true;
      queue.push(item);
      pump();
    });
    list.append(row);
    rows.push(item);
    if (file.size > maxBytes) {
      const mb = (file.size / 1048576).toFixed(1).replace(/\.0$/, "");
      show(item, "refused", `Too large for a card photo (${mb} MB; at most ${maxMb} MB): not sent.`);
      return;
    }
    setState(item, "queued", "Waiting…");
    queue.push(item);
  }

  function pump() {
    while (running < AT_ONCE && queue.length) send(queue.shift());
    tally();
  }

  function send(item) {
    running += 1;
    const { row, file } = item;
    const bar = row.querySelector(".upload-progress");
    bar.value = 0;
    setState(item, "sending", "Sending…");
    const query = new URLSearchParams({ name: file.name || "", event: item.event });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/upload?${query}`);
    xhr.setRequestHeader("X-CSRF-Token", csrfToken);
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.upload.addEventListener("load", () => {
      bar.removeAttribute("value"); // indeterminate while the server reads the card
      setState(item, "reading", "Reading the card…");
    });
    xhr.addEventListener("load", () => {
      let answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch (e) {
        answer = null;
      }
      if (answer && answer.result) show(item, answer.result, text(answer), answer);
      else failed(item, `The server answered ${xhr.status}: ${xhr.responseText.slice(0, 200)}`);
      done();
    });
    xhr.addEventListener("error", () => {
      failed(item, "Not sent: the connection was lost. The photo is still on this device.");
      done();
    });
    xhr.send(file);
  }

  function done() {
    running -= 1;
    pump();
  }

  function text(answer) {
    const card = answer.card ? `card #${answer.card}` : "";
    const extra = answer.message ? ` (${answer.message})` : "";
    switch (answer.result) {
      case "read":
        return `Read into ${card}` + extra;
      case "merged":
        return `Read as the back of a card: ${answer.message}`;
      case "known":
        return `Already seen: the same photo is ${card}`;
      case "waiting":
        return `Taken as ${card}; being read`;
      case "quarantined":
        return `Set aside: ${answer.message}`;
      default:
        return answer.message || "Refused";
    }
  }

  function failed(item, message) {
    show(item, "error", message);
    item.row.querySelector(".upload-retry").hidden = false;
  }

  function show(item, state, message, answer) {
    setState(item, state, message);
    const result = item.row.querySelector(".upload-result");
    if (answer && answer.url) {
      // The card's number is a link to it, wherever it stands in the sentence.
      const label = `card #${answer.card}`;
      const at = message.indexOf(label);
      const link = document.createElement("a");
      link.href = answer.url;
      link.textContent = label;
      result.textContent = "";
      if (at >= 0) {
        result.append(message.slice(0, at), link, message.slice(at + label.length));
      } else {
        result.append(message, " · ", link);
      }
      if (["read", "merged", "known"].includes(state)) {
        item.row.querySelector(".upload-thumb").src = `${answer.url}/thumb`;
      }
    }
    tally();
  }

  function setState(item, state, message) {
    item.state = state;
    item.row.dataset.state = state;
    item.row.querySelector(".upload-result").textContent = message;
  }

  function tally() {
    if (!rows.length) return;
    const count = (states) => rows.filter((r) => states.includes(r.state)).length;
    const parts = [];
    const busy = count(["queued", "sending", "reading"]);
    if (busy) parts.push(`${busy} on the way`);
    const read = count(["read", "merged", "waiting"]);
    if (read) parts.push(`${read} taken in`);
    const known = count(["known"]);
    if (known) parts.push(`${known} already seen`);
    const bad = count(["quarantined", "refused", "error"]);
    if (bad) parts.push(`${bad} not read`);
    summary.textContent = `${rows.length} photo${rows.length === 1 ? "" : "s"}: ${parts.join(", ")}`;
  }
})();
