"""``python -m rag`` runs the command line."""

from rag.cli import app

app()
