"""Load and cross-check the YAML files of assistant/data/ once per process."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.knowledge.models import (
    CueTable,
    GenericWords,
    Knowledge,
    Library,
    LibraryIndicator,
    Precedence,
    ProjectType,
    Sector,
    Source,
)

DATA_FILES = (
    "sources.yaml",
    "sectors.yaml",
    "project_types.yaml",
    "indicator_library.yaml",
    "relevance.yaml",
)


class KnowledgeError(ValueError):
    """A data file is missing, not YAML, or does not validate (message names the file)."""


def data_dir() -> Path:
    return Path(str(files("assistant") / "data"))


def _read(folder: Path, name: str) -> dict[str, Any]:
    path = folder / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"知识库文件无法读取：{path}（{exc}）") from exc
    if not isinstance(data, dict):
        raise KnowledgeError(f"知识库文件格式不对：{path} 应为 YAML 映射")
    return data


def load_from(folder: Path) -> Knowledge:
    """Load a data folder (the packaged one, or a domain expert's edited copy) and validate it."""
    raw = {name: _read(folder, name) for name in DATA_FILES}
    try:
        sources = {key: Source(id=key, **value) for key, value in raw["sources.yaml"]["sources"].items()}
        sectors_raw, types_raw = raw["sectors.yaml"], raw["project_types.yaml"]
        sectors = CueTable(
            weights=sectors_raw["weights"], categories=tuple(Sector(**s) for s in sectors_raw["sectors"])
        )
        types = CueTable(
            weights=types_raw["weights"],
            categories=tuple(ProjectType(**t) for t in types_raw["types"]),
            precedence=tuple(Precedence(**r) for r in types_raw.get("precedence", ())),
        )
        lib_raw = raw["indicator_library.yaml"]
        library = Library(
            slots=lib_raw["slots"],
            types={
                name: tuple(LibraryIndicator(**entry) for entry in entries)
                for name, entries in lib_raw["types"].items()
            },
        )
        rel_raw = raw["relevance.yaml"]
        generic = GenericWords(sources=tuple(rel_raw["sources"]), groups=rel_raw["generic"])
        return Knowledge(
            sources=sources, sectors=sectors, project_types=types, library=library, generic=generic
        )
    except (ValidationError, KeyError, TypeError) as exc:
        raise KnowledgeError(f"知识库数据校验失败（{folder}）：{exc}") from exc


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """The packaged knowledge, loaded once."""
    return load_from(data_dir())
