"""Ingestion: load files, clean them into structured documents, chunk, embed and store."""
