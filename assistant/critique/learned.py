"""Name-ending cues learned from labelled sheets: which 二级 a name ending like "及时率" belongs to.

Learned from gold labels (the 二级 where each labelled row belongs: its own when it is filed right,
`better_level2` when a reviewer moved it), not from one sheet's wording: an ending is kept only when
rows of at least `min_sheets` different sheets carry it and `min_purity` of them agree on the 二级.
The shipped table (assistant/data/learned_endings.json) is written by
`python -m evals category --write-endings` from the seed and realworld gold together; the evals
retrain it per fold so an ending is never scored on a sheet it was learned from.

The classifier reads it as one more vote when it predicts where a row belongs (the target 二级 of a
move, the 二级 of a row that has none); it never claims a row is misfiled on its own.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

DATA_FILE = "learned_endings.json"
ENDING_SIZES = (4, 3, 2)  # longest first: the most specific ending that is known decides
MIN_SHEETS = 3
MIN_PURITY = 0.8


@dataclass(frozen=True)
class Ending:
    level2: str
    purity: float  # share of the rows with this ending that belong to level2
    sheets: int  # how many sheets the rows come from


@dataclass(frozen=True)
class LearnedEndings:
    endings: dict[str, Ending]

    @classmethod
    def train(
        cls,
        examples: Iterable[tuple[str, str, str]],
        min_sheets: int = MIN_SHEETS,
        min_purity: float = MIN_PURITY,
    ) -> LearnedEndings:
        """examples: (sheet key, normalised name, the 二级 the row belongs in)."""
        rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        sheets: dict[str, set[str]] = defaultdict(set)
        for sheet, name, level2 in examples:
            for size in ENDING_SIZES:
                if len(name) > size:
                    ending = name[-size:]
                    rows[ending][level2] += 1
                    sheets[ending].add(sheet)
        kept: dict[str, Ending] = {}
        for ending, counts in rows.items():
            level2, best = max(counts.items(), key=lambda kv: kv[1])
            purity = best / sum(counts.values())
            if len(sheets[ending]) >= min_sheets and purity >= min_purity:
                kept[ending] = Ending(level2, round(purity, 3), len(sheets[ending]))
        return cls(kept)

    def lookup(self, name: str) -> tuple[str, Ending] | None:
        """The longest known ending of a name, with what it says."""
        for size in ENDING_SIZES:
            if len(name) > size and (found := self.endings.get(name[-size:])) is not None:
                return name[-size:], found
        return None

    def to_json(self, about: str) -> str:
        table = {k: [e.level2, e.purity, e.sheets] for k, e in sorted(self.endings.items())}
        return json.dumps({"about": about, "endings": table}, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LearnedEndings:
        data = json.loads(text)
        return cls({k: Ending(v[0], float(v[1]), int(v[2])) for k, v in data["endings"].items()})


def data_path() -> Path:
    return Path(str(files("assistant") / "data" / DATA_FILE))


@lru_cache(maxsize=1)
def shipped_endings() -> LearnedEndings | None:
    """The table learned from the gold sets, or None when it has not been written."""
    path = data_path()
    if not path.exists():
        return None
    return LearnedEndings.from_json(path.read_text(encoding="utf-8"))
