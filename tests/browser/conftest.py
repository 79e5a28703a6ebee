"""Browser tests: real headless Chromium, driven by Playwright, against pytest-django's live server.

- ``browser``: one Chromium for the whole session, Debian's build (``MOTCUA_CHROMIUM``, else
  ``chromium`` on PATH; scripts/browser.sh installs it). Never Playwright's own download.
- ``page``: a fresh browser context per test (no cookies carried over), in Vietnamese, on
  Vietnam's clock, 1280×800, whose relative URLs go to the live server.
- ``sign_in`` signs an officer in through the real form; ``axe_check`` fails on serious or
  critical accessibility violations (axe-core).
- A failing browser test leaves a full-page screenshot and the page's HTML in
  ``var/test-artifacts/`` (the paths are printed in the failure report).

Every test under tests/browser/ is marked ``browser``: ``pytest -m "not browser"`` skips them.

The live server runs in a thread of this process, so tests use ``transactional_db`` (the
``live_server`` fixture asks for it): rows the test creates are committed, and the server sees
them. On SQLite the test database is in memory (config/settings.py) and pytest-django hands that
very connection to the server thread; on PostgreSQL the server opens its own connections.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Without the networking flags Chromium keeps calling Google's services, which this machine's
# closed network refuses (and which a test run has no business calling anyway).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 15_000  # per Playwright action or expectation: a local page answers in far less
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
SIGN_IN_PATH = "/can-bo/dang-nhap/"
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser/ ``browser`` (before ``-m`` selects), then run the
    browser tests last, after pytest-django's ordering: Playwright, once started, keeps its
    asyncio loop in this thread until the end of the session (see ``_playwright``)."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
    result = yield
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)  # stable
    return result


def chromium_path() -> str:
    """Debian's Chromium: ``MOTCUA_CHROMIUM``, else ``chromium`` on PATH; fails when absent."""
    install = (
        "Install it with `source scripts/browser.sh && browser_install` (Debian's chromium; "
        "`make test` does this), or leave these tests out with -m 'not browser'."
    )
    configured = os.environ.get("MOTCUA_CHROMIUM")
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return configured
        message = f"MOTCUA_CHROMIUM={configured!r} is not an executable file. {install}"
        pytest.fail(message, pytrace=False)
    found = shutil.which("chromium")
    if not found:
        message = f"Chromium not found: no MOTCUA_CHROMIUM, no chromium on PATH. {install}"
        pytest.fail(message, pytrace=False)
    return found


@pytest.fixture(scope="session")
def _playwright() -> Iterator:
    """Playwright's synchronous API runs an asyncio loop in this thread from its start to its
    end, and Django refuses ORM calls while a loop runs ("You cannot call this from an async
    context"). The tests are synchronous code and the loop only drives the browser, so Django's
    check is lifted for exactly as long as Playwright runs: from the first browser test to the
    end of the session, the browser tests being run last."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            yield playwright


@pytest.fixture(scope="session")
def browser(_playwright) -> Iterator:
    executable = chromium_path()
    browser = _playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport=VIEWPORT,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.console_messages_seen = []  # kept for the failure report
    page.on(
        "console",
        lambda message: page.console_messages_seen.append(f"{message.type}: {message.text}"),
    )
    page.on("pageerror", lambda error: page.console_messages_seen.append(f"pageerror: {error}"))
    yield page
    context.close()


def sign_in(page, live_server, username: str, password: str) -> None:
    """Sign in through the real form at /can-bo/dang-nhap/ and wait for the next page."""
    page.goto(f"{live_server.url}{SIGN_IN_PATH}")
    form = page.locator("form", has=page.locator("#id_password"))
    form.locator("#id_username").fill(username)
    form.locator("#id_password").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    if page.url.split("?")[0].endswith(SIGN_IN_PATH):
        alert = page.get_by_role("alert")
        reason = alert.inner_text() if alert.count() else "no message"
        pytest.fail(f"signing in as {username!r} failed: {reason}", pytrace=False)


def axe_check(page, *, impact=("serious", "critical"), context=None, options=None) -> dict:
    """Run axe-core on the page; fail listing every violation of the given impacts.

    Returns axe's whole response (violations of lower impact included) for further checks.
    """
    from axe_playwright_python.sync_playwright import Axe

    kwargs = {"context": context} if context is not None else {}
    if options is not None:
        kwargs["options"] = options
    response = Axe().run(page, **kwargs).response
    found = [v for v in response["violations"] if v.get("impact") in impact]
    if found:
        lines = [
            f"{len(found)} accessibility violation(s) of impact {'/'.join(impact)} on {page.url}:"
        ]
        for violation in found:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                f" <{violation['helpUrl']}>"
            )
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                summary = node.get("failureSummary", "").strip().replace("\n", "\n        ")
                lines.append(f"    at {target}: {summary}")
        pytest.fail("\n".join(lines), pytrace=False)
    return response


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep a failing browser test's screen and HTML in var/test-artifacts/<test name>.*."""
    report = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None and not page.is_closed():
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", item.name).strip("_")
        png, html = ARTIFACTS / f"{stem}.png", ARTIFACTS / f"{stem}.html"
        lines = [f"URL: {page.url}"]
        try:
            page.screenshot(path=str(png), full_page=True, timeout=TIMEOUT_MS)
            lines.append(f"screenshot: {png}")
        except Exception as error:  # the page may be what broke: report, do not mask the failure
            lines.append(f"screenshot failed: {error}")
        try:
            html.write_text(page.content(), encoding="utf-8")
            lines.append(f"HTML: {html}")
        except Exception as error:
            lines.append(f"HTML failed: {error}")
        lines += [f"console {m}" for m in getattr(page, "console_messages_seen", [])]
        report.sections.append(("browser artifacts", "\n".join(lines)))
    return report
