/* The graphsvc explorer: search an actor, see its neighbourhood, expand,
 * find paths between two actors, filter by sector and years, read the
 * evidence of every relationship. Plain browser JavaScript over the HTTP API
 * (entities, neighbourhood in the `cytoscape` format, paths) and Cytoscape.js.
 * Every text from the data is put in the page with textContent, never as HTML.
 */
(function () {
  "use strict";

  // The service root, so the page also works behind a path prefix.
  const BASE = new URL(".", window.location.href);

  // Node colours (Okabe–Ito, readable by colour-blind people) and shapes, so
  // type never depends on colour alone.
  const TYPE_STYLE = {
    State: { color: "#0072B2", shape: "round-rectangle", shapeName: "rounded square" },
    Organisation: { color: "#D55E00", shape: "ellipse", shapeName: "circle" },
    Person: { color: "#CC79A7", shape: "triangle", shapeName: "triangle" },
    Agreement: { color: "#009E73", shape: "diamond", shapeName: "diamond" },
    Event: { color: "#E69F00", shape: "star", shapeName: "star" },
    Programme: { color: "#56B4E9", shape: "hexagon", shapeName: "hexagon" },
    Place: { color: "#F0E442", shape: "tag", shapeName: "tag" },
  };
  const FALLBACK_STYLE = { color: "#999999", shape: "ellipse", shapeName: "circle" };

  // Edge fields shown in their own rows; every other field is a figure.
  const EDGE_FIELDS = new Set(["id", "source", "target", "from", "to", "label", "type", "start", "end",
    "sectors", "tier", "dated", "evidence", "evidence_count", "key"]);

  const $ = (id) => document.getElementById(id);

  const state = {
    roots: [],        // entities whose neighbourhoods are drawn, in the order they were added
    focus: null,      // the actor picked from the search: paths start here
    pathTo: null,     // the other end of the paths, when paths are asked for
    paths: [],        // the last /paths answer's paths
    names: new Map(), // id -> name of every entity seen
    loads: 0,         // completed redraws (tests wait on it)
    seq: 0,
    vocabulary: null,
  };

  // ---- HTTP -------------------------------------------------------------
  function apiUrl(path, params) {
    const url = new URL(path, BASE);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, String(value));
    }
    return url;
  }

  async function getJSON(url) {
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/json" } });
    } catch (error) {
      throw new Error("The service cannot be reached.");
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = body && (body.detail || body.title);
      throw new Error(detail || `The service answered ${response.status}.`);
    }
    return body;
  }

  function filterParams() {
    const from = $("year-from"), to = $("year-to");
    const sectors = Array.from(document.querySelectorAll("#sector-boxes input:checked")).map((box) => box.value);
    return {
      sectors: sectors.join(","),
      since: Number(from.value) > Number(from.min) ? from.value : null,
      until: Number(to.value) < Number(to.max) ? to.value : null,
    };
  }

  // ---- Graph answers -> Cytoscape elements -------------------------------
  function nodeElement(entity) {
    return { group: "nodes", data: { ...entity, label: entity.name, evidence_count: (entity.evidence || []).length } };
  }

  function edgeElement(edge) {
    const data = { ...edge, source: edge.from, target: edge.to, label: edge.type,
      evidence_count: (edge.evidence || []).length };
    delete data.from;
    delete data.to;
    return { group: "edges", data };
  }

  // The API's cytoscape format, or a plain Graph converted here.
  function elementsOf(doc) {
    if (doc && doc.elements) {
      const nodes = (doc.elements.nodes || []).map((el) => ({ group: "nodes", data: el.data }));
      const edges = (doc.elements.edges || []).map((el) => ({ group: "edges", data: el.data }));
      return { elements: nodes.concat(edges), truncated: Boolean(doc.data && doc.data.truncated) };
    }
    return {
      elements: (doc.nodes || []).map(nodeElement).concat((doc.edges || []).map(edgeElement)),
      truncated: Boolean(doc.truncated),
    };
  }

  // ---- Cytoscape ----------------------------------------------------------
  function cyStyle() {
    const style = [
      { selector: "node", style: {
        label: "data(short)", "font-size": 15, "min-zoomed-font-size": 7, "text-valign": "bottom",
        "text-margin-y": 3, "text-wrap": "wrap", "text-max-width": 170, color: "#111", "text-outline-color": "#fff",
        "text-outline-width": 3, width: 30, height: 30, "border-width": 1, "border-color": "#333",
        "background-color": FALLBACK_STYLE.color } },
      { selector: "node.root", style: { width: 46, height: 46, "border-width": 4, "border-color": "#111",
        "font-size": 19, "font-weight": "bold" } },
      { selector: "edge", style: {
        width: 2, "line-color": "#8a8a8a", "target-arrow-color": "#8a8a8a", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "curve-style": "bezier" } },
      { selector: "edge[!dated]", style: { "line-style": "dashed" } },
      { selector: "edge.path", style: { width: 5, "line-color": "#111", "target-arrow-color": "#111", "z-index": 10 } },
      { selector: "node.path", style: { "border-width": 3, "border-color": "#111" } },
      { selector: ".faded", style: { opacity: 0.2 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#000", "overlay-opacity": 0.15 } },
      { selector: "edge:selected", style: { width: 4, "line-color": "#000", "target-arrow-color": "#000",
        label: "data(label)", "font-size": 13, "text-rotation": "autorotate", "text-background-color": "#fff",
        "text-background-opacity": 1, "text-background-padding": 2, color: "#000" } },
    ];
    for (const [type, s] of Object.entries(TYPE_STYLE)) {
      style.push({ selector: `node[type = "${type}"]`, style: { "background-color": s.color, shape: s.shape } });
    }
    return style;
  }

  const cy = cytoscape({
    container: $("cy"),
    elements: [],
    style: cyStyle(),
    minZoom: 0.1,
    maxZoom: 2.5,
  });
  window.cy = cy;

  cy.on("tap", "node", (event) => showNode(event.target.id()));
  cy.on("tap", "edge", (event) => showEdge(event.target.id()));
  cy.on("tap", (event) => { if (event.target === cy) clearSelection(); });

  // ---- Status ---------------------------------------------------------------
  function setStatus(text, isError) {
    const status = $("status");
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
    status.setAttribute("role", isError ? "alert" : "status");
  }

  function setBusy(busy) {
    document.body.dataset.busy = busy ? "true" : "false";
    $("cy").setAttribute("aria-busy", busy ? "true" : "false");
  }

  // ---- Drawing -------------------------------------------------------------
  async function redraw() {
    const seq = ++state.seq;
    if (!state.roots.length) {
      cy.elements().remove();
      updateLists();
      return;
    }
    setBusy(true);
    setStatus("Loading…");
    const filters = filterParams();
    const depth = $("depth").value;
    try {
      const docs = await Promise.all(state.roots.map((id) =>
        getJSON(apiUrl(`entities/${encodeURIComponent(id)}/neighbourhood`, { depth, format: "cytoscape", ...filters }))));
      let pathAnswer = null;
      if (state.pathTo && state.focus) {
        pathAnswer = await getJSON(apiUrl("paths", {
          from: state.focus, to: state.pathTo, max_hops: $("max-hops").value, k: 5, format: "json", ...filters }));
      }
      if (seq !== state.seq) return; // a newer redraw has started
      const wanted = new Map();
      let truncated = false;
      for (const doc of docs) {
        const answer = elementsOf(doc);
        truncated = truncated || answer.truncated;
        for (const el of answer.elements) wanted.set(el.data.id, el);
      }
      const pathIds = new Set();
      state.paths = [];
      if (pathAnswer) {
        for (const entity of pathAnswer.nodes || []) {
          if (!wanted.has(entity.id)) wanted.set(entity.id, nodeElement(entity));
        }
        state.paths = pathAnswer.paths || [];
        for (const path of state.paths) {
          for (const id of path.nodes) pathIds.add(id);
          for (const edge of path.edges) {
            pathIds.add(edge.id);
            if (!wanted.has(edge.id)) wanted.set(edge.id, edgeElement(edge));
          }
        }
      }
      apply(wanted, pathIds);
      const nodes = cy.nodes().length, edges = cy.edges().length;
      let text = `${nodes} actors and ${edges} relationships drawn.`;
      if (truncated) text += " The answer was cut at the service's limit: narrow it with the filters.";
      if (pathAnswer) {
        text += state.paths.length
          ? ` ${state.paths.length} path(s) from ${nameOf(state.focus)} to ${nameOf(state.pathTo)}.`
          : ` No path from ${nameOf(state.focus)} to ${nameOf(state.pathTo)} within ${$("max-hops").value} steps with these filters.`;
      }
      setStatus(text);
      renderPaths();
      updateDownloads(filters, depth);
    } catch (error) {
      if (seq === state.seq) setStatus(error.message, true);
    } finally {
      if (seq === state.seq) {
        setBusy(false);
        state.loads += 1;
      }
    }
  }

  function apply(wanted, pathIds) {
    const before = new Set(cy.nodes().map((n) => n.id()));
    let added = 0;
    let removed = 0;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!wanted.has(el.id())) {
          el.remove();
          removed += 1;
        }
      });
      const fresh = [];
      for (const [id, el] of wanted) {
        if (el.group === "nodes") {
          const name = el.data.label || el.data.name || id;
          state.names.set(id, name);
          el.data.short = name.length > 42 ? `${name.slice(0, 40)}…` : name;
        }
        const existing = cy.getElementById(id);
        if (existing.nonempty()) existing.data(el.data);
        else fresh.push(el);
      }
      // Nodes first, so every edge finds its ends.
      const freshNodes = fresh.filter((el) => el.group === "nodes");
      const freshEdges = fresh.filter((el) => el.group === "edges"
        && wanted.has(el.data.source) && wanted.has(el.data.target));
      added = freshNodes.length;
      cy.add(freshNodes);
      cy.add(freshEdges);
      cy.elements().removeClass("root path faded");
      for (const id of state.roots) cy.getElementById(id).addClass("root");
      for (const id of pathIds) cy.getElementById(id).addClass("path");
    });
    if (added) layout(before.size === 0);
    else if (removed && cy.nodes().nonempty()) cy.fit(cy.elements(), 30);
    updateLists();
  }

  function layout(first) {
    // New nodes start next to a neighbour already placed, then a force layout settles them.
    cy.nodes().forEach((node) => {
      if (node.position().x !== 0 || node.position().y !== 0) return;
      const placed = node.neighborhood("node").filter((n) => n.position().x !== 0 || n.position().y !== 0);
      if (placed.nonempty()) {
        const p = placed[0].position();
        node.position({ x: p.x + (Math.random() - 0.5) * 60, y: p.y + (Math.random() - 0.5) * 60 });
      }
    });
    cy.layout({
      name: "cose", animate: false, randomize: first, fit: true, padding: 30,
      nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 250000, nodeOverlap: 20,
      idealEdgeLength: () => 90, edgeElasticity: () => 60, gravity: 0.4, numIter: 2000,
    }).run();
  }

  // ---- Lists (the keyboard's way into the drawing) ---------------------------
  function nameOf(id) {
    return state.names.get(id) || id;
  }

  function button(text, onClick, extra) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", onClick);
    if (extra) Object.assign(b.dataset, extra);
    return b;
  }

  function updateLists() {
    const nodeList = $("node-list"), edgeList = $("edge-list");
    nodeList.replaceChildren();
    edgeList.replaceChildren();
    const nodes = cy.nodes().sort((a, b) => String(a.data("label")).localeCompare(String(b.data("label"))));
    nodes.forEach((node) => {
      const li = document.createElement("li");
      li.append(button(`${node.data("label")} (${node.data("type")})`, () => selectNode(node.id()), { id: node.id() }));
      nodeList.append(li);
    });
    cy.edges().forEach((edge) => {
      const li = document.createElement("li");
      const text = `${nameOf(edge.data("source"))} — ${edge.data("type")} → ${nameOf(edge.data("target"))}`;
      li.append(button(text, () => selectEdge(edge.id()), { id: edge.id() }));
      edgeList.append(li);
    });
    $("node-count").textContent = String(cy.nodes().length);
    $("edge-count").textContent = String(cy.edges().length);
  }

  function updateDownloads(filters, depth) {
    const holder = $("view-downloads");
    holder.replaceChildren();
    const root = state.roots[0];
    if (!root) {
      holder.textContent = "(nothing drawn yet)";
      return;
    }
    holder.append(`${nameOf(root)}'s neighbourhood as `);
    [["gexf", "GEXF"], ["graphml", "GraphML"], ["csv", "CSV"], ["cytoscape", "Cytoscape JSON"]].forEach(([fmt, text], i) => {
      if (i) holder.append(" · ");
      const a = document.createElement("a");
      a.href = apiUrl(`entities/${encodeURIComponent(root)}/neighbourhood`, { depth, format: fmt, ...filters }).toString();
      a.textContent = text;
      holder.append(a);
    });
  }

  function renderPaths() {
    const section = $("paths-section"), list = $("path-list");
    list.replaceChildren();
    section.hidden = !state.pathTo;
    if (!state.pathTo) return;
    if (!state.paths.length) {
      const li = document.createElement("li");
      li.textContent = `No path within ${$("max-hops").value} steps with these filters.`;
      list.append(li);
      return;
    }
    state.paths.forEach((path, index) => {
      const li = document.createElement("li");
      li.className = "path-item";
      const names = path.nodes.map(nameOf).join(" → ");
      li.append(button(`${path.length} step(s): ${names}`, () => highlightPath(index), { index: String(index) }));
      const steps = document.createElement("ul");
      steps.className = "plain steps";
      for (const edge of path.edges) {
        const step = document.createElement("li");
        step.append(button(`${nameOf(edge.from)} — ${edge.type} → ${nameOf(edge.to)}`, () => selectEdge(edge.id), { id: edge.id }));
        steps.append(step);
      }
      li.append(steps);
      list.append(li);
    });
  }

  function highlightPath(index) {
    const path = state.paths[index];
    if (!path) return;
    const ids = new Set([...path.nodes, ...path.edges.map((e) => e.id)]);
    cy.elements().forEach((el) => el.toggleClass("faded", !ids.has(el.id())));
    cy.animate({ fit: { eles: cy.elements().filter((el) => ids.has(el.id())), padding: 60 } }, { duration: 300 });
  }

  // ---- Details panel ------------------------------------------------------------
  function clearSelection() {
    cy.elements().unselect();
    cy.elements().removeClass("faded");
    const selection = $("selection");
    selection.replaceChildren();
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = "Click an actor or a line in the drawing, or pick one from the lists below.";
    selection.append(p);
  }

  function selectNode(id) {
    const node = cy.getElementById(id);
    if (node.empty()) return;
    cy.elements().unselect();
    node.select();
    cy.animate({ center: { eles: node } }, { duration: 200 });
    showNode(id);
  }

  function selectEdge(id) {
    const edge = cy.getElementById(id);
    if (edge.empty()) return;
    cy.elements().unselect();
    edge.select();
    showEdge(id);
  }

  function row(dl, term, value) {
    if (value === null || value === undefined || value === "") return;
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = Array.isArray(value) ? value.join(", ") : String(value);
    dl.append(dt, dd);
  }

  function dates(start, end) {
    if (!start && !end) return "";
    if (start && end && start !== end) return `${start} – ${end}`;
    if (start && !end) return `from ${start}`;
    if (!start && end) return `until ${end}`;
    return String(start);
  }

  function showNode(id) {
    const node = cy.getElementById(id);
    if (node.empty()) return;
    const d = node.data();
    const selection = $("selection");
    selection.replaceChildren();
    const h = document.createElement("h3");
    h.id = "selection-title";
    h.textContent = d.label;
    const dl = document.createElement("dl");
    row(dl, "Type", d.type);
    row(dl, "Kind", String(d.kind || "").replace(/_/g, " "));
    row(dl, "Dates", dates(d.start, d.end));
    const aliases = d.aliases || [];
    row(dl, "Also called", aliases.length > 12 ? aliases.slice(0, 12).concat([`and ${aliases.length - 12} more`]) : aliases);
    row(dl, "Sources", d.sources);
    row(dl, "Description", d.description);
    const actions = document.createElement("div");
    actions.className = "actions";
    const expand = button(state.roots.includes(id) ? "Neighbours shown" : "Show its neighbours", () => expandNode(id), { action: "expand" });
    expand.id = "expand-button";
    expand.disabled = state.roots.includes(id);
    actions.append(expand);
    const explore = button("Explore from here", () => pick(id, d.label), { action: "explore" });
    actions.append(explore);
    if (state.focus && state.focus !== id) {
      actions.append(button(`Paths from ${nameOf(state.focus)} to here`, () => findPaths(id), { action: "paths" }));
    }
    selection.append(h, dl, actions);
  }

  function showEdge(id) {
    const edge = cy.getElementById(id);
    if (edge.empty()) return;
    const d = edge.data();
    const selection = $("selection");
    selection.replaceChildren();
    const h = document.createElement("h3");
    h.id = "selection-title";
    h.textContent = `${nameOf(d.source)} — ${d.type} → ${nameOf(d.target)}`;
    const dl = document.createElement("dl");
    row(dl, "Relationship", d.type);
    row(dl, "Dates", dates(d.start, d.end) || "no date in the sources");
    row(dl, "Sectors", d.sectors);
    row(dl, "Tier", d.tier === "reference" ? "reference (a public document outside the five texts)" : d.tier);
    for (const [key, value] of Object.entries(d)) {
      if (!EDGE_FIELDS.has(key)) row(dl, key.replace(/_/g, " "), value);
    }
    const evidenceTitle = document.createElement("h4");
    evidenceTitle.textContent = `Evidence (${(d.evidence || []).length})`;
    const list = document.createElement("ol");
    list.id = "evidence-list";
    for (const item of d.evidence || []) {
      const li = document.createElement("li");
      li.className = "evidence";
      const quote = document.createElement("blockquote");
      quote.className = "excerpt";
      quote.textContent = item.excerpt;
      const source = document.createElement("p");
      source.className = "source";
      source.textContent = `Source: ${item.source}`;
      const locator = document.createElement("p");
      locator.className = "locator";
      locator.textContent = `Where: ${describeLocator(item.locator)}`;
      li.append(quote, source, locator);
      list.append(li);
    }
    selection.append(h, dl, evidenceTitle, list);
  }

  // An evidence locator ({section, paragraph, start, end}) as a reader looks for it.
  function describeLocator(locator) {
    if (!locator) return "not given";
    if (typeof locator === "string") return locator || "not given";
    const parts = [];
    if (locator.section) parts.push(locator.section);
    if (locator.paragraph) parts.push(`paragraph ${locator.paragraph}`);
    return parts.join(", ") || "not given";
  }

  // ---- Actions --------------------------------------------------------------
  function pick(id, name) {
    if (name) state.names.set(id, name);
    state.roots = [id];
    state.focus = id;
    state.pathTo = null;
    state.paths = [];
    cy.elements().remove();
    $("path-from-name").textContent = nameOf(id);
    clearSelection();
    return redraw();
  }

  function expandNode(id) {
    if (!state.roots.includes(id)) state.roots.push(id);
    return redraw().then(() => showNode(id));
  }

  function findPaths(toId, name) {
    if (!state.focus) {
      setStatus("Pick the actor the paths start from first (search above).", true);
      return Promise.resolve();
    }
    if (name) state.names.set(toId, name);
    state.pathTo = toId;
    return redraw().then(() => {
      const first = document.querySelector("#path-list button");
      if (first) first.focus();
    });
  }

  function reset() {
    state.roots = [];
    state.focus = null;
    state.pathTo = null;
    state.paths = [];
    cy.elements().remove();
    $("path-from-name").textContent = "(pick an actor first)";
    $("search-results").replaceChildren();
    $("path-candidates").replaceChildren();
    clearSelection();
    renderPaths();
    updateLists();
    updateDownloads({}, 1);
    setStatus("Search an actor to begin.");
  }

  async function search(query, listId, onPick) {
    const list = $(listId);
    list.replaceChildren();
    if (!query.trim()) return;
    setBusy(true);
    try {
      const answer = await getJSON(apiUrl("entities", { q: query, limit: 8 }));
      const items = answer.items || [];
      if (!items.length) {
        const li = document.createElement("li");
        li.textContent = `Nothing found for “${query}”.`;
        list.append(li);
      }
      for (const entity of items) {
        state.names.set(entity.id, entity.name);
        const li = document.createElement("li");
        const b = button(`${entity.name}`, () => onPick(entity), { id: entity.id });
        const meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = ` ${entity.type}${entity.kind ? " · " + String(entity.kind).replace(/_/g, " ") : ""}`;
        b.append(meta);
        li.append(b);
        list.append(li);
      }
      const first = list.querySelector("button");
      if (first) first.focus();
      setStatus(`${items.length} match(es) for “${query}”.`);
    } catch (error) {
      setStatus(error.message, true);
    } finally {
      setBusy(false);
    }
  }

  // ---- Controls ----------------------------------------------------------------
  function yearLabel(input) {
    const atEnd = input.id === "year-from" ? Number(input.value) <= Number(input.min) : Number(input.value) >= Number(input.max);
    return atEnd ? "any" : input.value;
  }

  function syncYears(changed) {
    const from = $("year-from"), to = $("year-to");
    if (Number(from.value) > Number(to.value)) {
      if (changed === from) to.value = from.value;
      else from.value = to.value;
    }
    $("year-from-value").textContent = yearLabel(from);
    $("year-to-value").textContent = yearLabel(to);
  }

  function buildLegend(types) {
    const legend = $("legend");
    legend.replaceChildren();
    for (const type of types) {
      const s = TYPE_STYLE[type] || FALLBACK_STYLE;
      const li = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = `swatch shape-${s.shape}`;
      swatch.style.backgroundColor = s.color;
      swatch.setAttribute("aria-hidden", "true");
      li.append(swatch, `${type} (${s.shapeName})`);
      legend.append(li);
    }
  }

  function buildSectors(sectors) {
    const holder = $("sector-boxes");
    holder.replaceChildren();
    for (const sector of sectors) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = sector;
      box.name = "sector";
      box.addEventListener("change", () => redraw());
      label.append(box, ` ${sector}`);
      holder.append(label);
    }
  }

  async function init() {
    $("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      search($("search-input").value, "search-results", (entity) => pick(entity.id, entity.name));
    });
    $("path-form").addEventListener("submit", (event) => {
      event.preventDefault();
      search($("path-input").value, "path-candidates", (entity) => findPaths(entity.id, entity.name));
    });
    for (const id of ["year-from", "year-to"]) {
      const input = $(id);
      input.addEventListener("input", () => syncYears(input));
      input.addEventListener("change", () => { syncYears(input); redraw(); });
    }
    $("depth").addEventListener("change", () => redraw());
    $("max-hops").addEventListener("change", () => { if (state.pathTo) redraw(); });
    $("reset-button").addEventListener("click", reset);
    syncYears(null);
    try {
      state.vocabulary = await getJSON(new URL("explorer/assets/vocabulary.json", BASE));
    } catch (error) {
      state.vocabulary = { types: Object.keys(TYPE_STYLE), sectors: [] };
    }
    buildLegend(state.vocabulary.types);
    buildSectors(state.vocabulary.sectors);
    document.body.dataset.ready = "true";
  }

  window.explorer = {
    state,
    pick,
    expand: expandNode,
    findPaths,
    selectEdge,
    selectNode,
    redraw,
    elementsOf,
    get loads() { return state.loads; },
  };

  init();
})();
