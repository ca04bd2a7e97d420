"""Tried only where a word begins with its letters, a pattern finds exactly what a search
through the whole post finds: the detectors are faster, never different."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from community.moderation.model.corpus import load_corpus
from community.textscan import scan
from community.textscan.anchors import anchors, begins_word
from community.textscan.matching import all_matches, matches_where, starts_word, word_matches
from community.textscan.normalize import fold

PATTERNS = [
    r"(?:stopped|quit|come\s{1,3}off)\s{1,3}(?:my|the)\s{1,3}insulin",
    r"(?:vous\s{1,3})?(?:me\s{1,3})?comprendrez\b",
    r"j(?:\s?'\s?|\s{1,2})?ai\s{1,3}(?:tout\s{1,3})?prevu",
    r"(?<!\w)(?:je\s{1,3}|j')?(?:veux|voudrais)\s{1,3}mourir",
    r"\b(?:gueri\w{0,3}|guerison)\b",
    r"(?<![\w-])(?:plantes?|tisanes?|huiles?)(?![\w])",
    r"(?:pont|falaise)\b|\d{1,2}e\s{1,3}etage",  # a way in by a number
    r"(?:j'en\s{1,3}ai\s{1,3})?\d{2,3}\s{1,3}(?:cachets|pills)",
    r"\s?'s\s{1,3}away",  # a way in by a space: searched as before
    r"(?<![\w])[a-z0-9][a-z0-9-]{2,24}\s{0,3}:\s{0,3}-?\d{1,2}\s?%",  # any word or number
    r"(?:would|[a-z]{1,9}'?d)\s{1,3}be\s{1,3}better",
    r"a+b",
    r"(?:c(?:\s?'\s?|\s{1,2})?est|cest)\s{1,3}fini",
]
TEXTS = [
    "J'ai tout prévu. Je veux mourir, j' ai prévu, jai prevu, jaiprevu.",
    "Vous me comprendrez, me comprendrez, comprendrez-vous ? incomprendrez",
    "I stopped my insulin; she quit   the insulin, come off my insulin, unstopped my insulin",
    "guéri, guerison, guérie, aguerri, 12e étage, le pont, pontage",
    "plantes, tisane-maison, sous-plantes, huile, huiles_essentielles",
    "j'en ai 30 cachets, 45 pills, a30 cachets, 1230 cachets, ٣٠ cachets, x 's away, 's away",
    "SANTE20 : -20 %, sante20:15%, 2sante : 5 %, é-code: 10%, they'd be better, would be better",
    "aaab ab b aab a b c'est fini, c est fini, cest fini, c'estfini",
    "",
    "je " * 300,
]


def _folded_texts() -> list[str]:
    return [fold(text).folded for text in TEXTS]


@pytest.mark.parametrize("source", PATTERNS)
def test_a_pattern_tried_at_its_words_matches_as_a_search_does(source):
    pattern = re.compile(source)
    for text in _folded_texts():
        searched = [m.span() for m in matches_where(pattern, text, starts_word)]
        assert [m.span() for m in word_matches(pattern, text)] == searched


@pytest.mark.parametrize("source", PATTERNS)
def test_a_pattern_that_begins_a_word_finds_what_finditer_finds(source):
    pattern = re.compile(source)
    for text in _folded_texts():
        assert [m.span() for m in all_matches(pattern, text)] == [
            m.span() for m in pattern.finditer(text)
        ]


def test_the_letters_a_match_begins_with_are_read_off_the_pattern():
    prefixes, words = anchors(re.compile(r"(?:vous\s)?(?:me\s)?comprendrez\b"))
    # "vous" and "me" are whole words (a space follows); "comprendrez" may go on.
    assert words == {"vous", "me"}
    assert prefixes == {"comprendrez"}
    _prefixes, words = anchors(re.compile(r"j(?:\s?'\s?|\s{1,2})?ai"))
    assert "j" in words and "jai" in _prefixes
    # Nothing sure: a digit, a class of letters, something optional and nothing after.
    # A number where a word starts is a way in of its own ("0": no word is).
    assert anchors(re.compile(r"(?:je\s)?\d{2,3}\s{1,3}now")) == (frozenset(), {"je", "0"})
    # A class of letters and digits: any word or number of the text (the empty prefix).
    assert anchors(re.compile(r"[a-z]{1,9}d")) == (frozenset({""}), frozenset())
    assert anchors(re.compile(r"[a-zA-Z]d")) is None
    assert anchors(re.compile(r"\s?'s")) is None
    assert anchors(re.compile(r"(?:le\s)?")) is None
    assert anchors(re.compile(r"(?i)mourir")) is None


def test_only_a_pattern_that_says_so_is_taken_to_begin_a_word():
    assert begins_word(re.compile(r"\b(?:foo|bar)"))
    assert begins_word(re.compile(r"(?<![\w-])foo"))
    assert not begins_word(re.compile(r"(?:\bfoo|bar)"))
    assert not begins_word(re.compile(r"(?<![^\w])foo"))
    assert not begins_word(re.compile(r"(?<!\d)foo"))


def test_every_pattern_of_the_detectors_matches_as_a_search_does_on_real_posts():
    # The detectors' own patterns, met while scanning posts of the corpus, compared on
    # those posts with the plain search and finditer they replace.
    from community.textscan.anchors import _REGISTRY, _begins

    posts = [example.text for example in load_corpus()[::97]]
    texts = [fold(post).folded for post in posts]
    for post in posts:
        scan(post)
    patterns = [pattern for pattern, number in _REGISTRY._ids.values() if number is not None]
    assert len(patterns) > 200
    for pattern in patterns:
        for text in texts:
            assert [m.span() for m in word_matches(pattern, text)] == [
                m.span() for m in matches_where(pattern, text, starts_word)
            ], pattern.pattern[:80]
    for pattern, begins in _begins.values():
        if begins:
            for text in texts:
                assert [m.span() for m in all_matches(pattern, text)] == [
                    m.span() for m in pattern.finditer(text)
                ], pattern.pattern[:80]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "je",
                "j'",
                "ai",
                "veux",
                "mourir",
                "vous",
                "me",
                "comprendrez",
                " ",
                "  ",
                "'",
                ",",
                ".",
                "-",
                "_",
                "2",
                "30",
                "٣",
                "stopped",
                "my",
                "insulin",
                "gueri",
                "e",
                "a",
                "b",
                "cachets",
                "en",
                "d",
                "be",
                "better",
                "would",
                ":",
                "%",
                "É",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_any_text_gets_the_same_matches(text):
    for source in PATTERNS:
        pattern = re.compile(source)
        assert [m.span() for m in word_matches(pattern, text)] == [
            m.span() for m in matches_where(pattern, text, starts_word)
        ]
        assert [m.span() for m in all_matches(pattern, text)] == [
            m.span() for m in pattern.finditer(text)
        ]


def test_the_worker_and_a_page_scanning_at_once_find_what_each_finds_alone():
    from concurrent.futures import ThreadPoolExecutor

    posts = [example.text for example in load_corpus()[5::211]]
    alone = [scan(post)[1] for post in posts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda post: scan(post)[1], posts * 4))
    assert together == alone * 4
