"""Headless Chromium through Playwright, with the network shut: for PNG export, tests and benchmarks.

Uses the system Chromium (``/usr/bin/chromium``); Playwright's own browser download is never used.
Every request that is not ``file:`` or ``data:`` is aborted and remembered, so callers can prove a
page drew with no network.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from geomap.errors import GeomapError

CHROMIUM = os.environ.get("GEOMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # Chromium itself resolves no host name: no DNS query leaves
]


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A Playwright ``Browser`` on the system Chromium; raises :class:`GeomapError` if it is missing."""
    if not os.path.exists(CHROMIUM):
        raise GeomapError(f"Chromium not found at {CHROMIUM}; install it to export PNG images")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # the test extra is not installed
        raise GeomapError("PNG export needs the 'playwright' package (pip install playwright)") from exc
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def block_network(page) -> list[str]:
    """Abort every request of ``page`` that is not ``file:`` or ``data:``; returns the blocked URLs."""
    blocked: list[str] = []

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", handle)
    return blocked
