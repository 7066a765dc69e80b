"""The hand-checked gold: the seed sheets (evals/data/seed_sheets.jsonl, copied from shared/gold) and the
real-world dev set (evals/data/realworld/rwNN.json + labels.jsonl, copied from shared/realworld).

Both load as `GoldSheet`s of one shape, so every eval reads them the same way. A real-world sheet's
`row` is mapped onto the seed gold's fields (funds in 元, `funds_unit` "元"); its `truncated` flag says
the stored page ends mid-table (the gold then covers only the rows present).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.schema import Funding, Indicator, Sheet

DATA_DIR = Path(__file__).resolve().parent / "data"
GOLD_PATH = DATA_DIR / "seed_sheets.jsonl"
REALWORLD_DIR = DATA_DIR / "realworld"


@dataclass(frozen=True)
class GoldIndicator:
    level1: str
    level2: str
    name: str
    value: str
    measurable: bool
    misplaced: bool
    better_level2: str | None


@dataclass(frozen=True)
class GoldSheet:
    seed_file: str
    index_in_file: int
    row: dict
    indicators: tuple[GoldIndicator, ...]
    truncated: bool = False

    @property
    def key(self) -> tuple[str, int]:
        return self.seed_file, self.index_in_file

    def to_sheet(self) -> Sheet:
        """The gold as a Sheet: what a perfect parser would produce (used to test critique alone)."""
        r = self.row
        scale = 10000.0 if r["funds_unit"] == "万元" else 1.0

        def money(x: float | None) -> float | None:
            return None if x is None else round(x * scale, 2)

        return Sheet(
            id=f"{Path(self.seed_file).stem}#{self.index_in_file}",
            project_name=r["project_name"],
            year=r["year"],
            department=r["department"],
            implementing_unit=r["implementing_unit"],
            project_type=r["project_type"],
            start_date=r["start_date"],
            end_date=r["end_date"],
            funds=Funding(
                total=money(r["total_funds"]),
                fiscal=money(r["fiscal_funds"]),
                other=money(r["other_funds"]),
                unit_as_written=r["funds_unit"],
            ),
            overall_goal=r["overall_goal"],
            annual_goal=r["annual_goal"],
            indicators=[
                Indicator.model_validate(
                    {
                        "level1": i["level1"],
                        "level2": i["level2"],
                        "name": i["name"],
                        "description": i["description"],
                        "value": i["value"],
                    }
                )
                for i in r["indicators"]
            ],
            source_file=self.seed_file,
            source_index=self.index_in_file,
        )


def _indicators(rows: list[dict]) -> tuple[GoldIndicator, ...]:
    return tuple(
        GoldIndicator(
            level1=i["level1"],
            level2=i["level2"],
            name=i["name"],
            value=i["value"],
            measurable=i["measurable"],
            misplaced=i["misplaced"],
            better_level2=i["better_level2"],
        )
        for i in rows
    )


@cache
def load_gold(path: Path = GOLD_PATH) -> tuple[GoldSheet, ...]:
    sheets = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            sheets.append(
                GoldSheet(row["seed_file"], row["index_in_file"], row, _indicators(row["indicators"]))
            )
    return tuple(sheets)


@cache
def load_realworld(folder: Path = REALWORLD_DIR) -> tuple[GoldSheet, ...]:
    """The real-world dev set, one GoldSheet per rwNN.json (page rwNN.txt, the first sheet on it)."""
    labels: dict[str, list[dict]] = {}
    labels_path = folder / "labels.jsonl"
    if labels_path.exists():
        for line in labels_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                label = json.loads(line)
                labels.setdefault(label["sheet"].split()[0], []).append(label)
    sheets = []
    for path in sorted(folder.glob("rw*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        own = labels.get(path.stem, [])
        indicators = []
        for k, i in enumerate(raw["indicators"]):
            label = own[k] if k < len(own) and own[k]["name"] == i["name"] else {}
            indicators.append(
                {
                    "level1": i["level1"] or "",
                    "level2": i["level2"] or "",
                    "name": i["name"],
                    "description": None,
                    "value": i["value"] or "",
                    "measurable": label.get("measurable", False),
                    "misplaced": label.get("misplaced", False),
                    "better_level2": label.get("better_level2"),
                }
            )
        row = {
            "seed_file": f"{path.stem}.txt",
            "index_in_file": 1,
            "project_name": raw["project_name"],
            "year": raw["year"],
            "department": raw["department"],
            "implementing_unit": raw["implementing_unit"],
            "project_type": None,
            "start_date": None,
            "end_date": None,
            "funds_unit": "元",
            "total_funds": raw["total_funds_yuan"],
            "fiscal_funds": None,
            "other_funds": None,
            "overall_goal": raw.get("overall_goal"),
            "annual_goal": raw.get("annual_goal"),
            "indicators": indicators,
            "source_url": raw.get("source_url"),
            "notes": raw.get("notes"),
        }
        gold = _indicators(indicators)
        sheets.append(GoldSheet(row["seed_file"], 1, row, gold, truncated=bool(raw.get("truncated"))))
    return tuple(sheets)
