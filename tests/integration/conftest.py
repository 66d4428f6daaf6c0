"""The real server of the service tests, shared with the browser test."""

from tests.service.conftest import base_url, server_env

__all__ = ["base_url", "server_env"]
