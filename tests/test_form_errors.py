"""Every form of the site, sent empty: the page that comes back sums its errors up.

The walk sends every POST of the authorization table (tests/test_authorization.py) as
the first role allowed to, in the same World, empty or as WRONG says, and a member's
own forms as their owner. A form with something to type answers with its page, which
must say three things: a summary right after the h1, that
takes the focus (autofocus, tabindex=-1, an id to link to); a link in it to every field
shown in error; and a title that starts with "Erreur : ". A route with nothing to type
(a button, hidden values) is listed in NOTHING_TO_TYPE, so that a new form is walked as
soon as the table has its route.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.accounts.services import make_reset_token
from community.permissions import Role
from tests.conftest import rolled_back
from tests.test_authorization import CASES, OK, Frozen, World, log_in, thaw

# The World of the authorization table, built once for this module too.
from tests.test_authorization import world_app as world_app

# Who sends each form: the first of these the table lets use it (a visitor first: the
# forms open to visitors are those made for them, as registering).
FormData = dict[str, str]

SENDERS = [
    Role.ANONYMOUS,
    Role.MEMBER,
    Role.SPACE_MEMBER,
    Role.SPACE_MODERATOR,
    Role.ASSOCIATION_ADMIN,
    Role.SITE_ADMIN,
]

# Routes whose form is only a button, or hidden values the page fills in, or boxes that
# may all be left as they are: sent empty, they act, redirect, or answer that the
# request was not understood.
NOTHING_TO_TYPE = {
    "accounts.logout",
    "admin.remove_association_admin",
    "admin.remove_moderator",
    "canned.delete",
    "canned.move",
    "cards.withdraw",
    "cards.withdraw_all",
    "digests.unsubscribe",
    "drafts.delete",
    "follows.follow_space",
    "follows.follow_thread",
    "follows.stop_following_space",
    "follows.stop_following_thread",
    "forums.delete",
    "forums.join",
    "forums.leave",
    "imports.confirm",
    "imports.discard",
    "moderation.approve",
    "moderation.claim",
    "moderation.dismiss_reports",
    "moderation.release",
    "membership.invitation",
    "membership.revoke_invitation",
    "membership.withdraw",
    "mydata.ask",
    "digests.preference",  # three choices, one always ticked
    "notifications.email_preference",
    "notifications.mark_all_read",
    "notifications.mark_read",
    "notifications.open_notification",
    "policy.refit_calibration",
    "policy.remove_word",
    "policy.set_trusted",
    "reactions.react",
    "transparency.set_publication",
    "vault.delete",
}

# Forms whose every field may be left empty, or that start from what is stored: what
# makes them wrong instead.
WRONG: dict[str, FormData | Callable[[World], FormData]] = {
    "threads.edit": {"title": "", "body": "\u3164"},
    "admin.edit_space": {"texts-description": "x" * 6000},
    "vault.profile": {"birth_year": "l’an dernier"},
    "membership.ask": {"message": "x" * 1001},
    # Each request's form is prefixed with its id: the World's request, whatever its id.
    "membership.decide": lambda world: {
        f"demande-{world.join_request.id}-answer": "x" * 1001,  # type: ignore[union-attr]
        f"demande-{world.join_request.id}-refuse": "Refuser",  # type: ignore[union-attr]
    },
}

# A moderator may not answer an appeal of her own decision: the association's admin does.
SENT_BY = {"appeals.decide": Role.ASSOCIATION_ADMIN}
# Cases of the table that show no form: one's own post (nothing to report), a token that
# is no longer good (the page says so), the appeal of the suspension the World's only
# site admin decided (nobody else may answer it; the form is the one walked above).
NOT_A_FORM = {"report my own post", "reset with a bad token", "answer the appeal of a suspension"}


@dataclass(frozen=True)
class Walk:
    name: str
    endpoint: str
    url: Callable[[World], str]
    sender: Callable[[World], Member | None]
    data: FormData | Callable[[World], FormData] = field(default_factory=dict)

    def sent(self, world: World) -> FormData:
        return self.data(world) if callable(self.data) else self.data


def _walks() -> list[Walk]:
    walks = []
    for case in CASES:
        allowed = [role for role in SENDERS if case.expect[role] == OK]
        if case.method != "POST" or not allowed or case.name in NOT_A_FORM:
            continue
        role = SENT_BY.get(case.endpoint, allowed[0])
        walks.append(
            Walk(
                case.name,
                case.endpoint,
                lambda world, case=case, role=role: case.url(world, role),
                lambda world, role=role: world.members.get(role),
                WRONG.get(case.endpoint, {}),
            )
        )
    return [*walks, *WRITERS_OWN]


# The table tries these as everybody but their owner, the World's writer.
WRITERS_OWN = [
    Walk(
        "edit my record",
        "vault.edit",
        lambda world: f"/donnees/entrees/{world.vault_entry_id}/modifier",
        lambda world: world.writer,
        {"series": "weight", "date": "", "value": "soixante"},
    ),
    Walk(
        "forgotten password",
        "accounts.reset_request",
        lambda world: "/mot-de-passe-oublie",
        lambda world: None,
        {"email": "\u200b"},
    ),
    Walk(
        "a new password",
        "accounts.reset_password",
        lambda world: f"/mot-de-passe-oublie/{make_reset_token(world.writer)}",  # type: ignore[arg-type]
        lambda world: None,
        {"password": "court", "confirm": "autre"},
    ),
]


# --- what a page with errors must show ------------------------------------------------

_SUMMARY = re.compile(
    r'</h1>\s*<div class="error-summary" id="erreurs" tabindex="-1" autofocus'
    r"[^>]*>(?P<inside>.*?)</div>",
    re.S,
)
_TAG = re.compile(r"<(input|select|textarea)\b[^>]*>")
_ID = re.compile(r'\bid="([^"]+)"')


def fields_in_error(page: str) -> set[str]:
    """The ids of the inputs the page marks invalid, and of the fields whose error list
    it shows (radio groups and boxes: their first button)."""
    marked = set()
    for tag in _TAG.finditer(page):
        if 'aria-invalid="true"' in tag.group() and (found := _ID.search(tag.group())):
            marked.add(found.group(1))
    return marked


def error_lists(page: str) -> set[str]:
    """The fields whose list of errors the page shows (by their ids)."""
    return set(re.findall(r'<ul class="errors" id="([^"]+)-erreurs"', page))


def summary_problems(page: str) -> list[str]:
    """What is missing from a page that shows errors: [] when all three are there."""
    problems = []
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    if not title or not title.group(1).strip().startswith("Erreur : "):
        problems.append(f"the title does not start with « Erreur : » ({title and title.group(1)})")
    summary = _SUMMARY.search(page)
    if summary is None:
        problems.append("no error summary, focused, right after the h1")
        return problems
    links = set(re.findall(r'href="#([^"]+)"', summary.group("inside")))
    ids = set(_ID.findall(page))
    problems += [f"the summary links to #{link}, not on the page" for link in links - ids]
    problems += [f"#{field} is in error, not linked" for field in fields_in_error(page) - links]
    for listed in error_lists(page):
        if not {listed, f"{listed}-0", f"{listed}-erreurs"} & links:
            problems.append(f"the errors of {listed} are shown, not linked")
    if not re.search(r"<li>", summary.group("inside")):
        problems.append("the summary lists nothing")
    return problems


def shows_errors(page: str) -> bool:
    return bool(fields_in_error(page) or error_lists(page)) or 'class="errors' in page


# --- the walk -------------------------------------------------------------------------


@pytest.fixture
def world_template(world_app: tuple[Flask, Frozen]) -> Frozen:
    return world_app[1]


@pytest.fixture
def app(world_app: tuple[Flask, Frozen]) -> Iterator[Flask]:
    with rolled_back(world_app[0]) as application, application.app_context():
        yield application


def test_the_walk_knows_every_form() -> None:
    walked = {walk.endpoint for walk in _walks()}
    posted = {case.endpoint for case in CASES if case.method == "POST"}
    assert sorted(posted - walked - NOTHING_TO_TYPE) == [], "a form the walk never sends"
    assert sorted(NOTHING_TO_TYPE - posted) == [], "listed, but no such route any more"


@pytest.mark.parametrize("walk", _walks(), ids=lambda walk: f"{walk.endpoint} ({walk.name})")
def test_a_form_sent_wrong_sums_up_its_errors(
    walk: Walk, world_template: Frozen, app: Flask, client: FlaskClient, session: Session
) -> None:
    world = thaw(session, world_template)
    if (sender := walk.sender(world)) is not None:
        log_in(client, sender)
    response = client.post(walk.url(world), data=walk.sent(world))
    page = response.get_data(as_text=True)

    assert response.status_code < 500
    if walk.endpoint in NOTHING_TO_TYPE:
        # Nothing to get wrong; but should it ever show a field's error, it is summed up.
        assert not shows_errors(page) or summary_problems(page) == []
        return
    assert response.status_code in (200, 400), f"{walk.endpoint}: {response.status_code}"
    assert shows_errors(page), f"{walk.endpoint} sent wrong shows no error"
    assert summary_problems(page) == []


def test_the_summary_speaks_english_too(
    world_template: Frozen, app: Flask, client: FlaskClient, session: Session
) -> None:
    client.set_cookie("lang", "en")
    page = client.post("/inscription", data={}).get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title and title.group(1).startswith("Error: ")
    assert "The form has 6 errors" in page
    assert '<a href="#pseudonym">Pseudonym: ' in page


def test_a_search_the_engine_refuses_is_summed_up_like_a_form(
    world_template: Frozen, app: Flask, client: FlaskClient
) -> None:
    too_long = client.get("/recherche", query_string={"q": "insuline " * 40})
    page = too_long.get_data(as_text=True)
    assert too_long.status_code == 400
    assert summary_problems(page) == []
    assert '<a href="#q">Mots à chercher : Votre recherche est trop longue' in page


def test_a_page_without_errors_has_no_summary(
    world_template: Frozen, app: Flask, client: FlaskClient
) -> None:
    page = client.get("/inscription").get_data(as_text=True)
    assert "error-summary" not in page and "Erreur :" not in page


def test_the_checks_fail_on_a_page_that_misses_them() -> None:
    """The checks above can fail: a field in error, no summary, the plain title."""
    page = (
        "<title>Créer un compte</title><h1>Créer un compte</h1>"
        '<input aria-invalid="true" id="email" name="email">'
    )
    assert len(summary_problems(page)) == 2
    linked_elsewhere = page.replace("<title>Créer", "<title>Erreur : Créer").replace(
        "</h1>",
        '</h1><div class="error-summary" id="erreurs" tabindex="-1" autofocus>'
        '<ul><li><a href="#mail">Adresse : invalide</a></li></ul></div>',
    )
    assert summary_problems(linked_elsewhere) == [
        "the summary links to #mail, not on the page",
        "#email is in error, not linked",
    ]
