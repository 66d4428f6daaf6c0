"""The README's settings table is the one the settings model writes."""

import pytest

from rag.errors import InputError
from rag.settings_table import BEGIN, END, settings_table, table_in, with_table
from tests.conftest import ROOT


def test_the_readme_table_matches_the_settings_model() -> None:
    """Before: the README said RRF k 60, dense weight 1.0; the code 10 and 1.5. On failure run
    `citeqa settings --write README.md`."""
    assert table_in((ROOT / "README.md").read_text(encoding="utf-8")) == settings_table()


def test_every_setting_has_a_row_with_its_default_and_meaning() -> None:
    rows = settings_table().splitlines()[2:]
    assert "| `CITEQA_RETRIEVAL__RRF_K` | 10 | " in "\n".join(rows)
    assert "| `CITEQA_SERVICE__MAX_BODY_BYTES` | 64,000 | " in "\n".join(rows)
    assert "| `CITEQA_STORE__HOST` | unset | " in "\n".join(rows)
    assert all(row.count(" | ") == 2 and not row.endswith("|  |") for row in rows)


def test_writing_replaces_only_the_table() -> None:
    text = f"intro\n{BEGIN}\n| stale |\n{END}\noutro\n"
    written = with_table(text)
    assert written.startswith(f"intro\n{BEGIN}\n| variable |") and written.endswith(
        f"{END}\noutro\n"
    )
    assert table_in(written) == settings_table() and with_table(written) == written
    with pytest.raises(InputError, match="markers"):
        with_table("no table here")
