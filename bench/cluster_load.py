"""The cluster rehearsal's visitors: members who write and moderators who approve, over HTTP.

Each is a thread with its own cookie jar that drives the site's real HTML forms as a
browser would (the CSRF token and the one-time submission key read from the page).
Requests go round-robin to the web hosts, like a load balancer; a connection refused or
cut (a host restarting) is tried again on the next host, the same form with the same
key, and counted apart from the answers. Answers of 500 and above are counted as such.
"""

from __future__ import annotations

import html
import itertools
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

# WTForms writes hidden fields as <input id=… name=… type="hidden" value=…>.
_FORM = re.compile(r"<form\b[^>]*>")
_INPUT = re.compile(r"<input\b[^>]*>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_POST_ANCHOR = re.compile(r"#message-(\d+)$")
_QUEUE_ITEM = '<article class="moderation-item"'
_APPROVE = re.compile(r'action="(/moderation/messages/(\d+)/approuver)"')
_NEXT = re.compile(r'<a rel="next" href="([^"]+)"')
APPROVED = "Message approuvé"
_BULK_DONE = re.compile(r"Messages traités\W+(\d+)")
# A moderator decides this share of times on several posts at once, at most BULK_SIZE.
BULK_SHARE = 0.3
BULK_SIZE = 10
# How long a visitor keeps trying the hosts before giving a request up.
RETRY_SECONDS = 30.0


def hidden_fields(page: str, action: str) -> dict[str, str]:
    """The hidden inputs of the form that posts to `action`: named so, or with no action
    (it posts to its own page, the one `page` was read from)."""
    for form in _FORM.finditer(page):
        target = dict(_ATTR.findall(form.group(0))).get("action")
        if target not in (None, action) or "post" not in form.group(0).lower():
            continue
        end = page.find("</form>", form.end())
        fields = {}
        for tag in _INPUT.findall(page[form.end() : end]):
            attrs = dict(_ATTR.findall(tag))
            if attrs.get("type") == "hidden" and "name" in attrs:
                fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
        return fields
    return {}


def letters(number: int) -> str:
    """A number as a word of letters: a search token no French text holds."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[digit] + word
        if number == 0:
            return word


@dataclass
class Sent:
    """A post acknowledged by the site (a redirect), as the load remembers it."""

    author: str
    key: str
    token: str
    kind: str  # "reply" or "thread"
    post_id: int | None  # from the redirect's anchor (a reply's)


@dataclass
class Tally:
    """What every visitor saw, added up under one lock."""

    counts: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    thread_page_ms: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, n: int = 1) -> None:
        with self.lock:
            self.counts[name] += n


class Balancer:
    """Round-robin over the hosts' base URLs, as nginx or HAProxy would: a host that refused
    a connection is left out until its /_health answers again (a host that is starting
    listens before its workers can serve); the others first, then the ones left out."""

    def __init__(self, hosts: list[str]) -> None:
        self.hosts = hosts
        self.down: set[str] = set()
        self._turn = itertools.count()
        self._stop = threading.Event()
        self._prober = threading.Thread(target=self._probe, daemon=True)
        self._prober.start()

    def order(self) -> list[str]:
        first = next(self._turn) % len(self.hosts)
        turn = self.hosts[first:] + self.hosts[:first]
        down = self.down
        return [h for h in turn if h not in down] + [h for h in turn if h in down]

    def failed(self, host: str) -> None:
        self.down = self.down | {host}

    def _probe(self) -> None:
        while not self._stop.wait(0.25):
            for host in self.down:
                try:
                    answered = httpx.get(host + "/_health", timeout=1.0).status_code in (200, 503)
                except httpx.HTTPError:
                    answered = False
                if answered:
                    self.down = self.down - {host}

    def close(self) -> None:
        self._stop.set()


class Visitor:
    """One browser: a cookie jar, a balancer, the tally."""

    def __init__(self, balancer: Balancer, tally: Tally) -> None:
        self.balancer, self.tally = balancer, tally
        # One User-Agent for the session's life: Flask-Login ties the session to it.
        self.client = httpx.Client(
            timeout=30.0, follow_redirects=False, headers={"User-Agent": "repetition/1"}
        )

    def request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        deadline = time.monotonic() + RETRY_SECONDS
        while True:
            for host in self.balancer.order():
                try:
                    response = self.client.request(method, host + path, **kwargs)  # type: ignore[arg-type]
                except httpx.TransportError:
                    self.tally.add("connection errors (retried)")
                    self.balancer.failed(host)
                    continue
                with self.tally.lock:
                    self.tally.statuses[response.status_code] += 1
                    if response.status_code >= 500:
                        self.tally.server_errors.append(f"{response.status_code} {method} {path}")
                return response
            if time.monotonic() > deadline:
                raise RuntimeError(f"no host answered {method} {path} for {RETRY_SECONDS:.0f} s")
            time.sleep(0.2)

    def login(self, pseudonym: str, password: str) -> None:
        page = self.request("GET", "/connexion").text
        fields = hidden_fields(page, "/connexion")
        data = {**fields, "login": pseudonym, "password": password}
        response = self.request("POST", "/connexion", data=data)
        if response.status_code != 302:
            raise RuntimeError(f"{pseudonym} could not log in ({response.status_code})")

    def close(self) -> None:
        self.client.close()


class Member(Visitor):
    """Reads a thread, answers it (now and then opens a thread), sometimes sends the same
    form twice, as after a dropped connection or a double click."""

    def __init__(
        self,
        number: int,
        balancer: Balancer,
        tally: Tally,
        *,
        seeded: dict,
        rng: random.Random,
        options: object,
    ) -> None:  # type: ignore[type-arg]
        super().__init__(balancer, tally)
        self.pseudonym = seeded["members"][number]
        self.password = seeded["password"]
        self.threads, self.spaces = seeded["threads"], seeded["spaces"]
        self.rng, self.options = rng, options
        # The words that find this member's posts and each post alone; the tag has a
        # fixed width, so that no post's word is also another member's.
        self.tag = "qx" + letters(number).rjust(3, "a")
        self.written = itertools.count()

    def body(self) -> tuple[str, str]:
        token = "zq" + self.tag + letters(next(self.written))
        text = (
            f"{self.tag} {token} : mon expérience du traitement cette semaine, "
            "la fatigue a diminué et le moral remonte."
        )
        return token, text

    def run(self, until: float) -> None:
        self.login(self.pseudonym, self.password)
        while time.monotonic() < until:
            if self.rng.random() < self.options.thread_share:  # type: ignore[attr-defined]
                self.open_thread()
            else:
                self.reply()
            time.sleep(self.rng.uniform(0, self.options.think))  # type: ignore[attr-defined]

    def reply(self) -> None:
        thread_id = self.rng.choice(self.threads)
        started = time.perf_counter()
        page = self.request("GET", f"/discussions/{thread_id}")
        elapsed = (time.perf_counter() - started) * 1000
        if page.status_code != 200:
            self.tally.add(f"thread page {page.status_code}")
            return
        with self.tally.lock:
            self.tally.thread_page_ms.append(elapsed)
        action = f"/discussions/{thread_id}/repondre"
        self.send("reply", action, hidden_fields(page.text, action), {})

    def open_thread(self) -> None:
        action = f"/espaces/{self.rng.choice(self.spaces)}/nouvelle-discussion"
        page = self.request("GET", action)
        if page.status_code != 200:
            self.tally.add(f"new thread page {page.status_code}")
            return
        title = f"Question {self.tag} {next(self.written)}"
        self.send("thread", action, hidden_fields(page.text, action), {"title": title})

    def send(self, kind: str, action: str, fields: dict[str, str], extra: dict[str, str]) -> None:
        if "submission" not in fields:
            self.tally.add(f"{kind} form missing")
            return
        token, text = self.body()
        data = {**fields, **extra, "body": text}
        response = self.request("POST", action, data=data)
        if response.status_code != 302:
            self.tally.add(f"{kind} refused {response.status_code}")
            return
        anchor = _POST_ANCHOR.search(response.headers.get("location", ""))
        post_id = int(anchor.group(1)) if anchor else None
        with self.tally.lock:
            self.tally.sent.append(Sent(self.pseudonym, fields["submission"], token, kind, post_id))
        self.tally.add(f"{kind} sent")
        if self.rng.random() < self.options.resend_share:  # type: ignore[attr-defined]
            again = self.request("POST", action, data=data)
            self.tally.add("forms sent twice")
            again_anchor = _POST_ANCHOR.search(again.headers.get("location", ""))
            if again.status_code != 302 or (
                post_id is not None
                and (again_anchor is None or int(again_anchor.group(1)) != post_id)
            ):
                self.tally.add("second sending not led to the first post")


class Moderator(Visitor):
    """Opens the queue, approves one of the scored posts at its top, reads the queue again."""

    def __init__(
        self, number: int, balancer: Balancer, tally: Tally, *, seeded: dict, rng: random.Random
    ) -> None:  # type: ignore[type-arg]
        super().__init__(balancer, tally)
        self.pseudonym = seeded["moderators"][number]
        # One works down the queue's page, the next up it: they meet less on one post.
        self.upwards = number % 2 == 1
        self.password = seeded["password"]
        self.rng = rng

    def run(self, until: float) -> None:
        self.login(self.pseudonym, self.password)
        page = self.request("GET", "/moderation/").text
        while time.monotonic() < until:
            choices = self.scored_items(page)
            if self.upwards:
                choices.reverse()
            if not choices:
                self.tally.add("queue pages with nothing scored")
                time.sleep(0.3)
                page = self.request("GET", "/moderation/").text
                continue
            if self.rng.random() < BULK_SHARE:
                page = self.approve_many(choices[:BULK_SIZE])
            else:
                page = self.approve_one(*self.rng.choice(choices[:10]))

    def approve_one(self, action: str, post_id: int, fields: dict[str, str]) -> str:
        response = self.request("POST", action, data=fields)
        page = self.request("GET", "/moderation/").text
        if response.status_code != 302:
            self.tally.add(f"approval refused {response.status_code}")
        elif APPROVED in page:
            self.tally.add("approvals")
        else:
            self.tally.add("approvals refused (decided by the other moderator)")
        return page

    def approve_many(self, choices: list[tuple[str, int, dict[str, str]]]) -> str:
        """The queue's bulk form: the checked posts approved at once."""
        fields = choices[0][2]
        data = {**fields, "post_ids": [str(post_id) for _a, post_id, _f in choices]}
        response = self.request("POST", "/moderation/lot", data={**data, "approve": "1"})
        page = self.request("GET", "/moderation/").text
        done = _BULK_DONE.search(page)
        if response.status_code != 302 or done is None:
            self.tally.add(f"bulk approval refused {response.status_code}")
            return page
        self.tally.add("approvals", int(done.group(1)))
        self.tally.add("bulk approvals")
        skipped = len(choices) - int(done.group(1))
        self.tally.add("approvals refused (decided by the other moderator)", skipped)
        return page

    def scored_items(self, page: str) -> list[tuple[str, int, dict[str, str]]]:
        """The approve forms of the items that show their scores."""
        found = []
        for block in page.split(_QUEUE_ITEM)[1:]:
            approve = _APPROVE.search(block)
            if approve is None or 'class="scores"' not in block:
                continue
            fields = hidden_fields(block, approve.group(1))
            found.append((approve.group(1), int(approve.group(2)), fields))
        return found


def run_visitors(
    visitors: list[Member | Moderator], until: float, tally: Tally
) -> list[threading.Thread]:
    def run(visitor: Member | Moderator) -> None:
        try:
            visitor.run(until)
        except Exception as error:
            tally.add("visitors stopped by an error")
            with tally.lock:
                tally.failures.append(f"{type(visitor).__name__}: {error}")
        finally:
            visitor.close()

    threads = [threading.Thread(target=run, args=(v,), daemon=True) for v in visitors]
    for thread in threads:
        thread.start()
    return threads
