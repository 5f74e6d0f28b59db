/* The cooperation matrix: a heat map of /cooperation/matrix, rows and columns ordered by
 * average-linkage clustering so that actors that cooperate among themselves sit together.
 * A cell opens the pair's parts, shared things and evidence (from /cooperation/{id}?partner=). */
(function () {
  "use strict";

  const V = window.graphsvcViews;
  const BASE = new URL("..", window.location.href); // the service root, from /explorer/matrix
  let CELL = 16;
  const LABEL_WIDTH = 190;
  const $ = (id) => document.getElementById(id);
  const NS = "http://www.w3.org/2000/svg";
  const state = { entities: [], scores: [], order: [], loads: 0 };

  // Average-linkage agglomerative clustering on the scores (a similarity); the leaves' order.
  function clusterOrder(scores) {
    let clusters = scores.map((_, i) => ({ members: [i], order: [i] }));
    const link = (a, b) => {
      let total = 0;
      for (const i of a.members) for (const j of b.members) total += scores[i][j];
      return total / (a.members.length * b.members.length);
    };
    while (clusters.length > 1) {
      let best = [0, 1], bestValue = -Infinity;
      for (let i = 0; i < clusters.length; i += 1) {
        for (let j = i + 1; j < clusters.length; j += 1) {
          const value = link(clusters[i], clusters[j]);
          if (value > bestValue) { bestValue = value; best = [i, j]; }
        }
      }
      const [i, j] = best;
      const merged = { members: clusters[i].members.concat(clusters[j].members), order: clusters[i].order.concat(clusters[j].order) };
      clusters = clusters.filter((_, k) => k !== i && k !== j).concat([merged]);
    }
    return clusters.length ? clusters[0].order : [];
  }

  function colour(value, most) {
    if (!value) return "#ffffff";
    const t = Math.sqrt(value / most);
    const mix = (a, b) => Math.round(a + (b - a) * t);
    return `rgb(${mix(230, 0)},${mix(240, 66)},${mix(250, 112)})`;
  }

  function draw() {
    const svg = $("matrix");
    svg.replaceChildren();
    const n = state.order.length;
    CELL = Math.max(12, Math.min(28, Math.floor(560 / Math.max(n, 1))));
    const size = LABEL_WIDTH + n * CELL + 4;
    svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
    svg.setAttribute("width", String(size));
    svg.setAttribute("height", String(size));
    const most = Math.max(0, ...state.scores.flat()) || 1;
    const text = (x, y, content, rotate) => {
      const t = document.createElementNS(NS, "text");
      t.setAttribute("x", String(x));
      t.setAttribute("y", String(y));
      t.setAttribute("font-size", "11");
      t.setAttribute("font-family", "sans-serif");
      // Column names run upwards from just above their column.
      t.setAttribute("text-anchor", rotate ? "start" : "end");
      if (rotate) t.setAttribute("transform", `rotate(-90 ${x} ${y})`);
      t.textContent = content.length > 28 ? `${content.slice(0, 27)}…` : content;
      svg.append(t);
    };
    state.order.forEach((index, position) => {
      const name = state.entities[index].name;
      text(LABEL_WIDTH - 4, LABEL_WIDTH + position * CELL + CELL - 4, name, false);
      text(LABEL_WIDTH + position * CELL + CELL - 4, LABEL_WIDTH - 4, name, true);
    });
    state.order.forEach((row, r) => {
      state.order.forEach((col, c) => {
        const value = state.scores[row][col];
        const rect = document.createElementNS(NS, "rect");
        rect.setAttribute("x", String(LABEL_WIDTH + c * CELL));
        rect.setAttribute("y", String(LABEL_WIDTH + r * CELL));
        rect.setAttribute("width", String(CELL - 1));
        rect.setAttribute("height", String(CELL - 1));
        rect.setAttribute("fill", row === col ? "#eeeeee" : colour(value, most));
        rect.setAttribute("stroke", "#e4e4e4");
        rect.dataset.row = state.entities[row].id;
        rect.dataset.col = state.entities[col].id;
        rect.dataset.score = String(value);
        if (value && row !== col) {
          rect.classList.add("cell");
          rect.addEventListener("click", () => openPair(row, col));
          const title = document.createElementNS(NS, "title");
          title.textContent = `${state.entities[row].name} – ${state.entities[col].name}: ${value}`;
          rect.append(title);
        }
        svg.append(rect);
      });
    });
    $("matrix-caption").textContent = `${n} ${$("matrix-type").value === "State" ? "states" : "organisations"}; darker: a higher cooperation score (highest ${most}).`;
  }

  function topPairs() {
    const list = $("top-pairs");
    list.replaceChildren();
    const pairs = [];
    state.scores.forEach((row, i) => row.forEach((value, j) => { if (i < j && value > 0) pairs.push([value, i, j]); }));
    pairs.sort((a, b) => b[0] - a[0]);
    for (const [value, i, j] of pairs.slice(0, 15)) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = `${state.entities[i].name} – ${state.entities[j].name} (${value})`;
      b.addEventListener("click", () => openPair(i, j));
      li.append(b);
      list.append(li);
    }
  }

  // The pair's question: /cooperation/{a}?partner={b}, the entry a's ranking gives b, without ranking a's
  // other partners. `via_limit` and `evidence_limit` from the page's URL (or a "list more" button), else the API's.
  // The service's own caps (GRAPHSVC_MAX_LIMIT: the most a part lists or cites; GRAPHSVC_MAX_URL_BYTES), as it
  // states them: a server configured lower would refuse a page that assumed the defaults. Read once (again
  // after a failure).
  let limitsRead = null;
  function serviceLimits() {
    limitsRead = limitsRead || V.getJSON(new URL("explorer/assets/limits.json", BASE)).catch((error) => {
      limitsRead = null;
      throw error;
    });
    return limitsRead;
  }
  const pageParams = new URLSearchParams(window.location.search);
  const limitParam = (name, most) => {
    const value = Number(pageParams.get(name));
    return Number.isInteger(value) && value >= 1 ? Math.min(value, most) : null;
  };

  // Entity ids in batches GET /entities?ids= takes: at most `max_limit` ids, a query string within `max_url_bytes`.
  function idBatches(ids, caps) {
    const batches = [];
    let batch = [], bytes = 0;
    for (const id of ids) {
      const size = encodeURIComponent(id).length + 1; // and its comma (or "ids=" before the first)
      if (batch.length && (batch.length >= caps.max_limit || "ids=".length + bytes + size > caps.max_url_bytes)) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(id);
      bytes += size;
    }
    if (batch.length) batches.push(batch);
    return batches;
  }

  const names = new Map(); // entity id -> its name, once asked (null: no entity has the id)
  // The names of these entities, asked in one request per batch (one for a pair's things at the default limits).
  async function entityNames(ids, caps) {
    const unknown = [...new Set(ids)].filter((id) => !names.has(id));
    await Promise.all(idBatches(unknown, caps).map(async (batch) => {
      const question = new URL(`entities?ids=${batch.map(encodeURIComponent).join(",")}`, BASE);
      const answer = await V.getJSON(question).catch(() => null);
      if (!answer) return; // not named this time: the ids stay shown, and are asked again next time
      for (const id of batch) names.set(id, null);
      for (const entity of answer.items) names.set(entity.id, entity.name);
    }));
    return names;
  }

  function limitButton(label, row, col, limits) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "more";
    b.textContent = label;
    b.addEventListener("click", () => openPair(row, col, limits));
    return b;
  }

  function partItem(part, row, col, limits, most) {
    const li = document.createElement("li");
    li.className = "part";
    li.dataset.kind = part.kind;
    const title = document.createElement("h4");
    title.textContent = `${String(part.kind).replace(/_/g, " ")}: ${part.score}`;
    const things = document.createElement("p");
    things.className = "things";
    const thing = part.things === 1 ? "thing" : "things";
    things.textContent = part.via_truncated
      ? `${part.things} shared ${thing}, the first ${part.via.length} listed:`
      : `${part.things} shared ${thing}:`;
    li.append(title, things);
    if (part.via_truncated && part.via.length < Math.min(part.things, most)) {
      li.append(limitButton(`List ${Math.min(part.things, most)} of the ${part.things}`, row, col,
                            { ...limits, via: Math.min(part.things, most) }));
    }
    const via = document.createElement("ul");
    via.className = "via";
    for (const id of part.via || []) {
      const item = document.createElement("li");
      if (part.kind === "direct_link") { // a relationship's id: no page of its own
        item.textContent = id;
      } else { // a shared thing: its neighbourhood in the explorer
        const link = document.createElement("a");
        link.href = new URL(`../explorer?actor=${encodeURIComponent(id)}`, window.location.href).href;
        link.className = "thing";
        link.dataset.id = id;
        link.textContent = id; // named by nameThings once the pair's things are all known
        item.append(link);
      }
      via.append(item);
    }
    li.append(via);
    for (const item of part.evidence || []) {
      const quote = document.createElement("blockquote");
      quote.className = "excerpt";
      quote.textContent = item.excerpt;
      const source = document.createElement("p");
      source.className = "source";
      source.textContent = V.citationText(item, null);
      V.sourceRecord(BASE, item.source).then((record) => { if (record) source.textContent = V.citationText(item, record); });
      const where = document.createElement("p");
      where.className = "locator";
      where.textContent = `Where: ${V.whereText(item.locator)}`;
      li.append(quote, source, where);
    }
    if (part.evidence_truncated) {
      // the part cites `evidence_limit` of its relationships (the API's cut: docs/cooperation-scoring.md)
      const cited = new Set((part.evidence || []).map((item) => item.relationship)).size;
      const cut = document.createElement("p");
      cut.className = "evidence-cut";
      cut.textContent = `Evidence cited for ${cited} of ${part.relationships} relationships.`;
      li.append(cut);
      const more = Math.min(part.relationships, most);
      if (more > cited) {
        li.append(limitButton(`Cite ${more === part.relationships ? "all " : ""}${more} relationships`, row, col,
                              { ...limits, evidence: more }));
      }
    }
    return li;
  }

  // The shared things' links named, all of the panel's at once.
  async function nameThings(box, caps) {
    const links = Array.from(box.querySelectorAll("a.thing"));
    const known = await entityNames(links.map((link) => link.dataset.id), caps);
    for (const link of links) {
      const name = known.get(link.dataset.id);
      if (name) link.textContent = `${name} (${link.dataset.id})`;
    }
  }

  async function openPair(row, col, limits) {
    const a = state.entities[row], b = state.entities[col];
    const body = $("pair-body");
    body.replaceChildren();
    const h = document.createElement("h3");
    h.id = "pair-title";
    h.textContent = `${a.name} – ${b.name}`;
    const score = document.createElement("p");
    score.textContent = `Cooperation score: ${state.scores[row][col]}`;
    body.append(h, score);
    $("pair").focus();
    document.body.dataset.busy = "true";
    try {
      const caps = await serviceLimits();
      limits = limits || { via: limitParam("via_limit", caps.max_limit),
                           evidence: limitParam("evidence_limit", caps.max_limit) }; // null: the API's
      const question = new URL(`cooperation/${encodeURIComponent(a.id)}`, BASE);
      question.searchParams.set("partner", b.id);
      if (limits.via) question.searchParams.set("via_limit", String(limits.via));
      if (limits.evidence) question.searchParams.set("evidence_limit", String(limits.evidence));
      const answer = await V.getJSON(question, 40);
      const partner = (answer.partners || [])[0];
      const parts = document.createElement("ul");
      parts.id = "pair-parts";
      parts.className = "plain";
      for (const part of (partner && partner.parts) || []) {
        parts.append(partItem(part, row, col, limits, caps.max_limit));
      }
      body.append(parts);
      await nameThings(parts, caps);
    } catch (error) {
      const p = document.createElement("p");
      p.className = "error";
      p.textContent = error.message;
      body.append(p);
    } finally {
      document.body.dataset.busy = "false";
      state.loads += 1;
    }
  }

  function exports() {
    const svg = $("matrix");
    V.download($("download-svg"), "cooperation-matrix.svg", V.svgBlob(svg));
    V.pngBlob(svg).then((blob) => V.download($("download-png"), "cooperation-matrix.png", blob));
    const names = state.order.map((i) => state.entities[i]);
    const rows = [["", ...names.map((e) => e.id)]];
    for (const i of state.order) rows.push([state.entities[i].id, ...state.order.map((j) => state.scores[i][j])]);
    V.download($("download-csv"), "cooperation-matrix.csv", V.csvBlob(rows));
  }

  async function load() {
    const type = $("matrix-type").value;
    $("status").textContent = "Loading… (the service may take a while to score every pair the first time)";
    document.body.dataset.busy = "true";
    try {
      const answer = await V.getJSON(new URL(`cooperation/matrix?type=${encodeURIComponent(type)}`, BASE), 40);
      state.entities = answer.entities || [];
      state.scores = answer.scores || [];
      state.order = clusterOrder(state.scores);
      draw();
      topPairs();
      exports();
      $("status").textContent = `${state.entities.length} actors${answer.truncated ? " (the most connected; the matrix was cut at the service's limit)" : ""}.`;
      const url = new URL(window.location.href);
      url.searchParams.set("type", type);
      window.history.replaceState(null, "", url);
    } catch (error) {
      $("status").textContent = error.message;
    } finally {
      document.body.dataset.busy = "false";
      state.loads += 1;
    }
  }

  const initial = new URLSearchParams(window.location.search).get("type");
  if (initial === "Organisation") $("matrix-type").value = "Organisation";
  $("matrix-type").addEventListener("change", load);
  window.matrixView = { state, clusterOrder, openPair, get loads() { return state.loads; } };
  load().then(() => { document.body.dataset.ready = "true"; });
})();
