"""The lexical index beside Chroma: BM25 (bm25s) on character uni+bigrams, for sheets and indicators.

Chroma 1.5 has no local sparse search (research/tech.md §5), so this index lives next to it. It
also keeps a small table per indicator (sheet, 二级, measurable, year, name key) so filters,
leave-one-out exclusion and de-duplication by name are array operations, not metadata lookups.

Why BM25 on char 1–2-grams: measured on the seeds' leave-one-out task (evals/retrieval.py) it
tied TF-IDF char 1–3 at the indicator level and led at the sheet level (R@20 0.399 vs 0.384 in the
two-level ranking), and bm25s builds and persists it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
from scipy import sparse

from assistant.retrieval.documents import IndicatorRecord, SheetRecord
from assistant.text import name_key, segment_ngrams

NGRAMS = (1, 2)
FORMAT_VERSION = 2
NO_YEAR = -1


class FastBM25(bm25s.BM25):
    """bm25s, scored by a SciPy sparse product over the query terms' columns.

    bm25s' numpy fallback calls `np.add.at` once per query term; a project's goals give ~150
    distinct n-grams whose postings cover millions of entries at 100k indicators. Slicing the
    term columns of a CSC matrix and multiplying by the term counts gives the same scores ~10×
    faster (measured: 25 ms → 2.6 ms per long query at 100k indicators).
    """

    _matrix: sparse.csc_matrix | None = None

    def _csc(self) -> sparse.csc_matrix:
        if self._matrix is None:
            scores = self.scores
            self._matrix = sparse.csc_matrix(
                (scores["data"], scores["indices"], scores["indptr"]),
                shape=(int(scores["num_docs"]), len(scores["indptr"]) - 1),
            )
        return self._matrix

    def get_scores_from_ids(
        self, query_tokens_ids: list[int], weight_mask: np.ndarray | None = None
    ) -> np.ndarray:
        # A term repeated in the query counts once per repeat, as in bm25s.
        ids, repeats = np.unique(np.asarray(query_tokens_ids, dtype=np.int64), return_counts=True)
        num_docs = int(self.scores["num_docs"])
        if ids.size == 0:
            return np.zeros(num_docs, dtype=np.float32)
        scores = np.asarray(self._csc()[:, ids] @ repeats.astype(np.float32), dtype=np.float32)
        if self.nonoccurrence_array is not None:
            scores += self.nonoccurrence_array[ids] @ repeats
        if weight_mask is not None:
            scores *= weight_mask
        return scores


def tokens(text: str) -> list[str]:
    return segment_ngrams(text, NGRAMS)


def _bm25(texts: Iterable[str]) -> FastBM25 | None:
    corpus = [tokens(text) or [""] for text in texts]
    if not corpus:
        return None
    model = FastBM25()
    model.index(corpus, show_progress=False)
    return model


def _scores(model: FastBM25 | None, query_tokens: Sequence[str], size: int) -> np.ndarray:
    if model is None or size == 0:
        return np.zeros(size, dtype=np.float32)
    known = [t for t in query_tokens if t in model.vocab_dict]
    if not known:
        return np.zeros(size, dtype=np.float32)
    return model.get_scores(known)


@dataclass
class IndicatorTable:
    """One row per indexed indicator, aligned with the BM25 document order."""

    keys: list[str]
    sheet_row: np.ndarray  # int32, row in the sheet table
    level2: np.ndarray  # int16 code into `level2_names`
    level2_names: list[str]
    measurable: np.ndarray  # bool
    year: np.ndarray  # int16, NO_YEAR when unknown
    name: np.ndarray  # int32 code: equal codes = same normalised name


@dataclass
class SheetTable:
    keys: list[str]
    sheet_ids: list[str]
    year: np.ndarray


class LexicalIndex:
    def __init__(
        self,
        sheets: SheetTable,
        indicators: IndicatorTable,
        sheet_bm25: FastBM25 | None,
        indicator_bm25: FastBM25 | None,
        generation: int = 0,
        name_keys: list[str] | None = None,
        texts: tuple[list[str], list[str]] | Path | None = None,
    ) -> None:
        self.sheets = sheets
        self.indicators = indicators
        self.sheet_bm25 = sheet_bm25
        self.indicator_bm25 = indicator_bm25
        self.generation = generation
        self.name_keys = name_keys or []  # name code → normalised name
        # The indexed texts (sheet texts, indicator texts), or the file holding them: kept so an
        # update rebuilds from here instead of reading every document back from Chroma.
        self._texts = texts
        for model in (sheet_bm25, indicator_bm25):
            if model is not None:
                model._csc()  # built now, so the first query is as fast as the others
        self._sheet_index = {key: row for row, key in enumerate(sheets.keys)}
        self._indicator_index = {key: row for row, key in enumerate(indicators.keys)}
        # CSR from sheet row to its indicator rows (rows are grouped per sheet, but not assumed so).
        order = np.argsort(indicators.sheet_row, kind="stable")
        counts = np.bincount(indicators.sheet_row, minlength=len(sheets.keys))
        self._by_sheet = order.astype(np.int64)
        self._by_sheet_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    # --- building ---------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        sheets: Iterable[SheetRecord],
        indicators: Iterable[IndicatorRecord],
        generation: int = 0,
    ) -> LexicalIndex:
        sheet_list = list(sheets)
        row_of = {record.key: row for row, record in enumerate(sheet_list)}
        # An indicator whose sheet row is missing is a leftover of an interrupted write: skip it.
        indicator_list = [r for r in indicators if r.metadata.get("sheet_key") in row_of]
        level2_names = sorted({str(r.metadata.get("level2", "")) for r in indicator_list})
        level2_code = {name: code for code, name in enumerate(level2_names)}
        name_code: dict[str, int] = {}
        sheet_table = SheetTable(
            keys=[r.key for r in sheet_list],
            sheet_ids=[str(r.metadata.get("sheet_id", r.key)) for r in sheet_list],
            year=np.array([int(r.metadata.get("year", NO_YEAR)) for r in sheet_list], dtype=np.int16),
        )
        indicator_table = IndicatorTable(
            keys=[r.key for r in indicator_list],
            sheet_row=np.array(
                [row_of[str(r.metadata["sheet_key"])] for r in indicator_list], dtype=np.int32
            ),
            level2=np.array(
                [level2_code[str(r.metadata.get("level2", ""))] for r in indicator_list], dtype=np.int16
            ),
            level2_names=level2_names,
            measurable=np.array(
                [bool(r.metadata.get("measurable", False)) for r in indicator_list], dtype=bool
            ),
            year=np.array([int(r.metadata.get("year", NO_YEAR)) for r in indicator_list], dtype=np.int16),
            name=np.array(
                [
                    name_code.setdefault(name_key(str(r.metadata.get("name", ""))), len(name_code))
                    for r in indicator_list
                ],
                dtype=np.int32,
            ),
        )
        sheet_texts = [r.text for r in sheet_list]
        indicator_texts = [r.text for r in indicator_list]
        return cls(
            sheet_table,
            indicator_table,
            _bm25(sheet_texts),
            _bm25(indicator_texts),
            generation,
            name_keys=list(name_code),
            texts=(sheet_texts, indicator_texts),
        )

    def texts(self) -> tuple[list[str], list[str]]:
        if isinstance(self._texts, Path):
            data = json.loads(self._texts.read_text(encoding="utf-8"))
            self._texts = (data["sheets"], data["indicators"])
        return self._texts or ([], [])

    def records(self) -> tuple[list[SheetRecord], list[IndicatorRecord]]:
        """The inputs this index was built from (the metadata it uses), to rebuild it with changes."""
        sheet_texts, indicator_texts = self.texts()
        sheets, table = self.sheets, self.indicators

        def year(value: int) -> dict[str, int]:
            return {"year": int(value)} if value != NO_YEAR else {}

        sheet_records = [
            SheetRecord(key, text, {"sheet_key": key, "sheet_id": sheet_id, **year(y)})
            for key, text, sheet_id, y in zip(
                sheets.keys, sheet_texts, sheets.sheet_ids, sheets.year, strict=True
            )
        ]
        indicator_records = [
            IndicatorRecord(
                key,
                text,
                {
                    "sheet_key": sheets.keys[row],
                    "level2": table.level2_names[level2],
                    "measurable": bool(measurable),
                    "name": self.name_keys[name],
                    **year(y),
                },
            )
            for key, text, row, level2, measurable, y, name in zip(
                table.keys,
                indicator_texts,
                table.sheet_row,
                table.level2,
                table.measurable,
                table.year,
                table.name,
                strict=True,
            )
        ]
        return sheet_records, indicator_records

    def updated(
        self,
        removed_sheet_keys: Iterable[str],
        sheets: Sequence[SheetRecord],
        indicators: Sequence[IndicatorRecord],
        generation: int,
    ) -> LexicalIndex:
        """A new index with some sheets removed and others added (BM25 statistics are recomputed)."""
        removed = set(removed_sheet_keys)
        old_sheets, old_indicators = self.records()
        return LexicalIndex.build(
            [*(r for r in old_sheets if r.key not in removed), *sheets],
            [*(r for r in old_indicators if r.metadata["sheet_key"] not in removed), *indicators],
            generation,
        )

    @classmethod
    def empty(cls) -> LexicalIndex:
        return cls(
            SheetTable([], [], np.zeros(0, dtype=np.int16)),
            IndicatorTable(
                keys=[],
                sheet_row=np.zeros(0, dtype=np.int32),
                level2=np.zeros(0, dtype=np.int16),
                level2_names=[],
                measurable=np.zeros(0, dtype=bool),
                year=np.zeros(0, dtype=np.int16),
                name=np.zeros(0, dtype=np.int32),
            ),
            None,
            None,
        )

    # --- scoring ----------------------------------------------------------------------------

    def sheet_scores(self, query: str) -> np.ndarray:
        return _scores(self.sheet_bm25, tokens(query), len(self.sheets.keys))

    def indicator_scores(self, query: str) -> np.ndarray:
        return _scores(self.indicator_bm25, tokens(query), len(self.indicators.keys))

    def sheet_row(self, key: str) -> int | None:
        return self._sheet_index.get(key)

    def indicator_row(self, key: str) -> int | None:
        return self._indicator_index.get(key)

    def rows_of_sheets(self, sheet_rows: Sequence[int]) -> np.ndarray:
        if not len(sheet_rows):
            return np.zeros(0, dtype=np.int64)
        parts = [self._by_sheet[self._by_sheet_ptr[r] : self._by_sheet_ptr[r + 1]] for r in sheet_rows]
        return np.concatenate(parts)

    def sheet_rows_with_ids(self, sheet_ids: Iterable[str]) -> np.ndarray:
        wanted = set(sheet_ids)
        return np.array(
            [row for row, sid in enumerate(self.sheets.sheet_ids) if sid in wanted], dtype=np.int64
        )

    def level2_code(self, level2: str) -> int | None:
        try:
            return self.indicators.level2_names.index(level2)
        except ValueError:
            return None

    def __len__(self) -> int:
        return len(self.indicators.keys)

    # --- persistence ------------------------------------------------------------------------

    def save(self, directory: str | Path) -> None:
        """Write atomically: a half-written index is never mistaken for a good one."""
        directory = Path(directory)
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.sheet_bm25 is not None:
            self.sheet_bm25.save(tmp / "sheets_bm25")
        if self.indicator_bm25 is not None:
            self.indicator_bm25.save(tmp / "indicators_bm25")
        ind = self.indicators
        np.savez(
            tmp / "tables.npz",
            sheet_year=self.sheets.year,
            sheet_row=ind.sheet_row,
            level2=ind.level2,
            measurable=ind.measurable,
            year=ind.year,
            name=ind.name,
        )
        meta = {
            "format": FORMAT_VERSION,
            "generation": self.generation,
            "ngrams": list(NGRAMS),
            "sheet_keys": self.sheets.keys,
            "sheet_ids": self.sheets.sheet_ids,
            "indicator_keys": ind.keys,
            "level2_names": ind.level2_names,
            "name_keys": self.name_keys,
        }
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        sheet_texts, indicator_texts = self.texts()
        (tmp / "texts.json").write_text(
            json.dumps({"sheets": sheet_texts, "indicators": indicator_texts}, ensure_ascii=False),
            encoding="utf-8",
        )
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: str | Path) -> LexicalIndex | None:
        """The saved index, or None when there is none (or it is from another format)."""
        directory = Path(directory)
        meta_path = directory / "meta.json"
        if not meta_path.exists():
            return None
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION or meta.get("ngrams") != list(NGRAMS):
            return None
        tables = np.load(directory / "tables.npz")
        sheet_bm25 = (
            FastBM25.load(directory / "sheets_bm25") if (directory / "sheets_bm25").exists() else None
        )
        indicator_bm25 = (
            FastBM25.load(directory / "indicators_bm25") if (directory / "indicators_bm25").exists() else None
        )
        return cls(
            SheetTable(meta["sheet_keys"], meta["sheet_ids"], tables["sheet_year"]),
            IndicatorTable(
                keys=meta["indicator_keys"],
                sheet_row=tables["sheet_row"],
                level2=tables["level2"],
                level2_names=meta["level2_names"],
                measurable=tables["measurable"],
                year=tables["year"],
                name=tables["name"],
            ),
            sheet_bm25,
            indicator_bm25,
            int(meta.get("generation", 0)),
            name_keys=meta["name_keys"],
            texts=directory / "texts.json",
        )
