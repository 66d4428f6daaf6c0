"""FastAPI dependencies: settings, resources and the bearer-key checks."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from rag.settings import Settings
from service.state import Resources

_bearer = HTTPBearer(auto_error=False)


def get_resources(request: Request) -> Resources:
    """The app's resources, built in its lifespan."""
    resources: Resources = request.app.state.resources
    return resources


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


ResourcesDep = Annotated[Resources, Depends(get_resources)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _matches(credentials: HTTPAuthorizationCredentials | None, *keys: str) -> bool:
    if credentials is None:
        return False
    given = credentials.credentials.encode()
    return any(hmac.compare_digest(given, key.encode()) for key in keys)


def require_write_key(settings: SettingsDep, credentials: Credentials) -> None:
    """Document changes need ``Authorization: Bearer $CITEQA_API_KEY``; without a configured key
    they are disabled."""
    if settings.api_key is None:
        raise HTTPException(403, "document changes are disabled: no CITEQA_API_KEY is configured")
    if not _matches(credentials, settings.api_key.get_secret_value()):
        raise HTTPException(401, "a valid bearer key is required")


def require_read_key(settings: SettingsDep, credentials: Credentials) -> None:
    """With ``CITEQA_READ_API_KEY`` set, reads need it (or the write key)."""
    if settings.read_api_key is None:
        return
    keys = [settings.read_api_key.get_secret_value()]
    if settings.api_key is not None:
        keys.append(settings.api_key.get_secret_value())
    if not _matches(credentials, *keys):
        raise HTTPException(401, "a valid bearer key is required")


WriteAccess = Depends(require_write_key)
ReadAccess = Depends(require_read_key)
