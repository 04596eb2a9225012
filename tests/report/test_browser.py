"""index.html in a real browser: headless Chromium draws the charts, logs no error, runs no script.

Needs the Debian packages ``chromium`` and ``chromium-driver`` (``apt-get install -y chromium
chromium-driver``) and the ``selenium`` Python package; skipped with the reason otherwise. The
screenshot is kept under pytest's temporary folder and its path printed (``pytest -s`` shows it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
#: Window height of each screenshot slice (one capture is limited to ~16,000 px).
SLICE_HEIGHT = 6000


def _missing() -> str | None:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        return (f"headless Chromium not installed ({CHROMIUM}, {CHROMEDRIVER}): "
                f"apt-get install -y chromium chromium-driver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium not installed: pip install selenium"
    return None


pytestmark = [pytest.mark.slow, pytest.mark.skipif(_missing() is not None, reason=str(_missing()))]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def opened(browser, demo_report):
    """The report page, loaded; the console log read once (reading it empties it)."""
    browser.get((demo_report.folder / "index.html").resolve().as_uri())
    browser.execute_script("return document.readyState")
    return browser, browser.get_log("browser")


def test_browser_draws_every_chart_with_a_size(opened, demo_report):
    driver, _ = opened
    charts = driver.execute_script(
        "return [...document.querySelectorAll('figure svg.chart')].map(s => {"
        "  const r = s.getBoundingClientRect();"
        "  return {id: s.closest('figure').id, width: r.width, height: r.height,"
        "          drawn: s.querySelectorAll('path, use, text').length}; });"
    )
    expected = {f"figure-{p.stem}" for p in (demo_report.folder / "figures").glob("*.svg")}
    assert {c["id"] for c in charts} == expected
    for chart in charts:
        assert chart["width"] > 100 and chart["height"] > 100, chart
        assert chart["drawn"] > 10, chart


def test_browser_console_has_no_error(opened):
    _, log = opened
    assert [entry for entry in log if entry["level"] == "SEVERE"] == []


def test_browser_runs_no_script_and_shows_the_planted_tag_as_text(opened, demo_report):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    driver, _ = opened
    assert driver.execute_script("return document.scripts.length") == 0
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - reading it is what raises
    row = driver.find_element(By.ID, "doc-" + demo_report.hostile_doc)
    assert f"Note {demo_report.script}" in row.text


def test_browser_every_link_lands_on_a_target(opened):
    driver, _ = opened
    broken = driver.execute_script(
        "return [...document.querySelectorAll('a[href]')]"
        ".map(a => a.getAttribute('href'))"
        ".filter(h => !h.startsWith('#') || !document.getElementById(h.slice(1)));"
    )
    assert broken == []


def test_browser_screenshots_cover_the_whole_page(opened, tmp_path_factory):
    """Screenshots of the whole page, top to bottom, in slices Chromium can capture."""
    driver, _ = opened
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(1280, SLICE_HEIGHT)
    inner = int(driver.execute_script("return window.innerHeight"))
    folder = tmp_path_factory.mktemp("screenshots")
    shots = []
    for n, top in enumerate(range(0, height, inner), start=1):
        driver.execute_script("window.scrollTo(0, arguments[0])", top)
        shots.append(folder / f"index_{n:02d}.png")
        assert driver.save_screenshot(str(shots[-1]))
    driver.set_window_size(1280, 900)
    print(f"\nscreenshots of index.html ({height} px high): " + ", ".join(map(str, shots)))
    assert all(shot.stat().st_size > 20_000 for shot in shots)
