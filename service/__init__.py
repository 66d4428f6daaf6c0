"""citeqa's HTTP service: ``create_app`` builds the FastAPI app."""
