"""Which pseudonyms a post names with an "@", read from the text its readers see."""

from __future__ import annotations

from community.accounts.pseudonyms import pseudonym_key
from community.forums.rendering import render_markdown
from community.notifications.mentions import MAX_MENTIONS, candidate_keys, mentions_in, named


def _named(markdown: str, *members: str) -> set[str]:
    """The members (among `members`) the post written as `markdown` names."""
    mentions = mentions_in(render_markdown(markdown))
    keys = named(mentions, {pseudonym_key(m) for m in members})
    return {m for m in members if pseudonym_key(m) in keys}


def test_a_pseudonym_after_an_at_is_named_whatever_its_case_and_accents():
    assert _named("Merci @camille_t1 et @HELENE-horizon !", "Camille_T1", "Hélène-Horizon") == {
        "Camille_T1",
        "Hélène-Horizon",
    }


def test_a_pseudonym_with_spaces_is_named_by_its_longest_match():
    members = ("Dre Aubrac", "Dre")
    assert _named("Demandez à @Dre Aubrac, elle sait.", *members) == {"Dre Aubrac"}
    assert _named("Demandez à @Dre, elle sait.", *members) == {"Dre"}


def test_the_words_after_a_pseudonym_do_not_stop_it_being_named():
    assert _named("@Lucas.Glyc merci pour le lien.", "Lucas.Glyc") == {"Lucas.Glyc"}


def test_an_email_address_names_nobody():
    assert _named("Écrivez à lea@example.org", "example") == set()
    assert mentions_in(render_markdown("contact: lea@example.org")) == []


def test_quotes_code_and_links_name_nobody():
    text = "> @Lea a dit\n\n`@Lea`\n\n    @Lea en bloc\n\n[@Lea](https://exemple.fr)"
    assert _named(text, "Lea") == set()


def test_half_a_word_is_no_pseudonym():
    assert _named("@Camillette bonjour", "Camille") == set()


def test_a_post_full_of_ats_is_read_up_to_a_bound():
    text = " ".join(f"@membre{n}" for n in range(MAX_MENTIONS * 3))
    mentions = mentions_in(render_markdown(text))
    assert len(mentions) == MAX_MENTIONS
    assert len(candidate_keys(mentions)) <= MAX_MENTIONS * 30
