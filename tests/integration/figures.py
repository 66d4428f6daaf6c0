"""Screenshots of the chat page and its figures, measured in headless Chromium against a real
``citeqa serve`` on loopback over the seed corpus: ``bash scripts/web-figures``.

Writes docs/web-light.png, docs/web-dark.png and docs/web-phone.png, and prints the time to the
first byte and to the complete answer of three questions (as the page measures them, after one
warm-up question) and the bytes the page transferred.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from rag.loopback import free_port, running
from tests.conftest import CITEQA, SEEDS
from tests.integration.chromium import chromium
from tests.integration.page import ask, open_page, timings, transferred_bytes, wait

DOCS = Path(__file__).resolve().parents[2] / "docs"
SHOWN = "What CR rate did ziftomenib reach in NPM1-mutant AML?"
QUESTIONS = [
    SHOWN,
    "What was the median PFS with milademetan?",
    "What was the two-year overall survival with blinatumomab in infants?",
]


def fresh(driver: WebDriver, url: str) -> None:
    open_page(driver, url)
    driver.execute_script("localStorage.clear()")
    open_page(driver, url)


def screenshot(driver: WebDriver, url: str, name: str, marker: int | None) -> None:
    fresh(driver, url)
    turn = ask(driver, SHOWN)
    if marker is not None:
        turn.find_element(By.CSS_SELECTOR, f'a.marker[data-marker="{marker}"]').click()
        wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#viewer-text mark"))
    driver.execute_script("document.activeElement.blur()")
    driver.save_screenshot(str(DOCS / name))


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "CITEQA_STORE__DATA_DIR": work, "CITEQA_API_KEY": "figures"}
        subprocess.run([CITEQA, "ingest", str(SEEDS)], env=env, check=True, capture_output=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        command = [CITEQA, "serve", "--host", "127.0.0.1", "--port", str(port)]
        with running(command, f"{url}readyz", env=env):
            with chromium() as driver:
                open_page(driver, url)
                size = transferred_bytes(driver)
                ask(driver, "Which mutations should not be used as MRD markers?")  # warm-up
                rows = []
                for question in QUESTIONS:
                    driver.find_element(By.ID, "new-conversation").click()
                    rows.append((question, *timings(ask(driver, question))))
                screenshot(driver, url, "web-light.png", marker=2)
            with chromium(dark=True) as driver:
                screenshot(driver, url, "web-dark.png", marker=2)
            with chromium(width=390, height=844) as driver:
                screenshot(driver, url, "web-phone.png", marker=None)
    print("| question | first byte (ms) | complete answer (ms) |")  # noqa: T201
    print("|---|---:|---:|")  # noqa: T201
    for question, first, total in rows:
        print(f"| {question} | {first} | {total} |")  # noqa: T201
    print(f"\npage transferred: {size} bytes ({size / 1024:.1f} KiB)")  # noqa: T201


if __name__ == "__main__":
    main()
