"""Make a follow-up question standalone by carrying over what the conversation was about."""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.answering.cues.endpoints import endpoints
from rag.answering.cues.kinds import question_types
from rag.answering.cues.patients import case_ages
from rag.answering.types import Turn
from rag.text.words import overlap, terms

_FOLLOW_UP = re.compile(
    r"^\s*(and|but|also|so|then|what about|how about)\b"
    r"|\b(it|its|they|their|them|this|that|these|those|the same|the drug|the trial|the study)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w][\w/-]*")
#: What a report gives on safety rather than efficacy: a measure a follow-up may ask instead.
_SAFETY = re.compile(
    r"\b(?:adverse\s+(?:events?|effects?|reactions?)|AEs?|toxicit(?:y|ies)|side[\s-]+effects?"
    r"|safety|tolerab\w+)\b",
    re.I,
)
#: Kinds of value a follow-up may ask that are no endpoint's (``cues.kinds.question_types``).
_OWN_KINDS = frozenset(
    {"count", "dose", "date", "age", "identifier", "venue", "schedule", "mechanism"}
)
#: A word that asks: a follow-up without one ("And with enasidenib?", "And in KMT2A-rearranged
#: AML?") names only a new subject and asks what the question before asked.
_ASKS = re.compile(
    r"\b(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|did|does|do|has|have"
    r"|had|can|could|will|would|should|list|name|give|tell|describe|explain|compare)\b",
    re.I,
)
#: A follow-up that asks for the previous question's measure again by a pronoun: "And what
#: was it in the historical controls?" ("What about its OS?" asks a measure of its own).
_ELIDED = re.compile(
    r"\b(what|how much|how long|how many|how high)\s+(was|were|is|are)\s+(it|that|the same)\b",
    re.IGNORECASE,
)


def is_follow_up(question: str, own_salient: list[str]) -> bool:
    """Whether a question leans on the previous turn: it opens like a continuation, points back
    with a pronoun, or names nothing specific of its own."""
    return bool(_FOLLOW_UP.search(question)) or not own_salient


def recent(history: list[Turn], turns: int, chars: int) -> list[Turn]:
    """The last ``turns`` turns, each cut to ``chars`` characters: a user turn's end (where its
    question is), an assistant turn's start (its answer), so a long turn costs no more than a
    short one."""
    return [
        Turn(role=t.role, content=t.content[-chars:] if t.role == "user" else t.content[:chars])
        for t in history[-turns:]
    ] if turns else []  # fmt: skip


def carry_over(
    question: str, history: list[Turn], salient: Callable[[str], list[str]], limit: int
) -> tuple[str, set[str]]:
    """The question with the previous user question's salient words appended, when it is a
    follow-up, and the terms carried; otherwise the question unchanged and no terms. A follow-up
    that leaves out what it asks (``_ELIDED``: "And what was it in the controls?") gets all the
    previous question's words it lacks, its measure too; one that asks nothing itself (no word
    of ``_ASKS`` and no measure of its own: "And with enasidenib?") gets also the words of the
    previous question that name no subject ("composite", "rate", "reach" of "What composite CR
    rate did A reach?"). A case patient the previous question asked about by age ("the
    52-year-old woman") is carried to one naming none. A question naming only an endpoint
    ("What was the ORR?") is a follow-up too. The words appended stop where the question
    would grow past ``limit`` characters.

    ``"and what about its median OS?"`` after ``"What CR rate did ziftomenib reach in NPM1-mutant
    AML?"`` becomes ``"and what about its median OS? (ziftomenib NPM1-mutant AML)"``: a
    follow-up naming an endpoint of its own replaces the old one (CR), which is not carried;
    ``"And in KMT2A-rearranged AML?"`` carries it. The carried terms say what the conversation
    is about, not what is asked now, so an answer needs to mention only some of them.

    Args:
        question: The new question.
        history: Earlier turns, oldest first.
        salient: Gives a text's salient terms (see ``cues.salience.salient_terms``).
        limit: The longest question the result may be.
    """
    previous = next((t.content for t in reversed(history) if t.role == "user"), None)
    if previous is None:
        return question, set()
    own = salient(question)
    # an endpoint is no subject: "What was the ORR?" asks it of what the conversation is about
    measures = _endpoint_terms(question)
    if not is_follow_up(question, [t for t in own if t not in measures]):
        return question, set()
    # A follow-up naming an endpoint or a safety measure of its own ("What was its ORR?", "And
    # the grade 3 or 4 adverse events?" after a question about the median PFS), or asking a
    # kind of value no endpoint has ("How many patients received it?"), asks about it instead
    # of the previous endpoint, which it does not carry.
    own_measure = (
        bool(endpoints(question))
        or bool(_SAFETY.search(question))
        or bool(set(question_types(question)) & _OWN_KINDS)
    )
    replaced = _endpoint_terms(previous) if own_measure else set()
    subjects = set(salient(previous))
    carried = {t for t in subjects if t not in own and t not in replaced}
    mine = set(terms(question))
    elided = bool(_ELIDED.search(question))
    asks_nothing = not _ASKS.search(question) and not own_measure

    def carries(word: str) -> bool:
        said = set(terms(word))
        if not said or said <= mine:
            return False
        return bool(said & carried) or elided or (asks_nothing and not said & subjects)

    words = [w for w in _WORD.findall(previous) if carries(w)]
    if not case_ages(question):  # the case patient asked about before is still the subject
        words = [f"the {age}" for age in case_ages(previous)] + words
    room = limit - len(question) - len(" ()")
    kept: list[str] = []
    for word in dict.fromkeys(words):
        room -= len(word) + bool(kept)
        if room < 0:
            break
        kept.append(word)
    if not kept:
        return question, set()
    return f"{question} ({' '.join(kept)})", carried


def _endpoint_terms(text: str) -> set[str]:
    """The terms of ``text``'s words that name an endpoint ("orr" of "What was the ORR?")."""
    return {t for w in _WORD.findall(text) if endpoints(w) for t in terms(w)}


#: Share of the carried-over question's content words a rewrite must keep to be trusted.
MIN_KEPT = 0.5


def keeps_subject(carried: str, rewritten: str) -> bool:
    """Whether an LLM's rewrite of a follow-up keeps what the conversation is about: at least
    ``MIN_KEPT`` of the content words of the carried-over question (``carry_over``'s output). A
    small model echoing its prompt ("Conversation:") keeps none of them."""
    return overlap(carried, rewritten) >= MIN_KEPT
