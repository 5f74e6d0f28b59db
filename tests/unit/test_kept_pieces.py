"""A kept answer's JSON text cut into pieces (graphsvc/kept_answers.py): joined, the pieces are the text byte
for byte; each holds at most its bytes, and whole characters only (Neo4j keeps strings)."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphsvc.kept_answers import json_pieces


@given(text=st.text(), piece_bytes=st.integers(min_value=4, max_value=64))
def test_pieces_join_to_the_text_each_within_its_bytes(text: str, piece_bytes: int) -> None:
    encoded = orjson.dumps(text)  # the service's JSON writer: characters of 1 to 4 bytes as they are
    pieces = json_pieces(encoded, piece_bytes)
    assert "".join(pieces).encode() == encoded
    assert all(0 < len(piece.encode()) <= piece_bytes for piece in pieces)


def test_a_cut_falls_before_a_character_rather_than_inside_it() -> None:
    # "ü" is 2 bytes: 4 bytes would end inside it, so the first piece stops before it
    assert json_pieces('"Tuü"'.encode(), 4) == ['"Tu', 'ü"']
    assert json_pieces("ab𝄞".encode(), 4) == ["ab", "𝄞"]


def test_pieces_smaller_than_a_character_are_refused() -> None:
    with pytest.raises(ValueError):
        json_pieces(b"{}", 3)
