"""The OpenAI-compatible chat surface: models, conversations, background tasks, replies, streams."""
