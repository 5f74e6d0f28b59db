// The review queue: candidates from ingested texts, reviewed with the keyboard.
// Every text from the server is put into the page as text (textContent), never
// as markup: an ingested text may carry anything, and none of it may run.
"use strict";

const state = { items: [], index: -1, detail: null, renderedId: null, types: {} };
const $ = (id) => document.getElementById(id);

function key() { return sessionStorage.getItem("graphsvc-key") || ""; }

function say(text, isError = false) {
  const message = $("message");
  message.textContent = text;
  message.className = isError ? "error" : "";
}

async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  if (method !== "GET") headers["X-API-Key"] = key();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.detail || answer.title || `HTTP ${response.status}`);
  return answer;
}

function end(side) {
  if (!side) return "";
  if (side.id) return `${side.name || side.id} (${side.id})`;
  const what = `new ${side.type}: ${side.name}`;
  return side.ambiguous ? `${what} — ambiguous: ${side.ambiguous.join(", ")}` : what;
}

// Why a candidate is weaker than its rule alone: the flags the pipeline sets
// (graphsvc/ingest/relations.py, pipeline.py), said in a curator's words.
const FLAG_MEANINGS = {
  "carried-subject": "its subject is carried over from the sentence before",
  "coreference": "an end is named by a word standing for a name (\"the university\", \"it\")",
  "ambiguous": "an end's name fits several entities: choose one",
  "new-entity": "an end is a proposed new entity, not yet in the graph",
  "date-from-dateline": "the date is the dateline's, a hint only",
};

function flagList(item) {
  const flags = item.flags || [];
  const list = document.createElement("ul");
  list.className = "flags";
  for (const flag of flags) {
    const li = document.createElement("li");
    const name = document.createElement("code");
    name.textContent = flag;
    li.append(name);
    if (FLAG_MEANINGS[flag]) li.append(document.createTextNode(` — ${FLAG_MEANINGS[flag]}`));
    list.append(li);
  }
  return list;
}

function label(item) {
  if (item.kind === "entity") return `${item.type} · ${item.name}`;
  return `${item.from.name || item.from.id} —${item.type}→ ${item.to.name || item.to.id}`;
}

function renderQueue() {
  const queue = $("queue");
  queue.replaceChildren();
  state.items.forEach((item, i) => {
    const li = document.createElement("li");
    li.setAttribute("aria-selected", String(i === state.index));
    li.dataset.id = item.id;
    const conf = document.createElement("span");
    conf.className = "conf";
    conf.textContent = item.confidence.toFixed(2);
    li.append(conf, document.createTextNode(label(item)));
    if ((item.flags || []).length) {
      const flags = document.createElement("span");
      flags.className = "queue-flags";
      flags.textContent = item.flags.join(" · ");
      li.append(flags);
    }
    li.addEventListener("click", () => select(i));
    queue.append(li);
  });
}

function row(list, term, value) {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value == null || value === "" ? "—" : String(value);
  list.append(dt, dd);
}

function renderDetail() {
  const item = state.detail;
  const facts = $("facts");
  facts.replaceChildren();
  const context = $("context");
  context.replaceChildren();
  if (!item) {
    $("title").textContent = state.items.length ? "No candidate selected" : "Nothing to review";
    return;
  }
  $("title").textContent = label(item);
  row(facts, "status", item.status);
  row(facts, "kind", item.kind);
  row(facts, "type", item.type);
  if (item.kind === "relationship") {
    row(facts, "from", end(item.from));
    row(facts, "to", end(item.to));
    row(facts, "start", item.start || (item.date_hint ? `hint: ${item.date_hint} (dateline)` : ""));
    row(facts, "sectors", (item.sectors || []).join(", "));
  } else {
    row(facts, "name", item.name);
  }
  row(facts, "confidence", item.confidence);
  row(facts, "rule", item.rule);
  if ((item.flags || []).length) {
    const dt = document.createElement("dt");
    dt.textContent = "weaker because";
    const dd = document.createElement("dd");
    dd.id = "flags";
    dd.append(flagList(item));
    facts.append(dt, dd);
  }
  row(facts, "source", `${item.source_title || ""} (${item.source})`);
  row(facts, "locator", `paragraph ${item.locator.paragraph}, characters ${item.locator.start}–${item.locator.end}`);
  // The paragraph as text, the excerpt marked: three text nodes, no markup from the server.
  const text = (item.context && item.context.text) || item.excerpt;
  const offset = item.context && item.context.text ? item.locator.start - item.context.start : 0;
  const from = Math.max(0, Math.min(text.length, offset));
  const to = Math.max(from, Math.min(text.length, from + item.excerpt.length));
  const mark = document.createElement("mark");
  mark.textContent = text.slice(from, to);
  context.append(document.createTextNode(text.slice(0, from)), mark, document.createTextNode(text.slice(to)));
  // A field the curator is typing in keeps what they typed when the same candidate
  // is drawn again (its details arriving after the key that opened the field).
  const editing = state.renderedId === item.id ? document.activeElement : null;
  state.renderedId = item.id;
  const setField = (id, value) => {
    if ($(id) !== editing) $(id).value = value;
  };
  const typeSelect = $("edit-type");
  if (typeSelect === editing) return;
  typeSelect.replaceChildren();
  const names = item.kind === "relationship" ? Object.keys(state.types.relationship_types || {}) : (state.types.types || []);
  for (const name of names) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = name;
    option.selected = name === item.type;
    typeSelect.append(option);
  }
  setField("edit-from", item.kind === "relationship" ? (item.from.id || "") : "");
  setField("edit-to", item.kind === "relationship" ? (item.to.id || "") : "");
  setField("edit-start", item.start || "");
}

async function select(i) {
  if (i < 0 || i >= state.items.length) return;
  state.index = i;
  renderQueue();
  let detail = null;
  try {
    detail = await api("GET", `/candidates/${encodeURIComponent(state.items[i].id)}`);
  } catch (error) {
    say(error.message, true);
  }
  if (state.index !== i) return;  // another candidate was chosen meanwhile: its details win
  state.detail = detail;
  renderDetail();
}

async function load(keepIndex = 0) {
  try {
    const answer = await api("GET", `/candidates?status=${encodeURIComponent($("status").value)}&limit=500`);
    state.items = answer.items;
  } catch (error) {
    say(error.message, true);
    state.items = [];
  }
  state.detail = null;
  state.index = -1;
  renderQueue();
  renderDetail();
  if (state.items.length) await select(Math.min(keepIndex, state.items.length - 1));
}

async function decide(action) {
  const item = state.detail;
  if (!item) return;
  try {
    await api("POST", `/candidates/${encodeURIComponent(item.id)}/${action}`);
    say(`${action === "accept" ? "Accepted" : "Rejected"}: ${label(item)}`);
    await load(state.index);
  } catch (error) {
    say(error.message, true);
  }
}

async function edit(changes) {
  const item = state.detail;
  if (!item) return;
  try {
    await api("PATCH", `/candidates/${encodeURIComponent(item.id)}`, changes);
    say(`Saved: ${Object.keys(changes).join(", ")}`);
    const index = state.index;
    await load(index);
  } catch (error) {
    say(error.message, true);
  }
}

function focusField(id) {
  const field = $(id);
  field.focus();
  field.select();  // typing replaces what the field held
}

function fieldSaved(id, make) {
  const field = $(id);
  field.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); edit(make(field.value.trim())); field.blur(); }
    if (event.key === "Escape") { field.blur(); }
  });
}

document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const actions = {
    j: () => select(state.index + 1), ArrowDown: () => select(state.index + 1),
    k: () => select(state.index - 1), ArrowUp: () => select(state.index - 1),
    a: () => decide("accept"), x: () => decide("reject"),
    s: () => state.detail && state.detail.kind === "relationship" && edit({ swap: true }),
    t: () => $("edit-type").focus(), d: () => focusField("edit-start"),
    f: () => focusField("edit-from"), o: () => focusField("edit-to"),
  };
  const action = actions[event.key];
  if (action) { event.preventDefault(); action(); }
});

$("edit-type").addEventListener("change", (event) => edit({ type: event.target.value }));
$("edit-type").addEventListener("keydown", (event) => { if (event.key === "Escape") event.target.blur(); });
fieldSaved("edit-from", (value) => ({ from: value }));
fieldSaved("edit-to", (value) => ({ to: value }));
fieldSaved("edit-start", (value) => ({ start: value }));
$("key").value = key();
$("key").addEventListener("change", (event) => { sessionStorage.setItem("graphsvc-key", event.target.value); });
$("key").addEventListener("keydown", (event) => {
  if (event.key === "Enter" || event.key === "Escape") { sessionStorage.setItem("graphsvc-key", event.target.value); event.target.blur(); }
});
$("status").addEventListener("change", () => load());

fetch("/explorer/assets/vocabulary.json").then((r) => r.json()).then((v) => { state.types = v; renderDetail(); })
  .catch(() => {});
load();
