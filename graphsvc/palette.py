"""One palette for both tools: the explorer and Neo4j Browser.

Each node label has one colour here. The explorer reads it as JSON
(`GET /explorer/assets/palette.json`); `cypher/browser/style.grass` is
generated from it (`python -m graphsvc.palette` rewrites the file, and a unit
test checks the committed file is in step). Borders and caption colours are
derived from the fill, so a colour is written once.

The fills are the Okabe–Ito colours, which stay apart for people with the
common colour-vision deficiencies; the explorer also gives each type its own
shape, so type never rests on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from graphsvc.vocabulary import ENTITY_TYPES

GRASS_PATH: Final[Path] = Path(__file__).resolve().parent.parent / "cypher" / "browser" / "style.grass"


@dataclass(frozen=True)
class LabelStyle:
    """How nodes of one label are drawn."""

    colour: str  # fill, #RRGGBB
    shape: str  # Cytoscape.js node shape in the explorer
    shape_name: str  # the shape in words, for the legend
    diameter: int  # Browser's node diameter in px: larger for the actors people start from
    caption: str = "{name}"  # Browser's caption: a property in braces

    @property
    def border(self) -> str:
        return darken(self.colour, 0.3)

    @property
    def text(self) -> str:
        """The caption colour inside the node: black or white, whichever contrasts more with the fill."""
        return "#000000" if contrast(self.colour, "#000000") >= contrast(self.colour, "#FFFFFF") else "#FFFFFF"


# Every world entity also carries :Entity. Browser merges the rules of all of
# a node's labels in the order of the style sheet, and adds a rule (with a
# colour of its own) for any label the sheet lacks: so :Entity gets a neutral
# rule placed before the type rules, which then decide the colour.
ENTITY: Final[LabelStyle] = LabelStyle("#A5ABB6", "ellipse", "circle", 50)

TYPES: Final[dict[str, LabelStyle]] = {
    "State": LabelStyle("#0072B2", "round-rectangle", "rounded square", 80),
    "Organisation": LabelStyle("#D55E00", "ellipse", "circle", 65),
    "Person": LabelStyle("#CC79A7", "triangle", "triangle", 45),
    "Agreement": LabelStyle("#009E73", "diamond", "diamond", 55),
    "Event": LabelStyle("#E69F00", "star", "star", 50),
    "Programme": LabelStyle("#56B4E9", "hexagon", "hexagon", 55),
    "Place": LabelStyle("#F0E442", "tag", "tag", 45),
}
SOURCE: Final[LabelStyle] = LabelStyle("#D5D8DC", "rectangle", "square", 40, caption="{title}")

assert tuple(TYPES) == ENTITY_TYPES, "the palette styles exactly the model's entity types"

# The explorer's "colour by community": community n (0 = the largest, /analysis/communities) gets the
# n-th fill; the smaller ones beyond share OTHER_COMMUNITY, and non-actors (no community) NO_COMMUNITY.
# Paul Tol's "muted" scheme, then three of his "light" ones: distinct hues of similar weight, none
# close to the neutral greys.
COMMUNITY_COLOURS: Final[tuple[str, ...]] = (
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499",
    "#77AADD", "#EE8866", "#BBCC33",
)
OTHER_COMMUNITY: Final[str] = "#8C8C8C"
NO_COMMUNITY: Final[str] = "#E4E4E4"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def darken(colour: str, amount: float) -> str:
    r, g, b = (round(c * (1 - amount)) for c in _rgb(colour))
    return f"#{r:02X}{g:02X}{b:02X}"


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def explorer_palette() -> dict[str, object]:
    """What the explorer page reads: one entry per entity type, the neutral fallback, the community fills."""

    def entry(style: LabelStyle) -> dict[str, str]:
        return {"color": style.colour, "border": style.border, "text": style.text,
                "shape": style.shape, "shapeName": style.shape_name}

    return {
        "types": {label: entry(style) for label, style in TYPES.items()},
        "fallback": entry(ENTITY),
        "communities": list(COMMUNITY_COLOURS),
        "otherCommunity": OTHER_COMMUNITY,
        "noCommunity": NO_COMMUNITY,
    }


def _node_rule(selector: str, style: LabelStyle, font_size: int) -> str:
    return (
        f"{selector} {{\n"
        f"  color: {style.colour};\n"
        f"  border-color: {style.border};\n"
        f"  text-color-internal: {style.text};\n"
        f"  diameter: {style.diameter}px;\n"
        f"  font-size: {font_size}px;\n"
        f"  caption: '{style.caption}';\n"
        "}\n"
    )


def grass() -> str:
    """The Neo4j Browser style sheet (GraSS). Browser's parser has no comments, so none are written."""
    parts = [
        "node {\n  diameter: 50px;\n  color: #A5ABB6;\n  border-color: #9AA1AC;\n  border-width: 2px;\n"
        "  text-color-internal: #FFFFFF;\n  font-size: 10px;\n}\n",
        "relationship {\n  color: #A5ABB6;\n  shaft-width: 1px;\n  font-size: 8px;\n  padding: 3px;\n"
        "  text-color-external: #000000;\n  text-color-internal: #FFFFFF;\n  caption: '<type>';\n}\n",
        _node_rule("node.Entity", ENTITY, 10),
    ]
    for label, style in TYPES.items():
        parts.append(_node_rule(f"node.{label}", style, 12 if style.diameter >= 80 else 10 if style.diameter >= 60 else 9))
    parts.append(_node_rule("node.Source", SOURCE, 8))
    return "".join(parts)


def style_command() -> str:
    """The style as one `:style` command to paste into Browser's editor. It must be one line:
    Browser 5.24 accepts a multi-line `:style` but then fails to draw any graph."""
    return ":style " + " ".join(line.strip() for line in grass().splitlines() if line.strip())


def write_grass(path: Path = GRASS_PATH) -> Path:
    path.write_text(grass(), encoding="utf-8")
    return path


if __name__ == "__main__":
    import sys

    if "--command" in sys.argv[1:]:
        print(style_command())
    else:
        print(f"wrote {write_grass()}")
