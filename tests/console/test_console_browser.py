"""The console in a real browser (Debian's headless Chromium through Selenium), against the
app started by `prospect serve` (no engine needed: the pages read the database) on leads
made by `prospect demo-data`. Screenshots of each page go to test-artifacts/console/, or to
docs/img/ with CONSOLE_SCREENSHOTS=docs (docs/console.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from bot.settings import PROJECT_ROOT
from tests.assistant import base_env, free_port
from tests.integration.test_widget_browser import CHROMEDRIVER, CHROMIUM, eventually

# Chromium comes with `make test` (make browser); the engine is not needed.
pytestmark = pytest.mark.integration

# CONSOLE_SCREENSHOTS=docs refreshes docs/img/ (docs/console.md); otherwise they go with the
# other browser tests' screenshots, so a test run leaves the work tree as it was.
SHOTS = PROJECT_ROOT / (
    "docs/img" if os.environ.get("CONSOLE_SCREENSHOTS") == "docs" else "test-artifacts/console"
)
PASSWORD = "correct horse battery staple"
SERVE_LOGS: dict[str, Path] = {}  # each app's log, by its address: said when a page fails
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def prospect(env: dict[str, str], *args: str, stdin: str = "") -> None:
    subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, input=stdin.encode(), check=True,
        cwd=PROJECT_ROOT, capture_output=True, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("console")
    env = base_env(data, free_port(), free_port())
    env["RASA_URL"] = "http://127.0.0.1:9"  # nothing listens: the console does not need it
    prospect(env, "demo-data", "--leads", "300", "--seed", "5")
    prospect(env, "users", "add", "ada@example.com", "--role", "admin", "--password-stdin",
             stdin=PASSWORD + "\n")  # fmt: skip
    prospect(env, "users", "add", "sam@example.com", "--role", "sdr", "--password-stdin",
             stdin=PASSWORD + "\n")  # fmt: skip
    log = (data / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=PROJECT_ROOT, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{env['APP_PORT']}"
    SERVE_LOGS[url] = data / "serve.log"
    try:

        def up() -> bool:
            if process.poll() is not None:  # say why, rather than wait
                raise RuntimeError((data / "serve.log").read_text()[-3000:])
            return _answers(f"{url}/health")

        eventually(up, 90, "the app")
        # A prospect talking now, whose words are markup: the live list and the lead page.
        token = httpx.post(f"{url}/api/chat/session").json()["token"]
        httpx.post(f"{url}/api/chat", json={"text": XSS}, headers={"X-Visitor-Token": token},
                   timeout=30)  # fmt: skip
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class Console:
    def __init__(self, driver: webdriver.Chrome, url: str) -> None:
        self.driver, self.url = driver, url

    def get(self, path: str) -> None:
        self.driver.get(self.url + path)

    def find(self, css: str) -> Any:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def drawn(self, css: str, timeout: float = 10) -> None:
        """Wait for the chart `css` to be drawn. The page may still be arriving: a missing
        element is waited for too; at the deadline, what the page showed instead is said."""

        def done() -> bool:
            try:
                return bool(self.find(css).get_attribute("data-drawn") == "true")
            except NoSuchElementException:
                return False

        try:
            eventually(done, timeout, css)
        except AssertionError as exc:
            body = self.driver.execute_script("return document.body ? document.body.innerText : ''")
            log = SERVE_LOGS.get(self.url)
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise AssertionError(
                f"{exc} on {self.driver.current_url} ({self.driver.title!r}): {str(body)[:800]}"
                f"\nthe app's log ends with:\n{tail}"
            ) from None

    def sign_in(self, email: str) -> None:
        self.get("/console/leads")
        assert "/console/sign-in" in self.driver.current_url
        self.find("#email").send_keys(email)
        self.find("#password").send_keys(PASSWORD)
        self.find("form.stack button").click()
        # The sign-in page's own address ends with "?next=/console/leads": wait to leave it,
        # or the next page is asked for before the session cookie is set (and signs in again).
        eventually(lambda: self.driver.current_url == self.url + "/console/leads", 20, "leads")

    def shot(
        self, name: str, width: int = 1280, height: int = 900, whole: bool = True, limit: int = 2400
    ) -> None:
        self.driver.set_window_size(width, height)
        full = self.driver.execute_script("return document.documentElement.scrollHeight")
        if whole:  # the whole page, up to a limit
            self.driver.set_window_size(width, min(max(height, int(full)), limit))
        time.sleep(0.3)
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(SHOTS / f"console-{name}.png"))
        self.driver.set_window_size(1280, 900)


@pytest.fixture
def console(app_url: str) -> Iterator[Console]:
    if not (Path(CHROMIUM).exists() and shutil.which(CHROMEDRIVER)):
        if os.environ.get("BROWSER_TESTS") == "skip":
            pytest.skip("BROWSER_TESTS=skip and no chromium")
        pytest.fail(f"{CHROMIUM} or {CHROMEDRIVER} missing: `make test` installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--window-size=1280,900",
        "--lang=en-US",
    ):
        options.add_argument(arg)  # fmt: skip
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as exc:
        pytest.fail(f"chromium did not start: {exc.msg}")
    try:
        yield Console(driver, app_url)
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    finally:
        driver.quit()
    assert not errors, f"errors in the browser console: {errors}"


def test_sign_in_filter_the_leads_open_one_see_its_chart_transcript_and_analytics(
    console: Console,
) -> None:
    console.get("/console/sign-in")
    console.shot("sign-in", 1280, 700)
    console.sign_in("ada@example.com")
    assert "301 leads" in console.find(".count").text  # and the prospect talking now
    console.find("body").send_keys(Keys.TAB)  # the keyboard's first stop: skip to content
    assert console.driver.switch_to.active_element.get_attribute("class") == "skip"
    Select(console.find("#f-sdr_ready")).select_by_value("yes")
    console.find("#f-score_min").send_keys("70")
    console.find("#apply").click()
    eventually(lambda: "sdr_ready=yes" in console.driver.current_url, 10, "the filter")
    count = console.find(".count").text
    assert "301 leads" not in count
    scores = [float(td.text) for td in console.driver.find_elements(By.CSS_SELECTOR, "td.num")]
    assert scores and all(s >= 70 for s in scores)
    assert scores == sorted(scores, reverse=True)
    console.shot("leads")

    console.find("table.leads tbody a").click()
    console.drawn("#score-chart")
    drawn = console.driver.execute_script(
        "const c = document.getElementById('score-chart');"
        "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n;"
    )
    assert drawn > 1000, "the chart's canvas has something drawn on it"
    assert console.driver.find_elements(By.CSS_SELECTOR, ".transcript li.prospect")
    assert console.driver.find_elements(By.CSS_SELECTOR, "table.facts a[href^='#m']")
    console.shot("lead")
    lead_page = console.driver.current_url
    console.get("/console/analytics")
    for chart in (
        "#funnel-chart",
        "#speed-chart",
        "#scores-chart",
        "#languages-chart",
        "#channels-chart",
        "#content-chart",
    ):
        console.drawn(chart)
    assert console.driver.find_elements(By.CSS_SELECTOR, "#funnel-table tbody tr")
    assert console.driver.find_elements(By.CSS_SELECTOR, "#unanswered-table tbody tr td.num")
    console.shot("analytics", limit=6400)
    console.get("/console/calibration")
    console.drawn("#curve-chart")
    assert console.driver.find_elements(By.CSS_SELECTOR, "#curve-table tbody tr")
    console.shot("calibration", limit=3000)
    console.driver.get(lead_page)
    console.find("#erase").click()
    assert "cannot be undone" in console.find(".error").text
    console.shot("erase", 1280, 600)


def test_live_conversations_words_as_text_french_and_a_phone(console: Console) -> None:
    console.sign_in("sam@example.com")
    console.get("/console/conversations")
    eventually(lambda: console.driver.find_elements(By.CSS_SELECTOR, "#live tbody a"), 10, "a row")
    eventually(lambda: console.find("#live").get_attribute("data-updated"), 10, "a refresh")
    console.shot("conversations", 1280, 600)
    # The rows are redrawn every 5 seconds: follow the newest one's link by its address.
    console.driver.get(console.find("#live tbody a").get_attribute("href"))
    said = eventually(
        lambda: [li.text for li in console.driver.find_elements(By.CSS_SELECTOR, ".prospect")
                 if "window.__xss" in li.text], 10, "the prospect's words")  # fmt: skip
    assert "<script>window.__xss=2</script>" in said[0]  # shown as typed, never run
    assert console.driver.execute_script("return window.__xss") is None
    assert not console.driver.find_elements(By.ID, "erase")  # an SDR does not erase
    console.get("/console/leads?lang=fr")
    assert console.find("html").get_attribute("lang") == "fr"
    assert "Filtres" in console.find("form.filters").get_attribute("aria-label")
    console.shot("leads-phone-fr", 390, 844, whole=False)
    console.driver.get(console.url + "/console/leads?sort=-score")
    console.find("table.leads tbody a").click()
    console.shot("lead-phone-fr", 390, 844, whole=False)


def test_an_admin_applies_a_threshold_sees_it_recorded_and_undoes_it(console: Console) -> None:
    console.sign_in("ada@example.com")
    console.get("/console/calibration")
    console.drawn("#curve-chart")
    before = console.find("#threshold-now").text
    field = console.find("#threshold")
    field.clear()
    field.send_keys("78")
    console.find("#apply-button").click()
    eventually(lambda: "done=applied" in console.driver.current_url, 10, "the change")
    assert console.find("#threshold-now").text == "78"
    recorded = console.find("#threshold-history tbody tr").text
    assert f"{before} → 78" in recorded and "ada@example.com" in recorded
    console.drawn("#curve-chart")
    console.shot("calibration", limit=3200)
    console.find("#undo-button").click()
    eventually(lambda: "done=undone" in console.driver.current_url, 10, "the undo")
    assert console.find("#threshold-now").text == before
    rows = [
        r.text for r in console.driver.find_elements(By.CSS_SELECTOR, "#threshold-history tbody tr")
    ]
    assert f"78 → {before}" in rows[0] and "undone" in rows[1]
