"""Text code every stage shares (pure functions): words and terms, sentence spans, the numbers,
doses and identifiers a sentence states, and abbreviations with their long forms.

Ingestion, retrieval, answering, verification and evaluation import these from here, so that a
sentence is split, a number read and an abbreviation expanded the same way everywhere.
"""
