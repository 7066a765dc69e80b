"""The places of the corpus's units: a past row that names one ("某某区政府雇员管理办法…") is about
that unit, not about a project elsewhere, and is not borrowed (whether a row belongs to a project at
all is knowledge.relevance.judge, shared with the critic)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.schema import Sheet

# "某省某某区司法局" → 某省, 某某区: the places the corpus's units are in.
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|市|新区|区|县|镇)")


def places(units: Iterable[str | None]) -> set[str]:
    return {match for unit in units if unit for match in _PLACE.findall(unit)}


class CorpusPlaces:
    """The places of the units of a corpus's sheets."""

    def __init__(self, sheets: Iterable[Sheet]) -> None:
        self.places = places(u for s in sheets for u in (s.department, s.implementing_unit))

    def foreign_place(self, name: str, query: str) -> str | None:
        """A place of the corpus's units that a past row names and the new description does not
        (某某区政府雇员办法… in a draft for another district)."""
        return next((place for place in self.places if place in name and place not in query), None)
