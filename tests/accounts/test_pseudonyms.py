"""What may be a pseudonym, and which pseudonyms a reader could confuse."""

from __future__ import annotations

import pytest

from community.accounts.pseudonyms import pseudonym_key, pseudonym_problem


@pytest.mark.parametrize(
    "pseudonym", ["Camille", "Jean-Paul", "Zoé 75", "O’Neil", "李小龙", "Ωμέγα"]
)
def test_ordinary_pseudonyms_are_accepted(pseudonym: str) -> None:
    assert pseudonym_problem(pseudonym) is None


@pytest.mark.parametrize(
    ("pseudonym", "problem"),
    [
        ("ab", "length"),
        ("a" * 31, "length"),
        ("-camille", "characters"),
        ("camille@exemple.fr", "characters"),
        ("<script>", "characters"),
        ("ca\u200bmille", "characters"),
        # Letters to Unicode, blank to the eye: Hangul fillers, alone or beside letters.
        ("\u3164\u3164\u3164", "invisible"),
        ("\u3164 \u3164", "invisible"),
        ("Camille\u3164", "invisible"),
        ("\u115f\u1160Léa", "invisible"),
        ("Zo\uffa0é", "invisible"),
        ("Еlodie", "mixed_scripts"),  # a Cyrillic Е
        ("Admin", "reserved"),
        ("Modératrice-Sud", "reserved"),
        ("Equipe", "reserved"),
    ],
)
def test_refused_pseudonyms_say_why(pseudonym: str, problem: str) -> None:
    assert pseudonym_problem(pseudonym) == problem


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Elodie", "élodie"),
        ("Elodie", "E1odie"),
        ("Elodie", "Еlodie"),
        ("jean-paul", "Jean_Paul"),
        ("marie", "rnarie"),
        ("william", "vvilliam"),
        ("Oscar", "0scar"),
    ],
)
def test_look_alikes_share_a_key(first: str, second: str) -> None:
    assert pseudonym_key(first) == pseudonym_key(second)


def test_different_pseudonyms_keep_different_keys() -> None:
    assert pseudonym_key("Camille") != pseudonym_key("Camilla")
    assert pseudonym_problem("Modou") is None  # a name, not "modo"
