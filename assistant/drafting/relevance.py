"""Whether a retrieved past sheet has anything in common with the new project.

Retrieval always returns its best matches, even for a project unlike anything in the corpus (a
残疾人就业保障金 payment against a corpus of mediation and legal-aid sheets). A past sheet whose
text shares no informative character bigram with the description — none that is not spread over
a large part of the corpus, like 经费, 工作 or 服务 — is not similar, and its rows are not borrowed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from assistant.drafting.vocabulary import DELIVERY, PLANNING, REGION, TIME_FRAME, words
from assistant.retrieval.documents import sheet_text
from assistant.schema import Sheet
from assistant.text import cjk_bigrams

COMMON_SHARE = 0.25  # a bigram in more than this share of sheets says nothing about the project
# The framing of any budget text, whatever its topic: never evidence that two projects are alike.
_FRAMING = re.compile(
    rf"({words(TIME_FRAME, REGION)}|资金|经费|项目|工作|专项|预算|万元|元|"
    rf"{words(DELIVERY)}|提高|提升|加强|推进|确保|进一步|通过|根据|按照|{words(PLANNING)}|用于|更换|购置|采购|维修|建设|水平)"
)


@lru_cache(maxsize=1024)  # one description is compared with every retrieved sheet and row
def bigrams(text: str) -> frozenset[str]:
    """Chinese bigrams with the framing words removed (budget boilerplate carries no topic)."""
    return cjk_bigrams(_FRAMING.sub(" ", text))


# "上海市闵行区司法局" → 上海市, 闵行区: the places the corpus's units are in.
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|市|新区|区|县|镇)")


def places(units: Iterable[str | None]) -> set[str]:
    return {match for unit in units if unit for match in _PLACE.findall(unit)}


class Vocabulary:
    """Which bigrams are informative in a corpus: those in at most COMMON_SHARE of its sheets."""

    def __init__(self, sheets: Iterable[Sheet]) -> None:
        self._terms: dict[str, frozenset[str]] = {}
        self.places: set[str] = set()
        counts: Counter[str] = Counter()
        for sheet in sheets:
            self.places |= places((sheet.department, sheet.implementing_unit))
            terms = bigrams(sheet_text(sheet))
            self._terms[sheet.id] = terms
            counts.update(terms)
        limit = max(1.0, COMMON_SHARE * len(self._terms))
        self._common = {term for term, n in counts.items() if n > limit}

    def shared_terms(self, query: str, sheet_id: str) -> frozenset[str]:
        """Informative bigrams the query and the sheet have in common."""
        return (bigrams(query) & self._terms.get(sheet_id, frozenset())) - self._common

    def related(self, query: str, sheet_id: str) -> bool:
        return sheet_id not in self._terms or bool(self.shared_terms(query, sheet_id))

    def foreign_terms(self, name: str, query: str, sheet_id: str) -> frozenset[str]:
        """Words of a past row's name that belong to its own project (they occur in that sheet's
        name and goals and are not common) and that the new description does not use:
        闵行区政府雇员办法… borrowed into a 专职调解员 draft."""
        own = bigrams(name) & self._terms.get(sheet_id, frozenset())
        return own - self._common - bigrams(query)

    def foreign_place(self, name: str, query: str) -> str | None:
        """A place of the corpus's units that a past row names and the new description does not
        (闵行区政府雇员办法… in a draft for another district)."""
        return next((place for place in self.places if place in name and place not in query), None)
