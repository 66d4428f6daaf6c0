"""Answering: passages, extractive and LLM answerers, the citation verifier, the answer engine."""
