/* The graphsvc explorer: search an actor, see its neighbourhood, expand,
 * find paths between two actors, filter by sector and years, read the
 * evidence of every relationship. Plain browser JavaScript over the HTTP API
 * (entities, neighbourhood in the `cytoscape` format, paths, sources) and
 * Cytoscape.js with the fcose layout. Every text from the data is put in the
 * page with textContent, never as HTML.
 *
 * The view (actor, expanded actors, depth, filters, path, selection) lives in
 * the URL: each change of view is a history entry, so a view can be shared,
 * bookmarked, and left with Back.
 */
(function () {
  "use strict";

  // The service root, so the page also works behind a path prefix.
  const BASE = new URL(".", window.location.href);

  // Labels are drawn at this size on screen whatever the zoom.
  const LABEL_PX = 13;
  // Where a label may sit around its node, tried in this order when labels would overlap.
  const LABEL_PLACES = ["below", "above", "right", "left"];
  // This many of the most connected actors (at least HUB_MIN_DEGREE relationships) always get a label.
  const HUB_COUNT = 8;
  const HUB_MIN_DEGREE = 3;
  // Room around the drawing when it is fitted to the canvas, for the labels at its edges.
  const FIT_PADDING = 60;
  // Typing waits this long for a pause before searching; a slider this long before redrawing.
  const SEARCH_DEBOUNCE_MS = 250;
  const SLIDER_DEBOUNCE_MS = 400;
  const PHONE = window.matchMedia("(max-width: 700px)");
  // A node's size on screen at zoom 1: from the smallest to the largest.
  const SIZE_MIN = 16;
  const SIZE_MAX = 56;
  // What "Size of each actor" can show, in words for the status and the tooltips.
  const MEASURES = { degree: "relationships in view", pagerank: "PageRank", betweenness: "betweenness" };
  // The metrics are asked for again after this many seconds after a 504, or a 503 that names no Retry-After.
  const METRICS_RETRY_S = 5;

  // Filled from /explorer/assets/palette.json (graphsvc/palette.py, which style.grass is generated from too).
  let PALETTE = { types: {}, fallback: { color: "#A5ABB6", border: "#737780", text: "#000000", shape: "ellipse", shapeName: "circle" },
    communities: [], otherCommunity: "#8C8C8C", noCommunity: "#E4E4E4" };
  const styleOf = (type) => PALETTE.types[type] || PALETTE.fallback;

  // Edge fields shown in their own rows; every other field is a figure.
  const EDGE_FIELDS = new Set(["id", "source", "target", "from", "to", "label", "type", "start", "end",
    "sectors", "tier", "dated", "evidence", "evidence_count", "key"]);

  const $ = (id) => document.getElementById(id);

  const state = {
    roots: [],        // entities whose neighbourhoods are drawn, in the order they were added
    focus: null,      // the actor picked from the search: paths start here
    pathTo: null,     // the other end of the paths, when paths are asked for
    paths: [],        // the last /paths answer's paths
    since: null,      // the time window, as years (null: open)
    until: null,
    hideUndated: false,
    sizeBy: "degree",     // what a node's size shows: a key of MEASURES
    colourBy: "type",     // "type" (the palette's colours) or "community"
    metricsShown: false,  // the drawing uses the network metrics (false while the analysis is being computed)
    metricsRetry: null,   // timer of the redraw asked for by a 503 analysis-in-progress or a 504; null when none is set
    types: [],            // the entity types, for the legend
    selected: null,   // id of the selected node or edge
    expandedPairs: new Set(), // "a|b" pairs whose parallel relationships are drawn one by one
    names: new Map(), // id -> name of every entity seen
    histogramKey: null,
    yearBounds: null, // [first, last] year of the dated facts in view
    loads: 0,         // completed redraws (tests wait on it)
    lastLayoutMs: 0,
    seq: 0,
  };

  // ---- HTTP -------------------------------------------------------------
  function apiUrl(path, params) {
    const url = new URL(path, BASE);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, String(value));
    }
    return url;
  }

  // One fetch for all three pages (views.js): problem+json errors become an Error with the service's detail.
  function getJSON(url) {
    return window.graphsvcViews.getJSON(url);
  }

  function checkedSectors() {
    return Array.from(document.querySelectorAll("#sector-boxes input:checked")).map((box) => box.value);
  }

  function filterParams() {
    return { sectors: checkedSectors().join(","), since: state.since, until: state.until };
  }

  // ---- Dates ------------------------------------------------------------------
  // The year a date names: ISO 8601 (partial) or EDTF ("199X" is the 1990s, "2021-12~" about December 2021).
  function yearOf(value) {
    if (!value) return null;
    const match = /^(\d{3})([\dX])/.exec(String(value));
    if (!match) return null;
    return Number(match[1] + (match[2] === "X" ? "0" : match[2]));
  }

  function isDated(data) {
    return Boolean(data.start || data.end);
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
        label: "", width: "data(size)", height: "data(size)", "border-width": 1, "border-color": "#333",
        "background-color": PALETTE.fallback.color, "font-size": LABEL_PX, color: "#111",
        "text-outline-color": "#fff", "text-outline-width": 2, "text-wrap": "none", "min-zoomed-font-size": 0 } },
      { selector: "node[font]", style: { "font-size": "data(font)" } },
      { selector: "node.labelled", style: { label: "data(short)" } },
      { selector: "node.at-below", style: { "text-valign": "bottom", "text-halign": "center", "text-margin-y": 2 } },
      { selector: "node.at-above", style: { "text-valign": "top", "text-halign": "center", "text-margin-y": -2 } },
      { selector: "node.at-right", style: { "text-valign": "center", "text-halign": "right", "text-margin-x": 2 } },
      { selector: "node.at-left", style: { "text-valign": "center", "text-halign": "left", "text-margin-x": -2 } },
      { selector: "node.root", style: { "border-width": 4, "border-color": "#111", "font-weight": "bold" } },
      { selector: "node.new", style: { "underlay-color": "#0072B2", "underlay-opacity": 0.35, "underlay-padding": 7,
        "underlay-shape": "ellipse" } },
      { selector: "edge", style: {
        width: 1.5, "line-color": "#8a8a8a", "target-arrow-color": "#8a8a8a", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "curve-style": "bezier", "control-point-step-size": 30 } },
      { selector: "edge.bundled", style: { display: "none" } },
      { selector: "edge[!dated]", style: { "line-style": "dashed" } },
      { selector: "edge.bundle", style: {
        "line-style": "solid", "target-arrow-shape": "none", width: "data(width)", "line-color": "#6f6f6f",
        label: "data(label)", "font-size": LABEL_PX, "text-background-color": "#fff",
        "text-background-opacity": 1, "text-background-shape": "round-rectangle", "text-background-padding": 2,
        "text-border-color": "#6f6f6f", "text-border-width": 1, "text-border-opacity": 1, color: "#111" } },
      { selector: "edge.path", style: { width: 5, "line-color": "#111", "target-arrow-color": "#111", "z-index": 10 } },
      { selector: "node.path", style: { "border-width": 3, "border-color": "#111" } },
      { selector: ".faded", style: { opacity: 0.2 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#000", "overlay-opacity": 0.15 } },
      { selector: "edge:selected", style: { width: 4, "line-color": "#000", "target-arrow-color": "#000",
        label: "data(label)", "font-size": LABEL_PX, "text-rotation": "autorotate", "text-background-color": "#fff",
        "text-background-opacity": 1, "text-background-padding": 2, color: "#000" } },
      // Edge labels keep their size on screen too.
      { selector: "edge[font]", style: { "font-size": "data(font)" } },
    ];
    for (const [type, s] of Object.entries(PALETTE.types)) {
      style.push({ selector: `node[type = "${type}"]`, style: { "background-color": s.color, shape: s.shape } });
    }
    // Colour by community: after the type rules, which it overrides (the shape still tells the type).
    style.push({ selector: "node.by-community[fill]", style: { "background-color": "data(fill)" } });
    return style;
  }

  const cy = cytoscape({
    container: $("cy"),
    elements: [],
    style: cyStyle(),
    minZoom: 0.05,
    maxZoom: 3,
    boxSelectionEnabled: false,
  });
  window.cy = cy;

  cy.on("tap", "node", (event) => { selectNode(event.target.id(), { center: false }); });
  cy.on("tap", "edge.bundle", (event) => expandPair(event.target.data("pair")));
  cy.on("tap", "edge[!bundle]", (event) => selectEdge(event.target.id()));
  cy.on("tap", (event) => { if (event.target === cy) { clearSelection(); recordView(true); } });
  cy.on("mouseover", "node, edge", (event) => showTooltip(event.target, event.renderedPosition));
  cy.on("mouseout", "node, edge", hideTooltip);
  cy.on("viewport", hideTooltip);

  // Labels keep their size on screen: redo them when the zoom settles.
  let labelTimer = null;
  let lastZoom = cy.zoom();
  cy.on("zoom", () => {
    clearTimeout(labelTimer);
    labelTimer = setTimeout(() => { if (cy.zoom() !== lastZoom) updateLabels(); }, 120);
  });

  // On a touch screen one finger scrolls the page; two fingers pan and zoom the drawing.
  const coarse = window.matchMedia("(pointer: coarse)").matches;
  if (coarse) {
    cy.userPanningEnabled(false);
    $("graph-area").addEventListener("touchstart", (e) => { cy.userPanningEnabled(e.touches.length >= 2); }, { capture: true, passive: true });
    $("graph-area").addEventListener("touchend", (e) => { if (e.touches.length < 2) cy.userPanningEnabled(false); }, { capture: true, passive: true });
  }

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
  function neighbourhoods(filters, withMetrics) {
    const depth = $("depth").value;
    const metrics = withMetrics ? "true" : null;
    return Promise.all(state.roots.map((id) =>
      getJSON(apiUrl(`entities/${encodeURIComponent(id)}/neighbourhood`, { depth, format: "cytoscape", metrics, ...filters }))));
  }

  // The network metrics are asked for only when the drawing shows one of them.
  function metricsWanted() {
    return state.sizeBy !== "degree" || state.colourBy === "community";
  }

  // 503 analysis-in-progress (or -queue-full, -dropped): the measures are not ready yet, the graph is.
  function analysisPending(error) {
    return error.status === 503 && /analysis-[a-z-]+$/.test(error.type || "");
  }

  // The neighbourhoods with the metrics when wanted. Without them when the metrics cannot be had: the drawing
  // does not wait for them; `why` says what happened and `retryAfter` when to ask again. A 503
  // analysis-in-progress names the time; after a 504 the analysis goes on too (the service keeps computing
  // past a request's deadline), so the page asks again as well.
  async function viewDocs(filters, wantMetrics) {
    if (!wantMetrics) return { docs: await neighbourhoods(filters, false), metrics: false };
    try {
      return { docs: await neighbourhoods(filters, true), metrics: true };
    } catch (error) {
      const docs = await neighbourhoods(filters, false);
      if (analysisPending(error)) {
        return { docs, metrics: false, why: "are still being computed", retryAfter: error.retryAfter || METRICS_RETRY_S };
      }
      if (error.status === 504) {
        return { docs, metrics: false, why: `did not come in time (${error.message})`, retryAfter: METRICS_RETRY_S };
      }
      return { docs, metrics: false, why: `could not be had (${error.message})` };
    }
  }

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
      const timed = filters.since !== null || filters.until !== null;
      // The histogram counts the facts in view whatever the years chosen: without the time window.
      const histogramKey = JSON.stringify([state.roots, depth, filters.sectors]);
      const wantHistogram = histogramKey !== state.histogramKey;
      const wantMetrics = metricsWanted();
      const [view, untimedDocs] = await Promise.all([
        viewDocs(filters, wantMetrics),
        wantHistogram && timed ? neighbourhoods({ ...filters, since: null, until: null }, false) : Promise.resolve(null),
      ]);
      const docs = view.docs;
      let pathAnswer = null;
      if (state.pathTo && state.focus) {
        pathAnswer = await getJSON(apiUrl("paths", {
          from: state.focus, to: state.pathTo, max_hops: $("max-hops").value, k: 5, format: "json",
          metrics: view.metrics ? "true" : null, ...filters }));
      }
      if (seq !== state.seq) return; // a newer redraw has started
      state.metricsShown = view.metrics;
      clearTimeout(state.metricsRetry);
      state.metricsRetry = view.retryAfter ? setTimeout(() => { if (metricsWanted()) redraw(); }, view.retryAfter * 1000) : null;
      if (wantHistogram) {
        state.histogramKey = histogramKey;
        updateHistogram(untimedDocs || docs);
      }
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
        state.paths = pathAnswer.paths || [];
        const onPaths = new Set(state.paths.flatMap((path) => path.nodes));
        // Only the entities on a path: with no path, the far end is not drawn alone.
        for (const entity of pathAnswer.nodes || []) {
          if (onPaths.has(entity.id) && !wanted.has(entity.id)) wanted.set(entity.id, nodeElement(entity));
        }
        for (const path of state.paths) {
          for (const id of path.nodes) pathIds.add(id);
          for (const edge of path.edges) {
            pathIds.add(edge.id);
            if (!wanted.has(edge.id)) wanted.set(edge.id, edgeElement(edge));
            state.expandedPairs.add(pairKey(edge.from, edge.to));
          }
        }
      }
      keepConnected(wanted);
      const added = apply(wanted, pathIds);
      const nodes = cy.nodes().length, edges = drawnEdges().length;
      let text = `${nodes} actors and ${edges} relationships drawn.`;
      if (added.size && added.size < nodes) text += ` ${added.size} new (ringed in blue).`;
      if (truncated) text += " The answer was cut at the service's limit: narrow it with the filters.";
      if (view.why) {
        text += ` The network measures ${view.why}: sizes show relationships in view and colours show types`
          + (view.retryAfter ? ` for now; asking again in ${view.retryAfter} s.` : ".");
      }
      if (pathAnswer) {
        text += state.paths.length
          ? ` ${state.paths.length} path(s) from ${nameOf(state.focus)} to ${nameOf(state.pathTo)}.`
          : ` No path from ${nameOf(state.focus)} to ${nameOf(state.pathTo)} within ${$("max-hops").value} steps with these filters.`;
      }
      setStatus(text);
      renderPaths();
      updateDownloads(filters, depth);
      if (state.selected && cy.getElementById(state.selected).nonempty()) showSelected(state.selected);
      else if (state.selected) clearSelection();
    } catch (error) {
      if (seq === state.seq) setStatus(error.message, true);
    } finally {
      if (seq === state.seq) {
        setBusy(false);
        state.loads += 1;
      }
    }
  }

  // Undated facts go when hidden; then every entity left without a relationship goes too,
  // except the actors the view is built around.
  function keepConnected(wanted) {
    const ends = new Set(state.roots);
    for (const [id, el] of wanted) {
      if (el.group !== "edges") continue;
      if (state.hideUndated && !isDated(el.data)) {
        wanted.delete(id);
        continue;
      }
      ends.add(el.data.source);
      ends.add(el.data.target);
    }
    for (const [id, el] of wanted) {
      if (el.group === "nodes" && !ends.has(id)) wanted.delete(id);
    }
  }

  function pairKey(a, b) {
    return a < b ? `${a}|${b}` : `${b}|${a}`;
  }

  function drawnEdges() {
    return cy.edges().not(".bundle");
  }

  function apply(wanted, pathIds) {
    const drawnBefore = cy.nodes().length > 0;
    const added = new Set();
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (el.hasClass("bundle") || !wanted.has(el.id())) el.remove();
      });
      const fresh = [];
      for (const [id, el] of wanted) {
        if (el.group === "nodes") {
          const name = el.data.label || el.data.name || id;
          state.names.set(id, name);
          el.data.short = name.length > 34 ? `${name.slice(0, 32)}…` : name;
        }
        const existing = cy.getElementById(id);
        if (existing.nonempty()) existing.data(el.data);
        else fresh.push(el);
      }
      // Nodes first, so every edge finds its ends.
      const freshNodes = fresh.filter((el) => el.group === "nodes");
      const freshEdges = fresh.filter((el) => el.group === "edges"
        && wanted.has(el.data.source) && wanted.has(el.data.target));
      for (const el of freshNodes) added.add(el.data.id);
      cy.add(freshNodes);
      cy.add(freshEdges);
      cy.elements().removeClass("root path faded new");
      for (const id of state.roots) cy.getElementById(id).addClass("root");
      for (const id of pathIds) cy.getElementById(id).addClass("path");
      bundleParallels();
      sizeNodes();
      colourNodes();
    });
    updateLegend();
    if (added.size) {
      layout(drawnBefore, added);
      if (drawnBefore) cy.nodes().filter((n) => added.has(n.id())).addClass("new");
    }
    updateLabels();
    updateLists();
    return added;
  }

  // Two actors joined by several relationships get one line with their count; a click shows them all.
  function bundleParallels() {
    const pairs = new Map();
    drawnEdges().forEach((edge) => {
      const key = pairKey(edge.data("source"), edge.data("target"));
      if (!pairs.has(key)) pairs.set(key, []);
      pairs.get(key).push(edge);
    });
    drawnEdges().removeClass("bundled");
    for (const [key, edges] of pairs) {
      if (edges.length < 2 || state.expandedPairs.has(key)) continue;
      const [a, b] = key.split("|");
      for (const edge of edges) edge.addClass("bundled");
      const types = [...new Set(edges.map((e) => e.data("type")))];
      cy.add({ group: "edges", classes: "bundle",
        data: { id: `bundle:${key}`, source: a, target: b, bundle: true, pair: key, count: edges.length,
          label: String(edges.length), types, width: Math.min(2 + edges.length, 9), dated: true } });
    }
  }

  function expandPair(key) {
    state.expandedPairs.add(key);
    cy.batch(() => {
      cy.getElementById(`bundle:${key}`).remove();
      drawnEdges().filter((e) => pairKey(e.data("source"), e.data("target")) === key).removeClass("bundled");
    });
    const [a, b] = key.split("|");
    setStatus(`The ${drawnEdges().filter((e) => pairKey(e.data("source"), e.data("target")) === key).length} relationships between ${nameOf(a)} and ${nameOf(b)} are drawn one by one; click one to read its evidence.`);
  }

  function degreeOf(node) {
    return node.connectedEdges().not(".bundle").length;
  }

  // The chosen measure of a node from its network metrics; null for a non-actor or when not shown.
  function measureOf(node, measure) {
    const metrics = node.data("metrics");
    return metrics && typeof metrics[measure] === "number" ? metrics[measure] : null;
  }

  function sizeMeasure() {
    return state.metricsShown ? state.sizeBy : "degree";
  }

  // By degree: 16 + 5·√(relationships in view). By a network measure: the area grows with the value,
  // the largest in view at SIZE_MAX; an entity without the measure (not an actor) at SIZE_MIN.
  function sizeNodes() {
    cy.nodes().forEach((node) => { node.data("degree", degreeOf(node)); });
    const measure = sizeMeasure();
    if (measure === "degree") {
      cy.nodes().forEach((node) => { node.data("size", Math.min(SIZE_MIN + 5 * Math.sqrt(node.data("degree")), SIZE_MAX)); });
      return;
    }
    const most = Math.max(0, ...cy.nodes().map((node) => measureOf(node, measure) || 0));
    cy.nodes().forEach((node) => {
      const value = measureOf(node, measure);
      node.data("size", value && most > 0 ? SIZE_MIN + (SIZE_MAX - SIZE_MIN) * Math.sqrt(value / most) : SIZE_MIN);
    });
  }

  // Community n (0: the largest) has the palette's n-th fill; smaller ones share one grey, non-actors another.
  function communityFill(metrics) {
    if (!metrics || metrics.community === null || metrics.community === undefined) return PALETTE.noCommunity;
    return PALETTE.communities[metrics.community] || PALETTE.otherCommunity;
  }

  function byCommunity() {
    return state.metricsShown && state.colourBy === "community";
  }

  function colourNodes() {
    const on = byCommunity();
    cy.nodes().forEach((node) => {
      node.toggleClass("by-community", on);
      if (on) node.data("fill", communityFill(node.data("metrics")));
    });
  }

  function layoutOptions(extra) {
    return {
      name: "fcose", quality: "default", animate: false, padding: 30, nodeDimensionsIncludeLabels: false,
      packComponents: true, nodeRepulsion: () => 9000, idealEdgeLength: () => 80, edgeElasticity: () => 0.45,
      nodeSeparation: 90, gravity: 0.2, gravityRange: 3.8, numIter: 2500, tile: true, ...extra,
    };
  }

  function laidOut() {
    return cy.elements().not(".bundled");
  }

  // fcose starts from random positions. Drawn from a generator seeded with what is laid out, the same view
  // (a shared link, Back, a reload) draws the same picture in a window of the same size. fcose runs
  // synchronously (animate: false), so Math.random is the seeded one for exactly that run.
  function seeded(run) {
    const random = Math.random;
    Math.random = new Math.seedrandom(laidOut().map((el) => el.id()).sort().join("\n"));
    try {
      run();
    } finally {
      Math.random = random;
    }
  }

  function layout(drawnBefore, added) {
    const started = performance.now();
    // The legend above the drawing has just been updated and may have changed the canvas's height; Cytoscape
    // reads its container's size lazily, so the stretch and the fit would use the size from before.
    cy.resize();
    if (!drawnBefore) {
      seeded(() => laidOut().layout(layoutOptions({ randomize: true, fit: false })).run());
      stretchToCanvas();
      cy.fit(cy.elements(), FIT_PADDING);
    } else {
      // Drawn actors stay where they are; new ones start next to a drawn neighbour and settle around them.
      const fixed = cy.nodes().filter((n) => !added.has(n.id()));
      const before = new Map(fixed.map((n) => [n.id(), { ...n.position() }]));
      seeded(() => {
        cy.nodes().filter((n) => added.has(n.id())).forEach((node) => {
          const placed = node.neighborhood("node").filter((n) => before.has(n.id()));
          const p = placed.nonempty() ? placed[0].position() : { x: 0, y: 0 };
          node.position({ x: p.x + (Math.random() - 0.5) * 80, y: p.y + (Math.random() - 0.5) * 80 });
        });
        laidOut().layout(layoutOptions({
          randomize: false, fit: false,
          fixedNodeConstraint: [...before].map(([nodeId, position]) => ({ nodeId, position })),
        })).run();
      });
      // The layout may move the whole drawing a little: put the drawn actors back exactly, the new ones with them.
      const ids = [...before.keys()];
      let dx = 0, dy = 0;
      for (const id of ids) {
        const now = cy.getElementById(id).position();
        dx += now.x - before.get(id).x;
        dy += now.y - before.get(id).y;
      }
      dx /= ids.length || 1;
      dy /= ids.length || 1;
      cy.batch(() => {
        cy.nodes().forEach((node) => {
          if (before.has(node.id())) node.position(before.get(node.id()));
          else node.position({ x: node.position().x - dx, y: node.position().y - dy });
        });
      });
      // Keep the view unless something new lies outside it; then zoom out to show all.
      const view = cy.extent();
      const outside = cy.nodes().filter((n) => added.has(n.id())).some((n) => {
        const p = n.position();
        return p.x < view.x1 || p.x > view.x2 || p.y < view.y1 || p.y > view.y2;
      });
      if (outside) cy.fit(cy.elements(), FIT_PADDING);
    }
    state.lastLayoutMs = performance.now() - started;
  }

  // A force layout comes out roughly round; the canvas is a rectangle: stretch the drawing to its shape.
  function stretchToCanvas() {
    const box = cy.nodes().boundingBox();
    if (box.w < 1 || box.h < 1) return;
    const want = cy.width() / Math.max(cy.height(), 1);
    const have = box.w / box.h;
    const cx = (box.x1 + box.x2) / 2, cy0 = (box.y1 + box.y2) / 2;
    const sx = have < want ? want / have : 1;
    const sy = have > want ? have / want : 1;
    cy.nodes().positions((node) => ({ x: cx + (node.position().x - cx) * sx, y: cy0 + (node.position().y - cy0) * sy }));
  }

  // Which labels show: the roots, the selection and its neighbours, the hubs, then others by degree, as
  // long as a label has room. Each is tried below, above, right and left of its node, never over another
  // label, nor outside the canvas; only the labels of that first group may cover another actor's shape.
  function labelRoles() {
    const selected = state.selected ? cy.getElementById(state.selected) : cy.collection();
    const near = new Set();
    if (selected.nonempty()) {
      const around = selected.isNode() ? selected.closedNeighborhood("node") : selected.connectedNodes();
      around.forEach((n) => near.add(n.id()));
    }
    // The largest first (the size shows the chosen measure), then the most connected.
    const larger = (a, b) => b.data("size") - a.data("size") || b.data("degree") - a.data("degree");
    const bySize = cy.nodes().sort(larger);
    const hubs = new Set(bySize.filter((n) => n.data("degree") >= HUB_MIN_DEGREE).slice(0, HUB_COUNT).map((n) => n.id()));
    const rank = (n) => (state.roots.includes(n.id()) ? 0 : near.has(n.id()) ? 1 : hubs.has(n.id()) ? 2 : 3);
    const order = bySize.sort((a, b) => rank(a) - rank(b) || larger(a, b));
    return { order, required: new Set(order.filter((n) => rank(n) < 3).map((n) => n.id())) };
  }

  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  function updateLabels() {
    lastZoom = cy.zoom();
    const font = LABEL_PX / lastZoom;
    const placeClasses = LABEL_PLACES.map((p) => `at-${p}`).join(" ");
    // Each label is measured once, below its node; its box in the other places follows from its size and
    // its distance to the node's centre, the same on every side. (Trying each place on the node itself
    // restyles it each time, which cost most of the placement's time.)
    cy.batch(() => {
      cy.elements().data("font", font);
      cy.nodes().removeClass(placeClasses).addClass("labelled at-below");
    });
    const boxOptions = { includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false };
    const labels = new Map();
    cy.nodes().forEach((node) => {
      // Not from the cache: after a batch Cytoscape may keep a label's earlier place until the next render.
      const box = node.boundingBox({ ...boxOptions, useCache: false });
      labels.set(node.id(), { w: box.w, h: box.h, near: box.y1 - node.position().y });
    });
    const boxAt = (node, place) => {
      const { x, y } = node.position();
      const { w, h, near } = labels.get(node.id());
      if (place === "below") return { x1: x - w / 2, x2: x + w / 2, y1: y + near, y2: y + near + h };
      if (place === "above") return { x1: x - w / 2, x2: x + w / 2, y1: y - near - h, y2: y - near };
      if (place === "right") return { x1: x + near, x2: x + near + w, y1: y - h / 2, y2: y + h / 2 };
      return { x1: x - near - w, x2: x - near, y1: y - h / 2, y2: y + h / 2 };
    };
    const taken = [];
    const gap = 2 / lastZoom;
    // A label covers neither another label nor another actor's shape.
    const bodies = cy.nodes().map((n) => ({ id: n.id(), box: n.boundingBox({ includeLabels: false, includeOverlays: false }) }));
    const { order, required } = labelRoles();
    const view = cy.extent();
    const inView = (box) => box.x1 >= view.x1 && box.x2 <= view.x2 && box.y1 >= view.y1 && box.y2 <= view.y2;
    const placed = new Map();
    for (const node of order) {
      if (!(labels.get(node.id()).w > 0)) continue;
      // A required label (a root, the selection) may cover another actor's shape if it must, never a label.
      const passes = required.has(node.id()) ? [true, false] : [true];
      for (const avoidBodies of passes) {
        const place = LABEL_PLACES.find((where) => {
          const box = boxAt(node, where);
          const padded = { x1: box.x1 - gap, x2: box.x2 + gap, y1: box.y1 - gap, y2: box.y2 + gap };
          const free = inView(box) && !taken.some((other) => overlaps(other, padded))
            && !(avoidBodies && bodies.some((body) => body.id !== node.id() && overlaps(body.box, padded)));
          if (free) taken.push(padded);
          return free;
        });
        if (place) {
          placed.set(node.id(), place);
          break;
        }
      }
    }
    cy.batch(() => {
      cy.nodes().removeClass(`labelled ${placeClasses}`);
      for (const [id, place] of placed) cy.getElementById(id).addClass(`labelled at-${place}`);
    });
  }

  // ---- Tooltips -----------------------------------------------------------------
  function showTooltip(el, position) {
    const tip = $("tooltip");
    const lines = [];
    if (el.isNode()) {
      lines.push(el.data("label"), `${el.data("type")}${el.data("kind") ? " · " + String(el.data("kind")).replace(/_/g, " ") : ""}`,
        `${el.data("degree")} relationship(s) in view`, ...metricLines(el));
    } else if (el.hasClass("bundle")) {
      lines.push(`${nameOf(el.data("source"))} — ${nameOf(el.data("target"))}`,
        `${el.data("count")} relationships: ${el.data("types").join(", ")}`, "Click to draw them one by one");
    } else {
      lines.push(`${nameOf(el.data("source"))} — ${el.data("type")} → ${nameOf(el.data("target"))}`,
        dates(el.data("start"), el.data("end")) || "no date in the sources",
        `${(el.data("evidence") || []).length} citation(s): click to read`);
    }
    tip.replaceChildren(...lines.map((line, i) => {
      const div = document.createElement("div");
      div.textContent = line;
      if (i === 0) div.className = "tip-title";
      return div;
    }));
    const area = $("graph-area").getBoundingClientRect();
    const box = $("cy").getBoundingClientRect();
    tip.hidden = false;
    const x = Math.min(box.left - area.left + position.x + 12, area.width - tip.offsetWidth - 4);
    const y = box.top - area.top + position.y + 12;
    tip.style.left = `${Math.max(x, 4)}px`;
    tip.style.top = `${y}px`;
  }

  // The network measures a node's size or colour shows, in words.
  function metricLines(node) {
    const metrics = node.data("metrics");
    if (!state.metricsShown || !metrics) return [];
    const lines = [];
    if (state.sizeBy !== "degree") lines.push(`${MEASURES[state.sizeBy]}: ${formatMeasure(metrics[state.sizeBy])} (whole network)`);
    if (state.colourBy === "community") lines.push(`Community: ${metrics.community_label}`);
    return lines;
  }

  function formatMeasure(value) {
    return typeof value === "number" ? value.toPrecision(3) : "–";
  }

  function hideTooltip() {
    $("tooltip").hidden = true;
  }

  // ---- Time: histogram and slider bounds ---------------------------------------
  function updateHistogram(docs) {
    const perYear = new Map();
    let first = null, last = null;
    for (const doc of docs) {
      for (const el of elementsOf(doc).elements) {
        if (el.group !== "edges") continue;
        const start = yearOf(el.data.start), end = yearOf(el.data.end);
        for (const year of [start, end]) {
          if (year === null) continue;
          first = first === null ? year : Math.min(first, year);
          last = last === null ? year : Math.max(last, year);
        }
        const year = start !== null ? start : end;
        if (year !== null) perYear.set(year, (perYear.get(year) || 0) + 1);
      }
    }
    state.yearBounds = first === null ? null : [first, last];
    const svg = $("histogram");
    svg.replaceChildren();
    const caption = $("histogram-caption");
    const from = $("year-from"), to = $("year-to");
    if (first === null) {
      caption.textContent = "No dated facts in view.";
      svg.removeAttribute("data-first");
      svg.removeAttribute("data-last");
      return;
    }
    svg.dataset.first = String(first);
    svg.dataset.last = String(last);
    // The sliders run over the data's years; an end at its bound means "open".
    for (const input of [from, to]) {
      input.min = String(first);
      input.max = String(last);
    }
    from.value = String(state.since !== null ? Math.max(first, Math.min(state.since, last)) : first);
    to.value = String(state.until !== null ? Math.max(first, Math.min(state.until, last)) : last);
    syncYears(null);
    const years = last - first + 1;
    const most = Math.max(...perYear.values());
    const width = 260 / years;
    const ns = "http://www.w3.org/2000/svg";
    for (let year = first; year <= last; year += 1) {
      const count = perYear.get(year) || 0;
      const rect = document.createElementNS(ns, "rect");
      const height = count ? Math.max(2, (count / most) * 58) : 0;
      rect.setAttribute("x", String((year - first) * width + 0.5));
      rect.setAttribute("y", String(60 - height));
      rect.setAttribute("width", String(Math.max(width - 1, 0.5)));
      rect.setAttribute("height", String(height));
      rect.dataset.year = String(year);
      rect.dataset.count = String(count);
      const title = document.createElementNS(ns, "title");
      title.textContent = `${year}: ${count} fact(s)`;
      rect.append(title);
      svg.append(rect);
    }
    markWindow();
    const total = [...perYear.values()].reduce((a, b) => a + b, 0);
    caption.textContent = `${total} dated facts in view, ${first}–${last} (bars: facts per year they start).`;
  }

  function markWindow() {
    const from = Number($("year-from").value), to = Number($("year-to").value);
    for (const rect of $("histogram").querySelectorAll("rect")) {
      const year = Number(rect.dataset.year);
      rect.classList.toggle("outside", year < from || year > to);
    }
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
    drawnEdges().forEach((edge) => {
      const li = document.createElement("li");
      const text = `${nameOf(edge.data("source"))} — ${edge.data("type")} → ${nameOf(edge.data("target"))}`;
      li.append(button(text, () => selectEdge(edge.id()), { id: edge.id() }));
      edgeList.append(li);
    });
    $("node-count").textContent = String(cy.nodes().length);
    $("edge-count").textContent = String(drawnEdges().length);
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
  function hint(text) {
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = text;
    return p;
  }

  function clearSelection() {
    state.selected = null;
    cy.elements().unselect();
    cy.elements().removeClass("faded");
    $("selection").replaceChildren(hint("Click an actor or a line in the drawing, or pick one from the lists below."));
    $("details").classList.remove("open");
    updateLabels();
  }

  function openSheet() {
    if (PHONE.matches) $("details").classList.add("open");
  }

  function selectNode(id, options) {
    const node = cy.getElementById(id);
    if (node.empty()) return;
    cy.elements().unselect();
    node.select();
    state.selected = id;
    if (!options || options.center !== false) cy.animate({ center: { eles: node } }, { duration: 200, complete: updateLabels });
    showNode(id);
    updateLabels();
    recordView(true);
  }

  function selectEdge(id) {
    const edge = cy.getElementById(id);
    if (edge.empty()) return;
    const key = pairKey(edge.data("source"), edge.data("target"));
    if (edge.hasClass("bundled")) expandPair(key);
    cy.elements().unselect();
    edge.select();
    state.selected = id;
    showEdge(id);
    updateLabels();
    recordView(true);
  }

  function showSelected(id) {
    const el = cy.getElementById(id);
    if (el.empty()) return;
    el.select();
    if (el.isNode()) showNode(id);
    else showEdge(id);
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
    row(dl, "In view", `${d.degree} relationship(s)`);
    if (d.metrics && state.metricsShown) {
      row(dl, "PageRank", formatMeasure(d.metrics.pagerank));
      row(dl, "Betweenness", `${formatMeasure(d.metrics.betweenness)} (rank ${d.metrics.betweenness_rank})`);
      row(dl, "Community", d.metrics.community_label);
    }
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
    actions.append(button("Explore from here", () => pick(id, d.label), { action: "explore" }));
    if (state.focus && state.focus !== id) {
      actions.append(button(`Paths from ${nameOf(state.focus)} to here`, () => findPaths(id), { action: "paths" }));
    }
    selection.append(h, dl, actions);
    openSheet();
  }

  // Citations are shared with the matrix and timeline pages (views.js): one rule for all three.
  const V = window.graphsvcViews;

  function fillCitation(li, item, source) {
    const text = V.citationText(item, source);
    li.querySelector(".source").textContent = text;
    const link = V.sourceLink(source);
    const holder = li.querySelector(".source-link");
    holder.replaceChildren();
    if (link) {
      const a = document.createElement("a");
      a.href = link;
      a.textContent = "Open the source";
      a.rel = "noopener";
      holder.append(a);
    }
    li.dataset.citation = `${text}. ${V.whereText(item.locator)}. “${item.excerpt}”`;
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
      if (!EDGE_FIELDS.has(key) && !["font", "short"].includes(key)) row(dl, key.replace(/_/g, " "), value);
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
      const locator = document.createElement("p");
      locator.className = "locator";
      locator.textContent = `Where: ${V.whereText(item.locator)}`;
      const link = document.createElement("p");
      link.className = "source-link";
      const copy = button("Copy citation", () => copyCitation(li, copy), { action: "copy-citation" });
      li.append(quote, source, locator, link, copy);
      fillCitation(li, item, null);
      V.sourceRecord(BASE, item.source).then((record) => { if (record && li.isConnected) fillCitation(li, item, record); });
      list.append(li);
    }
    const actions = document.createElement("div");
    actions.className = "actions";
    const key = pairKey(d.source, d.target);
    const parallel = drawnEdges().filter((e) => pairKey(e.data("source"), e.data("target")) === key).length;
    if (parallel > 1) {
      actions.append(button(`Draw the ${parallel} relationships as one line`, () => {
        state.expandedPairs.delete(key);
        clearSelection();
        cy.batch(() => { cy.edges(".bundle").remove(); bundleParallels(); });
        recordView(true);
      }, { action: "bundle" }));
    }
    selection.append(h, dl, evidenceTitle, list, actions);
    openSheet();
  }

  async function copyCitation(li, copyButton) {
    const text = li.dataset.citation || "";
    try {
      await navigator.clipboard.writeText(text);
      copyButton.textContent = "Copied";
    } catch (error) {
      // Without clipboard access (an insecure origin), select the text so Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(li);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      copyButton.textContent = "Selected: press Ctrl+C";
    }
  }

  // ---- The view in the URL --------------------------------------------------------
  function viewParams() {
    const params = new URLSearchParams();
    if (state.focus) params.set("actor", state.focus);
    const more = state.roots.filter((id) => id !== state.focus);
    if (more.length) params.set("expand", more.join(","));
    if ($("depth").value !== "1") params.set("depth", $("depth").value);
    const sectors = checkedSectors();
    if (sectors.length) params.set("sectors", sectors.join(","));
    if (state.since !== null) params.set("since", String(state.since));
    if (state.until !== null) params.set("until", String(state.until));
    if (state.hideUndated) params.set("undated", "hide");
    if (state.sizeBy !== "degree") params.set("size", state.sizeBy);
    if (state.colourBy !== "type") params.set("colour", state.colourBy);
    if (state.pathTo) {
      params.set("to", state.pathTo);
      params.set("hops", $("max-hops").value);
    }
    if (state.selected) params.set("sel", state.selected);
    return params;
  }

  // A change of view is a new history entry; a change of selection replaces the current one.
  function recordView(selectionOnly) {
    const query = viewParams().toString();
    const url = `${window.location.pathname}${query ? "?" + query : ""}`;
    if (url === `${window.location.pathname}${window.location.search}`) return;
    if (selectionOnly) window.history.replaceState({ explorer: true }, "", url);
    else window.history.pushState({ explorer: true }, "", url);
  }

  // A select's option named in the URL, or its default; the select shows it.
  function optionOf(select, value) {
    const known = value && select.querySelector(`option[value="${CSS.escape(value)}"]`);
    select.value = known ? value : select.querySelector("option[selected]").value;
    return select.value;
  }

  function yearParam(params, name) {
    const value = Number(params.get(name));
    return params.has(name) && Number.isInteger(value) ? value : null;
  }

  async function restoreFromUrl() {
    const params = new URLSearchParams(window.location.search);
    const actor = params.get("actor");
    state.focus = actor || null;
    state.roots = actor ? [actor, ...(params.get("expand") || "").split(",").filter((id) => id && id !== actor)] : [];
    state.pathTo = actor ? params.get("to") : null;
    state.since = yearParam(params, "since");
    state.until = yearParam(params, "until");
    state.hideUndated = params.get("undated") === "hide";
    state.sizeBy = optionOf($("size-by"), params.get("size"));
    state.colourBy = optionOf($("colour-by"), params.get("colour"));
    state.selected = params.get("sel");
    state.expandedPairs = new Set();
    $("hide-undated").checked = state.hideUndated;
    const depth = params.get("depth");
    $("depth").value = depth === "2" ? "2" : "1";
    const hops = params.get("hops");
    if (hops && $("max-hops").querySelector(`option[value="${CSS.escape(hops)}"]`)) $("max-hops").value = hops;
    const sectors = new Set((params.get("sectors") || "").split(","));
    for (const box of document.querySelectorAll("#sector-boxes input")) box.checked = sectors.has(box.value);
    cy.elements().remove();
    state.histogramKey = null;
    if (!actor) {
      resetPanels();
      return;
    }
    for (const id of [...state.roots, state.pathTo].filter(Boolean)) {
      if (!state.names.has(id)) {
        getJSON(apiUrl(`entities/${encodeURIComponent(id)}`, {})).then((entity) => {
          state.names.set(id, entity.name);
          if (id === state.focus) $("path-from-name").textContent = entity.name;
        }).catch(() => {});
      }
    }
    $("path-from-name").textContent = nameOf(actor);
    await redraw();
    if (state.selected && cy.getElementById(state.selected).nonempty()) {
      const el = cy.getElementById(state.selected);
      cy.elements().unselect();
      el.select();
      showSelected(state.selected);
      updateLabels();
    }
  }

  // ---- Actions --------------------------------------------------------------
  function pick(id, name) {
    if (name) state.names.set(id, name);
    state.roots = [id];
    state.focus = id;
    state.pathTo = null;
    state.paths = [];
    state.selected = null;
    state.expandedPairs = new Set();
    cy.elements().remove();
    $("path-from-name").textContent = nameOf(id);
    clearSelection();
    recordView(false);
    return redraw();
  }

  function expandNode(id) {
    if (!state.roots.includes(id)) state.roots.push(id);
    state.selected = id;
    recordView(false);
    return redraw().then(() => showNode(id));
  }

  function findPaths(toId, name) {
    if (!state.focus) {
      setStatus("Pick the actor the paths start from first (search above).", true);
      return Promise.resolve();
    }
    if (name) state.names.set(toId, name);
    state.pathTo = toId;
    recordView(false);
    return redraw().then(() => {
      const first = document.querySelector("#path-list button");
      if (first) first.focus();
    });
  }

  function resetPanels() {
    $("path-from-name").textContent = "(pick an actor first)";
    clearSelection();
    renderPaths();
    updateLists();
    updateDownloads({}, 1);
    setStatus("Search an actor to begin.");
  }

  function reset() {
    state.roots = [];
    state.focus = null;
    state.pathTo = null;
    state.paths = [];
    state.selected = null;
    cy.elements().remove();
    resetPanels();
    recordView(false);
  }

  // ---- Search as you type: an ARIA combobox ------------------------------------------
  function combobox(input, list, submitButton, onPick) {
    let timer = null;
    let active = -1;
    let seq = 0;
    let items = [];

    function options() {
      return Array.from(list.querySelectorAll("[role=option][data-id]"));
    }

    function close() {
      seq += 1; // a search still on its way must not open the list again
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function setActive(index) {
      const all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach((option, i) => option.setAttribute("aria-selected", i === active ? "true" : "false"));
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      const entity = items[index];
      if (!entity) return;
      input.value = entity.name;
      close();
      onPick(entity);
    }

    async function run() {
      clearTimeout(timer);
      const query = input.value.trim();
      const mine = ++seq;
      if (!query) {
        close();
        return;
      }
      // No busy flag here: that flag says the drawing is being redrawn.
      try {
        const answer = await getJSON(apiUrl("entities", { q: query, limit: 8 }));
        if (mine !== seq) return;
        items = answer.items || [];
        list.replaceChildren();
        active = -1;
        input.removeAttribute("aria-activedescendant");
        if (!items.length) {
          const li = document.createElement("li");
          li.setAttribute("role", "option");
          li.setAttribute("aria-disabled", "true");
          li.setAttribute("aria-selected", "false");
          li.id = `${list.id}-none`;
          li.textContent = `Nothing found for “${query}”.`;
          list.append(li);
        }
        items.forEach((entity, index) => {
          state.names.set(entity.id, entity.name);
          const li = document.createElement("li");
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          li.id = `${list.id}-option-${index}`;
          li.dataset.id = entity.id;
          li.textContent = entity.name;
          const meta = document.createElement("span");
          meta.className = "meta";
          meta.textContent = ` ${entity.type}${entity.kind ? " · " + String(entity.kind).replace(/_/g, " ") : ""}`;
          li.append(meta);
          li.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the input
          li.addEventListener("click", () => choose(index));
          list.append(li);
        });
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        setStatus(`${items.length} match(es) for “${query}”.`);
      } catch (error) {
        if (mine === seq) setStatus(error.message, true);
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, SEARCH_DEBOUNCE_MS);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) {
          run();
          return;
        }
        setActive(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
        event.preventDefault();
        choose(active);
      }
    });
    // Leaving the search (not for its own button or list) closes the list.
    input.addEventListener("blur", () => setTimeout(() => { if (!input.form.contains(document.activeElement)) close(); }, 150));
    input.form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (active >= 0 && !list.hidden) choose(active);
      else run();
    });
    return { close, run };
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
    markWindow();
  }

  function readYears() {
    const from = $("year-from"), to = $("year-to");
    state.since = Number(from.value) > Number(from.min) ? Number(from.value) : null;
    state.until = Number(to.value) < Number(to.max) ? Number(to.value) : null;
  }

  function legendItem(shape, colour, text) {
    const li = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = `swatch shape-${shape}`;
    swatch.style.backgroundColor = colour;
    swatch.setAttribute("aria-hidden", "true");
    li.append(swatch, text);
    return li;
  }

  // The types by shape (and colour, unless coloured by community); then the communities in view.
  function updateLegend() {
    const legend = $("legend");
    const communities = byCommunity();
    legend.replaceChildren(...state.types.map((type) => {
      const s = styleOf(type);
      return legendItem(s.shape, communities ? PALETTE.noCommunity : s.color, `${type} (${s.shapeName})`);
    }));
    if (!communities) return;
    const inView = new Map();
    let other = false;
    cy.nodes().forEach((node) => {
      const metrics = node.data("metrics");
      if (!metrics || metrics.community === null || metrics.community === undefined) return;
      if (metrics.community < PALETTE.communities.length) inView.set(metrics.community, metrics.community_label);
      else other = true;
    });
    const heading = document.createElement("li");
    heading.textContent = "Communities (each named by its member of highest PageRank):";
    legend.append(heading);
    for (const [id, label] of [...inView].sort((a, b) => a[0] - b[0])) {
      const li = legendItem("ellipse", PALETTE.communities[id], label);
      li.dataset.community = String(id);
      legend.append(li);
    }
    if (other) legend.append(legendItem("ellipse", PALETTE.otherCommunity, "Smaller communities"));
    legend.append(legendItem("ellipse", PALETTE.noCommunity, "Not an actor (no community)"));
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
      box.addEventListener("change", () => { recordView(false); redraw(); });
      label.append(box, ` ${sector}`);
      holder.append(label);
    }
  }

  function setDrawer(open) {
    $("controls").classList.toggle("open", open);
    $("drawer-button").setAttribute("aria-expanded", open ? "true" : "false");
    if (open) $("drawer-close").focus();
  }

  async function init() {
    const search = combobox($("search-input"), $("search-results"), $("search-button"), (entity) => {
      pick(entity.id, entity.name);
    });
    const pathSearch = combobox($("path-input"), $("path-candidates"), $("path-search-button"), (entity) => {
      setDrawer(false);
      findPaths(entity.id, entity.name);
    });
    let sliderTimer = null;
    for (const id of ["year-from", "year-to"]) {
      const input = $(id);
      input.addEventListener("input", () => syncYears(input));
      // `change` comes when a drag ends, and at each arrow-key step: wait for the steps to stop.
      input.addEventListener("change", () => {
        syncYears(input);
        clearTimeout(sliderTimer);
        sliderTimer = setTimeout(() => {
          readYears();
          recordView(false);
          redraw();
        }, SLIDER_DEBOUNCE_MS);
      });
    }
    $("hide-undated").addEventListener("change", () => {
      state.hideUndated = $("hide-undated").checked;
      recordView(false);
      redraw();
    });
    $("depth").addEventListener("change", () => { recordView(false); redraw(); });
    $("size-by").addEventListener("change", () => { state.sizeBy = $("size-by").value; recordView(false); redraw(); });
    $("colour-by").addEventListener("change", () => { state.colourBy = $("colour-by").value; recordView(false); redraw(); });
    $("max-hops").addEventListener("change", () => { if (state.pathTo) { recordView(false); redraw(); } });
    $("reset-button").addEventListener("click", () => { search.close(); pathSearch.close(); reset(); });
    $("fit-button").addEventListener("click", () => { cy.fit(cy.elements(), FIT_PADDING); updateLabels(); });
    $("drawer-button").addEventListener("click", () => setDrawer(!$("controls").classList.contains("open")));
    $("drawer-close").addEventListener("click", () => { setDrawer(false); $("drawer-button").focus(); });
    $("sheet-close").addEventListener("click", () => $("details").classList.remove("open"));
    window.addEventListener("popstate", () => restoreFromUrl());
    syncYears(null);
    let vocabulary;
    try {
      [vocabulary, PALETTE] = await Promise.all([
        getJSON(new URL("explorer/assets/vocabulary.json", BASE)),
        getJSON(new URL("explorer/assets/palette.json", BASE)),
      ]);
    } catch (error) {
      vocabulary = { types: [], sectors: [] };
      setStatus(error.message, true);
    }
    cy.style(cyStyle());
    state.types = vocabulary.types;
    updateLegend();
    buildSectors(vocabulary.sectors);
    await restoreFromUrl();
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
    yearOf,
    updateLabels,
    relayout: () => layout(false, new Set()), // a first drawing's layout of what is drawn (benchmarks/explorer_layout.py)
    drawnEdgeIds: () => drawnEdges().map((e) => e.id()),
    get loads() { return state.loads; },
    // How long typing and slider steps must pause before the page asks the service (tests compare pauses to them).
    debounceMs: { search: SEARCH_DEBOUNCE_MS, slider: SLIDER_DEBOUNCE_MS },
  };

  init();
})();
