"""Test helpers for data cards: a vault with a few weeks of glucose, a card, a post with it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.forums import services
from community.forums.models import Post, Space, Thread
from community.kernel.clock import utcnow
from community.selfdata import cards, store
from community.selfdata.anonymizer import CardRequest
from community.selfdata.models import CardAudience, DataCard
from community.selfdata.records import Measurement, Profile, Sex, Symptom

# Low enough that a small test space passes the k-anonymity check; the check itself is
# the anonymizer's tests' business.
K_FOR_TESTS = 1


def fill_vault(session: Session, owner: Member, *, days: int = 30) -> None:
    """A glucose reading every few days of the last month, a symptom, and a profile."""
    store.save_profile(session, owner=owner, profile=Profile(birth_year=1981, sex=Sex.FEMALE))
    now = utcnow()
    for back in range(days, 0, -5):
        store.add_record(
            session,
            owner=owner,
            record=Measurement(
                series="glucose", at=now - timedelta(days=back), value=140 + back, unit="mg/dL"
            ),
        )
    store.add_record(
        session,
        owner=owner,
        record=Symptom(on=(now - timedelta(days=3)).date(), symptom="Fatigue", intensity=6),
    )
    session.flush()


def last_days(days: int = 90, **kwargs: Any) -> CardRequest:
    today = cards.local_today()
    kwargs.setdefault("series", ("glucose",))
    return CardRequest(start=today - timedelta(days=days), end=today, **kwargs)


def a_card(
    session: Session,
    owner: Member,
    where: Space,
    audience: CardAudience = CardAudience.MEMBERS,
) -> DataCard:
    services.join_space(session, member=owner, space=where)
    return cards.create_card(
        session, owner=owner, space=where, request=last_days(), audience=audience
    )


def post_with_card(
    session: Session,
    owner: Member,
    where: Space,
    audience: CardAudience = CardAudience.MEMBERS,
    *,
    published: bool = True,
    title: str = "Ma glycémie ce mois-ci",
) -> tuple[DataCard, Post, Thread]:
    """A thread opened by `owner` with a card joined, published (as a moderator would) or not."""
    fill_vault(session, owner)
    card = a_card(session, owner, where, audience)
    thread, post = services.start_thread(
        session, author=owner, space=where, title=title, body="Voici mes chiffres."
    )
    cards.link_card(session, owner=owner, card=card, post=post)
    if published:
        services.publish_post(session, post=post)
    session.commit()
    return card, post, thread


def form_data(request: CardRequest, space_id: int, **extra: str) -> dict[str, Any]:
    """The card form's fields for this request, as a browser sends them."""
    data: dict[str, Any] = {
        "space": str(space_id),
        "series": list(request.series),
        "start": request.start.isoformat(),
        "end": request.end.isoformat(),
    }
    for name in ("treatments", "symptoms", "labs", "keep_sex", "keep_text"):
        if getattr(request, name):
            data[name] = "y"
    data.update(extra)
    return data


def days_ago(days: int) -> date:
    return cards.local_today() - timedelta(days=days)
