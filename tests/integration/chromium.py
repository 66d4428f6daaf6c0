"""Headless Chromium through selenium, with the system's browser and driver (Debian's
``chromium`` and ``chromium-driver``): nothing is downloaded at run time."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PHONE = 600


def browser_paths() -> tuple[str, str] | None:
    """The Chromium binary and its driver on PATH, or None when either is missing."""
    driver = shutil.which("chromedriver")
    browser = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    return (browser, driver) if browser and driver else None


@contextmanager
def chromium(
    width: int = 1280, height: int = 900, dark: bool = False
) -> Iterator[webdriver.Chrome]:
    """A headless Chromium window of the given size, in the light or dark colour scheme."""
    paths = browser_paths()
    if paths is None:
        raise RuntimeError(
            "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )
    browser, driver_path = paths
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--hide-scrollbars"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    try:
        driver.execute_cdp_cmd(  # a window cannot be narrower than 500 px; a viewport can
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < PHONE},
        )
        scheme = "dark" if dark else "light"
        driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
        )
        yield driver
    finally:
        driver.quit()
