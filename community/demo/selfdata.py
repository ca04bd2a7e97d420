"""The demo's self data: vaults for a few members, and data cards linked to their posts.

Everything goes through the self-data services, as a member's clicks would: records into
the sealed store, cards through the anonymizer with its k-anonymity check, views through
the access log. Values are generated from one seeded generator, so every machine shows
the same curves.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from community.accounts.models import Member
from community.demo.cast import Cast
from community.forums import services as forums
from community.forums.models import Post, Thread
from community.permissions import Role
from community.selfdata import access_log, cards, store
from community.selfdata.anonymizer import CardRequest
from community.selfdata.models import CardAudience, DataCard
from community.selfdata.records import (
    Measurement,
    Profile,
    Record,
    Sex,
    Symptom,
    Treatment,
)

SEED = 2027
VAULT_DAYS = 90

# Birth years and sexes of the members of two spaces: enough of them share an age band
# for a card to show it, too few share band and sex, so the anonymizer drops the sex.
PROFILES = {
    "Camille_T1": (1991, Sex.FEMALE),
    "Lucas.Glyc": (1988, Sex.MALE),
    "Inès": (1994, Sex.FEMALE),
    "Théo-rando": (1990, Sex.MALE),
    "Bastien": (1993, Sex.MALE),
    "Sandrine44": (1982, Sex.FEMALE),
    "PapaDeLéo": (1985, Sex.MALE),
    "Lila": (1996, Sex.FEMALE),
    "Nadia_endo": (1993, Sex.FEMALE),
    "Solène": (1989, Sex.FEMALE),
    "Chloé.M": (1998, Sex.FEMALE),
    "Océane": (1995, Sex.FEMALE),
}

CAMILLE_POST = (
    "Depuis que je fais du vélo le matin, j’ai baissé ma basale de 20 % les jours de "
    "sport, avec l’accord de ma diabétologue. J’ai joint ma glycémie des trois derniers "
    "mois : les hypos de fin de matinée ont presque disparu. Ce n’est que mon expérience, "
    "mais si ça peut aider quelqu’un à en parler avec son équipe…"
)
LUCAS_POST = (
    "Voici mes glycémies depuis le passage à la pompe, pour ceux qui hésitent. La "
    "première semaine a été compliquée, puis ça s’est stabilisé. Des questions bienvenues !"
)
LILA_POST = (
    "J’ai tenu un carnet de douleur pendant trois mois, en notant aussi la fatigue. On "
    "voit bien les pics chaque mois. Je le partage seulement avec les modératrices pour "
    "avoir leur avis avant d’en parler plus largement."
)
INES_POST = (
    "J’avais joint ma courbe de glycémie ici, je l’ai retirée depuis : je préfère en "
    "parler sans chiffres."
)


@dataclass(frozen=True)
class SelfDataSummary:
    vaults: int
    records: int
    cards: int  # still linked, whatever the state of their post
    views: int
    published_posts: int  # the posts that carry (or carried) a card
    pending_posts: int


def _glucose_day(rng: random.Random, day: int) -> list[tuple[int, float]]:
    """Three readings a day (hour, mg/dL), slowly improving over the period."""
    drift = 25 * math.exp(-day / 40)
    return [
        (hour, round(max(55.0, rng.gauss(base + drift, 22)), 0))
        for hour, base in ((7, 125), (12, 150), (19, 140))
    ]


def _fill_diabetes_vault(
    session: Session, rng: random.Random, member: Member, start: datetime
) -> int:
    count = 0
    for day in range(VAULT_DAYS):
        for hour, value in _glucose_day(rng, day):
            at = start + timedelta(days=day, hours=hour)
            store.add_record(
                session,
                owner=member,
                record=Measurement(series="glucose", at=at, value=value, unit="mg/dL"),
            )
            count += 1
        if day % 7 == 0:
            weight = round(rng.gauss(64, 0.6), 1)
            record = Measurement(
                series="weight", at=start + timedelta(days=day, hours=6), value=weight, unit="kg"
            )
            store.add_record(session, owner=member, record=record)
            count += 1
    for day, value in ((0, 7.6), (VAULT_DAYS - 2, 7.1)):
        record = Measurement(
            series="hba1c", at=start + timedelta(days=day, hours=9), value=value, unit="%"
        )
        store.add_record(session, owner=member, record=record)
        count += 1
    first = start.date()
    others: tuple[Record, ...] = (
        Treatment(
            name="Insuline glargine", start=first - timedelta(days=400), dose="18 UI le soir"
        ),
        Treatment(name="Insuline asparte", start=first - timedelta(days=400), dose="selon repas"),
        Symptom(on=first + timedelta(days=12), symptom="Hypoglycémie", intensity=6),
        Symptom(on=first + timedelta(days=30), symptom="Hypoglycémie", intensity=4),
    )
    for other in others:
        store.add_record(session, owner=member, record=other)
        count += 1
    return count


def _fill_pain_vault(session: Session, rng: random.Random, member: Member, start: datetime) -> int:
    count = 0
    for day in range(VAULT_DAYS):
        cycle = day % 28
        pain = 7 + rng.randint(0, 2) if cycle < 4 else max(0, 2 + rng.randint(-2, 1))
        record = Measurement(
            series="pain", at=start + timedelta(days=day, hours=20), value=pain, unit="/10"
        )
        store.add_record(session, owner=member, record=record)
        count += 1
        if cycle in (0, 2):
            symptom = Symptom(
                on=(start + timedelta(days=day)).date(),
                symptom="Fatigue",
                intensity=min(10, pain),
                note="Journée au lit, appelé le 06 12 34 56 78 pour décaler un rendez-vous.",
            )
            store.add_record(session, owner=member, record=symptom)
            count += 1
    treatment = Treatment(name="Dienogest", start=(start - timedelta(days=200)).date())
    store.add_record(session, owner=member, record=treatment)
    return count + 1


def _post_with_card(
    session: Session,
    *,
    author: Member,
    thread: Thread,
    body: str,
    request: CardRequest,
    audience: CardAudience,
    publish: bool,
) -> tuple[Post, DataCard]:
    card = cards.create_card(
        session, owner=author, space=thread.space, request=request, audience=audience
    )
    post = forums.reply(session, author=author, thread=thread, body=body)
    cards.link_card(session, owner=author, card=card, post=post)
    if publish:
        forums.publish_post(session, post=post)
    return post, card


def seed_self_data(session: Session, *, cast: Cast, now: datetime) -> SelfDataSummary:
    rng = random.Random(SEED)
    people = cast.people
    for pseudonym, (year, sex) in PROFILES.items():
        store.save_profile(session, owner=people[pseudonym], profile=Profile(year, sex))
    start = (now - timedelta(days=VAULT_DAYS)).replace(hour=0, minute=0, second=0, microsecond=0)
    records = 0
    for pseudonym in ("Camille_T1", "Lucas.Glyc", "Inès"):
        records += _fill_diabetes_vault(session, rng, people[pseudonym], start)
    records += _fill_pain_vault(session, rng, people["Lila"], start)

    today = now.date()
    period = (today - timedelta(days=VAULT_DAYS), today)
    glucose = CardRequest(series=("glucose",), start=period[0], end=period[1], keep_sex=True)
    t1 = cast.threads["diabete-type-1"]
    endo = cast.threads["endometriose"]

    # Camille's card, approved: other members of the space see it, and she sees who did.
    camille = people["Camille_T1"]
    _post, card = _post_with_card(
        session,
        author=camille,
        thread=t1[0],
        body=CAMILLE_POST,
        request=CardRequest(
            series=("glucose", "hba1c"), start=period[0], end=period[1], treatments=True
        ),
        audience=CardAudience.MEMBERS,
        publish=True,
    )
    views = 0
    for viewer, role in (
        (people["Lucas.Glyc"], Role.SPACE_MEMBER),
        (people["Théo-rando"], Role.SPACE_MEMBER),
        (cast.staff["diabete-type-1"][0], Role.SPACE_MODERATOR),
    ):
        access_log.record_view(session, card=card, viewer=viewer, role=role)
        views += 1

    # Lucas's card waits with his post in the moderators' queue.
    _post_with_card(
        session,
        author=people["Lucas.Glyc"],
        thread=t1[1],
        body=LUCAS_POST,
        request=glucose,
        audience=CardAudience.MEMBERS,
        publish=False,
    )
    # Lila's pain diary, for the moderators only.
    _post_with_card(
        session,
        author=people["Lila"],
        thread=endo[0],
        body=LILA_POST,
        request=CardRequest(
            series=("pain",), start=period[0], end=period[1], symptoms=True, keep_sex=True
        ),
        audience=CardAudience.MODERATORS,
        publish=True,
    )
    # Inès withdrew hers: the post says so, the snapshot is gone.
    ines = people["Inès"]
    _post, withdrawn = _post_with_card(
        session,
        author=ines,
        thread=t1[2],
        body=INES_POST,
        request=glucose,
        audience=CardAudience.MEMBERS,
        publish=True,
    )
    access_log.record_view(session, card=withdrawn, viewer=camille, role=Role.SPACE_MEMBER)
    cards.withdraw_card(session, owner=ines, card=withdrawn)
    return SelfDataSummary(
        vaults=4, records=records, cards=3, views=views + 1, published_posts=3, pending_posts=1
    )
