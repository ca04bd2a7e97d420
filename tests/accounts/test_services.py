"""Account services used outside the account pages (admin, CLI)."""

from __future__ import annotations

import pytest

from community.accounts import services
from community.accounts.models import MemberStatus
from tests.accounts.conftest import PASSWORD


def test_authenticate_by_pseudonym_or_email(session, make_member) -> None:
    member = make_member("Camille", email="camille@exemple.fr")

    assert services.authenticate(session, login="camille", password=PASSWORD) is member
    assert services.authenticate(session, login="CAMILLE@exemple.fr", password=PASSWORD) is member
    assert services.authenticate(session, login="camille", password="wrong one") is None
    assert services.authenticate(session, login="x" * 10_000, password=PASSWORD) is None


def test_a_suspended_member_is_reactivated(session, make_member) -> None:
    member = make_member("Camille")

    services.suspend_member(session, member=member)
    assert member.is_suspended and member.is_active

    services.reactivate_member(session, member=member)
    assert member.status is MemberStatus.ACTIVE


def test_a_deleted_member_stays_deleted(session, make_member) -> None:
    member = make_member("Camille")
    member.status = MemberStatus.DELETED

    with pytest.raises(services.AccountError, match="deleted"):
        services.reactivate_member(session, member=member)
    with pytest.raises(services.AccountError, match="deleted"):
        services.suspend_member(session, member=member)


def test_only_offered_languages_can_be_chosen(session, make_member) -> None:
    member = make_member("Camille")

    services.set_locale(session, member=member, locale="en")
    assert member.locale == "en"
    with pytest.raises(services.AccountError, match="unknown_locale"):
        services.set_locale(session, member=member, locale="de")


def test_change_password_checks_the_current_one(session, make_member) -> None:
    member = make_member("Camille")

    with pytest.raises(services.AccountError, match="wrong_password"):
        services.change_password(
            session, member=member, current_password="nope", new_password="x" * 12
        )
    services.change_password(
        session, member=member, current_password=PASSWORD, new_password="x" * 12
    )
    assert services.check_password(member, "x" * 12)


def test_a_site_admin_can_be_created(session, make_member) -> None:
    admin = make_member("Gardien", is_site_admin=True)

    assert admin.is_site_admin
