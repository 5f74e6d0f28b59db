"""The palette is the one source of the node colours: the committed Neo4j
Browser style sheet is generated from it, and the explorer reads it."""

from __future__ import annotations

import re

from graphsvc import palette
from graphsvc.vocabulary import ENTITY_TYPES


def test_committed_style_grass_is_generated_from_the_palette() -> None:
    assert palette.GRASS_PATH.read_text(encoding="utf-8") == palette.grass(), (
        "cypher/browser/style.grass is stale; run `python -m graphsvc.palette`"
    )


def test_entity_rule_comes_before_every_type_rule() -> None:
    """Browser merges a node's label rules in sheet order: the later type rule must win over :Entity."""
    selectors = re.findall(r"^(\S+) \{", palette.grass(), re.M)
    assert selectors[:3] == ["node", "relationship", "node.Entity"]
    assert selectors[3:] == [f"node.{t}" for t in ENTITY_TYPES] + ["node.Source"]


def test_each_type_has_its_own_colour_and_shape_and_a_readable_caption() -> None:
    styles = list(palette.TYPES.values())
    assert len({s.colour for s in styles} | {palette.SOURCE.colour, palette.ENTITY.colour}) == len(styles) + 2
    assert len({s.shape for s in styles}) == len(styles)
    for style in [*styles, palette.SOURCE, palette.ENTITY]:
        assert palette.contrast(style.colour, style.text) >= 4.5, style


def test_explorer_palette_names_every_type() -> None:
    answer = palette.explorer_palette()
    assert list(answer["types"]) == list(ENTITY_TYPES)  # type: ignore[call-overload]
    assert answer["types"]["State"]["color"] == palette.TYPES["State"].colour  # type: ignore[index]


def test_community_fills_are_distinct_and_apart_from_the_greys() -> None:
    fills = [*palette.COMMUNITY_COLOURS, palette.OTHER_COMMUNITY, palette.NO_COMMUNITY]
    assert len(set(fills)) == len(fills)
    answer = palette.explorer_palette()
    assert answer["communities"] == list(palette.COMMUNITY_COLOURS)
    # every fill keeps a node's border (the palette's darkened fill) visible against the white canvas
    assert all(palette.contrast(palette.darken(fill, 0.3), "#FFFFFF") >= 1.5 for fill in fills)
