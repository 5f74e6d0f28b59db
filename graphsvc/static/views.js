/* What the explorer's pages share: fetching the API (waiting when it says a computation is under way),
 * citations of evidence, and downloads of a drawing (SVG, PNG) or a table (CSV). */
(function () {
  "use strict";

  async function getJSON(url, attempts) {
    for (let attempt = 0; ; attempt += 1) {
      let response;
      try {
        response = await fetch(url, { headers: { Accept: "application/json" } });
      } catch (error) {
        throw new Error("The service cannot be reached.");
      }
      const body = await response.json().catch(() => null);
      // 503 with Retry-After: a long computation goes on in the background; ask again when told.
      const retry = Number(response.headers.get("Retry-After"));
      if (response.status === 503 && retry > 0 && attempt < (attempts || 0)) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(retry, 10) * 1000));
        continue;
      }
      if (!response.ok) {
        const error = new Error((body && (body.detail || body.title)) || `The service answered ${response.status}.`);
        error.status = response.status;
        error.type = (body && body.type) || null; // the problem type, e.g. ".../analysis-in-progress"
        error.retryAfter = retry > 0 ? retry : null;
        throw error;
      }
      return body;
    }
  }

  // "Author (year), Title" from the source's record; the evidence's own short citation, or the source id.
  function citationText(item, source) {
    const short = (source && source.citation) || item.citation;
    const title = source && source.title;
    if (short && title) return `${short}, ${title}`;
    if (short) return short;
    if (title) return title;
    return `Source: ${item.source}`;
  }

  function whereText(locator) {
    if (!locator) return "not given";
    if (typeof locator === "string") return locator;
    const parts = [];
    if (locator.section) parts.push(`section “${locator.section}”`);
    if (locator.paragraph !== undefined && locator.paragraph !== null) parts.push(`paragraph ${locator.paragraph}`);
    if (locator.start != null && locator.end != null) parts.push(`characters ${locator.start}–${locator.end}`);
    return parts.join(", ") || "not given";
  }

  function sourceLink(source) {
    if (source && source.url) return source.url;
    if (source && source.doi) return `https://doi.org/${source.doi}`;
    return null;
  }

  const sources = new Map();
  function sourceRecord(base, id) {
    if (!sources.has(id)) {
      sources.set(id, getJSON(new URL(`sources/${encodeURIComponent(id)}`, base)).catch(() => null));
    }
    return sources.get(id);
  }

  function download(link, name, blob) {
    const url = URL.createObjectURL(blob);
    link.href = url;
    link.download = name;
  }

  function svgBlob(svg) {
    const copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    return new Blob([new XMLSerializer().serializeToString(copy)], { type: "image/svg+xml" });
  }

  function pngBlob(svg) {
    return new Promise((resolve, reject) => {
      const image = new Image();
      const url = URL.createObjectURL(svgBlob(svg));
      image.onload = () => {
        const canvas = document.createElement("canvas");
        const box = svg.viewBox.baseVal;
        canvas.width = (box && box.width) || svg.clientWidth;
        canvas.height = (box && box.height) || svg.clientHeight;
        const context = canvas.getContext("2d");
        context.fillStyle = "#fff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(resolve, "image/png");
      };
      image.onerror = reject;
      image.src = url;
    });
  }

  function csvBlob(rows) {
    const cell = (value) => {
      const text = value === null || value === undefined ? "" : String(value);
      return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    return new Blob([rows.map((row) => row.map(cell).join(",")).join("\n") + "\n"], { type: "text/csv" });
  }

  window.graphsvcViews = { getJSON, citationText, whereText, sourceLink, sourceRecord, download, svgBlob, pngBlob, csvBlob };
})();
