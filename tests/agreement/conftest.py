from __future__ import annotations

import numpy as np
import pytest

from annotator.agreement import DocUnits

LABELS = ("HEDGE", "SRC")


def random_docs(seed: int, n_docs: int = 12, coders: int = 3, spans: int = 6,
                missing: float = 0.0, tokens: int = 40) -> list[DocUnits]:
    """Small random documents: tokens of 1-6 characters, noisy copies of a reference."""
    rng = np.random.default_rng(seed)
    names = [f"c{i}" for i in range(coders)]
    docs = []
    for d in range(n_docs):
        lens = rng.integers(1, 7, size=tokens)
        ends = np.cumsum(lens + 1) - 1
        starts = ends - lens
        length = int(ends[-1]) + 1
        ref = [(int(s), int(s + rng.integers(1, 15)), LABELS[rng.integers(0, 2)])
               for s in rng.integers(0, length - 16, size=spans)]
        per = {}
        for name in names:
            if rng.random() < missing:
                continue
            mine = []
            for s, e, lab in ref:
                if rng.random() < 0.15:
                    continue
                s2 = max(0, s + int(rng.integers(-2, 3))) if rng.random() < 0.3 else s
                e2 = e + int(rng.integers(-2, 3)) if rng.random() < 0.3 else e
                e2 = max(e2, s2 + 1)
                lab2 = LABELS[1 - LABELS.index(lab)] if rng.random() < 0.1 else lab
                mine.append((s2, min(e2, length), lab2))
            if rng.random() < 0.3:
                s = int(rng.integers(0, length - 5))
                mine.append((s, s + 4, LABELS[0]))
            per[name] = mine
        docs.append(DocUnits(f"d{d}", length, starts.tolist(), ends.tolist(), per))
    return docs


@pytest.fixture
def docs3() -> list[DocUnits]:
    return random_docs(1)
