"""The Neo4j Browser guide, built from the exploration queries.

The analysts' queries live one per file in `cypher/browser/guide/NN-<slug>.cypher`,
each with a header comment:

    // 05 Shortest paths between two states          <- number and title
    // Answers: every shortest chain of facts ...      <- what it answers (may wrap)
    // Parameters: $from, $to: State ids.              <- or "none; ..."
    // Example: :param from => 'state:kazakhstan'      <- one `:param` line per parameter
    //          :param to => 'state:hungary'              (or "(no :param needed)")

`build_guide()` turns them into the slide format Neo4j Browser plays with
`:play <url>` (`<article class="guide"><carousel><slide>…`), one slide per query,
its Cypher in a runnable block (click it to put it in the editor) and, for a
query with parameters, a runnable `:params {…}` block before it.
`write_guide()` writes `cypher/browser/guide.html`; `serve_guide()` serves it
with the CORS header Neo4j Browser needs to fetch a remote guide.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from graphsvc.settings import get_settings

GUIDE_FILE = "guide.html"
_FILE_NAME = re.compile(r"^(\d{2})-([a-z0-9-]+)\.cypher$")
_TITLE = re.compile(r"^//\s*(\d{2})\s+(.+)$")
_PARAM = re.compile(r":param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+?)\s*$")


@dataclass(frozen=True)
class GuideQuery:
    """One exploration query file, its header parsed."""

    path: Path
    number: str
    slug: str
    title: str
    answers: str
    parameters: str
    # name -> Cypher literal, as written after `:param name =>` in the header.
    example_params: dict[str, str] = field(default_factory=dict)
    # The statement without its header comment: what Browser runs.
    cypher: str = ""
    # The whole file, header included: also runs as it is in Browser.
    text: str = ""

    @property
    def params_command(self) -> str | None:
        """The Browser command that sets this query's example parameters, if it has any."""
        if not self.example_params:
            return None
        if len(self.example_params) == 1:
            ((name, value),) = self.example_params.items()
            return f":param {name} => {value}"
        pairs = ", ".join(f"{name}: {value}" for name, value in self.example_params.items())
        return f":params {{{pairs}}}"


def guide_dir() -> Path:
    return get_settings().cypher_dir / "browser" / "guide"


def parse_query_file(path: Path) -> GuideQuery:
    """Read one `NN-<slug>.cypher` file; raise ValueError naming the file when its header is malformed."""
    match = _FILE_NAME.match(path.name)
    if not match:
        raise ValueError(f"{path}: guide query files are named NN-<slug>.cypher")
    number, slug = match.groups()
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    header: list[str] = []
    for line in lines:
        if not line.startswith("//"):
            break
        header.append(line)
    body = "\n".join(lines[len(header):]).strip()
    if not header or not body:
        raise ValueError(f"{path}: needs a `//` header and a statement")
    title_match = _TITLE.match(header[0])
    if not title_match or title_match.group(1) != number:
        raise ValueError(f"{path}:1: the first line must be `// {number} <title>`")

    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in header[1:]:
        content = line[2:].strip()
        label = re.match(r"^(Answers|Parameters|Example):\s*(.*)$", content)
        if label:
            current = label.group(1).lower()
            sections[current] = [label.group(2)]
        elif current is not None:
            sections[current].append(content)
    for required in ("answers", "parameters", "example"):
        if required not in sections:
            raise ValueError(f"{path}: header has no `{required.capitalize()}:` line")
    params: dict[str, str] = {}
    for line in sections["example"]:
        param = _PARAM.search(line)
        if param:
            params[param.group(1)] = param.group(2)
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", body))
    if used != set(params):
        raise ValueError(
            f"{path}: the statement uses parameters {sorted(used)} but the header gives examples for {sorted(params)}"
        )
    return GuideQuery(
        path=path,
        number=number,
        slug=slug,
        title=title_match.group(2).strip(),
        answers=" ".join(sections["answers"]).strip(),
        parameters=" ".join(sections["parameters"]).strip(),
        example_params=params,
        cypher=body,
        text=text,
    )


def guide_queries(directory: Path | None = None) -> list[GuideQuery]:
    """Every guide query, in file-name order."""
    directory = directory or guide_dir()
    return [parse_query_file(path) for path in sorted(directory.glob("*.cypher"))]


def _inline(text: str) -> str:
    """Escape prose from a header; `code` in backticks becomes <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def _runnable(code: str) -> str:
    return f'<pre class="pre-scrollable code runnable">{html.escape(code, quote=False)}</pre>'


def _intro_slide(queries: list[GuideQuery]) -> str:
    items = "\n".join(
        f"          <li>{html.escape(q.number)} {html.escape(q.title)}</li>" for q in queries
    )
    return f"""    <slide class="row-fluid">
      <div class="col-sm-3">
        <h3>Actors of Turkic cooperation</h3>
        <p class="lead">A knowledge graph of states, organisations, people, agreements, events,
        programmes and places; every relationship cites its sources with verbatim excerpts.</p>
      </div>
      <div class="col-sm-9">
        <p>Each slide holds one ready query: click it to put it in the editor, then run it
        (Ctrl+Enter). A query with parameters has a <code>:param</code> block first: run that once.
        Click a node or a relationship in a graph result to see its properties: on a relationship,
        <code>sources</code>, <code>excerpts</code> and <code>locators</code> are parallel lists, the
        evidence of the fact.</p>
        <p>Colours and captions: drag <code>cypher/browser/style.grass</code> onto Browser
        (or run <code>:style</code> and drop it on the style frame).</p>
        <ol>
{items}
        </ol>
      </div>
    </slide>"""


def _query_slide(query: GuideQuery) -> str:
    blocks = []
    blocks.append(f"        <p>Parameters: {_inline(query.parameters)}</p>")
    if query.params_command:
        blocks.append(f"        {_runnable(query.params_command)}")
    blocks.append(f"        {_runnable(query.cypher)}")
    blocks.append(f"        <p><small>File: <code>cypher/browser/guide/{html.escape(query.path.name)}</code></small></p>")
    body = "\n".join(blocks)
    return f"""    <slide class="row-fluid">
      <div class="col-sm-3">
        <h3>{html.escape(query.number)} {html.escape(query.title)}</h3>
        <p class="lead">{_inline(query.answers[:1].upper() + query.answers[1:])}</p>
      </div>
      <div class="col-sm-9">
{body}
      </div>
    </slide>"""


def build_guide(directory: Path | None = None) -> str:
    """The Browser guide (HTML slides) for every query in `cypher/browser/guide/`."""
    queries = guide_queries(directory)
    slides = "\n".join([_intro_slide(queries), *(_query_slide(q) for q in queries)])
    return (
        "<!-- Generated by graphsvc/browser_guide.py from cypher/browser/guide/*.cypher: "
        "edit the query files, then run `graphsvc browser-guide`. -->\n"
        '<article class="guide">\n'
        '  <carousel class="deck container-fluid">\n'
        f"{slides}\n"
        "  </carousel>\n"
        "</article>\n"
    )


def guide_path() -> Path:
    return get_settings().cypher_dir / "browser" / GUIDE_FILE


def write_guide(path: Path | None = None) -> Path:
    """Write the guide to `cypher/browser/guide.html` (or `path`); return where it went."""
    path = path or guide_path()
    path.write_text(build_guide(), encoding="utf-8")
    return path


class _CorsHandler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # Neo4j Browser fetches remote guides cross-origin.
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


def serve_guide(port: int = 8001, host: str = "localhost") -> None:
    """Serve `cypher/browser/` so Browser can `:play http://localhost:<port>/guide.html`.

    `localhost` is in Neo4j's default `browser.remote_content_hostname_allowlist`.
    Runs until interrupted.
    """
    path = write_guide()
    handler = partial(_CorsHandler, directory=str(path.parent))
    with ThreadingHTTPServer((host, port), handler) as server:
        print(f"In Neo4j Browser run:  :play http://{host}:{port}/{GUIDE_FILE}   (Ctrl+C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
