"""Many strings kept compactly, for the arrays read once per graph version (reach.py, rosters.py).

A str object costs some 60 bytes besides its characters, and those arrays
name a hundred thousand entities and more on a large graph: kept as one UTF-8
buffer and its offsets, they take a third of that or less, and each string is
decoded when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt


class Texts:
    """Strings (or None) kept as one UTF-8 buffer and where each starts, decoded one at a time (`[i]`, `get`)
    or many at once (`many`). `get` tells None from "" (a node without a name is not a node named "")."""

    def __init__(self, texts: Iterable[str | None]) -> None:
        encoded: list[bytes] = []
        missing: list[int] = []
        for text in texts:
            if text is None:
                missing.append(len(encoded))
            encoded.append(b"" if text is None else text.encode())
        self._buffer = b"".join(encoded)
        self._starts = np.zeros(len(encoded) + 1, dtype=np.int32 if len(self._buffer) < 2**31 else np.int64)
        np.cumsum(np.fromiter((len(text) for text in encoded), dtype=np.int64, count=len(encoded)),
                  out=self._starts[1:])
        self._missing = frozenset(missing)

    def __getitem__(self, index: int) -> str:
        """The string at `index` ("" for None)."""
        return self._buffer[self._starts[index]:self._starts[index + 1]].decode()

    def get(self, index: int) -> str | None:
        """The string at `index`, None where None was given."""
        return None if index in self._missing else self[index]

    @property
    def missing(self) -> frozenset[int]:
        """Where None was given (`many` gives "" there)."""
        return self._missing

    def many(self, indices: npt.NDArray[np.int64]) -> list[str]:
        """The strings at `indices` ("" for None), each decoded once: thousands at a time, without indexing numpy
        per string."""
        buffer = self._buffer
        return [buffer[start:end].decode()
                for start, end in zip(self._starts[indices].tolist(), self._starts[indices + 1].tolist(), strict=True)]

    def __len__(self) -> int:
        return self._starts.size - 1

    @property
    def nbytes(self) -> int:
        return len(self._buffer) + int(self._starts.nbytes)
