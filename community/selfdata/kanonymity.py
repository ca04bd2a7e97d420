"""k-anonymity for a data card: the age band and sex it shows, shared by k members or widened.

The ladder: (10-year band, sex if kept) → (20-year band, sex) → (10-year, no sex) →
(20-year, no sex) → the condition alone, counted over every member of the space → refusal.
A minor is "under 18" and never narrower; a member without a birth year shows no age.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_babel import gettext as _

from community.selfdata.records import Profile

MINOR = (0, 17)


def _age(profile: Profile, today: date) -> int | None:
    if profile.birth_year is None:
        return None
    age = today.year - profile.birth_year
    return age if 0 <= age <= 130 else None


def age_band(age: int, width: int) -> tuple[int, int]:
    """[40, 49] for 43 and 10 years, [40, 59] for 20; a minor is "under 18", never narrower."""
    if age < 18:
        return MINOR
    low = age // width * width
    return low, low + width - 1


def band_label(band: tuple[int, int]) -> str:
    """The band as members read it: "40–49 ans", or "moins de 18 ans" for a minor."""
    if band == MINOR:
        return _("moins de 18 ans")
    return _("%(low)s–%(high)s ans", low=band[0], high=band[1])


def _shares(
    population: Sequence[Profile], today: date, band: tuple[int, int] | None, sex: str | None
) -> int:
    count = 0
    for other in population:
        age = _age(other, today)
        if band is not None and (age is None or not band[0] <= age <= band[1]):
            continue
        if sex is not None and (other.sex is None or str(other.sex) != sex):
            continue
        count += 1
    return count


def generalize(
    profile: Profile,
    population: Sequence[Profile],
    space_members: int,
    *,
    keep_sex: bool,
    k: int,
    today: date,
) -> tuple[tuple[int, int] | None, str | None, list[str]] | str:
    """(age band, sex, what was coarsened) shared by at least k members, or a refusal."""
    age = _age(profile, today)
    sex = str(profile.sex) if keep_sex and profile.sex is not None else None
    ladder: list[tuple[tuple[int, int] | None, str | None]] = []
    for with_sex in [sex, None] if sex else [None]:
        if age is None:
            ladder.append((None, with_sex))
            continue
        for width in (10, 20):
            step = (age_band(age, width), with_sex)
            if step not in ladder:
                ladder.append(step)
    for band, shown_sex in ladder:
        if _shares(population, today, band, shown_sex) >= k:
            return band, shown_sex, _coarsening(age, sex, band, shown_sex, k)
    if space_members >= k:
        return None, None, _coarsening(age, sex, None, None, k)
    return _(
        "Cet espace compte moins de %(k)s membres : une carte de données permettrait de "
        "vous reconnaître. Elle ne peut pas être créée ici.",
        k=k,
    )


def _coarsening(
    age: int | None,
    sex: str | None,
    band: tuple[int, int] | None,
    shown_sex: str | None,
    k: int,
) -> list[str]:
    notes = []
    if sex is not None and shown_sex is None:
        notes.append(
            _(
                "Moins de %(k)s membres de cet espace ont votre tranche d’âge et votre sexe : "
                "nous n’affichons pas votre sexe.",
                k=k,
            )
            if age is not None
            else _(
                "Moins de %(k)s membres de cet espace ont votre sexe : nous ne l’affichons pas.",
                k=k,
            )
        )
    if age is not None and band is None:
        notes.append(
            _(
                "Moins de %(k)s membres de cet espace ont votre tranche d’âge, même élargie : "
                "nous n’affichons pas votre âge.",
                k=k,
            )
        )
    elif age is not None and band is not None and band != age_band(age, 10):
        notes.append(
            _(
                "Moins de %(k)s membres de cet espace ont votre tranche d’âge : nous affichons "
                "une tranche plus large (%(band)s).",
                k=k,
                band=band_label(band),
            )
        )
    return notes
