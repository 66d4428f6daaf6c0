"""Recognise text addressed to an AI system rather than to a reader (prompt injection).

Documents are untrusted data. A sentence that tells "AI systems", "the assistant" or "the model"
what to answer, that asks it to ignore its instructions, or that says what to report "when asked
about X" reports no finding: it is never evidence and never reaches an LLM prompt.

Matching runs on a *skeleton* of the sentence, so that disguises do not hide it:

1. Unicode tag characters (U+E0020..E007E, invisible "ASCII smuggling") are decoded to the ASCII
   they stand for, and every other format character (zero-width spaces and joiners, soft hyphens,
   bidirectional controls) is removed;
2. NFKC folds compatibility forms (fullwidth ``Ｉｇｎｏｒｅ``, mathematical letters, ligatures);
3. accents are stripped, and letters that look like Latin ones (Cyrillic ``о``, Greek ``ο``, ...)
   become those letters, from Unicode's confusables table (UTS #39) as shipped by
   ``confusable-homoglyphs``;
4. case folded, whitespace collapsed.

The patterns are sentence-scoped (no fixed window a padded sentence could outrun) and cover
English and the major languages of the literature (Spanish, French, German, Italian, Portuguese,
Russian, Chinese, Japanese, Korean). They describe ways of addressing a model, never the content of
a particular document; a sentence that merely mentions AI ("an AI model predicted relapse") or
patients who were asked questions ("when asked about pain, 40% reported ...") does not match.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources

from rag.text.sentences import sentence_spans

#: Unicode tag characters that stand for printable ASCII (U+E0020..U+E007E).
_TAG_START, _TAG_END = 0xE0020, 0xE007E
_TAG_OFFSET = 0xE0000

_ADDRESSEE = (
    r"(?:ai|artificial intelligence|llms?|large language models?|language models?|"
    r"chat ?bots?|chat ?gpt|gpt|assistants?|ai (?:systems?|models?|tools?|assistants?|agents?)|"
    r"bots?|models? reading this|readers? that (?:is|are) (?:an )?ai)"
)
#: What an answerer is told to do (not what a clinician is told to do: no "give", "use").
_SAY = r"(?:report|say|state|answer|respond|reply|claim|mention|cite|quote|output|tell|conclude)"
_META = (
    r"(?:instructions?|prompts?|rules|guidelines|directives|system (?:message|prompt)|"
    r"(?:above|previous|prior|earlier|preceding|other) (?:text|context|passages?|sources?|"
    r"documents?|messages?|content))"
)

#: English and the other languages written in Latin script, matched on the skeleton.
_LATIN_SCRIPT = [
    # "Ignore all previous instructions", "disregard the other sources"
    rf"\b(?:ignore|disregard|forget|override|bypass|overrule)\b.*\b{_META}",
    # "Note to AI systems", "Attention, assistant", "Dear model", "instructions for LLMs"
    rf"\b(?:note|message|notice|reminder|instructions?|directive|hint)s? (?:to|for) "
    rf"(?:any |all |the |every )?{_ADDRESSEE}\b",
    rf"\b(?:attention|warning|dear|hey|hello|hi)[,:]? {_ADDRESSEE}\b",
    rf"\bif you are (?:an?|the) {_ADDRESSEE}\b",
    rf"^{_ADDRESSEE} ?[,:]",
    r"\b(?:when(?:ever)?|if) (?:a |the |any )?users? (?:asks?|queries|questions|wants)\b",
    rf"\b(?:you are|as) (?:now )?(?:an?|the) {_ADDRESSEE}\b",
    # "AI systems must always report ...", "the assistant should answer ..."
    rf"\b{_ADDRESSEE}\b[^.]*\b(?:must|should|shall|will|are to|is to|need to|has to|have to)\b"
    rf" (?:always |never |only |instead )?(?:{_SAY}|ignore|disregard)\b",
    # "When asked about X, always report ...", "if queried on X, answer that ..."
    rf"\b(?:when(?:ever)?|if|once)\b[^.]*\b(?:asked|queried|questioned|prompted)\b[^.]*"
    rf"(?:\b(?:always|never|only) {_SAY}\b|, {_SAY}\b|\byou (?:must|should|will)\b)",
    r"\b(?:do not|don't|never) (?:mention|cite|reveal|disclose|quote) (?:the |any )?"
    r"(?:other|previous|above|real|original|actual) (?:sources?|passages?|documents?|results?|"
    r"data|studies|trials)\b",
    # "respond with X instead", "say Y regardless of the passages"
    r"\b(?:answer|respond|reply|say)\b[^.]*\b(?:instead|regardless|no matter what)\b",
    r"\b(?:system prompt|jailbreak|developer mode|hidden instructions)\b",
    # Spanish
    r"\b(?:ignora|ignore|ignorad|ignoren|olvida|olvide)\b.*\binstrucciones\b",
    r"\bnota para (?:los |las )?(?:sistemas? de )?(?:ia|inteligencia artificial|asistentes?)\b",
    r"\bcuando (?:te |le |se )?(?:pregunten|pregunte|preguntan)\b.*\b(?:responde|di|informa)\b",
    # French
    r"\b(?:ignore|ignorez|ignorer|oublie|oubliez)\b.*\b(?:instructions|consignes)\b",
    r"\bnote (?:aux|pour les|a l'attention des) (?:systemes d'|assistants? d')?(?:ia|"
    r"intelligence artificielle)\b",
    r"\b(?:lorsqu'on|quand on) (?:te|vous) (?:demande|interroge)\b.*\b(?:reponds|repondez)\b",
    # German
    r"\b(?:ignoriere|ignorieren|ignoriert|vergiss)\b.*\b(?:anweisungen|instruktionen|vorgaben)\b",
    r"\bhinweis (?:fur|an) (?:alle |die )?(?:ki|ki-systeme|kunstliche intelligenz|assistenten)\b",
    r"\bwenn (?:du|sie) (?:nach|zu)\b.*\bgefragt\b.*\b(?:antworte|antworten sie)\b",
    # Italian
    r"\b(?:ignora|ignorate|dimentica)\b.*\bistruzioni\b",
    r"\bnota per (?:i |gli )?(?:sistemi di )?(?:ia|intelligenza artificiale|assistenti)\b",
    # Portuguese
    r"\b(?:ignore|ignora|esqueca)\b.*\binstrucoes\b",
    r"\bnota para (?:os )?(?:sistemas de )?(?:ia|inteligencia artificial|assistentes)\b",
]

#: Languages in scripts the look-alike folding would garble, matched before it.
_OTHER_SCRIPTS = [
    # Russian
    r"\b(?:игнорируй|игнорируйте|забудь|забудьте)\b.*\b(?:инструкции|указания)\b",
    r"\b(?:примечание|заметка|внимание) для (?:систем )?(?:ии|искусственного интеллекта)\b",
    # Chinese
    r"(?:忽略|无视|忘记|忽視|無視)(?:之前|以上|上述|先前|所有|前面)?的?(?:所有)?(?:指令|指示|说明|說明|提示)",
    r"(?:致|给|給)\s*(?:ai|人工智能)\s*(?:系统|助手|模型)?的?(?:说明|提示|注意|指令|信息)",
    r"当(?:被|有人)?问(?:到|及).*(?:总是|一律|务必)(?:回答|报告|说)",
    # Japanese
    r"(?:以前|上記|前|これまで)の(?:指示|命令)を無視",
    r"(?:ai|aiアシスタント)への(?:注意|指示|メッセージ)",
    # Korean
    r"이전\s*(?:지시|명령|지침)(?:을|를)?\s*무시",
]

#: Every pattern above needs one of these words; a sentence with none is not matched further.
_TRIGGER_WORDS = (
    "ignore disregard forget override bypass overrule note notes message messages notice notices "
    "reminder reminders instruction instructions directive directives hint hints attention "
    "warning dear hey hello hi you ai llm llms gpt chatgpt chat bot bots chatbot chatbots "
    "assistant assistants model models language intelligence readers user users asked queried "
    "questioned prompted mention cite reveal disclose quote answer respond reply say system "
    "jailbreak developer hidden ignora ignorad ignoren olvida olvide nota cuando ignorez ignorer "
    "oublie oubliez lorsqu quand ignoriere ignorieren ignoriert vergiss hinweis wenn ignorate "
    "dimentica esqueca"
)
_TRIGGERS = frozenset(_TRIGGER_WORDS.split())
_WORD = re.compile(r"[a-z]+")

_FOLDED = re.compile("|".join(f"(?:{p})" for p in _LATIN_SCRIPT))
_RAW = re.compile("|".join(f"(?:{p})" for p in _OTHER_SCRIPTS))
_SPACE = re.compile(r"\s+")
_TAG = re.compile(f"[{chr(_TAG_START)}-{chr(_TAG_END)}]")


@cache
def _latin_lookalikes() -> dict[int, str]:
    """Characters that look like a Latin letter, mapped to it (UTS #39 confusables)."""
    source = resources.files("confusable_homoglyphs") / "confusables.json"
    table: dict[int, str] = {}
    for character, glyphs in json.loads(source.read_text(encoding="utf-8")).items():
        if len(character) != 1 or character.isascii():
            continue
        latin = next((g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii()), None)
        if latin is not None and latin.isalpha():
            table[ord(character)] = latin
    return table


@cache
def _invisible() -> dict[int, None]:
    """Every format character (category Cf) except the tag characters, mapped to nothing."""
    return {
        code: None
        for code in [*range(0x20000), *range(0xE0000, 0xE1000)]  # where Cf characters are
        if unicodedata.category(chr(code)) == "Cf" and not _TAG_START <= code <= _TAG_END
    }


def _visible(text: str) -> str:
    """Tag characters decoded to ASCII, other format characters removed, NFKC, case folded."""
    if not text.isascii():
        text = _TAG.sub(lambda m: chr(ord(m.group(0)) - _TAG_OFFSET), text)
        text = unicodedata.normalize("NFKC", text.translate(_invisible()))
    return _SPACE.sub(" ", text).strip().casefold()


def _skeleton(visible: str) -> str:
    """Accents stripped and look-alike letters folded to Latin."""
    if visible.isascii():
        return visible.replace("a.i.", "ai")
    decomposed = unicodedata.normalize("NFKD", visible)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return bare.translate(_latin_lookalikes()).replace("a.i.", "ai")


def is_instruction(text: str) -> bool:
    """Whether a sentence addresses an AI system rather than reporting findings."""
    visible = _visible(text)
    skeleton = _skeleton(visible)
    if not _TRIGGERS.isdisjoint(_WORD.findall(skeleton)) and _FOLDED.search(skeleton):
        return True
    return not visible.isascii() and bool(_RAW.search(visible))


def instruction_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of the sentences of ``text`` that are instructions."""
    return [(s, e) for s, e in sentence_spans(text) if is_instruction(text[s:e])]


def without_instructions(text: str) -> tuple[str, list[str]]:
    """``text`` without its instruction sentences, and those sentences."""
    spans = instruction_spans(text)
    if not spans:
        return text, []
    kept, cursor = [], 0
    for start, end in spans:
        kept.append(text[cursor:start])
        cursor = end
    kept.append(text[cursor:])
    return _SPACE.sub(" ", "".join(kept)).strip(), [text[s:e] for s, e in spans]
