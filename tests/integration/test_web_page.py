"""The chat page in headless Chromium against a real ``citeqa serve`` on loopback: ask, watch
the answer arrive, open a marker's quote in the viewer, follow up, see a refusal, and add and
delete a document with the API key."""

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions

from tests.conftest import API_KEY
from tests.integration.chromium import browser_paths, chromium
from tests.integration.page import ask, open_page, timings, wait
from tests.rag.ingest.pdfs import trial_pdf

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    # CI installs the browser (.ci/run), so there a missing one fails the test.
    pytest.mark.skipif(
        browser_paths() is None and not os.environ.get("CI"),
        reason="needs chromium and chromium-driver (apt-get install chromium chromium-driver)",
    ),
]


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


def text(driver: WebDriver, element_id: str) -> str:
    return driver.find_element(By.ID, element_id).text


#: Records what a download link would save (its file name and content) instead of saving it.
_RECORD_DOWNLOADS = """
window.saved = null;
const click = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function () {
  if (!this.download) return click.call(this);
  const name = this.download;
  fetch(this.href).then((r) => r.text()).then((text) => { window.saved = [name, text]; });
};
"""


def cite(driver: WebDriver, turn: WebElement, kind: str) -> tuple[str, str]:
    """Press an answer's reference button; the file name and content it saves."""
    driver.execute_script(_RECORD_DOWNLOADS)
    button = turn.find_element(By.CSS_SELECTOR, f'.export button[data-format="{kind}"]')
    assert (button.get_attribute("aria-label") or "").startswith("Download the cited documents")
    button.click()
    saved = wait(driver).until(lambda d: d.execute_script("return window.saved"))
    return saved[0], saved[1]


def test_ask_read_the_quote_and_follow_up(browser: WebDriver, base_url: str) -> None:
    open_page(browser, f"{base_url}/")
    browser.execute_script("localStorage.clear()")
    open_page(browser, f"{base_url}/")
    turn = ask(browser, "What was the median PFS with milademetan?")
    answer = turn.find_element(By.CSS_SELECTOR, ".answer")
    assert answer.text.startswith("The median PFS was 3.5 months")
    first_byte, complete = timings(turn)
    assert 0 <= first_byte <= complete
    marker = answer.find_element(By.CSS_SELECTOR, "a.marker")
    href = marker.get_attribute("href") or ""
    assert href.startswith(f"{base_url}/documents/milademetan-mantra-2?start=")
    name, saved = cite(browser, turn, "bibtex")
    assert name == "citeqa-references.bib" and saved.startswith("@article{dumbrava2025,\n")

    marker.click()
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#viewer-text mark"))
    assert browser.current_url == href
    mark = browser.find_element(By.CSS_SELECTOR, "#viewer-text mark")
    assert mark.text == "The median PFS was 3.5 months (95% CI:1.8, 3.7)."
    assert text(browser, "viewer-quote") == mark.text
    assert text(browser, "viewer-title") and text(browser, "viewer-meta")
    in_view = browser.execute_script(
        "const m = arguments[0].getBoundingClientRect(),"
        " v = document.getElementById('viewer-text').getBoundingClientRect();"
        "return m.top >= v.top && m.bottom <= v.bottom",
        mark,
    )
    assert in_view
    browser.find_element(By.ID, "viewer-close").click()
    assert not browser.find_element(By.ID, "viewer").is_displayed()

    follow_up = ask(browser, "And what was its best overall response?")
    assert "19.4%" in follow_up.find_element(By.CSS_SELECTOR, ".answer").text
    searched = follow_up.find_element(By.CSS_SELECTOR, ".standalone").text
    assert searched.startswith("Searched for:") and "milademetan" in searched

    refused = ask(browser, "What is the boiling point of liquid nitrogen?")
    assert refused.find_elements(By.CSS_SELECTOR, ".answer.refused")
    closest = refused.find_elements(By.CSS_SELECTOR, ".closest li")
    assert closest and "do not answer" in refused.find_element(By.CSS_SELECTOR, ".closest").text

    open_page(browser, f"{base_url}/")  # the conversation is kept in the browser
    assert len(browser.find_elements(By.CSS_SELECTOR, "#conversation > .turn")) == 3
    browser.find_element(By.ID, "new-conversation").click()
    assert not browser.find_elements(By.CSS_SELECTOR, "#conversation > .turn")


def upload(browser: WebDriver, path: Path) -> None:
    browser.find_element(By.ID, "upload-file").send_keys(str(path))
    browser.find_element(By.ID, "upload").click()


def test_documents_upload_and_delete_with_the_key(
    browser: WebDriver, base_url: str, tmp_path: Path
) -> None:
    open_page(browser, f"{base_url}/")
    browser.find_element(By.ID, "show-documents").click()
    wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#documents tbody tr"))
    row = browser.find_element(By.CSS_SELECTOR, '#documents tr[data-doc-id="milademetan-mantra-2"]')
    assert int(row.find_element(By.CSS_SELECTOR, "td.num").text) > 0
    note = tmp_path / "zorvanib-zephyr-9.txt"
    note.write_text(
        "Zorvanib in refractory myelofibrosis\n\nIn the ZEPHYR-9 study, 42% (21 of 50) of "
        "patients treated with zorvanib achieved a spleen volume reduction of at least 35%.\n"
    )
    key = browser.find_element(By.ID, "api-key")
    key.send_keys("not-the-key")
    upload(browser, note)
    status = (By.ID, "documents-status")
    wait(browser).until(expected_conditions.text_to_be_present_in_element(status, "valid bearer"))
    assert "error" in (browser.find_element(*status).get_attribute("class") or "")

    key.clear()
    key.send_keys(API_KEY)
    upload(browser, note)
    wait(browser).until(expected_conditions.text_to_be_present_in_element(status, "Added"))
    added = '#documents tr[data-doc-id="zorvanib-zephyr-9"]'
    assert browser.find_elements(By.CSS_SELECTOR, added)
    assert browser.execute_script("return sessionStorage.getItem('citeqa.apiKey')") == API_KEY
    assert browser.execute_script("return localStorage.getItem('citeqa.apiKey')") is None

    browser.find_element(By.CSS_SELECTOR, f"{added} button.delete").click()
    wait(browser).until(expected_conditions.alert_is_present()).accept()
    wait(browser).until(expected_conditions.text_to_be_present_in_element(status, "Deleted"))
    assert not browser.find_elements(By.CSS_SELECTOR, added)


def test_the_viewer_shows_the_page_of_a_pdf_quote(browser: WebDriver, base_url: str) -> None:
    body = trial_pdf("ZEPHYR-10", "47%")
    files = {"file": ("zorvanib-zephyr-10.pdf", body, "application/pdf")}
    auth = {"Authorization": f"Bearer {API_KEY}"}
    assert httpx.post(f"{base_url}/v1/documents", files=files, headers=auth, timeout=120).is_success
    try:
        question = {"question": "What share of patients responded to zorvanib in ZEPHYR-10?"}
        answer = httpx.post(f"{base_url}/v1/ask", json=question, timeout=60).json()
        (citation,) = answer["citations"]
        open_page(browser, citation["url"])
        wait(browser).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#viewer-text mark"))
        assert text(browser, "viewer-page") == "The quote stands on p. 2."
        toggle = browser.find_element(By.ID, "viewer-page-toggle")
        assert toggle.text == "Show p. 2 only"
        toggle.click()
        shown = text(browser, "viewer-text")
        assert shown.startswith("In ZEPHYR-10, 47%") and "enrolled 60" not in shown
        assert toggle.get_attribute("aria-pressed") == "true"
        toggle.click()
        assert "enrolled 60" in text(browser, "viewer-text")
        assert browser.find_element(By.CSS_SELECTOR, "#viewer-text mark").text == citation["quote"]
    finally:
        httpx.delete(f"{base_url}/v1/documents/zorvanib-zephyr-10", headers=auth)
