"""The model reads a post as its reader sees it: Markdown's marks out, disguised words kept."""

from __future__ import annotations

import pytest

from community.textscan.markup import plain


@pytest.mark.parametrize(
    ("source", "seen"),
    [
        ("**Tu n’as pas à tout porter seul.**", "Tu n’as pas à tout porter seul."),
        ("Qu’auriez-vous aimé savoir **avant** ?", "Qu’auriez-vous aimé savoir avant ?"),
        ("un _petit_ mot et __un autre__", "un petit mot et un autre"),
        ("# Mon parcours\n> citation\n- un point", "Mon parcours\ncitation\nun point"),
        ("voir [le site](https://www.ameli.fr)", "voir le site (https://www.ameli.fr)"),
        ("***les deux***", "les deux"),
    ],
)
def test_markdown_marks_are_taken_out(source, seen):
    assert plain(source) == seen


@pytest.mark.parametrize("text", ["espèce de p*te", "f**k you", "5*3 = 15", "mon_pseudo", "2 * 3"])
def test_stars_and_underscores_inside_words_stay(text):
    assert plain(text) == text


def test_a_hostile_post_of_stars_is_read_without_hanging():
    assert plain("*a" * 50_000) is not None
    assert plain("**" * 50_000) is not None
