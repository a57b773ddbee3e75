"""Browser tests: the app served by a real HTTP server (waitress) on loopback, driven by Debian's chromium through
Playwright. Screenshots land in test-artifacts/screenshots/. Only on the SQLite pass (`-m browser`)."""
from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
from waitress.server import create_server

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Debian's chromium is needed: run scripts/ensure_browser.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def live_server(app):
    """The test's app (its own database, the frozen clock) on a free loopback port."""
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=10)


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def shot(request):
    """shot(page, "name"): a full-page screenshot kept as a test artifact."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    prefix = re.sub(r"\W+", "_", request.node.name)[:60]

    def take(tab, name: str) -> Path:
        path = SHOTS / f"{prefix}__{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path
    return take


class People:
    """Logging in through the pages as a person does, reading the OTP from the SMS outbox."""

    def __init__(self, api):
        self.api = api

    def officer(self, tab, username: str, password: str = "Demo@12345") -> None:
        tab.goto("/login")
        tab.get_by_label("Username").fill(username)
        tab.get_by_label("Password").fill(password)
        tab.get_by_role("button", name="Continue").click()
        tab.get_by_label("Code").fill(self.api.last_otp(self.api._mobile_of(username)))
        tab.get_by_role("button", name="Log in").click()

    def citizen(self, tab, mobile: str) -> None:
        tab.goto("/citizen/login")
        tab.get_by_label("Mobile number").fill(mobile)
        tab.get_by_role("button", name="Send the code").click()
        tab.get_by_label("Code").fill(self.api.last_otp("+91" + mobile[-10:]))
        tab.get_by_role("button", name="Log in").click()


@pytest.fixture
def people(api) -> People:
    return People(api)
