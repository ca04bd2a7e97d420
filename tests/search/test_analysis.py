"""A patient types without accents, in the plural, in lower case: search still finds it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from community.search import analysis
from community.search.backend import IndexedPost, QueryError, SearchQuery
from community.search.text import language_of, plain_text
from community.search.whoosh_backend import WhooshBackend

SPACE = 1


def found(engine: WhooshBackend, text: str) -> list[int]:
    return list(engine.search(SearchQuery(text, frozenset({SPACE}))).post_ids)


@pytest.fixture
def engine(tmp_path: Path) -> WhooshBackend:
    posts = [
        ("Le diabète au quotidien", "Mon diabète est apparu à douze ans.", "fr"),
        ("", "Quel traitement prenez-vous le soir ?", "fr"),
        ("", "Mon Insuline lente me convient bien.", "fr"),
        ("", "Trois hypoglycémie cette semaine, après le sport.", "fr"),
        ("", "My insulin injection hurts less in the belly than in the arm.", "en"),
        ("", "Je me pique au ventre, c'est moins douloureux.", "fr"),
    ]
    engine = WhooshBackend(tmp_path / "ix")
    engine.rebuild(
        IndexedPost(
            post_id=number,
            thread_id=number,
            space_id=SPACE,
            title=title,
            body=body,
            author="camille",
            published_at=datetime(2026, 1, number),
            language=language,
        )
        for number, (title, body, language) in enumerate(posts, start=1)
    )
    return engine


@pytest.mark.parametrize(
    ("typed", "post_id"),
    [
        ("diabete", 1),  # without accents
        ("DIABÈTE", 1),
        ("traitements", 2),  # plural of the singular in the post
        ("insuline", 3),  # lower case of "Insuline"
        ("hypoglycemies", 4),  # plural and no accents of "hypoglycémie"
        ("douloureux ventre", 6),
    ],
)
def test_french_words_meet_whatever_the_accents_plurals_and_case(
    engine: WhooshBackend, typed: str, post_id: int
) -> None:
    assert post_id in found(engine, typed)


def test_an_english_post_is_stemmed_in_english(engine: WhooshBackend) -> None:
    assert found(engine, "injections") == [5]
    assert found(engine, "bellies") == [5]


def test_french_stop_words_alone_cannot_be_searched(engine: WhooshBackend) -> None:
    for typed in ("le de la", "les des à", "et a été", "the of and"):
        with pytest.raises(QueryError) as refused:
            engine.search(SearchQuery(typed, frozenset({SPACE})))
        assert refused.value.code == "stop_words"


def test_stop_words_do_not_stop_the_other_words(engine: WhooshBackend) -> None:
    assert found(engine, "le traitement du soir") == [2]


def test_a_typing_mistake_is_forgiven_once_nothing_matches_exactly(
    engine: WhooshBackend,
) -> None:
    page = engine.search(SearchQuery("insulline", frozenset({SPACE})))
    assert 3 in page.post_ids
    assert page.loosened


def test_all_the_words_first_then_any_of_them(engine: WhooshBackend) -> None:
    both = engine.search(SearchQuery("diabète quotidien", frozenset({SPACE})))
    assert (list(both.post_ids), both.loosened) == ([1], False)
    either = engine.search(SearchQuery("quotidien ventre", frozenset({SPACE})))
    assert (sorted(either.post_ids), either.loosened) == ([1, 6], True)


def test_the_french_analyzer_folds_accents_before_stemming() -> None:
    analyzer = analysis.french_analyzer()
    for forms in (
        ("diabète", "diabete", "diabètes", "Diabète"),
        ("nausées", "nausee", "Nausée"),
        ("traitements", "traitement", "traiter"),
        ("médecins", "medecin"),
    ):
        assert len({token.text for form in forms for token in analyzer(form)}) == 1, forms


def test_plain_text_drops_markup_and_decodes_entities() -> None:
    html = "<p>Le dia<em>bète</em> &amp; l&#39;insuline</p><ul><li>un</li><li>deux</li></ul>"
    assert plain_text(html) == "Le diabète & l'insuline un deux"
    assert plain_text("<pre><code>x &lt;script&gt;</code></pre>") == "x <script>"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Comment gérez-vous l'insuline au sport ?", "fr"),
        ("How do you manage your insulin before sport?", "en"),
        ("insuline", "fr"),
        ("Je suis sous pompe depuis un an, the best", "fr"),
    ],
)
def test_the_language_of_a_post(text: str, language: str) -> None:
    assert language_of(text) == language
