"""Recognise web-page chrome (log-in prompts, modal buttons, paywall notices) in extracted text.

Publishers' pages leave the same kinds of interface text behind when copied or scraped. A line is
boilerplate when it is short and, once every known interface phrase is taken out, nothing but
filler words and punctuation remains. The phrases describe kinds of interface text, not the lines
of any particular document.
"""

from __future__ import annotations

import re

_PHRASES = [
    r"sign(?:ed)?[\s-]?(?:in|up|out)(?: via| through| with)?(?: your)? ?(?:institution|account|"
    r"athens|shibboleth|openathens)?",
    r"log[\s-]?(?:in|on|out)(?: via| through| with)?(?: your)? ?(?:institution|account)?",
    r"create (?:an|a free|your) account",
    r"register(?: for free| now)?",
    r"(?:close|open) (?:modal|dialog|menu|panel|window)",
    r"(?:this )?(?:feature|content|article|pdf|section) is (?:only )?available (?:only )?to "
    r"(?:subscribers|members|registered users)(?: only)?",
    r"subscribers? only",
    r"subscribe(?: now| today)?",
    r"purchase (?:access|this article)",
    r"(?:get|request|buy) access",
    r"view (?:large|larger version|full[- ]size image|original)",
    r"download (?:slide|figure|table|image|pdf|citation|powerpoint)",
    r"open in (?:a )?new (?:tab|window)",
    r"(?:accept|reject|manage) (?:all )?cookies?",
    r"cookie (?:settings|preferences|policy)",
    r"skip to (?:main )?(?:content|navigation)",
    r"(?:share|cite|print|email) (?:this )?(?:article|page)",
    r"back to top",
    r"google scholar",
    r"crossref",
    r"pubmed",
    r"permissions",
    r"search (?:for )?(?:other works|articles) by this author",
]
_PHRASE_RE = re.compile(r"\b(?:" + "|".join(_PHRASES) + r")\b", re.IGNORECASE)
_FILLER_RE = re.compile(r"\b(?:or|and|to|via|your|the|a|an|here|now|&)\b", re.IGNORECASE)
_MAX_LENGTH = 120


def is_boilerplate(line: str) -> bool:
    """Tell whether ``line`` is interface text rather than content.

    Args:
        line: One line of extracted text.

    Returns:
        True when the line is short and consists only of interface phrases and filler words.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_LENGTH or not _PHRASE_RE.search(stripped):
        return False
    rest = _FILLER_RE.sub(" ", _PHRASE_RE.sub(" ", stripped))
    return not re.search(r"\w", rest)
