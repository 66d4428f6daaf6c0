"""The endpoints clinical reports name, by long and short forms, and text with each short form
spelled out for the embedding model."""

from __future__ import annotations

import re

#: Endpoints that reports tell apart and a near-miss question swaps ("the median duration of
#: response" answered with the median PFS; an ORR with a survival rate): each long form with its
#: usual short forms.
ENDPOINTS: dict[str, tuple[str, ...]] = {
    "overall survival": ("OS",),
    "progression-free survival": ("PFS",),
    "event-free survival": ("EFS",),
    "relapse-free survival": ("RFS",),
    "disease-free survival": ("DFS",),
    "leukemia-free survival": ("LFS",),
    "duration of response": ("DOR", "DoR", "(?i:response duration)"),
    # A partial or complete response is a response of either kind: the overall response.
    "overall response": (
        "ORRs?",
        "(?i:objective response)",
        r"(?i:(?:partial\s+or\s+complete|complete\s+or\s+partial)\s+respons\w*)",
    ),
    "time to progression": ("TTP",),
    "MRD negativity": ("MRDneg", r"(?i:MRD[\s-]+negativ\w*)", r"(?i:negative\s+(?:for\s+)?MRD)"),
    # A complete remission (or response) is not a composite one, nor one with partial or
    # incomplete recovery ("CRc" names no CR; "CR/CRh" neither: cues.endpoints reads it).
    "complete remission": ("(?<!composite )CR", r"(?i:(?<!composite )complete[\s-]+response)"),
    "composite complete remission": ("CRc", r"(?i:composite[\s-]+CR)"),
    "complete remission with partial hematologic recovery": (
        "CRh",
        r"(?i:partial\s+h\w*matologic\w*\s+recovery)",
    ),
    "complete remission with incomplete hematologic recovery": (
        "CRi",
        r"(?i:incomplete\s+(?:h\w*matologic\w*\s+|blood\s+count\s+)?recovery)",
    ),
    # Not an endpoint, but as easily swapped: "the median follow-up" is no median OS.
    "follow-up": ("(?i:followed up)",),
}
#: Asked only as a median ("What was the median follow-up?"); otherwise the word names a study
#: ("the patients of the gilteritinib follow-up").
MEDIAN_ONLY = frozenset({"follow-up"})

#: Each endpoint's short forms written as words ("DFS", "ORR"), with its long form.
_SHORT_FORMS = [
    (re.compile(rf"\b{word}\b"), name)
    for name, shorts in ENDPOINTS.items()
    if name not in MEDIAN_ONLY
    for short in shorts
    if re.fullmatch(r"[A-Za-z]+", word := short.removesuffix("s?"))
]


def spelled_out(text: str) -> str:
    """``text`` with the long form of each endpoint it names only by its short form put before
    that short form ("What was the DFS?" as "What was the disease-free survival (DFS)?"): the
    embedding model reads "DFS" as letters, and a report may write the endpoint out only."""
    for short, name in _SHORT_FORMS:
        found = short.search(text)
        if found and not re.search(rf"(?i:\b{re.escape(name)})", text):
            text = f"{text[: found.start()]}{name} ({found.group(0)}){text[found.end() :]}"
    return text
