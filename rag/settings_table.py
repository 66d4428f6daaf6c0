"""The README's settings table, written from the settings model so that the two never disagree.

``citeqa settings`` prints the table; ``citeqa settings --write README.md`` replaces the table
between the markers in the README; a test fails while the README's table differs from this one.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo

from rag.errors import InputError
from rag.settings import Settings

BEGIN = "<!-- settings table: written by `citeqa settings --write README.md` (rag/settings.py) -->"
END = "<!-- end of settings table -->"


def _default(field: FieldInfo) -> str:
    """A default as the README shows it."""
    value = field.get_default(call_default_factory=True)
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if isinstance(value, Enum):
        value = value.value
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}" if value >= 10_000 else str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if value == "":
        return "empty"
    if isinstance(value, Path | str):
        return f"`{value}`"
    return f"`{value!r}`".replace("'", '"')


def _rows(model: type[BaseModel], prefix: str) -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            rows += _rows(annotation, f"{prefix}{name.upper()}__")
            continue
        meaning = (field.description or "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{prefix}{name.upper()}` | {_default(field)} | {meaning} |")
    return rows


def settings_table() -> str:
    """Every setting as a Markdown table: environment variable, default and meaning."""
    header = ["| variable | default | meaning |", "|---|---|---|"]
    return "\n".join(header + _rows(Settings, "CITEQA_")) + "\n"


def table_in(text: str) -> str:
    """The settings table between the markers of ``text``.

    Raises:
        InputError: The markers are missing.
    """
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise InputError(f"no settings table markers ({BEGIN} ... {END})")
    return text[start + len(BEGIN) : end].strip("\n") + "\n"


def with_table(text: str) -> str:
    """``text`` with the table between its markers replaced by :func:`settings_table`.

    Raises:
        InputError: The markers are missing.
    """
    table_in(text)
    start, end = text.find(BEGIN) + len(BEGIN), text.find(END)
    return f"{text[:start]}\n{settings_table()}{text[end:]}"
