"""Optional parts of citeqa, and the extras that install them.

The evaluation and benchmark harness (``citeqa eval``, ``citeqa bench``) needs packages a service
does not: PyYAML for question sets, matplotlib for the report's chart and langchain-chroma for the
LangChain-tutorial baseline. They come with ``citeqa[eval]``; a plain install leaves them out.
"""

from __future__ import annotations

import importlib.util

from rag.errors import ConfigurationError

#: Each extra's modules, with the distribution that provides each.
EXTRAS: dict[str, dict[str, str]] = {
    "eval": {"yaml": "pyyaml", "matplotlib": "matplotlib", "langchain_chroma": "langchain-chroma"},
}


def require(extra: str) -> None:
    """Check that an extra is installed, without importing it.

    Raises:
        ConfigurationError: Some of its packages are missing; the message names them and the
            command that installs them.
    """
    missing = sorted(
        distribution
        for module, distribution in EXTRAS[extra].items()
        if importlib.util.find_spec(module) is None
    )
    if missing:
        raise ConfigurationError(
            f"this command needs citeqa[{extra}] ({', '.join(missing)} not installed): run "
            f"`bash scripts/setup {extra}` or `pip install -e '.[{extra}]'`"
        )
