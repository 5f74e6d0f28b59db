/* An actor's timeline: dated facts per year by kind, from GET /cooperation/{id}/timeline
 * ({"actor", "partner", "years": [{"year", "parts": {kind: count}, "facts": [edge id]}], "undated"}),
 * as stacked bars, with the same numbers as a table; exportable as SVG, PNG and CSV. */
(function () {
  "use strict";

  const V = window.graphsvcViews;
  const BASE = new URL("..", window.location.href);
  const $ = (id) => document.getElementById(id);
  const NS = "http://www.w3.org/2000/svg";
  // Okabe–Ito, as the palette: one colour per kind, in order of first appearance.
  const KIND_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];
  const state = { answer: null, kinds: [], loads: 0 };

  function draw(answer) {
    const years = answer.years || [];
    const kinds = [...new Set(years.flatMap((y) => Object.keys(y.parts || {})))];
    state.kinds = kinds;
    const svg = $("timeline");
    svg.replaceChildren();
    const barWidth = 22, height = 260, left = 36, bottom = 40;
    const first = years.length ? years[0].year : 0, last = years.length ? years[years.length - 1].year : 0;
    const span = years.length ? last - first + 1 : 0;
    const width = left + span * barWidth + 10;
    svg.setAttribute("viewBox", `0 0 ${width} ${height + bottom}`);
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height + bottom));
    const most = Math.max(1, ...years.map((y) => Object.values(y.parts || {}).reduce((a, b) => a + b, 0)));
    for (const entry of years) {
      const x = left + (entry.year - first) * barWidth;
      let y = height;
      kinds.forEach((kind, k) => {
        const count = (entry.parts || {})[kind] || 0;
        if (!count) return;
        const h = (count / most) * (height - 10);
        y -= h;
        const rect = document.createElementNS(NS, "rect");
        rect.setAttribute("x", String(x + 2));
        rect.setAttribute("y", String(y));
        rect.setAttribute("width", String(barWidth - 4));
        rect.setAttribute("height", String(h));
        rect.setAttribute("fill", KIND_COLOURS[k % KIND_COLOURS.length]);
        rect.dataset.year = String(entry.year);
        rect.dataset.kind = kind;
        rect.dataset.count = String(count);
        const title = document.createElementNS(NS, "title");
        title.textContent = `${entry.year}, ${kind.replace(/_/g, " ")}: ${count}`;
        rect.append(title);
        svg.append(rect);
      });
      if ((entry.year - first) % 5 === 0 || entry.year === last) {
        const t = document.createElementNS(NS, "text");
        t.setAttribute("x", String(x + barWidth / 2));
        t.setAttribute("y", String(height + 16));
        t.setAttribute("font-size", "11");
        t.setAttribute("text-anchor", "middle");
        t.textContent = String(entry.year);
        svg.append(t);
      }
    }
    const legend = $("timeline-legend");
    legend.replaceChildren(...kinds.map((kind, k) => {
      const li = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.backgroundColor = KIND_COLOURS[k % KIND_COLOURS.length];
      swatch.setAttribute("aria-hidden", "true");
      li.append(swatch, kind.replace(/_/g, " "));
      return li;
    }));
    const table = $("timeline-table");
    table.querySelectorAll("tr").forEach((tr) => tr.remove());
    const head = document.createElement("tr");
    for (const text of ["Year", ...kinds.map((k) => k.replace(/_/g, " "))]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      head.append(th);
    }
    table.append(head);
    for (const entry of years) {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = String(entry.year);
      tr.append(th, ...kinds.map((kind) => {
        const td = document.createElement("td");
        td.textContent = String((entry.parts || {})[kind] || 0);
        return td;
      }));
      table.append(tr);
    }
    const total = years.reduce((sum, y) => sum + Object.values(y.parts || {}).reduce((a, b) => a + b, 0), 0);
    $("timeline-caption").textContent = `${total} dated facts${years.length ? `, ${first}–${last}` : ""}; ${answer.undated || 0} undated.`;
    V.download($("download-svg"), "timeline.svg", V.svgBlob(svg));
    V.pngBlob(svg).then((blob) => V.download($("download-png"), "timeline.png", blob));
    const rows = [["year", ...kinds]].concat(years.map((y) => [y.year, ...kinds.map((k) => (y.parts || {})[k] || 0)]));
    V.download($("download-csv"), "timeline.csv", V.csvBlob(rows));
  }

  async function load() {
    const actor = $("timeline-actor").value.trim();
    const partner = $("timeline-partner").value.trim();
    const url = new URL(`cooperation/${encodeURIComponent(actor)}/timeline`, BASE);
    if (partner) url.searchParams.set("partner", partner);
    document.body.dataset.busy = "true";
    $("status").textContent = "Loading…";
    try {
      state.answer = await V.getJSON(url, 6);
      draw(state.answer);
      $("status").textContent = `Timeline of ${actor}${partner ? ` with ${partner}` : ""}.`;
      const page = new URL(window.location.href);
      page.searchParams.set("actor", actor);
      if (partner) page.searchParams.set("partner", partner);
      else page.searchParams.delete("partner");
      window.history.replaceState(null, "", page);
    } catch (error) {
      $("status").textContent = error.status === 404 && /not found|Not Found/.test(error.message)
        ? `No timeline: ${error.message} (the service needs GET /cooperation/{id}/timeline).`
        : error.message;
      $("status").classList.add("error");
    } finally {
      document.body.dataset.busy = "false";
      state.loads += 1;
    }
  }

  const params = new URLSearchParams(window.location.search);
  if (params.get("actor")) $("timeline-actor").value = params.get("actor");
  if (params.get("partner")) $("timeline-partner").value = params.get("partner");
  $("timeline-form").addEventListener("submit", (event) => { event.preventDefault(); $("status").classList.remove("error"); load(); });
  window.timelineView = { state, get loads() { return state.loads; } };
  load().then(() => { document.body.dataset.ready = "true"; });
})();
