"""Whether evidence mentions a question's terms (pure functions): as themselves, through an
abbreviation or its long form, or by a word of the same sense; and whether a sentence opens by
introducing what it goes on about.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from functools import lru_cache

from rag.answering.cues.kinds import PEOPLE
from rag.text.words import STOPWORDS, Vocabulary, covered, terms

#: Ordinary words a question may use where reports use another: "side effects" for "adverse
#: events" or "toxicity". A question's word counts as mentioned by any word of its group.
_SAME_SENSE_GROUPS = (
    ("side", "adverse"),
    ("effects", "events", "reactions", "toxicity", "toxicities"),
)
_SAME_SENSE = {
    word: tuple(other for other in group if other != word)
    for group in _SAME_SENSE_GROUPS
    for word in group
}


@lru_cache(maxsize=8192)
def term_set(text: str) -> frozenset[str]:
    """The terms of an abbreviation's short or long form (the same few strings, over and over)."""
    return frozenset(terms(text))


class AbbreviationForms:
    """The corpus abbreviations looked up by question term: a term's long form when it is an
    abbreviation, and the short forms of the long forms that contain it. Those lookups depend
    on the term alone, so one instance serves every candidate sentence of a question and works
    each out once (a scan of all the abbreviations per term and per sentence dominated the
    answer time)."""

    def __init__(self, abbreviations: Mapping[str, str]) -> None:
        """Index ``abbreviations`` (short form to long form, as mined from the corpus)."""
        self._long = {short.lower(): term_set(long) for short, long in abbreviations.items()}
        pairs = {(long, short.lower()) for short, long in abbreviations.items()}
        self._pairs = [(term_set(long), term_set(short)) for long, short in sorted(pairs)]
        # Every pair of words ``same_term`` accepts shares its first three characters (or is one
        # shorter word), so a term is looked for only in the long forms with a word starting so.
        by_start: dict[str, set[int]] = {}
        for number, (long, _) in enumerate(self._pairs):
            for word in long:
                by_start.setdefault(word[:3], set()).add(number)
        self._by_start = {start: sorted(numbers) for start, numbers in by_start.items()}
        self._shorts: dict[str, tuple[frozenset[str], ...]] = {}

    def long_form(self, term: str) -> frozenset[str]:
        """The terms of ``term``'s long form; empty when it abbreviates nothing."""
        return self._long.get(term, frozenset())

    def short_forms(self, term: str) -> tuple[frozenset[str], ...]:
        """The terms of each short form whose long form mentions ``term``."""
        found = self._shorts.get(term)
        if found is None:
            found = tuple(
                short
                for long, short in (self._pairs[n] for n in self._by_start.get(term[:3], ()))
                if covered(term, set(long))
            )
            self._shorts[term] = found
        return found


def uncovered(
    salient: list[str],
    evidence: str,
    topics: set[str],
    abbreviations: Mapping[str, str] | AbbreviationForms,
    strict: Collection[str] = (),
    *,
    names: bool = True,
) -> list[str]:
    """The salient terms that neither the evidence nor its document's topic words mention.

    A term also counts as mentioned through its abbreviation or long form (``CR`` and "complete
    remission").

    Args:
        salient: Salient question terms.
        evidence: The passage text (with its title and section).
        topics: Words the evidence's document is about (found in most of its chunks).
        abbreviations: Short form to long form, as mined from the corpus (or indexed once for
            many calls).
        strict: Terms mentioned only as themselves or another inflection (``same_name``:
            "ziftomenab" is not mentioned by "ziftomenib"), not by a word of the same root
            (``same_root``): names the corpus does not use (``Question.unknown``).
        names: Whether the terms are what a question is about (matched as above), or its
            ordinary words, mentioned by any word sharing their start (``same_term``) or by a
            word of the same sense in reports ("adverse" for "side", ``_SAME_SENSE``).
    """
    forms = (
        abbreviations
        if isinstance(abbreviations, AbbreviationForms)
        else AbbreviationForms(abbreviations)
    )
    vocabulary = Vocabulary(set(terms(evidence)) | set(topics))
    missing = []
    for term in salient:
        if vocabulary.names(term, related=term not in strict) if names else vocabulary.covers(term):
            continue
        if not names and any(vocabulary.covers(other) for other in _SAME_SENSE.get(term, ())):
            continue
        long = forms.long_form(term)
        if long and all(covered(word, vocabulary) for word in long):
            continue
        if any(short <= vocabulary.words for short in forms.short_forms(term)):
            continue
        missing.append(term)
    return missing


#: A sentence opening with a name and what it is ("Ziftomenib, an oral inhibitor of ...,",
#: "IMGN632, a CD123-targeting antibody-drug conjugate,") or how it was studied
#: ("Flotetuzumab was studied in a phase 1/2 study").
_INTRODUCING = re.compile(
    r"\s*([A-Z][\w-]*)(?:\s*\([^)]{1,40}\))?(?:,\s+(?:an?|the)\s|\s+(?:was|were|has\s+been"
    r"|have\s+been)\s+(?:studied|tested|evaluated|investigated|explored)\b|\s+is\s+an?\s)"
)
#: Words that open a sentence with a comma as a name would but link it to the one before.
_CONNECTIVES = frozenset(
    {"overall", "thus", "therefore", "hence", "furthermore", "moreover", "nevertheless",
     "nonetheless", "indeed", "still", "instead", "meanwhile", "otherwise", "today", "later",
     "finally", "first", "second", "third", "next", "last", "likewise", "conversely", "here",
     "however", "again", "altogether", "together", "besides", "notably", "importantly"}
)  # fmt: skip


def introduces(sentence: str) -> bool:
    """Whether ``sentence`` opens by introducing what it goes on about ("Ziftomenib, an oral
    inhibitor of menin-KMT2A interaction, was studied ...", "Flotetuzumab was studied in ..."):
    the sentences before it were about something else. A word linking it to the one before
    ("Overall, the CR/CRi rate ...", "Similarly, an open-label ... trial") or the people
    studied ("Patients were evaluated ...") introduces nothing."""
    match = _INTRODUCING.match(sentence)
    if not match:
        return False
    word = match.group(1).lower()
    return (
        word not in STOPWORDS
        and word not in _CONNECTIVES
        and word not in PEOPLE
        and not word.endswith("ly")
    )
