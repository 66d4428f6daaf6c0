"""The page, the viewer address and the API docs come from the service itself: no CDN, no
external fonts."""

import re

from fastapi.testclient import TestClient

from rag.settings import Settings
from service.app import create_app
from service.routes.web import WEB

EXTERNAL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}""", re.IGNORECASE)


def client() -> TestClient:
    return TestClient(create_app(Settings()))  # no lifespan: no models are loaded


def test_the_page_and_every_file_it_names_are_served() -> None:
    web = client()
    page = web.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    names = re.findall(r'(?:src|href)="(/assets/[^"]+)"', page.text)
    assert {"/assets/app.js", "/assets/style.css"} <= set(names)
    modules = re.findall(r'from "\./([\w.]+)"', (WEB / "assets" / "app.js").read_text())
    for name in names + [f"/assets/{m}" for m in modules]:
        assert web.get(name).status_code == 200, name
    viewer = web.get("/documents/some-doc?start=1&end=5")
    assert viewer.status_code == 200 and viewer.text == page.text


def test_no_file_of_the_page_reaches_another_host() -> None:
    for path in WEB.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".css", ".js"}:
            text = path.read_text(encoding="utf-8")
            assert not EXTERNAL.search(text), path
            assert "@import" not in text and "@font-face" not in text, path


def test_api_docs_are_offline() -> None:
    web = client()
    docs = web.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert not EXTERNAL.search(docs.text)
    for asset in re.findall(r"""['"](/assets/swagger/[^'"]+)['"]""", docs.text):
        assert web.get(asset).status_code == 200
    assert web.get("/redoc").status_code == 404
    assert web.get("/openapi.json").json()["info"]["title"] == "citeqa"
