"""Log in to our forum on loopback through its own log-in form; print a Cookie header for wrk.

Usage: python bench/login.py BASE_URL LOGIN PASSWORD [ALT_LOGIN]

Stdlib only; refuses any host other than 127.0.0.1 / localhost / ::1. Reads the log-in
form at /connexion (its hidden inputs, the CSRF token among them), fills the pseudonym
or e-mail field and the password, leaves "remember me" off, and posts it. If the first
login is refused and ALT_LOGIN is given (the e-mail), it tries once more with it (the
route is rate limited, two tries are well under the limit). Exits non-zero unless the
page reached afterwards shows the logged-in header ("Se déconnecter").

No User-Agent header is sent, like wrk: Flask-Login's session protection ties the
session to the address and user agent, so the cookie must be made by a client that
looks like the one replaying it.
"""

from __future__ import annotations

import http.cookiejar
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

LOGGED_IN_MARK = "Se déconnecter"


class FormParser(HTMLParser):
    """Collects the forms of a page: action, method and inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = {"action": a.get("action", ""), "method": a.get("method", "get"),
                             "inputs": []}
            self.forms.append(self._current)
        elif tag in ("input", "button") and self._current is not None:
            self._current["inputs"].append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def login_form(html: str) -> dict:
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if any(i.get("type") == "password" for i in form["inputs"]):
            return form
    sys.exit("login.py: no form with a password field on the log-in page")


def fill(form: dict, login: str, password: str) -> dict[str, str]:
    data: dict[str, str] = {}
    login_filled = False
    for field in form["inputs"]:
        name, kind = field.get("name"), field.get("type", "text").lower()
        if not name:
            continue
        if kind == "hidden":
            data[name] = field.get("value", "")
        elif kind == "password":
            data[name] = password
        elif kind in ("text", "email") and not login_filled:
            data[name] = login
            login_filled = True
        # checkboxes (remember me) stay unchecked; submit buttons carry nothing needed
    if not login_filled:
        sys.exit(f"login.py: no pseudonym/e-mail field in the log-in form: {form['inputs']}")
    if "csrf_token" not in data:
        sys.exit("login.py: no csrf_token in the log-in form")
    return data


def main() -> int:
    base, login, password = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    alternatives = [login, *sys.argv[4:5]]
    host = urllib.parse.urlsplit(base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"login.py: refusing non-loopback host {host!r}")

    for attempt in alternatives:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.addheaders = []  # no User-Agent, like wrk (see the module docstring)
        page_url = base + "/connexion"
        html = opener.open(page_url, timeout=20).read().decode("utf-8", "replace")
        form = login_form(html)
        action = urllib.parse.urljoin(page_url, form["action"] or page_url)
        body = urllib.parse.urlencode(fill(form, attempt, password)).encode()
        try:
            resp = opener.open(action, data=body, timeout=20)
            page = resp.read().decode("utf-8", "replace")
            landed = resp.geturl()
        except urllib.error.HTTPError as err:
            page, landed = err.read().decode("utf-8", "replace"), f"{action} ({err.code})"
        if LOGGED_IN_MARK in page:
            print("; ".join(f"{c.name}={c.value}" for c in jar))
            return 0
        print(f"login.py: login as {attempt!r} failed (landed on {landed})", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
