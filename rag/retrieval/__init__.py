"""Retrieval: turn a query into ranked chunks."""
