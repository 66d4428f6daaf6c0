"""Driving the chat page in a browser: the steps the browser test and the figures script share."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT_S = 60


def wait(driver: WebDriver, timeout: float = TIMEOUT_S) -> WebDriverWait[WebDriver]:
    """A wait for a condition on the page."""
    return WebDriverWait(driver, timeout)


def open_page(driver: WebDriver, url: str) -> None:
    """Load ``url`` and wait until the page's script has set it up."""
    driver.get(url)
    wait(driver).until(
        lambda d: d.execute_script("return document.documentElement.dataset.ready === 'true'")
    )


def ask(driver: WebDriver, question: str) -> WebElement:
    """Type a question, press Enter, and return its turn once the answer is complete."""
    count = len(driver.find_elements(By.CSS_SELECTOR, "#conversation > .turn"))
    box = driver.find_element(By.ID, "question")
    box.send_keys(question, Keys.ENTER)
    selector = f"#conversation > .turn:nth-child({count + 1})"
    wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"{selector}[data-total-ms]"))
    return driver.find_element(By.CSS_SELECTOR, selector)


def timings(turn: WebElement) -> tuple[int, int]:
    """The page's own measurement of a turn: time to the response's first byte (the stream's
    opening) and to the complete answer, in milliseconds."""
    first, total = (int(turn.get_attribute(f"data-{name}-ms") or -1) for name in ("ttfb", "total"))
    return first, total


def transferred_bytes(driver: WebDriver) -> int:
    """Bytes the browser transferred for the page and the files it loaded (headers included)."""
    total: int = driver.execute_script(
        "return performance.getEntriesByType('navigation').concat("
        "performance.getEntriesByType('resource').filter(e => !e.name.includes('/v1/')))"
        ".reduce((n, e) => n + e.transferSize, 0)"
    )
    return total
