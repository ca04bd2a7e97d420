"""What the browser tests share: the demo behind a real HTTP server, Chromium, log-ins,
and axe-core's accessibility rules, which every page a test's browser loads must pass
(a test opens its pages with `Visits.open`, through the `visits` context).

Chromium is Debian's; axe-core comes from the npm registry, pinned by package-lock.json
and installed by `npm ci` (`make test` runs it when npm is there). Without either the
browser tests are skipped, unless COMMUNITY_REQUIRE_BROWSER is set (CI sets it), which
makes that a failure.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from community.demo import DEMO_PASSWORD
from community.jobs import run_once
from tests.conftest import make_config, real_database_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def _required(path: Path, what: str, how: str) -> None:
    if path.exists():
        return
    if os.environ.get("COMMUNITY_REQUIRE_BROWSER"):
        raise RuntimeError(f"{what} is required for the browser tests and {path} is missing")
    pytest.skip(f"{what} is not installed ({how})", allow_module_level=True)


_required(Path(CHROMIUM), "Chromium", "apt-get install chromium")
_required(AXE, "axe-core", "npm ci, at the repository's root")

playwright_api = pytest.importorskip("playwright.sync_api")

# The people the browser tests log in as, one for each kind of page they reach.
MEMBER = "Camille_T1"  # a vault, data cards and who saw them
MODERATOR = "Dre Aubrac"  # the queue and the policy of both diabetes spaces
ADMIN = "Hélène-Horizon"  # the association of both: its queue, journal, policy, calibration
SITE_ADMIN = "Admin démo"  # the site's administration


@contextmanager
def demo_server(folder: Path) -> Iterator[tuple[str, Flask]]:
    """The demo, served over HTTP on a free loopback port, with CSRF protection on, and its
    address. The server's threads open connections of their own: a database where commits
    are real."""
    config = make_config(
        WTF_CSRF_ENABLED=True,
        # Served on a port known only once the server listens: the host is vetted instead
        # (past SQLite the site will not start without SERVER_NAME, SITE_URL or this).
        SERVER_NAME=None,
        TRUSTED_HOSTS=["127.0.0.1"],
        SEARCH_BACKEND="whoosh",
        SEARCH_INDEX_DIR=str(folder / "search"),
    )
    with real_database_app(config) as app:
        with app.app_context():
            result = app.test_cli_runner().invoke(args=["demo", "--no-migrate"])
            assert result.exit_code == 0, result.output
        # The worker's detectors (the null scorer) find the phone number and the crisis.
        while run_once(app, size=64):
            pass
        http = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=http.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{http.server_port}", app
        finally:
            http.shutdown()
            thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in(page: Any, base: str, pseudonym: str) -> None:
    page.goto(f"{base}/connexion")
    page.get_by_label("Pseudonyme ou adresse e-mail").fill(pseudonym)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # On a phone the button is folded under the header's menu.
    logged_in = page.get_by_role("button", name="Se déconnecter", include_hidden=True)
    playwright_api.expect(logged_in).to_be_attached()


# --- a phone's first screen -------------------------------------------------------------------

# The post to decide (the one the address points to, or the first) and, on the screen as
# the page shows it, where its reasons and its decision controls start and end.
_DECISION_PARTS = """() => {
  const target = document.querySelector(':target');
  const item = (target && target.closest('article.moderation-item'))
    || document.querySelector('article.moderation-item');
  if (!item) return null;
  const parts = {
    'reasons': ':scope > ul.reasons',
    'the other reasons': ':scope > details.more-reasons > summary',
    'approve': '.decisions button.decide-approve',
    'refuse': '.decisions details.decide-reject > summary',
    'ask for an edit': '.decisions details.decide-edit > summary',
  };
  const found = [];
  for (const [name, selector] of Object.entries(parts)) {
    for (const el of item.querySelectorAll(selector)) {
      const box = el.getBoundingClientRect();
      found.push({ name, top: box.top, bottom: box.bottom });
    }
  }
  const title = item.querySelector('.item-title').textContent.trim().replace(/\\s+/g, ' ');
  return { title, height: innerHeight, found };
}"""


def off_the_first_screen(page: Any) -> list[str]:
    """What of the post to decide, its reasons and its decisions, the screen does not show
    as the page opens (nothing when every part is in view)."""
    measured = page.evaluate(_DECISION_PARTS)
    if measured is None:
        return [f"{page.url}: no post to decide"]
    where = f"{page.url} ({page.viewport_size['width']} × {measured['height']})"
    names = {part["name"] for part in measured["found"]}
    problems = [
        f"{where}: {measured['title']!r} has no {name} control"
        for name in ("approve", "refuse")
        if name not in names
    ]
    problems += [
        f"{where}: {measured['title']!r}, {part['name']} spans {part['top']:.0f}–"
        f"{part['bottom']:.0f} px"
        for part in measured["found"]
        if part["top"] < 0 or part["bottom"] > measured["height"]
    ]
    return problems


# --- axe-core ---------------------------------------------------------------------------------

# The site runs without JavaScript, and so do the tests' pages: axe runs on a copy of each
# page as it loaded, in a page of its own with JavaScript on, at the same address (its
# style sheets come from the server) and the same size. Only there is the site's Content
# Security Policy bypassed, as axe is evaluated from its local file.
_AXE_RUN = """async (source) => {
  if (!window.axe) { (0, eval)(source); }
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""
_CSRF = re.compile(r'name="csrf_token"[^>]*>')


@dataclass(frozen=True)
class Snapshot:
    who: str
    url: str
    html: str
    viewport: dict[str, int]
    color_scheme: str  # "light" or "dark": what the page was shown in, and axe checks in


@dataclass
class Axe:
    """Every page that a watched browser page loads, checked by axe-core's rules."""

    browser: Any
    snapshots: list[Snapshot] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    audits: int = 0

    def watch(self, page: Any, who: str, color_scheme: str = "light") -> None:
        page.on("load", lambda loaded: self._loaded(loaded, who, color_scheme))

    def _loaded(self, page: Any, who: str, color_scheme: str) -> None:
        try:
            html = page.content()
        except playwright_api.Error:
            # The test had already moved on (a click that navigates at once): the page it
            # went to loads in turn and is checked; this one cannot be copied any more.
            return
        key = hashlib.sha256((color_scheme + _CSRF.sub("", html)).encode()).hexdigest()
        if key not in self.checked:
            self.checked.add(key)
            self.snapshots.append(Snapshot(who, page.url, html, page.viewport_size, color_scheme))

    def violations(self) -> list[str]:
        """Checks the pages loaded since the last call: one line for each rule broken."""
        snapshots, self.snapshots = self.snapshots, []
        if not snapshots:
            return []
        source = AXE.read_text(encoding="utf-8")
        context = self.browser.new_context(bypass_csp=True, locale="fr-FR")
        lines: list[str] = []
        try:
            page = context.new_page()
            shown: dict[str, str] = {}

            def serve(route: Any) -> None:
                if route.request.is_navigation_request():
                    route.fulfill(body=shown["html"], content_type="text/html; charset=utf-8")
                else:
                    route.continue_()

            page.route("**/*", serve)
            for snapshot in snapshots:
                shown["html"] = snapshot.html
                page.set_viewport_size(snapshot.viewport)
                # The system's colour scheme, as Chromium emulates it (prefers-color-scheme).
                page.emulate_media(color_scheme=snapshot.color_scheme)
                page.goto(snapshot.url)
                self.audits += 1
                for v in page.evaluate(_AXE_RUN, source):
                    width = snapshot.viewport["width"]
                    scheme = ", dark" if snapshot.color_scheme == "dark" else ""
                    lines.append(
                        f"{snapshot.who} on {snapshot.url} ({width} px{scheme}): "
                        f"{v['id']} ({v['impact']}): {v['help']}, at " + "; ".join(v["targets"])
                    )
        finally:
            context.close()
        return lines


@dataclass
class Visits:
    """The browser pages a test opens, one context each, every one of them watched by axe."""

    browser: Any
    base: str
    axe: Axe
    contexts: list[Any] = field(default_factory=list)
    opened: int = 0

    def open(
        self,
        who: str | None = None,
        *,
        width: int = 1280,
        height: int = 800,
        color_scheme: str = "light",
    ) -> Any:
        """A page without JavaScript, logged in as `who` (a visitor when None), on a system
        set to the light or the dark colour scheme."""
        context = self.browser.new_context(
            java_script_enabled=False,
            locale="fr-FR",
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
        )
        self.contexts.append(context)
        self.opened += 1
        page = context.new_page()
        self.axe.watch(page, who or "a visitor", color_scheme)
        if who:
            log_in(page, self.base, who)
        return page

    def close(self) -> None:
        for context in self.contexts:
            for page in context.pages:
                # A call answered after every event before it: the last load is seen.
                page.evaluate("() => document.readyState")
            context.close()
        self.contexts.clear()


@contextmanager
def visits(browser: Any, base: str) -> Iterator[Visits]:
    """Pages for one test; at its end, every page they loaded passes axe, or the test fails
    with the list of what broke which rule, where."""
    opened = Visits(browser, base, Axe(browser))
    try:
        yield opened
    finally:
        opened.close()
    broken = opened.axe.violations()
    assert not broken, "axe-core finds accessibility violations:\n" + "\n".join(broken)
    assert opened.axe.audits or not opened.opened, "axe-core checked the pages loaded"
