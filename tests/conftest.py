"""The tests drive the pipeline in this process, set up as `python -m grading_tools` sets up its
own (alembic on PATH, nbgrader's gradebook warnings quiet). The browser tests share one way to
start Debian's Chromium (never `playwright install`, which downloads a browser)."""

import sys
from pathlib import Path

import pytest

from grading_tools.cli import setup_process

setup_process()

CHROMIUM = Path("/usr/bin/chromium")
# headless, and no connection of Chromium's own: the machine's network is closed
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
BROWSER_TIMEOUT = 60_000  # ms, for one step in the browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A Chromium context (a fresh profile) for the module's browser tests."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make e2e does)")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        context.set_default_timeout(BROWSER_TIMEOUT)
        yield context
        context.close()


def open_offline(browser, url):
    """A new tab on `url` with every request but file: ones refused: (tab, the URLs refused,
    the console's messages)."""
    tab = browser.new_page()
    refused, console = [], []
    tab.on("console", lambda message: console.append(message.text))
    tab.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file:")
            else (refused.append(route.request.url), route.abort())
        ),
    )
    tab.goto(url)
    return tab, refused, console


def pytest_collection_modifyitems(config, items):
    """The non-root pass's tests, and the test of the files run beside the suite
    (tests/beside.py), only wait for their results: they run last, so that the rest of the suite
    runs meanwhile instead of waiting with them (they waited 4 minutes in the middle)."""
    from tests import beside

    beside.take(config, items)
    waits = ("tests/test_nonroot.py", "tests/test_beside.py")

    def last(item):
        test_file = item.nodeid.split("::")[0]
        return waits.index(test_file) + 1 if test_file in waits else 0

    items.sort(key=last)


def pytest_collection_finish(session):
    """Start the non-root pass (tests/test_nonroot.py) now, beside the rest of the suite, when
    its tests are to run."""
    if any(item.nodeid.startswith("tests/test_nonroot.py") for item in session.items):
        from tests.test_nonroot import Pass

        Pass.begin()
    from tests import beside

    beside.start()  # after the non-root pass, on the same core


def pytest_sessionfinish(session):
    from tests import beside

    beside.stop()
    test_nonroot = sys.modules.get("tests.test_nonroot")
    if test_nonroot is not None:
        test_nonroot.Pass.end()
