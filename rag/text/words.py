"""Word-level text helpers shared by scoring, salience and verification (pure functions)."""

from __future__ import annotations

import itertools
import os
import re

_STOPWORDS_TEXT = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing done down during each either few
for from further had has have having he her here hers him his how however i if in into is it
its itself just let me might more most much must my no nor not now of off on once only or
other our ours out over own per same she should so some such than that the their theirs them
then there these they this those through to too under until up upon us very via was we were
what when where which while who whom whose why will with within without would yet you your
tell show give list describe explain please according reported report study paper many
plus
whats hows whos wheres whens whys thats theres dont doesnt didnt isnt arent wasnt werent cant
wont hasnt havent hadnt
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_WORD = re.compile(r"(?u)\b\w\w+\b")
_PREFIX = 4


_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")


def _bigrams(match: re.Match[str]) -> str:
    run = match.group(0)
    if len(run) < 2:
        return f" {run} "
    return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "


def split_cjk(text: str) -> str:
    """``text`` with every run of Chinese, Japanese or Korean characters written as its
    overlapping character pairs ("生存期" as "生存 存期"): those scripts put no spaces between
    words, so character pairs are their words for matching, as in CJK search engines."""
    return _CJK_RUN.sub(_bigrams, text)


def terms(text: str) -> list[str]:
    """Lower-cased words of two or more characters (character pairs in CJK scripts), stopwords
    removed, in order."""
    return [w for w in _WORD.findall(split_cjk(text).lower()) if w not in STOPWORDS]


def same_term(a: str, b: str) -> bool:
    """Equal words; two words of five or more characters sharing their first four; or a name with
    a digit and a longer word it begins (``npm1`` and ``npm1mut``).

    A crude stemmer for matching inflections across question and passage ("mutant" and
    "mutations", "relapsed" and "relapse").
    """
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and any(c.isdigit() for c in short) and long.startswith(short):
        return True
    return len(short) >= 5 and a[:_PREFIX] == b[:_PREFIX]


#: What two spellings of one name may end with beyond their shared start (see ``same_name``).
_ENDINGS = frozenset(
    {"", "a", "c", "d", "e", "s", "y", "al", "ed", "er", "es", "ia", "ic", "ant", "ate", "ent",
     "ers", "ies", "ing", "ion", "ity", "ance", "ated", "ates", "ence", "ions", "ances", "ation",
     "ences", "ations"}
)  # fmt: skip
_NAME_START = 5
_ROOT = 6


def same_name(a: str, b: str) -> bool:
    """Whether two words name the same thing: equal words; a name with a digit and a longer word
    it begins (``npm1`` and ``npm1mut``); or two inflections of one word, the same over their
    first five letters or more and each ending there in nothing or an inflectional ending
    ("relapse" and "relapsed", "coronavirus" and "coronaviruses", "leukemia" and "leukemic",
    "recurrence" and "recurred", "resistance" and "resistant"; the ending may start before
    the letters the two share end: "recurr-ence", "recurr-ed"); a word of three letters or
    more and its plural in "s" (an abbreviation's: "dli" and "dlis", "orr" and "orrs").

    Stricter than ``same_term`` for what a question is about: two drugs that share their first
    letters ("ziftomenib" and "ziftomenab", "mitoxantrone" and "mitomycin") are two names.
    """
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and any(c.isdigit() for c in short) and long.startswith(short):
        return True
    if len(short) >= 3 and long == short + "s":  # an abbreviation's plural: "dli", "dlis"
        return True
    shared = len(os.path.commonprefix((a, b)))
    return any(
        a[cut:] in _ENDINGS and b[cut:] in _ENDINGS for cut in range(_NAME_START, shared + 1)
    )


def same_root(a: str, b: str) -> bool:
    """``same_name``, or two words sharing their first ``_ROOT`` letters ("neutrophils" and
    "neutropenia"): a root, where four letters are often only a shared start of two drugs
    ("mitoxantrone" and "mitomycin", "dasatinib" and "dasabuvir")."""
    return same_name(a, b) or (min(len(a), len(b)) >= _ROOT and a[:_ROOT] == b[:_ROOT])


def stem(word: str) -> str:
    """The first four characters of a word of five or more, else the word: what ``same_term``
    compares, as a key (it leaves out ``same_term``'s names with a digit)."""
    return word[:_PREFIX] if len(word) >= 5 else word


def singular(word: str) -> str:
    """``word`` with an English plural ending taken off (Harman's S-stemmer: "-ies" to "-y",
    not after "a" or "e"; otherwise a final "s" dropped, not after "u" or "s"), so that
    "endpoints" and "endpoint" count as one word where words are counted exactly."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("us", "ss")):
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    return word[:-1]


def adjacent_pairs(words: list[str]) -> list[tuple[str, str]]:
    """Each pair of neighbouring ``words`` by :func:`stem`, in order."""
    stems = [stem(word) for word in words]
    return list(itertools.pairwise(stems))


def covered(term: str, vocabulary: set[str] | Vocabulary) -> bool:
    """Whether ``term`` or an inflection of it (see ``same_term``) is in ``vocabulary``."""
    if isinstance(vocabulary, Vocabulary):
        return vocabulary.covers(term)
    return term in vocabulary or any(same_term(term, word) for word in vocabulary)


class Vocabulary:
    """A set of words indexed by their first three characters, so that ``covered`` looks at a
    handful of words rather than all (every pair ``same_term`` accepts shares them)."""

    def __init__(self, words: set[str]) -> None:
        """Index ``words``."""
        self.words = words
        self._by_start: dict[str, list[str]] = {}
        for word in words:
            self._by_start.setdefault(word[:3], []).append(word)

    def names(self, term: str, *, related: bool = False) -> bool:
        """Whether ``term`` or another spelling of the same name is in the vocabulary (see
        ``same_name``); with ``related``, or a word of the same root (``same_root``)."""
        if term in self.words:
            return True
        same = same_root if related else same_name
        return len(term) >= 3 and any(same(term, word) for word in self._by_start.get(term[:3], ()))

    def covers(self, term: str) -> bool:
        """Whether ``term`` or an inflection of it is in the vocabulary."""
        if term in self.words:
            return True
        return len(term) >= 3 and any(
            same_term(term, word) for word in self._by_start.get(term[:3], ())
        )


def overlap(claim: str, evidence: str) -> float:
    """Share of the claim's content words found (as ``same_term``) in the evidence; 1 if none."""
    claim_terms = set(terms(claim))
    if not claim_terms:
        return 1.0
    vocabulary = set(terms(evidence))
    return sum(1 for term in claim_terms if covered(term, vocabulary)) / len(claim_terms)
