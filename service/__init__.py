"""citeqa's HTTP service (FastAPI). The app factory arrives with the HTTP API."""
